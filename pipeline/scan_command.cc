// `vigil scan`: the offline scanner. One JSON verdict per line on stdout; a summary on stderr.
// Output contract (consumed by external evaluations; extend, never break): each line is an alert
// object with at least message_id, severity, score and matches[] with byte offsets start/end.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <thread>

#include "classifiers/alert.h"
#include "classifiers/analyzer.h"
#include "classifiers/message.h"
#include "pipeline/commands.h"
#include "pipeline/engine_setup.h"

namespace vigil {
namespace {

struct ScanOptions {
  EngineFlags engine;
  std::string format = "jsonl";
  std::string input = "auto";
  bool all = false;
  std::vector<std::string> files;
  size_t max_bytes = 1 << 20;
  bool raw_authors = false;
  unsigned threads = 0;  // 0: one per core
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
  auto engine = BuildEngine(o.engine);
  if (!engine.ok()) {
    std::cerr << "vigil scan: " << engine.status().message() << "\n";
    return 2;
  }
  const unsigned threads = o.threads > 0 ? o.threads : std::max(1u, std::thread::hardware_concurrency());
  std::vector<std::unique_ptr<Analyzer>> analyzers;
  for (unsigned t = 0; t < threads; ++t) {
    auto analyzer = NewAnalyzer(*engine);
    if (!analyzer.ok()) {
      std::cerr << "vigil scan: " << analyzer.status().ToString() << "\n";
      return 2;
    }
    analyzers.push_back(std::move(*analyzer));
  }
  ParseOptions popts;
  popts.max_bytes = o.max_bytes;
  AlertOptions aopts;
  aopts.pseudonymise = !o.raw_authors && engine->config.alerts.pseudonymise_authors;
  aopts.pseudonym_key = engine->config.alerts.pseudonym_key;

  // Lines are read in batches, classified on `threads` threads, and written in input order, so the
  // output is the same whatever the thread count.
  struct Item {
    std::string line;
    const std::string* name = nullptr;
    uint64_t line_no = 0;
    std::string out, err;  // what to write to stdout / stderr for this line
    int severity = -1;     // -1: not a message (blank line or rejected)
  };
  auto process = [&](Item& it, Analyzer& analyzer, Verdict& verdict) {
    it.out.clear();
    it.err.clear();
    it.severity = -1;
    std::string& line = it.line;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::string_view view = line;
    size_t first = view.find_first_not_of(" \t");
    if (first == std::string_view::npos && o.input != "text") return;  // blank lines between records
    const bool json = o.input == "jsonl" || (o.input == "auto" && first != std::string_view::npos && view[first] == '{');
    ParsedMessage p = json ? ParseMessage(view, popts) : ParsePlainText(view, popts);
    if (!p.ok()) {
      it.err = *it.name + ":" + std::to_string(it.line_no) + ": skipped (" + std::string(RejectReasonName(p.reason)) +
               "): " + p.detail + "\n";
      return;
    }
    if (p.message.id.empty() && !json) p.message.id = *it.name + ":" + std::to_string(it.line_no);
    analyzer.Analyze(p.message, *engine->lexicon, *engine->scorer, &verdict);
    it.severity = static_cast<int>(verdict.severity);
    if (verdict.severity == Severity::kNone && !o.all) return;
    if (o.format == "jsonl") {
      AlertOptions a = aopts;
      a.processed_at = NowRfc3339();
      it.out = RenderAlert(p.message, verdict, *engine->lexicon, a);
      it.out.push_back('\n');
    } else {
      char head[96];
      std::snprintf(head, sizeof head, "[%s %.1f] ", std::string(SeverityName(verdict.severity)).c_str(), verdict.score);
      it.out = head + EffectiveMessageId(p.message) + ": " + verdict.explanation + "\n";
    }
  };
  std::vector<Verdict> verdicts(threads);
  std::vector<Item> batch(threads == 1 ? 1 : 1024 * threads);
  auto run_batch = [&](size_t count) {
    if (threads == 1 || count < 2) {
      for (size_t i = 0; i < count; ++i) process(batch[i], *analyzers[0], verdicts[0]);
      return;
    }
    std::atomic<size_t> next{0};
    auto worker = [&](unsigned t) {
      for (size_t i; (i = next.fetch_add(16)) < count;) {
        for (size_t k = i; k < std::min(count, i + 16); ++k) process(batch[k], *analyzers[t], verdicts[t]);
      }
    };
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < threads; ++t) pool.emplace_back(worker, t);
    worker(0);
    for (auto& th : pool) th.join();
  };

  Summary sum;
  auto start = std::chrono::steady_clock::now();
  for (size_t fi = 0; fi < files.size(); ++fi) {
    std::istream& in = streams[fi] ? static_cast<std::istream&>(*streams[fi]) : std::cin;
    const std::string name = files[fi] == "-" ? std::string("<stdin>") : files[fi];
    uint64_t line_no = 0;
    bool eof = false;
    while (!eof) {
      size_t count = 0;
      while (count < batch.size() && std::getline(in, batch[count].line)) {
        batch[count].name = &name;
        batch[count].line_no = ++line_no;
        sum.bytes += batch[count].line.size() + 1;
        ++count;
      }
      eof = count < batch.size();
      run_batch(count);
      for (size_t i = 0; i < count; ++i) {
        const Item& it = batch[i];
        if (!it.err.empty()) {
          ++sum.rejected;
          std::fwrite(it.err.data(), 1, it.err.size(), stderr);
        }
        if (it.severity < 0) continue;
        ++sum.messages;
        ++sum.by_severity[it.severity];
        std::fwrite(it.out.data(), 1, it.out.size(), stdout);
      }
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
  AddEngineOptions(cmd, &o->engine);
  cmd->add_option("--format,-f", o->format, "Output format: jsonl (default) or text");
  cmd->add_option("--input", o->input, "Input format: auto (default: lines starting with '{' are JSON), jsonl, text");
  cmd->add_flag("--all,-a", o->all, "Print a verdict for every message, severity none included");
  cmd->add_option("--max-bytes", o->max_bytes, "Reject messages larger than this (default 1 MiB)");
  cmd->add_flag("--raw-authors", o->raw_authors, "Do not pseudonymise author ids");
  cmd->add_option("--threads,-j", o->threads, "Classify on this many threads (default 0: one per core); output order is the input order");
  cmd->add_option("files", o->files, "Input files ('-' or none: standard input)");
  cmd->callback([o, exit_code] { *exit_code = RunScan(*o); });
}

}  // namespace vigil
