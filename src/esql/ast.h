// The ES|QL syntax tree: what the parser produces and the analyzer consumes.
//
// Contract:
// - Positions are 1-based line:column into the query text, pointing at the
//   first character of the construct.
// - Every expression keeps its exact source text (`text`): ES|QL names unnamed
//   EVAL/STATS columns after it, whitespace preserved.
// - Keywords and function names are case-insensitive; the parser stores
//   function names lower-cased. Column names are case-sensitive and stored
//   unquoted (backquotes removed, `` `` `` unescaped), dotted parts joined by '.'.
// - The tree holds syntax only; names and types are resolved by the analyzer.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "exec/column.h"

namespace trailhound::esql {

struct Position {
  int line = 0;
  int column = 0;
};

// Units of time-span literals (`10 seconds`, `1 week`, `3 months`, `1y`).
enum class TimeUnit { Millisecond, Second, Minute, Hour, Day, Week, Month, Quarter, Year };

struct TimeSpan {
  int64_t amount = 0;
  TimeUnit unit = TimeUnit::Second;
};

enum class ExprKind {
  Literal,    // constant, possibly multi-valued ([1, 2]); `value` holds one position
  TimeSpan,   // `10 seconds`
  Column,     // a (possibly dotted) column name
  Call,       // function call: name(args...) with optional map options {"k": v}
  Binary,     // arithmetic, comparison, AND/OR
  Unary,      // -x, NOT x
  In,         // x [NOT] IN (a, b, ...)
  IsNull,     // x IS [NOT] NULL
  Like,       // x [NOT] LIKE "pat" | ("p1", "p2")
  RLike,      // x [NOT] RLIKE "re" | ("r1", "r2")
  Cast,       // x::type
  Param,      // ?, ?1, ?name (not bound by anything yet; analyzer rejects)
  Match,      // field : "query" (full-text; analyzer rejects)
};

enum class BinaryOp { Add, Sub, Mul, Div, Mod, Eq, Neq, Lt, Lte, Gt, Gte, And, Or };
enum class UnaryOp { Neg, Not };

struct Expr;
using ExprPtr = std::unique_ptr<Expr>;

struct MapEntry {
  std::string key;
  ExprPtr value;  // a literal
};

struct Expr {
  ExprKind kind;
  Position pos;
  std::string text;  // exact source text

  // Literal: one-position column holding the constant (type Null for `null`).
  Column value;
  // TimeSpan
  TimeSpan span;
  // Column: the name. Call: the lower-cased function name. Cast: target type
  // name as written, lower-cased. Param: the parameter name/number.
  std::string name;
  // Call: arguments (COUNT(*) has a single Column argument named "*").
  // Binary: lhs, rhs. Unary/IsNull/Cast/Like/RLike/Match: operand. In: value then list.
  // Like/RLike with a non-literal pattern (`x LIKE concat(p, "*")`): args[1] is the
  // pattern expression and `patterns` is empty. Match: args[1] is the query constant.
  std::vector<ExprPtr> args;
  std::vector<MapEntry> options;  // Call: `{"key": value}` map argument, if any
  BinaryOp binary_op = BinaryOp::Add;
  UnaryOp unary_op = UnaryOp::Not;
  bool negated = false;               // NOT IN, IS NOT NULL, NOT LIKE, NOT RLIKE
  std::vector<std::string> patterns;  // Like/RLike: pattern strings (escapes processed)
  std::string query;                  // Match: the query string
};

// `name = expr` or a bare `expr` (then `name` is the expression's text).
struct Field {
  std::string name;
  bool explicit_name = false;
  ExprPtr expr;
  Position pos;
};

struct FromCommand {
  std::vector<std::string> patterns;  // index patterns as written (may hold *, -x, cluster:)
  std::vector<std::string> metadata;  // METADATA fields (_id, _index, _version...)
};
struct RowCommand { std::vector<Field> fields; };
struct EvalCommand { std::vector<Field> fields; };
struct WhereCommand { ExprPtr condition; };
struct DissectCommand {
  ExprPtr input;
  std::string pattern;
  std::optional<std::string> append_separator;
};
struct GrokCommand {
  ExprPtr input;
  std::vector<std::string> patterns;
};
struct KeepCommand { std::vector<std::string> patterns; std::vector<Position> positions; };
struct DropCommand { std::vector<std::string> patterns; std::vector<Position> positions; };
struct RenameCommand {
  struct Pair { std::string from, to; Position pos; };
  std::vector<Pair> pairs;
};
struct AggField {
  Field field;       // name = aggregate expression
  ExprPtr filter;    // per-aggregate WHERE, or null
};
struct StatsCommand {
  std::vector<AggField> aggregates;
  std::vector<Field> groups;
  bool inline_stats = false;  // INLINE STATS / INLINESTATS
};
struct SortKey {
  ExprPtr expr;
  bool ascending = true;
  std::optional<bool> nulls_first;  // unset: nulls last for ASC, first for DESC
};
struct SortCommand { std::vector<SortKey> keys; };
struct LimitCommand { int64_t count = 0; };
struct MvExpandCommand { std::string column; Position column_pos; };
struct LookupJoinCommand { std::string index; std::vector<std::string> on; };
struct EnrichCommand { std::string policy; std::string on; std::vector<Field> with; };
// A command the grammar knows but the engine does not run (FORK, COMPLETION,
// SAMPLE, CHANGE_POINT, SHOW, TS...). `name` is upper-case, e.g. "COMPLETION".
struct UnsupportedCommand { std::string name; };

using CommandBody =
    std::variant<FromCommand, RowCommand, EvalCommand, WhereCommand, DissectCommand, GrokCommand,
                 KeepCommand, DropCommand, RenameCommand, StatsCommand, SortCommand, LimitCommand,
                 MvExpandCommand, LookupJoinCommand, EnrichCommand, UnsupportedCommand>;

struct Command {
  Position pos;  // position of the command keyword
  CommandBody body;
};

// `SET name = value;` query settings preceding the pipeline (e.g. time_zone).
struct Setting {
  std::string name;
  ExprPtr value;
};

struct Query {
  std::vector<Setting> settings;
  std::vector<Command> commands;  // commands[0] is the source command (FROM/ROW/...)
  std::string text;
};

}  // namespace trailhound::esql
