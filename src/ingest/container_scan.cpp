#include "ingest/container_scan.h"

#include <emmintrin.h>

#include <cstdint>

namespace trailhound::ingest {

namespace detail {
size_t scan_container_avx2(const char* d, size_t n, size_t s);  // container_scan_avx2.cpp
}

namespace {

#include "ingest/container_scan_kernel.inc"

uint64_t prefix_xor(uint64_t x) {
  x ^= x << 1;
  x ^= x << 2;
  x ^= x << 4;
  x ^= x << 8;
  x ^= x << 16;
  x ^= x << 32;
  return x;
}

// '[' and ']' are '{' and '}' without bit 5: one OR finds all four brackets
// with two comparisons (no other byte ORs to either).
Masks classify(const char* p) {
  const __m128i q = _mm_set1_epi8('"'), bs = _mm_set1_epi8('\\'), bit5 = _mm_set1_epi8(0x20);
  const __m128i open = _mm_set1_epi8('{'), close = _mm_set1_epi8('}');
  Masks m{0, 0, 0};
  for (int k = 0; k < 4; ++k) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * k));
    const __m128i folded = _mm_or_si128(v, bit5);
    const auto bits = [&](__m128i x) {
      return static_cast<uint64_t>(static_cast<uint32_t>(_mm_movemask_epi8(x))) << (16 * k);
    };
    m.quote |= bits(_mm_cmpeq_epi8(v, q));
    m.backslash |= bits(_mm_cmpeq_epi8(v, bs));
    m.bracket |= bits(_mm_or_si128(_mm_cmpeq_epi8(folded, open), _mm_cmpeq_epi8(folded, close)));
  }
  return m;
}

}  // namespace

ContainerScanKernel container_scan_kernel() {
  static const ContainerScanKernel kernel = container_scan_kernels().back().scan;  // the widest
  return kernel;
}

size_t find_container_end(const char* d, size_t n, size_t s) { return container_scan_kernel()(d, n, s); }

std::vector<NamedContainerScanKernel> container_scan_kernels() {
  __builtin_cpu_init();
  std::vector<NamedContainerScanKernel> k{{"sse2", scan_container}};
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("pclmul"))
    k.push_back({"avx2", detail::scan_container_avx2});
  return k;
}

}  // namespace trailhound::ingest
