// PERCENTILE/MEDIAN, MEDIAN_ABSOLUTE_DEVIATION, STD_DEV, VARIANCE,
// WEIGHTED_AVG, PRESENT/ABSENT and TOP (esql-semantics.md §5 "Aggregations").
//
// Percentiles are exact: the values of a group are kept and the percentile is
// interpolated linearly between the two closest ranks (rank = p/100 * (n-1)).
// Elasticsearch's TDigest gives the same answer while a group holds fewer
// values than its compression threshold, which covers the conformance data.
#include <algorithm>
#include <cmath>

#include "exec/aggregates/aggregator.h"

namespace trailhound {

namespace {

template <class F>
void each_value(const Vec& in, const std::vector<uint32_t>& rows, const std::vector<uint32_t>& groups, F&& f) {
  if (in.type() == DataType::Null) return;
  for (size_t i = 0; i < rows.size(); ++i) {
    const uint32_t b = in.begin(rows[i]), n = in.count(rows[i]);
    for (uint32_t k = b; k < b + n; ++k) f(groups[i], k);
  }
}

// Percentile of sorted values, linear interpolation between ranks.
double percentile_of_sorted(const std::vector<double>& v, double p) {
  if (v.size() == 1) return v[0];
  const double rank = std::clamp(p, 0.0, 100.0) / 100.0 * static_cast<double>(v.size() - 1);
  const size_t lo = static_cast<size_t>(std::floor(rank));
  const size_t hi = std::min(lo + 1, v.size() - 1);
  const double frac = rank - static_cast<double>(lo);
  if (frac == 0 || v[lo] == v[hi]) return v[lo];
  return v[lo] + (v[hi] - v[lo]) * frac;
}

class CollectingAgg final : public GroupedAggregator {
 public:
  CollectingAgg(bool mad, double p) : mad_(mad), p_(p) {}
  void add(const Vec& in, const std::vector<uint32_t>& rows, const std::vector<uint32_t>& groups, EvalContext&) override {
    each_value(in, rows, groups, [&](uint32_t g, uint32_t vi) {
      if (g >= values_.size()) values_.resize(g + 1);
      values_[g].push_back(num_at(in.c(), vi));
    });
  }
  Column result(size_t begin, size_t end, EvalContext&) override {
    Column c(DataType::Double);
    for (size_t g = begin; g < end; ++g) {
      if (g < values_.size() && !values_[g].empty()) {
        std::vector<double>& v = values_[g];
        std::sort(v.begin(), v.end());
        if (!mad_) {
          c.push_f64(percentile_of_sorted(v, p_));
        } else {
          const double median = percentile_of_sorted(v, 50);
          for (double& x : v) x = std::fabs(x - median);
          std::sort(v.begin(), v.end());
          c.push_f64(percentile_of_sorted(v, 50));
        }
      }
      c.end_row();
    }
    return c;
  }

 private:
  bool mad_;
  double p_;
  std::vector<std::vector<double>> values_;
};

// Welford's online algorithm, as Elasticsearch's WelfordAlgorithm.
class VarianceAgg final : public GroupedAggregator {
 public:
  explicit VarianceAgg(bool stddev) : stddev_(stddev) {}
  void add(const Vec& in, const std::vector<uint32_t>& rows, const std::vector<uint32_t>& groups, EvalContext&) override {
    each_value(in, rows, groups, [&](uint32_t g, uint32_t vi) {
      if (g >= st_.size()) st_.resize(g + 1);
      State& s = st_[g];
      const double x = num_at(in.c(), vi);
      ++s.count;
      const double d = x - s.mean;
      s.mean += d / static_cast<double>(s.count);
      s.m2 += d * (x - s.mean);
    });
  }
  Column result(size_t begin, size_t end, EvalContext&) override {
    Column c(DataType::Double);
    for (size_t g = begin; g < end; ++g) {
      if (g < st_.size() && st_[g].count > 0) {
        const double var = st_[g].m2 / static_cast<double>(st_[g].count);
        c.push_f64(stddev_ ? std::sqrt(var) : var);
      }
      c.end_row();
    }
    return c;
  }

 private:
  struct State {
    int64_t count = 0;
    double mean = 0, m2 = 0;
  };
  bool stddev_;
  std::vector<State> st_;
};

// Elasticsearch's surrogate SUM(x * w) / SUM(w): the product is a
// single-value function (null + warning for multi-values, reported under the
// WEIGHTED_AVG call), SUM(w) counts every weight value, and a zero weight sum
// fails the division with "/ by zero".
class WeightedAvgAgg final : public GroupedAggregator {
 public:
  explicit WeightedAvgAgg(WarningSource src) : src_(std::move(src)) {}
  void add(const Vec& in, const std::vector<uint32_t>& rows, const std::vector<uint32_t>& groups,
           EvalContext& ctx) override {
    add_multi({in, null_vec(DataType::Null)}, rows, groups, ctx);
  }
  void add_multi(const std::vector<Vec>& in, const std::vector<uint32_t>& rows, const std::vector<uint32_t>& groups,
                 EvalContext& ctx) override {
    const Vec& x = in[0];
    const Vec& w = in[1];
    const bool xnull = x.type() == DataType::Null, wnull = w.type() == DataType::Null;
    for (size_t i = 0; i < rows.size(); ++i) {
      const uint32_t g = groups[i];
      if (g >= st_.size()) st_.resize(g + 1);
      State& s = st_[g];
      const uint32_t wn = wnull ? 0 : w.count(rows[i]);
      for (uint32_t k = 0; k < wn; ++k) {
        s.wsum += num_at(w.c(), w.begin(rows[i]) + k);
        s.has_w = true;
      }
      const uint32_t xn = xnull ? 0 : x.count(rows[i]);
      if (xn == 0) continue;
      if (xn > 1) {
        ctx.warnings.failure(src_, kMultiValueFailure);
        continue;
      }
      if (wn == 0) continue;
      if (wn > 1) {
        ctx.warnings.failure(src_, kMultiValueFailure);
        continue;
      }
      s.xwsum += num_at(x.c(), x.begin(rows[i])) * num_at(w.c(), w.begin(rows[i]));
      s.has_xw = true;
    }
  }
  Column result(size_t begin, size_t end, EvalContext& ctx) override {
    Column c(DataType::Double);
    for (size_t g = begin; g < end; ++g) {
      if (g < st_.size() && st_[g].has_xw && st_[g].has_w) {
        if (st_[g].wsum == 0) ctx.warnings.failure(src_, "java.lang.ArithmeticException: / by zero");
        else c.push_f64(st_[g].xwsum / st_[g].wsum);
      }
      c.end_row();
    }
    return c;
  }

 private:
  struct State {
    double xwsum = 0, wsum = 0;
    bool has_xw = false, has_w = false;
  };
  WarningSource src_;
  std::vector<State> st_;
};

class PresentAgg final : public GroupedAggregator {
 public:
  explicit PresentAgg(bool negate) : negate_(negate) {}
  void add(const Vec& in, const std::vector<uint32_t>& rows, const std::vector<uint32_t>& groups, EvalContext&) override {
    for (size_t i = 0; i < rows.size(); ++i) {
      if (groups[i] >= seen_.size()) seen_.resize(groups[i] + 1, false);
      if (in.type() != DataType::Null && in.count(rows[i]) > 0) seen_[groups[i]] = true;
    }
  }
  Column result(size_t begin, size_t end, EvalContext&) override {
    Column c(DataType::Boolean);
    for (size_t g = begin; g < end; ++g) {
      const bool present = g < seen_.size() && seen_[g];
      c.push_i64(present != negate_);
      c.end_row();
    }
    return c;
  }

 private:
  bool negate_;
  std::vector<bool> seen_;
};

// TOP(x, limit, order): the `limit` first values in that order, as one
// multi-value (a single value when only one).
class TopAgg final : public GroupedAggregator {
 public:
  TopAgg(DataType t, int64_t limit, bool asc) : store_(t), limit_(limit), asc_(asc) {}
  void add(const Vec& in, const std::vector<uint32_t>& rows, const std::vector<uint32_t>& groups, EvalContext&) override {
    each_value(in, rows, groups, [&](uint32_t g, uint32_t vi) {
      if (g >= groups_.size()) groups_.resize(g + 1);
      groups_[g].push_back(static_cast<uint32_t>(store_.value_count()));
      store_.push_value_from(in.c(), vi);
      // Keep memory bounded: trim to the limit once the list doubles.
      if (groups_[g].size() >= static_cast<size_t>(2 * limit_ + 64)) trim(groups_[g]);
    });
  }
  Column result(size_t begin, size_t end, EvalContext&) override {
    Column c(store_.type);
    for (size_t g = begin; g < end; ++g) {
      if (g < groups_.size()) {
        trim(groups_[g]);
        for (uint32_t vi : groups_[g]) c.push_value_from(store_, vi);
      }
      c.end_row();
    }
    return c;
  }

 private:
  void trim(std::vector<uint32_t>& v) {
    std::stable_sort(v.begin(), v.end(), [&](uint32_t a, uint32_t b) {
      const int c = compare_values(store_, a, store_, b);
      return asc_ ? c < 0 : c > 0;
    });
    if (v.size() > static_cast<size_t>(limit_)) v.resize(static_cast<size_t>(limit_));
  }
  Column store_;
  int64_t limit_;
  bool asc_;
  std::vector<std::vector<uint32_t>> groups_;
};

}  // namespace

std::unique_ptr<GroupedAggregator> make_statistical_aggregator(const AggregateSpec& s) {
  switch (s.kind) {
    case AggKind::Percentile: return std::make_unique<CollectingAgg>(false, s.param);
    case AggKind::Mad: return std::make_unique<CollectingAgg>(true, 50);
    case AggKind::StdDev: return std::make_unique<VarianceAgg>(true);
    case AggKind::Variance: return std::make_unique<VarianceAgg>(false);
    case AggKind::WeightedAvg: return std::make_unique<WeightedAvgAgg>(s.source);
    case AggKind::Present: return std::make_unique<PresentAgg>(s.negate);
    case AggKind::Top: return std::make_unique<TopAgg>(s.type, s.limit, s.ascending);
    default: return nullptr;
  }
}

}  // namespace trailhound
