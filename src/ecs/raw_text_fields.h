// ECS fields whose values are text copied out of the raw CloudTrail record.
//
// Contract: raw_text_kind(f) is Part only when every value CloudTrailNormalizer
// writes to `f` is a JSON string of the raw record (decoded) or a substring of
// one, or the rendering of a JSON number/boolean found at that place; Whole
// when moreover each value is an entire JSON string (so in the record text it
// stands between the string's quotes) or such a rendering. Then a record whose text lacks a string S (JSON-encoded)
// cannot give `f` a value containing S — unless S could be a number's
// rendering, or the record spells characters with `\u`/`\/` escapes; the record
// prefilter (pipeline/record_prefilter.h) handles both. Derived fields
// (constants, lower-cased or looked-up values, IPs, dates, user_agent.*
// except .original, rendered payloads) are false. Kept in step with the
// normalizer by tests/ecs_raw_text_fields_test.cpp.
#pragma once

#include <string_view>

namespace trailhound::ecs {

enum class RawText { None, Part, Whole };

RawText raw_text_kind(std::string_view ecs_field);

// The record key whose string value the field copies (wholly, or a part of it
// for user_agent.name-style derivations), when that key name is distinctive
// enough to look for ("eventName" for event.action); "" otherwise. Every value
// of the field is the value of some `"<key>":` member of the record.
std::string_view raw_text_key(std::string_view ecs_field);
inline bool is_raw_text_field(std::string_view ecs_field) { return raw_text_kind(ecs_field) != RawText::None; }

}  // namespace trailhound::ecs
