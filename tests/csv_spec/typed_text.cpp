#include "csv_spec/typed_text.h"

#include <arpa/inet.h>

#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>

namespace trailhound::csvspec {

namespace {

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
int64_t days_from_civil(int64_t y, int64_t m, int64_t d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

// Reads exactly `n` digits at `p`.
bool digits(std::string_view s, size_t& p, size_t n, int64_t& out) {
  if (p + n > s.size()) return false;
  out = 0;
  for (size_t i = 0; i < n; ++i) {
    const char c = s[p + i];
    if (c < '0' || c > '9') return false;
    out = out * 10 + (c - '0');
  }
  p += n;
  return true;
}

}  // namespace

std::optional<Instant> parse_iso_instant(std::string_view s) {
  size_t p = 0;
  bool negative_year = false;
  if (p < s.size() && (s[p] == '-' || s[p] == '+')) {
    negative_year = s[p] == '-';
    ++p;
  }
  int64_t year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0, nanos = 0;
  if (!digits(s, p, 4, year)) return std::nullopt;
  if (negative_year) year = -year;
  auto at = [&](char c) { return p < s.size() && s[p] == c; };
  if (at('-')) {
    ++p;
    if (!digits(s, p, 2, month)) return std::nullopt;
    if (at('-')) {
      ++p;
      if (!digits(s, p, 2, day)) return std::nullopt;
      if (at('T')) {
        ++p;
        if (!digits(s, p, 2, hour)) return std::nullopt;
        if (at(':')) {
          ++p;
          if (!digits(s, p, 2, minute)) return std::nullopt;
          if (at(':')) {
            ++p;
            if (!digits(s, p, 2, second)) return std::nullopt;
            if (at('.') || at(',')) {
              ++p;
              size_t n = 0;
              while (p < s.size() && s[p] >= '0' && s[p] <= '9') {
                if (n < 9) nanos = nanos * 10 + (s[p] - '0');
                ++n;
                ++p;
              }
              if (n == 0) return std::nullopt;
              for (size_t i = n; i < 9; ++i) nanos *= 10;
            }
          }
        }
      }
    }
  }
  int64_t offset_seconds = 0;
  if (at('Z')) {
    ++p;
  } else if (at('+') || at('-')) {
    const int sign = s[p] == '-' ? -1 : 1;
    ++p;
    int64_t oh = 0, om = 0;
    if (!digits(s, p, 2, oh)) return std::nullopt;
    if (at(':')) ++p;
    if (p < s.size() && !digits(s, p, 2, om)) return std::nullopt;
    offset_seconds = sign * (oh * 3600 + om * 60);
  }
  if (p != s.size()) return std::nullopt;
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return std::nullopt;
  const int64_t secs = days_from_civil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second - offset_seconds;
  return Instant{secs, nanos};
}

std::optional<int64_t> parse_iso_nanos(std::string_view s) {
  auto i = parse_iso_instant(s);
  if (!i) return std::nullopt;
  int64_t out = 0;
  if (__builtin_mul_overflow(i->seconds, int64_t{1000000000}, &out) || __builtin_add_overflow(out, i->nanos, &out))
    return std::nullopt;
  return out;
}

std::optional<std::string> parse_ip16(std::string_view text) {
  std::string t(text);
  unsigned char buf[16] = {};
  if (inet_pton(AF_INET6, t.c_str(), buf) == 1) return std::string(reinterpret_cast<char*>(buf), 16);
  unsigned char v4[4];
  if (inet_pton(AF_INET, t.c_str(), v4) == 1) {
    std::memset(buf, 0, 10);
    buf[10] = buf[11] = 0xff;
    std::memcpy(buf + 12, v4, 4);
    return std::string(reinterpret_cast<char*>(buf), 16);
  }
  return std::nullopt;
}

std::optional<double> parse_java_double(std::string_view s) {
  if (s == "NaN") return std::numeric_limits<double>::quiet_NaN();
  if (s == "Infinity" || s == "+Infinity") return std::numeric_limits<double>::infinity();
  if (s == "-Infinity") return -std::numeric_limits<double>::infinity();
  std::string_view body = s;
  if (!body.empty() && body.front() == '+') body.remove_prefix(1);
  // Java accepts a trailing d/D/f/F type suffix.
  if (!body.empty() && (body.back() == 'd' || body.back() == 'D' || body.back() == 'f' || body.back() == 'F'))
    body.remove_suffix(1);
  if (body.empty()) return std::nullopt;
  for (char c : body)
    if (!((c >= '0' && c <= '9') || c == '.' || c == 'e' || c == 'E' || c == '-' || c == '+')) return std::nullopt;
  double v = 0;
  auto r = std::from_chars(body.data(), body.data() + body.size(), v);
  if (r.ec != std::errc() || r.ptr != body.data() + body.size()) {
    // from_chars reports out-of-range for overflow; Java yields ±Infinity / 0.
    if (r.ec == std::errc::result_out_of_range && r.ptr == body.data() + body.size())
      return std::strtod(std::string(body).c_str(), nullptr);
    return std::nullopt;
  }
  return v;
}

std::optional<int64_t> parse_int64(std::string_view s) {
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  int64_t v = 0;
  auto r = std::from_chars(s.data(), s.data() + s.size(), v);
  if (r.ec != std::errc() || r.ptr != s.data() + s.size() || s.empty()) return std::nullopt;
  return v;
}

std::optional<uint64_t> parse_uint64(std::string_view s) {
  uint64_t v = 0;
  auto r = std::from_chars(s.data(), s.data() + s.size(), v);
  if (r.ec != std::errc() || r.ptr != s.data() + s.size() || s.empty()) return std::nullopt;
  return v;
}

}  // namespace trailhound::csvspec
