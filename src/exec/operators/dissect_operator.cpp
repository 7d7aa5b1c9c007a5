#include "exec/operators/operator.h"

namespace trailhound {

namespace {

class DissectOperator final : public Operator {
 public:
  DissectOperator(ExprP input, DissectPattern pattern) : input_(std::move(input)), pattern_(std::move(pattern)) {}
  Status push(Batch batch, EvalContext& ctx) override {
    Vec in = input_->eval(batch, ctx);
    const auto& names = pattern_.output_names();
    std::vector<Column> outs(names.size(), Column(DataType::Keyword));
    std::vector<std::string> values;
    extract_per_value(in, batch.rows(), outs, [&](std::string_view value, std::vector<Column>& o) {
      if (!pattern_.match(value, values)) return;
      for (size_t k = 0; k < o.size(); ++k) o[k].push_str(values[k]);
    });
    for (size_t o = 0; o < outs.size(); ++o) set_column(batch, names[o], std::make_shared<const Column>(std::move(outs[o])));
    return emit(std::move(batch), ctx);
  }

 private:
  ExprP input_;
  DissectPattern pattern_;
};

}  // namespace

OperatorPtr make_dissect_operator(ExprP input, DissectPattern pattern) {
  return std::make_unique<DissectOperator>(std::move(input), std::move(pattern));
}

}  // namespace trailhound
