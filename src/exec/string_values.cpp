#include "exec/string_values.h"

#include <algorithm>
#include <cstring>

namespace trailhound {

namespace {
// Blocks double from 4 kB to 256 kB: a small column costs one small block, a
// full batch column a handful of large ones.
constexpr size_t kFirstBlock = size_t{4} << 10;
constexpr size_t kLargestBlock = size_t{256} << 10;
}  // namespace

std::string_view StringValues::store(std::string_view v) {
  if (v.size() > left_) {
    if (next_block_ == 0) next_block_ = kFirstBlock;
    const size_t size = std::max(next_block_, v.size());
    blocks_.push_back(std::make_unique_for_overwrite<char[]>(size));
    free_ = blocks_.back().get();
    left_ = size;
    allocated_ += size;
    next_block_ = std::min(next_block_ * 2, kLargestBlock);
  }
  std::memcpy(free_, v.data(), v.size());
  const std::string_view stored(free_, v.size());
  free_ += v.size();
  left_ -= v.size();
  return stored;
}

void StringValues::reserve_bytes(size_t bytes) {
  if (bytes <= left_) return;
  blocks_.push_back(std::make_unique_for_overwrite<char[]>(bytes));
  free_ = blocks_.back().get();
  left_ = bytes;
  allocated_ += bytes;
}

void StringValues::append_all(const StringValues& other) {
  size_t bytes = 0;
  for (std::string_view v : other.views_) bytes += v.size();
  views_.reserve(views_.size() + other.views_.size());
  reserve_bytes(bytes);  // one block for all of them
  for (std::string_view v : other.views_) push_back(v);
}

void StringValues::set(size_t i, std::string_view v) {
  std::string_view& old = views_[i];
  if (v.size() <= old.size()) {
    // The bytes are this value's own: overwrite them.
    if (!v.empty()) std::memmove(const_cast<char*>(old.data()), v.data(), v.size());
    unused_ += old.size() - v.size();
    old = std::string_view(old.data(), v.size());
    return;
  }
  unused_ += old.size();
  old = store(v);
  if (unused_ > (size_t{64} << 10) && 2 * unused_ > allocated_) {
    // Compact: copy the live values into fresh blocks.
    StringValues packed(*this);
    *this = std::move(packed);
  }
}

void StringValues::swap(StringValues& other) noexcept {
  views_.swap(other.views_);
  blocks_.swap(other.blocks_);
  std::swap(free_, other.free_);
  std::swap(left_, other.left_);
  std::swap(next_block_, other.next_block_);
  std::swap(unused_, other.unused_);
  std::swap(allocated_, other.allocated_);
}

void StringValues::clear() {
  views_.clear();
  blocks_.clear();
  free_ = nullptr;
  left_ = 0;
  next_block_ = 0;
  unused_ = 0;
  allocated_ = 0;
}

}  // namespace trailhound
