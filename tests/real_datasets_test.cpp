// Every public CloudTrail set under ../shared/testdata/cloudtrail is read whole,
// normalized and run through both founding-rule texts. They hold no true
// positive for the rule (see that folder's README: the near-misses come from
// Terraform, console and Boto3 users), so any alert here is a false positive.
#include <gtest/gtest.h>

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

}  // namespace
}  // namespace trailhound::testing
