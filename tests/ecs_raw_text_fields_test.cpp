// ecs::raw_text_kind / raw_text_key promise that a field's values are text of
// the raw record (whole strings, or parts of them) and, for keyed fields, the
// value of that key. The record prefilter skips records on that promise, so it
// is checked here against what CloudTrailNormalizer writes for every record of
// Elastic's pipeline test vectors and the NDJSON files of the public sets.
#include <gtest/gtest.h>
#include <simdjson.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "common/json_string.h"
#include "ecs/cloudtrail_normalizer.h"
#include "ecs/raw_text_fields.h"

namespace trailhound::ecs {
namespace {

namespace fs = std::filesystem;

class KeywordSink : public FieldSink {
 public:
  std::multimap<std::string, std::string> values;
  bool wants(std::string_view) const override { return true; }
  void begin_document() override { values.clear(); }
  void keyword(std::string_view f, std::string_view v) override { values.emplace(f, v); }
  void long_value(std::string_view, int64_t) override {}
  void double_value(std::string_view, double) override {}
  void boolean(std::string_view, bool) override {}
  void datetime(std::string_view, int64_t) override {}
  void ip(std::string_view, std::string_view) override {}
  void json(std::string_view, std::string_view) override {}
  void end_document() override {}
};

std::string encoded(std::string_view v) {
  std::string q;
  append_json_string(q, v);
  return q;  // with its quotes
}

bool scalar_rendering(std::string_view v) {
  return v == "true" || v == "false" ||
         v.find_first_not_of("0123456789.-+eE") == std::string_view::npos;
}

// Some member `"key": <enc>` of the record (any spacing around the colon).
bool member_has(std::string_view raw, std::string_view key, std::string_view enc) {
  const std::string k = "\"" + std::string(key) + "\"";
  for (size_t p = raw.find(k); p != std::string_view::npos; p = raw.find(k, p + 1)) {
    size_t i = p + k.size();
    while (i < raw.size() && (raw[i] == ' ' || raw[i] == '\t')) ++i;
    if (i >= raw.size() || raw[i] != ':') continue;
    ++i;
    while (i < raw.size() && (raw[i] == ' ' || raw[i] == '\t')) ++i;
    if (raw.substr(i, enc.size()) == enc) return true;
  }
  return false;
}

// Every NDJSON record under `dir` (one per line), with the raw text.
void for_each_record(const fs::path& dir, const std::function<void(std::string_view)>& f) {
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    const std::string name = e.path().filename().string();
    if (!e.is_regular_file() || (e.path().extension() != ".log" && e.path().extension() != ".ndjson")) continue;
    if (name.find("expected") != std::string::npos) continue;
    std::ifstream in(e.path());
    for (std::string line; std::getline(in, line);)
      if (!line.empty() && line.front() == '{') f(line);
  }
}

TEST(RawTextFields, ValuesAreTextOfTheRecordAndOfTheirKey) {
  CloudTrailNormalizerOptions o;
  o.read_time_millis = 1735689600000;
  CloudTrailNormalizer normalizer(nullptr, o);
  simdjson::dom::parser parser;
  KeywordSink sink;
  size_t records = 0, checked = 0;
  auto check = [&](std::string_view raw) {
    simdjson::dom::element rec;
    if (parser.parse(simdjson::padded_string(raw)).get(rec) || !rec.is_object()) return;
    if (!normalizer.normalize(rec, sink).ok()) return;
    ++records;
    for (const auto& [field, value] : sink.values) {
      const RawText kind = raw_text_kind(field);
      if (kind == RawText::None) continue;
      ++checked;
      std::string enc = encoded(value);
      const bool bare = scalar_rendering(value) && raw.find(value) != std::string_view::npos;
      if (kind == RawText::Part) {
        EXPECT_TRUE(raw.find(enc.substr(1, enc.size() - 2)) != std::string_view::npos) << field << " = " << value;
        continue;
      }
      EXPECT_TRUE(bare || raw.find(enc) != std::string_view::npos) << field << " = " << value << "\n" << raw;
      if (const std::string_view key = raw_text_key(field); !key.empty() && !bare) {
        EXPECT_TRUE(member_has(raw, key, enc))
            << field << " = " << value << " is not the value of \"" << key << "\"\n" << raw;
      }
    }
  };
  for_each_record(fs::path(TRAILHOUND_SHARED_DIR) / "testdata/elastic-integration-cloudtrail", check);
  for_each_record(fs::path(TRAILHOUND_SHARED_DIR) / "testdata/cloudtrail", check);
  EXPECT_GT(records, 1000u);
  EXPECT_GT(checked, 10000u);
}

}  // namespace
}  // namespace trailhound::ecs
