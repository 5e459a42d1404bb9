#include "classifiers/analyzer.h"

#include "classifiers/language_guess.h"
#include "classifiers/spelling.h"

namespace vigil {

StatusOr<std::unique_ptr<Analyzer>> Analyzer::Create(const Options& options) {
  auto n = Normaliser::Create(options.normaliser);
  if (!n.ok()) return n.status();
  return std::unique_ptr<Analyzer>(new Analyzer(std::move(*n), options));
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
  if (words_ != nullptr && out->severity == Severity::kNone) ReadWithCorrections(message, lexicon, scorer, out);
  out->detected_lang.clear();
  out->language_source = LanguageSource::kDeclared;
  if (message.lang.empty()) {
    const bool covered = lexicon.CoversLanguage(normalised_.lang);
    if (covered) out->detected_lang = normalised_.lang;
    out->language_source = guessed ? LanguageSource::kGuessed : covered ? LanguageSource::kScript : LanguageSource::kUnknown;
  }
}

void Analyzer::ReadWithCorrections(const Message& message, const CompiledLexicon& lexicon, const Scorer& scorer,
                                   Verdict* out) {
  // Only a message that names a group or holds harm can be hateful once a word is corrected. One
  // that holds both and is not flagged may lack the words that join them ("Le femministe meritanodi
  // essere stuprate": "meritano di" is the phrase); a fix that only took away what discounted it
  // is not kept (below).
  bool group = false, harm = false;
  // (Approximate matches are guesses the scorer may have dropped: "rmoa" ~ roma.)
  for (const Match& m : matches_) {
    if (IsApproximate(m.kind)) continue;
    const Indicator ind = lexicon.entry(m.entry).indicator;
    group |= ind == Indicator::kIdentityTerm;
    harm |= IsHarmIndicator(ind);
  }
  // Or a word may be one with its vowels left out ("Maak alle mslms af"): then only such words are read anew.
  const bool vowels_only = !group && !harm;
  if (vowels_only && !MayLackVowels(normalised_)) return;
  const std::vector<SpellingFix> fixes =
      ProposeSpellingFixes(message.text, normalised_, matches_, lexicon, *words_, &spelling_memo_, 4, vowels_only);
  if (fixes.empty()) return;
  std::vector<bool> fixed_tokens;
  ApplySpellingFixes(normalised_, fixes, &fixed_, &fixed_tokens);
  lexicon.Match(fixed_, &fixed_matches_);
  scorer.Score(message, fixed_, fixed_matches_, lexicon, &fixed_verdict_);
  if (fixed_verdict_.severity == Severity::kNone) return;
  bool corrected = false;
  for (Match& m : fixed_verdict_.matches) {
    for (TokenIndex i = m.first; i <= m.last && i < fixed_tokens.size(); ++i) {
      if (fixed_tokens[i]) m.kind = MatchKind::kCorrected;
    }
    corrected |= m.kind == MatchKind::kCorrected;
  }
  // A reading flagged on words no fix touched lost a word that discounted them ("outcompetes", read
  // as "out competes", no longer says the "silent invasion" is a plant's): the first reading stands.
  if (!corrected) return;
  std::string read;
  for (const SpellingFix& fix : fixes) {
    const SourceSpan source = SpellingFixSource(normalised_, fix);
    std::string as = fix.word;
    if (!fix.second.empty()) as.append(" ").append(fix.second);
    // (Appended piece by piece: GCC 12 warns falsely, -Wrestrict, on a chain of string + string.)
    if (!read.empty()) read.append(", ");
    read.append("\"").append(source.Slice(message.text)).append("\" as \"").append(as).append("\"");
    fixed_verdict_.corrections.push_back(SpellingCorrection{source, std::move(as)});
  }
  fixed_verdict_.explanation.append(" Read with corrected spelling: ").append(read).append(".");
  std::swap(*out, fixed_verdict_);
  std::swap(normalised_, fixed_);
  std::swap(matches_, fixed_matches_);
}

}  // namespace vigil
