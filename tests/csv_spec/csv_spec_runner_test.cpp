// The csv-spec conformance runner: every test of every *.csv-spec file in the
// shared esql-csv-spec folder, run through the engine and compared with
// Elastic's expected tables (esql-semantics.md §8).
//
// Per test: parse → prepare (implicit LIMIT 1000, NOW() fixed) → push every
// source index's documents → finish → compare (spec_compare.h). Each test
// runs in a forked child with a time limit, so an engine crash or hang
// fails that one test instead of the suite.
//
// Skipped, with the feature named: names ending in `-Ignore` (disabled
// upstream), and features out of trailhound's scope — ENRICH, LOOKUP JOIN,
// FORK, COMPLETION, spatial/geo, full-text search/scoring, time series (TS),
// remote clusters and data sets not in the shared folder. Everything else
// that does not match counts as failed.
//
// Output: one line per file with its failures (first difference each) and
// skip reasons, the total line `csv-spec: N passed, N failed, N skipped`, the
// in-scope pass rate and the top failure causes. All failures, grouped by
// cause, go to <build dir>/csv_spec_failures.txt.
//
// Environment (for engine work): CSVSPEC_FILTER=<substring of "file:name">
// runs a subset (the pass-rate floor is then not asserted); CSVSPEC_NO_FORK=1
// runs in-process (for debuggers); CSVSPEC_VERBOSE=1 prints query, expected
// and actual tables of each failure.
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <regex>
#include <sstream>
#include <typeinfo>

#include "csv_spec/dataset_loader.h"
#include "csv_spec/spec_compare.h"
#include "csv_spec/spec_reader.h"
#include "esql/parser.h"
#include "esql/prepared_query.h"
#include "exec/value_format.h"

namespace trailhound::csvspec {
namespace {

// Floor for the in-scope pass rate (passed / (passed + failed)), set from the
// measured rate so the suite cannot silently regress. Raise it as the engine
// improves.
// The project target is 95%; measured 96.5% (1645/1704). The floor sits just
// under the measurement so that a regression fails the suite.
constexpr double kMinInScopePassRate = 0.96;

// Fixed NOW() for reproducible results: 2026-01-01T00:00:00Z.
constexpr int64_t kFixedNowMillis = 1767225600000;
constexpr int kPerTestTimeoutMs = 10000;
constexpr rlim_t kChildMemoryLimitBytes = rlim_t{2} << 30;

std::string spec_dir() { return std::string(TRAILHOUND_SHARED_DIR) + "/testdata/esql-csv-spec"; }

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

std::string one_line(std::string s, size_t n = 200) {
  for (char& c : s)
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  if (s.size() > n) s = s.substr(0, n) + "…";
  return s;
}

// ---------------------------------------------------------------------------
// Scope: which tests need features trailhound does not implement on purpose.

// The query with string literal contents and comments removed, lower-cased,
// so keyword searches do not trip over text inside strings.
std::string code_only(const std::string& q) {
  std::string out;
  for (size_t i = 0; i < q.size(); ++i) {
    if (q.compare(i, 3, "\"\"\"") == 0) {
      size_t end = q.find("\"\"\"", i + 3);
      out += "\"\"";
      i = end == std::string::npos ? q.size() : end + 2;
    } else if (q[i] == '"') {
      size_t j = i + 1;
      while (j < q.size() && q[j] != '"') j += q[j] == '\\' ? 2 : 1;
      out += "\"\"";
      i = j;
    } else if (q.compare(i, 2, "//") == 0) {
      while (i < q.size() && q[i] != '\n') ++i;
      out += '\n';
    } else if (q.compare(i, 2, "/*") == 0) {
      size_t end = q.find("*/", i + 2);
      i = end == std::string::npos ? q.size() : end + 1;
      out += ' ';
    } else {
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(q[i])));
    }
  }
  return out;
}

// Index patterns of the FROM/TS source command (after SET statements).
std::vector<std::string> source_patterns(const std::string& query) {
  std::string q = query;
  // Drop leading `SET ...;` statements (their values are strings, the `;` real).
  static const std::regex set_re(R"(^\s*set\s+[^;]*;)", std::regex::icase);
  std::smatch m;
  while (std::regex_search(q, m, set_re)) q = m.suffix().str();
  static const std::regex from_re(R"(^\s*(from|ts)\s+([^|]*))", std::regex::icase);
  if (!std::regex_search(q, m, from_re)) return {};
  std::string list = m[2].str();
  static const std::regex metadata_re(R"(\s+metadata\s[\s\S]*$)", std::regex::icase);
  list = std::regex_replace(list, metadata_re, "");
  std::vector<std::string> out;
  std::string cur;
  bool in_quotes = false;
  for (char c : list) {
    if (c == '"') in_quotes = !in_quotes;
    if (c == ',' && !in_quotes) {
      out.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  out.push_back(cur);
  for (auto& p : out) {
    std::string t;
    for (char c : p)
      if (c != '"' && !std::isspace(static_cast<unsigned char>(c))) t += c;
    p = t;
  }
  std::erase_if(out, [](const std::string& p) { return p.empty(); });
  return out;
}

bool glob_match(std::string_view p, std::string_view t) {
  if (p.empty()) return t.empty();
  if (p[0] == '*') {
    for (size_t i = 0; i <= t.size(); ++i)
      if (glob_match(p.substr(1), t.substr(i))) return true;
    return false;
  }
  return !t.empty() && p[0] == t[0] && glob_match(p.substr(1), t.substr(1));
}

std::optional<std::string> out_of_scope(const SpecTest& t, const Datasets& data) {
  const std::string code = code_only(t.query);
  if (std::regex_search(code, std::regex(R"((^|;)\s*ts\s)"))) return "time series (TS)";
  for (const auto& p : source_patterns(t.query)) {
    if (p[0] == '-') continue;
    if (p.find(':') != std::string::npos) return "remote cluster";
    bool matched = false;
    for (const auto& [name, idx] : data.indices()) matched = matched || glob_match(p, name);
    if (!matched) return "data set not included: " + p;
  }
  auto has = [&](const char* re) { return std::regex_search(code, std::regex(re)); };
  for (const auto& cap : t.required_capabilities) {
    const std::string c = lower(cap);
    if (c.rfind("join_lookup", 0) == 0 || c.rfind("lookup_join", 0) == 0) return "LOOKUP JOIN";
    if (c.rfind("enrich", 0) == 0) return "ENRICH";
    if (c.rfind("fork", 0) == 0) return "FORK";
    if (c.rfind("completion", 0) == 0) return "COMPLETION";
    if (c.find("tsid") != std::string::npos || c.rfind("ts_command", 0) == 0) return "time series (TS)";
    if (c.rfind("st_", 0) == 0 || c.find("spatial") != std::string::npos || c.find("geo") != std::string::npos)
      return "spatial/geo";
  }
  if (has(R"(\|\s*enrich\b)")) return "ENRICH";
  if (has(R"(\|\s*lookup\b)")) return "LOOKUP JOIN";
  if (has(R"(\|\s*fork\b)")) return "FORK";
  if (has(R"(\|\s*completion\b)")) return "COMPLETION";
  if (has(R"((^|;)\s*ts\s)")) return "time series (TS)";
  if (has(R"(\b(st_[a-z_]+|to_geo[a-z_]*|to_cartesian[a-z_]*)\s*\()")) return "spatial/geo";
  for (const auto& c : t.columns) {
    const std::string& ty = c.type_name;
    if (ty.rfind("geo", 0) == 0 || ty.rfind("cartesian", 0) == 0) return "spatial/geo";
  }
  if (has(R"(\b(match|qstr|kql|match_phrase|multi_match|score)\s*\()") || has(R"(\b_score\b)"))
    return "full-text search/scoring";
  // The `field : "query"` match operator: a lone ':' (not `::`, a cast) after a name.
  for (size_t i = 0; i < code.size(); ++i) {
    if (code[i] != ':') continue;
    if ((i + 1 < code.size() && code[i + 1] == ':') || (i > 0 && code[i - 1] == ':')) continue;
    size_t j = i;
    while (j > 0 && std::isspace(static_cast<unsigned char>(code[j - 1]))) --j;
    if (j > 0 && (std::isalnum(static_cast<unsigned char>(code[j - 1])) || code[j - 1] == '_' || code[j - 1] == '`'))
      return "full-text search/scoring";
  }
  return std::nullopt;
}

// ---------------------------------------------------------------------------
// Running one test.

struct Outcome {
  enum Kind { Pass, Fail } kind = Fail;
  std::string cause;
  std::string detail;
  std::string verbose;  // CSVSPEC_VERBOSE dump
};

// Groups engine error messages: drops the position, digits and long bracketed
// expressions, keeps short bracketed names (functions, types).
std::string classify_error(const std::string& phase, const Status& s) {
  std::string m = std::regex_replace(s.message(), std::regex(R"(^[Ll]ine \d+:\d+: )"), "");
  std::smatch g;
  if (std::regex_search(m, g, std::regex(R"(unsupported: function \[([^\]]+)\])")))
    return "unsupported function " + lower(g[1].str());
  if (std::regex_search(m, g, std::regex(R"([Uu]nknown function \[([^\]]+)\])")))
    return "unknown function " + lower(g[1].str());
  if (std::regex_search(m, g, std::regex(R"(^Unknown column \[)"))) return phase + ": Unknown column";
  std::string out;
  for (size_t i = 0; i < m.size(); ++i) {
    if (m[i] == '[') {
      size_t end = m.find(']', i);
      if (end != std::string::npos && end - i > 24) {
        out += "[…]";
        i = end;
        continue;
      }
    }
    out += m[i];
  }
  out = std::regex_replace(out, std::regex(R"(\d+)"), "N");
  if (phase == "parse") {
    // Parser messages: keep the shape ("mismatched input 'x', expected ...").
    out = std::regex_replace(out, std::regex(R"(expected \{.*)"), "expected …");
  }
  return one_line(phase + ": " + out, 110);
}

std::string render_actual(const QueryResult& r) {
  std::string s;
  for (size_t c = 0; c < r.names.size(); ++c) s += (c ? " | " : "") + r.names[c] + ":" + std::string(type_name(r.types[c]));
  s += "\n";
  const size_t rows = r.columns.empty() ? r.row_count : r.columns[0].rows();
  for (size_t i = 0; i < rows; ++i) {
    for (size_t c = 0; c < r.columns.size(); ++c) s += (c ? " | " : "") + format_value_text(r.columns[c], i);
    s += "\n";
  }
  for (const auto& w : r.warnings) s += "warning: " + w + "\n";
  return s;
}

Outcome run_in_process(const SpecTest& t, const Datasets& data, bool verbose) {
  Outcome o;
  auto parsed = esql::parse_query(t.query);
  if (!parsed.ok()) {
    o.cause = classify_error("parse", parsed.status());
    o.detail = parsed.status().message();
    return o;
  }
  QueryOptions opts;
  opts.implicit_limit = 1000;
  opts.now_millis = kFixedNowMillis;
  auto prepared = prepare(parsed.value(), data.catalog(), opts);
  if (!prepared.ok()) {
    o.cause = classify_error("prepare", prepared.status());
    o.detail = prepared.status().message();
    return o;
  }
  const PreparedQuery& pq = *prepared.value();
  auto run = pq.start();
  std::vector<std::string> lossy;
  for (const std::string& index : pq.source_indices()) {
    if (run->done()) break;
    auto fields = pq.needed_fields(index);
    if (const IndexData* idx = data.find(index))
      for (const auto& f : fields)
        if (auto it = idx->load_notes.find(f.name); it != idx->load_notes.end()) lossy.push_back(index + "." + f.name);
    Status s = run->push(index, data.batch(index, fields));
    if (!s.ok()) {
      o.cause = classify_error("push", s);
      o.detail = s.message();
      return o;
    }
  }
  auto result = run->finish();
  if (!result.ok()) {
    o.cause = classify_error("finish", result.status());
    o.detail = result.status().message();
    return o;
  }
  Comparison c = compare_result(t, result.value());
  if (c.pass) {
    o.kind = Outcome::Pass;
    return o;
  }
  o.cause = c.cause;
  o.detail = c.detail;
  // A value difference on a field the loader could not feed faithfully is a
  // data-loading gap (BatchBuilder), not necessarily a query bug.
  if (!lossy.empty() && (c.cause.rfind("value mismatch", 0) == 0 || c.cause == "row count differs" ||
                         c.cause.rfind("row order", 0) == 0)) {
    o.cause = "data loading: BatchBuilder loses values of " + lossy[0];
  }
  if (verbose) o.verbose = "actual:\n" + render_actual(result.value());
  return o;
}

// Runs the test in a forked child so crashes and hangs stay contained.
Outcome run_isolated(const SpecTest& t, const Datasets& data, bool verbose) {
  int fds[2];
  if (pipe(fds) != 0) return run_in_process(t, data, verbose);
  std::cout.flush();
  std::fflush(nullptr);
  const pid_t pid = fork();
  if (pid < 0) {
    close(fds[0]);
    close(fds[1]);
    return run_in_process(t, data, verbose);
  }
  if (pid == 0) {
    close(fds[0]);
    // Cap the child's memory: a runaway query (e.g. an MV_EXPAND explosion
    // without LIMIT pushdown) fails fast instead of starving the machine.
    rlimit mem{kChildMemoryLimitBytes, kChildMemoryLimitBytes};
    setrlimit(RLIMIT_AS, &mem);
    Outcome o;
    try {
      o = run_in_process(t, data, verbose);
    } catch (const std::exception& e) {
      // The engine promises not to throw; report it instead of letting
      // gtest's handler resume the suite inside the child.
      o.cause = std::string("exception: ") + typeid(e).name();
      o.detail = e.what();
    } catch (...) {
      o.cause = "exception: unknown";
    }
    std::string msg = (o.kind == Outcome::Pass ? "P" : "F") + o.cause + '\x1f' + o.detail + '\x1f' + o.verbose;
    size_t off = 0;
    while (off < msg.size()) {
      ssize_t n = write(fds[1], msg.data() + off, msg.size() - off);
      if (n <= 0) break;
      off += static_cast<size_t>(n);
    }
    close(fds[1]);
    _exit(0);
  }
  close(fds[1]);
  std::string buf;
  bool timed_out = false;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(kPerTestTimeoutMs);
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count();
    if (left <= 0) {
      timed_out = true;
      break;
    }
    pollfd p{fds[0], POLLIN, 0};
    if (poll(&p, 1, static_cast<int>(left)) <= 0) continue;
    char chunk[4096];
    ssize_t n = read(fds[0], chunk, sizeof chunk);
    if (n <= 0) break;
    buf.append(chunk, static_cast<size_t>(n));
  }
  close(fds[0]);
  if (timed_out) kill(pid, SIGKILL);
  int status = 0;
  waitpid(pid, &status, 0);
  Outcome o;
  if (timed_out) {
    o.cause = "timeout";
    o.detail = "no result within " + std::to_string(kPerTestTimeoutMs / 1000) + " s";
    return o;
  }
  if (WIFSIGNALED(status) || buf.empty()) {
    const int sig = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
    o.cause = "crash";
    o.detail = sig ? std::string("killed by signal ") + strsignal(sig) + " (memory capped at 2 GiB)"
                   : "child exited without a result";
    return o;
  }
  o.kind = buf[0] == 'P' ? Outcome::Pass : Outcome::Fail;
  const size_t a = buf.find('\x1f', 1);
  const size_t b = a == std::string::npos ? a : buf.find('\x1f', a + 1);
  o.cause = buf.substr(1, a == std::string::npos ? std::string::npos : a - 1);
  if (a != std::string::npos) o.detail = buf.substr(a + 1, b == std::string::npos ? std::string::npos : b - a - 1);
  if (b != std::string::npos) o.verbose = buf.substr(b + 1);
  return o;
}

std::string expected_table(const SpecTest& t) {
  std::string s;
  for (size_t c = 0; c < t.columns.size(); ++c) s += (c ? " | " : "") + t.columns[c].name + ":" + t.columns[c].type_name;
  s += "\n";
  for (const auto& row : t.rows) {
    for (size_t c = 0; c < row.size(); ++c) {
      std::string cell;
      if (row[c].is_null) cell = "null";
      else if (!row[c].is_multi) cell = row[c].values.empty() ? "" : row[c].values[0];
      else {
        cell = "[";
        for (size_t i = 0; i < row[c].values.size(); ++i) cell += (i ? ", " : "") + row[c].values[i];
        cell += "]";
      }
      s += (c ? " | " : "") + cell;
    }
    s += "\n";
  }
  for (const auto& w : t.warnings) s += "warning: " + w + "\n";
  for (const auto& w : t.warning_regexes) s += "warningRegex: " + w + "\n";
  return s;
}

// ---------------------------------------------------------------------------
// The suite.

struct FailureRecord {
  std::string where;  // file:line name
  std::string detail;
};

TEST(CsvSpecConformance, RunsEverySpecFile) {
  const auto t0 = std::chrono::steady_clock::now();
  auto loaded = Datasets::load(spec_dir());
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  const Datasets& data = loaded.value();

  std::vector<std::string> files;
  for (const auto& e : std::filesystem::directory_iterator(spec_dir()))
    if (e.path().extension() == ".csv-spec") files.push_back(e.path().string());
  std::sort(files.begin(), files.end());
  ASSERT_FALSE(files.empty()) << "no csv-spec files in " << spec_dir();

  const char* filter_env = std::getenv("CSVSPEC_FILTER");
  const std::string filter = filter_env ? filter_env : "";
  const bool no_fork = std::getenv("CSVSPEC_NO_FORK") != nullptr;
  const bool verbose = std::getenv("CSVSPEC_VERBOSE") != nullptr;

  size_t total_pass = 0, total_fail = 0, total_skip = 0;
  std::map<std::string, std::vector<FailureRecord>> by_cause;
  std::map<std::string, size_t> skip_totals;
  std::ostringstream report;

  for (const auto& path : files) {
    auto tests = read_spec_file(path);
    ASSERT_TRUE(tests.ok()) << tests.status().message();
    size_t pass = 0, failed = 0, skipped = 0;
    std::vector<std::string> failure_lines;
    std::map<std::string, size_t> skips;
    for (const SpecTest& t : tests.value()) {
      const std::string where = t.file + ":" + std::to_string(t.line) + " " + t.name;
      if (!filter.empty() && (t.file + ":" + t.name).find(filter) == std::string::npos) continue;
      std::optional<std::string> skip;
      if (t.disabled()) skip = "disabled (-Ignore)";
      else skip = out_of_scope(t, data);
      if (skip) {
        ++skipped;
        ++skips[*skip];
        ++skip_totals[*skip];
        continue;
      }
      Outcome o;
      if (!t.error.empty()) {
        o.cause = "spec not understood by the reader";
        o.detail = t.error;
      } else {
        o = no_fork ? run_in_process(t, data, verbose) : run_isolated(t, data, verbose);
      }
      if (o.kind == Outcome::Pass) {
        ++pass;
        continue;
      }
      ++failed;
      failure_lines.push_back("  FAIL " + where + " — " + one_line(o.cause, 90) + ": " + one_line(o.detail, 160));
      by_cause[o.cause].push_back({where, one_line(o.detail, 300)});
      if (verbose)
        std::cout << "---- " << where << "\nquery:\n" << t.query << "\nexpected:\n" << expected_table(t) << o.verbose << "\n";
    }
    total_pass += pass;
    total_fail += failed;
    total_skip += skipped;
    if (pass + failed + skipped == 0) continue;
    report << std::filesystem::path(path).filename().string() << ": passed " << pass << ", failed " << failed
           << ", skipped " << skipped << "\n";
    for (const auto& l : failure_lines) report << l << "\n";
    if (!skips.empty()) {
      report << "  skipped:";
      bool first = true;
      for (const auto& [why, n] : skips) {
        report << (first ? " " : ", ") << why << " (" << n << ")";
        first = false;
      }
      report << "\n";
    }
  }

  const double in_scope = static_cast<double>(total_pass + total_fail);
  const double rate = in_scope > 0 ? total_pass / in_scope : 1.0;
  std::vector<std::pair<std::string, size_t>> causes;
  for (const auto& [c, v] : by_cause) causes.emplace_back(c, v.size());
  std::stable_sort(causes.begin(), causes.end(), [](const auto& a, const auto& b) { return a.second > b.second; });

  std::cout << report.str();
  std::cout << "skip reasons (all files):";
  for (const auto& [why, n] : skip_totals) std::cout << " " << why << " (" << n << ");";
  std::cout << "\ncsv-spec: " << total_pass << " passed, " << total_fail << " failed, " << total_skip << " skipped\n";
  char rate_text[64];
  std::snprintf(rate_text, sizeof rate_text, "%.1f%%", rate * 100);
  std::cout << "in-scope pass rate: " << rate_text << " (" << total_pass << "/" << total_pass + total_fail << ")\n";
  std::cout << "top failure causes:\n";
  for (size_t i = 0; i < causes.size() && i < 25; ++i) std::cout << "  " << causes[i].second << "  " << causes[i].first << "\n";

  // Full failure list for the engine engineers, grouped by cause.
  const std::string out_path = std::string(TRAILHOUND_BINARY_DIR) + "/csv_spec_failures.txt";
  std::ofstream out(out_path);
  out << "csv-spec: " << total_pass << " passed, " << total_fail << " failed, " << total_skip << " skipped; in-scope pass rate "
      << rate_text << "\n";
  if (!filter.empty()) out << "(filtered: CSVSPEC_FILTER=" << filter << ")\n";
  out << "\nFailures grouped by apparent cause (count, then each test: file:line name — first difference)\n";
  for (const auto& [cause, n] : causes) {
    out << "\n## " << n << "  " << cause << "\n";
    for (const auto& f : by_cause[cause]) out << "  " << f.where << " — " << f.detail << "\n";
  }
  out << "\nSkipped by feature:\n";
  for (const auto& [why, n] : skip_totals) out << "  " << n << "  " << why << "\n";
  std::cout << "failures by cause written to " << out_path << "\n";
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::cout << "elapsed: " << static_cast<int>(secs * 1000) << " ms\n";

  if (filter.empty()) {
    EXPECT_GE(rate, kMinInScopePassRate) << "in-scope pass rate " << rate_text << " fell below the floor";
    // The reader must see every test of the suite (esql-semantics.md §8.2: 1,743).
    EXPECT_EQ(total_pass + total_fail + total_skip, 1743u);
  }
}

// ---------------------------------------------------------------------------
// Scope detection unit tests.

SpecTest query_test(std::string q) {
  SpecTest t;
  t.query = std::move(q);
  return t;
}

class ScopeTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto d = Datasets::load(spec_dir());
    ASSERT_TRUE(d.ok()) << d.status().message();
    data_ = new Datasets(std::move(d.value()));
  }
  static void TearDownTestSuite() { delete data_; }
  static Datasets* data_;
};
Datasets* ScopeTest::data_ = nullptr;

TEST_F(ScopeTest, NamesOutOfScopeFeatures) {
  EXPECT_EQ(out_of_scope(query_test("from employees | enrich languages_policy on languages"), *data_), "ENRICH");
  EXPECT_EQ(out_of_scope(query_test("FROM employees\n| LOOKUP JOIN languages_lookup ON language_code"), *data_), "LOOKUP JOIN");
  EXPECT_EQ(out_of_scope(query_test("from airports | keep name"), *data_), "data set not included: airports");
  EXPECT_EQ(out_of_scope(query_test("from airports* | keep name"), *data_), "data set not included: airports*");
  EXPECT_EQ(out_of_scope(query_test("from books | where author : \"Faulkner\""), *data_), "data set not included: books");
  EXPECT_EQ(out_of_scope(query_test("from employees | where first_name : \"Georgi\""), *data_), "full-text search/scoring");
  EXPECT_EQ(out_of_scope(query_test("row a = \"POINT(1 2)\" | eval p = to_geopoint(a)"), *data_), "spatial/geo");
  EXPECT_EQ(out_of_scope(query_test("TS k8s | stats max(rate(x))"), *data_), "time series (TS)");
}

TEST_F(ScopeTest, KeepsInScopeQueries) {
  EXPECT_EQ(out_of_scope(query_test("from employees | eval x = salary::long | keep x"), *data_), std::nullopt);
  EXPECT_EQ(out_of_scope(query_test("row a = \"x: y\" | eval b = to_ip(\"1.2.3.4\", {\"leading_zeros\": \"octal\"})"), *data_),
            std::nullopt);
  EXPECT_EQ(out_of_scope(query_test("set time_zone=\"+03:00\";\nfrom \"\"\"employees\"\"\" | keep emp_no"), *data_),
            std::nullopt);
  EXPECT_EQ(out_of_scope(query_test("from host*,-hosts_ip_is_kwd | keep host"), *data_), std::nullopt);
  EXPECT_EQ(out_of_scope(query_test("FROM employees, sample_data METADATA _index | keep _index"), *data_), std::nullopt);
}

TEST(ErrorClassification, GroupsByShape) {
  EXPECT_EQ(classify_error("prepare", Status::unsupported("line 1:20: unsupported: function [MV_ZIP]")),
            "unsupported function mv_zip");
  EXPECT_EQ(classify_error("prepare", Status::analysis_error("line 3:4: Unknown column [foo]")), "prepare: Unknown column");
  EXPECT_EQ(classify_error("prepare", Status::analysis_error("line 1:5: first argument of [substring(first_name, 1, 2, 3, 4, 5)] must be [string]")),
            "prepare: first argument of […] must be [string]");
}

}  // namespace
}  // namespace trailhound::csvspec
