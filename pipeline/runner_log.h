// runner_log.h: structured logs for the long-running commands (`vigil run`, `vigil broker`): one
// JSON object per line on stderr, with a timestamp, level and event name.
//
//   RunLog log(RunLog::Level::kInfo);
//   log.Info("partitions_assigned", {{"partitions", "vigil.input[0], vigil.input[1]"}, {"count", 2}});
//   // {"ts":"2026-11-30T10:00:00.123Z","level":"info","event":"partitions_assigned","partitions":...}
//
// Never pass secret values (see IsSecretProperty). Thread-safe: a line is written with one call.
#pragma once

#include <cstdint>
#include <cstdio>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

#include "classifiers/status.h"

namespace vigil {

class RunLog {
 public:
  enum class Level { kDebug = 0, kInfo = 1, kWarn = 2, kError = 3 };
  using Value = std::variant<std::string_view, int64_t, double, bool>;
  using Fields = std::initializer_list<std::pair<std::string_view, Value>>;

  explicit RunLog(Level min_level, std::FILE* out = stderr) : min_(min_level), out_(out) {}
  // "debug" | "info" | "warn" | "error".
  static StatusOr<Level> ParseLevel(std::string_view name);

  bool enabled(Level level) const { return level >= min_; }
  void Log(Level level, std::string_view event, Fields fields = {});
  void Debug(std::string_view event, Fields fields = {}) { Log(Level::kDebug, event, fields); }
  void Info(std::string_view event, Fields fields = {}) { Log(Level::kInfo, event, fields); }
  void Warn(std::string_view event, Fields fields = {}) { Log(Level::kWarn, event, fields); }
  void Error(std::string_view event, Fields fields = {}) { Log(Level::kError, event, fields); }

 private:
  Level min_;
  std::FILE* out_;
};

}  // namespace vigil
