// normaliser_chars.h: what the normaliser needs to know about each code point, computed once from ICU.
//
//   const CharTable& table = CharTable::Get();
//   CharInfo info = table.Lookup(c);        // any code point, including unassigned and surrogates
//   if (info.kind == CharKind::kLetter && (info.flags & kCharSimple)) c = info.map;
//
// The BMP is precomputed into one immutable table shared by every thread (built on first use, about
// 1 MB); supplementary code points are computed on demand (callers may cache them, see LookupSlow).
// Internal to the normaliser: nothing outside classifiers/normaliser*.cc should include this.
#pragma once

#include <unicode/umachine.h>

#include <cstdint>
#include <memory>

namespace vigil::normaliser_internal {

enum class CharKind : uint8_t {
  kSeparator = 0,  // whitespace, punctuation, symbols, controls, unassigned: ends a word
  kLetter,         // L*, Nl, No
  kDigit,          // Nd (any script)
  kMark,           // Mn, Mc, Me and other grapheme extenders: stays with the preceding letter
  kIgnorable,      // Default_Ignorable_Code_Point (ZWSP, ZWJ, soft hyphen, bidi controls, VS...): vanishes
  kApostrophe,     // ' ’ ʼ ‘ ` ´ ′ ＇: an apostrophe between letters stays in the word as ASCII '
  kMask,           // * ＊ ∗ ⁎ (anywhere in a word) and # (only between letters): a hidden letter
  kLeet,           // @ $ ! | € and fullwidth forms: a letter in disguise when inside a word
};

enum CharFlag : uint8_t {
  kCharSimple = 1 << 0,     // NFKC_CF(c) is the single code point `map`, whatever surrounds c
  kCharDrop = 1 << 1,       // removed outright (tatweel)
  kCharSegmented = 1 << 2,  // letter of a script written without spaces (Han, kana, Thai, Lao, Khmer, Myanmar)
  kCharFoldMark = 1 << 3,   // non-spacing mark removed by diacritic folding in scripts that allow it
  kCharFoldScript = 1 << 4, // letter of a script whose marks are optional (Latin, Greek, Cyrillic, Arabic, Hebrew)
  kCharFoldAlways = 1 << 5, // mark removed by diacritic folding in any context (Devanagari/Gurmukhi nukta)
  kCharUpper = 1 << 6,      // upper-case letter (general category Lu): camel-case cuts in non-ASCII words
};

enum class QuoteRole : uint8_t {
  kNone = 0,
  kAsciiDouble,   // "  ＂
  kAsciiSingle,   // '
  kLeftDouble,    // “
  kRightDouble,   // ”
  kLowDouble,     // „
  kLeftSingle,    // ‘
  kRightSingle,   // ’
  kLowSingle,     // ‚
  kLeftAngle,     // « ‹
  kRightAngle,    // » ›
  kCornerOpen,    // 「 『 ﹁ ﹃
  kCornerClose,   // 」 』 ﹂ ﹄
};

struct CharInfo {
  CharKind kind = CharKind::kSeparator;
  uint8_t script = 0;       // UScriptCode (all codes fit in 8 bits in ICU 72)
  uint8_t flags = 0;        // CharFlag
  uint8_t ccc = 0;          // canonical combining class
  uint8_t boundary = 0;     // vigil::Boundary for separators
  QuoteRole quote = QuoteRole::kNone;
  char twin = 0;            // lower-case ASCII look-alike from the UTS #39 skeleton (homoglyphs), 0 if none
  UChar32 map = 0;          // with kCharSimple: NFKC_CF(c), with Arabic letter variants unified and digits ASCII
  UChar32 fold = 0;         // letter with its diacritics removed (0 if none); applies to already-mapped letters
};

class CharTable {
 public:
  // The process-wide table (immutable after construction; construction is thread-safe).
  static const CharTable& Get();

  CharInfo Lookup(UChar32 c) const {
    if (static_cast<uint32_t>(c) < 0x10000) return bmp_[c];
    return LookupSlow(c);
  }
  // Computes the entry from ICU (what the BMP table holds, for any code point). Slow: ~1 µs.
  CharInfo LookupSlow(UChar32 c) const;

  // Look-alike of an ASCII lower-case letter in Cyrillic / Greek (0 if none), for homoglyphs in words
  // that are mostly Cyrillic or Greek ("Tутси" with a Latin T).
  UChar32 CyrillicTwin(char latin) const { return latin >= 'a' && latin <= 'z' ? to_cyrillic_[latin - 'a'] : 0; }
  UChar32 GreekTwin(char latin) const { return latin >= 'a' && latin <= 'z' ? to_greek_[latin - 'a'] : 0; }

 private:
  CharTable();
  std::unique_ptr<CharInfo[]> bmp_;
  UChar32 to_cyrillic_[26] = {};
  UChar32 to_greek_[26] = {};
  struct IcuHandles;
  std::unique_ptr<IcuHandles> icu_;
};

}  // namespace vigil::normaliser_internal
