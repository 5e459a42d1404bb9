// pipeline_bench: whole-pipeline figures for issue 6, on the embedded broker, in one process.
//
//   build/release/bench/pipeline_bench [--messages 200000] [--rate 5000] [--seconds 10] [--workers 2]
//                                      [--only classify,raw,e2e,latency] [-X name=value ...]
//
// Prints, from the same run:
//   1. classify only: normalise + match + score on `workers` threads, no Kafka (the CPU ceiling);
//   2. raw librdkafka consume + produce of the same messages, no processing (the Kafka ceiling);
//   3. `vigil run`'s Runner end to end: consume, classify, produce alerts, store offsets (msg/s);
//   4. produce-to-alert latency (p50, p99, max) with input paced at --rate msg/s: from the bench's
//      Produce() call (linger.ms=0) to the alert read back by a consumer (fetch.wait.max.ms as
//      `vigil run` sets it for the embedded broker, EmbeddedBroker::kFetchWaitMaxMs), split
//      at the alert's Kafka timestamp (when the runner produced it; ms resolution) into "in" (input
//      delivery + consume + classify) and "out" (alert linger + delivery + read back).
// --only runs a subset of the phases (e.g. `--only e2e` under `perf record`).
// Messages average 300 bytes (sample feed and benign corpora texts, padded); bundled lexicons.
// Not a test: nothing is asserted. Figures depend on the machine and whatever else runs on it.
// Unknown --benchmark_* flags (from bench/run.sh) are ignored.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "classifiers/analyzer.h"
#include "classifiers/message.h"
#include "pipeline/embedded_broker.h"
#include "pipeline/kafka_client.h"
#include "pipeline/lexicon_loader.h"
#include "pipeline/runner.h"
#include "pipeline/runner_log.h"

namespace vigil {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

struct Options {
  int messages = 200000;
  int rate = 5000;
  int seconds = 10;
  int workers = 2;
  int partitions = 32;  // the mock keeps 5 MB per partition: 32 hold the 60 MB input with room
  int max_in_flight = 10000;
  std::string only;  // comma-separated phases; empty: all
  bool debug = false;  // --debug: the runner's debug log (pauses, resumes) on stderr
  std::map<std::string, std::string> properties;  // -X name=value: kafka.properties of the runner
};

int64_t WallMs() {
  return std::chrono::duration_cast<milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

[[noreturn]] void Die(const std::string& what) {
  std::fprintf(stderr, "pipeline_bench: %s\n", what.c_str());
  std::exit(1);
}

void Check(const Status& s, const char* what) {
  if (!s.ok()) Die(std::string(what) + ": " + s.ToString());
}

std::string Escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '"' || c == '\\') out.push_back('\\');
    if (static_cast<unsigned char>(c) >= 0x20) out.push_back(c);
  }
  return out;
}

// ~300-byte JSON messages: a text from the corpora, padded with more text, unique id.
std::vector<std::string> MakeMessages(int n) {
  std::vector<std::pair<std::string, std::string>> texts;  // text, lang
  std::vector<std::string> files = {std::string(VIGIL_SOURCE_DIR) + "/deploy/sample/feed.jsonl"};
  for (const auto& e : std::filesystem::directory_iterator(std::string(VIGIL_SOURCE_DIR) + "/tests/data/benign")) {
    files.push_back(e.path().string());
  }
  std::sort(files.begin() + 1, files.end());
  for (const auto& f : files) {
    std::ifstream in(f);
    std::string line;
    while (std::getline(in, line)) {
      ParsedMessage p = ParseMessage(line, {});
      if (p.ok()) texts.emplace_back(p.message.text, p.message.lang);
    }
  }
  if (texts.empty()) Die("no corpus texts found under " VIGIL_SOURCE_DIR);
  std::mt19937 rng(1);
  std::vector<std::string> out;
  out.reserve(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) {
    const auto& [text0, lang] = texts[static_cast<size_t>(i) % texts.size()];
    std::string head = "{\"id\":\"b-" + std::to_string(i) + "\",\"lang\":\"" + lang +
                       "\",\"source\":{\"platform\":\"bench\",\"channel\":\"c" + std::to_string(i % 97) + "\"},\"text\":\"";
    std::string text = Escape(text0);
    while (head.size() + text.size() + 2 < 300) text += " " + Escape(texts[rng() % texts.size()].first);
    // Cut at 300 bytes without splitting a UTF-8 sequence or an escape.
    size_t cut = std::min(text.size(), 300 - std::min<size_t>(head.size() + 2, 299));
    while (cut > 0 && cut < text.size() && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    while (cut > 0 && text[cut - 1] == '\\') --cut;
    out.push_back(head + text.substr(0, cut) + "\"}");
  }
  return out;
}

std::unique_ptr<KafkaProducer> MakeProducer(const std::string& brokers, const std::string& linger) {
  KafkaConf conf;
  Check(conf.SetAll({{"bootstrap.servers", brokers}, {"linger.ms", linger}, {"enable.idempotence", "true"},
                     {"queue.buffering.max.messages", "500000"}}),
        "producer conf");
  auto p = KafkaProducer::Create(std::move(conf));
  if (!p.ok()) Die(p.status().ToString());
  return std::move(*p);
}

void ProduceAll(const std::string& brokers, const std::string& topic, const std::vector<std::string>& msgs) {
  auto p = MakeProducer(brokers, "5");
  // Keyed, so messages spread evenly over the partitions (the sticky partitioner used for unkeyed
  // messages can overfill one past the mock's 5 MB per partition).
  std::string key;
  for (size_t i = 0; i < msgs.size(); ++i) {
    key = "k" + std::to_string(i);
    while (p->Produce(topic, key, msgs[i], {}, nullptr) == RD_KAFKA_RESP_ERR__QUEUE_FULL) p->Poll(milliseconds(1));
  }
  Check(p->Flush(std::chrono::seconds(300)), "flush");
}

// An assign()-based reader of every partition of `topic` from the beginning.
std::unique_ptr<KafkaConsumer> MakeReader(const std::string& brokers, const std::string& topic, const std::string& group) {
  KafkaConf conf;
  Check(conf.SetAll({{"bootstrap.servers", brokers}, {"group.id", group}, {"enable.auto.commit", "false"},
                     {"fetch.wait.max.ms", std::to_string(EmbeddedBroker::kFetchWaitMaxMs)}}),
        "reader conf");
  auto c = KafkaConsumer::Create(std::move(conf));
  if (!c.ok()) Die(c.status().ToString());
  auto n = PartitionCount((*c)->handle(), topic, std::chrono::seconds(10));
  if (!n.ok()) Die(n.status().ToString());
  PartitionListPtr list = NewPartitionList(*n);
  for (int p = 0; p < *n; ++p) rd_kafka_topic_partition_list_add(list.get(), topic.c_str(), p)->offset = RD_KAFKA_OFFSET_BEGINNING;
  Check((*c)->Assign(list.get(), false), "assign");
  return std::move(*c);
}

double ClassifyOnly(const std::vector<std::string>& msgs, const CompiledLexicon& lex, const Scorer& scorer, int threads) {
  std::atomic<size_t> next{0};
  auto t0 = Clock::now();
  std::vector<std::thread> ts;
  for (int t = 0; t < threads; ++t) {
    ts.emplace_back([&] {
      auto a = Analyzer::Create({});
      Verdict v;
      for (size_t i; (i = next.fetch_add(1)) < msgs.size();) {
        ParsedMessage p = ParseMessage(msgs[i], {});
        (*a)->Analyze(p.message, lex, scorer, &v);
      }
    });
  }
  for (auto& t : ts) t.join();
  return static_cast<double>(msgs.size()) / std::chrono::duration<double>(Clock::now() - t0).count();
}

// Consume every input message and produce it unchanged: librdkafka's own ceiling here.
double RawConsumeProduce(const std::string& brokers, size_t n) {
  auto reader = MakeReader(brokers, "in", "bench-raw");
  auto producer = MakeProducer(brokers, "5");
  size_t got = 0;
  Clock::time_point t0, last = Clock::now();
  while (got < n) {
    KafkaMessagePtr m = reader->Poll(milliseconds(100));
    if (Clock::now() - last > std::chrono::seconds(10)) {
      Die("raw: only " + std::to_string(got) + " of " + std::to_string(n) +
          " input messages readable (the mock broker keeps 5 MB per partition: use more --partitions)");
    }
    if (!m || m->err) continue;
    last = Clock::now();
    if (got == 0) t0 = Clock::now();
    const std::string_view key(static_cast<const char*>(m->key), m->key ? m->key_len : 0);
    const std::string_view value(static_cast<const char*>(m->payload), m->len);
    while (producer->Produce("raw-out", key, value, {}, nullptr) == RD_KAFKA_RESP_ERR__QUEUE_FULL) {
      producer->Poll(milliseconds(1));
    }
    ++got;
    if ((got & 1023) == 0) producer->Poll(milliseconds(0));
  }
  Check(producer->Flush(std::chrono::seconds(120)), "raw flush");
  const double secs = std::chrono::duration<double>(Clock::now() - t0).count();
  (void)reader->Close(Clock::now() + std::chrono::seconds(5));
  return static_cast<double>(n) / secs;
}

Config PipelineConfig(const std::string& brokers, const std::string& input, const std::string& alerts,
                      const std::string& group, const Options& o) {
  const int workers = o.workers;
  Config c;
  c.kafka.brokers = brokers;
  c.kafka.group_id = group;
  c.kafka.input_topics = {input};
  c.kafka.alert_topic = alerts;
  c.kafka.dead_letter_topic = "dlq";
  c.pipeline.workers = workers;
  // The mock broker answers an empty fetch only after fetch.wait.max.ms (a real broker answers as
  // soon as data arrives): keep it short, as `vigil run` does with its embedded broker.
  c.kafka.properties["fetch.wait.max.ms"] = std::to_string(EmbeddedBroker::kFetchWaitMaxMs);
  for (const auto& [k, v] : o.properties) c.kafka.properties[k] = v;
  c.pipeline.max_in_flight = o.max_in_flight;
  return c;
}

int Main(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    auto num = [&](int* out) {
      if (i + 1 >= argc) Die(std::string("missing value for ") + argv[i]);
      *out = std::atoi(argv[++i]);
    };
    if (!std::strcmp(argv[i], "--messages")) num(&o.messages);
    else if (!std::strcmp(argv[i], "--rate")) num(&o.rate);
    else if (!std::strcmp(argv[i], "--seconds")) num(&o.seconds);
    else if (!std::strcmp(argv[i], "--workers")) num(&o.workers);
    else if (!std::strcmp(argv[i], "--partitions")) num(&o.partitions);
    else if (!std::strcmp(argv[i], "--max-in-flight")) num(&o.max_in_flight);
    else if (!std::strcmp(argv[i], "--debug")) o.debug = true;
    else if (!std::strcmp(argv[i], "--only") && i + 1 < argc) o.only = argv[++i];
    else if (!std::strcmp(argv[i], "-X") && i + 1 < argc) {
      const std::string kv = argv[++i];
      const auto eq = kv.find('=');
      if (eq == std::string::npos) Die("-X needs name=value");
      o.properties[kv.substr(0, eq)] = kv.substr(eq + 1);
    }
    else if (std::strncmp(argv[i], "--benchmark", 11) != 0) Die(std::string("unknown flag ") + argv[i]);
  }
  const auto phase = [&](std::string_view name) {
    if (o.only.empty()) return true;
    const std::string list = "," + o.only + ",";
    return list.find("," + std::string(name) + ",") != std::string::npos;
  };
  auto normaliser = Normaliser::Create({});
  auto lex = CompileLexicon(DefaultLexiconPaths(), normaliser->get(), {});
  if (!lex.ok()) Die(lex.status().ToString());
  const Scorer scorer(ScoringConfig::Defaults());
  const auto msgs = MakeMessages(o.messages);
  size_t bytes = 0;
  for (const auto& m : msgs) bytes += m.size();
  std::printf("pipeline_bench: %d messages, %.0f bytes on average, %zu lexicon entries, %d workers, %d partitions, "
              "%u hardware threads\n",
              o.messages, static_cast<double>(bytes) / msgs.size(), (*lex)->entries().size(), o.workers, o.partitions,
              std::thread::hardware_concurrency());
  std::fflush(stdout);

  EmbeddedBroker::Options bo;
  bo.partitions = o.partitions;
  bo.topics = {"in", "raw-out", "alerts", "dlq", "lat-in", "lat-alerts"};
  auto broker = EmbeddedBroker::Create(bo);
  if (!broker.ok()) Die(broker.status().ToString());
  const std::string brokers = (*broker)->bootstrap_servers();
  RunLog log(o.debug ? RunLog::Level::kDebug : RunLog::Level::kWarn);

  // A Runner on its own thread with the bundled lexicon; Stop() stops it and joins the thread.
  struct RunningRunner {
    std::unique_ptr<Runner> runner;
    std::thread thread;
    void Stop() {
      runner->Stop();
      thread.join();
    }
  };
  auto start_runner = [&](const std::string& in, const std::string& alerts, const std::string& group) {
    Runner::Deps deps;
    deps.lexicon = [l = *lex] { return l; };
    deps.scorer = &scorer;
    deps.log = &log;
    auto runner = Runner::Create(PipelineConfig(brokers, in, alerts, group, o), std::move(deps));
    if (!runner.ok()) Die(runner.status().ToString());
    RunningRunner r{std::move(*runner), {}};
    r.thread = std::thread([p = r.runner.get()] { Check(p->Run(), "run"); });
    return r;
  };

  // 1. The CPU ceiling.
  if (phase("classify")) {
    const double classify = ClassifyOnly(msgs, **lex, scorer, o.workers);
    std::printf("  classify only (%d threads, no Kafka):          %9.0f msg/s\n", o.workers, classify);
    std::fflush(stdout);
  }

  if (phase("raw") || phase("e2e")) {
    auto t0 = Clock::now();
    ProduceAll(brokers, "in", msgs);
    std::printf("  (input produced at %.0f msg/s)\n", msgs.size() / std::chrono::duration<double>(Clock::now() - t0).count());
  }

  // 2. The Kafka ceiling.
  if (phase("raw")) {
    const double raw = RawConsumeProduce(brokers, msgs.size());
    std::printf("  raw librdkafka consume + produce (ceiling):    %9.0f msg/s\n", raw);
    std::fflush(stdout);
  }

  // 3. The pipeline, end to end (timed from the first message consumed to the last one finished).
  if (phase("e2e")) {
    RunningRunner run = start_runner("in", "alerts", "bench");
    Runner* runner = run.runner.get();
    while (runner->stats().consumed == 0) std::this_thread::sleep_for(milliseconds(1));
    const auto start = Clock::now();
    while (runner->stats().finished < msgs.size()) std::this_thread::sleep_for(milliseconds(1));
    const double secs = std::chrono::duration<double>(Clock::now() - start).count();
    const RunnerStats st = runner->stats();
    run.Stop();
    std::printf("  vigil run end to end (%d workers):              %9.0f msg/s  (%llu alerts, %llu pauses)\n",
                o.workers, msgs.size() / secs, static_cast<unsigned long long>(st.alerts),
                static_cast<unsigned long long>(st.pauses));
    std::fflush(stdout);
  }

  // 4. Latency at a fixed input rate: send time per message id, receive time per alert.
  if (phase("latency")) {
    RunningRunner run = start_runner("lat-in", "lat-alerts", "bench-lat");
    Runner* runner = run.runner.get();
    while (!runner->group_joined()) std::this_thread::sleep_for(milliseconds(10));
    std::this_thread::sleep_for(milliseconds(500));

    // The first two seconds warm up (fetchers start, batches settle) and are not measured.
    const size_t warmup = static_cast<size_t>(o.rate) * 2;
    const size_t total = warmup + static_cast<size_t>(o.rate) * static_cast<size_t>(o.seconds);
    // Per input message (ids repeat when total > messages): when it was last sent, and whether that
    // send is measured.
    std::vector<Clock::time_point> sent(msgs.size());
    std::vector<int64_t> sent_wall_ms(msgs.size());  // the same instant on the system clock
    std::vector<std::atomic<bool>> measured(msgs.size());
    std::vector<double> latencies_ms, in_ms, out_ms;
    std::mutex lat_mu;
    std::atomic<bool> reading{true};
    auto reader = MakeReader(brokers, "lat-alerts", "bench-lat-reader");
    std::thread rt([&] {
      while (reading.load()) {
        KafkaMessagePtr m = reader->Poll(milliseconds(20));
        if (!m || m->err) continue;
        const auto now = Clock::now();
        const int64_t now_wall = WallMs();
        rd_kafka_timestamp_type_t tstype;
        const int64_t alert_ts = rd_kafka_message_timestamp(m.get(), &tstype);
        auto j = nlohmann::json::parse(static_cast<const char*>(m->payload),
                                       static_cast<const char*>(m->payload) + m->len, nullptr, false);
        if (j.is_discarded()) continue;
        const std::string id = j.value("message_id", "");
        const size_t idx = static_cast<size_t>(std::atoll(id.c_str() + 2)) % msgs.size();  // "b-<i>"
        if (measured[idx].load()) {
          std::lock_guard lock(lat_mu);
          latencies_ms.push_back(std::chrono::duration<double, std::milli>(now - sent[idx]).count());
          if (alert_ts > 0 && tstype == RD_KAFKA_TIMESTAMP_CREATE_TIME) {
            in_ms.push_back(static_cast<double>(alert_ts - sent_wall_ms[idx]));
            out_ms.push_back(static_cast<double>(now_wall - alert_ts));
          }
        }
      }
    });
    auto producer = MakeProducer(brokers, "0");
    std::thread dr([&] {
      while (reading.load()) producer->Poll(milliseconds(10));
    });
    const auto start = Clock::now();
    for (size_t i = 0; i < total; ++i) {
      // Pace: message i goes out at start + i / rate.
      const auto due = start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(
                                   static_cast<double>(i) / o.rate));
      std::this_thread::sleep_until(due);
      sent[i % msgs.size()] = Clock::now();
      sent_wall_ms[i % msgs.size()] = WallMs();
      measured[i % msgs.size()].store(i >= warmup);
      while (producer->Produce("lat-in", {}, msgs[i % msgs.size()], {}, nullptr) == RD_KAFKA_RESP_ERR__QUEUE_FULL) {
        std::this_thread::sleep_for(milliseconds(1));
      }
    }
    const double send_secs = std::chrono::duration<double>(Clock::now() - start).count() * o.seconds / (o.seconds + 2.0);
    const auto until = Clock::now() + std::chrono::seconds(30);
    while (runner->stats().finished < total && Clock::now() < until) std::this_thread::sleep_for(milliseconds(10));
    std::this_thread::sleep_for(milliseconds(500));
    reading.store(false);
    rt.join();
    dr.join();
    run.Stop();
    std::sort(latencies_ms.begin(), latencies_ms.end());
    std::sort(in_ms.begin(), in_ms.end());
    std::sort(out_ms.begin(), out_ms.end());
    auto pct_of = [](const std::vector<double>& v, double q) {
      return v.empty() ? 0.0 : v[std::min(v.size() - 1, static_cast<size_t>(q * v.size()))];
    };
    auto pct = [&](double q) { return pct_of(latencies_ms, q); };
    std::printf("  produce-to-alert latency at %d msg/s (%.1f s sent): p50 %.1f ms, p99 %.1f ms, max %.1f ms "
                "(%zu alerts)\n",
                static_cast<int>((total - warmup) / send_secs), send_secs, pct(0.50), pct(0.99),
                latencies_ms.empty() ? 0.0 : latencies_ms.back(), latencies_ms.size());
    std::printf("    split at the alert's timestamp (ms resolution): in (input to alert produced) p50 %.0f p99 %.0f "
                "max %.0f ms; out (alert produced to read) p50 %.0f p99 %.0f max %.0f ms\n",
                pct_of(in_ms, 0.5), pct_of(in_ms, 0.99), in_ms.empty() ? 0.0 : in_ms.back(), pct_of(out_ms, 0.5),
                pct_of(out_ms, 0.99), out_ms.empty() ? 0.0 : out_ms.back());
  }
  return 0;
}

}  // namespace
}  // namespace vigil

int main(int argc, char** argv) { return vigil::Main(argc, argv); }
