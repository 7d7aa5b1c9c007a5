// ABS, ROUND, CEIL, FLOOR, POW, SQRT, LOG10, SIGNUM, PI, E (§5 "Math").
#include <climits>
#include <cmath>

#include "exec/functions/function_registry.h"
#include "exec/value_format.h"

namespace trailhound {

// LOG, CBRT, HYPOT, ... live in math_extra_functions.cpp.
void register_math_extra_functions(FunctionTable& t);

namespace {

Status check_numeric(const CallInfo& info, const std::vector<ExprP>& args, size_t i) {
  if (is_numeric(args[i]->type()) || args[i]->type() == DataType::Null) return Status();
  return arg_type_error(info, i, args.size(), "numeric", args[i]->type());
}

Result<ExprP> bind_abs(const CallInfo& info, std::vector<ExprP>& args) {
  if (args.size() != 1) return arity_error(info, "one");
  if (auto s = check_numeric(info, args, 0); !s.ok()) return s;
  const DataType t = args[0]->type();
  // Elasticsearch returns an unsigned_long argument unchanged (multi-values too).
  if (t == DataType::UnsignedLong) return args[0];
  return ExprP(std::make_shared<FnExpr>(t, info.src, args, [t](const FnExpr& self, const std::vector<Vec>& a, size_t rows, EvalContext& ctx) {
    const Column& c = a[0].c();
    return map_single(self, ctx, rows, t, a, [&](Column& out, const uint32_t* vi) {
      if (t == DataType::Double) return out.push_f64(std::fabs(c.f64[vi[0]]));
      if (t == DataType::UnsignedLong) return out.push_i64(c.i64[vi[0]]);
      const int64_t v = c.i64[vi[0]];
      if (v == (t == DataType::Integer ? INT32_MIN : INT64_MIN))
        return ctx.warnings.failure(self.source(), t == DataType::Integer ? "java.lang.ArithmeticException: integer overflow"
                                                                          : "java.lang.ArithmeticException: long overflow");
      out.push_i64(v < 0 ? -v : v);
    });
  }));
}

// Java Math.round-like half-away-from-zero rounding to `decimals` places.
double round_double(double v, int64_t decimals) {
  if (!std::isfinite(v)) return v;
  if (decimals == 0) return std::round(v);
  if (decimals > 0) {
    // Go through the decimal text to avoid binary artefacts (123.5678 * 1000).
    const double p = std::pow(10.0, static_cast<double>(decimals));
    const double scaled = v * p;
    if (!std::isfinite(scaled) || std::fabs(scaled) > 9e15) return v;
    double r = std::round(scaled) / p;
    return r;
  }
  const double p = std::pow(10.0, static_cast<double>(-decimals));
  return std::round(v / p) * p;
}

Result<ExprP> bind_round(const CallInfo& info, std::vector<ExprP>& args) {
  if (args.empty() || args.size() > 2) return arity_error(info, "one or two");
  if (auto s = check_numeric(info, args, 0); !s.ok()) return s;
  if (args.size() == 2) {
    const DataType d = args[1]->type();
    if (d != DataType::Integer && d != DataType::Long && d != DataType::Null)
      return arg_type_error(info, 1, 2, "whole number except unsigned_long or counter types", d);
  }
  const DataType t = args[0]->type();
  if (t == DataType::Null || (args.size() == 2 && args[1]->type() == DataType::Null))
    return make_null_literal(t == DataType::Null ? DataType::Double : t, info.src);
  return ExprP(std::make_shared<FnExpr>(t, info.src, args, [t](const FnExpr& self, const std::vector<Vec>& a, size_t rows, EvalContext& ctx) {
    const Column& c = a[0].c();
    return map_single(self, ctx, rows, t, a, [&](Column& out, const uint32_t* vi) {
      const int64_t dec = a.size() == 2 ? a[1].c().i64[vi[1]] : 0;
      if (t == DataType::Double) return out.push_f64(round_double(c.f64[vi[0]], dec));
      int64_t v = c.i64[vi[0]];
      if (dec >= 0) return out.push_i64(v);
      if (t == DataType::UnsignedLong) {
        // Half-up on the unsigned value; 10^20 exceeds every unsigned_long.
        const uint64_t u = static_cast<uint64_t>(v);
        if (dec < -19) return out.push_i64(0);
        uint64_t p = 1;
        for (int64_t i = 0; i < -dec; ++i) p *= 10;
        const uint64_t q = u / p, rem = u % p;
        uint64_t r = q * p;
        if (rem >= p - rem && __builtin_add_overflow(r, p, &r))
          return ctx.warnings.failure(self.source(), "java.lang.ArithmeticException: unsigned_long overflow");
        return out.push_i64(static_cast<int64_t>(r));
      }
      if (dec < -18) return out.push_i64(0);
      int64_t p = 1;
      for (int64_t i = 0; i < -dec; ++i) p *= 10;
      const int64_t q = v / p, rem = v % p;
      int64_t r = q * p;
      if (2 * (rem < 0 ? -rem : rem) >= p) r += (v < 0 ? -p : p);
      out.push_i64(r);
    });
  }));
}

template <int Op>  // 0 ceil, 1 floor
Result<ExprP> bind_ceil_floor(const CallInfo& info, std::vector<ExprP>& args) {
  if (args.size() != 1) return arity_error(info, "one");
  if (auto s = check_numeric(info, args, 0); !s.ok()) return s;
  if (args[0]->type() != DataType::Double) return args[0];
  return ExprP(std::make_shared<FnExpr>(DataType::Double, info.src, args, [](const FnExpr& self, const std::vector<Vec>& a, size_t rows, EvalContext& ctx) {
    const Column& c = a[0].c();
    return map_single(self, ctx, rows, DataType::Double, a, [&](Column& out, const uint32_t* vi) {
      out.push_f64(Op == 0 ? std::ceil(c.f64[vi[0]]) : std::floor(c.f64[vi[0]]));
    });
  }));
}

// Double-valued functions of one or two numeric arguments.
template <int Op>  // 0 sqrt, 1 log10, 2 pow, 3 signum, 4 exp
Result<ExprP> bind_double_fn(const CallInfo& info, std::vector<ExprP>& args) {
  const size_t arity = Op == 2 ? 2 : 1;
  if (args.size() != arity) return arity_error(info, arity == 2 ? "two" : "one");
  for (size_t i = 0; i < arity; ++i)
    if (auto s = check_numeric(info, args, i); !s.ok()) return s;
  return ExprP(std::make_shared<FnExpr>(DataType::Double, info.src, args, [](const FnExpr& self, const std::vector<Vec>& a, size_t rows, EvalContext& ctx) {
    return map_single(self, ctx, rows, DataType::Double, a, [&](Column& out, const uint32_t* vi) {
      const double x = num_at(a[0].c(), vi[0]);
      double r = 0;
      switch (Op) {
        case 0:
          if (x < 0) return ctx.warnings.failure(self.source(), "java.lang.ArithmeticException: Square root of negative");
          r = std::sqrt(x);
          break;
        case 1:
          if (x <= 0)
            return ctx.warnings.failure(self.source(), x == 0 ? "java.lang.ArithmeticException: Log of non-positive number"
                                                              : "java.lang.ArithmeticException: Log of non-positive number");
          r = std::log10(x);
          break;
        case 2: r = std::pow(x, num_at(a[1].c(), vi[1])); break;
        case 3: r = x > 0 ? 1.0 : x < 0 ? -1.0 : 0.0; break;
        case 4: r = std::exp(x); break;
      }
      if (!std::isfinite(r))
        return ctx.warnings.failure(self.source(), "java.lang.ArithmeticException: not a finite double number: " + format_double(r));
      out.push_f64(r);
    });
  }));
}

template <int Which>
Result<ExprP> bind_constant(const CallInfo& info, std::vector<ExprP>& args) {
  if (!args.empty()) return arity_error(info, "no");
  Column c(DataType::Double);
  c.push_f64(Which == 0 ? M_PI : Which == 1 ? M_E : 2 * M_PI);
  c.end_row();
  return make_literal(std::move(c), info.src);
}

}  // namespace

void register_math_functions(FunctionTable& t) {
  t.add("abs", bind_abs);
  t.add("round", bind_round);
  t.add("ceil", bind_ceil_floor<0>);
  t.add("floor", bind_ceil_floor<1>);
  t.add("sqrt", bind_double_fn<0>);
  t.add("log10", bind_double_fn<1>);
  t.add("pow", bind_double_fn<2>);
  t.add("signum", bind_double_fn<3>);
  t.add("exp", bind_double_fn<4>);
  t.add("pi", bind_constant<0>);
  t.add("e", bind_constant<1>);
  t.add("tau", bind_constant<2>);
  register_math_extra_functions(t);
}

}  // namespace trailhound
