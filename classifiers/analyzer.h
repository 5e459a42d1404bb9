// analyzer.h: normalise -> match -> score for one message, with per-thread reusable buffers.
//
//   auto analyzer = Analyzer::Create({});                  // one per worker thread
//   Verdict v;
//   analyzer->Analyze(message, *lexicon_snapshot, scorer, &v);
//
// A message without a `lang` whose script does not settle its language (Latin, Cyrillic, Arabic:
// the normaliser names the others) has it guessed (language_guess.h); a reliable guess of a
// language some lexicon covers is used as the message's language hint. Verdict::detected_lang
// names the language a message without one was analysed as (guessed, or named by its script),
// when some lexicon covers it. Options::guess_language = false keeps such messages unknown (matched
// against every lexicon).
//
// The lexicon is passed per call (a shared_ptr snapshot the caller holds for the duration), so a hot
// reload between two messages is safe and a message is never matched half against each version.
#pragma once

#include <memory>

#include "classifiers/matcher.h"
#include "classifiers/message.h"
#include "classifiers/normaliser.h"
#include "classifiers/scorer.h"

namespace vigil {

class Analyzer {
 public:
  struct Options {
    Normaliser::Options normaliser;
    bool guess_language = true;
  };
  static StatusOr<std::unique_ptr<Analyzer>> Create(const Options& options);

  void Analyze(const Message& message, const CompiledLexicon& lexicon, const Scorer& scorer, Verdict* out);

  // Buffers of the last Analyze() call, for explain.
  const NormalisedText& normalised() const { return normalised_; }
  const std::vector<Match>& matches() const { return matches_; }
  Normaliser& normaliser() { return *normaliser_; }

 private:
  Analyzer(std::unique_ptr<Normaliser> n, bool guess_language)
      : normaliser_(std::move(n)), guess_language_(guess_language) {}
  std::unique_ptr<Normaliser> normaliser_;
  bool guess_language_;
  NormalisedText normalised_;
  std::vector<Match> matches_;
};

}  // namespace vigil
