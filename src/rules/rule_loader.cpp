#include "rules/rule_loader.h"

#include <algorithm>
#include <filesystem>
#include <optional>
#include <system_error>

#include <toml++/toml.h>

#include "common/parallel_for.h"
#include "esql/parser.h"

namespace trailhound::rules {
namespace {

namespace fs = std::filesystem;

// "<path>:<line>:<col>: " for a toml++ source position (line 0 = unknown).
std::string location(const std::string& path, const toml::source_position& pos) {
  if (pos.line == 0) return path + ": ";
  return path + ":" + std::to_string(pos.line) + ":" + std::to_string(pos.column) + ": ";
}

void append_json_string(std::string* out, std::string_view s) {
  static const char kHex[] = "0123456789abcdef";
  out->push_back('"');
  for (char ch : s) {
    unsigned char c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"': *out += "\\\""; break;
      case '\\': *out += "\\\\"; break;
      case '\n': *out += "\\n"; break;
      case '\r': *out += "\\r"; break;
      case '\t': *out += "\\t"; break;
      case '\b': *out += "\\b"; break;
      case '\f': *out += "\\f"; break;
      default:
        if (c < 0x20) {
          *out += "\\u00";
          out->push_back(kHex[c >> 4]);
          out->push_back(kHex[c & 0xF]);
        } else {
          out->push_back(ch);  // UTF-8 passes through unchanged
        }
    }
  }
  out->push_back('"');
}

// Reads keys of one TOML table, recording the first problem with its location.
class TableReader {
 public:
  TableReader(const std::string& path, const toml::table& table, std::string prefix)
      : path_(path), table_(table), prefix_(std::move(prefix)) {}

  // Required string; on absence or wrong type records an error.
  std::optional<std::string> string(std::string_view key, bool required) {
    const toml::node* n = table_.get(key);
    if (!n) {
      if (required) missing(key);
      return std::nullopt;
    }
    if (auto v = n->value<std::string>(); v && n->is_string()) return v;
    wrong_type(*n, key, "a string");
    return std::nullopt;
  }

  std::optional<int64_t> integer(std::string_view key, bool required) {
    const toml::node* n = table_.get(key);
    if (!n) {
      if (required) missing(key);
      return std::nullopt;
    }
    if (const auto* v = n->as_integer()) return v->get();
    wrong_type(*n, key, "an integer");
    return std::nullopt;
  }

  std::optional<std::vector<std::string>> strings(std::string_view key) {
    const toml::node* n = table_.get(key);
    if (!n) return std::nullopt;
    const toml::array* arr = n->as_array();
    if (!arr) {
      wrong_type(*n, key, "an array of strings");
      return std::nullopt;
    }
    std::vector<std::string> out;
    for (const toml::node& el : *arr) {
      if (!el.is_string()) {
        wrong_type(el, key, "an array of strings");
        return std::nullopt;
      }
      out.push_back(*el.value<std::string>());
    }
    return out;
  }

  const toml::node* node(std::string_view key) const { return table_.get(key); }

  void error_at(const toml::node& n, const std::string& what) {
    if (error_.empty()) error_ = location(path_, n.source().begin) + what;
  }
  const std::string& error() const { return error_; }
  bool failed() const { return !error_.empty(); }
  const std::string& prefix() const { return prefix_; }

 private:
  void missing(std::string_view key) {
    if (error_.empty())
      error_ = location(path_, table_.source().begin) + "missing required key " + prefix_ +
               std::string(key);
  }
  void wrong_type(const toml::node& n, std::string_view key, const char* expected) {
    error_at(n, prefix_ + std::string(key) + " must be " + expected);
  }

  const std::string& path_;
  const toml::table& table_;
  std::string prefix_;
  std::string error_;
};

// Appends {"id","name","reference"} members of an ATT&CK entry; false on error.
bool append_entry_fields(TableReader* r, std::string* out) {
  auto id = r->string("id", true);
  auto name = r->string("name", true);
  auto reference = r->string("reference", true);
  if (r->failed()) return false;
  *out += "\"id\":";
  append_json_string(out, *id);
  *out += ",\"name\":";
  append_json_string(out, *name);
  *out += ",\"reference\":";
  append_json_string(out, *reference);
  return true;
}

const toml::array* array_of_tables(TableReader* r, std::string_view key) {
  const toml::node* n = r->node(key);
  if (!n) return nullptr;
  const toml::array* arr = n->as_array();
  if (!arr || !arr->is_array_of_tables()) {
    r->error_at(*n, r->prefix() + std::string(key) + " must be an array of tables");
    return nullptr;
  }
  return arr;
}

// Builds Kibana's threat JSON from [[rule.threat]]; returns an error message or "".
std::string build_threat_json(const std::string& path, TableReader* rule, std::string* out) {
  *out = "[";
  const toml::array* threats = array_of_tables(rule, "threat");
  if (rule->failed()) return rule->error();
  if (threats) {
    size_t ti = 0;
    for (const toml::node& tn : *threats) {
      const toml::table& t = *tn.as_table();
      std::string tp = "rule.threat[" + std::to_string(ti) + "].";
      TableReader threat(path, t, tp);
      if (ti++) *out += ",";
      auto framework = threat.string("framework", true);
      const toml::node* tactic_node = threat.node("tactic");
      if (threat.failed()) return threat.error();
      if (!tactic_node || !tactic_node->is_table()) {
        if (tactic_node) return location(path, tactic_node->source().begin) + tp + "tactic must be a table";
        return location(path, t.source().begin) + "missing required key " + tp + "tactic";
      }
      *out += "{\"framework\":";
      append_json_string(out, *framework);
      *out += ",\"tactic\":{";
      TableReader tactic(path, *tactic_node->as_table(), tp + "tactic.");
      if (!append_entry_fields(&tactic, out)) return tactic.error();
      *out += "}";
      const toml::array* techniques = array_of_tables(&threat, "technique");
      if (threat.failed()) return threat.error();
      if (techniques) {
        *out += ",\"technique\":[";
        size_t qi = 0;
        for (const toml::node& qn : *techniques) {
          std::string qp = tp + "technique[" + std::to_string(qi) + "].";
          TableReader technique(path, *qn.as_table(), qp);
          if (qi++) *out += ",";
          *out += "{";
          if (!append_entry_fields(&technique, out)) return technique.error();
          const toml::array* subs = array_of_tables(&technique, "subtechnique");
          if (technique.failed()) return technique.error();
          if (subs) {
            *out += ",\"subtechnique\":[";
            size_t si = 0;
            for (const toml::node& sn : *subs) {
              TableReader sub(path, *sn.as_table(), qp + "subtechnique[" + std::to_string(si) + "].");
              if (si++) *out += ",";
              *out += "{";
              if (!append_entry_fields(&sub, out)) return sub.error();
              *out += "}";
            }
            *out += "]";
          }
          *out += "}";
        }
        *out += "]";
      }
      *out += "}";
    }
  }
  *out += "]";
  return "";
}

Result<Rule> rule_from_table(const std::string& path, const toml::table& doc) {
  const toml::node* rule_node = doc.get("rule");
  if (!rule_node || !rule_node->is_table()) {
    if (rule_node) return Status::invalid_input(location(path, rule_node->source().begin) + "rule must be a table");
    return Status::invalid_input(path + ": missing required table [rule]");
  }
  const toml::table& table = *rule_node->as_table();
  TableReader r(path, table, "rule.");
  Rule rule;
  rule.path = path;

  auto take = [&](std::string_view key, bool required, std::string* dst) {
    if (auto v = r.string(key, required)) *dst = std::move(*v);
  };
  take("rule_id", true, &rule.rule_id);
  take("name", true, &rule.name);
  take("type", true, &rule.type);
  take("description", true, &rule.description);
  take("severity", true, &rule.severity);
  if (auto v = r.integer("risk_score", true)) {
    if (*v < 0 || *v > 100) r.error_at(*r.node("risk_score"), "rule.risk_score must be within 0..100");
    rule.risk_score = static_cast<int>(std::clamp<int64_t>(*v, 0, 100));
  }
  // Machine-learning rules have neither query nor language; all others need both.
  bool needs_query = r.failed() || rule.type != "machine_learning";
  take("language", needs_query, &rule.language);
  take("query", needs_query, &rule.query);
  take("from", false, &rule.from);
  take("interval", false, &rule.interval);
  take("timestamp_override", false, &rule.timestamp_override);
  if (auto v = r.integer("max_signals", false)) {
    if (*v < 1 || *v > 1000000) r.error_at(*r.node("max_signals"), "rule.max_signals must be positive");
    rule.max_signals = static_cast<int>(std::clamp<int64_t>(*v, 1, 1000000));
  }
  if (auto v = r.strings("index")) rule.index = std::move(*v);
  if (auto v = r.strings("tags")) rule.tags = std::move(*v);
  if (r.failed()) return Status::invalid_input(r.error());

  if (std::string err = build_threat_json(path, &r, &rule.threat_json); !err.empty())
    return Status::invalid_input(err);

  if (rule.language == "esql") {
    // Reject unparseable queries at load time, pointing at the query in the file.
    auto parsed = esql::parse_query(rule.query);
    if (!parsed.ok())
      return Status::invalid_input(location(path, r.node("query")->source().begin) +
                                   "rule.query: " + parsed.status().message());
    rule.parsed_query = std::make_shared<const esql::Query>(std::move(parsed.value()));
  }
  return rule;
}

}  // namespace

Result<Rule> load_rule_file(const std::string& path) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) return Status::io_error(path + ": not a readable file");
  try {
    toml::table doc = toml::parse_file(path);
    return rule_from_table(path, doc);
  } catch (const toml::parse_error& e) {
    return Status::invalid_input(location(path, e.source().begin) + std::string(e.description()));
  } catch (const std::exception& e) {
    return Status::io_error(path + ": " + e.what());
  }
}

namespace {

// The rule files under one path (itself, or the *.toml below a directory, in
// path order) into out.rules' future order; listing failures into out.errors.
std::vector<std::string> rule_files(const std::string& path_or_dir, LoadedRules& out) {
  std::vector<std::string> files;
  std::error_code ec;
  fs::file_status st = fs::status(path_or_dir, ec);
  if (ec || !fs::exists(st)) {
    out.errors.emplace_back(path_or_dir, path_or_dir + ": no such file or directory");
    return files;
  }
  if (fs::is_directory(st)) {
    fs::recursive_directory_iterator it(path_or_dir, fs::directory_options::skip_permission_denied, ec);
    for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      std::error_code fec;
      if (it->is_regular_file(fec) && it->path().extension() == ".toml") files.push_back(it->path().string());
    }
    if (ec) out.errors.emplace_back(path_or_dir, path_or_dir + ": " + ec.message());
    std::sort(files.begin(), files.end());
  } else {
    files.push_back(path_or_dir);
  }
  return files;
}

}  // namespace

LoadedRules load_rules(const std::string& path_or_dir) { return std::move(load_rules({path_or_dir}, 1)[0]); }

std::vector<LoadedRules> load_rules(const std::vector<std::string>& paths, unsigned threads) {
  std::vector<LoadedRules> out(paths.size());
  struct File {
    size_t path;  // index in paths
    std::string name;
  };
  std::vector<File> files;
  for (size_t p = 0; p < paths.size(); ++p)
    for (std::string& f : rule_files(paths[p], out[p])) files.push_back({p, std::move(f)});
  std::vector<std::optional<Result<Rule>>> loaded(files.size());
  parallel_for(files.size(), threads, [&](size_t i) { loaded[i].emplace(load_rule_file(files[i].name)); });
  for (size_t i = 0; i < files.size(); ++i) {
    LoadedRules& into = out[files[i].path];
    Result<Rule>& r = *loaded[i];
    if (r.ok()) {
      into.rules.push_back(std::move(r.value()));
    } else {
      into.errors.emplace_back(files[i].name, r.status().message());
    }
  }
  return out;
}

}  // namespace trailhound::rules
