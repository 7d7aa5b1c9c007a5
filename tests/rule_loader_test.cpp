// Tests of the detection-rule TOML loader against the shared rule files
// (read in place) and synthetic malformed files written to a temp dir.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

#include "rules/rule_loader.h"

namespace trailhound::rules {
namespace {

namespace fs = std::filesystem;

const std::string kShared = TRAILHOUND_SHARED_DIR;
const std::string kElastic = kShared + "/rules/elastic";
const std::string kSeed = kShared + "/rules/seed/aws_discovery_api_calls_via_cli.toml";
const std::string kDiscovery =
    kElastic + "/rules/integrations/aws/discovery_multiple_discovery_api_calls_via_cli.toml";

// A scratch directory unique to this process, removed at the end of the test.
class TempDir {
 public:
  TempDir() {
    path_ = fs::temp_directory_path() / ("trailhound_rule_loader_" + std::to_string(::getpid()));
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  std::string write(const std::string& name, const std::string& text) const {
    fs::path p = path_ / name;
    fs::create_directories(p.parent_path());
    std::ofstream(p) << text;
    return p.string();
  }
  std::string path() const { return path_.string(); }

 private:
  fs::path path_;
};

const char* kMinimalRule = R"([metadata]
creation_date = "2024/01/01"

[rule]
rule_id = "r-1"
name = "Minimal"
type = "esql"
language = "esql"
description = "d"
severity = "low"
risk_score = 21
query = "from logs-* | where a == 1 | keep a"
)";

TEST(RuleLoader, SeedRule) {
  auto r = load_rule_file(kSeed);
  ASSERT_TRUE(r.ok()) << r.status().message();
  const Rule& rule = r.value();
  EXPECT_EQ(rule.path, kSeed);
  EXPECT_EQ(rule.rule_id, "74f45152-9aee-11ef-b0a5-f661ea17fbcd");
  EXPECT_EQ(rule.name, "AWS Discovery API Calls via CLI from a Single Resource");
  EXPECT_EQ(rule.type, "esql");
  EXPECT_EQ(rule.language, "esql");
  EXPECT_EQ(rule.severity, "low");
  EXPECT_EQ(rule.risk_score, 21);
  EXPECT_EQ(rule.from, "now-9m");
  EXPECT_EQ(rule.interval, "5m");   // not set: Kibana default
  EXPECT_EQ(rule.max_signals, 100);  // not set: Kibana default
  EXPECT_EQ(rule.timestamp_override, "event.ingested");
  EXPECT_TRUE(rule.index.empty());
  EXPECT_EQ(rule.tags, (std::vector<std::string>{"Domain: Cloud", "Data Source: AWS",
                                                 "Use Case: Threat Detection", "Tactic: Discovery"}));
  EXPECT_EQ(rule.description.size(), 407u);  // 405 code points; the ’ is 3 bytes
  EXPECT_EQ(rule.description.rfind("Detects when a single AWS resource", 0), 0u);
  EXPECT_EQ(rule.query.size(), 1933u);
  EXPECT_EQ(rule.query.rfind("from logs-aws.cloudtrail*\n// create time window", 0), 0u);
  EXPECT_EQ(rule.threat_json,
            R"([{"framework":"MITRE ATT&CK","tactic":{"id":"TA0007","name":"Discovery",)"
            R"("reference":"https://attack.mitre.org/tactics/TA0007/"},"technique":[{"id":"T1580",)"
            R"("name":"Cloud Infrastructure Discovery","reference":"https://attack.mitre.org/techniques/T1580/"}]}])");
}

TEST(RuleLoader, ElasticDiscoveryRule) {
  auto r = load_rule_file(kDiscovery);
  ASSERT_TRUE(r.ok()) << r.status().message();
  const Rule& rule = r.value();
  EXPECT_EQ(rule.rule_id, "74f45152-9aee-11ef-b0a5-f661ea17fbcd");
  EXPECT_EQ(rule.name, "AWS Discovery API Calls via CLI from a Single Resource");
  EXPECT_EQ(rule.type, "esql");
  EXPECT_EQ(rule.language, "esql");
  EXPECT_EQ(rule.severity, "low");
  EXPECT_EQ(rule.risk_score, 21);
  EXPECT_EQ(rule.from, "now-6m");
  EXPECT_EQ(rule.interval, "5m");
  EXPECT_EQ(rule.max_signals, 100);
  EXPECT_EQ(rule.timestamp_override, "event.ingested");
  ASSERT_EQ(rule.tags.size(), 18u);
  EXPECT_EQ(rule.tags.front(), "Domain: Cloud");
  EXPECT_EQ(rule.tags[14], "Data Source: AWS Organizations");
  EXPECT_EQ(rule.tags.back(), "Resources: Investigation Guide");
  EXPECT_EQ(rule.description.size(), 408u);
  EXPECT_EQ(rule.query.size(), 3424u);
  EXPECT_EQ(rule.query.rfind("from logs-aws.cloudtrail-* metadata _id, _version, _index\n", 0), 0u);
  EXPECT_EQ(
      rule.threat_json,
      R"([{"framework":"MITRE ATT&CK",)"
      R"("tactic":{"id":"TA0007","name":"Discovery","reference":"https://attack.mitre.org/tactics/TA0007/"},)"
      R"("technique":[)"
      R"({"id":"T1087","name":"Account Discovery","reference":"https://attack.mitre.org/techniques/T1087/",)"
      R"("subtechnique":[{"id":"T1087.004","name":"Cloud Account","reference":"https://attack.mitre.org/techniques/T1087/004/"}]},)"
      R"({"id":"T1526","name":"Cloud Service Discovery","reference":"https://attack.mitre.org/techniques/T1526/"},)"
      R"({"id":"T1580","name":"Cloud Infrastructure Discovery","reference":"https://attack.mitre.org/techniques/T1580/"}]}])");
}

TEST(RuleLoader, WholeElasticDirectory) {
  LoadedRules loaded = load_rules(kElastic);
  // 62 rule files: 60 under rules/, 1 building block, 1 historical seed version.
  EXPECT_EQ(loaded.rules.size(), 62u);
  EXPECT_EQ(loaded.errors.size(), 0u);
  for (size_t i = 1; i < loaded.rules.size(); ++i)
    EXPECT_LT(loaded.rules[i - 1].path, loaded.rules[i].path);
  size_t esql = 0, with_threat = 0, bbr_interval_60m = 0;
  for (const Rule& r : loaded.rules) {
    esql += r.language == "esql" && r.type == "esql";
    with_threat += r.threat_json != "[]";
    bbr_interval_60m += r.interval == "60m";
  }
  EXPECT_EQ(esql, 62u);
  EXPECT_EQ(bbr_interval_60m, 2u);
  EXPECT_GT(with_threat, 40u);
  // A single file works too, and a rule with a threat but no technique keeps it absent.
  LoadedRules one = load_rules(kElastic + "/rules/cross-platform/lateral_movement_multi_alerts_new_srcip.toml");
  ASSERT_EQ(one.rules.size(), 1u);
  EXPECT_EQ(one.rules[0].threat_json.find("technique"), std::string::npos);
  EXPECT_EQ(one.rules[0].threat_json.rfind("[{\"framework\":\"MITRE ATT&CK\",\"tactic\":{", 0), 0u);
}

TEST(RuleLoader, MaxSignalsAndIntervalFromFile) {
  LoadedRules loaded = load_rules(kElastic + "/rules/network");
  ASSERT_TRUE(loaded.errors.empty());
  int five = 0;
  for (const Rule& r : loaded.rules) five += r.max_signals == 5;
  EXPECT_EQ(five, 2);
}

TEST(RuleLoader, TomlSyntaxErrorIsLocated) {
  TempDir dir;
  std::string path = dir.write("bad.toml", "[rule]\nname = \"x\"\nrisk_score = = 3\n");
  auto r = load_rule_file(path);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::InvalidInput);
  EXPECT_EQ(r.status().message().rfind(path + ":3:14: ", 0), 0u) << r.status().message();
}

TEST(RuleLoader, MissingKeyAndWrongType) {
  TempDir dir;
  std::string text = kMinimalRule;
  std::string no_name = text;
  no_name.erase(no_name.find("name = \"Minimal\"\n"), 17);
  auto r = load_rule_file(dir.write("no_name.toml", no_name));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), dir.path() + "/no_name.toml:4:1: missing required key rule.name");

  std::string bad_type = text;
  bad_type.replace(bad_type.find("risk_score = 21"), 15, "risk_score = \"21\"");
  r = load_rule_file(dir.write("bad_type.toml", bad_type));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), dir.path() + "/bad_type.toml:11:14: rule.risk_score must be an integer");

  r = load_rule_file(dir.write("no_rule.toml", "[metadata]\nx = 1\n"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), dir.path() + "/no_rule.toml: missing required table [rule]");

  std::string bad_threat = text + "\n[[rule.threat]]\nframework = \"MITRE ATT&CK\"\n";
  r = load_rule_file(dir.write("bad_threat.toml", bad_threat));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), dir.path() + "/bad_threat.toml:14:1: missing required key rule.threat[0].tactic");

  std::string bad_query = text;
  bad_query.replace(bad_query.find("where a == 1"), 12, "where a ==");
  r = load_rule_file(dir.write("bad_query.toml", bad_query));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), dir.path() +
                                      "/bad_query.toml:12:9: rule.query: line 1:26: mismatched input "
                                      "'|', expected an expression");
}

TEST(RuleLoader, DefaultsAndDirectoryErrors) {
  TempDir dir;
  dir.write("b/ok.toml", kMinimalRule);
  dir.write("a/broken.toml", "[rule\n");
  dir.write("c/readme.txt", "not a rule");
  LoadedRules loaded = load_rules(dir.path());
  ASSERT_EQ(loaded.rules.size(), 1u);
  const Rule& rule = loaded.rules[0];
  EXPECT_EQ(rule.rule_id, "r-1");
  EXPECT_EQ(rule.from, "now-6m");
  EXPECT_EQ(rule.interval, "5m");
  EXPECT_EQ(rule.max_signals, 100);
  EXPECT_EQ(rule.timestamp_override, "");
  EXPECT_EQ(rule.threat_json, "[]");
  ASSERT_EQ(loaded.errors.size(), 1u);
  EXPECT_EQ(loaded.errors[0].first, dir.path() + "/a/broken.toml");
  EXPECT_EQ(loaded.errors[0].second.rfind(dir.path() + "/a/broken.toml:1:", 0), 0u) << loaded.errors[0].second;

  LoadedRules none = load_rules(dir.path() + "/does-not-exist");
  EXPECT_TRUE(none.rules.empty());
  ASSERT_EQ(none.errors.size(), 1u);
  EXPECT_EQ(none.errors[0].second, dir.path() + "/does-not-exist: no such file or directory");
  auto missing = load_rule_file(dir.path() + "/nope.toml");
  EXPECT_EQ(missing.status().code(), Status::Code::IoError);
}

}  // namespace
}  // namespace trailhound::rules
