// User-agent OS and device fields filled after a query's leading filters
// (pipeline/deferred_user_agent.h): every query must return exactly what it
// returns when the normalizer fills them for every record. SYNTHETIC events.
#include <gtest/gtest.h>

#include <sstream>

#include "ecs/user_agent_parser.h"
#include "esql/parser.h"
#include "pipeline/data_sources.h"
#include "pipeline/deferred_user_agent.h"
#include "pipeline/scan.h"
#include "support/hunt_harness.h"
#include "support/synthetic_cloudtrail.h"

namespace trailhound::testing {
namespace {

std::shared_ptr<const ecs::UserAgentParser> parser() {
  static auto ua = ecs::UserAgentParser::load_file(ecs::kDefaultUapRegexesPath);
  EXPECT_TRUE(ua.ok());
  return ua.ok() ? ua.value() : nullptr;
}

// Runs `queries` together over `input`; each result rendered (render_rows),
// then its warnings.
std::vector<std::string> run(const std::vector<std::string>& queries, const std::string& input, bool defer,
                             bool prefilter = true) {
  std::ostringstream err;
  ingest::ErrorReporter errors(&err);
  pipeline::DataSources sources;
  EXPECT_TRUE(sources.add_input(input).ok());
  EXPECT_TRUE(sources.load(errors, true).ok());
  std::vector<std::shared_ptr<const PreparedQuery>> prepared;
  std::vector<std::unique_ptr<QueryRun>> runs;
  std::vector<std::unique_ptr<esql::Query>> syntax;
  std::vector<pipeline::ScanTarget> targets;
  for (const std::string& text : queries) {
    auto q = esql::parse_query(text);
    EXPECT_TRUE(q.ok()) << q.status().message();
    QueryOptions qo;
    qo.implicit_limit = -1;
    qo.now_millis = 1735689600000;
    auto p = prepare(q.value(), sources.catalog(), qo);
    EXPECT_TRUE(p.ok()) << p.status().message();
    prepared.push_back(p.value());
    runs.push_back(prepared.back()->start());
    syntax.push_back(std::make_unique<esql::Query>(std::move(q.value())));
    targets.push_back({prepared.back().get(), runs.back().get(), syntax.back().get()});
  }
  pipeline::ScanOptions so;
  so.user_agents = parser();
  so.defer_user_agent = defer;
  so.prefilter = prefilter;
  EXPECT_TRUE(pipeline::scan(sources, targets, so, errors).ok());
  std::vector<std::string> out;
  for (auto& r : runs) {
    auto res = r->finish();
    EXPECT_TRUE(res.ok());
    std::string text = render_rows(res.value());
    for (const std::string& w : res.value().warnings) text += "warning: " + w + "\n";
    out.push_back(text);
  }
  return out;
}

std::string trail() {
  std::vector<Event> events;
  const char* agents[] = {ua::kCliV2, ua::kConsole, ua::kBoto3, ua::kTerraform,
                          "Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Mobile/15E148 Safari/604.1",
                          "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36"};
  const char* actions[] = {"SetRepositoryPolicy", "ListUsers", "PutRegistryPolicy", "DescribeInstances"};
  for (int i = 0; i < 300; ++i) {
    Event e = iam_user_call("2024-03-10T12:" + std::to_string(10 + i / 60) + ":" + std::to_string(10 + i % 50) + "Z",
                            i % 4 == 3 ? "ec2.amazonaws.com" : "ecr.amazonaws.com", actions[i % 4],
                            "user" + std::to_string(i % 7));
    e.user_agent = i % 11 == 0 ? "" : agents[i % 6];
    events.push_back(e);
  }
  const std::string dir = make_temp_dir("deferred_ua");
  write_file(dir + "/trail.json", records_document(events));
  return dir + "/trail.json";
}

TEST(DeferredUserAgent, QueriesSeeWhatTheNormalizerWouldHaveFilled) {
  const std::string input = trail();
  const std::vector<std::string> queries = {
      // Shown only after a WHERE: deferred.
      R"(FROM logs-aws.cloudtrail-* | WHERE event.provider == "ecr.amazonaws.com" AND event.action IN ("SetRepositoryPolicy", "PutRegistryPolicy")
         | WHERE user.name != "user3" | KEEP @timestamp, user.name, user_agent.*)",
      // Read by the WHERE: filled at normalization (also for the query above
      // when both keep a record).
      R"(FROM logs-aws.cloudtrail-* | WHERE user_agent.os.name == "iOS" | KEEP @timestamp, user_agent.os.*, user_agent.device.name)",
      // Used by STATS after the filter.
      R"(FROM logs-aws.cloudtrail-* | WHERE event.action == "ListUsers" | STATS c = COUNT(*) BY user_agent.device.name, user_agent.os.full | SORT user_agent.device.name, user_agent.os.full)",
      // A filter that warns: its rows must all reach the query.
      R"(FROM logs-aws.cloudtrail-* | WHERE TO_INTEGER(user.name) > 0 OR event.action == "PutRegistryPolicy" | KEEP @timestamp, user_agent.device.name)",
      // Reads the device name in its WHERE, as normalized: a record it shares
      // with the first query is in a batch holding the device name but none
      // of the OS fields the first query still needs.
      R"(FROM logs-aws.cloudtrail-* | WHERE user_agent.device.name == "iPhone" | KEEP @timestamp, user_agent.device.name)",
  };
  for (bool prefilter : {true, false}) {
    SCOPED_TRACE(prefilter ? "prefilter" : "no prefilter");
    const auto normalized = run(queries, input, false, prefilter);
    const auto deferred = run(queries, input, true, prefilter);
    ASSERT_EQ(normalized.size(), deferred.size());
    for (size_t i = 0; i < queries.size(); ++i) {
      EXPECT_EQ(deferred[i], normalized[i]) << queries[i];
      EXPECT_FALSE(normalized[i].empty()) << queries[i];
    }
    EXPECT_NE(normalized[0].find("user_agent.device.name=\"iPhone\""), std::string::npos) << normalized[0];
    EXPECT_NE(normalized[3].find("warning: "), std::string::npos) << normalized[3];
  }
}

TEST(DeferredUserAgent, OnlyFieldsTheLeadingFiltersDoNotReadAreDeferred) {
  const std::string input = trail();
  std::ostringstream err;
  ingest::ErrorReporter errors(&err);
  pipeline::DataSources sources;
  ASSERT_TRUE(sources.add_input(input).ok());
  ASSERT_TRUE(sources.load(errors, true).ok());
  auto plan_of = [&](const std::string& text, int64_t now) {
    auto q = esql::parse_query(text);
    EXPECT_TRUE(q.ok());
    QueryOptions qo;
    qo.now_millis = now;
    auto p = prepare(q.value(), sources.catalog(), qo);
    EXPECT_TRUE(p.ok()) << p.status().message();
    std::vector<std::string> names;
    for (const SchemaField& f : pipeline::plan_deferral(*p.value(), parser().get()).fields) names.push_back(f.name);
    return names;
  };
  using Names = std::vector<std::string>;
  EXPECT_EQ(plan_of(R"(FROM logs-aws.cloudtrail-* | WHERE event.action == "X" | KEEP user_agent.*)", 1),
            (Names{"user_agent.device.name", "user_agent.os.full", "user_agent.os.name", "user_agent.os.version"}));
  EXPECT_EQ(plan_of(R"(FROM logs-aws.cloudtrail-* | WHERE user_agent.os.name == "iOS" | KEEP user_agent.*)", 1),
            (Names{"user_agent.device.name", "user_agent.os.full", "user_agent.os.version"}));
  // No leading filter, or NOW() not fixed: nothing is deferred.
  EXPECT_EQ(plan_of(R"(FROM logs-aws.cloudtrail-* | EVAL a = event.action | WHERE a == "X" | KEEP user_agent.*)", 1), Names{});
  EXPECT_EQ(plan_of(R"(FROM logs-aws.cloudtrail-* | WHERE event.action == "X" | KEEP user_agent.*)", 0), Names{});
}

}  // namespace
}  // namespace trailhound::testing
