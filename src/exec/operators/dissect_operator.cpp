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
    const size_t n = batch.rows();
    for (size_t r = 0; r < n; ++r) {
      // Multi-valued input: each value is dissected, non-matching values add nothing.
      const uint32_t b = in.begin(r), cnt = in.type() == DataType::Null ? 0 : in.count(r);
      for (uint32_t k = b; k < b + cnt; ++k) {
        if (!pattern_.match(in.c().str[k], values)) continue;
        for (size_t o = 0; o < outs.size(); ++o) outs[o].push_str(values[o]);
      }
      for (auto& c : outs) c.end_row();
    }
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
