// Runs rule files over inputs in-process, the way `trailhound hunt` does, and
// hands back each rule's result table for exact assertions.
#pragma once

#include <string>
#include <vector>

#include "esql/prepared_query.h"
#include "pipeline/scan.h"

namespace trailhound::testing {

struct HuntOutput {
  std::vector<QueryResult> results;  // one per rule, in the order given
  pipeline::ScanStats stats;
  uint64_t input_errors = 0;
};

// Fails the current test (ADD_FAILURE) on rule/query errors. `prefilter`:
// pass over records no rule can keep, as `trailhound hunt` does by default.
HuntOutput hunt(const std::vector<std::string>& rule_files, const std::vector<std::string>& inputs,
                int threads = 2, bool prefilter = true);

// Value of column `name` at `row` as the `_query` API renders it (JSON text);
// "<missing column>" if absent.
std::string cell(const QueryResult& r, const std::string& name, size_t row);

// Every row as `name=value, ...` lines (values as cell() renders them), for
// comparing whole results.
std::string render_rows(const QueryResult& r);

// Path of a file under ../shared.
std::string shared_path(const std::string& relative);

inline const char* kSeedRule = "rules/seed/aws_discovery_api_calls_via_cli.toml";
inline const char* kCurrentRule =
    "rules/elastic/rules/integrations/aws/discovery_multiple_discovery_api_calls_via_cli.toml";

}  // namespace trailhound::testing
