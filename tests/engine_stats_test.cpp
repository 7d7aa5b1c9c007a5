// STATS … BY, LIMIT/implicit limit, and the scan side (BatchBuilder, Catalog).
#include <algorithm>

#include "engine_test_util.h"
#include "exec/batch_builder.h"

namespace trailhound {
namespace {

using testing::run_row;
using Rows = std::vector<std::string>;

Rows sorted(Rows r) {
  std::sort(r.begin(), r.end());
  return r;
}

TEST(EngineStats, CountForms) {
  auto o = run_row("ROW mv = [1, 2], n = null | STATS a = COUNT(mv), b = COUNT(*), c = COUNT(n), d = count([-1, 0, 3])");
  ASSERT_TRUE(o.status.ok()) << o.status.message();
  EXPECT_EQ(o.header, "a:long | b:long | c:long | d:long");
  EXPECT_EQ(o.rows, Rows{"2 | 1 | 0 | 3"});
}

TEST(EngineStats, NoGroupsOnEmptyInputGivesOneRow) {
  auto o = run_row("ROW x = 1 | WHERE false | STATS c = COUNT(*), s = AVG(x), m = MAX(x)");
  ASSERT_TRUE(o.status.ok()) << o.status.message();
  EXPECT_EQ(o.header, "c:long | s:double | m:integer");
  EXPECT_EQ(o.rows, Rows{"0 | null | null"});
  o = run_row("ROW x = 1 | WHERE false | STATS c = COUNT(*) BY x");
  EXPECT_TRUE(o.rows.empty());
}

TEST(EngineStats, MultiValuedKeysCrossProduct) {
  auto o = run_row("ROW price=10, color=[\"blue\",\"pink\"], size=[\"s\",\"m\"] | STATS SUM(price) BY color, size");
  ASSERT_TRUE(o.status.ok()) << o.status.message();
  EXPECT_EQ(o.header, "SUM(price):long | color:keyword | size:keyword");
  EXPECT_EQ(sorted(o.rows), (Rows{"10 | blue | m", "10 | blue | s", "10 | pink | m", "10 | pink | s"}));
}

TEST(EngineStats, AggregateSeesWholeMultiValueOfKey) {
  auto o = run_row("ROW a=[1, 2] | STATS c = SUM(a) BY a");
  EXPECT_EQ(sorted(o.rows), (Rows{"3 | 1", "3 | 2"}));
}

TEST(EngineStats, NullGroupKept) {
  auto o = run_row("ROW a=1, c=null | STATS COUNT(a) BY c");
  ASSERT_TRUE(o.status.ok()) << o.status.message();
  EXPECT_EQ(o.header, "COUNT(a):long | c:null");
  EXPECT_EQ(o.rows, Rows{"1 | null"});
}

TEST(EngineStats, PerAggregateFilterAndWrapping) {
  auto o = run_row(
      "ROW v = [1, 2, 3, 4] | MV_EXPAND v | EVAL g = v % 2 | "
      "STATS c = COUNT(*) WHERE v > 2, m = MAX(v) WHERE v > 10, r = ROUND(AVG(v) * 10) + 1, cd = COUNT_DISTINCT(g), "
      "vs = MV_SORT(VALUES(v)) BY g | SORT g");
  ASSERT_TRUE(o.status.ok()) << o.status.message();
  EXPECT_EQ(o.header, "c:long | m:integer | r:double | cd:long | vs:integer | g:integer");
  EXPECT_EQ(o.rows, (Rows{"1 | null | 31.0 | 1 | [2, 4] | 0", "1 | null | 21.0 | 1 | [1, 3] | 1"}));
}

TEST(EngineStats, SumOverflowWarns) {
  auto o = run_row("ROW a = [9223372036854775807, 1] | STATS s = SUM(a), av = AVG(a)");
  ASSERT_TRUE(o.status.ok()) << o.status.message();
  EXPECT_EQ(o.rows, Rows{"null | 4.611686018427388E18"});
  EXPECT_EQ(o.warnings.size(), 2u);
}

TEST(EngineStats, GroupingKeyBeatsAggregateOfSameName) {
  auto o = run_row("ROW a = 1 | STATS a = COUNT(*) BY a");
  ASSERT_TRUE(o.status.ok()) << o.status.message();
  EXPECT_EQ(o.header, "a:integer");
}

TEST(EngineStats, StatsErrors) {
  auto o = run_row("ROW a = 1, b = 2 | STATS x = a + COUNT(*) BY b");
  EXPECT_EQ(o.status.message(), "line 1:30: column [a] must appear in the STATS BY clause or be used in an aggregate function");
  o = run_row("ROW a = 1 | EVAL c = COUNT(a)");
  EXPECT_EQ(o.status.message(), "line 1:22: aggregate function [COUNT(a)] not allowed outside STATS command");
}

Catalog numbers_catalog() {
  Schema s;
  s.add("n", DataType::Long);
  s.add("k", DataType::Keyword);
  s.add("unused", DataType::Keyword);
  Catalog c;
  c.add_index("nums", s);
  return c;
}

// Pushes `count` rows n = 0..count-1, k = "k<n % 3>" in batches of 4096.
Status feed_numbers(const PreparedQuery& q, QueryRun& run, int count) {
  BatchBuilder b(q.needed_fields("nums"));
  for (int i = 0; i < count; ++i) {
    b.begin_document();
    b.long_value("n", i);
    b.keyword("k", "k" + std::to_string(i % 3));
    b.end_document();
    if (b.rows() == kBatchRows)
      if (Status s = run.push("nums", b.take()); !s.ok()) return s;
  }
  return run.push("nums", b.take());
}

TEST(EngineStats, ImplicitLimitAndTopN) {
  Catalog c = numbers_catalog();
  auto feed = [](const PreparedQuery& q, QueryRun& run) { return feed_numbers(q, run, 10000); };
  auto o = testing::run_query("FROM nums | KEEP n", c, feed);
  ASSERT_TRUE(o.status.ok()) << o.status.message();
  EXPECT_EQ(o.rows.size(), 1000u);
  o = testing::run_query("FROM nums | KEEP n | LIMIT 5000", c, feed);
  EXPECT_EQ(o.rows.size(), 5000u);
  o = testing::run_query("FROM nums | SORT n DESC | LIMIT 3 | KEEP n", c, feed);
  EXPECT_EQ(o.rows, (Rows{"9999", "9998", "9997"}));
  o = testing::run_query("FROM nums | STATS c = COUNT(*), s = SUM(n) BY k | SORT k", c, feed);
  EXPECT_EQ(o.rows, (Rows{"3334 | 16668333 | k0", "3333 | 16661667 | k1", "3333 | 16665000 | k2"}));
  o = testing::run_query("FROM nums | LIMIT 0", c, feed);
  EXPECT_EQ(o.header, "k:keyword | n:long | unused:keyword");
  EXPECT_TRUE(o.rows.empty());
}

TEST(EngineScan, NeededFieldsAndMetadata) {
  Catalog c = numbers_catalog();
  auto parsed = esql::parse_query("FROM nums METADATA _index, _id | WHERE n > 1 | KEEP _index, k");
  ASSERT_TRUE(parsed.ok());
  auto q = prepare(parsed.value(), c, {});
  ASSERT_TRUE(q.ok()) << q.status().message();
  std::vector<std::string> names;
  for (const auto& f : q.value()->needed_fields("nums")) names.push_back(f.name);
  EXPECT_EQ(names, (std::vector<std::string>{"k", "n", "_id"}));
  auto run = q.value()->start();
  Batch b;  // `k` absent: reads as null
  Column n(DataType::Long);
  for (int i = 0; i < 3; ++i) {
    n.push_i64(i);
    n.end_row();
  }
  b.row_count = 3;
  b.columns.push_back({"n", std::make_shared<const Column>(std::move(n))});
  ASSERT_TRUE(run->push("nums", b).ok());
  auto r = run->finish();
  ASSERT_TRUE(r.ok());
  auto o = testing::render(r.value());
  EXPECT_EQ(o.header, "_index:keyword | k:keyword");
  EXPECT_EQ(o.rows, Rows{"nums | null"});
}

TEST(EngineScan, BatchBuilderConvertsAndSorts) {
  BatchBuilder b({{"l", DataType::Long}, {"d", DataType::Datetime}, {"ip", DataType::Ip}, {"k", DataType::Keyword},
                  {"ipk", DataType::Keyword}});
  EXPECT_TRUE(b.wants("l"));
  EXPECT_FALSE(b.wants("other"));
  b.begin_document();
  b.keyword("l", "10");
  b.keyword("l", "3");
  b.keyword("d", "2024-03-10T12:01:00Z");
  b.keyword("ip", "10.0.0.1");
  b.keyword("k", "b");
  b.keyword("k", "a");
  b.keyword("k", "b");
  b.ip("ipk", parse_ip("::1").value());
  b.keyword("other", "x");
  b.end_document();
  b.begin_document();
  b.keyword("l", "not a number");
  b.long_value("d", 0);
  b.end_document();
  EXPECT_EQ(b.rows(), 2u);
  Batch batch = b.take();
  EXPECT_EQ(b.rows(), 0u);
  ASSERT_EQ(batch.rows(), 2u);
  EXPECT_EQ(format_value_text(*batch.columns[0].column, 0), "[3, 10]");
  EXPECT_EQ(format_value_text(*batch.columns[0].column, 1), "null");
  EXPECT_EQ(format_value_text(*batch.columns[1].column, 0), "2024-03-10T12:01:00.000Z");
  EXPECT_EQ(format_value_text(*batch.columns[1].column, 1), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(format_value_text(*batch.columns[2].column, 0), "10.0.0.1");
  EXPECT_EQ(format_value_text(*batch.columns[3].column, 0), "[a, b]");
  EXPECT_EQ(format_value_text(*batch.columns[4].column, 0), "::1");
}

TEST(EngineScan, CatalogPatterns) {
  Catalog c;
  for (const char* n : {"logs-a", "logs-b", "metrics-a"}) c.add_index(n, Schema());
  EXPECT_EQ(c.resolve({"logs-*"}).value(), (std::vector<std::string>{"logs-a", "logs-b"}));
  EXPECT_EQ(c.resolve({"*", "-logs-b"}).value(), (std::vector<std::string>{"logs-a", "metrics-a"}));
  EXPECT_EQ(c.resolve({"logs-a", "nope*"}).value(), (std::vector<std::string>{"logs-a"}));
  EXPECT_EQ(c.resolve({"missing"}).status().message(), "Unknown index [missing]");
  EXPECT_EQ(c.resolve({"x*", "y*"}).status().message(), "Unknown index [x*,y*]");
}

}  // namespace
}  // namespace trailhound
