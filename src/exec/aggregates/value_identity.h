// When two values are the same for STATS: the equality of group keys (BY) and
// of the distinct values of VALUES / COUNT_DISTINCT, and a hash consistent
// with it.
//
// Contract: values are compared within one storage class (column.h), chosen
// by the Column's type:
// - Double: the same bit pattern, except that -0.0 and 0.0 are one value (a
//   NaN equals only a NaN of the same bits);
// - int64-backed types (Boolean, Integer, Long, UnsignedLong, Datetime,
//   DateNanos): the same 64 bits;
// - string-backed types (Keyword, Text, Version, Ip as its 16 bytes, GeoPoint
//   as its WKT): the same bytes. So Version "1.0" and "1.0.0" are two values
//   although compare_values() orders them as equal.
// Null is not a value: callers that group nulls (BY) treat it themselves.
#pragma once

#include <bit>
#include <cstdint>
#include <string_view>

#include "common/string_view_hash.h"
#include "exec/column.h"

namespace trailhound {

// Types whose values are a 64-bit pattern (Double or int64-backed); the
// others (except Null) are strings.
inline bool has_bit_pattern(DataType t) { return t == DataType::Double || is_int64_backed(t); }

// The stored 64-bit pattern of value `vi` of a column of a has_bit_pattern() type.
inline uint64_t value_bits(const Column& c, uint32_t vi) {
  return c.type == DataType::Double ? std::bit_cast<uint64_t>(c.f64[vi]) : static_cast<uint64_t>(c.i64[vi]);
}

// `bits` of a value of `type` with -0.0 folded onto 0.0: two values are the
// same iff their identity bits are equal.
inline uint64_t identity_bits(DataType type, uint64_t bits) {
  constexpr uint64_t kNegativeZero = uint64_t{1} << 63;
  return type == DataType::Double && bits == kNegativeZero ? 0 : bits;
}

// A well-mixed hash of a 64-bit pattern: the low bits, which pick
// power-of-two table slots, depend on every input bit.
inline uint64_t mix_bits(uint64_t x) { return mix64(x); }

inline uint64_t hash_value(const Column& c, uint32_t vi) {
  if (has_bit_pattern(c.type)) return mix_bits(identity_bits(c.type, value_bits(c, vi)));
  return hash_bytes(c.str[vi]);
}

inline bool same_value(const Column& a, uint32_t ai, const Column& b, uint32_t bi) {
  if (has_bit_pattern(a.type)) return identity_bits(a.type, value_bits(a, ai)) == identity_bits(b.type, value_bits(b, bi));
  return a.str[ai] == b.str[bi];
}

}  // namespace trailhound
