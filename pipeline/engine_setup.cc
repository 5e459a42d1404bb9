#include "pipeline/engine_setup.h"

#include <chrono>
#include <cstdio>
#include <ctime>

#include "pipeline/lexicon_loader.h"

namespace vigil {

StatusOr<Engine> BuildEngine(const std::string& config_path, const std::vector<std::string>& lexicon_paths) {
  auto cfg = LoadConfig(config_path, ProcessEnvironment());
  if (!cfg.ok()) return cfg.status();
  Engine e;
  e.config = std::move(*cfg);
  if (!lexicon_paths.empty()) e.config.lexicons.paths = lexicon_paths;
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

void AddEngineOptions(CLI::App* cmd, std::vector<std::string>* lexicon_paths, std::string* config_path) {
  cmd->add_option("--lexicons,-l", *lexicon_paths,
                  "Lexicon file or directory (repeatable; default: the config's, else the bundled lexicons)")
      ->allow_extra_args(false);
  cmd->add_option("--config,-c", *config_path, "Config file (lexicon paths, scoring thresholds, regions, periods)");
}

}  // namespace vigil
