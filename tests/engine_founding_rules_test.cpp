// The two founding detection rules, run exactly as written in their TOML files,
// over hand-built CloudTrail-like ECS rows through Catalog → prepare → start →
// push (BatchBuilder batches) → finish.
#include <algorithm>
#include <fstream>
#include <sstream>

#include "engine_test_util.h"
#include "exec/batch_builder.h"

namespace trailhound {
namespace {

using Rows = std::vector<std::string>;

// The rule's ES|QL query: the text between `query = '''` and the closing `'''`.
std::string rule_query(const std::string& relative) {
  std::ifstream in(std::string(TRAILHOUND_SHARED_DIR) + "/" + relative);
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string s = ss.str();
  const size_t b = s.find("query = '''");
  if (b == std::string::npos) return "";
  const size_t start = s.find('\n', b) + 1;
  const size_t end = s.find("'''", start);
  return s.substr(start, end - start);
}

Schema cloudtrail_schema() {
  Schema s;
  s.add("@timestamp", DataType::Datetime);
  for (const char* k : {"data_stream.dataset", "data_stream.namespace", "event.dataset", "event.provider", "event.action",
                        "event.outcome", "aws.cloudtrail.user_identity.type", "aws.cloudtrail.user_identity.arn",
                        "aws.cloudtrail.user_identity.access_key_id", "user_agent.name", "user.name",
                        "aws.cloudtrail.session_credential_from_console", "cloud.account.id", "cloud.region",
                        "source.as.organization.name"})
    s.add(k, DataType::Keyword);
  s.add("source.ip", DataType::Ip);
  return s;
}

struct Event {
  std::string ts, action, arn, type = "IAMUser", user, agent = "aws-cli", provider = "ec2.amazonaws.com";
  std::string ip = "203.0.113.7", console;
};

void emit(BatchBuilder& b, const Event& e) {
  b.begin_document();
  b.keyword("@timestamp", e.ts);  // ISO text converted to datetime by the builder
  b.keyword("event.dataset", "aws.cloudtrail");
  b.keyword("data_stream.dataset", "aws.cloudtrail");
  b.keyword("data_stream.namespace", "default");
  b.keyword("event.provider", e.provider);
  b.keyword("event.action", e.action);
  b.keyword("event.outcome", "success");
  b.keyword("aws.cloudtrail.user_identity.type", e.type);
  if (!e.arn.empty()) b.keyword("aws.cloudtrail.user_identity.arn", e.arn);
  b.keyword("aws.cloudtrail.user_identity.access_key_id", "AKIAEXAMPLE");
  b.keyword("user_agent.name", e.agent);
  if (!e.user.empty()) b.keyword("user.name", e.user);
  if (!e.ip.empty()) b.keyword("source.ip", e.ip);
  if (!e.console.empty()) b.keyword("aws.cloudtrail.session_credential_from_console", e.console);
  b.keyword("cloud.account.id", "123456789012");
  b.keyword("cloud.region", "us-east-1");
  b.keyword("source.as.organization.name", "Example Org");
  b.end_document();
}

const char* kAlice = "arn:aws:iam::123456789012:user/alice";
const char* kBob = "arn:aws:iam::123456789012:user/bob";
const char* kCarol = "arn:aws:iam::123456789012:user/carol";
const char* kRoot = "arn:aws:iam::123456789012:root";
const char* kConfig = "arn:aws:sts::123456789012:assumed-role/AWSServiceRoleForConfig/session";

const std::vector<std::string> kSix = {"DescribeInstances", "ListBuckets", "GetCallerIdentity",
                                       "DescribeRegions", "ListUsers", "GenerateCredentialReport"};

std::vector<Event> events_batch1() {
  std::vector<Event> ev;
  // alice: 6 distinct discovery actions in [12:01:00, 12:01:10) plus noise that must not count.
  for (size_t i = 0; i < kSix.size(); ++i)
    ev.push_back({"2024-03-10T12:01:0" + std::to_string(i) + ".000Z", kSix[i], kAlice, "IAMUser", "alice"});
  ev.push_back({"2024-03-10T12:01:06.500Z", "DescribeInstances", kAlice, "IAMUser", "alice"});          // duplicate
  ev.push_back({"2024-03-10T12:01:07.000Z", "DescribeCapacityReservations", kAlice, "IAMUser", "alice"});  // excluded
  ev.push_back({"2024-03-10T12:01:07.000Z", "CreateBucket", kAlice, "IAMUser", "alice"});                // not discovery
  Event boto{"2024-03-10T12:01:08.000Z", "ListRoles", kAlice, "IAMUser", "alice"};
  boto.agent = "Boto3";
  ev.push_back(boto);
  Event svc{"2024-03-10T12:01:08.000Z", "ListKeys", kAlice, "AWSService", "alice"};
  ev.push_back(svc);
  // bob: only 5 distinct actions.
  for (size_t i = 0; i < 5; ++i)
    ev.push_back({"2024-03-10T12:01:0" + std::to_string(i) + ".000Z", kSix[i], kBob, "IAMUser", "bob"});
  return ev;
}

std::vector<Event> events_batch2() {
  std::vector<Event> ev;
  // carol: 6 distinct, but split 3 + 3 across the 12:02:10 window boundary.
  for (size_t i = 0; i < 6; ++i)
    ev.push_back({"2024-03-10T12:02:" + std::to_string(7 + i) + ".000Z", kSix[i], kCarol, "IAMUser", "carol"});
  // root: the seed rule's DISSECT does not match (no '/'): roles null → dropped there.
  for (size_t i = 0; i < 6; ++i)
    ev.push_back({"2024-03-10T12:03:0" + std::to_string(i) + ".000Z", kSix[i], kRoot, "Root", "root"});
  // AWS Config's service-linked role: dropped by both rules.
  for (size_t i = 0; i < 6; ++i)
    ev.push_back({"2024-03-10T12:04:0" + std::to_string(i) + ".000Z", kSix[i], kConfig, "AssumedRole",
                  "AWSServiceRoleForConfig"});
  // No ARN at all: DISSECT on null → null (seed drops); the Elastic rule keeps a null-ARN group.
  for (size_t i = 0; i < 6; ++i)
    ev.push_back({"2024-03-10T12:05:0" + std::to_string(i) + ".000Z", kSix[i], "", "IAMUser", "nobody"});
  // Console sessions and rows without a source IP are excluded by the Elastic rule only.
  for (size_t i = 0; i < 6; ++i) {
    Event e{"2024-03-10T12:06:0" + std::to_string(i) + ".000Z", kSix[i], "arn:aws:iam::123456789012:user/dave", "IAMUser", "dave"};
    e.console = "true";
    ev.push_back(e);
  }
  return ev;
}

Catalog make_catalog() {
  Catalog c;
  c.add_index("logs-aws.cloudtrail-default", cloudtrail_schema());
  c.add_index("logs-aws.cloudtrail-prod", cloudtrail_schema());
  c.add_index("logs-other-default", cloudtrail_schema());
  return c;
}

testing::Outcome run_rule(const std::string& query, std::vector<SchemaField>* needed = nullptr) {
  Catalog catalog = make_catalog();
  return testing::run_query(query, catalog, [&](const PreparedQuery& q, QueryRun& run) -> Status {
    EXPECT_EQ(q.source_indices(), (std::vector<std::string>{"logs-aws.cloudtrail-default", "logs-aws.cloudtrail-prod"}));
    if (needed) *needed = q.needed_fields("logs-aws.cloudtrail-default");
    BatchBuilder b1(q.needed_fields("logs-aws.cloudtrail-default"));
    for (const auto& e : events_batch1()) emit(b1, e);
    if (Status s = run.push("logs-aws.cloudtrail-default", b1.take()); !s.ok()) return s;
    BatchBuilder b2(q.needed_fields("logs-aws.cloudtrail-prod"));
    for (const auto& e : events_batch2()) emit(b2, e);
    return run.push("logs-aws.cloudtrail-prod", b2.take());
  });
}

TEST(EngineFoundingRules, SeedRuleDiscoveryViaCli) {
  const std::string query = rule_query("rules/seed/aws_discovery_api_calls_via_cli.toml");
  ASSERT_FALSE(query.empty());
  auto o = run_rule(query);
  ASSERT_TRUE(o.status.ok()) << o.status.message();
  EXPECT_EQ(o.header,
            "Esql.event_action_count_distinct:long | Esql.time_window_date_trunc:date | aws.cloudtrail.user_identity.arn:keyword");
  // dave's console session is not excluded by this rule; ties on the count have no defined order.
  Rows rows = o.rows;
  std::sort(rows.begin(), rows.end());
  EXPECT_EQ(rows, (Rows{"6 | 2024-03-10T12:01:00.000Z | arn:aws:iam::123456789012:user/alice",
                        "6 | 2024-03-10T12:06:00.000Z | arn:aws:iam::123456789012:user/dave"}));
  EXPECT_TRUE(o.warnings.empty());
}

TEST(EngineFoundingRules, ElasticRuleMultipleDiscoveryCalls) {
  const std::string query =
      rule_query("rules/elastic/rules/integrations/aws/discovery_multiple_discovery_api_calls_via_cli.toml");
  ASSERT_FALSE(query.empty());
  std::vector<SchemaField> needed;
  auto o = run_rule(query, &needed);
  ASSERT_TRUE(o.status.ok()) << o.status.message();
  EXPECT_EQ(o.header,
            "aws.cloudtrail.user_identity.arn:keyword | Esql.time_window_date_trunc:date | "
            "Esql.event_action_count_distinct:long | Esql.event_action_values:keyword | "
            "Esql.event_timestamp_values:date | Esql.aws_cloudtrail_user_identity_type_values:keyword | "
            "Esql.aws_cloudtrail_user_identity_access_key_id_values:keyword | Esql.source_ip_values:ip | "
            "Esql.cloud_account_id_values:keyword | Esql.event_provider_values:keyword | "
            "Esql.user_agent_name_values:keyword | Esql.source_as_organization_name_values:keyword | "
            "Esql.cloud_region_values:keyword | Esql.data_stream_namespace_values:keyword");
  Rows rows = o.rows;
  std::sort(rows.begin(), rows.end());
  auto row = [](const std::string& arn, const std::string& window, const std::string& ts, const std::string& type) {
    return arn + " | " + window + " | 6 | [DescribeInstances, DescribeRegions, GenerateCredentialReport, "
                                  "GetCallerIdentity, ListBuckets, ListUsers] | " + ts + " | " + type +
           " | AKIAEXAMPLE | 203.0.113.7 | 123456789012 | ec2.amazonaws.com | aws-cli | Example Org | us-east-1 | default";
  };
  auto stamps = [](const std::string& minute, int n) {
    std::string s = "[";
    for (int i = 0; i < n; ++i) s += (i ? ", " : "") + std::string("2024-03-10T12:") + minute + ":0" + std::to_string(i) + ".000Z";
    return s + "]";
  };
  Rows expected = {
      row(kAlice, "2024-03-10T12:01:00.000Z", stamps("01", 6).substr(0, stamps("01", 6).size() - 1) + ", 2024-03-10T12:01:06.500Z]", "IAMUser"),
      row(kRoot, "2024-03-10T12:03:00.000Z", stamps("03", 6), "Root"),
      row("null", "2024-03-10T12:05:00.000Z", stamps("05", 6), "IAMUser"),
  };
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(rows, expected);
  // alice's duplicate DescribeInstances adds a timestamp but no action.
  EXPECT_EQ(o.rows.size(), 3u);

  // Projection: exactly the fields the query reads, plus the requested metadata.
  std::vector<std::string> names;
  for (const auto& f : needed) names.push_back(f.name);
  EXPECT_EQ(names, (std::vector<std::string>{"@timestamp", "aws.cloudtrail.session_credential_from_console",
                                             "aws.cloudtrail.user_identity.access_key_id", "aws.cloudtrail.user_identity.arn",
                                             "aws.cloudtrail.user_identity.type", "cloud.account.id", "cloud.region",
                                             "data_stream.dataset", "data_stream.namespace", "event.action", "event.provider",
                                             "source.as.organization.name", "source.ip", "user.name", "user_agent.name",
                                             "_id", "_version"}));
}

TEST(EngineFoundingRules, UnknownIndexAndColumn) {
  Catalog catalog = make_catalog();
  auto none = [](const PreparedQuery&, QueryRun&) { return Status(); };
  auto o = testing::run_query("FROM nope-*", catalog, none);
  EXPECT_EQ(o.status.message(), "line 1:6: Unknown index [nope-*]");
  o = testing::run_query("FROM logs-*, -logs-other* | KEEP foo", catalog, none);
  EXPECT_EQ(o.status.message(), "line 1:34: Unknown column [foo]");
  o = testing::run_query("FROM logs-* | ENRICH p", catalog, none);
  EXPECT_EQ(o.status.code(), Status::Code::Unsupported);
  EXPECT_EQ(o.status.message(), "line 1:15: unsupported: ENRICH");
}

}  // namespace
}  // namespace trailhound
