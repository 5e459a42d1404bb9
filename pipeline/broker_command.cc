// `vigil broker`: a standalone Kafka-protocol broker (librdkafka's mock cluster) for local
// development and tests. Prints its bootstrap address on stdout and runs until SIGTERM/SIGINT.
// In memory only, newest ~5 MB per partition (see embedded_broker.h): not for production.
//
//   vigil broker --topics vigil.input,vigil.alerts --partitions 4 --port-file /tmp/vigil.bootstrap
//   kcat -b "$(cat /tmp/vigil.bootstrap)" -t vigil.input -P <feed.jsonl
#include <signal.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <iostream>

#include "pipeline/commands.h"
#include "pipeline/embedded_broker.h"
#include "pipeline/runner_log.h"

namespace vigil {
namespace {

struct BrokerOptions {
  int brokers = 1;
  int partitions = 4;
  std::vector<std::string> topics;
  std::string port_file;
  std::string log_level = "info";
};

// Writes atomically (temp file + rename) so a reader polling for the file never sees half of it.
Status WriteFileAtomically(const std::string& path, const std::string& text) {
  const std::string tmp = path + ".tmp." + std::to_string(::getpid());
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << text;
    if (!out) return Unavailable("cannot write " + tmp);
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) return Unavailable("cannot rename " + tmp + " to " + path);
  return Status::Ok();
}

int RunBroker(const BrokerOptions& o) {
  auto level = RunLog::ParseLevel(o.log_level);
  if (!level.ok()) {
    std::cerr << "vigil broker: " << level.status().message() << "\n";
    return 2;
  }
  RunLog log(*level);
  // Block the stop signals before librdkafka starts its threads, so only sigwait() below sees them.
  sigset_t stop;
  sigemptyset(&stop);
  sigaddset(&stop, SIGTERM);
  sigaddset(&stop, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop, nullptr);

  EmbeddedBroker::Options opts;
  opts.brokers = o.brokers;
  opts.partitions = o.partitions;
  opts.replication_factor = o.brokers;
  opts.topics = o.topics;
  auto broker = EmbeddedBroker::Create(opts);
  if (!broker.ok()) {
    log.Error("broker_start_failed", {{"error", broker.status().message()}});
    return 1;
  }
  const std::string& bootstrap = (*broker)->bootstrap_servers();
  std::printf("%s\n", bootstrap.c_str());
  std::fflush(stdout);
  if (!o.port_file.empty()) {
    if (Status s = WriteFileAtomically(o.port_file, bootstrap + "\n"); !s.ok()) {
      log.Error("port_file_failed", {{"error", s.message()}});
      return 1;
    }
  }
  std::string topics;
  for (const auto& t : o.topics) topics += (topics.empty() ? "" : ",") + t;
  log.Info("broker_started", {{"bootstrap_servers", bootstrap},
                              {"brokers", static_cast<int64_t>(o.brokers)},
                              {"partitions", static_cast<int64_t>(o.partitions)},
                              {"topics", topics}});
  int sig = 0;
  sigwait(&stop, &sig);
  log.Info("broker_stopping", {{"signal", static_cast<int64_t>(sig)}});
  broker->reset();
  if (!o.port_file.empty()) std::remove(o.port_file.c_str());
  return 0;
}

}  // namespace

void AddBrokerCommand(CLI::App& app, int* exit_code) {
  auto o = std::make_shared<BrokerOptions>();
  auto* cmd = app.add_subcommand(
      "broker", "Run a standalone Kafka-protocol broker (in-memory, for development and tests) until SIGTERM.\n"
      "Keeps only the newest ~5 MB of each partition: use more --partitions for big backlogs.");
  cmd->add_option("--brokers", o->brokers, "Number of brokers in the cluster (default 1)")->check(CLI::Range(1, 16));
  cmd->add_option("--topics", o->topics, "Topics to create up front (comma-separated)")->delimiter(',');
  cmd->add_option("--partitions", o->partitions, "Partitions per created topic (default 4)")->check(CLI::Range(1, 1024));
  cmd->add_option("--port-file", o->port_file, "Also write the bootstrap address to this file (removed on exit)");
  cmd->add_option("--log-level", o->log_level, "debug | info | warn | error (default info)");
  cmd->callback([o, exit_code] { *exit_code = RunBroker(*o); });
}

}  // namespace vigil
