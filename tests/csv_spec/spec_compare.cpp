#include "csv_spec/spec_compare.h"

#include <re2/re2.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <regex>
#include <set>

#include "csv_spec/typed_text.h"
#include "exec/value_format.h"

namespace trailhound::csvspec {

namespace {

constexpr char kNullCell[] = "\x01null";
constexpr char kItemSep = '\x1e';

std::string hex(std::string_view bytes) {
  static const char* d = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out += d[c >> 4];
    out += d[c & 15];
  }
  return out;
}

std::string double_token(double v) {
  if (std::isnan(v)) return "d:NaN";
  uint64_t bits;
  std::memcpy(&bits, &v, 8);
  return "d:" + std::to_string(bits);
}

int64_t floor_div(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }
int64_t floor_mod(int64_t a, int64_t b) { return a - floor_div(a, b) * b; }
std::string instant_token(int64_t seconds, int64_t nanos) {
  return "t:" + std::to_string(seconds) + "." + std::to_string(nanos);
}

std::string actual_token(const Column& c, uint32_t vi) {
  switch (c.type) {
    case DataType::Integer:
    case DataType::Long: return "i:" + std::to_string(c.i64[vi]);
    case DataType::UnsignedLong: return "u:" + std::to_string(static_cast<uint64_t>(c.i64[vi]));
    case DataType::Double: return double_token(c.f64[vi]);
    case DataType::Boolean: return c.i64[vi] ? "b:true" : "b:false";
    case DataType::Datetime: return instant_token(floor_div(c.i64[vi], 1000), floor_mod(c.i64[vi], 1000) * 1000000);
    case DataType::DateNanos:
      return instant_token(floor_div(c.i64[vi], 1000000000), floor_mod(c.i64[vi], 1000000000));
    case DataType::Ip: return "ip:" + hex(c.str[vi]);
    case DataType::Keyword:
    case DataType::Text:
    case DataType::Version: return "s:" + std::string(c.str[vi]);
    default: return "x:" + format_scalar_text(c, vi);
  }
}

std::string actual_cell(const Column& c, size_t row) {
  if (c.is_null(row)) return kNullCell;
  std::string out;
  for (uint32_t vi = c.begin(row); vi < c.begin(row) + c.count(row); ++vi) {
    if (vi != c.begin(row)) out += kItemSep;
    out += actual_token(c, vi);
  }
  return out;
}

std::string expected_cell(const std::string& type, const ExpectedCell& cell) {
  if (cell.is_null) return kNullCell;
  std::string out;
  for (size_t i = 0; i < cell.values.size(); ++i) {
    if (i) out += kItemSep;
    out += expected_token(type, cell.values[i]);
  }
  return out;
}

std::string expected_text(const ExpectedCell& cell) {
  if (cell.is_null) return "null";
  if (!cell.is_multi) return cell.values.empty() ? "" : cell.values[0];
  std::string out = "[";
  for (size_t i = 0; i < cell.values.size(); ++i) out += (i ? ", " : "") + cell.values[i];
  return out + "]";
}

std::string clip(std::string s, size_t n = 80) {
  for (char& c : s)
    if (c == '\n' || c == '\r') c = ' ';
  if (s.size() > n) s = s.substr(0, n) + "…";
  return s;
}

std::string row_text(const QueryResult& r, size_t row) {
  std::string out;
  for (size_t c = 0; c < r.columns.size(); ++c) out += (c ? " | " : "") + format_value_text(r.columns[c], row);
  return out;
}

std::string expected_row_text(const SpecTest& t, size_t row) {
  std::string out;
  for (size_t c = 0; c < t.rows[row].size(); ++c) out += (c ? " | " : "") + expected_text(t.rows[row][c]);
  return out;
}

// For grouping: the function that computes column `name` — `name` itself if it
// reads like a call, else the call on the right of `name = ...` in the query.
std::string producing_function(const SpecTest& t, const std::string& name) {
  static const std::regex call(R"(^\s*([A-Za-z_][A-Za-z_0-9]*)\s*\()");
  std::smatch m;
  if (std::regex_search(name, m, call)) return m[1].str();
  std::string escaped;
  for (char c : name) {
    if (std::strchr(R"(\^$.|?*+()[]{}/)", c)) escaped += '\\';
    escaped += c;
  }
  try {
    const std::regex assign("(^|[\\s,|(`])`?" + escaped + "`?\\s*=\\s*([A-Za-z_][A-Za-z_0-9]*)\\s*\\(");
    if (std::regex_search(t.query, m, assign)) return m[2].str();
  } catch (const std::regex_error&) {
  }
  return "";
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

Comparison fail(std::string cause, std::string detail) { return Comparison{false, std::move(cause), clip(std::move(detail), 240)}; }

Comparison compare_warnings(const SpecTest& t, const QueryResult& r) {
  const std::set<std::string> actual(r.warnings.begin(), r.warnings.end());
  if (t.warning_regexes.empty()) {
    const std::set<std::string> expected(t.warnings.begin(), t.warnings.end());
    if (actual == expected) return {true, "", ""};
    for (const auto& w : expected)
      if (!actual.count(w)) return fail(actual.empty() ? "missing warnings" : "warnings differ", "missing warning: " + w +
                                        (actual.empty() ? "" : " (got: " + *actual.begin() + ")"));
    return fail("unexpected warnings", "unexpected warning: " + *std::find_if(actual.begin(), actual.end(), [&](const auto& w) {
                  return !expected.count(w);
                }));
  }
  std::vector<std::unique_ptr<RE2>> res;
  for (const auto& p : t.warning_regexes) {
    res.push_back(std::make_unique<RE2>(p, RE2::Quiet));
    if (!res.back()->ok()) return fail("warningRegex not supported by RE2", p);
  }
  // Elastic treats the patterns as the allowed warnings (a test may list
  // variants of several ES versions); we also require that some warning is
  // produced, so an engine that never warns does not pass.
  if (actual.empty()) return fail("missing warnings", "expected a warning matching /" + t.warning_regexes[0] + "/");
  for (const auto& w : actual) {
    bool hit = false;
    for (const auto& re : res) hit = hit || RE2::PartialMatch(w, *re);
    if (!hit) return fail("unexpected warnings", "unexpected warning: " + w);
  }
  return {true, "", ""};
}

}  // namespace

std::string expected_token(const std::string& type, const std::string& v) {
  const std::string bad = "\x02unparseable:" + v;
  if (type == "integer" || type == "long") {
    auto i = parse_int64(v);
    return i ? "i:" + std::to_string(*i) : bad;
  }
  if (type == "unsigned_long") {
    auto u = parse_uint64(v);
    return u ? "u:" + std::to_string(*u) : bad;
  }
  if (type == "double") {
    auto d = parse_java_double(v);
    return d ? double_token(*d) : bad;
  }
  if (type == "boolean") {
    const std::string l = lower(v);
    if (l == "true") return "b:true";
    if (l == "false") return "b:false";
    return bad;
  }
  if (type == "date" || type == "date_nanos") {
    auto t = parse_iso_instant(v);
    return t ? instant_token(t->seconds, t->nanos) : bad;
  }
  if (type == "ip") {
    auto ip = parse_ip16(v);
    return ip ? "ip:" + hex(*ip) : bad;
  }
  if (type == "keyword" || type == "text" || type == "version") return "s:" + v;
  if (type == "null") return bad;  // a null column holds only nulls
  return "x:" + v;
}

Comparison compare_result(const SpecTest& t, const QueryResult& r) {
  // Column names.
  std::vector<std::string> want_names, got_names = r.names;
  for (const auto& c : t.columns) want_names.push_back(c.name);
  if (want_names != got_names) {
    auto join = [](const std::vector<std::string>& v) {
      std::string s;
      for (size_t i = 0; i < v.size(); ++i) s += (i ? ", " : "") + v[i];
      return s;
    };
    std::string cause = want_names.size() != got_names.size() ? "column count differs" : "column names/order differ";
    if (want_names.size() == got_names.size() &&
        std::is_permutation(want_names.begin(), want_names.end(), got_names.begin()))
      cause = "column order differs";
    return fail(cause, "columns: expected [" + join(want_names) + "] got [" + join(got_names) + "]");
  }
  // Column types.
  for (size_t c = 0; c < t.columns.size(); ++c) {
    const std::string got(type_name(r.types[c]));
    if (got != t.columns[c].type_name) {
      const std::string fn = producing_function(t, t.columns[c].name);
      return fail("type mismatch: expected " + t.columns[c].type_name + ", got " + got + (fn.empty() ? "" : " (" + lower(fn) + ")"),
                  "column `" + t.columns[c].name + "`: expected type " + t.columns[c].type_name + " got " + got);
    }
  }
  // Rows.
  const size_t nrows = r.columns.empty() ? r.row_count : r.columns[0].rows();
  std::vector<std::vector<std::string>> want(t.rows.size()), got(nrows);
  for (size_t i = 0; i < t.rows.size(); ++i)
    for (size_t c = 0; c < t.columns.size(); ++c) want[i].push_back(expected_cell(t.columns[c].type_name, t.rows[i][c]));
  for (size_t i = 0; i < nrows; ++i)
    for (size_t c = 0; c < r.columns.size(); ++c) got[i].push_back(actual_cell(r.columns[c], i));

  if (want.size() != got.size())
    return fail("row count differs", "expected " + std::to_string(want.size()) + " rows, got " + std::to_string(got.size()) +
                                         (got.empty() ? "" : "; first row: " + row_text(r, 0)));
  auto sorted = [](std::vector<std::vector<std::string>> v) {
    std::sort(v.begin(), v.end());
    return v;
  };
  if (t.ignore_order) {
    if (sorted(want) != sorted(got)) {
      auto ws = sorted(want), gs = sorted(got);
      // Name one expected row that is missing from the result.
      for (size_t i = 0; i < want.size(); ++i) {
        auto it = std::find(gs.begin(), gs.end(), want[i]);
        if (it == gs.end()) {
          size_t c = 0;
          for (; c + 1 < t.columns.size(); ++c) {
            bool column_ok = false;
            for (const auto& g : got) column_ok = column_ok || g[c] == want[i][c];
            if (!column_ok) break;
          }
          const std::string fn = producing_function(t, t.columns.empty() ? "" : t.columns[c].name);
          return fail("value mismatch" + (fn.empty() ? " (" + t.columns[c].type_name + " column)" : " in " + lower(fn) + "()"),
                      "(ignoreOrder) expected row not found: " + expected_row_text(t, i));
        }
        gs.erase(it);
      }
      return fail("value mismatch", "(ignoreOrder) rows differ");
    }
  } else if (want != got) {
    for (size_t i = 0; i < want.size(); ++i) {
      for (size_t c = 0; c < want[i].size(); ++c) {
        if (want[i][c] == got[i][c]) continue;
        const bool order_only = sorted(want) == sorted(got);
        const std::string fn = producing_function(t, t.columns[c].name);
        std::string cause = order_only ? "row order differs"
                                       : "value mismatch" + (fn.empty() ? " (" + t.columns[c].type_name + " column)"
                                                                         : " in " + lower(fn) + "()");
        const std::string want_text = expected_text(t.rows[i][c]), got_text = format_value_text(r.columns[c], i);
        std::string detail = "row " + std::to_string(i + 1) + " column `" + t.columns[c].name + "`: expected " +
                             clip(want_text) + " got " + clip(got_text);
        // Same text, different value (e.g. an instant the engine formats
        // wrongly): show the typed values.
        if (want_text == got_text) detail += " (typed: expected " + want[i][c] + ", got " + got[i][c] + ")";
        return fail(cause, detail);
      }
    }
  }
  return compare_warnings(t, r);
}

}  // namespace trailhound::csvspec
