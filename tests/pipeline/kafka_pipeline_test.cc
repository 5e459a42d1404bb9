// Integration tests of the streaming pipeline against the in-process mock cluster (CTest label
// `integration`). Expected alerts are computed offline with the same lexicon and scorer, so the
// tests hold whatever the lexicons contain.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "kafka_test_util.h"
#include "pipeline/embedded_broker.h"

namespace vigil {
namespace {

using namespace vigil::testing;
using std::chrono::milliseconds;
using std::chrono::seconds;

class KafkaPipeline : public ::testing::Test {
 protected:
  void StartBroker(int brokers = 1) {
    EmbeddedBroker::Options o;
    o.brokers = brokers;
    o.partitions = 4;
    o.topics = {"in", "alerts", "dlq", "verdicts"};
    auto b = EmbeddedBroker::Create(o);
    ASSERT_TRUE(b.ok()) << b.status().ToString();
    broker_ = std::move(*b);
  }
  Config MakeConfig(const std::string& group = "vigil-test") {
    Config c;
    c.kafka.brokers = broker_->bootstrap_servers();
    c.kafka.group_id = group;
    c.kafka.input_topics = {"in"};
    c.kafka.alert_topic = "alerts";
    c.kafka.dead_letter_topic = "dlq";
    c.pipeline.workers = 2;
    c.pipeline.shutdown_deadline_seconds = 15;
    return c;
  }
  static std::string MessageId(const Record& r) {
    auto j = nlohmann::json::parse(r.value, nullptr, false);
    return j.is_discarded() ? "" : j.value("message_id", "");
  }
  static int Seq(const std::string& id) { return std::atoi(id.c_str() + 2); }  // "m-<seq>"

  // Reads the alert topic until every expected id is there (then a moment more, for duplicates).
  std::vector<Record> ReadAlerts(const std::set<std::string>& expected, milliseconds timeout = milliseconds(60000)) {
    bool seen_all = false;
    Clock::time_point seen_at;
    std::set<std::string> missing = expected;
    size_t checked = 0;
    return ConsumeUntil(
        broker_->bootstrap_servers(), "alerts",
        [&](const std::vector<Record>& rs) {
          for (; checked < rs.size(); ++checked) missing.erase(MessageId(rs[checked]));
          if (!seen_all && missing.empty()) {
            seen_all = true;
            seen_at = Clock::now();
          }
          return seen_all && Clock::now() - seen_at > milliseconds(500);
        },
        timeout);
  }

  Scorer scorer_{ScoringConfig::Defaults()};
  std::unique_ptr<EmbeddedBroker> broker_;
};

TEST_F(KafkaPipeline, EveryExpectedAlertArrivesExactlyOnceInOrderPerKey) {
  StartBroker();
  const int n = 3000;
  const auto inputs = MakeInputs(n, 25);
  const auto expected = ExpectedAlertIds(inputs, scorer_);
  ASSERT_GT(expected.size(), 100u);
  ASSERT_LT(expected.size(), static_cast<size_t>(n));
  ProduceAll(broker_->bootstrap_servers(), "in", inputs);
  {
    RunnerThread r(MakeConfig(), &scorer_);
    ASSERT_TRUE(r.WaitFor([&](const RunnerStats& s) { return s.finished >= static_cast<uint64_t>(n); }, seconds(90)));
    EXPECT_EQ(r.runner().stats().alerts, expected.size());
    EXPECT_EQ(r.runner().stats().dead_letters, 0u);
    r.Stop();
    EXPECT_TRUE(r.result().ok()) << r.result().ToString();
  }
  const auto alerts = ReadAlerts(expected);
  std::set<std::string> got;
  std::map<std::string, std::vector<int>> seqs_by_key;
  std::map<std::string, std::set<int32_t>> partitions_by_key;
  for (const auto& a : alerts) {
    const std::string id = MessageId(a);
    got.insert(id);
    seqs_by_key[a.key].push_back(Seq(id));
    partitions_by_key[a.key].insert(a.partition);
  }
  EXPECT_EQ(alerts.size(), expected.size()) << "a clean run publishes each alert once";
  EXPECT_EQ(got, expected);
  for (const auto& [key, seqs] : seqs_by_key) {
    EXPECT_EQ(key.rfind("test:chan-", 0), 0u) << "alerts are keyed by platform:channel";
    EXPECT_TRUE(std::is_sorted(seqs.begin(), seqs.end())) << "alerts of " << key << " out of order";
    EXPECT_EQ(partitions_by_key[key].size(), 1u) << key << " spread over partitions";
  }
  // Every input offset committed.
  const auto committed = CommittedOffsets(broker_->bootstrap_servers(), "vigil-test", "in", 4);
  int64_t total = 0;
  for (int64_t c : committed) total += std::max<int64_t>(c, 0);
  EXPECT_EQ(total, n);
}

TEST_F(KafkaPipeline, MalformedMessagesLandOnTheDeadLetterTopicWithTheirReason) {
  StartBroker();
  const std::string oversize = "{\"id\":\"big\",\"text\":\"" + std::string(2000, 'a') + "\"}";
  const std::vector<Input> inputs = {
      {"k1", "{not json"},
      {"k2", "{\"id\":\"no-text\",\"lang\":\"en\"}"},
      {"k3", oversize},
      {"k4", "{\"id\":\"bad-utf8\",\"text\":\"caf\xC3\x28 \xFF\"}"},
      {"k5", ""},
      {"k6", "{\"id\":\"blank\",\"text\":\"   \"}"},
      {"k7", "{\"id\":\"fine\",\"text\":\"The weather is lovely today.\"}"},
  };
  const std::map<std::string, std::string> expected_reason = {
      {"k1", "invalid_json"}, {"k2", "missing_text"}, {"k3", "oversize"},
      {"k4", "invalid_utf8"}, {"k5", "empty"},        {"k6", "empty"},
  };
  ProduceAll(broker_->bootstrap_servers(), "in", inputs);
  // Where each input landed, to check the position headers.
  const auto placed = ConsumeUntil(broker_->bootstrap_servers(), "in",
                                   [&](const std::vector<Record>& rs) { return rs.size() >= inputs.size(); }, seconds(20));
  ASSERT_EQ(placed.size(), inputs.size());
  Config c = MakeConfig();
  c.pipeline.max_message_bytes = 1024;
  {
    RunnerThread r(c, &scorer_);
    ASSERT_TRUE(r.WaitFor([&](const RunnerStats& s) { return s.finished >= inputs.size(); }, seconds(60)));
    EXPECT_EQ(r.runner().stats().dead_letters, expected_reason.size());
  }
  const auto dead = ConsumeUntil(broker_->bootstrap_servers(), "dlq",
                                 [&](const std::vector<Record>& rs) { return rs.size() >= expected_reason.size(); },
                                 seconds(20));
  ASSERT_EQ(dead.size(), expected_reason.size());
  for (const auto& d : dead) {
    SCOPED_TRACE(d.key);
    ASSERT_TRUE(expected_reason.count(d.key));
    EXPECT_EQ(d.headers.at("vigil.reason"), expected_reason.at(d.key));
    EXPECT_FALSE(d.headers.at("vigil.detail").empty());
    EXPECT_EQ(d.headers.at("vigil.topic"), "in");
    const auto in = std::find_if(inputs.begin(), inputs.end(), [&](const Input& i) { return i.key == d.key; });
    EXPECT_EQ(d.value, in->value) << "the original bytes";
    const auto at = std::find_if(placed.begin(), placed.end(), [&](const Record& p) { return p.key == d.key; });
    EXPECT_EQ(d.headers.at("vigil.partition"), std::to_string(at->partition));
    EXPECT_EQ(d.headers.at("vigil.offset"), std::to_string(at->offset));
  }
}

TEST_F(KafkaPipeline, VerdictTopicReceivesEveryVerdict) {
  StartBroker();
  const int n = 400;
  const auto inputs = MakeInputs(n, 10);
  ProduceAll(broker_->bootstrap_servers(), "in", inputs);
  Config c = MakeConfig();
  c.kafka.verdict_topic = "verdicts";
  {
    RunnerThread r(c, &scorer_);
    ASSERT_TRUE(r.WaitFor([&](const RunnerStats& s) { return s.finished >= static_cast<uint64_t>(n); }, seconds(60)));
    EXPECT_EQ(r.runner().stats().verdicts, static_cast<uint64_t>(n));
  }
  const auto verdicts = ConsumeUntil(broker_->bootstrap_servers(), "verdicts",
                                     [&](const std::vector<Record>& rs) { return rs.size() >= static_cast<size_t>(n); },
                                     seconds(20));
  std::set<std::string> ids;
  std::map<std::string, int> severities;
  for (const auto& v : verdicts) {
    ids.insert(MessageId(v));
    ++severities[nlohmann::json::parse(v.value).value("severity", "")];
  }
  EXPECT_EQ(ids.size(), static_cast<size_t>(n));
  EXPECT_GT(severities["none"], 0);
}

TEST_F(KafkaPipeline, BrokerOutageOfTenSecondsLosesNothing) {
  StartBroker();
  const int n = 4000;
  const auto inputs = MakeInputs(n, 25);
  const auto expected = ExpectedAlertIds(inputs, scorer_);
  const std::vector<Input> first(inputs.begin(), inputs.begin() + n / 2), second(inputs.begin() + n / 2, inputs.end());
  ProduceAll(broker_->bootstrap_servers(), "in", first);
  {
    RunnerThread r(MakeConfig(), &scorer_);
    ASSERT_TRUE(r.WaitFor([&](const RunnerStats& s) { return s.finished >= 200; }, seconds(60)));
    ASSERT_TRUE(broker_->SetBrokerDown(1).ok());
    std::this_thread::sleep_for(seconds(10));
    ASSERT_TRUE(broker_->SetBrokerUp(1).ok());
    ProduceAll(broker_->bootstrap_servers(), "in", second);
    EXPECT_TRUE(r.WaitFor([&](const RunnerStats& s) { return s.finished >= static_cast<uint64_t>(n); }, seconds(120)))
        << "finished " << r.runner().stats().finished;
    r.Stop();
    EXPECT_TRUE(r.result().ok()) << r.result().ToString();
  }
  const auto alerts = ReadAlerts(expected);
  std::set<std::string> got;
  for (const auto& a : alerts) got.insert(MessageId(a));
  EXPECT_EQ(got, expected) << "no alert lost, none invented";
  std::printf("outage: %zu alerts for %zu expected (%zu duplicates)\n", alerts.size(), expected.size(),
              alerts.size() - got.size());
}

TEST_F(KafkaPipeline, SecondInstanceJoiningAndLeavingLosesNothing) {
  StartBroker();
  const auto pool = MakeInputs(60000, 40);
  Config c = MakeConfig("vigil-rebalance");
  c.kafka.properties["session.timeout.ms"] = "6000";
  c.kafka.properties["heartbeat.interval.ms"] = "500";
  // A steady stream (2,000 msg/s) for as long as the group changes, so both instances see traffic.
  std::atomic<bool> feeding{true};
  std::atomic<size_t> produced{0};
  std::thread feeder([&] {
    const size_t batch = 200;
    while (feeding.load() && produced.load() + batch <= pool.size()) {
      const auto b = pool.begin() + static_cast<long>(produced.load());
      ProduceAll(broker_->bootstrap_servers(), "in", std::vector<Input>(b, b + batch));
      produced.fetch_add(batch);
      std::this_thread::sleep_for(milliseconds(100));
    }
  });
  uint64_t a_finished = 0, b_finished = 0, b_consumed = 0;
  size_t n = 0;
  std::set<std::string> expected;
  std::vector<Record> alerts;
  {
    RunnerThread a(c, &scorer_);
    EXPECT_TRUE(a.WaitFor([](const RunnerStats& s) { return s.finished > 100; }, seconds(30)));
    {
      RunnerThread b(c, &scorer_);
      // B joins: the cooperative rebalance moves some partitions to it.
      EXPECT_TRUE(b.WaitFor([](const RunnerStats& s) { return s.finished > 100; }, seconds(40)));
      b.Stop();  // B leaves: its partitions go back to A
      EXPECT_TRUE(b.result().ok()) << b.result().ToString();
      b_finished = b.runner().stats().finished;
      b_consumed = b.runner().stats().consumed;
    }
    std::this_thread::sleep_for(seconds(1));
    feeding.store(false);
    feeder.join();
    n = produced.load();
    EXPECT_TRUE(a.WaitFor([&](const RunnerStats& s) { return s.finished + b_finished >= n; }, seconds(120)));
    // `finished` counts redeliveries too (B's last commits can fail mid-rebalance, so A processes
    // some of B's messages again): A may not have reached the end yet. The alerts are read while A
    // still runs, so every expected one must arrive from the group as it stands.
    expected = ExpectedAlertIds(std::vector<Input>(pool.begin(), pool.begin() + static_cast<long>(n)), scorer_);
    alerts = ReadAlerts(expected, seconds(120));
    a_finished = a.runner().stats().finished;
    EXPECT_GE(a.runner().stats().rebalances, 3u);
  }
  EXPECT_GT(b_consumed, 0u) << "the second instance took part";
  std::set<std::string> got;
  for (const auto& r : alerts) got.insert(MessageId(r));
  EXPECT_EQ(got, expected);
  std::printf("rebalance: %zu messages; instance A finished %llu, B %llu; %zu alerts for %zu expected (%zu duplicates)\n",
              n, static_cast<unsigned long long>(a_finished), static_cast<unsigned long long>(b_finished),
              alerts.size(), expected.size(), alerts.size() - got.size());
}

TEST_F(KafkaPipeline, BackpressurePausesConsumptionAndDropsNothing) {
  StartBroker();
  const int n = 1500;
  const auto inputs = MakeInputs(n, 25);
  ProduceAll(broker_->bootstrap_servers(), "in", inputs);
  ASSERT_TRUE(broker_->SetBrokerRtt(1, 30).ok());  // a slow broker: outputs pile up
  Config c = MakeConfig();
  c.kafka.verdict_topic = "verdicts";  // one output per message
  c.pipeline.max_in_flight = 100;
  Runner::Tuning t;
  t.producer_queue_messages = 400;
  t.pause_after = milliseconds(0);  // pause as soon as the limit is reached (default: after 500 ms)
  RunnerThread r(c, &scorer_, t);
  int64_t peak = 0;
  const auto until = Clock::now() + seconds(120);
  while (r.runner().stats().finished < static_cast<uint64_t>(n) && Clock::now() < until) {
    peak = std::max(peak, r.runner().stats().in_flight);
    std::this_thread::sleep_for(milliseconds(2));
  }
  const RunnerStats s = r.runner().stats();
  EXPECT_EQ(s.finished, static_cast<uint64_t>(n));
  EXPECT_EQ(s.verdicts, static_cast<uint64_t>(n));
  EXPECT_GT(s.pauses, 0u);
  // Bounded: the limit plus at most what one poll batch had already fetched.
  EXPECT_LE(peak, 100 + 512);
  std::printf("backpressure: %llu pauses, peak in flight %lld (limit 100)\n", static_cast<unsigned long long>(s.pauses),
              static_cast<long long>(peak));
}

TEST_F(KafkaPipeline, ExactlyOnceModeCommitsOutputsAndOffsetsInTransactions) {
  // The mock cluster speaks the transactional protocol but does not implement its effects, so this
  // checks the client-side flow (init, begin, send offsets, commit; every alert once), not EOS.
  StartBroker();
  const int n = 1000;
  const auto inputs = MakeInputs(n, 10);
  const auto expected = ExpectedAlertIds(inputs, scorer_);
  ProduceAll(broker_->bootstrap_servers(), "in", inputs);
  Config c = MakeConfig("vigil-eos");
  c.kafka.processing_guarantee = "exactly_once";
  {
    RunnerThread r(c, &scorer_);
    ASSERT_TRUE(r.WaitFor([&](const RunnerStats& s) { return s.finished >= static_cast<uint64_t>(n); }, seconds(90)));
    r.Stop();
    EXPECT_TRUE(r.result().ok()) << r.result().ToString();
    EXPECT_GT(r.runner().stats().transactions, 0u);
  }
  const auto alerts = ReadAlerts(expected);
  std::set<std::string> got;
  for (const auto& a : alerts) got.insert(MessageId(a));
  EXPECT_EQ(got, expected);
  EXPECT_EQ(alerts.size(), expected.size());
  // Not checked: the group's committed offsets. The mock's TxnOffsetCommit/EndTxn only validate the
  // producer id (librdkafka 2.0 rdkafka_mock_handlers.c): offsets sent in a transaction are not
  // stored and no commit/abort markers are written, so neither offset atomicity nor read_committed
  // filtering can be observed here. That needs a real broker (docs/operations.md).
}

// Close() while fetched messages still wait in the consumer's queue: librdkafka forwards them to the
// close queue, which must not abort on them (it did: "rd_kafka_q_serve: assert: res !=
// RD_KAFKA_OP_RES_PASS" when an instance left its group mid-stream; the rebalance test above then
// failed now and then). Several rounds, since how much is queued at close varies.
TEST_F(KafkaPipeline, ClosingWithFetchedMessagesQueuedIsClean) {
  StartBroker();
  const std::vector<Input> inputs = MakeInputs(3000, 8);
  ProduceAll(broker_->bootstrap_servers(), "in", inputs);
  for (int round = 0; round < 5; ++round) {
    KafkaConf conf;
    ASSERT_TRUE(conf.SetAll({{"bootstrap.servers", broker_->bootstrap_servers()}, {"group.id", "close-test-" + std::to_string(round)},
                             {"enable.auto.commit", "false"}, {"auto.offset.reset", "earliest"}, {"log_level", "3"}})
                    .ok());
    auto consumer = KafkaConsumer::Create(std::move(conf));
    ASSERT_TRUE(consumer.ok()) << consumer.status().ToString();
    ASSERT_TRUE((*consumer)->Subscribe({"in"}).ok());
    int got = 0;
    const auto until = Clock::now() + seconds(30);
    while (got < 10 && Clock::now() < until) {
      KafkaMessagePtr m = (*consumer)->Poll(milliseconds(100));
      if (m && !m->err) ++got;
    }
    ASSERT_EQ(got, 10) << "round " << round;  // the fetcher has queued far more than these ten
    EXPECT_TRUE((*consumer)->Close(Clock::now() + seconds(15)).ok()) << "round " << round;
  }
}

TEST(KafkaPipelineErrors, UnreachableBrokerIsLoggedAndRetriedNotFatal) {
  Scorer scorer(ScoringConfig::Defaults());
  Config c;
  c.kafka.brokers = "127.0.0.1:9";  // nothing listens there
  c.pipeline.shutdown_deadline_seconds = 3;
  std::FILE* log = std::tmpfile();
  const auto t0 = Clock::now();
  {
    RunnerThread r(c, &scorer, {}, log);
    std::this_thread::sleep_for(seconds(3));
    EXPECT_FALSE(r.runner().producer_connected());
    EXPECT_FALSE(r.runner().group_joined());
    r.Stop();
    EXPECT_TRUE(r.result().ok()) << r.result().ToString();
  }
  EXPECT_LT(Clock::now() - t0, seconds(3 + 3 + 5)) << "shutdown honours its deadline";
  std::rewind(log);
  std::string text;
  char buf[4096];
  for (size_t k; (k = std::fread(buf, 1, sizeof buf, log)) > 0;) text.append(buf, k);
  std::fclose(log);
  EXPECT_NE(text.find("\"event\":\"kafka_error\""), std::string::npos) << text.substr(0, 2000);
  EXPECT_NE(text.find("\"retrying\":true"), std::string::npos);
}

}  // namespace
}  // namespace vigil
