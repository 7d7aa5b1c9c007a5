#include "ingest/record_reader.h"

#include <simdjson.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
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
  w.counts.records_unparsed += c.unparsed;
  w.counts.skipped_records += c.skipped;
  w.consumer->on_file_done(name);
}

// ---- large plain files, shared by stealing record ranges (IngestOptions::split_min_bytes) ----
//
// A mapped file is read as one range [0, end of file) by the worker that
// opened it. A worker with nothing else to do steals the second half of the
// range with the most left: from the owner's last checkpoint (a record start
// the owner reported, see StealableStop) it scans record boundaries up to the
// middle (record starts of a JSON array cannot be found from an arbitrary
// offset), and the owner is told to stop at the record start found there,
// which becomes the start of a new range of the thief. The owner reports its
// position only every IngestOptions::checkpoint_bytes (a lock per MB); a steal is valid only
// when its cut lies beyond the owner's next report, so the owner is certain
// to see the new end before reaching it. Nothing is scanned twice except by
// the thief, and only while it would otherwise be idle: unlike cutting every
// file ahead, a file costs no pre-scan unless a worker runs out of work.

// Drops the mapped pages a sequential pass has left behind (keeping the last
// MB: the value being scanned may start before the reported offset).
// Also maps the pages ahead of the reader in bulk (one call per few MB is
// cheaper than a page fault per few pages).
class Releaser : public RangeControl {
 public:
  explicit Releaser(const MappedFile& map, size_t from = 0) : map_(map), released_(from), populated_(from) {
    progress(from);
  }
  bool stop_at(size_t) override { return false; }  // as the scan for a cut's progress: it never stops
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

struct MappedJson {
  const InputFile* in = nullptr;
  std::unique_ptr<MappedFile> map;
  FileLayout layout;
  std::atomic<bool> loss_reported{false};
  std::string_view text() const { return {map->data(), map->size()}; }
};

// One worker's share of a mapped file: records starting in [begin, end).
struct Range {
  std::shared_ptr<MappedJson> file;
  size_t begin = 0;
  std::mutex mu;  // guards the fields below
  size_t end = std::string_view::npos;  // npos: the end of the file
  size_t checkpoint = 0;       // a record start the owner has reached (0: not yet one)
  size_t next_checkpoint = 0;  // the owner reports again at the first record start at or past this
  // No cut is looked for while the checkpoint is before this: a scan for one
  // met damage on its way to this point (0: none did).
  size_t no_cut_before = 0;
  bool done = false;
};

// The owner's side of the protocol above, plus page release behind it.
class StealableStop : public RangeControl {
 public:
  StealableStop(Range& r, size_t step) : r_(r), step_(std::max<size_t>(1, step)), behind_(*r.file->map, r.begin) {
    std::lock_guard lock(r_.mu);
    r_.checkpoint = r_.begin;
    r_.next_checkpoint = r_.begin;
  }
  bool stop_at(size_t p) override {
    if (p < limit_) return false;
    std::lock_guard lock(r_.mu);
    if (p >= r_.end) return true;
    r_.checkpoint = p;
    r_.next_checkpoint = p + step_;
    limit_ = std::min(r_.end, r_.next_checkpoint);
    return false;
  }
  void progress(size_t p) override { behind_.progress(p); }

 private:
  Range& r_;
  const size_t step_;
  size_t limit_ = 0;
  Releaser behind_;
};

// Hands out files, then ranges stolen from busy workers. A worker waits
// (rather than steals or exits) while another worker is still opening a file.
class Scheduler {
 public:
  Scheduler(const std::vector<InputFile>& files, const IngestOptions& options)
      : files_(files), min_steal_(std::max<size_t>(1, options.min_steal_bytes)) {}

  // A file index to open (opening() until opened()), or false when no file is
  // left and none is being opened.
  bool next_file(size_t& file) {
    std::unique_lock lock(mu_);
    for (;;) {
      if (next_file_ < files_.size()) {
        file = next_file_++;
        ++opening_;
        return true;
      }
      if (opening_ == 0) return false;
      cv_.wait(lock);
    }
  }
  // The file taken by next_file() is open; `range`, if any, may be stolen from.
  void opened(const std::shared_ptr<Range>& range) {
    std::lock_guard lock(mu_);
    --opening_;
    if (range) active_.push_back(range);
    cv_.notify_all();
  }
  size_t files_taken() const {
    std::lock_guard lock(mu_);
    return next_file_;
  }

  // Takes the second half of the range with the most left; null when no range
  // has at least min_steal_bytes left. A range where no cut was found (damage
  // ahead of the checkpoint) is tried again once its owner has passed the point
  // that scan aimed at — half of what was left each time, so the scans over a
  // damaged file add up to about its length, not to its length squared;
  // meanwhile the others are tried.
  std::shared_ptr<Range> steal() {
    for (int races = 0; races < 4;) {
      std::shared_ptr<Range> victim;
      size_t from = 0, to = 0, best = 0;
      bool wait_for_owner = false;
      {
        std::lock_guard lock(mu_);
        std::erase_if(active_, [](const std::weak_ptr<Range>& w) { return w.expired(); });
        for (const auto& w : active_) {
          const std::shared_ptr<Range> r = w.lock();
          if (!r) continue;
          std::lock_guard rl(r->mu);
          if (r->done) continue;
          const size_t end = std::min(r->end, r->file->map->size());
          const size_t left = end > r->checkpoint ? end - r->checkpoint : 0;
          if (r->checkpoint < r->no_cut_before) {
            wait_for_owner = wait_for_owner || left >= min_steal_;
            continue;
          }
          if (left > best) best = left, victim = r, from = r->checkpoint, to = end;
        }
      }
      if (!victim || best < min_steal_) {
        if (!wait_for_owner) return nullptr;
        std::this_thread::sleep_for(std::chrono::milliseconds(1));  // the owner reports every checkpoint_bytes
        continue;
      }
      const MappedJson& f = *victim->file;
      // `from` is a record start, or where the file's first value starts
      // (then the scan starts at the array).
      const size_t target = from + (to - from) / 2;
      // What the scan reads is dropped behind it, as a reader's is: it may
      // read half of what is left of a large file.
      Releaser behind(*f.map, from);
      const size_t cut = find_range_start(f.text(), f.layout, target, from, &behind);
      if (cut == std::string_view::npos || cut >= to) {  // no record start to cut at from there
        std::lock_guard rl(victim->mu);
        victim->no_cut_before = target;
        continue;
      }
      std::lock_guard lock(mu_);
      {
        std::lock_guard rl(victim->mu);
        const size_t end = std::min(victim->end, f.map->size());
        // The owner may pass `cut` before it next reports: try again from its
        // newer checkpoint.
        if (victim->done || end != to || cut < victim->next_checkpoint) {
          ++races;
          continue;
        }
        auto thief = std::make_shared<Range>();
        thief->file = victim->file;
        thief->begin = cut;
        thief->end = victim->end;
        thief->checkpoint = thief->next_checkpoint = cut;
        victim->end = cut;
        active_.push_back(thief);
        return thief;
      }
    }
    return nullptr;
  }

 private:
  const std::vector<InputFile>& files_;
  const size_t min_steal_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  // The ranges being read (a worker holds each while reading it, so a file is
  // unmapped as soon as its last range is done).
  std::vector<std::weak_ptr<Range>> active_;
  size_t next_file_ = 0;
  size_t opening_ = 0;
};

void run_range(Worker& w, Range& r, size_t checkpoint_bytes, ErrorReporter& errors) {
  const MappedJson& f = *r.file;
  SplitCounts c;
  {
    StealableStop stop(r, checkpoint_bytes);
    c = split_range(f.text(), f.layout, r.begin, f.in->path, stop, w.parser, *w.consumer, errors);
  }
  {
    std::lock_guard lock(r.mu);
    r.done = true;
  }
  if (f.map->lost_pages() && !r.file->loss_reported.exchange(true)) {
    errors.report(f.in->path, 0, 0,
                  "the file shrank while it was read (truncated by another program?): its bytes past the new "
                  "end read as zeros, so records there are missing or reported as malformed");
  }
  w.counts.records += c.records;
  w.counts.records_unparsed += c.unparsed;
  w.counts.skipped_records += c.skipped;
  w.consumer->on_file_done(f.in->path);
}

// Maps a large plain JSON file for reading as a stealable range; null when
// the file takes the ordinary path (small, gzip, not JSON, unmappable).
std::shared_ptr<MappedJson> open_mapped(const InputFile& in, size_t min_bytes) {
  if (min_bytes == 0 || in.is_stdin) return nullptr;
  auto map = MappedFile::open(in.path, min_bytes);
  if (!map) return nullptr;
  std::string_view text(map->data(), map->size());
  if (is_gzip(map->data(), map->size())) return nullptr;
  int first = first_significant_byte(text);
  if (first != '{' && first != '[') return nullptr;  // the ordinary path reports it
  auto f = std::make_shared<MappedJson>();
  f->in = &in;
  f->layout = detect_layout(text);
  f->map = std::move(map);
  return f;
}

void run_worker(Worker& w, Scheduler& sched, const std::vector<InputFile>& files, const IngestOptions& options,
                ErrorReporter& errors) {
  auto guarded = [&](const std::string& path, auto&& work) {
    try {
      work();
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
  };
  size_t i;
  while (sched.next_file(i)) {
    guarded(files[i].path, [&] {
      std::shared_ptr<MappedJson> mapped;
      try {
        mapped = open_mapped(files[i], options.split_min_bytes);
      } catch (...) {
        sched.opened(nullptr);
        throw;
      }
      if (!mapped) {
        sched.opened(nullptr);
        process_file(w, files[i], errors);
        return;
      }
      ++w.counts.files;
      w.counts.bytes_read += mapped->map->size();
      w.counts.bytes_decompressed += mapped->map->size();
      auto range = std::make_shared<Range>();
      range->file = mapped;
      sched.opened(range);
      run_range(w, *range, options.checkpoint_bytes, errors);
    });
  }
  // No file left: help whoever has the most left.
  while (auto range = sched.steal()) {
    ++w.counts.ranges_taken_over;
    guarded(range->file->in->path, [&] { run_range(w, *range, options.checkpoint_bytes, errors); });
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

  Scheduler sched(files, options);
  // Each worker makes its consumer on its own thread: what the consumer
  // allocates (per-record state written for every record) is then that
  // thread's memory, not interleaved with another worker's in cache lines.
  auto work = [&](size_t i) {
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
    run_worker(w, sched, files, options, errors);
    // What the consumer still holds (its last partial batches) is handed on
    // here, on its thread, in parallel with the other workers' ends.
    w.consumer.reset();
  };
  if (!workers.empty()) {
    std::vector<std::thread> threads;
    for (size_t i = 1; i < workers.size(); ++i) {
      try {
        threads.emplace_back(work, i);
      } catch (const std::system_error&) {
        break;  // fewer threads: the remaining workers take the queue
      }
    }
    work(0);
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
    total.ranges_taken_over += c.ranges_taken_over;
  }
  total.errors = errors.count() - errors_before;
  return total;
}

}  // namespace trailhound::ingest
