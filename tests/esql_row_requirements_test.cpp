// What a query's leading filters demand of its rows (esql/row_requirements.h):
// exact formulas for the shapes detection rules use.
#include <gtest/gtest.h>

#include "esql/parser.h"
#include "esql/row_requirements.h"

namespace trailhound::esql {
namespace {

// Facts of a CloudTrail-like index: two constants, one field never present.
class TestFacts : public FieldFacts {
 public:
  bool always_null(std::string_view f) const override { return f == "source.as.organization.name"; }
  std::optional<std::string> constant(std::string_view f) const override {
    if (f == "data_stream.dataset") return "aws.cloudtrail";
    if (f == "event.module") return "aws";
    return std::nullopt;
  }
};

std::string req(const std::string& query, bool facts = true) {
  auto q = parse_query(query);
  EXPECT_TRUE(q.ok()) << q.status().message();
  if (!q.ok()) return "<parse error>";
  return describe(facts ? row_requirements(q.value(), TestFacts()) : row_requirements(q.value()));
}

TEST(RowRequirements, FoundingRuleShape) {
  EXPECT_EQ(req(R"(from logs-aws.cloudtrail-* metadata _id
    | eval w = date_trunc(10 seconds, @timestamp)
    | where data_stream.dataset == "aws.cloudtrail" and source.ip IS NOT NULL
        and event.provider in ("iam.amazonaws.com", "ec2.amazonaws.com")
        and aws.cloudtrail.user_identity.type != "AWSService"
        and user_agent.name == "aws-cli"
    | where true in (starts_with(event.action, "Describe"), starts_with(event.action, "List"))
    | stats c = count_distinct(event.action) by w
    | where c > 5)"),
            R"((event.provider == "iam.amazonaws.com" | event.provider == "ec2.amazonaws.com") & )"
            R"(user_agent.name == "aws-cli" & (event.action ^= "Describe" | event.action ^= "List"))");
}

TEST(RowRequirements, NothingKnown) {
  EXPECT_EQ(req("from logs | stats c = count(*)"), "anything");
  EXPECT_EQ(req("from logs | where not event.action == \"A\""), "anything");
  EXPECT_EQ(req("from logs | where event.action != \"A\""), "anything");
  EXPECT_EQ(req("from logs | where event.action rlike \"A.*\""), "anything");
  EXPECT_EQ(req("from logs | where to_lower(event.action) == \"a\""), "anything");
  EXPECT_EQ(req("from logs | where event.action == 5"), "anything");
  EXPECT_EQ(req("from logs | where event.action like \"*\""), "anything");
  EXPECT_EQ(req("row a = 1 | where a == \"x\""), "anything");
  // One side of an OR unknown: the OR tells nothing.
  EXPECT_EQ(req("from logs | where event.action == \"A\" or user.name rlike \"x\""), "anything");
}

TEST(RowRequirements, OrAndNesting) {
  EXPECT_EQ(req("from logs | where (a == \"1\" and b == \"2\") or c == \"3\""),
            R"((a == "1" & b == "2") | c == "3")");
  EXPECT_EQ(req("from logs | where a == \"1\" and (b == \"2\" and c == \"3\")"),
            R"(a == "1" & b == "2" & c == "3")");
  EXPECT_EQ(req("from logs | where a in (\"1\", null, \"2\")"), R"(a == "1" | a == "2")");
  EXPECT_EQ(req("from logs | where a in (null)"), "never");
  EXPECT_EQ(req("from logs | where a not in (\"1\")"), "anything");
  EXPECT_EQ(req("from logs | where a like \"*Get*Policy?\" and b like (\"x*\", \"*yz\")"),
            R"(a ~ "Policy" & (b ^= "x" | b $= "yz"))");
  EXPECT_EQ(req("from logs | where a like \"Get*Bucket*Acl\""), R"(a ^= "Get" & a $= "Acl" & a ~ "Bucket")");
  EXPECT_EQ(req("from logs | where a like \"BedrockAPIKey-*\""), R"(a ^= "BedrockAPIKey-")");
  EXPECT_EQ(req("from logs | where a like \"exact\""), R"(a == "exact")");
  EXPECT_EQ(req("from logs | where ends_with(a, \"js\")"), R"(a $= "js")");
  EXPECT_EQ(req("from logs | where \"1\" == a"), R"(a == "1")");
}

TEST(RowRequirements, EvalShadowsAndCommandsStopTheWalk) {
  EXPECT_EQ(req("from logs | eval a = \"x\" | where a == \"x\" and b == \"y\""), R"(b == "y")");
  EXPECT_EQ(req("from logs | where a == \"1\" | keep a, b | sort a | where b == \"2\""),
            R"(a == "1" & b == "2")");
  // After LIMIT/STATS/RENAME/DISSECT the rows or names differ: later WHEREs add nothing.
  EXPECT_EQ(req("from logs | where a == \"1\" | limit 5 | where b == \"2\""), R"(a == "1")");
  EXPECT_EQ(req("from logs | stats c = count(*) by a | where a == \"1\""), "anything");
  EXPECT_EQ(req("from logs | rename b as a | where a == \"1\""), "anything");
  EXPECT_EQ(req("from logs | dissect m \"%{a}\" | where a == \"1\""), "anything");
}

TEST(RowRequirements, FactsDecideConditions) {
  // Constant fields: branches for other data sets drop out.
  EXPECT_EQ(req(R"(from logs-aws.cloudtrail-*, logs-azure-* | where
      (data_stream.dataset == "aws.cloudtrail" and event.action == "GetSecretValue") or
      (data_stream.dataset == "azure.platformlogs" and event.action in ("SecretGet", "KeyGet")))"),
            R"(event.action == "GetSecretValue")");
  EXPECT_EQ(req("from logs | where data_stream.dataset == \"gcp.audit\""), "never");
  EXPECT_EQ(req("from logs | where data_stream.dataset in (\"gcp.audit\", \"aws.cloudtrail\")"), "anything");
  EXPECT_EQ(req("from logs | where starts_with(event.module, \"az\")"), "never");
  EXPECT_EQ(req("from logs | where event.module IS NULL"), "never");
  // Always-null fields: no comparison with them is true.
  EXPECT_EQ(req("from logs | where source.as.organization.name != \"AMAZON-AES\" and a == \"1\""), "never");
  EXPECT_EQ(req("from logs | where source.as.organization.name IS NOT NULL"), "never");
  EXPECT_EQ(req("from logs | where source.as.organization.name IS NULL"), "anything");
  EXPECT_EQ(req("from logs | where source.as.organization.name like \"Amazon*\" or a == \"1\""), R"(a == "1")");
  // Without facts nothing is decided.
  EXPECT_EQ(req("from logs | where data_stream.dataset == \"gcp.audit\"", false),
            R"(data_stream.dataset == "gcp.audit")");
}

}  // namespace
}  // namespace trailhound::esql
