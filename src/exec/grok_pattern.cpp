#include "exec/grok_pattern.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>

#include <fmt/format.h>
#include <re2/re2.h>

#include "exec/grok_library.h"

namespace trailhound {

namespace {

// Translates Oniguruma (Ruby syntax) grok regexes into RE2 syntax while
// numbering the capturing groups so named captures can be mapped back.
class Translator {
 public:
  explicit Translator(std::string_view whole) : whole_(whole) {}

  Status translate(std::string_view p, std::string& out, int depth) {
    if (depth > 64) return Status::invalid_input(fmt::format("Invalid grok pattern [{}]: circular pattern reference", whole_));
    for (size_t i = 0; i < p.size();) {
      const char c = p[i];
      if (c == '\\') {
        Status st = escape(p, i, out, false);
        if (!st.ok()) return st;
      } else if (c == '[') {
        Status st = char_class(p, i, out);
        if (!st.ok()) return st;
      } else if (c == '(') {
        Status st = group(p, i, out);
        if (!st.ok()) return st;
      } else if (c == '%' && i + 1 < p.size() && p[i + 1] == '{') {
        Status st = reference(p, i, out, depth);
        if (!st.ok()) return st;
      } else if (c == '^') {
        out += "(?m:^)";
        ++i;
      } else if (c == '$') {
        out += "(?m:$)";
        ++i;
      } else if ((c == '*' || c == '+' || c == '?') && i + 1 < p.size() && p[i + 1] == '+') {
        out += c;  // possessive quantifier: RE2 never backtracks, the greedy form is the closest
        i += 2;
      } else {
        out += c;
        ++i;
      }
    }
    return Status();
  }

  std::vector<GrokField> fields;
  std::vector<int> group_field;

 private:
  Status unsupported(std::string_view what) const {
    return Status::unsupported(fmt::format("unsupported: {} in grok pattern [{}]", what, whole_));
  }

  int field_index(const std::string& name, DataType type, Status& st) {
    for (size_t f = 0; f < fields.size(); ++f) {
      if (fields[f].name != name) continue;
      if (fields[f].type != type)
        st = Status::invalid_input(fmt::format(
            "Invalid GROK pattern [{}]: the attribute [{}] is defined multiple times with different types", whole_, name));
      return static_cast<int>(f);
    }
    fields.push_back({name, type});
    return static_cast<int>(fields.size() - 1);
  }

  Status escape(std::string_view p, size_t& i, std::string& out, bool in_class) {
    if (i + 1 >= p.size()) return Status::invalid_input(fmt::format("Invalid grok pattern [{}]: trailing backslash", whole_));
    const char e = p[i + 1];
    i += 2;
    switch (e) {
      case '1': case '2': case '3': case '4': case '5': case '6': case '7': case '8': case '9':
        if (in_class) break;
        return unsupported("backreference");
      case 'k': return unsupported("backreference");
      case 'g': return unsupported("subexpression call");
      case 'G': return unsupported("\\G anchor");
      case 'K': return unsupported("\\K");
      case 'X': return unsupported("\\X");
      case 'h': out += in_class ? "0-9a-fA-F" : "[0-9a-fA-F]"; return Status();
      case 'H':
        if (in_class) return unsupported("\\H inside a character class");
        out += "[^0-9a-fA-F]";
        return Status();
      case 'e': out += "\\x1B"; return Status();
      case 'Z': out += "(?:\\n?\\z)"; return Status();
      case 'R': out += "(?:\\r\\n|[\\n\\x0B\\f\\r\\x{85}\\x{2028}\\x{2029}])"; return Status();
      default: break;
    }
    out += '\\';
    out += e;
    return Status();
  }

  Status char_class(std::string_view p, size_t& i, std::string& out) {
    out += '[';
    ++i;
    if (i < p.size() && p[i] == '^') out += p[i++];
    if (i < p.size() && p[i] == ']') {
      out += "\\]";
      ++i;
    }
    while (i < p.size()) {
      const char c = p[i];
      if (c == ']') {
        out += ']';
        ++i;
        return Status();
      }
      if (c == '\\') {
        Status st = escape(p, i, out, true);
        if (!st.ok()) return st;
        continue;
      }
      if (c == '[') {
        if (i + 1 < p.size() && p[i + 1] == ':') {  // POSIX bracket [:alpha:]
          size_t end = p.find(":]", i + 2);
          if (end == std::string_view::npos) return unsupported("nested character class");
          out.append(p.substr(i, end + 2 - i));
          i = end + 2;
          continue;
        }
        return unsupported("nested character class");
      }
      if (c == '&' && i + 1 < p.size() && p[i + 1] == '&') return unsupported("character class intersection");
      out += c;
      ++i;
    }
    return Status::invalid_input(fmt::format("Invalid grok pattern [{}]: premature end of char-class", whole_));
  }

  Status group(std::string_view p, size_t& i, std::string& out) {
    if (i + 1 >= p.size() || p[i + 1] != '?') {
      group_field.push_back(-1);
      out += '(';
      ++i;
      return Status();
    }
    const std::string_view rest = p.substr(i + 2);
    auto named = [&](size_t name_start, char close) -> Status {
      const size_t end = p.find(close, name_start);
      if (end == std::string_view::npos)
        return Status::invalid_input(fmt::format("Invalid grok pattern [{}]: invalid group name", whole_));
      Status st;
      group_field.push_back(field_index(std::string(p.substr(name_start, end - name_start)), DataType::Keyword, st));
      out += '(';
      i = end + 1;
      return st;
    };
    if (rest.starts_with("<=") || rest.starts_with("<!")) return unsupported("lookbehind");
    if (rest.starts_with("=") || rest.starts_with("!")) return unsupported("lookahead");
    if (rest.starts_with("<")) return named(i + 3, '>');
    if (rest.starts_with("'")) return named(i + 3, '\'');
    if (rest.starts_with("P<")) return named(i + 4, '>');
    if (rest.starts_with(">")) {  // atomic group
      out += "(?:";
      i += 3;
      return Status();
    }
    if (rest.starts_with("#")) {  // comment
      const size_t end = p.find(')', i);
      i = end == std::string_view::npos ? p.size() : end + 1;
      return Status();
    }
    if (rest.starts_with(":")) {
      out += "(?:";
      i += 3;
      return Status();
    }
    // Option groups (?imx-imx) / (?imx-imx:...). Ruby's `m` is RE2's `s`.
    size_t j = i + 2;
    std::string flags;
    bool has_on = false;
    for (; j < p.size() && p[j] != ')' && p[j] != ':'; ++j) {
      const char f = p[j];
      if (f == 'i' || f == 's') flags += f;
      else if (f == 'm') flags += 's';
      else if (f == '-') flags += '-';
      else if (f == 'x') return unsupported("extended mode (?x)");
      else return unsupported(fmt::format("group construct (?{}", f));
      if (f != '-') has_on = true;
    }
    if (j >= p.size()) return Status::invalid_input(fmt::format("Invalid grok pattern [{}]: end pattern in group", whole_));
    if (!has_on || flags.empty() || flags.back() == '-') {
      while (!flags.empty() && flags.back() == '-') flags.pop_back();
    }
    if (flags.empty()) {
      out += p[j] == ':' ? "(?:" : "";
    } else {
      out += "(?" + flags + p[j];
    }
    i = j + 1;
    return Status();
  }

  Status reference(std::string_view p, size_t& i, std::string& out, int depth) {
    const size_t end = p.find('}', i + 2);
    if (end == std::string_view::npos) {  // not a reference: literal text
      out += "%";
      ++i;
      return Status();
    }
    std::string_view body = p.substr(i + 2, end - i - 2);
    i = end + 1;
    std::string_view name = body, field;
    DataType type = DataType::Keyword;
    if (size_t c = body.find(':'); c != std::string_view::npos) {
      name = body.substr(0, c);
      field = body.substr(c + 1);
      if (size_t t = field.rfind(':'); t != std::string_view::npos) {
        const std::string_view ts = field.substr(t + 1);
        if (ts == "int") type = DataType::Integer;
        else if (ts == "long") type = DataType::Long;
        else if (ts == "float" || ts == "double") type = DataType::Double;
        else if (ts == "boolean") type = DataType::Boolean;
        else if (ts != "string" && ts != "keyword")
          return Status::invalid_input(fmt::format("Invalid grok pattern [{}]: unsupported type [{}]", whole_, ts));
        field = field.substr(0, t);
      }
    }
    const std::string_view* def = grok_library_pattern(name);
    if (!def)
      return Status::invalid_input(
          fmt::format("Invalid grok pattern [{}]: Unable to find pattern [{}] in Grok's pattern dictionary", whole_, name));
    Status st;
    if (field.empty()) {
      out += "(?:";
    } else {
      group_field.push_back(field_index(std::string(field), type, st));
      out += '(';
    }
    if (!st.ok()) return st;
    st = translate(*def, out, depth + 1);
    out += ')';
    return st;
  }

  std::string_view whole_;
};

void append_converted(Column& col, std::string_view v) {
  switch (col.type) {
    case DataType::Integer:
    case DataType::Long: {
      int64_t x = 0;
      std::string_view s = v;
      if (!s.empty() && s[0] == '+') s.remove_prefix(1);
      auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), x);
      if (ec != std::errc() || ptr != s.data() + s.size() || s.empty()) return;
      if (col.type == DataType::Integer && (x < INT32_MIN || x > INT32_MAX)) return;
      col.push_i64(x);
      return;
    }
    case DataType::Double: {
      std::string s(v);
      char* end = nullptr;
      const double d = std::strtod(s.c_str(), &end);
      if (s.empty() || end != s.c_str() + s.size()) return;
      col.push_f64(d);
      return;
    }
    case DataType::Boolean: {
      // Java Boolean.parseBoolean: "true" in any case, everything else false.
      std::string s(v);
      std::transform(s.begin(), s.end(), s.begin(), ::tolower);
      col.push_i64(s == "true" ? 1 : 0);
      return;
    }
    default: col.push_str(v); return;
  }
}

}  // namespace

Result<GrokPattern> GrokPattern::compile(const std::vector<std::string>& patterns) {
  std::string re;
  std::string whole;
  for (size_t k = 0; k < patterns.size(); ++k) whole += (k ? ", " : "") + patterns[k];
  Translator tr(patterns.size() == 1 ? std::string_view(patterns[0]) : std::string_view(whole));
  for (size_t k = 0; k < patterns.size(); ++k) {
    std::string part;
    Status st = tr.translate(patterns[k], part, 0);
    if (!st.ok()) return st;
    if (patterns.size() == 1) {
      re = std::move(part);
    } else {
      if (k) re += '|';
      re += "(?:" + part + ")";
    }
  }
  RE2::Options opts;
  opts.set_log_errors(false);
  opts.set_max_mem(64 << 20);
  auto compiled = std::make_shared<const RE2>(re, opts);
  if (!compiled->ok())
    return Status::invalid_input(fmt::format("Invalid grok pattern [{}]: {}", patterns.empty() ? "" : patterns[0], compiled->error()));
  if (compiled->NumberOfCapturingGroups() != static_cast<int>(tr.group_field.size()))
    return Status::internal("grok: capturing group count mismatch for [" + re + "]");
  GrokPattern g;
  g.re_ = std::move(compiled);
  // Output columns are sorted by name; remap group → field accordingly.
  std::vector<int> order(tr.fields.size());
  for (size_t f = 0; f < order.size(); ++f) order[f] = static_cast<int>(f);
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return tr.fields[a].name < tr.fields[b].name; });
  std::vector<int> rank(order.size());
  for (size_t r = 0; r < order.size(); ++r) {
    rank[order[r]] = static_cast<int>(r);
    g.fields_.push_back(tr.fields[order[r]]);
  }
  for (int f : tr.group_field) g.group_field_.push_back(f < 0 ? -1 : rank[f]);
  return g;
}

bool GrokPattern::match(std::string_view text, std::vector<Column>& out) const {
  const int n = static_cast<int>(group_field_.size()) + 1;
  std::vector<re2::StringPiece> sub(n);
  if (!re_->Match(re2::StringPiece(text.data(), text.size()), 0, text.size(), RE2::UNANCHORED, sub.data(), n))
    return false;
  for (int gi = 1; gi < n; ++gi) {
    const int f = group_field_[gi - 1];
    if (f < 0 || sub[gi].data() == nullptr) continue;
    append_converted(out[f], std::string_view(sub[gi].data(), sub[gi].size()));
  }
  return true;
}

}  // namespace trailhound
