// Flattens a JSON document into dotted field names, the way Elasticsearch
// indexes a document without an explicit mapping.
//
// Contract (per value, written to a trailhound::ecs::FieldSink):
//   string → keyword, integer → long (an unsigned one above INT64_MAX → double),
//   float → double, boolean → boolean, null → nothing (absent),
//   object → its members under "name.member",
//   array → each element under the same name, in order (a multi-value); arrays
//   of objects therefore merge into the same dotted names, as Elasticsearch's
//   non-nested object arrays do; nested arrays are flattened.
// sink.wants(name) is asked before every value; unwanted values cost only the
// name build. document() wraps the fields in begin_document()/end_document().
#pragma once

#include <simdjson.h>

#include <string>

#include "ecs/field_sink.h"

namespace trailhound::ingest {

class JsonFlattener {
 public:
  void document(simdjson::dom::object doc, ecs::FieldSink& sink);
  // The fields only, without begin/end (for embedding in a larger document).
  void fields(simdjson::dom::object doc, ecs::FieldSink& sink);

 private:
  void value(simdjson::dom::element v, ecs::FieldSink& sink);
  void members(simdjson::dom::object obj, ecs::FieldSink& sink);

  std::string name_;  // current dotted name; reused so flattening allocates little
};

}  // namespace trailhound::ingest
