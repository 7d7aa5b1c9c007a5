// The container scan kernels (ingest/container_scan.h) against a byte-wise
// reading of the same rules, on SYNTHETIC generated texts.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "ingest/container_scan.h"

namespace trailhound::ingest {
namespace {

constexpr size_t npos = std::string_view::npos;

// One byte at a time. `outside_backslash` tells whether a backslash occurs
// outside strings in the 64-byte blocks (from s) the kernels look at before
// answering — where they may give up instead.
size_t bytewise_end(std::string_view t, size_t s, bool& outside_backslash) {
  std::vector<char> open;
  bool in = false;
  outside_backslash = false;
  size_t answer = npos, stop = t.size();
  for (size_t i = s; i < stop; ++i) {
    const char c = t[i];
    if (in) {
      if (c == '\\') ++i;
      else if (c == '"') in = false;
      continue;
    }
    if (c == '\\') outside_backslash = true;
    else if (c == '"') in = true;
    else if (answer == npos && (c == '{' || c == '[')) open.push_back(static_cast<char>(c + 2));
    else if (answer == npos && (c == '}' || c == ']') && !open.empty() && open.back() == c) {
      open.pop_back();
      if (open.empty()) {
        answer = i + 1;
        stop = std::min(t.size(), s + (i - s) / 64 * 64 + 64);  // the rest of this block
      }
    }
  }
  return answer;
}

// Random brackets, quotes and filler; with `backslashes`, also backslashes
// anywhere (the kernels then mostly meet one outside a string and give up),
// else only inside strings, escaping what follows them (so the kernels must
// answer, and the bracket matching is what is tested).
std::string random_text(std::mt19937& rng, size_t size, bool backslashes) {
  static constexpr char kBytes[] = "{}[]\"\\\\a:, {\"[]}\"";
  const size_t kinds = sizeof kBytes - 1 - (backslashes ? 0 : 2);  // without them: the two '\\' are skipped
  std::string t = "{";
  std::uniform_int_distribution<size_t> pick(0, kinds - 1);
  bool in_string = false;
  while (t.size() < size) {
    size_t k = pick(rng);
    if (!backslashes && k >= 5) k += 2;
    const char c = kBytes[k];
    if (!backslashes && in_string && rng() % 8 == 0) t += '\\';  // escapes the next byte, a quote too
    else if (c == '"') in_string = !in_string;
    t += c;
  }
  return t;
}

// A CloudTrail-like record: nested objects and arrays, strings with escaped
// quotes and backslashes, brackets inside strings.
std::string record_text(std::mt19937& rng) {
  std::string t = R"({"eventVersion":"1.09","userIdentity":{"type":"IAMUser","arn":"a{[b"},)";
  const int n = static_cast<int>(rng() % 12);
  for (int i = 0; i < n; ++i) {
    switch (rng() % 4) {
      case 0: t += R"("p":"{\"Statement\":[{\"Effect\":\"Allow\"}]}",)"; break;
      case 1: t += R"("r":[{"ARN":"x]"},{"ARN":"\\"}],)"; break;
      case 2: t += R"("q":"ends with a backslash \\",)"; break;
      default: t += std::string(rng() % 90, 'x') + ",";
    }
  }
  return t + R"("eventName":"ListUsers"})";
}

void check_kernels(const std::string& text, size_t s) {
  // The kernels may read up to 63 bytes past the end: padding that would
  // mislead them if they looked at it.
  std::string padded = text + std::string(64, '}');
  bool outside_backslash = false;
  const size_t want = bytewise_end(text, s, outside_backslash);
  for (const auto& k : container_scan_kernels()) {
    const size_t got = k.scan(padded.data(), text.size(), s);
    if (got == kContainerScanFallback) {
      EXPECT_TRUE(outside_backslash) << k.name << " gave up on " << text;
    } else {
      EXPECT_EQ(got, want) << k.name << " on " << text;
    }
  }
}

TEST(ContainerScan, KernelsAgreeWithTheBytewiseRules) {
  std::mt19937 rng(20261128);
  for (int i = 0; i < 20000; ++i) check_kernels(random_text(rng, 1 + rng() % 300, true), 0);
  for (int i = 0; i < 20000; ++i) check_kernels(random_text(rng, 1 + rng() % 300, false), 0);
  for (int i = 0; i < 5000; ++i) {
    const std::string one = record_text(rng);
    check_kernels(one, 0);
    check_kernels(one + "," + record_text(rng), 0);
    check_kernels("[" + one + "," + one + "]", 0);
    check_kernels(one.substr(0, rng() % one.size() + 1), 0);  // cut short: npos
  }
}

TEST(ContainerScan, EdgesOfTheBlocks) {
  // Closers, quotes and backslash runs at every offset around a 64-byte block edge.
  for (size_t pad = 0; pad < 140; ++pad) {
    const std::string fill(pad, 'x');
    check_kernels("{\"" + fill + "\\\\\"}", 0);
    check_kernels("{\"" + fill + "\\\"}\"}", 0);
    check_kernels("{\"a\":[" + fill + "]}", 0);
    check_kernels("{" + fill + "}", 0);
    check_kernels("x{" + fill + "]}", 1);
    // Runs of 1-7 backslashes ending a string's text, the run or the quote
    // after it on either side of the block edge: an odd run escapes the quote.
    for (size_t run = 1; run <= 7; ++run) {
      const std::string bs(run, '\\');
      check_kernels("{\"" + fill + bs + "\"}\"]}", 0);
      check_kernels("{\"k\":\"" + fill + bs + "\",\"v\":[\"" + bs + "\"]}", 0);
    }
  }
}

TEST(ContainerScan, BackslashRunsAsLongAsABlockOrLonger) {
  // Runs filling a block, crossing one or two block edges, odd and even, from
  // every start offset in a block: the quote after them is escaped exactly
  // when the run is odd.
  for (const size_t run : {62u, 63u, 64u, 65u, 127u, 128u, 129u, 191u, 192u}) {
    for (size_t pad = 0; pad < 70; ++pad) {
      const std::string text = "{\"" + std::string(pad, 'x') + std::string(run, '\\') + "\"}\"]}";
      check_kernels(text, 0);
    }
  }
}

TEST(ContainerScan, NestingUpToTheDepthLimit) {
  for (const size_t depth : {kContainerScanMaxDepth - 1, kContainerScanMaxDepth, kContainerScanMaxDepth + 1}) {
    const std::string text = std::string(depth, '[') + std::string(depth, ']');
    const std::string padded = text + std::string(64, ' ');
    for (const auto& k : container_scan_kernels()) {
      const size_t got = k.scan(padded.data(), text.size(), 0);
      if (depth <= kContainerScanMaxDepth) EXPECT_EQ(got, text.size()) << k.name << " at depth " << depth;
      else EXPECT_EQ(got, kContainerScanFallback) << k.name << " at depth " << depth;
    }
  }
}

TEST(ContainerScan, DeepNestingAndStrayBackslashesFallBack) {
  const std::string deep = std::string(300, '[') + std::string(300, ']');
  for (const auto& k : container_scan_kernels()) {
    std::string padded = deep + std::string(64, ' ');
    EXPECT_EQ(k.scan(padded.data(), deep.size(), 0), kContainerScanFallback) << k.name;
    const std::string stray = "{\"a\":1\\}" + std::string(64, ' ');
    EXPECT_EQ(k.scan(stray.data(), 8, 0), kContainerScanFallback) << k.name;
  }
  EXPECT_EQ(find_container_end("{}xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", 2, 0), 2u);
}

}  // namespace
}  // namespace trailhound::ingest
