// User-agent OS and device fields filled after a query's leading filters,
// for the rows that pass them, instead of for every record normalized.
//
// Why: those fields come from uap-core's OS and device lists, whose ~800
// regular expressions take ~0.15 CPU-s to compile. Rules that only show them
// (`KEEP … user_agent.*` after a WHERE) made every hunt compile them, though
// such rules keep a row only now and then.
//
// Contract:
// - plan_deferral(query, parser) says which of kDeferrableFields the query
//   reads (needed_fields of the CloudTrail index) that its leading filters
//   (the plan's first steps, while they are filters) do not read, and keeps
//   those filters. Nothing is deferred when the query starts with another
//   step, when a filter holds an expression this module cannot see into, when
//   the query's NOW() is not fixed (QueryOptions::now_millis 0), or without
//   a parser.
// - lacks_deferred(batch, plan): some deferred field is not a column of
//   `batch` (a batch holds a deferred field when another query of its rule
//   set reads it as normalized).
// - complete(batch, plan, parser): `batch` holds user_agent.original.
//   Returns the rows the leading filters keep, with the deferred columns it
//   lacks added, each computed from user_agent.original exactly
//   as the normalizer computes it (absent agent: null; device name "Other"
//   when no rule names it). When evaluating the filters raises a warning, the
//   rows are not filtered (the query must see them to raise it itself): every
//   row gets the fields. The query then runs its filters again on the result,
//   which changes nothing.
#pragma once

#include <array>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "esql/prepared_query.h"
#include "exec/column.h"

namespace trailhound::ecs {
class UserAgentParser;
}

namespace trailhound::pipeline {

inline constexpr std::array<std::string_view, 4> kDeferrableFields = {
    "user_agent.device.name", "user_agent.os.full", "user_agent.os.name", "user_agent.os.version"};
inline constexpr std::string_view kUserAgentOriginal = "user_agent.original";

struct DeferralPlan {
  std::vector<SchemaField> fields;   // deferred (empty: nothing is)
  std::vector<ExprP> leading_filters;
  int64_t now_millis = 0;
  unsigned parts = 0;  // UserAgentParser::Parts the fields need
  bool empty() const { return fields.empty(); }
};

DeferralPlan plan_deferral(const PreparedQuery& query, const ecs::UserAgentParser* parser);

bool lacks_deferred(const Batch& batch, const DeferralPlan& plan);
Batch complete(const Batch& batch, const DeferralPlan& plan, const ecs::UserAgentParser& parser);

}  // namespace trailhound::pipeline
