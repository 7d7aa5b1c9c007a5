// String functions: STARTS_WITH, ENDS_WITH, TO_LOWER, TO_UPPER, LENGTH,
// SUBSTRING, CONCAT, TRIM/LTRIM/RTRIM, LEFT, RIGHT, CONTAINS, LOCATE, SPLIT,
// REVERSE, REPEAT. Positions and lengths count Unicode code points (§5).
#include <clocale>
#include <cwctype>
#include <locale.h>

#include <fmt/format.h>

#include "exec/functions/function_registry.h"
#include "exec/functions/utf8.h"

namespace trailhound {

namespace {

Status check_string(const CallInfo& info, const std::vector<ExprP>& args, size_t i) {
  const DataType t = args[i]->type();
  if (is_string(t) || t == DataType::Null) return Status();
  return arg_type_error(info, i, args.size(), "string", t);
}

Status check_integer(const CallInfo& info, std::vector<ExprP>& args, size_t i) {
  auto c = coerce_string_literal(info, args[i], DataType::Integer);
  if (!c.ok()) return c.status();
  args[i] = c.value();
  const DataType t = args[i]->type();
  if (t == DataType::Integer || t == DataType::Null) return Status();
  return arg_type_error(info, i, args.size(), "integer", t);
}

bool any_null_type(const std::vector<ExprP>& args) {
  for (auto& a : args)
    if (a->type() == DataType::Null) return true;
  return false;
}

ExprP make_fn(const CallInfo& info, DataType t, std::vector<ExprP> args, FnExpr::Impl impl) {
  return std::make_shared<FnExpr>(t, info.src, std::move(args), std::move(impl));
}

// UTF-8 helpers (utf8.h).
size_t count_cps(std::string_view s) {
  size_t n = 0;
  for (size_t i = 0; i < s.size(); i += utf8_length(static_cast<unsigned char>(s[i]))) ++n;
  return n;
}
// Byte offset of code point `cp` (clamped to the end).
size_t cp_offset(std::string_view s, size_t cp) {
  size_t i = 0;
  while (cp > 0 && i < s.size()) {
    i += utf8_length(static_cast<unsigned char>(s[i]));
    --cp;
  }
  return std::min(i, s.size());
}

locale_t utf8_locale() {
  static locale_t loc = newlocale(LC_CTYPE_MASK, "C.UTF-8", static_cast<locale_t>(0));
  return loc;
}

std::string change_case(std::string_view s, bool upper) {
  std::string out;
  out.reserve(s.size());
  locale_t loc = utf8_locale();
  for (size_t i = 0; i < s.size();) {
    const unsigned char c = s[i];
    if (c < 0x80) {
      out += static_cast<char>(upper ? std::toupper(c) : std::tolower(c));
      ++i;
      continue;
    }
    uint32_t cp = decode_utf8(s, i);
    if (loc) cp = static_cast<uint32_t>(upper ? towupper_l(cp, loc) : towlower_l(cp, loc));
    append_utf8(out, cp);
  }
  return out;
}

bool is_ws(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

template <bool Starts>
Result<ExprP> bind_affix(const CallInfo& info, std::vector<ExprP>& args) {
  if (args.size() != 2) return arity_error(info, "two");
  for (size_t i = 0; i < 2; ++i)
    if (auto s = check_string(info, args, i); !s.ok()) return s;
  if (any_null_type(args)) return make_null_literal(DataType::Boolean, info.src);
  return make_fn(info, DataType::Boolean, args, [](const FnExpr& self, const std::vector<Vec>& a, size_t rows, EvalContext& ctx) {
    const Column& s = a[0].c();
    const Column& p = a[1].c();
    return map_single(self, ctx, rows, DataType::Boolean, a, [&](Column& out, const uint32_t* vi) {
      std::string_view x = s.str[vi[0]], y = p.str[vi[1]];
      out.push_i64(Starts ? x.starts_with(y) : x.ends_with(y));
    });
  });
}

template <bool Upper>
Result<ExprP> bind_case(const CallInfo& info, std::vector<ExprP>& args) {
  if (args.size() != 1) return arity_error(info, "one");
  if (auto s = check_string(info, args, 0); !s.ok()) return s;
  if (any_null_type(args)) return make_null_literal(DataType::Keyword, info.src);
  // Maps over multi-values (capability to_lower_mv).
  return make_fn(info, DataType::Keyword, args, [](const FnExpr&, const std::vector<Vec>& a, size_t rows, EvalContext&) {
    const Column& s = a[0].c();
    return map_rows(rows, DataType::Keyword, a, [&](Column& out, size_t r) {
      for (uint32_t i = a[0].begin(r), e = i + a[0].count(r); i < e; ++i) out.push_str(change_case(s.str[i], Upper));
    });
  });
}

Result<ExprP> bind_length(const CallInfo& info, std::vector<ExprP>& args) {
  if (args.size() != 1) return arity_error(info, "one");
  if (auto s = check_string(info, args, 0); !s.ok()) return s;
  if (any_null_type(args)) return make_null_literal(DataType::Integer, info.src);
  return make_fn(info, DataType::Integer, args, [](const FnExpr& self, const std::vector<Vec>& a, size_t rows, EvalContext& ctx) {
    const Column& s = a[0].c();
    return map_single(self, ctx, rows, DataType::Integer, a,
                      [&](Column& out, const uint32_t* vi) { out.push_i64(static_cast<int64_t>(count_cps(s.str[vi[0]]))); });
  });
}

Result<ExprP> bind_substring(const CallInfo& info, std::vector<ExprP>& args) {
  if (args.size() != 2 && args.size() != 3) return arity_error(info, "two or three");
  if (auto s = check_string(info, args, 0); !s.ok()) return s;
  for (size_t i = 1; i < args.size(); ++i)
    if (auto s = check_integer(info, args, i); !s.ok()) return s;
  if (any_null_type(args)) return make_null_literal(DataType::Keyword, info.src);
  return make_fn(info, DataType::Keyword, args, [](const FnExpr& self, const std::vector<Vec>& a, size_t rows, EvalContext& ctx) {
    const Column& s = a[0].c();
    const bool has_len = a.size() == 3;
    return map_single(self, ctx, rows, DataType::Keyword, a, [&](Column& out, const uint32_t* vi) {
      std::string_view str = s.str[vi[0]];
      const int64_t n = static_cast<int64_t>(count_cps(str));
      int64_t start = a[1].c().i64[vi[1]];
      if (start < 0) start = std::max<int64_t>(0, n + start);
      else start = std::max<int64_t>(0, start - 1);
      start = std::min(start, n);
      int64_t len = has_len ? a[2].c().i64[vi[2]] : n;
      if (len < 0) len = 0;
      const int64_t end = std::min(n, start + len);
      const size_t b = cp_offset(str, start), e = cp_offset(str, end);
      out.push_str(str.substr(b, e - b));
    });
  });
}

Result<ExprP> bind_concat(const CallInfo& info, std::vector<ExprP>& args) {
  if (args.size() < 2) return arity_error(info, "at least two");
  for (size_t i = 0; i < args.size(); ++i)
    if (auto s = check_string(info, args, i); !s.ok()) return s;
  if (any_null_type(args)) return make_null_literal(DataType::Keyword, info.src);
  return make_fn(info, DataType::Keyword, args, [](const FnExpr& self, const std::vector<Vec>& a, size_t rows, EvalContext& ctx) {
    return map_single(self, ctx, rows, DataType::Keyword, a, [&](Column& out, const uint32_t* vi) {
      std::string r;
      for (size_t i = 0; i < a.size(); ++i) r += a[i].c().str[vi[i]];
      out.push_str(r);
    });
  });
}

template <int Mode>  // 0 both, 1 left, 2 right
Result<ExprP> bind_trim(const CallInfo& info, std::vector<ExprP>& args) {
  if (args.size() != 1) return arity_error(info, "one");
  if (auto s = check_string(info, args, 0); !s.ok()) return s;
  if (any_null_type(args)) return make_null_literal(DataType::Keyword, info.src);
  return make_fn(info, DataType::Keyword, args, [](const FnExpr& self, const std::vector<Vec>& a, size_t rows, EvalContext& ctx) {
    const Column& s = a[0].c();
    return map_single(self, ctx, rows, DataType::Keyword, a, [&](Column& out, const uint32_t* vi) {
      std::string_view v = s.str[vi[0]];
      if (Mode != 2)
        while (!v.empty() && is_ws(v.front())) v.remove_prefix(1);
      if (Mode != 1)
        while (!v.empty() && is_ws(v.back())) v.remove_suffix(1);
      out.push_str(v);
    });
  });
}

template <bool Left>
Result<ExprP> bind_left_right(const CallInfo& info, std::vector<ExprP>& args) {
  if (args.size() != 2) return arity_error(info, "two");
  if (auto s = check_string(info, args, 0); !s.ok()) return s;
  if (auto s = check_integer(info, args, 1); !s.ok()) return s;
  if (any_null_type(args)) return make_null_literal(DataType::Keyword, info.src);
  return make_fn(info, DataType::Keyword, args, [](const FnExpr& self, const std::vector<Vec>& a, size_t rows, EvalContext& ctx) {
    const Column& s = a[0].c();
    return map_single(self, ctx, rows, DataType::Keyword, a, [&](Column& out, const uint32_t* vi) {
      std::string_view v = s.str[vi[0]];
      const int64_t n = static_cast<int64_t>(count_cps(v));
      int64_t k = std::clamp<int64_t>(a[1].c().i64[vi[1]], 0, n);
      if (Left) out.push_str(v.substr(0, cp_offset(v, k)));
      else out.push_str(v.substr(cp_offset(v, n - k)));
    });
  });
}

Result<ExprP> bind_contains(const CallInfo& info, std::vector<ExprP>& args) {
  if (args.size() != 2) return arity_error(info, "two");
  for (size_t i = 0; i < 2; ++i)
    if (auto s = check_string(info, args, i); !s.ok()) return s;
  if (any_null_type(args)) return make_null_literal(DataType::Boolean, info.src);
  return make_fn(info, DataType::Boolean, args, [](const FnExpr& self, const std::vector<Vec>& a, size_t rows, EvalContext& ctx) {
    return map_single(self, ctx, rows, DataType::Boolean, a, [&](Column& out, const uint32_t* vi) {
      out.push_i64(std::string_view(a[0].c().str[vi[0]]).find(a[1].c().str[vi[1]]) != std::string_view::npos);
    });
  });
}

Result<ExprP> bind_locate(const CallInfo& info, std::vector<ExprP>& args) {
  if (args.size() != 2 && args.size() != 3) return arity_error(info, "two or three");
  for (size_t i = 0; i < 2; ++i)
    if (auto s = check_string(info, args, i); !s.ok()) return s;
  if (args.size() == 3)
    if (auto s = check_integer(info, args, 2); !s.ok()) return s;
  if (any_null_type(args)) return make_null_literal(DataType::Integer, info.src);
  return make_fn(info, DataType::Integer, args, [](const FnExpr& self, const std::vector<Vec>& a, size_t rows, EvalContext& ctx) {
    return map_single(self, ctx, rows, DataType::Integer, a, [&](Column& out, const uint32_t* vi) {
      std::string_view s = a[0].c().str[vi[0]], sub = a[1].c().str[vi[1]];
      int64_t start = a.size() == 3 ? a[2].c().i64[vi[2]] : 1;
      const int64_t n = static_cast<int64_t>(count_cps(s));
      if (start < 1) start = 1;
      if (start > n + 1) return out.push_i64(0);
      const size_t from = cp_offset(s, start - 1);
      const size_t at = s.find(sub, from);
      out.push_i64(at == std::string_view::npos ? 0 : static_cast<int64_t>(count_cps(s.substr(0, at))) + 1);
    });
  });
}

Result<ExprP> bind_split(const CallInfo& info, std::vector<ExprP>& args) {
  if (args.size() != 2) return arity_error(info, "two");
  for (size_t i = 0; i < 2; ++i)
    if (auto s = check_string(info, args, i); !s.ok()) return s;
  if (any_null_type(args)) return make_null_literal(DataType::Keyword, info.src);
  return make_fn(info, DataType::Keyword, args, [](const FnExpr& self, const std::vector<Vec>& a, size_t rows, EvalContext& ctx) {
    return map_single(self, ctx, rows, DataType::Keyword, a, [&](Column& out, const uint32_t* vi) {
      std::string_view s = a[0].c().str[vi[0]], d = a[1].c().str[vi[1]];
      if (d.empty()) {
        out.push_str(s);
        return;
      }
      size_t p = 0;
      while (true) {
        size_t q = s.find(d, p);
        if (q == std::string_view::npos) {
          out.push_str(s.substr(p));
          break;
        }
        out.push_str(s.substr(p, q - p));
        p = q + d.size();
      }
    });
  });
}

Result<ExprP> bind_reverse(const CallInfo& info, std::vector<ExprP>& args) {
  if (args.size() != 1) return arity_error(info, "one");
  if (auto s = check_string(info, args, 0); !s.ok()) return s;
  if (any_null_type(args)) return make_null_literal(DataType::Keyword, info.src);
  return make_fn(info, DataType::Keyword, args, [](const FnExpr& self, const std::vector<Vec>& a, size_t rows, EvalContext& ctx) {
    return map_single(self, ctx, rows, DataType::Keyword, a, [&](Column& out, const uint32_t* vi) {
      std::string_view s = a[0].c().str[vi[0]];
      std::vector<std::string_view> cps;
      for (size_t i = 0; i < s.size();) {
        size_t n = std::min(utf8_length(static_cast<unsigned char>(s[i])), s.size() - i);
        cps.push_back(s.substr(i, n));
        i += n;
      }
      std::string r;
      for (auto it = cps.rbegin(); it != cps.rend(); ++it) r += *it;
      out.push_str(r);
    });
  });
}

Result<ExprP> bind_repeat(const CallInfo& info, std::vector<ExprP>& args) {
  if (args.size() != 2) return arity_error(info, "two");
  if (auto s = check_string(info, args, 0); !s.ok()) return s;
  if (auto s = check_integer(info, args, 1); !s.ok()) return s;
  if (any_null_type(args)) return make_null_literal(DataType::Keyword, info.src);
  return make_fn(info, DataType::Keyword, args, [](const FnExpr& self, const std::vector<Vec>& a, size_t rows, EvalContext& ctx) {
    return map_single(self, ctx, rows, DataType::Keyword, a, [&](Column& out, const uint32_t* vi) {
      const int64_t n = a[1].c().i64[vi[1]];
      if (n < 0)
        return ctx.warnings.failure(self.source(),
                                    fmt::format("java.lang.IllegalArgumentException: Number parameter cannot be negative, found [{}]", n));
      std::string r;
      for (int64_t i = 0; i < n; ++i) r += a[0].c().str[vi[0]];
      out.push_str(r);
    });
  });
}

// SPACE(n): n spaces; negative n is a failure (null + warning).
Result<ExprP> bind_space(const CallInfo& info, std::vector<ExprP>& args) {
  if (args.size() != 1) return arity_error(info, "one");
  if (auto s = check_integer(info, args, 0); !s.ok()) return s;
  if (any_null_type(args)) return make_null_literal(DataType::Keyword, info.src);
  return make_fn(info, DataType::Keyword, args, [](const FnExpr& self, const std::vector<Vec>& a, size_t rows, EvalContext& ctx) {
    return map_single(self, ctx, rows, DataType::Keyword, a, [&](Column& out, const uint32_t* vi) {
      const int64_t n = a[0].c().i64[vi[0]];
      if (n < 0)
        return ctx.warnings.failure(self.source(),
                                    fmt::format("java.lang.IllegalArgumentException: Number parameter cannot be negative, found [{}]", n));
      out.push_str(std::string(static_cast<size_t>(n), ' '));
    });
  });
}

}  // namespace

// BIT_LENGTH, TO_TEXT, TO_ASCII, MV_MEDIAN, MV_ZIP, MV_IN_RANGE: string_mv_extra_functions.cpp.
void register_string_mv_extra_functions(FunctionTable& t);

void register_string_functions(FunctionTable& t) {
  register_string_mv_extra_functions(t);
  t.add("space", bind_space);
  t.add("starts_with", bind_affix<true>);
  t.add("ends_with", bind_affix<false>);
  t.add("to_lower", bind_case<false>);
  t.add("to_upper", bind_case<true>);
  t.add("length", bind_length);
  t.add("substring", bind_substring);
  t.add("concat", bind_concat);
  t.add("trim", bind_trim<0>);
  t.add("ltrim", bind_trim<1>);
  t.add("rtrim", bind_trim<2>);
  t.add("left", bind_left_right<true>);
  t.add("right", bind_left_right<false>);
  t.add("contains", bind_contains);
  t.add("locate", bind_locate);
  t.add("split", bind_split);
  t.add("reverse", bind_reverse);
  t.add("repeat", bind_repeat);
}

}  // namespace trailhound
