// Per-run state shared by all expressions and operators of one query run:
// the query's warning list and its constant NOW().
//
// Contract: warnings follow Elasticsearch's response headers. The first
// failure of an expression records "Line L:C: evaluation of [text] failed,
// treating result as null. Only first 20 failures recorded." (or "as false"
// for CASE conditions), then each failure records "Line L:C: <exception>";
// at most 20 failures per expression are recorded and identical texts appear
// once. Quotes and backslashes inside the expression text are escaped (\")
// as in the HTTP Warning header (and the csv-spec `warning:` lines).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace trailhound {

struct WarningSource {
  int line = 0;
  int column = 0;
  std::string text;  // the expression's source text
};

class Warnings {
 public:
  void failure(const WarningSource& src, std::string_view message, bool as_false = false);
  // A warning not tied to a row failure (e.g. analysis-time notes).
  void add(std::string text);
  const std::vector<std::string>& list() const { return list_; }

 private:
  std::unordered_map<const WarningSource*, int> failures_;
  std::unordered_set<std::string> seen_;
  std::vector<std::string> list_;
};

struct EvalContext {
  Warnings warnings;
  int64_t now_millis = 0;
};

inline constexpr std::string_view kMultiValueFailure =
    "java.lang.IllegalArgumentException: single-value function encountered multi-value";

}  // namespace trailhound
