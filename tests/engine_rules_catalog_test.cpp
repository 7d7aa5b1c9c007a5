// Every bundled Elastic ES|QL rule analyses against a catalog whose unknown
// FROM patterns fall back to the ECS schema (Catalog::set_fallback_schema +
// ecs_fallback_schema()); only rules using COMPLETION must fail, with
// "unsupported" (never "Unknown index/column").
#include "engine_test_util.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "exec/ecs_fallback_schema.h"

namespace trailhound {
namespace {

TEST(EngineRulesCatalog, FallbackSchemaResolvesUnknownPatterns) {
  Catalog c;
  Schema real;
  real.add("@timestamp", DataType::Datetime);
  real.add("event.action", DataType::Keyword);
  c.add_index("logs-aws.cloudtrail-default", real);
  EXPECT_FALSE(c.resolve({"logs-endpoint.events.process-*"}).ok());
  c.set_fallback_schema(ecs_fallback_schema());
  auto r = c.resolve({"logs-aws.cloudtrail-*", "logs-endpoint.events.process-*"});
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r.value(), (std::vector<std::string>{"logs-aws.cloudtrail-default", "logs-endpoint.events.process-*"}));
  EXPECT_TRUE(c.is_virtual("logs-endpoint.events.process-*"));
  EXPECT_FALSE(c.is_virtual("logs-aws.cloudtrail-default"));
  ASSERT_NE(c.find("logs-endpoint.events.process-*"), nullptr);
  EXPECT_EQ(c.find("logs-endpoint.events.process-*")->find("process.pid")->type, DataType::Long);
}

TEST(EngineRulesCatalog, EveryRuleAnalyses) {
  const char* dir = std::getenv("TRAILHOUND_SHARED_DIR");
  const std::filesystem::path root = std::filesystem::path(dir ? dir : "/work/shared") / "rules/elastic";
  if (!std::filesystem::exists(root)) GTEST_SKIP() << "no rules at " << root;
  Catalog catalog;
  catalog.set_fallback_schema(ecs_fallback_schema());
  // Only COMPLETION (an LLM call) is out of the engine's reach: every other
  // rule must analyse.
  const std::vector<std::string> known_unsupported = {};
  int analysed = 0;
  for (const auto& e : std::filesystem::recursive_directory_iterator(root)) {
    if (e.path().extension() != ".toml" || e.path().string().find("/history/") != std::string::npos) continue;
    std::ifstream in(e.path());
    std::stringstream ss;
    ss << in.rdbuf();
    const std::string t = ss.str();
    if (t.find("language = \"esql\"") == std::string::npos) continue;
    size_t q0 = t.find("query = '''");
    ASSERT_NE(q0, std::string::npos) << e.path();
    q0 += 11;
    const std::string q = t.substr(q0, t.find("'''", q0) - q0);
    auto parsed = esql::parse_query(q);
    ASSERT_TRUE(parsed.ok()) << e.path() << ": " << parsed.status().message();
    auto prepared = prepare(parsed.value(), catalog, {});
    const std::string name = e.path().filename().string();
    const bool expect_unsupported = q.find("COMPLETION") != std::string::npos ||
                                    std::find(known_unsupported.begin(), known_unsupported.end(), name) != known_unsupported.end();
    if (expect_unsupported) {
      EXPECT_EQ(prepared.status().code(), Status::Code::Unsupported) << name << ": " << prepared.status().message();
    } else {
      EXPECT_TRUE(prepared.ok()) << name << ": " << prepared.status().message();
      ++analysed;
    }
  }
  EXPECT_GT(analysed, 55);
}

}  // namespace
}  // namespace trailhound
