// Runs independent pieces of work on a few threads.
//
// Why: a hunt's start-up (reading rule files, preparing their queries) is a
// list of independent steps that grows with the rule set; on the machine's
// cores it takes a fraction of the time.
//
// Contract:
// - parallel_for(n, threads, f) calls f(i) once for every i in [0, n), on at
//   most `threads` threads (the caller's among them; 0 counts as 1), in no
//   particular order, and returns when every call has returned.
// - f must not throw (an exception escaping a helper thread ends the
//   process); callers catch inside f and keep the outcome per index.
// - A helper thread the system refuses to start is done without: the
//   others take its share (at worst the caller's thread does it all).
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <system_error>
#include <thread>
#include <vector>

namespace trailhound {

template <class F>
void parallel_for(size_t n, unsigned threads, F&& f) {
  const size_t helpers = std::min<size_t>(threads > 1 ? threads - 1 : 0, n > 0 ? n - 1 : 0);
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i; (i = next.fetch_add(1, std::memory_order_relaxed)) < n;) f(i);
  };
  std::vector<std::thread> pool;
  pool.reserve(helpers);
  for (size_t t = 0; t < helpers; ++t) {
    try {
      pool.emplace_back(work);
    } catch (const std::system_error&) {
      break;
    }
  }
  work();
  for (std::thread& t : pool) t.join();
}

}  // namespace trailhound
