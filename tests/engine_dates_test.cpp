// Dates, time zones and temporal arithmetic: DATE_FORMAT/DATE_PARSE patterns,
// SET time_zone, DATE_EXTRACT/YEAR/DAY_NAME..., DATE_UNIT_COUNT, period and
// duration sums, overflow warnings, date_nanos precision.
#include <gtest/gtest.h>

#include "engine_test_util.h"
#include "exec/java_date_pattern.h"
#include "exec/time_zone.h"

namespace trailhound {
namespace {

using testing::run_row;

std::string one(std::string_view q) {
  auto o = run_row(q);
  EXPECT_TRUE(o.status.ok()) << o.status.message();
  return o.rows.empty() ? "" : o.rows[0];
}

TEST(TimeZoneTest, FixedOffsetsAndRegions) {
  auto plus3 = TimeZone::of("+03:00");
  ASSERT_TRUE(plus3.ok());
  EXPECT_EQ(plus3.value()->offset_ms(0), 3 * 3600000);
  EXPECT_EQ(offset_id(-2 * 3600000), "-02:00");
  auto paris = TimeZone::of("Europe/Paris");
  ASSERT_TRUE(paris.ok()) << paris.status().message();
  // 2020-02-01T00:00Z is winter (+01:00), 2020-06-01T00:00Z summer (+02:00).
  EXPECT_EQ(paris.value()->offset_ms(1580515200000), 3600000);
  EXPECT_EQ(paris.value()->offset_ms(1590969600000), 7200000);
  // Gap: 2025-03-30T02:30 local does not exist → 03:30+02:00 = 01:30Z.
  EXPECT_EQ(paris.value()->to_utc(1743301800000), 1743298200000);
  EXPECT_FALSE(TimeZone::of("Not/AZone").ok());
  EXPECT_FALSE(TimeZone::of("../etc/passwd").ok());
}

TEST(JavaDatePatternTest, FormatsAndParses) {
  auto p = JavaDatePattern::compile("EEEE dd MMMM yyyy hh:mm a XXX");
  ASSERT_TRUE(p.ok());
  EXPECT_TRUE(p.value().has_textual_fields());
  EXPECT_EQ(p.value().format(1580515200000, 0, *TimeZone::utc()), "Saturday 01 February 2020 12:00 AM Z");
  auto q = JavaDatePattern::compile("yyyy-MM-dd'T'HH:mm:ss.SSS");
  ASSERT_TRUE(q.ok());
  EXPECT_FALSE(q.value().has_textual_fields());
  EXPECT_EQ(q.value().parse("2023-02-01T12:15:55.250", *TimeZone::utc()), 1675253755250);
  EXPECT_EQ(q.value().parse("2026-02-29T00:00:00.000", *TimeZone::utc()), std::nullopt);
  EXPECT_FALSE(JavaDatePattern::compile("yyyy-bb").ok());
}

TEST(DateFunctionsTest, FormatAndParse) {
  EXPECT_EQ(one("ROW d = \"2023-02-01T12:15:55.000Z\"::date | EVAL f = DATE_FORMAT(\"yyyy/MM/dd HH:mm\", d) | KEEP f"),
            "2023/02/01 12:15");
  EXPECT_EQ(one("ROW s = \"12/Jul/2022:10:24:10 +0900\" | EVAL d = DATE_PARSE(\"dd/MMM/yyyy:HH:mm:ss Z\", s) | KEEP d"),
            "2022-07-12T01:24:10.000Z");
  auto o = run_row("ROW a = \"2023-02-01 foo\" | EVAL b = DATE_PARSE(\"yyyy-MM-dd\", a) | KEEP b");
  ASSERT_TRUE(o.status.ok());
  EXPECT_EQ(o.rows[0], "null");
  ASSERT_EQ(o.warnings.size(), 2u);
  EXPECT_EQ(o.warnings[1],
            "Line 1:37: java.lang.IllegalArgumentException: failed to parse date field [2023-02-01 foo] with format [yyyy-MM-dd]");
  EXPECT_EQ(one("ROW a = \"10 septembre 2025\" | EVAL b = DATE_PARSE(\"dd MMMM yyyy\", a, {\"locale\":\"fr\"}) | KEEP b"),
            "2025-09-10T00:00:00.000Z");
}

TEST(DateFunctionsTest, SessionTimeZone) {
  EXPECT_EQ(one("SET time_zone=\"Europe/Rome\"; ROW d = DATE_FORMAT(\"2020-06-01T00:00:00.000+02:00\"::date)"),
            "2020-06-01T00:00:00.000+02:00");
  EXPECT_EQ(one("SET time_zone=\"+10:00\"; ROW d = \"2025-03-04T10:09:08.07Z\"::date | EVAL t = DATE_TRUNC(3 hours, d) | KEEP t"),
            "2025-03-04T08:00:00.000Z");
  EXPECT_EQ(one("SET time_zone=\"-02:00\"; ROW d = to_datetime(\"1953-09-02T00:00:00.000Z\") | EVAL n = DAY_NAME(d) | KEEP n"),
            "Tuesday");
  EXPECT_EQ(one("SET time_zone=\"+07:00\"; ROW d = \"2019-12-31T23:00:00.000Z\"::date | EVAL y = YEAR(d) | KEEP y"), "2020");
  EXPECT_EQ(one("SET time_zone=\"America/New_York\"; ROW a = \"2025-03-09T01:02:03.123-05:00\" + 1d"),
            "2025-03-10T05:02:03.123Z");
}

TEST(DateFunctionsTest, PartsAndUnitCounts) {
  EXPECT_EQ(one("ROW d = \"2024-02-15T10:30:00.000Z\"::date | EVAL a = DATE_UNIT_COUNT(\"day\", \"month\", d), "
                "b = DATE_UNIT_COUNT(\"hour\", \"week\", d), c = DATE_UNIT_COUNT(\"quarter\", \"year\", d), "
                "m = MONTH_NAME(d), x = DATE_EXTRACT(\"aligned_week_of_year\", d) | KEEP a, b, c, m, x"),
            "29 | 168 | 4 | February | 7");
}

TEST(DateArithmeticTest, SumsOfAmountsAndOverflow) {
  EXPECT_EQ(one("ROW n = to_dt(\"1953-04-04T00:00:00.000Z\") | EVAL t = 4 years + 3 months + 2 weeks + 1 day + n | KEEP t"),
            "1957-07-19T00:00:00.000Z");
  EXPECT_EQ(one("ROW n = to_dt(\"1957-07-19T00:00:00.000Z\") | EVAL t = n - (-(1 hour + 1 minute)) | KEEP t"),
            "1957-07-19T01:01:00.000Z");
  EXPECT_EQ(one("ROW dt = to_dt(\"2100-01-01T01:01:01.001Z\") | EVAL p = 1 second + null + dt | KEEP p"), "null");
  auto o = run_row("ROW dt = to_dt(0) | EVAL plus = dt + 2147483647 years | KEEP plus");
  ASSERT_TRUE(o.status.ok());
  ASSERT_EQ(o.warnings.size(), 2u);
  EXPECT_EQ(o.warnings[1], "Line 1:33: java.time.DateTimeException: Invalid value for Year (valid values -999999999 - "
                           "999999999): 2147485617");
  auto bad = run_row("ROW dt = to_dt(0) | EVAL x = 1 day - dt");
  EXPECT_FALSE(bad.status.ok());
}

TEST(DateConversionTest, NanosAndInvalidDays) {
  EXPECT_EQ(one("ROW n = \"2025-03-09T01:02:03.123000001Z\"::date_nanos"), "2025-03-09T01:02:03.123000001Z");
  auto o = run_row("ROW x = \"2026-04-31\"::date");
  ASSERT_EQ(o.warnings.size(), 2u);
  EXPECT_EQ(o.warnings[1], "Line 1:9: java.lang.IllegalArgumentException: Invalid date 'APRIL 31'");
}

}  // namespace
}  // namespace trailhound
