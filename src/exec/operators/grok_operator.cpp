#include "exec/operators/operator.h"

namespace trailhound {

namespace {

class GrokOperator final : public Operator {
 public:
  GrokOperator(ExprP input, GrokPattern pattern) : input_(std::move(input)), pattern_(std::move(pattern)) {}
  Status push(Batch batch, EvalContext& ctx) override {
    Vec in = input_->eval(batch, ctx);
    const auto& fields = pattern_.fields();
    std::vector<Column> outs;
    for (const auto& f : fields) outs.emplace_back(f.type);
    const size_t n = batch.rows();
    for (size_t r = 0; r < n; ++r) {
      // Multi-valued input: each value is matched, non-matching values add nothing.
      const uint32_t b = in.begin(r), cnt = in.type() == DataType::Null ? 0 : in.count(r);
      for (uint32_t k = b; k < b + cnt; ++k) pattern_.match(in.c().str[k], outs);
      for (auto& c : outs) c.end_row();
    }
    for (size_t o = 0; o < outs.size(); ++o)
      set_column(batch, fields[o].name, std::make_shared<const Column>(std::move(outs[o])));
    return emit(std::move(batch), ctx);
  }

 private:
  ExprP input_;
  GrokPattern pattern_;
};

}  // namespace

OperatorPtr make_grok_operator(ExprP input, GrokPattern pattern) {
  return std::make_unique<GrokOperator>(std::move(input), std::move(pattern));
}

}  // namespace trailhound
