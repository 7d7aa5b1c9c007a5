#include "esql/prepared_query.h"

#include <chrono>

#include "esql/analyzer.h"
#include "esql/planner.h"
#include "exec/vector.h"

namespace trailhound {

namespace {

class Run final : public QueryRun {
 public:
  explicit Run(const PreparedQuery& q) : q_(q), ops_(esql::build_operators(q.plan(), q.options().implicit_limit)) {
    ctx_.now_millis = q.options().now_millis;
    if (ctx_.now_millis == 0)
      ctx_.now_millis = std::chrono::duration_cast<std::chrono::milliseconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count();
    for (const auto& w : q.plan().warnings) ctx_.warnings.add(w);
    for (size_t i = 0; i + 1 < ops_.size(); ++i) ops_[i]->set_next(ops_[i + 1].get());
    if (!ops_.empty()) ops_.back()->set_next(&sink_);
  }

  Status push(std::string_view index, const Batch& batch) override {
    if (finished_) return Status::invalid_input("push() after finish()");
    if (!q_.plan().from_indices) return Status::invalid_input("ROW queries take no input");
    if (done() || batch.rows() == 0) return Status();
    // Shape the batch into the FROM columns the query reads.
    const auto& plan = q_.plan();
    auto needed_it = plan.needed.find(std::string(index));
    if (needed_it == plan.needed.end()) return Status::invalid_input("index [" + std::string(index) + "] is not a source of this query");
    Batch in;
    in.row_count = batch.rows();
    for (const auto& f : needed_it->second) {
      const esql::Attribute* a = find_source(f.name);
      if (!a) continue;
      const int i = batch.find(f.name);
      if (i >= 0 && batch.columns[i].column->type == a->type && batch.columns[i].column->rows() == batch.rows())
        in.columns.push_back({f.name, batch.columns[i].column});
      else
        in.columns.push_back({f.name, std::make_shared<const Column>(null_column(a->type, batch.rows()))});
    }
    if (find_source("_index")) {
      Column c(DataType::Keyword);
      c.push_str(index);
      c.end_row();
      in.columns.push_back({"_index", materialize(Vec{std::make_shared<const Column>(std::move(c)), true}, batch.rows())});
    }
    return feed(std::move(in));
  }

  bool done() const override { return !ops_.empty() && ops_.front()->done(); }

  Result<QueryResult> finish() override {
    if (finished_) return Status::invalid_input("finish() called twice");
    finished_ = true;
    if (!q_.plan().from_indices) {
      Batch one;
      one.row_count = 1;
      if (Status s = feed(std::move(one)); !s.ok()) return s;
    }
    if (!ops_.empty())
      if (Status s = ops_.front()->finish(ctx_); !s.ok()) return s;
    QueryResult r;
    for (const auto& a : q_.plan().output) {
      r.names.push_back(a.name);
      r.types.push_back(a.type == DataType::Text ? DataType::Text : a.type);
      r.columns.emplace_back(a.type);
    }
    for (const auto& b : sink_.batches) {
      for (size_t c = 0; c < r.names.size(); ++c) {
        const int i = b.find(r.names[c]);
        if (i >= 0 && b.columns[i].column->type == r.types[c]) append_column(r.columns[c], *b.columns[i].column);
        else append_column(r.columns[c], null_column(r.types[c], b.rows()));
      }
      r.row_count += b.rows();
    }
    r.warnings = ctx_.warnings.list();
    return r;
  }

 private:
  const esql::Attribute* find_source(std::string_view name) const {
    for (const auto& a : q_.plan().source)
      if (a.name == name) return &a;
    return nullptr;
  }
  Status feed(Batch b) {
    if (ops_.empty()) return sink_.push(std::move(b), ctx_);
    return ops_.front()->push(std::move(b), ctx_);
  }

  const PreparedQuery& q_;
  std::vector<OperatorPtr> ops_;
  CollectOperator sink_;
  EvalContext ctx_;
  bool finished_ = false;
};

}  // namespace

PreparedQuery::PreparedQuery(esql::LogicalPlan plan, QueryOptions options)
    : plan_(std::move(plan)), options_(options) {}

std::vector<SchemaField> PreparedQuery::needed_fields(std::string_view index) const {
  auto it = plan_.needed.find(std::string(index));
  return it == plan_.needed.end() ? std::vector<SchemaField>{} : it->second;
}

std::unique_ptr<QueryRun> PreparedQuery::start() const { return std::make_unique<Run>(*this); }

Result<std::shared_ptr<const PreparedQuery>> prepare(const esql::Query& query, const Catalog& catalog,
                                                     const QueryOptions& options) {
  auto plan = esql::analyze(query, catalog);
  if (!plan.ok()) return plan.status();
  return std::shared_ptr<const PreparedQuery>(std::make_shared<PreparedQuery>(std::move(plan.value()), options));
}

}  // namespace trailhound
