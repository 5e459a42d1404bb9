// Normaliser behaviour per script: diacritics, Arabic, homoglyphs, scripts without spaces, Zawgyi,
// script and language detection. Real words from the languages Vigil monitors.
#include <gtest/gtest.h>
#include <unicode/uscript.h>

#include <algorithm>

#include "classifiers/normaliser.h"

namespace vigil {
namespace {

using V = std::vector<std::string>;

class NormaliserScripts : public ::testing::Test {
 protected:
  void SetUp() override { n_ = Make({}); }
  static std::unique_ptr<Normaliser> Make(const Normaliser::Options& o) {
    auto n = Normaliser::Create(o);
    EXPECT_TRUE(n.ok());
    return std::move(*n);
  }
  V Run(const std::string& s, const std::string& lang = "", Normaliser* n = nullptr) {
    last_ = s;
    (n != nullptr ? n : n_.get())->Normalise(last_, lang, &out_);
    V t;
    for (const auto& tok : out_.tokens) t.emplace_back(out_.TokenText(tok));
    return t;
  }
  std::string Source(size_t i) const { return std::string(out_.tokens.at(i).source.Slice(last_)); }
  bool Has(size_t i, uint16_t flag) const { return (out_.tokens.at(i).flags & flag) != 0; }
  // True when the tokens of `term` alone occur, in order and contiguously, among the tokens of `sentence`.
  bool TermFoundInSentence(const std::string& term, const std::string& sentence, const std::string& lang) {
    V t = Run(term, lang);
    V s = Run(sentence, lang);
    return !t.empty() && std::search(s.begin(), s.end(), t.begin(), t.end()) != s.end();
  }

  std::unique_ptr<Normaliser> n_;
  NormalisedText out_;
  std::string last_;
};

TEST_F(NormaliserScripts, DiacriticsFoldInLatinAndGreek) {
  EXPECT_EQ(Run("Ünïcödé naïve CAFÉ Łódź"), (V{"unicode", "naive", "cafe", "lodz"}));
  EXPECT_TRUE(Has(0, kTokenDiacriticsFolded));
  EXPECT_EQ(Run("άνθρωποι Ελλάδα"), (V{"ανθρωποι", "ελλαδα"}));
  EXPECT_EQ(Run("Việt Nam"), (V{"viet", "nam"}));
  // A decomposed accent folds the same way as a precomposed one.
  EXPECT_EQ(Run("cafe\u0301"), V{"cafe"});
  // The hooked letters of Hausa, typed without the hook on most keyboards; upper case too.
  EXPECT_EQ(Run("ɓeraye ɗan ƙasa ƴan Ɓera", "ha"), (V{"beraye", "dan", "kasa", "yan", "bera"}));
  EXPECT_TRUE(TermFoundInSentence("beraye", "Su ɓeraye ne", "ha"));
}

TEST_F(NormaliserScripts, CyrillicFoldsOnlyYoAndStressMarks) {
  EXPECT_EQ(Run("Ёлка ёж"), (V{"елка", "еж"}));
  EXPECT_EQ(Run("мой їжак"), (V{"мой", "їжак"}));     // й and ї are letters, not accented letters
  EXPECT_EQ(Run("хохо\u0301л"), V{"хохол"});          // stress accent on о
}

TEST_F(NormaliserScripts, EssentialMarksAreKept) {
  EXPECT_EQ(Run("मुसलमानों को मारो"), (V{"मुसलमानों", "को", "मारो"}));
  EXPECT_EQ(Run("ሰላም ነው"), (V{"ሰላም", "ነው"}));
  EXPECT_EQ(Run("বাংলাদেশী"), V{"বাংলাদেশী"});
  EXPECT_EQ(Run("முஸ்லிம்"), V{"முஸ்லிம்"});
  EXPECT_FALSE(Has(0, kTokenDiacriticsFolded));
}

TEST_F(NormaliserScripts, DevanagariNuktaIsOptional) {
  EXPECT_EQ(Run("नफ़रत नफरत"), (V{"नफरत", "नफरत"}));
  EXPECT_EQ(Run("ज़िंदा \u095Bिंदा"), (V{"जिंदा", "जिंदा"}));  // combining and precomposed nukta
  EXPECT_TRUE(Has(0, kTokenDiacriticsFolded));
  EXPECT_EQ(Run("कूड़ा"), V{"कूडा"});
}

TEST_F(NormaliserScripts, ArabicLetterVariantsTatweelAndHarakatAreNormalised) {
  EXPECT_EQ(Run("إبادة ابادة أبيدوهم آمن"), (V{"اباده", "اباده", "ابيدوهم", "امن"}));
  EXPECT_EQ(Run("الـــيهود"), V{"اليهود"});
  EXPECT_EQ(Source(0), "الـــيهود");
  EXPECT_EQ(Run("مُسْلِمِينَ"), V{"مسلمين"});
  EXPECT_EQ(Run("على مستشفى"), (V{"علي", "مستشفي"}));
  EXPECT_EQ(Run("ﻻ"), V{"لا"});  // presentation form ligature
}

TEST_F(NormaliserScripts, DigitsOfEveryScriptBecomeAscii) {
  EXPECT_EQ(Run("١٩٩٤ ۱۳۵۷ १९४७ ၁၉၈၈"), (V{"1994", "1357", "1947", "1988"}));
  for (size_t i = 0; i < 4; ++i) EXPECT_TRUE(Has(i, kTokenNumeric));
}

TEST_F(NormaliserScripts, ArabiziDigitsOnlyWhenConfigured) {
  EXPECT_EQ(Run("7mar"), V{"tmar"});  // plain leetspeak by default
  Normaliser::Options o;
  o.arabizi = true;
  auto n = Make(o);
  EXPECT_EQ(Run("7mar 3arab mo3ak 2020", "ar", n.get()), (V{"حmar", "عarab", "moعak", "2020"}));
  EXPECT_TRUE(Has(0, kTokenLeet));
  EXPECT_EQ(n->CanonicalTerm("mo3ak", "ar"), "moعak");
}

TEST_F(NormaliserScripts, CyrillicLookalikeInLatinWordIsMapped) {
  EXPECT_EQ(Run("kіll the vеrmіn"), (V{"kill", "the", "vermin"}));  // і, е: Cyrillic
  EXPECT_TRUE(Has(0, kTokenHomoglyph));
  EXPECT_FALSE(Has(1, kTokenHomoglyph));
  EXPECT_EQ(out_.tokens[0].script, USCRIPT_LATIN);
  EXPECT_EQ(Run("КILL"), V{"kill"});                 // upper-case Cyrillic К
  EXPECT_EQ(Run("κill ѕcum"), (V{"kill", "scum"}));  // Greek κ, Cyrillic ѕ
}

TEST_F(NormaliserScripts, GenuineCyrillicAndGreekWordsAreUntouched) {
  EXPECT_EQ(Run("Тутси сосна Ελλάδα"), (V{"тутси", "сосна", "ελλαδα"}));
  for (size_t i = 0; i < 3; ++i) EXPECT_FALSE(Has(i, kTokenHomoglyph)) << i;
  EXPECT_EQ(out_.tokens[0].script, USCRIPT_CYRILLIC);
  EXPECT_EQ(out_.tokens[2].script, USCRIPT_GREEK);
}

TEST_F(NormaliserScripts, LatinLookalikeInCyrillicWordIsMapped) {
  EXPECT_EQ(Run("Tутси хохoл"), (V{"тутси", "хохол"}));  // Latin T, Latin o
  EXPECT_TRUE(Has(0, kTokenHomoglyph));
  EXPECT_EQ(out_.tokens[0].script, USCRIPT_CYRILLIC);
}

// Half Latin, half Cyrillic: the word takes the script all its letters can be written in. Latin x
// and a have Cyrillic twins, ч and и have no Latin one, so "xaчи" is Cyrillic; "kіlа" (Cyrillic і
// and а) stays Latin.
// Latin u and n stand in for и and п in a mostly Cyrillic word, one way only.
TEST_F(NormaliserScripts, LatinUAndNStandForCyrillicIAndPeInACyrillicWord) {
  EXPECT_EQ(Run("жuды знuщені nидоры"), (V{"жиды", "знищені", "пидоры"}));
  EXPECT_TRUE(Has(0, kTokenHomoglyph));
  EXPECT_EQ(out_.tokens[0].script, USCRIPT_CYRILLIC);
  // A Latin word keeps its u and n, and a Cyrillic и in it has no Latin reading.
  EXPECT_EQ(Run("union"), V{"union"});
  EXPECT_EQ(out_.tokens[0].script, USCRIPT_LATIN);
}

TEST_F(NormaliserScripts, ATiedWordTakesTheScriptAllItsLettersCanBecome) {
  EXPECT_EQ(Run("xaчи"), V{"хачи"});
  EXPECT_EQ(out_.tokens[0].script, USCRIPT_CYRILLIC);
  EXPECT_EQ(Run("kіlа"), V{"kila"});
  EXPECT_EQ(out_.tokens[0].script, USCRIPT_LATIN);
}

TEST_F(NormaliserScripts, AllLookalikeWordIsLatinOnlyInLatinScriptMessages) {
  EXPECT_EQ(Run("they are хоре", "en"), (V{"they", "are", "xope"}));
  EXPECT_TRUE(Has(2, kTokenHomoglyph));
  EXPECT_EQ(Run("хоре", "ru"), V{"хоре"});
  EXPECT_EQ(Run("хоре", ""), V{"хоре"});
  // Across the list of Latin-script languages (its ends, a three-letter code), alternating with
  // languages of other scripts as a multilingual stream does.
  for (const char* lang : {"af", "zu", "fil", "sw", "tk", "ha", "EN-gb"}) {
    EXPECT_EQ(Run("хоре", lang), V{"xope"}) << lang;
    EXPECT_EQ(Run("хоре", "uk"), V{"хоре"}) << lang;
  }
  for (const char* lang : {"ru", "sr", "am", "uk_UA", "a", "zz"}) EXPECT_EQ(Run("хоре", lang), V{"хоре"}) << lang;
}

TEST_F(NormaliserScripts, ChineseIsOneTokenPerCharacter) {
  EXPECT_EQ(Run("他们都是蟑螂"), (V{"他", "们", "都", "是", "蟑", "螂"}));
  EXPECT_TRUE(Has(0, kTokenSegmented));
  EXPECT_EQ(Source(4), "蟑");
  EXPECT_EQ(Run("２０２４年ABC中文"), (V{"2024", "年", "abc", "中", "文"}));
}

// ICU's dictionary segmentation gives 支那|猪 alone but 支那|猪去|死 in the sentence; character
// tokens make the term a token sequence in both.
TEST_F(NormaliserScripts, ChineseTermMatchesInsideASentence) {
  EXPECT_TRUE(TermFoundInSentence("支那猪", "支那猪去死", "zh"));
  EXPECT_TRUE(TermFoundInSentence("蝗虫", "这群蝗虫滚回去", "zh"));
  EXPECT_TRUE(TermFoundInSentence("黑鬼", "这些黑鬼都该死", "zh"));
}

TEST_F(NormaliserScripts, JapaneseKanaAndKanjiAreCharacterTokens) {
  EXPECT_EQ(Run("ゴキブリだ"), (V{"ゴ", "キ", "ブ", "リ", "だ"}));
  EXPECT_EQ(Run("ｺﾞｷﾌﾞﾘ"), (V{"ゴ", "キ", "ブ", "リ"}));  // half-width kana with voicing marks
  EXPECT_TRUE(TermFoundInSentence("朝鮮人", "朝鮮人を殺せ", "ja"));
  EXPECT_EQ(out_.lang, "ja");
}

TEST_F(NormaliserScripts, ThaiClustersKeepMarksAndLeadingVowels) {
  EXPECT_EQ(Run("เป็น"), (V{"เป็", "น"}));
  EXPECT_EQ(Run("ฆ่า"), (V{"ฆ่", "า"}));
  EXPECT_TRUE(TermFoundInSentence("แมลงสาบ", "พวกมันเป็นแมลงสาบต้องฆ่าให้หมด", "th"));
  EXPECT_TRUE(TermFoundInSentence("ต่างด้าว", "ไล่พวกต่างด้าวออกไป", "th"));
}

TEST_F(NormaliserScripts, KhmerCoengStaysWithTheConsonantItSubscripts) {
  EXPECT_EQ(Run("ឆ្កែ"), V{"ឆ្កែ"});
  EXPECT_TRUE(TermFoundInSentence("ឆ្កែ", "ពួកវាជាឆ្កែ", "km"));
}

TEST_F(NormaliserScripts, LaoTermMatchesInsideASentence) {
  EXPECT_TRUE(TermFoundInSentence("ສັດ", "ພວກມັນເປັນສັດ", "lo"));
}

TEST_F(NormaliserScripts, BurmeseIsCutIntoSyllables) {
  EXPECT_EQ(Run("မင်္ဂလာပါ"), (V{"မင်္ဂ", "လာ", "ပါ"}));
  EXPECT_EQ(Run("ကုလားတွေကိုသတ်ပစ်ရမယ်"), (V{"ကု", "လား", "တွေ", "ကို", "သတ်", "ပစ်", "ရ", "မယ်"}));
  EXPECT_TRUE(Has(0, kTokenSegmented));
  EXPECT_EQ(Source(4), "သတ်");
}

// A dot, underscore or space before a vowel sign or a consonant its asat closes splits a Burmese
// syllable, which never starts there: the syllable is whole again. Between syllables they separate.
TEST_F(NormaliserScripts, SeparatorsInsideABurmeseSyllableAreDropped) {
  EXPECT_EQ(Run("သ_တ်_ပ_စ်", "my"), Run("သတ်ပစ်", "my"));
  EXPECT_EQ(Run("မု န်း တယ်", "my"), Run("မုန်းတယ်", "my"));
  EXPECT_EQ(Run("သ.တ်", "my"), Run("သတ်", "my"));
  EXPECT_EQ(Run("မူဆ_လင်", "my"), Run("မူဆလင်", "my"));  // between syllables: cut there anyway
  EXPECT_EQ(Run("ကောင်း တယ်", "my").size(), 2u);
}

TEST_F(NormaliserScripts, BurmeseTermMatchesInsideASentence) {
  EXPECT_TRUE(TermFoundInSentence("ကုလား", "ဒီကုလားတွေကိုသတ်ပစ်ရမယ်", "my"));
  EXPECT_TRUE(TermFoundInSentence("ဘင်္ဂါလီ", "ဘင်္ဂါလီတွေကိုမောင်းထုတ်", "my"));
  EXPECT_TRUE(TermFoundInSentence("မွတ်ဆလင်", "မွတ်ဆလင်တွေကိုသတ်ပစ်", "my"));
}

TEST_F(NormaliserScripts, MyanmarDigitZeroWrittenForWaIsTheLetter) {
  EXPECT_EQ(Run("၀က်"), V{"ဝက်"});  // "pig" typed with the digit zero
  EXPECT_EQ(Run("၁၀"), V{"10"});
}

// Zawgyi strings below are ICU's my-Zawgyi rendering of the Unicode text, as Zawgyi phones typed it.
TEST_F(NormaliserScripts, ZawgyiIsDetectedAndConvertedWithSyllableSpans) {
  EXPECT_EQ(Run("ကုလားေတြကို သတ္ပစ္ရမယ္"), (V{"ကု", "လား", "တွေ", "ကို", "သတ်", "ပစ်", "ရ", "မယ်"}));
  EXPECT_TRUE(out_.was_zawgyi);
  EXPECT_TRUE(Has(2, kTokenZawgyi));
  EXPECT_EQ(Source(2), "ေတြ");
  EXPECT_EQ(Source(4), "သတ္");
  EXPECT_EQ(Run("ျမန္မာႏိုင္ငံ"), (V{"မြန်", "မာ", "နိုင်", "ငံ"}));
  EXPECT_EQ(Source(0), "ျမန္");
  EXPECT_EQ(Run("မဂၤလာပါ"), (V{"မင်္ဂ", "လာ", "ပါ"}));
  EXPECT_TRUE(out_.was_zawgyi);
}

// U+1000..U+1FFF share the UTF-8 lead byte E1: Ethiopic, Georgian and Vietnamese's U+1Exx letters
// come before the Burmese here, and the Burmese ends the text.
TEST_F(NormaliserScripts, ZawgyiIsFoundAfterScriptsThatShareItsLeadByte) {
  Run("ሰላም ለሁሉም ქართული Tất cả ကုလားေတြကို သတ္ပစ္ရမယ္");
  EXPECT_TRUE(out_.was_zawgyi);
  Run("ሰላም ለሁሉም ქართული Tất cả");
  EXPECT_FALSE(out_.was_zawgyi);
  EXPECT_EQ(Run("ሰላም ለሁሉም Tất cả ျမန္မာ"), (V{"ሰላም", "ለሁሉም", "tat", "ca", "မြန်", "မာ"}));
  EXPECT_TRUE(out_.was_zawgyi);
}

TEST_F(NormaliserScripts, ZawgyiAndUnicodeSpellingsGiveTheSameTokens) {
  const V zawgyi = Run("ကြၽန္ေတာ္ ကေလး ေျပး");
  EXPECT_TRUE(out_.was_zawgyi);
  EXPECT_EQ(zawgyi, Run("ကျွန်တော် ကလေး ပြေး"));
  EXPECT_FALSE(out_.was_zawgyi);
  const V rohingya = Run("ရိုဟင္ဂ်ာ");
  EXPECT_TRUE(out_.was_zawgyi);
  EXPECT_EQ(rohingya, Run("ရိုဟင်ဂျာ"));
}

TEST_F(NormaliserScripts, UnicodeBurmeseIsNotTakenForZawgyi) {
  // (ယောက်ျား, man: the standard spelling puts the medial ya after an asat.)
  for (const std::string s : {"မြန်မာနိုင်ငံ", "ကျွန်တော် ကလေး ပြေး", "ဘင်္ဂါလီတွေကိုမောင်းထုတ်", "ခွေး", "မင်္ဂလာပါ",
                              "ယောက်ျားလျာတွေက ရွံစရာကောင်းတယ်"}) {
    Run(s);
    EXPECT_FALSE(out_.was_zawgyi) << s;
  }
}

TEST_F(NormaliserScripts, ShanAndMonInUnicodeAreNotTakenForZawgyi) {
  EXPECT_EQ(Run("ၵႂၢမ်းတႆး"), (V{"ၵႂၢမ်း", "တႆး"}));  // Shan: the Tai language
  EXPECT_FALSE(out_.was_zawgyi);
  Run("မႂ်ႇသုင်ၶႃႈ ၵူၼ်းတႆး");                      // Shan greeting
  EXPECT_FALSE(out_.was_zawgyi);
  Run("ဘာသာမန်");                                    // Mon
  EXPECT_FALSE(out_.was_zawgyi);
}

TEST_F(NormaliserScripts, ZawgyiDetectionCanBeTurnedOff) {
  Normaliser::Options o;
  o.detect_zawgyi = false;
  auto n = Make(o);
  Run("ျမန္မာ", "", n.get());
  EXPECT_FALSE(out_.was_zawgyi);
}

TEST_F(NormaliserScripts, HangulWordsAreWords) {
  EXPECT_EQ(Run("조선인 죽여"), (V{"조선인", "죽여"}));
  EXPECT_EQ(out_.tokens[0].script, USCRIPT_HANGUL);
}

TEST_F(NormaliserScripts, ScriptPerTokenAndDominantScript) {
  Run("kill الكفار все 1994");
  ASSERT_EQ(out_.tokens.size(), 4u);
  EXPECT_EQ(out_.tokens[0].script, USCRIPT_LATIN);
  EXPECT_EQ(out_.tokens[1].script, USCRIPT_ARABIC);
  EXPECT_EQ(out_.tokens[2].script, USCRIPT_CYRILLIC);
  EXPECT_EQ(out_.tokens[3].script, USCRIPT_COMMON);
  EXPECT_EQ(out_.dominant_script, USCRIPT_ARABIC);
  Run("1994 !!");
  EXPECT_EQ(out_.dominant_script, USCRIPT_COMMON);
}

TEST_F(NormaliserScripts, LanguageIsGuessedFromScriptWhenNotGiven) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"اقتلوهم جميعا", "ar"}, {"ሰላም ነው", "am"},      {"မြန်မာ", "my"}, {"他们都是蟑螂", "zh"},
      {"あいつらはゴキブリだ", "ja"}, {"조선인", "ko"},  {"แมลงสาบ", "th"}, {"मुसलमानों को मारो", "hi"},
      {"שלום", "he"},            {"Ελλάδα", "el"},     {"Тутси", ""},    {"the vermin", ""}};
  for (const auto& [text, lang] : cases) {
    Run(text);
    EXPECT_EQ(out_.lang, lang) << text;
  }
}

TEST_F(NormaliserScripts, LanguageHintWinsOverScript) {
  Run("اقتلوهم", "fa");
  EXPECT_EQ(out_.lang, "fa");
}

}  // namespace
}  // namespace vigil
