#include "classifiers/pattern_prefix.h"

#include "classifiers/internal/utf8.h"
#include "classifiers/normaliser.h"

#include <unicode/uchar.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <utility>

namespace vigil {
namespace {

// The starts of a sub-expression's matches: each alternative is a literal string and whether it is
// the whole match ("complete": what follows the sub-expression continues it) or only its start.
struct Starts {
  std::vector<std::pair<std::string, bool>> alts;
};

// Bytes of the UTF-8 code point whose lead byte is b (not validated).
size_t CodePointLength(unsigned char b) { return b < 0x80 ? 1 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2; }

// A repeat count "{n}", "{n,}" or "{n,m}" at p[at] == '{': one past its '}', with n in *min and,
// when `max` is given, n, SIZE_MAX or m in *max; npos when there is none (RE2 then reads the brace as
// a literal).
size_t RepeatEnd(std::string_view p, size_t at, int* min, size_t* max = nullptr) {
  size_t q = at + 1;
  auto digits = [&] {
    const size_t b = q;
    while (q < p.size() && std::isdigit(static_cast<unsigned char>(p[q]))) ++q;
    return q > b;
  };
  if (!digits()) return std::string_view::npos;
  const int n = std::atoi(std::string(p.substr(at + 1, q - at - 1)).c_str());
  size_t most = static_cast<size_t>(n);
  if (q < p.size() && p[q] == ',') {
    const size_t m = ++q;
    most = digits() ? std::strtoul(std::string(p.substr(m, q - m)).c_str(), nullptr, 10) : SIZE_MAX;
  }
  if (q >= p.size() || p[q] != '}') return std::string_view::npos;
  *min = n;
  if (max != nullptr) *max = most;
  return q + 1;
}

Starts Empty() { return Starts{{{std::string(), true}}}; }         // matches the empty string only
Starts Unknown() { return Starts{{{std::string(), false}}}; }      // matches something we do not follow

class Analyser {
 public:
  Analyser(std::string_view p, size_t max, size_t max_words) : p_(p), max_(max), max_words_(max_words) {}

  std::optional<std::vector<std::string>> Run() {
    Starts s = Alternation();
    if (failed_ || pos_ != p_.size()) return std::nullopt;
    std::vector<std::string> out;
    for (auto& [text, complete] : s.alts) {
      if (text.empty()) return std::nullopt;  // a match may start with anything
      out.push_back(std::move(text));
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
  }

 private:
  bool AtEnd() const { return pos_ >= p_.size(); }
  char Peek() const { return p_[pos_]; }

  void Fail() {
    failed_ = true;
    pos_ = p_.size();
  }

  void Dedupe(Starts* s) {
    std::sort(s->alts.begin(), s->alts.end());
    s->alts.erase(std::unique(s->alts.begin(), s->alts.end()), s->alts.end());
    if (s->alts.size() > max_) Fail();
  }

  Starts Alternation() {
    Starts out = Sequence();
    while (!failed_ && !AtEnd() && Peek() == '|') {
      ++pos_;
      Starts more = Sequence();
      out.alts.insert(out.alts.end(), more.alts.begin(), more.alts.end());
      Dedupe(&out);
    }
    return out;
  }

  Starts Sequence() {
    Starts out = Empty();
    while (!failed_ && !AtEnd() && Peek() != '|' && Peek() != ')') {
      Starts atom = Quantified(Atom());
      const size_t complete = std::count_if(out.alts.begin(), out.alts.end(), [](const auto& a) { return a.second; });
      if (complete * atom.alts.size() > 4 * max_) {
        Fail();  // too many combinations to be a useful gate
        break;
      }
      // Concatenate: complete alternatives are extended by every start of the atom.
      Starts next;
      for (const auto& [a, complete] : out.alts) {
        if (!complete) {
          next.alts.emplace_back(a, false);
          continue;
        }
        for (const auto& [b, b_complete] : atom.alts) {
          // Only the first max_words words are wanted: a start is cut after that many spaces.
          std::string joined = a + b;
          const size_t space = NthSpace(joined);
          if (space != std::string::npos && space + 1 < joined.size()) {
            joined.resize(space + 1);
            next.alts.emplace_back(std::move(joined), false);
          } else {
            next.alts.emplace_back(std::move(joined), b_complete && space == std::string::npos);
          }
        }
      }
      out = std::move(next);
      Dedupe(&out);
    }
    return out;
  }

  // Offset of the max_words-th space in s, or npos.
  size_t NthSpace(const std::string& s) const {
    size_t at = std::string::npos;
    for (size_t k = 0; k < max_words_; ++k) {
      at = s.find(' ', at == std::string::npos ? 0 : at + 1);
      if (at == std::string::npos) break;
    }
    return at;
  }

  // A repeat count "{n}", "{n,}" or "{n,m}" at pos_; false (pos_ unchanged) if there is none.
  bool Repeat(int* min) {
    const size_t end = RepeatEnd(p_, pos_, min);
    if (end == std::string_view::npos) return false;
    pos_ = end;
    return true;
  }

  Starts Quantified(Starts atom) {
    if (failed_ || AtEnd()) return atom;
    int min = 1;
    bool repeat = false;
    const char c = Peek();
    if (c == '?' || c == '*' || c == '+') {
      min = c == '+' ? 1 : 0;
      repeat = c != '?';
      ++pos_;
    } else if (c == '{') {
      if (!Repeat(&min)) return atom;  // a literal '{' (RE2 reads it so): handled as the next atom
      repeat = true;                   // {1} and {1,1} are treated like {1,}: sound, less precise
    } else {
      return atom;
    }
    if (!AtEnd() && Peek() == '?') ++pos_;  // lazy: the same matches
    if (!AtEnd() && (Peek() == '*' || Peek() == '+' || Peek() == '?' || Peek() == '{')) {
      Fail();  // a quantified quantifier: not in the analysed subset
      return atom;
    }
    if (repeat) {
      for (auto& alt : atom.alts) alt.second = false;  // more repetitions may follow
    }
    if (min == 0) atom.alts.emplace_back(std::string(), true);
    return atom;
  }

  // One UTF-8 code point starting at pos_, as bytes.
  std::string CodePoint() {
    const size_t len = CodePointLength(static_cast<unsigned char>(p_[pos_]));
    std::string out(p_.substr(pos_, len));
    pos_ += len;
    return out;
  }

  Starts Atom() {
    const char c = Peek();
    if (c == '(') {
      ++pos_;
      if (!AtEnd() && Peek() == '?') {
        if (p_.substr(pos_, 2) == "?:") {
          pos_ += 2;
        } else if (p_.substr(pos_, 3) == "?P<") {
          const size_t close = p_.find('>', pos_);
          if (close == std::string_view::npos) {
            Fail();
            return Unknown();
          }
          pos_ = close + 1;
        } else {
          Fail();  // flags such as (?i) change what the literals mean
          return Unknown();
        }
      }
      Starts inner = Alternation();
      if (AtEnd() || Peek() != ')') {
        Fail();
        return Unknown();
      }
      ++pos_;
      return inner;
    }
    if (c == '[') return Class();
    if (c == '.') {
      ++pos_;
      return Unknown();
    }
    if (c == '^' || c == '$') {
      ++pos_;
      return Empty();
    }
    if (c == '\\') {
      if (pos_ + 1 >= p_.size()) {
        Fail();
        return Unknown();
      }
      const char e = p_[pos_ + 1];
      pos_ += 2;
      if (e == 'b' || e == 'B' || e == 'A' || e == 'z') return Empty();
      if (e == 'd' || e == 'D' || e == 's' || e == 'S' || e == 'w' || e == 'W') return Unknown();
      if (e == 'p' || e == 'P') {
        if (!AtEnd() && Peek() == '{') {
          const size_t close = p_.find('}', pos_);
          if (close == std::string_view::npos) {
            Fail();
            return Unknown();
          }
          pos_ = close + 1;
        } else if (!AtEnd()) {
          ++pos_;
        }
        return Unknown();
      }
      if (static_cast<unsigned char>(e) < 0x80 && std::ispunct(static_cast<unsigned char>(e))) {
        return Starts{{{std::string(1, e), true}}};
      }
      Fail();  // \n, \x41, \Q...\E and the like: not in the analysed subset
      return Unknown();
    }
    if (c == '*' || c == '+' || c == '?') {
      Fail();
      return Unknown();
    }
    return Starts{{{CodePoint(), true}}};
  }

  // "[...]": its members when it is a short list of code points, else Unknown().
  Starts Class() {
    ++pos_;  // '['
    bool simple = true;
    if (!AtEnd() && Peek() == '^') {
      simple = false;
      ++pos_;
    }
    std::vector<std::string> members;
    bool first = true;
    while (!AtEnd() && (Peek() != ']' || first)) {
      first = false;
      if (Peek() == '\\') {
        if (pos_ + 1 >= p_.size()) {
          Fail();
          return Unknown();
        }
        const char e = p_[pos_ + 1];
        pos_ += 2;
        if (static_cast<unsigned char>(e) < 0x80 && std::ispunct(static_cast<unsigned char>(e))) {
          members.emplace_back(1, e);
        } else {
          simple = false;  // \d, \s, \pL, \x..: not followed
          if ((e == 'p' || e == 'P') && !AtEnd() && Peek() == '{') {
            const size_t close = p_.find('}', pos_);
            pos_ = close == std::string_view::npos ? p_.size() : close + 1;
          }
        }
        continue;
      }
      if (Peek() == '[' && pos_ + 1 < p_.size() && p_[pos_ + 1] == ':') {  // [:alpha:]
        // RE2 looks for the ":]" anywhere further on (a name it does not know is an error); with
        // none, the '[' is a plain member, and so is the ':' after it. Stopping the class there
        // instead would read the rest of it as pattern: "x[[:(]|b[[:)]" would give only "x".
        const size_t close = p_.find(":]", pos_ + 2);
        if (close != std::string_view::npos) {
          pos_ = close + 2;
          simple = false;
          continue;
        }
      }
      if (Peek() == '-' && !members.empty() && pos_ + 1 < p_.size() && p_[pos_ + 1] != ']') simple = false;  // a range
      members.push_back(CodePoint());
    }
    if (AtEnd()) {
      Fail();
      return Unknown();
    }
    ++pos_;  // ']'
    if (!simple || members.empty() || members.size() > 8) return Unknown();
    Starts out;
    for (auto& m : members) out.alts.emplace_back(std::move(m), true);
    return out;
  }

  std::string_view p_;
  size_t max_;
  size_t max_words_;
  size_t pos_ = 0;
  bool failed_ = false;
};

// One element of a pattern's top level: an atom and its quantifier.
struct Element {
  size_t begin = 0, atom_end = 0, end = 0;
  int min = 1;      // the quantifier's minimum count
  size_t max = 1;   // its maximum (SIZE_MAX: unbounded)
};

}  // namespace

size_t ClassEnd(std::string_view p, size_t at) {
  size_t q = at + 1;
  if (q < p.size() && p[q] == '^') ++q;
  bool first = true;
  while (q < p.size() && (p[q] != ']' || first)) {
    first = false;
    if (p[q] == '\\') {
      q += 2;
      continue;
    }
    if (p[q] == '[' && q + 1 < p.size() && p[q + 1] == ':') {
      const size_t close = p.find(":]", q + 2);
      if (close != std::string_view::npos) {
        q = close + 2;
        continue;
      }
    }
    ++q;
  }
  return q < p.size() ? q + 1 : std::string_view::npos;
}

namespace {

// Splits the top level of a pattern into elements; false for what is not followed: a top-level
// alternation, flags, \Q..\E, octal or hex escapes, unbalanced groups.
bool TopLevelElements(std::string_view p, std::vector<Element>* out) {
  size_t q = 0;
  while (q < p.size()) {
    Element e;
    e.begin = q;
    const char c = p[q];
    if (c == '|' || c == ')') return false;
    if (c == '(') {
      int depth = 0;
      while (q < p.size()) {
        if (p[q] == '\\') {
          if (q + 1 < p.size() && (p[q + 1] == 'Q' || p[q + 1] == 'x' || std::isdigit(static_cast<unsigned char>(p[q + 1])))) return false;
          q += 2;
          continue;
        }
        if (p[q] == '[') {
          q = ClassEnd(p, q);
          if (q == std::string_view::npos) return false;
          continue;
        }
        if (p[q] == '(') {
          ++depth;
          if (q + 1 < p.size() && p[q + 1] == '?' && p.substr(q + 1, 2) != "?:" && p.substr(q + 1, 3) != "?P<") return false;
        } else if (p[q] == ')' && --depth == 0) {
          ++q;
          break;
        }
        ++q;
      }
      if (depth != 0) return false;
    } else if (c == '[') {
      q = ClassEnd(p, q);
      if (q == std::string_view::npos) return false;
    } else if (c == '\\') {
      if (q + 1 >= p.size()) return false;
      const char x = p[q + 1];
      if (x == 'Q' || x == 'x' || std::isdigit(static_cast<unsigned char>(x))) return false;
      q += 2;
      if ((x == 'p' || x == 'P') && q < p.size()) {
        if (p[q] == '{') {
          const size_t close = p.find('}', q);
          if (close == std::string_view::npos) return false;
          q = close + 1;
        } else {
          ++q;
        }
      }
    } else {
      q += CodePointLength(static_cast<unsigned char>(c));
    }
    e.atom_end = std::min(q, p.size());
    q = e.atom_end;
    if (q < p.size()) {
      if (p[q] == '?' || p[q] == '*') {
        e.min = 0;
        e.max = p[q] == '*' ? SIZE_MAX : 1;
        ++q;
      } else if (p[q] == '+') {
        e.max = SIZE_MAX;
        ++q;
      } else if (p[q] == '{') {
        if (const size_t end = RepeatEnd(p, q, &e.min, &e.max); end != std::string_view::npos) q = end;
      }
      if (q > e.atom_end && q < p.size() && p[q] == '?') ++q;  // lazy
    }
    e.end = q;
    out->push_back(e);
  }
  return true;
}

// The alternatives of a group's text "(...)", "(?:...)" or "(?P<n>...)"; nullopt if it is not one.
std::optional<std::vector<std::string_view>> GroupAlternatives(std::string_view g) {
  if (g.size() < 2 || g.front() != '(' || g.back() != ')') return std::nullopt;
  size_t q = 1;
  if (g.substr(1, 2) == "?:") q = 3;
  if (g.substr(1, 3) == "?P<") {
    q = g.find('>');
    if (q == std::string_view::npos) return std::nullopt;
    ++q;
  }
  const std::string_view inner = g.substr(q, g.size() - 1 - q);
  std::vector<std::string_view> alts;
  int depth = 0;
  size_t alt_begin = 0;
  for (size_t r = 0; r < inner.size(); ++r) {
    if (inner[r] == '\\') {
      ++r;
      continue;
    }
    if (inner[r] == '[') {
      const size_t e = ClassEnd(inner, r);
      if (e == std::string_view::npos) return std::nullopt;
      r = e - 1;
      continue;
    }
    if (inner[r] == '(') ++depth;
    if (inner[r] == ')') --depth;
    if (inner[r] == '|' && depth == 0) {
      alts.push_back(inner.substr(alt_begin, r - alt_begin));
      alt_begin = r + 1;
    }
  }
  alts.push_back(inner.substr(alt_begin));
  return alts;
}

// Whether every non-empty match of a group's text ends with a literal space: each of its
// alternatives ends with an unescaped, unquantified ' '.
bool GroupEndsWithSpace(std::string_view g) {
  const auto alts = GroupAlternatives(g);
  return alts && std::all_of(alts->begin(), alts->end(), [](std::string_view a) {
           return !a.empty() && a.back() == ' ' && (a.size() < 2 || a[a.size() - 2] != '\\');
         });
}

constexpr size_t kUnbounded = SIZE_MAX;

size_t AlternativesMaxSpaces(std::string_view group, int depth);

// The most spaces one match of an atom can hold (kUnbounded when it cannot be told): a space, a
// class or escape that admits one, or a group's widest alternative.
size_t AtomMaxSpaces(std::string_view atom, int depth) {
  if (atom.empty()) return 0;
  if (atom == " " || atom == "." || atom == "\\s" || atom == "\\ " || atom == "\\W" || atom == "\\D") return 1;
  if (atom.front() == '(') return AlternativesMaxSpaces(atom, depth + 1);
  if (atom.front() == '[') {
    const bool negated = atom.size() > 1 && atom[1] == '^';
    const std::string_view members = atom.substr(negated ? 2 : 1);
    const bool space = members.find(' ') != std::string_view::npos;
    if (negated) return space ? 0 : 1;  // "[^ ]" never holds a space; any other negation may
    // A range or an escape may cover the space ("[ -~]", "[\\s]"); a plain list of members does not.
    return space || members.find('-') != std::string_view::npos || members.find('\\') != std::string_view::npos ||
                   members.find(':') != std::string_view::npos
               ? 1
               : 0;
  }
  if (atom.front() == '\\') {
    if (atom.size() >= 2 && (atom[1] == 'P' || atom[1] == 'C')) return 1;  // a negated Unicode class
    return 0;  // \S \w \d \b \pL, escaped punctuation
  }
  return 0;
}

// The most spaces one match of the sequence `p` (no top-level '|') can hold.
size_t SequenceMaxSpaces(std::string_view p, int depth) {
  std::vector<Element> elements;
  if (depth > 8 || !TopLevelElements(p, &elements)) return kUnbounded;
  size_t total = 0;
  for (const Element& e : elements) {
    const size_t inner = AtomMaxSpaces(p.substr(e.begin, e.atom_end - e.begin), depth);
    if (inner == kUnbounded) return kUnbounded;
    if (inner == 0) continue;
    if (e.max == kUnbounded) return kUnbounded;
    total += inner * e.max;
  }
  return total;
}

size_t AlternativesMaxSpaces(std::string_view group, int depth) {
  const auto alts = GroupAlternatives(group);
  if (!alts || depth > 8) return kUnbounded;
  size_t widest = 0;
  for (const std::string_view alt : *alts) {
    const size_t n = SequenceMaxSpaces(alt, depth);
    if (n == kUnbounded) return kUnbounded;
    widest = std::max(widest, n);
  }
  return widest;
}

bool ZeroWidth(std::string_view atom) {
  return atom == "^" || atom == "$" || atom == "\\b" || atom == "\\B" || atom == "\\A" || atom == "\\z";
}


// The lists of a sequence (no top-level '|') whose match begins at a token start if `at_start`.
// A list at its very first element is the pattern's start list (not wanted) at the top level; inside
// a group (`first_too`) it is a token of the match like any other. `start_words` false: nor does a
// group at the very start give a union that holds its alternatives' first words. A group that must match (its
// quantifier's minimum is not 0) gives one more list: the union of one list of each alternative
// (the most selective), when each has one: "((nos|vos) (femmes|filles)|les (femmes|gamines))" holds
// "femmes", "filles" or "gamines".
void SequenceLists(std::string_view p, bool at_start, bool first_too, size_t max_prefixes, int depth,
                   std::vector<std::vector<std::string>>* out, bool start_words = true) {
  std::vector<Element> elements;
  if (!TopLevelElements(p, &elements)) return;
  bool at_token_start = at_start, consumed = first_too;  // at_token_start: every way here ends at a token start
  for (const Element& e : elements) {
    const std::string_view atom = p.substr(e.begin, e.atom_end - e.begin);
    if (consumed && at_token_start) {
      auto later = LiteralPrefixes(p.substr(e.begin), max_prefixes);
      // A prefix that starts with a space never starts a token: that place cannot be checked so.
      if (later && std::none_of(later->begin(), later->end(), [](const std::string& w) { return w[0] == ' '; })) {
        out->push_back(std::move(*later));
      }
    }
    if (e.min > 0 && depth < 4) {
      if (const auto alts = GroupAlternatives(atom)) {
        // first_words: whether an alternative's first word counts. In a group at the pattern's
        // start it is the start itself, which the start gate checks already: the union is made both
        // with it (its start words may be the rarest words some alternative has) and without it
        // ("(werden|wollen) wir mit euch ab|mit euch weg" holds "euch", not only "werden").
        auto union_of = [&](bool first_words) {
          std::vector<std::string> all;
          for (const std::string_view alt : *alts) {
            std::vector<std::vector<std::string>> lists;
            SequenceLists(alt, at_token_start, first_words || consumed, max_prefixes, depth + 1, &lists,
                          first_words || consumed);
            const auto best = std::max_element(lists.begin(), lists.end(), [](const auto& a, const auto& b) {
              return std::make_pair(ShortestWord(a), b.size()) < std::make_pair(ShortestWord(b), a.size());
            });
            if (best == lists.end()) return std::vector<std::string>();
            all.insert(all.end(), best->begin(), best->end());
          }
          std::sort(all.begin(), all.end());
          all.erase(std::unique(all.begin(), all.end()), all.end());
          return all.size() <= max_prefixes ? all : std::vector<std::string>();
        };
        if (start_words || consumed) {
          if (auto all = union_of(true); !all.empty()) out->push_back(std::move(all));
        }
        if (!consumed) {
          if (auto later_only = union_of(false); !later_only.empty()) out->push_back(std::move(later_only));
        }
      }
    }
    consumed = consumed || !ZeroWidth(atom);
    if (ZeroWidth(atom)) {
      if (e.end != e.atom_end) at_token_start = false;  // a quantified assertion: not followed
      continue;
    }
    const bool ends_with_space = atom == " " || GroupEndsWithSpace(atom);
    // An element that may match nothing keeps the state it found, if its other matches end with a
    // space. (An atom that ends with a space is never empty itself: only its quantifier can be 0.)
    at_token_start = ends_with_space && (at_token_start || e.min > 0);
  }
}

// The letters of a word, roughly: code points, with a code point that carries a syllable as two: an
// Ethiopic or Hangul syllable (a consonant and a vowel), a kana, a CJK character. So the common
// one-character words of Chinese and Japanese (的, 是, は, の) count like "is", and two-character
// words like "kill".
size_t Letters(std::string_view w) {
  size_t n = 0;
  for (int32_t i = 0; i < static_cast<int32_t>(w.size());) {
    UChar32 c;
    U8_NEXT(w.data(), i, static_cast<int32_t>(w.size()), c);
    const bool syllable = (c >= 0x1200 && c <= 0x139F) || (c >= 0x2D80 && c <= 0x2DDF) ||  // Ethiopic
                          (c >= 0xAC00 && c <= 0xD7A3) ||                                   // Hangul
                          (c >= 0x3040 && c <= 0x30FF) ||                                   // kana
                          (c >= 0x3400 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF);     // CJK
    n += syllable ? 2 : 1;
  }
  return n;
}

}  // namespace

size_t ShortestWord(const std::vector<std::string>& prefixes) {
  size_t shortest = SIZE_MAX;
  for (const std::string& p : prefixes) shortest = std::min(shortest, Letters(std::string_view(p).substr(0, p.find(' '))));
  return prefixes.empty() ? 0 : shortest;
}

namespace {

// LaterTokenPrefixes, given the pattern's LiteralPrefixes (its start list).
std::vector<std::vector<std::string>> LaterLists(std::string_view pattern,
                                                 const std::optional<std::vector<std::string>>& starts,
                                                 size_t max_prefixes) {
  std::vector<std::vector<std::string>> out;
  // A top-level alternation is read as one group that must match: the union of a list of each.
  const std::string group = "(?:" + std::string(pattern) + ")";
  const auto alts = GroupAlternatives(group);
  SequenceLists(alts && alts->size() > 1 ? std::string_view(group) : pattern, true, false, max_prefixes, 0, &out);
  // Distinct lists, without those every start of the pattern already satisfies (the union of the
  // alternatives of a group that starts it is its start list again, give or take a space).
  std::vector<std::vector<std::string>> distinct;
  for (auto& list : out) {
    if (starts && std::all_of(starts->begin(), starts->end(), [&](const std::string& s) {
          return std::any_of(list.begin(), list.end(), [&](const std::string& l) { return s.starts_with(l); });
        })) {
      continue;
    }
    if (std::find(distinct.begin(), distinct.end(), list) == distinct.end()) distinct.push_back(std::move(list));
  }
  return distinct;
}

}  // namespace

size_t MaxSpaces(std::string_view pattern) {
  // Flags ("(?i)", "(?s)") change what '.' and classes match: only plain groups are followed.
  for (size_t q = pattern.find("(?"); q != std::string_view::npos; q = pattern.find("(?", q + 2)) {
    if (pattern.substr(q, 3) != "(?:" && pattern.substr(q, 4) != "(?P<") return SIZE_MAX;
  }
  return AlternativesMaxSpaces("(?:" + std::string(pattern) + ")", 0);
}

std::vector<std::vector<std::string>> LaterTokenPrefixes(std::string_view pattern, size_t max_prefixes) {
  return LaterLists(pattern, LiteralPrefixes(pattern, max_prefixes), max_prefixes);
}

std::optional<PatternGate> GateOf(std::string_view pattern, size_t max_pair_leads) {
  constexpr size_t kMaxPrefixes = 4096;  // LiteralPrefixes' default
  const auto prefixes = LiteralPrefixes(pattern, kMaxPrefixes);
  if (!prefixes) return std::nullopt;
  PatternGate gate;
  // A literal that starts with a space never starts on a token: it needs no gate word. One that
  // goes on past its first word starts on a token that is exactly that word.
  for (const std::string& p : *prefixes) {
    const size_t space = p.find(' ');
    if (space != 0) gate.starts.emplace_back(p.substr(0, space), space != std::string::npos);
  }
  std::sort(gate.starts.begin(), gate.starts.end());
  gate.starts.erase(std::unique(gate.starts.begin(), gate.starts.end()), gate.starts.end());
  // The pair check: when every start (that a token can begin) is two whole words and a space; or,
  // per first word, when every start beginning with that whole word is (and no start of the pattern
  // ends inside its first word, which would gate on tokens that only begin with it).
  if (auto leads = LiteralPrefixes(pattern, max_pair_leads, 2)) {
    std::map<std::string_view, bool> word_paired;  // first word -> all its starts are two whole words
    std::vector<std::pair<std::string, std::string>> pairs;
    bool whole_pairs = true, first_words_whole = true;
    for (const std::string& l : *leads) {
      if (l[0] == ' ') continue;  // a start with a space is never a token's
      const size_t s1 = l.find(' '), s2 = s1 == std::string::npos ? s1 : l.find(' ', s1 + 1);
      const bool pair = !(s2 == std::string::npos || s2 + 1 != l.size() || s2 == s1 + 1);
      if (s1 == std::string::npos) {
        first_words_whole = false;
      } else {
        auto [it, inserted] = word_paired.emplace(std::string_view(l.data(), s1), pair);
        if (!inserted) it->second = it->second && pair;
      }
      if (!pair) {
        whole_pairs = false;
        continue;
      }
      pairs.emplace_back(l.substr(0, s1), l.substr(s1 + 1, s2 - s1 - 1));
    }
    if (!pairs.empty() && (whole_pairs || first_words_whole)) {
      for (const auto& [w, paired] : word_paired) {
        if (whole_pairs || paired) gate.paired.emplace_back(w);
      }
      if (!gate.paired.empty()) gate.pairs = std::move(pairs);
    }
  }
  // Later words: the list of a later place in the pattern whose words are the rarest, if any. Rarity
  // is guessed from length: the shortest word of a list is its most common ("is", "que", "the" start
  // many patterns; the hallmark noun further on is what is rare). The matcher checks them within
  // `later_within` tokens of each start, so even a list no rarer than the first words saves the
  // tries at starts with no later word near (1.06x on feed posts, 1.11x on feed documents against
  // using them only when rarer than the first words, 2026-12-05, in-process A/B).
  std::vector<std::string> best;
  for (auto& list : LaterLists(pattern, prefixes, kMaxPrefixes)) {
    if (std::make_pair(ShortestWord(list), best.size()) > std::make_pair(ShortestWord(best), list.size())) {
      best = std::move(list);
    }
  }
  if (ShortestWord(best) >= PatternGate::kLaterMinChars) {
    for (const std::string& p : best) {
      const size_t space = p.find(' ');
      gate.later.emplace_back(p.substr(0, space), space != std::string::npos);
    }
    std::sort(gate.later.begin(), gate.later.end());
    gate.later.erase(std::unique(gate.later.begin(), gate.later.end()), gate.later.end());
    gate.later_within = MaxSpaces(pattern);
  }
  return gate;
}

bool PatternGate::TriedAtACommonWord() const {
  if (!later.empty()) return false;
  return std::any_of(starts.begin(), starts.end(), [&](const auto& s) {
    return Letters(s.first) <= 2 && std::find(paired.begin(), paired.end(), s.first) == paired.end();
  });
}

std::optional<std::vector<std::string>> LiteralPrefixes(std::string_view pattern, size_t max_prefixes,
                                                        size_t max_words) {
  return Analyser(pattern, max_prefixes, std::max<size_t>(max_words, 1)).Run();
}

namespace {
// An apostrophe or a hyphen that may join two letters of one written word.
bool IsWordJoiner(UChar32 c) {
  return c == '\'' || c == '-' || c == 0x2019 || c == 0x2018 || c == 0x02BC || c == 0x2010 || c == 0x2011;
}
}  // namespace

std::string CanonicalPattern(std::string_view p, std::string_view lang, Normaliser* normaliser,
                             std::unordered_map<std::string, std::string>* cache) {
  if (lang == "my") return std::string(p);
  std::string out;
  out.reserve(p.size());
  const auto* bytes = reinterpret_cast<const uint8_t*>(p.data());
  const int32_t n = static_cast<int32_t>(p.size());
  size_t class_end = 0;  // one past the ']' of the class being read; 0 outside one
  // The literal letter just before, outside a class: a combining mark is folded in its context.
  std::string_view base;
  auto fold = [&](std::string_view letters) -> const std::string& {
    auto [it, fresh] = cache->try_emplace(std::string(lang) + '\0' + std::string(letters));
    if (fresh) it->second = normaliser->CanonicalTerm(letters, lang);
    return it->second;
  };
  auto quantifier_at = [&](int32_t at) {
    return at < n && std::string_view("?*+{").find(p[at]) != std::string_view::npos;
  };
  for (int32_t i = 0; i < n;) {
    const int32_t start = i;
    if (static_cast<size_t>(i) >= class_end) class_end = 0;
    const std::string_view before = base;
    base = {};
    if (p[i] == '(' && i + 1 < n && p[i + 1] == '?' && class_end == 0) {
      // Flags and group names are syntax, copied as written: "(?i)", "(?s:", "(?P<Name>".
      int32_t j = i + 2;
      if (j + 1 < n && p[j] == 'P' && p[j + 1] == '<') {
        const size_t close = p.find('>', static_cast<size_t>(j));
        j = close == std::string_view::npos ? n : static_cast<int32_t>(close) + 1;
      } else {
        while (j < n && (std::isalpha(static_cast<unsigned char>(p[j])) || p[j] == '-')) ++j;
      }
      out.append(p.substr(start, j - start));
      i = j;
      continue;
    }
    if (p[i] == '\\') {
      ++i;
      if (i < n && (p[i] == 'p' || p[i] == 'P' || p[i] == 'x') && i + 1 < n && p[i + 1] == '{') {
        const size_t close = p.find('}', static_cast<size_t>(i));
        i = close == std::string_view::npos ? n : static_cast<int32_t>(close) + 1;
      } else if (i < n) {
        const bool property = p[i] == 'p' || p[i] == 'P';
        U8_FWD_1(bytes, i, n);
        if (property && i < n) U8_FWD_1(bytes, i, n);  // \pL
      }
      out.append(p.substr(start, i - start));
      continue;
    }
    if (p[i] == '[' && class_end == 0) class_end = ClassEnd(p, static_cast<size_t>(i));
    U8_FWD_1(bytes, i, n);
    const std::string_view letter = p.substr(start, i - start);
    UChar32 c = 0;
    U8_GET(bytes, 0, start, n, c);
    if (class_end == 0 && !before.empty() && i < n && IsWordJoiner(c)) {
      // An apostrophe or hyphen between two letters ("під'їздів", "dix-sept", "don't") is whatever the
      // normaliser makes of it between those letters: a space in most languages, kept in English
      // contractions. As written when the letters' folds do not frame it.
      UChar32 next = 0;
      int32_t after = i;
      U8_NEXT(bytes, after, n, next);
      if (u_isalpha(next)) {
        const std::string next_letter(p.substr(i, after - i));
        const std::string& with = fold(std::string(before) + std::string(letter) + next_letter);
        const std::string& left = fold(before);
        const std::string& right = fold(next_letter);
        if (with.size() >= left.size() + right.size() && with.compare(0, left.size(), left) == 0 &&
            with.compare(with.size() - right.size(), right.size(), right) == 0) {
          const std::string_view middle = std::string_view(with).substr(left.size(), with.size() - left.size() - right.size());
          if (middle.empty() || middle == " " || middle == "'") {
            out += middle;
            continue;
          }
        }
      }
      out += letter;
      continue;
    }
    if (letter.size() == 1) {  // ASCII: syntax, or a letter already canonical
      if (class_end == 0 && std::isalpha(static_cast<unsigned char>(letter[0]))) base = letter;
      // Upper case folds to lower, as in the text ("Juden raus", "[A-Z]" as "[a-z]").
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(letter[0])));
      continue;
    }
    if (class_end == 0 && !before.empty() && (U_GET_GC_MASK(c) & U_GC_M_MASK) != 0) {
      // A combining mark after a letter ("هُمْ", "e\u0301"): alone it folds to itself, but the text
      // is folded with its letter, which may drop it (harakat, a nukta, an accent) or change it. What
      // the letter and the mark fold to past the letter's own fold is written instead; as written
      // when the two do not fold to the letter's fold and more.
      const std::string& with = fold(std::string(before) + std::string(letter));
      const std::string& alone = fold(before);
      if (with.size() >= alone.size() && std::string_view(with).substr(0, alone.size()) == alone) {
        const std::string_view rest = std::string_view(with).substr(alone.size());
        const bool quantified = quantifier_at(i);
        if (rest.empty() && quantified) {
          out += "(?:)";  // the quantifier's operand, which is gone
        } else if (rest.empty() || utf8::CountCodePoints(rest) == 1) {
          out += rest;
        } else {
          out += "(?:" + std::string(rest) + ")";
        }
      } else {
        out += letter;
      }
      base = before;  // several marks on one letter
      continue;
    }
    if (class_end == 0) base = letter;
    const std::string& canon = fold(letter);
    const bool quantified = quantifier_at(i);
    if (canon == letter || canon.find(' ') != std::string::npos || (canon.empty() && quantified)) {
      out += letter;
    } else if (utf8::CountCodePoints(canon) <= 1) {
      out += canon;
    } else if (class_end == 0) {
      out += "(?:" + canon + ")";
    } else {
      out += letter;
    }
  }
  return out;
}

}  // namespace vigil
