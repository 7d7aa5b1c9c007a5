// What is known of every CloudTrail row before any record is read, for the
// record prefilter's reasoning about rule filters (esql/row_requirements.h).
//
// Contract:
// - constant(): the values the normalizer stamps on every document
//   (ecs::cloudtrail_constant_fields: data_stream.*, event.dataset, event.module).
// - always_null(): fields outside the CloudTrail schema (the normalizer writes
//   no other field; metadata `_*` excluded), user_agent.* other than .original
//   when no user-agent regexes are loaded, source.geo.* / source.as.* without
//   the GeoIP City / ASN database.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ecs/cloudtrail_normalizer.h"
#include "esql/row_requirements.h"

namespace trailhound::ecs {
class GeoIpEnricher;
}

namespace trailhound::pipeline {

class CloudTrailFieldFacts final : public esql::FieldFacts {
 public:
  CloudTrailFieldFacts(const ecs::CloudTrailNormalizerOptions& options, bool user_agents,
                       const ecs::GeoIpEnricher* geoip);
  bool always_null(std::string_view field) const override;
  std::optional<std::string> constant(std::string_view field) const override;

 private:
  std::vector<std::pair<std::string, std::string>> constants_;
  bool user_agents_;
  bool city_, asn_;
};

}  // namespace trailhound::pipeline
