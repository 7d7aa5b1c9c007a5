// A growable byte buffer that always keeps simdjson::SIMDJSON_PADDING readable bytes
// after its contents, so simdjson can parse any sub-range of it in place
// (parser.parse(ptr, len, /*realloc_if_needed=*/false)) without a copy.
//
// Contract: data()[0, size()) is the content; data()[size(), size() +
// simdjson::SIMDJSON_PADDING) is always allocated, and zeroed by seal(). Growth keeps the
// content. Unlike std::vector/std::string, growing never zero-fills: a reader
// fills the spare room directly (read(2), inflate), so no byte is touched twice.
// One buffer per worker is reused across files, so steady state allocates nothing.
#pragma once

#include <simdjson.h>

#include <cstdlib>
#include <cstring>
#include <memory>
#include <new>

namespace trailhound::ingest {

class PaddedBuffer {
 public:
  PaddedBuffer() = default;
  PaddedBuffer(const PaddedBuffer&) = delete;
  PaddedBuffer& operator=(const PaddedBuffer&) = delete;

  char* data() { return data_.get(); }
  const char* data() const { return data_.get(); }
  size_t size() const { return size_; }
  size_t capacity() const { return capacity_; }
  bool empty() const { return size_ == 0; }

  void clear() { size_ = 0; }
  // Ensures room for `n` content bytes in total (plus padding).
  void reserve(size_t n) {
    if (n <= capacity_ && data_) return;
    size_t cap = capacity_ < 4096 ? 4096 : capacity_;
    while (cap < n) cap += cap / 2 + 1;
    char* p = static_cast<char*>(std::malloc(cap + simdjson::SIMDJSON_PADDING));
    if (p == nullptr) throw std::bad_alloc();  // caught at the reader boundary
    if (size_ != 0) std::memcpy(p, data_.get(), size_);
    data_.reset(p);
    capacity_ = cap;
  }
  // Writable room after the content, growing if less than `min_spare`.
  char* spare(size_t min_spare) {
    reserve(size_ + min_spare);
    return data_.get() + size_;
  }
  size_t spare_size() const { return capacity_ - size_; }
  // Marks `n` bytes written into spare() as content.
  void commit(size_t n) { size_ += n; }
  void assign(const char* p, size_t n) {
    clear();
    std::memcpy(spare(n), p, n);
    commit(n);
  }
  // Zeroes the padding: simdjson does not need it, but it keeps every byte it
  // may read defined (sanitizers, determinism).
  void seal() {
    reserve(size_);
    std::memset(data_.get() + size_, 0, simdjson::SIMDJSON_PADDING);
  }

 private:
  struct Free {
    void operator()(char* p) const { std::free(p); }
  };
  std::unique_ptr<char, Free> data_;
  size_t size_ = 0;
  size_t capacity_ = 0;
};

}  // namespace trailhound::ingest
