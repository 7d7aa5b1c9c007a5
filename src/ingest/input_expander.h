// Turns command-line inputs into the ordered list of files to read.
//
// Contract:
// - A file path is taken as given (order kept). A directory is walked
//   recursively and its regular files are added in byte-wise sorted path order,
//   which for an S3 trail prefix (AWSLogs/<acct>/CloudTrail/<region>/YYYY/MM/DD/)
//   means region, then time. Hidden entries (name starting with '.') are not
//   walked; symlinked directories are not followed (no cycles).
// - "-" is stdin, read later as a file named "<stdin>"; a second "-" is an error.
// - CloudTrail digest files (any path containing "CloudTrail-Digest") are
//   skipped silently and counted.
// - A missing or unreadable path is reported (`trailhound: PATH: reason`) and
//   counted; expansion continues with the other inputs.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "ingest/error_reporter.h"

namespace trailhound::ingest {

inline constexpr const char* kStdinName = "<stdin>";

struct InputFile {
  std::string path;             // kStdinName for stdin
  bool is_stdin = false;
  bool from_directory = false;  // found by a walk, not named by the user
};

struct ExpandedInputs {
  std::vector<InputFile> files;
  uint64_t skipped_files = 0;  // digests and inputs that could not be listed
};

ExpandedInputs expand_inputs(const std::vector<std::string>& inputs, ErrorReporter& errors);

bool is_cloudtrail_digest(const std::string& path);

}  // namespace trailhound::ingest
