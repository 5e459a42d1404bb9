// scorer_bench: what scoring adds to normalise + match (issue 5: at most +20%), and what guessing
// the language of messages that carry none adds to the whole analysis.
//
//   build/release/bench/scorer_bench
//
// BM_Analyze/{declared,unknown,guessed}: the same messages with their `lang`, without it and
// matched against every lexicon (--no-guess-language), and without it with the language guessed
// (the default). guessed/declared is what a feed without languages costs against one with them.
//
// Both benchmarks run over the same in-memory multilingual corpus (the functional suite and the benign
// corpus, repeated), with the bundled lexicons, in the same process: the ratio of their throughputs is
// the scorer's overhead, independent of how loaded the machine is.
#include <benchmark/benchmark.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "classifiers/analyzer.h"
#include "pipeline/lexicon_loader.h"

namespace vigil {
namespace {

struct Corpus {
  std::vector<Message> messages;
  size_t bytes = 0;
  std::shared_ptr<const CompiledLexicon> lexicon;
};

const Corpus& GetCorpus() {
  static Corpus* corpus = [] {
    auto* c = new Corpus;
    auto n = Normaliser::Create({});
    auto lex = CompileLexicon({std::string(VIGIL_SOURCE_DIR) + "/lexicons"}, n->get(), {});
    if (!lex.ok()) {
      fprintf(stderr, "%s\n", lex.status().ToString().c_str());
      std::abort();
    }
    c->lexicon = *lex;
    for (const char* f : {"tests/functional/cases/en.jsonl", "tests/functional/cases/fr.jsonl",
                          "tests/functional/cases/ar.jsonl", "tests/functional/cases/sw.jsonl",
                          "tests/data/benign/en.jsonl", "tests/data/benign/de.jsonl", "tests/data/benign/es.jsonl"}) {
      std::ifstream in(std::string(VIGIL_SOURCE_DIR) + "/" + f);
      std::string line;
      while (std::getline(in, line)) {
        auto j = nlohmann::json::parse(line, nullptr, false);
        if (j.is_discarded() || !j.contains("text")) continue;
        Message m;
        m.text = j["text"].get<std::string>();
        m.lang = j.value("lang", "");
        c->bytes += m.text.size();
        c->messages.push_back(std::move(m));
      }
    }
    return c;
  }();
  return *corpus;
}

void BM_NormaliseMatch(benchmark::State& state) {
  const Corpus& c = GetCorpus();
  auto n = Normaliser::Create({});
  NormalisedText nt;
  std::vector<Match> matches;
  for (auto _ : state) {
    for (const Message& m : c.messages) {
      (*n)->Normalise(m.text, m.lang, &nt);
      c.lexicon->Match(nt, &matches);
      benchmark::DoNotOptimize(matches.data());
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * c.bytes));
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * c.messages.size()));
}
BENCHMARK(BM_NormaliseMatch)->Unit(benchmark::kMillisecond);

void BM_NormaliseMatchScore(benchmark::State& state) {
  const Corpus& c = GetCorpus();
  auto a = Analyzer::Create({});
  Scorer scorer(ScoringConfig::Defaults());
  Verdict v;
  for (auto _ : state) {
    for (const Message& m : c.messages) {
      (*a)->Analyze(m, *c.lexicon, scorer, &v);
      benchmark::DoNotOptimize(v.score);
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * c.bytes));
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * c.messages.size()));
}
BENCHMARK(BM_NormaliseMatchScore)->Unit(benchmark::kMillisecond);

// state.range(0): 0 declared language, 1 none and no guess, 2 none and guessed.
void BM_Analyze(benchmark::State& state) {
  const Corpus& c = GetCorpus();
  std::vector<Message> messages = c.messages;
  if (state.range(0) > 0) {
    for (Message& m : messages) m.lang.clear();
  }
  Analyzer::Options options;
  options.guess_language = state.range(0) == 2;
  auto a = Analyzer::Create(options);
  Scorer scorer(ScoringConfig::Defaults());
  Verdict v;
  for (auto _ : state) {
    for (const Message& m : messages) {
      (*a)->Analyze(m, *c.lexicon, scorer, &v);
      benchmark::DoNotOptimize(v.score);
    }
  }
  state.SetLabel(state.range(0) == 0 ? "declared" : state.range(0) == 1 ? "unknown" : "guessed");
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * c.bytes));
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * messages.size()));
}
BENCHMARK(BM_Analyze)->DenseRange(0, 2)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace vigil

BENCHMARK_MAIN();
