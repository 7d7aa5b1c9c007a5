// ECS fields whose values are text copied out of the raw CloudTrail record.
//
// Contract: is_raw_text_field(f) is true only when every value
// CloudTrailNormalizer writes to `f` is a JSON string of the raw record
// (decoded) or a substring of one, or the rendering of a JSON number/boolean
// found at that place. Then a record whose text lacks a string S (JSON-encoded)
// cannot give `f` a value containing S — unless S could be a number's
// rendering, or the record spells characters with `\u`/`\/` escapes; the record
// prefilter (pipeline/record_prefilter.h) handles both. Derived fields
// (constants, lower-cased or looked-up values, IPs, dates, user_agent.*
// except .original, rendered payloads) are false. Kept in step with the
// normalizer by tests/ecs_raw_text_fields_test.cpp.
#pragma once

#include <string_view>

namespace trailhound::ecs {

bool is_raw_text_field(std::string_view ecs_field);

}  // namespace trailhound::ecs
