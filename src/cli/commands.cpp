#include "cli/commands.h"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <map>
#include <mutex>
#include <optional>
#include <thread>

#include "cli/result_writer.h"
#include "common/parallel_for.h"
#include "ecs/cloudtrail_normalizer.h"
#include "ecs/geoip_enricher.h"
#include "ecs/user_agent_parser.h"
#include "esql/parser.h"
#include "esql/prepared_query.h"
#include "exec/value_format.h"
#include "ingest/error_reporter.h"
#include "ingest/record_reader.h"
#include "pipeline/alert_writer.h"
#include "pipeline/data_sources.h"
#include "pipeline/nested_json_sink.h"
#include "pipeline/scan.h"
#include "rules/rule_loader.h"

namespace trailhound::cli {

namespace {

void write_stdout(const std::string& s) {
  std::fwrite(s.data(), 1, s.size(), stdout);
  std::fflush(stdout);
}

int64_t wall_clock_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

// "2024-03-10T12:00:00Z", "2024-03-10", or epoch milliseconds.
std::optional<int64_t> parse_time_arg(const std::string& s) {
  if (s.empty()) return std::nullopt;
  if (std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    int64_t v = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec == std::errc() && p == s.data() + s.size()) return v;
    return std::nullopt;
  }
  return parse_datetime(s);
}

int thread_count(int requested) {
  if (requested > 0) return requested;
  const unsigned hc = std::thread::hardware_concurrency();
  return hc == 0 ? 2 : static_cast<int>(hc);
}

// What the queries read of user_agent.*: whether any field (user_agent.original
// needs no parser lists), and the uap-core lists the fields need
// (UserAgentParser::Parts).
struct UserAgentNeeds {
  bool any = false;
  unsigned parts = 0;
};
UserAgentNeeds user_agent_needs(const std::vector<pipeline::ScanTarget>& targets) {
  UserAgentNeeds needs;
  for (const auto& t : targets)
    for (const auto& idx : t.query->source_indices())
      for (const auto& f : t.query->needed_fields(idx)) {
        needs.any = needs.any || f.name.starts_with("user_agent.");
        needs.parts |= ecs::UserAgentParser::parts_for_field(f.name);
      }
  return needs;
}

Result<std::shared_ptr<const ecs::UserAgentParser>> load_user_agents(const std::string& path) {
  return ecs::UserAgentParser::load_file(path.empty() ? ecs::kDefaultUapRegexesPath : path);
}

// Builds the data sources and scan options shared by hunt and query.
// Returns kExitOk, or an exit status after printing the error.
int prepare_sources(const CommonOptions& common, pipeline::DataSources& sources,
                    pipeline::ScanOptions& scan_opts, ingest::ErrorReporter& errors,
                    bool unknown_indices_as_ecs) {
  for (const auto& in : common.inputs) {
    Status st = sources.add_input(in);
    if (!st.ok()) {
      std::cerr << "trailhound: " << st.message() << "\n";
      return kExitUsage;
    }
  }
  for (const auto& m : common.mappings) {
    Status st = sources.add_mapping(m);
    if (!st.ok()) {
      std::cerr << "trailhound: " << st.message() << "\n";
      return kExitUsage;
    }
  }
  scan_opts.threads = thread_count(common.threads);
  scan_opts.prefilter = !common.no_prefilter;
  if (!common.since.empty()) {
    scan_opts.since_ms = parse_time_arg(common.since);
    if (!scan_opts.since_ms) {
      std::cerr << "trailhound: --since [" << common.since << "]: not a date (ISO 8601 or epoch ms)\n";
      return kExitUsage;
    }
  }
  if (!common.until.empty()) {
    scan_opts.until_ms = parse_time_arg(common.until);
    if (!scan_opts.until_ms) {
      std::cerr << "trailhound: --until [" << common.until << "]: not a date (ISO 8601 or epoch ms)\n";
      return kExitUsage;
    }
  }
  Status st = sources.load(errors, unknown_indices_as_ecs);
  if (!st.ok()) {
    std::cerr << "trailhound: " << st.message() << "\n";
    return kExitUsage;
  }
  return kExitOk;
}

// Opens the GeoIP/ASN databases named on the command line (none: no enrichment).
int open_geoip(const CommonOptions& common, std::shared_ptr<const ecs::GeoIpEnricher>& out) {
  if (common.geoip_city.empty() && common.geoip_asn.empty()) return kExitOk;
  auto g = ecs::GeoIpEnricher::open(ecs::GeoIpOptions{common.geoip_city, common.geoip_asn});
  if (!g.ok()) {
    std::cerr << "trailhound: " << g.status().message() << "\n";
    return kExitUsage;
  }
  out = g.value();
  return kExitOk;
}

int attach_user_agents(const CommonOptions& common, const std::vector<pipeline::ScanTarget>& targets,
                       pipeline::ScanOptions& scan_opts) {
  const UserAgentNeeds needs = user_agent_needs(targets);
  if (!needs.any) return kExitOk;
  auto ua = load_user_agents(common.ua_regexes);
  if (!ua.ok()) {
    std::cerr << "trailhound: " << ua.status().message() << "\n";
    return kExitUsage;
  }
  scan_opts.user_agents = ua.value();
  // Compiling a list takes 20-100 ms of RE2 work before the first agent can be
  // parsed: the name list (what rules filter on) is compiled while the rest is
  // set up and the readers start. The OS and device lists, which rules mostly
  // only KEEP, are compiled when a record first needs them (by every reader
  // that needs them meanwhile), so a hunt whose records never reach those
  // rules does not pay for them.
  scan_opts.user_agents->prepare(needs.parts & ecs::UserAgentParser::kName);
  return kExitOk;
}

void print_scan_summary(const pipeline::ScanStats& stats, const ingest::ErrorReporter& errors) {
  if (stats.ingest.records_unparsed)
    std::cerr << fmt::format(
        "trailhound: {} of {} record(s) passed over unparsed: they lack text the queries' filters require "
        "(--no-prefilter parses them)\n",
        stats.ingest.records_unparsed, stats.ingest.records + stats.ingest.records_unparsed);
  if (stats.pipeline_errors)
    std::cerr << fmt::format(
        "trailhound: {} record(s) kept as event.kind: pipeline_error documents (as Elastic keeps them)\n",
        stats.pipeline_errors);
  if (errors.count() == 0) return;
  std::cerr << fmt::format(
      "trailhound: {} input errors: {} records and {} files skipped, {} records not mappable\n",
      errors.count(), stats.ingest.skipped_records, stats.ingest.skipped_files, stats.unmappable);
}

// User-agent rules left out because compiling them failed (memory ran out):
// the user_agent.* values of this run may differ from Elastic's, so the run
// says so and does not end as if all went well. The number of lines printed.
size_t report_user_agent_failures(const ecs::UserAgentParser* user_agents) {
  if (!user_agents) return 0;
  const std::vector<std::string> failures = user_agents->compile_failures();
  for (const std::string& f : failures)
    std::cerr << "trailhound: user-agent " << f << ": user_agent.* values may differ from Elastic's\n";
  return failures.size();
}

void print_warnings(const QueryResult& r, std::string_view prefix) {
  for (const auto& w : r.warnings) std::cerr << "trailhound: warning: " << prefix << w << "\n";
}

}  // namespace

int run_query(const CommonOptions& common, const QueryOptionsCli& opts, bool tty) {
  OutputFormat format = tty ? OutputFormat::Table : OutputFormat::Json;
  if (!opts.format.empty() && !parse_output_format(opts.format, format)) {
    std::cerr << "trailhound: --format [" << opts.format << "]: expected table, json, csv or ndjson\n";
    return kExitUsage;
  }
  auto parsed = esql::parse_query(opts.text);
  if (!parsed.ok()) {
    std::cerr << "trailhound: query: " << parsed.status().message() << "\n";
    return kExitUsage;
  }
  ingest::ErrorReporter errors;
  pipeline::DataSources sources;
  pipeline::ScanOptions scan_opts;
  if (int rc = prepare_sources(common, sources, scan_opts, errors, false)) return rc;

  QueryOptions qopts;
  qopts.implicit_limit = 1000;
  qopts.now_millis = opts.now.empty() ? wall_clock_ms() : parse_time_arg(opts.now).value_or(0);
  auto prepared = prepare(parsed.value(), sources.catalog(), qopts);
  if (!prepared.ok()) {
    std::cerr << "trailhound: query: " << prepared.status().message() << "\n";
    return kExitUsage;
  }
  auto run = prepared.value()->start();
  std::vector<pipeline::ScanTarget> targets{
      {prepared.value().get(), run.get(), &parsed.value()}};
  if (int rc = attach_user_agents(common, targets, scan_opts)) return rc;
  if (int rc = open_geoip(common, scan_opts.geoip)) return rc;
  ingest::ErrorReporter pipeline_warnings(&std::cerr, 20, "records kept as pipeline_error");
  scan_opts.read_time_ms = qopts.now_millis;
  scan_opts.pipeline_warnings = &pipeline_warnings;
  auto stats = pipeline::scan(sources, targets, scan_opts, errors);
  if (!stats.ok()) {
    std::cerr << "trailhound: query: " << stats.status().message() << "\n";
    return kExitUsage;
  }
  auto result = run->finish();
  if (!result.ok()) {
    std::cerr << "trailhound: query: " << result.status().message() << "\n";
    return kExitUsage;
  }
  std::string out;
  write_result(result.value(), format, out);
  write_stdout(out);
  print_warnings(result.value(), "");
  pipeline_warnings.finish();
  errors.finish();
  print_scan_summary(stats.value(), errors);
  const size_t ua_failures = report_user_agent_failures(scan_opts.user_agents.get());
  return errors.count() || ua_failures ? kExitSkippedInput : kExitOk;
}

namespace {

// A rule's query as the loader parsed it; parsed here only for a rule the
// loader did not parse (type "esql" under another language).
Result<std::shared_ptr<const esql::Query>> rule_query(const rules::Rule& rule) {
  if (rule.parsed_query) return rule.parsed_query;
  auto parsed = esql::parse_query(rule.query);
  if (!parsed.ok()) return parsed.status();
  return std::make_shared<const esql::Query>(std::move(parsed.value()));
}

struct RuleRun {
  rules::Rule rule;
  std::shared_ptr<const esql::Query> syntax;  // kept for the scan's record prefilter
  std::shared_ptr<const PreparedQuery> prepared;
  std::unique_ptr<QueryRun> run;
};

// Writes all alerts as one CSV: rule metadata columns, then the union of the
// rules' result columns in first-seen order (a rule lacking a column leaves it empty).
void write_alerts_csv(const std::vector<std::pair<const RuleRun*, QueryResult>>& results,
                      int64_t now, std::string& out) {
  std::vector<std::string> cols;
  for (const auto& [rr, res] : results)
    for (const auto& n : res.names)
      if (std::find(cols.begin(), cols.end(), n) == cols.end()) cols.push_back(n);
  std::vector<std::string> header = {"@timestamp", "kibana.alert.rule.name", "kibana.alert.rule.rule_id",
                                     "kibana.alert.severity", "kibana.alert.risk_score"};
  for (const auto& c : cols) header.push_back(c == "@timestamp" ? "kibana.alert.original_time" : c);
  for (size_t i = 0; i < header.size(); ++i) {
    if (i) out += ",";
    append_csv_field(out, header[i]);
  }
  out += "\r\n";
  const std::string run_time = format_datetime(now);
  for (const auto& [rr, res] : results) {
    // Where each union column sits in this rule's result (-1: the rule lacks it).
    std::vector<int> position;
    for (const auto& c : cols) {
      auto it = std::find(res.names.begin(), res.names.end(), c);
      position.push_back(it == res.names.end() ? -1 : static_cast<int>(it - res.names.begin()));
    }
    for (size_t r = 0; r < res.rows(); ++r) {
      append_csv_field(out, run_time);
      out += ",";
      append_csv_field(out, rr->rule.name);
      out += ",";
      append_csv_field(out, rr->rule.rule_id);
      out += ",";
      append_csv_field(out, rr->rule.severity);
      out += fmt::format(",{}", rr->rule.risk_score);
      for (int p : position) {
        out += ",";
        if (p < 0 || res.columns[p].is_null(r)) continue;
        append_csv_field(out, format_value_text(res.columns[p], r));
      }
      out += "\r\n";
    }
  }
}

}  // namespace

int run_hunt(const CommonOptions& common, const HuntOptions& opts, bool tty) {
  OutputFormat format = tty ? OutputFormat::Table : OutputFormat::Ndjson;
  if (!opts.format.empty() && (!parse_output_format(opts.format, format) || format == OutputFormat::Json)) {
    std::cerr << "trailhound: --format [" << opts.format << "]: expected table, ndjson or csv\n";
    return kExitUsage;
  }
  int64_t now = wall_clock_ms();
  if (!opts.now.empty()) {
    auto t = parse_time_arg(opts.now);
    if (!t) {
      std::cerr << "trailhound: --now [" << opts.now << "]: not a date (ISO 8601 or epoch ms)\n";
      return kExitUsage;
    }
    now = *t;
  }
  int exit_code = kExitOk;
  ingest::ErrorReporter errors;
  pipeline::DataSources sources;
  pipeline::ScanOptions scan_opts;
  // Rules over integrations without data here still analyze (and find nothing).
  if (int rc = prepare_sources(common, sources, scan_opts, errors, true)) return rc;

  // Rule files are read and their queries prepared on the hunt's threads
  // (start-up grows with the rule set); what they report is printed after,
  // in the order of the paths and files.
  const unsigned threads = static_cast<unsigned>(scan_opts.threads);
  std::vector<rules::LoadedRules> loaded = rules::load_rules(opts.rule_paths, threads);
  std::vector<rules::Rule*> esql_rules;
  for (auto& l : loaded)
    for (auto& rule : l.rules)
      if (rule.type == "esql") esql_rules.push_back(&rule);
  struct Prepared {
    Result<std::shared_ptr<const esql::Query>> parsed = Status::internal("not prepared");
    Result<std::shared_ptr<const PreparedQuery>> prepared = Status::internal("not prepared");
  };
  std::vector<Prepared> prepared(esql_rules.size());
  parallel_for(esql_rules.size(), threads, [&](size_t i) {
    try {
      prepared[i].parsed = rule_query(*esql_rules[i]);
      if (!prepared[i].parsed.ok()) return;
      QueryOptions qopts;
      // A hunt reports every matching row: Kibana's per-run cap (max_signals) bounds
      // one schedule window, and a hunt covers all windows at once.
      qopts.implicit_limit = -1;
      qopts.now_millis = now;
      prepared[i].prepared = prepare(*prepared[i].parsed.value(), sources.catalog(), qopts);
    } catch (const std::exception& e) {  // allocation failure: reported as the rule's error
      prepared[i].parsed = Status::internal(std::string("out of memory or internal error: ") + e.what());
    }
  });

  std::vector<RuleRun> runs;
  size_t skipped_rules = 0;
  size_t next_esql = 0;
  for (size_t p = 0; p < opts.rule_paths.size(); ++p) {
    const std::string& path = opts.rule_paths[p];
    for (const auto& [file, message] : loaded[p].errors) {
      // Loader messages already start with the file (and line:column) they concern.
      const bool located = message.rfind(file, 0) == 0;
      std::cerr << "trailhound: " << (located ? "" : file + ": ") << message << "\n";
      exit_code = kExitUsage;
    }
    if (loaded[p].rules.empty() && loaded[p].errors.empty()) {
      std::cerr << "trailhound: " << path << ": no rule files found\n";
      exit_code = kExitUsage;
    }
    for (auto& rule : loaded[p].rules) {
      if (rule.type != "esql") {
        std::cerr << fmt::format("trailhound: skipped rule \"{}\" ({}): type {} is not ES|QL\n",
                                 rule.name, rule.path, rule.type);
        ++skipped_rules;
        continue;
      }
      Prepared& pr = prepared[next_esql++];
      if (!pr.parsed.ok() || !pr.prepared.ok()) {
        const Status& failed = !pr.parsed.ok() ? pr.parsed.status() : pr.prepared.status();
        std::cerr << fmt::format("trailhound: rule \"{}\" ({}): query: {}\n", rule.name, rule.path,
                                 failed.message());
        exit_code = kExitUsage;
        continue;
      }
      RuleRun rr;
      rr.rule = std::move(rule);
      rr.prepared = pr.prepared.value();
      rr.syntax = pr.parsed.value();
      rr.run = rr.prepared->start();
      runs.push_back(std::move(rr));
    }
  }

  std::vector<pipeline::ScanTarget> targets;
  for (auto& rr : runs) targets.push_back({rr.prepared.get(), rr.run.get(), rr.syntax.get()});
  if (int rc = attach_user_agents(common, targets, scan_opts)) return rc;
  if (int rc = open_geoip(common, scan_opts.geoip)) return rc;
  ingest::ErrorReporter pipeline_warnings(&std::cerr, 20, "records kept as pipeline_error");
  scan_opts.read_time_ms = now;
  scan_opts.pipeline_warnings = &pipeline_warnings;
  auto stats = pipeline::scan(sources, targets, scan_opts, errors);
  if (!stats.ok()) {
    std::cerr << "trailhound: " << stats.status().message() << "\n";
    return kExitUsage;
  }

  // Each rule's final stage (STATS results, post-STATS filters, sorts) is its
  // own: the rules finish in parallel, and are reported in rule order.
  std::vector<std::optional<Result<QueryResult>>> finished(runs.size());
  parallel_for(runs.size(), threads, [&](size_t i) {
    try {  // nothing may leave a helper thread (that would end the process)
      finished[i].emplace(runs[i].run->finish());
    } catch (const std::exception& e) {
      finished[i].emplace(Status::internal(std::string("finishing the query: ") + e.what()));
    }
  });
  std::vector<std::pair<const RuleRun*, QueryResult>> results;
  size_t alerts = 0;
  for (size_t i = 0; i < runs.size(); ++i) {
    RuleRun& rr = runs[i];
    Result<QueryResult>& res = *finished[i];
    if (!res.ok()) {
      std::cerr << fmt::format("trailhound: rule \"{}\" ({}): {}\n", rr.rule.name, rr.rule.path,
                               res.status().message());
      exit_code = kExitUsage;
      continue;
    }
    print_warnings(res.value(), fmt::format("rule \"{}\": ", rr.rule.name));
    alerts += res.value().rows();
    results.emplace_back(&rr, std::move(res.value()));
  }

  std::string out;
  if (format == OutputFormat::Ndjson) {
    for (const auto& [rr, res] : results)
      for (size_t r = 0; r < res.rows(); ++r) pipeline::append_alert(rr->rule, res, r, now, out);
  } else if (format == OutputFormat::Csv) {
    write_alerts_csv(results, now, out);
  } else {
    for (const auto& [rr, res] : results) {
      if (res.rows() == 0) continue;
      out += fmt::format("== {} [{}] severity={} risk={}: {} alert(s)\n", rr->rule.name,
                         rr->rule.rule_id, rr->rule.severity, rr->rule.risk_score, res.rows());
      write_table(res, out);
      out += "\n";
    }
  }
  write_stdout(out);
  pipeline_warnings.finish();
  errors.finish();
  std::cerr << fmt::format("trailhound: {} rule(s) run, {} skipped, {} event(s), {} alert(s)\n",
                           runs.size(), skipped_rules, stats.value().events, alerts);
  for (size_t i = 0; i < runs.size(); ++i)
    if (stats.value().prefilter[i] == "never")
      std::cerr << fmt::format(
          "trailhound: rule \"{}\" can keep no CloudTrail record in this run: its filters need values that "
          "are constant or always null here (e.g. source.as.* without --geoip-asn, user_agent.* without regexes)\n",
          runs[i].rule.name);
  if (opts.explain)
    for (size_t i = 0; i < runs.size(); ++i) {
      const auto& st = stats.value();
      std::cerr << fmt::format("trailhound: prefilter for \"{}\": {}{}\n", runs[i].rule.name,
                               st.prefilter[i].empty() ? "none (every record is parsed for it)" : st.prefilter[i],
                               i < st.prefilter_marked.size()
                                   ? fmt::format(" — {} record(s) let through", st.prefilter_marked[i])
                                   : std::string());
    }
  if (!stats.value().prefilter_active && !common.no_prefilter) {
    // Say which rules keep every record parsed: their filters name no record text.
    std::vector<std::string> open_rules;
    for (size_t i = 0; i < runs.size(); ++i) {
      const auto& indices = runs[i].prepared->source_indices();
      const bool reads_cloudtrail =
          std::find(indices.begin(), indices.end(), pipeline::kCloudTrailIndex) != indices.end();
      if (reads_cloudtrail && stats.value().prefilter[i].empty()) open_rules.push_back('"' + runs[i].rule.name + '"');
    }
    if (!open_rules.empty() && stats.value().ingest.records > 0)
      std::cerr << fmt::format("trailhound: every record was parsed: no record text is required by {}\n",
                               fmt::join(open_rules, ", "));
  }
  print_scan_summary(stats.value(), errors);
  const size_t ua_failures = report_user_agent_failures(scan_opts.user_agents.get());
  if (exit_code == kExitOk && (errors.count() || ua_failures)) exit_code = kExitSkippedInput;
  return exit_code;
}

namespace {

// Per-worker output of `normalize`: documents of one file stay together, and
// whole files are written under a lock so workers never interleave lines.
ecs::CloudTrailNormalizerOptions options_with_read_time(int64_t ms) {
  ecs::CloudTrailNormalizerOptions o;
  o.read_time_millis = ms;
  return o;
}

class NormalizeConsumer : public ingest::RecordConsumer {
 public:
  NormalizeConsumer(std::shared_ptr<const ecs::UserAgentParser> ua,
                    std::shared_ptr<const ecs::GeoIpEnricher> geoip, int64_t read_time_ms,
                    std::mutex& out_mu, ingest::ErrorReporter& errors, std::atomic<uint64_t>& unmappable)
      : normalizer_(std::move(ua), std::move(geoip), options_with_read_time(read_time_ms)), sink_(buffer_), out_mu_(out_mu), errors_(errors),
        unmappable_(unmappable) {}
  ~NormalizeConsumer() override { flush(); }

  void on_record(simdjson::dom::element record, const ingest::RecordLocation& where) override {
    Status st = normalizer_.normalize(record, sink_);
    if (!st.ok()) {
      unmappable_.fetch_add(1);
      errors_.report(where.file ? *where.file : std::string(), where.line(), where.offset, st.message());
    }
  }
  void on_file_done(const std::string&) override { flush(); }

 private:
  void flush() {
    if (buffer_.empty()) return;
    std::lock_guard lock(out_mu_);
    std::fwrite(buffer_.data(), 1, buffer_.size(), stdout);
    buffer_.clear();
  }
  ecs::CloudTrailNormalizer normalizer_;
  std::string buffer_;
  pipeline::NestedJsonSink sink_;
  std::mutex& out_mu_;
  ingest::ErrorReporter& errors_;
  std::atomic<uint64_t>& unmappable_;
};

}  // namespace

int run_normalize(const CommonOptions& common) {
  auto ua = load_user_agents(common.ua_regexes);
  if (!ua.ok()) {
    std::cerr << "trailhound: " << ua.status().message() << "\n";
    return kExitUsage;
  }
  std::shared_ptr<const ecs::GeoIpEnricher> geoip;
  if (int rc = open_geoip(common, geoip)) return rc;
  const int64_t read_time = wall_clock_ms();
  ingest::ErrorReporter errors;
  std::mutex out_mu;
  std::atomic<uint64_t> unmappable{0};
  ingest::IngestOptions io;
  io.threads = thread_count(common.threads);
  auto summary = ingest::read_inputs(
      common.inputs, io,
      [&](int) {
        return std::make_unique<NormalizeConsumer>(ua.value(), geoip, read_time, out_mu, errors,
                                                   unmappable);
      },
      errors);
  std::fflush(stdout);
  errors.finish();
  const size_t ua_failures = report_user_agent_failures(ua.value().get());
  if (errors.count()) {
    std::cerr << fmt::format(
        "trailhound: {} input errors: {} records and {} files skipped, {} records not mappable\n",
        errors.count(), summary.skipped_records, summary.skipped_files, unmappable.load());
    return kExitSkippedInput;
  }
  return ua_failures ? kExitSkippedInput : kExitOk;
}

int run_rules_check(const RulesCheckOptions& opts) {
  const bool json = opts.format == "json";
  if (!json && opts.format != "table") {
    std::cerr << "trailhound: --format [" << opts.format << "]: expected table or json\n";
    return kExitUsage;
  }
  ingest::ErrorReporter errors;
  pipeline::DataSources sources;
  Status st = sources.load(errors, /*unknown_indices_as_ecs=*/true);
  if (!st.ok()) {
    std::cerr << "trailhound: " << st.message() << "\n";
    return kExitUsage;
  }
  struct Row {
    std::string path, rule_id, name, type, status, detail;
  };
  std::vector<Row> rows;
  for (const auto& path : opts.paths) {
    rules::LoadedRules loaded = rules::load_rules(path);
    for (const auto& [file, message] : loaded.errors) rows.push_back({file, "", "", "", "error", message});
    for (const auto& rule : loaded.rules) {
      Row row{rule.path, rule.rule_id, rule.name, rule.type, "", ""};
      if (rule.type != "esql") {
        row.status = "error";
        row.detail = fmt::format("not an ES|QL rule (type {})", rule.type);
      } else if (auto parsed = rule_query(rule); !parsed.ok()) {
        const std::string& m = parsed.status().message();
        row.status = m.find("unsupported:") != std::string::npos ? "unsupported" : "error";
        row.detail = m;
      } else {
        QueryOptions qopts;
        qopts.implicit_limit = -1;
        auto prepared = prepare(*parsed.value(), sources.catalog(), qopts);
        if (prepared.ok()) {
          row.status = "runnable";
        } else {
          const std::string& m = prepared.status().message();
          row.status = m.find("unsupported:") != std::string::npos ? "unsupported" : "parsed";
          row.detail = m;
        }
      }
      rows.push_back(std::move(row));
    }
  }
  std::string out;
  if (json) {
    out += "[";
    for (size_t i = 0; i < rows.size(); ++i) {
      const Row& r = rows[i];
      if (i) out += ",";
      out += "\n{\"path\":";
      append_json_string(out, r.path);
      out += ",\"rule_id\":";
      append_json_string(out, r.rule_id);
      out += ",\"name\":";
      append_json_string(out, r.name);
      out += ",\"type\":";
      append_json_string(out, r.type);
      out += ",\"status\":";
      append_json_string(out, r.status);
      out += ",\"detail\":";
      append_json_string(out, r.detail);
      out += "}";
    }
    out += "\n]\n";
  } else {
    std::map<std::string, int> counts;
    for (const Row& r : rows) {
      ++counts[r.status];
      out += fmt::format("{:<11} {}{}\n", r.status, r.path, r.detail.empty() ? "" : "\n            " + r.detail);
    }
    out += fmt::format("{} rule file(s):", rows.size());
    for (const auto& [s, n] : counts) out += fmt::format(" {} {}", n, s);
    out += "\n";
  }
  write_stdout(out);
  bool any_error = std::any_of(rows.begin(), rows.end(), [](const Row& r) { return r.status == "error"; });
  return any_error ? kExitUsage : kExitOk;
}

}  // namespace trailhound::cli
