// INLINE STATS: a pipeline breaker that aggregates its whole input with the
// STATS machinery, then appends each row's group results to that row.
#include "exec/aggregates/group_ids.h"
#include "exec/operators/operator.h"

namespace trailhound {

namespace {

// The batches STATS emitted (a part of the groups each) as one batch; they are
// consumed (a second copy of every group would outlive the concatenation).
Batch concatenate(std::vector<Batch> batches) {
  if (batches.size() == 1) return std::move(batches.front());
  Batch all;
  if (batches.empty()) return all;
  for (const auto& nc : batches.front().columns) {
    auto column = std::make_shared<Column>(nc.column->type);
    for (const auto& b : batches) append_column(*column, *b.columns[all.columns.size()].column);
    all.columns.push_back({nc.name, std::move(column)});
  }
  for (const auto& b : batches) all.row_count += b.rows();
  return all;
}

class InlineStatsOperator final : public Operator {
 public:
  InlineStatsOperator(std::vector<NamedExpr> groups, std::vector<AggregateColumn> aggs, std::vector<NamedExpr> finals)
      : groups_(std::move(groups)), finals_(std::move(finals)), agg_(make_aggregate_operator(groups_, std::move(aggs))) {
    agg_->set_next(&collect_);
  }

  Status push(Batch batch, EvalContext& ctx) override {
    if (batch.rows() == 0) return Status();
    if (Status s = agg_->push(batch, ctx); !s.ok()) return s;
    buffered_.push_back(std::move(batch));
    return Status();
  }

  Status finish(EvalContext& ctx) override {
    if (Status s = agg_->finish(ctx); !s.ok()) return s;
    Batch result = concatenate(std::move(collect_.batches));
    collect_.batches.clear();
    // Final values per group.
    std::vector<ColumnPtr> finals;
    for (const auto& f : finals_) {
      Vec v = f.expr->eval(result, ctx);
      finals.push_back(materialize(v, result.rows()));
      set_column(result, f.name, finals.back());
    }
    // Group key → result row. Result rows are distinct groups in order, so
    // adding them gives each the id of its row. A multi-valued key of an
    // input row joins the group of its first value.
    const std::vector<uint32_t> first(groups_.size(), 0);
    std::vector<Vec> result_keys;
    std::vector<DataType> key_types;
    for (const auto& g : groups_) {
      const int i = result.find(g.name);
      result_keys.push_back(i >= 0 ? Vec{result.columns[i].column, false} : null_vec(DataType::Null));
      key_types.push_back(result_keys.back().type());
    }
    GroupIds index(key_types);
    for (size_t r = 0; r < result.rows(); ++r) index.find_or_add(result_keys, r, first);
    for (auto& batch : buffered_) {
      std::vector<Vec> kv;
      for (const auto& g : groups_) kv.push_back(g.expr->eval(batch, ctx));
      std::vector<uint32_t> rows(batch.rows());
      for (size_t r = 0; r < batch.rows(); ++r) rows[r] = index.find(kv, r, first);
      for (size_t f = 0; f < finals_.size(); ++f) {
        Column out(finals[f]->type);
        for (size_t r = 0; r < batch.rows(); ++r) {
          if (rows[r] == GroupIds::kNone) out.push_null();
          else out.append_from(*finals[f], rows[r]);
        }
        set_column(batch, finals_[f].name, std::make_shared<const Column>(std::move(out)));
      }
      if (Status s = emit(std::move(batch), ctx); !s.ok()) return s;
      if (next_ && next_->done()) break;
    }
    buffered_.clear();
    return Operator::finish(ctx);
  }
  bool done() const override { return false; }

 private:
  std::vector<NamedExpr> groups_;
  std::vector<NamedExpr> finals_;
  OperatorPtr agg_;
  CollectOperator collect_;
  std::vector<Batch> buffered_;
};

}  // namespace

OperatorPtr make_inline_stats_operator(std::vector<NamedExpr> groups, std::vector<AggregateColumn> aggregates,
                                       std::vector<NamedExpr> finals) {
  return std::make_unique<InlineStatsOperator>(std::move(groups), std::move(aggregates), std::move(finals));
}

}  // namespace trailhound
