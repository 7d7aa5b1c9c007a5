// The AVX2 + CLMUL container scan (container_scan.h); this file alone is
// compiled with -mavx2 -mpclmul and runs only where the CPU has both.
#include <immintrin.h>

#include <cstdint>

#include "ingest/container_scan.h"

namespace trailhound::ingest {

namespace {

#include "ingest/container_scan_kernel.inc"

// Bit i of the result: bits 0..i of x XORed (carry-less multiply by all ones).
uint64_t prefix_xor(uint64_t x) {
  const __m128i r = _mm_clmulepi64_si128(_mm_set_epi64x(0, static_cast<int64_t>(x)), _mm_set1_epi8(-1), 0);
  return static_cast<uint64_t>(_mm_cvtsi128_si64(r));
}

Masks classify(const char* p) {
  const __m256i q = _mm256_set1_epi8('"'), bs = _mm256_set1_epi8('\\'), bit5 = _mm256_set1_epi8(0x20);
  const __m256i open = _mm256_set1_epi8('{'), close = _mm256_set1_epi8('}');
  Masks m{0, 0, 0};
  for (int k = 0; k < 2; ++k) {
    const __m256i v = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + 32 * k));
    const __m256i folded = _mm256_or_si256(v, bit5);  // '[' ']' -> '{' '}'
    const auto bits = [&](__m256i x) {
      return static_cast<uint64_t>(static_cast<uint32_t>(_mm256_movemask_epi8(x))) << (32 * k);
    };
    m.quote |= bits(_mm256_cmpeq_epi8(v, q));
    m.backslash |= bits(_mm256_cmpeq_epi8(v, bs));
    m.bracket |= bits(_mm256_or_si256(_mm256_cmpeq_epi8(folded, open), _mm256_cmpeq_epi8(folded, close)));
  }
  return m;
}

}  // namespace

namespace detail {
size_t scan_container_avx2(const char* d, size_t n, size_t s) { return scan_container(d, n, s); }
}  // namespace detail

}  // namespace trailhound::ingest
