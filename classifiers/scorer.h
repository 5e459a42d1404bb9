// scorer.h: turns matches and message context into indicators, a score, a severity and an explanation.
//
//   ScoringConfig config = ScoringConfig::Defaults();      // or ParseScoringConfig(yaml)
//   Scorer scorer(config);                                  // immutable, thread-safe
//   Verdict v;
//   scorer.Score(message, normalised, matches, *lexicon, &v);
//
// The model follows the Dangerous Speech framework and the Rabat Plan of Action:
//  1. Targets: identity terms, self-targeting slurs/coded terms, and group references ("they",
//     "them") resolved to the group named earlier in the message.
//  2. Each harm match (dehumanisation, call to violence, ...) counts only when a target is in the
//     same sentence (or the entry names its own target), and is discarded when negated ("are not
//     vermin", "no one should hurt"), quoted or reported in order to condemn or inform ("He called
//     them cockroaches. That is disgusting.").
//  3. Surviving evidence is combined per indicator into a message score (0-100); structural rules
//     (e.g. a call to violence with an exhortation against a group) set severity floors.
//  4. Context (speaker influence, reach, region risk, sensitive periods) scales the score; each
//     factor's contribution is listed.
// All numbers (indicator weights, thresholds, context factors) come from ScoringConfig.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "classifiers/lexicon.h"
#include "classifiers/matcher.h"
#include "classifiers/message.h"
#include "classifiers/normaliser.h"
#include "classifiers/status.h"

namespace vigil {

enum class Severity : uint8_t { kNone, kOffensive, kModeratelyDangerous, kExtremelyDangerous };
std::string_view SeverityName(Severity s);

struct ScoringConfig {
  // Severity thresholds on the 0-100 score.
  double offensive = 20, moderately_dangerous = 45, extremely_dangerous = 70;
  // How much each harm indicator can contribute (multiplies the entry weight), by Indicator index.
  double indicator_strength[kIndicatorCount] = {};
  // Context factors (multipliers on the score; applied only when there is harm evidence).
  double influence_followers_threshold = 100000, influence_followers_factor = 1.10;
  double verified_factor = 1.05;
  double influential_role_factor = 1.15;  // politician, religious_leader, military, government, media
  double reach_shares_threshold = 1000, reach_factor = 1.10;
  double region_elevated_factor = 1.07, region_high_factor = 1.15;
  double sensitive_period_factor = 1.10;
  struct Region {
    std::string code;
    std::string level;  // low | elevated | high
  };
  std::vector<Region> regions;
  struct Period {
    std::string name;
    std::vector<std::string> regions;  // empty: everywhere
    std::string from, to;              // YYYY-MM-DD inclusive
  };
  std::vector<Period> sensitive_periods;

  static ScoringConfig Defaults();
};

// Parses the `scoring:` section (YAML text of the section's mapping). Unknown keys are errors.
StatusOr<ScoringConfig> ParseScoringConfig(std::string_view yaml_text);

// One piece of evidence for an indicator.
struct Evidence {
  uint32_t match = 0;   // index into Verdict::matches
  double weight = 0;    // contribution after modifiers
};

struct IndicatorResult {
  Indicator indicator;
  double weight = 0;  // 0-1 combined
  std::vector<Evidence> evidence;
};

// The words that discounted a harm match: a cue of the lexicon (`entry` set: "not", "said", "In
// 1941", "is racist") or a word the scorer knows by itself (`entry` unset: the answer "No" to a
// question, German "nicht" after the verb).
struct DiscountCue {
  SourceSpan source;
  Indicator indicator = Indicator::kNegation;
  std::optional<uint32_t> entry;  // CompiledLexicon entry index
};

// Why a harm match did not count (shown by explain and in the alert's `discounted`).
struct Discount {
  uint32_t match = 0;
  std::string reason;  // negated | counter_speech | reported | quoted | reclaimed | harmless_context | no_target | watchlist
  std::optional<DiscountCue> cue;  // for negated, counter_speech and reported
};

// A word the analyser's second reading read as another (spelling.h): the original word is
// `source` of the message text.
struct SpellingCorrection {
  SourceSpan source;
  std::string read_as;  // canonical: "hate", or two words, "agli immigrati"
};

struct ContextFactor {
  std::string name;     // speaker_influence | verified | speaker_role | reach | region_risk | sensitive_period
  std::string detail;   // "politician", "KE: high", ...
  double factor = 1.0;  // multiplier applied
  double contribution = 0;  // points added to the score
};

// How the language a message was analysed as was settled (Analyzer).
enum class LanguageSource {
  kDeclared,  // the message's own `lang`
  kScript,    // no `lang`; its script names one language some lexicon covers
  kGuessed,   // no `lang`; guessed from the text (CLD2) as a language some lexicon covers
  kUnknown,   // no `lang` and none determined: matched against every lexicon
};
inline constexpr LanguageSource kLanguageSources[] = {LanguageSource::kDeclared, LanguageSource::kScript,
                                                      LanguageSource::kGuessed, LanguageSource::kUnknown};
const char* LanguageSourceName(LanguageSource source);  // "declared", "script", "guessed", "unknown"

struct Verdict {
  Severity severity = Severity::kNone;
  double score = 0;
  std::vector<Match> matches;        // every match that is evidence, a target, or discounted
  std::vector<IndicatorResult> indicators;
  std::vector<std::string> target_groups;
  std::vector<Discount> discounted;
  std::vector<ContextFactor> context;
  std::string explanation;
  std::vector<SpellingCorrection> corrections;  // words read with their spelling corrected (Analyzer)
  std::string detected_lang;  // the language a message without `lang` was analysed as (Analyzer), or ""
  LanguageSource language_source = LanguageSource::kDeclared;
  void Clear();
};

class Scorer {
 public:
  explicit Scorer(ScoringConfig config);
  // `matches` are the matcher's output for `text`; `original` is the message text they index.
  void Score(const Message& message, const NormalisedText& text, const std::vector<Match>& matches,
             const CompiledLexicon& lexicon, Verdict* out) const;
  const ScoringConfig& config() const { return config_; }

 private:
  ScoringConfig config_;
};

}  // namespace vigil
