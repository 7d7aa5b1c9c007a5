// Turns a rule's result rows into alerts, one NDJSON object per row.
//
// Contract: an alert holds every result column under its ES|QL name (multi-
// values as arrays, datetimes as "2024-03-10T12:01:00.000Z"), then the rule's
// `kibana.alert.rule.name`, `kibana.alert.rule.rule_id`, `kibana.alert.severity`,
// `kibana.alert.risk_score`, `kibana.alert.rule.threat` (Kibana's threat array),
// and `@timestamp`, the time the rule ran (as in Kibana). A result column named
// `@timestamp` (non-aggregating rules) is kept as `kibana.alert.original_time`,
// Kibana's name for the source event's time.
#pragma once

#include <cstdint>
#include <string>

#include "esql/prepared_query.h"
#include "rules/rule.h"

namespace trailhound::pipeline {

void append_alert(const rules::Rule& rule, const QueryResult& result, size_t row,
                  int64_t run_time_ms, std::string& out);


}  // namespace trailhound::pipeline
