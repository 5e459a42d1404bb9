// analyzer.h: normalise -> match -> score for one message, with per-thread reusable buffers.
//
//   auto analyzer = Analyzer::Create({});                  // one per worker thread
//   Verdict v;
//   analyzer->Analyze(message, *lexicon_snapshot, scorer, &v);
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
  static StatusOr<std::unique_ptr<Analyzer>> Create(const Normaliser::Options& options);

  void Analyze(const Message& message, const CompiledLexicon& lexicon, const Scorer& scorer, Verdict* out);

  // Buffers of the last Analyze() call, for explain.
  const NormalisedText& normalised() const { return normalised_; }
  const std::vector<Match>& matches() const { return matches_; }
  Normaliser& normaliser() { return *normaliser_; }

 private:
  explicit Analyzer(std::unique_ptr<Normaliser> n) : normaliser_(std::move(n)) {}
  std::unique_ptr<Normaliser> normaliser_;
  NormalisedText normalised_;
  std::vector<Match> matches_;
};

}  // namespace vigil
