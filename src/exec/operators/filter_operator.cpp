#include "exec/operators/operator.h"

namespace trailhound {

namespace {

class FilterOperator final : public Operator {
 public:
  explicit FilterOperator(ExprP cond) : cond_(std::move(cond)) {}
  Status push(Batch batch, EvalContext& ctx) override {
    const std::vector<uint32_t> keep = rows_kept(cond_->eval(batch, ctx), batch.rows());
    if (keep.size() == batch.rows()) return emit(std::move(batch), ctx);
    if (keep.empty()) return Status();
    return emit(gather_rows(batch, keep), ctx);
  }

 private:
  ExprP cond_;
};

}  // namespace

OperatorPtr make_filter_operator(ExprP condition) { return std::make_unique<FilterOperator>(std::move(condition)); }

}  // namespace trailhound
