#include "classifiers/normaliser.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include <cstring>

namespace vigil {

std::string_view NormalisedText::Squeezed(TokenIndex i) const {
  if (i >= squeezed_index.size() || squeezed_index[i] == 0) return {};
  const char* p = squeezed_storage.data() + (squeezed_index[i] - 1);
  return std::string_view(p);  // NUL-terminated inside storage
}

void NormalisedText::Clear() {
  canonical.clear();
  tokens.clear();
  squeezed_storage.clear();
  squeezed_index.clear();
  dominant_script = 0;
  lang.clear();
  was_zawgyi = false;
  had_invalid_utf8 = false;
}

struct Normaliser::Impl {
  Options options;
  const icu::Normalizer2* nfkc_cf = nullptr;
  icu::UnicodeString scratch_in;
  icu::UnicodeString scratch_out;
  std::string utf8_scratch;
};

namespace {

bool IsWordChar(UChar32 c) {
  if (c < 0x80) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }
  int8_t type = u_charType(c);
  switch (type) {
    case U_UPPERCASE_LETTER: case U_LOWERCASE_LETTER: case U_TITLECASE_LETTER:
    case U_MODIFIER_LETTER: case U_OTHER_LETTER: case U_NON_SPACING_MARK:
    case U_COMBINING_SPACING_MARK: case U_ENCLOSING_MARK: case U_DECIMAL_DIGIT_NUMBER:
    case U_LETTER_NUMBER: case U_OTHER_NUMBER:
      return true;
    default:
      return false;
  }
}

Boundary BoundaryOf(UChar32 c) {
  switch (c) {
    case '.': case '!': case '?': case '\n': case 0x3002: case 0xFF01: case 0xFF1F: case 0x061F:
    case 0x06D4: case 0x0964: case 0x104B: case 0x1362: case 0x2029:
      return Boundary::kSentence;
    case ',': case ';': case ':': case '(': case ')': case 0x2013: case 0x2014: case 0x060C:
    case 0x3001: case 0xFF0C: case 0x104A: case 0x1363: case 0x1364:
      return Boundary::kClause;
    default:
      return Boundary::kNone;
  }
}

}  // namespace

StatusOr<std::unique_ptr<Normaliser>> Normaliser::Create(const Options& options) {
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  UErrorCode err = U_ZERO_ERROR;
  impl->nfkc_cf = icu::Normalizer2::getNFKCCasefoldInstance(err);
  if (U_FAILURE(err)) return Internal(std::string("ICU nfkc_cf unavailable: ") + u_errorName(err));
  return std::unique_ptr<Normaliser>(new Normaliser(std::move(impl)));
}

Normaliser::Normaliser(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Normaliser::~Normaliser() = default;

void Normaliser::Normalise(std::string_view text, std::string_view lang_hint, NormalisedText* out) {
  out->Clear();
  out->lang.assign(lang_hint);
  if (text.size() > impl_->options.max_input_bytes) text = text.substr(0, impl_->options.max_input_bytes);
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  const int32_t n = static_cast<int32_t>(text.size());
  int32_t i = 0;
  Boundary pending = Boundary::kNone;
  while (i < n) {
    int32_t start = i;
    UChar32 c;
    U8_NEXT(s, i, n, c);
    if (c < 0) { out->had_invalid_utf8 = true; continue; }
    if (!IsWordChar(c) || u_hasBinaryProperty(c, UCHAR_DEFAULT_IGNORABLE_CODE_POINT)) {
      Boundary b = BoundaryOf(c);
      if (b > pending) pending = b;
      continue;
    }
    // A word: a run of word characters and default-ignorables (which are dropped).
    int32_t end = i;
    impl_->scratch_in.remove();
    impl_->scratch_in.append(c);
    while (i < n) {
      int32_t save = i;
      UChar32 d;
      U8_NEXT(s, i, n, d);
      if (d >= 0 && u_hasBinaryProperty(d, UCHAR_DEFAULT_IGNORABLE_CODE_POINT)) { end = i; continue; }
      if (d < 0 || !IsWordChar(d)) { i = save; break; }
      impl_->scratch_in.append(d);
      end = i;
    }
    UErrorCode err = U_ZERO_ERROR;
    impl_->nfkc_cf->normalize(impl_->scratch_in, impl_->scratch_out, err);
    if (U_FAILURE(err) || impl_->scratch_out.isEmpty()) continue;
    impl_->utf8_scratch.clear();
    impl_->scratch_out.toUTF8String(impl_->utf8_scratch);
    Token t;
    if (!out->canonical.empty()) out->canonical.push_back(' ');
    t.text_begin = static_cast<uint32_t>(out->canonical.size());
    t.text_size = static_cast<uint32_t>(impl_->utf8_scratch.size());
    out->canonical += impl_->utf8_scratch;
    t.source = SourceSpan{static_cast<uint32_t>(start), static_cast<uint32_t>(end)};
    t.before = out->tokens.empty() ? Boundary::kNone : pending;
    UErrorCode serr = U_ZERO_ERROR;
    t.script = static_cast<int16_t>(uscript_getScript(c, &serr));
    out->tokens.push_back(t);
    pending = Boundary::kNone;
  }
}

void Normaliser::NormaliseWithTrace(std::string_view text, std::string_view lang_hint, NormalisedText* out,
                                    NormalisationTrace* trace) {
  Normalise(text, lang_hint, out);
  trace->steps.clear();
  trace->steps.emplace_back("input", std::string(text));
  trace->steps.emplace_back("tokens (nfkc_cf)", out->canonical);
}

std::string Normaliser::CanonicalTerm(std::string_view term, std::string_view lang) {
  NormalisedText t;
  Normalise(term, lang, &t);
  return t.canonical;
}

}  // namespace vigil
