// STATS … BY: hash aggregation. Memory is bounded by the live groups (and the
// distinct values COUNT_DISTINCT/VALUES keep), never by the input size.
#include <cstring>
#include <unordered_map>

#include "exec/operators/operator.h"

namespace trailhound {

void append_group_key_value(std::string& key, const Column& c, uint32_t vi) {
  key += '\1';
  if (c.type == DataType::Double) {
    double d = c.f64[vi];
    if (d == 0) d = 0;
    key.append(reinterpret_cast<const char*>(&d), sizeof d);
  } else if (is_int64_backed(c.type)) {
    key.append(reinterpret_cast<const char*>(&c.i64[vi]), sizeof(int64_t));
  } else {
    const uint32_t len = static_cast<uint32_t>(c.str[vi].size());
    key.append(reinterpret_cast<const char*>(&len), sizeof len);
    key += c.str[vi];
  }
}

namespace {

class AggregateOperator final : public Operator {
 public:
  AggregateOperator(std::vector<NamedExpr> groups, std::vector<AggregateColumn> aggs)
      : groups_(std::move(groups)), aggs_(std::move(aggs)) {
    for (const auto& g : groups_) keys_.emplace_back(g.expr->type());
    for (const auto& a : aggs_) states_.push_back(make_aggregator(a.spec));
    if (groups_.empty()) group_count_ = 1;  // no BY: exactly one row, even on empty input
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
      std::string key;
      for (size_t r = 0; r < n; ++r) {
        // Cross product of the key values (a null key is one "null" value).
        std::fill(pick.begin(), pick.end(), 0);
        while (true) {
          key.clear();
          for (size_t k = 0; k < kv.size(); ++k) {
            if (kv[k].count(r) == 0 || kv[k].type() == DataType::Null) key += '\0';
            else append_group_key_value(key, kv[k].c(), kv[k].begin(r) + pick[k]);
          }
          rows.push_back(static_cast<uint32_t>(r));
          gids.push_back(group_id(key, kv, r, pick));
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
    Batch out;
    out.row_count = group_count_;
    for (size_t a = 0; a < aggs_.size(); ++a)
      out.columns.push_back({aggs_[a].name, std::make_shared<const Column>(states_[a]->result(group_count_, ctx))});
    for (size_t k = 0; k < groups_.size(); ++k)
      set_column(out, groups_[k].name, std::make_shared<const Column>(std::move(keys_[k])));
    if (Status s = emit(std::move(out), ctx); !s.ok()) return s;
    return Operator::finish(ctx);
  }
  bool done() const override { return false; }

 private:
  uint32_t group_id(const std::string& key, const std::vector<Vec>& kv, size_t r, const std::vector<uint32_t>& pick) {
    auto [it, inserted] = ids_.try_emplace(key, static_cast<uint32_t>(group_count_));
    if (inserted) {
      ++group_count_;
      for (size_t k = 0; k < kv.size(); ++k) {
        if (kv[k].count(r) > 0 && kv[k].type() != DataType::Null) keys_[k].push_value_from(kv[k].c(), kv[k].begin(r) + pick[k]);
        keys_[k].end_row();
      }
    }
    return it->second;
  }

  std::vector<NamedExpr> groups_;
  std::vector<AggregateColumn> aggs_;
  std::vector<Column> keys_;
  std::vector<std::unique_ptr<GroupedAggregator>> states_;
  std::unordered_map<std::string, uint32_t> ids_;
  size_t group_count_ = 0;
};

}  // namespace

OperatorPtr make_aggregate_operator(std::vector<NamedExpr> groups, std::vector<AggregateColumn> aggregates) {
  return std::make_unique<AggregateOperator>(std::move(groups), std::move(aggregates));
}

}  // namespace trailhound
