// GROK (§2.6): pattern library, typed captures, raw named groups, several
// patterns, multi-values, Oniguruma → RE2 translation. Cases from grok.csv-spec
// unless noted.
#include "engine_test_util.h"

#include "exec/grok_pattern.h"

namespace trailhound {
namespace {

using testing::run_row;
using Rows = std::vector<std::string>;

TEST(EngineGrok, SimpleAndNoMatch) {
  auto o = run_row("row a = \"foo bar\" | grok a \"%{WORD:b} .*\"");
  ASSERT_TRUE(o.status.ok()) << o.status.message();
  EXPECT_EQ(o.header, "a:keyword | b:keyword");
  EXPECT_EQ(o.rows, Rows{"foo bar | foo"});
  o = run_row("row a = \"foo bar\" | grok a \"%{NUMBER:b:int} .*\"");
  ASSERT_TRUE(o.status.ok()) << o.status.message();
  EXPECT_EQ(o.header, "a:keyword | b:integer");
  EXPECT_EQ(o.rows, Rows{"foo bar | null"});
}

TEST(EngineGrok, ComplexPatternAndTypes) {
  auto o = run_row(
      "ROW a = \"1953-01-23T12:15:00Z 127.0.0.1 some.email@foo.com 42\" | GROK a \"%{TIMESTAMP_ISO8601:date} %{IP:ip} "
      "%{EMAILADDRESS:email} %{NUMBER:num:int}\" | KEEP date, ip, email, num");
  ASSERT_TRUE(o.status.ok()) << o.status.message();
  EXPECT_EQ(o.header, "date:keyword | ip:keyword | email:keyword | num:integer");
  EXPECT_EQ(o.rows, Rows{"1953-01-23T12:15:00Z | 127.0.0.1 | some.email@foo.com | 42"});
  o = run_row("row a = \"12 15.5 15.6 true\" | grok a \"%{NUMBER:b:int} %{NUMBER:c:float} %{NUMBER:d:double} %{WORD:e:boolean}\"");
  ASSERT_TRUE(o.status.ok()) << o.status.message();
  EXPECT_EQ(o.header, "a:keyword | b:integer | c:double | d:double | e:boolean");
  EXPECT_EQ(o.rows, Rows{"12 15.5 15.6 true | 12 | 15.5 | 15.6 | true"});
}

TEST(EngineGrok, ManualGroupsAndUnanchoredSearch) {
  auto o = run_row("row a = \"asdf bar\" | grok a \"(?<b>[0-9a-z]{4,11}) (?<c>[0-9a-z]{1,11})\"");
  ASSERT_TRUE(o.status.ok()) << o.status.message();
  EXPECT_EQ(o.rows, Rows{"asdf bar | asdf | bar"});
  o = run_row("row a = \"foo bar\" | grok a \"(?<b>[0-9a-z]{4,11}) (?<c>[0-9a-z]{1,11})\"");
  EXPECT_EQ(o.rows, Rows{"foo bar | null | null"});
  o = run_row("row full_name = \"123 Georgi Facello 123 456\" | grok full_name \"%{WORD:first_name} %{WORD:last_name} %{NUMBER:num:int}\"");
  ASSERT_TRUE(o.status.ok()) << o.status.message();
  EXPECT_EQ(o.rows, Rows{"123 Georgi Facello 123 456 | Georgi | Facello | 123"});
}

TEST(EngineGrok, MultiValueOutputAndSortedColumns) {
  auto o = run_row("row a = \"foo bar\" | grok a \"%{WORD:b} %{WORD:b}\"");
  EXPECT_EQ(o.rows, Rows{"foo bar | [foo, bar]"});
  o = run_row(
      "ROW city = \"Zürich\", long_city_name = \"Zürich, the largest city in Switzerland\" | RENAME city AS c"
      " | GROK long_city_name \"Zürich, the %{WORD:city} %{WORD:foo} %{WORD:city} %{WORD:foo}\"");
  ASSERT_TRUE(o.status.ok()) << o.status.message();
  EXPECT_EQ(o.header, "c:keyword | long_city_name:keyword | city:keyword | foo:keyword");
  EXPECT_EQ(o.rows, Rows{"Zürich | Zürich, the largest city in Switzerland | [largest, in] | [city, Switzerland]"});
  // Output columns are sorted by name, not in pattern order.
  o = run_row("row a = \"x y\" | grok a \"%{WORD:z} %{WORD:b}\"");
  EXPECT_EQ(o.header, "a:keyword | b:keyword | z:keyword");
}

TEST(EngineGrok, MultiValueInput) {
  // multivalueInput / optionalMatchMv: each value is matched; misses add nothing.
  auto o = run_row("row j = [\"Accountant\", \"Senior Python Developer\"] | grok j \"%{WORD:a} %{WORD:b} %{WORD:c}\" | keep a, b, c");
  EXPECT_EQ(o.rows, Rows{"Senior | Python | Developer"});
  o = run_row("row j = [\"Accountant\", \"Senior Python Developer\"] | grok j \"%{WORD:a}?\\\\s*%{WORD:b}?\\\\s*%{WORD:c}?\" | keep a, b, c");
  ASSERT_TRUE(o.status.ok()) << o.status.message();
  EXPECT_EQ(o.rows, Rows{"[Accountant, Senior] | Python | Developer"});
}

TEST(EngineGrok, MultiplePatternsFirstWins) {
  auto o = run_row("row text = \"XYZ extractme\" | grok text \"ABC %{WORD:foo}\",\"XYZ %{WORD:bar}\" | keep foo, bar");
  ASSERT_TRUE(o.status.ok()) << o.status.message();
  EXPECT_EQ(o.rows, Rows{"null | extractme"});
  o = run_row("row t = \"Georgi Facello\" | grok t \"Georgi %{WORD:g}\", \"%{WORD:f} %{WORD:l}\" | keep f, l, g");
  EXPECT_EQ(o.rows, Rows{"null | null | Facello"});
}

TEST(EngineGrok, NullInputAndShadowing) {
  auto o = run_row("ROW n = null | GROK n \"%{WORD:abc}\"");
  ASSERT_TRUE(o.status.ok()) << o.status.message();
  EXPECT_EQ(o.header, "n:null | abc:keyword");
  EXPECT_EQ(o.rows, Rows{"null | null"});
  o = run_row("row text = \"123 abc\", int = 5 | grok text \"%{NUMBER:text:int} %{WORD:description}\" | keep text, int, description");
  ASSERT_TRUE(o.status.ok()) << o.status.message();
  EXPECT_EQ(o.header, "text:integer | int:integer | description:keyword");
  EXPECT_EQ(o.rows, Rows{"123 | 5 | abc"});
}

TEST(EngineGrok, RulePatterns) {
  // Shapes from the detection rules: dotted raw group names, URIs, (?im) line anchors.
  auto o = run_row(
      "row p = \"{instanceId=i-0abc, x=1}\" | grok p \"\"\"instanceId=(?<Esql.instance_id>[^,}\\]]+)\"\"\" | keep Esql.instance_id");
  ASSERT_TRUE(o.status.ok()) << o.status.message();
  EXPECT_EQ(o.rows, Rows{"i-0abc"});
  o = run_row("row c = \"curl https://evil.example.com:8443/x\" | grok c \"%{URIPROTO:proto}://%{URIHOST:host}\" | keep proto, host, port");
  ASSERT_TRUE(o.status.ok()) << o.status.message();
  EXPECT_EQ(o.rows, Rows{"https | evil.example.com:8443 | 8443"});
  o = run_row(
      "row a = \"Foo: 1\\r\\nCertificateTemplate: User\\r\\nSAN:dns=x\" | grok a "
      "\"\"\"(?im)^[ \\t]*certificatetemplate[ \\t]*:[ \\t]*(?<t>[^\\r\\n]+)\\r?$\"\"\" | keep t");
  ASSERT_TRUE(o.status.ok()) << o.status.message();
  EXPECT_EQ(o.rows, Rows{"User"});
}

TEST(EngineGrok, LibraryPatterns) {
  auto o = run_row(
      "row a = \"[10/Oct/2000:13:55:36 -0700] 2001:db8::ff00:42:8329 de:ad:be:ef:00:01 WARN john.doe 550e8400-e29b-41d4-a716-446655440000 \\\"q s\\\"\""
      " | grok a \"\\\\[%{HTTPDATE:d}\\\\] %{IPV6:ip} %{MAC:mac} %{LOGLEVEL:lvl} %{USER:u} %{UUID:id} %{QUOTEDSTRING:q}\" | drop a");
  ASSERT_TRUE(o.status.ok()) << o.status.message();
  EXPECT_EQ(o.header, "d:keyword | id:keyword | ip:keyword | lvl:keyword | mac:keyword | q:keyword | u:keyword");
  EXPECT_EQ(o.rows, Rows{"10/Oct/2000:13:55:36 -0700 | 550e8400-e29b-41d4-a716-446655440000 | 2001:db8::ff00:42:8329 | WARN | "
                         "de:ad:be:ef:00:01 | \"q s\" | john.doe"});
  o = run_row("row a = \"GET /index.php?a=1 http://u@h.com/p?q\" | grok a \"%{WORD:m} %{URIPATHPARAM:pp} %{URI:uri}\" | keep m, pp, uri");
  ASSERT_TRUE(o.status.ok()) << o.status.message();
  EXPECT_EQ(o.rows, Rows{"GET | /index.php?a=1 | http://u@h.com/p?q"});
}

TEST(EngineGrok, Errors) {
  auto o = run_row("row a = \"x\" | grok a \"%{NOPE:b}\"");
  EXPECT_EQ(o.status.message(),
            "line 1:15: Invalid grok pattern [%{NOPE:b}]: Unable to find pattern [NOPE] in Grok's pattern dictionary");
  o = run_row("row a = \"x\" | grok a \"(?<=a)(?<b>x)\"");
  EXPECT_EQ(o.status.code(), Status::Code::Unsupported);
  EXPECT_EQ(o.status.message(), "line 1:15: unsupported: lookbehind in grok pattern [(?<=a)(?<b>x)]");
  o = run_row("row a = \"xx\" | grok a \"(?<b>x)\\\\1\"");
  EXPECT_EQ(o.status.message(), "line 1:16: unsupported: backreference in grok pattern [(?<b>x)\\1]");
  o = run_row("row a = 1 | grok a \"%{WORD:b}\"");
  EXPECT_EQ(o.status.message(), "line 1:18: Grok only supports KEYWORD or TEXT values, found expression [a] type [integer]");
  o = run_row("row a = \"1 2\" | grok a \"%{WORD:b} %{NUMBER:b:int}\"");
  EXPECT_EQ(o.status.code(), Status::Code::AnalysisError);
}

}  // namespace
}  // namespace trailhound
