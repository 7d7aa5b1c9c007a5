// STATS … BY: hash aggregation. Memory is bounded by the live groups (and the
// distinct values COUNT_DISTINCT/VALUES keep), never by the input size: per
// group, its key once (GroupIds) and each aggregate's state; the result is
// emitted a batch of groups at a time. Groups come out in first-seen order.
#include <algorithm>

#include "exec/aggregates/group_ids.h"
#include "exec/operators/operator.h"

namespace trailhound {

namespace {

class AggregateOperator final : public Operator {
 public:
  AggregateOperator(std::vector<NamedExpr> groups, std::vector<AggregateColumn> aggs)
      : groups_(std::move(groups)), aggs_(std::move(aggs)), ids_(key_types(groups_)) {
    for (const auto& a : aggs_) states_.push_back(make_aggregator(a.spec));
  }

  Status push(Batch batch, EvalContext& ctx) override {
    const size_t n = batch.rows();
    std::vector<uint32_t> rows, gids;
    rows.reserve(n);
    gids.reserve(n);
    if (groups_.empty()) {
      for (size_t r = 0; r < n; ++r) {
        rows.push_back(static_cast<uint32_t>(r));
        gids.push_back(0);
      }
    } else {
      std::vector<Vec> kv;
      for (const auto& g : groups_) kv.push_back(g.expr->eval(batch, ctx));
      std::vector<uint32_t> pick(kv.size());
      for (size_t r = 0; r < n; ++r) {
        // Cross product of the key values (a null key is one "null" value).
        std::fill(pick.begin(), pick.end(), 0);
        while (true) {
          rows.push_back(static_cast<uint32_t>(r));
          gids.push_back(ids_.find_or_add(kv, r, pick));
          size_t k = 0;
          for (; k < kv.size(); ++k) {
            const uint32_t cnt = kv[k].type() == DataType::Null ? 0 : kv[k].count(r);
            if (pick[k] + 1 < cnt) {
              ++pick[k];
              break;
            }
            pick[k] = 0;
          }
          if (k == kv.size()) break;
        }
      }
    }
    for (size_t a = 0; a < aggs_.size(); ++a) {
      const AggregateSpec& spec = aggs_[a].spec;
      Vec input = spec.arg ? spec.arg->eval(batch, ctx) : null_vec(DataType::Null);
      std::vector<Vec> inputs;  // [arg, extra...] for multi-input aggregates
      if (!spec.extra.empty()) {
        inputs.push_back(input);
        for (const auto& x : spec.extra) inputs.push_back(x->eval(batch, ctx));
      }
      auto feed = [&](const std::vector<uint32_t>& r, const std::vector<uint32_t>& g) {
        if (inputs.empty()) states_[a]->add(input, r, g, ctx);
        else states_[a]->add_multi(inputs, r, g, ctx);
      };
      if (!spec.filter) {
        feed(rows, gids);
        continue;
      }
      // Rows failing the filter (false or null) do not feed this aggregate; groups still exist.
      Vec f = spec.filter->eval(batch, ctx);
      std::vector<uint32_t> fr, fg;
      for (size_t i = 0; i < rows.size(); ++i) {
        const size_t r = rows[i];
        if (f.type() == DataType::Boolean && f.count(r) == 1 && f.c().i64[f.begin(r)]) {
          fr.push_back(rows[i]);
          fg.push_back(gids[i]);
        }
      }
      feed(fr, fg);
    }
    return Status();
  }

  Status finish(EvalContext& ctx) override {
    // The result goes out kBatchRows groups at a time: built whole, it would
    // hold every group's values a second time, next to the states. (Every
    // batch is built even past a LIMIT: results may warn, as in one batch.)
    const size_t groups = groups_.empty() ? 1 : ids_.size();  // no BY: exactly one row, even on empty input
    for (size_t begin = 0; begin < groups; begin += kBatchRows) {
      const size_t end = std::min(groups, begin + kBatchRows);
      Batch out;
      out.row_count = end - begin;
      for (size_t a = 0; a < aggs_.size(); ++a)
        out.columns.push_back({aggs_[a].name, std::make_shared<const Column>(states_[a]->result(begin, end, ctx))});
      for (size_t k = 0; k < groups_.size(); ++k) {
        auto slice = std::make_shared<Column>(groups_[k].expr->type());
        for (size_t g = begin; g < end; ++g) ids_.append_key(k, static_cast<uint32_t>(g), *slice);
        set_column(out, groups_[k].name, std::move(slice));
      }
      if (Status s = emit(std::move(out), ctx); !s.ok()) return s;
    }
    return Operator::finish(ctx);
  }
  bool done() const override { return false; }

 private:
  static std::vector<DataType> key_types(const std::vector<NamedExpr>& groups) {
    std::vector<DataType> types;
    for (const auto& g : groups) types.push_back(g.expr->type());
    return types;
  }

  std::vector<NamedExpr> groups_;
  std::vector<AggregateColumn> aggs_;
  GroupIds ids_;
  std::vector<std::unique_ptr<GroupedAggregator>> states_;
};

}  // namespace

OperatorPtr make_aggregate_operator(std::vector<NamedExpr> groups, std::vector<AggregateColumn> aggregates) {
  return std::make_unique<AggregateOperator>(std::move(groups), std::move(aggregates));
}

}  // namespace trailhound
