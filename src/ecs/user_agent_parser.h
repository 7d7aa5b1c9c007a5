// Elasticsearch `user_agent` ingest-processor semantics over a uap-core regexes file.
//
// Contract:
// - load_file()/load_yaml() read a uap-core `regexes.yaml` (user_agent_parsers,
//   os_parsers, device_parsers) and compile every rule with RE2. A rule RE2 cannot
//   compile, even after translating Java-only syntax, is skipped and listed in
//   skipped_rules(); loading still succeeds. A file that is not valid YAML or lacks
//   the three lists is a non-ok Status.
// - parse() reproduces Elasticsearch's assembly (see /work/shared/docs/user-agent.md):
//   each of the three lists is scanned in file order and the first rule that finds a
//   match anywhere in the string (unanchored) *and* yields a non-null name wins.
//   Name = replacement with the first "$1" substituted, else group 1. Version parts
//   = literal v*_replacement, else groups 2..5. name defaults to "Other", device to
//   "Other"; the OS is present only when an OS rule matched.
// - Version strings join parts with "." and stop at the first part that did not
//   participate or (post ES 8.16.2, the default) matched empty. With
//   Options::legacy_trailing_dots the pre-8.16.2 form is produced ("114.0.").
// - The parser is immutable after load and safe to share between threads.
//   UserAgentCache (user_agent_cache.h) memoizes results per thread.
// - Cost: load_yaml() only parses the YAML; each of the three lists is compiled
//   (RE2 per rule + the Set prefilter, ~0.1-0.3 s each) the first time it is
//   used, once, thread-safely. parse() with `parts` compiles and runs only the
//   lists those parts need, so a rule reading user_agent.name never pays for the
//   device list. skipped_rules() and rule_count() compile every list first.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace re2 {
class RE2;
class Set;
}  // namespace re2

namespace trailhound::ecs {

// Debian's uap-core package. NOTE: it is uap-core 0.16.0 (2022), newer than the
// e9fd8c6 (2020) file Elasticsearch ships; exact parity needs the e9fd8c6 file.
inline constexpr const char* kDefaultUapRegexesPath = "/usr/share/uap-core/regexes.yaml";

struct UserAgentInfo {
  std::string name = "Other";              // user_agent.name
  std::optional<std::string> version;      // user_agent.version
  std::optional<std::string> os_name;      // user_agent.os.name (present iff an OS rule matched)
  std::optional<std::string> os_version;   // user_agent.os.version
  std::optional<std::string> os_full;      // user_agent.os.full = name + " " + version
  std::string device_name = "Other";       // user_agent.device.name

  bool operator==(const UserAgentInfo&) const = default;
};

class UserAgentParser {
 public:
  struct Options {
    // Emit versions the way Elasticsearch < 8.16.2 did (empty parts keep their dot).
    bool legacy_trailing_dots = false;
    // Pre-filter each list with one RE2::Set pass (same results). Off by default:
    // the Set's compile and its lazily built DFA cost more than they save when
    // each distinct user agent is parsed about once (the per-thread cache sees to
    // that). Measured on uap-core 0.16.0 with 5,960 distinct CloudTrail user
    // agents, user_agent.name only: Set 78 ms compile + 490 ms parsing, plain
    // scan 25 + 70 ms; all three lists: 1,065 ms vs 829 ms. With 150 agents:
    // 103 ms vs 34 ms (name), 546 ms vs 193 ms (all). The Set wins only when
    // the same agents are parsed again and again.
    bool use_set_prefilter = false;
  };

  static Result<std::shared_ptr<const UserAgentParser>> load_file(const std::string& path,
                                                                  Options options);
  static Result<std::shared_ptr<const UserAgentParser>> load_file(const std::string& path) {
    return load_file(path, Options{});
  }
  // `origin` names the source in error messages.
  static Result<std::shared_ptr<const UserAgentParser>> load_yaml(std::string_view yaml_text,
                                                                  std::string_view origin,
                                                                  Options options);

  ~UserAgentParser();
  UserAgentParser(const UserAgentParser&) = delete;
  UserAgentParser& operator=(const UserAgentParser&) = delete;

  // Which parts of UserAgentInfo parse() fills; the others keep their defaults.
  enum Parts : unsigned { kName = 1, kOs = 2, kDevice = 4, kAll = 7 };  // kName: name + version
  UserAgentInfo parse(std::string_view user_agent, unsigned parts = kAll) const;

  // True when parse() can name an agent `name` only by copying it from the agent
  // string (group 1, or a "$1" replacement with nothing around it), so any
  // agent parsed as `name` contains `name` verbatim. False when a rule's
  // replacement could produce it from other text, and for "Other" (no match).
  // Decided from the rules as read, without compiling them.
  bool name_always_in_text(std::string_view name) const;

  // "<list>[<index>]: <regex>: <RE2 error>" for every rule that was skipped.
  const std::vector<std::string>& skipped_rules() const;
  size_t rule_count() const;

  struct Rule;  // one compiled uap-core rule (defined in the .cpp)
  struct RuleList;

 private:
  UserAgentParser();
  const RuleList& list(int index) const;  // compiled on first use
  std::unique_ptr<RuleList> lists_[3];    // ua, os, device
  mutable std::vector<std::string> skipped_;
  Options options_;
};

// Translates the Java-regex-only constructs found in uap-core files into RE2 syntax
// (exposed for tests). Returns the input unchanged when nothing needs translating.
std::string translate_java_regex_for_re2(std::string_view java_regex);

}  // namespace trailhound::ecs
