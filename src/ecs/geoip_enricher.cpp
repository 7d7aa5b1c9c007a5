#include "ecs/geoip_enricher.h"

#include <arpa/inet.h>
#include <maxminddb.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cstring>

namespace trailhound::ecs {

namespace {

Status open_db(const std::string& path, std::string_view want_type, MMDB_s*& out) {
  auto* db = new MMDB_s;
  int rc = MMDB_open(path.c_str(), MMDB_MODE_MMAP, db);
  if (rc != MMDB_SUCCESS) {
    delete db;
    return Status::io_error("GeoIP database " + path + ": " + MMDB_strerror(rc));
  }
  // Refuse a City file given as --geoip-asn (and vice versa): the lookups would
  // silently find nothing.
  std::string_view type = db->metadata.database_type ? db->metadata.database_type : "";
  if (type.find(want_type) == std::string_view::npos) {
    std::string t(type);
    MMDB_close(db);
    delete db;
    return Status::invalid_input("GeoIP database " + path + ": database type '" + t + "' is not a " +
                                 std::string(want_type) + " database");
  }
  out = db;
  return Status::ok_status();
}

// Looks the address up as a sockaddr so libmaxminddb picks the IPv4 subtree of
// an IPv6 database for IPv4 (and IPv4-mapped) addresses.
std::optional<MMDB_lookup_result_s> lookup(MMDB_s* db, std::string_view ip16) {
  if (!db || ip16.size() != 16) return std::nullopt;
  static constexpr unsigned char kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  int mmdb_error = MMDB_SUCCESS;
  MMDB_lookup_result_s r;
  if (std::memcmp(ip16.data(), kMapped, 12) == 0) {
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    std::memcpy(&sa.sin_addr, ip16.data() + 12, 4);
    r = MMDB_lookup_sockaddr(db, reinterpret_cast<const sockaddr*>(&sa), &mmdb_error);
  } else {
    sockaddr_in6 sa{};
    sa.sin6_family = AF_INET6;
    std::memcpy(&sa.sin6_addr, ip16.data(), 16);
    r = MMDB_lookup_sockaddr(db, reinterpret_cast<const sockaddr*>(&sa), &mmdb_error);
  }
  if (mmdb_error != MMDB_SUCCESS || !r.found_entry) return std::nullopt;
  return r;
}

std::optional<std::string> get_string(MMDB_entry_s* entry, const char* const* path) {
  MMDB_entry_data_s data;
  if (MMDB_aget_value(entry, &data, path) != MMDB_SUCCESS || !data.has_data ||
      data.type != MMDB_DATA_TYPE_UTF8_STRING) {
    return std::nullopt;
  }
  return std::string(data.utf8_string, data.data_size);
}

std::optional<double> get_double(MMDB_entry_s* entry, const char* const* path) {
  MMDB_entry_data_s data;
  if (MMDB_aget_value(entry, &data, path) != MMDB_SUCCESS || !data.has_data) return std::nullopt;
  if (data.type == MMDB_DATA_TYPE_DOUBLE) return data.double_value;
  if (data.type == MMDB_DATA_TYPE_FLOAT) return data.float_value;
  return std::nullopt;
}

std::optional<int64_t> get_integer(MMDB_entry_s* entry, const char* const* path) {
  MMDB_entry_data_s data;
  if (MMDB_aget_value(entry, &data, path) != MMDB_SUCCESS || !data.has_data) return std::nullopt;
  switch (data.type) {
    case MMDB_DATA_TYPE_UINT16: return data.uint16;
    case MMDB_DATA_TYPE_UINT32: return data.uint32;
    case MMDB_DATA_TYPE_INT32: return data.int32;
    case MMDB_DATA_TYPE_UINT64: return static_cast<int64_t>(data.uint64);
    default: return std::nullopt;
  }
}

// Number of entries of the array at `path` (0 when absent).
size_t array_size(MMDB_entry_s* entry, const char* const* path) {
  MMDB_entry_data_s data;
  if (MMDB_aget_value(entry, &data, path) != MMDB_SUCCESS || !data.has_data || data.type != MMDB_DATA_TYPE_ARRAY) {
    return 0;
  }
  return data.data_size;
}

}  // namespace

Result<std::shared_ptr<const GeoIpEnricher>> GeoIpEnricher::open(const GeoIpOptions& options) {
  std::shared_ptr<GeoIpEnricher> e(new GeoIpEnricher());
  if (!options.city_db.empty()) {
    Status st = open_db(options.city_db, "City", e->city_);
    if (!st.ok()) return st;
  }
  if (!options.asn_db.empty()) {
    Status st = open_db(options.asn_db, "ASN", e->asn_);
    if (!st.ok()) return st;
  }
  return std::shared_ptr<const GeoIpEnricher>(std::move(e));
}

GeoIpEnricher::~GeoIpEnricher() {
  for (MMDB_s* db : {city_, asn_}) {
    if (!db) continue;
    MMDB_close(db);
    delete db;
  }
}

std::optional<GeoCity> GeoIpEnricher::city(std::string_view ip16) const {
  auto r = lookup(city_, ip16);
  if (!r) return std::nullopt;
  MMDB_entry_s* entry = &r->entry;
  GeoCity g;
  static const char* const kContinent[] = {"continent", "names", "en", nullptr};
  static const char* const kCountryIso[] = {"country", "iso_code", nullptr};
  static const char* const kCountryName[] = {"country", "names", "en", nullptr};
  static const char* const kCity[] = {"city", "names", "en", nullptr};
  static const char* const kLat[] = {"location", "latitude", nullptr};
  static const char* const kLon[] = {"location", "longitude", nullptr};
  static const char* const kSubdivisions[] = {"subdivisions", nullptr};
  g.continent_name = get_string(entry, kContinent);
  g.country_iso_code = get_string(entry, kCountryIso);
  g.country_name = get_string(entry, kCountryName);
  g.city_name = get_string(entry, kCity);
  // The most specific subdivision is the last one (GeoIP2 orders them from the
  // largest to the smallest).
  if (size_t n = array_size(entry, kSubdivisions)) {
    std::string index = std::to_string(n - 1);
    const char* const iso[] = {"subdivisions", index.c_str(), "iso_code", nullptr};
    const char* const name[] = {"subdivisions", index.c_str(), "names", "en", nullptr};
    auto sub_iso = get_string(entry, iso);
    g.region_name = get_string(entry, name);
    if (g.country_iso_code && sub_iso) g.region_iso_code = *g.country_iso_code + "-" + *sub_iso;
  }
  auto lat = get_double(entry, kLat);
  auto lon = get_double(entry, kLon);
  if (lat && lon) {
    g.lat = lat;
    g.lon = lon;
  }
  if (!g.continent_name && !g.country_iso_code && !g.country_name && !g.region_iso_code && !g.region_name &&
      !g.city_name && !g.lat) {
    return std::nullopt;
  }
  return g;
}

std::optional<GeoAsn> GeoIpEnricher::asn(std::string_view ip16) const {
  auto r = lookup(asn_, ip16);
  if (!r) return std::nullopt;
  static const char* const kNumber[] = {"autonomous_system_number", nullptr};
  static const char* const kOrg[] = {"autonomous_system_organization", nullptr};
  GeoAsn a;
  a.number = get_integer(&r->entry, kNumber);
  a.organization_name = get_string(&r->entry, kOrg);
  if (!a.number && !a.organization_name) return std::nullopt;
  return a;
}

}  // namespace trailhound::ecs
