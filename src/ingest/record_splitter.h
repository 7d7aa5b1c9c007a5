// Splits the decompressed text of one input into records and parses each one
// once with simdjson DOM, delivering objects to a RecordConsumer.
//
// Formats, detected by content at every top-level position (so concatenated
// documents, e.g. the members of a multi-member gzip, also work):
//   `{"Records":[ ... ]}`  CloudTrail S3 object ("Records" must be the first key)
//   `[ ... ]`              a JSON array of records (Stratus, exports)
//   anything else          NDJSON: one record per line, blank lines ignored
//
// Why split first and parse per record rather than parse the whole document:
// the scan gives every record its exact byte offset and line (simdjson DOM has
// no source positions), a malformed record costs only itself, and the parser
// stays record-sized instead of growing to the largest file (a DOM tape is
// several times the document). The scan is string-aware (brackets inside
// strings do not count) and skips string bodies with memchr.
//
// Error contract (everything goes to the ErrorReporter with file:line):
// - NDJSON: a line that is not valid JSON, or not an object, is reported and
//   skipped; its neighbours are delivered.
// - Arrays: each element is parsed separately; bad or non-object elements are
//   reported and skipped. A missing comma is reported once, the records on
//   both sides are still delivered. A record whose brackets or quotes do not
//   balance would swallow what follows; the splitter then resumes at the next
//   '{' after a ',' that starts with the same first key as the file's good
//   records ("eventVersion" for CloudTrail) and parses as an object. If the file ends inside a record (or the
//   array), that is reported, unless `truncated` says the input is already
//   known to be cut (a damaged gzip, reported by the caller): then the cut
//   record is only counted as skipped.
//
// `text` must be followed by SIMDJSON_PADDING readable bytes (a sealed
// PaddedBuffer); records are parsed in place, never copied.
#pragma once

#include <simdjson.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "ingest/error_reporter.h"
#include "ingest/record_consumer.h"

namespace trailhound::ingest {

struct SplitCounts {
  uint64_t records = 0;  // delivered to the consumer
  uint64_t skipped = 0;  // malformed, non-object or cut records
  uint64_t unparsed = 0;  // passed over unparsed: the consumer's wants() said no
};

SplitCounts split_records(std::string_view text, const std::string& file, bool truncated,
                          simdjson::dom::parser& parser, RecordConsumer& consumer,
                          ErrorReporter& errors);

// ---- one large plain file split across workers ----
//
// A file is cut into contiguous ranges at record starts; each range is split by
// its own Splitter on its own worker. Range k starts at `begin` (for k > 0) and
// ends at the first record start p for which control.stop_at(p) is true; the
// last range also handles what follows the records (the Records object's '}',
// concatenated documents). For well-formed input the records, lines, offsets and
// errors are exactly those of split_records() over the whole file; only their
// order across ranges differs.
struct FileLayout {
  enum class Kind { Lines, Array, RecordsObject } kind = Kind::Lines;
  size_t object_pos = 0;  // RecordsObject: the '{'
  size_t array_pos = 0;   // Array / RecordsObject: the '['
};

// The layout of a text as split_records() would read its first top-level value.
FileLayout detect_layout(std::string_view text);

// How a range split is driven (record_reader.cpp: the owner of a range, the
// scan for a cut).
class RangeControl {
 public:
  virtual ~RangeControl() = default;
  // Called at every record start of the range (and where the text's first
  // value starts), in order; true ends the range before that record.
  virtual bool stop_at(size_t offset) = 0;
  // Called every few MB with an offset below which the range reads no more
  // (except when reporting an error: LineCounter may rescan from the start).
  virtual void progress(size_t offset) {}
};

// Record start at or after `target` that a whole-file split would also start a
// record at, or npos when none can be found cheaply and safely:
// - Lines: the first byte after a '\n' at or after target.
// - Array/RecordsObject: the start of the array element after the first ',' at
//   or after target, found by scanning every element (string-aware, no
//   parsing) from the array's start — or from `from` when it lies past the
//   array's '[': a record start before `target` (one returned here or passed
//   to RangeControl::stop_at), so what lies before it is not read; npos as
//   soon as anything is not well formed. `progress`, if given, hears every
//   few MB how far the scan has read (only its progress() is called).
size_t find_range_start(std::string_view text, const FileLayout& layout, size_t target, size_t from = 0,
                        RangeControl* progress = nullptr);

// Splits one range. `begin` = 0 for the first range; else a value returned by
// find_range_start(). (Line numbers count from the start of `text`, when a
// line is ever needed.)
SplitCounts split_range(std::string_view text, const FileLayout& layout, size_t begin,
                        const std::string& file, RangeControl& control,
                        simdjson::dom::parser& parser, RecordConsumer& consumer,
                        ErrorReporter& errors);

}  // namespace trailhound::ingest
