// Generic document indices: flattening, loading, schema inference and
// Elasticsearch mappings.
#include <gtest/gtest.h>

#include "exec/data_type.h"
#include "fixtures/ingest/ingest_test_support.h"
#include "ingest/document_index.h"
#include "ingest/es_mapping.h"
#include "ingest/json_flatten.h"

namespace trailhound::ingest {
namespace {

using testing::fixture_dir;
using testing::shared_dir;
using testing::TempDir;
using Strings = std::vector<std::string>;

// Records every sink call as "field=type:value" text.
class RecordingSink : public ecs::FieldSink {
 public:
  std::set<std::string> unwanted;
  Strings calls;
  bool wants(std::string_view f) const override { return !unwanted.count(std::string(f)); }
  void begin_document() override { calls.push_back("begin"); }
  void keyword(std::string_view f, std::string_view v) override { add(f, "k", std::string(v)); }
  void long_value(std::string_view f, int64_t v) override { add(f, "l", std::to_string(v)); }
  void double_value(std::string_view f, double v) override {
    std::ostringstream s;
    s << v;
    add(f, "d", s.str());
  }
  void boolean(std::string_view f, bool v) override { add(f, "b", v ? "true" : "false"); }
  void datetime(std::string_view f, int64_t v) override { add(f, "dt", std::to_string(v)); }
  void ip(std::string_view f, std::string_view) override { add(f, "ip", "?"); }
  void json(std::string_view f, std::string_view v) override { add(f, "j", std::string(v)); }
  void end_document() override { calls.push_back("end"); }

 private:
  void add(std::string_view f, const char* t, const std::string& v) {
    calls.push_back(std::string(f) + "=" + t + ":" + v);
  }
};

TEST(IngestDocumentIndex, FlattensLikeElasticsearch) {
  simdjson::dom::parser parser;
  simdjson::dom::object doc = parser.parse(std::string_view(
      R"({"a":"x","n":-5,"f":1.5,"t":true,"z":null,"big":18446744073709551615,
          "o":{"p":{"q":1},"e":{}},"arr":[1,"two",[3]],
          "objs":[{"k":"v1","m":1},{"k":"v2"}],"skip":"me"})")).get_object().value();
  RecordingSink sink;
  sink.unwanted.insert("skip");
  JsonFlattener f;
  f.document(doc, sink);
  EXPECT_EQ(sink.calls, (Strings{"begin", "a=k:x", "n=l:-5", "f=d:1.5", "t=b:true",
                                 "big=d:1.84467e+19", "o.p.q=l:1", "arr=l:1", "arr=k:two",
                                 "arr=l:3", "objs.k=k:v1", "objs.m=l:1", "objs.k=k:v2", "end"}));
}

TEST(IngestDocumentIndex, LoadsDocumentsAndReportsBadLines) {
  TempDir dir;
  std::string path = dir.write("idx.ndjson",
                               "{\"a\":1,\"_synthetic\":true}\n{bad\n{\"a\":2.5,\"b\":{\"c\":\"x\"}}\n");
  RecordingSink sink;
  ErrorReporter errors(nullptr);
  Result<IngestSummary> r = load_documents(path, sink, errors);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->records, 2u);
  EXPECT_EQ(sink.calls, (Strings{"begin", "a=l:1", "_synthetic=b:true", "end", "begin", "a=d:2.5",
                                 "b.c=k:x", "end"}));
  ASSERT_EQ(errors.count(), 1u);
  EXPECT_EQ(errors.entries()[0].line, 2u);

  Result<IngestSummary> missing = load_documents(dir.file("nope.ndjson"), sink, errors);
  EXPECT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), Status::Code::IoError);
}

TEST(IngestDocumentIndex, InfersSchema) {
  TempDir dir;
  std::string path = dir.write(
      "idx.ndjson",
      "{\"i\":1,\"mixed_num\":1,\"conflict\":1,\"s\":\"a\",\"b\":true,\"o\":{\"x\":[1,2]},\"nul\":null}\n"
      "{\"i\":2,\"mixed_num\":2.5,\"conflict\":\"x\",\"s\":\"b\",\"b\":false}\n");
  ErrorReporter errors(nullptr);
  Result<Schema> r = infer_schema(path, errors);
  ASSERT_TRUE(r.ok());
  Strings got;
  for (auto& f : r->fields()) got.push_back(f.name + ":" + std::string(type_name(f.type)));
  EXPECT_EQ(got, (Strings{"b:boolean", "conflict:keyword", "i:long", "mixed_num:double",
                          "o.x:long", "s:keyword"}));
}

std::string type_of(const Schema& s, const std::string& name) {
  const SchemaField* f = s.find(name);
  return f ? std::string(type_name(f->type)) : "<absent>";
}

TEST(IngestDocumentIndex, LoadsEsqlCsvSpecDefaultMapping) {
  Result<Schema> r = load_es_mapping(shared_dir() + "/testdata/esql-csv-spec/mapping-default.json");
  ASSERT_TRUE(r.ok()) << r.status().message();
  Strings got;
  for (auto& f : r->fields()) got.push_back(f.name + ":" + std::string(type_name(f.type)));
  EXPECT_EQ(got, (Strings{"avg_worked_seconds:long", "birth_date:date", "emp_no:integer",
                          "first_name:keyword", "gender:keyword", "height:double",
                          "height.float:double", "height.half_float:double",
                          "height.scaled_float:double", "hire_date:date", "is_rehired:boolean",
                          "job_positions:keyword", "languages:integer", "languages.byte:integer",
                          "languages.long:long", "languages.short:integer", "last_name:keyword",
                          "salary:integer", "salary_change:double", "salary_change.int:integer",
                          "salary_change.keyword:keyword", "salary_change.long:long",
                          "still_hired:boolean"}));
}

TEST(IngestDocumentIndex, ConstantKeywordValues) {
  const std::string dir = shared_dir() + "/testdata/esql-csv-spec/";
  ConstantFields constants;
  Result<Schema> logs = load_es_mapping(dir + "mapping-event_logs.json", &constants);
  ASSERT_TRUE(logs.ok());
  EXPECT_EQ(type_of(*logs, "event_type"), "keyword");
  EXPECT_EQ(constants, (ConstantFields{{"event_type", "login"}}));
  Result<Schema> empty = load_es_mapping(dir + "mapping-event_empty.json", &constants);
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(type_of(*empty, "event_type"), "keyword");
  EXPECT_TRUE(constants.empty());
  Result<Schema> text = load_es_mapping(dir + "mapping-mv_text.json");
  ASSERT_TRUE(text.ok());
  EXPECT_EQ(type_of(*text, "message"), "text");
  EXPECT_EQ(type_of(*text, "message.raw"), "keyword");
  Result<Schema> types = load_es_mapping(dir + "mapping-message_types.json");
  ASSERT_TRUE(types.ok());
  EXPECT_EQ(type_of(*types, "type"), "keyword");  // a field named "type"
}

TEST(IngestDocumentIndex, SyntheticMappingCoversWrappersAndOddTypes) {
  ConstantFields constants;
  Result<Schema> r = load_es_mapping(fixture_dir() + "/mapping-synthetic.json", &constants);
  ASSERT_TRUE(r.ok()) << r.status().message();
  Strings got;
  for (auto& f : r->fields()) got.push_back(f.name + ":" + std::string(type_name(f.type)));
  EXPECT_EQ(got, (Strings{"@timestamp:date", "blob:unsupported", "count:unsigned_long",
                          "data_stream.dataset:keyword", "host.name:keyword",
                          "host_name:keyword", "message:text", "message.raw:keyword",
                          "source.geo.location:unsupported", "source.ip:ip",
                          "tags.id:unsupported", "ver:version"}));
  EXPECT_EQ(constants, (ConstantFields{{"data_stream.dataset", "aws.cloudtrail"}}));
}

TEST(IngestDocumentIndex, MappingWrappersAndErrors) {
  const char* body = R"({"properties":{"a":{"type":"long"}}})";
  for (std::string json : {std::string(body), std::string("{\"mappings\":") + body + "}",
                           std::string("{\"my-index\":{\"mappings\":") + body + "}}",
                           std::string("{\"mappings\":{\"_doc\":") + body + "}}"}) {
    Result<Schema> r = parse_es_mapping(json, "m.json");
    ASSERT_TRUE(r.ok()) << json << ": " << r.status().message();
    EXPECT_EQ(type_of(*r, "a"), "long") << json;
  }
  Result<Schema> bad = parse_es_mapping("{\"properties\":", "m.json");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), Status::Code::ParseError);
  EXPECT_EQ(bad.status().message().rfind("m.json: invalid mapping JSON", 0), 0u);
  Result<Schema> none = parse_es_mapping("{\"settings\":{}}", "m.json");
  EXPECT_EQ(none.status().message(), "m.json: no \"properties\" found in the mapping");
  Result<Schema> missing = load_es_mapping("/nonexistent/mapping.json");
  EXPECT_EQ(missing.status().code(), Status::Code::IoError);
}

}  // namespace
}  // namespace trailhound::ingest
