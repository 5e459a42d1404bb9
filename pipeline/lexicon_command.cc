// `vigil lexicon check|stats`: tooling for lexicon curators.
#include <cstdio>
#include <iostream>
#include <map>

#include "classifiers/normaliser.h"
#include "pipeline/commands.h"
#include "pipeline/lexicon_loader.h"

namespace vigil {
namespace {

std::vector<std::string> PathsOrDefault(const std::vector<std::string>& paths) {
  return paths.empty() ? DefaultLexiconPaths() : paths;
}

int RunCheck(const std::vector<std::string>& paths_in) {
  auto paths = PathsOrDefault(paths_in);
  LexiconLoadResult r = LoadLexiconFiles(paths);
  // Compile too: catches terms that normalise to nothing and patterns RE2 refuses at compile limits.
  if (r.errors.empty()) {
    auto n = Normaliser::Create({});
    if (!n.ok()) {
      std::cerr << n.status().ToString() << "\n";
      return 2;
    }
    size_t count = r.entries.size();
    auto compiled = CompiledLexicon::Create(std::move(r.entries), n->get(), {});
    if (!compiled.ok()) {
      std::cerr << compiled.status().message() << "\n";
      std::cerr << "vigil lexicon check: FAILED\n";
      return 1;
    }
    std::printf("vigil lexicon check: OK: %zu entries in %zu files, version %s\n", count, r.files.size(),
                (*compiled)->version().c_str());
    return 0;
  }
  for (const auto& e : r.errors) std::cerr << e.ToString() << "\n";
  std::cerr << "vigil lexicon check: " << r.errors.size() << " error(s) in " << r.files.size() << " file(s)\n";
  return 1;
}

int RunStats(const std::vector<std::string>& paths_in, bool json) {
  auto paths = PathsOrDefault(paths_in);
  LexiconLoadResult r = LoadLexiconFiles(paths);
  std::map<std::string, int> by_lang, by_indicator, by_status;
  std::map<std::string, std::map<std::string, int>> lang_indicator;
  size_t terms = 0, patterns = 0;
  for (const Entry& e : r.entries) {
    ++by_lang[e.lang];
    ++by_indicator[std::string(IndicatorName(e.indicator))];
    ++by_status[std::string(EntryStatusName(e.status))];
    ++lang_indicator[e.lang][std::string(IndicatorName(e.indicator))];
    terms += e.terms.size();
    patterns += e.pattern.empty() ? 0 : 1;
  }
  if (json) {
    std::printf("{\"entries\":%zu,\"terms\":%zu,\"patterns\":%zu,\"errors\":%zu,\"by_language\":{", r.entries.size(),
                terms, patterns, r.errors.size());
    bool first = true;
    for (auto& [k, v] : by_lang) std::printf("%s\"%s\":%d", first ? "" : ",", k.c_str(), v), first = false;
    std::printf("},\"by_indicator\":{");
    first = true;
    for (auto& [k, v] : by_indicator) std::printf("%s\"%s\":%d", first ? "" : ",", k.c_str(), v), first = false;
    std::printf("},\"by_status\":{");
    first = true;
    for (auto& [k, v] : by_status) std::printf("%s\"%s\":%d", first ? "" : ",", k.c_str(), v), first = false;
    std::printf("}}\n");
    return r.errors.empty() ? 0 : 1;
  }
  std::printf("%zu entries (%zu terms, %zu patterns) in %zu files, %zu languages\n", r.entries.size(), terms, patterns,
              r.files.size(), by_lang.size());
  std::printf("\nBy status:\n");
  for (auto& [k, v] : by_status) std::printf("  %-12s %6d\n", k.c_str(), v);
  std::printf("\nBy indicator:\n");
  for (auto& [k, v] : by_indicator) std::printf("  %-22s %6d\n", k.c_str(), v);
  std::printf("\nBy language:\n");
  for (auto& [k, v] : by_lang) {
    std::printf("  %-5s %6d  ", k.c_str(), v);
    for (auto& [ind, c] : lang_indicator[k]) std::printf("%s:%d ", ind.c_str(), c);
    std::printf("\n");
  }
  if (!r.errors.empty()) std::printf("\n%zu error(s): run `vigil lexicon check` for details\n", r.errors.size());
  return r.errors.empty() ? 0 : 1;
}

}  // namespace

void AddLexiconCommand(CLI::App& app, int* exit_code) {
  auto* cmd = app.add_subcommand("lexicon", "Lexicon tooling: check, stats");
  cmd->require_subcommand(1);
  auto check_paths = std::make_shared<std::vector<std::string>>();
  auto* check = cmd->add_subcommand("check", "Validate lexicon files; every error with file, line and entry id");
  check->add_option("paths", *check_paths, "Files or directories (default: bundled lexicons)");
  check->callback([check_paths, exit_code] { *exit_code = RunCheck(*check_paths); });

  auto stats_paths = std::make_shared<std::vector<std::string>>();
  auto stats_json = std::make_shared<bool>(false);
  auto* stats = cmd->add_subcommand("stats", "Entries by language, indicator and status");
  stats->add_option("paths", *stats_paths, "Files or directories (default: bundled lexicons)");
  stats->add_flag("--json", *stats_json, "Machine-readable output");
  stats->callback([stats_paths, stats_json, exit_code] { *exit_code = RunStats(*stats_paths, *stats_json); });
}

}  // namespace vigil
