// The public CloudTrail sets under TRAILHOUND_SHARED_DIR, read in place: every
// set must read with zero errors and exactly the known record counts (counted
// independently with Python's json module; see the README there for origins).
#include <gtest/gtest.h>

#include "fixtures/ingest/ingest_test_support.h"

namespace trailhound::ingest {
namespace {

using testing::cloudtrail_dir;
using testing::IngestRun;

// Consumer check: every real record is a CloudTrail event with an eventName.
size_t with_event_name(const IngestRun& run) {
  size_t n = 0;
  for (auto& r : run.collector.records) n += r.json.find("\"eventName\":") != std::string::npos;
  return n;
}

TEST(IngestRealData, InvictusGzippedRecordsObjects) {
  // Whole folder: SOURCE.md and LICENSE are skipped silently, not errors.
  IngestRun run({cloudtrail_dir() + "/invictus-aws-dataset"});
  EXPECT_EQ(run.summary.errors, 0u) << run.printed.str();
  EXPECT_EQ(run.summary.files, 55u);
  EXPECT_EQ(run.summary.records, 2900u);
  EXPECT_EQ(run.summary.skipped_records, 0u);
  EXPECT_EQ(run.summary.skipped_files, 2u);
  EXPECT_EQ(with_event_name(run), 2900u);
  IngestRun logs({cloudtrail_dir() + "/invictus-aws-dataset/AWSLogs"});
  EXPECT_EQ(logs.summary.bytes_read, 419364u);
  EXPECT_EQ(logs.summary.skipped_files, 0u);
}

TEST(IngestRealData, StratusJsonArrays) {
  IngestRun run({cloudtrail_dir() + "/stratus-red-team-detonation-logs/raw"});
  EXPECT_EQ(run.summary.errors, 0u) << run.printed.str();
  EXPECT_EQ(run.summary.files, 35u);
  EXPECT_EQ(run.summary.records, 310u);
  EXPECT_EQ(run.summary.bytes_read, 548887u);
  EXPECT_EQ(run.summary.bytes_decompressed, 548887u);
  EXPECT_EQ(with_event_name(run), 310u);
}

TEST(IngestRealData, OtrfNdjson) {
  IngestRun run({cloudtrail_dir() + "/otrf-security-datasets"});
  EXPECT_EQ(run.summary.errors, 0u) << run.printed.str();
  EXPECT_EQ(run.summary.files, 1u);
  EXPECT_EQ(run.summary.records, 103u);
  EXPECT_EQ(run.summary.skipped_files, 2u);  // SOURCE.md, LICENSE: read, sniffed, skipped
  EXPECT_EQ(with_event_name(run), 103u);
  // NDJSON: record n starts on line n.
  for (auto& r : run.collector.records) ASSERT_GE(r.line, 1u);
  EXPECT_EQ(run.collector.records.back().line, 103u);
  IngestRun file({cloudtrail_dir() +
                  "/otrf-security-datasets/ec2_proxy_s3_exfiltration_2020-09-14011940.ndjson"});
  EXPECT_EQ(file.summary.bytes_read, 106600u);
  EXPECT_EQ(file.summary.records, 103u);
}

TEST(IngestRealData, PantherNdjson) {
  const std::string dir = cloudtrail_dir() + "/panther-analysis-tests/";
  IngestRun rules({dir + "panther_rule_tests.ndjson"});
  EXPECT_EQ(rules.summary.errors, 0u) << rules.printed.str();
  EXPECT_EQ(rules.summary.records, 457u);
  EXPECT_EQ(rules.summary.bytes_read, 530383u);
  IngestRun scenarios({dir + "panther_test_scenarios.ndjson"});
  EXPECT_EQ(scenarios.summary.errors, 0u) << scenarios.printed.str();
  EXPECT_EQ(scenarios.summary.records, 27u);
  // The third file is the expected-results index (one row per rule test), not
  // CloudTrail: it reads as 457 plain objects too.
  IngestRun index({dir + "panther_rule_tests.index.ndjson"});
  EXPECT_EQ(index.summary.errors, 0u);
  EXPECT_EQ(index.summary.records, 457u);
}

TEST(IngestRealData, Sans504S3Layout) {
  IngestRun run({cloudtrail_dir() + "/sans504-s3-ransomware-lab"});
  EXPECT_EQ(run.summary.errors, 0u) << run.printed.str();
  EXPECT_EQ(run.summary.files, 3872u);
  EXPECT_EQ(run.summary.records, 30477u);
  EXPECT_EQ(run.summary.skipped_files, 1u);  // SOURCE.md
  EXPECT_EQ(run.summary.skipped_records, 0u);
  EXPECT_EQ(with_event_name(run), 30477u);
  EXPECT_EQ(run.collector.consumers_made, 2);
}

TEST(IngestRealData, Sans504SameRecordsOnOneAndTwoThreads) {
  const std::string logs = cloudtrail_dir() + "/sans504-s3-ransomware-lab/AWSLogs/us-west-1";
  IngestRun one({logs}, 1);
  IngestRun two({logs}, 2);
  EXPECT_EQ(one.summary.errors, 0u);
  EXPECT_GT(one.summary.records, 0u);
  EXPECT_EQ(one.collector.sorted_json(), two.collector.sorted_json());
}

}  // namespace
}  // namespace trailhound::ingest
