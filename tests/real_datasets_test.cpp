// Every public CloudTrail set under ../shared/testdata/cloudtrail is read whole,
// normalized and run through both founding-rule texts. They hold no true
// positive for the rule (see that folder's README: the near-misses come from
// Terraform, console and Boto3 users), so any alert here is a false positive.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "support/hunt_harness.h"

namespace trailhound::testing {
namespace {

struct DataSet {
  const char* dir;
  uint64_t events;
  // Records whose eventTime Elastic's pipeline cannot parse (Panther's samples use
  // "2025-01-21 17:49:47" on purpose): Elastic indexes them anyway, flagged with
  // event.kind: pipeline_error, and so do we.
  uint64_t pipeline_errors = 0;
};

class RealDataSets : public ::testing::TestWithParam<DataSet> {};

TEST_P(RealDataSets, ReadWithoutErrorAndRaiseNoFoundingRuleAlert) {
  const DataSet& ds = GetParam();
  // Every record parsed, so every count is exact.
  HuntOutput out = hunt({shared_path(kSeedRule), shared_path(kCurrentRule)},
                        {shared_path(std::string("testdata/cloudtrail/") + ds.dir)}, 2, /*prefilter=*/false);
  EXPECT_EQ(out.stats.ingest.records_unparsed, 0u);
  EXPECT_EQ(out.input_errors, 0u);
  EXPECT_EQ(out.stats.unmappable, 0u);
  EXPECT_EQ(out.stats.events, ds.events);
  EXPECT_EQ(out.stats.pipeline_errors, ds.pipeline_errors);
  ASSERT_EQ(out.results.size(), 2u);
  EXPECT_EQ(out.results[0].rows(), 0u) << "seed text alerted on " << ds.dir;
  EXPECT_EQ(out.results[1].rows(), 0u) << "current text alerted on " << ds.dir;
}

// As `trailhound hunt` runs by default: records that lack the rules' required
// text are passed over unparsed; every record is either parsed or passed over,
// and the (empty) result is the same.
TEST_P(RealDataSets, PrefilterPassesOverRecordsWithoutChangingResults) {
  const DataSet& ds = GetParam();
  HuntOutput out = hunt({shared_path(kSeedRule), shared_path(kCurrentRule)},
                        {shared_path(std::string("testdata/cloudtrail/") + ds.dir)});
  EXPECT_EQ(out.input_errors, 0u);
  EXPECT_EQ(out.stats.ingest.records + out.stats.ingest.records_unparsed, ds.events);
  EXPECT_GT(out.stats.ingest.records_unparsed, 0u) << "no record lacks \"aws-cli\" in " << ds.dir;
  ASSERT_EQ(out.results.size(), 2u);
  EXPECT_EQ(out.results[0].rows(), 0u);
  EXPECT_EQ(out.results[1].rows(), 0u);
}

INSTANTIATE_TEST_SUITE_P(
    PublicSets, RealDataSets,
    ::testing::Values(DataSet{"invictus-aws-dataset", 2900}, DataSet{"stratus-red-team-detonation-logs", 310},
                      DataSet{"otrf-security-datasets", 103},
                      DataSet{"panther-analysis-tests/panther_rule_tests.ndjson", 457, 127},
                      DataSet{"panther-analysis-tests/panther_test_scenarios.ndjson", 27},
                      DataSet{"sans504-s3-ransomware-lab", 30477}),
    [](const ::testing::TestParamInfo<DataSet>& info) {
      std::string n = info.param.dir;
      for (char& c : n)
        if (!isalnum(static_cast<unsigned char>(c))) c = '_';
      return n;
    });

// Every ES|QL rule of Elastic's pack that reads CloudTrail, over every public
// set at once: skipping records and materializing per record only the fields
// of the rules that may keep it gives exactly the results of parsing every
// record into every field.
std::vector<std::string> cloudtrail_rules() {
  std::vector<std::string> files;
  const std::regex reads_cloudtrail(R"((^|\n)\s*(from|FROM)\s[^=\n]*logs-aws\.cloudtrail)");
  for (const char* dir : {"rules/elastic/rules", "rules/elastic/rules_building_block"}) {
    for (const auto& e : std::filesystem::recursive_directory_iterator(shared_path(dir))) {
      if (e.path().extension() != ".toml") continue;
      std::ifstream f(e.path());
      std::stringstream text;
      text << f.rdbuf();
      if (std::regex_search(text.str(), reads_cloudtrail)) files.push_back(e.path().string());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

TEST(RealDataSetsAllRules, PrefilterAndPerRecordFieldsChangeNoResult) {
  const std::vector<std::string> rules = cloudtrail_rules();
  ASSERT_GE(rules.size(), 25u);
  const std::vector<std::string> inputs = {shared_path("testdata/cloudtrail")};
  HuntOutput fast = hunt(rules, inputs, 2, /*prefilter=*/true);
  HuntOutput full = hunt(rules, inputs, 2, /*prefilter=*/false);
  EXPECT_GT(fast.stats.ingest.records_unparsed, 0u);
  EXPECT_EQ(fast.stats.ingest.records + fast.stats.ingest.records_unparsed, full.stats.ingest.records);
  ASSERT_EQ(fast.results.size(), rules.size());
  ASSERT_EQ(full.results.size(), rules.size());
  // Rows of rules without STATS/SORT come in file order, and files are read
  // in parallel: compare the rows as sorted lists.
  auto sorted_rows = [](const QueryResult& r) {
    std::stringstream in(render_rows(r));
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    std::sort(lines.begin(), lines.end());
    return lines;
  };
  size_t alerts = 0;
  for (size_t i = 0; i < rules.size(); ++i) {
    EXPECT_EQ(sorted_rows(fast.results[i]), sorted_rows(full.results[i])) << rules[i];
    alerts += full.results[i].rows();
  }
  EXPECT_GT(alerts, 0u) << "the comparison should cover some alerts";
}

}  // namespace
}  // namespace trailhound::testing
