// alert.h: the alert / verdict JSON (docs/schemas/alert.schema.json), built from a Verdict.
//
//   std::string line = RenderAlert(message, verdict, *lexicon, {.processed_at = clock.NowRfc3339()});
//
// `alert_id` is deterministic (a hash of the message id, or of the text when there is no id), so a
// message processed twice (at-least-once redelivery) yields the same alert_id and downstream can
// de-duplicate. Author ids are pseudonymised with a keyed hash unless `pseudonymise` is off.
// Byte offsets (`start`, `end`) index the original UTF-8 `text` of the message.
#pragma once

#include <string>

#include "classifiers/matcher.h"
#include "classifiers/message.h"
#include "classifiers/scorer.h"

namespace vigil {

inline constexpr int kAlertSchemaVersion = 1;

struct AlertOptions {
  std::string processed_at;       // RFC 3339, from the caller's clock
  bool pseudonymise = true;       // replace author id (and drop handle) by a keyed hash
  std::string pseudonym_key = "vigil";
};

// The message id used in alerts: the input id, or "sha:<hash of text>" when absent.
std::string EffectiveMessageId(const Message& message);
std::string AlertId(const Message& message);
std::string Pseudonymise(std::string_view id, std::string_view key);

// One JSON object on one line (no trailing newline).
std::string RenderAlert(const Message& message, const Verdict& verdict, const CompiledLexicon& lexicon,
                        const AlertOptions& options);

}  // namespace vigil
