// The second reading with misspelt words corrected (classifiers/spelling.h, Analyzer).
#include "classifiers/spelling.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>

#include "classifiers/analyzer.h"
#include "classifiers/scorer.h"
#include "tests/classifiers/test_lexicon.h"

namespace vigil {
namespace {

using testing::CompileYaml;
using testing::E;
using testing::MuslimsEntry;

// A dictionary of a few words of one language, compared in lower case (ASCII).
class SetWords : public WordList {
 public:
  SetWords(std::string lang, std::set<std::string> words) : lang_(std::move(lang)), words_(std::move(words)) {}
  bool Covers(std::string_view lang) const override { return lang == lang_; }
  bool Knows(std::string_view lang, std::string_view word) const override {
    std::string w(word);
    for (char& c : w) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return lang == lang_ && words_.count(w) > 0;
  }

 private:
  std::string lang_;
  std::set<std::string> words_;
};

std::shared_ptr<const CompiledLexicon> Lexicon() {
  return CompileYaml("language: en\nentries:\n" +
                     E("id.jews", "identity_term", "[jews]", "    target: jews\n    target_category: religion\n") +
                     E("id.muslims", "identity_term", "[muslims]", "    target: muslims\n    target_category: religion\n") +
                     E("dh.vermin", "dehumanisation", "[vermin, rapist, rapists]", "    near_target: 8\n") +
                     E("ct.hate", "contempt", "[i hate, hate, disgusting]", "    near_target: 8\n") +
                     E("cv.deport", "call_to_violence", "[deport them all, exterminate them all]", "    near_target: 8\n"));
}

class SpellingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    lexicon_ = Lexicon();
    ASSERT_NE(lexicon_, nullptr);
    words_ = std::make_shared<SetWords>(
        "en", std::set<std::string>{"the", "are", "my", "is", "a", "woman", "therapist", "them", "all", "signs", "and"});
    analyzer_ = WithWords(words_);
    ASSERT_NE(analyzer_, nullptr);
    auto plain = Analyzer::Create({});
    ASSERT_TRUE(plain.ok());
    plain_ = std::move(*plain);
  }
  // An analyser whose second reading asks `words`.
  static std::unique_ptr<Analyzer> WithWords(std::shared_ptr<const WordList> words) {
    Analyzer::Options options;
    options.words = std::move(words);
    auto a = Analyzer::Create(options);
    EXPECT_TRUE(a.ok());
    return a.ok() ? std::move(*a) : nullptr;
  }
  Verdict Analyze(Analyzer& a, const std::string& text) { return AnalyzeWith(a, *lexicon_, text); }
  // The same against another lexicon.
  Verdict AnalyzeWith(Analyzer& a, const CompiledLexicon& lexicon, const std::string& text) {
    Message m;
    m.id = "t";
    m.lang = "en";
    m.text = text;
    Verdict v;
    a.Analyze(m, lexicon, scorer_, &v);
    return v;
  }
  // The fixes proposed for English `text` after matching it against `lexicon`.
  static std::vector<SpellingFix> Propose(const CompiledLexicon& lexicon, const WordList& words, const std::string& text) {
    auto n = Normaliser::Create({});
    EXPECT_TRUE(n.ok());
    if (!n.ok()) return {};
    NormalisedText normalised;
    std::vector<Match> matches;
    (*n)->Normalise(text, "en", &normalised);
    lexicon.Match(normalised, &matches);
    return ProposeSpellingFixes(text, normalised, matches, lexicon, words);
  }
  // `text` normalised as English.
  static NormalisedText Normalised(const std::string& text) {
    auto n = Normaliser::Create({});
    EXPECT_TRUE(n.ok());
    NormalisedText normalised;
    if (n.ok()) (*n)->Normalise(text, "en", &normalised);
    return normalised;
  }
  std::shared_ptr<const CompiledLexicon> lexicon_;
  std::shared_ptr<const SetWords> words_;
  std::unique_ptr<Analyzer> analyzer_, plain_;
  Scorer scorer_{ScoringConfig::Defaults()};
};

TEST_F(SpellingTest, ALexiconWordOneTypoAwayIsReadCorrected) {
  struct Case {
    const char* text;
    const char* original;  // the word as written
    const char* read_as;
  };
  for (const Case& c : {Case{"Jwes are vermin", "Jwes", "jews"},            // a swap in the group's name
                        Case{"Muslims are vremin", "vremin", "vermin"},          // a swap in the harm word
                        Case{"Muslims are verrmin", "verrmin", "vermin"},        // a key struck twice
                        Case{"Muslims are disgustng", "disgustng", "disgusting"},  // a letter left out
                        Case{"Ihate muslims", "Ihate", "i hate"},                // two words without the space
                        Case{"Jews are verminn", "verminn", "vermin"},
                        Case{"Muslims, extermnate them all", "extermnate", "exterminate"},  // a phrase's word
                        Case{"Muslims, exter minate them all", "exter minate", "exterminate"}}) {  // one word cut in two
    // Without the second reading none of them is flagged: the test would fail without it.
    EXPECT_EQ(Analyze(*plain_, c.text).severity, Severity::kNone) << c.text;
    const Verdict v = Analyze(*analyzer_, c.text);
    EXPECT_NE(v.severity, Severity::kNone) << c.text << ": " << v.explanation;
    ASSERT_EQ(v.corrections.size(), 1u) << c.text;
    EXPECT_EQ(v.corrections[0].read_as, c.read_as);
    EXPECT_EQ(v.corrections[0].source.Slice(c.text), c.original);
    EXPECT_THAT(v.explanation, ::testing::HasSubstr("Read with corrected spelling"));
    // The match over the corrected word says so, and keeps the original text's offsets.
    bool corrected = false;
    for (const Match& m : v.matches) {
      if (m.kind == MatchKind::kCorrected) {
        corrected = true;
        EXPECT_LE(m.source.end, std::string_view(c.text).size());
      }
    }
    EXPECT_TRUE(corrected) << c.text;
  }
}

TEST_F(SpellingTest, ARealWordIsNoTypo) {
  // "therapist" is in the dictionary: never "the rapist"; "verminous" is no typo of "vermin"; and a
  // word the dictionary knows is left alone even one swap from a lexicon word.
  for (const char* text : {"My therapist is a Muslims woman", "Jews are verminous"}) {
    const Verdict v = Analyze(*analyzer_, text);
    EXPECT_TRUE(v.corrections.empty()) << text << ": " << v.explanation;
  }
  auto a = WithWords(std::make_shared<SetWords>("en", std::set<std::string>{"vremin"}));
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(Analyze(*a, "Muslims are vremin").severity, Severity::kNone);  // a dictionary word
}

TEST_F(SpellingTest, NoDictionaryForTheLanguageNoCorrection) {
  auto a = WithWords(std::make_shared<SetWords>("fr", std::set<std::string>{}));
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(Analyze(*a, "Jwes are vermin").severity, Severity::kNone);
  EXPECT_NE(Analyze(*analyzer_, "Jwes are vermin").severity, Severity::kNone);
}

TEST_F(SpellingTest, TwoReadingsOrAWordOfTheLexiconAreLeftAlone) {
  NormalisedText text;
  auto n = Normaliser::Create({});
  ASSERT_TRUE(n.ok());
  std::vector<Match> matches;
  // "vermni" fits no word; "muslims" is a lexicon word; an unknown word of three letters is too short.
  (*n)->Normalise("Muslims vermni xyz", "en", &text);
  lexicon_->Match(text, &matches);
  const auto fixes = ProposeSpellingFixes("Muslims vermni xyz", text, matches, *lexicon_, *words_);
  ASSERT_EQ(fixes.size(), 1u);  // "vermni" -> vermin (the last two swapped)
  EXPECT_EQ(fixes[0].word, "vermin");
  // "vermins" is "vermin" with a letter too many, but not one struck twice: no typo.
  (*n)->Normalise("Muslims vermins", "en", &text);
  lexicon_->Match(text, &matches);
  EXPECT_TRUE(ProposeSpellingFixes("Muslims vermins", text, matches, *lexicon_, *words_).empty());
}

TEST_F(SpellingTest, TheMemoRemembersTokensWithoutAFix) {
  NormalisedText text;
  auto n = Normaliser::Create({});
  ASSERT_TRUE(n.ok());
  std::vector<Match> matches;
  SpellingMemo memo;
  (*n)->Normalise("Muslims qwertyuiop vremin", "en", &text);
  lexicon_->Match(text, &matches);
  EXPECT_EQ(ProposeSpellingFixes("Muslims qwertyuiop vremin", text, matches, *lexicon_, *words_, &memo).size(), 1u);
  // Asked again, the same answer (the fix is never memoised as none).
  EXPECT_EQ(ProposeSpellingFixes("Muslims qwertyuiop vremin", text, matches, *lexicon_, *words_, &memo).size(), 1u);
}

TEST_F(SpellingTest, TwoWordsOfTheDictionaryAreNotRunTogether) {
  // Both halves are words of the dictionary here: they are read as written.
  auto a = WithWords(std::make_shared<SetWords>("en", std::set<std::string>{"exter", "minate"}));
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(Analyze(*a, "Muslims, exter minate them all").severity, Severity::kNone);
  EXPECT_NE(Analyze(*analyzer_, "Muslims, exter minate them all").severity, Severity::kNone);
}

TEST_F(SpellingTest, TwoWordsOfAPhraseWrittenAsOneAreSplit) {
  // Neither "deport" nor "them" is a one-word term: the split is made because both are words of the
  // lexicon's phrases (or the dictionary's), and then the phrase matches.
  const char* text = "Muslims, deportthem all";
  EXPECT_EQ(Analyze(*plain_, text).severity, Severity::kNone);
  const Verdict v = Analyze(*analyzer_, text);
  EXPECT_NE(v.severity, Severity::kNone) << v.explanation;
  ASSERT_EQ(v.corrections.size(), 1u);
  EXPECT_EQ(v.corrections[0].read_as, "deport them");
  // No split makes a group's name ("muslimsare" is left alone: that takes a name's own tests), nor
  // one of two readings ("deportthemall": "deport" + "themall" and "deportthem" + "all" are not
  // words; only "deport them" + ... would be, and three words are never made from one).
  for (const char* t : {"Jews deportthemall", "Jews tothem"}) EXPECT_TRUE(Propose(*lexicon_, *words_, t).empty()) << t;
}

TEST_F(SpellingTest, AWordCutInTwoBeatsASplitOfOneHalf) {
  // "inate" alone splits into "in" (a phrase's word) + "ate" (the dictionary's); after "exterm" the
  // two run together into "exterminate", and that reading wins ("Solu zione" is "soluzione").
  auto words = std::make_shared<SetWords>("en", std::set<std::string>{"ate", "them", "all"});
  auto lexicon = CompileYaml("language: en\nentries:\n" + MuslimsEntry() +
                             E("cv.exterminate", "call_to_violence", "[exterminate them all]", "    near_target: 8\n") +
                             E("ct.live", "contempt", "[live in]", "    near_target: 8\n"));
  ASSERT_NE(lexicon, nullptr);
  auto fixes = Propose(*lexicon, *words, "Muslims inate");
  ASSERT_EQ(fixes.size(), 1u);
  EXPECT_EQ(fixes[0].word, "in");
  EXPECT_EQ(fixes[0].second, "ate");
  const char* text = "Muslims, exterm inate them all";
  fixes = Propose(*lexicon, *words, text);
  ASSERT_EQ(fixes.size(), 1u);
  EXPECT_TRUE(fixes[0].with_next);
  EXPECT_EQ(fixes[0].word, "exterminate");
  auto a = WithWords(words);
  ASSERT_NE(a, nullptr);
  const Verdict v = AnalyzeWith(*a, *lexicon, text);
  EXPECT_NE(v.severity, Severity::kNone) << v.explanation;
}

TEST_F(SpellingTest, AMessageWithAGroupAndUnaimedHarmIsReadAgain) {
  // "vermin" is denied, so the message holds a group and harm and is not flagged; the misspelt call
  // after the "but" ("deprot") is what it asserts.
  auto lexicon = CompileYaml("language: en\nentries:\n" + MuslimsEntry() +
                             E("dh.vermin", "dehumanisation", "[vermin]", "    near_target: 8\n") +
                             E("cv.deport", "call_to_violence", "[deport them all]", "    near_target: 12\n") +
                             E("cue.not", "negation", "[not]") + E("cue.but", "contrast", "[but]"));
  ASSERT_NE(lexicon, nullptr);
  const char* text = "Muslims are not vermin but deprot them all";
  Verdict v = AnalyzeWith(*plain_, *lexicon, text);
  EXPECT_EQ(v.severity, Severity::kNone) << v.explanation;
  // Spelt right, the call is flagged.
  const Verdict r = AnalyzeWith(*plain_, *lexicon, "Muslims are not vermin but deport them all");
  EXPECT_NE(r.severity, Severity::kNone) << r.explanation;
  v = AnalyzeWith(*analyzer_, *lexicon, text);
  EXPECT_NE(v.severity, Severity::kNone) << v.explanation;
  ASSERT_EQ(v.corrections.size(), 1u);
  EXPECT_EQ(v.corrections[0].read_as, "deport");
}

TEST_F(SpellingTest, AReadingFlaggedOnlyOnUncorrectedWordsIsNotKept) {
  // The coded phrase is discounted by a harmless-context word; splitting that word ("outcompetes",
  // unknown to the dictionary, into "out" + "competes") takes the discount away, but the fix made no
  // match of its own: the first reading stands.
  auto words = std::make_shared<SetWords>("en", std::set<std::string>{"out", "competes", "native", "plants"});
  auto lexicon = CompileYaml("language: en\nentries:\n" +
                             E("cd.invasion", "coded_language", "[silent invasion]",
                               "    target: immigrants\n    target_category: migration\n"
                               "    harmless_context: [outcompet, plant]\n") +
                             E("cv.out", "call_to_violence", "[throw them out]", "    near_target: 8\n"));
  ASSERT_NE(lexicon, nullptr);
  auto a = WithWords(words);
  ASSERT_NE(a, nullptr);
  const char* text = "The silent invasion outcompetes everything";
  // The split is proposed (so the rule is what keeps the verdict)...
  const auto fixes = Propose(*lexicon, *words, text);
  ASSERT_EQ(fixes.size(), 1u);
  EXPECT_EQ(fixes[0].second, "competes");
  // ...and the harmless-context word discounted the phrase in the first reading,
  Verdict v = AnalyzeWith(*a, *lexicon, text);
  EXPECT_EQ(v.severity, Severity::kNone) << v.explanation;
  EXPECT_TRUE(v.corrections.empty());
  // which without the word is flagged: the discount is what the first reading rests on.
  v = AnalyzeWith(*a, *lexicon, "The silent invasion is everything");
  EXPECT_NE(v.severity, Severity::kNone);
}

TEST_F(SpellingTest, AWordWithItsVowelsLeftOutIsReadWithThem) {
  auto lexicon = CompileYaml("language: en\nentries:\n" + MuslimsEntry() +
                             E("id.gypsies", "identity_term", "[gypsies, gypsy]",
                               "    target: roma\n    target_category: ethnicity\n") +
                             E("id.syrians", "identity_term", "[syrian]",
                               "    target: syrians\n    target_category: nationality\n    match: prefix\n") +
                             E("cv.kill", "call_to_violence", "[kill all the]", "    near_target: 8\n") +
                             E("dh.vermin", "dehumanisation", "[vermin]", "    near_target: 8\n"));
  ASSERT_NE(lexicon, nullptr);
  struct Case {
    const char* text;
    const char* read_as;  // "" for no fix
  };
  for (const Case& c : {Case{"Mslms are vermin", "muslims"},          // every vowel left out
                        Case{"kill all the mslms", "muslims"},         // a message with harm but no group
                        Case{"Syrnsr are vermin", "syriansr"},         // a stem's vowels, and the ending after it
                        Case{"MSLMS are vermin", ""},                  // capitals: an acronym
                        Case{"The frms are vermin", ""}}) {            // an English word ("frms" is in the list below)
    auto words = std::make_shared<SetWords>("en", std::set<std::string>{"are", "the", "all", "kill", "frms"});
    const auto fixes = Propose(*lexicon, *words, c.text);
    if (*c.read_as == 0) {
      EXPECT_TRUE(fixes.empty()) << c.text << ": " << (fixes.empty() ? "" : fixes[0].word);
      continue;
    }
    ASSERT_EQ(fixes.size(), 1u) << c.text;
    EXPECT_EQ(fixes[0].word, c.read_as) << c.text;
  }
  // Of two words, the one with fewer vowels put back: "mslmns" is musulmans, not musulmanes; and two
  // words with as many vowels ("mslms": muslims, moslems) make no fix.
  auto words = std::make_shared<SetWords>("en", std::set<std::string>{"are", "here"});
  auto two = CompileYaml("language: en\nentries:\n" +
                         E("id.m", "identity_term", "[muslims, moslems, musulmans, musulmanes]",
                           "    target: muslims\n    target_category: religion\n"));
  ASSERT_NE(two, nullptr);
  EXPECT_TRUE(Propose(*two, *words, "mslms are here").empty());
  auto fixes = Propose(*two, *words, "mslmns are here");
  ASSERT_EQ(fixes.size(), 1u);
  EXPECT_EQ(fixes[0].word, "musulmans");
}

TEST_F(SpellingTest, AMessageThatMatchedNothingIsReadAgainForWordsWithoutVowels) {
  // "Maak alle mslms af": no group, no harm in the first reading. Only the vowel-poor word is fixed;
  // the plain split of "allthe" a group-or-harm message would get is not made.
  auto lexicon = CompileYaml("language: en\nentries:\n" + MuslimsEntry() +
                             E("cv.kill", "call_to_violence", "[kill all the]", "    near_target: 8\n"));
  ASSERT_NE(lexicon, nullptr);
  auto words = std::make_shared<SetWords>("en", std::set<std::string>{"all", "the", "kill", "now"});
  auto a = WithWords(words);
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(AnalyzeWith(*plain_, *lexicon, "kill all the mslms now").severity, Severity::kNone);
  const Verdict v = AnalyzeWith(*a, *lexicon, "kill all the mslms now");
  EXPECT_NE(v.severity, Severity::kNone) << v.explanation;
  ASSERT_EQ(v.corrections.size(), 1u);
  EXPECT_EQ(v.corrections[0].read_as, "muslims");
  EXPECT_TRUE(MayLackVowels(Normalised("kill all the mslms now")));
  EXPECT_FALSE(MayLackVowels(Normalised("kill all the charset now")));  // two vowels to five consonants
  EXPECT_FALSE(MayLackVowels(Normalised("kill all the pks now")));      // three letters: too many words
}

TEST(SpellingApply, AWordCutInTwoBecomesOneTokenOverBothSpans) {
  auto n = Normaliser::Create({});
  ASSERT_TRUE(n.ok());
  NormalisedText text, fixed;
  (*n)->Normalise("they ext erminate us", "en", &text);
  ASSERT_EQ(text.tokens.size(), 4u);
  std::vector<bool> fixed_tokens;
  ApplySpellingFixes(text, {SpellingFix{1, "exterminate", {}, true}}, &fixed, &fixed_tokens);
  ASSERT_EQ(fixed.tokens.size(), 3u);
  EXPECT_EQ(fixed.canonical, "they exterminate us");
  EXPECT_EQ(fixed.tokens[1].source.begin, 5u);
  EXPECT_EQ(fixed.tokens[1].source.end, 17u);
  EXPECT_EQ(fixed.TokenText(fixed.tokens[2]), "us");
  EXPECT_EQ(fixed_tokens, (std::vector<bool>{false, true, false}));
}

TEST(SpellingApply, ASplitTokenBecomesTwoTokensOverItsSourceSpan) {
  auto n = Normaliser::Create({});
  ASSERT_TRUE(n.ok());
  NormalisedText text, fixed;
  (*n)->Normalise("we Ihate them", "en", &text);
  ASSERT_EQ(text.tokens.size(), 3u);
  std::vector<bool> fixed_tokens;
  ApplySpellingFixes(text, {SpellingFix{1, "i", "hate"}}, &fixed, &fixed_tokens);
  ASSERT_EQ(fixed.tokens.size(), 4u);
  EXPECT_EQ(fixed.canonical, "we i hate them");
  EXPECT_EQ(fixed.TokenText(fixed.tokens[2]), "hate");
  EXPECT_EQ(fixed.tokens[1].source.begin, 3u);  // "I"
  EXPECT_EQ(fixed.tokens[1].source.end, 4u);
  EXPECT_EQ(fixed.tokens[2].source.begin, 4u);  // "hate"
  EXPECT_EQ(fixed.tokens[2].source.end, 8u);
  EXPECT_EQ(fixed.tokens[3].source.begin, 9u);
  EXPECT_EQ(fixed_tokens, (std::vector<bool>{false, true, true, false}));
}

}  // namespace
}  // namespace vigil
