#include "exec/operators/operator.h"

namespace trailhound {

namespace {

class FilterOperator final : public Operator {
 public:
  explicit FilterOperator(ExprP cond) : cond_(std::move(cond)) {}
  Status push(Batch batch, EvalContext& ctx) override {
    Vec v = cond_->eval(batch, ctx);
    const size_t n = batch.rows();
    std::vector<uint32_t> keep;
    keep.reserve(n);
    // Only a single true value keeps the row (null, false, multi-valued drop it).
    if (v.type() == DataType::Boolean)
      for (size_t r = 0; r < n; ++r)
        if (v.count(r) == 1 && v.c().i64[v.begin(r)]) keep.push_back(static_cast<uint32_t>(r));
    if (keep.size() == n) return emit(std::move(batch), ctx);
    if (keep.empty()) return Status();
    Batch out;
    out.row_count = keep.size();
    for (auto& nc : batch.columns)
      out.columns.push_back({nc.name, std::make_shared<const Column>(gather(*nc.column, keep))});
    return emit(std::move(out), ctx);
  }

 private:
  ExprP cond_;
};

}  // namespace

OperatorPtr make_filter_operator(ExprP condition) { return std::make_unique<FilterOperator>(std::move(condition)); }

}  // namespace trailhound
