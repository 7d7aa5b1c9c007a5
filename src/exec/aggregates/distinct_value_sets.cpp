#include "exec/aggregates/distinct_value_sets.h"

#include <algorithm>
#include <bit>

namespace trailhound {

void DistinctValueSets::add(uint32_t group, const Column& c, uint32_t vi) {
  if (group >= sizes_.size()) {
    sizes_.resize(group + 1, 0);
    where_.resize(group + 1, 0);
  }
  uint32_t& n = sizes_[group];
  uint64_t& where = where_[group];
  // A string already in a small group (VALUES of a field that is the same
  // throughout a group — its account, its agent — mostly is) is found by
  // comparing it with the group's few values, without hashing it.
  const bool compare_first = !codes_.by_bits() && n >= 1 && n <= kCompareBeforeEncoding;
  if (compare_first) {
    const uint64_t* codes = n == 1 ? &where : pool_.at(where);
    for (uint32_t i = 0; i < n; ++i)
      if (codes_.holds(codes[i], c, vi)) return;
  }
  const uint64_t code = codes_.encode(c, vi);
  if (n == 0) {
    where = code;
    n = 1;
    return;
  }
  if (n > kMaxSmall) {
    if (large_[where].insert(code, codes_)) ++n;
    return;
  }
  if (!compare_first) {
    const uint64_t id = codes_.identity(code);
    const uint64_t* codes = n == 1 ? &where : pool_.at(where);
    for (uint32_t i = 0; i < n; ++i)
      if (codes_.identity(codes[i]) == id) return;
  }
  if (n == kMaxSmall) {
    make_large(group, code);
  } else if (n == 1) {
    const uint64_t block = pool_.allocate(2);
    pool_.at(block)[0] = where;
    pool_.at(block)[1] = code;
    where = block;
  } else {
    if (std::has_single_bit(n)) {  // the block is full: move to one twice as large
      const uint64_t block = pool_.allocate(2 * n);
      std::copy_n(pool_.at(where), n, pool_.at(block));
      pool_.release(where, n);
      where = block;
    }
    pool_.at(where)[n] = code;
  }
  ++n;
}

void DistinctValueSets::make_large(uint32_t group, uint64_t code) {
  Large large;
  const uint64_t* codes = pool_.at(where_[group]);
  large.codes.assign(codes, codes + kMaxSmall);
  large.codes.push_back(code);
  large.rebuild(codes_);
  pool_.release(where_[group], kMaxSmall);
  where_[group] = large_.size();
  large_.push_back(std::move(large));
}

bool DistinctValueSets::Large::insert(uint64_t code, const ValueCodes& vc) {
  const uint64_t id = vc.identity(code);
  const size_t mask = table.size() - 1;
  size_t pos = vc.hash(code) & mask;
  for (; table[pos] != kFree; pos = (pos + 1) & mask)
    if (vc.identity(codes[table[pos]]) == id) return false;
  codes.push_back(code);
  // Keep the table at most half full: probe sequences stay short.
  if (2 * codes.size() > table.size()) rebuild(vc);
  else table[pos] = static_cast<uint32_t>(codes.size() - 1);
  return true;
}

void DistinctValueSets::Large::rebuild(const ValueCodes& vc) {
  table.assign(std::bit_ceil(4 * codes.size()), kFree);
  const size_t mask = table.size() - 1;
  for (uint32_t i = 0; i < codes.size(); ++i) {
    size_t pos = vc.hash(codes[i]) & mask;
    while (table[pos] != kFree) pos = (pos + 1) & mask;
    table[pos] = i;
  }
}

std::span<const uint64_t> DistinctValueSets::codes_of(uint32_t group) const {
  const size_t n = count(group);
  if (n == 0) return {};
  if (n == 1) return {&where_[group], 1};
  if (n <= kMaxSmall) return {pool_.at(where_[group]), n};
  return large_[where_[group]].codes;
}

void DistinctValueSets::append_sorted(uint32_t group, Column& out) const {
  const std::span<const uint64_t> codes = codes_of(group);
  if (codes.size() == 1) return codes_.decode(codes[0], out);
  std::vector<uint64_t> sorted(codes.begin(), codes.end());
  std::sort(sorted.begin(), sorted.end(), [&](uint64_t a, uint64_t b) { return codes_.compare(a, b) < 0; });
  for (uint64_t code : sorted) codes_.decode(code, out);
}

}  // namespace trailhound
