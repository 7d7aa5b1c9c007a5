#include "ecs/cloudtrail_normalizer.h"

#include <algorithm>
#include <array>
#include <bitset>
#include <cctype>
#include <charconv>
#include <cstring>
#include <optional>

#include "common/string_words.h"
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
//
// Descending lookups never test the parent itself: a pruned parent has only
// pruned members, so a leaf read through a pruned parent is absent either way,
// and the (recursive) is_pruned of a whole sub-object is not paid to read one leaf.
std::optional<element> member(std::optional<object> obj, std::string_view key) {
  if (!obj) return std::nullopt;
  element e;
  if (obj->at_key(key).get(e) != simdjson::SUCCESS || is_pruned(e)) return std::nullopt;
  return e;
}

// The object at `key`, pruned or not (see member()), or nullopt.
std::optional<object> member_object(std::optional<object> obj, std::string_view key) {
  if (!obj) return std::nullopt;
  element e;
  object o;
  if (obj->at_key(key).get(e) != simdjson::SUCCESS || e.get_object().get(o) != simdjson::SUCCESS) {
    return std::nullopt;
  }
  return o;
}

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// ---- one-pass key resolution ----
//
// A record's top-level object (and its userIdentity) is walked once; each key
// maps to a slot through a perfect hash over the key names the normalizer reads
// (found at compile time), confirmed by one compare. Every later read is an
// array access instead of a linear at_key() scan over ~25 members.
template <size_t N>
struct KeyTable {
  static constexpr size_t kSize = 512;
  std::array<std::string_view, N> names;
  uint32_t seed = 0;
  std::array<uint8_t, kSize> slot{};  // slot + 1; 0 = no key hashes here

  // A key's length and first and last (up to) 8 bytes (end_words): what it
  // is hashed on, and (with the bytes between for longer keys) what tells it
  // from the name in its slot. CloudTrail's keys differ there ("eventName" /
  // "eventType" in their last bytes).
  struct Words {
    uint64_t head = 0, tail = 0;
    size_t size = 0;
  };
  static constexpr Words words_of(std::string_view k) {
    const EndWords e = end_words(k);
    return Words{e.head, e.tail, k.size()};
  }
  // hash_end_words() mixed with a searched seed.
  static constexpr uint32_t hash(const Words& w, uint32_t seed) {
    return static_cast<uint32_t>(hash_end_words(EndWords{w.head, w.tail}, w.size, uint64_t{seed} << 32)) &
           (kSize - 1);
  }
  std::array<Words, N> words{};
  constexpr explicit KeyTable(std::array<std::string_view, N> n) : names(n) {
    for (size_t i = 0; i < N; ++i) words[i] = words_of(names[i]);
    for (uint32_t s = 1; s < 2000; ++s) {
      std::array<uint8_t, kSize> t{};
      bool ok = true;
      for (size_t i = 0; i < N && ok; ++i) {
        uint32_t h = hash(words[i], s * 0x9e3779b9u);
        if (t[h] != 0) ok = false;
        t[h] = static_cast<uint8_t>(i + 1);
      }
      if (ok) {
        seed = s * 0x9e3779b9u;
        slot = t;
        return;
      }
    }
  }
  int find(std::string_view k) const {
    if (k.empty()) return -1;
    const Words w = words_of(k);
    const int s = slot[hash(w, seed)] - 1;
    if (s < 0) return -1;
    const Words& name = words[static_cast<size_t>(s)];
    if (name.size != w.size || name.head != w.head || name.tail != w.tail) return -1;
    // Up to 16 bytes the two words covered them all.
    return w.size <= 16 || std::memcmp(names[static_cast<size_t>(s)].data() + 8, k.data() + 8, w.size - 16) == 0
               ? s
               : -1;
  }
};

// Top-level keys. The first 21 are the keys Elastic maps onto keyword/boolean
// fields: an object or array there would make Elasticsearch reject the document,
// so we reject the record (checked in this order, first failure reported).
enum K : uint8_t {
  kEventVersion, kEventSource, kEventName, kAwsRegion, kSourceIPAddress, kUserAgent, kErrorCode,
  kErrorMessage, kRequestID, kEventID, kEventType, kApiVersion, kManagementEvent, kReadOnly,
  kRecipientAccountId, kSharedEventID, kSharedEventId, kVpcEndpointId, kVpcEndpointAccountId,
  kEventCategory, kSessionCredentialFromConsole,
  kUserIdentity, kEventTime, kDigestEndTime, kAtTimestamp, kRequestParameters, kResponseElements,
  kAdditionalEventData, kServiceEventDetails, kAwsAccountId, kAddendum, kInsightDetails, kDigestS3Object,
  kResources, kTlsDetails,
  // digest-file keys (§13)
  kDigestS3Bucket, kDigestStartTime, kNewestEventTime, kOldestEventTime, kPreviousDigestS3Bucket,
  kPreviousDigestS3Object, kPreviousDigestHashValue, kPreviousDigestHashAlgorithm, kPreviousDigestSignature,
  kDigestPublicKeyFingerprint, kPublicKeyFingerprint, kDigestSignatureAlgorithm, kLogFiles,
  kTopCount
};
constexpr size_t kScalarKeyCount = kSessionCredentialFromConsole + 1;
constexpr KeyTable<kTopCount> kTopKeys({
    "eventVersion", "eventSource", "eventName", "awsRegion", "sourceIPAddress", "userAgent", "errorCode",
    "errorMessage", "requestID", "eventID", "eventType", "apiVersion", "managementEvent", "readOnly",
    "recipientAccountId", "sharedEventID", "sharedEventId", "vpcEndpointId", "vpcEndpointAccountId",
    "eventCategory", "sessionCredentialFromConsole",
    "userIdentity", "eventTime", "digestEndTime", "@timestamp", "requestParameters", "responseElements",
    "additionalEventData", "serviceEventDetails", "awsAccountId", "addendum", "insightDetails", "digestS3Object",
    "resources", "tlsDetails",
    "digestS3Bucket", "digestStartTime", "newestEventTime", "oldestEventTime", "previousDigestS3Bucket",
    "previousDigestS3Object", "previousDigestHashValue", "previousDigestHashAlgorithm", "previousDigestSignature",
    "digestPublicKeyFingerprint", "publicKeyFingerprint", "digestSignatureAlgorithm", "logFiles"});
static_assert(kTopKeys.seed != 0, "no perfect hash for the top-level keys");
// Keys write_digest() reads: without any of them it has nothing to do.
constexpr uint64_t kDigestMask =
    (((uint64_t{1} << kTopCount) - 1) & ~((uint64_t{1} << kDigestS3Bucket) - 1)) | (uint64_t{1} << kDigestEndTime);

// userIdentity keys; the first 9 must be scalars (validated in this order).
enum U : uint8_t {
  kUType, kUUserName, kUPrincipalId, kUArn, kUAccountId, kUAccessKeyId, kUInvokedBy, kUCredentialId,
  kUIdentityProvider, kUSessionContext, kUOnBehalfOf, kUInScopeOf, kUInvokedByDelegate, kIdentityCount
};
constexpr size_t kIdentityScalarKeyCount = kUIdentityProvider + 1;
constexpr KeyTable<kIdentityCount> kIdentityKeys({"type", "userName", "principalId", "arn", "accountId",
                                                  "accessKeyId", "invokedBy", "credentialId", "identityProvider",
                                                  "sessionContext", "onBehalfOf", "inScopeOf", "invokedByDelegate"});
static_assert(kIdentityKeys.seed != 0, "no perfect hash for the userIdentity keys");

// The members of one object, resolved in one pass. The first occurrence of a
// duplicated key wins, as at_key() returns it. Pruning (the pre-pass) is decided
// lazily per slot: it is recursive for containers and most slots are never read.
template <size_t N>
class Slots {
 public:
  static_assert(N <= 64);
  void resolve(object o, const KeyTable<N>& keys) {
    present_ = checked_ = pruned_ = 0;
    for (auto f : o) {
      int s = keys.find(f.key);
      if (s < 0 || (present_ >> s & 1)) continue;
      present_ |= uint64_t{1} << s;
      e_[static_cast<size_t>(s)] = f.value;
    }
  }
  void clear() { present_ = checked_ = pruned_ = 0; }
  bool raw_present(size_t s) const { return present_ >> s & 1; }
  element raw(size_t s) const { return e_[s]; }
  uint64_t present_mask() const { return present_; }
  // The member at s unless absent or pruned.
  std::optional<element> get(size_t s) {
    if (!(present_ >> s & 1)) return std::nullopt;
    const uint64_t bit = uint64_t{1} << s;
    if (!(checked_ & bit)) {
      checked_ |= bit;
      if (is_pruned(e_[s])) pruned_ |= bit;
    }
    if (pruned_ & bit) return std::nullopt;
    return e_[s];
  }
  // The first of slots [0, scalar_count) holding an object or array that is not
  // pruned (a keyword mapping Elasticsearch would reject), as a located error.
  Status check_scalars(size_t scalar_count, const KeyTable<N>& keys, std::string_view prefix) {
    for (size_t k = 0; k < scalar_count; ++k) {
      if (!raw_present(k)) continue;
      const element e = e_[k];
      if ((e.is_object() || e.is_array()) && get(k)) {
        return Status::invalid_input("CloudTrail record field '" + std::string(prefix) +
                                     std::string(keys.names[k]) + "': expected a scalar, got " + type_name_of(e));
      }
    }
    return Status::ok_status();
  }
  // The raw object at s, pruned or not (see member()).
  std::optional<object> obj(size_t s) const {
    object o;
    if (!(present_ >> s & 1) || e_[s].get_object().get(o) != simdjson::SUCCESS) return std::nullopt;
    return o;
  }

 private:
  uint64_t present_ = 0, checked_ = 0, pruned_ = 0;
  std::array<element, N> e_{};
};

// ---- the fields the normalizer writes, as bit positions ----
#define TH_CT_FIELDS(X)                                                                                        \
  X(timestamp, "@timestamp") X(event_created, "event.created") X(event_ingested, "event.ingested")            \
  X(ds_type, "data_stream.type") X(ds_dataset, "data_stream.dataset") X(ds_namespace, "data_stream.namespace") \
  X(event_dataset, "event.dataset") X(event_module, "event.module") X(ecs_version, "ecs.version")               \
  X(cloud_provider, "cloud.provider") X(event_original, "event.original")                                     \
  X(ui_type, "aws.cloudtrail.user_identity.type") X(ui_arn, "aws.cloudtrail.user_identity.arn")               \
  X(ui_principal_id, "aws.cloudtrail.user_identity.principal_id")                                             \
  X(ui_access_key_id, "aws.cloudtrail.user_identity.access_key_id")                                           \
  X(ui_invoked_by, "aws.cloudtrail.user_identity.invoked_by")                                                 \
  X(ui_ibd_account_id, "aws.cloudtrail.user_identity.invoked_by_delegate.account_id")                        \
  X(ui_credential_id, "aws.cloudtrail.user_identity.credential_id")                                           \
  X(ui_identity_provider, "aws.cloudtrail.user_identity.identity_provider")                                   \
  X(ui_obo_user_id, "aws.cloudtrail.user_identity.on_behalf_of.user_id")                                      \
  X(ui_obo_store_arn, "aws.cloudtrail.user_identity.on_behalf_of.identity_store_arn")                         \
  X(ui_iso_issuer_type, "aws.cloudtrail.user_identity.in_scope_of.issuer_type")                               \
  X(ui_iso_issued_to, "aws.cloudtrail.user_identity.in_scope_of.credentials_issued_to")                       \
  X(ui_iso_source_arn, "aws.cloudtrail.user_identity.in_scope_of.source_arn")                                 \
  X(ui_iso_source_account, "aws.cloudtrail.user_identity.in_scope_of.source_account")                         \
  X(sc_mfa, "aws.cloudtrail.user_identity.session_context.mfa_authenticated")                                 \
  X(sc_creation_date, "aws.cloudtrail.user_identity.session_context.creation_date")                           \
  X(sc_issuer_type, "aws.cloudtrail.user_identity.session_context.session_issuer.type")                       \
  X(sc_issuer_principal_id, "aws.cloudtrail.user_identity.session_context.session_issuer.principal_id")       \
  X(sc_issuer_arn, "aws.cloudtrail.user_identity.session_context.session_issuer.arn")                         \
  X(sc_issuer_account_id, "aws.cloudtrail.user_identity.session_context.session_issuer.account_id")           \
  X(sc_ec2_role_delivery, "aws.cloudtrail.user_identity.session_context.ec2_role_delivery")                   \
  X(sc_source_identity, "aws.cloudtrail.user_identity.session_context.source_identity")                       \
  X(sc_web_provider, "aws.cloudtrail.user_identity.session_context.web_id_federation_data.federated_provider") \
  X(sc_web_attributes, "aws.cloudtrail.user_identity.session_context.web_id_federation_data.attributes")     \
  X(sc_assumed_root, "aws.cloudtrail.user_identity.session_context.assumed_root")                             \
  X(sc_sign_in_session_arn, "aws.cloudtrail.user_identity.session_context.sign_in_session_arn")               \
  X(user_name, "user.name") X(user_id, "user.id") X(user_email, "user.email")                                 \
  X(cloud_account_id, "cloud.account.id") X(event_version, "aws.cloudtrail.event_version")                    \
  X(cloud_service_name, "cloud.service.name") X(event_provider, "event.provider")                             \
  X(event_action, "event.action") X(cloud_region, "cloud.region") X(source_address, "source.address")         \
  X(source_ip, "source.ip") X(ua_original, "user_agent.original") X(ua_name, "user_agent.name")               \
  X(ua_version, "user_agent.version") X(ua_os_name, "user_agent.os.name")                                     \
  X(ua_os_version, "user_agent.os.version") X(ua_os_full, "user_agent.os.full")                               \
  X(ua_device_name, "user_agent.device.name") X(ct_error_code, "aws.cloudtrail.error_code")                   \
  X(ct_error_message, "aws.cloudtrail.error_message")                                                         \
  X(p_request, "aws.cloudtrail.request_parameters")                                                           \
  X(pf_request, "aws.cloudtrail.flattened.request_parameters")                                                \
  X(p_response, "aws.cloudtrail.response_elements")                                                           \
  X(pf_response, "aws.cloudtrail.flattened.response_elements")                                                \
  X(p_aed, "aws.cloudtrail.additional_eventdata")                                                             \
  X(pf_aed, "aws.cloudtrail.flattened.additional_eventdata")                                                  \
  X(p_sed, "aws.cloudtrail.service_event_details")                                                            \
  X(pf_sed, "aws.cloudtrail.flattened.service_event_details")                                                 \
  X(request_id, "aws.cloudtrail.request_id") X(event_id, "event.id")                                          \
  X(event_type_ct, "aws.cloudtrail.event_type") X(api_version, "aws.cloudtrail.api_version")                 \
  X(management_event, "aws.cloudtrail.management_event") X(read_only, "aws.cloudtrail.read_only")             \
  X(recipient_account_id, "aws.cloudtrail.recipient_account_id")                                              \
  X(shared_event_id, "aws.cloudtrail.shared_event_id") X(vpc_endpoint_id, "aws.cloudtrail.vpc_endpoint_id")   \
  X(vpc_endpoint_account_id, "aws.cloudtrail.vpc_endpoint_account_id")                                        \
  X(event_category_ct, "aws.cloudtrail.event_category")                                                       \
  X(session_credential_from_console, "aws.cloudtrail.session_credential_from_console")                       \
  X(addendum_reason, "aws.cloudtrail.addendum.reason")                                                        \
  X(addendum_updated_fields, "aws.cloudtrail.addendum.updated_fields")                                        \
  X(addendum_original_request_id, "aws.cloudtrail.addendum.original_request_id")                              \
  X(addendum_original_event_id, "aws.cloudtrail.addendum.original_event_id")                                  \
  X(flat_insight_details, "aws.cloudtrail.flattened.insight_details") X(file_path, "file.path")              \
  X(flat_digest, "aws.cloudtrail.flattened.digest") X(resources_arn, "aws.cloudtrail.resources.arn")         \
  X(resources_account_id, "aws.cloudtrail.resources.account_id")                                              \
  X(resources_type, "aws.cloudtrail.resources.type")                                                          \
  X(cl_mobile_version, "aws.cloudtrail.console_login.additional_eventdata.mobile_version")                    \
  X(cl_login_to, "aws.cloudtrail.console_login.additional_eventdata.login_to")                                \
  X(cl_mfa_used, "aws.cloudtrail.console_login.additional_eventdata.mfa_used")                                \
  X(event_kind, "event.kind") X(event_category, "event.category") X(event_type, "event.type")                 \
  X(event_outcome, "event.outcome") X(tls_version_protocol, "tls.version_protocol")                           \
  X(tls_version, "tls.version") X(tls_cipher, "tls.cipher") X(tls_server_name, "tls.client.server_name")      \
  X(tls_key_exchange, "aws.cloudtrail.tls_details.key_exchange") X(group_id, "group.id")                      \
  X(group_name, "group.name") X(user_target_id, "user.target.id") X(user_target_name, "user.target.name")     \
  X(user_changes_name, "user.changes.name") X(related_user, "related.user") X(related_ip, "related.ip")       \
  X(related_hosts, "related.hosts") X(related_hash, "related.hash") X(error_message, "error.message")          \
  X(tags, "tags") X(geo_continent_name, "source.geo.continent_name")                                          \
  X(geo_country_iso_code, "source.geo.country_iso_code") X(geo_country_name, "source.geo.country_name")       \
  X(geo_region_iso_code, "source.geo.region_iso_code") X(geo_region_name, "source.geo.region_name")          \
  X(geo_city_name, "source.geo.city_name") X(geo_location, "source.geo.location")                             \
  X(as_number, "source.as.number") X(as_organization_name, "source.as.organization.name")                     \
  X(related_entity, "related.entity") X(actor_entity_id, "actor.entity.id")                                   \
  X(user_entity_id, "user.entity.id") X(service_entity_id, "service.entity.id")                               \
  X(host_entity_id, "host.entity.id") X(entity_id, "entity.id") X(target_entity_id, "target.entity.id")       \
  X(user_target_entity_id, "user.target.entity.id") X(service_target_entity_id, "service.target.entity.id")   \
  X(host_target_entity_id, "host.target.entity.id") X(host_target_id, "host.target.id")                       \
  X(entity_target_id, "entity.target.id")

enum F : uint16_t {
#define TH_X(id, name) id,
  TH_CT_FIELDS(TH_X)
#undef TH_X
  kFieldCount
};
constexpr std::string_view kFieldName[] = {
#define TH_X(id, name) name,
    TH_CT_FIELDS(TH_X)
#undef TH_X
};
#undef TH_CT_FIELDS

using Wanted = std::bitset<kFieldCount>;

Wanted compute_wanted(const FieldSink& sink) {
  Wanted w;
  for (size_t f = 0; f < kFieldCount; ++f) w[f] = sink.wants(kFieldName[f]);
  return w;
}

bool any_of(const Wanted& w, std::initializer_list<F> fields) {
  for (F f : fields) {
    if (w[f]) return true;
  }
  return false;
}

// Renderings that are not a slice of the input (numbers as Java prints them)
// live here until the record is done; the strings are reused across records.
class TextArena {
 public:
  std::string& next() {
    if (used_ == pool_.size()) pool_.push_back(std::make_unique<std::string>());
    std::string& s = *pool_[used_++];
    s.clear();
    return s;
  }
  void reset() { used_ = 0; }

 private:
  std::vector<std::unique_ptr<std::string>> pool_;
  size_t used_ = 0;
};

// Emits values and keeps the bits of state later steps read back. Every write
// is filtered by the wanted bitset: the sink sees only the fields it reads.
class Doc {
 public:
  Doc(FieldSink& sink, const Wanted& wanted, TextArena& arena, std::string& buf)
      : sink_(sink), w_(wanted), arena_(arena), buf_(buf) {}

  bool on(F f) const { return w_[f]; }

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
        std::string& s = arena_.next();
        append_java_string(*e, s);
        return std::string_view(s);
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

  void kw(F f, std::optional<std::string_view> v) {
    if (v && w_[f]) sink_.keyword(kFieldName[f], *v);
  }
  void boolean(F f, bool v) {
    if (w_[f]) sink_.boolean(kFieldName[f], v);
  }
  void datetime(F f, int64_t ms) {
    if (w_[f]) sink_.datetime(kFieldName[f], ms);
  }
  void ip(F f, const Ip16& ip) {
    if (w_[f]) sink_.ip(kFieldName[f], std::string_view(ip.data(), ip.size()));
  }
  void json(F f, std::optional<element> e) {
    if (!e || !w_[f]) return;
    buf_.clear();
    append_clean_json(*e, buf_);
    sink_.json(kFieldName[f], buf_);
  }

  FieldSink& sink() { return sink_; }

 private:
  FieldSink& sink_;
  const Wanted& w_;
  TextArena& arena_;
  std::string& buf_;
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
std::optional<std::string_view> write_digest(Doc& doc, Slots<kTopCount>& rec, std::vector<std::string>& errors,
                                             std::string& json) {
  struct Key {
    K source;
    std::string_view target;
    bool date;
  };
  static constexpr Key kKeys[] = {
      {kDigestS3Bucket, "s3_bucket", false},
      {kDigestStartTime, "start_time", true},
      {kDigestEndTime, "end_time", true},
      {kNewestEventTime, "newest_event_time", true},
      {kOldestEventTime, "oldest_event_time", true},
      {kPreviousDigestS3Bucket, "previous_s3_bucket", false},
      {kPreviousDigestS3Object, "previous_s3_object", false},
      {kPreviousDigestHashValue, "previous_hash_value", false},
      {kPreviousDigestHashAlgorithm, "previous_hash_algorithm", false},
      {kPreviousDigestSignature, "previous_signature", false},
      {kDigestPublicKeyFingerprint, "public_key_fingerprint", false},
      {kPublicKeyFingerprint, "public_key_fingerprint", false},  // legacy spelling, if the new one is absent
      {kDigestSignatureAlgorithm, "signature_algorithm", false},
      {kLogFiles, "log_files", false},
  };
  json.assign("{");
  bool any = false, have_fingerprint = false;
  for (const Key& k : kKeys) {
    auto e = rec.get(k.source);
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
  if (any && doc.on(F::flat_digest)) doc.sink().json(kFieldName[F::flat_digest], json);
  return doc.text(rec.get(kPreviousDigestHashValue));
}

bool has_tag(const std::vector<std::string>& tags, std::string_view tag) {
  return std::find(tags.begin(), tags.end(), tag) != tags.end();
}

}  // namespace

std::array<ConstantField, 5> cloudtrail_constant_fields(const CloudTrailNormalizerOptions& o) {
  return {{{"data_stream.type", "logs"},
           {"data_stream.dataset", "aws.cloudtrail"},
           {"data_stream.namespace", o.data_stream_namespace},
           {"event.dataset", "aws.cloudtrail"},
           {"event.module", "aws"}}};
}

namespace {

// Fields the agent / Fleet add around the pipeline (§1).
void write_agent_fields(FieldSink& sink, const CloudTrailNormalizerOptions& o, int64_t timestamp) {
  sink.datetime("@timestamp", timestamp);
  if (o.read_time_millis) sink.datetime("event.created", *o.read_time_millis);
  if (o.event_ingested_millis) {
    sink.datetime("event.ingested", *o.event_ingested_millis);
  } else if (o.event_ingested_from_event_time) {
    sink.datetime("event.ingested", timestamp);
  }
  for (const auto& [field, value] : cloudtrail_constant_fields(o)) sink.keyword(field, value);
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

struct CloudTrailNormalizer::State {
  // Wanted-field bitsets of the sinks seen, by field_set_id() (a worker sees a
  // few: one per combination of queries that may keep a record); `adhoc` for
  // sinks without an id, recomputed per record.
  std::vector<std::pair<uint64_t, Wanted>> by_id;
  size_t last = 0;  // consecutive records mostly share a set
  Wanted adhoc;
  TextArena arena;
  Slots<kTopCount> top;
  Slots<kIdentityCount> identity;
  std::string buf, java, json, digest, outcome;
  std::vector<std::string_view> related_user, hosts, resource_arns;

  const Wanted& wanted(const FieldSink& sink) {
    const uint64_t id = sink.field_set_id();
    if (id == 0) {
      adhoc = compute_wanted(sink);
      return adhoc;
    }
    if (last < by_id.size() && by_id[last].first == id) return by_id[last].second;
    for (last = 0; last < by_id.size(); ++last) {
      if (by_id[last].first == id) return by_id[last].second;
    }
    if (by_id.size() >= 256) by_id.clear();  // ids are never reused: forgetting is safe
    by_id.emplace_back(id, compute_wanted(sink));
    last = by_id.size() - 1;
    return by_id.back().second;
  }
};

CloudTrailNormalizer::~CloudTrailNormalizer() = default;
CloudTrailNormalizer::CloudTrailNormalizer(CloudTrailNormalizer&&) noexcept = default;

CloudTrailNormalizer::CloudTrailNormalizer(std::shared_ptr<const UserAgentParser> ua,
                                           CloudTrailNormalizerOptions options)
    : options_(std::move(options)), state_(std::make_unique<State>()) {
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
  pipeline_errors_.assign(1, std::string(error));
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
  pipeline_errors_.clear();
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
  pipeline_errors_.clear();
  State& st = *state_;
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
  Slots<kTopCount>& top = st.top;
  top.resolve(rec, kTopKeys);
  if (Status st = top.check_scalars(kScalarKeyCount, kTopKeys, ""); !st.ok()) return st;
  Slots<kIdentityCount>& ident = st.identity;
  ident.clear();
  if (top.raw_present(kUserIdentity)) {
    element e = top.raw(kUserIdentity);
    object o;
    if (e.get_object().get(o) == simdjson::SUCCESS) {
      // A pruned userIdentity has only pruned members: resolving it anyway
      // reads every member as absent, so its own (recursive) check is skipped.
      ident.resolve(o, kIdentityKeys);
      if (Status st = ident.check_scalars(kIdentityScalarKeyCount, kIdentityKeys, "userIdentity.");
          !st.ok())
        return st;
    } else if (top.get(kUserIdentity)) {
      return Status::invalid_input(std::string("CloudTrail record field 'userIdentity': expected an object, got ") +
                                   type_name_of(e));
    }
  }
  int64_t timestamp = 0;
  std::vector<std::string> errors;  // error.message entries (pipeline_error)
  {
    auto et = top.get(kEventTime);
    std::string_view field = "eventTime";
    if (!et) {
      // Digest files carry no eventTime; their @timestamp is digestEndTime (§13).
      et = top.get(kDigestEndTime);
      field = "digestEndTime";
    }
    if (!et) {
      // Records re-shipped through Logstash (e.g. the OTRF data sets) lost
      // eventTime to the event's own `@timestamp`; it is the same instant.
      et = top.get(kAtTimestamp);
      field = "@timestamp";
    }
    if (!et) {
      // Elastic keeps the agent's read time as @timestamp, without an error.
      if (!options_.read_time_millis) return Status::invalid_input("CloudTrail record: missing eventTime");
      timestamp = *options_.read_time_millis;
    } else {
      std::string_view s;
      std::optional<int64_t> ms;
      if (et->get_string().get(s) == simdjson::SUCCESS) ms = parse_iso8601_millis(s);
      if (ms) {
        timestamp = *ms;
      } else if (options_.read_time_millis) {
        // The date processor fails: the value is dropped, an error appended, and
        // @timestamp stays the read time (§3). It parses value.toString().
        std::string text;
        if (s.data() != nullptr) {
          text.assign(s);
        } else {
          append_java_string(*et, text);
        }
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

  const Wanted& w = st.wanted(sink);
  st.arena.reset();
  Doc doc(sink, w, st.arena, st.buf);
  // error.message entries change event.kind, error.message and tags: the steps
  // that can add one run whenever any of those is read, whatever else is.
  const bool errors_read = any_of(w, {F::event_kind, F::error_message, F::tags});
  sink.begin_document();

  // ---- agent-level constants (§1) ----
  doc.datetime(F::timestamp, timestamp);
  if (options_.read_time_millis) doc.datetime(F::event_created, *options_.read_time_millis);
  if (options_.event_ingested_millis) {
    doc.datetime(F::event_ingested, *options_.event_ingested_millis);
  } else if (options_.event_ingested_from_event_time) {
    doc.datetime(F::event_ingested, timestamp);
  }
  doc.kw(F::ds_type, "logs");
  doc.kw(F::ds_dataset, "aws.cloudtrail");
  doc.kw(F::ds_namespace, options_.data_stream_namespace);
  doc.kw(F::event_dataset, "aws.cloudtrail");
  doc.kw(F::event_module, "aws");
  doc.kw(F::ecs_version, "8.11.0");
  doc.kw(F::cloud_provider, "aws");
  if (doc.on(F::event_original)) {
    if (!original.empty()) {
      sink.keyword(kFieldName[F::event_original], original);
    } else {
      std::string minified = simdjson::minify(record);
      sink.keyword(kFieldName[F::event_original], minified);
    }
  }

  // ---- entity enrichment (§14): runs before any rename, on the raw record ----
  if (has_tag(options_.tags, "actor_target_mapping") && top.get(kEventName)) {
    // A failing entity script changes event.kind / error.message / tags, so it
    // runs when those are read too.
    if (errors_read ||
        any_of(w, {F::related_entity, F::actor_entity_id, F::user_entity_id, F::service_entity_id,
                   F::host_entity_id, F::entity_id, F::target_entity_id, F::user_target_entity_id,
                   F::service_target_entity_id, F::host_target_entity_id, F::host_target_id,
                   F::entity_target_id})) {
      EntityOptions eo;
      eo.host_target_id = options_.host_target_id;
      EntityFields entities = enrich_entities(rec, eo);
      if (!entities.failure.empty()) errors.insert(errors.begin(), entities.failure);
      write_entities(sink, entities);
    }
  }

  const auto rp = top.obj(kRequestParameters);
  const auto re = top.obj(kResponseElements);
  const auto aed = top.obj(kAdditionalEventData);
  const auto event_name = doc.text(top.get(kEventName));

  // ---- userIdentity (§5) ----
  const auto ui_type = doc.text(ident.get(kUType));
  const auto ui_arn = doc.text(ident.get(kUArn));
  const auto principal_id = doc.text(ident.get(kUPrincipalId));
  const auto sc = ident.obj(kUSessionContext);
  const auto issuer = member_object(sc, "sessionIssuer");
  const auto on_behalf = ident.obj(kUOnBehalfOf);
  const auto obo_user_id = doc.text(on_behalf, "userId");

  doc.kw(F::ui_type, ui_type);
  doc.kw(F::ui_arn, ui_arn);
  if (options_.user_id_from_arn) doc.kw(F::ui_principal_id, principal_id);
  if (doc.on(F::ui_access_key_id)) doc.kw(F::ui_access_key_id, doc.text(ident.get(kUAccessKeyId)));
  if (doc.on(F::ui_invoked_by)) doc.kw(F::ui_invoked_by, doc.text(ident.get(kUInvokedBy)));
  if (doc.on(F::ui_ibd_account_id)) {
    doc.kw(F::ui_ibd_account_id, doc.text(ident.obj(kUInvokedByDelegate), "accountId"));
  }
  if (doc.on(F::ui_credential_id)) doc.kw(F::ui_credential_id, doc.text(ident.get(kUCredentialId)));
  if (doc.on(F::ui_identity_provider)) doc.kw(F::ui_identity_provider, doc.text(ident.get(kUIdentityProvider)));
  doc.kw(F::ui_obo_user_id, obo_user_id);
  if (doc.on(F::ui_obo_store_arn)) doc.kw(F::ui_obo_store_arn, doc.text(on_behalf, "identityStoreArn"));
  if (any_of(w, {F::ui_iso_issuer_type, F::ui_iso_issued_to, F::ui_iso_source_arn, F::ui_iso_source_account})) {
    auto scope = ident.obj(kUInScopeOf);
    doc.kw(F::ui_iso_issuer_type, doc.text(scope, "issuerType"));
    doc.kw(F::ui_iso_issued_to, doc.text(scope, "credentialsIssuedTo"));
    doc.kw(F::ui_iso_source_arn, doc.text(scope, "sourceArn"));
    doc.kw(F::ui_iso_source_account, doc.text(scope, "sourceAccount"));
  }
  if (sc) {
    const auto attrs = member_object(sc, "attributes");
    if (doc.on(F::sc_mfa)) doc.kw(F::sc_mfa, doc.text(attrs, "mfaAuthenticated"));
    if (errors_read || doc.on(F::sc_creation_date)) {
      if (auto cd = doc.text(attrs, "creationDate")) {
        auto ms = parse_iso8601_millis(*cd);
        if (!ms) ms = parse_basic_date_time_millis(*cd);
        if (ms) {
          doc.datetime(F::sc_creation_date, *ms);
        } else {
          errors.push_back("unable to parse date [" + std::string(*cd) + "]");
        }
      }
    }
  }
  std::optional<std::string_view> issuer_arn;
  if (issuer) {
    issuer_arn = doc.text(issuer, "arn");
    if (doc.on(F::sc_issuer_type)) doc.kw(F::sc_issuer_type, doc.text(issuer, "type"));
    if (doc.on(F::sc_issuer_principal_id)) doc.kw(F::sc_issuer_principal_id, doc.text(issuer, "principalId"));
    doc.kw(F::sc_issuer_arn, issuer_arn);
    if (doc.on(F::sc_issuer_account_id)) doc.kw(F::sc_issuer_account_id, doc.text(issuer, "accountId"));
  }
  if (sc && any_of(w, {F::sc_ec2_role_delivery, F::sc_source_identity, F::sc_web_provider, F::sc_web_attributes,
                       F::sc_assumed_root, F::sc_sign_in_session_arn})) {
    doc.kw(F::sc_ec2_role_delivery, doc.text(sc, "ec2RoleDelivery"));
    doc.kw(F::sc_source_identity, doc.text(sc, "sourceIdentity"));
    {
      auto web = member_object(sc, "webIdFederationData");
      doc.kw(F::sc_web_provider, doc.text(web, "federatedProvider"));
      doc.json(F::sc_web_attributes, member(web, "attributes"));
    }
    if (auto b = doc.boolean(member(sc, "assumedRoot"))) doc.boolean(F::sc_assumed_root, *b);
    doc.kw(F::sc_sign_in_session_arn, doc.text(sc, "signInSessionArn"));
  }

  // user.name / user.id / user.email (§5.2), in the pipeline's step order. The
  // additionalEventData payload depends on it too (UserName may be moved out).
  std::optional<std::string_view> user_name, user_id, user_email;
  std::vector<std::string_view>& related_user = st.related_user;
  related_user.clear();
  std::string_view aed_skip;
  if (any_of(w, {F::user_name, F::user_id, F::user_email, F::related_user, F::p_aed, F::pf_aed})) {
    user_name = doc.text(ident.get(kUUserName));
    user_id = principal_id;
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
    doc.kw(F::user_name, user_name);
    doc.kw(F::user_id, user_id);
    doc.kw(F::user_email, user_email);
  }

  // cloud.account.id (§5.3): caller's account, then recipient, then digest account.
  if (doc.on(F::cloud_account_id)) {
    auto account = doc.text(ident.get(kUAccountId));
    if (!account) account = doc.text(top.get(kRecipientAccountId));
    if (!account) account = doc.text(top.get(kAwsAccountId));
    doc.kw(F::cloud_account_id, account);
  }

  // ---- top-level fields (§4) ----
  if (doc.on(F::event_version)) doc.kw(F::event_version, doc.text(top.get(kEventVersion)));
  if (doc.on(F::cloud_service_name) || doc.on(F::event_provider)) {
    if (auto src = doc.text(top.get(kEventSource))) {
      constexpr std::string_view kSuffix = ".amazonaws.com";
      if (ends_with(*src, kSuffix) && src->size() > kSuffix.size()) {
        doc.kw(F::cloud_service_name, src->substr(0, src->find(kSuffix)));
      }
      doc.kw(F::event_provider, *src);
    }
  }
  doc.kw(F::event_action, event_name);
  if (doc.on(F::cloud_region)) doc.kw(F::cloud_region, doc.text(top.get(kAwsRegion)));

  const bool geo_read =
      options_.geoip && any_of(w, {F::geo_continent_name, F::geo_country_iso_code, F::geo_country_name,
                                   F::geo_region_iso_code, F::geo_region_name, F::geo_city_name, F::geo_location,
                                   F::as_number, F::as_organization_name});
  std::optional<std::string_view> source_address;
  std::optional<Ip16> source_ip;
  if (geo_read || any_of(w, {F::source_address, F::source_ip, F::related_ip, F::related_hosts})) {
    source_address = doc.text(top.get(kSourceIPAddress));
    if (source_address) {
      doc.kw(F::source_address, *source_address);
      source_ip = parse_ip(*source_address);
      if (source_ip) doc.ip(F::source_ip, *source_ip);
      if (source_ip && geo_read) write_geo(*options_.geoip, std::string_view(source_ip->data(), 16), sink);
    }
  }

  if (any_of(w, {F::ua_original, F::ua_name, F::ua_version, F::ua_os_name, F::ua_os_version, F::ua_os_full,
                 F::ua_device_name})) {
    if (auto ua = doc.text(top.get(kUserAgent))) {
      doc.kw(F::ua_original, *ua);
      if (ua_cache_ && any_of(w, {F::ua_name, F::ua_version, F::ua_os_name, F::ua_os_version, F::ua_os_full,
                                  F::ua_device_name})) {
        // Only the uap-core lists the wanted fields need are compiled and run.
        unsigned parts = 0;
        if (any_of(w, {F::ua_name, F::ua_version})) parts |= UserAgentParser::kName;
        if (any_of(w, {F::ua_os_name, F::ua_os_version, F::ua_os_full})) parts |= UserAgentParser::kOs;
        if (doc.on(F::ua_device_name)) parts |= UserAgentParser::kDevice;
        const UserAgentInfo& info = ua_cache_->lookup(*ua, parts);
        doc.kw(F::ua_name, info.name);
        if (info.version) doc.kw(F::ua_version, *info.version);
        if (info.os_name) doc.kw(F::ua_os_name, *info.os_name);
        if (info.os_version) doc.kw(F::ua_os_version, *info.os_version);
        if (info.os_full) doc.kw(F::ua_os_full, *info.os_full);
        doc.kw(F::ua_device_name, info.device_name);
      }
    }
  }

  const auto error_code = doc.text(top.get(kErrorCode));
  const auto error_message = doc.text(top.get(kErrorMessage));
  doc.kw(F::ct_error_code, error_code);
  doc.kw(F::ct_error_message, error_message);

  // ---- payloads (§8) ----
  {
    struct Payload {
      K slot;
      std::string_view name;  // suffix of aws.cloudtrail.<name> / aws.cloudtrail.flattened.<name>
      F keyword, flattened;
    };
    static constexpr Payload kPayloads[] = {
        {kRequestParameters, "request_parameters", F::p_request, F::pf_request},
        {kResponseElements, "response_elements", F::p_response, F::pf_response},
        {kAdditionalEventData, "additional_eventdata", F::p_aed, F::pf_aed},
        {kServiceEventDetails, "service_event_details", F::p_sed, F::pf_sed}};
    const bool keep_keyword = options_.retain == Retain::All || options_.retain == Retain::Keyword ||
                              options_.retain == Retain::Minimal;
    const bool keep_flattened = options_.retain == Retain::All || options_.retain == Retain::Flattened ||
                                options_.retain == Retain::Minimal;
    std::string& java = st.java;
    std::string& json = st.json;
    for (const Payload& p : kPayloads) {
      const bool want_keyword = keep_keyword && doc.on(p.keyword);
      const bool want_flat = keep_flattened && doc.on(p.flattened);
      if (!want_keyword && !want_flat) continue;
      auto e = top.get(p.slot);
      if (!e) continue;
      std::string_view skip = p.slot == kAdditionalEventData ? aed_skip : std::string_view{};
      if (!skip.empty()) {
        object o = e->get_object().value_unsafe();
        bool any_left = false;
        for (auto f : o) any_left |= f.key != skip && !is_pruned(f.value);
        if (!any_left) continue;
      }
      java.clear();
      append_java_string(*e, java, skip);
      // ignore_above: 8191 (request_parameters / response_elements only).
      const bool over_limit = options_.apply_ignore_above &&
                              (p.slot == kRequestParameters || p.slot == kResponseElements) &&
                              utf16_length(java) > kIgnoreAbove;
      if (want_keyword && !over_limit) sink.keyword(kFieldName[p.keyword], java);
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
        sink.json(kFieldName[p.flattened], json);
      }
    }
  }

  // ---- remaining record fields (§4) ----
  struct Plain {
    F field;
    K slot;
  };
  static constexpr Plain kPlain[] = {{F::request_id, kRequestID},
                                     {F::event_id, kEventID},
                                     {F::event_type_ct, kEventType},
                                     {F::api_version, kApiVersion},
                                     {F::management_event, kManagementEvent}};
  for (const Plain& p : kPlain) {
    if (doc.on(p.field)) doc.kw(p.field, doc.text(top.get(p.slot)));
  }
  if (doc.on(F::read_only)) {
    if (auto b = doc.boolean(top.get(kReadOnly))) doc.boolean(F::read_only, *b);
  }
  if (doc.on(F::recipient_account_id)) doc.kw(F::recipient_account_id, doc.text(top.get(kRecipientAccountId)));
  if (doc.on(F::shared_event_id)) {
    auto shared = doc.text(top.get(kSharedEventID));
    if (!shared) shared = doc.text(top.get(kSharedEventId));
    doc.kw(F::shared_event_id, shared);
  }
  static constexpr Plain kPlain2[] = {{F::vpc_endpoint_id, kVpcEndpointId},
                                      {F::vpc_endpoint_account_id, kVpcEndpointAccountId},
                                      {F::event_category_ct, kEventCategory},
                                      {F::session_credential_from_console, kSessionCredentialFromConsole}};
  for (const Plain& p : kPlain2) {
    if (doc.on(p.field)) doc.kw(p.field, doc.text(top.get(p.slot)));
  }
  if (any_of(w, {F::addendum_reason, F::addendum_updated_fields, F::addendum_original_request_id,
                 F::addendum_original_event_id})) {
    auto add = top.obj(kAddendum);
    doc.kw(F::addendum_reason, doc.text(add, "reason"));
    doc.kw(F::addendum_updated_fields, doc.text(add, "updatedFields"));
    doc.kw(F::addendum_original_request_id, doc.text(add, "originalRequestID"));
    doc.kw(F::addendum_original_event_id, doc.text(add, "originalEventID"));
  }
  if (doc.on(F::flat_insight_details)) doc.json(F::flat_insight_details, top.get(kInsightDetails));
  if (doc.on(F::file_path)) doc.kw(F::file_path, doc.text(top.get(kDigestS3Object)));
  std::optional<std::string_view> related_hash;
  if (top.present_mask() & kDigestMask) related_hash = write_digest(doc, top, errors, st.digest);

  // resources (§9): ARN→arn, accountId→account_id, deduplicated on
  // arn_account_type (last wins), emitted in HashMap order of those keys.
  std::vector<std::string_view>& resource_arns = st.resource_arns;
  resource_arns.clear();
  if (any_of(w, {F::resources_arn, F::resources_account_id, F::resources_type, F::related_hosts})) {
    if (auto res = top.get(kResources)) {
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
          doc.kw(F::resources_arn, items[i].arn);
          doc.kw(F::resources_account_id, items[i].account);
          doc.kw(F::resources_type, items[i].type);
          if (items[i].arn) resource_arns.push_back(*items[i].arn);
        }
      }
    }
  }

  // ---- ConsoleLogin extras (§11) ----
  if (event_name == "ConsoleLogin") {
    if (auto v = doc.text(aed, "MobileVersion")) doc.boolean(F::cl_mobile_version, *v != "No");
    doc.kw(F::cl_login_to, doc.text(aed, "LoginTo"));
    if (auto v = doc.text(aed, "MFAUsed")) doc.boolean(F::cl_mfa_used, *v != "No");
  }

  // ---- categorization and outcome (§6, §12) ----
  doc.kw(F::event_kind, errors.empty() ? "event" : "pipeline_error");
  if (doc.on(F::event_category) || doc.on(F::event_type)) {
    if (const Categorization* c = event_name ? categorize(*event_name) : nullptr) {
      doc.kw(F::event_category, c->category);
      for (std::string_view t : c->types) {
        if (!t.empty()) doc.kw(F::event_type, t);
      }
    } else {
      doc.kw(F::event_type, "info");
    }
  }
  if (doc.on(F::event_outcome)) {
    std::string& outcome = st.outcome;
    outcome.assign(error_code || error_message ? "failure" : "success");
    if (event_name == "ConsoleLogin") {
      if (auto v = doc.text(re, "ConsoleLogin")) {
        outcome.assign(*v);
        for (char& ch : outcome) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      }
    }
    doc.kw(F::event_outcome, outcome);
  }

  // ---- TLS (§7.3) ----
  std::optional<std::string_view> server_name;
  if (any_of(w, {F::tls_version_protocol, F::tls_version, F::tls_cipher, F::tls_server_name, F::tls_key_exchange,
                 F::related_hosts})) {
    if (auto tls = top.obj(kTlsDetails)) {
      auto version = doc.text(tls, "tlsVersion");
      if (version != "tlsVersion") {
        if (version) {
          size_t v = version->find('v');
          if (v != std::string_view::npos) {
            if (doc.on(F::tls_version_protocol)) {
              std::string& proto = st.outcome;
              proto.assign(version->substr(0, v));
              for (char& ch : proto) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
              if (!proto.empty()) doc.kw(F::tls_version_protocol, proto);
            }
            if (v + 1 < version->size()) doc.kw(F::tls_version, version->substr(v + 1));
          } else {
            doc.kw(F::tls_version, *version);
          }
        }
        if (doc.on(F::tls_cipher)) doc.kw(F::tls_cipher, doc.text(tls, "cipherSuite"));
        server_name = doc.text(tls, "clientProvidedHostHeader");
        doc.kw(F::tls_server_name, server_name);
        if (doc.on(F::tls_key_exchange)) doc.kw(F::tls_key_exchange, doc.text(tls, "keyExchange"));
      }
    }
  }

  // ---- group / target user (§10) ----
  const bool read_related_user = doc.on(F::related_user);
  std::optional<std::string_view> rp_user_name, rp_new_user_name, re_user_id;
  if (read_related_user || doc.on(F::user_target_name)) rp_user_name = doc.text(rp, "userName");
  if (read_related_user || doc.on(F::user_changes_name)) rp_new_user_name = doc.text(rp, "newUserName");
  if (read_related_user || doc.on(F::user_target_id)) re_user_id = doc.text(member_object(re, "user"), "userId");
  if (doc.on(F::group_id)) doc.kw(F::group_id, doc.text(member_object(re, "group"), "groupId"));
  if (doc.on(F::group_name)) doc.kw(F::group_name, doc.text(rp, "groupName"));
  doc.kw(F::user_target_id, re_user_id);
  doc.kw(F::user_target_name, rp_user_name);
  doc.kw(F::user_changes_name, rp_new_user_name);

  // ---- related.* (§10) ----
  if (read_related_user) {
    append_unique(related_user, rp_user_name);
    append_unique(related_user, rp_new_user_name);
    append_unique(related_user, re_user_id);
    if (options_.user_id_from_arn) append_unique(related_user, principal_id);
    append_unique(related_user, user_id);
    append_unique(related_user, user_name);
    append_unique(related_user, obo_user_id);
    for (std::string_view u : related_user) doc.kw(F::related_user, u);
  }

  if (doc.on(F::related_ip)) {
    if (source_ip) doc.ip(F::related_ip, *source_ip);
    if (auto sip = doc.text(top.obj(kServiceEventDetails), "sourceIpAddress")) {
      if (auto ip = parse_ip(*sip); ip && (!source_ip || *ip != *source_ip)) doc.ip(F::related_ip, *ip);
    }
  }

  if (doc.on(F::related_hosts)) {
    std::vector<std::string_view>& hosts = st.hosts;
    hosts.clear();
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
    for (std::string_view h : hosts) doc.kw(F::related_hosts, h);
  }

  doc.kw(F::related_hash, related_hash);

  // ---- pipeline-level (§16) ----
  for (const std::string& m : errors) doc.kw(F::error_message, m);
  if (doc.on(F::tags)) write_tags(sink, options_.tags, !errors.empty());

  sink.end_document();
  pipeline_errors_ = std::move(errors);
  return Status::ok_status();
}

}  // namespace trailhound::ecs
