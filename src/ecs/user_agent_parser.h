// Elasticsearch `user_agent` ingest-processor semantics over a uap-core regexes file.
//
// Contract:
// - load_file()/load_yaml() read a uap-core `regexes.yaml` (user_agent_parsers,
//   os_parsers, device_parsers); every rule is compiled with RE2 (see Cost). A rule RE2 cannot
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
//   (RE2 per rule + the atom prefilter) the first time it is used, once,
//   thread-safely, or ahead of time by prepare(); threads that need a list
//   while it is being compiled compile parts of it instead of waiting. parse()
//   with `parts` compiles and runs only the lists those parts need, so a rule
//   reading user_agent.name never pays for the device list. skipped_rules() and rule_count() compile every list first.
// - A shard of rules whose compilation throws (memory ran out) is left out: it
//   counts as compiled, so no thread waits for it, and compile_failures() and
//   skipped_rules() name it. parse() never throws for it.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "common/status.h"

namespace re2 {
class RE2;
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
    // Run only the rules whose literal atoms occur in the agent (re2::FilteredRE2
    // atoms, found in one pass of an RE2::Set), in file order. Same results as
    // trying every rule in order (tested), which false selects. Each distinct
    // agent costs a few rule matches instead of hundreds: all three lists over
    // uap-core's ~30,000 test agents took 0.53 s instead of 3.75 s (ES's e9fd8c6
    // file) and 1.43 s instead of 8.49 s (Debian's), compiling included.
    bool use_atom_prefilter = true;
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
  // Starts compiling the lists `parts` need on a thread of its own, so that
  // the first parse() waits less or not at all (a hunt calls it before its
  // readers start). Once per parser; later calls do nothing.
  void prepare(unsigned parts) const;
  // The parts of UserAgentInfo an ECS field is read from (0 for
  // user_agent.original and fields outside user_agent.*).
  static unsigned parts_for_field(std::string_view ecs_field);

  // True when parse() can name an agent `name` only by copying it from the agent
  // string (group 1, or a "$1" replacement with nothing around it), so any
  // agent parsed as `name` contains `name` verbatim. False when a rule's
  // replacement could produce it from other text, and for "Other" (no match).
  // Decided from the rules as read, without compiling them.
  bool name_always_in_text(std::string_view name) const;

  // "<list>[<index>]: <regex>: <RE2 error>" for every rule that was skipped.
  const std::vector<std::string>& skipped_rules() const;
  // Shards of rules that could not be compiled (memory ran out), one line
  // each, among the lists compiled so far (compiles nothing). Agents those
  // rules would have named get a later rule's answer or "Other": a hunt must
  // say so.
  std::vector<std::string> compile_failures() const;
  size_t rule_count() const;

  struct Rule;  // one compiled uap-core rule (defined in the .cpp)
  struct RuleList;

 private:
  UserAgentParser();
  const RuleList& list(int index) const;  // compiled on first use
  std::unique_ptr<RuleList> lists_[3];    // ua, os, device
  mutable std::mutex prepare_mu_;
  mutable std::thread preparer_;          // joined by the destructor
  mutable std::vector<std::string> skipped_;
  Options options_;
};

// Translates the Java-regex-only constructs found in uap-core files into RE2 syntax
// (exposed for tests). Returns the input unchanged when nothing needs translating.
std::string translate_java_regex_for_re2(std::string_view java_regex);

}  // namespace trailhound::ecs
