// normaliser_bench.cc: normaliser throughput (issue 3) against plain ICU nfkc_cf on the same text, in
// the same run.
//
//   cmake --build --preset release --target normaliser_bench
//   build/release/bench/normaliser_bench --benchmark_min_time=1
//
// Corpora (each message is normalised on its own, as the pipeline does, with a reused NormalisedText):
//   latin  Latin-script social-media text: the benign corpus and functional cases (en fr es de sw),
//          with their obfuscations (leetspeak, spacing, masks, repeated letters).
//   mixed  Arabic messages (benign corpus) plus everyday sentences in Russian, Hindi, Chinese,
//          Japanese, Burmese and Amharic, about the same number of bytes per script.
//   script/N  one script at a time, to find the slow one.
// BM_Vigil_* report MB/s and, as counters, the throughput of a plain nfkc_cf normalizeUTF8 of the
// same messages measured in the same process (nfkc_MBps) and the ratio vigil/nfkc (x_nfkc).
#include <benchmark/benchmark.h>
#include <unicode/bytestream.h>
#include <unicode/normalizer2.h>

#include <time.h>

#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "classifiers/normaliser.h"

namespace {

struct Corpus {
  std::vector<std::string> texts;
  std::vector<std::string> langs;
  size_t bytes = 0;
  void Add(std::string text, std::string lang) {
    bytes += text.size();
    texts.push_back(std::move(text));
    langs.push_back(std::move(lang));
  }
};

void LoadJsonl(const std::string& path, Corpus* c, size_t max = SIZE_MAX) {
  std::ifstream in(path);
  std::string line;
  size_t n = 0;
  while (n < max && std::getline(in, line)) {
    auto j = nlohmann::json::parse(line, nullptr, false);
    if (!j.is_object() || !j.contains("text") || !j["text"].is_string()) continue;
    c->Add(j["text"].get<std::string>(), j.value("lang", ""));
    ++n;
  }
}

const char* const kLatinLangs[] = {"en", "fr", "es", "de", "sw"};

const Corpus& Latin() {
  static const Corpus c = [] {
    Corpus c;
    for (const char* lang : kLatinLangs) {
      LoadJsonl(std::string(VIGIL_SOURCE_DIR) + "/tests/data/benign/" + lang + ".jsonl", &c);
      LoadJsonl(std::string(VIGIL_SOURCE_DIR) + "/tests/functional/cases/" + lang + ".jsonl", &c);
    }
    return c;
  }();
  return c;
}

struct ScriptSample {
  const char* name;
  const char* lang;
  std::vector<const char*> sentences;
};

const std::vector<ScriptSample>& Samples() {
  static const std::vector<ScriptSample> s = {
      {"cyrillic", "ru",
       {"Сегодня в Киеве прошла встреча министров иностранных дел, где обсуждали гуманитарную помощь.",
        "Погода в Москве на выходных будет солнечной, температура поднимется до двадцати градусов.",
        "Учёные из Новосибирска представили новый метод очистки воды для небольших посёлков.",
        "Футбольный клуб объявил о подписании контракта с молодым защитником из Сербии.",
        "Мы пойдём на концерт в субботу, кто с нами? Билеты ещё есть!"}},
      {"devanagari", "hi",
       {"आज दिल्ली में भारी बारिश के कारण कई सड़कों पर पानी भर गया।",
        "सरकार ने किसानों के लिए नई योजना की घोषणा की है, जिससे उन्हें सस्ती दर पर बीज मिलेंगे।",
        "कल शाम को हम सब दोस्त मिलकर क्रिकेट मैच देखने जाएंगे।",
        "इस साल के चुनाव में युवाओं की भागीदारी पहले से कहीं अधिक रही।"}},
      {"cjk", "",
       {"今天北京的天气很好，很多人去公园散步。", "政府宣布将在明年增加对农村学校的投资。",
        "这家餐厅的饺子非常好吃，我们下周还要再来。", "科学家们在南海发现了一种新的珊瑚品种。",
        "明日は東京で大雨が降る予報なので、傘を忘れないでください。", "新しい駅の開業式には多くの住民が集まった。"}},
      {"burmese", "my",
       {"ဒီနေ့ ရန်ကုန်မြို့မှာ မိုးအများကြီး ရွာခဲ့ပါတယ်။", "ကျွန်တော်တို့ မနက်ဖြန် စျေးကို သွားမယ်။",
        "အစိုးရက ကျေးလက်ဒေသ ကျောင်းတွေအတွက် ရန်ပုံငွေ အသစ် ကြေညာခဲ့တယ်။"}},
      {"amharic", "am",
       {"ዛሬ በአዲስ አበባ ከባድ ዝናብ ዘነበ።", "መንግስት ለገበሬዎች አዲስ የድጋፍ ፕሮግራም አስታወቀ።",
        "ነገ ከጓደኞቼ ጋር ወደ ገበያ እሄዳለሁ።", "የእግር ኳስ ቡድኑ ትናንት ጨዋታውን በድል አጠናቀቀ።"}},
  };
  return s;
}

constexpr size_t kBytesPerScript = 40000;

// Script 0 is Arabic (the benign corpus); 1.. are Samples().
Corpus ScriptCorpus(size_t script) {
  Corpus c;
  if (script == 0) {
    Corpus ar;
    LoadJsonl(std::string(VIGIL_SOURCE_DIR) + "/tests/data/benign/ar.jsonl", &ar);
    LoadJsonl(std::string(VIGIL_SOURCE_DIR) + "/tests/functional/cases/ar.jsonl", &ar);
    for (size_t i = 0; c.bytes < kBytesPerScript && !ar.texts.empty(); i = (i + 1) % ar.texts.size()) {
      c.Add(ar.texts[i], "ar");
    }
    return c;
  }
  const ScriptSample& s = Samples()[script - 1];
  for (size_t i = 0; c.bytes < kBytesPerScript; i = (i + 1) % s.sentences.size()) c.Add(s.sentences[i], s.lang);
  return c;
}

const Corpus& Mixed() {
  static const Corpus c = [] {
    std::vector<Corpus> parts;
    for (size_t k = 0; k <= Samples().size(); ++k) parts.push_back(ScriptCorpus(k));
    Corpus mixed;
    // Interleave the scripts message by message, as a multilingual feed would.
    for (size_t i = 0;; ++i) {
      bool any = false;
      for (const Corpus& p : parts) {
        if (i < p.texts.size()) mixed.Add(p.texts[i], p.langs[i]), any = true;
      }
      if (!any) break;
    }
    return mixed;
  }();
  return c;
}

// CPU time of this thread: the machine may be shared, wall time would count other processes.
double ThreadSeconds() {
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

double NfkcMegabytesPerSecond(const Corpus& c) {
  UErrorCode err = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc_cf = icu::Normalizer2::getNFKCCasefoldInstance(err);
  std::string out;
  size_t bytes = 0;
  const double start = ThreadSeconds();
  double elapsed = 0;
  do {
    for (const std::string& t : c.texts) {
      out.clear();
      icu::StringByteSink<std::string> sink(&out);
      err = U_ZERO_ERROR;
      nfkc_cf->normalizeUTF8(0, icu::StringPiece(t.data(), static_cast<int32_t>(t.size())), sink, nullptr, err);
      benchmark::DoNotOptimize(out.data());
      bytes += t.size();
    }
    elapsed = ThreadSeconds() - start;
  } while (elapsed < 0.3);
  return bytes / elapsed / 1e6;
}

void RunVigil(benchmark::State& state, const Corpus& c) {
  auto n = vigil::Normaliser::Create({});
  if (!n.ok()) {
    state.SkipWithError(n.status().ToString().c_str());
    return;
  }
  vigil::NormalisedText out;
  for (size_t i = 0; i < c.texts.size(); ++i) (*n)->Normalise(c.texts[i], c.langs[i], &out);  // warm buffers
  size_t tokens = 0;
  const double start = ThreadSeconds();
  for (auto _ : state) {
    for (size_t i = 0; i < c.texts.size(); ++i) {
      (*n)->Normalise(c.texts[i], c.langs[i], &out);
      tokens += out.tokens.size();
    }
  }
  const double elapsed = ThreadSeconds() - start;
  benchmark::DoNotOptimize(tokens);
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * c.bytes));
  const double vigil_mbps = static_cast<double>(state.iterations()) * c.bytes / elapsed / 1e6;
  const double nfkc_mbps = NfkcMegabytesPerSecond(c);
  state.counters["msgs"] = static_cast<double>(c.texts.size());
  state.counters["B_per_msg"] = static_cast<double>(c.bytes) / c.texts.size();
  state.counters["tok_per_msg"] = static_cast<double>(tokens) / state.iterations() / c.texts.size();
  state.counters["vigil_MBps"] = vigil_mbps;
  state.counters["nfkc_MBps"] = nfkc_mbps;
  state.counters["x_nfkc"] = vigil_mbps / nfkc_mbps;
}

void RunNfkc(benchmark::State& state, const Corpus& c) {
  UErrorCode err = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc_cf = icu::Normalizer2::getNFKCCasefoldInstance(err);
  std::string out;
  for (auto _ : state) {
    for (const std::string& t : c.texts) {
      out.clear();
      icu::StringByteSink<std::string> sink(&out);
      err = U_ZERO_ERROR;
      nfkc_cf->normalizeUTF8(0, icu::StringPiece(t.data(), static_cast<int32_t>(t.size())), sink, nullptr, err);
      benchmark::DoNotOptimize(out.data());
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * c.bytes));
}

void BM_Vigil_Latin(benchmark::State& state) { RunVigil(state, Latin()); }
void BM_NfkcCf_Latin(benchmark::State& state) { RunNfkc(state, Latin()); }
void BM_Vigil_Mixed(benchmark::State& state) { RunVigil(state, Mixed()); }
void BM_NfkcCf_Mixed(benchmark::State& state) { RunNfkc(state, Mixed()); }
void BM_Vigil_Script(benchmark::State& state) {
  const size_t k = static_cast<size_t>(state.range(0));
  state.SetLabel(k == 0 ? "arabic" : Samples()[k - 1].name);
  static std::vector<Corpus> corpora;
  if (corpora.empty()) {
    for (size_t i = 0; i <= Samples().size(); ++i) corpora.push_back(ScriptCorpus(i));
  }
  RunVigil(state, corpora[k]);
}

BENCHMARK(BM_Vigil_Latin)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_NfkcCf_Latin)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Vigil_Mixed)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_NfkcCf_Mixed)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Vigil_Script)->DenseRange(0, 5)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
