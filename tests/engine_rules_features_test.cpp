// Engine features the bundled Elastic rules need beyond the csv-spec suite:
// wildcard FROM over the ECS fallback, geo_point (TO_GEOPOINT/ST_X/ST_Y/
// ST_DISTANCE), JSON_EXTRACT, MATCH / `:` and the exact rewrite of a
// negative lookahead in REPLACE.
#include "engine_test_util.h"

#include <re2/re2.h>

#include "exec/batch_builder.h"
#include "exec/ecs_fallback_schema.h"
#include "exec/functions/regex_lookahead.h"

namespace trailhound {
namespace {

using testing::run_row;
using Rows = std::vector<std::string>;

// ------------------------------------------------------------ catalog

TEST(EngineRulesFeatures, BroadWildcardAlsoSeesFallbackSchema) {
  Catalog c;
  Schema real;
  real.add("@timestamp", DataType::Datetime);
  real.add("event.action", DataType::Keyword);
  real.add("source.port", DataType::Keyword);  // real type wins over the fallback's long
  c.add_index("logs-aws.cloudtrail-default", real);
  c.set_fallback_schema(ecs_fallback_schema());
  auto broad = c.resolve({"logs-*"});
  ASSERT_TRUE(broad.ok()) << broad.status().message();
  EXPECT_EQ(broad.value(), (std::vector<std::string>{"logs-*", "logs-aws.cloudtrail-default"}));
  EXPECT_TRUE(c.is_virtual("logs-*"));
  // Patterns naming the real integration's data stream stay on it alone.
  for (const char* p : {"logs-aws.cloudtrail-*", "logs-aws.cloudtrail*", "logs-aws.cloudtrail-def*"}) {
    auto own = c.resolve({p});
    ASSERT_TRUE(own.ok()) << own.status().message();
    EXPECT_EQ(own.value(), (std::vector<std::string>{"logs-aws.cloudtrail-default"})) << p;
  }
  auto other = c.resolve({"logs-aws.cloudtrail-*", "logs-endpoint.*"});
  ASSERT_TRUE(other.ok());
  EXPECT_EQ(other.value(), (std::vector<std::string>{"logs-aws.cloudtrail-default", "logs-endpoint.*"}));

  // The union schema: a fallback-only field is readable (null for the real
  // index's rows); the real index keeps its types and its projection.
  auto o = testing::run_query(
      "FROM logs-* | EVAL n = LOCATE(process.command_line, \" \") | KEEP event.action, source.port, process.command_line, n",
      c, [](const PreparedQuery& q, QueryRun& run) -> Status {
        std::vector<std::string> names;
        for (const auto& f : q.needed_fields("logs-aws.cloudtrail-default")) names.push_back(f.name);
        EXPECT_EQ(names, (std::vector<std::string>{"event.action", "source.port"}));
        BatchBuilder b(q.needed_fields("logs-aws.cloudtrail-default"));
        b.begin_document();
        b.keyword("event.action", "RunInstances");
        b.keyword("source.port", "443");
        b.end_document();
        return run.push("logs-aws.cloudtrail-default", b.take());
      });
  ASSERT_TRUE(o.status.ok()) << o.status.message();
  EXPECT_EQ(o.header, "event.action:keyword | source.port:keyword | process.command_line:keyword | n:integer");
  EXPECT_EQ(o.rows, Rows{"RunInstances | 443 | null | null"});
}

// ------------------------------------------------------------ geo_point

TEST(EngineRulesFeatures, GeoPointFunctions) {
  auto o = run_row(
      "ROW s = \"POINT(-73.9 40.7)\" | EVAL p = to_geopoint(s), x = st_x(p), y = st_y(p), "
      "t = to_string(p), q = to_geopoint(concat(\"POINT(\", to_string(2.0), \" \", to_string(48.8), \")\"))");
  ASSERT_TRUE(o.status.ok()) << o.status.message();
  EXPECT_EQ(o.header, "s:keyword | p:geo_point | x:double | y:double | t:keyword | q:geo_point");
  EXPECT_EQ(o.rows, Rows{"POINT(-73.9 40.7) | POINT (-73.9 40.7) | -73.9 | 40.7 | POINT (-73.9 40.7) | POINT (2.0 48.8)"});
}

TEST(EngineRulesFeatures, GeoDistanceIsHaversineOnMeanRadius) {
  // New York → Paris: 5829.53 km great-circle on the 6371.0087714 km sphere
  // (independently computed with the same quantization and formula).
  auto o = run_row(
      "ROW a = to_geopoint(\"POINT (-73.9857 40.7484)\"), b = to_geopoint(\"POINT (2.2945 48.8584)\") "
      "| EVAL km = round(st_distance(a, b) / 1000.0, 0), zero = st_distance(a, a), n = st_distance(a, null)");
  ASSERT_TRUE(o.status.ok()) << o.status.message();
  ASSERT_EQ(o.rows.size(), 1u);
  EXPECT_NE(o.rows[0].find("| 5830.0 | 0.0 | null"), std::string::npos) << o.rows[0];
}

TEST(EngineRulesFeatures, GeoPointInvalidTextIsNullWithWarning) {
  auto o = run_row("ROW p = to_geopoint(\"POINT (10 95)\"), q = to_geopoint(\"nope\")");
  ASSERT_TRUE(o.status.ok()) << o.status.message();
  EXPECT_EQ(o.rows, Rows{"null | null"});
  ASSERT_EQ(o.warnings.size(), 4u);
  EXPECT_NE(o.warnings[1].find("invalid latitude 95.0"), std::string::npos) << o.warnings[1];
}

TEST(EngineRulesFeatures, StXRejectsStrings) {
  auto o = run_row("ROW s = \"POINT (1 2)\" | EVAL x = st_x(s)");
  EXPECT_FALSE(o.status.ok());
  EXPECT_NE(o.status.message().find("must be [geo_point or cartesian_point]"), std::string::npos) << o.status.message();
}

// ------------------------------------------------------------ JSON_EXTRACT

TEST(EngineRulesFeatures, JsonExtract) {
  auto o = run_row(
      "ROW j = \"{\\\"a\\\": {\\\"b\\\": [{\\\"c\\\": \\\"x\\\"}, 2.5, true], \\\"n\\\": null, \\\"k.d\\\": 7}}\" "
      "| EVAL c = json_extract(j, \"a.b[0].c\"), d = json_extract(j, \"$.a.b[1]\"), e = json_extract(j, \"a.b[2]\"), "
      "o = json_extract(j, \"a.b[0]\"), arr = json_extract(j, \"$.a.b\"), n = json_extract(j, \"a.n\"), "
      "k = json_extract(j, \"a['k.d']\") | DROP j");
  ASSERT_TRUE(o.status.ok()) << o.status.message();
  EXPECT_EQ(o.header, "c:keyword | d:keyword | e:keyword | o:keyword | arr:keyword | n:keyword | k:keyword");
  EXPECT_EQ(o.rows, Rows{"x | 2.5 | true | {\"c\":\"x\"} | [{\"c\":\"x\"},2.5,true] | null | 7"});
  EXPECT_TRUE(o.warnings.empty());
}

TEST(EngineRulesFeatures, JsonExtractFailuresWarn) {
  auto o = run_row("ROW a = json_extract(\"{not json\", \"a\"), b = json_extract(\"{}\", \"missing\"), c = json_extract(\"{}\", \"a..b\")");
  ASSERT_TRUE(o.status.ok()) << o.status.message();
  EXPECT_EQ(o.rows, Rows{"null | null | null"});
  EXPECT_EQ(o.warnings.size(), 6u);
}

// ------------------------------------------------------------ MATCH

TEST(EngineRulesFeatures, MatchKeywordIsExactTerm) {
  auto o = run_row(
      "ROW k = [\"svchost.exe\", \"other\"], u = \"Svchost.exe\" | EVAL a = match(k, \"svchost.exe\"), "
      "b = match(u, \"svchost.exe\"), c = match(k, \"svchost\"), d = u : \"Svchost.exe\"");
  ASSERT_TRUE(o.status.ok()) << o.status.message();
  EXPECT_EQ(o.rows, Rows{"[svchost.exe, other] | Svchost.exe | true | false | false | true"});
}

TEST(EngineRulesFeatures, MatchFuzzinessOnKeyword) {
  auto o = run_row(
      "ROW a = \"svch0st.exe\", b = \"scvhost.exe\", c = \"svhost.ex\", d = \"svchost.exe\" "
      "| EVAL fa = match(a, \"svchost.exe\", {\"fuzziness\": 1, \"max_expansions\": 10}), "
      "fb = match(b, \"svchost.exe\", {\"fuzziness\": 1}), fc = match(c, \"svchost.exe\", {\"fuzziness\": 1}), "
      "fd = match(c, \"svchost.exe\", {\"fuzziness\": \"AUTO\"}), "
      "ft = match(b, \"svchost.exe\", {\"fuzziness\": 1, \"fuzzy_transpositions\": false}) | KEEP f*");
  ASSERT_TRUE(o.status.ok()) << o.status.message();
  EXPECT_EQ(o.rows, Rows{"true | true | false | true | false"});
}

// One index with a text field `t` (text has no literal form: it must come from a mapping).
testing::Outcome run_on_text(const std::string& query, const std::vector<std::string>& values) {
  Catalog c;
  Schema schema;
  schema.add("t", DataType::Text);
  c.add_index("docs", schema);
  return testing::run_query(query, c, [&](const PreparedQuery& q, QueryRun& run) -> Status {
    BatchBuilder b(q.needed_fields("docs"));
    for (const auto& v : values) {
      b.begin_document();
      b.keyword("t", v);
      b.end_document();
    }
    return run.push("docs", b.take());
  });
}

TEST(EngineRulesFeatures, MatchTextAnalysesAndOrsTerms) {
  auto o = run_on_text(
      "FROM docs | EVAL a = match(t, \"github\"), b = match(t, \"nothing here APP\"), c = match(t, \"nothing here\"), "
      "d = match(t, \"github nothing\", {\"operator\": \"AND\"}), e = match(t, \"3.14\"), f = match(t, \"don't\"), "
      "g = match(t, \"14\"), h = t : \"26a24ae4-039d-4ca4\", i = match(t, \"allow refusing zzz\", {\"minimum_should_match\": 2}) "
      "| DROP t",
      {"Refusing to allow a GitHub App, version 3.14, don't"});
  ASSERT_TRUE(o.status.ok()) << o.status.message();
  EXPECT_EQ(o.rows, Rows{"true | true | false | false | true | true | false | false | true"});
}

TEST(EngineRulesFeatures, MatchTextWhereFilters) {
  auto o = run_on_text("FROM docs | WHERE NOT t : \"26a24ae4-039d-4ca4-87b4-2f64180311f0\"",
                       {"x 26a24ae4 y", "plain text", "id 2F64180311F0", "none"});
  ASSERT_TRUE(o.status.ok()) << o.status.message();
  EXPECT_EQ(o.rows, (Rows{"plain text", "none"}));
}

// ------------------------------------------------------------ FIRST / LAST

TEST(EngineRulesFeatures, FirstLastBySortKey) {
  auto o = run_row(
      "ROW r = [1, 2, 3, 4] | MV_EXPAND r | EVAL g = r % 2, v = r * 10, ts = 100 - r, n = CASE(r == 4, null, r) "
      "| STATS f = first(v, ts), l = last(v, ts), fn = first(n, ts), ln = last(v, null) BY g | SORT g");
  ASSERT_TRUE(o.status.ok()) << o.status.message();
  EXPECT_EQ(o.header, "f:integer | l:integer | fn:integer | ln:integer | g:integer");
  EXPECT_EQ(o.rows, (Rows{"40 | 20 | 2 | null | 0", "30 | 10 | 3 | null | 1"}));
}

TEST(EngineRulesFeatures, MatchOnNullIsFalseSoNotMatchKeepsRow) {
  auto o = run_row("ROW t = null::text, k = \"x\" | WHERE NOT t : \"anything\" | EVAL m = match(t, \"x\") | KEEP k, m");
  ASSERT_TRUE(o.status.ok()) << o.status.message();
  EXPECT_EQ(o.rows, Rows{"x | false"});
}

TEST(EngineRulesFeatures, MatchRejectsUnknownOption) {
  auto o = run_row("ROW k = \"a\" | EVAL m = match(k, \"a\", {\"analyzer\": \"whitespace\"})");
  EXPECT_EQ(o.status.code(), Status::Code::Unsupported) << o.status.message();
}

// ------------------------------------------------------------ lookahead rewrite

// The backtick rule's regex against the same pattern with the lookahead
// expanded by hand (the brute-force meaning of (?!...) on one character).
TEST(EngineRulesFeatures, NegativeLookaheadRewriteIsExact) {
  const std::string java = "[A-Za-z0-9_-]`(?![rntb]|\\r|\\n|\\d)[A-Za-z0-9_-]";
  const size_t at = java.find("(?!");
  auto r = rewrite_negative_lookahead(java, at);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->second, java.size());
  const RE2 rewritten("[A-Za-z0-9_-]`" + r->first);
  ASSERT_TRUE(rewritten.ok()) << rewritten.error();
  const RE2 by_hand("[A-Za-z0-9_-]`[A-Zac-mo-qsu-z_-]");
  for (const char* s : {"a`b", "a`c", "a`r", "a`n", "a`t", "a`1", "a`_", "a`-", "Z`Z", "a`R", "a`\n", "a`", "`x", "a``x",
                        "Write-`Host", "n`e`w`-`o`b`j`e`c`t", "x`0y", "é`a"}) {
    EXPECT_EQ(RE2::PartialMatch(s, rewritten), RE2::PartialMatch(s, by_hand)) << s;
  }
  for (char c = 0x20; c < 0x7f; ++c) {
    const std::string s = std::string("a`") + c;
    const bool expected = std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
    const bool excluded = c == 'r' || c == 'n' || c == 't' || c == 'b' || std::isdigit(static_cast<unsigned char>(c));
    EXPECT_EQ(RE2::FullMatch(s, rewritten), expected && !excluded) << s;
  }
}

TEST(EngineRulesFeatures, NegativeLookaheadShapes) {
  // Classes, negation, `.` and escapes as alternatives or as the consumed atom.
  auto a = rewrite_negative_lookahead("(?![a-c]|x)[^0-9]", 0);
  ASSERT_TRUE(a.has_value());
  const RE2 ra(a->first);
  EXPECT_TRUE(RE2::FullMatch("d", ra));
  EXPECT_FALSE(RE2::FullMatch("b", ra));
  EXPECT_FALSE(RE2::FullMatch("x", ra));
  EXPECT_FALSE(RE2::FullMatch("5", ra));
  EXPECT_TRUE(RE2::FullMatch("é", ra));
  auto b = rewrite_negative_lookahead("(?!\\n).", 0);
  ASSERT_TRUE(b.has_value());
  EXPECT_FALSE(RE2::FullMatch("\r", RE2(b->first)));
  EXPECT_TRUE(RE2::FullMatch("q", RE2(b->first)));
  auto e = rewrite_negative_lookahead("(?!a)a", 0);  // empty intersection: matches nothing
  ASSERT_TRUE(e.has_value());
  EXPECT_FALSE(RE2::PartialMatch("aaaa", RE2(e->first)));
  // Shapes without an exact single-character form are not rewritten.
  EXPECT_FALSE(rewrite_negative_lookahead("(?!ab)c", 0).has_value());
  EXPECT_FALSE(rewrite_negative_lookahead("(?!a)c*", 0).has_value());
  EXPECT_FALSE(rewrite_negative_lookahead("(?!a)(c)", 0).has_value());
  EXPECT_FALSE(rewrite_negative_lookahead("(?!a)", 0).has_value());
}

TEST(EngineRulesFeatures, ReplaceWithRewrittenLookahead) {
  auto o = run_row(
      "ROW s = \"Wr`ite-H`ost a`nb x`1y c`de\" "
      "| EVAL r = replace(s, \"\"\"[A-Za-z0-9_-]`(?![rntb]|\\r|\\n|\\d)[A-Za-z0-9_-]\"\"\", \"X\")");
  ASSERT_TRUE(o.status.ok()) << o.status.message();
  EXPECT_EQ(o.rows, Rows{"Wr`ite-H`ost a`nb x`1y c`de | WXte-Xst a`nb x`1y Xe"});
  auto bad = run_row("ROW s = \"x\" | EVAL r = replace(s, \"a(?=b)\", \"\")");
  EXPECT_EQ(bad.status.code(), Status::Code::Unsupported);
  EXPECT_NE(bad.status.message().find("lookaround"), std::string::npos);
  auto flags = run_row("ROW s = \"x\" | EVAL r = replace(s, \"(?i)a(?!b)c\", \"\")");
  EXPECT_EQ(flags.status.code(), Status::Code::Unsupported);
}

}  // namespace
}  // namespace trailhound
