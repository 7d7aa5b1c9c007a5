#include "exec/aggregates/value_codes.h"

#include "exec/vector.h"

namespace trailhound {

ValueCodes::ValueCodes(DataType type) : type_(type), bits_(has_bit_pattern(type)), dictionary_(type), lhs_(type), rhs_(type) {
  if (type_ == DataType::Double) lhs_.f64 = rhs_.f64 = {0.0};
  else if (bits_) lhs_.i64 = rhs_.i64 = {0};
}

uint64_t ValueCodes::encode(const Column& c, uint32_t vi) {
  if (bits_) return value_bits(c, vi);
  // Keep the table at most half full: probe sequences stay short.
  if (2 * (dictionary_.str.size() + 1) > table_.size()) grow_table();
  const size_t mask = table_.size() - 1;
  const uint64_t h = hash_value(c, vi);
  const uint64_t tag = slot(h, 0);
  for (size_t pos = h & mask;; pos = (pos + 1) & mask) {
    const uint64_t s = table_[pos];
    if (s == kEmpty) {
      const auto id = static_cast<uint32_t>(dictionary_.str.size());
      table_[pos] = slot(h, id);
      dictionary_.push_value_from(c, vi);
      return id;
    }
    const auto id = static_cast<uint32_t>(s);
    if (slot(s, 0) == tag && same_value(dictionary_, id, c, vi)) return id;
  }
}

void ValueCodes::grow_table() {
  table_.assign(table_.empty() ? 16 : 2 * table_.size(), kEmpty);
  const size_t mask = table_.size() - 1;
  for (uint32_t id = 0; id < dictionary_.str.size(); ++id) {
    const uint64_t h = hash_value(dictionary_, id);
    size_t pos = h & mask;
    while (table_[pos] != kEmpty) pos = (pos + 1) & mask;
    table_[pos] = slot(h, id);
  }
}

int ValueCodes::compare(uint64_t a, uint64_t b) const {
  if (!bits_) return compare_values(dictionary_, static_cast<uint32_t>(a), dictionary_, static_cast<uint32_t>(b));
  if (type_ == DataType::Double) {
    lhs_.f64[0] = std::bit_cast<double>(a);
    rhs_.f64[0] = std::bit_cast<double>(b);
  } else {
    lhs_.i64[0] = static_cast<int64_t>(a);
    rhs_.i64[0] = static_cast<int64_t>(b);
  }
  return compare_values(lhs_, 0, rhs_, 0);
}

bool ValueCodes::holds(uint64_t code, const Column& c, uint32_t vi) const {
  if (bits_) return identity(code) == identity_bits(type_, value_bits(c, vi));
  return same_value(dictionary_, static_cast<uint32_t>(code), c, vi);
}

void ValueCodes::decode(uint64_t code, Column& out) const {
  if (!bits_) out.push_value_from(dictionary_, static_cast<uint32_t>(code));
  else if (type_ == DataType::Double) out.push_f64(std::bit_cast<double>(code));
  else out.push_i64(static_cast<int64_t>(code));
}

}  // namespace trailhound
