// Hashing of byte strings for the engine's hash tables.
//
// hash_bytes(s): a 64-bit hash of every byte of `s`, inline; mix64(x): a 64-bit
// finalizer whose every output bit depends on every input bit. Why not
// std::hash: STATS hashes a keyword value per row and per aggregate (VALUES
// and COUNT_DISTINCT keep a dictionary each, GROUP BY keys), and the values
// are short (event names, ARNs, account ids, regions); libstdc++'s hash is an
// out-of-line call that mixes a byte at a time at the end. This one reads the
// string in 16-byte steps and its last bytes with one overlapping load, and
// ends with a full avalanche, so that any bit of the result — power-of-two
// tables use the low ones — depends on every input byte. Not for adversarial
// input (tables here use it with linear probing bounded by their load).
//
// StringViewHash: a transparent hash for string-keyed unordered containers,
// so that they can be searched with a std::string_view (no std::string made
// per look-up): std::unordered_map<std::string, V, StringViewHash, std::equal_to<>>.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "common/string_words.h"

namespace trailhound {


// MurmurHash3's 64-bit finalizer: every output bit depends on every input bit.
inline uint64_t mix64(uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ULL;
  x ^= x >> 33;
  return x;
}

inline uint64_t hash_bytes(std::string_view s) {
  constexpr uint64_t kMul = 0x9E3779B97F4A7C15ULL;
  const char* p = s.data();
  size_t n = s.size();
  uint64_t h = n * kMul;
  while (n > 16) {
    // Two words per step, each multiplied in (a multiply spreads a word's
    // bits upward; the rotation brings the high half back down).
    h = (h ^ load_u64(p)) * kMul;
    h = ((h << 29) | (h >> 35)) ^ (load_u64(p + 8) * 0xC2B2AE3D27D4EB4FULL);
    p += 16;
    n -= 16;
  }
  uint64_t a = 0, b = 0;  // the last 1-16 bytes (loads may overlap)
  if (n >= 8) {
    a = load_u64(p);
    b = load_u64(p + n - 8);
  } else if (n >= 4) {
    a = load_u32(p);
    b = load_u32(p + n - 4);
  } else if (n > 0) {
    a = static_cast<unsigned char>(p[0]) | uint64_t{static_cast<unsigned char>(p[n / 2])} << 8 |
        uint64_t{static_cast<unsigned char>(p[n - 1])} << 16;
  }
  h = (h ^ a) * kMul;
  h = ((h << 31) | (h >> 33)) ^ b;
  return mix64(h);
}

struct StringViewHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return static_cast<size_t>(hash_bytes(s)); }
};

}  // namespace trailhound
