// normaliser.h: turns a raw UTF-8 message into a canonical token stream with an offset map.
//
//   auto normaliser = Normaliser::Create({});          // once per thread (not thread-safe)
//   NormalisedText out;                                  // reuse across messages: no reallocation
//   normaliser->Normalise(message_text, "en", &out);
//   for (const Token& t : out.tokens)
//     printf("%.*s <- %.*s\n", SV(out.TokenText(t)), SV(t.source.Slice(message_text)));
//
// The canonical text is every token's canonical form joined by single ASCII spaces, so an n-gram of
// consecutive tokens is a contiguous substring of `canonical` (the matcher relies on this). A token's
// text never contains a space. Each token remembers the byte range of the original text it came
// from; ranges are non-empty, ordered, non-overlapping and lie on UTF-8 character boundaries of the
// original. Normalising a token's source slice on its own (with the same language hint) gives that
// token's text again, except for tokens joined from spaced letters (the slice "k i l l" gives "kill"
// only as a whole) and Zawgyi-converted tokens (kTokenZawgyi: detection needs the whole message).
//
// Lexicon terms go through the same pipeline (CanonicalTerm), so every rewrite below only has to be
// consistent, not linguistically perfect: "4chan" becomes "achan" on both sides.
//
// What normalisation does, in order (each step is shown by `vigil explain`, see NormaliseWithTrace):
//   1. Zawgyi-encoded Burmese is detected and converted to Unicode (was_zawgyi);
//   2. words are found: runs of letters, digits and marks; the apostrophe of the English negative
//      contraction ("don't", "n’t" -> "n't"; negation cues use it), masks ("k*ll", "n****"), leet symbols between word characters ("c0ckr0@ches",
//      "k!ll", "$hit") and default-ignorables (zero-width space/joiner/non-joiner, soft hyphen, bidi
//      controls, variation selectors: dropped) stay inside the word. Any other apostrophe between
//      letters separates a clitic ("l'homosexualité" -> "l" "homosexualite", "qu'ils", "y'abatutsi",
//      "Jew's"), so the word after it matches on its own; it is never taken for a quotation mark. Invalid UTF-8 bytes separate
//      words (had_invalid_utf8). A run of three or more '(' or ')' is a token "(((" / ")))" (the
//      antisemitic "echo", "(((globalists)))"); other punctuation separates words. A web address
//      ("http://", "https://", "www." after a non-word character, to the next space, less the
//      punctuation closing a sentence after it) gives no tokens: its host and path are no text. Scripts written without spaces are cut into context-free units:
//      one token per Han / kana character, per grapheme cluster in Thai, Lao and Khmer (a Thai
//      leading vowel goes with its consonant, a Khmer coeng with the letter it subscripts), per
//      syllable in Burmese (kTokenSegmented). ICU's dictionary segmentation is not used: it cuts the
//      same phrase differently alone and in a sentence ("支那猪" vs "支那猪去死"), so a lexicon term
//      would not match; with context-free units a term matches as a token sequence;
//   3. NFKC + case folding (ICU nfkc_cf): fullwidth and mathematical letters ("ｋｉｌｌ", "𝐤𝐢𝐥𝐥") become
//      ASCII, and so do two kinds of fancy-text letter NFKC leaves alone: Latin small capitals
//      ("ᴄᴏᴄᴋʀᴏᴀᴄʜᴇꜱ") and letters in circles and squares, outlined or filled ("ⓒⓞⓒⓚ", "🅲🅾🅲🅺"; Unicode
//      files these as symbols, so step 2 reads them as letters); Arabic letter variants are unified
//      (أ إ آ ٱ -> ا, ة -> ه, ى ی -> ي, ک -> ك), tatweel is removed; digits of every script become
//      ASCII digits;
//   4. diacritics folded (Options::fold_diacritics) only where marks are optional: Latin, Greek,
//      Arabic harakat, Hebrew points, Cyrillic ё -> е (й and ї stay), and the Devanagari/Gurmukhi
//      nukta (नफ़रत and नफरत are both written). Marks that carry vowels or consonants (matras and
//      viramas of Indic scripts, Burmese, Thai, Khmer, Lao, Ethiopic) are kept;
//   5. homoglyphs (Options::homoglyphs): in a word mixing Latin, Cyrillic, Greek or Armenian letters,
//      the minority letters become their look-alikes in the majority script (UTS #39 skeleton data
//      from ICU's SpoofChecker): "kіll" (Cyrillic і) -> "kill", "Tутси" (Latin T) -> "тутси". A word
//      in one script is untouched ("Тутси" stays Cyrillic), except that when the language hint is a
//      Latin-script language, a word made only of Cyrillic/Greek look-alikes of Latin letters is
//      spelled in Latin ("сосk" is mixed anyway; "хоре" with hint "en" -> "xope");
//   6. leetspeak (Options::leetspeak) in words that contain Latin letters: 0->o 1->i 2->z 3->e 4->a
//      5->s 6->g 7->t 8->b 9->g @->a $->s !->i |->l €->e. Digit-only words (years, codes, dates) stay
//      as written (kTokenNumeric), and so do a leading digit run of two or more ("1990s", "10km"), a
//      trailing one ("covid19", "g20"; but up to three digits are leet in a word with leet elsewhere:
//      "0d10" -> "odio") and ordinals ("1st", "5th"). With Options::arabizi, the Arabizi
//      digits 2->ء 3->ع 5->خ 6->ط 7->ح 8->غ 9->ق take precedence in Latin words ("7mar" -> "حmar");
//      in words of mostly Cyrillic letters, 0->о 3->е 4->ч 6->б @->а ("м0скалів" -> "москалів");
//   7. masks: '*' (and '#' between letters) stay in the token as '*' (kTokenMasked) for the matcher's
//      masked lookup; "k*i*l*l" (a star between every letter) is spaced letters instead;
//   8. letter runs: a run of 3+ identical letters is cut to 2 ("killlll" -> "kill", "vermiiiin" ->
//      "vermiin") and flagged kTokenSqueezed; Squeezed() then holds the fully collapsed form. A word
//      that is one letter repeated keeps three ("KKK", "kkkkk" -> "kkk");
//   9. camel-case hashtags are words run together: "#KillThemAll" -> "kill" "them" "all",
//      "#ŚmierćŻydom" -> "smierc" "zydom", "#СмертьЖидам" (kTokenHashtag); "#killthemall" and "#MAGA"
//      stay one token. In a plain word, a lower-case letter followed by an upper-case one, two letters
//      at least on each side, is a dropped space: "hateMuslims" -> "hate" "muslims" (kTokenCamelCase);
//      "iPhone", "eBay", "NYTimes" stay whole. Case is Unicode's (Latin, Cyrillic, Greek, ...); a word
//      with a mask, digit, leet symbol or apostrophe in it, or whose case alternates ("mUsLiMs"), is
//      never cut;
//  10. spaced letters (Options::join_spaced_letters): 3 or more single letters separated by the same
//      short separator ("k i l l", "k.i.l.l", "k-i-l-l", "k_i_l_l", "k . i . l . l") become one token
//      (kTokenJoined) whose source span covers the whole spaced word; "a b" stays two tokens. Steps
//      5-8 then run on the joined word ("k 1 l l" -> "kill").
//
// Token metadata: Boundary (sentence and clause punctuation of many scripts; a '.', ',' or ':'
// between digits is not a boundary), kTokenQuoted for tokens inside a closed pair of quotation marks
// ("...", “...”, „...“, «...», »...«, ‘...’, '...', 「...」; an unclosed quote marks nothing), the script
// of each token (UScriptCode), the message's dominant script, and its language.
//
// Thread-safety: a Normaliser holds per-thread ICU objects; create one per thread. Create() is
// thread-safe. Normalise() never fails: every input, however broken, gives a defined output.
// Cost: no ICU call for ASCII words or for words whose characters map one-to-one (most text in
// most scripts); no allocation per character; buffers in NormalisedText and the Normaliser are
// reused across messages.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "classifiers/status.h"
#include "classifiers/text_types.h"

namespace vigil {

// What separated a token from the one before it. Used by the scorer to scope negation and quotes.
enum class Boundary : uint8_t {
  kNone = 0,      // first token or plain whitespace
  kClause = 1,    // , ; : ( ) [ ] and dashes, and their equivalents in other scripts
  kSentence = 2,  // . ! ? … newline and equivalents in other scripts (। ။ ። 。 ؟ ۔ ...)
};

// Bit flags describing how a token was produced.
enum TokenFlag : uint16_t {
  kTokenLeet = 1 << 0,        // digit/symbol substitution (or Arabizi) applied
  kTokenHomoglyph = 1 << 1,   // cross-script confusables mapped
  kTokenJoined = 1 << 2,      // joined from spaced/separated single letters
  kTokenSqueezed = 1 << 3,    // had a run of 3+ identical letters; Squeezed() holds the run-collapsed form
  kTokenMasked = 1 << 4,      // contains '*' standing for hidden letters
  kTokenQuoted = 1 << 5,      // inside quotation marks
  kTokenNumeric = 1 << 6,     // digits only (years, codes): left as written
  kTokenSegmented = 1 << 7,   // one unit (character, cluster, syllable) of a script written without spaces
  kTokenDiacriticsFolded = 1 << 8,
  kTokenZawgyi = 1 << 9,      // converted from Zawgyi: source span is per Zawgyi syllable (or coarser)
  kTokenHashtag = 1 << 10,    // one word of a camel-case hashtag ("#KillThemAll" -> kill them all)
  kTokenCamelCase = 1 << 11,  // one word of a plain word in camel case ("hateMuslims" -> hate muslims)
  kTokenLeetAlt = 1 << 12,    // '1', '!' or '|' read one way; LeetAlternative() holds the other ("mus1im")
  kTokenGluedHashtag = 1 << 13,  // a hashtag written as one word that no case cut divides ("#ubijsiptare")
  // Joined to the token before by one hyphen, period, underscore or middle dot between letters, with
  // no space ("exter-minate", "ex.ter.mi.na.te", "Mus_lims"): a part of one written word.
  kTokenInWord = 1 << 14,
};

struct Token {
  uint32_t text_begin = 0;  // byte offset of the canonical form in NormalisedText::canonical
  uint32_t text_size = 0;
  SourceSpan source;        // where it came from in the original text
  Boundary before = Boundary::kNone;
  uint16_t flags = 0;
  int16_t script = 0;       // UScriptCode of the token's letters (USCRIPT_COMMON for numbers)
};

struct NormalisedText {
  std::string canonical;          // tokens joined by single spaces
  std::vector<Token> tokens;
  std::string squeezed_storage;   // run-collapsed forms of kTokenSqueezed tokens, see Squeezed()
  std::vector<uint32_t> squeezed_index;  // per token: offset+1 into squeezed_storage, 0 if none
  int16_t dominant_script = 0;    // UScriptCode with the most letters (USCRIPT_COMMON if none)
  std::string lang;               // from the hint, else guessed from the dominant script ("" if unknown)
  bool was_zawgyi = false;
  bool had_invalid_utf8 = false;
  bool truncated = false;         // input was longer than Options::max_input_bytes
  bool any_joined = false;        // some token has kTokenJoined (spaced letters joined)
  // kTokenLeetAlt tokens and their other reading, in token order: (token index, text).
  std::vector<std::pair<TokenIndex, std::string>> leet_alternatives;

  std::string_view TokenText(const Token& t) const {
    return std::string_view(canonical).substr(t.text_begin, t.text_size);
  }
  // Canonical text of tokens [first, last] inclusive, as one contiguous substring.
  std::string_view Span(TokenIndex first, TokenIndex last) const {
    const Token& a = tokens[first];
    const Token& b = tokens[last];
    return std::string_view(canonical).substr(a.text_begin, b.text_begin + b.text_size - a.text_begin);
  }
  // For a kTokenSqueezed token: SqueezeLetterRuns(TokenText(token)), i.e. every run of identical
  // letters collapsed to one ("killlll" -> canonical "kill" -> squeezed "kil"; "vermiiiin" ->
  // "vermiin" -> "vermin"). Empty for every other token. To match, compare it with
  // SqueezeLetterRuns() of the canonical lexicon term.
  std::string_view Squeezed(TokenIndex i) const;
  // For a kTokenLeetAlt token: the token read with every '1' and '!' as "l" and every '|' as "i"
  // (the canonical form reads them as "i", "i" and "l": "mus1im" -> "musiim", here "muslim";
  // "f!ikker" -> "fiikker", here "flikker"). Empty for every other token.
  std::string_view LeetAlternative(TokenIndex i) const;
  void Clear();
};

// Collapses every run of two or more identical letters in canonical text to one letter ("kill" ->
// "kil", "vermiin" -> "vermin", "aa bb" -> "a b"). Digits, apostrophes and '*' are left alone.
std::string SqueezeLetterRuns(std::string_view canonical);

// One step of the normalisation, for `vigil explain`.
struct NormalisationTrace {
  std::vector<std::pair<std::string, std::string>> steps;  // (step name, text after the step)
};

class Normaliser {
 public:
  // Defaults in one place; every flag can be turned off for explanation or evaluation.
  struct Options {
    bool fold_diacritics = true;     // strip optional diacritics (Latin, Greek, Arabic harakat, Hebrew points, ё)
    bool homoglyphs = true;          // UTS #39 look-alikes in mixed-script words
    bool leetspeak = true;           // digit/symbol substitution inside words with Latin letters
    bool join_spaced_letters = true; // "k i l l" -> "kill"
    bool arabizi = false;            // Arabizi digits (2->ء 3->ع 5->خ 6->ط 7->ح 8->غ 9->ق) in Latin words
    bool detect_zawgyi = true;       // detect Zawgyi Burmese and convert it to Unicode
    size_t max_input_bytes = 16u << 20;  // longer input is truncated (at a character boundary) and flagged
  };

  // Fails (InvalidArgument) if max_input_bytes is 0 or above 1 GiB, or (Internal) if ICU data is missing.
  static StatusOr<std::unique_ptr<Normaliser>> Create(const Options& options);
  ~Normaliser();

  // Normalises `text` (any bytes) into `out`, replacing its previous contents. `lang_hint` is the
  // message's declared language (may be empty); it is stored lower-cased without region ("en-US" -> "en").
  void Normalise(std::string_view text, std::string_view lang_hint, NormalisedText* out);

  // Like Normalise (same output), and records each step's text for explanation (slow path).
  void NormaliseWithTrace(std::string_view text, std::string_view lang_hint, NormalisedText* out,
                          NormalisationTrace* trace);

  // Canonical form of a lexicon term: the same pipeline, tokens joined by single spaces.
  std::string CanonicalTerm(std::string_view term, std::string_view lang);

  // The options it was created with (a second normaliser for another thread is Create(options())).
  const Options& options() const;

 private:
  struct Impl;
  explicit Normaliser(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace vigil
