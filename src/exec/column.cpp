#include "exec/column.h"

namespace trailhound {

void Column::push_value_from(const Column& src, uint32_t vi) {
  if (type == DataType::Double) {
    f64.push_back(src.f64[vi]);
  } else if (is_int64_backed(type)) {
    i64.push_back(src.i64[vi]);
  } else if (type != DataType::Null) {
    str.push_back(src.str[vi]);
  }
}

void Column::append_value_from(const Column& src, uint32_t vi) {
  push_value_from(src, vi);
  end_row();
}

void Column::append_from(const Column& src, size_t row) {
  for (uint32_t vi = src.offsets[row]; vi < src.offsets[row + 1]; ++vi) push_value_from(src, vi);
  end_row();
}

void Column::reserve(size_t rows, size_t values) {
  offsets.reserve(offsets.size() + rows);
  if (type == DataType::Double) {
    f64.reserve(f64.size() + values);
  } else if (is_int64_backed(type)) {
    i64.reserve(i64.size() + values);
  } else if (type != DataType::Null) {
    str.reserve(str.size() + values);
  }
}

int Batch::find(std::string_view name) const {
  for (size_t i = 0; i < columns.size(); ++i)
    if (columns[i].name == name) return static_cast<int>(i);
  return -1;
}

}  // namespace trailhound
