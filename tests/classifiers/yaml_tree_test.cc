// The lexicon loader's YAML reader (classifiers/internal/yaml_tree.h): libyaml's tree with the
// core-schema readings of plain scalars that the loader relied on under yaml-cpp.
#include "classifiers/internal/yaml_tree.h"

#include <gtest/gtest.h>

namespace vigil {
namespace {

std::unique_ptr<YamlTree> ParseOk(std::string_view text) {
  std::string error;
  int line = 0;
  auto tree = YamlTree::Parse(text, &error, &line);
  EXPECT_NE(tree, nullptr) << error << " at line " << line;
  return tree;
}

TEST(YamlTree, MapsSequencesAndLines) {
  auto tree = ParseOk("language: en\nentries:\n  - id: a\n    terms: [x, \"y\", 'z']\n  - id: b\n");
  ASSERT_NE(tree, nullptr);
  const YamlNode root = tree->root();
  ASSERT_TRUE(root.IsMap());
  EXPECT_EQ(root["language"].Scalar(), "en");
  EXPECT_FALSE(root["missing"].IsDefined());
  const YamlNode entries = root["entries"];
  ASSERT_TRUE(entries.IsSequence());
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries.Item(1)["id"].Scalar(), "b");
  EXPECT_EQ(entries.Item(1).Line(), 4);  // 0-based
  std::vector<std::string> terms;
  for (const YamlNode& t : entries.Item(0)["terms"]) terms.push_back(t.Scalar());
  EXPECT_EQ(terms, (std::vector<std::string>{"x", "y", "z"}));
  EXPECT_FALSE(entries.Item(0)["terms"].Item(0).Quoted());
  EXPECT_TRUE(entries.Item(0)["terms"].Item(1).Quoted());
  EXPECT_EQ(entries.Item(0).Pair(1).first.Scalar(), "terms");
}

TEST(YamlTree, NullsAndBlockScalars) {
  auto tree = ParseOk("a:\nb: ~\nc: null\nd: \"\"\ne: >-\n  folded\n  text\nf: |\n  kept\n");
  ASSERT_NE(tree, nullptr);
  const YamlNode r = tree->root();
  EXPECT_TRUE(r["a"].IsNull());
  EXPECT_TRUE(r["b"].IsNull());
  EXPECT_TRUE(r["c"].IsNull());
  EXPECT_FALSE(r["a"].IsScalar());
  EXPECT_FALSE(r["d"].IsNull());  // a quoted empty string is a string
  EXPECT_TRUE(r["d"].IsScalar());
  EXPECT_EQ(r["e"].Scalar(), "folded text");
  EXPECT_TRUE(r["e"].Quoted());
  EXPECT_EQ(r["f"].Scalar(), "kept\n");
}

TEST(YamlTree, CoreSchemaConversions) {
  auto tree = ParseOk(
      "t1: true\nt2: Yes\nt3: ON\nt4: y\nf1: False\nf2: no\nf3: off\nbad: maybe\nmixed: tRUE\n"
      "i1: 12\ni2: 0x10\ni3: 0o17\ni4: -3\nbadint: 3.5\n"
      "d1: 0.5\nd2: .5\nd3: 1e-1\nd4: \"0.25\"\nbaddbl: abc\nhex: 0x1p3\n");
  ASSERT_NE(tree, nullptr);
  const YamlNode r = tree->root();
  for (const char* k : {"t1", "t2", "t3", "t4"}) EXPECT_EQ(r[k].AsBool(), std::optional<bool>(true)) << k;
  for (const char* k : {"f1", "f2", "f3"}) EXPECT_EQ(r[k].AsBool(), std::optional<bool>(false)) << k;
  EXPECT_EQ(r["bad"].AsBool(), std::nullopt);
  EXPECT_EQ(r["mixed"].AsBool(), std::nullopt);
  EXPECT_EQ(r["i1"].AsInt(), 12);
  EXPECT_EQ(r["i2"].AsInt(), 16);
  EXPECT_EQ(r["i3"].AsInt(), 15);
  EXPECT_EQ(r["i4"].AsInt(), -3);
  EXPECT_EQ(r["badint"].AsInt(), std::nullopt);
  EXPECT_EQ(r["d1"].AsDouble(), 0.5);
  EXPECT_EQ(r["d2"].AsDouble(), 0.5);
  EXPECT_EQ(r["d3"].AsDouble(), 0.1);
  EXPECT_EQ(r["d4"].AsDouble(), 0.25);
  EXPECT_EQ(r["baddbl"].AsDouble(), std::nullopt);
  EXPECT_EQ(r["hex"].AsDouble(), std::nullopt);
  EXPECT_EQ(r["missing"].AsDouble(), std::nullopt);
}

TEST(YamlTree, SyntaxErrorsNameTheLine) {
  std::string error;
  int line = 0;
  EXPECT_EQ(YamlTree::Parse("a: 1\nb: [unclosed\n", &error, &line), nullptr);
  EXPECT_FALSE(error.empty());
  EXPECT_EQ(line, 3);
  auto empty = YamlTree::Parse("", &error, &line);
  ASSERT_NE(empty, nullptr);
  EXPECT_FALSE(empty->root().IsDefined());
}

}  // namespace
}  // namespace vigil
