// `vigil lexicon check|stats|import`: tooling for lexicon curators.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <map>
#include <unordered_map>

#include "classifiers/normaliser.h"
#include "classifiers/pattern_prefix.h"
#include "pipeline/commands.h"
#include "pipeline/hurtlex_import.h"
#include "pipeline/lexicon_loader.h"

namespace vigil {
namespace {
namespace fs = std::filesystem;

std::vector<std::string> PathsOrDefault(const std::vector<std::string>& paths) {
  return paths.empty() ? DefaultLexiconPaths() : paths;
}

int RunCheck(const std::vector<std::string>& paths_in) {
  auto paths = PathsOrDefault(paths_in);
  auto n = Normaliser::Create({});
  if (!n.ok()) {
    std::cerr << n.status().ToString() << "\n";
    return 2;
  }
  LexiconBuild b = BuildLexicon(paths, n->get(), {});
  if (b.lexicon) {
    std::printf("vigil lexicon check: OK: %zu entries in %zu files, version %s (read in %.2f s, compiled in %.2f s)\n",
                b.entries, b.files.size(), b.lexicon->version().c_str(), b.load_seconds, b.compile_seconds);
    return 0;
  }
  for (const auto& e : b.errors) std::cerr << e.ToString() << "\n";
  std::cerr << "vigil lexicon check: " << b.errors.size() << " error(s) in " << b.files.size() << " file(s)\n";
  return 1;
}

// Refuses output folders inside the bundled lexicons: HurtLex's licence (CC BY-NC-SA) is not Vigil's.
bool InsideBundledLexicons(const std::string& out_dir) {
  std::error_code ec;
  const fs::path out = fs::weakly_canonical(out_dir, ec);
  if (ec) return false;
  for (const std::string& p : DefaultLexiconPaths()) {
    const fs::path lex = fs::weakly_canonical(p, ec);
    if (ec) continue;
    auto [a, b] = std::mismatch(lex.begin(), lex.end(), out.begin(), out.end());
    if (a == lex.end()) return true;
  }
  return false;
}

int RunImport(const std::string& format, const std::vector<std::string>& files, const std::string& out_dir,
              const std::string& level) {
  if (format != "hurtlex") {
    std::cerr << "vigil lexicon import: unknown format '" << format << "' (supported: hurtlex)\n";
    return 2;
  }
  if (InsideBundledLexicons(out_dir)) {
    std::cerr << "vigil lexicon import: refusing to write into the bundled lexicons (" << out_dir
              << "): HurtLex is CC BY-NC-SA; write to a folder outside the repository\n";
    return 2;
  }
  auto n = Normaliser::Create({});
  if (!n.ok()) {
    std::cerr << n.status().ToString() << "\n";
    return 2;
  }
  HurtLexOptions options;
  options.inclusive = level == "inclusive";
  HurtLexImport imp = ImportHurtLexFiles(files, options, n->get());
  for (const auto& e : imp.errors) std::cerr << e.ToString() << "\n";
  size_t rows = 0, imported = 0, skipped = 0, dups = 0, bad = 0;
  for (const auto& f : imp.files) {
    std::printf("%-40s %-4s rows %7zu  imported %7zu  skipped (level) %7zu  duplicates %6zu  bad %4zu\n",
                fs::path(f.file).filename().string().c_str(), f.lang.c_str(), f.rows, f.imported, f.skipped_level,
                f.duplicates, f.bad);
    rows += f.rows;
    imported += f.imported;
    skipped += f.skipped_level;
    dups += f.duplicates;
    bad += f.bad;
  }
  std::printf("total: %zu file(s), %zu rows, %zu entries imported (level %s), %zu skipped by level, %zu duplicates, "
              "%zu bad row(s)\n",
              imp.files.size(), rows, imported, options.inclusive ? "inclusive" : "conservative", skipped, dups, bad);
  std::printf("by indicator:");
  for (const auto& [ind, c] : imp.by_indicator) std::printf(" %s %zu", ind.c_str(), c);
  std::printf("\n");
  if (imp.files.empty()) {
    std::cerr << "vigil lexicon import: no file could be imported\n";
    return 1;
  }
  std::vector<std::string> written;
  Status st = WriteHurtLexYaml(imp, out_dir, &written);
  if (!st.ok()) {
    std::cerr << "vigil lexicon import: " << st.ToString() << "\n";
    return 1;
  }
  std::printf("wrote %zu file(s) under %s\n", written.size(), out_dir.c_str());
  // Files that could not be read or named are failures; bad rows are reported and skipped.
  return imp.files.size() == files.size() ? 0 : 1;
}

int RunStats(const std::vector<std::string>& paths_in, bool json) {
  auto paths = PathsOrDefault(paths_in);
  LexiconLoadResult r = LoadLexiconFiles(paths);
  // Gates are worked out on the pattern as the matcher compiles it, its letters folded like the text.
  auto normaliser = Normaliser::Create({});
  if (!normaliser.ok()) {
    std::cerr << normaliser.status().ToString() << "\n";
    return 2;
  }
  std::unordered_map<std::string, std::string> folds;
  std::map<std::string, int> by_lang, by_indicator, by_status;
  std::map<std::string, std::map<std::string, int>> lang_indicator;
  size_t terms = 0, patterns = 0;
  // Patterns without a literal start word are scanned for in every message of their language; the
  // others are only tried where one of their start words occurs (see classifiers/pattern_prefix.h).
  std::map<std::string, int> scanned;
  size_t scanned_total = 0;
  // Gated patterns tried at every occurrence of a one- or two-letter word ("de", "is"): no pair check
  // and no rarer later word (PatternGate::TriedAtACommonWord). Each costs every post of its language.
  std::map<std::string, std::vector<std::string>> common;
  size_t common_total = 0;
  // Entries whose terms (templates expanded) number over kLargeEntryTerms: compile time and memory
  // grow with every expanded term, and a family of phrases that opens with a common word costs a
  // lookup at each of its occurrences (docs/lexicon-authoring.md, "What a lexicon costs").
  constexpr size_t kLargeEntryTerms = 1000;
  std::vector<std::pair<size_t, std::string>> large;
  // Terms that normalise like an earlier term of the same entry ("{ódio|odio} ...", "{läden|laden}"
  // in a template): the index holds the key once, but every copy costs compile time. Listed with
  // one example pair, most copies first.
  struct Redundant {
    size_t copies;
    std::string id, example, same_as;
  };
  std::vector<Redundant> redundant;
  size_t redundant_total = 0;
  std::unordered_map<std::string, size_t> first_of;  // canonical form -> index of the first term
  for (const Entry& e : r.entries) {
    if (!e.pattern.empty()) {
      const auto gate = GateOf(CanonicalPattern(e.pattern, e.lang, normaliser->get(), &folds));
      if (!gate) {
        ++scanned[e.lang];
        ++scanned_total;
      } else if (gate->TriedAtACommonWord()) {
        common[e.lang].push_back(e.id);
        ++common_total;
      }
    }
    ++by_lang[e.lang];
    ++by_indicator[std::string(IndicatorName(e.indicator))];
    ++by_status[std::string(EntryStatusName(e.status))];
    ++lang_indicator[e.lang][std::string(IndicatorName(e.indicator))];
    terms += e.terms.size();
    patterns += e.pattern.empty() ? 0 : 1;
    if (e.terms.size() > kLargeEntryTerms) large.emplace_back(e.terms.size(), e.id);
    first_of.clear();
    Redundant red{0, e.id, {}, {}};
    for (size_t k = 0; k < e.terms.size(); ++k) {
      const auto [it, fresh] = first_of.emplace(normaliser->get()->CanonicalTerm(e.terms[k], e.lang), k);
      if (fresh || it->first.empty()) continue;
      if (red.copies++ == 0) red.example = e.terms[k], red.same_as = e.terms[it->second];
    }
    if (red.copies > 0) {
      redundant_total += red.copies;
      redundant.push_back(std::move(red));
    }
  }
  std::sort(redundant.begin(), redundant.end(), [](const Redundant& a, const Redundant& b) {
    return a.copies > b.copies || (a.copies == b.copies && a.id < b.id);
  });
  std::sort(large.begin(), large.end(), [](const auto& a, const auto& b) { return a.first > b.first || (a.first == b.first && a.second < b.second); });
  if (json) {
    std::printf("{\"entries\":%zu,\"terms\":%zu,\"patterns\":%zu,\"patterns_scanned\":%zu,"
                "\"patterns_common_start\":%zu,\"entries_over_%zu_terms\":%zu,\"redundant_terms\":%zu,"
                "\"errors\":%zu,\"by_language\":{",
                r.entries.size(), terms, patterns, scanned_total, common_total, kLargeEntryTerms, large.size(),
                redundant_total, r.errors.size());
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
  if (scanned_total > 0) {
    std::printf("\n%zu of %zu patterns have no literal start word and are scanned for in every message of their "
                "language (slower; see docs/lexicon-authoring.md):\n ",
                scanned_total, patterns);
    for (auto& [k, v] : scanned) std::printf(" %s:%d", k.c_str(), v);
    std::printf("\n");
  }
  if (common_total > 0) {
    std::printf("\n%zu of %zu patterns are tried at every occurrence of a one- or two-letter start word (no two-word "
                "check, no rarer later word; see docs/lexicon-authoring.md):\n",
                common_total, patterns);
    for (auto& [k, ids] : common) {
      std::printf("  %-5s", k.c_str());
      for (const std::string& id : ids) std::printf(" %s", id.c_str());
      std::printf("\n");
    }
  }
  if (!large.empty()) {
    std::printf("\n%zu entries expand to more than %zu terms each (compile time and memory; see "
                "docs/lexicon-authoring.md):\n",
                large.size(), kLargeEntryTerms);
    for (const auto& [n, id] : large) std::printf("  %6zu  %s\n", n, id.c_str());
  }
  if (!redundant.empty()) {
    constexpr size_t kListed = 30;
    std::printf("\n%zu terms in %zu entries normalise like another term of their entry (drop the redundant "
                "alternative; see docs/lexicon-authoring.md)",
                redundant_total, redundant.size());
    if (redundant.size() > kListed) std::printf(", the %zu with most", kListed);
    std::printf(":\n");
    for (size_t k = 0; k < redundant.size() && k < kListed; ++k) {
      const Redundant& red = redundant[k];
      std::printf("  %6zu  %s  (e.g. '%s' = '%s')\n", red.copies, red.id.c_str(), red.example.c_str(),
                  red.same_as.c_str());
    }
  }
  if (!r.errors.empty()) std::printf("\n%zu error(s): run `vigil lexicon check` for details\n", r.errors.size());
  return r.errors.empty() ? 0 : 1;
}

}  // namespace

void AddLexiconCommand(CLI::App& app, int* exit_code) {
  auto* cmd = app.add_subcommand("lexicon", "Lexicon tooling: check, stats, import");
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

  struct ImportArgs {
    std::string format;
    std::vector<std::string> files;
    std::string out;
    std::string level = "conservative";
  };
  auto args = std::make_shared<ImportArgs>();
  auto* imp = cmd->add_subcommand(
      "import", "Convert a third-party lexicon into Vigil YAML (one folder per language). HurtLex is CC BY-NC-SA: "
                "write outside the repository and never commit the output");
  imp->add_option("--format", args->format, "Input format")->required()->check(CLI::IsMember({"hurtlex"}));
  imp->add_option("files", args->files, "Input files (hurtlex_XX.tsv: the language comes from the name)")
      ->required()
      ->check(CLI::ExistingFile);
  imp->add_option("-o,--output", args->out, "Output folder")->required();
  imp->add_option("--level", args->level, "HurtLex level: conservative (offensive senses only) or inclusive (all)")
      ->check(CLI::IsMember({"conservative", "inclusive"}))
      ->capture_default_str();
  imp->callback([args, exit_code] { *exit_code = RunImport(args->format, args->files, args->out, args->level); });
}

}  // namespace vigil
