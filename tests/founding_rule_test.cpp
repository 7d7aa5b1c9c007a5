// End-to-end tests of the founding rule, "AWS Discovery API Calls via CLI from a
// Single Resource", in both its texts: the 2024 seed and Elastic's current one.
// Raw SYNTHETIC CloudTrail (tests/support/synthetic_cloudtrail.h) goes through
// the whole path: files → records → ECS → ES|QL → result rows. Nothing in the
// engine knows this rule; every expectation below follows from the rule's
// query under ES|QL semantics, and each test says why.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "support/hunt_harness.h"
#include "support/synthetic_cloudtrail.h"

namespace trailhound::testing {
namespace {

using Events = std::vector<Event>;

struct BothTexts {
  QueryResult seed;
  QueryResult current;
};

BothTexts run_both(const Events& events, const std::string& name) {
  const std::string dir = make_temp_dir(name);
  write_file(dir + "/trail.json", records_document(events));
  HuntOutput out = hunt({shared_path(kSeedRule), shared_path(kCurrentRule)}, {dir});
  EXPECT_EQ(out.input_errors, 0u);
  EXPECT_EQ(out.stats.ingest.records + out.stats.ingest.records_unparsed, events.size());
  EXPECT_EQ(out.results.size(), 2u);
  if (out.results.size() != 2) return {};
  // The record prefilter (on above, as in `trailhound hunt`) never changes a result.
  HuntOutput all = hunt({shared_path(kSeedRule), shared_path(kCurrentRule)}, {dir}, 2, /*prefilter=*/false);
  EXPECT_EQ(all.stats.events, events.size());
  EXPECT_EQ(all.stats.ingest.records_unparsed, 0u);
  if (all.results.size() == 2) {
    EXPECT_EQ(render_rows(out.results[0]), render_rows(all.results[0])) << "seed text, prefilter changed the result";
    EXPECT_EQ(render_rows(out.results[1]), render_rows(all.results[1])) << "current text, prefilter changed the result";
  }
  return {std::move(out.results[0]), std::move(out.results[1])};
}

std::string arn_of(const std::string& user) {
  return "\"arn:aws:iam::111122223333:user/" + user + "\"";
}

// Six distinct discovery actions by `user` starting at second `first_second`
// of minute 12:01 (all within one 10-second bucket when first_second % 10 <= 4).
Events burst(const std::string& user, int first_second, int distinct = 6,
             const std::string& minute = "2024-03-10T12:01:") {
  static const std::vector<std::pair<std::string, std::string>> kCalls = {
      {"ec2.amazonaws.com", "DescribeInstances"}, {"ec2.amazonaws.com", "DescribeVpcs"},
      {"iam.amazonaws.com", "ListUsers"},         {"iam.amazonaws.com", "GetUser"},
      {"s3.amazonaws.com", "ListBuckets"},        {"iam.amazonaws.com", "GenerateCredentialReport"},
      {"kms.amazonaws.com", "ListKeys"},          {"rds.amazonaws.com", "DescribeDBInstances"}};
  Events out;
  for (int i = 0; i < distinct; ++i) {
    char t[64];
    std::snprintf(t, sizeof t, "%s%02dZ", minute.c_str(), first_second + i % 5);
    out.push_back(iam_user_call(t, kCalls[i].first, kCalls[i].second, user));
  }
  return out;
}

Events concat(std::initializer_list<Events> parts) {
  Events out;
  for (const auto& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

std::set<std::string> arns(const QueryResult& r) {
  std::set<std::string> s;
  for (size_t i = 0; i < r.rows(); ++i) s.insert(cell(r, "aws.cloudtrail.user_identity.arn", i));
  return s;
}

TEST(FoundingRule, ExactlyFiveDistinctActionsDoNotAlert) {
  // The threshold is `> 5`: five distinct calls in a bucket are not enough.
  auto r = run_both(burst("alice", 0, 5), "five");
  EXPECT_EQ(r.seed.rows(), 0u);
  EXPECT_EQ(r.current.rows(), 0u);
}

TEST(FoundingRule, SixDistinctActionsAlertWithElasticsColumns) {
  auto r = run_both(burst("alice", 0, 6), "six");
  ASSERT_EQ(r.seed.rows(), 1u);
  // Seed: STATS puts the aggregate first, then the BY keys in order.
  EXPECT_EQ(r.seed.names, (std::vector<std::string>{"Esql.event_action_count_distinct",
                                                    "Esql.time_window_date_trunc",
                                                    "aws.cloudtrail.user_identity.arn"}));
  EXPECT_EQ(cell(r.seed, "Esql.event_action_count_distinct", 0), "6");
  EXPECT_EQ(cell(r.seed, "Esql.time_window_date_trunc", 0), "\"2024-03-10T12:01:00.000Z\"");
  EXPECT_EQ(cell(r.seed, "aws.cloudtrail.user_identity.arn", 0), arn_of("alice"));

  ASSERT_EQ(r.current.rows(), 1u);
  // Current text: its final KEEP fixes the 14 output columns and their order.
  EXPECT_EQ(r.current.names,
            (std::vector<std::string>{
                "aws.cloudtrail.user_identity.arn", "Esql.time_window_date_trunc",
                "Esql.event_action_count_distinct", "Esql.event_action_values",
                "Esql.event_timestamp_values", "Esql.aws_cloudtrail_user_identity_type_values",
                "Esql.aws_cloudtrail_user_identity_access_key_id_values", "Esql.source_ip_values",
                "Esql.cloud_account_id_values", "Esql.event_provider_values",
                "Esql.user_agent_name_values", "Esql.source_as_organization_name_values",
                "Esql.cloud_region_values", "Esql.data_stream_namespace_values"}));
  EXPECT_EQ(cell(r.current, "aws.cloudtrail.user_identity.arn", 0), arn_of("alice"));
  EXPECT_EQ(cell(r.current, "Esql.time_window_date_trunc", 0), "\"2024-03-10T12:01:00.000Z\"");
  EXPECT_EQ(cell(r.current, "Esql.event_action_count_distinct", 0), "6");
  EXPECT_EQ(cell(r.current, "Esql.aws_cloudtrail_user_identity_type_values", 0), "\"IAMUser\"");
  EXPECT_EQ(cell(r.current, "Esql.aws_cloudtrail_user_identity_access_key_id_values", 0),
            "\"AKIAEXAMPLEKEY000001\"");
  EXPECT_EQ(cell(r.current, "Esql.source_ip_values", 0), "\"203.0.113.10\"");
  EXPECT_EQ(cell(r.current, "Esql.cloud_account_id_values", 0), "\"111122223333\"");
  EXPECT_EQ(cell(r.current, "Esql.user_agent_name_values", 0), "\"aws-cli\"");
  // No GeoIP/ASN database given: the organization is null, as in a cluster without enrichment.
  EXPECT_EQ(cell(r.current, "Esql.source_as_organization_name_values", 0), "null");
  EXPECT_EQ(cell(r.current, "Esql.cloud_region_values", 0), "\"us-east-1\"");
  EXPECT_EQ(cell(r.current, "Esql.data_stream_namespace_values", 0), "\"default\"");
  // VALUES holds each distinct value once.
  const std::string actions = cell(r.current, "Esql.event_action_values", 0);
  for (const char* a : {"DescribeInstances", "DescribeVpcs", "ListUsers", "GetUser", "ListBuckets",
                        "GenerateCredentialReport"})
    EXPECT_NE(actions.find(std::string("\"") + a + "\""), std::string::npos) << actions;
  const std::string providers = cell(r.current, "Esql.event_provider_values", 0);
  EXPECT_EQ(std::count(providers.begin(), providers.end(), ','), 2) << providers;
}

TEST(FoundingRule, RepeatsOfOneActionCountOnce) {
  // COUNT_DISTINCT counts actions, not calls: 5 distinct + 10 repeats stays at 5.
  Events five = burst("alice", 0, 5);
  for (int i = 0; i < 10; ++i) five.push_back(five[0]);
  auto r = run_both(five, "repeats");
  EXPECT_EQ(r.seed.rows(), 0u);
  EXPECT_EQ(r.current.rows(), 0u);

  Events six = burst("bob", 0, 6);
  for (int i = 0; i < 10; ++i) six.push_back(six[1]);
  auto r6 = run_both(six, "repeats6");
  ASSERT_EQ(r6.seed.rows(), 1u);
  EXPECT_EQ(cell(r6.seed, "Esql.event_action_count_distinct", 0), "6");
  ASSERT_EQ(r6.current.rows(), 1u);
  EXPECT_EQ(cell(r6.current, "Esql.event_action_count_distinct", 0), "6");
}

TEST(FoundingRule, BurstAcrossATenSecondBoundaryIsSplit) {
  // DATE_TRUNC(10 seconds) makes fixed buckets from the epoch, not sliding windows:
  // ten distinct calls within 12:01:07–12:01:12 fall 5 + 5 into two buckets.
  Events ev;
  const std::vector<std::string> a = {"DescribeInstances", "DescribeVpcs", "DescribeSubnets",
                                      "DescribeVolumes", "DescribeImages"};
  const std::vector<std::string> b = {"ListUsers", "ListRoles", "ListGroups", "ListPolicies",
                                      "GetAccountSummary"};
  for (int i = 0; i < 5; ++i) {
    ev.push_back(iam_user_call("2024-03-10T12:01:0" + std::to_string(5 + i % 5) + "Z",
                               "ec2.amazonaws.com", a[i], "carol"));
    ev.push_back(iam_user_call("2024-03-10T12:01:1" + std::to_string(i) + "Z", "iam.amazonaws.com",
                               b[i], "carol"));
  }
  auto r = run_both(ev, "boundary");
  EXPECT_EQ(r.seed.rows(), 0u);
  EXPECT_EQ(r.current.rows(), 0u);

  // One more distinct call in the second bucket tips it over; the window is 12:01:10.
  ev.push_back(iam_user_call("2024-03-10T12:01:19Z", "s3.amazonaws.com", "ListBuckets", "carol"));
  auto r2 = run_both(ev, "boundary2");
  ASSERT_EQ(r2.seed.rows(), 1u);
  EXPECT_EQ(cell(r2.seed, "Esql.time_window_date_trunc", 0), "\"2024-03-10T12:01:10.000Z\"");
  ASSERT_EQ(r2.current.rows(), 1u);
  EXPECT_EQ(cell(r2.current, "Esql.time_window_date_trunc", 0), "\"2024-03-10T12:01:10.000Z\"");
}

TEST(FoundingRule, OnlyTheAwsCliUserAgentCounts) {
  // user_agent.name comes from the uap-core regexes: "aws-cli" for CLI v1 and v2,
  // bracketed UAs and CloudShell; Boto3, Terraform (Go SDK) and browsers are others.
  struct Case { std::string user, agent; bool alerts; };
  const std::vector<Case> cases = {{"cliv2", ua::kCliV2, true},       {"cliv1", ua::kCliV1, true},
                                   {"bracketed", ua::kCliBracketed, true},
                                   {"cloudshell", ua::kCloudShell, true},
                                   {"boto3", ua::kBoto3, false},      {"terraform", ua::kTerraform, false},
                                   {"console", ua::kConsole, false}};
  Events ev;
  std::set<std::string> expected;
  for (const auto& c : cases) {
    Events b = burst(c.user, 0);
    for (auto& e : b) e.user_agent = c.agent;
    ev.insert(ev.end(), b.begin(), b.end());
    if (c.alerts) expected.insert(arn_of(c.user));
  }
  auto r = run_both(ev, "agents");
  EXPECT_EQ(arns(r.seed), expected);
  EXPECT_EQ(arns(r.current), expected);
}

TEST(FoundingRule, AwsServiceCallersAreIgnored) {
  // An AWS service acting for the account has identity type AWSService and no ARN.
  Events ev = burst("svc", 0);
  for (auto& e : ev) {
    e.identity_type = "AWSService";
    e.arn.clear();
    e.user_name.clear();
    e.source_ip = "ec2.amazonaws.com";
  }
  auto r = run_both(ev, "awsservice");
  EXPECT_EQ(r.seed.rows(), 0u);
  EXPECT_EQ(r.current.rows(), 0u);
}

TEST(FoundingRule, RootCredentialsAreDroppedByNullSemantics) {
  // Root: ARN "arn:aws:iam::<acct>:root", usually no userName.
  // Seed: DISSECT "%{}::%{owner}:%{type}/%{roles}" finds no '/' after "root", so every
  //   key is null; `starts_with(null, …) != true` is null, and WHERE keeps only true.
  // Current: user.name is null (no userName), so `user.name != "AWSServiceRoleForConfig"`
  //   is null, and the row is dropped for the same reason.
  Events ev = burst("x", 0);
  for (auto& e : ev) {
    e.identity_type = "Root";
    e.arn = "arn:aws:iam::111122223333:root";
    e.user_name.clear();
  }
  auto r = run_both(ev, "root");
  EXPECT_EQ(r.seed.rows(), 0u);
  EXPECT_EQ(r.current.rows(), 0u);
}

TEST(FoundingRule, AwsConfigServiceRoleIsExcludedButOtherRolesAlert) {
  // AssumedRole: user.name is the role name (sessionIssuer.userName). The Config
  // role is excluded by the seed's DISSECT+starts_with and the current user.name test.
  Events config = burst("x", 0);
  for (auto& e : config) {
    e.identity_type = "AssumedRole";
    e.arn = "arn:aws:sts::111122223333:assumed-role/AWSServiceRoleForConfig/1709990000000";
    e.user_name.clear();
    e.session_issuer_user = "AWSServiceRoleForConfig";
  }
  Events admin = burst("y", 0);
  for (auto& e : admin) {
    e.identity_type = "AssumedRole";
    e.arn = "arn:aws:sts::111122223333:assumed-role/Admin/alice";
    e.user_name.clear();
    e.session_issuer_user = "Admin";
  }
  auto r = run_both(concat({config, admin}), "config");
  const std::set<std::string> expected = {"\"arn:aws:sts::111122223333:assumed-role/Admin/alice\""};
  EXPECT_EQ(arns(r.seed), expected);
  EXPECT_EQ(arns(r.current), expected);
}

TEST(FoundingRule, DescribeCapacityReservationsIsExcluded) {
  // AWS Config calls it constantly; both texts drop it before counting.
  Events ev = burst("alice", 0, 5);
  ev.push_back(iam_user_call("2024-03-10T12:01:05Z", "ec2.amazonaws.com",
                             "DescribeCapacityReservations", "alice"));
  auto r = run_both(ev, "capres");
  EXPECT_EQ(r.seed.rows(), 0u);
  EXPECT_EQ(r.current.rows(), 0u);
}

TEST(FoundingRule, ProvidersOutsideTheListDoNotCountAndStsOnlyInTheCurrentText) {
  // sns is in neither list; sts and cloudtrail were added by the current text.
  Events sns = burst("alice", 0, 5);
  sns.push_back(iam_user_call("2024-03-10T12:01:05Z", "sns.amazonaws.com", "ListTopics", "alice"));
  auto r = run_both(sns, "sns");
  EXPECT_EQ(r.seed.rows(), 0u);
  EXPECT_EQ(r.current.rows(), 0u);

  Events sts = burst("bob", 0, 5);
  sts.push_back(iam_user_call("2024-03-10T12:01:05Z", "sts.amazonaws.com", "GetCallerIdentity", "bob"));
  auto r2 = run_both(sts, "sts");
  EXPECT_EQ(r2.seed.rows(), 0u);
  ASSERT_EQ(r2.current.rows(), 1u);
  EXPECT_EQ(cell(r2.current, "Esql.event_action_count_distinct", 0), "6");
}

TEST(FoundingRule, NonDiscoveryActionsDoNotCount) {
  // Only Describe*/Get*/List*/Generate* pass `true IN (starts_with(...), ...)`.
  Events ev = burst("alice", 0, 5);
  ev.push_back(iam_user_call("2024-03-10T12:01:05Z", "ec2.amazonaws.com", "RunInstances", "alice"));
  ev.push_back(iam_user_call("2024-03-10T12:01:06Z", "iam.amazonaws.com", "CreateUser", "alice"));
  auto r = run_both(ev, "nondiscovery");
  EXPECT_EQ(r.seed.rows(), 0u);
  EXPECT_EQ(r.current.rows(), 0u);
}

TEST(FoundingRule, FailedCallsStillCount) {
  // Neither text filters on event.outcome: denied enumeration is still enumeration.
  Events ev = burst("mallory", 0);
  for (size_t i = 0; i < ev.size(); i += 2) ev[i].error_code = "AccessDenied";
  auto r = run_both(ev, "failed");
  EXPECT_EQ(r.seed.rows(), 1u);
  EXPECT_EQ(r.current.rows(), 1u);
}

TEST(FoundingRule, Ipv6SourcesCountAndNonIpSourcesOnlyInTheSeed) {
  // source.ip is set only when sourceIPAddress is an IP; the current text requires it.
  Events v6 = burst("six", 0);
  for (auto& e : v6) e.source_ip = "2001:db8::10";
  Events internal = burst("internal", 0);
  for (auto& e : internal) e.source_ip = "AWS Internal";
  auto r = run_both(concat({v6, internal}), "ipv6");
  EXPECT_EQ(arns(r.seed), (std::set<std::string>{arn_of("six"), arn_of("internal")}));
  EXPECT_EQ(arns(r.current), (std::set<std::string>{arn_of("six")}));
  ASSERT_EQ(r.current.rows(), 1u);
  EXPECT_EQ(cell(r.current, "Esql.source_ip_values", 0), "\"2001:db8::10\"");
}

TEST(FoundingRule, ConsoleCredentialsOnlyExcludedByTheCurrentText) {
  // CloudShell runs the real CLI with console credentials: sessionCredentialFromConsole.
  Events ev = burst("shell", 0);
  for (auto& e : ev) {
    e.user_agent = ua::kCloudShell;
    e.credential_from_console = true;
  }
  auto r = run_both(ev, "console");
  EXPECT_EQ(r.seed.rows(), 1u);
  EXPECT_EQ(r.current.rows(), 0u);
}

TEST(FoundingRule, SeveralActorsAndBuckets) {
  // One alert per (bucket, ARN); the seed sorts by the distinct count, descending.
  Events ev = concat({burst("alice", 0, 6), burst("alice", 30, 7, "2024-03-10T12:02:"),
                      burst("bob", 2, 8)});
  auto r = run_both(ev, "several");
  ASSERT_EQ(r.seed.rows(), 3u);
  EXPECT_EQ(cell(r.seed, "Esql.event_action_count_distinct", 0), "8");
  EXPECT_EQ(cell(r.seed, "aws.cloudtrail.user_identity.arn", 0), arn_of("bob"));
  EXPECT_EQ(cell(r.seed, "Esql.event_action_count_distinct", 1), "7");
  EXPECT_EQ(cell(r.seed, "Esql.time_window_date_trunc", 1), "\"2024-03-10T12:02:30.000Z\"");
  EXPECT_EQ(cell(r.seed, "Esql.event_action_count_distinct", 2), "6");
  EXPECT_EQ(cell(r.seed, "Esql.time_window_date_trunc", 2), "\"2024-03-10T12:01:00.000Z\"");
  ASSERT_EQ(r.current.rows(), 3u);
  std::multiset<std::string> got;
  for (size_t i = 0; i < 3; ++i)
    got.insert(cell(r.current, "aws.cloudtrail.user_identity.arn", i) + "@" +
               cell(r.current, "Esql.time_window_date_trunc", i) + "=" +
               cell(r.current, "Esql.event_action_count_distinct", i));
  EXPECT_EQ(got, (std::multiset<std::string>{
                     arn_of("alice") + "@\"2024-03-10T12:01:00.000Z\"=6",
                     arn_of("alice") + "@\"2024-03-10T12:02:30.000Z\"=7",
                     arn_of("bob") + "@\"2024-03-10T12:01:00.000Z\"=8"}));
}

TEST(FoundingRule, SameAlertsFromGzipNdjsonArraysAndTheS3Layout) {
  // The input format is detected by content; the alerts cannot depend on it.
  Events ev = concat({burst("alice", 0, 7), burst("bob", 0, 5)});
  const std::string dir = make_temp_dir("formats");
  const std::string s3 = dir + "/AWSLogs/111122223333/CloudTrail/us-east-1/2024/03/10/";
  write_file(s3 + "111122223333_CloudTrail_us-east-1_20240310T1205Z_a.json.gz",
             gzip(records_document(ev)));
  // A digest file in the same tree must be skipped, not read as events.
  write_file(dir + "/AWSLogs/111122223333/CloudTrail-Digest/us-east-1/2024/03/10/digest.json.gz",
             gzip("{\"awsAccountId\":\"111122223333\",\"digestStartTime\":\"2024-03-10T11:00:00Z\"}"));
  write_file(dir + "/plain.ndjson", ndjson_document(ev, 100));
  write_file(dir + "/named-like-json-but-gzip.json", gzip(ndjson_document(ev, 200)));
  std::string array = "[";
  for (size_t i = 0; i < ev.size(); ++i) array += (i ? "," : "") + record_json(ev[i], 300 + int(i));
  write_file(dir + "/array.json", array + "]");

  for (const std::string& input :
       {dir + "/AWSLogs", dir + "/plain.ndjson", dir + "/named-like-json-but-gzip.json", dir + "/array.json"}) {
    HuntOutput out = hunt({shared_path(kSeedRule), shared_path(kCurrentRule)}, {input});
    EXPECT_EQ(out.input_errors, 0u) << input;
    EXPECT_EQ(out.stats.events, ev.size()) << input;
    ASSERT_EQ(out.results.size(), 2u);
    ASSERT_EQ(out.results[0].rows(), 1u) << input;
    EXPECT_EQ(cell(out.results[0], "aws.cloudtrail.user_identity.arn", 0), arn_of("alice"));
    EXPECT_EQ(cell(out.results[0], "Esql.event_action_count_distinct", 0), "7");
    ASSERT_EQ(out.results[1].rows(), 1u) << input;
    EXPECT_EQ(cell(out.results[1], "Esql.event_action_count_distinct", 0), "7");
  }
}

}  // namespace
}  // namespace trailhound::testing
