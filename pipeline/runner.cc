#include "pipeline/runner.h"

#include <unistd.h>

#include <algorithm>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <thread>
#include <vector>

#include "classifiers/alert.h"
#include "classifiers/analyzer.h"
#include "classifiers/message.h"
#include "pipeline/engine_setup.h"
#include "pipeline/kafka_client.h"
#include "pipeline/metrics.h"
#include "pipeline/offset_tracker.h"

namespace vigil {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// One assigned input partition. Created on assignment, dropped on revocation; Work items keep it
// alive, and `revoked` tells late completions to leave the (reset) tracker alone.
struct PartitionState {
  PartitionState(std::string t, int32_t p, size_t w) : topic(std::move(t)), partition(p), worker(w) {}
  const std::string topic;
  const int32_t partition;
  const size_t worker;
  std::atomic<bool> revoked{false};
  std::mutex mu;
  OffsetTracker tracker;  // guarded by mu
  // Consumer thread only:
  int64_t stored = -1;         // last offset handed to offsets_store
  int64_t txn_position = -1;   // exactly_once: next offset to read, for the open transaction
};

enum class OutputKind : uintptr_t { kAlert = 0, kVerdict = 1, kDeadLetter = 2 };

// One consumed message, from dispatch until every output is acknowledged.
struct alignas(8) Work {
  KafkaMessagePtr msg;  // the input (payload kept for a dead letter after a failed output)
  std::shared_ptr<PartitionState> part;
  int64_t offset = 0;
  // Outputs not yet acknowledged, plus one held by the worker while it produces (so an early
  // acknowledgement cannot finish the message before all its outputs are enqueued).
  std::atomic<int> outstanding{0};
  std::atomic<bool> failed{false};
};

// Delivery-report opaque: the Work pointer with the output kind in its low bits.
void* Tag(Work* w, OutputKind k) { return reinterpret_cast<void*>(reinterpret_cast<uintptr_t>(w) | static_cast<uintptr_t>(k)); }
Work* Untag(void* p) { return reinterpret_cast<Work*>(reinterpret_cast<uintptr_t>(p) & ~uintptr_t{3}); }
OutputKind KindOf(void* p) { return static_cast<OutputKind>(reinterpret_cast<uintptr_t>(p) & uintptr_t{3}); }

// A bounded FIFO between the consumer thread and one worker.
class WorkQueue {
 public:
  explicit WorkQueue(size_t capacity) : capacity_(capacity) {}
  // Moves every item of `batch` in (one lock and one wake-up for the lot), blocking while full.
  // When closed, the items not taken are left in `batch`.
  void PushAll(std::vector<Work*>* batch) {
    size_t i = 0;
    std::unique_lock lock(mu_);
    while (i < batch->size()) {
      not_full_.wait(lock, [&] { return closed_ || items_.size() < capacity_; });
      if (closed_) break;
      while (i < batch->size() && items_.size() < capacity_) items_.push_back((*batch)[i++]);
      not_empty_.notify_one();
    }
    batch->erase(batch->begin(), batch->begin() + static_cast<long>(i));
  }
  // Moves up to `max` items into `out`; blocks while empty. False when closed and drained.
  bool PopBatch(std::vector<Work*>* out, size_t max) {
    out->clear();
    std::unique_lock lock(mu_);
    not_empty_.wait(lock, [&] { return closed_ || !items_.empty(); });
    if (items_.empty()) return false;
    while (!items_.empty() && out->size() < max) {
      out->push_back(items_.front());
      items_.pop_front();
    }
    not_full_.notify_all();
    return true;
  }
  void Close() {
    std::lock_guard lock(mu_);
    closed_ = true;
    not_empty_.notify_all();
    not_full_.notify_all();
  }

 private:
  const size_t capacity_;
  std::mutex mu_;
  std::condition_variable not_empty_, not_full_;
  std::deque<Work*> items_;
  bool closed_ = false;
};

constexpr size_t kDeadLetterMaxBytes = 900 * 1024;  // under Kafka's default 1 MB message limit

}  // namespace

class Runner::Impl {
 public:
  Impl(Config config, Deps deps, Tuning tuning)
      : config_(std::move(config)), deps_(std::move(deps)), tuning_(tuning), log_(*deps_.log),
        eos_(config_.kafka.processing_guarantee == "exactly_once") {}

  Status Init();
  Status Run();
  void Stop() { stop_requested_.store(true); }
  RunnerStats stats() const;
  bool group_joined() const { return joined_.load(); }
  bool producer_connected() const { return producer_up_.load(); }
  ~Impl();

 private:
  // Consumer thread.
  void Dispatch(KafkaMessagePtr msg);
  std::shared_ptr<PartitionState> FindPartition(std::string_view topic, int32_t partition);
  void FlushDispatched();  // hands the messages dispatched so far to the workers
  void OnRebalance(rd_kafka_resp_err_t err, rd_kafka_topic_partition_list_t* partitions);
  void DrainPartitions(const std::vector<std::shared_ptr<PartitionState>>& parts, Clock::time_point deadline);
  void StoreOffsets();
  // Pauses/resumes the partitions; returns false while no message may be taken (at the in-flight
  // limit, before pausing).
  bool ApplyBackpressure();
  void PauseAll(bool pause);
  void RetryFailedOutputs();
  void PeriodicMetrics();
  void Shutdown();
  // exactly_once.
  Status BeginTransactionIfNeeded();
  Status CommitTransaction(Clock::time_point deadline);
  void OnTransactionFailure(const Status& s);

  // Workers.
  void WorkerLoop(size_t index);
  void Process(Work* w, const CompiledLexicon& lexicon, Analyzer& analyzer, Verdict& verdict, std::string& rendered,
               std::string& key);
  // Enqueues, waiting while the producer queue is full. Returns the error that prevented it
  // (_DESTROY when the shutdown deadline passed while waiting).
  rd_kafka_resp_err_t ProduceOrWait(const std::string& topic, std::string_view key, std::string_view value,
                                    const std::vector<KafkaHeader>& headers, void* opaque);
  void ProduceDeadLetter(Work* w, std::string_view reason, std::string_view detail);
  void ReleaseOutput(Work* w);  // one output (or the worker's hold) done
  void Finish(Work* w);
  void Abandon(Work* w);

  // Producer side.
  void DeliveryLoop();
  void OnDelivery(const rd_kafka_message_t& m);
  void OnOutputFailed(Work* w, OutputKind kind, rd_kafka_resp_err_t err);

  void OnClientError(const char* client, rd_kafka_resp_err_t err, std::string_view reason);
  void SetFatal(const std::string& message);
  Status ConfigureConsumer(KafkaConf* conf);
  Status ConfigureProducer(KafkaConf* conf);

  const Config config_;
  const Deps deps_;
  const Tuning tuning_;
  RunLog& log_;
  const bool eos_;

  // Callbacks must outlive the handles (declared first, destroyed last).
  KafkaCallbacks consumer_cb_, producer_cb_;
  std::unique_ptr<KafkaProducer> producer_;
  std::unique_ptr<KafkaConsumer> consumer_;

  std::vector<std::unique_ptr<Analyzer>> analyzers_;
  std::vector<std::unique_ptr<WorkQueue>> queues_;
  std::vector<std::thread> workers_;
  std::thread delivery_thread_;
  std::atomic<bool> delivery_stop_{false};

  // Consumer thread only.
  std::vector<std::shared_ptr<PartitionState>> parts_;
  std::shared_ptr<PartitionState> last_part_;  // lookup cache
  std::vector<std::vector<Work*>> dispatched_;  // per worker, not yet handed over
  std::map<std::pair<std::string, int32_t>, int64_t> last_committed_;
  bool paused_ = false;
  std::optional<Clock::time_point> full_since_;  // when the in-flight limit was reached
  bool txn_open_ = false;
  Clock::time_point txn_started_;
  Clock::time_point last_store_, last_metrics_;
  std::vector<uint64_t> last_busy_ns_;
  bool stopping_ = false;
  Clock::time_point stop_deadline_ = Clock::time_point::max();

  // Failed outputs to re-route (to the dead-letter topic), produced from the consumer thread.
  std::mutex retry_mu_;
  std::vector<std::pair<Work*, std::string>> retries_;  // work, detail

  std::atomic<bool> stop_requested_{false};
  std::atomic<bool> abort_produce_{false};  // shutdown deadline passed: workers stop waiting
  std::atomic<bool> joined_{false}, producer_up_{false};
  std::atomic<int64_t> in_flight_{0};
  std::atomic<int64_t> unproduced_{0};  // dispatched, outputs not yet all enqueued (exactly_once)
  std::atomic<bool> txn_poisoned_{false};  // an output of the open transaction failed: abort it
  std::unique_ptr<std::atomic<uint64_t>[]> busy_ns_;

  mutable std::mutex fatal_mu_;
  std::string fatal_;  // guarded by fatal_mu_
  std::atomic<bool> has_fatal_{false};

  struct Counters {
    std::atomic<uint64_t> consumed{0}, finished{0}, alerts{0}, verdicts{0}, dead_letters{0}, delivery_errors{0},
        abandoned{0}, pauses{0}, rebalances{0}, transactions{0};
  } n_;

  // Error log de-duplication (librdkafka repeats connection errors on every retry).
  std::mutex err_mu_;
  struct Repeats {
    Clock::time_point logged_at;
    uint64_t suppressed = 0;
  };
  std::map<std::string, Repeats> error_log_;  // guarded by err_mu_; bounded by distinct errors
};

// ---- Set-up -------------------------------------------------------------------------------------

Status Runner::Impl::ConfigureConsumer(KafkaConf* conf) {
  const auto& k = config_.kafka;
  for (const char* forced : {"enable.auto.offset.store", "enable.auto.commit"}) {
    if (k.properties.count(forced)) {
      return InvalidArgument(std::string("kafka.properties: '") + forced +
                             "' is managed by Vigil (processing_guarantee) and cannot be overridden");
    }
  }
  std::map<std::string, std::string> p = {
      {"bootstrap.servers", k.brokers},
      {"group.id", k.group_id},
      {"client.id", "vigil"},
      {"partition.assignment.strategy", "cooperative-sticky"},
      {"enable.auto.commit", eos_ ? "false" : "true"},
      {"enable.auto.offset.store", "false"},
      {"auto.commit.interval.ms", std::to_string(tuning_.auto_commit_interval_ms)},
      {"auto.offset.reset", "earliest"},  // a new group reads what was produced before it started
      {"queued.max.messages.kbytes", "16384"},  // bounds prefetch memory per instance
      {"isolation.level", eos_ ? "read_committed" : "read_uncommitted"},
  };
  if (deps_.metrics) p["statistics.interval.ms"] = "5000";
  for (const auto& [name, value] : k.properties) p[name] = value;  // passthrough wins
  return conf->SetAll(p);
}

Status Runner::Impl::ConfigureProducer(KafkaConf* conf) {
  const auto& k = config_.kafka;
  if (auto it = k.properties.find("enable.idempotence"); it != k.properties.end() && it->second != "true") {
    return InvalidArgument("kafka.properties: 'enable.idempotence' must stay true (ordering and no duplicates on retry)");
  }
  if (auto it = k.properties.find("acks"); it != k.properties.end() && it->second != "all" && it->second != "-1") {
    return InvalidArgument("kafka.properties: 'acks' must stay 'all': an alert is acknowledged only once replicated");
  }
  char host[256] = "host";
  ::gethostname(host, sizeof host - 1);
  std::map<std::string, std::string> p = {
      {"bootstrap.servers", k.brokers},
      {"client.id", "vigil"},
      {"enable.idempotence", "true"},
      {"acks", "all"},
      // Outputs are few (alerts) or already batched by the consume loop: 1 ms of batching delay
      // rather than librdkafka's 5 (produce-to-alert p50 ~5 ms lower on the embedded broker).
      {"linger.ms", "1"},
      {"queue.buffering.max.messages", std::to_string(tuning_.producer_queue_messages)},
      // At-least-once: never give up on an output because the broker is away; backpressure
      // pauses consumption meanwhile. (Transactions need a finite timeout.)
      {"message.timeout.ms", eos_ ? "60000" : "0"},
  };
  if (eos_) {
    p["transactional.id"] = "vigil-" + k.group_id + "-" + host + "-" + std::to_string(::getpid());
    p["transaction.timeout.ms"] = "60000";
  }
  for (const auto& [name, value] : k.properties) p[name] = value;
  return conf->SetAll(p);
}

Status Runner::Impl::Init() {
  if (!deps_.log || !deps_.scorer || !deps_.lexicon) return InvalidArgument("runner: log, scorer and lexicon are required");
  if (config_.kafka.brokers.empty()) return InvalidArgument("kafka.brokers: empty (the embedded broker is started by `vigil run`)");
  const int workers = config_.pipeline.workers;
  for (int i = 0; i < workers; ++i) {
    auto a = NewAnalyzer(config_);
    if (!a.ok()) return a.status();
    analyzers_.push_back(std::move(*a));
    queues_.push_back(std::make_unique<WorkQueue>(static_cast<size_t>(config_.pipeline.max_in_flight) + 1024));
  }
  busy_ns_ = std::make_unique<std::atomic<uint64_t>[]>(static_cast<size_t>(workers));
  dispatched_.resize(static_cast<size_t>(workers));
  last_busy_ns_.assign(static_cast<size_t>(workers), 0);

  auto log_fn = [this](const char* client) {
    return [this, client](int level, std::string_view fac, std::string_view text) {
      RunLog::Level l = level <= 3 ? RunLog::Level::kError
                        : level == 4 ? RunLog::Level::kWarn
                        : level <= 6 ? RunLog::Level::kInfo
                                     : RunLog::Level::kDebug;
      // kafka.properties go to both clients; each ignores (and warns about) the other's.
      if (fac == "CONFWARN" && text.find("will be ignored by this") != std::string_view::npos) {
        l = RunLog::Level::kDebug;
      }
      // Connection failures also come through the error callback (de-duplicated there).
      if (fac == "FAIL") l = RunLog::Level::kDebug;
      log_.Log(l, "librdkafka", {{"client", client}, {"facility", fac}, {"message", text}});
    };
  };
  consumer_cb_.log = log_fn("consumer");
  consumer_cb_.error = [this](rd_kafka_resp_err_t e, std::string_view r) { OnClientError("consumer", e, r); };
  consumer_cb_.rebalance = [this](rd_kafka_t*, rd_kafka_resp_err_t e, rd_kafka_topic_partition_list_t* l) {
    OnRebalance(e, l);
  };
  consumer_cb_.offset_commit = [this](rd_kafka_resp_err_t err, const rd_kafka_topic_partition_list_t* offsets) {
    if (err && err != RD_KAFKA_RESP_ERR__NO_OFFSET) {
      log_.Warn("offset_commit_failed", {{"error", rd_kafka_err2str(err)}, {"offsets", DescribePartitions(offsets)}});
      return;
    }
    uint64_t advanced = 0;
    for (int i = 0; offsets && i < offsets->cnt; ++i) {
      const auto& e = offsets->elems[i];
      if (e.err || e.offset < 0) continue;
      int64_t& last = last_committed_[{e.topic, e.partition}];
      if (last > 0 && e.offset > last) advanced += static_cast<uint64_t>(e.offset - last);
      last = std::max(last, e.offset);
    }
    if (deps_.metrics && advanced) deps_.metrics->OffsetsCommitted(advanced);
  };
  if (deps_.metrics) {
    consumer_cb_.stats = [this](std::string_view json) {
      auto j = nlohmann::json::parse(json, nullptr, false);
      if (j.is_discarded() || !j.contains("topics")) return;
      for (const auto& [topic, t] : j["topics"].items()) {
        if (!t.contains("partitions")) continue;
        for (const auto& [pid, pj] : t["partitions"].items()) {
          const int32_t partition = std::atoi(pid.c_str());
          if (partition < 0 || !pj.contains("consumer_lag")) continue;
          const int64_t lag = pj["consumer_lag"].get<int64_t>();
          if (lag >= 0) deps_.metrics->SetConsumerLag(topic, partition, lag);
        }
      }
    };
  }
  producer_cb_.log = log_fn("producer");
  producer_cb_.error = [this](rd_kafka_resp_err_t e, std::string_view r) { OnClientError("producer", e, r); };
  producer_cb_.delivery = [this](const rd_kafka_message_t& m) { OnDelivery(m); };

  KafkaConf pconf;
  pconf.SetCallbacks(&producer_cb_);
  if (Status s = ConfigureProducer(&pconf); !s.ok()) return s;
  auto producer = KafkaProducer::Create(std::move(pconf));
  if (!producer.ok()) return producer.status();
  producer_ = std::move(*producer);

  KafkaConf cconf;
  cconf.SetCallbacks(&consumer_cb_);
  if (Status s = ConfigureConsumer(&cconf); !s.ok()) return s;
  auto consumer = KafkaConsumer::Create(std::move(cconf));
  if (!consumer.ok()) return consumer.status();
  consumer_ = std::move(*consumer);

  std::string props;
  for (const auto& [name, value] : config_.kafka.properties) {
    props += (props.empty() ? "" : ", ") + name + "=" + (IsSecretProperty(name) ? std::string("<secret>") : value);
  }
  std::string topics;
  for (const auto& t : config_.kafka.input_topics) topics += (topics.empty() ? "" : ",") + t;
  log_.Info("runner_configured", {{"brokers", config_.kafka.brokers},
                                  {"group_id", config_.kafka.group_id},
                                  {"input_topics", topics},
                                  {"alert_topic", config_.kafka.alert_topic},
                                  {"dead_letter_topic", config_.kafka.dead_letter_topic},
                                  {"verdict_topic", config_.kafka.verdict_topic},
                                  {"processing_guarantee", config_.kafka.processing_guarantee},
                                  {"workers", static_cast<int64_t>(config_.pipeline.workers)},
                                  {"max_in_flight", static_cast<int64_t>(config_.pipeline.max_in_flight)},
                                  {"properties", props}});
  return Status::Ok();
}

Runner::Impl::~Impl() {
  // Run() normally leaves nothing running; this covers a Runner destroyed without Run().
  for (auto& q : queues_) q->Close();
  for (auto& t : workers_) if (t.joinable()) t.join();
  delivery_stop_.store(true);
  if (delivery_thread_.joinable()) delivery_thread_.join();
  // The handles first: their callbacks (errors while closing, late delivery reports) use the
  // members below, which would otherwise be destroyed before them.
  consumer_.reset();
  producer_.reset();
}

// ---- Errors -------------------------------------------------------------------------------------

void Runner::Impl::SetFatal(const std::string& message) {
  {
    std::lock_guard lock(fatal_mu_);
    if (!fatal_.empty()) return;
    fatal_ = message;
  }
  has_fatal_.store(true);
  log_.Error("fatal_error", {{"error", message}});
}

void Runner::Impl::OnClientError(const char* client, rd_kafka_resp_err_t err, std::string_view reason) {
  if (err == RD_KAFKA_RESP_ERR__FATAL) {
    const std::string detail = std::string(client) == "producer" ? producer_->FatalError()
                               : consumer_ ? consumer_->FatalError() : std::string(reason);
    SetFatal(std::string(client) + ": " + (detail.empty() ? std::string(reason) : detail));
    return;
  }
  if (err == RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN && std::string_view(client) == "producer") producer_up_.store(false);
  // Connection errors repeat on every reconnect attempt: log each distinct one, then at most
  // every 10 s with a count.
  // librdkafka appends "(after 0ms in state CONNECT, 1 identical error(s) suppressed)": not part
  // of what makes two errors the same.
  std::string key = std::string(client) + "|" + rd_kafka_err2name(err) + "|" + std::string(reason.substr(0, reason.find('(')));
  uint64_t suppressed = 0;
  {
    std::lock_guard lock(err_mu_);
    const auto now = Clock::now();
    auto [it, fresh] = error_log_.try_emplace(key);
    if (!fresh && now - it->second.logged_at < std::chrono::seconds(10)) {
      ++it->second.suppressed;
      return;
    }
    if (error_log_.size() > 256) error_log_.clear();  // reasons with ever-changing text: stay bounded
    suppressed = it->second.suppressed;
    it->second = {now, 0};
  }
  log_.Error("kafka_error", {{"client", client},
                             {"code", rd_kafka_err2name(err)},
                             {"reason", reason},
                             {"retrying", true},
                             {"repeats_suppressed", static_cast<int64_t>(suppressed)}});
}

// ---- Consumer thread ----------------------------------------------------------------------------

Status Runner::Impl::Run() {
  for (size_t i = 0; i < queues_.size(); ++i) workers_.emplace_back([this, i] { WorkerLoop(i); });
  delivery_thread_ = std::thread([this] { DeliveryLoop(); });
  if (eos_) {
    // Retries until the transaction coordinator answers (the broker may be starting).
    for (;;) {
      Status s = producer_->InitTransactions(milliseconds(30000));
      if (s.ok()) break;
      if (!producer_->last_txn_error_retriable() || stop_requested_.load()) {
        SetFatal(s.message());
        break;
      }
      log_.Warn("init_transactions_retry", {{"error", s.message()}});
    }
  }
  if (!has_fatal_.load()) {
    if (Status s = consumer_->Subscribe(config_.kafka.input_topics); !s.ok()) SetFatal(s.message());
  }
  log_.Info("runner_started");
  last_store_ = last_metrics_ = Clock::now();
  while (!stop_requested_.load() && !has_fatal_.load()) {
    const bool take = ApplyBackpressure();
    RetryFailedOutputs();
    if (eos_ && txn_open_ &&
        (Clock::now() - txn_started_ >= tuning_.transaction_interval ||
         in_flight_.load() >= config_.pipeline.max_in_flight)) {
      if (Status s = CommitTransaction(Clock::now() + milliseconds(60000)); !s.ok()) OnTransactionFailure(s);
    }
    if (!take) {
      std::this_thread::sleep_for(milliseconds(1));
    } else {
      KafkaMessagePtr msg = consumer_->Poll(paused_ ? milliseconds(10) : tuning_.poll_timeout);
      // Drain what is already fetched without blocking, up to a batch.
      for (int i = 1; msg; ++i) {
        Dispatch(std::move(msg));
        if ((i & 63) == 0) FlushDispatched();
        if (i >= 512 || stop_requested_.load() || ((i & 63) == 0 && !ApplyBackpressure())) break;
        msg = consumer_->Poll(milliseconds(0));
      }
      FlushDispatched();
    }
    const auto now = Clock::now();
    if (now - last_store_ >= milliseconds(20)) {
      StoreOffsets();
      last_store_ = now;
    }
    if (now - last_metrics_ >= std::chrono::seconds(1)) PeriodicMetrics();
  }
  Shutdown();
  std::lock_guard lock(fatal_mu_);
  if (!fatal_.empty()) return Internal(fatal_);
  return Status::Ok();
}

std::shared_ptr<PartitionState> Runner::Impl::FindPartition(std::string_view topic, int32_t partition) {
  if (last_part_ && last_part_->partition == partition && last_part_->topic == topic) return last_part_;
  for (auto& p : parts_) {
    if (p->partition == partition && p->topic == topic) return last_part_ = p;
  }
  return nullptr;
}

void Runner::Impl::Dispatch(KafkaMessagePtr msg) {
  if (msg->err) {
    if (msg->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) return;
    const char* topic = msg->rkt ? rd_kafka_topic_name(msg->rkt) : "";
    OnClientError("consumer", msg->err,
                  std::string(rd_kafka_message_errstr(msg.get())) + (*topic ? std::string(" (topic ") + topic + ")" : ""));
    if (msg->err == RD_KAFKA_RESP_ERR__FATAL) SetFatal("consumer: " + consumer_->FatalError());
    return;
  }
  if (stopping_) return;  // not tracked, not stored: redelivered after restart
  const std::string_view topic = rd_kafka_topic_name(msg->rkt);
  std::shared_ptr<PartitionState> part = FindPartition(topic, msg->partition);
  if (!part) {
    log_.Debug("message_for_unassigned_partition", {{"topic", topic}, {"partition", static_cast<int64_t>(msg->partition)}});
    return;
  }
  {
    std::lock_guard lock(part->mu);
    if (part->tracker.Track(Offset(msg->offset)) != OffsetTracker::TrackResult::kTracked) {
      return;  // at or below an offset already taken: it is (being) processed
    }
  }
  if (eos_) {
    if (Status s = BeginTransactionIfNeeded(); !s.ok()) {
      OnTransactionFailure(s);
      return;
    }
    part->txn_position = msg->offset + 1;
    unproduced_.fetch_add(1);
  }
  auto* w = new Work;
  w->offset = msg->offset;
  w->msg = std::move(msg);
  w->part = part;
  in_flight_.fetch_add(1);
  n_.consumed.fetch_add(1, std::memory_order_relaxed);
  if (deps_.metrics) deps_.metrics->MessageConsumed(part->topic);
  dispatched_[part->worker].push_back(w);
}

void Runner::Impl::FlushDispatched() {
  for (size_t i = 0; i < dispatched_.size(); ++i) {
    if (dispatched_[i].empty()) continue;
    queues_[i]->PushAll(&dispatched_[i]);
    for (Work* w : dispatched_[i]) Abandon(w);  // only when the queue is closed
    dispatched_[i].clear();
  }
}

void Runner::Impl::OnRebalance(rd_kafka_resp_err_t err, rd_kafka_topic_partition_list_t* partitions) {
  FlushDispatched();  // messages taken before this callback must reach the workers (and finish)
  const bool incremental = consumer_->cooperative();
  n_.rebalances.fetch_add(1);
  if (err == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS) {
    for (int i = 0; i < partitions->cnt; ++i) {
      const auto& e = partitions->elems[i];
      const size_t worker = (std::hash<std::string_view>{}(e.topic) + static_cast<size_t>(e.partition)) % queues_.size();
      // Same-named old state (eager protocol re-assign): mark it revoked first.
      for (auto it = parts_.begin(); it != parts_.end(); ++it) {
        if ((*it)->partition == e.partition && (*it)->topic == e.topic) {
          (*it)->revoked.store(true);
          parts_.erase(it);
          break;
        }
      }
      parts_.push_back(std::make_shared<PartitionState>(e.topic, e.partition, worker));
    }
    last_part_.reset();
    if (Status s = consumer_->Assign(partitions, incremental); !s.ok()) {
      log_.Error("assign_failed", {{"error", s.message()}});
    }
    if (paused_ && partitions->cnt > 0) (void)consumer_->Pause(partitions);
    joined_.store(true);
    log_.Info("partitions_assigned", {{"partitions", DescribePartitions(partitions)},
                                      {"count", static_cast<int64_t>(partitions->cnt)},
                                      {"total", static_cast<int64_t>(parts_.size())},
                                      {"protocol", incremental ? "cooperative" : "eager"}});
    return;
  }
  if (err != RD_KAFKA_RESP_ERR__REVOKE_PARTITIONS) {
    log_.Error("rebalance_error", {{"error", rd_kafka_err2str(err)}});
    (void)consumer_->Unassign(nullptr, false);
    return;
  }
  const bool lost = consumer_->assignment_lost();
  std::vector<std::shared_ptr<PartitionState>> revoked;
  for (int i = 0; i < partitions->cnt; ++i) {
    const auto& e = partitions->elems[i];
    for (auto& p : parts_) {
      if (p->partition == e.partition && p->topic == e.topic) revoked.push_back(p);
    }
  }
  int64_t abandoned = 0;
  if (!lost) {
    if (eos_) {
      // The open transaction covers the revoked partitions: commit it before they go.
      if (txn_open_) {
        if (Status s = CommitTransaction(Clock::now() + milliseconds(60000)); !s.ok()) OnTransactionFailure(s);
      }
    } else {
      const auto cap = stopping_ ? stop_deadline_ : Clock::time_point::max();
      DrainPartitions(revoked, std::min(Clock::now() + tuning_.revoke_drain, cap));
      StoreOffsets();
      PartitionListPtr commit = NewPartitionList(static_cast<int>(revoked.size()));
      for (auto& p : revoked) {
        if (p->stored >= 0) rd_kafka_topic_partition_list_add(commit.get(), p->topic.c_str(), p->partition)->offset = p->stored;
      }
      if (commit->cnt > 0) {
        if (Status s = consumer_->Commit(commit.get(), /*async=*/false); !s.ok()) {
          log_.Warn("revoke_commit_failed", {{"error", s.message()}});
        }
      }
    }
  }
  for (auto& p : revoked) {
    // A partition this instance no longer owns must not keep exporting its last lag.
    if (deps_.metrics) deps_.metrics->RemoveConsumerLag(p->topic, p->partition);
    std::lock_guard lock(p->mu);
    abandoned += static_cast<int64_t>(p->tracker.open());
    p->revoked.store(true);
    p->tracker.Reset();
  }
  parts_.erase(std::remove_if(parts_.begin(), parts_.end(), [](const auto& p) { return p->revoked.load(); }),
               parts_.end());
  last_part_.reset();
  if (Status s = consumer_->Unassign(partitions, incremental); !s.ok()) {
    log_.Error("unassign_failed", {{"error", s.message()}});
  }
  log_.Info("partitions_revoked", {{"partitions", DescribePartitions(partitions)},
                                   {"lost", lost},
                                   {"unfinished", abandoned},
                                   {"remaining", static_cast<int64_t>(parts_.size())}});
}

void Runner::Impl::DrainPartitions(const std::vector<std::shared_ptr<PartitionState>>& parts, Clock::time_point deadline) {
  for (;;) {
    size_t open = 0;
    for (const auto& p : parts) {
      std::lock_guard lock(p->mu);
      open += p->tracker.open();
    }
    if (open == 0 || has_fatal_.load()) return;
    if (Clock::now() >= deadline) {
      log_.Warn("revoke_drain_timeout", {{"unfinished", static_cast<int64_t>(open)}});
      return;
    }
    RetryFailedOutputs();
    std::this_thread::sleep_for(milliseconds(2));
  }
}

void Runner::Impl::StoreOffsets() {
  if (eos_) return;  // offsets travel in the transactions
  PartitionListPtr list;
  for (auto& p : parts_) {
    std::optional<Offset> c;
    {
      std::lock_guard lock(p->mu);
      c = p->tracker.Committable();
    }
    if (!c || c->value() <= p->stored) continue;
    if (!list) list = NewPartitionList(static_cast<int>(parts_.size()));
    rd_kafka_topic_partition_list_add(list.get(), p->topic.c_str(), p->partition)->offset = c->value();
    p->stored = c->value();
  }
  if (list) {
    if (Status s = consumer_->StoreOffsets(list.get()); !s.ok()) log_.Warn("offsets_store_failed", {{"error", s.message()}});
  }
}

void Runner::Impl::PauseAll(bool pause) {
  PartitionListPtr assignment = consumer_->Assignment();
  if (assignment->cnt == 0) return;
  Status s = pause ? consumer_->Pause(assignment.get()) : consumer_->Resume(assignment.get());
  if (!s.ok()) log_.Warn(pause ? "pause_failed" : "resume_failed", {{"error", s.message()}});
}

bool Runner::Impl::ApplyBackpressure() {
  const int64_t in_flight = in_flight_.load();
  const int64_t outq = producer_->OutQueueLength();
  const int64_t max = config_.pipeline.max_in_flight;
  const int64_t producer_high = tuning_.producer_queue_messages * 8 / 10;
  const auto now = Clock::now();
  const bool full = in_flight >= max;
  if (full && !full_since_) full_since_ = now;
  if (!full && in_flight <= max * 3 / 4) full_since_.reset();
  // At the limit, first just stop taking messages: the workers usually catch up within moments, and
  // librdkafka's prefetch is bounded (queued.max.messages.kbytes). Pausing is for stalls that last
  // (slow or unreachable outputs): it discards the prefetched messages, which are fetched again on
  // resume, so pausing on every burst would cost throughput.
  const bool stalled = outq >= producer_high || (full_since_ && now - *full_since_ >= tuning_.pause_after);
  if (!paused_ && stalled) {
    PauseAll(true);
    paused_ = true;
    n_.pauses.fetch_add(1, std::memory_order_relaxed);
    log_.Debug("backpressure_pause", {{"in_flight", in_flight}, {"producer_queue", outq},
                                      {"consumed", static_cast<int64_t>(n_.consumed.load())}});
  } else if (paused_ && !stopping_ && in_flight <= max / 2 && outq <= producer_high / 2) {
    PauseAll(false);
    paused_ = false;
    log_.Debug("backpressure_resume", {{"in_flight", in_flight}, {"producer_queue", outq},
                                       {"consumed", static_cast<int64_t>(n_.consumed.load())}});
  }
  // Paused: poll (callbacks, stragglers). Not paused: take messages unless at the limit.
  return paused_ || full_since_ == std::nullopt;
}

void Runner::Impl::RetryFailedOutputs() {
  std::vector<std::pair<Work*, std::string>> retries;
  {
    std::lock_guard lock(retry_mu_);
    retries.swap(retries_);
  }
  for (auto& [w, detail] : retries) ProduceDeadLetter(w, "processing_error", detail);
}

void Runner::Impl::PeriodicMetrics() {
  const auto now = Clock::now();
  const double secs = std::chrono::duration<double>(now - last_metrics_).count();
  last_metrics_ = now;
  if (!deps_.metrics) return;
  deps_.metrics->SetReady(joined_.load() && producer_up_.load());
  deps_.metrics->SetInFlight(in_flight_.load());
  deps_.metrics->SetProducerQueue(producer_->OutQueueLength());
  for (size_t i = 0; i < last_busy_ns_.size(); ++i) {
    const uint64_t busy = busy_ns_[i].load(std::memory_order_relaxed);
    const double ratio = secs > 0 ? static_cast<double>(busy - last_busy_ns_[i]) / 1e9 / secs : 0;
    last_busy_ns_[i] = busy;
    deps_.metrics->SetWorkerBusyRatio(static_cast<int>(i), std::min(1.0, ratio));
  }
}

void Runner::Impl::Shutdown() {
  stopping_ = true;
  joined_.store(false);
  if (deps_.metrics) deps_.metrics->SetReady(false);
  const auto started = Clock::now();
  stop_deadline_ = started + std::chrono::seconds(config_.pipeline.shutdown_deadline_seconds);
  log_.Info("shutdown_started", {{"in_flight", in_flight_.load()},
                                 {"deadline_seconds", static_cast<int64_t>(config_.pipeline.shutdown_deadline_seconds)}});
  // 1. Stop fetching. 2. Finish what is in flight (serving consumer callbacks meanwhile).
  PauseAll(true);
  paused_ = true;
  while (in_flight_.load() > 0 && Clock::now() < stop_deadline_ && !has_fatal_.load()) {
    if (eos_ && txn_open_ && unproduced_.load() == 0) {
      if (Status s = CommitTransaction(stop_deadline_); !s.ok()) OnTransactionFailure(s);
    }
    (void)consumer_->Poll(milliseconds(5));  // anything returned now is dropped, uncommitted
    RetryFailedOutputs();
    StoreOffsets();
  }
  if (eos_ && txn_open_ && !has_fatal_.load()) {
    if (Status s = CommitTransaction(stop_deadline_); !s.ok()) OnTransactionFailure(s);
  }
  // 3. Flush what the producer still holds.
  const auto remaining = [&] {
    return std::max(milliseconds(0), std::chrono::duration_cast<milliseconds>(stop_deadline_ - Clock::now()));
  };
  if (Status s = producer_->Flush(remaining()); !s.ok()) log_.Warn("flush_incomplete", {{"error", s.message()}});
  StoreOffsets();
  const int64_t unfinished = in_flight_.load();
  if (unfinished > 0) {
    log_.Warn("shutdown_deadline_passed", {{"unfinished", unfinished}, {"note", "not committed: redelivered later"}});
  }
  // 4. Leave the group: the revocation commits the stored offsets synchronously.
  abort_produce_.store(true);
  const auto close_deadline = std::max(stop_deadline_, Clock::now() + std::chrono::seconds(2));
  if (Status s = consumer_->Close(close_deadline); !s.ok()) log_.Warn("consumer_close_incomplete", {{"error", s.message()}});
  // 5. Workers and the producer.
  for (auto& q : queues_) q->Close();
  for (auto& t : workers_) t.join();
  workers_.clear();
  if (producer_->OutQueueLength() > 0) {
    producer_->Purge();
    (void)producer_->Flush(milliseconds(500));  // serves the purge reports, freeing their work
  }
  delivery_stop_.store(true);
  delivery_thread_.join();
  const RunnerStats st = stats();
  log_.Info("shutdown_complete", {{"seconds", std::chrono::duration<double>(Clock::now() - started).count()},
                                  {"consumed", static_cast<int64_t>(st.consumed)},
                                  {"finished", static_cast<int64_t>(st.finished)},
                                  {"alerts", static_cast<int64_t>(st.alerts)},
                                  {"dead_letters", static_cast<int64_t>(st.dead_letters)},
                                  {"abandoned", static_cast<int64_t>(st.abandoned)}});
}

// ---- exactly_once ------------------------------------------------------------------------------

Status Runner::Impl::BeginTransactionIfNeeded() {
  if (txn_open_) return Status::Ok();
  if (Status s = producer_->BeginTransaction(); !s.ok()) return s;
  txn_open_ = true;
  txn_started_ = Clock::now();
  return Status::Ok();
}

Status Runner::Impl::CommitTransaction(Clock::time_point deadline) {
  if (!txn_open_) return Status::Ok();
  FlushDispatched();
  // Every dispatched message must have its outputs in the producer before the offsets go in.
  while (unproduced_.load() > 0) {
    if (Clock::now() >= deadline) return Unavailable("commit_transaction: workers did not finish before the deadline");
    std::this_thread::sleep_for(milliseconds(1));
  }
  PartitionListPtr offsets = NewPartitionList(static_cast<int>(parts_.size()));
  for (auto& p : parts_) {
    if (p->txn_position >= 0) {
      rd_kafka_topic_partition_list_add(offsets.get(), p->topic.c_str(), p->partition)->offset = p->txn_position;
    }
  }
  const auto left = [&] {
    return std::max(milliseconds(1000), std::chrono::duration_cast<milliseconds>(deadline - Clock::now()));
  };
  if (txn_poisoned_.load()) {
    // Abortable by construction: OnTransactionFailure aborts and rewinds to the last commit.
    return Status(StatusCode::kUnavailable, "an output of the transaction failed");
  }
  if (offsets->cnt > 0) {
    if (Status s = producer_->SendOffsetsToTransaction(offsets.get(), *consumer_, left()); !s.ok()) return s;
  }
  for (;;) {
    Status s = producer_->CommitTransaction(left());
    if (s.ok()) break;
    if (producer_->last_txn_error_retriable() && Clock::now() < deadline) continue;
    return s;
  }
  txn_open_ = false;
  n_.transactions.fetch_add(1, std::memory_order_relaxed);
  for (auto& p : parts_) p->txn_position = -1;
  return Status::Ok();
}

void Runner::Impl::OnTransactionFailure(const Status& s) {
  if (!producer_->last_txn_error_abortable() && !txn_poisoned_.load()) {
    SetFatal("transaction: " + s.message());
    return;
  }
  log_.Warn("transaction_aborted", {{"error", s.message()}});
  FlushDispatched();
  while (unproduced_.load() > 0) std::this_thread::sleep_for(milliseconds(1));
  if (Status a = producer_->AbortTransaction(milliseconds(60000)); !a.ok()) {
    SetFatal("abort_transaction: " + a.message());
    return;
  }
  txn_open_ = false;
  txn_poisoned_.store(false);
  // Re-read everything since the last committed transaction.
  PartitionListPtr list = NewPartitionList(static_cast<int>(parts_.size()));
  for (auto& p : parts_) {
    rd_kafka_topic_partition_list_add(list.get(), p->topic.c_str(), p->partition);
    std::lock_guard lock(p->mu);
    p->tracker.Reset();
    p->txn_position = -1;
  }
  if (list->cnt > 0) {
    if (Status r = consumer_->RewindToCommitted(list.get(), milliseconds(30000)); !r.ok()) {
      SetFatal("rewind after abort: " + r.message());
    }
  }
}

// ---- Workers ------------------------------------------------------------------------------------

void Runner::Impl::WorkerLoop(size_t index) {
  Analyzer& analyzer = *analyzers_[index];
  Verdict verdict;
  std::string rendered, key;
  std::vector<Work*> batch;
  batch.reserve(64);
  while (queues_[index]->PopBatch(&batch, 64)) {
    const auto t0 = Clock::now();
    std::shared_ptr<const CompiledLexicon> lexicon = deps_.lexicon();
    for (Work* w : batch) Process(w, *lexicon, analyzer, verdict, rendered, key);
    busy_ns_[index].fetch_add(
        static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - t0).count()),
        std::memory_order_relaxed);
  }
}

void Runner::Impl::Process(Work* w, const CompiledLexicon& lexicon, Analyzer& analyzer, Verdict& verdict,
                           std::string& rendered, std::string& key) {
  if (w->part->revoked.load()) {
    if (eos_) unproduced_.fetch_sub(1);
    Abandon(w);
    return;
  }
  const rd_kafka_message_t& m = *w->msg;
  const std::string_view value(static_cast<const char*>(m.payload), m.payload ? m.len : 0);
  ParseOptions popts;
  popts.max_bytes = config_.pipeline.max_message_bytes;
  const auto t0 = Clock::now();
  ParsedMessage p = ParseMessage(value, popts);
  w->outstanding.store(1);  // the worker's hold
  if (!p.ok()) {
    w->outstanding.fetch_add(1);
    if (deps_.metrics) deps_.metrics->DeadLettered(p.reason);
    ProduceDeadLetter(w, RejectReasonName(p.reason), p.detail);
  } else {
    analyzer.Analyze(p.message, lexicon, *deps_.scorer, &verdict);
    if (deps_.metrics) {
      deps_.metrics->ObserveProcessingSeconds(std::chrono::duration<double>(Clock::now() - t0).count());
      deps_.metrics->MessageAnalysed(verdict);
    }
    const bool flagged = verdict.severity != Severity::kNone;
    const bool all = !config_.kafka.verdict_topic.empty();
    if (flagged || all) {
      AlertOptions aopts;
      aopts.processed_at = NowRfc3339();
      aopts.pseudonymise = config_.alerts.pseudonymise_authors;
      aopts.pseudonym_key = config_.alerts.pseudonym_key;
      rendered = RenderAlert(p.message, verdict, lexicon, aopts);
      if (!p.message.source.channel.empty()) {
        key = p.message.source.platform + ":" + p.message.source.channel;
      } else if (!p.message.region.empty()) {
        key = "region:" + p.message.region;
      } else {
        key.assign(static_cast<const char*>(m.key ? m.key : ""), m.key ? m.key_len : 0);
      }
      w->outstanding.fetch_add(static_cast<int>(flagged) + static_cast<int>(all));
      if (flagged) {
        if (deps_.metrics) deps_.metrics->AlertProduced(verdict, lexicon, p.message);
        if (auto err = ProduceOrWait(config_.kafka.alert_topic, key, rendered, {}, Tag(w, OutputKind::kAlert))) {
          OnOutputFailed(w, OutputKind::kAlert, err);
        }
      }
      if (all) {
        if (auto err = ProduceOrWait(config_.kafka.verdict_topic, key, rendered, {}, Tag(w, OutputKind::kVerdict))) {
          OnOutputFailed(w, OutputKind::kVerdict, err);
        }
      }
    }
  }
  if (eos_) unproduced_.fetch_sub(1);
  ReleaseOutput(w);  // the hold
}

rd_kafka_resp_err_t Runner::Impl::ProduceOrWait(const std::string& topic, std::string_view key, std::string_view value,
                                                const std::vector<KafkaHeader>& headers, void* opaque) {
  for (;;) {
    const rd_kafka_resp_err_t err = producer_->Produce(topic, key, value, headers, opaque);
    if (err == RD_KAFKA_RESP_ERR_NO_ERROR) return err;
    if (err != RD_KAFKA_RESP_ERR__QUEUE_FULL) {
      log_.Error("produce_failed", {{"topic", topic}, {"error", rd_kafka_err2str(err)}});
      return err;
    }
    if (abort_produce_.load()) return RD_KAFKA_RESP_ERR__DESTROY;
    std::this_thread::sleep_for(milliseconds(1));  // the delivery thread drains the queue
  }
}

void Runner::Impl::ProduceDeadLetter(Work* w, std::string_view reason, std::string_view detail) {
  const rd_kafka_message_t& m = *w->msg;
  std::string_view value(static_cast<const char*>(m.payload), m.payload ? m.len : 0);
  const std::string original_size = std::to_string(value.size());
  const bool truncated = value.size() > kDeadLetterMaxBytes;
  if (truncated) value = value.substr(0, kDeadLetterMaxBytes);
  const std::string partition = std::to_string(m.partition);
  const std::string offset = std::to_string(m.offset);
  std::vector<KafkaHeader> headers = {{"vigil.reason", reason},
                                      {"vigil.detail", detail},
                                      {"vigil.topic", w->part->topic},
                                      {"vigil.partition", partition},
                                      {"vigil.offset", offset}};
  if (truncated) {
    headers.push_back({"vigil.truncated", "true"});
    headers.push_back({"vigil.original_size", original_size});
  }
  const std::string_view key(static_cast<const char*>(m.key ? m.key : ""), m.key ? m.key_len : 0);
  if (auto err = ProduceOrWait(config_.kafka.dead_letter_topic, key, value, headers, Tag(w, OutputKind::kDeadLetter))) {
    OnOutputFailed(w, OutputKind::kDeadLetter, err);
  }
}

void Runner::Impl::ReleaseOutput(Work* w) {
  if (w->outstanding.fetch_sub(1) != 1) return;
  if (w->failed.load()) {
    Abandon(w);
  } else {
    Finish(w);
  }
}

void Runner::Impl::Finish(Work* w) {
  {
    std::lock_guard lock(w->part->mu);
    if (!w->part->revoked.load()) w->part->tracker.Complete(Offset(w->offset));
  }
  if (deps_.metrics) {
    deps_.metrics->MessageProcessed();
    rd_kafka_timestamp_type_t type;
    const int64_t ts = rd_kafka_message_timestamp(w->msg.get(), &type);
    if (ts > 0 && type == RD_KAFKA_TIMESTAMP_CREATE_TIME) {
      const int64_t now_ms = std::chrono::duration_cast<milliseconds>(
                                 std::chrono::system_clock::now().time_since_epoch()).count();
      if (now_ms >= ts) deps_.metrics->ObserveEndToEndSeconds(static_cast<double>(now_ms - ts) / 1000.0);
    }
  }
  n_.finished.fetch_add(1, std::memory_order_relaxed);
  in_flight_.fetch_sub(1);
  delete w;
}

void Runner::Impl::Abandon(Work* w) {
  n_.abandoned.fetch_add(1, std::memory_order_relaxed);
  in_flight_.fetch_sub(1);
  delete w;
}

// ---- Producer side ------------------------------------------------------------------------------

void Runner::Impl::DeliveryLoop() {
  // Readiness: can the producer reach a broker at all? Then delivery reports until stopped.
  while (!producer_up_.load() && !delivery_stop_.load()) {
    const rd_kafka_metadata_t* md = nullptr;
    if (rd_kafka_metadata(producer_->handle(), 0, nullptr, &md, 2000) == RD_KAFKA_RESP_ERR_NO_ERROR) {
      rd_kafka_metadata_destroy(md);
      producer_up_.store(true);
      log_.Info("producer_connected");
      break;
    }
    producer_->Poll(milliseconds(100));
  }
  while (!delivery_stop_.load()) producer_->Poll(milliseconds(50));
}

void Runner::Impl::OnDelivery(const rd_kafka_message_t& m) {
  Work* w = Untag(m._private);
  const OutputKind kind = KindOf(m._private);
  if (m.err) {
    OnOutputFailed(w, kind, m.err);
    return;
  }
  producer_up_.store(true, std::memory_order_relaxed);
  switch (kind) {
    case OutputKind::kAlert: n_.alerts.fetch_add(1, std::memory_order_relaxed); break;
    case OutputKind::kVerdict: n_.verdicts.fetch_add(1, std::memory_order_relaxed); break;
    case OutputKind::kDeadLetter: n_.dead_letters.fetch_add(1, std::memory_order_relaxed); break;
  }
  ReleaseOutput(w);
}

void Runner::Impl::OnOutputFailed(Work* w, OutputKind kind, rd_kafka_resp_err_t err) {
  n_.delivery_errors.fetch_add(1, std::memory_order_relaxed);
  const bool shutting_down = abort_produce_.load() || err == RD_KAFKA_RESP_ERR__PURGE_QUEUE ||
                             err == RD_KAFKA_RESP_ERR__PURGE_INFLIGHT || err == RD_KAFKA_RESP_ERR__DESTROY;
  if (eos_ && !shutting_down) {
    // The transaction must not commit this input's offset: abort it and re-read (see CommitTransaction).
    txn_poisoned_.store(true);
    log_.Error("output_delivery_failed", {{"error", rd_kafka_err2str(err)}, {"action", "abort transaction"}});
  }
  if (shutting_down || eos_) {
    // Not delivered: the offset is not stored (or the transaction aborts), so the input is read again.
    w->failed.store(true);
    ReleaseOutput(w);
    return;
  }
  const std::string what = kind == OutputKind::kAlert ? "alert" : kind == OutputKind::kVerdict ? "verdict" : "dead letter";
  if (kind == OutputKind::kDeadLetter) {
    // Nowhere left to put it: stop without committing it (a restart retries).
    SetFatal("dead-letter delivery failed for " + w->part->topic + "[" + std::to_string(w->part->partition) + "]@" +
             std::to_string(w->offset) + ": " + rd_kafka_err2str(err));
    w->failed.store(true);
    ReleaseOutput(w);
    return;
  }
  log_.Error("output_delivery_failed", {{"output", what},
                                        {"error", rd_kafka_err2str(err)},
                                        {"topic", w->part->topic},
                                        {"partition", static_cast<int64_t>(w->part->partition)},
                                        {"offset", w->offset},
                                        {"action", "dead-lettered as processing_error"}});
  // Re-route from the consumer thread: producing here could wait on a full queue that only this
  // (delivery) thread drains. The output's count carries over to the dead letter.
  std::lock_guard lock(retry_mu_);
  retries_.emplace_back(w, what + " delivery failed: " + rd_kafka_err2str(err));
}

RunnerStats Runner::Impl::stats() const {
  RunnerStats s;
  s.consumed = n_.consumed.load();
  s.finished = n_.finished.load();
  s.alerts = n_.alerts.load();
  s.verdicts = n_.verdicts.load();
  s.dead_letters = n_.dead_letters.load();
  s.delivery_errors = n_.delivery_errors.load();
  s.abandoned = n_.abandoned.load();
  s.pauses = n_.pauses.load();
  s.rebalances = n_.rebalances.load();
  s.transactions = n_.transactions.load();
  s.in_flight = in_flight_.load();
  return s;
}

// ---- Runner -------------------------------------------------------------------------------------

StatusOr<std::unique_ptr<Runner>> Runner::Create(const Config& config, Deps deps) {
  return Create(config, std::move(deps), Tuning{});
}

StatusOr<std::unique_ptr<Runner>> Runner::Create(const Config& config, Deps deps, const Tuning& tuning) {
  auto impl = std::make_unique<Impl>(config, std::move(deps), tuning);
  if (Status s = impl->Init(); !s.ok()) return s;
  return std::unique_ptr<Runner>(new Runner(std::move(impl)));
}

Runner::Runner(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Runner::~Runner() = default;
Status Runner::Run() { return impl_->Run(); }
void Runner::Stop() { impl_->Stop(); }
RunnerStats Runner::stats() const { return impl_->stats(); }
bool Runner::group_joined() const { return impl_->group_joined(); }
bool Runner::producer_connected() const { return impl_->producer_connected(); }

}  // namespace vigil
