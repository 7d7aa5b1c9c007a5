// ROW / EVAL / WHERE / operators and scalar functions, expected rows from
// esql-semantics.md and the csv-spec suite.
#include "engine_test_util.h"

namespace trailhound {
namespace {

using testing::run_row;
using Rows = std::vector<std::string>;

TEST(EngineRow, LiteralsAndNaming) {
  auto o = run_row("ROW a = 1, b = \"x\", c = [1, 2], d = null, 1 + 2");
  ASSERT_TRUE(o.status.ok()) << o.status.message();
  EXPECT_EQ(o.header, "a:integer | b:keyword | c:integer | d:null | 1 + 2:integer");
  EXPECT_EQ(o.rows, Rows{"1 | x | [1, 2] | null | 3"});
}

TEST(EngineRow, EvalShadowingAndOrder) {
  auto o = run_row("ROW a = 1, b = 2 | EVAL a = b + 1, c = a * 2");
  ASSERT_TRUE(o.status.ok()) << o.status.message();
  EXPECT_EQ(o.header, "b:integer | a:integer | c:integer");
  EXPECT_EQ(o.rows, Rows{"2 | 3 | 6"});
}

TEST(EngineRow, ArithmeticWideningAndOverflow) {
  auto o = run_row("ROW a = 2147483647, b = 9223372036854775807, d = 1.5 | EVAL x = a + 1, y = b + 1, z = a + d, w = 7 / 2, m = -7 % 3");
  ASSERT_TRUE(o.status.ok()) << o.status.message();
  EXPECT_EQ(o.header, "a:integer | b:long | d:double | x:integer | y:long | z:double | w:integer | m:integer");
  EXPECT_EQ(o.rows, Rows{"2147483647 | 9223372036854775807 | 1.5 | null | null | 2.1474836485E9 | 3 | -1"});
  EXPECT_EQ(o.warnings, (Rows{"Line 1:65: evaluation of [a + 1] failed, treating result as null. Only first 20 failures recorded.",
                              "Line 1:65: java.lang.ArithmeticException: integer overflow",
                              "Line 1:76: evaluation of [b + 1] failed, treating result as null. Only first 20 failures recorded.",
                              "Line 1:76: java.lang.ArithmeticException: long overflow"}));
}

TEST(EngineRow, ThreeValuedLogic) {
  auto o = run_row("ROW t = true, f = false, n = null | EVAL a = t AND n, b = f AND n, c = t OR n, d = f OR n, e = NOT n");
  ASSERT_TRUE(o.status.ok()) << o.status.message();
  EXPECT_EQ(o.rows, Rows{"true | false | null | null | false | true | null | null"});
}

TEST(EngineRow, InWithNulls) {
  auto o = run_row("ROW a = 1 | EVAL x = 1 IN (1, null), y = 5 IN (1, 2, null), z = 1 IN (null), w = 5 NOT IN (1, 2)");
  ASSERT_TRUE(o.status.ok()) << o.status.message();
  EXPECT_EQ(o.rows, Rows{"1 | true | null | null | true"});
}

// IN over string literals only takes a hash look-up; a list with a column in
// it takes the comparison per item. Both must agree on every kind of value.
TEST(EngineRow, InOverStringLiteralsAgreesWithTheGeneralPath) {
  auto o = run_row(
      "ROW k = [\"ListUsers\", \"GetX\", \"other\", \"x\"], z = \"zzz\" | MV_EXPAND k"
      " | EVAL k = CASE(k == \"x\", null, k)"
      " | EVAL fast = k IN (\"ListUsers\", \"GetX\"), slow = k IN (\"ListUsers\", \"GetX\", z),"
      " nfast = k NOT IN (\"ListUsers\", \"GetX\"), nslow = k NOT IN (\"ListUsers\", \"GetX\", z)"
      " | KEEP k, fast, slow, nfast, nslow");
  ASSERT_TRUE(o.status.ok()) << o.status.message();
  EXPECT_EQ(o.rows, (Rows{"ListUsers | true | true | false | false", "GetX | true | true | false | false",
                          "other | false | false | true | true", "null | null | null | null | null"}));
  auto mv = run_row("ROW m = [\"a\", \"b\"] | EVAL x = m IN (\"a\", \"c\")");
  ASSERT_TRUE(mv.status.ok()) << mv.status.message();
  EXPECT_EQ(mv.rows, Rows{"[a, b] | null"});
  EXPECT_EQ(mv.warnings.size(), 2u);
}

TEST(EngineRow, WhereDropsNullAndFalse) {
  auto o = run_row("ROW a = [1, 2] | MV_EXPAND a | EVAL b = CASE(a == 1, null, a) | WHERE b > 0");
  ASSERT_TRUE(o.status.ok()) << o.status.message();
  EXPECT_EQ(o.header, "a:integer | b:integer");
  EXPECT_EQ(o.rows, Rows{"2 | 2"});
}

// A keyword column against one constant (the comparison's own loop): both
// operand orders, ==/!=, nulls, and a multi-valued row that warns once per row.
TEST(EngineRow, KeywordColumnAgainstAConstant) {
  auto o = run_row("ROW a = [\"x\", \"y\", \"xy\"], m = [\"p\", \"q\"] | MV_EXPAND a "
                   "| EVAL e = a == \"x\", n = \"y\" != a, w = m == \"p\", z = a == null | KEEP a, e, n, w, z");
  ASSERT_TRUE(o.status.ok()) << o.status.message();
  EXPECT_EQ(o.rows, (Rows{"x | true | true | null | null", "y | false | false | null | null",
                          "xy | false | true | null | null"}));
  ASSERT_EQ(o.warnings.size(), 2u);
  EXPECT_EQ(o.warnings[1], "Line 1:95: java.lang.IllegalArgumentException: single-value function encountered multi-value");
}

// Integers, longs and booleans compared by their stored values (their own
// loop): every operator, constant on either side, column against column, a
// multi-valued row; and AND / OR / NOT over such columns with nulls.
TEST(EngineRow, IntegerColumnsComparedAndCombined) {
  auto o = run_row("ROW a = [1, 5, 9], m = [1, 2], big = 3000000000 | MV_EXPAND a "
                   "| EVAL b = CASE(a == 5, null, a > 5), lt = a < 5, le = 5 >= a, gt = a > 5, ne = a != 5, "
                   "self = a == a, w = m == 1, l = big > a, x_and = b AND lt, x_or = b OR gt, x_not = NOT b "
                   "| KEEP a, lt, le, gt, ne, self, w, l, x_and, x_or, x_not");
  ASSERT_TRUE(o.status.ok()) << o.status.message();
  EXPECT_EQ(o.rows, (Rows{"1 | true | true | false | true | true | null | true | false | false | true",
                          "5 | false | true | false | false | true | null | true | false | null | null",
                          "9 | false | false | true | true | true | null | true | false | true | false"}));
  ASSERT_EQ(o.warnings.size(), 2u);
}

// A keyword column IN a list of string literals (looked up in a hash set):
// lists long enough to grow it, values in and out of it, NOT IN, a
// multi-valued row and a null row.
TEST(EngineRow, KeywordColumnInStringLiterals) {
  std::string list;
  for (int i = 0; i < 40; ++i) list += (i ? ", \"" : "\"") + std::string("Action") + std::to_string(i) + "\"";
  auto o = run_row("ROW a = [\"Action3\", \"Action39\", \"Action40\", \"\"], m = [\"Action1\", \"x\"] "
                   "| MV_EXPAND a | EVAL i = a IN (" + list + "), o = a NOT IN (" + list + "), w = m IN (" + list +
                   "), e = a IN (\"\"), n = TO_STRING(null) IN (\"a\") | KEEP a, i, o, w, e, n");
  ASSERT_TRUE(o.status.ok()) << o.status.message();
  EXPECT_EQ(o.rows, (Rows{"Action3 | true | false | null | false | null", "Action39 | true | false | null | false | null",
                          "Action40 | false | true | null | false | null", " | false | true | null | true | null"}));
  EXPECT_EQ(o.warnings.size(), 2u);
}

// Functions taking any number of arguments: past sixteen (the single-value
// loop once kept a fixed array of sixteen value indexes).
TEST(EngineRow, ConcatOfManyArguments) {
  std::string args = "a";
  for (int i = 1; i < 24; ++i) args += ", a";
  auto o = run_row("ROW a = [\"x\", \"y\"], n = TO_STRING(null) | MV_EXPAND a | EVAL c = CONCAT(" + args +
                   "), d = CONCAT(" + args + ", n) | KEEP c, d");
  ASSERT_TRUE(o.status.ok()) << o.status.message();
  EXPECT_EQ(o.rows, (Rows{std::string(24, 'x') + " | null", std::string(24, 'y') + " | null"}));
}

TEST(EngineRow, MultiValueComparisonWarns) {
  auto o = run_row("ROW a = [1, 2] | WHERE a == 1");
  ASSERT_TRUE(o.status.ok()) << o.status.message();
  EXPECT_TRUE(o.rows.empty());
  EXPECT_EQ(o.warnings, (Rows{"Line 1:24: evaluation of [a == 1] failed, treating result as null. Only first 20 failures recorded.",
                              "Line 1:24: java.lang.IllegalArgumentException: single-value function encountered multi-value"}));
}

TEST(EngineRow, StringFunctions) {
  auto o = run_row(
      "ROW s = \"Facello\" | EVAL a = starts_with(s, \"Fa\"), b = ends_with(s, \"x\"), c = to_upper(s), d = length(\"❗️\"), "
      "e = substring(s, -3), f = substring(s, 0, 2), g = concat(s, \"!\"), h = trim(\"  x \"), i = to_lower([\"Some\", \"Text\"])");
  ASSERT_TRUE(o.status.ok()) << o.status.message();
  EXPECT_EQ(o.rows, Rows{"Facello | true | false | FACELLO | 2 | llo | Fa | Facello! | x | [some, text]"});
}

TEST(EngineRow, LikeRlike) {
  auto o = run_row(
      "ROW x = \"C:\\\\foo\\\\bar.exe\" | EVAL a = x LIKE \"C:\\\\\\\\*\", b = x RLIKE \".*bar.*\", c = x LIKE (\"z*\", \"C*\"), "
      "d = \"#\" RLIKE \"#\", e = x NOT LIKE \"C?\\\\\\\\*\"");
  ASSERT_TRUE(o.status.ok()) << o.status.message();
  EXPECT_EQ(o.rows, Rows{"C:\\foo\\bar.exe | true | true | true | false | false"});
}

TEST(EngineRow, Conditionals) {
  auto o = run_row("ROW a = null, b = 2 | EVAL c = COALESCE(a, b), d = CASE(false, 1, b > 1, 2.5, 0), e = GREATEST([10, 4], 1)");
  ASSERT_TRUE(o.status.ok()) << o.status.message();
  EXPECT_EQ(o.header, "a:null | b:integer | c:integer | d:double | e:integer");
  EXPECT_EQ(o.rows, Rows{"null | 2 | 2 | 2.5 | 10"});
}

TEST(EngineRow, CaseOnMultiValueConditionIsFalse) {
  auto o = run_row("ROW a = 1 | EVAL c = CASE([false, true], \"a\", \"b\")");
  ASSERT_TRUE(o.status.ok()) << o.status.message();
  EXPECT_EQ(o.rows, Rows{"1 | b"});
  EXPECT_EQ(o.warnings, (Rows{"Line 1:22: evaluation of [CASE([false, true], \\\"a\\\", \\\"b\\\")] failed, treating result as false. Only first 20 failures recorded.",
                              "Line 1:22: java.lang.IllegalArgumentException: single-value function encountered multi-value"}));
}

TEST(EngineRow, DateTrunc) {
  auto o = run_row(
      "ROW d = to_datetime(\"1985-02-24T11:22:33.444Z\") | EVAL w = date_trunc(1 week, d), m = date_trunc(3 months, d), "
      "y = date_trunc(1 year, d), h = date_trunc(240 hours, d), s = date_trunc(10 seconds, d) | DROP d");
  ASSERT_TRUE(o.status.ok()) << o.status.message();
  EXPECT_EQ(o.header, "w:date | m:date | y:date | h:date | s:date");
  EXPECT_EQ(o.rows, Rows{"1985-02-18T00:00:00.000Z | 1985-01-01T00:00:00.000Z | 1985-01-01T00:00:00.000Z | "
                         "1985-02-21T00:00:00.000Z | 1985-02-24T11:22:30.000Z"});
}

TEST(EngineRow, DateArithmeticAndLiteralCast) {
  auto o = run_row("ROW d = \"2024-01-31\"::datetime | EVAL a = d + 1 month, b = d - 2 hours, c = d > \"2024-01-01\"");
  ASSERT_TRUE(o.status.ok()) << o.status.message();
  EXPECT_EQ(o.rows, Rows{"2024-01-31T00:00:00.000Z | 2024-02-29T00:00:00.000Z | 2024-01-30T22:00:00.000Z | true"});
}

TEST(EngineRow, Conversions) {
  auto o = run_row(
      "ROW a = to_integer([\"1\", \"2\", \"three\"]), b = to_long(\"-9.81\"), c = to_boolean(\"TRuE\"), d = to_ip(\"::1\"), "
      "e = to_string(1.0E9), f = to_double(\"1.5\")");
  ASSERT_TRUE(o.status.ok()) << o.status.message();
  EXPECT_EQ(o.header, "a:integer | b:long | c:boolean | d:ip | e:keyword | f:double");
  EXPECT_EQ(o.rows, Rows{"[1, 2] | -10 | true | ::1 | 1.0E9 | 1.5"});
  EXPECT_EQ(o.warnings, (Rows{"Line 1:9: evaluation of [to_integer([\\\"1\\\", \\\"2\\\", \\\"three\\\"])] failed, treating result as null. Only first 20 failures recorded.",
                              "Line 1:9: java.lang.NumberFormatException: For input string: \\\"three\\\""}));
}

TEST(EngineRow, IpAndCidr) {
  auto o = run_row("ROW ip = to_ip(\"10.1.2.3\") | EVAL a = cidr_match(ip, \"10.0.0.0/8\"), b = cidr_match(ip, \"192.168.0.0/16\", \"10.1.2.3\"), c = ip == \"10.1.2.3\"");
  ASSERT_TRUE(o.status.ok()) << o.status.message();
  EXPECT_EQ(o.rows, Rows{"10.1.2.3 | true | true | true"});
}

TEST(EngineRow, MvFunctions) {
  auto o = run_row("ROW a = [3, 1, 2, 1] | EVAL c = mv_count(a), f = mv_first(a), l = mv_last(a), mn = mv_min(a), mx = mv_max(a), "
                   "d = mv_dedupe(a), s = mv_sum(a)");
  ASSERT_TRUE(o.status.ok()) << o.status.message();
  EXPECT_EQ(o.rows, Rows{"[3, 1, 2, 1] | 4 | 3 | 1 | 1 | 3 | [3, 1, 2] | 7"});
}

TEST(EngineRow, Math) {
  auto o = run_row("ROW a = -123.5 | EVAL r = round(a), r3 = round(-123.56789, 3), ab = abs(-5), rl = round(1234, -2)");
  ASSERT_TRUE(o.status.ok()) << o.status.message();
  EXPECT_EQ(o.rows, Rows{"-123.5 | -124.0 | -123.568 | 5 | 1200"});
}

TEST(EngineRow, Dissect) {
  auto o = run_row("ROW a = \"foo 1 bar 2 baz\" | DISSECT a \"%{+b} %{c} %{+b} %{d} %{+b}\" APPEND_SEPARATOR = \",\"");
  ASSERT_TRUE(o.status.ok()) << o.status.message();
  EXPECT_EQ(o.header, "a:keyword | b:keyword | c:keyword | d:keyword");
  EXPECT_EQ(o.rows, Rows{"foo 1 bar 2 baz | foo,bar,baz | 1 | 2"});

  o = run_row("ROW a = \"foo bar\" | DISSECT a \"%{b} %{c} baz\"");
  EXPECT_EQ(o.rows, Rows{"foo bar | null | null"});

  o = run_row("ROW a = \"foo           bar\" | DISSECT a \"%{b->} %{c}\"");
  EXPECT_EQ(o.rows, Rows{"foo           bar | foo | bar"});

  o = run_row("ROW a = \"b c d\" | DISSECT a \"%{b} %{} %{d}\"");
  EXPECT_EQ(o.rows, Rows{"b c d | b | d"});

  o = run_row("ROW a = [\"Principal Support\", \"Senior Team\"] | DISSECT a \"%{x} %{y}\" | KEEP x, y");
  EXPECT_EQ(o.rows, Rows{"[Principal, Senior] | [Support, Team]"});
}

TEST(EngineRow, KeepDropRename) {
  auto o = run_row("ROW a = 1, b = 2, ab = 3, c = 4 | KEEP c, a*");
  EXPECT_EQ(o.header, "c:integer | a:integer | ab:integer");
  o = run_row("ROW a = 1, b = 2, ab = 3, c = 4 | DROP a*");
  EXPECT_EQ(o.header, "b:integer | c:integer");
  o = run_row("ROW a = 1, b = 2 | RENAME a AS temp, b AS a, temp AS b");
  EXPECT_EQ(o.header, "b:integer | a:integer");
  EXPECT_EQ(o.rows, Rows{"1 | 2"});
  o = run_row("ROW emp_no = 1, last_name = \"x\", first_name = \"y\" | RENAME emp_no AS last_name");
  EXPECT_EQ(o.header, "last_name:integer | first_name:keyword");
}

TEST(EngineRow, MvExpandKeepsPosition) {
  auto o = run_row("ROW a=[1,2,3], b=\"b\", j=[\"a\",\"b\"] | MV_EXPAND a");
  ASSERT_TRUE(o.status.ok()) << o.status.message();
  EXPECT_EQ(o.header, "a:integer | b:keyword | j:keyword");
  EXPECT_EQ(o.rows, (Rows{"1 | b | [a, b]", "2 | b | [a, b]", "3 | b | [a, b]"}));
}

TEST(EngineRow, SortNullsAndMultiValues) {
  // k: [1, 5] (min 1, max 5), 3, null.
  const char* base = "ROW a = [1, 3, 4] | MV_EXPAND a | EVAL k = CASE(a == 1, [1, 5], a == 4, null, a) | ";
  auto o = run_row(std::string(base) + "SORT k | KEEP k");
  ASSERT_TRUE(o.status.ok()) << o.status.message();
  EXPECT_EQ(o.rows, (Rows{"[1, 5]", "3", "null"}));
  o = run_row(std::string(base) + "SORT k DESC | KEEP k");
  EXPECT_EQ(o.rows, (Rows{"null", "[1, 5]", "3"}));
  o = run_row(std::string(base) + "SORT k ASC NULLS FIRST | KEEP k");
  EXPECT_EQ(o.rows, (Rows{"null", "[1, 5]", "3"}));
  o = run_row(std::string(base) + "SORT k DESC NULLS LAST | LIMIT 2 | KEEP k");
  EXPECT_EQ(o.rows, (Rows{"[1, 5]", "3"}));
}

TEST(EngineRow, Errors) {
  auto o = run_row("ROW a = 1 | EVAL b = x + 1");
  EXPECT_EQ(o.status.message(), "line 1:22: Unknown column [x]");
  o = run_row("ROW x = 1 | EVAL b = starts_with(x, \"a\")");
  EXPECT_EQ(o.status.message(),
            "line 1:22: first argument of [starts_with(x, \"a\")] must be [string], found value [x] type [integer]");
  o = run_row("ROW x = 1 | EVAL b = foo(x)");
  EXPECT_EQ(o.status.message(), "line 1:22: unsupported: function [foo]");
  EXPECT_EQ(o.status.code(), Status::Code::Unsupported);
  o = run_row("ROW x = 1 | WHERE x");
  EXPECT_EQ(o.status.message(), "line 1:19: Condition expression needs to be boolean, found [INTEGER]");
}

}  // namespace
}  // namespace trailhound
