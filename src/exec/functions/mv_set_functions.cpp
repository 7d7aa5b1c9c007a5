// Multi-value list functions: MV_SLICE, MV_APPEND, MV_CONTAINS,
// MV_INTERSECTION (esql-semantics.md §5 "Multi-value functions").
//
// - MV_SLICE(field, start[, end]): values start..end inclusive, negative
//   positions count from the end; null when the range is empty.
// - MV_APPEND(a, b): a's values then b's (null parts contribute nothing).
// - MV_CONTAINS(superset, subset): true when every value of subset is in
//   superset (a null subset is contained; a null superset contains only null).
// - MV_INTERSECTION(a, b): a's distinct values also in b, in a's order.
#include <algorithm>

#include <fmt/format.h>

#include "exec/functions/function_registry.h"

namespace trailhound {

namespace {

ExprP make_fn(const CallInfo& info, DataType t, std::vector<ExprP> args, FnExpr::Impl impl) {
  return std::make_shared<FnExpr>(t, info.src, std::move(args), std::move(impl));
}

Result<ExprP> bind_mv_slice(const CallInfo& info, std::vector<ExprP>& args) {
  if (args.size() != 2 && args.size() != 3) return arity_error(info, "two or three");
  for (size_t i = 1; i < args.size(); ++i) {
    auto c = coerce_string_literal(info, args[i], DataType::Integer);
    if (!c.ok()) return c.status();
    args[i] = c.value();
    if (args[i]->type() != DataType::Integer && args[i]->type() != DataType::Null)
      return arg_type_error(info, i, args.size(), "integer", args[i]->type());
  }
  const DataType t = args[0]->type();
  for (const auto& a : args)
    if (a->type() == DataType::Null) return make_null_literal(t, info.src);
  return make_fn(info, t, args, [t](const FnExpr& self, const std::vector<Vec>& a, size_t rows, EvalContext& ctx) {
    return map_rows(rows, t, a, [&](Column& out, size_t r) {
      const uint32_t n = a[0].count(r), b = a[0].begin(r);
      if (n == 0) return;
      for (size_t i = 1; i < a.size(); ++i) {
        if (a[i].count(r) != 1) {
          if (a[i].count(r) > 1) ctx.warnings.failure(self.source(), kMultiValueFailure);
          return;
        }
      }
      int64_t s = a[1].c().i64[a[1].begin(r)];
      int64_t e = a.size() == 3 ? a[2].c().i64[a[2].begin(r)] : s;
      if (s < 0) s += n;
      if (e < 0) e += n;
      if ((s < 0 && e < 0) || s > e || s >= static_cast<int64_t>(n)) return;
      s = std::max<int64_t>(s, 0);
      e = std::min<int64_t>(e, n - 1);
      for (int64_t k = s; k <= e; ++k) out.push_value_from(a[0].c(), b + static_cast<uint32_t>(k));
    });
  });
}

Result<ExprP> bind_mv_append(const CallInfo& info, std::vector<ExprP>& args) {
  if (args.size() != 2) return arity_error(info, "two");
  auto t = common_type(args[0]->type(), args[1]->type());
  if (!t || (*t != args[0]->type() && args[0]->type() != DataType::Null) ||
      (*t != args[1]->type() && args[1]->type() != DataType::Null && !is_string(*t)))
    return Status::analysis_error(fmt::format("{}second argument of [{}] must be [{}], found value [{}] type [{}]", where(info),
                                              info.src.text, error_type_name(args[0]->type()), info.arg_texts[1],
                                              error_type_name(args[1]->type())));
  args[0] = widen(args[0], *t);
  args[1] = widen(args[1], *t);
  const DataType rt = *t;
  return make_fn(info, rt, args, [rt](const FnExpr&, const std::vector<Vec>& a, size_t rows, EvalContext&) {
    return map_rows(rows, rt, a, [&](Column& out, size_t r) {
      // Elasticsearch: a null on either side makes the result null.
      for (const auto& v : a)
        if (v.type() == DataType::Null || v.count(r) == 0) return;
      for (const auto& v : a)
        for (uint32_t i = v.begin(r), e = i + v.count(r); i < e; ++i) out.push_value_from(v.c(), i);
    });
  });
}

bool contains_value(const Vec& v, size_t r, const Column& c, uint32_t vi) {
  for (uint32_t i = v.begin(r), e = i + v.count(r); i < e; ++i)
    if (compare_values(v.c(), i, c, vi) == 0) return true;
  return false;
}

Status check_same_family(const CallInfo& info, std::vector<ExprP>& args) {
  auto t = common_type(args[0]->type(), args[1]->type());
  if (!t)
    return Status::analysis_error(fmt::format("{}second argument of [{}] must be [{}], found value [{}] type [{}]", where(info),
                                              info.src.text, error_type_name(args[0]->type()), info.arg_texts[1],
                                              error_type_name(args[1]->type())));
  if (*t != DataType::Null) {
    args[0] = widen(args[0], *t);
    args[1] = widen(args[1], *t);
  }
  return Status();
}

Result<ExprP> bind_mv_contains(const CallInfo& info, std::vector<ExprP>& args) {
  if (args.size() != 2) return arity_error(info, "two");
  if (Status s = check_same_family(info, args); !s.ok()) return s;
  return make_fn(info, DataType::Boolean, args, [](const FnExpr&, const std::vector<Vec>& a, size_t rows, EvalContext&) {
    return map_rows(rows, DataType::Boolean, a, [&](Column& out, size_t r) {
      const bool sub_null = a[1].type() == DataType::Null || a[1].count(r) == 0;
      if (sub_null) {
        out.push_i64(1);
        return;
      }
      if (a[0].type() == DataType::Null || a[0].count(r) == 0) {
        out.push_i64(0);
        return;
      }
      bool all = true;
      for (uint32_t i = a[1].begin(r), e = i + a[1].count(r); i < e && all; ++i) all = contains_value(a[0], r, a[1].c(), i);
      out.push_i64(all);
    });
  });
}

Result<ExprP> bind_mv_intersection(const CallInfo& info, std::vector<ExprP>& args) {
  if (args.size() != 2) return arity_error(info, "two");
  if (Status s = check_same_family(info, args); !s.ok()) return s;
  const DataType t = args[0]->type() == DataType::Null ? args[1]->type() : args[0]->type();
  if (args[0]->type() == DataType::Null || args[1]->type() == DataType::Null) return make_null_literal(t, info.src);
  return make_fn(info, t, args, [t](const FnExpr&, const std::vector<Vec>& a, size_t rows, EvalContext&) {
    return map_rows(rows, t, a, [&](Column& out, size_t r) {
      const uint32_t start = static_cast<uint32_t>(out.value_count());
      for (uint32_t i = a[0].begin(r), e = i + a[0].count(r); i < e; ++i) {
        if (!contains_value(a[1], r, a[0].c(), i)) continue;
        bool dup = false;
        for (uint32_t k = start; k < out.value_count() && !dup; ++k) dup = compare_values(out, k, a[0].c(), i) == 0;
        if (!dup) out.push_value_from(a[0].c(), i);
      }
    });
  });
}

}  // namespace

void register_mv_set_functions(FunctionTable& t) {
  t.add("mv_slice", bind_mv_slice);
  t.add("mv_append", bind_mv_append);
  t.add("mv_contains", bind_mv_contains);
  t.add("mv_intersection", bind_mv_intersection);
}

}  // namespace trailhound
