// Push-based, batch-at-a-time physical operators (one per file in this folder).
//
// Contract:
// - A query run is a chain of operators. push() processes one batch and emits
//   zero or more batches downstream; streaming operators emit immediately,
//   pipeline breakers (STATS, SORT) buffer and emit from finish().
// - finish() flushes and then finishes the next operator.
// - done() becomes true once an operator will ignore further input (LIMIT
//   reached); the driver may stop feeding batches.
// - Operators look columns up by name; a column missing from a batch (not
//   needed by the query) reads as null.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "common/status.h"
#include "exec/aggregates/aggregator.h"
#include "exec/dissect_pattern.h"
#include "exec/grok_pattern.h"
#include "exec/eval_context.h"
#include "exec/expression.h"

namespace trailhound {

class Operator {
 public:
  virtual ~Operator() = default;
  virtual Status push(Batch batch, EvalContext& ctx) = 0;
  virtual Status finish(EvalContext& ctx) { return next_ ? next_->finish(ctx) : Status(); }
  virtual bool done() const { return next_ ? next_->done() : false; }
  void set_next(Operator* next) { next_ = next; }

 protected:
  Status emit(Batch batch, EvalContext& ctx) {
    if (batch.rows() == 0 || !next_) return Status();
    return next_->push(std::move(batch), ctx);
  }
  Operator* next_ = nullptr;
};

using OperatorPtr = std::unique_ptr<Operator>;

struct NamedExpr {
  std::string name;
  ExprP expr;
};

// Replaces or appends a column (removing an existing one of the same name).
void set_column(Batch& batch, const std::string& name, ColumnPtr column);

// DISSECT and GROK: fills `outs` (one column per extracted key, empty) with
// one position per row of the string input `in`. Every value of a row (a
// multi-value gives several) is passed to `match(value, outs)`, which appends
// what it extracts to the open positions; a value that does not match adds
// nothing, so a row none of whose values match is null in every column.
template <class Match>
void extract_per_value(const Vec& in, size_t rows, std::vector<Column>& outs, Match&& match) {
  for (size_t r = 0; r < rows; ++r) {
    const uint32_t b = in.begin(r), cnt = in.type() == DataType::Null ? 0 : in.count(r);
    for (uint32_t k = b; k < b + cnt; ++k) match(in.c().str[k], outs);
    for (auto& c : outs) c.end_row();
  }
}

// EVAL: computes each expression in order (later ones see earlier results).
OperatorPtr make_eval_operator(std::vector<NamedExpr> fields);
// WHERE: keeps rows whose condition is (single-valued) true.
OperatorPtr make_filter_operator(ExprP condition);
// DISSECT: appends one keyword column per pattern key.
OperatorPtr make_dissect_operator(ExprP input, DissectPattern pattern);
// GROK: appends one column per pattern field (GrokPattern::fields() order).
OperatorPtr make_grok_operator(ExprP input, GrokPattern pattern);
// KEEP/DROP/RENAME result: output columns (name, source column, type) in order.
struct ProjectColumn {
  std::string name;
  std::string source;
  DataType type;
};
OperatorPtr make_project_operator(std::vector<ProjectColumn> columns);
// STATS: output = aggregate columns then group columns.
struct AggregateColumn {
  std::string name;
  AggregateSpec spec;
};
OperatorPtr make_aggregate_operator(std::vector<NamedExpr> groups, std::vector<AggregateColumn> aggregates);
// INLINE STATS: buffers its input, aggregates it like STATS (`groups` must be
// column references), then re-emits every input row with the `finals`
// (expressions over the aggregate columns and group keys) appended.
OperatorPtr make_inline_stats_operator(std::vector<NamedExpr> groups, std::vector<AggregateColumn> aggregates,
                                       std::vector<NamedExpr> finals);
// SORT (with an optional limit: top-N).
struct SortKeySpec {
  ExprP expr;
  bool ascending = true;
  bool nulls_first = false;
};
OperatorPtr make_sort_operator(std::vector<SortKeySpec> keys, int64_t limit /* -1: none */);
OperatorPtr make_limit_operator(int64_t limit);
OperatorPtr make_mv_expand_operator(std::string column);
// End of the chain: collects every batch.
class CollectOperator final : public Operator {
 public:
  Status push(Batch batch, EvalContext&) override {
    batches.push_back(std::move(batch));
    return Status();
  }
  Status finish(EvalContext&) override { return Status(); }
  bool done() const override { return false; }
  std::vector<Batch> batches;
};

}  // namespace trailhound
