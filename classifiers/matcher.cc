#include "classifiers/matcher.h"

#include <re2/re2.h>

#include <algorithm>
#include <cstdio>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

namespace vigil {
namespace {

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

uint64_t Fnv1a(uint64_t h, std::string_view s) {
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h ^ 0xff;  // field separator
}

size_t CountTokens(std::string_view canonical) {
  return canonical.empty() ? 0 : 1 + std::count(canonical.begin(), canonical.end(), ' ');
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
  }
  return "exact";
}

struct CompiledLexicon::Impl {
  Options options;
  std::vector<Entry> entries;
  std::string version;
  std::vector<std::string> langs;                   // lang id -> code
  std::unordered_map<std::string, uint16_t> lang_ids;
  uint16_t mul_lang = UINT16_MAX;
  // First token of every literal term -> longest term (in tokens) starting with it.
  StringMap<uint16_t> first_token_max;
  // Canonical term (tokens joined by ' ') -> postings.
  StringMap<std::vector<Posting>> literals;
  // Canonical prefix of the last word -> postings; `tokens` counts words including the prefix word.
  StringMap<std::vector<Posting>> prefixes;
  std::vector<size_t> prefix_lengths;  // distinct byte lengths of prefix words
  struct Pattern {
    uint32_t entry;
    uint16_t lang;
    std::unique_ptr<RE2> re;
  };
  std::vector<Pattern> patterns;
  // Per entry: canonical exclusion phrases.
  std::vector<std::vector<std::string>> exclusions;

  uint16_t LangId(const std::string& code) {
    auto [it, inserted] = lang_ids.emplace(code, static_cast<uint16_t>(langs.size()));
    if (inserted) langs.push_back(code);
    return it->second;
  }

  // Which postings may fire for a message in language `msg_lang` (UINT16_MAX: any).
  bool LangAllowed(uint16_t entry_lang, uint16_t msg_lang) const {
    return msg_lang == UINT16_MAX || entry_lang == msg_lang || entry_lang == mul_lang;
  }

  bool Excluded(const NormalisedText& text, const vigil::Match& m) const {
    const auto& ex = exclusions[m.entry];
    if (ex.empty()) return false;
    const size_t n = text.tokens.size();
    for (const std::string& phrase : ex) {
      size_t k = CountTokens(phrase);
      if (k == 0 || k > n) continue;
      size_t lo = m.last + 1 >= k ? m.last + 1 - k : 0;
      for (size_t s = lo; s <= m.first && s + k <= n; ++s) {
        if (text.Span(static_cast<TokenIndex>(s), static_cast<TokenIndex>(s + k - 1)) == phrase) return true;
      }
    }
    return false;
  }
};

CompiledLexicon::CompiledLexicon(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
CompiledLexicon::~CompiledLexicon() = default;

const std::vector<Entry>& CompiledLexicon::entries() const { return impl_->entries; }
const std::string& CompiledLexicon::version() const { return impl_->version; }
size_t CompiledLexicon::literal_keys() const { return impl_->literals.size() + impl_->prefixes.size(); }
size_t CompiledLexicon::pattern_count() const { return impl_->patterns.size(); }

StatusOr<std::shared_ptr<const CompiledLexicon>> CompiledLexicon::Create(std::vector<Entry> entries,
                                                                         Normaliser* normaliser,
                                                                         const Options& options) {
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  entries.erase(std::remove_if(entries.begin(), entries.end(),
                               [](const Entry& e) { return e.status == EntryStatus::kDeprecated; }),
                entries.end());
  // Sorted by id so the version hash and entry indices do not depend on file order.
  std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) { return a.id < b.id; });
  impl->entries = std::move(entries);
  impl->mul_lang = impl->LangId("mul");
  impl->exclusions.resize(impl->entries.size());

  uint64_t hash = 1469598103934665603ull;
  std::unordered_set<size_t> prefix_lengths;
  for (uint32_t idx = 0; idx < impl->entries.size(); ++idx) {
    const Entry& e = impl->entries[idx];
    hash = Fnv1a(hash, e.id);
    hash = Fnv1a(hash, IndicatorName(e.indicator));
    for (const auto& t : e.terms) hash = Fnv1a(hash, t);
    hash = Fnv1a(hash, e.pattern);
    hash = Fnv1a(hash, std::to_string(e.weight));
    hash = Fnv1a(hash, e.target);
    for (const auto& x : e.exclusions) hash = Fnv1a(hash, x);

    const uint16_t lang = impl->LangId(e.lang);
    for (const std::string& term : e.terms) {
      std::string canon = normaliser->CanonicalTerm(term, e.lang);
      if (canon.empty()) {
        return InvalidArgument(e.file + ":" + std::to_string(e.line) + ": entry '" + e.id + "': term '" + term +
                               "' normalises to nothing");
      }
      const size_t ntok = CountTokens(canon);
      if (ntok > 32) {
        return InvalidArgument(e.file + ":" + std::to_string(e.line) + ": entry '" + e.id + "': term '" + term +
                               "' has more than 32 words");
      }
      Posting p{idx, lang, static_cast<uint16_t>(ntok)};
      if (e.match == MatchMode::kPrefix) {
        size_t sp = canon.find_last_of(' ');
        size_t last_len = sp == std::string::npos ? canon.size() : canon.size() - sp - 1;
        prefix_lengths.insert(last_len);
        auto& list = impl->prefixes[canon];
        list.push_back(p);
      } else {
        auto& list = impl->literals[canon];
        if (std::none_of(list.begin(), list.end(), [&](const Posting& q) { return q.entry == idx; })) list.push_back(p);
      }
      std::string first = canon.substr(0, canon.find(' '));
      if (e.match == MatchMode::kPrefix && ntok == 1) continue;  // single prefix words use the prefix table
      auto& mx = impl->first_token_max[first];
      mx = std::max<uint16_t>(mx, static_cast<uint16_t>(ntok));
    }
    if (!e.pattern.empty()) {
      RE2::Options opts;
      opts.set_log_errors(false);
      opts.set_max_mem(8 << 20);
      auto re = std::make_unique<RE2>(e.pattern, opts);
      if (!re->ok()) {
        return InvalidArgument(e.file + ":" + std::to_string(e.line) + ": entry '" + e.id +
                               "': invalid RE2 pattern: " + re->error());
      }
      impl->patterns.push_back(Impl::Pattern{idx, lang, std::move(re)});
    }
    for (const std::string& x : e.exclusions) {
      std::string canon = normaliser->CanonicalTerm(x, e.lang);
      if (!canon.empty()) impl->exclusions[idx].push_back(std::move(canon));
    }
  }
  impl->prefix_lengths.assign(prefix_lengths.begin(), prefix_lengths.end());
  std::sort(impl->prefix_lengths.begin(), impl->prefix_lengths.end());
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(hash));
  impl->version = buf;
  return std::shared_ptr<const CompiledLexicon>(new CompiledLexicon(std::move(impl)));
}

void CompiledLexicon::Match(const NormalisedText& text, std::vector<vigil::Match>* out) const {
  out->clear();
  const Impl& im = *impl_;
  uint16_t msg_lang = UINT16_MAX;
  if (!text.lang.empty()) {
    auto it = im.lang_ids.find(text.lang);
    if (it != im.lang_ids.end()) msg_lang = it->second;
  }
  const size_t n = text.tokens.size();
  auto emit = [&](uint32_t entry, size_t first, size_t last, MatchKind kind) {
    vigil::Match m;
    m.entry = entry;
    m.first = static_cast<TokenIndex>(first);
    m.last = static_cast<TokenIndex>(last);
    m.source = SourceSpan{text.tokens[first].source.begin, text.tokens[last].source.end};
    m.kind = kind;
    if (!im.Excluded(text, m)) out->push_back(m);
  };
  for (size_t i = 0; i < n; ++i) {
    const std::string_view tok = text.TokenText(text.tokens[i]);
    auto first = im.first_token_max.find(tok);
    if (first != im.first_token_max.end()) {
      const size_t max_len = std::min<size_t>(first->second, n - i);
      for (size_t len = 1; len <= max_len; ++len) {
        auto hit = im.literals.find(text.Span(static_cast<TokenIndex>(i), static_cast<TokenIndex>(i + len - 1)));
        if (hit == im.literals.end()) continue;
        for (const Posting& p : hit->second) {
          if (im.LangAllowed(p.lang, msg_lang)) emit(p.entry, i, i + len - 1, MatchKind::kExact);
        }
      }
    }
    // Prefix terms: the word ending at token i starts with a prefix; earlier words (if any) exact.
    if (!im.prefixes.empty()) {
      for (size_t plen : im.prefix_lengths) {
        if (plen > tok.size()) break;
        // Single-word prefixes.
        auto hit = im.prefixes.find(tok.substr(0, plen));
        if (hit == im.prefixes.end()) continue;
        for (const Posting& p : hit->second) {
          if (p.tokens == 1 && im.LangAllowed(p.lang, msg_lang)) emit(p.entry, i, i, MatchKind::kPrefix);
        }
      }
      // Multi-word prefix terms: try phrases ending at i.
      for (size_t back = 1; back < 8 && back <= i; ++back) {
        std::string_view head = text.Span(static_cast<TokenIndex>(i - back), static_cast<TokenIndex>(i - 1));
        for (size_t plen : im.prefix_lengths) {
          if (plen > tok.size()) break;
          std::string key;
          key.reserve(head.size() + 1 + plen);
          key.append(head).push_back(' ');
          key.append(tok.substr(0, plen));
          auto hit = im.prefixes.find(key);
          if (hit == im.prefixes.end()) continue;
          for (const Posting& p : hit->second) {
            if (p.tokens == back + 1 && im.LangAllowed(p.lang, msg_lang)) emit(p.entry, i - back, i, MatchKind::kPrefix);
          }
        }
      }
    }
  }
  if (!im.patterns.empty() && n > 0) {
    const std::string_view canon = text.canonical;
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
    for (const auto& pat : im.patterns) {
      if (!im.LangAllowed(pat.lang, msg_lang)) continue;
      re2::StringPiece whole(canon.data(), canon.size());
      re2::StringPiece piece;
      size_t pos = 0;
      while (pos <= canon.size() &&
             pat.re->Match(whole, pos, canon.size(), RE2::UNANCHORED, &piece, 1)) {
        size_t b = piece.data() - canon.data();
        size_t e = b + piece.size();
        long ft = token_starting_at(b);
        long lt = piece.empty() ? -1 : token_ending_at(e);
        if (ft >= 0 && lt >= ft) emit(pat.entry, ft, lt, MatchKind::kPattern);
        pos = piece.empty() ? b + 1 : e;
        if (piece.empty() && b >= canon.size()) break;
      }
    }
  }
  std::sort(out->begin(), out->end(), [](const vigil::Match& a, const vigil::Match& b) {
    return a.first != b.first ? a.first < b.first : (a.last != b.last ? a.last < b.last : a.entry < b.entry);
  });
  out->erase(std::unique(out->begin(), out->end(),
                         [](const vigil::Match& a, const vigil::Match& b) {
                           return a.first == b.first && a.last == b.last && a.entry == b.entry;
                         }),
             out->end());
}

}  // namespace vigil
