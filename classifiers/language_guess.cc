#include "classifiers/language_guess.h"

#include <cstdio>  // compact_lang_det.h uses FILE without including it

#include <cld2/public/compact_lang_det.h>
#include <cld2/public/encodings.h>

namespace CLD2 {
const char* LanguageCode(Language lang);  // lang_script.h, not exported by the public header
}

namespace vigil {

namespace {

// CLD2's code -> Vigil's, or "" for an answer Vigil does not act on (see the header).
std::string_view VigilCode(std::string_view cld) {
  if (cld == "zh-Hant") return "zh";
  if (cld == "hr" || cld == "bs" || cld == "sr" || cld == "un" || cld.substr(0, 3) == "xx-") return {};
  return cld;
}

}  // namespace

LanguageGuess GuessLanguage(std::string_view utf8) {
  if (utf8.size() > kLanguageGuessMaxBytes) {
    size_t cut = kLanguageGuessMaxBytes;
    while (cut > 0 && (static_cast<unsigned char>(utf8[cut]) & 0xC0) == 0x80) --cut;
    utf8 = utf8.substr(0, cut);
  }
  CLD2::CLDHints hints{nullptr, nullptr, CLD2::UNKNOWN_ENCODING, CLD2::UNKNOWN_LANGUAGE};
  CLD2::Language top3[3];
  int percent3[3];
  double score3[3];
  int text_bytes = 0, valid_prefix = 0;
  bool reliable = false;
  const CLD2::Language best = CLD2::ExtDetectLanguageSummaryCheckUTF8(
      utf8.data(), static_cast<int>(utf8.size()), /*is_plain_text=*/true, &hints, /*flags=*/0, top3, percent3,
      score3, /*resultchunkvector=*/nullptr, &text_bytes, &reliable, &valid_prefix);
  LanguageGuess g;
  if (!reliable || valid_prefix < static_cast<int>(utf8.size())) return g;
  g.lang = std::string(VigilCode(CLD2::LanguageCode(best)));
  if (!g.lang.empty()) g.percent = percent3[0];
  return g;
}

}  // namespace vigil
