// Calendar fields of dates in the session time zone: DATE_EXTRACT, YEAR,
// MONTH, DAY, HOUR, DAY_NAME, MONTH_NAME, DATE_UNIT_COUNT
// (esql-semantics.md §5 "Date/time").
#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "exec/functions/date_support.h"
#include "exec/value_format.h"

namespace trailhound {

Result<ExprP> bind_date_arg(const CallInfo& info, ExprP e, size_t i, size_t arity, std::string_view expected) {
  auto dc = coerce_string_literal(info, e, DataType::Datetime);
  if (!dc.ok()) return dc.status();
  const DataType t = dc.value()->type();
  if (t != DataType::Datetime && t != DataType::DateNanos && t != DataType::Null)
    return arg_type_error(info, i, arity, expected, t);
  return dc.value();
}

LocalDate local_date(int64_t utc_ms, const TimeZone& zone) {
  LocalDate d;
  const int64_t local = zone.to_local(utc_ms);
  d.epoch_day = date_floor_div(local, kMillisPerDay);
  d.ms_of_day = local - d.epoch_day * kMillisPerDay;
  civil_from_days(d.epoch_day, d.year, d.month, d.day);
  d.dow = static_cast<int>(((d.epoch_day % 7) + 7 + 3) % 7) + 1;  // 1970-01-01 was a Thursday
  d.doy = static_cast<int>(d.epoch_day - days_from_civil(d.year, 1, 1)) + 1;
  return d;
}

namespace {

std::string lower(std::string_view s) {
  std::string r(s);
  std::transform(r.begin(), r.end(), r.begin(), ::tolower);
  return r;
}

// java.time.temporal.ChronoField names (as DATE_EXTRACT accepts them, any case).
enum class Chrono {
  NanoOfSecond, NanoOfDay, MicroOfSecond, MicroOfDay, MilliOfSecond, MilliOfDay, SecondOfMinute, SecondOfDay,
  MinuteOfHour, MinuteOfDay, HourOfAmpm, ClockHourOfAmpm, HourOfDay, ClockHourOfDay, AmpmOfDay, DayOfWeek,
  AlignedDayOfWeekInMonth, AlignedDayOfWeekInYear, DayOfMonth, DayOfYear, EpochDay, AlignedWeekOfMonth,
  AlignedWeekOfYear, MonthOfYear, ProlepticMonth, YearOfEra, Year, Era, InstantSeconds, OffsetSeconds
};

std::optional<Chrono> chrono_of(std::string_view name) {
  static const std::pair<const char*, Chrono> kNames[] = {
      {"nano_of_second", Chrono::NanoOfSecond}, {"nano_of_day", Chrono::NanoOfDay},
      {"micro_of_second", Chrono::MicroOfSecond}, {"micro_of_day", Chrono::MicroOfDay},
      {"milli_of_second", Chrono::MilliOfSecond}, {"milli_of_day", Chrono::MilliOfDay},
      {"second_of_minute", Chrono::SecondOfMinute}, {"second_of_day", Chrono::SecondOfDay},
      {"minute_of_hour", Chrono::MinuteOfHour}, {"minute_of_day", Chrono::MinuteOfDay},
      {"hour_of_ampm", Chrono::HourOfAmpm}, {"clock_hour_of_ampm", Chrono::ClockHourOfAmpm},
      {"hour_of_day", Chrono::HourOfDay}, {"clock_hour_of_day", Chrono::ClockHourOfDay},
      {"ampm_of_day", Chrono::AmpmOfDay}, {"day_of_week", Chrono::DayOfWeek},
      {"aligned_day_of_week_in_month", Chrono::AlignedDayOfWeekInMonth},
      {"aligned_day_of_week_in_year", Chrono::AlignedDayOfWeekInYear}, {"day_of_month", Chrono::DayOfMonth},
      {"day_of_year", Chrono::DayOfYear}, {"epoch_day", Chrono::EpochDay},
      {"aligned_week_of_month", Chrono::AlignedWeekOfMonth}, {"aligned_week_of_year", Chrono::AlignedWeekOfYear},
      {"month_of_year", Chrono::MonthOfYear}, {"proleptic_month", Chrono::ProlepticMonth},
      {"year_of_era", Chrono::YearOfEra}, {"year", Chrono::Year}, {"era", Chrono::Era},
      {"instant_seconds", Chrono::InstantSeconds}, {"offset_seconds", Chrono::OffsetSeconds}};
  const std::string n = lower(name);
  for (const auto& [k, c] : kNames)
    if (n == k) return c;
  return std::nullopt;
}

int64_t extract(Chrono c, const Instant& in, const TimeZone& zone) {
  const LocalDate d = local_date(in.ms, zone);
  const int64_t nod = d.ms_of_day * 1000000 + in.sub_ms_nanos;
  const int64_t hour = d.ms_of_day / 3600000;
  switch (c) {
    case Chrono::NanoOfSecond: return nod % 1000000000;
    case Chrono::NanoOfDay: return nod;
    case Chrono::MicroOfSecond: return nod / 1000 % 1000000;
    case Chrono::MicroOfDay: return nod / 1000;
    case Chrono::MilliOfSecond: return d.ms_of_day % 1000;
    case Chrono::MilliOfDay: return d.ms_of_day;
    case Chrono::SecondOfMinute: return d.ms_of_day / 1000 % 60;
    case Chrono::SecondOfDay: return d.ms_of_day / 1000;
    case Chrono::MinuteOfHour: return d.ms_of_day / 60000 % 60;
    case Chrono::MinuteOfDay: return d.ms_of_day / 60000;
    case Chrono::HourOfAmpm: return hour % 12;
    case Chrono::ClockHourOfAmpm: return hour % 12 == 0 ? 12 : hour % 12;
    case Chrono::HourOfDay: return hour;
    case Chrono::ClockHourOfDay: return hour == 0 ? 24 : hour;
    case Chrono::AmpmOfDay: return hour / 12;
    case Chrono::DayOfWeek: return d.dow;
    case Chrono::AlignedDayOfWeekInMonth: return (d.day - 1) % 7 + 1;
    case Chrono::AlignedDayOfWeekInYear: return (d.doy - 1) % 7 + 1;
    case Chrono::DayOfMonth: return d.day;
    case Chrono::DayOfYear: return d.doy;
    case Chrono::EpochDay: return d.epoch_day;
    case Chrono::AlignedWeekOfMonth: return (d.day - 1) / 7 + 1;
    case Chrono::AlignedWeekOfYear: return (d.doy - 1) / 7 + 1;
    case Chrono::MonthOfYear: return d.month;
    case Chrono::ProlepticMonth: return d.year * 12 + d.month - 1;
    case Chrono::YearOfEra: return d.year >= 1 ? d.year : 1 - d.year;
    case Chrono::Year: return d.year;
    case Chrono::Era: return d.year >= 1 ? 1 : 0;
    case Chrono::InstantSeconds: return date_floor_div(in.ms, 1000);
    case Chrono::OffsetSeconds: return zone.offset_ms(in.ms) / 1000;
  }
  return 0;
}

std::string fold_string(const ExprP& e) {
  EvalContext scratch;
  Vec v = fold(*e, scratch);
  return std::string(v.count(0) == 1 ? v.c().str[v.begin(0)] : "");
}

// DATE_EXTRACT(part, date) → long; a constant part is checked at analysis,
// a per-row part that is not a ChronoField yields null + warning.
Result<ExprP> bind_date_extract(const CallInfo& info, std::vector<ExprP>& args) {
  if (args.size() != 2) return arity_error(info, "two");
  if (!is_string(args[0]->type()) && args[0]->type() != DataType::Null)
    return arg_type_error(info, 0, 2, "string", args[0]->type());
  auto dc = bind_date_arg(info, args[1], 1, 2);
  if (!dc.ok()) return dc.status();
  if (args[0]->type() == DataType::Null || dc.value()->type() == DataType::Null)
    return make_null_literal(DataType::Long, info.src);
  std::optional<Chrono> fixed;
  if (args[0]->foldable()) {
    const std::string part = fold_string(args[0]);
    fixed = chrono_of(part);
    if (!fixed)
      return Status::analysis_error(fmt::format("{}invalid date field for [{}]: [{}]", where(info), info.src.text, part));
  }
  const DataType t = dc.value()->type();
  const TimeZoneP zone = info.zone ? info.zone : TimeZone::utc();
  return ExprP(std::make_shared<FnExpr>(DataType::Long, info.src, std::vector<ExprP>{args[0], dc.value()},
                                        [fixed, t, zone](const FnExpr& self, const std::vector<Vec>& a, size_t rows, EvalContext& ctx) {
    return map_single(self, ctx, rows, DataType::Long, a, [&](Column& out, const uint32_t* vi) {
      auto c = fixed;
      if (!c) {
        const std::string_view part = a[0].c().str[vi[0]];
        c = chrono_of(part);
        if (!c) {
          std::string upper(part);
          std::transform(upper.begin(), upper.end(), upper.begin(), ::toupper);
          return ctx.warnings.failure(self.source(), "java.lang.IllegalArgumentException: No enum constant java.time.temporal.ChronoField." + upper);
        }
      }
      out.push_i64(extract(*c, split_instant(t, a[1].c().i64[vi[1]]), *zone));
    });
  }));
}

// YEAR / MONTH / DAY / HOUR / DAY_NAME / MONTH_NAME: one date argument.
template <Chrono C>
Result<ExprP> bind_part(const CallInfo& info, std::vector<ExprP>& args) {
  if (args.size() != 1) return arity_error(info, "one");
  auto dc = bind_date_arg(info, args[0], 0, 1);
  if (!dc.ok()) return dc.status();
  if (dc.value()->type() == DataType::Null) return make_null_literal(DataType::Long, info.src);
  const DataType t = dc.value()->type();
  const TimeZoneP zone = info.zone ? info.zone : TimeZone::utc();
  return ExprP(std::make_shared<FnExpr>(DataType::Long, info.src, std::vector<ExprP>{dc.value()},
                                        [t, zone](const FnExpr& self, const std::vector<Vec>& a, size_t rows, EvalContext& ctx) {
    return map_single(self, ctx, rows, DataType::Long, a, [&](Column& out, const uint32_t* vi) {
      out.push_i64(extract(C, split_instant(t, a[0].c().i64[vi[0]]), *zone));
    });
  }));
}

template <bool Month>
Result<ExprP> bind_name(const CallInfo& info, std::vector<ExprP>& args) {
  static const char* const kDays[] = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};
  static const char* const kMonths[] = {"January", "February", "March",     "April",   "May",      "June",
                                        "July",    "August",   "September", "October", "November", "December"};
  if (args.size() != 1) return arity_error(info, "one");
  auto dc = bind_date_arg(info, args[0], 0, 1);
  if (!dc.ok()) return dc.status();
  if (dc.value()->type() == DataType::Null) return make_null_literal(DataType::Keyword, info.src);
  const DataType t = dc.value()->type();
  const TimeZoneP zone = info.zone ? info.zone : TimeZone::utc();
  return ExprP(std::make_shared<FnExpr>(DataType::Keyword, info.src, std::vector<ExprP>{dc.value()},
                                        [t, zone](const FnExpr& self, const std::vector<Vec>& a, size_t rows, EvalContext& ctx) {
    return map_single(self, ctx, rows, DataType::Keyword, a, [&](Column& out, const uint32_t* vi) {
      const LocalDate d = local_date(split_instant(t, a[0].c().i64[vi[0]]).ms, *zone);
      out.push_str(Month ? kMonths[d.month - 1] : kDays[d.dow - 1]);
    });
  }));
}

// ---- DATE_UNIT_COUNT(to_unit, from_unit, date): how many `to_unit`s the
// `from_unit` period containing `date` (in the session zone) holds.

enum Unit { kNanos, kMicros, kMillis, kSeconds, kMinutes, kHours, kDays, kWeeks, kMonths, kQuarters, kYears };

std::optional<Unit> unit_of(std::string_view name) {
  std::string n = lower(name);
  if (n.size() > 1 && n.back() == 's') n.pop_back();
  static const std::pair<const char*, Unit> kNames[] = {
      {"nanosecond", kNanos}, {"microsecond", kMicros}, {"millisecond", kMillis}, {"second", kSeconds},
      {"minute", kMinutes},   {"hour", kHours},         {"day", kDays},          {"week", kWeeks},
      {"month", kMonths},     {"quarter", kQuarters},   {"year", kYears}};
  for (const auto& [k, u] : kNames)
    if (n == k) return u;
  return std::nullopt;
}

int64_t months_of(Unit u) { return u == kMonths ? 1 : u == kQuarters ? 3 : 12; }

std::optional<int64_t> unit_count(Unit to, Unit from, int64_t utc_ms, const TimeZone& zone) {
  static const int64_t kUnitNanos[] = {1, 1000, 1000000, 1000000000LL, 60000000000LL, 3600000000000LL};
  const LocalDate d = local_date(utc_ms, zone);
  // The local start and end (exclusive) of the enclosing `from` period, as epoch days.
  int64_t start_day, end_day;
  int64_t start_ms_of_day = 0, length_ms_fixed = 0;
  if (from <= kHours) {
    static const int64_t kUnitMs[] = {0, 0, 1, 1000, 60000, 3600000};
    if (from < kMillis) return std::nullopt;  // sub-millisecond periods hold no larger unit
    length_ms_fixed = kUnitMs[from];
    start_ms_of_day = d.ms_of_day / length_ms_fixed * length_ms_fixed;
    start_day = end_day = d.epoch_day;
  } else if (from == kDays) {
    start_day = d.epoch_day, end_day = start_day + 1;
  } else if (from == kWeeks) {
    start_day = d.epoch_day - (d.dow - 1), end_day = start_day + 7;
  } else {
    const int64_t n = months_of(from);
    const int64_t m0 = (d.month - 1) / n * n;  // first month (0-based) of the period
    start_day = days_from_civil(d.year, static_cast<unsigned>(m0 + 1), 1);
    const int64_t em = m0 + n;
    end_day = days_from_civil(d.year + em / 12, static_cast<unsigned>(em % 12 + 1), 1);
  }
  if (to >= kMonths) {
    if (from < kMonths || months_of(to) > months_of(from)) return from < kMonths ? std::optional<int64_t>(0) : std::nullopt;
    return months_of(from) / months_of(to);
  }
  int64_t start_utc, end_utc;
  if (length_ms_fixed) {
    start_utc = zone.to_utc(start_day * kMillisPerDay + start_ms_of_day);
    end_utc = start_utc + length_ms_fixed;
  } else {
    start_utc = zone.to_utc(start_day * kMillisPerDay);
    end_utc = zone.to_utc(end_day * kMillisPerDay);
  }
  const __int128 span_nanos = static_cast<__int128>(end_utc - start_utc) * 1000000;
  const __int128 unit = to == kDays ? 86400000000000LL : to == kWeeks ? 604800000000000LL : kUnitNanos[to];
  const __int128 r = span_nanos / unit;
  if (r > INT64_MAX) return std::nullopt;
  return static_cast<int64_t>(r);
}

Result<ExprP> bind_date_unit_count(const CallInfo& info, std::vector<ExprP>& args) {
  if (args.size() != 3) return arity_error(info, "three");
  for (size_t i = 0; i < 2; ++i)
    if (!is_string(args[i]->type()) && args[i]->type() != DataType::Null)
      return arg_type_error(info, i, 3, "string", args[i]->type());
  auto dc = bind_date_arg(info, args[2], 2, 3);
  if (!dc.ok()) return dc.status();
  for (const auto& a : {args[0], args[1], dc.value()})
    if (a->type() == DataType::Null) return make_null_literal(DataType::Long, info.src);
  for (size_t i = 0; i < 2; ++i)
    if (args[i]->foldable() && !unit_of(fold_string(args[i])))
      return Status::analysis_error(fmt::format("{}invalid time unit for [{}]: [{}]", where(info), info.src.text, fold_string(args[i])));
  const DataType t = dc.value()->type();
  const TimeZoneP zone = info.zone ? info.zone : TimeZone::utc();
  return ExprP(std::make_shared<FnExpr>(DataType::Long, info.src, std::vector<ExprP>{args[0], args[1], dc.value()},
                                        [t, zone](const FnExpr& self, const std::vector<Vec>& a, size_t rows, EvalContext& ctx) {
    return map_single(self, ctx, rows, DataType::Long, a, [&](Column& out, const uint32_t* vi) {
      const auto to = unit_of(a[0].c().str[vi[0]]), from = unit_of(a[1].c().str[vi[1]]);
      if (!to || !from)
        return ctx.warnings.failure(self.source(), "java.lang.IllegalArgumentException: invalid time unit [" +
                                                       std::string(a[to ? 1 : 0].c().str[vi[to ? 1 : 0]]) + "]");
      auto n = unit_count(*to, *from, split_instant(t, a[2].c().i64[vi[2]]).ms, *zone);
      if (!n)
        return ctx.warnings.failure(self.source(), "java.lang.IllegalArgumentException: cannot count [" +
                                                       std::string(a[0].c().str[vi[0]]) + "] in a [" +
                                                       std::string(a[1].c().str[vi[1]]) + "]");
      out.push_i64(*n);
    });
  }));
}

}  // namespace

void register_date_part_functions(FunctionTable& t) {
  t.add("date_extract", bind_date_extract);
  t.add("year", bind_part<Chrono::Year>);
  t.add("month", bind_part<Chrono::MonthOfYear>);
  t.add("day", bind_part<Chrono::DayOfMonth>);
  t.add("hour", bind_part<Chrono::HourOfDay>);
  t.add("day_name", bind_name<false>);
  t.add("month_name", bind_name<true>);
  t.add("date_unit_count", bind_date_unit_count);
}

}  // namespace trailhound
