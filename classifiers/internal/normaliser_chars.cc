#include "classifiers/internal/normaliser_chars.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uscript.h>
#include <unicode/uspoof.h>
#include <unicode/utf16.h>

#include <cstdio>
#include <cstdlib>
#include <utility>

#include "classifiers/normaliser.h"

namespace vigil::normaliser_internal {
namespace {

bool IsFoldScript(int script) {
  switch (script) {
    case USCRIPT_LATIN: case USCRIPT_GREEK: case USCRIPT_CYRILLIC: case USCRIPT_ARABIC: case USCRIPT_HEBREW:
    case USCRIPT_SYRIAC:
      return true;
    default:
      return false;
  }
}

bool IsSegmentedScript(int script) {
  switch (script) {
    case USCRIPT_HAN: case USCRIPT_HIRAGANA: case USCRIPT_KATAKANA: case USCRIPT_KATAKANA_OR_HIRAGANA:
    case USCRIPT_THAI: case USCRIPT_LAO: case USCRIPT_KHMER: case USCRIPT_MYANMAR: case USCRIPT_LANNA:
    case USCRIPT_NEW_TAI_LUE: case USCRIPT_TAI_LE: case USCRIPT_TAI_VIET: case USCRIPT_YI:
      return true;
    default:
      return false;
  }
}

// Arabic letter variants written interchangeably in social media (and Persian keyboard forms).
UChar32 UnifyArabic(UChar32 c) {
  switch (c) {
    case 0x0622: case 0x0623: case 0x0625: case 0x0671: case 0x0672: case 0x0673:
      return 0x0627;  // alef with madda / hamza above / hamza below / wasla -> bare alef
    case 0x0629: case 0x06C0: return 0x0647;  // ta marbuta -> ha
    case 0x0649: case 0x06CC: return 0x064A;  // alef maqsura, Farsi yeh -> ya
    case 0x06A9: return 0x0643;               // keheh -> kaf
    default: return c;
  }
}

Boundary BoundaryOf(UChar32 c) {
  switch (c) {
    case '.': case '!': case '?': case '\n': case '\r': case 0x0085: case 0x2028: case 0x2029: case 0x2026:
    case 0x203C: case 0x2047: case 0x2048: case 0x2049: case 0x3002: case 0xFF01: case 0xFF0E: case 0xFF1F:
    case 0xFF61: case 0x061F: case 0x06D4: case 0x0964: case 0x0965: case 0x104B: case 0x1362: case 0x1367:
    case 0x1368: case 0x037E: case 0x0589: case 0x055E: case 0x0F0D: case 0x0F0E: case 0x17D4: case 0x17D5:
    case 0x0700: case 0x0701: case 0x0702: case 0x05C3:
      return Boundary::kSentence;
    case ',': case ';': case ':': case '(': case ')': case '[': case ']': case '{': case '}': case 0x2013:
    case 0x2014: case 0x2015: case 0x060C: case 0x061B: case 0x3001: case 0xFF0C: case 0xFF1A: case 0xFF1B:
    case 0xFF08: case 0xFF09: case 0x104A: case 0x1363: case 0x1364: case 0x1365: case 0x1366: case 0x3010:
    case 0x3011:
      return Boundary::kClause;
    default:
      return Boundary::kNone;
  }
}

QuoteRole QuoteOf(UChar32 c) {
  switch (c) {
    case '"': case 0xFF02: return QuoteRole::kAsciiDouble;
    case '\'': case 0xFF07: return QuoteRole::kAsciiSingle;
    case 0x201C: case 0x201F: return QuoteRole::kLeftDouble;
    case 0x201D: return QuoteRole::kRightDouble;
    case 0x201E: return QuoteRole::kLowDouble;
    case 0x2018: case 0x201B: return QuoteRole::kLeftSingle;
    case 0x2019: return QuoteRole::kRightSingle;
    case 0x201A: return QuoteRole::kLowSingle;
    case 0x00AB: case 0x2039: return QuoteRole::kLeftAngle;
    case 0x00BB: case 0x203A: return QuoteRole::kRightAngle;
    case 0x300C: case 0x300E: case 0xFE41: case 0xFE43: return QuoteRole::kCornerOpen;
    case 0x300D: case 0x300F: case 0xFE42: case 0xFE44: return QuoteRole::kCornerClose;
    default: return QuoteRole::kNone;
  }
}

// Look-alikes the UTS #39 data does not list for lower case, though they are used that way ("кill").
char ManualTwin(UChar32 c) {
  switch (c) {
    case 0x043A: return 'k';  // к
    case 0x043C: return 'm';  // м
    case 0x0442: return 't';  // т
    case 0x043D: return 'h';  // н (upper case Н is H)
    case 0x0432: return 'b';  // в (upper case В is B)
    case 0x044C: return 'b';  // ь
    case 0x043F: return 'n';  // п
    case 0x0448: return 'w';  // ш
    case 0x03BA: return 'k';  // κ
    case 0x03C4: return 't';  // τ
    case 0x03C7: return 'x';  // χ
    case 0x03B7: return 'n';  // η
    case 0x03B5: return 'e';  // ε
    case 0x03C9: return 'w';  // ω
    default: return 0;
  }
}

// The Latin small capitals that "fancy text" generators put in place of letters ("ᴄᴏᴄᴋʀᴏᴀᴄʜᴇꜱ"): NFKC
// has no mapping for them (they are IPA and Uralic phonetic letters, not compatibility forms), so
// without this a word so written is no word of any lexicon. Mapped like a compatibility letter.
char SmallCapital(UChar32 c) {
  static constexpr std::pair<UChar32, char> kSmallCapitals[] = {
      {0x1D00, 'a'}, {0x0299, 'b'}, {0x1D04, 'c'}, {0x1D05, 'd'}, {0x1D07, 'e'}, {0xA730, 'f'}, {0x0262, 'g'},
      {0x029C, 'h'}, {0x026A, 'i'}, {0x1D0A, 'j'}, {0x1D0B, 'k'}, {0x029F, 'l'}, {0x1D0D, 'm'}, {0x0274, 'n'},
      {0x1D0F, 'o'}, {0x1D18, 'p'}, {0xA7AF, 'q'}, {0x0280, 'r'}, {0xA731, 's'}, {0x1D1B, 't'}, {0x1D1C, 'u'},
      {0x1D20, 'v'}, {0x1D21, 'w'}, {0x028F, 'y'}, {0x1D22, 'z'}};  // ᴀ ʙ ᴄ ᴅ ᴇ ꜰ ɢ ʜ ɪ ᴊ ᴋ ʟ ᴍ ɴ ᴏ ᴘ ꞯ ʀ ꜱ ᴛ ᴜ ᴠ ᴡ ʏ ᴢ
  for (const auto& [code, letter] : kSmallCapitals) {
    if (code == c) return letter;
  }
  return 0;
}

// Letters in circles and squares, also from fancy-text generators ("🅒🅞🅒🅚", "🅲🅾🅲🅺", "ⓒⓞⓒⓚ"). Unicode
// calls them symbols, so without this each would end the word; NFKC maps the outlined ones but not
// the negative (filled) ones. 0 for any other character.
char EnclosedLetter(UChar32 c) {
  for (const UChar32 first : {0x24B6, 0x24D0, 0x1F130, 0x1F150, 0x1F170}) {  // Ⓐ ⓐ 🄰 🅐 🅰
    if (c >= first && c < first + 26) return static_cast<char>('a' + (c - first));
  }
  return 0;
}

}  // namespace

struct CharTable::IcuHandles {
  const icu::Normalizer2* nfkc_cf = nullptr;
  const icu::Normalizer2* nfd = nullptr;
  USpoofChecker* spoof = nullptr;
  ~IcuHandles() {
    if (spoof != nullptr) uspoof_close(spoof);
  }

  // The single lower-case ASCII letter `c` looks like per the UTS #39 skeleton, or 0.
  char SkeletonLetter(UChar32 c) const {
    if (spoof == nullptr) return 0;
    UChar in[2];
    int32_t n = 0;
    U16_APPEND_UNSAFE(in, n, c);
    UChar out[8];
    UErrorCode err = U_ZERO_ERROR;
    int32_t m = uspoof_getSkeleton(spoof, 0, in, n, out, 8, &err);
    if (U_FAILURE(err) || m != 1) return 0;
    UChar s = out[0];
    if (s >= 'A' && s <= 'Z') return static_cast<char>(s - 'A' + 'a');
    if (s >= 'a' && s <= 'z') return static_cast<char>(s);
    return 0;
  }
};

const CharTable& CharTable::Get() {
  static const CharTable* table = new CharTable();  // never destroyed: threads may outlive statics
  return *table;
}

CharTable::CharTable() : bmp_(new CharInfo[0x10000]), icu_(std::make_unique<IcuHandles>()) {
  UErrorCode err = U_ZERO_ERROR;
  icu_->nfkc_cf = icu::Normalizer2::getNFKCCasefoldInstance(err);
  err = U_ZERO_ERROR;
  icu_->nfd = icu::Normalizer2::getNFDInstance(err);
  err = U_ZERO_ERROR;
  icu_->spoof = uspoof_open(&err);
  if (U_FAILURE(err)) icu_->spoof = nullptr;  // homoglyph twins then come from the manual list only
  if (icu_->nfkc_cf == nullptr || icu_->nfd == nullptr) {
    std::fprintf(stderr, "vigil: ICU normalisation data missing\n");
    std::abort();
  }
  for (UChar32 c = 0; c < 0x10000; ++c) bmp_[c] = LookupSlow(c);

  // Latin -> Cyrillic / Greek twins for words that are mostly Cyrillic or Greek, from the letters
  // most often swapped in (and the forward table, so the two stay consistent).
  for (UChar32 c : {0x0430, 0x0432, 0x0435, 0x043A, 0x043C, 0x043D, 0x043E, 0x0440, 0x0441, 0x0442, 0x0443, 0x0445,
                    0x0456, 0x0458, 0x0455}) {
    char t = bmp_[c].twin;
    if (t != 0 && to_cyrillic_[t - 'a'] == 0) to_cyrillic_[t - 'a'] = c;
  }
  // Two more only one way, into a word that is mostly Cyrillic: a Latin u for и and a Latin n for п,
  // the lower-case shapes evaders type ("жuды", "знuщені", "nидор"). Neither Cyrillic letter reads
  // as Latin the other way ("и" is no "u" in a Latin word).
  if (to_cyrillic_['u' - 'a'] == 0) to_cyrillic_['u' - 'a'] = 0x0438;
  if (to_cyrillic_['n' - 'a'] == 0) to_cyrillic_['n' - 'a'] = 0x043F;
  for (UChar32 c : {0x03B1, 0x03BF, 0x03C1, 0x03BD, 0x03B9, 0x03C5, 0x03BA, 0x03C4, 0x03C7, 0x03B7, 0x03B5, 0x03B3,
                    0x03C9}) {
    char t = bmp_[c].twin;
    if (t != 0 && to_greek_[t - 'a'] == 0) to_greek_[t - 'a'] = c;
  }
}

CharInfo CharTable::LookupSlow(UChar32 c) const {
  CharInfo info;
  if (c < 0 || c > 0x10FFFF) return info;
  UErrorCode err = U_ZERO_ERROR;
  const int script = uscript_getScript(c, &err);
  info.script = U_SUCCESS(err) && script >= 0 && script < 256 ? static_cast<uint8_t>(script) : 0;
  info.ccc = u_getCombiningClass(c);
  const int8_t gc = u_charType(c);

  switch (c) {
    case '\'': case 0x2019: case 0x02BC: case 0x2018: case '`': case 0x00B4: case 0x2032: case 0xFF07:
      info.kind = CharKind::kApostrophe;
      break;
    case '*': case '#': case 0xFF0A: case 0x2217: case 0x204E:
      info.kind = CharKind::kMask;
      break;
    case '@': case '$': case '!': case '|': case 0x20AC: case 0xFF20: case 0xFF04: case 0xFF01: case 0xFF5C:
      info.kind = CharKind::kLeet;
      break;
    default:
      if (EnclosedLetter(c) != 0) {
        info.kind = CharKind::kLetter;
        info.script = USCRIPT_LATIN;
        break;
      }
      if (u_hasBinaryProperty(c, UCHAR_DEFAULT_IGNORABLE_CODE_POINT)) {
        info.kind = CharKind::kIgnorable;
        break;
      }
      switch (gc) {
        case U_UPPERCASE_LETTER: case U_LOWERCASE_LETTER: case U_TITLECASE_LETTER: case U_MODIFIER_LETTER:
        case U_OTHER_LETTER: case U_LETTER_NUMBER: case U_OTHER_NUMBER:
          info.kind = CharKind::kLetter;
          break;
        case U_DECIMAL_DIGIT_NUMBER:
          info.kind = CharKind::kDigit;
          break;
        case U_NON_SPACING_MARK: case U_COMBINING_SPACING_MARK: case U_ENCLOSING_MARK:
          info.kind = CharKind::kMark;
          break;
        default:
          info.kind = CharKind::kSeparator;
      }
      if (info.kind == CharKind::kLetter) {
        // Thai SARA AM and the like are letters that extend the previous grapheme.
        int gcb = u_getIntPropertyValue(c, UCHAR_GRAPHEME_CLUSTER_BREAK);
        if (gcb == U_GCB_SPACING_MARK || gcb == U_GCB_EXTEND) info.kind = CharKind::kMark;
      }
  }
  info.boundary = static_cast<uint8_t>(BoundaryOf(c));
  info.quote = QuoteOf(c);

  if (info.kind == CharKind::kSeparator || info.kind == CharKind::kIgnorable) return info;

  // The NFKC_Casefold image, when it is one code point independent of context.
  UChar32 mapped = -1;
  if (c < 0x80) {
    mapped = (c >= 'A' && c <= 'Z') ? c + 32 : c;
  } else if (u_getIntPropertyValue(c, UCHAR_NFKC_QUICK_CHECK) != UNORM_MAYBE) {
    if (!u_hasBinaryProperty(c, UCHAR_CHANGES_WHEN_NFKC_CASEFOLDED)) {
      mapped = c;
    } else {
      icu::UnicodeString out;
      err = U_ZERO_ERROR;
      icu_->nfkc_cf->normalize(icu::UnicodeString(c), out, err);
      if (U_SUCCESS(err) && out.length() > 0 && out.countChar32() == 1) {
        UChar32 d = out.char32At(0);
        if (u_getIntPropertyValue(d, UCHAR_NFKC_QUICK_CHECK) == UNORM_YES &&
            !u_hasBinaryProperty(d, UCHAR_CHANGES_WHEN_NFKC_CASEFOLDED) && u_getCombiningClass(d) == info.ccc) {
          mapped = d;
        }
      }
    }
  }
  if (mapped == c) {
    if (const char small = SmallCapital(c)) mapped = small;
    if (const char enclosed = EnclosedLetter(c)) mapped = enclosed;
  }
  UChar32 base = mapped >= 0 ? mapped : c;
  if (mapped >= 0) {
    info.flags |= kCharSimple;
    mapped = UnifyArabic(mapped);
    if (mapped >= 0x80 && u_charType(mapped) == U_DECIMAL_DIGIT_NUMBER) {
      int v = u_charDigitValue(mapped);
      if (v >= 0 && v <= 9) mapped = '0' + v;
    }
    info.map = mapped;
  }
  if (c == 0x0640) info.flags |= kCharDrop;  // tatweel (kashida)

  int base_script = info.script;
  if (base != c) {
    err = U_ZERO_ERROR;
    int s = uscript_getScript(base, &err);
    if (U_SUCCESS(err)) base_script = s;
  }
  if (info.kind == CharKind::kLetter) {
    if (IsSegmentedScript(info.script) || c == 0x30FC || c == 0xFF70) info.flags |= kCharSegmented;
    if (IsFoldScript(base_script)) info.flags |= kCharFoldScript;
    if (u_isupper(c)) info.flags |= kCharUpper;
    // Diacritic folding of a precomposed letter: its canonical decomposition is a base letter plus
    // non-spacing marks. Cyrillic keeps й, ї and the like (separate letters); only ё folds.
    icu::UnicodeString d;
    UChar32 folded = 0;
    if ((base_script == USCRIPT_LATIN || base_script == USCRIPT_GREEK ||
         (base_script == USCRIPT_CYRILLIC && (base == 0x0451 || base == 0x0450 || base == 0x045D))) &&
        icu_->nfd->getDecomposition(base, d) && d.length() > 0) {
      UChar32 first = d.char32At(0);
      bool marks_only = true;
      for (int32_t i = U16_LENGTH(first); i < d.length();) {
        UChar32 m = d.char32At(i);
        if (u_charType(m) != U_NON_SPACING_MARK) marks_only = false;
        i += U16_LENGTH(m);
      }
      if (marks_only && first != base && u_getCombiningClass(first) == 0) folded = first;
    }
    switch (base) {
      case 0x00F8: folded = 'o'; break;  // ø
      case 0x0142: folded = 'l'; break;  // ł
      case 0x0111: folded = 'd'; break;  // đ
      case 0x0127: folded = 'h'; break;  // ħ
      case 0x0131: folded = 'i'; break;  // ı
      case 0x0167: folded = 't'; break;  // ŧ
      case 0x0180: folded = 'b'; break;  // ƀ
      // Hooked letters of Hausa, Fula and other West African orthographies, typed without the hook on
      // most keyboards ("beraye" for "ɓeraye", rats; "dan" for "ɗan").
      case 0x0253: folded = 'b'; break;  // ɓ
      case 0x0257: folded = 'd'; break;  // ɗ
      case 0x0199: folded = 'k'; break;  // ƙ
      case 0x01B4: folded = 'y'; break;  // ƴ
      // Devanagari letters with nukta that NFC keeps composed; the nukta is often left out.
      case 0x0929: folded = 0x0928; break;  // ऩ
      case 0x0931: folded = 0x0930; break;  // ऱ
      case 0x0934: folded = 0x0933; break;  // ऴ
      default: break;
    }
    info.fold = folded;

    if (info.script == USCRIPT_CYRILLIC || info.script == USCRIPT_GREEK || info.script == USCRIPT_ARMENIAN) {
      UChar32 lower = u_foldCase(c, U_FOLD_CASE_DEFAULT);
      char t = icu_->SkeletonLetter(lower);
      if (t == 0) t = ManualTwin(lower);
      if (t == 0) t = icu_->SkeletonLetter(c);
      info.twin = t;
    }
  } else if (info.kind == CharKind::kMark) {
    if (gc == U_NON_SPACING_MARK &&
        (info.script == USCRIPT_INHERITED || info.script == USCRIPT_COMMON || IsFoldScript(info.script))) {
      info.flags |= kCharFoldMark;
    }
    if (c == 0x093C || c == 0x0A3C) info.flags |= kCharFoldAlways;  // nukta: ज़ and ज are written alike
  }
  return info;
}

}  // namespace vigil::normaliser_internal
