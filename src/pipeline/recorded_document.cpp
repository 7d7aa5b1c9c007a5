#include "pipeline/recorded_document.h"


namespace trailhound::pipeline {

namespace {
RecordedValue make(std::string_view f, RecordedValue::Kind k) {
  RecordedValue v;
  v.field = std::string(f);
  v.kind = k;
  return v;
}
}  // namespace

void RecordingSink::keyword(std::string_view f, std::string_view s) {
  auto v = make(f, RecordedValue::Kind::Keyword);
  v.s = std::string(s);
  docs_.back().push_back(std::move(v));
}
void RecordingSink::long_value(std::string_view f, int64_t i) {
  auto v = make(f, RecordedValue::Kind::Long);
  v.i = i;
  docs_.back().push_back(std::move(v));
}
void RecordingSink::double_value(std::string_view f, double d) {
  auto v = make(f, RecordedValue::Kind::Double);
  v.d = d;
  docs_.back().push_back(std::move(v));
}
void RecordingSink::boolean(std::string_view f, bool b) {
  auto v = make(f, RecordedValue::Kind::Boolean);
  v.i = b;
  docs_.back().push_back(std::move(v));
}
void RecordingSink::datetime(std::string_view f, int64_t ms) {
  auto v = make(f, RecordedValue::Kind::Datetime);
  v.i = ms;
  docs_.back().push_back(std::move(v));
}
void RecordingSink::ip(std::string_view f, std::string_view ip16) {
  auto v = make(f, RecordedValue::Kind::Ip);
  v.s = std::string(ip16);
  docs_.back().push_back(std::move(v));
}
void RecordingSink::json(std::string_view f, std::string_view j) {
  auto v = make(f, RecordedValue::Kind::Json);
  v.s = std::string(j);
  docs_.back().push_back(std::move(v));
}

void replay(const RecordedDocument& doc, ecs::FieldSink& sink) {
  sink.begin_document();
  for (const RecordedValue& v : doc) {
    if (!sink.wants(v.field)) continue;
    switch (v.kind) {
      case RecordedValue::Kind::Keyword: sink.keyword(v.field, v.s); break;
      case RecordedValue::Kind::Long: sink.long_value(v.field, v.i); break;
      case RecordedValue::Kind::Double: sink.double_value(v.field, v.d); break;
      case RecordedValue::Kind::Boolean: sink.boolean(v.field, v.i != 0); break;
      case RecordedValue::Kind::Datetime: sink.datetime(v.field, v.i); break;
      case RecordedValue::Kind::Ip: sink.ip(v.field, v.s); break;
      case RecordedValue::Kind::Json: sink.json(v.field, v.s); break;
    }
  }
  sink.end_document();
}

}  // namespace trailhound::pipeline
