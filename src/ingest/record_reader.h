// The input layer's entry point: reads every input (files, directories, "-"
// for stdin), decompresses gzip by content, splits records and hands each
// parsed CloudTrail event to a per-worker RecordConsumer.
//
// Contract:
// - `threads` workers (<= 0: one per core), never more than there are files
//   unless files may be split (IngestOptions::split_min_bytes).
//   The calling thread is worker 0. make_consumer(w) is called once per worker
//   w, on the calling thread, before any record is read; the consumers are
//   destroyed before read_inputs returns (after the last on_file_done).
// - Work is handed out whole files at a time from one shared queue, in input
//   order; with IngestOptions::split_min_bytes a large plain file is also cut
//   into record ranges that idle workers take (NDJSON at line starts,
//   `{"Records":[…]}` and arrays at element starts found by a string-aware
//   scan). Lines, offsets and messages are those of an unsplit read.
// - Nothing stops the run: missing inputs, unreadable, non-JSON or damaged
//   files and malformed records are reported (`trailhound: FILE:LINE: msg`)
//   and counted; everything readable is still delivered. No exception escapes.
// - Non-JSON files found by a directory walk whose names do not look like logs
//   (no ".json"/".ndjson" in the name and no ".gz" suffix; e.g. README.md,
//   LICENSE) are skipped silently and only counted in skipped_files; named on
//   the command line, or with a log-like name, they are reported.
// - stdin is read fully into memory, then processed like a file "<stdin>".
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "ingest/error_reporter.h"
#include "ingest/record_consumer.h"

namespace trailhound::ingest {

struct IngestOptions {
  int threads = 2;
  // Plain (not gzip) regular files of at least this many bytes are mapped
  // instead of read, and — when the files queued after one hold too little
  // work to keep the other workers busy meanwhile — cut at record starts into
  // one range per worker so that a single large file uses every core (0 =
  // never: whole files only).
  // A split file's records arrive on several workers (each range in file
  // order) and every worker that processed a range of it calls on_file_done().
  // Memory: a mapped file's pages are dropped behind the readers, so RSS does
  // not grow with the file.
  size_t split_min_bytes = 0;
};

struct IngestSummary {
  uint64_t files = 0;               // inputs opened and split (including damaged ones)
  uint64_t records = 0;             // delivered to consumers
  uint64_t records_unparsed = 0;    // passed over unparsed (RecordConsumer::wants said no)
  uint64_t bytes_read = 0;          // raw bytes read from files and stdin
  uint64_t bytes_decompressed = 0;  // JSON text bytes scanned (after gunzip)
  uint64_t errors = 0;              // errors reported during this call
  uint64_t skipped_records = 0;     // malformed / non-object / cut records
  uint64_t skipped_files = 0;       // digests, missing, unreadable, non-JSON files
};

// Called once per worker, on that worker's thread (calls may run concurrently).
using ConsumerFactory = std::function<std::unique_ptr<RecordConsumer>(int worker)>;

IngestSummary read_inputs(const std::vector<std::string>& inputs, const IngestOptions& options,
                          const ConsumerFactory& make_consumer, ErrorReporter& errors);

}  // namespace trailhound::ingest
