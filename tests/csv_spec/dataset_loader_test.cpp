// Unit tests of the csv-spec data set loader.
#include <gtest/gtest.h>

#include <cmath>

#include "csv_spec/dataset_loader.h"
#include "exec/value_format.h"

namespace trailhound::csvspec {
namespace {

std::string spec_dir() { return std::string(TRAILHOUND_SHARED_DIR) + "/testdata/esql-csv-spec"; }

class LoaderTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto d = Datasets::load(spec_dir());
    ASSERT_TRUE(d.ok()) << d.status().message();
    data_ = new Datasets(std::move(d.value()));
  }
  static void TearDownTestSuite() { delete data_; }

  // Text of one position, as the engine formats it.
  static std::string cell(std::string_view index, const std::string& field, DataType type, size_t row) {
    Batch b = data_->batch(index, {{field, type}});
    return format_value_text(*b.columns[0].column, row);
  }
  static Datasets* data_;
};
Datasets* LoaderTest::data_ = nullptr;

TEST(LoaderConversions, StoredPrecision) {
  EXPECT_EQ(as_float32(2.03), 2.0299999713897705);
  EXPECT_EQ(as_half_float(2.03), 2.029296875);
  EXPECT_EQ(as_half_float(65504), 65504);
  EXPECT_TRUE(std::isinf(as_half_float(70000)));
  EXPECT_EQ(as_half_float(1e-8), 0.0);  // below the smallest subnormal half / 2
  EXPECT_EQ(as_scaled_float(2.03, 100), 2.03);
  EXPECT_EQ(as_scaled_float(1.234, 100), 1.23);
  EXPECT_EQ(as_scaled_float(-1.235, 10), -1.2);
}

TEST(LoaderConversions, DataLineSplitting) {
  EXPECT_EQ(split_data_line(" a , [x, y] ,, \"q,r\""), (std::vector<std::string>{"a", "[x, y]", "", "q,r"}));
  EXPECT_EQ(split_data_line("1,\"P(0 0\\, 1 0)\",z"), (std::vector<std::string>{"1", "P(0 0, 1 0)", "z"}));
  EXPECT_EQ(split_multi_value("[a , b\\,c]"), (std::vector<std::string>{"a", "b,c"}));
  EXPECT_EQ(split_multi_value("plain"), (std::vector<std::string>{"plain"}));
}

TEST_F(LoaderTest, RegistersCatalogueAndDerivedIndices) {
  for (const char* name : {"employees", "hosts", "hosts_ip_is_kwd", "apps_short", "sample_data_str", "languages_lookup",
                           "message_types_lookup", "event_empty", "employees_no_names", "mv_text", "wide"})
    EXPECT_NE(data_->catalog().find(name), nullptr) << name;
  EXPECT_EQ(data_->find("employees")->docs.size(), 100u);
  EXPECT_EQ(data_->find("hosts")->docs.size(), 10u);
  EXPECT_EQ(data_->find("event_empty")->docs.size(), 0u);
  EXPECT_EQ(data_->catalog().find("hosts_ip_is_kwd")->find("ip0")->type, DataType::Keyword);
  EXPECT_EQ(data_->catalog().find("hosts")->find("ip0")->type, DataType::Ip);
  EXPECT_EQ(data_->catalog().find("apps_short")->find("id")->type, DataType::Integer);
  EXPECT_EQ(data_->catalog().find("employees_no_names")->find("first_name"), nullptr);
  EXPECT_EQ(data_->catalog().find("employees_gender_text")->find("gender")->type, DataType::Text);
  EXPECT_EQ(data_->catalog().find("wide")->fields().size(), 147u);
}

TEST_F(LoaderTest, EmployeesSchemaFromMappingWithMultiFields) {
  const Schema* s = data_->catalog().find("employees");
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->find("languages.byte")->type, DataType::Integer);
  EXPECT_EQ(s->find("languages.long")->type, DataType::Long);
  EXPECT_EQ(s->find("height.half_float")->type, DataType::Double);
  EXPECT_EQ(s->find("salary_change.keyword")->type, DataType::Keyword);
  EXPECT_EQ(s->find("birth_date")->type, DataType::Datetime);
  EXPECT_EQ(s->fields().size(), 23u);
}

TEST_F(LoaderTest, StoredPrecisionAndDocValuesOrder) {
  // emp 10001 (row 0): height 2.03.
  EXPECT_EQ(cell("employees", "height.float", DataType::Double, 0), "2.0299999713897705");
  EXPECT_EQ(cell("employees", "height.half_float", DataType::Double, 0), "2.029296875");
  EXPECT_EQ(cell("employees", "height.scaled_float", DataType::Double, 0), "2.03");
  EXPECT_EQ(cell("employees", "height", DataType::Double, 0), "2.03");
  // Keyword multi-values sorted (written [Senior Python Developer,Accountant]).
  EXPECT_EQ(cell("employees", "job_positions", DataType::Keyword, 0), "[Accountant, Senior Python Developer]");
  // Boolean multi-values sorted with duplicates: emp 10015 (row 14) [true,false,false,false].
  EXPECT_EQ(cell("employees", "is_rehired", DataType::Boolean, 14), "[false, false, false, true]");
  EXPECT_EQ(cell("employees", "salary_change.int", DataType::Integer, 1), "[-7, 11]");
  EXPECT_EQ(cell("employees", "birth_date", DataType::Datetime, 0), "1953-09-02T00:00:00.000Z");
  EXPECT_EQ(cell("employees", "first_name", DataType::Keyword, 0), "Georgi");
}

TEST_F(LoaderTest, TextKeepsWrittenOrderAndDerivedSubFields) {
  EXPECT_EQ(cell("hosts", "description", DataType::Text, 9), "[epsilon host, epsilon2 host]");
  EXPECT_EQ(cell("hosts", "host_group", DataType::Text, 7), "null");  // empty value = absent
  EXPECT_EQ(cell("mv_text", "message", DataType::Text, 0), "[Connected to 10.1.0.1, Banana]");
  // message.raw: keyword sub-field derived from the parent, sorted, ignore_above 100.
  EXPECT_EQ(cell("mv_text", "message.raw", DataType::Keyword, 0), "[Banana, Connected to 10.1.0.1]");
  EXPECT_EQ(cell("mv_text", "message.raw", DataType::Keyword, 2), "Connected to 10.1.0.1");
}

TEST_F(LoaderTest, IpsConstantsAndMissingFields) {
  EXPECT_EQ(cell("hosts", "ip1", DataType::Ip, 8), "[127.0.0.1, 127.0.0.2, 127.0.0.3]");
  EXPECT_EQ(cell("hosts_ip_is_kwd", "ip0", DataType::Keyword, 1), "::1");
  EXPECT_EQ(cell("event_alerts", "event_type", DataType::Keyword, 2), "alert");
  EXPECT_EQ(cell("event_logs", "event_type", DataType::Keyword, 0), "login");
  EXPECT_EQ(cell("conv_from_keyword", "base64_str", DataType::Keyword, 0), "null");
  EXPECT_EQ(cell("conv_from_keyword", "geo_shape_wkt", DataType::Keyword, 0), "POLYGON((10 10, 20 10, 20 20, 10 20, 10 10))");
  EXPECT_EQ(cell("apps", "version", DataType::Version, 8), "bad");
  EXPECT_EQ(cell("apps", "version", DataType::Version, 10), "null");
  // A field the index lacks is a null column.
  EXPECT_EQ(cell("apps", "no_such_field", DataType::Keyword, 0), "null");
}

TEST_F(LoaderTest, ReportsValuesBatchBuilderCannotCarry) {
  // Every loss is named per index/field; no other index loses anything.
  for (const auto& [name, idx] : data_->indices()) {
    for (const auto& [field, note] : idx.load_notes) {
      const bool expected_gap = (name == "ul_logs" && (field == "bytes_in" || field == "bytes_out")) ||
                                (name == "sample_data_ts_nanos" && field == "@timestamp");
      EXPECT_TRUE(expected_gap) << name << "." << field << ": " << note;
    }
  }
}

}  // namespace
}  // namespace trailhound::csvspec
