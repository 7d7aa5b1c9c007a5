// The analyzed query: a resolved, typed, linear plan (source + steps).
//
// Contract: produced by analyze() (analyzer.h), consumed by the planner,
// which turns each step into one physical operator per run. All expressions
// are bound (exec/expression.h) and immutable, so one plan serves many runs.
#pragma once

#include <map>
#include <string>
#include <variant>
#include <vector>

#include "exec/operators/operator.h"
#include "exec/schema.h"

namespace trailhound::esql {

struct Attribute {
  std::string name;
  DataType type;
  std::string source_field;  // FROM field (or metadata) this column reads, "" if computed
};

struct EvalStep { std::vector<NamedExpr> fields; };
struct FilterStep { ExprP condition; };
struct DissectStep { ExprP input; DissectPattern pattern; };
struct GrokStep { ExprP input; GrokPattern pattern; };
struct ProjectStep { std::vector<ProjectColumn> columns; };
struct AggregateStep {
  std::vector<NamedExpr> groups;
  std::vector<AggregateColumn> aggregates;
};
// INLINE STATS: groups are column references; finals compute the appended columns.
struct InlineStatsStep {
  std::vector<NamedExpr> groups;
  std::vector<AggregateColumn> aggregates;
  std::vector<NamedExpr> finals;
};
struct SortStep { std::vector<SortKeySpec> keys; };
struct LimitStep { int64_t count = 0; };
struct MvExpandStep { std::string column; };

using PlanStep = std::variant<EvalStep, FilterStep, DissectStep, GrokStep, ProjectStep, AggregateStep,
                              InlineStatsStep, SortStep, LimitStep, MvExpandStep>;

struct LogicalPlan {
  bool from_indices = false;          // FROM (true) or ROW (false)
  std::vector<std::string> indices;   // FROM: resolved index names
  std::vector<Attribute> source;      // FROM: columns in FROM order (mapped fields, then metadata)
  std::map<std::string, std::vector<SchemaField>> needed;  // per index: fields the query reads
  std::vector<PlanStep> steps;
  std::vector<Attribute> output;      // final columns
  bool ends_with_limit = false;       // a LIMIT follows the last pipeline breaker
  std::vector<std::string> warnings;  // analysis-time warnings, reported by every run
};

}  // namespace trailhound::esql
