// Textual IP addresses <-> the 16-byte form FieldSink::ip() takes.
//
// Contract: parse_ip accepts exactly what Elasticsearch's `convert` to `ip` accepts
// for CloudTrail's sourceIPAddress: a literal dotted-quad IPv4 (no leading zeros) or
// an IPv6 literal (including an embedded IPv4 tail). Hostnames, "AWS Internal",
// zone ids ("%eth0") and brackets are rejected. IPv4 is mapped into ::ffff:0:0/96.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace trailhound::ecs {

using Ip16 = std::array<char, 16>;

std::optional<Ip16> parse_ip(std::string_view text);

// Elasticsearch's rendering: IPv4-mapped addresses as dotted quads, IPv6 compressed.
std::string format_ip(std::string_view ip16);

}  // namespace trailhound::ecs
