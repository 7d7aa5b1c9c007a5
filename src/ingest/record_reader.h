// The input layer's entry point: reads every input (files, directories, "-"
// for stdin), decompresses gzip by content, splits records and hands each
// parsed CloudTrail event to a per-worker RecordConsumer.
//
// Contract:
// - `threads` workers (<= 0: one per core), never more than there are files
//   unless files may be split (IngestOptions::split_min_bytes).
//   The calling thread is worker 0. make_consumer(w) is called once per worker
//   w, on that worker's thread, before it reads a record; each consumer is
//   destroyed on its worker's thread when the worker has no more work (after
//   its last on_file_done), before read_inputs returns.
// - Work is handed out whole files at a time from one shared queue, in input
//   order; with IngestOptions::split_min_bytes a worker left without files
//   takes over the second half of another's large plain file (cut at a line
//   start for NDJSON, at an element start found by a string-aware scan for
//   `{"Records":[…]}` and arrays). Lines, offsets and messages are those of an
//   unsplit read.
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
  // instead of read, and a worker that runs out of files takes over the second
  // half of what another worker has left of one (0 = never: whole files only),
  // so a single large file, or the last one, uses every core.
  // A shared file's records arrive on several workers (each range in file
  // order) and every worker that read a range of it calls on_file_done().
  // Memory: a mapped file's pages are dropped behind the readers, so RSS does
  // not grow with the file.
  size_t split_min_bytes = 0;
  // A range is taken over only when this much of it is left.
  size_t min_steal_bytes = size_t{4} << 20;
  // How often (bytes) a worker reading a mapped file reports where it is, which
  // is where a taker starts looking for the cut (a lock each time).
  size_t checkpoint_bytes = size_t{1} << 20;
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
  uint64_t ranges_taken_over = 0;   // parts of large files a worker took over from another
};

// Called once per worker, on that worker's thread (calls may run concurrently).
using ConsumerFactory = std::function<std::unique_ptr<RecordConsumer>(int worker)>;

IngestSummary read_inputs(const std::vector<std::string>& inputs, const IngestOptions& options,
                          const ConsumerFactory& make_consumer, ErrorReporter& errors);

}  // namespace trailhound::ingest
