#include "exec/operators/operator.h"

namespace trailhound {

namespace {

class MvExpandOperator final : public Operator {
 public:
  explicit MvExpandOperator(std::string column) : column_(std::move(column)) {}
  // Output is produced in chunks of at most kBatchRows rows, and production
  // stops once downstream is done (a LIMIT reached): chained MV_EXPANDs can
  // multiply one row into billions, which must never be materialized at once.
  Status push(Batch batch, EvalContext& ctx) override {
    const int ci = batch.find(column_);
    if (ci < 0) return emit(std::move(batch), ctx);
    const Column& src = *batch.columns[ci].column;
    // Row index per output row, and the value index for the expanded column.
    std::vector<uint32_t> rows;
    std::vector<int64_t> values;  // -1: null
    auto flush = [&]() -> Status {
      if (rows.empty()) return Status();
      Batch out;
      out.row_count = rows.size();
      for (size_t i = 0; i < batch.columns.size(); ++i) {
        if (static_cast<int>(i) == ci) {
          Column c(src.type);
          for (int64_t v : values) {
            if (v >= 0) c.push_value_from(src, static_cast<uint32_t>(v));
            c.end_row();
          }
          out.columns.push_back({column_, std::make_shared<const Column>(std::move(c))});
        } else {
          out.columns.push_back({batch.columns[i].name, std::make_shared<const Column>(gather(*batch.columns[i].column, rows))});
        }
      }
      rows.clear();
      values.clear();
      return emit(std::move(out), ctx);
    };
    for (size_t r = 0; r < batch.rows(); ++r) {
      const uint32_t n = src.count(r);
      if (n == 0) {
        rows.push_back(static_cast<uint32_t>(r));
        values.push_back(-1);
      }
      for (uint32_t k = 0; k < n; ++k) {
        rows.push_back(static_cast<uint32_t>(r));
        values.push_back(src.begin(r) + k);
        if (rows.size() >= kBatchRows) {
          if (Status st = flush(); !st.ok()) return st;
          if (done()) return Status();
        }
      }
    }
    return flush();
  }

 private:
  std::string column_;
};

}  // namespace

OperatorPtr make_mv_expand_operator(std::string column) { return std::make_unique<MvExpandOperator>(std::move(column)); }

}  // namespace trailhound
