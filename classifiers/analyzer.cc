#include "classifiers/analyzer.h"

namespace vigil {

StatusOr<std::unique_ptr<Analyzer>> Analyzer::Create(const Normaliser::Options& options) {
  auto n = Normaliser::Create(options);
  if (!n.ok()) return n.status();
  return std::unique_ptr<Analyzer>(new Analyzer(std::move(*n)));
}

void Analyzer::Analyze(const Message& message, const CompiledLexicon& lexicon, const Scorer& scorer, Verdict* out) {
  normaliser_->Normalise(message.text, message.lang, &normalised_);
  lexicon.Match(normalised_, &matches_);
  scorer.Score(message, normalised_, matches_, lexicon, out);
}

}  // namespace vigil
