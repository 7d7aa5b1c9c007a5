// Input expansion, the parallel reader and the error reporter. Synthetic data.
#include <gtest/gtest.h>

#include <algorithm>
#include <fcntl.h>

#include "fixtures/ingest/ingest_test_support.h"
#include "ingest/input_expander.h"

namespace trailhound::ingest {
namespace {

using testing::fixture_dir;
using testing::gzip;
using testing::IngestRun;
using testing::TempDir;
using Strings = std::vector<std::string>;

TEST(IngestReader, DirectoryWalkIsRecursiveSortedAndSkipsDigestsAndNonLogs) {
  std::string root = fixture_dir() + "/s3";
  ErrorReporter errors(nullptr);
  ExpandedInputs in = expand_inputs({root}, errors);
  std::string acct = root + "/AWSLogs/111122223333/CloudTrail";
  Strings paths;
  for (auto& f : in.files) paths.push_back(f.path);
  EXPECT_EQ(paths, (Strings{
      acct + "/eu-west-1/2024/01/01/111122223333_CloudTrail_eu-west-1_20240101T0905Z_synthetic.json",
      acct + "/us-east-1/2024/01/02/111122223333_CloudTrail_us-east-1_20240102T1005Z_synthetic.json",
      root + "/README.txt"}));
  EXPECT_EQ(in.skipped_files, 1u);  // the digest
  EXPECT_EQ(errors.count(), 0u);

  IngestRun run({root});
  EXPECT_EQ(run.summary.files, 2u);
  EXPECT_EQ(run.summary.records, 3u);
  EXPECT_EQ(run.summary.skipped_files, 2u);  // digest + README.txt (not JSON, not log-named)
  EXPECT_EQ(run.summary.errors, 0u);
  EXPECT_EQ(run.printed.str(), "");
  EXPECT_EQ(run.collector.files_done.size(), 2u);
}

TEST(IngestReader, NamedDigestIsSkipped) {
  std::string digest = fixture_dir() +
      "/s3/AWSLogs/111122223333/CloudTrail-Digest/us-east-1/2024/01/02/"
      "111122223333_CloudTrail-Digest_us-east-1_synthetic_20240102T1005Z.json";
  IngestRun run({digest});
  EXPECT_EQ(run.summary.files, 0u);
  EXPECT_EQ(run.summary.records, 0u);
  EXPECT_EQ(run.summary.skipped_files, 1u);
  EXPECT_EQ(run.summary.errors, 0u);
  EXPECT_EQ(run.collector.consumers_made, 0);
}

TEST(IngestReader, MissingPathIsReportedAndTheRunContinues) {
  TempDir dir;
  std::string good = dir.write("good.ndjson", "{\"_synthetic\":1}\n{\"_synthetic\":2}\n");
  std::string missing = dir.file("missing.json");
  IngestRun run({missing, good, dir.file("also/missing")});
  EXPECT_EQ(run.summary.records, 2u);
  EXPECT_EQ(run.summary.files, 1u);
  EXPECT_EQ(run.summary.errors, 2u);
  EXPECT_EQ(run.summary.skipped_files, 2u);
  EXPECT_EQ(run.printed.str(),
            "trailhound: " + missing + ": no such file or directory\n"
            "trailhound: " + dir.file("also/missing") + ": no such file or directory\n");
}

TEST(IngestReader, NamedNonJsonFileIsReported) {
  TempDir dir;
  std::string txt = dir.write("notes.txt", "hello\n");
  std::string bad_log = dir.write("d/x.json", "hello\n");
  std::string ignored = dir.write("d/NOTES", "hello\n");
  IngestRun run({txt, dir.file("d")});
  EXPECT_EQ(run.summary.errors, 2u);  // named notes.txt, and log-named d/x.json
  EXPECT_EQ(run.summary.skipped_files, 3u);
  auto e = run.error_entries();
  ASSERT_EQ(e.size(), 2u);
  // Two workers read the two files: their errors come in either order.
  std::sort(e.begin(), e.end(), [](const auto& a, const auto& b) { return a.file < b.file; });
  EXPECT_EQ(e[0].file, bad_log);
  EXPECT_EQ(e[1].file, txt);
  EXPECT_EQ(e[1].message, "not a JSON or gzip file (first byte 0x68); skipped");
}

TEST(IngestReader, ConsumersArePerWorkerAndEveryFileIsDoneOnce) {
  TempDir dir;
  Strings inputs;
  size_t expect = 0;
  for (int f = 0; f < 40; ++f) {
    std::string body;
    for (int r = 0; r <= f % 5; ++r, ++expect) {
      body += "{\"_synthetic\":true,\"f\":" + std::to_string(f) + ",\"r\":" + std::to_string(r) + "}\n";
    }
    inputs.push_back(dir.write("f" + std::to_string(f) + ".ndjson", f % 2 ? gzip(body) : body));
  }
  IngestRun two(inputs, 2);
  EXPECT_EQ(two.collector.consumers_made, 2);
  EXPECT_EQ(two.summary.records, expect);
  EXPECT_EQ(two.summary.files, 40u);
  EXPECT_EQ(two.collector.files_done.size(), 40u);
  IngestRun one(inputs, 1);
  EXPECT_EQ(one.collector.consumers_made, 1);
  EXPECT_EQ(one.collector.sorted_json(), two.collector.sorted_json());
  // One worker delivers in input order, records of a file in file order.
  EXPECT_EQ(one.collector.records.front().file, inputs.front());
  EXPECT_EQ(one.collector.records.back().file, inputs.back());
  IngestRun single_file({inputs[0]}, 2);
  EXPECT_EQ(single_file.collector.consumers_made, 1);  // never more workers than files
}

TEST(IngestReader, RecordsOfOneFileStayTogetherInOrder) {
  TempDir dir;
  std::string a = dir.write("a.json", "[{\"n\":1},{\"n\":2},{\"n\":3}]");
  std::string b = dir.write("b.json", "{\"Records\":[{\"n\":4},{\"n\":5}]}");
  IngestRun run({a, b}, 2);
  std::map<std::string, Strings> per_file;
  for (auto& r : run.collector.records) per_file[r.file].push_back(r.json);
  EXPECT_EQ(per_file[a], (Strings{"{\"n\":1}", "{\"n\":2}", "{\"n\":3}"}));
  EXPECT_EQ(per_file[b], (Strings{"{\"n\":4}", "{\"n\":5}"}));
}

TEST(IngestReader, StdinIsReadAsAFileNamedStdin) {
  TempDir dir;
  std::string src = dir.write("in.gz", gzip("{\"_synthetic\":1}\n{\"_synthetic\":2}\n"));
  int saved = ::dup(0);
  int fd = ::open(src.c_str(), O_RDONLY);
  ASSERT_GE(fd, 0);
  ::dup2(fd, 0);
  ::close(fd);
  IngestRun run({"-", "-"});
  ::dup2(saved, 0);
  ::close(saved);
  EXPECT_EQ(run.summary.records, 2u);
  EXPECT_EQ(run.collector.records.at(0).file, "<stdin>");
  EXPECT_EQ(run.summary.errors, 1u);  // the second "-"
}

TEST(IngestReader, ErrorReporterCapsPrintedMessagesAndCountsAll) {
  std::ostringstream out;
  ErrorReporter r(&out, 2);
  r.report("f.json", 3, 10, "first");
  r.report("f.json", 0, 0, "whole file");
  r.report("g.json", 9, 99, "third");
  r.report("g.json", 10, 120, "fourth");
  r.finish();
  r.finish();
  EXPECT_EQ(r.count(), 4u);
  EXPECT_EQ(out.str(),
            "trailhound: f.json:3: first\n"
            "trailhound: f.json: whole file\n"
            "trailhound: \u2026 2 more errors\n");
  ASSERT_EQ(r.entries().size(), 2u);
  EXPECT_EQ(r.entries()[0].offset, 10u);
}

TEST(IngestReader, AFileTruncatedWhileMappedIsReportedNotFatal) {
  // A large plain file is mapped; another program truncating it mid-read
  // takes its pages away (SIGBUS on the next touch). The read must go on:
  // the lost bytes read as zeros, the file is reported, the process lives.
  TempDir dir;
  std::string text = "{\"Records\":[";
  for (int i = 0; i < 20000; ++i) {
    if (i) text += ",";
    text += R"({"eventVersion":"1.08","eventName":"ListUsers","n":)" + std::to_string(i) + "}";
  }
  text += "]}";
  const std::string path = dir.write("big.json", text);
  struct Truncating : RecordConsumer {
    std::string path;
    int seen = 0;
    void on_record(simdjson::dom::element, const RecordLocation&) override {
      if (seen++ == 0) std::filesystem::resize_file(path, 4096);
    }
  };
  std::atomic<int> delivered{0};
  IngestOptions o;
  o.threads = 1;
  o.split_min_bytes = 1;  // mapped
  std::ostringstream printed;
  ErrorReporter errors(&printed, 1000);
  struct Counting : Truncating {
    std::atomic<int>* total = nullptr;
    ~Counting() override { *total += seen; }
  };
  const IngestSummary summary = read_inputs(
      {path}, o,
      [&](int) {
        auto c = std::make_unique<Counting>();
        c->path = path;
        c->total = &delivered;
        return c;
      },
      errors);
  EXPECT_EQ(summary.files, 1u);
  EXPECT_LT(delivered.load(), 20000);  // the records past the new end are gone
  bool reported = false;
  for (const ErrorEntry& e : errors.entries())
    reported = reported || e.message.find("the file shrank while it was read") != std::string::npos;
  EXPECT_TRUE(reported) << printed.str();
}

}  // namespace
}  // namespace trailhound::ingest
