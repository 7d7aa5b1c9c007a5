// Writes normalized documents as Elasticsearch `_source` JSON: dotted field
// names become nested objects ("aws.cloudtrail.user_identity.arn" →
// {"aws":{"cloudtrail":{"user_identity":{"arn":…}}}}), in the order the
// normalizer produced the fields; multi-valued fields become arrays.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "ecs/field_sink.h"

namespace trailhound::pipeline {

class NestedJsonSink : public ecs::FieldSink {
 public:
  // Each finished document is appended to `out` followed by '\n'.
  explicit NestedJsonSink(std::string& out) : out_(out) {}

  bool wants(std::string_view) const override { return true; }
  void begin_document() override { fields_.clear(); }
  void keyword(std::string_view f, std::string_view v) override;
  void long_value(std::string_view f, int64_t v) override;
  void double_value(std::string_view f, double v) override;
  void boolean(std::string_view f, bool v) override;
  void datetime(std::string_view f, int64_t ms) override;
  void ip(std::string_view f, std::string_view ip16) override;
  void json(std::string_view f, std::string_view j) override;
  void end_document() override;

 private:
  struct Field {
    std::string name;
    std::vector<std::string> values;  // JSON texts
  };
  void add(std::string_view field, std::string json_value);
  std::vector<Field> fields_;
  std::string& out_;
};

}  // namespace trailhound::pipeline
