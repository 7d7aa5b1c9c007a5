// Gzip decompression (isa-l igzip), chosen by content: a buffer is gzip when it
// starts with the magic bytes 1f 8b, whatever the file is called.
//
// Contract:
// - inflate() appends the decompressed bytes of every member of a multi-member
//   gzip stream (as `cat a.gz b.gz` or some S3 exporters produce) to `out`.
//   Trailing zero bytes after the last member (tape/tar padding) are ignored.
// - On damage (truncated stream, corrupt deflate data, bad CRC, trailing
//   garbage) it returns a ParseError whose message gives the compressed and the
//   uncompressed offset of the damage, and `out` still holds every byte decoded
//   before it, so the caller can deliver the records that are complete.
//   `*truncated` is set when the input simply ended early (the last record in
//   `out` is then expected to be cut).
// - One inflater per thread; it owns isa-l's ~200 KB state and reuses it.
//   The input is taken whole but decoded in bounded steps (at most 1 GiB per
//   isa-l call), so a stream larger than 4 GiB works; feeding input in pieces
//   is a later extension of the same loop.
#pragma once

#include <cstdint>
#include <memory>
#include <span>

#include "common/status.h"
#include "ingest/padded_buffer.h"

struct inflate_state;

namespace trailhound::ingest {

inline bool is_gzip(const char* data, size_t size) {
  return size >= 2 && static_cast<uint8_t>(data[0]) == 0x1f &&
         static_cast<uint8_t>(data[1]) == 0x8b;
}

class GzipInflater {
 public:
  GzipInflater();
  ~GzipInflater();
  GzipInflater(const GzipInflater&) = delete;
  GzipInflater& operator=(const GzipInflater&) = delete;

  Status inflate(std::span<const uint8_t> in, PaddedBuffer& out, bool* truncated);

 private:
  std::unique_ptr<inflate_state> state_;
};

}  // namespace trailhound::ingest
