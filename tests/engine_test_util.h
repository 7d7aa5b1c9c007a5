// Helpers for engine tests: parse + prepare + run, and render results as
// csv-spec-like text ("name:type" header, "|"-separated cells).
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "esql/parser.h"
#include "esql/prepared_query.h"
#include "exec/value_format.h"

namespace trailhound::testing {

// A column's string values as std::strings (for EXPECT_EQ against literals).
inline std::vector<std::string> as_strings(const StringValues& values) { return {values.begin(), values.end()}; }

struct Outcome {
  Status status;
  std::string header;             // "a:integer | b:keyword"
  std::vector<std::string> rows;  // "1 | x"
  std::vector<std::string> warnings;
};

inline Outcome render(const QueryResult& r) {
  Outcome o;
  for (size_t c = 0; c < r.names.size(); ++c) {
    if (c) o.header += " | ";
    o.header += r.names[c] + ":" + std::string(type_name(r.types[c]));
  }
  for (size_t row = 0; row < r.rows(); ++row) {
    std::string line;
    for (size_t c = 0; c < r.columns.size(); ++c) {
      if (c) line += " | ";
      line += format_value_text(r.columns[c], row);
    }
    o.rows.push_back(line);
  }
  o.warnings = r.warnings;
  return o;
}

// Runs `query`; `feed` pushes input for FROM queries.
template <class Feed>
Outcome run_query(std::string_view query, const Catalog& catalog, Feed&& feed, QueryOptions opts = {}) {
  Outcome o;
  auto parsed = esql::parse_query(query);
  if (!parsed.ok()) {
    o.status = parsed.status();
    return o;
  }
  auto prepared = prepare(parsed.value(), catalog, opts);
  if (!prepared.ok()) {
    o.status = prepared.status();
    return o;
  }
  auto run = prepared.value()->start();
  if (Status s = feed(*prepared.value(), *run); !s.ok()) {
    o.status = s;
    return o;
  }
  auto result = run->finish();
  if (!result.ok()) {
    o.status = result.status();
    return o;
  }
  return render(result.value());
}

inline Outcome run_row(std::string_view query, QueryOptions opts = {}) {
  Catalog empty;
  return run_query(query, empty, [](const PreparedQuery&, QueryRun&) { return Status(); }, opts);
}

}  // namespace trailhound::testing
