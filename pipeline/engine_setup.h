// engine_setup.h: what every offline command needs: config, compiled lexicon, scorer.
#pragma once

#include <CLI/CLI.hpp>
#include <memory>
#include <string>
#include <vector>

#include "classifiers/analyzer.h"
#include "classifiers/matcher.h"
#include "classifiers/scorer.h"
#include "pipeline/config.h"

namespace vigil {

struct Engine {
  Config config;
  std::shared_ptr<const CompiledLexicon> lexicon;
  std::unique_ptr<Scorer> scorer;
};

// The command-line options every offline command shares.
struct EngineFlags {
  std::vector<std::string> lexicons;  // --lexicons/-l (repeatable; default: the config's, else the bundled)
  std::string config;                 // --config/-c
  bool no_guess_language = false;     // --no-guess-language (pipeline.guess_language = false)
};

// Loads the config file (may be empty), applies the flags over it, and compiles the lexicons.
// Errors name the file and entry.
StatusOr<Engine> BuildEngine(const EngineFlags& flags);

// Registers EngineFlags on `cmd`.
void AddEngineOptions(CLI::App* cmd, EngineFlags* flags);

// An analyzer configured as the config says (one per thread): the one place that turns the
// config's pipeline settings into Analyzer::Options, for the offline commands and the runner.
StatusOr<std::unique_ptr<Analyzer>> NewAnalyzer(const Config& config);
inline StatusOr<std::unique_ptr<Analyzer>> NewAnalyzer(const Engine& engine) { return NewAnalyzer(engine.config); }

// Current UTC time, RFC 3339 with milliseconds.
std::string NowRfc3339();

}  // namespace vigil
