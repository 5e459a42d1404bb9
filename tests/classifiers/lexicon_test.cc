#include "classifiers/lexicon.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "classifiers/term_template.h"
#include "test_lexicon.h"

namespace vigil {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

std::vector<LexiconError> Parse(const std::string& yaml, std::vector<Entry>* entries) {
  std::vector<LexiconError> errors;
  ParseLexiconYaml("test.yaml", yaml, entries, &errors);
  ValidateEntries(*entries, &errors);
  return errors;
}

constexpr const char* kGood = R"(language: en
entries:
  - id: en.dehum.vermin
    indicator: dehumanisation
    terms: [vermin]
    weight: 0.8
    note: Likening a group to vermin.
    sources: [Dangerous Speech Project 2021]
    exclusions: [vermin control]
  - id: en.id.muslims
    indicator: identity_term
    terms: [Muslims, Muslim]
    target: muslims
    target_category: religion
    note: Neutral name of the group.
    sources: [dictionary]
)";

TEST(Lexicon, GoodFileParsesEveryField) {
  std::vector<Entry> entries;
  auto errors = Parse(kGood, &entries);
  ASSERT_TRUE(errors.empty()) << errors[0].ToString();
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0].id, "en.dehum.vermin");
  EXPECT_EQ(entries[0].indicator, Indicator::kDehumanisation);
  EXPECT_DOUBLE_EQ(entries[0].weight, 0.8);
  EXPECT_EQ(entries[0].exclusions.size(), 1u);
  EXPECT_EQ(entries[0].line, 3);
  EXPECT_EQ(entries[1].target, "muslims");
  EXPECT_EQ(entries[1].lang, "en");
}

// An empty list is a leftover of an edit, which the schema (minItems) rejects: the checker says so
// too, naming the field, and like any broken entry that one is left out while the others load.
TEST(Lexicon, AnEmptyListIsAnError) {
  std::vector<Entry> entries;
  auto errors = Parse("language: en\nentries:\n" +
                          testing::E("en.x", "call_to_violence", "[kill them]", "    harmless_context: []\n") +
                          testing::E("en.y", "contempt", "[vile]", "    harmless_context: [salad]\n"),
                      &entries);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].entry_id, "en.x");
  EXPECT_NE(errors[0].message.find("harmless_context is an empty list"), std::string::npos) << errors[0].message;
  EXPECT_EQ(errors[0].line, 8);
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].id, "en.y");
}

// German terms with umlauts also get their ae/oe/ue spelling ("Flüchtlinge raus" and "Fluechtlinge
// raus"); other languages' terms do not (Turkish "ü" is no "ue").
TEST(Lexicon, GermanTermsGetTheirTransliteratedSpelling) {
  std::vector<Entry> entries;
  auto errors = Parse("language: de\nentries:\n  - id: de.x\n    indicator: call_to_violence\n"
                      "    terms: [Flüchtlinge raus, Ausländer, Müll, raus]\n    note: n\n    sources: [s]\n"
                      "  - id: tr.x\n    language: tr\n    indicator: contempt\n    terms: [Türkler]\n"
                      "    note: n\n    sources: [s]\n",
                      &entries);
  ASSERT_TRUE(errors.empty()) << errors[0].ToString();
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0].terms, (std::vector<std::string>{"Flüchtlinge raus", "Ausländer", "Müll", "raus",
                                                        "Fluechtlinge raus", "Auslaender", "Muell"}));
  EXPECT_EQ(entries[1].terms, std::vector<std::string>{"Türkler"});
}

TEST(Lexicon, FuzzyIsAFileDefaultAnEntryMayOverride) {
  std::vector<Entry> entries;
  auto errors = Parse(std::string(kGood).insert(std::string_view("language: en\n").size(), "fuzzy: true\n") +
                          "  - id: en.dehum.rats\n    indicator: dehumanisation\n    terms: [rats]\n"
                          "    fuzzy: false\n    note: n\n    sources: [s]\n",
                      &entries);
  ASSERT_TRUE(errors.empty()) << errors[0].ToString();
  ASSERT_EQ(entries.size(), 3u);
  EXPECT_TRUE(entries[0].fuzzy);
  EXPECT_FALSE(entries[2].fuzzy);
  entries.clear();
  ASSERT_TRUE(Parse(kGood, &entries).empty());
  EXPECT_FALSE(entries[0].fuzzy);  // off unless asked for
  entries.clear();
  errors = Parse("language: en\nfuzzy: maybe\nentries: []\n", &entries);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_THAT(errors[0].message, HasSubstr("fuzzy must be true or false"));
}

TEST(Lexicon, EveryBadEntryIsReportedAndGoodOnesStillLoad) {
  std::vector<Entry> entries;
  auto errors = Parse(R"(language: en
entries:
  - id: en.bad.indicator
    indicator: nastiness
    terms: [x]
    note: n
    sources: [s]
  - id: en.bad.regex
    indicator: slur
    pattern: "(unclosed"
    note: n
    sources: [s]
  - id: en.good
    indicator: slur
    terms: [ok]
    note: n
    sources: [s]
  - id: en.bad.empty
    indicator: slur
    terms: ["  "]
    note: n
    sources: [s]
  - id: en.good
    indicator: slur
    terms: [again]
    note: n
    sources: [s]
)",
                      &entries);
  ASSERT_EQ(errors.size(), 4u);
  EXPECT_THAT(errors[0].ToString(), HasSubstr("test.yaml:4: entry 'en.bad.indicator': unknown indicator 'nastiness'"));
  EXPECT_THAT(errors[1].ToString(), HasSubstr("en.bad.regex"));
  EXPECT_THAT(errors[1].message, HasSubstr("invalid RE2"));
  EXPECT_THAT(errors[2].message, HasSubstr("empty term"));
  EXPECT_THAT(errors[3].message, HasSubstr("duplicate id"));
  EXPECT_EQ(entries.size(), 2u);  // both 'en.good' parsed; the duplicate is flagged by ValidateEntries
}

TEST(Lexicon, MissingNoteSourceAndTargetAreErrors) {
  std::vector<Entry> entries;
  auto errors = Parse(R"(language: en
entries:
  - id: en.id.x
    indicator: identity_term
    terms: [x]
)",
                      &entries);
  ASSERT_EQ(errors.size(), 3u);
  EXPECT_TRUE(entries.empty());
}

// YAML keeps one of two equal keys and drops the other silently; the loader names the field, and
// the same entry with each field once loads.
TEST(Lexicon, AFieldGivenTwiceIsAnError) {
  const std::string head = "language: en\nentries:\n  - id: en.a\n    indicator: contempt\n    terms: [scum]\n"
                           "    exclusions: [scum of the earth]\n";
  const std::string tail = "    note: n\n    sources: [s]\n";
  std::vector<Entry> entries;
  auto errors = Parse(head + "    exclusions: [pond scum]\n" + tail, &entries);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_THAT(errors[0].message, HasSubstr("'exclusions' given twice"));
  EXPECT_EQ(errors[0].entry_id, "en.a");
  entries.clear();
  EXPECT_TRUE(Parse(head + tail, &entries).empty());
  EXPECT_EQ(entries.size(), 1u);
}

// An unquoted list item that YAML reads as a number or boolean is not a string to the schema's
// validators: check names it and asks for quotes; quoted, the same word is fine.
TEST(Lexicon, AnUnquotedNumberOrBooleanInAStringListIsAnError) {
  const std::string head = "language: en\nentries:\n  - id: en.a\n    indicator: contempt\n";
  const std::string tail = "    note: n\n    sources: [s]\n";
  std::vector<Entry> entries;
  auto errors = Parse(head + "    terms: [scum, 1488, true, 1e5, 2.5E-3]\n    harmless_context: [game, 1922]\n" + tail, &entries);
  ASSERT_EQ(errors.size(), 5u);
  EXPECT_THAT(errors[0].message, HasSubstr("terms item 1488 is a number or boolean in YAML: quote it"));
  EXPECT_THAT(errors[1].message, HasSubstr("terms item true"));
  EXPECT_THAT(errors[2].message, HasSubstr("terms item 1e5"));
  EXPECT_THAT(errors[3].message, HasSubstr("terms item 2.5E-3"));
  EXPECT_THAT(errors[4].message, HasSubstr("harmless_context item 1922"));
  entries.clear();
  EXPECT_TRUE(Parse(head + "    terms: [scum, \"1488\", 14w, 1e, e5, \"true\"]\n    harmless_context: [game, \"1922\"]\n" + tail,
                    &entries).empty());
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_THAT(entries[0].harmless_context, ElementsAre("game", "1922"));
}

TEST(Lexicon, UnknownLanguageAndShortPrefixAreErrors) {
  std::vector<Entry> entries;
  auto errors = Parse(R"(language: xx
entries:
  - id: xx.a
    indicator: slur
    match: prefix
    terms: [abc]
    note: n
    sources: [s]
)",
                      &entries);
  ASSERT_GE(errors.size(), 2u);
  EXPECT_THAT(errors[0].message, HasSubstr("unknown language"));
  EXPECT_THAT(errors.back().message, HasSubstr("shorter than 4"));
}

TEST(Lexicon, HarmlessContextTakesSingleWordStems) {
  std::vector<Entry> entries;
  auto errors = Parse(R"(language: it
entries:
  - id: it.ok
    indicator: slur
    terms: [finocchio]
    harmless_context: [insalat, cucin, "final$"]
    note: n
    sources: [s]
  - id: it.bad-dollar
    indicator: slur
    terms: [finocchietto]
    harmless_context: [fi$, "fin$al"]
    note: n
    sources: [s]
  - id: it.bad
    indicator: slur
    terms: [finocchi]
    harmless_context: [di finocchio, ok]
    note: n
    sources: [s]
)",
                      &entries);
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].harmless_context, (std::vector<std::string>{"insalat", "cucin", "final$"}));
  // A $ closes a whole word of at least 3 bytes; nowhere else.
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0].entry_id, "it.bad-dollar");
  EXPECT_EQ(errors[1].entry_id, "it.bad");
  EXPECT_THAT(errors[1].message, HasSubstr("single word stems"));
}

// Per-entry field rules: each bad entry is rejected with an error naming it and the rule; the good
// ones load. stands_for names another harm indicator (or identity_term: an allusion), on a coded_language entry only; tier
// names a severity, on a harm entry only; an ASCII \b
// beside a non-ASCII letter never matches (RE2's \b is ASCII-only); nor do two Han or kana
// characters side by side (each is a token of its own).
TEST(Lexicon, FieldRulesRejectTheEntriesThatBreakThem) {
  using testing::E;
  struct Case {
    std::string yaml;
    std::vector<std::string> kept;
    std::vector<std::pair<std::string, std::string>> errors;  // entry id, part of the message
  };
  const Case cases[] = {
      {"language: en\nentries:\n" +
           E("en.ok", "coded_language", "[day of the rope]", "    stands_for: call_to_violence\n") +
           E("en.not-coded", "contempt", "[filth]", "    stands_for: dehumanisation\n") +
           E("en.itself", "coded_language", "[jq]", "    stands_for: coded_language\n") +
           E("en.cue", "coded_language", "[fourteen words]", "    stands_for: negation\n") +
           E("en.allusion", "coded_language", "[you know who i mean]", "    stands_for: identity_term\n"),
       {"en.ok", "en.allusion"},
       {{"en.not-coded", "only for coded_language"}, {"en.itself", "another harm indicator"}, {"en.cue", "another harm indicator"}}},
      // tier names a severity, on a harm entry only.
      {"language: en\nentries:\n" + E("en.deport", "call_to_violence", "[deport them]", "    tier: moderately_dangerous\n") +
           E("en.id", "identity_term", "[roma]", "    target: roma\n    tier: offensive\n") +
           E("en.none", "contempt", "[filth]", "    tier: none\n") + E("en.typo", "contempt", "[scum]", "    tier: moderate\n"),
       {"en.deport"},
       {{"en.id", "only for harm entries"}, {"en.none", "tier must be"}, {"en.typo", "tier must be"}}},
      // names_in_group marks a loyalty phrase that names the in-group, and nothing else.
      {"language: en\nentries:\n" + E("en.true", "questioning_loyalty", "[no true englishman]", "    names_in_group: true\n") +
           E("en.purity", "threat_to_purity", "[english blood]", "    names_in_group: true\n") +
           E("en.word", "questioning_loyalty", "[traitor]", "    names_in_group: yes please\n"),
       {"en.true"},
       {{"en.purity", "only for questioning_loyalty"}, {"en.word", "names_in_group"}}},
      // names_concept marks a purity entry with a target whose terms name a concept, and nothing else.
      {"language: en\nentries:\n" +
           E("en.concept", "threat_to_purity", "[great replacement]", "    target: immigrants\n    names_concept: true\n") +
           E("en.untargeted", "threat_to_purity", "[race mixing]", "    names_concept: true\n") +
           E("en.call", "call_to_violence", "[deport them]", "    target: immigrants\n    names_concept: true\n"),
       {"en.concept"},
       {{"en.untargeted", "names_concept is only"}, {"en.call", "names_concept is only"}}},
      {"language: ru\nentries:\n" + E("ru.before", "call_to_violence", "[]", "    pattern: '\\b(?:убить|бить) всех'\n") +
           E("ru.after", "call_to_violence", "[]", "    pattern: 'всех (убить)\\b'\n") +
           E("ru.ok", "call_to_violence", "[]", "    pattern: 'убить (всех|их)'\n") +
           E("ru.ascii", "call_to_violence", "[]", "    pattern: '\\b(kill|k1ll) them'\n"),
       {"ru.ok", "ru.ascii"},
       {{"ru.before", "'у'"}, {"ru.after", "'ь'"}}},
      // Han and kana characters are one token each: "强奸" in a pattern never matches "强 奸".
      {"language: zh\nentries:\n" + E("zh.joined", "call_to_violence", "[]", "    pattern: '(强奸|杀) (女 人|女孩)'\n") +
           E("zh.spaced", "call_to_violence", "[]", "    pattern: '(强 奸|杀) (女 人|女 孩)'\n") +
           E("zh.class", "call_to_violence", "[]", "    pattern: '[杀砍] 光'\n") +
           E("zh.kana", "call_to_violence", "[]", "    pattern: 'ころせ'\n"),
       {"zh.spaced", "zh.class"},
       {{"zh.joined", "write '强 奸'"}, {"zh.kana", "write 'こ ろ'"}}},
  };
  for (const Case& c : cases) {
    std::vector<Entry> entries;
    const auto errors = Parse(c.yaml, &entries);
    std::vector<std::string> kept;
    for (const Entry& e : entries) kept.push_back(e.id);
    EXPECT_EQ(kept, c.kept);
    ASSERT_EQ(errors.size(), c.errors.size()) << c.yaml;
    for (size_t k = 0; k < errors.size(); ++k) {
      EXPECT_EQ(errors[k].entry_id, c.errors[k].first);
      EXPECT_THAT(errors[k].message, HasSubstr(c.errors[k].second));
    }
  }
  std::vector<Entry> entries;
  ASSERT_TRUE(Parse(cases[0].yaml, &entries).size() == 3u && entries.size() == 2u);
  EXPECT_EQ(entries[0].stands_for, Indicator::kCallToViolence);
  EXPECT_EQ(entries[1].stands_for, Indicator::kIdentityTerm);  // an allusion to a group left unnamed
  entries.clear();
  Parse(cases[2].yaml, &entries);
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_TRUE(entries[0].names_in_group);
}

TEST(Lexicon, TermTemplatesExpandOverFileAndEntrySlots) {
  std::vector<Entry> entries;
  auto errors = Parse(R"(language: en
slots:
  place: [shop, mosque]
entries:
  - id: en.t.burn
    indicator: call_to_violence
    slots: {verb: [burn, torch]}
    terms: ["{all |}your {$place} will {$verb}", plain phrase]
    variants: ["{$place}s next"]
    exclusions: ["{$verb} calories"]
    note: n
    sources: [s]
  - id: en.t.local
    indicator: call_to_violence
    slots: {place: [camp]}
    terms: ["your {$place} will burn"]
    note: The entry's slot wins over the file's of the same name.
    sources: [s]
)", &entries);
  ASSERT_THAT(errors, IsEmpty());
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_THAT(entries[0].terms,
              ElementsAre("all your shop will burn", "all your shop will torch", "all your mosque will burn",
                          "all your mosque will torch", "your shop will burn", "your shop will torch",
                          "your mosque will burn", "your mosque will torch", "plain phrase", "shops next",
                          "mosques next"));
  EXPECT_THAT(entries[0].exclusions, ElementsAre("burn calories", "torch calories"));
  EXPECT_THAT(entries[1].terms, ElementsAre("your camp will burn"));
}

TEST(Lexicon, BrokenTemplatesAreErrorsNamingEntryAndLine) {
  std::vector<Entry> entries;
  auto errors = Parse(R"(language: en
entries:
  - id: en.t.unknown-slot
    indicator: slur
    terms: ["your {$place} will burn"]
    note: n
    sources: [s]
  - id: en.t.unbalanced
    indicator: slur
    terms: ["{we|they will burn it"]
    note: n
    sources: [s]
  - id: en.t.bad-slot
    indicator: slur
    slots: {Place: [x], empty: [], nested: ["{a|b}"]}
    terms: [x]
    note: n
    sources: [s]
  - id: en.t.empty
    indicator: slur
    terms: ["{a|}", "{|}"]
    note: n
    sources: [s]
  - id: en.t.good
    indicator: slur
    terms: ["{a|b}"]
    note: n
    sources: [s]
)", &entries);
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].id, "en.t.good");
  std::string all;
  for (const auto& e : errors) {
    EXPECT_GT(e.line, 0) << e.ToString();
    all += e.ToString() + "\n";
  }
  EXPECT_THAT(all, HasSubstr("entry 'en.t.unknown-slot': terms 'your {$place} will burn': unknown slot '$place'"));
  EXPECT_THAT(all, HasSubstr("entry 'en.t.unbalanced': terms '{we|they will burn it': unbalanced '{'"));
  EXPECT_THAT(all, HasSubstr("slot name 'Place' must match"));
  EXPECT_THAT(all, HasSubstr("slot 'empty' is empty"));
  EXPECT_THAT(all, HasSubstr("slots do not nest"));
  EXPECT_THAT(all, HasSubstr("entry 'en.t.empty': empty term"));
}

TEST(Lexicon, ATemplateFamilyOverTheLimitIsRefused) {
  std::string yaml = "language: en\nentries:\n  - id: en.t.huge\n    indicator: slur\n    terms: [\"";
  for (int i = 0; i < 5; ++i) yaml += "{a|b|c|d|e|f|g|h|i|j|k} ";  // 11^5 = 161,051
  yaml += "\"]\n    note: n\n    sources: [s]\n";
  std::vector<Entry> entries;
  auto errors = Parse(yaml, &entries);
  EXPECT_THAT(entries, IsEmpty());
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_THAT(errors[0].message, HasSubstr("more than " + std::to_string(kMaxExpandedTerms)));
}

TEST(Lexicon, YamlSyntaxErrorNamesTheLine) {
  std::vector<Entry> entries;
  auto errors = Parse("language: en\nentries:\n  - id: [unclosed\n", &entries);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_THAT(errors[0].message, HasSubstr("YAML syntax error"));
  EXPECT_GT(errors[0].line, 0);
}

TEST(Lexicon, IndicatorNamesRoundTrip) {
  for (int i = 0; i < kIndicatorCount; ++i) {
    auto ind = static_cast<Indicator>(i);
    EXPECT_EQ(ParseIndicator(IndicatorName(ind)), ind);
  }
  EXPECT_TRUE(IsHarmIndicator(Indicator::kCallToViolence));
  EXPECT_FALSE(IsHarmIndicator(Indicator::kIdentityTerm));
  EXPECT_TRUE(IsCueIndicator(Indicator::kNegation));
  EXPECT_FALSE(IsCueIndicator(Indicator::kIdentityTerm));
}

}  // namespace
}  // namespace vigil
