#include "support/hunt_harness.h"

#include <gtest/gtest.h>

#include <sstream>

#include "ecs/user_agent_parser.h"
#include "esql/parser.h"
#include "exec/value_format.h"
#include "rules/rule_loader.h"

namespace trailhound::testing {

std::string shared_path(const std::string& relative) {
  return std::string(TRAILHOUND_SHARED_DIR) + "/" + relative;
}

HuntOutput hunt(const std::vector<std::string>& rule_files, const std::vector<std::string>& inputs,
                int threads, bool prefilter) {
  HuntOutput out;
  std::ostringstream err_stream;
  ingest::ErrorReporter errors(&err_stream);
  pipeline::DataSources sources;
  for (const auto& in : inputs) EXPECT_TRUE(sources.add_input(in).ok()) << in;
  Status st = sources.load(errors, /*unknown_indices_as_ecs=*/true);
  EXPECT_TRUE(st.ok()) << st.message();

  std::vector<std::shared_ptr<const PreparedQuery>> prepared;
  std::vector<std::unique_ptr<QueryRun>> runs;
  std::vector<pipeline::ScanTarget> targets;
  std::vector<std::unique_ptr<esql::Query>> syntax;  // the targets point into these
  for (const auto& file : rule_files) {
    auto rule = rules::load_rule_file(file);
    if (!rule.ok()) {
      ADD_FAILURE() << file << ": " << rule.status().message();
      continue;
    }
    auto q = esql::parse_query(rule->query);
    if (!q.ok()) {
      ADD_FAILURE() << file << ": " << q.status().message();
      continue;
    }
    QueryOptions qo;
    qo.implicit_limit = -1;
    auto p = prepare(q.value(), sources.catalog(), qo);
    if (!p.ok()) {
      ADD_FAILURE() << file << ": " << p.status().message();
      continue;
    }
    prepared.push_back(p.value());
    runs.push_back(prepared.back()->start());
    syntax.push_back(std::make_unique<esql::Query>(std::move(q.value())));
    targets.push_back({prepared.back().get(), runs.back().get(), syntax.back().get()});
  }
  pipeline::ScanOptions so;
  so.threads = threads;
  so.prefilter = prefilter;
  // A fixed agent read time keeps records without a usable eventTime reproducible.
  so.read_time_ms = 1735689600000;  // 2025-01-01T00:00:00Z
  auto ua = ecs::UserAgentParser::load_file(ecs::kDefaultUapRegexesPath);
  EXPECT_TRUE(ua.ok()) << ua.status().message();
  if (ua.ok()) so.user_agents = ua.value();
  auto stats = pipeline::scan(sources, targets, so, errors);
  EXPECT_TRUE(stats.ok()) << stats.status().message();
  if (stats.ok()) out.stats = stats.value();
  for (auto& run : runs) {
    auto r = run->finish();
    EXPECT_TRUE(r.ok()) << r.status().message();
    out.results.push_back(r.ok() ? std::move(r.value()) : QueryResult{});
  }
  out.input_errors = errors.count();
  if (errors.count()) std::cerr << err_stream.str();
  return out;
}

std::string cell(const QueryResult& r, const std::string& name, size_t row) {
  for (size_t c = 0; c < r.names.size(); ++c) {
    if (r.names[c] != name) continue;
    std::string s;
    append_json_value(s, r.columns[c], row);
    return s;
  }
  return "<missing column>";
}

}  // namespace trailhound::testing

namespace trailhound::testing {

std::string render_rows(const QueryResult& r) {
  std::string out;
  for (size_t row = 0; row < r.rows(); ++row) {
    for (size_t c = 0; c < r.names.size(); ++c) {
      if (c) out += ", ";
      out += r.names[c] + "=";
      append_json_value(out, r.columns[c], row);
    }
    out += "\n";
  }
  return out;
}

}  // namespace trailhound::testing
