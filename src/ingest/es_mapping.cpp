#include "ingest/es_mapping.h"

#include <simdjson.h>

#include <utility>
#include <vector>

#include "exec/data_type.h"
#include "ingest/file_reader.h"
#include "ingest/padded_buffer.h"

namespace trailhound::ingest {
namespace {

using simdjson::dom::element;
using simdjson::dom::object;

class MappingWalker {
 public:
  MappingWalker(const std::string& source, ConstantFields* constants, MultiFields* multi_fields)
      : source_(source), constants_(constants), multi_fields_(multi_fields) {}

  Status walk(object properties, const std::string& prefix, bool in_nested) {
    for (auto [key, def] : properties) {
      std::string name = prefix + std::string(key);
      object field;
      if (def.get_object().get(field)) {
        return Status::parse_error(source_ + ": mapping of field '" + name + "' is not an object");
      }
      std::string_view type;
      bool has_type = !field["type"].get_string().get(type);
      if (!has_type || type == "object" || type == "nested") {
        bool enabled = true;
        if (field["enabled"].get_bool().get(enabled)) enabled = true;  // absent: enabled
        object sub;
        if (enabled && !field["properties"].get_object().get(sub)) {
          Status s = walk(sub, name + ".", in_nested || type == "nested");
          if (!s.ok()) return s;
        }
        continue;
      }
      if (type == "alias") {
        std::string_view target;
        if (field["path"].get_string().get(target)) target = {};
        aliases_.emplace_back(name, std::string(target));
        continue;
      }
      add_leaf(name, type, field, in_nested);
      object multi;
      if (!field["fields"].get_object().get(multi)) {
        for (auto [sub_key, sub_def] : multi) {
          object sub_field;
          std::string_view sub_type;
          if (sub_def.get_object().get(sub_field) || sub_field["type"].get_string().get(sub_type)) {
            continue;  // a multi-field always has a type; ignore anything else
          }
          add_leaf(name + "." + std::string(sub_key), sub_type, sub_field, in_nested);
          if (multi_fields_ != nullptr) {
            double factor = 0;
            if (sub_field["scaling_factor"].get_double().get(factor)) factor = 0;
            multi_fields_->push_back(
                MultiField{name, name + "." + std::string(sub_key), std::string(sub_type), factor});
          }
        }
      }
    }
    return Status::ok_status();
  }

  void resolve_aliases() {
    for (auto& [name, target] : aliases_) {
      const SchemaField* f = schema_.find(target);
      schema_.add(name, f ? f->type : DataType::Unsupported);
      if (constants_ != nullptr) {
        auto it = constants_->find(target);
        if (it != constants_->end()) (*constants_)[name] = it->second;
      }
    }
  }

  Schema take() { return std::move(schema_); }

 private:
  void add_leaf(const std::string& name, std::string_view type, object field, bool in_nested) {
    std::optional<DataType> t = parse_type_name(type);
    schema_.add(name, in_nested || !t ? DataType::Unsupported : *t);
    if (type == "constant_keyword" && constants_ != nullptr) {
      element v;
      if (!field["value"].get(v)) {
        std::string_view s;
        if (!v.get_string().get(s)) {
          (*constants_)[name] = std::string(s);
        } else {
          (*constants_)[name] = simdjson::minify(v);  // numbers/booleans are kept as text
        }
      }
    }
  }

  const std::string& source_;
  ConstantFields* constants_;
  MultiFields* multi_fields_;
  Schema schema_;
  std::vector<std::pair<std::string, std::string>> aliases_;
};

// Finds the object holding "properties" under the accepted wrappers.
bool find_properties(object root, object* properties) {
  for (int depth = 0; depth < 4; ++depth) {
    if (!root["properties"].get_object().get(*properties)) return true;
    object next;
    if (!root["mappings"].get_object().get(next)) {
      root = next;
      continue;
    }
    // A single wrapping key: the index name (GET _mapping) or a legacy type.
    if (root.size() != 1) return false;
    auto [key, only] = *root.begin();
    (void)key;
    if (only.get_object().get(next)) return false;
    root = next;
  }
  return false;
}

}  // namespace

namespace {

Result<Schema> parse_mapping(std::string_view json, const std::string& source,
                             ConstantFields* constants, MultiFields* multi_fields, bool padded) {
  simdjson::dom::parser parser;
  element doc;
  if (auto err = parser.parse(json.data(), json.size(), /*realloc_if_needed=*/!padded).get(doc)) {
    return Status::parse_error(source + ": invalid mapping JSON: " + simdjson::error_message(err));
  }
  object root, properties;
  if (doc.get_object().get(root) || !find_properties(root, &properties)) {
    return Status::parse_error(source + ": no \"properties\" found in the mapping");
  }
  if (constants != nullptr) constants->clear();
  if (multi_fields != nullptr) multi_fields->clear();
  MappingWalker walker(source, constants, multi_fields);
  Status s = walker.walk(properties, "", false);
  if (!s.ok()) return s;
  walker.resolve_aliases();
  return walker.take();
}

}  // namespace

Result<Schema> parse_es_mapping(std::string_view json, const std::string& source,
                                ConstantFields* constants, MultiFields* multi_fields) {
  return parse_mapping(json, source, constants, multi_fields, /*padded=*/false);
}

Result<Schema> load_es_mapping(const std::string& path, ConstantFields* constants,
                               MultiFields* multi_fields) {
  try {
    PaddedBuffer buf;
    Status s = read_file(path, buf);
    if (!s.ok()) return s;
    return parse_mapping(std::string_view(buf.data(), buf.size()), path, constants, multi_fields,
                         /*padded=*/true);
  } catch (const std::exception& e) {  // allocation failure: no exception leaves the module
    return Status::internal(path + ": " + e.what());
  }
}

}  // namespace trailhound::ingest
