// The values of one type as 64-bit codes, so that per-group state (VALUES,
// COUNT_DISTINCT) holds 8 bytes per value instead of a copy of the value.
//
// Contract:
// - encode(c, vi) codes value `vi` of `c`, a column of the type given at
//   construction (same storage class):
//   * Double and int64-backed types: the value's own bit pattern
//     (value_identity.h value_bits), no dictionary;
//   * string-backed types: the id of the value in a dictionary that holds each
//     distinct string once, found through an open-addressing table of ids
//     hashed on the string (no second copy of it).
// - Two values are the same (value_identity.h) iff identity(code) is equal;
//   hash(code) is consistent with that. The code keeps what was seen (-0.0
//   stays -0.0), so decode() gives back exactly the value that was encoded.
// - compare(a, b) is compare_values() of the two values; decode(code, out)
//   pushes the value into the open position of `out` (a column of this type).
// - Codes stay valid for the object's lifetime; memory is the dictionary (each
//   distinct string once, plus 16-32 bytes of table per string).
// - One thread at a time: compare() goes through scratch columns.
#pragma once

#include <cstdint>
#include <vector>

#include "exec/aggregates/value_identity.h"
#include "exec/column.h"

namespace trailhound {

class ValueCodes {
 public:
  explicit ValueCodes(DataType type);

  uint64_t encode(const Column& c, uint32_t vi);
  // True when codes are the values' own bit patterns (no dictionary).
  bool by_bits() const { return bits_; }
  uint64_t identity(uint64_t code) const { return identity_bits(type_, code); }
  uint64_t hash(uint64_t code) const { return mix_bits(identity(code)); }
  int compare(uint64_t a, uint64_t b) const;
  // True when `code` stands for value `vi` of `c` (the same value, as
  // value_identity.h says), without adding anything.
  bool holds(uint64_t code, const Column& c, uint32_t vi) const;
  void decode(uint64_t code, Column& out) const;

 private:
  void grow_table();

  // A table slot: the id in the low half, the high half of the string's hash
  // above it (compared first, so a probe past another string rarely reads
  // the dictionary); kEmpty when free.
  static constexpr uint64_t kEmpty = UINT64_MAX;
  static uint64_t slot(uint64_t hash, uint32_t id) { return (hash & 0xFFFFFFFF00000000ULL) | id; }
  DataType type_;
  bool bits_;                    // has_bit_pattern(type_): the code is the value
  Column dictionary_;            // string-backed: the distinct values, by id
  std::vector<uint64_t> table_;  // string-backed: slots by hash (power-of-two size)
  // Bit-pattern types: one-value columns through which compare() calls compare_values().
  mutable Column lhs_, rhs_;
};

}  // namespace trailhound
