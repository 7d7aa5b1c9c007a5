#include "ingest/record_reader.h"

#include <simdjson.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <exception>
#include <span>
#include <string_view>
#include <thread>

#include "ingest/file_reader.h"
#include "ingest/gzip_inflater.h"
#include "ingest/input_expander.h"
#include "ingest/padded_buffer.h"
#include "ingest/record_splitter.h"

namespace trailhound::ingest {
namespace {

bool looks_like_log_name(std::string_view path) {
  size_t slash = path.rfind('/');
  std::string_view name = slash == std::string_view::npos ? path : path.substr(slash + 1);
  return name.find(".json") != std::string_view::npos ||
         name.find(".ndjson") != std::string_view::npos || name.ends_with(".gz");
}

// First byte that is not whitespace or a UTF-8 BOM, or -1 for an empty text.
int first_significant_byte(std::string_view t) {
  size_t i = t.starts_with("\xEF\xBB\xBF") ? 3 : 0;
  while (i < t.size() && (t[i] == ' ' || t[i] == '\n' || t[i] == '\r' || t[i] == '\t')) ++i;
  return i < t.size() ? static_cast<unsigned char>(t[i]) : -1;
}

// Everything one worker owns; reused across files so steady state allocates
// nothing.
struct Worker {
  simdjson::dom::parser parser;
  GzipInflater inflater;
  PaddedBuffer raw;
  PaddedBuffer text;
  std::unique_ptr<RecordConsumer> consumer;
  IngestSummary counts;
};

void process_file(Worker& w, const InputFile& in, ErrorReporter& errors) {
  const std::string& name = in.path;
  Status s = in.is_stdin ? read_fd(0, name, w.raw) : read_file(name, w.raw);
  if (!s.ok()) {
    errors.report(name, 0, 0, s.message());
    ++w.counts.skipped_files;
    return;
  }
  w.counts.bytes_read += w.raw.size();

  const PaddedBuffer* text = &w.raw;
  bool truncated = false;
  Status damage;
  if (is_gzip(w.raw.data(), w.raw.size())) {
    w.text.clear();
    damage = w.inflater.inflate(
        std::span(reinterpret_cast<const uint8_t*>(w.raw.data()), w.raw.size()), w.text,
        &truncated);
    text = &w.text;
  }
  std::string_view view(text->data(), text->size());

  int first = first_significant_byte(view);
  if (first != -1 && first != '{' && first != '[') {
    if (damage.ok() && in.from_directory && !looks_like_log_name(name)) {
      ++w.counts.skipped_files;  // README.md, LICENSE... next to the logs
      return;
    }
    if (!damage.ok()) errors.report(name, 0, 0, damage.message());
    char msg[96];
    std::snprintf(msg, sizeof msg, "not a JSON or gzip file (first byte 0x%02x); skipped", first);
    errors.report(name, 0, 0, msg);
    ++w.counts.skipped_files;
    return;
  }
  // The damage is reported before the records it spares, so the message
  // reads as the reason the tail of the file is missing.
  if (!damage.ok()) {
    errors.report(name, 0, 0, damage.message() + "; records before it are still read");
  }
  ++w.counts.files;
  w.counts.bytes_decompressed += view.size();
  SplitCounts c = split_records(view, name, truncated || !damage.ok(), w.parser, *w.consumer,
                                errors);
  w.counts.records += c.records;
  w.counts.skipped_records += c.skipped;
  w.consumer->on_file_done(name);
}

void run_worker(Worker& w, const std::vector<InputFile>& files, std::atomic<size_t>& next,
                ErrorReporter& errors) {
  for (;;) {
    size_t i = next.fetch_add(1, std::memory_order_relaxed);
    if (i >= files.size()) return;
    try {
      process_file(w, files[i], errors);
    } catch (const std::bad_alloc&) {
      errors.report(files[i].path, 0, 0, "out of memory while reading; rest of file skipped");
      ++w.counts.skipped_files;
    } catch (const std::exception& e) {
      errors.report(files[i].path, 0, 0,
                    std::string("internal error: ") + e.what() + "; rest of file skipped");
      ++w.counts.skipped_files;
    } catch (...) {
      errors.report(files[i].path, 0, 0, "internal error; rest of file skipped");
      ++w.counts.skipped_files;
    }
  }
}

}  // namespace

IngestSummary read_inputs(const std::vector<std::string>& inputs, const IngestOptions& options,
                          const ConsumerFactory& make_consumer, ErrorReporter& errors) {
  const uint64_t errors_before = errors.count();
  IngestSummary total;
  ExpandedInputs expanded;
  try {
    expanded = expand_inputs(inputs, errors);
  } catch (const std::exception& e) {
    errors.report("<inputs>", 0, 0, std::string("internal error listing inputs: ") + e.what());
  }
  total.skipped_files = expanded.skipped_files;
  const std::vector<InputFile>& files = expanded.files;

  size_t n = options.threads > 0 ? static_cast<size_t>(options.threads)
                                 : std::max(1u, std::thread::hardware_concurrency());
  n = std::min(n, files.size());

  std::vector<std::unique_ptr<Worker>> workers;
  try {
    for (size_t i = 0; i < n; ++i) {
      auto w = std::make_unique<Worker>();
      w->consumer = make_consumer(static_cast<int>(i));
      if (!w->consumer) {
        errors.report("<inputs>", 0, 0, "internal error: no record consumer for a worker");
        break;
      }
      workers.push_back(std::move(w));
    }
  } catch (const std::exception& e) {
    errors.report("<inputs>", 0, 0, std::string("internal error creating workers: ") + e.what());
  }

  std::atomic<size_t> next{0};
  if (!workers.empty()) {
    std::vector<std::thread> threads;
    for (size_t i = 1; i < workers.size(); ++i) {
      try {
        threads.emplace_back(run_worker, std::ref(*workers[i]), std::cref(files), std::ref(next),
                             std::ref(errors));
      } catch (const std::system_error&) {
        break;  // fewer threads: the remaining workers take the queue
      }
    }
    run_worker(*workers[0], files, next, errors);
    for (auto& t : threads) t.join();
  }
  // Files nobody could take (no consumer) are still accounted for.
  size_t done = std::min(next.load(), files.size());
  if (workers.empty()) total.skipped_files += files.size() - done;

  for (auto& w : workers) {
    const IngestSummary& c = w->counts;
    total.files += c.files;
    total.records += c.records;
    total.bytes_read += c.bytes_read;
    total.bytes_decompressed += c.bytes_decompressed;
    total.skipped_records += c.skipped_records;
    total.skipped_files += c.skipped_files;
    w->consumer.reset();
  }
  total.errors = errors.count() - errors_before;
  return total;
}

}  // namespace trailhound::ingest
