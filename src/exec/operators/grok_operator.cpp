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
    extract_per_value(in, batch.rows(), outs,
                      [&](std::string_view value, std::vector<Column>& o) { pattern_.match(value, o); });
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
