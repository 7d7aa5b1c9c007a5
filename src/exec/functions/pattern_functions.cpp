// LIKE and RLIKE (single pattern and list forms), §5 "Strings".
//
// LIKE: `*` any sequence, `?` one code point, `\` escapes; whole-string,
// case-sensitive. RLIKE: Lucene regular-expression syntax translated to RE2
// (whole-string match). Lucene operators RE2 cannot express (`&` intersection,
// `~` complement, `<n-m>` numeric ranges) are rejected at analysis time.
#include <memory>
#include <optional>
#include <unordered_map>

#include <fmt/format.h>
#include <re2/re2.h>

#include "common/string_view_hash.h"
#include "exec/functions/function_registry.h"
#include "exec/functions/utf8.h"

namespace trailhound {

namespace {

void append_re2_literal(std::string& out, uint32_t c, std::string_view raw) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80 || c == '_') {
    out += raw;
  } else {
    out += '\\';
    out += raw;
  }
}

// Returns the next code point's raw bytes starting at i.
std::string_view next_cp(std::string_view s, size_t i) {
  return s.substr(i, std::min(utf8_length(static_cast<unsigned char>(s[i])), s.size() - i));
}

Result<std::string> like_to_re2(std::string_view p) {
  std::string out;
  for (size_t i = 0; i < p.size();) {
    const char c = p[i];
    if (c == '\\' && i + 1 < p.size()) {
      auto cp = next_cp(p, i + 1);
      append_re2_literal(out, static_cast<unsigned char>(cp[0]), cp);
      i += 1 + cp.size();
    } else if (c == '*') {
      out += "(?s:.*)";
      ++i;
    } else if (c == '?') {
      out += "(?s:.)";
      ++i;
    } else {
      auto cp = next_cp(p, i);
      append_re2_literal(out, static_cast<unsigned char>(cp[0]), cp);
      i += cp.size();
    }
  }
  return out;
}

Result<std::string> lucene_to_re2(std::string_view p) {
  std::string out;
  auto unsupported = [&](std::string_view what) {
    return Status::unsupported(fmt::format("unsupported: Lucene regular expression {} in [{}]", what, p));
  };
  for (size_t i = 0; i < p.size();) {
    const char c = p[i];
    switch (c) {
      case '\\': {
        if (i + 1 >= p.size()) return Status::invalid_input(fmt::format("invalid regular expression [{}]: trailing backslash", p));
        auto cp = next_cp(p, i + 1);
        append_re2_literal(out, static_cast<unsigned char>(cp[0]), cp);
        i += 1 + cp.size();
        break;
      }
      case '.': out += "(?s:.)"; ++i; break;
      case '@': out += "(?s:.*)"; ++i; break;
      case '#': out += "[^\\x{0}-\\x{10FFFF}]"; ++i; break;
      case '&': return unsupported("intersection '&'");
      case '~': return unsupported("complement '~'");
      case '<': return unsupported("numeric interval '<n-m>'");
      case '"': {
        size_t j = i + 1;
        while (j < p.size() && p[j] != '"') {
          auto cp = next_cp(p, j);
          append_re2_literal(out, static_cast<unsigned char>(cp[0]), cp);
          j += cp.size();
        }
        if (j >= p.size()) return Status::invalid_input(fmt::format("invalid regular expression [{}]: unterminated string", p));
        i = j + 1;
        break;
      }
      case '[': {
        out += '[';
        ++i;
        if (i < p.size() && p[i] == '^') {
          out += '^';
          ++i;
        }
        bool closed = false;
        while (i < p.size()) {
          if (p[i] == ']') {
            out += ']';
            ++i;
            closed = true;
            break;
          }
          if (p[i] == '-') {
            out += '-';
            ++i;
            continue;
          }
          size_t at = i;
          if (p[i] == '\\' && i + 1 < p.size()) at = i + 1;
          auto cp = next_cp(p, at);
          append_re2_literal(out, static_cast<unsigned char>(cp[0]), cp);
          i = at + cp.size();
        }
        if (!closed) return Status::invalid_input(fmt::format("invalid regular expression [{}]: expected ']'", p));
        break;
      }
      case '(': case ')': case '|': case '*': case '+': case '?': case '{': case '}': case ',':
        out += c;
        ++i;
        break;
      default: {
        if (c >= '0' && c <= '9') {
          out += c;
          ++i;
          break;
        }
        auto cp = next_cp(p, i);
        append_re2_literal(out, static_cast<unsigned char>(cp[0]), cp);
        i += cp.size();
      }
    }
  }
  return out;
}

// One compiled pattern with fast paths for the common LIKE shapes.
struct Matcher {
  enum Kind { Exact, Prefix, Suffix, Contains, Regex } kind = Regex;
  std::string text;
  std::shared_ptr<RE2> re;

  bool match(std::string_view s) const {
    switch (kind) {
      case Exact: return s == text;
      case Prefix: return s.starts_with(text);
      case Suffix: return s.ends_with(text);
      case Contains: return s.find(text) != std::string_view::npos;
      case Regex: return RE2::FullMatch(s, *re);
    }
    return false;
  }
};

bool plain(std::string_view s) { return s.find_first_of("*?\\") == std::string_view::npos; }

Result<Matcher> compile(std::string_view pattern, bool rlike) {
  Matcher m;
  if (!rlike) {
    if (plain(pattern)) return Matcher{Matcher::Exact, std::string(pattern), nullptr};
    std::string_view mid = pattern;
    const bool lead = !mid.empty() && mid.front() == '*';
    if (lead) mid.remove_prefix(1);
    const bool trail = !mid.empty() && mid.back() == '*' && (mid.size() < 2 || mid[mid.size() - 2] != '\\');
    if (trail) mid.remove_suffix(1);
    if (plain(mid) && (lead || trail))
      return Matcher{lead && trail ? Matcher::Contains : lead ? Matcher::Suffix : Matcher::Prefix, std::string(mid), nullptr};
  }
  auto re = rlike ? lucene_to_re2(pattern) : like_to_re2(pattern);
  if (!re.ok()) return re.status();
  RE2::Options opts;
  opts.set_log_errors(false);
  opts.set_dot_nl(true);
  m.re = std::make_shared<RE2>(re.value(), opts);
  if (!m.re->ok())
    return Status::invalid_input(fmt::format("invalid regular expression [{}]: {}", pattern, m.re->error()));
  return m;
}

}  // namespace

Result<ExprP> bind_like(const CallInfo& info, ExprP e, const std::vector<std::string>& patterns, bool negated, bool rlike) {
  if (!is_string(e->type()) && e->type() != DataType::Null)
    return arg_type_error(info, 0, 2, "string", e->type());
  std::vector<Matcher> ms;
  for (const auto& p : patterns) {
    auto m = compile(p, rlike);
    if (!m.ok()) return Status(m.status().code() == Status::Code::Unsupported
                                   ? Status::unsupported(where(info) + m.status().message())
                                   : Status::analysis_error(where(info) + m.status().message()));
    ms.push_back(m.value());
  }
  if (e->type() == DataType::Null) return make_null_literal(DataType::Boolean, info.src);
  auto impl = [ms = std::move(ms), negated](const FnExpr& self, const std::vector<Vec>& a, size_t rows, EvalContext& ctx) {
    const Column& s = a[0].c();
    return map_single(self, ctx, rows, DataType::Boolean, a, [&](Column& out, const uint32_t* vi) {
      std::string_view v = s.str[vi[0]];
      bool hit = false;
      for (const auto& m : ms)
        if (m.match(v)) {
          hit = true;
          break;
        }
      out.push_i64(hit != negated);
    });
  };
  return ExprP(std::make_shared<FnExpr>(DataType::Boolean, info.src, std::vector<ExprP>{e}, impl));
}

}  // namespace trailhound

namespace trailhound {

// The pattern is an expression. Elasticsearch folds it to a constant (also
// through EVAL chains); a foldable pattern is compiled once here, otherwise
// each row's pattern is compiled on first sight (one cached matcher per
// distinct pattern text).
Result<ExprP> bind_like_expr(const CallInfo& info, ExprP e, ExprP pattern, bool negated, bool rlike) {
  if (!is_string(pattern->type()) && pattern->type() != DataType::Null)
    return arg_type_error(info, 1, 2, "string", pattern->type());
  if (pattern->type() == DataType::Null) return make_null_literal(DataType::Boolean, info.src);
  if (pattern->foldable()) {
    EvalContext scratch;
    Vec v = fold(*pattern, scratch);
    if (v.count(0) != 1) return make_null_literal(DataType::Boolean, info.src);
    return bind_like(info, e, {std::string(v.c().str[v.begin(0)])}, negated, rlike);
  }
  if (!is_string(e->type()) && e->type() != DataType::Null) return arg_type_error(info, 0, 2, "string", e->type());
  if (e->type() == DataType::Null) return make_null_literal(DataType::Boolean, info.src);
  auto impl = [negated, rlike](const FnExpr& self, const std::vector<Vec>& a, size_t rows, EvalContext& ctx) {
    const Column& s = a[0].c();
    const Column& p = a[1].c();
    std::unordered_map<std::string, std::optional<Matcher>, StringViewHash, std::equal_to<>> cache;
    return map_single(self, ctx, rows, DataType::Boolean, a, [&](Column& out, const uint32_t* vi) {
      const std::string_view pat = p.str[vi[1]];
      auto it = cache.find(pat);
      if (it == cache.end()) {
        auto m = compile(pat, rlike);
        it = cache.emplace(std::string(pat), m.ok() ? std::optional<Matcher>(m.value()) : std::nullopt).first;
      }
      if (!it->second) return;  // an invalid pattern matches nothing: null
      out.push_i64(it->second->match(s.str[vi[0]]) != negated);
    });
  };
  return ExprP(std::make_shared<FnExpr>(DataType::Boolean, info.src, std::vector<ExprP>{e, pattern}, impl));
}

}  // namespace trailhound
