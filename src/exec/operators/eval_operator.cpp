#include "exec/operators/operator.h"

namespace trailhound {

void set_column(Batch& batch, const std::string& name, ColumnPtr column) {
  const int i = batch.find(name);
  if (i >= 0) batch.columns.erase(batch.columns.begin() + i);
  batch.columns.push_back({name, std::move(column)});
}

namespace {

class EvalOperator final : public Operator {
 public:
  explicit EvalOperator(std::vector<NamedExpr> fields) : fields_(std::move(fields)) {}
  Status push(Batch batch, EvalContext& ctx) override {
    for (const auto& f : fields_) {
      Vec v = f.expr->eval(batch, ctx);
      set_column(batch, f.name, materialize(v, batch.rows()));
    }
    return emit(std::move(batch), ctx);
  }

 private:
  std::vector<NamedExpr> fields_;
};

}  // namespace

OperatorPtr make_eval_operator(std::vector<NamedExpr> fields) { return std::make_unique<EvalOperator>(std::move(fields)); }

}  // namespace trailhound
