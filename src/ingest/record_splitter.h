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
};

SplitCounts split_records(std::string_view text, const std::string& file, bool truncated,
                          simdjson::dom::parser& parser, RecordConsumer& consumer,
                          ErrorReporter& errors);

}  // namespace trailhound::ingest
