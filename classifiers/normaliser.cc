#include "classifiers/normaliser.h"

#include <unicode/bytestream.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <optional>

#include "classifiers/internal/normaliser_chars.h"
#include "classifiers/internal/normaliser_zawgyi.h"
#include "classifiers/internal/languages.h"
#include "classifiers/internal/utf8.h"

namespace vigil {

using languages::IsLatinScriptLanguage;

using normaliser_internal::CharInfo;
using normaliser_internal::CharKind;
using normaliser_internal::CharTable;
using normaliser_internal::QuoteRole;
using normaliser_internal::SpanMap;
using normaliser_internal::ZawgyiConverter;
namespace ni = normaliser_internal;

namespace {

// One character of a word being normalised.
struct Unit {
  UChar32 c;
  UChar32 fold;    // diacritic-folded form of c, 0 if none
  CharKind kind;
  uint8_t script;  // UScriptCode
  uint8_t flags;   // ni::CharFlag of c
  char twin;       // Latin look-alike (of the character as written, else of c)
};

enum WordStep { kStepNfkc, kStepFold, kStepHomoglyph, kStepLeet, kStepMask, kStepSqueeze, kWordSteps };
constexpr const char* kWordStepNames[kWordSteps] = {"nfkc_cf", "fold diacritics", "homoglyphs",
                                                    "leetspeak",  "masks",           "squeeze runs"};

constexpr int kMaxQuoteDepth = 16;


bool IsAsciiLetter(uint8_t b) { return static_cast<uint8_t>((b | 0x20) - 'a') < 26; }
bool IsAsciiAlnum(uint8_t b) { return IsAsciiLetter(b) || (b >= '0' && b <= '9'); }

// An ASCII byte after which a word of ASCII letters is certainly over.
bool EndsAsciiWord(uint8_t b) {
  if (b >= 0x80 || IsAsciiAlnum(b)) return false;
  switch (b) {
    case '\'': case '`': case '*': case '#': case '@': case '$': case '!': case '|':
      return false;
    default:
      return true;
  }
}

bool IsLetterOrDigit(CharKind k) { return k == CharKind::kLetter || k == CharKind::kDigit; }

bool IsSpace(UChar32 c) {
  return c == ' ' || c == '\t' || c == '\v' || c == '\f' || c == 0xA0 || c == 0x1680 ||
         (c >= 0x2000 && c <= 0x200A) || c == 0x202F || c == 0x205F || c == 0x3000;
}
bool IsNewline(UChar32 c) { return c == '\n' || c == '\r' || c == 0x85 || c == 0x2028 || c == 0x2029; }

// The marks that may cut a written word into parts for show ("exter-minate", "ex.ter.mi.na.te"):
// kTokenInWord.
bool IsInWordMark(UChar32 c) {
  switch (c) {
    case '.': case '-': case '_': case 0xB7: case 0x2010: case 0x2011: case 0x2027:
      return true;
    default:
      return false;
  }
}

// Characters that may separate spaced-out letters ("k.i.l.l", "k-i-l-l", "k_i_l_l").
bool IsLetterSpacer(UChar32 c) {
  switch (c) {
    case '.': case '-': case '_': case '/': case '+': case '~': case '|': case '*': case 0xB7: case 0x2022:
    case 0x2027: case 0x30FB: case 0x2010: case 0x2011:
      return true;
    default:
      return false;
  }
}

// A dot or underscore that may stand inside a word of a script that never puts one there.
bool IsInWordSeparator(UChar32 c) { return c == '.' || c == '_' || c == 0xB7 || c == 0x2022 || c == 0x2027; }
// Scripts whose words hold no dots, not even in abbreviations the way Latin, Cyrillic and Greek
// do ("e.g.", "т.е."): Arabic, the Indic scripts, Ethiopic, Hebrew.
bool NoDotsInWords(int script) {
  switch (script) {
    case USCRIPT_ARABIC: case USCRIPT_SYRIAC: case USCRIPT_THAANA: case USCRIPT_HEBREW: case USCRIPT_ETHIOPIC:
    case USCRIPT_DEVANAGARI: case USCRIPT_BENGALI: case USCRIPT_GURMUKHI: case USCRIPT_GUJARATI:
    case USCRIPT_ORIYA: case USCRIPT_TAMIL: case USCRIPT_TELUGU: case USCRIPT_KANNADA: case USCRIPT_MALAYALAM:
    case USCRIPT_SINHALA:
      return true;
    default:
      return false;
  }
}

char LeetLetter(UChar32 c) {
  switch (c) {
    case '0': return 'o';
    case '1': return 'i';
    case '2': return 'z';
    case '3': return 'e';
    case '4': return 'a';
    case '5': return 's';
    case '6': return 'g';
    case '7': return 't';
    case '8': return 'b';
    case '9': return 'g';
    case '@': return 'a';
    case '$': return 's';
    case '!': return 'i';
    case '|': return 'l';
    case 0x20AC: return 'e';
    default: return 0;
  }
}

// Digits and symbols that stand for a Cyrillic letter inside a Cyrillic word ("м0скаль", "4ел"):
// the Cyrillic letters they stand for, so the word is decoded in its own script, not turned into a
// mixed one. '3' is read as е, as in Latin leetspeak (it is also written for з, the rarer letter);
// '1' and '!' have no single reading (і, и, л): StageLeet makes them a mask ("П1д0ры", "ц!г@ни"), which the
// matcher resolves only when one lexicon word fits.
UChar32 CyrillicLeetLetter(UChar32 c) {
  switch (c) {
    case '0': return 0x043E;  // о
    case '3': return 0x0435;  // е
    case '4': return 0x0447;  // ч
    case '6': return 0x0431;  // б
    case '@': return 0x0430;  // а
    default: return 0;
  }
}

UChar32 ArabiziLetter(UChar32 c) {
  switch (c) {
    case '2': return 0x0621;  // ء
    case '3': return 0x0639;  // ع
    case '5': return 0x062E;  // خ
    case '6': return 0x0637;  // ط
    case '7': return 0x062D;  // ح
    case '8': return 0x063A;  // غ
    case '9': return 0x0642;  // ق
    default: return 0;
  }
}

UChar32 AsciiLeetForm(UChar32 c) {
  switch (c) {
    case 0xFF20: return '@';
    case 0xFF04: return '$';
    case 0xFF01: return '!';
    case 0xFF5C: return '|';
    default: return c;
  }
}

const char* LangForScript(int script) {
  switch (script) {
    case USCRIPT_ARABIC: return "ar";
    case USCRIPT_ETHIOPIC: return "am";
    case USCRIPT_MYANMAR: return "my";
    case USCRIPT_HAN: return "zh";
    case USCRIPT_HANGUL: return "ko";
    case USCRIPT_THAI: return "th";
    case USCRIPT_DEVANAGARI: return "hi";
    case USCRIPT_HEBREW: return "he";
    case USCRIPT_GREEK: return "el";
    case USCRIPT_HIRAGANA: case USCRIPT_KATAKANA: return "ja";
    case USCRIPT_KHMER: return "km";
    case USCRIPT_LAO: return "lo";
    case USCRIPT_GEORGIAN: return "ka";
    case USCRIPT_ARMENIAN: return "hy";
    case USCRIPT_BENGALI: return "bn";
    case USCRIPT_TAMIL: return "ta";
    case USCRIPT_TELUGU: return "te";
    case USCRIPT_GUJARATI: return "gu";
    case USCRIPT_GURMUKHI: return "pa";
    case USCRIPT_KANNADA: return "kn";
    case USCRIPT_MALAYALAM: return "ml";
    case USCRIPT_SINHALA: return "si";
    case USCRIPT_TIBETAN: return "bo";
    default: return "";
  }
}

bool IsMyanmarConsonant(UChar32 c) { return (c >= 0x1000 && c <= 0x1021) || c == 0x1040; }

}  // namespace

std::string_view NormalisedText::Squeezed(TokenIndex i) const {
  if (i >= squeezed_index.size() || squeezed_index[i] == 0) return {};
  const char* p = squeezed_storage.data() + (squeezed_index[i] - 1);
  return std::string_view(p);  // NUL-terminated inside storage
}

std::string_view NormalisedText::LeetAlternative(TokenIndex i) const {
  for (const auto& [t, alt] : leet_alternatives) {
    if (t == i) return alt;
  }
  return {};
}

void NormalisedText::Clear() {
  canonical.clear();
  leet_alternatives.clear();
  tokens.clear();
  squeezed_storage.clear();
  squeezed_index.clear();
  dominant_script = 0;
  lang.clear();
  was_zawgyi = false;
  had_invalid_utf8 = false;
  truncated = false;
  any_joined = false;
}

namespace {

// Appends `canonical` with every run of identical letters collapsed to one letter.
void AppendSqueezed(std::string_view canonical, std::string* out) {
  const CharTable& table = CharTable::Get();
  const auto* s = reinterpret_cast<const uint8_t*>(canonical.data());
  const int32_t n = static_cast<int32_t>(canonical.size());
  UChar32 prev = -1;
  for (int32_t i = 0; i < n;) {
    const int32_t start = i;
    UChar32 c;
    U8_NEXT(s, i, n, c);
    if (c >= 0 && c == prev && table.Lookup(c).kind == CharKind::kLetter) continue;
    out->append(canonical.substr(start, i - start));
    prev = c;
  }
}

}  // namespace

std::string SqueezeLetterRuns(std::string_view canonical) {
  std::string out;
  out.reserve(canonical.size());
  AppendSqueezed(canonical, &out);
  return out;
}

struct Normaliser::Impl {
  Options options;
  const CharTable* table = nullptr;
  const icu::Normalizer2* nfkc_cf = nullptr;
  std::unique_ptr<ZawgyiConverter> zawgyi;

  // Per-message state.
  NormalisedText* out = nullptr;
  std::string_view work;               // the text scanned: the input or its Zawgyi conversion
  const SpanMap* span_map = nullptr;   // working offsets -> input offsets (null: identical)
  NormalisationTrace* trace = nullptr;
  bool latin_hint = false;
  std::string hint_cache;  // the last language hint and whether it is a Latin-script language
  bool hint_cache_latin = false;
  Boundary pending = Boundary::kNone;
  uint32_t prev_word_end = UINT32_MAX;  // working offset just after the last word
  uint32_t elision_at = UINT32_MAX;     // working offset of an apostrophe that split a word
  bool prev_word_ends_digit = false;
  bool prev_word_single = false;  // the last word is one character
  // The separators since the last token, for spaced letters.
  int gap_chars = 0;
  bool gap_ok = true;
  bool gap_has_space = false;
  uint32_t gap_sig = 0;
  UChar32 gap_last = 0;
  // The current run of single-letter tokens; run_bare counts those that are not one letter with its
  // vowel sign (a whole syllable, as the Devanagari words "को", "जो", "है" are).
  uint32_t run_begin = 0, run_len = 0, run_letters = 0, run_bare = 0, run_sig = 0;
  // The gap that ended the last run of two or more letters when it differed from the run's own
  // ("Ż y d y   w o n": three spaces between words, one between letters): a single letter after
  // such a gap starts no run with the next one.
  std::optional<uint32_t> word_gap_sig;
  struct QuoteOpen {
    QuoteRole role;
    uint32_t token;
  };
  std::array<QuoteOpen, kMaxQuoteDepth> quotes{};
  int quote_depth = 0;
  std::array<uint32_t, 256> script_letters{};  // letters per UScriptCode in this message
  std::vector<uint8_t> scripts_seen;             // which entries of script_letters are non-zero
  int dominant = USCRIPT_COMMON;

  // Scratch buffers, reused across words and messages.
  std::vector<Unit> units;
  std::string raw_utf8, norm_utf8, word_text, join_text;  // join_text: JoinRun runs inside Emit
  std::array<std::string, kWordSteps> trace_text;
  std::string zawgyi_text;
  SpanMap zawgyi_map;
  NormalisedText term_scratch;
  std::array<std::pair<UChar32, CharInfo>, 256> supplementary_cache{};

  CharInfo Info(UChar32 c) {
    if (c < 0x10000) return table->Lookup(c);
    auto& slot = supplementary_cache[c & 0xFF];
    if (slot.first != c) slot = {c, table->LookupSlow(c)};
    return slot.second;
  }

  // Decodes the code point at working offset `i` (-1 at the end or on invalid bytes).
  UChar32 Peek(int32_t i) const {
    const int32_t n = static_cast<int32_t>(work.size());
    if (i >= n) return -1;
    const auto* s = reinterpret_cast<const uint8_t*>(work.data());
    UChar32 c;
    U8_NEXT(s, i, n, c);
    return c;
  }
  // The facts of the character at i; a separator's (the default) past the end or on invalid UTF-8.
  CharInfo PeekInfo(int32_t i) {
    const UChar32 c = Peek(i);
    return c < 0 ? CharInfo{} : Info(c);
  }
  CharKind PeekKind(int32_t i, bool* segmented = nullptr) {
    UChar32 c = Peek(i);
    if (c < 0) return CharKind::kSeparator;
    CharInfo info = Info(c);
    if (segmented != nullptr) *segmented = (info.flags & ni::kCharSegmented) != 0;
    return info.kind;
  }
  // A letter or digit that would continue a non-segmented word.
  // Whether a Burmese consonant ending before byte i is closed (asat) or stacked on (virama) by the
  // character there; a dot below sorts before the asat.
  bool MyanmarConsonantClosedAt(int32_t i) {
    UChar32 after = Peek(i);
    if (after == 0x1037) after = Peek(i + 3);
    return after == 0x103A || after == 0x1039;
  }
  bool PeekWordChar(int32_t i, bool letter_only = false) {
    bool seg = false;
    CharKind k = PeekKind(i, &seg);
    if (k == CharKind::kLetter) return !seg;
    return !letter_only && k == CharKind::kDigit;
  }

  void Run(std::string_view text, std::string_view lang_hint, NormalisedText* o, NormalisationTrace* tr);
  void ResetState();
  void Scan();
  void Separator(int32_t start, int32_t end, UChar32 c, const CharInfo& info);
  void HandleQuote(QuoteRole role, int32_t start, int32_t end);
  int32_t ScanPlainWord(int32_t start);
  int32_t UrlEnd(int32_t start) const;
  int32_t ScanCluster(int32_t start, UChar32 c0, const CharInfo& info);
  void FastAsciiWord(int32_t start, int32_t end);
  void SplitCamelCase(int32_t start, int32_t end, bool hashtag);
  bool SplitCasedWord(int32_t start, int32_t end);
  void ProduceWord(int32_t start, int32_t end, bool segmented);
  bool BuildUnits(int32_t start, int32_t end, bool segmented);
  uint16_t Stages(bool from_word);
  uint16_t StageFold();
  uint16_t StageHomoglyph();
  uint16_t StageLeet();
  bool SoundedEight();
  static bool IsEmoji(UChar32 c);
  int32_t ScanEmoji(int32_t start, int32_t i, UChar32 c);
  uint16_t StageMask();
  uint16_t StageSqueeze();
  void TraceUnits(int step);
  void EncodeUnits(std::string* s) const;
  int MajorityScript(uint32_t* letters) const;
  void Emit(int32_t start, int32_t end, uint16_t flags, int script, uint32_t letters, bool single, bool single_letter,
            bool syllable = false);
  void FlushRun();
  void JoinRun();
  void Finish();
};

StatusOr<std::unique_ptr<Normaliser>> Normaliser::Create(const Options& options) {
  if (options.max_input_bytes == 0 || options.max_input_bytes > (1u << 30)) {
    return InvalidArgument("normaliser: max_input_bytes must be in [1, 1 GiB], got " +
                           std::to_string(options.max_input_bytes));
  }
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  UErrorCode err = U_ZERO_ERROR;
  impl->nfkc_cf = icu::Normalizer2::getNFKCCasefoldInstance(err);
  if (U_FAILURE(err)) return Internal(std::string("ICU nfkc_cf unavailable: ") + u_errorName(err));
  impl->table = &CharTable::Get();
  if (options.detect_zawgyi) impl->zawgyi = ZawgyiConverter::Create();  // null: ICU without Zawgyi-my
  impl->units.reserve(64);
  return std::unique_ptr<Normaliser>(new Normaliser(std::move(impl)));
}

Normaliser::Normaliser(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Normaliser::~Normaliser() = default;

void Normaliser::Normalise(std::string_view text, std::string_view lang_hint, NormalisedText* out) {
  impl_->Run(text, lang_hint, out, nullptr);
}

void Normaliser::NormaliseWithTrace(std::string_view text, std::string_view lang_hint, NormalisedText* out,
                                    NormalisationTrace* trace) {
  impl_->Run(text, lang_hint, out, trace);
}

std::string Normaliser::CanonicalTerm(std::string_view term, std::string_view lang) {
  impl_->Run(term, lang, &impl_->term_scratch, nullptr);
  return impl_->term_scratch.canonical;
}

const Normaliser::Options& Normaliser::options() const { return impl_->options; }

void Normaliser::Impl::ResetState() {
  pending = Boundary::kNone;
  prev_word_end = UINT32_MAX;
  elision_at = UINT32_MAX;
  prev_word_ends_digit = false;
  prev_word_single = false;
  gap_chars = 0;
  gap_ok = true;
  gap_has_space = false;
  gap_sig = 0;
  gap_last = 0;
  run_begin = run_len = run_letters = run_bare = run_sig = 0;
  word_gap_sig.reset();
  quote_depth = 0;
  for (uint8_t k : scripts_seen) script_letters[k] = 0;
  scripts_seen.clear();
  dominant = USCRIPT_COMMON;
}

void Normaliser::Impl::Run(std::string_view text, std::string_view lang_hint, NormalisedText* o,
                           NormalisationTrace* tr) {
  out = o;
  trace = tr;
  out->Clear();
  for (char ch : lang_hint) {
    if (ch == '-' || ch == '_') break;
    if (ch == ' ' || ch == '\t') continue;
    out->lang.push_back(ch >= 'A' && ch <= 'Z' ? static_cast<char>(ch + 32) : ch);
  }
  if (out->lang != hint_cache) {
    hint_cache = out->lang;
    hint_cache_latin = IsLatinScriptLanguage(hint_cache);
  }
  latin_hint = hint_cache_latin;
  if (text.size() > options.max_input_bytes) {
    size_t cut = options.max_input_bytes;
    while (cut > 0 && (static_cast<uint8_t>(text[cut]) & 0xC0) == 0x80) --cut;
    text = text.substr(0, cut);
    out->truncated = true;
  }
  if (trace != nullptr) {
    trace->steps.clear();
    trace->steps.emplace_back("input", std::string(text));
    for (auto& t : trace_text) t.clear();
  }
  work = text;
  span_map = nullptr;
  if (options.detect_zawgyi && zawgyi != nullptr && ZawgyiConverter::HasMyanmar(text) &&
      zawgyi->Convert(text, &zawgyi_text, &zawgyi_map)) {
    out->was_zawgyi = true;
    work = zawgyi_text;
    span_map = &zawgyi_map;
    if (trace != nullptr) trace->steps.emplace_back("zawgyi -> unicode", zawgyi_text);
  }
  ResetState();
  Scan();
  FlushRun();
  Finish();
  // A hashtag that stayed one token, neither cut by case nor masked, joined, segmented or a number
  // ("#ubijsiptare", "#suriyelilerigeberin", "#اقتلواالروافض"): the matcher tries it as lexicon
  // words run together (kTokenGluedHashtag).
  if (std::memchr(text.data(), '#', text.size()) != nullptr) {
    constexpr uint16_t kNotWhole = kTokenHashtag | kTokenMasked | kTokenNumeric | kTokenJoined | kTokenSegmented;
    for (Token& t : out->tokens) {
      if (t.source.begin > 0 && text[t.source.begin - 1] == '#' && !(t.flags & kNotWhole)) t.flags |= kTokenGluedHashtag;
    }
  }
  if (trace != nullptr) {
    for (int k = 0; k < kWordSteps; ++k) {
      std::string& t = trace_text[k];
      if (!t.empty() && t.back() == ' ') t.pop_back();
      trace->steps.emplace_back(kWordStepNames[k], t);
    }
    trace->steps.emplace_back("canonical", out->canonical);
  }
  out = nullptr;
  trace = nullptr;
}

void Normaliser::Impl::Finish() {
  const int best = dominant;
  out->dominant_script = static_cast<int16_t>(best);
  if (out->lang.empty()) {
    const bool kana = script_letters[USCRIPT_HIRAGANA] + script_letters[USCRIPT_KATAKANA] > 0;
    if (kana && (best == USCRIPT_HAN || best == USCRIPT_HIRAGANA || best == USCRIPT_KATAKANA)) {
      out->lang = "ja";
    } else {
      out->lang = LangForScript(best);
    }
  }
}

void Normaliser::Impl::Scan() {
  const auto* s = reinterpret_cast<const uint8_t*>(work.data());
  const int32_t n = static_cast<int32_t>(work.size());
  int32_t i = 0;
  while (i < n) {
    const int32_t start = i;
    UChar32 c = s[i];
    if (c < 0x80) {
      // The two commonest bytes first: a letter starting a word, a plain space.
      if (IsAsciiLetter(static_cast<uint8_t>(c))) {
        // A web address is no text: its host and path ("http://bugs.gnu.org/23314", a news link's
        // slug) would read as words. It separates the words around it like a space.
        if (const int32_t url_end = (c | 0x20) == 'h' || (c | 0x20) == 'w' ? UrlEnd(start) : start; url_end > start) {
          ++gap_chars;
          gap_has_space = true;
          gap_ok = false;
          i = url_end;
          continue;
        }
        i = ScanPlainWord(start);
        continue;
      }
      // Three or more '(' or ')': the antisemitic "echo" around a name ("(((globalists)))") is kept
      // as a token "(((" / ")))", so lexicons can match it; the parentheses are otherwise dropped.
      if ((c == '(' || c == ')') && i + 2 < n && s[i + 1] == c && s[i + 2] == c) {
        int32_t e = i + 3;
        while (e < n && s[e] == c) ++e;
        word_text.assign(3, static_cast<char>(c));
        Emit(start, e, 0, USCRIPT_COMMON, 0, /*single=*/false, /*single_letter=*/false);
        i = e;
        continue;
      }
      ++i;
      if (c == ' ') {
        ++gap_chars;
        gap_has_space = true;
        gap_sig = gap_sig * 131 + ' ';  // each space counts: a wider gap between words ends a run
        gap_last = ' ';
        if (gap_chars > 3) gap_ok = false;
        continue;
      }
    } else {
      U8_NEXT(s, i, n, c);
      if (c < 0) {
        out->had_invalid_utf8 = true;
        gap_ok = false;
        continue;
      }
    }
    const CharInfo info = Info(c);
    switch (info.kind) {
      case CharKind::kLetter:
        i = (info.flags & ni::kCharSegmented) ? ScanCluster(start, c, info) : ScanPlainWord(start);
        continue;
      case CharKind::kDigit:
        // A Myanmar zero written for the look-alike letter wa (ဝ) inside Burmese text.
        // Decided on what follows inside the syllable only, so the token's slice decides the same.
        if (c == 0x1040) {
          const UChar32 nc = Peek(i);
          bool wa = nc >= 0x1000 && nc <= 0x109F && PeekKind(i) == CharKind::kMark;
          if (!wa && nc >= 0x1000 && nc <= 0x1021) {
            UChar32 after = Peek(i + 3);
            if (after == 0x1037) after = Peek(i + 6);
            wa = after == 0x103A || after == 0x1039;
          }
          if (wa) {
            i = ScanCluster(start, c, info);
            continue;
          }
        }
        i = ScanPlainWord(start);
        continue;
      case CharKind::kMark:
        i = ScanPlainWord(start);
        continue;
      case CharKind::kLeet:
        if ((c == '$' || c == 0xFF04) && PeekWordChar(i, /*letter_only=*/true)) {
          i = ScanPlainWord(start);
          continue;
        }
        break;
      case CharKind::kIgnorable:
        continue;
      default:
        if (IsEmoji(c)) {
          i = ScanEmoji(start, i, c);
          continue;
        }
        break;
    }
    Separator(start, i, c, info);
  }
}

// A pictographic emoji (not ©, ®, ™ or arrows) is a token of its own, so lexicons can match the
// emoji that stand for a group or a harm ("🐷", "🦍", "🔪"): emoji hate speech replaces words with
// them. Before, every emoji was a separator.
bool Normaliser::Impl::IsEmoji(UChar32 c) {
  return c >= 0x2600 && u_hasBinaryProperty(c, UCHAR_EXTENDED_PICTOGRAPHIC);
}

// One emoji token from `start` (the emoji `c` ends at `i`): variation selectors and skin tones are
// dropped, a zero-width-joiner sequence stays whole ("🏳️‍🌈" is the rainbow flag, not a white flag),
// and a run of the same emoji ("🐷🐷🐷") is one token. Returns the end of what was taken.
int32_t Normaliser::Impl::ScanEmoji(int32_t start, int32_t i, UChar32 c) {
  const auto* s = reinterpret_cast<const uint8_t*>(work.data());
  const int32_t n = static_cast<int32_t>(work.size());
  auto modifier = [](UChar32 m) { return m == 0xFE0F || m == 0xFE0E || (m >= 0x1F3FB && m <= 0x1F3FF); };
  // The sequence starting at `from` (its first emoji already decoded as `first`, ending at `after`):
  // its text without modifiers, and its end.
  auto sequence = [&](UChar32 first, int32_t after, std::string* text) {
    text->clear();
    utf8::Append(text, first);
    int32_t j = after;
    while (j < n) {
      int32_t k = j;
      UChar32 m;
      U8_NEXT(s, k, n, m);
      if (modifier(m)) {
        j = k;
        continue;
      }
      if (m != 0x200D || k >= n) break;
      int32_t k2 = k;
      UChar32 next;
      U8_NEXT(s, k2, n, next);
      if (next < 0 || !IsEmoji(next)) break;
      utf8::Append(text, m);
      utf8::Append(text, next);
      j = k2;
    }
    return j;
  };
  std::string run;
  int32_t end = sequence(c, i, &run);
  std::string next_text;
  while (end < n) {
    int32_t k = end;
    UChar32 d;
    U8_NEXT(s, k, n, d);
    if (d < 0 || !IsEmoji(d)) break;
    const int32_t next_end = sequence(d, k, &next_text);
    if (next_text != run) break;
    end = next_end;
  }
  word_text = run;
  Emit(start, end, 0, USCRIPT_COMMON, 0, /*single=*/false, /*single_letter=*/false);
  return end;
}

// The end of a web address that starts at `start` ("http://", "https://" or "www." after a
// non-word character, then one more address character), or `start` when none does. It runs to the
// next space or control character, less the punctuation that closes a sentence or a bracket after it.
int32_t Normaliser::Impl::UrlEnd(int32_t start) const {
  const auto* s = reinterpret_cast<const uint8_t*>(work.data());
  const int32_t n = static_cast<int32_t>(work.size());
  if (start > 0) {
    const uint8_t before = s[start - 1];
    if (before >= 0x80 || IsAsciiAlnum(before)) return start;
  }
  auto prefix = [&](std::string_view p) {
    if (start + static_cast<int32_t>(p.size()) >= n) return false;
    for (size_t k = 0; k < p.size(); ++k) {
      uint8_t b = s[start + static_cast<int32_t>(k)];
      if (b >= 'A' && b <= 'Z') b = static_cast<uint8_t>(b + 32);
      if (b != static_cast<uint8_t>(p[k])) return false;
    }
    const uint8_t next = s[start + static_cast<int32_t>(p.size())];
    return IsAsciiAlnum(next);
  };
  if (!prefix("http://") && !prefix("https://") && !prefix("www.")) return start;
  int32_t e = start;
  while (e < n && s[e] > ' ' && s[e] != 0x7f) ++e;
  while (e > start && std::string_view(".,;:!?)]}>'\"").find(static_cast<char>(s[e - 1])) != std::string_view::npos) --e;
  return e;
}

void Normaliser::Impl::Separator(int32_t start, int32_t end, UChar32 c, const CharInfo& info) {
  auto b = static_cast<Boundary>(info.boundary);
  if (b != Boundary::kNone && (c == '.' || c == ',' || c == ':') && prev_word_ends_digit &&
      prev_word_end == static_cast<uint32_t>(start) && PeekKind(end) == CharKind::kDigit) {
    b = Boundary::kNone;  // 3.14, 1,000, 12:30
  }
  // A full stop after a number and before a lower-case word is an ordinal ("Godine 1941. ustaše su
  // ...", "am 3. oktober"), not the end of a sentence.
  if (b == Boundary::kSentence && c == '.' && prev_word_ends_digit && prev_word_end == static_cast<uint32_t>(start)) {
    int32_t k = end;
    while (Peek(k) == ' ') ++k;
    if (const UChar32 next = Peek(k); next > 0 && u_islower(next)) b = Boundary::kNone;
  }
  // A full stop between two one-letter words, no space on either side, spells a word out letter by
  // letter ("Я п.е.р.е.р.е.ж.у всех таджиков", "k.i.l.l them"): it ends no sentence, or the group
  // named after the word would stand in another sentence than the word's first letter.
  if (b == Boundary::kSentence && c == '.' && prev_word_single && prev_word_end == static_cast<uint32_t>(start) &&
      PeekKind(end) == CharKind::kLetter) {
    const UChar32 letter = Peek(end);
    const CharKind after = PeekKind(end + U8_LENGTH(letter));
    if (after != CharKind::kLetter && after != CharKind::kMark) b = Boundary::kNone;
  }
  if (b > pending) pending = b;
  if (info.quote != QuoteRole::kNone && static_cast<uint32_t>(start) != elision_at) {
    gap_ok = false;
    HandleQuote(info.quote, start, end);
    return;
  }
  ++gap_chars;
  if (IsNewline(c)) {
    gap_ok = false;
    gap_has_space = true;
  } else if (IsSpace(c)) {
    gap_has_space = true;
    gap_sig = gap_sig * 131 + ' ';
    gap_last = ' ';
  } else if (IsLetterSpacer(c)) {
    gap_sig = gap_sig * 131 + static_cast<uint32_t>(c);
    gap_last = c;
  } else {
    gap_ok = false;
  }
  if (gap_chars > 3) gap_ok = false;
}

void Normaliser::Impl::HandleQuote(QuoteRole role, int32_t start, int32_t end) {
  FlushRun();
  const bool after_word = prev_word_end != UINT32_MAX && !gap_has_space;
  const UChar32 next = Peek(end);
  const bool before_word = next >= 0 && !IsSpace(next) && !IsNewline(next);
  auto find = [&](std::initializer_list<QuoteRole> roles) {
    for (int k = quote_depth - 1; k >= 0; --k) {
      if (std::find(roles.begin(), roles.end(), quotes[k].role) != roles.end()) return k;
    }
    return -1;
  };
  auto open = [&] {
    if (quote_depth < kMaxQuoteDepth) quotes[quote_depth++] = {role, static_cast<uint32_t>(out->tokens.size())};
  };
  auto close = [&](int k) {
    for (size_t t = quotes[k].token; t < out->tokens.size(); ++t) out->tokens[t].flags |= kTokenQuoted;
    quote_depth = k;
  };
  int k = -1;
  switch (role) {
    case QuoteRole::kAsciiDouble:
      // A straight quote right after a word closes a low „ that no “ closed: keyboards give the
      // straight one where the typographic closer belongs ("objave „sve Jevreje u logor" na dve").
      if ((k = find({QuoteRole::kAsciiDouble})) >= 0) close(k);
      else if (after_word && (k = find({QuoteRole::kLowDouble})) >= 0) close(k);
      else open();
      break;
    case QuoteRole::kLeftDouble:  // “ closes a German „
      if ((k = find({QuoteRole::kLowDouble})) >= 0) close(k); else open();
      break;
    case QuoteRole::kRightDouble:  // ” closes “ and „ (Polish), and pairs with itself (Swedish)
      if ((k = find({QuoteRole::kLeftDouble, QuoteRole::kLowDouble, QuoteRole::kRightDouble})) >= 0) close(k);
      else open();
      break;
    case QuoteRole::kLowDouble:
      open();
      break;
    case QuoteRole::kLeftSingle:  // ‘ closes a German ‚
      if ((k = find({QuoteRole::kLowSingle})) >= 0) close(k);
      else if (before_word) open();
      break;
    case QuoteRole::kRightSingle:  // ’ outside a word: a closing quote, or a possessive/elision to ignore
      if ((k = find({QuoteRole::kLeftSingle, QuoteRole::kLowSingle, QuoteRole::kAsciiSingle})) >= 0) close(k);
      break;
    case QuoteRole::kLowSingle:
      if (before_word) open();
      break;
    case QuoteRole::kAsciiSingle:
      if (after_word) {
        if ((k = find({QuoteRole::kAsciiSingle, QuoteRole::kLeftSingle})) >= 0) close(k);
      } else if (before_word) {
        open();
      }
      break;
    case QuoteRole::kLeftAngle:  // « ... », or Danish » ... «
      if ((k = find({QuoteRole::kRightAngle})) >= 0) close(k); else open();
      break;
    case QuoteRole::kRightAngle:
      if ((k = find({QuoteRole::kLeftAngle})) >= 0) close(k); else open();
      break;
    case QuoteRole::kCornerOpen:
      open();
      break;
    case QuoteRole::kCornerClose:
      if ((k = find({QuoteRole::kCornerOpen})) >= 0) close(k);
      break;
    case QuoteRole::kNone:
      break;
  }
}

namespace {
// The camel-case rules, one place for both scripts' paths (SplitCamelCase over ASCII bytes,
// SplitCasedWord over Unicode letters). `upper(k)` and `lower(k)` give the case of the word's k-th
// letter (0-based; marks are not letters). A cut goes before letter k:
// - in a hashtag, before an upper-case letter after a lower-case one, and before the last capital
//   of a capital run followed by lower case ("#BANTheJews" -> ban the jews);
// - in a plain word, only before an upper-case letter after a lower-case one, with two letters at
//   least since the last cut (`part`) and before the end (`count`): "hateMuslims" is cut, "iPhone",
//   "eBay" and "NYTimes" stay whole.
template <typename Upper, typename Lower>
bool CamelCutBefore(bool hashtag, size_t k, size_t part, size_t count, Upper upper, Lower lower) {
  if (!upper(k)) return false;
  if (hashtag) return !upper(k - 1) || (k + 1 < count && lower(k + 1));
  return lower(k - 1) && k - part >= 2 && count - k >= 2;
}

// Whether a word of 4 letters or more alternates its case from letter to letter, at two adjacent
// pairs of three at least: "mUsLiMs", "JeWs", "MuSlImS" are one word in disguise, never cut
// ("#KillThemAll" switches at 5 pairs of 10, "MuslimsAreVermin" at 5 of 15).
template <typename Upper>
bool CaseAlternates(size_t count, Upper upper) {
  if (count < 4) return false;
  size_t flips = 0;
  for (size_t k = 1; k < count; ++k) flips += upper(k) != upper(k - 1);
  return 3 * flips >= 2 * (count - 1);
}

// Accessors of an ASCII word's letters, for the rules above.
struct AsciiUpper {
  const uint8_t* w;
  bool operator()(size_t k) const { return w[k] >= 'A' && w[k] <= 'Z'; }
};
struct AsciiLower {
  const uint8_t* w;
  bool operator()(size_t k) const { return w[k] >= 'a' && w[k] <= 'z'; }
};

// Whether a plain word of ASCII letters has a camel-case cut anywhere.
bool HasCamelCaseJoin(const uint8_t* s, int32_t start, int32_t end) {
  const size_t count = static_cast<size_t>(end - start);
  for (size_t k = 2; k + 2 <= count; ++k) {
    if (CamelCutBefore(false, k, 0, count, AsciiUpper{s + start}, AsciiLower{s + start})) return true;
  }
  return false;
}
}  // namespace

// A word in a script with spaces: letters, digits and marks, plus apostrophes, masks and leet
// symbols where they sit inside the word. Returns the end of the word (> start).
int32_t Normaliser::Impl::ScanPlainWord(int32_t start) {
  const auto* s = reinterpret_cast<const uint8_t*>(work.data());
  const int32_t n = static_cast<int32_t>(work.size());
  int32_t j = start, end = start;
  bool ascii_letters = true;
  CharKind prev = CharKind::kSeparator;  // kind of the last character taken (marks count as letters)
  bool stop = false;
  UChar32 last = 0;  // the last character taken
  // For a dot or underscore inside a word of a non-Latin script ("मु.ल्लों", "خـ.ـو.ل", "ጋ_ላዎቹን"):
  // the script of the word's letters and the letters since the word began or the last such join.
  int word_script = USCRIPT_COMMON;
  int fragment_letters = 0;
  bool inner_upper = false;  // an upper-case letter after the word's first character: a camel-case cut?
  // Fast path: ASCII letters up to a byte that cannot continue a word (most words of most text).
  while (j < n && IsAsciiLetter(s[j])) ++j;
  if (j > start) {
    end = j;
    prev = CharKind::kLetter;
    last = s[j - 1];
    if (j == n || EndsAsciiWord(s[j])) {
      // (A word whose case alternates is one word in disguise, never cut: the plain branches below.)
      const bool hashtag = start > 0 && s[start - 1] == '#';
      if ((hashtag || HasCamelCaseJoin(s, start, end)) &&
          !CaseAlternates(static_cast<size_t>(end - start), AsciiUpper{s + start})) {
        SplitCamelCase(start, end, hashtag);
      } else if (trace == nullptr) {
        FastAsciiWord(start, end);
      } else {
        ProduceWord(start, end, /*segmented=*/false);
      }
      return end;
    }
  }
  while (j < n) {
    int32_t k = j;
    UChar32 c = s[k];
    if (c < 0x80) {
      ++k;
    } else {
      U8_NEXT(s, k, n, c);
      if (c < 0) break;
    }
    const CharInfo info = Info(c);
    bool take = false;
    switch (info.kind) {
      case CharKind::kLetter:
        if (info.flags & ni::kCharSegmented) break;
        take = true;
        if (!((c | 0x20) >= 'a' && (c | 0x20) <= 'z')) ascii_letters = false;
        if ((info.flags & ni::kCharUpper) && j > start) inner_upper = true;
        prev = CharKind::kLetter;
        if (!(info.flags & ni::kCharDrop)) {
          ++fragment_letters;
          if (info.script != USCRIPT_COMMON && info.script != USCRIPT_INHERITED) word_script = info.script;
        }
        break;
      case CharKind::kMark:
        take = true;
        ascii_letters = false;
        prev = CharKind::kLetter;
        break;
      case CharKind::kDigit:
        take = true;
        ascii_letters = false;
        prev = CharKind::kDigit;
        break;
      case CharKind::kIgnorable:
        ascii_letters = false;
        j = k;
        continue;
      case CharKind::kApostrophe:
        if (prev == CharKind::kLetter && PeekWordChar(k, /*letter_only=*/true)) {
          // The English negative contraction keeps its apostrophe ("don't", "n't": negation cues);
          // elsewhere it separates a clitic ("l'homme", "qu'ils", "y'abatutsi", "Jew's"), so the word
          // after it matches on its own. Either way it is not a quotation mark.
          take = (last | 0x20) == 'n' && (Peek(k) | 0x20) == 't' && !PeekWordChar(k + 1);
          if (!take) elision_at = j;
        }
        prev = CharKind::kApostrophe;
        break;
      case CharKind::kLeet: {
        // A run of them counts as one ("Amma$$are", "a$$a$$in"): the word goes on after the run.
        int32_t r = k;
        while (r < n && PeekInfo(r).kind == CharKind::kLeet) U8_FWD_1(s, r, n);
        // (A leet character before this one was taken, or the loop would have stopped there.)
        take = ((IsLetterOrDigit(prev) || prev == CharKind::kLeet) && PeekWordChar(r) &&
                (prev != CharKind::kDigit || PeekWordChar(r, /*letter_only=*/true))) ||
               (j == start && (c == '$' || c == 0xFF04) && PeekWordChar(r, /*letter_only=*/true));
        prev = CharKind::kLeet;
        break;
      }
      case CharKind::kMask: {
        if (c == '#' || c == 0xFF03) {
          take = IsLetterOrDigit(prev) && PeekWordChar(k, /*letter_only=*/true);
          prev = CharKind::kMask;
          break;
        }
        // A run of stars: inside the word ("k*ll", "f**k"), or trailing ("n****", not "**bold**").
        int32_t r = k;
        int stars = 1;
        for (;;) {
          UChar32 d = Peek(r);
          if (d != '*' && d != 0xFF0A && d != 0x2217 && d != 0x204E) break;
          U8_FWD_1(s, r, n);
          ++stars;
        }
        const bool letter_before = prev == CharKind::kLetter;
        if (IsLetterOrDigit(prev) && PeekWordChar(r) && (letter_before || PeekWordChar(r, true))) {
          ascii_letters = false;
          j = end = r;
          prev = CharKind::kMask;
          continue;
        }
        if (letter_before && stars >= 2 && !PeekWordChar(r) && !(start > 0 && s[start - 1] == '*')) {
          ascii_letters = false;
          end = r;
        }
        stop = true;
        break;
      }
      default:
        if (prev == CharKind::kLetter && IsInWordSeparator(c) && NoDotsInWords(word_script)) {
          // A dot or underscore between letters of one non-Latin script, with one side of at most
          // two letters, is a spelling trick, not punctuation: those scripts put no dots inside
          // words ("मु.ल्लों", "اقـ.ـتـ.ـلـوا", "ጋ_ላዎቹን"; Latin "U.S.A." and "e.g." stay apart).
          int32_t r = k;
          while (r < n && (PeekInfo(r).flags & ni::kCharDrop)) U8_FWD_1(s, r, n);  // tatweel
          int right = 0;
          for (int32_t q = r; q < n && right <= 2;) {
            const CharInfo di = PeekInfo(q);
            if (di.kind == CharKind::kLetter && !(di.flags & ni::kCharSegmented) &&
                (di.script == word_script || di.script == USCRIPT_COMMON || di.script == USCRIPT_INHERITED)) {
              if (!(di.flags & ni::kCharDrop)) ++right;
            } else if (di.kind != CharKind::kMark) {
              break;
            }
            U8_FWD_1(s, q, n);
          }
          const CharInfo next = PeekInfo(r);
          if (right > 0 && next.script == word_script && (fragment_letters <= 2 || right <= 2)) {
            j = end = r;
            fragment_letters = 0;
            continue;
          }
        }
        break;
    }
    if (stop || !take) break;
    if (info.kind != CharKind::kLetter) ascii_letters = false;
    last = c;
    j = end = k;
  }
  if (end <= start) {
    // Only reachable for a lone '$' whose next letter vanished; treat it as a separator.
    const int32_t next = start + U8_LENGTH(Peek(start) < 0 ? 0xFFFD : Peek(start));
    return std::min(next, n);
  }
  if (ascii_letters && trace == nullptr) {
    FastAsciiWord(start, end);
  } else if (ascii_letters || !inner_upper || !SplitCasedWord(start, end)) {
    ProduceWord(start, end, /*segmented=*/false);
  }
  return end;
}

// SplitCamelCase for a word of letters that are not all ASCII ("#ŚmierćŻydom", "#СмертьЖидам",
// "ÄrgerÜberAusländer"): the same cuts, by the letters' Unicode case. Only a word of letters and
// marks is cut (a mark stays with its letter); masks, digits, leet symbols and apostrophes keep the
// word whole, as do words whose case alternates. Returns false, producing nothing, when there is no cut.
bool Normaliser::Impl::SplitCasedWord(int32_t start, int32_t end) {
  const auto* s = reinterpret_cast<const uint8_t*>(work.data());
  const bool hashtag = start > 0 && s[start - 1] == '#';
  struct Letter {
    int32_t at;
    bool upper, lower;
  };
  std::array<Letter, 64> letters;
  size_t count = 0;
  for (int32_t i = start; i < end;) {
    const int32_t at = i;
    UChar32 c;
    U8_NEXT(s, i, end, c);
    if (c < 0) return false;
    const CharKind kind = Info(c).kind;
    if (kind == CharKind::kMark) continue;
    if (kind != CharKind::kLetter || count == letters.size()) return false;
    letters[count++] = Letter{at, (Info(c).flags & ni::kCharUpper) != 0, u_islower(c) != 0};
  }
  const auto upper = [&letters](size_t k) { return letters[k].upper; };
  const auto lower = [&letters](size_t k) { return letters[k].lower; };
  if (CaseAlternates(count, upper)) return false;  // "mUsLiMs": one word in disguise
  std::array<int32_t, 64> cuts;
  size_t ncuts = 0, part = 0;
  for (size_t k = 1; k < count; ++k) {
    if (!CamelCutBefore(hashtag, k, part, count, upper, lower)) continue;
    cuts[ncuts++] = letters[k].at;
    part = k;
  }
  if (ncuts == 0) return false;
  const uint16_t flag = hashtag ? kTokenHashtag : kTokenCamelCase;
  int32_t from = start;
  for (size_t k = 0; k <= ncuts; ++k) {
    const int32_t to = k < ncuts ? cuts[k] : end;
    const size_t before = out->tokens.size();
    gap_ok = false;  // parts are words, not spaced letters
    ProduceWord(from, to, /*segmented=*/false);
    if (out->tokens.size() > before) out->tokens.back().flags |= flag;
    from = to;
  }
  return true;
}

// One unit of a script written without spaces: a Han or kana character, a Thai/Lao/Khmer grapheme
// cluster, a Burmese syllable. Context-free, so a lexicon term is cut the same way alone and in a
// sentence.
int32_t Normaliser::Impl::ScanCluster(int32_t start, UChar32 c0, const CharInfo& info0) {
  const auto* s = reinterpret_cast<const uint8_t*>(work.data());
  const int32_t n = static_cast<int32_t>(work.size());
  int32_t j = start;
  U8_FWD_1(s, j, n);
  int32_t end = j;
  const int script = info0.script;
  UChar32 prev = c0;
  if ((script == USCRIPT_THAI && c0 >= 0x0E40 && c0 <= 0x0E44) ||
      (script == USCRIPT_LAO && c0 >= 0x0EC0 && c0 <= 0x0EC4)) {
    // A leading vowel is written before the consonant it follows in speech: keep them together.
    UChar32 d = Peek(j);
    if (d >= 0) {
      CharInfo di = Info(d);
      if (di.kind == CharKind::kLetter && di.script == script && !(d >= 0x0E40 && d <= 0x0E44) &&
          !(d >= 0x0EC0 && d <= 0x0EC4)) {
        U8_FWD_1(s, j, n);
        end = j;
        prev = d;
      }
    }
  }
  while (j < n) {
    int32_t k = j;
    UChar32 c;
    U8_NEXT(s, k, n, c);
    if (c < 0) break;
    const CharInfo info = Info(c);
    if (info.kind == CharKind::kIgnorable) {
      j = k;
      continue;
    }
    bool take = info.kind == CharKind::kMark;
    if (script == USCRIPT_MYANMAR && (IsInWordSeparator(c) || c == ' ')) {
      // Burmese puts no dots or underscores inside words, and no syllable starts with a vowel sign
      // or a consonant its asat closes: a separator before one splits a syllable as a spelling trick
      // ("သ_တ်_ပ_စ်" for "သတ်ပစ်", "မု န်း" for "မုန်း"), so the syllable goes on past it.
      const UChar32 d = Peek(k);
      if (d >= 0 && Info(d).script == USCRIPT_MYANMAR) {
        if (Info(d).kind == CharKind::kMark || (IsMyanmarConsonant(d) && MyanmarConsonantClosedAt(k + U8_LENGTH(d)))) {
          j = k;
          continue;
        }
      }
    }
    if (!take && script == USCRIPT_MYANMAR && IsMyanmarConsonant(c)) {
      // A consonant belongs to the current syllable when it is stacked under the previous one
      // (after a virama) or closes it (followed by an asat, or a virama as in kinzi).
      take = prev == 0x1039 || MyanmarConsonantClosedAt(k);
    } else if (!take && script == USCRIPT_KHMER && prev == 0x17D2) {
      take = info.kind == CharKind::kLetter && info.script == USCRIPT_KHMER;  // coeng + subscript consonant
    }
    if (!take) break;
    prev = c;
    j = end = k;
  }
  ProduceWord(start, end, /*segmented=*/true);
  return end;
}

// A hashtag, or a plain word, of ASCII letters in camel case is words run together: "#KillThemAll"
// -> kill them all (kTokenHashtag), "MuslimsAreVermin" (kTokenCamelCase: a dropped space the
// writer's capitals still show). Where it is cut: CamelCutBefore.
void Normaliser::Impl::SplitCamelCase(int32_t start, int32_t end, bool hashtag) {
  const auto* s = reinterpret_cast<const uint8_t*>(work.data());
  const uint16_t flag = hashtag ? kTokenHashtag : kTokenCamelCase;
  const size_t count = static_cast<size_t>(end - start);
  int32_t part = start;
  bool split = false;
  for (int32_t k = start + 1; k <= end; ++k) {
    const bool cut = k == end || CamelCutBefore(hashtag, static_cast<size_t>(k - start), static_cast<size_t>(part - start),
                                                count, AsciiUpper{s + start}, AsciiLower{s + start});
    if (!cut) continue;
    if (k < end) split = true;
    if (split || k == end) {
      const size_t before = out->tokens.size();
      gap_ok = false;  // parts are words, not spaced letters
      if (trace == nullptr) FastAsciiWord(part, k);
      else ProduceWord(part, k, /*segmented=*/false);
      if (split && out->tokens.size() > before) out->tokens.back().flags |= flag;
      part = k;
    }
  }
}

// The common case: a word of ASCII letters only. No ICU, no units.
void Normaliser::Impl::FastAsciiWord(int32_t start, int32_t end) {
  word_text.assign(work.data() + start, static_cast<size_t>(end - start));
  char p1 = 0, p2 = 0;
  for (char& ch : word_text) {
    ch = static_cast<char>(ch | 0x20);  // letters only: lower-case
    if (ch == p1 && ch == p2) {
      ProduceWord(start, end, /*segmented=*/false);  // a run to squeeze: take the general path
      return;
    }
    p2 = p1;
    p1 = ch;
  }
  const uint32_t len = static_cast<uint32_t>(word_text.size());
  Emit(start, end, 0, USCRIPT_LATIN, len, /*single=*/len == 1, /*single_letter=*/true);
}

// Fills `units` from the word's characters: NFKC_CF (per character where that is exact, else ICU on
// the whole word), Arabic variants, ASCII digits. Returns false when nothing is left.
bool Normaliser::Impl::BuildUnits(int32_t start, int32_t end, bool segmented) {
  units.clear();
  raw_utf8.clear();
  const auto* s = reinterpret_cast<const uint8_t*>(work.data());
  bool needs_icu = false;
  uint8_t prev_ccc = 0;
  for (int32_t i = start; i < end;) {
    UChar32 c;
    U8_NEXT(s, i, end, c);
    if (c < 0) continue;
    CharInfo info = Info(c);
    switch (info.kind) {
      case CharKind::kIgnorable:
      case CharKind::kSeparator:  // a dot or underscore inside a non-Latin word (ScanPlainWord)
        continue;
      case CharKind::kApostrophe:
        units.push_back({'\'', 0, CharKind::kApostrophe, USCRIPT_COMMON, 0, 0});
        raw_utf8.push_back('\'');
        prev_ccc = 0;
        continue;
      case CharKind::kMask:
        units.push_back({'*', 0, CharKind::kMask, USCRIPT_COMMON, 0, 0});
        raw_utf8.push_back('*');
        prev_ccc = 0;
        continue;
      case CharKind::kLeet:
        c = AsciiLeetForm(c);
        units.push_back({c, 0, CharKind::kLeet, USCRIPT_COMMON, 0, 0});
        utf8::Append(&raw_utf8, c);
        prev_ccc = 0;
        continue;
      default:
        break;
    }
    if (segmented && c == 0x1040) {
      c = 0x101D;  // Myanmar digit zero standing for the letter wa
      info = Info(c);
    }
    if (info.flags & ni::kCharDrop) continue;
    utf8::Append(&raw_utf8, c);
    if (!(info.flags & ni::kCharSimple) || (info.ccc != 0 && prev_ccc > info.ccc)) needs_icu = true;
    prev_ccc = info.ccc;
    if (needs_icu) continue;  // units are rebuilt from ICU's output below
    UChar32 m = (info.flags & ni::kCharSimple) ? info.map : c;
    if (m == c) {
      units.push_back({c, info.fold, info.kind, info.script, info.flags, info.twin});
    } else {
      CharInfo mi = Info(m);
      units.push_back({m, info.fold, mi.kind, mi.script, mi.flags, info.twin != 0 ? info.twin : mi.twin});
    }
  }
  if (needs_icu) {
    norm_utf8.clear();
    icu::StringByteSink<std::string> sink(&norm_utf8);
    UErrorCode err = U_ZERO_ERROR;
    nfkc_cf->normalizeUTF8(0, icu::StringPiece(raw_utf8.data(), static_cast<int32_t>(raw_utf8.size())), sink,
                           nullptr, err);
    if (U_FAILURE(err)) norm_utf8 = raw_utf8;
    units.clear();
    const auto* t = reinterpret_cast<const uint8_t*>(norm_utf8.data());
    const int32_t tn = static_cast<int32_t>(norm_utf8.size());
    for (int32_t i = 0; i < tn;) {
      UChar32 d;
      U8_NEXT(t, i, tn, d);
      if (d < 0) continue;
      CharInfo info = Info(d);
      // Compatibility decompositions can produce spaces and punctuation ("¼" -> "1⁄4", "℅" -> "c/o").
      if (info.kind == CharKind::kSeparator || info.kind == CharKind::kIgnorable) continue;
      if (info.flags & ni::kCharDrop) continue;
      if (info.kind == CharKind::kApostrophe) d = '\'';
      if (info.kind == CharKind::kMask) d = '*';
      if (info.kind == CharKind::kLeet) d = AsciiLeetForm(d);
      UChar32 m = (info.flags & ni::kCharSimple) ? info.map : d;
      units.push_back({m, info.fold, info.kind, info.script, info.flags, info.twin});
    }
  }
  return !units.empty();
}

void Normaliser::Impl::EncodeUnits(std::string* s) const {
  for (const Unit& u : units) utf8::Append(s, u.c);
}

void Normaliser::Impl::TraceUnits(int step) {
  if (trace == nullptr) return;
  EncodeUnits(&trace_text[step]);
  trace_text[step].push_back(' ');
}

uint16_t Normaliser::Impl::StageFold() {
  if (!options.fold_diacritics) return 0;
  bool context = false, changed = false;
  size_t w = 0;
  for (size_t r = 0; r < units.size(); ++r) {
    Unit u = units[r];
    if (u.kind == CharKind::kLetter) {
      context = (u.flags & ni::kCharFoldScript) != 0;
      if (u.fold != 0) {
        u.c = u.fold;
        u.fold = 0;
        changed = true;
      }
    } else if (u.kind == CharKind::kMark &&
               (((u.flags & ni::kCharFoldMark) && context) || (u.flags & ni::kCharFoldAlways))) {
      changed = true;
      continue;
    }
    units[w++] = u;
  }
  units.resize(w);
  return changed ? kTokenDiacriticsFolded : 0;
}

uint16_t Normaliser::Impl::StageHomoglyph() {
  if (!options.homoglyphs) return 0;
  int lat = 0, cyr = 0, grk = 0, arm = 0, other = 0;
  for (const Unit& u : units) {
    if (u.kind != CharKind::kLetter) continue;
    switch (u.script) {
      case USCRIPT_LATIN: ++lat; break;
      case USCRIPT_CYRILLIC: ++cyr; break;
      case USCRIPT_GREEK: ++grk; break;
      case USCRIPT_ARMENIAN: ++arm; break;
      default: ++other;
    }
  }
  const int scripts = (lat > 0) + (cyr > 0) + (grk > 0) + (arm > 0);
  bool changed = false;
  if (scripts >= 2) {
    int target = USCRIPT_LATIN, best = lat;
    if (cyr > best) target = USCRIPT_CYRILLIC, best = cyr;
    if (grk > best) target = USCRIPT_GREEK, best = grk;
    if (arm > best) target = USCRIPT_ARMENIAN, best = arm;
    // A word that cannot all become the majority script becomes the other one when it can: "xaчи"
    // (Latin x and a, Cyrillic ч and и) is Cyrillic, since ч and и have no Latin look-alike.
    if ((target == USCRIPT_LATIN || target == USCRIPT_CYRILLIC) && lat > 0 && cyr > 0 && grk == 0 && arm == 0) {
      bool to_latin = true, to_cyrillic = true;
      for (const Unit& u : units) {
        if (u.kind != CharKind::kLetter) continue;
        if (u.script == USCRIPT_CYRILLIC) to_latin = to_latin && u.twin != 0;
        if (u.script == USCRIPT_LATIN) to_cyrillic = to_cyrillic && u.c < 0x80 && table->CyrillicTwin(static_cast<char>(u.c)) != 0;
      }
      if (target == USCRIPT_LATIN && !to_latin && to_cyrillic) target = USCRIPT_CYRILLIC;
      if (target == USCRIPT_CYRILLIC && !to_cyrillic && to_latin) target = USCRIPT_LATIN;
    }
    for (Unit& u : units) {
      if (u.kind != CharKind::kLetter || u.script == target) continue;
      if (u.script != USCRIPT_LATIN && u.script != USCRIPT_CYRILLIC && u.script != USCRIPT_GREEK &&
          u.script != USCRIPT_ARMENIAN) {
        continue;
      }
      const char latin = u.script == USCRIPT_LATIN ? (u.c < 0x80 ? static_cast<char>(u.c) : 0) : u.twin;
      UChar32 r = 0;
      if (target == USCRIPT_LATIN) r = latin;
      else if (target == USCRIPT_CYRILLIC) r = table->CyrillicTwin(latin);
      else if (target == USCRIPT_GREEK) r = table->GreekTwin(latin);
      if (r != 0) {
        u.c = r;
        u.script = static_cast<uint8_t>(target);
        changed = true;
      }
    }
  } else if (latin_hint && lat == 0 && other == 0 && scripts == 1) {
    // A Latin-script message with a word spelled entirely in Cyrillic/Greek look-alikes.
    const bool all = std::all_of(units.begin(), units.end(),
                                 [](const Unit& u) { return u.kind != CharKind::kLetter || u.twin != 0; });
    if (all) {
      for (Unit& u : units) {
        if (u.kind != CharKind::kLetter) continue;
        u.c = u.twin;
        u.script = USCRIPT_LATIN;
      }
      changed = true;
    }
  }
  return changed ? kTokenHomoglyph : 0;
}

// "h8", "h8rs", "h8ers", "m8": an '8' after one or two Latin letters opening the word, followed by at
// most three letters, is read for its sound, "ate" (hate, haters, mate), the commonest spelling of
// its kind; an 'e' right after it belongs to the "ate". Replaces the units and returns true when it
// applies.
bool Normaliser::Impl::SoundedEight() {
  auto latin_letter = [](const Unit& u) { return u.c < 0x80 && IsAsciiLetter(static_cast<uint8_t>(u.c)); };
  size_t lead = 0;
  while (lead < units.size() && latin_letter(units[lead])) ++lead;
  if (lead < 1 || lead > 2 || lead >= units.size() || units[lead].c != '8') return false;
  const size_t rest = units.size() - lead - 1;
  if (rest > 3 || !std::all_of(units.begin() + lead + 1, units.end(), latin_letter)) return false;
  // The '8', and an 'e' right after it, become "ate".
  const size_t taken = lead + 1 < units.size() && units[lead + 1].c == 'e' ? 2 : 1;
  units.erase(units.begin() + lead, units.begin() + lead + taken);
  Unit ate[3];
  for (int k = 0; k < 3; ++k) {
    const UChar32 c = "ate"[k];
    const CharInfo info = Info(c);
    ate[k] = {c, 0, info.kind, info.script, info.flags, info.twin};
  }
  units.insert(units.begin() + lead, std::begin(ate), std::end(ate));
  return true;
}

uint16_t Normaliser::Impl::StageLeet() {
  if (!options.leetspeak && !options.arabizi) return 0;
  int latin = 0, cyrillic = 0, letters = 0, subst = 0;
  for (const Unit& u : units) {
    if (u.kind == CharKind::kLetter) {
      ++letters;
      latin += u.script == USCRIPT_LATIN;
      cyrillic += u.script == USCRIPT_CYRILLIC;
    } else if ((u.kind == CharKind::kDigit && u.c < 0x80) || u.kind == CharKind::kLeet) {
      ++subst;
    }
  }
  if (letters == 0 || subst == 0) return 0;
  // A word mostly in Cyrillic letters takes Cyrillic look-alikes (leetspeak only; no Arabizi).
  const bool in_cyrillic = cyrillic * 2 > letters && options.leetspeak;
  if (latin * 2 <= letters && !in_cyrillic) return 0;
  if (options.leetspeak && !in_cyrillic && SoundedEight()) return kTokenLeet;
  bool changed = false;
  auto substitute = [&](Unit& u) {
    UChar32 r = 0;
    UScriptCode script = USCRIPT_LATIN;
    if (in_cyrillic) {
      r = CyrillicLeetLetter(u.c);
      script = USCRIPT_CYRILLIC;
      if (r == 0 && (u.c == '1' || u.c == '!')) {  // no single reading: a hidden letter (see CyrillicLeetLetter)
        u.kind = CharKind::kMask;
        u.c = '*';
        u.twin = 0;
        changed = true;
        return;
      }
    } else if (options.arabizi && (r = ArabiziLetter(u.c)) != 0) {
      script = USCRIPT_ARABIC;
    } else if (options.leetspeak) {
      r = LeetLetter(u.c);
    }
    if (r == 0) return;
    u.script = script;
    u.c = r;
    u.kind = CharKind::kLetter;
    u.twin = 0;
    changed = true;
  };
  const size_t n = units.size();
  for (size_t a = 0; a < n;) {
    if (units[a].kind == CharKind::kLeet) {
      if (options.leetspeak) substitute(units[a]);
      ++a;
      continue;
    }
    if (units[a].kind != CharKind::kDigit || units[a].c >= 0x80) {
      ++a;
      continue;
    }
    size_t b = a;
    while (b < n && units[b].kind == CharKind::kDigit && units[b].c < 0x80) ++b;
    bool apply = true;
    if (a == 0) {
      // "3xterminate" yes; "1990s", "10km", "1st", "5th" no.
      bool ordinal = false;
      if (n - b <= 2) {
        std::string rest;
        for (size_t k = b; k < n; ++k) rest.push_back(units[k].c < 0x80 ? static_cast<char>(units[k].c) : '?');
        ordinal = rest == "st" || rest == "nd" || rest == "rd" || rest == "th" || rest == "s";
      }
      apply = b - a == 1 && !ordinal;
    } else if (b == n) {
      // "covid19", "g20" stay; in a word already written in leet elsewhere (a digit or leet symbol
      // outside this run), a short run is leet too ("0d10", "h4t3r5").
      apply = b - a == 1 || (b - a <= 3 && subst > static_cast<int>(b - a));
    }
    if (apply) {
      for (size_t k = a; k < b; ++k) substitute(units[k]);
    }
    a = b;
  }
  return changed ? kTokenLeet : 0;
}

uint16_t Normaliser::Impl::StageMask() {
  int masks = 0, letters = 0;
  for (const Unit& u : units) {
    masks += u.kind == CharKind::kMask;
    letters += u.kind == CharKind::kLetter;
  }
  if (masks == 0 || letters == 0) return 0;
  // "k*i*l*l": a star between every letter is a separator, not a hidden letter.
  const size_t n = units.size();
  bool alternating = n >= 5 && n % 2 == 1;
  for (size_t k = 0; alternating && k < n; ++k) {
    alternating = (k % 2 == 0) ? IsLetterOrDigit(units[k].kind) : units[k].kind == CharKind::kMask;
  }
  if (alternating) {
    size_t w = 0;
    for (size_t k = 0; k < n; k += 2) units[w++] = units[k];
    units.resize(w);
    return kTokenJoined;
  }
  return kTokenMasked;
}

uint16_t Normaliser::Impl::StageSqueeze() {
  // A word that is one letter repeated keeps three ("KKK", "kkkkk" -> "kkk"): an acronym, not emphasis.
  if (units.size() >= 3 && units[0].kind == CharKind::kLetter &&
      std::all_of(units.begin(), units.end(),
                  [&](const Unit& u) { return u.kind == CharKind::kLetter && u.c == units[0].c; })) {
    if (units.size() == 3) return 0;
    units.resize(3);
    return kTokenSqueezed;
  }
  size_t w = 0;
  bool squeezed = false;
  for (size_t r = 0; r < units.size(); ++r) {
    const Unit& u = units[r];
    if (u.kind == CharKind::kLetter && w >= 2 && units[w - 1].c == u.c && units[w - 2].c == u.c &&
        units[w - 1].kind == CharKind::kLetter && units[w - 2].kind == CharKind::kLetter) {
      squeezed = true;
      continue;
    }
    units[w++] = u;
  }
  units.resize(w);
  return squeezed ? kTokenSqueezed : 0;
}

// Steps 5-8 of the header (homoglyphs, leetspeak, masks, letter runs) on `units`.
uint16_t Normaliser::Impl::Stages(bool from_word) {
  uint16_t flags = StageHomoglyph();
  if (from_word) TraceUnits(kStepHomoglyph);
  flags |= StageLeet();
  if (from_word) TraceUnits(kStepLeet);
  flags |= StageMask();
  if (from_word) TraceUnits(kStepMask);
  flags |= StageSqueeze();
  if (from_word) TraceUnits(kStepSqueeze);
  return flags;
}

int Normaliser::Impl::MajorityScript(uint32_t* letters) const {
  // Words have few scripts: count with a tiny linear table.
  std::array<std::pair<uint8_t, uint32_t>, 4> counts{};
  size_t used = 0;
  uint32_t total = 0;
  for (const Unit& u : units) {
    if (u.kind != CharKind::kLetter) continue;
    ++total;
    size_t k = 0;
    while (k < used && counts[k].first != u.script) ++k;
    if (k == used) {
      if (used == counts.size()) continue;
      counts[used++] = {u.script, 0};
    }
    ++counts[k].second;
  }
  *letters = total;
  int best = USCRIPT_COMMON;
  uint32_t best_n = 0;
  for (size_t k = 0; k < used; ++k) {
    if (counts[k].second > best_n && counts[k].first != USCRIPT_COMMON && counts[k].first != USCRIPT_INHERITED) {
      best_n = counts[k].second;
      best = counts[k].first;
    }
  }
  return best;
}

void Normaliser::Impl::ProduceWord(int32_t start, int32_t end, bool segmented) {
  if (!BuildUnits(start, end, segmented)) return;
  TraceUnits(kStepNfkc);
  uint16_t flags = StageFold();
  TraceUnits(kStepFold);
  flags |= Stages(/*from_word=*/true);
  if (segmented) flags |= kTokenSegmented;
  if (units.empty()) return;
  uint32_t letters = 0;
  const int script = MajorityScript(&letters);
  bool numeric = true;
  int letter_or_digit = 0, other = 0, marks = 0;
  for (const Unit& u : units) {
    numeric = numeric && u.kind == CharKind::kDigit;
    if (IsLetterOrDigit(u.kind)) ++letter_or_digit;
    else if (u.kind == CharKind::kMark) ++marks;
    else ++other;
  }
  if (numeric) flags |= kTokenNumeric;
  word_text.clear();
  EncodeUnits(&word_text);
  // A lone combining mark counts as one of the spaced characters: Devanagari spelled out code point by
  // code point puts its vowel signs apart too ("म ु स ल म ा न").
  // A letter with its vowel sign is a whole syllable, and many words are one ("गे को जो मिलेगा",
  // "ये तो वो है"): a run of nothing else is words, and only a run with a bare letter or a lone mark
  // in it is spelt out ("मु स ल मा न").
  const bool single = !segmented && letter_or_digit <= 1 && other == 0 && !(flags & kTokenJoined);
  Emit(start, end, flags, script, letters, single, letters == 1, /*syllable=*/letter_or_digit == 1 && marks > 0);
}

void Normaliser::Impl::Emit(int32_t start, int32_t end, uint16_t flags, int script, uint32_t letters, bool single,
                            bool single_letter, bool syllable) {
  NormalisedText& o = *out;
  const bool continues = single && options.join_spaced_letters && run_len > 0 && gap_ok &&
                         (run_len == 1 ? word_gap_sig != gap_sig : gap_sig == run_sig);
  if (!continues && single && run_len >= 2 && gap_ok && gap_sig != run_sig) {
    word_gap_sig = gap_sig;
  }
  if (!continues) FlushRun();
  if (continues && run_len == 1) run_sig = gap_sig;

  SourceSpan src{static_cast<uint32_t>(start), static_cast<uint32_t>(end)};
  if (span_map != nullptr) {
    src = span_map->Map(src.begin, src.end);
    if (script == USCRIPT_MYANMAR) flags |= kTokenZawgyi;
    if (!o.tokens.empty() && src.begin < o.tokens.back().source.end) {
      src.begin = o.tokens.back().source.end;
      if (src.end <= src.begin) {
        // Two tokens from one coarsely mapped Zawgyi piece: keep them as one token.
        FlushRun();
        Token& last = o.tokens.back();
        o.canonical += word_text;
        last.text_size += static_cast<uint32_t>(word_text.size());
        last.flags |= flags;
        if (last.flags & kTokenSqueezed) {
          o.squeezed_index.back() = static_cast<uint32_t>(o.squeezed_storage.size()) + 1;
          AppendSqueezed(o.TokenText(last), &o.squeezed_storage);
          o.squeezed_storage.push_back('\0');
        }
        run_len = 0;
        prev_word_end = static_cast<uint32_t>(end);
        return;
      }
    }
  }

  // The other reading of an ambiguous leet character, for a word written in ASCII with one
  // character per canonical letter (the common case: "mus1im", "b1ack", "f!ikkers").
  // The word is copied only once an ambiguous character shows the other reading differs.
  if ((flags & kTokenLeet) && end - start == static_cast<int32_t>(word_text.size())) {
    std::string alt;
    bool ascii = true;
    for (int32_t k = start; k < end && ascii; ++k) {
      const char c = work[static_cast<size_t>(k)];
      ascii = static_cast<unsigned char>(c) < 0x80;
      const char other = c == '1' || c == '!' ? 'l' : c == '|' ? 'i' : 0;
      if (other != 0 && word_text[static_cast<size_t>(k - start)] != other) {
        if (alt.empty()) alt = word_text;
        alt[static_cast<size_t>(k - start)] = other;
      }
    }
    if (ascii && !alt.empty()) {
      flags |= kTokenLeetAlt;
      o.leet_alternatives.emplace_back(static_cast<TokenIndex>(o.tokens.size()), std::move(alt));
    }
  }
  // One word-internal mark between two letters, no space: a part of one written word.
  if (!continues && !o.tokens.empty() && gap_ok && gap_chars == 1 && !gap_has_space && IsInWordMark(gap_last) &&
      !prev_word_ends_digit && !(flags & kTokenNumeric)) {
    flags |= kTokenInWord;
  }
  if (!o.canonical.empty()) o.canonical.push_back(' ');
  Token t;
  t.text_begin = static_cast<uint32_t>(o.canonical.size());
  t.text_size = static_cast<uint32_t>(word_text.size());
  t.source = src;
  t.before = o.tokens.empty() ? Boundary::kNone : pending;
  t.flags = flags;
  t.script = static_cast<int16_t>(script);
  o.canonical += word_text;
  o.tokens.push_back(t);
  if (flags & kTokenSqueezed) {
    o.squeezed_index.push_back(static_cast<uint32_t>(o.squeezed_storage.size()) + 1);
    AppendSqueezed(word_text, &o.squeezed_storage);
    o.squeezed_storage.push_back('\0');
  } else {
    o.squeezed_index.push_back(0);
  }
  if (letters > 0 && script != USCRIPT_COMMON && script != USCRIPT_INHERITED) {
    const auto k = static_cast<uint8_t>(script);
    if (script_letters[k] == 0) scripts_seen.push_back(k);
    script_letters[k] += letters;
    // Ties go to the script that reached the count first.
    if (dominant == USCRIPT_COMMON || script_letters[k] > script_letters[static_cast<uint8_t>(dominant)]) dominant = k;
  }

  pending = Boundary::kNone;
  gap_chars = 0;
  gap_ok = true;
  gap_has_space = false;
  gap_sig = 0;
  gap_last = 0;
  prev_word_end = static_cast<uint32_t>(end);
  prev_word_ends_digit = !word_text.empty() && word_text.back() >= '0' && word_text.back() <= '9';
  prev_word_single = single;

  if (single) {
    if (continues) {
      ++run_len;
    } else {
      run_begin = static_cast<uint32_t>(o.tokens.size() - 1);
      run_len = 1;
      run_letters = 0;
      run_bare = 0;
    }
    run_letters += single_letter;
    run_bare += !syllable;
  } else {
    run_len = 0;
  }
}

void Normaliser::Impl::FlushRun() {
  // Mostly letters: "k 1 l l" is a word, "1 a 2 b" a list.
  if (run_len >= 3 && run_letters * 2 > run_len && run_bare > 0 && options.join_spaced_letters) JoinRun();
  run_len = 0;
}

// Joins the last run_len single-character tokens ("k i l l") into one.
void Normaliser::Impl::JoinRun() {
  NormalisedText& o = *out;
  const uint32_t b = run_begin;
  const Token first = o.tokens[b];
  const Token last = o.tokens.back();
  units.clear();
  const std::string_view joined = std::string_view(o.canonical).substr(first.text_begin);
  const auto* s = reinterpret_cast<const uint8_t*>(joined.data());
  const int32_t n = static_cast<int32_t>(joined.size());
  for (int32_t i = 0; i < n;) {
    UChar32 c;
    U8_NEXT(s, i, n, c);
    if (c < 0 || c == ' ') continue;
    const CharInfo info = Info(c);
    units.push_back({c, 0, info.kind, info.script, info.flags, info.twin});
  }
  uint16_t flags = Stages(/*from_word=*/false);
  uint32_t letters = 0;
  const int script = MajorityScript(&letters);
  join_text.clear();
  EncodeUnits(&join_text);
  o.canonical.resize(first.text_begin);
  o.canonical += join_text;
  Token t = first;
  t.text_size = static_cast<uint32_t>(join_text.size());
  t.source.end = last.source.end;
  t.flags = static_cast<uint16_t>((first.flags & (kTokenQuoted | kTokenDiacriticsFolded | kTokenZawgyi)) |
                                  kTokenJoined | (flags & ~kTokenMasked));
  t.script = static_cast<int16_t>(script);
  o.tokens.resize(b);
  o.tokens.push_back(t);
  o.any_joined = true;
  while (!o.leet_alternatives.empty() && o.leet_alternatives.back().first >= b) o.leet_alternatives.pop_back();
  o.squeezed_index.resize(b);
  if (flags & kTokenSqueezed) {
    o.squeezed_index.push_back(static_cast<uint32_t>(o.squeezed_storage.size()) + 1);
    AppendSqueezed(join_text, &o.squeezed_storage);
    o.squeezed_storage.push_back('\0');
  } else {
    o.squeezed_index.push_back(0);
  }
  run_len = 0;
}

}  // namespace vigil
