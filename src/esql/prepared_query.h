// The engine's public API: prepare an ES|QL query once, run it many times.
//
// Contract:
// - prepare() analyses a parsed query against a Catalog (errors: "line L:C: ...",
//   see analyzer.h). The PreparedQuery is immutable and shareable.
// - needed_fields(index) lists ONLY the fields the query reads from that index
//   (with their declared types), plus "_id"/"_version" when METADATA asks for
//   them; `_index` is filled by the engine.
// - start() begins a run. QueryRun::push() takes batches holding the needed
//   fields by name (a missing column reads as null; ~4096 rows a batch is
//   typical); streaming commands process each batch immediately, STATS/SORT
//   buffer (STATS memory is bounded by live groups). finish() returns the
//   result: column names, types, the columns, and the warnings (Elasticsearch
//   header texts, de-duplicated). A ROW query needs no push().
// - The implicit LIMIT (QueryOptions::implicit_limit) applies unless the query
//   ends in its own LIMIT after its last pipeline breaker.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "esql/ast.h"
#include "esql/logical_plan.h"
#include "exec/catalog.h"
#include "exec/column.h"

namespace trailhound {

struct QueryOptions {
  int64_t implicit_limit = 1000;  // negative: none (rules report every row)
  int64_t now_millis = 0;  // NOW(); 0 = wall clock at start()
};

struct QueryResult {
  std::vector<std::string> names;
  std::vector<DataType> types;
  std::vector<Column> columns;
  std::vector<std::string> warnings;
  size_t rows() const { return columns.empty() ? row_count : columns[0].rows(); }
  size_t row_count = 0;  // rows when there are no columns
};

class QueryRun {
 public:
  virtual ~QueryRun() = default;
  virtual Status push(std::string_view index, const Batch& batch) = 0;
  // True once further input cannot change the result (a LIMIT was reached).
  virtual bool done() const = 0;
  virtual Result<QueryResult> finish() = 0;
};

class PreparedQuery {
 public:
  PreparedQuery(esql::LogicalPlan plan, QueryOptions options);
  const std::vector<std::string>& source_indices() const { return plan_.indices; }
  std::vector<SchemaField> needed_fields(std::string_view index) const;
  std::unique_ptr<QueryRun> start() const;
  const esql::LogicalPlan& plan() const { return plan_; }
  const QueryOptions& options() const { return options_; }

 private:
  esql::LogicalPlan plan_;
  QueryOptions options_;
};

Result<std::shared_ptr<const PreparedQuery>> prepare(const esql::Query& query, const Catalog& catalog,
                                                     const QueryOptions& options);

}  // namespace trailhound
