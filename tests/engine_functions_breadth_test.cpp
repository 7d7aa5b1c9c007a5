// REPLACE, DATE_DIFF, URL/base64 codecs, SPACE, MV_SLICE/APPEND/CONTAINS/
// INTERSECTION: expected values from string.csv-spec and date.csv-spec.
#include "engine_test_util.h"

namespace trailhound {
namespace {

using testing::run_row;
using Rows = std::vector<std::string>;

TEST(EngineFunctions, Replace) {
  auto o = run_row("ROW s = \"Georgi\", h = \"Gateway instances\" | EVAL a = replace(s, \"Geo\", \"foo\"), b = replace(h, \"\\\\s+\", \"\")");
  ASSERT_TRUE(o.status.ok()) << o.status.message();
  EXPECT_EQ(o.rows, Rows{"Georgi | Gateway instances | foorgi | Gatewayinstances"});
  // Java replaceAll: $n group references, empty matches between code points.
  o = run_row("ROW a = replace(\"2024-01-15\", \"(\\\\d+)-(\\\\d+)-(\\\\d+)\", \"$3/$2/$1\"), b = replace(\"abc\", \"\", \"-\"), "
              "c = replace(\"x.y\", \"(?<first>\\\\w)\\\\.\", \"${first}!\")");
  ASSERT_TRUE(o.status.ok()) << o.status.message();
  EXPECT_EQ(o.rows, Rows{"15/01/2024 | -a-b-c- | x!y"});
  o = run_row("ROW a = replace(\"abc\", \"(?=b)\", \"-\")");
  EXPECT_EQ(o.status.code(), Status::Code::Unsupported);
}

TEST(EngineFunctions, DateDiffWholeCalendarUnits) {
  auto o = run_row(
      "ROW from=TO_DATETIME(\"2023-12-31T23:59:59.999Z\"), to=TO_DATETIME(\"2024-01-01T00:00:00\") | EVAL "
      "msecs=DATE_DIFF(\"milliseconds\", from, to), months=DATE_DIFF(\"month\", from, to), years=DATE_DIFF(\"year\", from, to)");
  ASSERT_TRUE(o.status.ok()) << o.status.message();
  EXPECT_EQ(o.rows, Rows{"2023-12-31T23:59:59.999Z | 2024-01-01T00:00:00.000Z | 1 | 0 | 0"});
  o = run_row(
      "ROW from=TO_DATETIME(\"2023-12-31T23:59:59.999Z\"), to=TO_DATETIME(\"2024-02-01T00:00:00\") | EVAL "
      "secs=DATE_DIFF(\"seconds\", from, to), months=DATE_DIFF(\"month\", from, to), w = DATE_DIFF(\"wk\", from, to), "
      "back = DATE_DIFF(\"mm\", to, from)");
  ASSERT_TRUE(o.status.ok()) << o.status.message();
  EXPECT_EQ(o.rows, Rows{"2023-12-31T23:59:59.999Z | 2024-02-01T00:00:00.000Z | 2678400 | 1 | 4 | -1"});
}

TEST(EngineFunctions, Codecs) {
  auto o = run_row("ROW a = \"elastic\" | EVAL e = TO_BASE64(a), d = FROM_BASE64(\"ZWxhc3RpYw==\"), n = FROM_BASE64(\"ZWxhc3RpYw\")");
  EXPECT_EQ(o.rows, Rows{"elastic | ZWxhc3RpYw== | elastic | elastic"});
  o = run_row("ROW u = \"%21%23%24%26%27%28%29*%2B%2C%2F%3A%3B%3D%3F%40%5B%5D\" | EVAL u = URL_DECODE(u)");
  EXPECT_EQ(o.rows, Rows{"!#$&'()*+,/:;=?@[]"});
  o = run_row("ROW u = \"%#\" | EVAL u = URL_DECODE(u)");
  EXPECT_EQ(o.rows, Rows{"null"});
  EXPECT_EQ(o.warnings, (Rows{"Line 1:25: evaluation of [URL_DECODE(u)] failed, treating result as null. Only first 20 failures recorded.",
                              "Line 1:25: java.lang.IllegalArgumentException: URLDecoder: Incomplete trailing escape (%25) pattern"}));
  o = run_row("ROW n = URL_DECODE(URL_ENCODE(\"M - Georgi+Facello; @G\")), c = URL_ENCODE_COMPONENT(\"a b~\"), s = CONCAT(\"[\", SPACE(3), \"]\")");
  EXPECT_EQ(o.rows, Rows{"M - Georgi+Facello; @G | a%20b~ | [   ]"});
}

TEST(EngineFunctions, MultiValueLists) {
  auto o = run_row("ROW a = [\"1\", \"2\", \"3\", \"4\"] | eval a1 = mv_slice(a, \"0\", \"1\"), a2 = mv_slice(a, -2, -1), a3 = mv_slice(a, 5)");
  ASSERT_TRUE(o.status.ok()) << o.status.message();
  EXPECT_EQ(o.rows, Rows{"[1, 2, 3, 4] | [1, 2] | [3, 4] | null"});
  o = run_row(
      "ROW a = \"a\", b = [\"a\", \"b\", \"c\"], n = null | EVAL aa = mv_contains(a, a), bb = mv_contains(b, b), "
      "ab = mv_contains(a, b), ba = mv_contains(b,a), na = mv_contains(n, a), an = mv_contains(a, n), nn = mv_contains(n,n)");
  ASSERT_TRUE(o.status.ok()) << o.status.message();
  EXPECT_EQ(o.rows, Rows{"a | [a, b, c] | null | true | true | false | true | false | true | true"});
  o = run_row("ROW a = [1, 2, 3, 2], b = [2, 3, 4] | EVAL i = MV_INTERSECTION(a, b), p = MV_APPEND(a, b)");
  EXPECT_EQ(o.rows, Rows{"[1, 2, 3, 2] | [2, 3, 4] | [2, 3] | [1, 2, 3, 2, 2, 3, 4]"});
}

}  // namespace
}  // namespace trailhound

namespace trailhound {
namespace {

TEST(EngineFunctions, KqlOverColumns) {
  // Shapes of the rules' KQL(): field:value, lists, NOT, wildcards, quoted phrases, any-value MV matching.
  auto o = testing::run_row(
      "ROW event.category = [\"process\", \"file\"], event.type = \"start\", event.action = \"exec\", process.name = \"curl.exe\","
      " tags = \"Rule Type: Higher-Order Rule\", path = \"/var/lib/waagent/run-command/download/7/script.sh\""
      " | EVAL a = KQL(\"\"\"event.category:process and event.type:start and not event.action:fork and process.name:(curl or curl.exe)\"\"\"),"
      " b = KQL(\"\"\"tags : \"Rule Type: Higher-Order Rule\" \"\"\"), c = KQL(\"path:/var/lib/waagent/run-command/download/*/script.sh\"),"
      " d = KQL(\"event.action:start\"), e = KQL(\"missing.field:x or event.type:*\"), f = KQL(\"NOT missing.field:x\")"
      " | KEEP a, b, c, d, e, f");
  ASSERT_TRUE(o.status.ok()) << o.status.message();
  EXPECT_EQ(o.rows, std::vector<std::string>{"true | true | true | false | true | true"});
  o = testing::run_row("ROW a = 1 | WHERE KQL(\"a >= 1\")");
  EXPECT_EQ(o.status.code(), Status::Code::Unsupported);
}

}  // namespace
}  // namespace trailhound
