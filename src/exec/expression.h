// Bound (resolved, typed) expressions, evaluated a batch at a time.
//
// Contract:
// - The analyzer builds an immutable Expression tree; one tree is shared by
//   every run of a prepared query, so all mutable state (warnings) lives in
//   the EvalContext.
// - eval() returns one position per batch row, or a constant Vec when the
//   result does not depend on the row (literals and functions of constants).
// - type() is the ES|QL result type; source() gives the position and source
//   text Elasticsearch names in evaluation warnings.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "exec/column.h"
#include "exec/eval_context.h"
#include "exec/vector.h"

namespace trailhound {

class Expression {
 public:
  Expression(DataType type, WarningSource source) : type_(type), source_(std::move(source)) {}
  virtual ~Expression() = default;

  DataType type() const { return type_; }
  const WarningSource& source() const { return source_; }
  virtual Vec eval(const Batch& batch, EvalContext& ctx) const = 0;
  // True when the value is the same for every row of every batch of a run.
  virtual bool foldable() const { return false; }

 private:
  DataType type_;
  WarningSource source_;
};

using ExprP = std::shared_ptr<const Expression>;

class Literal final : public Expression {
 public:
  Literal(ColumnPtr value, WarningSource src) : Expression(value->type, std::move(src)), value_(std::move(value)) {}
  Vec eval(const Batch&, EvalContext&) const override { return Vec{value_, true}; }
  bool foldable() const override { return true; }
  const Column& value() const { return *value_; }

 private:
  ColumnPtr value_;
};

// Reads a column of the input batch by name; a column the batch lacks is null.
class ColumnRef final : public Expression {
 public:
  ColumnRef(std::string name, DataType type, WarningSource src)
      : Expression(type, std::move(src)), name_(std::move(name)) {}
  Vec eval(const Batch& batch, EvalContext& ctx) const override;
  const std::string& name() const { return name_; }

 private:
  std::string name_;
};

// A function/operator node: evaluates its arguments, then `impl` computes the result.
class FnExpr final : public Expression {
 public:
  using Impl = std::function<Vec(const FnExpr& self, const std::vector<Vec>& args, size_t rows, EvalContext& ctx)>;
  FnExpr(DataType type, WarningSource src, std::vector<ExprP> args, Impl impl, bool foldable = true)
      : Expression(type, std::move(src)), args_(std::move(args)), impl_(std::move(impl)), can_fold_(foldable) {}
  Vec eval(const Batch& batch, EvalContext& ctx) const override;
  bool foldable() const override;
  const std::vector<ExprP>& args() const { return args_; }

 private:
  std::vector<ExprP> args_;
  Impl impl_;
  bool can_fold_;
};

ExprP make_literal(Column value, WarningSource src);
ExprP make_null_literal(DataType type, WarningSource src);
// Evaluates a foldable expression once (on a one-row empty batch).
Vec fold(const Expression& e, EvalContext& ctx);

// The value indexes of a row's arguments, for the single-value loops. At a
// row where an argument holds no value or several, the first such argument
// (in order, as Elasticsearch's generated evaluators check them) makes the
// row null, and a multi-valued one records the multi-value warning. A
// constant argument holding one value is read once, not per row (it can
// never be the one that decides).
class SingleValues {
 public:
  // Any number of arguments (CONCAT and COALESCE take as many as written).
  SingleValues(const std::vector<Vec>& args, size_t nargs) : vi_(nargs) {
    for (size_t i = 0; i < nargs; ++i) {
      all_constant_ = all_constant_ && args[i].constant;
      if (args[i].constant && args[i].count(0) == 1) vi_[i] = args[i].begin(0);
      else varying_.push_back({static_cast<uint32_t>(i), args[i].c().offsets.data(), args[i].constant ? 0u : 1u});
    }
  }
  bool all_constant() const { return all_constant_; }
  // The arguments' value indexes at row r, or null when the row is null.
  const uint32_t* at(const Expression& self, EvalContext& ctx, size_t r) {
    for (const Varying& v : varying_) {
      const uint32_t* o = v.offsets + r * v.step;
      if (o[1] - o[0] == 1) {
        vi_[v.arg] = o[0];
        continue;
      }
      if (o[1] - o[0] > 1) ctx.warnings.failure(self.source(), kMultiValueFailure);
      return nullptr;
    }
    return vi_.data();
  }

 private:
  struct Varying {
    uint32_t arg;
    const uint32_t* offsets;  // the argument column's positions
    size_t step;              // 1 per row; 0 for a constant (its one position)
  };
  std::vector<uint32_t> vi_;  // by argument: its value index at the row asked last
  std::vector<Varying> varying_;
  bool all_constant_ = true;
};

// Single-value evaluation loop. For each row (one row when all arguments are
// constant): an argument that is null or multi-valued makes the result null
// (SingleValues). Otherwise fn(out, vi) is called with the value index of
// every argument and appends zero values (null) or one value; the position is
// then closed.
template <class Fn>
Vec map_single(const Expression& self, EvalContext& ctx, size_t rows, DataType out_type,
               const std::vector<Vec>& args, Fn&& fn) {
  SingleValues values(args, args.size());
  const size_t n = values.all_constant() ? 1 : rows;
  Column out(out_type);
  out.reserve(n, n);
  for (size_t r = 0; r < n; ++r) {
    if (const uint32_t* vi = values.at(self, ctx, r)) fn(out, vi);
    out.end_row();
  }
  return Vec{std::make_shared<const Column>(std::move(out)), values.all_constant()};
}

// A boolean column written a row at a time into storage sized up front (no
// capacity check per value or position: comparisons and logic run per row
// of every filter).
class BooleanWriter {
 public:
  explicit BooleanWriter(size_t rows) : out_(DataType::Boolean) {
    out_.i64.resize(rows);
    out_.offsets.resize(rows + 1);  // (keeps the leading 0)
  }
  void value(size_t row, bool v) {
    out_.i64[values_++] = v;
    out_.offsets[row + 1] = values_;
  }
  void null(size_t row) { out_.offsets[row + 1] = values_; }
  // Every row must have been given a value or a null. `constant`: the one
  // row stands for every row (all arguments were constant).
  Vec finish(bool constant = false) {
    out_.i64.resize(values_);
    return Vec{std::make_shared<const Column>(std::move(out_)), constant};
  }

 private:
  Column out_;
  uint32_t values_ = 0;
};

// map_single for a boolean result over the first `nargs` arguments: the
// same rows, nulls and warnings; pred(vi) gives a row's value, written
// through a BooleanWriter.
template <class Pred>
Vec map_single_boolean(const Expression& self, EvalContext& ctx, size_t rows, const std::vector<Vec>& args,
                       size_t nargs, Pred&& pred) {
  SingleValues values(args, nargs);
  const size_t n = values.all_constant() ? 1 : rows;
  BooleanWriter out(n);
  for (size_t r = 0; r < n; ++r) {
    if (const uint32_t* vi = values.at(self, ctx, r)) out.value(r, pred(vi));
    else out.null(r);
  }
  return out.finish(values.all_constant());
}

// Multi-value-aware loop: fn(out, r) sees the whole row (use args[i].count(r)
// / begin(r)) and appends any number of values; the position is then closed.
template <class Fn>
Vec map_rows(size_t rows, DataType out_type, const std::vector<Vec>& args, Fn&& fn) {
  bool all_const = true;
  for (const auto& a : args) all_const &= a.constant;
  const size_t n = all_const ? 1 : rows;
  Column out(out_type);
  out.reserve(n, n);
  for (size_t r = 0; r < n; ++r) {
    fn(out, r);
    out.end_row();
  }
  return Vec{std::make_shared<const Column>(std::move(out)), all_const};
}

}  // namespace trailhound
