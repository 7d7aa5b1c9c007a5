// Helpers shared by the date function files (date_functions.cpp,
// date_parts.cpp, date_pattern_functions.cpp, date_arithmetic.cpp).
//
// Contract: datetime values are epoch milliseconds, date_nanos values epoch
// nanoseconds; split_instant() turns either into (millis, nanos below the
// millisecond) without overflow. call_zone() is the session time zone of a
// call (UTC unless `SET time_zone`).
#pragma once

#include <cstdint>
#include <optional>

#include "exec/functions/function_registry.h"
#include "exec/time_zone.h"

namespace trailhound {

inline int64_t date_floor_div(int64_t a, int64_t b) {
  int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

inline constexpr int64_t kMillisPerDay = 86400000;

inline const TimeZone& call_zone(const CallInfo& info) { return info.zone ? *info.zone : *TimeZone::utc(); }

struct Instant {
  int64_t ms;
  int64_t sub_ms_nanos;
};
inline Instant split_instant(DataType t, int64_t v) {
  if (t != DataType::DateNanos) return {v, 0};
  const int64_t ms = date_floor_div(v, 1000000);
  return {ms, v - ms * 1000000};
}

// Coerces a string literal to datetime and checks the argument is a date
// (datetime, date_nanos or null); `expected` names the accepted types.
Result<ExprP> bind_date_arg(const CallInfo& info, ExprP e, size_t i, size_t arity,
                            std::string_view expected = "date_nanos or datetime");

// Local (zone-adjusted) calendar fields of an instant.
struct LocalDate {
  int64_t year;
  unsigned month, day;
  int64_t ms_of_day;
  int dow;  // 1 = Monday
  int doy;
  int64_t epoch_day;
};
LocalDate local_date(int64_t utc_ms, const TimeZone& zone);

// Date ± temporal amount and sums of temporal amounts (date_arithmetic.cpp);
// nullopt when neither side is a date_period/time_duration.
std::optional<Result<ExprP>> bind_temporal_arithmetic(ArithOp op, const CallInfo& info, const ExprP& l, const ExprP& r);
// -(combined temporal amount); nullptr when `e` is not one.
ExprP negate_temporal(const CallInfo& info, const Expression& e);

void register_date_part_functions(FunctionTable& t);
void register_date_pattern_functions(FunctionTable& t);

}  // namespace trailhound
