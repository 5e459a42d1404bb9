#include "classifiers/normaliser.h"

#include <gtest/gtest.h>

#include <random>

#include "classifiers/message.h"

namespace vigil {
namespace {

class NormaliserTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto n = Normaliser::Create({});
    ASSERT_TRUE(n.ok());
    n_ = std::move(*n);
  }
  std::vector<std::string> Tokens(const std::string& s, const std::string& lang = "") {
    n_->Normalise(s, lang, &out_);
    std::vector<std::string> t;
    for (const auto& tok : out_.tokens) t.emplace_back(out_.TokenText(tok));
    return t;
  }
  std::unique_ptr<Normaliser> n_;
  NormalisedText out_;
};

TEST_F(NormaliserTest, CaseFoldsAndSplitsOnPunctuation) {
  EXPECT_EQ(Tokens("They ARE Vermin!"), (std::vector<std::string>{"they", "are", "vermin"}));
  EXPECT_EQ(out_.canonical, "they are vermin");
}

TEST_F(NormaliserTest, FullwidthAndMathematicalLettersFold) {
  EXPECT_EQ(Tokens("ｋｉｌｌ"), std::vector<std::string>{"kill"});
  EXPECT_EQ(Tokens("𝐤𝐢𝐥𝐥"), std::vector<std::string>{"kill"});
}

TEST_F(NormaliserTest, ZeroWidthCharactersInsideWordAreRemoved) {
  EXPECT_EQ(Tokens("ver\u200Bmin"), std::vector<std::string>{"vermin"});
  EXPECT_EQ(Tokens("ver\u00ADmin"), std::vector<std::string>{"vermin"});
  EXPECT_EQ(out_.tokens[0].source.begin, 0u);
  EXPECT_EQ(out_.tokens[0].source.end, 8u);
}

TEST_F(NormaliserTest, SentenceAndClauseBoundariesAreRecorded) {
  Tokens("One, two. Three");
  ASSERT_EQ(out_.tokens.size(), 3u);
  EXPECT_EQ(out_.tokens[1].before, Boundary::kClause);
  EXPECT_EQ(out_.tokens[2].before, Boundary::kSentence);
}

TEST_F(NormaliserTest, InvalidUtf8IsASeparatorNotACrash) {
  Tokens(std::string("abc\xFF" "def"));
  EXPECT_TRUE(out_.had_invalid_utf8);
  EXPECT_EQ(out_.canonical, "abc def");
}

TEST_F(NormaliserTest, EmptyInputGivesNoTokens) {
  EXPECT_TRUE(Tokens("").empty());
  EXPECT_TRUE(Tokens("   ...  ").empty());
}

// The offset map: every token's source range is valid, ordered, on character boundaries, and
// slices the original to text that normalises back to the token.
TEST_F(NormaliserTest, OffsetMapSlicesOriginalOverRandomInput) {
  std::mt19937 rng(42);
  const std::vector<std::string> pieces = {"kill", " ", "Ünïcödé", "漢字", "ሰላም", "مرحبا", "\u200B", ".", ",",
                                           "\xFF", "ｋｉｌｌ", "🙂", "Тутси", "\n", "x", "ဗမာ", "\xC3"};
  for (int round = 0; round < 500; ++round) {
    std::string s;
    int len = rng() % 20;
    for (int i = 0; i < len; ++i) s += pieces[rng() % pieces.size()];
    n_->Normalise(s, "", &out_);
    uint32_t prev_end = 0;
    for (const Token& t : out_.tokens) {
      ASSERT_LT(t.source.begin, t.source.end) << s;
      ASSERT_LE(prev_end, t.source.begin) << s;
      ASSERT_LE(t.source.end, s.size());
      ASSERT_TRUE(IsValidUtf8(t.source.Slice(s))) << "token source not on character boundaries in: " << s;
      prev_end = t.source.end;
    }
  }
}

TEST_F(NormaliserTest, HugeInputIsHandled) {
  std::string big;
  while (big.size() < (10u << 20)) big += "word ";
  n_->Normalise(big, "en", &out_);
  EXPECT_GT(out_.tokens.size(), 1000000u);
}

}  // namespace
}  // namespace vigil
