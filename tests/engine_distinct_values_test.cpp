// The compact STATS state: DistinctValueSets (VALUES, COUNT_DISTINCT), GroupIds
// (BY), and STATS results that span several output batches.
#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>

#include "engine_test_util.h"
#include "exec/aggregates/distinct_value_sets.h"
#include "exec/aggregates/group_ids.h"

namespace trailhound {
namespace {

using testing::as_strings;


using Rows = std::vector<std::string>;

// A column from cells, each the list of its values (empty: null).
template <class T>
Column column_of(DataType type, const std::vector<std::vector<T>>& cells) {
  Column c(type);
  for (const auto& cell : cells) {
    for (const T& v : cell) {
      if constexpr (std::is_same_v<T, double>) c.push_f64(v);
      else if constexpr (std::is_integral_v<T>) c.push_i64(static_cast<int64_t>(v));
      else c.push_str(v);
    }
    c.end_row();
  }
  return c;
}

// One value per position.
template <class T>
Column values_of(DataType type, const std::vector<T>& values) {
  std::vector<std::vector<T>> cells;
  for (const T& v : values) cells.push_back({v});
  return column_of(type, cells);
}

// The values of `group`, as append_sorted() gives them, in one position.
Column sorted_values(const DistinctValueSets& sets, uint32_t group, DataType type) {
  Column out(type);
  sets.append_sorted(group, out);
  out.end_row();
  return out;
}

std::string ip(std::string_view text) { return parse_ip(text).value(); }

TEST(DistinctValueSets, GroupsOfOneFewAndManyValues) {
  // Group 0: one value (seen three times); group 1 grows through every small
  // block size and past the linear-scan limit; group 2 has 100k values; group
  // 3 is never seen; values arrive scrambled and twice each.
  DistinctValueSets sets(DataType::Long);
  const Column col = values_of<int64_t>(DataType::Long, [] {
    std::vector<int64_t> v(100000);
    for (size_t i = 0; i < v.size(); ++i) v[i] = static_cast<int64_t>((i * 7919) % v.size()) - 50000;
    return v;
  }());
  for (int k = 0; k < 3; ++k) sets.add(0, col, 5);
  EXPECT_EQ(sets.count(0), 1u);
  for (uint32_t n = 1; n <= 40; ++n) {
    sets.add(1, col, n - 1);
    sets.add(1, col, n - 1);
    sets.add(1, col, 0);
    ASSERT_EQ(sets.count(1), n);
  }
  for (int pass = 0; pass < 2; ++pass)
    for (uint32_t vi = 0; vi < col.i64.size(); ++vi) sets.add(2, col, vi);
  EXPECT_EQ(sets.count(2), 100000u);
  EXPECT_EQ(sets.count(3), 0u);
  EXPECT_EQ(sets.count(1000), 0u);

  EXPECT_EQ(sorted_values(sets, 0, DataType::Long).i64, std::vector<int64_t>{col.i64[5]});
  std::vector<int64_t> small(col.i64.begin(), col.i64.begin() + 40);
  std::sort(small.begin(), small.end());
  EXPECT_EQ(sorted_values(sets, 1, DataType::Long).i64, small);
  std::vector<int64_t> all(100000);
  for (size_t i = 0; i < all.size(); ++i) all[i] = static_cast<int64_t>(i) - 50000;
  EXPECT_EQ(sorted_values(sets, 2, DataType::Long).i64, all);
  const Column none = sorted_values(sets, 3, DataType::Long);
  EXPECT_TRUE(none.is_null(0));
}

// Strings: a group's first few values are compared before a value is
// encoded (a repeat costs no hash); the set must be the same whichever way a
// value is found, through every size and with values shared between groups.
TEST(DistinctValueSets, KeywordGroupsGrowingPastTheComparedFew) {
  std::vector<std::string> v;
  for (int i = 0; i < 40; ++i) v.push_back("value-" + std::to_string(i));
  v.push_back("");
  v.push_back(std::string("value-1\0", 8));  // not "value-1"
  const Column col = values_of<std::string>(DataType::Keyword, v);
  DistinctValueSets sets(DataType::Keyword);
  for (uint32_t n = 1; n <= 40; ++n) {
    sets.add(0, col, n - 1);
    sets.add(0, col, n - 1);
    sets.add(0, col, 0);
    sets.add(1, col, (n - 1) % 3);  // group 1: three values, seen over and over
    ASSERT_EQ(sets.count(0), n);
    ASSERT_EQ(sets.count(1), std::min<uint32_t>(n, 3));
  }
  sets.add(1, col, 40);
  sets.add(1, col, 41);
  sets.add(1, col, 1);
  EXPECT_EQ(sets.count(1), 5u);
  std::vector<std::string> want(v.begin(), v.begin() + 40);
  std::sort(want.begin(), want.end());
  EXPECT_EQ(as_strings(sorted_values(sets, 0, DataType::Keyword).str), want);
  EXPECT_EQ(as_strings(sorted_values(sets, 1, DataType::Keyword).str),
            (std::vector<std::string>{"", "value-0", "value-1", std::string("value-1\0", 8), "value-2"}));
}

TEST(DistinctValueSets, ManyGroupsShareOneKeywordDictionary) {
  const Column words = values_of<std::string>(DataType::Keyword, {"a", "b", "a rather long value past the inline size",
                                                                  std::string("nul\0byte", 8), std::string("nul"), ""});
  DistinctValueSets sets(DataType::Keyword);
  constexpr uint32_t kGroups = 20000;
  for (uint32_t g = 0; g < kGroups; ++g)
    for (uint32_t k = 0; k <= g % 6; ++k) sets.add(g, words, (g + k) % 6);
  for (uint32_t g = 0; g < kGroups; ++g) {
    ASSERT_EQ(sets.count(g), g % 6 + 1) << g;
    std::vector<std::string> expected;
    for (uint32_t k = 0; k <= g % 6; ++k) expected.emplace_back(words.str[(g + k) % 6]);
    std::sort(expected.begin(), expected.end());
    ASSERT_EQ(as_strings(sorted_values(sets, g, DataType::Keyword).str), expected) << g;
  }
}

TEST(DistinctValueSets, DoublesKeepTheFirstZeroSeen) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const Column d = values_of<double>(DataType::Double, {-0.0, 0.0, 1.5, nan, -2.0});
  DistinctValueSets sets(DataType::Double);
  sets.add(0, d, 0);  // -0.0 first
  sets.add(0, d, 1);
  sets.add(1, d, 1);  // 0.0 first
  sets.add(1, d, 0);
  for (uint32_t vi : {2u, 4u, 0u, 1u, 2u}) sets.add(2, d, vi);
  sets.add(3, d, 3);  // NaN equals the same NaN
  sets.add(3, d, 3);
  EXPECT_EQ(sets.count(0), 1u);
  EXPECT_EQ(sets.count(1), 1u);
  EXPECT_EQ(sets.count(2), 3u);
  EXPECT_EQ(sets.count(3), 1u);
  EXPECT_TRUE(std::signbit(sorted_values(sets, 0, DataType::Double).f64.at(0)));
  EXPECT_FALSE(std::signbit(sorted_values(sets, 1, DataType::Double).f64.at(0)));
  const std::vector<double> v = sorted_values(sets, 2, DataType::Double).f64;
  ASSERT_EQ(v.size(), 3u);
  EXPECT_EQ(v[0], -2.0);
  EXPECT_TRUE(v[1] == 0 && std::signbit(v[1]));
  EXPECT_EQ(v[2], 1.5);
}

TEST(DistinctValueSets, TypesByTheirOwnEqualityAndOrder) {
  // Ip: 16 bytes (with zero bytes), ordered as bytes.
  const Column ips = values_of<std::string>(DataType::Ip, {ip("10.0.0.2"), ip("::1"), ip("10.0.0.2"), ip("::")});
  DistinctValueSets ip_sets(DataType::Ip);
  for (uint32_t vi = 0; vi < 4; ++vi) ip_sets.add(0, ips, vi);
  EXPECT_EQ(ip_sets.count(0), 3u);
  EXPECT_EQ(as_strings(sorted_values(ip_sets, 0, DataType::Ip).str), (std::vector<std::string>{ip("::"), ip("::1"), ip("10.0.0.2")}));

  // Version: distinct by bytes ("1.0" vs "1.0.0"), ordered as versions.
  const Column versions = values_of<std::string>(DataType::Version, {"1.10", "1.2", "1.2", "1.0"});
  DistinctValueSets version_sets(DataType::Version);
  for (uint32_t vi = 0; vi < 4; ++vi) version_sets.add(0, versions, vi);
  EXPECT_EQ(as_strings(sorted_values(version_sets, 0, DataType::Version).str), (std::vector<std::string>{"1.0", "1.2", "1.10"}));
  const Column same_rank = values_of<std::string>(DataType::Version, {"1.0", "1.0.0"});
  version_sets.add(1, same_rank, 0);
  version_sets.add(1, same_rank, 1);
  EXPECT_EQ(version_sets.count(1), 2u);

  // UnsignedLong: its 64 bits, ordered unsigned.
  const Column ul = values_of<uint64_t>(DataType::UnsignedLong, {~uint64_t{0}, 1, uint64_t{1} << 63, 1});
  DistinctValueSets ul_sets(DataType::UnsignedLong);
  for (uint32_t vi = 0; vi < 4; ++vi) ul_sets.add(0, ul, vi);
  EXPECT_EQ(sorted_values(ul_sets, 0, DataType::UnsignedLong).i64,
            (std::vector<int64_t>{1, std::bit_cast<int64_t>(uint64_t{1} << 63), -1}));

  // Boolean and Datetime: their 64 bits.
  const Column b = values_of<int64_t>(DataType::Boolean, {1, 0, 1});
  DistinctValueSets b_sets(DataType::Boolean);
  for (uint32_t vi = 0; vi < 3; ++vi) b_sets.add(0, b, vi);
  EXPECT_EQ(sorted_values(b_sets, 0, DataType::Boolean).i64, (std::vector<int64_t>{0, 1}));
  const Column t = values_of<int64_t>(DataType::Datetime, {1709251200000, -1, 1709251200000});
  DistinctValueSets t_sets(DataType::Datetime);
  for (uint32_t vi = 0; vi < 3; ++vi) t_sets.add(7, t, vi);
  EXPECT_EQ(t_sets.count(7), 2u);
  EXPECT_EQ(sorted_values(t_sets, 7, DataType::Datetime).i64, (std::vector<int64_t>{-1, 1709251200000}));
}

TEST(GroupIds, NullKeysZeroesAndMultiValues) {
  // Keys (keyword k, double d); rows with null, -0.0/0.0 and a multi-value.
  const Vec k{std::make_shared<const Column>(column_of<std::string>(
                  DataType::Keyword, {{}, {}, {"a"}, {"a"}, {}, {"a", "b"}, {"b"}})),
              false};
  const Vec d{std::make_shared<const Column>(column_of<double>(DataType::Double, {{-0.0}, {0.0}, {}, {}, {}, {1}, {1}})),
              false};
  GroupIds ids({DataType::Keyword, DataType::Double});
  const std::vector<Vec> keys{k, d};
  const std::vector<uint32_t> first{0, 0}, second{1, 0};
  std::vector<uint32_t> got;
  for (size_t r = 0; r < 5; ++r) got.push_back(ids.find_or_add(keys, r, first));
  got.push_back(ids.find_or_add(keys, 5, first));
  got.push_back(ids.find_or_add(keys, 5, second));
  got.push_back(ids.find_or_add(keys, 6, first));
  EXPECT_EQ(got, (std::vector<uint32_t>{0, 0, 1, 1, 2, 3, 4, 4}));
  EXPECT_EQ(ids.size(), 5u);
  // Keys are kept once, first-seen values (-0.0), null as a null position.
  Column k0(DataType::Keyword), k1(DataType::Double);
  for (uint32_t g = 0; g < ids.size(); ++g) {
    ids.append_key(0, g, k0);
    ids.append_key(1, g, k1);
  }
  EXPECT_TRUE(k0.is_null(0));
  EXPECT_TRUE(k0.is_null(2));
  EXPECT_TRUE(std::signbit(k1.f64[k1.begin(0)]));
  EXPECT_TRUE(k1.is_null(1));
  EXPECT_EQ(as_strings(k0.str), (std::vector<std::string>{"a", "a", "b"}));
  EXPECT_EQ(k0.offsets, (std::vector<uint32_t>{0, 0, 1, 1, 2, 3}));
  // A column missing from a batch (Null-typed) is the null key.
  const std::vector<Vec> missing{null_vec(DataType::Null), null_vec(DataType::Null)};
  EXPECT_EQ(ids.find(missing, 0, first), 2u);
  const std::vector<Vec> absent{k, null_vec(DataType::Null)};
  EXPECT_EQ(ids.find(absent, 6, first), GroupIds::kNone);
  EXPECT_EQ(ids.size(), 5u);
}

TEST(GroupIds, ManyGroupsInFirstSeenOrder) {
  constexpr int64_t kGroups = 200000;
  std::vector<int64_t> keys(kGroups);
  for (int64_t i = 0; i < kGroups; ++i) keys[i] = (i * 104729) % kGroups * 1000003;
  const std::vector<Vec> kv{Vec{std::make_shared<const Column>(values_of<int64_t>(DataType::Long, keys)), false}};
  GroupIds ids({DataType::Long});
  const std::vector<uint32_t> first{0};
  for (int pass = 0; pass < 2; ++pass)
    for (size_t r = 0; r < keys.size(); ++r) ASSERT_EQ(ids.find_or_add(kv, r, first), r);
  EXPECT_EQ(ids.size(), static_cast<size_t>(kGroups));
  Column stored(DataType::Long);
  for (uint32_t g = 0; g < ids.size(); ++g) ids.append_key(0, g, stored);
  EXPECT_EQ(stored.i64, keys);
  const std::vector<Vec> other{Vec{std::make_shared<const Column>(values_of<int64_t>(DataType::Long, {7})), false}};
  EXPECT_EQ(ids.find(other, 0, first), GroupIds::kNone);
}

// Index "t": g keyword, x long, d double, ts datetime, ip ip, b boolean.
Catalog table_catalog() {
  Schema s;
  s.add("g", DataType::Keyword);
  s.add("x", DataType::Long);
  s.add("d", DataType::Double);
  s.add("ts", DataType::Datetime);
  s.add("ip", DataType::Ip);
  s.add("b", DataType::Boolean);
  Catalog c;
  c.add_index("t", s);
  return c;
}

// Pushes batches of named columns into index "t".
auto feed_batches(std::vector<Batch> batches) {
  return [batches = std::move(batches)](const PreparedQuery&, QueryRun& run) {
    for (const Batch& b : batches)
      if (Status s = run.push("t", b); !s.ok()) return s;
    return Status();
  };
}

Batch batch_of(std::vector<std::pair<std::string, Column>> columns) {
  Batch b;
  b.row_count = columns.front().second.rows();
  for (auto& [name, c] : columns) b.columns.push_back({name, std::make_shared<const Column>(std::move(c))});
  return b;
}

TEST(EngineDistinctValues, EveryTypeWithMultiValuesAndNulls) {
  // Group "p": multi-values, nulls and repeats; group null: -0.0 then 0.0.
  Batch b = batch_of({
      {"g", column_of<std::string>(DataType::Keyword, {{"p"}, {"p"}, {"p"}, {}, {}})},
      {"x", column_of<int64_t>(DataType::Long, {{3, 1}, {}, {1, 2}, {5}, {}})},
      {"d", column_of<double>(DataType::Double, {{0.5}, {0.5, 1.5}, {}, {-0.0}, {0.0}})},
      {"ts", column_of<int64_t>(DataType::Datetime, {{1709251200000}, {1709251200000, 0}, {}, {}, {}})},
      {"ip", column_of<std::string>(DataType::Ip, {{ip("10.0.0.1"), ip("::1")}, {ip("10.0.0.1")}, {}, {}, {}})},
      {"b", column_of<int64_t>(DataType::Boolean, {{1}, {0}, {1}, {}, {}})},
  });
  auto o = testing::run_query(
      "FROM t | STATS vx = VALUES(x), cx = COUNT_DISTINCT(x), vd = VALUES(d), cd = COUNT_DISTINCT(d), "
      "vt = VALUES(ts), ct = COUNT_DISTINCT(ts), vi = VALUES(ip), ci = COUNT_DISTINCT(ip), vb = VALUES(b), "
      "cb = COUNT_DISTINCT(b), vg = VALUES(g), cg = COUNT_DISTINCT(g) BY g",
      table_catalog(), feed_batches({b}));
  ASSERT_TRUE(o.status.ok()) << o.status.message();
  EXPECT_EQ(o.header,
            "vx:long | cx:long | vd:double | cd:long | vt:date | ct:long | vi:ip | ci:long | vb:boolean | cb:long | "
            "vg:keyword | cg:long | g:keyword");
  EXPECT_EQ(o.rows, (Rows{
                        "[1, 2, 3] | 3 | [0.5, 1.5] | 2 | [1970-01-01T00:00:00.000Z, 2024-03-01T00:00:00.000Z] | 2 | "
                        "[::1, 10.0.0.1] | 2 | [false, true] | 2 | p | 1 | p",
                        "5 | 1 | -0.0 | 1 | null | 0 | null | 0 | null | 0 | null | 0 | null",
                    }));
}

std::string group_name(int i) {
  std::string name = "g";
  return name += std::to_string(i);
}

// `groups` groups g0..g<groups-1>, seen in that order, each over `batches`
// batches; group i gets x = i % 5 + k for k = 0..i % 7 (nulls in between).
std::vector<Batch> many_groups(int groups, int batches) {
  std::vector<Batch> out;
  for (int batch = 0; batch < batches; ++batch) {
    std::vector<std::vector<std::string>> g;
    std::vector<std::vector<int64_t>> x;
    for (int i = 0; i < groups; ++i) {
      g.push_back({group_name(i)});
      if (batch <= i % 7) x.push_back({i % 5 + batch});
      else x.push_back({});
    }
    out.push_back(batch_of({{"g", column_of(DataType::Keyword, g)}, {"x", column_of(DataType::Long, x)}}));
  }
  return out;
}

std::string expected_values(int i) {
  const int n = i % 7 + 1;
  std::string v = n == 1 ? "" : "[";
  for (int k = 0; k < n; ++k) {
    if (k) v += ", ";
    v += std::to_string(i % 5 + k);
  }
  return n == 1 ? v : v + "]";
}

TEST(EngineDistinctValues, ManyGroupsAcrossOutputBatches) {
  constexpr int kGroups = 10000;  // more than one output batch (kBatchRows)
  auto o = testing::run_query(
      "FROM t | STATS c = COUNT_DISTINCT(x), v = VALUES(x), n = COUNT(*) BY g | LIMIT 20000", table_catalog(),
      feed_batches(many_groups(kGroups, 8)));
  ASSERT_TRUE(o.status.ok()) << o.status.message();
  ASSERT_EQ(o.rows.size(), static_cast<size_t>(kGroups));
  for (int i = 0; i < kGroups; ++i)
    ASSERT_EQ(o.rows[i], std::to_string(i % 7 + 1) + " | " + expected_values(i) + " | 8 | " + group_name(i)) << i;

  // Downstream of STATS: top-N and a filter over all output batches.
  Rows most;  // groups with 7 values, by name descending
  for (int i = 6; i < kGroups; i += 7) most.push_back("7 | " + group_name(i));
  std::sort(most.rbegin(), most.rend());
  o = testing::run_query("FROM t | STATS c = COUNT_DISTINCT(x) BY g | SORT c DESC, g DESC | LIMIT 3", table_catalog(),
                         feed_batches(many_groups(kGroups, 8)));
  EXPECT_EQ(o.rows, Rows(most.begin(), most.begin() + 3));
  o = testing::run_query("FROM t | STATS c = COUNT_DISTINCT(x) BY g | WHERE c == 7 | STATS n = COUNT(*)",
                         table_catalog(), feed_batches(many_groups(kGroups, 8)));
  EXPECT_EQ(o.rows, Rows{std::to_string(most.size())});
}

TEST(EngineDistinctValues, InlineStatsOverManyGroups) {
  constexpr int kGroups = 9000;
  auto o = testing::run_query("FROM t | INLINESTATS c = COUNT_DISTINCT(x) BY g | WHERE x IS NOT NULL | STATS s = SUM(c)",
                              table_catalog(), feed_batches(many_groups(kGroups, 8)));
  ASSERT_TRUE(o.status.ok()) << o.status.message();
  int64_t sum = 0;  // each of group i's i % 7 + 1 rows with x carries c = i % 7 + 1
  for (int i = 0; i < kGroups; ++i) sum += (i % 7 + 1) * (i % 7 + 1);
  EXPECT_EQ(o.rows, Rows{std::to_string(sum)});
}

TEST(EngineDistinctValues, GroupKeysNullMultiValuedAndZeroes) {
  Batch b = batch_of({
      {"g", column_of<std::string>(DataType::Keyword, {{}, {"a", "b"}, {"b"}, {}})},
      {"d", column_of<double>(DataType::Double, {{-0.0}, {0.0}, {1}, {0.0}})},
      {"x", column_of<int64_t>(DataType::Long, {{1}, {2}, {3}, {4}})},
  });
  auto o = testing::run_query("FROM t | STATS v = VALUES(x) BY g, d", table_catalog(), feed_batches({b}));
  ASSERT_TRUE(o.status.ok()) << o.status.message();
  EXPECT_EQ(o.rows, (Rows{"[1, 4] | null | -0.0", "2 | a | 0.0", "2 | b | 0.0", "3 | b | 1.0"}));
}

}  // namespace
}  // namespace trailhound
