// INLINE STATS: a pipeline breaker that aggregates its whole input with the
// STATS machinery, then appends each row's group results to that row.
#include <unordered_map>

#include "exec/operators/operator.h"

namespace trailhound {

namespace {

// A row's group key: the same encoding the aggregate operator uses. A
// multi-valued key joins the group of its first value.
void row_key(std::string& key, const std::vector<Vec>& kv, size_t r) {
  key.clear();
  for (const auto& v : kv) {
    if (v.type() == DataType::Null || v.count(r) == 0) key += '\0';
    else append_group_key_value(key, v.c(), v.begin(r));
  }
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
    Batch result;
    if (!collect_.batches.empty()) result = std::move(collect_.batches.front());
    // Final values per group, and group key → result row.
    std::vector<ColumnPtr> finals;
    for (const auto& f : finals_) {
      Vec v = f.expr->eval(result, ctx);
      finals.push_back(materialize(v, result.rows()));
      set_column(result, f.name, finals.back());
    }
    std::unordered_map<std::string, uint32_t> index;
    {
      std::vector<Vec> kv;
      for (const auto& g : groups_) {
        const int i = result.find(g.name);
        kv.push_back(i >= 0 ? Vec{result.columns[i].column, false} : null_vec(DataType::Null));
      }
      std::string key;
      for (size_t r = 0; r < result.rows(); ++r) {
        row_key(key, kv, r);
        index.emplace(key, static_cast<uint32_t>(r));
      }
    }
    std::string key;
    for (auto& batch : buffered_) {
      std::vector<Vec> kv;
      for (const auto& g : groups_) kv.push_back(g.expr->eval(batch, ctx));
      std::vector<uint32_t> rows(batch.rows());
      std::vector<bool> missing(batch.rows(), false);
      for (size_t r = 0; r < batch.rows(); ++r) {
        row_key(key, kv, r);
        auto it = index.find(key);
        if (it == index.end()) missing[r] = true;
        else rows[r] = it->second;
      }
      for (size_t f = 0; f < finals_.size(); ++f) {
        Column out(finals[f]->type);
        for (size_t r = 0; r < batch.rows(); ++r) {
          if (missing[r]) out.push_null();
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
