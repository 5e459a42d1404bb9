// config.h: Vigil's configuration file (deploy/config/vigil.example.yaml documents every key).
//
//   auto cfg = LoadConfig("/etc/vigil/vigil.yaml", environ_map);   // file, then VIGIL_* overrides
//   if (!cfg.ok()) { std::cerr << cfg.status().ToString(); return 2; }
//
// Options are plain structs with their defaults written here; they are validated once, at load.
// Environment variables VIGIL_<SECTION>_<KEY> (e.g. VIGIL_KAFKA_BROKERS, VIGIL_METRICS_LISTEN,
// VIGIL_LEXICONS_PATHS as a colon-separated list) override the file.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "classifiers/scorer.h"
#include "classifiers/status.h"

namespace vigil {

struct KafkaConfig {
  std::string brokers;  // empty: start the embedded broker (dev/demo)
  std::string group_id = "vigil";
  std::vector<std::string> input_topics = {"vigil.input"};
  std::string alert_topic = "vigil.alerts";
  std::string dead_letter_topic = "vigil.dead-letters";
  std::string verdict_topic;  // optional: every verdict
  std::string processing_guarantee = "at_least_once";  // or exactly_once
  std::map<std::string, std::string> properties;        // librdkafka passthrough
};

struct PipelineConfig {
  int workers = 2;
  int max_in_flight = 10000;
  size_t max_message_bytes = 1 << 20;
  int shutdown_deadline_seconds = 30;
  bool guess_language = true;  // messages without `lang`: guess it (classifiers/language_guess.h)
  // Hunspell dictionaries for the second reading with misspellings corrected (classifiers/spelling.h);
  // "" turns it off.
  std::string spelling_dictionaries = "/usr/share/hunspell";
};

struct LexiconsConfig {
  std::vector<std::string> paths;  // empty: DefaultLexiconPaths()
  bool watch = true;
  int watch_interval_seconds = 5;
};

struct MetricsConfig {
  std::string listen = "127.0.0.1:9464";  // empty: no HTTP endpoint
};

struct LogConfig {
  std::string level = "info";  // debug | info | warn | error
};

struct EmbeddedConfig {
  std::string sample_feed;  // replayed into the input topic when the embedded broker is used
  int brokers = 1;
  int partitions = 4;
};

struct AlertConfig {
  bool pseudonymise_authors = true;
  std::string pseudonym_key = "vigil";
};

struct Config {
  KafkaConfig kafka;
  PipelineConfig pipeline;
  LexiconsConfig lexicons;
  ScoringConfig scoring = ScoringConfig::Defaults();
  MetricsConfig metrics;
  LogConfig log;
  EmbeddedConfig embedded;
  AlertConfig alerts;
};

// Parses YAML text (empty text gives the defaults). `env` holds environment variables.
StatusOr<Config> ParseConfig(std::string_view yaml_text, const std::map<std::string, std::string>& env);
// Reads `path` (empty: defaults) and parses it.
StatusOr<Config> LoadConfig(const std::string& path, const std::map<std::string, std::string>& env);
// The process environment as a map.
std::map<std::string, std::string> ProcessEnvironment();

// Property names whose values must never be logged (passwords, keys, tokens).
bool IsSecretProperty(std::string_view name);

}  // namespace vigil
