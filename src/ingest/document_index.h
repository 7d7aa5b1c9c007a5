// Generic document indices for `trailhound query ... INDEX=PATH`: documents
// (NDJSON, a JSON array, or a Records object; plain or gzip; a file or a
// directory) flattened into a FieldSink, and a schema inferred from them when
// no Elasticsearch mapping is given.
//
// Contract:
// - load_documents() reads with the normal record reader on one thread, so
//   documents reach the sink in file order; each becomes begin_document(),
//   its flattened fields (see json_flatten.h), end_document(). Malformed lines
//   are reported to `errors` and skipped. It fails (IoError) only when nothing
//   could be read at all (missing path, unreadable file).
// - SchemaInferrer is a FieldSink that records each field's type: keyword,
//   long, double, boolean (and date/ip/keyword for datetime/ip/json values).
//   A field seen as both long and double is double; any other disagreement
//   makes it keyword. Fields only ever null never appear.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>

#include "common/status.h"
#include "ecs/field_sink.h"
#include "exec/schema.h"
#include "ingest/error_reporter.h"
#include "ingest/record_reader.h"

namespace trailhound::ingest {

Result<IngestSummary> load_documents(const std::string& path, ecs::FieldSink& sink,
                                     ErrorReporter& errors);

class SchemaInferrer : public ecs::FieldSink {
 public:
  bool wants(std::string_view) const override { return true; }
  void begin_document() override {}
  void keyword(std::string_view f, std::string_view) override { see(f, DataType::Keyword); }
  void long_value(std::string_view f, int64_t) override { see(f, DataType::Long); }
  void double_value(std::string_view f, double) override { see(f, DataType::Double); }
  void boolean(std::string_view f, bool) override { see(f, DataType::Boolean); }
  void datetime(std::string_view f, int64_t) override { see(f, DataType::Datetime); }
  void ip(std::string_view f, std::string_view) override { see(f, DataType::Ip); }
  void json(std::string_view f, std::string_view) override { see(f, DataType::Keyword); }
  void end_document() override {}

  Schema schema() const;

 private:
  void see(std::string_view field, DataType t);
  std::unordered_map<std::string, DataType> types_;
};

// Reads the documents at `path` once and returns their inferred schema.
Result<Schema> infer_schema(const std::string& path, ErrorReporter& errors);

}  // namespace trailhound::ingest
