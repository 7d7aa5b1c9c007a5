// Small blocks of 64-bit words for many short, growing lists (the per-group
// value lists of DistinctValueSets): carved from fixed-size segments and
// recycled through one free list per capacity. A block costs exactly its
// words — no heap allocation (with its header and rounding) per list, and no
// single big array whose reallocation would briefly double the memory.
//
// Contract: allocate(capacity) returns the offset of a block of `capacity`
// words (a power of two in [2, kMaxCapacity], contents unspecified); at(offset)
// is its first word, valid until release(offset, capacity), after which the
// block may be handed out again. Memory is never returned before destruction.
#pragma once

#include <algorithm>
#include <bit>
#include <cstdint>
#include <iterator>
#include <memory>
#include <vector>

namespace trailhound {

class WordBlockPool {
 public:
  static constexpr uint32_t kMaxCapacity = 16;

  WordBlockPool() { std::fill(std::begin(free_), std::end(free_), kNone); }

  uint64_t allocate(uint32_t capacity) {
    uint64_t& head = free_[std::countr_zero(capacity)];
    if (head != kNone) {
      const uint64_t offset = head;
      head = *at(offset);  // a free block's first word links to the next free block
      return offset;
    }
    if (segments_.empty() || used_ + capacity > kSegmentWords) {
      segments_.push_back(std::make_unique_for_overwrite<uint64_t[]>(kSegmentWords));
      used_ = 0;  // the tail of the previous segment (< kMaxCapacity words) is left unused
    }
    const uint64_t offset = (segments_.size() - 1) * kSegmentWords + used_;
    used_ += capacity;
    return offset;
  }

  void release(uint64_t offset, uint32_t capacity) {
    uint64_t& head = free_[std::countr_zero(capacity)];
    *at(offset) = head;
    head = offset;
  }

  uint64_t* at(uint64_t offset) { return segments_[offset / kSegmentWords].get() + offset % kSegmentWords; }
  const uint64_t* at(uint64_t offset) const { return segments_[offset / kSegmentWords].get() + offset % kSegmentWords; }

 private:
  static constexpr size_t kSegmentWords = size_t{1} << 16;  // 512 KiB
  static constexpr uint64_t kNone = UINT64_MAX;
  static_assert(std::has_single_bit(kMaxCapacity) && kMaxCapacity <= kSegmentWords);

  std::vector<std::unique_ptr<uint64_t[]>> segments_;
  size_t used_ = 0;  // words handed out from the last segment
  // Per capacity 2^i: the offset of the first free block, or kNone.
  uint64_t free_[std::countr_zero(kMaxCapacity) + 1];
};

}  // namespace trailhound
