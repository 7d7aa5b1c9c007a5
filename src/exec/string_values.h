// The values of a string-backed column, their bytes kept in a few large
// blocks instead of one heap string each.
//
// Why: a batch holds thousands of short strings per column (ARNs, event
// names, agents); one allocation (and one free) per value was a large part of
// building batches and of copying rows between them.
//
// Contract:
// - A sequence of byte strings, read as std::string_view. push_back() copies
//   the bytes in; a view stays valid (same address, same bytes) until the
//   value is removed or replaced (erase, clear, set(), assignment,
//   destruction of this object; a set() that compacts moves every value) —
//   never invalidated by later push_back() calls or by moving the object.
// - Each value owns its bytes (set() may overwrite them in place).
// - Copying copies the values (the copy owns its bytes, packed).
// - views() exposes the views for reordering in place (sorting a row's
//   multi-values): elements may be permuted or erased, nothing else (a copy
//   of one element over another would make two values share bytes).
#pragma once

#include <cstddef>
#include <memory>
#include <string_view>
#include <vector>

namespace trailhound {

class StringValues {
 public:
  using const_iterator = std::vector<std::string_view>::const_iterator;

  StringValues() = default;
  StringValues(const StringValues& other) { append_all(other); }
  StringValues& operator=(const StringValues& other) {
    if (this != &other) {
      clear();
      append_all(other);
    }
    return *this;
  }
  StringValues(StringValues&& other) noexcept { swap(other); }
  StringValues& operator=(StringValues&& other) noexcept {
    if (this != &other) {
      clear();
      swap(other);
    }
    return *this;
  }
  void swap(StringValues& other) noexcept;

  size_t size() const { return views_.size(); }
  bool empty() const { return views_.empty(); }
  // const: `values[i] = v` would assign a temporary; set() replaces a value.
  const std::string_view operator[](size_t i) const { return views_[i]; }
  const std::string_view back() const { return views_.back(); }
  const_iterator begin() const { return views_.begin(); }
  const_iterator end() const { return views_.end(); }

  void push_back(std::string_view v) { views_.push_back(v.empty() ? std::string_view() : store(v)); }
  void reserve(size_t n) { views_.reserve(n); }
  // Replaces value i: in place when it fits, else the bytes are stored anew
  // (what that leaves unused is reclaimed once it outweighs the live bytes).
  void set(size_t i, std::string_view v);
  void clear();
  std::vector<std::string_view>& views() { return views_; }
  // Bytes of the blocks held (what the values cost, with what is unused).
  size_t allocated_bytes() const { return allocated_; }
  // About the bytes the values take (allocated, less free and replaced; a
  // block's unused tail and erased values still count): for sizing the next
  // batch, not for accounting.
  size_t used_bytes() const { return allocated_ - left_ - unused_; }
  // Room for `bytes` more bytes of values in one block.
  void reserve_bytes(size_t bytes);

 private:
  std::string_view store(std::string_view v);
  void append_all(const StringValues& other);

  std::vector<std::string_view> views_;
  std::vector<std::unique_ptr<char[]>> blocks_;
  char* free_ = nullptr;  // unused bytes of the last block
  size_t left_ = 0;
  size_t next_block_ = 0;  // size of the next block to allocate
  size_t unused_ = 0;      // bytes of replaced values
  size_t allocated_ = 0;   // bytes of all blocks
};

}  // namespace trailhound
