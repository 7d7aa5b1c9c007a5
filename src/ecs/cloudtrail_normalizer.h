// One raw AWS CloudTrail record → the ECS document Elastic's `aws.cloudtrail`
// ingest pipeline would index (spec: /work/shared/docs/cloudtrail-ecs-mapping.md).
//
// Contract:
// - One CloudTrailNormalizer per worker thread: it owns a user-agent cache and
//   scratch buffers and is not thread-safe. The UserAgentParser is shared and
//   immutable; pass nullptr to skip UA parsing (user_agent.original is still set).
// - normalize() validates first, then writes exactly one document
//   (begin_document … end_document) into the sink, or returns a non-ok Status
//   naming the field and writes nothing (see the error bullet below). It never
//   throws.
// - Values deleted by Elastic's null/empty pre-pass (null, "", "-", "none", empty
//   containers) count as absent everywhere.
// - Projection: only fields the sink wants() are computed and written; derivations
//   run only when one of their outputs is wanted. With a sink that gives a
//   field_set_id() the wants() answers are asked once per id, else per record.
//   Validation (the non-ok Statuses below) and error.message / event.kind are
//   decided exactly as without projection.
// - Costly derivations (user-agent parsing, payload renderings, event.original)
//   run only when the sink wants() one of their fields.
// - Defaults = the newest pipeline form the published test vectors show (aws
//   9.0.0-PR: user.id as ARN, aws.cloudtrail.user_identity.principal_id,
//   host.target.id). `user_id_from_arn = false` selects the 8.8.0 baseline.
// - Entity fields (§14) are written only when `tags` contains
//   "actor_target_mapping", as Elastic gates them.
// - GeoIP/ASN (source.geo.*, source.as.*) need a GeoIpEnricher; without one they
//   are absent.
// - Records Elastic would still index with an error (unparsable eventTime, invalid
//   JSON, a JSON value that is not an object, an empty line) need the agent's read
//   time for @timestamp: with `read_time_millis` set they become documents with
//   error.message / event.kind: pipeline_error (§16); without it they are a
//   non-ok Status. Records Elasticsearch would reject at index time (an object
//   where a keyword is mapped) are always a Status.
#pragma once

#include <simdjson.h>

#include <cstdint>
#include <memory>
#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "ecs/field_sink.h"
#include "ecs/geoip_enricher.h"
#include "ecs/user_agent_cache.h"
#include "ecs/user_agent_parser.h"

namespace trailhound::ecs {

struct CloudTrailNormalizerOptions {
  // [9.0.0-PR] user.id = IAM user/root ARN or the role (session issuer) ARN, and
  // principalId also goes to aws.cloudtrail.user_identity.principal_id (§5.2 step 6).
  // false = the 8.8.0 baseline (user.id = principalId).
  bool user_id_from_arn = true;
  // [9.0.0-PR] host.target.id (bare instance ids) next to host.target.entity.id,
  // when entity enrichment runs (tag "actor_target_mapping").
  bool host_target_id = true;
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
  // The agent's read time (the @timestamp a document reaches the pipeline with):
  // written as event.created, and the @timestamp of records without a usable
  // eventTime. Unset: such records are a Status instead of a document.
  std::optional<int64_t> read_time_millis;
  // Model Elasticsearch's `ignore_above: 8191` on request_parameters /
  // response_elements: longer keyword copies are not written (the flattened copy
  // still is). Off by default: whether ES|QL then reads null is unverified.
  bool apply_ignore_above = false;
  // source.geo.* / source.as.* enrichment; null = none. Shared and immutable.
  std::shared_ptr<const GeoIpEnricher> geoip;
  // Capacity of the per-thread user-agent cache (~1 KB per entry). A parse costs
  // ~10-100 µs, so re-parsing after a wholesale clear is what to avoid: the
  // synthetic benchmark's 5,960 distinct agents cost 8,297 parses at 4096.
  size_t user_agent_cache_capacity = 16384;
};

// The keyword fields every document gets the same value (agent/Fleet
// constants: data_stream.*, event.dataset, event.module), as the normalizer
// writes them. Others reasoning about the documents (the record prefilter)
// read them here, so the two cannot drift apart. Views into literals and `o`.
struct ConstantField {
  std::string_view field, value;
};
std::array<ConstantField, 5> cloudtrail_constant_fields(const CloudTrailNormalizerOptions& o);

class CloudTrailNormalizer {
 public:
  explicit CloudTrailNormalizer(std::shared_ptr<const UserAgentParser> ua,
                                CloudTrailNormalizerOptions options = {});
  // Same, with GeoIP/ASN enrichment (overrides options.geoip).
  CloudTrailNormalizer(std::shared_ptr<const UserAgentParser> ua, std::shared_ptr<const GeoIpEnricher> geoip,
                       CloudTrailNormalizerOptions options = {});

  // `original` is the record's raw JSON text for event.original; when empty and the
  // sink wants event.original, the record is re-serialized (minified).
  Status normalize(simdjson::dom::element record, FieldSink& sink, std::string_view original = {});

  // One raw input line / agent `message` (the record's JSON text). Handles what
  // precedes JSON parsing in Elastic: an empty message and invalid JSON (see the
  // contract above), then normalize().
  Status normalize_message(std::string_view message, FieldSink& sink);

  // The error.message entries of the document the last successful normalize()
  // or normalize_message() wrote: empty unless Elastic would mark it
  // event.kind: pipeline_error. Lets callers report such records without
  // asking the sink for fields their queries do not read.
  const std::vector<std::string>& pipeline_errors() const { return pipeline_errors_; }

  const UserAgentCache* user_agent_cache() const { return ua_cache_.get(); }
  const CloudTrailNormalizerOptions& options() const { return options_; }

 private:
  // A document for a message Elastic could not map: agent fields, event.original,
  // error.message and event.kind: pipeline_error. Needs read_time_millis.
  void write_failure_document(FieldSink& sink, std::string_view original, std::string_view error, bool ecs);

  CloudTrailNormalizerOptions options_;
  std::unique_ptr<UserAgentCache> ua_cache_;
  std::string scratch_;
  std::vector<std::string> pipeline_errors_;
  simdjson::dom::parser parser_;  // for normalize_message()
  // Per-record scratch reused across records (steady state allocates nothing on
  // the hot path) and the cached wanted-field bitsets per sink field set.
  struct State;
  std::unique_ptr<State> state_;

 public:
  ~CloudTrailNormalizer();
  CloudTrailNormalizer(CloudTrailNormalizer&&) noexcept;
};

}  // namespace trailhound::ecs
