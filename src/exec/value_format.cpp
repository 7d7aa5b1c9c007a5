#include "exec/value_format.h"

#include "common/json_string.h"

#include <arpa/inet.h>

#include <charconv>
#include <cmath>
#include <cstring>

#include <fmt/format.h>

namespace trailhound {

// Howard Hinnant's civil-calendar algorithms (public domain formulas).
int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

void civil_from_days(int64_t z, int64_t& y, unsigned& m, unsigned& d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  y = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2;
}

std::string format_datetime(int64_t ms) {
  int64_t days = ms / 86400000;
  int64_t rem = ms % 86400000;
  if (rem < 0) {
    rem += 86400000;
    --days;
  }
  int64_t y;
  unsigned mo, d;
  civil_from_days(days, y, mo, d);
  const int64_t h = rem / 3600000, mi = rem / 60000 % 60, s = rem / 1000 % 60, milli = rem % 1000;
  // java.time prints years outside 0000..9999 with a sign and at least 4 digits.
  std::string year = (y >= 0 && y <= 9999) ? fmt::format("{:04d}", y)
                     : y < 0 ? fmt::format("-{:04d}", -y)
                             : fmt::format("+{}", y);
  return fmt::format("{}-{:02d}-{:02d}T{:02d}:{:02d}:{:02d}.{:03d}Z", year, mo, d, h, mi, s, milli);
}

namespace {

bool digits(std::string_view s, size_t pos, size_t n, int& out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  out = v;
  return true;
}

unsigned days_in_month(int64_t y, unsigned m) {
  static const unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return 29;
  return kDays[m - 1];
}

}  // namespace

std::optional<int64_t> parse_datetime(std::string_view s) {
  size_t p = 0;
  int year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0;
  int64_t millis = 0;
  bool negative_year = false;
  if (p < s.size() && (s[p] == '-' || s[p] == '+')) {
    negative_year = s[p] == '-';
    ++p;
  }
  if (!digits(s, p, 4, year)) return std::nullopt;
  p += 4;
  if (negative_year) year = -year;
  auto at_offset = [&]() { return p < s.size() && (s[p] == 'Z' || s[p] == '+' || s[p] == '-'); };
  if (p < s.size() && s[p] == '-') {
    if (!digits(s, p + 1, 2, month)) return std::nullopt;
    p += 3;
    if (p < s.size() && s[p] == '-') {
      if (!digits(s, p + 1, 2, day)) return std::nullopt;
      p += 3;
      if (p < s.size() && s[p] == 'T') {
        if (!digits(s, p + 1, 2, hour)) return std::nullopt;
        p += 3;
        if (p < s.size() && s[p] == ':') {
          if (!digits(s, p + 1, 2, minute)) return std::nullopt;
          p += 3;
          if (p < s.size() && s[p] == ':') {
            if (!digits(s, p + 1, 2, second)) return std::nullopt;
            p += 3;
            if (p < s.size() && (s[p] == '.' || s[p] == ',')) {
              ++p;
              size_t n = 0;
              int64_t frac = 0;
              while (p < s.size() && s[p] >= '0' && s[p] <= '9') {
                if (n < 3) frac = frac * 10 + (s[p] - '0');
                ++n;
                ++p;
              }
              if (n == 0 || n > 9) return std::nullopt;
              for (size_t i = n; i < 3; ++i) frac *= 10;
              millis = frac;
            }
          }
        }
      }
    }
  }
  int64_t offset_minutes = 0;
  if (at_offset()) {
    if (s[p] == 'Z') {
      ++p;
    } else {
      const int sign = s[p] == '-' ? -1 : 1;
      ++p;
      int oh = 0, om = 0;
      if (!digits(s, p, 2, oh)) return std::nullopt;
      p += 2;
      if (p < s.size() && s[p] == ':') {
        if (!digits(s, p + 1, 2, om)) return std::nullopt;
        p += 3;
      } else if (p + 2 <= s.size() && digits(s, p, 2, om)) {
        p += 2;
      }
      if (oh > 18 || om > 59) return std::nullopt;
      offset_minutes = sign * (oh * 60 + om);
    }
  }
  if (p != s.size()) return std::nullopt;
  if (month < 1 || month > 12 || day < 1 || day > static_cast<int>(days_in_month(year, month)) ||
      hour > 23 || minute > 59 || second > 59)
    return std::nullopt;
  const int64_t days = days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
  return ((days * 24 + hour) * 60 + minute - offset_minutes) * 60000 + second * 1000 + millis;
}

std::string format_ip(std::string_view ip) {
  if (ip.size() != 16) return std::string(ip);
  const auto* b = reinterpret_cast<const unsigned char*>(ip.data());
  static const unsigned char kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  if (std::memcmp(b, kMapped, 12) == 0) return fmt::format("{}.{}.{}.{}", b[12], b[13], b[14], b[15]);
  uint16_t w[8];
  for (int i = 0; i < 8; ++i) w[i] = static_cast<uint16_t>(b[2 * i] << 8 | b[2 * i + 1]);
  // RFC 5952: compress the first longest run of >= 2 zero groups.
  int best = -1, best_len = 0;
  for (int i = 0; i < 8;) {
    if (w[i] != 0) {
      ++i;
      continue;
    }
    int j = i;
    while (j < 8 && w[j] == 0) ++j;
    if (j - i > best_len) {
      best = i;
      best_len = j - i;
    }
    i = j;
  }
  if (best_len < 2) best = -1;
  std::string out;
  for (int i = 0; i < 8; ++i) {
    if (i == best) {
      out += "::";
      i += best_len - 1;
      continue;
    }
    if (!out.empty() && out.back() != ':') out += ':';
    out += fmt::format("{:x}", w[i]);
  }
  return out;
}

Result<std::string> parse_ip(std::string_view text) {
  std::string s(text);
  unsigned char buf[16];
  if (s.find(':') == std::string::npos) {
    if (inet_pton(AF_INET, s.c_str(), buf) == 1) {
      std::string out(10, '\0');
      out += "\xff\xff";
      out.append(reinterpret_cast<const char*>(buf), 4);
      return out;
    }
  } else if (inet_pton(AF_INET6, s.c_str(), buf) == 1) {
    return std::string(reinterpret_cast<const char*>(buf), 16);
  }
  return Status::invalid_input(fmt::format("'{}' is not an IP string literal.", text));
}

std::string format_double(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "Infinity" : "-Infinity";
  if (v == 0) return std::signbit(v) ? "-0.0" : "0.0";
  // Shortest round-trip digits in scientific form: "d.ddde±x".
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::scientific);
  std::string sci(buf, res.ptr);
  const bool neg = sci[0] == '-';
  if (neg) sci.erase(0, 1);
  const size_t epos = sci.find('e');
  std::string mant = sci.substr(0, epos);
  const int exp = std::stoi(sci.substr(epos + 1));
  std::string dig;
  for (char c : mant)
    if (c != '.') dig += c;
  while (dig.size() > 1 && dig.back() == '0') dig.pop_back();
  std::string out = neg ? "-" : "";
  const double a = std::fabs(v);
  if (a >= 1e-3 && a < 1e7) {
    if (exp >= 0) {
      std::string ip = dig.substr(0, std::min<size_t>(dig.size(), exp + 1));
      while (static_cast<int>(ip.size()) < exp + 1) ip += '0';
      std::string fp = dig.size() > static_cast<size_t>(exp + 1) ? dig.substr(exp + 1) : "0";
      out += ip + "." + fp;
    } else {
      out += "0." + std::string(-exp - 1, '0') + dig;
    }
  } else {
    out += dig.substr(0, 1) + "." + (dig.size() > 1 ? dig.substr(1) : "0") + "E" + std::to_string(exp);
  }
  return out;
}

std::string format_scalar_text(const Column& c, uint32_t vi) {
  switch (c.type) {
    case DataType::Boolean: return c.i64[vi] ? "true" : "false";
    case DataType::Integer:
    case DataType::Long: return std::to_string(c.i64[vi]);
    case DataType::UnsignedLong: return std::to_string(static_cast<uint64_t>(c.i64[vi]));
    case DataType::Double: return format_double(c.f64[vi]);
    case DataType::Datetime: return format_datetime(c.i64[vi]);
    case DataType::DateNanos: {
      int64_t ns = c.i64[vi];
      int64_t ms = ns / 1000000, rem = ns % 1000000;
      if (rem < 0) {
        rem += 1000000;
        --ms;
      }
      std::string base = format_datetime(ms);
      base.pop_back();  // 'Z'
      return fmt::format("{}{:06d}Z", base, rem);
    }
    case DataType::Ip: return format_ip(c.str[vi]);
    case DataType::Keyword:
    case DataType::Text:
    case DataType::Version:
    case DataType::GeoPoint: return std::string(c.str[vi]);  // stored as canonical WKT
    case DataType::TimeDuration: return std::to_string(c.i64[vi]);
    default: return "null";
  }
}

std::string format_value_text(const Column& c, size_t row) {
  const uint32_t n = c.count(row);
  if (n == 0) return "null";
  if (n == 1) return format_scalar_text(c, c.begin(row));
  std::string out = "[";
  for (uint32_t i = 0; i < n; ++i) {
    if (i) out += ", ";
    out += format_scalar_text(c, c.begin(row) + i);
  }
  out += "]";
  return out;
}

namespace {


void append_json_scalar(std::string& out, const Column& c, uint32_t vi) {
  switch (c.type) {
    case DataType::Boolean:
    case DataType::Integer:
    case DataType::Long:
    case DataType::UnsignedLong: out += format_scalar_text(c, vi); break;
    case DataType::Double: {
      const double v = c.f64[vi];
      if (std::isfinite(v)) out += format_double(v);
      else append_json_string(out, format_double(v));
      break;
    }
    default: append_json_string(out, format_scalar_text(c, vi));
  }
}

}  // namespace

void append_json_value(std::string& out, const Column& c, size_t row) {
  const uint32_t n = c.count(row);
  if (n == 0) {
    out += "null";
    return;
  }
  if (n == 1) {
    append_json_scalar(out, c, c.begin(row));
    return;
  }
  out += '[';
  for (uint32_t i = 0; i < n; ++i) {
    if (i) out += ',';
    append_json_scalar(out, c, c.begin(row) + i);
  }
  out += ']';
}

}  // namespace trailhound
