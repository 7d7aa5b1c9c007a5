// What a run reads: raw CloudTrail inputs and document sets bound to index names.
//
// Contract:
// - add_input("INDEX=PATH") binds NDJSON documents at PATH to index INDEX; any
//   other argument (file, directory, "-") is raw CloudTrail, which belongs to
//   the data stream `logs-aws.cloudtrail-default` (kCloudTrailIndex).
// - add_mapping("INDEX=FILE") types INDEX's fields from an Elasticsearch mapping;
//   without one the schema is inferred from the documents.
// - load() reads the document sets into memory (they are small by nature) and
//   builds the catalog. The CloudTrail index is always in the catalog, typed by
//   the ECS/CloudTrail schema, so rules analyze even before data is given.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "common/status.h"
#include "exec/catalog.h"
#include "ingest/error_reporter.h"
#include "ingest/record_reader.h"
#include "pipeline/recorded_document.h"

namespace trailhound::pipeline {

inline constexpr const char* kCloudTrailIndex = "logs-aws.cloudtrail-default";

struct DocumentIndex {
  std::string name;
  std::vector<std::string> paths;
  std::string mapping_path;  // empty: infer
  std::vector<RecordedDocument> documents;
  Schema schema;
};

class DataSources {
 public:
  // Returns an error for a malformed binding ("=PATH", "INDEX=").
  Status add_input(const std::string& arg);
  Status add_mapping(const std::string& arg);

  // `unknown_indices_as_ecs`: FROM patterns that match no bound index resolve to
  // an empty index typed by ECS, as a rule pack expects of a cluster holding
  // every integration's data; otherwise they are "Unknown index" errors (ad-hoc
  // queries: a typo should not quietly return nothing).
  Status load(ingest::ErrorReporter& errors, bool unknown_indices_as_ecs = false);

  const std::vector<std::string>& cloudtrail_inputs() const { return cloudtrail_inputs_; }
  const std::map<std::string, DocumentIndex>& document_indices() const { return documents_; }
  const Catalog& catalog() const { return catalog_; }
  // Documents read and records skipped while loading document indices.
  uint64_t documents_loaded() const { return documents_loaded_; }
  const ingest::IngestSummary& document_ingest() const { return document_ingest_; }

 private:
  std::vector<std::string> cloudtrail_inputs_;
  std::map<std::string, DocumentIndex> documents_;
  std::map<std::string, std::string> pending_mappings_;
  Catalog catalog_;
  uint64_t documents_loaded_ = 0;
  ingest::IngestSummary document_ingest_;
};

}  // namespace trailhound::pipeline
