// Spatial functions over geo_point: TO_GEOPOINT, ST_X, ST_Y, ST_DISTANCE.
//
// Only what the bundled detection rules need: geo_point (no cartesian_point,
// shapes or spatial aggregates). TO_GEOPOINT parses WKT `POINT (lon lat)`
// (exec/geo_point.h); a string that is not a valid point is a conversion
// failure (null + warning), multi-values convert element-wise as every TO_xxx
// does. ST_X/ST_Y return the longitude/latitude as double; ST_DISTANCE the
// haversine distance in metres (Elasticsearch's formula, geo_point.h). All
// three are single-value functions (multi-value → null + warning).
#include <fmt/format.h>

#include "exec/functions/function_registry.h"
#include "exec/geo_point.h"

namespace trailhound {

namespace {

constexpr std::string_view kPointTypes = "geo_point or cartesian_point";

Result<ExprP> bind_to_geopoint(const CallInfo& info, std::vector<ExprP>& args) {
  if (args.size() != 1) return arity_error(info, "one");
  const DataType t = args[0]->type();
  if (t == DataType::Null) return make_null_literal(DataType::GeoPoint, info.src);
  if (t == DataType::GeoPoint) return args[0];
  if (!is_string(t)) return arg_type_error(info, 0, 1, "geo_point or string", t);
  return ExprP(std::make_shared<FnExpr>(
      DataType::GeoPoint, info.src, args, [](const FnExpr& self, const std::vector<Vec>& a, size_t rows, EvalContext& ctx) {
        // Element-wise conversion: failed values are dropped with a warning.
        return map_rows(rows, DataType::GeoPoint, a, [&](Column& out, size_t r) {
          const uint32_t b = a[0].begin(r), n = a[0].count(r);
          for (uint32_t i = 0; i < n; ++i) {
            auto p = parse_wkt_point(a[0].c().str[b + i]);
            if (p.ok()) out.push_str(format_wkt_point(p.value()));
            else ctx.warnings.failure(self.source(), p.status().message());
          }
        });
      }));
}

GeoPoint point_at(const Vec& v, uint32_t vi) {
  // Values of a GeoPoint column are canonical WKT written by this engine.
  auto p = parse_wkt_point(v.c().str[vi]);
  return p.ok() ? p.value() : GeoPoint{};
}

template <bool Y>
Result<ExprP> bind_st_coord(const CallInfo& info, std::vector<ExprP>& args) {
  if (args.size() != 1) return arity_error(info, "one");
  const DataType t = args[0]->type();
  if (t == DataType::Null) return make_null_literal(DataType::Double, info.src);
  if (t != DataType::GeoPoint) return arg_type_error(info, 0, 1, kPointTypes, t);
  return ExprP(std::make_shared<FnExpr>(
      DataType::Double, info.src, args, [](const FnExpr& self, const std::vector<Vec>& a, size_t rows, EvalContext& ctx) {
        return map_single(self, ctx, rows, DataType::Double, a, [&](Column& out, const uint32_t* vi) {
          const GeoPoint p = point_at(a[0], vi[0]);
          out.push_f64(Y ? p.lat : p.lon);
        });
      }));
}

Result<ExprP> bind_st_distance(const CallInfo& info, std::vector<ExprP>& args) {
  if (args.size() != 2) return arity_error(info, "two");
  for (size_t i = 0; i < 2; ++i) {
    const DataType t = args[i]->type();
    if (t != DataType::GeoPoint && t != DataType::Null) return arg_type_error(info, i, 2, kPointTypes, t);
  }
  if (args[0]->type() == DataType::Null || args[1]->type() == DataType::Null)
    return make_null_literal(DataType::Double, info.src);
  return ExprP(std::make_shared<FnExpr>(
      DataType::Double, info.src, args, [](const FnExpr& self, const std::vector<Vec>& a, size_t rows, EvalContext& ctx) {
        return map_single(self, ctx, rows, DataType::Double, a, [&](Column& out, const uint32_t* vi) {
          out.push_f64(geo_distance_meters(point_at(a[0], vi[0]), point_at(a[1], vi[1])));
        });
      }));
}

}  // namespace

void register_spatial_functions(FunctionTable& t) {
  t.add("to_geopoint", bind_to_geopoint);
  t.add("st_x", bind_st_coord<false>);
  t.add("st_y", bind_st_coord<true>);
  t.add("st_distance", bind_st_distance);
}

}  // namespace trailhound
