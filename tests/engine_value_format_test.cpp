// value_format: Java-compatible double text, ISO datetimes, canonical IPs, JSON/text cells.
#include <gtest/gtest.h>

#include "exec/value_format.h"

namespace trailhound {
namespace {

TEST(ValueFormat, DoubleLikeJava) {
  EXPECT_EQ(format_double(1e9), "1.0E9");
  EXPECT_EQ(format_double(3.0), "3.0");
  EXPECT_EQ(format_double(0.1), "0.1");
  EXPECT_EQ(format_double(-123.568), "-123.568");
  EXPECT_EQ(format_double(1.8446744073709552E19), "1.8446744073709552E19");
  EXPECT_EQ(format_double(3.7800000000000002), "3.7800000000000002");
  EXPECT_EQ(format_double(1234567.0), "1234567.0");
  EXPECT_EQ(format_double(12345678.0), "1.2345678E7");
  EXPECT_EQ(format_double(0.001), "0.001");
  EXPECT_EQ(format_double(0.0001), "1.0E-4");
  EXPECT_EQ(format_double(-0.0), "-0.0");
  EXPECT_EQ(format_double(100.0), "100.0");
}

TEST(ValueFormat, Datetime) {
  EXPECT_EQ(format_datetime(0), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(format_datetime(1710072060000), "2024-03-10T12:01:00.000Z");
  EXPECT_EQ(format_datetime(-1), "1969-12-31T23:59:59.999Z");
  EXPECT_EQ(parse_datetime("2024-03-10T12:01:00.000Z"), 1710072060000);
  EXPECT_EQ(parse_datetime("2024-03-10T12:01:00Z"), 1710072060000);
  EXPECT_EQ(parse_datetime("2024-03-10"), 1710028800000);
  EXPECT_EQ(parse_datetime("2024-03-10T14:01:00+02:00"), 1710072060000);
  EXPECT_EQ(parse_datetime("2024-03-10T14:01:00+0200"), 1710072060000);
  EXPECT_EQ(parse_datetime("1964-06-02 00:00:00"), std::nullopt);
  EXPECT_EQ(parse_datetime("2024-02-30"), std::nullopt);
  EXPECT_EQ(parse_datetime("2024-03-10T12:01:00.123456789Z"), 1710072060123);
}

TEST(ValueFormat, Ip) {
  auto v4 = parse_ip("10.1.2.3");
  ASSERT_TRUE(v4.ok());
  EXPECT_EQ(v4.value().size(), 16u);
  EXPECT_EQ(format_ip(v4.value()), "10.1.2.3");
  EXPECT_EQ(format_ip(parse_ip("::1").value()), "::1");
  EXPECT_EQ(format_ip(parse_ip("fe80:0:0:0:cae2:65ff:fece:feb9").value()), "fe80::cae2:65ff:fece:feb9");
  EXPECT_EQ(format_ip(parse_ip("2001:db8:0:1:0:0:0:1").value()), "2001:db8:0:1::1");
  EXPECT_EQ(format_ip(parse_ip("2001:db8:0:1:1:1:1:1").value()), "2001:db8:0:1:1:1:1:1");
  EXPECT_FALSE(parse_ip("foo").ok());
  EXPECT_EQ(parse_ip("foo").status().message(), "'foo' is not an IP string literal.");
  EXPECT_FALSE(parse_ip("01.2.3.4").ok());
}

TEST(ValueFormat, JsonAndText) {
  Column c(DataType::Keyword);
  c.push_str("a\"b");
  c.end_row();
  c.push_null();
  c.push_str("x");
  c.push_str("y");
  c.end_row();
  std::string out;
  append_json_value(out, c, 0);
  out += ' ';
  append_json_value(out, c, 1);
  out += ' ';
  append_json_value(out, c, 2);
  EXPECT_EQ(out, "\"a\\\"b\" null [\"x\",\"y\"]");
  EXPECT_EQ(format_value_text(c, 2), "[x, y]");
  EXPECT_EQ(format_value_text(c, 1), "null");

  Column d(DataType::Double);
  d.push_f64(1e9);
  d.end_row();
  out.clear();
  append_json_value(out, d, 0);
  EXPECT_EQ(out, "1.0E9");
}

}  // namespace
}  // namespace trailhound
