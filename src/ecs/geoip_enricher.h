// GeoIP / ASN lookups for source.geo.* and source.as.*, as Elasticsearch's
// `geoip` ingest processor fills them in the CloudTrail pipeline (mapping doc §4).
//
// Contract:
// - open() maps MaxMind DB files (GeoIP2/GeoLite2 City and ASN format) read-only;
//   either file may be omitted (empty path). A file that is missing, not an MMDB,
//   or of the wrong database type is a Status naming the file.
// - Lookups are const and thread-safe (libmaxminddb reads a memory map); one
//   enricher is shared by every normalizer thread.
// - city(): the geoip processor's default City properties, English names:
//   continent_name, country_iso_code, country_name, region_iso_code
//   (country iso "-" most specific subdivision iso), region_name (most specific
//   subdivision), city_name, location (lat/lon, only when both exist). Fields the
//   record lacks stay unset; an address with no record is nullopt.
// - asn(): autonomous_system_number → source.as.number,
//   autonomous_system_organization → source.as.organization.name.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "common/status.h"

struct MMDB_s;

namespace trailhound::ecs {

struct GeoIpOptions {
  std::string city_db;  // --geoip-city FILE
  std::string asn_db;   // --geoip-asn FILE
};

struct GeoCity {
  std::optional<std::string> continent_name, country_iso_code, country_name, region_iso_code, region_name, city_name;
  std::optional<double> lat, lon;  // both or neither
};

struct GeoAsn {
  std::optional<int64_t> number;
  std::optional<std::string> organization_name;
};

class GeoIpEnricher {
 public:
  static Result<std::shared_ptr<const GeoIpEnricher>> open(const GeoIpOptions& options);
  ~GeoIpEnricher();
  GeoIpEnricher(const GeoIpEnricher&) = delete;
  GeoIpEnricher& operator=(const GeoIpEnricher&) = delete;

  bool has_city() const { return city_ != nullptr; }
  bool has_asn() const { return asn_ != nullptr; }

  // `ip16` is the 16-byte form the normalizer uses (IPv4 mapped into ::ffff:0:0/96).
  std::optional<GeoCity> city(std::string_view ip16) const;
  std::optional<GeoAsn> asn(std::string_view ip16) const;

 private:
  GeoIpEnricher() = default;
  MMDB_s* city_ = nullptr;
  MMDB_s* asn_ = nullptr;
};

}  // namespace trailhound::ecs
