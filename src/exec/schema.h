// The typed field list of an index: what FROM exposes to ES|QL.
//
// Contract: field names are full dotted names; the order of `fields` is the
// order FROM presents columns in (alphabetical, as Elasticsearch does).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "exec/data_type.h"

namespace trailhound {

struct SchemaField {
  std::string name;
  DataType type;
};

class Schema {
 public:
  // Adds or replaces a field; keeps `fields()` sorted by name.
  void add(std::string name, DataType type);
  const SchemaField* find(std::string_view name) const;
  const std::vector<SchemaField>& fields() const { return fields_; }

 private:
  // Sorted by name; find() searches it (an index rebuilt on every add()
  // made building the ~600-field ECS schema quadratic).
  std::vector<SchemaField> fields_;
};

}  // namespace trailhound
