#include "pipeline/config.h"

#include <yaml-cpp/yaml.h>

#include <sstream>

#include "pipeline/lexicon_loader.h"

extern char** environ;

namespace vigil {
namespace {

std::vector<std::string> SplitList(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::stringstream ss(s);
  std::string item;
  while (std::getline(ss, item, sep)) {
    if (!item.empty()) out.push_back(item);
  }
  return out;
}

template <typename F>
Status Section(const YAML::Node& root, const char* name, F&& f) {
  const YAML::Node node = root[name];
  if (!node.IsDefined() || node.IsNull()) return Status::Ok();
  if (!node.IsMap()) return InvalidArgument(std::string(name) + ": must be a mapping");
  for (const auto& kv : node) {
    const std::string key = kv.first.as<std::string>();
    Status s = f(key, kv.second);
    if (!s.ok()) return s;
  }
  return Status::Ok();
}

Status Unknown(const char* section, const std::string& key) {
  return InvalidArgument(std::string(section) + ": unknown key '" + key + "'");
}

std::vector<std::string> AsList(const YAML::Node& v) {
  if (v.IsScalar()) return SplitList(v.as<std::string>(), ',');
  return v.as<std::vector<std::string>>();
}

}  // namespace

bool IsSecretProperty(std::string_view name) {
  for (std::string_view needle : {"password", "secret", "key", "token", "jaas"}) {
    if (name.find(needle) != std::string_view::npos && name != "ssl.key.location" &&
        name != "ssl.keystore.location") {
      return true;
    }
  }
  return false;
}

std::map<std::string, std::string> ProcessEnvironment() {
  std::map<std::string, std::string> env;
  for (char** e = environ; e && *e; ++e) {
    std::string kv(*e);
    auto eq = kv.find('=');
    if (eq != std::string::npos) env[kv.substr(0, eq)] = kv.substr(eq + 1);
  }
  return env;
}

StatusOr<Config> ParseConfig(std::string_view yaml_text, const std::map<std::string, std::string>& env) {
  Config c;
  YAML::Node root;
  try {
    root = YAML::Load(std::string(yaml_text));
  } catch (const YAML::Exception& e) {
    return InvalidArgument("config: YAML syntax error at line " + std::to_string(e.mark.line + 1) + ": " + e.msg);
  }
  if (!root.IsNull() && !root.IsMap()) return InvalidArgument("config: top level must be a mapping");
  try {
    if (root.IsMap()) {
      for (const auto& kv : root) {
        const std::string k = kv.first.as<std::string>();
        static const char* kSections[] = {"kafka", "pipeline", "lexicons", "scoring", "metrics", "log", "embedded", "alerts"};
        if (std::none_of(std::begin(kSections), std::end(kSections), [&](const char* s) { return k == s; })) {
          return InvalidArgument("config: unknown section '" + k + "'");
        }
      }
      Status s = Section(root, "kafka", [&](const std::string& k, const YAML::Node& v) -> Status {
        if (k == "brokers") c.kafka.brokers = v.IsNull() ? "" : v.as<std::string>();
        else if (k == "group_id") c.kafka.group_id = v.as<std::string>();
        else if (k == "input_topics") c.kafka.input_topics = AsList(v);
        else if (k == "alert_topic") c.kafka.alert_topic = v.as<std::string>();
        else if (k == "dead_letter_topic") c.kafka.dead_letter_topic = v.as<std::string>();
        else if (k == "verdict_topic") c.kafka.verdict_topic = v.IsNull() ? "" : v.as<std::string>();
        else if (k == "processing_guarantee") c.kafka.processing_guarantee = v.as<std::string>();
        else if (k == "properties") {
          if (!v.IsNull()) {
            for (const auto& p : v) c.kafka.properties[p.first.as<std::string>()] = p.second.as<std::string>();
          }
        } else return Unknown("kafka", k);
        return Status::Ok();
      });
      if (!s.ok()) return s;
      s = Section(root, "pipeline", [&](const std::string& k, const YAML::Node& v) -> Status {
        if (k == "workers") c.pipeline.workers = v.as<int>();
        else if (k == "max_in_flight") c.pipeline.max_in_flight = v.as<int>();
        else if (k == "max_message_bytes") c.pipeline.max_message_bytes = v.as<size_t>();
        else if (k == "shutdown_deadline_seconds") c.pipeline.shutdown_deadline_seconds = v.as<int>();
        else if (k == "guess_language") c.pipeline.guess_language = v.as<bool>();
        else if (k == "spelling_dictionaries") c.pipeline.spelling_dictionaries = v.IsNull() ? "" : v.as<std::string>();
        else return Unknown("pipeline", k);
        return Status::Ok();
      });
      if (!s.ok()) return s;
      s = Section(root, "lexicons", [&](const std::string& k, const YAML::Node& v) -> Status {
        if (k == "paths") c.lexicons.paths = AsList(v);
        else if (k == "watch") c.lexicons.watch = v.as<bool>();
        else if (k == "watch_interval_seconds") c.lexicons.watch_interval_seconds = v.as<int>();
        else return Unknown("lexicons", k);
        return Status::Ok();
      });
      if (!s.ok()) return s;
      if (root["scoring"].IsDefined() && !root["scoring"].IsNull()) {
        YAML::Emitter em;
        em << root["scoring"];
        auto sc = ParseScoringConfig(em.c_str());
        if (!sc.ok()) return sc.status();
        c.scoring = *sc;
      }
      s = Section(root, "metrics", [&](const std::string& k, const YAML::Node& v) -> Status {
        if (k == "listen") c.metrics.listen = v.IsNull() ? "" : v.as<std::string>();
        else return Unknown("metrics", k);
        return Status::Ok();
      });
      if (!s.ok()) return s;
      s = Section(root, "log", [&](const std::string& k, const YAML::Node& v) -> Status {
        if (k == "level") c.log.level = v.as<std::string>();
        else return Unknown("log", k);
        return Status::Ok();
      });
      if (!s.ok()) return s;
      s = Section(root, "embedded", [&](const std::string& k, const YAML::Node& v) -> Status {
        if (k == "sample_feed") c.embedded.sample_feed = v.as<std::string>();
        else if (k == "brokers") c.embedded.brokers = v.as<int>();
        else if (k == "partitions") c.embedded.partitions = v.as<int>();
        else return Unknown("embedded", k);
        return Status::Ok();
      });
      if (!s.ok()) return s;
      s = Section(root, "alerts", [&](const std::string& k, const YAML::Node& v) -> Status {
        if (k == "pseudonymise_authors") c.alerts.pseudonymise_authors = v.as<bool>();
        else if (k == "pseudonym_key") c.alerts.pseudonym_key = v.as<std::string>();
        else return Unknown("alerts", k);
        return Status::Ok();
      });
      if (!s.ok()) return s;
    }
  } catch (const YAML::Exception& e) {
    return InvalidArgument("config: bad value near line " + std::to_string(e.mark.line + 1) + ": " + e.msg);
  }

  // Environment overrides.
  auto get = [&](const char* name) -> const std::string* {
    auto it = env.find(name);
    return it == env.end() ? nullptr : &it->second;
  };
  try {
    if (auto* v = get("VIGIL_KAFKA_BROKERS")) c.kafka.brokers = *v;
    if (auto* v = get("VIGIL_KAFKA_GROUP_ID")) c.kafka.group_id = *v;
    if (auto* v = get("VIGIL_KAFKA_INPUT_TOPICS")) c.kafka.input_topics = SplitList(*v, ',');
    if (auto* v = get("VIGIL_KAFKA_ALERT_TOPIC")) c.kafka.alert_topic = *v;
    if (auto* v = get("VIGIL_KAFKA_DEAD_LETTER_TOPIC")) c.kafka.dead_letter_topic = *v;
    if (auto* v = get("VIGIL_KAFKA_VERDICT_TOPIC")) c.kafka.verdict_topic = *v;
    if (auto* v = get("VIGIL_KAFKA_PROCESSING_GUARANTEE")) c.kafka.processing_guarantee = *v;
    if (auto* v = get("VIGIL_PIPELINE_WORKERS")) c.pipeline.workers = std::stoi(*v);
    if (auto* v = get("VIGIL_PIPELINE_MAX_IN_FLIGHT")) c.pipeline.max_in_flight = std::stoi(*v);
    if (auto* v = get("VIGIL_PIPELINE_SHUTDOWN_DEADLINE_SECONDS")) c.pipeline.shutdown_deadline_seconds = std::stoi(*v);
    if (auto* v = get("VIGIL_PIPELINE_GUESS_LANGUAGE")) {
      if (*v == "true" || *v == "1") c.pipeline.guess_language = true;
      else if (*v == "false" || *v == "0") c.pipeline.guess_language = false;
      else return InvalidArgument("VIGIL_PIPELINE_GUESS_LANGUAGE: must be true or false");
    }
    if (auto* v = get("VIGIL_PIPELINE_SPELLING_DICTIONARIES")) c.pipeline.spelling_dictionaries = *v;
    if (auto* v = get("VIGIL_LEXICONS_PATHS")) c.lexicons.paths = SplitList(*v, ':');
    if (auto* v = get("VIGIL_METRICS_LISTEN")) c.metrics.listen = *v;
    if (auto* v = get("VIGIL_LOG_LEVEL")) c.log.level = *v;
    // VIGIL_KAFKA_PROPERTY_<NAME_WITH_UNDERSCORES>=value -> kafka.properties["name.with.dots"]
    for (const auto& [k, v] : env) {
      static const std::string kPrefix = "VIGIL_KAFKA_PROPERTY_";
      if (k.rfind(kPrefix, 0) != 0) continue;
      std::string name = k.substr(kPrefix.size());
      for (char& ch : name) ch = ch == '_' ? '.' : static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      c.kafka.properties[name] = v;
    }
  } catch (const std::exception&) {
    return InvalidArgument("config: a numeric VIGIL_* environment variable is not a number");
  }

  // Validation, once.
  if (c.kafka.input_topics.empty()) return InvalidArgument("kafka.input_topics: at least one topic is needed");
  if (c.kafka.alert_topic.empty()) return InvalidArgument("kafka.alert_topic: must not be empty");
  if (c.kafka.dead_letter_topic.empty()) return InvalidArgument("kafka.dead_letter_topic: must not be empty");
  if (c.kafka.processing_guarantee != "at_least_once" && c.kafka.processing_guarantee != "exactly_once") {
    return InvalidArgument("kafka.processing_guarantee: must be at_least_once or exactly_once");
  }
  if (c.pipeline.workers < 1 || c.pipeline.workers > 256) return InvalidArgument("pipeline.workers: must be 1-256");
  if (c.pipeline.max_in_flight < 1) return InvalidArgument("pipeline.max_in_flight: must be positive");
  if (c.pipeline.max_message_bytes < 16) return InvalidArgument("pipeline.max_message_bytes: too small");
  if (c.pipeline.shutdown_deadline_seconds < 1) return InvalidArgument("pipeline.shutdown_deadline_seconds: must be >= 1");
  if (c.log.level != "debug" && c.log.level != "info" && c.log.level != "warn" && c.log.level != "error") {
    return InvalidArgument("log.level: must be debug, info, warn or error");
  }
  if (c.lexicons.paths.empty()) c.lexicons.paths = DefaultLexiconPaths();
  return c;
}

StatusOr<Config> LoadConfig(const std::string& path, const std::map<std::string, std::string>& env) {
  if (path.empty()) return ParseConfig("", env);
  auto text = ReadFile(path);
  if (!text.ok()) return text.status();
  auto c = ParseConfig(*text, env);
  if (!c.ok()) return Status(c.status().code(), path + ": " + c.status().message());
  return c;
}

}  // namespace vigil
