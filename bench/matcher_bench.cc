// matcher_bench: the lexicon matcher at scale, side by side with a naive RE2::Set, in one run.
//
//   build/release/bench/matcher_bench                       # all figures + a summary of ratios
//   build/release/bench/matcher_bench --benchmark_filter=Match
//
// Setup: Vigil's own lexicons (lexicons/) plus all of HurtLex (every language, both levels; read
// in-process from ../shared/data/hurtlex or $VIGIL_HURTLEX, never written anywhere) compiled into one
// CompiledLexicon. Text: the functional and benign corpora (tests/), normalised once up front, so
// the Match benchmarks time Match() alone. Bytes are canonical (normalised) text bytes. docs/msgs
// hold the functional cases (about half hateful on purpose, so far denser in lexicon hits than a
// feed) plus the benign posts; benign-docs/benign-msgs hold tests/data/benign alone, feed-like.
// feed-docs/feed-msgs: real text with a feed's word repetition, read at run time from the machine's
// gettext catalogs (bench/locale_corpus.h; 128 KiB of translated software messages in each of 21
// languages Vigil has lexicons for, ~40k posts interleaved across languages; VIGIL_LOCALE_DIR
// overrides /usr/share/locale; skipped with a note when there are none).
//
// Figures (targets from issue 4): compile < 5 s; resident memory of the compiled matcher < 1 GB
// (VmRSS before/after Create); Match >= 150 MB/s on one core; >= 10x a naive single RE2::Set of
// every term (escaped literals between token boundaries) over the same text.
//
// Variants per corpus: /nofuzzy (fuzzy matching off), /nomemo (the per-thread token memo off: what it
// saves), /hot (each text matched 8 times in a row, so the lexicon's lines for it are in cache: the
// matcher without memory latency, an upper bound rather than a feed), and for posts /fresh (each
// post normalised, untimed, just before Match, as Analyzer::Analyze does: its input is in cache, and
// the normaliser's working set has pushed out some of the matcher's; Match timed alone), and for the
// feed posts /fresh-bylang (the same, with the posts taken language by language instead of
// interleaved: what switching language at every post costs in cache misses) and /fresh-3langs,
// /fresh-7langs (interleaved within groups of 3 or 7 languages, one group after another: what a
// worker sees when the feed topic is keyed by language, docs/operations.md). The test
// and benign corpora are small samples of many languages (the benign posts: 8,142 distinct words
// in 12,246).
// On a shared VM, pin to one core (taskset -c 0) and compare figures of the same run.
//
// Without HurtLex the HurtLex benchmarks are not registered and a note says so. VIGIL_BENCH_NO_NAIVE=1
// skips building the naive sets (about 10 s of setup) when only the matcher is of interest.
// VIGIL_BENCH_LEXICONS=DIR reads Vigil's lexicons from DIR instead of lexicons/.
// VIGIL_BENCH_AB=PAIRS runs an in-process A/B of two lexicons or two code variants instead (RunAB).
// VIGIL_BENCH_FEED_PROFILE=N prints the N entries that fire most on the feed posts (ProfileFeed).
#include <benchmark/benchmark.h>
#include <fcntl.h>
#include <malloc.h>
#include <unistd.h>
#include <re2/re2.h>
#include <re2/set.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <tuple>
#include <vector>

#include "bench/locale_corpus.h"
#include "classifiers/matcher.h"
#include "classifiers/normaliser.h"
#include "pipeline/hurtlex_import.h"
#include "pipeline/lexicon_loader.h"

extern "C" void vigil_bench_variant(int v) __attribute__((weak));

namespace vigil {
namespace {
namespace fs = std::filesystem;

double RssMiB() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::strtod(line.c_str() + 6, nullptr) / 1024.0;
  }
  return 0;
}

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

struct Corpus {
  std::vector<NormalisedText> texts;
  // Each text as it came (text, lang), for the /fresh variant, which normalises it right before Match.
  std::vector<std::pair<std::string, std::string>> raw;
  size_t bytes = 0;
};

struct LexiconSet {
  std::string name;
  size_t entries = 0;
  double compile_seconds = 0;
  double rss_mib = 0;
  std::shared_ptr<const CompiledLexicon> lexicon;
  std::shared_ptr<const CompiledLexicon> lexicon_nofuzzy;
  std::shared_ptr<const CompiledLexicon> lexicon_nomemo;  // the token memo off: what it saves
  std::vector<std::unique_ptr<RE2::Set>> naive;  // shards (1 when a single set compiles)
  double naive_compile_seconds = 0;
  // One pass over the posts right after compiling (RE2 builds its DFA lazily: the first pass pays
  // for it) and a second one; and how much the DFA caches grew meanwhile.
  double naive_cold_mbps = 0, naive_warm_mbps = 0, naive_dfa_mib = 0;
  double match_cold_mbps = 0;
  size_t naive_patterns = 0;
};

struct World {
  std::unique_ptr<Normaliser> normaliser;
  Corpus messages;
  Corpus documents;
  // tests/data/benign only: ordinary posts with few lexicon hits, closer to a real feed than the
  // functional cases (about half of which are hateful on purpose).
  Corpus benign_messages;
  Corpus benign_documents;
  // Real text with a feed's word repetition: translated software messages from the machine's gettext
  // catalogs (bench/locale_corpus.h), kFeedLanguages, posts interleaved across languages like a
  // multilingual stream; documents per language. Empty when the machine has no catalogs.
  Corpus feed_messages;
  Corpus feed_documents;
  Corpus feed_messages_by_lang;  // raw only: feed_messages' posts sorted by language, for /fresh-bylang
  // Raw only: the same posts, interleaved within groups of kFeedGroupSizes[g] languages, one group
  // after another (what a worker sees when the topic is keyed by language), for /fresh-<k>langs.
  std::vector<Corpus> feed_messages_grouped;
  size_t feed_languages = 0;
  std::vector<Entry> vigil_entries;
  std::vector<Entry> hurtlex_entries;
  LexiconSet vigil;
  LexiconSet all;  // Vigil + HurtLex
  bool have_hurtlex = false;
};
World* g_world = nullptr;

void AddText(Normaliser* normaliser, const std::string& text, const std::string& lang, Corpus* c) {
  NormalisedText nt;
  normaliser->Normalise(text, lang, &nt);
  c->bytes += nt.canonical.size();
  c->texts.push_back(std::move(nt));
  c->raw.emplace_back(text, lang);
}

// Texts joined per language into documents of about 16 KiB: short posts measure the per-message
// overhead, documents the per-token cost.
class DocumentJoiner {
 public:
  DocumentJoiner(Normaliser* normaliser, Corpus* c) : normaliser_(normaliser), corpus_(c) {}
  void Add(const std::string& text, const std::string& lang) {
    std::string& doc = docs_[lang];
    doc += text;
    doc += "\n";
    if (doc.size() >= 16384) {
      AddText(normaliser_, doc, lang, corpus_);
      doc.clear();
    }
  }
  // The last, shorter document of each language.
  void Finish() {
    for (const auto& [lang, doc] : docs_) {
      if (!doc.empty()) AddText(normaliser_, doc, lang, corpus_);
    }
    docs_.clear();
  }

 private:
  Normaliser* normaliser_;
  Corpus* corpus_;
  std::map<std::string, std::string> docs_;
};

// Every message of the corpora, normalised one by one, or the same messages joined into documents
// (DocumentJoiner). `benign_only`: tests/data/benign alone.
Corpus LoadCorpus(Normaliser* normaliser, bool documents, bool benign_only = false) {
  Corpus c;
  DocumentJoiner joiner(normaliser, &c);
  for (const char* dir : {"tests/functional/cases", "tests/data/benign"}) {
    if (benign_only && std::string_view(dir) != "tests/data/benign") continue;
    const fs::path p = fs::path(VIGIL_SOURCE_DIR) / dir;
    std::error_code ec;
    std::vector<fs::path> files;
    for (const auto& f : fs::directory_iterator(p, ec)) {
      if (f.path().extension() == ".jsonl") files.push_back(f.path());
    }
    std::sort(files.begin(), files.end());
    for (const auto& f : files) {
      std::ifstream in(f);
      std::string line;
      while (std::getline(in, line)) {
        auto j = nlohmann::json::parse(line, nullptr, false);
        if (j.is_discarded() || !j.contains("text")) continue;
        const std::string text = j["text"].get<std::string>(), lang = j.value("lang", "");
        if (documents) {
          joiner.Add(text, lang);
        } else {
          AddText(normaliser, text, lang, &c);
        }
      }
    }
  }
  joiner.Finish();
  return c;
}

// Catalog directory -> message language. Languages Vigil has lexicons for, with enough catalog
// text on Debian 12 to be more than lists of country names.
constexpr std::pair<const char*, const char*> kFeedLanguages[] = {
    {"ar", "ar"}, {"bn", "bn"}, {"de", "de"}, {"es", "es"}, {"fa", "fa"}, {"fr", "fr"}, {"hi", "hi"},
    {"id", "id"}, {"it", "it"}, {"ja", "ja"}, {"ko", "ko"}, {"my", "my"}, {"nl", "nl"}, {"pl", "pl"},
    {"pt", "pt"}, {"ro", "ro"}, {"ru", "ru"}, {"sr", "sr"}, {"tr", "tr"}, {"uk", "uk"}, {"zh_CN", "zh"}};
constexpr size_t kFeedBytesPerLanguage = 128 << 10;
constexpr size_t kFeedGroupSizes[] = {3, 7};

// Calls fn(dir, text) for the catalog texts of the languages in [first, last), one language after
// another in turn, until every list is used up.
template <typename It, typename Fn>
void RoundRobin(It first, It last, Fn fn) {
  for (size_t k = 0;; ++k) {
    bool any = false;
    for (auto it = first; it != last; ++it) {
      if (k >= it->second.size()) continue;
      any = true;
      fn(it->first, it->second[k]->text);
    }
    if (!any) break;
  }
}

// The feed corpora from the gettext catalogs: posts round-robin across languages (a multilingual
// stream: the memo holds every language's words at once), documents of ~16 KiB per language.
void LoadFeed(World* w) {
  std::vector<std::string> dirs;
  std::map<std::string, std::string> lang_of;
  for (const auto& [dir, lang] : kFeedLanguages) {
    dirs.push_back(dir);
    lang_of[dir] = lang;
  }
  const char* env = std::getenv("VIGIL_LOCALE_DIR");
  std::vector<std::string> notes;
  const auto texts = bench::LoadCatalogTexts(env && *env ? env : "/usr/share/locale", dirs, kFeedBytesPerLanguage, &notes);
  std::map<std::string, std::vector<const bench::CatalogText*>> by_lang;
  for (const auto& t : texts) by_lang[t.lang].push_back(&t);
  w->feed_languages = by_lang.size();
  DocumentJoiner joiner(w->normaliser.get(), &w->feed_documents);
  RoundRobin(by_lang.begin(), by_lang.end(), [&](const std::string& dir, const std::string& text) {
    AddText(w->normaliser.get(), text, lang_of[dir], &w->feed_messages);
    joiner.Add(text, lang_of[dir]);
  });
  joiner.Finish();
  // The same posts, language by language (what interleaving the languages costs).
  w->feed_messages_by_lang.raw = w->feed_messages.raw;
  std::stable_sort(w->feed_messages_by_lang.raw.begin(), w->feed_messages_by_lang.raw.end(),
                   [](const auto& x, const auto& y) { return x.second < y.second; });
  // And round-robin within groups of k languages, one group after another.
  for (const size_t k : kFeedGroupSizes) {
    Corpus& grouped = w->feed_messages_grouped.emplace_back();
    for (auto first = by_lang.begin(); first != by_lang.end();) {
      auto last = first;
      for (size_t g = 0; g < k && last != by_lang.end(); ++g) ++last;
      RoundRobin(first, last, [&](const std::string& dir, const std::string& text) {
        grouped.raw.emplace_back(text, lang_of[dir]);
      });
      first = last;
    }
  }
  if (texts.empty()) {
    std::fprintf(stderr, "NOTE: no gettext catalogs found (set VIGIL_LOCALE_DIR): the feed benchmarks are skipped\n");
  }
}

// The naive baseline: one RE2::Set, one pattern per entry, each an alternation of its escaped
// canonical terms between token boundaries (or its own RE2 pattern). RE2 refuses a single set of
// the full HurtLex size (Compile() fails silently at ~180k patterns), so it is split in the fewest
// equal shards that compile; the summary says how many.
std::vector<std::unique_ptr<RE2::Set>> BuildNaiveSet(const std::vector<Entry>& entries, Normaliser* normaliser,
                                                     size_t* patterns) {
  std::vector<std::string> sources;
  for (const Entry& e : entries) {
    if (e.status == EntryStatus::kDeprecated) continue;
    std::string alt;
    for (const std::string& t : e.terms) {
      const std::string canon = normaliser->CanonicalTerm(t, e.lang);
      if (canon.empty()) continue;
      if (!alt.empty()) alt += "|";
      alt += RE2::QuoteMeta(canon);
      if (e.match == MatchMode::kPrefix) alt += "[^ ]*";
    }
    if (!e.pattern.empty()) alt += (alt.empty() ? "" : "|") + e.pattern;
    if (!alt.empty()) sources.push_back("(?:^| )(?:" + alt + ")(?: |$)");
  }
  *patterns = sources.size();
  for (size_t shards = 1; shards <= 16; shards *= 2) {
    std::vector<std::unique_ptr<RE2::Set>> sets;
    const size_t per = (sources.size() + shards - 1) / shards;
    bool ok = true;
    for (size_t b = 0; b < sources.size() && ok; b += per) {
      RE2::Options opts;
      opts.set_log_errors(false);
      opts.set_max_mem(int64_t{2} << 30);
      auto set = std::make_unique<RE2::Set>(opts, RE2::UNANCHORED);
      for (size_t k = b; k < std::min(sources.size(), b + per); ++k) set->Add(sources[k], nullptr);
      ok = set->Compile();
      sets.push_back(std::move(set));
    }
    if (ok) return sets;
  }
  return {};
}

void CompileSet(LexiconSet* s, std::vector<Entry> entries, Normaliser* normaliser) {
  s->entries = entries.size();
  std::vector<Entry> copy = entries;
  malloc_trim(0);
  const double rss_before = RssMiB();
  auto t0 = std::chrono::steady_clock::now();
  auto lex = CompiledLexicon::Create(std::move(entries), normaliser, {});
  s->compile_seconds = Seconds(t0);
  malloc_trim(0);
  s->rss_mib = RssMiB() - rss_before;
  if (!lex.ok()) {
    std::fprintf(stderr, "compile %s failed: %s\n", s->name.c_str(), lex.status().ToString().c_str());
    std::exit(1);
  }
  s->lexicon = *lex;
  CompiledLexicon::Options nofuzzy;
  nofuzzy.fuzzy = false;
  auto lex2 = CompiledLexicon::Create(copy, normaliser, nofuzzy);
  if (lex2.ok()) s->lexicon_nofuzzy = *lex2;
  CompiledLexicon::Options nomemo;
  nomemo.token_memo = false;
  auto lex3 = CompiledLexicon::Create(copy, normaliser, nomemo);
  if (lex3.ok()) s->lexicon_nomemo = *lex3;
  t0 = std::chrono::steady_clock::now();
  // RE2 logs one line per simplification of a huge regexp ("CoalesceWalker::ShortVisit called"):
  // thousands of them. Silence stderr while the naive set compiles.
  std::fflush(stderr);
  const int saved = dup(2);
  const int devnull = open("/dev/null", O_WRONLY);
  if (devnull >= 0) dup2(devnull, 2);
  if (std::getenv("VIGIL_BENCH_NO_NAIVE") == nullptr) s->naive = BuildNaiveSet(copy, normaliser, &s->naive_patterns);
  if (saved >= 0) dup2(saved, 2);
  if (devnull >= 0) close(devnull);
  if (saved >= 0) close(saved);
  s->naive_compile_seconds = Seconds(t0);
}

// MB/s of one pass of `fn(text)` over the corpus, or over as much of it as `max_seconds` allows (a
// cold naive RE2::Set of HurtLex's size runs at a few KB/s: a whole pass would take many minutes).
template <typename Fn>
double OnePass(const Corpus& c, Fn&& fn, double max_seconds = 1e9) {
  auto t0 = std::chrono::steady_clock::now();
  size_t bytes = 0;
  for (const NormalisedText& t : c.texts) {
    fn(t);
    bytes += t.canonical.size();
    if (Seconds(t0) > max_seconds) break;
  }
  return bytes / Seconds(t0) / 1e6;
}

void NaiveRun(const LexiconSet& s, const NormalisedText& t, std::vector<int>* hits) {
  for (const auto& shard : s.naive) {
    if (shard->Match(t.canonical, nullptr, nullptr)) {
      hits->clear();
      shard->Match(t.canonical, hits, nullptr);
    }
  }
}

void ColdAndWarmPasses(LexiconSet* s, const Corpus& posts) {
  std::vector<Match> out;
  s->match_cold_mbps = OnePass(posts, [&](const NormalisedText& t) { s->lexicon->Match(t, &out); });
  if (s->naive.empty()) return;
  std::vector<int> hits;
  const double rss = RssMiB();
  s->naive_cold_mbps = OnePass(posts, [&](const NormalisedText& t) { NaiveRun(*s, t, &hits); }, 20);
  s->naive_warm_mbps = OnePass(posts, [&](const NormalisedText& t) { NaiveRun(*s, t, &hits); }, 20);
  s->naive_dfa_mib = RssMiB() - rss;
}

// --- Benchmarks.

void BM_Compile(benchmark::State& state, const std::vector<Entry>* entries, LexiconSet* set) {
  for (auto _ : state) {
    std::vector<Entry> copy = *entries;
    auto lex = CompiledLexicon::Create(std::move(copy), g_world->normaliser.get(), {});
    benchmark::DoNotOptimize(lex);
  }
  state.counters["entries"] = static_cast<double>(entries->size());
  state.counters["rss_MiB"] = set->rss_mib;
}

// Each text matched `repeats` times in a row before the next. With 1, a pass over the corpus; with
// kHotRepeats, the lexicon's lines for that text stay in cache, so this is the matcher's speed when
// memory latency is out of the way (an upper bound, not a feed).
constexpr int kHotRepeats = 8;
// What every Match benchmark reports: bytes of canonical text matched, and matches per call.
void ReportMatchRun(benchmark::State& state, size_t bytes, size_t matches) {
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
  state.counters["matches_per_msg"] = benchmark::Counter(static_cast<double>(matches) / state.iterations());
}
void BM_Match(benchmark::State& state, const std::shared_ptr<const CompiledLexicon>* lex, const Corpus* corpus,
              int repeats) {
  const Corpus& c = *corpus;
  std::vector<Match> out;
  size_t i = 0, bytes = 0, matches = 0;
  int repeat = 0;
  for (auto _ : state) {
    const NormalisedText& t = c.texts[i];
    (*lex)->Match(t, &out);
    bytes += t.canonical.size();
    matches += out.size();
    if (++repeat == repeats) {
      repeat = 0;
      if (++i == c.texts.size()) i = 0;
    }
  }
  ReportMatchRun(state, bytes, matches);
}

// As the pipeline calls Match (Analyzer::Analyze): each text is normalised into a reused buffer
// just before it is matched, so its tokens and canonical text are in cache and the normaliser's
// own working set has pushed some of the matcher's lines out. Only Match is timed (manual time:
// a steady_clock read on each side; about one read, ~24 ns here, counts against Match, so the
// figure errs low).
void BM_MatchFresh(benchmark::State& state, const std::shared_ptr<const CompiledLexicon>* lex, const Corpus* corpus) {
  const Corpus& c = *corpus;
  std::vector<Match> out;
  NormalisedText t;
  size_t i = 0, bytes = 0, matches = 0;
  for (auto _ : state) {
    g_world->normaliser->Normalise(c.raw[i].first, c.raw[i].second, &t);
    const auto t0 = std::chrono::steady_clock::now();
    (*lex)->Match(t, &out);
    const auto t1 = std::chrono::steady_clock::now();
    state.SetIterationTime(std::chrono::duration<double>(t1 - t0).count());
    bytes += t.canonical.size();
    matches += out.size();
    if (++i == c.raw.size()) i = 0;
  }
  ReportMatchRun(state, bytes, matches);
}

void BM_NaiveSet(benchmark::State& state, LexiconSet* set, const Corpus* corpus) {
  if (set->naive.empty()) {
    state.SkipWithError("the naive RE2::Set did not compile");
    return;
  }
  const Corpus& c = *corpus;
  std::vector<int> hits;
  size_t i = 0, bytes = 0, failures = 0;
  for (auto _ : state) {
    const NormalisedText& t = c.texts[i];
    // Like the matcher's pattern shards: a yes/no pass first, the list of entries only on a hit.
    for (const auto& shard : set->naive) {
      RE2::Set::ErrorInfo info{};
      if (shard->Match(t.canonical, nullptr, &info)) {
        hits.clear();
        if (!shard->Match(t.canonical, &hits, &info)) ++failures;
      } else if (info.kind != RE2::Set::kNoError) {
        ++failures;
      }
    }
    bytes += t.canonical.size();
    if (++i == c.texts.size()) i = 0;
  }
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
  state.counters["dfa_failures"] = static_cast<double>(failures);
  state.counters["patterns"] = static_cast<double>(set->naive_patterns);
  state.counters["shards"] = static_cast<double>(set->naive.size());
}

// VIGIL_BENCH_DUMP=FILE: instead of timing, writes every match of every corpus text (posts and
// documents) x 3 language settings (as given, unknown, an uncovered code) x 3 option sets (default,
// fuzzy harm words on, approximate kinds off), for Vigil's lexicons and Vigil + HurtLex. Two builds'
// dumps must be byte-identical when a change is meant to be a pure speed-up: `cmp` them.
void DumpMatches(const World& w, const std::vector<Entry>& all_entries, const char* path) {
  std::FILE* f = std::fopen(path, "w");
  if (f == nullptr) {
    std::perror(path);
    std::exit(1);
  }
  CompiledLexicon::Options harm, off;
  harm.fuzzy_harm = true;
  off.fuzzy = off.squeezed = off.masked = off.concatenation = false;
  const std::pair<const char*, const std::vector<Entry>*> sets[] = {{"vigil", &w.vigil_entries},
                                                                     {"vigil+hurtlex", &all_entries}};
  const std::pair<const char*, CompiledLexicon::Options> option_sets[] = {{"default", {}}, {"harm", harm}, {"off", off}};
  size_t lines = 0;
  std::vector<Match> out;
  for (const auto& [set_name, entries] : sets) {
    if (entries->empty()) continue;
    for (const auto& [opt_name, opts] : option_sets) {
      auto lex = CompiledLexicon::Create(*entries, w.normaliser.get(), opts);
      if (!lex.ok()) {
        std::fprintf(stderr, "compile failed: %s\n", lex.status().ToString().c_str());
        std::exit(1);
      }
      for (const Corpus* c : {&w.messages, &w.documents}) {
        for (size_t i = 0; i < c->texts.size(); ++i) {
          for (const char* lang : {"", "-", "zz"}) {
            NormalisedText t = c->texts[i];
            if (*lang != 0) t.lang = *lang == '-' ? "" : lang;
            (*lex)->Match(t, &out);
            for (const Match& m : out) {
              std::fprintf(f, "%s %s %s %zu %s %u-%u %u-%u %s\n", set_name, opt_name, c == &w.messages ? "msg" : "doc", i,
                           (*lex)->entry(m.entry).id.c_str(), m.first, m.last, m.source.begin, m.source.end,
                           std::string(MatchKindName(m.kind)).c_str());
              ++lines;
            }
          }
        }
      }
    }
  }
  std::fclose(f);
  std::fprintf(stderr, "dump: %zu matches written to %s\n", lines, path);
}

// VIGIL_BENCH_FEED_PROFILE=N: instead of timing, matches the feed posts once with Vigil + HurtLex and
// prints the N entries that fire most often on that ordinary text, with their kind, indicator and
// file, and how many of the posts' tokens are inside any match. What fires on every other post is
// what a lexicon costs per word (docs/lexicon-authoring.md, "What a lexicon costs"), and a harm
// entry near the top is a false-positive risk worth reading.
int ProfileFeed(const World& w, const std::vector<Entry>& all_entries, size_t top) {
  auto lex = CompiledLexicon::Create(all_entries, w.normaliser.get(), {});
  if (!lex.ok()) {
    std::fprintf(stderr, "compile failed: %s\n", lex.status().ToString().c_str());
    return 1;
  }
  std::map<std::pair<uint32_t, MatchKind>, size_t> count;
  std::vector<Match> out;
  size_t tokens = 0, matched_tokens = 0, matches = 0;
  std::vector<uint8_t> hit;
  for (const NormalisedText& t : w.feed_messages.texts) {
    (*lex)->Match(t, &out);
    tokens += t.tokens.size();
    hit.assign(t.tokens.size(), 0);
    for (const Match& m : out) {
      ++count[{m.entry, m.kind}];
      for (size_t k = m.first; k <= m.last; ++k) hit[k] = 1;
    }
    matches += out.size();
    for (uint8_t h : hit) matched_tokens += h;
  }
  std::printf("feed posts: %zu posts, %zu tokens, %zu matches (%.3f per token), %.1f%% of tokens inside a match\n",
              w.feed_messages.texts.size(), tokens, matches, matches / std::max<double>(1, tokens),
              100.0 * matched_tokens / std::max<size_t>(1, tokens));
  std::vector<std::pair<size_t, std::pair<uint32_t, MatchKind>>> ranked;
  for (const auto& [k, c] : count) ranked.emplace_back(c, k);
  std::sort(ranked.rbegin(), ranked.rend());
  if (ranked.size() > top) ranked.resize(top);
  for (const auto& [c, k] : ranked) {
    const Entry& e = (*lex)->entry(k.first);
    std::printf("%8zu %6.2f%%  %-12s %-22s %s  (%s)\n", c, 100.0 * c / std::max<size_t>(1, matches),
                std::string(MatchKindName(k.second)).c_str(), std::string(IndicatorName(e.indicator)).c_str(),
                e.id.c_str(), e.file.c_str());
  }
  return 0;
}

// Collects bytes/s per benchmark for the summary.
class SummaryReporter : public benchmark::ConsoleReporter {
 public:
  void ReportRuns(const std::vector<Run>& runs) override {
    ConsoleReporter::ReportRuns(runs);
    // Best of the repetitions: on a shared machine the fastest run is the least disturbed one.
    for (const Run& r : runs) {
      if (r.run_type != Run::RT_Iteration || r.error_occurred) continue;
      auto it = r.counters.find("bytes_per_second");
      if (it == r.counters.end()) continue;
      double& best = rates[r.run_name.function_name];
      best = std::max(best, it->second.value);
    }
  }
  std::map<std::string, double> rates;
};

// VIGIL_BENCH_AB=PAIRS: instead of the benchmarks, an in-process A/B of two compiled lexicons over
// the feed, for effects smaller than the 2x swings between processes on a shared host. A is Vigil's
// lexicons plus HurtLex; B the same, or with Vigil's lexicons read from VIGIL_BENCH_LEXICONS_B (a
// lexicon change). A code change is compared by defining, on a scratch branch, the hook
//   extern "C" void vigil_bench_variant(int v);   // 0 before A's compile and blocks, 1 before B's
// to switch the variant. Each pair matches one block of 3,000 feed posts (or 24 feed documents)
// with A and with B, in alternating order; the totals and the quartiles of the per-pair ratio are
// printed (B's speed over A's: above 1 means B is faster), with the matches each found. An A/A run
// (no hook, no B folder) read 1.02 on both corpora on 2026-12-05: B, compiled second, runs a little
// faster; read differences under 3% as none.

int RunAB(World& world, int pairs) {
  auto variant = [](int v) {
    if (vigil_bench_variant != nullptr) vigil_bench_variant(v);
  };
  std::vector<Entry> b_own = world.vigil_entries;
  if (const char* b_dir = std::getenv("VIGIL_BENCH_LEXICONS_B"); b_dir && *b_dir) {
    LexiconLoadResult r = LoadLexiconFiles({std::string(b_dir)});
    for (const auto& e : r.errors) std::fprintf(stderr, "lexicon B: %s\n", e.ToString().c_str());
    b_own = std::move(r.entries);
  }
  std::shared_ptr<const CompiledLexicon> lex[2];
  for (int v = 0; v < 2; ++v) {
    std::vector<Entry> entries = v == 0 ? world.vigil_entries : b_own;
    entries.insert(entries.end(), world.hurtlex_entries.begin(), world.hurtlex_entries.end());
    variant(v);
    const auto t0 = std::chrono::steady_clock::now();
    auto c = CompiledLexicon::Create(std::move(entries), world.normaliser.get(), {});
    if (!c.ok()) {
      std::fprintf(stderr, "compile %c failed: %s\n", "AB"[v], c.status().ToString().c_str());
      return 1;
    }
    std::printf("%c: compiled in %.2f s\n", "AB"[v], Seconds(t0));
    lex[v] = *c;
  }
  for (auto [name, corpus, block] : {std::tuple<const char*, const Corpus*, size_t>{"feed-msgs", &world.feed_messages, 3000},
                                     std::tuple<const char*, const Corpus*, size_t>{"feed-docs", &world.feed_documents, 24}}) {
    const Corpus& c = *corpus;
    if (c.texts.empty()) continue;
    std::vector<Match> out;
    double total[2] = {0, 0};
    size_t bytes[2] = {0, 0}, found[2] = {0, 0};
    std::vector<double> ratios;
    size_t at = 0;
    for (int p = 0; p < pairs; ++p) {
      double t[2];
      for (int k = 0; k < 2; ++k) {
        const int v = (p + k) % 2;
        variant(v);
        const auto t0 = std::chrono::steady_clock::now();
        for (size_t j = 0; j < block; ++j) {
          const NormalisedText& text = c.texts[(at + j) % c.texts.size()];
          lex[v]->Match(text, &out);
          bytes[v] += text.canonical.size();
          found[v] += out.size();
        }
        t[v] = Seconds(t0);
        total[v] += t[v];
      }
      ratios.push_back(t[0] / t[1]);
      at = (at + block) % c.texts.size();
    }
    std::sort(ratios.begin(), ratios.end());
    auto q = [&](double f) { return ratios[static_cast<size_t>(f * (ratios.size() - 1))]; };
    std::printf("%s: A %.1f MB/s, B %.1f MB/s, B/A %.3f (per pair: quartiles %.3f %.3f %.3f); matches A %zu B %zu\n",
                name, bytes[0] / total[0] / 1e6, bytes[1] / total[1] / 1e6, total[0] / total[1], q(0.25), q(0.5),
                q(0.75), found[0], found[1]);
  }
  return 0;
}

}  // namespace
}  // namespace vigil

int main(int argc, char** argv) {
  using namespace vigil;
  benchmark::Initialize(&argc, argv);
  World world;
  g_world = &world;
  auto n = Normaliser::Create({});
  if (!n.ok()) {
    std::fprintf(stderr, "%s\n", n.status().ToString().c_str());
    return 1;
  }
  world.normaliser = std::move(*n);
  world.messages = LoadCorpus(world.normaliser.get(), false);
  world.documents = LoadCorpus(world.normaliser.get(), true);
  world.benign_messages = LoadCorpus(world.normaliser.get(), false, true);
  world.benign_documents = LoadCorpus(world.normaliser.get(), true, true);
  std::fprintf(stderr, "corpus: %zu messages (%zu documents), %.1f KiB of canonical text; benign alone: %zu messages "
               "(%zu documents), %.1f KiB\n",
               world.messages.texts.size(), world.documents.texts.size(), world.messages.bytes / 1024.0,
               world.benign_messages.texts.size(), world.benign_documents.texts.size(),
               world.benign_messages.bytes / 1024.0);
  LoadFeed(&world);
  std::fprintf(stderr, "feed (gettext catalogs): %zu languages, %zu messages (%zu documents), %.1f KiB of canonical text\n",
               world.feed_languages, world.feed_messages.texts.size(), world.feed_documents.texts.size(),
               world.feed_messages.bytes / 1024.0);

  // VIGIL_BENCH_LEXICONS: another lexicon folder (e.g. an older commit's, for an A/B of lexicon changes).
  const char* lex_env = std::getenv("VIGIL_BENCH_LEXICONS");
  LexiconLoadResult own =
      LoadLexiconFiles({lex_env && *lex_env ? std::string(lex_env) : std::string(VIGIL_SOURCE_DIR) + "/lexicons"});
  for (const auto& e : own.errors) std::fprintf(stderr, "lexicon: %s\n", e.ToString().c_str());
  world.vigil_entries = own.entries;

  const char* env = std::getenv("VIGIL_HURTLEX");
  const fs::path hurtlex = env && *env ? fs::path(env) : fs::path(VIGIL_SOURCE_DIR) / ".." / "shared/data/hurtlex";
  std::vector<std::string> files;
  std::error_code ec;
  for (const auto& f : fs::directory_iterator(hurtlex, ec)) {
    if (f.path().extension() == ".tsv") files.push_back(f.path().string());
  }
  std::sort(files.begin(), files.end());
  world.have_hurtlex = !files.empty();
  double import_seconds = 0;
  if (world.have_hurtlex) {
    HurtLexOptions o;
    o.inclusive = true;  // every row: the scale test
    auto t0 = std::chrono::steady_clock::now();
    HurtLexImport imp = ImportHurtLexFiles(files, o, world.normaliser.get());
    import_seconds = Seconds(t0);
    world.hurtlex_entries = std::move(imp.entries);
    std::fprintf(stderr, "hurtlex: %zu files, %zu entries imported in %.2f s (%zu bad rows skipped)\n", files.size(),
                 world.hurtlex_entries.size(), import_seconds, imp.errors.size());
  } else {
    std::fprintf(stderr,
                 "NOTE: HurtLex not found at %s (set VIGIL_HURTLEX): the scale benchmarks are skipped; "
                 "only Vigil's own lexicons are measured.\n",
                 hurtlex.string().c_str());
  }

  if (const char* ab = std::getenv("VIGIL_BENCH_AB"); ab && *ab) return RunAB(world, std::atoi(ab));
  std::vector<Entry> all = world.vigil_entries;  // Vigil + HurtLex, for the modes below and the benchmarks
  all.insert(all.end(), world.hurtlex_entries.begin(), world.hurtlex_entries.end());
  if (const char* top = std::getenv("VIGIL_BENCH_FEED_PROFILE"); top && *top) {
    return ProfileFeed(world, all, static_cast<size_t>(std::atoi(top)));
  }
  if (const char* dump = std::getenv("VIGIL_BENCH_DUMP"); dump && *dump) {
    DumpMatches(world, world.have_hurtlex ? all : std::vector<Entry>{}, dump);
    return 0;
  }
  world.vigil.name = "vigil";
  CompileSet(&world.vigil, world.vigil_entries, world.normaliser.get());
  ColdAndWarmPasses(&world.vigil, world.messages);
  if (world.have_hurtlex) {
    world.all.name = "vigil+hurtlex";
    CompileSet(&world.all, all, world.normaliser.get());
    ColdAndWarmPasses(&world.all, world.messages);
    std::fprintf(stderr, "vigil+hurtlex: %zu entries, compiled in %.2f s, +%.0f MiB resident; %zu literal keys, "
                 "%zu fuzzy keys; naive RE2::Set of %zu patterns compiled in %.2f s\n",
                 world.all.entries, world.all.compile_seconds, world.all.rss_mib, world.all.lexicon->literal_keys(),
                 world.all.lexicon->fuzzy_keys(), world.all.naive_patterns, world.all.naive_compile_seconds);
  }

  benchmark::RegisterBenchmark("Compile/vigil", BM_Compile, &world.vigil_entries, &world.vigil)
      ->Unit(benchmark::kMillisecond);
  auto register_set = [&](const std::string& name, LexiconSet* set) {
    for (auto [suffix, corpus] : {std::pair<const char*, const Corpus*>{"docs", &world.documents},
                                  std::pair<const char*, const Corpus*>{"msgs", &world.messages},
                                  std::pair<const char*, const Corpus*>{"benign-docs", &world.benign_documents},
                                  std::pair<const char*, const Corpus*>{"benign-msgs", &world.benign_messages},
                                  std::pair<const char*, const Corpus*>{"feed-docs", &world.feed_documents},
                                  std::pair<const char*, const Corpus*>{"feed-msgs", &world.feed_messages}}) {
      if (corpus->texts.empty()) continue;
      auto* m = benchmark::RegisterBenchmark(("Match/" + name + "/" + suffix).c_str(), BM_Match, &set->lexicon, corpus, 1);
      auto* mn = benchmark::RegisterBenchmark(("Match/" + name + "/" + suffix + "/nofuzzy").c_str(), BM_Match,
                                              &set->lexicon_nofuzzy, corpus, 1);
      benchmark::RegisterBenchmark(("Match/" + name + "/" + suffix + "/nomemo").c_str(), BM_Match, &set->lexicon_nomemo,
                                   corpus, 1);
      benchmark::RegisterBenchmark(("Match/" + name + "/" + suffix + "/hot").c_str(), BM_Match, &set->lexicon, corpus,
                                   kHotRepeats);
      benchmark::internal::Benchmark* mf = nullptr;
      if (corpus == &world.messages || corpus == &world.benign_messages || corpus == &world.feed_messages) {
        mf = benchmark::RegisterBenchmark(("Match/" + name + "/" + suffix + "/fresh").c_str(), BM_MatchFresh,
                                          &set->lexicon, corpus)
                 ->UseManualTime();
      }
      benchmark::internal::Benchmark* mfl = nullptr;
      std::vector<benchmark::internal::Benchmark*> grouped;  // /fresh-<k>langs
      if (corpus == &world.feed_messages) {
        mfl = benchmark::RegisterBenchmark(("Match/" + name + "/" + suffix + "/fresh-bylang").c_str(), BM_MatchFresh,
                                           &set->lexicon, &world.feed_messages_by_lang)
                  ->UseManualTime();
        for (size_t g = 0; g < std::size(kFeedGroupSizes); ++g) {
          const std::string variant = "/fresh-" + std::to_string(kFeedGroupSizes[g]) + "langs";
          grouped.push_back(benchmark::RegisterBenchmark(("Match/" + name + "/" + suffix + variant).c_str(),
                                                         BM_MatchFresh, &set->lexicon, &world.feed_messages_grouped[g])
                                ->UseManualTime());
        }
      }
      // VIGIL_BENCH_ITERATIONS=N: fixed iteration counts, for `perf stat` comparisons on a busy machine.
      if (const char* it = std::getenv("VIGIL_BENCH_ITERATIONS"); it && *it) {
        std::vector<benchmark::internal::Benchmark*> fixed = {m, mn, mf, mfl};
        fixed.insert(fixed.end(), grouped.begin(), grouped.end());
        for (benchmark::internal::Benchmark* b : fixed) {
          if (b != nullptr) b->Iterations(std::atoll(it));
        }
      }
      // The naive set runs at KB/s on HurtLex: the ratio is measured on the test corpora only.
      if (corpus != &world.feed_documents && corpus != &world.feed_messages) {
        benchmark::RegisterBenchmark(("NaiveRE2Set/" + name + "/" + suffix).c_str(), BM_NaiveSet, set, corpus);
      }
    }
  };
  register_set("vigil", &world.vigil);
  if (world.have_hurtlex) {
    benchmark::RegisterBenchmark("Compile/vigil+hurtlex", BM_Compile, &all, &world.all)
        ->Unit(benchmark::kMillisecond)
        ->Iterations(1);
    register_set("vigil+hurtlex", &world.all);
  }
  SummaryReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);

  auto rate = [&](const std::string& name) {
    auto it = reporter.rates.find(name);
    return it == reporter.rates.end() ? 0.0 : it->second / 1e6;
  };
  std::printf("\nSummary (best of the repetitions; MB = 10^6 bytes of canonical text, one core; docs = ~16 KiB "
              "documents, msgs = one post at a time; docs/msgs: functional cases + benign, about half hateful; "
              "benign-*: tests/data/benign alone, feed-like; feed-*: translated software messages from the "
              "machine's gettext catalogs, %zu languages, posts interleaved across them)\n", world.feed_languages);
  auto line = [&](const char* set_name, const LexiconSet& s) {
    std::printf("  %s: %zu entries, compile %.2f s, matcher +%.0f MiB RSS; naive RE2::Set of %zu patterns (%zu shard%s) "
                "compiled in %.2f s\n", set_name, s.entries, s.compile_seconds, s.rss_mib, s.naive_patterns,
                s.naive.size(), s.naive.size() == 1 ? "" : "s", s.naive_compile_seconds);
    for (const char* corpus : {"docs", "msgs", "benign-docs", "benign-msgs", "feed-docs", "feed-msgs"}) {
      if (world.feed_messages.texts.empty() && std::string_view(corpus).substr(0, 4) == "feed") continue;
      const std::string base = std::string(set_name) + "/" + corpus;
      const double m = rate("Match/" + base), mn = rate("Match/" + base + "/nofuzzy"), naive = rate("NaiveRE2Set/" + base);
      const double nomemo = rate("Match/" + base + "/nomemo"), hot = rate("Match/" + base + "/hot");
      const double fresh = rate("Match/" + base + "/fresh");
      std::printf("    %-11s Match %6.1f MB/s (fuzzy off %6.1f; token memo off %6.1f; each text %dx in a row %6.1f",
                  corpus, m, mn, nomemo, kHotRepeats, hot);
      if (fresh > 0) std::printf("; each post just normalised %6.1f", fresh);
      if (const double bylang = rate("Match/" + base + "/fresh-bylang"); bylang > 0) {
        std::printf(", interleaved within groups of");
        for (const size_t k : kFeedGroupSizes) {
          std::printf(" %zu languages %6.1f,", k, rate("Match/" + base + "/fresh-" + std::to_string(k) + "langs"));
        }
        std::printf(" taken language by language %6.1f", bylang);
      }
      std::printf(")  naive RE2::Set %6.2f MB/s  Match/naive %6.1fx\n", naive, naive > 0 ? m / naive : 0.0);
    }
    std::printf("    first pass over the posts right after compiling (naive: at most 20 s): Match %.1f MB/s, "
                "naive RE2::Set %.3f MB/s "
                "(Match/naive %.0fx); second pass naive %.2f MB/s; naive DFA caches grew %.0f MiB\n",
                s.match_cold_mbps, s.naive_cold_mbps, s.naive_cold_mbps > 0 ? s.match_cold_mbps / s.naive_cold_mbps : 0.0,
                s.naive_warm_mbps, s.naive_dfa_mib);
  };
  line("vigil", world.vigil);
  if (world.have_hurtlex) {
    line("vigil+hurtlex", world.all);
    std::printf("  targets: compile < 5 s, RSS < 1024 MiB, Match >= 150 MB/s, ratio >= 10x\n");
  } else {
    std::printf("  (HurtLex absent: scale figures skipped)\n");
  }
  benchmark::Shutdown();
  return 0;
}
