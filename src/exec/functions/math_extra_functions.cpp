// LOG, CBRT, HYPOT, COPY_SIGN, CLAMP/CLAMP_MIN/CLAMP_MAX, ROUND_TO
// (esql-semantics.md §5 "Math"). Registered from register_math_functions.
#include <algorithm>
#include <cmath>

#include "exec/functions/function_registry.h"
#include "exec/value_format.h"

namespace trailhound {

void register_math_extra_functions(FunctionTable& t);

namespace {

Status check_numeric_arg(const CallInfo& info, const std::vector<ExprP>& args, size_t i) {
  if (is_numeric(args[i]->type()) || args[i]->type() == DataType::Null) return Status();
  return arg_type_error(info, i, args.size(), "numeric", args[i]->type());
}

// LOG([base,] value): Elasticsearch rejects non-positive operands and base 1
// with an ArithmeticException (null + warning). The two-argument form is
// log10(value) / log10(base), which keeps exact results for powers of ten.
Result<ExprP> bind_log(const CallInfo& info, std::vector<ExprP>& args) {
  if (args.empty() || args.size() > 2) return arity_error(info, "one or two");
  for (size_t i = 0; i < args.size(); ++i)
    if (auto s = check_numeric_arg(info, args, i); !s.ok()) return s;
  return ExprP(std::make_shared<FnExpr>(DataType::Double, info.src, args, [](const FnExpr& self, const std::vector<Vec>& a, size_t rows, EvalContext& ctx) {
    return map_single(self, ctx, rows, DataType::Double, a, [&](Column& out, const uint32_t* vi) {
      if (a.size() == 1) {
        const double v = num_at(a[0].c(), vi[0]);
        if (v <= 0) return ctx.warnings.failure(self.source(), "java.lang.ArithmeticException: Log of non-positive number");
        return out.push_f64(std::log(v));
      }
      const double base = num_at(a[0].c(), vi[0]);
      const double v = num_at(a[1].c(), vi[1]);
      if (base <= 0 || v <= 0) return ctx.warnings.failure(self.source(), "java.lang.ArithmeticException: Log of non-positive number");
      if (base == 1) return ctx.warnings.failure(self.source(), "java.lang.ArithmeticException: Log of base 1");
      out.push_f64(std::log10(v) / std::log10(base));
    });
  }));
}

template <int Op>  // 0 cbrt, 1 hypot
Result<ExprP> bind_double_math(const CallInfo& info, std::vector<ExprP>& args) {
  const size_t arity = Op == 1 ? 2 : 1;
  if (args.size() != arity) return arity_error(info, arity == 2 ? "two" : "one");
  for (size_t i = 0; i < arity; ++i)
    if (auto s = check_numeric_arg(info, args, i); !s.ok()) return s;
  return ExprP(std::make_shared<FnExpr>(DataType::Double, info.src, args, [](const FnExpr& self, const std::vector<Vec>& a, size_t rows, EvalContext& ctx) {
    return map_single(self, ctx, rows, DataType::Double, a, [&](Column& out, const uint32_t* vi) {
      const double x = num_at(a[0].c(), vi[0]);
      if (Op == 1) {
        // sqrt(x² + y²) matches Java's results where libm's hypot is one ulp
        // off; hypot only guards against overflow of the squares.
        const double y = num_at(a[1].c(), vi[1]);
        const double s = std::sqrt(x * x + y * y);
        return out.push_f64(std::isfinite(s) ? s : std::hypot(x, y));
      }
      // Java's Math.cbrt is exact for perfect cubes; libm may be one ulp off.
      double r = std::cbrt(x);
      const double rr = std::round(r);
      if (rr * rr * rr == x) r = rr == 0 ? r : rr;
      out.push_f64(r);
    });
  }));
}

// COPY_SIGN(magnitude, sign): the magnitude's type, carrying the sign's sign.
Result<ExprP> bind_copy_sign(const CallInfo& info, std::vector<ExprP>& args) {
  if (args.size() != 2) return arity_error(info, "two");
  for (size_t i = 0; i < 2; ++i)
    if (auto s = check_numeric_arg(info, args, i); !s.ok()) return s;
  const DataType t = args[0]->type() == DataType::Null ? DataType::Double : args[0]->type();
  if (args[0]->type() == DataType::Null || args[1]->type() == DataType::Null) return make_null_literal(t, info.src);
  return ExprP(std::make_shared<FnExpr>(t, info.src, args, [t](const FnExpr& self, const std::vector<Vec>& a, size_t rows, EvalContext& ctx) {
    return map_single(self, ctx, rows, t, a, [&](Column& out, const uint32_t* vi) {
      const Column& s = a[1].c();
      const bool neg = s.type == DataType::Double ? std::signbit(s.f64[vi[1]])
                       : s.type == DataType::UnsignedLong ? false : s.i64[vi[1]] < 0;
      const Column& m = a[0].c();
      if (t == DataType::Double) return out.push_f64(std::copysign(m.f64[vi[0]], neg ? -1.0 : 1.0));
      const int64_t v = m.i64[vi[0]];
      const int64_t mag = v < 0 ? -v : v;
      out.push_i64(neg ? -mag : mag);
    });
  }));
}

// CLAMP(x, min, max) = LEAST(GREATEST(x, min), max); CLAMP_MIN/CLAMP_MAX one bound.
template <int Which>  // 0 clamp, 1 clamp_min, 2 clamp_max
Result<ExprP> bind_clamp(const CallInfo& info, std::vector<ExprP>& args) {
  const size_t arity = Which == 0 ? 3 : 2;
  if (args.size() != arity) return arity_error(info, Which == 0 ? "three" : "two");
  ScalarBinder greatest = find_scalar_function("greatest");
  ScalarBinder least = find_scalar_function("least");
  CallInfo sub = info;
  std::vector<ExprP> first{args[0], args[1]};
  auto r = (Which == 2 ? least : greatest)(sub, first);
  if (!r.ok() || Which != 0) return r;
  std::vector<ExprP> second{r.value(), args[2]};
  return least(sub, second);
}

// ROUND_TO(v, p1, p2, ...): the largest point <= v, or the smallest point when
// v is below all of them. Points are constants; the result type is the common
// type of v and the points.
Result<ExprP> bind_round_to(const CallInfo& info, std::vector<ExprP>& args) {
  if (args.size() < 2) return arity_error(info, "at least two");
  DataType t = args[0]->type();
  for (size_t i = 1; i < args.size(); ++i) {
    if (!args[i]->foldable())
      return Status::analysis_error(where(info) + "Only constant points are supported in [" + info.src.text + "]");
    const DataType pt = args[i]->type();
    if (pt == DataType::Null || t == DataType::Null) {
      t = t == DataType::Null ? pt : t;
      continue;
    }
    if (pt == t) continue;
    if (is_numeric(t) && is_numeric(pt)) {
      t = (t == DataType::Double || pt == DataType::Double) ? DataType::Double : DataType::Long;
      continue;
    }
    return arg_type_error(info, i, args.size(), error_type_name(t), pt);
  }
  if (!is_numeric(t) && t != DataType::Datetime && t != DataType::DateNanos && t != DataType::Null)
    return arg_type_error(info, 0, args.size(), "numeric or date", t);
  if (t == DataType::Null) return make_null_literal(DataType::Null, info.src);
  // Fold the points into one sorted column of type t.
  EvalContext scratch;
  Column pts(t);
  for (size_t i = 1; i < args.size(); ++i) {
    Vec v = fold(*widen(args[i], t), scratch);
    if (v.type() == DataType::Null || v.count(0) != 1) continue;
    pts.push_value_from(v.c(), v.begin(0));
  }
  std::vector<uint32_t> order(pts.value_count());
  for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return compare_values(pts, a, pts, b) < 0; });
  Column sorted(t);
  for (uint32_t i : order) sorted.push_value_from(pts, i);
  sorted.end_row();
  auto points = std::make_shared<const Column>(std::move(sorted));
  std::vector<ExprP> fn_args{widen(args[0], t)};
  return ExprP(std::make_shared<FnExpr>(t, info.src, fn_args, [t, points](const FnExpr& self, const std::vector<Vec>& a, size_t rows, EvalContext& ctx) {
    return map_single(self, ctx, rows, t, a, [&](Column& out, const uint32_t* vi) {
      const Column& p = *points;
      const size_t n = p.value_count();
      if (n == 0) return;
      // First point greater than v; the answer is the one before it.
      size_t lo = 0, hi = n;
      while (lo < hi) {
        const size_t mid = (lo + hi) / 2;
        if (compare_values(p, static_cast<uint32_t>(mid), a[0].c(), vi[0]) <= 0) lo = mid + 1;
        else hi = mid;
      }
      out.push_value_from(p, static_cast<uint32_t>(lo == 0 ? 0 : lo - 1));
    });
  }));
}

}  // namespace

void register_math_extra_functions(FunctionTable& t) {
  t.add("log", bind_log);
  t.add("cbrt", bind_double_math<0>);
  t.add("hypot", bind_double_math<1>);
  t.add("copy_sign", bind_copy_sign);
  t.add("clamp", bind_clamp<0>);
  t.add("clamp_min", bind_clamp<1>);
  t.add("clamp_max", bind_clamp<2>);
  t.add("round_to", bind_round_to);
}

}  // namespace trailhound
