// KQL("…"): the Kibana Query Language subset detection rules embed, as a
// boolean expression over the row's columns.
//
// Contract:
// - Supported: `field:value`, `field:"quoted phrase"`, `field:*` (exists),
//   unquoted values with `*` wildcards, `field:(a or b and not c)`, AND/OR/NOT
//   (case-insensitive, NOT > AND > OR), parentheses, backslash escapes.
//   Anything else (ranges, field-less terms, nested fields `{}`) fails with
//   Status::unsupported "unsupported: KQL ...".
// - A value matches when ANY value of the (multi-valued) column equals it
//   (wildcards: glob over the value's text form). Matching is on the exact
//   field value (keyword semantics; text fields are not analysed).
// - `column(name)` resolves a field; nullptr means the row has no such field:
//   its terms never match. The result is never null (KQL is a filter).
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "common/status.h"
#include "exec/expression.h"

namespace trailhound {

Result<ExprP> bind_kql(std::string_view query, const std::function<ExprP(const std::string&)>& column, WarningSource src);

}  // namespace trailhound
