// A detection rule as loaded from an Elastic detection-rules TOML file.
//
// Contract: fields mirror the `[rule]` table of the TOML (which is the Kibana
// rule API body; detection-rules.md §4.1). Fields the file leaves out carry
// the values Kibana fills in: `from` "now-6m", `interval` "5m",
// `max_signals` 100, empty `index`/`tags`/`timestamp_override`.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "esql/ast.h"

namespace trailhound::rules {

struct Rule {
  std::string path;  // the file it was loaded from
  std::string rule_id, name, type, language, query, severity, description;
  std::string from = "now-6m";   // look-back start, date math relative to the run time
  std::string interval = "5m";   // schedule
  std::string timestamp_override;  // field used for the time window instead of @timestamp
  int risk_score = 0;
  int max_signals = 100;
  std::vector<std::string> index, tags;
  // Kibana's `kibana.alert.rule.threat` form, built from [[rule.threat]]: a
  // compact JSON array of {"framework", "tactic": {"id","name","reference"},
  // "technique": [{"id","name","reference","subtechnique": [{...}]}]}, keys in
  // that order. `technique`/`subtechnique` appear only when the file has them
  // (Kibana stores what the rule gives). No threat: "[]".
  std::string threat_json = "[]";
  // An ES|QL rule's query as parsed when the file was loaded (a file whose
  // query does not parse is not loaded); null for other languages. Parsed
  // once: the hunt and `rules check` prepare this, not the text again.
  std::shared_ptr<const esql::Query> parsed_query;
};

}  // namespace trailhound::rules
