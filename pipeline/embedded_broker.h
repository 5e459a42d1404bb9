// embedded_broker.h: an in-process Kafka-protocol cluster (librdkafka's mock cluster) for local
// development, the demo and tests. Real clients (kcat, other processes) reach it over TCP on
// 127.0.0.1.
//
//   auto broker = EmbeddedBroker::Create({.brokers = 1, .partitions = 4, .topics = {"vigil.input"}});
//   if (!broker.ok()) ...;
//   std::string bootstrap = (*broker)->bootstrap_servers();   // "127.0.0.1:37501"
//   (*broker)->SetBrokerDown(1);  ...  (*broker)->SetBrokerUp(1);   // fault injection in tests
//
// What it is not: the mock cluster keeps everything in memory (nothing survives the process) and
// only the newest ~5 MB of each partition (older message sets are dropped: a consumer further
// behind than that silently loses data, so give big backlogs more partitions); it accepts
// transactions but does not implement them (no stored transactional offsets, no commit markers);
// it holds an empty fetch for the client's whole fetch.wait.max.ms instead of answering when data
// arrives (keep that setting low for latency); and it is not tuned for throughput.
// It is librdkafka's test harness (an experimental API, see rdkafka_mock.h), used here because it
// needs no JVM and ships with the library Vigil links anyway.
//
// Thread-safety: all methods may be called from any thread. Destroying it stops the brokers;
// clients still connected see their connections drop.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "classifiers/status.h"
#include "pipeline/kafka_client.h"

struct rd_kafka_mock_cluster_s;

namespace vigil {

class EmbeddedBroker {
 public:
  // fetch.wait.max.ms for clients of the mock cluster. It holds an empty fetch for the whole wait
  // (a real broker answers as soon as data arrives), so this bounds the consume latency it adds.
  // 2 ms: about 5 ms median produce-to-consume hop saved against librdkafka's 500 ms default; an
  // idle `vigil run` with the embedded broker then uses ~5-8% of a core instead of ~3.5% at 10 ms.
  static constexpr int kFetchWaitMaxMs = 2;

  struct Options {
    int brokers = 1;                  // broker ids are 1..brokers
    int partitions = 4;               // for the topics below and auto-created ones
    int replication_factor = 1;       // capped at `brokers`
    std::vector<std::string> topics;  // created up front
  };

  static StatusOr<std::unique_ptr<EmbeddedBroker>> Create(const Options& options);
  ~EmbeddedBroker();
  EmbeddedBroker(const EmbeddedBroker&) = delete;
  EmbeddedBroker& operator=(const EmbeddedBroker&) = delete;

  // Comma-separated host:port list for bootstrap.servers.
  const std::string& bootstrap_servers() const { return bootstrap_; }

  [[nodiscard]] Status CreateTopic(const std::string& topic, int partitions);
  // Fault injection: a down broker closes its connections and refuses new ones until set up.
  [[nodiscard]] Status SetBrokerDown(int32_t broker_id);
  [[nodiscard]] Status SetBrokerUp(int32_t broker_id);
  // Adds `rtt_ms` of latency to every response of `broker_id`.
  [[nodiscard]] Status SetBrokerRtt(int32_t broker_id, int rtt_ms);

  int broker_count() const { return options_.brokers; }

 private:
  EmbeddedBroker(Options options, KafkaHandlePtr owner, rd_kafka_mock_cluster_s* cluster);
  Options options_;
  KafkaHandlePtr owner_;              // the handle the mock cluster is attached to
  rd_kafka_mock_cluster_s* cluster_;  // owned: destroyed before owner_
  std::string bootstrap_;
};

}  // namespace vigil
