// Compares an engine result with a csv-spec expectation, the way Elastic's
// runner does (esql-semantics.md §6, §8.4.8).
//
// Contract:
// - Checks, in order, and reports the first difference: column names (exact,
//   in order), column types (expected header type canonicalised with
//   canonical_type_name() vs the engine's type_name()), row count, values,
//   warnings.
// - Values are compared typed, by the expected column type: integers and
//   unsigned_long as exact integers; doubles as Java doubles (Double.equals:
//   NaN equals NaN, 0.0 differs from -0.0); dates/date_nanos as instants
//   (any accepted ISO form); ips as 16-byte addresses (canonical form free);
//   booleans; strings exactly. A one-item list equals the single value; a
//   multi-value is compared item by item in order (doc-values order).
// - Rows are compared in order unless ignoreOrder, then as multisets.
// - Warnings: `warning:` texts must equal the set of actual warnings;
//   `warningRegex:` patterns (partial match, like Java's `.*re.*`) are the
//   allowed warnings, as in Elastic (tests list variants of several ES
//   versions): every actual warning must match one, and — stricter than
//   Elastic, so an engine that never warns cannot pass — at least one warning
//   must be produced. A test with neither expects no warnings.
// - `cause` is a short, grouping-friendly label ("type mismatch: expected
//   long, got integer", "value mismatch in mv_sort()", "missing warnings",
//   "row order differs", ...); `detail` is one line naming the first
//   difference.
#pragma once

#include <string>

#include "csv_spec/spec_reader.h"
#include "esql/prepared_query.h"

namespace trailhound::csvspec {

struct Comparison {
  bool pass = false;
  std::string cause;
  std::string detail;
};

Comparison compare_result(const SpecTest& test, const QueryResult& actual);

// Typed canonical token of one expected value for a column of canonical type
// `type_name` (exposed for unit tests); unparseable text yields a token that
// never equals an actual value.
std::string expected_token(const std::string& type_name, const std::string& text);

}  // namespace trailhound::csvspec
