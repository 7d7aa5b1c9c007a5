// ES|QL data types as the engine sees them, and their canonical names.
//
// Contract: every column, literal and expression result has exactly one
// DataType. `Null` is the type of the `null` literal and of columns that are
// null everywhere. Text compares like keyword but is a distinct type because
// Elasticsearch reports it as such in `_query` column metadata.
#pragma once

#include <optional>
#include <string_view>

namespace trailhound {

enum class DataType {
  Null,
  Boolean,
  Integer,   // 32-bit
  Long,      // 64-bit
  UnsignedLong,
  Double,
  Keyword,
  Text,
  Datetime,  // milliseconds since the epoch, UTC
  DateNanos, // nanoseconds since the epoch, UTC
  Ip,        // 16 bytes, IPv4 mapped into IPv6
  Version,
  DatePeriod,    // literal-only: calendar period (months + days)
  TimeDuration,  // literal-only: fixed duration in milliseconds
  GeoPoint,      // lon/lat pair, stored in Column::str as canonical WKT "POINT (lon lat)"
  Unsupported,   // mapped field type ES|QL cannot read (returned as null)
};

// Name as Elasticsearch prints it in `_query` column metadata ("keyword", "long", ...).
std::string_view type_name(DataType t);

// Parses a type name as written in casts (`::int`), mappings ("short", "float",
// "constant_keyword"...) and csv-spec headers ("l", "d", "s"...). Returns
// nullopt for names that are not types.
std::optional<DataType> parse_type_name(std::string_view name);

inline bool is_numeric(DataType t) {
  return t == DataType::Integer || t == DataType::Long || t == DataType::Double ||
         t == DataType::UnsignedLong;
}
inline bool is_string(DataType t) { return t == DataType::Keyword || t == DataType::Text; }
// Types whose values live in Column::i64.
inline bool is_int64_backed(DataType t) {
  return t == DataType::Boolean || t == DataType::Integer || t == DataType::Long ||
         t == DataType::UnsignedLong || t == DataType::Datetime || t == DataType::DateNanos ||
         t == DataType::TimeDuration || t == DataType::DatePeriod;
}

}  // namespace trailhound
