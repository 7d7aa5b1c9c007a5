#include "exec/expression.h"

namespace trailhound {

Vec ColumnRef::eval(const Batch& batch, EvalContext&) const {
  const int i = batch.find(name_);
  if (i < 0 || batch.columns[i].column->type != type()) return null_vec(type());
  return Vec{batch.columns[i].column, false};
}

Vec FnExpr::eval(const Batch& batch, EvalContext& ctx) const {
  std::vector<Vec> vals;
  vals.reserve(args_.size());
  for (const auto& a : args_) vals.push_back(a->eval(batch, ctx));
  return impl_(*this, vals, batch.rows(), ctx);
}

bool FnExpr::foldable() const {
  if (!can_fold_) return false;
  for (const auto& a : args_)
    if (!a->foldable()) return false;
  return true;
}

ExprP make_literal(Column value, WarningSource src) {
  return std::make_shared<Literal>(std::make_shared<const Column>(std::move(value)), std::move(src));
}

ExprP make_null_literal(DataType type, WarningSource src) {
  return make_literal(null_column(type, 1), std::move(src));
}

Vec fold(const Expression& e, EvalContext& ctx) {
  Batch one;
  one.row_count = 1;
  Vec v = e.eval(one, ctx);
  v.constant = true;
  return v;
}

}  // namespace trailhound
