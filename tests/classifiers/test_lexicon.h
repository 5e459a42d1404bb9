// Test helpers: compile a lexicon from inline YAML, analyse a sentence.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "classifiers/analyzer.h"
#include "classifiers/lexicon.h"
#include "classifiers/matcher.h"

namespace vigil::testing {

inline std::shared_ptr<const CompiledLexicon> CompileYaml(const std::string& yaml,
                                                          const CompiledLexicon::Options& options = {}) {
  std::vector<Entry> entries;
  std::vector<LexiconError> errors;
  ParseLexiconYaml("inline.yaml", yaml, &entries, &errors);
  for (const auto& e : errors) ADD_FAILURE() << e.ToString();
  auto n = Normaliser::Create({});
  EXPECT_TRUE(n.ok());
  auto lex = CompiledLexicon::Create(std::move(entries), n->get(), options);
  EXPECT_TRUE(lex.ok()) << lex.status().ToString();
  return lex.ok() ? *lex : nullptr;
}

// One entry in YAML, with the boilerplate fields filled in.
inline std::string E(const std::string& id, const std::string& indicator, const std::string& terms,
                     const std::string& extra = "") {
  return "  - id: " + id + "\n    indicator: " + indicator + "\n    terms: " + terms +
         "\n    note: test entry\n    sources: [test]\n" + extra;
}

// The English identity term "muslims" (target muslims), which many scorer tests need.
inline std::string MuslimsEntry() {
  return E("id.muslims", "identity_term", "[muslims]", "    target: muslims\n    target_category: religion\n");
}

// The English identity term "migrant(s)" (target immigrants).
inline std::string MigrantsEntry() {
  return E("id.migrants", "identity_term", "[migrant, migrants]", "    target: immigrants\n    target_category: migration\n");
}

}  // namespace vigil::testing
