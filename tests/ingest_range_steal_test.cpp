// Large plain files shared between workers (IngestOptions::split_min_bytes):
// a worker out of files takes over the second half of what another has left.
// Whatever the interleaving, a read must deliver exactly the records, lines,
// offsets and errors of a one-worker read of whole files. The files here are
// synthetic, written by the tests.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "fixtures/ingest/ingest_test_support.h"

namespace trailhound::ingest {
namespace {

using testing::IngestRun;
using testing::TempDir;
using Strings = std::vector<std::string>;

// A record whose strings hold brackets, commas, escaped quotes and backslashes,
// and a nested array with a "]" string: what a naive cut would get wrong.
std::string record(int i) {
  return "{\"_synthetic\":true,\"i\":" + std::to_string(i) +
         ",\"s\":\"a{b}[c],\\\"q\\\" \\\\ \\u00e9 ]}\",\"nested\":{\"arr\":[1,{\"x\":\"],{\"}]}}";
}

std::string records_object(int n, const char* sep) {
  std::string t = "{\"Records\":[";
  for (int i = 0; i < n; ++i) t += (i ? std::string(",") + sep : std::string(sep)) + record(i);
  return t + sep + "]}";
}

std::string ndjson(int n) {
  std::string t;
  for (int i = 0; i < n; ++i) t += record(i) + "\n";
  return t;
}

std::string array(int n) {
  std::string t = "[";
  for (int i = 0; i < n; ++i) t += (i ? ",\n " : "") + record(i);
  return t + "]\n";
}

// Pretty-printed: newlines inside records too (never inside strings).
std::string pretty(int n) {
  std::string t = "{\n  \"Records\": [\n";
  for (int i = 0; i < n; ++i) {
    t += (i ? ",\n    " : "    ");
    t += "{\n      \"_synthetic\": true,\n      \"i\": " + std::to_string(i) +
         ",\n      \"s\": \"a{b}[c],\\\"q\\\" \\\\ ]}\",\n      \"nested\": {\n        \"arr\": [\n"
         "          1,\n          {\"x\": \"],{\"}\n        ]\n      }\n    }";
  }
  return t + "\n  ]\n}\n";
}

IngestOptions sharing(int threads) {
  IngestOptions o;
  o.threads = threads;
  o.split_min_bytes = 1;   // every plain file is mapped and may be shared
  o.min_steal_bytes = 1;   // take over whatever is left
  o.checkpoint_bytes = 1;  // the owner reports at every record
  return o;
}

// Reads `inputs` whole on one worker and shared on two, several times; returns
// how many ranges were taken over in all (timing decides where the cuts fall).
uint64_t expect_same_read(const Strings& inputs) {
  IngestRun whole(inputs, 1);
  uint64_t taken = 0;
  for (int round = 0; round < 5; ++round) {
    IngestRun shared(inputs, sharing(2));
    taken += shared.summary.ranges_taken_over;
    EXPECT_EQ(shared.summary.records, whole.summary.records);
    EXPECT_EQ(shared.summary.skipped_records, whole.summary.skipped_records);
    EXPECT_EQ(shared.summary.files, whole.summary.files);
    EXPECT_EQ(shared.summary.bytes_read, whole.summary.bytes_read);
    EXPECT_EQ(shared.located(), whole.located());
    auto a = whole.error_entries(), b = shared.error_entries();
    auto key = [](const auto& e) { return std::tie(e.file, e.line, e.offset, e.message); };
    std::sort(a.begin(), a.end(), [&](const auto& x, const auto& y) { return key(x) < key(y); });
    std::sort(b.begin(), b.end(), [&](const auto& x, const auto& y) { return key(x) < key(y); });
    EXPECT_EQ(a.size(), b.size());
    for (size_t i = 0; i < std::min(a.size(), b.size()); ++i) EXPECT_EQ(key(a[i]), key(b[i]));
  }
  return taken;
}

TEST(IngestRangeSteal, EveryLayoutReadsAsAWholeFile) {
  TempDir dir;
  constexpr int kRecords = 20000;  // ~2.4 MB each
  // Each layout is shared, not only read alike.
  EXPECT_GT(expect_same_read({dir.write("single_line.json", records_object(kRecords, ""))}), 0u);
  EXPECT_GT(expect_same_read({dir.write("one_per_line.json", records_object(kRecords, "\n"))}), 0u);
  EXPECT_GT(expect_same_read({dir.write("events.ndjson", ndjson(kRecords))}), 0u);
  EXPECT_GT(expect_same_read({dir.write("array.json", array(kRecords))}), 0u);
  EXPECT_GT(expect_same_read({dir.write("pretty.json", pretty(kRecords / 4))}), 0u);
  // The first value past a BOM and blank lines: the owner's first checkpoint is no record start.
  EXPECT_GT(expect_same_read({dir.write("bom.json", "\xEF\xBB\xBF\n\n  " + records_object(kRecords, "\n"))}), 0u);
  EXPECT_GT(expect_same_read({dir.write("blank_array.json", "\n " + array(kRecords))}), 0u);
}

TEST(IngestRangeSteal, ACutIsFoundFromWhereTheFirstValueStarts) {
  // A range's first checkpoint is where the file's first value starts (past a
  // BOM and blank lines): no record start, so the cut is looked for from the
  // array, as with no checkpoint at all.
  for (const std::string& text : {"\xEF\xBB\xBF\n\n  " + records_object(2000, "\n"), "\n " + array(2000)}) {
    const FileLayout layout = detect_layout(text);
    const size_t first_value = text.find_first_of("{[");
    ASSERT_GT(first_value, 0u);
    const size_t target = text.size() / 2;
    const size_t cut = find_range_start(text, layout, target, 0);
    ASSERT_NE(cut, std::string::npos);
    EXPECT_GE(cut, target);
    EXPECT_EQ(text.compare(cut, 15, record(0).substr(0, 15)), 0);  // a record's start
    EXPECT_EQ(find_range_start(text, layout, target, first_value), cut);
  }
}

TEST(IngestRangeSteal, SeveralFilesAndAGzipOne) {
  TempDir dir;
  expect_same_read({dir.write("a.json", records_object(15000, "\n")), dir.write("b.ndjson", ndjson(500)),
                    dir.write("c.json.gz", testing::gzip(records_object(3000, ""))),
                    dir.write("d.json", records_object(15000, ""))});
}

TEST(IngestRangeSteal, MalformedRecordsAreReportedOnceWherever) {
  TempDir dir;
  std::string t = records_object(20000, "\n");
  // Damage records in the first and second halves: an unclosed array, a stray
  // value where a record should be.
  size_t p = t.find("\"i\":5000,");
  t.replace(p, 9, "\"i\":[5000,");
  p = t.find(record(15000));
  t.insert(p, "17,\n");
  // A thief whose scan meets the damage tries again from a later checkpoint.
  EXPECT_GT(expect_same_read({dir.write("damaged.json", t)}), 0u);
}

TEST(IngestRangeSteal, ALargeFileIsSharedAndEachWorkerFinishesItsRanges) {
  TempDir dir;
  const std::string f = dir.write("big.json", records_object(40000, ""));
  // Whether the second worker starts before the first is done is up to the
  // scheduler of the machine: try until a part was taken over (at once, in
  // practice).
  bool shared_once = false;
  for (int attempt = 0; attempt < 50 && !shared_once; ++attempt) {
    IngestRun shared({f}, sharing(2));
    EXPECT_EQ(shared.summary.records, 40000u);
    EXPECT_EQ(shared.summary.files, 1u);
    // Each range read ends with on_file_done: one more per part taken over.
    EXPECT_EQ(shared.collector.files_done.size(), 1 + shared.summary.ranges_taken_over);
    for (const std::string& done : shared.collector.files_done) EXPECT_EQ(done, f);
    shared_once = shared.summary.ranges_taken_over > 0;
  }
  EXPECT_TRUE(shared_once);
  // No sharing below the threshold, nor without mapping.
  IngestOptions o = sharing(2);
  o.min_steal_bytes = size_t{1} << 30;
  EXPECT_EQ(IngestRun({f}, o).summary.ranges_taken_over, 0u);
  o = sharing(2);
  o.split_min_bytes = 0;
  EXPECT_EQ(IngestRun({f}, o).summary.ranges_taken_over, 0u);
}

}  // namespace
}  // namespace trailhound::ingest
