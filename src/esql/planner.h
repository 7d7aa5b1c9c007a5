// Physical planning: turns a LogicalPlan into a fresh operator chain for one run.
//
// Contract: SORT directly followed by LIMIT becomes one top-N operator; the
// implicit LIMIT (QueryOptions::implicit_limit) is appended unless the plan
// ends in its own LIMIT after its last pipeline breaker (§2.11).
#pragma once

#include <vector>

#include "esql/logical_plan.h"
#include "exec/operators/operator.h"

namespace trailhound::esql {

std::vector<OperatorPtr> build_operators(const LogicalPlan& plan, int64_t implicit_limit);

}  // namespace trailhound::esql
