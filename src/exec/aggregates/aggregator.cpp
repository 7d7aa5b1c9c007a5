#include "exec/aggregates/aggregator.h"

#include "exec/aggregates/distinct_value_sets.h"

namespace trailhound {

namespace {

template <class F>
void for_each_value(const Vec& in, const std::vector<uint32_t>& rows, const std::vector<uint32_t>& groups, F&& f) {
  if (in.type() == DataType::Null) return;
  for (size_t i = 0; i < rows.size(); ++i) {
    const uint32_t b = in.begin(rows[i]), n = in.count(rows[i]);
    for (uint32_t k = b; k < b + n; ++k) f(groups[i], k);
  }
}

class CountAgg final : public GroupedAggregator {
 public:
  explicit CountAgg(bool all) : all_(all) {}
  void add(const Vec& in, const std::vector<uint32_t>& rows, const std::vector<uint32_t>& groups, EvalContext&) override {
    for (size_t i = 0; i < rows.size(); ++i) {
      grow(groups[i]);
      if (all_) ++counts_[groups[i]];
      else if (in.type() != DataType::Null) counts_[groups[i]] += in.count(rows[i]);
    }
  }
  Column result(size_t begin, size_t end, EvalContext&) override {
    Column c(DataType::Long);
    for (size_t g = begin; g < end; ++g) {
      c.push_i64(g < counts_.size() ? counts_[g] : 0);
      c.end_row();
    }
    return c;
  }

 private:
  void grow(uint32_t g) {
    if (g >= counts_.size()) counts_.resize(g + 1, 0);
  }
  bool all_;
  std::vector<int64_t> counts_;
};

class CountDistinctAgg final : public GroupedAggregator {
 public:
  explicit CountDistinctAgg(DataType arg) : sets_(arg) {}
  void add(const Vec& in, const std::vector<uint32_t>& rows, const std::vector<uint32_t>& groups, EvalContext&) override {
    for_each_value(in, rows, groups, [&](uint32_t g, uint32_t vi) { sets_.add(g, in.c(), vi); });
  }
  Column result(size_t begin, size_t end, EvalContext&) override {
    Column c(DataType::Long);
    for (size_t g = begin; g < end; ++g) {
      c.push_i64(static_cast<int64_t>(sets_.count(g)));
      c.end_row();
    }
    return c;
  }

 private:
  DistinctValueSets sets_;
};

class ValuesAgg final : public GroupedAggregator {
 public:
  explicit ValuesAgg(DataType t) : type_(t), sets_(t) {}
  void add(const Vec& in, const std::vector<uint32_t>& rows, const std::vector<uint32_t>& groups, EvalContext&) override {
    for_each_value(in, rows, groups, [&](uint32_t g, uint32_t vi) { sets_.add(g, in.c(), vi); });
  }
  Column result(size_t begin, size_t end, EvalContext&) override {
    Column c(type_);
    for (size_t g = begin; g < end; ++g) {
      // Elasticsearch leaves VALUES order undefined (hash order per shard).
      // Ascending order makes alerts independent of file order and of which
      // reader thread delivered a batch first.
      sets_.append_sorted(g, c);
      c.end_row();
    }
    return c;
  }

 private:
  DataType type_;
  DistinctValueSets sets_;
};

class MinMaxAgg final : public GroupedAggregator {
 public:
  MinMaxAgg(DataType t, bool max) : store_(t), max_(max) {}
  void add(const Vec& in, const std::vector<uint32_t>& rows, const std::vector<uint32_t>& groups, EvalContext&) override {
    for_each_value(in, rows, groups, [&](uint32_t g, uint32_t vi) {
      if (g >= best_.size()) best_.resize(g + 1, kNone);
      uint32_t& b = best_[g];
      if (b != kNone) {
        const int c = compare_values(in.c(), vi, store_, b);
        if (max_ ? c <= 0 : c >= 0) return;
        overwrite(b, in.c(), vi);
        return;
      }
      b = static_cast<uint32_t>(store_.value_count());
      store_.push_value_from(in.c(), vi);
    });
  }
  Column result(size_t begin, size_t end, EvalContext&) override {
    Column c(store_.type);
    for (size_t g = begin; g < end; ++g) {
      if (g < best_.size() && best_[g] != kNone) c.push_value_from(store_, best_[g]);
      c.end_row();
    }
    return c;
  }

 private:
  static constexpr uint32_t kNone = UINT32_MAX;
  void overwrite(uint32_t slot, const Column& src, uint32_t vi) {
    if (store_.type == DataType::Double) store_.f64[slot] = src.f64[vi];
    else if (is_int64_backed(store_.type)) store_.i64[slot] = src.i64[vi];
    else store_.str.set(slot, src.str[vi]);
  }
  Column store_;
  bool max_;
  std::vector<uint32_t> best_;
};

class SumAgg final : public GroupedAggregator {
 public:
  SumAgg(DataType out, bool avg, WarningSource src) : out_(out), avg_(avg), src_(std::move(src)) {}
  void add(const Vec& in, const std::vector<uint32_t>& rows, const std::vector<uint32_t>& groups, EvalContext&) override {
    const bool dbl = in.type() == DataType::Double || avg_;
    for_each_value(in, rows, groups, [&](uint32_t g, uint32_t vi) {
      if (g >= st_.size()) st_.resize(g + 1);
      State& s = st_[g];
      ++s.count;
      if (dbl) {
        // Kahan summation, as Elasticsearch's compensated sum.
        const double y = num_at(in.c(), vi) - s.comp;
        const double t = s.dsum + y;
        s.comp = (t - s.dsum) - y;
        s.dsum = t;
      } else if (!s.overflow && __builtin_add_overflow(s.lsum, in.c().i64[vi], &s.lsum)) {
        s.overflow = true;
      }
    });
  }
  Column result(size_t begin, size_t end, EvalContext& ctx) override {
    Column c(out_);
    for (size_t g = begin; g < end; ++g) {
      const State* s = g < st_.size() ? &st_[g] : nullptr;
      if (s && s->count > 0) {
        if (avg_) c.push_f64(s->dsum / static_cast<double>(s->count));
        else if (out_ == DataType::Double) c.push_f64(s->dsum);
        else if (s->overflow) ctx.warnings.failure(src_, "java.lang.ArithmeticException: long overflow");
        else c.push_i64(s->lsum);
      }
      c.end_row();
    }
    return c;
  }

 private:
  struct State {
    int64_t count = 0;
    int64_t lsum = 0;
    bool overflow = false;
    double dsum = 0, comp = 0;
  };
  DataType out_;
  bool avg_;
  WarningSource src_;
  std::vector<State> st_;
};

}  // namespace

std::optional<DataType> aggregate_type(AggKind kind, DataType arg) {
  switch (kind) {
    case AggKind::Count:
    case AggKind::CountAll: return DataType::Long;
    case AggKind::CountDistinct:
      if (arg == DataType::Unsupported) return std::nullopt;
      return DataType::Long;
    case AggKind::Values:
    case AggKind::Min:
    case AggKind::Max:
      if (arg == DataType::Unsupported || arg == DataType::DatePeriod || arg == DataType::TimeDuration) return std::nullopt;
      if (arg == DataType::Text && kind != AggKind::Values) return DataType::Keyword;
      return arg;
    case AggKind::Sum:
      if (arg == DataType::Null) return DataType::Null;  // SUM(null) is a typed null
      if (!is_numeric(arg)) return std::nullopt;
      return arg == DataType::Double ? DataType::Double : arg == DataType::UnsignedLong ? DataType::UnsignedLong : DataType::Long;
    case AggKind::Avg:
      if (arg == DataType::Null) return DataType::Double;
      if (!is_numeric(arg)) return std::nullopt;
      return DataType::Double;
    default: return std::nullopt;  // resolved in aggregate_resolution.cpp
  }
}

std::unique_ptr<GroupedAggregator> make_aggregator(const AggregateSpec& s) {
  switch (s.kind) {
    case AggKind::Count: return std::make_unique<CountAgg>(false);
    case AggKind::CountAll: return std::make_unique<CountAgg>(true);
    case AggKind::CountDistinct: return std::make_unique<CountDistinctAgg>(s.arg->type());
    case AggKind::Values: return std::make_unique<ValuesAgg>(s.type);
    case AggKind::Min: return std::make_unique<MinMaxAgg>(s.type, false);
    case AggKind::Max: return std::make_unique<MinMaxAgg>(s.type, true);
    case AggKind::Sum: return std::make_unique<SumAgg>(s.type, false, s.source);
    case AggKind::Avg: return std::make_unique<SumAgg>(s.type, true, s.source);
    case AggKind::First:
    case AggKind::Last: return make_first_last_aggregator(s);
    default: return make_statistical_aggregator(s);
  }
}

}  // namespace trailhound
