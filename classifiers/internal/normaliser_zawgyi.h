// normaliser_zawgyi.h: detects Zawgyi-encoded Burmese and converts it to Unicode, keeping a map from
// the converted text back to the original bytes.
//
//   auto z = ZawgyiConverter::Create();          // null when ICU lacks the Zawgyi-my transform
//   std::string unicode; SpanMap map;
//   if (z && z->Convert(text, &unicode, &map)) { /* scan `unicode`; map.Map(b, e) -> original span */ }
//
// Zawgyi is a font hack that reuses Myanmar code points in visual order (ေ before the consonant,
// U+1039 as the asat, stacked letters at U+1060..U+1097), so it cannot be told from Unicode by the
// code points alone. Detection counts sequences that are impossible in Unicode Burmese (a vowel
// sign at the start of a syllable, U+1039 not followed by a consonant, asat followed by a vowel,
// Zawgyi-only code points) and accepts the text as Zawgyi only when converting it with ICU's
// "Zawgyi-my" transform removes most of them. Unicode Shan, Mon and Karen use the same code points
// legitimately: a message with a word that starts with one of their letters is never converted
// (a Shan message whose words all start with letters shared with Burmese can still be mistaken). Conversion is done per Zawgyi syllable so tokens keep
// syllable-precise source spans; where per-syllable conversion disagrees with converting the whole
// run, the run is mapped coarsely (proportionally) instead.
//
// ICU's rule-based transform costs a few microseconds per call, so converted runs are cached (a
// language has a few thousand common syllables and words); the cache is bounded.
//
// Not thread-safe (holds an ICU Transliterator and the cache): one per Normaliser.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <unicode/umachine.h>

#include "classifiers/text_types.h"

#include <unicode/uversion.h>

U_NAMESPACE_BEGIN
class Transliterator;
U_NAMESPACE_END

namespace vigil::normaliser_internal {

// Maps byte ranges of a converted text back to the original. Pieces are ordered and cover the
// converted text; an exact piece is an unchanged copy, an inexact one maps proportionally.
struct SpanMap {
  struct Piece {
    uint32_t out_begin, out_end;
    uint32_t src_begin, src_end;
    bool exact;
  };
  std::vector<Piece> pieces;

  void Clear() { pieces.clear(); }
  // The original span for converted bytes [begin, end) (begin < end). Lies on UTF-8 boundaries of
  // the original when every inexact piece consists of 3-byte characters (the Myanmar block).
  SourceSpan Map(uint32_t begin, uint32_t end) const;
};

class ZawgyiConverter {
 public:
  static std::unique_ptr<ZawgyiConverter> Create();
  ~ZawgyiConverter();

  // True when `text` contains Myanmar code points (U+1000..U+109F), the cheap pre-check.
  static bool HasMyanmar(std::string_view text);
  // Number of sequences in `text` that cannot occur in well-formed Unicode Burmese.
  static int UnicodeViolations(std::string_view text);
  // True when a word starts with a letter of Unicode Shan, Mon or Karen (never Zawgyi).
  static bool HasMinorityLanguageWord(std::string_view text);

  // If `text` is Zawgyi, writes its Unicode conversion to *out, the offset map to *map and returns
  // true. Otherwise returns false and leaves *out and *map unspecified.
  bool Convert(std::string_view text, std::string* out, SpanMap* map);

 private:
  explicit ZawgyiConverter(icu::Transliterator* t);
  // A converted Myanmar run: its Unicode text and pieces (converted bytes, source bytes) in order.
  struct RunConversion {
    std::string text;
    std::vector<std::pair<uint32_t, uint32_t>> pieces;
  };
  void Transliterate(std::string_view in, std::string* out);
  const RunConversion& ConvertRun(std::string_view run, const UChar32* cps, const uint32_t* offs, size_t n);
  std::unique_ptr<icu::Transliterator> translit_;
  std::unordered_map<std::string, RunConversion> cache_;
  RunConversion uncached_;  // result for runs too long to cache
  std::string whole_, piece_;
  std::vector<UChar32> cps_;
  std::vector<uint32_t> offs_;
};

}  // namespace vigil::normaliser_internal
