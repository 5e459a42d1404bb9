#include "pipeline/runner_log.h"

#include <nlohmann/json.hpp>

#include "pipeline/engine_setup.h"

namespace vigil {

StatusOr<RunLog::Level> RunLog::ParseLevel(std::string_view name) {
  if (name == "debug") return Level::kDebug;
  if (name == "info") return Level::kInfo;
  if (name == "warn") return Level::kWarn;
  if (name == "error") return Level::kError;
  return InvalidArgument("log level must be debug, info, warn or error, not '" + std::string(name) + "'");
}

void RunLog::Log(Level level, std::string_view event, Fields fields) {
  if (!enabled(level)) return;
  static constexpr const char* kNames[] = {"debug", "info", "warn", "error"};
  nlohmann::ordered_json j;
  j["ts"] = NowRfc3339();
  j["level"] = kNames[static_cast<int>(level)];
  j["event"] = event;
  for (const auto& [key, value] : fields) {
    std::visit([&](const auto& v) { j[std::string(key)] = v; }, value);
  }
  // Invalid UTF-8 (e.g. from a broker error text) is replaced rather than throwing.
  std::string line = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  line.push_back('\n');
  std::fwrite(line.data(), 1, line.size(), out_);  // one write per line: lines do not interleave
  std::fflush(out_);
}

}  // namespace vigil
