#include "ingest/input_expander.h"

#include <algorithm>
#include <filesystem>
#include <system_error>

namespace trailhound::ingest {

namespace fs = std::filesystem;

bool is_cloudtrail_digest(const std::string& path) {
  return path.find("CloudTrail-Digest") != std::string::npos;
}

namespace {

void walk(const std::string& root, ExpandedInputs& out, ErrorReporter& errors) {
  std::vector<std::string> found;
  std::error_code ec;
  fs::recursive_directory_iterator it(root, fs::directory_options::none, ec);
  if (ec) {
    errors.report(root, 0, 0, "cannot read directory: " + ec.message());
    ++out.skipped_files;
    return;
  }
  for (fs::recursive_directory_iterator end; it != end; it.increment(ec)) {
    if (ec) {
      errors.report(root, 0, 0, "error while walking directory: " + ec.message());
      ++out.skipped_files;
      ec.clear();
      break;
    }
    const fs::directory_entry& entry = *it;
    const std::string name = entry.path().filename().string();
    if (!name.empty() && name[0] == '.') {
      if (entry.is_directory(ec)) it.disable_recursion_pending();
      continue;
    }
    std::error_code type_ec;
    if (!entry.is_regular_file(type_ec)) continue;  // dirs are walked, others ignored
    std::string path = entry.path().string();
    if (is_cloudtrail_digest(path)) {
      ++out.skipped_files;
      continue;
    }
    found.push_back(std::move(path));
  }
  std::sort(found.begin(), found.end());
  for (auto& p : found) out.files.push_back(InputFile{std::move(p), false, true});
}

}  // namespace

ExpandedInputs expand_inputs(const std::vector<std::string>& inputs, ErrorReporter& errors) {
  ExpandedInputs out;
  bool have_stdin = false;
  for (const std::string& in : inputs) {
    if (in == "-") {
      if (have_stdin) {
        errors.report(kStdinName, 0, 0, "stdin ('-') given more than once; read once");
        ++out.skipped_files;
        continue;
      }
      have_stdin = true;
      out.files.push_back(InputFile{kStdinName, true, false});
      continue;
    }
    std::error_code ec;
    fs::file_status st = fs::status(in, ec);
    if (ec || !fs::exists(st)) {
      errors.report(in, 0, 0,
                    ec && ec != std::errc::no_such_file_or_directory
                        ? "cannot access input: " + ec.message()
                        : std::string("no such file or directory"));
      ++out.skipped_files;
      continue;
    }
    if (fs::is_directory(st)) {
      walk(in, out, errors);
    } else if (is_cloudtrail_digest(in)) {
      ++out.skipped_files;
    } else {
      out.files.push_back(InputFile{in, false, false});
    }
  }
  return out;
}

}  // namespace trailhound::ingest
