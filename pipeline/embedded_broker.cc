#include "pipeline/embedded_broker.h"

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#include <algorithm>

namespace vigil {

StatusOr<std::unique_ptr<EmbeddedBroker>> EmbeddedBroker::Create(const Options& options) {
  if (options.brokers < 1 || options.brokers > 16) return InvalidArgument("embedded broker: brokers must be 1-16");
  if (options.partitions < 1 || options.partitions > 1024) {
    return InvalidArgument("embedded broker: partitions must be 1-1024");
  }
  // The mock cluster lives inside a client handle; a producer that never produces is the lightest.
  KafkaConf conf;
  // Quiet: the owner handle has no bootstrap servers of its own and would log about it.
  if (Status s = conf.Set("log_level", "0"); !s.ok()) return s;
  auto owner = NewKafkaHandle(RD_KAFKA_PRODUCER, std::move(conf));
  if (!owner.ok()) return owner.status();
  rd_kafka_mock_cluster_t* cluster = rd_kafka_mock_cluster_new(owner->get(), options.brokers);
  if (!cluster) return Internal("embedded broker: rd_kafka_mock_cluster_new failed (no free local ports?)");
  std::unique_ptr<EmbeddedBroker> broker(new EmbeddedBroker(options, std::move(*owner), cluster));
  for (const auto& topic : options.topics) {
    if (Status s = broker->CreateTopic(topic, options.partitions); !s.ok()) return s;
  }
  return broker;
}

EmbeddedBroker::EmbeddedBroker(Options options, KafkaHandlePtr owner, rd_kafka_mock_cluster_s* cluster)
    : options_(std::move(options)), owner_(std::move(owner)), cluster_(cluster) {
  bootstrap_ = rd_kafka_mock_cluster_bootstraps(cluster_);
}

EmbeddedBroker::~EmbeddedBroker() {
  // The cluster before the handle it is attached to.
  rd_kafka_mock_cluster_destroy(cluster_);
  owner_.reset();
}

Status EmbeddedBroker::CreateTopic(const std::string& topic, int partitions) {
  const int rf = std::clamp(options_.replication_factor, 1, options_.brokers);
  return KafkaStatus("embedded broker: create topic " + topic,
                     rd_kafka_mock_topic_create(cluster_, topic.c_str(), partitions, rf));
}

Status EmbeddedBroker::SetBrokerDown(int32_t broker_id) {
  return KafkaStatus("embedded broker: set down " + std::to_string(broker_id),
                     rd_kafka_mock_broker_set_down(cluster_, broker_id));
}

Status EmbeddedBroker::SetBrokerUp(int32_t broker_id) {
  return KafkaStatus("embedded broker: set up " + std::to_string(broker_id),
                     rd_kafka_mock_broker_set_up(cluster_, broker_id));
}

Status EmbeddedBroker::SetBrokerRtt(int32_t broker_id, int rtt_ms) {
  return KafkaStatus("embedded broker: set rtt " + std::to_string(broker_id),
                     rd_kafka_mock_broker_set_rtt(cluster_, broker_id, rtt_ms));
}

}  // namespace vigil
