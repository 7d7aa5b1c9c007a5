// Look-ups by name and by value: the string hash STATS tables use
// (common/string_view_hash.h), the value dictionary built on it
// (exec/aggregates/value_codes.h), Schema look-ups and BatchBuilder's field
// look-up by a name's address. All values are SYNTHETIC.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "common/string_view_hash.h"
#include "exec/aggregates/value_codes.h"
#include "exec/batch_builder.h"
#include "exec/schema.h"

namespace trailhound {
namespace {

// A string differing from another in one bit hashes differently, at every
// length the hash reads in a different way (1-3, 4-7, 8-16 bytes, 16-byte
// steps and the tail after them) and at every position.
TEST(StringHash, EveryByteCounts) {
  for (size_t len = 1; len <= 40; ++len) {
    std::string base;
    for (size_t i = 0; i < len; ++i) base += static_cast<char>('a' + (i * 7) % 26);
    const uint64_t h = hash_bytes(base);
    for (size_t pos = 0; pos < len; ++pos) {
      for (int bit = 0; bit < 8; ++bit) {
        std::string other = base;
        other[pos] = static_cast<char>(other[pos] ^ (1 << bit));
        EXPECT_NE(hash_bytes(other), h) << "length " << len << " byte " << pos << " bit " << bit;
      }
    }
    // Same bytes elsewhere in memory: same hash; one byte more or less: not.
    EXPECT_EQ(hash_bytes(std::string(base)), h);
    EXPECT_NE(hash_bytes(base + '\0'), h);
    EXPECT_NE(hash_bytes(base.substr(0, len - 1)), h);
  }
  EXPECT_NE(hash_bytes(""), hash_bytes(std::string(1, '\0')));
}

// Power-of-two tables take the low bits: names that differ only in their
// middle (as ARNs and event names do) must still spread over them.
TEST(StringHash, LowBitsSpreadSimilarNames) {
  std::set<uint64_t> buckets;
  for (int i = 0; i < 1024; ++i)
    buckets.insert(hash_bytes("arn:aws:iam::123456789012:user/user-" + std::to_string(i) + "-ops") & 1023);
  // 1,024 keys over 1,024 buckets fill ~647 when the bits are random.
  EXPECT_GT(buckets.size(), 600u);
}

TEST(ValueCodes, StringsGetTheirFirstSeenIdThroughTableGrowth) {
  ValueCodes codes(DataType::Keyword);
  Column c(DataType::Keyword);
  for (int i = 0; i < 5000; ++i) {
    c.push_str("value-" + std::to_string(i % 2500));  // each string twice
    c.end_row();
  }
  for (uint32_t i = 0; i < 5000; ++i) EXPECT_EQ(codes.encode(c, i), i % 2500) << i;
  for (uint32_t i = 0; i < 2500; ++i) EXPECT_TRUE(codes.holds(i, c, i));
  EXPECT_FALSE(codes.holds(1, c, 0));
  Column out(DataType::Keyword);
  codes.decode(1234, out);
  out.end_row();
  EXPECT_EQ(out.str[0], "value-1234");
}

TEST(Schema, FindsFieldsAddedInAnyOrderAndKeepsThemSorted) {
  Schema s;
  for (int i = 99; i >= 0; --i) s.add("field." + std::to_string(i), DataType::Keyword);
  s.add("field.5", DataType::Long);  // replaces the type, adds nothing
  ASSERT_EQ(s.fields().size(), 100u);
  for (size_t i = 1; i < s.fields().size(); ++i) EXPECT_LT(s.fields()[i - 1].name, s.fields()[i].name);
  for (int i = 0; i < 100; ++i) {
    const SchemaField* f = s.find("field." + std::to_string(i));
    ASSERT_NE(f, nullptr) << i;
    EXPECT_EQ(f->type, i == 5 ? DataType::Long : DataType::Keyword);
  }
  EXPECT_EQ(s.find("field."), nullptr);
  EXPECT_EQ(s.find("field.100"), nullptr);
  EXPECT_EQ(s.find("zzz"), nullptr);
}

// Fields are found by the address of the name passed: many names (more than
// the look-up's table holds before it starts over), the same address holding
// another name later (a reused buffer), and names the builder does not want.
TEST(BatchBuilder, FieldsAreFoundByNameWhateverTheAddress) {
  std::vector<SchemaField> fields;
  for (int i = 0; i < 300; ++i) fields.push_back({"f" + std::to_string(i), DataType::Keyword});
  BatchBuilder b(fields);
  std::vector<std::string> names;  // stable addresses, one per field
  for (int i = 0; i < 300; ++i) names.push_back("f" + std::to_string(i));
  std::string buffer;  // one address, every name in turn
  for (int round = 0; round < 3; ++round) {
    b.begin_document();
    for (int i = 0; i < 300; ++i) {
      if (i % 2) b.keyword(names[i], "n" + std::to_string(i));
      buffer = "f" + std::to_string(i);
      if (i % 2 == 0) b.keyword(buffer, "b" + std::to_string(i));
    }
    buffer = "unwanted";
    b.keyword(buffer, "x");
    b.keyword("f", "x");
    b.end_document();
  }
  Batch batch = b.take();
  ASSERT_EQ(batch.rows(), 3u);
  for (int i = 0; i < 300; ++i) {
    const int c = batch.find("f" + std::to_string(i));
    ASSERT_GE(c, 0);
    const Column& col = *batch.columns[c].column;
    for (size_t r = 0; r < 3; ++r) {
      ASSERT_EQ(col.count(r), 1u) << i;
      EXPECT_EQ(col.str[col.begin(r)], (i % 2 ? "n" : "b") + std::to_string(i));
    }
  }
}

}  // namespace
}  // namespace trailhound
