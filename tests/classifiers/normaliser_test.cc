#include "classifiers/normaliser.h"

#include <gtest/gtest.h>

#include <map>
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
  // Source slice of token i in the last input.
  std::string Source(size_t i) const { return std::string(out_.tokens.at(i).source.Slice(last_)); }
  bool Has(size_t i, uint16_t flag) const { return (out_.tokens.at(i).flags & flag) != 0; }
  std::vector<std::string> Run(const std::string& s, const std::string& lang = "") {
    last_ = s;
    return Tokens(last_, lang);
  }
  std::unique_ptr<Normaliser> n_;
  NormalisedText out_;
  std::string last_;
};

using V = std::vector<std::string>;

TEST_F(NormaliserTest, CaseFoldsAndSplitsOnPunctuation) {
  EXPECT_EQ(Tokens("They ARE Vermin!"), (std::vector<std::string>{"they", "are", "vermin"}));
  EXPECT_EQ(out_.canonical, "they are vermin");
}

TEST_F(NormaliserTest, FullwidthAndMathematicalLettersFold) {
  EXPECT_EQ(Tokens("ｋｉｌｌ"), std::vector<std::string>{"kill"});
  EXPECT_EQ(Tokens("𝐤𝐢𝐥𝐥"), std::vector<std::string>{"kill"});
}

// A word cut into parts with one hyphen, period, underscore or middle dot between letters: each part
// after the first is flagged, so the matcher can read the word whole.
TEST_F(NormaliserTest, PartsOfAWordCutWithMarksAreFlagged) {
  auto in_word = [&](const std::string& text) {
    Tokens(text);
    std::string flags;
    for (const Token& t : out_.tokens) flags += (t.flags & kTokenInWord) ? '1' : '0';
    return flags;
  };
  EXPECT_EQ(in_word("exter-minate them"), "010");
  EXPECT_EQ(in_word("ex.ter.mi.na.te"), "01111");
  EXPECT_EQ(in_word("Mus_lims ex‐ter"), "0101");  // U+2010 hyphen
  EXPECT_EQ(in_word("exter - minate"), "00");        // spaces around the mark
  EXPECT_EQ(in_word("exter--minate"), "00");         // two marks
  EXPECT_EQ(in_word("exter/minate"), "00");          // a slash separates alternatives
  EXPECT_EQ(in_word("3.14 covid-19"), "0000");       // numbers
}

// "Fancy text" generators also write small capitals, which NFKC leaves alone.
TEST_F(NormaliserTest, SmallCapitalsFoldToTheirLetters) {
  EXPECT_EQ(Tokens("ᴄᴏᴄᴋʀᴏᴀᴄʜᴇꜱ"), std::vector<std::string>{"cockroaches"});
  EXPECT_EQ(Tokens("ᴀʙᴄᴅᴇꜰɢʜɪᴊᴋʟᴍɴᴏᴘꞯʀꜱᴛᴜᴠᴡʏᴢ"), std::vector<std::string>{"abcdefghijklmnopqrstuvwyz"});
  EXPECT_EQ(out_.tokens[0].source.begin, 0u);
  EXPECT_EQ(out_.tokens[0].source.end, 67u);  // 25 letters of 2 or 3 bytes each
  EXPECT_EQ(Tokens("Kill ᴀʟʟ"), (std::vector<std::string>{"kill", "all"}));
}

// ... and letters in circles and squares, which Unicode files as symbols (each would end the word).
TEST_F(NormaliserTest, EnclosedLettersAreLetters) {
  EXPECT_EQ(Tokens("🅲🅾🅲🅺🆁🅾🅰🅲🅷🅴🆂"), std::vector<std::string>{"cockroaches"});
  EXPECT_EQ(out_.tokens[0].source.end, 44u);  // 11 letters of 4 bytes
  EXPECT_EQ(Tokens("🅒🅞🅒🅚 ⓒⓞⓒⓚ Ⓒⓞⓒⓚ 🄲🄾🄲🄺"), (std::vector<std::string>{"cock", "cock", "cock", "cock"}));
  EXPECT_EQ(Tokens("🅰🆉 ⓩ"), (std::vector<std::string>{"az", "z"}));
  // A pictographic emoji next to them stays a token of its own.
  EXPECT_EQ(Tokens("🅺🅸🅻🅻 🐷"), (std::vector<std::string>{"kill", "🐷"}));
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

TEST_F(NormaliserTest, BidiControlsVariationSelectorsAndJoinersInsideWordAreRemoved) {
  EXPECT_EQ(Run("ver\u202Emin"), V{"vermin"});
  EXPECT_EQ(Run("ver\uFE0Fmin"), V{"vermin"});
  EXPECT_EQ(Run("k\u200Di\u200Cl\u2060l"), V{"kill"});
  EXPECT_EQ(Run("\uFEFFkill"), V{"kill"});
  EXPECT_EQ(Source(0), "kill");
}

TEST_F(NormaliserTest, DecimalPointThousandsCommaAndTimeColonAreNotBoundaries) {
  Run("It costs 3.14 at 12:30, really");
  ASSERT_EQ(out_.tokens.size(), 8u);
  EXPECT_EQ(out_.tokens[3].before, Boundary::kNone);  // 14
  EXPECT_EQ(out_.tokens[6].before, Boundary::kNone);  // 30
  EXPECT_EQ(out_.tokens[7].before, Boundary::kClause);
}

TEST_F(NormaliserTest, AFullStopAfterANumberBeforeALowerCaseWordIsAnOrdinal) {
  Run("Godine 1941. ustaše su otišle. Sad je 2024. Ustaše opet.");
  ASSERT_EQ(out_.tokens.size(), 10u);
  EXPECT_EQ(out_.tokens[2].before, Boundary::kNone);      // ustaše, after the ordinal "1941."
  EXPECT_EQ(out_.tokens[5].before, Boundary::kSentence);  // Sad
  EXPECT_EQ(out_.tokens[8].before, Boundary::kSentence);  // Ustaše, after "2024." and a capital
}

// A word spelled out with full stops between its letters is one sentence: the group named after it
// is in the word's sentence. A full stop after a longer word, or before a space, still ends one.
TEST_F(NormaliserTest, AFullStopBetweenSingleLettersEndsNoSentence) {
  Run("Я п.е.р.е.р.е.ж.у всех таджиков");
  ASSERT_GE(out_.tokens.size(), 4u);
  for (size_t i = 1; i < out_.tokens.size(); ++i) EXPECT_NE(out_.tokens[i].before, Boundary::kSentence) << i;
  Run("They left.I stayed. Plan A. Then B.");
  ASSERT_EQ(out_.tokens.size(), 8u);
  EXPECT_EQ(out_.tokens[2].before, Boundary::kSentence);  // I, after "left." with no space
  EXPECT_EQ(out_.tokens[4].before, Boundary::kSentence);  // Plan
  EXPECT_EQ(out_.tokens[6].before, Boundary::kSentence);  // Then, after "A." and a space
}

TEST_F(NormaliserTest, SentenceBoundariesOfOtherScripts) {
  Run("one。two।three။four።five؟six");
  ASSERT_EQ(out_.tokens.size(), 6u);
  for (size_t i = 1; i < 6; ++i) EXPECT_EQ(out_.tokens[i].before, Boundary::kSentence) << i;
}

TEST_F(NormaliserTest, LeetspeakInsideWordsWithLettersIsDecoded) {
  EXPECT_EQ(Run("k1ll the c0ckr0@ches"), (V{"kill", "the", "cockroaches"}));
  EXPECT_TRUE(Has(0, kTokenLeet));
  EXPECT_FALSE(Has(1, kTokenLeet));
  EXPECT_EQ(Run("3xterminate them"), (V{"exterminate", "them"}));
  EXPECT_EQ(Run("$hit sh!t l33t 5cum"), (V{"shit", "shit", "leet", "scum"}));
  EXPECT_EQ(Run("n1gg3r"), V{"nigger"});
  EXPECT_EQ(Source(0), "n1gg3r");
  // A trailing run of digits is leet when the word has leet elsewhere ("0d10" = odio), not otherwise.
  EXPECT_EQ(Run("0d10 h4t3r5 mu$ulm4n3s covid19 g20"), (V{"odio", "haters", "musulmanes", "covid19", "g20"}));
}

// A pictographic emoji is a token of its own: skin tones and variation selectors dropped, a run of the
// same emoji one token, a zero-width-joiner sequence whole. ©, ® and arrows stay separators.
TEST_F(NormaliserTest, EmojiAreTokensOfTheirOwn) {
  EXPECT_EQ(Run("Muslims are 🐷🐷🐷 and 🦍"), (V{"muslims", "are", "🐷", "and", "🦍"}));
  EXPECT_EQ(Run("Jews👃🏻 🔪🔫"), (V{"jews", "👃", "🔪", "🔫"}));
  EXPECT_EQ(Run("I hate 🏳️‍🌈 people"), (V{"i", "hate", "🏳\u200d🌈", "people"}));
  EXPECT_EQ(Run("©2024 Acme™ → next"), (V{"2024", "acme", "next"}));
  // The token's bytes are the whole run in the original.
  EXPECT_EQ(Run("ok 🐷🐷"), (V{"ok", "🐷"}));
  EXPECT_EQ(Source(1), "🐷🐷");
}

// An '8' after one or two letters opening a word is read for its sound ("h8" is hate, not "hb"); an
// 'e' after it belongs to the "ate". Elsewhere it stays a leet 'b' or a number.
TEST_F(NormaliserTest, AnEightAfterOneOrTwoLettersIsReadAsAte) {
  EXPECT_EQ(Run("i h8 them, h8rs and h8ers"), (V{"i", "hate", "them", "haters", "and", "haters"}));
  EXPECT_TRUE(Has(1, kTokenLeet));
  EXPECT_EQ(Run("gr8 3ur0 1980s covid19"), (V{"grate", "euro", "1980s", "covid19"}));
  EXPECT_EQ(Run("s8bres"), (V{"sbbres"}));  // four letters after it: a leet b
}

TEST_F(NormaliserTest, LeetspeakInACyrillicWordIsDecodedToCyrillicLetters) {
  // "м0скалів" with a Latin 'o' would be a mixed-script word no lexicon term equals.
  EXPECT_EQ(Run("ненавиджу м0скалів"), (V{"ненавиджу", "москалів"}));
  EXPECT_TRUE(Has(1, kTokenLeet));
  // '1' has no single Cyrillic reading (и, і, л): it hides a letter, which the matcher resolves only
  // when one lexicon word fits; '@' is а.
  EXPECT_EQ(Run("уб1ть з@йд"), (V{"уб*ть", "зайд"}));
  EXPECT_TRUE(Has(0, kTokenMasked));
  // So has '!' inside a Cyrillic word (і or л); at the end of one it is punctuation.
  EXPECT_EQ(Run("ц!г@н вбити!"), (V{"ц*ган", "вбити"}));
  EXPECT_TRUE(Has(0, kTokenMasked));
  EXPECT_EQ(Run("4ерн0жопі ч3рн0жопые"), (V{"черножопі", "черножопые"}));
  // Numbers after a Cyrillic word stay numbers; a Latin word keeps the Latin forms.
  EXPECT_EQ(Run("путин2024 м0скалів k1ll"), (V{"путин2024", "москалів", "kill"}));
}

TEST_F(NormaliserTest, TripleParenthesesAreKeptAsTokens) {
  // The antisemitic "echo" must stay visible to lexicons; a run of 3+ becomes one "(((" or ")))".
  EXPECT_EQ(Run("the (((globalists))) again"), (V{"the", "(((", "globalists", ")))", "again"}));
  EXPECT_EQ(Source(1), "(((");
  EXPECT_EQ(Run("((((( x )))))"), (V{"(((", "x", ")))"}));
  // One or two parentheses are punctuation, as before.
  EXPECT_EQ(Run("f(g(x)) and (maybe)"), (V{"f", "g", "x", "and", "maybe"}));
}

TEST_F(NormaliserTest, NumbersDatesAndCodesStayAsWritten) {
  EXPECT_EQ(Run("1994"), V{"1994"});
  EXPECT_TRUE(Has(0, kTokenNumeric));
  EXPECT_EQ(Run("12/03/1994"), (V{"12", "03", "1994"}));
  EXPECT_EQ(Run("1st 5th 1990s 10km covid19 g20 88"), (V{"1st", "5th", "1990s", "10km", "covid19", "g20", "88"}));
  for (size_t i = 0; i + 1 < out_.tokens.size(); ++i) EXPECT_FALSE(Has(i, kTokenLeet)) << i;
  EXPECT_TRUE(Has(6, kTokenNumeric));
  // Currency and exclamation marks next to numbers are not letters.
  EXPECT_EQ(Run("$100 now!"), (V{"100", "now"}));
}

TEST_F(NormaliserTest, SpacedLettersAreJoinedWithSpanOverTheWholeWord) {
  for (const std::string s : {"k i l l", "k.i.l.l", "k-i-l-l", "k_i_l_l", "k . i . l . l", "K I L L"}) {
    EXPECT_EQ(Run(s + " them"), (V{"kill", "them"})) << s;
    EXPECT_TRUE(Has(0, kTokenJoined)) << s;
    EXPECT_EQ(Source(0), s);
  }
  EXPECT_EQ(Run("v e r m i n."), V{"vermin"});
  // A vowel sign spaced apart from its consonant is one of the spaced characters too.
  EXPECT_EQ(Run("म ु स ल म ा न देश"),
            (V{"मुसलमान", "देश"}));
  EXPECT_TRUE(Has(0, kTokenJoined));
  // Spelt out syllable by syllable, with bare letters among them.
  EXPECT_EQ(Run("मु स ल मा न देश"), (V{"मुसलमान", "देश"}));
}

TEST_F(NormaliserTest, ARunOfOneSyllableWordsIsNotSpeltOut) {
  // A letter with its vowel sign is a whole syllable, and Devanagari has many one-syllable words.
  EXPECT_EQ(Run("अगले गे को जो मिलेगा"), (V{"अगले", "गे", "को", "जो", "मिलेगा"}));
  EXPECT_EQ(Run("ये तो वो है"), (V{"ये", "तो", "वो", "है"}));
  EXPECT_FALSE(Has(1, kTokenJoined));
}

TEST_F(NormaliserTest, AWebAddressIsNoText) {
  // Its host and path would read as words; the punctuation that ends the sentence after it stays.
  EXPECT_EQ(Run("see http://bugs.gnu.org/23314. Kill them"), (V{"see", "kill", "them"}));
  EXPECT_EQ(Run("read https://news.example/2024/muslims-attacked now"), (V{"read", "now"}));
  EXPECT_EQ(Run("WWW.example.com/vermin rats"), (V{"rats"}));
  // Not a word that merely starts with the letters, nor an address glued to a word.
  EXPECT_EQ(Run("httpd www"), (V{"httpd", "www"}));
  EXPECT_EQ(Run("xhttp://a"), (V{"xhttp", "a"}));
}

TEST_F(NormaliserTest, TwoSpacedLettersStaySeparate) {
  EXPECT_EQ(Run("a b"), (V{"a", "b"}));
  EXPECT_EQ(Run("e.g. this"), (V{"e", "g", "this"}));
  EXPECT_EQ(Run("I am a man"), (V{"i", "am", "a", "man"}));
  EXPECT_FALSE(Has(0, kTokenJoined));
}

TEST_F(NormaliserTest, SpacedLettersWithDifferentSeparatorsAreNotJoined) {
  EXPECT_EQ(Run("k i.l-l"), (V{"k", "i", "l", "l"}));
  EXPECT_EQ(Run("k i\nl l"), (V{"k", "i", "l", "l"}));
}

// Words of spaced letters are told apart by a wider gap: "Ż y d y   w o n" is two words, and a
// one-letter word between such gaps ("z") joins neither neighbour.
TEST_F(NormaliserTest, AWiderGapBetweenSpacedLettersEndsTheWord) {
  EXPECT_EQ(Run("k i l l   a l l   j e w s"), (V{"kill", "all", "jews"}));
  EXPECT_EQ(Run("Ż y d y   w o n   z   P o l s k i"), (V{"zydy", "won", "z", "polski"}));
  EXPECT_EQ(Run("K I L L  T H E  J E W S"), (V{"kill", "the", "jews"}));
  EXPECT_EQ(Run("k i l l them"), (V{"kill", "them"}));  // one gap all along: one word
}

// Scripts that put no dots inside words: a dot or underscore between their letters, with a short
// piece on one side, is a spelling trick and the word is whole again. Latin and Cyrillic
// abbreviations stay apart.
TEST_F(NormaliserTest, DotsAndUnderscoresInsideNonLatinWordsAreDropped) {
  EXPECT_EQ(Run("मु.ल्लों को का.ट डालो"), (V{"मुल्लों", "को", "काट", "डालो"}));
  EXPECT_EQ(Run("اقـ.ـتـ.ـلـوا"), V{"اقتلوا"});
  EXPECT_EQ(Run("ጋ_ላዎቹን"), V{"ጋላዎቹን"});
  EXPECT_EQ(Source(0), "ጋ_ላዎቹን");
  EXPECT_EQ(Run("т.е. это"), (V{"т", "е", "это"}));
  EXPECT_EQ(Run("e.g. this"), (V{"e", "g", "this"}));
  EXPECT_EQ(Run("शहर.बाजार"), (V{"शहर", "बाजार"}));  // two longer words: punctuation, not a trick
}

// A run of leet characters inside a word is one disguise ("Amma$$are", "a$$a$$in"); trailing ones
// and a price stay out of the word.
TEST_F(NormaliserTest, ARunOfLeetCharactersInsideAWordKeepsTheWordWhole) {
  EXPECT_EQ(Run("Amma$$are tutti"), (V{"ammassare", "tutti"}));
  EXPECT_EQ(Run("a$$a$$in"), V{"assassin"});
  EXPECT_EQ(Run("cash$$ 100$ $$$"), (V{"cash", "100"}));
}

TEST_F(NormaliserTest, SpacedLettersWithDigitsAreJoinedThenDecoded) {
  EXPECT_EQ(Run("k 1 l l"), V{"kill"});
  EXPECT_TRUE(Has(0, kTokenJoined));
  EXPECT_TRUE(Has(0, kTokenLeet));
  EXPECT_EQ(Run("1 2 3 4"), (V{"1", "2", "3", "4"}));  // digits only: a list, not a word
  EXPECT_EQ(Run("1 a 2 b"), (V{"1", "a", "2", "b"}));
}

TEST_F(NormaliserTest, StarBetweenEveryLetterIsSpacingNotMasking) {
  EXPECT_EQ(Run("k*i*l*l"), V{"kill"});
  EXPECT_TRUE(Has(0, kTokenJoined));
  EXPECT_FALSE(Has(0, kTokenMasked));
}

TEST_F(NormaliserTest, RunsOfThreeOrMoreLettersAreCutToTwoAndSqueezedFormKept) {
  EXPECT_EQ(Run("killlll"), V{"kill"});
  EXPECT_TRUE(Has(0, kTokenSqueezed));
  EXPECT_EQ(out_.Squeezed(0), "kil");
  EXPECT_EQ(Run("vermiiiin"), V{"vermiin"});
  EXPECT_EQ(out_.Squeezed(0), "vermin");
  EXPECT_EQ(out_.Squeezed(0), SqueezeLetterRuns(out_.TokenText(out_.tokens[0])));
  EXPECT_EQ(Source(0), "vermiiiin");
  // Digit runs are numbers, not emphasis.
  EXPECT_EQ(Run("1000000"), V{"1000000"});
  EXPECT_FALSE(Has(0, kTokenSqueezed));
}

TEST_F(NormaliserTest, WordOfOneRepeatedLetterKeepsThree) {
  EXPECT_EQ(Run("KKK"), V{"kkk"});
  EXPECT_FALSE(Has(0, kTokenSqueezed));
  EXPECT_EQ(Run("kkkkkk"), V{"kkk"});
  EXPECT_TRUE(Has(0, kTokenSqueezed));
  EXPECT_EQ(out_.Squeezed(0), "k");
}

TEST_F(NormaliserTest, DoubleLettersAreNotSqueezed) {
  EXPECT_EQ(Run("kill all"), (V{"kill", "all"}));
  EXPECT_FALSE(Has(0, kTokenSqueezed));
  EXPECT_TRUE(out_.Squeezed(0).empty());
  EXPECT_EQ(out_.squeezed_index.size(), out_.tokens.size());
}

TEST(SqueezeLetterRuns, CollapsesLetterRunsOnly) {
  EXPECT_EQ(SqueezeLetterRuns("kill"), "kil");
  EXPECT_EQ(SqueezeLetterRuns("vermiin aa"), "vermin a");
  EXPECT_EQ(SqueezeLetterRuns("1000 f**k it''s"), "1000 f**k it''s");
  EXPECT_EQ(SqueezeLetterRuns("жжж"), "ж");
  EXPECT_EQ(SqueezeLetterRuns(""), "");
}

TEST_F(NormaliserTest, MaskedLettersKeepTheStar) {
  EXPECT_EQ(Run("k*ll v*rmin f**k n****"), (V{"k*ll", "v*rmin", "f**k", "n****"}));
  for (size_t i = 0; i < 4; ++i) EXPECT_TRUE(Has(i, kTokenMasked)) << i;
  EXPECT_EQ(Source(3), "n****");
  EXPECT_EQ(Run("f#ck"), V{"f*ck"});
  EXPECT_TRUE(Has(0, kTokenMasked));
}

TEST_F(NormaliserTest, EmphasisStarsHashtagsAndArithmeticAreNotMasks) {
  EXPECT_EQ(Run("**bold** *it* #killthemall 2*3 note*"), (V{"bold", "it", "killthemall", "2", "3", "note"}));
  for (size_t i = 0; i < out_.tokens.size(); ++i) EXPECT_FALSE(Has(i, kTokenMasked)) << i;
}

TEST_F(NormaliserTest, CamelCaseHashtagIsSplitIntoWords) {
  EXPECT_EQ(Run("#KillThemAll now"), (V{"kill", "them", "all", "now"}));
  EXPECT_TRUE(Has(0, kTokenHashtag));
  EXPECT_TRUE(Has(2, kTokenHashtag));
  EXPECT_FALSE(Has(3, kTokenHashtag));
  EXPECT_EQ(Source(1), "Them");
  EXPECT_EQ(Run("#BANTheJews"), (V{"ban", "the", "jews"}));
  EXPECT_EQ(Run("#IAmHere"), (V{"i", "am", "here"}));
  EXPECT_FALSE(Has(0, kTokenJoined));
  EXPECT_EQ(Run("#MAGA #killthemall NYTimes"), (V{"maga", "killthemall", "nytimes"}));
  EXPECT_FALSE(Has(0, kTokenHashtag));
}

// Outside a hashtag, a lower-case letter followed by an upper-case one is a dropped space when two
// letters at least stand on each side; capital runs and one-letter prefixes stay whole.
TEST_F(NormaliserTest, CamelCasePlainWordIsSplitAtALowerUpperJoin) {
  EXPECT_EQ(Run("I hateMuslims"), (V{"i", "hate", "muslims"}));
  EXPECT_TRUE(Has(1, kTokenCamelCase));
  EXPECT_TRUE(Has(2, kTokenCamelCase));
  EXPECT_FALSE(Has(1, kTokenHashtag));
  EXPECT_EQ(Source(2), "Muslims");
  EXPECT_EQ(Run("MuslimsAreVermin"), (V{"muslims", "are", "vermin"}));
  EXPECT_EQ(Run("my iPhone on eBay NYTimes USAToday"), (V{"my", "iphone", "on", "ebay", "nytimes", "usatoday"}));
  EXPECT_FALSE(Has(1, kTokenCamelCase));
  EXPECT_EQ(Run("heR Muslims aB"), (V{"her", "muslims", "ab"}));
}

// The same cuts in words that are not all ASCII, by the letters' Unicode case: Polish, Cyrillic,
// German umlauts. A mask or digit in the word, alternating case or a caseless script keeps it whole.
TEST_F(NormaliserTest, CamelCaseCutsUseUnicodeCase) {
  EXPECT_EQ(Run("#ŚmierćŻydom teraz"), (V{"smierc", "zydom", "teraz"}));
  EXPECT_TRUE(Has(0, kTokenHashtag));
  EXPECT_TRUE(Has(1, kTokenHashtag));
  EXPECT_FALSE(Has(2, kTokenHashtag));
  EXPECT_EQ(Source(1), "Żydom");
  EXPECT_EQ(Run("#СмертьЖидам"), (V{"смерть", "жидам"}));
  EXPECT_EQ(Run("#ΘάνατοςΣτους"), (V{"θανατοσ", "στουσ"}));
  EXPECT_EQ(Run("AusländerRaus jetzt"), (V{"auslander", "raus", "jetzt"}));
  EXPECT_TRUE(Has(0, kTokenCamelCase));
  EXPECT_FALSE(Has(0, kTokenHashtag));
  // Whole: one capital at the start, a capital run, alternating case, a caseless script, a mask.
  EXPECT_EQ(Run("Żydzi ŻYDZI żYdZi #الموت #Ж*дыВон"), (V{"zydzi", "zydzi", "zydzi", "الموت", "ж*дывон"}));
  for (size_t i = 0; i < out_.tokens.size(); ++i) {
    EXPECT_FALSE(Has(i, kTokenHashtag) || Has(i, kTokenCamelCase)) << i;
  }
  EXPECT_EQ(Run("éTé ÉcoleÀ"), (V{"ete", "ecolea"}));  // a one-letter part is no word
}

// A word whose case alternates from letter to letter is one word in disguise, not words run
// together: "mUsLiMs" is muslims, not "mus li ms"; hashtags too. Camel case still splits.
TEST_F(NormaliserTest, AlternatingCaseIsOneWordNotCamelCase) {
  EXPECT_EQ(Run("mUsLiMs are vermin"), (V{"muslims", "are", "vermin"}));
  EXPECT_FALSE(Has(0, kTokenCamelCase));
  EXPECT_EQ(Run("JeWs MuSlImS #jEwS"), (V{"jews", "muslims", "jews"}));
  EXPECT_EQ(Run("#KillThemAll MuslimsAreVermin"), (V{"kill", "them", "all", "muslims", "are", "vermin"}));
}

TEST_F(NormaliserTest, NegativeContractionKeepsAnAsciiApostrophe) {
  EXPECT_EQ(Run("don't don’t n’t can`t WON'T"), (V{"don't", "don't", "n't", "can't", "won't"}));
  EXPECT_EQ(Source(1), "don’t");
  EXPECT_EQ(Run("the students' books"), (V{"the", "students", "books"}));
}

TEST_F(NormaliserTest, ElisionApostropheSeparatesTheClitic) {
  EXPECT_EQ(Run("l'homosexualité qu’ils y'abatutsi dell'odio"),
            (V{"l", "homosexualite", "qu", "ils", "y", "abatutsi", "dell", "odio"}));
  EXPECT_EQ(Source(1), "homosexualité");
  EXPECT_EQ(Run("the Jew's house, it's"), (V{"the", "jew", "s", "house", "it", "s"}));
  EXPECT_EQ(n_->CanonicalTerm("qu'ils crèvent", "fr"), "qu ils crevent");
}

TEST_F(NormaliserTest, ElisionApostropheIsNotAQuote) {
  Run("'c'est l'enfer' dit-il");
  ASSERT_EQ(out_.tokens.size(), 6u);
  for (size_t i = 0; i < 4; ++i) EXPECT_TRUE(Has(i, kTokenQuoted)) << i;
  EXPECT_FALSE(Has(4, kTokenQuoted));
}

TEST_F(NormaliserTest, TokensInsideClosedQuotesAreFlagged) {
  const std::vector<std::pair<std::string, std::string>> pairs = {
      {"\"", "\""}, {"“", "”"}, {"„", "“"}, {"„", "\""}, {"«", "»"}, {"» ", " «"}, {"'", "'"}, {"‘", "’"}, {"「", "」"}};
  for (const auto& [open, close] : pairs) {
    Run("he said " + open + "kill them" + close + " today");
    ASSERT_EQ(out_.tokens.size(), 5u) << open;
    EXPECT_FALSE(Has(1, kTokenQuoted)) << open;
    EXPECT_TRUE(Has(2, kTokenQuoted)) << open;
    EXPECT_TRUE(Has(3, kTokenQuoted)) << open;
    EXPECT_FALSE(Has(4, kTokenQuoted)) << open;
  }
}

// A straight quote typed where the closer of a low „ belongs closes it (the pair „ " above); one that
// opens a quote of its own inside the low quote does not.
TEST_F(NormaliserTest, AStraightQuoteInsideALowQuoteOpensItsOwn) {
  Run("„er sagte \"kill\" dann“ ok");
  ASSERT_EQ(out_.tokens.size(), 5u);
  for (size_t i = 0; i < 4; ++i) EXPECT_TRUE(Has(i, kTokenQuoted)) << i;
  EXPECT_FALSE(Has(4, kTokenQuoted));
}

TEST_F(NormaliserTest, UnclosedQuoteMarksNothing) {
  Run("\"kill them all");
  for (size_t i = 0; i < out_.tokens.size(); ++i) EXPECT_FALSE(Has(i, kTokenQuoted));
}

TEST_F(NormaliserTest, ApostropheInsideWordIsNotAQuote) {
  Run("don't say 'vermin' ok");
  ASSERT_EQ(out_.tokens.size(), 4u);
  EXPECT_FALSE(Has(0, kTokenQuoted));
  EXPECT_FALSE(Has(1, kTokenQuoted));
  EXPECT_TRUE(Has(2, kTokenQuoted));
  EXPECT_FALSE(Has(3, kTokenQuoted));
}

TEST_F(NormaliserTest, NestedQuotesMarkBothLevels) {
  Run("“they said ‘kill’ and left” ok");
  ASSERT_EQ(out_.tokens.size(), 6u);
  for (size_t i = 0; i < 5; ++i) EXPECT_TRUE(Has(i, kTokenQuoted)) << i;
  EXPECT_FALSE(Has(5, kTokenQuoted));
}

TEST_F(NormaliserTest, TraceRecordsEachStep) {
  NormalisationTrace trace;
  n_->NormaliseWithTrace("K1LLLL the Vеrmin", "en", &out_, &trace);
  ASSERT_GE(trace.steps.size(), 8u);
  EXPECT_EQ(trace.steps.front().first, "input");
  EXPECT_EQ(trace.steps.front().second, "K1LLLL the Vеrmin");
  EXPECT_EQ(trace.steps.back().first, "canonical");
  EXPECT_EQ(trace.steps.back().second, out_.canonical);
  std::map<std::string, std::string> by_name(trace.steps.begin(), trace.steps.end());
  EXPECT_EQ(by_name["nfkc_cf"], "k1llll the vеrmin");
  EXPECT_EQ(by_name["homoglyphs"], "k1llll the vermin");
  EXPECT_EQ(by_name["leetspeak"], "killll the vermin");
  EXPECT_EQ(by_name["squeeze runs"], "kill the vermin");
}

TEST_F(NormaliserTest, TraceGivesTheSameTokensAsNormalise) {
  const std::vector<std::string> corpus = {"They ARE Vermin!", "k i l l them", "killlll", "naïve café", "don't",
                                           "c0ckr0@ches", "kіll", "1994 1st", "f**k", "漢字 かな", "ကုလား"};
  NormalisedText traced;
  NormalisationTrace trace;
  for (const auto& s : corpus) {
    n_->Normalise(s, "", &out_);
    n_->NormaliseWithTrace(s, "", &traced, &trace);
    EXPECT_EQ(traced.canonical, out_.canonical) << s;
    ASSERT_EQ(traced.tokens.size(), out_.tokens.size()) << s;
    for (size_t i = 0; i < traced.tokens.size(); ++i) {
      EXPECT_EQ(traced.tokens[i].flags, out_.tokens[i].flags) << s;
      EXPECT_EQ(traced.tokens[i].source, out_.tokens[i].source) << s;
    }
  }
}

TEST_F(NormaliserTest, CanonicalTermIsTheTokenTextOfTheTermInASentence) {
  EXPECT_EQ(n_->CanonicalTerm("C0ckr0aches", "en"), "cockroaches");
  EXPECT_EQ(n_->CanonicalTerm("no-one", "en"), "no one");
  EXPECT_EQ(n_->CanonicalTerm("n't", "en"), "n't");
  Run("They are all C O C K R O A C H E S!", "en");
  EXPECT_EQ(out_.canonical, "they are all cockroaches");
}

TEST_F(NormaliserTest, EachStepCanBeTurnedOff) {
  Normaliser::Options o;
  o.leetspeak = false;
  o.homoglyphs = false;
  o.join_spaced_letters = false;
  o.fold_diacritics = false;
  auto n = Normaliser::Create(o);
  ASSERT_TRUE(n.ok());
  (*n)->Normalise("k1ll kіll k i l l café", "", &out_);
  EXPECT_EQ(out_.canonical, "k1ll kіll k i l l café");
}

TEST(NormaliserCreate, RejectsZeroInputLimit) {
  Normaliser::Options o;
  o.max_input_bytes = 0;
  auto n = Normaliser::Create(o);
  ASSERT_FALSE(n.ok());
  EXPECT_EQ(n.status().code(), StatusCode::kInvalidArgument);
}

TEST(NormaliserCreate, LongInputIsTruncatedAtACharacterBoundary) {
  Normaliser::Options o;
  o.max_input_bytes = 6;
  auto n = Normaliser::Create(o);
  ASSERT_TRUE(n.ok());
  NormalisedText out;
  (*n)->Normalise("ab\u20ACxyz", "", &out);  // the cut at 6 bytes would split nothing; at 4 it would split €
  EXPECT_TRUE(out.truncated);
  EXPECT_EQ(out.canonical, "abex");
  o.max_input_bytes = 4;
  n = Normaliser::Create(o);
  (*n)->Normalise("ab\u20ACxyz", "", &out);
  EXPECT_EQ(out.canonical, "ab");
  EXPECT_FALSE(out.had_invalid_utf8);
}

TEST_F(NormaliserTest, LanguageHintIsLowerCasedWithoutRegion) {
  Run("hello", "EN-us");
  EXPECT_EQ(out_.lang, "en");
  Run("hello", "pt_BR");
  EXPECT_EQ(out_.lang, "pt");
  Run("hello", "");
  EXPECT_EQ(out_.lang, "");
}

TEST_F(NormaliserTest, HugeInputIsHandled) {
  std::string big;
  while (big.size() < (10u << 20)) big += "word ";
  n_->Normalise(big, "en", &out_);
  EXPECT_GT(out_.tokens.size(), 1000000u);
}

}  // namespace
}  // namespace vigil
