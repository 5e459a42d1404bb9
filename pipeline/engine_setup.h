// engine_setup.h: what every offline command needs: config, compiled lexicon, scorer.
#pragma once

#include <CLI/CLI.hpp>
#include <memory>
#include <string>
#include <vector>

#include "classifiers/matcher.h"
#include "classifiers/scorer.h"
#include "pipeline/config.h"

namespace vigil {

struct Engine {
  Config config;
  std::shared_ptr<const CompiledLexicon> lexicon;
  std::unique_ptr<Scorer> scorer;
};

// Loads `config_path` (may be empty), overrides lexicon paths with `lexicon_paths` when non-empty,
// and compiles the lexicons. Errors name the file and entry.
StatusOr<Engine> BuildEngine(const std::string& config_path, const std::vector<std::string>& lexicon_paths);

// Registers the options every offline command shares: --lexicons/-l (repeatable; default: the
// bundled lexicons or the config's) and --config/-c.
void AddEngineOptions(CLI::App* cmd, std::vector<std::string>* lexicon_paths, std::string* config_path);

// Current UTC time, RFC 3339 with milliseconds.
std::string NowRfc3339();

}  // namespace vigil
