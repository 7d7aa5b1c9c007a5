#include "pipeline/cloudtrail_field_facts.h"

#include "ecs/cloudtrail_schema.h"
#include "ecs/geoip_enricher.h"

namespace trailhound::pipeline {

CloudTrailFieldFacts::CloudTrailFieldFacts(const ecs::CloudTrailNormalizerOptions& options, bool user_agents,
                                           const ecs::GeoIpEnricher* geoip)
    : user_agents_(user_agents),
      city_(geoip && geoip->has_city()),
      asn_(geoip && geoip->has_asn()) {
  for (const auto& c : ecs::cloudtrail_constant_fields(options)) constants_.emplace_back(c.field, c.value);
}

bool CloudTrailFieldFacts::always_null(std::string_view field) const {
  if (field.starts_with('_')) return false;  // metadata: _id, _version, _index
  if (!ecs::cloudtrail_schema().find(field)) return true;
  if (field.starts_with("user_agent.") && field != "user_agent.original" &&
      !field.starts_with("user_agent.original."))
    return !user_agents_;
  if (field.starts_with("source.geo.")) return !city_;
  if (field.starts_with("source.as.")) return !asn_;
  return false;
}

std::optional<std::string> CloudTrailFieldFacts::constant(std::string_view field) const {
  for (const auto& [name, value] : constants_)
    if (name == field) return value;
  return std::nullopt;
}

}  // namespace trailhound::pipeline
