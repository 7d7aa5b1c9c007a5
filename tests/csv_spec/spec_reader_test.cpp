// Unit tests of the csv-spec reader and the typed comparison tokens.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <map>

#include "csv_spec/spec_compare.h"
#include "csv_spec/spec_reader.h"
#include "csv_spec/typed_text.h"

namespace trailhound::csvspec {
namespace {

TEST(SpecReader, ParsesNameDirectivesQueryAndTable) {
  const char* text =
      "// a comment\n"
      "myTest#[skip:-8.12.99, reason:x]\n"
      "required_capability: fn_foo\n"
      "  required_capability: fn_bar  \n"
      "skip_flattened_rewrite: whatever\n"
      "from employees\n"
      "# comment inside the query\n"
      "| keep a, b;\n"
      "warning:Line 1:1: some warning\n"
      "ignoreOrder:true\n"
      "\n"
      "a:integer | b:keyword  | `c::d`:l\n"
      "1         | \"x | y\"   | null\n"
      "[1, 2]    |            | [3]\n"
      ";\n";
  auto r = parse_spec(text, "f.csv-spec");
  ASSERT_TRUE(r.ok()) << r.status().message();
  ASSERT_EQ(r.value().size(), 1u);
  const SpecTest& t = r.value()[0];
  EXPECT_EQ(t.name, "myTest");
  EXPECT_EQ(t.instructions, "[skip:-8.12.99, reason:x]");
  EXPECT_EQ(t.line, 2);
  EXPECT_EQ(t.required_capabilities, (std::vector<std::string>{"fn_foo", "fn_bar"}));
  EXPECT_EQ(t.other_directives, (std::vector<std::string>{"skip_flattened_rewrite: whatever"}));
  EXPECT_EQ(t.query, "from employees\n| keep a, b");
  EXPECT_EQ(t.warnings, (std::vector<std::string>{"Line 1:1: some warning"}));
  EXPECT_TRUE(t.ignore_order);
  EXPECT_EQ(t.error, "");
  ASSERT_EQ(t.columns.size(), 3u);
  EXPECT_EQ(t.columns[0].name, "a");
  EXPECT_EQ(t.columns[0].type_name, "integer");
  EXPECT_EQ(t.columns[1].type_name, "keyword");
  EXPECT_EQ(t.columns[2].name, "`c::d`");
  EXPECT_EQ(t.columns[2].type_name, "long");
  ASSERT_EQ(t.rows.size(), 2u);
  EXPECT_EQ(t.rows[0][1].values, (std::vector<std::string>{"x | y"}));
  EXPECT_TRUE(t.rows[0][2].is_null);
  EXPECT_TRUE(t.rows[1][0].is_multi);
  EXPECT_EQ(t.rows[1][0].values, (std::vector<std::string>{"1", "2"}));
  EXPECT_EQ(t.rows[1][1].values, (std::vector<std::string>{""}));  // empty cell = empty string
  EXPECT_FALSE(t.rows[1][2].is_multi);                            // one-item list = single value
  EXPECT_EQ(t.rows[1][2].values, (std::vector<std::string>{"3"}));
}

TEST(SpecReader, EscapedSemicolonContinuesTheQuery) {
  auto r = parse_spec("t\nset time_zone=\"+03:00\"\\;\nrow a = 1;\n\na:integer\n1\n;\n", "f");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value()[0].query, "set time_zone=\"+03:00\";\nrow a = 1");
}

TEST(SpecReader, QueryWithoutSemicolonSwallowsFollowingLinesLikeElastic) {
  // The `-Ignore` test has no ';' after its query: the query runs to the ';'
  // line and the next test becomes part of its expected block.
  auto r = parse_spec(
      "broken-Ignore\nfrom a\n\nx:integer\n1\n;\n\nnext\nfrom b;\n\ny:integer\n2\n;\n\nlast\nrow c = 1;\n\nc:integer\n1\n;\n", "f");
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r.value().size(), 2u);
  EXPECT_TRUE(r.value()[0].disabled());
  EXPECT_EQ(r.value()[1].name, "last");
  EXPECT_EQ(r.value()[1].ordinal, 1u);
}

TEST(SpecReader, MultiValueCellsAndQuotes) {
  auto c = parse_expected_cell(" [\"a\", b\\,c ,d] ");
  EXPECT_TRUE(c.is_multi);
  EXPECT_EQ(c.values, (std::vector<std::string>{"\"a\"", "b,c", "d"}));
  // Quotes are removed by the table tokenizer, not by the cell parser.
  auto cells = split_table_line("[\"true\", \"\", \"x\"] | \"\" | NULL");
  ASSERT_EQ(cells.size(), 3u);
  auto mv = parse_expected_cell(cells[0]);
  EXPECT_EQ(mv.values, (std::vector<std::string>{"true", "", "x"}));
  EXPECT_EQ(parse_expected_cell(cells[1]).values, (std::vector<std::string>{""}));
  EXPECT_TRUE(parse_expected_cell(cells[2]).is_null);
  EXPECT_EQ(split_table_line("a \"\"\"b\"\"\" c").at(0), "a \"b\" c");
}

TEST(SpecReader, WarningRegexEscapes) {
  auto r = parse_spec("t\nrow a = 1;\nwarningRegex:a%0Ab%25\n\na:integer\n1\n;\n", "f");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value()[0].warning_regexes, (std::vector<std::string>{"a\nb%"}));
}

TEST(SpecReader, MissingBodyAtEndIsAnError) {
  EXPECT_FALSE(parse_spec("t\nrow a = 1;\n\na:integer\n1\n", "f").ok());
}

TEST(SpecReader, TypeAliases) {
  EXPECT_EQ(canonical_type_name("l"), "long");
  EXPECT_EQ(canonical_type_name("I"), "integer");
  EXPECT_EQ(canonical_type_name("short"), "integer");
  EXPECT_EQ(canonical_type_name("ul"), "unsigned_long");
  EXPECT_EQ(canonical_type_name("half_float"), "double");
  EXPECT_EQ(canonical_type_name("s"), "keyword");
  EXPECT_EQ(canonical_type_name("string"), "keyword");
  EXPECT_EQ(canonical_type_name("txt"), "text");
  EXPECT_EQ(canonical_type_name("datetime"), "date");
  EXPECT_EQ(canonical_type_name("dt"), "date");
  EXPECT_EQ(canonical_type_name("bool"), "boolean");
  EXPECT_EQ(canonical_type_name("v"), "version");
  EXPECT_EQ(canonical_type_name("n"), "null");
  EXPECT_EQ(canonical_type_name("geo_point"), "geo_point");
}

// The whole shared suite parses, with the per-file test counts of
// esql-semantics.md §8.2.
TEST(SpecReader, ReadsTheSharedSuiteWithDocumentedCounts) {
  const std::map<std::string, size_t> counts = {
      {"boolean", 39},  {"comparison", 19}, {"conditional", 40}, {"date", 200},     {"date_trunc", 38},
      {"dissect", 34},  {"drop", 27},       {"eval", 15},        {"grok", 45},      {"ip", 53},
      {"keep", 52},     {"math", 181},      {"metadata", 19},    {"mv_expand", 31}, {"null", 82},
      {"rename", 35},   {"row", 44},        {"stats", 375},      {"stats_count_distinct", 33},
      {"string", 233},  {"topN", 12},       {"where-like", 125}, {"where", 11},
  };
  const std::string dir = std::string(TRAILHOUND_SHARED_DIR) + "/testdata/esql-csv-spec/";
  size_t total = 0;
  for (const auto& [name, n] : counts) {
    auto r = read_spec_file(dir + name + ".csv-spec");
    ASSERT_TRUE(r.ok()) << r.status().message();
    EXPECT_EQ(r.value().size(), n) << name;
    for (const auto& t : r.value())
      if (!t.disabled()) {
        EXPECT_EQ(t.error, "") << t.file << ":" << t.line << " " << t.name;
      }
    total += r.value().size();
  }
  EXPECT_EQ(total, 1743u);
}

TEST(TypedText, IsoDates) {
  EXPECT_EQ(parse_iso_nanos("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(parse_iso_nanos("1970-01-01T00:00:00.001Z"), 1000000);
  EXPECT_EQ(parse_iso_nanos("1970-01-01T00:00:01"), 1000000000);
  EXPECT_EQ(parse_iso_nanos("2023-10-23T13:55:01.543123456Z"), 1698069301543123456);
  EXPECT_EQ(parse_iso_nanos("1970-01-02"), 86400LL * 1000000000);
  EXPECT_EQ(parse_iso_nanos("1970-01-01T01:00:00+01:00"), 0);
  EXPECT_EQ(parse_iso_nanos("1969-12-31T23:59:59.999Z"), -1000000);
  EXPECT_FALSE(parse_iso_nanos("2023-13-01"));
  EXPECT_FALSE(parse_iso_nanos("yesterday"));
}

TEST(TypedText, IpsAndNumbers) {
  EXPECT_EQ(parse_ip16("127.0.0.1"), parse_ip16("::ffff:127.0.0.1"));
  EXPECT_EQ(parse_ip16("fe80::cae2:65ff:fece:feb9"), parse_ip16("fe80:0:0:0:cae2:65ff:fece:feb9"));
  EXPECT_FALSE(parse_ip16("1.2.3"));
  EXPECT_EQ(parse_java_double("1.0E9"), 1e9);
  EXPECT_EQ(parse_java_double("2"), 2.0);
  EXPECT_TRUE(std::isnan(*parse_java_double("NaN")));
  EXPECT_EQ(parse_java_double("-Infinity"), -INFINITY);
  EXPECT_FALSE(parse_java_double("abc"));
  EXPECT_EQ(parse_uint64("18446744073709551615"), UINT64_MAX);
  EXPECT_FALSE(parse_int64("1.5"));
}

TEST(SpecCompare, TypedTokens) {
  EXPECT_EQ(expected_token("double", "1.0E9"), expected_token("double", "1000000000"));
  EXPECT_NE(expected_token("double", "0.0"), expected_token("double", "-0.0"));
  EXPECT_EQ(expected_token("date", "2023-10-23T12:00:00"), expected_token("date", "2023-10-23T12:00:00.000Z"));
  EXPECT_EQ(expected_token("ip", "::ffff:1.2.3.4"), expected_token("ip", "1.2.3.4"));
  EXPECT_NE(expected_token("integer", ""), expected_token("integer", "0"));
  EXPECT_EQ(expected_token("keyword", "a"), "s:a");
}

}  // namespace
}  // namespace trailhound::csvspec
