#include "ingest/document_index.h"

#include "ingest/json_flatten.h"

namespace trailhound::ingest {
namespace {

class FlatteningConsumer : public RecordConsumer {
 public:
  explicit FlatteningConsumer(ecs::FieldSink& sink) : sink_(sink) {}
  void on_record(simdjson::dom::element record, const RecordLocation&) override {
    flattener_.document(record.get_object().value_unsafe(), sink_);
  }

 private:
  ecs::FieldSink& sink_;
  JsonFlattener flattener_;
};

}  // namespace

Result<IngestSummary> load_documents(const std::string& path, ecs::FieldSink& sink,
                                     ErrorReporter& errors) {
  IngestOptions one_thread;
  one_thread.threads = 1;  // the sink is not thread-safe and wants file order
  IngestSummary s = read_inputs(
      {path}, one_thread, [&](int) { return std::make_unique<FlatteningConsumer>(sink); },
      errors);
  if (s.files == 0 && s.skipped_files != 0) {
    return Status::io_error("cannot read index " + path);
  }
  return s;
}

void SchemaInferrer::see(std::string_view field, DataType t) {
  auto it = types_.find(std::string(field));
  if (it == types_.end()) {
    types_.emplace(std::string(field), t);
    return;
  }
  DataType& cur = it->second;
  if (cur == t) return;
  if ((cur == DataType::Long && t == DataType::Double) ||
      (cur == DataType::Double && t == DataType::Long)) {
    cur = DataType::Double;
  } else {
    cur = DataType::Keyword;
  }
}

Schema SchemaInferrer::schema() const {
  Schema s;
  for (const auto& [name, type] : types_) s.add(name, type);
  return s;
}

Result<Schema> infer_schema(const std::string& path, ErrorReporter& errors) {
  try {
    SchemaInferrer inferrer;
    Result<IngestSummary> r = load_documents(path, inferrer, errors);
    if (!r.ok()) return r.status();
    return inferrer.schema();
  } catch (const std::exception& e) {  // allocation failure: no exception leaves the module
    return Status::internal(path + ": " + e.what());
  }
}

}  // namespace trailhound::ingest
