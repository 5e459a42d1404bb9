#include "pipeline/metrics.h"

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>
#include <prometheus/text_serializer.h>

#include <array>
#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <shared_mutex>
#include <sstream>
#include <utility>

#include "pipeline/version.h"

namespace vigil {
namespace {

using prometheus::Counter;
using prometheus::Family;
using prometheus::Gauge;
using prometheus::Histogram;

constexpr std::string_view kOther = "other";

// Caps on distinct label values (see metrics.h). Generous for real deployments; they exist so a
// misbehaving input (a region field filled with junk that happens to pass the pattern, a runaway
// lexicon) cannot grow the exposition without bound.
constexpr size_t kMaxTopics = 64;
constexpr size_t kMaxLanguages = 128;
constexpr size_t kMaxTargetGroups = 256;
constexpr size_t kMaxRegions = 512;
constexpr size_t kMaxPartitions = 4096;
constexpr int kMaxWorkers = 256;

constexpr std::array<Severity, 3> kAlertSeverities = {Severity::kOffensive, Severity::kModeratelyDangerous,
                                                      Severity::kExtremelyDangerous};
constexpr std::array<RejectReason, 6> kRejectReasons = {RejectReason::kNone,       RejectReason::kInvalidJson,
                                                        RejectReason::kMissingText, RejectReason::kInvalidUtf8,
                                                        RejectReason::kOversize,   RejectReason::kEmpty};

// 0.1 ms .. 10 s, roughly 1-2.5-5 per decade: processing sits at the low end, end-to-end latency
// (which includes time spent waiting in a partition) at the high end.
const Histogram::BucketBoundaries& LatencyBuckets() {
  static const Histogram::BucketBoundaries kBuckets = {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005,
                                                       0.01,   0.025,   0.05,   0.1,   0.25,   0.5,
                                                       1,      2.5,     5,      10};
  return kBuckets;
}

int SeverityIndex(Severity s) { return static_cast<int>(s) - static_cast<int>(Severity::kOffensive); }

// ^[A-Z]{2}(-[A-Z0-9]{1,3})?$ without a regex engine on the hot path.
bool IsRegionLabel(std::string_view r) {
  auto upper = [](char c) { return c >= 'A' && c <= 'Z'; };
  auto upper_or_digit = [&](char c) { return upper(c) || (c >= '0' && c <= '9'); };
  if (r.size() != 2 && (r.size() < 4 || r.size() > 6)) return false;
  if (!upper(r[0]) || !upper(r[1])) return false;
  if (r.size() == 2) return true;
  if (r[2] != '-') return false;
  for (size_t i = 3; i < r.size(); ++i) {
    if (!upper_or_digit(r[i])) return false;
  }
  return true;
}

// A bounded, append-only map from a label value to its cached metric handles. Lookups take a shared
// lock; a new value takes the exclusive lock once. Values are never erased (a counter series must
// not disappear), and std::map nodes never move, so returned pointers stay valid for the lifetime
// of the cache.
template <typename Handles>
class LabelCache {
 public:
  using Make = std::function<Handles(const std::string&)>;
  LabelCache(size_t max_values, Make make) : max_(max_values), make_(std::move(make)) {}

  const Handles* Find(std::string_view value) const {
    std::shared_lock lock(mu_);
    auto it = map_.find(value);
    return it == map_.end() ? nullptr : &it->second;
  }
  // Adds `value` (or finds it). nullptr once the cap is reached.
  const Handles* Insert(std::string_view value) {
    if (const Handles* h = Find(value)) return h;
    std::unique_lock lock(mu_);
    auto it = map_.find(value);
    if (it != map_.end()) return &it->second;
    if (map_.size() >= max_) return nullptr;
    std::string key(value);
    Handles handles = make_(key);
    return &map_.emplace(std::move(key), std::move(handles)).first->second;
  }

 private:
  const size_t max_;
  const Make make_;
  mutable std::shared_mutex mu_;
  std::map<std::string, Handles, std::less<>> map_;
};

using BySeverity = std::array<Counter*, kAlertSeverities.size()>;

BySeverity AddBySeverity(Family<Counter>& family, const std::string& label, const std::string& value) {
  BySeverity out{};
  for (Severity s : kAlertSeverities) {
    out[SeverityIndex(s)] = &family.Add({{label, value}, {"severity", std::string(SeverityName(s))}});
  }
  return out;
}

}  // namespace

struct Metrics::Impl {
  std::shared_ptr<prometheus::Registry> registry = std::make_shared<prometheus::Registry>();
  const std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();

  // Families (owned by the registry).
  Family<Counter>& consumed_family = Counter_("vigil_messages_consumed_total", "Messages read from an input topic.");
  Family<Counter>& processed_family =
      Counter_("vigil_messages_processed_total", "Messages finished: every output (alert, verdict or dead letter) acknowledged.");
  Family<Counter>& dead_family =
      Counter_("vigil_messages_dead_lettered_total", "Messages sent to the dead-letter topic, by reason.");
  Family<Counter>& language_source_family = Counter_(
      "vigil_messages_by_language_source_total",
      "Messages analysed, by how their language was settled: declared (their lang), script, guessed (CLD2), "
      "unknown (matched against every lexicon).");
  Family<Counter>& alerts_family = Counter_("vigil_alerts_total", "Alerts published, by severity.");
  Family<Counter>& indicator_family = Counter_(
      "vigil_alert_indicators_total", "Indicators found in published alerts (an alert counts once per indicator).");
  Family<Counter>& lang_family =
      Counter_("vigil_alerts_by_language_total", "Alerts by message language, or the language detected for a message without one (lexicon languages, else other).");
  Family<Counter>& target_family = Counter_(
      "vigil_alerts_by_target_total", "Alerts by targeted group (lexicon target slugs, else other; once per group).");
  Family<Counter>& region_family =
      Counter_("vigil_alerts_by_region_total", "Alerts by message region (ISO 3166 code, else other).");
  Family<Histogram>& processing_family =
      prometheus::BuildHistogram()
          .Name("vigil_processing_duration_seconds")
          .Help("Time to normalise, match and score one message.")
          .Register(*registry);
  Family<Histogram>& e2e_family =
      prometheus::BuildHistogram()
          .Name("vigil_end_to_end_latency_seconds")
          .Help("From the message's Kafka timestamp to its outputs being acknowledged.")
          .Register(*registry);
  Family<Gauge>& lag_family =
      Gauge_("vigil_consumer_lag_messages", "Lag of each partition assigned to this instance (librdkafka statistics).");
  Family<Gauge>& producer_queue_family =
      Gauge_("vigil_producer_queue_messages", "Messages waiting in the producer queue.");
  Family<Counter>& committed_family = Counter_("vigil_committed_offsets_total", "Offsets committed.");
  Family<Gauge>& in_flight_family =
      Gauge_("vigil_messages_in_flight", "Messages consumed but not finished (bounded by pipeline.max_in_flight).");
  Family<Gauge>& lexicon_entries_family =
      Gauge_("vigil_lexicon_entries", "Compiled lexicon entries per language.");
  Family<Gauge>& lexicon_info_family =
      Gauge_("vigil_lexicon_info", "1, labelled with the version (content hash) of the lexicon in service.");
  Family<Counter>& reloads_family =
      Counter_("vigil_lexicon_reloads_total", "Lexicon reloads after start-up (SIGHUP, file watcher), by result.");
  Family<Gauge>& last_reload_family = Gauge_("vigil_lexicon_last_reload_timestamp_seconds",
                                              "Unix time the lexicon in service was loaded.");
  Family<Gauge>& build_family = Gauge_("vigil_build_info", "1, labelled with the build.");
  Family<Gauge>& uptime_family = Gauge_("vigil_uptime_seconds", "Seconds since start.");
  Family<Gauge>& busy_family = Gauge_("vigil_worker_busy_ratio", "Share of recent time each worker spent scoring.");
  Family<Gauge>& ready_family = Gauge_("vigil_ready", "1 when /readyz would answer 200, else 0.");

  // Handles fixed at construction.
  Counter& processed = processed_family.Add({});
  std::array<Counter*, std::size(kLanguageSources)> language_sources{};  // by LanguageSource
  std::array<Counter*, kRejectReasons.size()> dead_lettered{};
  BySeverity alerts{};
  std::array<Counter*, kIndicatorCount> indicators{};  // nullptr: not a harm indicator
  Counter* indicator_other = nullptr;
  Histogram& processing = processing_family.Add({}, LatencyBuckets());
  Histogram& e2e = e2e_family.Add({}, LatencyBuckets());
  Gauge& producer_queue = producer_queue_family.Add({});
  Counter& committed = committed_family.Add({});
  Gauge& in_flight = in_flight_family.Add({});
  Counter& reload_success = reloads_family.Add({{"result", "success"}});
  Counter& reload_failure = reloads_family.Add({{"result", "failure"}});
  Gauge& last_reload = last_reload_family.Add({});
  Gauge& uptime = uptime_family.Add({});
  Gauge& ready = ready_family.Add({});

  // Bounded label sets. "other" handles are created up front so the series exist from the start.
  LabelCache<Counter*> topics{kMaxTopics, [this](const std::string& v) { return &consumed_family.Add({{"topic", v}}); }};
  Counter* topic_other = nullptr;
  LabelCache<BySeverity> languages{
      kMaxLanguages, [this](const std::string& v) { return AddBySeverity(lang_family, "lang", v); }};
  BySeverity language_other{};
  LabelCache<Counter*> targets{kMaxTargetGroups,
                               [this](const std::string& v) { return &target_family.Add({{"target_group", v}}); }};
  Counter* target_other = nullptr;
  LabelCache<BySeverity> regions{kMaxRegions,
                                 [this](const std::string& v) { return AddBySeverity(region_family, "region", v); }};
  BySeverity region_other{};

  // The lexicon whose languages and targets are in the label sets (compared by address only: a
  // new lexicon at a recycled address is still registered by LexiconLoaded).
  std::atomic<const CompiledLexicon*> registered_lexicon{nullptr};

  std::mutex lexicon_mu;  // guards the two members below
  std::map<std::string, Gauge*, std::less<>> lexicon_entries;
  Gauge* lexicon_info = nullptr;

  std::mutex lag_mu;  // guards `lag`
  std::map<std::pair<std::string, int32_t>, Gauge*, std::less<>> lag;

  std::mutex busy_mu;  // guards `busy`
  std::map<int, Gauge*> busy;

  std::mutex ready_mu;  // guards `ready_fn`
  std::function<bool()> ready_fn;

  Impl() {
    for (size_t i = 0; i < kRejectReasons.size(); ++i) {
      RejectReason r = kRejectReasons[i];
      std::string name = r == RejectReason::kNone ? "processing_error" : std::string(RejectReasonName(r));
      dead_lettered[static_cast<size_t>(r)] = &dead_family.Add({{"reason", name}});
    }
    for (LanguageSource s : kLanguageSources) {
      language_sources[static_cast<size_t>(s)] = &language_source_family.Add({{"source", LanguageSourceName(s)}});
    }
    for (Severity s : kAlertSeverities) {
      alerts[SeverityIndex(s)] = &alerts_family.Add({{"severity", std::string(SeverityName(s))}});
    }
    for (int i = 0; i < kIndicatorCount; ++i) {
      auto ind = static_cast<Indicator>(i);
      if (IsHarmIndicator(ind)) indicators[i] = &indicator_family.Add({{"indicator", std::string(IndicatorName(ind))}});
    }
    indicator_other = &indicator_family.Add({{"indicator", std::string(kOther)}});
    topic_other = &consumed_family.Add({{"topic", std::string(kOther)}});
    language_other = AddBySeverity(lang_family, "lang", std::string(kOther));
    target_other = &target_family.Add({{"target_group", std::string(kOther)}});
    region_other = AddBySeverity(region_family, "region", std::string(kOther));
    build_family.Add({{"version", VersionString()}, {"commit", GitCommit()}}).Set(1);
  }

  Family<Counter>& Counter_(const std::string& name, const std::string& help) {
    return prometheus::BuildCounter().Name(name).Help(help).Register(*registry);
  }
  Family<Gauge>& Gauge_(const std::string& name, const std::string& help) {
    return prometheus::BuildGauge().Name(name).Help(help).Register(*registry);
  }

  // Adds the lexicon's languages and target groups to the label sets (idempotent).
  void Register(const CompiledLexicon& lexicon) {
    for (const Entry& e : lexicon.entries()) {
      if (!e.lang.empty()) languages.Insert(e.lang);
      if (!e.target.empty()) targets.Insert(e.target);
    }
    registered_lexicon.store(&lexicon, std::memory_order_release);
  }
};

Metrics::Metrics() : impl_(std::make_unique<Impl>()) {}
Metrics::~Metrics() = default;

void Metrics::MessageConsumed(std::string_view topic) {
  Counter* const* c = impl_->topics.Find(topic);
  if (!c) c = impl_->topics.Insert(topic);
  (c ? *c : impl_->topic_other)->Increment();
}

void Metrics::MessageProcessed() { impl_->processed.Increment(); }

void Metrics::DeadLettered(RejectReason reason) {
  auto i = static_cast<size_t>(reason);
  Counter* c = i < impl_->dead_lettered.size() ? impl_->dead_lettered[i] : nullptr;
  (c ? c : impl_->dead_lettered[static_cast<size_t>(RejectReason::kNone)])->Increment();
}

void Metrics::MessageAnalysed(const Verdict& verdict) {
  const auto i = static_cast<size_t>(verdict.language_source);
  if (i < impl_->language_sources.size()) impl_->language_sources[i]->Increment();
}

void Metrics::OffsetsCommitted(uint64_t count) { impl_->committed.Increment(static_cast<double>(count)); }

void Metrics::SetInFlight(int64_t n) { impl_->in_flight.Set(static_cast<double>(n)); }

void Metrics::AlertProduced(const Verdict& verdict, const CompiledLexicon& lexicon, const Message& message) {
  if (verdict.severity == Severity::kNone) return;  // not an alert
  Impl& m = *impl_;
  const int s = SeverityIndex(verdict.severity);
  m.alerts[s]->Increment();

  // The scorer lists each indicator once per verdict.
  for (const IndicatorResult& r : verdict.indicators) {
    auto i = static_cast<size_t>(r.indicator);
    Counter* c = i < m.indicators.size() ? m.indicators[i] : nullptr;
    (c ? c : m.indicator_other)->Increment();
  }

  if (m.registered_lexicon.load(std::memory_order_acquire) != &lexicon) m.Register(lexicon);

  // A message without `lang` counts under the language it was analysed as (Verdict::detected_lang).
  const std::string& code = message.lang.empty() ? verdict.detected_lang : message.lang;
  const BySeverity* lang = code.empty() ? nullptr : m.languages.Find(code);
  (*(lang ? lang : &m.language_other))[s]->Increment();

  // target_groups is a sorted set; "other" counts once per alert however many unknown groups.
  bool other_counted = false;
  for (const std::string& g : verdict.target_groups) {
    if (Counter* const* c = m.targets.Find(g)) {
      (*c)->Increment();
    } else if (!other_counted) {
      m.target_other->Increment();
      other_counted = true;
    }
  }

  const BySeverity* region = nullptr;
  if (IsRegionLabel(message.region)) {
    region = m.regions.Find(message.region);
    if (!region) region = m.regions.Insert(message.region);
  }
  (*(region ? region : &m.region_other))[s]->Increment();
}

void Metrics::ObserveProcessingSeconds(double s) { impl_->processing.Observe(s); }
void Metrics::ObserveEndToEndSeconds(double s) { impl_->e2e.Observe(s); }

void Metrics::SetConsumerLag(std::string_view topic, int32_t partition, int64_t lag) {
  std::lock_guard lock(impl_->lag_mu);
  auto key = std::make_pair(std::string(topic), partition);
  auto it = impl_->lag.find(key);
  if (it == impl_->lag.end()) {
    if (impl_->lag.size() >= kMaxPartitions) return;
    Gauge* g = &impl_->lag_family.Add({{"topic", key.first}, {"partition", std::to_string(partition)}});
    it = impl_->lag.emplace(std::move(key), g).first;
  }
  it->second->Set(static_cast<double>(lag));
}

void Metrics::RemoveConsumerLag(std::string_view topic, int32_t partition) {
  std::lock_guard lock(impl_->lag_mu);
  auto it = impl_->lag.find(std::make_pair(std::string(topic), partition));
  if (it == impl_->lag.end()) return;
  impl_->lag_family.Remove(it->second);
  impl_->lag.erase(it);
}

void Metrics::ClearConsumerLag() {
  std::lock_guard lock(impl_->lag_mu);
  for (auto& [key, gauge] : impl_->lag) impl_->lag_family.Remove(gauge);
  impl_->lag.clear();
}

void Metrics::SetProducerQueue(int64_t messages) { impl_->producer_queue.Set(static_cast<double>(messages)); }

void Metrics::LexiconLoaded(const CompiledLexicon& lexicon, double unix_seconds) {
  Impl& m = *impl_;
  m.Register(lexicon);

  std::map<std::string, int64_t, std::less<>> counts;
  for (const Entry& e : lexicon.entries()) ++counts[e.lang];

  std::lock_guard lock(m.lexicon_mu);
  for (auto it = m.lexicon_entries.begin(); it != m.lexicon_entries.end();) {
    if (counts.count(it->first)) {
      ++it;
    } else {
      m.lexicon_entries_family.Remove(it->second);
      it = m.lexicon_entries.erase(it);
    }
  }
  for (const auto& [lang, n] : counts) {
    auto it = m.lexicon_entries.find(lang);
    if (it == m.lexicon_entries.end()) {
      if (m.lexicon_entries.size() >= kMaxLanguages) continue;
      it = m.lexicon_entries.emplace(lang, &m.lexicon_entries_family.Add({{"lang", lang}})).first;
    }
    it->second->Set(static_cast<double>(n));
  }

  Gauge* info = &m.lexicon_info_family.Add({{"version", lexicon.version()}});  // same child if unchanged
  if (m.lexicon_info && m.lexicon_info != info) m.lexicon_info_family.Remove(m.lexicon_info);
  m.lexicon_info = info;
  info->Set(1);
  m.last_reload.Set(unix_seconds);
}

void Metrics::LexiconReload(bool success) { (success ? impl_->reload_success : impl_->reload_failure).Increment(); }

void Metrics::SetReady(bool ready) { impl_->ready.Set(ready ? 1 : 0); }

void Metrics::SetReadyFunction(std::function<bool()> ready) {
  std::lock_guard lock(impl_->ready_mu);
  impl_->ready_fn = std::move(ready);
}

void Metrics::SetWorkerBusyRatio(int worker, double ratio) {
  if (worker < 0 || worker >= kMaxWorkers) return;
  std::lock_guard lock(impl_->busy_mu);
  Gauge*& g = impl_->busy[worker];
  if (!g) g = &impl_->busy_family.Add({{"worker", std::to_string(worker)}});
  g->Set(ratio);
}

std::string Metrics::Serialize() {
  std::chrono::duration<double> up = std::chrono::steady_clock::now() - impl_->start;
  impl_->uptime.Set(up.count());
  std::function<bool()> ready_fn;
  {
    std::lock_guard lock(impl_->ready_mu);
    ready_fn = impl_->ready_fn;  // called unlocked: it may be slow, and may not call back into us
  }
  if (ready_fn) impl_->ready.Set(ready_fn() ? 1 : 0);
  std::ostringstream out;
  prometheus::TextSerializer().Serialize(out, impl_->registry->Collect());
  return out.str();
}

}  // namespace vigil
