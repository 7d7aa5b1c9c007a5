// Group ids of STATS … BY keys: dense, in first-seen order.
//
// Contract:
// - A key is one value per BY column; a null position is one more value (all
//   nulls are the same key). Values are the same as value_identity.h says
//   (-0.0 == 0.0, strings by bytes, Ip by its 16 bytes).
// - find_or_add(keys, row, pick) is the id of the group whose key is, for
//   each BY column k, value pick[k] of position `row` of keys[k] (or null when
//   that position is null); a key not seen before gets the next id (size()).
//   find() does the same without adding, answering kNone for a new key.
// - append_key(k, id, out) appends group `id`'s value of BY column k (the
//   first-seen value, so -0.0 stays -0.0; null when null) as a new position of
//   `out`, a column of the type given at construction.
// - Memory: numeric keys are stored once per group (8 bytes); string keys
//   (keyword, text, ip, version...) once per distinct string, in a dictionary
//   (ValueCodes), each group holding a 4-byte id: an ARN shared by thousands of
//   (time window, ARN) groups is kept once. Groups are found through an
//   open-addressing table of ids hashed on the key values and compared against
//   the stored keys (16-32 bytes of table per group); no other copy is kept.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "exec/aggregates/value_codes.h"
#include "exec/vector.h"

namespace trailhound {

class GroupIds {
 public:
  static constexpr uint32_t kNone = UINT32_MAX;

  explicit GroupIds(const std::vector<DataType>& key_types);

  uint32_t find_or_add(const std::vector<Vec>& keys, size_t row, const std::vector<uint32_t>& pick);
  uint32_t find(const std::vector<Vec>& keys, size_t row, const std::vector<uint32_t>& pick) const;
  size_t size() const { return size_; }
  void append_key(size_t k, uint32_t id, Column& out) const;

 private:
  uint64_t hash(const std::vector<Vec>& keys, size_t row, const std::vector<uint32_t>& pick) const;
  bool matches(uint32_t group, const std::vector<Vec>& keys, size_t row, const std::vector<uint32_t>& pick) const;
  // The slot holding the key's group, or the free slot where it belongs.
  size_t probe(uint64_t hash, const std::vector<Vec>& keys, size_t row, const std::vector<uint32_t>& pick) const;
  size_t home(uint32_t tag) const { return tag >> shift_; }
  void grow();

  static constexpr uint64_t kFree = UINT64_MAX;
  static constexpr uint32_t kNullId = UINT32_MAX;
  // One BY column's stored keys.
  struct Keys {
    explicit Keys(DataType type);
    Column values;                     // numeric (and null-typed) keys, by group
    std::unique_ptr<ValueCodes> dict;  // string keys: each distinct value once
    std::vector<uint32_t> ids;         // string keys: per group, its dictionary id or kNullId
  };
  std::vector<Keys> keys_;
  // Per slot: the group's hash tag (upper 32 bits of its key hash) << 32 | the
  // group id, or kFree. A group's home slot is the top bits of its tag, so
  // grow() re-places groups from their tags without hashing keys again.
  std::vector<uint64_t> slots_;
  int shift_ = 0;  // 32 - log2(slots_.size())
  size_t size_ = 0;
};

}  // namespace trailhound
