#include "ecs/iso_timestamp.h"

#include <cstdio>

namespace trailhound::ecs {

int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
  // Shift the year to start in March so the leap day is the last day of the year.
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

namespace {

bool digits(std::string_view s, size_t pos, size_t n, int& out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    char c = s[i];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  out = v;
  return true;
}

unsigned days_in_month(int y, int m) {
  static const unsigned kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : kDays[m - 1];
}

// Parses the zone suffix starting at `pos` (must consume the rest). Offset in minutes.
bool parse_zone(std::string_view s, size_t pos, int& offset_minutes) {
  offset_minutes = 0;
  if (pos == s.size()) return true;  // no zone: UTC
  if (s[pos] == 'Z' || s[pos] == 'z') return pos + 1 == s.size();
  if (s[pos] != '+' && s[pos] != '-') return false;
  int sign = s[pos] == '-' ? -1 : 1;
  int hh = 0, mm = 0;
  if (!digits(s, pos + 1, 2, hh)) return false;
  size_t p = pos + 3;
  if (p < s.size()) {
    if (s[p] == ':') ++p;
    if (!digits(s, p, 2, mm)) return false;
    p += 2;
  }
  if (p != s.size() || hh > 23 || mm > 59) return false;
  offset_minutes = sign * (hh * 60 + mm);
  return true;
}

std::optional<int64_t> assemble(int y, int mo, int d, int h, int mi, int sec, int ms, int offset_minutes) {
  if (mo < 1 || mo > 12 || d < 1 || static_cast<unsigned>(d) > days_in_month(y, mo) || h > 23 ||
      mi > 59 || sec > 59) {
    return std::nullopt;
  }
  int64_t days = days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d));
  int64_t secs = days * 86400 + h * 3600 + mi * 60 + sec - static_cast<int64_t>(offset_minutes) * 60;
  return secs * 1000 + ms;
}

// Reads ".fraction" / ",fraction" at pos; returns millis (truncated) and advances pos.
bool fraction(std::string_view s, size_t& pos, int& ms) {
  ms = 0;
  if (pos >= s.size() || (s[pos] != '.' && s[pos] != ',')) return true;
  ++pos;
  size_t start = pos;
  int scale = 100;
  while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
    if (scale > 0) {
      ms += (s[pos] - '0') * scale;
      scale /= 10;
    }
    ++pos;
  }
  return pos > start && pos - start <= 9;
}

}  // namespace

std::optional<int64_t> parse_iso8601_millis(std::string_view s) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0, ms = 0, off = 0;
  if (!digits(s, 0, 4, y) || s.size() < 10 || s[4] != '-' || !digits(s, 5, 2, mo) || s[7] != '-' ||
      !digits(s, 8, 2, d)) {
    return std::nullopt;
  }
  size_t pos = 10;
  if (pos < s.size() && (s[pos] == 'T' || s[pos] == 't')) {
    if (!digits(s, 11, 2, h)) return std::nullopt;
    pos = 13;
    if (pos < s.size() && s[pos] == ':') {
      if (!digits(s, 14, 2, mi)) return std::nullopt;
      pos = 16;
      if (pos < s.size() && s[pos] == ':') {
        if (!digits(s, 17, 2, sec)) return std::nullopt;
        pos = 19;
        if (!fraction(s, pos, ms)) return std::nullopt;
      }
    }
  }
  if (!parse_zone(s, pos, off)) return std::nullopt;
  return assemble(y, mo, d, h, mi, sec, ms, off);
}

std::optional<int64_t> parse_basic_date_time_millis(std::string_view s) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0, ms = 0, off = 0;
  if (!digits(s, 0, 4, y) || !digits(s, 4, 2, mo) || !digits(s, 6, 2, d) || s.size() < 15 ||
      s[8] != 'T' || !digits(s, 9, 2, h) || !digits(s, 11, 2, mi) || !digits(s, 13, 2, sec)) {
    return std::nullopt;
  }
  size_t pos = 15;
  if (!fraction(s, pos, ms)) return std::nullopt;
  if (pos == s.size() || !parse_zone(s, pos, off)) return std::nullopt;  // zone required
  return assemble(y, mo, d, h, mi, sec, ms, off);
}

std::string format_iso8601_millis(int64_t t) {
  int64_t days = t >= 0 ? t / 86400000 : -((-t + 86399999) / 86400000);
  int64_t rem = t - days * 86400000;
  // civil_from_days (inverse of days_from_civil)
  int64_t z = days + 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t y = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2;
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02d:%02d:%02d.%03dZ", static_cast<long long>(y), m, d,
                static_cast<int>(rem / 3600000), static_cast<int>(rem / 60000 % 60),
                static_cast<int>(rem / 1000 % 60), static_cast<int>(rem % 1000));
  return buf;
}

}  // namespace trailhound::ecs
