// Fuzz entry points: each takes arbitrary bytes and must never crash, hang or
// leak, whatever the bytes are. They are driven two ways:
// - by libFuzzer (fuzz/*_fuzzer.cpp, built with clang when
//   -DTRAILHOUND_BUILD_FUZZ=ON: `build-fuzz/esql_parser_fuzzer corpus/`), and
// - by tests/fuzz_smoke_test.cpp, which replays seeds and deterministic
//   mutations of them under the normal build, so CI exercises them every run.
#pragma once

#include <cstddef>
#include <cstdint>

namespace trailhound::fuzz {

// ES|QL text → parse_query, and prepare() against a catalog holding the
// CloudTrail schema; a ROW-only query is also run to completion. Returns
// whether the text parsed (the smoke test checks its seeds do).
bool esql_query(const uint8_t* data, size_t size);

// Bytes as a CloudTrail input file (gzip or not): split into records, each
// normalized into a batch of every CloudTrail field and into `_source` JSON.
// Returns the number of records normalized without error.
size_t cloudtrail_file(const uint8_t* data, size_t size);

}  // namespace trailhound::fuzz
