// Reads a whole file (or stdin) into a PaddedBuffer.
//
// Contract: on success the buffer holds exactly the file's bytes and is sealed;
// on failure it returns an IoError whose message names the path and the OS
// reason. Never throws except std::bad_alloc.
#pragma once

#include <memory>
#include <string>

#include "common/status.h"
#include "ingest/padded_buffer.h"

namespace trailhound::ingest {

Status read_file(const std::string& path, PaddedBuffer& out);
// Reads file descriptor `fd` to EOF (used for stdin, fd 0).
Status read_fd(int fd, const std::string& name, PaddedBuffer& out);

// A regular file mapped read-only, followed by SIMDJSON_PADDING readable zero
// bytes (the tail of the mapping is anonymous memory), so records can be parsed
// in place like in a sealed PaddedBuffer, without copying the file.
//
// Why: a large plain file read() into a buffer costs a copy and keeps the whole
// file resident (RSS = file size). Mapped, its pages are page-cache pages that
// release() drops from this process once every reader has passed them, so RSS
// stays at a few MB per worker however large the file. Pages dropped and read
// again (an error path rescanning lines) are simply faulted in again.
// A file truncated by someone else while mapped loses its pages past the new
// end; touching one raises SIGBUS, which a handler this class installs turns
// into a page of zeros and a mark (lost_pages()), so the hunt goes on and can
// say so. Only large plain files (IngestOptions::split_min_bytes) are mapped.
class MappedFile {
 public:
  // Maps `path` if it is a regular, non-empty file of at least `min_size` bytes;
  // returns null (not an error) otherwise or when mapping fails — the caller
  // then reads the file the ordinary way, which reports any error.
  static std::unique_ptr<MappedFile> open(const std::string& path, size_t min_size);
  ~MappedFile();
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;

  const char* data() const { return base_; }
  size_t size() const { return size_; }
  // Drops the pages wholly inside [begin, end) from this process.
  void release(size_t begin, size_t end) const;
  // Maps the pages of [begin, end) in now, in one call, instead of one page
  // fault per few pages as the reader touches them (Linux >= 5.14; a no-op
  // where unsupported).
  void populate(size_t begin, size_t end) const;
  // True once a page was found lost (the file shrank while mapped): the bytes
  // past the file's new end read as zeros.
  bool lost_pages() const;

 private:
  MappedFile() = default;
  char* base_ = nullptr;
  size_t size_ = 0;
  size_t map_size_ = 0;
  int guard_slot_ = -1;  // in the SIGBUS guard's registry
};

}  // namespace trailhound::ingest
