// CloudTrailNormalizer against Elastic's own pipeline-test vectors
// (testdata/elastic-integration-cloudtrail), plus unit tests of its building blocks.
#include <gtest/gtest.h>
#include <simdjson.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <cstdlib>
#include <cstring>
#include <sstream>

#include <arpa/inet.h>
#include <unistd.h>

#include "ecs/cleaned_json.h"
#include "ecs/cloudtrail_schema.h"
#include "ecs/cloudtrail_normalizer.h"
#include "ecs/entity_enrichment.h"
#include "ecs/event_categorization.h"
#include "ecs/geoip_enricher.h"
#include "ecs/ip_text.h"
#include "ecs/iso_timestamp.h"

namespace trailhound::ecs {
namespace {

namespace fs = std::filesystem;
using Fields = std::map<std::string, std::vector<std::string>>;

// By-value accessors: ranging over a temporary simdjson_result would dangle.
inline simdjson::dom::object obj_of(simdjson::dom::element e) {
  simdjson::dom::object o;
  if (e.get_object().get(o) != simdjson::SUCCESS) return o;
  return o;
}
inline simdjson::dom::array arr_of(simdjson::dom::element e) {
  simdjson::dom::array a;
  if (e.get_array().get(a) != simdjson::SUCCESS) return a;
  return a;
}


const std::string kShared = TRAILHOUND_SHARED_DIR;
const std::string kVectors = kShared + "/testdata/elastic-integration-cloudtrail";
const std::string kSource = TRAILHOUND_SOURCE_DIR;

// The synthetic City/ASN databases (tests/fixtures/ecs/make_test_mmdb.pl), built
// once per test process into a private directory of the build tree.
class TestMmdb {
 public:
  static const TestMmdb& get() {
    static TestMmdb instance;
    return instance;
  }
  const std::string& dir() const { return dir_; }
  const std::string& error() const { return error_; }
  std::string city() const { return dir_ + "/test-city.mmdb"; }
  std::string asn() const { return dir_ + "/test-asn.mmdb"; }
  ~TestMmdb() {
    std::error_code ec;
    if (!dir_.empty()) fs::remove_all(dir_, ec);
  }

 private:
  TestMmdb() {
    std::string tmpl = std::string(TRAILHOUND_BINARY_DIR) + "/ecs-test-mmdb-XXXXXX";
    if (!mkdtemp(tmpl.data())) {
      error_ = "mkdtemp failed for " + tmpl;
      return;
    }
    dir_ = tmpl;
    std::string cmd = "perl '" + kSource + "/tests/fixtures/ecs/make_test_mmdb.pl' '" + dir_ + "'";
    if (std::system(cmd.c_str()) != 0) {
      error_ = "'" + cmd + "' failed (needs Debian's libmaxmind-db-writer-perl, see setup.sh)";
    }
  }
  std::string dir_, error_;
};

std::shared_ptr<const GeoIpEnricher> test_geoip() {
  static auto g = []() -> std::shared_ptr<const GeoIpEnricher> {
    const TestMmdb& m = TestMmdb::get();
    if (!m.error().empty()) return nullptr;
    auto r = GeoIpEnricher::open({m.city(), m.asn()});
    return r.ok() ? r.value() : nullptr;
  }();
  return g;
}

// The @timestamp test-common-config.yml gives the documents (the agent's read time).
const int64_t kReadTime = *parse_iso8601_millis("2021-11-11T01:02:03.123456789Z");

// ---------------------------------------------------------------- helpers

void append_canonical_json(simdjson::dom::element e, std::string& out);

std::string canonical_json(simdjson::dom::element e) {
  std::string out;
  append_canonical_json(e, out);
  return out;
}

// JSON with object keys sorted, so two renderings of one value compare equal.
void append_canonical_json(simdjson::dom::element e, std::string& out) {
  using T = simdjson::dom::element_type;
  switch (e.type()) {
    case T::OBJECT: {
      std::vector<std::pair<std::string_view, simdjson::dom::element>> kv;
      for (auto f : obj_of(e)) kv.emplace_back(f.key, f.value);
      std::sort(kv.begin(), kv.end(), [](auto& a, auto& b) { return a.first < b.first; });
      out += '{';
      for (size_t i = 0; i < kv.size(); ++i) {
        if (i) out += ',';
        out += '"';
        out.append(kv[i].first);
        out += "\":";
        append_canonical_json(kv[i].second, out);
      }
      out += '}';
      break;
    }
    case T::ARRAY: {
      out += '[';
      bool first = true;
      for (auto c : arr_of(e)) {
        if (!first) out += ',';
        first = false;
        append_canonical_json(c, out);
      }
      out += ']';
      break;
    }
    case T::STRING:
      out += '"';
      out.append(e.get_string().value_unsafe());
      out += '"';
      break;
    case T::DOUBLE: {
      char buf[64];
      auto r = std::to_chars(buf, buf + sizeof buf, e.get_double().value_unsafe());
      out.append(buf, r.ptr);
      break;
    }
    case T::INT64: out += std::to_string(e.get_int64().value_unsafe()); break;
    case T::UINT64: out += std::to_string(e.get_uint64().value_unsafe()); break;
    case T::BOOL: out += e.get_bool().value_unsafe() ? "true" : "false"; break;
    default: out += "null";
  }
}

// Fields ES maps as `flattened`: compared as whole canonical JSON values.
bool is_flattened_field(std::string_view f) {
  return f.rfind("aws.cloudtrail.flattened.", 0) == 0 || f == "source.geo.location" ||
         f == "aws.cloudtrail.user_identity.session_context.web_id_federation_data.attributes";
}

std::string scalar_text(simdjson::dom::element e) {
  using T = simdjson::dom::element_type;
  switch (e.type()) {
    case T::STRING: return std::string(e.get_string().value_unsafe());
    case T::BOOL: return e.get_bool().value_unsafe() ? "true" : "false";
    case T::NULL_VALUE: return "null";
    default: return canonical_json(e);
  }
}

// Expected document → dotted fields (arrays of objects flatten like ES does).
void flatten(simdjson::dom::element e, const std::string& prefix, Fields& out) {
  if (is_flattened_field(prefix)) {
    out[prefix].push_back(canonical_json(e));
    return;
  }
  using T = simdjson::dom::element_type;
  if (e.type() == T::OBJECT) {
    for (auto f : obj_of(e)) {
      flatten(f.value, prefix.empty() ? std::string(f.key) : prefix + "." + std::string(f.key), out);
    }
  } else if (e.type() == T::ARRAY) {
    for (auto c : arr_of(e)) flatten(c, prefix, out);
  } else {
    out[prefix].push_back(scalar_text(e));
  }
}

// Records every value as text in the form the expected JSON shows it.
class RecordingSink : public FieldSink {
 public:
  std::set<std::string> wanted;  // empty = everything
  Fields fields;
  std::map<std::string, DataType> kinds;  // DataType implied by the sink call used
  int documents = 0;
  bool wants(std::string_view f) const override { return wanted.empty() || wanted.count(std::string(f)); }
  void begin_document() override { fields.clear(); }
  void keyword(std::string_view f, std::string_view v) override { add(f, std::string(v), DataType::Keyword); }
  void long_value(std::string_view f, int64_t v) override { add(f, std::to_string(v), DataType::Long); }
  void double_value(std::string_view f, double v) override {
    char buf[64];
    auto r = std::to_chars(buf, buf + sizeof buf, v);
    add(f, std::string(buf, r.ptr), DataType::Double);
  }
  void boolean(std::string_view f, bool v) override { add(f, v ? "true" : "false", DataType::Boolean); }
  void datetime(std::string_view f, int64_t ms) override { add(f, format_iso8601_millis(ms), DataType::Datetime); }
  void ip(std::string_view f, std::string_view ip16) override { add(f, format_ip(ip16), DataType::Ip); }
  void json(std::string_view f, std::string_view j) override {
    simdjson::dom::parser p;
    simdjson::dom::element e;
    if (p.parse(simdjson::padded_string(j)).get(e) != simdjson::SUCCESS) {
      add(f, "<invalid json: " + std::string(j) + ">", DataType::Unsupported);
      return;
    }
    add(f, canonical_json(e), DataType::Unsupported);
  }
  void end_document() override { ++documents; }

 private:
  void add(std::string_view f, std::string v, DataType kind) {
    fields[std::string(f)].push_back(std::move(v));
    kinds[std::string(f)] = kind;
  }
};

// Not produced by the ingest pipeline (agent / Fleet metadata), so not compared.
// Everything else is, including source.geo.* / source.as.* (the synthetic test
// databases hold every address the vectors geolocate) and the entity fields.
bool is_excluded(const std::string& f) {
  static const std::set<std::string> kExact = {"event.ingested", "event.created", "ecs.version",
                                               "data_stream.type", "data_stream.dataset",
                                               "data_stream.namespace", "event.dataset", "event.module"};
  auto starts = [&](const char* p) { return f.rfind(p, 0) == 0; };
  if (kExact.count(f)) return true;
  if (starts("agent.") || starts("elastic_agent.") || starts("input.") || starts("log.")) return true;
  return starts("host.") && !starts("host.target.") && !starts("host.entity.");
}

// Multi-valued fields whose order the pipeline does not define (§9).
bool is_unordered(const std::string& f) { return f.rfind("aws.cloudtrail.resources.", 0) == 0; }

std::string join(const std::vector<std::string>& v) {
  std::string s = "[";
  for (size_t i = 0; i < v.size(); ++i) s += (i ? ", " : "") + v[i];
  return s + "]";
}

std::string read_file(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

// Go bufio.Scanner lines: a final "\n" does not start a new (empty) line.
std::vector<std::string> scanner_lines(const std::string& text) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t nl = text.find('\n', start);
    if (nl == std::string::npos) nl = text.size();
    std::string line = text.substr(start, nl - start);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(std::move(line));
    start = nl + 1;
  }
  return lines;
}

std::shared_ptr<const UserAgentParser> es_user_agents() {
  static auto p = [] {
    auto r = UserAgentParser::load_file(kShared + "/testdata/uap-core-regexes-e9fd8c6/regexes.yaml");
    return r.ok() ? r.value() : nullptr;
  }();
  return p;
}

// Per-test config: tags and _conf.retain (test-common-config.yml otherwise).
CloudTrailNormalizerOptions options_for(const std::string& log_path) {
  CloudTrailNormalizerOptions o;  // defaults = the newest (9.0.0-PR) form the vectors show
  o.read_time_millis = kReadTime;
  // elastic-package merges the per-test config over test-common-config.yml.
  YAML::Node common = YAML::LoadFile(kVectors + "/test-common-config.yml");
  YAML::Node own = fs::exists(log_path + "-config.yml") ? YAML::LoadFile(log_path + "-config.yml") : YAML::Node();
  auto pick = [&](const char* a, const char* b, const char* c = nullptr) {
    for (YAML::Node root : {own, common}) {
      if (!root || !root[a] || !root[a][b]) continue;
      YAML::Node n = root[a][b];
      if (c) n = n[c];
      if (n) return n;
    }
    return YAML::Node();
  };
  o.tags.clear();
  if (auto tags = pick("fields", "tags")) {
    for (const auto& t : tags) o.tags.push_back(t.as<std::string>());
  }
  if (auto r = pick("fields", "_conf", "retain")) {
    std::string v = r.as<std::string>();
    using R = CloudTrailNormalizerOptions::Retain;
    o.retain = v == "keyword" ? R::Keyword : v == "flattened" ? R::Flattened : v == "minimal" ? R::Minimal
             : v == "none"    ? R::None    : R::All;
  }
  return o;
}

struct FieldStats {
  int compared = 0;
  int mismatches = 0;
  std::vector<std::string> examples;
};

// One pass over every current vector (older-versions/ are not the current
// pipeline, MANIFEST §2, and are skipped).
struct VectorRun {
  int files = 0, documents = 0, empty_lines = 0, errors = 0, compared = 0, mismatches = 0;
  std::map<std::string, FieldStats> stats;
  std::set<std::string> produced;  // every field the normalizer wrote on some vector
  std::vector<std::string> failures;
};

const VectorRun& run_vectors() {
  static const VectorRun run = [] {
    VectorRun r;
    std::vector<std::string> logs;
    for (const auto& entry : fs::directory_iterator(kVectors)) {
      std::string name = entry.path().filename().string();
      if (name.rfind("test-", 0) == 0 && entry.path().extension() == ".log") logs.push_back(entry.path().string());
    }
    std::sort(logs.begin(), logs.end());
    simdjson::dom::parser expected_parser;
    for (const std::string& log : logs) {
      std::string expected_path = log + "-expected.json";
      if (!fs::exists(expected_path)) continue;
      simdjson::padded_string expected_text = simdjson::padded_string::load(expected_path);
      simdjson::dom::element expected_root = expected_parser.parse(expected_text);
      simdjson::dom::array expected = expected_root["expected"];
      std::vector<std::string> lines = scanner_lines(read_file(log));
      if (lines.size() != expected.size()) {
        r.failures.push_back(log + ": " + std::to_string(lines.size()) + " lines vs " +
                             std::to_string(expected.size()) + " expected documents");
        continue;
      }
      ++r.files;
      CloudTrailNormalizer normalizer(es_user_agents(), test_geoip(), options_for(log));
      size_t i = 0;
      for (simdjson::dom::element want_doc : expected) {
        const std::string& line = lines[i++];
        if (line.empty()) ++r.empty_lines;
        RecordingSink sink;
        Status st = normalizer.normalize_message(line, sink);
        if (!st.ok() || sink.documents != 1) {
          ++r.errors;
          r.failures.push_back(log + ":" + std::to_string(i) + ": " + st.message());
          continue;
        }
        ++r.documents;
        for (const auto& [f, v] : sink.fields) r.produced.insert(f);
        Fields want;
        flatten(want_doc, "", want);
        std::set<std::string> names;
        for (auto& [k, v] : want) names.insert(k);
        for (auto& [k, v] : sink.fields) names.insert(k);
        for (const std::string& f : names) {
          if (is_excluded(f)) continue;
          std::vector<std::string> a = want.count(f) ? want[f] : std::vector<std::string>{};
          std::vector<std::string> b = sink.fields.count(f) ? sink.fields[f] : std::vector<std::string>{};
          if (is_unordered(f)) {
            std::sort(a.begin(), a.end());
            std::sort(b.begin(), b.end());
          }
          // Elasticsearch's `date` type keeps milliseconds, which is what ES|QL
          // reads; the agent's @timestamp of the empty-line documents has nanos.
          if (f == "@timestamp") {
            for (std::string& v : a) {
              if (auto ms = parse_iso8601_millis(v)) v = format_iso8601_millis(*ms);
            }
          }
          FieldStats& s = r.stats[f];
          ++s.compared;
          ++r.compared;
          if (a != b) {
            ++s.mismatches;
            ++r.mismatches;
            if (s.examples.size() < 3) {
              s.examples.push_back(fs::path(log).filename().string() + ":" + std::to_string(i) + "\n        want " +
                                   join(a).substr(0, 400) + "\n        got  " + join(b).substr(0, 400));
            }
          }
        }
        // Every field written must exist in the ES|QL schema with the matching
        // type (json() → a flattened/geo_point field, which ES|QL reports as unsupported).
        for (const auto& [f, kind] : sink.kinds) {
          const SchemaField* sf = cloudtrail_schema().find(f);
          if (!sf) {
            r.failures.push_back("field not in cloudtrail_schema(): " + f);
          } else if (type_name(sf->type) != type_name(kind)) {
            r.failures.push_back("schema type mismatch: " + f);
          }
        }
      }
    }
    return r;
  }();
  return run;
}

// ---------------------------------------------------------------- the vectors

TEST(CloudTrailNormalizerVectors, MatchesElasticPipelineOutput) {
  ASSERT_NE(es_user_agents(), nullptr);
  ASSERT_EQ(TestMmdb::get().error(), "");
  ASSERT_NE(test_geoip(), nullptr);
  const VectorRun& r = run_vectors();
  std::cout << "[vectors] files=" << r.files << " documents=" << r.documents << " (of which empty-line documents="
            << r.empty_lines << ", normalize errors=" << r.errors << ")\n";
  for (const auto& [f, s] : r.stats) {
    if (s.mismatches == 0) continue;
    std::cout << "  MISMATCH " << f << ": compared " << s.compared << ", mismatches " << s.mismatches << "\n";
    for (const auto& ex : s.examples) std::cout << "      e.g. " << ex << "\n";
  }
  std::cout << "[vectors] documents compared=" << r.documents << " distinct fields compared=" << r.stats.size()
            << " field comparisons=" << r.compared << " mismatches=" << r.mismatches << "\n";
  for (const std::string& f : r.failures) ADD_FAILURE() << f;
  EXPECT_EQ(r.errors, 0);
  EXPECT_EQ(r.mismatches, 0);
  EXPECT_EQ(r.files, 113);
  EXPECT_EQ(r.documents - r.empty_lines, 128);
}

// ---------------------------------------------------------------- field coverage

// Leaf fields of the integration's fields/*.yml (groups flattened to dotted names).
void yml_leaves(const YAML::Node& entries, const std::string& prefix, std::vector<std::string>& out) {
  for (const auto& e : entries) {
    std::string name = prefix.empty() ? e["name"].as<std::string>() : prefix + "." + e["name"].as<std::string>();
    std::string type = e["type"] ? e["type"].as<std::string>() : "";
    if (type == "group" || (type.empty() && e["fields"])) {
      yml_leaves(e["fields"], name, out);
    } else {
      out.push_back(name);
    }
  }
}

// Why a mapped field never appears on the test vectors. Every field of
// fields/*.yml must be either produced on some vector or listed here.
const std::map<std::string, std::string>& not_produced_reasons() {
  static const std::string kAgentHost =
      "Agent metadata: the stream template sets `publisher_pipeline.disable_host` with the `forwarded` tag, and "
      "the agent (not the pipeline) adds host/cloud/container metadata; not CloudTrail content.";
  static const std::string kS3 =
      "Added by the agent's aws-s3 input (S3 provenance of the log file), not by the pipeline; trailhound does "
      "not model S3 provenance.";
  static const std::map<std::string, std::string> kReasons = [&] {
    std::map<std::string, std::string> m;
    for (const char* f : {"cloud.availability_zone", "cloud.instance.id", "cloud.instance.name", "cloud.machine.type",
                          "cloud.project.id", "cloud.image.id", "container.id", "container.image.name",
                          "container.labels", "container.name", "host.architecture", "host.domain", "host.hostname",
                          "host.id", "host.ip", "host.mac", "host.name", "host.os.family", "host.os.kernel",
                          "host.os.name", "host.os.platform", "host.os.version", "host.type", "host.containerized",
                          "host.os.build", "host.os.codename"}) {
      m[f] = kAgentHost;
    }
    for (const char* f : {"aws.s3.bucket.name", "aws.s3.bucket.arn", "aws.s3.object.key", "aws.s3.metadata"}) m[f] = kS3;
    m["input.type"] = "Set by the agent input (aws-s3 / aws-cloudwatch), not by the pipeline.";
    m["event.ingested"] =
        "Elasticsearch index time (Fleet final pipeline). Written only on request: "
        "CloudTrailNormalizerOptions::event_ingested_millis / event_ingested_from_event_time.";
    m["file.hash.md5"] = m["file.hash.sha1"] = m["file.hash.sha512"] =
        "Declared by the integration but set by no processor of the current pipeline.";
    m["file.hash.sha256"] =
        "Set from previousDigestSignature before aws 7.4.0 only (mapping doc §13); the current pipeline does not.";
    const std::string kRare = "No published vector carries its source key; mapped per mapping doc §4/§5 and "
                              "tested by CloudTrailNormalizer.RareSourceKeys.";
    for (const char* f : {"aws.cloudtrail.addendum.original_event_id", "aws.cloudtrail.addendum.original_request_id",
                          "aws.cloudtrail.addendum.reason", "aws.cloudtrail.addendum.updated_fields",
                          "aws.cloudtrail.flattened.insight_details", "aws.cloudtrail.flattened.service_event_details",
                          "aws.cloudtrail.service_event_details", "aws.cloudtrail.shared_event_id",
                          "aws.cloudtrail.tls_details.key_exchange", "aws.cloudtrail.user_identity.credential_id",
                          "aws.cloudtrail.user_identity.identity_provider",
                          "aws.cloudtrail.user_identity.in_scope_of.credentials_issued_to",
                          "aws.cloudtrail.user_identity.in_scope_of.issuer_type",
                          "aws.cloudtrail.user_identity.in_scope_of.source_account",
                          "aws.cloudtrail.user_identity.in_scope_of.source_arn",
                          "aws.cloudtrail.user_identity.invoked_by_delegate.account_id",
                          "aws.cloudtrail.user_identity.on_behalf_of.identity_store_arn",
                          "aws.cloudtrail.user_identity.on_behalf_of.user_id",
                          "aws.cloudtrail.user_identity.session_context.assumed_root",
                          "aws.cloudtrail.user_identity.session_context.sign_in_session_arn",
                          "aws.cloudtrail.user_identity.session_context.source_identity",
                          "aws.cloudtrail.user_identity.session_context.web_id_federation_data.attributes",
                          "aws.cloudtrail.user_identity.session_context.web_id_federation_data.federated_provider",
                          "aws.cloudtrail.vpc_endpoint_account_id"}) {
      m[f] = kRare;
    }
    m["entity.id"] = m["host.entity.id"] =
        "Entity enrichment (§14) for actors that are not IAM users/roles; no vector has one. Tested by "
        "CloudTrailNormalizerEntities.ActorAndTargetClassification / RareSourceKeys.";
    m["error.message"] =
        "Only on pipeline errors; every vector maps cleanly. Tested by the CloudTrailNormalizerErrors suite and "
        "CloudTrailNormalizerEntities.ScriptFailureIsPipelineErrorWithoutEntities.";
    m["file.path"] = m["related.hash"] = m["aws.cloudtrail.flattened.digest"] =
        "Digest files only (mapping doc §13); no digest vector is published. Produced and tested by "
        "CloudTrailNormalizer.DigestRecord.";
    return m;
  }();
  return kReasons;
}

TEST(CloudTrailFieldCoverage, EveryMappedFieldIsProducedOrExplained) {
  std::vector<std::string> leaves;
  std::vector<std::string> files;
  for (const auto& entry : fs::directory_iterator(kVectors + "/fields")) files.push_back(entry.path().string());
  std::sort(files.begin(), files.end());
  for (const std::string& f : files) yml_leaves(YAML::LoadFile(f), "", leaves);
  ASSERT_GT(leaves.size(), 100u);
  const VectorRun& run = run_vectors();
  const auto& reasons = not_produced_reasons();
  std::set<std::string> leaf_set(leaves.begin(), leaves.end());
  int produced = 0, explained = 0;
  std::string table;
  for (const std::string& f : leaf_set) {
    bool on_vector = run.produced.count(f) > 0;
    auto reason = reasons.find(f);
    if (on_vector) {
      ++produced;
      EXPECT_EQ(reason, reasons.end()) << f << " is produced on the vectors but listed as not produced";
      table += "| `" + f + "` | produced |  |\n";
    } else if (reason != reasons.end()) {
      ++explained;
      table += "| `" + f + "` | not produced | " + reason->second + " |\n";
    } else {
      ADD_FAILURE() << f << " (fields/*.yml) is neither produced on a vector nor listed with a reason";
    }
  }
  for (const auto& [f, r] : reasons) EXPECT_TRUE(leaf_set.count(f)) << f << " is listed but not in fields/*.yml";
  std::string doc =
      "# ECS field coverage of the CloudTrail normalizer\n\n"
      "Generated by `ecs_normalizer_test` (CloudTrailFieldCoverage); regenerate with\n"
      "`TRAILHOUND_UPDATE_DOCS=1 ./build-ecs/ecs_normalizer_test --gtest_filter=CloudTrailFieldCoverage.*`.\n\n"
      "Every leaf field of the Elastic AWS integration's `cloudtrail` field definitions\n"
      "(`fields/*.yml` of the test vectors) is either produced by `CloudTrailNormalizer` on at least one\n"
      "Elastic pipeline test vector (options as the vectors' configs set them, synthetic GeoIP/ASN\n"
      "databases, the vectors' read time) or listed with the reason it is not.\n\n"
      "Fields: " + std::to_string(leaf_set.size()) + "; produced on the vectors: " + std::to_string(produced) +
      "; not produced: " + std::to_string(explained) + ".\n\n"
      "| field | status | reason |\n|---|---|---|\n" + table;
  const std::string path = kSource + "/docs/ecs-field-coverage.md";
  if (std::getenv("TRAILHOUND_UPDATE_DOCS")) {
    std::ofstream(path, std::ios::binary) << doc;
  }
  EXPECT_EQ(read_file(path), doc) << path << " is stale; regenerate it (see its header)";
  std::cout << "[coverage] yml fields=" << leaf_set.size() << " produced=" << produced << " explained=" << explained
            << "\n";
}

// ---------------------------------------------------------------- unit tests

Fields normalize_one(std::string_view json, CloudTrailNormalizerOptions o = {}, Status* status = nullptr,
                     std::set<std::string> wanted = {}) {
  simdjson::dom::parser p;
  simdjson::padded_string padded(json);
  simdjson::dom::element e = p.parse(padded);
  CloudTrailNormalizer n(es_user_agents(), std::move(o));
  RecordingSink sink;
  sink.wanted = std::move(wanted);
  Status st = n.normalize(e, sink);
  if (status) *status = st;
  return st.ok() ? sink.fields : Fields{};
}

using V = std::vector<std::string>;

TEST(CloudTrailNormalizer, DefaultUserIdIsArnWithPrincipalIdField) {
  Fields f = normalize_one(R"({"eventTime":"2024-03-10T12:01:00Z","eventName":"ListUsers",
    "userIdentity":{"type":"IAMUser","principalId":"AIDAEXAMPLE","arn":"arn:aws:iam::123456789012:user/alice",
    "accountId":"123456789012","userName":"alice"}})");
  EXPECT_EQ(f["user.id"], V{"arn:aws:iam::123456789012:user/alice"});
  EXPECT_EQ(f["aws.cloudtrail.user_identity.principal_id"], V{"AIDAEXAMPLE"});
  EXPECT_EQ(f["related.user"], (V{"AIDAEXAMPLE", "arn:aws:iam::123456789012:user/alice", "alice"}));
  EXPECT_EQ(f.count("related.entity"), 0u);  // no actor_target_mapping tag by default
}

// Record keys are looked up by their length and end bytes: keys that share
// those with a known key but differ elsewhere (in the last byte, in the
// middle of a long key, in case) are not taken for it; the known keys around
// them are.
TEST(CloudTrailNormalizer, NearMissKeysAreNotKnownKeys) {
  Fields f = normalize_one(R"({"eventTime":"2024-03-10T12:01:00Z","eventNamX":"Nope","eventName":"ListUsers",
    "sessionCredentialXromConsole":"true","sharedEventId":"x","awsregion":"eu-west-1",
    "userIdentity":{"typ":"Root","type":"IAMUser","arm":"arn:x","arn":"arn:aws:iam::123456789012:user/alice"}})");
  EXPECT_EQ(f["event.action"], V{"ListUsers"});
  EXPECT_EQ(f.count("aws.cloudtrail.session_credential_from_console"), 0u);
  EXPECT_EQ(f.count("cloud.region"), 0u);
  EXPECT_EQ(f["aws.cloudtrail.user_identity.type"], V{"IAMUser"});
  EXPECT_EQ(f["aws.cloudtrail.user_identity.arn"], V{"arn:aws:iam::123456789012:user/alice"});
  Fields g = normalize_one(R"({"eventTime":"2024-03-10T12:01:00Z","eventName":"ListUsers",
    "sessionCredentialFromConsole":"true","awsRegion":"eu-west-1"})");
  EXPECT_EQ(g["aws.cloudtrail.session_credential_from_console"], V{"true"});
  EXPECT_EQ(g["cloud.region"], V{"eu-west-1"});
}

TEST(CloudTrailNormalizer, BaselineUserIdIsPrincipalIdAndNoPrincipalIdField) {
  CloudTrailNormalizerOptions baseline;
  baseline.user_id_from_arn = false;
  Fields f = normalize_one(R"({"eventTime":"2024-03-10T12:01:00Z","eventName":"ListUsers",
    "userIdentity":{"type":"IAMUser","principalId":"AIDAEXAMPLE","arn":"arn:aws:iam::123456789012:user/alice",
    "accountId":"123456789012","userName":"alice@example.com"},"recipientAccountId":"999999999999"})", baseline);
  EXPECT_EQ(f["@timestamp"], V{"2024-03-10T12:01:00.000Z"});
  EXPECT_EQ(f["user.id"], V{"AIDAEXAMPLE"});
  EXPECT_EQ(f["user.name"], V{"alice@example.com"});
  EXPECT_EQ(f["user.email"], V{"alice@example.com"});
  EXPECT_EQ(f.count("aws.cloudtrail.user_identity.principal_id"), 0u);
  EXPECT_EQ(f["cloud.account.id"], V{"123456789012"});
  EXPECT_EQ(f["event.category"], V{"iam"});
  EXPECT_EQ(f["event.type"], (V{"user", "info"}));
  EXPECT_EQ(f["related.user"], (V{"AIDAEXAMPLE", "alice@example.com"}));
}

TEST(CloudTrailNormalizer, EventIngestedOptions) {
  const char* rec = R"({"eventTime":"2024-03-10T12:01:00Z"})";
  EXPECT_EQ(normalize_one(rec).count("event.ingested"), 0u);
  CloudTrailNormalizerOptions o;
  o.event_ingested_from_event_time = true;
  EXPECT_EQ(normalize_one(rec, o)["event.ingested"], V{"2024-03-10T12:01:00.000Z"});
  o.event_ingested_millis = 0;
  EXPECT_EQ(normalize_one(rec, o)["event.ingested"], V{"1970-01-01T00:00:00.000Z"});
}

TEST(CloudTrailNormalizer, SourceAddressServiceNamesAndIpv6) {
  Fields svc = normalize_one(R"({"eventTime":"2024-03-10T12:01:00Z","sourceIPAddress":"ec2.amazonaws.com"})");
  EXPECT_EQ(svc["source.address"], V{"ec2.amazonaws.com"});
  EXPECT_EQ(svc.count("source.ip"), 0u);
  EXPECT_EQ(svc.count("related.hosts"), 0u);  // ends with .amazonaws.com
  Fields internal = normalize_one(R"({"eventTime":"2024-03-10T12:01:00Z","sourceIPAddress":"AWS Internal"})");
  EXPECT_EQ(internal["source.address"], V{"AWS Internal"});
  EXPECT_EQ(internal.count("source.ip"), 0u);
  Fields v6 = normalize_one(R"({"eventTime":"2024-03-10T12:01:00Z","sourceIPAddress":"2001:DB8::0:1"})");
  EXPECT_EQ(v6["source.address"], V{"2001:DB8::0:1"});
  EXPECT_EQ(v6["source.ip"], V{"2001:db8::1"});
  EXPECT_EQ(v6["related.ip"], V{"2001:db8::1"});
  Fields dash = normalize_one(R"({"eventTime":"2024-03-10T12:01:00Z","sourceIPAddress":"-"})");
  EXPECT_EQ(dash.count("source.address"), 0u);
  Fields host = normalize_one(R"({"eventTime":"2024-03-10T12:01:00Z","sourceIPAddress":"myhost.example.org"})");
  EXPECT_EQ(host["related.hosts"], V{"myhost.example.org"});
}

TEST(CloudTrailNormalizer, UserAgentFieldsAndProjection) {
  std::string rec = R"({"eventTime":"2024-03-10T12:01:00Z","userAgent":"[aws-cli/2.2.16 Python/3.8.8 Darwin/20.6.0 exe/x86_64 prompt/off command/ec2.describe-instances]"})";
  Fields f = normalize_one(rec);
  EXPECT_EQ(f["user_agent.name"], V{"aws-cli"});
  EXPECT_EQ(f["user_agent.version"], V{"2.2.16"});
  EXPECT_EQ(f["user_agent.device.name"], V{"Other"});
  EXPECT_EQ(f.count("user_agent.os.name"), 0u);
  // A sink that does not want user_agent.* derived fields gets only the original.
  Fields p = normalize_one(rec, {}, nullptr, {"user_agent.original"});
  EXPECT_EQ(p.count("user_agent.name"), 0u);
  EXPECT_EQ(p["user_agent.original"].size(), 1u);
}

TEST(CloudTrailNormalizer, ConsoleLoginOutcomeAndExtras) {
  Fields f = normalize_one(R"({"eventTime":"2024-03-10T12:01:00Z","eventName":"ConsoleLogin",
    "eventSource":"signin.amazonaws.com","errorMessage":"Failed authentication",
    "responseElements":{"ConsoleLogin":"Failure"},"additionalEventData":{"MFAUsed":"Yes","MobileVersion":"No"},
    "userAgent":"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/114.0.0.0 Safari/537.36"})");
  EXPECT_EQ(f["event.outcome"], V{"failure"});
  EXPECT_EQ(f["event.category"], V{"authentication"});
  EXPECT_EQ(f["cloud.service.name"], V{"signin"});
  EXPECT_EQ(f["aws.cloudtrail.console_login.additional_eventdata.mfa_used"], V{"true"});
  EXPECT_EQ(f["aws.cloudtrail.console_login.additional_eventdata.mobile_version"], V{"false"});
  EXPECT_EQ(f["aws.cloudtrail.response_elements"], V{"{ConsoleLogin=Failure}"});
  EXPECT_EQ(f["user_agent.name"], V{"Chrome"});
  EXPECT_EQ(f["user_agent.os.full"], V{"Windows 10"});
}

TEST(CloudTrailNormalizer, PayloadPrePassAndJavaRendering) {
  Fields f = normalize_one(R"({"eventTime":"2024-03-10T12:01:00Z","requestParameters":{"acl":"","x":"none",
    "y":"-","z":1,"n":null,"e":{},"l":[null,""],"d":1.0E7,"s":0.5},"responseElements":null})");
  EXPECT_EQ(f["aws.cloudtrail.request_parameters"], V{"{s=0.5, d=1.0E7, z=1}"});
  EXPECT_EQ(f["aws.cloudtrail.flattened.request_parameters"], V{R"({"d":1e+07,"s":0.5,"z":1})"});
  EXPECT_EQ(f.count("aws.cloudtrail.response_elements"), 0u);
}

TEST(CloudTrailNormalizer, UnmappableRecordsAreStatuses) {
  Status st;
  normalize_one("[1,2]", {}, &st);
  EXPECT_EQ(st.message(), "CloudTrail record: expected a JSON object, got array");
  normalize_one(R"({"eventName":"X"})", {}, &st);
  EXPECT_EQ(st.message(), "CloudTrail record: missing eventTime");
  normalize_one(R"({"eventTime":"yesterday"})", {}, &st);
  EXPECT_EQ(st.message(), "CloudTrail record field 'eventTime': not an ISO 8601 date: \"yesterday\"");
  normalize_one(R"({"eventTime":1710072060})", {}, &st);
  EXPECT_EQ(st.message(), "CloudTrail record field 'eventTime': expected a string, got number");
  normalize_one(R"({"eventTime":"2024-03-10T12:01:00Z","userIdentity":"root"})", {}, &st);
  EXPECT_EQ(st.message(), "CloudTrail record field 'userIdentity': expected an object, got string");
  normalize_one(R"({"eventTime":"2024-03-10T12:01:00Z","eventName":{"a":1}})", {}, &st);
  EXPECT_EQ(st.message(), "CloudTrail record field 'eventName': expected a scalar, got object");
  EXPECT_EQ(st.code(), Status::Code::InvalidInput);
}

TEST(CloudTrailNormalizer, BadCreationDateIsPipelineError) {
  Fields f = normalize_one(R"({"eventTime":"2024-03-10T12:01:00Z","userIdentity":{"type":"AssumedRole",
    "sessionContext":{"attributes":{"creationDate":"not a date"}}}})");
  EXPECT_EQ(f["event.kind"], V{"pipeline_error"});
  EXPECT_EQ(f["error.message"].size(), 1u);
  EXPECT_EQ(f.count("aws.cloudtrail.user_identity.session_context.creation_date"), 0u);
  Fields basic = normalize_one(R"({"eventTime":"2024-03-10T12:01:00Z","userIdentity":{"type":"AssumedRole",
    "sessionContext":{"attributes":{"creationDate":"20240310T120100Z"}}}})");
  EXPECT_EQ(basic["aws.cloudtrail.user_identity.session_context.creation_date"], V{"2024-03-10T12:01:00.000Z"});
}

// normalize_message() with a given options set; returns the documents written.
std::vector<Fields> normalize_lines(const std::vector<std::string>& lines, CloudTrailNormalizerOptions o,
                                    std::vector<Status>* statuses = nullptr) {
  CloudTrailNormalizer n(es_user_agents(), std::move(o));
  std::vector<Fields> docs;
  for (const std::string& line : lines) {
    RecordingSink sink;
    Status st = n.normalize_message(line, sink);
    if (statuses) statuses->push_back(st);
    if (sink.documents == 1) docs.push_back(sink.fields);
  }
  return docs;
}

CloudTrailNormalizerOptions with_read_time() {
  CloudTrailNormalizerOptions o;
  o.read_time_millis = kReadTime;
  return o;
}

CloudTrailNormalizerOptions with_entities() {
  CloudTrailNormalizerOptions o;
  o.tags = {"actor_target_mapping"};
  return o;
}

TEST(CloudTrailNormalizerErrors, InvalidJsonIsPipelineErrorDocumentWithReadTime) {
  std::vector<Status> st;
  auto docs = normalize_lines({"{\"eventTime\": ", "not json"}, with_read_time(), &st);
  ASSERT_EQ(docs.size(), 2u);
  EXPECT_TRUE(st[0].ok());
  EXPECT_EQ(docs[0]["event.kind"], V{"pipeline_error"});
  EXPECT_EQ(docs[0]["event.original"], V{"{\"eventTime\": "});
  EXPECT_EQ(docs[0]["@timestamp"], V{"2021-11-11T01:02:03.123Z"});
  EXPECT_EQ(docs[0]["event.created"], V{"2021-11-11T01:02:03.123Z"});
  EXPECT_EQ(docs[0]["tags"], (V{"forwarded", "aws-cloudtrail", "preserve_original_event"}));
  ASSERT_EQ(docs[0]["error.message"].size(), 1u);
  EXPECT_EQ(docs[0]["error.message"][0].rfind("CloudTrail record: invalid JSON: ", 0), 0u);
  EXPECT_EQ(docs[0].count("ecs.version"), 0u);  // the failure precedes the pipeline's first set
  EXPECT_EQ(docs[0].count("cloud.provider"), 0u);
  // Without a read time there is no @timestamp to give it: a located error instead.
  st.clear();
  docs = normalize_lines({"not json"}, {}, &st);
  EXPECT_TRUE(docs.empty());
  EXPECT_EQ(st[0].code(), Status::Code::ParseError);
  EXPECT_EQ(st[0].message().rfind("CloudTrail record: invalid JSON: ", 0), 0u);
}

TEST(CloudTrailNormalizerErrors, NonObjectJsonIsPipelineErrorDocumentWithReadTime) {
  std::vector<Status> st;
  auto docs = normalize_lines({"[1,2]", "\"text\"", "42", "null"}, with_read_time(), &st);
  ASSERT_EQ(docs.size(), 4u);
  const char* kinds[] = {"array", "string", "number", "null"};
  for (size_t i = 0; i < 4; ++i) {
    EXPECT_TRUE(st[i].ok());
    EXPECT_EQ(docs[i]["event.kind"], V{"pipeline_error"});
    EXPECT_EQ(docs[i]["error.message"], V{std::string("CloudTrail record: expected a JSON object, got ") + kinds[i]});
    EXPECT_EQ(docs[i]["ecs.version"], V{"8.11.0"});
    EXPECT_EQ(docs[i].count("event.action"), 0u);
  }
  EXPECT_EQ(docs[0]["event.original"], V{"[1,2]"});
}

TEST(CloudTrailNormalizerErrors, EmptyLineIsAgentOnlyDocument) {
  auto docs = normalize_lines({""}, with_read_time());
  ASSERT_EQ(docs.size(), 1u);
  Fields want = {{"@timestamp", {"2021-11-11T01:02:03.123Z"}}, {"event.created", {"2021-11-11T01:02:03.123Z"}},
                 {"data_stream.type", {"logs"}}, {"data_stream.dataset", {"aws.cloudtrail"}},
                 {"data_stream.namespace", {"default"}}, {"event.dataset", {"aws.cloudtrail"}},
                 {"event.module", {"aws"}}, {"ecs.version", {"8.11.0"}}, {"cloud.provider", {"aws"}},
                 {"event.kind", {"event"}}, {"event.type", {"info"}}, {"event.outcome", {"success"}},
                 {"tags", {"forwarded", "aws-cloudtrail"}}};
  EXPECT_EQ(docs[0], want);
  std::vector<Status> st;
  EXPECT_TRUE(normalize_lines({""}, {}, &st).empty());
  EXPECT_EQ(st[0].message(), "CloudTrail record: empty line");
}

TEST(CloudTrailNormalizerErrors, EventTimeProblemsKeepTheDocumentWithReadTime) {
  auto docs = normalize_lines({R"({"eventName":"ListUsers"})", R"({"eventTime":"yesterday","eventName":"ListUsers"})",
                               R"({"eventTime":1710072060,"eventName":"ListUsers"})",
                               R"({"eventTime":{"a":1},"eventName":"ListUsers"})"},
                              with_read_time());
  ASSERT_EQ(docs.size(), 4u);
  // Missing eventTime: no error in Elastic, @timestamp stays the read time.
  EXPECT_EQ(docs[0]["@timestamp"], V{"2021-11-11T01:02:03.123Z"});
  EXPECT_EQ(docs[0]["event.kind"], V{"event"});
  EXPECT_EQ(docs[0].count("error.message"), 0u);
  EXPECT_EQ(docs[0]["event.action"], V{"ListUsers"});
  // Unparsable: the date processor fails; the rest of the record is still mapped.
  EXPECT_EQ(docs[1]["@timestamp"], V{"2021-11-11T01:02:03.123Z"});
  EXPECT_EQ(docs[1]["event.kind"], V{"pipeline_error"});
  EXPECT_EQ(docs[1]["error.message"], V{"unable to parse date [yesterday]"});
  EXPECT_EQ(docs[1]["event.action"], V{"ListUsers"});
  EXPECT_EQ(docs[1]["tags"], (V{"forwarded", "aws-cloudtrail", "preserve_original_event"}));
  EXPECT_EQ(docs[2]["error.message"], V{"unable to parse date [1710072060]"});
  EXPECT_EQ(docs[3]["error.message"], V{"unable to parse date [{a=1}]"});
}

TEST(CloudTrailNormalizerErrors, IndexTimeRejectionsAreLocatedStatuses) {
  // An object where Elastic maps a keyword: Elasticsearch rejects the document.
  std::vector<Status> st;
  auto docs = normalize_lines({R"({"eventTime":"2024-03-10T12:01:00Z","eventSource":{"a":1}})",
                               R"({"eventTime":"2024-03-10T12:01:00Z","userIdentity":["x"]})",
                               R"({"eventTime":"2024-03-10T12:01:00Z","userIdentity":{"arn":{"x":1}}})"},
                              with_read_time(), &st);
  EXPECT_TRUE(docs.empty());
  EXPECT_EQ(st[0].message(), "CloudTrail record field 'eventSource': expected a scalar, got object");
  EXPECT_EQ(st[1].message(), "CloudTrail record field 'userIdentity': expected an object, got array");
  EXPECT_EQ(st[2].message(), "CloudTrail record field 'userIdentity.arn': expected a scalar, got object");
}

TEST(CloudTrailNormalizerErrors, WrongTypesEverywhereNeverCrash) {
  // Every top-level and nested key the normalizer reads, with every JSON type.
  const std::vector<std::string> values = {"null", "true", "0", "-1.5e300", "\"\"", "\"-\"", "\"x\"", "[]", "{}",
                                           "[1,{\"a\":null}]", "{\"a\":[{}]}", "\"\\u0000\\ud83d\\ude00\""};
  const std::vector<std::string> keys = {
      "eventName", "eventSource", "sourceIPAddress", "userAgent", "requestParameters", "responseElements",
      "additionalEventData", "serviceEventDetails", "resources", "tlsDetails", "userIdentity", "managementEvent",
      "readOnly", "addendum", "insightDetails", "digestStartTime", "logFiles", "previousDigestHashValue"};
  CloudTrailNormalizerOptions o = with_entities();
  o.read_time_millis = kReadTime;
  o.geoip = test_geoip();
  CloudTrailNormalizer n(es_user_agents(), o);
  int docs = 0, statuses = 0;
  for (const std::string& k : keys) {
    for (const std::string& v : values) {
      for (std::string_view source : {"ec2.amazonaws.com", "ssm.amazonaws.com", "iam.amazonaws.com"}) {
        std::string rec = R"({"eventTime":"2024-03-10T12:01:00Z","eventName":"SendCommand","eventSource":")" +
                          std::string(source) + R"(","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::1:user/a"},)" +
                          "\"" + k + "\":" + v + "}";
        RecordingSink sink;
        Status st = n.normalize_message(rec, sink);
        st.ok() ? ++docs : ++statuses;
        EXPECT_EQ(sink.documents, st.ok() ? 1 : 0) << rec;
      }
    }
  }
  EXPECT_EQ(docs + statuses, static_cast<int>(keys.size() * values.size() * 3));
  EXPECT_GT(docs, statuses);
}

TEST(CloudTrailNormalizerEntities, OnlyWithTheTag) {
  const char* rec = R"({"eventTime":"2024-03-10T12:01:00Z","eventSource":"ec2.amazonaws.com",
    "eventName":"GetPasswordData","requestParameters":{"instanceId":"i-0123456789abcdef0"},
    "userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::1:user/a","accessKeyId":"AKIAEXAMPLE"}})";
  EXPECT_EQ(normalize_one(rec).count("related.entity"), 0u);
  Fields f = normalize_one(rec, with_entities());
  EXPECT_EQ(f["actor.entity.id"], V{"arn:aws:iam::1:user/a"});
  EXPECT_EQ(f["user.entity.id"], V{"arn:aws:iam::1:user/a"});
  EXPECT_EQ(f["target.entity.id"], V{"i-0123456789abcdef0"});
  EXPECT_EQ(f["host.target.entity.id"], V{"i-0123456789abcdef0"});
  EXPECT_EQ(f["host.target.id"], V{"i-0123456789abcdef0"});
  EXPECT_EQ(f["related.entity"], (V{"AKIAEXAMPLE", "arn:aws:iam::1:user/a", "i-0123456789abcdef0"}));
  CloudTrailNormalizerOptions older = with_entities();
  older.host_target_id = false;
  EXPECT_EQ(normalize_one(rec, older).count("host.target.id"), 0u);
  // Projection: a sink that reads none of the entity fields gets none computed.
  EXPECT_EQ(normalize_one(rec, with_entities(), nullptr, {"event.action"}).count("related.entity"), 0u);
}

TEST(CloudTrailNormalizerEntities, ActorAndTargetClassification) {
  Fields svc = normalize_one(R"({"eventTime":"2024-03-10T12:01:00Z","eventSource":"sts.amazonaws.com",
    "eventName":"AssumeRole","requestParameters":{"roleArn":"arn:aws:iam::1:role/aws-service-role/x/AWSServiceRoleForX"},
    "userIdentity":{"type":"AWSService","invokedBy":"ec2.amazonaws.com"}})", with_entities());
  EXPECT_EQ(svc["actor.entity.id"], V{"ec2.amazonaws.com"});
  EXPECT_EQ(svc["service.entity.id"], V{"ec2.amazonaws.com"});
  EXPECT_EQ(svc["service.target.entity.id"], V{"arn:aws:iam::1:role/aws-service-role/x/AWSServiceRoleForX"});
  // SendCommand targets[].values; "i-" → host, "sg-" → service, an AKIA key → user,
  // anything else → entity.target.id.
  Fields cmd = normalize_one(R"({"eventTime":"2024-03-10T12:01:00Z","eventSource":"ssm.amazonaws.com",
    "eventName":"SendCommand","requestParameters":{"targets":[{"key":"k","values":["i-1","sg-2"]},
    {"values":["AKIAAAAAAAAAAAAAAAAA","zz"]}]},"userIdentity":{"type":"Unknown","arn":"i-actor"}})",
                             with_entities());
  EXPECT_EQ(cmd["target.entity.id"], (V{"AKIAAAAAAAAAAAAAAAAA", "i-1", "sg-2", "zz"}));
  EXPECT_EQ(cmd["host.target.entity.id"], V{"i-1"});
  EXPECT_EQ(cmd["service.target.entity.id"], V{"sg-2"});
  EXPECT_EQ(cmd["user.target.entity.id"], V{"AKIAAAAAAAAAAAAAAAAA"});
  EXPECT_EQ(cmd["entity.target.id"], V{"zz"});
  EXPECT_EQ(cmd["host.entity.id"], V{"i-actor"});
  // instanceIds ["*"] stands for the whole account.
  Fields all = normalize_one(R"({"eventTime":"2024-03-10T12:01:00Z","eventSource":"ssm.amazonaws.com",
    "eventName":"SendCommand","requestParameters":{"instanceIds":["*"]},"recipientAccountId":"123"})",
                             with_entities());
  EXPECT_EQ(all["entity.target.id"], V{"123"});
  EXPECT_EQ(all.count("actor.entity.id"), 0u);
}

TEST(CloudTrailNormalizerEntities, AddValuesShortCircuitsLikeThePainlessScript) {
  // referencedGroupInfo is absent, so addValues() stops before securityGroupRuleId.
  Fields f = normalize_one(R"({"eventTime":"2024-03-10T12:01:00Z","eventSource":"ec2.amazonaws.com",
    "eventName":"RevokeSecurityGroupIngress","responseElements":{"securityGroupRuleSet":{"items":[
    {"groupId":"sg-1","securityGroupRuleId":"sgr-9"}]}}})", with_entities());
  EXPECT_EQ(f["related.entity"], V{"sg-1"});
}

TEST(CloudTrailNormalizerEntities, ScriptFailureIsPipelineErrorWithoutEntities) {
  // The script casts requestParameters.roleName to String: a number throws.
  Fields f = normalize_one(R"({"eventTime":"2024-03-10T12:01:00Z","eventSource":"iam.amazonaws.com",
    "eventName":"AttachRolePolicy","requestParameters":{"roleName":7},"userIdentity":{"arn":"arn:aws:iam::1:user/a"}})",
                           with_entities());
  EXPECT_EQ(f.count("related.entity"), 0u);
  EXPECT_EQ(f.count("actor.entity.id"), 0u);
  EXPECT_EQ(f["event.kind"], V{"pipeline_error"});
  EXPECT_EQ(f["error.message"],
            V{"Processor 'script' with tag 'script_append_related_entity' failed with message 'class "
              "java.lang.Integer cannot be cast to class java.lang.String (requestParameters.roleName)'"});
  EXPECT_EQ(f["tags"], (V{"actor_target_mapping", "preserve_original_event"}));
  EXPECT_EQ(f["aws.cloudtrail.request_parameters"], V{"{roleName=7}"});
}

TEST(CloudTrailNormalizerEntities, JavaStringOrder) {
  EXPECT_TRUE(java_string_less("A", "a"));
  EXPECT_TRUE(java_string_less("ab", "abc"));
  EXPECT_FALSE(java_string_less("abc", "abc"));
  // U+FF5E (one UTF-16 unit 0xFF5E) sorts after U+1F600 (surrogates 0xD83D…) in
  // Java, unlike in UTF-8 byte order.
  EXPECT_TRUE(java_string_less("\xf0\x9f\x98\x80", "\xef\xbd\x9e"));
}

TEST(GeoIpEnricher, CityAndAsnFromTheSyntheticDatabases) {
  ASSERT_EQ(TestMmdb::get().error(), "");
  auto geo = test_geoip();
  ASSERT_NE(geo, nullptr);
  CloudTrailNormalizerOptions o;
  Fields f = [&] {
    simdjson::dom::parser p;
    simdjson::padded_string rec(std::string_view(R"({"eventTime":"2024-03-10T12:01:00Z","sourceIPAddress":"2001:db8:1::7"})"));
    CloudTrailNormalizer n(es_user_agents(), geo, o);
    RecordingSink sink;
    EXPECT_TRUE(n.normalize(p.parse(rec), sink).ok());
    return sink.fields;
  }();
  EXPECT_EQ(f["source.geo.city_name"], V{"Testville"});
  EXPECT_EQ(f["source.geo.continent_name"], V{"Europe"});
  EXPECT_EQ(f["source.geo.country_iso_code"], V{"ZZ"});
  EXPECT_EQ(f["source.geo.country_name"], V{"Testland"});
  EXPECT_EQ(f["source.geo.region_iso_code"], V{"ZZ-B"});  // the most specific subdivision
  EXPECT_EQ(f["source.geo.region_name"], V{"Beta"});
  EXPECT_EQ(f["source.geo.location"], V{R"({"lat":1.5,"lon":-2.25})"});
  EXPECT_EQ(f["source.as.number"], V{"64512"});
  EXPECT_EQ(f["source.as.organization.name"], V{"Synthetic Test AS"});

  std::string ip16(16, '\0');
  ip16[10] = ip16[11] = '\xff';
  ip16[12] = 89, ip16[13] = static_cast<char>(160), ip16[14] = 20, ip16[15] = static_cast<char>(156);
  auto city = geo->city(ip16);
  ASSERT_TRUE(city);
  EXPECT_EQ(city->city_name, "Link\xc3\xb6ping");
  EXPECT_EQ(geo->asn(ip16)->organization_name, "Bredband2 AB");
  ip16[12] = 10;  // not in the databases
  EXPECT_FALSE(geo->city(ip16));
  EXPECT_FALSE(geo->asn(ip16));
}

TEST(GeoIpEnricher, OnlyWhenTheSinkWantsGeoFields) {
  auto geo = test_geoip();
  ASSERT_NE(geo, nullptr);
  CloudTrailNormalizerOptions o;
  o.geoip = geo;
  Fields f = normalize_one(R"({"eventTime":"2024-03-10T12:01:00Z","sourceIPAddress":"216.160.83.56"})", o, nullptr,
                           {"source.ip", "source.as.number"});
  EXPECT_EQ(f["source.as.number"], V{"209"});
  EXPECT_EQ(f.count("source.as.organization.name"), 0u);  // the record has none
  EXPECT_EQ(f.count("source.geo.city_name"), 0u);         // not wanted
}

TEST(GeoIpEnricher, OpenErrorsNameTheFile) {
  auto missing = GeoIpEnricher::open({"/nonexistent/city.mmdb", ""});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().message().rfind("GeoIP database /nonexistent/city.mmdb: ", 0), 0u);
  ASSERT_EQ(TestMmdb::get().error(), "");
  auto swapped = GeoIpEnricher::open({TestMmdb::get().asn(), ""});
  ASSERT_FALSE(swapped.ok());
  EXPECT_EQ(swapped.status().message(), "GeoIP database " + TestMmdb::get().asn() +
                                            ": database type 'GeoLite2-ASN' is not a City database");
  auto none = GeoIpEnricher::open({});
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none.value()->has_city());
}

TEST(CloudTrailNormalizer, DigestRecord) {
  Fields f = normalize_one(R"({"awsAccountId":"111122223333","digestStartTime":"2024-03-10T11:00:00Z",
    "digestEndTime":"2024-03-10T12:00:00Z","digestS3Bucket":"b","digestS3Object":"AWSLogs/d.json.gz",
    "previousDigestHashValue":"abc","previousDigestHashAlgorithm":"SHA-256","digestPublicKeyFingerprint":"fp",
    "publicKeyFingerprint":"legacy","logFiles":[{"s3Object":"o","hashValue":"h","empty":""}]})");
  EXPECT_EQ(f["@timestamp"], V{"2024-03-10T12:00:00.000Z"});
  EXPECT_EQ(f["cloud.account.id"], V{"111122223333"});
  EXPECT_EQ(f["file.path"], V{"AWSLogs/d.json.gz"});
  EXPECT_EQ(f["related.hash"], V{"abc"});
  EXPECT_EQ(f["aws.cloudtrail.flattened.digest"],
            V{R"({"end_time":"2024-03-10T12:00:00.000Z","log_files":[{"hashValue":"h","s3Object":"o"}],)"
              R"("previous_hash_algorithm":"SHA-256","previous_hash_value":"abc","public_key_fingerprint":"fp",)"
              R"("s3_bucket":"b","start_time":"2024-03-10T11:00:00.000Z"})"});
  EXPECT_EQ(f["event.type"], V{"info"});
  EXPECT_EQ(f["event.outcome"], V{"success"});
  EXPECT_EQ(f.count("event.action"), 0u);
}

TEST(CloudTrailNormalizer, RareSourceKeys) {
  Fields f = normalize_one(R"({"eventTime":"2024-03-10T12:01:00Z","eventName":"X","eventType":"AwsServiceEvent",
    "addendum":{"reason":"UPDATED_DATA","updatedFields":"f","originalRequestID":"r","originalEventID":"e"},
    "insightDetails":{"state":"Start","x":""},"serviceEventDetails":{"sourceIpAddress":"10.0.0.1","k":2},
    "sharedEventID":"s","vpcEndpointAccountId":"v","tlsDetails":{"tlsVersion":"TLSv1.3","keyExchange":"x25519"},
    "userIdentity":{"type":"IdentityCenterUser","credentialId":"c","identityProvider":"idp",
      "inScopeOf":{"issuerType":"AWS::Lambda::Function","credentialsIssuedTo":"t","sourceArn":"sa","sourceAccount":"1"},
      "invokedByDelegate":{"accountId":"2"},"onBehalfOf":{"userId":"u-1","identityStoreArn":"arn:aws:identitystore::1:identitystore/d-1"},
      "sessionContext":{"assumedRoot":"true","signInSessionArn":"ssa","sourceIdentity":"si",
        "webIdFederationData":{"federatedProvider":"fp","attributes":{"a":"b"}}}}})", with_entities());
  EXPECT_EQ(f["aws.cloudtrail.addendum.reason"], V{"UPDATED_DATA"});
  EXPECT_EQ(f["aws.cloudtrail.addendum.updated_fields"], V{"f"});
  EXPECT_EQ(f["aws.cloudtrail.addendum.original_request_id"], V{"r"});
  EXPECT_EQ(f["aws.cloudtrail.addendum.original_event_id"], V{"e"});
  EXPECT_EQ(f["aws.cloudtrail.flattened.insight_details"], V{R"({"state":"Start"})"});
  EXPECT_EQ(f["aws.cloudtrail.service_event_details"], V{"{sourceIpAddress=10.0.0.1, k=2}"});
  EXPECT_EQ(f["aws.cloudtrail.flattened.service_event_details"], V{R"({"k":2,"sourceIpAddress":"10.0.0.1"})"});
  EXPECT_EQ(f["related.ip"], V{"10.0.0.1"});
  EXPECT_EQ(f["aws.cloudtrail.shared_event_id"], V{"s"});
  EXPECT_EQ(f["aws.cloudtrail.vpc_endpoint_account_id"], V{"v"});
  EXPECT_EQ(f["aws.cloudtrail.tls_details.key_exchange"], V{"x25519"});
  EXPECT_EQ(f["aws.cloudtrail.user_identity.credential_id"], V{"c"});
  EXPECT_EQ(f["aws.cloudtrail.user_identity.identity_provider"], V{"idp"});
  EXPECT_EQ(f["aws.cloudtrail.user_identity.in_scope_of.issuer_type"], V{"AWS::Lambda::Function"});
  EXPECT_EQ(f["aws.cloudtrail.user_identity.in_scope_of.credentials_issued_to"], V{"t"});
  EXPECT_EQ(f["aws.cloudtrail.user_identity.in_scope_of.source_arn"], V{"sa"});
  EXPECT_EQ(f["aws.cloudtrail.user_identity.in_scope_of.source_account"], V{"1"});
  EXPECT_EQ(f["aws.cloudtrail.user_identity.invoked_by_delegate.account_id"], V{"2"});
  EXPECT_EQ(f["aws.cloudtrail.user_identity.on_behalf_of.user_id"], V{"u-1"});
  EXPECT_EQ(f["aws.cloudtrail.user_identity.on_behalf_of.identity_store_arn"],
            V{"arn:aws:identitystore::1:identitystore/d-1"});
  EXPECT_EQ(f["aws.cloudtrail.user_identity.session_context.assumed_root"], V{"true"});
  EXPECT_EQ(f["aws.cloudtrail.user_identity.session_context.sign_in_session_arn"], V{"ssa"});
  EXPECT_EQ(f["aws.cloudtrail.user_identity.session_context.source_identity"], V{"si"});
  EXPECT_EQ(f["aws.cloudtrail.user_identity.session_context.web_id_federation_data.federated_provider"], V{"fp"});
  EXPECT_EQ(f["aws.cloudtrail.user_identity.session_context.web_id_federation_data.attributes"], V{R"({"a":"b"})"});
  EXPECT_EQ(f["user.id"], V{"u-1"});  // IdentityCenterUser without principalId (§5.2 step 5)
  // Entity: the actor falls back to onBehalfOf.userId, a plain id → entity.id.
  EXPECT_EQ(f["actor.entity.id"], V{"u-1"});
  EXPECT_EQ(f["entity.id"], V{"u-1"});
  EXPECT_EQ(f["related.entity"], V{"arn:aws:identitystore::1:identitystore/d-1"});
}

TEST(CloudTrailNormalizer, IgnoreAboveOption) {
  std::string big(9000, 'x');
  std::string rec = R"({"eventTime":"2024-03-10T12:01:00Z","requestParameters":{"k":")" + big + R"("}})";
  EXPECT_EQ(normalize_one(rec)["aws.cloudtrail.request_parameters"].size(), 1u);
  CloudTrailNormalizerOptions o;
  o.apply_ignore_above = true;
  Fields f = normalize_one(rec, o);
  EXPECT_EQ(f.count("aws.cloudtrail.request_parameters"), 0u);
  EXPECT_EQ(f["aws.cloudtrail.flattened.request_parameters"].size(), 1u);
}

TEST(IsoTimestamp, ParsesAndFormats) {
  EXPECT_EQ(parse_iso8601_millis("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(parse_iso8601_millis("2024-03-10T12:01:00Z"), 1710072060000);
  EXPECT_EQ(parse_iso8601_millis("2024-03-10T12:01:00.123456Z"), 1710072060123);
  EXPECT_EQ(parse_iso8601_millis("2024-03-10T14:01:00+02:00"), 1710072060000);
  EXPECT_EQ(parse_iso8601_millis("2024-02-29"), 1709164800000);
  EXPECT_EQ(parse_iso8601_millis("2023-02-29T00:00:00Z"), std::nullopt);
  EXPECT_EQ(parse_iso8601_millis("2024-03-10T12:01:00Zjunk"), std::nullopt);
  EXPECT_EQ(format_iso8601_millis(1710072060123), "2024-03-10T12:01:00.123Z");
  EXPECT_EQ(format_iso8601_millis(-1), "1969-12-31T23:59:59.999Z");
}

TEST(IpText, ParsesLikeElasticsearchConvert) {
  EXPECT_TRUE(parse_ip("81.2.69.144"));
  EXPECT_FALSE(parse_ip("081.2.69.144"));
  EXPECT_FALSE(parse_ip("ec2.amazonaws.com"));
  EXPECT_FALSE(parse_ip("AWS Internal"));
  EXPECT_FALSE(parse_ip("fe80::1%eth0"));
  // A NUL inside is not the end of the text (inet_pton would stop there).
  EXPECT_FALSE(parse_ip(std::string_view("1.2.3.4\0x", 9)));
  EXPECT_FALSE(parse_ip(std::string_view("::1\0x", 5)));
  EXPECT_TRUE(parse_ip("::1"));
  auto v4 = parse_ip("1.2.3.4");
  EXPECT_EQ(format_ip(std::string_view(v4->data(), 16)), "1.2.3.4");
  auto mapped = parse_ip("::ffff:1.2.3.4");
  EXPECT_EQ(*mapped, *v4);
}

// IPv4 text is read without inet_pton where it is a plain dotted quad: every
// answer must be inet_pton's, for edge cases and for generated texts.
TEST(IpText, DottedQuadsReadAsInetPtonReadsThem) {
  std::vector<std::string> texts{"0.0.0.0", "255.255.255.255", "256.1.1.1", "1.2.3", "1.2.3.4.", ".1.2.3.4",
                                 "1..2.3", "01.2.3.4", "1.2.3.04", "1.2.3.00", "1.2.3.4 ", " 1.2.3.4", "1.2.3.4a",
                                 "1234.1.1.1", "10.0.0.1", "192.168.001.1", "1.2.3.-4", "1.2.3.+4", "", ".",
                                 "999.999.999.999", "1.2.3.4\n"};
  uint64_t x = 12345;
  const char alphabet[] = "0123456789..a ";
  for (int i = 0; i < 20000; ++i) {
    std::string t;
    const int len = static_cast<int>(x % 16) + 1;
    for (int c = 0; c < len; ++c) {
      x = x * 6364136223846793005ULL + 1442695040888963407ULL;
      t += alphabet[(x >> 33) % (sizeof alphabet - 1)];
    }
    texts.push_back(t);
  }
  for (int i = 0; i < 20000; ++i) {  // dotted: 3-5 parts of 1-4 digits, leading zeros included
    std::string t;
    x = x * 6364136223846793005ULL + 1442695040888963407ULL;
    const int parts = 3 + static_cast<int>((x >> 40) % 3);
    for (int p = 0; p < parts; ++p) {
      if (p) t += '.';
      x = x * 6364136223846793005ULL + 1442695040888963407ULL;
      const int digits = 1 + static_cast<int>((x >> 33) % 4);
      for (int d = 0; d < digits; ++d) t += static_cast<char>('0' + (x >> (8 + 4 * d)) % 10);
    }
    texts.push_back(t);
  }
  size_t valid = 0;
  for (const std::string& t : texts) {
    if (t.find(':') != std::string::npos) continue;
    unsigned char want[4];
    const bool ok = inet_pton(AF_INET, t.c_str(), want) == 1;
    const auto got = parse_ip(t);
    ASSERT_EQ(got.has_value(), ok) << "'" << t << "'";
    if (ok) {
      EXPECT_EQ(std::memcmp(got->data() + 12, want, 4), 0) << t;
    }
    valid += ok;
  }
  EXPECT_GT(valid, 300u);  // the generated texts reach the accepting path too (455 do)
}

TEST(JavaRendering, HashMapOrderFromMappingDoc) {
  simdjson::dom::parser p;
  simdjson::padded_string s(std::string_view(
      R"({"incomingTransitiveTags":{"Department":"Engineering"},"tags":[{"value":"johndoe@example.com","key":"Email"},{"value":"12345","key":"CostCenter"}],"roleArn":"arn:aws:iam::111111111111:role/JohnRole2","roleSessionName":"Role2WithTags","transitiveTagKeys":["Email","CostCenter"],"durationSeconds":3600})"));
  std::string out;
  append_java_string(p.parse(s), out);
  EXPECT_EQ(out,
            "{incomingTransitiveTags={Department=Engineering}, transitiveTagKeys=[Email, CostCenter], "
            "durationSeconds=3600, roleArn=arn:aws:iam::111111111111:role/JohnRole2, roleSessionName=Role2WithTags, "
            "tags=[{value=johndoe@example.com, key=Email}, {value=12345, key=CostCenter}]}");
  EXPECT_EQ(java_string_hash("roleArn"), 1376855559);  // "roleArn".hashCode() in Java
  EXPECT_EQ(java_string_hash("\xc3\xa9\xf0\x9f\x98\x80"), 1996812);  // "é😀": U+00E9, then a surrogate pair
}

TEST(JavaRendering, DoubleToString) {
  EXPECT_EQ(java_double_to_string(1.0), "1.0");
  EXPECT_EQ(java_double_to_string(0.5), "0.5");
  EXPECT_EQ(java_double_to_string(1.0e7), "1.0E7");
  EXPECT_EQ(java_double_to_string(1.0e-4), "1.0E-4");
  EXPECT_EQ(java_double_to_string(123.456), "123.456");
  EXPECT_EQ(java_double_to_string(0.001), "0.001");
  EXPECT_EQ(java_double_to_string(-2.5e10), "-2.5E10");
  EXPECT_EQ(java_double_to_string(100.0), "100.0");
}

TEST(CloudTrailSchema, TypesAsEsqlShowsThem) {
  const Schema& s = cloudtrail_schema();
  auto type_of = [&](std::string_view f) { return s.find(f) ? type_name(s.find(f)->type) : "<missing>"; };
  EXPECT_EQ(type_of("@timestamp"), type_name(DataType::Datetime));
  EXPECT_EQ(type_of("event.dataset"), type_name(DataType::Keyword));
  EXPECT_EQ(type_of("source.ip"), type_name(DataType::Ip));
  EXPECT_EQ(type_of("source.as.number"), type_name(DataType::Long));
  EXPECT_EQ(type_of("source.as.organization.name"), type_name(DataType::Keyword));
  EXPECT_EQ(type_of("source.geo.location"), type_name(DataType::Unsupported));
  EXPECT_EQ(type_of("aws.cloudtrail.flattened.request_parameters"), type_name(DataType::Unsupported));
  EXPECT_EQ(type_of("aws.cloudtrail.read_only"), type_name(DataType::Boolean));
  EXPECT_EQ(type_of("user_agent.original.text"), type_name(DataType::Text));
  EXPECT_EQ(type_of("error.message"), type_name(DataType::Text));
  EXPECT_EQ(type_of("event.ingested"), type_name(DataType::Datetime));
  EXPECT_EQ(type_of("host.ip"), type_name(DataType::Ip));
  EXPECT_EQ(type_of("tls.client.server.name"), "<missing>");  // a rule's typo; ES has no such column
  EXPECT_EQ(cloudtrail_mapping_type("data_stream.dataset"), "constant_keyword");
  EXPECT_EQ(s.fields().size(), 185u);
  EXPECT_TRUE(std::is_sorted(s.fields().begin(), s.fields().end(),
                             [](const SchemaField& a, const SchemaField& b) { return a.name < b.name; }));
}

TEST(EventCategorization, TableLookups) {
  ASSERT_NE(categorize("AssumeRole"), nullptr);
  EXPECT_EQ(categorize("AssumeRole")->category, "authentication");
  EXPECT_EQ(categorize("CreateUser")->types[1], "creation");
  EXPECT_EQ(categorize("DeleteRule"), nullptr);
  EXPECT_EQ(categorize("UpdateUser")->category, "iam");
}

}  // namespace
}  // namespace trailhound::ecs
