#include "ecs/cloudtrail_schema.h"

#include <algorithm>
#include <iterator>

namespace trailhound::ecs {

namespace {

struct FieldDef {
  std::string_view name;
  std::string_view mapping_type;
  DataType type;
};

constexpr FieldDef kFields[] = {
#include "ecs/cloudtrail_schema_table.inc"
};

}  // namespace

const Schema& cloudtrail_schema() {
  static const Schema schema = [] {
    Schema s;
    for (const FieldDef& f : kFields) s.add(std::string(f.name), f.type);
    return s;
  }();
  return schema;
}

std::string_view cloudtrail_mapping_type(std::string_view field) {
  auto it = std::lower_bound(std::begin(kFields), std::end(kFields), field,
                             [](const FieldDef& f, std::string_view n) { return f.name < n; });
  return it != std::end(kFields) && it->name == field ? it->mapping_type : std::string_view{};
}

}  // namespace trailhound::ecs
