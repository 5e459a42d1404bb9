// utf8.h: UTF-8 helpers shared inside classifiers/ (ICU's macros underneath).
//
//   std::string s;
//   utf8::Append(&s, 0x1F600);  // appends the 4-byte encoding
#pragma once

#include <unicode/utf8.h>

#include <algorithm>
#include <cstdint>
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

// Writes the byte offset of each code point of `s` to at[0..n), then s.size() to at[n], and returns n,
// the number of code points; `at` has room for cap + 1 offsets. A string of more than `cap` code
// points gives cap + 1, and at[] is then not complete (not validated, as above).
inline size_t CodePointStarts(std::string_view s, uint32_t* at, size_t cap) {
  size_t n = 0;
  for (size_t b = 0; b < s.size(); ++b) {
    if ((static_cast<unsigned char>(s[b]) & 0xC0) == 0x80) continue;
    if (n == cap) return cap + 1;
    at[n++] = static_cast<uint32_t>(b);
  }
  at[n] = static_cast<uint32_t>(s.size());
  return n;
}

}  // namespace vigil::utf8
