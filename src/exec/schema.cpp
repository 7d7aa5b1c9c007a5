#include "exec/schema.h"

#include <algorithm>

namespace trailhound {

namespace {
bool name_less(const SchemaField& f, std::string_view n) { return f.name < n; }
}  // namespace

void Schema::add(std::string name, DataType type) {
  auto it = std::lower_bound(fields_.begin(), fields_.end(), std::string_view(name), name_less);
  if (it != fields_.end() && it->name == name) {
    it->type = type;
    return;
  }
  fields_.insert(it, SchemaField{std::move(name), type});
}

const SchemaField* Schema::find(std::string_view name) const {
  auto it = std::lower_bound(fields_.begin(), fields_.end(), name, name_less);
  return it != fields_.end() && it->name == name ? &*it : nullptr;
}

}  // namespace trailhound
