// TO_STRING, TO_LONG, TO_INTEGER, TO_DOUBLE, TO_BOOLEAN, TO_DATETIME, TO_IP,
// TO_VERSION and `::` casts. Conversions map over multi-values element-wise;
// an element that fails is dropped with a warning (esql-semantics.md §4).
#include <charconv>
#include <cmath>
#include <string>

#include <fmt/format.h>

#include "exec/functions/function_registry.h"
#include "exec/java_date_pattern.h"
#include "exec/value_format.h"

namespace trailhound {

namespace {

std::string quoted_input(std::string_view s) { return fmt::format("For input string: \"{}\"", s); }

bool parse_double(std::string_view s, double& out) {
  // Java Double.parseDouble accepts surrounding whitespace and a leading '+'.
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  if (s.empty()) return false;
  auto r = std::from_chars(s.data(), s.data() + s.size(), out);
  return r.ec == std::errc() && r.ptr == s.data() + s.size();
}

// Java Math.round: floor(x + 0.5).
bool round_to_long(double d, int64_t& out) {
  if (!std::isfinite(d) || d >= 9.223372036854775807e18 || d < -9.223372036854775808e18) return false;
  out = static_cast<int64_t>(std::floor(d + 0.5));
  return true;
}

std::string range_error(const std::string& val, std::string_view type) {
  return fmt::format("org.elasticsearch.xpack.esql.core.InvalidArgumentException: [{}] out of [{}] range", val, type);
}

// Converts one value; false (with `err` set) when it fails.
bool convert_value(const Column& src, uint32_t vi, Column& out, DataType to, std::string& err) {
  const DataType from = src.type;
  if (from == to || (is_string(from) && is_string(to))) {
    out.push_value_from(src, vi);
    return true;
  }
  switch (to) {
    case DataType::Keyword:
    case DataType::Text:
      out.push_str(format_scalar_text(src, vi));
      return true;
    case DataType::Version:
      if (is_string(from)) {
        out.push_str(src.str[vi]);
        return true;
      }
      break;
    case DataType::Long:
    case DataType::Integer: {
      int64_t v = 0;
      if (is_string(from)) {
        std::string_view s = src.str[vi];
        auto r = std::from_chars(s.data(), s.data() + s.size(), v);
        if (!(r.ec == std::errc() && r.ptr == s.data() + s.size())) {
          double d;
          if (!parse_double(s, d)) {
            err = "java.lang.NumberFormatException: " + quoted_input(s);
            return false;
          }
          if (!round_to_long(d, v)) {
            err = range_error(format_double(d), type_name(to));
            return false;
          }
        }
      } else if (from == DataType::Double) {
        if (!round_to_long(src.f64[vi], v)) {
          err = range_error(format_double(src.f64[vi]), type_name(to));
          return false;
        }
      } else if (from == DataType::UnsignedLong) {
        if (src.i64[vi] < 0) {
          err = range_error(std::to_string(static_cast<uint64_t>(src.i64[vi])), type_name(to));
          return false;
        }
        v = src.i64[vi];
      } else if (is_int64_backed(from)) {
        v = src.i64[vi];
      } else {
        break;
      }
      if (to == DataType::Integer && (v < INT32_MIN || v > INT32_MAX)) {
        err = range_error(is_string(from) ? std::string(src.str[vi]) : format_scalar_text(src, vi), "integer");
        return false;
      }
      out.push_i64(v);
      return true;
    }
    case DataType::UnsignedLong: {
      if (is_string(from)) {
        uint64_t u = 0;
        std::string_view s = src.str[vi];
        auto r = std::from_chars(s.data(), s.data() + s.size(), u);
        if (r.ec == std::errc() && r.ptr == s.data() + s.size()) {
          out.push_i64(static_cast<int64_t>(u));
          return true;
        }
        err = "java.lang.NumberFormatException: " + quoted_input(s);
        return false;
      }
      const double d = num_at(src, vi);
      if (d < 0 || d >= 1.8446744073709552e19) {
        err = range_error(format_scalar_text(src, vi), "unsigned_long");
        return false;
      }
      out.push_i64(from == DataType::Double ? static_cast<int64_t>(static_cast<uint64_t>(d)) : src.i64[vi]);
      return true;
    }
    case DataType::Double: {
      if (is_string(from)) {
        double d;
        if (!parse_double(src.str[vi], d)) {
          err = "java.lang.NumberFormatException: " + quoted_input(src.str[vi]);
          return false;
        }
        out.push_f64(d);
        return true;
      }
      if (is_int64_backed(from)) {
        out.push_f64(num_at(src, vi));
        return true;
      }
      break;
    }
    case DataType::Boolean: {
      if (is_string(from)) {
        std::string s(src.str[vi]);
        for (auto& ch : s) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        out.push_i64(s == "true");
        return true;
      }
      if (is_numeric(from)) {
        out.push_i64(num_at(src, vi) != 0);
        return true;
      }
      break;
    }
    case DataType::Datetime: {
      if (is_string(from)) {
        if (auto ms = parse_datetime(src.str[vi])) {
          out.push_i64(*ms);
          return true;
        }
        if (auto bad_day = invalid_date_message(src.str[vi])) {
          err = "java.lang.IllegalArgumentException: " + *bad_day;
          return false;
        }
        err = fmt::format("java.lang.IllegalArgumentException: failed to parse date field [{}] with format "
                          "[strict_date_optional_time]",
                          src.str[vi]);
        return false;
      }
      if (from == DataType::Double) {
        int64_t v;
        if (!std::isfinite(src.f64[vi]) || std::fabs(src.f64[vi]) >= 9.2e18) {
          err = range_error(format_double(src.f64[vi]), "long");
          return false;
        }
        v = static_cast<int64_t>(src.f64[vi]);
        out.push_i64(v);
        return true;
      }
      if (from == DataType::DateNanos) {
        int64_t ns = src.i64[vi];
        out.push_i64(ns >= 0 ? ns / 1000000 : -((-ns + 999999) / 1000000));
        return true;
      }
      if (from == DataType::UnsignedLong && src.i64[vi] < 0) {
        err = range_error(format_scalar_text(src, vi), "long");
        return false;
      }
      if (is_int64_backed(from) && from != DataType::Boolean) {
        out.push_i64(src.i64[vi]);
        return true;
      }
      break;
    }
    case DataType::DateNanos: {
      if (is_string(from)) {
        if (auto ns = parse_datetime_nanos(src.str[vi])) {
          out.push_i64(*ns);
          return true;
        }
        if (auto bad_day = invalid_date_message(src.str[vi])) {
          err = "java.lang.IllegalArgumentException: " + *bad_day;
          return false;
        }
        err = fmt::format("java.lang.IllegalArgumentException: failed to parse date field [{}] with format "
                          "[strict_date_optional_time_nanos]",
                          src.str[vi]);
        return false;
      }
      if (from == DataType::Datetime) {
        out.push_i64(src.i64[vi] * 1000000);
        return true;
      }
      if (from == DataType::Long) {
        out.push_i64(src.i64[vi]);
        return true;
      }
      break;
    }
    case DataType::Ip: {
      if (is_string(from)) {
        auto ip = parse_ip(src.str[vi]);
        if (ip.ok()) {
          out.push_str(ip.value());
          return true;
        }
        err = "java.lang.IllegalArgumentException: " + ip.status().message();
        return false;
      }
      break;
    }
    default: break;
  }
  err = fmt::format("unsupported conversion from [{}] to [{}]", type_name(from), type_name(to));
  return false;
}

bool convertible(DataType from, DataType to) {
  if (from == to || from == DataType::Null) return true;
  switch (to) {
    case DataType::Keyword:
    case DataType::Text: return from != DataType::Unsupported;
    case DataType::Version: return is_string(from);
    case DataType::Long:
    case DataType::Integer:
    case DataType::UnsignedLong:
    case DataType::Double:
      return is_string(from) || is_numeric(from) || from == DataType::Boolean || from == DataType::Datetime ||
             from == DataType::DateNanos;
    case DataType::Boolean: return is_string(from) || is_numeric(from);
    case DataType::Datetime:
    case DataType::DateNanos:
      return is_string(from) || is_numeric(from) || from == DataType::Datetime || from == DataType::DateNanos;
    case DataType::Ip: return is_string(from);
    default: return false;
  }
}

std::string_view expected_types(DataType to) {
  switch (to) {
    case DataType::Ip: return "ip or string";
    case DataType::Boolean: return "boolean or numeric or string";
    case DataType::Datetime: return "date_nanos or datetime or numeric or string";
    case DataType::Version: return "string or version";
    default: return "boolean or counter_double or counter_integer or counter_long or date_nanos or datetime or numeric or string";
  }
}

}  // namespace

Result<ExprP> bind_conversion(const CallInfo& info, ExprP e, DataType to) {
  if (to == DataType::Text) to = DataType::Keyword;  // ES|QL functions produce keyword
  if (e->type() == to) return e;
  if (!convertible(e->type(), to)) return arg_type_error(info, 0, 1, expected_types(to), e->type());
  if (e->type() == DataType::Null) return make_null_literal(to, info.src);
  auto impl = [to](const FnExpr& self, const std::vector<Vec>& a, size_t rows, EvalContext& ctx) {
    const Column& src = a[0].c();
    std::string err;
    return map_rows(rows, to, a, [&](Column& out, size_t r) {
      const uint32_t b = a[0].begin(r), n = a[0].count(r);
      for (uint32_t i = 0; i < n; ++i)
        if (!convert_value(src, b + i, out, to, err)) ctx.warnings.failure(self.source(), err);
    });
  };
  return ExprP(std::make_shared<FnExpr>(to, info.src, std::vector<ExprP>{e}, impl));
}

namespace {

template <DataType To>
Result<ExprP> bind_to(const CallInfo& info, std::vector<ExprP>& args) {
  if (args.size() != 1) return arity_error(info, "one");
  return bind_conversion(info, args[0], To);
}

}  // namespace

void register_conversion_functions(FunctionTable& t) {
  t.add("to_string", bind_to<DataType::Keyword>);
  t.add("to_str", bind_to<DataType::Keyword>);
  t.add("to_long", bind_to<DataType::Long>);
  t.add("to_integer", bind_to<DataType::Integer>);
  t.add("to_int", bind_to<DataType::Integer>);
  t.add("to_double", bind_to<DataType::Double>);
  t.add("to_dbl", bind_to<DataType::Double>);
  t.add("to_boolean", bind_to<DataType::Boolean>);
  t.add("to_bool", bind_to<DataType::Boolean>);
  t.add("to_datetime", bind_to<DataType::Datetime>);
  t.add("to_dt", bind_to<DataType::Datetime>);
  t.add("to_date_nanos", bind_to<DataType::DateNanos>);
  // to_ip: ip_extra_functions.cpp (leading_zeros option).
  t.add("to_version", bind_to<DataType::Version>);
  t.add("to_ver", bind_to<DataType::Version>);
  t.add("to_unsigned_long", bind_to<DataType::UnsignedLong>);
  t.add("to_ul", bind_to<DataType::UnsignedLong>);
  t.add("to_ulong", bind_to<DataType::UnsignedLong>);
}

}  // namespace trailhound
