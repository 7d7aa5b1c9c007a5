// The raw-record prefilter (pipeline/record_prefilter.h): which SYNTHETIC raw
// records it lets through to parsing, for queries of the shapes rules use.
#include <gtest/gtest.h>

#include "ecs/raw_text_fields.h"
#include "ecs/user_agent_parser.h"
#include "esql/parser.h"
#include "pipeline/cloudtrail_field_facts.h"
#include "pipeline/record_prefilter.h"

namespace trailhound::pipeline {
namespace {

std::shared_ptr<const ecs::UserAgentParser> debian_user_agents() {
  static auto ua = ecs::UserAgentParser::load_file(ecs::kDefaultUapRegexesPath);
  EXPECT_TRUE(ua.ok()) << ua.status().message();
  return ua.ok() ? ua.value() : nullptr;
}

class Prefilter {
 public:
  // The decision of a fresh scratch (which scans every needle), for comparison.
  std::string fresh_keeps(std::string_view raw) const {
    auto scratch = filter_->make_scratch();
    filter_->select(raw, *scratch);
    std::string k;
    for (uint8_t b : scratch->keeps()) k += b ? '1' : '0';
    return k;
  }
  // `keyed`: every field with a record key is looked for in its values (by
  // default only keys with many needles are).
  explicit Prefilter(const std::vector<std::string>& queries, bool user_agents = true, bool keyed = false) {
    const CloudTrailFieldFacts facts(ecs::CloudTrailNormalizerOptions{}, user_agents, nullptr);
    std::vector<esql::Requirement> reqs;
    for (const auto& text : queries) {
      auto q = esql::parse_query(text);
      EXPECT_TRUE(q.ok()) << q.status().message();
      reqs.push_back(q.ok() ? esql::row_requirements(q.value(), facts) : esql::Requirement::anything());
    }
    auto built = RecordPrefilter::build(reqs, user_agents ? debian_user_agents().get() : nullptr,
                                        keyed ? 1 : RecordPrefilter::kMinKeyedNeedles);
    EXPECT_TRUE(built.ok()) << built.status().message();
    filter_ = built.value();
    scratch_ = filter_->make_scratch();
  }
  bool active() const { return filter_->skips_records(); }
  bool pass(std::string_view raw) { return filter_->select(raw, *scratch_); }
  // pass() for a record followed by more text (`ahead` starts with `raw`).
  bool pass_ahead(std::string_view raw, std::string_view ahead) { return filter_->select(raw, ahead, *scratch_); }
  void new_text() { scratch_->forget_ahead(); }
  // Records pass() gave the full pass (not settled by the learned gate).
  uint64_t full_scans() const { return scratch_->full_scans(); }
  // Per query, 1 if it may keep the last record passed to pass().
  std::string keeps() const {
    std::string k;
    for (uint8_t b : scratch_->keeps()) k += b ? '1' : '0';
    return k;
  }
  const std::vector<std::string>& description() const { return filter_->description(); }

 private:
  std::shared_ptr<const RecordPrefilter> filter_;
  std::unique_ptr<RecordPrefilter::Scratch> scratch_;
};

constexpr const char* kFounding = R"(from logs-aws.cloudtrail-*
  | where data_stream.dataset == "aws.cloudtrail" and source.ip IS NOT NULL
      and event.provider in ("iam.amazonaws.com", "ec2.amazonaws.com")
      and user_agent.name == "aws-cli"
  | where true in (starts_with(event.action, "Describe"), starts_with(event.action, "List"))
  | stats c = count_distinct(event.action) by aws.cloudtrail.user_identity.arn)";

// Each behaviour holds both ways a field with a record key can be looked for:
// as free text (keys with few needles) and in the key's values (keys with many).
TEST(RecordPrefilter, FoundingRuleNeedsItsText) {
  for (bool keyed : {false, true}) {
    SCOPED_TRACE(keyed ? "keyed" : "free text");
    Prefilter p({kFounding}, true, keyed);
    ASSERT_TRUE(p.active());
    // Whole-string fields are looked for with their quotes.
    EXPECT_EQ(p.description()[0],
              R"((event.provider ~ `"iam.amazonaws.com"` | event.provider ~ `"ec2.amazonaws.com"`) & )"
              R"(user_agent.name ~ `aws-cli` & (event.action ~ `"Describe` | event.action ~ `"List`))");
    EXPECT_TRUE(p.pass(R"({"eventSource":"ec2.amazonaws.com","eventName":"DescribeVpcs","userAgent":"aws-cli/2.15.0"})"));
    EXPECT_FALSE(p.pass(R"({"eventSource":"ec2.amazonaws.com","eventName":"DescribeVpcs","userAgent":"Boto3/1.34"})"));
    EXPECT_FALSE(p.pass(R"({"eventSource":"s3.amazonaws.com","eventName":"ListBuckets","userAgent":"aws-cli/2.15.0"})"));
    EXPECT_FALSE(p.pass(R"({"eventSource":"iam.amazonaws.com","eventName":"CreateUser","userAgent":"aws-cli/2.15.0"})"));
    // Necessary, not sufficient: the real filters decide what passes (this agent
    // is not named aws-cli by uap-core).
    EXPECT_TRUE(p.pass(R"({"eventSource":"iam.amazonaws.com","eventName":"ListThings","userAgent":"my-aws-cli-wrapper"})"));
    // The text in other members: enough as free text; in the key's values only, not.
    EXPECT_EQ(p.pass(R"({"eventSource":"iam.amazonaws.com","eventName":"CreateUser","userAgent":"x",)"
                     R"("requestParameters":{"note":"aws-cli","next":"ListThings"}})"),
              !keyed);
  }
}

TEST(RecordPrefilter, EscapesThatCouldSpellANeedleAreParsed) {
  for (bool keyed : {false, true}) {
    Prefilter p({kFounding}, true, keyed);
    EXPECT_TRUE(p.pass(R"({"eventSource":"ec2.amazonaws.com","eventName":"DescribeVpcs","userAgent":"\u0061ws-cli/2"})"));
    EXPECT_TRUE(p.pass(R"({"eventSource":"ec2.amazonaws.com","userAgent":"x\/y"})"));
    // Other escapes cannot hide these needles.
    EXPECT_FALSE(p.pass(R"({"eventSource":"ec2.amazonaws.com","userAgent":"say \"hi\"\n"})"));
  }
}

TEST(RecordPrefilter, NeedlesAreJsonEncoded) {
  for (bool keyed : {false, true}) {
    Prefilter p({R"(from logs | where event.action == "a\"b\\c")"}, true, keyed);
    EXPECT_TRUE(p.pass(R"({"eventName":"a\"b\\c"})"));
    EXPECT_FALSE(p.pass(R"({"eventName":"xa\"b\\c"})"));
    EXPECT_FALSE(p.pass(R"({"eventName":"a"})"));
  }
}

// Prefix needles of a key are compared with a value by the character after
// the quote: needles sharing it (`"Get`, `"Generate`), one that does not
// (`"List`), and a value shorter than every needle.
TEST(RecordPrefilter, KeyedPrefixesAreFoundWhateverTheirFirstCharacter) {
  for (bool keyed : {false, true}) {
    SCOPED_TRACE(keyed ? "keyed" : "free text");
    Prefilter p({R"(from logs | where starts_with(event.action, "Get"))",
                 R"(from logs | where starts_with(event.action, "Generate"))",
                 R"(from logs | where starts_with(event.action, "List"))",
                 R"(from logs | where event.action == "GetObject")"},
                true, keyed);
    EXPECT_TRUE(p.pass(R"({"eventName":"GetObject"})"));
    EXPECT_EQ(p.keeps(), "1001");
    EXPECT_TRUE(p.pass(R"({"eventName":"GenerateDataKey"})"));
    EXPECT_EQ(p.keeps(), "0100");  // shares "Ge" with "Get", which it does not start with
    EXPECT_TRUE(p.pass(R"({"eventName":"ListBuckets"})"));
    EXPECT_EQ(p.keeps(), "0010");
    EXPECT_FALSE(p.pass(R"({"eventName":"G"})"));
    EXPECT_FALSE(p.pass(R"({"eventName":""})"));
    EXPECT_EQ(p.pass(R"({"eventName":"DescribeVpcs","other":"GetObject"})"), !keyed);
  }
}

// Where a keyed needle must lie in its value token comes from the atom, not
// from the needle's own characters: a contained text ending with an escaped
// quote is not a suffix.
TEST(RecordPrefilter, KeyedNeedlesKeepTheirPlaceInTheToken) {
  Prefilter p({R"(from logs | where event.action like "*b\"*")", R"(from logs | where event.action like "a\"*")",
               R"(from logs | where event.action like "*\"c")"},
              true, /*keyed=*/true);
  EXPECT_TRUE(p.pass(R"({"eventName":"xb\"y"})"));  // contains b"
  EXPECT_EQ(p.keeps(), "100");
  EXPECT_TRUE(p.pass(R"({"eventName":"a\"yy"})"));  // starts with a"
  EXPECT_EQ(p.keeps(), "010");
  EXPECT_TRUE(p.pass(R"({"eventName":"yy\"c"})"));  // ends with "c
  EXPECT_EQ(p.keeps(), "001");
  EXPECT_FALSE(p.pass(R"({"eventName":"ya\"c y"})"));
}

TEST(RecordPrefilter, KeyedFieldsAreReadFromEveryOccurrenceOfTheirKey) {
  Prefilter p({R"(from logs | where event.action == "GetSecretValue")"}, true, /*keyed=*/true);
  // Any spacing around the colon; every occurrence of the key counts, nested ones too
  // (a superset: the real filter decides).
  EXPECT_TRUE(p.pass(R"({"eventName" :	"GetSecretValue"})"));
  EXPECT_TRUE(p.pass(R"({"eventName":"Other","requestParameters":{"eventName":"GetSecretValue"}})"));
  EXPECT_TRUE(p.pass(R"({"requestParameters":{"eventName":"GetSecretValue"},"eventName":"Other"})"));
  // The key text as a value, a longer value, an object value: no.
  EXPECT_FALSE(p.pass(R"({"k":"eventName","v":"GetSecretValue"})"));
  EXPECT_FALSE(p.pass(R"({"eventName":"GetSecretValueX"})"));
  EXPECT_FALSE(p.pass(R"({"eventName":{"x":"GetSecretValue"}})"));
  // Escaped quotes inside the value do not end it early.
  EXPECT_FALSE(p.pass(R"({"eventName":"say \"hi\" GetSecretValue"})"));
  EXPECT_TRUE(p.pass(R"({"eventName":"say \"hi\"","eventName":"GetSecretValue"})"));
}

TEST(RecordPrefilter, BooleanRenderingsAreNotQuoted) {
  // "true" may come from a JSON boolean, rendered without quotes.
  for (bool keyed : {false, true}) {
    Prefilter p({R"(from logs | where aws.cloudtrail.session_credential_from_console == "true")"}, true, keyed);
    EXPECT_TRUE(p.pass(R"({"sessionCredentialFromConsole":true})"));
    EXPECT_TRUE(p.pass(R"({"sessionCredentialFromConsole":"true"})"));
    EXPECT_FALSE(p.pass(R"({"sessionCredentialFromConsole":"false"})"));
  }
}

TEST(RecordPrefilter, OffWhenAnyQueryNeedsEveryRecord) {
  // A derived field (event.outcome), a number-like value, a name no text check
  // can decide, no filter at all: each keeps every record parsed.
  for (const char* q : {R"(from logs | where event.outcome == "failure")",
                        R"(from logs | where cloud.account.id == "111122223333")",
                        R"(from logs | where user_agent.name == "Other")",
                        R"(from logs | stats c = count(*))"}) {
    Prefilter p({kFounding, q});
    EXPECT_FALSE(p.active()) << q;
    EXPECT_TRUE(p.pass(R"({"eventName":"Nothing"})")) << q;
    // ... but only that query needs its fields: the founding rule cannot keep it.
    EXPECT_EQ(p.keeps(), "01") << q;
    EXPECT_TRUE(p.pass(R"({"eventSource":"ec2.amazonaws.com","eventName":"DescribeVpcs","userAgent":"aws-cli/2"})"));
    EXPECT_EQ(p.keeps(), "11") << q;
  }
  // Without user-agent regexes, user_agent.name is always null: the founding
  // rule keeps nothing, and a rule on it alone passes nothing.
  Prefilter no_ua({kFounding}, false);
  ASSERT_TRUE(no_ua.active());
  EXPECT_EQ(no_ua.description()[0], "never");
  EXPECT_FALSE(no_ua.pass(R"({"eventSource":"ec2.amazonaws.com","eventName":"DescribeVpcs","userAgent":"aws-cli/2"})"));
}

TEST(RecordPrefilter, AnyQueryMayKeepTheRecord) {
  for (bool keyed : {false, true}) {
    SCOPED_TRACE(keyed ? "keyed" : "free text");
    Prefilter p({kFounding, R"(from logs-aws.cloudtrail-* | where event.action == "GetSecretValue")",
                 R"(from logs-aws.cloudtrail-*, logs-azure-* | where data_stream.dataset == "azure.platformlogs")"},
                true, keyed);
    ASSERT_TRUE(p.active());
    EXPECT_EQ(p.description()[2], "never");
    EXPECT_TRUE(p.pass(R"({"eventName":"GetSecretValue","userAgent":"Boto3/1.34"})"));
    EXPECT_EQ(p.keeps(), "010");
    // "GetSecretValue" as another member's value: free text may keep it, the
    // event name key's values know better.
    EXPECT_TRUE(p.pass(R"({"eventSource":"iam.amazonaws.com","eventName":"ListUsers","userAgent":"aws-cli/2",)"
                       R"("requestParameters":{"secretId":"GetSecretValue"}})"));
    EXPECT_EQ(p.keeps(), keyed ? "100" : "110");
    // An escape could spell any needle: every query that can keep records may keep it.
    EXPECT_TRUE(p.pass(R"({"eventName":"Put\u0053ecretValue"})"));
    EXPECT_EQ(p.keeps(), "110");
    // event.action is a whole JSON string: equality needs the quoted value.
    EXPECT_FALSE(p.pass(R"({"eventName":"GetSecretValues","userAgent":"Boto3/1.34"})"));
    EXPECT_FALSE(p.pass(R"({"eventName":"PutSecretValue","userAgent":"Boto3/1.34"})"));
    EXPECT_EQ(p.keeps(), "000");
  }
}

TEST(RecordPrefilter, LearnedGatesChangeNoDecision) {
  // After 2,048 records a thread scans first for each rule's rarest needles;
  // every decision must stay what a full scan decides.
  for (bool keyed : {false, true}) {
    Prefilter p({kFounding, R"(from logs-aws.cloudtrail-* | where event.action == "GetSecretValue")"}, true, keyed);
    const char* agents[] = {"aws-cli/2.15.0", "Boto3/1.34", "console.amazonaws.com", "a\\u0077s-cli/2"};
    const char* actions[] = {"DescribeVpcs", "ListUsers", "GetSecretValue", "PutObject", "CreateUser"};
    const char* sources[] = {"ec2.amazonaws.com", "iam.amazonaws.com", "s3.amazonaws.com", "secretsmanager.amazonaws.com"};
    size_t kept = 0, skipped = 0;
    for (uint32_t i = 0; i < 12000; ++i) {
      // Mostly records no rule can keep, as in a real trail.
      const bool rare = i % 17 == 0;
      const std::string raw = std::string(R"({"eventSource":")") + sources[rare ? (i / 17) % 4 : 2] +
                              R"(","eventName":")" + actions[rare ? (i / 3) % 5 : 3] + R"(","userAgent":")" +
                              agents[rare ? (i / 7) % 4 : 1] + R"("})";
      const bool any = p.pass(raw);
      ASSERT_EQ(p.keeps(), p.fresh_keeps(raw)) << "record " << i << ": " << raw;
      (any ? kept : skipped) += 1;
    }
    EXPECT_GT(kept, 0u);
    EXPECT_GT(skipped, 10000u);
    // The gate settles the common records (Boto3, PutObject) alone, also when
    // a query's rarest needle is an event name (keyed: its key is looked for).
    EXPECT_LT(p.full_scans(), 2048u + 1000u);
  }
}

TEST(RecordPrefilter, GatesOfSeveralQueriesMayShareNeedles) {
  // Two rules gated on the same agent: their gates together pass the records
  // holding it once (30 % here), not the sum of both rules' shares (60 %).
  const std::string same_agent = R"(from logs-aws.cloudtrail-*
    | where user_agent.name == "aws-cli" and event.action in ("ListUsers", "ListRoles", "ListPolicies"))";
  for (bool keyed : {false, true}) {
    SCOPED_TRACE(keyed ? "keyed" : "free text");
    Prefilter p({kFounding, same_agent}, true, keyed);
    const char* actions[] = {"ListUsers", "DescribeVpcs", "PutObject"};
    for (uint32_t i = 0; i < 12000; ++i) {
      const bool cli = i % 10 < 3;
      const std::string raw = std::string(R"({"eventSource":"iam.amazonaws.com","eventName":")") + actions[i % 3] +
                              R"(","userAgent":")" + (cli ? "aws-cli/2.15.0" : "Boto3/1.34") + R"("})";
      p.pass(raw);
      ASSERT_EQ(p.keeps(), p.fresh_keeps(raw)) << "record " << i << ": " << raw;
    }
    EXPECT_LT(p.full_scans(), 2048u + 3500u);
  }
}

TEST(RecordPrefilter, ScanningAheadChangesNoDecision) {
  // Records of one text looked up in one scan of the text ahead decide as
  // each scanned alone — also for a needle that occurs across two records
  // (`},{` between them) and after the gate is learned.
  const std::vector<std::string> queries = {
      kFounding, R"(from logs-aws.cloudtrail-* | where event.action == "GetSecretValue")",
      R"(from logs-aws.cloudtrail-* | where event.action like "*},{*")"};
  for (bool keyed : {false, true}) {
    SCOPED_TRACE(keyed ? "keyed" : "free text");
    Prefilter p(queries, true, keyed);
    const char* agents[] = {"aws-cli/2.15.0", "Boto3/1.34", R"(a\u0077s-cli/2)"};  // the JSON escape, as record text
    const char* actions[] = {"DescribeVpcs", "GetSecretValue", "PutObject", "x},{y"};
    for (int text = 0; text < 3; ++text) {
      std::string all = "{\"Records\":[";
      std::vector<std::pair<size_t, size_t>> spans;
      for (uint32_t i = 0; i < 5000; ++i) {
        const bool rare = (i + text) % 13 == 0;
        if (i) all += ",";
        const size_t b = all.size();
        all += std::string(R"({"eventSource":"ec2.amazonaws.com","eventName":")") + actions[rare ? (i / 13) % 4 : 2] +
               R"(","userAgent":")" + agents[rare ? (i / 5) % 3 : 1] + R"("})";
        spans.emplace_back(b, all.size() - b);
      }
      all += "]}";
      p.new_text();
      for (const auto& [b, n] : spans) {
        const std::string_view raw(all.data() + b, n);
        p.pass_ahead(raw, std::string_view(all.data() + b, all.size() - b));
        ASSERT_EQ(p.keeps(), p.fresh_keeps(raw)) << "text " << text << ": " << raw;
      }
    }
  }
}

TEST(RecordPrefilter, UserAgentNamesFromReplacementsAreNotNeedles) {
  auto ua = debian_user_agents();
  ASSERT_TRUE(ua);
  EXPECT_TRUE(ua->name_always_in_text("aws-cli"));
  EXPECT_TRUE(ua->name_always_in_text("Boto3"));
  EXPECT_FALSE(ua->name_always_in_text("Other"));
  // uap-core has `family_replacement: 'Firefox ($1)'`.
  EXPECT_FALSE(ua->name_always_in_text("Firefox (Shiretoko)"));
  EXPECT_TRUE(ua->name_always_in_text("Firefox"));
}

// Only a whole name is known to be copied from the agent: a prefix of a name
// may come from a replacement, or be "Other", which no agent spells.
TEST(RecordPrefilter, OnlyUserAgentNameEqualityIsANeedle) {
  Prefilter p({R"(from logs | where starts_with(user_agent.name, "Oth"))",
               R"(from logs | where user_agent.name like "Chrome Mob*")", R"(from logs | where user_agent.name == "aws-cli")"});
  EXPECT_EQ(p.description()[0], "");
  EXPECT_EQ(p.description()[1], "");
  EXPECT_TRUE(p.pass(R"({"userAgent":"no known client"})"));
  EXPECT_EQ(p.keeps(), "110");
}

TEST(RecordPrefilter, RawTextFieldsAreCopiesOfRecordText) {
  for (const char* f : {"event.action", "event.provider", "user_agent.original", "aws.cloudtrail.user_identity.arn",
                        "user.name", "cloud.region", "source.address"})
    EXPECT_TRUE(ecs::is_raw_text_field(f)) << f;
  // Constants, derived values, parsed values: not copies.
  for (const char* f : {"event.outcome", "event.dataset", "event.category", "user_agent.name", "source.ip",
                        "@timestamp", "aws.cloudtrail.request_parameters", "related.user"})
    EXPECT_FALSE(ecs::is_raw_text_field(f)) << f;
}

}  // namespace
}  // namespace trailhound::pipeline
