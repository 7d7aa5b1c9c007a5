// Bytes of text read as 64-bit little-endian words, at any alignment.
//
// load_u64 / load_u32: 8 / 4 bytes at p (the caller guarantees they exist).
//
// end_words(s): the first and last (up to) 8 bytes of `s` as words; a string
// shorter than 8 bytes is both words, its unused high bytes zero. With the
// length, they are what names are told apart by where their ends differ —
// record keys ("eventName" / "eventType"), event names, quoted value tokens —
// two loads whatever the length. hash_end_words() mixes them (and a seed)
// into 64 bits whose low bits depend on every input bit. Both are constexpr
// so that tables of known names can be built at compile time.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <type_traits>

namespace trailhound {

static_assert(std::endian::native == std::endian::little, "words are read as little-endian loads");

inline uint64_t load_u64(const char* p) {
  uint64_t v;
  std::memcpy(&v, p, 8);
  return v;
}
inline uint64_t load_u32(const char* p) {
  uint32_t v;
  std::memcpy(&v, p, 4);
  return v;
}

struct EndWords {
  uint64_t head = 0, tail = 0;
};

constexpr EndWords end_words(std::string_view s) {
  EndWords w;
  if (!std::is_constant_evaluated() && s.size() >= 8) {
    w.head = load_u64(s.data());
    w.tail = load_u64(s.data() + s.size() - 8);
    return w;
  }
  const size_t n = s.size() < 8 ? s.size() : 8;
  for (size_t i = 0; i < n; ++i) {
    w.head |= uint64_t{static_cast<unsigned char>(s[i])} << (8 * i);
    w.tail |= uint64_t{static_cast<unsigned char>(s[s.size() - n + i])} << (8 * i);
  }
  return w;
}

// Two multiplies and a finalizer.
constexpr uint64_t hash_end_words(const EndWords& w, size_t size, uint64_t seed = 0) {
  uint64_t h = (w.head ^ seed ^ size) * 0x9E3779B97F4A7C15ULL;
  const uint64_t t = w.tail * 0xC2B2AE3D27D4EB4FULL;
  h ^= (t << 31) | (t >> 33);
  h ^= h >> 33;  // every bit of both words reaches the low bits
  h *= 0xff51afd7ed558ccdULL;
  return h ^ (h >> 33);
}

}  // namespace trailhound
