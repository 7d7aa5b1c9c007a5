// DATE_FORMAT([pattern,] date) and DATE_PARSE([pattern,] string[, {options}])
// with Java DateTimeFormatter patterns (exec/java_date_pattern.h).
//
// Zone: the `time_zone` option (DATE_PARSE), else the session zone, else UTC.
// Elasticsearch 8 adds a deprecation warning when a pattern with textual
// fields is used with the default locale; it is emitted here when neither a
// `locale` option nor a session time zone is given (the session-zone tests
// come from ES versions that no longer warn).
#include <fmt/format.h>

#include "exec/functions/date_support.h"
#include "exec/java_date_pattern.h"
#include "exec/value_format.h"

namespace trailhound {

namespace {

std::string textual_warning(const std::string& pattern) {
  return fmt::format("Date format [{}] contains textual field specifiers that could change in JDK 23", pattern);
}

// Per-row patterns are compiled once per distinct consecutive value.
struct PatternCache {
  std::string text;
  std::optional<Result<JavaDatePattern>> compiled;
  const Result<JavaDatePattern>& get(std::string_view p) {
    if (!compiled || text != p) {
      text.assign(p);
      compiled.emplace(JavaDatePattern::compile(p));
    }
    return *compiled;
  }
};

// The pattern each row uses: the constant one, or the row's own; nullptr
// (after recording the failure warning) when the row's does not compile.
// Also warns, as Elasticsearch does, when a pattern has textual fields.
struct RowPatterns {
  std::shared_ptr<const JavaDatePattern> fixed;
  bool warn_textual = false;
  PatternCache cache;

  // Once per evaluation, before the rows.
  void begin(EvalContext& ctx) const {
    if (fixed && warn_textual && fixed->has_textual_fields()) ctx.warnings.add(textual_warning(fixed->pattern()));
  }
  const JavaDatePattern* at(const Vec& patterns, uint32_t vi, const FnExpr& self, EvalContext& ctx) {
    if (fixed) return fixed.get();
    const auto& c = cache.get(patterns.c().str[vi]);
    if (!c.ok()) {
      ctx.warnings.failure(self.source(), "java.lang.IllegalArgumentException: " + c.status().message());
      return nullptr;
    }
    if (warn_textual && c.value().has_textual_fields()) ctx.warnings.add(textual_warning(c.value().pattern()));
    return &c.value();
  }
};

bool foldable_string(const ExprP& e) { return is_string(e->type()) && e->foldable(); }

std::optional<std::string> fold_string(const ExprP& e) {
  EvalContext scratch;
  Vec v = fold(*e, scratch);
  if (v.count(0) != 1) return std::nullopt;
  return std::string(v.c().str[v.begin(0)]);
}

// The pattern argument of DATE_FORMAT/DATE_PARSE when it is a constant: compiled
// at analysis time so a bad pattern is a query error with its position, as in
// Elasticsearch. Leaves `out` empty for a non-constant pattern.
Status compile_constant_pattern(const ExprP& arg, const CallInfo& info,
                                std::shared_ptr<const JavaDatePattern>& out, bool& is_null) {
  if (!foldable_string(arg)) return Status::ok_status();
  auto p = fold_string(arg);
  if (!p) {
    is_null = true;
    return Status::ok_status();
  }
  auto c = JavaDatePattern::compile(*p);
  if (!c.ok())
    return Status::analysis_error(fmt::format("{}Invalid format: [{}]: {}", where(info), *p, c.status().message()));
  out = std::make_shared<const JavaDatePattern>(std::move(c.value()));
  return Status::ok_status();
}

Result<ExprP> bind_date_format(const CallInfo& info, std::vector<ExprP>& args) {
  if (args.empty() || args.size() > 2) return arity_error(info, "one or two");
  const size_t di = args.size() - 1;
  if (args.size() == 2 && !is_string(args[0]->type()) && args[0]->type() != DataType::Null)
    return arg_type_error(info, 0, 2, "string", args[0]->type());
  auto dc = bind_date_arg(info, args[di], di, args.size());
  if (!dc.ok()) return dc.status();
  ExprP date = dc.value();
  if (date->type() == DataType::Null || (args.size() == 2 && args[0]->type() == DataType::Null))
    return make_null_literal(DataType::Keyword, info.src);
  const DataType t = date->type();
  const TimeZoneP zone = info.zone ? info.zone : TimeZone::utc();
  const bool warn_textual = !info.zone;
  if (args.size() == 1) {
    return ExprP(std::make_shared<FnExpr>(DataType::Keyword, info.src, std::vector<ExprP>{date},
                                          [t, zone](const FnExpr& self, const std::vector<Vec>& a, size_t rows, EvalContext& ctx) {
      return map_single(self, ctx, rows, DataType::Keyword, a, [&](Column& out, const uint32_t* vi) {
        out.str.push_back(format_default_datetime(split_instant(t, a[0].c().i64[vi[0]]).ms, *zone));
      });
    }));
  }
  // A constant pattern is compiled once, here; a null one makes the call null.
  std::shared_ptr<const JavaDatePattern> fixed;
  bool null_pattern = false;
  if (Status st = compile_constant_pattern(args[0], info, fixed, null_pattern); !st.ok()) return st;
  if (null_pattern) return make_null_literal(DataType::Keyword, info.src);
  return ExprP(std::make_shared<FnExpr>(
      DataType::Keyword, info.src, std::vector<ExprP>{args[0], date},
      [t, zone, fixed, warn_textual](const FnExpr& self, const std::vector<Vec>& a, size_t rows, EvalContext& ctx) {
        RowPatterns patterns{fixed, warn_textual, {}};
        patterns.begin(ctx);
        return map_single(self, ctx, rows, DataType::Keyword, a, [&](Column& out, const uint32_t* vi) {
          const JavaDatePattern* p = patterns.at(a[0], vi[0], self, ctx);
          if (!p) return;
          const Instant in = split_instant(t, a[1].c().i64[vi[1]]);
          out.str.push_back(p->format(in.ms, in.sub_ms_nanos, *zone));
        });
      }));
}

Result<ExprP> bind_date_parse(const CallInfo& info, std::vector<ExprP>& args) {
  if (args.empty() || args.size() > 2) return arity_error(info, "one or two");
  for (size_t i = 0; i < args.size(); ++i)
    if (!is_string(args[i]->type()) && args[i]->type() != DataType::Null)
      return arg_type_error(info, i, args.size(), "string", args[i]->type());
  TimeZoneP zone = info.zone ? info.zone : TimeZone::utc();
  DateLocale locale = DateLocale::English;
  bool explicit_locale = false;
  for (const auto& [key, value] : info.options) {
    if (key == "time_zone") {
      auto z = TimeZone::of(value);
      if (!z.ok()) return Status::analysis_error(fmt::format("{}{}", where(info), z.status().message()));
      zone = z.value();
    } else if (key == "locale") {
      auto l = parse_date_locale(value);
      if (!l) return Status::unsupported(fmt::format("{}unsupported: locale [{}] of [{}]", where(info), value, info.src.text));
      locale = *l;
      explicit_locale = true;
    } else {
      return Status::analysis_error(fmt::format("{}Invalid option [{}] in [{}], expected one of [locale, time_zone]",
                                                where(info), key, info.src.text));
    }
  }
  for (const auto& a : args)
    if (a->type() == DataType::Null) return make_null_literal(DataType::Datetime, info.src);
  if (args.size() == 1) {
    return ExprP(std::make_shared<FnExpr>(DataType::Datetime, info.src, args,
                                          [zone](const FnExpr& self, const std::vector<Vec>& a, size_t rows, EvalContext& ctx) {
      return map_single(self, ctx, rows, DataType::Datetime, a, [&](Column& out, const uint32_t* vi) {
        const std::string_view s = a[0].c().str[vi[0]];
        if (auto ms = parse_default_datetime(s, *zone)) return out.push_i64(*ms);
        ctx.warnings.failure(self.source(), "java.lang.IllegalArgumentException: failed to parse date field [" +
                                                std::string(s) + "] with format [strict_date_optional_time]");
      });
    }));
  }
  const bool warn_textual = !info.zone && !explicit_locale;
  // A constant pattern is compiled once, here; a null one makes the call null.
  std::shared_ptr<const JavaDatePattern> fixed;
  bool null_pattern = false;
  if (Status st = compile_constant_pattern(args[0], info, fixed, null_pattern); !st.ok()) return st;
  if (null_pattern) return make_null_literal(DataType::Datetime, info.src);
  return ExprP(std::make_shared<FnExpr>(
      DataType::Datetime, info.src, args,
      [zone, locale, fixed, warn_textual](const FnExpr& self, const std::vector<Vec>& a, size_t rows, EvalContext& ctx) {
        RowPatterns patterns{fixed, warn_textual, {}};
        patterns.begin(ctx);
        return map_single(self, ctx, rows, DataType::Datetime, a, [&](Column& out, const uint32_t* vi) {
          const JavaDatePattern* p = patterns.at(a[0], vi[0], self, ctx);
          if (!p) return;
          const std::string_view s = a[1].c().str[vi[1]];
          if (auto ms = p->parse(s, *zone, locale)) return out.push_i64(*ms);
          ctx.warnings.failure(self.source(), "java.lang.IllegalArgumentException: failed to parse date field [" +
                                                  std::string(s) + "] with format [" + p->pattern() + "]");
        });
      }));
}

}  // namespace

void register_date_pattern_functions(FunctionTable& t) {
  t.add("date_format", bind_date_format);
  t.add("date_parse", bind_date_parse);
}

}  // namespace trailhound
