#include "pipeline/data_sources.h"

#include <fmt/format.h>

#include <cmath>

#include "ecs/cloudtrail_schema.h"
#include "exec/ecs_fallback_schema.h"
#include "ingest/document_index.h"
#include "exec/value_format.h"
#include "ingest/es_mapping.h"
#include "ingest/stored_precision.h"

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

// What Elasticsearch indexes under a multi-field for one value of its parent.
// Returns false when the value does not convert (ES would ignore it, or reject
// the document; either way the sub-field has no value).
bool derive_multi_field_value(const ingest::MultiField& mf, const RecordedValue& parent,
                              RecordedValue& out) {
  using Kind = RecordedValue::Kind;
  out = RecordedValue{};
  out.field = mf.name;
  const std::string& t = mf.es_type;
  const bool numeric = parent.kind == Kind::Long || parent.kind == Kind::Double;
  const double d = parent.kind == Kind::Long ? static_cast<double>(parent.i) : parent.d;
  if (t == "float" || t == "half_float" || t == "scaled_float" || t == "double") {
    if (!numeric) return false;
    out.kind = Kind::Double;
    out.d = t == "float"          ? ingest::as_float32(d)
            : t == "half_float"   ? ingest::as_half_float(d)
            : t == "scaled_float" ? ingest::as_scaled_float(d, mf.scaling_factor > 0 ? mf.scaling_factor : 1)
                                  : d;
    return true;
  }
  if (t == "integer" || t == "long" || t == "short" || t == "byte") {
    if (!numeric) return false;
    out.kind = Kind::Long;
    // Integer fields truncate a fractional value when indexing (coerce).
    out.i = parent.kind == Kind::Long ? parent.i : static_cast<int64_t>(std::trunc(d));
    return true;
  }
  if (t == "keyword" || t == "text" || t == "match_only_text" || t == "wildcard") {
    out.kind = Kind::Keyword;
    switch (parent.kind) {
      case Kind::Keyword: out.s = parent.s; break;
      case Kind::Long: out.s = std::to_string(parent.i); break;
      case Kind::Double: out.s = format_double(parent.d); break;
      case Kind::Boolean: out.s = parent.i ? "true" : "false"; break;
      default: return false;
    }
    return true;
  }
  // Other types (ip, date, version...): the parent's value as is.
  out.kind = parent.kind;
  out.i = parent.i;
  out.d = parent.d;
  out.s = parent.s;
  return true;
}

// Adds what a mapping makes every document answer beyond its _source:
// constant_keyword values and multi-field copies of parent values.
void apply_mapping_derivations(std::vector<RecordedDocument>& docs, const ingest::ConstantFields& constants,
                               const ingest::MultiFields& multi_fields) {
  if (constants.empty() && multi_fields.empty()) return;
  for (RecordedDocument& doc : docs) {
    const size_t original = doc.size();
    for (const ingest::MultiField& mf : multi_fields) {
      for (size_t i = 0; i < original; ++i) {
        if (doc[i].field != mf.parent) continue;
        RecordedValue v;
        if (derive_multi_field_value(mf, doc[i], v)) doc.push_back(std::move(v));
      }
    }
    for (const auto& [field, value] : constants) {
      RecordedValue v;
      v.field = field;
      v.kind = RecordedValue::Kind::Keyword;
      v.s = value;
      doc.push_back(std::move(v));
    }
  }
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

Status DataSources::load(ingest::ErrorReporter& errors, bool unknown_indices_as_ecs) {
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
      ingest::ConstantFields constants;
      ingest::MultiFields multi_fields;
      auto schema = ingest::load_es_mapping(di.mapping_path, &constants, &multi_fields);
      if (!schema.ok()) return schema.status();
      di.schema = std::move(schema.value());
      apply_mapping_derivations(di.documents, constants, multi_fields);
    } else {
      ingest::SchemaInferrer inferrer;  // the same rules `infer_schema(path)` applies to files
      for (const RecordedDocument& doc : di.documents) replay(doc, inferrer);
      di.schema = inferrer.schema();
    }
    catalog_.add_index(name, di.schema);
  }
  return Status();
}

}  // namespace trailhound::pipeline
