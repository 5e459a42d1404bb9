#include "classifiers/matcher.h"

#include <re2/re2.h>
#include <re2/set.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <bit>
#include <cassert>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <future>
#include <numeric>
#include <optional>
#include <random>
#include <span>
#include <string_view>
#include <system_error>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "classifiers/internal/edits.h"
#include "classifiers/internal/languages.h"
#include "classifiers/internal/utf8.h"
#include "classifiers/pattern_prefix.h"

namespace vigil {
namespace {

// ---------------------------------------------------------------------------------------------
// Hashing. Token and n-gram keys use a polynomial hash over bytes (mod 2^64) because the hash of
// "a b" and of "ab" can then be derived from the hashes of "a" and "b" in O(1): phrase lookups and
// two-token concatenation cost no re-hashing. It is weak on its own, so every key is finished by
// Mix() before it indexes a table, and every table hit is verified against the stored string.
// The byte base is drawn at random per process: the token memo trusts a token's salted hash both
// ways ("not a lexicon word", and "this lexicon word" as verified when it was memoised), and with a
// public base two equal-length strings with the same hash can be computed offline (a crafted twin
// seen first would hide the word, or pass for it). With a secret base they cannot.

uint64_t RandomOddBase() {
  uint64_t b = 0x100000001b3ull;
  try {
    std::random_device rd;
    b = (uint64_t{rd()} << 32) ^ rd();
  } catch (...) {
    b ^= static_cast<uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count()) * 0x9E3779B97F4A7C15ull;
  }
  return b | 1;
}
const uint64_t kByteBase = RandomOddBase();            // odd
constexpr uint64_t kCodePointBase = 0x9e3779b1ull;   // odd; a separate domain for fuzzy keys
constexpr size_t kPowTable = 128;

struct Powers {
  std::array<uint64_t, kPowTable> byte{};
  std::array<uint64_t, kPowTable> cp{};
  // chunk[k][j]: the weight of byte j of a k-byte chunk, B^(k-1-j) (0 past the chunk). See WordHash.
  std::array<std::array<uint64_t, 8>, 9> chunk{};
  Powers() {
    byte[0] = cp[0] = 1;
    for (size_t i = 1; i < kPowTable; ++i) {
      byte[i] = byte[i - 1] * kByteBase;
      cp[i] = cp[i - 1] * kCodePointBase;
    }
    for (size_t k = 1; k <= 8; ++k) {
      for (size_t j = 0; j < k; ++j) chunk[k][j] = byte[k - 1 - j];
    }
  }
};
const Powers kPowers;

uint64_t PowSlow(uint64_t base, size_t e) {
  uint64_t r = 1;
  while (e) {
    if (e & 1) r *= base;
    base *= base;
    e >>= 1;
  }
  return r;
}
inline uint64_t BytePow(size_t e) { return e < kPowTable ? kPowers.byte[e] : PowSlow(kByteBase, e); }
inline uint64_t CpPow(size_t e) { return e < kPowTable ? kPowers.cp[e] : PowSlow(kCodePointBase, e); }

// Σ s[j] * B^(n-1-j). The products are independent (no multiply chain) for short strings.
inline uint64_t ByteHash(std::string_view s) {
  const size_t n = s.size();
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  if (n < kPowTable) {
    uint64_t h = 0;
    for (size_t j = 0; j < n; ++j) h += p[j] * kPowers.byte[n - 1 - j];
    return h;
  }
  uint64_t h = 0;
  for (size_t j = 0; j < n; ++j) h = h * kByteBase + p[j];
  return h;
}
// ByteHash of the n bytes at p, read eight at a time: a token's hash costs a fixed number of
// independent multiplies instead of a loop over its bytes whose exit, at a different length for
// every token, the branch predictor mostly guesses wrong. Every 8-byte word read lies inside
// [begin, end), the message's canonical text: the last chunk is read from where it starts when 8
// bytes remain from there, else as the word that ends with it, else (a text under 16 bytes) byte by
// byte. Always equal to ByteHash, which computes the compiled keys (any difference and the token
// would not find its term: matcher_test's terms of every length at every position check that).
inline uint64_t ChunkHash(uint64_t w, size_t k) {  // w: the chunk's k bytes first, in memory order
  const std::array<uint64_t, 8>& q = kPowers.chunk[k];
  return (w & 0xFF) * q[0] + ((w >> 8) & 0xFF) * q[1] + ((w >> 16) & 0xFF) * q[2] + ((w >> 24) & 0xFF) * q[3] +
         ((w >> 32) & 0xFF) * q[4] + ((w >> 40) & 0xFF) * q[5] + ((w >> 48) & 0xFF) * q[6] + (w >> 56) * q[7];
}
inline uint64_t WordHash(const char* p, size_t n, const char* begin, const char* end) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  if (n == 0) return 0;
  uint64_t h = 0;
  for (; n > 8; p += 8, n -= 8) {
    uint64_t w;
    std::memcpy(&w, p, 8);
    h = h * kPowers.byte[8] + ChunkHash(w, 8);
  }
  uint64_t w;
  if (end - p >= 8) {
    std::memcpy(&w, p, 8);  // the bytes past the chunk weigh 0 in ChunkHash(w, n)
  } else if (p + n - begin >= 8) {  // near the end of the text: the word that ends with the chunk
    std::memcpy(&w, p + n - 8, 8);
    w >>= 64 - 8 * n;
  } else {  // a text of fewer than 16 bytes
    return h * kPowers.byte[n] + ByteHash(std::string_view(p, n));
  }
  return h * kPowers.byte[n] + ChunkHash(w, n);
#else
  (void)begin;
  (void)end;
  return ByteHash(std::string_view(p, n));
#endif
}

// Hash of a + b (concatenated) from the hashes of a and b.
inline uint64_t Concat(uint64_t ha, uint64_t hb, size_t len_b) { return ha * BytePow(len_b) + hb; }
// Hash of a + ' ' + b.
inline uint64_t ConcatSpace(uint64_t ha, uint64_t hb, size_t len_b) {
  return (ha * kByteBase + ' ') * BytePow(len_b) + hb;
}

// Calls fn(len, hash) for each length in `lengths` (ascending) that fits in `s`, with the ByteHash
// of s's first len bytes, extended byte by byte (Horner form): one pass over s for all lengths.
template <typename Fn>
void ForEachPrefixHash(std::string_view s, const std::vector<size_t>& lengths, Fn&& fn) {
  uint64_t h = 0;
  size_t hashed = 0;
  for (const size_t len : lengths) {
    if (len > s.size()) break;
    for (; hashed < len; ++hashed) h = h * kByteBase + static_cast<unsigned char>(s[hashed]);
    fn(len, h);
  }
}

inline uint64_t Mix(uint64_t x);
// Key of an exclusion phrase (by its ByteHash) for one entry.
inline uint64_t ExclusionKey(uint64_t phrase_hash, uint32_t entry) {
  return Mix(phrase_hash ^ (uint64_t{entry} + 1) * 0x9E3779B97F4A7C15ull);
}

inline uint64_t Mix(uint64_t x) {
  x ^= x >> 32;
  x *= 0xd6e8feb86659fd93ull;
  x ^= x >> 32;
  x *= 0xd6e8feb86659fd93ull;
  x ^= x >> 29;
  return x | 1;  // 0 marks an empty table slot
}

// ---------------------------------------------------------------------------------------------
// A register-blocked Bloom filter: one 64-bit word per key, 4 bits set in it. One cache line per
// probe; at 16 bits per key the false-positive rate is about 1%.
class Bloom {
 public:
  void Init(size_t keys) {
    size_t words = std::max<size_t>(64, keys / 4 + 1);  // 16 bits per key
    words_.assign(words, 0);
  }
  void Add(uint64_t k) { words_[Word(k)] |= Bits(k); }
  // Always inlined: GCC 12 calls it out of line from Match's phrase-start probe when the
  // translation unit grows (it did with the start-list radix pass, and once before:
  // docs/architecture.md, 3.4% of the samples in the call), which the match dump cannot see.
  [[gnu::always_inline]] bool MayContain(uint64_t k) const {
    const uint64_t b = Bits(k);
    return (words_[Word(k)] & b) == b;
  }
  size_t bytes() const { return words_.size() * 8; }

 private:
  size_t Word(uint64_t k) const { return static_cast<size_t>(((k >> 32) * words_.size()) >> 32); }
  static uint64_t Bits(uint64_t k) {
    return (1ull << (k & 63)) | (1ull << ((k >> 6) & 63)) | (1ull << ((k >> 12) & 63)) | (1ull << ((k >> 18) & 63));
  }
  std::vector<uint64_t> words_;
};

// One bit per key, at the top bits of the (already mixed) key; at least `bits_per_key` bits per
// key, so about 1 / bits_per_key of the absent keys say yes. A yes may be wrong, a no never is.
class BitFilter {
 public:
  void Init(size_t keys, size_t bits_per_key) {
    size_t bits = 64;
    while (bits < keys * bits_per_key) bits <<= 1;
    words_.assign(bits / 64, 0);
    shift_ = 64 - __builtin_ctzll(bits);
  }
  void Add(uint64_t key) {
    const uint64_t bit = key >> shift_;
    words_[bit >> 6] |= 1ull << (bit & 63);
  }
  bool MayContain(uint64_t key) const {
    const uint64_t bit = key >> shift_;
    return (words_[bit >> 6] >> (bit & 63)) & 1;
  }

 private:
  std::vector<uint64_t> words_ = std::vector<uint64_t>(1, 0);  // empty: says no to everything
  int shift_ = 58;
};

// One Bloom filter per view: per message language, over the keys of that language and "mul", and
// one over every key for a message of unknown language. A message pays one probe into a filter
// sized for its own language's words (cache-resident for most languages); words of other
// languages cost nothing.
class ViewBlooms {
 public:
  // `keys` are (key, language id) pairs; a key may appear with several languages.
  void Build(const std::vector<std::pair<uint64_t, uint16_t>>& keys, size_t languages, uint16_t mul) {
    std::vector<size_t> counts(languages, 0);
    for (const auto& [k, lang] : keys) ++counts[lang];
    const size_t mul_count = mul < languages ? counts[mul] : 0;
    views_.assign(languages + 1, Bloom());
    for (size_t l = 0; l < languages; ++l) views_[l].Init(counts[l] + (l == mul ? 0 : mul_count));
    views_[languages].Init(keys.size());
    for (const auto& [k, lang] : keys) {
      views_[languages].Add(k);
      if (lang == mul) {
        for (size_t l = 0; l < languages; ++l) views_[l].Add(k);
      } else {
        views_[lang].Add(k);
      }
    }
  }
  bool MayContain(uint64_t k, uint16_t msg_lang) const {
    return views_[msg_lang == UINT16_MAX ? views_.size() - 1 : msg_lang].MayContain(k);
  }
  // The filter of one view (Impl::View(msg_lang)), for a loop that probes it many times.
  const Bloom& ForView(size_t view) const { return views_[view]; }

 private:
  std::vector<Bloom> views_;
};

// Open addressing, linear probing, keys are Mix()ed hashes (never 0), values are record indices.
class HashIndex {
 public:
  void Init(size_t keys) {
    size_t cap = 16;
    while (cap < keys * 2) cap <<= 1;
    slots_.assign(cap, Slot{0, 0, 0});
    mask_ = cap - 1;
    count_ = 0;
  }
  // `aux` is 32 bits of caller data kept in the slot, readable without touching the value's record.
  void Insert(uint64_t key, uint32_t value, uint32_t aux = 0) {
    for (size_t i = key & mask_;; i = (i + 1) & mask_) {
      if (slots_[i].key == 0) {
        slots_[i] = Slot{key, value, aux};
        ++count_;
        return;
      }
    }
  }
  struct Slot {
    uint64_t key;
    uint32_t value;
    uint32_t aux;
  };
  // The first slot holding `key`, or null. Unverified: the caller checks the value if it must.
  const Slot* FindSlot(uint64_t key) const {
    for (size_t i = key & mask_;; i = (i + 1) & mask_) {
      const Slot& s = slots_[i];
      if (s.key == 0) return nullptr;
      if (s.key == key) return &s;
    }
  }
  // Calls fn(value) for each value stored under `key` until fn returns true; returns that value.
  template <typename Fn>
  int64_t Find(uint64_t key, Fn&& fn) const {
    for (size_t i = key & mask_;; i = (i + 1) & mask_) {
      const Slot& s = slots_[i];
      if (s.key == 0) return -1;
      if (s.key == key && fn(s.value)) return s.value;
    }
  }
  size_t bytes() const { return slots_.size() * sizeof(Slot); }
  bool empty() const { return count_ == 0; }

 private:
  std::vector<Slot> slots_;
  size_t mask_ = 0;
  size_t count_ = 0;
};

// ---------------------------------------------------------------------------------------------
// UTF-8 helpers (the canonical text is valid UTF-8: the normaliser guarantees it).

// Decodes up to `cap` code points; returns the count, or cap + 1 when there are more.
size_t DecodeUtf8(std::string_view s, uint32_t* out, size_t cap) {
  size_t n = 0;
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const auto* end = p + s.size();
  while (p < end) {
    if (n == cap) return cap + 1;
    uint32_t c = *p++;
    if (c >= 0x80) {
      int extra = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
      c &= extra == 3 ? 0x07 : extra == 2 ? 0x0F : 0x1F;
      for (int k = 0; k < extra && p < end; ++k) c = (c << 6) | (*p++ & 0x3F);
    }
    out[n++] = c;
  }
  return n;
}

using utf8::CountCodePoints;

std::string ReverseCodePoints(std::string_view s) {
  std::vector<uint32_t> cps(s.size());
  size_t n = DecodeUtf8(s, cps.data(), cps.size());
  std::string out;
  out.reserve(s.size());
  for (size_t i = n; i-- > 0;) utf8::Append(&out, static_cast<UChar32>(cps[i]));
  return out;
}

// The Turkish copula suffix for `word` (UTF-8, lower case): -dır/-dir/-dur/-dür by the word's last
// vowel, with t after a voiceless consonant (ç f h k p s ş t). Empty for a word without a vowel.
std::string TurkishCopula(std::string_view word) {
  uint32_t cp[64];
  const size_t n = DecodeUtf8(word, cp, 63);
  if (n == 0 || n > 63) return {};
  const char* vowel = nullptr;
  for (size_t i = n; i-- > 0 && vowel == nullptr;) {
    switch (cp[i]) {
      case 'a': case 0x0131: vowel = "\xC4\xB1"; break;                 // a, ı -> ı
      case 'e': case 'i': case 'I': case 0x0130: vowel = "i"; break;       // e, i -> i
      case 'o': case 'u': vowel = "u"; break;                             // o, u -> u
      case 0x00F6: case 0x00FC: vowel = "\xC3\xBC"; break;                // ö, ü -> ü
      default: break;
    }
  }
  if (vowel == nullptr) return {};
  const uint32_t last = cp[n - 1];
  const bool voiceless = last == 0x00E7 || last == 'f' || last == 'h' || last == 'k' || last == 'p' || last == 's' ||
                         last == 0x015F || last == 't';
  return std::string(voiceless ? "t" : "d") + vowel + "r";
}

// The written forms of one term that the index holds, the term first. A Turkish one-word harm term
// of an exact entry also in its copula form (-DIr: "Kadınlar akılsızdır", "hırsızlardır"). Arabic
// writes the conjunctions wa- "and" and fa- "so" as part of the next word ("ونقتلهم", "والمسلمين"):
// an Arabic term also with either in front, so lexicons list the bare form; and a one-word group
// name ending in the nisba -ي also in the indefinite accusative "-يًا" ("يؤوي يهوديًا", one Jew),
// whose tanwin mark the normaliser folds away, leaving the alif, with its own two. So the layout is
// [term], [term, copula form], [term, و+term, ف+term] or [term, و+term, ف+term, acc, و+acc, ف+acc].
void TermForms(const Entry& e, const std::string& term, std::vector<std::string>* forms) {
  forms->clear();
  forms->push_back(term);
  if (e.lang == "tr") {
    if (IsHarmIndicator(e.indicator) && e.match == MatchMode::kExact && term.find(' ') == std::string::npos) {
      std::string copula = TurkishCopula(term);
      if (!copula.empty()) forms->push_back(term + copula);
    }
    return;
  }
  if (e.lang != "ar") return;
  forms->push_back("\xD9\x88" + term);  // و
  forms->push_back("\xD9\x81" + term);  // ف
  const bool nisba = e.indicator == Indicator::kIdentityTerm && term.find(' ') == std::string::npos &&
                     term.size() >= 4 && term.ends_with("\xD9\x8A");  // ي
  if (!nisba) return;
  const std::string accusative = term + "\xD8\xA7";  // ا
  forms->push_back(accusative);
  forms->push_back("\xD9\x88" + accusative);
  forms->push_back("\xD9\x81" + accusative);
}

// The canonical forms of every entry's term forms (TermForms), in entry and term order, computed
// before pass 1 on `threads` threads (0: one per core, at most 8, and one for a lexicon under 20,000
// terms, not worth a thread), each with a normaliser of its own (one is not shared across
// threads); the caller's thread takes part with `normaliser`. The entries are cut into
// contiguous runs of about equal term counts, which any thread may take; each run's forms land in
// its own slot, so the order, and everything built from it, is the same for any thread count.
class CanonicalForms {
 public:
  CanonicalForms(const std::vector<Entry>& entries, Normaliser* normaliser, unsigned threads) {
    size_t total = 0;
    for (const Entry& e : entries) total += e.terms.size();
    if (threads == 0) threads = total < 20000 ? 1u : std::clamp(std::thread::hardware_concurrency(), 1u, 8u);
    const size_t want_runs = threads <= 1 ? 1 : size_t{threads} * 8;
    const size_t per_run = std::max<size_t>(1, (total + want_runs - 1) / want_runs);
    size_t begin = 0, count = 0;
    for (size_t idx = 0; idx < entries.size(); ++idx) {
      count += entries[idx].terms.size();
      if (count >= per_run || idx + 1 == entries.size()) {
        runs_.push_back(Run{begin, idx + 1, {}, {}});
        begin = idx + 1;
        count = 0;
      }
    }
    std::atomic<size_t> next_run{0};
    auto work = [&](Normaliser* n) {
      std::vector<std::string> forms;
      for (size_t r = next_run++; r < runs_.size(); r = next_run++) {
        Run& run = runs_[r];
        for (size_t idx = run.begin; idx < run.end; ++idx) {
          const Entry& e = entries[idx];
          for (const std::string& term : e.terms) {
            TermForms(e, term, &forms);
            for (const std::string& f : forms) {
              run.text += n->CanonicalTerm(f, e.lang);
              run.ends.push_back(static_cast<uint32_t>(run.text.size()));
            }
          }
        }
      }
    };
    std::vector<std::thread> helpers;
    for (unsigned t = 1; t < threads && runs_.size() > 1; ++t) {
      try {
        helpers.emplace_back([&] {
          auto own = Normaliser::Create(normaliser->options());
          if (own.ok()) work(own->get());  // (none: the other threads take its runs)
        });
      } catch (const std::system_error&) {
        break;  // no more threads: fewer do the work
      }
    }
    work(normaliser);
    for (std::thread& h : helpers) h.join();
  }

  // Frees the forms (pass 1 is done with them).
  void Clear() { runs_ = {}; }

  // The next canonical form, in TermForms order over the entries' terms.
  std::string_view Next() {
    while (next_ == runs_[run_].ends.size()) {
      ++run_;
      next_ = 0;
    }
    const Run& r = runs_[run_];
    const uint32_t b = next_ == 0 ? 0 : r.ends[next_ - 1];
    return std::string_view(r.text).substr(b, r.ends[next_++] - b);
  }

 private:
  struct Run {
    size_t begin, end;           // entry indices
    std::string text;            // canonical forms, back to back
    std::vector<uint32_t> ends;  // end of each in text
  };
  std::vector<Run> runs_;
  size_t run_ = 0, next_ = 0;
};

// Damerau-Levenshtein (optimal string alignment) distance of exactly 1.
bool DistanceIsOne(const uint32_t* a, size_t la, const uint32_t* b, size_t lb) {
  if (la < lb) {
    std::swap(a, b);
    std::swap(la, lb);
  }
  if (la - lb > 1) return false;
  size_t i = 0;
  while (i < lb && a[i] == b[i]) ++i;
  if (la == lb) {
    if (i == la) return false;  // equal
    if (std::equal(a + i + 1, a + la, b + i + 1)) return true;  // substitution
    return i + 1 < la && a[i] == b[i + 1] && a[i + 1] == b[i] && std::equal(a + i + 2, a + la, b + i + 2);
  }
  return std::equal(a + i + 1, a + la, b + i);  // a has one extra code point at i
}

// For a pair at distance one: whether the edit is of a kind that seldom turns one word into another,
// so a harm term's typo can be trusted ("depsise", "haet", "Nienaidzę"): two adjacent code points
// swapped after the first, or one inserted or deleted inside the word (the first and last code
// points agree) with the shorter side at least `min_indel` code points. A substitution ("reaches" ~
// "roaches") never is.
bool TypoSeldomAWord(const uint32_t* a, size_t la, const uint32_t* b, size_t lb, size_t min_indel) {
  if (la == lb) return SwapAfterFirst(a, la, b, lb);
  return a[0] == b[0] && a[la - 1] == b[lb - 1] && std::min(la, lb) >= min_indel;
}

// Glob match over code points where each '*' stands for one or more code points.
bool MaskFits(std::span<const uint32_t> mask, const std::vector<uint32_t>& word) {
  size_t m = 0, w = 0, star = SIZE_MAX, star_w = 0;
  while (w < word.size()) {
    if (m < mask.size() && mask[m] == '*') {
      // The star must take at least one code point: consume it now, remember where to extend.
      star = m++;
      star_w = ++w;
    } else if (m < mask.size() && mask[m] == word[w]) {
      ++m;
      ++w;
    } else if (star != SIZE_MAX) {
      m = star + 1;
      w = ++star_w;
    } else {
      return false;
    }
  }
  return m == mask.size();
}

size_t CountTokens(std::string_view canonical) {
  return canonical.empty() ? 0 : 1 + std::count(canonical.begin(), canonical.end(), ' ');
}

uint64_t Fnv1a(uint64_t h, std::string_view s) {
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h ^ 0xff;  // field separator
}

struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
template <typename V>
using StringMap = std::unordered_map<std::string, V, StringHash, std::equal_to<>>;

struct Posting {
  uint32_t entry;
  uint16_t lang;
  uint16_t tokens;  // number of tokens in the term
};

// Word stems looked up at the start of a token, one lookup per distinct stem length: the matcher's
// rarer stem tables (run-collapsed stems, misspelt stems). Add() them all, then Finish().
struct StemMap {
  StringMap<std::vector<Posting>> stems;
  std::vector<size_t> lengths;  // distinct byte lengths of the stems, ascending (after Finish)

  void Add(std::string stem, const std::vector<Posting>& postings) {
    lengths.push_back(stem.size());
    auto& list = stems[std::move(stem)];
    list.insert(list.end(), postings.begin(), postings.end());
  }
  void Finish() {
    std::sort(lengths.begin(), lengths.end());
    lengths.erase(std::unique(lengths.begin(), lengths.end()), lengths.end());
  }
  bool empty() const { return stems.empty(); }
  // Calls fn(posting) for the postings of every stem that `word` starts with.
  template <typename Fn>
  void ForEachAtStart(std::string_view word, Fn&& fn) const {
    for (const size_t len : lengths) {
      if (len > word.size()) break;
      auto hit = stems.find(word.substr(0, len));
      if (hit == stems.end()) continue;
      for (const Posting& p : hit->second) fn(p);
    }
  }
};

constexpr size_t kMaxTermTokens = 32;
constexpr size_t kMaxJoinedPhraseWords = 8;  // a phrase begun inside a joined token: words after it tried
constexpr size_t kMaxFuzzyChars = 48;  // longer tokens are not fuzzy-matched
constexpr size_t kMinDeletionStemChars = 9;  // group-name stems this long also match with a letter dropped
constexpr size_t kPatternShard = 128;
constexpr uint32_t kPairBits = 1u << 14;  // fuzzy gate bitmap per language: 2 KiB
// Bit of a word's first four bytes (all of a shorter word) in a 65,536-bit head bitmap: the prefix
// stems' and the fuzzy stems' (Match's prefix step reads the same bit inline).
inline uint32_t HeadBit(std::string_view s) {
  uint32_t head = 0;
  std::memcpy(&head, s.data(), std::min<size_t>(4, s.size()));
  return (head * 0x9E3779B1u) >> 16;
}
inline bool HeadBitSet(const std::vector<uint64_t>& bits, std::string_view s) {
  const uint32_t bit = HeadBit(s);
  return (bits[bit >> 6] >> (bit & 63)) & 1;
}
inline void SetHeadBit(std::vector<uint64_t>* bits, std::string_view s) {
  const uint32_t bit = HeadBit(s);
  (*bits)[bit >> 6] |= 1ull << (bit & 63);
}

// Bits of the first-pair and last-pair keys of a fuzzy term or token (two code points each).
inline uint32_t HeadPairBit(uint32_t a, uint32_t b) { return ((a * 0x9E3779B1u) ^ (b * 0x85EBCA77u)) >> 18; }
inline uint64_t ProbeBit(uint64_t raw, int shift) { return (raw * 0x9E3779B97F4A7C15ull) >> shift; }
inline uint32_t TailPairBit(uint32_t a, uint32_t b) { return ((a * 0xC2B2AE3Du) ^ (b * 0x27D4EB2Fu)) >> 18; }
constexpr size_t kMaxPairLeads = 4096;  // two-word starts of a pattern (more: no pair check)
constexpr size_t kMaxMaskCandidates = 4096;             // per masked token: more is "ambiguous"
constexpr size_t kMaxMaskEnding = 3;                     // letters after a masked stem: its inflection
constexpr size_t kMaxMaskFits = 16;                      // fitting terms kept per masked token: more is "ambiguous"
constexpr size_t kMaxMaskHidden = 2;                     // a masked stem is at most this much longer than its mask
constexpr size_t kMaxMaskCandidatesPerMessage = 16384;  // a message full of masks stays cheap

// The token memo. Feed text is Zipfian: tens of thousands of word forms make up almost all tokens
// of a language, and what the index, the prefix stems, the pattern gates and the fuzzy search say
// about a token depends only on the token, the lexicon and the message language. Each thread keeps a
// 4-way set-associative table of those outcomes (262,144 slots, 4 MiB: see kMemoSets), keyed by the
// token's 64-bit hash salted with the lexicon's generation (unique per CompiledLexicon, so a hot
// reload never reads the old lexicon's entries) and the message language, plus its length. A hit
// skips the Bloom and index probes and the searches known to find nothing. A lexicon word's record
// was verified against the token when it was memoised, and a hit trusts that; when the message
// language allows exactly one of the word's postings (most words), the slot holds that entry, so a
// hit reads neither record nor postings (-3% instructions on the feed corpora; 1.01-1.15x in wall
// time, alternating binaries). Phrases, patterns and the approximate kinds are computed and
// verified against the text at their position (exclusions and phrase extension depend on the
// neighbours). Every token's set is prefetched before the main loop. Tokens over kMemoMaxBytes are
// never memoised.
struct MemoSlot {
  uint64_t tag;    // the salted key with its low 8 bits replaced by kMemo* bits
  uint32_t value;  // when kMemoKnown: the token's record (verified equal when memoised), or with
                   // kMemoOneEntry the entry of its only posting the message language allows;
                   // otherwise, with aux == kMemoAuxFuzzyEntry, the one entry it fuzzy-matches
  uint32_t aux;    // and that record's RecordAux() (bit 0 clear when no posting is allowed)
};
constexpr uint32_t kMemoValid = 1, kMemoKnown = 2, kMemoNoPrefix = 4, kMemoNoFuzzy = 8, kMemoNoPatternStart = 16,
                   kMemoOneEntry = 32,  // the known token's single match: `value` is its entry, not its record
                   kMemoNoLeftHalf = 64, kMemoNoRightHalf = 128;  // cannot start / end a glued concatenation
// A token that is not a lexicon word but fuzzy-matches exactly one entry (a misspelt group name
// seen again and again) keeps that entry in `value`, marked by this `aux`.
constexpr uint32_t kMemoAuxFuzzyEntry = 0xFFFFFFFFu;
constexpr uint64_t kMemoInfoMask = 0xFF;
constexpr size_t kMemoWays = 4;                      // 4-way sets: one 64-byte cache line per lookup
// 65,536 sets x 64 bytes: 4 MiB per thread. The gettext feed's posts hold 53,580 distinct
// (language, token) pairs: at 2 MiB (40% full) 2.6% of the 4-way sets get more than four of them
// (Poisson) and their words keep evicting each other, at 4 MiB (20% full) 0.16% (a replay of the
// token stream: 98.7% against 99.8% hits). In-process alternation (400 and 800 pairs): 1.05-1.07x
// on feed posts, 1.09-1.10x on feed documents, 1.00-1.01x on the hate-dense and benign samples;
// 8 MiB was no better, 16 MiB slower, 1 MiB 0.81x, 512 KiB 0.60x (2026-12-01).
// A stream's first sight of each word gains nothing (84.8% against 84.9% hits on a single pass).
constexpr size_t kMemoSets = size_t{1} << 16;
struct alignas(64) MemoSet {
  MemoSlot way[kMemoWays];
};
constexpr size_t kMemoMaxBytes = 64;
// The gate memo: a gate word's gate_index values (Impl::GateValues), so that a word that gates
// patterns at every occurrence ("de", "que", "sollten", 15% of the gettext feed's tokens) costs one
// lookup instead of a filter probe per gate-word length and an index probe per hit. Direct-mapped,
// 4,096 slots of 32 bytes (128 KiB per thread), keyed like the token memo (the token's hash salted
// with the lexicon and the message language), and trusted the same way; only tokens the token memo
// holds, with at most kGateMemoValues gate words, are kept.
constexpr size_t kGateMemoValues = 5;
constexpr size_t kGateMemoSlots = 4096;
struct alignas(32) GateMemoSlot {
  uint64_t tag;  // the token's memo key | 1 (0: empty)
  uint32_t count;
  uint32_t values[kGateMemoValues];
};
static_assert(sizeof(GateMemoSlot) == 32);

struct MatchScratch {
  std::vector<uint64_t> token_hashes;
  std::vector<uint64_t> token_keys;
  std::vector<uint64_t> token_mkeys;   // memo keys (see Match)
  std::vector<uint32_t> interesting;   // tokens the main loop must look at
  std::vector<std::pair<uint32_t, uint32_t>> pattern_starts;  // (pattern, token) to try, anchored
  std::vector<std::pair<uint32_t, uint32_t>> pattern_starts_spare;  // GroupStarts' other buffer
  // Bit (pattern % 1024): some start of the pattern is in pattern_starts (Impl::PatternStarts).
  uint64_t started[16] = {};
  std::vector<int> set_hits;
  std::vector<uint32_t> gate_values;  // a token's gate_index values (Impl::GateValues)
  std::unique_ptr<MemoSet[]> memo;
  std::unique_ptr<GateMemoSlot[]> gate_memo;
  MemoSet* Memo() {
    if (!memo) memo.reset(new MemoSet[kMemoSets]());  // zeroed: no slot is valid
    return memo.get();
  }
  GateMemoSlot* GateMemo() {
    if (!gate_memo) gate_memo.reset(new GateMemoSlot[kGateMemoSlots]());  // zeroed: empty
    return gate_memo.get();
  }
};
MatchScratch& ThreadScratch() {
  thread_local MatchScratch scratch;
  return scratch;
}

std::atomic<uint64_t> g_generation{0};

// Calls fn(word) for each space-separated word of canonical text.
template <typename Fn>
void ForEachWord(std::string_view text, Fn&& fn) {
  size_t b = 0;
  while (b < text.size()) {
    size_t e = text.find(' ', b);
    if (e == std::string_view::npos) e = text.size();
    if (e > b) fn(text.substr(b, e - b));
    b = e + 1;
  }
}

// Calls fn(run) for each run of 4+ letters of an RE2 pattern that is a word the pattern spells
// out: not inside a character class, not after a backslash (\pL, \w), not followed by a quantifier
// (its last letter optional or repeated: "plans?"). Letters are ASCII a-z and every non-ASCII byte.
template <typename Fn>
void ForEachPatternWord(std::string_view pattern, Fn&& fn) {
  auto letter = [](unsigned char c) { return (c >= 'a' && c <= 'z') || c >= 0x80; };
  bool in_class = false;
  for (size_t i = 0; i < pattern.size();) {
    const unsigned char c = static_cast<unsigned char>(pattern[i]);
    if (c == '\\') {
      i += 2;
      continue;
    }
    if (in_class) {
      in_class = c != ']';
      ++i;
      continue;
    }
    if (c == '[') {
      in_class = true;
      ++i;
      continue;
    }
    if (!letter(c)) {
      ++i;
      continue;
    }
    size_t e = i;
    while (e < pattern.size() && letter(static_cast<unsigned char>(pattern[e]))) ++e;
    const char next = e < pattern.size() ? pattern[e] : ' ';
    const std::string_view run = pattern.substr(i, e - i);
    if (next != '?' && next != '*' && next != '+' && next != '{' && utf8::CountCodePoints(run) >= 4) fn(run);
    i = e;
  }
}

int KindRank(MatchKind k) {
  switch (k) {
    case MatchKind::kExact: return 0;
    case MatchKind::kJoined: return 1;
    case MatchKind::kFused: return 2;
    case MatchKind::kPrefix: return 3;
    case MatchKind::kPattern: return 4;
    case MatchKind::kSqueezed: return 5;
    case MatchKind::kMasked: return 6;
    case MatchKind::kConcatenated: return 7;
    case MatchKind::kSplit: return 8;
    case MatchKind::kFuzzy: return 9;
    case MatchKind::kCorrected: return 10;
  }
  return 10;
}

}  // namespace

std::string_view MatchKindName(MatchKind k) {
  switch (k) {
    case MatchKind::kExact: return "exact";
    case MatchKind::kPrefix: return "prefix";
    case MatchKind::kPattern: return "pattern";
    case MatchKind::kSqueezed: return "squeezed";
    case MatchKind::kMasked: return "masked";
    case MatchKind::kFuzzy: return "fuzzy";
    case MatchKind::kJoined: return "joined";
    case MatchKind::kConcatenated: return "concatenated";
    case MatchKind::kFused: return "fused";
    case MatchKind::kSplit: return "split";
    case MatchKind::kCorrected: return "corrected";
  }
  return "exact";
}

bool IsApproximate(MatchKind k) {
  return k == MatchKind::kSqueezed || k == MatchKind::kMasked || k == MatchKind::kFuzzy ||
         k == MatchKind::kConcatenated || k == MatchKind::kSplit ||
         k == MatchKind::kCorrected;
}

struct CompiledLexicon::Impl {
  Options options;
  uint64_t generation = ++g_generation;  // unique per compiled lexicon: salts the token memo
  std::vector<Entry> entries;
  std::string version;
  std::vector<std::string> langs;  // lang id -> code
  StringMap<uint16_t> lang_ids;
  // Codes of <= 8 bytes packed into a word: Mix(packed) -> lang id, verified against
  // lang_packed[id] (0 for a longer code), so a message's language costs no string hashing.
  HashIndex lang_index;
  std::vector<uint64_t> lang_packed;
  static uint64_t PackLang(std::string_view code) {
    uint64_t packed = 0;
    std::memcpy(&packed, code.data(), std::min<size_t>(code.size(), 8));
    return packed;
  }
  uint16_t mul_lang = UINT16_MAX;

  // --- Literal n-gram index. One record per distinct canonical key (a whole term, or the first
  // token of a longer term). Strings live in `arena`.
  struct Record {
    uint32_t str_off = 0;
    uint32_t str_len = 0;
    uint32_t post_begin = 0;    // exact-term postings in `postings`
    uint32_t post_count = 0;
    uint32_t mwp_begin = 0;     // multi-word prefix terms starting with this token, in `mw_prefixes`
    uint16_t mwp_count = 0;
    uint32_t phrase_lengths = 0;  // bit k: some literal term of k tokens (2..31) starts with this key
    uint16_t concat_ok = 0;     // has a harm/identity single-word posting long enough to concatenate
  };
  std::string arena;
  std::vector<Record> records;
  std::vector<Posting> postings;
  HashIndex index;
  ViewBlooms first_bloom;  // single-token keys
  ViewBlooms phrase_bloom;  // multi-token keys
  ViewBlooms bigram_bloom;  // the first two tokens of every multi-token key: one probe rules out all lengths
  ViewBlooms concat_bloom;  // single-token keys with a posting that two glued tokens may match
  // Every split of those keys at a code point: the left part's hash (HalfKey(h, false)) and the
  // right part's (HalfKey(h, true)). Probed once per token when it is memoised: a token that is no
  // left part of a key never starts a concatenation, so the pair's concat_bloom probe is skipped.
  ViewBlooms concat_halves;
  // The least of the fuzzy options' code point minimums: a token with fewer code points (so also
  // one with fewer bytes) is never fuzzy-matched.
  size_t fuzzy_min_chars_any = 4;
  static uint64_t HalfKey(uint64_t hash, bool right) {
    return Mix(hash ^ (right ? 0x6A09E667F3BCC909ull : 0xBB67AE8584CAA73Bull));
  }
  // Per record, the languages of the terms that use its key (record_langs[lang_begin[r]...]): whether
  // a token is a lexicon word of the message's language, which turns fuzzy and concatenation off.
  std::vector<uint32_t> lang_begin;  // records.size() + 1 offsets
  std::vector<uint16_t> record_langs;

  // --- Spelling vocabulary (CompiledLexicon::SpellingWord). Keys are SpellKey(word, lang), sorted,
  // with the word's SpellingFlag bits in their low 3 bits; the one-letter-shorter forms of the long
  // words (6+ code points) are keyed by SpellKey(form, lang) ^ kSpellShortSalt, with the word's place
  // in spell_arena. A Bloom filter over both kinds of key rejects most lookups in one probe.
  static uint64_t SpellKey(std::string_view word, uint16_t lang) {
    return Mix(ByteHash(word) + (uint64_t{lang} + 1) * 0x9E3779B97F4A7C15ull) & ~uint64_t{7};
  }
  static constexpr uint64_t kSpellShortSalt = 0x3C6EF372FE94F82Aull;  // (low 3 bits clear)
  // The consonant skeletons (SpellSkeleton) of the words of 4+ code points with a vowel are keyed by
  // SpellKey(skeleton, lang) ^ kSpellSkeletonSalt in spell_shorter too.
  static constexpr uint64_t kSpellSkeletonSalt = 0xA54FF53A5F1D36F0ull;  // (low 3 bits clear)
  struct SpellShort {
    uint64_t key;
    uint32_t off;  // the whole word, in spell_arena
    uint32_t len;
  };
  struct SpellSeen {  // a distinct word as Create meets it (spell_add merges repeats)
    uint64_t key;      // SpellKey | the flags of all its uses
    uint32_t off;      // in the text Create collects the words in
    uint32_t len;
    uint16_t lang;
  };
  void BuildSpelling(std::vector<SpellSeen>& seen, const std::string& text);
  std::vector<uint64_t> spell_words;
  std::vector<SpellShort> spell_shorter;
  std::string spell_arena;
  Bloom spell_bloom;
  // Calls fn(whole) for each word of `lang`'s (and "mul"'s) vocabulary whose form (keyed with `salt`:
  // a typo's form, a skeleton) is `form`; fn verifies, since keys may collide.
  template <typename Fn>
  void ForEachSpellForm(std::string_view form, uint64_t salt, SpellingLang lang, Fn&& fn) const {
    for (const uint16_t id : {lang.lang, lang.mul}) {
      if (id == UINT16_MAX) continue;
      const uint64_t k = SpellKey(form, id) ^ salt;
      if (!spell_bloom.MayContain(k)) continue;
      auto it = std::lower_bound(spell_shorter.begin(), spell_shorter.end(), k,
                                 [](const SpellShort& a, uint64_t b) { return a.key < b; });
      for (; it != spell_shorter.end() && it->key == k; ++it) fn(std::string_view(spell_arena.data() + it->off, it->len));
    }
  }
  uint8_t SpellFlags(std::string_view word, uint16_t lang) const {
    const uint64_t k = SpellKey(word, lang);
    if (!spell_bloom.MayContain(k)) return 0;
    auto it = std::lower_bound(spell_words.begin(), spell_words.end(), k,
                               [](uint64_t a, uint64_t b) { return (a & ~uint64_t{7}) < b; });
    return it != spell_words.end() && (*it & ~uint64_t{7}) == k ? static_cast<uint8_t>(*it & 7) : 0;
  }

  // --- Prefix terms.
  StringMap<std::vector<Posting>> prefixes;  // single-word stems (build time; matching uses prefix_stems)
  std::vector<std::pair<std::string, std::vector<Posting>>> prefix_stems;
  HashIndex prefix_index;                    // Mix(ByteHash(stem)) -> index in prefix_stems
  std::vector<size_t> prefix_lengths;        // distinct byte lengths of stems, ascending
  std::vector<uint64_t> prefix_heads;        // bitmap over a hash of the stems' first 4 bytes
  struct MultiWordPrefix {
    Posting posting;
    std::string head;  // all words but the last, canonical
    std::string stem;  // last word's stem
  };
  std::vector<MultiWordPrefix> mw_prefixes;

  // --- Squeezed (run-collapsed) keys of literal terms.
  // Mix(ByteHash(squeezed form)) -> record, for every record with postings; a hit is verified by
  // squeezing the record's text again (a rare path: only messages with a squeezed token). Several
  // records may share a form ("kill", "kil").
  HashIndex squeezed;
  HashIndex squeezed_first_max;  // Mix(ByteHash(first word of a squeezed form)) -> its most tokens
  size_t squeezed_max_tokens = 1;  // longest squeezed key, in tokens
  // Run-collapsed single-word prefix stems ("muslim"), so "Musllllime" (squeezed "muslime") finds
  // its stem too.
  StemMap squeezed_stems;
  // Misspelt forms of the one-word group-name stems ("muslim" -> "mulsim"): each stem of 6+ code
  // points with two letters after the first swapped, so that "Mulsime" or "Mulsimen" finds its
  // group, and each of kMinDeletionStemChars+ with an inner letter dropped ("Ausländr"). A stem is
  // only the start of a word, so in shorter stems a dropped letter too often leaves the start of
  // another one ("transów" -> "trasow-anie", "migran" -> "migan-ia" in 127,320 catalogue words).
  // Looked up behind a head bitmap of their first four bytes, for tokens that reach the fuzzy search.
  StemMap fuzzy_stems;
  std::vector<uint64_t> fuzzy_stem_heads;

  // --- Masked lookup: single-word literal terms sorted forward and by reversed code points.
  std::vector<uint32_t> mask_forward;                           // record indices sorted by string
  std::vector<std::pair<std::string, uint32_t>> mask_reversed;  // (reversed string, record)
  std::vector<uint32_t> mask_stems;  // prefix_stems indices sorted by stem: "п*доры" is the stem "пидор" inflected

  // --- Fuzzy: deletion-neighbourhood hashes of single-word harm/identity terms.
  struct FuzzyTerm {
    uint32_t record;
    uint32_t post_begin;  // into fuzzy_postings
    uint16_t post_count;
    uint16_t chars;
  };
  std::vector<FuzzyTerm> fuzzy_terms;
  std::vector<Posting> fuzzy_postings;
  std::vector<std::pair<uint64_t, uint32_t>> fuzzy_keys;  // (Mix(hash), fuzzy term), sorted
  HashIndex fuzzy_index;  // distinct key -> its first position in fuzzy_keys (one probe, not a binary search)
  ViewBlooms fuzzy_bloom;
  // The fuzzy gate. A token q and a term w at distance one (both at least 5 code points; see
  // MatchFuzzy) agree on their first two or on their last two code points, so a token whose first
  // pair and last pair are both absent from every fuzzy term of the message's language needs no
  // deletion probes. Per message language (index langs.size(): unknown), one bit per hashed pair.
  std::vector<std::vector<uint64_t>> fuzzy_pairs;
  // Before the Bloom filter, per message language (index langs.size(): unknown), one bit per
  // deletion-neighbourhood key, indexed by the top bits of (raw hash * odd constant): no Mix() and
  // one load for the ~99% of probes that miss. At least 16 bits per key.
  struct ProbeBits {
    std::vector<uint64_t> bits;
    int shift = 64;
  };
  std::vector<ProbeBits> fuzzy_probe;

  // --- Patterns.
  struct Pattern {
    uint32_t entry;
    uint16_t lang;
    std::unique_ptr<RE2> re;
    // Set when the pattern is tried only at a start with one of its later words near (a token that
    // every match must contain: pattern_prefix.h LaterTokenPrefixes), chosen when they have 3 or
    // more letters ("(zijn|is)( (allemaal|echt))* (ratten|luizen)").
    bool needs_later = false;
    // With needs_later: a later word counts only at most this many tokens after a start
    // (PatternGate::later_within; UINT32_MAX: anywhere after it).
    uint32_t later_within = UINT32_MAX;
  };
  std::vector<Pattern> patterns;
  // Per view (message language id, or langs.size() for an unknown language): the patterns that may
  // fire for it (its own language's and "mul"; every pattern for unknown), in shards of up to
  // kPatternShard, so a post in a known language pays for one RE2::Set pass, not one per language.
  struct PatternShard {
    std::vector<uint32_t> members;  // indices into `patterns`, ascending
    std::unique_ptr<RE2::Set> set;  // null if RE2::Set refused it: patterns then run one by one
  };
  std::vector<std::vector<PatternShard>> pattern_views;  // the patterns without a start gate
  // Start gates (pattern_prefix.h). A pattern whose matches all start with one of a few
  // literals (most do: "(plan|plot)s? to kill ...") is not scanned for: it is tried, anchored, at
  // the tokens that start with the first word of one of its literals, or, when the literal goes on
  // past that word ("plan " in "plan to ..."), at the tokens that are that word: "(ne|n) [^ ]+ que
  // ..." is tried at "ne" and "n", not at every token starting with n. Keyed by GateKey(hash of
  // that word, view, whole); `gate_lengths[view]`: the distinct byte lengths of those words, ascending.
  // gate_heads[view]: one bit per hash of a gate word's first two bytes (its only byte for a one-byte
  // word), so most tokens are rejected with one load. gate_index: GateKey -> its gate members, each
  // a pattern index and flags: kLaterGate, a later word of that pattern (needs_later), not a start;
  // kPairGate, a start word checked with the next token first. Every match of the pattern that starts
  // with that word starts with one of a known list of two whole words ("plan to ", "plots to ", "a
  // propósito": pattern_prefix.h with two words), so a start is tried only if its two tokens are
  // such a pair in `pair_filter`: a common first word ("will", "are", "a") costs no RE2 call. The
  // index value is the one member itself (kInlineGate set) or the offset in gate_members of a count
  // followed by the members: one load after the slot, none for most words.
  static constexpr uint32_t kInlineGate = 1u << 31, kLaterGate = 1u << 30, kPairGate = 1u << 29;
  static constexpr uint32_t kGatePattern = kPairGate - 1;
  // In a start list (PatternStarts): marks a later word's token index, so it sorts after every start.
  static constexpr uint32_t kLaterAt = 1u << 31;
  HashIndex gate_index;
  std::vector<uint32_t> gate_members;
  // Per view, 16 bits per GateKey of that view: most prefixes of a token that passed gate_heads are
  // no gate word, and this small filter says so without a probe into the shared gate_index.
  std::vector<BitFilter> gate_filters;
  std::vector<std::vector<size_t>> gate_lengths;
  std::vector<std::vector<uint64_t>> gate_heads;
  static uint64_t GateKey(uint64_t word_hash, size_t view, bool whole) {
    return Mix(word_hash + (view + 1) * 0x9E3779B97F4A7C15ull + (whole ? 0xC2B2AE3D27D4EB4Full : 0));
  }
  // The two-word starts of pair-checked patterns: PairKey(hash of "w1 w2", pattern); and the same
  // pairs without the pattern (Mix of the pair hash, 16 bits per pair), probed once per token that
  // starts any pair-checked pattern: a common first word ("de", "is") starts dozens of them, and
  // most of its pairs ("de la") start none.
  BitFilter pair_filter;
  BitFilter pair_any_filter;
  static uint64_t PairKey(uint64_t pair_hash, size_t pattern) {
    return Mix(pair_hash ^ (pattern + 1) * 0xC2B2AE3D27D4EB4Full);
  }
  static uint32_t GateHead(std::string_view w) {
    const uint32_t a = static_cast<unsigned char>(w[0]), b = w.size() > 1 ? static_cast<unsigned char>(w[1]) + 1 : 0;
    return ((a << 9 | b) * 0x9E3779B1u) >> 16;
  }
  // Views: one per message language id, and langs.size() for a message of unknown language.
  size_t View(uint16_t msg_lang) const { return msg_lang == UINT16_MAX ? langs.size() : msg_lang; }
  uint16_t ViewLang(size_t view) const { return view == langs.size() ? UINT16_MAX : static_cast<uint16_t>(view); }
  // The hash of tokens i and i + 1 as a pair that may start a pair-checked pattern (a token must
  // follow them), or nullopt: then no pair-checked pattern can start at token i.
  std::optional<uint64_t> StartPair(size_t i, const NormalisedText& text, const uint64_t* token_hashes) const {
    if (i + 2 >= text.tokens.size()) return std::nullopt;
    const uint64_t pair = ConcatSpace(token_hashes[i], token_hashes[i + 1], text.tokens[i + 1].text_size);
    if (!pair_any_filter.MayContain(Mix(pair))) return std::nullopt;
    return pair;
  }
  // Appends to `values` the gate_index values of the gate words token `tok` is or starts with, in a
  // fixed order (by prefix length, the whole word last). Depends on the token and the view alone,
  // so the matcher's gate memo keeps the answer (see GateMemoSlot).
  void GateValues(std::string_view tok, size_t view, std::vector<uint32_t>* values) const {
    const std::vector<uint64_t>& heads = gate_heads[view];
    if (heads.empty() || tok.empty()) return;
    const uint32_t h1 = GateHead(tok.substr(0, 1)), h2 = GateHead(tok.substr(0, 2));
    if (!((heads[h1 >> 6] >> (h1 & 63)) & 1) && !((heads[h2 >> 6] >> (h2 & 63)) & 1)) return;
    const BitFilter& filter = gate_filters[view];
    auto gate = [&](uint64_t key) {
      if (!filter.MayContain(key)) return;
      if (const HashIndex::Slot* slot = gate_index.FindSlot(key)) values->push_back(slot->value);
    };
    ForEachPrefixHash(tok, gate_lengths[view], [&](size_t len, uint64_t h) {
      gate(GateKey(h, view, false));
      if (len == tok.size()) gate(GateKey(h, view, true));  // (a token never holds a space)
    });
  }
  // For the gate words of token i (GateValues), appends (pattern, i + 1) for every gated pattern
  // that may start at token i, and (pattern, kLaterAt | i) for every pattern with a later word there
  // and a start at or before it (a later word counts only from its start on: MatchPatterns), as far
  // as `started` (a bit per pattern modulo 1024, set here for every start) can tell.
  void PatternStarts(const uint32_t* values, size_t count, size_t i, const NormalisedText& text,
                     const uint64_t* token_hashes, std::vector<std::pair<uint32_t, uint32_t>>* out,
                     uint64_t* started) const {
    bool pair_checked = false;  // `pair` is worked out at the first pair-checked member
    std::optional<uint64_t> pair;
    // Later words of this token, checked once its own starts are in (a start and a later word may
    // share a token: "stain" in "(stain on|...) ...").
    uint32_t later[16];
    size_t laters = 0;
    auto add = [&](uint32_t m) {
      const uint32_t k = m & kGatePattern;
      if (m & kLaterGate) {
        if (laters < std::size(later)) {
          later[laters++] = k;
        } else {
          out->emplace_back(k, kLaterAt | static_cast<uint32_t>(i));
        }
        return true;
      }
      if (m & kPairGate) {
        // Tokens i and i + 1 must be one of the pattern's known first pairs: RE2 would find no
        // match here otherwise.
        if (!pair_checked) {
          pair = StartPair(i, text, token_hashes);
          pair_checked = true;
        }
        if (!pair) return false;  // (the members after it are all pair-checked too)
        if (!pair_filter.MayContain(PairKey(*pair, k))) return true;
      }
      out->emplace_back(k, static_cast<uint32_t>(i + 1));
      started[(k >> 6) & 15] |= 1ull << (k & 63);
      return true;
    };
    for (size_t g = 0; g < count; ++g) {
      const uint32_t value = values[g];
      if (value & kInlineGate) {
        add(value & ~kInlineGate);
      } else {
        const uint32_t* m = gate_members.data() + value;
        for (uint32_t c = m[0]; c > 0 && add(*++m); --c) {
        }
      }
    }
    for (size_t l = 0; l < laters; ++l) {
      const uint32_t k = later[l];
      if (started[(k >> 6) & 15] & (1ull << (k & 63))) out->emplace_back(k, kLaterAt | static_cast<uint32_t>(i));
    }
  }

  // Sorts a start list (PatternStarts) as std::sort would, in linear time: the main loop calls
  // PatternStarts in increasing token order, so each (pattern, start or later word) group is already
  // in increasing order, and a stable sort by that group alone sorts the whole list. An LSD radix
  // sort of 8-bit digits of pattern * 2 + later (two passes for up to 32,768 patterns) through
  // `spare`; a digit every item shares is skipped. Worth it for long lists only (16 KiB feed
  // documents: hundreds to 2,000 starts; feed posts: almost always under 8): shorter ones go to
  // std::sort.
  static constexpr size_t kRadixGroupMin = 64;
  void GroupStarts(std::vector<std::pair<uint32_t, uint32_t>>* starts,
                   std::vector<std::pair<uint32_t, uint32_t>>* spare) const {
    const size_t n = starts->size();
    const int bits = std::bit_width(2 * patterns.size());
    if (n < kRadixGroupMin || bits > 32) {
      std::sort(starts->begin(), starts->end());
      return;
    }
    auto key = [](const std::pair<uint32_t, uint32_t>& s) { return s.first << 1 | s.second >> 31; };
    const int passes = (bits + 7) / 8;
    uint32_t counts[4][256] = {};
    for (const auto& s : *starts) {
      const uint32_t k = key(s);
      for (int d = 0; d < passes; ++d) ++counts[d][(k >> (8 * d)) & 255];
    }
    if (spare->size() < n) spare->resize(n);
    auto* from = starts->data();
    auto* to = spare->data();
    for (int d = 0; d < passes; ++d) {
      uint32_t* c = counts[d];
      if (c[(key(from[0]) >> (8 * d)) & 255] == n) continue;  // one digit for all: already in order
      uint32_t at = 0;
      for (int b = 0; b < 256; ++b) at += std::exchange(c[b], at);
      for (size_t j = 0; j < n; ++j) to[c[(key(from[j]) >> (8 * d)) & 255]++] = from[j];
      std::swap(from, to);
    }
    if (from != starts->data()) std::copy(from, from + n, starts->data());
    assert(std::is_sorted(starts->begin(), starts->end()));
  }

  // Per entry: canonical exclusion phrases, and one bit per entry saying whether there are any
  // (the bit vector stays in cache; the vectors would not).
  std::vector<std::vector<std::string>> exclusions;
  std::vector<bool> has_exclusions;
  // The same phrases in one hash index keyed by (phrase, entry): Excluded() derives the hash of each
  // candidate span from the message's token hashes and verifies the rare hit against the text.
  // Per entry, the distinct phrase lengths in tokens (ascending).
  std::vector<std::vector<uint16_t>> exclusion_lengths;
  std::vector<std::pair<uint32_t, std::string>> exclusion_phrases;  // (entry, canonical phrase)
  HashIndex exclusion_index;  // ExclusionKey(phrase hash, entry) -> index in exclusion_phrases
  // ExclusionKey(hash of the first word of a phrase, entry): most candidate spans are ruled out by
  // their first token before their hash is built.
  BitFilter exclusion_heads;

  std::string_view RecordText(const Record& r) const { return std::string_view(arena).substr(r.str_off, r.str_len); }

  // Index slot aux of a single-token record: bit 0 exact postings, bit 1 multi-word prefix terms,
  // bits 2-31 the phrase lengths, so a token that only starts phrases never touches its record.
  static uint32_t RecordAux(const Record& r) {
    return (r.phrase_lengths & ~3u) | (r.post_count ? 1u : 0u) | (r.mwp_count ? 2u : 0u);
  }
  // Whether some term of a language the message may match uses record r's key.
  bool RecordInView(uint32_t r, uint16_t msg_lang) const {
    for (uint32_t k = lang_begin[r]; k < lang_begin[r + 1]; ++k) {
      if (LangAllowed(record_langs[k], msg_lang)) return true;
    }
    return false;
  }

  // The id of a message's language code, UINT16_MAX when no lexicon uses it. No string hashing.
  uint16_t FindLang(std::string_view code) const {
    if (code.empty()) return UINT16_MAX;
    if (code.size() > 8) {
      auto it = lang_ids.find(code);
      return it == lang_ids.end() ? UINT16_MAX : it->second;
    }
    const uint64_t packed = PackLang(code);
    const int64_t id = lang_index.Find(Mix(packed), [&](uint32_t v) { return lang_packed[v] == packed; });
    return id < 0 ? UINT16_MAX : static_cast<uint16_t>(id);
  }

  // Fills the pattern gates and shards from `patterns` (their sources in the same order).
  void BuildPatternGates(const std::vector<std::string>& pattern_sources);

  uint16_t LangId(const std::string& code) {
    auto [it, inserted] = lang_ids.emplace(code, static_cast<uint16_t>(langs.size()));
    if (inserted) langs.push_back(code);
    return it->second;
  }

  // Which postings may fire for a message in language `msg_lang` (UINT16_MAX: any).
  bool LangAllowed(uint16_t entry_lang, uint16_t msg_lang) const {
    return msg_lang == UINT16_MAX || entry_lang == msg_lang || entry_lang == mul_lang;
  }

  bool FuzzyEligible(const Posting& p, size_t chars) const {
    const Indicator ind = entries[p.entry].indicator;
    if (ind == Indicator::kIdentityTerm) return chars >= static_cast<size_t>(options.fuzzy_min_chars_identity);
    return (options.fuzzy_harm || entries[p.entry].fuzzy) && IsHarmIndicator(ind) &&
           chars >= static_cast<size_t>(std::min(options.fuzzy_min_chars, options.fuzzy_min_chars_swap));
  }

  // Record whose key is exactly `text` and whose mixed hash is `key`, or -1.
  int64_t FindRecord(uint64_t key, std::string_view text) const {
    return index.Find(key, [&](uint32_t r) { return RecordText(records[r]) == text; });
  }
  int64_t FindRecordConcat(uint64_t key, std::string_view a, std::string_view b) const {
    return index.Find(key, [&](uint32_t r) {
      std::string_view s = RecordText(records[r]);
      return s.size() == a.size() + b.size() && s.substr(0, a.size()) == a && s.substr(a.size()) == b;
    });
  }

  // Whether an exclusion phrase of the match's entry covers the match. `hashes`: ByteHash of every token.
  bool Excluded(const NormalisedText& text, const vigil::Match& m, const uint64_t* hashes) const {
    const size_t n = text.tokens.size();
    for (const uint16_t k : exclusion_lengths[m.entry]) {
      if (k > n) break;
      const size_t lo = m.last + 1 >= k ? m.last + 1 - k : 0;
      for (size_t s = lo; s <= m.first && s + k <= n; ++s) {
        if (!exclusion_heads.MayContain(ExclusionKey(hashes[s], m.entry))) continue;  // no phrase starts here
        uint64_t h = hashes[s];
        for (size_t j = s + 1; j < s + k; ++j) h = ConcatSpace(h, hashes[j], text.tokens[j].text_size);
        const uint64_t key = ExclusionKey(h, m.entry);
        const std::string_view span = text.Span(static_cast<TokenIndex>(s), static_cast<TokenIndex>(s + k - 1));
        if (exclusion_index.Find(key, [&](uint32_t x) {
              return exclusion_phrases[x].first == m.entry && exclusion_phrases[x].second == span;
            }) >= 0) {
          return true;
        }
      }
    }
    return false;
  }

  // The rarer lookups. `emit(entry, first_token, last_token, kind)` records a match.
  // Runs the gated patterns at `starts` ((pattern, token) pairs, consumed) and scans for the others.
  template <typename Emit>
  void MatchPatterns(const NormalisedText& text, uint16_t msg_lang,
                     std::vector<std::pair<uint32_t, uint32_t>>* starts,
                     std::vector<std::pair<uint32_t, uint32_t>>* spare,
                     std::vector<int>* hits, Emit& emit) const;
  template <typename Emit>
  void MatchSqueezed(const NormalisedText& text, uint16_t msg_lang, Emit& emit) const;
  // Spaced letters often take a one-letter word next to them along ("I h a t e" -> "ihate", "O d i o
  // a" -> "odioa"): a joined token that is no term is also looked up without its first and/or last
  // letter when that letter can be a word by itself, as a one-word term of 4+ code points, and
  // reported as joined over the whole token.
  template <typename Emit>
  void MatchJoinedTrimmed(const NormalisedText& text, uint16_t msg_lang, Emit& emit) const;
  template <typename Emit>
  void MatchFused(const NormalisedText& text, uint16_t msg_lang, const uint64_t* hashes, Emit& emit) const;
  template <typename Emit>
  void MatchGluedHashtags(const NormalisedText& text, uint16_t msg_lang, const uint64_t* hashes, Emit& emit) const;
  // Calls fn(entry) for every single-token term of the message's language that the word [p, p + n)
  // of the canonical text [begin, end) is, or failing that every prefix stem it starts with; returns
  // whether there was any.
  template <typename Fn>
  bool ForEachWordEntry(const char* p, size_t n, const char* begin, const char* end, uint16_t msg_lang, Fn&& fn) const {
    bool any = false;
    const int64_t r = FindRecord(Mix(WordHash(p, n, begin, end)), std::string_view(p, n));
    if (r >= 0) {
      const Record& rec = records[r];
      for (uint32_t k = 0; k < rec.post_count; ++k) {
        const Posting& q = postings[rec.post_begin + k];
        if (q.tokens == 1 && LangAllowed(q.lang, msg_lang)) any = true, fn(q.entry);
      }
    }
    if (!any && !prefix_stems.empty()) {
      ForEachPrefixStemPosting(std::string_view(p, n), msg_lang, [&](const Posting& q) { any = true, fn(q.entry); });
    }
    return any;
  }
  template <typename Emit>
  void MatchLeetAlternatives(const NormalisedText& text, uint16_t msg_lang, Emit& emit) const;
  // Calls fn(posting) for every posting, allowed in the message's language, of every single-word
  // prefix stem that `word` starts with and that is longer than `longer_than` bytes.
  template <typename Fn>
  void ForEachPrefixStemPosting(std::string_view word, uint16_t msg_lang, Fn&& fn, size_t longer_than = 0) const {
    ForEachPrefixHash(word, prefix_lengths, [&](size_t plen, uint64_t ph) {
      if (plen <= longer_than) return;
      const std::string_view stem = word.substr(0, plen);
      const int64_t x = prefix_index.Find(Mix(ph), [&](uint32_t v) { return prefix_stems[v].first == stem; });
      if (x < 0) return;
      for (const Posting& p : prefix_stems[x].second) {
        if (LangAllowed(p.lang, msg_lang)) fn(p);
      }
    });
  }
  template <typename Emit>
  void MatchMasked(const NormalisedText& text, size_t i, uint16_t msg_lang, size_t* budget, Emit& emit) const;
  // Returns whether it found any fuzzy match for the token (before exclusions, which depend on the
  // position): false is a property of the token and the message language alone, which the token
  // memo records.
  template <typename Emit>
  bool MatchFuzzy(std::string_view tok, size_t i, uint16_t msg_lang, Emit& emit) const;
  template <typename Emit>
  bool MatchFuzzyTerms(std::string_view tok, size_t i, uint16_t msg_lang, Emit& emit) const;
};

CompiledLexicon::CompiledLexicon(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
CompiledLexicon::~CompiledLexicon() = default;

const std::vector<Entry>& CompiledLexicon::entries() const { return impl_->entries; }
const CompiledLexicon::Options& CompiledLexicon::options() const { return impl_->options; }
const std::string& CompiledLexicon::version() const { return impl_->version; }
bool CompiledLexicon::CoversLanguage(std::string_view lang) const { return impl_->FindLang(lang) != UINT16_MAX; }

namespace {
// `w` without its vowels (languages::IsVowel), written to `out`; the number of vowels left out.
// Nothing (0) for a word with a letter of neither Latin nor Cyrillic script, whose writers disguise
// words otherwise.
size_t SpellSkeleton(std::string_view w, std::string* out) {
  out->clear();
  size_t vowels = 0;
  const auto* p = reinterpret_cast<const uint8_t*>(w.data());
  for (int32_t k = 0, n = static_cast<int32_t>(w.size()); k < n;) {
    const int32_t start = k;
    UChar32 c = 0;
    U8_NEXT(p, k, n, c);
    if (c < 0 || c >= 0x530 || (c >= 0x250 && c < 0x400)) return 0;  // beyond Latin and Cyrillic letters
    if (languages::IsVowel(static_cast<char32_t>(c))) {
      ++vowels;
    } else {
      out->append(w.substr(static_cast<size_t>(start), static_cast<size_t>(k - start)));
    }
  }
  return vowels;
}
// Whether the code points of `part` are those of `whole` with some left out, in order.
bool IsSubsequence(std::string_view part, std::string_view whole) {
  const auto* a = reinterpret_cast<const uint8_t*>(part.data());
  const auto* b = reinterpret_cast<const uint8_t*>(whole.data());
  const auto na = static_cast<int32_t>(part.size()), nb = static_cast<int32_t>(whole.size());
  int32_t i = 0, j = 0;
  UChar32 c = 0;
  bool want = false;  // c is part's next code point, not yet found in whole
  while (true) {
    if (!want) {
      if (i == na) return true;
      U8_NEXT(a, i, na, c);
      want = true;
    }
    if (j == nb) return false;
    UChar32 d = 0;
    U8_NEXT(b, j, nb, d);
    if (d == c) want = false;
  }
}
}  // namespace

void CompiledLexicon::Impl::BuildSpelling(std::vector<SpellSeen>& seen, const std::string& text) {
  std::sort(seen.begin(), seen.end(), [](const SpellSeen& a, const SpellSeen& b) { return a.key < b.key; });
  spell_words.clear();
  spell_shorter.clear();
  spell_arena.clear();
  spell_words.reserve(seen.size());
  for (const SpellSeen& x : seen) {
    spell_words.push_back(x.key);
    // A word of 6+ code points, with one letter after the first left out: a typo's form. (Words
    // are at most 64 bytes: spell_add.)
    const std::string_view w(text.data() + x.off, x.len);
    std::array<uint32_t, 65> at;
    const size_t cps = utf8::CodePointStarts(w, at.data(), 64);
    std::string skeleton;
    const bool disguisable = cps >= 4 && cps < 64 && SpellSkeleton(w, &skeleton) > 0 && utf8::CountCodePoints(skeleton) >= 3;
    // (A stem, known with no flags, has no typo forms: a typo is read as a word.)
    const bool typos = cps >= 6 && cps < 64 && (x.key & 7) != 0;
    if (!disguisable && !typos) continue;
    const uint32_t off = static_cast<uint32_t>(spell_arena.size());  // the whole word, which both kinds of form name
    spell_arena += w;
    if (disguisable) {
      spell_shorter.push_back(SpellShort{SpellKey(skeleton, x.lang) ^ kSpellSkeletonSalt, off, static_cast<uint32_t>(w.size())});
    }
    if (typos) {
      std::string form;
      for (size_t c = 1; c < cps; ++c) {
        form.assign(w.substr(0, at[c]));
        form.append(w.substr(at[c + 1]));
        spell_shorter.push_back(SpellShort{SpellKey(form, x.lang) ^ kSpellShortSalt, off,
                                           static_cast<uint32_t>(w.size())});
      }
    }
  }
  std::sort(spell_shorter.begin(), spell_shorter.end(), [](const SpellShort& a, const SpellShort& b) { return a.key < b.key; });
  spell_bloom.Init(spell_words.size() + spell_shorter.size());
  for (uint64_t k : spell_words) spell_bloom.Add(k & ~uint64_t{7});
  for (const SpellShort& x : spell_shorter) spell_bloom.Add(x.key);
}

CompiledLexicon::SpellingLang CompiledLexicon::SpellingLanguage(std::string_view lang) const {
  return SpellingLang{impl_->FindLang(lang), impl_->mul_lang};
}

uint8_t CompiledLexicon::SpellingWord(std::string_view word, SpellingLang lang) const {
  const Impl& im = *impl_;
  uint8_t flags = lang.lang == UINT16_MAX ? 0 : im.SpellFlags(word, lang.lang);
  if (lang.mul != UINT16_MAX) flags |= im.SpellFlags(word, lang.mul);
  return flags;
}

uint8_t CompiledLexicon::SpellingWord(std::string_view word, std::string_view lang) const {
  return SpellingWord(word, SpellingLanguage(lang));
}

void CompiledLexicon::SpellingWordsOneLetterLonger(std::string_view word, SpellingLang lang,
                                                   std::vector<std::string>* out) const {
  impl_->ForEachSpellForm(word, Impl::kSpellShortSalt, lang, [&](std::string_view whole) {
    // Verified: the whole word is `word` with one code point put back after its first.
    if (whole.size() <= word.size() || whole.size() - word.size() > 4) return;
    const size_t d = whole.size() - word.size();
    size_t p = 0;
    while (p < word.size() && word[p] == whole[p]) ++p;
    while (p > 0 && (static_cast<uint8_t>(whole[p]) & 0xC0) == 0x80) --p;  // to the put-back code point's start
    if (p == 0 || whole.substr(p + d) != word.substr(p) || utf8::CountCodePoints(whole.substr(p, d)) != 1) return;
    if (std::find(out->begin(), out->end(), whole) == out->end()) out->emplace_back(whole);
  });
}

void CompiledLexicon::SpellingWordsWithVowels(std::string_view word, SpellingLang lang, std::vector<std::string>* out) const {
  std::string skeleton, whole_skeleton;
  const size_t vowels = SpellSkeleton(word, &skeleton);
  if (skeleton.empty() || utf8::CountCodePoints(skeleton) < 3) return;
  impl_->ForEachSpellForm(skeleton, Impl::kSpellSkeletonSalt, lang, [&](std::string_view whole) {
    // Verified: `word` is `whole` with vowels left out, two at least (one when it has none), and
    // none of its own letters moved. (The skeletons are equal unless two keys collide.)
    const size_t whole_vowels = SpellSkeleton(whole, &whole_skeleton);
    if (whole_skeleton != skeleton || whole_vowels < vowels + (vowels == 0 ? 1 : 2)) return;
    if (!IsSubsequence(word, whole)) return;  // each vowel of `word` in its place
    if (std::find(out->begin(), out->end(), whole) == out->end()) out->emplace_back(whole);
  });
}

size_t CompiledLexicon::literal_keys() const { return impl_->records.size() + impl_->prefix_stems.size(); }
size_t CompiledLexicon::pattern_count() const { return impl_->patterns.size(); }
size_t CompiledLexicon::fuzzy_keys() const { return impl_->fuzzy_keys.size(); }

namespace {
// Whether pattern `p`, put inside "(?:" ... ")", stays inside that group: every ")" outside a class
// or an escape closes a "(" of p's own. False when unsure (a \\Q...\\E quote, a "[:name:]" class).
bool StaysInsideGroup(std::string_view p) {
  int depth = 0;
  auto quoted = [&](size_t i) { return i + 1 < p.size() && p[i + 1] == 'Q'; };  // \Q...\E
  for (size_t i = 0; i < p.size(); ++i) {
    if (p[i] == '\\') {
      if (quoted(i)) return false;
      ++i;  // the escaped character
    } else if (p[i] == '[') {  // a class: "]" right after "[" or "[^" is a literal
      size_t j = i + 1;
      if (j < p.size() && p[j] == '^') ++j;
      if (j < p.size() && p[j] == ']') ++j;
      for (; j < p.size() && p[j] != ']'; ++j) {
        if (p[j] == '\\') {
          if (quoted(j)) return false;
          ++j;
        } else if (p[j] == '[' && j + 1 < p.size() && p[j + 1] == ':') {
          return false;  // "[:alpha:]" has a "]" of its own
        }
      }
      if (j >= p.size()) return false;  // not closed
      i = j;
    } else if (p[i] == '(') {
      ++depth;
    } else if (p[i] == ')' && --depth < 0) {
      return false;
    }
  }
  return depth == 0;
}
}  // namespace

// The patterns' start gates, then shards per view of the patterns without one (Create runs this
// beside its own work, once the patterns are compiled).
void CompiledLexicon::Impl::BuildPatternGates(const std::vector<std::string>& pattern_sources) {
  // A shard that RE2::Set refuses (memory) is left empty: its patterns then run one by one, which is
  // slower but still correct.
  std::vector<std::optional<PatternGate>> gate_of(patterns.size());
  std::vector<uint64_t> pair_keys, pair_hashes;
  for (size_t k = 0; k < patterns.size(); ++k) {
    gate_of[k] = GateOf(pattern_sources[k], kMaxPairLeads);
    if (!gate_of[k]) continue;
    for (const auto& [w1, w2] : gate_of[k]->pairs) {
      const uint64_t pair = ConcatSpace(ByteHash(w1), ByteHash(w2), w2.size());
      pair_keys.push_back(Impl::PairKey(pair, k));
      pair_hashes.push_back(pair);
    }
    patterns[k].needs_later = !gate_of[k]->later.empty();
    patterns[k].later_within = static_cast<uint32_t>(std::min<size_t>(gate_of[k]->later_within, UINT32_MAX));
  }
  pattern_views.resize(langs.size() + 1);
  gate_lengths.resize(langs.size() + 1);
  gate_heads.resize(langs.size() + 1);
  std::unordered_map<uint64_t, std::vector<uint32_t>> gates;  // GateKey -> patterns
  std::vector<std::vector<uint64_t>> view_gate_keys(langs.size() + 1);
  for (size_t view = 0; view <= langs.size() && !patterns.empty(); ++view) {
    const uint16_t msg_lang = ViewLang(view);
    std::vector<uint32_t> members;
    for (uint32_t k = 0; k < patterns.size(); ++k) {
      if (!LangAllowed(patterns[k].lang, msg_lang)) continue;
      if (!gate_of[k]) {
        members.push_back(k);
        continue;
      }
      const PatternGate& gate = *gate_of[k];
      auto add_gate = [&](const std::string& w, bool whole, uint32_t member) {
        const uint64_t key = Impl::GateKey(ByteHash(w), view, whole);
        gates[key].push_back(member);
        view_gate_keys[view].push_back(key);
        gate_lengths[view].push_back(w.size());
        auto& heads = gate_heads[view];
        heads.resize(65536 / 64);
        const uint32_t bit = Impl::GateHead(w);
        heads[bit >> 6] |= 1ull << (bit & 63);
      };
      for (const auto& [w, whole] : gate.starts) {
        const bool paired = std::find(gate.paired.begin(), gate.paired.end(), w) != gate.paired.end();
        add_gate(w, whole, k | (paired ? Impl::kPairGate : 0));
      }
      for (const auto& [w, whole] : gate.later) add_gate(w, whole, k | Impl::kLaterGate);
    }
    auto& lengths = gate_lengths[view];
    std::sort(lengths.begin(), lengths.end());
    lengths.erase(std::unique(lengths.begin(), lengths.end()), lengths.end());
    for (size_t b = 0; b < members.size(); b += kPatternShard) {
      Impl::PatternShard shard;
      shard.members.assign(members.begin() + b, members.begin() + std::min(members.size(), b + kPatternShard));
      RE2::Options opts;
      opts.set_log_errors(false);
      opts.set_max_mem(64 << 20);
      auto set = std::make_unique<RE2::Set>(opts, RE2::UNANCHORED);
      bool ok = true;
      for (size_t k = 0; k < shard.members.size() && ok; ++k) {
        ok = set->Add(pattern_sources[shard.members[k]], nullptr) >= 0;
      }
      ok = ok && set->Compile();
      if (ok) shard.set = std::move(set);
      pattern_views[view].push_back(std::move(shard));
    }
  }

  // The pair filter: 32 bits per key, so about 3% of the pairs it has not seen get through.
  pair_filter.Init(pair_keys.size(), 32);
  for (const uint64_t key : pair_keys) pair_filter.Add(key);
  pair_any_filter.Init(pair_hashes.size(), 16);
  for (const uint64_t h : pair_hashes) pair_any_filter.Add(Mix(h));
  gate_filters.resize(view_gate_keys.size());
  for (size_t view = 0; view < view_gate_keys.size(); ++view) {
    gate_filters[view].Init(view_gate_keys[view].size(), 16);
    for (const uint64_t key : view_gate_keys[view]) gate_filters[view].Add(key);
  }
  // GateKeys are distinct by construction (one per word, view and wholeness): a HashIndex of them.
  gate_index.Init(gates.size());
  for (auto& [key, list] : gates) {
    // Pair-checked members last: when the token and the next are no known pair, none of them can
    // start, and the walk stops at the first.
    std::sort(list.begin(), list.end(), [](uint32_t a, uint32_t b) {
      return std::make_pair((a & Impl::kPairGate) != 0, a) < std::make_pair((b & Impl::kPairGate) != 0, b);
    });
    list.erase(std::unique(list.begin(), list.end()), list.end());
    if (list.size() == 1) {
      gate_index.Insert(key, list[0] | Impl::kInlineGate);
      continue;
    }
    gate_index.Insert(key, static_cast<uint32_t>(gate_members.size()));
    gate_members.push_back(static_cast<uint32_t>(list.size()));
    gate_members.insert(gate_members.end(), list.begin(), list.end());
  }
}

StatusOr<std::shared_ptr<const CompiledLexicon>> CompiledLexicon::Create(std::vector<Entry> entries,
                                                                         Normaliser* normaliser,
                                                                         const Options& options) {
  return Create(std::move(entries), normaliser, options, nullptr);
}

StatusOr<std::shared_ptr<const CompiledLexicon>> CompiledLexicon::Create(std::vector<Entry> entries,
                                                                         Normaliser* normaliser,
                                                                         const Options& options,
                                                                         std::vector<LexiconError>* errors) {
  if (options.fuzzy_min_chars < 3 || options.fuzzy_min_chars_identity < 3 || options.fuzzy_min_chars_swap < 4 ||
      options.concatenation_min_chars < 4) {
    return InvalidArgument("matcher options: fuzzy_min_chars and fuzzy_min_chars_identity must be >= 3, "
                           "fuzzy_min_chars_swap >= 4, "
                           "concatenation_min_chars >= 4 (shorter words are too often one edit apart)");
  }
  auto impl = std::make_unique<Impl>();
  Impl& im = *impl;
  im.options = options;
  im.fuzzy_min_chars_any = static_cast<size_t>(
      std::min({options.fuzzy_min_chars, options.fuzzy_min_chars_identity, options.fuzzy_min_chars_swap}));
  entries.erase(std::remove_if(entries.begin(), entries.end(),
                               [](const Entry& e) { return e.status == EntryStatus::kDeprecated; }),
                entries.end());
  // Sorted by id so the version hash and entry indices do not depend on file order.
  std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) { return a.id < b.id; });
  im.entries = std::move(entries);
  im.mul_lang = im.LangId("mul");
  im.exclusions.resize(im.entries.size());
  // Language ids, in the order entries first name them (the passes below only read them, so the
  // pattern job can run beside pass 1).
  std::vector<uint16_t> entry_langs(im.entries.size());
  for (uint32_t idx = 0; idx < im.entries.size(); ++idx) entry_langs[idx] = im.LangId(im.entries[idx].lang);

  // Patterns compile on a second thread while this one indexes the terms: RE2, then, unless a
  // pattern failed, their start gates and shards (BuildPatternGates), beside pass 1, pass 2 and
  // the approximate keys. The job reads only the entries' ids, patterns and languages, which the
  // passes leave alone, and writes only the pattern tables, which nothing before the join at the
  // end reads; the patterns' errors it hands over as soon as RE2 is done, through a promise, for
  // the check after pass 1. (Deferred, it runs inline when the errors are asked for: the same
  // result where no thread can start.)
  using PatternErrors = std::vector<std::pair<uint32_t, LexiconError>>;  // (entry index, error)
  std::promise<PatternErrors> pattern_errors_promise;
  std::future<PatternErrors> pattern_errors_future = pattern_errors_promise.get_future();
  // Their letters folded as the text's are first, here: the normaliser is not shared across threads.
  std::vector<std::string> canonical_patterns(im.entries.size());
  {
    std::unordered_map<std::string, std::string> letters;
    for (uint32_t idx = 0; idx < im.entries.size(); ++idx) {
      const Entry& e = im.entries[idx];
      if (!e.pattern.empty()) canonical_patterns[idx] = CanonicalPattern(e.pattern, e.lang, normaliser, &letters);
    }
  }
  auto pattern_job = std::async(std::launch::async | std::launch::deferred, [&im, &entry_langs, &canonical_patterns,
                                                                             &pattern_errors_promise] {
    std::vector<Impl::Pattern> patterns;
    std::vector<std::string> sources;
    PatternErrors errors;
    for (uint32_t idx = 0; idx < im.entries.size(); ++idx) {
      const Entry& e = im.entries[idx];
      if (e.pattern.empty()) continue;
      const std::string& pattern = canonical_patterns[idx];
      RE2::Options opts;
      opts.set_log_errors(false);
      opts.set_max_mem(8 << 20);
      // A match must end where a token ends: the pattern is run followed by a space or the end of
      // the text (trimmed off the match below). Without it RE2's leftmost-first choice could end a
      // match inside a token ("(narod|narodu)" stops at "narod" in "narodu") and the boundary check
      // would drop it, although a later alternative ends on the boundary.
      // A pattern with a ")" of its own too many ("a)|(b") could compile inside the wrapper and mean
      // something else: unless a scan shows every ")" closes the pattern's own "(", the bare pattern
      // is compiled too, and its error reported.
      auto re = std::make_unique<RE2>("(?:" + pattern + ")(?: |$)", opts);
      if (re->ok() && !StaysInsideGroup(pattern) && !RE2(pattern, opts).ok()) {
        re = std::make_unique<RE2>(pattern, opts);  // (its own error)
      }
      if (!re->ok()) {
        errors.emplace_back(idx, LexiconError{e.file, e.line, e.id, "invalid RE2 pattern: " + re->error()});
        continue;
      }
      patterns.push_back(Impl::Pattern{idx, entry_langs[idx], std::move(re)});
      sources.push_back(pattern);
    }
    const bool failed = !errors.empty();
    pattern_errors_promise.set_value(std::move(errors));
    if (failed) return;
    im.patterns = std::move(patterns);
    im.BuildPatternGates(sources);
  });

  std::vector<std::pair<uint32_t, LexiconError>> local_errors;  // (entry index, error)
  auto fail = [&](const Entry& e, std::string message) {
    const uint32_t idx = static_cast<uint32_t>(&e - im.entries.data());
    local_errors.emplace_back(idx, LexiconError{e.file, e.line, e.id, std::move(message)});
    return errors != nullptr;  // keep going only when the caller wants every error
  };

  // Pass 1: canonical keys. Every distinct canonical string becomes a record as it is first met
  // (its text in the arena, its mixed hash in the interning table below); what the terms say about
  // a key is gathered in flat lists of (record, item), grouped per record in pass 2. (A hash map of
  // per-key vectors did the same with five allocations a key: most of the compile time of
  // lexicons whose templates expand to hundreds of thousands of phrases.)
  std::vector<uint64_t> record_keys;                        // Mix(ByteHash(text)) per record
  std::vector<uint32_t> intern_slots(size_t{1} << 16, 0);   // open addressing: record + 1, 0 empty
  auto intern = [&](std::string_view text) -> uint32_t {
    const uint64_t k = Mix(ByteHash(text));
    size_t mask = intern_slots.size() - 1;
    for (size_t i = k & mask;; i = (i + 1) & mask) {
      const uint32_t v = intern_slots[i];
      if (v == 0) break;
      if (record_keys[v - 1] == k && im.RecordText(im.records[v - 1]) == text) return v - 1;
    }
    const uint32_t r = static_cast<uint32_t>(im.records.size());
    Impl::Record rec;
    rec.str_off = static_cast<uint32_t>(im.arena.size());
    rec.str_len = static_cast<uint32_t>(text.size());
    im.arena += text;
    im.records.push_back(rec);
    record_keys.push_back(k);
    auto place = [&](uint32_t q) {
      size_t i = record_keys[q] & mask;
      while (intern_slots[i] != 0) i = (i + 1) & mask;
      intern_slots[i] = q + 1;
    };
    if (im.records.size() * 2 > intern_slots.size()) {  // grow: rehash every record
      intern_slots.assign(intern_slots.size() * 2, 0);
      mask = intern_slots.size() - 1;
      for (uint32_t q = 0; q < im.records.size(); ++q) place(q);
    } else {
      place(r);
    }
    return r;
  };
  std::vector<std::pair<uint32_t, Posting>> record_postings;  // exact terms, in entry order
  std::vector<std::pair<uint32_t, uint32_t>> record_mwps;     // multi-word prefix terms (index in im.mw_prefixes)
  std::vector<std::pair<uint32_t, uint16_t>> record_lang_list;  // languages of the terms that use a key
  std::vector<std::pair<uint64_t, uint16_t>> bigram_keys;  // first two tokens of every phrase
  std::unordered_set<size_t> prefix_lengths;
  // Every distinct word of every harm and group term (the spelling vocabulary), its flags merged
  // as it is met again: with HurtLex, about 2 million words come in and a tenth of them are new, so
  // an open-addressing table of their places (keys are already mixed) keeps the sort in
  // BuildSpelling to the distinct ones.
  using SpellSeen = Impl::SpellSeen;
  std::vector<SpellSeen> spell_seen;
  std::string spell_seen_text;
  std::vector<uint32_t> spell_slots(1 << 16, 0);  // 1 + index in spell_seen; 0 = empty
  auto spell_add = [&](std::string_view w, uint16_t lang, uint8_t flags) {
    if (w.empty() || w.size() > 64) return;
    const uint64_t key = Impl::SpellKey(w, lang);
    size_t mask = spell_slots.size() - 1;
    for (size_t i = (key >> 3) & mask;; i = (i + 1) & mask) {
      if (spell_slots[i] == 0) {
        spell_slots[i] = static_cast<uint32_t>(spell_seen.size() + 1);
        break;
      }
      if ((spell_seen[spell_slots[i] - 1].key & ~uint64_t{7}) == key) {
        spell_seen[spell_slots[i] - 1].key |= flags;
        return;
      }
    }
    spell_seen.push_back(SpellSeen{key | flags, static_cast<uint32_t>(spell_seen_text.size()),
                                   static_cast<uint32_t>(w.size()), lang});
    spell_seen_text += w;
    if (spell_seen.size() * 2 > spell_slots.size()) {  // keep the table at most half full
      spell_slots.assign(spell_slots.size() * 2, 0);
      mask = spell_slots.size() - 1;
      for (uint32_t n = 0; n < spell_seen.size(); ++n) {
        size_t i = (spell_seen[n].key >> 3) & mask;
        while (spell_slots[i] != 0) i = (i + 1) & mask;
        spell_slots[i] = n + 1;
      }
    }
  };

  // The terms' canonical forms first, on every core (with HurtLex and the templates, 1.4 million
  // of them: most of pass 1's time).
  CanonicalForms canonical_forms(im.entries, normaliser, options.compile_threads);
  std::vector<std::string> forms;
  std::array<std::string_view, 6> form_canon;

  uint64_t hash = 1469598103934665603ull;
  bool stop = false;
  for (uint32_t idx = 0; idx < im.entries.size() && !stop; ++idx) {
    const Entry& e = im.entries[idx];
    hash = Fnv1a(hash, e.id);
    hash = Fnv1a(hash, IndicatorName(e.indicator));
    for (const auto& t : e.terms) hash = Fnv1a(hash, t);
    hash = Fnv1a(hash, e.pattern);
    hash = Fnv1a(hash, std::to_string(e.weight));
    hash = Fnv1a(hash, e.target);
    for (const auto& x : e.exclusions) hash = Fnv1a(hash, x);
    for (const auto& x : e.harmless_context) hash = Fnv1a(hash, x);
    // Everything else that changes what matches or how it is scored, or what an alert says.
    hash = Fnv1a(hash, e.lang);
    hash = Fnv1a(hash, e.match == MatchMode::kPrefix ? "prefix" : "exact");
    hash = Fnv1a(hash, EntryStatusName(e.status));
    hash = Fnv1a(hash, std::to_string(e.near_target));
    hash = Fnv1a(hash, e.homonym_of);
    hash = Fnv1a(hash, e.target_category);
    hash = Fnv1a(hash, e.reclaimed ? "reclaimed" : "");
    hash = Fnv1a(hash, e.fuzzy ? "fuzzy" : "");
    hash = Fnv1a(hash, e.stands_for ? IndicatorName(*e.stands_for) : std::string_view());
    hash = Fnv1a(hash, EntryTierName(e.tier));
    hash = Fnv1a(hash, e.names_in_group ? "names_in_group" : "");
    hash = Fnv1a(hash, e.names_concept ? "names_concept" : "");

    const uint16_t lang = entry_langs[idx];
    const bool group_entry = e.indicator == Indicator::kIdentityTerm || e.indicator == Indicator::kSlur;
    const bool spelling_entry = group_entry || IsHarmIndicator(e.indicator);
    // Indexes one written form of a term; false (reported) when it cannot be a term.
    auto add_term = [&](const std::string& term, std::string_view canon) {
      if (canon.empty()) {
        if (!fail(e, "term '" + term + "' normalises to nothing")) stop = true;
        return false;
      }
      const size_t ntok = CountTokens(canon);
      if (ntok > kMaxTermTokens) {
        if (!fail(e, "term '" + term + "' has more than 32 words")) stop = true;
        return false;
      }
      if (spelling_entry) {
        // A prefix term's last word is a stem, no word.
        const size_t words_end = e.match == MatchMode::kPrefix ? canon.find_last_of(' ') : canon.size();
        if (ntok == 1 && e.match != MatchMode::kPrefix) {
          spell_add(canon, lang, kSpellWord | (group_entry ? kSpellGroup : kSpellHarm));
        } else if (ntok == 1) {
          // (Known with no flags: a stem is no word, but a word with its vowels left out may start
          // with one, SpellingWordsWithVowels.)
          spell_add(canon, lang, 0);
        } else if (words_end != std::string::npos) {
          ForEachWord(std::string_view(canon).substr(0, words_end),
                      [&](std::string_view w) { spell_add(w, lang, kSpellWord); });
        }
      }
      Posting p{idx, lang, static_cast<uint16_t>(ntok)};
      const std::string_view first = std::string_view(canon).substr(0, canon.find(' '));
      if (e.match == MatchMode::kPrefix) {
        const size_t sp = canon.find_last_of(' ');
        if (sp == std::string::npos) {
          prefix_lengths.insert(canon.size());
          im.prefixes[std::string(canon)].push_back(p);
        } else {
          const uint32_t r = intern(first);
          record_mwps.emplace_back(r, static_cast<uint32_t>(im.mw_prefixes.size()));
          record_lang_list.emplace_back(r, lang);
          im.mw_prefixes.push_back(
              Impl::MultiWordPrefix{p, std::string(canon.substr(0, sp)), std::string(canon.substr(sp + 1))});
        }
        return true;
      }
      const uint32_t r = intern(canon);
      record_lang_list.emplace_back(r, lang);
      record_postings.emplace_back(r, p);  // (one per entry and key: pass 2 drops repeats)
      if (ntok > 1) {
        const uint32_t fr = intern(first);
        im.records[fr].phrase_lengths |= ntok < 32 ? (1u << ntok) : (1u << 31);
        record_lang_list.emplace_back(fr, lang);
        const size_t second_end = canon.find(' ', first.size() + 1);
        bigram_keys.emplace_back(Mix(ByteHash(std::string_view(canon).substr(0, second_end))), lang);
      }
      return true;
    };
    // Each term with its other written forms (TermForms: Turkish copula, Arabic wa-/fa- and the
    // nisba accusative); none of them when the term itself is reported, and an accusative that is
    // reported takes its own two along.
    for (const std::string& term : e.terms) {
      TermForms(e, term, &forms);
      for (size_t k = 0; k < forms.size(); ++k) form_canon[k] = canonical_forms.Next();
      if (!add_term(forms[0], form_canon[0])) continue;
      const size_t until = forms.size() == 6 ? 3 : forms.size();
      for (size_t k = 1; k < until; ++k) add_term(forms[k], form_canon[k]);
      if (forms.size() == 6 && add_term(forms[3], form_canon[3])) {
        add_term(forms[4], form_canon[4]);
        add_term(forms[5], form_canon[5]);
      }
    }
    // The scorer compares context stems with canonical tokens: normalise them like terms. A whole
    // word ("final$") keeps its closing $ after the canonical form (no canonical token holds a $).
    auto& context = im.entries[idx].harmless_context;
    for (std::string& w : context) {
      const ContextWord c = SplitContextWord(w);
      std::string canon = normaliser->CanonicalTerm(c.word, e.lang);
      if (c.whole && !canon.empty()) canon.push_back('$');
      w = std::move(canon);
    }
    context.erase(std::remove(context.begin(), context.end(), std::string()), context.end());
    for (const std::string& x : e.exclusions) {
      std::string canon = normaliser->CanonicalTerm(x, e.lang);
      if (!canon.empty()) im.exclusions[idx].push_back(std::move(canon));
    }
  }
  // The letter runs of harm patterns are words of the spelling vocabulary too: "(kill|shoot) all"
  // gives "kill", "shoot" (4+ code points, outside character classes, not escaped, not under a
  // quantifier that makes a letter optional).
  for (uint32_t idx = 0; idx < im.entries.size(); ++idx) {
    const Entry& e = im.entries[idx];
    if (canonical_patterns[idx].empty() || !IsHarmIndicator(e.indicator)) continue;
    ForEachPatternWord(canonical_patterns[idx], [&](std::string_view w) { spell_add(w, entry_langs[idx], kSpellWord); });
  }
  canonical_forms.Clear();
  spell_slots.clear();
  spell_slots.shrink_to_fit();
  im.BuildSpelling(spell_seen, spell_seen_text);
  spell_seen.clear();
  spell_seen.shrink_to_fit();
  spell_seen_text.clear();
  spell_seen_text.shrink_to_fit();
  if (pattern_job.wait_for(std::chrono::seconds(0)) == std::future_status::deferred) pattern_job.get();
  PatternErrors pattern_errors = pattern_errors_future.get();
  // In entry order, an entry's term errors before its pattern's (as one pass over both gave them);
  // a caller that wants no list gets the first.
  local_errors.insert(local_errors.end(), std::make_move_iterator(pattern_errors.begin()),
                      std::make_move_iterator(pattern_errors.end()));
  std::stable_sort(local_errors.begin(), local_errors.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  if (!errors && local_errors.size() > 1) local_errors.resize(1);
  if (!local_errors.empty()) {
    std::string msg = local_errors.front().second.ToString();
    if (local_errors.size() > 1) msg += " (and " + std::to_string(local_errors.size() - 1) + " more)";
    if (errors) {
      for (auto& [idx, error] : local_errors) errors->push_back(std::move(error));
    }
    return InvalidArgument(msg);
  }

  // Pass 2: each record's postings, multi-word prefix terms and languages made contiguous; the
  // hash index and the Bloom filters.
  intern_slots = {};
  {
    std::stable_sort(record_postings.begin(), record_postings.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    im.postings.reserve(record_postings.size());
    for (size_t k = 0; k < record_postings.size();) {
      const uint32_t r = record_postings[k].first;
      im.records[r].post_begin = static_cast<uint32_t>(im.postings.size());
      for (; k < record_postings.size() && record_postings[k].first == r; ++k) {
        const Posting& p = record_postings[k].second;
        const auto begin = im.postings.begin() + im.records[r].post_begin;
        if (std::none_of(begin, im.postings.end(), [&](const Posting& q) { return q.entry == p.entry; })) {
          im.postings.push_back(p);
        }
      }
      im.records[r].post_count = static_cast<uint32_t>(im.postings.size() - im.records[r].post_begin);
    }
    record_postings = {};
    // Multi-word prefix terms are grouped by their first token.
    std::stable_sort(record_mwps.begin(), record_mwps.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<Impl::MultiWordPrefix> ordered;
    ordered.reserve(record_mwps.size());
    for (const auto& [r, k] : record_mwps) {
      if (im.records[r].mwp_count == 0) im.records[r].mwp_begin = static_cast<uint32_t>(ordered.size());
      ++im.records[r].mwp_count;
      ordered.push_back(std::move(im.mw_prefixes[k]));
    }
    im.mw_prefixes = std::move(ordered);
    std::sort(record_lang_list.begin(), record_lang_list.end());
    record_lang_list.erase(std::unique(record_lang_list.begin(), record_lang_list.end()), record_lang_list.end());
  }
  im.index.Init(im.records.size());
  {
    std::vector<std::pair<uint64_t, uint16_t>> first_keys, phrase_keys;
    im.lang_begin.reserve(im.records.size() + 1);
    im.record_langs.reserve(record_lang_list.size());
    size_t k = 0;
    for (uint32_t r = 0; r < im.records.size(); ++r) {
      const Impl::Record& rec = im.records[r];
      const bool single = im.RecordText(rec).find(' ') == std::string_view::npos;
      im.index.Insert(record_keys[r], r, single ? Impl::RecordAux(rec) : 0);
      im.lang_begin.push_back(static_cast<uint32_t>(im.record_langs.size()));
      for (; k < record_lang_list.size() && record_lang_list[k].first == r; ++k) {
        const uint16_t l = record_lang_list[k].second;
        im.record_langs.push_back(l);
        (single ? first_keys : phrase_keys).emplace_back(record_keys[r], l);
      }
    }
    im.lang_begin.push_back(static_cast<uint32_t>(im.record_langs.size()));
    im.first_bloom.Build(first_keys, im.langs.size(), im.mul_lang);
    im.phrase_bloom.Build(phrase_keys, im.langs.size(), im.mul_lang);
    im.bigram_bloom.Build(bigram_keys, im.langs.size(), im.mul_lang);
  }
  record_lang_list = {};
  record_keys = {};

  // The language table (FindLang): ids of codes of 8 bytes or less, by packed code.
  im.lang_packed.assign(im.langs.size(), 0);
  im.lang_index.Init(im.langs.size());
  for (const auto& [code, id] : im.lang_ids) {
    if (code.empty() || code.size() > 8) continue;  // (FindLang looks these up by string)
    im.lang_packed[id] = Impl::PackLang(code);
    im.lang_index.Insert(Mix(im.lang_packed[id]), id);
  }

  // Prefix stems.
  im.prefix_lengths.assign(prefix_lengths.begin(), prefix_lengths.end());
  std::sort(im.prefix_lengths.begin(), im.prefix_lengths.end());
  im.prefix_heads.assign(1024, 0);  // 65536 bits
  im.prefix_index.Init(im.prefixes.size());
  im.fuzzy_stem_heads.assign(1024, 0);  // 65536 bits
  for (const auto& [stem, list] : im.prefixes) {
    im.prefix_index.Insert(Mix(ByteHash(stem)), static_cast<uint32_t>(im.prefix_stems.size()));
    im.prefix_stems.emplace_back(stem, list);
    if (options.fuzzy) {
      std::vector<Posting> groups;
      for (const Posting& p : list) {
        if (im.entries[p.entry].indicator == Indicator::kIdentityTerm) groups.push_back(p);
      }
      uint32_t cp[kMaxFuzzyChars + 1];
      const size_t n = groups.empty() ? 0 : DecodeUtf8(stem, cp, kMaxFuzzyChars);
      auto add_variant = [&](const std::vector<uint32_t>& v) {
        std::string form;
        for (const uint32_t c : v) utf8::Append(&form, static_cast<UChar32>(c));
        if (im.prefixes.count(form)) return;  // a real stem already
        SetHeadBit(&im.fuzzy_stem_heads, form);
        im.fuzzy_stems.Add(std::move(form), groups);
      };
      if (n >= 6 && n <= kMaxFuzzyChars) {
        for (size_t k = 1; k + 1 < n; ++k) {  // swap k and k+1; the first code point stays
          if (cp[k] == cp[k + 1]) continue;
          std::vector<uint32_t> v(cp, cp + n);
          std::swap(v[k], v[k + 1]);
          add_variant(v);
        }
      }
      // A dropped inner letter ("Ausländr"), from kMinDeletionStemChars code points: shorter stems
      // lose too much ("transami" minus a begins "transmisji", "transów" minus n "trasowanie"), and
      // so does a dropped last letter, which only shortens the stem ("chinesen" minus n begins
      // "chinesisch", "африканц" minus ц "африканская").
      if (n >= kMinDeletionStemChars && n <= kMaxFuzzyChars) {
        for (size_t k = 1; k + 1 < n; ++k) {  // drop k; the first and last code points stay
          if (cp[k] == cp[k - 1]) continue;  // the same form as dropping k - 1
          std::vector<uint32_t> v(cp, cp + n);
          v.erase(v.begin() + static_cast<std::ptrdiff_t>(k));
          add_variant(v);
        }
      }
    }
    if (options.squeezed) im.squeezed_stems.Add(SqueezeLetterRuns(stem), list);
    SetHeadBit(&im.prefix_heads, stem);
  }
  im.prefixes.clear();
  im.fuzzy_stems.Finish();
  im.squeezed_stems.Finish();

  // Squeezed keys, masked lists and fuzzy keys from single- and multi-word literal records.
  std::vector<uint32_t> cps;
  std::vector<std::pair<uint64_t, uint32_t>> fuzzy_raw;  // (raw key hash, fuzzy term), for fuzzy_probe
  std::vector<std::pair<uint64_t, uint32_t>> squeezed_keys;    // (key of the squeezed form, record)
  std::vector<std::pair<uint64_t, uint16_t>> squeezed_firsts;  // (key of its first word, its tokens)
  for (uint32_t r = 0; r < im.records.size(); ++r) {
    const Impl::Record& rec = im.records[r];
    if (rec.post_count == 0) continue;
    std::string_view s = im.RecordText(rec);
    const std::span<const Posting> posts(im.postings.data() + rec.post_begin, rec.post_count);
    if (options.squeezed) {
      const std::string c = SqueezeLetterRuns(s);  // the normaliser's own Squeezed() form
      squeezed_keys.emplace_back(Mix(ByteHash(c)), r);
      const uint16_t ntok = static_cast<uint16_t>(CountTokens(c));
      squeezed_firsts.emplace_back(Mix(ByteHash(std::string_view(c).substr(0, c.find(' ')))), ntok);
      im.squeezed_max_tokens = std::max<size_t>(im.squeezed_max_tokens, ntok);
    }
    if (s.find(' ') != std::string_view::npos) continue;
    const size_t chars = CountCodePoints(s);
    if (options.masked && s.find('*') == std::string_view::npos) {
      im.mask_forward.push_back(r);
      im.mask_reversed.emplace_back(ReverseCodePoints(s), r);
    }
    uint16_t concat_ok = 0;
    std::vector<Posting> fuzzy;
    for (const Posting& p : posts) {
      const Indicator ind = im.entries[p.entry].indicator;
      if ((IsHarmIndicator(ind) || ind == Indicator::kIdentityTerm) &&
          chars >= static_cast<size_t>(options.concatenation_min_chars)) {
        concat_ok = 1;
      }
      if (im.FuzzyEligible(p, chars)) fuzzy.push_back(p);
    }
    im.records[r].concat_ok = concat_ok;
    if (!options.fuzzy || fuzzy.empty() || chars > kMaxFuzzyChars) continue;
    const uint32_t ft = static_cast<uint32_t>(im.fuzzy_terms.size());
    im.fuzzy_terms.push_back(Impl::FuzzyTerm{r, static_cast<uint32_t>(im.fuzzy_postings.size()),
                                             static_cast<uint16_t>(fuzzy.size()), static_cast<uint16_t>(chars)});
    im.fuzzy_postings.insert(im.fuzzy_postings.end(), fuzzy.begin(), fuzzy.end());
    cps.resize(s.size());
    const size_t L = DecodeUtf8(s, cps.data(), cps.size());
    std::vector<uint64_t> prefix(L + 1, 0);
    for (size_t j = 0; j < L; ++j) prefix[j + 1] = prefix[j] * kCodePointBase + cps[j];
    const uint64_t H = prefix[L];
    const size_t first_key = im.fuzzy_keys.size();
    im.fuzzy_keys.emplace_back(Mix(H), ft);
    fuzzy_raw.emplace_back(H, ft);
    for (size_t j = 0; j < L; ++j) {
      const uint64_t d = H + (prefix[j] - prefix[j + 1]) * CpPow(L - 1 - j);
      im.fuzzy_keys.emplace_back(Mix(d), ft);
      fuzzy_raw.emplace_back(d, ft);
    }
    // Repeated letters give repeated deletions ("kill" minus either l): keep one.
    std::sort(im.fuzzy_keys.begin() + first_key, im.fuzzy_keys.end());
    im.fuzzy_keys.erase(std::unique(im.fuzzy_keys.begin() + first_key, im.fuzzy_keys.end()), im.fuzzy_keys.end());
  }
  im.squeezed.Init(squeezed_keys.size());
  for (const auto& [k, r] : squeezed_keys) im.squeezed.Insert(k, r);
  squeezed_keys = {};
  // Each first word once, with its most tokens: sorted so that it comes first, then the rest dropped.
  std::sort(squeezed_firsts.begin(), squeezed_firsts.end(),
            [](const auto& a, const auto& b) { return a.first != b.first ? a.first < b.first : a.second > b.second; });
  squeezed_firsts.erase(std::unique(squeezed_firsts.begin(), squeezed_firsts.end(),
                                    [](const auto& a, const auto& b) { return a.first == b.first; }),
                        squeezed_firsts.end());
  im.squeezed_first_max.Init(squeezed_firsts.size());
  for (const auto& [k, ntok] : squeezed_firsts) im.squeezed_first_max.Insert(k, ntok);
  squeezed_firsts = {};
  {
    // The concatenable keys, and their halves: every split at a code point boundary (both parts
    // non-empty), the left part's hash extended byte by byte and the right part's derived from the
    // whole (H(s) = H(left) * B^|right| + H(right)). Repeats ("de" starts many words) are added
    // again rather than sorted out: they only size the filter a little larger.
    std::vector<std::pair<uint64_t, uint16_t>> keys, halves;
    for (const Impl::Record& rec : im.records) {
      if (!rec.concat_ok) continue;
      const std::string_view s = im.RecordText(rec);
      const uint64_t whole = ByteHash(s);
      const uint64_t k = Mix(whole);
      for (uint32_t p = 0; p < rec.post_count; ++p) keys.emplace_back(k, im.postings[rec.post_begin + p].lang);
      uint64_t left_hash = 0;  // ByteHash(s.substr(0, cut))
      for (size_t cut = 1; cut < s.size(); ++cut) {
        left_hash = left_hash * kByteBase + static_cast<unsigned char>(s[cut - 1]);
        if ((static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) continue;  // inside a code point
        const uint64_t left = Impl::HalfKey(left_hash, false);
        const uint64_t right = Impl::HalfKey(whole - left_hash * BytePow(s.size() - cut), true);
        for (uint32_t p = 0; p < rec.post_count; ++p) {
          halves.emplace_back(left, im.postings[rec.post_begin + p].lang);
          halves.emplace_back(right, im.postings[rec.post_begin + p].lang);
        }
      }
    }
    im.concat_bloom.Build(keys, im.langs.size(), im.mul_lang);
    im.concat_halves.Build(halves, im.langs.size(), im.mul_lang);
  }
  std::sort(im.fuzzy_keys.begin(), im.fuzzy_keys.end());
  im.fuzzy_keys.shrink_to_fit();
  im.fuzzy_index.Init(im.fuzzy_keys.size());
  {
    std::vector<std::pair<uint64_t, uint16_t>> keys;
    keys.reserve(im.fuzzy_keys.size());
    for (size_t k = 0; k < im.fuzzy_keys.size(); ++k) {
      const auto& [key, ft] = im.fuzzy_keys[k];
      const Impl::FuzzyTerm& t = im.fuzzy_terms[ft];
      uint16_t last = UINT16_MAX;
      for (uint32_t p = 0; p < t.post_count; ++p) {
        const uint16_t l = im.fuzzy_postings[t.post_begin + p].lang;
        if (l != last) keys.emplace_back(key, l);
        last = l;
      }
      if (k == 0 || key != im.fuzzy_keys[k - 1].first) im.fuzzy_index.Insert(key, static_cast<uint32_t>(k));
    }
    im.fuzzy_bloom.Build(keys, im.langs.size(), im.mul_lang);
  }
  if (!im.fuzzy_terms.empty()) {
    // Which views (message languages) each fuzzy term serves.
    const size_t views = im.langs.size() + 1;
    auto for_views = [&](const Impl::FuzzyTerm& t, auto&& fn) {
      for (size_t view = 0; view < views; ++view) {
        const uint16_t msg_lang = im.ViewLang(view);
        for (uint32_t p = 0; p < t.post_count; ++p) {
          if (im.LangAllowed(im.fuzzy_postings[t.post_begin + p].lang, msg_lang)) {
            fn(view);
            break;
          }
        }
      }
    };
    std::vector<size_t> per_view(views, 0);
    for (const auto& [raw, ft] : fuzzy_raw) for_views(im.fuzzy_terms[ft], [&](size_t v) { ++per_view[v]; });
    im.fuzzy_probe.assign(views, Impl::ProbeBits{});
    for (size_t v = 0; v < views; ++v) {
      int log2 = 12;
      while ((size_t{1} << log2) < per_view[v] * 16 && log2 < 30) ++log2;
      im.fuzzy_probe[v].bits.assign((size_t{1} << log2) / 64, 0);
      im.fuzzy_probe[v].shift = 64 - log2;
    }
    for (const auto& [raw_key, ft] : fuzzy_raw) {
      const uint64_t raw = raw_key;  // a lambda may not capture a structured binding (clang 14)
      for_views(im.fuzzy_terms[ft], [&](size_t v) {
        const uint64_t b = ProbeBit(raw, im.fuzzy_probe[v].shift);
        im.fuzzy_probe[v].bits[b >> 6] |= 1ull << (b & 63);
      });
    }
    im.fuzzy_pairs.assign(im.langs.size() + 1, std::vector<uint64_t>(kPairBits / 64 * 2, 0));
    uint32_t cp[kMaxFuzzyChars + 1];
    auto set_bit = [](std::vector<uint64_t>& bits, uint32_t bit) { bits[bit >> 6] |= 1ull << (bit & 63); };
    for (const Impl::FuzzyTerm& t : im.fuzzy_terms) {
      const size_t L = DecodeUtf8(im.RecordText(im.records[t.record]), cp, kMaxFuzzyChars);
      if (L < 2) continue;  // (fuzzy terms have at least 3 code points)
      const uint32_t head = HeadPairBit(cp[0], cp[1]), tail = kPairBits + TailPairBit(cp[L - 2], cp[L - 1]);
      for (uint32_t p = 0; p < t.post_count; ++p) {
        const uint16_t lang = im.fuzzy_postings[t.post_begin + p].lang;
        for (size_t view = 0; view <= im.langs.size(); ++view) {
          const uint16_t msg_lang = im.ViewLang(view);
          if (!im.LangAllowed(lang, msg_lang)) continue;
          set_bit(im.fuzzy_pairs[view], head);
          set_bit(im.fuzzy_pairs[view], tail);
        }
      }
    }
  }
  std::sort(im.mask_forward.begin(), im.mask_forward.end(), [&](uint32_t a, uint32_t b) {
    return im.RecordText(im.records[a]) < im.RecordText(im.records[b]);
  });
  std::sort(im.mask_reversed.begin(), im.mask_reversed.end());
  if (options.masked) {
    im.mask_stems.resize(im.prefix_stems.size());
    std::iota(im.mask_stems.begin(), im.mask_stems.end(), 0u);
    std::sort(im.mask_stems.begin(), im.mask_stems.end(),
              [&](uint32_t a, uint32_t b) { return im.prefix_stems[a].first < im.prefix_stems[b].first; });
  }

  if (pattern_job.valid()) pattern_job.get();  // (already run, and its future spent, when deferred)
  im.has_exclusions.resize(im.entries.size());
  im.exclusion_lengths.resize(im.entries.size());
  for (uint32_t k = 0; k < im.entries.size(); ++k) {
    im.has_exclusions[k] = !im.exclusions[k].empty();
    for (const std::string& phrase : im.exclusions[k]) {
      im.exclusion_lengths[k].push_back(static_cast<uint16_t>(std::min<size_t>(CountTokens(phrase), UINT16_MAX)));
      im.exclusion_phrases.emplace_back(k, phrase);
    }
    auto& lengths = im.exclusion_lengths[k];
    std::sort(lengths.begin(), lengths.end());
    lengths.erase(std::unique(lengths.begin(), lengths.end()), lengths.end());
  }
  im.exclusion_index.Init(im.exclusion_phrases.size());
  im.exclusion_heads.Init(im.exclusion_phrases.size(), 32);
  for (uint32_t x = 0; x < im.exclusion_phrases.size(); ++x) {
    const auto& [entry, phrase] = im.exclusion_phrases[x];
    im.exclusion_index.Insert(ExclusionKey(ByteHash(phrase), entry), x);
    const std::string_view first = std::string_view(phrase).substr(0, phrase.find(' '));
    im.exclusion_heads.Add(ExclusionKey(ByteHash(first), entry));
  }
  im.exclusions.clear();
  im.exclusions.shrink_to_fit();
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(hash));
  im.version = buf;
  return std::shared_ptr<const CompiledLexicon>(new CompiledLexicon(std::move(impl)));
}

// The length of a pattern match without the space its token-end suffix took (see Create).
inline size_t BoundedLength(re2::StringPiece piece) {
  return !piece.empty() && piece[piece.size() - 1] == ' ' ? piece.size() - 1 : piece.size();
}

template <typename Emit>
void CompiledLexicon::Impl::MatchPatterns(const NormalisedText& text, uint16_t msg_lang,
                                          std::vector<std::pair<uint32_t, uint32_t>>* starts,
                                          std::vector<std::pair<uint32_t, uint32_t>>* spare, std::vector<int>* hits,
                                          Emit& emit) const {
  const std::string_view canon = text.canonical;
  const re2::StringPiece whole(canon.data(), canon.size());
  // Token index by canonical byte offset, for boundary checks.
  auto token_starting_at = [&](size_t off) -> long {
    auto it = std::lower_bound(text.tokens.begin(), text.tokens.end(), off,
                               [](const Token& t, size_t o) { return t.text_begin < o; });
    return (it != text.tokens.end() && it->text_begin == off) ? it - text.tokens.begin() : -1;
  };
  auto token_ending_at = [&](size_t off) -> long {
    auto it = std::lower_bound(text.tokens.begin(), text.tokens.end(), off,
                               [](const Token& t, size_t o) { return t.text_begin + t.text_size < o; });
    return (it != text.tokens.end() && it->text_begin + it->text_size == off) ? it - text.tokens.begin() : -1;
  };
  // Gated patterns: tried anchored at each start, in text order; like a scan, the next try of a
  // pattern begins at or after the end of its previous match.
  GroupStarts(starts, spare);
  starts->erase(std::unique(starts->begin(), starts->end()), starts->end());
  // A pattern's starts (pattern, i + 1) sort before its later words (pattern, kLaterAt | j): a start
  // at token i is tried only when a later word's token j is in [i, i + later_within] (inside a group
  // that must match, the list may hold the start's own word: "a disgrace to" or "stain on" are in
  // "(a disgrace to|stain on) ...", whose later words are "disgrace" and "stain").
  const auto* const all = starts->data();
  const size_t count = starts->size();
  size_t later = 0;      // the current pattern's first later word not yet passed
  size_t later_end = 0;  // one past its last
  uint32_t current = UINT32_MAX;
  size_t resume = 0;  // canonical offset where the current pattern's next match may begin
  for (size_t s = 0; s < count; ++s) {
    const auto [k, i1] = all[s];
    if (k != current) {
      current = k;
      resume = 0;
      later = later_end = s;
      if (patterns[k].needs_later) {
        while (later < count && all[later].first == k && !(all[later].second & kLaterAt)) ++later;
        later_end = later;
        while (later_end < count && all[later_end].first == k) ++later_end;
      }
    }
    if (i1 & kLaterAt) continue;
    const size_t i = i1 - 1;
    if (patterns[k].needs_later) {
      while (later < later_end && (all[later].second & ~kLaterAt) < i) ++later;
      if (later == later_end || (all[later].second & ~kLaterAt) - i > patterns[k].later_within) continue;
    }
    const size_t b = text.tokens[i].text_begin;
    if (b < resume) continue;
    re2::StringPiece piece;
    if (!patterns[k].re->Match(whole, b, canon.size(), RE2::ANCHOR_START, &piece, 1)) continue;
    const size_t len = BoundedLength(piece);
    const size_t e = b + len;
    const long lt = len == 0 ? -1 : token_ending_at(e);
    if (lt >= static_cast<long>(i)) emit(patterns[k].entry, i, lt, MatchKind::kPattern);
    resume = len == 0 ? b + 1 : e;
  }
  starts->clear();
  // The others: a scan for each pattern an RE2::Set pass reports.
  auto run = [&](const Pattern& pat) {
    re2::StringPiece piece;
    size_t pos = 0;
    while (pos <= canon.size() && pat.re->Match(whole, pos, canon.size(), RE2::UNANCHORED, &piece, 1)) {
      size_t b = piece.data() - canon.data();
      const size_t len = BoundedLength(piece);
      size_t e = b + len;
      long ft = token_starting_at(b);
      long lt = len == 0 ? -1 : token_ending_at(e);
      if (ft >= 0 && lt >= ft) emit(pat.entry, ft, lt, MatchKind::kPattern);
      pos = len == 0 ? b + 1 : e;
      if (len == 0 && b >= canon.size()) break;
    }
  };
  for (const PatternShard& shard : pattern_views[View(msg_lang)]) {
    const RE2::Set* set = shard.set.get();
    RE2::Set::ErrorInfo info{};
    // First a yes/no pass: it stops at the first match and allocates nothing. Most messages stop here.
    if (set != nullptr && !set->Match(whole, nullptr, &info) && info.kind == RE2::Set::kNoError) continue;
    hits->clear();
    if (set == nullptr || !set->Match(whole, hits, &info)) {
      for (uint32_t k : shard.members) run(patterns[k]);  // no set, or its DFA ran out of memory
      continue;
    }
    std::sort(hits->begin(), hits->end());
    for (int h : *hits) run(patterns[shard.members[h]]);
  }
}

template <typename Emit>
void CompiledLexicon::Impl::MatchSqueezed(const NormalisedText& text, uint16_t msg_lang, Emit& emit) const {
  // Only windows that contain a squeezed token are looked at: collapsed forms are computed lazily
  // for the tokens in those windows.
  const size_t n = text.tokens.size();
  std::vector<std::string> collapsed(n);
  std::vector<uint8_t> state(n, 0);  // bit 0: collapsed[i] computed; bit 1: token is squeezed
  for (size_t i = 0; i < n; ++i) state[i] = (text.tokens[i].flags & kTokenSqueezed) ? 2 : 0;
  auto collapsed_at = [&](size_t i) -> const std::string& {
    if (!(state[i] & 1)) {
      std::string_view sq = (state[i] & 2) ? text.Squeezed(static_cast<TokenIndex>(i)) : std::string_view();
      collapsed[i] = sq.empty() ? SqueezeLetterRuns(text.TokenText(text.tokens[i])) : std::string(sq);
      state[i] |= 1;
    }
    return collapsed[i];
  };
  std::string key;
  size_t next_start = 0;  // start positions below this were already tried
  for (size_t s = 0; s < n; ++s) {
    if (!(state[s] & 2)) continue;
    const size_t lo = std::max(next_start, s + 1 >= squeezed_max_tokens ? s + 1 - squeezed_max_tokens : 0);
    for (size_t i = lo; i <= s; ++i) {
      const HashIndex::Slot* mx = squeezed_first_max.FindSlot(Mix(ByteHash(collapsed_at(i))));
      if (mx == nullptr) continue;
      key.clear();
      bool has_squeezed = false;
      for (size_t len = 1; len <= mx->value && i + len <= n; ++len) {
        if (len > 1) key.push_back(' ');
        key += collapsed_at(i + len - 1);
        has_squeezed = has_squeezed || (state[i + len - 1] & 2);
        if (!has_squeezed) continue;
        squeezed.Find(Mix(ByteHash(key)), [&](uint32_t r) {
          const Record& rec = records[r];
          if (SqueezeLetterRuns(RecordText(rec)) != key) return false;  // a 64-bit collision
          for (uint32_t k = 0; k < rec.post_count; ++k) {
            const Posting& p = postings[rec.post_begin + k];
            if (p.tokens == len && LangAllowed(p.lang, msg_lang)) emit(p.entry, i, i + len - 1, MatchKind::kSqueezed);
          }
          return false;  // every record of this form
        });
      }
    }
    next_start = s + 1;
    // The squeezed token as an inflected form of a prefix stem.
    squeezed_stems.ForEachAtStart(collapsed_at(s), [&](const Posting& p) {
      if (LangAllowed(p.lang, msg_lang)) emit(p.entry, s, s, MatchKind::kSqueezed);
    });
  }
}

template <typename Emit>
void CompiledLexicon::Impl::MatchJoinedTrimmed(const NormalisedText& text, uint16_t msg_lang, Emit& emit) const {
  for (size_t i = 0; i < text.tokens.size(); ++i) {
    if (!(text.tokens[i].flags & kTokenJoined)) continue;
    const std::string_view tok = text.TokenText(text.tokens[i]);
    if (tok.size() < 5) continue;  // nothing of 4 code points would be left after a cut
    if (FindRecord(Mix(ByteHash(tok)), tok) >= 0) continue;  // a term (or a phrase's first word) as joined
    // Only a letter that is a word by itself in some language (a, e, i, o, u, y: "I", "a", "y",
    // "o") is cut, so "s k i l l" stays "skill". Such a letter is one byte.
    auto one_letter_word = [](char c) { return std::string_view("aeiouy").find(c) != std::string_view::npos; };
    const bool cut_head = one_letter_word(tok.front());
    const bool cut_tail = one_letter_word(tok.back());
    const std::string_view cuts[] = {cut_head ? tok.substr(1) : std::string_view(),
                                     cut_tail ? tok.substr(0, tok.size() - 1) : std::string_view(),
                                     cut_head && cut_tail && tok.size() > 2 ? tok.substr(1, tok.size() - 2)
                                                                            : std::string_view()};
    for (const std::string_view sub : cuts) {
      if (CountCodePoints(sub) < 4) continue;
      const int64_t r = FindRecord(Mix(ByteHash(sub)), sub);
      if (r < 0) continue;
      const Record& rec = records[r];
      for (uint32_t k = 0; k < rec.post_count; ++k) {
        const Posting& p = postings[rec.post_begin + k];
        if (p.tokens == 1 && LangAllowed(p.lang, msg_lang)) emit(p.entry, i, i, MatchKind::kJoined);
      }
    }
    // A phrase that goes on over the next words, whose first word is the cut letter ("a k a s h e duk
    // inyamurai": "a kashe duk") or the rest ("kashe duk"), is reported over the joined token and them.
    if (!cut_head) continue;
    std::string span;
    for (const bool with_letter : {true, false}) {
      span.clear();
      if (with_letter) span.append(tok.substr(0, 1)).push_back(' ');
      span.append(tok.substr(1));
      for (size_t j = i + 1; j < text.tokens.size() && j - i < kMaxJoinedPhraseWords; ++j) {
        span.push_back(' ');
        span.append(text.TokenText(text.tokens[j]));
        const int64_t r = FindRecord(Mix(ByteHash(span)), span);
        if (r < 0) continue;
        const Record& rec = records[r];
        const size_t words = j - i + 1 + (with_letter ? 1 : 0);
        for (uint32_t k = 0; k < rec.post_count; ++k) {
          const Posting& p = postings[rec.post_begin + k];
          if (p.tokens == words && LangAllowed(p.lang, msg_lang)) emit(p.entry, i, j, MatchKind::kJoined);
        }
      }
    }
  }
}

// The parts of one written word that the normaliser cut, run together again: the parts of a hashtag
// or camel-case word (kTokenHashtag, kTokenCamelCase: adjacent tokens from one word,
// "#ÜlkemdeSuriyeliİstemiyorum" -> ülkemde suriyeli istemiyorum), and the parts a writer cut with
// hyphens, periods or underscores between letters (kTokenInWord: "exter-minated", "ex.ter.mi.na.ted",
// "Mus_lims"). Every run of 2 to kMaxFusedParts of them that is a single-word term matches as
// `fused`; so does a run that starts with a harm or group-name prefix stem ending inside its last
// part ("exter" "minated": the stem "extermin"; a stem the first part holds alone matched there).
// Curators write a campaign's hashtag as one lower-case word; the cut parts still match phrases.
// `hashes`: every token's ByteHash, so the run's key needs no re-hashing.
template <typename Emit>
void CompiledLexicon::Impl::MatchFused(const NormalisedText& text, uint16_t msg_lang, const uint64_t* hashes,
                                       Emit& emit) const {
  constexpr size_t kMaxFusedParts = 8;
  constexpr uint16_t kCut = kTokenHashtag | kTokenCamelCase;
  const size_t n = text.tokens.size();
  // Whether token j continues the word of token j - 1.
  auto joined = [&](size_t j) {
    const Token& t = text.tokens[j];
    const Token& before = text.tokens[j - 1];
    return (t.flags & kTokenInWord) || ((t.flags & kCut) && (before.flags & kCut) && t.source.begin == before.source.end);
  };
  std::string fused;
  for (size_t i = 0; i + 1 < n;) {
    size_t end = i + 1;  // the word's parts are [i, end)
    while (end < n && joined(end)) ++end;
    for (size_t a = i; a + 1 < end; ++a) {
      uint64_t h = hashes[a];
      fused.assign(text.TokenText(text.tokens[a]));
      for (size_t b = a + 1; b < end && b < a + kMaxFusedParts; ++b) {
        const std::string_view part = text.TokenText(text.tokens[b]);
        const size_t before_b = fused.size();
        h = Concat(h, hashes[b], part.size());
        fused += part;
        const uint64_t key = Mix(h);
        if (const int64_t r = first_bloom.MayContain(key, msg_lang) ? FindRecord(key, fused) : -1; r >= 0) {
          const Record& rec = records[r];
          for (uint32_t k = 0; k < rec.post_count; ++k) {
            const Posting& p = postings[rec.post_begin + k];
            if (p.tokens == 1 && LangAllowed(p.lang, msg_lang)) emit(p.entry, a, b, MatchKind::kFused);
          }
        }
        // (The stems' 4-byte head bitmap rules out most runs: "email", "filetxt".)
        // Only stems that end inside part b: one ending before it is a shorter run's, or part a's own.
        if (prefix_stems.empty() || fused.size() < 4 || !HeadBitSet(prefix_heads, fused)) continue;
        ForEachPrefixStemPosting(
            fused, msg_lang,
            [&](const Posting& p) {
              const Indicator ind = entries[p.entry].indicator;
              if (IsHarmIndicator(ind) || ind == Indicator::kIdentityTerm) emit(p.entry, a, b, MatchKind::kFused);
            },
            before_b);
      }
    }
    i = end;
  }
}

// A hashtag written as one lower-case word (kTokenGluedHashtag: "#ubijsiptare", kill + Albanians;
// "#suriyelilerigeberin", "#اقتلواالروافض") is read as two words of the message's language's
// lexicon run together, at the first cut where both halves are single-token terms, or failing that
// as two such terms around a short joining word of at most kMaxJoiner code points ("#मुल्लोंकोमारो":
// मुल्लों को मारो; "#killallmuslims"). Each half of at least kMinHalf code
// points. Only a call to violence or a dehumanising word glued to a group's name or a slur counts
// (the slogan's shape: kill X, X out, death to X); "#muslimsforpeace" and "#justiceforjews" are no
// such pair. Not in languages that write compound nouns as one word, where a group's name glued to
// a harm noun is a noun ("Judenhass", antisemitism; "Judenmord"): their slogans are lexicon terms
// whole ("ausländerraus"). Both terms match as `split` over the whole hashtag, whose original text
// they are; a hashtag that is itself a lexicon word is left to the main loop.
template <typename Emit>
void CompiledLexicon::Impl::MatchGluedHashtags(const NormalisedText& text, uint16_t msg_lang, const uint64_t* hashes,
                                               Emit& emit) const {
  constexpr size_t kMinHalf = 3, kMaxJoiner = 3, kMaxCodePoints = 48;
  if (languages::WritesCompoundsAsOneWord(text.lang)) return;
  const char* const begin = text.canonical.data();
  const char* const end = begin + text.canonical.size();
  for (size_t i = 0; i < text.tokens.size(); ++i) {
    const Token& t = text.tokens[i];
    if (!(t.flags & kTokenGluedHashtag)) continue;
    const std::string_view tok = text.TokenText(t);
    if (FindRecord(Mix(hashes[i]), tok) >= 0) continue;
    // Code point boundaries of the token.
    std::array<uint32_t, kMaxCodePoints + 1> at;
    const size_t cps = utf8::CodePointStarts(tok, at.data(), kMaxCodePoints);
    if (cps > kMaxCodePoints || cps < 2 * kMinHalf) continue;
    const char* const w = tok.data();
    // What a half is: 1 a call to violence or a dehumanising word, 2 a group's name or a slur; each
    // left half [0, c) and right half [d, cps) looked up once.
    auto kinds = [&](size_t a, size_t b) {
      uint8_t k = 0;
      ForEachWordEntry(w + at[a], at[b] - at[a], begin, end, msg_lang, [&](uint32_t entry) {
        const Entry& e = entries[entry];
        if (e.indicator == Indicator::kCallToViolence || e.indicator == Indicator::kDehumanisation) k |= 1;
        if (e.indicator == Indicator::kIdentityTerm || e.indicator == Indicator::kSlur) k |= 2;
      });
      return k;
    };
    std::array<uint8_t, kMaxCodePoints + 1> left{}, right{};
    for (size_t c = kMinHalf; c + kMinHalf <= cps; ++c) left[c] = kinds(0, c), right[c] = kinds(c, cps);
    auto emit_word = [&](size_t a, size_t b) {
      ForEachWordEntry(w + at[a], at[b] - at[a], begin, end, msg_lang,
                       [&](uint32_t entry) { emit(entry, i, i, MatchKind::kSplit); });
    };
    // Two halves side by side first, then around a joining word of 1, 2, 3 code points.
    bool found = false;
    for (size_t j = 0; j <= kMaxJoiner && !found; ++j) {
      for (size_t c = kMinHalf; c + j + kMinHalf <= cps && !found; ++c) {
        const uint8_t l = left[c], r = right[c + j];
        if (!(((l & 1) && (r & 2)) || ((l & 2) && (r & 1)))) continue;
        emit_word(0, c);
        emit_word(c + j, cps);
        found = true;
      }
    }
  }
}

// A token whose '1', '!' or '|' the normaliser read one way ("mus1im" -> "musiim") and that is no
// lexicon word that way: its other reading ("muslim", NormalisedText::LeetAlternative) as a
// single-word term or prefix stem.
template <typename Emit>
void CompiledLexicon::Impl::MatchLeetAlternatives(const NormalisedText& text, uint16_t msg_lang, Emit& emit) const {
  for (const auto& leet : text.leet_alternatives) {
    const TokenIndex i = leet.first;  // (no structured binding: clang 14 cannot capture one in a lambda)
    const std::string& alt = leet.second;
    const std::string_view tok = text.TokenText(text.tokens[i]);
    if (const int64_t r = FindRecord(Mix(ByteHash(tok)), tok); r >= 0 && RecordInView(static_cast<uint32_t>(r), msg_lang)) {
      continue;  // a lexicon word as read
    }
    if (const int64_t r = FindRecord(Mix(ByteHash(alt)), alt); r >= 0) {
      const Record& rec = records[r];
      for (uint32_t k = 0; k < rec.post_count; ++k) {
        const Posting& p = postings[rec.post_begin + k];
        if (p.tokens == 1 && LangAllowed(p.lang, msg_lang)) emit(p.entry, i, i, MatchKind::kExact);
      }
    }
    if (prefix_stems.empty() || alt.size() < 4) continue;
    ForEachPrefixStemPosting(alt, msg_lang, [&](const Posting& p) { emit(p.entry, i, i, MatchKind::kPrefix); });
  }
}

template <typename Emit>
void CompiledLexicon::Impl::MatchMasked(const NormalisedText& text, size_t i, uint16_t msg_lang, size_t* budget,
                                        Emit& emit) const {
  const std::string_view tok = text.TokenText(text.tokens[i]);
  std::vector<uint32_t> mask(tok.size());
  mask.resize(DecodeUtf8(tok, mask.data(), mask.size()));
  const size_t letters = std::count_if(mask.begin(), mask.end(), [](uint32_t c) { return c != '*'; });
  if (letters < 2 || letters == mask.size()) return;
  // The literal run before the first '*' (or after the last) narrows the candidates to a range of
  // the sorted term lists.
  const size_t first_star = tok.find('*');
  const size_t last_star = tok.rfind('*');
  const std::string_view head = tok.substr(0, first_star);
  const std::string_view tail = tok.substr(last_star + 1);
  std::vector<uint32_t> word;
  // Fitting terms, with the number of letters their masks hide. Several may fit ("j*den": juden,
  // jesiden). A writer hides a letter per '*' ("f*ck", "n***er"), so the terms that hide the fewest
  // letters are the reading; they still name one thing only when they all belong to the same
  // entries ("i*neler": ibneler and ipneler, both the same slur). Otherwise the mask is ambiguous.
  struct Fit {
    uint32_t record;
    size_t hidden;
  };
  std::vector<Fit> fits;
  bool too_many = false;
  size_t scanned = 0;
  auto consider = [&](uint32_t r) -> bool {  // false: stop (too many)
    if (++scanned > kMaxMaskCandidates || *budget == 0 || fits.size() > kMaxMaskFits) {
      too_many = true;
      return false;
    }
    --*budget;
    const Record& rec = records[r];
    bool lang_ok = false;
    for (uint32_t k = 0; k < rec.post_count && !lang_ok; ++k) lang_ok = LangAllowed(postings[rec.post_begin + k].lang, msg_lang);
    if (!lang_ok) return true;
    std::string_view s = RecordText(rec);
    word.resize(s.size());
    word.resize(DecodeUtf8(s, word.data(), word.size()));
    if (!MaskFits(mask, word)) return true;
    fits.push_back({r, word.size() - letters});
    return true;
  };
  if (head.size() >= tail.size() && !head.empty()) {
    auto it = std::lower_bound(mask_forward.begin(), mask_forward.end(), head,
                               [&](uint32_t r, std::string_view h) { return RecordText(records[r]) < h; });
    for (; it != mask_forward.end() && RecordText(records[*it]).substr(0, head.size()) == head; ++it) {
      if (!consider(*it)) break;
    }
  } else if (!tail.empty()) {
    const std::string rtail = ReverseCodePoints(tail);
    auto it = std::lower_bound(mask_reversed.begin(), mask_reversed.end(), rtail,
                               [](const std::pair<std::string, uint32_t>& e, const std::string& t) { return e.first < t; });
    for (; it != mask_reversed.end() && std::string_view(it->first).substr(0, rtail.size()) == rtail; ++it) {
      if (!consider(it->second)) break;
    }
  }
  int64_t found = -1;  // record of the reading: -1 none fits, -2 ambiguous
  bool tight = false;  // the reading hides one letter per '*'
  if (too_many) {
    found = -2;
  } else if (!fits.empty()) {
    const size_t fewest = std::min_element(fits.begin(), fits.end(), [](const Fit& a, const Fit& b) {
                            return a.hidden < b.hidden;
                          })->hidden;
    std::erase_if(fits, [&](const Fit& f) { return f.hidden != fewest; });
    auto allowed_entries = [&](uint32_t r) {
      std::vector<uint32_t> out;
      const Record& rec = records[r];
      for (uint32_t k = 0; k < rec.post_count; ++k) {
        const Posting& p = postings[rec.post_begin + k];
        if (LangAllowed(p.lang, msg_lang)) out.push_back(p.entry);
      }
      std::sort(out.begin(), out.end());
      return out;
    };
    const std::vector<uint32_t> first = allowed_entries(fits.front().record);
    const bool one_reading = std::all_of(fits.begin() + 1, fits.end(),
                                         [&](const Fit& f) { return allowed_entries(f.record) == first; });
    found = one_reading ? static_cast<int64_t>(fits.front().record) : -2;
    tight = fewest == static_cast<size_t>(std::count(mask.begin(), mask.end(), uint32_t{'*'}));
  }
  if ((found == -1 || (found >= 0 && !tight)) && !head.empty()) {
    // No whole word fits, or one fits only by hiding more letters than there are masks ("j*den" as
    // jesiden): an inflected form of one prefix stem may ("п*доры", "ж*дов", "jude" + "n"). A stem fits
    // when a start of the masked token that ends in a letter matches it whole and the rest is an
    // ending of at most kMaxMaskEnding letters without a mask ("п*дор" + "ы"; never "п*" + "доры",
    // where the mask would swallow the stem), and the masks hide at most kMaxMaskHidden letters more
    // than they are long ("п*д" is not "полулюд"). Exactly one entry's stems may fit.
    int64_t stem_found = -1;  // prefix_stems index
    uint32_t stem_entry = 0;
    const size_t after_last_mask =
        static_cast<size_t>(std::find(mask.rbegin(), mask.rend(), uint32_t{'*'}) - mask.rbegin());
    const size_t min_k = std::max<size_t>(mask.size() - std::min(after_last_mask, kMaxMaskEnding), 2);  // no '*' in the ending
    auto it = std::lower_bound(mask_stems.begin(), mask_stems.end(), head,
                               [&](uint32_t a, std::string_view h) { return std::string_view(prefix_stems[a].first) < h; });
    for (; it != mask_stems.end() && std::string_view(prefix_stems[*it].first).substr(0, head.size()) == head; ++it) {
      if (++scanned > kMaxMaskCandidates || *budget == 0) {
        stem_found = -2;
        break;
      }
      --*budget;
      const auto& [stem, list] = prefix_stems[*it];
      const Posting* allowed = nullptr;
      for (const Posting& p : list) {
        if (LangAllowed(p.lang, msg_lang)) {
          allowed = &p;
          break;
        }
      }
      if (allowed == nullptr) continue;
      word.resize(stem.size());
      word.resize(DecodeUtf8(stem, word.data(), word.size()));
      bool fits = false;
      for (size_t k = min_k; k <= mask.size() && !fits; ++k) {
        if (mask[k - 1] == '*' || word.size() > k + kMaxMaskHidden) continue;  // a mask hides a letter or a few
        fits = MaskFits(std::span<const uint32_t>(mask).first(k), word);
      }
      if (!fits) continue;
      if (stem_found >= 0 && allowed->entry != stem_entry) {
        stem_found = -2;  // stems of two entries fit: ambiguous
        break;
      }
      if (stem_found < 0) stem_found = *it, stem_entry = allowed->entry;
    }
    if (stem_found >= 0) {
      for (const Posting& p : prefix_stems[stem_found].second) {
        if (LangAllowed(p.lang, msg_lang)) emit(p.entry, i, i, MatchKind::kMasked);
      }
      return;
    }
  }
  if (found < 0) return;
  const Record& rec = records[found];
  for (uint32_t k = 0; k < rec.post_count; ++k) {
    const Posting& p = postings[rec.post_begin + k];
    if (LangAllowed(p.lang, msg_lang)) emit(p.entry, i, i, MatchKind::kMasked);
  }
}

template <typename Emit>
bool CompiledLexicon::Impl::MatchFuzzy(std::string_view tok, size_t i, uint16_t msg_lang, Emit& emit) const {
  bool stem_found = false;
  if (!fuzzy_stems.empty() && tok.size() >= 5) {
    const uint32_t bit = HeadBit(tok);
    if (fuzzy_stem_heads[bit >> 6] & (1ull << (bit & 63))) {
      fuzzy_stems.ForEachAtStart(tok, [&](const Posting& p) {
        if (!LangAllowed(p.lang, msg_lang)) return;
        emit(p.entry, i, i, MatchKind::kFuzzy);
        stem_found = true;
      });
    }
  }
  return (!fuzzy_keys.empty() && MatchFuzzyTerms(tok, i, msg_lang, emit)) || stem_found;
}

template <typename Emit>
bool CompiledLexicon::Impl::MatchFuzzyTerms(std::string_view tok, size_t i, uint16_t msg_lang, Emit& emit) const {
  uint32_t q[kMaxFuzzyChars + 1];
  const size_t L = DecodeUtf8(tok, q, kMaxFuzzyChars);
  if (L > kMaxFuzzyChars) return false;
  if (L < fuzzy_min_chars_any) return false;
  // The gate (see fuzzy_pairs). Exact for L >= 5: a term within distance one then has at least 4
  // code points; an edit at position 2 or later keeps the first pair, one at position 0 or 1 keeps
  // the last pair (a transposition at 1 touches positions 1-2, which needs L >= 5).
  if (L >= 5) {
    const uint64_t* bits = fuzzy_pairs[View(msg_lang)].data();
    const uint32_t head = HeadPairBit(q[0], q[1]), tail = kPairBits + TailPairBit(q[L - 2], q[L - 1]);
    if (!((bits[head >> 6] >> (head & 63)) & 1) && !((bits[tail >> 6] >> (tail & 63)) & 1)) return false;
  }
  uint64_t prefix[kMaxFuzzyChars + 1];
  prefix[0] = 0;
  for (size_t j = 0; j < L; ++j) prefix[j + 1] = prefix[j] * kCodePointBase + q[j];
  const uint64_t H = prefix[L];
  uint32_t seen[8];
  size_t nseen = 0;
  uint32_t word[kMaxFuzzyChars + 1];
  bool found = false;
  const size_t harm_min = static_cast<size_t>(options.fuzzy_min_chars);  // a dropped or added letter from here
  const ProbeBits& pb = fuzzy_probe[View(msg_lang)];
  auto probe = [&](uint64_t h) {
    const uint64_t b = ProbeBit(h, pb.shift);
    if (!((pb.bits[b >> 6] >> (b & 63)) & 1)) return;
    const uint64_t k = Mix(h);
    if (!fuzzy_bloom.MayContain(k, msg_lang)) return;
    const int64_t first = fuzzy_index.Find(k, [](uint32_t) { return true; });
    if (first < 0) return;
    for (auto it = fuzzy_keys.begin() + first; it != fuzzy_keys.end() && it->first == k; ++it) {
      const uint32_t ft = it->second;
      if (std::find(seen, seen + nseen, ft) != seen + nseen) continue;
      if (nseen < 8) seen[nseen++] = ft;
      const FuzzyTerm& t = fuzzy_terms[ft];
      if (size_t{t.chars} + 1 < L || t.chars > L + 1) continue;
      const size_t wl = DecodeUtf8(RecordText(records[t.record]), word, kMaxFuzzyChars);
      if (!DistanceIsOne(q, L, word, wl)) continue;
      for (uint32_t p = 0; p < t.post_count; ++p) {
        const Posting& post = fuzzy_postings[t.post_begin + p];
        // Both sides must be long enough for the entry's kind, and a harm term's typo must be of a
        // kind that seldom makes another word (unless Options::fuzzy_harm asks for every one, for
        // terms of fuzzy_min_chars); below fuzzy_min_chars, only a swap. A group's name is misspelt
        // after its first letter, as typists do: one letter changed in front makes another word
        // ("trauen", to trust, is no "Frauen"; "Kasse" no "Rasse").
        if (LangAllowed(post.lang, msg_lang) && FuzzyEligible(post, L) &&
            (entries[post.entry].indicator == Indicator::kIdentityTerm
                 ? q[0] == word[0]
                 : (options.fuzzy_harm && std::min(L, wl) >= harm_min) || TypoSeldomAWord(q, L, word, wl, harm_min))) {
          emit(post.entry, i, i, MatchKind::kFuzzy);
          found = true;
        }
      }
    }
  };
  probe(H);
  for (size_t j = 0; j < L; ++j) {
    if (j > 0 && q[j] == q[j - 1]) continue;  // same deletion as the previous position
    probe(H + (prefix[j] - prefix[j + 1]) * CpPow(L - 1 - j));
  }
  return found;
}

void CompiledLexicon::Match(const NormalisedText& text, std::vector<vigil::Match>* out) const {
  out->clear();
  const Impl& im = *impl_;
  const uint16_t msg_lang = im.FindLang(text.lang);
  const size_t n = text.tokens.size();
  size_t covered_until = 0;  // tokens < covered_until are inside an exact or prefix match
  // Per-thread buffers, reused across messages (Match allocates nothing here after warm-up): every
  // token's hash (phrase lookups extend the hash of their first token with these), and the memo.
  MatchScratch& scratch = ThreadScratch();
  std::vector<uint64_t>& token_hashes = scratch.token_hashes;
  std::vector<uint64_t>& token_keys = scratch.token_keys;  // Mix(token hash): index, Bloom and memo key
  auto emit = [&](uint32_t entry, size_t first, size_t last, MatchKind kind) {
    vigil::Match m;
    m.entry = entry;
    m.first = static_cast<TokenIndex>(first);
    m.last = static_cast<TokenIndex>(last);
    m.source = SourceSpan{text.tokens[first].source.begin, text.tokens[last].source.end};
    m.kind = kind;
    if (im.has_exclusions[entry] && im.Excluded(text, m, token_hashes.data())) return;
    if (kind == MatchKind::kExact || kind == MatchKind::kJoined || kind == MatchKind::kPrefix) {
      covered_until = std::max(covered_until, last + 1);
    }
    out->push_back(m);
  };
  auto joined_kind = [&](size_t first, size_t last) {
    for (size_t k = first; k <= last; ++k) {
      if (text.tokens[k].flags & kTokenJoined) return MatchKind::kJoined;
    }
    return MatchKind::kExact;
  };

  bool any_squeezed = false;
  size_t mask_budget = kMaxMaskCandidatesPerMessage;
  // The previous token, for two-token concatenation.
  uint64_t prev_hash = 0;
  bool prev_candidate = false;
  std::string_view prev_tok;
  if (token_hashes.size() < n) {  // grow only: no zero-filling per message
    token_hashes.resize(n);
    token_keys.resize(n);
    scratch.token_mkeys.resize(n);
    scratch.interesting.resize(n);
  }
  uint64_t* const token_mkeys = scratch.token_mkeys.data();
  uint32_t* const interesting = scratch.interesting.data();
  // Token views built directly: the normaliser guarantees every token lies inside `canonical`.
  const char* const canon = text.canonical.data();
  const char* const canon_end = canon + text.canonical.size();
  MemoSet* const memo = im.options.token_memo ? scratch.Memo() : nullptr;
  // Memo keys are salted with this lexicon and this message language (see MemoSlot).
  const uint64_t salt = Mix(im.generation * 0x9E3779B97F4A7C15ull + (msg_lang == UINT16_MAX ? 0 : msg_lang + 1u));
  auto memo_set = [memo](uint64_t mkey) { return memo[(mkey >> 40) & (kMemoSets - 1)].way; };
  for (size_t i = 0; i < n; ++i) {
    const Token& t = text.tokens[i];
    const uint64_t h = WordHash(canon + t.text_begin, t.text_size, canon, canon_end);
    const uint64_t key = Mix(h);
    token_hashes[i] = h;
    token_keys[i] = key;
    if (memo != nullptr) {
      const uint64_t mkey = ((key ^ salt) + t.text_size) & ~kMemoInfoMask;
      token_mkeys[i] = mkey;
      // Every token's memo line is requested now, so the loops below rarely wait for one.
      // (Requesting them a fixed 8 or 24 tokens ahead instead measured slower.)
      __builtin_prefetch(memo_set(mkey));
    }
  }
  // An ordinary word seen before (a memo slot whose bits say: not a lexicon word, no prefix stem,
  // no pattern start, no fuzzy match, no part of a glued term) has no effect but that the next
  // token cannot glue onto it. Most tokens are such words: this pass drops them without a branch,
  // and the main loop visits the rest. (Masked and squeezed tokens have rules of their own: always
  // visited. A token over kMemoMaxBytes is never memoised, so only a 56-bit collision, which the
  // memo trusts anyway, could find it a slot.)
  constexpr uint64_t kOrdinary =
      kMemoValid | kMemoNoPrefix | kMemoNoPatternStart | kMemoNoFuzzy | kMemoNoLeftHalf | kMemoNoRightHalf;
  static_assert((kOrdinary | kMemoKnown | kMemoOneEntry) == kMemoInfoMask, "an ordinary slot's info bits are exactly kOrdinary");
  size_t visits = 0;
  uint32_t flags_seen = 0;
  if (memo != nullptr) {
    for (size_t i = 0; i < n; ++i) {
      const Token& t = text.tokens[i];
      const uint64_t want = token_mkeys[i] | kOrdinary;
      const MemoSlot* const set = memo_set(token_mkeys[i]);
      const bool ordinary = (set[0].tag == want) | (set[1].tag == want) | (set[2].tag == want) | (set[3].tag == want);
      flags_seen |= t.flags;
      interesting[visits] = static_cast<uint32_t>(i);
      visits += !ordinary | ((t.flags & (kTokenMasked | kTokenSqueezed)) != 0);
    }
  } else {
    for (size_t i = 0; i < n; ++i) {
      flags_seen |= text.tokens[i].flags;
      interesting[visits++] = static_cast<uint32_t>(i);
    }
  }
  any_squeezed = (flags_seen & kTokenSqueezed) != 0;
  const size_t view = im.View(msg_lang);
  const Bloom& bigram_bloom = im.bigram_bloom.ForView(view);
  const Bloom& phrase_bloom = im.phrase_bloom.ForView(view);
  scratch.pattern_starts.clear();
  std::fill(std::begin(scratch.started), std::end(scratch.started), 0);
  size_t prev_i = SIZE_MAX;
  for (size_t v = 0; v < visits; ++v) {
    const size_t i = interesting[v];
    if (prev_i + 1 != i) prev_candidate = false;  // an ordinary word came between
    prev_i = i;
    const Token& t = text.tokens[i];
    const std::string_view tok(canon + t.text_begin, t.text_size);
    const uint64_t h = token_hashes[i];
    const uint64_t key = token_keys[i];
    // The token's memo slot: a hit gives the index lookup's outcome and which of the per-token
    // searches (prefix stems, fuzzy) are known to find nothing; a miss computes them below.
    MemoSlot* ms = nullptr;
    MemoSlot fresh{};
    if (memo != nullptr && tok.size() <= kMemoMaxBytes) {
      const uint64_t mkey = token_mkeys[i];
      MemoSlot* const set = memo_set(mkey);
      for (size_t w = 0; w < kMemoWays; ++w) {
        if ((set[w].tag & ~kMemoInfoMask) == mkey && (set[w].tag & kMemoValid)) {
          ms = &set[w];
          break;
        }
      }
      if (ms == nullptr) {  // a miss: the newest goes first, the oldest of the set is dropped
        std::memmove(set + 1, set, (kMemoWays - 1) * sizeof(MemoSlot));
        set[0] = MemoSlot{mkey, 0, 0};
        ms = &set[0];
      }
    } else {
      ms = &fresh;
    }
    if (!(ms->tag & kMemoValid)) {
      // Whether the token is a lexicon word of the message's language (verified against the
      // stored text), which turns fuzzy and concatenation off for it.
      ms->tag |= kMemoValid;
      // (A glued pair's parts have two code points at least, as below: "a", "и", "و" never glue.)
      if (!im.options.concatenation || tok.size() < 2 || (tok.size() < 5 && CountCodePoints(tok) < 2)) {
        ms->tag |= kMemoNoLeftHalf | kMemoNoRightHalf;
      } else if (ms != &fresh) {
        if (!im.concat_halves.MayContain(Impl::HalfKey(h, false), msg_lang)) ms->tag |= kMemoNoLeftHalf;
        if (!im.concat_halves.MayContain(Impl::HalfKey(h, true), msg_lang)) ms->tag |= kMemoNoRightHalf;
      }
      // (Fuzzy matching starts at fuzzy_min_chars_any code points; a token has at least as many bytes.)
      if (tok.size() < im.fuzzy_min_chars_any || !im.options.fuzzy || (im.fuzzy_keys.empty() && im.fuzzy_stems.empty())) {
        ms->tag |= kMemoNoFuzzy;
      }
      const HashIndex::Slot* slot = im.first_bloom.MayContain(key, msg_lang) ? im.index.FindSlot(key) : nullptr;
      if (slot != nullptr) {
        int64_t r = slot->value;
        if (im.RecordText(im.records[r]) != tok) r = im.FindRecord(key, tok);  // a 64-bit collision
        if (r >= 0 && im.RecordInView(static_cast<uint32_t>(r), msg_lang)) {
          const Impl::Record& rec = im.records[r];
          ms->tag |= kMemoKnown;
          ms->value = static_cast<uint32_t>(r);
          ms->aux = Impl::RecordAux(rec);
          // Most lexicon words have one posting for the message's language and no multi-word
          // prefix term: the memo then holds that entry, and a hit touches neither record nor postings.
          if (rec.mwp_count == 0) {
            uint32_t allowed = 0, entry = 0;
            for (uint32_t k = 0; k < rec.post_count; ++k) {
              const Posting& p = im.postings[rec.post_begin + k];
              if (im.LangAllowed(p.lang, msg_lang)) ++allowed, entry = p.entry;
            }
            if (allowed == 0) ms->aux &= ~1u;
            if (allowed == 1) {
              ms->tag |= kMemoOneEntry;
              ms->value = entry;
            }
          }
        }
      }
    }
    // An ordinary word (above) that the first pass could not drop: memoised by an earlier token of
    // this message.
    if ((ms->tag & (kOrdinary | kMemoKnown)) == kOrdinary && !(t.flags & (kTokenMasked | kTokenSqueezed))) {
      prev_candidate = false;
      continue;
    }
    const bool known = (ms->tag & kMemoKnown) != 0;
    if (known) {
      const uint32_t aux = ms->aux;
      if (ms->tag & kMemoOneEntry) {  // (only set with a posting: aux bit 0)
        emit(ms->value, i, i, joined_kind(i, i));
      } else if (aux & 3u) {
        // The memo trusts its 56-bit salted key both ways (see MemoSlot); the token was verified
        // against the record's text when it was memoised.
        const Impl::Record& rec = im.records[ms->value];
        for (uint32_t k = 0; k < rec.post_count; ++k) {
          const Posting& p = im.postings[rec.post_begin + k];
          if (im.LangAllowed(p.lang, msg_lang)) emit(p.entry, i, i, joined_kind(i, i));
        }
        // Multi-word prefix terms starting here.
        for (uint32_t k = 0; k < rec.mwp_count; ++k) {
          const auto& mw = im.mw_prefixes[rec.mwp_begin + k];
          const size_t last = i + mw.posting.tokens - 1;
          if (last >= n || !im.LangAllowed(mw.posting.lang, msg_lang)) continue;
          if (text.Span(static_cast<TokenIndex>(i), static_cast<TokenIndex>(last - 1)) != mw.head) continue;
          if (text.TokenText(text.tokens[last]).substr(0, mw.stem.size()) != mw.stem) continue;
          emit(mw.posting.entry, i, last, MatchKind::kPrefix);
        }
      }
      // Longer terms starting here: extend the hash token by token, probe only lengths some term has.
      const uint32_t lengths = aux & ~3u;
      if (lengths != 0) {
        uint64_t span_hash = h;
        const size_t top = 31 - __builtin_clz(lengths);  // bit 31 stands for 31 and 32 tokens
        size_t max_len = std::min<size_t>(top == 31 ? kMaxTermTokens : top, n - i);
        if (max_len >= 2) {
          const uint64_t bigram = Mix(ConcatSpace(h, token_hashes[i + 1], text.tokens[i + 1].text_size));
          if (!bigram_bloom.MayContain(bigram)) max_len = 1;  // no phrase starts with these two tokens
        }
        for (size_t len = 2; len <= max_len; ++len) {
          span_hash = ConcatSpace(span_hash, token_hashes[i + len - 1], text.tokens[i + len - 1].text_size);
          if (!(lengths & (len < 32 ? (1u << len) : (1u << 31)))) continue;  // 32 tokens share the top bit
          const uint64_t span_key = Mix(span_hash);
          if (!phrase_bloom.MayContain(span_key)) continue;
          const std::string_view span = text.Span(static_cast<TokenIndex>(i), static_cast<TokenIndex>(i + len - 1));
          const int64_t r2 = im.FindRecord(span_key, span);
          if (r2 < 0) continue;
          const Impl::Record& rec2 = im.records[r2];
          for (uint32_t k = 0; k < rec2.post_count; ++k) {
            const Posting& p = im.postings[rec2.post_begin + k];
            if (im.LangAllowed(p.lang, msg_lang)) emit(p.entry, i, i + len - 1, joined_kind(i, i + len - 1));
          }
        }
      }
    }
    // A lexicon word is covered: no fuzzy, masked or glued match can involve it. When it starts no
    // prefix stem and no pattern either, it is done.
    if (known && (ms->tag & (kMemoNoPrefix | kMemoNoPatternStart)) == (kMemoNoPrefix | kMemoNoPatternStart)) {
      prev_candidate = false;
      continue;
    }
    // Single-word prefix stems: a 4-byte head bitmap rejects almost every token first.
    if (!(ms->tag & kMemoNoPrefix)) {
      bool found = false;
      if (!im.prefix_stems.empty() && tok.size() >= 4) {
        uint32_t head = 0;
        std::memcpy(&head, tok.data(), 4);
        const uint32_t bit = (head * 0x9E3779B1u) >> 16;
        if (im.prefix_heads[bit >> 6] & (1ull << (bit & 63))) {
          im.ForEachPrefixStemPosting(tok, msg_lang, [&](const Posting& p) {
            emit(p.entry, i, i, MatchKind::kPrefix);
            found = true;
          });
        }
      }
      if (!found) ms->tag |= kMemoNoPrefix;
    }
    // Patterns that may start at this token: its gate words from the gate memo, or looked up.
    if (!(ms->tag & kMemoNoPatternStart)) {
      GateMemoSlot* const gs =
          ms != &fresh ? &scratch.GateMemo()[(token_mkeys[i] >> 20) & (kGateMemoSlots - 1)] : nullptr;
      if (gs != nullptr && gs->tag == (token_mkeys[i] | 1)) {
        im.PatternStarts(gs->values, gs->count, i, text, token_hashes.data(), &scratch.pattern_starts, scratch.started);
      } else {
        std::vector<uint32_t>& values = scratch.gate_values;
        values.clear();
        im.GateValues(tok, view, &values);
        if (values.empty()) {
          ms->tag |= kMemoNoPatternStart;
        } else {
          if (gs != nullptr && values.size() <= kGateMemoValues) {
            gs->tag = token_mkeys[i] | 1;
            gs->count = static_cast<uint32_t>(values.size());
            std::copy(values.begin(), values.end(), gs->values);
          }
          im.PatternStarts(values.data(), values.size(), i, text, token_hashes.data(), &scratch.pattern_starts, scratch.started);
        }
      }
    }
    const bool covered = known || i < covered_until;
    const bool masked = (t.flags & kTokenMasked) != 0;  // the normaliser flags every token holding '*'

    if (masked && !covered && im.options.masked && mask_budget > 0) im.MatchMasked(text, i, msg_lang, &mask_budget, emit);
    // (kMemoNoFuzzy is also set when memoising a token under fuzzy_min_chars_any bytes, or with fuzzy off.)
    if (!covered && !masked && !(t.flags & kTokenNumeric) && !(ms->tag & kMemoNoFuzzy)) {
      // (covered: not a lexicon word, so the slot's value and aux are free for the fuzzy outcome.)
      if (ms->aux == kMemoAuxFuzzyEntry) {
        emit(ms->value, i, i, MatchKind::kFuzzy);
      } else {
        uint32_t fuzzy_entry = 0;
        int fuzzy_entries = 0;  // distinct entries found, counting to 2
        auto note = [&](uint32_t entry, size_t first, size_t last, MatchKind kind) {
          if (fuzzy_entries == 0 || entry != fuzzy_entry) fuzzy_entries = std::min(fuzzy_entries + 1, 2);
          fuzzy_entry = entry;
          emit(entry, first, last, kind);
        };
        if (!im.MatchFuzzy(tok, i, msg_lang, note)) {
          ms->tag |= kMemoNoFuzzy;
        } else if (fuzzy_entries == 1 && ms != &fresh) {
          ms->value = fuzzy_entry;
          ms->aux = kMemoAuxFuzzyEntry;
        }
      }
    }
    // Two adjacent non-lexicon tokens glued into one term ("Mus lims"). A token that can be neither
    // part of a glued term needs no test: its half bits rule it out, and they are both set for a
    // token of one code point when the slot is filled (above).
    constexpr uint64_t kNoHalves = kMemoNoLeftHalf | kMemoNoRightHalf;
    const bool candidate = (ms->tag & kNoHalves) != kNoHalves && !covered && !masked && !(t.flags & kTokenNumeric);
    // (Both half bits are set with concatenation off.)
    if (candidate && prev_candidate && t.before == Boundary::kNone && !(ms->tag & kMemoNoRightHalf)) {
      const uint64_t ck = Mix(Concat(prev_hash, h, tok.size()));
      if (im.concat_bloom.MayContain(ck, msg_lang)) {
        const int64_t r = im.FindRecordConcat(ck, prev_tok, tok);
        if (r >= 0 && im.records[r].concat_ok) {
          const Impl::Record& rec = im.records[r];
          const size_t chars = CountCodePoints(prev_tok) + CountCodePoints(tok);
          for (uint32_t k = 0; k < rec.post_count; ++k) {
            const Posting& p = im.postings[rec.post_begin + k];
            const Indicator ind = im.entries[p.entry].indicator;
            if ((IsHarmIndicator(ind) || ind == Indicator::kIdentityTerm) &&
                chars >= static_cast<size_t>(im.options.concatenation_min_chars) && im.LangAllowed(p.lang, msg_lang)) {
              emit(p.entry, i - 1, i, MatchKind::kConcatenated);
            }
          }
        }
      }
    }
    prev_hash = h;
    prev_tok = tok;
    prev_candidate = candidate && !(ms->tag & kMemoNoLeftHalf);
  }
  // The token loop emits in order of first token (a concatenation, first = i - 1, comes after every
  // match starting at i - 1): that part is nearly sorted already.
  const size_t loop_matches = out->size();
  if (any_squeezed && im.options.squeezed && !(im.squeezed.empty() && im.squeezed_stems.empty())) {
    im.MatchSqueezed(text, msg_lang, emit);
  }
  if (text.any_joined) im.MatchJoinedTrimmed(text, msg_lang, emit);
  if (flags_seen & (kTokenHashtag | kTokenCamelCase | kTokenInWord)) im.MatchFused(text, msg_lang, token_hashes.data(), emit);
  if (flags_seen & kTokenGluedHashtag) im.MatchGluedHashtags(text, msg_lang, token_hashes.data(), emit);
  if (!text.leet_alternatives.empty()) im.MatchLeetAlternatives(text, msg_lang, emit);
  if (!im.patterns.empty() && n > 0) {
    im.MatchPatterns(text, msg_lang, &scratch.pattern_starts, &scratch.pattern_starts_spare, &scratch.set_hits, emit);
  }

  if (out->size() > 1) {
    auto less = [](const vigil::Match& a, const vigil::Match& b) {
      if (a.first != b.first) return a.first < b.first;
      if (a.last != b.last) return a.last < b.last;
      if (a.entry != b.entry) return a.entry < b.entry;
      return KindRank(a.kind) < KindRank(b.kind);
    };
    // Insertion sort of the nearly sorted part (linear when each first token's few matches are
    // out of order among themselves), a sort of the rest, one merge.
    const auto mid = out->begin() + static_cast<std::ptrdiff_t>(loop_matches);
    for (auto it = out->begin() + 1; it < mid; ++it) {
      const vigil::Match m = *it;
      auto hole = it;
      for (; hole != out->begin() && less(m, *(hole - 1)); --hole) *hole = *(hole - 1);
      *hole = m;
    }
    std::sort(mid, out->end(), less);
    std::inplace_merge(out->begin(), mid, out->end(), less);
    out->erase(std::unique(out->begin(), out->end(),
                           [](const vigil::Match& a, const vigil::Match& b) {
                             return a.first == b.first && a.last == b.last && a.entry == b.entry;
                           }),
               out->end());
  }
}

}  // namespace vigil
