// libFuzzer target for the normaliser: any bytes must normalise without a crash or sanitizer report,
// and the output must keep the contract of normaliser.h (offset map, canonical text shape).
//
//   tests/fuzz/run_fuzz.sh 60        # build with the fuzz preset and fuzz for 60 s over the corpus
//
// The first input byte picks the language hint and options, the rest is the message.
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>

#include "classifiers/message.h"
#include "classifiers/normaliser.h"

namespace {

using vigil::NormalisedText;
using vigil::Normaliser;

[[noreturn]] void Fail(const char* what, std::string_view input) {
  std::fprintf(stderr, "normaliser contract broken: %s (input %zu bytes)\n", what, input.size());
  std::abort();
}

void Check(std::string_view input, const NormalisedText& out) {
  if (out.squeezed_index.size() != out.tokens.size()) Fail("squeezed_index size", input);
  uint32_t prev_end = 0;
  size_t expected = 0;
  for (size_t i = 0; i < out.tokens.size(); ++i) {
    const vigil::Token& t = out.tokens[i];
    if (t.source.begin >= t.source.end) Fail("empty source span", input);
    if (t.source.begin < prev_end) Fail("overlapping or unordered spans", input);
    if (t.source.end > input.size()) Fail("span past the end", input);
    if (!vigil::IsValidUtf8(t.source.Slice(input))) Fail("span not on UTF-8 boundaries", input);
    prev_end = t.source.end;
    const std::string_view text = out.TokenText(t);
    if (text.empty() || text.find(' ') != std::string_view::npos) Fail("token text empty or with a space", input);
    if (t.text_begin != expected) Fail("canonical is not the tokens joined by single spaces", input);
    expected = t.text_begin + t.text_size + 1;
    const bool squeezed = (t.flags & vigil::kTokenSqueezed) != 0;
    if (squeezed != !out.Squeezed(static_cast<vigil::TokenIndex>(i)).empty()) Fail("Squeezed() vs flag", input);
    if (squeezed && out.Squeezed(static_cast<vigil::TokenIndex>(i)) != vigil::SqueezeLetterRuns(text)) {
      Fail("Squeezed() is not SqueezeLetterRuns(token)", input);
    }
  }
  if (out.canonical.size() + 1 != (out.tokens.empty() ? 1 : expected)) Fail("canonical length", input);
  if (!vigil::IsValidUtf8(out.canonical)) Fail("canonical not UTF-8", input);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static Normaliser* plain = Normaliser::Create({})->release();
  static Normaliser* arabizi = [] {
    Normaliser::Options o;
    o.arabizi = true;
    o.max_input_bytes = 64;  // exercises truncation inside multi-byte characters
    return Normaliser::Create(o)->release();
  }();
  static NormalisedText out, traced;
  static vigil::NormalisationTrace trace;
  if (size == 0) return 0;
  static const char* const kLangs[] = {"", "en", "ru", "ar", "my", "zh", "fr-FR", "EN"};
  const uint8_t selector = data[0];
  const std::string_view lang = kLangs[selector & 7];
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  Normaliser* n = (selector & 8) ? arabizi : plain;
  n->Normalise(text, lang, &out);
  Check(text, out);
  if (selector & 16) {
    // The traced (general) path must produce exactly what the fast path produced.
    n->NormaliseWithTrace(text, lang, &traced, &trace);
    if (traced.canonical != out.canonical || traced.tokens.size() != out.tokens.size()) {
      Fail("traced path differs from fast path", text);
    }
    for (size_t i = 0; i < out.tokens.size(); ++i) {
      if (!(traced.tokens[i].source == out.tokens[i].source) || traced.tokens[i].flags != out.tokens[i].flags) {
        Fail("traced token differs", text);
      }
    }
  }
  if (selector & 32) (void)n->CanonicalTerm(text, lang);
  return 0;
}
