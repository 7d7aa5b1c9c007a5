// Builds engine batches from normalized documents (the FieldSink side of a scan).
//
// Contract:
// - Constructed with the fields a query needs and their declared types; wants()
//   is true only for those. Values of other fields are ignored.
// - Values are converted to the declared type: keyword "10" into a long column,
//   ISO date strings or epoch-millis numbers into datetime, IP text into ip,
//   ip into keyword as canonical text, json into keyword/text verbatim, numbers
//   into keyword as their text. long_value() into an unsigned_long column is
//   the value's 64-bit pattern (so values >= 2^63 arrive as negative longs). Values that do not convert are dropped (a field
//   left with no value is null), as Elasticsearch ignores malformed values.
// - Multi-values are stored as Elasticsearch doc values would return them:
//   keyword/ip/version sorted and de-duplicated, numeric/boolean/date sorted with
//   duplicates kept, text in arrival order.
// - rows() counts finished documents; take() returns the batch (columns in the
//   constructor's order) and starts a new, empty one.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/string_view_hash.h"
#include "ecs/field_sink.h"
#include "exec/column.h"
#include "exec/schema.h"

namespace trailhound {

class BatchBuilder : public ecs::FieldSink {
 public:
  explicit BatchBuilder(std::vector<SchemaField> fields);

  bool wants(std::string_view field) const override;
  // The field set is fixed at construction.
  uint64_t field_set_id() const override { return field_set_id_; }
  void begin_document() override;
  void keyword(std::string_view field, std::string_view value) override;
  void long_value(std::string_view field, int64_t value) override;
  void double_value(std::string_view field, double value) override;
  void boolean(std::string_view field, bool value) override;
  void datetime(std::string_view field, int64_t epoch_millis) override;
  void ip(std::string_view field, std::string_view ip16) override;
  void json(std::string_view field, std::string_view minified_json) override;
  void end_document() override;

  size_t rows() const { return rows_; }
  Batch take();

 private:
  Column* column_for(std::string_view field);
  void reset();

  // Field name → column, memoized by the name's address: callers (the CloudTrail
  // normalizer) pass the same literal for a field on every record, so a hit costs
  // a pointer compare and one memcmp against the column's name (which keeps a
  // reused buffer holding another name from hitting), not a string hash and a
  // probe. Misses fall back to index_; names not wanted are not memoized.
  // Open addressing by address, at most half full (a direct-mapped cache
  // let two of the ~40 names of a record evict each other on every record).
  struct NameCacheEntry {
    const char* data = nullptr;  // null: free
    size_t size = 0;
    size_t column = 0;
  };
  static constexpr size_t kNameCacheSize = 256;  // power of two
  NameCacheEntry name_cache_[kNameCacheSize];
  size_t name_cache_used_ = 0;
  uint64_t field_set_id_ = 0;

  std::vector<SchemaField> fields_;
  std::unordered_map<std::string, size_t, StringViewHash, std::equal_to<>> index_;
  std::vector<Column> columns_;
  size_t last_rows_ = 0;             // rows of the last batch taken
  struct ColumnSize {
    size_t values = 0, bytes = 0;  // string bytes
  };
  std::vector<ColumnSize> last_size_;  // per column, of the last batch taken
  size_t rows_ = 0;
};

}  // namespace trailhound
