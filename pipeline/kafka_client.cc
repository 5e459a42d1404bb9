#include "pipeline/kafka_client.h"

#include <thread>

#include "pipeline/config.h"

namespace vigil {
namespace {

KafkaCallbacks* Callbacks(void* opaque) { return static_cast<KafkaCallbacks*>(opaque); }

void LogTrampoline(const rd_kafka_t* rk, int level, const char* fac, const char* buf) {
  auto* cb = Callbacks(rd_kafka_opaque(rk));
  if (cb && cb->log) cb->log(level, fac ? fac : "", buf ? buf : "");
}

void ErrorTrampoline(rd_kafka_t*, int err, const char* reason, void* opaque) {
  auto* cb = Callbacks(opaque);
  if (cb && cb->error) cb->error(static_cast<rd_kafka_resp_err_t>(err), reason ? reason : "");
}

void RebalanceTrampoline(rd_kafka_t* rk, rd_kafka_resp_err_t err, rd_kafka_topic_partition_list_t* partitions,
                         void* opaque) {
  auto* cb = Callbacks(opaque);
  cb->rebalance(rk, err, partitions);
}

void DeliveryTrampoline(rd_kafka_t*, const rd_kafka_message_t* msg, void* opaque) {
  auto* cb = Callbacks(opaque);
  cb->delivery(*msg);
}

void CommitTrampoline(rd_kafka_t*, rd_kafka_resp_err_t err, rd_kafka_topic_partition_list_t* offsets, void* opaque) {
  auto* cb = Callbacks(opaque);
  cb->offset_commit(err, offsets);
}

int StatsTrampoline(rd_kafka_t*, char* json, size_t len, void* opaque) {
  auto* cb = Callbacks(opaque);
  cb->stats(std::string_view(json, len));
  return 0;  // librdkafka frees `json`
}

}  // namespace

Status KafkaStatus(std::string_view what, rd_kafka_resp_err_t err) {
  if (err == RD_KAFKA_RESP_ERR_NO_ERROR) return Status::Ok();
  std::string m = std::string(what) + ": " + rd_kafka_err2str(err) + " (" + rd_kafka_err2name(err) + ")";
  switch (err) {
    case RD_KAFKA_RESP_ERR__TRANSPORT:
    case RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN:
    case RD_KAFKA_RESP_ERR__TIMED_OUT:
    case RD_KAFKA_RESP_ERR__QUEUE_FULL:
    case RD_KAFKA_RESP_ERR__MSG_TIMED_OUT:
    case RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT:
    case RD_KAFKA_RESP_ERR_COORDINATOR_NOT_AVAILABLE:
    case RD_KAFKA_RESP_ERR_NOT_COORDINATOR:
    case RD_KAFKA_RESP_ERR_LEADER_NOT_AVAILABLE:
    case RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION:
      return Unavailable(std::move(m));
    case RD_KAFKA_RESP_ERR__INVALID_ARG:
    case RD_KAFKA_RESP_ERR__UNKNOWN_TOPIC:
    case RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART:
      return InvalidArgument(std::move(m));
    default:
      return Internal(std::move(m));
  }
}

Status KafkaStatus(std::string_view what, rd_kafka_error_t* error) {
  if (!error) return Status::Ok();
  KafkaErrorPtr owned(error);
  std::string m = std::string(what) + ": " + rd_kafka_error_string(error) + " (" + rd_kafka_error_name(error) + ")";
  if (rd_kafka_error_is_retriable(error)) return Unavailable(std::move(m));
  return Internal(std::move(m));
}

KafkaConf::KafkaConf() : conf_(rd_kafka_conf_new()) {}

Status KafkaConf::Set(std::string_view name, std::string_view value) {
  char err[512];
  const std::string n(name), v(value);
  if (rd_kafka_conf_set(conf_.get(), n.c_str(), v.c_str(), err, sizeof err) != RD_KAFKA_CONF_OK) {
    const std::string shown = IsSecretProperty(name) ? std::string("<secret>") : "\"" + v + "\"";
    return InvalidArgument("kafka property '" + n + "' = " + shown + ": " + err);
  }
  return Status::Ok();
}

Status KafkaConf::SetAll(const std::map<std::string, std::string>& properties) {
  for (const auto& [k, v] : properties) {
    if (Status s = Set(k, v); !s.ok()) return s;
  }
  return Status::Ok();
}

std::string KafkaConf::Get(std::string_view name) const {
  char buf[1024];
  size_t size = sizeof buf;
  if (rd_kafka_conf_get(conf_.get(), std::string(name).c_str(), buf, &size) != RD_KAFKA_CONF_OK) return "";
  return buf;
}

void KafkaConf::SetCallbacks(KafkaCallbacks* callbacks) {
  rd_kafka_conf_set_opaque(conf_.get(), callbacks);
  if (callbacks->log) rd_kafka_conf_set_log_cb(conf_.get(), LogTrampoline);
  if (callbacks->error) rd_kafka_conf_set_error_cb(conf_.get(), ErrorTrampoline);
  if (callbacks->rebalance) rd_kafka_conf_set_rebalance_cb(conf_.get(), RebalanceTrampoline);
  if (callbacks->delivery) rd_kafka_conf_set_dr_msg_cb(conf_.get(), DeliveryTrampoline);
  if (callbacks->offset_commit) rd_kafka_conf_set_offset_commit_cb(conf_.get(), CommitTrampoline);
  if (callbacks->stats) rd_kafka_conf_set_stats_cb(conf_.get(), StatsTrampoline);
}

StatusOr<KafkaHandlePtr> NewKafkaHandle(rd_kafka_type_t type, KafkaConf conf) {
  char err[512];
  rd_kafka_conf_t* raw = conf.release();
  rd_kafka_t* rk = rd_kafka_new(type, raw, err, sizeof err);
  if (!rk) {
    rd_kafka_conf_destroy(raw);  // not taken by rd_kafka_new on failure
    return InvalidArgument(std::string("cannot create Kafka ") +
                           (type == RD_KAFKA_CONSUMER ? "consumer" : "producer") + ": " + err);
  }
  return KafkaHandlePtr(rk);
}

// ---- Consumer -----------------------------------------------------------------------------------

namespace {
// Messages still in the consumer queue when Close() starts are forwarded to the close queue, which
// Close() serves with callbacks. Without a consume callback librdkafka cannot handle a message there
// and aborts (rd_kafka_q_serve: assert res != RD_KAFKA_OP_RES_PASS; seen when an instance left its
// group mid-stream). They were never processed, so their offsets were never stored: dropping them
// loses nothing, the group's next owner consumes them again. consumer_poll() returns messages as
// before: it never calls this.
void DropMessageAtClose(rd_kafka_message_t* /*message*/, void* /*opaque*/) {}
}  // namespace

StatusOr<std::unique_ptr<KafkaConsumer>> KafkaConsumer::Create(KafkaConf conf) {
  rd_kafka_conf_set_consume_cb(conf.get(), DropMessageAtClose);
  auto rk = NewKafkaHandle(RD_KAFKA_CONSUMER, std::move(conf));
  if (!rk.ok()) return rk.status();
  // Serve everything (logs, errors, rebalances) from consumer_poll.
  rd_kafka_poll_set_consumer(rk->get());
  return std::unique_ptr<KafkaConsumer>(new KafkaConsumer(std::move(*rk)));
}

KafkaConsumer::~KafkaConsumer() {
  if (!closed_) (void)Close(std::chrono::steady_clock::now() + std::chrono::seconds(10));
}

Status KafkaConsumer::Subscribe(const std::vector<std::string>& topics) {
  PartitionListPtr list = NewPartitionList(static_cast<int>(topics.size()));
  for (const auto& t : topics) rd_kafka_topic_partition_list_add(list.get(), t.c_str(), RD_KAFKA_PARTITION_UA);
  return KafkaStatus("subscribe", rd_kafka_subscribe(rk_.get(), list.get()));
}

KafkaMessagePtr KafkaConsumer::Poll(std::chrono::milliseconds timeout) {
  return KafkaMessagePtr(rd_kafka_consumer_poll(rk_.get(), static_cast<int>(timeout.count())));
}

Status KafkaConsumer::Close(std::chrono::steady_clock::time_point deadline) {
  if (closed_) return Status::Ok();
  closed_ = true;
  // Asynchronous close so the deadline holds even when the coordinator is unreachable.
  KafkaQueuePtr queue(rd_kafka_queue_new(rk_.get()));
  if (Status s = KafkaStatus("consumer close", rd_kafka_consumer_close_queue(rk_.get(), queue.get())); !s.ok()) {
    return s;
  }
  while (!rd_kafka_consumer_closed(rk_.get())) {
    if (std::chrono::steady_clock::now() >= deadline) {
      queue.reset();
      // Skip the (blocking) close inside destroy: the group coordinator will time the member out.
      rd_kafka_destroy_flags(rk_.release(), RD_KAFKA_DESTROY_F_NO_CONSUMER_CLOSE);
      return Unavailable("consumer close: deadline passed before the group was left");
    }
    rd_kafka_queue_poll_callback(queue.get(), 100);
  }
  return Status::Ok();
}

Status KafkaConsumer::Assign(const rd_kafka_topic_partition_list_t* partitions, bool incremental) {
  if (incremental) return KafkaStatus("incremental_assign", rd_kafka_incremental_assign(rk_.get(), partitions));
  return KafkaStatus("assign", rd_kafka_assign(rk_.get(), partitions));
}

Status KafkaConsumer::Unassign(const rd_kafka_topic_partition_list_t* partitions, bool incremental) {
  if (incremental) return KafkaStatus("incremental_unassign", rd_kafka_incremental_unassign(rk_.get(), partitions));
  return KafkaStatus("unassign", rd_kafka_assign(rk_.get(), nullptr));
}

bool KafkaConsumer::cooperative() const {
  const char* p = rd_kafka_rebalance_protocol(rk_.get());
  return p && std::string_view(p) == "COOPERATIVE";
}

bool KafkaConsumer::assignment_lost() const { return rd_kafka_assignment_lost(rk_.get()) != 0; }

PartitionListPtr KafkaConsumer::Assignment() const {
  rd_kafka_topic_partition_list_t* list = nullptr;
  if (rd_kafka_assignment(rk_.get(), &list) != RD_KAFKA_RESP_ERR_NO_ERROR || !list) return NewPartitionList(0);
  return PartitionListPtr(list);
}

Status KafkaConsumer::Pause(const rd_kafka_topic_partition_list_t* partitions) {
  return KafkaStatus("pause", rd_kafka_pause_partitions(rk_.get(), const_cast<rd_kafka_topic_partition_list_t*>(partitions)));
}

Status KafkaConsumer::Resume(const rd_kafka_topic_partition_list_t* partitions) {
  return KafkaStatus("resume", rd_kafka_resume_partitions(rk_.get(), const_cast<rd_kafka_topic_partition_list_t*>(partitions)));
}

Status KafkaConsumer::StoreOffsets(const rd_kafka_topic_partition_list_t* offsets) {
  auto* list = const_cast<rd_kafka_topic_partition_list_t*>(offsets);
  rd_kafka_resp_err_t err = rd_kafka_offsets_store(rk_.get(), list);
  if (err == RD_KAFKA_RESP_ERR_NO_ERROR) {
    for (int i = 0; i < list->cnt; ++i) {
      if (list->elems[i].err) return KafkaStatus("offsets_store " + DescribePartitions(list), list->elems[i].err);
    }
  }
  return KafkaStatus("offsets_store " + DescribePartitions(list), err);
}

Status KafkaConsumer::Commit(const rd_kafka_topic_partition_list_t* offsets, bool async) {
  rd_kafka_resp_err_t err = rd_kafka_commit(rk_.get(), offsets, async ? 1 : 0);
  if (err == RD_KAFKA_RESP_ERR__NO_OFFSET) return Status::Ok();  // nothing to commit
  return KafkaStatus("commit", err);
}

Status KafkaConsumer::RewindToCommitted(rd_kafka_topic_partition_list_t* partitions, std::chrono::milliseconds timeout) {
  if (Status s = KafkaStatus("committed", rd_kafka_committed(rk_.get(), partitions, static_cast<int>(timeout.count())));
      !s.ok()) {
    return s;
  }
  for (int i = 0; i < partitions->cnt; ++i) {
    // No committed offset yet: start over from the beginning (auto.offset.reset=earliest semantics).
    if (partitions->elems[i].offset < 0) partitions->elems[i].offset = RD_KAFKA_OFFSET_BEGINNING;
  }
  return KafkaStatus("seek", rd_kafka_seek_partitions(rk_.get(), partitions, static_cast<int>(timeout.count())));
}

std::string KafkaConsumer::FatalError() const {
  char buf[512];
  if (rd_kafka_fatal_error(rk_.get(), buf, sizeof buf) == RD_KAFKA_RESP_ERR_NO_ERROR) return "";
  return buf;
}

// ---- Producer -----------------------------------------------------------------------------------

StatusOr<std::unique_ptr<KafkaProducer>> KafkaProducer::Create(KafkaConf conf) {
  auto rk = NewKafkaHandle(RD_KAFKA_PRODUCER, std::move(conf));
  if (!rk.ok()) return rk.status();
  return std::unique_ptr<KafkaProducer>(new KafkaProducer(std::move(*rk)));
}

rd_kafka_resp_err_t KafkaProducer::Produce(const std::string& topic, std::string_view key, std::string_view value,
                                           const std::vector<KafkaHeader>& headers, void* opaque) {
  rd_kafka_headers_t* hdrs = nullptr;
  if (!headers.empty()) {
    hdrs = rd_kafka_headers_new(headers.size());
    for (const auto& h : headers) {
      rd_kafka_header_add(hdrs, h.name.data(), static_cast<ssize_t>(h.name.size()), h.value.data(),
                          static_cast<ssize_t>(h.value.size()));
    }
  }
  rd_kafka_resp_err_t err = rd_kafka_producev(
      rk_.get(), RD_KAFKA_V_TOPIC(topic.c_str()), RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
      RD_KAFKA_V_KEY(key.empty() ? nullptr : const_cast<char*>(key.data()), key.size()),
      RD_KAFKA_V_VALUE(const_cast<char*>(value.data()), value.size()), RD_KAFKA_V_HEADERS(hdrs),
      RD_KAFKA_V_OPAQUE(opaque), RD_KAFKA_V_END);
  // The headers are owned by the message only when producev succeeds.
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR && hdrs) rd_kafka_headers_destroy(hdrs);
  return err;
}

Status KafkaProducer::Flush(std::chrono::milliseconds timeout) {
  return KafkaStatus("producer flush", rd_kafka_flush(rk_.get(), static_cast<int>(timeout.count())));
}

Status KafkaProducer::TxnStatus(std::string_view what, rd_kafka_error_t* error) {
  last_txn_abortable_ = error && rd_kafka_error_txn_requires_abort(error);
  last_txn_retriable_ = error && rd_kafka_error_is_retriable(error);
  return KafkaStatus(what, error);
}

Status KafkaProducer::InitTransactions(std::chrono::milliseconds timeout) {
  return TxnStatus("init_transactions", rd_kafka_init_transactions(rk_.get(), static_cast<int>(timeout.count())));
}

Status KafkaProducer::BeginTransaction() {
  return TxnStatus("begin_transaction", rd_kafka_begin_transaction(rk_.get()));
}

Status KafkaProducer::SendOffsetsToTransaction(const rd_kafka_topic_partition_list_t* offsets,
                                               const KafkaConsumer& consumer, std::chrono::milliseconds timeout) {
  GroupMetadataPtr group(rd_kafka_consumer_group_metadata(consumer.handle()));
  return TxnStatus("send_offsets_to_transaction",
                   rd_kafka_send_offsets_to_transaction(rk_.get(), offsets, group.get(),
                                                        static_cast<int>(timeout.count())));
}

Status KafkaProducer::CommitTransaction(std::chrono::milliseconds timeout) {
  return TxnStatus("commit_transaction", rd_kafka_commit_transaction(rk_.get(), static_cast<int>(timeout.count())));
}

Status KafkaProducer::AbortTransaction(std::chrono::milliseconds timeout) {
  return TxnStatus("abort_transaction", rd_kafka_abort_transaction(rk_.get(), static_cast<int>(timeout.count())));
}

std::string KafkaProducer::FatalError() const {
  char buf[512];
  if (rd_kafka_fatal_error(rk_.get(), buf, sizeof buf) == RD_KAFKA_RESP_ERR_NO_ERROR) return "";
  return buf;
}

void KafkaProducer::Purge() { rd_kafka_purge(rk_.get(), RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT); }

StatusOr<int> PartitionCount(rd_kafka_t* rk, const std::string& topic, std::chrono::milliseconds timeout) {
  rd_kafka_topic_t* rkt = rd_kafka_topic_new(rk, topic.c_str(), nullptr);
  const rd_kafka_metadata_t* md = nullptr;
  rd_kafka_resp_err_t err = rd_kafka_metadata(rk, 0, rkt, &md, static_cast<int>(timeout.count()));
  rd_kafka_topic_destroy(rkt);
  if (err) return KafkaStatus("metadata for " + topic, err);
  int count = 0;
  rd_kafka_resp_err_t topic_err = RD_KAFKA_RESP_ERR_NO_ERROR;
  if (md->topic_cnt == 1) {
    count = md->topics[0].partition_cnt;
    topic_err = md->topics[0].err;
  }
  rd_kafka_metadata_destroy(md);
  if (topic_err || count == 0) return NotFound("topic " + topic + " does not exist");
  return count;
}

std::string DescribePartitions(const rd_kafka_topic_partition_list_t* list) {
  std::string out;
  if (!list) return out;
  for (int i = 0; i < list->cnt; ++i) {
    const auto& p = list->elems[i];
    if (!out.empty()) out += ", ";
    out += std::string(p.topic) + "[" + std::to_string(p.partition) + "]";
    if (p.offset >= 0) out += "@" + std::to_string(p.offset);
  }
  return out;
}

}  // namespace vigil
