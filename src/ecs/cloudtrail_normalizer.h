// One raw AWS CloudTrail record → the ECS document Elastic's `aws.cloudtrail`
// ingest pipeline would index (spec: /work/shared/docs/cloudtrail-ecs-mapping.md).
//
// Contract:
// - One CloudTrailNormalizer per worker thread: it owns a user-agent cache and
//   scratch buffers and is not thread-safe. The UserAgentParser is shared and
//   immutable; pass nullptr to skip UA parsing (user_agent.original is still set).
// - normalize() validates first, then writes exactly one document
//   (begin_document … end_document) into the sink. A record that cannot be mapped
//   (not an object, missing/unparsable eventTime, an object where a scalar is
//   required, userIdentity not an object) returns a non-ok Status naming the field
//   and writes nothing. It never throws.
// - Values deleted by Elastic's null/empty pre-pass (null, "", "-", "none", empty
//   containers) count as absent everywhere.
// - Costly derivations (user-agent parsing, payload renderings, event.original)
//   run only when the sink wants() one of their fields.
// - Baseline = aws package 8.8.0. Options select the 9.0.0-PR behaviour the
//   published test vectors were generated with.
// - Not implemented: GeoIP/ASN (source.geo.*, source.as.*), the tag-gated
//   actor/target entity enrichment (§14), digest-file fields beyond @timestamp /
//   cloud.account.id / file.path.
#pragma once

#include <simdjson.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "ecs/field_sink.h"
#include "ecs/user_agent_cache.h"
#include "ecs/user_agent_parser.h"

namespace trailhound::ecs {

struct CloudTrailNormalizerOptions {
  // [9.0.0-PR] user.id = IAM user/root ARN or the role (session issuer) ARN, and
  // principalId also goes to aws.cloudtrail.user_identity.principal_id (§5.2 step 6).
  bool user_id_from_arn = false;
  // The integration's `retain` setting (§8): which payload copies are kept.
  enum class Retain { All, Keyword, Flattened, Minimal, None };
  Retain retain = Retain::All;
  // Agent-level constants.
  std::vector<std::string> tags = {"forwarded", "aws-cloudtrail"};
  std::string data_stream_namespace = "default";
  // event.ingested is Elasticsearch's index time, outside the record; several rules
  // use it as timestamp_override or aggregate it. When set, this value is written;
  // else, with event_ingested_from_event_time, a copy of @timestamp; else nothing.
  std::optional<int64_t> event_ingested_millis;
  bool event_ingested_from_event_time = false;
  // Capacity of the per-thread user-agent cache.
  size_t user_agent_cache_capacity = 4096;
};

class CloudTrailNormalizer {
 public:
  explicit CloudTrailNormalizer(std::shared_ptr<const UserAgentParser> ua,
                                CloudTrailNormalizerOptions options = {});

  // `original` is the record's raw JSON text for event.original; when empty and the
  // sink wants event.original, the record is re-serialized (minified).
  Status normalize(simdjson::dom::element record, FieldSink& sink, std::string_view original = {});

  const UserAgentCache* user_agent_cache() const { return ua_cache_.get(); }

 private:
  CloudTrailNormalizerOptions options_;
  std::unique_ptr<UserAgentCache> ua_cache_;
  std::string scratch_;
};

}  // namespace trailhound::ecs
