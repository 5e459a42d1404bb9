// `vigil eval --gold FILE.jsonl`: measures detection quality against labelled cases.
// Gold lines: {"text": ..., "lang": ..., "label": "hateful"|"non-hateful", "severity"?: ..., "phenomenon"?: ...}
// A message counts as flagged (predicted hateful) when its severity is not `none`.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>

#include <nlohmann/json.hpp>

#include "classifiers/alert.h"
#include "classifiers/analyzer.h"
#include "pipeline/commands.h"
#include "pipeline/engine_setup.h"

namespace vigil {
namespace {

struct EvalOptions {
  std::vector<std::string> gold;
  EngineFlags engine;
  std::string misclassified;
  std::string default_label;
  double min_accuracy = 0;
  double min_nonhateful_accuracy = 0;
  double max_flag_rate = 1.0;
  bool json = false;
};

struct Tally {
  int n = 0, correct = 0;
  void Add(bool ok) { ++n; correct += ok ? 1 : 0; }
  double Acc() const { return n ? static_cast<double>(correct) / n : 0; }
};

// Normalises the many spellings of a binary label; "" when unknown.
std::string NormaliseLabel(const nlohmann::json& v) {
  if (v.is_boolean()) return v.get<bool>() ? "hateful" : "non-hateful";
  if (v.is_number()) return v.get<double>() != 0 ? "hateful" : "non-hateful";
  if (!v.is_string()) return "";
  std::string s = v.get<std::string>();
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (s == "hateful" || s == "hate" || s == "1" || s == "true" || s == "dangerous" || s == "offensive" ||
      s == "moderately_dangerous" || s == "extremely_dangerous" || s == "yes") {
    return "hateful";
  }
  if (s == "non-hateful" || s == "non_hateful" || s == "nonhateful" || s == "not hateful" || s == "not_hateful" ||
      s == "none" || s == "0" || s == "false" || s == "no" || s == "neutral" || s == "not hate" || s == "nothate") {
    return "non-hateful";
  }
  return "";
}

int RunEval(const EvalOptions& o) {
  auto engine = BuildEngine(o.engine);
  if (!engine.ok()) {
    std::cerr << "vigil eval: " << engine.status().message() << "\n";
    return 2;
  }
  auto analyzer = NewAnalyzer(*engine);
  if (!analyzer.ok()) {
    std::cerr << "vigil eval: " << analyzer.status().ToString() << "\n";
    return 2;
  }
  std::unique_ptr<std::ofstream> miss;
  if (!o.misclassified.empty()) {
    miss = std::make_unique<std::ofstream>(o.misclassified);
    if (!*miss) {
      std::cerr << "vigil eval: cannot write " << o.misclassified << "\n";
      return 2;
    }
  }
  int tp = 0, fp = 0, tn = 0, fn = 0, skipped = 0, duplicate_ids = 0;
  // Case id -> where it was first seen: a second case with the same id makes a miss list and any
  // comparison by id ambiguous, so it is reported and fails a gated run (--min-accuracy and the like).
  std::map<std::string, std::string> first_seen;
  std::map<std::string, Tally> by_label, by_tag, by_lang;
  std::map<std::string, std::map<std::string, int>> severity_confusion;  // gold severity -> predicted
  Verdict v;
  for (const auto& path : o.gold) {
    std::ifstream in(path);
    if (!in) {
      std::cerr << "vigil eval: cannot read " << path << "\n";
      return 2;
    }
    std::string line;
    int line_no = 0;
    while (std::getline(in, line)) {
      ++line_no;
      if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
      nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
      if (j.is_discarded() || !j.is_object() || !j.contains("text") || !j["text"].is_string()) {
        std::cerr << path << ":" << line_no << ": skipped: not a JSON object with a string 'text'\n";
        ++skipped;
        continue;
      }
      std::string label = j.contains("label") ? NormaliseLabel(j["label"]) : NormaliseLabel(o.default_label);
      if (label.empty()) {
        std::cerr << path << ":" << line_no << ": skipped: no usable 'label'\n";
        ++skipped;
        continue;
      }
      if (j.contains("id") && j["id"].is_string()) {
        const std::string where = path + ":" + std::to_string(line_no);
        const auto [it, inserted] = first_seen.emplace(j["id"].get<std::string>(), where);
        if (!inserted) {
          std::cerr << where << ": duplicate id '" << it->first << "' (first at " << it->second << ")\n";
          ++duplicate_ids;
        }
      }
      ParsedMessage p = ParseMessage(line, {});
      Message m;
      if (p.ok()) {
        m = std::move(p.message);
      } else {
        m.text = j["text"].get<std::string>();
      }
      (*analyzer)->Analyze(m, *engine->lexicon, *engine->scorer, &v);
      const bool gold_hateful = label == "hateful";
      const bool flagged = v.severity != Severity::kNone;
      const bool ok = gold_hateful == flagged;
      if (gold_hateful && flagged) ++tp;
      if (!gold_hateful && flagged) ++fp;
      if (!gold_hateful && !flagged) ++tn;
      if (gold_hateful && !flagged) ++fn;
      by_label[label].Add(ok);
      by_lang[m.lang.empty() ? "?" : m.lang].Add(ok);
      for (const char* key : {"phenomenon", "category", "functionality", "tag"}) {
        if (j.contains(key) && j[key].is_string()) {
          by_tag[j[key].get<std::string>()].Add(ok);
          break;
        }
      }
      if (j.contains("severity") && j["severity"].is_string()) {
        ++severity_confusion[j["severity"].get<std::string>()][std::string(SeverityName(v.severity))];
      }
      if (!ok && miss) {
        nlohmann::json out = j;
        out["predicted_severity"] = SeverityName(v.severity);
        out["predicted_score"] = v.score;
        out["explanation"] = v.explanation;
        *miss << out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
      }
    }
  }
  // Written out before the report, so that a reader who stops reading the report ("| head -1")
  // does not cut the file short.
  if (miss) miss->flush();
  const int total = tp + fp + tn + fn;
  if (total == 0) {
    std::cerr << "vigil eval: no usable cases\n";
    return 2;
  }
  const double acc = static_cast<double>(tp + tn) / total;
  const double precision = tp + fp ? static_cast<double>(tp) / (tp + fp) : 0;
  const double recall = tp + fn ? static_cast<double>(tp) / (tp + fn) : 0;
  const double f1 = precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0;
  const double flag_rate = static_cast<double>(tp + fp) / total;
  const double nonhateful_acc = by_label.count("non-hateful") ? by_label["non-hateful"].Acc() : 1.0;
  // Severity agreement: cases whose gold severity is not none, predicted at exactly that severity.
  int sev_exact = 0, sev_total = 0;
  for (const auto& [g, row] : severity_confusion) {
    if (g == "none") continue;
    for (const auto& [p, c] : row) sev_total += c, sev_exact += p == g ? c : 0;
  }
  if (o.json) {
    nlohmann::json r{{"cases", total},   {"skipped", skipped},  {"accuracy", acc},  {"precision", precision},
                     {"recall", recall}, {"f1", f1},            {"flag_rate", flag_rate},
                     {"confusion", {{"tp", tp}, {"fp", fp}, {"tn", tn}, {"fn", fn}}}};
    for (auto& [k, t] : by_label) r["by_label"][k] = {{"n", t.n}, {"accuracy", t.Acc()}};
    for (auto& [k, t] : by_tag) r["by_phenomenon"][k] = {{"n", t.n}, {"accuracy", t.Acc()}};
    for (auto& [k, t] : by_lang) r["by_language"][k] = {{"n", t.n}, {"accuracy", t.Acc()}};
    if (sev_total > 0) r["severity_agreement"] = {{"n", sev_total}, {"exact", sev_exact}};
    r["duplicate_ids"] = duplicate_ids;
    std::cout << r.dump(2) << "\n";
  } else {
    std::printf("cases %d (skipped %d)   accuracy %.1f%%   precision %.3f   recall %.3f   F1 %.3f   flagged %.2f%%\n",
                total, skipped, 100 * acc, precision, recall, f1, 100 * flag_rate);
    if (duplicate_ids > 0) std::printf("duplicate ids %d (listed on stderr)\n", duplicate_ids);
    std::printf("\nconfusion          predicted hateful   predicted non-hateful\n");
    std::printf("  gold hateful     %17d   %21d\n", tp, fn);
    std::printf("  gold non-hateful %17d   %21d\n", fp, tn);
    std::printf("\nby label\n");
    for (auto& [k, t] : by_label) std::printf("  %-28s %5d  %6.1f%%\n", k.c_str(), t.n, 100 * t.Acc());
    if (!by_lang.empty()) {
      std::printf("\nby language\n");
      for (auto& [k, t] : by_lang) std::printf("  %-28s %5d  %6.1f%%\n", k.c_str(), t.n, 100 * t.Acc());
    }
    if (!by_tag.empty()) {
      std::printf("\nby phenomenon\n");
      for (auto& [k, t] : by_tag) std::printf("  %-28s %5d  %6.1f%%\n", k.c_str(), t.n, 100 * t.Acc());
    }
    if (!severity_confusion.empty()) {
      std::printf("\n");
      if (sev_total > 0) {
        std::printf("severity agreement: %d of %d cases with a gold severity other than none (%.1f%%)\n", sev_exact,
                    sev_total, 100.0 * sev_exact / sev_total);
      }
      std::printf("severity (gold -> predicted)\n");
      for (auto& [g, row] : severity_confusion) {
        std::printf("  %-22s", g.c_str());
        for (auto& [p, c] : row) std::printf(" %s:%d", p.c_str(), c);
        std::printf("\n");
      }
    }
  }
  bool pass = acc >= o.min_accuracy && nonhateful_acc >= o.min_nonhateful_accuracy && flag_rate <= o.max_flag_rate;
  const bool gated = o.min_accuracy > 0 || o.min_nonhateful_accuracy > 0 || o.max_flag_rate < 1;
  if (gated && duplicate_ids > 0) {
    std::fprintf(stderr, "vigil eval: %d duplicate case ids\n", duplicate_ids);
    return 1;
  }
  if (!pass) {
    std::fprintf(stderr, "vigil eval: below the required bar (accuracy %.3f >= %.3f, non-hateful %.3f >= %.3f, flag rate %.4f <= %.4f)\n",
                 acc, o.min_accuracy, nonhateful_acc, o.min_nonhateful_accuracy, flag_rate, o.max_flag_rate);
    return 1;
  }
  return 0;
}

}  // namespace

void AddEvalCommand(CLI::App& app, int* exit_code) {
  auto o = std::make_shared<EvalOptions>();
  auto* cmd = app.add_subcommand("eval", "Measure accuracy, precision, recall and F1 against gold-labelled JSONL cases");
  cmd->add_option("--gold,-g", o->gold, "Gold JSONL file(s): text, lang, label, optional severity and phenomenon")
      ->required()
      ->check(CLI::ExistingFile);
  AddEngineOptions(cmd, &o->engine);
  cmd->add_option("--misclassified,-m", o->misclassified, "Write misclassified cases (with the verdict) to this JSONL file");
  cmd->add_option("--default-label", o->default_label, "Label for lines without one (e.g. non-hateful for a benign corpus)");
  cmd->add_option("--min-accuracy", o->min_accuracy, "Exit 1 when overall accuracy is below this (0-1)");
  cmd->add_option("--min-nonhateful-accuracy", o->min_nonhateful_accuracy, "Exit 1 when non-hateful accuracy is below this");
  cmd->add_option("--max-flag-rate", o->max_flag_rate, "Exit 1 when more than this share of cases is flagged (0-1)");
  cmd->add_flag("--json", o->json, "Machine-readable report");
  cmd->callback([o, exit_code] { *exit_code = RunEval(*o); });
}

}  // namespace vigil
