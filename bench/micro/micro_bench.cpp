// Google Benchmark micro-benchmarks for trailhound's hot paths.
//
//   BM_SplitRecords        record splitting + simdjson DOM parse of a {"Records":[...]} text
//   BM_Normalize/*         one CloudTrail record -> BatchBuilder with a small field set
//                          (the founding rule's fields), with and without user_agent.name
//   BM_UserAgent/*         uap-core user-agent parse: uncached vs the per-thread cache
//   BM_Prefilter_Select    the raw-record prefilter deciding, for the founding rule, which
//                          unparsed records may be kept (literal scan; learned gate)
//   BM_Query/*             a prepared ES|QL query pushed a prebuilt 4096-row Batch:
//                          predicate evaluation, COUNT_DISTINCT, DATE_TRUNC, the whole
//                          founding rule
//
// Input: SYNTHETIC records built in this file from templates taken from
// bench/gen_cloudtrail output (no files needed). Set TRAILHOUND_MICRO_SAMPLE to a
// {"Records":[...]} or NDJSON file (e.g. a gen_cloudtrail part) to split/normalize
// that instead.
//
// Run: build-bench/trailhound_micro [--benchmark_filter=REGEX]
#include <benchmark/benchmark.h>
#include <simdjson.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "ecs/cloudtrail_normalizer.h"
#include "ecs/cloudtrail_schema.h"
#include "ecs/user_agent_cache.h"
#include "ecs/user_agent_parser.h"
#include "exec/batch_builder.h"
#include "ingest/error_reporter.h"
#include "ingest/padded_buffer.h"
#include "ingest/record_consumer.h"
#include "ingest/record_splitter.h"

#if TRAILHOUND_MICRO_ENGINE
#include "esql/parser.h"
#include "esql/prepared_query.h"
#include "exec/catalog.h"
#include "exec/vector.h"
#include "pipeline/cloudtrail_field_facts.h"
#include "pipeline/record_prefilter.h"
#endif

using namespace trailhound;

namespace {

// ---------------------------------------------------------------- synthetic input
// Four record shapes from gen_cloudtrail (@T@ = eventTime, @A@ = eventName,
// @U@ = user number, @S@ = eventSource), ~1.0-1.7 KB each once filled.
const char* kTemplates[] = {
    // IAM user via aws-cli v2 (the founding rule's population)
    R"J({"eventVersion":"1.09","userIdentity":{"type":"IAMUser","principalId":"AIDAQ3EGKZ5TNEXAMPLE","arn":"arn:aws:iam::111122223333:user/user@U@","accountId":"111122223333","accessKeyId":"AKIAQ3EGKZ5TEXAMPLE1","userName":"user@U@"},"eventTime":"@T@","eventSource":"@S@","eventName":"@A@","awsRegion":"us-east-1","sourceIPAddress":"203.0.113.@U@","userAgent":"aws-cli/2.15.30 Python/3.11.8 Linux/6.1.0-18-amd64 exe/x86_64.debian.12 prompt/off command/ec2.describe-instances","requestParameters":{"filterSet":{"items":[{"name":"vpc-id","valueSet":{"items":[{"value":"vpc-0a1b2c3d4e5f60718"}]}}]},"maxResults":500},"responseElements":null,"requestID":"5f0e6c1a-7b2d-4c3e-9f8a-1b2c3d4e5f60","eventID":"9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d","readOnly":true,"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"111122223333","eventCategory":"Management","tlsDetails":{"tlsVersion":"TLSv1.3","cipherSuite":"TLS_AES_128_GCM_SHA256","clientProvidedHostHeader":"ec2.us-east-1.amazonaws.com"}})J",
    // EKS node role via the Go SDK
    R"J({"eventVersion":"1.09","userIdentity":{"type":"AssumedRole","principalId":"AROAQ3EGKZ5TNEXAMPLE:i-0a1b2c3d4e5f60718","arn":"arn:aws:sts::444455556666:assumed-role/eks-node-role/i-0a1b2c3d4e5f60718","accountId":"444455556666","accessKeyId":"ASIAQ3EGKZ5TEXAMPLE2","sessionContext":{"sessionIssuer":{"type":"Role","principalId":"AROAQ3EGKZ5TNEXAMPLE","arn":"arn:aws:iam::444455556666:role/eks-node-role","accountId":"444455556666","userName":"eks-node-role"},"webIdFederationData":{},"attributes":{"creationDate":"2024-03-01T00:00:00Z","mfaAuthenticated":"false"},"ec2RoleDelivery":"2.0"}},"eventTime":"@T@","eventSource":"@S@","eventName":"@A@","awsRegion":"us-west-2","sourceIPAddress":"10.0.@U@.17","userAgent":"aws-sdk-go/1.50.@U@ (go1.21.6; linux; amd64)","requestParameters":{"maxResults":50,"nextToken":"AbCdEfGhIjKlMnOpQrStUvWxYz0123456789AbCdEfGhIjKl"},"responseElements":null,"requestID":"0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e","eventID":"1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f","readOnly":true,"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"444455556666","eventCategory":"Management","tlsDetails":{"tlsVersion":"TLSv1.3","cipherSuite":"TLS_AES_128_GCM_SHA256","clientProvidedHostHeader":"ec2.us-west-2.amazonaws.com"}})J",
    // AWS service assuming a role (large responseElements)
    R"J({"eventVersion":"1.09","userIdentity":{"type":"AWSService","invokedBy":"lambda.amazonaws.com"},"eventTime":"@T@","eventSource":"sts.amazonaws.com","eventName":"AssumeRole","awsRegion":"us-east-1","sourceIPAddress":"lambda.amazonaws.com","userAgent":"lambda.amazonaws.com","requestParameters":{"roleArn":"arn:aws:iam::111122223333:role/app-lambda-exec","roleSessionName":"order-processor","durationSeconds":3600},"responseElements":{"credentials":{"accessKeyId":"ASIAQ3EGKZ5TEXAMPLE3","sessionToken":"IQoJb3JpZ2luX2VjEXAMPLEzQmFzZTY0U2Vzc2lvblRva2VuRXhhbXBsZVRleHRUaGF0SXNMb25nRW5vdWdoVG9Mb29rUmVhbGlzdGljRm9yQ2xvdWRUcmFpbFJlY29yZHNBbmRLZWVwc0dvaW5nRm9yQVdoaWxlU29UaGF0VGhlUmVjb3JkSXNBYm91dFRoZVJpZ2h0U2l6ZUZvclRoZUJlbmNobWFya0FuZFRoZU5vcm1hbGl6ZXJIYXNTb21ldGhpbmdUb0NoZXdPbg","expiration":"Mar 1, 2024, 1:00:00 AM"},"assumedRoleUser":{"assumedRoleId":"AROAQ3EGKZ5TNEXAMPLE:order-processor","arn":"arn:aws:sts::111122223333:assumed-role/app-lambda-exec/order-processor"}},"requestID":"2d3e4f5a-6b7c-4d8e-9f0a-1b2c3d4e5f6a","eventID":"3e4f5a6b-7c8d-4e9f-8a1b-2c3d4e5f6a7b","readOnly":true,"resources":[{"accountId":"111122223333","type":"AWS::IAM::Role","ARN":"arn:aws:iam::111122223333:role/app-lambda-exec"}],"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"111122223333","sharedEventID":"4f5a6b7c-8d9e-4f0a-9b1c-2d3e4f5a6b7c","eventCategory":"Management"})J",
    // SSO human in the console
    R"J({"eventVersion":"1.09","userIdentity":{"type":"AssumedRole","principalId":"AROAQ3EGKZ5TNEXAMPLE:grace.li@example.com","arn":"arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_ReadOnlyAccess_2c9a11e0f4/grace.li@example.com","accountId":"111122223333","accessKeyId":"ASIAQ3EGKZ5TEXAMPLE4","sessionContext":{"sessionIssuer":{"type":"Role","principalId":"AROAQ3EGKZ5TNEXAMPLE","arn":"arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_ReadOnlyAccess_2c9a11e0f4","accountId":"111122223333","userName":"AWSReservedSSO_ReadOnlyAccess_2c9a11e0f4"},"webIdFederationData":{},"attributes":{"creationDate":"2024-03-01T00:00:00Z","mfaAuthenticated":"true"}}},"eventTime":"@T@","eventSource":"@S@","eventName":"@A@","awsRegion":"eu-west-1","sourceIPAddress":"198.51.100.@U@","userAgent":"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36","requestParameters":null,"responseElements":null,"requestID":"5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d","eventID":"6b7c8d9e-0f1a-4b2c-9d3e-4f5a6b7c8d9e","readOnly":true,"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"111122223333","eventCategory":"Management","sessionCredentialFromConsole":"true","tlsDetails":{"tlsVersion":"TLSv1.3","cipherSuite":"TLS_AES_128_GCM_SHA256","clientProvidedHostHeader":"eu-west-1.console.aws.amazon.com"}})J",
};
const char* kActions[] = {"DescribeInstances", "ListBuckets", "GetCallerIdentity", "DescribeVpcs",
                          "ListRoles", "GetBucketAcl", "DescribeSecurityGroups", "ListKeys",
                          "GenerateCredentialReport", "DescribeDBInstances", "ListFunctions20150331",
                          "CreateTags", "DescribeTrails", "GetUser", "ListUsers", "DescribeSubnets"};
const char* kSources[] = {"ec2.amazonaws.com", "s3.amazonaws.com", "sts.amazonaws.com", "ec2.amazonaws.com",
                          "iam.amazonaws.com", "s3.amazonaws.com", "ec2.amazonaws.com", "kms.amazonaws.com",
                          "iam.amazonaws.com", "rds.amazonaws.com", "lambda.amazonaws.com", "ec2.amazonaws.com",
                          "cloudtrail.amazonaws.com", "iam.amazonaws.com", "iam.amazonaws.com", "ec2.amazonaws.com"};

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
  for (size_t p = 0; (p = s.find(from, p)) != std::string::npos; p += to.size()) s.replace(p, from.size(), to);
  return s;
}

// Record i: shape i%4 (weighted to the CLI shape), 0.25 s apart, 16 actions, 24 users.
std::string make_record(size_t i) {
  static const int shape_of[] = {0, 1, 0, 2, 1, 0, 3, 1};
  const size_t shape = size_t(shape_of[i % 8]);
  int64_t sec = int64_t(i / 4);
  char t[32];
  std::snprintf(t, sizeof t, "2024-03-01T%02lld:%02lld:%02lldZ", (long long)(sec / 3600 % 24),
                (long long)(sec / 60 % 60), (long long)(sec % 60));
  size_t a = (i * 7 + i / 16) % 16;
  std::string r = kTemplates[shape];
  r = replace_all(r, "@T@", t);
  r = replace_all(r, "@A@", kActions[a]);
  r = replace_all(r, "@S@", kSources[a]);
  r = replace_all(r, "@U@", std::to_string(i % 24 + 1));
  return r;
}

std::string read_file(const char* path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

// The text to split: TRAILHOUND_MICRO_SAMPLE, or ~8 MB of synthetic records.
const std::string& sample_text() {
  static const std::string text = [] {
    if (const char* p = std::getenv("TRAILHOUND_MICRO_SAMPLE")) return read_file(p);
    std::string s = "{\"Records\":[";
    for (size_t i = 0; s.size() < (8u << 20); ++i) {
      if (i) s += ',';
      s += make_record(i);
    }
    return s + "]}";
  }();
  return text;
}

struct Collect : ingest::RecordConsumer {
  size_t n = 0;
  void on_record(simdjson::dom::element, const ingest::RecordLocation&) override { ++n; }
};

std::shared_ptr<const ecs::UserAgentParser> ua_parser() {
  static auto p = [] {
    auto r = ecs::UserAgentParser::load_file(ecs::kDefaultUapRegexesPath);
    if (!r.ok()) {
      std::fprintf(stderr, "cannot load %s\n", ecs::kDefaultUapRegexesPath);
      std::exit(2);
    }
    return *r;
  }();
  return p;
}

const std::vector<std::string> kFoundingFields = {
    "@timestamp", "event.action", "aws.cloudtrail.user_identity.arn", "aws.cloudtrail.user_identity.type",
    "aws.cloudtrail.user_identity.access_key_id", "source.ip", "cloud.account.id", "event.provider",
    "user_agent.name", "source.as.organization.name", "cloud.region", "data_stream.namespace",
    "data_stream.dataset", "aws.cloudtrail.session_credential_from_console", "user.name"};

std::vector<SchemaField> schema_fields(bool with_user_agent) {
  std::vector<SchemaField> out;
  for (const auto& name : kFoundingFields) {
    if (!with_user_agent && name == "user_agent.name") continue;
    const SchemaField* f = ecs::cloudtrail_schema().find(name);
    if (f) out.push_back(*f);
  }
  return out;
}

// 256 records parsed once, each in its own parser (DOM elements stay valid).
struct ParsedRecords {
  std::vector<std::unique_ptr<simdjson::dom::parser>> parsers;
  std::vector<simdjson::dom::element> records;
  size_t bytes = 0;
  ParsedRecords() {
    for (size_t i = 0; i < 256; ++i) {
      std::string text = make_record(i);
      bytes += text.size();
      parsers.push_back(std::make_unique<simdjson::dom::parser>());
      records.push_back(parsers.back()->parse(simdjson::padded_string(text)).value());
    }
  }
};
const ParsedRecords& parsed() {
  static ParsedRecords p;
  return p;
}

// ---------------------------------------------------------------- benchmarks

void BM_SplitRecords(benchmark::State& state) {
  const std::string& text = sample_text();
  ingest::PaddedBuffer buf;
  buf.assign(text.data(), text.size());
  buf.seal();
  simdjson::dom::parser parser;
  ingest::ErrorReporter errors(nullptr);
  const std::string file = "sample";
  size_t records = 0;
  for (auto _ : state) {
    Collect c;
    ingest::split_records(std::string_view(buf.data(), buf.size()), file, false, parser, c, errors);
    records += c.n;
  }
  state.SetBytesProcessed(int64_t(text.size()) * state.iterations());
  state.counters["records/s"] = benchmark::Counter(double(records), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_SplitRecords)->Unit(benchmark::kMillisecond);

void normalize_bench(benchmark::State& state, bool with_ua) {
  const ParsedRecords& p = parsed();
  ecs::CloudTrailNormalizer normalizer(ua_parser());
  BatchBuilder builder(schema_fields(with_ua));
  size_t i = 0;
  for (auto _ : state) {
    Status st = normalizer.normalize(p.records[i++ & 255], builder);
    benchmark::DoNotOptimize(st);
    if (builder.rows() >= kBatchRows) benchmark::DoNotOptimize(builder.take());
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(int64_t(p.bytes / 256) * state.iterations());
}
void BM_Normalize_FoundingFields(benchmark::State& s) { normalize_bench(s, true); }
void BM_Normalize_FoundingFieldsNoUserAgent(benchmark::State& s) { normalize_bench(s, false); }
BENCHMARK(BM_Normalize_FoundingFields);
BENCHMARK(BM_Normalize_FoundingFieldsNoUserAgent);

std::vector<std::string> user_agents() {
  std::vector<std::string> v;
  for (int i = 0; i < 64; ++i) {
    v.push_back("aws-cli/2.15." + std::to_string(i) +
                " Python/3.11.8 Linux/6.1.0-18-amd64 exe/x86_64.debian.12 prompt/off command/ec2.describe-instances");
    v.push_back("Boto3/1.34." + std::to_string(i) +
                " md/Botocore#1.34.50 ua/2.0 os/linux#5.10.210 md/arch#x86_64 lang/python#3.11.8 md/pyimpl#CPython "
                "cfg/retry-mode#legacy Botocore/1.34.50");
    v.push_back("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0." +
                std::to_string(i) + " Safari/537.36");
    v.push_back("aws-sdk-go/1.50." + std::to_string(i) + " (go1.21.6; linux; amd64)");
  }
  return v;
}

void BM_UserAgent_Uncached(benchmark::State& state) {
  auto parser = ua_parser();
  auto uas = user_agents();
  size_t i = 0;
  for (auto _ : state) benchmark::DoNotOptimize(parser->parse(uas[i++ % uas.size()]));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_UserAgent_Uncached);

void BM_UserAgent_Cached(benchmark::State& state) {
  ecs::UserAgentCache cache(ua_parser());
  auto uas = user_agents();
  for (auto& u : uas) cache.lookup(u);  // warm
  size_t i = 0;
  for (auto _ : state) benchmark::DoNotOptimize(&cache.lookup(uas[i++ % uas.size()]));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_UserAgent_Cached);

#if TRAILHOUND_MICRO_ENGINE
constexpr const char* kIndex = "logs-aws.cloudtrail-default";

// The founding rule's two WHERE commands, shared by the whole rule and the
// predicates-only benchmark.
const std::string kFoundingFilters = R"(
| where data_stream.dataset == "aws.cloudtrail" and source.ip IS NOT NULL
    and aws.cloudtrail.session_credential_from_console IS NULL
    and event.provider in ("iam.amazonaws.com", "ec2.amazonaws.com", "s3.amazonaws.com", "rds.amazonaws.com",
      "lambda.amazonaws.com", "dynamodb.amazonaws.com", "kms.amazonaws.com", "cloudfront.amazonaws.com",
      "elasticloadbalancing.amazonaws.com", "cloudtrail.amazonaws.com", "sts.amazonaws.com", "ses.amazonaws.com",
      "organizations.amazonaws.com")
    and aws.cloudtrail.user_identity.type != "AWSService" and user_agent.name == "aws-cli"
    and event.action != "DescribeCapacityReservations" and user.name != "AWSServiceRoleForConfig"
| where true in (starts_with(event.action, "Describe"), starts_with(event.action, "Get"),
    starts_with(event.action, "List"), starts_with(event.action, "Generate")))";

const std::string kFoundingRule = R"(from logs-aws.cloudtrail-* metadata _id, _version, _index
| eval Esql.time_window_date_trunc = date_trunc(10 seconds, @timestamp))" + kFoundingFilters + R"(
| keep @timestamp, Esql.time_window_date_trunc, event.action, aws.cloudtrail.user_identity.arn,
    aws.cloudtrail.user_identity.type, aws.cloudtrail.user_identity.access_key_id, source.ip, cloud.account.id,
    event.provider, user_agent.name, source.as.organization.name, cloud.region, data_stream.namespace
| stats Esql.event_action_count_distinct = count_distinct(event.action), Esql.event_action_values = VALUES(event.action),
    Esql.event_timestamp_values = VALUES(@timestamp), Esql.source_ip_values = VALUES(source.ip),
    Esql.cloud_account_id_values = VALUES(cloud.account.id), Esql.event_provider_values = VALUES(event.provider),
    Esql.cloud_region_values = VALUES(cloud.region)
  by Esql.time_window_date_trunc, aws.cloudtrail.user_identity.arn
| where Esql.event_action_count_distinct > 5)";

// The founding rule's WHERE clauses only (+ a trivial count so there is a result).
const std::string kPredicates = "from logs-aws.cloudtrail-*" + kFoundingFilters + "\n| stats n = count(*)";

const char* kCountDistinct = R"(from logs-aws.cloudtrail-*
| stats c = count_distinct(event.action) by aws.cloudtrail.user_identity.arn)";

const char* kDateTrunc = R"(from logs-aws.cloudtrail-*
| eval w = date_trunc(10 seconds, @timestamp)
| stats n = count(*) by w)";

struct PreparedBatch {
  std::shared_ptr<const PreparedQuery> query;
  Batch batch;
};

PreparedBatch prepare_with_batch(const std::string& text) {
  auto parsed_q = esql::parse_query(text);
  if (!parsed_q.ok()) {
    std::fprintf(stderr, "parse: %s\n", parsed_q.status().message().c_str());
    std::exit(2);
  }
  Catalog catalog;
  catalog.add_index(kIndex, ecs::cloudtrail_schema());
  QueryOptions opts;
  opts.now_millis = 1709251200000;
  auto q = prepare(*parsed_q, catalog, opts);
  if (!q.ok()) {
    std::fprintf(stderr, "prepare: %s\n", q.status().message().c_str());
    std::exit(2);
  }
  PreparedBatch pb;
  pb.query = *q;
  BatchBuilder builder(pb.query->needed_fields(kIndex));
  ecs::CloudTrailNormalizer normalizer(ua_parser());
  std::vector<std::unique_ptr<simdjson::dom::parser>> keep;
  simdjson::dom::parser parser;
  for (size_t i = 0; i < kBatchRows; ++i) {
    std::string text = make_record(i);
    auto rec = parser.parse(simdjson::padded_string(text)).value();
    (void)normalizer.normalize(rec, builder);
  }
  pb.batch = builder.take();
  return pb;
}

// Pushes the records as batches of `batch_rows` rows (a hunt running many
// rules hands each query small batches: one per set of rules a record may
// pass, flushed together), so the per-batch cost shows against the per-row one.
void query_bench(benchmark::State& state, const std::string& text, size_t batch_rows = kBatchRows) {
  PreparedBatch pb = prepare_with_batch(text);
  std::vector<Batch> batches;
  for (size_t from = 0; from < pb.batch.rows(); from += batch_rows) {
    std::vector<uint32_t> rows;
    for (size_t r = from; r < std::min(pb.batch.rows(), from + batch_rows); ++r) rows.push_back(static_cast<uint32_t>(r));
    batches.push_back(gather_rows(pb.batch, rows));
  }
  auto run = pb.query->start();
  size_t pushes = 0;
  for (auto _ : state) {
    for (const Batch& b : batches) {
      Status st = run->push(kIndex, b);
      if (!st.ok()) {
        state.SkipWithError(st.message().c_str());
        return;
      }
    }
    if (++pushes % 256 == 0) {  // keep STATS state bounded and include finish() cost
      state.PauseTiming();
      benchmark::DoNotOptimize(run->finish());
      run = pb.query->start();
      state.ResumeTiming();
    }
  }
  state.SetItemsProcessed(int64_t(pb.batch.rows()) * state.iterations());
}
void BM_Prefilter_Select(benchmark::State& state) {
  auto q = esql::parse_query(kFoundingRule);
  if (!q.ok()) return state.SkipWithError(q.status().message().c_str());
  const pipeline::CloudTrailFieldFacts facts(ecs::CloudTrailNormalizerOptions{}, true, nullptr);
  auto filter = pipeline::RecordPrefilter::build({esql::row_requirements(q.value(), facts)}, ua_parser().get());
  if (!filter.ok()) return state.SkipWithError(filter.status().message().c_str());
  auto scratch = filter.value()->make_scratch();
  std::vector<std::string> texts;
  size_t bytes = 0;
  for (size_t i = 0; i < 256; ++i) bytes += texts.emplace_back(make_record(i)).size();
  size_t i = 0, kept = 0;
  for (auto _ : state) kept += filter.value()->select(texts[i++ & 255], *scratch);
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(int64_t(bytes / 256) * state.iterations());
  state.counters["kept"] = double(kept) / double(state.iterations());
}
BENCHMARK(BM_Prefilter_Select);

void BM_Query_FoundingPredicates(benchmark::State& s) { query_bench(s, kPredicates); }
void BM_Query_CountDistinctByArn(benchmark::State& s) { query_bench(s, kCountDistinct); }
void BM_Query_DateTrunc10sCount(benchmark::State& s) { query_bench(s, kDateTrunc); }
void BM_Query_FoundingRule(benchmark::State& s) { query_bench(s, kFoundingRule); }
void BM_Query_FoundingRule_128RowBatches(benchmark::State& s) { query_bench(s, kFoundingRule, 128); }
BENCHMARK(BM_Query_FoundingPredicates)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Query_CountDistinctByArn)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Query_DateTrunc10sCount)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Query_FoundingRule)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Query_FoundingRule_128RowBatches)->Unit(benchmark::kMicrosecond);
#endif

}  // namespace

BENCHMARK_MAIN();
