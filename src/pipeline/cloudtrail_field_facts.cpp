#include "pipeline/cloudtrail_field_facts.h"

#include "ecs/cloudtrail_schema.h"
#include "ecs/geoip_enricher.h"

namespace trailhound::pipeline {

CloudTrailFieldFacts::CloudTrailFieldFacts(std::string data_stream_namespace, bool user_agents,
                                           const ecs::GeoIpEnricher* geoip)
    : namespace_(std::move(data_stream_namespace)),
      user_agents_(user_agents),
      city_(geoip && geoip->has_city()),
      asn_(geoip && geoip->has_asn()) {}

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
  if (field == "data_stream.dataset" || field == "event.dataset") return "aws.cloudtrail";
  if (field == "data_stream.type") return "logs";
  if (field == "event.module") return "aws";
  if (field == "data_stream.namespace") return namespace_;
  return std::nullopt;
}

}  // namespace trailhound::pipeline
