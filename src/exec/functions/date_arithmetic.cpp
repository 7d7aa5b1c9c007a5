// Temporal arithmetic: date ± date_period / time_duration, and sums of
// temporal amounts (`1 year + 1 month`, `-(1 hour + 1 minute)`).
//
// Temporal amounts are constants: a span literal (`3 months`) or a folded
// combination of them (TemporalLiteral below). Periods are added in the
// session time zone's local time (ZonedDateTime.plus semantics: months
// first, clamping the day, then days); durations are added to the instant.
// Out-of-range results are null + Java's exception text.
#include <fmt/format.h>

#include "exec/functions/date_support.h"
#include "exec/value_format.h"

namespace trailhound {

namespace {

// A combined temporal amount; `period` selects months/days vs. milliseconds.
struct Temporal {
  bool period = false;
  int64_t months = 0, days = 0, ms = 0;
};

class TemporalLiteral final : public Expression {
 public:
  TemporalLiteral(Temporal v, WarningSource src)
      : Expression(v.period ? DataType::DatePeriod : DataType::TimeDuration, std::move(src)), v_(v) {}
  Vec eval(const Batch&, EvalContext&) const override {
    Column c(type());
    c.push_i64(v_.period ? v_.months * 31 + v_.days : v_.ms);  // never output: EVAL rejects temporal types
    c.end_row();
    return Vec{std::make_shared<const Column>(std::move(c)), true};
  }
  bool foldable() const override { return true; }
  const Temporal& value() const { return v_; }

 private:
  Temporal v_;
};

std::optional<Temporal> temporal_of(const Expression& e) {
  if (auto* t = dynamic_cast<const TemporalLiteral*>(&e)) return t->value();
  const SpanValue* s = span_of(e);
  if (!s) return std::nullopt;
  Temporal t;
  static const int64_t kMs[] = {1, 1000, 60000, 3600000};
  switch (s->unit) {
    case 0: case 1: case 2: case 3: t.ms = s->amount * kMs[s->unit]; break;
    case 4: t.period = true, t.days = s->amount; break;
    case 5: t.period = true, t.days = s->amount * 7; break;
    case 6: t.period = true, t.months = s->amount; break;
    case 7: t.period = true, t.months = s->amount * 3; break;
    case 8: t.period = true, t.months = s->amount * 12; break;
  }
  return t;
}

bool is_temporal(DataType t) { return t == DataType::DatePeriod || t == DataType::TimeDuration; }

constexpr int64_t kMaxYear = 999999999;

// Adds a period to a UTC instant in `zone`; sets `error` on overflow.
std::optional<int64_t> add_period(int64_t utc_ms, const Temporal& p, int sign, const TimeZone& zone, std::string& error) {
  const LocalDate d = local_date(utc_ms, zone);
  __int128 idx = static_cast<__int128>(d.year) * 12 + (d.month - 1) + static_cast<__int128>(p.months) * sign;
  __int128 ny = idx >= 0 ? idx / 12 : -((-idx + 11) / 12);
  if (ny > kMaxYear || ny < -kMaxYear) {
    error = fmt::format("java.time.DateTimeException: Invalid value for Year (valid values -999999999 - 999999999): {}",
                        static_cast<int64_t>(ny));
    return std::nullopt;
  }
  const unsigned nm = static_cast<unsigned>(idx - ny * 12) + 1;
  static const unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const int64_t y = static_cast<int64_t>(ny);
  const unsigned dim = kDays[nm - 1] + (nm == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
  const __int128 day = static_cast<__int128>(days_from_civil(y, nm, std::min(d.day, dim))) + static_cast<__int128>(p.days) * sign;
  const __int128 local = day * kMillisPerDay + d.ms_of_day;
  if (local > INT64_MAX / 2 || local < INT64_MIN / 2) {
    error = "java.lang.ArithmeticException: long overflow";
    return std::nullopt;
  }
  return zone.to_utc(static_cast<int64_t>(local));
}

Result<ExprP> bind_date_plus(const CallInfo& info, ExprP date, Temporal amount, int sign, size_t date_index) {
  auto dc = coerce_string_literal(info, date, DataType::Datetime);
  if (!dc.ok()) return dc.status();
  date = dc.value();
  const DataType t = date->type();
  if (t == DataType::Null) return make_null_literal(DataType::Datetime, info.src);
  if (t != DataType::Datetime && t != DataType::DateNanos)
    return arg_type_error(info, date_index, 2, "date_nanos or datetime", t);
  const TimeZoneP zone = info.zone ? info.zone : TimeZone::utc();
  auto impl = [amount, sign, t, zone](const FnExpr& self, const std::vector<Vec>& a, size_t rows, EvalContext& ctx) {
    const Column& d = a[0].c();
    return map_single(self, ctx, rows, t, a, [&](Column& out, const uint32_t* vi) {
      const int64_t v = d.i64[vi[0]];
      std::string error = "java.lang.ArithmeticException: long overflow";
      if (!amount.period) {
        int64_t delta, r;
        const int64_t scale = t == DataType::DateNanos ? 1000000 : 1;
        if (!__builtin_mul_overflow(amount.ms * sign, scale, &delta) && !__builtin_add_overflow(v, delta, &r))
          return out.push_i64(r);
        return ctx.warnings.failure(self.source(), error);
      }
      const Instant in = split_instant(t, v);
      auto ms = add_period(in.ms, amount, sign, *zone, error);
      if (!ms) return ctx.warnings.failure(self.source(), error);
      if (t == DataType::DateNanos) {
        int64_t r;
        if (__builtin_mul_overflow(*ms, int64_t{1000000}, &r) || __builtin_add_overflow(r, in.sub_ms_nanos, &r))
          return ctx.warnings.failure(self.source(), error);
        return out.push_i64(r);
      }
      out.push_i64(*ms);
    });
  };
  return ExprP(std::make_shared<FnExpr>(t, info.src, std::vector<ExprP>{date}, impl));
}

}  // namespace

std::optional<Result<ExprP>> bind_temporal_arithmetic(ArithOp op, const CallInfo& info, const ExprP& l, const ExprP& r) {
  const bool lt = is_temporal(l->type()), rt = is_temporal(r->type());
  if (!lt && !rt) return std::nullopt;
  if (op != ArithOp::Add && op != ArithOp::Sub) return std::nullopt;
  const auto la = temporal_of(*l), ra = temporal_of(*r);
  if ((lt && !la) || (rt && !ra))
    return Result<ExprP>(Status::unsupported(fmt::format("{}unsupported: non-constant temporal amount in [{}]", where(info), info.src.text)));
  const int sign = op == ArithOp::Sub ? -1 : 1;
  if (lt && rt) {
    if (la->period != ra->period)
      return Result<ExprP>(Status::analysis_error(fmt::format(
          "{}second argument of [{}] must be [{}], found value [{}] type [{}]", where(info), info.src.text,
          error_type_name(l->type()), info.arg_texts[1], error_type_name(r->type()))));
    Temporal s = *la;
    s.months += sign * ra->months, s.days += sign * ra->days, s.ms += sign * ra->ms;
    return Result<ExprP>(ExprP(std::make_shared<TemporalLiteral>(s, info.src)));
  }
  // One side temporal: null adopts nothing (the sum is a null of unknown type).
  const ExprP& other = lt ? r : l;
  if (other->type() == DataType::Null) return Result<ExprP>(make_null_literal(DataType::Null, info.src));
  if (lt && op == ArithOp::Sub)
    return Result<ExprP>(Status::analysis_error(fmt::format(
        "{}[-] arguments are in unsupported order: cannot subtract a [{}] value [{}] from a [{}] amount [{}]", where(info),
        error_type_name(r->type()), info.arg_texts[1], error_type_name(l->type()), info.arg_texts[0])));
  return bind_date_plus(info, other, lt ? *la : *ra, sign, lt ? 1 : 0);
}

ExprP negate_temporal(const CallInfo& info, const Expression& e) {
  auto t = dynamic_cast<const TemporalLiteral*>(&e);
  if (!t) return nullptr;
  Temporal v = t->value();
  v.months = -v.months, v.days = -v.days, v.ms = -v.ms;
  return std::make_shared<TemporalLiteral>(v, info.src);
}

}  // namespace trailhound
