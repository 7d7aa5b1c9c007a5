// StringValues (exec/string_values.h): the byte arena behind string columns.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "engine_test_util.h"
#include "exec/string_values.h"

namespace trailhound {
namespace {

using testing::as_strings;

TEST(StringValues, ViewsStayValidAsValuesAreAdded) {
  StringValues v;
  std::vector<std::string> want;
  std::vector<const char*> where;
  for (int i = 0; i < 20000; ++i) {
    want.push_back(std::string(static_cast<size_t>(i % 300), static_cast<char>('a' + i % 26)) + std::to_string(i));
    v.push_back(want.back());
    where.push_back(v.back().data());
  }
  v.push_back(std::string(1 << 20, 'x'));  // larger than any block
  want.push_back(std::string(1 << 20, 'x'));
  for (size_t i = 0; i < where.size(); ++i) {
    ASSERT_EQ(v[i], want[i]);
    ASSERT_EQ(v[i].data(), where[i]) << "moved: " << i;
  }
  EXPECT_EQ(as_strings(v), want);
  StringValues moved(std::move(v));
  EXPECT_EQ(moved[5].data(), where[5]);  // moving keeps the bytes where they are
}

TEST(StringValues, CopiesOwnTheirBytesAndMovedFromIsReusable) {
  StringValues a;
  a.push_back("alpha");
  a.push_back("");
  a.push_back("gamma");
  StringValues b = a;
  a.set(0, "ALPHA");
  EXPECT_EQ(as_strings(b), (std::vector<std::string>{"alpha", "", "gamma"}));
  StringValues c(std::move(a));
  EXPECT_TRUE(a.empty());
  a.push_back("again");  // the moved-from object starts afresh
  EXPECT_EQ(as_strings(a), std::vector<std::string>{"again"});
  EXPECT_EQ(as_strings(c), (std::vector<std::string>{"ALPHA", "", "gamma"}));
  c = b;
  EXPECT_EQ(as_strings(c), (std::vector<std::string>{"alpha", "", "gamma"}));
  c = std::move(b);
  EXPECT_EQ(as_strings(c), (std::vector<std::string>{"alpha", "", "gamma"}));
}

TEST(StringValues, ReplacingValuesKeepsOthersAndBoundsMemory) {
  // MIN/MAX keep one value per group and replace it often; ever longer
  // values must not make the arena grow without bound.
  StringValues v;
  for (int g = 0; g < 100; ++g) v.push_back("g" + std::to_string(g));
  for (int round = 1; round < 30000; ++round) {
    const int g = round % 100;
    v.set(static_cast<size_t>(g), std::string(static_cast<size_t>(round % 500), 'z') + std::to_string(round));
  }
  for (int g = 0; g < 100; ++g) {
    const int last = 29900 + g;  // the last round that set group g
    ASSERT_EQ(v[static_cast<size_t>(g)], std::string(static_cast<size_t>(last % 500), 'z') + std::to_string(last));
  }
  EXPECT_LT(v.allocated_bytes(), size_t{1} << 20);  // not the ~7 MB of every value ever set
  v.set(3, "s");  // shorter: in place
  EXPECT_EQ(v[3], "s");
  v.set(3, v[4]);  // from the same arena
  EXPECT_EQ(v[3], v[4]);
}

}  // namespace
}  // namespace trailhound
