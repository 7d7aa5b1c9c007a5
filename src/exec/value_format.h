// Text forms of ES|QL values, exactly as Elasticsearch prints them.
//
// Contract:
// - append_json_value(): the value of one position as JSON, as the `_query`
//   API returns it: `null`, a scalar, or an array for multi-values. Datetimes
//   are "2024-03-10T12:01:00.000Z", ips canonical text (RFC 5952 for IPv6,
//   dotted quad for IPv4-mapped), doubles like Java's Double.toString
//   ("1.0E9", "3.0", "0.1"), booleans true/false, integers plain.
// - format_value_text(): the same value for tables/CSV: strings unquoted,
//   multi-values as "[a, b]", null as "null".
// - parse_* return nullopt / an error for text Elasticsearch would reject.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/status.h"
#include "exec/column.h"

namespace trailhound {

void append_json_value(std::string& out, const Column& column, size_t row);
std::string format_value_text(const Column& column, size_t row);
// One value (value index `vi`, not a position) as unquoted text.
std::string format_scalar_text(const Column& column, uint32_t vi);

// 16-byte address → canonical text ("10.0.0.1", "::1", "fe80::cae2:65ff:fece:feb9").
std::string format_ip(std::string_view ip16);
// Text → 16 bytes (IPv4 is mapped into ::ffff:0:0/96). IPv4 octets with leading
// zeros are rejected (Elasticsearch's default `leading_zeros: reject`).
Result<std::string> parse_ip(std::string_view text);

// Epoch milliseconds → "yyyy-MM-ddTHH:mm:ss.SSSZ" (UTC).
std::string format_datetime(int64_t ms);
// `strict_date_optional_time`: yyyy[-MM[-dd[THH[:mm[:ss[.fraction]]]][offset]]],
// offset Z, +HH, +HHmm or +HH:mm; fraction truncated to milliseconds.
std::optional<int64_t> parse_datetime(std::string_view text);

// Java Double.toString: shortest round-trip digits; plain notation for
// 1e-3 <= |x| < 1e7 ("3.0", "0.1"), otherwise "d.dddE[-]n" ("1.0E9").
std::string format_double(double v);

// Days since 1970-01-01 for a proleptic Gregorian date and back.
int64_t days_from_civil(int64_t y, unsigned m, unsigned d);
void civil_from_days(int64_t z, int64_t& y, unsigned& m, unsigned& d);

}  // namespace trailhound
