// read_floor — the plain-JSON floor for trailhound's benchmarks: read every file
// under the given paths and look at each byte once (memchr for '\n', counting
// lines), nothing else. Any JSON tool must at least do this much, so its MB/s
// bounds what a hunt over plain files can reach on this machine. Files are
// handed out whole to --threads workers.
//
// usage: read_floor [--threads N] PATH...
// prints: files=F bytes=B lines=L seconds=S MBps=X
#include <fcntl.h>
#include <unistd.h>

#include "floor_tool.h"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

namespace fs = std::filesystem;

int main(int argc, char** argv) {
  const floor_tool::Args args = floor_tool::parse_args(argc, argv, [](const fs::path&) { return true; });
  const std::vector<std::string>& files = args.files;
  if (files.empty()) {
    std::fprintf(stderr, "usage: read_floor [--threads N] PATH...\n");
    return 2;
  }
  std::atomic<size_t> next{0};
  std::atomic<uint64_t> bytes{0}, lines{0};
  std::atomic<bool> failed{false};
  const auto t0 = std::chrono::steady_clock::now();
  auto work = [&] {
    std::vector<char> buf(4 << 20);
    for (size_t i; (i = next.fetch_add(1)) < files.size();) {
      const int fd = open(files[i].c_str(), O_RDONLY);
      if (fd < 0) {
        std::perror(files[i].c_str());
        failed = true;
        continue;
      }
      uint64_t b = 0, l = 0;
      for (ssize_t n; (n = read(fd, buf.data(), buf.size())) > 0;) {
        b += static_cast<uint64_t>(n);
        for (const char *p = buf.data(), *end = p + n; (p = static_cast<const char*>(std::memchr(p, '\n', end - p))); ++p) ++l;
      }
      close(fd);
      bytes += b;
      lines += l;
    }
  };
  floor_tool::run_on_threads(args.threads, work);
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf("files=%zu bytes=%llu lines=%llu seconds=%.3f MBps=%.1f\n", files.size(),
              (unsigned long long)bytes.load(), (unsigned long long)lines.load(), s, bytes.load() / 1e6 / s);
  return failed ? 1 : 0;
}
