// The subcommands of `trailhound`, callable without the argument parser (tests
// call them directly). Each returns the process exit status (see main.cpp).
#pragma once

#include <string>
#include <vector>

namespace trailhound::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitSkippedInput = 1;
inline constexpr int kExitUsage = 2;

struct CommonOptions {
  std::vector<std::string> inputs;
  std::vector<std::string> mappings;
  int threads = 0;  // 0: all cores
  std::string ua_regexes;
  std::string geoip_city, geoip_asn;  // MaxMind-format databases for source.geo/as
  std::string since, until;
  bool no_prefilter = false;  // parse every record, even those no query can keep
};

struct HuntOptions {
  std::vector<std::string> rule_paths;
  bool explain = false;  // print each rule's record prefilter to stderr
  std::string format;
  std::string now;
};

struct QueryOptionsCli {
  std::string text;
  std::string format;
  std::string now;
};

struct RulesCheckOptions {
  std::vector<std::string> paths;
  std::string format = "table";
};

int run_hunt(const CommonOptions& common, const HuntOptions& opts, bool stdout_is_tty);
int run_query(const CommonOptions& common, const QueryOptionsCli& opts, bool stdout_is_tty);
int run_normalize(const CommonOptions& common);
int run_rules_check(const RulesCheckOptions& opts);

}  // namespace trailhound::cli
