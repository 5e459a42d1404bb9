// normaliser.h: turns a raw UTF-8 message into a canonical token stream with an offset map.
//
//   auto normaliser = Normaliser::Create({});          // once per thread (not thread-safe)
//   NormalisedText out;                                  // reuse across messages: no reallocation
//   normaliser->Normalise(message_text, "en", &out);
//   for (const Token& t : out.tokens)
//     printf("%.*s <- %.*s\n", SV(out.TokenText(t)), SV(t.source.Slice(message_text)));
//
// The canonical text is every token's canonical form joined by single ASCII spaces, so an n-gram of
// consecutive tokens is a contiguous substring of `canonical` (the matcher relies on this). Each token
// remembers the byte range of the original text it came from; ranges are non-empty, ordered,
// non-overlapping and lie on UTF-8 character boundaries of the original.
//
// What normalisation does (each step can be shown by `vigil explain`):
//   - invalid UTF-8 bytes are treated as separators (never crash; `had_invalid_utf8` is set);
//   - NFKC + case folding (ICU nfkc_cf), default-ignorable and invisible characters removed;
//   - diacritics folded per language; Arabic letter variants unified, tatweel and harakat removed;
//   - homoglyphs inside mixed-script words mapped with the UTS #39 skeleton (single-script words untouched);
//   - leetspeak/symbol substitution inside tokens that contain letters; pure numbers stay intact;
//   - spacing tricks ("k i l l", "k.i.l.l") joined; letter runs ("killlll") squeezed; masks ("k*ll") kept
//     with '*' for the matcher's masked lookup;
//   - Zawgyi-encoded Burmese converted to Unicode; scripts without spaces segmented into words.
//
// Thread-safety: a Normaliser holds per-thread ICU objects; create one per thread. Create() is
// thread-safe. Normalise() never fails: every input, however broken, gives a defined output.
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
  kClause = 1,    // , ; : ( ) and dashes
  kSentence = 2,  // . ! ? newline and equivalents in other scripts
};

// Bit flags describing how a token was produced.
enum TokenFlag : uint16_t {
  kTokenLeet = 1 << 0,        // digit/symbol substitution applied
  kTokenHomoglyph = 1 << 1,   // cross-script confusables mapped
  kTokenJoined = 1 << 2,      // joined from spaced/separated single letters
  kTokenSqueezed = 1 << 3,    // had a run of 3+ identical letters; squeezed() holds the run-collapsed form
  kTokenMasked = 1 << 4,      // contains '*' standing for hidden letters
  kTokenQuoted = 1 << 5,      // inside quotation marks
  kTokenNumeric = 1 << 6,     // digits only (years, codes): left as written
  kTokenSegmented = 1 << 7,   // produced by dictionary word segmentation (no-space scripts)
  kTokenDiacriticsFolded = 1 << 8,
};

struct Token {
  uint32_t text_begin = 0;  // byte offset of the canonical form in NormalisedText::canonical
  uint32_t text_size = 0;
  SourceSpan source;        // where it came from in the original text
  Boundary before = Boundary::kNone;
  uint16_t flags = 0;
  int16_t script = 0;       // UScriptCode of the token's letters
};

struct NormalisedText {
  std::string canonical;          // tokens joined by single spaces
  std::vector<Token> tokens;
  std::string squeezed_storage;   // run-collapsed forms of kTokenSqueezed tokens, see Squeezed()
  std::vector<uint32_t> squeezed_index;  // per token: offset+1 into squeezed_storage, 0 if none
  int16_t dominant_script = 0;    // UScriptCode
  std::string lang;               // from the hint, else guessed from the dominant script ("" if unknown)
  bool was_zawgyi = false;
  bool had_invalid_utf8 = false;

  std::string_view TokenText(const Token& t) const {
    return std::string_view(canonical).substr(t.text_begin, t.text_size);
  }
  // Canonical text of tokens [first, last] inclusive, as one contiguous substring.
  std::string_view Span(TokenIndex first, TokenIndex last) const {
    const Token& a = tokens[first];
    const Token& b = tokens[last];
    return std::string_view(canonical).substr(a.text_begin, b.text_begin + b.text_size - a.text_begin);
  }
  // The run-collapsed ("killlll" -> "kil") form of a squeezed token, or empty.
  std::string_view Squeezed(TokenIndex i) const;
  void Clear();
};

// One step of the normalisation, for `vigil explain`.
struct NormalisationTrace {
  std::vector<std::pair<std::string, std::string>> steps;  // (step name, text after the step)
};

class Normaliser {
 public:
  struct Options {
    bool fold_diacritics = true;     // strip combining marks after NFKC (per-language exceptions inside)
    bool homoglyphs = true;          // UTS #39 skeleton for mixed-script tokens
    bool leetspeak = true;           // digit/symbol substitution inside letter tokens
    bool join_spaced_letters = true; // "k i l l" -> "kill"
    bool arabizi = false;            // Arabizi digits (3->ع, 7->ح, 2->ء) in Latin words
    bool detect_zawgyi = true;
    size_t max_input_bytes = 16u << 20;  // longer input is truncated (and flagged) rather than refused
  };

  static StatusOr<std::unique_ptr<Normaliser>> Create(const Options& options);
  ~Normaliser();

  // Normalises `text` (any bytes) into `out`, replacing its previous contents. `lang_hint` is the
  // message's declared language (may be empty).
  void Normalise(std::string_view text, std::string_view lang_hint, NormalisedText* out);

  // Like Normalise, and records each step's intermediate text for explanation (slow path).
  void NormaliseWithTrace(std::string_view text, std::string_view lang_hint, NormalisedText* out,
                          NormalisationTrace* trace);

  // Canonical form of a lexicon term: the same pipeline, tokens joined by single spaces.
  std::string CanonicalTerm(std::string_view term, std::string_view lang);

 private:
  struct Impl;
  explicit Normaliser(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace vigil
