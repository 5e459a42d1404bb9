// lexicon.h: the lexicon model and its parser (YAML text in, entries out; no file access here).
//
//   std::vector<LexiconError> errors;
//   std::vector<Entry> entries;
//   ParseLexiconYaml("lexicons/en/hallmarks.yaml", yaml_text, &entries, &errors);
//   ValidateEntries(entries, &errors);        // cross-file checks: duplicate ids
//   for (auto& e : errors) std::cerr << e.ToString() << "\n";
//
// Every problem is reported (file, line, entry id, what is wrong); one bad entry never hides another
// and never stops the good entries of the same file from loading. The format is documented in
// docs/lexicon-authoring.md and lexicons/schema.json.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vigil {

enum class Indicator : uint8_t {
  // Harm indicators.
  kDehumanisation,
  kAccusationInMirror,
  kThreatToPurity,
  kAttackOnWomen,
  kQuestioningLoyalty,
  kCodedLanguage,
  kCallToViolence,
  kSlur,
  kContempt,
  // Target.
  kIdentityTerm,
  // Context cues.
  kNegation,
  kCounterSpeech,
  kReporting,
  kGroupReference,
  kInGroup,
  kExhortation,
  kContrast,  // "but", "aber", "mais": a contrastive conjunction opens a new clause
  kCondition,  // "if", "wenn", "si": a negation after it belongs to the condition, not the main clause
  kSelfReference,  // "I am", "as a", "я", "ነኝ": the speaker names themself, e.g. by a reclaimed slur
  kIntention,  // "they are planning to", "мечтают", "chcą": a third party's plan, so a violent verb after it is theirs
  kEndorsement,  // "and he was right", "ha ragione", "so true": the speaker agrees with what is reported or quoted
  kNonGroup,  // "Arsenal", "the referee", "Bayern": a named referent that is no protected group; "them" may mean it
  kHistorical,  // "in 1941", "during the Holocaust", "im Nationalsozialismus": the sentence narrates a past event
};
inline constexpr int kIndicatorCount = 23;

std::string_view IndicatorName(Indicator i);
std::optional<Indicator> ParseIndicator(std::string_view name);
bool IsHarmIndicator(Indicator i);
bool IsCueIndicator(Indicator i);

enum class EntryStatus : uint8_t { kActive, kWatchlist, kDeprecated };
std::string_view EntryStatusName(EntryStatus s);

enum class MatchMode : uint8_t { kExact, kPrefix };

// The severity tier an entry's evidence sets, where it differs from its indicator's (Scorer): a call
// whose act is removal rather than bodily harm ("deport them", "X out!") and a demand to deny a group
// rights or keep it out ("X should not be allowed to vote") are moderately dangerous. kDefault: the
// indicator's tier.
enum class EntryTier : uint8_t { kDefault, kOffensive, kModeratelyDangerous, kExtremelyDangerous };
std::string_view EntryTierName(EntryTier t);  // "" for kDefault
std::optional<EntryTier> ParseEntryTier(std::string_view name);

struct Entry {
  std::string id;
  std::string lang;
  Indicator indicator = Indicator::kContempt;
  std::vector<std::string> terms;  // as written by the curator
  std::string pattern;             // RE2 over canonical text; empty when terms are used
  MatchMode match = MatchMode::kExact;
  double weight = 0.5;
  std::string target;              // target group slug
  std::string target_category;
  std::string note;
  std::vector<std::string> sources;
  EntryStatus status = EntryStatus::kActive;
  std::vector<std::string> exclusions;
  int near_target = 0;             // 0: no co-occurrence requirement
  std::string homonym_of;
  // Word stems that mark the harmless sense when one starts a token near the match, in the same
  // sentence ("finocchio" near "insalata", "inyenzi" near "igikoni"), or with a closing $ whole words
  // (ContextWord). Written by the curator; CompiledLexicon::Create() replaces them with their
  // canonical (normalised) forms, the $ kept.
  std::vector<std::string> harmless_context;
  bool reclaimed = false;
  // On a coded_language entry: the plain harm the code stands for ("cut down the tall trees":
  // call_to_violence; "14 words": threat_to_purity). The scorer weighs the code as that harm: one
  // standing for a call to violence makes the message extremely dangerous, as a call does; one
  // without it is a hallmark (moderately dangerous at most). identity_term:
  // an allusion to a group the speaker leaves unnamed ("you know who I mean"), which the scorer
  // takes as the target of harm in its sentence or the one before that names none.
  std::optional<Indicator> stands_for;
  // On a harm entry: the tier its evidence sets, when not its indicator's (EntryTier).
  EntryTier tier = EntryTier::kDefault;
  // On a questioning_loyalty entry whose terms name the speaker's own group ("not worthy of being
  // called a Hindu", "no true Serb would"): the group named inside the phrase is the in-group whose
  // membership is at stake, never the target, even when the message names no other group.
  bool names_in_group = false;
  // On a threat_to_purity entry with a target: its terms name a theory or a label that news, history
  // and debate mention as such ("the Great Replacement", "race mixing", "infiltrators"), so its
  // stated target counts only where its sentence asserts it (an in-group speaking, a call to act,
  // other harm, a slogan). Any other purity entry's stated target counts like any harm entry's.
  bool names_concept = false;
  // Harm terms also match spelled one edit away ("depsise", "Disrpezzo"): the file's `fuzzy`, or
  // the entry's own. Identity terms always do (CompiledLexicon::Options).
  bool fuzzy = false;
  // Provenance, for error messages and alerts.
  std::string file;
  int line = 0;
};

struct LexiconError {
  std::string file;
  int line = 0;
  std::string entry_id;
  std::string message;
  std::string ToString() const;  // "file:line: entry 'id': message"
};

// Parses one lexicon file. Good entries are appended to `entries` even when others fail.
// `file_name` is used in errors and provenance only.
void ParseLexiconYaml(std::string_view file_name, std::string_view yaml_text, std::vector<Entry>* entries,
                      std::vector<LexiconError>* errors);

// Checks across entries: duplicate ids, and per-entry rules not tied to one file.
void ValidateEntries(const std::vector<Entry>& entries, std::vector<LexiconError>* errors);

// The fields an entry may have, as documented in docs/lexicon-authoring.md and lexicons/schema.json.
const std::vector<std::string_view>& KnownEntryFields();

// A harmless_context item: a stem that begins a token, or, written with a closing $, a whole word
// ("final$" marks a cup final, not "finally").
struct ContextWord {
  std::string_view word;
  bool whole = false;
};
inline ContextWord SplitContextWord(std::string_view item) {
  const bool whole = !item.empty() && item.back() == '$';
  return {whole ? item.substr(0, item.size() - 1) : item, whole};
}

// Known language codes (ISO 639-1, or 639-3 where there is no 639-1 code).
bool IsKnownLanguage(std::string_view code);
bool IsKnownTargetCategory(std::string_view category);

}  // namespace vigil
