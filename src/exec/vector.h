// Evaluation results and column utilities shared by expressions and operators.
//
// Contract:
// - A Vec is the result of evaluating an expression over a batch: either a
//   column with one position per batch row, or (constant == true) a column of
//   exactly one position that stands for every row. Constants are never
//   broadcast unless an operator needs a materialized column (materialize()).
// - Columns in Vecs are shared and immutable.
#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include "exec/column.h"

namespace trailhound {

struct Vec {
  ColumnPtr col;
  bool constant = false;

  size_t pos(size_t row) const { return constant ? 0 : row; }
  const Column& c() const { return *col; }
  DataType type() const { return col->type; }
  uint32_t count(size_t row) const { return col->count(pos(row)); }
  uint32_t begin(size_t row) const { return col->begin(pos(row)); }
};

// A column of `rows` null positions.
Column null_column(DataType type, size_t rows);
// A one-position constant Vec holding null.
Vec null_vec(DataType type);
// Expands a Vec into a column with `rows` positions.
ColumnPtr materialize(const Vec& v, size_t rows);
// Positions `rows` of `src`, in that order.
Column gather(const Column& src, const std::vector<uint32_t>& rows);
// Rows `rows` of every column of `in`, in that order.
Batch gather_rows(const Batch& in, const std::vector<uint32_t>& rows);
// The rows a WHERE keeps: those where `cond` (over `rows` rows) is a single
// true value (null, false and multi-values drop the row).
std::vector<uint32_t> rows_kept(const Vec& cond, size_t rows);
// Appends all positions of `src` to `dst` (same type).
void append_column(Column& dst, const Column& src);

// Value accessors by value index.
inline std::string_view str_at(const Column& c, uint32_t vi) { return c.str[vi]; }
// Numeric value as double (integer/long/unsigned_long/double/datetime).
inline double num_at(const Column& c, uint32_t vi) {
  if (c.type == DataType::Double) return c.f64[vi];
  if (c.type == DataType::UnsignedLong) return static_cast<double>(static_cast<uint64_t>(c.i64[vi]));
  return static_cast<double>(c.i64[vi]);
}

// Three-way comparison of two values of comparable types (same type family:
// numeric with numeric, string with string, or the same type otherwise).
int compare_values(const Column& a, uint32_t ai, const Column& b, uint32_t bi);
// Semantic version ordering (numeric dot-separated parts, pre-release lower).
int compare_versions(std::string_view a, std::string_view b);

}  // namespace trailhound
