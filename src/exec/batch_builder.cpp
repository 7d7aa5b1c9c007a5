#include "exec/batch_builder.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>
#include <memory>
#include <numeric>

#include "exec/java_date_pattern.h"
#include "exec/value_format.h"

namespace trailhound {

namespace {

std::optional<int64_t> parse_long_text(std::string_view s) {
  int64_t v = 0;
  auto r = std::from_chars(s.data(), s.data() + s.size(), v);
  if (r.ec == std::errc() && r.ptr == s.data() + s.size()) return v;
  double d = 0;
  auto rd = std::from_chars(s.data(), s.data() + s.size(), d);
  if (rd.ec == std::errc() && rd.ptr == s.data() + s.size() && std::isfinite(d) &&
      d >= -9.2233720368547758e18 && d < 9.2233720368547758e18)
    return static_cast<int64_t>(d);  // Elasticsearch coerces by truncation
  return std::nullopt;
}

std::optional<double> parse_double_text(std::string_view s) {
  double d = 0;
  auto r = std::from_chars(s.data(), s.data() + s.size(), d);
  if (r.ec == std::errc() && r.ptr == s.data() + s.size()) return d;
  return std::nullopt;
}

bool fits_int(int64_t v) {
  return v >= std::numeric_limits<int32_t>::min() && v <= std::numeric_limits<int32_t>::max();
}

// Sorts (and for set-like doc values de-duplicates) the values of the open position.
void normalize_tail(Column& c) {
  const uint32_t start = c.offsets.back();
  switch (c.type) {
    case DataType::Keyword:
    case DataType::Ip:
    case DataType::Version: {
      if (c.str.size() - start < 2) return;
      std::vector<std::string_view>& v = c.str.views();
      std::sort(v.begin() + start, v.end());
      v.erase(std::unique(v.begin() + start, v.end()), v.end());
      return;
    }
    case DataType::Double:
      std::sort(c.f64.begin() + start, c.f64.end());
      return;
    case DataType::UnsignedLong:
      std::sort(c.i64.begin() + start, c.i64.end(),
                [](int64_t a, int64_t b) { return static_cast<uint64_t>(a) < static_cast<uint64_t>(b); });
      return;
    default:
      if (is_int64_backed(c.type)) std::sort(c.i64.begin() + start, c.i64.end());
  }
}

}  // namespace

BatchBuilder::BatchBuilder(std::vector<SchemaField> fields) : fields_(std::move(fields)) {
  for (size_t i = 0; i < fields_.size(); ++i) index_.emplace(fields_[i].name, i);
  field_set_id_ = ecs::new_field_set_id();
  reset();
}

void BatchBuilder::reset() {
  // The next batch is sized like the last one taken: its vectors do not grow
  // a dozen times on the way to a full batch, its strings fill one block.
  columns_.clear();
  for (size_t i = 0; i < fields_.size(); ++i) {
    columns_.emplace_back(fields_[i].type);
    if (last_rows_ > 0) {
      columns_.back().reserve(last_rows_, last_size_[i].values);
      columns_.back().str.reserve_bytes(last_size_[i].bytes);
    }
  }
  rows_ = 0;
}

bool BatchBuilder::wants(std::string_view field) const { return index_.find(field) != index_.end(); }

Column* BatchBuilder::column_for(std::string_view field) {
  constexpr size_t kMask = kNameCacheSize - 1;
  const size_t home = static_cast<size_t>((reinterpret_cast<uintptr_t>(field.data()) * 0x9E3779B97F4A7C15ULL) >> 40) & kMask;
  size_t i = home;
  for (; name_cache_[i].data != nullptr; i = (i + 1) & kMask) {
    NameCacheEntry& e = name_cache_[i];
    if (e.data != field.data() || e.size != field.size()) continue;
    if (std::memcmp(fields_[e.column].name.data(), field.data(), field.size()) == 0) return &columns_[e.column];
    // The same address now holds another name (a reused buffer): look it up,
    // and let this entry stand for the new name.
    auto it = index_.find(field);
    if (it == index_.end()) return nullptr;
    e.column = it->second;
    return &columns_[it->second];
  }
  auto it = index_.find(field);
  if (it == index_.end()) return nullptr;
  if (name_cache_used_ * 2 >= kNameCacheSize) {  // many addresses (generated names): start over
    for (NameCacheEntry& e : name_cache_) e = NameCacheEntry{};
    name_cache_used_ = 0;
    i = home;
  }
  name_cache_[i] = NameCacheEntry{field.data(), field.size(), it->second};
  ++name_cache_used_;
  return &columns_[it->second];
}

void BatchBuilder::begin_document() {}

void BatchBuilder::keyword(std::string_view field, std::string_view v) {
  Column* c = column_for(field);
  if (!c) return;
  switch (c->type) {
    case DataType::Keyword:
    case DataType::Text:
    case DataType::Version: c->push_str(v); break;
    case DataType::Integer:
      if (auto x = parse_long_text(v); x && fits_int(*x)) c->push_i64(*x);
      break;
    case DataType::Long:
      if (auto x = parse_long_text(v)) c->push_i64(*x);
      break;
    case DataType::Double:
      if (auto x = parse_double_text(v)) c->push_f64(*x);
      break;
    case DataType::Boolean:
      if (v == "true") c->push_i64(1);
      else if (v == "false") c->push_i64(0);
      break;
    case DataType::Datetime:
      if (auto x = parse_datetime(v)) c->push_i64(*x);
      else if (auto n = parse_long_text(v)) c->push_i64(*n);
      break;
    case DataType::DateNanos:
      if (auto x = parse_datetime_nanos(v)) c->push_i64(*x);  // keeps sub-millisecond digits
      break;
    case DataType::Ip:
      if (auto x = parse_ip(v); x.ok()) c->push_str(x.value());
      break;
    default: break;
  }
}

void BatchBuilder::long_value(std::string_view field, int64_t v) {
  Column* c = column_for(field);
  if (!c) return;
  switch (c->type) {
    case DataType::Integer:
      if (fits_int(v)) c->push_i64(v);
      break;
    case DataType::Long:
    case DataType::Datetime: c->push_i64(v); break;
    case DataType::DateNanos: c->push_i64(v * 1000000); break;
    case DataType::UnsignedLong:
      // The value is the unsigned_long's bit pattern (values >= 2^63 arrive
      // negative), the engine's own storage.
      c->push_i64(v);
      break;
    case DataType::Double: c->push_f64(static_cast<double>(v)); break;
    case DataType::Boolean: c->push_i64(v != 0); break;
    case DataType::Keyword:
    case DataType::Text: c->push_str(std::to_string(v)); break;
    default: break;
  }
}

void BatchBuilder::double_value(std::string_view field, double v) {
  Column* c = column_for(field);
  if (!c) return;
  switch (c->type) {
    case DataType::Double: c->push_f64(v); break;
    case DataType::Integer:
    case DataType::Long:
    case DataType::Datetime:
      if (std::isfinite(v) && v >= -9.2233720368547758e18 && v < 9.2233720368547758e18) {
        const auto x = static_cast<int64_t>(v);
        if (c->type != DataType::Integer || fits_int(x)) c->push_i64(x);
      }
      break;
    case DataType::Keyword:
    case DataType::Text: c->push_str(format_double(v)); break;
    default: break;
  }
}

void BatchBuilder::boolean(std::string_view field, bool v) {
  Column* c = column_for(field);
  if (!c) return;
  if (c->type == DataType::Boolean) c->push_i64(v);
  else if (is_string(c->type)) c->push_str(v ? "true" : "false");
}

void BatchBuilder::datetime(std::string_view field, int64_t ms) {
  Column* c = column_for(field);
  if (!c) return;
  if (c->type == DataType::Datetime || c->type == DataType::Long) c->push_i64(ms);
  else if (c->type == DataType::DateNanos) c->push_i64(ms * 1000000);
  else if (is_string(c->type)) c->push_str(format_datetime(ms));
}

void BatchBuilder::ip(std::string_view field, std::string_view ip16) {
  Column* c = column_for(field);
  if (!c) return;
  if (c->type == DataType::Ip) c->push_str(ip16);
  else if (is_string(c->type)) c->push_str(format_ip(ip16));
}

void BatchBuilder::json(std::string_view field, std::string_view text) {
  Column* c = column_for(field);
  if (c && is_string(c->type)) c->push_str(text);
}

void BatchBuilder::end_document() {
  for (auto& c : columns_) {
    // Most fields have zero or one value per document: nothing to sort. (The
    // row is closed here, not by end_row(), which would count the values again.)
    size_t values = c.value_count();
    if (values - c.offsets.back() >= 2 && c.type != DataType::Text) {
      normalize_tail(c);
      values = c.value_count();
    }
    c.offsets.push_back(static_cast<uint32_t>(values));
  }
  ++rows_;
}

Batch BatchBuilder::take() {
  last_rows_ = rows_;  // every column has a position per row
  last_size_.clear();
  for (const Column& c : columns_) last_size_.push_back({c.value_count(), c.str.used_bytes()});
  Batch b;
  b.row_count = rows_;
  for (size_t i = 0; i < fields_.size(); ++i)
    b.columns.push_back({fields_[i].name, std::make_shared<const Column>(std::move(columns_[i]))});
  reset();
  return b;
}

}  // namespace trailhound
