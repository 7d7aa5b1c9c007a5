// parallel_for (common/parallel_for.h): every index once, whatever the
// thread count, and on more than one thread when asked.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "common/parallel_for.h"

namespace trailhound {
namespace {

TEST(ParallelFor, CallsEveryIndexOnce) {
  for (unsigned threads : {0u, 1u, 2u, 8u}) {
    for (size_t n : {size_t{0}, size_t{1}, size_t{5}, size_t{1000}}) {
      std::vector<std::atomic<int>> calls(n);
      parallel_for(n, threads, [&](size_t i) { calls[i].fetch_add(1); });
      for (size_t i = 0; i < n; ++i) EXPECT_EQ(calls[i].load(), 1) << "index " << i << " of " << n << ", " << threads << " threads";
    }
  }
}

TEST(ParallelFor, UsesTheThreadsItIsGiven) {
  // The first calls wait (up to 10 s) for a second call to begin: with two
  // threads one begins, on the other thread, whatever the scheduling.
  std::mutex mu;
  std::condition_variable cv;
  std::set<std::thread::id> seen;
  int begun = 0;
  parallel_for(8, 2, [&](size_t) {
    std::unique_lock lock(mu);
    seen.insert(std::this_thread::get_id());
    ++begun;
    cv.notify_all();
    cv.wait_for(lock, std::chrono::seconds(10), [&] { return begun >= 2; });
  });
  EXPECT_EQ(seen.size(), 2u);
}

}  // namespace
}  // namespace trailhound
