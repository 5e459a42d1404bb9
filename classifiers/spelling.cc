#include "classifiers/spelling.h"

#include <algorithm>
#include <array>
#include <functional>
#include <optional>

#include <unicode/uchar.h>

#include "classifiers/internal/languages.h"
#include "classifiers/internal/utf8.h"

namespace vigil {
namespace {

constexpr size_t kMaxCodePoints = 40;  // longer tokens are left alone

// A token a typo may hide: letters only (as far as the normaliser's flags tell), no masks, digits,
// script written without spaces, nor letters spaced out ("s k i l l" is a word, not "s" + "kill"),
// nor digits read as letters ("SHA1" is no "shia").
bool Candidate(const Token& t) {
  return !(t.flags & (kTokenNumeric | kTokenMasked | kTokenSegmented | kTokenZawgyi | kTokenJoined | kTokenLeet |
                      kTokenLeetAlt));
}

// Whether `w` is letters of Latin or Cyrillic script only, three consonants at least and more than
// three per vowel (languages::IsVowel): a word that may have had its vowels left out ("mslms",
// "flchtlnge"), not one that has them ("charset").
bool VowelPoor(std::string_view w) {
  size_t vowels = 0, others = 0;
  const auto* p = reinterpret_cast<const uint8_t*>(w.data());
  for (int32_t k = 0, n = static_cast<int32_t>(w.size()); k < n;) {
    UChar32 c = 0;
    U8_NEXT(p, k, n, c);
    if (c < 0 || c >= 0x530 || !u_isalpha(c)) return false;
    languages::IsVowel(static_cast<char32_t>(c)) ? ++vowels : ++others;
  }
  return others >= 3 && vowels * 3 < others;
}

// Whether a word is written in capitals, two at least and no small letter ("PKS", "NGOs" is not).
bool Acronym(std::string_view source) {
  size_t upper = 0;
  const auto* p = reinterpret_cast<const uint8_t*>(source.data());
  for (int32_t k = 0, n = static_cast<int32_t>(source.size()); k < n;) {
    UChar32 c = 0;
    U8_NEXT(p, k, n, c);
    if (u_islower(c)) return false;
    upper += u_isupper(c) ? 1 : 0;
  }
  return upper >= 2;
}

}  // namespace

std::vector<SpellingFix> ProposeSpellingFixes(std::string_view original, const NormalisedText& text,
                                              const std::vector<Match>& matches, const CompiledLexicon& lexicon,
                                              const WordList& words, SpellingMemo* memo, size_t max_fixes,
                                              bool vowel_poor_only) {
  std::vector<SpellingFix> fixes;
  if (text.lang.empty() || max_fixes == 0) return fixes;
  std::vector<bool> covered(text.tokens.size(), false);
  // (An approximate match is a guess the scorer may drop, "rmoa" ~ roma as fuzzy: no cover.)
  for (const Match& m : matches) {
    if (IsApproximate(m.kind)) continue;
    for (TokenIndex i = m.first; i <= m.last && i < covered.size(); ++i) covered[i] = true;
  }
  const bool compounds = languages::WritesCompoundsAsOneWord(text.lang);
  // (In a Bantu language the second word of a split failing a name has six letters at least: a
  // shorter end may be the stem of the same verb, "walio" + "choma".)
  const size_t plain_right_min = languages::PrefixesVerbs(text.lang) ? 6 : 2;
  const uint64_t salt = std::hash<std::string_view>()(lexicon.version()) * 0x9E3779B97F4A7C15ull ^
                        std::hash<std::string_view>()(text.lang);
  // The dictionary is asked last, for the few tokens the lexicon's words would correct: it is slow
  // and shared by every worker. A language without one gets no fixes.
  int covered_lang = -1;  // unknown yet
  auto is_word = [&](const Token& t) {
    if (covered_lang < 0) covered_lang = words.Covers(text.lang) ? 1 : 0;
    return covered_lang == 0 || t.source.end > original.size() || words.Knows(text.lang, t.source.Slice(original));
  };
  const CompiledLexicon::SpellingLang lang = lexicon.SpellingLanguage(text.lang);
  std::vector<std::string> found;
  std::string s;
  std::vector<TokenIndex> plain_tokens;  // tokens fixed by a split failing a name, which a join overrides
  constexpr uint8_t kNames = CompiledLexicon::kSpellHarm | CompiledLexicon::kSpellGroup;
  // Appends to `found` the words that are `w` (of n code points) with its vowels put back; failing
  // any, a word's stem with its vowels put back and w's ending after it, when the stem's skeleton is
  // w's without an ending of up to two letters: inflected stems ("Flchtlnge" -> flüchtling + e,
  // "Srylilr" -> suriyeli + lr, "mslmns" -> musulman + s).
  std::vector<std::string> stems;
  // Of the words found[from...], those that put back the fewest vowels: the least that makes a word
  // ("srylilr" is suriyeliler, not suriyelilere; "kurtlar", wolves, and "kurtler", Kurds, tie for
  // "krtlr", which then has no fix).
  auto keep_fewest_vowels = [&](size_t from) {
    auto vowels = [](const std::string& x) {
      size_t v = 0;
      const auto* p = reinterpret_cast<const uint8_t*>(x.data());
      for (int32_t k = 0, n = static_cast<int32_t>(x.size()); k < n;) {
        UChar32 c = 0;
        U8_NEXT(p, k, n, c);
        v += languages::IsVowel(static_cast<char32_t>(c));
      }
      return v;
    };
    size_t fewest = SIZE_MAX;
    for (size_t k = from; k < found.size(); ++k) fewest = std::min(fewest, vowels(found[k]));
    found.erase(std::remove_if(found.begin() + static_cast<long>(from), found.end(),
                               [&](const std::string& x) { return vowels(x) != fewest; }),
                found.end());
  };
  // (`at`: w's code point starts, as propose has them.)
  auto vowelled = [&](std::string_view w, const uint32_t* at, size_t n) {
    const size_t before = found.size();
    lexicon.SpellingWordsWithVowels(w, lang, &found);
    if (found.size() > before) return keep_fewest_vowels(before);
    for (size_t end = 1; end <= 2 && end + 3 <= n; ++end) {
      const std::string_view stem = w.substr(0, at[n - end]), ending = w.substr(at[n - end]);
      stems.clear();
      lexicon.SpellingWordsWithVowels(stem, lang, &stems);
      for (std::string& x : stems) {
        x.append(ending);
        if (std::find(found.begin(), found.end(), x) == found.end()) found.push_back(std::move(x));
      }
    }
    keep_fewest_vowels(before);
  };
  // The fix for token i, if any.
  auto propose = [&](TokenIndex i, const Token& t, std::string_view w, const uint32_t* at,
                     size_t n) -> std::optional<SpellingFix> {
    if (lexicon.SpellingWord(w, lang) != 0) return std::nullopt;
    found.clear();
    auto add = [&](std::string_view word) {
      if (std::find(found.begin(), found.end(), word) == found.end()) found.emplace_back(word);
    };
    // Two adjacent letters swapped, after the first.
    for (size_t k = 1; k + 1 < n; ++k) {
      const std::string_view a = w.substr(at[k], at[k + 1] - at[k]), b = w.substr(at[k + 1], at[k + 2] - at[k + 1]);
      if (a == b) continue;
      s.assign(w.substr(0, at[k]));
      s.append(b).append(a).append(w.substr(at[k + 2]));
      if (lexicon.SpellingWord(s, lang) != 0) add(s);
    }
    // One letter too many: a key struck twice, inside the word ("disgussting"). Another extra
    // letter is too often another word ("sağlak" ~ salak), and a last one an inflection ("Хохлома").
    if (n >= 6) {
      for (size_t k = 1; k + 1 < n; ++k) {
        const std::string_view c = w.substr(at[k], at[k + 1] - at[k]);
        if (c != w.substr(at[k - 1], at[k] - at[k - 1]) && c != w.substr(at[k + 1], at[k + 2] - at[k + 1])) continue;
        s.assign(w.substr(0, at[k]));
        s.append(w.substr(at[k + 1]));
        if (lexicon.SpellingWord(s, lang) != 0) add(s);
      }
    }
    // One letter left out.
    // (From 6 code points: five-letter names are too often one letter from a term, "Mahia" ~ mashia.)
    if (n >= 6) lexicon.SpellingWordsOneLetterLonger(w, lang, &found);
    // Failing those, vowels left out, two at least or all of them ("mslms", "gtnos"), from a word
    // poor in vowels that is not written in capitals (an acronym: "PKS", "MNG") nor an English word
    // (posts in every language quote English: "Forms" is no "fourmis").
    const bool by_vowels = found.empty() && VowelPoor(w) && !Acronym(t.source.Slice(original));
    if (by_vowels) vowelled(w, at, n);
    if (found.size() == 1) {
      if (is_word(t) || (by_vowels && words.Knows("en", t.source.Slice(original)))) return std::nullopt;
      return SpellingFix{i, found[0], {}};
    }
    if (!found.empty() || compounds || n < 5) return std::nullopt;
    // Two words written as one: a harm or group word of 4+ code points and, before it, a word of some
    // term or of the dictionary, or after it a word of some term (the token itself is no word of the
    // dictionary: "therapist" is never "the rapist").
    SpellingFix split{i, {}, {}}, plain{i, {}, {}};
    int splits = 0, plain_splits = 0;
    // (A word of one or two letters must be a term's: "f" + "reek" is the name "Freek", "p" + "kill" a command.)
    auto word_here = [&](std::string_view part, size_t part_n, uint8_t flags) {
      return flags != 0 || (part_n >= 3 && covered_lang != 0 && words.Knows(text.lang, part));
    };
    for (size_t k = 1; k < n && splits < 2; ++k) {
      const std::string_view left = w.substr(0, at[k]), right = w.substr(at[k]);
      const size_t left_n = k, right_n = n - k;
      const uint8_t l = lexicon.SpellingWord(left, lang), r = lexicon.SpellingWord(right, lang);
      // (The other word has two letters at least beside a group's name: "хохлом" + "а" is the place
      // name "Хохлома"; one is enough before a harm word: "Ihate".)
      const bool right_named = (r & kNames) && right_n >= 4 && (left_n >= 2 || (r & CompiledLexicon::kSpellHarm)) &&
                               word_here(left, left_n, l);
      // A group's name first needs a term's word after it: "trans" + "typage" is French for a type cast.
      // ("азер" + "ты" is a keyboard row, "АЗЕРТЫ": the word after has three letters at least.)
      const bool left_named = !right_named && (l & kNames) && left_n >= 4 && right_n >= 3 && r != 0;
      if (!right_named && !left_named) {
        // Failing a name, any two words of two letters at least, one of them a word of some term
        // ("roundedup" -> rounded up, "неостанется" -> не останется): the reading the matcher then
        // tries is a phrase or pattern of the lexicon, or nothing. Neither is a group's name (which
        // must pass the tests above: "गेहूँ", wheat, is no "गे" + "हूँ", "transtypage" no "trans" +
        // "typage"), nor a harm word of under four letters ("ratcatcher" is no "rat" + "catcher").
        auto plain_part = [&](uint8_t flags, size_t part_n) {
          return (flags & CompiledLexicon::kSpellGroup) == 0 && ((flags & CompiledLexicon::kSpellHarm) == 0 || part_n >= 4);
        };
        if (plain_splits < 2 && left_n >= 2 && right_n >= plain_right_min && (l | r) != 0 && plain_part(l, left_n) &&
            plain_part(r, right_n) && word_here(left, left_n, l) &&
            word_here(right, right_n, r)) {
          plain.word.assign(left);
          plain.second.assign(right);
          ++plain_splits;
        }
        continue;
      }
      split.word.assign(left);
      split.second.assign(right);
      ++splits;
    }
    const bool plain_split = splits == 0 && plain_splits == 1;
    if (plain_split) {
      splits = 1;
      split = std::move(plain);
    }
    if (splits != 1 || is_word(t)) return std::nullopt;
    if (plain_split) plain_tokens.push_back(i);
    return split;
  };
  for (TokenIndex i = 0; i < text.tokens.size() && fixes.size() < max_fixes; ++i) {
    const Token& t = text.tokens[i];
    if (!Candidate(t)) continue;
    const std::string_view w = text.TokenText(t);
    std::array<uint32_t, kMaxCodePoints + 1> at;
    const size_t n = utf8::CodePointStarts(w, at.data(), kMaxCodePoints);
    if (n < 4 || n > kMaxCodePoints) continue;
    // (A match over a vowel-poor word took it for any word, "alle [^ ]+ abschieben": a term's own
    // word is left alone below.)
    const bool poor = VowelPoor(w);
    if ((covered[i] && !poor) || (vowel_poor_only && !poor)) continue;
    const uint64_t key = (std::hash<std::string_view>()(w) ^ salt) | 1;
    if (memo != nullptr && memo->NoFix(key)) continue;
    if (std::optional<SpellingFix> fix = propose(i, t, w, at.data(), n)) {
      fixes.push_back(std::move(*fix));
    } else if (memo != nullptr) {
      memo->SetNoFix(key);
    }
  }
  // One word cut in two ("ext erminate"): two uncovered neighbours, with no space-less boundary the
  // normaliser made (a hashtag's parts are fused by the matcher), that run together make a word of
  // some term, and that are not both words of the dictionary ("be at" is no "beat").
  for (TokenIndex i = 0; i + 1 < text.tokens.size() && fixes.size() < max_fixes && !vowel_poor_only; ++i) {
    const Token& a = text.tokens[i];
    const Token& b = text.tokens[i + 1];
    if (covered[i] || covered[i + 1] || !Candidate(a) || !Candidate(b) || b.before != Boundary::kNone) continue;
    if (a.flags & (kTokenHashtag | kTokenCamelCase | kTokenInWord) || b.flags & (kTokenHashtag | kTokenCamelCase | kTokenInWord)) continue;
    // (A split failing a name gives way: "Solu zione" is "soluzione", not "solu" + "zi one".)
    auto fixed_here = [&](const SpellingFix& f) { return f.token == i || f.token == i + 1; };
    auto plain_here = [&](const SpellingFix& f) {
      return fixed_here(f) && std::find(plain_tokens.begin(), plain_tokens.end(), f.token) != plain_tokens.end();
    };
    if (std::any_of(fixes.begin(), fixes.end(), [&](const SpellingFix& f) { return fixed_here(f) && !plain_here(f); })) continue;
    const std::string_view wa = text.TokenText(a), wb = text.TokenText(b);
    // (Both halves of two letters at least: "inválido '%s" is no "invalidos".)
    const size_t na = utf8::CountCodePoints(wa), nb = utf8::CountCodePoints(wb);
    if (na < 2 || nb < 2 || na + nb < 5) continue;
    s.assign(wa);
    s.append(wb);
    if (lexicon.SpellingWord(s, lang) == 0) continue;
    if (lexicon.SpellingWord(wa, lang) != 0 && lexicon.SpellingWord(wb, lang) != 0) continue;
    if (is_word(a) && is_word(b)) continue;
    fixes.erase(std::remove_if(fixes.begin(), fixes.end(), plain_here), fixes.end());
    fixes.push_back(SpellingFix{i, s, {}, true});
    ++i;
  }
  // (Only vowels put back: a split of a vowel-poor word is none. The split is proposed and dropped
  // here, not left out of propose, so that the memo's "no fix" means the same in both readings.)
  if (vowel_poor_only) {
    fixes.erase(std::remove_if(fixes.begin(), fixes.end(), [](const SpellingFix& f) { return !f.second.empty(); }), fixes.end());
  }
  std::sort(fixes.begin(), fixes.end(), [](const SpellingFix& x, const SpellingFix& y) { return x.token < y.token; });
  return fixes;
}

bool MayLackVowels(const NormalisedText& text) {
  // (As ProposeSpellingFixes reads them: four code points at least, "pks" is too many words.)
  return std::any_of(text.tokens.begin(), text.tokens.end(), [&](const Token& t) {
    const std::string_view w = text.TokenText(t);
    return Candidate(t) && utf8::CountCodePoints(w) >= 4 && VowelPoor(w);
  });
}

SourceSpan SpellingFixSource(const NormalisedText& text, const SpellingFix& fix) {
  SourceSpan source = text.tokens[fix.token].source;
  if (fix.with_next && fix.token + 1 < text.tokens.size()) source.end = text.tokens[fix.token + 1].source.end;
  return source;
}

void ApplySpellingFixes(const NormalisedText& text, const std::vector<SpellingFix>& fixes, NormalisedText* out,
                        std::vector<bool>* fixed_tokens) {
  out->Clear();
  out->dominant_script = text.dominant_script;
  out->lang = text.lang;
  out->was_zawgyi = text.was_zawgyi;
  out->had_invalid_utf8 = text.had_invalid_utf8;
  out->truncated = text.truncated;
  out->any_joined = text.any_joined;
  out->squeezed_storage = text.squeezed_storage;
  if (fixed_tokens != nullptr) fixed_tokens->clear();
  std::vector<TokenIndex> new_index(text.tokens.size(), 0);
  size_t f = 0;
  auto push = [&](Token t, std::string_view word, uint32_t squeezed, bool fixed) {
    if (!out->canonical.empty()) out->canonical.push_back(' ');
    t.text_begin = static_cast<uint32_t>(out->canonical.size());
    t.text_size = static_cast<uint32_t>(word.size());
    out->canonical.append(word);
    out->tokens.push_back(t);
    out->squeezed_index.push_back(squeezed);
    if (fixed_tokens != nullptr) fixed_tokens->push_back(fixed);
  };
  for (TokenIndex i = 0; i < text.tokens.size(); ++i) {
    const Token& t = text.tokens[i];
    new_index[i] = static_cast<TokenIndex>(out->tokens.size());
    while (f < fixes.size() && fixes[f].token < i) ++f;
    if (f == fixes.size() || fixes[f].token != i) {
      push(t, text.TokenText(t), i < text.squeezed_index.size() ? text.squeezed_index[i] : 0, false);
      continue;
    }
    const SpellingFix& fix = fixes[f];
    Token first = t;
    first.flags &= static_cast<uint16_t>(~(kTokenSqueezed | kTokenLeetAlt | kTokenGluedHashtag));
    if (fix.with_next && i + 1 < text.tokens.size()) {
      first.source = SpellingFixSource(text, fix);
      push(first, fix.word, 0, true);
      ++i;
      new_index[i] = new_index[i - 1];
      continue;
    }
    if (fix.second.empty()) {
      push(first, fix.word, 0, true);
      continue;
    }
    // Two words: where the token was written as it reads (as many bytes), the source divides too.
    Token second = first;
    second.before = Boundary::kNone;
    second.flags &= static_cast<uint16_t>(~kTokenInWord);
    if (t.source.size() == t.text_size) {
      first.source.end = first.source.begin + static_cast<uint32_t>(fix.word.size());
      second.source.begin = first.source.end;
    }
    push(first, fix.word, 0, true);
    push(second, fix.second, 0, true);
  }
  for (const auto& [i, alt] : text.leet_alternatives) {
    bool fixed = false;
    for (const SpellingFix& fix : fixes) fixed |= fix.token == i || (fix.with_next && fix.token + 1 == i);
    if (!fixed && i < new_index.size()) out->leet_alternatives.emplace_back(new_index[i], alt);
  }
}

}  // namespace vigil
