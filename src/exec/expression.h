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

// Single-value evaluation loop. For each row (one row when all arguments are
// constant): an argument that is null makes the result null; one that is
// multi-valued makes it null and records the multi-value warning (arguments
// checked in order, as Elasticsearch's generated evaluators do). Otherwise
// fn(out, vi) is called with the value index of every argument and appends
// zero values (null) or one value; the position is then closed.
template <class Fn>
Vec map_single(const Expression& self, EvalContext& ctx, size_t rows, DataType out_type,
               const std::vector<Vec>& args, Fn&& fn) {
  bool all_const = true;
  for (const auto& a : args) all_const &= a.constant;
  const size_t n = all_const ? 1 : rows;
  Column out(out_type);
  out.reserve(n, n);
  uint32_t vi[16];
  for (size_t r = 0; r < n; ++r) {
    bool ok = true;
    for (size_t i = 0; i < args.size(); ++i) {
      const uint32_t c = args[i].count(r);
      if (c == 1) {
        vi[i] = args[i].begin(r);
        continue;
      }
      if (c > 1) ctx.warnings.failure(self.source(), kMultiValueFailure);
      ok = false;
      break;
    }
    if (ok) fn(out, static_cast<const uint32_t*>(vi));
    out.end_row();
  }
  return Vec{std::make_shared<const Column>(std::move(out)), all_const};
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
