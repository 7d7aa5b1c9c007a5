// geo_point values: parsing, canonical text, and the distance ES|QL computes.
//
// Contract:
// - A geo_point is stored in Column::str as its canonical WKT text,
//   "POINT (lon lat)" with each coordinate printed as Java's Double.toString
//   (format_double), which is how Elasticsearch prints geo_point values.
// - parse_wkt_point() accepts WKT `POINT (x y)` (case-insensitive keyword,
//   optional whitespace, an optional third `z` ordinate that is ignored, as
//   Elasticsearch's WKT parser with ignore_z_value does) and rejects anything
//   else, non-finite numbers, and latitudes outside [-90, 90] or longitudes
//   outside [-180, 180] (the geography validator). Errors carry the message
//   used for the per-row warning.
// - geo_distance_meters() is ST_DISTANCE on two geo_points: both points are
//   first quantized to the 32-bit grid Lucene indexes geo_points on (so the
//   same pair gives the same distance whether it came from the index or a
//   literal), then the haversine distance on the mean Earth radius
//   6371008.7714 m, with the sort-key low bits cleared as Lucene does.
//   Approximation: Lucene evaluates cos/asin with table-based "sloppy"
//   versions; this uses the C library's, so results can differ in the last
//   few ulps (far below the metre).
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"

namespace trailhound {

struct GeoPoint {
  double lon = 0;
  double lat = 0;
};

Result<GeoPoint> parse_wkt_point(std::string_view text);
std::string format_wkt_point(GeoPoint p);
double geo_distance_meters(GeoPoint a, GeoPoint b);

}  // namespace trailhound
