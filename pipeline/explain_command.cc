// `vigil explain "text"`: every normalisation step, every match with its position, every indicator
// and the resulting severity. For analysts checking an alert and curators testing an entry.
#include <cstdio>
#include <iostream>

#include "classifiers/alert.h"
#include "classifiers/analyzer.h"
#include "pipeline/commands.h"
#include "pipeline/engine_setup.h"

namespace vigil {
namespace {

struct ExplainOptions {
  EngineFlags engine;
  std::string lang, region, role, text;
  int64_t followers = -1;
  bool json = false;
};

int RunExplain(const ExplainOptions& o) {
  auto engine = BuildEngine(o.engine);
  if (!engine.ok()) {
    std::cerr << "vigil explain: " << engine.status().message() << "\n";
    return 2;
  }
  Message m;
  m.text = o.text;
  m.lang = o.lang;
  m.region = o.region;
  if (!o.role.empty() || o.followers >= 0) {
    m.has_author = true;
    m.author.role = o.role;
    m.author.followers = o.followers;
  }
  auto analyzer = NewAnalyzer(*engine);
  if (!analyzer.ok()) {
    std::cerr << "vigil explain: " << analyzer.status().ToString() << "\n";
    return 2;
  }
  Verdict v;
  (*analyzer)->Analyze(m, *engine->lexicon, *engine->scorer, &v);
  if (o.json) {
    AlertOptions ao;
    ao.processed_at = NowRfc3339();
    std::cout << RenderAlert(m, v, *engine->lexicon, ao) << "\n";
    return 0;
  }
  NormalisedText nt;
  NormalisationTrace trace;
  // Trace the normalisation the analysis used: a message without a language is normalised as the
  // language it was detected to be.
  const std::string& lang = m.lang.empty() ? v.detected_lang : m.lang;
  (*analyzer)->normaliser().NormaliseWithTrace(m.text, lang, &nt, &trace);
  if (m.lang.empty()) {
    std::printf("Language: %s\n\n", lang.empty() ? "undetermined (matched against every lexicon)"
                                                   : (lang + " (detected; none given)").c_str());
  }
  std::printf("Normalisation\n");
  for (const auto& [step, text] : trace.steps) std::printf("  %-22s %s\n", (step + ":").c_str(), text.c_str());
  std::printf("\nTokens (canonical <- original bytes)\n");
  for (size_t i = 0; i < nt.tokens.size(); ++i) {
    const Token& t = nt.tokens[i];
    std::string tok(nt.TokenText(t));
    std::string orig(t.source.Slice(m.text));
    std::printf("  %3zu %-20s <- [%u,%u) \"%s\"%s\n", i, tok.c_str(), t.source.begin, t.source.end, orig.c_str(),
                t.before == Boundary::kSentence ? "  (new sentence)" : t.before == Boundary::kClause ? "  (new clause)" : "");
  }
  std::printf("\nMatches\n");
  const auto& matches = (*analyzer)->matches();
  if (matches.empty()) std::printf("  (none)\n");
  for (const Match& mt : matches) {
    const Entry& e = engine->lexicon->entry(mt.entry);
    std::printf("  tokens %u-%u bytes [%u,%u) \"%s\"  %s  %s  weight %.2f%s%s  (%s:%d, %s)\n", mt.first, mt.last,
                mt.source.begin, mt.source.end, std::string(mt.source.Slice(m.text)).c_str(), e.id.c_str(),
                std::string(IndicatorName(e.indicator)).c_str(), e.weight, e.target.empty() ? "" : "  target ",
                e.target.c_str(), e.file.c_str(), e.line, std::string(MatchKindName(mt.kind)).c_str());
  }
  std::printf("\nIndicators\n");
  if (v.indicators.empty()) std::printf("  (none)\n");
  for (const auto& ind : v.indicators) {
    std::printf("  %-22s %.3f\n", std::string(IndicatorName(ind.indicator)).c_str(), ind.weight);
    for (const auto& ev : ind.evidence) {
      const Match& mt = v.matches[ev.match];
      std::printf("      \"%s\" [%u,%u) +%.3f\n", std::string(mt.source.Slice(m.text)).c_str(), mt.source.begin,
                  mt.source.end, ev.weight);
    }
  }
  for (const auto& d : v.discounted) {
    const Match& mt = v.matches[d.match];
    std::printf("  discounted: \"%s\" [%u,%u) %s", std::string(mt.source.Slice(m.text)).c_str(), mt.source.begin,
                mt.source.end, d.reason.c_str());
    if (d.cue) {
      std::printf(" by \"%s\" [%u,%u) %s", std::string(d.cue->source.Slice(m.text)).c_str(), d.cue->source.begin,
                  d.cue->source.end, std::string(IndicatorName(d.cue->indicator)).c_str());
      if (d.cue->entry) std::printf(" %s", engine->lexicon->entry(*d.cue->entry).id.c_str());
    }
    std::printf("\n");
  }
  for (const auto& c : v.context) {
    std::printf("  context: %s (%s) x%.2f, +%.1f points\n", c.name.c_str(), c.detail.c_str(), c.factor, c.contribution);
  }
  std::printf("\nTargets: ");
  for (const auto& g : v.target_groups) std::printf("%s ", g.c_str());
  std::printf("\nSeverity: %s   score: %.1f\n%s\n", std::string(SeverityName(v.severity)).c_str(), v.score,
              v.explanation.c_str());
  return 0;
}

}  // namespace

void AddExplainCommand(CLI::App& app, int* exit_code) {
  auto o = std::make_shared<ExplainOptions>();
  auto* cmd = app.add_subcommand("explain", "Show normalisation steps, matches, indicators and severity for one text");
  cmd->add_option("text", o->text, "The text to analyse")->required();
  AddEngineOptions(cmd, &o->engine);
  cmd->add_option("--lang", o->lang, "Language of the text (ISO 639-1)");
  cmd->add_option("--region", o->region, "Region (ISO 3166)");
  cmd->add_option("--role", o->role, "Speaker role (politician, religious_leader, ...)");
  cmd->add_option("--followers", o->followers, "Speaker's follower count");
  cmd->add_flag("--json", o->json, "Print the alert JSON instead of the report");
  cmd->callback([o, exit_code] { *exit_code = RunExplain(*o); });
}

}  // namespace vigil
