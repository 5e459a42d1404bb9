// term_template.h: term templates, so that a curator writes the pattern of a family of phrases once
// instead of listing every combination.
//
//   slots: {place: [shop, shops, house, houses, mosque]}      # in the file or the entry
//   terms: ["{your|all your} {$place} will {burn|go up in flames}"]
//
// expands, when the lexicon is loaded, into the 2 x 5 x 2 = 20 literal phrases "your shop will burn",
// ..., "all your mosque will go up in flames", which go into the literal index like any written term
// (a template costs nothing at match time; the matcher never sees the braces).
//
//   {a|b|c}    one of the alternatives; an empty one makes the group optional: "{very |}dirty"
//   {$name}    one of the words or phrases listed under `slots: {name: [...]}`
//
// Groups do not nest. Whitespace is kept as written inside alternatives and collapsed afterwards, so
// "{all |}your" gives "all your" and "your". Errors say what is wrong and where ("unbalanced '{'",
// "unknown slot '$place'", "expands to more than N terms"); nothing is expanded when the template is
// not well formed. The braces and '|' are reserved in terms: no written term uses them.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace vigil {

using TermSlots = std::map<std::string, std::vector<std::string>, std::less<>>;

// The most terms one entry's templates may expand into. A bigger family is better written as a
// pattern, or split into entries a reviewer can read.
inline constexpr size_t kMaxExpandedTerms = 20000;

// True when `term` holds template syntax ('{', '}' or '|').
bool IsTermTemplate(std::string_view term);

// Appends the expansion of `term` to *out (a plain term is appended as it is, whitespace collapsed
// only when it is a template). Returns false and sets *error, appending nothing, when the template
// is malformed, names a slot `slots` lacks, or would take *out past `limit` terms.
bool ExpandTermTemplate(std::string_view term, const TermSlots& slots, size_t limit, std::vector<std::string>* out,
                        std::string* error);

// The slot names a slot list may use: [a-z0-9_]+.
bool ValidSlotName(std::string_view name);

}  // namespace vigil
