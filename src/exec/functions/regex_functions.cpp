// REPLACE(str, regex, replacement): Java String.replaceAll semantics on RE2.
//
// The regex is Java syntax; the constructs RE2 shares are passed through,
// `(?<name>` becomes RE2's `(?P<name>`, and lookaround/backreferences (which
// RE2 cannot run in linear time) are rejected, except the negative lookahead
// of single characters before a single-character atom, rewritten exactly
// (regex_lookahead.h): at analysis time for a constant
// regex ("unsupported: ..."), per row (null + warning) otherwise. The
// replacement follows Matcher.appendReplacement: `$n`/`${name}` insert a
// group, `\x` is a literal x.
#include <re2/re2.h>

#include <fmt/format.h>

#include "exec/functions/function_registry.h"
#include "exec/functions/regex_lookahead.h"

namespace trailhound {

namespace {

// `(?i)`, `(?s:...)`...: flags change what a character atom matches.
bool has_inline_flags(std::string_view p) {
  for (size_t k = p.find("(?"); k != std::string_view::npos; k = p.find("(?", k + 1)) {
    const char f = k + 2 < p.size() ? p[k + 2] : '\0';
    if ((f >= 'a' && f <= 'z') || (f >= 'A' && f <= 'Z') || f == '-') return true;
  }
  return false;
}

Result<std::string> java_regex_to_re2(std::string_view p) {
  std::string out;
  bool in_class = false;
  for (size_t i = 0; i < p.size(); ++i) {
    const char c = p[i];
    if (c == '\\' && i + 1 < p.size()) {
      const char e = p[i + 1];
      if (!in_class && e >= '1' && e <= '9') return Status::unsupported("unsupported: backreference in regex [" + std::string(p) + "]");
      if (e == 'k') return Status::unsupported("unsupported: backreference in regex [" + std::string(p) + "]");
      if (e == 'Z') {
        out += "(?:\\n?\\z)";
      } else if (e == 'h') {
        out += in_class ? " \\t" : "[ \\t]";
      } else {
        out += c;
        out += e;
      }
      ++i;
      continue;
    }
    if (in_class) {
      if (c == ']') in_class = false;
      out += c;
      continue;
    }
    if (c == '[') {
      in_class = true;
      out += c;
      if (i + 1 < p.size() && p[i + 1] == '^') out += p[++i];
      if (i + 1 < p.size() && p[i + 1] == ']') {
        out += "\\]";
        ++i;
      }
      continue;
    }
    if (c == '(' && i + 2 < p.size() && p[i + 1] == '?') {
      const std::string_view rest = p.substr(i + 2);
      if (rest.starts_with("!") && !has_inline_flags(p)) {
        // Without inline flags, `(?!a|b)Y` over single characters has an exact RE2 form.
        if (auto r = rewrite_negative_lookahead(p, i)) {
          out += r->first;
          i = r->second - 1;
          continue;
        }
      }
      if (rest.starts_with("=") || rest.starts_with("!") || rest.starts_with("<=") || rest.starts_with("<!"))
        return Status::unsupported("unsupported: lookaround in regex [" + std::string(p) + "]");
      if (rest.starts_with("<")) {
        out += "(?P<";
        i += 2;
        continue;
      }
      if (rest.starts_with(">")) {
        out += "(?:";
        i += 2;
        continue;
      }
    }
    if ((c == '*' || c == '+' || c == '?' || c == '}') && i + 1 < p.size() && p[i + 1] == '+') {
      out += c;  // possessive: the greedy form is the closest RE2 can run
      ++i;
      continue;
    }
    out += c;
  }
  return out;
}

struct Compiled {
  std::shared_ptr<const RE2> re;
  std::string error;
};

Compiled compile(std::string_view pattern) {
  auto t = java_regex_to_re2(pattern);
  if (!t.ok()) return {nullptr, t.status().message()};
  RE2::Options o;
  o.set_log_errors(false);
  auto re = std::make_shared<const RE2>(t.value(), o);
  if (!re->ok()) return {nullptr, "java.util.regex.PatternSyntaxException: " + re->error()};
  return {re, ""};
}

// Java replaceAll: every non-overlapping match, empty matches included.
bool replace_all(const RE2& re, std::string_view s, std::string_view repl, std::string& out, std::string& err) {
  const int ng = re.NumberOfCapturingGroups() + 1;
  std::vector<re2::StringPiece> g(ng);
  const auto& names = re.NamedCapturingGroups();
  out.clear();
  size_t pos = 0, copied = 0;
  while (pos <= s.size()) {
    if (!re.Match(re2::StringPiece(s.data(), s.size()), pos, s.size(), RE2::UNANCHORED, g.data(), ng)) break;
    const size_t ms = static_cast<size_t>(g[0].data() - s.data()), me = ms + g[0].size();
    out.append(s.substr(copied, ms - copied));
    for (size_t k = 0; k < repl.size(); ++k) {
      const char c = repl[k];
      if (c == '\\') {
        if (++k >= repl.size()) {
          err = "java.lang.IllegalArgumentException: character to be escaped is missing";
          return false;
        }
        out += repl[k];
      } else if (c == '$') {
        if (++k >= repl.size()) {
          err = "java.lang.IllegalArgumentException: Illegal group reference: group index is missing";
          return false;
        }
        int gi = -1;
        if (repl[k] == '{') {
          const size_t end = repl.find('}', k);
          if (end == std::string_view::npos) {
            err = "java.lang.IllegalArgumentException: named capturing group is missing trailing '}'";
            return false;
          }
          auto it = names.find(std::string(repl.substr(k + 1, end - k - 1)));
          if (it == names.end()) {
            err = "java.lang.IllegalArgumentException: No group with name {" + std::string(repl.substr(k + 1, end - k - 1)) + "}";
            return false;
          }
          gi = it->second;
          k = end;
        } else if (repl[k] >= '0' && repl[k] <= '9') {
          gi = repl[k] - '0';
          if (gi >= ng) {
            err = fmt::format("java.lang.IndexOutOfBoundsException: No group {}", gi);
            return false;
          }
          // Java takes more digits while the group number stays valid.
          while (k + 1 < repl.size() && repl[k + 1] >= '0' && repl[k + 1] <= '9' && gi * 10 + (repl[k + 1] - '0') < ng)
            gi = gi * 10 + (repl[++k] - '0');
        } else {
          err = "java.lang.IllegalArgumentException: Illegal group reference";
          return false;
        }
        if (g[gi].data()) out.append(g[gi].data(), g[gi].size());
      } else {
        out += c;
      }
    }
    copied = me;
    if (me == ms) {
      // Empty match: copy one code point and move on.
      if (ms >= s.size()) break;
      size_t n = 1;
      const unsigned char lead = static_cast<unsigned char>(s[ms]);
      if (lead >= 0xf0) n = 4;
      else if (lead >= 0xe0) n = 3;
      else if (lead >= 0xc0) n = 2;
      n = std::min(n, s.size() - ms);
      out.append(s.substr(ms, n));
      copied = ms + n;
      pos = ms + n;
    } else {
      pos = me;
    }
  }
  if (copied < s.size()) out.append(s.substr(copied));
  return true;
}

Result<ExprP> bind_replace(const CallInfo& info, std::vector<ExprP>& args) {
  if (args.size() != 3) return arity_error(info, "three");
  static const char* kExpected = "string";
  for (size_t i = 0; i < 3; ++i)
    if (!is_string(args[i]->type()) && args[i]->type() != DataType::Null) return arg_type_error(info, i, 3, kExpected, args[i]->type());
  for (const auto& a : args)
    if (a->type() == DataType::Null) return make_null_literal(DataType::Keyword, info.src);
  std::shared_ptr<const RE2> fixed;
  if (args[1]->foldable()) {
    EvalContext scratch;
    Vec v = fold(*args[1], scratch);
    if (v.count(0) == 1) {
      Compiled c = compile(v.c().str[v.begin(0)]);
      if (!c.re) {
        if (c.error.starts_with("unsupported:")) return Status::unsupported(where(info) + c.error);
        return Status::analysis_error(where(info) + "Invalid regex [" + std::string(v.c().str[v.begin(0)]) + "]: " + c.error);
      }
      fixed = c.re;
    }
  }
  return ExprP(std::make_shared<FnExpr>(
      DataType::Keyword, info.src, args, [fixed](const FnExpr& self, const std::vector<Vec>& a, size_t rows, EvalContext& ctx) {
        std::string out, err;
        return map_single(self, ctx, rows, DataType::Keyword, a, [&](Column& col, const uint32_t* vi) {
          std::shared_ptr<const RE2> re = fixed;
          if (!re) {
            Compiled c = compile(a[1].c().str[vi[1]]);
            if (!c.re) {
              ctx.warnings.failure(self.source(), c.error);
              return;
            }
            re = c.re;
          }
          if (!replace_all(*re, a[0].c().str[vi[0]], a[2].c().str[vi[2]], out, err)) {
            ctx.warnings.failure(self.source(), err);
            return;
          }
          col.push_str(out);
        });
      }));
}

}  // namespace

void register_regex_functions(FunctionTable& t) { t.add("replace", bind_replace); }

}  // namespace trailhound
