// metrics.h: Vigil's Prometheus metrics (names in docs/operations.md and deploy/prometheus/).
//
//   Metrics metrics;                                   // owns a prometheus::Registry
//   metrics.MessageConsumed("vigil.input");            // hot path: cached handles, no label maps
//   metrics.AlertProduced(verdict, lexicon, message);  // severity, indicators, language, target, region
//   std::string page = metrics.Serialize();            // Prometheus text format for /metrics
//
// Labels are bounded: severity, indicator, reason, language and target group come from closed sets
// (the lexicon's own languages and target slugs; anything else is counted as "other"), regions are
// ISO 3166 codes as the message gives them, alpha-2 or 3166-2 ("KE", "KE-30": ^[A-Z]{2}(-[A-Z0-9]{1,3})?$),
// anything else (empty included) is "other". Never a term, author or message id.
// Label values are created once per distinct value and cached; the hot-path methods (MessageConsumed, MessageAnalysed,
// MessageProcessed, DeadLettered, AlertProduced, Observe*) build no label map and allocate nothing
// once a value has been seen. Each label has a cap on distinct values (topics 64, languages 128,
// target groups 256, regions 512, partitions 4096, workers 256); past it new values count as "other"
// (or, for gauges, are dropped).
//
// Thread-safety: every method may be called from any thread.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "classifiers/matcher.h"
#include "classifiers/message.h"
#include "classifiers/scorer.h"

namespace vigil {

class Metrics {
 public:
  Metrics();
  ~Metrics();
  Metrics(const Metrics&) = delete;
  Metrics& operator=(const Metrics&) = delete;

  // Pipeline counters.
  void MessageConsumed(std::string_view topic);
  void MessageProcessed();  // finished: all its outputs (dead letter included) acknowledged
  void MessageAnalysed(const Verdict& verdict);  // by Verdict::language_source
  void DeadLettered(RejectReason reason);          // kNone is counted as "processing_error"
  void OffsetsCommitted(uint64_t count);
  void SetInFlight(int64_t n);
  // Alerts: one call per flagged message (severity != none).
  void AlertProduced(const Verdict& verdict, const CompiledLexicon& lexicon, const Message& message);
  // Latency.
  void ObserveProcessingSeconds(double s);
  void ObserveEndToEndSeconds(double s);
  // From librdkafka statistics.
  void SetConsumerLag(std::string_view topic, int32_t partition, int64_t lag);
  // Drops the lag series of a partition this instance no longer owns (call on revoke), so a stale
  // value cannot keep the VigilPipelineStalled rule's "lag > 0" true on an idle instance.
  void RemoveConsumerLag(std::string_view topic, int32_t partition);
  void ClearConsumerLag();  // every partition (lost assignment, shutdown)
  void SetProducerQueue(int64_t messages);
  // Lexicon.
  // Call for every lexicon put into service, the start-up one included: sets entries by language
  // (languages no longer present are dropped), the info series (the old version's is dropped) and
  // the timestamp, and adds the lexicon's languages and target groups to the label sets.
  void LexiconLoaded(const CompiledLexicon& lexicon, double unix_seconds);
  // Counts a reload attempt (SIGHUP, file watcher) by result. The start-up load is not a reload:
  // it is visible through LexiconLoaded's timestamp and info series.
  void LexiconReload(bool success);
  // Process.
  void SetReady(bool ready);
  // Alternatively: Serialize() sets vigil_ready from `ready` (called on the scraping thread), so the
  // gauge always agrees with /readyz when both use the same function. Empty: back to SetReady().
  void SetReadyFunction(std::function<bool()> ready);
  void SetWorkerBusyRatio(int worker, double ratio);

  // Prometheus text exposition of everything (also refreshes vigil_uptime_seconds).
  std::string Serialize();
  // The HTTP Content-Type of Serialize()'s output.
  static constexpr std::string_view kContentType = "text/plain; version=0.0.4; charset=utf-8";

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace vigil
