// Argument checking and typing of aggregate calls (the analyzer binds the
// arguments and hands them here), see aggregator.h.
#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "exec/aggregates/aggregator.h"

namespace trailhound {

namespace {

struct AggName {
  const char* name;
  AggKind kind;
  size_t min_args, max_args;
};

constexpr AggName kAggs[] = {
    {"count", AggKind::Count, 1, 1},          {"count_distinct", AggKind::CountDistinct, 1, 2},
    {"values", AggKind::Values, 1, 1},        {"min", AggKind::Min, 1, 1},
    {"max", AggKind::Max, 1, 1},              {"sum", AggKind::Sum, 1, 1},
    {"avg", AggKind::Avg, 1, 1},              {"median", AggKind::Percentile, 1, 1},
    {"percentile", AggKind::Percentile, 2, 2}, {"median_absolute_deviation", AggKind::Mad, 1, 1},
    {"std_dev", AggKind::StdDev, 1, 1},       {"variance", AggKind::Variance, 1, 1},
    {"std_var", AggKind::Variance, 1, 1},     {"weighted_avg", AggKind::WeightedAvg, 2, 2},
    {"present", AggKind::Present, 1, 1},      {"absent", AggKind::Present, 1, 1},
    {"top", AggKind::Top, 3, 3},
    {"first", AggKind::First, 2, 2},          {"last", AggKind::Last, 2, 2},
};

std::string_view arity_words(size_t lo, size_t hi) {
  if (lo == hi) return lo == 1 ? "one" : lo == 2 ? "two" : "three";
  return lo == 1 && hi == 2 ? "one or two" : "two or three";
}

// The single value of a constant argument, or an analysis error.
Result<Vec> constant_value(const CallInfo& info, const ExprP& e, size_t i, size_t arity, std::string_view what) {
  if (!e->foldable())
    return Status::analysis_error(fmt::format("{}{} argument of [{}] must be a constant, received [{}]", where(info),
                                              i == 1 ? "second" : "third", info.src.text,
                                              i < info.arg_texts.size() ? info.arg_texts[i] : ""));
  (void)arity;
  (void)what;
  EvalContext scratch;
  return fold(*e, scratch);
}

}  // namespace

Status resolve_aggregate_call(const CallInfo& info, std::vector<ExprP> args, AggregateSpec& spec) {
  const AggName* def = nullptr;
  for (const auto& a : kAggs)
    if (info.name == a.name) def = &a;
  if (!def) return Status::analysis_error(fmt::format("{}unknown aggregate [{}]", where(info), info.name));
  if (args.size() < def->min_args || args.size() > def->max_args)
    return arity_error(info, arity_words(def->min_args, def->max_args));
  spec.kind = def->kind;
  spec.arg = args[0];
  const DataType at = args[0]->type();
  const bool numeric_arg = is_numeric(at) || at == DataType::Null;

  switch (spec.kind) {
    case AggKind::Percentile:
    case AggKind::Mad:
    case AggKind::StdDev:
    case AggKind::Variance:
      if (!numeric_arg || at == DataType::UnsignedLong)
        return arg_type_error(info, 0, args.size(), "numeric except unsigned_long or counter types", at);
      spec.type = DataType::Double;
      spec.param = 50;
      if (info.name == "percentile") {
        const DataType pt = args[1]->type();
        if (!is_numeric(pt) && pt != DataType::Null)
          return arg_type_error(info, 1, 2, "numeric except unsigned_long", pt);
        auto v = constant_value(info, args[1], 1, 2, "percentile");
        if (!v.ok()) return v.status();
        const Vec& p = v.value();
        // A null percentile makes the whole aggregate null.
        if (p.type() == DataType::Null || p.count(0) != 1) spec.arg = make_null_literal(DataType::Null, info.src);
        else spec.param = num_at(p.c(), p.begin(0));
      }
      return Status();
    case AggKind::WeightedAvg: {
      const DataType wt = args[1]->type();
      if (!numeric_arg || at == DataType::UnsignedLong)
        return arg_type_error(info, 0, 2, "numeric except unsigned_long or counter types", at);
      if ((!is_numeric(wt) && wt != DataType::Null) || wt == DataType::UnsignedLong)
        return arg_type_error(info, 1, 2, "numeric except unsigned_long or counter types", wt);
      spec.type = DataType::Double;
      if (at == DataType::Null || wt == DataType::Null) {
        spec.arg = make_null_literal(DataType::Null, info.src);
        spec.kind = AggKind::Avg;
        return Status();
      }
      // A constant weight is AVG(field), as Elasticsearch's surrogate.
      if (args[1]->foldable()) {
        spec.kind = AggKind::Avg;
        return Status();
      }
      spec.extra.push_back(args[1]);
      return Status();
    }
    case AggKind::Present:
      spec.type = DataType::Boolean;
      spec.negate = info.name == "absent";
      return Status();
    case AggKind::Top: {
      if (at == DataType::Unsupported || at == DataType::DatePeriod || at == DataType::TimeDuration)
        return arg_type_error(info, 0, 3, "boolean, date, ip, string or numeric except unsigned_long or counter types", at);
      spec.type = at == DataType::Text ? DataType::Keyword : at;
      if (at == DataType::Text) spec.arg = widen(spec.arg, DataType::Keyword);
      auto n = constant_value(info, args[1], 1, 3, "limit");
      if (!n.ok()) return n.status();
      auto o = constant_value(info, args[2], 2, 3, "order");
      if (!o.ok()) return o.status();
      const Vec& nv = n.value();
      const Vec& ov = o.value();
      if (nv.type() == DataType::Null || nv.count(0) != 1 || ov.type() == DataType::Null || ov.count(0) != 1) {
        spec.arg = make_null_literal(DataType::Null, info.src);
        return Status();
      }
      if (!is_numeric(nv.type())) return arg_type_error(info, 1, 3, "integer", nv.type());
      spec.limit = static_cast<int64_t>(num_at(nv.c(), nv.begin(0)));
      if (spec.limit <= 0)
        return Status::analysis_error(fmt::format("{}Limit must be greater than 0 in [{}], found [{}]", where(info),
                                                  info.src.text, spec.limit));
      if (!is_string(ov.type())) return arg_type_error(info, 2, 3, "keyword", ov.type());
      std::string order(ov.c().str[ov.begin(0)]);
      std::transform(order.begin(), order.end(), order.begin(), [](unsigned char ch) { return std::tolower(ch); });
      if (order != "asc" && order != "desc")
        return Status::analysis_error(fmt::format("{}Invalid order value in [{}], expected [ASC, DESC] but got [{}]",
                                                  where(info), info.src.text, ov.c().str[ov.begin(0)]));
      spec.ascending = order == "asc";
      return Status();
    }
    case AggKind::First:
    case AggKind::Last: {
      const DataType st = args[1]->type();
      if (at == DataType::Unsupported || at == DataType::DatePeriod || at == DataType::TimeDuration)
        return arg_type_error(info, 0, 2, "boolean, date, ip, string, version or numeric except counter types", at);
      if (!is_numeric(st) && st != DataType::Datetime && st != DataType::DateNanos && st != DataType::Null)
        return arg_type_error(info, 1, 2, "date, date_nanos or numeric except unsigned_long or counter types", st);
      spec.type = at == DataType::Text ? DataType::Keyword : at;
      if (at == DataType::Text) spec.arg = widen(spec.arg, DataType::Keyword);
      if (at == DataType::Null || st == DataType::Null) {
        spec.arg = make_null_literal(DataType::Null, info.src);
        spec.extra.push_back(make_null_literal(DataType::Null, info.src));
        return Status();
      }
      spec.extra.push_back(args[1]);
      return Status();
    }
    default: break;
  }

  // COUNT, COUNT_DISTINCT (its precision argument does not change exact
  // counts), VALUES, MIN, MAX, SUM, AVG.
  auto t = aggregate_type(spec.kind, at);
  if (!t) {
    const bool numeric_only = spec.kind == AggKind::Sum || spec.kind == AggKind::Avg;
    return arg_type_error(info, 0, 1,
                          numeric_only ? "aggregate_metric_double or numeric except unsigned_long or counter types"
                                       : "any type except counter types",
                          at);
  }
  spec.type = *t;
  if ((spec.kind == AggKind::Min || spec.kind == AggKind::Max) && at == DataType::Text)
    spec.arg = widen(spec.arg, DataType::Keyword);
  return Status();
}

}  // namespace trailhound
