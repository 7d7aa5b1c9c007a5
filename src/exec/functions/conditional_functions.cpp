// COALESCE, CASE, GREATEST, LEAST (esql-semantics.md §5 "Conditionals").
#include <fmt/format.h>

#include "exec/functions/function_registry.h"

namespace trailhound {

namespace {

// Common type of args[from], args[from+step], ...; errors in ES wording.
Result<DataType> unify(const CallInfo& info, std::vector<ExprP>& args, size_t from, size_t step, bool include_last) {
  DataType t = DataType::Null;
  std::vector<size_t> idx;
  for (size_t i = from; i < args.size(); i += step) idx.push_back(i);
  if (include_last && (args.size() - 1 - from) % step != 0) idx.push_back(args.size() - 1);
  for (size_t i : idx) {
    auto c = common_type(t, args[i]->type());
    if (!c) {
      return Status::analysis_error(fmt::format("{}{} argument of [{}] must be [{}], found value [{}] type [{}]",
                                                where(info), i == 0 ? "first" : i == 1 ? "second" : i == 2 ? "third" : "fourth",
                                                info.src.text, error_type_name(t), info.arg_texts[i],
                                                error_type_name(args[i]->type())));
    }
    t = *c;
  }
  for (size_t i : idx) args[i] = widen(args[i], t);
  return t;
}

Result<ExprP> bind_coalesce(const CallInfo& info, std::vector<ExprP>& args) {
  if (args.empty()) return arity_error(info, "at least one");
  auto t = unify(info, args, 0, 1, false);
  if (!t.ok()) return t.status();
  const DataType type = t.value();
  return ExprP(std::make_shared<FnExpr>(type, info.src, args, [type](const FnExpr&, const std::vector<Vec>& a, size_t rows, EvalContext&) {
    return map_rows(rows, type, a, [&](Column& out, size_t r) {
      for (const auto& v : a) {
        if (v.type() == DataType::Null || v.count(r) == 0) continue;
        for (uint32_t i = v.begin(r), e = i + v.count(r); i < e; ++i) out.push_value_from(v.c(), i);
        return;
      }
    });
  }));
}

Result<ExprP> bind_case(const CallInfo& info, std::vector<ExprP>& args) {
  if (args.size() < 2) return arity_error(info, "at least two");
  for (size_t i = 0; i + 1 < args.size(); i += 2) {
    if (args[i]->type() != DataType::Boolean && args[i]->type() != DataType::Null)
      return arg_type_error(info, i, args.size(), "boolean", args[i]->type());
  }
  auto t = unify(info, args, 1, 2, true);
  if (!t.ok()) return t.status();
  const DataType type = t.value();
  return ExprP(std::make_shared<FnExpr>(type, info.src, args, [type](const FnExpr& self, const std::vector<Vec>& a, size_t rows, EvalContext& ctx) {
    return map_rows(rows, type, a, [&](Column& out, size_t r) {
      size_t pick = a.size();
      for (size_t i = 0; i + 1 < a.size(); i += 2) {
        const uint32_t n = a[i].count(r);
        if (n == 0 || a[i].type() == DataType::Null) continue;
        if (n > 1) {
          ctx.warnings.failure(self.source(), kMultiValueFailure, /*as_false=*/true);
          continue;
        }
        if (a[i].c().i64[a[i].begin(r)]) {
          pick = i + 1;
          break;
        }
      }
      if (pick == a.size() && a.size() % 2 == 1) pick = a.size() - 1;
      if (pick == a.size() || a[pick].type() == DataType::Null) return;
      for (uint32_t i = a[pick].begin(r), e = i + a[pick].count(r); i < e; ++i) out.push_value_from(a[pick].c(), i);
    });
  }));
}

template <bool Greatest>
Result<ExprP> bind_extreme(const CallInfo& info, std::vector<ExprP>& args) {
  if (args.empty()) return arity_error(info, "at least one");
  auto t = unify(info, args, 0, 1, false);
  if (!t.ok()) return t.status();
  const DataType type = t.value();
  return ExprP(std::make_shared<FnExpr>(type, info.src, args, [type](const FnExpr&, const std::vector<Vec>& a, size_t rows, EvalContext&) {
    return map_rows(rows, type, a, [&](Column& out, size_t r) {
      const Column* best = nullptr;
      uint32_t bi = 0;
      for (const auto& v : a) {
        if (v.count(r) == 0 || v.type() == DataType::Null) return;  // any null → null
        for (uint32_t i = v.begin(r), e = i + v.count(r); i < e; ++i) {
          if (!best) {
            best = &v.c();
            bi = i;
            continue;
          }
          const int c = compare_values(v.c(), i, *best, bi);
          if (Greatest ? c > 0 : c < 0) {
            best = &v.c();
            bi = i;
          }
        }
      }
      if (best) out.push_value_from(*best, bi);
    });
  }));
}

}  // namespace

void register_conditional_functions(FunctionTable& t) {
  t.add("coalesce", bind_coalesce);
  t.add("case", bind_case);
  t.add("greatest", bind_extreme<true>);
  t.add("least", bind_extreme<false>);
}

}  // namespace trailhound
