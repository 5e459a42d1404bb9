// languages.h: properties of languages that more than one stage of classifiers/ reads: which are
// written in Latin script (the normaliser's look-alike folding), which put the verb last (the
// scorer's clause and negation rules), which write compound nouns as one word (the matcher's
// glued-hashtag split). Language codes are the lexicons' (ISO 639-1 where there is one).
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <iterator>
#include <string_view>

namespace vigil::languages {

// Languages written in Latin script, sorted (a message language is looked up in it whenever it
// differs from the previous message's, which in a multilingual stream is nearly every message).
inline constexpr std::string_view kLatinScriptLanguages[] = {
    "af", "ak", "az", "bm", "br", "bs", "ca", "cs", "cy", "da", "de", "ee", "en", "eo", "es", "et", "eu",
    "ff", "fi", "fil", "fo", "fr", "fy", "ga", "gd", "gl", "ha", "hr", "ht", "hu", "id", "ig", "is", "it",
    "jv", "kg", "ki", "lb", "lg", "ln", "lt", "lu", "lv", "mg", "mi", "ms", "mt", "nb", "nl", "nn", "no",
    "ny", "om", "pl", "pt", "qu", "rm", "rn", "ro", "rw", "sg", "sk", "sl", "sm", "sn", "so", "sq", "st",
    "su", "sv", "sw", "tk", "tl", "tn", "to", "tr", "ts", "uz", "vi", "wo", "xh", "yo", "zu"};

// A code of up to 4 bytes as a big-endian number, zero-padded: the numbers sort as the codes do,
// and comparing them calls no memcmp.
constexpr uint32_t PackedCode(std::string_view code) {
  uint32_t v = 0;
  for (size_t k = 0; k < 4; ++k) v = v << 8 | (k < code.size() ? static_cast<uint8_t>(code[k]) : 0u);
  return v;
}
inline constexpr auto kLatinScriptCodes = [] {
  std::array<uint32_t, std::size(kLatinScriptLanguages)> codes{};
  for (size_t k = 0; k < codes.size(); ++k) codes[k] = PackedCode(kLatinScriptLanguages[k]);
  return codes;
}();
// Every code fits the packing (a longer one would be cut and never found), and the list is sorted.
static_assert(std::all_of(std::begin(kLatinScriptLanguages), std::end(kLatinScriptLanguages),
                          [](std::string_view c) { return !c.empty() && c.size() <= 4; }));
static_assert(std::is_sorted(kLatinScriptCodes.begin(), kLatinScriptCodes.end()));

inline bool IsLatinScriptLanguage(std::string_view lang) {
  if (lang.size() > 4 || lang.find('\0') != std::string_view::npos) return false;
  return std::binary_search(kLatinScriptCodes.begin(), kLatinScriptCodes.end(), PackedCode(lang));
}

// Head-final (verb-final, relative clause before its noun) languages among Vigil's.
inline bool IsHeadFinal(std::string_view lang) {
  static constexpr std::string_view kHeadFinal[] = {"am", "bn", "fa", "hi", "ja", "ko", "my", "tr", "ur"};
  return std::find(std::begin(kHeadFinal), std::end(kHeadFinal), lang) != std::end(kHeadFinal);
}

// Languages that write the present-tense copula as a dash between subject and predicate
// ("Цыгане — воры").
inline bool IsDashCopulaLanguage(std::string_view lang) { return lang == "ru" || lang == "uk" || lang == "be" || lang == "bg"; }

// Languages that put the verb of a subordinate or infinitive clause last (German, Dutch): "[Wer
// Behinderte als Belastung bezeichnet], hat ...", "[Flüchtlinge als Tiere zu bezeichnen] ist ...".
inline bool IsVerbFinalInSubordinates(std::string_view lang) { return lang == "de" || lang == "nl"; }

// Languages that write compound nouns as one word (de, nl, the Scandinavian languages, fi, et, hu,
// is, af, lb, fy): there a glued hashtag is often one noun ("#Judenhass", antisemitism), not two
// words run together, and their slogans are lexicon terms whole ("ausländerraus").
inline bool WritesCompoundsAsOneWord(std::string_view lang) {
  static constexpr std::string_view kCompounding[] = {"af", "da", "de", "et", "fi", "fy", "hu", "is",
                                                      "lb", "nb", "nl", "nn", "no", "sv"};
  return std::find(std::begin(kCompounding), std::end(kCompounding), lang) != std::end(kCompounding);
}

// Bantu languages: a verb carries its subject, tense and relative markers as prefixes, so the end
// of a word is often a bare stem that reads as an imperative on its own ("waliochoma", who burned,
// ends in "choma", burn!).
inline bool PrefixesVerbs(std::string_view lang) {
  static constexpr std::string_view kBantu[] = {"kg", "ki", "lg", "ln", "ny", "rn", "rw", "sn", "sw", "xh", "zu"};
  return std::find(std::begin(kBantu), std::end(kBantu), lang) != std::end(kBantu);
}

// The vowel letters of the Latin and Cyrillic alphabets as the normaliser leaves them (lower case,
// Latin and Cyrillic diacritics folded; Turkish dotless ı, Ukrainian і, ї, є): the letters a writer
// leaves out to disguise a word ("mslms", "Flchtlnge", "крйн"). "y" is not one: it is a consonant
// as often ("Srylilr" keeps it).
constexpr bool IsVowel(char32_t c) {
  switch (c) {
    case U'a': case U'e': case U'i': case U'o': case U'u': case U'ı':
    case U'а': case U'е': case U'ё': case U'и': case U'о': case U'у': case U'ы': case U'э': case U'ю': case U'я':
    case U'і': case U'ї': case U'є':
      return true;
    default:
      return false;
  }
}

}  // namespace vigil::languages
