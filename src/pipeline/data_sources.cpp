#include "pipeline/data_sources.h"

#include <fmt/format.h>

#include "ecs/cloudtrail_schema.h"
#include "exec/ecs_fallback_schema.h"
#include "ingest/document_index.h"
#include "ingest/es_mapping.h"

namespace trailhound::pipeline {

namespace {

// Splits "INDEX=PATH". Returns false when `arg` is not a binding at all. A path
// may itself contain '=', so only the first one splits; an index name never
// contains '/', which keeps paths like "./a=b.json" raw inputs.
bool split_binding(const std::string& arg, std::string& index, std::string& path) {
  const size_t eq = arg.find('=');
  if (eq == std::string::npos) return false;
  const std::string head = arg.substr(0, eq);
  if (head.find('/') != std::string::npos) return false;
  index = head;
  path = arg.substr(eq + 1);
  return true;
}

}  // namespace

Status DataSources::add_input(const std::string& arg) {
  std::string index, path;
  if (!split_binding(arg, index, path)) {
    cloudtrail_inputs_.push_back(arg);
    return Status();
  }
  if (index.empty() || path.empty())
    return Status::invalid_input(fmt::format("input [{}]: expected INDEX=PATH", arg));
  if (index == kCloudTrailIndex) {
    // Raw CloudTrail explicitly bound to its own data stream.
    cloudtrail_inputs_.push_back(path);
    return Status();
  }
  DocumentIndex& di = documents_[index];
  di.name = index;
  di.paths.push_back(path);
  return Status();
}

Status DataSources::add_mapping(const std::string& arg) {
  std::string index, path;
  if (!split_binding(arg, index, path) || index.empty() || path.empty())
    return Status::invalid_input(fmt::format("--mapping [{}]: expected INDEX=FILE", arg));
  pending_mappings_[index] = path;
  return Status();
}

Status DataSources::load(ingest::ErrorReporter& errors, int threads, bool unknown_indices_as_ecs) {
  catalog_ = Catalog();
  catalog_.add_index(kCloudTrailIndex, ecs::cloudtrail_schema());
  if (unknown_indices_as_ecs) catalog_.set_fallback_schema(ecs_fallback_schema());
  for (const auto& [index, path] : pending_mappings_) {
    auto it = documents_.find(index);
    if (it == documents_.end()) {
      // A mapping without data still defines an (empty) index, as in Elasticsearch.
      DocumentIndex& di = documents_[index];
      di.name = index;
      it = documents_.find(index);
    }
    it->second.mapping_path = path;
  }
  for (auto& [name, di] : documents_) {
    di.documents.clear();
    RecordingSink sink(di.documents);
    for (const std::string& path : di.paths) {
      auto loaded = ingest::load_documents(path, sink, errors);
      if (!loaded.ok()) return loaded.status();
      document_ingest_.files += loaded->files;
      document_ingest_.records += loaded->records;
      document_ingest_.errors += loaded->errors;
      document_ingest_.skipped_records += loaded->skipped_records;
      document_ingest_.skipped_files += loaded->skipped_files;
    }
    documents_loaded_ += di.documents.size();
    if (!di.mapping_path.empty()) {
      auto schema = ingest::load_es_mapping(di.mapping_path);
      if (!schema.ok()) return schema.status();
      di.schema = std::move(schema.value());
    } else {
      di.schema = infer_schema(di.documents);
    }
    catalog_.add_index(name, di.schema);
  }
  (void)threads;
  return Status();
}

}  // namespace trailhound::pipeline
