#include "exec/schema.h"

#include <algorithm>

namespace trailhound {

void Schema::add(std::string name, DataType type) {
  auto it = std::lower_bound(fields_.begin(), fields_.end(), name,
                             [](const SchemaField& f, const std::string& n) { return f.name < n; });
  if (it != fields_.end() && it->name == name) {
    it->type = type;
    return;
  }
  fields_.insert(it, SchemaField{std::move(name), type});
  index_.clear();
  for (size_t i = 0; i < fields_.size(); ++i) index_.emplace(fields_[i].name, i);
}

const SchemaField* Schema::find(std::string_view name) const {
  auto it = index_.find(std::string(name));
  return it == index_.end() ? nullptr : &fields_[it->second];
}

}  // namespace trailhound
