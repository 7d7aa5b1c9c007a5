#include "exec/data_type.h"

#include <algorithm>
#include <string>

namespace trailhound {

std::string_view type_name(DataType t) {
  switch (t) {
    case DataType::Null: return "null";
    case DataType::Boolean: return "boolean";
    case DataType::Integer: return "integer";
    case DataType::Long: return "long";
    case DataType::UnsignedLong: return "unsigned_long";
    case DataType::Double: return "double";
    case DataType::Keyword: return "keyword";
    case DataType::Text: return "text";
    case DataType::Datetime: return "date";
    case DataType::DateNanos: return "date_nanos";
    case DataType::Ip: return "ip";
    case DataType::Version: return "version";
    case DataType::DatePeriod: return "date_period";
    case DataType::TimeDuration: return "time_duration";
    case DataType::GeoPoint: return "geo_point";
    case DataType::Unsupported: return "unsupported";
  }
  return "unsupported";
}

std::optional<DataType> parse_type_name(std::string_view raw) {
  std::string n(raw);
  std::transform(n.begin(), n.end(), n.begin(), [](unsigned char c) { return std::tolower(c); });
  if (n == "null") return DataType::Null;
  if (n == "boolean" || n == "bool") return DataType::Boolean;
  if (n == "integer" || n == "int" || n == "i" || n == "short" || n == "byte") return DataType::Integer;
  if (n == "long" || n == "l") return DataType::Long;
  if (n == "unsigned_long" || n == "ul") return DataType::UnsignedLong;
  if (n == "double" || n == "d" || n == "float" || n == "half_float" || n == "scaled_float" ||
      n == "f")
    return DataType::Double;
  if (n == "keyword" || n == "k" || n == "string" || n == "s" || n == "constant_keyword" ||
      n == "wildcard")
    return DataType::Keyword;
  if (n == "text" || n == "txt" || n == "match_only_text") return DataType::Text;
  if (n == "date" || n == "datetime" || n == "dt") return DataType::Datetime;
  if (n == "date_nanos") return DataType::DateNanos;
  if (n == "ip") return DataType::Ip;
  if (n == "version" || n == "v") return DataType::Version;
  if (n == "date_period") return DataType::DatePeriod;
  if (n == "time_duration") return DataType::TimeDuration;
  return std::nullopt;
}

}  // namespace trailhound
