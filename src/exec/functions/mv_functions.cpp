// Multi-value functions: MV_COUNT, MV_DEDUPE, MV_FIRST, MV_LAST, MV_MIN,
// MV_MAX, MV_SUM, MV_AVG, MV_CONCAT, MV_SORT (esql-semantics.md §5).
// They accept single values as one-element lists and return null for null.
#include <algorithm>
#include <cmath>
#include <numeric>

#include <fmt/format.h>

#include "exec/functions/function_registry.h"

namespace trailhound {

namespace {

ExprP make_fn(const CallInfo& info, DataType t, std::vector<ExprP> args, FnExpr::Impl impl) {
  return std::make_shared<FnExpr>(t, info.src, std::move(args), std::move(impl));
}

Result<ExprP> bind_mv_count(const CallInfo& info, std::vector<ExprP>& args) {
  if (args.size() != 1) return arity_error(info, "one");
  return make_fn(info, DataType::Integer, args, [](const FnExpr&, const std::vector<Vec>& a, size_t rows, EvalContext&) {
    return map_rows(rows, DataType::Integer, a, [&](Column& out, size_t r) {
      if (const uint32_t n = a[0].count(r); n > 0) out.push_i64(n);
    });
  });
}

// 0 first, 1 last, 2 min, 3 max
template <int Mode>
Result<ExprP> bind_pick(const CallInfo& info, std::vector<ExprP>& args) {
  if (args.size() != 1) return arity_error(info, "one");
  const DataType t = args[0]->type();
  return make_fn(info, t, args, [t](const FnExpr&, const std::vector<Vec>& a, size_t rows, EvalContext&) {
    const Column& c = a[0].c();
    return map_rows(rows, t, a, [&](Column& out, size_t r) {
      const uint32_t n = a[0].count(r), b = a[0].begin(r);
      if (n == 0) return;
      uint32_t pick = Mode == 1 ? b + n - 1 : b;
      if (Mode >= 2)
        for (uint32_t i = b + 1; i < b + n; ++i) {
          const int cmp = compare_values(c, i, c, pick);
          if (Mode == 2 ? cmp < 0 : cmp > 0) pick = i;
        }
      out.push_value_from(c, pick);
    });
  });
}

Result<ExprP> bind_mv_dedupe(const CallInfo& info, std::vector<ExprP>& args) {
  if (args.size() != 1) return arity_error(info, "one");
  const DataType t = args[0]->type();
  return make_fn(info, t, args, [t](const FnExpr&, const std::vector<Vec>& a, size_t rows, EvalContext&) {
    const Column& c = a[0].c();
    return map_rows(rows, t, a, [&](Column& out, size_t r) {
      const uint32_t n = a[0].count(r), b = a[0].begin(r);
      for (uint32_t i = b; i < b + n; ++i) {
        bool dup = false;
        for (uint32_t j = b; j < i && !dup; ++j) dup = compare_values(c, i, c, j) == 0;
        if (!dup) out.push_value_from(c, i);
      }
    });
  });
}

template <bool Avg>
Result<ExprP> bind_mv_sum(const CallInfo& info, std::vector<ExprP>& args) {
  if (args.size() != 1) return arity_error(info, "one");
  const DataType in = args[0]->type();
  if (!is_numeric(in) && in != DataType::Null) return arg_type_error(info, 0, 1, "numeric", in);
  const DataType t = Avg ? DataType::Double : in;
  return make_fn(info, t, args, [t](const FnExpr& self, const std::vector<Vec>& a, size_t rows, EvalContext& ctx) {
    const Column& c = a[0].c();
    return map_rows(rows, t, a, [&](Column& out, size_t r) {
      const uint32_t n = a[0].count(r), b = a[0].begin(r);
      if (n == 0) return;
      if (t == DataType::Double) {
        double s = 0, comp = 0;  // Kahan summation, as Elasticsearch
        for (uint32_t i = b; i < b + n; ++i) {
          const double y = num_at(c, i) - comp;
          const double tt = s + y;
          comp = (tt - s) - y;
          s = tt;
        }
        out.push_f64(Avg ? s / n : s);
        return;
      }
      int64_t s = 0;
      for (uint32_t i = b; i < b + n; ++i) {
        if (__builtin_add_overflow(s, c.i64[i], &s) || (t == DataType::Integer && (s < INT32_MIN || s > INT32_MAX)))
          return ctx.warnings.failure(self.source(), t == DataType::Integer
                                                         ? "java.lang.ArithmeticException: integer overflow"
                                                         : "java.lang.ArithmeticException: long overflow");
      }
      out.push_i64(s);
    });
  });
}

Result<ExprP> bind_mv_concat(const CallInfo& info, std::vector<ExprP>& args) {
  if (args.size() != 2) return arity_error(info, "two");
  for (size_t i = 0; i < 2; ++i)
    if (!is_string(args[i]->type()) && args[i]->type() != DataType::Null)
      return arg_type_error(info, i, 2, "string", args[i]->type());
  if (args[0]->type() == DataType::Null || args[1]->type() == DataType::Null)
    return make_null_literal(DataType::Keyword, info.src);
  return make_fn(info, DataType::Keyword, args, [](const FnExpr& self, const std::vector<Vec>& a, size_t rows, EvalContext& ctx) {
    return map_rows(rows, DataType::Keyword, a, [&](Column& out, size_t r) {
      const uint32_t n = a[0].count(r), b = a[0].begin(r);
      if (n == 0 || a[1].count(r) == 0) return;
      if (a[1].count(r) > 1) return ctx.warnings.failure(self.source(), kMultiValueFailure);
      std::string_view sep = a[1].c().str[a[1].begin(r)];
      std::string s;
      for (uint32_t i = b; i < b + n; ++i) {
        if (i > b) s += sep;
        s += a[0].c().str[i];
      }
      out.push_str(s);
    });
  });
}

Result<ExprP> bind_mv_sort(const CallInfo& info, std::vector<ExprP>& args) {
  if (args.size() != 1 && args.size() != 2) return arity_error(info, "one or two");
  bool desc = false;
  if (args.size() == 2) {
    EvalContext scratch;
    if (!args[1]->foldable() || !is_string(args[1]->type()))
      return arg_type_error(info, 1, 2, "string", args[1]->type());
    Vec v = fold(*args[1], scratch);
    std::string o(v.count(0) ? v.c().str[v.begin(0)] : "ASC");
    std::transform(o.begin(), o.end(), o.begin(), ::toupper);
    if (o != "ASC" && o != "DESC")
      return Status::analysis_error(fmt::format("{}Invalid order value in [{}], expected one of [ASC, DESC] but got [{}]",
                                                where(info), info.src.text, o));
    desc = o == "DESC";
  }
  const DataType t = args[0]->type();
  return make_fn(info, t, {args[0]}, [t, desc](const FnExpr&, const std::vector<Vec>& a, size_t rows, EvalContext&) {
    const Column& c = a[0].c();
    return map_rows(rows, t, a, [&](Column& out, size_t r) {
      const uint32_t n = a[0].count(r), b = a[0].begin(r);
      std::vector<uint32_t> idx(n);
      std::iota(idx.begin(), idx.end(), b);
      std::stable_sort(idx.begin(), idx.end(), [&](uint32_t x, uint32_t y) {
        const int cmp = compare_values(c, x, c, y);
        return desc ? cmp > 0 : cmp < 0;
      });
      for (uint32_t i : idx) out.push_value_from(c, i);
    });
  });
}

}  // namespace

void register_mv_functions(FunctionTable& t) {
  t.add("mv_count", bind_mv_count);
  t.add("mv_first", bind_pick<0>);
  t.add("mv_last", bind_pick<1>);
  t.add("mv_min", bind_pick<2>);
  t.add("mv_max", bind_pick<3>);
  t.add("mv_dedupe", bind_mv_dedupe);
  t.add("mv_sum", bind_mv_sum<false>);
  t.add("mv_avg", bind_mv_sum<true>);
  t.add("mv_concat", bind_mv_concat);
  t.add("mv_sort", bind_mv_sort);
}

}  // namespace trailhound
