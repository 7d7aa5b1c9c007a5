// Columnar batches: the unit of work of the executor.
//
// Contract:
// - A Column holds `rows()` positions of one DataType. Position i holds the
//   values [offsets[i], offsets[i+1]) of the type's value vector. Zero values
//   is null (ES|QL does not distinguish null from an empty multi-value), one
//   value is a single value, more is a multi-value.
// - Storage by type: Boolean/Integer/Long/UnsignedLong/Datetime/DateNanos in
//   `i64` (UnsignedLong as its bit pattern), Double in `f64`, Keyword/Text/
//   Version in `str`, Ip in `str` as exactly 16 bytes (IPv4 mapped ::ffff:a.b.c.d),
//   GeoPoint in `str` as canonical WKT "POINT (lon lat)" (exec/geo_point.h).
//   Null-typed columns hold no values.
// - A Batch is a list of named columns of equal length. Column names are the
//   ES|QL names (dotted, case-sensitive); order is the ES|QL column order.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "exec/data_type.h"
#include "exec/string_values.h"

namespace trailhound {

struct Column {
  DataType type = DataType::Null;
  std::vector<uint32_t> offsets{0};  // size rows()+1
  std::vector<int64_t> i64;
  std::vector<double> f64;
  StringValues str;

  Column() = default;
  explicit Column(DataType t) : type(t) {}

  size_t rows() const { return offsets.size() - 1; }
  uint32_t count(size_t row) const { return offsets[row + 1] - offsets[row]; }
  bool is_null(size_t row) const { return count(row) == 0; }
  uint32_t begin(size_t row) const { return offsets[row]; }

  // Appending: push values, then close the position with end_row().
  void push_i64(int64_t v) { i64.push_back(v); }
  void push_f64(double v) { f64.push_back(v); }
  void push_str(std::string_view v) { str.push_back(v); }
  void end_row() { offsets.push_back(static_cast<uint32_t>(value_count())); }
  void push_null() { end_row(); }

  size_t value_count() const {
    if (type == DataType::Double) return f64.size();
    if (is_int64_backed(type)) return i64.size();
    if (type == DataType::Null) return 0;
    return str.size();
  }

  // Appends position `row` of `src` (same type) to this column.
  void append_from(const Column& src, size_t row);
  // Appends the single value at value index `vi` of `src` as a new position.
  void append_value_from(const Column& src, uint32_t vi);
  // Appends the value at value index `vi` of `src` into the currently open position.
  void push_value_from(const Column& src, uint32_t vi);
  void reserve(size_t rows, size_t values);
};

// A column shared between batches without copying (KEEP/RENAME/DROP only move pointers).
using ColumnPtr = std::shared_ptr<const Column>;

struct NamedColumn {
  std::string name;
  ColumnPtr column;
};

struct Batch {
  std::vector<NamedColumn> columns;
  size_t row_count = 0;

  size_t rows() const { return row_count; }
  // Index of the column with this exact name, or -1.
  int find(std::string_view name) const;
};

// Default number of rows the scan puts into one batch.
inline constexpr size_t kBatchRows = 4096;

}  // namespace trailhound
