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
// With a word list (Options::words: spelling dictionaries), a message that is not flagged but names
// a group or holds harm gets a second reading with its misspelt words corrected against the
// lexicons' words (spelling.h): "I haet Muslims", "Ihate women". It is kept only when it is flagged
// on a corrected word; its matches over a corrected word are of kind `corrected`, Verdict::corrections names the words,
// and the explanation says how they were read.
//
// The lexicon is passed per call (a shared_ptr snapshot the caller holds for the duration), so a hot
// reload between two messages is safe and a message is never matched half against each version.
#pragma once

#include <memory>

#include "classifiers/matcher.h"
#include "classifiers/message.h"
#include "classifiers/normaliser.h"
#include "classifiers/scorer.h"
#include "classifiers/spelling.h"

namespace vigil {

class Analyzer {
 public:
  struct Options {
    Normaliser::Options normaliser;
    bool guess_language = true;
    // The spelling dictionaries of the second reading (above); none: no second reading.
    std::shared_ptr<const WordList> words;
  };
  static StatusOr<std::unique_ptr<Analyzer>> Create(const Options& options);

  void Analyze(const Message& message, const CompiledLexicon& lexicon, const Scorer& scorer, Verdict* out);

  // Buffers of the last Analyze() call, for explain.
  const NormalisedText& normalised() const { return normalised_; }
  const std::vector<Match>& matches() const { return matches_; }
  Normaliser& normaliser() { return *normaliser_; }

 private:
  Analyzer(std::unique_ptr<Normaliser> n, const Options& options)
      : normaliser_(std::move(n)), guess_language_(options.guess_language), words_(options.words) {}
  // The second reading (above); replaces *out, normalised_ and matches_ when it is flagged.
  void ReadWithCorrections(const Message& message, const CompiledLexicon& lexicon, const Scorer& scorer, Verdict* out);
  std::unique_ptr<Normaliser> normaliser_;
  bool guess_language_;
  std::shared_ptr<const WordList> words_;
  NormalisedText normalised_;
  std::vector<Match> matches_;
  SpellingMemo spelling_memo_;  // tokens known to have no fix (per thread, as the analyser)
  NormalisedText fixed_;  // the second reading's buffers
  std::vector<Match> fixed_matches_;
  Verdict fixed_verdict_;
};

}  // namespace vigil
