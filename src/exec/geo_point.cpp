#include "exec/geo_point.h"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>

#include <fmt/format.h>

#include "exec/value_format.h"

namespace trailhound {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

void skip_space(std::string_view s, size_t& i) {
  while (i < s.size() && is_space(s[i])) ++i;
}

bool read_number(std::string_view s, size_t& i, double& out) {
  skip_space(s, i);
  const char* b = s.data() + i;
  const char* e = s.data() + s.size();
  if (b < e && *b == '+') ++b;  // Java's Double.parseDouble accepts a leading '+'
  auto [p, ec] = std::from_chars(b, e, out);
  if (ec != std::errc() || p == b) return false;
  i = static_cast<size_t>(p - s.data());
  return true;
}

// Lucene's GeoEncodingUtils grid: 2^32 steps over the latitude/longitude range.
constexpr double kLatDecode = 180.0 / 4294967296.0;
constexpr double kLonDecode = 360.0 / 4294967296.0;

double quantize_lat(double lat) {
  const int32_t enc = lat == 90.0 ? INT32_MAX : static_cast<int32_t>(std::floor(lat / kLatDecode));
  return enc * kLatDecode;
}

double quantize_lon(double lon) {
  const int32_t enc = lon == 180.0 ? INT32_MAX : static_cast<int32_t>(std::floor(lon / kLonDecode));
  return enc * kLonDecode;
}

// Java 9+ Math.toRadians: one multiplication by the constant PI/180.
double to_radians(double deg) { return deg * (M_PI / 180.0); }

}  // namespace

Result<GeoPoint> parse_wkt_point(std::string_view s) {
  size_t i = 0;
  skip_space(s, i);
  auto fail = [&] {
    return Status::invalid_input(fmt::format("java.lang.IllegalArgumentException: Failed to parse WKT: {}", s));
  };
  if (s.size() - i < 5) return fail();
  std::string kw(s.substr(i, 5));
  for (auto& c : kw) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (kw != "POINT") return fail();
  i += 5;
  skip_space(s, i);
  if (i >= s.size() || s[i] != '(') return fail();
  ++i;
  GeoPoint p;
  if (!read_number(s, i, p.lon) || !read_number(s, i, p.lat)) return fail();
  skip_space(s, i);
  if (i < s.size() && s[i] != ')') {
    double z;
    if (!read_number(s, i, z)) return fail();
    skip_space(s, i);
  }
  if (i >= s.size() || s[i] != ')') return fail();
  ++i;
  skip_space(s, i);
  if (i != s.size()) return fail();
  if (!std::isfinite(p.lon) || !std::isfinite(p.lat)) return fail();
  if (p.lat < -90 || p.lat > 90)
    return Status::invalid_input(fmt::format(
        "java.lang.IllegalArgumentException: invalid latitude {}; must be between -90.0 and 90.0", format_double(p.lat)));
  if (p.lon < -180 || p.lon > 180)
    return Status::invalid_input(fmt::format(
        "java.lang.IllegalArgumentException: invalid longitude {}; must be between -180.0 and 180.0", format_double(p.lon)));
  return p;
}

std::string format_wkt_point(GeoPoint p) {
  return "POINT (" + format_double(p.lon) + " " + format_double(p.lat) + ")";
}

double geo_distance_meters(GeoPoint a, GeoPoint b) {
  const double lat1 = quantize_lat(a.lat), lon1 = quantize_lon(a.lon);
  const double lat2 = quantize_lat(b.lat), lon2 = quantize_lon(b.lon);
  const double x1 = to_radians(lat1), x2 = to_radians(lat2);
  const double h1 = 1 - std::cos(x1 - x2);
  const double h2 = 1 - std::cos(to_radians(lon1 - lon2));
  double h = h1 + std::cos(x1) * std::cos(x2) * h2;
  // Lucene clears the low 3 mantissa bits of the sort key so rounding does not create ties.
  uint64_t bits;
  std::memcpy(&bits, &h, sizeof bits);
  bits &= 0xFFFFFFFFFFFFFFF8ULL;
  std::memcpy(&h, &bits, sizeof h);
  return 6371008.7714 * 2 * std::asin(std::min(1.0, std::sqrt(h * 0.5)));
}

}  // namespace trailhound
