// The csv-spec data sets (esql-semantics.md §8.3, §8.5) as in-memory indices.
//
// Contract:
// - Datasets::load(dir) reads every data set of the catalogue in `dir` (the
//   shared esql-csv-spec folder, read in place) and registers one index per
//   data set — including the derived ones Elastic's loader defines from the
//   same files (hosts_ip_is_kwd, apps_short, sample_data_str,
//   languages_lookup, message_types_lookup, employees_no_names,
//   employees_gender_text, employees_no_gender) — in catalog().
// - Schema: the mapping file when there is one (object nesting → dotted
//   names, multi-fields → "parent.sub"), else the CSV header types; then the
//   data set's type overrides/removals. ES field types map to ES|QL types:
//   short/byte → integer, float/half_float/scaled_float → double,
//   constant_keyword → keyword, date → date; types ES|QL cannot read (geo…)
//   are `unsupported`.
// - Documents: one per CSV row. Values are trimmed; an empty value is an
//   absent field; `[a,b]` is a multi-value (`\,` escapes a comma); `"…"`
//   quotes a value. Each value is converted as Elasticsearch indexes it for
//   the field's mapping type: integer fields truncate decimals, float via
//   32-bit float, half_float via 16-bit float (round to nearest even),
//   scaled_float rounded to 1/scaling_factor, keyword values longer than
//   `ignore_above` are not indexed. Multi-field sub-fields missing from the
//   CSV are derived from the parent value (mv_text's `message.raw`); mapped
//   fields missing from the CSV are null; constant_keyword fields report their
//   mapped value in every document.
// - batch() builds an engine Batch for the requested fields through
//   BatchBuilder (which sorts/de-duplicates multi-values as doc values; text
//   keeps written order). Fields the index does not have are null columns;
//   the METADATA fields `_version` (always 1: each document is indexed once)
//   and `_id` ("<index>-<position>"; ES generates random ids) are supplied
//   when requested.
// - load_notes(): at load time every index is pushed through BatchBuilder once
//   and compared with the values above; values BatchBuilder cannot carry
//   faithfully (e.g. unsigned_long ≥ 2^63, date_nanos sub-millisecond digits)
//   are listed per field, so the runner can attribute failures to loading
//   instead of query execution.
#pragma once

#include "ingest/stored_precision.h"

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "exec/catalog.h"
#include "exec/column.h"
#include "exec/schema.h"

namespace trailhound::csvspec {

// One value of one document field, in the FieldSink call that carries it.
struct DocValue {
  enum class Call { Keyword, Long, Double, Boolean, Datetime, Ip };
  Call call = Call::Keyword;
  std::string text;   // Keyword: the value; Ip: 16 bytes
  int64_t i = 0;      // Long (unsigned_long: bit pattern), Boolean, Datetime (ms)
  double d = 0;       // Double
};

struct DocField {
  std::string name;
  std::vector<DocValue> values;  // in written order
};

using Document = std::vector<DocField>;

// A mapped field with the storage details its values need.
struct MappedField {
  std::string name;             // dotted
  std::string es_type;          // mapping type ("half_float", "constant_keyword"...)
  double scaling_factor = 0;    // scaled_float
  int64_t ignore_above = -1;    // keyword
  std::string constant;         // constant_keyword value
  bool has_constant = false;
  std::string parent;           // multi-field parent ("" for top-level fields)
};

struct IndexData {
  std::string name;
  std::string source;           // "employees.csv + mapping-default.json"
  Schema schema;
  std::vector<MappedField> fields;
  std::vector<Document> docs;
  std::map<std::string, std::string> load_notes;  // field → what BatchBuilder lost
};

class Datasets {
 public:
  static Result<Datasets> load(const std::string& dir);

  const Catalog& catalog() const { return catalog_; }
  const IndexData* find(std::string_view index) const;
  const std::map<std::string, IndexData, std::less<>>& indices() const { return indices_; }
  // All documents of `index` with the requested fields, via BatchBuilder.
  Batch batch(std::string_view index, const std::vector<SchemaField>& fields) const;


 private:
  Catalog catalog_;
  std::map<std::string, IndexData, std::less<>> indices_;
};

// The ES mapping type → ES|QL type rule described above.
DataType esql_type_of(std::string_view es_type);

// Exposed for unit tests: value conversions of the stored field types.
using ingest::as_float32;
using ingest::as_half_float;
using ingest::as_scaled_float;
// Splits one data-CSV line into trimmed values (quotes removed; multi-values
// kept as "[...]" text with their escapes).
std::vector<std::string> split_data_line(std::string_view line);
// "[a, b\,c]" → {"a", "b,c"}; anything else → {value}.
std::vector<std::string> split_multi_value(std::string_view value);

}  // namespace trailhound::csvspec
