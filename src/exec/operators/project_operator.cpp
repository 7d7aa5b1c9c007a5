#include "exec/operators/operator.h"

namespace trailhound {

namespace {

class ProjectOperator final : public Operator {
 public:
  explicit ProjectOperator(std::vector<ProjectColumn> cols) : cols_(std::move(cols)) {}
  Status push(Batch batch, EvalContext& ctx) override {
    Batch out;
    out.row_count = batch.rows();
    for (const auto& c : cols_) {
      const int i = batch.find(c.source);
      if (i >= 0) out.columns.push_back({c.name, batch.columns[i].column});
      else out.columns.push_back({c.name, std::make_shared<const Column>(null_column(c.type, batch.rows()))});
    }
    return emit(std::move(out), ctx);
  }

 private:
  std::vector<ProjectColumn> cols_;
};

}  // namespace

OperatorPtr make_project_operator(std::vector<ProjectColumn> columns) {
  return std::make_unique<ProjectOperator>(std::move(columns));
}

}  // namespace trailhound
