// Loads Elastic detection-rule TOML files (detection-rules.md §4.1).
//
// Contract:
// - load_rule_file reads one file. Errors (Status::invalid_input, or
//   io_error for unreadable files) name the file and, when known, the
//   line:column from toml++'s source region: "<path>:<line>:<col>: <what>".
//   Causes: TOML syntax errors, a missing [rule] table or required key
//   (rule_id, name, type, description, severity, risk_score; language and
//   query unless type is machine_learning), keys of the wrong type, malformed
//   [[rule.threat]] entries, and ES|QL queries (language "esql") that do not
//   parse ("<path>:<line>:<col>: rule.query: line L:C: <parser message>").
// - load_rules takes a file or a directory (searched recursively for *.toml),
//   loads files in path order and collects failures instead of stopping. The
//   form taking several paths gives each path's result as the one-path form
//   would, reading up to `threads` files at a time (a rule set's start-up
//   grows with its files: toml++ takes ~1.5 M instructions for one).
// - Nothing throws: toml++ exceptions are caught and turned into errors.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "common/status.h"
#include "rules/rule.h"

namespace trailhound::rules {

Result<Rule> load_rule_file(const std::string& path);

struct LoadedRules {
  std::vector<Rule> rules;                                  // sorted by path
  std::vector<std::pair<std::string, std::string>> errors;  // path, message
};

LoadedRules load_rules(const std::string& path_or_dir);
std::vector<LoadedRules> load_rules(const std::vector<std::string>& paths, unsigned threads);

}  // namespace trailhound::rules
