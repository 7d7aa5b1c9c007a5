// A fallback index schema for integrations the engine holds no mapping for:
// the ECS fields (and the integration fields the bundled Elastic detection
// rules read) with the types their Elasticsearch mappings give them.
//
// Contract: ecs_fallback_schema() is meant for Catalog::set_fallback_schema(),
// so `trailhound rules check` can analyse rules over logs-endpoint.*,
// logs-windows.*, .alerts-security.*, ... Types follow the ECS reference and
// the integration packages (keyword unless stated: dates, longs, ips,
// booleans; `match_only_text` fields are text; `*.geo.location` are
// geo_point). The table is a fact list; a field missing
// here is an "Unknown column" for such rules, exactly as in an index that
// does not map it.
#pragma once

#include "exec/schema.h"

namespace trailhound {

Schema ecs_fallback_schema();

}  // namespace trailhound
