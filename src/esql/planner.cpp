#include "esql/planner.h"

namespace trailhound::esql {

std::vector<OperatorPtr> build_operators(const LogicalPlan& plan, int64_t implicit_limit) {
  std::vector<OperatorPtr> ops;
  const auto& steps = plan.steps;
  for (size_t i = 0; i < steps.size(); ++i) {
    const PlanStep& s = steps[i];
    if (auto* e = std::get_if<EvalStep>(&s)) {
      ops.push_back(make_eval_operator(e->fields));
    } else if (auto* f = std::get_if<FilterStep>(&s)) {
      ops.push_back(make_filter_operator(f->condition));
    } else if (auto* d = std::get_if<DissectStep>(&s)) {
      ops.push_back(make_dissect_operator(d->input, d->pattern));
    } else if (auto* g = std::get_if<GrokStep>(&s)) {
      ops.push_back(make_grok_operator(g->input, g->pattern));
    } else if (auto* p = std::get_if<ProjectStep>(&s)) {
      ops.push_back(make_project_operator(p->columns));
    } else if (auto* a = std::get_if<AggregateStep>(&s)) {
      ops.push_back(make_aggregate_operator(a->groups, a->aggregates));
    } else if (auto* is = std::get_if<InlineStatsStep>(&s)) {
      ops.push_back(make_inline_stats_operator(is->groups, is->aggregates, is->finals));
    } else if (auto* so = std::get_if<SortStep>(&s)) {
      int64_t limit = -1;
      // SORT | LIMIT n → top-N (the LIMIT operator stays; it is then a no-op).
      if (i + 1 < steps.size())
        if (auto* l = std::get_if<LimitStep>(&steps[i + 1])) limit = l->count;
      if (limit < 0 && i + 1 == steps.size() && !plan.ends_with_limit) limit = implicit_limit;
      ops.push_back(make_sort_operator(so->keys, limit));
    } else if (auto* l = std::get_if<LimitStep>(&s)) {
      ops.push_back(make_limit_operator(l->count));
    } else if (auto* m = std::get_if<MvExpandStep>(&s)) {
      ops.push_back(make_mv_expand_operator(m->column));
    }
  }
  if (!plan.ends_with_limit && implicit_limit >= 0) ops.push_back(make_limit_operator(implicit_limit));
  return ops;
}

}  // namespace trailhound::esql
