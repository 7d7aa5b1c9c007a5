// Finding where a JSON object or array ends, 64 bytes at a time.
//
// Why: the record splitter must find every record's extent before anything
// else looks at it; this scan is the first touch of every byte of a hunt's
// input, so it is written for the widest vector unit the machine has.
//
// Contract:
// - find_container_end(d, n, s) for d[s] == '{' or '[': the offset one past
//   the bracket that closes it, matching brackets by kind outside strings (a
//   closer of the wrong kind is garbage inside the value and does not close
//   anything); string bodies are skipped, a quote escaped by an odd run of
//   backslashes does not end a string. npos when the text ends first.
//   kContainerScanFallback when the fast scan does not apply (a backslash
//   outside a string: malformed input, whose byte-wise rules differ; or
//   nesting deeper than kContainerScanMaxDepth): the caller scans byte-wise.
// - `d` must be readable up to 63 bytes past n (padded input).
// - The kernel is chosen once per process (AVX2 + CLMUL when the CPU has
//   them, SSE2 otherwise: the widest); container_scan_kernels() lists every
//   kernel this machine can run, narrowest first, for tests.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

namespace trailhound::ingest {

inline constexpr size_t kContainerScanFallback = std::string_view::npos - 1;
inline constexpr size_t kContainerScanMaxDepth = 256;

using ContainerScanKernel = size_t (*)(const char* d, size_t n, size_t s);

size_t find_container_end(const char* d, size_t n, size_t s);
// The kernel find_container_end() runs, for callers that keep it (no
// dispatch per call).
ContainerScanKernel container_scan_kernel();

struct NamedContainerScanKernel {
  const char* name;
  ContainerScanKernel scan;
};
std::vector<NamedContainerScanKernel> container_scan_kernels();

}  // namespace trailhound::ingest
