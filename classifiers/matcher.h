// matcher.h: a compiled, immutable lexicon that finds entries in a normalised token stream.
//
//   auto compiled = CompiledLexicon::Create(std::move(entries), &normaliser, {});
//   if (!compiled.ok()) ...                       // names the entry and the reason
//   std::shared_ptr<const CompiledLexicon> lex = *compiled;
//   std::vector<Match> matches;
//   lex->Match(normalised, &matches);             // thread-safe; reuse `matches`
//
// How a match is made (Match::kind):
//
//   kind           when                                                   index
//   -------------  -----------------------------------------------------  ------------------------------
//   exact          the token n-gram equals a term's canonical form         token n-gram hash (+ Bloom filter)
//   joined         exact, on a token the normaliser joined from spaced     same
//                  letters ("k i l l" -> kill)
//   prefix         `match: prefix` terms: last word starts with the stem   per-length prefix hash
//   pattern        an RE2 pattern, on token boundaries                     sharded RE2::Set, then RE2
//   squeezed       a kTokenSqueezed token ("killlll") equals a term once   run-collapsed form of every
//                  runs of repeated letters are collapsed on both sides    literal term
//   masked         a kTokenMasked token ("k*ll", '*' = one or more hidden  sorted term list (forward and
//                  letters) fits single-word terms (harm, identity and     reversed) scanned by the
//                  cue entries are all candidates); the fits hiding the    fragment before/after the mask
//                  fewest letters are the reading, and match when they
//                  all belong to the same entries, else it is ambiguous:
//                  no match; a fit hiding more letters than there are
//                  '*' gives way to a tightly fitting stem (below); at
//                  most 4096 candidates per mask, 16384 per message);
//                  failing that, one entry's prefix stem fits its start,  the prefix stems, sorted
//                  with an ending of at most 3 letters ("п*доры")
//   fuzzy          a token with no exact match is at Damerau-Levenshtein   deletion neighbourhood
//                  distance 1 (one deletion, insertion, substitution or    (SymSpell) hashes behind a
//                  adjacent transposition) from a single-word harm or      first/last-pair gate, a
//                  identity term; both sides at least `fuzzy_min_chars`    1-bit filter and a Bloom
//                                                                          filter; every candidate verified
//                  code points (`fuzzy_min_chars_identity` for identity,
//                  whose first letter must agree: "trauen" is no "Frauen");
//                  harm terms only of entries marked `fuzzy`, and only for
//                  a swap after the first letter (from 4 code points) or
//                  an inner letter dropped or added (from 6); a one-word
//                  group-name stem (`match: prefix`) with two letters
//                  after the first swapped (6+ code points, "mulsime") or
//                  an inner letter dropped (9+, "auslandr")
//   concatenated   two adjacent tokens, neither a lexicon word, separated  the token hash of their
//                  only by spacing, whose concatenation is a single-word   concatenation, O(1) from the
//                  harm or identity term ("Mus lims" -> muslims)           two token hashes
//   fused          2-8 adjacent parts of one hashtag or camel-case word    the token hash of their
//                  that the normaliser cut ("#ÜlkemdeSuriyeliİstemiyorum"  concatenation; only in a
//                  -> ülkemde suriyeli istemiyorum), or of a word cut      message with such parts
//                  with hyphens, periods or underscores (kTokenInWord:
//                  "ex-ter-mi-na-ted"), run together, equal a single-word
//                  term: a fused hashtag written in lower case in a
//                  lexicon ("ulkemdesuriyeliistemiyorum"); or start with
//                  a harm or group-name prefix stem that ends inside the
//                  last part ("exter" "minated": "extermin")
//
// Literal terms (the vast majority) live in a token n-gram hash keyed by a polynomial hash of the
// canonical text, so the key of "a b" (phrases) or "ab" (concatenation) is derived from the keys
// of "a" and "b" without re-hashing. One Bloom probe per token rejects ordinary words; the filters
// are kept per language, so a message in a known language only pays for its own language's words
// (and "mul"). The index slot of a first token carries the lengths of the phrases starting with it.
// RE2 patterns: most patterns' matches must start with one of a few literal words ("(plan|plot)s? to
// kill ..." starts with plan, plans, plot or plots; pattern_prefix.h works them out, soundly). Such a
// pattern is tried, anchored, only at the tokens that begin with one of its start words (a hash per
// distinct word length behind a two-byte head bitmap), or that are one, when the start goes on past
// the word ("(ne|n) [^ ]+ que ..." is tried at "ne" and "n", not at "nom"); and at a first word whose
// matches all start with one of a known list of two whole words ("plan to ", "plots to ", the "a" of
// "(a propósito|deliberadamente) ..."), only where the next token completes such a pair (one bit per
// pair and pattern, and a flag on each gate member), so a common first word costs no RE2 call; the check is
// made as the start is collected (one probe of a pair-only filter first), so a rejected start costs
// no sort either. A pattern whose first words are common but which must go on to rarer ones
// ("(zijn|is)( (allemaal|echt))* (ratten|luizen)": every match holds a token starting with "ratten"
// or "luizen") is tried only at a start with one of those later words as close after it as a match
// can reach (pattern_prefix.h MaxSpaces: "( [^ ]+){0,3}" reaches 4 tokens on), a FilteredRE2-style
// prefilter on the same gate index. pattern_prefix.h GateOf decides all of this per pattern (start
// words, pair checks, later words), and `vigil lexicon stats` names the patterns it leaves tried at
// every one- or two-letter word. A per-language 16-bit-per-key filter of the gate keys rejects most
// prefixes of a token before the shared gate index is probed. The others (a pattern that may start with
// anything, e.g. "[^ ]*..." affix patterns) are grouped per message language into RE2::Set shards of up
// to 128: a message pays one yes/no DFA pass per shard of its language, and only patterns a set
// reports are run again to find positions. Pattern matches are kept only when they start and end on
// token boundaries (RE2's \b is ASCII-only, so boundaries come from the normaliser's tokens).
// The approximate kinds (squeezed, masked, fuzzy, concatenated) never report a span that an exact
// or prefix match of the same entry already covers, and fuzzy/concatenation skip tokens that are
// lexicon words of the message's language (a verified key whose terms include that language).
//
// The token memo: what the index, the prefix stems, the pattern gates and the fuzzy search say about
// a token depends only on the token, the lexicon and the message language, and feed text repeats its
// words. Each thread keeps a 4-way, 4 MiB table (262,144 slots) of those outcomes keyed by the token's
// hash salted with the lexicon's generation and the message language; a hit skips the probes and the
// searches known to find nothing. A word's own entry is taken from the memo as it was verified when
// memoised (the memo trusts its 56-bit salted key both ways); so is the one entry a non-lexicon token
// fuzzy-matches (two or more are searched again), and whether the token can be the left or the right
// part of a glued term (a per-view Bloom filter of every split of the concatenable keys, probed once
// when the token is memoised): a pair of tokens is only probed for concatenation when the first can
// start such a term and the second can end it (a token of one code point never can). Most tokens
// are ordinary words already memoised, on which nothing can fire: after hashing, one branch-free
// pass compares every token's memo line with the "ordinary" bits and lists the others, and the main
// loop visits only those (about 45% of feed tokens); a lexicon word that starts no prefix stem and
// no pattern is done after its phrases. A word that gates patterns ("de", "que", "sollten": 15% of
// the gettext feed's tokens) keeps its gate-index values in a second, 128 KiB per-thread gate memo
// keyed the same way, so it costs one lookup instead of a filter and index probe per gate-word
// length (-9% instructions in Match on the feed posts' second pass). Phrases, patterns and the other
// approximate kinds are still verified against the text at their position.
//
// Filters in front of the costly steps, none of which can change a result (each only skips work
// whose outcome it proves empty, and every hit is verified against the stored text):
//   - one Bloom filter per message language (its own keys and "mul"; all keys for unknown) for single
//     tokens, phrases, phrase starts (the first two tokens: one probe rules out every phrase length)
//     and concatenation candidates (behind the memo's left/right-part bits, above).
//   - fuzzy: a token and a term of >= 5 code points at distance one share their first two or their
//     last two code points, so a per-language bitmap of the terms' first and last pairs skips most
//     tokens; the L+1 deletion probes of the others first test a per-language bitmap of >= 16 bits
//     per key (one multiply, one load) before Mix(), the Bloom filter and the index.
//   - exclusion phrases, prefix stems and the message language are found by hash (the hashes of
//     candidate spans come from the token hashes), never by string-keyed maps or sorted-string search;
//     a span is only hashed when its first token starts an exclusion phrase of the entry (one bit).
//
// Cost (bench/matcher_bench.cc, one core of a shared 2-core VM; figures swing by 2x between runs, so
// compare within one run, or with VIGIL_BENCH_AB in one process): Vigil's lexicons plus all of
// HurtLex (184,758 entries, 677k literal keys: the own lexicons' templates expand to 502k terms)
// compile in 2.7-4.2 s to +211 MiB (2026-12-05; Vigil's own lexicons alone take most of both; plus
// the 4 MiB memo per matching thread; docs/architecture.md, "Concurrency and state"). Feed posts
// 60-83 MB/s and feed documents 78-110 on that day's quiet runs; the same binary with the lexicons
// of 3dfa392 ran 1.75x and 2.18x faster (in-process A/B): the lexicons' growth is what costs now
// (docs/lexicon-authoring.md, "What a lexicon costs"). One run
// pinned to one core (2026-12-01, 3dfa392): real translated text from the machine's gettext
// catalogs, 21 languages, 197 MB/s as 16 KiB documents and 132 MB/s as posts (130 with each post
// just normalised, as the pipeline calls Match); the benign sample 207 (documents) and 177 (posts), but 110 just normalised: that small
// sample stays in cache between passes; the hate-dense test corpora 81-85. Without the memo 53-76;
// each text matched 8 times in a row (the lexicon's lines in cache) 222-296. Issue 4's 150 MB/s is
// met on documents, not on posts one at a time. On 2026-12-02 (831ef9e, a noisier day) the same
// figures were 97-117 MB/s as documents and 79-81 as posts (86-91 just normalised), after the gate
// changes above took back most of what 800 new patterns with common first words had cost (the
// binary of 7ed8a60 ran those lexicons at 65-105 and 48-84: docs/architecture.md). The hate-dense
// samples now run 18-28 MB/s: the functional suite grew to 5,551 messages written to hit the
// patterns, so the gates pass and RE2 runs (50 with the lexicons of 3dfa392 on the same text).
// Most of the posts' shortfall is the feed's
// interleaving: it switches among 21 languages at every post, so each post finds its language's memo
// lines, filter words, gates and RE2 states cold. The same posts taken language by language
// (/fresh-bylang) ran 151-165 MB/s in three runs of 2026-12-01, 1.29-1.48x the interleaved 102-128;
// in Callgrind with a 1 MiB L2 model, Match's L2 misses fell from 6.0 to 2.4 per post and its
// D1 misses from 20.6 to 11.8, with the same instructions; time sampling spreads that penalty
// over every cold structure (phrase-start filter, memo, RE2, filters, index), and neither
// prefetching the largest share nor keeping its lines hot moved the time. A naive RE2::Set of
// every term (2 shards: RE2 refuses one) is ~10^4 times slower on the same text.
// The gated patterns' start list is put in order by a linear radix pass, not a sort: the main loop
// collects it in token order, so each (pattern, start or later word) group is in order already
// (1.09x on feed documents, whose 16 KiB hold hundreds to 2,000 starts; none on posts, under 8).
// docs/architecture.md lists what was tried.
// Language scoping: an entry matches a message whose `lang` equals the entry's language, or when
// the message's language is unknown or not covered by any lexicon, or when the entry's language
// is "mul" (multilingual). Deprecated entries are not compiled.
//
// Thread-safety: immutable after Create(); Match() may be called from any number of threads.
// Hot reload builds a new CompiledLexicon and swaps a shared_ptr (see pipeline/lexicon_store.h).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "classifiers/lexicon.h"
#include "classifiers/normaliser.h"
#include "classifiers/status.h"

namespace vigil {

// How a match was made; see the table above. New kinds are only ever appended.
// kCorrected: a match the analyser's second reading made over a misspelt word (spelling.h); the
// matcher itself never makes one.
enum class MatchKind : uint8_t { kExact, kPrefix, kPattern, kSqueezed, kMasked, kFuzzy, kJoined, kConcatenated, kFused, kSplit, kCorrected };
std::string_view MatchKindName(MatchKind k);
// True for the kinds that guess at an obfuscated or misspelt spelling (squeezed, masked, fuzzy,
// concatenated, split: a term found as one of the words of a one-word hashtag; corrected): the scorer and
// reviewers may want to weigh them lower.
bool IsApproximate(MatchKind k);

struct Match {
  uint32_t entry = 0;       // index into CompiledLexicon::entries()
  TokenIndex first = 0;     // first token (inclusive)
  TokenIndex last = 0;      // last token (inclusive)
  SourceSpan source;        // byte range in the original message text
  MatchKind kind = MatchKind::kExact;
};

class CompiledLexicon {
 public:
  // Defaults:
  //   fuzzy                     true  edit-distance-1 matching of long tokens (spelling variation)
  //   fuzzy_min_chars           6     harm terms and the tokens compared with them (code points)
  //   fuzzy_min_chars_identity  5     identity terms and the tokens compared with them
  //   fuzzy_min_chars_swap      4     harm terms from here to fuzzy_min_chars match only a swap
  //                                   after the first code point ("haet" ~ "hate")
  //   squeezed                  true  kTokenSqueezed tokens looked up run-collapsed
  //   masked                    true  kTokenMasked tokens resolved when unambiguous
  //   concatenation             true  two adjacent tokens glued into one harm/identity term
  //   concatenation_min_chars   5     minimum length of the glued term (each half >= 2)
  struct Options {
    bool fuzzy = true;
    // Approximate matches of harm words (roaches ~ reaches, cattle ~ castle) are too often other real
    // words: by default only group names, and the harm terms of entries marked `fuzzy` (a curated
    // file's choice), are fuzzy-matched; the scorer counts the latter only for typos that seldom make
    // another word (Scorer, "plausible typo"). fuzzy_harm turns it on for every harm term.
    bool fuzzy_harm = false;
    int fuzzy_min_chars = 6;
    int fuzzy_min_chars_identity = 5;
    // Shorter harm terms of `fuzzy` entries (hate, kill, scum) match only two adjacent letters
    // swapped after the first ("haet", "klil", "sucm"): a dropped or added letter in so short a
    // word too often makes another word ("hat", "sum").
    int fuzzy_min_chars_swap = 4;
    bool squeezed = true;
    bool masked = true;
    bool concatenation = true;
    int concatenation_min_chars = 5;
    // A per-thread memo of per-token lookups (see matcher.cc, "The token memo"). Results are the
    // same with it off; it is there for benchmarks and tests to compare.
    bool token_memo = true;
    // Threads that canonicalise the terms in Create (each with a normaliser made from the given
    // one's options). 0: one per core, at most 8, and one for a lexicon of under 20,000 terms. The
    // compiled lexicon is the same for any count.
    unsigned compile_threads = 0;
  };

  // Compiles `entries`. Fails (naming the entry) on an RE2 pattern that does not compile or a term
  // that normalises to nothing. The normaliser is used during Create() only (other threads of
  // Create use normalisers of their own, made with its options).
  static StatusOr<std::shared_ptr<const CompiledLexicon>> Create(std::vector<Entry> entries, Normaliser* normaliser,
                                                                 const Options& options);
  // As above, and appends every compile error (file, line, entry id) to `errors` instead of
  // stopping at the first; still fails when there is any.
  static StatusOr<std::shared_ptr<const CompiledLexicon>> Create(std::vector<Entry> entries, Normaliser* normaliser,
                                                                 const Options& options,
                                                                 std::vector<LexiconError>* errors);
  ~CompiledLexicon();
  CompiledLexicon(const CompiledLexicon&) = delete;
  CompiledLexicon& operator=(const CompiledLexicon&) = delete;

  // Appends every match in `text` to `out` (cleared first), ordered by first token, then last
  // token, then entry. At most one match per (span, entry): the most exact kind wins.
  void Match(const NormalisedText& text, std::vector<vigil::Match>* out) const;

  const std::vector<Entry>& entries() const;
  const Entry& entry(uint32_t index) const { return entries()[index]; }
  const Options& options() const;
  // Whether some compiled entry is in language `lang` (ISO 639-1, as in entries; "mul" included).
  bool CoversLanguage(std::string_view lang) const;
  // Content hash of the compiled entries ("sha-like" hex), stable across runs and machines.
  const std::string& version() const;
  size_t literal_keys() const;
  size_t pattern_count() const;
  size_t fuzzy_keys() const;  // deletion-neighbourhood keys indexed for fuzzy matching

  // The spelling vocabulary, for the analyser's second reading of a message that is not flagged
  // (analyzer.h, classifiers/spelling.h): every word of the harm and group terms (and the letter
  // runs of their patterns) of each language. Words are canonical (normalised) text.
  enum SpellingFlag : uint8_t {
    kSpellWord = 1,   // a word of some harm or group term or pattern
    kSpellHarm = 2,   // a harm term of one word
    kSpellGroup = 4,  // a group's name (identity term) or a slur, of one word
  };
  // What the terms of `lang` (and "mul") make of `word`: SpellingFlag bits, 0 when none holds it.
  uint8_t SpellingWord(std::string_view word, std::string_view lang) const;
  // The same, with the language looked up once (SpellingLanguage) for many words.
  struct SpellingLang {
    uint16_t lang = UINT16_MAX, mul = UINT16_MAX;
  };
  SpellingLang SpellingLanguage(std::string_view lang) const;
  uint8_t SpellingWord(std::string_view word, SpellingLang lang) const;
  // Appends the words of `lang`'s (and "mul"'s) harm and group terms, of 6+ code points, that are
  // `word` with one letter after the first put back ("desgustin" -> "disgusting" is two edits;
  // "exterminte" -> "exterminate" is one).
  void SpellingWordsOneLetterLonger(std::string_view word, SpellingLang lang, std::vector<std::string>* out) const;
  // Appends the words of `lang`'s (and "mul"'s) terms, of 4+ code points in Latin or Cyrillic script,
  // that are `word` with vowels put back (languages::IsVowel): two at least, or one when `word` has
  // none ("mslms" -> muslims, "gtnos" -> gitanos, "strmfrnt" -> stormfront). The
  // consonants stay as written and in order, so "brn" is "burn" and "bran", never "barn" and "born"
  // alone: a caller wants exactly one.
  void SpellingWordsWithVowels(std::string_view word, SpellingLang lang, std::vector<std::string>* out) const;

 private:
  struct Impl;
  explicit CompiledLexicon(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace vigil
