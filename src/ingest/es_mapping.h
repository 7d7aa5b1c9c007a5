// Reads an Elasticsearch index mapping into the Schema FROM exposes.
//
// Contract:
// - Accepts the mapping body with or without wrappers: {"properties":…},
//   {"mappings":{"properties":…}}, the GET _mapping form
//   {"<index>":{"mappings":…}}, and a legacy single type level
//   ({"mappings":{"_doc":{"properties":…}}}).
// - `properties` nesting (object fields) → dotted names; multi-fields under
//   `fields` → "name.sub"; `alias` fields take their target's type; objects
//   with "enabled": false contribute nothing (ES|QL cannot see inside them).
// - Types come from parse_type_name(); mapping types ES|QL cannot read
//   (geo_point, binary, flattened, histogram, …) and every field inside a
//   `nested` object become DataType::Unsupported (ES|QL returns them as null).
// - constant_keyword fields are keyword; their mapped "value" (every document
//   reports it, even one that does not contain the field) goes to `constants`
//   when given. A constant_keyword without a value has no entry (null until a
//   document sets it).
// - Errors: unreadable file → IoError, invalid JSON or no properties found →
//   ParseError; messages start with the path.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "exec/schema.h"

namespace trailhound::ingest {

// Field name → the constant value of a constant_keyword field.
using ConstantFields = std::map<std::string, std::string, std::less<>>;

// A multi-field (`"fields": {…}` under a mapped field): Elasticsearch indexes the
// parent's value again under `parent.sub` with the sub-field's own type, so a
// document that only holds `height` also answers `height.float`.
struct MultiField {
  std::string parent;       // "height"
  std::string name;         // "height.float"
  std::string es_type;      // the mapping type ("float", "scaled_float", "keyword"...)
  double scaling_factor = 0;  // scaled_float only
};
using MultiFields = std::vector<MultiField>;

Result<Schema> load_es_mapping(const std::string& path, ConstantFields* constants = nullptr,
                               MultiFields* multi_fields = nullptr);
// Same, from JSON text; `source` names it in error messages.
Result<Schema> parse_es_mapping(std::string_view json, const std::string& source,
                                ConstantFields* constants = nullptr,
                                MultiFields* multi_fields = nullptr);

}  // namespace trailhound::ingest
