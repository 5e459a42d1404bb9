// edits.h: kinds of one-letter edits between two words, shared inside classifiers/.
//
//   SwapAfterFirst(a, la, b, lb)  // "wmoen" ~ "women", "womne" ~ "women", "haet" ~ "hate": true
//   InnerLetterDropped(a, la, b, lb)  // "muslms" ~ "muslims": true; "muslim" ~ "muslims": false
//   LetterDoubled(a, la, b, lb)  // "womenn" ~ "women", "muslimms" ~ "muslims": true; "wwomen": false
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>

namespace vigil {

// Whether a and b differ only by two adjacent code points swapped anywhere after the first code
// point: an inner swap, or the last two swapped ("haet" and "hate", "womne" and "women"), the
// typist's commonest slip at a word's end. The first code point, which readers and typists keep,
// must agree.
inline bool SwapAfterFirst(const uint32_t* a, size_t la, const uint32_t* b, size_t lb) {
  if (la != lb) return false;
  size_t i = 0;
  while (i < la && a[i] == b[i]) ++i;
  if (i == 0 || i + 1 >= la) return false;  // no difference, or at the first code point
  return a[i] == b[i + 1] && a[i + 1] == b[i] && std::equal(a + i + 2, a + la, b + i + 2);
}

// Whether a is b with one code point left out that is neither b's first nor its last ("gtanos",
// "muslms"): the skipped key of a fast typist, which keeps the word's outline.
inline bool InnerLetterDropped(const uint32_t* a, size_t la, const uint32_t* b, size_t lb) {
  if (la + 1 != lb || la < 2) return false;
  size_t i = 0;
  while (i < la && a[i] == b[i]) ++i;
  if (i == 0 || i >= la) return false;  // the first or the last one dropped
  return std::equal(a + i, a + la, b + i + 1);
}

// Whether a is b with one of its code points after the first typed twice ("womenn", "muslimms"): a
// key held down, which keeps the word's outline. The first letter doubled ("wwomen") is left out
// with the other first-letter edits.
inline bool LetterDoubled(const uint32_t* a, size_t la, const uint32_t* b, size_t lb) {
  if (la != lb + 1 || lb < 2) return false;
  size_t i = 0;
  while (i < lb && a[i] == b[i]) ++i;
  if (i < 2 || a[i] != a[i - 1]) return false;  // a[i] is the extra one; it repeats the one before
  return std::equal(a + i + 1, a + la, b + i);
}

}  // namespace vigil
