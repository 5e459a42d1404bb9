#include "classifiers/alert.h"

#include <nlohmann/json.hpp>

#include <cstdio>

namespace vigil {
namespace {

uint64_t Fnv1a64(std::string_view s, uint64_t seed) {
  uint64_t h = 1469598103934665603ull ^ seed;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ull;
  }
  // Final avalanche (splitmix64) so similar inputs differ in every hex digit.
  h ^= h >> 30; h *= 0xbf58476d1ce4e5b9ull;
  h ^= h >> 27; h *= 0x94d049bb133111ebull;
  h ^= h >> 31;
  return h;
}

std::string Hex128(std::string_view s) {
  char buf[33];
  std::snprintf(buf, sizeof buf, "%016llx%016llx", static_cast<unsigned long long>(Fnv1a64(s, 0)),
                static_cast<unsigned long long>(Fnv1a64(s, 0x9e3779b97f4a7c15ull)));
  return buf;
}

}  // namespace

std::string EffectiveMessageId(const Message& message) {
  if (!message.id.empty()) return message.id;
  return "sha:" + Hex128(message.text).substr(0, 24);
}

std::string AlertId(const Message& message) { return Hex128("alert\x1f" + EffectiveMessageId(message)); }

std::string Pseudonymise(std::string_view id, std::string_view key) {
  std::string material(key);
  material.push_back('\x1f');
  material.append(id);
  return "anon:" + Hex128(material).substr(0, 20);
}

std::string RenderAlert(const Message& message, const Verdict& verdict, const CompiledLexicon& lexicon,
                        const AlertOptions& options) {
  using nlohmann::json;
  json j;
  j["schema_version"] = kAlertSchemaVersion;
  j["alert_id"] = AlertId(message);
  j["message_id"] = EffectiveMessageId(message);
  j["severity"] = SeverityName(verdict.severity);
  j["score"] = verdict.score;
  json matches = json::array();
  for (const Match& m : verdict.matches) {
    const Entry& e = lexicon.entry(m.entry);
    json jm{{"entry_id", e.id},
            {"indicator", IndicatorName(e.indicator)},
            {"category", IndicatorName(e.indicator)},
            {"lang", e.lang},
            {"start", m.source.begin},
            {"end", m.source.end},
            {"text", std::string(m.source.Slice(message.text))},
            {"match", MatchKindName(m.kind)}};
    if (!e.target.empty()) jm["target"] = e.target;
    if (e.stands_for) jm["stands_for"] = IndicatorName(*e.stands_for);
    if (e.tier != EntryTier::kDefault) jm["tier"] = EntryTierName(e.tier);
    matches.push_back(std::move(jm));
  }
  json indicators = json::array();
  for (const auto& ind : verdict.indicators) {
    json ev = json::array();
    for (const auto& e : ind.evidence) {
      const Match& m = verdict.matches[e.match];
      ev.push_back({{"match", e.match},
                    {"text", std::string(m.source.Slice(message.text))},
                    {"start", m.source.begin},
                    {"end", m.source.end},
                    {"weight", std::round(e.weight * 1000) / 1000}});
    }
    indicators.push_back({{"name", IndicatorName(ind.indicator)},
                          {"weight", std::round(ind.weight * 1000) / 1000},
                          {"evidence", std::move(ev)}});
  }
  j["indicators"] = std::move(indicators);
  j["target_groups"] = verdict.target_groups;
  j["matches"] = std::move(matches);
  if (!verdict.discounted.empty()) {
    json d = json::array();
    for (const auto& x : verdict.discounted) {
      json jd{{"match", x.match}, {"reason", x.reason}};
      if (x.cue) {
        json cue{{"indicator", IndicatorName(x.cue->indicator)},
                 {"start", x.cue->source.begin},
                 {"end", x.cue->source.end},
                 {"text", std::string(x.cue->source.Slice(message.text))}};
        if (x.cue->entry) cue["entry_id"] = lexicon.entry(*x.cue->entry).id;
        jd["cue"] = std::move(cue);
      }
      d.push_back(std::move(jd));
    }
    j["discounted"] = std::move(d);
  }
  if (!verdict.context.empty()) {
    json c = json::array();
    for (const auto& f : verdict.context) {
      c.push_back({{"factor", f.name},
                   {"detail", f.detail},
                   {"multiplier", f.factor},
                   {"contribution", std::round(f.contribution * 10) / 10}});
    }
    j["context"] = std::move(c);
  }
  if (!verdict.corrections.empty()) {
    json c = json::array();
    for (const auto& x : verdict.corrections) {
      c.push_back({{"start", x.source.begin},
                   {"end", x.source.end},
                   {"text", std::string(x.source.Slice(message.text))},
                   {"read_as", x.read_as}});
    }
    j["corrections"] = std::move(c);
  }
  j["explanation"] = verdict.explanation;
  j["lang"] = message.lang;
  if (!verdict.detected_lang.empty()) {
    j["detected_lang"] = verdict.detected_lang;
    j["detected_lang_source"] = LanguageSourceName(verdict.language_source);  // "guessed" or "script"
  }
  if (!message.region.empty()) j["region"] = message.region;
  if (!message.timestamp.empty()) j["timestamp"] = message.timestamp;
  if (message.has_source) {
    j["source"] = {{"platform", message.source.platform}, {"channel", message.source.channel}, {"url", message.source.url}};
  }
  if (message.has_author) {
    json a;
    if (!message.author.id.empty()) {
      a["id"] = options.pseudonymise ? Pseudonymise(message.author.id, options.pseudonym_key) : message.author.id;
    }
    if (!options.pseudonymise && !message.author.handle.empty()) a["handle"] = message.author.handle;
    if (message.author.followers >= 0) a["followers"] = message.author.followers;
    if (message.author.verified) a["verified"] = *message.author.verified;
    if (!message.author.role.empty()) a["role"] = message.author.role;
    j["author"] = std::move(a);
  }
  if (!message.reply_to.empty()) j["reply_to"] = message.reply_to;
  if (!message.quote_of.empty()) j["quote_of"] = message.quote_of;
  j["lexicon_version"] = lexicon.version();
  j["processed_at"] = options.processed_at;
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace vigil
