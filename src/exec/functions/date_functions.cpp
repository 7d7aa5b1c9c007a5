// DATE_TRUNC, NOW, DATE_EXTRACT (common fields), DATE_DIFF (fixed units)
// (esql-semantics.md §5 "Date/time"). All computations are UTC.
#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "exec/functions/date_support.h"
#include "exec/functions/function_registry.h"
#include "exec/value_format.h"

namespace trailhound {

namespace {

int64_t floor_div(int64_t a, int64_t b) {
  int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

constexpr int64_t kDayMs = 86400000;

// Parses "1 month", "10 seconds", "1h" as a time span (string intervals).
std::optional<SpanValue> parse_span_text(std::string_view s) {
  size_t i = 0;
  while (i < s.size() && s[i] == ' ') ++i;
  size_t j = i;
  if (j < s.size() && (s[j] == '-' || s[j] == '+')) ++j;
  while (j < s.size() && std::isdigit(static_cast<unsigned char>(s[j]))) ++j;
  if (j == i) return std::nullopt;
  int64_t amount = std::stoll(std::string(s.substr(i, j - i)));
  while (j < s.size() && s[j] == ' ') ++j;
  std::string unit(s.substr(j));
  while (!unit.empty() && unit.back() == ' ') unit.pop_back();
  std::transform(unit.begin(), unit.end(), unit.begin(), ::tolower);
  static const std::pair<const char*, int> kUnits[] = {
      {"millisecond", 0}, {"milliseconds", 0}, {"ms", 0},      {"second", 1},  {"seconds", 1}, {"sec", 1},
      {"s", 1},           {"minute", 2},       {"minutes", 2}, {"min", 2},     {"hour", 3},    {"hours", 3},
      {"h", 3},           {"day", 4},          {"days", 4},    {"d", 4},       {"week", 5},    {"weeks", 5},
      {"w", 5},           {"month", 6},        {"months", 6},  {"mo", 6},      {"quarter", 7}, {"quarters", 7},
      {"q", 7},           {"year", 8},         {"years", 8},   {"y", 8},       {"yr", 8}};
  for (const auto& [name, u] : kUnits)
    if (unit == name) return SpanValue{amount, u};
  return std::nullopt;
}

int64_t trunc_to_span(int64_t ms, const SpanValue& s) {
  static const int64_t kUnitMs[] = {1, 1000, 60000, 3600000};
  if (s.unit <= 3) {
    const int64_t d = s.amount * kUnitMs[s.unit];
    return floor_div(ms, d) * d;
  }
  const int64_t day = floor_div(ms, kDayMs);
  // Calendar periods are anchored at 0001-01-01 (a Monday), see §5.
  if (s.unit == 4 || s.unit == 5) {
    const int64_t base = days_from_civil(1, 1, 1);
    const int64_t n = s.amount * (s.unit == 5 ? 7 : 1);
    return (floor_div(day - base, n) * n + base) * kDayMs;
  }
  int64_t y;
  unsigned m, d;
  civil_from_days(day, y, m, d);
  if (s.unit == 8) {
    const int64_t ny = floor_div(y - 1, s.amount) * s.amount + 1;
    return days_from_civil(ny, 1, 1) * kDayMs;
  }
  const int64_t n = s.amount * (s.unit == 7 ? 3 : 1);
  const int64_t idx = y * 12 + (m - 1);
  const int64_t k = floor_div(idx - 12, n) * n + 12;
  const int64_t ny = floor_div(k, 12);
  return days_from_civil(ny, static_cast<unsigned>(k - ny * 12) + 1, 1) * kDayMs;
}

Result<ExprP> bind_date_trunc(const CallInfo& info, std::vector<ExprP>& args) {
  if (args.size() != 2) return arity_error(info, "two");
  std::optional<SpanValue> span;
  if (auto* s = span_of(*args[0])) {
    span = *s;
  } else if (is_string(args[0]->type()) && args[0]->foldable()) {
    EvalContext scratch;
    Vec v = fold(*args[0], scratch);
    if (v.count(0) == 1) span = parse_span_text(v.c().str[v.begin(0)]);
    if (!span)
      return Status::analysis_error(fmt::format("{}Cannot convert string [{}] to [DATE_PERIOD or TIME_DURATION]",
                                                where(info), v.count(0) ? v.c().str[v.begin(0)] : ""));
  } else if (args[0]->type() == DataType::Null) {
    return make_null_literal(DataType::Datetime, info.src);
  } else {
    return arg_type_error(info, 0, 2, "date_period or time_duration", args[0]->type());
  }
  if (span->amount <= 0)
    return Status::analysis_error(fmt::format("{}Zero or negative time interval is not supported", where(info)));
  auto dc = coerce_string_literal(info, args[1], DataType::Datetime);
  if (!dc.ok()) return dc.status();
  ExprP date = dc.value();
  if (date->type() == DataType::Null) return make_null_literal(DataType::Datetime, info.src);
  if (date->type() != DataType::Datetime && date->type() != DataType::DateNanos)
    return arg_type_error(info, 1, 2, "date_nanos or datetime", date->type());
  const DataType t = date->type();
  const SpanValue sv = *span;
  // Truncation happens on the local time of the session zone (§5).
  const TimeZoneP zone = info.zone ? info.zone : TimeZone::utc();
  return ExprP(std::make_shared<FnExpr>(t, info.src, std::vector<ExprP>{date},
                                        [sv, t, zone](const FnExpr& self, const std::vector<Vec>& a, size_t rows, EvalContext& ctx) {
    const Column& d = a[0].c();
    auto trunc = [&](int64_t ms) { return zone->is_utc() ? trunc_to_span(ms, sv) : zone->to_utc(trunc_to_span(zone->to_local(ms), sv)); };
    return map_single(self, ctx, rows, t, a, [&](Column& out, const uint32_t* vi) {
      if (t == DataType::DateNanos) {
        const int64_t ns = d.i64[vi[0]];
        const int64_t ms = floor_div(ns, 1000000);
        if (sv.unit == 0 && sv.amount == 1) return out.push_i64(ms * 1000000);
        return out.push_i64(trunc(ms) * 1000000);
      }
      out.push_i64(trunc(d.i64[vi[0]]));
    });
  }));
}

Result<ExprP> bind_now(const CallInfo& info, std::vector<ExprP>& args) {
  if (!args.empty()) return arity_error(info, "no");
  return ExprP(std::make_shared<FnExpr>(DataType::Datetime, info.src, std::vector<ExprP>{},
                                        [](const FnExpr&, const std::vector<Vec>&, size_t, EvalContext& ctx) {
    Column c(DataType::Datetime);
    c.push_i64(ctx.now_millis);
    c.end_row();
    return Vec{std::make_shared<const Column>(std::move(c)), true};
  }));
}

// Java's LocalDateTime.until for calendar units (months): whole units, the end
// pulled back a day when its time of day is before the start's.
int64_t months_between(int64_t a_ms, int64_t b_ms) {
  int64_t ad = floor_div(a_ms, kDayMs), bd = floor_div(b_ms, kDayMs);
  const int64_t at = a_ms - ad * kDayMs, bt = b_ms - bd * kDayMs;
  if (bd > ad && bt < at) --bd;
  else if (bd < ad && bt > at) ++bd;
  int64_t ay, by;
  unsigned am, aday, bm, bday;
  civil_from_days(ad, ay, am, aday);
  civil_from_days(bd, by, bm, bday);
  int64_t months = (by * 12 + bm) - (ay * 12 + am);
  if (months > 0 && bday < aday) --months;
  else if (months < 0 && bday > aday) ++months;
  return months;
}

// Levenshtein distance (Lucene's LevenshteinDistance similarity is 1 - d / max length).
size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j)
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

// Elasticsearch's DateDiff.Part.resolve() failure: suggestions are the unit
// names/aliases with similarity >= 0.5 (StringUtils.findSimilar), best first.
std::string invalid_date_part_message(const std::string& value) {
  static const char* const kNames[] = {"year", "yy", "yyyy", "quarter", "qq", "q", "month", "mm", "m", "dayofyear", "dy", "y",
                                       "day", "dd", "d", "week", "wk", "ww", "weekday", "weekdays", "dw", "hour", "hh",
                                       "minute", "mi", "n", "second", "ss", "s", "millisecond", "ms", "microsecond", "mcs",
                                       "nanosecond", "ns"};
  std::vector<std::pair<float, std::string>> similar;
  for (const char* n : kNames) {
    const std::string_view name(n);
    const size_t longest = std::max(value.size(), name.size());
    const float sim = longest == 0 ? 1.0f : 1.0f - static_cast<float>(edit_distance(value, name)) / longest;
    if (sim >= 0.5f) similar.emplace_back(sim, n);
  }
  std::stable_sort(similar.begin(), similar.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  if (similar.empty())
    return "java.lang.IllegalArgumentException: A value of [YEAR, QUARTER, MONTH, DAYOFYEAR, DAY, WEEK, WEEKDAY, HOUR, "
           "MINUTE, SECOND, MILLISECOND, MICROSECOND, NANOSECOND] or their aliases is required; received [" + value + "]";
  std::string list;
  for (const auto& [sim, n] : similar) list += (list.empty() ? "" : ", ") + n;
  return "java.lang.IllegalArgumentException: Received value [" + value + "] is not valid date part to add; did you mean " +
         (similar.size() == 1 ? "[" + list + "]?" : "any of [" + list + "]?");
}

// DATE_DIFF(unit, start, end) → integer: whole units from start to end
// (calendar units count whole months/years, §5); overflow → null + warning.
Result<ExprP> bind_date_diff(const CallInfo& info, std::vector<ExprP>& args) {
  if (args.size() != 3) return arity_error(info, "three");
  if (!is_string(args[0]->type()) && args[0]->type() != DataType::Null)
    return arg_type_error(info, 0, 3, "string", args[0]->type());
  for (size_t i = 1; i < 3; ++i) {
    auto dc = coerce_string_literal(info, args[i], DataType::Datetime);
    if (!dc.ok()) return dc.status();
    args[i] = dc.value();
    const DataType t = args[i]->type();
    if (t != DataType::Datetime && t != DataType::DateNanos && t != DataType::Null)
      return arg_type_error(info, i, 3, "date_nanos or datetime", t);
  }
  for (const auto& a : args)
    if (a->type() == DataType::Null) return make_null_literal(DataType::Integer, info.src);
  // unit code: 0 ns, 1 us, 2 ms, 3 s, 4 min, 5 h, 6 day, 7 week, 8 month, 9 quarter, 10 year
  auto unit_of = [](std::string u) -> int {
    std::transform(u.begin(), u.end(), u.begin(), ::tolower);
    static const std::pair<const char*, int> kUnits[] = {
        {"year", 10},   {"years", 10},  {"yy", 10},          {"yyyy", 10},     {"quarter", 9},   {"quarters", 9},
        {"qq", 9},      {"q", 9},       {"month", 8},        {"months", 8},    {"mm", 8},        {"m", 8},
        {"dayofyear", 6}, {"dy", 6},    {"y", 6},            {"day", 6},       {"days", 6},      {"dd", 6},
        {"d", 6},       {"week", 7},    {"weeks", 7},        {"wk", 7},        {"ww", 7},        {"weekday", 6},
        {"weekdays", 6}, {"dw", 6},     {"hour", 5},         {"hours", 5},     {"hh", 5},        {"minute", 4},
        {"minutes", 4}, {"mi", 4},      {"n", 4},            {"second", 3},    {"seconds", 3},   {"ss", 3},
        {"s", 3},       {"millisecond", 2}, {"milliseconds", 2}, {"ms", 2},    {"microsecond", 1}, {"microseconds", 1},
        {"mcs", 1},     {"nanosecond", 0}, {"nanoseconds", 0}, {"ns", 0}};
    for (const auto& [n, c] : kUnits)
      if (u == n) return c;
    return -1;
  };
  int fixed_unit = -2;
  if (args[0]->foldable()) {
    EvalContext scratch;
    Vec v = fold(*args[0], scratch);
    const std::string u(v.count(0) == 1 ? v.c().str[v.begin(0)] : "");
    fixed_unit = unit_of(u);
    if (fixed_unit < 0)
      return Status::analysis_error(fmt::format("{}first argument of [{}] must be one of [YEARS, QUARTERS, MONTHS, WEEKS, DAYS, "
                                                "HOURS, MINUTES, SECONDS, MILLIS, MICROS, NANOS] or their aliases, found value [{}]",
                                                where(info), info.src.text, info.arg_texts[0]));
  }
  const DataType t1 = args[1]->type(), t2 = args[2]->type();
  // Calendar units are counted between the local date-times of the session zone.
  const TimeZoneP zone = info.zone ? info.zone : TimeZone::utc();
  return ExprP(std::make_shared<FnExpr>(
      DataType::Integer, info.src, args,
      [fixed_unit, unit_of, t1, t2, zone](const FnExpr& self, const std::vector<Vec>& a, size_t rows, EvalContext& ctx) {
        return map_single(self, ctx, rows, DataType::Integer, a, [&](Column& out, const uint32_t* vi) {
          const int unit = fixed_unit >= 0 ? fixed_unit : unit_of(std::string(a[0].c().str[vi[0]]));
          if (unit < 0) return ctx.warnings.failure(self.source(), invalid_date_part_message(std::string(a[0].c().str[vi[0]])));
          // Work in nanoseconds when either side is date_nanos, else millis.
          const int64_t s = a[1].c().i64[vi[1]], e = a[2].c().i64[vi[2]];
          const bool nanos = t1 == DataType::DateNanos || t2 == DataType::DateNanos;
          __int128 sn = t1 == DataType::DateNanos ? s : static_cast<__int128>(s) * 1000000;
          __int128 en = t2 == DataType::DateNanos ? e : static_cast<__int128>(e) * 1000000;
          (void)nanos;
          __int128 diff = 0;
          static const int64_t kNs[] = {1, 1000, 1000000, 1000000000LL, 60000000000LL, 3600000000000LL, 86400000000000LL,
                                        604800000000000LL};
          if (unit <= 7) {
            diff = (en - sn) / kNs[unit];
          } else {
            const int64_t sm = static_cast<int64_t>(sn >= 0 ? sn / 1000000 : -((-sn + 999999) / 1000000));
            const int64_t em = static_cast<int64_t>(en >= 0 ? en / 1000000 : -((-en + 999999) / 1000000));
            const int64_t months = months_between(zone->to_local(sm), zone->to_local(em));
            diff = unit == 8 ? months : unit == 9 ? months / 3 : months / 12;
          }
          if (diff > INT32_MAX || diff < INT32_MIN) {
            ctx.warnings.failure(self.source(), "org.elasticsearch.xpack.esql.core.InvalidArgumentException: [" +
                                                    std::to_string(static_cast<int64_t>(diff)) + "] out of [integer] range");
            return;
          }
          out.push_i64(static_cast<int64_t>(diff));
        });
      }));
}

}  // namespace

void register_date_functions(FunctionTable& t) {
  t.add("date_diff", bind_date_diff);
  t.add("date_trunc", bind_date_trunc);
  t.add("now", bind_now);
  register_date_part_functions(t);
  register_date_pattern_functions(t);
}

}  // namespace trailhound
