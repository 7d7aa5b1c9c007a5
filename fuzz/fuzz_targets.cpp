#include "fuzz/fuzz_targets.h"

#include <simdjson.h>

#include <sstream>
#include <string>

#include "ecs/cloudtrail_normalizer.h"
#include "ecs/cloudtrail_schema.h"
#include "esql/parser.h"
#include "esql/prepared_query.h"
#include "exec/batch_builder.h"
#include "ingest/error_reporter.h"
#include "ingest/gzip_inflater.h"
#include "ingest/padded_buffer.h"
#include "ingest/record_splitter.h"
#include "pipeline/nested_json_sink.h"

namespace trailhound::fuzz {

bool esql_query(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = esql::parse_query(text);
  if (!parsed.ok()) return false;
  static const Catalog* catalog = [] {
    auto* c = new Catalog();
    c->add_index("logs-aws.cloudtrail-default", ecs::cloudtrail_schema());
    return c;
  }();
  QueryOptions options;
  options.now_millis = 1735689600000;  // fixed: runs are reproducible
  auto prepared = prepare(parsed.value(), *catalog, options);
  if (!prepared.ok()) return true;
  // Only queries without a source run: FROM needs data, which other targets feed.
  if (!prepared.value()->source_indices().empty()) return true;
  auto run = prepared.value()->start();
  auto result = run->finish();
  (void)result;
  return true;
}

namespace {

class NormalizingConsumer : public ingest::RecordConsumer {
 public:
  NormalizingConsumer() : builder_(cloudtrail_fields()), json_sink_(json_) {
    ecs::CloudTrailNormalizerOptions o;
    o.read_time_millis = 1735689600000;
    normalizer_ = std::make_unique<ecs::CloudTrailNormalizer>(nullptr, o);
  }
  void on_record(simdjson::dom::element record, const ingest::RecordLocation&) override {
    const bool ok = normalizer_->normalize(record, builder_).ok();
    (void)normalizer_->normalize(record, json_sink_);
    json_.clear();
    normalized_ += ok;
  }
  size_t normalized() const { return normalized_; }

 private:
  static std::vector<SchemaField> cloudtrail_fields() { return ecs::cloudtrail_schema().fields(); }
  BatchBuilder builder_;
  std::string json_;
  pipeline::NestedJsonSink json_sink_;
  std::unique_ptr<ecs::CloudTrailNormalizer> normalizer_;
  size_t normalized_ = 0;
};

}  // namespace

size_t cloudtrail_file(const uint8_t* data, size_t size) {
  ingest::PaddedBuffer text;
  bool truncated = false;
  if (ingest::is_gzip(reinterpret_cast<const char*>(data), size)) {
    ingest::GzipInflater inflater;
    Status st = inflater.inflate(std::span<const uint8_t>(data, size), text, &truncated);
    (void)st;
  } else {
    text.assign(reinterpret_cast<const char*>(data), size);
  }
  text.seal();
  std::ostringstream sink;
  ingest::ErrorReporter errors(&sink, 10);
  simdjson::dom::parser parser;
  NormalizingConsumer consumer;
  ingest::split_records(std::string_view(text.data(), text.size()), "fuzz-input", truncated, parser,
                        consumer, errors);
  return consumer.normalized();
}

}  // namespace trailhound::fuzz
