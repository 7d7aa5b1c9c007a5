#include "ecs/user_agent_parser.h"

#include <re2/filtered_re2.h>
#include <re2/re2.h>
#include <re2/set.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <fstream>
#include <mutex>
#include <sstream>

#include "common/yaml_document.h"

namespace trailhound::ecs {

struct UserAgentParser::Rule {
  const re2::RE2* re = nullptr;  // owned by RuleList::regexes
  // Replacements are optional: "absent" and "empty" differ (an empty replacement
  // is still used literally, as Java's `!= null` test does).
  std::optional<std::string> name_replacement;
  std::optional<std::string> v_replacement[4];  // major, minor, patch, build
};

struct UserAgentParser::RuleList {
  // What load_yaml() read, in file order; compiled on first use.
  struct Spec {
    std::string where;   // "<origin>: <list>[<index>]"
    bool has_regex = false;
    std::string regex;   // as written
    bool case_insensitive = false;
    Rule rule;           // replacements only until compiled
  };
  std::vector<Spec> specs;
  bool use_atoms = true;
  const char* name = "";  // the list's key in the file (user_agent_parsers…)

  // The rules are compiled in shards of consecutive rules: RE2 compiles each
  // regex in ~0.1-0.2 ms (~100 ms for the device list), and a thread that
  // needs a list while it is being compiled (a hunt's readers, which would
  // otherwise wait) compiles the shards no one has taken yet. Matching goes
  // through the shards in order, so the first rule that matches in file order
  // still wins.
  struct Shard {
    size_t first = 0, count = 0;  // specs [first, first + count)
    std::vector<Rule> rules;
    // Owns the compiled regexes (rule i is regex i) and knows, per regex, which
    // literal "atoms" any match must contain (an AND/OR tree over them).
    re2::FilteredRE2 regexes{kMinAtomLength};
    std::vector<std::string> atom_texts;  // FilteredRE2's atoms (lowercase), by atom id
    size_t first_atom = 0;                // its atom 0 in the list's atom set
    std::vector<std::string> skipped;
    std::string failure;  // why compiling it failed ("" if it did not): then it has no rules
  };
  static constexpr size_t kShardRules = 48;
  mutable std::vector<Shard> shards;  // sized by load_yaml(), filled by compile_shard()
  mutable std::atomic<size_t> next_shard{0};
  mutable std::atomic<size_t> shards_done{0};
  mutable std::mutex mu;
  mutable std::condition_variable all_done;
  mutable std::atomic<bool> compiled{false};
  // Finds which atoms of all shards occur in an agent string, in one pass
  // (case-insensitively, as FilteredRE2 requires); null when the atom
  // prefilter is off. An RE2 set of the quoted atoms: it compiles in a few ms
  // (Hyperscan's literal compiler took 50-80 ms per list) and runs once per
  // distinct agent (results are cached), where its speed hardly matters.
  mutable std::unique_ptr<re2::RE2::Set> atoms;
  // Agents with non-ASCII text, when some atom is non-ASCII, take the full
  // scan: FilteredRE2's lowercasing of such atoms is not RE2's case folding.
  mutable bool non_ascii_atoms = false;

  static constexpr int kMinAtomLength = 3;

  void plan_shards() {
    for (size_t first = 0; first < specs.size(); first += kShardRules) {
      shards.emplace_back();
      shards.back().first = first;
      shards.back().count = std::min(kShardRules, specs.size() - first);
    }
    if (shards.empty()) compiled.store(true, std::memory_order_release);  // nothing to compile: no wait, no lock
  }
  // Compiles whatever shards are left, then waits for the others' shards.
  // A shard whose compilation throws (memory ran out) still counts as done,
  // with no rules and the reason in its skipped list: the threads waiting
  // for the list must not wait forever (a hunt's readers report an
  // allocation failure and go on with the next file).
  void ensure_compiled() const {
    if (compiled.load(std::memory_order_acquire)) return;
    for (size_t k; (k = next_shard.fetch_add(1)) < shards.size();) {
      try {
        compile_shard(shards[k]);
      } catch (const std::exception& e) {
        give_up_shard(shards[k], e.what());
      } catch (...) {
        give_up_shard(shards[k], "unknown error");
      }
      if (shards_done.fetch_add(1) + 1 == shards.size()) {
        try {
          build_atom_set();
        } catch (...) {
          atoms.reset();  // matching without the atom prefilter gives the same answers
        }
        std::lock_guard lock(mu);
        compiled.store(true, std::memory_order_release);
        all_done.notify_all();
      }
    }
    std::unique_lock lock(mu);
    all_done.wait(lock, [&] { return compiled.load(std::memory_order_acquire); });
  }
  void give_up_shard(Shard& shard, const char* why) const noexcept {
    shard.rules.clear();
    shard.atom_texts.clear();
    shard.skipped.clear();  // the range below covers the rules skipped before the failure
    try {
      shard.failure = std::string(name) + " rules " + std::to_string(shard.first + 1) + "-" +
                      std::to_string(shard.first + shard.count) + " not compiled (" + why + ")";
      shard.skipped.push_back(shard.failure);
    } catch (...) {
      shard.failure = "?";  // (short: fits the string's own buffer) still marks the shard as failed
    }
  }
  void compile_shard(Shard& shard) const;
  void build_atom_set() const;
};

namespace {

constexpr const char* kListNames[3] = {"user_agent_parsers", "os_parsers", "device_parsers"};

// Replacement keys per list, in Elasticsearch's order: name, v1..v4.
constexpr const char* kUaKeys[5] = {"family_replacement", "v1_replacement", "v2_replacement",
                                    "v3_replacement", "v4_replacement"};
constexpr const char* kOsKeys[5] = {"os_replacement", "os_v1_replacement", "os_v2_replacement",
                                    "os_v3_replacement", "os_v4_replacement"};
// ES passes only device_replacement for devices (brand/model are not extracted).
constexpr const char* kDeviceKeys[5] = {"device_replacement", nullptr, nullptr, nullptr, nullptr};

re2::RE2::Options re2_options(bool case_insensitive) {
  re2::RE2::Options o;
  o.set_case_sensitive(!case_insensitive);
  o.set_log_errors(false);
  // Some uap-core rules are large alternations; the default 8 MiB is tight for them.
  o.set_max_mem(64 << 20);
  return o;
}

// A captured group as Java sees it: nullopt = did not participate, "" = matched empty.
std::optional<std::string_view> group(const std::vector<re2::StringPiece>& g, size_t i) {
  if (i >= g.size() || g[i].data() == nullptr) return std::nullopt;
  return std::string_view(g[i].data(), g[i].size());
}

struct VersionedName {
  std::string name;
  std::optional<std::string> parts[4];
};

// Elasticsearch's UserAgentSubpattern.match(): nullopt when there is no match or the
// name comes out null (the caller then keeps scanning).
std::optional<VersionedName> match_rule(const UserAgentParser::Rule& rule, std::string_view text) {
  const int ngroups = rule.re->NumberOfCapturingGroups();
  std::vector<re2::StringPiece> g(static_cast<size_t>(ngroups) + 1);
  if (!rule.re->Match(re2::StringPiece(text.data(), text.size()), 0, text.size(),
                      re2::RE2::UNANCHORED, g.data(), static_cast<int>(g.size()))) {
    return std::nullopt;
  }
  VersionedName out;
  auto g1 = group(g, 1);
  if (rule.name_replacement) {
    const std::string& rep = *rule.name_replacement;
    size_t pos = rep.find("$1");
    if (pos != std::string::npos && g1) {
      out.name = rep.substr(0, pos);
      out.name.append(*g1);
      out.name.append(rep.substr(pos + 2));
    } else {
      out.name = rep;
    }
  } else if (g1) {
    out.name = std::string(*g1);
  } else {
    return std::nullopt;
  }
  for (int i = 0; i < 4; ++i) {
    if (rule.v_replacement[i]) {
      out.parts[i] = *rule.v_replacement[i];  // literal: ES does not substitute $n here
    } else if (auto gi = group(g, static_cast<size_t>(i) + 2)) {
      out.parts[i] = std::string(*gi);
    }
  }
  return out;
}

bool has_non_ascii(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
}

std::optional<VersionedName> find_match(const UserAgentParser::RuleList& list, std::string_view text) {
  if (list.atoms && !(list.non_ascii_atoms && has_non_ascii(text))) {
    // Only rules whose atoms all occur (per their AND/OR tree) can match; run
    // those, shard by shard in file order, exactly as the full scan would.
    thread_local std::vector<int> found, shard_found, candidates;
    found.clear();
    re2::RE2::Set::ErrorInfo error{};
    if (list.atoms->Match(re2::StringPiece(text.data(), text.size()), &found, &error) ||
        error.kind == re2::RE2::Set::kNoError) {  // false without error: no atom occurs
      std::sort(found.begin(), found.end());
      for (const auto& shard : list.shards) {
        if (shard.rules.empty()) continue;  // nothing compiled (its regexes may not be)
        shard_found.clear();
        const auto from = std::lower_bound(found.begin(), found.end(), static_cast<int>(shard.first_atom));
        const int end = static_cast<int>(shard.first_atom + shard.atom_texts.size());
        for (auto it = from; it != found.end() && *it < end; ++it)
          shard_found.push_back(*it - static_cast<int>(shard.first_atom));
        shard.regexes.AllPotentials(shard_found, &candidates);
        std::sort(candidates.begin(), candidates.end());
        for (int idx : candidates) {
          if (auto m = match_rule(shard.rules[static_cast<size_t>(idx)], text)) return m;
        }
      }
      return std::nullopt;
    }
  }
  for (const auto& shard : list.shards)
    for (const auto& rule : shard.rules)
      if (auto m = match_rule(rule, text)) return m;
  return std::nullopt;
}

// Joins version parts; see the header for the two dot conventions.
std::optional<std::string> join_version(const std::optional<std::string> (&parts)[4],
                                        bool legacy_trailing_dots) {
  if (!parts[0]) return std::nullopt;
  if (!legacy_trailing_dots && parts[0]->empty()) return std::nullopt;
  std::string v = *parts[0];
  for (int i = 1; i < 4; ++i) {
    if (!parts[i]) break;
    if (!legacy_trailing_dots && parts[i]->empty()) break;
    v.push_back('.');
    v.append(*parts[i]);
  }
  return v;
}

}  // namespace

void UserAgentParser::RuleList::compile_shard(Shard& shard) const {
  for (size_t i = shard.first; i < shard.first + shard.count; ++i) {
    const Spec& spec = specs[i];
    if (!spec.has_regex) {
      shard.skipped.push_back(spec.where + ": rule without regex");
      continue;
    }
    const std::string translated = translate_java_regex_for_re2(spec.regex);
    const re2::RE2::Options options = re2_options(spec.case_insensitive);
    int id = -1;
    if (shard.regexes.Add(translated, options, &id) != re2::RE2::NoError) {
      // FilteredRE2 reports only the code; compile again for the message.
      shard.skipped.push_back(spec.where + ": " + spec.regex + ": " + re2::RE2(translated, options).error());
      continue;
    }
    Rule rule = spec.rule;  // the replacements
    rule.re = &shard.regexes.GetRE2(id);
    shard.rules.push_back(std::move(rule));
  }
  if (use_atoms && !shard.rules.empty()) shard.regexes.Compile(&shard.atom_texts);
}

void UserAgentParser::RuleList::build_atom_set() const {
  if (!use_atoms) return;
  re2::RE2::Options o = re2_options(/*case_insensitive=*/true);
  auto set = std::make_unique<re2::RE2::Set>(o, re2::RE2::UNANCHORED);
  size_t next = 0;
  bool non_ascii = false;
  for (Shard& shard : shards) {
    shard.first_atom = next;
    next += shard.atom_texts.size();
    for (const std::string& a : shard.atom_texts) {
      if (set->Add(re2::RE2::QuoteMeta(a), nullptr) < 0) return;  // the full scan gives the same answers
      non_ascii = non_ascii || has_non_ascii(a);
    }
  }
  if (next == 0 || !set->Compile()) return;
  non_ascii_atoms = non_ascii;
  atoms = std::move(set);
}

std::string translate_java_regex_for_re2(std::string_view in) {
  // Java-only constructs RE2 rejects and their RE2 equivalents for matching purposes:
  //   possessive quantifiers  x*+ x++ x?+ x{n}+  -> greedy (same matches for these rules)
  //   atomic groups           (?>...)           -> non-capturing (?:...)
  //   \Z                      end or before final newline -> (?:\n?\z)
  // Escapes and character classes are copied untouched.
  std::string out;
  out.reserve(in.size());
  bool in_class = false;
  for (size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (c == '\\' && i + 1 < in.size()) {
      char n = in[i + 1];
      if (!in_class && n == 'Z') {
        out += "(?:\\n?\\z)";
      } else {
        out.push_back(c);
        out.push_back(n);
      }
      ++i;
      continue;
    }
    if (in_class) {
      if (c == ']') in_class = false;
      out.push_back(c);
      continue;
    }
    if (c == '[') {
      in_class = true;
      out.push_back(c);
      // A leading ']' (or '^]') is a literal member, not the class end.
      if (i + 1 < in.size() && in[i + 1] == '^') out.push_back(in[++i]);
      if (i + 1 < in.size() && in[i + 1] == ']') out.push_back(in[++i]);
      continue;
    }
    if (c == '(' && in.substr(i, 3) == "(?>") {
      out += "(?:";
      i += 2;
      continue;
    }
    if (c == '+' && !out.empty()) {
      char p = out.back();
      if ((p == '*' || p == '+' || p == '?' || p == '}') && !(out.size() >= 2 && out[out.size() - 2] == '\\')) {
        // possessive quantifier: drop the '+'
        continue;
      }
    }
    out.push_back(c);
  }
  return out;
}

UserAgentParser::UserAgentParser() = default;
UserAgentParser::~UserAgentParser() {
  if (preparer_.joinable()) preparer_.join();
}

void UserAgentParser::prepare(unsigned parts) const {
  std::lock_guard lock(prepare_mu_);
  if (preparer_.joinable() || (parts & kAll) == 0) return;
  preparer_ = std::thread([this, parts] {
    for (int li = 0; li < 3; ++li)
      if (parts & (1u << li)) list(li);  // kName, kOs, kDevice are lists 0, 1, 2
  });
}

unsigned UserAgentParser::parts_for_field(std::string_view f) {
  if (f == "user_agent.name" || f == "user_agent.version") return kName;
  if (f.starts_with("user_agent.os.")) return kOs;
  if (f == "user_agent.device.name") return kDevice;
  return 0;
}

const UserAgentParser::RuleList& UserAgentParser::list(int index) const {
  const RuleList& l = *lists_[index];
  l.ensure_compiled();
  return l;
}

bool UserAgentParser::name_always_in_text(std::string_view name) const {
  if (name == "Other") return false;
  for (const RuleList::Spec& spec : lists_[0]->specs) {
    if (!spec.rule.name_replacement) continue;  // the name is group 1: text of the agent
    const std::string_view rep = *spec.rule.name_replacement;
    const size_t pos = rep.find("$1");
    if (pos == std::string_view::npos) {
      if (rep == name) return false;
      continue;
    }
    if (rep == name) return false;  // used literally when group 1 did not participate
    const std::string_view prefix = rep.substr(0, pos), suffix = rep.substr(pos + 2);
    if (prefix.empty() && suffix.empty()) continue;
    // prefix + group 1 + suffix: the agent holds only the middle part.
    if (name.size() >= prefix.size() + suffix.size() && name.starts_with(prefix) && name.ends_with(suffix))
      return false;
  }
  return true;
}

const std::vector<std::string>& UserAgentParser::skipped_rules() const {
  static std::mutex mu;  // assembling the list is rare (tests, diagnostics)
  std::lock_guard lock(mu);
  skipped_.clear();
  for (int li = 0; li < 3; ++li)
    for (const RuleList::Shard& shard : list(li).shards)
      skipped_.insert(skipped_.end(), shard.skipped.begin(), shard.skipped.end());
  return skipped_;
}

std::vector<std::string> UserAgentParser::compile_failures() const {
  std::vector<std::string> out;
  for (int li = 0; li < 3; ++li) {
    const RuleList& l = *lists_[li];
    if (!l.compiled.load(std::memory_order_acquire)) continue;  // not compiled (yet): nothing failed
    for (const RuleList::Shard& shard : l.shards)
      if (!shard.failure.empty()) out.push_back(shard.failure);
  }
  return out;
}

size_t UserAgentParser::rule_count() const {
  size_t n = 0;
  for (int li = 0; li < 3; ++li)
    for (const RuleList::Shard& shard : list(li).shards) n += shard.rules.size();
  return n;
}

Result<std::shared_ptr<const UserAgentParser>> UserAgentParser::load_file(const std::string& path,
                                                                         Options options) {
  std::ifstream f(path, std::ios::binary);
  if (!f) return Status::io_error("cannot open user-agent regexes file " + path);
  std::stringstream ss;
  ss << f.rdbuf();
  return load_yaml(ss.str(), path, options);
}

Result<std::shared_ptr<const UserAgentParser>> UserAgentParser::load_yaml(std::string_view text,
                                                                         std::string_view origin,
                                                                         Options options) {
  auto doc = parse_yaml(text, origin);
  if (!doc.ok()) return doc.status();
  const YamlNode& root = doc.value();
  if (root.kind != YamlNode::Kind::Mapping) return Status::parse_error(std::string(origin) + ": top level is not a map");
  std::shared_ptr<UserAgentParser> p(new UserAgentParser());
  p->options_ = options;
  const char* const* keysets[3] = {kUaKeys, kOsKeys, kDeviceKeys};
  // A scalar member's text; nullopt when absent or null.
  auto text_of = [](const YamlNode& map, const char* key) -> std::optional<std::string> {
    const YamlNode* n = map.find(key);
    if (n == nullptr || n->kind != YamlNode::Kind::Scalar) return std::nullopt;
    return n->text;
  };
  for (int li = 0; li < 3; ++li) {
    const YamlNode* seq = root.find(kListNames[li]);
    if (seq == nullptr || seq->kind != YamlNode::Kind::Sequence) {
      return Status::parse_error(std::string(origin) + ": missing list " + kListNames[li]);
    }
    auto list = std::make_unique<RuleList>();
    list->use_atoms = options.use_atom_prefilter;
    list->name = kListNames[li];
    for (size_t ri = 0; ri < seq->items.size(); ++ri) {
      const YamlNode& node = seq->items[ri];
      RuleList::Spec spec;
      spec.where = std::string(origin) + ": " + kListNames[li] + "[" + std::to_string(ri) + "]";
      if (const YamlNode* re = node.find("regex")) {
        if (re->kind != YamlNode::Kind::Scalar) return Status::parse_error(spec.where + ": regex is not a string");
        spec.has_regex = true;
        spec.regex = re->text;
        spec.case_insensitive = text_of(node, "regex_flag") == "i";
        const char* const* keys = keysets[li];
        spec.rule.name_replacement = text_of(node, keys[0]);
        for (int k = 0; k < 4; ++k)
          if (keys[k + 1]) spec.rule.v_replacement[k] = text_of(node, keys[k + 1]);
      }
      list->specs.push_back(std::move(spec));
    }
    list->plan_shards();
    p->lists_[li] = std::move(list);
  }
  return std::shared_ptr<const UserAgentParser>(std::move(p));
}

UserAgentInfo UserAgentParser::parse(std::string_view ua, unsigned parts) const {
  UserAgentInfo info;
  if (parts & kName) {
    if (auto m = find_match(list(0), ua)) {
      info.name = std::move(m->name);
      info.version = join_version(m->parts, options_.legacy_trailing_dots);
    }
  }
  if (parts & kOs) {
    if (auto m = find_match(list(1), ua)) {
      info.os_name = std::move(m->name);
      info.os_version = join_version(m->parts, options_.legacy_trailing_dots);
      if (info.os_version) info.os_full = *info.os_name + " " + *info.os_version;
    }
  }
  if (parts & kDevice) {
    if (auto m = find_match(list(2), ua)) info.device_name = std::move(m->name);
  }
  return info;
}

}  // namespace trailhound::ecs
