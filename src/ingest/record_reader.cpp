#include "ingest/record_reader.h"

#include <simdjson.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <filesystem>
#include <deque>
#include <mutex>
#include <cstdio>
#include <cstring>
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
  w.counts.records_unparsed += c.unparsed;
  w.counts.skipped_records += c.skipped;
  w.consumer->on_file_done(name);
}

// ---- one large plain file cut into record ranges (IngestOptions::split_min_bytes) ----
//
// Range k (0 <= k < n) starts at begin(k) and ends where range k+1 starts. The
// start of range j >= 1 is found lazily, by whoever first needs it: the worker
// that takes range j (to start there), or the worker of an earlier range when it
// reaches the target offset (to stop there). Until then the earlier range never
// passes target(j), since begin(j) >= target(j). A start that cannot be found
// (e.g. a damaged array before the target) merges range j into range j-1.
// Drops the mapped pages a sequential pass has left behind (keeping the last
// MB: the value being scanned may start before the reported offset).
// Also maps the pages ahead of the reader in bulk (one call per few MB is
// cheaper than a page fault per few pages).
class Releaser : public RangeControl {
 public:
  explicit Releaser(const MappedFile& map, size_t from = 0) : map_(map), released_(from), populated_(from) {
    progress(from);
  }
  bool stop_at(size_t) override { return false; }
  void progress(size_t p) override {
    constexpr size_t kKeep = size_t{1} << 20, kAhead = size_t{4} << 20;
    if (p > released_ + kKeep) {
      map_.release(released_, p - kKeep);
      released_ = p - kKeep;
    }
    if (p + kAhead > populated_ && populated_ < map_.size()) {
      const size_t to = std::min(map_.size(), std::max(populated_, p) + 2 * kAhead);
      map_.populate(std::max(populated_, p), to);
      populated_ = to;
    }
  }

 private:
  const MappedFile& map_;
  size_t released_;
  size_t populated_;
};

struct SplitFile {
  const InputFile* in = nullptr;
  std::unique_ptr<MappedFile> map;
  FileLayout layout;
  size_t ranges = 1;
  std::vector<size_t> target;  // target[j]: range j starts at or after this offset

  std::mutex mu;
  std::condition_variable cv;
  enum class State { Pending, Computing, Done };
  std::vector<State> state;
  std::vector<size_t> begin;  // npos: no range j (merged into j-1)

  std::string_view text() const { return {map->data(), map->size()}; }

  size_t resolve(size_t j) {
    std::unique_lock lock(mu);
    if (state[j] == State::Pending) {
      state[j] = State::Computing;
      lock.unlock();
      size_t b = std::string_view::npos;
      try {
        Releaser behind(*map);  // the scan's pages are not kept resident
        b = find_range_start(text(), layout, target[j], &behind);
      } catch (...) {
      }
      lock.lock();
      begin[j] = b;
      state[j] = State::Done;
      cv.notify_all();
    }
    cv.wait(lock, [&] { return state[j] == State::Done; });
    return begin[j];
  }
};

class RangeStop : public RangeControl {
 public:
  RangeStop(SplitFile& f, size_t range, size_t start) : f_(f), range_(range), behind_(*f.map, start) {}
  bool stop_at(size_t p) override {
    for (size_t j = range_ + 1; j < f_.ranges; ++j) {
      if (p < f_.target[j]) return false;
      size_t b = f_.resolve(j);
      if (b != std::string_view::npos) return p >= b;
    }
    return false;
  }
  void progress(size_t p) override { behind_.progress(p); }

 private:
  SplitFile& f_;
  size_t range_;
  Releaser behind_;
};

struct Task {
  std::shared_ptr<SplitFile> file;
  size_t range = 0;
};

// Hands out files and split ranges. A worker waits (rather than exits) while
// another worker is still opening a file that may yield ranges.
class Scheduler {
 public:
  explicit Scheduler(const std::vector<InputFile>& files) : files_(files) {}
  // A file index (opening() until opened()), a range, or false when done.
  bool next(size_t& file, Task& task) {
    std::unique_lock lock(mu_);
    for (;;) {
      if (!tasks_.empty()) {
        task = std::move(tasks_.front());
        tasks_.pop_front();
        file = std::string_view::npos;
        return true;
      }
      if (next_file_ < files_.size()) {
        file = next_file_++;
        ++opening_;
        return true;
      }
      if (opening_ == 0) return false;
      cv_.wait(lock);
    }
  }
  void opened(std::vector<Task> tasks) {
    std::lock_guard lock(mu_);
    --opening_;
    for (Task& t : tasks) tasks_.push_back(std::move(t));
    cv_.notify_all();
  }
  size_t files_taken() const {
    std::lock_guard lock(mu_);
    return next_file_;
  }

 private:
  const std::vector<InputFile>& files_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Task> tasks_;
  size_t next_file_ = 0;
  size_t opening_ = 0;
};

void run_range(Worker& w, SplitFile& f, size_t k, ErrorReporter& errors) {
  size_t start = 0;
  uint64_t line = 1;
  if (k > 0) {
    start = f.resolve(k);
    if (start == std::string_view::npos) return;  // merged into range k-1
    // Line number of the range's first byte: newlines before it, counted in
    // chunks so the pages can be dropped behind the count.
    std::string_view t = f.text();
    Releaser behind(*f.map);
    constexpr size_t kChunk = size_t{8} << 20;
    for (size_t p = 0; p < start; p += kChunk) {
      const char* q = t.data() + p;
      const char* e = t.data() + std::min(start, p + kChunk);
      while (const void* nl = std::memchr(q, '\n', static_cast<size_t>(e - q))) {
        ++line;
        q = static_cast<const char*>(nl) + 1;
      }
      behind.progress(static_cast<size_t>(e - t.data()));
    }
  }
  RangeStop stop(f, k, start);
  SplitCounts c = split_range(f.text(), f.layout, start, line, f.in->path, stop, w.parser,
                              *w.consumer, errors);
  w.counts.records += c.records;
  w.counts.records_unparsed += c.unparsed;
  w.counts.skipped_records += c.skipped;
  w.consumer->on_file_done(f.in->path);
}

// Maps a large plain file and cuts it into ranges; returns null when the file
// takes the ordinary path (small, gzip, not JSON, unmappable). `work_after`:
// estimated bytes of the files queued after this one. Cutting costs a pre-scan
// of the file up to each cut (record starts of a JSON array cannot be found
// from the middle), so a file is cut only when the other workers might run out
// of whole files before it is done (the queued work is under twice its size
// per other worker: the last few files are cut, which also evens out the end);
// otherwise it is one range (still mapped, pages dropped behind the reader).
std::shared_ptr<SplitFile> open_split(const InputFile& in, size_t min_bytes, size_t workers,
                                      uint64_t work_after) {
  if (min_bytes == 0 || in.is_stdin) return nullptr;
  auto map = MappedFile::open(in.path, min_bytes);
  if (!map) return nullptr;
  std::string_view text(map->data(), map->size());
  if (is_gzip(map->data(), map->size())) return nullptr;
  int first = first_significant_byte(text);
  if (first != '{' && first != '[') return nullptr;  // the ordinary path reports it
  auto f = std::make_shared<SplitFile>();
  f->in = &in;
  f->layout = detect_layout(text);
  const bool others_busy = workers > 1 && 2 * map->size() <= work_after / (workers - 1);
  f->ranges = others_busy ? 1 : std::max<size_t>(1, workers);
  f->target.resize(f->ranges);
  f->state.assign(f->ranges, SplitFile::State::Pending);
  f->begin.assign(f->ranges, std::string_view::npos);
  for (size_t j = 1; j < f->ranges; ++j) f->target[j] = text.size() / f->ranges * j;
  f->map = std::move(map);
  return f;
}

void run_worker(Worker& w, Scheduler& sched, const std::vector<InputFile>& files,
                const std::vector<uint64_t>& work_after, const IngestOptions& options, size_t workers,
                ErrorReporter& errors) {
  for (;;) {
    size_t i;
    Task task;
    if (!sched.next(i, task)) return;
    const std::string& path = task.file ? task.file->in->path : files[i].path;
    try {
      if (task.file) {
        run_range(w, *task.file, task.range, errors);
        continue;
      }
      std::shared_ptr<SplitFile> split;
      try {
        split = open_split(files[i], options.split_min_bytes, workers, work_after[i]);
      } catch (...) {
        sched.opened({});
        throw;
      }
      if (!split) {
        sched.opened({});
        process_file(w, files[i], errors);
        continue;
      }
      ++w.counts.files;
      w.counts.bytes_read += split->map->size();
      w.counts.bytes_decompressed += split->map->size();
      std::vector<Task> tasks;
      for (size_t k = 1; k < split->ranges; ++k) tasks.push_back(Task{split, k});
      sched.opened(std::move(tasks));
      run_range(w, *split, 0, errors);
    } catch (const std::bad_alloc&) {
      errors.report(path, 0, 0, "out of memory while reading; rest of file skipped");
      ++w.counts.skipped_files;
    } catch (const std::exception& e) {
      errors.report(path, 0, 0, std::string("internal error: ") + e.what() + "; rest of file skipped");
      ++w.counts.skipped_files;
    } catch (...) {
      errors.report(path, 0, 0, "internal error; rest of file skipped");
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
  // More workers than files only pay off when a file can be split among them.
  if (options.split_min_bytes == 0) n = std::min(n, files.size());
  if (files.empty()) n = 0;

  std::vector<std::unique_ptr<Worker>> workers;
  try {
    for (size_t i = 0; i < n; ++i) workers.push_back(std::make_unique<Worker>());
  } catch (const std::exception& e) {
    errors.report("<inputs>", 0, 0, std::string("internal error creating workers: ") + e.what());
  }

  // Per file, the work queued after it: bytes of text (gzip counted as ~8x its
  // size, CloudTrail's usual ratio); unknown sizes count as nothing.
  std::vector<uint64_t> work_after(files.size(), 0);
  for (size_t i = files.size(); i-- > 1;) {
    std::error_code ec;
    const uint64_t size = files[i].is_stdin ? 0 : std::filesystem::file_size(files[i].path, ec);
    const bool gz = files[i].path.ends_with(".gz");
    work_after[i - 1] = work_after[i] + (ec ? 0 : gz ? size * 8 : size);
  }

  Scheduler sched(files);
  // Each worker makes its consumer on its own thread: what the consumer
  // allocates (per-record state written for every record) is then that
  // thread's memory, not interleaved with another worker's in cache lines.
  auto work = [&](size_t i, size_t running) {
    Worker& w = *workers[i];
    try {
      w.consumer = make_consumer(static_cast<int>(i));
    } catch (const std::exception& e) {
      errors.report("<inputs>", 0, 0, std::string("internal error creating a record consumer: ") + e.what());
    }
    if (!w.consumer) {
      errors.report("<inputs>", 0, 0, "internal error: no record consumer for a worker");
      return;  // the other workers take the queue
    }
    run_worker(w, sched, files, work_after, options, running, errors);
  };
  if (!workers.empty()) {
    std::vector<std::thread> threads;
    for (size_t i = 1; i < workers.size(); ++i) {
      try {
        threads.emplace_back(work, i, workers.size());
      } catch (const std::system_error&) {
        break;  // fewer threads: the remaining workers take the queue
      }
    }
    work(0, threads.size() + 1);
    for (auto& t : threads) t.join();
  }
  // Files nobody could take (no worker had a consumer) are still accounted for.
  size_t done = std::min(sched.files_taken(), files.size());
  total.skipped_files += files.size() - done;

  for (auto& w : workers) {
    const IngestSummary& c = w->counts;
    total.files += c.files;
    total.records += c.records;
    total.records_unparsed += c.records_unparsed;
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
