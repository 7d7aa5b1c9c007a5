// The `trailhound` command as users and scripts call it: exact output on the
// bundled synthetic example, output formats, and exit statuses.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <string>
#include <sys/wait.h>

#include "support/hunt_harness.h"
#include "support/synthetic_cloudtrail.h"

namespace trailhound::testing {
namespace {

struct CliRun {
  int status;
  std::string out;
};

// Runs the built binary with `args` (a shell fragment); stderr is discarded.
CliRun trailhound(const std::string& args) {
  const std::string cmd =
      std::string(TRAILHOUND_BINARY_DIR) + "/trailhound " + args + " 2>/dev/null";
  CliRun r{0, ""};
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return {-1, ""};
  std::array<char, 4096> buf;
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) r.out.append(buf.data(), n);
  const int st = pclose(p);
  r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  return r;
}

const std::string kExample = std::string(TRAILHOUND_SOURCE_DIR) + "/examples/cloudtrail";

// Same, keeping stderr (stdout discarded).
std::string trailhound_stderr(const std::string& args) {
  return trailhound(args + " 2>&1 >/dev/null; true").out;
}

TEST(Cli, HuntPrintsTheExampleAlertAsNdjson) {
  CliRun r = trailhound("hunt --format ndjson --now 2024-03-10T12:20:00Z --rules " +
                     shared_path(kSeedRule) + " " + kExample);
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.out,
            "{\"Esql.event_action_count_distinct\":8,"
            "\"Esql.time_window_date_trunc\":\"2024-03-10T12:01:00.000Z\","
            "\"aws.cloudtrail.user_identity.arn\":\"arn:aws:iam::111122223333:user/intruder\","
            "\"kibana.alert.rule.name\":\"AWS Discovery API Calls via CLI from a Single Resource\","
            "\"kibana.alert.rule.rule_id\":\"74f45152-9aee-11ef-b0a5-f661ea17fbcd\","
            "\"kibana.alert.severity\":\"low\",\"kibana.alert.risk_score\":21,"
            "\"kibana.alert.rule.threat\":[{\"framework\":\"MITRE ATT&CK\",\"tactic\":{\"id\":\"TA0007\","
            "\"name\":\"Discovery\",\"reference\":\"https://attack.mitre.org/tactics/TA0007/\"},"
            "\"technique\":[{\"id\":\"T1580\",\"name\":\"Cloud Infrastructure Discovery\","
            "\"reference\":\"https://attack.mitre.org/techniques/T1580/\"}]}],"
            "\"@timestamp\":\"2024-03-10T12:20:00.000Z\"}\n");
}

TEST(Cli, HuntCsvPutsRuleColumnsFirstThenTheResultColumns) {
  CliRun r = trailhound("hunt --format csv --now 2024-03-10T12:20:00Z --rules " + shared_path(kSeedRule) +
                        " " + kExample);
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.out,
            "@timestamp,kibana.alert.rule.name,kibana.alert.rule.rule_id,kibana.alert.severity,"
            "kibana.alert.risk_score,Esql.event_action_count_distinct,Esql.time_window_date_trunc,"
            "aws.cloudtrail.user_identity.arn\r\n"
            "2024-03-10T12:20:00.000Z,AWS Discovery API Calls via CLI from a Single Resource,"
            "74f45152-9aee-11ef-b0a5-f661ea17fbcd,low,21,8,2024-03-10T12:01:00.000Z,"
            "arn:aws:iam::111122223333:user/intruder\r\n");
}

TEST(Cli, HuntWithBothRuleTextsFindsTheOneBurst) {
  CliRun r = trailhound("hunt --format ndjson --rules " + shared_path(kSeedRule) + " --rules " +
                     shared_path(kCurrentRule) + " " + kExample);
  EXPECT_EQ(r.status, 0);
  size_t lines = 0;
  for (char c : r.out) lines += c == '\n';
  EXPECT_EQ(lines, 2u) << r.out;
  EXPECT_NE(r.out.find("\"Esql.event_action_values\":["), std::string::npos) << r.out;
}

TEST(Cli, HuntExplainsItsPrefilterAndNamesRulesThatCannotMatch) {
  // No GeoIP ASN database: the rare-ASN rule needs source.as.organization.name.
  const std::string err = trailhound_stderr(
      "hunt --explain --format ndjson --rules " + shared_path(kCurrentRule) + " --rules " +
      shared_path("rules/elastic/rules/integrations/aws/initial_access_aws_api_unusual_asn.toml") + " " + kExample);
  EXPECT_NE(err.find("trailhound: rule \"AWS Rare Source AS Organization Activity\" can keep no CloudTrail record "
                     "in this run"),
            std::string::npos)
      << err;
  EXPECT_NE(err.find("prefilter for \"AWS Discovery API Calls via CLI from a Single Resource\": "
                     "(event.provider ~ `\"iam.amazonaws.com\"`"),
            std::string::npos)
      << err;
  EXPECT_NE(err.find("user_agent.name ~ `aws-cli`"), std::string::npos) << err;
  EXPECT_NE(err.find("prefilter for \"AWS Rare Source AS Organization Activity\": never — 0 record(s) let through"),
            std::string::npos)
      << err;
  EXPECT_NE(err.find("record(s) passed over unparsed"), std::string::npos) << err;
}

TEST(Cli, StdinIsAnInput) {
  // `-` reads stdin; gzip is detected by content there too.
  CliRun r = trailhound("query --format csv 'FROM logs-aws.cloudtrail-default | STATS n = COUNT(*)' - < " +
                        kExample + "/AWSLogs/111122223333/CloudTrail/us-east-1/2024/03/10/"
                        "111122223333_CloudTrail_us-east-1_20240310T1215Z_synthetic.json.gz");
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.out, "n\r\n24\r\n");
}

TEST(Cli, SinceAndUntilSelectEventsByTimestamp) {
  // The burst is at 12:01:00-12:01:09; [since, until) excludes it on either side.
  const std::string rule = " --rules " + shared_path(kSeedRule) + " " + kExample;
  EXPECT_EQ(trailhound("hunt --format ndjson --since 2024-03-10T12:01:05Z" + rule).out, "");
  EXPECT_EQ(trailhound("hunt --format ndjson --until 2024-03-10T12:01:05Z" + rule).out, "");
  CliRun in = trailhound("hunt --format ndjson --since 2024-03-10T12:00:00Z --until 2024-03-10T12:02:00Z" + rule);
  EXPECT_EQ(in.status, 0);
  EXPECT_NE(in.out.find("\"Esql.event_action_count_distinct\":8"), std::string::npos) << in.out;
  CliRun count = trailhound(
      "query --format csv --since 2024-03-10T12:01:00Z --until 2024-03-10T12:01:05Z "
      "'FROM logs-aws.cloudtrail-* | STATS n = COUNT(*)' " + kExample);
  EXPECT_EQ(count.out, "n\r\n5\r\n");
  EXPECT_EQ(trailhound("hunt --since yesterday" + rule).status, 2);
}

TEST(Cli, QueryJsonIsTheQueryApiBody) {
  CliRun r = trailhound("query --format json 'ROW a = 1, b = \"x\", c = [1.5, 2.0] | EVAL d = a + 1'");
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.out,
            "{\"columns\":[{\"name\":\"a\",\"type\":\"integer\"},{\"name\":\"b\",\"type\":\"keyword\"},"
            "{\"name\":\"c\",\"type\":\"double\"},{\"name\":\"d\",\"type\":\"integer\"}],"
            "\"values\":[[1,\"x\",[1.5,2.0],2]]}\n");
}

TEST(Cli, QueryOverCloudTrailCountsEventsByAction) {
  CliRun r = trailhound(
      "query --format csv 'FROM logs-aws.cloudtrail-* | WHERE user.name == \"intruder\" "
      "| STATS n = COUNT(*) BY event.outcome | SORT event.outcome' " + kExample);
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.out, "n,event.outcome\r\n1,failure\r\n9,success\r\n");
}

TEST(Cli, BoundDocumentsAreTypedByTheirMappingIncludingMultiFields) {
  // SYNTHETIC documents shaped like Elastic's `employees` test index, typed by its
  // real mapping: multi-fields (languages.long, height.float/half_float/
  // scaled_float, salary_change.int/keyword) are derived from the parent values
  // with the precision Elasticsearch stores, and keyword multi-values come back
  // sorted as doc values do.
  const std::string dir = make_temp_dir("cli-employees");
  write_file(dir + "/employees.ndjson",
             "{\"emp_no\":1,\"languages\":2,\"height\":2.03,\"salary_change\":[-7.23,11.17],"
             "\"job_positions\":[\"Senior Python Developer\",\"Accountant\"]}\n"
             "{\"emp_no\":2,\"height\":1.5}\n");
  CliRun r = trailhound(
      "query --format json 'FROM employees | KEEP emp_no, languages.long, height.float, height.half_float, "
      "height.scaled_float, salary_change.int, salary_change.keyword, job_positions | SORT emp_no' "
      "--mapping employees=" + shared_path("testdata/esql-csv-spec/mapping-default.json") +
      " employees=" + dir + "/employees.ndjson");
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.out,
            "{\"columns\":[{\"name\":\"emp_no\",\"type\":\"integer\"},{\"name\":\"languages.long\",\"type\":\"long\"},"
            "{\"name\":\"height.float\",\"type\":\"double\"},{\"name\":\"height.half_float\",\"type\":\"double\"},"
            "{\"name\":\"height.scaled_float\",\"type\":\"double\"},{\"name\":\"salary_change.int\",\"type\":\"integer\"},"
            "{\"name\":\"salary_change.keyword\",\"type\":\"keyword\"},{\"name\":\"job_positions\",\"type\":\"keyword\"}],"
            "\"values\":[[1,2,2.0299999713897705,2.029296875,2.03,[-7,11],[\"-7.23\",\"11.17\"],"
            "[\"Accountant\",\"Senior Python Developer\"]],[2,null,1.5,1.5,1.5,null,null,null]]}\n");
}

TEST(Cli, WarningsGoToStderrAndIntoTheJsonBody) {
  // A single-value function on a multi-value yields null and Elasticsearch's two warnings.
  CliRun r = trailhound("query --format json 'ROW a = [1, 2] | EVAL b = a + 1'");
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.out,
            "{\"columns\":[{\"name\":\"a\",\"type\":\"integer\"},{\"name\":\"b\",\"type\":\"integer\"}],"
            "\"values\":[[[1,2],null]],\"warnings\":["
            "\"Line 1:27: evaluation of [a + 1] failed, treating result as null. Only first 20 failures recorded.\","
            "\"Line 1:27: java.lang.IllegalArgumentException: single-value function encountered multi-value\"]}\n");
}

TEST(Cli, BadQueryExitsTwo) {
  EXPECT_EQ(trailhound("query 'FROM logs-* | WHERE'").status, 2);
  EXPECT_EQ(trailhound("query 'ROW a = 1 | EVAL b = nosuchcolumn'").status, 2);
}

TEST(Cli, MalformedInputIsSkippedCountedAndExitsOne) {
  const std::string dir = make_temp_dir("cli-bad");
  std::vector<Event> ev;
  for (int i = 0; i < 3; ++i)
    ev.push_back(iam_user_call("2024-03-10T12:01:0" + std::to_string(i) + "Z", "ec2.amazonaws.com",
                               "DescribeInstances", "alice"));
  std::string text = ndjson_document(ev);
  text.insert(text.find('\n') + 1, "{\"eventTime\": broken\n");
  write_file(dir + "/bad.ndjson", text);
  CliRun r = trailhound("query --format csv 'FROM logs-aws.cloudtrail-default | STATS n = COUNT(*)' " +
                     dir + "/bad.ndjson");
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.out, "n\r\n3\r\n");
}

TEST(Cli, NormalizePrintsNestedDocuments) {
  const std::string dir = make_temp_dir("cli-norm");
  write_file(dir + "/one.json",
             records_document({iam_user_call("2024-03-10T12:01:00Z", "ec2.amazonaws.com",
                                             "DescribeInstances", "alice")}));
  CliRun r = trailhound("normalize " + dir + "/one.json");
  EXPECT_EQ(r.status, 0);
  EXPECT_NE(r.out.find("\"@timestamp\":\"2024-03-10T12:01:00.000Z\""), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\"user_identity\":{"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\"user_agent\":{"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\"name\":\"aws-cli\""), std::string::npos) << r.out;
}

}  // namespace
}  // namespace trailhound::testing
