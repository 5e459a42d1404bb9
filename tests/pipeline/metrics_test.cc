// Tests for pipeline/metrics.h: what each call counts, label bounding and the "other" fallback, the
// exposition format (promtool), and that the names match docs/operations.md.
#include "pipeline/metrics.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "classifiers/lexicon.h"
#include "classifiers/matcher.h"
#include "classifiers/normaliser.h"
#include "pipeline/version.h"

namespace vigil {
namespace {

// The value of one exact series (name plus labels as serialised: sorted by label name), or NaN when
// the page does not have it.
double Sample(const std::string& page, const std::string& series) {
  std::istringstream in(page);
  std::string line;
  while (std::getline(in, line)) {
    if (line.size() > series.size() && line.compare(0, series.size(), series) == 0 && line[series.size()] == ' ') {
      return std::strtod(line.c_str() + series.size() + 1, nullptr);
    }
  }
  return std::numeric_limits<double>::quiet_NaN();
}

// Number of series lines of a family (`name{...} value` or `name value`).
int SeriesCount(const std::string& page, const std::string& name) {
  std::istringstream in(page);
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    if (line.compare(0, name.size(), name) == 0 && line.size() > name.size() &&
        (line[name.size()] == '{' || line[name.size()] == ' ')) {
      ++n;
    }
  }
  return n;
}

std::string Entry(const std::string& id, const std::string& indicator, const std::string& terms,
                  const std::string& extra = "") {
  return "  - id: " + id + "\n    indicator: " + indicator + "\n    terms: " + terms +
         "\n    note: test entry\n    sources: [test]\n" + extra;
}

// A lexicon in two languages: en (3 entries, targets jews and immigrants), sw (2 entries, target luo).
std::shared_ptr<const CompiledLexicon> TwoLanguageLexicon(bool with_sw = true) {
  std::vector<vigil::Entry> entries;
  std::vector<LexiconError> errors;
  ParseLexiconYaml("en.yaml",
                   "language: en\nentries:\n" +
                       Entry("en.id.jews", "identity_term", "[jews]", "    target: jews\n    target_category: religion\n") +
                       Entry("en.id.immigrants", "identity_term", "[immigrants]",
                             "    target: immigrants\n    target_category: migration\n") +
                       Entry("en.dehum.vermin", "dehumanisation", "[vermin]"),
                   &entries, &errors);
  if (with_sw) {
    ParseLexiconYaml("sw.yaml",
                     "language: sw\nentries:\n" +
                         Entry("sw.id.luo", "identity_term", "[wajaluo]", "    target: luo\n    target_category: ethnicity\n") +
                         Entry("sw.cv.chinja", "call_to_violence", "[chinja]"),
                     &entries, &errors);
  }
  for (const auto& e : errors) ADD_FAILURE() << e.ToString();
  auto normaliser = Normaliser::Create({});
  EXPECT_TRUE(normaliser.ok());
  auto lex = CompiledLexicon::Create(std::move(entries), normaliser->get(), {});
  EXPECT_TRUE(lex.ok()) << lex.status().ToString();
  return lex.ok() ? *lex : nullptr;
}

// "vigil_" followed by [a-z0-9_]+.
bool IsVigilName(std::string_view name) {
  if (name.rfind("vigil_", 0) != 0 || name.size() == 6) return false;
  for (char c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

// Whitespace-separated fields of a line.
std::vector<std::string> Fields(const std::string& line) {
  std::istringstream in(line);
  std::vector<std::string> out;
  for (std::string f; in >> f;) out.push_back(f);
  return out;
}

Verdict MakeVerdict(Severity severity, std::vector<Indicator> indicators, std::vector<std::string> targets) {
  Verdict v;
  v.severity = severity;
  for (Indicator i : indicators) v.indicators.push_back({i, 0.9, {}});
  v.target_groups = std::move(targets);
  return v;
}

Message MakeMessage(std::string lang, std::string region) {
  Message m;
  m.text = "irrelevant here";
  m.lang = std::move(lang);
  m.region = std::move(region);
  return m;
}

TEST(Metrics, PipelineCountersCountEachCall) {
  Metrics m;
  m.MessageConsumed("vigil.input");
  m.MessageConsumed("vigil.input");
  m.MessageConsumed("other.topic");
  m.MessageProcessed();
  m.DeadLettered(RejectReason::kInvalidJson);
  m.DeadLettered(RejectReason::kOversize);
  m.DeadLettered(RejectReason::kOversize);
  m.OffsetsCommitted(5);
  m.OffsetsCommitted(2);
  m.SetInFlight(42);
  m.SetProducerQueue(7);
  std::string page = m.Serialize();
  EXPECT_EQ(Sample(page, "vigil_messages_consumed_total{topic=\"vigil.input\"}"), 2);
  EXPECT_EQ(Sample(page, "vigil_messages_consumed_total{topic=\"other.topic\"}"), 1);
  EXPECT_EQ(Sample(page, "vigil_messages_processed_total"), 1);
  EXPECT_EQ(Sample(page, "vigil_messages_dead_lettered_total{reason=\"invalid_json\"}"), 1);
  EXPECT_EQ(Sample(page, "vigil_messages_dead_lettered_total{reason=\"oversize\"}"), 2);
  EXPECT_EQ(Sample(page, "vigil_messages_dead_lettered_total{reason=\"empty\"}"), 0);
  EXPECT_EQ(Sample(page, "vigil_committed_offsets_total"), 7);
  EXPECT_EQ(Sample(page, "vigil_messages_in_flight"), 42);
  EXPECT_EQ(Sample(page, "vigil_producer_queue_messages"), 7);
}

TEST(Metrics, DeadLetterWithoutReasonCountsAsProcessingError) {
  Metrics m;
  m.DeadLettered(RejectReason::kNone);
  std::string page = m.Serialize();
  EXPECT_EQ(Sample(page, "vigil_messages_dead_lettered_total{reason=\"processing_error\"}"), 1);
  EXPECT_TRUE(std::isnan(Sample(page, "vigil_messages_dead_lettered_total{reason=\"none\"}")));
}

TEST(Metrics, ClosedLabelSetsExistAtZeroBeforeAnyEvent) {
  // So that rate() and the dashboard see a series from the first scrape, not from the first event.
  Metrics m;
  std::string page = m.Serialize();
  for (const char* r : {"invalid_json", "missing_text", "invalid_utf8", "oversize", "empty", "processing_error"}) {
    EXPECT_EQ(Sample(page, std::string("vigil_messages_dead_lettered_total{reason=\"") + r + "\"}"), 0) << r;
  }
  EXPECT_EQ(SeriesCount(page, "vigil_messages_dead_lettered_total"), 6);
  for (const char* s : {"offensive", "moderately_dangerous", "extremely_dangerous"}) {
    EXPECT_EQ(Sample(page, std::string("vigil_alerts_total{severity=\"") + s + "\"}"), 0) << s;
    EXPECT_EQ(Sample(page, std::string("vigil_alerts_by_language_total{lang=\"other\",severity=\"") + s + "\"}"), 0);
    EXPECT_EQ(Sample(page, std::string("vigil_alerts_by_region_total{region=\"other\",severity=\"") + s + "\"}"), 0);
  }
  EXPECT_EQ(SeriesCount(page, "vigil_alerts_total"), 3);
  int harm = 0;
  for (int i = 0; i < kIndicatorCount; ++i) {
    auto ind = static_cast<Indicator>(i);
    std::string series = "vigil_alert_indicators_total{indicator=\"" + std::string(IndicatorName(ind)) + "\"}";
    if (IsHarmIndicator(ind)) {
      ++harm;
      EXPECT_EQ(Sample(page, series), 0) << series;
    } else {
      EXPECT_TRUE(std::isnan(Sample(page, series))) << series << " is not a harm indicator";
    }
  }
  EXPECT_EQ(SeriesCount(page, "vigil_alert_indicators_total"), harm + 1);  // + other
  EXPECT_EQ(Sample(page, "vigil_alerts_by_target_total{target_group=\"other\"}"), 0);
  EXPECT_EQ(Sample(page, "vigil_lexicon_reloads_total{result=\"success\"}"), 0);
  EXPECT_EQ(Sample(page, "vigil_lexicon_reloads_total{result=\"failure\"}"), 0);
  EXPECT_EQ(Sample(page, "vigil_ready"), 0);
  EXPECT_EQ(Sample(page, "vigil_processing_duration_seconds_count"), 0);
  EXPECT_EQ(Sample(page, "vigil_end_to_end_latency_seconds_count"), 0);
  EXPECT_GE(Sample(page, "vigil_uptime_seconds"), 0);
}

TEST(Metrics, BuildInfoCarriesVersionAndCommit) {
  Metrics m;
  std::string page = m.Serialize();
  EXPECT_EQ(Sample(page, std::string("vigil_build_info{commit=\"") + GitCommit() + "\",version=\"" + VersionString() +
                             "\"}"),
            1)
      << page;
}

TEST(Metrics, AlertCountsSeverityIndicatorsLanguageTargetAndRegion) {
  auto lex = TwoLanguageLexicon();
  ASSERT_TRUE(lex);
  Metrics m;
  m.LexiconLoaded(*lex, 1.7e9);
  m.AlertProduced(MakeVerdict(Severity::kExtremelyDangerous, {Indicator::kDehumanisation, Indicator::kCallToViolence},
                              {"immigrants", "jews"}),
                  *lex, MakeMessage("en", "KE"));
  m.AlertProduced(MakeVerdict(Severity::kOffensive, {Indicator::kContempt}, {"luo"}), *lex,
                  MakeMessage("sw", "KE-30"));
  std::string page = m.Serialize();
  EXPECT_EQ(Sample(page, "vigil_alerts_total{severity=\"extremely_dangerous\"}"), 1);
  EXPECT_EQ(Sample(page, "vigil_alerts_total{severity=\"offensive\"}"), 1);
  EXPECT_EQ(Sample(page, "vigil_alerts_total{severity=\"moderately_dangerous\"}"), 0);
  EXPECT_EQ(Sample(page, "vigil_alert_indicators_total{indicator=\"dehumanisation\"}"), 1);
  EXPECT_EQ(Sample(page, "vigil_alert_indicators_total{indicator=\"call_to_violence\"}"), 1);
  EXPECT_EQ(Sample(page, "vigil_alert_indicators_total{indicator=\"contempt\"}"), 1);
  EXPECT_EQ(Sample(page, "vigil_alerts_by_language_total{lang=\"en\",severity=\"extremely_dangerous\"}"), 1);
  EXPECT_EQ(Sample(page, "vigil_alerts_by_language_total{lang=\"sw\",severity=\"offensive\"}"), 1);
  EXPECT_EQ(Sample(page, "vigil_alerts_by_target_total{target_group=\"jews\"}"), 1);
  EXPECT_EQ(Sample(page, "vigil_alerts_by_target_total{target_group=\"immigrants\"}"), 1);
  EXPECT_EQ(Sample(page, "vigil_alerts_by_target_total{target_group=\"luo\"}"), 1);
  EXPECT_EQ(Sample(page, "vigil_alerts_by_region_total{region=\"KE\",severity=\"extremely_dangerous\"}"), 1);
  EXPECT_EQ(Sample(page, "vigil_alerts_by_region_total{region=\"KE-30\",severity=\"offensive\"}"), 1);
  EXPECT_EQ(Sample(page, "vigil_alerts_by_region_total{region=\"other\",severity=\"offensive\"}"), 0);
}

TEST(Metrics, LexiconLanguagesAndTargetsArePreCreatedAtZero) {
  auto lex = TwoLanguageLexicon();
  ASSERT_TRUE(lex);
  Metrics m;
  m.LexiconLoaded(*lex, 1.7e9);
  std::string page = m.Serialize();
  for (const char* lang : {"en", "sw"}) {
    for (const char* s : {"offensive", "moderately_dangerous", "extremely_dangerous"}) {
      EXPECT_EQ(Sample(page, std::string("vigil_alerts_by_language_total{lang=\"") + lang + "\",severity=\"" + s + "\"}"),
                0);
    }
  }
  for (const char* t : {"jews", "immigrants", "luo"}) {
    EXPECT_EQ(Sample(page, std::string("vigil_alerts_by_target_total{target_group=\"") + t + "\"}"), 0) << t;
  }
  EXPECT_EQ(SeriesCount(page, "vigil_alerts_by_target_total"), 4);  // 3 + other
}

TEST(Metrics, AlertRegistersTheLexiconEvenWithoutLexiconLoaded) {
  auto lex = TwoLanguageLexicon();
  ASSERT_TRUE(lex);
  Metrics m;
  m.AlertProduced(MakeVerdict(Severity::kModeratelyDangerous, {Indicator::kDehumanisation}, {"jews"}), *lex,
                  MakeMessage("en", ""));
  std::string page = m.Serialize();
  EXPECT_EQ(Sample(page, "vigil_alerts_by_language_total{lang=\"en\",severity=\"moderately_dangerous\"}"), 1);
  EXPECT_EQ(Sample(page, "vigil_alerts_by_target_total{target_group=\"jews\"}"), 1);
}

TEST(Metrics, LanguageOutsideTheLexiconCountsAsOther) {
  auto lex = TwoLanguageLexicon();
  ASSERT_TRUE(lex);
  Metrics m;
  m.LexiconLoaded(*lex, 1.7e9);
  for (const char* lang : {"xx", "", "EN", "de"}) {
    m.AlertProduced(MakeVerdict(Severity::kOffensive, {Indicator::kContempt}, {}), *lex, MakeMessage(lang, "GB"));
  }
  std::string page = m.Serialize();
  EXPECT_EQ(Sample(page, "vigil_alerts_by_language_total{lang=\"other\",severity=\"offensive\"}"), 4);
  EXPECT_TRUE(std::isnan(Sample(page, "vigil_alerts_by_language_total{lang=\"xx\",severity=\"offensive\"}")));
  EXPECT_TRUE(std::isnan(Sample(page, "vigil_alerts_by_language_total{lang=\"de\",severity=\"offensive\"}")));
  EXPECT_EQ(SeriesCount(page, "vigil_alerts_by_language_total"), 9);  // (en, sw, other) x 3 severities
}

TEST(Metrics, AMessageWithoutLanguageCountsUnderTheDetectedOne) {
  auto lex = TwoLanguageLexicon();
  ASSERT_TRUE(lex);
  Metrics m;
  m.LexiconLoaded(*lex, 1.7e9);
  Verdict detected = MakeVerdict(Severity::kOffensive, {Indicator::kContempt}, {});
  detected.detected_lang = "sw";
  m.AlertProduced(detected, *lex, MakeMessage("", "KE"));
  // A declared language wins over a detected one (the analyzer only detects when none is declared).
  m.AlertProduced(detected, *lex, MakeMessage("en", "KE"));
  m.AlertProduced(MakeVerdict(Severity::kOffensive, {Indicator::kContempt}, {}), *lex, MakeMessage("", "KE"));
  std::string page = m.Serialize();
  EXPECT_EQ(Sample(page, "vigil_alerts_by_language_total{lang=\"sw\",severity=\"offensive\"}"), 1);
  EXPECT_EQ(Sample(page, "vigil_alerts_by_language_total{lang=\"en\",severity=\"offensive\"}"), 1);
  EXPECT_EQ(Sample(page, "vigil_alerts_by_language_total{lang=\"other\",severity=\"offensive\"}"), 1);
}

TEST(Metrics, EveryAnalysedMessageCountsUnderHowItsLanguageWasSettled) {
  Metrics m;
  Verdict v;
  m.MessageAnalysed(v);  // declared
  v.language_source = LanguageSource::kGuessed;
  m.MessageAnalysed(v);
  m.MessageAnalysed(v);
  v.language_source = LanguageSource::kUnknown;
  m.MessageAnalysed(v);
  std::string page = m.Serialize();
  EXPECT_EQ(Sample(page, "vigil_messages_by_language_source_total{source=\"declared\"}"), 1);
  EXPECT_EQ(Sample(page, "vigil_messages_by_language_source_total{source=\"guessed\"}"), 2);
  EXPECT_EQ(Sample(page, "vigil_messages_by_language_source_total{source=\"unknown\"}"), 1);
  // Every source has a series from the start, so a rate() over it is never absent.
  EXPECT_EQ(Sample(page, "vigil_messages_by_language_source_total{source=\"script\"}"), 0);
}

TEST(Metrics, UnknownTargetGroupsCountAsOtherOncePerAlert) {
  auto lex = TwoLanguageLexicon();
  ASSERT_TRUE(lex);
  Metrics m;
  m.LexiconLoaded(*lex, 1.7e9);
  m.AlertProduced(MakeVerdict(Severity::kOffensive, {Indicator::kContempt}, {"jews", "martians", "venusians"}), *lex,
                  MakeMessage("en", "GB"));
  m.AlertProduced(MakeVerdict(Severity::kOffensive, {Indicator::kContempt}, {}), *lex, MakeMessage("en", "GB"));
  std::string page = m.Serialize();
  EXPECT_EQ(Sample(page, "vigil_alerts_by_target_total{target_group=\"jews\"}"), 1);
  EXPECT_EQ(Sample(page, "vigil_alerts_by_target_total{target_group=\"other\"}"), 1);
  EXPECT_TRUE(std::isnan(Sample(page, "vigil_alerts_by_target_total{target_group=\"martians\"}")));
}

TEST(Metrics, RegionsOutsideTheIsoPatternCountAsOther) {
  auto lex = TwoLanguageLexicon();
  ASSERT_TRUE(lex);
  Metrics m;
  const std::vector<std::string> bad = {"",      "ke",     "KEN",  "K3",       "KE-",  "KE-1234", "KE-30 ",
                                        " KE",   "KE_30",  "KE-a", "Kenya",    "..",   "KE-30-1", "ÄB",
                                        "KE\n", "{}\"", "12"};
  for (const auto& r : bad) {
    m.AlertProduced(MakeVerdict(Severity::kExtremelyDangerous, {Indicator::kCallToViolence}, {}), *lex,
                    MakeMessage("en", r));
  }
  for (const char* r : {"KE", "KE-30", "GB-ENG", "RW-02", "US-CA"}) {
    m.AlertProduced(MakeVerdict(Severity::kExtremelyDangerous, {Indicator::kCallToViolence}, {}), *lex,
                    MakeMessage("en", r));
  }
  std::string page = m.Serialize();
  EXPECT_EQ(Sample(page, "vigil_alerts_by_region_total{region=\"other\",severity=\"extremely_dangerous\"}"),
            static_cast<double>(bad.size()));
  for (const char* r : {"KE", "KE-30", "GB-ENG", "RW-02", "US-CA"}) {
    EXPECT_EQ(Sample(page, std::string("vigil_alerts_by_region_total{region=\"") + r +
                               "\",severity=\"extremely_dangerous\"}"),
              1)
        << r;
  }
  EXPECT_EQ(SeriesCount(page, "vigil_alerts_by_region_total"), 6 * 3);  // 5 regions + other
}

TEST(Metrics, RegionLabelsAreCappedAndTheRestCountAsOther) {
  auto lex = TwoLanguageLexicon();
  ASSERT_TRUE(lex);
  Metrics m;
  int sent = 0;
  for (char a = 'A'; a <= 'Z'; ++a) {
    for (char b = 'A'; b <= 'Z'; ++b) {  // 676 distinct valid codes
      m.AlertProduced(MakeVerdict(Severity::kOffensive, {Indicator::kContempt}, {}), *lex,
                      MakeMessage("en", std::string{a, b}));
      ++sent;
    }
  }
  std::string page = m.Serialize();
  const int cap = 512;
  EXPECT_EQ(SeriesCount(page, "vigil_alerts_by_region_total"), (cap + 1) * 3);
  EXPECT_EQ(Sample(page, "vigil_alerts_by_region_total{region=\"other\",severity=\"offensive\"}"), sent - cap);
}

TEST(Metrics, TopicsBeyondTheCapCountAsOther) {
  Metrics m;
  for (int i = 0; i < 70; ++i) m.MessageConsumed("topic-" + std::to_string(i));
  std::string page = m.Serialize();
  EXPECT_EQ(SeriesCount(page, "vigil_messages_consumed_total"), 64 + 1);
  EXPECT_EQ(Sample(page, "vigil_messages_consumed_total{topic=\"other\"}"), 6);
}

TEST(Metrics, SeverityNoneIsNotAnAlert) {
  auto lex = TwoLanguageLexicon();
  ASSERT_TRUE(lex);
  Metrics m;
  m.AlertProduced(MakeVerdict(Severity::kNone, {Indicator::kContempt}, {"jews"}), *lex, MakeMessage("en", "KE"));
  std::string page = m.Serialize();
  for (const char* s : {"offensive", "moderately_dangerous", "extremely_dangerous"}) {
    EXPECT_EQ(Sample(page, std::string("vigil_alerts_total{severity=\"") + s + "\"}"), 0);
  }
  EXPECT_EQ(Sample(page, "vigil_alert_indicators_total{indicator=\"contempt\"}"), 0);
}

TEST(Metrics, ConsumerLagIsSetPerPartitionAndRemovedOnRevoke) {
  Metrics m;
  m.SetConsumerLag("vigil.input", 0, 10);
  m.SetConsumerLag("vigil.input", 1, 20);
  m.SetConsumerLag("vigil.input", 0, 15);
  std::string page = m.Serialize();
  EXPECT_EQ(Sample(page, "vigil_consumer_lag_messages{partition=\"0\",topic=\"vigil.input\"}"), 15);
  EXPECT_EQ(Sample(page, "vigil_consumer_lag_messages{partition=\"1\",topic=\"vigil.input\"}"), 20);

  m.RemoveConsumerLag("vigil.input", 0);
  m.RemoveConsumerLag("vigil.input", 7);  // never set: no effect
  page = m.Serialize();
  EXPECT_TRUE(std::isnan(Sample(page, "vigil_consumer_lag_messages{partition=\"0\",topic=\"vigil.input\"}")));
  EXPECT_EQ(Sample(page, "vigil_consumer_lag_messages{partition=\"1\",topic=\"vigil.input\"}"), 20);

  m.SetConsumerLag("vigil.input", 0, 3);  // reassigned later
  m.ClearConsumerLag();
  EXPECT_EQ(SeriesCount(m.Serialize(), "vigil_consumer_lag_messages"), 0);
  m.SetConsumerLag("vigil.input", 2, 1);
  EXPECT_EQ(Sample(m.Serialize(), "vigil_consumer_lag_messages{partition=\"2\",topic=\"vigil.input\"}"), 1);
}

TEST(Metrics, LexiconLoadedSetsEntriesPerLanguageInfoAndTimestamp) {
  auto lex = TwoLanguageLexicon();
  ASSERT_TRUE(lex);
  Metrics m;
  m.LexiconLoaded(*lex, 1700000000.5);
  m.LexiconReload(true);
  std::string page = m.Serialize();
  EXPECT_EQ(Sample(page, "vigil_lexicon_entries{lang=\"en\"}"), 3);
  EXPECT_EQ(Sample(page, "vigil_lexicon_entries{lang=\"sw\"}"), 2);
  EXPECT_EQ(Sample(page, "vigil_lexicon_info{version=\"" + lex->version() + "\"}"), 1);
  EXPECT_EQ(SeriesCount(page, "vigil_lexicon_info"), 1);
  EXPECT_DOUBLE_EQ(Sample(page, "vigil_lexicon_last_reload_timestamp_seconds"), 1700000000.5);
  EXPECT_EQ(Sample(page, "vigil_lexicon_reloads_total{result=\"success\"}"), 1);
}

TEST(Metrics, ReloadReplacesTheInfoSeriesAndDropsRemovedLanguages) {
  auto both = TwoLanguageLexicon(true);
  auto en_only = TwoLanguageLexicon(false);
  ASSERT_TRUE(both && en_only);
  ASSERT_NE(both->version(), en_only->version());
  Metrics m;
  m.LexiconLoaded(*both, 100);
  m.LexiconReload(true);
  m.LexiconReload(false);  // a broken reload changes nothing but the failure count
  m.LexiconLoaded(*en_only, 200);
  m.LexiconReload(true);
  std::string page = m.Serialize();
  EXPECT_EQ(SeriesCount(page, "vigil_lexicon_info"), 1);
  EXPECT_EQ(Sample(page, "vigil_lexicon_info{version=\"" + en_only->version() + "\"}"), 1);
  EXPECT_EQ(Sample(page, "vigil_lexicon_entries{lang=\"en\"}"), 3);
  EXPECT_TRUE(std::isnan(Sample(page, "vigil_lexicon_entries{lang=\"sw\"}")));
  EXPECT_EQ(Sample(page, "vigil_lexicon_last_reload_timestamp_seconds"), 200);
  EXPECT_EQ(Sample(page, "vigil_lexicon_reloads_total{result=\"success\"}"), 2);
  EXPECT_EQ(Sample(page, "vigil_lexicon_reloads_total{result=\"failure\"}"), 1);
  // Alert label sets only grow: sw alerts already counted keep their series.
  EXPECT_EQ(Sample(page, "vigil_alerts_by_language_total{lang=\"sw\",severity=\"offensive\"}"), 0);
}

TEST(Metrics, ReadyAndWorkerBusyRatio) {
  Metrics m;
  m.SetReady(true);
  m.SetWorkerBusyRatio(0, 0.25);
  m.SetWorkerBusyRatio(1, 0.75);
  m.SetWorkerBusyRatio(-1, 1);   // out of range: dropped
  m.SetWorkerBusyRatio(256, 1);  // out of range: dropped
  std::string page = m.Serialize();
  EXPECT_EQ(Sample(page, "vigil_ready"), 1);
  EXPECT_EQ(Sample(page, "vigil_worker_busy_ratio{worker=\"0\"}"), 0.25);
  EXPECT_EQ(Sample(page, "vigil_worker_busy_ratio{worker=\"1\"}"), 0.75);
  EXPECT_EQ(SeriesCount(page, "vigil_worker_busy_ratio"), 2);
  m.SetReady(false);
  EXPECT_EQ(Sample(m.Serialize(), "vigil_ready"), 0);
}

TEST(Metrics, ReadyFunctionIsEvaluatedAtEachSerialize) {
  Metrics m;
  bool ready = false;
  int calls = 0;
  m.SetReadyFunction([&] {
    ++calls;
    return ready;
  });
  EXPECT_EQ(Sample(m.Serialize(), "vigil_ready"), 0);
  ready = true;
  EXPECT_EQ(Sample(m.Serialize(), "vigil_ready"), 1);
  EXPECT_EQ(calls, 2);
  m.SetReadyFunction({});  // back to SetReady()
  m.SetReady(false);
  EXPECT_EQ(Sample(m.Serialize(), "vigil_ready"), 0);
  EXPECT_EQ(calls, 2);
}

TEST(Metrics, LatencyHistogramsCoverTenthOfAMillisecondToTenSeconds) {
  Metrics m;
  m.ObserveProcessingSeconds(0.00005);  // below the first bucket
  m.ObserveProcessingSeconds(0.002);
  m.ObserveProcessingSeconds(20);       // above the last finite bucket
  m.ObserveEndToEndSeconds(1.5);
  std::string page = m.Serialize();
  EXPECT_EQ(Sample(page, "vigil_processing_duration_seconds_count"), 3);
  EXPECT_EQ(Sample(page, "vigil_processing_duration_seconds_bucket{le=\"0.0001\"}"), 1);
  EXPECT_EQ(Sample(page, "vigil_processing_duration_seconds_bucket{le=\"0.0025\"}"), 2);
  EXPECT_EQ(Sample(page, "vigil_processing_duration_seconds_bucket{le=\"10\"}"), 2);
  EXPECT_EQ(Sample(page, "vigil_processing_duration_seconds_bucket{le=\"+Inf\"}"), 3);
  EXPECT_NEAR(Sample(page, "vigil_processing_duration_seconds_sum"), 20.00205, 1e-9);
  EXPECT_EQ(Sample(page, "vigil_end_to_end_latency_seconds_bucket{le=\"1\"}"), 0);
  EXPECT_EQ(Sample(page, "vigil_end_to_end_latency_seconds_bucket{le=\"2.5\"}"), 1);
}

TEST(Metrics, ConcurrentCallsAreAllCounted) {
  auto lex = TwoLanguageLexicon();
  ASSERT_TRUE(lex);
  Metrics m;
  const int threads = 4, per_thread = 5000;
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      // Distinct regions per thread make the threads race to create label children.
      Message msg = MakeMessage(t % 2 ? "en" : "sw", std::string("K") + static_cast<char>('A' + t));
      Verdict v = MakeVerdict(Severity::kOffensive, {Indicator::kContempt}, {"jews"});
      for (int i = 0; i < per_thread; ++i) {
        m.MessageConsumed("vigil.input");
        m.MessageProcessed();
        m.AlertProduced(v, *lex, msg);
        m.ObserveProcessingSeconds(0.001);
        if (i % 500 == 0) m.Serialize();
      }
    });
  }
  for (auto& th : pool) th.join();
  std::string page = m.Serialize();
  const double n = threads * per_thread;
  EXPECT_EQ(Sample(page, "vigil_messages_consumed_total{topic=\"vigil.input\"}"), n);
  EXPECT_EQ(Sample(page, "vigil_messages_processed_total"), n);
  EXPECT_EQ(Sample(page, "vigil_alerts_total{severity=\"offensive\"}"), n);
  EXPECT_EQ(Sample(page, "vigil_alerts_by_target_total{target_group=\"jews\"}"), n);
  EXPECT_EQ(Sample(page, "vigil_alerts_by_language_total{lang=\"en\",severity=\"offensive\"}") +
                Sample(page, "vigil_alerts_by_language_total{lang=\"sw\",severity=\"offensive\"}"),
            n);
  EXPECT_EQ(Sample(page, "vigil_processing_duration_seconds_count"), n);
}

// Everything exercised at once, so promtool and the name check see every family with children.
std::string FullPage() {
  static auto lex = TwoLanguageLexicon();
  static Metrics m;
  static bool filled = false;
  if (!filled) {
    filled = true;
    m.MessageConsumed("vigil.input");
    m.MessageProcessed();
    m.DeadLettered(RejectReason::kInvalidUtf8);
    m.OffsetsCommitted(1);
    m.SetInFlight(1);
    m.AlertProduced(MakeVerdict(Severity::kExtremelyDangerous, {Indicator::kCallToViolence}, {"luo"}), *lex,
                    MakeMessage("sw", "KE"));
    m.ObserveProcessingSeconds(0.001);
    m.ObserveEndToEndSeconds(0.01);
    m.SetConsumerLag("vigil.input", 0, 5);
    m.SetProducerQueue(0);
    m.LexiconLoaded(*lex, 1.7e9);
    m.LexiconReload(true);
    m.SetReady(true);
    m.SetWorkerBusyRatio(0, 0.5);
  }
  return m.Serialize();
}

TEST(MetricsExposition, PassesPromtoolCheckMetrics) {
  if (std::system("command -v promtool >/dev/null 2>&1") != 0) {
    GTEST_SKIP() << "promtool not found (Debian package 'prometheus', scripts/install-deps.sh): "
                    "the exposition format is not checked";
  }
  char dir_template[] = "/tmp/vigil-metrics-test-XXXXXX";
  ASSERT_NE(mkdtemp(dir_template), nullptr);
  std::string dir = dir_template, page_file = dir + "/metrics.txt", out_file = dir + "/promtool.out";
  std::ofstream(page_file) << FullPage();
  int rc = std::system(("promtool check metrics < " + page_file + " > " + out_file + " 2>&1").c_str());
  std::stringstream out;
  out << std::ifstream(out_file).rdbuf();
  EXPECT_EQ(rc, 0) << "promtool check metrics:\n" << out.str() << "\non:\n" << FullPage();
  std::remove(page_file.c_str());
  std::remove(out_file.c_str());
  rmdir(dir.c_str());
}

TEST(MetricsExposition, EveryHelpAndTypeLineNamesAVigilMetric) {
  std::string page = FullPage();
  std::istringstream in(page);
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("#", 0) != 0) continue;
    std::vector<std::string> f = Fields(line);  // "#", HELP|TYPE, name, text...
    EXPECT_TRUE(f.size() >= 4 && (f[1] == "HELP" || f[1] == "TYPE") && IsVigilName(f[2])) << line;
  }
}

// The metrics table of docs/operations.md is what the alert rules and dashboard are checked
// against (tests/deploy/promtool_test.sh); the exposition must contain exactly those families.
TEST(MetricsExposition, FamiliesMatchTheOperationsGuide) {
  std::ifstream doc(std::string(VIGIL_SOURCE_DIR) + "/docs/operations.md");
  ASSERT_TRUE(doc) << "docs/operations.md not found";
  // Rows of the metrics table: | `vigil_name` | counter | labels | meaning |
  std::set<std::string> documented;
  std::string line;
  while (std::getline(doc, line)) {
    std::vector<std::string> f = Fields(line);
    if (f.size() < 4 || f[0] != "|" || f[2] != "|") continue;
    if (f[1].size() < 3 || f[1].front() != '`' || f[1].back() != '`') continue;
    std::string name = f[1].substr(1, f[1].size() - 2);
    if (IsVigilName(name) && (f[3] == "counter" || f[3] == "gauge" || f[3] == "histogram")) documented.insert(name);
  }
  ASSERT_FALSE(documented.empty());

  std::set<std::string> exported;
  std::istringstream in(FullPage());
  while (std::getline(in, line)) {
    std::vector<std::string> f = Fields(line);
    if (f.size() == 4 && f[0] == "#" && f[1] == "TYPE") exported.insert(f[2]);
  }
  for (const auto& name : documented) EXPECT_TRUE(exported.count(name)) << name << " is documented but not exported";
  for (const auto& name : exported) EXPECT_TRUE(documented.count(name)) << name << " is exported but not documented";
}

}  // namespace
}  // namespace vigil
