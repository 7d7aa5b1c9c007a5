#include "common/string_view_hash.h"
#include "exec/functions/function_registry.h"

#include <algorithm>
#include <climits>
#include <cmath>
#include <unordered_set>

#include <fmt/format.h>

#include "exec/functions/date_support.h"
#include "exec/value_format.h"

namespace trailhound {

// ---------------------------------------------------------------- registry

void FunctionTable::add(std::string name, ScalarBinder b) { entries.emplace_back(std::move(name), b); }

ScalarBinder FunctionTable::find(std::string_view name) const {
  for (const auto& [n, b] : entries)
    if (n == name) return b;
  return nullptr;
}

ScalarBinder find_scalar_function(std::string_view name) {
  static const FunctionTable table = [] {
    FunctionTable t;
    register_string_functions(t);
    register_conditional_functions(t);
    register_date_functions(t);
    register_conversion_functions(t);
    register_mv_functions(t);
    register_math_functions(t);
    register_ip_functions(t);
    register_regex_functions(t);
    register_encoding_functions(t);
    register_mv_set_functions(t);
    register_spatial_functions(t);
    register_json_functions(t);
    register_fulltext_functions(t);
    return t;
  }();
  return table.find(name);
}

bool is_aggregate_function(std::string_view n) {
  return n == "count" || n == "count_distinct" || n == "values" || n == "min" || n == "max" || n == "sum" ||
         n == "avg" || n == "median" || n == "percentile" || n == "median_absolute_deviation" || n == "std_dev" ||
         n == "variance" || n == "std_var" || n == "weighted_avg" || n == "present" || n == "absent" || n == "top" || n == "first" || n == "last";
}

// ---------------------------------------------------------------- helpers

std::string_view error_type_name(DataType t) {
  if (t == DataType::Datetime) return "datetime";
  return type_name(t);
}

std::string where(const CallInfo& info) { return fmt::format("line {}:{}: ", info.src.line, info.src.column); }

Status arg_type_error(const CallInfo& info, size_t i, size_t arity, std::string_view expected, DataType actual) {
  static const char* kOrd[] = {"first ", "second ", "third ", "fourth ", "fifth ", "sixth "};
  const std::string ord = arity <= 1 ? "" : (i < 6 ? kOrd[i] : "");
  return Status::analysis_error(fmt::format("{}{}argument of [{}] must be [{}], found value [{}] type [{}]", where(info),
                                            ord, info.src.text, expected,
                                            i < info.arg_texts.size() ? info.arg_texts[i] : "",
                                            error_type_name(actual)));
}

Status arity_error(const CallInfo& info, std::string_view expected) {
  return Status::analysis_error(
      fmt::format("{}function [{}] expects {} arguments, found [{}]", where(info), info.name, expected, info.src.text));
}

std::optional<DataType> common_type(DataType a, DataType b) {
  if (a == b) return a;
  if (a == DataType::Null) return b;
  if (b == DataType::Null) return a;
  if (is_numeric(a) && is_numeric(b)) {
    if (a == DataType::Double || b == DataType::Double) return DataType::Double;
    if (a == DataType::UnsignedLong || b == DataType::UnsignedLong) return std::nullopt;
    return DataType::Long;
  }
  if (is_string(a) && is_string(b)) return DataType::Keyword;
  return std::nullopt;
}

ExprP widen(ExprP e, DataType t) {
  if (e->type() == t) return e;
  CallInfo info{"to_" + std::string(type_name(t)), e->source(), {e->source().text}, nullptr, {}};
  auto r = bind_conversion(info, e, t);
  return r.ok() ? r.value() : e;
}

Result<ExprP> coerce_string_literal(const CallInfo& info, ExprP e, DataType target) {
  if (!is_string(e->type()) || !e->foldable()) return e;
  if (target != DataType::Datetime && target != DataType::Ip && target != DataType::Version &&
      target != DataType::Boolean && target != DataType::DateNanos && !is_numeric(target))
    return e;
  EvalContext scratch;
  Vec v = fold(*e, scratch);
  CallInfo conv{"to_" + std::string(type_name(target)), e->source(), {e->source().text}, info.zone, {}};
  auto bound = bind_conversion(conv, e, target);
  if (!bound.ok()) return bound.status();
  Vec out = fold(*bound.value(), scratch);
  if (out.count(0) != v.count(0)) {
    const std::string val(v.count(0) ? v.c().str[v.begin(0)] : "");
    return Status::analysis_error(fmt::format("{}Cannot convert string [{}] to [{}], error [{}]", where(info), val,
                                              [&] {
                                                std::string u(type_name(target));
                                                std::transform(u.begin(), u.end(), u.begin(), ::toupper);
                                                return u == "DATE" ? std::string("DATETIME") : u;
                                              }(),
                                              scratch.warnings.list().empty() ? "" : scratch.warnings.list().back()));
  }
  return make_literal(Column(*out.col), e->source());
}

// ---------------------------------------------------------------- comparison

namespace {

bool comparable(DataType a, DataType b) {
  if (a == b) return true;
  if (is_numeric(a) && is_numeric(b)) return true;
  if (is_string(a) && is_string(b)) return true;
  if ((a == DataType::Datetime && b == DataType::DateNanos) || (a == DataType::DateNanos && b == DataType::Datetime))
    return true;
  return false;
}

// Types whose values order as their stored int64 does (unsigned_long does
// not: it is stored as its bit pattern).
bool same_order_as_int64(DataType t) {
  return t == DataType::Integer || t == DataType::Long || t == DataType::Datetime || t == DataType::DateNanos ||
         t == DataType::Boolean;
}

bool cmp_true(CmpOp op, int c) {
  switch (op) {
    case CmpOp::Eq: return c == 0;
    case CmpOp::Neq: return c != 0;
    case CmpOp::Lt: return c < 0;
    case CmpOp::Lte: return c <= 0;
    case CmpOp::Gt: return c > 0;
    case CmpOp::Gte: return c >= 0;
  }
  return false;
}

}  // namespace

Result<ExprP> bind_comparison(CmpOp op, const CallInfo& info, ExprP l, ExprP r) {
  auto lc = coerce_string_literal(info, l, r->type());
  if (!lc.ok()) return lc.status();
  auto rc = coerce_string_literal(info, r, lc.value()->type());
  if (!rc.ok()) return rc.status();
  l = lc.value();
  r = rc.value();
  if (l->type() == DataType::Null || r->type() == DataType::Null)
    return make_null_literal(DataType::Boolean, info.src);
  if (!comparable(l->type(), r->type())) {
    const DataType lt = l->type();
    return Status::analysis_error(fmt::format(
        "{}first argument of [{}] is [{}] so second argument must also be [{}] but was [{}]", where(info),
        info.src.text, is_numeric(lt) ? "numeric" : error_type_name(lt), is_numeric(lt) ? "numeric" : error_type_name(lt),
        error_type_name(r->type())));
  }
  if (l->type() == DataType::Boolean && op != CmpOp::Eq && op != CmpOp::Neq) {
    // Elasticsearch only orders booleans in SORT, not with < >.
    return Status::analysis_error(fmt::format("{}first argument of [{}] must be [datetime, double, integer, ip, keyword, long, text, unsigned_long or version], found value [{}] type [boolean]",
                                              where(info), info.src.text, info.arg_texts.empty() ? "" : info.arg_texts[0]));
  }
  auto impl = [op](const FnExpr& self, const std::vector<Vec>& a, size_t rows, EvalContext& ctx) {
    const Column& x = a[0].c();
    const Column& y = a[1].c();
    if (is_string(x.type) && is_string(y.type) && (op == CmpOp::Eq || op == CmpOp::Neq)) {
      // keyword/text equality is byte equality
      const bool want = op == CmpOp::Eq;
      return map_single_boolean(self, ctx, rows, a, 2,
                                [&](const uint32_t* vi) { return (x.str[vi[0]] == y.str[vi[1]]) == want; });
    }
    if (x.type == y.type && same_order_as_int64(x.type)) {
      // Two integers, longs, dates or booleans (`flag == 1`, `count > 5`):
      // their stored 64-bit values compare as the values do.
      return map_single_boolean(self, ctx, rows, a, 2, [&](const uint32_t* vi) {
        const int64_t p = x.i64[vi[0]], q = y.i64[vi[1]];
        return cmp_true(op, p < q ? -1 : p > q ? 1 : 0);
      });
    }
    return map_single_boolean(self, ctx, rows, a, 2,
                              [&](const uint32_t* vi) { return cmp_true(op, compare_values(x, vi[0], y, vi[1])); });
  };
  return ExprP(std::make_shared<FnExpr>(DataType::Boolean, info.src, std::vector<ExprP>{l, r}, impl));
}

// ---------------------------------------------------------------- arithmetic

namespace {

class SpanLiteral final : public Expression {
 public:
  SpanLiteral(SpanValue v, WarningSource src)
      : Expression(v.unit <= 3 ? DataType::TimeDuration : DataType::DatePeriod, std::move(src)), v_(v) {}
  Vec eval(const Batch&, EvalContext&) const override {
    Column c(type());
    c.push_i64(v_.amount);
    c.end_row();
    return Vec{std::make_shared<const Column>(std::move(c)), true};
  }
  bool foldable() const override { return true; }
  const SpanValue& value() const { return v_; }

 private:
  SpanValue v_;
};

const char* kOverflowInt = "java.lang.ArithmeticException: integer overflow";
const char* kOverflowLong = "java.lang.ArithmeticException: long overflow";
const char* kDivZero = "java.lang.ArithmeticException: / by zero";

}  // namespace

ExprP make_span_literal(SpanValue span, WarningSource src) { return std::make_shared<SpanLiteral>(span, std::move(src)); }
const SpanValue* span_of(const Expression& e) {
  auto* s = dynamic_cast<const SpanLiteral*>(&e);
  return s ? &s->value() : nullptr;
}

Result<ExprP> bind_arithmetic(ArithOp op, const CallInfo& info, ExprP l, ExprP r) {
  // Date ± period/duration and sums of temporal amounts (date_arithmetic.cpp).
  if (auto temporal = bind_temporal_arithmetic(op, info, l, r)) return std::move(*temporal);
  if (l->type() == DataType::Null || r->type() == DataType::Null) {
    DataType t = l->type() == DataType::Null ? r->type() : l->type();
    if (t == DataType::Null) t = DataType::Integer;
    return make_null_literal(t, info.src);
  }
  static const char* kSym[] = {"+", "-", "*", "/", "%"};
  if (!is_numeric(l->type()) || !is_numeric(r->type())) {
    const size_t bad = is_numeric(l->type()) ? 1 : 0;
    return arg_type_error(info, bad, 2,
                          op == ArithOp::Add || op == ArithOp::Sub ? "date_nanos, datetime or numeric" : "numeric",
                          bad ? r->type() : l->type());
  }
  (void)kSym;
  DataType t;
  if (l->type() == DataType::Double || r->type() == DataType::Double) t = DataType::Double;
  else if (l->type() == DataType::UnsignedLong || r->type() == DataType::UnsignedLong) t = DataType::UnsignedLong;
  else if (l->type() == DataType::Long || r->type() == DataType::Long) t = DataType::Long;
  else t = DataType::Integer;
  auto impl = [op, t](const FnExpr& self, const std::vector<Vec>& a, size_t rows, EvalContext& ctx) {
    const Column& x = a[0].c();
    const Column& y = a[1].c();
    if (t == DataType::Double) {
      return map_single(self, ctx, rows, t, a, [&](Column& out, const uint32_t* vi) {
        const double p = num_at(x, vi[0]), q = num_at(y, vi[1]);
        double v = 0;
        switch (op) {
          case ArithOp::Add: v = p + q; break;
          case ArithOp::Sub: v = p - q; break;
          case ArithOp::Mul: v = p * q; break;
          case ArithOp::Div:
            if (q == 0) return ctx.warnings.failure(self.source(), kDivZero);
            v = p / q;
            break;
          case ArithOp::Mod:
            if (q == 0) return ctx.warnings.failure(self.source(), kDivZero);
            v = std::fmod(p, q);
            break;
        }
        if (!std::isfinite(v))
          return ctx.warnings.failure(self.source(),
                                      "java.lang.ArithmeticException: not a finite double number: " + format_double(v));
        out.push_f64(v);
      });
    }
    if (t == DataType::UnsignedLong) {
      return map_single(self, ctx, rows, t, a, [&](Column& out, const uint32_t* vi) {
        const uint64_t p = static_cast<uint64_t>(x.i64[vi[0]]), q = static_cast<uint64_t>(y.i64[vi[1]]);
        uint64_t v = 0;
        bool of = false;
        switch (op) {
          case ArithOp::Add: of = __builtin_add_overflow(p, q, &v); break;
          case ArithOp::Sub: of = __builtin_sub_overflow(p, q, &v); break;
          case ArithOp::Mul: of = __builtin_mul_overflow(p, q, &v); break;
          case ArithOp::Div:
            if (q == 0) return ctx.warnings.failure(self.source(), kDivZero);
            v = p / q;
            break;
          case ArithOp::Mod:
            if (q == 0) return ctx.warnings.failure(self.source(), kDivZero);
            v = p % q;
            break;
        }
        if (of) return ctx.warnings.failure(self.source(), "java.lang.ArithmeticException: unsigned_long overflow");
        out.push_i64(static_cast<int64_t>(v));
      });
    }
    return map_single(self, ctx, rows, t, a, [&](Column& out, const uint32_t* vi) {
      const int64_t p = x.i64[vi[0]], q = y.i64[vi[1]];
      int64_t v = 0;
      bool of = false;
      switch (op) {
        case ArithOp::Add: of = __builtin_add_overflow(p, q, &v); break;
        case ArithOp::Sub: of = __builtin_sub_overflow(p, q, &v); break;
        case ArithOp::Mul: of = __builtin_mul_overflow(p, q, &v); break;
        case ArithOp::Div:
          if (q == 0) return ctx.warnings.failure(self.source(), kDivZero);
          if (q == -1 && p == (t == DataType::Integer ? INT32_MIN : INT64_MIN)) of = true;
          else v = p / q;
          break;
        case ArithOp::Mod:
          if (q == 0) return ctx.warnings.failure(self.source(), kDivZero);
          v = q == -1 ? 0 : p % q;
          break;
      }
      if (t == DataType::Integer && !of && (v < INT32_MIN || v > INT32_MAX)) of = true;
      if (of) return ctx.warnings.failure(self.source(), t == DataType::Integer ? kOverflowInt : kOverflowLong);
      out.push_i64(v);
    });
  };
  return ExprP(std::make_shared<FnExpr>(t, info.src, std::vector<ExprP>{l, r}, impl));
}

Result<ExprP> bind_negate(const CallInfo& info, ExprP e) {
  if (e->type() == DataType::Null) return make_null_literal(DataType::Integer, info.src);
  if (!is_numeric(e->type()) || e->type() == DataType::UnsignedLong) {
    if (auto* s = span_of(*e)) return make_span_literal(SpanValue{-s->amount, s->unit}, info.src);
    if (ExprP t = negate_temporal(info, *e)) return t;
    return arg_type_error(info, 0, 1, "numeric, date_period or time_duration", e->type());
  }
  const DataType t = e->type();
  auto impl = [t](const FnExpr& self, const std::vector<Vec>& a, size_t rows, EvalContext& ctx) {
    const Column& x = a[0].c();
    return map_single(self, ctx, rows, t, a, [&](Column& out, const uint32_t* vi) {
      if (t == DataType::Double) return out.push_f64(-x.f64[vi[0]]);
      const int64_t v = x.i64[vi[0]];
      if (v == (t == DataType::Integer ? INT32_MIN : INT64_MIN))
        return ctx.warnings.failure(self.source(), t == DataType::Integer ? kOverflowInt : kOverflowLong);
      out.push_i64(-v);
    });
  };
  return ExprP(std::make_shared<FnExpr>(t, info.src, std::vector<ExprP>{e}, impl));
}

// ---------------------------------------------------------------- logic

namespace {
Status need_boolean(const CallInfo& info, size_t i, size_t arity, const ExprP& e) {
  if (e->type() == DataType::Boolean || e->type() == DataType::Null) return Status();
  return arg_type_error(info, i, arity, "boolean", e->type());
}
// -1 null, 0 false, 1 true; multi-valued → null + warning.
inline int tri(const Vec& v, size_t r, const FnExpr& self, EvalContext& ctx) {
  const uint32_t c = v.count(r);
  if (c == 0 || v.type() == DataType::Null) return -1;
  if (c > 1) {
    ctx.warnings.failure(self.source(), kMultiValueFailure);
    return -1;
  }
  return v.c().i64[v.begin(r)] ? 1 : 0;
}
}  // namespace

Result<ExprP> bind_and_or(bool is_and, const CallInfo& info, ExprP l, ExprP r) {
  if (auto s = need_boolean(info, 0, 2, l); !s.ok()) return s;
  if (auto s = need_boolean(info, 1, 2, r); !s.ok()) return s;
  auto impl = [is_and](const FnExpr& self, const std::vector<Vec>& a, size_t rows, EvalContext& ctx) {
    const bool constant = a[0].constant && a[1].constant;
    const size_t n = constant ? 1 : rows;
    BooleanWriter out(n);
    for (size_t row = 0; row < n; ++row) {
      const int x = tri(a[0], row, self, ctx), y = tri(a[1], row, self, ctx);
      int v;
      if (is_and) v = (x == 0 || y == 0) ? 0 : (x == 1 && y == 1) ? 1 : -1;
      else v = (x == 1 || y == 1) ? 1 : (x == 0 && y == 0) ? 0 : -1;
      if (v >= 0) out.value(row, v != 0);
      else out.null(row);
    }
    return out.finish(constant);
  };
  return ExprP(std::make_shared<FnExpr>(DataType::Boolean, info.src, std::vector<ExprP>{l, r}, impl));
}

Result<ExprP> bind_not(const CallInfo& info, ExprP e) {
  if (auto s = need_boolean(info, 0, 1, e); !s.ok()) return s;
  auto impl = [](const FnExpr& self, const std::vector<Vec>& a, size_t rows, EvalContext& ctx) {
    const bool constant = a[0].constant;
    const size_t n = constant ? 1 : rows;
    BooleanWriter out(n);
    for (size_t row = 0; row < n; ++row) {
      const int x = tri(a[0], row, self, ctx);
      if (x >= 0) out.value(row, !x);
      else out.null(row);
    }
    return out.finish(constant);
  };
  return ExprP(std::make_shared<FnExpr>(DataType::Boolean, info.src, std::vector<ExprP>{e}, impl));
}

namespace {

// The values of an IN list that holds only single string literals, looked up
// by the column's string_view (no copy per row).
using StringLiteralSet = std::unordered_set<std::string, StringViewHash, std::equal_to<>>;

// An IN list's literal set when the value tested is a string and every item
// is one string literal: null otherwise.
std::shared_ptr<const StringLiteralSet> string_literal_set(DataType value_type, const std::vector<ExprP>& args) {
  if (!is_string(value_type)) return nullptr;
  auto set = std::make_shared<StringLiteralSet>();
  for (size_t i = 1; i < args.size(); ++i) {
    const auto* lit = dynamic_cast<const Literal*>(args[i].get());
    if (lit == nullptr || !is_string(lit->type())) return nullptr;
    const Column& v = lit->value();
    if (v.rows() != 1 || v.count(0) != 1) return nullptr;
    set->insert(std::string(v.str[v.begin(0)]));
  }
  return set;
}

}  // namespace

Result<ExprP> bind_in(const CallInfo& info, ExprP value, std::vector<ExprP> list, bool negated) {
  std::vector<ExprP> args{value};
  for (auto& item : list) {
    auto c = coerce_string_literal(info, item, value->type());
    if (!c.ok()) return c.status();
    item = c.value();
    if (value->type() == DataType::Null) {
      // `null IN (...)`: evaluated as null below.
    } else if (item->type() != DataType::Null && !comparable(value->type(), item->type())) {
      return Status::analysis_error(fmt::format(
          "{}{} argument of [{}] must be [{}], found value [{}] type [{}]", where(info),
          "second", info.src.text, error_type_name(value->type()), item->source().text, error_type_name(item->type())));
    }
    args.push_back(item);
  }
  if (auto set = string_literal_set(value->type(), args)) {
    // A string against string literals only (`event.action IN ("ListBuckets",
    // ...)`, dozens in some rules): one hash look-up per row instead of a
    // comparison per literal. Same answers: no literal is null or
    // multi-valued, and keyword/text equality is byte equality.
    auto impl = [negated, set](const FnExpr& self, const std::vector<Vec>& a, size_t rows, EvalContext& ctx) {
      // The value alone (the list's items are literals, each one value).
      const StringValues& values = a[0].c().str;
      return map_single_boolean(self, ctx, rows, a, 1,
                                [&](const uint32_t* vi) { return set->contains(values[vi[0]]) != negated; });
    };
    return ExprP(std::make_shared<FnExpr>(DataType::Boolean, info.src, std::move(args), impl));
  }
  auto impl = [negated](const FnExpr& self, const std::vector<Vec>& a, size_t rows, EvalContext& ctx) {
    return map_rows(rows, DataType::Boolean, a, [&](Column& out, size_t r) {
      const uint32_t c = a[0].count(r);
      if (c == 0 || a[0].type() == DataType::Null) return;
      if (c > 1) return ctx.warnings.failure(self.source(), kMultiValueFailure);
      const uint32_t vi = a[0].begin(r);
      bool saw_null = false;
      for (size_t i = 1; i < a.size(); ++i) {
        const uint32_t n = a[i].count(r);
        if (n == 0 || a[i].type() == DataType::Null) {
          saw_null = true;
          continue;
        }
        if (n > 1) {
          ctx.warnings.failure(self.source(), kMultiValueFailure);
          saw_null = true;
          continue;
        }
        if (compare_values(a[0].c(), vi, a[i].c(), a[i].begin(r)) == 0) {
          out.push_i64(!negated);
          return;
        }
      }
      if (!saw_null) out.push_i64(negated);
    });
  };
  return ExprP(std::make_shared<FnExpr>(DataType::Boolean, info.src, std::move(args), impl));
}

ExprP bind_is_null(const CallInfo& info, ExprP e, bool negated) {
  auto impl = [negated](const FnExpr&, const std::vector<Vec>& a, size_t rows, EvalContext&) {
    return map_rows(rows, DataType::Boolean, a, [&](Column& out, size_t r) {
      const bool is_null = a[0].count(r) == 0;
      out.push_i64(is_null != negated);
    });
  };
  return std::make_shared<FnExpr>(DataType::Boolean, info.src, std::vector<ExprP>{e}, impl);
}

}  // namespace trailhound
