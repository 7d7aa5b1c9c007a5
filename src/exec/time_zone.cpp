#include "exec/time_zone.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <iterator>
#include <map>
#include <optional>
#include <mutex>

#include <fmt/format.h>

namespace trailhound {

namespace {

constexpr int64_t kDayMs = 86400000;

int64_t floor_div(int64_t a, int64_t b) {
  int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

// "+h", "+hh", "+hh:mm", "+hhmm", "+hh:mm:ss", "+hhmmss" → seconds.
std::optional<int64_t> parse_offset(std::string_view s) {
  if (s.size() < 2 || (s[0] != '+' && s[0] != '-')) return std::nullopt;
  const int sign = s[0] == '-' ? -1 : 1;
  std::string_view r = s.substr(1);
  auto two = [&](std::string_view t, size_t at) -> int {
    if (at + 2 > t.size() || !std::isdigit((unsigned char)t[at]) || !std::isdigit((unsigned char)t[at + 1])) return -1;
    return (t[at] - '0') * 10 + (t[at + 1] - '0');
  };
  int h = -1, m = 0, sec = 0;
  if (r.size() == 1 && std::isdigit((unsigned char)r[0])) {
    h = r[0] - '0';
  } else if (r.size() == 2) {
    h = two(r, 0);
  } else if (r.size() == 5 && r[2] == ':') {
    h = two(r, 0), m = two(r, 3);
  } else if (r.size() == 4) {
    h = two(r, 0), m = two(r, 2);
  } else if (r.size() == 8 && r[2] == ':' && r[5] == ':') {
    h = two(r, 0), m = two(r, 3), sec = two(r, 6);
  } else if (r.size() == 6) {
    h = two(r, 0), m = two(r, 2), sec = two(r, 4);
  }
  if (h < 0 || m < 0 || sec < 0 || h > 18 || m > 59 || sec > 59) return std::nullopt;
  const int64_t total = h * 3600 + m * 60 + sec;
  if (total > 18 * 3600) return std::nullopt;
  return sign * total;
}

int64_t be64(const unsigned char* p) {
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = (v << 8) | p[i];
  return static_cast<int64_t>(v);
}
int32_t be32(const unsigned char* p) {
  return static_cast<int32_t>((uint32_t(p[0]) << 24) | (uint32_t(p[1]) << 16) | (uint32_t(p[2]) << 8) | p[3]);
}

// Reads the version-2+ (64-bit) block of a TZif file.
Result<TimeZoneP> load_tzif(const std::string& id) {
  const std::string path = "/usr/share/zoneinfo/" + id;
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::invalid_input(fmt::format("Unknown time-zone ID: {}", id));
  std::vector<unsigned char> d((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto bad = [&] { return Status::invalid_input(fmt::format("Invalid time-zone file for ID: {}", id)); };
  if (d.size() < 44 || std::string_view(reinterpret_cast<const char*>(d.data()), 4) != "TZif") return bad();
  auto counts = [&](size_t at, int32_t c[6]) {
    for (int i = 0; i < 6; ++i) c[i] = be32(&d[at + 20 + 4 * i]);
  };
  int32_t c[6];
  counts(0, c);
  size_t at = 0;
  int time_size = 4;
  if (d[4] >= '2') {
    // Skip the 32-bit block to reach the 64-bit one.
    const size_t v1 = 44 + size_t(c[3]) * 5 + size_t(c[4]) * 6 + size_t(c[5]) + size_t(c[2]) * 8 + c[1] + c[0];
    if (d.size() < v1 + 44) return bad();
    at = v1;
    counts(at, c);
    time_size = 8;
  }
  const int32_t timecnt = c[3], typecnt = c[4];
  size_t p = at + 44;
  if (typecnt <= 0 || d.size() < p + size_t(timecnt) * (time_size + 1) + size_t(typecnt) * 6) return bad();
  std::vector<int64_t> trans(timecnt);
  for (int32_t i = 0; i < timecnt; ++i, p += time_size) trans[i] = time_size == 8 ? be64(&d[p]) : be32(&d[p]);
  std::vector<uint8_t> idx(d.begin() + p, d.begin() + p + timecnt);
  p += timecnt;
  std::vector<int32_t> type_off(typecnt);
  std::vector<bool> type_dst(typecnt);
  for (int32_t i = 0; i < typecnt; ++i, p += 6) {
    type_off[i] = be32(&d[p]);
    type_dst[i] = d[p + 4] != 0;
  }
  // Before the first transition: the first standard-time type (RFC 8536 §3.2).
  int32_t initial = type_off[0];
  for (int32_t i = 0; i < typecnt; ++i)
    if (!type_dst[i]) {
      initial = type_off[i];
      break;
    }
  std::vector<int32_t> offs(timecnt);
  for (int32_t i = 0; i < timecnt; ++i) {
    if (idx[i] >= typecnt) return bad();
    offs[i] = type_off[idx[i]];
  }
  return TimeZoneP(std::make_shared<TimeZone>(id, std::move(trans), std::move(offs), initial));
}

Result<TimeZoneP> make_zone(std::string_view id) {
  if (id == "Z" || id == "UTC" || id == "GMT" || id == "UT" || id == "Etc/UTC" || id == "Etc/GMT")
    return TimeZoneP(std::make_shared<TimeZone>(std::string(id), 0));
  for (std::string_view prefix : {"UTC", "GMT", "UT"}) {
    if (id.size() > prefix.size() && id.substr(0, prefix.size()) == prefix &&
        (id[prefix.size()] == '+' || id[prefix.size()] == '-')) {
      auto o = parse_offset(id.substr(prefix.size()));
      if (!o) break;
      return TimeZoneP(std::make_shared<TimeZone>(std::string(id), *o * 1000));
    }
  }
  if (!id.empty() && (id[0] == '+' || id[0] == '-')) {
    auto o = parse_offset(id);
    if (!o) return Status::invalid_input(fmt::format("Invalid ID for ZoneOffset, invalid format: {}", id));
    return TimeZoneP(std::make_shared<TimeZone>(offset_id(*o * 1000), *o * 1000));
  }
  // Region ids: letters, digits, '/', '_', '-', '+'; never a path escape.
  bool ok = id.size() >= 2 && std::isalpha((unsigned char)id[0]) && id.find("..") == std::string_view::npos;
  for (char ch : id) ok = ok && (std::isalnum((unsigned char)ch) || ch == '/' || ch == '_' || ch == '-' || ch == '+');
  if (!ok) return Status::invalid_input(fmt::format("Invalid ID for region-based ZoneId, invalid format: {}", id));
  return load_tzif(std::string(id));
}

}  // namespace

std::string offset_id(int64_t offset_ms) {
  if (offset_ms == 0) return "Z";
  const int64_t a = std::abs(offset_ms) / 1000;
  std::string s = fmt::format("{}{:02}:{:02}", offset_ms < 0 ? '-' : '+', a / 3600, a / 60 % 60);
  if (a % 60) s += fmt::format(":{:02}", a % 60);
  return s;
}

const TimeZoneP& TimeZone::utc() {
  static const TimeZoneP z = std::make_shared<TimeZone>("Z", 0);
  return z;
}

Result<TimeZoneP> TimeZone::of(std::string_view id) {
  static std::mutex mu;
  static std::map<std::string, TimeZoneP, std::less<>> cache;
  std::lock_guard<std::mutex> lock(mu);
  if (auto it = cache.find(id); it != cache.end()) return it->second;
  auto z = make_zone(id);
  if (z.ok()) cache.emplace(std::string(id), z.value());
  return z;
}

int64_t TimeZone::offset_ms(int64_t utc_ms) const {
  if (fixed_) return fixed_offset_ms_;
  const int64_t s = floor_div(utc_ms, 1000);
  auto it = std::upper_bound(transitions_s_.begin(), transitions_s_.end(), s);
  if (it == transitions_s_.begin()) return int64_t(initial_offset_s_) * 1000;
  return int64_t(offsets_s_[it - transitions_s_.begin() - 1]) * 1000;
}

int64_t TimeZone::to_utc(int64_t local_ms) const {
  if (fixed_) return local_ms - fixed_offset_ms_;
  // Offsets in force a day either side bracket any single transition.
  const int64_t before = offset_ms(local_ms - kDayMs), after = offset_ms(local_ms + kDayMs);
  if (offset_ms(local_ms - before) == before) return local_ms - before;  // normal or overlap (earlier offset)
  if (offset_ms(local_ms - after) == after) return local_ms - after;
  return local_ms - before;  // gap: shifted later by the gap length
}

}  // namespace trailhound
