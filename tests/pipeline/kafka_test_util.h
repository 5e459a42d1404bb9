// Helpers for the Kafka tests: produce a batch, read a whole topic back, run a Runner on a thread,
// and compute the alerts a set of messages should give (with the same lexicon and scorer).
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "classifiers/analyzer.h"
#include "classifiers/message.h"
#include "classifiers/normaliser.h"
#include "pipeline/config.h"
#include "pipeline/kafka_client.h"
#include "pipeline/lexicon_loader.h"
#include "pipeline/runner.h"
#include "pipeline/runner_log.h"

namespace vigil::testing {

using Clock = std::chrono::steady_clock;

struct Record {
  std::string key, value;
  int32_t partition = 0;
  int64_t offset = 0;
  std::map<std::string, std::string> headers;
};

struct Input {
  std::string key;
  std::string value;
};

// Produces `inputs` to `topic` (idempotent, acks=all) and waits for every delivery.
inline void ProduceAll(const std::string& brokers, const std::string& topic, const std::vector<Input>& inputs) {
  KafkaConf conf;
  ASSERT_TRUE(conf.SetAll({{"bootstrap.servers", brokers}, {"enable.idempotence", "true"}, {"linger.ms", "5"},
                           {"log_level", "3"}})
                  .ok());
  auto producer = KafkaProducer::Create(std::move(conf));
  ASSERT_TRUE(producer.ok()) << producer.status().ToString();
  for (const auto& in : inputs) {
    while ((*producer)->Produce(topic, in.key, in.value, {}, nullptr) == RD_KAFKA_RESP_ERR__QUEUE_FULL) {
      (*producer)->Poll(std::chrono::milliseconds(5));
    }
  }
  ASSERT_TRUE((*producer)->Flush(std::chrono::seconds(120)).ok());
}

// Reads `topic` from the beginning on every partition until `done(records)` or `timeout`.
inline std::vector<Record> ConsumeUntil(const std::string& brokers, const std::string& topic,
                                        const std::function<bool(const std::vector<Record>&)>& done,
                                        std::chrono::milliseconds timeout) {
  std::vector<Record> out;
  KafkaConf conf;
  EXPECT_TRUE(conf.SetAll({{"bootstrap.servers", brokers}, {"group.id", "test-reader"}, {"enable.auto.commit", "false"},
                           {"log_level", "3"}})
                  .ok());
  auto consumer = KafkaConsumer::Create(std::move(conf));
  EXPECT_TRUE(consumer.ok());
  if (!consumer.ok()) return out;
  auto n = PartitionCount((*consumer)->handle(), topic, std::chrono::seconds(10));
  EXPECT_TRUE(n.ok()) << n.status().ToString();
  if (!n.ok()) return out;
  PartitionListPtr list = NewPartitionList(*n);
  for (int p = 0; p < *n; ++p) rd_kafka_topic_partition_list_add(list.get(), topic.c_str(), p)->offset = RD_KAFKA_OFFSET_BEGINNING;
  EXPECT_TRUE((*consumer)->Assign(list.get(), false).ok());
  const auto until = Clock::now() + timeout;
  while (!done(out) && Clock::now() < until) {
    KafkaMessagePtr m = (*consumer)->Poll(std::chrono::milliseconds(50));
    if (!m || m->err) continue;
    Record r;
    if (m->key) r.key.assign(static_cast<const char*>(m->key), m->key_len);
    if (m->payload) r.value.assign(static_cast<const char*>(m->payload), m->len);
    r.partition = m->partition;
    r.offset = m->offset;
    rd_kafka_headers_t* hdrs = nullptr;
    if (rd_kafka_message_headers(m.get(), &hdrs) == RD_KAFKA_RESP_ERR_NO_ERROR) {
      const char* name;
      const void* val;
      size_t size;
      for (size_t i = 0; rd_kafka_header_get_all(hdrs, i, &name, &val, &size) == RD_KAFKA_RESP_ERR_NO_ERROR; ++i) {
        r.headers[name] = std::string(static_cast<const char*>(val), size);
      }
    }
    out.push_back(std::move(r));
  }
  (void)(*consumer)->Close(Clock::now() + std::chrono::seconds(5));
  return out;
}

// Committed offsets of `group` for partitions 0..n-1 of `topic` (-1: none).
inline std::vector<int64_t> CommittedOffsets(const std::string& brokers, const std::string& group,
                                             const std::string& topic, int partitions) {
  KafkaConf conf;
  EXPECT_TRUE(conf.SetAll({{"bootstrap.servers", brokers}, {"group.id", group}, {"enable.auto.commit", "false"},
                           {"log_level", "3"}})
                  .ok());
  auto consumer = KafkaConsumer::Create(std::move(conf));
  std::vector<int64_t> out(static_cast<size_t>(partitions), -1);
  PartitionListPtr list = NewPartitionList(partitions);
  for (int p = 0; p < partitions; ++p) rd_kafka_topic_partition_list_add(list.get(), topic.c_str(), p);
  if (rd_kafka_committed((*consumer)->handle(), list.get(), 10000) == RD_KAFKA_RESP_ERR_NO_ERROR) {
    for (int i = 0; i < list->cnt; ++i) out[static_cast<size_t>(list->elems[i].partition)] = list->elems[i].offset;
  }
  (void)(*consumer)->Close(Clock::now() + std::chrono::seconds(5));
  return out;
}

// The bundled lexicons, compiled once per test binary.
inline std::shared_ptr<const CompiledLexicon> BundledLexicon() {
  static std::shared_ptr<const CompiledLexicon> lex = [] {
    auto n = Normaliser::Create({});
    auto l = CompileLexicon(DefaultLexiconPaths(), n->get(), {});
    EXPECT_TRUE(l.ok()) << l.status().ToString();
    return l.ok() ? *l : nullptr;
  }();
  return lex;
}

// Message ids (EffectiveMessageId) that the analyser flags, computed offline.
inline std::set<std::string> ExpectedAlertIds(const std::vector<Input>& inputs, const Scorer& scorer) {
  std::set<std::string> ids;
  auto analyzer = Analyzer::Create({});
  Verdict v;
  for (const auto& in : inputs) {
    ParsedMessage p = ParseMessage(in.value, {});
    if (!p.ok()) continue;
    (*analyzer)->Analyze(p.message, *BundledLexicon(), scorer, &v);
    if (v.severity != Severity::kNone) ids.insert(p.message.id);
  }
  return ids;
}

// JSON lines of the sample feed (deploy/sample/feed.jsonl).
inline std::vector<std::string> SampleFeedLines() {
  std::vector<std::string> lines;
  std::ifstream in(std::string(VIGIL_SOURCE_DIR) + "/deploy/sample/feed.jsonl");
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty()) lines.push_back(line);
  }
  EXPECT_GT(lines.size(), 50u);
  return lines;
}

// `n` messages built from the sample feed, each with a unique id "m-<seq>", the source channel
// "chan-<seq % channels>" and that channel as its Kafka key (so one channel stays on one partition).
inline std::vector<Input> MakeInputs(int n, int channels) {
  static const std::vector<std::string> feed = SampleFeedLines();
  std::vector<Input> out;
  out.reserve(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) {
    ParsedMessage p = ParseMessage(feed[static_cast<size_t>(i) % feed.size()], {});
    // Only the text, lang and region of the sample; fresh identity and channel.
    std::string text = p.message.text;
    std::string escaped;
    for (char c : text) {
      if (c == '"' || c == '\\') escaped.push_back('\\');
      if (static_cast<unsigned char>(c) < 0x20) continue;
      escaped.push_back(c);
    }
    const std::string channel = "chan-" + std::to_string(i % channels);
    std::string json = "{\"id\":\"m-" + std::to_string(i) + "\",\"text\":\"" + escaped + "\",\"lang\":\"" +
                       p.message.lang + "\",\"source\":{\"platform\":\"test\",\"channel\":\"" + channel + "\"}}";
    out.push_back({channel, std::move(json)});
  }
  return out;
}

// A Runner on its own thread; stops (gracefully) and joins on destruction.
class RunnerThread {
 public:
  RunnerThread(const Config& config, const Scorer* scorer, Runner::Tuning tuning = {}, std::FILE* log_to = nullptr)
      : log_(RunLog::Level::kInfo, log_to ? log_to : stderr) {
    Runner::Deps deps;
    deps.lexicon = [] { return BundledLexicon(); };
    deps.scorer = scorer;
    deps.log = &log_;
    auto r = Runner::Create(config, std::move(deps), tuning);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    if (!r.ok()) return;
    runner_ = std::move(*r);
    thread_ = std::thread([this] { result_ = runner_->Run(); });
  }
  ~RunnerThread() { Stop(); }
  void Stop() {
    if (runner_) runner_->Stop();
    if (thread_.joinable()) thread_.join();
  }
  Runner& runner() { return *runner_; }
  const Status& result() const { return result_; }
  // Waits until `pred(stats)` or timeout; returns whether it held.
  bool WaitFor(const std::function<bool(const RunnerStats&)>& pred, std::chrono::milliseconds timeout) {
    const auto until = Clock::now() + timeout;
    while (Clock::now() < until) {
      if (pred(runner_->stats())) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return pred(runner_->stats());
  }

 private:
  RunLog log_;
  std::unique_ptr<Runner> runner_;
  std::thread thread_;
  Status result_;
};

}  // namespace vigil::testing
