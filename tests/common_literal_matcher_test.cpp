// LiteralMatcher (common/literal_matcher.h): every occurrence of every literal,
// with the offset just past it — also for literals longer than the head the
// scan looks for first. Texts are SYNTHETIC.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "common/literal_matcher.h"

namespace trailhound {
namespace {

using Hits = std::vector<std::pair<uint32_t, size_t>>;  // (id, end), sorted

Hits scan(const LiteralMatcher& m, std::string_view text) {
  Hits hits;
  EXPECT_TRUE(m.scan(text, [&](uint32_t id, size_t end) {
    hits.emplace_back(id, end);
    return true;
  }));
  std::sort(hits.begin(), hits.end());
  return hits;
}

// Every occurrence found by comparing at every offset.
Hits naive(const std::vector<std::string>& literals, std::string_view text) {
  Hits hits;
  for (uint32_t id = 0; id < literals.size(); ++id)
    for (size_t at = 0; at + literals[id].size() <= text.size(); ++at)
      if (text.substr(at, literals[id].size()) == literals[id]) hits.emplace_back(id, at + literals[id].size());
  std::sort(hits.begin(), hits.end());
  return hits;
}

TEST(LiteralMatcher, LongLiteralsAreFoundWholeOnly) {
  const std::vector<std::string> literals{"\"eventName\"", "\"eventNameX\"", "\"eventSource\"", "aws-cli", "\"AKIA",
                                          "\"system:serviceaccount:"};
  auto m = LiteralMatcher::compile(literals);
  ASSERT_TRUE(m.ok()) << m.status().message();
  const std::vector<std::string> texts{
      R"({"eventSource":"s3","eventName":"GetObject","userAgent":"aws-cli/2"})",
      // Heads without their tails, and a tail cut by the end of the text.
      R"({"eventNamespace":1,"eventSourceArn":"x","eventNa)",
      R"({"eventName" "eventNameX" "eventName")",
      R"("system:serviceaccount:ns:sa" "system:service")",
      R"("eventNa)",
      "",
  };
  for (const std::string& t : texts) EXPECT_EQ(scan(*m.value(), t), naive(literals, t)) << t;
}

TEST(LiteralMatcher, StopsWhenAskedAndSaysWhereEachEnds) {
  auto m = LiteralMatcher::compile({"\"AssumedRole\"", "ab"});
  ASSERT_TRUE(m.ok());
  const std::string text = R"(ab "AssumedRole" ab "AssumedRole")";
  size_t calls = 0;
  EXPECT_TRUE(m.value()->scan(text, [&](uint32_t, size_t) { return ++calls < 2; }));
  EXPECT_EQ(calls, 2u);
  EXPECT_EQ(scan(*m.value(), text), (Hits{{0, 16}, {0, 33}, {1, 2}, {1, 19}}));
  EXPECT_EQ(m.value()->literal_size(0), 13u);
}

}  // namespace
}  // namespace trailhound
