#include "classifiers/analyzer.h"

#include "classifiers/language_guess.h"

namespace vigil {

StatusOr<std::unique_ptr<Analyzer>> Analyzer::Create(const Options& options) {
  auto n = Normaliser::Create(options.normaliser);
  if (!n.ok()) return n.status();
  return std::unique_ptr<Analyzer>(new Analyzer(std::move(*n), options.guess_language));
}

void Analyzer::Analyze(const Message& message, const CompiledLexicon& lexicon, const Scorer& scorer, Verdict* out) {
  normaliser_->Normalise(message.text, message.lang, &normalised_);
  lexicon.Match(normalised_, &matches_);
  // Without a declared language the normaliser names one from the script alone; Latin and Cyrillic
  // name none (the message was just matched against every lexicon), and Arabic script is also
  // Persian's and Urdu's. A message that matched nothing in every lexicon matches nothing in one,
  // so only messages with matches, or in Arabic script, pay for the guess.
  const bool unknown = normalised_.lang.empty();
  bool guessed = false;
  if (guess_language_ && message.lang.empty() && ((unknown && !matches_.empty()) || normalised_.lang == "ar")) {
    LanguageGuess g = GuessLanguage(message.text);
    if (!g.lang.empty() && g.lang != normalised_.lang && lexicon.CoversLanguage(g.lang)) {
      normaliser_->Normalise(message.text, g.lang, &normalised_);
      lexicon.Match(normalised_, &matches_);
      guessed = true;
    }
  }
  scorer.Score(message, normalised_, matches_, lexicon, out);
  out->detected_lang.clear();
  out->language_source = LanguageSource::kDeclared;
  if (message.lang.empty()) {
    const bool covered = lexicon.CoversLanguage(normalised_.lang);
    if (covered) out->detected_lang = normalised_.lang;
    out->language_source = guessed ? LanguageSource::kGuessed : covered ? LanguageSource::kScript : LanguageSource::kUnknown;
  }
}

}  // namespace vigil
