// INLINE STATS (§2.14b): aggregates appended to every input row.
#include "engine_test_util.h"

namespace trailhound {
namespace {

using testing::run_row;
using Rows = std::vector<std::string>;

TEST(EngineInlineStats, AppendsPerGroup) {
  // null.csv-spec isNullWithOrDisjunctionStatsByLanguage, reduced to ROW + MV_EXPAND.
  auto o = run_row(
      "ROW l = [4, 5, 5, 5, 5] | MV_EXPAND l | EVAL e = 1 | INLINE STATS c = COUNT(*) BY l | KEEP l, c");
  ASSERT_TRUE(o.status.ok()) << o.status.message();
  EXPECT_EQ(o.header, "l:integer | c:long");
  EXPECT_EQ(o.rows, (Rows{"4 | 1", "5 | 4", "5 | 4", "5 | 4", "5 | 4"}));
}

TEST(EngineInlineStats, ColumnOrderAndNoGroups) {
  auto o = run_row("ROW a = [1, 2, 3], b = \"x\" | MV_EXPAND a | INLINESTATS s = SUM(a), b = MAX(a)");
  ASSERT_TRUE(o.status.ok()) << o.status.message();
  EXPECT_EQ(o.header, "a:integer | s:long | b:integer");
  EXPECT_EQ(o.rows, (Rows{"1 | 6 | 3", "2 | 6 | 3", "3 | 6 | 3"}));
}

TEST(EngineInlineStats, ComputedKeyAndFilteredAggregate) {
  auto o = run_row(
      "ROW a = [1, 2, 3, 4] | MV_EXPAND a | INLINE STATS v = VALUES(a) WHERE a > 1, n = COUNT(*) BY odd = a % 2 | SORT a");
  ASSERT_TRUE(o.status.ok()) << o.status.message();
  EXPECT_EQ(o.header, "a:integer | odd:integer | v:integer | n:long");
  EXPECT_EQ(o.rows, (Rows{"1 | 1 | 3 | 2", "2 | 0 | [2, 4] | 2", "3 | 1 | 3 | 2", "4 | 0 | [2, 4] | 2"}));
}

}  // namespace
}  // namespace trailhound
