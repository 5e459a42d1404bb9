#include "classifiers/pattern_prefix.h"

#include <gtest/gtest.h>
#include <re2/re2.h>

#include <random>

namespace vigil {
namespace {

using Strings = std::vector<std::string>;

TEST(LiteralPrefixes, AlternationsAndGroupsExpand) {
  EXPECT_EQ(LiteralPrefixes("kill (all|every) \\w+"), (Strings{"kill "}));
  EXPECT_EQ(LiteralPrefixes("(?:plan|plot)s? to"), (Strings{"plan ", "plans ", "plot ", "plots "}));
  EXPECT_EQ(LiteralPrefixes("(?P<verb>burn|loot) them"), (Strings{"burn ", "loot "}));
  EXPECT_EQ(LiteralPrefixes("smrt (\\S+ima|\\S+ama)"), (Strings{"smrt "}));
}

TEST(LiteralPrefixes, OptionalPartsGiveBothStarts) {
  EXPECT_EQ(LiteralPrefixes("(the )?only good"), (Strings{"only ", "the "}));
  EXPECT_EQ(LiteralPrefixes("a*b"), (Strings{"a", "b"}));
  EXPECT_EQ(LiteralPrefixes("(jedyny ){0,1}dobry"), (Strings{"dobry", "jedyny "}));
}

TEST(LiteralPrefixes, SmallClassesExpandAndOthersStop) {
  EXPECT_EQ(LiteralPrefixes("na[šs]e"), (Strings{"nase", "naše"}));
  EXPECT_EQ(LiteralPrefixes("ab[a-z]+"), (Strings{"ab"}));
  EXPECT_EQ(LiteralPrefixes("x[^ ]*"), (Strings{"x"}));
  EXPECT_EQ(LiteralPrefixes("\\bfoo\\b"), (Strings{"foo"}));
  EXPECT_EQ(LiteralPrefixes("ab(c|d)"), (Strings{"abc", "abd"}));
  EXPECT_EQ(LiteralPrefixes("\\(\\(x"), (Strings{"((x"}));
  EXPECT_EQ(LiteralPrefixes("é+x"), (Strings{"é"}));  // the quantifier takes the whole code point
}

TEST(LiteralPrefixes, UngatedWhenAMatchMayStartAnywhere) {
  EXPECT_FALSE(LiteralPrefixes("\\S+ima").has_value());
  EXPECT_FALSE(LiteralPrefixes("[a-z]+ (to|jest)").has_value());
  EXPECT_FALSE(LiteralPrefixes("(a|)b*").has_value());
  EXPECT_FALSE(LiteralPrefixes(".*kill").has_value());
  EXPECT_FALSE(LiteralPrefixes("(?i)kill").has_value());  // flags: not analysed
  EXPECT_FALSE(LiteralPrefixes("(unclosed").has_value());
  EXPECT_FALSE(LiteralPrefixes("\\x41").has_value());
  EXPECT_FALSE(LiteralPrefixes("(a|b|c|d)(e|f|g|h)(i|j|k|l)", 16).has_value());  // 64 > 16 prefixes
}

// Soundness: wherever RE2 finds a match, the text there starts with one of the prefixes. Random
// texts over a small alphabet hit every branch of these patterns many times.
TEST(LiteralPrefixes, EveryRe2MatchStartsWithAPrefix) {
  const char* patterns[] = {"(ab|ba)c?a", "a(b|c)*d", "(x )?ab+", "[ab]{2}c", "(a|b c)(d|e)?", "c*(ab|b)",
                            "(?:a(?:b|c)|ca)[^ ]*", "b{0,2}a", "\\ba b\\b", "(ab)+c|ca"};
  std::mt19937 rng(7);
  const std::string alphabet = "abcde x";
  int checked = 0;
  for (const char* pat : patterns) {
    const auto prefixes = LiteralPrefixes(pat);
    ASSERT_TRUE(prefixes.has_value()) << pat;
    RE2 re(pat);
    ASSERT_TRUE(re.ok()) << pat;
    for (int n = 0; n < 2000; ++n) {
      std::string text;
      for (int k = 0; k < 12; ++k) text += alphabet[rng() % alphabet.size()];
      for (size_t start = 0; start < text.size(); ++start) {
        re2::StringPiece m;
        if (!re.Match(text, start, text.size(), RE2::ANCHOR_START, &m, 1) || m.empty()) continue;
        const std::string_view rest = std::string_view(text).substr(start);
        const bool ok = std::any_of(prefixes->begin(), prefixes->end(),
                                    [&](const std::string& p) { return rest.substr(0, p.size()) == p; });
        EXPECT_TRUE(ok) << pat << " matched '" << m << "' in '" << text << "'";
        ++checked;
      }
    }
  }
  EXPECT_GT(checked, 1000);
}

}  // namespace
}  // namespace vigil
