// Date parsing/formatting for the CloudTrail → ECS mapping, by hand for speed.
//
// Contract: all results are UTC epoch milliseconds. Parsers return nullopt on any
// malformed input (never throw). Sub-millisecond digits are truncated, as
// Elasticsearch's millisecond `date` fields do.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace trailhound::ecs {

// ISO 8601 extended form as Elasticsearch's `ISO8601` date-processor format accepts it:
// yyyy-MM-dd[THH:mm[:ss[.fraction]]][Z|±HH[:mm]|±HHmm]; no zone means UTC.
std::optional<int64_t> parse_iso8601_millis(std::string_view text);

// `basic_date_time_no_millis` (yyyyMMdd'T'HHmmssZ) and `basic_date_time`
// (yyyyMMdd'T'HHmmss.SSSZ); Z is 'Z' or ±HHmm / ±HH:mm.
std::optional<int64_t> parse_basic_date_time_millis(std::string_view text);

// yyyy-MM-ddTHH:mm:ss.SSSZ (the form Elasticsearch shows for date fields).
std::string format_iso8601_millis(int64_t epoch_millis);

// Days since 1970-01-01 of a proleptic Gregorian date (month 1..12).
int64_t days_from_civil(int64_t y, unsigned m, unsigned d);

}  // namespace trailhound::ecs
