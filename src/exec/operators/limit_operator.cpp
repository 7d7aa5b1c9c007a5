#include "exec/operators/operator.h"

#include <numeric>

namespace trailhound {

namespace {

class LimitOperator final : public Operator {
 public:
  explicit LimitOperator(int64_t limit) : remaining_(limit) {}
  Status push(Batch batch, EvalContext& ctx) override {
    if (remaining_ <= 0) return Status();
    if (static_cast<int64_t>(batch.rows()) <= remaining_) {
      remaining_ -= static_cast<int64_t>(batch.rows());
      return emit(std::move(batch), ctx);
    }
    std::vector<uint32_t> rows(static_cast<size_t>(remaining_));
    std::iota(rows.begin(), rows.end(), 0u);
    remaining_ = 0;
    return emit(gather_rows(batch, rows), ctx);
  }
  bool done() const override { return remaining_ <= 0 || Operator::done(); }

 private:
  int64_t remaining_;
};

}  // namespace

OperatorPtr make_limit_operator(int64_t limit) { return std::make_unique<LimitOperator>(limit); }

}  // namespace trailhound
