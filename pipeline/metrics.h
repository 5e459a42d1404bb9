// metrics.h: Vigil's Prometheus metrics (names in docs/operations.md and deploy/prometheus/).
//
//   Metrics metrics;                                   // owns a prometheus::Registry
//   metrics.MessageConsumed("vigil.input");            // hot path: cached handles, no label maps
//   metrics.AlertProduced(verdict, lexicon, message);  // severity, indicators, language, target, region
//   std::string page = metrics.Serialize();            // Prometheus text format for /metrics
//
// Labels are bounded: severity, indicator, reason, language and target group come from closed sets
// (the lexicon's own languages and target slugs; anything else is counted as "other"), regions are
// ISO 3166 alpha-2 codes (else "other"). Never a term, author or message id.
// Thread-safety: every method may be called from any thread.
#pragma once

#include <cstdint>
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
  void MessageProcessed();
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
  void SetProducerQueue(int64_t messages);
  // Lexicon.
  void LexiconLoaded(const CompiledLexicon& lexicon, double unix_seconds);  // entries by lang, info, timestamp
  void LexiconReload(bool success);
  // Process.
  void SetReady(bool ready);
  void SetWorkerBusyRatio(int worker, double ratio);

  // Prometheus text exposition of everything (also refreshes vigil_uptime_seconds).
  std::string Serialize();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace vigil
