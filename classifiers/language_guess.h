// language_guess.h: which language a message without a `lang` field is written in.
//
//   LanguageGuess g = GuessLanguage(text);   // g.lang: ISO 639-1 ("de"), or "" when undecided
//
// A message without a language is matched against every lexicon, so a word of one language fires in
// another (Dutch "nicht" is a slur; German "nicht" is "not"). Feeds often carry no language, so the
// analyzer asks this guesser first. It wraps CLD2 (Debian's libcld2, with the full tables of
// libcld2_full: 160+ languages, Hausa and Kinyarwanda among them) and answers only when CLD2 calls
// its answer reliable; undecided messages keep today's behaviour (every lexicon, languages voted on
// by the matches in the scorer).
//
// Mapped to Vigil's codes: "zh-Hant" -> "zh". Left undecided on purpose: Bosnian, Croatian and
// Serbian (CLD2 tells the Latin-script standards apart by a few spellings only, and Vigil's lexicons
// file them under three codes: a wrong pick would hide two of them) and CLD2's script-only and
// unknown answers ("un", "xx-...").
//
// Pure and thread-safe (CLD2's tables are static and read-only). Text longer than
// kLanguageGuessMaxBytes is judged by its first kLanguageGuessMaxBytes bytes (cut on a code point).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace vigil {

inline constexpr size_t kLanguageGuessMaxBytes = 4096;

struct LanguageGuess {
  std::string lang;  // "" when undecided
  int percent = 0;   // CLD2's share of the text in that language (0-100)
};

// `utf8` must be valid UTF-8 (messages are checked when parsed); invalid input gives "".
LanguageGuess GuessLanguage(std::string_view utf8);

}  // namespace vigil
