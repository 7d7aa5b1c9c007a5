// parse_yaml(): the small YAML tree the user-agent loader reads uap-core with.
// The documents here are synthetic.
#include <gtest/gtest.h>

#include "common/yaml_document.h"

using namespace trailhound;

TEST(YamlDocument, MappingsSequencesScalarsAndNulls) {
  auto doc = parse_yaml(
      "list:\n"
      "  - regex: '(Foo)/(\\d+)'\n"
      "    family_replacement: \"Bar $1\"\n"
      "    v1_replacement: ~\n"
      "    v2_replacement:\n"
      "    v3_replacement: ''\n"
      "    v4_replacement: \"null\"\n"
      "  - plain\n"
      "other: {a: 1, a: 2}\n",
      "inline");
  ASSERT_TRUE(doc.ok()) << doc.status().message();
  const YamlNode& root = doc.value();
  ASSERT_EQ(root.kind, YamlNode::Kind::Mapping);
  const YamlNode* list = root.find("list");
  ASSERT_NE(list, nullptr);
  ASSERT_EQ(list->kind, YamlNode::Kind::Sequence);
  ASSERT_EQ(list->items.size(), 2u);
  const YamlNode& rule = list->items[0];
  EXPECT_EQ(rule.find("regex")->text, "(Foo)/(\\d+)");  // single quotes keep backslashes
  EXPECT_EQ(rule.find("family_replacement")->text, "Bar $1");
  EXPECT_TRUE(rule.find("v1_replacement")->is_null());  // ~
  EXPECT_TRUE(rule.find("v2_replacement")->is_null());  // empty
  EXPECT_EQ(rule.find("v3_replacement")->kind, YamlNode::Kind::Scalar);  // quoted empty: a string
  EXPECT_EQ(rule.find("v3_replacement")->text, "");
  EXPECT_EQ(rule.find("v4_replacement")->text, "null");  // quoted: not null
  EXPECT_EQ(rule.find("absent"), nullptr);
  EXPECT_EQ(list->items[1].text, "plain");
  EXPECT_EQ(list->items[1].find("x"), nullptr);  // not a mapping
  const YamlNode* other = root.find("other");
  ASSERT_EQ(other->members.size(), 1u);  // a repeated key keeps its first value
  EXPECT_EQ(other->find("a")->text, "1");
}

TEST(YamlDocument, EmptyStreamIsNull) {
  auto doc = parse_yaml("", "inline");
  ASSERT_TRUE(doc.ok());
  EXPECT_TRUE(doc.value().is_null());
}

TEST(YamlDocument, ErrorsNameOriginAndLine) {
  auto bad = parse_yaml("a: [1, 2\nb: c\n", "rules.yaml");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("rules.yaml: invalid YAML at line "), std::string::npos)
      << bad.status().message();
  auto alias = parse_yaml("a: &x 1\nb: *x\n", "rules.yaml");
  ASSERT_FALSE(alias.ok());
  EXPECT_EQ(alias.status().message(), "rules.yaml: line 2: aliases are not supported");
  auto key = parse_yaml("? [1]\n: 2\n", "rules.yaml");
  ASSERT_FALSE(key.ok());
  EXPECT_EQ(key.status().message(), "rules.yaml: line 1: a mapping key that is not a scalar");
}
