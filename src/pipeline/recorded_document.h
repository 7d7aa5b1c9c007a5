// Documents held in memory as the flat list of typed values a FieldSink saw.
//
// Why: documents bound to an index with `INDEX=PATH` are small test or lookup
// sets whose schema may have to be inferred from all of them before any batch
// can be typed. Recording once and replaying into a BatchBuilder per scan
// keeps a single JSON parse per document.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "ecs/field_sink.h"

namespace trailhound::pipeline {

struct RecordedValue {
  enum class Kind { Keyword, Long, Double, Boolean, Datetime, Ip, Json };
  std::string field;
  Kind kind;
  int64_t i = 0;
  double d = 0;
  std::string s;  // keyword text, 16-byte ip, or json
};

using RecordedDocument = std::vector<RecordedValue>;

// A FieldSink that appends every value of every document to `docs`.
class RecordingSink : public ecs::FieldSink {
 public:
  explicit RecordingSink(std::vector<RecordedDocument>& docs) : docs_(docs) {}
  bool wants(std::string_view) const override { return true; }
  void begin_document() override { docs_.emplace_back(); }
  void keyword(std::string_view f, std::string_view v) override;
  void long_value(std::string_view f, int64_t v) override;
  void double_value(std::string_view f, double v) override;
  void boolean(std::string_view f, bool v) override;
  void datetime(std::string_view f, int64_t ms) override;
  void ip(std::string_view f, std::string_view ip16) override;
  void json(std::string_view f, std::string_view j) override;
  void end_document() override {}

 private:
  std::vector<RecordedDocument>& docs_;
};

// Replays one recorded document into `sink` (begin … end), skipping fields the
// sink does not want.
void replay(const RecordedDocument& doc, ecs::FieldSink& sink);


}  // namespace trailhound::pipeline
