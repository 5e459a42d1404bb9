#include "classifiers/internal/normaliser_zawgyi.h"

#include <unicode/translit.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cstring>

namespace vigil::normaliser_internal {
namespace {

bool IsMyanmar(UChar32 c) { return c >= 0x1000 && c <= 0x109F; }
bool IsConsonant(UChar32 c) {
  return (c >= 0x1000 && c <= 0x1021) || c == 0x103F || c == 0x104E || (c >= 0x1050 && c <= 0x1055) ||
         (c >= 0x105A && c <= 0x105D) || c == 0x1061 || c == 0x1065 || c == 0x1066 ||
         (c >= 0x106E && c <= 0x1070) || (c >= 0x1075 && c <= 0x1081) || c == 0x108E;
}
bool IsIndependent(UChar32 c) { return (c >= 0x1023 && c <= 0x102A) || (c >= 0x1040 && c <= 0x1049); }
bool IsMedial(UChar32 c) { return c >= 0x103B && c <= 0x103E; }
bool IsSign(UChar32 c) { return (c >= 0x102B && c <= 0x103E) || (c >= 0x1056 && c <= 0x1059); }

// Decodes `text` into code points (invalid bytes become -1) with their byte offsets.
void Decode(std::string_view text, std::vector<UChar32>* cps, std::vector<uint32_t>* offs) {
  cps->clear();
  offs->clear();
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  const int32_t n = static_cast<int32_t>(text.size());
  for (int32_t i = 0; i < n;) {
    offs->push_back(static_cast<uint32_t>(i));
    UChar32 c;
    U8_NEXT(s, i, n, c);
    cps->push_back(c);
  }
  offs->push_back(static_cast<uint32_t>(n));
}

// Letters that Unicode Shan, Mon and Karen text starts words with, and that Zawgyi only uses as
// subscripts or not at all: a word starting with one is Unicode, not Zawgyi.
bool IsMinorityInitial(UChar32 c) {
  return c == 0x1022 || (c >= 0x1050 && c <= 0x1055) || (c >= 0x105A && c <= 0x105D) || c == 0x1061 ||
         c == 0x1065 || c == 0x1066 || (c >= 0x106E && c <= 0x1070) || (c >= 0x1075 && c <= 0x1081) || c == 0x108E;
}

// Zawgyi prebase characters: ေ, the medial ra forms.
bool IsZawgyiPrebase(UChar32 c) { return c == 0x1031 || c == 0x103B || (c >= 0x107E && c <= 0x1084); }

}  // namespace

SourceSpan SpanMap::Map(uint32_t begin, uint32_t end) const {
  auto find = [&](uint32_t off) {
    auto it = std::upper_bound(pieces.begin(), pieces.end(), off,
                               [](uint32_t o, const Piece& p) { return o < p.out_end; });
    return it == pieces.end() ? pieces.end() - 1 : it;
  };
  auto project = [](const Piece& p, uint32_t off, bool round_up) -> uint32_t {
    if (p.exact) return p.src_begin + (off - p.out_begin);
    const uint64_t out_len = p.out_end - p.out_begin, src_len = p.src_end - p.src_begin;
    if (out_len == 0) return round_up ? p.src_end : p.src_begin;
    uint64_t chars = src_len / 3;  // Myanmar code points are 3 bytes in UTF-8
    uint64_t num = (off - p.out_begin) * chars;
    uint64_t k = round_up ? (num + out_len - 1) / out_len : num / out_len;
    return p.src_begin + static_cast<uint32_t>(std::min<uint64_t>(k * 3, src_len));
  };
  if (pieces.empty()) return SourceSpan{begin, end};
  auto a = find(begin);
  auto b = find(end - 1);
  return SourceSpan{project(*a, begin, false), project(*b, end, true)};
}

std::unique_ptr<ZawgyiConverter> ZawgyiConverter::Create() {
  UErrorCode err = U_ZERO_ERROR;
  icu::Transliterator* t = icu::Transliterator::createInstance("Zawgyi-my", UTRANS_FORWARD, err);
  if (U_FAILURE(err) || t == nullptr) {
    delete t;
    return nullptr;
  }
  return std::unique_ptr<ZawgyiConverter>(new ZawgyiConverter(t));
}

ZawgyiConverter::ZawgyiConverter(icu::Transliterator* t) : translit_(t) {}
ZawgyiConverter::~ZawgyiConverter() = default;

bool ZawgyiConverter::HasMyanmar(std::string_view text) {
  // U+1000..U+109F is E1 80 80 .. E1 82 9F in UTF-8.
  // memchr finds the first E1 fast; after it, one pass over the bytes: a memchr call per E1 costs
  // far more when E1 is every third byte (Ethiopic, Georgian, Khmer, Vietnamese's U+1Exx).
  const auto* p = static_cast<const uint8_t*>(std::memchr(text.data(), 0xE1, text.size()));
  if (p == nullptr) return false;
  const auto* const last = reinterpret_cast<const uint8_t*>(text.data()) + text.size() - 1;
  for (; p < last; ++p) {
    if (p[0] == 0xE1 && static_cast<uint8_t>(p[1] - 0x80) <= 2) return true;
  }
  return false;
}

int ZawgyiConverter::UnicodeViolations(std::string_view text) {
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  const int32_t n = static_cast<int32_t>(text.size());
  int violations = 0;
  UChar32 prev = 0;
  for (int32_t i = 0; i < n;) {
    UChar32 c;
    U8_NEXT(s, i, n, c);
    if (!IsMyanmar(c)) {
      prev = c;
      continue;
    }
    UChar32 next = 0;
    if (i < n) {
      int32_t j = i;
      U8_NEXT(s, j, n, next);
    }
    if (c == 0x1031 || IsMedial(c)) {
      // ေ and medials follow their consonant (or another medial) in Unicode; the one exception is
      // the medial ya after an asat in the standard spelling of ယောက်ျား (man, boy).
      if (!IsConsonant(prev) && !IsMedial(prev) && !(c == 0x103B && prev == 0x103A)) ++violations;
    } else if (c == 0x103A) {
      if (!IsConsonant(prev) && !IsSign(prev)) ++violations;
      if (next >= 0x102B && next <= 0x1036) ++violations;  // nothing but dot-below/visarga follows an asat
    } else if (c == 0x1039) {
      if (!IsConsonant(next)) ++violations;  // a virama stacks a consonant; Zawgyi uses it as the asat
    } else if (IsSign(c)) {
      if (!IsConsonant(prev) && !IsSign(prev) && !IsIndependent(prev)) ++violations;
    } else if (c >= 0x1060 && c <= 0x1097 && !IsConsonant(c)) {
      ++violations;  // Zawgyi stacked letters and glyph variants
    }
    prev = c;
  }
  return violations;
}

void ZawgyiConverter::Transliterate(std::string_view in, std::string* out) {
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(in.data(), static_cast<int32_t>(in.size())));
  translit_->transliterate(u);
  out->clear();
  u.toUTF8String(*out);
}

const ZawgyiConverter::RunConversion& ZawgyiConverter::ConvertRun(std::string_view run, const UChar32* cps,
                                                                   const uint32_t* offs, size_t n) {
  const bool cacheable = run.size() <= 256;  // bounds the cache at ~50000 * 256 bytes
  if (cacheable) {
    auto hit = cache_.find(std::string(run));
    if (hit != cache_.end()) return hit->second;
    if (cache_.size() >= 50000) cache_.clear();
  }
  RunConversion& conv = uncached_;
  conv.text.clear();
  conv.pieces.clear();
  Transliterate(run, &whole_);
  // Zawgyi syllables: a run of prebase characters plus the consonant after it, or a consonant
  // that is not a syllable-final (followed by U+1039, the Zawgyi asat), plus what follows.
  std::vector<size_t> starts;
  for (size_t p = 0; p < n; ++p) {
    const UChar32 c = cps[p];
    const UChar32 prev = p > 0 ? cps[p - 1] : 0;
    const UChar32 next = p + 1 < n ? cps[p + 1] : 0;
    bool start = p == 0;
    if (IsZawgyiPrebase(c)) {
      start = start || !IsZawgyiPrebase(prev);
    } else if (IsConsonant(c) || IsIndependent(c)) {
      start = start || (!IsZawgyiPrebase(prev) && next != 0x1039);
    }
    if (start) starts.push_back(p);
  }
  starts.push_back(n);
  const uint32_t base = offs[0];
  for (size_t k = 0; k + 1 < starts.size(); ++k) {
    Transliterate(run.substr(offs[starts[k]] - base, offs[starts[k + 1]] - offs[starts[k]]), &piece_);
    conv.text += piece_;
    conv.pieces.emplace_back(static_cast<uint32_t>(piece_.size()), offs[starts[k + 1]] - offs[starts[k]]);
  }
  if (conv.text != whole_) {
    // The transform needed context across our syllable cuts: map the run as a whole.
    conv.text = whole_;
    conv.pieces.assign(1, {static_cast<uint32_t>(whole_.size()), static_cast<uint32_t>(run.size())});
  }
  if (!cacheable) return conv;
  return cache_.emplace(std::string(run), conv).first->second;
}

bool ZawgyiConverter::HasMinorityLanguageWord(std::string_view text) {
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  const int32_t n = static_cast<int32_t>(text.size());
  UChar32 prev = 0;
  for (int32_t i = 0; i < n;) {
    UChar32 c;
    U8_NEXT(s, i, n, c);
    if (IsMinorityInitial(c) && !IsMyanmar(prev)) return true;
    prev = c;
  }
  return false;
}

bool ZawgyiConverter::Convert(std::string_view text, std::string* out, SpanMap* map) {
  if (!HasMyanmar(text)) return false;
  const int before = UnicodeViolations(text);
  // Shan, Mon and Karen use the code points Zawgyi abuses (U+1060..U+1097) legitimately.
  if (before == 0 || HasMinorityLanguageWord(text)) return false;
  // Only the Myanmar runs are converted: the transform must not see (or alter) other text.
  Decode(text, &cps_, &offs_);
  out->clear();
  map->Clear();
  auto copy_exact = [&](size_t a, size_t b) {
    if (a >= b) return;
    const uint32_t sb = offs_[a], se = offs_[b];
    const uint32_t ob = static_cast<uint32_t>(out->size());
    out->append(text.substr(sb, se - sb));
    map->pieces.push_back({ob, static_cast<uint32_t>(out->size()), sb, se, true});
  };
  size_t k = 0, plain_begin = 0;
  const size_t n = cps_.size();
  while (k < n) {
    if (!IsMyanmar(cps_[k])) {
      ++k;
      continue;
    }
    size_t run_end = k;
    while (run_end < n && IsMyanmar(cps_[run_end])) ++run_end;
    copy_exact(plain_begin, k);
    const RunConversion& conv =
        ConvertRun(text.substr(offs_[k], offs_[run_end] - offs_[k]), &cps_[k], &offs_[k], run_end - k);
    uint32_t o = static_cast<uint32_t>(out->size());
    uint32_t src = offs_[k];
    for (auto [out_len, src_len] : conv.pieces) {
      if (out_len > 0) map->pieces.push_back({o, o + out_len, src, src + src_len, false});
      o += out_len;
      src += src_len;
    }
    out->append(conv.text);
    k = plain_begin = run_end;
  }
  copy_exact(plain_begin, n);
  const int after = UnicodeViolations(*out);
  return after * 2 < before;
}

}  // namespace vigil::normaliser_internal
