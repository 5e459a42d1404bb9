// kafka_client.h: the one place that owns librdkafka C handles (RAII), and thin typed wrappers
// for what Vigil needs from a consumer, a producer and their configuration.
//
//   KafkaConf conf;
//   if (Status s = conf.Set("bootstrap.servers", brokers); !s.ok()) return s;   // error names the property
//   auto consumer = KafkaConsumer::Create(std::move(conf));                      // StatusOr
//   (*consumer)->Subscribe({"vigil.input"});
//   KafkaMessagePtr m = (*consumer)->Poll(std::chrono::milliseconds(100));
//
// Ownership: every rd_kafka_* object is held by a unique_ptr with the matching destroy call.
// rd_kafka_new() takes the configuration only on success; KafkaConf::Release hands it over and the
// wrappers take care of that asymmetry. Destroying a KafkaConsumer closes it first (leaving the
// group) unless Close() was already called; destroying a KafkaProducer does NOT flush: flush
// explicitly with a deadline (librdkafka's documented shutdown order).
//
// Thread-safety: librdkafka handles are thread-safe; so are these wrappers' const and Produce
// methods. Poll() on one consumer must be called from one thread at a time.
//
// Secrets: values of properties for which IsSecretProperty() is true never appear in a Status or log.
#pragma once

#include <librdkafka/rdkafka.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "classifiers/status.h"

namespace vigil {

// ---- RAII handles -------------------------------------------------------------------------------

struct RdKafkaConfDeleter {
  void operator()(rd_kafka_conf_t* c) const { rd_kafka_conf_destroy(c); }
};
struct RdKafkaHandleDeleter {
  void operator()(rd_kafka_t* rk) const { rd_kafka_destroy(rk); }
};
struct RdKafkaMessageDeleter {
  void operator()(rd_kafka_message_t* m) const { rd_kafka_message_destroy(m); }
};
struct RdKafkaPartitionListDeleter {
  void operator()(rd_kafka_topic_partition_list_t* l) const { rd_kafka_topic_partition_list_destroy(l); }
};
struct RdKafkaErrorDeleter {
  void operator()(rd_kafka_error_t* e) const { rd_kafka_error_destroy(e); }
};
struct RdKafkaQueueDeleter {
  void operator()(rd_kafka_queue_t* q) const { rd_kafka_queue_destroy(q); }
};
struct RdKafkaGroupMetadataDeleter {
  void operator()(rd_kafka_consumer_group_metadata_t* g) const { rd_kafka_consumer_group_metadata_destroy(g); }
};

using KafkaHandlePtr = std::unique_ptr<rd_kafka_t, RdKafkaHandleDeleter>;
using KafkaMessagePtr = std::unique_ptr<rd_kafka_message_t, RdKafkaMessageDeleter>;
using PartitionListPtr = std::unique_ptr<rd_kafka_topic_partition_list_t, RdKafkaPartitionListDeleter>;
using KafkaErrorPtr = std::unique_ptr<rd_kafka_error_t, RdKafkaErrorDeleter>;
using KafkaQueuePtr = std::unique_ptr<rd_kafka_queue_t, RdKafkaQueueDeleter>;
using GroupMetadataPtr = std::unique_ptr<rd_kafka_consumer_group_metadata_t, RdKafkaGroupMetadataDeleter>;

inline PartitionListPtr NewPartitionList(int size_hint) {
  return PartitionListPtr(rd_kafka_topic_partition_list_new(size_hint));
}

// Converts a librdkafka error into a Status (kUnavailable for retriable ones, else kInternal),
// prefixed by `what`.
Status KafkaStatus(std::string_view what, rd_kafka_resp_err_t err);
// Same for rd_kafka_error_t (takes ownership; nullptr is OK).
Status KafkaStatus(std::string_view what, rd_kafka_error_t* error);

// Callbacks of one librdkafka handle. Empty functions are not installed. librdkafka has a single
// opaque pointer per handle, so they travel together; the struct must outlive the handle.
struct KafkaCallbacks {
  // librdkafka's log lines: syslog level (0 emerg .. 7 debug), facility, text. From any thread.
  std::function<void(int level, std::string_view facility, std::string_view message)> log;
  // Client-level errors (error_cb): broker down, authentication, fatal errors. From any thread.
  std::function<void(rd_kafka_resp_err_t err, std::string_view reason)> error;
  // Consumer group rebalances (rebalance_cb); runs inside KafkaConsumer::Poll(). The callee must
  // (incrementally) assign/unassign `partitions`.
  std::function<void(rd_kafka_t* rk, rd_kafka_resp_err_t err, rd_kafka_topic_partition_list_t* partitions)> rebalance;
  // Producer delivery reports (dr_msg_cb); run inside KafkaProducer::Poll()/Flush().
  std::function<void(const rd_kafka_message_t& message)> delivery;
  // Results of offset commits (offset_commit_cb); run inside KafkaConsumer::Poll().
  std::function<void(rd_kafka_resp_err_t err, const rd_kafka_topic_partition_list_t* offsets)> offset_commit;
  // statistics.interval.ms JSON; inside Poll().
  std::function<void(std::string_view json)> stats;
};

// ---- Configuration ------------------------------------------------------------------------------

class KafkaConf {
 public:
  KafkaConf();
  KafkaConf(KafkaConf&&) = default;
  KafkaConf& operator=(KafkaConf&&) = default;

  // Sets one property. The error names the property and librdkafka's reason; the value is shown
  // only when it is not a secret.
  [[nodiscard]] Status Set(std::string_view name, std::string_view value);
  // Sets each property; stops at the first error.
  [[nodiscard]] Status SetAll(const std::map<std::string, std::string>& properties);
  // Current value of a property, or "" when unset/unknown.
  std::string Get(std::string_view name) const;

  // Installs the non-empty callbacks of `callbacks` (not owned; must outlive the handle).
  void SetCallbacks(KafkaCallbacks* callbacks);

  rd_kafka_conf_t* get() { return conf_.get(); }
  rd_kafka_conf_t* release() { return conf_.release(); }

 private:
  std::unique_ptr<rd_kafka_conf_t, RdKafkaConfDeleter> conf_;
};

// rd_kafka_new() of `type` with `conf` (consumed on success and on failure).
StatusOr<KafkaHandlePtr> NewKafkaHandle(rd_kafka_type_t type, KafkaConf conf);

// ---- Consumer -----------------------------------------------------------------------------------

// A high-level (group) consumer. A rebalance callback (KafkaCallbacks::rebalance) runs inside Poll().
class KafkaConsumer {
 public:
  static StatusOr<std::unique_ptr<KafkaConsumer>> Create(KafkaConf conf);
  ~KafkaConsumer();
  KafkaConsumer(const KafkaConsumer&) = delete;
  KafkaConsumer& operator=(const KafkaConsumer&) = delete;

  [[nodiscard]] Status Subscribe(const std::vector<std::string>& topics);
  // The next message or event-as-message (check ->err), or nullptr on timeout.
  KafkaMessagePtr Poll(std::chrono::milliseconds timeout);
  // Leaves the group (committing stored offsets when auto-commit is on), serving callbacks until
  // done or `deadline` passes. After a timeout the handle is destroyed without a clean close.
  [[nodiscard]] Status Close(std::chrono::steady_clock::time_point deadline);

  // Assignment. `incremental` selects the cooperative calls (incremental_assign/unassign).
  [[nodiscard]] Status Assign(const rd_kafka_topic_partition_list_t* partitions, bool incremental);
  [[nodiscard]] Status Unassign(const rd_kafka_topic_partition_list_t* partitions, bool incremental);
  // True when the group uses the COOPERATIVE rebalance protocol (cooperative-sticky).
  bool cooperative() const;
  // True when the current assignment was lost (session timed out) rather than revoked.
  bool assignment_lost() const;
  PartitionListPtr Assignment() const;
  [[nodiscard]] Status Pause(const rd_kafka_topic_partition_list_t* partitions);
  [[nodiscard]] Status Resume(const rd_kafka_topic_partition_list_t* partitions);

  // Offsets (next offset to read). StoreOffsets feeds auto-commit; Commit sends them now
  // (`offsets` null: everything stored), synchronously unless `async`.
  [[nodiscard]] Status StoreOffsets(const rd_kafka_topic_partition_list_t* offsets);
  [[nodiscard]] Status Commit(const rd_kafka_topic_partition_list_t* offsets, bool async);
  // Fills `partitions`' offsets with the group's committed offsets, then seeks there.
  [[nodiscard]] Status RewindToCommitted(rd_kafka_topic_partition_list_t* partitions, std::chrono::milliseconds timeout);
  // The fatal error text, or "" when the handle has not raised one.
  std::string FatalError() const;

  rd_kafka_t* handle() const { return rk_.get(); }

 private:
  explicit KafkaConsumer(KafkaHandlePtr rk) : rk_(std::move(rk)) {}
  KafkaHandlePtr rk_;
  bool closed_ = false;
};

// ---- Producer -----------------------------------------------------------------------------------

struct KafkaHeader {
  std::string_view name;
  std::string_view value;
};

class KafkaProducer {
 public:
  // Delivery reports (KafkaCallbacks::delivery) are served by Poll()/Flush().
  static StatusOr<std::unique_ptr<KafkaProducer>> Create(KafkaConf conf);
  ~KafkaProducer() = default;
  KafkaProducer(const KafkaProducer&) = delete;
  KafkaProducer& operator=(const KafkaProducer&) = delete;

  // Enqueues one message (copied). `opaque` comes back in the delivery report (msg->_private).
  // RD_KAFKA_RESP_ERR__QUEUE_FULL means: poll and retry (backpressure).
  rd_kafka_resp_err_t Produce(const std::string& topic, std::string_view key, std::string_view value,
                              const std::vector<KafkaHeader>& headers, void* opaque);
  // Serves delivery reports.
  int Poll(std::chrono::milliseconds timeout) { return rd_kafka_poll(rk_.get(), static_cast<int>(timeout.count())); }
  // Waits for every queued message to be delivered (or fail), up to `timeout`.
  [[nodiscard]] Status Flush(std::chrono::milliseconds timeout);
  // Messages not yet delivered (queued or in flight), plus pending callbacks.
  int OutQueueLength() const { return rd_kafka_outq_len(rk_.get()); }

  // Transactions (processing_guarantee: exactly_once).
  [[nodiscard]] Status InitTransactions(std::chrono::milliseconds timeout);
  [[nodiscard]] Status BeginTransaction();
  // Adds `offsets` (next offsets to consume) for the consumer's group to the transaction.
  [[nodiscard]] Status SendOffsetsToTransaction(const rd_kafka_topic_partition_list_t* offsets,
                                                const KafkaConsumer& consumer, std::chrono::milliseconds timeout);
  [[nodiscard]] Status CommitTransaction(std::chrono::milliseconds timeout);
  [[nodiscard]] Status AbortTransaction(std::chrono::milliseconds timeout);
  // For the last failed transactional call: can it be aborted and retried?
  bool last_txn_error_abortable() const { return last_txn_abortable_; }
  bool last_txn_error_retriable() const { return last_txn_retriable_; }

  std::string FatalError() const;
  // Purges queued and in-flight messages (their delivery reports say _PURGE_QUEUE/_PURGE_INFLIGHT).
  void Purge();
  rd_kafka_t* handle() const { return rk_.get(); }

 private:
  explicit KafkaProducer(KafkaHandlePtr rk) : rk_(std::move(rk)) {}
  Status TxnStatus(std::string_view what, rd_kafka_error_t* error);
  KafkaHandlePtr rk_;
  bool last_txn_abortable_ = false;
  bool last_txn_retriable_ = false;
};

// Number of partitions of `topic` as the cluster reports it (NotFound when it does not exist).
StatusOr<int> PartitionCount(rd_kafka_t* rk, const std::string& topic, std::chrono::milliseconds timeout);

// Offsets of `list` as "topic[p]@offset, ..." for logs.
std::string DescribePartitions(const rd_kafka_topic_partition_list_t* list);

}  // namespace vigil
