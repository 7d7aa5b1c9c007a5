// MATCH(field, query[, options]) and the `field : query` operator, evaluated
// as a boolean filter (no scoring).
//
// Semantics follow Elasticsearch's match query on the field's mapping:
// - keyword (and any non-text field): the query is one term compared with
//   each whole value (no normalizer); any value matching makes the row match.
// - text: field values and query are analysed like the `standard` analyzer
//   (lower-cased tokens); the row matches when at least `minimum_should_match`
//   query terms (default 1, i.e. operator OR) occur in the field, or all of
//   them with {"operator": "AND"}. A query that analyses to no terms matches
//   nothing unless {"zero_terms_query": "all"}.
// - Fuzziness ({"fuzziness": 0|1|2|"AUTO"|"AUTO:lo,hi"}): a term matches a
//   field term within that Damerau-Levenshtein distance in code points
//   (transpositions count as one edit unless {"fuzzy_transpositions": false}),
//   the first `prefix_length` code points having to be equal; AUTO is 0 for
//   terms of up to 2 code points, 1 up to 5, 2 beyond.
// - A null field does not match: MATCH is false, never null, so NOT MATCH
//   keeps rows without the field, as Lucene's must_not does.
// Approximations (documented, deliberate):
// - Tokenisation approximates Unicode word segmentation (UAX #29, what the
//   standard tokenizer implements) with ASCII rules: letters/digits/`_` and
//   any non-ASCII byte form words; `.` and `'` join two letters or two
//   digits, `:` two letters, `,`/`;` two digits; everything else separates.
//   Lower-casing is ASCII-only.
// - max_expansions bounds how many index terms a fuzzy term expands to; the
//   engine has no term dictionary and compares against every value, which
//   equals Elasticsearch whenever fewer terms are within the distance.
// - boost, lenient, auto_generate_synonyms_phrase_query are accepted and
//   do not change which rows match; `analyzer` is rejected.
#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "exec/functions/function_registry.h"
#include "exec/value_format.h"

namespace trailhound {

namespace {

enum class CharKind { Word, Letter, Digit, MidLetter, MidNum, MidNumLet, Other };

CharKind kind_of(unsigned char c) {
  if (c >= 0x80) return CharKind::Letter;
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return CharKind::Letter;
  if (c >= '0' && c <= '9') return CharKind::Digit;
  if (c == '_') return CharKind::Word;
  if (c == ':') return CharKind::MidLetter;
  if (c == ',' || c == ';') return CharKind::MidNum;
  if (c == '.' || c == '\'') return CharKind::MidNumLet;
  return CharKind::Other;
}

bool is_word(CharKind k) { return k == CharKind::Word || k == CharKind::Letter || k == CharKind::Digit; }

std::vector<std::string> standard_tokens(std::string_view s) {
  std::vector<std::string> out;
  std::string cur;
  auto flush = [&] {
    if (!cur.empty()) out.push_back(std::move(cur));
    cur.clear();
  };
  for (size_t i = 0; i < s.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    const CharKind k = kind_of(c);
    if (is_word(k)) {
      cur += static_cast<char>(std::tolower(c));
      continue;
    }
    if (!cur.empty() && i + 1 < s.size() && k != CharKind::Other) {
      const CharKind prev = kind_of(static_cast<unsigned char>(s[i - 1]));
      const CharKind next = kind_of(static_cast<unsigned char>(s[i + 1]));
      const bool letters = prev == CharKind::Letter && next == CharKind::Letter &&
                           (k == CharKind::MidLetter || k == CharKind::MidNumLet);
      const bool digits = prev == CharKind::Digit && next == CharKind::Digit &&
                          (k == CharKind::MidNum || k == CharKind::MidNumLet);
      if (letters || digits) {
        cur += static_cast<char>(c);
        continue;
      }
    }
    flush();
  }
  flush();
  return out;
}

std::u32string code_points(std::string_view s) {
  std::u32string out;
  for (size_t i = 0; i < s.size();) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    const int len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 1;
    char32_t cp = len == 1 ? c : len == 2 ? (c & 0x1f) : len == 3 ? (c & 0x0f) : (c & 0x07);
    for (int k = 1; k < len && i + k < s.size(); ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3f);
    out.push_back(cp);
    i += static_cast<size_t>(len);
  }
  return out;
}

// Optimal-string-alignment distance (Lucene's automata count an adjacent
// transposition as one edit), capped: returns max+1 when above `max`.
int edit_distance(const std::u32string& a, const std::u32string& b, int max, bool transpositions) {
  const size_t n = a.size(), m = b.size();
  if (static_cast<int>(n > m ? n - m : m - n) > max) return max + 1;
  std::vector<std::vector<int>> d(n + 1, std::vector<int>(m + 1));
  for (size_t i = 0; i <= n; ++i) d[i][0] = static_cast<int>(i);
  for (size_t j = 0; j <= m; ++j) d[0][j] = static_cast<int>(j);
  for (size_t i = 1; i <= n; ++i)
    for (size_t j = 1; j <= m; ++j) {
      const int cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (transpositions && i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  return d[n][m];
}

struct MatchOptions {
  std::string fuzziness = "0";
  int prefix_length = 0;
  bool transpositions = true;
  bool and_operator = false;
  std::string minimum_should_match;
  bool zero_terms_all = false;
};

struct QueryTerm {
  std::u32string cps;
  int max_edits = 0;
};

int fuzzy_edits(const std::string& fuzziness, size_t len) {
  std::string f = fuzziness;
  std::transform(f.begin(), f.end(), f.begin(), [](unsigned char c) { return std::toupper(c); });
  if (f.starts_with("AUTO")) {
    int lo = 3, hi = 6;
    if (f.size() > 5 && f[4] == ':') std::sscanf(f.c_str() + 5, "%d,%d", &lo, &hi);
    const int n = static_cast<int>(len);
    return n < lo ? 0 : n < hi ? 1 : 2;
  }
  return std::clamp(std::atoi(f.c_str()), 0, 2);
}

bool term_matches(const QueryTerm& q, const std::u32string& field, const MatchOptions& o) {
  if (q.max_edits == 0) return q.cps == field;
  const size_t p = static_cast<size_t>(o.prefix_length);
  if (p > 0 && (field.size() < std::min(p, q.cps.size()) ||
                field.compare(0, std::min(p, q.cps.size()), q.cps, 0, std::min(p, q.cps.size())) != 0))
    return false;
  return edit_distance(q.cps, field, q.max_edits, o.transpositions) <= q.max_edits;
}

// Required number of matching terms out of `n` (minimum_should_match: "2", "-1", "75%", "-25%").
size_t required_terms(const MatchOptions& o, size_t n) {
  if (o.and_operator) return n;
  if (o.minimum_should_match.empty()) return 1;
  std::string m = o.minimum_should_match;
  const bool pct = !m.empty() && m.back() == '%';
  if (pct) m.pop_back();
  const long v = std::atol(m.c_str());
  long need = pct ? static_cast<long>(static_cast<long>(n) * std::labs(v) / 100) : std::labs(v);
  if (v < 0) need = static_cast<long>(n) - need;
  return static_cast<size_t>(std::clamp(need, 1L, static_cast<long>(n)));
}

Result<MatchOptions> parse_options(const CallInfo& info) {
  MatchOptions o;
  for (const auto& [k, v] : info.options) {
    std::string lv = v;
    std::transform(lv.begin(), lv.end(), lv.begin(), [](unsigned char c) { return std::tolower(c); });
    if (k == "fuzziness") o.fuzziness = v;
    else if (k == "prefix_length") o.prefix_length = std::max(0, std::atoi(v.c_str()));
    else if (k == "fuzzy_transpositions") o.transpositions = lv != "false";
    else if (k == "operator") o.and_operator = lv == "and";
    else if (k == "minimum_should_match") o.minimum_should_match = v;
    else if (k == "zero_terms_query") o.zero_terms_all = lv == "all";
    else if (k == "boost" || k == "lenient" || k == "max_expansions" || k == "auto_generate_synonyms_phrase_query") continue;
    else
      return Status::unsupported(fmt::format("{}unsupported: option [{}] of function [{}]", where(info), k, info.name));
  }
  return o;
}

Result<ExprP> bind_match(const CallInfo& info, std::vector<ExprP>& args) {
  if (args.size() != 2) return arity_error(info, "two");
  const DataType ft = args[0]->type(), qt = args[1]->type();
  if (ft == DataType::Unsupported || ft == DataType::GeoPoint)
    return arg_type_error(info, 0, 2, "keyword, text, boolean, date, date_nanos, double, integer, ip, long, unsigned_long, version", ft);
  if (!args[1]->foldable())
    return Status::analysis_error(fmt::format("{}second argument of [{}] must be a constant, received [{}]", where(info),
                                              info.src.text, info.arg_texts.size() > 1 ? info.arg_texts[1] : ""));
  if (qt == DataType::Null) return arg_type_error(info, 1, 2, "keyword", qt);
  auto opts = parse_options(info);
  if (!opts.ok()) return opts.status();
  const MatchOptions o = opts.value();
  const bool analysed = ft == DataType::Text;
  return ExprP(std::make_shared<FnExpr>(
      DataType::Boolean, info.src, args,
      [o, analysed](const FnExpr&, const std::vector<Vec>& a, size_t rows, EvalContext&) {
        // The query is a constant: analyse it once per batch.
        std::vector<QueryTerm> terms;
        if (a[1].count(0) >= 1) {
          const std::string q = format_scalar_text(a[1].c(), a[1].begin(0));
          std::vector<std::string> toks = analysed ? standard_tokens(q) : std::vector<std::string>{q};
          std::set<std::string> seen;  // repeated query terms count once (Lucene dedups clauses)
          for (auto& t : toks)
            if (seen.insert(t).second) terms.push_back({code_points(t), fuzzy_edits(o.fuzziness, code_points(t).size())});
        }
        const size_t need = terms.empty() ? 0 : required_terms(o, terms.size());
        std::vector<Vec> field_only{a[0]};
        return map_rows(rows, DataType::Boolean, field_only, [&](Column& out, size_t r) {
          const uint32_t n = a[0].count(r), b = a[0].begin(r);
          if (terms.empty()) {
            out.push_i64(o.zero_terms_all ? 1 : 0);
            return;
          }
          std::vector<bool> hit(terms.size(), false);
          size_t hits = 0;
          for (uint32_t i = 0; i < n && hits < need; ++i) {
            const std::string v = format_scalar_text(a[0].c(), b + i);
            std::vector<std::string> toks = analysed ? standard_tokens(v) : std::vector<std::string>{v};
            for (const auto& t : toks) {
              const std::u32string cps = code_points(t);
              for (size_t k = 0; k < terms.size(); ++k)
                if (!hit[k] && term_matches(terms[k], cps, o)) {
                  hit[k] = true;
                  ++hits;
                }
            }
          }
          out.push_i64(hits >= need ? 1 : 0);
        });
      },
      /*foldable=*/false));
}

}  // namespace

void register_fulltext_functions(FunctionTable& t) { t.add("match", bind_match); }

}  // namespace trailhound
