// Text → typed value parsers the conformance harness uses for data CSVs and
// expected cells. Deliberately independent of the engine's own parsers
// (exec/value_format.h): the referee must not inherit the engine's bugs.
//
// Contract:
// - parse_iso_nanos(): ISO-8601 as Elasticsearch's `strict_date_optional_time`
//   accepts it: yyyy[-MM[-dd[THH[:mm[:ss[.f{1,9}]]]]]][Z|±HH[:]mm|±HH]; no
//   offset means UTC. parse_iso_instant() returns seconds since the epoch and
//   the nanosecond of the second (any year 0000-9999, ±); parse_iso_nanos()
//   the same as nanoseconds since the epoch (nullopt outside int64 range).
// - parse_ip16(): IPv4 dotted quad or IPv6 text → 16 bytes, IPv4 mapped into
//   ::ffff:0:0/96 (the engine's Ip storage); nullopt if not an address.
// - parse_java_double(): what Java's Double.parseDouble accepts for the values
//   in the suite ("1.0E9", "-0.0", "NaN", "Infinity", "-Infinity", "2").
// - parse_int64 / parse_uint64: plain decimal integers, optional sign (int64).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace trailhound::csvspec {

struct Instant {
  int64_t seconds = 0;
  int64_t nanos = 0;  // 0..999'999'999
  bool operator==(const Instant&) const = default;
};
std::optional<Instant> parse_iso_instant(std::string_view text);
std::optional<int64_t> parse_iso_nanos(std::string_view text);
std::optional<std::string> parse_ip16(std::string_view text);
std::optional<double> parse_java_double(std::string_view text);
std::optional<int64_t> parse_int64(std::string_view text);
std::optional<uint64_t> parse_uint64(std::string_view text);

}  // namespace trailhound::csvspec
