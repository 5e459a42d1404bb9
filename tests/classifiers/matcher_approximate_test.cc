// The matcher's approximate and special lookups: squeezed, masked, fuzzy, concatenated, joined,
// multi-word prefixes, pattern shards and compile-error collection.
//
// Squeezed, masked and joined tokens are built by hand (flags as the normaliser sets them), so these
// tests pin the matcher's contract independently of how the normaliser detects obfuscation.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <set>

#include "classifiers/matcher.h"
#include "test_lexicon.h"

namespace vigil {
namespace {

using testing::E;

struct Tok {
  Tok(std::string t, uint16_t f = 0, std::string sq = "", Boundary b = Boundary::kNone)  // NOLINT: implicit
      : text(std::move(t)), flags(f), squeezed(std::move(sq)), before(b) {}
  std::string text;
  uint16_t flags;
  std::string squeezed;  // run-collapsed form for kTokenSqueezed tokens
  Boundary before;
};

// A NormalisedText as the normaliser would produce it; the "original" is the tokens joined by spaces.
NormalisedText Build(const std::vector<Tok>& toks, const std::string& lang = "en") {
  NormalisedText nt;
  nt.lang = lang;
  for (const Tok& t : toks) {
    if (!nt.canonical.empty()) nt.canonical.push_back(' ');
    Token tok;
    tok.text_begin = static_cast<uint32_t>(nt.canonical.size());
    tok.text_size = static_cast<uint32_t>(t.text.size());
    tok.source = SourceSpan{tok.text_begin, tok.text_begin + tok.text_size};
    tok.flags = t.flags;
    tok.before = nt.tokens.empty() ? Boundary::kNone : t.before;
    nt.canonical += t.text;
    if (!t.squeezed.empty()) {
      nt.squeezed_index.resize(nt.tokens.size() + 1, 0);
      nt.squeezed_index[nt.tokens.size()] = static_cast<uint32_t>(nt.squeezed_storage.size() + 1);
      nt.squeezed_storage += t.squeezed;
      nt.squeezed_storage.push_back('\0');
    }
    nt.tokens.push_back(tok);
  }
  nt.squeezed_index.resize(nt.tokens.size(), 0);
  return nt;
}

// These tests exercise the approximate machinery on harm words too, so they turn fuzzy_harm on.
CompiledLexicon::Options WithHarmFuzzy() {
  CompiledLexicon::Options o;
  o.fuzzy_harm = true;
  return o;
}

std::shared_ptr<const CompiledLexicon> Compile(const std::string& yaml,
                                               const CompiledLexicon::Options& options = WithHarmFuzzy()) {
  return testing::CompileYaml(yaml, options);
}

// "id:kind" for every match.
std::vector<std::string> Found(const CompiledLexicon& lex, const NormalisedText& nt) {
  std::vector<Match> matches;
  lex.Match(nt, &matches);
  std::vector<std::string> out;
  for (const Match& m : matches) out.push_back(lex.entry(m.entry).id + ":" + std::string(MatchKindName(m.kind)));
  return out;
}

using V = std::vector<std::string>;

const std::string kLexicon =
    "language: en\nentries:\n" +                                                            //
    E("en.kill", "call_to_violence", "[kill]") +                                            //
    E("en.wipe", "call_to_violence", "[wipe them out]") +                                   //
    E("en.roach", "dehumanisation", "[cockroaches]") +                                      //
    E("en.vermin", "dehumanisation", "[vermin]") +                                          //
    E("en.rats", "dehumanisation", "[rats]") +                                              //
    E("en.ruts", "contempt", "[ruts]") +                                                    //
    E("en.snake", "dehumanisation", "[snake]") +                                            //
    E("en.traitors", "questioning_loyalty", "[traitors]") +                                 //
    E("en.traitor", "contempt", "[traitor]") +                                              //
    E("en.reporting", "reporting", "[reported]") +                                          //
    E("en.tutsi", "identity_term", "[tutsi]", "    target: tutsi\n") +                      //
    E("en.muslims", "identity_term", "[muslims]", "    target: muslims\n") +                //
    E("en.cleansing", "call_to_violence", "[ethnic cleans]", "    match: prefix\n") +       //
    "  - id: fr.vermine\n    language: fr\n    indicator: dehumanisation\n    terms: [vermines]\n"
    "    note: n\n    sources: [s]\n";

class ApproximateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    lex_ = Compile(kLexicon);
    ASSERT_NE(lex_, nullptr);
    auto n = Normaliser::Create({});
    ASSERT_TRUE(n.ok());
    normaliser_ = std::move(*n);
  }
  V Text(const std::string& text, const std::string& lang = "en") {
    normaliser_->Normalise(text, lang, &nt_);
    return Found(*lex_, nt_);
  }
  std::shared_ptr<const CompiledLexicon> lex_;
  std::unique_ptr<Normaliser> normaliser_;
  NormalisedText nt_;
};

// --- Squeezed.

TEST_F(ApproximateTest, SqueezedTokenMatchesTermWithRunsCollapsed) {
  EXPECT_EQ(Found(*lex_, Build({{"killlll", kTokenSqueezed, "kil"}, {"them"}})), V{"en.kill:squeezed"});
}

// Terms whose letter runs collapse to the same form ("kill", "kil") are all found through it; a term
// of another language is not.
TEST(SqueezedForms, EveryTermOfASharedSqueezedFormMatches) {
  auto lex = Compile("language: en\nentries:\n" + E("en.kill", "call_to_violence", "[kill]") +
                     E("en.kil", "contempt", "[kil]") + E("en.kiil", "contempt", "[kiil]") +
                     "  - id: de.kill\n    language: de\n    indicator: contempt\n    terms: [kill]\n"
                     "    note: n\n    sources: [s]\n");
  ASSERT_NE(lex, nullptr);
  EXPECT_EQ(Found(*lex, Build({{"kiiilll", kTokenSqueezed, "kil"}})), (V{"en.kiil:squeezed", "en.kil:squeezed", "en.kill:squeezed"}));
  EXPECT_EQ(Found(*lex, Build({{"kiiilll", kTokenSqueezed, "kil"}, {"them"}})).size(), 3u);
  EXPECT_TRUE(Found(*lex, Build({{"kuuulll", kTokenSqueezed, "kul"}})).empty());
}

TEST(SqueezedStems, ASqueezedTokenMatchesThePrefixStemItInflects) {
  auto lex = Compile("language: de\nentries:\n" +
                     E("de.id.muslims", "identity_term", "[muslim]", "    target: muslims\n    match: prefix\n") +
                     E("de.id.immigrants", "identity_term", "[immigrant]", "    target: immigrants\n    match: prefix\n"));
  ASSERT_NE(lex, nullptr);
  auto n = Normaliser::Create({});
  ASSERT_TRUE(n.ok());
  NormalisedText nt;
  auto found = [&](const std::string& text) {
    (*n)->Normalise(text, "de", &nt);
    return Found(*lex, nt);
  };
  EXPECT_EQ(found("Musllllime"), V{"de.id.muslims:squeezed"});
  EXPECT_EQ(found("Iiiimmigranten"), V{"de.id.immigrants:squeezed"});  // compared with the stem collapsed too
  EXPECT_EQ(found("Muslime"), V{"de.id.muslims:prefix"});             // unsqueezed: the prefix match
  EXPECT_TRUE(found("Mussssik").empty());                               // another word
}

TEST(FuzzyStems, AGroupNameStemWithTwoInnerLettersSwappedMatchesFuzzy) {
  auto lex = Compile("language: de\nentries:\n" +
                     E("de.id.muslims", "identity_term", "[muslim]", "    target: muslims\n    match: prefix\n") +
                     E("de.ct.hass", "contempt", "[verachtung]", "    match: prefix\n"));
  ASSERT_NE(lex, nullptr);
  auto found = [&](const std::string& word) { return Found(*lex, Build({{word}}, "de")); };
  for (const std::string word : {"mulsime", "msulimen", "musilm", "muslmie"}) {
    EXPECT_EQ(found(word), V{"de.id.muslims:fuzzy"}) << word;
  }
  EXPECT_EQ(found("muslime"), V{"de.id.muslims:prefix"});
  EXPECT_TRUE(found("umslime").empty());     // the first letter is kept
  EXPECT_TRUE(found("musime").empty());      // a dropped letter leaves the start of too many words
  EXPECT_TRUE(found("vreachtung").empty());  // only group names
}

// A dropped inner letter counts only in a long stem (9+ code points): a shorter one minus a letter
// begins too many ordinary words ("transami" minus a begins "transmisji"); a dropped last letter
// only shortens the stem ("chinesen" minus n begins "chinesisch").
TEST(FuzzyStems, ALongGroupNameStemWithAnInnerLetterDroppedMatchesFuzzy) {
  auto lex = Compile("language: de\nentries:\n" +
                     E("de.id.foreigners", "identity_term", "[ausländer]", "    target: immigrants\n    match: prefix\n") +
                     E("de.id.chinese", "identity_term", "[chinesen]", "    target: chinese\n    match: prefix\n"));
  ASSERT_NE(lex, nullptr);
  auto found = [&](const std::string& word) { return Found(*lex, Build({{word}}, "de")); };
  for (const std::string word : {"auslandr", "auslnder", "ausander", "auslandrn"}) {
    EXPECT_EQ(found(word), V{"de.id.foreigners:fuzzy"}) << word;
  }
  for (const std::string word : {"auslande", "chinesisch", "chinsen", "uslander"}) {
    EXPECT_TRUE(found(word).empty()) << word;
  }
}

TEST_F(ApproximateTest, SqueezedTokenInsideAPhraseMatchesThePhrase) {
  EXPECT_EQ(Found(*lex_, Build({{"wipe"}, {"themmmm", kTokenSqueezed, "them"}, {"out"}})), V{"en.wipe:squeezed"});
}

TEST_F(ApproximateTest, TokenWithoutSqueezedFlagIsNotLookedUpCollapsed) {
  EXPECT_TRUE(Found(*lex_, Build({{"kil"}})).empty());
}

TEST_F(ApproximateTest, SqueezedLookupCanBeTurnedOff) {
  CompiledLexicon::Options o = WithHarmFuzzy();
  o.squeezed = false;
  auto lex = Compile(kLexicon, o);
  EXPECT_TRUE(Found(*lex, Build({{"killlll", kTokenSqueezed, "kil"}})).empty());
}

TEST_F(ApproximateTest, SqueezedTokenThatIsAlsoExactReportsExact) {
  // A normaliser that caps runs at two letters leaves "kill" in the canonical text.
  EXPECT_EQ(Found(*lex_, Build({{"kill", kTokenSqueezed, "kil"}})), V{"en.kill:exact"});
}

// --- Masked.

TEST_F(ApproximateTest, MaskedTokenMatchesTheOneTermItFits) {
  EXPECT_EQ(Found(*lex_, Build({{"k*ll", kTokenMasked}})), V{"en.kill:masked"});
  EXPECT_EQ(Found(*lex_, Build({{"v*rm*n", kTokenMasked}})), V{"en.vermin:masked"});
}

TEST_F(ApproximateTest, MaskLeadingStarIsResolvedFromTheEnd) {
  EXPECT_EQ(Found(*lex_, Build({{"*ermin", kTokenMasked}})), V{"en.vermin:masked"});
}

TEST_F(ApproximateTest, AmbiguousMaskMatchesNothing) {
  // r*ts fits both "rats" and "ruts".
  EXPECT_TRUE(Found(*lex_, Build({{"r*ts", kTokenMasked}})).empty());
}

TEST_F(ApproximateTest, MaskStarStandsForAtLeastOneLetter) {
  EXPECT_TRUE(Found(*lex_, Build({{"ki*ll", kTokenMasked}})).empty());
  EXPECT_EQ(Found(*lex_, Build({{"k**l", kTokenMasked}})), V{"en.kill:masked"});
}

TEST_F(ApproximateTest, MaskWithFewerThanTwoLettersIsIgnored) {
  EXPECT_TRUE(Found(*lex_, Build({{"k***", kTokenMasked}})).empty());
  EXPECT_TRUE(Found(*lex_, Build({{"****", kTokenMasked}})).empty());
}

TEST_F(ApproximateTest, MaskOnlyConsidersTermsOfTheMessageLanguage) {
  EXPECT_TRUE(Found(*lex_, Build({{"vermi*es", kTokenMasked}}, "en")).empty());
  EXPECT_EQ(Found(*lex_, Build({{"vermi*es", kTokenMasked}}, "fr")), V{"fr.vermine:masked"});
}

TEST_F(ApproximateTest, MaskedLookupsOfOneMessageHaveABudget) {
  // 4,000 terms share the head "ab": five masks starting with it use up the message's budget, so
  // a later mask is not resolved. The same mask alone is.
  std::string yaml = "language: en\nentries:\n" + E("en.kill", "call_to_violence", "[kill]");
  std::string terms;
  for (int i = 0; i < 4000; ++i) {  // ab + three letters + x: no digits (leet) and no letter runs
    const std::string mid{static_cast<char>('c' + i % 20), static_cast<char>('d' + i / 20 % 20), static_cast<char>('e' + i / 400 % 20)};
    terms += (i ? ", ab" : "ab") + mid + "x";
  }
  yaml += E("en.many", "contempt", "[" + terms + "]");
  auto lex = Compile(yaml);
  ASSERT_NE(lex, nullptr);
  EXPECT_EQ(Found(*lex, Build({{"k*ll", kTokenMasked}})), V{"en.kill:masked"});
  std::vector<Tok> toks;
  for (int i = 0; i < 5; ++i) toks.emplace_back("ab*q", kTokenMasked);
  toks.emplace_back("k*ll", kTokenMasked);
  EXPECT_TRUE(Found(*lex, Build(toks)).empty());
}

// A masked inflected form of a prefix stem ("п*доры", "ż*dów") resolves to the stem when exactly one
// entry's stem fits a start of the token that ends in a letter, with at most three letters of
// ending after it and a mask that hides no more than two letters beyond its own length.
TEST(MaskedStems, AMaskedInflectedFormResolvesToTheOneStemItFits) {
  auto lex = Compile("language: ru\nentries:\n" +
                     E("ru.slur.gay", "slur", "[пидор, пидар]", "    target: gay_people\n    match: prefix\n") +
                     E("ru.dehum.half", "dehumanisation", "[полулюд]", "    match: prefix\n") +
                     E("ru.dehum.par", "dehumanisation", "[паразит]", "    match: prefix\n") +
                     E("ru.ct.para", "contempt", "[паразитн]", "    match: prefix\n"));
  ASSERT_NE(lex, nullptr);
  auto found = [&](const std::string& word) { return Found(*lex, Build({{word, kTokenMasked}}, "ru")); };
  for (const std::string word : {"п*доры", "п*дорам", "пи*ор", "п*дарасы"}) {
    EXPECT_EQ(found(word), V{"ru.slur.gay:masked"}) << word;
  }
  EXPECT_TRUE(found("п*д").empty());            // the mask would hide "олулю" of полулюд
  EXPECT_TRUE(found("п*").empty());             // one letter: never
  EXPECT_TRUE(found("п*доровский").empty());    // an ending of more than three letters
  EXPECT_EQ(found("пара*иты"), V{"ru.dehum.par:masked"});
  EXPECT_TRUE(found("пара*итные").empty());     // паразит + ные and паразитн + ые: ambiguous
}

// Several terms may fit one mask. Those that hide the fewest letters are the reading (a writer
// hides a letter per '*'), and they name one thing when they all belong to the same entries; a
// whole word that fits only by hiding more letters than there are masks gives way to a prefix stem
// that fits tightly ("j*den": jude + n, not jesiden).
TEST(MaskedReadings, TheTermsHidingFewestLettersAreTheReadingWhenTheyShareTheirEntry) {
  auto lex = Compile("language: de\nentries:\n" +
                     E("de.slur.gay", "slur", "[ibneler, ipneler]", "    target: gay_people\n") +
                     E("de.id.jews", "identity_term", "[jude]", "    target: jews\n    match: prefix\n") +
                     E("de.id.yazidis", "identity_term", "[jesiden, jeziden]", "    target: yazidis\n") +
                     E("de.id.roma", "identity_term", "[roma]", "    target: roma\n") +
                     E("de.dehum.ratten", "dehumanisation", "[ratten]") +
                     E("de.dehum.rotten", "dehumanisation", "[rotten]"));
  ASSERT_NE(lex, nullptr);
  auto found = [&](const std::string& word) { return Found(*lex, Build({{word, kTokenMasked}}, "de")); };
  EXPECT_EQ(found("i*neler"), V{"de.slur.gay:masked"});      // ibneler and ipneler: one entry
  EXPECT_EQ(found("j*den"), V{"de.id.jews:masked"});         // jude + n, not jesiden (three hidden)
  EXPECT_EQ(found("je*iden"), V{"de.id.yazidis:masked"});    // a tight whole word stays
  EXPECT_EQ(found("j***den"), V{"de.id.yazidis:masked"});    // jesiden and jeziden: one entry
  EXPECT_TRUE(found("r*tten").empty());                      // ratten and rotten: two entries
}

TEST_F(ApproximateTest, MaskedLookupCanBeTurnedOff) {
  CompiledLexicon::Options o = WithHarmFuzzy();
  o.masked = false;
  auto lex = Compile(kLexicon, o);
  EXPECT_TRUE(Found(*lex, Build({{"k*ll", kTokenMasked}})).empty());
}

// --- Fuzzy.

TEST_F(ApproximateTest, FuzzyMatchesEachSingleEdit) {
  EXPECT_EQ(Text("cockroachs"), V{"en.roach:fuzzy"});     // deletion
  EXPECT_EQ(Text("cockroachess"), V{"en.roach:fuzzy"});   // insertion
  EXPECT_EQ(Text("cockroaxhes"), V{"en.roach:fuzzy"});    // substitution
  EXPECT_EQ(Text("cockraoches"), V{"en.roach:fuzzy"});    // adjacent transposition
  EXPECT_EQ(Text("xockroaches"), V{"en.roach:fuzzy"});    // first letter
  EXPECT_EQ(Text("cockroachse"), V{"en.roach:fuzzy"});    // last two swapped
}

// The fuzzy gate skips a token unless its first or its last two code points occur in that place in
// some term; that is exact only because every edit at position 0 or 1 leaves the last pair intact
// (five code points are needed for a transposition at 1). Pin those cases on a five-letter term.
// A group's name is only misspelt after its first letter: an edit that changes the first letter
// makes another word as often as a typo ("trauen", to trust, is no "Frauen"), so it is no match; the
// gate's exactness at position 0 is pinned on a harm term.
TEST_F(ApproximateTest, FuzzyFindsEditsAtEitherEndOfTheShortestTerms) {
  EXPECT_TRUE(Text("xutsi").empty());              // substitution at 0
  EXPECT_EQ(Text("txtsi"), V{"en.tutsi:fuzzy"});   // substitution at 1
  EXPECT_TRUE(Text("uttsi").empty());              // transposition at 0
  EXPECT_EQ(Text("ttusi"), V{"en.tutsi:fuzzy"});   // transposition at 1: first pair changed too
  EXPECT_TRUE(Text("xtutsi").empty());             // insertion at 0
  EXPECT_EQ(Text("utsi"), V{});                    // deletion at 0 (and too short)
  EXPECT_EQ(Text("xuslims"), V{});                 // substitution at 0 of a longer name
  EXPECT_EQ(Text("muslixs"), V{"en.muslims:fuzzy"});
  EXPECT_EQ(Text("xockroaches"), V{"en.roach:fuzzy"});  // a harm term: substitution at 0
  EXPECT_EQ(Text("ockroaches"), V{"en.roach:fuzzy"});   // deletion at 0
  EXPECT_EQ(Text("txutsi"), V{"en.tutsi:fuzzy"});  // insertion at 1
  EXPECT_EQ(Text("tutsx"), V{"en.tutsi:fuzzy"});   // substitution at the end: last pair changed
  EXPECT_EQ(Text("tutis"), V{"en.tutsi:fuzzy"});   // transposition at the end
  EXPECT_EQ(Text("tutsix"), V{"en.tutsi:fuzzy"});  // insertion at the end
}

TEST_F(ApproximateTest, FuzzyReportsTheOriginalBytes) {
  const std::string text = "those COCKROACHS again";
  normaliser_->Normalise(text, "en", &nt_);
  std::vector<Match> m;
  lex_->Match(nt_, &m);
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].source.Slice(text), "COCKROACHS");
  EXPECT_TRUE(IsApproximate(m[0].kind));
}

TEST_F(ApproximateTest, FuzzyNeedsDistanceOne) {
  EXPECT_TRUE(Text("cockroxxhes").empty());
  EXPECT_TRUE(Text("cockroa").empty());
}

TEST_F(ApproximateTest, ShortHarmTermsAreNotFuzzyMatched) {
  EXPECT_TRUE(Text("rats").empty() == false);  // exact still works
  EXPECT_TRUE(Text("rata").empty());
  EXPECT_TRUE(Text("snakr").empty());  // "snake" has 5 letters: below the harm threshold of 6
  EXPECT_TRUE(Text("vermi").empty());  // a 5-letter token never fuzzy-matches a harm term
}

TEST(FuzzyHarm, AnEntryMarkedFuzzyMatchesTyposThatSeldomMakeAnotherWord) {
  const std::string yaml = "language: en\nentries:\n" +
                           E("en.ct.despise", "contempt", "[despise, exterminate]", "    fuzzy: true\n") +
                           E("en.dh.roaches", "dehumanisation", "[roaches]");
  auto lex = Compile(yaml, CompiledLexicon::Options{});  // default options: fuzzy_harm off
  ASSERT_NE(lex, nullptr);
  auto found = [&](const std::string& word) { return Found(*lex, Build({{word}})); };
  // Two inner letters swapped, one letter dropped or added inside the word.
  for (const std::string word : {"depsise", "despse", "despiise", "exterminte", "extermiante"}) {
    EXPECT_EQ(found(word), V{"en.ct.despise:fuzzy"}) << word;
  }
  // A substitution, an edit at either end, or a word too short for a deletion: no.
  for (const std::string word : {"despite", "xdespise", "despis", "espise", "despiss", "edspise"}) {
    EXPECT_TRUE(found(word).empty()) << word;
  }
  EXPECT_TRUE(found("raoches").empty());  // an entry not marked fuzzy keeps exact matching
}

// The last two letters swapped is the commonest slip at a word's end ("haet"); in a short word it is
// the only edit trusted, since a dropped or added letter there often makes another word (scum ~ sum).
TEST(FuzzyHarm, ShortTermsOfAnEntryMarkedFuzzyMatchOnlyASwapAfterTheFirstLetter) {
  const std::string yaml = "language: en\nentries:\n" +
                           E("en.ct.hate", "contempt", "[hate, scum, despise]", "    fuzzy: true\n") +
                           E("en.dh.rats", "dehumanisation", "[rats]");
  auto lex = Compile(yaml, CompiledLexicon::Options{});
  ASSERT_NE(lex, nullptr);
  auto found = [&](const std::string& word) { return Found(*lex, Build({{word}})); };
  for (const std::string word : {"haet", "htae", "sucm", "scmu", "despies"}) {
    EXPECT_EQ(found(word), V{"en.ct.hate:fuzzy"}) << word;
  }
  // First two letters swapped, a letter dropped or added, a substitution; an entry not marked.
  for (const std::string word : {"ahte", "hte", "sum", "haate", "hatr", "rast"}) {
    EXPECT_TRUE(found(word).empty()) << word;
  }
}

TEST_F(ApproximateTest, IdentityTermsAreFuzzyMatchedFromFiveLetters) {
  EXPECT_EQ(Text("tutsy"), V{"en.tutsi:fuzzy"});
  EXPECT_EQ(Text("muslimz"), V{"en.muslims:fuzzy"});
}

TEST_F(ApproximateTest, TokenThatIsALexiconWordIsNotFuzzyMatched) {
  // "traitor" is one edit from "traitors", but it is a term itself.
  EXPECT_EQ(Text("traitor"), V{"en.traitor:exact"});
}

TEST_F(ApproximateTest, CueEntriesAreNotFuzzyMatched) {
  EXPECT_TRUE(Text("reportex").empty());
}

TEST_F(ApproximateTest, FuzzyRespectsLanguage) {
  EXPECT_TRUE(Text("vermines", "en").empty());
  EXPECT_EQ(Text("verminez", "fr"), V{"fr.vermine:fuzzy"});
}

// A misspelling that fuzzy-matches one entry is remembered by the token memo with that entry; one
// that matches two is searched again each time. Every sighting, wherever it stands, must give what
// the matcher gives with the memo off, and a sighting inside an exact phrase is still not fuzzy.
TEST_F(ApproximateTest, FuzzyMatchIsTheSameOnEverySighting) {
  const std::string yaml = "language: en\nentries:\n" +
                           E("en.muslims", "identity_term", "[muslims]", "    target: muslims\n") +
                           E("en.muslima", "identity_term", "[muslima]", "    target: muslims\n") +
                           E("en.tutsis", "identity_term", "[tutsis]", "    target: tutsi\n") +
                           E("en.phrase", "call_to_violence", "[drive tutsiz out]");
  CompiledLexicon::Options no_memo;
  no_memo.token_memo = false;
  CompiledLexicon::Options memo;
  auto with_memo = Compile(yaml, memo);
  auto without = Compile(yaml, no_memo);
  const std::vector<NormalisedText> texts = {
      Build({{"the"}, {"tutsiz"}, {"and"}, {"tutsiz"}}),         // one entry, twice in a message
      Build({{"muslimx"}, {"tutsiz"}}),                          // two entries; one
      Build({{"drive"}, {"tutsiz"}, {"out"}, {"muslimx"}}),      // inside a phrase: exact only
      Build({{"tutsiz"}, {"muslimx"}, {"muslimx"}}),
  };
  for (int round = 0; round < 3; ++round) {
    for (size_t k = 0; k < texts.size(); ++k) {
      EXPECT_EQ(Found(*with_memo, texts[k]), Found(*without, texts[k])) << "text " << k << " round " << round;
    }
  }
  EXPECT_EQ(Found(*with_memo, texts[1]), (V{"en.muslima:fuzzy", "en.muslims:fuzzy", "en.tutsis:fuzzy"}));
  EXPECT_EQ(Found(*with_memo, texts[2]), (V{"en.phrase:exact", "en.muslima:fuzzy", "en.muslims:fuzzy"}));
}

// The token memo only skips work whose outcome it has recorded, and a word it knows to be ordinary
// skips everything: random texts over a vocabulary of lexicon words, misspellings, halves of glued
// terms, prefix stems, masked and ordinary words must match exactly as with the memo off, on every
// sighting and in every neighbourhood.
TEST_F(ApproximateTest, TokenMemoNeverChangesAResult) {
  CompiledLexicon::Options no_memo = WithHarmFuzzy();
  no_memo.token_memo = false;
  auto with_memo = Compile(kLexicon);
  auto without = Compile(kLexicon, no_memo);
  const std::vector<Tok> vocabulary = {
      {"the"},   {"and"},     {"kill"},     {"kil"},   {"mus"},     {"lims"},     {"muslimz"}, {"tutsi"},
      {"tutsis"}, {"rats"},   {"ratz"},     {"wipe"},  {"them"},    {"out"},      {"ethnic"},  {"cleansing"},
      {"vermines"}, {"snake"}, {"snakes"},  {"cockroachs"}, {"traitor"}, {"traitors"}, {"ki"},  {"ll"},
      {"k*ll", kTokenMasked}, {"r*ts", kTokenMasked}, {"killl", kTokenSqueezed, "kil"}, {"ordinary"}};
  std::mt19937 rng(7);
  std::uniform_int_distribution<size_t> word(0, vocabulary.size() - 1), length(1, 8), boundary(0, 5);
  for (int text = 0; text < 400; ++text) {
    std::vector<Tok> toks;
    const size_t len = length(rng);
    for (size_t k = 0; k < len; ++k) {
      Tok t = vocabulary[word(rng)];
      if (boundary(rng) == 0) t.before = Boundary::kClause;
      toks.push_back(t);
    }
    const NormalisedText nt = Build(toks);
    for (int sighting = 0; sighting < 2; ++sighting) {
      ASSERT_EQ(Found(*with_memo, nt), Found(*without, nt)) << "text " << text << " sighting " << sighting;
    }
  }
}

TEST_F(ApproximateTest, FuzzyCanBeTurnedOff) {
  CompiledLexicon::Options o = WithHarmFuzzy();
  o.fuzzy = false;
  auto lex = Compile(kLexicon, o);
  normaliser_->Normalise("cockroachs", "en", &nt_);
  EXPECT_TRUE(Found(*lex, nt_).empty());
  EXPECT_EQ(lex->fuzzy_keys(), 0u);
}

TEST_F(ApproximateTest, FuzzyThresholdsAreOptions) {
  CompiledLexicon::Options o = WithHarmFuzzy();
  o.fuzzy_min_chars = 5;
  auto lex = Compile(kLexicon, o);
  normaliser_->Normalise("snakr", "en", &nt_);
  EXPECT_EQ(Found(*lex, nt_), V{"en.snake:fuzzy"});
}

TEST(MatcherOptions, TooSmallThresholdsAreRejected) {
  auto n = Normaliser::Create({});
  CompiledLexicon::Options o = WithHarmFuzzy();
  o.fuzzy_min_chars = 2;
  auto lex = CompiledLexicon::Create({}, n->get(), o);
  ASSERT_FALSE(lex.ok());
  EXPECT_NE(lex.status().message().find("fuzzy_min_chars"), std::string::npos);
  // Swaps in words under four code points ("ta" ~ "at") are mostly other words.
  o = CompiledLexicon::Options{};
  o.fuzzy_min_chars_swap = 3;
  lex = CompiledLexicon::Create({}, n->get(), o);
  ASSERT_FALSE(lex.ok());
  EXPECT_NE(lex.status().message().find("fuzzy_min_chars_swap"), std::string::npos);
}

// The deletion-neighbourhood index must find exactly what a brute-force scan finds.
TEST(FuzzyIndex, AgreesWithBruteForceOnRandomWords) {
  std::mt19937 rng(42);
  const std::string alphabet = "abcde";
  // No run of three identical letters: the normaliser cuts those to two, which would make the
  // canonical term differ from the brute-force side's spelling.
  auto word = [&](size_t len) {
    std::string w;
    while (w.size() < len) {
      const char c = alphabet[rng() % alphabet.size()];
      if (w.size() >= 2 && w[w.size() - 1] == c && w[w.size() - 2] == c) continue;
      w.push_back(c);
    }
    return w;
  };
  std::set<std::string> terms;
  while (terms.size() < 300) terms.insert(word(6 + rng() % 3));
  std::string yaml = "language: en\nentries:\n";
  int k = 0;
  for (const auto& t : terms) yaml += E("en.t" + std::to_string(k++), "contempt", "[" + t + "]");
  CompiledLexicon::Options o = WithHarmFuzzy();
  o.concatenation = false;
  o.masked = false;
  auto lex = Compile(yaml, o);
  ASSERT_NE(lex, nullptr);
  auto distance_one = [](const std::string& a, const std::string& b) {
    // Optimal string alignment distance by dynamic programming.
    std::vector<std::vector<int>> d(a.size() + 1, std::vector<int>(b.size() + 1));
    for (size_t i = 0; i <= a.size(); ++i) d[i][0] = static_cast<int>(i);
    for (size_t j = 0; j <= b.size(); ++j) d[0][j] = static_cast<int>(j);
    for (size_t i = 1; i <= a.size(); ++i) {
      for (size_t j = 1; j <= b.size(); ++j) {
        int cost = a[i - 1] == b[j - 1] ? 0 : 1;
        d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
        if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
    return d[a.size()][b.size()] == 1;
  };
  int checked = 0, hits = 0;
  for (int q = 0; q < 2000; ++q) {
    const std::string w = word(5 + rng() % 5);
    if (terms.count(w)) continue;
    std::set<std::string> want;
    for (const auto& t : terms) {
      if (w.size() >= 6 && distance_one(w, t)) want.insert(t);
    }
    std::set<std::string> got;
    std::vector<Match> m;
    lex->Match(Build({{w}}), &m);
    for (const Match& x : m) {
      EXPECT_EQ(x.kind, MatchKind::kFuzzy);
      got.insert(lex->entry(x.entry).terms[0]);
    }
    EXPECT_EQ(got, want) << "query " << w;
    ++checked;
    hits += !want.empty();
  }
  EXPECT_GT(hits, 50) << "the random test should exercise real near-misses";
  EXPECT_GT(checked, 1000);
}

// --- Concatenation and joined tokens.

TEST_F(ApproximateTest, TwoTokensGluedIntoATermMatch) {
  EXPECT_EQ(Text("the Mus lims again"), V{"en.muslims:concatenated"});
  ASSERT_EQ(nt_.tokens.size(), 4u);
}

TEST_F(ApproximateTest, ConcatenationReportsBothTokensBytes) {
  const std::string text = "all Mus lims out";
  normaliser_->Normalise(text, "en", &nt_);
  std::vector<Match> m;
  lex_->Match(nt_, &m);
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].source.Slice(text), "Mus lims");
  EXPECT_EQ(m[0].first + 1, m[0].last);
}

TEST_F(ApproximateTest, ConcatenationDoesNotCrossPunctuation) {
  EXPECT_TRUE(Found(*lex_, Build({{"mus"}, {"lims", 0, "", Boundary::kClause}})).empty());
}

TEST_F(ApproximateTest, ConcatenationNeedsBothHalvesToBeNonLexiconWords) {
  // "kill" is a term: "kill ers" is not read as one word even if "killers" were a term.
  auto lex = Compile("language: en\nentries:\n" + E("en.kill", "call_to_violence", "[kill]") +
                     E("en.killers", "call_to_violence", "[killers]"));
  EXPECT_EQ(Found(*lex, Build({{"kill"}, {"ers"}})), V{"en.kill:exact"});
}

TEST_F(ApproximateTest, ConcatenationSkipsShortTermsAndSingleLetters) {
  EXPECT_TRUE(Found(*lex_, Build({{"ra"}, {"ts"}})).empty());       // "rats" is shorter than 5
  CompiledLexicon::Options o = WithHarmFuzzy();
  o.fuzzy = false;  // "uslims" alone is one deletion from "muslims"
  auto lex = Compile(kLexicon, o);
  EXPECT_TRUE(Found(*lex, Build({{"m"}, {"uslims"}})).empty());  // a one-letter half
}

// The token memo records whether a token can be the left or the right part of a glued term, and a
// hit skips the concatenation probe when it cannot: every split (at code points, so inside a
// multi-byte word too) must still be found on the first sighting and on later ones, as with the
// memo off; a word that is only a left part is never read as a right part.
TEST_F(ApproximateTest, ConcatenationOfEverySplitIsFoundOnEverySighting) {
  const std::string yaml = kLexicon + "  - id: ru.leeches\n    language: ru\n    indicator: dehumanisation\n"
                                      "    terms: [пиявки]\n    note: n\n    sources: [s]\n";
  CompiledLexicon::Options no_memo = WithHarmFuzzy();
  no_memo.token_memo = false;
  no_memo.fuzzy = false;  // one half alone can be a deletion away from the term
  CompiledLexicon::Options memo = no_memo;
  memo.token_memo = true;
  auto with_memo = Compile(yaml, memo);
  auto without = Compile(yaml, no_memo);
  // Cuts in bytes, leaving at least two letters on each side (Cyrillic letters are two bytes each).
  for (const auto& [word, lang, id, cuts] :
       {std::tuple<std::string, std::string, std::string, std::vector<size_t>>{"muslims", "en", "en.muslims", {2, 3, 4, 5}},
        {"пиявки", "ru", "ru.leeches", {4, 6, 8}}}) {
    for (const size_t cut : cuts) {
      const NormalisedText nt = Build({{"the"}, {word.substr(0, cut)}, {word.substr(cut)}, {"again"}}, lang);
      for (int sighting = 0; sighting < 3; ++sighting) {
        EXPECT_EQ(Found(*with_memo, nt), V{id + ":concatenated"}) << word << " cut " << cut << " #" << sighting;
      }
      EXPECT_EQ(Found(*without, nt), V{id + ":concatenated"}) << word << " cut " << cut;
      // The halves swapped glue into nothing.
      EXPECT_TRUE(Found(*with_memo, Build({{word.substr(cut)}, {word.substr(0, cut)}}, lang)).empty());
    }
  }
}

TEST_F(ApproximateTest, ConcatenationCanBeTurnedOff) {
  CompiledLexicon::Options o = WithHarmFuzzy();
  o.concatenation = false;
  auto lex = Compile(kLexicon, o);
  EXPECT_TRUE(Found(*lex, Build({{"mus"}, {"lims"}})).empty());
}

TEST_F(ApproximateTest, JoinedTokenMatchReportsJoined) {
  EXPECT_EQ(Found(*lex_, Build({{"kill", kTokenJoined}})), V{"en.kill:joined"});
  EXPECT_FALSE(IsApproximate(MatchKind::kJoined));
}

// --- Prefixes, patterns, compile errors.

TEST_F(ApproximateTest, SpacedLettersThatTookAOneLetterWordAlongStillMatch) {
  // "I k i l l" is joined to "ikill"; the pronoun, a word by itself, is cut off again.
  EXPECT_EQ(Text("I k i l l them"), V{"en.kill:joined"});
  EXPECT_EQ(Text("k i l l a"), V{"en.kill:joined"});
  EXPECT_EQ(Text("a v e r m i n o"), V{"en.vermin:joined"});
  // A letter that is no word by itself stays: "s k i l l" is skill.
  EXPECT_TRUE(Text("s k i l l").empty());
  EXPECT_TRUE(Text("i k i l").empty());  // what is left must have 4 code points
}

TEST_F(ApproximateTest, SpacedLettersThatTookAOneLetterWordAlongStillBeginAPhrase) {
  // "a w i p e them out" is joined to "awipe them out": the phrase begins after the cut letter.
  EXPECT_EQ(Text("a w i p e them out"), V{"en.wipe:joined"});
  EXPECT_TRUE(Text("a w i p e them").empty());  // the phrase must be whole
  // A phrase whose first word is the letter itself ("a kashe duk", let all be killed).
  auto lex = Compile("language: ha\nentries:\n" + E("ha.kashe", "call_to_violence", "[a kashe duk]"));
  ASSERT_NE(lex, nullptr);
  normaliser_->Normalise("a k a s h e duk inyamurai", "ha", &nt_);
  std::vector<Match> m;
  lex->Match(nt_, &m);
  ASSERT_EQ(m.size(), 1u) << nt_.canonical;
  EXPECT_EQ(m[0].kind, MatchKind::kJoined);
  EXPECT_EQ(m[0].first, 0u);
  EXPECT_EQ(m[0].last, 1u);
  EXPECT_EQ(Found(*lex, nt_), V{"ha.kashe:joined"});
  // A letter that is no word by itself is not cut: "s k a s h e duk" is no "a kashe duk".
  normaliser_->Normalise("s k a s h e duk", "ha", &nt_);
  EXPECT_TRUE(Found(*lex, nt_).empty());
}

TEST_F(ApproximateTest, MultiWordPrefixTermMatchesInflectedLastWord) {
  EXPECT_EQ(Text("ethnic cleansing now"), V{"en.cleansing:prefix"});
  EXPECT_TRUE(Text("ethnic clean").empty());
  EXPECT_TRUE(Text("ethnical cleansing").empty());
}

TEST(MatcherPatterns, ManyPatternsAcrossShardsAreAllFound) {
  std::string yaml = "language: en\nentries:\n";
  for (int i = 0; i < 300; ++i) {
    yaml += "  - id: en.p" + std::to_string(i) + "\n    indicator: contempt\n    pattern: 'w" + std::to_string(i) +
            "x+'\n    note: n\n    sources: [s]\n";
  }
  auto lex = Compile(yaml);
  ASSERT_NE(lex, nullptr);
  EXPECT_EQ(lex->pattern_count(), 300u);
  for (int i : {0, 127, 128, 255, 299}) {
    std::vector<Match> m;
    lex->Match(Build({{"a"}, {"w" + std::to_string(i) + "xxx"}, {"b"}}), &m);
    ASSERT_EQ(m.size(), 1u) << i;
    EXPECT_EQ(lex->entry(m[0].entry).id, "en.p" + std::to_string(i));
    EXPECT_EQ(m[0].kind, MatchKind::kPattern);
  }
  std::vector<Match> none;
  lex->Match(Build({{"w1"}, {"x"}}), &none);
  EXPECT_TRUE(none.empty());
}

TEST(MatcherCreate, CollectsEveryCompileError) {
  auto entry = [](std::string id, std::string term, std::string pattern, int line) {
    Entry e;
    e.id = std::move(id);
    e.lang = "en";
    if (!term.empty()) e.terms = {term};
    e.pattern = std::move(pattern);
    e.file = "f.yaml";
    e.line = line;
    return e;
  };
  auto n = Normaliser::Create({});
  std::vector<LexiconError> errors;
  auto lex = CompiledLexicon::Create({entry("en.a", "", "(broken", 3), entry("en.b", "!!!", "", 9),
                                      entry("en.c", "fine", "", 12), entry("en.d", "", "[z-a]", 15)},
                                     n->get(), {}, &errors);
  ASSERT_FALSE(lex.ok());
  ASSERT_EQ(errors.size(), 3u);
  EXPECT_EQ(errors[0].entry_id, "en.a");
  EXPECT_EQ(errors[0].line, 3);
  EXPECT_EQ(errors[1].entry_id, "en.b");
  EXPECT_NE(errors[1].message.find("normalises to nothing"), std::string::npos);
  EXPECT_EQ(errors[2].entry_id, "en.d");
  EXPECT_NE(lex.status().message().find("and 2 more"), std::string::npos);
  // Patterns compile beside the terms; the errors still come in entry order, an entry's bad term
  // before its bad pattern. A caller that asks for no list gets the first error alone.
  errors.clear();
  lex = CompiledLexicon::Create({entry("en.a", "fine", "[z-a]", 3), entry("en.b", "!!!", "(broken", 9),
                                 entry("en.c", "", "(also broken", 12)},
                                n->get(), {}, &errors);
  ASSERT_FALSE(lex.ok());
  ASSERT_EQ(errors.size(), 4u);
  EXPECT_EQ(errors[0].entry_id, "en.a");
  EXPECT_EQ(errors[1].entry_id, "en.b");
  EXPECT_NE(errors[1].message.find("normalises to nothing"), std::string::npos);
  EXPECT_EQ(errors[2].entry_id, "en.b");
  EXPECT_NE(errors[2].message.find("invalid RE2 pattern"), std::string::npos);
  EXPECT_EQ(errors[3].entry_id, "en.c");
  lex = CompiledLexicon::Create({entry("en.a", "fine", "[z-a]", 3), entry("en.b", "!!!", "(broken", 9)}, n->get(), {});
  ASSERT_FALSE(lex.ok());
  EXPECT_NE(lex.status().message().find("en.a"), std::string::npos) << lex.status().message();
  EXPECT_EQ(lex.status().message().find("more"), std::string::npos) << lex.status().message();
}

TEST(MatchKinds, EveryKindHasAName) {
  std::set<std::string_view> names;
  for (int k = 0; k <= static_cast<int>(MatchKind::kSplit); ++k) names.insert(MatchKindName(static_cast<MatchKind>(k)));
  EXPECT_EQ(names.size(), 10u);
}

}  // namespace
}  // namespace vigil

// --- With the real normaliser: the flags it sets reach the matcher's lookups.

namespace vigil {
namespace {

TEST_F(ApproximateTest, NormalisedLetterRunsMatchSqueezed) {
  EXPECT_EQ(Text("VERMIIIIIN everywhere"), V{"en.vermin:squeezed"});
  EXPECT_EQ(Text("killlllll them"), V{"en.kill:exact"});  // runs cut to two letters: "kill" as written
}

TEST_F(ApproximateTest, NormalisedMaskMatchesMasked) {
  const V got = Text("we should k*ll them");
  EXPECT_EQ(got, V{"en.kill:masked"}) << nt_.canonical;
}

// '1', '!' and '|' read as "i", "i" and "l" by the normaliser; a token that is no lexicon word that
// way is also tried the other way ("mus1im" is "muslim", "ki1l" stays "kiil" -> "kill" is no match).
TEST_F(ApproximateTest, ALeetDigitReadTheOtherWayMatches) {
  EXPECT_EQ(Text("mus1ims"), V{"en.muslims:exact"});
  EXPECT_EQ(Text("musl!ms"), V{"en.muslims:exact"});  // "!" as i, the canonical reading
  EXPECT_EQ(Text("k1ll"), V{"en.kill:exact"});        // the canonical reading is a word: no other
  EXPECT_EQ(Text("mus1imz"), V{});
  const std::string text = "time to k!ll the mus1ims";
  normaliser_->Normalise(text, "en", &nt_);
  EXPECT_EQ(nt_.LeetAlternative(4), "muslims");
  EXPECT_EQ(nt_.LeetAlternative(0), "");
  std::vector<Match> m;
  lex_->Match(nt_, &m);
  ASSERT_EQ(m.size(), 2u) << nt_.canonical;
  EXPECT_EQ(m[1].source.Slice(text), "mus1ims");
}

TEST_F(ApproximateTest, NormalisedSpacedLettersMatchJoined) {
  const std::string text = "time to k i l l";
  normaliser_->Normalise(text, "en", &nt_);
  std::vector<Match> m;
  lex_->Match(nt_, &m);
  ASSERT_EQ(m.size(), 1u) << nt_.canonical;
  EXPECT_EQ(m[0].kind, MatchKind::kJoined);
  EXPECT_EQ(m[0].source.Slice(text), "k i l l");
}

// A hashtag or camel-case word the normaliser cut into words still matches a lexicon's fused
// lower-case spelling of it, over the parts it covers; words that were apart in the text do not.
// A lexicon of `entries` (language mul) with the default options, and the real normaliser: "id:kind"
// of every match of a text.
class RealNormaliserMatch {
 public:
  explicit RealNormaliserMatch(const std::string& entries)
      : lex_(Compile("language: mul\nentries:\n" + entries, CompiledLexicon::Options{})),
        normaliser_(std::move(Normaliser::Create({}).value())) {}
  std::vector<std::string> operator()(const std::string& text, const std::string& lang = "") {
    normaliser_->Normalise(text, lang, &nt_);
    return Found(*lex_, nt_);
  }
  // The matches themselves, for their spans and kinds.
  std::vector<Match> Matches(const std::string& text) {
    normaliser_->Normalise(text, "", &nt_);
    std::vector<Match> m;
    lex_->Match(nt_, &m);
    return m;
  }

 private:
  std::shared_ptr<const CompiledLexicon> lex_;
  std::unique_ptr<Normaliser> normaliser_;
  NormalisedText nt_;
};

TEST(MatcherFused, CutHashtagPartsMatchAFusedTerm) {
  RealNormaliserMatch run(E("mul.kill-them-all", "call_to_violence", "[killthemall]") +
                          E("mul.tr-hashtag", "coded_language", "[ülkemdesuriyeliistemiyorum]"));
  EXPECT_EQ(run("#KillThemAll"), V{"mul.kill-them-all:fused"});
  EXPECT_EQ(run("#ÜlkemdeSuriyeliİstemiyorum"), V{"mul.tr-hashtag:fused"});
  EXPECT_EQ(run("#killthemall"), V{"mul.kill-them-all:exact"});
  EXPECT_EQ(run("Kill Them All"), V{});      // three words in the text, not one
  EXPECT_EQ(run("#KillThem #AllNow"), V{});  // parts of two hashtags
  // Inside a longer hashtag, the fused run covers just its parts.
  const std::string text = "#NowKillThemAllToday ok";
  const std::vector<Match> m = run.Matches(text);
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].source.Slice(text), "KillThemAll");
}

// A word a writer cut with hyphens, periods or underscores is read whole: as a term, or as a harm or
// group-name prefix stem that ends inside its last part.
TEST(MatcherFused, AWordCutWithHyphensOrPeriodsMatchesWhole) {
  RealNormaliserMatch run(E("mul.exterminate", "call_to_violence", "[extermin]", "    match: prefix\n") +
                          E("mul.roaches", "dehumanisation", "[cockroaches]") +
                          E("mul.neg", "negation", "[notat]", "    match: prefix\n"));
  EXPECT_EQ(run("exter-minated"), V{"mul.exterminate:fused"});
  EXPECT_EQ(run("ex.ter.mi.na.ted now"), V{"mul.exterminate:fused"});
  EXPECT_EQ(run("cock_roa-ches"), V{"mul.roaches:fused"});
  EXPECT_EQ(run("exterminated"), V{"mul.exterminate:prefix"});
  EXPECT_EQ(run("extermin-ated"), V{"mul.exterminate:prefix"});  // the first part holds the stem
  EXPECT_EQ(run("exter minated"), V{});    // a space: two words (no exact term glues them)
  EXPECT_EQ(run("exter, minated"), V{});   // punctuation and a space
  EXPECT_EQ(run("exter--minated"), V{});   // two marks
  EXPECT_EQ(run("no-tatall"), V{});        // a cue's stem is no harm
  // The match spans the parts and the marks between them, and no more.
  const std::string text = "they must be ex-ter-mi-na-ted-now ok";
  const std::vector<Match> m = run.Matches(text);
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].source.Slice(text), "ex-ter-mi-na");
}

// A one-word hashtag that glues a call to its target is read as the two lexicon words, around at
// most a short joining word; other pairs, other tokens and compounding languages are left alone.
TEST(MatcherSplit, AGluedHashtagOfACallAndAGroupMatchesBothWords) {
  RealNormaliserMatch run(E("mul.kill", "call_to_violence", "[kill, ubij]") + E("mul.hate", "contempt", "[hass, hate]") +
                          E("mul.muslims", "identity_term", "[muslims]", "    target: muslims\n") +
                          E("mul.juden", "identity_term", "[juden]", "    target: jews\n") +
                          E("mul.siptar", "slur", "[siptar]", "    match: prefix\n    target: albanians\n"));
  EXPECT_EQ(run("#killmuslims"), (V{"mul.kill:split", "mul.muslims:split"}));
  EXPECT_EQ(run("#muslimskill"), (V{"mul.kill:split", "mul.muslims:split"}));
  EXPECT_EQ(run("#killallmuslims"), (V{"mul.kill:split", "mul.muslims:split"}));  // "all" joins them
  EXPECT_EQ(run("#ubijsiptare"), (V{"mul.kill:split", "mul.siptar:split"}));     // a prefix stem's form
  EXPECT_EQ(run("#killthosemuslims"), V{});  // a joining word of five letters is no joiner
  EXPECT_EQ(run("#hatemuslims"), V{});       // contempt is no call
  EXPECT_EQ(run("killmuslims"), V{});        // not a hashtag
  EXPECT_EQ(run("#KillMuslims"), (V{"mul.kill:exact", "mul.muslims:exact"}));  // cut by case instead
  EXPECT_EQ(run("#judenkill", "de"), V{});  // German writes compounds as one word
  EXPECT_EQ(run("#judenkill", "en"), (V{"mul.juden:split", "mul.kill:split"}));
  // Both matches span the whole hashtag word, its original text.
  const std::string text = "now #killmuslims";
  const std::vector<Match> m = run.Matches(text);
  ASSERT_EQ(m.size(), 2u);
  EXPECT_EQ(m[0].source.Slice(text), "killmuslims");
  EXPECT_TRUE(IsApproximate(m[0].kind));
}

TEST(MatcherDefaults, OnlyGroupNamesAreFuzzyMatchedByDefault) {
  auto lex = Compile(std::string("language: en\nentries:\n") +
                         "  - id: en.id.muslims\n    indicator: identity_term\n    terms: [muslims]\n"
                         "    target: muslims\n    note: n\n    sources: [s]\n"
                         "  - id: en.dehum.cockroaches\n    indicator: dehumanisation\n    terms: [cockroaches]\n"
                         "    note: n\n    sources: [s]\n",
                     CompiledLexicon::Options{});
  auto n = Normaliser::Create({});
  NormalisedText nt;
  std::vector<Match> out;
  (*n)->Normalise("mulsims are cockroachse", "en", &nt);
  lex->Match(nt, &out);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(lex->entry(out[0].entry).id, "en.id.muslims");
  EXPECT_EQ(out[0].kind, MatchKind::kFuzzy);
}

}  // namespace
}  // namespace vigil
