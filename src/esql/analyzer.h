// ES|QL analysis: resolves names and types of a parsed query against a
// Catalog and produces the LogicalPlan the planner executes.
//
// Contract:
// - Errors are Status::analysis_error / unsupported with "line L:C: ..."
//   messages in Elasticsearch's wording where known: "Unknown column [x]",
//   "Unknown index [x]", "first argument of [f(x)] must be [string], found
//   value [x] type [long]"; features the engine does not run give
//   "line L:C: unsupported: <feature>" (ENRICH, LOOKUP JOIN, FORK,
//   COMPLETION, unknown functions, parameters, regex constructs RE2 cannot
//   run...).
// - `field : "query"` binds as MATCH(field, "query") (functions/fulltext).
// - KQL("...") is bound here (its fields are columns of the current schema).
// - Column order, shadowing and naming follow esql-semantics.md §1.7 and §2.
// - The plan records, per index, only the fields the query reads (projection).
#pragma once

#include "common/status.h"
#include "esql/ast.h"
#include "esql/logical_plan.h"
#include "exec/catalog.h"

namespace trailhound::esql {

Result<LogicalPlan> analyze(const Query& query, const Catalog& catalog);

}  // namespace trailhound::esql
