// Gzip by content: single and multi-member streams, and damaged streams that
// still yield the records decoded before the damage. Synthetic data only.
#include <gtest/gtest.h>

#include <regex>

#include "fixtures/ingest/ingest_test_support.h"
#include "ingest/gzip_inflater.h"

namespace trailhound::ingest {
namespace {

using testing::gzip;
using testing::IngestRun;
using testing::TempDir;

// `n` synthetic records with varied content so deflate cannot shrink them to
// nothing (damage tests need a stream of several blocks).
std::vector<std::string> make_records(int n) {
  std::vector<std::string> v;
  uint64_t x = 88172645463325252ull;
  for (int i = 0; i < n; ++i) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    v.push_back("{\"_synthetic\":true,\"i\":" + std::to_string(i) + ",\"r\":\"" +
                std::to_string(x) + "\",\"eventName\":\"Describe" + std::to_string(x % 977) +
                "\"}");
  }
  return v;
}

std::string records_doc(const std::vector<std::string>& recs) {
  std::string s = "{\"Records\":[";
  for (size_t i = 0; i < recs.size(); ++i) s += (i ? "," : "") + recs[i];
  return s + "]}";
}

std::string ndjson(const std::vector<std::string>& recs) {
  std::string s;
  for (auto& r : recs) s += r + "\n";
  return s;
}

TEST(IngestGzip, InflaterRoundTripAndIsGzip) {
  std::string text = ndjson(make_records(1000));
  std::string gz = gzip(text);
  ASSERT_TRUE(is_gzip(gz.data(), gz.size()));
  EXPECT_FALSE(is_gzip(text.data(), text.size()));
  GzipInflater inf;
  PaddedBuffer out;
  bool truncated = true;
  Status s = inf.inflate(std::span(reinterpret_cast<const uint8_t*>(gz.data()), gz.size()), out,
                         &truncated);
  ASSERT_TRUE(s.ok()) << s.message();
  EXPECT_FALSE(truncated);
  EXPECT_EQ(std::string(out.data(), out.size()), text);
}

TEST(IngestGzip, DetectedByContentNotByName) {
  TempDir dir;
  auto recs = make_records(3);
  std::string gz_named_json = dir.write("a.json", gzip(records_doc(recs)));
  std::string plain_named_gz = dir.write("b.json.gz", ndjson(recs));
  IngestRun run({gz_named_json, plain_named_gz});
  EXPECT_EQ(run.summary.records, 6u);
  EXPECT_EQ(run.summary.errors, 0u);
  EXPECT_EQ(run.summary.files, 2u);
  EXPECT_EQ(run.summary.bytes_decompressed, records_doc(recs).size() + ndjson(recs).size());
}

TEST(IngestGzip, MultiMemberSplitInsideARecord) {
  TempDir dir;
  std::string text = ndjson(make_records(50));
  size_t cut = text.size() / 2 + 7;  // lands inside a record
  std::string path =
      dir.write("multi.gz", gzip(text.substr(0, cut)) + gzip(text.substr(cut)) + gzip(""));
  IngestRun run({path});
  EXPECT_EQ(run.summary.records, 50u);
  EXPECT_EQ(run.summary.errors, 0u);
  EXPECT_EQ(run.summary.bytes_decompressed, text.size());
}

TEST(IngestGzip, MultiMemberRecordsObjectsAndZeroPadding) {
  TempDir dir;
  auto recs = make_records(10);
  std::vector<std::string> a(recs.begin(), recs.begin() + 4), b(recs.begin() + 4, recs.end());
  std::string path = dir.write("cat.json.gz", gzip(records_doc(a)) + gzip(records_doc(b)) +
                                                  std::string(512, '\0'));
  IngestRun run({path});
  EXPECT_EQ(run.collector.sorted_json(), recs);
  EXPECT_EQ(run.summary.errors, 0u);
}

// Index of the first record not wholly inside the first `len` bytes of `text`.
size_t complete_records(const std::vector<std::string>& recs, size_t prefix, size_t len) {
  size_t end = prefix, n = 0;
  for (auto& r : recs) {
    end += r.size();
    if (end > len) break;
    ++n;
    end += 1;  // separator
  }
  return n;
}

TEST(IngestGzip, TruncatedStreamDeliversEarlierRecordsAndLocatesDamage) {
  TempDir dir;
  auto recs = make_records(4000);
  std::string doc = records_doc(recs);
  std::string gz = gzip(doc, 1);
  size_t cut = gz.size() * 6 / 10;
  std::string path = dir.write("cut.json.gz", gz.substr(0, cut));
  IngestRun run({path});
  ASSERT_EQ(run.summary.errors, 1u) << run.printed.str();
  auto e = run.error_entries().at(0);
  EXPECT_EQ(e.file, path);
  EXPECT_EQ(e.line, 0u);
  std::smatch m;
  ASSERT_TRUE(std::regex_search(
      e.message, m,
      std::regex("gzip: stream truncated .* at compressed offset (\\d+), uncompressed offset (\\d+)")))
      << e.message;
  EXPECT_EQ(std::stoull(m[1]), cut);
  size_t decoded = std::stoull(m[2]);
  EXPECT_GT(decoded, doc.size() / 3);
  EXPECT_LT(decoded, doc.size());
  EXPECT_EQ(run.summary.bytes_decompressed, decoded);
  size_t expect = complete_records(recs, 12, decoded);
  ASSERT_GT(expect, 0u);
  std::vector<std::string> want(recs.begin(), recs.begin() + expect);
  EXPECT_EQ(run.collector.sorted_json(), want);
  EXPECT_EQ(run.summary.skipped_records, 1u);  // the record cut in two
  EXPECT_EQ(run.printed.str().rfind("trailhound: " + path + ": gzip: stream truncated", 0), 0u);
}

TEST(IngestGzip, TruncatedNdjsonStream) {
  TempDir dir;
  auto recs = make_records(3000);
  std::string text = ndjson(recs);
  std::string gz = gzip(text, 1);
  std::string path = dir.write("cut.ndjson.gz", gz.substr(0, gz.size() / 2));
  IngestRun run({path});
  ASSERT_EQ(run.summary.errors, 1u) << run.printed.str();
  size_t decoded = run.summary.bytes_decompressed;
  size_t expect = complete_records(recs, 0, decoded);
  std::vector<std::string> want(recs.begin(), recs.begin() + expect);
  EXPECT_EQ(run.collector.sorted_json(), want);
}

TEST(IngestGzip, CorruptDeflateDataIsLocated) {
  TempDir dir;
  auto recs = make_records(4000);
  std::string gz = gzip(ndjson(recs), 1);
  for (size_t i = gz.size() * 7 / 10; i < gz.size() * 7 / 10 + 64; ++i) gz[i] = '\xff';
  std::string path = dir.write("bad.gz", gz);
  IngestRun run({path});
  ASSERT_GE(run.summary.errors, 1u);
  auto e = run.error_entries().at(0);
  EXPECT_EQ(e.file, path);
  EXPECT_TRUE(std::regex_search(
      e.message, std::regex("^gzip: .* at compressed offset \\d+, uncompressed offset \\d+")))
      << e.message;
  // Whatever was decoded before the damage is delivered, in order, intact.
  auto got = run.collector.sorted_json();
  ASSERT_GT(got.size(), 0u);
  ASSERT_LT(got.size(), recs.size());
  EXPECT_EQ(got, std::vector<std::string>(recs.begin(), recs.begin() + got.size()));
}

TEST(IngestGzip, CrcMismatchStillDeliversDecodedRecords) {
  TempDir dir;
  auto recs = make_records(20);
  std::string gz = gzip(ndjson(recs));
  gz[gz.size() - 8] ^= 0x55;  // CRC32 trailer
  std::string path = dir.write("crc.gz", gz);
  IngestRun run({path});
  ASSERT_EQ(run.summary.errors, 1u);
  EXPECT_NE(run.error_entries()[0].message.find("CRC mismatch"), std::string::npos);
  EXPECT_EQ(run.summary.records, 20u);
}

TEST(IngestGzip, TrailingGarbageIsReported) {
  TempDir dir;
  auto recs = make_records(5);
  std::string path = dir.write("tail.gz", gzip(ndjson(recs)) + "garbage");
  IngestRun run({path});
  ASSERT_EQ(run.summary.errors, 1u);
  EXPECT_NE(run.error_entries()[0].message.find("trailing data after gzip stream"),
            std::string::npos);
  EXPECT_EQ(run.summary.records, 5u);
}

}  // namespace
}  // namespace trailhound::ingest
