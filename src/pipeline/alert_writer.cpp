#include "pipeline/alert_writer.h"

#include <fmt/format.h>

#include "common/json_string.h"
#include "exec/value_format.h"

namespace trailhound::pipeline {

void append_alert(const rules::Rule& rule, const QueryResult& result, size_t row,
                  int64_t run_time_ms, std::string& out) {
  out += "{";
  bool first = true;
  auto key = [&](std::string_view k) {
    if (!first) out += ",";
    first = false;
    append_json_string(out, k);
    out += ":";
  };
  for (size_t c = 0; c < result.names.size(); ++c) {
    key(result.names[c] == "@timestamp" ? "kibana.alert.original_time" : result.names[c]);
    append_json_value(out, result.columns[c], row);
  }
  key("kibana.alert.rule.name");
  append_json_string(out, rule.name);
  key("kibana.alert.rule.rule_id");
  append_json_string(out, rule.rule_id);
  key("kibana.alert.severity");
  append_json_string(out, rule.severity);
  key("kibana.alert.risk_score");
  out += fmt::format("{}", rule.risk_score);
  key("kibana.alert.rule.threat");
  out += rule.threat_json.empty() ? "[]" : rule.threat_json;
  key("@timestamp");
  append_json_string(out, format_datetime(run_time_ms));
  out += "}\n";
}

}  // namespace trailhound::pipeline
