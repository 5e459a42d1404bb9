#include "classifiers/matcher.h"

#include <gtest/gtest.h>

#include "test_lexicon.h"

namespace vigil {
namespace {

using testing::CompileYaml;
using testing::E;

class MatcherTest : public ::testing::Test {
 protected:
  void SetUp() override {
    lex_ = CompileYaml("language: en\nentries:\n" +
                       E("en.a.vermin", "dehumanisation", "[vermin]", "    exclusions: [vermin control]\n") +
                       E("en.a.tall", "coded_language", "[cut down the tall trees]") +
                       E("en.a.exterm", "call_to_violence", "[exterminat]", "    match: prefix\n") +
                       E("en.a.wipe", "call_to_violence", "[wipe them out]") +
                       "  - id: en.a.pat\n    indicator: call_to_violence\n    pattern: 'kill (all|every) \\w+'\n"
                       "    note: n\n    sources: [s]\n" +
                       "  - id: fr.a.vermine\n    language: fr\n    indicator: dehumanisation\n    terms: [vermine]\n"
                       "    note: n\n    sources: [s]\n");
    auto n = Normaliser::Create({});
    ASSERT_TRUE(n.ok());
    normaliser_ = std::move(*n);
  }

  std::vector<std::string> Ids(const std::string& text, const std::string& lang = "en") {
    text_ = text;
    normaliser_->Normalise(text_, lang, &nt_);
    lex_->Match(nt_, &matches_);
    std::vector<std::string> ids;
    for (const Match& m : matches_) ids.push_back(lex_->entry(m.entry).id);
    return ids;
  }

  std::shared_ptr<const CompiledLexicon> lex_;
  std::unique_ptr<Normaliser> normaliser_;
  NormalisedText nt_;
  std::vector<Match> matches_;
  std::string text_;
};

TEST_F(MatcherTest, SingleWordMatchReportsOriginalBytes) {
  EXPECT_EQ(Ids("They are VERMIN!"), std::vector<std::string>{"en.a.vermin"});
  EXPECT_EQ(matches_[0].source.Slice(text_), "VERMIN");
}

TEST_F(MatcherTest, PhraseMatchesAcrossPunctuationAndSpacing) {
  EXPECT_EQ(Ids("Time to cut  down, the tall trees."), std::vector<std::string>{"en.a.tall"});
  EXPECT_EQ(matches_[0].source.Slice(text_), "cut  down, the tall trees");
}

TEST_F(MatcherTest, PrefixMatchesInflections) {
  EXPECT_EQ(Ids("extermination now"), std::vector<std::string>{"en.a.exterm"});
  EXPECT_EQ(Ids("they exterminated"), std::vector<std::string>{"en.a.exterm"});
  EXPECT_TRUE(Ids("exterior walls").empty());
}

TEST_F(MatcherTest, PatternMatchesOnTokenBoundariesOnly) {
  EXPECT_EQ(Ids("we will kill all invaders"), std::vector<std::string>{"en.a.pat"});
  EXPECT_EQ(matches_[0].source.Slice(text_), "kill all invaders");
  EXPECT_TRUE(Ids("overkill allowance").empty());
}

TEST_F(MatcherTest, ExclusionPhraseSuppressesMatch) {
  EXPECT_TRUE(Ids("call vermin control today").empty());
  EXPECT_EQ(Ids("control the vermin").size(), 1u);
}

TEST_F(MatcherTest, WholeTokensOnly) {
  EXPECT_TRUE(Ids("verminous").empty());
  EXPECT_TRUE(Ids("cut down the tall tree").empty());
}

TEST_F(MatcherTest, LanguageScoping) {
  // In English, "vermine" is not the French entry (and harm words are not fuzzy-matched by default).
  EXPECT_TRUE(Ids("vermine", "en").empty());
  EXPECT_EQ(Ids("vermine", "fr"), std::vector<std::string>{"fr.a.vermine"});
  EXPECT_EQ(Ids("vermine", ""), std::vector<std::string>{"fr.a.vermine"});  // unknown language: all entries
  EXPECT_EQ(Ids("vermine", "fa"), std::vector<std::string>{"fr.a.vermine"});  // no lexicon for the language
}

TEST_F(MatcherTest, VersionIsStableAndContentSensitive) {
  auto again = CompileYaml("language: en\nentries:\n" + E("en.a.vermin", "dehumanisation", "[vermin]"));
  auto other = CompileYaml("language: en\nentries:\n" + E("en.a.vermin", "dehumanisation", "[vermin, pests]"));
  auto same = CompileYaml("language: en\nentries:\n" + E("en.a.vermin", "dehumanisation", "[vermin]"));
  EXPECT_EQ(again->version(), same->version());
  EXPECT_NE(again->version(), other->version());
}

// The per-thread token memo is keyed by lexicon and message language: one thread alternating between
// lexicons (a hot reload) and languages must get each lexicon's own answer every time, the same as
// with the memo off.
TEST_F(MatcherTest, TokenMemoNeverLeaksBetweenLexiconsOrLanguages) {
  CompiledLexicon::Options no_memo;
  no_memo.token_memo = false;
  auto with_pests = CompileYaml("language: en\nentries:\n" + E("en.b.pests", "dehumanisation", "[pests]"));
  auto without = CompileYaml("language: en\nentries:\n" + E("en.b.other", "dehumanisation", "[parasites]"));
  auto with_pests_no_memo =
      CompileYaml("language: en\nentries:\n" + E("en.b.pests", "dehumanisation", "[pests]"), no_memo);
  auto run = [&](const std::shared_ptr<const CompiledLexicon>& lex, const std::string& text, const std::string& lang) {
    normaliser_->Normalise(text, lang, &nt_);
    lex->Match(nt_, &matches_);
    std::vector<std::string> ids;
    for (const Match& m : matches_) ids.push_back(lex->entry(m.entry).id);
    return ids;
  };
  for (int round = 0; round < 3; ++round) {
    EXPECT_EQ(run(with_pests, "those pests again", "en"), std::vector<std::string>{"en.b.pests"});
    EXPECT_TRUE(run(without, "those pests again", "en").empty());
    EXPECT_EQ(run(with_pests_no_memo, "those pests again", "en"), std::vector<std::string>{"en.b.pests"});
    // The fixture's lexicon: "vermine" is French, so only a French (or unknown) message matches it.
    EXPECT_TRUE(Ids("vermine partout", "en").empty());
    EXPECT_EQ(Ids("vermine partout", "fr"), std::vector<std::string>{"fr.a.vermine"});
    EXPECT_TRUE(Ids("vermine partout", "en").empty());
  }
}

TEST(MatcherCreate, BadPatternNamesTheEntry) {
  Entry e;
  e.id = "en.x";
  e.lang = "en";
  e.pattern = "(broken";
  e.file = "f.yaml";
  e.line = 7;
  auto n = Normaliser::Create({});
  auto lex = CompiledLexicon::Create({e}, n->get(), {});
  ASSERT_FALSE(lex.ok());
  EXPECT_NE(lex.status().message().find("f.yaml:7: entry 'en.x'"), std::string::npos) << lex.status().message();
}

}  // namespace
}  // namespace vigil
