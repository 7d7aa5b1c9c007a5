#include "ingest/stored_precision.h"

#include <cmath>

namespace trailhound::ingest {

double as_float32(double v) { return static_cast<double>(static_cast<float>(v)); }

double as_half_float(double v) {
  // ES parses half_float input as a float, then rounds it to the nearest
  // binary16 value (ties to even). Scaling by powers of two is exact, so
  // rounding the scaled value to an integer rounds to the half's precision.
  const double f = static_cast<float>(v);
  if (!std::isfinite(f) || f == 0) return f;
  int exp = 0;
  std::frexp(f, &exp);                       // f = m * 2^exp, 0.5 <= |m| < 1
  const int unbiased = std::max(exp - 1, -14);  // below 2^-14 halves are subnormal
  const int ulp_exp = unbiased - 10;         // 10 mantissa bits
  const double r = std::ldexp(std::nearbyint(std::ldexp(f, -ulp_exp)), ulp_exp);
  if (std::fabs(r) > 65504.0) return std::copysign(INFINITY, f);
  return r;
}

double as_scaled_float(double v, double scaling_factor) {
  // Stored as Math.round(v * factor) (a long), read back as long / factor.
  const double scaled = std::floor(v * scaling_factor + 0.5);
  return scaled / scaling_factor;
}

}  // namespace trailhound::ingest
