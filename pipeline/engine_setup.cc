#include "pipeline/engine_setup.h"

#include <chrono>
#include <cstdio>
#include <ctime>
#include <map>
#include <mutex>

#include "pipeline/hunspell_words.h"
#include "pipeline/lexicon_loader.h"

namespace vigil {

StatusOr<Engine> BuildEngine(const EngineFlags& flags) {
  auto cfg = LoadConfig(flags.config, ProcessEnvironment());
  if (!cfg.ok()) return cfg.status();
  Engine e;
  e.config = std::move(*cfg);
  if (!flags.lexicons.empty()) e.config.lexicons.paths = flags.lexicons;
  if (flags.no_guess_language) e.config.pipeline.guess_language = false;
  auto normaliser = Normaliser::Create({});
  if (!normaliser.ok()) return normaliser.status();
  auto lex = CompileLexicon(e.config.lexicons.paths, normaliser->get(), {});
  if (!lex.ok()) return lex.status();
  e.lexicon = std::move(*lex);
  e.scorer = std::make_unique<Scorer>(e.config.scoring);
  return e;
}

std::string NowRfc3339() {
  auto now = std::chrono::system_clock::now();
  auto secs = std::chrono::system_clock::to_time_t(now);
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[64];  // roomy enough for any int fields (silences -Wformat-truncation)
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms));
  return buf;
}

StatusOr<std::unique_ptr<Analyzer>> NewAnalyzer(const Config& config) {
  Analyzer::Options options;
  options.guess_language = config.pipeline.guess_language;
  // One set of dictionaries per process, shared by every worker's analyser (loaded on first use).
  static std::mutex mu;
  static std::map<std::string, std::shared_ptr<const HunspellWords>> opened;
  {
    std::lock_guard<std::mutex> lock(mu);
    const std::string& dir = config.pipeline.spelling_dictionaries;
    auto it = opened.find(dir);
    if (it == opened.end()) it = opened.emplace(dir, HunspellWords::Open(dir)).first;
    options.words = it->second;
  }
  return Analyzer::Create(options);
}

void AddEngineOptions(CLI::App* cmd, EngineFlags* flags) {
  cmd->add_option("--lexicons,-l", flags->lexicons,
                  "Lexicon file or directory (repeatable; default: the config's, else the bundled lexicons)")
      ->allow_extra_args(false);
  cmd->add_option("--config,-c", flags->config, "Config file (lexicon paths, scoring thresholds, regions, periods)");
  cmd->add_flag("--no-guess-language", flags->no_guess_language,
                "Match messages without `lang` against every lexicon instead of guessing their language");
}

}  // namespace vigil
