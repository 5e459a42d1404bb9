// `vigil scan`: the offline scanner. One JSON verdict per line on stdout; a summary on stderr.
// Output contract (consumed by external evaluations; extend, never break): each line is an alert
// object with at least message_id, severity, score and matches[] with byte offsets start/end.
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>

#include "classifiers/alert.h"
#include "classifiers/analyzer.h"
#include "classifiers/message.h"
#include "pipeline/commands.h"
#include "pipeline/engine_setup.h"

namespace vigil {
namespace {

struct ScanOptions {
  std::vector<std::string> lexicons;
  std::string config;
  std::string format = "jsonl";
  std::string input = "auto";
  bool all = false;
  std::vector<std::string> files;
  size_t max_bytes = 1 << 20;
  bool raw_authors = false;
};

struct Summary {
  uint64_t messages = 0, rejected = 0, bytes = 0;
  uint64_t by_severity[4] = {};
};

int RunScan(const ScanOptions& o) {
  if (o.format != "jsonl" && o.format != "text") {
    std::cerr << "vigil scan: --format must be jsonl or text\n";
    return 2;
  }
  if (o.input != "auto" && o.input != "jsonl" && o.input != "text") {
    std::cerr << "vigil scan: --input must be auto, jsonl or text\n";
    return 2;
  }
  std::vector<std::string> files = o.files.empty() ? std::vector<std::string>{"-"} : o.files;
  // Open every file first: an unreadable file is a usage error, reported before any output.
  std::vector<std::unique_ptr<std::ifstream>> streams;
  for (const auto& f : files) {
    if (f == "-") { streams.emplace_back(); continue; }
    auto in = std::make_unique<std::ifstream>(f, std::ios::binary);
    if (!*in) {
      std::cerr << "vigil scan: cannot read " << f << "\n";
      return 2;
    }
    streams.push_back(std::move(in));
  }
  auto engine = BuildEngine(o.config, o.lexicons);
  if (!engine.ok()) {
    std::cerr << "vigil scan: " << engine.status().message() << "\n";
    return 2;
  }
  auto analyzer = Analyzer::Create({});
  if (!analyzer.ok()) {
    std::cerr << "vigil scan: " << analyzer.status().ToString() << "\n";
    return 2;
  }
  ParseOptions popts;
  popts.max_bytes = o.max_bytes;
  AlertOptions aopts;
  aopts.pseudonymise = !o.raw_authors && engine->config.alerts.pseudonymise_authors;
  aopts.pseudonym_key = engine->config.alerts.pseudonym_key;
  Summary sum;
  Verdict verdict;
  std::string line;
  std::string out;
  auto start = std::chrono::steady_clock::now();
  for (size_t fi = 0; fi < files.size(); ++fi) {
    std::istream& in = streams[fi] ? static_cast<std::istream&>(*streams[fi]) : std::cin;
    const std::string& name = files[fi] == "-" ? std::string("<stdin>") : files[fi];
    uint64_t line_no = 0;
    while (std::getline(in, line)) {
      ++line_no;
      sum.bytes += line.size() + 1;
      if (!line.empty() && line.back() == '\r') line.pop_back();
      std::string_view view = line;
      size_t first = view.find_first_not_of(" \t");
      if (first == std::string_view::npos && o.input != "text") continue;  // blank lines between records
      const bool json = o.input == "jsonl" || (o.input == "auto" && first != std::string_view::npos && view[first] == '{');
      ParsedMessage p = json ? ParseMessage(view, popts) : ParsePlainText(view, popts);
      if (!p.ok()) {
        ++sum.rejected;
        std::cerr << name << ":" << line_no << ": skipped (" << RejectReasonName(p.reason) << "): " << p.detail << "\n";
        continue;
      }
      if (p.message.id.empty() && !json) p.message.id = name + ":" + std::to_string(line_no);
      ++sum.messages;
      (*analyzer)->Analyze(p.message, *engine->lexicon, *engine->scorer, &verdict);
      ++sum.by_severity[static_cast<int>(verdict.severity)];
      if (verdict.severity == Severity::kNone && !o.all) continue;
      if (o.format == "jsonl") {
        aopts.processed_at = NowRfc3339();
        out = RenderAlert(p.message, verdict, *engine->lexicon, aopts);
        out.push_back('\n');
      } else {
        char head[96];
        std::snprintf(head, sizeof head, "[%s %.1f] ", std::string(SeverityName(verdict.severity)).c_str(), verdict.score);
        out = head + EffectiveMessageId(p.message) + ": " + verdict.explanation + "\n";
      }
      std::fwrite(out.data(), 1, out.size(), stdout);
    }
  }
  std::fflush(stdout);
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const uint64_t flagged = sum.by_severity[1] + sum.by_severity[2] + sum.by_severity[3];
  std::fprintf(stderr,
               "vigil scan: %llu messages, %llu flagged (offensive %llu, moderately_dangerous %llu, "
               "extremely_dangerous %llu), %llu skipped; %.2f MB in %.3f s = %.2f MB/s, %.0f messages/s; "
               "lexicon %s\n",
               (unsigned long long)sum.messages, (unsigned long long)flagged, (unsigned long long)sum.by_severity[1],
               (unsigned long long)sum.by_severity[2], (unsigned long long)sum.by_severity[3],
               (unsigned long long)sum.rejected, sum.bytes / 1e6, secs, secs > 0 ? sum.bytes / 1e6 / secs : 0.0,
               secs > 0 ? sum.messages / secs : 0.0, engine->lexicon->version().c_str());
  return 0;
}

}  // namespace

void AddScanCommand(CLI::App& app, int* exit_code) {
  auto o = std::make_shared<ScanOptions>();
  auto* cmd = app.add_subcommand("scan", "Scan messages offline (JSONL or plain text, one per line) and print alerts");
  AddEngineOptions(cmd, &o->lexicons, &o->config);
  cmd->add_option("--format,-f", o->format, "Output format: jsonl (default) or text");
  cmd->add_option("--input", o->input, "Input format: auto (default: lines starting with '{' are JSON), jsonl, text");
  cmd->add_flag("--all,-a", o->all, "Print a verdict for every message, severity none included");
  cmd->add_option("--max-bytes", o->max_bytes, "Reject messages larger than this (default 1 MiB)");
  cmd->add_flag("--raw-authors", o->raw_authors, "Do not pseudonymise author ids");
  cmd->add_option("files", o->files, "Input files ('-' or none: standard input)");
  cmd->callback([o, exit_code] { *exit_code = RunScan(*o); });
}

}  // namespace vigil
