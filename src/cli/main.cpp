// The `trailhound` command: hunt, query, normalize, rules check.
//
// Exit status (stable; scripts rely on it): 0 all went well; 1 some input was
// skipped as bad (summary on stderr); 2 usage, rule or query errors.
#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <mutex>

#include "cli/commands.h"

int main(int argc, char** argv) {
  using namespace trailhound::cli;
  CLI::App app{"trailhound: Elastic ES|QL detection rules over AWS CloudTrail, without a cluster"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "trailhound 0.1.0");

  CommonOptions common;
  HuntOptions hunt;
  QueryOptionsCli query;
  RulesCheckOptions check;

  auto add_common = [&](CLI::App* sub) {
    sub->add_option("--threads", common.threads,
                    "threads that read, normalize and run the queries (default: all cores)");
    sub->add_option("--ua-regexes", common.ua_regexes,
                    "uap-core regexes.yaml for user_agent.* (default: Debian's uap-core)");
    sub->add_option("--geoip-city", common.geoip_city, "GeoIP2/GeoLite2 City database for source.geo.*");
    sub->add_option("--geoip-asn", common.geoip_asn, "GeoIP2/GeoLite2 ASN database for source.as.*");
    // One value per flag (repeat the flag): a greedy option would swallow the inputs.
    sub->add_option("--mapping", common.mappings,
                    "INDEX=FILE: type INDEX's fields from an Elasticsearch mapping (repeatable)")
        ->allow_extra_args(false);
    sub->add_option("--since", common.since, "only events at or after this time (ISO 8601 or epoch ms)");
    sub->add_option("--until", common.until, "only events before this time (ISO 8601 or epoch ms)");
  };

  CLI::App* hunt_cmd = app.add_subcommand("hunt", "run detection rules once over all given events");
  hunt_cmd->add_option("--rules", hunt.rule_paths, "rule TOML file or directory (repeatable)")
      ->required()
      ->allow_extra_args(false);
  hunt_cmd->add_option("--format", hunt.format, "table|ndjson|csv (default: table on a terminal, else ndjson)");
  hunt_cmd->add_option("--now", hunt.now, "time the run is stamped with (default: wall clock)");
  add_common(hunt_cmd);
  auto add_prefilter_flag = [&](CLI::App* sub) {
    sub->add_flag("--no-prefilter", common.no_prefilter,
                  "parse every record (by default records lacking text every query requires are passed over)");
  };
  add_prefilter_flag(hunt_cmd);
  hunt_cmd->add_flag("--explain", hunt.explain,
                     "print, per rule, the record text its filters require (what the prefilter looks for)");
  hunt_cmd->add_option("inputs", common.inputs, "CloudTrail files/dirs, '-' for stdin, or INDEX=PATH")
      ->required();

  CLI::App* query_cmd = app.add_subcommand("query", "run an ad-hoc ES|QL query");
  query_cmd->add_option("esql", query.text, "the ES|QL query")->required();
  query_cmd->add_option("--format", query.format, "table|json|csv|ndjson (default: table on a terminal, else json)");
  query_cmd->add_option("--now", query.now, "time NOW() returns (default: wall clock)");
  add_common(query_cmd);
  add_prefilter_flag(query_cmd);
  query_cmd->add_option("inputs", common.inputs, "CloudTrail files/dirs, '-' for stdin, or INDEX=PATH");

  CLI::App* norm_cmd = app.add_subcommand("normalize", "print CloudTrail records as ECS documents (NDJSON)");
  add_common(norm_cmd);
  norm_cmd->add_option("inputs", common.inputs, "CloudTrail files/dirs or '-' for stdin")->required();

  CLI::App* rules_cmd = app.add_subcommand("rules", "inspect rule files");
  rules_cmd->require_subcommand(1);
  CLI::App* check_cmd = rules_cmd->add_subcommand("check", "parse and analyze rules; say what runs");
  check_cmd->add_option("--format", check.format, "table|json");
  check_cmd->add_option("paths", check.paths, "rule files or directories")->required();

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int rc = app.exit(e);
    return rc == 0 ? 0 : 2;
  }

  const bool tty = isatty(STDOUT_FILENO);
  if (*hunt_cmd) return run_hunt(common, hunt, tty);
  if (*query_cmd) return run_query(common, query, tty);
  if (*norm_cmd) return run_normalize(common);
  if (*check_cmd) return run_rules_check(check);
  return 2;
}
