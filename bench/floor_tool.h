// What the bench's floor tools (isal_inflate, read_floor) share: their command
// line `[--threads N] PATH...` (directories walked for the files `take`
// accepts) and running one work loop on N threads, the caller's included.
#pragma once

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <string>
#include <thread>
#include <vector>

namespace floor_tool {

struct Args {
  int threads = 1;
  std::vector<std::string> files;
};

inline Args parse_args(int argc, char** argv, const std::function<bool(const std::filesystem::path&)>& take) {
  Args a;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--threads" && i + 1 < argc) {
      a.threads = std::max(1, std::atoi(argv[++i]));
    } else if (std::filesystem::is_directory(arg)) {
      for (auto& e : std::filesystem::recursive_directory_iterator(arg))
        if (e.is_regular_file() && take(e.path())) a.files.push_back(e.path().string());
    } else {
      a.files.push_back(arg);
    }
  }
  return a;
}

inline void run_on_threads(int threads, const std::function<void()>& work) {
  std::vector<std::thread> pool;
  for (int t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
}

}  // namespace floor_tool
