#include "pipeline/scan.h"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <deque>
#include <map>
#include <mutex>

#include "ecs/cloudtrail_normalizer.h"
#include "exec/batch_builder.h"
#include "exec/vector.h"
#include "pipeline/cloudtrail_field_facts.h"
#include "pipeline/deferred_user_agent.h"
#include "pipeline/record_prefilter.h"

namespace trailhound::pipeline {

namespace {

bool reads_index(const ScanTarget& t, std::string_view index) {
  const auto& indices = t.query->source_indices();
  return std::find(indices.begin(), indices.end(), index) != indices.end();
}

// Each field of the lists once, by name (the first type seen), in name order.
std::vector<SchemaField> merge_fields(const std::vector<const std::vector<SchemaField>*>& lists) {
  std::map<std::string, DataType> fields;
  for (const auto* list : lists)
    for (const SchemaField& f : *list) fields.emplace(f.name, f.type);
  std::vector<SchemaField> out;
  for (auto& [name, type] : fields) out.push_back(SchemaField{name, type});
  return out;
}

const std::vector<SchemaField> kTimestampField{SchemaField{"@timestamp", DataType::Datetime}};

// The union of the fields every query reads from `index` (plus @timestamp for
// the time filter), each once.
std::vector<SchemaField> union_fields(const std::vector<ScanTarget>& targets, std::string_view index,
                                      bool need_timestamp) {
  std::vector<std::vector<SchemaField>> needed;
  for (const ScanTarget& t : targets)
    if (reads_index(t, index)) needed.push_back(t.query->needed_fields(index));
  std::vector<const std::vector<SchemaField>*> lists;
  for (const auto& n : needed) lists.push_back(&n);
  if (need_timestamp) lists.push_back(&kTimestampField);
  return merge_fields(lists);
}

// Keeps only the rows whose @timestamp lies in [since, until). Rows without a
// timestamp cannot be placed in the range and are dropped too.
Batch filter_time(const Batch& in, std::optional<int64_t> since, std::optional<int64_t> until,
                  uint64_t& dropped) {
  const int ts = in.find("@timestamp");
  std::vector<uint32_t> keep;
  keep.reserve(in.rows());
  for (size_t r = 0; r < in.rows(); ++r) {
    bool ok = false;
    if (ts >= 0) {
      const Column& c = *in.columns[ts].column;
      if (c.count(r) == 1) {
        const int64_t v = c.i64[c.begin(r)];
        ok = (!since || v >= *since) && (!until || v < *until);
      }
    }
    if (ok) keep.push_back(static_cast<uint32_t>(r));
  }
  dropped += in.rows() - keep.size();
  if (keep.size() == in.rows()) return in;
  return gather_rows(in, keep);
}

// Runs the queries of one index on the reader threads themselves, on the
// batches they have just built (still in their caches). A QueryRun is not
// thread-safe, so each query has a lock and a queue: a reader queues its batch
// there and, unless another reader is running that query, runs the query on
// everything queued — its own batch and any others'. A reader waits for
// another's query only when kMaxPending batches are already queued, which
// bounds memory when the queries are slower than reading. Readers apply the
// time range once, before fan-out; every batch is shared, not copied.
class QueryFanout {
 public:
  // `deferred`: per target, the fields to fill before its query reads them (null: none).
  QueryFanout(std::string_view index, const std::vector<const ScanTarget*>& targets, const ScanOptions& options,
              const std::vector<DeferralPlan>* deferred = nullptr)
      : index_(index), options_(options), slots_(targets.size()) {
    for (size_t i = 0; i < targets.size(); ++i) {
      slots_[i].target = targets[i];
      if (deferred && !(*deferred)[i].empty()) slots_[i].deferred = &(*deferred)[i];
    }
  }
  ~QueryFanout() { close(); }

  // Called by reader threads. `keeps`: which of the index's queries may keep
  // the batch's rows (one flag per query, in target order; null: all); the
  // others never see it.
  void push(Batch raw, const std::shared_ptr<const std::vector<uint8_t>>& keeps) {
    if (options_.since_ms || options_.until_ms) {
      uint64_t dropped = 0;
      raw = filter_time(raw, options_.since_ms, options_.until_ms, dropped);
      out_of_range_.fetch_add(dropped, std::memory_order_relaxed);
    }
    if (raw.rows() == 0) return;
    events_.fetch_add(raw.rows(), std::memory_order_relaxed);
    auto batch = std::make_shared<const Batch>(std::move(raw));
    for (size_t i = 0; i < slots_.size(); ++i)
      if (!keeps || (*keeps)[i]) deliver(slots_[i], batch);
  }

  // Runs whatever is still queued (nothing, once every push has returned).
  void close() {
    for (Slot& slot : slots_) {
      std::lock_guard run(slot.run_mu);
      drain(slot);
    }
  }

  uint64_t events() const { return events_.load(); }
  uint64_t out_of_range() const { return out_of_range_.load(); }
  uint64_t query_errors() const { return query_errors_.load(); }
  Status first_error() {
    std::lock_guard lock(error_mu_);
    return first_error_;
  }

 private:
  static constexpr size_t kMaxPending = 8;
  struct Slot {
    const ScanTarget* target = nullptr;
    const DeferralPlan* deferred = nullptr;  // fields this query has filled when a batch lacks them
    std::mutex run_mu;    // held while the query runs
    std::mutex queue_mu;  // guards pending
    std::deque<std::shared_ptr<const Batch>> pending;
  };

  void deliver(Slot& slot, const std::shared_ptr<const Batch>& batch) {
    bool full;
    {
      std::lock_guard q(slot.queue_mu);
      slot.pending.push_back(batch);
      full = slot.pending.size() > kMaxPending;
    }
    std::unique_lock run(slot.run_mu, std::defer_lock);
    if (full) {
      run.lock();
    } else if (!run.try_lock()) {
      return;  // the reader running the query will run this batch too
    }
    for (;;) {
      drain(slot);
      run.unlock();
      // A batch queued after the drain, whose reader found the query running,
      // is ours to run unless someone else has taken the lock since.
      {
        std::lock_guard q(slot.queue_mu);
        if (slot.pending.empty()) return;
      }
      if (!run.try_lock()) return;
    }
  }

  // With slot.run_mu held: runs the query on every queued batch.
  void drain(Slot& slot) {
    for (;;) {
      std::shared_ptr<const Batch> b;
      {
        std::lock_guard q(slot.queue_mu);
        if (slot.pending.empty()) return;
        b = std::move(slot.pending.front());
        slot.pending.pop_front();
      }
      Status st;
      if (slot.deferred && lacks_deferred(*b, *slot.deferred))
        st = slot.target->run->push(index_, complete(*b, *slot.deferred, *options_.user_agents));
      else
        st = slot.target->run->push(index_, *b);
      if (st.ok()) continue;
      query_errors_.fetch_add(1, std::memory_order_relaxed);
      std::lock_guard lock(error_mu_);
      if (first_error_.ok()) first_error_ = st;
    }
  }

  std::string index_;
  const ScanOptions& options_;
  std::vector<Slot> slots_;
  std::atomic<uint64_t> events_{0}, out_of_range_{0}, query_errors_{0};
  std::mutex error_mu_;
  Status first_error_;
};

// Adds the metadata Elasticsearch keeps beside `_source`: `_id` (the event's
// own unique id, so re-reading the same event yields the same id) and
// `_version`. Reset per record; its field set is the builder's.
class MetadataSink : public ecs::FieldSink {
 public:
  explicit MetadataSink(BatchBuilder& builder)
      : builder_(builder), want_id_(builder.wants("_id")), want_version_(builder.wants("_version")) {}
  void reset(std::string_view id) { id_ = id; }

  bool wants(std::string_view f) const override { return builder_.wants(f); }
  uint64_t field_set_id() const override { return builder_.field_set_id(); }
  void begin_document() override { builder_.begin_document(); }
  void keyword(std::string_view f, std::string_view v) override { builder_.keyword(f, v); }
  void long_value(std::string_view f, int64_t v) override { builder_.long_value(f, v); }
  void double_value(std::string_view f, double v) override { builder_.double_value(f, v); }
  void boolean(std::string_view f, bool v) override { builder_.boolean(f, v); }
  void datetime(std::string_view f, int64_t v) override { builder_.datetime(f, v); }
  void ip(std::string_view f, std::string_view v) override { builder_.ip(f, v); }
  void json(std::string_view f, std::string_view v) override { builder_.json(f, v); }
  void end_document() override {
    if (want_id_ && !id_.empty()) builder_.keyword("_id", id_);
    if (want_version_) builder_.long_value("_version", 1);
    builder_.end_document();
  }
  bool wants_id() const { return want_id_; }

 private:
  BatchBuilder& builder_;
  const bool want_id_, want_version_;
  std::string_view id_;
};

ecs::CloudTrailNormalizerOptions normalizer_options(const ScanOptions& options) {
  ecs::CloudTrailNormalizerOptions o;
  if (options.read_time_ms != 0) o.read_time_millis = options.read_time_ms;
  return o;
}

// The fields each query reads from raw CloudTrail (in target order), and the
// fields every record needs whoever keeps it.
struct QueryFields {
  std::vector<std::vector<SchemaField>> per_query;  // normalized_fields() of each query
  std::vector<SchemaField> always;
};

// The fields the reader normalizes for a query: what it reads, less what
// `deferred` fills later from the agent (which it then reads).
std::vector<SchemaField> normalized_fields(std::vector<SchemaField> read, const DeferralPlan& deferred) {
  if (deferred.empty()) return read;
  std::erase_if(read, [&](const SchemaField& f) {
    return std::any_of(deferred.fields.begin(), deferred.fields.end(),
                       [&](const SchemaField& d) { return d.name == f.name; });
  });
  const std::vector<SchemaField> agent{SchemaField{std::string(kUserAgentOriginal), DataType::Keyword}};
  return merge_fields({&read, &agent});
}

class CloudTrailConsumer : public ingest::RecordConsumer {
 public:
  CloudTrailConsumer(const QueryFields& fields, const ScanOptions& options, const RecordPrefilter* prefilter,
                     QueryFanout& queue, ingest::ErrorReporter& errors, std::atomic<uint64_t>& unmappable,
                     std::atomic<uint64_t>& pipeline_errors, std::vector<std::atomic<uint64_t>>& marked)
      : marked_(marked),
        fields_(fields),
        prefilter_(prefilter),
        scratch_(prefilter_ ? prefilter_->make_scratch() : nullptr),
        normalizer_(options.user_agents, options.geoip, normalizer_options(options)),
        queue_(queue), errors_(errors), warnings_(options.pipeline_warnings),
        unmappable_(unmappable), pipeline_errors_(pipeline_errors) {}
  ~CloudTrailConsumer() override {
    flush_all();
    if (scratch_)
      for (size_t q = 0; q < scratch_->marked().size(); ++q) marked_[q].fetch_add(scratch_->marked()[q]);
  }

  // Asks the prefilter which queries may keep the record: none → passed over
  // unparsed; else the record goes to the batch of that set of queries, which
  // holds their fields only and is seen by them only.
  void on_text_start() override {
    if (scratch_) scratch_->forget_ahead();
  }

  bool wants(std::string_view raw, std::string_view ahead) override {
    if (!prefilter_) {
      if (!current_) current_ = output_for(std::string());
      return true;
    }
    if (!prefilter_->select(raw, ahead, *scratch_)) return false;
    const std::vector<uint8_t>& keeps = scratch_->keeps();
    // Consecutive records mostly go to the same rule set: no look-up then.
    if (!current_ || !std::equal(keeps.begin(), keeps.end(), current_->keeps->begin())) {
      mask_.assign(keeps.begin(), keeps.end());
      current_ = output_for(mask_);
    }
    return true;
  }

  void on_record(simdjson::dom::element record, const ingest::RecordLocation& where) override {
    Output& out = *current_;
    std::string_view id;
    if (out.sink.wants_id() && record.is_object()) {
      auto ev = record["eventID"];
      if (!ev.error() && ev.is_string()) id = ev.get_string().value_unsafe();
    }
    out.sink.reset(id);
    Status st = normalizer_.normalize(record, out.sink);
    if (!st.ok()) {
      unmappable_.fetch_add(1, std::memory_order_relaxed);
      errors_.report(where.file ? *where.file : std::string(), where.line(), where.offset, st.message());
      return;
    }
    if (const auto& pipeline_errors = normalizer_.pipeline_errors(); !pipeline_errors.empty()) {
      pipeline_errors_.fetch_add(1, std::memory_order_relaxed);
      if (warnings_)
        warnings_->report(where.file ? *where.file : std::string(), where.line(), where.offset,
                          "kept as event.kind: pipeline_error, as Elastic would: " + pipeline_errors.front());
    }
    // Memory: a worker holds at most kBatchRows unsent rows over all its
    // batches, so rare rule sets cannot pile up half-full batches.
    ++buffered_;
    if (out.builder.rows() >= kBatchRows) {
      buffered_ -= out.builder.rows();
      flush(out);
    } else if (buffered_ >= kBatchRows) {
      flush_largest();
    }
  }

 private:
  // The batch being filled for one set of queries.
  struct Output {
    Output(std::vector<SchemaField> fields, std::shared_ptr<const std::vector<uint8_t>> keeps)
        : builder(std::move(fields)), sink(builder), keeps(std::move(keeps)) {}
    BatchBuilder builder;
    MetadataSink sink;  // wraps builder
    std::shared_ptr<const std::vector<uint8_t>> keeps;  // null: every query
  };
  // Distinct query sets a worker keeps batches for; a trail shows few. Past
  // this many, all are flushed and started afresh (bounded memory).
  static constexpr size_t kMaxOutputs = 64;

  // `mask`: one byte per query, "" for all queries.
  Output* output_for(const std::string& mask) {
    auto it = outputs_.find(mask);
    if (it != outputs_.end()) return it->second.get();
    if (outputs_.size() >= kMaxOutputs) flush_all(), outputs_.clear();
    std::vector<const std::vector<SchemaField>*> lists{&fields_.always};
    for (size_t q = 0; q < fields_.per_query.size(); ++q)
      if (mask.empty() || mask[q]) lists.push_back(&fields_.per_query[q]);
    // A deferred field stays in when another query of the set reads it as
    // normalized: the batch then has it, and no query fills it again.
    std::vector<SchemaField> list = merge_fields(lists);
    std::shared_ptr<const std::vector<uint8_t>> keeps;
    if (!mask.empty()) keeps = std::make_shared<const std::vector<uint8_t>>(mask.begin(), mask.end());
    auto out = std::make_unique<Output>(std::move(list), std::move(keeps));
    return outputs_.emplace(mask, std::move(out)).first->second.get();
  }

  void flush(Output& out) {
    if (out.builder.rows() > 0) queue_.push(out.builder.take(), out.keeps);
  }
  // Flushes the fullest batches until at most half the budget is held: rare
  // rule sets keep filling theirs (a flush of every batch would send each
  // query many small ones, and a batch costs a query a fixed part).
  void flush_largest() {
    std::vector<Output*> by_rows;
    for (auto& [mask, out] : outputs_)
      if (out->builder.rows() > 0) by_rows.push_back(out.get());
    std::sort(by_rows.begin(), by_rows.end(),
              [](const Output* a, const Output* b) { return a->builder.rows() > b->builder.rows(); });
    for (Output* out : by_rows) {
      if (buffered_ <= kBatchRows / 2) break;
      buffered_ -= out->builder.rows();
      flush(*out);
    }
  }
  void flush_all() {
    for (auto& [mask, out] : outputs_) flush(*out);
    buffered_ = 0;
  }

  std::vector<std::atomic<uint64_t>>& marked_;
  const QueryFields& fields_;
  const RecordPrefilter* prefilter_;  // null: every record, every field, every query
  std::unique_ptr<RecordPrefilter::Scratch> scratch_;
  std::string mask_;
  std::map<std::string, std::unique_ptr<Output>> outputs_;
  Output* current_ = nullptr;
  size_t buffered_ = 0;  // rows in all outputs, not yet sent
  ecs::CloudTrailNormalizer normalizer_;
  QueryFanout& queue_;
  ingest::ErrorReporter& errors_;
  ingest::ErrorReporter* warnings_;
  std::atomic<uint64_t>& unmappable_;
  std::atomic<uint64_t>& pipeline_errors_;
};

}  // namespace

Result<ScanStats> scan(const DataSources& sources, const std::vector<ScanTarget>& targets,
                       const ScanOptions& options, ingest::ErrorReporter& errors) {
  ScanStats stats;
  stats.prefilter.assign(targets.size(), std::string());
  const bool time_range = options.since_ms || options.until_ms;
  Status first_error;

  auto push_all = [&](std::string_view index, const Batch& raw) {
    Batch filtered;
    const Batch* batch = &raw;
    if (time_range) {
      filtered = filter_time(raw, options.since_ms, options.until_ms, stats.out_of_range);
      batch = &filtered;
    }
    if (batch->rows() == 0) return;
    stats.events += batch->rows();
    for (const ScanTarget& t : targets) {
      if (!reads_index(t, index)) continue;
      Status st = t.run->push(index, *batch);
      if (!st.ok()) {
        ++stats.query_errors;
        if (first_error.ok()) first_error = st;
      }
    }
  };

  // Document indices: replay the recorded documents into batches.
  for (const auto& [name, di] : sources.document_indices()) {
    bool used = false;
    for (const ScanTarget& t : targets) used = used || reads_index(t, name);
    if (!used) continue;
    BatchBuilder builder(union_fields(targets, name, time_range));
    for (const RecordedDocument& doc : di.documents) {
      replay(doc, builder);
      if (builder.rows() >= kBatchRows) push_all(name, builder.take());
    }
    if (builder.rows() > 0) push_all(name, builder.take());
  }

  // Raw CloudTrail: reader threads normalize into batches and run the queries
  // on them (QueryFanout).
  std::vector<const ScanTarget*> ct_targets;
  for (const ScanTarget& t : targets)
    if (reads_index(t, kCloudTrailIndex)) ct_targets.push_back(&t);
  if (!ct_targets.empty() && !sources.cloudtrail_inputs().empty()) {
    std::atomic<uint64_t> unmappable{0}, pipeline_errors{0};
    std::vector<std::atomic<uint64_t>> marked(ct_targets.size());
    std::shared_ptr<const RecordPrefilter> prefilter;
    QueryFields query_fields;
    std::vector<DeferralPlan> deferred;
    for (const ScanTarget* t : ct_targets) {
      deferred.push_back(options.defer_user_agent ? plan_deferral(*t->query, options.user_agents.get())
                                                  : DeferralPlan{});
      query_fields.per_query.push_back(normalized_fields(t->query->needed_fields(kCloudTrailIndex), deferred.back()));
    }
    if (time_range) query_fields.always = kTimestampField;  // the time filter reads it
    if (options.prefilter) {
      const CloudTrailFieldFacts facts(normalizer_options(options),
                                       options.user_agents != nullptr, options.geoip.get());
      std::vector<esql::Requirement> requirements;
      for (const ScanTarget* t : ct_targets)
        requirements.push_back(t->syntax ? esql::row_requirements(*t->syntax, facts) : esql::Requirement::anything());
      auto built = RecordPrefilter::build(requirements, options.user_agents.get());
      if (!built.ok()) return built.status();
      prefilter = built.value();
      stats.prefilter_active = prefilter->skips_records();
      for (size_t i = 0; i < ct_targets.size(); ++i)
        stats.prefilter[ct_targets[i] - targets.data()] = prefilter->description()[i];
    }
    QueryFanout fanout(kCloudTrailIndex, ct_targets, options, &deferred);
    ingest::IngestOptions io;
    io.threads = std::max(1, options.threads);
    // Batches are independent of record order, so one large plain file may be
    // shared by all reader threads (and is mapped, not read, to bound memory).
    io.split_min_bytes = size_t{32} << 20;
    stats.ingest = ingest::read_inputs(
        sources.cloudtrail_inputs(), io,
        [&](int) {
          return std::make_unique<CloudTrailConsumer>(query_fields, options, prefilter.get(), fanout, errors,
                                                      unmappable, pipeline_errors, marked);
        },
        errors);
    fanout.close();
    stats.unmappable = unmappable.load();
    if (prefilter) {
      stats.prefilter_marked.assign(targets.size(), 0);
      for (size_t i = 0; i < ct_targets.size(); ++i) stats.prefilter_marked[ct_targets[i] - targets.data()] = marked[i].load();
    }
    stats.pipeline_errors = pipeline_errors.load();
    stats.events += fanout.events();
    stats.out_of_range += fanout.out_of_range();
    stats.query_errors += fanout.query_errors();
    if (Status st = fanout.first_error(); !st.ok() && first_error.ok()) first_error = st;
  }
  if (!first_error.ok()) return first_error;
  return stats;
}

}  // namespace trailhound::pipeline
