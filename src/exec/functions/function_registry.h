// Scalar functions and operators: type checking (with Elasticsearch's error
// wording) and construction of the bound expression.
//
// Contract:
// - Binders receive already-bound arguments and return the bound expression or
//   an analysis error "line L:C: <message>".
// - Function names are lower-case; aliases (to_str, to_int, ...) are registered.
// - Evaluation follows esql-semantics.md §3/§5: null in → null out (except the
//   documented exceptions), multi-valued input to single-value functions →
//   null + the two standard warnings.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "exec/expression.h"

namespace trailhound {

class TimeZone;

struct CallInfo {
  std::string name;                    // lower-case function name / operator symbol
  WarningSource src;                   // position and full source text of the call
  std::vector<std::string> arg_texts;  // source text of each argument
  // Session time zone (`SET time_zone`); null means UTC. Date functions that
  // work on local fields (DATE_TRUNC, DATE_FORMAT, DAY_NAME...) use it.
  std::shared_ptr<const TimeZone> zone;
  // `{"key": "value"}` map argument (string-valued entries), for functions that take one.
  std::vector<std::pair<std::string, std::string>> options;
};

using ScalarBinder = Result<ExprP> (*)(const CallInfo&, std::vector<ExprP>& args);

// nullptr when the engine does not implement `name`.
ScalarBinder find_scalar_function(std::string_view name);
bool is_aggregate_function(std::string_view name);

// ---- operators ----
enum class CmpOp { Eq, Neq, Lt, Lte, Gt, Gte };
enum class ArithOp { Add, Sub, Mul, Div, Mod };

Result<ExprP> bind_comparison(CmpOp op, const CallInfo& info, ExprP l, ExprP r);
Result<ExprP> bind_arithmetic(ArithOp op, const CallInfo& info, ExprP l, ExprP r);
Result<ExprP> bind_and_or(bool is_and, const CallInfo& info, ExprP l, ExprP r);
Result<ExprP> bind_not(const CallInfo& info, ExprP e);
Result<ExprP> bind_negate(const CallInfo& info, ExprP e);
Result<ExprP> bind_in(const CallInfo& info, ExprP value, std::vector<ExprP> list, bool negated);
ExprP bind_is_null(const CallInfo& info, ExprP e, bool negated);
Result<ExprP> bind_like(const CallInfo& info, ExprP e, const std::vector<std::string>& patterns, bool negated,
                        bool rlike);
// LIKE/RLIKE whose pattern is an expression (`x LIKE concat(p, "*")`).
Result<ExprP> bind_like_expr(const CallInfo& info, ExprP e, ExprP pattern, bool negated, bool rlike);
// `x::type` and TO_xxx(x): element-wise conversion, failures dropped with a warning.
Result<ExprP> bind_conversion(const CallInfo& info, ExprP e, DataType target);
// A date ± time span node (span is a TimeSpan literal expression).
struct SpanValue {
  int64_t amount = 0;
  int unit = 0;  // esql::TimeUnit as int
};
ExprP make_span_literal(SpanValue span, WarningSource src);
const SpanValue* span_of(const Expression& e);

// ---- helpers shared by the binders ----
// Name used for a type in error messages ("datetime", "keyword", ...).
std::string_view error_type_name(DataType t);
// "line L:C: " prefix for the call.
std::string where(const CallInfo& info);
// "[ordinal ]argument of [text] must be [expected], found value [arg] type [t]".
Status arg_type_error(const CallInfo& info, size_t i, size_t arity, std::string_view expected, DataType actual);
Status arity_error(const CallInfo& info, std::string_view expected);
// If `e` is a foldable string literal and `target` is datetime/ip/version/boolean
// (or numeric where the function expects it), converts it at analysis time.
Result<ExprP> coerce_string_literal(const CallInfo& info, ExprP e, DataType target);
// Common type of mixed arguments (numerics widen to double/long, null adopts
// the other side); nullopt when incompatible.
std::optional<DataType> common_type(DataType a, DataType b);
// Wraps `e` in an implicit conversion to `t` when its type differs.
ExprP widen(ExprP e, DataType t);

// Family registration (one per functions/*.cpp file).
struct FunctionTable;
void register_string_functions(FunctionTable& t);
void register_conditional_functions(FunctionTable& t);
void register_date_functions(FunctionTable& t);
void register_conversion_functions(FunctionTable& t);
void register_mv_functions(FunctionTable& t);
void register_math_functions(FunctionTable& t);
void register_ip_functions(FunctionTable& t);
void register_regex_functions(FunctionTable& t);
void register_encoding_functions(FunctionTable& t);
void register_mv_set_functions(FunctionTable& t);
void register_spatial_functions(FunctionTable& t);
void register_json_functions(FunctionTable& t);
void register_fulltext_functions(FunctionTable& t);

struct FunctionTable {
  void add(std::string name, ScalarBinder b);
  ScalarBinder find(std::string_view name) const;
  std::vector<std::pair<std::string, ScalarBinder>> entries;
};

}  // namespace trailhound
