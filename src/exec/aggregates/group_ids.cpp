#include "exec/aggregates/group_ids.h"

#include "exec/aggregates/value_identity.h"

namespace trailhound {

namespace {

bool is_null_at(const Vec& v, size_t row) { return v.type() == DataType::Null || v.count(row) == 0; }

}  // namespace

GroupIds::Keys::Keys(DataType type) : values(type) {
  if (!has_bit_pattern(type) && type != DataType::Null) dict = std::make_unique<ValueCodes>(type);
}

GroupIds::GroupIds(const std::vector<DataType>& key_types) : slots_(16, kFree), shift_(32 - 4) {
  for (DataType t : key_types) keys_.emplace_back(t);
}

void GroupIds::append_key(size_t k, uint32_t id, Column& out) const {
  const Keys& keys = keys_[k];
  if (!keys.dict) {
    out.append_from(keys.values, id);
    return;
  }
  if (keys.ids[id] != kNullId) keys.dict->decode(keys.ids[id], out);
  out.end_row();
}

uint64_t GroupIds::hash(const std::vector<Vec>& keys, size_t row, const std::vector<uint32_t>& pick) const {
  constexpr uint64_t kNullHash = 0x9e3779b97f4a7c15ULL;
  uint64_t h = 0;
  for (size_t k = 0; k < keys.size(); ++k) {
    const Vec& v = keys[k];
    h = mix_bits(h + (is_null_at(v, row) ? kNullHash : hash_value(v.c(), v.begin(row) + pick[k])));
  }
  return h;
}

bool GroupIds::matches(uint32_t group, const std::vector<Vec>& keys, size_t row, const std::vector<uint32_t>& pick) const {
  for (size_t k = 0; k < keys.size(); ++k) {
    const Vec& v = keys[k];
    const Keys& stored = keys_[k];
    const bool null = is_null_at(v, row);
    if (stored.dict) {
      const uint32_t id = stored.ids[group];
      if (null != (id == kNullId)) return false;
      if (!null && !stored.dict->holds(id, v.c(), v.begin(row) + pick[k])) return false;
      continue;
    }
    if (null != stored.values.is_null(group)) return false;
    if (!null && !same_value(v.c(), v.begin(row) + pick[k], stored.values, stored.values.begin(group))) return false;
  }
  return true;
}

size_t GroupIds::probe(uint64_t hash, const std::vector<Vec>& keys, size_t row, const std::vector<uint32_t>& pick) const {
  const uint32_t tag = static_cast<uint32_t>(hash >> 32);
  const size_t mask = slots_.size() - 1;
  for (size_t pos = home(tag);; pos = (pos + 1) & mask) {
    const uint64_t slot = slots_[pos];
    if (slot == kFree) return pos;
    if (slot >> 32 == tag && matches(static_cast<uint32_t>(slot), keys, row, pick)) return pos;
  }
}

uint32_t GroupIds::find(const std::vector<Vec>& keys, size_t row, const std::vector<uint32_t>& pick) const {
  const uint64_t slot = slots_[probe(hash(keys, row, pick), keys, row, pick)];
  return slot == kFree ? kNone : static_cast<uint32_t>(slot);
}

uint32_t GroupIds::find_or_add(const std::vector<Vec>& keys, size_t row, const std::vector<uint32_t>& pick) {
  const uint64_t h = hash(keys, row, pick);
  const size_t pos = probe(h, keys, row, pick);
  if (slots_[pos] != kFree) return static_cast<uint32_t>(slots_[pos]);
  const uint32_t id = static_cast<uint32_t>(size_++);
  for (size_t k = 0; k < keys.size(); ++k) {
    Keys& stored = keys_[k];
    const bool null = is_null_at(keys[k], row);
    if (stored.dict) {
      stored.ids.push_back(null ? kNullId
                                : static_cast<uint32_t>(stored.dict->encode(keys[k].c(), keys[k].begin(row) + pick[k])));
      continue;
    }
    if (!null) stored.values.push_value_from(keys[k].c(), keys[k].begin(row) + pick[k]);
    stored.values.end_row();
  }
  slots_[pos] = (h >> 32 << 32) | id;
  // Keep the table at most half full: probe sequences stay short.
  if (2 * size_ > slots_.size()) grow();
  return id;
}

void GroupIds::grow() {
  std::vector<uint64_t> old(2 * slots_.size(), kFree);
  old.swap(slots_);
  --shift_;
  const size_t mask = slots_.size() - 1;
  for (uint64_t slot : old) {
    if (slot == kFree) continue;
    size_t pos = home(static_cast<uint32_t>(slot >> 32));
    while (slots_[pos] != kFree) pos = (pos + 1) & mask;
    slots_[pos] = slot;
  }
}

}  // namespace trailhound
