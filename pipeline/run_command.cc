// `vigil run`: the streaming job (see runner.h). Flags override VIGIL_* environment variables,
// which override the config file.
//
//   vigil run --config /etc/vigil/vigil.yaml          # production: kafka.brokers set
//   vigil run                                         # no brokers: embedded broker + sample feed
//   vigil run --demo                                  # same, and exit once the feed is processed
//
// Signals are taken by one thread (sigtimedwait); nothing runs in a signal handler.
//   SIGTERM, SIGINT  graceful shutdown within pipeline.shutdown_deadline_seconds (twice: exit now)
//   SIGHUP           reload the lexicons (a failed reload keeps the current ones)
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <optional>
#include <nlohmann/json.hpp>
#include <thread>

#include "pipeline/commands.h"
#include "pipeline/embedded_broker.h"
#include "pipeline/config.h"
#include "pipeline/http_server.h"
#include "pipeline/kafka_client.h"
#include "pipeline/lexicon_store.h"
#include "pipeline/metrics.h"
#include "pipeline/runner.h"
#include "pipeline/runner_log.h"

namespace vigil {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

struct RunOptions {
  std::string config;
  std::vector<std::string> lexicons;
  std::string brokers;
  std::string group_id;
  std::vector<std::string> input_topics;
  std::string alert_topic, dead_letter_topic, verdict_topic;
  std::string guarantee;
  int workers = 0;
  int max_in_flight = 0;
  int shutdown_deadline = 0;
  std::string metrics_listen;
  bool no_metrics = false;
  std::string log_level;
  std::vector<std::string> properties;  // name=value
  bool demo = false;
  std::string feed;
  bool no_feed = false;
  double grace_seconds = 1.0;
};

// deploy/sample/feed.jsonl in the source tree next to the build folder, else the installed copy.
std::string DefaultSampleFeed() {
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    for (fs::path dir = exe.parent_path(); !dir.empty() && dir != dir.root_path(); dir = dir.parent_path()) {
      if (fs::exists(dir / "deploy/sample/feed.jsonl", ec) && fs::exists(dir / "CMakeLists.txt", ec)) {
        return (dir / "deploy/sample/feed.jsonl").string();
      }
    }
  }
  return "/usr/share/vigil/sample/feed.jsonl";
}

Status ApplyFlags(const RunOptions& o, Config* c) {
  if (!o.brokers.empty()) c->kafka.brokers = o.brokers;
  if (!o.group_id.empty()) c->kafka.group_id = o.group_id;
  if (!o.input_topics.empty()) c->kafka.input_topics = o.input_topics;
  if (!o.alert_topic.empty()) c->kafka.alert_topic = o.alert_topic;
  if (!o.dead_letter_topic.empty()) c->kafka.dead_letter_topic = o.dead_letter_topic;
  if (!o.verdict_topic.empty()) c->kafka.verdict_topic = o.verdict_topic;
  if (!o.guarantee.empty()) {
    if (o.guarantee != "at_least_once" && o.guarantee != "exactly_once") {
      return InvalidArgument("--guarantee must be at_least_once or exactly_once");
    }
    c->kafka.processing_guarantee = o.guarantee;
  }
  if (o.workers > 0) c->pipeline.workers = o.workers;
  if (o.max_in_flight > 0) c->pipeline.max_in_flight = o.max_in_flight;
  if (o.shutdown_deadline > 0) c->pipeline.shutdown_deadline_seconds = o.shutdown_deadline;
  if (!o.metrics_listen.empty()) c->metrics.listen = o.metrics_listen;
  if (o.no_metrics) c->metrics.listen.clear();
  if (!o.log_level.empty()) c->log.level = o.log_level;
  if (!o.feed.empty()) c->embedded.sample_feed = o.feed;
  for (const auto& kv : o.properties) {
    const auto eq = kv.find('=');
    if (eq == std::string::npos || eq == 0) return InvalidArgument("--property must be name=value, not '" + kv + "'");
    c->kafka.properties[kv.substr(0, eq)] = kv.substr(eq + 1);
  }
  return Status::Ok();
}

// Replays a JSONL file into `topic`, one message a line (blank lines skipped). Returns the count.
StatusOr<uint64_t> ReplayFeed(const std::string& path, const std::string& brokers, const std::string& topic) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFound("sample feed " + path + ": cannot read (set embedded.sample_feed or --feed)");
  KafkaConf conf;
  if (Status s = conf.SetAll({{"bootstrap.servers", brokers}, {"linger.ms", "5"}, {"client.id", "vigil-feed"}});
      !s.ok()) {
    return s;
  }
  auto producer = KafkaProducer::Create(std::move(conf));
  if (!producer.ok()) return producer.status();
  uint64_t n = 0;
  std::string line;
  while (std::getline(in, line)) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    while ((*producer)->Produce(topic, {}, line, {}, nullptr) == RD_KAFKA_RESP_ERR__QUEUE_FULL) {
      (*producer)->Poll(std::chrono::milliseconds(10));
    }
    ++n;
  }
  if (Status s = (*producer)->Flush(std::chrono::seconds(30)); !s.ok()) return s;
  return n;
}

// Prints alerts arriving on the alert topic as one human-readable line each.
class AlertPrinter {
 public:
  static StatusOr<std::unique_ptr<AlertPrinter>> Start(const std::string& brokers, const std::string& topic) {
    KafkaConf conf;
    if (Status s = conf.SetAll({{"bootstrap.servers", brokers},
                                {"group.id", "vigil-demo-printer-" + std::to_string(::getpid())},
                                {"enable.auto.commit", "false"},
                                {"client.id", "vigil-printer"}});
        !s.ok()) {
      return s;
    }
    auto consumer = KafkaConsumer::Create(std::move(conf));
    if (!consumer.ok()) return consumer.status();
    auto partitions = PartitionCount((*consumer)->handle(), topic, std::chrono::seconds(10));
    if (!partitions.ok()) return partitions.status();
    PartitionListPtr list = NewPartitionList(*partitions);
    for (int p = 0; p < *partitions; ++p) {
      rd_kafka_topic_partition_list_add(list.get(), topic.c_str(), p)->offset = RD_KAFKA_OFFSET_BEGINNING;
    }
    if (Status s = (*consumer)->Assign(list.get(), false); !s.ok()) return s;
    auto printer = std::unique_ptr<AlertPrinter>(new AlertPrinter(std::move(*consumer)));
    printer->thread_ = std::thread([p = printer.get()] { p->Loop(); });
    return printer;
  }
  ~AlertPrinter() {
    stop_.store(true);
    if (thread_.joinable()) thread_.join();
    (void)consumer_->Close(Clock::now() + std::chrono::seconds(2));
  }
  uint64_t printed() const { return printed_.load(); }
  std::map<std::string, uint64_t> by_severity() const {
    std::lock_guard lock(mu_);
    return by_severity_;
  }

 private:
  explicit AlertPrinter(std::unique_ptr<KafkaConsumer> c) : consumer_(std::move(c)) {}
  void Loop() {
    while (!stop_.load()) {
      KafkaMessagePtr m = consumer_->Poll(std::chrono::milliseconds(100));
      if (!m || m->err) continue;
      auto j = nlohmann::json::parse(static_cast<const char*>(m->payload), static_cast<const char*>(m->payload) + m->len,
                                     nullptr, false);
      if (j.is_discarded()) continue;
      const std::string severity = j.value("severity", "?");
      std::string where = j.value("lang", "");
      if (j.contains("region")) where += (where.empty() ? "" : ", ") + j.value("region", "");
      if (j.contains("source") && j["source"].is_object()) {
        const std::string channel = j["source"].value("channel", "");
        if (!channel.empty()) where += (where.empty() ? "" : ", ") + channel;
      }
      char head[64];
      std::snprintf(head, sizeof head, "[%s %.1f]", severity.c_str(), j.value("score", 0.0));
      std::string line = std::string(head) + " " + j.value("message_id", "") + (where.empty() ? "" : " (" + where + ")") +
                         ": " + j.value("explanation", "") + "\n";
      std::fwrite(line.data(), 1, line.size(), stdout);
      std::fflush(stdout);
      {
        std::lock_guard lock(mu_);
        ++by_severity_[severity];
      }
      printed_.fetch_add(1);
    }
  }
  std::unique_ptr<KafkaConsumer> consumer_;
  std::thread thread_;
  std::atomic<bool> stop_{false};
  std::atomic<uint64_t> printed_{0};
  mutable std::mutex mu_;
  std::map<std::string, uint64_t> by_severity_;
};

int RunPipeline(const RunOptions& o) {
  // Block the signals before any thread exists: every thread inherits the mask, and only the
  // signal thread below receives them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  auto loaded = LoadConfig(o.config, ProcessEnvironment());
  if (!loaded.ok()) {
    std::cerr << "vigil run: " << loaded.status().message() << "\n";
    return 2;
  }
  Config& cfg = *loaded;
  if (!o.lexicons.empty()) cfg.lexicons.paths = o.lexicons;
  if (Status s = ApplyFlags(o, &cfg); !s.ok()) {
    std::cerr << "vigil run: " << s.message() << "\n";
    return 2;
  }
  auto level = RunLog::ParseLevel(cfg.log.level);
  if (!level.ok()) {
    std::cerr << "vigil run: " << level.status().message() << "\n";
    return 2;
  }
  RunLog log(*level);
  Metrics metrics;
  const Scorer scorer(cfg.scoring);
  // The lexicon in service, hot-reloaded on SIGHUP and (lexicons.watch) when its files change.
  LexiconStore::Options lo;
  lo.paths = cfg.lexicons.paths;
  lo.poll_interval = cfg.lexicons.watch ? std::chrono::milliseconds(cfg.lexicons.watch_interval_seconds * 1000)
                                        : std::chrono::milliseconds(0);
  auto store = LexiconStore::Create(lo, [&](const LexiconReloadEvent& ev) {
    if (ev.trigger != ReloadTrigger::kInitial) metrics.LexiconReload(ev.success);
    if (ev.success) {
      metrics.LexiconLoaded(*ev.lexicon, ev.unix_seconds);
      log.Info(ev.trigger == ReloadTrigger::kInitial ? "lexicon_loaded" : "lexicon_reloaded",
               {{"version", ev.lexicon->version()},
                {"entries", static_cast<int64_t>(ev.lexicon->entries().size())},
                {"trigger", ReloadTriggerName(ev.trigger)},
                {"seconds", ev.seconds},
                {"read_seconds", ev.read_seconds},
                {"compile_seconds", ev.compile_seconds}});
    } else {
      std::string errors;
      for (size_t i = 0; i < ev.errors.size() && i < 20; ++i) errors += (i ? "; " : "") + ev.errors[i].ToString();
      log.Error("lexicon_reload_failed", {{"trigger", ReloadTriggerName(ev.trigger)},
                                          {"errors", errors},
                                          {"note", "previous lexicon kept"}});
    }
  });
  if (!store.ok()) {
    log.Error("lexicon_load_failed", {{"error", store.status().message()}});
    return 2;
  }
  (*store)->StartWatching();

  // The embedded broker: no brokers configured (dev, demo).
  std::unique_ptr<EmbeddedBroker> broker;
  const bool embedded = cfg.kafka.brokers.empty();
  if (embedded) {
    EmbeddedBroker::Options bo;
    bo.brokers = cfg.embedded.brokers;
    bo.partitions = cfg.embedded.partitions;
    bo.topics = cfg.kafka.input_topics;
    bo.topics.push_back(cfg.kafka.alert_topic);
    bo.topics.push_back(cfg.kafka.dead_letter_topic);
    if (!cfg.kafka.verdict_topic.empty()) bo.topics.push_back(cfg.kafka.verdict_topic);
    auto b = EmbeddedBroker::Create(bo);
    if (!b.ok()) {
      log.Error("embedded_broker_failed", {{"error", b.status().message()}});
      return 1;
    }
    broker = std::move(*b);
    cfg.kafka.brokers = broker->bootstrap_servers();
    // The mock broker holds an empty fetch for the whole fetch.wait.max.ms (a real broker answers
    // when data arrives): a short wait keeps the demo's latency low.
    cfg.kafka.properties.emplace("fetch.wait.max.ms", std::to_string(EmbeddedBroker::kFetchWaitMaxMs));
    log.Info("embedded_broker_started", {{"bootstrap_servers", cfg.kafka.brokers},
                                         {"note", "in-memory development broker; set kafka.brokers in production"}});
  }

  Runner::Deps deps;
  deps.lexicon = [s = store->get()] { return s->Snapshot(); };
  deps.scorer = &scorer;
  deps.metrics = &metrics;
  deps.log = &log;
  auto runner = Runner::Create(cfg, std::move(deps));
  if (!runner.ok()) {
    log.Error("start_failed", {{"error", runner.status().message()}});
    return 2;
  }

  std::unique_ptr<HttpServer> http;
  if (!cfg.metrics.listen.empty()) {
    HttpServer::Options ho;
    ho.listen = cfg.metrics.listen;
    HttpServer::Handlers h;
    h.metrics = [&metrics] { return metrics.Serialize(); };
    h.readiness = [r = runner->get()] { return Readiness{true, r->group_joined(), r->producer_connected()}; };
    // vigil_ready is computed at scrape time from the same conditions as /readyz, so they cannot disagree.
    metrics.SetReadyFunction([r = runner->get()] {
      return Readiness{true, r->group_joined(), r->producer_connected()}.ready();
    });
    h.on_error = [&log](std::string_view e) { log.Warn("http_error", {{"error", e}}); };
    auto server = HttpServer::Start(ho, std::move(h));
    if (!server.ok()) {
      log.Error("http_listen_failed", {{"listen", cfg.metrics.listen}, {"error", server.status().message()}});
      if (!embedded) return 1;  // in production the probes depend on it; in a demo, go on without
    } else {
      http = std::move(*server);
      log.Info("http_listening", {{"address", http->host() + ":" + std::to_string(http->port())}});
    }
  }

  // Demo plumbing: replay the sample feed, print the alerts.
  const bool replay = (embedded || o.demo) && !o.no_feed;
  std::atomic<bool> feed_done{!replay};
  std::atomic<uint64_t> feed_count{0};
  std::atomic<bool> feed_failed{false};
  std::thread feeder;
  std::unique_ptr<AlertPrinter> printer;
  const std::string feed_path = cfg.embedded.sample_feed.empty() ? DefaultSampleFeed() : cfg.embedded.sample_feed;
  if (embedded || o.demo) {
    auto p = AlertPrinter::Start(cfg.kafka.brokers, cfg.kafka.alert_topic);
    if (!p.ok()) {
      log.Error("alert_printer_failed", {{"error", p.status().message()}});
      return 1;
    }
    printer = std::move(*p);
    if (replay) {
      std::printf("vigil: embedded broker %s; replaying %s into %s; alerts from %s:\n", cfg.kafka.brokers.c_str(),
                  feed_path.c_str(), cfg.kafka.input_topics.front().c_str(), cfg.kafka.alert_topic.c_str());
      std::fflush(stdout);
      feeder = std::thread([&] {
        auto n = ReplayFeed(feed_path, cfg.kafka.brokers, cfg.kafka.input_topics.front());
        if (!n.ok()) {
          log.Error("sample_feed_failed", {{"error", n.status().message()}});
          feed_failed.store(true);
        } else {
          feed_count.store(*n);
          log.Info("sample_feed_replayed", {{"path", feed_path}, {"messages", static_cast<int64_t>(*n)}});
        }
        feed_done.store(true);
      });
    }
  }

  // The signal thread (also watches for the demo's end).
  std::atomic<bool> run_returned{false};
  const auto demo_start = Clock::now();
  std::thread signal_thread([&] {
    bool stopping = false;
    Clock::time_point demo_done_at{};  // when the demo caught up; {} while it has not
    while (!run_returned.load()) {
      timespec timeout{0, 100 * 1000 * 1000};
      const int sig = sigtimedwait(&signals, nullptr, &timeout);
      if (sig == SIGTERM || sig == SIGINT) {
        if (stopping) {
          log.Warn("forced_exit", {{"signal", static_cast<int64_t>(sig)}, {"note", "uncommitted input is redelivered"}});
          std::_Exit(130);
        }
        log.Info("signal_received", {{"signal", sig == SIGTERM ? "SIGTERM" : "SIGINT"}});
        stopping = true;
        (*runner)->Stop();
      } else if (sig == SIGHUP) {
        log.Info("signal_received", {{"signal", "SIGHUP"}, {"action", "lexicon reload"}});
        (*store)->RequestReload();  // served by the store's watcher thread
      }
      if (o.demo && !stopping) {
        if (feed_failed.load()) {
          stopping = true;
          (*runner)->Stop();
          continue;
        }
        const RunnerStats st = (*runner)->stats();
        const bool caught_up = feed_done.load() && st.finished + st.abandoned >= feed_count.load() &&
                               st.in_flight == 0 && printer && printer->printed() >= st.alerts;
        if (caught_up && demo_done_at == Clock::time_point{}) demo_done_at = Clock::now();
        if (!caught_up) demo_done_at = Clock::time_point{};
        if (demo_done_at != Clock::time_point{} &&
            Clock::now() - demo_done_at >= std::chrono::duration<double>(o.grace_seconds)) {
          stopping = true;
          (*runner)->Stop();
        }
      }
    }
  });

  Status result = (*runner)->Run();
  run_returned.store(true);
  signal_thread.join();
  if (feeder.joinable()) feeder.join();
  // Let the printer show the last alerts before the broker goes.
  if (printer) {
    const auto until = Clock::now() + std::chrono::seconds(2);
    while (printer->printed() < (*runner)->stats().alerts && Clock::now() < until) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }
  if (printer && (o.demo || embedded)) {
    const RunnerStats st = (*runner)->stats();
    std::string sev;
    for (const auto& [name, count] : printer->by_severity()) sev += (sev.empty() ? "" : ", ") + name + " " + std::to_string(count);
    std::printf("vigil: %llu messages processed, %llu alerts (%s), %llu dead letters, in %.1f s\n",
                static_cast<unsigned long long>(st.finished), static_cast<unsigned long long>(st.alerts),
                sev.empty() ? "none" : sev.c_str(), static_cast<unsigned long long>(st.dead_letters),
                std::chrono::duration<double>(Clock::now() - demo_start).count());
    std::fflush(stdout);
  }
  printer.reset();
  http.reset();
  runner->reset();
  store->reset();
  broker.reset();
  if (!result.ok()) {
    log.Error("run_failed", {{"error", result.message()}});
    return 1;
  }
  if (feed_failed.load()) return 1;
  return 0;
}

}  // namespace

void AddRunCommand(CLI::App& app, int* exit_code) {
  auto o = std::make_shared<RunOptions>();
  auto* cmd = app.add_subcommand(
      "run",
      "Run the streaming pipeline: Kafka input topics -> alerts, verdicts, dead letters.\n"
      "Without kafka.brokers, starts an embedded in-memory broker and replays the sample feed.");
  cmd->add_option("--config,-c", o->config, "Config file (deploy/config/vigil.example.yaml documents every key)");
  cmd->add_option("--lexicons,-l", o->lexicons, "Lexicon file or directory (repeatable; overrides lexicons.paths)");
  cmd->add_option("--brokers,-b", o->brokers, "Bootstrap brokers (kafka.brokers); none: embedded broker");
  cmd->add_option("--group-id,-g", o->group_id, "Consumer group (kafka.group_id)");
  cmd->add_option("--input-topics,-t", o->input_topics, "Input topics, comma-separated (kafka.input_topics)")
      ->delimiter(',');
  cmd->add_option("--alert-topic", o->alert_topic, "Alert topic (kafka.alert_topic)");
  cmd->add_option("--dead-letter-topic", o->dead_letter_topic, "Dead-letter topic (kafka.dead_letter_topic)");
  cmd->add_option("--verdict-topic", o->verdict_topic, "Publish every verdict here too (kafka.verdict_topic)");
  cmd->add_option("--guarantee", o->guarantee, "at_least_once (default) or exactly_once (kafka.processing_guarantee)");
  cmd->add_option("--workers,-w", o->workers, "Worker threads (pipeline.workers)");
  cmd->add_option("--max-in-flight", o->max_in_flight, "Backpressure bound (pipeline.max_in_flight)");
  cmd->add_option("--shutdown-deadline", o->shutdown_deadline, "Seconds (pipeline.shutdown_deadline_seconds)");
  cmd->add_option("--metrics-listen", o->metrics_listen, "host:port for /metrics /healthz /readyz (metrics.listen)");
  cmd->add_flag("--no-metrics", o->no_metrics, "Do not start the HTTP endpoint");
  cmd->add_option("--log-level", o->log_level, "debug | info | warn | error (log.level)");
  cmd->add_option("--property,-X", o->properties, "librdkafka property name=value (repeatable; kafka.properties)");
  cmd->add_flag("--demo", o->demo, "Replay the sample feed, print the alerts, exit when it is processed");
  cmd->add_option("--feed", o->feed, "Sample feed to replay with the embedded broker (embedded.sample_feed)");
  cmd->add_flag("--no-feed", o->no_feed, "With the embedded broker: do not replay the sample feed");
  cmd->add_option("--grace", o->grace_seconds, "--demo: seconds to wait after the feed is processed (default 1)");
  cmd->callback([o, exit_code] { *exit_code = RunPipeline(*o); });
}

}  // namespace vigil
