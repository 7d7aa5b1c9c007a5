#include "ingest/error_reporter.h"

#include <iostream>
#include <ostream>

namespace trailhound::ingest {

ErrorReporter::ErrorReporter(std::ostream* out, size_t max_printed, std::string what)
    : out_(out), max_printed_(max_printed), what_(std::move(what)) {}

void ErrorReporter::report(std::string_view file, uint64_t line, uint64_t offset,
                           std::string_view message) {
  std::lock_guard lock(mu_);
  ++count_;
  if (count_ > max_printed_) return;
  entries_.push_back(ErrorEntry{std::string(file), line, offset, std::string(message)});
  std::ostream* os = out_;
  if (os == nullptr) return;
  // One write per message so lines from different threads never interleave.
  std::string text = "trailhound: ";
  text.append(file);
  if (line != 0) {
    text.push_back(':');
    text.append(std::to_string(line));
  }
  text.append(": ");
  text.append(message);
  text.push_back('\n');
  os->write(text.data(), static_cast<std::streamsize>(text.size()));
  os->flush();
}

void ErrorReporter::finish() {
  std::lock_guard lock(mu_);
  if (finished_) return;
  finished_ = true;
  std::ostream* os = out_;
  if (os == nullptr || count_ <= max_printed_) return;
  *os << "trailhound: \u2026 " << (count_ - max_printed_) << " more " << what_ << "\n";
  os->flush();
}

uint64_t ErrorReporter::count() const {
  std::lock_guard lock(mu_);
  return count_;
}

std::vector<ErrorEntry> ErrorReporter::entries() const {
  std::lock_guard lock(mu_);
  return entries_;
}

}  // namespace trailhound::ingest
