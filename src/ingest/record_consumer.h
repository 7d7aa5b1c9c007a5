// What the reader hands each record to.
//
// Contract:
// - on_record() receives one top-level JSON object (a CloudTrail event) parsed
//   once with simdjson DOM. The element (and every string_view taken from it)
//   is valid only until on_record() returns: the worker's parser is reused for
//   the next record. Copy what must outlive the call.
// - `where.file` points at the input's path (stdin is "<stdin>") and stays
//   valid for the whole read_inputs() call; `line` is the 1-based line of the
//   record's first byte and `offset` its byte offset, both in the decompressed
//   text of the file.
// - Each worker thread owns one consumer; a consumer is never called from two
//   threads. Records of one file arrive in file order, on one worker;
//   on_file_done() follows the file's last record. Files are spread over
//   workers, so there is no order across files. Exception: with
//   IngestOptions::split_min_bytes a large plain file is cut into record
//   ranges; each range arrives in file order on one worker, followed by
//   on_file_done() on that worker.
// - wants(raw, ahead) is asked first with the record's raw text (before
//   parsing); false passes over it unparsed (counted, never reported even if
//   malformed). A consumer says false only for records it could not use
//   anyway. `ahead` starts with `raw` and runs to the end of the text the
//   reader holds (the records after it, to look at many at once); it is valid
//   while that text is being split (it may be unmapped or reused right after
//   its last record), so nothing kept of it may be read once the next
//   on_text_start() comes.
// - on_text_start() comes before the first record of each text the reader
//   splits (a file, or a range of one): what a consumer kept of an earlier
//   `ahead` is stale from then on, even at the same addresses.
// - Consumers must not throw; an escaping exception is reported as an internal
//   error against the file and the rest of that file is skipped.
#pragma once

#include <simdjson.h>

#include <cstdint>
#include <string>
#include <string_view>

namespace trailhound::ingest {

// Line numbers on demand (the splitter counts newlines only when asked).
class LineSource {
 public:
  virtual uint64_t line_at(uint64_t offset) = 0;

 protected:
  ~LineSource() = default;
};

struct RecordLocation {
  const std::string* file = nullptr;
  uint64_t offset = 0;
  LineSource* lines = nullptr;  // null: the line is unknown (0)
  // The 1-based line of `offset`, counted when asked — most records never
  // are (it costs a pass over the text since the last count) — and only
  // while on_record() runs.
  uint64_t line() const { return lines ? lines->line_at(offset) : 0; }
};

class RecordConsumer {
 public:
  virtual ~RecordConsumer() = default;
  virtual bool wants(std::string_view raw, std::string_view ahead) { return true; }
  virtual void on_text_start() {}
  virtual void on_record(simdjson::dom::element record, const RecordLocation& where) = 0;
  virtual void on_file_done(const std::string& file) {}
};

}  // namespace trailhound::ingest
