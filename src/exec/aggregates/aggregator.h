// Grouped aggregate functions for STATS: COUNT, COUNT(*), COUNT_DISTINCT,
// VALUES, MIN, MAX, SUM, AVG, and (statistical_aggregates.cpp) PERCENTILE,
// MEDIAN, MEDIAN_ABSOLUTE_DEVIATION, STD_DEV, VARIANCE, WEIGHTED_AVG,
// PRESENT/ABSENT, TOP, and (first_last_aggregate.cpp) FIRST/LAST (esql-semantics.md §2.9, §5 "Aggregations").
//
// Contract:
// - State is per group id (dense, 0..groups-1); memory is bounded by the
//   number of live groups (and distinct values for COUNT_DISTINCT/VALUES).
// - add() feeds (row, group) pairs: row rows[i] of `input` goes to group
//   groups[i]. Nulls are skipped; every value of a multi-value is used.
// - result(begin, end) returns one position per group of [begin, end), in
//   group-id order; STATS asks for the groups a batch at a time, so that only
//   the state (not a whole result) is held for every group.
// - COUNT_DISTINCT is exact (equal to Elasticsearch's HLL++ below its
//   precision threshold, see §5). VALUES lists distinct values in ascending
//   order (Elasticsearch does not define the order). Both keep each distinct
//   value once per aggregate (distinct_value_sets.h).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "exec/eval_context.h"
#include "exec/expression.h"
#include "exec/functions/function_registry.h"

namespace trailhound {

enum class AggKind {
  Count, CountAll, CountDistinct, Values, Min, Max, Sum, Avg,
  // statistical_aggregates.cpp
  Percentile,   // PERCENTILE(x, p) and MEDIAN(x) (p = 50)
  Mad,          // MEDIAN_ABSOLUTE_DEVIATION
  StdDev,       // population standard deviation
  Variance,     // population variance (VARIANCE, STD_VAR)
  WeightedAvg,  // SUM(x * w) / SUM(w); `extra` holds w
  Present,      // PRESENT / ABSENT (negate)
  Top,          // TOP(x, limit, order)
  // first_last_aggregate.cpp
  First,        // FIRST(x, sort): x at the row with the smallest sort value; `extra` holds sort
  Last,         // LAST(x, sort): x at the row with the largest sort value
};

struct AggregateSpec {
  AggKind kind = AggKind::Count;
  ExprP arg;      // null for COUNT(*)
  ExprP filter;   // per-aggregate WHERE, or null
  DataType type;  // result type
  WarningSource source;
  std::vector<ExprP> extra;  // further per-row inputs (WEIGHTED_AVG's weight)
  double param = 0;          // PERCENTILE's percentile
  int64_t limit = 0;         // TOP's count
  bool ascending = true;     // TOP's order
  bool negate = false;       // ABSENT
};

class GroupedAggregator {
 public:
  virtual ~GroupedAggregator() = default;
  virtual void add(const Vec& input, const std::vector<uint32_t>& rows, const std::vector<uint32_t>& groups,
                   EvalContext& ctx) = 0;
  virtual Column result(size_t begin, size_t end, EvalContext& ctx) = 0;
  // Aggregates with several per-row inputs (spec.extra non-empty) receive
  // [arg, extra...] here instead of add().
  virtual void add_multi(const std::vector<Vec>& inputs, const std::vector<uint32_t>& rows,
                         const std::vector<uint32_t>& groups, EvalContext& ctx) {
    add(inputs[0], rows, groups, ctx);
  }
};

std::unique_ptr<GroupedAggregator> make_aggregator(const AggregateSpec& spec);
// The statistical kinds (Percentile .. Top); nullptr for the others.
std::unique_ptr<GroupedAggregator> make_statistical_aggregator(const AggregateSpec& spec);
// FIRST / LAST.
std::unique_ptr<GroupedAggregator> make_first_last_aggregator(const AggregateSpec& spec);

// Resolves a call of aggregate `name` whose arguments are already bound: sets
// kind, arg, extra, constant parameters and the result type of `spec`, or
// returns Elasticsearch's analysis error. COUNT(*) is handled by the caller.
Status resolve_aggregate_call(const CallInfo& info, std::vector<ExprP> args, AggregateSpec& spec);

// Result type of an aggregate over an argument type; nullopt if unsupported.
std::optional<DataType> aggregate_type(AggKind kind, DataType arg);

}  // namespace trailhound
