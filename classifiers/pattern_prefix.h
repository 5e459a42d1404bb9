// pattern_prefix.h: which literal strings every match of an RE2 pattern must start with.
//
//   auto p = LiteralPrefixes("(plan|plot)s? to (kill|wipe out)");  // "plan ", "plans ", "plot ", "plots "
//   auto q = LiteralPrefixes("\\S+ima");                             // nullopt: a match may start anywhere
//
// A prefix ends after its `max_words`-th space at the latest ("plan " means the match starts with
// the whole word "plan"; "schei" that it starts with "schei"). With max_words = 2 the same pattern
// gives "plan to ", "plans to ", "plot to ", "plots to ".
// The matcher uses this as a gate: a pattern whose matches must start on a token boundary (all of
// them do) can only match at a token that starts with one of its prefixes, so it is tried there,
// anchored, instead of scanning every message with RE2. The analysis is sound, never exact: the
// prefixes may admit starts that cannot match (the caller runs RE2 to find out), but never miss
// one. It covers the RE2 syntax lexicons use: literals (UTF-8 code points), escaped punctuation,
// groups ((...), (?:...), (?P<name>...)), alternation, the quantifiers ? * + {n} {n,} {n,m}
// (greedy or lazy), small character classes without ranges (expanded into their members), and
// the zero-width \b \B ^ $ \A \z (ignored: they only remove matches). Anything else (flags such
// as (?i), classes with ranges or negation, \d \s \w \pL, dots) ends the literal prefix there; a
// pattern whose prefix can end up empty gets nullopt, and so does one with more than
// `max_prefixes` distinct prefixes, or one that does not parse.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace vigil {

std::optional<std::vector<std::string>> LiteralPrefixes(std::string_view pattern, size_t max_prefixes = 4096,
                                                        size_t max_words = 1);

// Words a later token of every match must start with. For a match that begins at a token start
// (text start or after a space), each list returned is a set of prefixes as LiteralPrefixes gives
// them, and some token that begins inside the match starts with one of them (after its start, or,
// for a list from a group that must match, possibly the start's own token):
//
//   LaterTokenPrefixes("(zijn|is)( (allemaal|echt))* (ratten|luizen)")   // {{"luizen", "ratten"}}
//   LaterTokenPrefixes("kill (all|every) (jews|roma)")    // {{"all ", "every "}, {"jews", "roma"}}
//
// One list per place in the pattern's top level where every way of reaching it ends with a space
// (a literal space, or a group whose every alternative ends with one) and whose remainder
// LiteralPrefixes can gate; and one per group that must match, the union of one list of each of
// its alternatives (found the same way, to a depth of 4); a top-level alternation counts as such a
// group. Empty when there is none, or when the pattern uses flags. The matcher uses it to skip a
// start with none of the later words within MaxSpaces tokens (a FilteredRE2-style prefilter on
// tokens), so the first word may be a common one.
std::vector<std::vector<std::string>> LaterTokenPrefixes(std::string_view pattern, size_t max_prefixes = 4096);

// The most spaces one match of `pattern` can hold, so the most tokens after its first that a match
// (which starts at a token) can reach into: MaxSpaces("(kill|burn)( all)? (them|those [^ ]+)") is 3.
// SIZE_MAX when a space may repeat without bound ("( [^ ]+)*", ".+", "\\s+"), or the pattern uses
// flags or syntax the analysis does not follow. Sound like LiteralPrefixes: never below the truth.
size_t MaxSpaces(std::string_view pattern);

// One past the ']' of the character class that starts at pattern[at] == '[' (RE2 syntax: a ']' first
// in it, after an optional '^', is a member; "[:alpha:]" and escapes are inside), or npos when it
// is not closed.
size_t ClassEnd(std::string_view pattern, size_t at);

// The length in letters of the shortest first word of a list of prefixes (0 for none; a code point
// that carries a syllable, Ethiopic, Hangul, kana or CJK, counts as two letters): how selective a
// gate on them is, roughly (short words are the common ones).
size_t ShortestWord(const std::vector<std::string>& prefixes);

// How the matcher gates a pattern whose matches all start with literal words (classifiers/matcher.h).
struct PatternGate {
  // (word, whole): the pattern is tried at tokens that begin with `word`, or that are `word` when
  // `whole` (the literal goes on past it).
  std::vector<std::pair<std::string, bool>> starts;
  // Start words whose every start is two whole words: there the pattern is tried only where the next
  // token completes one of `pairs` ("plan" of "plan to ", the "a" of "(a propósito|deliberadamente)").
  std::vector<std::string> paired;
  std::vector<std::pair<std::string, std::string>> pairs;  // the two-word starts of `paired` words
  // (word, whole): when not empty, the pattern is tried only at a start with a token that begins
  // with (or is) one of them within `later_within` tokens: the most selective LaterTokenPrefixes
  // list, when its shortest word has at least kLaterMinChars letters (ShortestWord).
  std::vector<std::pair<std::string, bool>> later;
  static constexpr size_t kLaterMinChars = 3;
  // With `later`: a later word's token is at most this many tokens after the start (MaxSpaces), so
  // the matcher looks for one only there; SIZE_MAX: anywhere from the start on. (It may be the
  // start's own token: a list from a group that must match holds the group's words wherever they are.)
  size_t later_within = SIZE_MAX;
  // A start word of at most 2 letters that is neither pair-checked nor behind later words: the
  // pattern is tried at every occurrence of a word like "de", "is" or "la" in its language.
  bool TriedAtACommonWord() const;
};
// nullopt when a match may start with anything (LiteralPrefixes is nullopt): then the pattern is
// scanned for in every message of its language.
std::optional<PatternGate> GateOf(std::string_view pattern, size_t max_pair_leads = 4096);

class Normaliser;
// A pattern's literal letters folded the way the text is ("şehir" -> "sehir", "ज़" -> "ज", "ß" ->
// "ss"): patterns run on canonical text, so a letter the normaliser folds away could never match.
// The matcher compiles this form, and `vigil lexicon stats` gates it (GateOf). Code point by code
// point, each through Normaliser::CanonicalTerm in the entry's language (`cache` keeps each letter's
// fold across calls); ASCII capitals are lowered ("Juden" as "juden"); an apostrophe or hyphen
// between two letters becomes what the normaliser makes of it between them (a space, or kept in
// English "can't"); a combining mark is folded with the letter before it; escapes (\S, \p{L}, \x{..}),
// flags and group names ("(?i)", "(?P<Name>") are copied as written, as are letters whose
// canonical form is not one code point inside a class (ClassEnd) or is dropped before a quantifier,
// and any letter whose canonical form holds a space. Burmese is left alone: a lone code point cannot
// tell Zawgyi from Unicode.
std::string CanonicalPattern(std::string_view pattern, std::string_view lang, Normaliser* normaliser,
                             std::unordered_map<std::string, std::string>* cache);

}  // namespace vigil
