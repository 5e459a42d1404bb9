// Unit tests of the librdkafka wrappers and the runner's configuration checks (no broker needed).
#include "pipeline/kafka_client.h"

#include <gtest/gtest.h>

#include <cstdio>

#include "pipeline/runner.h"

namespace vigil {
namespace {

TEST(KafkaConf, UnknownPropertyErrorNamesTheProperty) {
  KafkaConf conf;
  Status s = conf.Set("no.such.property", "1");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("'no.such.property'"), std::string::npos) << s.message();
}

TEST(KafkaConf, BadValueErrorNamesPropertyAndValue) {
  KafkaConf conf;
  Status s = conf.Set("acks", "banana");
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("'acks'"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("banana"), std::string::npos) << s.message();
}

TEST(KafkaConf, SecretValueNeverAppearsInAnError) {
  KafkaConf conf;
  Status s = conf.Set("my.sasl.password", "hunter2");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message().find("hunter2"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("<secret>"), std::string::npos) << s.message();
}

TEST(KafkaConf, SetAllStopsAtTheFirstBadProperty) {
  KafkaConf conf;
  Status s = conf.SetAll({{"client.id", "x"}, {"zzz.bogus", "1"}});
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("zzz.bogus"), std::string::npos);
  EXPECT_EQ(conf.Get("client.id"), "x");
}

TEST(KafkaConf, SaslAndTlsPropertiesPassThrough) {
  KafkaConf conf;
  EXPECT_TRUE(conf.SetAll({{"security.protocol", "SASL_PLAINTEXT"},
                           {"sasl.mechanisms", "SCRAM-SHA-512"},
                           {"sasl.username", "vigil"},
                           {"sasl.password", "s3cret"}})
                  .ok());
  EXPECT_EQ(conf.Get("sasl.username"), "vigil");
}

TEST(KafkaStatus, RetriableErrorsAreUnavailable) {
  EXPECT_EQ(KafkaStatus("x", RD_KAFKA_RESP_ERR__TRANSPORT).code(), StatusCode::kUnavailable);
  EXPECT_EQ(KafkaStatus("x", RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN).code(), StatusCode::kUnavailable);
  EXPECT_TRUE(KafkaStatus("x", RD_KAFKA_RESP_ERR_NO_ERROR).ok());
  EXPECT_EQ(KafkaStatus("x", RD_KAFKA_RESP_ERR__INVALID_ARG).code(), StatusCode::kInvalidArgument);
}

TEST(DescribePartitions, ListsTopicPartitionAndOffset) {
  PartitionListPtr l = NewPartitionList(2);
  rd_kafka_topic_partition_list_add(l.get(), "in", 0)->offset = 42;
  rd_kafka_topic_partition_list_add(l.get(), "in", 3);
  EXPECT_EQ(DescribePartitions(l.get()), "in[0]@42, in[3]");
}

// ---- Runner configuration (created, never run) --------------------------------------------------

class RunnerConfig : public ::testing::Test {
 protected:
  Status Create(const std::map<std::string, std::string>& props, const std::string& guarantee = "at_least_once") {
    Config c;
    c.kafka.brokers = "127.0.0.1:9";  // never contacted: Run() is not called
    c.kafka.properties = props;
    c.kafka.processing_guarantee = guarantee;
    Runner::Deps d;
    d.lexicon = [] { return std::shared_ptr<const CompiledLexicon>(); };
    d.scorer = &scorer_;
    d.log = &log_;
    auto r = Runner::Create(c, std::move(d));
    return r.ok() ? Status::Ok() : r.status();
  }
  Scorer scorer_{ScoringConfig::Defaults()};
  RunLog log_{RunLog::Level::kError};
};

TEST_F(RunnerConfig, PlainConfigIsAccepted) { EXPECT_TRUE(Create({}).ok()); }

TEST_F(RunnerConfig, ExactlyOnceConfigIsAccepted) { EXPECT_TRUE(Create({}, "exactly_once").ok()); }

TEST_F(RunnerConfig, PassthroughPropertyErrorNamesTheProperty) {
  Status s = Create({{"socket.timeout.ms", "not-a-number"}});
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("socket.timeout.ms"), std::string::npos) << s.message();
}

TEST_F(RunnerConfig, OffsetStoreCannotBeOverridden) {
  Status s = Create({{"enable.auto.offset.store", "true"}});
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("enable.auto.offset.store"), std::string::npos);
}

TEST_F(RunnerConfig, WeakerAcksAreRefused) {
  EXPECT_FALSE(Create({{"acks", "1"}}).ok());
  EXPECT_FALSE(Create({{"enable.idempotence", "false"}}).ok());
  EXPECT_TRUE(Create({{"acks", "all"}, {"linger.ms", "20"}}).ok());
}

TEST_F(RunnerConfig, MissingBrokersIsAnError) {
  Config c;
  Runner::Deps d;
  d.lexicon = [] { return std::shared_ptr<const CompiledLexicon>(); };
  d.scorer = &scorer_;
  d.log = &log_;
  auto r = Runner::Create(c, std::move(d));
  EXPECT_FALSE(r.ok());
}

}  // namespace
}  // namespace vigil
