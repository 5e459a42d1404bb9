#include "classifiers/language_guess.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "classifiers/analyzer.h"
#include "test_lexicon.h"

namespace vigil {
namespace {

using testing::E;

TEST(GuessLanguage, NamesTheLanguageOfAnOrdinarySentence) {
  EXPECT_EQ(GuessLanguage("Die Leute sagen, dass es nicht so einfach ist, und das stimmt auch nicht ganz.").lang, "de");
  EXPECT_EQ(GuessLanguage("Die nicht moet oprotten uit onze straat, het is walgelijk wat hij doet.").lang, "nl");
  EXPECT_EQ(GuessLanguage("Эти люди не понимают, что происходит в нашей стране, и никто им не объясняет.").lang, "ru");
  // Arabic script is also Persian's: the script alone would say "ar".
  EXPECT_EQ(GuessLanguage("این مهاجران افغانی همه جا هستند و دولت هیچ کاری برای مردم نمی‌کند").lang, "fa");
}

TEST(GuessLanguage, KnowsTheLanguagesOnlyTheFullTablesHave) {
  // CLD2's small tables (libcld2 alone) know neither: this fails if libcld2_full is not linked first.
  EXPECT_EQ(GuessLanguage("Wannan gwamnati ba ta damu da talakawa ba, kullum sai karin haraji suke yi.").lang, "ha");
  EXPECT_EQ(GuessLanguage("Abantu benshi bavuga ko ubuzima bwabo bwahindutse cyane muri iyi myaka.").lang, "rw");
}

TEST(GuessLanguage, LeavesUndecidedWhatItCannotTellReliably) {
  EXPECT_EQ(GuessLanguage("ok").lang, "");
  EXPECT_EQ(GuessLanguage("").lang, "");
  EXPECT_EQ(GuessLanguage("\xff\xfe not UTF-8 at all, but long enough to be judged as English text").lang, "");
  // Bosnian, Croatian and Serbian in Latin script: CLD2 picks one by a few spellings.
  EXPECT_EQ(GuessLanguage("Ovi ljudi ne znaju što rade, a vlada ništa ne poduzima protiv toga.").lang, "");
}

TEST(GuessLanguage, JudgesALongTextByItsStartCutOnACodePoint) {
  const std::string sentence = "Эти люди не понимают, что происходит в нашей стране. ";
  std::string text;
  while (text.size() + sentence.size() < kLanguageGuessMaxBytes) text += sentence;
  text.resize(kLanguageGuessMaxBytes - 1, ' ');
  text += "ж";  // a two-byte letter across the cut: cutting inside it would make the text invalid
  while (text.size() < 3 * kLanguageGuessMaxBytes) text += sentence;
  const LanguageGuess g = GuessLanguage(text);
  EXPECT_EQ(g.lang, "ru");
  EXPECT_GT(g.percent, 50);
}

// A Dutch slur that is an everyday German word, a German harm word, a Persian group name and an
// Arabic harm word.
std::shared_ptr<const CompiledLexicon> TwoLanguageLexicon() {
  std::vector<Entry> entries;
  std::vector<LexiconError> errors;
  ParseLexiconYaml("nl.yaml",
                   "language: nl\nentries:\n" +
                       E("nl.slur.nicht", "slur", "[nicht]", "    target: gay_men\n    target_category: sexuality\n"),
                   &entries, &errors);
  ParseLexiconYaml("de.yaml", "language: de\nentries:\n" + E("de.dehum.ungeziefer", "dehumanisation", "[ungeziefer]"),
                   &entries, &errors);
  ParseLexiconYaml("fa.yaml",
                   "language: fa\nentries:\n" +
                       E("fa.id.afghan", "identity_term", "[افغانی]", "    target: afghans\n    target_category: ethnicity\n"),
                   &entries, &errors);
  ParseLexiconYaml("ar.yaml", "language: ar\nentries:\n" + E("ar.dehum.insects", "dehumanisation", "[حشرات]"),
                   &entries, &errors);
  for (const auto& e : errors) ADD_FAILURE() << e.ToString();
  auto n = Normaliser::Create({});
  auto lex = CompiledLexicon::Create(std::move(entries), n->get(), {});
  EXPECT_TRUE(lex.ok()) << lex.status().ToString();
  return *lex;
}

struct Analysed {
  std::vector<std::string> entries;
  std::string detected_lang;
  LanguageSource source = LanguageSource::kDeclared;
};

Analysed AnalyseWithoutLang(const CompiledLexicon& lex, const std::string& text, bool guess) {
  Analyzer::Options options;
  options.guess_language = guess;
  auto a = Analyzer::Create(options);
  EXPECT_TRUE(a.ok());
  Scorer scorer(ScoringConfig::Defaults());
  Message m;
  m.text = text;
  Verdict v;
  (*a)->Analyze(m, lex, scorer, &v);
  Analysed out;
  for (const Match& mt : (*a)->matches()) out.entries.push_back(lex.entry(mt.entry).id);
  out.detected_lang = v.detected_lang;
  out.source = v.language_source;
  return out;
}

TEST(AnalyzerLanguageGuess, AWordOfAnotherLanguageDoesNotFireInAGuessedOne) {
  auto lex = TwoLanguageLexicon();
  const std::string german = "Die Leute sagen, dass es nicht so einfach ist, und das stimmt auch nicht ganz.";
  const Analysed guessed = AnalyseWithoutLang(*lex, german, true);
  EXPECT_THAT(guessed.entries, ::testing::IsEmpty());
  EXPECT_EQ(guessed.detected_lang, "de");
  EXPECT_EQ(guessed.source, LanguageSource::kGuessed);
  // Without the guess the message is matched against every lexicon: the Dutch slur fires.
  const Analysed unknown = AnalyseWithoutLang(*lex, german, false);
  EXPECT_THAT(unknown.entries, ::testing::Contains("nl.slur.nicht"));
  EXPECT_EQ(unknown.detected_lang, "");
  EXPECT_EQ(unknown.source, LanguageSource::kUnknown);
}

TEST(AnalyzerLanguageGuess, TheWordStillFiresInItsOwnLanguage) {
  auto lex = TwoLanguageLexicon();
  const Analysed a =
      AnalyseWithoutLang(*lex, "Die nicht moet oprotten uit onze straat, het is walgelijk wat hij doet.", true);
  EXPECT_THAT(a.entries, ::testing::Contains("nl.slur.nicht"));
  EXPECT_EQ(a.detected_lang, "nl");
}

TEST(AnalyzerLanguageGuess, ArabicScriptIsGuessedTooForPersianAndUrdu) {
  auto lex = TwoLanguageLexicon();
  const std::string persian = "این مهاجران افغانی همه جا هستند و دولت هیچ کاری برای مردم نمی‌کند";
  const Analysed guessed = AnalyseWithoutLang(*lex, persian, true);
  EXPECT_THAT(guessed.entries, ::testing::Contains("fa.id.afghan"));
  EXPECT_EQ(guessed.detected_lang, "fa");
  EXPECT_EQ(guessed.source, LanguageSource::kGuessed);
  // By its script alone the message is Arabic, and the Persian entry is not tried.
  const Analysed by_script = AnalyseWithoutLang(*lex, persian, false);
  EXPECT_THAT(by_script.entries, ::testing::IsEmpty());
  EXPECT_EQ(by_script.detected_lang, "ar");
  EXPECT_EQ(by_script.source, LanguageSource::kScript);
}

TEST(AnalyzerLanguageGuess, ADeclaredLanguageIsNeverSecondGuessed) {
  auto lex = TwoLanguageLexicon();
  auto a = Analyzer::Create({});
  ASSERT_TRUE(a.ok());
  Scorer scorer(ScoringConfig::Defaults());
  Message m;
  m.lang = "nl";  // wrong, but declared
  m.text = "Die Leute sagen, dass es nicht so einfach ist, und das stimmt auch nicht ganz.";
  Verdict v;
  (*a)->Analyze(m, *lex, scorer, &v);
  ASSERT_EQ((*a)->matches().size(), 2u);
  EXPECT_EQ(lex->entry((*a)->matches()[0].entry).id, "nl.slur.nicht");
  EXPECT_EQ(v.detected_lang, "");
  EXPECT_EQ(v.language_source, LanguageSource::kDeclared);
}

}  // namespace
}  // namespace vigil
