// The fields ES|QL sees on the CloudTrail data stream (logs-aws.cloudtrail-*).
//
// Contract: every field the Elastic mapping gives the data stream (integration
// fields/*.yml + ECS types via ecs@mappings + ECS `.text` multi-fields), with the
// type ES|QL reports: date → Datetime, constant_keyword → Keyword,
// match_only_text → Text, flattened/geo_point → Unsupported. It is a superset of
// what CloudTrailNormalizer writes (it also lists agent, S3-provenance, GeoIP and
// entity fields). The table is generated once (tests/fixtures/ecs/
// gen_cloudtrail_schema.py) and compiled in; no runtime file access.
#pragma once

#include <string_view>

#include "exec/schema.h"

namespace trailhound::ecs {

const Schema& cloudtrail_schema();

// The Elasticsearch mapping type behind a schema field ("keyword", "flattened"...),
// or "" when unknown. Useful for diagnostics (why a column is Unsupported).
std::string_view cloudtrail_mapping_type(std::string_view field);

}  // namespace trailhound::ecs
