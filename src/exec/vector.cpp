#include "exec/vector.h"

#include <charconv>

namespace trailhound {

Column null_column(DataType type, size_t rows) {
  Column c(type);
  c.offsets.assign(rows + 1, 0);
  return c;
}

Vec null_vec(DataType type) { return Vec{std::make_shared<const Column>(null_column(type, 1)), true}; }

ColumnPtr materialize(const Vec& v, size_t rows) {
  if (!v.constant && v.col->rows() == rows) return v.col;
  Column out(v.col->type);
  const uint32_t n = v.col->count(0);
  if (n == 0) return std::make_shared<const Column>(null_column(v.col->type, rows));
  out.reserve(rows, rows * n);
  for (size_t r = 0; r < rows; ++r) out.append_from(*v.col, 0);
  return std::make_shared<const Column>(std::move(out));
}

Column gather(const Column& src, const std::vector<uint32_t>& rows) {
  Column out(src.type);
  out.reserve(rows.size(), rows.size());
  for (uint32_t r : rows) out.append_from(src, r);
  return out;
}

Batch gather_rows(const Batch& in, const std::vector<uint32_t>& rows) {
  Batch out;
  out.row_count = rows.size();
  for (const NamedColumn& nc : in.columns) out.columns.push_back({nc.name, std::make_shared<const Column>(gather(*nc.column, rows))});
  return out;
}

std::vector<uint32_t> rows_kept(const Vec& cond, size_t rows) {
  std::vector<uint32_t> keep;
  if (cond.type() != DataType::Boolean) return keep;
  keep.reserve(rows);
  for (size_t r = 0; r < rows; ++r)
    if (cond.count(r) == 1 && cond.c().i64[cond.begin(r)]) keep.push_back(static_cast<uint32_t>(r));
  return keep;
}

void append_column(Column& dst, const Column& src) {
  for (size_t r = 0; r < src.rows(); ++r) dst.append_from(src, r);
}

namespace {

int cmp_i64(int64_t a, int64_t b) { return a < b ? -1 : a > b ? 1 : 0; }
int cmp_f64(double a, double b) {
  // Java Double.compare: -0.0 < 0.0, NaN greatest.
  if (a < b) return -1;
  if (a > b) return 1;
  return 0;
}

}  // namespace

int compare_versions(std::string_view a, std::string_view b) {
  // Split on '.', compare numeric parts numerically, others bytewise; a
  // pre-release suffix ("-alpha") sorts before the release.
  auto split_pre = [](std::string_view s, std::string_view& main, std::string_view& pre) {
    size_t d = s.find_first_of("-+");
    main = s.substr(0, d);
    pre = d == std::string_view::npos ? std::string_view() : s.substr(d);
  };
  std::string_view am, ap, bm, bp;
  split_pre(a, am, ap);
  split_pre(b, bm, bp);
  while (!am.empty() || !bm.empty()) {
    if (am.empty()) return -1;
    if (bm.empty()) return 1;
    size_t ad = am.find('.'), bd = bm.find('.');
    std::string_view x = am.substr(0, ad), y = bm.substr(0, bd);
    am = ad == std::string_view::npos ? std::string_view() : am.substr(ad + 1);
    bm = bd == std::string_view::npos ? std::string_view() : bm.substr(bd + 1);
    uint64_t xn = 0, yn = 0;
    auto rx = std::from_chars(x.data(), x.data() + x.size(), xn);
    auto ry = std::from_chars(y.data(), y.data() + y.size(), yn);
    const bool xnum = rx.ec == std::errc() && rx.ptr == x.data() + x.size() && !x.empty();
    const bool ynum = ry.ec == std::errc() && ry.ptr == y.data() + y.size() && !y.empty();
    if (xnum && ynum) {
      if (xn != yn) return xn < yn ? -1 : 1;
    } else if (xnum != ynum) {
      return xnum ? -1 : 1;
    } else if (int c = x.compare(y); c != 0) {
      return c < 0 ? -1 : 1;
    }
  }
  if (ap.empty() != bp.empty()) return ap.empty() ? 1 : -1;
  int c = ap.compare(bp);
  return c < 0 ? -1 : c > 0 ? 1 : 0;
}

int compare_values(const Column& a, uint32_t ai, const Column& b, uint32_t bi) {
  const DataType ta = a.type, tb = b.type;
  if (ta == DataType::Double || tb == DataType::Double) return cmp_f64(num_at(a, ai), num_at(b, bi));
  if (ta == DataType::UnsignedLong || tb == DataType::UnsignedLong) {
    if (ta == tb)
      return static_cast<uint64_t>(a.i64[ai]) < static_cast<uint64_t>(b.i64[bi]) ? -1
             : a.i64[ai] == b.i64[bi]                                             ? 0
                                                                                  : 1;
    const bool a_ul = ta == DataType::UnsignedLong;
    const int64_t s = a_ul ? b.i64[bi] : a.i64[ai];
    const uint64_t u = static_cast<uint64_t>(a_ul ? a.i64[ai] : b.i64[bi]);
    int r = (s < 0 || static_cast<uint64_t>(s) < u) ? -1 : static_cast<uint64_t>(s) == u ? 0 : 1;
    return a_ul ? -r : r;
  }
  if (ta == DataType::DateNanos && tb == DataType::Datetime)
    return cmp_i64(a.i64[ai], b.i64[bi] * 1000000);
  if (ta == DataType::Datetime && tb == DataType::DateNanos)
    return cmp_i64(a.i64[ai] * 1000000, b.i64[bi]);
  if (is_int64_backed(ta)) return cmp_i64(a.i64[ai], b.i64[bi]);
  if (ta == DataType::Version) return compare_versions(a.str[ai], b.str[bi]);
  int c = std::string_view(a.str[ai]).compare(b.str[bi]);
  return c < 0 ? -1 : c > 0 ? 1 : 0;
}

}  // namespace trailhound
