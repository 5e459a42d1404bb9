// spelling.h: the second reading of a message that names a group or a harm and is not flagged.
//
// Misspellings break lexicon matches: "I haet Muslims", "Jews are disgustng", "Ihate women",
// "Bisogna vietare agliimmigrati di votare", "the Roma are vremin". The matcher's approximate kinds
// (fuzzy, squeezed, masked, concatenated) catch some, one word at a time and only for the terms that
// allow it. The second reading catches the rest at the word level, for every harm and group term,
// including the words of phrases and patterns:
//
//   auto fixes = ProposeSpellingFixes(message.text, normalised, matches, lexicon, words);
//   if (!fixes.empty()) { NormalisedText fixed; ApplySpellingFixes(normalised, fixes, &fixed); ...match, score }
//
// A fix is proposed for a token that no match covers (an approximate match, which the scorer may
// drop, does not), that the language's word list (a spelling
// dictionary: WordList, below) does not know as written, that is no word of any harm or group term
// of the message's language (CompiledLexicon::SpellingWord), and that is one typo away from exactly
// one such word (edits after the first letter only, as typists make them), or that is one with its
// vowels left out (below):
//   - two adjacent letters swapped ("haet" -> hate; 4+ code points);
//   - one letter too many, struck twice inside the word ("disgussting" -> disgusting; 6+ code points);
//   - one letter left out ("disgustng" -> disgusting; 6+ code points: "Mahia", a football club, is
//     no "mashia");
// or, in a language that does not write compounds as one word, that is two words written without the
// space between them: a one-word harm or group term of 4+ code points and, before it, a word of some
// term or one the dictionary knows ("agliimmigrati" -> agli immigrati, "unavergogna" -> una
// vergogna, "Ihate" -> I hate), or after it a word of some term of three letters at least; a group's
// name needs a neighbour of two letters at least before it ("Хохлома" is no "хохлом" + "а",
// "АЗЕРТЫ" no "азер" + "ты"); failing such a name, any two words of two letters at least, one of
// them a word of some term (a phrase's or pattern's too), neither a group's name nor a harm word of
// under four letters ("roundedup" -> rounded up, "неостанется" -> не останется, "toplayıpkamplara"
// -> toplayıp kamplara; in a Bantu language the second word has six letters at least, since a
// verb's prefixes end in what reads as another word: "waliochoma" is no "walio" + "choma"). Such a
// split gives way to one word cut in two (below) over the same token ("Solu zione" is "soluzione").
// Failing all of those, a token poor in vowels (three consonants at least, more than three per
// vowel: MayLackVowels), not written in capitals (an acronym, "PKS") nor an English word ("Forms" is
// no "fourmis" in a French post), reads as the word of some term with two vowels or more put back
// (one, when the token has none) and its own letters kept in order ("mslms" -> muslims, "gtnos" ->
// gitanos); failing one, as a term's stem so read with the token's last one or two letters after it
// ("Flchtlnge" -> flüchtling + e, "Srylilr" -> suriyeli + lr). Of several, those with the fewest
// vowels put back: "mslmns" is musulmans, not musulmanes. Such a token is read even inside a match,
// which took it for any word ("alle [^ ]+ abschieben" over "Alle Flchtlnge abschieben"). A message
// that names no group and holds no harm is read again for such tokens alone.
// A token that fits two readings is left alone.
// Without a word list for the message's language nothing is proposed: a real word one letter from a
// lexicon word ("signes" ~ singes, "traiter" ~ traitre, "enviado" = "en" + "viado", inflected verbs ~
// imperatives) is no typo, and only a dictionary tells. It is also what keeps "therapist" from
// reading as "the rapist".
//
// The analyser (analyzer.h) matches and scores the fixed text only when the message's first reading
// is not flagged and holds a group or a harm match, and keeps the second reading only when it is
// flagged on at least one match over a fixed token (a reading flagged on other words only lost a
// word that discounted them: "outcompetes" read as "out competes" no longer marks a "silent invasion"
// as a plant's); its matches that cover a fixed token are of kind `corrected`, and the verdict lists the
// fixes (Verdict::corrections) with the original words. Offsets stay the original text's: a fixed
// token keeps its source span (a split token's two words share it, or divide it where the token was
// written as it reads).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "classifiers/matcher.h"
#include "classifiers/normaliser.h"

namespace vigil {

// The words of a language as a spell-checker knows them (pipeline/hunspell_words.h reads Hunspell
// dictionaries). Thread-safe.
class WordList {
 public:
  virtual ~WordList() = default;
  // Whether there is a list for `lang` (ISO 639-1) at all.
  virtual bool Covers(std::string_view lang) const = 0;
  // Whether `word`, as written in the message (any case), is a word of `lang`.
  virtual bool Knows(std::string_view lang, std::string_view word) const = 0;
};

// Tokens found to have no fix, remembered per thread (most tokens come again and again): a
// direct-mapped table of 65,536 token hashes, salted with the lexicon's version and the message's
// language, so a reloaded lexicon never reads an old answer.
class SpellingMemo {
 public:
  bool NoFix(uint64_t key) const { return slots_[key & (slots_.size() - 1)] == key; }
  void SetNoFix(uint64_t key) { slots_[key & (slots_.size() - 1)] = key; }

 private:
  std::vector<uint64_t> slots_ = std::vector<uint64_t>(size_t{1} << 16, 0);
};

struct SpellingFix {
  TokenIndex token = 0;
  std::string word;    // the token read as this word,
  std::string second;  // and, for two words written as one, this one after it ("" otherwise)
  bool with_next = false;  // one word cut in two: the token and the next one read together as `word`
};

// At most `max_fixes` fixes, in token order; `original` is the message text `text` came from.
// `vowel_poor_only`: fixes for the tokens MayLackVowels names only, and no splits or joins.
// `memo` (optional) skips the tokens it knows to have no fix, and learns new ones.
std::vector<SpellingFix> ProposeSpellingFixes(std::string_view original, const NormalisedText& text,
                                              const std::vector<Match>& matches, const CompiledLexicon& lexicon,
                                              const WordList& words, SpellingMemo* memo = nullptr,
                                              size_t max_fixes = 4, bool vowel_poor_only = false);

// Whether a word of `text` may be one with its vowels left out ("mslms", "Flchtlnge": three
// consonants at least, more than three per vowel, Latin or Cyrillic letters only): a message that
// names no group and holds no harm is read again for such a word, and only such words are fixed.
bool MayLackVowels(const NormalisedText& text);

// The original bytes a fix reads anew: its token's, or both tokens' for a word cut in two.
SourceSpan SpellingFixSource(const NormalisedText& text, const SpellingFix& fix);

// `text` with the fixes applied. `fixed_tokens` (optional) gets, per token of `out`, whether a fix made it.
void ApplySpellingFixes(const NormalisedText& text, const std::vector<SpellingFix>& fixes, NormalisedText* out,
                        std::vector<bool>* fixed_tokens = nullptr);

}  // namespace vigil
