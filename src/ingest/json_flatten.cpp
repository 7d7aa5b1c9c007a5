#include "ingest/json_flatten.h"

#include <cstdint>

namespace trailhound::ingest {

void JsonFlattener::document(simdjson::dom::object doc, ecs::FieldSink& sink) {
  sink.begin_document();
  fields(doc, sink);
  sink.end_document();
}

void JsonFlattener::fields(simdjson::dom::object doc, ecs::FieldSink& sink) {
  name_.clear();
  members(doc, sink);
}

void JsonFlattener::members(simdjson::dom::object obj, ecs::FieldSink& sink) {
  const size_t base = name_.size();
  for (auto [key, v] : obj) {
    name_.resize(base);
    if (base != 0) name_.push_back('.');
    name_.append(key.data(), key.size());
    value(v, sink);
  }
  name_.resize(base);
}

void JsonFlattener::value(simdjson::dom::element v, ecs::FieldSink& sink) {
  using T = simdjson::dom::element_type;
  switch (v.type()) {
    case T::OBJECT: {
      simdjson::dom::object obj = v.get_object().value_unsafe();
      members(obj, sink);
      return;
    }
    case T::ARRAY: {
      simdjson::dom::array items = v.get_array().value_unsafe();  // keep alive for the loop
      for (simdjson::dom::element e : items) value(e, sink);
      return;
    }
    case T::NULL_VALUE:
      return;
    default:
      break;
  }
  if (!sink.wants(name_)) return;
  switch (v.type()) {
    case T::STRING: sink.keyword(name_, v.get_string().value_unsafe()); break;
    case T::INT64: sink.long_value(name_, v.get_int64().value_unsafe()); break;
    case T::UINT64:
      // Only values above INT64_MAX are UINT64 in simdjson; ES would need
      // unsigned_long, which dynamic mapping never picks.
      sink.double_value(name_, static_cast<double>(v.get_uint64().value_unsafe()));
      break;
    case T::DOUBLE: sink.double_value(name_, v.get_double().value_unsafe()); break;
    case T::BOOL: sink.boolean(name_, v.get_bool().value_unsafe()); break;
    default: break;
  }
}

}  // namespace trailhound::ingest
