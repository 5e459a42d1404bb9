// utf8.h: UTF-8 helpers shared inside classifiers/ (ICU's macros underneath).
//
//   std::string s;
//   utf8::Append(&s, 0x1F600);  // appends the 4-byte encoding
#pragma once

#include <unicode/utf8.h>

#include <algorithm>
#include <string>
#include <string_view>

namespace vigil::utf8 {

// Appends the UTF-8 encoding of code point `c` (< 0x110000; not validated) to `s`.
inline void Append(std::string* s, UChar32 c) {
  if (c < 0x80) {
    s->push_back(static_cast<char>(c));
    return;
  }
  char buf[U8_MAX_LENGTH];
  int32_t n = 0;
  U8_APPEND_UNSAFE(buf, n, c);
  s->append(buf, static_cast<size_t>(n));
}

// The number of code points in `s` (its bytes that are not continuation bytes; not validated).
inline size_t CountCodePoints(std::string_view s) {
  return static_cast<size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

}  // namespace vigil::utf8
