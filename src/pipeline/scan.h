// One pass over all data for any number of queries.
//
// Contract:
// - Each CloudTrail record is parsed and normalized once, on the reader threads,
//   into a batch holding only the union of the fields the queries read (plus
//   `@timestamp` when a time range is set). Each batch is shared (not copied)
//   with every query run whose FROM selects the index. The reader threads run
//   the queries themselves (a run on one thread at a time; a batch whose query
//   is busy is queued for the reader running it), so `threads` is the number
//   of threads doing the work. Document indices are replayed the same way, on
//   the calling thread.
// - Records outside [since, until) by `@timestamp` are dropped before any query
//   sees them (counted); records the normalizer rejects are reported with their
//   location and counted, and the scan goes on.
// - Raw CloudTrail records that no query reading the index can keep (by the
//   targets' `syntax`, see record_prefilter.h) are passed over unparsed
//   and counted in ingest.records_unparsed; ScanOptions::prefilter = false
//   parses every record.
// - The caller owns the runs and calls finish() on them afterwards.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "common/status.h"
#include "ecs/geoip_enricher.h"
#include "ecs/user_agent_parser.h"
#include "esql/prepared_query.h"
#include "esql/row_requirements.h"
#include "ingest/error_reporter.h"
#include "ingest/record_reader.h"
#include "pipeline/data_sources.h"

namespace trailhound::pipeline {

struct ScanTarget {
  const PreparedQuery* query;
  QueryRun* run;
  // The parsed query, for the record prefilter (its leading filters); null:
  // nothing is known of the rows it keeps, so every record is parsed.
  const esql::Query* syntax = nullptr;
};

struct ScanOptions {
  int threads = 2;  // threads reading, normalizing and querying (1: the calling thread only)
  std::optional<int64_t> since_ms;  // inclusive
  std::optional<int64_t> until_ms;  // exclusive
  std::shared_ptr<const ecs::UserAgentParser> user_agents;  // null: no user_agent.* fields
  std::shared_ptr<const ecs::GeoIpEnricher> geoip;          // null: no source.geo/as fields
  // The agent read time Elastic would stamp on records without a usable eventTime;
  // such records are kept as `event.kind: pipeline_error` documents, as Elastic does.
  int64_t read_time_ms = 0;
  // Where those records are reported (not counted as skipped: they are kept).
  ingest::ErrorReporter* pipeline_warnings = nullptr;
  // Pass over raw records no query can keep without parsing them.
  bool prefilter = true;
  // Fill the user-agent OS and device fields a query only shows after its
  // leading filters, for the rows they keep (pipeline/deferred_user_agent.h).
  bool defer_user_agent = true;
};

struct ScanStats {
  ingest::IngestSummary ingest;
  uint64_t events = 0;        // documents pushed to queries
  uint64_t unmappable = 0;    // records the normalizer rejected
  uint64_t pipeline_errors = 0;  // records kept with event.kind: pipeline_error
  uint64_t out_of_range = 0;  // records outside --since/--until
  uint64_t query_errors = 0;
  // Per target (in order), the raw-text prefilter clauses it contributed, or ""
  // when it gave none; a target reading no raw CloudTrail has "" too.
  std::vector<std::string> prefilter;
  // Per target, the raw records the prefilter let through to it (parsed and
  // given to the query); absent (empty) without a prefilter.
  std::vector<uint64_t> prefilter_marked;
  bool prefilter_active = false;  // some records could be passed over unparsed
};

Result<ScanStats> scan(const DataSources& sources, const std::vector<ScanTarget>& targets,
                       const ScanOptions& options, ingest::ErrorReporter& errors);

}  // namespace trailhound::pipeline
