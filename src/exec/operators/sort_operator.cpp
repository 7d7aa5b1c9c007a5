// SORT, and SORT followed by LIMIT (top-N). Nulls sort as larger than any
// value (last for ASC, first for DESC) unless NULLS FIRST/LAST says otherwise;
// a multi-valued key sorts by its minimum (ASC) or maximum (DESC). §2.10.
#include <algorithm>
#include <numeric>

#include "exec/operators/operator.h"

namespace trailhound {

namespace {

class SortOperator final : public Operator {
 public:
  SortOperator(std::vector<SortKeySpec> keys, int64_t limit) : keys_(std::move(keys)), limit_(limit) {}

  Status push(Batch batch, EvalContext& ctx) override {
    if (limit_ == 0) return Status();
    if (acc_.columns.empty() && acc_.rows() == 0) {
      for (auto& nc : batch.columns) acc_.columns.push_back({nc.name, std::make_shared<const Column>(nc.column->type)});
    }
    for (auto& nc : batch.columns) {
      const int i = acc_.find(nc.name);
      if (i < 0) continue;
      append_column(const_cast<Column&>(*acc_.columns[i].column), *nc.column);
    }
    acc_.row_count += batch.rows();
    // Top-N keeps memory bounded: compact once the buffer is well past the limit.
    if (limit_ > 0 && acc_.rows() > static_cast<size_t>(std::max<int64_t>(2 * limit_, 4096))) sort_and_truncate(ctx);
    return Status();
  }

  Status finish(EvalContext& ctx) override {
    if (acc_.rows() > 0) {
      sort_and_truncate(ctx);
      Batch out = std::move(acc_);
      if (Status s = emit(std::move(out), ctx); !s.ok()) return s;
    }
    return Operator::finish(ctx);
  }
  bool done() const override { return false; }

 private:
  void sort_and_truncate(EvalContext& ctx) {
    const size_t n = acc_.rows();
    struct KeyData {
      Vec v;
      std::vector<int64_t> pick;  // chosen value index per row, -1 for null
    };
    std::vector<KeyData> kd;
    for (const auto& k : keys_) {
      KeyData d{k.expr->eval(acc_, ctx), {}};
      d.pick.resize(n, -1);
      if (d.v.type() != DataType::Null)
        for (size_t r = 0; r < n; ++r) {
          const uint32_t c = d.v.count(r), b = d.v.begin(r);
          if (c == 0) continue;
          uint32_t best = b;
          for (uint32_t i = b + 1; i < b + c; ++i) {
            const int cmp = compare_values(d.v.c(), i, d.v.c(), best);
            if (k.ascending ? cmp < 0 : cmp > 0) best = i;
          }
          d.pick[r] = best;
        }
      kd.push_back(std::move(d));
    }
    std::vector<uint32_t> idx(n);
    std::iota(idx.begin(), idx.end(), 0u);
    auto less = [&](uint32_t a, uint32_t b) {
      for (size_t k = 0; k < keys_.size(); ++k) {
        const int64_t pa = kd[k].pick[a], pb = kd[k].pick[b];
        if (pa < 0 || pb < 0) {
          if (pa < 0 && pb < 0) continue;
          const bool a_null = pa < 0;
          return keys_[k].nulls_first ? a_null : !a_null;
        }
        int c = compare_values(kd[k].v.c(), static_cast<uint32_t>(pa), kd[k].v.c(), static_cast<uint32_t>(pb));
        if (c == 0) continue;
        return keys_[k].ascending ? c < 0 : c > 0;
      }
      return false;
    };
    if (limit_ > 0 && static_cast<size_t>(limit_) < n) {
      std::partial_sort(idx.begin(), idx.begin() + limit_, idx.end(), [&](uint32_t a, uint32_t b) {
        return less(a, b) || (!less(b, a) && a < b);  // stable among ties
      });
      idx.resize(static_cast<size_t>(limit_));
    } else {
      std::stable_sort(idx.begin(), idx.end(), less);
    }
    acc_ = gather_rows(acc_, idx);
  }

  std::vector<SortKeySpec> keys_;
  int64_t limit_;
  Batch acc_;
};

}  // namespace

OperatorPtr make_sort_operator(std::vector<SortKeySpec> keys, int64_t limit) {
  return std::make_unique<SortOperator>(std::move(keys), limit);
}

}  // namespace trailhound
