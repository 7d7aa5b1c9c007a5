// ES|QL GROK patterns (§2.6) compiled to one RE2 regular expression.
//
// Contract:
// - compile() takes the command's pattern strings (several: the first that
//   matches wins, as one leftmost-first alternation, like Elasticsearch's
//   combined pattern). `%{NAME}` expands a pattern of the standard dictionary
//   (grok_library.h) without capturing; `%{NAME:field}` and
//   `%{NAME:field:type}` (type int, long, float, double, boolean; float is
//   widened to double as ES|QL does) capture; `(?<field>re)` captures a keyword.
// - Grok patterns are Oniguruma (Ruby syntax) regular expressions; they are
//   translated to RE2 (linear time): `^`/`$` are line anchors, `(?m)` is
//   dot-all, `(?>…)` atomic groups and possessive quantifiers become ordinary
//   groups/quantifiers, `\h` is a hex digit. Constructs RE2 cannot express
//   (lookahead/lookbehind, backreferences, subexpression calls, extended mode,
//   nested classes and class intersection) fail with Status::unsupported
//   "unsupported: <construct> in grok pattern [p]"; an unknown %{NAME} or a
//   field defined with two types fails with Status::invalid_input.
// - fields() are the output columns sorted by name (Elasticsearch's order).
// - match() searches (unanchored) one value and appends every captured value
//   to its field's list, in pattern order (a name captured twice yields a
//   multi-value); a group that did not take part adds nothing; a value that
//   does not convert to the field type is dropped. Returns false on no match.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "exec/column.h"

namespace re2 {
class RE2;
}

namespace trailhound {

struct GrokField {
  std::string name;
  DataType type = DataType::Keyword;
};

class GrokPattern {
 public:
  static Result<GrokPattern> compile(const std::vector<std::string>& patterns);
  const std::vector<GrokField>& fields() const { return fields_; }
  // `out` holds one column per field (in fields() order) with an open position.
  bool match(std::string_view text, std::vector<Column>& out) const;

 private:
  std::shared_ptr<const re2::RE2> re_;
  std::vector<GrokField> fields_;
  std::vector<int> group_field_;  // capturing group i+1 → index into fields_, or -1
};

}  // namespace trailhound
