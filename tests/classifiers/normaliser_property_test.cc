// Property tests of the normaliser over random and adversarial input: the offset map, the shape of
// the canonical text, agreement of the fast and traced paths, and survival of broken input.
#include <algorithm>
#include <gtest/gtest.h>
#include <unicode/utf8.h>

#include <random>

#include "classifiers/message.h"
#include "classifiers/normaliser.h"

namespace vigil {
namespace {

// Pieces random messages are built from: words of many scripts, obfuscation, separators, quotes and
// byte sequences that are not UTF-8 at all.
const std::vector<std::string>& Pieces() {
  static const std::vector<std::string> pieces = {
      "kill", "Vermin", " ", "  ", "\n", ".", ",", "!", "?", "'", "\"", "“", "”", "«", "»", "„", "‘", "’", "「", "」",
      "-", "_", "*", "**", "#", "@", "$", "|", "k1ll", "c0ckr0@ches", "k i l l", "k.i.l.l", "killlll", "f**k",
      "don't", "n’t", "Ünïcödé", "cafe\u0301", "ｋｉｌｌ", "𝐤𝐢𝐥𝐥", "kіll", "Тутси", "Tутси", "Ελλάδα", "ё",
      "漢字", "蟑螂", "ゴキブリ", "ｺﾞ", "조선인", "ሰላም", "مرحبا", "الـــيهود", "مُسْلِم", "ﻻ", "١٩٩٤", "1994", "3.14",
      "मुसलमानों", "แมลงสาบ", "เป็น", "ឆ្កែ", "ສັດ", "ကုလား", "မင်္ဂလာပါ", "၀က်", "၀", "ေ", "္", "\u200B", "\u200D",
      "\u00AD", "\u202E", "\uFE0F", "\uFEFF", "🙂", "👨‍👩‍👧", "\u0301", "\u0378", "\uFFFF", "\uE000", "\U0010FFFD",
      "x", "a", "I", "3", "0", "\xFF", "\xC3", "\xE2\x82", "\xED\xA0\x80", "\xC0\xAF", "\xF4\x90\x80\x80",
      "\xF8\x88\x80\x80\x80", std::string("\0", 1), "\t", "\r\n", "ß", "İ", "ﬁ", "①", "½", "℅"};
  return pieces;
}

// The invariants every output must satisfy for input `s`.
void CheckInvariants(const std::string& s, const NormalisedText& out) {
  uint32_t prev_end = 0;
  std::string joined;
  ASSERT_EQ(out.squeezed_index.size(), out.tokens.size()) << s;
  for (size_t i = 0; i < out.tokens.size(); ++i) {
    const Token& t = out.tokens[i];
    ASSERT_LT(t.source.begin, t.source.end) << s;
    ASSERT_LE(prev_end, t.source.begin) << "overlap in: " << s;
    ASSERT_LE(t.source.end, s.size()) << s;
    ASSERT_TRUE(IsValidUtf8(t.source.Slice(s))) << "token source not on character boundaries in: " << s;
    prev_end = t.source.end;
    const std::string_view text = out.TokenText(t);
    ASSERT_FALSE(text.empty()) << s;
    ASSERT_EQ(text.find(' '), std::string_view::npos) << s;
    if (i > 0) joined.push_back(' ');
    joined.append(text);
    if (t.flags & kTokenSqueezed) {
      ASSERT_EQ(out.Squeezed(static_cast<TokenIndex>(i)), SqueezeLetterRuns(text)) << s;
    } else {
      ASSERT_TRUE(out.Squeezed(static_cast<TokenIndex>(i)).empty()) << s;
    }
    if (i == 0) {
      ASSERT_EQ(t.before, Boundary::kNone) << s;
    }
  }
  ASSERT_EQ(out.canonical, joined) << s;
  ASSERT_TRUE(IsValidUtf8(out.canonical)) << s;
}

class NormaliserProperty : public ::testing::Test {
 protected:
  void SetUp() override {
    auto n = Normaliser::Create({});
    ASSERT_TRUE(n.ok());
    n_ = std::move(*n);
  }
  std::unique_ptr<Normaliser> n_;
  NormalisedText out_, again_;
};

TEST_F(NormaliserProperty, OffsetMapHoldsOverRandomAndAdversarialInput) {
  std::mt19937 rng(7);
  const auto& pieces = Pieces();
  const char* langs[] = {"", "en", "ru", "ar", "my"};
  for (int round = 0; round < 4000; ++round) {
    std::string s;
    const int len = static_cast<int>(rng() % 24);
    for (int i = 0; i < len; ++i) s += pieces[rng() % pieces.size()];
    const std::string lang = langs[rng() % 5];
    n_->Normalise(s, lang, &out_);
    ASSERT_NO_FATAL_FAILURE(CheckInvariants(s, out_));
    // Each token's source slice, normalised on its own, gives the token back. Joined tokens and
    // Zawgyi conversions need their context by design.
    const NormalisedText whole = out_;
    for (const Token& t : whole.tokens) {
      if (t.flags & (kTokenJoined | kTokenZawgyi)) continue;
      const std::string slice(t.source.Slice(s));
      n_->Normalise(slice, lang, &again_);
      if (again_.was_zawgyi != whole.was_zawgyi) continue;  // Zawgyi detection is per message
      // A camel-case word is cut only when it is all ASCII letters ("VerminVermin" followed by a
      // soft hyphen and more letters is one word; the slice alone is two).
      if (!(t.flags & kTokenCamelCase) && again_.tokens.size() > 1 &&
          std::all_of(again_.tokens.begin(), again_.tokens.end(), [](const Token& u) { return (u.flags & kTokenCamelCase) != 0; })) {
        continue;
      }
      ASSERT_EQ(again_.tokens.size(), 1u) << "slice '" << slice << "' of: " << s;
      ASSERT_EQ(again_.canonical, whole.TokenText(t)) << "slice '" << slice << "' of: " << s;
    }
  }
}

TEST_F(NormaliserProperty, RandomBytesNeverBreakTheInvariants) {
  std::mt19937 rng(11);
  for (int round = 0; round < 3000; ++round) {
    std::string s(rng() % 64, '\0');
    for (char& c : s) {
      // Bias towards UTF-8 lead and continuation bytes and ASCII punctuation.
      const uint32_t r = rng();
      c = static_cast<char>((r & 3) == 0 ? 0x80 | (r >> 8 & 0x3F) : (r & 3) == 1 ? 0xE0 | (r >> 8 & 0x0F) : r >> 8);
    }
    n_->Normalise(s, "", &out_);
    ASSERT_NO_FATAL_FAILURE(CheckInvariants(s, out_));
  }
}

TEST_F(NormaliserProperty, EveryByteAndEveryBmpCodePointIsHandled) {
  for (int b = 0; b < 256; ++b) {
    const std::string s = "a" + std::string(1, static_cast<char>(b)) + "b";
    n_->Normalise(s, "", &out_);
    ASSERT_NO_FATAL_FAILURE(CheckInvariants(s, out_));
  }
  std::string s;
  for (UChar32 c = 1; c < 0x110000; c += (c < 0x10000 ? 1 : 97)) {
    if (c >= 0xD800 && c <= 0xDFFF) continue;
    s.clear();
    char buf[4];
    int32_t n = 0;
    U8_APPEND_UNSAFE(buf, n, c);
    s.append("x").append(buf, n).append("y ").append(buf, n);
    n_->Normalise(s, "", &out_);
    ASSERT_NO_FATAL_FAILURE(CheckInvariants(s, out_)) << "U+" << std::hex << c;
  }
}

TEST_F(NormaliserProperty, TracedAndFastPathsAgree) {
  std::mt19937 rng(3);
  const auto& pieces = Pieces();
  NormalisedText traced;
  NormalisationTrace trace;
  for (int round = 0; round < 1500; ++round) {
    std::string s;
    const int len = static_cast<int>(rng() % 16);
    for (int i = 0; i < len; ++i) s += pieces[rng() % pieces.size()];
    n_->Normalise(s, "en", &out_);
    n_->NormaliseWithTrace(s, "en", &traced, &trace);
    ASSERT_EQ(traced.canonical, out_.canonical) << s;
    ASSERT_EQ(traced.tokens.size(), out_.tokens.size()) << s;
    for (size_t i = 0; i < traced.tokens.size(); ++i) {
      ASSERT_EQ(traced.tokens[i].flags, out_.tokens[i].flags) << s;
      ASSERT_EQ(traced.tokens[i].source, out_.tokens[i].source) << s;
      ASSERT_EQ(traced.tokens[i].before, out_.tokens[i].before) << s;
    }
    ASSERT_EQ(trace.steps.back().second, out_.canonical) << s;
  }
}

TEST_F(NormaliserProperty, OutputIsAFixedPointForWordsWithoutContext) {
  // Normalising canonical text again changes nothing (lexicon terms may be written canonically).
  for (const std::string s : {"They ARE Vermin!", "k1ll c0ckr0@ches", "Ünïcödé", "إبادة الـــيهود", "kіll",
                              "killlll", "don’t", "支那猪", "မင်္ဂလာပါ", "ｋｉｌｌ", "ß"}) {
    n_->Normalise(s, "", &out_);
    const std::string once = out_.canonical;
    n_->Normalise(once, "", &again_);
    EXPECT_EQ(again_.canonical, once) << s;
  }
}

TEST_F(NormaliserProperty, TenMegabyteInputsOfEveryShape) {
  const size_t kSize = 10u << 20;
  auto fill = [&](const std::string& unit) {
    std::string s;
    s.reserve(kSize + unit.size());
    while (s.size() < kSize) s += unit;
    return s;
  };
  const std::vector<std::pair<std::string, std::string>> shapes = {
      {"ascii words", "word "},
      {"one huge word", "ab"},
      {"one letter repeated", "a"},
      {"spaced letters", "k "},
      {"multilingual", "kill مرحبا Тутси 漢字 ကုလား ሰላም मारो "},
      {"combining marks", "e\u0301\u0302\u0303"},
      {"invalid bytes", "\xFF\xC3"},
      {"stars", "a*"},
      {"quotes", "\"a "},
      {"zawgyi", "ကုလားေတြကို သတ္ပစ္ "},
  };
  for (const auto& [name, unit] : shapes) {
    const std::string s = fill(unit);
    n_->Normalise(s, "", &out_);
    ASSERT_NO_FATAL_FAILURE(CheckInvariants(s, out_)) << name;
    EXPECT_FALSE(out_.truncated) << name;
  }
}

// Found by the fuzzer: Zawgyi conversion merged two tokens and left the first one's squeezed form.
TEST_F(NormaliserProperty, ZawgyiMergedTokenKeepsItsSqueezedForm) {
  const std::string s =
      "moPPPPPPPPPPPPPPPPPPPP\xE1\x81\xB1\x80\x9D\x1C\x1C\x11k1l\x1C\x9C^\xE2\xC2\x9Dl ~ h'te $'\xC2\x90\xF1";
  n_->Normalise(s, "en", &out_);
  EXPECT_TRUE(out_.was_zawgyi);
  ASSERT_NO_FATAL_FAILURE(CheckInvariants(s, out_));
}

TEST_F(NormaliserProperty, EmptyAndSeparatorOnlyInputs) {
  // (Emoji are tokens since session 16: "🙂🙂" is one; ©, ™ and arrows are still separators.)
  for (const std::string s : {"", " ", "\n\n", "...", "\u200B\u200B", "©™ → ←", "\xFF", "''", "\"\""}) {
    n_->Normalise(s, "", &out_);
    EXPECT_TRUE(out_.tokens.empty()) << s;
    EXPECT_TRUE(out_.canonical.empty()) << s;
  }
}

}  // namespace
}  // namespace vigil
