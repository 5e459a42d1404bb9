// runner.h: the streaming job behind `vigil run`. Kafka consumer group -> worker threads
// (normalise, match, score) -> alert / verdict / dead-letter topics, with at-least-once delivery.
//
//   RunLog log(RunLog::Level::kInfo);
//   Runner::Deps deps{.lexicon = [&] { return store.Current(); }, .scorer = scorer.get(), .log = &log};
//   auto runner = Runner::Create(config, std::move(deps));
//   if (!runner.ok()) { log.Error("start_failed", {{"error", runner.status().message()}}); return 1; }
//   std::thread stopper([&] { WaitForSigterm(); (*runner)->Stop(); });
//   Status s = (*runner)->Run();                // returns after a graceful shutdown or a fatal error
//
// Data flow and guarantees
//   * One consumer (partition.assignment.strategy=cooperative-sticky unless overridden) feeds
//     `pipeline.workers` threads, each with its own Analyzer. Messages of one input partition all go
//     to the same worker, so their outputs are produced in input order.
//   * Outputs: alerts (severity above none) to kafka.alert_topic, keyed by "platform:channel" of the
//     message's source, else "region:XX", else the input key; every verdict to kafka.verdict_topic
//     when set (same key); messages that cannot be parsed to kafka.dead_letter_topic with the
//     original bytes and key, and headers vigil.reason, vigil.detail, vigil.topic, vigil.partition,
//     vigil.offset. The producer is idempotent with acks=all.
//   * at_least_once (default): auto-commit is on but offsets are stored (enable.auto.offset.store=
//     false) only when every output of a message has been acknowledged by the broker, and a
//     per-partition OffsetTracker keeps out-of-order acknowledgements from storing an offset past
//     an unfinished earlier message. A crash or rebalance may duplicate outputs, never lose them.
//   * exactly_once: outputs and input offsets go in Kafka transactions (send_offsets_to_transaction)
//     committed every `transaction_interval`; an output that fails aborts the transaction and the
//     consumer rewinds to the last committed offsets. What is tested: the client-side flow against
//     the mock cluster (tests/pipeline/kafka_pipeline_test.cc). What is NOT: end-to-end exactly-once.
//     librdkafka's mock broker accepts the transactional requests but neither stores offsets sent in
//     a transaction nor writes commit/abort markers, so atomicity and read_committed filtering can
//     only be verified against a real Kafka cluster.
//   * Backpressure: at `pipeline.max_in_flight` messages consumed but not finished the consumer
//     stops taking messages (librdkafka's prefetch is bounded by queued.max.messages.kbytes); if that
//     lasts `pause_after`, or the producer queue passes its high-water mark, every assigned
//     partition is paused until the backlog halves. Nothing is dropped; memory stays bounded.
//   * Revocation (cooperative, incremental): in-flight messages of revoked partitions are given up
//     to `revoke_drain` to finish, their offsets stored and committed synchronously, then their
//     trackers are dropped; late acknowledgements for them are ignored. Lost partitions are dropped
//     without committing.
//   * Stop(): stop fetching, finish in-flight messages, flush the producer, store and commit
//     offsets, leave the group, within `pipeline.shutdown_deadline_seconds`. Whatever is not done by
//     then is abandoned uncommitted (and redelivered to the next owner).
//   * An unreachable broker is logged and retried for ever (librdkafka reconnects); only fatal
//     client errors (e.g. a fenced idempotent producer) make Run() return an error.
//
// Thread-safety: Stop(), stats() and ready() may be called from any thread; Run() once.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>

#include "classifiers/matcher.h"
#include "classifiers/scorer.h"
#include "classifiers/status.h"
#include "pipeline/config.h"
#include "pipeline/runner_log.h"

namespace vigil {

class Metrics;

struct RunnerStats {
  uint64_t consumed = 0;        // input messages handed to workers
  uint64_t finished = 0;        // input messages whose outputs are all acknowledged
  uint64_t alerts = 0;          // alerts acknowledged by the broker
  uint64_t verdicts = 0;        // verdicts acknowledged (verdict topic)
  uint64_t dead_letters = 0;    // dead letters acknowledged
  uint64_t delivery_errors = 0; // outputs that failed permanently (then dead-lettered) or were retried
  uint64_t abandoned = 0;       // in-flight messages given up (revocation, shutdown deadline)
  uint64_t pauses = 0;          // times consumption was paused for backpressure
  uint64_t rebalances = 0;      // assignment changes
  uint64_t transactions = 0;    // committed transactions (exactly_once)
  int64_t in_flight = 0;        // consumed and not finished, now
  bool paused = false;          // consumption paused now
};

class Runner {
 public:
  struct Deps {
    // The lexicon to use now (a hot reload swaps what this returns). Called once per batch per
    // worker; must be thread-safe and never return null.
    std::function<std::shared_ptr<const CompiledLexicon>()> lexicon;
    const Scorer* scorer = nullptr;  // shared by the workers (Score is const)
    Metrics* metrics = nullptr;      // optional
    RunLog* log = nullptr;           // required
  };

  // Knobs tests and benchmarks turn; the defaults suit production.
  struct Tuning {
    std::chrono::milliseconds poll_timeout{100};           // consumer poll; also the store/commit tick
    std::chrono::milliseconds revoke_drain{10000};         // per revocation, capped by the shutdown deadline
    std::chrono::milliseconds transaction_interval{100};   // exactly_once: commit cadence
    std::chrono::milliseconds pause_after{500};            // at max_in_flight this long: pause
    int auto_commit_interval_ms = 1000;                    // unless kafka.properties sets it
    int producer_queue_messages = 100000;                  // producer queue.buffering.max.messages
  };

  static StatusOr<std::unique_ptr<Runner>> Create(const Config& config, Deps deps);
  static StatusOr<std::unique_ptr<Runner>> Create(const Config& config, Deps deps, const Tuning& tuning);
  ~Runner();
  Runner(const Runner&) = delete;
  Runner& operator=(const Runner&) = delete;

  // Consumes until Stop() or a fatal error, then shuts down (see above). Call once.
  Status Run();
  // Requests the graceful shutdown. Not async-signal-safe: call it from a signal-handling thread.
  void Stop();

  RunnerStats stats() const;
  // True once the consumer has received an assignment (possibly empty) and the producer has
  // reached a broker; false again while stopping.
  bool group_joined() const;
  bool producer_connected() const;

 private:
  class Impl;
  explicit Runner(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace vigil
