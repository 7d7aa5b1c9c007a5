#include "ecs/cloudtrail_normalizer.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <deque>
#include <optional>

#include "ecs/cleaned_json.h"
#include "ecs/entity_enrichment.h"
#include "ecs/event_categorization.h"
#include "ecs/ip_text.h"
#include "ecs/iso_timestamp.h"

namespace trailhound::ecs {

namespace {

using simdjson::dom::element;
using simdjson::dom::element_type;
using simdjson::dom::object;
using Retain = CloudTrailNormalizerOptions::Retain;

const char* type_name_of(element e) {
  switch (e.type()) {
    case element_type::ARRAY: return "array";
    case element_type::OBJECT: return "object";
    case element_type::STRING: return "string";
    case element_type::BOOL: return "boolean";
    case element_type::NULL_VALUE: return "null";
    default: return "number";
  }
}

// A member that survived the pre-pass, or nullopt.
std::optional<element> member(std::optional<object> obj, std::string_view key) {
  if (!obj) return std::nullopt;
  element e;
  if (obj->at_key(key).get(e) != simdjson::SUCCESS || is_pruned(e)) return std::nullopt;
  return e;
}

std::optional<object> member_object(std::optional<object> obj, std::string_view key) {
  auto e = member(obj, key);
  object o;
  if (!e || e->get_object().get(o) != simdjson::SUCCESS) return std::nullopt;
  return o;
}

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// Top-level keys Elastic maps onto keyword/boolean fields: an object or array there
// would make Elasticsearch reject the document, so we reject the record.
constexpr std::string_view kScalarKeys[] = {
    "eventVersion", "eventSource", "eventName", "awsRegion", "sourceIPAddress",
    "userAgent", "errorCode", "errorMessage", "requestID", "eventID", "eventType", "apiVersion",
    "managementEvent", "readOnly", "recipientAccountId", "sharedEventID", "sharedEventId",
    "vpcEndpointId", "vpcEndpointAccountId", "eventCategory", "sessionCredentialFromConsole"};
constexpr std::string_view kIdentityScalarKeys[] = {
    "type", "userName", "principalId", "arn", "accountId", "accessKeyId", "invokedBy",
    "credentialId", "identityProvider"};

// Emits values and keeps the bits of state later steps read back.
class Doc {
 public:
  Doc(FieldSink& sink, std::deque<std::string>& arena) : sink_(sink), arena_(arena) {}

  // Keyword text of a scalar as Elasticsearch would index it; nullopt for
  // containers. Non-string scalars are rendered into the per-record arena.
  std::optional<std::string_view> text(std::optional<element> e) {
    if (!e) return std::nullopt;
    switch (e->type()) {
      case element_type::STRING:
        return e->get_string().value_unsafe();
      case element_type::OBJECT:
      case element_type::ARRAY:
      case element_type::NULL_VALUE:
        return std::nullopt;
      default: {
        std::string s;
        append_java_string(*e, s);
        arena_.push_back(std::move(s));
        return std::string_view(arena_.back());
      }
    }
  }
  std::optional<std::string_view> text(std::optional<object> o, std::string_view key) {
    return text(member(o, key));
  }
  std::optional<bool> boolean(std::optional<element> e) {
    if (!e) return std::nullopt;
    bool b;
    if (e->get_bool().get(b) == simdjson::SUCCESS) return b;
    auto t = text(e);
    if (t == "true") return true;
    if (t == "false") return false;
    return std::nullopt;
  }

  void kw(std::string_view field, std::optional<std::string_view> v) {
    if (v) sink_.keyword(field, *v);
  }
  void json(std::string_view field, std::optional<element> e) {
    if (!e || !sink_.wants(field)) return;
    buf_.clear();
    append_clean_json(*e, buf_);
    sink_.json(field, buf_);
  }

  FieldSink& sink() { return sink_; }
  std::deque<std::string>& arena() { return arena_; }

 private:
  FieldSink& sink_;
  std::deque<std::string>& arena_;
  std::string buf_;
};

// Appends unless already present (the pipeline's allow_duplicates: false).
void append_unique(std::vector<std::string_view>& list, std::optional<std::string_view> v) {
  if (v && !v->empty() && std::find(list.begin(), list.end(), *v) == list.end()) list.push_back(*v);
}

// Session name of an STS ARN: grok ^arn:[a-z0-9-]+:sts:.*/(?<session>.*)$
std::optional<std::string_view> sts_session_name(std::string_view arn) {
  if (arn.substr(0, 4) != "arn:") return std::nullopt;
  size_t p = 4;
  while (p < arn.size() && ((arn[p] >= 'a' && arn[p] <= 'z') || (arn[p] >= '0' && arn[p] <= '9') || arn[p] == '-')) ++p;
  if (p == 4 || arn.substr(p, 5) != ":sts:") return std::nullopt;
  size_t slash = arn.rfind('/');
  if (slash == std::string_view::npos || slash < p + 5) return std::nullopt;
  if (arn.find('\n') != std::string_view::npos) return std::nullopt;  // grok '.' stops at newlines
  return arn.substr(slash + 1);
}

bool is_instance_id(std::string_view v) { return v.size() >= 10 && v.substr(0, 2) == "i-"; }

// EC2 instance ids from one payload object (mapping doc §10, related.hosts item 4).
void collect_instance_ids(Doc& doc, std::optional<object> payload, std::vector<std::string_view>& hosts) {
  if (!payload) return;
  for (std::string_view key : {"instanceId", "target", "resourceId"}) {
    auto t = doc.text(payload, key);
    if (t && is_instance_id(*t)) append_unique(hosts, t);
  }
  if (auto ids = member(payload, "instanceIds")) {
    simdjson::dom::array arr;
    if (ids->get_array().get(arr) == simdjson::SUCCESS) {
      for (element e : arr) {
        if (is_pruned(e)) continue;
        auto t = doc.text(e);
        if (t && is_instance_id(*t)) append_unique(hosts, t);
      }
    }
  }
  if (auto set = member_object(payload, "instancesSet")) {
    if (auto items = member(set, "items")) {
      simdjson::dom::array arr;
      if (items->get_array().get(arr) == simdjson::SUCCESS) {
        for (element e : arr) {
          object o;
          if (e.get_object().get(o) != simdjson::SUCCESS) continue;
          auto t = doc.text(o, "instanceId");
          if (t && is_instance_id(*t)) append_unique(hosts, t);
        }
      }
    }
  }
}

// The `minimal` retain mode keeps only the flattened sub-fields Elastic's prebuilt
// rules list in required_fields.
bool minimal_keeps(std::string_view payload, std::string_view key) {
  if (payload == "additional_eventdata") return key == "SSEApplied";
  if (payload == "request_parameters") {
    for (std::string_view k : {"cidrIp", "dryRun", "fromPort", "includeDeprecated", "policyArn",
                               "serialNumber", "withDecryption",
                               "x-amz-server-side-encryption-customer-algorithm"}) {
      if (key == k) return true;
    }
  }
  return false;
}

// Elasticsearch stores a flattened copy only when the keyword copy is shorter than
// Lucene's term limit (32766 bytes, but the pipeline checks characters).
constexpr size_t kFlattenedMaxChars = 32766;
constexpr size_t kIgnoreAbove = 8191;

size_t utf16_length(std::string_view s) {
  size_t n = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if ((c & 0xc0) != 0x80) n += (c >= 0xf0) ? 2 : 1;
  }
  return n;
}

// Digest-file keys (§13): gathered into aws.cloudtrail.flattened.digest, dates
// normalized to UTC millis. Returns previousDigestHashValue (related.hash).
std::optional<std::string_view> write_digest(Doc& doc, object rec, std::vector<std::string>& errors) {
  struct Key {
    std::string_view source, target;
    bool date;
  };
  static constexpr Key kKeys[] = {
      {"digestS3Bucket", "s3_bucket", false},
      {"digestStartTime", "start_time", true},
      {"digestEndTime", "end_time", true},
      {"newestEventTime", "newest_event_time", true},
      {"oldestEventTime", "oldest_event_time", true},
      {"previousDigestS3Bucket", "previous_s3_bucket", false},
      {"previousDigestS3Object", "previous_s3_object", false},
      {"previousDigestHashValue", "previous_hash_value", false},
      {"previousDigestHashAlgorithm", "previous_hash_algorithm", false},
      {"previousDigestSignature", "previous_signature", false},
      {"digestPublicKeyFingerprint", "public_key_fingerprint", false},
      {"publicKeyFingerprint", "public_key_fingerprint", false},  // legacy spelling, if the new one is absent
      {"digestSignatureAlgorithm", "signature_algorithm", false},
      {"logFiles", "log_files", false},
  };
  std::string json = "{";
  bool any = false, have_fingerprint = false;
  for (const Key& k : kKeys) {
    auto e = member(rec, k.source);
    if (!e) continue;
    if (k.target == "public_key_fingerprint") {
      if (have_fingerprint) continue;
      have_fingerprint = true;
    }
    std::string value;
    if (k.date) {
      auto text = doc.text(e);
      auto ms = text ? parse_iso8601_millis(*text) : std::nullopt;
      if (!ms) {
        std::string raw;
        append_java_string(*e, raw);
        errors.push_back("unable to parse date [" + raw + "]");
        continue;
      }
      value = "\"" + format_iso8601_millis(*ms) + "\"";
    } else {
      append_clean_json(*e, value);
    }
    json += any ? ",\"" : "\"";
    json.append(k.target);
    json += "\":";
    json += value;
    any = true;
  }
  json += '}';
  if (any && doc.sink().wants("aws.cloudtrail.flattened.digest")) doc.sink().json("aws.cloudtrail.flattened.digest", json);
  return doc.text(rec, "previousDigestHashValue");
}

bool has_tag(const std::vector<std::string>& tags, std::string_view tag) {
  return std::find(tags.begin(), tags.end(), tag) != tags.end();
}

// Fields the agent / Fleet add around the pipeline (§1).
void write_agent_fields(FieldSink& sink, const CloudTrailNormalizerOptions& o, int64_t timestamp) {
  sink.datetime("@timestamp", timestamp);
  if (o.read_time_millis) sink.datetime("event.created", *o.read_time_millis);
  if (o.event_ingested_millis) {
    sink.datetime("event.ingested", *o.event_ingested_millis);
  } else if (o.event_ingested_from_event_time) {
    sink.datetime("event.ingested", timestamp);
  }
  sink.keyword("data_stream.type", "logs");
  sink.keyword("data_stream.dataset", "aws.cloudtrail");
  sink.keyword("data_stream.namespace", o.data_stream_namespace);
  sink.keyword("event.dataset", "aws.cloudtrail");
  sink.keyword("event.module", "aws");
}

void write_tags(FieldSink& sink, const std::vector<std::string>& tags, bool error) {
  for (const std::string& t : tags) sink.keyword("tags", t);
  // The pipeline's failure handlers append preserve_original_event (§16).
  if (error && !has_tag(tags, "preserve_original_event")) sink.keyword("tags", "preserve_original_event");
}

constexpr std::string_view kEntityFields[] = {
    "related.entity", "actor.entity.id", "user.entity.id", "service.entity.id", "host.entity.id", "entity.id",
    "target.entity.id", "user.target.entity.id", "service.target.entity.id", "host.target.entity.id",
    "host.target.id", "entity.target.id",
    // A failing entity script changes these, so it runs when they are read.
    "event.kind", "error.message", "tags"};

void write_entities(FieldSink& sink, const EntityFields& e) {
  auto list = [&](std::string_view field, const std::vector<std::string>& values) {
    for (const std::string& v : values) sink.keyword(field, v);
  };
  list("target.entity.id", e.targets);
  list("user.target.entity.id", e.user_targets);
  list("host.target.entity.id", e.host_targets);
  list("host.target.id", e.host_target_ids);
  list("service.target.entity.id", e.service_targets);
  list("entity.target.id", e.generic_targets);
  if (e.actor) {
    sink.keyword("actor.entity.id", *e.actor);
    sink.keyword(e.actor_field, *e.actor);
  }
  list("related.entity", e.related);
}

std::string format_coordinate(double d) {
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof buf, d);
  return std::string(buf, r.ptr);
}

// source.geo.* / source.as.* (§4), only for the fields the sink reads.
void write_geo(const GeoIpEnricher& geo, std::string_view ip16, FieldSink& sink) {
  static constexpr std::string_view kCityFields[] = {
      "source.geo.continent_name", "source.geo.country_iso_code", "source.geo.country_name",
      "source.geo.region_iso_code", "source.geo.region_name",     "source.geo.city_name",
      "source.geo.location"};
  bool want_city = false;
  for (std::string_view f : kCityFields) want_city |= sink.wants(f);
  if (want_city && geo.has_city()) {
    if (auto c = geo.city(ip16)) {
      auto kw = [&](std::string_view field, const std::optional<std::string>& v) {
        if (v) sink.keyword(field, *v);
      };
      kw("source.geo.continent_name", c->continent_name);
      kw("source.geo.country_iso_code", c->country_iso_code);
      kw("source.geo.country_name", c->country_name);
      kw("source.geo.region_iso_code", c->region_iso_code);
      kw("source.geo.region_name", c->region_name);
      kw("source.geo.city_name", c->city_name);
      if (c->lat && c->lon && sink.wants("source.geo.location")) {
        sink.json("source.geo.location",
                  "{\"lat\":" + format_coordinate(*c->lat) + ",\"lon\":" + format_coordinate(*c->lon) + "}");
      }
    }
  }
  if (geo.has_asn() && (sink.wants("source.as.number") || sink.wants("source.as.organization.name"))) {
    if (auto a = geo.asn(ip16)) {
      if (a->number) sink.long_value("source.as.number", *a->number);
      if (a->organization_name) sink.keyword("source.as.organization.name", *a->organization_name);
    }
  }
}

}  // namespace

CloudTrailNormalizer::CloudTrailNormalizer(std::shared_ptr<const UserAgentParser> ua,
                                           CloudTrailNormalizerOptions options)
    : options_(std::move(options)) {
  if (ua) ua_cache_ = std::make_unique<UserAgentCache>(std::move(ua), options_.user_agent_cache_capacity);
}

CloudTrailNormalizer::CloudTrailNormalizer(std::shared_ptr<const UserAgentParser> ua,
                                           std::shared_ptr<const GeoIpEnricher> geoip,
                                           CloudTrailNormalizerOptions options)
    : CloudTrailNormalizer(std::move(ua), [&] {
        options.geoip = std::move(geoip);
        return std::move(options);
      }()) {}

void CloudTrailNormalizer::write_failure_document(FieldSink& sink, std::string_view original,
                                                  std::string_view error, bool ecs) {
  sink.begin_document();
  write_agent_fields(sink, options_, *options_.read_time_millis);
  if (ecs) sink.keyword("ecs.version", "8.11.0");
  if (sink.wants("event.original")) sink.keyword("event.original", original);
  sink.keyword("error.message", error);
  sink.keyword("event.kind", "pipeline_error");
  write_tags(sink, options_.tags, true);
  sink.end_document();
}

Status CloudTrailNormalizer::normalize_message(std::string_view message, FieldSink& sink) {
  if (message.empty()) {
    // Elastic still indexes it: the agent fields plus the pipeline's constants
    // and defaults (MANIFEST §1, mapping doc §18).
    if (!options_.read_time_millis) return Status::invalid_input("CloudTrail record: empty line");
    sink.begin_document();
    write_agent_fields(sink, options_, *options_.read_time_millis);
    sink.keyword("ecs.version", "8.11.0");
    sink.keyword("cloud.provider", "aws");
    sink.keyword("event.kind", "event");
    sink.keyword("event.type", "info");
    sink.keyword("event.outcome", "success");
    write_tags(sink, options_.tags, false);
    sink.end_document();
    return Status::ok_status();
  }
  simdjson::padded_string padded(message);
  simdjson::dom::element record;
  if (auto err = parser_.parse(padded).get(record)) {
    std::string msg = std::string("CloudTrail record: invalid JSON: ") + simdjson::error_message(err);
    if (!options_.read_time_millis) return Status::parse_error(msg);
    write_failure_document(sink, message, msg, false);
    return Status::ok_status();
  }
  return normalize(record, sink, message);
}

Status CloudTrailNormalizer::normalize(element record, FieldSink& sink, std::string_view original) {
  // ---- validation: nothing is written unless the whole record can be mapped ----
  object rec;
  if (record.get_object().get(rec) != simdjson::SUCCESS) {
    std::string msg = std::string("CloudTrail record: expected a JSON object, got ") + type_name_of(record);
    if (!options_.read_time_millis) return Status::invalid_input(msg);
    // Elastic parses it, then the first access to a record field fails the whole
    // pipeline: the document keeps the agent fields and the error (§16).
    std::string text = original.empty() ? std::string(simdjson::minify(record)) : std::string(original);
    write_failure_document(sink, text, msg, true);
    return Status::ok_status();
  }
  for (std::string_view key : kScalarKeys) {
    auto e = member(rec, key);
    if (e && (e->is_object() || e->is_array())) {
      return Status::invalid_input("CloudTrail record field '" + std::string(key) + "': expected a scalar, got " +
                                   type_name_of(*e));
    }
  }
  std::optional<object> ui;
  if (auto e = member(rec, "userIdentity")) {
    object o;
    if (e->get_object().get(o) != simdjson::SUCCESS) {
      return Status::invalid_input(std::string("CloudTrail record field 'userIdentity': expected an object, got ") +
                                   type_name_of(*e));
    }
    ui = o;
    for (std::string_view key : kIdentityScalarKeys) {
      auto m = member(ui, key);
      if (m && (m->is_object() || m->is_array())) {
        return Status::invalid_input("CloudTrail record field 'userIdentity." + std::string(key) +
                                     "': expected a scalar, got " + type_name_of(*m));
      }
    }
  }
  int64_t timestamp = 0;
  std::vector<std::string> errors;  // error.message entries (pipeline_error)
  {
    auto et = member(rec, "eventTime");
    std::string_view field = "eventTime";
    if (!et) {
      // Digest files carry no eventTime; their @timestamp is digestEndTime (§13).
      et = member(rec, "digestEndTime");
      field = "digestEndTime";
    }
    if (!et) {
      // Records re-shipped through Logstash (e.g. the OTRF data sets) lost
      // eventTime to the event's own `@timestamp`; it is the same instant.
      et = member(rec, "@timestamp");
      field = "@timestamp";
    }
    if (!et) {
      // Elastic keeps the agent's read time as @timestamp, without an error.
      if (!options_.read_time_millis) return Status::invalid_input("CloudTrail record: missing eventTime");
      timestamp = *options_.read_time_millis;
    } else {
      std::string_view s;
      std::optional<int64_t> ms;
      std::string text;
      if (et->get_string().get(s) == simdjson::SUCCESS) {
        ms = parse_iso8601_millis(s);
        text.assign(s);
      } else {
        append_java_string(*et, text);  // the date processor parses value.toString()
      }
      if (ms) {
        timestamp = *ms;
      } else if (options_.read_time_millis) {
        // The date processor fails: the value is dropped, an error appended, and
        // @timestamp stays the read time (§3).
        errors.push_back("unable to parse date [" + text + "]");
        timestamp = *options_.read_time_millis;
      } else if (s.data() == nullptr) {
        return Status::invalid_input("CloudTrail record field '" + std::string(field) + "': expected a string, got " +
                                     type_name_of(*et));
      } else {
        return Status::invalid_input("CloudTrail record field '" + std::string(field) +
                                     "': not an ISO 8601 date: \"" + std::string(s.substr(0, 64)) + "\"");
      }
    }
  }

  std::deque<std::string> arena;
  Doc doc(sink, arena);
  sink.begin_document();

  // ---- agent-level constants (§1) ----
  write_agent_fields(sink, options_, timestamp);
  sink.keyword("ecs.version", "8.11.0");
  sink.keyword("cloud.provider", "aws");
  if (sink.wants("event.original")) {
    if (!original.empty()) {
      sink.keyword("event.original", original);
    } else {
      std::string minified = simdjson::minify(record);
      sink.keyword("event.original", minified);
    }
  }

  // ---- entity enrichment (§14): runs before any rename, on the raw record ----
  if (has_tag(options_.tags, "actor_target_mapping") && member(rec, "eventName")) {
    bool wanted = false;
    for (std::string_view f : kEntityFields) wanted |= sink.wants(f);
    if (wanted) {
      EntityOptions eo;
      eo.host_target_id = options_.host_target_id;
      EntityFields entities = enrich_entities(rec, eo);
      if (!entities.failure.empty()) errors.insert(errors.begin(), entities.failure);
      write_entities(sink, entities);
    }
  }

  auto rp = member_object(rec, "requestParameters");
  auto re = member_object(rec, "responseElements");
  auto aed = member_object(rec, "additionalEventData");
  auto event_name = doc.text(rec, "eventName");

  // ---- userIdentity (§5) ----
  auto ui_type = doc.text(ui, "type");
  auto ui_arn = doc.text(ui, "arn");
  auto principal_id = doc.text(ui, "principalId");
  auto sc = member_object(ui, "sessionContext");
  auto attrs = member_object(sc, "attributes");
  auto issuer = member_object(sc, "sessionIssuer");
  auto on_behalf = member_object(ui, "onBehalfOf");
  auto obo_user_id = doc.text(on_behalf, "userId");

  doc.kw("aws.cloudtrail.user_identity.type", ui_type);
  doc.kw("aws.cloudtrail.user_identity.arn", ui_arn);
  if (options_.user_id_from_arn) doc.kw("aws.cloudtrail.user_identity.principal_id", principal_id);
  doc.kw("aws.cloudtrail.user_identity.access_key_id", doc.text(ui, "accessKeyId"));
  doc.kw("aws.cloudtrail.user_identity.invoked_by", doc.text(ui, "invokedBy"));
  doc.kw("aws.cloudtrail.user_identity.invoked_by_delegate.account_id",
         doc.text(member_object(ui, "invokedByDelegate"), "accountId"));
  doc.kw("aws.cloudtrail.user_identity.credential_id", doc.text(ui, "credentialId"));
  doc.kw("aws.cloudtrail.user_identity.identity_provider", doc.text(ui, "identityProvider"));
  doc.kw("aws.cloudtrail.user_identity.on_behalf_of.user_id", obo_user_id);
  doc.kw("aws.cloudtrail.user_identity.on_behalf_of.identity_store_arn", doc.text(on_behalf, "identityStoreArn"));
  {
    auto scope = member_object(ui, "inScopeOf");
    doc.kw("aws.cloudtrail.user_identity.in_scope_of.issuer_type", doc.text(scope, "issuerType"));
    doc.kw("aws.cloudtrail.user_identity.in_scope_of.credentials_issued_to", doc.text(scope, "credentialsIssuedTo"));
    doc.kw("aws.cloudtrail.user_identity.in_scope_of.source_arn", doc.text(scope, "sourceArn"));
    doc.kw("aws.cloudtrail.user_identity.in_scope_of.source_account", doc.text(scope, "sourceAccount"));
  }
  doc.kw("aws.cloudtrail.user_identity.session_context.mfa_authenticated", doc.text(attrs, "mfaAuthenticated"));
  if (auto cd = doc.text(attrs, "creationDate")) {
    auto ms = parse_iso8601_millis(*cd);
    if (!ms) ms = parse_basic_date_time_millis(*cd);
    if (ms) {
      sink.datetime("aws.cloudtrail.user_identity.session_context.creation_date", *ms);
    } else {
      errors.push_back("unable to parse date [" + std::string(*cd) + "]");
    }
  }
  auto issuer_arn = doc.text(issuer, "arn");
  doc.kw("aws.cloudtrail.user_identity.session_context.session_issuer.type", doc.text(issuer, "type"));
  doc.kw("aws.cloudtrail.user_identity.session_context.session_issuer.principal_id", doc.text(issuer, "principalId"));
  doc.kw("aws.cloudtrail.user_identity.session_context.session_issuer.arn", issuer_arn);
  doc.kw("aws.cloudtrail.user_identity.session_context.session_issuer.account_id", doc.text(issuer, "accountId"));
  doc.kw("aws.cloudtrail.user_identity.session_context.ec2_role_delivery", doc.text(sc, "ec2RoleDelivery"));
  doc.kw("aws.cloudtrail.user_identity.session_context.source_identity", doc.text(sc, "sourceIdentity"));
  {
    auto web = member_object(sc, "webIdFederationData");
    doc.kw("aws.cloudtrail.user_identity.session_context.web_id_federation_data.federated_provider",
           doc.text(web, "federatedProvider"));
    doc.json("aws.cloudtrail.user_identity.session_context.web_id_federation_data.attributes",
             member(web, "attributes"));
  }
  if (auto b = doc.boolean(member(sc, "assumedRoot"))) {
    sink.boolean("aws.cloudtrail.user_identity.session_context.assumed_root", *b);
  }
  doc.kw("aws.cloudtrail.user_identity.session_context.sign_in_session_arn", doc.text(sc, "signInSessionArn"));

  // user.name / user.id / user.email (§5.2), in the pipeline's step order.
  std::optional<std::string_view> user_name = doc.text(ui, "userName");
  std::optional<std::string_view> user_id = principal_id;
  std::optional<std::string_view> user_email;
  std::vector<std::string_view> related_user;
  const bool assumed_or_federated = ui_type == "AssumedRole" || ui_type == "FederatedUser";
  if (assumed_or_federated) {
    if (auto n = doc.text(issuer, "userName")) user_name = n;
  }
  if ((assumed_or_federated || ui_type == "IdentityCenterUser") && ui_arn) {
    if (auto session = sts_session_name(*ui_arn); session && !session->empty()) {
      append_unique(related_user, session);
      if (size_t at = session->find('@'); at != std::string_view::npos) {
        append_unique(related_user, session->substr(0, at));
        if (!user_email) user_email = session;
      }
    }
  }
  if (ui_type == "IdentityCenterUser" && !user_id) user_id = obo_user_id;
  if (options_.user_id_from_arn) {
    if ((ui_type == "IAMUser" || ui_type == "Root") && ui_arn) user_id = ui_arn;
    if (ui_type == "AssumedRole" && issuer_arn) user_id = issuer_arn;
  }
  std::string_view aed_skip;
  if (event_name == "UserAuthentication" && !user_name) {
    if (auto n = doc.text(aed, "UserName")) {
      user_name = n;
      aed_skip = "UserName";  // moved out of additionalEventData before it is stringified
    }
  }
  if (!user_email && user_name) {
    size_t at = user_name->find('@');
    if (at != std::string_view::npos && at > 0) user_email = user_name;
  }
  doc.kw("user.name", user_name);
  doc.kw("user.id", user_id);
  doc.kw("user.email", user_email);

  // cloud.account.id (§5.3): caller's account, then recipient, then digest account.
  {
    auto account = doc.text(ui, "accountId");
    if (!account) account = doc.text(rec, "recipientAccountId");
    if (!account) account = doc.text(rec, "awsAccountId");
    doc.kw("cloud.account.id", account);
  }

  // ---- top-level fields (§4) ----
  doc.kw("aws.cloudtrail.event_version", doc.text(rec, "eventVersion"));
  if (auto src = doc.text(rec, "eventSource")) {
    constexpr std::string_view kSuffix = ".amazonaws.com";
    if (ends_with(*src, kSuffix) && src->size() > kSuffix.size()) {
      sink.keyword("cloud.service.name", src->substr(0, src->find(kSuffix)));
    }
    sink.keyword("event.provider", *src);
  }
  doc.kw("event.action", event_name);
  doc.kw("cloud.region", doc.text(rec, "awsRegion"));

  auto source_address = doc.text(rec, "sourceIPAddress");
  std::optional<Ip16> source_ip;
  if (source_address) {
    sink.keyword("source.address", *source_address);
    source_ip = parse_ip(*source_address);
    if (source_ip) sink.ip("source.ip", std::string_view(source_ip->data(), 16));
    if (source_ip && options_.geoip) write_geo(*options_.geoip, std::string_view(source_ip->data(), 16), sink);
  }

  if (auto ua = doc.text(rec, "userAgent")) {
    sink.keyword("user_agent.original", *ua);
    if (ua_cache_ && (sink.wants("user_agent.name") || sink.wants("user_agent.version") ||
                      sink.wants("user_agent.os.name") || sink.wants("user_agent.os.version") ||
                      sink.wants("user_agent.os.full") || sink.wants("user_agent.device.name"))) {
      const UserAgentInfo& info = ua_cache_->lookup(*ua);
      sink.keyword("user_agent.name", info.name);
      if (info.version) sink.keyword("user_agent.version", *info.version);
      if (info.os_name) sink.keyword("user_agent.os.name", *info.os_name);
      if (info.os_version) sink.keyword("user_agent.os.version", *info.os_version);
      if (info.os_full) sink.keyword("user_agent.os.full", *info.os_full);
      sink.keyword("user_agent.device.name", info.device_name);
    }
  }

  auto error_code = doc.text(rec, "errorCode");
  auto error_message = doc.text(rec, "errorMessage");
  doc.kw("aws.cloudtrail.error_code", error_code);
  doc.kw("aws.cloudtrail.error_message", error_message);

  // ---- payloads (§8) ----
  {
    struct Payload {
      std::string_view source_key;
      std::string_view name;  // suffix of aws.cloudtrail.<name> / aws.cloudtrail.flattened.<name>
    };
    static constexpr Payload kPayloads[] = {{"requestParameters", "request_parameters"},
                                            {"responseElements", "response_elements"},
                                            {"additionalEventData", "additional_eventdata"},
                                            {"serviceEventDetails", "service_event_details"}};
    const bool keep_keyword = options_.retain == Retain::All || options_.retain == Retain::Keyword ||
                              options_.retain == Retain::Minimal;
    const bool keep_flattened = options_.retain == Retain::All || options_.retain == Retain::Flattened ||
                                options_.retain == Retain::Minimal;
    std::string field, java, json;
    for (const Payload& p : kPayloads) {
      auto e = member(rec, p.source_key);
      if (!e) continue;
      std::string_view skip = p.source_key == "additionalEventData" ? aed_skip : std::string_view{};
      if (!skip.empty()) {
        object o = e->get_object().value_unsafe();
        bool any_left = false;
        for (auto f : o) any_left |= f.key != skip && !is_pruned(f.value);
        if (!any_left) continue;
      }
      field.assign("aws.cloudtrail.").append(p.name);
      std::string flat_field = "aws.cloudtrail.flattened." + std::string(p.name);
      const bool want_keyword = keep_keyword && sink.wants(field);
      const bool want_flat = keep_flattened && sink.wants(flat_field);
      if (!want_keyword && !want_flat) continue;
      java.clear();
      append_java_string(*e, java, skip);
      // ignore_above: 8191 (request_parameters / response_elements only).
      const bool over_limit = options_.apply_ignore_above &&
                              (p.name == "request_parameters" || p.name == "response_elements") &&
                              utf16_length(java) > kIgnoreAbove;
      if (want_keyword && !over_limit) sink.keyword(field, java);
      if (want_flat && utf16_length(java) < kFlattenedMaxChars) {
        json.clear();
        if (options_.retain == Retain::Minimal) {
          object o;
          if (e->get_object().get(o) != simdjson::SUCCESS) continue;
          json.push_back('{');
          bool first = true;
          for (auto f : o) {
            if (!minimal_keeps(p.name, f.key) || is_pruned(f.value)) continue;
            if (!first) json.push_back(',');
            first = false;
            json.push_back('"');
            json.append(f.key);  // the kept keys need no escaping
            json += "\":";
            append_clean_json(f.value, json);
          }
          json.push_back('}');
          if (first) continue;
        } else {
          append_clean_json(*e, json, skip);
        }
        sink.json(flat_field, json);
      }
    }
  }

  // ---- remaining record fields (§4) ----
  doc.kw("aws.cloudtrail.request_id", doc.text(rec, "requestID"));
  doc.kw("event.id", doc.text(rec, "eventID"));
  doc.kw("aws.cloudtrail.event_type", doc.text(rec, "eventType"));
  doc.kw("aws.cloudtrail.api_version", doc.text(rec, "apiVersion"));
  doc.kw("aws.cloudtrail.management_event", doc.text(rec, "managementEvent"));
  if (auto b = doc.boolean(member(rec, "readOnly"))) sink.boolean("aws.cloudtrail.read_only", *b);
  doc.kw("aws.cloudtrail.recipient_account_id", doc.text(rec, "recipientAccountId"));
  {
    auto shared = doc.text(rec, "sharedEventID");
    if (!shared) shared = doc.text(rec, "sharedEventId");
    doc.kw("aws.cloudtrail.shared_event_id", shared);
  }
  doc.kw("aws.cloudtrail.vpc_endpoint_id", doc.text(rec, "vpcEndpointId"));
  doc.kw("aws.cloudtrail.vpc_endpoint_account_id", doc.text(rec, "vpcEndpointAccountId"));
  doc.kw("aws.cloudtrail.event_category", doc.text(rec, "eventCategory"));
  doc.kw("aws.cloudtrail.session_credential_from_console", doc.text(rec, "sessionCredentialFromConsole"));
  {
    auto add = member_object(rec, "addendum");
    doc.kw("aws.cloudtrail.addendum.reason", doc.text(add, "reason"));
    doc.kw("aws.cloudtrail.addendum.updated_fields", doc.text(add, "updatedFields"));
    doc.kw("aws.cloudtrail.addendum.original_request_id", doc.text(add, "originalRequestID"));
    doc.kw("aws.cloudtrail.addendum.original_event_id", doc.text(add, "originalEventID"));
  }
  doc.json("aws.cloudtrail.flattened.insight_details", member(rec, "insightDetails"));
  doc.kw("file.path", doc.text(rec, "digestS3Object"));
  auto related_hash = write_digest(doc, rec, errors);

  // resources (§9): ARN→arn, accountId→account_id, deduplicated on
  // arn_account_type (last wins), emitted in HashMap order of those keys.
  std::vector<std::string_view> resource_arns;
  if (auto res = member(rec, "resources")) {
    simdjson::dom::array arr;
    if (res->get_array().get(arr) == simdjson::SUCCESS) {
      struct Resource {
        std::optional<std::string_view> arn, account, type;
      };
      std::vector<std::string> keys_owned;
      std::vector<Resource> items;
      for (element e : arr) {
        object o;
        if (e.get_object().get(o) != simdjson::SUCCESS || is_pruned(e)) continue;
        // Keys already in their renamed form are kept as they are.
        Resource r{doc.text(o, "ARN"), doc.text(o, "accountId"), doc.text(o, "type")};
        if (!r.arn) r.arn = doc.text(o, "arn");
        if (!r.account) r.account = doc.text(o, "account_id");
        std::string key = std::string(r.arn.value_or("")) + "_" + std::string(r.account.value_or("")) + "_" +
                          std::string(r.type.value_or(""));
        auto it = std::find(keys_owned.begin(), keys_owned.end(), key);
        if (it != keys_owned.end()) {
          items[static_cast<size_t>(it - keys_owned.begin())] = r;
        } else {
          keys_owned.push_back(std::move(key));
          items.push_back(r);
        }
      }
      std::vector<std::string_view> keys(keys_owned.begin(), keys_owned.end());
      for (size_t i : java_hashmap_order(keys)) {
        doc.kw("aws.cloudtrail.resources.arn", items[i].arn);
        doc.kw("aws.cloudtrail.resources.account_id", items[i].account);
        doc.kw("aws.cloudtrail.resources.type", items[i].type);
        if (items[i].arn) resource_arns.push_back(*items[i].arn);
      }
    }
  }

  // ---- ConsoleLogin extras (§11) ----
  if (event_name == "ConsoleLogin") {
    if (auto v = doc.text(aed, "MobileVersion")) {
      sink.boolean("aws.cloudtrail.console_login.additional_eventdata.mobile_version", *v != "No");
    }
    doc.kw("aws.cloudtrail.console_login.additional_eventdata.login_to", doc.text(aed, "LoginTo"));
    if (auto v = doc.text(aed, "MFAUsed")) {
      sink.boolean("aws.cloudtrail.console_login.additional_eventdata.mfa_used", *v != "No");
    }
  }

  // ---- categorization and outcome (§6, §12) ----
  sink.keyword("event.kind", errors.empty() ? "event" : "pipeline_error");
  if (const Categorization* c = event_name ? categorize(*event_name) : nullptr) {
    sink.keyword("event.category", c->category);
    for (std::string_view t : c->types) {
      if (!t.empty()) sink.keyword("event.type", t);
    }
  } else {
    sink.keyword("event.type", "info");
  }
  {
    std::string outcome = error_code || error_message ? "failure" : "success";
    if (event_name == "ConsoleLogin") {
      if (auto v = doc.text(re, "ConsoleLogin")) {
        outcome.assign(*v);
        for (char& ch : outcome) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      }
    }
    sink.keyword("event.outcome", outcome);
  }

  // ---- TLS (§7.3) ----
  std::optional<std::string_view> server_name;
  if (auto tls = member_object(rec, "tlsDetails")) {
    auto version = doc.text(tls, "tlsVersion");
    if (version != "tlsVersion") {
      if (version) {
        size_t v = version->find('v');
        if (v != std::string_view::npos) {
          std::string proto(version->substr(0, v));
          for (char& ch : proto) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
          if (!proto.empty()) sink.keyword("tls.version_protocol", proto);
          if (v + 1 < version->size()) sink.keyword("tls.version", version->substr(v + 1));
        } else {
          sink.keyword("tls.version", *version);
        }
      }
      doc.kw("tls.cipher", doc.text(tls, "cipherSuite"));
      server_name = doc.text(tls, "clientProvidedHostHeader");
      doc.kw("tls.client.server_name", server_name);
      doc.kw("aws.cloudtrail.tls_details.key_exchange", doc.text(tls, "keyExchange"));
    }
  }

  // ---- group / target user (§10) ----
  auto rp_user_name = doc.text(rp, "userName");
  auto rp_new_user_name = doc.text(rp, "newUserName");
  auto re_user_id = doc.text(member_object(re, "user"), "userId");
  doc.kw("group.id", doc.text(member_object(re, "group"), "groupId"));
  doc.kw("group.name", doc.text(rp, "groupName"));
  doc.kw("user.target.id", re_user_id);
  doc.kw("user.target.name", rp_user_name);
  doc.kw("user.changes.name", rp_new_user_name);

  // ---- related.* (§10) ----
  append_unique(related_user, rp_user_name);
  append_unique(related_user, rp_new_user_name);
  append_unique(related_user, re_user_id);
  if (options_.user_id_from_arn) append_unique(related_user, principal_id);
  append_unique(related_user, user_id);
  append_unique(related_user, user_name);
  append_unique(related_user, obo_user_id);
  for (std::string_view u : related_user) sink.keyword("related.user", u);

  if (source_ip) sink.ip("related.ip", std::string_view(source_ip->data(), 16));
  if (auto sip = doc.text(member_object(rec, "serviceEventDetails"), "sourceIpAddress")) {
    if (auto ip = parse_ip(*sip); ip && (!source_ip || *ip != *source_ip)) {
      sink.ip("related.ip", std::string_view(ip->data(), 16));
    }
  }

  std::vector<std::string_view> hosts;
  constexpr std::string_view kAws = ".amazonaws.com";
  if (server_name && !ends_with(*server_name, kAws)) append_unique(hosts, server_name);
  if (source_address && !source_ip && source_address->find('.') != std::string_view::npos &&
      source_address->find(' ') == std::string_view::npos && !ends_with(*source_address, kAws)) {
    append_unique(hosts, source_address);
  }
  append_unique(hosts, doc.text(rp, "computerName"));
  for (std::string_view arn : resource_arns) {
    if (arn.find(":instance/") == std::string_view::npos) continue;
    std::string_view id = arn.substr(arn.rfind('/') + 1);
    if (is_instance_id(id)) append_unique(hosts, id);
  }
  collect_instance_ids(doc, rp, hosts);
  collect_instance_ids(doc, re, hosts);
  for (std::string_view h : hosts) sink.keyword("related.hosts", h);

  doc.kw("related.hash", related_hash);

  // ---- pipeline-level (§16) ----
  for (const std::string& m : errors) sink.keyword("error.message", m);
  write_tags(sink, options_.tags, !errors.empty());

  sink.end_document();
  return Status::ok_status();
}

}  // namespace trailhound::ecs
