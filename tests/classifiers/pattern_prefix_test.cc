#include "classifiers/pattern_prefix.h"

#include <gtest/gtest.h>
#include <re2/re2.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iterator>
#include <random>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

namespace vigil {
namespace {

using Strings = std::vector<std::string>;

TEST(LiteralPrefixes, AlternationsAndGroupsExpand) {
  EXPECT_EQ(LiteralPrefixes("kill (all|every) \\w+"), (Strings{"kill "}));
  EXPECT_EQ(LiteralPrefixes("(?:plan|plot)s? to"), (Strings{"plan ", "plans ", "plot ", "plots "}));
  EXPECT_EQ(LiteralPrefixes("(?P<verb>burn|loot) them"), (Strings{"burn ", "loot "}));
  EXPECT_EQ(LiteralPrefixes("smrt (\\S+ima|\\S+ama)"), (Strings{"smrt "}));
}

TEST(LiteralPrefixes, MoreWordsWhenAsked) {
  EXPECT_EQ(LiteralPrefixes("(?:plan|plot)s? to (kill|wipe out)", 4096, 2),
            (Strings{"plan to ", "plans to ", "plot to ", "plots to "}));
  EXPECT_EQ(LiteralPrefixes("(the )?only good [^ ]+", 4096, 2), (Strings{"only good ", "the only "}));
  EXPECT_EQ(LiteralPrefixes("(the )?only good [^ ]+", 4096, 3), (Strings{"only good ", "the only good "}));
  EXPECT_EQ(LiteralPrefixes("kill (all|every) \\w+", 4096, 2), (Strings{"kill all ", "kill every "}));
  EXPECT_EQ(LiteralPrefixes("smrt (\\S+ima|\\S+ama)", 4096, 2), (Strings{"smrt "}));  // stops where literals do
  EXPECT_EQ(LiteralPrefixes("a b( c)?", 4096, 2), (Strings{"a b", "a b "}));  // the match may end after "b"
  EXPECT_EQ(LiteralPrefixes("(plan|plot)s? to", 4096, 0), LiteralPrefixes("(plan|plot)s? to"));  // 0 means 1
}

TEST(LiteralPrefixes, OptionalPartsGiveBothStarts) {
  EXPECT_EQ(LiteralPrefixes("(the )?only good"), (Strings{"only ", "the "}));
  EXPECT_EQ(LiteralPrefixes("a*b"), (Strings{"a", "b"}));
  EXPECT_EQ(LiteralPrefixes("(jedyny ){0,1}dobry"), (Strings{"dobry", "jedyny "}));
}

TEST(LiteralPrefixes, SmallClassesExpandAndOthersStop) {
  EXPECT_EQ(LiteralPrefixes("na[šs]e"), (Strings{"nase", "naše"}));
  EXPECT_EQ(LiteralPrefixes("ab[a-z]+"), (Strings{"ab"}));
  EXPECT_EQ(LiteralPrefixes("x[^ ]*"), (Strings{"x"}));
  EXPECT_EQ(LiteralPrefixes("\\bfoo\\b"), (Strings{"foo"}));
  EXPECT_EQ(LiteralPrefixes("ab(c|d)"), (Strings{"abc", "abd"}));
  EXPECT_EQ(LiteralPrefixes("\\(\\(x"), (Strings{"((x"}));
  EXPECT_EQ(LiteralPrefixes("é+x"), (Strings{"é"}));  // the quantifier takes the whole code point
}

TEST(LiteralPrefixes, UngatedWhenAMatchMayStartAnywhere) {
  EXPECT_FALSE(LiteralPrefixes("\\S+ima").has_value());
  EXPECT_FALSE(LiteralPrefixes("[a-z]+ (to|jest)").has_value());
  EXPECT_FALSE(LiteralPrefixes("(a|)b*").has_value());
  EXPECT_FALSE(LiteralPrefixes(".*kill").has_value());
  EXPECT_FALSE(LiteralPrefixes("(?i)kill").has_value());  // flags: not analysed
  EXPECT_FALSE(LiteralPrefixes("(unclosed").has_value());
  EXPECT_FALSE(LiteralPrefixes("\\x41").has_value());
  EXPECT_FALSE(LiteralPrefixes("(a|b|c|d)(e|f|g|h)(i|j|k|l)", 16).has_value());  // 64 > 16 prefixes
}

// Soundness: wherever RE2 finds a match, the text there starts with one of the prefixes. Random
// texts over a small alphabet hit every branch of these patterns many times.
TEST(LiteralPrefixes, EveryRe2MatchStartsWithAPrefix) {
  const char* patterns[] = {"(ab|ba)c?a", "a(b|c)*d", "(x )?ab+", "[ab]{2}c", "(a|b c)(d|e)?", "c*(ab|b)",
                            "(?:a(?:b|c)|ca)[^ ]*", "b{0,2}a", "\\ba b\\b", "(ab)+c|ca"};
  std::mt19937 rng(7);
  const std::string alphabet = "abcde x";
  int checked = 0;
  for (const char* pat : patterns) {
    const auto prefixes = LiteralPrefixes(pat);
    ASSERT_TRUE(prefixes.has_value()) << pat;
    RE2 re(pat);
    ASSERT_TRUE(re.ok()) << pat;
    for (int n = 0; n < 2000; ++n) {
      std::string text;
      for (int k = 0; k < 12; ++k) text += alphabet[rng() % alphabet.size()];
      for (size_t start = 0; start < text.size(); ++start) {
        re2::StringPiece m;
        if (!re.Match(text, start, text.size(), RE2::ANCHOR_START, &m, 1) || m.empty()) continue;
        const std::string_view rest = std::string_view(text).substr(start);
        const bool ok = std::any_of(prefixes->begin(), prefixes->end(),
                                    [&](const std::string& p) { return rest.substr(0, p.size()) == p; });
        EXPECT_TRUE(ok) << pat << " matched '" << m << "' in '" << text << "'";
        ++checked;
      }
    }
  }
  EXPECT_GT(checked, 1000);
}

// A POSIX class name RE2 cannot find the ":]" of leaves the '[' and ':' as plain members; reading
// the class as ended there parsed the rest of it as pattern and lost the "b..." alternative.
TEST(LiteralPrefixes, UnclosedPosixNameIsPlainMembers) {
  EXPECT_EQ(LiteralPrefixes("x[[:(]|b[[:)]"), (Strings{"b)", "b:", "b[", "x(", "x:", "x["}));
  EXPECT_EQ(LiteralPrefixes("x[[:]|b"), (Strings{"b", "x:", "x["}));
  EXPECT_EQ(LiteralPrefixes("x[[:a]b"), (Strings{"x:b", "x[b", "xab"}));
  EXPECT_EQ(LiteralPrefixes("x[[:alpha:]]"), (Strings{"x"}));
  EXPECT_EQ(LiteralPrefixes("a[[.a.]]"), (Strings{"a.]", "a[]", "aa]"}));  // no [.x.] in RE2
}

// Syntax corners, each checked against how RE2 reads it.
TEST(LiteralPrefixes, SyntaxCornersFollowRe2) {
  EXPECT_EQ(LiteralPrefixes("[]a]b"), (Strings{"]b", "ab"}));  // ']' first in a class is a member
  EXPECT_EQ(LiteralPrefixes("[a\\-z]"), (Strings{"-", "a", "z"}));
  EXPECT_EQ(LiteralPrefixes("[a-]b"), (Strings{"-b", "ab"}));
  EXPECT_EQ(LiteralPrefixes("[-a]b"), (Strings{"-b", "ab"}));
  EXPECT_EQ(LiteralPrefixes("x[]-a]"), (Strings{"x"}));  // "]-a" is a range
  EXPECT_EQ(LiteralPrefixes("a{,3}"), (Strings{"a{,3}"}));  // not a repeat in RE2: literal
  EXPECT_EQ(LiteralPrefixes("a{2"), (Strings{"a{2"}));
  EXPECT_EQ(LiteralPrefixes("a{01}b"), (Strings{"a"}));  // RE2: literal "{01}"; read as a repeat: still "a"
  EXPECT_EQ(LiteralPrefixes("x{2}y"), (Strings{"x"}));
  EXPECT_EQ(LiteralPrefixes("a{0}b"), (Strings{"a", "b"}));
  EXPECT_EQ(LiteralPrefixes("(|a)b"), (Strings{"ab", "b"}));
  EXPECT_EQ(LiteralPrefixes("((a)?b)?c"), (Strings{"abc", "bc", "c"}));
  EXPECT_EQ(LiteralPrefixes("a$b"), (Strings{"ab"}));  // never matches: anything is sound
  EXPECT_EQ(LiteralPrefixes("a\\bb\\B"), (Strings{"ab"}));
  EXPECT_EQ(LiteralPrefixes("é?x"), (Strings{"x", "éx"}));
  EXPECT_EQ(LiteralPrefixes("aé{2}"), (Strings{"aé"}));
  EXPECT_EQ(LiteralPrefixes("\\_a"), (Strings{"_a"}));
  EXPECT_EQ(LiteralPrefixes("a\\pLx"), (Strings{"a"}));
  EXPECT_EQ(LiteralPrefixes("a??b"), (Strings{"ab", "b"}));
  EXPECT_FALSE(LiteralPrefixes("[^]a]b").has_value());
  EXPECT_FALSE(LiteralPrefixes("^*a").has_value());  // a repeated assertion may repeat nothing
  EXPECT_FALSE(LiteralPrefixes("\\b+a").has_value());
  EXPECT_FALSE(LiteralPrefixes("(?:)+a").has_value());
  EXPECT_FALSE(LiteralPrefixes("\\Qab\\E").has_value());
  EXPECT_FALSE(LiteralPrefixes("\\141").has_value());  // octal
  EXPECT_FALSE(LiteralPrefixes("\\x{61}").has_value());
  EXPECT_FALSE(LiteralPrefixes("\\Cx").has_value());
  EXPECT_FALSE(LiteralPrefixes("\\ a").has_value());  // an escaped space is a space; not followed
  EXPECT_FALSE(LiteralPrefixes("a(?i)b").has_value());
  EXPECT_FALSE(LiteralPrefixes("(?s:.)a").has_value());
  EXPECT_FALSE(LiteralPrefixes("(?U)a+").has_value());
  EXPECT_FALSE(LiteralPrefixes("(?P=n)a").has_value());
  EXPECT_FALSE(LiteralPrefixes("a\\").has_value());
  EXPECT_FALSE(LiteralPrefixes("x[a\\").has_value());
  EXPECT_FALSE(LiteralPrefixes("a**").has_value());
}

// A random pattern from a small grammar, kept as a tree so that it can be drawn from as well as
// printed: samples of it embedded in noise make texts the pattern matches often.
struct RandomPattern {
  enum Kind { kRaw, kGroup, kAlt, kSeq, kRepeat };
  Kind kind = kRaw;
  std::string text;                  // kRaw: the pattern text; kGroup: "(", "(?:" or "(?P<n1>"; kRepeat: "*" etc.
  std::vector<std::string> samples;  // kRaw: strings it matches (some only sometimes: "^", "\\b")
  bool atom = true;                  // kRaw: one atom that a quantifier takes whole
  int min = 0, max = 0;              // kRepeat: max < 0 is unbounded
  std::vector<RandomPattern> kids;

  std::string Render() const {
    switch (kind) {
      case kRaw: return text;
      case kGroup: return text + kids[0].Render() + ")";
      case kAlt: {
        std::string out;
        for (size_t i = 0; i < kids.size(); ++i) out += (i ? "|" : "") + kids[i].Render();
        return out;
      }
      case kSeq: {
        std::string out;
        for (const auto& k : kids) out += k.Render();
        return out;
      }
      case kRepeat: {
        const std::string inner = kids[0].Render();
        return (kids[0].kind == kRaw && !kids[0].atom ? "(?:" + inner + ")" : inner) + text;
      }
    }
    return "";
  }

  void Sample(std::mt19937& rng, std::string* out) const {
    switch (kind) {
      case kRaw:
        *out += samples[rng() % samples.size()];
        return;
      case kGroup: kids[0].Sample(rng, out); return;
      case kAlt: kids[rng() % kids.size()].Sample(rng, out); return;
      case kSeq:
        for (const auto& k : kids) k.Sample(rng, out);
        return;
      case kRepeat: {
        const int top = max < 0 ? min + 2 : max;
        const int n = min + static_cast<int>(rng() % (top - min + 1));
        for (int i = 0; i < n; ++i) kids[0].Sample(rng, out);
        return;
      }
    }
  }
};

class PatternGenerator {
 public:
  explicit PatternGenerator(std::mt19937* rng) : rng_(*rng) {}

  RandomPattern Alt(int depth) {
    RandomPattern p;
    p.kind = RandomPattern::kAlt;
    const int n = Chance(60) ? 1 : 2 + Below(2);
    for (int i = 0; i < n; ++i) p.kids.push_back(Seq(depth, n > 1 && Chance(15) ? 0 : 1 + Below(3)));
    return p;
  }

 private:
  int Below(int n) { return static_cast<int>(rng_() % n); }
  bool Chance(int percent) { return Below(100) < percent; }

  RandomPattern Seq(int depth, int atoms) {
    RandomPattern p;
    p.kind = RandomPattern::kSeq;
    for (int i = 0; i < atoms; ++i) p.kids.push_back(Quantified(depth));
    return p;
  }

  RandomPattern Quantified(int depth) {
    RandomPattern a = Atom(depth);
    if (!Chance(35) || a.text == "(?i)" || a.text == "(?U)") return a;  // flags: nothing to repeat
    RandomPattern r;
    r.kind = RandomPattern::kRepeat;
    const int lo = Below(3);
    switch (Below(6)) {
      case 0: r.text = "?", r.min = 0, r.max = 1; break;
      case 1: r.text = "*", r.min = 0, r.max = -1; break;
      case 2: r.text = "+", r.min = 1, r.max = -1; break;
      case 3: r.text = "{" + std::to_string(lo) + "}", r.min = r.max = lo; break;
      case 4: r.text = "{" + std::to_string(lo) + ",}", r.min = lo, r.max = -1; break;
      default: {
        const int hi = lo + Below(3);
        r.text = "{" + std::to_string(lo) + "," + std::to_string(hi) + "}", r.min = lo, r.max = hi;
      }
    }
    if (Chance(25)) r.text += "?";  // lazy
    r.kids.push_back(std::move(a));
    return r;
  }

  static RandomPattern Raw(std::string text, std::vector<std::string> samples, bool atom = true) {
    RandomPattern p;
    p.text = std::move(text);
    p.samples = std::move(samples);
    p.atom = atom;
    return p;
  }

  RandomPattern Atom(int depth) {
    const int roll = Below(100);
    if (roll < 40) {  // literals
      static const char* const kLiterals[] = {"a", "b", "c", " ", "é", "\\-", "\\.", "\\]"};
      static const char* const kSamples[] = {"a", "b", "c", " ", "é", "-", ".", "]"};
      const int i = Below(5) + (Chance(15) ? 3 : 0);
      return Raw(kLiterals[i], {kSamples[i]});
    }
    if (roll < 55 && depth > 0) {  // groups
      RandomPattern g;
      g.kind = RandomPattern::kGroup;
      const int form = Below(3);
      g.text = form == 0 ? "(" : form == 1 ? "(?:" : "(?P<n" + std::to_string(++names_) + ">";
      g.kids.push_back(Alt(depth - 1));
      return g;
    }
    if (roll < 72) {  // classes
      static const std::vector<std::pair<std::string, std::vector<std::string>>> kClasses = {
          {"[ab]", {"a", "b"}},        {"[a é]", {"a", " ", "é"}}, {"[éb]", {"é", "b"}},
          {"[a-c]", {"a", "b", "c"}},  {"[^a]", {"b", " ", "é"}},  {"[^ ]", {"a", "é"}},
          {"[]a]", {"]", "a"}},        {"[^]a]", {"b", "é"}},      {"[a\\-c]", {"a", "-", "c"}},
          {"[a-]", {"a", "-"}},        {"[-b]", {"-", "b"}},       {"[[:alpha:]]", {"a", "b"}},
          {"[[:a]", {"[", ":", "a"}},  {"[[:(]", {"[", ":", "("}}, {"[[:)]", {"[", ":", ")"}},
          {"[[:|]", {"[", "|"}},       {"[\\pL]", {"a", "é"}},     {"[\\x61b]", {"a", "b"}},
          {"[\\141 ]", {"a", " "}},    {"[\\S]", {"a", "é"}},      {"[]-a]", {"]", "^", "a"}},
      };
      // The first 6 are plain; the others, whose syntax RE2 reads in unusual ways, come up more.
      const int n = static_cast<int>(kClasses.size());
      const auto& [text, samples] = kClasses[Chance(60) ? 6 + Below(n - 6) : Below(n)];
      return Raw(text, samples);
    }
    if (roll < 84) {  // zero-width and any-character atoms
      static const std::vector<std::pair<std::string, std::vector<std::string>>> kOthers = {
          {"\\b", {""}}, {"\\B", {""}},           {"^", {""}},          {"$", {""}},
          {".", {"a", "é", " "}}, {"\\S", {"b", "é"}}, {"\\pL", {"a", "é"}}, {"\\z", {""}},
      };
      const auto& [text, samples] = kOthers[Below(static_cast<int>(kOthers.size()))];
      return Raw(text, samples);
    }
    // Syntax corners: literal braces, escapes and flags.
    static const std::vector<std::tuple<std::string, std::vector<std::string>, bool>> kCorners = {
        {"{", {"{"}, true},           {"{,2}", {"{,2}"}, false},        {"}", {"}"}, true},
        {"]", {"]"}, true},           {"\\x{61}", {"a"}, true},          {"\\141", {"a"}, true},
        {"\\Qa|\\E", {"a|"}, false},  {"(?i:a)", {"a", "A"}, true},      {"(?s:.)", {"b"}, true},
        {"(?i)", {""}, false},        {"(?U)", {""}, false},            {"\\C", {"a"}, true},
        {"\\_", {"_"}, true},         {"a{01}", {"a{01}"}, false},        {"\\ ", {" "}, true},
    };
    const auto& [text, samples, atom] = kCorners[Below(static_cast<int>(kCorners.size()))];
    return Raw(text, samples, atom);
  }

  std::mt19937& rng_;
  int names_ = 0;
};

// What each random-pattern test sets up: a seeded generator, RE2 options that do not log the
// patterns RE2 rejects, and the noise a text is padded with.
struct RandomRun {
  explicit RandomRun(unsigned seed) : rng(seed), gen(&rng) { opts.set_log_errors(false); }
  // Appends fewer than `most` noise strings to *text.
  void Noise(unsigned most, std::string* text) {
    static const std::string kNoise[] = {"a", "b", "c", " ", "é", "-", "]"};
    for (int k = static_cast<int>(rng() % most); k > 0; --k) *text += kNoise[rng() % std::size(kNoise)];
  }
  std::mt19937 rng;
  PatternGenerator gen;
  RE2::Options opts;
};

// Soundness against RE2 on random patterns: wherever RE2 finds a non-empty anchored match, at any
// byte of the text, the text there starts with one of the prefixes (cut after `max_words` words).
void CheckRandomPatterns(size_t max_words) {
  const auto started = std::chrono::steady_clock::now();
  RandomRun run(1);  // one of the seeds with which this test catches the old "[[:" bug (see above)
  auto& [rng, gen, opts] = run;
  int patterns = 0, rejected = 0, gated = 0, texts = 0, matches = 0, failures = 0;
  for (int n = 0; n < 15000; ++n) {
    const RandomPattern tree = gen.Alt(2);
    const std::string pat = tree.Render();
    const RE2 re(pat, opts);
    ++patterns;
    if (!re.ok()) {
      ++rejected;
      continue;
    }
    const auto prefixes = LiteralPrefixes(pat, 4096, max_words);
    if (!prefixes) continue;
    ++gated;
    ASSERT_FALSE(prefixes->empty()) << pat;
    for (const auto& p : *prefixes) {
      // At most max_words spaces, and a prefix with that many ends with its last.
      const size_t spaces = std::count(p.begin(), p.end(), ' ');
      ASSERT_TRUE(!p.empty() && (spaces < max_words || (spaces == max_words && p.back() == ' ')))
          << pat << ": '" << p << "'";
    }
    for (int t = 0; t < 24; ++t) {
      std::string text;
      const bool sampled = t < 20;  // the others are noise only
      run.Noise(sampled ? 3 : 9, &text);
      if (sampled) tree.Sample(rng, &text);
      run.Noise(3, &text);
      ++texts;
      for (size_t start = 0; start < text.size(); ++start) {
        re2::StringPiece m;
        if (!re.Match(text, start, text.size(), RE2::ANCHOR_START, &m, 1) || m.empty()) continue;
        ++matches;
        const std::string_view rest = std::string_view(text).substr(start);
        const bool ok = std::any_of(prefixes->begin(), prefixes->end(),
                                    [&](const std::string& p) { return rest.substr(0, p.size()) == p; });
        if (!ok && ++failures <= 10) {
          std::string all;
          for (const auto& p : *prefixes) all += "'" + p + "' ";
          ADD_FAILURE() << "/" << pat << "/ matched '" << m << "' at " << start << " in '" << text
                        << "', prefixes: " << all;
        }
      }
    }
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::printf("random patterns, %zu word(s): %d (%d rejected by RE2, %d gated), texts: %d, matches checked: %d, %.2f s\n",
              max_words, patterns, rejected, gated, texts, matches, seconds);
  EXPECT_EQ(failures, 0);
  EXPECT_GT(gated, patterns / 4);  // the grammar must keep the analysis busy
  EXPECT_GT(matches, 100000);
}

TEST(LiteralPrefixes, RandomPatternsEveryRe2MatchStartsWithAPrefix) { CheckRandomPatterns(1); }

TEST(MaxSpaces, CountsTheWidestMatch) {
  EXPECT_EQ(MaxSpaces("kill"), 0u);
  EXPECT_EQ(MaxSpaces("(kill|burn)( all)? (them|those [^ ]+)"), 3u);
  EXPECT_EQ(MaxSpaces("x( [^ ]+){0,3} y"), 4u);
  EXPECT_EQ(MaxSpaces("a b|c d e"), 2u);         // a top-level alternation: the widest
  EXPECT_EQ(MaxSpaces("(?:a (?P<n>b )?)c"), 2u);  // (?:...) and named groups
  EXPECT_EQ(MaxSpaces("a[^ ]*b[xy]"), 0u);       // no class here holds a space
  EXPECT_EQ(MaxSpaces("a[^x]b"), 1u);            // a negated class may be the space
  EXPECT_EQ(MaxSpaces("a[ -~]b"), 1u);           // a range may cover it
  EXPECT_EQ(MaxSpaces("a.b\\sc"), 2u);           // '.' and \s
  EXPECT_EQ(MaxSpaces("a\\Sb\\pLc"), 0u);
  EXPECT_EQ(MaxSpaces("a( b)*"), SIZE_MAX);      // unbounded
  EXPECT_EQ(MaxSpaces("a( b){2,}"), SIZE_MAX);
  EXPECT_EQ(MaxSpaces("a.+"), SIZE_MAX);
  EXPECT_EQ(MaxSpaces("a(b )+?"), SIZE_MAX);
  EXPECT_EQ(MaxSpaces("(?i)a b"), SIZE_MAX);     // flags: not followed
  EXPECT_EQ(MaxSpaces("(a b"), SIZE_MAX);        // does not parse
}

// Soundness against RE2 on random patterns: no match RE2 finds holds more spaces than MaxSpaces says.
TEST(MaxSpaces, RandomPatternsNoRe2MatchHoldsMore) {
  RandomRun run(3);
  auto& [rng, gen, opts] = run;
  int bounded = 0, matches = 0, failures = 0;
  for (int n = 0; n < 8000; ++n) {
    const RandomPattern tree = gen.Alt(2);
    const std::string pat = tree.Render();
    const RE2 re(pat, opts);
    if (!re.ok()) continue;
    const size_t most = MaxSpaces(pat);
    if (most == SIZE_MAX) continue;
    ++bounded;
    for (int t = 0; t < 16; ++t) {
      std::string text;
      run.Noise(3, &text);
      tree.Sample(rng, &text);
      if (t % 2) tree.Sample(rng, &text);  // twice: a repeat may reach further
      run.Noise(3, &text);
      for (size_t start = 0; start < text.size(); ++start) {
        re2::StringPiece m;
        if (!re.Match(text, start, text.size(), RE2::ANCHOR_START, &m, 1)) continue;
        ++matches;
        const size_t spaces = std::count(m.begin(), m.end(), ' ');
        if (spaces > most && ++failures <= 10) {
          ADD_FAILURE() << "/" << pat << "/ matched '" << m << "' (" << spaces << " spaces) in '" << text
                        << "', MaxSpaces " << most;
        }
      }
    }
  }
  EXPECT_EQ(failures, 0);
  EXPECT_GT(bounded, 2000);
  EXPECT_GT(matches, 20000);
}

using Lists = std::vector<Strings>;

TEST(LaterTokenPrefixes, EachPlaceAfterASpaceGivesAList) {
  EXPECT_EQ(LaterTokenPrefixes("(zijn|is)( (allemaal|echt))* (ratten|luizen)"), (Lists{{"luizen", "ratten"}}));
  // (A group that must match also gives the union of its alternatives' lists: here "all", "every".)
  EXPECT_EQ(LaterTokenPrefixes("kill (all|every) (jews|roma)"), (Lists{{"all ", "every "}, {"all", "every"}, {"jews", "roma"}}));
  // After an optional group that ends with a space, the next word still starts a token.
  EXPECT_EQ(LaterTokenPrefixes("(should|must) (be )?(killed|shot)"), (Lists{{"be ", "killed", "shot"}, {"killed", "shot"}}));
  EXPECT_EQ(LaterTokenPrefixes("\\b(sie|die) sind\\b"), (Lists{{"sind"}}));
  // (?:...) and named groups count as groups; a quantified space group keeps the state.
  EXPECT_EQ(LaterTokenPrefixes("a(?: b| c)+ (?P<n>d )+e"), (Lists{{"b", "c"}, {"d "}, {"e"}}));
  // Inside a group that must match: one list of each alternative, the most selective, in a union.
  EXPECT_EQ(LaterTokenPrefixes("(abus|chass)[^ ]* (a )?((nos|vos) (femmes|filles)|(les|des) (gamines|meres))"),
            (Lists{{"a ", "des ", "les ", "nos ", "vos "}, {"des ", "les ", "nos ", "vos "}, {"femmes", "filles", "gamines", "meres"}}));
  // An alternative's first word counts too ("(a (x|y)|(x|y) b)": x or y is in every match).
  EXPECT_EQ(LaterTokenPrefixes("(is (rat|luis)|(rat|luis) zijn)"), (Lists{{"luis", "rat", "zijn"}}));
  // In a group at the pattern's start, an alternative's own first word is its start, which the start
  // gate already checks: the union is also made without it, and GateOf takes the smaller of equal
  // rarity ("werden" would make every "werden" a later word).
  EXPECT_EQ(LaterTokenPrefixes("(werden|wollen) wir mit euch ab|mit euch (ab|weg)"),
            (Lists{{"euch ", "werden ", "wollen "}, {"euch "}}));
  EXPECT_EQ(GateOf("(werden|wollen) wir mit euch ab|mit euch (ab|weg)")->later,
            (std::vector<std::pair<std::string, bool>>{{"euch", true}}));
  EXPECT_EQ(LaterTokenPrefixes("(stain on|betraying) (their|our) (own )?(race|blood)"),
            (Lists{{"our ", "their "}, {"our", "their"}, {"blood", "own ", "race"}, {"blood", "race"}}));
  // A top-level alternation is a group that must match.
  EXPECT_EQ(LaterTokenPrefixes("sivas (yine|tekrar) yapariz|(yine|tekrar) yakariz (sizi|onlari)"),
            (Lists{{"yakariz ", "yapariz"}}));
  // No union when an alternative has no list of its own.
  EXPECT_EQ(LaterTokenPrefixes("x ((nos|vos) (femmes|filles)|[^ ]+)"), (Lists{}));
}

TEST(LaterTokenPrefixes, NothingWhereTheNextTokenIsNotKnown) {
  EXPECT_TRUE(LaterTokenPrefixes("kill").empty());
  EXPECT_TRUE(LaterTokenPrefixes("kill|murder them").empty());             // "kill" alone has no later word
  EXPECT_TRUE(LaterTokenPrefixes("(?i)kill them").empty());                 // flags
  EXPECT_TRUE(LaterTokenPrefixes("kill ?them").empty());                    // the space may be missing
  EXPECT_TRUE(LaterTokenPrefixes("kill[ ]them").empty());                   // not followed
  EXPECT_EQ(LaterTokenPrefixes("kill (them|those)x"), (Lists{{"themx", "thosex"}, {"them", "those"}}));
  EXPECT_TRUE(LaterTokenPrefixes("kill( them)? all").size() == 1);          // only " all" after the group
  EXPECT_TRUE(LaterTokenPrefixes("kill [^ ]+").empty());                    // a remainder with no literal start
  EXPECT_TRUE(LaterTokenPrefixes("(kill").empty());
}

TEST(GateOf, StartsPairsAndLaterWords) {
  using Words = std::vector<std::pair<std::string, bool>>;
  const auto plan = GateOf("(plan|plot)s? to (kill|wipe out) (us|them)");
  ASSERT_TRUE(plan.has_value());
  EXPECT_EQ(plan->starts, (Words{{"plan", true}, {"plans", true}, {"plot", true}, {"plots", true}}));
  EXPECT_EQ(plan->paired, (Strings{"plan", "plans", "plot", "plots"}));  // every start is two whole words
  EXPECT_EQ(plan->pairs.size(), 4u);
  // The rarest later list, checked within 4 tokens of the start (4 spaces at most: "plots to wipe out them").
  EXPECT_EQ(plan->later, (Words{{"kill", true}, {"wipe", true}}));
  EXPECT_EQ(plan->later_within, 4u);
  EXPECT_FALSE(plan->TriedAtACommonWord());

  // "a" is checked with the next token; "deliberadamente" is not, and is long.
  const auto a = GateOf("(a propósito|deliberadamente) (mataron|quemaron)");
  ASSERT_TRUE(a.has_value());
  EXPECT_EQ(a->paired, (Strings{"a"}));
  EXPECT_FALSE(a->TriedAtACommonWord());

  // "is" with no rarer later word: tried at every "is". With "vermin" later: only where that is.
  const auto common = GateOf("(is|be)( [^ ]+)? so");
  ASSERT_TRUE(common.has_value());
  EXPECT_TRUE(common->paired.empty());
  EXPECT_TRUE(common->later.empty());
  EXPECT_TRUE(common->TriedAtACommonWord());
  const auto later = GateOf("(is|are)( [^ ]+)? vermin");
  ASSERT_TRUE(later.has_value());
  EXPECT_EQ(later->later, (Words{{"vermin", false}}));
  EXPECT_FALSE(later->TriedAtACommonWord());

  EXPECT_FALSE(GateOf("\\S+ must die").has_value());  // may start anywhere: scanned
}

TEST(ShortestWord, LettersNotBytes) {
  EXPECT_EQ(ShortestWord({"is ", "vermin"}), 2u);
  EXPECT_EQ(ShortestWord({"крысы"}), 5u);          // 10 bytes, 5 letters
  EXPECT_EQ(ShortestWord({"ጋላ"}), 4u);             // two Ethiopic syllables, consonant and vowel each
  EXPECT_EQ(ShortestWord({"바퀴"}), 4u);            // two Hangul syllables
  EXPECT_EQ(ShortestWord({"我"}), 2u);              // a Chinese character: a syllable, like "is"
  EXPECT_EQ(ShortestWord({"强奸", "は"}), 2u);       // a kana particle is the common one
  EXPECT_EQ(ShortestWord({}), 0u);
}

// Soundness against RE2 on random patterns: every non-empty match that RE2 finds at a token start
// holds, for each list, a later token start (after a space, inside the match) with one of its prefixes.
TEST(LaterTokenPrefixes, RandomPatternsEveryRe2MatchHoldsALaterPrefix) {
  RandomRun run(3);
  auto& [rng, gen, opts] = run;
  int listed = 0, matches = 0, failures = 0;
  // Most patterns get top-level spaces: "(?:A) (?:B)", "(?:A)(?:B )+(?:C)" and the like.
  auto group = [](RandomPattern inner) {
    RandomPattern g;
    g.kind = RandomPattern::kGroup;
    g.text = "(?:";
    g.kids.push_back(std::move(inner));
    return g;
  };
  auto raw = [](std::string text) {
    RandomPattern r;
    r.text = text;
    r.samples = {text};
    return r;
  };
  for (int n = 0; n < 15000; ++n) {
    RandomPattern tree;
    tree.kind = RandomPattern::kSeq;
    const int parts = 1 + static_cast<int>(rng() % 3);
    for (int k = 0; k < parts; ++k) {
      if (k > 0) {
        RandomPattern sep = raw(" ");
        if (rng() % 4 == 0) {  // a quantified group that ends with a space
          RandomPattern g = group([&] {
            RandomPattern seq;
            seq.kind = RandomPattern::kSeq;
            seq.kids.push_back(gen.Alt(1));
            seq.kids.push_back(raw(" "));
            return seq;
          }());
          RandomPattern rep;
          rep.kind = RandomPattern::kRepeat;
          const int form = static_cast<int>(rng() % 3);
          rep.text = form == 0 ? "?" : form == 1 ? "*" : "+";
          rep.min = form == 2 ? 1 : 0;
          rep.max = form == 0 ? 1 : -1;
          rep.kids.push_back(std::move(g));
          tree.kids.push_back(raw(" "));
          sep = std::move(rep);
        }
        tree.kids.push_back(std::move(sep));
      }
      tree.kids.push_back(group(gen.Alt(2)));
    }
    if (rng() % 4 == 0) {  // a top-level alternation of that and a group
      RandomPattern alt;
      alt.kind = RandomPattern::kAlt;
      alt.kids.push_back(std::move(tree));
      RandomPattern other;
      other.kind = RandomPattern::kSeq;
      other.kids.push_back(group(gen.Alt(1)));
      other.kids.push_back(raw(" "));
      other.kids.push_back(group(gen.Alt(1)));
      alt.kids.push_back(std::move(other));
      tree = std::move(alt);
    }
    const std::string pat = tree.Render();
    const RE2 re(pat, opts);
    if (!re.ok()) continue;
    const auto lists = LaterTokenPrefixes(pat);
    if (lists.empty()) continue;
    ++listed;
    for (int t = 0; t < 24; ++t) {
      std::string text;
      run.Noise(3, &text);
      tree.Sample(rng, &text);
      run.Noise(3, &text);
      for (size_t start = 0; start < text.size(); ++start) {
        // Matches are tried at token starts only (canonical text: no token starts with a space).
        if ((start > 0 && text[start - 1] != ' ') || text[start] == ' ') continue;
        re2::StringPiece m;
        if (!re.Match(text, start, text.size(), RE2::ANCHOR_START, &m, 1) || m.empty()) continue;
        ++matches;
        for (const Strings& list : lists) {
          bool ok = false;
          for (size_t q = start; q < start + m.size() && !ok; ++q) {
            if ((q > 0 && text[q - 1] != ' ') || text[q] == ' ') continue;
            const std::string_view rest = std::string_view(text).substr(q);
            ok = std::any_of(list.begin(), list.end(), [&](const std::string& p) { return rest.substr(0, p.size()) == p; });
          }
          if (!ok && ++failures <= 10) {
            std::string all;
            for (const auto& p : list) all += "'" + p + "' ";
            ADD_FAILURE() << "/" << pat << "/ matched '" << m << "' at " << start << " in '" << text << "', list: " << all;
          }
        }
      }
    }
  }
  std::printf("random patterns with later lists: %d, matches checked: %d\n", listed, matches);
  EXPECT_EQ(failures, 0);
  EXPECT_GT(listed, 1000);
  EXPECT_GT(matches, 8000);
}
// The matcher's pair check (two whole words before RE2 runs) relies on the two-word prefixes.
TEST(LiteralPrefixes, RandomPatternsEveryRe2MatchStartsWithATwoWordPrefix) { CheckRandomPatterns(2); }

}  // namespace
}  // namespace vigil
