// Math/string/IP/MV functions, statistical aggregates, STATS shadowing
// warnings, non-literal LIKE patterns and MV_EXPAND chunking.
#include <algorithm>

#include "engine_test_util.h"
#include "exec/batch_builder.h"

namespace trailhound {
namespace {

using testing::run_row;
using Rows = std::vector<std::string>;

TEST(EngineMath, LogWithAndWithoutBase) {
  auto o = run_row("ROW base = 2.0, value = 8.0 | EVAL s = LOG(base, value), t = LOG(10, 1000000000000::long), u = LOG(1)");
  ASSERT_TRUE(o.status.ok()) << o.status.message();
  EXPECT_EQ(o.rows, Rows{"2.0 | 8.0 | 3.0 | 12.0 | 0.0"});
  o = run_row("ROW b = 1, v = 2 | EVAL s = LOG(b, v)");
  ASSERT_TRUE(o.status.ok());
  EXPECT_EQ(o.rows, Rows{"1 | 2 | null"});
  EXPECT_NE(std::find(o.warnings.begin(), o.warnings.end(), "Line 1:29: java.lang.ArithmeticException: Log of base 1"),
            o.warnings.end());
}

TEST(EngineMath, CbrtHypotClampRoundTo) {
  auto o = run_row("ROW i = 27 | EVAL c = CBRT(i), h = HYPOT(3, 4), k = CLAMP(15, 0, 10), r = ROUND_TO(7, 0, 5, 10), "
                   "lo = ROUND_TO(1, 2, 3)");
  ASSERT_TRUE(o.status.ok()) << o.status.message();
  EXPECT_EQ(o.header, "i:integer | c:double | h:double | k:integer | r:integer | lo:integer");
  EXPECT_EQ(o.rows, Rows{"27 | 3.0 | 5.0 | 10 | 5 | 2"});
}

TEST(EngineMath, UnsignedLongRoundHalfUpAndOverflow) {
  auto o = run_row("ROW a = round(18446744073709551614, -1), b = round(18446744073709551615, -20::long)");
  ASSERT_TRUE(o.status.ok()) << o.status.message();
  EXPECT_EQ(o.rows, Rows{"18446744073709551610 | 0"});
  o = run_row("ROW ul = round(18446744073709551615, -19::long)");
  ASSERT_TRUE(o.status.ok());
  EXPECT_EQ(o.rows, Rows{"null"});
  ASSERT_EQ(o.warnings.size(), 2u);
  EXPECT_EQ(o.warnings[1], "Line 1:10: java.lang.ArithmeticException: unsigned_long overflow");
}

TEST(EngineStringsMv, BitLengthZipMedianAppend) {
  auto o = run_row("ROW a = [\"x\", \"y\", \"z\"], b = [\"1\", \"2\"] | EVAL c = mv_zip(a, b, \"-\"), "
                   "l = bit_length(\"hello\"), m = mv_median([3, 7, 1, 6]), n = mv_append(\"a\", null) | KEEP c, l, m, n");
  ASSERT_TRUE(o.status.ok()) << o.status.message();
  EXPECT_EQ(o.rows, Rows{"[x-1, y-2, z] | 40 | 4 | null"});
}

TEST(EngineIp, IpPrefixAndLeadingZeros) {
  auto o = run_row("ROW ip4 = to_ip(\"1.2.3.255\") | EVAL p = IP_PREFIX(ip4, 25, 0), "
                   "o = TO_IP(\"1.1.010.1\", {\"leading_zeros\":\"octal\"}), d = TO_IP(\"1.1.010.1\", {\"leading_zeros\":\"decimal\"})");
  ASSERT_TRUE(o.status.ok()) << o.status.message();
  EXPECT_EQ(o.rows, Rows{"1.2.3.255 | 1.2.3.128 | 1.1.8.1 | 1.1.10.1"});
}

TEST(EngineAgg, PercentileMedianMadStdDev) {
  auto o = run_row("ROW x = [1, 3, 4, 7, 11, 18] | MV_EXPAND x | STATS m = MEDIAN(x), p = PERCENTILE(x, 50), "
                   "mad = MEDIAN_ABSOLUTE_DEVIATION(x), v = VARIANCE(x), s = STD_DEV(2), pr = PRESENT(x), ab = ABSENT(x)");
  ASSERT_TRUE(o.status.ok()) << o.status.message();
  EXPECT_EQ(o.header, "m:double | p:double | mad:double | v:double | s:double | pr:boolean | ab:boolean");
  EXPECT_EQ(o.rows, Rows{"5.5 | 5.5 | 3.5 | 32.888888888888886 | 0.0 | true | false"});
}

TEST(EngineAgg, WeightedAvgAndTop) {
  auto o = run_row("ROW x = [1, 2, 3] | MV_EXPAND x | EVAL w = x | STATS wa = WEIGHTED_AVG(x, w), "
                   "t = TOP(x, 2, \"desc\"), s = SUM(null)");
  ASSERT_TRUE(o.status.ok()) << o.status.message();
  EXPECT_EQ(o.header, "wa:double | t:integer | s:null");
  EXPECT_EQ(o.rows, Rows{"2.3333333333333335 | [3, 2] | null"});
  o = run_row("ROW x = 1, w = 0 | STATS wa = WEIGHTED_AVG(x, w)");
  ASSERT_TRUE(o.status.ok());
  EXPECT_EQ(o.rows, Rows{"null"});
  ASSERT_EQ(o.warnings.size(), 2u);
  EXPECT_EQ(o.warnings[1], "Line 1:31: java.lang.ArithmeticException: / by zero");
}

TEST(EngineAgg, ShadowedStatsNamesWarnAndGroupAliasesResolve) {
  auto o = run_row("ROW a = 1 | STATS x = MAX(a), x = MIN(a)");
  ASSERT_TRUE(o.status.ok()) << o.status.message();
  EXPECT_EQ(o.warnings, Rows{"Line 1:19: Field 'x' shadowed by field at line 1:31"});
  o = run_row("ROW a = [1, 2] | MV_EXPAND a | STATS c = COUNT(*) WHERE l > 1 BY l = a + 1");
  ASSERT_TRUE(o.status.ok()) << o.status.message();
  EXPECT_EQ(o.header, "c:long | l:integer");
}

TEST(EnginePatterns, NonLiteralLikeAndRlike) {
  auto o = run_row("ROW x = \"eberhardt\", p = \"eber*\" | WHERE x LIKE concat(to_lower(\"EBER\"), \"*\") AND x LIKE p "
                   "AND x RLIKE concat(\"eb\", \".*\")");
  ASSERT_TRUE(o.status.ok()) << o.status.message();
  EXPECT_EQ(o.rows.size(), 1u);
  o = run_row("ROW x = \"abc\", p = \"z*\" | WHERE x NOT LIKE p");
  ASSERT_TRUE(o.status.ok()) << o.status.message();
  EXPECT_EQ(o.rows.size(), 1u);
}

TEST(EngineMvExpand, ExplosionStopsAtLimit) {
  // 20^6 = 64M rows if materialized; the LIMIT must stop production early.
  const std::string mv = "[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20]";
  auto o = run_row("ROW a = " + mv + ", b = " + mv + ", c = " + mv + ", d = " + mv + ", e = " + mv + ", f = " + mv +
                   " | MV_EXPAND a | MV_EXPAND b | MV_EXPAND c | MV_EXPAND d | MV_EXPAND e | MV_EXPAND f | LIMIT 3");
  ASSERT_TRUE(o.status.ok()) << o.status.message();
  EXPECT_EQ(o.rows, (Rows{"1 | 1 | 1 | 1 | 1 | 1", "1 | 1 | 1 | 1 | 1 | 2", "1 | 1 | 1 | 1 | 1 | 3"}));
}

TEST(EngineBatchBuilder, UnsignedLongAboveTwoToThe63Kept) {
  BatchBuilder b({{"ul", DataType::UnsignedLong}});
  b.begin_document();
  b.long_value("ul", static_cast<int64_t>(18446744073709551615ull));
  b.end_document();
  Batch batch = b.take();
  ASSERT_EQ(batch.columns[0].column->count(0), 1u);
  EXPECT_EQ(static_cast<uint64_t>(batch.columns[0].column->i64[0]), 18446744073709551615ull);
}

}  // namespace
}  // namespace trailhound
