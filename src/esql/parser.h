// ES|QL parser: query text -> syntax tree (src/esql/ast.h).
//
// Contract:
// - Accepts the grammar of esql-semantics.md §1–2: `SET name = value;`
//   settings, a source command (FROM, ROW; SHOW/TS/... as UnsupportedCommand)
//   and `| command`s. Keywords and function names are case-insensitive.
// - Constructs the grammar knows but the engine does not run (FORK, SAMPLE,
//   COMPLETION, ..., LOOKUP JOIN, ENRICH, params `?x`, `field : "q"` match)
//   are returned in the tree so the analyzer can reject them with a position.
//   Only text that does not parse is an error.
// - Errors are Status::parse_error with message "line L:C: <what>" (1-based,
//   columns in code points), e.g. "line 3:7: mismatched input 'foo', expected
//   a command". Lexical errors use the same form.
// - Every Expr carries its exact source text and position. A parenthesised
//   expression yields the inner node (its text excludes the parentheses, as
//   in Elasticsearch); an unnamed Field is named after the full source text of
//   its expression, parentheses included.
// - Literals: integers are integer/long/unsigned_long/double by magnitude; a
//   sign directly before a number is part of the literal (`-2147483648` is an
//   integer); decimals are double; list literals are one multi-valued
//   position (mixed int/double -> double).
// - Never throws and never crashes: nesting depth is limited (kMaxNesting),
//   so hostile input gets an error instead of a stack overflow.
#pragma once

#include <string_view>

#include "common/status.h"
#include "esql/ast.h"

namespace trailhound::esql {

// Maximum nesting of parentheses/function calls/unary operators, and maximum
// depth of the expression tree (long `a + a + ...` chains).
inline constexpr int kMaxNesting = 100;
inline constexpr int kMaxExprDepth = 1000;

Result<Query> parse_query(std::string_view text);

// The time unit a span literal's unit word denotes (`seconds`, `h`, `yr`...),
// case-insensitive; nullopt for anything else (notably `m`).
std::optional<TimeUnit> parse_time_unit(std::string_view word);

}  // namespace trailhound::esql
