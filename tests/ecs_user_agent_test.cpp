// UserAgentParser against the uap-core e9fd8c6 regexes Elasticsearch ships, using the
// expectations file that emulates ES's assembly rules (pre-8.16.2 dots), plus the
// CloudTrail user agents the detection rules care about.
#include <gtest/gtest.h>
#include <simdjson.h>

#include <filesystem>
#include <fstream>
#include <atomic>
#include <set>
#include <thread>
#include <iostream>
#include <sstream>

#include "ecs/user_agent_cache.h"
#include "ecs/user_agent_parser.h"

#include <yaml-cpp/yaml.h>

namespace trailhound::ecs {
namespace {

const std::string kUapDir = std::string(TRAILHOUND_SHARED_DIR) + "/testdata/uap-core-regexes-e9fd8c6";

std::shared_ptr<const UserAgentParser> load(bool legacy_dots) {
  UserAgentParser::Options o;
  o.legacy_trailing_dots = legacy_dots;
  auto r = UserAgentParser::load_file(kUapDir + "/regexes.yaml", o);
  EXPECT_TRUE(r.ok()) << r.status().message();
  return r.ok() ? r.value() : nullptr;
}

const std::shared_ptr<const UserAgentParser>& es_parser() {
  static auto p = load(false);
  return p;
}

std::string show(const std::optional<std::string>& s) { return s ? "\"" + *s + "\"" : "<absent>"; }

std::string show(const UserAgentInfo& i) {
  return "name=" + i.name + " version=" + show(i.version) + " os.name=" + show(i.os_name) +
         " os.version=" + show(i.os_version) + " os.full=" + show(i.os_full) +
         " device=" + i.device_name;
}

TEST(UserAgentParser, LoadsEveryE9fd8c6RuleIntoRe2) {
  auto p = es_parser();
  ASSERT_NE(p, nullptr);
  for (const auto& s : p->skipped_rules()) ADD_FAILURE() << "skipped: " << s;
  EXPECT_EQ(p->rule_count(), 1103u);  // grep -c '^  - regex:' regexes.yaml (7 more are commented out)
}

TEST(UserAgentParser, MatchesEsExpectationsFile) {
  // The oracle was computed with ES < 8.16.2 dot behaviour, so compare in legacy mode.
  auto legacy = load(true);
  ASSERT_NE(legacy, nullptr);
  std::ifstream f(kUapDir + "/es-user-agent-expectations.jsonl");
  ASSERT_TRUE(f) << "missing expectations file";
  simdjson::dom::parser jp;
  std::string line;
  int rows = 0;
  while (std::getline(f, line)) {
    if (line.empty()) continue;
    ++rows;
    simdjson::dom::element e = jp.parse(line);
    UserAgentInfo want;
    std::string_view sv;
    want.name = std::string(std::string_view(e["name"]));
    if (e["version"].get(sv) == simdjson::SUCCESS) want.version = std::string(sv);
    simdjson::dom::object os;
    if (e["os"].get(os) == simdjson::SUCCESS) {
      want.os_name = std::string(std::string_view(os["name"]));
      if (os["version"].get(sv) == simdjson::SUCCESS) want.os_version = std::string(sv);
      if (os["full"].get(sv) == simdjson::SUCCESS) want.os_full = std::string(sv);
    }
    want.device_name = std::string(std::string_view(e["device"]["name"]));
    std::string_view original = e["original"];
    UserAgentInfo got = legacy->parse(original);
    EXPECT_EQ(show(got), show(want)) << original;
  }
  EXPECT_EQ(rows, 57);
}

TEST(UserAgentParser, PostFixVersionsDropTrailingDots) {
  auto p = es_parser();
  EXPECT_EQ(show(p->parse("Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:109.0) Gecko/20100101 Firefox/114.0")),
            "name=Firefox version=\"114.0\" os.name=\"Ubuntu\" os.version=<absent> os.full=<absent> device=Other");
  EXPECT_EQ(*p->parse("Java/17.0.11").version, "0.11");
}

TEST(UserAgentParser, AwsCliV2CloudShell) {
  EXPECT_EQ(show(es_parser()->parse("aws-cli/2.13.5 Python/3.11.4 Linux/4.14.255 exec-env/CloudShell "
                                    "exe/x86_64.amzn.2 prompt/off command/s3.ls")),
            "name=aws-cli version=\"2.13.5\" os.name=\"Linux\" os.version=\"4.14.255\" "
            "os.full=\"Linux 4.14.255\" device=Other");
}

TEST(UserAgentParser, AwsCliV1WithBotocoreIsSpider) {
  UserAgentInfo i = es_parser()->parse("aws-cli/1.18.147 Python/2.7.18 Linux/... botocore/1.18.6");
  EXPECT_EQ(i.name, "aws-cli");
  EXPECT_EQ(i.version, "1.18.147");
  EXPECT_EQ(i.device_name, "Spider");
  EXPECT_EQ(i.os_name, "Linux");  // "Linux/..." has no version digits
  EXPECT_EQ(i.os_version, std::nullopt);
}

TEST(UserAgentParser, BracketedAwsCli) {
  EXPECT_EQ(show(es_parser()->parse(
                "[aws-cli/2.2.16 Python/3.8.8 Darwin/20.6.0 exe/x86_64 prompt/off command/ec2.describe-instances]")),
            "name=aws-cli version=\"2.2.16\" os.name=<absent> os.version=<absent> os.full=<absent> device=Other");
}

TEST(UserAgentParser, Boto3AndTerraformAndGoV2) {
  auto p = es_parser();
  EXPECT_EQ(show(p->parse("Boto3/1.9.201 Python/2.7.16 Linux/4.14.133-113.105.amzn2.x86_64 Botocore/1.12.201")),
            "name=Boto3 version=\"1.9.201\" os.name=\"Linux\" os.version=\"4.14.133\" "
            "os.full=\"Linux 4.14.133\" device=Spider");
  EXPECT_EQ(show(p->parse("APN/1.0 HashiCorp/1.0 Terraform/1.5.0 (+https://www.terraform.io) "
                          "terraform-provider-aws/5.0.1 (+https://registry.terraform.io/providers/hashicorp/aws) "
                          "aws-sdk-go/1.44.276 (go1.20.4; linux; amd64)")),
            "name=aws-sdk-go version=\"1.44.276\" os.name=\"Linux\" os.version=<absent> os.full=<absent> device=Other");
  EXPECT_EQ(p->parse("m/E aws-sdk-go-v2/1.18.0 os/linux lang/go/1.20.4").name, "Other");
}

TEST(UserAgentParser, ConsoleAndServiceCallers) {
  auto p = es_parser();
  const std::string none = "name=Other version=<absent> os.name=<absent> os.version=<absent> os.full=<absent> device=Other";
  EXPECT_EQ(show(p->parse("AWS Internal")), none);
  EXPECT_EQ(show(p->parse("signin.amazonaws.com")), none);
  EXPECT_EQ(show(p->parse("ec2.amazonaws.com")), none);
  EXPECT_EQ(show(p->parse("")), none);
  EXPECT_EQ(show(p->parse("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) "
                          "Version/16.5 Safari/605.1.15")),
            "name=Safari version=\"16.5\" os.name=\"Mac OS X\" os.version=\"10.15.7\" "
            "os.full=\"Mac OS X 10.15.7\" device=Mac");
}

// The atom prefilter only skips rules that cannot match: over uap-core's own
// test corpus (Debian's package: ~30,000 agents) and ES's expectations, both
// regex files give exactly what trying every rule in order gives. The test
// takes every 6th agent to stay quick; the whole corpus also agreed (checked
// once, 0 differences in either file).
std::vector<std::string> agent_corpus() {
  std::vector<std::string> agents;
  for (const char* f : {"tests/test_ua.yaml", "tests/test_os.yaml", "tests/test_device.yaml"}) {
    YAML::Node root = YAML::LoadFile(std::string("/usr/share/uap-core/") + f);
    for (const auto& c : root["test_cases"]) agents.push_back(c["user_agent_string"].as<std::string>());
  }
  std::ifstream pgts("/usr/share/uap-core/test_resources/pgts_browser_list.txt");
  for (std::string line; std::getline(pgts, line);) agents.push_back(line);
  std::ifstream f(kUapDir + "/es-user-agent-expectations.jsonl");
  simdjson::dom::parser jp;
  for (std::string line; std::getline(f, line);) agents.emplace_back(std::string_view(jp.parse(line)["original"]));
  return agents;
}

TEST(UserAgentParser, AtomPrefilterAgreesWithSequentialScan) {
  const std::vector<std::string> agents = agent_corpus();
  ASSERT_GT(agents.size(), 15000u);
  std::vector<std::string> sample;
  for (size_t i = 0; i < agents.size(); i += 6) sample.push_back(agents[i]);
  for (const std::string& file : {kUapDir + "/regexes.yaml", std::string(kDefaultUapRegexesPath)}) {
    UserAgentParser::Options o;
    o.use_atom_prefilter = false;
    auto seq = UserAgentParser::load_file(file, o);
    o.use_atom_prefilter = true;
    auto fast = UserAgentParser::load_file(file, o);
    ASSERT_TRUE(seq.ok() && fast.ok());
    size_t differ = 0;
    for (const std::string& ua : sample) {
      const std::string a = show(fast.value()->parse(ua)), b = show(seq.value()->parse(ua));
      if (a != b && ++differ <= 5) ADD_FAILURE() << file << ": " << ua << "\n  prefiltered: " << a << "\n  every rule:  " << b;
    }
    EXPECT_EQ(differ, 0u) << file;
  }
}

// Threads that need a list while it is being compiled compile parts of it
// (shards): four threads start parsing a fresh parser at once; every answer
// must be the sequential scan's.
TEST(UserAgentParser, ConcurrentFirstUseGivesTheSameAnswers) {
  const std::vector<std::string> agents = agent_corpus();
  std::vector<std::string> sample;
  for (size_t i = 0; i < agents.size(); i += 24) sample.push_back(agents[i]);
  UserAgentParser::Options o;
  o.use_atom_prefilter = false;
  auto seq = UserAgentParser::load_file(kDefaultUapRegexesPath, o);
  ASSERT_TRUE(seq.ok());
  std::vector<std::string> expected;
  for (const std::string& ua : sample) expected.push_back(show(seq.value()->parse(ua)));
  for (int round = 0; round < 3; ++round) {
    auto fresh = UserAgentParser::load_file(kDefaultUapRegexesPath, UserAgentParser::Options{});
    ASSERT_TRUE(fresh.ok());
    if (round == 1) fresh.value()->prepare(UserAgentParser::kAll);  // a preparer joins in
    std::atomic<size_t> differ{0};
    auto work = [&](size_t from) {
      for (size_t k = 0; k < sample.size(); ++k) {
        const size_t i = (from + k) % sample.size();
        if (show(fresh.value()->parse(sample[i])) != expected[i]) differ.fetch_add(1);
      }
    };
    std::vector<std::thread> threads;
    for (size_t t = 0; t < 4; ++t) threads.emplace_back(work, t * sample.size() / 4);
    for (auto& t : threads) t.join();
    EXPECT_EQ(differ.load(), 0u) << "round " << round;
    EXPECT_EQ(fresh.value()->rule_count(), seq.value()->rule_count());
  }
}

TEST(UserAgentParser, BadFilesAreStatusesNotCrashes) {
  UserAgentParser::Options o;
  EXPECT_FALSE(UserAgentParser::load_file("/nonexistent/regexes.yaml", o).ok());
  EXPECT_FALSE(UserAgentParser::load_yaml("user_agent_parsers: [", "inline", o).ok());
  EXPECT_FALSE(UserAgentParser::load_yaml("os_parsers: []", "inline", o).ok());
  auto r = UserAgentParser::load_yaml(
      "user_agent_parsers:\n"
      "  - regex: '(?<=x)(Foo)/(\\d+)'\n"        // lookbehind: RE2 cannot
      "  - regex: '(Bar)/(\\d++)\\.(\\d+)'\n"    // possessive: translated
      "os_parsers: []\ndevice_parsers: []\n",
      "inline", o);
  ASSERT_TRUE(r.ok()) << r.status().message();
  ASSERT_EQ(r.value()->skipped_rules().size(), 1u);
  EXPECT_NE(r.value()->skipped_rules()[0].find("inline: user_agent_parsers[0]"), std::string::npos);
  EXPECT_EQ(show(r.value()->parse("Bar/12.3")),
            "name=Bar version=\"12.3\" os.name=<absent> os.version=<absent> os.full=<absent> device=Other");
}

TEST(UserAgentTranslate, JavaOnlySyntax) {
  EXPECT_EQ(translate_java_regex_for_re2("a++b*+c?+"), "a+b*c?");
  EXPECT_EQ(translate_java_regex_for_re2("(?>ab)"), "(?:ab)");
  EXPECT_EQ(translate_java_regex_for_re2("[+]+x\\++"), "[+]+x\\++");
  EXPECT_EQ(translate_java_regex_for_re2("end\\Z"), "end(?:\\n?\\z)");
}

TEST(UserAgentCache, MemoizesPerString) {
  UserAgentCache cache(es_parser(), 2);
  EXPECT_EQ(cache.lookup("aws-cli/2.13.5 Python/3.11.4").name, "aws-cli");
  EXPECT_EQ(cache.lookup("aws-cli/2.13.5 Python/3.11.4").name, "aws-cli");
  EXPECT_EQ(cache.hits(), 1u);
  EXPECT_EQ(cache.misses(), 1u);
  cache.lookup("a");
  cache.lookup("b");  // over capacity: cleared, then inserted
  EXPECT_EQ(cache.size(), 1u);
  EXPECT_EQ(cache.lookup("Go-http-client/1.1").version, "1.1");
}

// Not an assertion of parity: measures how far Debian's newer uap-core file (the
// system default) is from what Elasticsearch emits, so the difference stays visible.
TEST(UserAgentParser, ReportsDebianRegexesDrift) {
  auto deb = UserAgentParser::load_file(kDefaultUapRegexesPath, UserAgentParser::Options{});
  if (!deb.ok()) GTEST_SKIP() << deb.status().message();
  std::ifstream f(kUapDir + "/es-user-agent-expectations.jsonl");
  simdjson::dom::parser jp;
  std::string line;
  int rows = 0, differ = 0;
  while (std::getline(f, line)) {
    std::string_view ua = jp.parse(line)["original"];
    ++rows;
    if (show(deb.value()->parse(ua)) != show(es_parser()->parse(ua))) {
      ++differ;
      std::cout << "  debian differs: " << ua.substr(0, 60) << "\n    deb: " << show(deb.value()->parse(ua))
                << "\n    es : " << show(es_parser()->parse(ua)) << "\n";
    }
  }
  std::cout << "[ua-drift] " << kDefaultUapRegexesPath << ": skipped rules "
            << deb.value()->skipped_rules().size() << ", " << differ << "/" << rows
            << " expectation UAs parse differently from uap-core e9fd8c6\n";
  // Same comparison over every distinct user_agent.original in Elastic's CloudTrail vectors.
  std::set<std::string> uas;
  const std::string vectors = std::string(TRAILHOUND_SHARED_DIR) + "/testdata/elastic-integration-cloudtrail";
  for (const auto& entry : std::filesystem::directory_iterator(vectors)) {
    std::string name = entry.path().filename().string();
    if (name.size() < 14 || name.substr(name.size() - 14) != "-expected.json") continue;
    simdjson::dom::element root = jp.load(entry.path().string());
    for (simdjson::dom::element d : root["expected"].get_array()) {
      std::string_view ua;
      if (d["user_agent"]["original"].get(ua) == simdjson::SUCCESS) uas.emplace(ua);
    }
  }
  int vdiffer = 0;
  for (const std::string& ua : uas) {
    if (show(deb.value()->parse(ua)) != show(es_parser()->parse(ua))) {
      ++vdiffer;
      std::cout << "  debian differs: " << ua.substr(0, 60) << "\n    deb: " << show(deb.value()->parse(ua))
                << "\n    es : " << show(es_parser()->parse(ua)) << "\n";
    }
  }
  std::cout << "[ua-drift] " << vdiffer << "/" << uas.size()
            << " distinct CloudTrail-vector UAs parse differently with the Debian file\n";
}

}  // namespace
}  // namespace trailhound::ecs
