// Record splitting by content: Records object, array, NDJSON, and how each
// format survives malformed records. All inputs are synthetic.
#include <gtest/gtest.h>

#include "fixtures/ingest/ingest_test_support.h"
#include "ingest/padded_buffer.h"

namespace trailhound::ingest {
namespace {

using testing::Collector;

struct Split {
  std::ostringstream printed;
  ErrorReporter errors{&printed, 1000};
  Collector collector;
  SplitCounts counts;
  std::string file = "mem.json";

  explicit Split(const std::string& text, bool truncated = false) {
    PaddedBuffer buf;
    buf.assign(text.data(), text.size());
    buf.seal();
    simdjson::dom::parser parser;
    auto consumer = collector.factory()(0);
    counts = split_records(std::string_view(buf.data(), buf.size()), file, truncated, parser,
                           *consumer, errors);
  }
  std::vector<std::string> json() const {
    std::vector<std::string> v;
    for (auto& r : collector.records) v.push_back(r.json);
    return v;
  }
  std::vector<uint64_t> lines() const {
    std::vector<uint64_t> v;
    for (auto& r : collector.records) v.push_back(r.line);
    return v;
  }
  std::vector<uint64_t> offsets() const {
    std::vector<uint64_t> v;
    for (auto& r : collector.records) v.push_back(r.offset);
    return v;
  }
  std::vector<uint64_t> error_lines() const {
    std::vector<uint64_t> v;
    for (auto& e : errors.entries()) v.push_back(e.line);
    return v;
  }
};

using Strings = std::vector<std::string>;
using Lines = std::vector<uint64_t>;

TEST(IngestSplitter, RecordsObjectCompact) {
  Split s(R"({"Records":[{"a":1},{"b":"x,]}"},{"c":[1,{"d":2}]}]})");
  EXPECT_EQ(s.json(), (Strings{R"({"a":1})", R"({"b":"x,]}"})", R"({"c":[1,{"d":2}]})"}));
  EXPECT_EQ(s.offsets(), (Lines{12, 20, 33}));
  EXPECT_EQ(s.lines(), (Lines{1, 1, 1}));
  EXPECT_EQ(s.counts.records, 3u);
  EXPECT_EQ(s.counts.skipped, 0u);
  EXPECT_EQ(s.errors.count(), 0u);
}

TEST(IngestSplitter, RecordsObjectPrettyWithBomAndEscapes) {
  std::string text =
      "\xEF\xBB\xBF{\n  \"Records\" : [\n    {\"q\":\"say \\\"}]\\\" \\\\\"},\n"
      "    {\"n\":null}\n  ]\n}\n";
  Split s(text);
  EXPECT_EQ(s.json(), (Strings{R"({"q":"say \"}]\" \\"})", R"({"n":null})"}));
  EXPECT_EQ(s.lines(), (Lines{3, 4}));
  EXPECT_EQ(s.errors.count(), 0u);
}

TEST(IngestSplitter, EmptyRecordsAndEmptyText) {
  EXPECT_EQ(Split(R"({"Records":[]})").counts.records, 0u);
  EXPECT_EQ(Split(R"({"Records":[]})").errors.count(), 0u);
  EXPECT_EQ(Split("").errors.count(), 0u);
  EXPECT_EQ(Split(" \n\n").counts.records, 0u);
  EXPECT_EQ(Split("[]").errors.count(), 0u);
}

TEST(IngestSplitter, JsonArrayPrettyPrinted) {
  Split s("[\n   {\n      \"eventName\": \"A\"\n   },\n   {\n      \"eventName\": \"B\"\n   }\n]\n");
  EXPECT_EQ(s.json(), (Strings{R"({"eventName":"A"})", R"({"eventName":"B"})"}));
  EXPECT_EQ(s.lines(), (Lines{2, 5}));
  EXPECT_EQ(s.offsets(), (Lines{5, 39}));
}

TEST(IngestSplitter, NdjsonWithBlankLinesAndCrlf) {
  Split s("{\"a\":1}\r\n\n   \n{\"b\":2}\n{\"c\":3}");
  EXPECT_EQ(s.json(), (Strings{R"({"a":1})", R"({"b":2})", R"({"c":3})"}));
  EXPECT_EQ(s.lines(), (Lines{1, 4, 5}));
  EXPECT_EQ(s.offsets(), (Lines{0, 14, 22}));
  EXPECT_EQ(s.errors.count(), 0u);
}

TEST(IngestSplitter, NdjsonLinesThatAreRecordsObjects) {
  // Concatenated S3 objects, one per line, as some exporters write them.
  Split s("{\"Records\":[{\"a\":1},{\"a\":2}]}\n{\"Records\":[{\"a\":3}]}\n{\"a\":4}\n");
  EXPECT_EQ(s.json(), (Strings{R"({"a":1})", R"({"a":2})", R"({"a":3})", R"({"a":4})"}));
  EXPECT_EQ(s.lines(), (Lines{1, 1, 2, 3}));
}

TEST(IngestSplitter, NdjsonMalformedLineKeepsNeighbours) {
  Split s("{\"a\":1}\n{\"a\":tru}\n{\"a\":3}\n42\n{\"a\":5\n{\"a\":6}\n");
  EXPECT_EQ(s.json(), (Strings{R"({"a":1})", R"({"a":3})", R"({"a":6})"}));
  EXPECT_EQ(s.lines(), (Lines{1, 3, 6}));
  EXPECT_EQ(s.error_lines(), (Lines{2, 4, 5}));
  EXPECT_EQ(s.counts.skipped, 3u);
  auto e = s.errors.entries();
  EXPECT_EQ(e[0].file, "mem.json");
  EXPECT_EQ(e[0].offset, 8u);
  EXPECT_NE(e[0].message.find("malformed JSON record at byte 8"), std::string::npos);
  EXPECT_NE(e[1].message.find("is a number, not a JSON object"), std::string::npos);
  EXPECT_EQ(s.printed.str().substr(0, 32), "trailhound: mem.json:2: malforme");
}

TEST(IngestSplitter, ArrayMalformedElementKeepsNeighbours) {
  Split s("[\n{\"a\":1},\n{\"a\":tru},\n{\"a\":3},\n\"str\",\n{\"a\":5,},\n{\"a\":6}\n]");
  EXPECT_EQ(s.json(), (Strings{R"({"a":1})", R"({"a":3})", R"({"a":6})"}));
  EXPECT_EQ(s.lines(), (Lines{2, 4, 7}));
  EXPECT_EQ(s.error_lines(), (Lines{3, 5, 6}));
  EXPECT_EQ(s.counts.skipped, 3u);
  EXPECT_NE(s.errors.entries()[1].message.find("is a string, not a JSON object"),
            std::string::npos);
}

TEST(IngestSplitter, RecordsMalformedElementKeepsNeighbours) {
  Split s("{\"Records\":[\n{\"a\":1},\n{\"a\":[1,}]},\n{\"a\":3}\n]}\n");
  EXPECT_EQ(s.json(), (Strings{R"({"a":1})", R"({"a":3})"}));
  EXPECT_EQ(s.error_lines(), (Lines{3}));
  EXPECT_EQ(s.counts.records, 2u);
  EXPECT_EQ(s.counts.skipped, 1u);
}

TEST(IngestSplitter, UnbalancedRecordDoesNotSwallowItsNeighbours) {
  // Record 2 lost its closing brace; record 3 holds nested objects that must
  // not be mistaken for records when resynchronising.
  Split s("{\"Records\":[\n"
          "{\"eventVersion\":\"1\",\"n\":1},\n"
          "{\"eventVersion\":\"1\",\"n\":2,\"r\":[{\"k\":1},{\"k\":2}],\n"
          "{\"eventVersion\":\"1\",\"n\":3,\"r\":[{\"k\":1},{\"k\":2}]},\n"
          "{\"eventVersion\":\"1\",\"n\":4}\n"
          "]}\n");
  EXPECT_EQ(s.json(), (Strings{R"({"eventVersion":"1","n":1})",
                               R"({"eventVersion":"1","n":3,"r":[{"k":1},{"k":2}]})",
                               R"({"eventVersion":"1","n":4})"}));
  EXPECT_EQ(s.lines(), (Lines{2, 4, 5}));
  EXPECT_EQ(s.error_lines(), (Lines{3}));
  EXPECT_EQ(s.counts.skipped, 1u);
}

TEST(IngestSplitter, UnterminatedStringDoesNotSwallowItsNeighbours) {
  Split s("[{\"eventVersion\":\"1\",\"n\":1},{\"eventVersion\":\"1\",\"n\":\"2},"
          "{\"eventVersion\":\"1\",\"n\":3},{\"eventVersion\":\"1\",\"n\":4}]");
  EXPECT_EQ(s.json(), (Strings{R"({"eventVersion":"1","n":1})", R"({"eventVersion":"1","n":3})",
                               R"({"eventVersion":"1","n":4})"}));
  EXPECT_EQ(s.errors.count(), 1u);
  EXPECT_EQ(s.counts.skipped, 1u);
}

TEST(IngestSplitter, MissingCommaIsReportedButBothRecordsDelivered) {
  Split s("[{\"a\":1}\n{\"a\":2}]");
  EXPECT_EQ(s.json(), (Strings{R"({"a":1})", R"({"a":2})"}));
  EXPECT_EQ(s.error_lines(), (Lines{2}));
  EXPECT_EQ(s.counts.skipped, 0u);
}

TEST(IngestSplitter, UnterminatedArrayReportsTheCutRecord) {
  Split s("[{\"a\":1},\n{\"a\":2},\n{\"a\":");
  EXPECT_EQ(s.json(), (Strings{R"({"a":1})", R"({"a":2})"}));
  EXPECT_EQ(s.error_lines(), (Lines{3}));
  EXPECT_EQ(s.counts.skipped, 1u);
}

TEST(IngestSplitter, KnownTruncatedInputCountsCutRecordSilently) {
  Split s("{\"Records\":[{\"a\":1},{\"a\":2},{\"a\":", /*truncated=*/true);
  EXPECT_EQ(s.json(), (Strings{R"({"a":1})", R"({"a":2})"}));
  EXPECT_EQ(s.errors.count(), 0u);
  EXPECT_EQ(s.counts.skipped, 1u);
  Split nd("{\"a\":1}\n{\"a\":2}\n{\"a\"", /*truncated=*/true);
  EXPECT_EQ(nd.json(), (Strings{R"({"a":1})", R"({"a":2})"}));
  EXPECT_EQ(nd.errors.count(), 0u);
  EXPECT_EQ(nd.counts.skipped, 1u);
}

TEST(IngestSplitter, ConcatenatedDocuments) {
  Split s("{\"Records\":[{\"a\":1}]}{\"Records\":[{\"a\":2}]}\n[{\"a\":3}]");
  EXPECT_EQ(s.json(), (Strings{R"({"a":1})", R"({"a":2})", R"({"a":3})"}));
  EXPECT_EQ(s.errors.count(), 0u);
}

TEST(IngestSplitter, ExtraMembersAfterRecordsAreReportedAndSkipped) {
  Split s("{\"Records\":[{\"a\":1}],\"x\":{\"y\":[1]}}\n{\"a\":2}\n");
  EXPECT_EQ(s.json(), (Strings{R"({"a":1})", R"({"a":2})"}));
  EXPECT_EQ(s.errors.count(), 1u);
}

}  // namespace
}  // namespace trailhound::ingest
