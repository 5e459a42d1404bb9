// text_types.h: strong types for positions in text.
//
// Vigil handles three kinds of position and mixing them up is the classic alert-highlighting bug:
// byte offsets into the ORIGINAL message (what alerts report), byte offsets into the CANONICAL
// (normalised) text, and token indices. Each gets its own type.
#pragma once

#include <cstdint>
#include <string_view>

namespace vigil {

// A half-open byte range [begin, end) into the original UTF-8 message text.
struct SourceSpan {
  uint32_t begin = 0;
  uint32_t end = 0;
  uint32_t size() const { return end - begin; }
  std::string_view Slice(std::string_view original) const { return original.substr(begin, end - begin); }
  friend bool operator==(const SourceSpan&, const SourceSpan&) = default;
};

// Index of a token in NormalisedText::tokens.
using TokenIndex = uint32_t;

}  // namespace vigil
