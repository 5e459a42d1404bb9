#include "classifiers/matcher.h"

#include <gtest/gtest.h>
#include <re2/re2.h>

#include <random>
#include <set>
#include <tuple>

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
    return IdsWith(lex_, text, lang);
  }
  // The ids `lex` matches in `text`, in match order.
  std::vector<std::string> IdsWith(const std::shared_ptr<const CompiledLexicon>& lex, const std::string& text,
                                   const std::string& lang) {
    text_ = text;
    normaliser_->Normalise(text_, lang, &nt_);
    lex->Match(nt_, &matches_);
    std::vector<std::string> ids;
    for (const Match& m : matches_) ids.push_back(lex->entry(m.entry).id);
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

// Patterns run on canonical text, so their own letters are folded the way the text's are: a pattern
// written with the language's accents ("şehir", "bräuchten", "ß") matches, accented text or not;
// escapes (\S, \p{L}) and classes stay as written.
TEST_F(MatcherTest, APatternsLettersAreFoldedLikeTheText) {
  auto lex = CompileYaml(
      "language: tr\nentries:\n" +
      std::string("  - id: tr.city\n    indicator: threat_to_purity\n"
                  "    pattern: 'şehri (ele geçirdiler|işgal etti)'\n    note: n\n    sources: [s]\n") +
      "  - id: tr.gap\n    indicator: contempt\n    pattern: 'pis \\S+ göçmenler'\n    note: n\n    sources: [s]\n" +
      "  - id: tr.class\n    indicator: contempt\n    pattern: '[çc]apulcu\\p{L}*'\n    note: n\n    sources: [s]\n");
  ASSERT_NE(lex, nullptr);
  EXPECT_EQ(IdsWith(lex, "Suriyeliler şehri işgal etti", "tr"), std::vector<std::string>{"tr.city"});
  EXPECT_EQ(IdsWith(lex, "suriyeliler sehri isgal etti", "tr"), std::vector<std::string>{"tr.city"});
  EXPECT_EQ(matches_[0].source.Slice(text_), "sehri isgal etti");
  EXPECT_EQ(IdsWith(lex, "bu pis aç göçmenler", "tr"), std::vector<std::string>{"tr.gap"});
  EXPECT_EQ(IdsWith(lex, "hepsi çapulcular", "tr"), std::vector<std::string>{"tr.class"});
  // One pattern per case: the entry must find the text. (Double-quoted YAML: apostrophes need no
  // escape.) A letter that folds to several stays as written inside a class, a POSIX class
  // included ("ß" after "[:alpha:]" is still in it, and the pattern still compiles); capitals are
  // lowered as in the text (a German noun written as it is spelt); a decomposed accent folds away
  // with its letter; an apostrophe or hyphen between letters is what the normaliser makes of it
  // there: a space in Ukrainian and French, kept in an English contraction.
  struct Case {
    const char* lang;
    const char* id;
    const char* pattern;
    const char* text;
  };
  const Case cases[] = {
      {"de", "de.fuss", "mit (füßen|fäusten) treten", "die muss man mit Füßen treten"},
      {"de", "de.posix", "gro[[:alpha:]ß]e schande", "eine grobe Schande"},
      {"de", "de.caps", "Juden (raus|weg)", "Juden raus!"},
      {"es", "es.decomposed", "son una plage\u0301", "Son una plag\u00e9"},
      {"uk", "uk.apostrophe", "геть з під'їздів", "Геть з під\u2019їздів"},
      {"fr", "fr.hyphen", "refaire (un )?dix-sept octobre", "Il faut refaire un dix-sept octobre"},
      {"en", "en.contraction", "can't trust (them|those)", "You can\u2019t trust them"},
  };
  for (const Case& c : cases) {
    auto one = CompileYaml(std::string("language: ") + c.lang + "\nentries:\n  - id: " + c.id +
                           "\n    indicator: contempt\n    pattern: \"" + c.pattern + "\"\n    note: n\n    sources: [s]\n");
    ASSERT_NE(one, nullptr) << c.id;
    EXPECT_EQ(IdsWith(one, c.text, c.lang), std::vector<std::string>{c.id}) << c.pattern;
  }
  // A combining mark is folded with the letter before it: alone it folds to itself, but the text's
  // Arabic vowel marks fold away with their letters. A mark a quantifier governs goes with its
  // quantifier (the letter before it stays required), and a mark with no letter before it, as in a
  // class, stays as written.
  auto marks = CompileYaml("language: ar\nentries:\n" +
                           std::string("  - id: ar.vocalised\n    indicator: dehumanisation\n"
                                       "    pattern: '\u0647\u064f\u0645\u0652 \u0643\u0650\u0644\u064e\u0627\u0628\u064c?'\n"
                                       "    note: n\n    sources: [s]\n") +
                           "  - id: ar.class\n    indicator: contempt\n    pattern: '\u0642\u0630\u0631[\u064b\u064c]? \u062c\u062f\u0627'\n"
                           "    note: n\n    sources: [s]\n");
  ASSERT_NE(marks, nullptr);
  EXPECT_EQ(IdsWith(marks, "\u0647\u0645 \u0643\u0644\u0627\u0628", "ar"), std::vector<std::string>{"ar.vocalised"});
  EXPECT_EQ(IdsWith(marks, "\u0647\u064f\u0645\u0652 \u0643\u0650\u0644\u064e\u0627\u0628\u064c", "ar"),
            std::vector<std::string>{"ar.vocalised"});
  EXPECT_TRUE(IdsWith(marks, "\u0647\u0645 \u0643\u0644\u0627", "ar").empty());  // the letter before "?" is required
  EXPECT_EQ(IdsWith(marks, "\u0642\u0630\u0631 \u062c\u062f\u0627", "ar"), std::vector<std::string>{"ar.class"});
  // Flags, group names and escapes stay as written: "(?i)", "(?P<Ziel>", "\\S".
  auto flags = CompileYaml("language: de\nentries:\n  - id: de.flags\n    indicator: contempt\n"
                           "    pattern: '(?i)(?P<Ziel>Ratten) \\S+ Land'\n    note: n\n    sources: [s]\n");
  ASSERT_NE(flags, nullptr);
  EXPECT_EQ(IdsWith(flags, "Ratten im Land", "de"), std::vector<std::string>{"de.flags"});
}

// RE2 prefers the first alternative that matches, which may end inside a token: a pattern whose
// shorter alternative comes first ("narod|narodu") must still find the one that ends where a token
// does, gated (anchored tries) or scanned (no start word), and at the end of the text or before more.
TEST_F(MatcherTest, PatternAlternativeThatEndsOnATokenBoundaryIsFound) {
  auto lex = CompileYaml("language: pl\nentries:\n" +
                         std::string("  - id: pl.gated\n    indicator: threat_to_purity\n"
                                     "    pattern: 'zdrajczynie (narod|narodu)'\n    note: n\n    sources: [s]\n") +
                         "  - id: pl.scanned\n    indicator: contempt\n    pattern: '[^ ]*(ak|aka)'\n"
                         "    note: n\n    sources: [s]\n");
  ASSERT_NE(lex, nullptr);
  EXPECT_EQ(IdsWith(lex, "to zdrajczynie narodu", "pl"), std::vector<std::string>{"pl.gated"});
  EXPECT_EQ(matches_[0].source.Slice(text_), "zdrajczynie narodu");
  EXPECT_EQ(IdsWith(lex, "zdrajczynie narodu i tyle", "pl"), std::vector<std::string>{"pl.gated"});
  EXPECT_EQ(matches_[0].source.Slice(text_), "zdrajczynie narodu");
  EXPECT_EQ(IdsWith(lex, "zdrajczynie narod", "pl"), std::vector<std::string>{"pl.gated"});
  EXPECT_TRUE(IdsWith(lex, "zdrajczynie narodowe", "pl").empty());
  EXPECT_EQ(IdsWith(lex, "ten pisaka tu", "pl"), std::vector<std::string>{"pl.scanned"});
  EXPECT_EQ(matches_[0].source.Slice(text_), "pisaka");
  EXPECT_TRUE(IdsWith(lex, "pisakar", "pl").empty());
}

TEST_F(MatcherTest, ExclusionPhraseSuppressesMatch) {
  EXPECT_TRUE(Ids("call vermin control today").empty());
  EXPECT_EQ(Ids("control the vermin").size(), 1u);
}

// Exclusion phrases of every length (one to seven tokens are kept as bits, longer ones in a list),
// with the excluded word anywhere in them; each suppresses only where the whole phrase is present.
TEST_F(MatcherTest, ExclusionPhrasesOfAnyLengthAndPosition) {
  const std::vector<std::string> phrases = {
      "lab rats", "rats in a maze", "we are all rats now you see",
      "the rats of the old harbour were famous in the whole town and beyond"};  // 14 tokens
  std::string list;
  for (const std::string& p : phrases) list += (list.empty() ? "\"" : ", \"") + p + "\"";
  auto lex = CompileYaml("language: en\nentries:\n" +
                         E("en.rats", "dehumanisation", "[rats]", "    exclusions: [" + list + "]\n"));
  ASSERT_NE(lex, nullptr);
  auto ids = [&](const std::string& text) {
    normaliser_->Normalise(text, "en", &nt_);
    lex->Match(nt_, &matches_);
    return matches_.size();
  };
  for (size_t p = 0; p < phrases.size(); ++p) {
    EXPECT_EQ(ids("look, " + phrases[p] + "!"), 0u) << phrases[p];
    // The phrase cut short by one word at either end no longer covers the match.
    const std::string head = phrases[p].substr(0, phrases[p].rfind(' '));
    const std::string tail = phrases[p].substr(phrases[p].find(' ') + 1);
    if (head.find("rats") != std::string::npos) {
      EXPECT_EQ(ids(head + " zzz"), 1u) << head;
    }
    if (tail.find("rats") != std::string::npos) {
      EXPECT_EQ(ids("zzz " + tail), 1u) << tail;
    }
  }
  EXPECT_EQ(ids("rats"), 1u);
}

// A token's hash is computed eight bytes at a time, reading words that must stay inside the text
// (whole chunks, the word that ends a chunk near the end of the text, bytes one at a time in a
// text too short for either): terms of 1 to 20 bytes, alone, first, last and in the middle of texts
// short and long, must all be found, and nothing else.
TEST_F(MatcherTest, TermsOfEveryLengthAreFoundAnywhereInTheText) {
  std::string yaml = "language: en\nentries:\n";
  std::vector<std::string> words;
  for (size_t len = 1; len <= 20; ++len) {
    std::string w;
    for (size_t k = 0; k < len; ++k) w.push_back(static_cast<char>('a' + (len * 7 + k * 3) % 26));
    words.push_back(w);
    yaml += E("en.w" + std::to_string(len), "dehumanisation", "[" + w + "]");
  }
  words.push_back("пиявки");  // 12 bytes
  yaml += E("en.cyr", "dehumanisation", "[пиявки]");
  auto lex = CompileYaml(yaml);
  ASSERT_NE(lex, nullptr);
  for (size_t k = 0; k < words.size(); ++k) {
    const std::string id = k < 20 ? "en.w" + std::to_string(k + 1) : "en.cyr";
    for (const std::string& pad : {std::string(), std::string("xy"), std::string("xyz"), std::string("qqqqqqqqqqqqqq")}) {
      for (const std::string& text : {words[k], pad + " " + words[k], words[k] + " " + pad,
                                      pad + " " + words[k] + " " + pad}) {
        normaliser_->Normalise(text, "en", &nt_);
        lex->Match(nt_, &matches_);
        std::vector<std::string> ids;
        for (const Match& m : matches_) ids.push_back(lex->entry(m.entry).id);
        EXPECT_EQ(ids, std::vector<std::string>{id}) << "'" << text << "'";
      }
    }
  }
}

// A lexicon word's memo slot says the word is known; the prefix stems and patterns that start with
// it must still fire, on its first sighting and on every later one (when the memo answers).
TEST_F(MatcherTest, LexiconWordThatAlsoStartsAStemOrAPatternGetsAll) {
  for (const bool memo : {true, false}) {
    CompiledLexicon::Options options;
    options.token_memo = memo;
    auto lex = CompileYaml("language: en\nentries:\n" + E("en.w.word", "dehumanisation", "[vermin, rodents]") +
                               E("en.w.stem", "dehumanisation", "[vermin]", "    match: prefix\n") +
                               "  - id: en.w.pat\n    indicator: call_to_violence\n"
                               "    pattern: 'rodents (must|should) \\w+'\n    note: n\n    sources: [s]\n",
                           options);
    ASSERT_NE(lex, nullptr);
    using Ids = std::multiset<std::string>;
    for (int sighting = 0; sighting < 3; ++sighting) {
      SCOPED_TRACE(::testing::Message() << "memo " << memo << ", sighting " << sighting);
      std::vector<std::string> got = IdsWith(lex, "the vermin are here", "en");
      EXPECT_EQ(Ids(got.begin(), got.end()), (Ids{"en.w.stem", "en.w.word"}));
      got = IdsWith(lex, "rodents must go", "en");
      EXPECT_EQ(Ids(got.begin(), got.end()), (Ids{"en.w.pat", "en.w.word"}));
      got = IdsWith(lex, "rodents are here", "en");  // a pattern start without its match
      EXPECT_EQ(Ids(got.begin(), got.end()), (Ids{"en.w.word"}));
    }
  }
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

// Many languages (the codes share a table, so some collide): each message finds its own language's
// entry and no other; codes no lexicon uses, long ones and odd bytes count as unknown (every entry).
TEST_F(MatcherTest, EachOfManyLanguagesFindsItsOwnEntries) {
  std::vector<std::string> codes = {"kln", "luo"};  // and every known two-letter code: collisions certain
  for (char a = 'a'; a <= 'z'; ++a) {
    for (char b = 'a'; b <= 'z'; ++b) {
      if (IsKnownLanguage(std::string{a, b})) codes.push_back(std::string{a, b});
    }
  }
  ASSERT_GT(codes.size(), 60u);
  std::string yaml = "entries:\n";
  for (const std::string& c : codes) {
    yaml += "  - id: t." + c + "\n    language: " + c +
            "\n    indicator: dehumanisation\n    terms: [xyzzy]\n    note: n\n    sources: [s]\n";
  }
  auto lex = CompileYaml(yaml);
  ASSERT_NE(lex, nullptr);
  for (const std::string& c : codes) {
    EXPECT_EQ(IdsWith(lex, "the xyzzy", c), std::vector<std::string>{"t." + c}) << c;
  }
  for (const std::string& c : std::vector<std::string>{"", "qq", "notalanguage", std::string("\0", 1), std::string("e\0", 2)}) {
    EXPECT_EQ(IdsWith(lex, "the xyzzy", c).size(), codes.size()) << "code of " << c.size() << " bytes";
  }
}

// Arabic attaches the conjunctions wa- and fa- to the next word: an Arabic term matches with either
// in front (and the match covers the whole token), not with another letter, and a term of another
// language gets no such forms.
TEST_F(MatcherTest, ArabicTermsMatchWithAnAttachedConjunction) {
  auto lex = CompileYaml("language: ar\nentries:\n" + E("ar.t.kill", "call_to_violence", "[نقتلهم, اقتلوا اليهود]") +
                         "  - id: fa.t.traitor\n    language: fa\n    indicator: questioning_loyalty\n    terms: [خائن]\n"
                         "    note: n\n    sources: [s]\n");
  ASSERT_NE(lex, nullptr);
  for (const std::string text : {"نقتلهم", "ونقتلهم", "فنقتلهم", "واقتلوا اليهود", "فاقتلوا اليهود"}) {
    EXPECT_EQ(IdsWith(lex, text, "ar"), std::vector<std::string>{"ar.t.kill"}) << text;
    EXPECT_EQ(matches_[0].source.Slice(text_), text) << text;
  }
  EXPECT_TRUE(IdsWith(lex, "كنقتلهم", "ar").empty());   // another letter in front
  EXPECT_EQ(IdsWith(lex, "خائن", "fa"), std::vector<std::string>{"fa.t.traitor"});
  EXPECT_TRUE(IdsWith(lex, "وخائن", "fa").empty());  // only Arabic terms get the forms (Persian writes "و" apart)
}

TEST_F(MatcherTest, ArabicNisbaGroupNamesMatchInTheIndefiniteAccusative) {
  CompiledLexicon::Options exact_only;
  exact_only.fuzzy = false;  // the forms are exact keys, not spelling guesses
  auto lex = CompileYaml("language: ar\nentries:\n" + E("ar.id.jew", "identity_term", "[يهودي]", "    target: jews\n") +
                             E("ar.id.muslim", "identity_term", "[مسلم]", "    target: muslims\n") +
                             E("ar.t.kill", "call_to_violence", "[نقتلي]"),
                         exact_only);
  ASSERT_NE(lex, nullptr);
  // "يهودياً" (tanwin folded away) and with a conjunction in front.
  for (const std::string text : {"يهودي", "يهودياً", "يهوديًا", "ويهوديا"}) {
    EXPECT_EQ(IdsWith(lex, text, "ar"), std::vector<std::string>{"ar.id.jew"}) << text;
  }
  EXPECT_TRUE(IdsWith(lex, "نقتليا", "ar").empty());   // only group names take the form
  EXPECT_TRUE(IdsWith(lex, "مسلما", "ar").empty());    // and only those ending in the nisba -ي
  EXPECT_TRUE(IdsWith(lex, "يهوديات", "ar").empty());  // another ending
}

// The terms' canonical forms are computed on several threads (Options::compile_threads), in runs of
// entries any thread may take: the compiled lexicon must not depend on how many there are. Arabic
// and Turkish terms bring their extra forms (conjunctions, accusative, copula), prefix terms and
// phrases their own tables, and terms that normalise to nothing are reported in entry order.
TEST_F(MatcherTest, CompilingOnManyThreadsGivesTheSameLexicon) {
  // Distinct words per entry, of letters only (digits would be read as leetspeak), each followed by
  // a vowel (a doubled letter is read as a stretched one).
  auto spell = [](int i, const char* const* letters, const char* vowel) {
    std::string w;
    for (const char d : std::to_string(i)) w += std::string(letters[d - '0']) + vowel;
    return w;
  };
  const char* const latin[] = {"b", "c", "d", "f", "g", "h", "j", "k", "l", "m"};
  const char* const arabic[] = {"ب", "ت", "ث", "ج", "ح", "خ", "د", "ذ", "ر", "ز"};
  std::string yaml = "language: en\nentries:\n";
  std::vector<std::pair<std::string, std::string>> probes;  // (text, lang)
  for (int i = 0; i < 300; ++i) {
    const std::string n = std::to_string(i), w = spell(i, latin, "a"), a = spell(i, arabic, "ا") + "يهودي";
    yaml += E("en.t.p" + n, "call_to_violence", "[\"{burn|raze} the village" + w + " {now|tonight}\", stem" + w + "]");
    yaml += E("en.t.s" + n, "contempt", "[filthy" + w + "z]", "    match: prefix\n");
    yaml += "  - id: ar.t.k" + n + "\n    language: ar\n    indicator: identity_term\n    target: jews\n    terms: [" + a +
            "]\n    note: n\n    sources: [s]\n";
    yaml += "  - id: tr.t.c" + n + "\n    language: tr\n    indicator: contempt\n    terms: [tembel" + w +
            "]\n    note: n\n    sources: [s]\n";
    probes.emplace_back("they will raze the village" + w + " tonight", "en");
    probes.emplace_back("such filthy" + w + "zish people", "en");
    probes.emplace_back("و" + a + "ا", "ar");  // with the conjunction, in the accusative
    probes.emplace_back("onlar tembel" + w + "dır", "tr");  // (after an a: -dır)
  }
  yaml += E("en.t.bad", "contempt", "[\"!!!\", ok]") + E("en.t.bad2", "contempt", "[\"...\"]");
  std::vector<Entry> entries;
  std::vector<LexiconError> parse_errors;
  ParseLexiconYaml("inline.yaml", yaml, &entries, &parse_errors);
  for (const LexiconError& e : parse_errors) ADD_FAILURE() << e.ToString();
  ASSERT_TRUE(parse_errors.empty());
  std::vector<std::vector<std::vector<std::string>>> results;
  std::vector<std::vector<std::string>> reported;
  for (const unsigned threads : {1u, 3u, 8u}) {
    CompiledLexicon::Options o;
    o.compile_threads = threads;
    o.fuzzy = false;  // the generated words are one letter apart
    std::vector<LexiconError> errors;
    auto failed = CompiledLexicon::Create(entries, normaliser_.get(), o, &errors);
    EXPECT_FALSE(failed.ok());
    reported.emplace_back();
    for (const LexiconError& e : errors) reported.back().push_back(e.ToString());
    std::vector<Entry> good;
    for (const Entry& e : entries) {
      if (e.id.rfind("en.t.bad", 0) != 0) good.push_back(e);
    }
    auto lex = CompiledLexicon::Create(good, normaliser_.get(), o);
    ASSERT_TRUE(lex.ok()) << lex.status().ToString();
    results.emplace_back();
    for (const auto& [text, lang] : probes) results.back().push_back(IdsWith(*lex, text, lang));
  }
  ASSERT_EQ(reported[0].size(), 2u);
  EXPECT_NE(reported[0][0].find("'en.t.bad'"), std::string::npos) << reported[0][0];
  EXPECT_NE(reported[0][1].find("'en.t.bad2'"), std::string::npos) << reported[0][1];
  EXPECT_EQ(reported[1], reported[0]);
  EXPECT_EQ(reported[2], reported[0]);
  for (size_t p = 0; p < probes.size(); ++p) {
    const int i = static_cast<int>(p / 4);
    const char* want[] = {"en.t.p", "en.t.s", "ar.t.k", "tr.t.c"};
    EXPECT_EQ(results[0][p], std::vector<std::string>{want[p % 4] + std::to_string(i)}) << probes[p].first;
    EXPECT_EQ(results[1][p], results[0][p]) << probes[p].first;
    EXPECT_EQ(results[2][p], results[0][p]) << probes[p].first;
  }
}

// Turkish predicates carry the copula -DIr, in the vowel-harmony form of the word's last vowel
// and with t after a voiceless consonant: a one-word harm term of an exact entry matches with it.
TEST_F(MatcherTest, TurkishHarmTermsMatchWithTheCopulaSuffix) {
  CompiledLexicon::Options exact_only;
  exact_only.fuzzy = false;  // the forms are exact keys, not spelling guesses
  auto lex = CompileYaml("language: tr\nentries:\n" +
                             E("tr.ct.attr", "contempt", "[akılsız, tembel, pis, kötü, hırsızlar, doğru]") +
                             E("tr.id.women", "identity_term", "[kadınlar]", "    target: women\n") +
                             E("tr.ct.stem", "contempt", "[aşağılık]", "    match: prefix\n"),
                         exact_only);
  ASSERT_NE(lex, nullptr);
  for (const std::string text : {"akılsızdır", "tembeldir", "pistir", "kötüdür", "hırsızlardır", "doğrudur"}) {
    EXPECT_EQ(IdsWith(lex, text, "tr"), std::vector<std::string>{"tr.ct.attr"}) << text;
  }
  // (ı and i fold together, so only the consonant tells a wrong form.)
  for (const std::string text : {"pisdir", "tembeltir", "akılsızlık"}) {
    EXPECT_TRUE(IdsWith(lex, text, "tr").empty()) << text;
  }
  EXPECT_TRUE(IdsWith(lex, "kadınlardır", "tr").empty());  // group names take no copula form
}

TEST_F(MatcherTest, VersionIsStableAndContentSensitive) {
  auto again = CompileYaml("language: en\nentries:\n" + E("en.a.vermin", "dehumanisation", "[vermin]"));
  auto other = CompileYaml("language: en\nentries:\n" + E("en.a.vermin", "dehumanisation", "[vermin, pests]"));
  auto same = CompileYaml("language: en\nentries:\n" + E("en.a.vermin", "dehumanisation", "[vermin]"));
  EXPECT_EQ(again->version(), same->version());
  EXPECT_NE(again->version(), other->version());
  // Each field that changes matching or scoring changes the version too, e.g. a term moved to the
  // watchlist, marked as an ordinary word as well, given a co-occurrence window, or another language.
  const std::string base = E("en.a.vermin", "dehumanisation", "[vermin]");
  for (const std::string& extra : {std::string("    status: watchlist\n"), std::string("    homonym_of: pests\n"),
                                   std::string("    near_target: 5\n"), std::string("    language: fr\n"),
                                   std::string("    match: prefix\n"), std::string("    target: migrants\n    target_category: nationality\n"),
                                   std::string("    fuzzy: true\n"), std::string("    tier: offensive\n")}) {
    auto changed = CompileYaml("language: en\nentries:\n" + base + extra);
    ASSERT_NE(changed, nullptr) << extra;
    EXPECT_NE(changed->version(), again->version()) << extra;
  }
  // What a code stands for changes how it is scored, so it changes the version too.
  const std::string code = E("en.c.trees", "coded_language", "[tall trees]");
  auto plain = CompileYaml("language: en\nentries:\n" + code);
  auto violent = CompileYaml("language: en\nentries:\n" + code + "    stands_for: call_to_violence\n");
  auto allusion = CompileYaml("language: en\nentries:\n" + code + "    stands_for: identity_term\n");
  ASSERT_TRUE(plain && violent && allusion);
  EXPECT_NE(plain->version(), violent->version());
  EXPECT_NE(violent->version(), allusion->version());
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
    return IdsWith(lex, text, lang);
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

// A memo hit on a lexicon word with one posting the message's language allows emits that entry
// without reading the record; with several allowed postings (or none) it goes through the record.
// Which postings are allowed depends on the message language, so one word must give each language
// its own entries, hit after hit, exactly as with the memo off.
TEST_F(MatcherTest, TokenMemoGivesEachLanguageItsOwnPostings) {
  CompiledLexicon::Options no_memo;
  no_memo.token_memo = false;
  const std::string yaml =
      "language: en\nentries:\n" + E("en.c.serpents", "dehumanisation", "[serpents]") +
      E("en.c.vipers-a", "dehumanisation", "[vipers]") + E("en.c.vipers-b", "dehumanisation", "[vipers]") +
      E("en.c.nest", "dehumanisation", "[vipers nest]") +
      "  - id: fr.c.serpents\n    language: fr\n    indicator: dehumanisation\n    terms: [serpents]\n"
      "    note: n\n    sources: [s]\n"
      "  - id: fr.c.vipers\n    language: fr\n    indicator: dehumanisation\n    terms: [vipers]\n"
      "    note: n\n    sources: [s]\n";
  auto memo = CompileYaml(yaml);
  auto plain = CompileYaml(yaml, no_memo);
  ASSERT_NE(memo, nullptr);
  ASSERT_NE(plain, nullptr);
  auto run = [&](const std::shared_ptr<const CompiledLexicon>& lex, const std::string& text, const std::string& lang) {
    const std::vector<std::string> ids = IdsWith(lex, text, lang);
    return std::multiset<std::string>(ids.begin(), ids.end());
  };
  const std::string text = "serpents and vipers nest near serpents";
  using Ids = std::multiset<std::string>;
  const Ids en = {"en.c.serpents", "en.c.serpents", "en.c.vipers-a", "en.c.vipers-b", "en.c.nest"};
  const Ids fr = {"fr.c.serpents", "fr.c.serpents", "fr.c.vipers"};
  Ids all = en;
  all.insert(fr.begin(), fr.end());
  for (int round = 0; round < 3; ++round) {
    for (const std::string lang : {"en", "fr", "", "de", "fr", "en"}) {
      const Ids want = lang == "en" ? en : lang == "fr" ? fr : all;  // "de": no lexicon, so every entry
      EXPECT_EQ(run(memo, text, lang), want) << "lang '" << lang << "', round " << round;
      EXPECT_EQ(run(plain, text, lang), want) << "lang '" << lang << "', round " << round;
    }
  }
}

// Gated patterns are tried only at tokens that start with one of their first words and, when every
// match starting with that word starts with one of a known list of two whole words, only where the
// next token completes such a pair. On random word salad the matches must be exactly those of an RE2 scan of the canonical text
// (kept where they start and end on tokens). The words never contain a pattern's first word inside
// them, so the scan and the start gate agree.
TEST(MatcherPatterns, GatedAndPairCheckedPatternsFindWhatAScanFinds) {
  const std::vector<std::string> patterns = {
      "(plan|plot)s? to (kill|wipe out) (us|them)",  // pair-checked: "plan to ", "plots to ", ...
      "will (all )?be (killed|shot)",                // pair-checked: "will all ", "will be "
      "kill (all|every) \\w+",                       // pair-checked: "kill all ", "kill every "
      "(the )?only good [^ ]+ (is|are) dead",        // pair-checked: "the only ", "only good "
      "them( all)?",                                 // not pair-checked: the match may end after "them"
      "(will be|good)( [^ ]+)? dead",                // pair-checked at "will" only ("will be "), not at "good"
      "(plan to|nope) (kill|them)",                  // pair-checked at "plan", not at "nope"
      "(is|are)( (all|just))* (killers|killed)",      // tried only where "killers" or "killed" is a token
      "to (kill|wipe) (us|them)",                    // only with "kill" or "wipe" (a later word rarer than "to")
      "(be|is) dead[^ ]*",                           // a later stem: "dead", "deadly"
  };
  std::string yaml = "language: en\nentries:\n";
  for (size_t k = 0; k < patterns.size(); ++k) {
    yaml += "  - id: en.p" + std::to_string(k) + "\n    indicator: call_to_violence\n    pattern: '" + patterns[k] +
            "'\n    note: n\n    sources: [s]\n";
  }
  auto lex = CompileYaml(yaml);
  ASSERT_NE(lex, nullptr);
  auto normaliser = Normaliser::Create({});
  ASSERT_TRUE(normaliser.ok());
  const std::vector<std::string> words = {"plan", "plans", "plot", "to",  "kill", "wipe", "out",   "us",  "them",
                                          "will", "all",   "be",   "killed", "shot", "every", "the", "only",
                                          "good", "is",    "are",  "dead",   "nope", "killers", "just", "deadly"};
  std::mt19937 rng(11);
  NormalisedText nt;
  std::vector<Match> got;
  size_t found = 0;
  for (int n = 0; n < 3000; ++n) {
    std::string text;
    for (int k = 2 + static_cast<int>(rng() % 9); k > 0; --k) {
      if (!text.empty()) text += ' ';
      text += words[rng() % words.size()];
    }
    (*normaliser)->Normalise(text, "en", &nt);
    ASSERT_EQ(nt.canonical, text);
    lex->Match(nt, &got);
    std::set<std::tuple<std::string, size_t, size_t>> actual, expected;
    for (const Match& m : got) actual.emplace(lex->entry(m.entry).id, nt.tokens[m.first].text_begin,
                                              nt.tokens[m.last].text_begin + nt.tokens[m.last].text_size);
    for (size_t k = 0; k < patterns.size(); ++k) {
      const RE2 re(patterns[k]);
      re2::StringPiece piece;
      size_t pos = 0;
      while (pos < text.size() && re.Match(text, pos, text.size(), RE2::UNANCHORED, &piece, 1)) {
        const size_t b = piece.data() - text.data(), e = b + piece.size();
        if ((b == 0 || text[b - 1] == ' ') && (e == text.size() || text[e] == ' ')) {
          expected.emplace("en.p" + std::to_string(k), b, e);
        }
        pos = piece.empty() ? b + 1 : e;
      }
    }
    found += expected.size();
    ASSERT_EQ(actual, expected) << text;
  }
  EXPECT_GT(found, 500u);  // the salad must hit the patterns often
}

// A pattern's first word gates it either as a whole token ("kill all ...": the literal goes on past
// "kill", so the token is "kill") or as a stem ("kill[^ ]* them": any token starting with "kill").
// Both kinds on one word must each fire where they can, and only there.
TEST_F(MatcherTest, AStartWordIsAWholeTokenOrAStemAsItsPatternSays) {
  const std::string yaml = R"(language: fr
entries:
  - id: fr.stem
    indicator: call_to_violence
    pattern: 'tu[^ ]* les'
    note: n
    sources: [s]
  - id: fr.whole
    indicator: call_to_violence
    pattern: 'tu (les|leur) [^ ]+'
    note: n
    sources: [s]
  - id: fr.ne
    indicator: dehumanisation
    pattern: '(ne|n) [^ ]+ (que|qu) (rats|vermine)'
    note: n
    sources: [s]
)";
  auto lex = CompileYaml(yaml);
  ASSERT_NE(lex, nullptr);
  const std::vector<std::pair<std::string, std::vector<std::string>>> cases = {
      {"tuez les", {"fr.stem"}},
      {"tuons les", {"fr.stem"}},
      {"tu les tues", {"fr.stem", "fr.whole"}},
      {"tu leur dis", {"fr.whole"}},
      {"tues leur dis", {}},
      {"ils ne sont que vermine", {"fr.ne"}},
      {"ils n ont qu rats", {"fr.ne"}},
      {"le nom est que rats", {}},
      {"non ils que vermine", {}},
  };
  for (bool again : {false, true}) {  // the second time, every token is in the memo
    for (const auto& [text, want] : cases) {
      std::vector<std::string> ids = IdsWith(lex, text, "fr");
      std::sort(ids.begin(), ids.end());
      EXPECT_EQ(ids, want) << text << (again ? " (memoised)" : "");
    }
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

// Patterns run inside "(?:" ... ")(?: |$)". One with a ")" too many could compile there and mean
// something else ("(?:a)|(b)(?: |$)"): it is reported with RE2's own error. Parentheses inside a class
// or escaped are no such thing.
TEST(MatcherCreate, APatternThatWouldEscapeItsWrapperIsRejected) {
  auto n = Normaliser::Create({});
  auto compile = [&](const std::string& pattern) {
    Entry e;
    e.id = "en.x";
    e.lang = "en";
    e.indicator = Indicator::kCallToViolence;
    e.pattern = pattern;
    return CompiledLexicon::Create({e}, n->get(), {});
  };
  for (const char* bad : {"a)|(b", "kill them)|(x", "[a])|([b]", "\\(a)|(b", "(a))|((b", "[)])|(x"}) {
    auto lex = compile(bad);
    ASSERT_FALSE(lex.ok()) << bad;
    EXPECT_NE(lex.status().message().find("invalid RE2 pattern"), std::string::npos) << lex.status().message();
  }
  for (const char* good : {"kill [)]", "kill []a)]", "kill [^])]+", "kill \\)", "(kill|shoot) (them)", "kill [[:alpha:]]+",
                           "kill \\Q)\\E"}) {
    auto lex = compile(good);
    EXPECT_TRUE(lex.ok()) << good << ": " << lex.status().message();
  }
}

}  // namespace
}  // namespace vigil
