// Where the CloudTrail→ECS normalizer writes a document's fields.
//
// Contract:
// - The normalizer calls begin_document(), then one call per field value, then
//   end_document(). A multi-valued field gets several calls with the same name,
//   in value order. A field never called is absent (null).
// - Field names are full dotted ECS names ("aws.cloudtrail.user_identity.arn").
// - wants(name) lets the normalizer skip work nobody will read (projection):
//   the engine's sink wants only the fields the loaded rules reference; the
//   `normalize` command's sink wants everything. The normalizer must ask before
//   costly derivations (user-agent parsing, GeoIP, flattening).
// - field_set_id(): a sink whose wants() answers never change may return a
//   non-zero id from new_field_set_id(); sinks returning the same id promise the
//   same answers. The normalizer then asks wants() once per id (it caches the
//   answers as a bitset) instead of once per field per record. 0 = no promise:
//   wants() is asked on every record.
// - json() carries an object or array value verbatim (minified JSON text), for
//   fields Elasticsearch keeps as objects (e.g. the flattened request parameters).
#pragma once

#include <atomic>
#include <cstdint>
#include <string_view>

namespace trailhound::ecs {

class FieldSink {
 public:
  virtual ~FieldSink() = default;
  virtual bool wants(std::string_view field) const = 0;
  virtual uint64_t field_set_id() const { return 0; }
  virtual void begin_document() = 0;
  virtual void keyword(std::string_view field, std::string_view value) = 0;
  virtual void long_value(std::string_view field, int64_t value) = 0;
  virtual void double_value(std::string_view field, double value) = 0;
  virtual void boolean(std::string_view field, bool value) = 0;
  virtual void datetime(std::string_view field, int64_t epoch_millis) = 0;
  // `ip16` is the 16-byte address (IPv4 mapped into ::ffff:0:0/96).
  virtual void ip(std::string_view field, std::string_view ip16) = 0;
  virtual void json(std::string_view field, std::string_view minified_json) = 0;
  virtual void end_document() = 0;
};

// A process-wide unique, non-zero id for a fixed set of wanted fields.
inline uint64_t new_field_set_id() {
  static std::atomic<uint64_t> next{1};
  return next.fetch_add(1, std::memory_order_relaxed);
}

}  // namespace trailhound::ecs
