// Grouped aggregate functions for STATS: COUNT, COUNT(*), COUNT_DISTINCT,
// VALUES, MIN, MAX, SUM, AVG (esql-semantics.md §2.9, §5 "Aggregations").
//
// Contract:
// - State is per group id (dense, 0..groups-1); memory is bounded by the
//   number of live groups (and distinct values for COUNT_DISTINCT/VALUES).
// - add() feeds (row, group) pairs: row rows[i] of `input` goes to group
//   groups[i]. Nulls are skipped; every value of a multi-value is used.
// - result() returns one position per group, in group-id order.
// - COUNT_DISTINCT is exact (equal to Elasticsearch's HLL++ below its
//   precision threshold, see §5). VALUES lists distinct values in first-seen
//   order (Elasticsearch does not define the order).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "exec/eval_context.h"
#include "exec/expression.h"

namespace trailhound {

enum class AggKind { Count, CountAll, CountDistinct, Values, Min, Max, Sum, Avg };

struct AggregateSpec {
  AggKind kind = AggKind::Count;
  ExprP arg;      // null for COUNT(*)
  ExprP filter;   // per-aggregate WHERE, or null
  DataType type;  // result type
  WarningSource source;
};

class GroupedAggregator {
 public:
  virtual ~GroupedAggregator() = default;
  virtual void add(const Vec& input, const std::vector<uint32_t>& rows, const std::vector<uint32_t>& groups,
                   EvalContext& ctx) = 0;
  virtual Column result(size_t groups, EvalContext& ctx) = 0;
};

std::unique_ptr<GroupedAggregator> make_aggregator(const AggregateSpec& spec);

// Result type of an aggregate over an argument type; nullopt if unsupported.
std::optional<DataType> aggregate_type(AggKind kind, DataType arg);

}  // namespace trailhound
