// Collects and prints located input errors (bad files, damaged gzip, malformed
// records) from any number of reader threads.
//
// Contract:
// - report() is thread-safe. Every call is counted; the first `max_printed`
//   are printed immediately as `trailhound: FILE:LINE: message` (or
//   `trailhound: FILE: message` when line is 0, i.e. the error concerns the
//   whole file) to the configured stream.
// - finish() prints one final `trailhound: … N more errors` line when some
//   were not printed. Call it once, at the end of the run (the reporter may be
//   shared with later stages, so the reader never calls it).
// - The first `max_printed` entries are also kept for inspection (tests, run
//   summaries); the rest are only counted.
#pragma once

#include <cstdint>
#include <iostream>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace trailhound::ingest {

struct ErrorEntry {
  std::string file;
  uint64_t line = 0;    // 1-based; 0 = the whole file
  uint64_t offset = 0;  // byte offset in the (decompressed) input
  std::string message;
};

class ErrorReporter {
 public:
  // Prints to `out` (stderr by default); null counts silently. Not owned; must
  // outlive the reporter.
  // `what` names the entries in the final "… N more <what>" line (e.g. "warnings"
  // for a reporter of records that were kept).
  explicit ErrorReporter(std::ostream* out = &std::cerr, size_t max_printed = 100,
                         std::string what = "errors");

  ErrorReporter(const ErrorReporter&) = delete;
  ErrorReporter& operator=(const ErrorReporter&) = delete;
  ErrorReporter(ErrorReporter&&) = delete;

  void report(std::string_view file, uint64_t line, uint64_t offset, std::string_view message);
  void finish();

  uint64_t count() const;
  std::vector<ErrorEntry> entries() const;

 private:
  mutable std::mutex mu_;
  std::ostream* out_;
  size_t max_printed_;
  std::string what_;
  uint64_t count_ = 0;
  bool finished_ = false;
  std::vector<ErrorEntry> entries_;
};

}  // namespace trailhound::ingest
