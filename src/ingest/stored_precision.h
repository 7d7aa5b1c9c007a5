// The precision Elasticsearch keeps when it indexes a number into a narrower
// field type: what ES|QL reads back from doc values.
//
// Contract: each function maps a parsed JSON double to the value a field of that
// type returns: float → nearest binary32, half_float → nearest binary16 (ties to
// even; beyond ±65504 infinity), scaled_float → round(v × factor) / factor.
#pragma once

namespace trailhound::ingest {

double as_float32(double v);
double as_half_float(double v);
double as_scaled_float(double v, double scaling_factor);

}  // namespace trailhound::ingest
