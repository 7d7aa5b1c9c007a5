#include "ingest/gzip_inflater.h"

#include <isa-l/igzip_lib.h>

#include <algorithm>
#include <string>

namespace trailhound::ingest {
namespace {

constexpr size_t kMaxStep = size_t{1} << 30;  // isa-l counts in uint32_t

const char* isal_error_name(int rc) {
  switch (rc) {
    case ISAL_INVALID_BLOCK: return "invalid deflate block";
    case ISAL_INVALID_SYMBOL: return "invalid deflate symbol";
    case ISAL_INVALID_LOOKBACK: return "invalid back-reference distance";
    case ISAL_INVALID_WRAPPER: return "invalid gzip header";
    case ISAL_UNSUPPORTED_METHOD: return "unsupported compression method";
    case ISAL_INCORRECT_CHECKSUM: return "CRC mismatch";
    case ISAL_NEED_DICT: return "preset dictionary required";
    default: return "decompression failed";
  }
}

Status damage(const std::string& what, uint64_t compressed, uint64_t uncompressed) {
  return Status::parse_error("gzip: " + what + " at compressed offset " +
                             std::to_string(compressed) + ", uncompressed offset " +
                             std::to_string(uncompressed));
}

}  // namespace

GzipInflater::GzipInflater() : state_(std::make_unique<inflate_state>()) {
  isal_inflate_init(state_.get());
}

GzipInflater::~GzipInflater() = default;

Status GzipInflater::inflate(std::span<const uint8_t> in, PaddedBuffer& out, bool* truncated) {
  *truncated = false;
  inflate_state* st = state_.get();
  const size_t base_out = out.size();
  size_t pos = 0;  // input consumed by finished members and completed steps
  // Single-member files record their size mod 2^32 in the last 4 bytes; a
  // good first guess avoids regrowing (and re-copying) the output.
  if (in.size() >= 18) {
    const uint8_t* t = in.data() + in.size() - 4;
    uint32_t isize = uint32_t(t[0]) | uint32_t(t[1]) << 8 | uint32_t(t[2]) << 16 |
                     uint32_t(t[3]) << 24;
    size_t guess = std::max<size_t>(isize, in.size() * 4);
    out.reserve(out.size() + std::min(guess, in.size() * 1100 + 65536));
  }

  for (;;) {  // one iteration per gzip member
    isal_inflate_reset(st);
    st->crc_flag = ISAL_GZIP;
    st->avail_in = 0;  // (re)feed from the member start below
    size_t fed_end = pos;  // input handed to isa-l so far
    for (;;) {
      if (st->avail_in == 0 && fed_end < in.size()) {
        size_t n = std::min(kMaxStep, in.size() - fed_end);
        st->next_in = const_cast<uint8_t*>(in.data() + fed_end);
        st->avail_in = static_cast<uint32_t>(n);
        fed_end += n;
      }
      if (out.spare_size() < 65536) out.reserve(out.capacity() + out.capacity() / 2 + 65536);
      size_t room = std::min(kMaxStep, out.spare_size());
      uint8_t* dst = reinterpret_cast<uint8_t*>(out.spare(1));
      st->next_out = dst;
      st->avail_out = static_cast<uint32_t>(room);
      const uint32_t avail_in_before = st->avail_in;
      int rc = isal_inflate(st);
      const size_t produced = static_cast<size_t>(st->next_out - dst);
      out.commit(produced);
      const uint64_t consumed = fed_end - st->avail_in;
      if (rc == ISAL_DECOMP_OK && produced == 0 && st->avail_in == avail_in_before &&
          st->avail_in != 0 && st->block_state != ISAL_BLOCK_FINISH) {
        rc = ISAL_INVALID_BLOCK;  // no progress: never spin on a state we do not expect
      }
      if (rc < 0) {
        out.seal();
        return damage(isal_error_name(rc), consumed, out.size() - base_out);
      }
      if (st->block_state == ISAL_BLOCK_FINISH) {
        pos = consumed;
        break;
      }
      if (st->avail_in == 0 && fed_end == in.size() && st->avail_out != 0) {
        // isa-l wanted more input than there is: the stream was cut short.
        out.seal();
        *truncated = true;
        return damage("stream truncated (unexpected end of file)", in.size(),
                      out.size() - base_out);
      }
    }
    if (pos >= in.size()) break;
    if (is_gzip(reinterpret_cast<const char*>(in.data() + pos), in.size() - pos)) continue;
    if (std::all_of(in.begin() + pos, in.end(), [](uint8_t b) { return b == 0; })) break;
    out.seal();
    return damage("trailing data after gzip stream", pos, out.size() - base_out);
  }
  out.seal();
  return Status::ok_status();
}

}  // namespace trailhound::ingest
