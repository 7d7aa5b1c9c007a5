// isal_inflate — the gzip ceiling for trailhound's benchmarks: read every *.gz file
// under the given paths and inflate it with isa-l (igzip), discarding the output.
// No JSON work at all, so its MB/s is the most any gzip hunt can reach on this
// machine. Work is handed out whole files at a time to --threads workers, as
// trailhound's reader does.
//
// usage: isal_inflate [--threads N] PATH...
// prints: files=F compressed_bytes=C json_bytes=U seconds=S MBps_json=X
#include <isa-l/igzip_lib.h>

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
  const floor_tool::Args args =
      floor_tool::parse_args(argc, argv, [](const fs::path& p) { return p.extension() == ".gz"; });
  const std::vector<std::string>& files = args.files;
  if (files.empty()) {
    std::fprintf(stderr, "usage: isal_inflate [--threads N] PATH...\n");
    return 2;
  }
  std::atomic<size_t> next{0};
  std::atomic<uint64_t> in_total{0}, out_total{0};
  std::atomic<bool> failed{false};
  auto t0 = std::chrono::steady_clock::now();
  auto work = [&] {
    std::vector<uint8_t> in, out(1 << 20);
    inflate_state st;
    for (size_t i; (i = next.fetch_add(1)) < files.size();) {
      FILE* f = std::fopen(files[i].c_str(), "rb");
      if (!f) { std::perror(files[i].c_str()); failed = true; continue; }
      std::fseek(f, 0, SEEK_END);
      long n = std::ftell(f);
      std::fseek(f, 0, SEEK_SET);
      in.resize(size_t(n));
      if (std::fread(in.data(), 1, in.size(), f) != in.size()) { failed = true; }
      std::fclose(f);
      isal_inflate_init(&st);
      st.crc_flag = ISAL_GZIP;
      st.next_in = in.data();
      st.avail_in = uint32_t(in.size());
      uint64_t produced = 0;
      while (true) {
        st.next_out = out.data();
        st.avail_out = uint32_t(out.size());
        int rc = isal_inflate(&st);
        produced += out.size() - st.avail_out;
        if (rc != ISAL_DECOMP_OK) { std::fprintf(stderr, "%s: isal_inflate error %d\n", files[i].c_str(), rc); failed = true; break; }
        if (st.block_state == ISAL_BLOCK_FINISH) break;
        if (st.avail_in == 0 && st.avail_out != 0) { std::fprintf(stderr, "%s: truncated\n", files[i].c_str()); failed = true; break; }
      }
      in_total += in.size();
      out_total += produced;
    }
  };
  floor_tool::run_on_threads(args.threads, work);
  double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf("files=%zu compressed_bytes=%llu json_bytes=%llu seconds=%.3f MBps_json=%.1f\n", files.size(),
              (unsigned long long)in_total.load(), (unsigned long long)out_total.load(), s,
              out_total.load() / 1e6 / s);
  return failed ? 1 : 0;
}
