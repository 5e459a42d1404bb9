// matcher.h: a compiled, immutable lexicon that finds entries in a normalised token stream.
//
//   auto compiled = CompiledLexicon::Create(std::move(entries), &normaliser, {});
//   if (!compiled.ok()) ...                       // names the entry and the reason
//   std::shared_ptr<const CompiledLexicon> lex = *compiled;
//   std::vector<Match> matches;
//   lex->Match(normalised, &matches);             // thread-safe; reuse `matches`
//
// Literal terms (the vast majority) live in a token n-gram hash: one hash lookup per token finds
// every term starting there. Prefix terms use a per-length prefix hash. RE2 patterns run over the
// canonical text and are kept only when they start and end on token boundaries (RE2's \b is
// ASCII-only, so boundaries come from the normaliser's tokens).
//
// Language scoping: an entry matches a message whose `lang` equals the entry's language, or when
// the message's language is unknown or not covered by any lexicon, or when the entry's language
// is "mul" (multilingual). Deprecated entries are not compiled.
//
// Thread-safety: immutable after Create(); Match() may be called from any number of threads.
// Hot reload builds a new CompiledLexicon and swaps a shared_ptr (see pipeline/lexicon_store.h).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "classifiers/lexicon.h"
#include "classifiers/normaliser.h"
#include "classifiers/status.h"

namespace vigil {

enum class MatchKind : uint8_t { kExact, kPrefix, kPattern, kSqueezed, kMasked, kFuzzy };
std::string_view MatchKindName(MatchKind k);

struct Match {
  uint32_t entry = 0;       // index into CompiledLexicon::entries()
  TokenIndex first = 0;     // first token (inclusive)
  TokenIndex last = 0;      // last token (inclusive)
  SourceSpan source;        // byte range in the original message text
  MatchKind kind = MatchKind::kExact;
};

class CompiledLexicon {
 public:
  struct Options {
    bool fuzzy = true;  // edit-distance-1 matching of long tokens (spelling variation)
  };

  // Compiles `entries`. Fails (naming the entry) on an RE2 pattern that does not compile or a term
  // that normalises to nothing.
  static StatusOr<std::shared_ptr<const CompiledLexicon>> Create(std::vector<Entry> entries, Normaliser* normaliser,
                                                                 const Options& options);
  ~CompiledLexicon();

  // Appends every match in `text` to `out` (cleared first), ordered by first token then entry.
  void Match(const NormalisedText& text, std::vector<vigil::Match>* out) const;

  const std::vector<Entry>& entries() const;
  const Entry& entry(uint32_t index) const { return entries()[index]; }
  // Content hash of the compiled entries ("sha-like" hex), stable across runs and machines.
  const std::string& version() const;
  size_t literal_keys() const;
  size_t pattern_count() const;

 private:
  struct Impl;
  explicit CompiledLexicon(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace vigil
