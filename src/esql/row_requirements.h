// What a query's leading filters demand of the source rows they let through.
//
// Why: a hunt over terabytes spends most of its time parsing records no rule
// can keep. If every row a query keeps must have, say, `user_agent.name ==
// "aws-cli"`, a reader that knows how fields are derived from raw records can
// skip records that cannot produce that value without parsing them
// (pipeline/record_prefilter.h).
//
// Contract:
// - row_requirements(query) reads the commands right after FROM while they leave
//   each row's source values and the row set's meaning intact (WHERE, EVAL, KEEP,
//   DROP, SORT) and stops at the first other command (STATS, LIMIT, RENAME,
//   DISSECT, GROK, MV_EXPAND, ENRICH, LOOKUP JOIN, ...). A column an EVAL assigns
//   is no longer a source field for the WHEREs after it.
// - The result is a formula over atoms "source field F holds a value that
//   equals / starts with / ends with / contains the string S", combined with
//   All (and) / Any (or). Every
//   row that passes those WHEREs satisfies it. A condition it cannot reason
//   about (NOT, !=, RLIKE, full-text, other functions, computed columns,
//   non-string constants) becomes Anything: the formula is necessary, never
//   sufficient.
// - FieldFacts tell what the caller knows of the rows at hand (one index):
//   fields that are always null there, and fields with one constant value.
//   With them, conditions on such fields are decided: `data_stream.dataset ==
//   "azure.platformlogs"` is false on CloudTrail rows, so an OR branch needing it
//   drops out; a comparison with an always-null field is never true. A formula
//   that is Never means the query keeps no row of that index.
// - Formulas are kept simplified: no Anything/Never inside All/Any, no All
//   directly inside All (nor Any in Any).
// - Pure syntax: no catalog, no types; ROW queries give Anything.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "esql/ast.h"

namespace trailhound::esql {

struct ValueAtom {
  enum class Kind { Equals, Prefix, Suffix, Contains };
  std::string field;
  Kind kind = Kind::Equals;
  std::string value;
};

struct Requirement {
  enum class Kind { Anything, Never, Atom, All, Any };
  Kind kind = Kind::Anything;
  ValueAtom atom;                  // Atom
  std::vector<Requirement> parts;  // All / Any: two or more

  static Requirement anything() { return {}; }
  static Requirement never() { return {Kind::Never, {}, {}}; }
  static Requirement of(ValueAtom a) { return {Kind::Atom, std::move(a), {}}; }
  static Requirement all(Requirement a, Requirement b);
  static Requirement any(Requirement a, Requirement b);
};

class FieldFacts {
 public:
  virtual ~FieldFacts() = default;
  // The field is null in every row.
  virtual bool always_null(std::string_view field) const { return false; }
  // The field's single value in every row, if it is a constant string.
  virtual std::optional<std::string> constant(std::string_view field) const { return std::nullopt; }
};

Requirement row_requirements(const Query& query, const FieldFacts& facts);
inline Requirement row_requirements(const Query& query) { return row_requirements(query, FieldFacts()); }

// For diagnostics: `event.action == "A" & (f ^= "B" | f $= "C" | f ~ "D")` (==
// equals, ^= starts with, $= ends with, ~ contains); "anything", "never".
// `atom`, if given, writes each atom instead.
std::string describe(const Requirement& requirement,
                     const std::function<std::string(const ValueAtom&)>& atom = nullptr);

}  // namespace trailhound::esql
