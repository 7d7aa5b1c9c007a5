// The distinct values of one input in each STATS group: the state of VALUES
// and of COUNT_DISTINCT.
//
// Contract:
// - add(group, c, vi) records value `vi` of `c` (a column of the type given at
//   construction) for `group` (a dense group id). Values are the same as
//   value_identity.h says; of two same values the first seen is kept (-0.0 vs
//   0.0).
// - count(group) is the number of distinct values of the group (0 for a group
//   that got none); append_sorted(group, out) pushes them into the open
//   position of `out` in ascending compare_values() order. Values that compare
//   as equal without being the same (Versions "1.0" and "1.0.0") come in the
//   order std::sort leaves them in from first-seen order.
// - Memory: each distinct value is stored once for all groups (ValueCodes);
//   a group costs 12 bytes and needs nothing more while it has one value; 2 to
//   16 values live in a shared WordBlockPool (8 bytes per value, capacity
//   rounded up to a power of two) and are deduplicated by a linear scan; a
//   larger group gets its own list and hash table of codes, so adding to a
//   group of a million values stays O(1).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "exec/aggregates/value_codes.h"
#include "exec/aggregates/word_block_pool.h"

namespace trailhound {

class DistinctValueSets {
 public:
  explicit DistinctValueSets(DataType type) : codes_(type) {}

  void add(uint32_t group, const Column& c, uint32_t vi);
  size_t count(uint32_t group) const { return group < sizes_.size() ? sizes_[group] : 0; }
  void append_sorted(uint32_t group, Column& out) const;

 private:
  static constexpr uint32_t kMaxSmall = WordBlockPool::kMaxCapacity;
  // Up to this many values, a string is compared with a group's values before
  // it is encoded (hashed and looked up).
  static constexpr uint32_t kCompareBeforeEncoding = 4;

  // A group of more than kMaxSmall values.
  struct Large {
    std::vector<uint64_t> codes;  // first-seen order
    std::vector<uint32_t> table;  // indexes into `codes` by hash (open addressing), kFree if free
    static constexpr uint32_t kFree = UINT32_MAX;
    bool insert(uint64_t code, const ValueCodes& vc);  // false if the value is there already
    void rebuild(const ValueCodes& vc);
  };

  // The group's codes in first-seen order.
  std::span<const uint64_t> codes_of(uint32_t group) const;
  void make_large(uint32_t group, uint64_t code);

  ValueCodes codes_;
  std::vector<uint32_t> sizes_;  // per group: number of distinct values
  // Per group, by size: 1 → the code itself; 2..kMaxSmall → offset of its
  // block in pool_ (capacity: size rounded up to a power of two); more → index in large_.
  std::vector<uint64_t> where_;
  WordBlockPool pool_;
  std::vector<Large> large_;
};

}  // namespace trailhound
