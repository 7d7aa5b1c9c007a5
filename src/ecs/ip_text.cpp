#include "ecs/ip_text.h"

#include <arpa/inet.h>

#include <cstring>

namespace trailhound::ecs {

namespace {

// A strict dotted quad — four decimal octets 0-255, no leading zeros, nothing
// else — as glibc's inet_pton(AF_INET) reads one (tests/ecs_normalizer_test
// compares the two); false for anything else. Why: most CloudTrail source addresses are IPv4,
// and inet_pton wants a NUL-terminated copy and measures it first.
bool parse_dotted_quad(std::string_view t, unsigned char out[4]) {
  size_t i = 0;
  for (int part = 0; part < 4; ++part) {
    if (part > 0) {
      if (i >= t.size() || t[i] != '.') return false;
      ++i;
    }
    const size_t start = i;
    unsigned value = 0;
    while (i < t.size() && t[i] >= '0' && t[i] <= '9' && i - start < 3) value = value * 10 + (t[i++] - '0');
    const size_t digits = i - start;
    if (digits == 0 || value > 255 || (digits > 1 && t[start] == '0')) return false;
    out[part] = static_cast<unsigned char>(value);
  }
  return i == t.size();
}

}  // namespace

std::optional<Ip16> parse_ip(std::string_view text) {
  Ip16 out{};
  if (unsigned char v4[4]; parse_dotted_quad(text, v4)) {
    out[10] = out[11] = static_cast<char>(0xff);
    std::memcpy(out.data() + 12, v4, 4);
    return out;
  }
  // Not a dotted quad: IPv6 or nothing (a NUL would end inet_pton's reading
  // early; the longest IPv6 literal is 45 chars).
  if (text.find(':') == std::string_view::npos || text.find('\0') != std::string_view::npos || text.size() > 45)
    return std::nullopt;
  char buf[46];  // inet_pton needs a NUL-terminated copy
  std::memcpy(buf, text.data(), text.size());
  buf[text.size()] = '\0';
  if (inet_pton(AF_INET6, buf, out.data()) != 1) return std::nullopt;
  return out;
}

std::string format_ip(std::string_view ip16) {
  if (ip16.size() != 16) return {};
  static const unsigned char kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  char buf[INET6_ADDRSTRLEN];
  if (std::memcmp(ip16.data(), kMapped, 12) == 0) {
    inet_ntop(AF_INET, ip16.data() + 12, buf, sizeof buf);
  } else {
    inet_ntop(AF_INET6, ip16.data(), buf, sizeof buf);
  }
  return buf;
}

}  // namespace trailhound::ecs
