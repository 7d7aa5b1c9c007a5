// BIT_LENGTH, TO_TEXT, TO_ASCII, MV_MEDIAN, MV_ZIP, MV_IN_RANGE
// (§5 "Strings", "Multi-value"). Registered from register_string_functions.
#include <algorithm>
#include <cstdio>

#include <fmt/format.h>

#include "exec/functions/function_registry.h"
#include "exec/functions/utf8.h"

namespace trailhound {

void register_string_mv_extra_functions(FunctionTable& t);

namespace {

Result<ExprP> bind_bit_length(const CallInfo& info, std::vector<ExprP>& args) {
  if (args.size() != 1) return arity_error(info, "one");
  const DataType t = args[0]->type();
  if (!is_string(t) && t != DataType::Null) return arg_type_error(info, 0, 1, "string", t);
  if (t == DataType::Null) return make_null_literal(DataType::Integer, info.src);
  return ExprP(std::make_shared<FnExpr>(DataType::Integer, info.src, args, [](const FnExpr& self, const std::vector<Vec>& a, size_t rows, EvalContext& ctx) {
    return map_single(self, ctx, rows, DataType::Integer, a, [&](Column& out, const uint32_t* vi) {
      out.push_i64(static_cast<int64_t>(a[0].c().str[vi[0]].size()) * 8);
    });
  }));
}

Result<ExprP> bind_to_text(const CallInfo& info, std::vector<ExprP>& args) {
  if (args.size() != 1) return arity_error(info, "one");
  return bind_conversion(info, args[0], DataType::Text);
}

// TO_ASCII: Python-style escaping of everything outside printable ASCII
// (\n \t \r, \xNN below U+0100, \uNNNN in the BMP, \UNNNNNNNN above).
std::string to_ascii(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size();) {
    const uint32_t cp = decode_utf8(s, i);
    if (cp == '\n') out += "\\n";
    else if (cp == '\t') out += "\\t";
    else if (cp == '\r') out += "\\r";
    else if (cp == '\\') out += "\\\\";
    else if (cp >= 0x20 && cp < 0x7f) out += static_cast<char>(cp);
    else if (cp < 0x100) out += fmt::format("\\x{:02x}", cp);
    else if (cp < 0x10000) out += fmt::format("\\u{:04x}", cp);
    else out += fmt::format("\\U{:08x}", cp);
  }
  return out;
}

Result<ExprP> bind_to_ascii(const CallInfo& info, std::vector<ExprP>& args) {
  if (args.size() != 1) return arity_error(info, "one");
  const DataType t = args[0]->type();
  if (!is_string(t) && t != DataType::Null) return arg_type_error(info, 0, 1, "string", t);
  if (t == DataType::Null) return make_null_literal(DataType::Keyword, info.src);
  return ExprP(std::make_shared<FnExpr>(DataType::Keyword, info.src, args, [](const FnExpr& self, const std::vector<Vec>& a, size_t rows, EvalContext& ctx) {
    return map_single(self, ctx, rows, DataType::Keyword, a, [&](Column& out, const uint32_t* vi) {
      out.push_str(to_ascii(a[0].c().str[vi[0]]));
    });
  }));
}

// MV_MEDIAN: the middle value; for an even count the mean of the two middle
// values, rounded down for whole-number types.
Result<ExprP> bind_mv_median(const CallInfo& info, std::vector<ExprP>& args) {
  if (args.size() != 1) return arity_error(info, "one");
  const DataType t = args[0]->type();
  if (!is_numeric(t) && t != DataType::Null) return arg_type_error(info, 0, 1, "numeric", t);
  if (t == DataType::Null) return make_null_literal(DataType::Null, info.src);
  return ExprP(std::make_shared<FnExpr>(t, info.src, args, [t](const FnExpr&, const std::vector<Vec>& a, size_t rows, EvalContext&) {
    return map_rows(rows, t, a, [&](Column& out, size_t r) {
      const uint32_t n = a[0].count(r), b = a[0].begin(r);
      if (n == 0) return;
      const Column& c = a[0].c();
      if (t == DataType::Double) {
        std::vector<double> v(c.f64.begin() + b, c.f64.begin() + b + n);
        std::sort(v.begin(), v.end());
        return out.push_f64(n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2);
      }
      std::vector<__int128> v;
      v.reserve(n);
      for (uint32_t k = b; k < b + n; ++k)
        v.push_back(t == DataType::UnsignedLong ? static_cast<__int128>(static_cast<uint64_t>(c.i64[k]))
                                                : static_cast<__int128>(c.i64[k]));
      std::sort(v.begin(), v.end());
      __int128 m = v[n / 2];
      if (n % 2 == 0) {
        const __int128 sum = v[n / 2 - 1] + v[n / 2];
        m = sum >= 0 ? sum / 2 : -((-sum + 1) / 2);  // floor
      }
      out.push_i64(static_cast<int64_t>(t == DataType::UnsignedLong ? static_cast<uint64_t>(m) : static_cast<int64_t>(m)));
    });
  }));
}

// MV_ZIP(a, b[, delim]): pairs values by index joined with delim (default
// ","); the longer side's extra values pass through alone.
Result<ExprP> bind_mv_zip(const CallInfo& info, std::vector<ExprP>& args) {
  if (args.size() < 2 || args.size() > 3) return arity_error(info, "two or three");
  for (size_t i = 0; i < args.size(); ++i)
    if (!is_string(args[i]->type()) && args[i]->type() != DataType::Null)
      return arg_type_error(info, i, args.size(), "string", args[i]->type());
  if (args.size() == 3 && args[2]->type() == DataType::Null) return make_null_literal(DataType::Keyword, info.src);
  if (args[0]->type() == DataType::Null && args[1]->type() == DataType::Null)
    return make_null_literal(DataType::Keyword, info.src);
  return ExprP(std::make_shared<FnExpr>(DataType::Keyword, info.src, args, [](const FnExpr&, const std::vector<Vec>& a, size_t rows, EvalContext&) {
    return map_rows(rows, DataType::Keyword, a, [&](Column& out, size_t r) {
      std::string delim = ",";
      if (a.size() == 3) {
        if (a[2].count(r) == 0) return;
        delim = a[2].c().str[a[2].begin(r)];
      }
      const uint32_t na = a[0].type() == DataType::Null ? 0 : a[0].count(r);
      const uint32_t nb = a[1].type() == DataType::Null ? 0 : a[1].count(r);
      if (na == 0 && nb == 0) return;
      for (uint32_t k = 0; k < std::max(na, nb); ++k) {
        if (k < na && k < nb)
          out.push_str(std::string(a[0].c().str[a[0].begin(r) + k]).append(delim).append(a[1].c().str[a[1].begin(r) + k]));
        else if (k < na) out.push_str(a[0].c().str[a[0].begin(r) + k]);
        else out.push_str(a[1].c().str[a[1].begin(r) + k]);
      }
    });
  }));
}

// MV_IN_RANGE(field, min, max): true when some value lies in [min, max].
Result<ExprP> bind_mv_in_range(const CallInfo& info, std::vector<ExprP>& args) {
  if (args.size() != 3) return arity_error(info, "three");
  for (size_t i = 1; i < 3; ++i) {
    auto c = coerce_string_literal(info, args[i], args[0]->type());
    if (!c.ok()) return c.status();
    args[i] = c.value();
  }
  for (const auto& x : args)
    if (x->type() == DataType::Null) return make_null_literal(DataType::Boolean, info.src);
  for (size_t i = 1; i < 3; ++i) {
    auto t = common_type(args[0]->type(), args[i]->type());
    if (!t) return arg_type_error(info, i, 3, error_type_name(args[0]->type()), args[i]->type());
  }
  return ExprP(std::make_shared<FnExpr>(DataType::Boolean, info.src, args, [](const FnExpr&, const std::vector<Vec>& a, size_t rows, EvalContext&) {
    return map_rows(rows, DataType::Boolean, a, [&](Column& out, size_t r) {
      if (a[0].count(r) == 0 || a[1].count(r) != 1 || a[2].count(r) != 1) return;
      const uint32_t lo = a[1].begin(r), hi = a[2].begin(r);
      bool hit = false;
      for (uint32_t k = a[0].begin(r), e = k + a[0].count(r); k < e && !hit; ++k)
        hit = compare_values(a[0].c(), k, a[1].c(), lo) >= 0 && compare_values(a[0].c(), k, a[2].c(), hi) <= 0;
      out.push_i64(hit);
    });
  }));
}

}  // namespace

void register_string_mv_extra_functions(FunctionTable& t) {
  t.add("bit_length", bind_bit_length);
  t.add("to_text", bind_to_text);
  t.add("to_ascii", bind_to_ascii);
  t.add("mv_median", bind_mv_median);
  t.add("mv_zip", bind_mv_zip);
  t.add("mv_in_range", bind_mv_in_range);
}

}  // namespace trailhound
