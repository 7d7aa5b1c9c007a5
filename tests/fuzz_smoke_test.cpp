// Replays the fuzz entry points (fuzz/fuzz_targets.h) over seeds and
// deterministic mutations of them, so every CI run checks that malformed
// queries and malformed CloudTrail never crash the engine. The seeds are real
// rule queries and the bundled SYNTHETIC example trail; the mutations are
// byte flips, truncations, insertions and splices from a fixed-seed generator.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "fuzz/fuzz_targets.h"
#include "support/hunt_harness.h"
#include "support/synthetic_cloudtrail.h"

namespace trailhound::testing {
namespace {

std::string read_all(const std::filesystem::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

std::string mutate(const std::string& seed, const std::vector<std::string>& others, std::mt19937& rng) {
  std::string s = seed;
  const int edits = 1 + static_cast<int>(rng() % 4);
  for (int e = 0; e < edits; ++e) {
    const size_t pos = s.empty() ? 0 : rng() % (s.size() + 1);
    switch (rng() % 6) {
      case 0:  // flip a byte
        if (!s.empty()) s[pos % s.size()] = static_cast<char>(rng());
        break;
      case 1:  // truncate
        s.resize(pos);
        break;
      case 2:  // insert a structural character
        s.insert(pos, 1, "{}[]\",:|()`\\\n*%"[rng() % 16]);
        break;
      case 3:  // delete a span
        if (pos < s.size()) s.erase(pos, 1 + rng() % 16);
        break;
      case 4: {  // splice in a piece of another seed
        const std::string& o = others[rng() % others.size()];
        if (!o.empty()) {
          const size_t a = rng() % o.size();
          s.insert(pos, o.substr(a, 1 + rng() % 64));
        }
        break;
      }
      default:  // duplicate a span
        if (pos < s.size()) s.insert(pos, s.substr(pos, 1 + rng() % 32));
    }
  }
  return s;
}

TEST(FuzzSmoke, EsqlQueriesNeverCrash) {
  std::vector<std::string> seeds = {
      "ROW a = 1, b = \"x\" | EVAL c = a + 1 | STATS n = COUNT(*) BY b",
      "ROW s = \"2024-03-10T12:00:00Z\" | EVAL d = DATE_TRUNC(10 seconds, TO_DATETIME(s))",
      "ROW x = [1, 2, 3] | MV_EXPAND x | SORT x DESC | LIMIT 2",
      "ROW t = \"a b c\" | DISSECT t \"%{x} %{y} %{z}\" | GROK t \"%{WORD:w}\"",
      "FROM logs-aws.cloudtrail-* METADATA _id | WHERE event.action LIKE \"Describe*\" | KEEP @timestamp"};
  for (const auto& entry : std::filesystem::recursive_directory_iterator(shared_path("rules/elastic/rules"))) {
    if (entry.path().extension() != ".toml") continue;
    const std::string text = read_all(entry.path());
    const size_t q = text.find("query = '''");
    if (q == std::string::npos) continue;
    const size_t end = text.find("'''", q + 11);
    seeds.push_back(text.substr(q + 11, end - q - 11));
  }
  ASSERT_GT(seeds.size(), 50u);
  // The unmutated seeds are valid queries: if they stop parsing, the mutations
  // below no longer reach the analyzer and executor at all.
  for (const auto& s : seeds)
    EXPECT_TRUE(fuzz::esql_query(reinterpret_cast<const uint8_t*>(s.data()), s.size())) << s;
  std::mt19937 rng(20261128);
  for (int i = 0; i < 20000; ++i) {
    const std::string m = mutate(seeds[rng() % seeds.size()], seeds, rng);
    fuzz::esql_query(reinterpret_cast<const uint8_t*>(m.data()), m.size());
  }
}

TEST(FuzzSmoke, CloudTrailInputsNeverCrash) {
  std::vector<std::string> seeds;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(
           std::string(TRAILHOUND_SOURCE_DIR) + "/examples/cloudtrail")) {
    if (entry.is_regular_file()) seeds.push_back(read_all(entry.path()));
  }
  ASSERT_FALSE(seeds.empty());
  std::vector<Event> events;
  for (int i = 0; i < 4; ++i)
    events.push_back(iam_user_call("2024-03-10T12:01:0" + std::to_string(i) + "Z", "ec2.amazonaws.com",
                                   "DescribeInstances", "alice"));
  seeds.push_back(records_document(events));
  seeds.push_back(ndjson_document(events));
  seeds.push_back(gzip(ndjson_document(events)));
  // The unmutated seeds normalize completely (24 example records, then 4 per
  // synthetic layout): the mutations start from inputs that reach the normalizer.
  std::vector<size_t> normalized;
  for (const auto& s : seeds)
    normalized.push_back(fuzz::cloudtrail_file(reinterpret_cast<const uint8_t*>(s.data()), s.size()));
  EXPECT_EQ(normalized, (std::vector<size_t>{24, 4, 4, 4}));
  std::mt19937 rng(7);
  for (int i = 0; i < 5000; ++i) {
    const std::string m = mutate(seeds[1 + rng() % (seeds.size() - 1)], seeds, rng);
    fuzz::cloudtrail_file(reinterpret_cast<const uint8_t*>(m.data()), m.size());
  }
}

}  // namespace
}  // namespace trailhound::testing
