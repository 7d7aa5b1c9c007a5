// FIRST(x, sort) / LAST(x, sort): per group, the value(s) of x on the row
// whose sort value is the smallest (FIRST) or largest (LAST).
//
// Semantics: rows whose sort is null are ignored; a multi-valued sort counts
// by its smallest (FIRST) / largest (LAST) value. Rows whose x is null are
// ignored too (the aggregate answers "the earliest value of x"). A
// multi-valued x is returned whole. On equal sort values the first row seen
// wins (Elasticsearch leaves ties unspecified). A group with no such row is
// null.
#include "exec/aggregates/aggregator.h"

namespace trailhound {

namespace {

class FirstLastAgg final : public GroupedAggregator {
 public:
  FirstLastAgg(DataType type, bool last) : type_(type), last_(last) {}

  void add(const Vec& in, const std::vector<uint32_t>& rows, const std::vector<uint32_t>& groups,
           EvalContext& ctx) override {
    add_multi({in, null_vec(DataType::Null)}, rows, groups, ctx);
  }

  void add_multi(const std::vector<Vec>& in, const std::vector<uint32_t>& rows, const std::vector<uint32_t>& groups,
                 EvalContext&) override {
    const Vec& x = in[0];
    const Vec& sort = in[1];
    if (x.type() == DataType::Null || sort.type() == DataType::Null) return;
    for (size_t i = 0; i < rows.size(); ++i) {
      const uint32_t r = rows[i], g = groups[i];
      const uint32_t sn = sort.count(r), xn = x.count(r);
      if (sn == 0 || xn == 0) continue;
      // Datetime/long sort keys compare exactly as integers; doubles as doubles.
      const bool integral = is_int64_backed(sort.type());
      double key_d = 0;
      int64_t key_i = 0;
      for (uint32_t k = 0; k < sn; ++k) {
        const uint32_t vi = sort.begin(r) + k;
        if (integral) {
          const int64_t v = sort.c().i64[vi];
          if (k == 0 || (last_ ? v > key_i : v < key_i)) key_i = v;
        } else {
          const double v = num_at(sort.c(), vi);
          if (k == 0 || (last_ ? v > key_d : v < key_d)) key_d = v;
        }
      }
      if (g >= st_.size()) st_.resize(g + 1);
      State& s = st_[g];
      const bool better = !s.set || (integral ? (last_ ? key_i > s.key_i : key_i < s.key_i)
                                              : (last_ ? key_d > s.key_d : key_d < s.key_d));
      if (!better) continue;
      s.set = true;
      s.key_i = key_i;
      s.key_d = key_d;
      s.value = Column(x.type());
      s.value.append_from(x.c(), x.pos(r));
    }
  }

  Column result(size_t begin, size_t end, EvalContext&) override {
    Column c(type_);
    for (size_t g = begin; g < end; ++g) {
      if (g < st_.size() && st_[g].set) c.append_from(st_[g].value, 0);
      else c.push_null();
    }
    return c;
  }

 private:
  struct State {
    bool set = false;
    int64_t key_i = 0;
    double key_d = 0;
    Column value;  // one position: the chosen row's x
  };
  DataType type_;
  bool last_;
  std::vector<State> st_;
};

}  // namespace

std::unique_ptr<GroupedAggregator> make_first_last_aggregator(const AggregateSpec& s) {
  return std::make_unique<FirstLastAgg>(s.type, s.kind == AggKind::Last);
}

}  // namespace trailhound
