#include "classifiers/scorer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "classifiers/alert.h"
#include "classifiers/analyzer.h"
#include "test_lexicon.h"

namespace vigil {
namespace {

using testing::CompileYaml;
using testing::E;
using testing::MuslimsEntry;

// A small lexicon exercising every role the scorer distinguishes.
class ScorerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    lex_ = CompileYaml(
        "language: en\nentries:\n" +
        E("id.muslims", "identity_term", "[muslims, muslim]", "    target: muslims\n    target_category: religion\n") +
        E("id.immigrants", "identity_term", "[immigrants]", "    target: immigrants\n    target_category: migration\n") +
        E("dehum.vermin", "dehumanisation", "[vermin, cockroaches]", "    weight: 0.9\n") +
        E("cv.kill", "call_to_violence", "[kill, exterminate]", "    weight: 0.9\n    exclusions: [kill the lights]\n") +
        E("ct.hate", "contempt", "[hate]", "    weight: 0.6\n") +
        E("ct.disgusting", "contempt", "[disgusting]", "    weight: 0.6\n") +
        E("slur.inyenzi", "slur", "[inyenzi]", "    target: tutsi\n    target_category: ethnicity\n    weight: 0.9\n") +
        E("cue.not", "negation", "[not, never, no one]") + E("cue.counter", "counter_speech", "[disgusting, shameful]") +
        E("cue.report", "reporting", "[called them, said, saying]") + E("cue.they", "group_reference", "[they, them]") +
        E("cue.must", "exhortation", "[must, should]") + E("cue.we", "in_group", "[we, us, our]"));
    auto a = Analyzer::Create({});
    ASSERT_TRUE(a.ok());
    analyzer_ = std::move(*a);
    scorer_ = std::make_unique<Scorer>(ScoringConfig::Defaults());
  }

  Verdict Score(const std::string& text, Message m = {}) {
    m.text = text;
    m.lang = "en";
    Verdict v;
    analyzer_->Analyze(m, *lex_, *scorer_, &v);
    return v;
  }

  std::shared_ptr<const CompiledLexicon> lex_;
  std::unique_ptr<Analyzer> analyzer_;
  std::unique_ptr<Scorer> scorer_;
};

// Analyses `text` as a message in `lang` against `lex`, with the default scoring config.
Verdict ScoreWith(const CompiledLexicon& lex, const std::string& lang, const std::string& text) {
  auto a = Analyzer::Create({});
  EXPECT_TRUE(a.ok());
  Scorer scorer(ScoringConfig::Defaults());
  Message m;
  m.lang = lang;
  m.text = text;
  Verdict v;
  (*a)->Analyze(m, lex, scorer, &v);
  return v;
}

// Expects `text` in `lang` to score `want` (or, with `flagged`, anything above none), naming the text
// and the explanation when it does not.
void ExpectSeverity(const CompiledLexicon& lex, const std::string& lang, const std::string& text, Severity want) {
  const Verdict v = ScoreWith(lex, lang, text);
  EXPECT_EQ(v.severity, want) << text << ": " << v.explanation;
}
// Compiles `entries` as a lexicon file in `lang`.
std::shared_ptr<const CompiledLexicon> CompileIn(const std::string& lang, const std::string& entries) {
  return CompileYaml("language: " + lang + "\nentries:\n" + entries);
}
void ExpectFlagged(const CompiledLexicon& lex, const std::string& lang, const std::string& text) {
  const Verdict v = ScoreWith(lex, lang, text);
  EXPECT_NE(v.severity, Severity::kNone) << text << ": " << v.explanation;
}

// Scores each text in `lang` against `lex` and expects its severity.
void ExpectSeverities(const CompiledLexicon& lex, const std::string& lang,
                      std::initializer_list<std::pair<const char*, Severity>> cases) {
  for (const auto& [text, severity] : cases) {
    const Verdict v = ScoreWith(lex, lang, text);
    EXPECT_EQ(v.severity, severity) << text << ": " << v.explanation;
  }
}

TEST_F(ScorerTest, DehumanisationOfNamedGroupIsModeratelyDangerous) {
  Verdict v = Score("Immigrants are vermin");
  EXPECT_EQ(v.severity, Severity::kModeratelyDangerous);
  EXPECT_EQ(v.target_groups, std::vector<std::string>{"immigrants"});
  ASSERT_EQ(v.indicators.size(), 1u);
  EXPECT_EQ(v.indicators[0].indicator, Indicator::kDehumanisation);
  EXPECT_THAT(v.explanation, ::testing::HasSubstr("\"vermin\""));
}

TEST_F(ScorerTest, NegatedDehumanisationIsNotFlagged) {
  Verdict v = Score("Immigrants are not vermin");
  EXPECT_EQ(v.severity, Severity::kNone);
  ASSERT_EQ(v.discounted.size(), 1u);
  EXPECT_EQ(v.discounted[0].reason, "negated");
}

// A discount names the words that made it, so an analyst reading a verdict that was not flagged sees
// why: the negation, the counter-speech cue, the reporting verb or the date of a narrated past.
TEST_F(ScorerTest, ADiscountNamesTheWordsThatMadeIt) {
  auto cue_text = [](const std::string& text, const Discount& d) {
    return d.cue ? std::string(d.cue->source.Slice(text)) : std::string("(none)");
  };
  struct Case {
    const char* text;
    const char* reason;
    const char* cue;
    Indicator indicator;
  };
  for (const Case& c : {Case{"Immigrants are not vermin", "negated", "not", Indicator::kNegation},
                        Case{"The minister said that immigrants are vermin", "reported", "said", Indicator::kReporting},
                        Case{"Calling immigrants vermin is shameful", "counter_speech", "shameful", Indicator::kCounterSpeech}}) {
    const std::string text = c.text;
    const Verdict v = Score(text);
    ASSERT_EQ(v.discounted.size(), 1u) << text << ": " << v.explanation;
    EXPECT_EQ(v.discounted[0].reason, c.reason) << text;
    ASSERT_TRUE(v.discounted[0].cue.has_value()) << text;
    EXPECT_EQ(cue_text(text, v.discounted[0]), c.cue) << text;
    EXPECT_EQ(v.discounted[0].cue->indicator, c.indicator) << text;
    ASSERT_TRUE(v.discounted[0].cue->entry.has_value()) << text;
    EXPECT_THAT(v.explanation, ::testing::HasSubstr(std::string("by \"") + c.cue + "\"")) << text;
  }
  // The answer "No" to a question is a word the scorer knows by itself: no lexicon entry.
  const std::string answered = "Are immigrants vermin? No.";
  const Verdict no = Score(answered);
  ASSERT_EQ(no.discounted.size(), 1u) << no.explanation;
  EXPECT_EQ(no.discounted[0].reason, "negated");
  ASSERT_TRUE(no.discounted[0].cue.has_value());
  EXPECT_EQ(cue_text(answered, no.discounted[0]), "No");
  EXPECT_FALSE(no.discounted[0].cue->entry.has_value());
  // A match without a target names no cue.
  const Verdict untargeted = Score("We must kill the lights and the vermin in the attic");
  for (const Discount& d : untargeted.discounted) {
    if (d.reason == "no_target") EXPECT_FALSE(d.cue.has_value());
  }
}

TEST_F(ScorerTest, NegationDoesNotTakeBackASlur) {
  // Negating the clause a slur sits in keeps the slur: "I do not want inyenzi here" is contempt.
  Verdict slur = Score("I do not want inyenzi in my street");
  EXPECT_NE(slur.severity, Severity::kNone);
  EXPECT_TRUE(slur.discounted.empty());
  // The same clause shape with a metaphor is negated ("not vermin"), and counter-speech quoting
  // the slur is still discounted.
  EXPECT_EQ(Score("Immigrants are not vermin in my street").severity, Severity::kNone);
  EXPECT_EQ(Score("He called them inyenzi. That is shameful.").severity, Severity::kNone);
}

// A call to violence against a group is extremely dangerous; exhorted, it weighs more.
TEST_F(ScorerTest, CallToViolenceWithExhortationIsExtremelyDangerous) {
  EXPECT_EQ(Score("We must exterminate the Muslims").severity, Severity::kExtremelyDangerous);
  EXPECT_EQ(Score("No one should kill Muslims").severity, Severity::kNone);
  // The speaker's side committing to it, right before the call, is a threat of the same weight.
  const Verdict we = Score("Tomorrow we kill the Muslims");
  const Verdict somebody = Score("Tomorrow somebody will kill the Muslims");
  EXPECT_EQ(we.severity, Severity::kExtremelyDangerous);
  EXPECT_EQ(somebody.severity, Severity::kExtremelyDangerous);
  EXPECT_GT(we.score, somebody.score);
}

// Umati's tiers follow the kind of evidence, not its sum: a slur or contempt alone is offensive
// however strong or many, a hallmark (here an accusation in a mirror or dehumanisation) moderately
// dangerous and no more, a call to violence extremely dangerous however weak.
TEST(ScorerTiers, TheKindOfEvidenceSetsTheTier) {
  auto lex = CompileIn("en", E("id.roma", "identity_term", "[roma]", "    target: roma\n    target_category: ethnicity\n") +
                                 E("sl.strong", "slur", "[gyppos]", "    weight: 1.0\n    target: roma\n") +
                                 E("ct.scum", "contempt", "[scum, thieves, liars]", "    weight: 1.0\n    near_target: 6\n") +
                                 E("mi.kill", "accusation_in_mirror", "[plan to kill us]", "    weight: 1.0\n    near_target: 6\n") +
                                 E("dh.rats", "dehumanisation", "[rats]", "    weight: 1.0\n    near_target: 6\n") +
                                 E("cv.go", "call_to_violence", "[should be chased off]", "    weight: 0.3\n    near_target: 6\n") +
                                 E("cd.luck", "coded_language", "[lucky charms]", "    weight: 0.6\n    stands_for: contempt\n    target: roma\n"));
  ASSERT_NE(lex, nullptr);
  const std::pair<const char*, Severity> tiers[] = {
      {"Gyppos everywhere", Severity::kOffensive},
      {"The Roma are scum, thieves and liars", Severity::kOffensive},
      {"The Roma are rats", Severity::kModeratelyDangerous},
      {"More lucky charms at the station again", Severity::kModeratelyDangerous},  // contempt in code
      {"The Roma are rats and plan to kill us", Severity::kModeratelyDangerous},
      {"The Roma should be chased off", Severity::kExtremelyDangerous},
  };
  for (const auto& [text, want] : tiers) ExpectSeverity(*lex, "en", text, want);

  // An entry's own tier overrides its indicator's: removal, and a demand to deny rights, are
  // moderately dangerous; with bodily harm beside them the message is extremely dangerous again.
  auto tiered = CompileIn("en", E("id.roma", "identity_term", "[roma]", "    target: roma\n    target_category: ethnicity\n") +
                                    E("cv.deport", "call_to_violence", "[should be deported]",
                                      "    weight: 0.9\n    near_target: 6\n    tier: moderately_dangerous\n") +
                                    E("ct.vote", "contempt", "[should not be allowed to vote]",
                                      "    weight: 0.6\n    near_target: 6\n    tier: moderately_dangerous\n") +
                                    E("cv.beat", "call_to_violence", "[beaten]", "    weight: 0.6\n    near_target: 6\n"));
  ASSERT_NE(tiered, nullptr);
  ExpectSeverity(*tiered, "en", "The Roma should be deported", Severity::kModeratelyDangerous);
  ExpectSeverity(*tiered, "en", "The Roma should not be allowed to vote", Severity::kModeratelyDangerous);
  ExpectSeverity(*tiered, "en", "The Roma should be beaten and deported", Severity::kExtremelyDangerous);
  // A killing verb inside an accusation in a mirror is what the group is said to plan, not a call,
  // unless exhorted or imperative.
  const std::string roma_and_call = E("id.roma", "identity_term", "[roma]", "    target: roma\n    target_category: ethnicity\n") +
                                    E("cv.exterminate", "call_to_violence", "[exterminate]", "    weight: 0.9\n    near_target: 6\n");
  auto mirror = CompileIn("en", roma_and_call + E("mi.arming", "accusation_in_mirror", "[are arming]", "    weight: 0.8\n    near_target: 6\n"));
  ASSERT_NE(mirror, nullptr);
  ExpectSeverity(*mirror, "en", "The Roma are arming to exterminate us", Severity::kModeratelyDangerous);
  ExpectSeverity(*mirror, "en", "Exterminate the Roma, they are arming", Severity::kExtremelyDangerous);
  // ... or right after one, when the call has no exhortation of its own.
  ExpectSeverity(*mirror, "en", "The Roma are arming. Soon they exterminate us", Severity::kModeratelyDangerous);
  ExpectSeverity(*mirror, "en", "The Roma are arming. Exterminate the Roma", Severity::kExtremelyDangerous);

  // So is a killing verb after a third party's intention ("they are planning to", "мечтают"),
  // however exhorted, unless "we" intend it or an exhortation stands nearer the verb; in a
  // head-final language the intention follows the verb.
  auto intent = CompileIn("en", roma_and_call + E("in.we", "in_group", "[we, us]") + E("ex.must", "exhortation", "[must, want to]") +
                                    E("it.plan", "intention", "[are planning to, they want to]"));
  ASSERT_NE(intent, nullptr);
  ExpectSeverity(*intent, "en", "The Roma are planning to exterminate us all", Severity::kModeratelyDangerous);
  ExpectSeverity(*intent, "en", "Look at the Roma, they want to exterminate us", Severity::kModeratelyDangerous);
  ExpectSeverity(*intent, "en", "We are planning to exterminate the Roma", Severity::kExtremelyDangerous);
  ExpectSeverity(*intent, "en", "The Roma are planning to attack, we must exterminate the Roma first", Severity::kExtremelyDangerous);
  // (With no intention cue, the group's own "want to" before the verb says the same: call_agent.)
  ExpectSeverity(*intent, "en", "The Roma want to exterminate us", Severity::kModeratelyDangerous);
  auto head_final = CompileIn("tr", E("id.er", "identity_term", "[ermeniler, ermenileri]", "    target: armenians\n    target_category: ethnicity\n") +
                                        E("in.biz", "in_group", "[biz, bizi, bizimkiler]") + E("it.ist", "intention", "[istiyorlar]") +
                                        E("cv.kes", "call_to_violence", "[kesmek]", "    weight: 0.9\n    near_target: 6\n"));
  ASSERT_NE(head_final, nullptr);
  ExpectSeverity(*head_final, "tr", "Ermeniler bizi kesmek istiyorlar", Severity::kModeratelyDangerous);
  ExpectSeverity(*head_final, "tr", "Bizimkiler ermenileri kesmek istiyorlar", Severity::kExtremelyDangerous);

  // The alert says which entry set the tier.
  Message m;
  m.id = "m1";
  m.text = "The Roma should be deported";
  const std::string alert = RenderAlert(m, ScoreWith(*tiered, "en", m.text), *tiered, {});
  EXPECT_THAT(alert, ::testing::HasSubstr("\"tier\":\"moderately_dangerous\"")) << alert;
}

// A call that starts inside a counted accusation in a mirror is the mirror's own verb, whatever
// future marker the mirror holds; a group named inside the mirror after its first word is the one
// they are said to attack, not the target, when the sentence names the group accused.
TEST(ScorerTier, AMirrorsOwnVerbIsNoCallAndItsVictimsNoTarget) {
  auto es = CompileIn("es", E("id.moros", "identity_term", "[moros]", "    target: arabs\n    target_category: ethnicity\n") +
                                E("mi.degollar", "accusation_in_mirror", "[nos van a degollar]", "    near_target: 6\n") +
                                E("cv.degollar", "call_to_violence", "[degollar a todos, degollar]", "    near_target: 6\n") +
                                E("ex.van", "exhortation", "[van a, hay que]"));
  ASSERT_NE(es, nullptr);
  ExpectSeverity(*es, "es", "Los moros nos van a degollar a todos.", Severity::kModeratelyDangerous);
  ExpectSeverity(*es, "es", "Hay que degollar a todos los moros.", Severity::kExtremelyDangerous);
  ExpectSeverity(*es, "es", "Los moros nos van a degollar, hay que degollar a todos.", Severity::kExtremelyDangerous);

  auto ru = CompileIn("ru", E("id.rus", "identity_term", "[русским]", "    target: russians\n    target_category: ethnicity\n") +
                                E("id.che", "identity_term", "[чеченцы]", "    target: chechens\n    target_category: ethnicity\n") +
                                E("gr.oni", "group_reference", "[они, эти]") +
                                E("mi.golovy", "accusation_in_mirror", "[отрубят головы всем русским]", "    near_target: 6\n"));
  ASSERT_NE(ru, nullptr);
  for (const char* text : {"Они отрубят головы всем русским, эти чеченцы.", "Эти чеченцы отрубят головы всем русским."}) {
    const Verdict v = ScoreWith(*ru, "ru", text);
    EXPECT_EQ(v.severity, Severity::kModeratelyDangerous) << text;
    EXPECT_THAT(v.target_groups, ::testing::ElementsAre("chechens")) << text;
  }
}

// A killing verb whose subject is a group (or a "they" resolved to one), with only words of the
// future or intention between, and "us" or another group as its victims, is what the group is
// accused of planning: the mirror's tier, aimed at that group and not at its victims. The
// speaker's side as the subject, an exhortation, or "we" acting elsewhere in the sentence keep the call.
TEST(ScorerTier, AGroupSaidToBeAboutToKillIsAccusedNotCalledOn) {
  const std::string groups = E("id.mus", "identity_term", "[muslims, muslim]", "    target: muslims\n    target_category: religion\n") +
                             E("id.chr", "identity_term", "[christians, christian]", "    target: christians\n    target_category: religion\n") +
                             E("gr.they", "group_reference", "[they]") + E("in.we", "in_group", "[we, us, our]") +
                             E("ex.will", "exhortation", "[will, should]") + E("co.if", "condition", "[if]");
  auto en = CompileIn("en", groups + E("cv.kill", "call_to_violence", "[slaughter every, slaughter]", "    weight: 0.9\n    near_target: 6\n") +
                                E("mi.arm", "accusation_in_mirror", "[are arming]", "    near_target: 6\n"));
  ASSERT_NE(en, nullptr);
  for (const char* text : {"The muslims will slaughter every christian in this town.", "The muslims will slaughter us.",
                           "The muslims are arming. Soon they will slaughter every christian."}) {
    const Verdict v = ScoreWith(*en, "en", text);
    EXPECT_EQ(v.severity, Severity::kModeratelyDangerous) << text << ": " << v.explanation;
    EXPECT_THAT(v.target_groups, ::testing::ElementsAre("muslims")) << text;
  }
  for (const char* text : {"We will slaughter every muslim.", "Christians should slaughter every muslim.",
                           "Our men will slaughter every muslim."}) {
    EXPECT_EQ(ScoreWith(*en, "en", text).severity, Severity::kExtremelyDangerous) << text;
  }
  // "We" acting elsewhere in the sentence: the pre-emptive frame keeps the call.
  ExpectSeverity(*en, "en", "The muslims will slaughter every christian if we do not slaughter first.", Severity::kExtremelyDangerous);

  // German and Dutch: the future word before a verb-final object, or before an inverted subject; an
  // object fronted with "we" after the future word is the speaker's threat.
  auto nl = CompileIn("nl", E("id.mos", "identity_term", "[moslims]", "    target: muslims\n    target_category: religion\n") +
                                E("in.wij", "in_group", "[we, wij, ons, onze]") + E("ex.gaan", "exhortation", "[gaan]") +
                                E("cv.af", "call_to_violence", "[afslachten]", "    weight: 0.9\n    near_target: 6\n"));
  ASSERT_NE(nl, nullptr);
  ExpectSeverity(*nl, "nl", "De moslims gaan onze kinderen afslachten.", Severity::kModeratelyDangerous);
  ExpectSeverity(*nl, "nl", "De moslims gaan we allemaal afslachten.", Severity::kExtremelyDangerous);
  auto de = CompileIn("de", E("id.mus", "identity_term", "[muslime]", "    target: muslims\n    target_category: religion\n") +
                                E("gr.sie", "group_reference", "[sie]") + E("in.wir", "in_group", "[wir, uns, unsere]") +
                                E("mi.bew", "accusation_in_mirror", "[bewaffnen sich]", "    near_target: 6\n") +
                                E("cv.ab", "call_to_violence", "[abschlachten]", "    weight: 0.9\n    near_target: 6\n"));
  ASSERT_NE(de, nullptr);
  ExpectSeverity(*de, "de", "Die Muslime bewaffnen sich. Bald werden sie unsere Kinder abschlachten.", Severity::kModeratelyDangerous);
  ExpectSeverity(*de, "de", "Bald werden wir die Muslime abschlachten.", Severity::kExtremelyDangerous);
}

// A "them" after a sentence in which one group is said to be about to kill another is the accused
// group, not the victims named last; a group named in between takes the reference back.
TEST(ScorerTarget, AReferenceAfterAnAccusedPlanPointsToTheAccused) {
  const std::string groups = E("id.mus", "identity_term", "[muslims, muslim]", "    target: muslims\n    target_category: religion\n") +
                             E("id.chr", "identity_term", "[christians, christian]", "    target: christians\n    target_category: religion\n") +
                             E("id.jew", "identity_term", "[jews]", "    target: jews\n    target_category: religion\n") +
                             E("gr.them", "group_reference", "[them, they]") + E("in.we", "in_group", "[we, us, our]") +
                             E("ex.must", "exhortation", "[must]");
  auto en = CompileIn("en", groups + E("cv.kill", "call_to_violence", "[slaughter, kill]", "    weight: 0.9\n    near_target: 6\n") +
                                E("de.rats", "dehumanisation", "[rats]", "    near_target: 6\n"));
  ASSERT_NE(en, nullptr);
  for (const char* text : {"The muslims want to slaughter the christians. We must kill them first.",
                           "The muslims are planning to slaughter every christian. They are rats."}) {
    const Verdict v = ScoreWith(*en, "en", text);
    EXPECT_THAT(v.target_groups, ::testing::ElementsAre("muslims")) << text << ": " << v.explanation;
  }
  // The speaker's own call names no accused; a group named after the plan is the reference's.
  EXPECT_THAT(ScoreWith(*en, "en", "We must slaughter the christians. They are rats.").target_groups,
              ::testing::ElementsAre("christians"));
  EXPECT_THAT(ScoreWith(*en, "en", "The muslims want to slaughter the christians. The jews? They are rats.").target_groups,
              ::testing::Contains("jews"));
  EXPECT_THAT(ScoreWith(*en, "en", "The muslims want to slaughter the christians. The jews? They are rats.").target_groups,
              ::testing::Not(::testing::Contains("christians")));
}

// The weight of the call to violence in `text` (0 when none counted): an exhorted or imperative
// call keeps its full weight, another one is weighed down. (Either makes the message extremely
// dangerous.)
double CallWeight(const CompiledLexicon& lex, const std::string& lang, const std::string& text) {
  const Verdict v = ScoreWith(lex, lang, text);
  for (const IndicatorResult& r : v.indicators) {
    if (r.indicator == Indicator::kCallToViolence) {
      EXPECT_EQ(v.severity, Severity::kExtremelyDangerous) << text << ": " << v.explanation;
      return r.weight;
    }
  }
  ADD_FAILURE() << text << ": no call to violence counted: " << v.explanation;
  return 0;
}

// A lexicon of one group (Roma), one call to violence and one exhortation cue.
std::shared_ptr<const CompiledLexicon> RomaCallLexicon(const std::string& call_terms, const std::string& cue_terms) {
  return CompileYaml("language: en\nentries:\n" +
                     E("id.roma", "identity_term", "[roma]", "    target: roma\n    target_category: ethnicity\n") +
                     E("cv.call", "call_to_violence", call_terms, "    weight: 0.9\n") +
                     E("cue.exhort", "exhortation", cue_terms));
}

// A call phrase that opens with the exhortation ("надо сжечь", "hay que matarlos", "must burn") is
// exhorted: the exhortation need not stand before the phrase.
TEST(ScorerExhortation, AnExhortationOpeningTheCallPhraseExhortsIt) {
  auto lex = RomaCallLexicon("[must burn, burn]", "[must]");
  ASSERT_NE(lex, nullptr);
  // Without the exhortation, the same call weighs less.
  EXPECT_GT(CallWeight(*lex, "en", "That Roma camp must burn"), CallWeight(*lex, "en", "That Roma camp will burn"));
}

// An exhortation that starts before the call phrase and ends inside it ("I want" and "want them
// all dead") exhorts it too; one that ends with the call, or after it, does not.
TEST(ScorerExhortation, AnExhortationOverlappingTheCallPhraseExhortsIt) {
  auto lex = RomaCallLexicon("[want all roma dead, all roma dead]", "[i want, roma dead now]");
  ASSERT_NE(lex, nullptr);
  const double exhorted = CallWeight(*lex, "en", "Honestly I want all Roma dead");
  EXPECT_GT(exhorted, CallWeight(*lex, "en", "Honestly they want all Roma dead"));
  EXPECT_GT(exhorted, CallWeight(*lex, "en", "Honestly all Roma dead now"));
}

// A hortative form is an exhortation that is the call's own word ("zabijmy", "tuons", let us kill):
// it exhorts the call it is, so after a third party's intention in the sentence before its comma
// ("they want to kill us, let us kill them first") the call is the speaker's, not theirs.
TEST(ScorerExhortation, AHortativeThatIsTheCallsOwnWordExhortsIt) {
  const std::string entries =
      E("id.jews", "identity_term", "[żydzi]", "    target: jews\n    target_category: religion\n") +
      E("in.we", "in_group", "[nas]") + E("it.want", "intention", "[chcą]") +
      E("cv.kill", "call_to_violence", "[zabić, zabijmy, zabijemy]", "    weight: 0.9\n    near_target: 6\n");
  auto plain = CompileIn("pl", entries);
  auto hortative = CompileIn("pl", entries + E("ex.hort", "exhortation", "[zabijmy]"));
  ASSERT_NE(plain, nullptr);
  ASSERT_NE(hortative, nullptr);
  const std::string text = "Żydzi chcą nas zabić, zabijmy ich pierwsi";
  ExpectSeverity(*plain, "pl", text, Severity::kModeratelyDangerous);
  ExpectSeverity(*hortative, "pl", text, Severity::kExtremelyDangerous);
  // The intention alone stays theirs; a plain future is no hortative.
  ExpectSeverity(*hortative, "pl", "Żydzi chcą nas zabić", Severity::kModeratelyDangerous);
  ExpectSeverity(*hortative, "pl", "Żydzi chcą nas zabić, zabijemy ich", Severity::kModeratelyDangerous);
}

// In a head-final language the main verb comes last: a call that ends its sentence is its main
// predicate, as an imperative would be in English; inside the sentence it is not.
TEST(ScorerExhortation, ACallEndingItsSentenceInAHeadFinalLanguageCountsAsImperative) {
  const std::string entries =
      E("id.arm", "identity_term", "[ermeniler]", "    target: armenians\n    target_category: ethnicity\n") +
      E("cv.die", "call_to_violence", "[ölsün]", "    weight: 0.8\n");
  auto tr = CompileIn("tr", entries);
  ASSERT_NE(tr, nullptr);
  const double imperative = CallWeight(*tr, "tr", "Bütün Ermeniler ölsün.");
  EXPECT_GT(imperative, CallWeight(*tr, "tr", "Bütün Ermeniler ölsün diye bağırdılar."));
  // Not a head-final language: the same order is not an imperative.
  auto en = CompileIn("en", entries);
  ASSERT_NE(en, nullptr);
  EXPECT_GT(imperative, CallWeight(*en, "en", "Bütün Ermeniler ölsün."));
}

// Head-final languages put the reporting verb after what it reports, in the same clause: the harm
// before it is reported. Elsewhere a reporting word after the harm in its clause is not.
TEST(ScorerReporting, InAHeadFinalLanguageTheReportingVerbFollowsWhatItReports) {
  const std::string entries =
      E("id.arm", "identity_term", "[ermeniler]", "    target: armenians\n    target_category: ethnicity\n") +
      E("cv.die", "call_to_violence", "[ölsün]", "    weight: 0.8\n") + E("cue.said", "reporting", "[diye]");
  const std::string text = "Polis Ermeniler ölsün diye bağıran adamı gözaltına aldı";
  auto tr = CompileIn("tr", entries);
  ASSERT_NE(tr, nullptr);
  ExpectSeverity(*tr, "tr", text, Severity::kNone);
  auto en = CompileIn("en", entries);
  ASSERT_NE(en, nullptr);
  ExpectFlagged(*en, "en", text);
}

// A call that opens the clause after a short opening clause naming its group is addressed to the
// group, like an imperative ("Jevreji, znamo gde vam je sinagoga"); not after a longer one.
TEST(ScorerExhortation, ACallAddressedToTheGroupCountsAsImperative) {
  auto lex = CompileYaml("language: en\nentries:\n" +
                         E("id.roma", "identity_term", "[roma]", "    target: roma\n    target_category: ethnicity\n") +
                         E("cv.burn", "call_to_violence", "[burn down your houses]", "    weight: 0.9\n"));
  ASSERT_NE(lex, nullptr);
  const double addressed = CallWeight(*lex, "en", "Roma of Elm Street: burn down your houses and leave");
  // The call does not open its clause; too long an opening to address.
  EXPECT_GT(addressed, CallWeight(*lex, "en", "Roma of Elm Street, next week somebody will burn down your houses"));
  EXPECT_GT(addressed, CallWeight(*lex, "en", "The families the Roma council has been helping for years in the old town: burn down your houses"));
}

TEST_F(ScorerTest, PronounResolvesToGroupNamedEarlier) {
  Verdict v = Score("I met some Muslims yesterday. They are vermin.");
  EXPECT_EQ(v.severity, Severity::kModeratelyDangerous);
  EXPECT_EQ(v.target_groups, std::vector<std::string>{"muslims"});
}

TEST_F(ScorerTest, ReportedSlurWithCondemnationIsCounterSpeech) {
  Verdict v = Score("He called them cockroaches. That is shameful.");
  EXPECT_EQ(v.severity, Severity::kNone);
  Verdict quoted = Score("Saying that Muslims are vermin is disgusting.");
  EXPECT_EQ(quoted.severity, Severity::kNone) << quoted.explanation;
}

TEST_F(ScorerTest, ContemptForGroupVersusObject) {
  EXPECT_EQ(Score("I hate Muslims").severity, Severity::kOffensive);
  EXPECT_EQ(Score("Muslims are disgusting").severity, Severity::kOffensive);
  EXPECT_EQ(Score("I hate Mondays").severity, Severity::kNone);
  EXPECT_EQ(Score("Please kill the lights").severity, Severity::kNone);
}

TEST_F(ScorerTest, NeutralIdentityMentionIsNotFlagged) {
  Verdict v = Score("I am a proud Muslim");
  EXPECT_EQ(v.severity, Severity::kNone);
  EXPECT_EQ(v.score, 0);
}

TEST_F(ScorerTest, SelfTargetingSlurNeedsNoIdentityTerm) {
  Verdict v = Score("inyenzi everywhere");
  EXPECT_NE(v.severity, Severity::kNone);
  EXPECT_EQ(v.target_groups, std::vector<std::string>{"tutsi"});
}

TEST_F(ScorerTest, SlurNamingItsGroupIsATargetForViolence) {
  Verdict v = Score("Kill every inyenzi");
  EXPECT_EQ(v.severity, Severity::kExtremelyDangerous) << v.explanation;
  bool has_call = false;
  for (const auto& ind : v.indicators) has_call |= ind.indicator == Indicator::kCallToViolence;
  EXPECT_TRUE(has_call);
}

TEST_F(ScorerTest, RhetoricalNegativeQuestionIsNotNegation) {
  EXPECT_NE(Score("Aren't all immigrants just vermin?").severity, Severity::kNone);
  EXPECT_EQ(Score("Immigrants are not vermin.").severity, Severity::kNone);
}

TEST_F(ScorerTest, GroupInPreviousSentenceIsTargetOfSubjectlessSentence) {
  EXPECT_NE(Score("Immigrants moved in next door. Truly vermin.").severity, Severity::kNone);
  EXPECT_EQ(Score("Immigrants moved in next door. The barn upstairs is full of mice and, frankly, vermin.").severity,
            Severity::kNone);
  // A sentence that denies the harm is no antecedent: the next one is about something else.
  Verdict denied = Score("I do not hate immigrants. I hate the system that exploits them.");
  EXPECT_EQ(denied.severity, Severity::kNone) << denied.explanation;
  EXPECT_EQ(Score("Immigrants are not vermin. Vermin live in every barn.").severity, Severity::kNone);
  EXPECT_NE(Score("Immigrants are here again. I hate the lot of them.").severity, Severity::kNone);
}

// A "they" that no group before it resolves may point forward: the next sentence opens with the
// same reference and names the group within three tokens ("They are just immigrants after all").
TEST_F(ScorerTest, GroupNamedByTheNextSentenceIsTargetOfAnUnresolvedReference) {
  const Verdict v = Score("Of course they are vermin. They are just immigrants after all.");
  EXPECT_NE(v.severity, Severity::kNone) << v.explanation;
  EXPECT_EQ(v.target_groups, std::vector<std::string>{"immigrants"});
  // Not when the next sentence names the group further on, or opens with something else, or
  // nothing near the harm points anywhere.
  EXPECT_EQ(Score("They are vermin. They told me that immigrants live next door.").severity, Severity::kNone);
  EXPECT_EQ(Score("Of course they are vermin. Immigrants are just people after all.").severity, Severity::kNone);
  EXPECT_EQ(Score("Of course the barn is full of vermin. They are just immigrants after all.").severity,
            Severity::kNone);
}

// A contrastive conjunction opens a clause: a negation before it does not reach past it, and a
// denied label ("I'm not a racist, but") condemns nothing.
TEST(ScorerContrast, ButEndsTheNegationAndADeniedLabelIsNoCounterSpeech) {
  auto lex = CompileYaml("language: en\nentries:\n" +
                         E("id.immigrants", "identity_term", "[immigrants]", "    target: immigrants\n    target_category: migration\n") +
                         E("dehum.vermin", "dehumanisation", "[vermin, parasites]", "    weight: 0.9\n") +
                         E("cue.not", "negation", "[not, never]") + E("cue.racist", "counter_speech", "[racist, lies]") +
                         E("cue.but", "contrast", "[but]"));
  ASSERT_NE(lex, nullptr);
  EXPECT_NE(ScoreWith(*lex, "en", "Immigrants are never anything but parasites").severity, Severity::kNone);
  EXPECT_EQ(ScoreWith(*lex, "en", "Immigrants are not vermin but people").severity, Severity::kNone);
  EXPECT_NE(ScoreWith(*lex, "en", "I am not a racist but immigrants are parasites").severity, Severity::kNone);
  EXPECT_NE(ScoreWith(*lex, "en", "It is not racist, immigrants are parasites").severity, Severity::kNone);
  // Still counter-speech: the label affirmed, or a negation with a word between and no "but" after.
  EXPECT_EQ(ScoreWith(*lex, "en", "Calling immigrants parasites is racist").severity, Severity::kNone);
  EXPECT_EQ(ScoreWith(*lex, "en", "Immigrants are parasites, never repeat lies").severity, Severity::kNone);
}

// A negation in a condition, or in a relative clause about a group, negates that clause's own verb,
// not the threat after it, even with no comma between them; without the condition word or the
// relative pronoun it still takes back the clause.
TEST(ScorerCondition, ANegationInAConditionOrARelativeClauseLeavesTheMainClause) {
  auto lex = CompileYaml("language: en\nentries:\n" +
                         MuslimsEntry() +
                         E("viol.kill", "call_to_violence", "[kill, leave]", "    weight: 0.9\n    near_target: 10\n") +
                         E("cue.not", "negation", "[not]") + E("cue.we", "in_group", "[we]") +
                         E("cue.will", "exhortation", "[will]") + E("cue.if", "condition", "[if]"));
  ASSERT_NE(lex, nullptr);
  auto beat = CompileYaml("language: en\nentries:\n" + MuslimsEntry() +
                          E("viol.beat", "call_to_violence", "[deserve a beating]", "    weight: 0.9\n    near_target: 10\n") +
                          E("cue.not", "negation", "[not, never]"));
  ASSERT_NE(beat, nullptr);
  const Verdict threat = ScoreWith(*lex, "en", "If you muslims do not leave our village we will kill you");
  EXPECT_NE(threat.severity, Severity::kNone) << threat.explanation;
  EXPECT_NE(threat.explanation.find("\"kill\""), std::string::npos) << threat.explanation;
  EXPECT_EQ(ScoreWith(*lex, "en", "We muslims do not leave our village and we will not kill anyone").severity,
            Severity::kNone);
  // (Without the condition word the same negation reaches the verb six words on.)
  EXPECT_EQ(ScoreWith(*lex, "en", "You muslims do not leave our village we will kill you").severity, Severity::kNone);

  // "who" right after the group opens a relative clause: its negation is the clause's own verb's.
  for (const char* text : {"Muslims who do not obey deserve a beating", "Muslims who never obey deserve a beating"}) {
    const Verdict v = ScoreWith(*beat, "en", text);
    EXPECT_NE(v.severity, Severity::kNone) << text << ": " << v.explanation;
  }
  EXPECT_EQ(ScoreWith(*beat, "en", "Muslims who do not deserve a beating").severity, Severity::kNone);
  EXPECT_EQ(ScoreWith(*beat, "en", "I do not think muslims deserve a beating").severity, Severity::kNone);
  EXPECT_EQ(ScoreWith(*beat, "en", "Not all muslims who obey deserve a beating").severity, Severity::kNone);
}

// Hausa opens a relative clause about a group with "da", "masu" or "wanda" after its name ("Mata
// masu fita ba tare da izini ba", women who go out without permission): the negation there is the
// clause's own, and the call after it stands.
TEST(ScorerCondition, AHausaRelativeClauseKeepsItsNegation) {
  auto lex = CompileYaml("language: ha\nentries:\n" +
                         E("id.women", "identity_term", "[mata, matar]", "    target: women\n    target_category: gender\n") +
                         E("viol.flog", "call_to_violence", "[a yi musu bulala, a yi mata duka]", "    weight: 0.9\n    near_target: 10\n") +
                         E("cue.ba", "negation", "[ba]"));
  ASSERT_NE(lex, nullptr);
  for (const char* text : {"Mata masu fita ba tare da izini ba a yi musu bulala",
                           "Matar da ba ta bin mijinta a yi mata duka"}) {
    const Verdict v = ScoreWith(*lex, "ha", text);
    EXPECT_EQ(v.severity, Severity::kExtremelyDangerous) << text << ": " << v.explanation;
  }
  // (Without the relative word the negation takes back the call.)
  EXPECT_EQ(ScoreWith(*lex, "ha", "Mata ba a yi musu bulala").severity, Severity::kNone);
}

TEST(ScorerTarget, AHindiMarkedObjectIsTheObjectOfTheCallThatEndsItsClause) {
  auto lex = CompileYaml("language: hi\nentries:\n" +
                         E("id.muslims", "identity_term", "[मुसलमानों, मुसलमान]", "    target: muslims\n    target_category: religion\n") +
                         E("id.dalits", "identity_term", "[दलितों]", "    target: dalits\n    target_category: caste\n") +
                         E("viol.burn", "call_to_violence", "[जला दो, फाँसी दो]", "    weight: 0.9\n    near_target: 6\n"));
  ASSERT_NE(lex, nullptr);
  // "को" marks the group as the object of the verb that ends the clause, nine words later.
  Verdict v = ScoreWith(*lex, "hi", "मुसलमानों को इस गाँव से हमेशा के लिए बाहर निकालकर जला दो");
  EXPECT_EQ(v.severity, Severity::kExtremelyDangerous) << v.explanation;
  EXPECT_EQ(v.target_groups, std::vector<std::string>{"muslims"});
  // Without the marker the group is only a word that far away.
  EXPECT_EQ(ScoreWith(*lex, "hi", "मुसलमान इस गाँव से हमेशा के लिए बाहर निकालकर जला दो").severity, Severity::kNone);
  // A group inside a relative clause before the call's own object is not its target: hang those who
  // kill Muslims, who attack Dalits.
  for (const char* text : {"मुसलमानों को मारने वालों को फाँसी दो", "दलितों पर हमला करने वालों को फाँसी दो"}) {
    EXPECT_EQ(ScoreWith(*lex, "hi", text).severity, Severity::kNone) << text;
  }
}

TEST(ScorerContext, AHarmlessContextWordInASimileIsTheHarmsImage) {
  auto lex = CompileYaml("language: en\nentries:\n" +
                         E("id.migrants", "identity_term", "[migrants]", "    target: immigrants\n    target_category: migration\n") +
                         E("viol.shoot", "call_to_violence", "[shoot]", "    weight: 0.9\n    harmless_context: [rabbit]\n"));
  ASSERT_NE(lex, nullptr);
  // Shooting rabbits is harmless; shooting migrants "like rabbits" is not.
  EXPECT_EQ(ScoreWith(*lex, "en", "We should shoot the rabbits, not the migrants' dogs").severity, Severity::kNone);
  for (const char* text : {"We should shoot the migrants like rabbits", "We should shoot the migrants like the rabbits"}) {
    const Verdict v = ScoreWith(*lex, "en", text);
    EXPECT_EQ(v.severity, Severity::kExtremelyDangerous) << text << ": " << v.explanation;
  }
}

TEST_F(ScorerTest, NegationInsideAQuestionDoesNotNegate) {
  EXPECT_NE(Score("Are immigrants not all vermin?").severity, Severity::kNone);
  EXPECT_EQ(Score("Immigrants are not all vermin.").severity, Severity::kNone);
}

TEST_F(ScorerTest, TrailingAttributionIsReporting) {
  EXPECT_EQ(Score("Immigrants are vermin, said the minister.").severity, Severity::kNone);
  EXPECT_NE(Score("The minister said nothing. Immigrants are vermin.").severity, Severity::kNone);
}

TEST(ScorerPhrases, CueWordInsideAHarmPhraseBelongsToThePhrase) {
  auto lex = CompileYaml("language: en\nentries:\n" +
                         E("id.jews", "identity_term", "[jews]", "    target: jews\n    target_category: religion\n") +
                         E("coded.denial", "coded_language", "[the holocaust is a lie]", "    target: jews\n") +
                         E("cue.lie", "counter_speech", "[a lie, lie]") +
                         E("slur.x", "slur", "[kikes]", "    target: jews\n") +
                         E("cv.kill-all", "call_to_violence", "[kill all kikes]"));
  Verdict v;
  v = ScoreWith(*lex, "en", "The holocaust is a lie");
  EXPECT_NE(v.severity, Severity::kNone) << v.explanation;
  // The slur inside the longer call still names the target of the call.
  v = ScoreWith(*lex, "en", "kill all kikes");
  EXPECT_EQ(v.severity, Severity::kExtremelyDangerous) << v.explanation;
  EXPECT_EQ(v.target_groups, std::vector<std::string>{"jews"});
}

// The reverse: a harm word inside a longer counter-speech phrase belongs to that phrase ("hate
// mongers", "people who hate"): it names the people condemned, not the speaker's attitude.
TEST(ScorerPhrases, HarmWordInsideACounterSpeechPhraseBelongsToThePhrase) {
  auto lex = CompileYaml("language: en\nentries:\n" +
                         MuslimsEntry() +
                         E("ct.hate", "contempt", "[hate, hating]", "    weight: 0.6\n") +
                         E("cue.mongers", "counter_speech", "[hate mongers, people hating]"));
  ASSERT_NE(lex, nullptr);
  Verdict v = ScoreWith(*lex, "en", "Hate mongers target Muslims every day");
  EXPECT_EQ(v.severity, Severity::kNone) << v.explanation;
  v = ScoreWith(*lex, "en", "We hate Muslims");
  EXPECT_NE(v.severity, Severity::kNone) << v.explanation;
}

TEST(ScorerScripts, NegationWindowCountsWordsNotCharactersInChinese) {
  // Chinese is tokenised per character: "不应该 ... 被枪毙" is nine tokens apart but about five words.
  auto lex = CompileYaml("language: zh\nentries:\n" +
                         E("id.gay", "identity_term", "[同性恋]", "    target: lgbtq\n") +
                         E("cv.shoot", "call_to_violence", "[枪毙]", "    weight: 0.9\n") +
                         E("cue.not", "negation", "[不应该, 不]"));
  Verdict v;
  v = ScoreWith(*lex, "zh", "任何人都不应该因为是同性恋而被枪毙");
  EXPECT_EQ(v.severity, Severity::kNone) << v.explanation;
  v = ScoreWith(*lex, "zh", "同性恋都应该被枪毙");
  EXPECT_NE(v.severity, Severity::kNone) << v.explanation;
  // Japanese negates after the predicate: the clause-final window is also counted in words.
  auto ja = CompileYaml("language: ja\nentries:\n" +
                        E("id.zainichi", "identity_term", "[在日]", "    target: koreans\n") +
                        E("cv.die", "call_to_violence", "[死ね]", "    weight: 0.9\n") +
                        E("cue.not", "negation", "[思わない]"));
  EXPECT_EQ(ScoreWith(*ja, "ja", "在日は死ねなんて思わない").severity, Severity::kNone);
  EXPECT_NE(ScoreWith(*ja, "ja", "在日は死ね").severity, Severity::kNone);
}

TEST(ScorerContext, HarmlessContextWordMarksTheHarmlessSense) {
  auto lex = CompileYaml("language: it\nentries:\n" +
                         E("slur.finocchio", "slur", "[finocchio, finocchi]",
                           "    target: gay_people\n    homonym_of: fennel\n    harmless_context: [insalat, cucin, Tagli]\n") +
                         E("ct.odio", "contempt", "[odio]", "    weight: 0.6\n"));
  Verdict v;
  v = ScoreWith(*lex, "it", "Sei un finocchio schifoso");
  EXPECT_NE(v.severity, Severity::kNone) << v.explanation;
  // A context word of the harmless sense nearby: neither evidence nor a mention of the group.
  v = ScoreWith(*lex, "it", "Per l'insalata mi servono due finocchi");
  EXPECT_EQ(v.severity, Severity::kNone) << v.explanation;
  ASSERT_EQ(v.discounted.size(), 1u);
  EXPECT_EQ(v.discounted[0].reason, "harmless_context");
  v = ScoreWith(*lex, "it", "Odio i finocchi in cucina");  // "I hate fennel in the kitchen": no group is named
  EXPECT_EQ(v.severity, Severity::kNone) << v.explanation;
  // Context words are normalised like terms ("Tagli" -> "tagli"), and only count in the same sentence.
  v = ScoreWith(*lex, "it", "Taglia il finocchio a fette");
  EXPECT_EQ(v.severity, Severity::kNone) << v.explanation;
  v = ScoreWith(*lex, "it", "Ho fatto l'insalata. Odio i finocchi come te.");
  EXPECT_NE(v.severity, Severity::kNone) << v.explanation;
}

// Two entries of one indicator on the same words are one piece of evidence, and an exact match is
// the stronger: an approximate match of another entry's form ("ኦርቶዶክሶች" one letter from
// "ኦርቶዶክሶቹ"), listed first and then dropped as no plausible typo, must not take the exact one
// (a pattern's) with it.
TEST(ScorerTargets, AnExactGroupMatchIsNotLostToAnApproximateOneOnTheSameWord) {
  auto lex = CompileYaml("language: am\nentries:\n" +
                         E("id.definite", "identity_term", "[ኦርቶዶክሶቹ, ኦርቶዶክሶችን]",
                           "    target: christians\n    target_category: religion\n") +
                         "  - id: id.pattern\n    indicator: identity_term\n    pattern: \"ኦርቶዶክ(?:ሶች|ስ)\"\n"
                         "    target: christians\n    target_category: religion\n    note: n\n    sources: [s]\n" +
                         E("dh.dogs", "dehumanisation", "[ውሾች]", "    weight: 0.7\n"));
  ASSERT_TRUE(lex);
  Verdict v = ScoreWith(*lex, "am", "ኦርቶዶክሶች ውሾች ናቸው");
  EXPECT_NE(v.severity, Severity::kNone) << v.explanation;
  EXPECT_THAT(v.target_groups, ::testing::Contains("christians"));
  // Two approximate matches: "imigrés" is a plausible typo of "immigrés" (a letter left out), not of
  // "zmigrés" (another first letter); the implausible one, listed first, goes alone.
  auto fr = CompileYaml("language: fr\nentries:\n" +
                        E("id.colloquial", "identity_term", "[zmigrés, zimmigrés, clandos]",
                          "    target: immigrants\n    target_category: migration\n") +
                        E("id.immigrants", "identity_term", "[immigrés, immigrants]",
                          "    target: immigrants\n    target_category: migration\n") +
                        E("dh.parasites", "dehumanisation", "[parasites]", "    weight: 0.8\n"));
  ASSERT_TRUE(fr);
  v = ScoreWith(*fr, "fr", "Les imigrés sont des parasites.");
  EXPECT_NE(v.severity, Severity::kNone) << v.explanation;
  EXPECT_THAT(v.target_groups, ::testing::Contains("immigrants"));
}

// A negation inside a hashtag is the slogan's own: it negates harm in that hashtag and nothing after.
// Hindi puts the relative clause first and picks it up with a correlative pronoun: a negation in
// the relative clause ("जो औरत बात न माने", the woman who does not obey) stays there and does not
// take back the call of the main clause ("उसे पीटना चाहिए", her one must beat). A negation in the
// main clause still does.
TEST(ScorerNegation, AHindiRelativeClauseKeepsItsNegation) {
  auto lex = CompileIn("hi", E("id.women", "identity_term", "[औरत, औरतें, औरतों]", "    target: women\n    target_category: gender\n") +
                                 E("cv.beat", "call_to_violence", "[पीटना चाहिए]", "    weight: 0.8\n") +
                                 E("cue.not", "negation", "[न, नहीं]"));
  ASSERT_NE(lex, nullptr);
  ExpectSeverities(*lex, "hi",
                   {{"जो औरत पति की बात न माने उसे पीटना चाहिए", Severity::kExtremelyDangerous},
                    {"जो औरतें बात नहीं मानतीं उन्हें पीटना चाहिए", Severity::kExtremelyDangerous},
                    {"औरतों को नहीं पीटना चाहिए", Severity::kNone},
                    {"जो औरत बात माने उसे नहीं पीटना चाहिए", Severity::kNone},
                    {"जो औरत बात माने उसे कोई नहीं पीटना चाहिए", Severity::kNone}});
}

// A negated verb of letting denies the permission: what the group would be let do is the speaker's
// claim. Not a call to violence (the speaker refuses to let it happen), not when anyone is the one
// let, and not when the speaker is (the label refused).
TEST(ScorerNegation, ANegatedPermissionClaimsWhatTheGroupWouldBeLetDo) {
  auto lex = CompileYaml("language: en\nentries:\n" + MuslimsEntry() +
                         E("pur.blood", "threat_to_purity", "[pollute our blood]", "    weight: 0.8\n") +
                         E("dh.vermin", "dehumanisation", "[vermin]", "    weight: 0.8\n") +
                         E("cv.hurt", "call_to_violence", "[hurt]", "    weight: 0.9\n") +
                         E("cue.not", "negation", "[not, never, won't]") + E("cue.lies", "counter_speech", "[bigots]"));
  ASSERT_NE(lex, nullptr);
  ExpectSeverities(*lex, "en",
                   {{"We will never let these Muslims pollute our blood", Severity::kModeratelyDangerous},
                    {"We will not allow Muslims to pollute our blood", Severity::kModeratelyDangerous},
                    {"Never let those Muslims in, vermin all of them", Severity::kModeratelyDangerous},
                    // The negation itself still denies without the verb of letting.
                    {"Muslims will never pollute our blood", Severity::kNone},
                    {"We will not let anyone hurt Muslims", Severity::kNone},
                    {"We will not let anyone say Muslims pollute our blood", Severity::kNone},
                    {"We Muslims won't let them call us vermin", Severity::kNone},
                    {"We won't let bigots claim Muslims pollute our blood", Severity::kNone},
                    // A label or a passive: the group is the one harmed, and the speaker protects it.
                    {"We will never let Muslims be called vermin", Severity::kNone},
                    {"Never let Muslims be treated like vermin", Severity::kNone}});
  auto de = CompileIn("de", E("id.aus", "identity_term", "[ausländer]", "    target: immigrants\n    target_category: migration\n") +
                                E("pur.blut", "threat_to_purity", "[unser blut verunreinigen]", "    weight: 0.8\n") +
                                E("cue.nicht", "negation", "[nicht]"));
  ASSERT_NE(de, nullptr);
  ExpectSeverities(*de, "de",
                   {{"Wir lassen nicht zu dass Ausländer unser Blut verunreinigen", Severity::kModeratelyDangerous},
                    {"Ausländer werden nicht unser Blut verunreinigen", Severity::kNone}});
}

// A negated verb of letting reaches the whole of what it does not let happen to the group: past the
// negation's usual six words, and into a clause right after the verb ("zulassen, dass ...").
TEST(ScorerNegation, ANegatedPermissionReachesItsWholeComplement) {
  auto lex = CompileYaml("language: en\nentries:\n" + MuslimsEntry() +
                         E("ct.second", "contempt", "[second-class citizens]", "    weight: 0.6\n") +
                         E("cv.kill", "call_to_violence", "[kill]", "    weight: 0.9\n") +
                         E("cue.not", "negation", "[not, never, won't]"));
  ASSERT_NE(lex, nullptr);
  ExpectSeverities(*lex, "en",
                   {{"We will never allow the Muslims in our town to be treated as second-class citizens", Severity::kNone},
                    // Without the verb of letting, six words is as far as a negation reaches.
                    {"We will never forget how the Muslims in our town are now second-class citizens", Severity::kOffensive},
                    // Nor past a clause that opens later.
                    {"We won't let them take over the town; kill the Muslims", Severity::kExtremelyDangerous}});
  auto de = CompileIn("de", E("id.jud", "identity_term", "[juden]", "    target: jews\n    target_category: religion\n") +
                                E("dh.ung", "dehumanisation", "[ungeziefer]", "    weight: 0.8\n") +
                                E("cue.nie", "negation", "[nie]"));
  ASSERT_NE(de, nullptr);
  ExpectSeverities(*de, "de",
                   {{"Wir werden nie zulassen, dass Juden als Ungeziefer bezeichnet werden", Severity::kNone},
                    {"Wir werden nie vergessen, dass Juden Ungeziefer sind", Severity::kModeratelyDangerous}});
}

// A label right after a plural demonstrative, in a noun phrase that names the group, is the name the
// speaker gives it: the clause's negation denies the verb, not the label.
TEST(ScorerNegation, ALabelAfterADemonstrativeIsPresupposed) {
  auto lex = CompileYaml("language: en\nentries:\n" +
                         E("id.muslims", "identity_term", "[muslims, muslim]", "    target: muslims\n    target_category: religion\n") +
                         E("dh.parasites", "dehumanisation", "[parasites, rats, monsters, dogs]", "    weight: 0.8\n") +
                         E("ct.noisy", "contempt", "[noisy, filthy]", "    weight: 0.5\n") +
                         E("cue.not", "negation", "[not, never, won't, don't]"));
  ASSERT_NE(lex, nullptr);
  ExpectSeverities(*lex, "en",
                   {{"We won't accept these Muslim parasites in our town", Severity::kModeratelyDangerous},
                    {"We will never tolerate these filthy rats of Muslims", Severity::kModeratelyDangerous},
                    // The label as the predicate, or after the group name without a demonstrative: denied.
                    {"I don't think these Muslims are parasites", Severity::kNone},
                    {"I would never call Muslims rats", Severity::kNone},
                    // A negation right before the demonstrative is its own.
                    {"Muslims are not these monsters you imagine", Severity::kNone},
                    // No group in the phrase: literal animals.
                    {"I don't want those noisy dogs living next to the Muslims' mosque", Severity::kNone}});
  auto es = CompileIn("es", E("id.mus", "identity_term", "[musulmanas, musulmanes]", "    target: muslims\n    target_category: religion\n") +
                                E("dh.ratas", "dehumanisation", "[ratas]", "    weight: 0.8\n") +
                                E("cue.no", "negation", "[no, nunca]"));
  ASSERT_NE(es, nullptr);
  ExpectSeverities(*es, "es",
                   {{"Nunca dejaremos entrar a esas ratas musulmanas", Severity::kModeratelyDangerous},
                    {"Los musulmanes no son ratas", Severity::kNone}});
}

// Chinese 难道 asks the opposite of what it means: a negative harm phrase in such a question is denied,
// a positive one asserted, and a negation before the harm still presupposes it.
TEST(ScorerNegation, ARhetoricalOppositeQuestionDeniesANegativeHarm) {
  auto zh = CompileIn("zh", E("id.women", "identity_term", "[女 人]", "    target: women\n    target_category: gender\n") +
                                E("id.mus", "identity_term", "[穆 斯 林]", "    target: muslims\n    target_category: religion\n") +
                                E("ct.vote", "contempt", "[不 配 有 投 票 权, 也 配 有 投 票 权]", "    weight: 0.6\n") +
                                E("dh.nothuman", "dehumanisation", "[不 是 人]", "    weight: 0.8\n") +
                                E("dh.parasite", "dehumanisation", "[寄 生 虫]", "    weight: 0.8\n") +
                                E("cue.bu", "negation", "[不, 不 是]"));
  ASSERT_NE(zh, nullptr);
  ExpectSeverities(*zh, "zh",
                   {{"难道女人不配有投票权吗？", Severity::kNone},
                    {"难道穆斯林不是人吗？", Severity::kNone},
                    {"女人不配有投票权。", Severity::kOffensive},
                    {"难道女人也配有投票权吗？", Severity::kOffensive},
                    {"难道穆斯林不是寄生虫吗？", Severity::kModeratelyDangerous},
                    // Without 难道 a question does not flip the harm.
                    {"为什么穆斯林不是人？", Severity::kModeratelyDangerous}});
}

// An unresolved "they" in us-versus-them framing is a target, unless the call's own object is a thing.
TEST(ScorerTarget, ACallOnAThingPronounIsNotAimedAtTheyLaterInTheSentence) {
  auto lex = CompileYaml("language: en\nentries:\n" + E("cv.rid", "call_to_violence", "[get rid of]", "    weight: 0.8\n    near_target: 5\n") +
                         E("cue.we", "in_group", "[we]") + E("ref.they", "group_reference", "[they, them]"));
  ASSERT_NE(lex, nullptr);
  ExpectSeverities(*lex, "en",
                   {{"We need to get rid of them before they take over", Severity::kExtremelyDangerous},
                    {"We need to get rid of it before they sting the kids", Severity::kNone}});
  auto de = CompileIn("de", E("cv.los", "call_to_violence", "[loswerden]", "    weight: 0.8\n    near_target: 5\n") +
                                E("cue.wir", "in_group", "[wir]") + E("ref.sie", "group_reference", "[sie]"));
  ASSERT_NE(de, nullptr);
  ExpectSeverities(*de, "de",
                   {{"Wir müssen sie loswerden, bevor sie uns ersetzen", Severity::kExtremelyDangerous},
                    {"Wir müssen es loswerden, bevor sie die Kinder stechen", Severity::kNone}});
}

// French "ne ... que" and Arabic "ما ... إلا" mean "only": the negation then asserts what follows.
TEST(ScorerNegation, ARestrictiveOnlyAssertsWhatFollows) {
  auto fr = CompileIn("fr", E("id.mig", "identity_term", "[immigrés, migrants]", "    target: immigrants\n    target_category: migration\n") +
                                E("dh.par", "dehumanisation", "[parasites]", "    weight: 0.8\n") +
                                E("cue.ne", "negation", "[ne, n', pas, jamais]"));
  ASSERT_NE(fr, nullptr);
  ExpectSeverities(*fr, "fr",
                   {{"Ces migrants ne sont que des parasites", Severity::kModeratelyDangerous},
                    {"Ces migrants ne sont pas des parasites", Severity::kNone},
                    {"Je ne pense pas que les migrants soient des parasites", Severity::kNone},
                    // Spoken French drops "ne": "pas que" is still a negation.
                    {"Je pense pas que les migrants soient des parasites", Severity::kNone}});
  auto ar = CompileIn("ar", E("id.jews", "identity_term", "[اليهود]", "    target: jews\n    target_category: religion\n") +
                                E("dh.scum", "dehumanisation", "[حثالة]", "    weight: 0.8\n") + E("cue.ma", "negation", "[ما, ليسوا]"));
  ASSERT_NE(ar, nullptr);
  ExpectSeverities(*ar, "ar", {{"ما اليهود إلا حثالة", Severity::kModeratelyDangerous}, {"اليهود ليسوا حثالة", Severity::kNone}});
  // غير (other than) is a negation cue of its own ("غير صحيح", not true), but after a negation in its
  // clause it is the "only": "ما لهم عندنا غير الذبح" (nothing from us but slaughter).
  auto ghayr = CompileIn("ar", E("id.jews", "identity_term", "[اليهود, لليهود]", "    target: jews\n    target_category: religion\n") +
                                   E("cv.dhabh", "call_to_violence", "[الذبح]", "    weight: 0.9\n    near_target: 8\n") +
                                   E("cue.ma", "negation", "[ما, غير]"));
  ASSERT_NE(ghayr, nullptr);
  ExpectSeverities(*ghayr, "ar", {{"ما لليهود عندنا غير الذبح", Severity::kExtremelyDangerous}, {"لليهود عندنا غير الذبح", Severity::kNone}});
}

// Negative concord: a negative quantifier agrees with the negation inside a harm phrase instead of
// cancelling it ("Żaden Żyd nie zasługuje na życie": no Jew deserves to live).
TEST(ScorerNegation, ANegativeQuantifierAgreesWithTheHarmsOwnNegation) {
  auto pl = CompileIn("pl", E("id.jews", "identity_term", "[żyd, żydzi]", "    target: jews\n    target_category: religion\n") +
                                E("cv.life", "call_to_violence", "[nie zasługuje na życie, nie zasługują na życie]", "    weight: 0.9\n") +
                                E("cue.nie", "negation", "[nie, żaden, nikt, nieprawda]"));
  ASSERT_NE(pl, nullptr);
  ExpectSeverities(*pl, "pl",
                   {{"Żaden Żyd nie zasługuje na życie", Severity::kExtremelyDangerous},
                    {"żaden żyd nie zasługuje na życie", Severity::kExtremelyDangerous}});
  auto tr = CompileIn("tr", E("id.syr", "identity_term", "[suriyeli, suriyeliler]", "    target: syrians\n    target_category: nationality\n") +
                                E("cv.live", "call_to_violence", "[yaşamayı hak etmiyor]", "    weight: 0.9\n") +
                                E("cue.hic", "negation", "[hiçbir]"));
  ASSERT_NE(tr, nullptr);
  ExpectSeverities(*tr, "tr", {{"Hiçbir Suriyeli yaşamayı hak etmiyor", Severity::kExtremelyDangerous},
                               // Shouted: "İ" is lowered to "i" like any capital.
                               {"HİÇBİR SURİYELİ YAŞAMAYI HAK ETMİYOR", Severity::kExtremelyDangerous}});
}

// The cue words the scorer's rules look for are found in capitals of any script: a post written in
// capitals ("НЕ ВСЕ МИГРАНТЫ ВОРЫ, НО БОЛЬШИНСТВО") reads as its lower-case spelling.
TEST(ScorerNegation, CueWordsAreFoundInCapitalsOfEveryScript) {
  auto ru = CompileIn("ru", E("id.mig", "identity_term", "[мигранты]", "    target: migrants\n    target_category: migration\n") +
                                E("ct.thieves", "contempt", "[воры]", "    weight: 0.6\n") +
                                E("cue.ne", "negation", "[не]") + E("cue.no", "contrast", "[но]"));
  ASSERT_NE(ru, nullptr);
  ExpectSeverities(*ru, "ru",
                   {{"Не все мигранты воры, но большинство", Severity::kOffensive},
                    {"НЕ ВСЕ МИГРАНТЫ ВОРЫ, НО БОЛЬШИНСТВО", Severity::kOffensive},
                    {"НЕ ВСЕ МИГРАНТЫ ВОРЫ", Severity::kNone},
                    {"НЕ ВСЕ МИГРАНТЫ ВОРЫ, НО БОЛЬШИНСТВО ЛЮДЕЙ ТАК ДУМАЕТ", Severity::kNone}});
  auto es = CompileIn("es", E("id.inm", "identity_term", "[inmigrantes]", "    target: migrants\n    target_category: migration\n") +
                                E("ct.ladrones", "contempt", "[ladrones]", "    weight: 0.6\n") +
                                E("cue.no", "negation", "[no]") + E("cue.pero", "contrast", "[pero]"));
  ASSERT_NE(es, nullptr);
  ExpectSeverities(*es, "es", {{"NO TODOS LOS INMIGRANTES SON LADRONES, PERO LA MAYORÍA SÍ", Severity::kOffensive},
                               {"NO TODOS LOS INMIGRANTES SON LADRONES", Severity::kNone}});
}

// German and Dutch put "nicht" / "niet" right after the finite verb: a harm phrase the group opens
// its clause with, followed at once by it, is denied; "nicht nur" (not only) adds.
TEST(ScorerNegation, AGermanNotAfterTheVerbDeniesIt) {
  auto de = CompileIn("de", E("id.mus", "identity_term", "[muslime]", "    target: muslims\n    target_category: religion\n") +
                                E("dh.breed", "dehumanisation", "[vermehren sich]", "    weight: 0.7\n    near_target: 4\n") +
                                E("cue.nicht", "negation", "[nicht]"));
  ASSERT_NE(de, nullptr);
  ExpectSeverities(*de, "de",
                   {{"Muslime vermehren sich nicht wie Karnickel, die Geburtenraten sinken", Severity::kNone},
                    {"Muslime vermehren sich wie Karnickel", Severity::kModeratelyDangerous},
                    {"Muslime vermehren sich nicht nur wie Karnickel, sie nehmen alles", Severity::kModeratelyDangerous}});
  // A one-word harm there is the verb itself.
  auto verb = CompileIn("de", E("id.mus", "identity_term", "[muslime]", "    target: muslims\n    target_category: religion\n") +
                                  E("ct.stinken", "contempt", "[stinken]", "    weight: 0.6\n    near_target: 4\n") +
                                  E("cue.nicht", "negation", "[nicht]"));
  ASSERT_NE(verb, nullptr);
  ExpectSeverities(*verb, "de", {{"Muslime stinken nicht mehr als andere Leute", Severity::kNone},
                                 {"Muslime stinken mehr als andere Leute", Severity::kOffensive}});
}

// Polish, Russian, Ukrainian and Serbian repeat the negation in an "until" clause ("dopóki nie
// wybijemy": until we kill): that one is expletive, and the main clause's negation stops at "until".
TEST(ScorerNegation, TheNegationInAnUntilClauseIsExpletive) {
  auto pl = CompileIn("pl", E("id.cyg", "identity_term", "[cyganów]", "    target: roma\n    target_category: ethnicity\n") +
                                E("cv.wybic", "call_to_violence", "[wybijemy]", "    weight: 0.9\n") +
                                E("cue.nie", "negation", "[nie]"));
  ASSERT_NE(pl, nullptr);
  ExpectSeverities(*pl, "pl",
                   {{"Nie spoczniemy, dopóki nie wybijemy wszystkich Cyganów", Severity::kExtremelyDangerous},
                    {"Nie spoczniemy dopóki nie wybijemy wszystkich Cyganów", Severity::kExtremelyDangerous},
                    {"Nie wybijemy Cyganów", Severity::kNone}});
  auto ru = CompileIn("ru", E("id.cyg", "identity_term", "[цыган]", "    target: roma\n    target_category: ethnicity\n") +
                                E("cv.perebit", "call_to_violence", "[перебьём]", "    weight: 0.9\n") +
                                E("cue.ne", "negation", "[не]"));
  ASSERT_NE(ru, nullptr);
  ExpectSeverities(*ru, "ru",
                   {{"Мы не остановимся пока не перебьём всех цыган", Severity::kExtremelyDangerous},
                    {"Мы не перебьём цыган", Severity::kNone}});
}

// "Not all of them are X, but most are": a quantifier of most right after "but", ending on a bare
// reassertion, takes the negated predicate back up; a new predicate after it does not.
TEST(ScorerNegation, ButMostAreTakesTheNegatedPredicateBackUp) {
  auto lex = CompileYaml("language: en\nentries:\n" + MuslimsEntry() +
                         E("ct.criminals", "contempt", "[criminals]", "    weight: 0.6\n") +
                         E("cue.not", "negation", "[not]") + E("cue.but", "contrast", "[but]"));
  ASSERT_NE(lex, nullptr);
  ExpectSeverities(*lex, "en",
                   {{"Not all Muslims are criminals, but most of them are", Severity::kOffensive},
                    {"Not all Muslims are criminals, but many are", Severity::kOffensive},
                    {"Not all Muslims are criminals", Severity::kNone},
                    {"Not all Muslims are criminals, but most are kind neighbours", Severity::kNone},
                    {"Not all Muslims are criminals, most of them are", Severity::kNone},
                    {"Not all Muslims are criminals, but most people think so", Severity::kNone}});
}

// "Stop"/"Basta" before an act the group is said to commit demands an end to that act; before
// speech or violence against the group it condemns, and so does a judgement before either.
TEST(ScorerCounter, ADemandToEndAnActOfTheGroupIsNoCounterSpeech) {
  auto lex = CompileYaml("language: en\nentries:\n" + MuslimsEntry() +
                         E("pur.takeover", "threat_to_purity", "[islamisation of our]", "    target: muslims\n    weight: 0.7\n") +
                         E("dh.rats", "dehumanisation", "[rats]", "    weight: 0.8\n") +
                         E("cue.stop", "counter_speech", "[stop, the lie]"));
  ASSERT_NE(lex, nullptr);
  ExpectSeverities(*lex, "en",
                   {{"Stop the islamisation of our schools", Severity::kModeratelyDangerous},
                    {"Stop calling Muslims rats", Severity::kNone},
                    {"The lie of the islamisation of our schools", Severity::kNone}});
}

// A stereotype put as a question and condemned by the next sentence opening on "that" is an echo of
// what others say: "Muslims are all terrorists? That is racism." A question the next sentence affirms,
// or follows with no condemnation, stays the speaker's.
TEST(ScorerCounter, AnEchoQuestionCondemnedInTheNextSentenceIsCounterSpeech) {
  auto lex = CompileYaml("language: en\nentries:\n" + MuslimsEntry() +
                         E("ct.terrorists", "contempt", "[terrorists]", "    weight: 0.6\n") +
                         E("cue.racism", "counter_speech", "[racism, racist, disgusting]") +
                         E("cue.saying", "reporting", "[keeps saying, always said]"));
  ASSERT_NE(lex, nullptr);
  ExpectSeverities(*lex, "en",
                   {{"Muslims are all terrorists? That is racism, stop it.", Severity::kNone},
                    // Further on in an answer that says whose words they are.
                    {"Muslims are all terrorists? That's what the far right keeps saying, and it's disgusting.", Severity::kNone},
                    {"Muslims are all terrorists? That's what the far right keeps saying on every channel of this country, sadly.",
                     Severity::kOffensive},
                    {"Muslims are all terrorists? That is the truth.", Severity::kOffensive},
                    {"Are Muslims all terrorists? Yes, every single one.", Severity::kOffensive},
                    // Or the answer opens on the condemnation itself.
                    {"Muslims are all terrorists? Racist nonsense.", Severity::kNone},
                    // A statement, not a question: the next sentence's "that" is no echo marker.
                    {"Muslims are all terrorists. Calling it racism changes nothing.", Severity::kOffensive},
                    {"Muslims are all terrorists. Racist, me? Never.", Severity::kOffensive}});
  auto zh = CompileIn("zh", E("id.henan", "identity_term", "[河南人]", "    target: regional_groups\n    target_category: ethnicity\n") +
                                E("ct.liars", "contempt", "[都是骗子]", "    weight: 0.6\n") +
                                E("cue.disc", "counter_speech", "[歧视]"));
  ASSERT_NE(zh, nullptr);
  ExpectSeverities(*zh, "zh", {{"河南人都是骗子？这是地域歧视，请停止。", Severity::kNone},
                               {"河南人都是骗子。这是事实。", Severity::kOffensive}});
  // A slur echoed so is condemned too when the answer names it with "that"; after a bare judgement
  // ("Disgusting.") or an affirmation it stays the speaker's own word.
  auto slur = CompileYaml("language: en\nentries:\n" +
                          E("id.jews", "identity_term", "[jews]", "    target: jews\n    target_category: religion\n") +
                          E("sl.k", "slur", "[kikes]", "    target: jews\n    weight: 0.9\n") +
                          E("cue.hate", "counter_speech", "[hate speech, disgusting]"));
  ASSERT_NE(slur, nullptr);
  ExpectSeverities(*slur, "en", {{"Jews are kikes? That is hate speech.", Severity::kNone},
                                 {"Kikes at the synagogue again? Disgusting.", Severity::kOffensive},
                                 {"Jews are kikes? That is the truth.", Severity::kOffensive},
                                 {"Jews are kikes. That is hate speech, they say.", Severity::kOffensive}});
}

// A group set apart after the harm by "not" in a clause of its own, a bare noun phrase ("Deport the
// criminals, not all migrants") is the one the speaker exempts, not the target. "No" the determiner
// demands ("Keep our land pure: no refugees"), "not just" adds, and a clause with its own verb says
// something of the group.
TEST(ScorerTargets, AGroupSetApartByNotIsNoTarget) {
  auto lex = CompileYaml("language: en\nentries:\n" +
                         E("id.mig", "identity_term", "[migrants, refugees]", "    target: immigrants\n    target_category: migration\n") +
                         E("cv.deport", "call_to_violence", "[deport]", "    weight: 0.6\n    near_target: 8\n") +
                         E("pur.pure", "threat_to_purity", "[keep our land pure]", "    weight: 0.6\n    near_target: 8\n") +
                         E("cue.not", "negation", "[not, no]"));
  ASSERT_NE(lex, nullptr);
  ExpectSeverities(*lex, "en",
                   {{"We should deport the criminals, not all migrants.", Severity::kNone},
                    {"Deport criminals, not refugees.", Severity::kNone},
                    {"Deport all migrants, not just the criminals.", Severity::kExtremelyDangerous},
                    {"Keep our land pure: no refugees.", Severity::kModeratelyDangerous},
                    {"Deport the migrants, not tomorrow but today.", Severity::kExtremelyDangerous}});
}

// A sentence that opens with a subject of its own that names no group ("Those bureaucrats are",
// "The landlords who exploit them are") speaks of that subject, not of the group the sentence before
// named, nor of the group a reference inside its relative clause points back to.
TEST(ScorerTargets, ASentenceWithItsOwnSubjectIsNotAboutTheGroupBefore) {
  auto lex = CompileYaml("language: en\nentries:\n" +
                         E("id.mig", "identity_term", "[migrants, refugees]", "    target: immigrants\n    target_category: migration\n") +
                         E("dh.parasites", "dehumanisation", "[parasites, animals]", "    weight: 0.8\n    near_target: 8\n") +
                         E("ref.they", "group_reference", "[they, them, these people]"));
  ASSERT_NE(lex, nullptr);
  ExpectSeverities(*lex, "en",
                   {{"Refugees arrived last week. Those bureaucrats are parasites.", Severity::kNone},
                    {"Refugees arrived last week. The landlords who exploit them are parasites.", Severity::kNone},
                    {"Refugees arrived last week. Those who did it are parasites.", Severity::kNone},
                    // The group's own subject, a reference, a harm word naming it, or no subject at all:
                    {"Refugees arrived last week. These people are parasites.", Severity::kModeratelyDangerous},
                    {"Refugees arrived last week. They are parasites.", Severity::kModeratelyDangerous},
                    {"Refugees arrived last week. Those animals are parasites.", Severity::kModeratelyDangerous},
                    {"Refugees arrived last week. Parasites.", Severity::kModeratelyDangerous},
                    {"Those migrants who came last year are parasites.", Severity::kModeratelyDangerous}});
}

TEST(ScorerCounter, AJudgementOfAThingIsNotSaidOfTheGroupBefore) {
  auto lex = CompileYaml("language: en\nentries:\n" + MuslimsEntry() +
                         E("ct.disgusting", "contempt", "[disgusting]", "    weight: 0.5\n") +
                         E("ct.scum", "contempt", "[scum]", "    weight: 0.5\n") +
                         E("cue.disgusting", "counter_speech", "[disgusting]"));
  ASSERT_NE(lex, nullptr);
  ExpectSeverities(*lex, "en",
                   {// "That is" opens with its own subject: the judgement is of what was said before.
                    {"Someone threatened the Muslims next door. That is disgusting.", Severity::kNone},
                    {"Someone threatened the Muslims next door. It's disgusting.", Severity::kNone},
                    // Left out, the subject is the group named before.
                    {"Muslims moved in next door. Disgusting.", Severity::kOffensive},
                    // A noun that is no condemnation still labels the group, and so does a plural.
                    {"Muslims moved in next door. That is scum.", Severity::kOffensive},
                    {"Muslims moved in next door. That's all disgusting.", Severity::kOffensive}});
}

TEST(ScorerNegation, ANegationInAHashtagStaysInIt) {
  auto lex = CompileYaml("language: en\nentries:\n" + E("neg", "negation", "[no, not]") +
                         MuslimsEntry() +
                         E("dh.vermin", "dehumanisation", "[vermin]", "    weight: 0.8\n"));
  ASSERT_TRUE(lex);
  const std::pair<const char*, bool> cases[] = {
      {"#NoMosques Muslims are vermin", true},  // the hashtag's "no" stays in the hashtag
      {"#NotAllMuslimsAreVermin", false},       // and negates what is in it
      {"Muslims are not vermin", false},
  };
  for (const auto& [text, flagged] : cases) {
    const Verdict v = ScoreWith(*lex, "en", text);
    EXPECT_EQ(v.severity != Severity::kNone, flagged) << text << ": " << v.explanation;
  }
}

// A context word ending in $ is that word only: "final$" marks a cup final, not "finally".
TEST(ScorerContext, AHarmlessContextWordEndingInDollarIsTheWholeWordOnly) {
  auto lex = CompileYaml("language: en\nentries:\n" +
                         MuslimsEntry() +
                         E("cv.wipe", "call_to_violence", "[wipe out]", "    weight: 0.9\n    harmless_context: [\"Final$\", derby]\n"));
  Verdict v = ScoreWith(*lex, "en", "We will wipe out the Muslims in the final");  // a team of that name, in a cup final
  EXPECT_EQ(v.severity, Severity::kNone) << v.explanation;
  v = ScoreWith(*lex, "en", "We will finally wipe out the Muslims");
  EXPECT_NE(v.severity, Severity::kNone) << v.explanation;
  v = ScoreWith(*lex, "en", "We will wipe out the Muslims in the derbyday");  // a stem still begins a word
  EXPECT_EQ(v.severity, Severity::kNone) << v.explanation;
}

// Chinese is one token per character: a context word of several characters ("比赛", a match) runs
// over the tokens that follow, and a one-character token that only begins it does not count.
TEST(ScorerContext, AMultiCharacterContextWordMatchesAcrossSegmentedTokens) {
  auto lex = CompileYaml("language: zh\nentries:\n" +
                         E("zh.id.japanese", "identity_term", "[日本人]", "    target: japanese\n    target_category: nationality\n") +
                         E("zh.cv.massacre", "call_to_violence", "[血洗]",
                           "    weight: 0.9\n    near_target: 6\n    harmless_context: [游戏, 比赛]\n"));
  ASSERT_TRUE(lex);
  Verdict v = ScoreWith(*lex, "zh", "游戏里我们血洗那些日本人");  // in the game
  EXPECT_EQ(v.severity, Severity::kNone) << v.explanation;
  v = ScoreWith(*lex, "zh", "我们血洗那些日本人");
  EXPECT_EQ(v.severity, Severity::kExtremelyDangerous) << v.explanation;
  v = ScoreWith(*lex, "zh", "游行时我们血洗那些日本人");  // 游行 (a march) only begins like 游戏
  EXPECT_EQ(v.severity, Severity::kExtremelyDangerous) << v.explanation;
}

// A call whose words hold a removal call's and nothing else ("we must deport them": an exhortation
// pattern around "deport them") names removal and takes the removal entry's tier; with a killing verb
// inside it too it keeps the default tier.
TEST(ScorerTier, ACallWhoseWordsAreARemovalCallTakesTheRemovalTier) {
  auto lex = CompileYaml("language: en\nentries:\n" + MuslimsEntry() +
                         "  - id: cv.must\n    indicator: call_to_violence\n"
                         "    pattern: \"(we must|we should) (deport|kill) them( and (deport|kill) them)?\"\n"
                         "    weight: 0.8\n    note: n\n    sources: [s]\n" +
                         E("cv.deport", "call_to_violence", "[deport them]", "    tier: moderately_dangerous\n    weight: 0.6\n") +
                         E("cv.kill", "call_to_violence", "[kill them]", "    weight: 0.9\n"));
  ASSERT_TRUE(lex);
  ExpectSeverities(*lex, "en", {
      {"Muslims? We must deport them", Severity::kModeratelyDangerous},
      {"Muslims? We must kill them", Severity::kExtremelyDangerous},
      {"Muslims? We must kill them and deport them", Severity::kExtremelyDangerous},
  });
}

// The same words matched by two entries of one indicator and weight are one piece of evidence, and
// the entry that says more about them is kept, whichever file comes first: the one whose tier its
// curator set, then the one that names its target.
TEST(ScorerTier, OfTwoEqualEntriesOnTheSameWordsTheOneWithATierOrATargetIsKept) {
  const std::string removal = E("cv.send", "call_to_violence", "[send them all back]",
                                "    tier: moderately_dangerous\n    weight: 0.7\n");
  const std::string general = E("cv.all", "call_to_violence", "[send them all back]", "    weight: 0.7\n");
  for (const std::string& order : {general + removal, removal + general}) {
    auto lex = CompileYaml("language: en\nentries:\n" + MuslimsEntry() + order);
    ASSERT_TRUE(lex);
    ExpectSeverity(*lex, "en", "Muslims? Send them all back", Severity::kModeratelyDangerous);
  }
  const std::string aimed = E("pu.aimed", "threat_to_purity", "[mixing our blood]",
                              "    target: immigrants\n    target_category: migration\n    weight: 0.7\n");
  const std::string plain = E("pu.plain", "threat_to_purity", "[mixing our blood]", "    weight: 0.7\n");
  for (const std::string& order : {plain + aimed, aimed + plain}) {
    auto lex = CompileYaml("language: en\nentries:\n" + order + E("in.we", "in_group", "[we]"));
    ASSERT_TRUE(lex);
    Verdict v = ScoreWith(*lex, "en", "We see them mixing our blood");
    EXPECT_EQ(v.target_groups, std::vector<std::string>{"immigrants"}) << v.explanation;
  }
}

// A pattern with a gap spans words its author could not list: a harmless context word inside the
// match counts ("give the rug a good beating"), but the pattern's own first and last words do not.
TEST(ScorerContext, AHarmlessContextWordInsideAPatternMatchCounts) {
  auto lex = CompileYaml("language: en\nentries:\n" + MuslimsEntry() +
                         "  - id: cv.beating\n    indicator: call_to_violence\n"
                         "    pattern: \"give (the|those|these) [^ ]+( [^ ]+)? a good beating\"\n"
                         "    near_target: 8\n    harmless_context: [rug, carpet, give$]\n    note: n\n    sources: [s]\n");
  ASSERT_TRUE(lex);
  Verdict v = ScoreWith(*lex, "en", "Muslims came by, so I went out to give the rug a good beating");
  EXPECT_EQ(v.severity, Severity::kNone) << v.explanation;
  ASSERT_EQ(v.discounted.size(), 1u);
  EXPECT_EQ(v.discounted[0].reason, "harmless_context");
  // "give" is the pattern's own first word: it does not mark the harmless sense.
  v = ScoreWith(*lex, "en", "Let's give those Muslims a good beating");
  EXPECT_EQ(v.severity, Severity::kExtremelyDangerous) << v.explanation;
}

// A coded term that stands for a group and is also an ordinary word ("stains") counts in its coded
// sense when its sentence holds plain harm evidence, and then names the target of that evidence:
// "chase the stains away" is a call to violence against the outsiders. Alone, in the ordinary
// sense, or next to harm in another sentence, it is no evidence.
TEST(ScorerCoded, ACodedTermForAGroupIsTheTargetOfViolenceInItsSentence) {
  auto lex = CompileYaml("language: en\nentries:\n" +
                         E("coded.stains", "coded_language", "[stains]",
                           "    target: outsiders\n    target_category: ethnicity\n    homonym_of: spots\n    weight: 0.8\n") +
                         E("coded.weeds", "coded_language", "[weeds]", "    homonym_of: garden weeds\n    weight: 0.6\n") +
                         E("cv.chase", "call_to_violence", "[chase away, drive out]", "    weight: 0.8\n") +
                         E("cue.must", "exhortation", "[must, let us]") + E("cue.not", "negation", "[not, never]"));
  ASSERT_NE(lex, nullptr);
  Verdict v = ScoreWith(*lex, "en", "Let us chase away these stains from our valley");
  EXPECT_EQ(v.severity, Severity::kExtremelyDangerous) << v.explanation;
  EXPECT_EQ(v.target_groups, std::vector<std::string>{"outsiders"});
  bool has_call = false, has_coded = false;
  for (const auto& ind : v.indicators) {
    has_call |= ind.indicator == Indicator::kCallToViolence;
    has_coded |= ind.indicator == Indicator::kCodedLanguage;
  }
  EXPECT_TRUE(has_call && has_coded) << v.explanation;
  // Not evidence: the ordinary sense (no harm in the sentence); harm evidence in another sentence;
  // a coded homonym that names no group, even next to violence.
  for (const char* text : {"These stains on my shirt will not wash out",
                           "Our dog will chase away the cat. The stains are still on the carpet.",
                           "We must drive out the weeds before spring"}) {
    EXPECT_EQ(ScoreWith(*lex, "en", text).severity, Severity::kNone) << text;
  }
  // Negated, the call is discounted, and the coded term in its sentence with it.
  v = ScoreWith(*lex, "en", "We will never chase away the stains");
  EXPECT_NE(v.severity, Severity::kExtremelyDangerous) << v.explanation;
}

// A longer phrase with a stricter near_target than a word inside it does not hide the word: when the
// phrase finds no group close enough, the word, which needs none, still counts; when the phrase
// counts, it alone is the evidence.
TEST(ScorerContainment, AStricterLongerPhraseDoesNotHideTheWordInsideIt) {
  auto lex = CompileYaml("language: en\nentries:\n" +
                         E("id.immigrants", "identity_term", "[immigrants]", "    target: immigrants\n    target_category: migration\n") +
                         E("cv.deport-all", "call_to_violence", "[deport them all]", "    weight: 0.8\n    near_target: 2\n") +
                         E("cv.deport", "call_to_violence", "[deport]", "    weight: 0.6\n"));
  ASSERT_NE(lex, nullptr);
  Verdict far = ScoreWith(*lex, "en", "The problem here is immigrants, and honestly we should deport them all");
  EXPECT_NE(far.severity, Severity::kNone) << far.explanation;
  ASSERT_EQ(far.indicators.size(), 1u);
  ASSERT_EQ(far.indicators[0].evidence.size(), 1u);
  EXPECT_EQ(lex->entry(far.matches[far.indicators[0].evidence[0].match].entry).id, "cv.deport");
  Verdict near = ScoreWith(*lex, "en", "Immigrants: deport them all");
  ASSERT_EQ(near.indicators.size(), 1u);
  ASSERT_EQ(near.indicators[0].evidence.size(), 1u) << near.explanation;
  EXPECT_EQ(lex->entry(near.matches[near.indicators[0].evidence[0].match].entry).id, "cv.deport-all");
}

// A call inside nested hallmark phrases belongs to the outermost: the claimed plot "will kill us all"
// holds "kill us", which holds "kill". Each phrase needs its group nearer than the call does, so the
// call is kept aside until a phrase holding it counts; the one noted first is itself inside the
// outermost and never counts, and the call used to be read as the speaker's own.
TEST(ScorerContainment, ACallInsideNestedHallmarkPhrasesBelongsToTheOutermost) {
  auto lex = CompileYaml("language: en\nentries:\n" + MuslimsEntry() +
                         E("cv.kill", "call_to_violence", "[kill]", "    weight: 0.9\n") +
                         E("aim.kill-us", "accusation_in_mirror", "[kill us]", "    weight: 0.7\n    near_target: 8\n") +
                         E("aim.will-kill-us-all", "accusation_in_mirror", "[will kill us all]",
                           "    weight: 0.6\n    near_target: 8\n"));
  ASSERT_NE(lex, nullptr);
  const Verdict plot = ScoreWith(*lex, "en", "The muslims are arming, they will kill us all");
  EXPECT_EQ(plot.severity, Severity::kModeratelyDangerous) << plot.explanation;
  ASSERT_EQ(plot.indicators.size(), 1u) << plot.explanation;
  EXPECT_EQ(plot.indicators[0].indicator, Indicator::kAccusationInMirror);
  // The call of the speaker's own, outside any such phrase, still counts.
  ExpectSeverity(*lex, "en", "The muslims are arming, we must kill them first", Severity::kExtremelyDangerous);
}

// Inside a purity phrase, the group one mixes with ("a mistura com esses ciganos") is the one said to
// contaminate, the target (a group named there otherwise is the one kept pure).
TEST(ScorerTargets, TheGroupOneMixesWithInsideAPurityPhraseIsTheTarget) {
  auto pt = CompileIn("pt", E("id.roma", "identity_term", "[ciganos]", "    target: roma\n    target_category: ethnicity\n") +
                                E("pur.mix", "threat_to_purity",
                                  "[\"mistura com esses ciganos vai destruir\"]",
                                  "    weight: 0.7\n    near_target: 8\n"));
  ASSERT_NE(pt, nullptr);
  ExpectSeverity(*pt, "pt", "A mistura com esses ciganos vai destruir tudo", Severity::kModeratelyDangerous);
}

// An umlaut is a letter of its own: "schwül" (humid) folds to "schwul" (gay), and is not that word,
// since no term of the entry is written with ü. A term written with the umlaut still matches the
// word written without it ("Turken").
TEST(ScorerTargets, AWordWrittenWithAnUmlautItsTermLacksIsAnotherWord) {
  auto lex = CompileYaml("language: de\nentries:\n" +
                         E("id.gay", "identity_term", "[schwul, schwule, schwulen]", "    target: gay_people\n    target_category: sexuality\n") +
                         E("id.turks", "identity_term", "[türken]", "    target: turks\n    target_category: ethnicity\n") +
                         E("ct.hate", "contempt", "[hasse]", "    weight: 0.6\n"));
  ASSERT_NE(lex, nullptr);
  ExpectSeverity(*lex, "de", "Es ist so schwül, ich hasse das", Severity::kNone);
  ExpectSeverity(*lex, "de", "Ich hasse Schwule", Severity::kOffensive);
  ExpectSeverity(*lex, "de", "Ich hasse Türken", Severity::kOffensive);
  ExpectSeverity(*lex, "de", "Ich hasse Turken", Severity::kOffensive);
  // Turkish writes ö and ü as letters too, but its curators, like its writers, often leave the dots
  // off: a term written "gonderelim" is the word "gönderelim".
  auto tr = CompileYaml("language: tr\nentries:\n" +
                        E("id.syr", "identity_term", "[suriyeliler]", "    target: syrians\n    target_category: nationality\n") +
                        E("cv.send", "call_to_violence", "[donusu olmayan bir tatile gonderelim]", "    weight: 0.6\n"));
  ASSERT_NE(tr, nullptr);
  ExpectSeverity(*tr, "tr", "Suriyeliler, dönüşü olmayan bir tatile gönderelim", Severity::kExtremelyDangerous);
}

// Spanish writes the preterite's stress: "expulsó" (he expelled, news of the past) folds to "expulso"
// (I expel) and is not that word, unless a term of the entry ends a word in ó ("mató" written so).
TEST(ScorerTargets, ASpanishPreteriteIsNotThePresentItFoldsTo) {
  auto lex = CompileYaml("language: es\nentries:\n" +
                         E("id.roma", "identity_term", "[gitanos]", "    target: roma\n    target_category: ethnicity\n") +
                         E("cv.expel", "call_to_violence", "[expulso a los, \"{deportación|expulsión} masiva\"]",
                           "    weight: 0.6\n    near_target: 6\n") +
                         E("cv.mato", "call_to_violence", "[mató a los]", "    weight: 0.6\n    near_target: 6\n"));
  ASSERT_NE(lex, nullptr);
  ExpectSeverity(*lex, "es", "El alcalde expulsó a los gitanos en 1986", Severity::kNone);
  ExpectSeverity(*lex, "es", "EL ALCALDE EXPULSÓ A LOS GITANOS", Severity::kNone);
  ExpectSeverity(*lex, "es", "Yo expulso a los gitanos", Severity::kExtremelyDangerous);
  // The curator wrote the preterite: it matches as written.
  ExpectSeverity(*lex, "es", "Alguien mató a los gitanos", Severity::kExtremelyDangerous);
}

// Every hallmark of dangerous speech, not only dehumanisation, puts a message at least at moderately
// dangerous; contempt of the same weight stays offensive.
TEST(ScorerSeverity, AHallmarkAloneIsModeratelyDangerous) {
  auto lex = CompileYaml("language: en\nentries:\n" +
                         MuslimsEntry() +
                         E("loyal.side", "questioning_loyalty", "[side with riyadh]", "    weight: 0.5\n") +
                         E("women.rape", "attack_on_women", "[rape our daughters]", "    weight: 0.5\n") +
                         E("ct.lazy", "contempt", "[lazy]", "    weight: 0.5\n"));
  ASSERT_NE(lex, nullptr);
  ExpectSeverity(*lex, "en", "Muslims will always side with Riyadh", Severity::kModeratelyDangerous);
  ExpectSeverity(*lex, "en", "Muslims rape our daughters", Severity::kModeratelyDangerous);
  ExpectSeverity(*lex, "en", "Muslims are lazy", Severity::kOffensive);
}

// A group that opens its sentence is the sentence's subject: a `near_target` harm later in it is said
// of the group, within twice its near_target or kSubjectReach tokens. A group named mid-sentence
// reaches only as far as near_target; nor does the subject reach past a harm the sentence denies, or
// open a sentence in a head-final language, where it is often inside a relative clause (a
// back-reference to a group named before, "these people", does).
TEST(ScorerTargets, ASentenceOpeningGroupIsTheSubjectOfWhatFollows) {
  const std::string entries =
      E("id.roma", "identity_term", "[roma]", "    target: roma\n    target_category: ethnicity\n") +
      E("ct.lazy", "contempt", "[lazy, thieves]", "    weight: 0.6\n    near_target: 3\n") +
      E("cue.not", "negation", "[not]");
  auto en = CompileIn("en", entries);
  ASSERT_NE(en, nullptr);
  const std::string asserted = "Roma around here honestly are all of them so incredibly lazy";
  const Verdict v = ScoreWith(*en, "en", asserted);
  EXPECT_EQ(v.severity, Severity::kOffensive) << v.explanation;
  EXPECT_EQ(v.target_groups, std::vector<std::string>{"roma"});
  // The same distance from a group named mid-sentence.
  ExpectSeverity(*en, "en", "We went to see the Roma band and my cousin is so incredibly lazy", Severity::kNone);
  // Past a denied harm.
  ExpectSeverity(*en, "en", "Roma are not thieves and my neighbour who keeps saying so is lazy", Severity::kNone);
  // A head-final language.
  auto tr = CompileIn("tr", entries);
  ASSERT_NE(tr, nullptr);
  ExpectSeverity(*tr, "tr", asserted, Severity::kNone);
  // There, a back-reference that opens the sentence ("these people") is its subject: it heads no
  // relative clause before it. The same group named at the start does not reach as far.
  auto tr_ref = CompileIn("tr", entries + E("cue.these", "group_reference", "[these people]"));
  ASSERT_NE(tr_ref, nullptr);
  ExpectSeverity(*tr_ref, "tr", "Roma came. These people around here honestly are all of them so incredibly lazy",
                 Severity::kOffensive);
  ExpectSeverity(*tr_ref, "tr", "Roma came. Roma around here honestly are all of them so incredibly lazy", Severity::kNone);
}

// A coded entry with near_target ("go to work", Rwanda 1994) asks for a group that close, or another
// code or harm stronger than contempt in the message; alone it is the everyday phrase.
TEST(ScorerCoded, ACodeWithNearTargetNeedsAGroupOrAnotherCode) {
  auto lex = CompileYaml("language: en\nentries:\n" +
                         E("id.tutsi", "identity_term", "[tutsi]", "    target: tutsi\n    target_category: ethnicity\n") +
                         E("coded.work", "coded_language", "[go to work, bring your tools]",
                           "    weight: 0.7\n    near_target: 10\n    stands_for: call_to_violence\n") +
                         E("cv.remigrate", "call_to_violence", "[remigration]", "    weight: 0.45\n") +
                         E("ct.hate", "contempt", "[hate]", "    weight: 0.6\n"));
  ASSERT_NE(lex, nullptr);
  // Beside harm stronger than contempt, even untargeted; not beside a grumble.
  ExpectFlagged(*lex, "en", "Time to go to work, #remigration");
  ExpectSeverity(*lex, "en", "Back to work tomorrow, I hate Mondays so I go to work late", Severity::kNone);
  ExpectSeverity(*lex, "en", "I go to work by bike", Severity::kNone);
  ExpectFlagged(*lex, "en", "Tomorrow we go to work: bring your tools");
  ExpectFlagged(*lex, "en", "The Tutsi? Tomorrow we go to work");
  // The same code again is no other code ("--resource=RISORSA  nome della risorsa").
  ExpectSeverity(*lex, "en", "I go to work at eight, you go to work at nine", Severity::kNone);
}

// Only a code that stands for violence is a violent element: two codes for a trope ("they control
// the banks", "14 words") stay at most moderately dangerous however strong, while a code that
// stands_for call_to_violence may make the message extremely dangerous on its own, as a plain call
// would. The alert names what the code stands for.
TEST(ScorerCoded, OnlyACodeThatStandsForViolenceIsAViolentElement) {
  auto lex = CompileYaml("language: en\nentries:\n" +
                         E("id.jews", "identity_term", "[jews]", "    target: jews\n    target_category: religion\n") +
                         E("coded.control", "coded_language", "[control the banks]", "    weight: 0.7\n    near_target: 5\n") +
                         E("coded.tribe", "coded_language", "[the tribe]", "    weight: 0.7\n    stands_for: contempt\n") +
                         E("coded.rope", "coded_language", "[day of the rope]",
                           "    weight: 0.9\n    stands_for: call_to_violence\n"));
  ASSERT_NE(lex, nullptr);
  Verdict v = ScoreWith(*lex, "en", "The jews control the banks, the tribe always does");
  EXPECT_EQ(v.severity, Severity::kModeratelyDangerous) << v.explanation;
  EXPECT_LT(v.score, 70.0);
  v = ScoreWith(*lex, "en", "Day of the rope for all the jews");
  EXPECT_EQ(v.severity, Severity::kExtremelyDangerous) << v.explanation;
  Message m;
  m.id = "m1";
  m.text = "Day of the rope for all the jews";
  const std::string alert = RenderAlert(m, v, *lex, {});
  EXPECT_THAT(alert, ::testing::HasSubstr("\"stands_for\":\"call_to_violence\"")) << alert;
}

// The group named inside a purity phrase is the in-group kept "pure", and the women named inside a
// claimed attack on women are its victims: neither is the target, which is the group said to spoil
// or attack them, named outside the phrase. With only the inside group named, nothing is flagged.
TEST(ScorerPurity, TheGroupInsideAPurityOrAttackPhraseIsNotItsTarget) {
  struct Case {
    std::string inside_group, harm, hateful, inside_only;
  };
  const Case cases[] = {
      {E("id.english", "identity_term", "[english]", "    target: english_people\n    target_category: nationality\n"),
       E("purity.blood", "threat_to_purity", "[]",
         "    pattern: '(purity|mixing) of ([^ ]+ )?blood'\n    near_target: 10\n    weight: 0.7\n"),
       "Immigrants ruin the purity of English blood", "They talk about the purity of English blood"},
      {E("id.women", "identity_term", "[girl, girls, women]", "    target: women\n    target_category: gender\n"),
       E("women.safe", "attack_on_women", "[]", "    pattern: 'no (girl|woman) is safe'\n    near_target: 10\n    weight: 0.7\n"),
       "Since the immigrants came no girl is safe", "After the storm no girl is safe on that road"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.hateful);
    auto lex = CompileYaml("language: en\nentries:\n" + c.inside_group +
                           E("id.immigrants", "identity_term", "[immigrants]", "    target: immigrants\n    target_category: migration\n") +
                           c.harm);
    ASSERT_NE(lex, nullptr);
    Verdict v = ScoreWith(*lex, "en", c.hateful);
    EXPECT_NE(v.severity, Severity::kNone) << v.explanation;
    EXPECT_EQ(v.target_groups, std::vector<std::string>{"immigrants"}) << v.explanation;
    v = ScoreWith(*lex, "en", c.inside_only);
    EXPECT_EQ(v.severity, Severity::kNone) << v.explanation;
  }
}

// A group named inside a phrase that questions loyalty is the in-group whose membership is at stake
// ("not a true Hindu", "what kind of Chinese"): when the sentence names another group, that one is
// the target, wherever the sentence names the in-group again. With no other group named, the
// in-group stays the target, and a slur inside the phrase is the target's, never the in-group's.
TEST(ScorerLoyalty, TheGroupWhoseMembershipIsQuestionedIsNotTheTarget) {
  const std::string groups =
      "language: en\nentries:\n" +
      E("id.hindus", "identity_term", "[hindu, hindus]", "    target: hindus\n    target_category: religion\n") +
      E("id.muslims", "identity_term", "[muslims, muslim]", "    target: muslims\n    target_category: religion\n");
  auto lex = CompileYaml(
      groups +
      E("slur.turks", "slur", "[turks]", "    target: bosniaks\n    target_category: ethnicity\n") +
      E("loyal.true", "questioning_loyalty", "[]",
        "    pattern: '(not|never be) (a )?(true|real) [^ ]+'\n    near_target: 10\n    weight: 0.6\n") +
      E("loyal.servants", "questioning_loyalty", "[servants of the turks]", "    near_target: 10\n    weight: 0.6\n"));
  ASSERT_NE(lex, nullptr);
  Verdict v = ScoreWith(*lex, "en", "You are not a true Hindu if you defend Muslims");
  EXPECT_NE(v.severity, Severity::kNone) << v.explanation;
  EXPECT_EQ(v.target_groups, std::vector<std::string>{"muslims"}) << v.explanation;
  v = ScoreWith(*lex, "en", "A Hindu who rents to a Muslim is not a true Hindu");
  EXPECT_EQ(v.target_groups, std::vector<std::string>{"muslims"}) << v.explanation;
  // Only the in-group named: it is all the phrase can be aimed at.
  v = ScoreWith(*lex, "en", "Muslims will never be true Muslims");
  EXPECT_EQ(v.target_groups, std::vector<std::string>{"muslims"}) << v.explanation;
  // A slur inside the phrase names the target, so the group named outside it is no in-group.
  v = ScoreWith(*lex, "en", "Muslims were always servants of the Turks");
  EXPECT_EQ(v.target_groups, std::vector<std::string>{"bosniaks"}) << v.explanation;
  // An entry that says its phrase names the in-group: never the target, even with no other group.
  lex = CompileYaml(
      groups +
      E("loyal.called", "questioning_loyalty", "[]",
        "    pattern: 'worthy of being called (a )?[^ ]+'\n    near_target: 10\n    weight: 0.6\n    names_in_group: true\n"));
  ASSERT_NE(lex, nullptr);
  v = ScoreWith(*lex, "en", "A Hindu who rents to Muslims is not worthy of being called a Hindu");
  EXPECT_EQ(v.target_groups, std::vector<std::string>{"muslims"}) << v.explanation;
  v = ScoreWith(*lex, "en", "A Hindu who skips the temple is not worthy of being called a Hindu");
  EXPECT_EQ(v.severity, Severity::kNone) << v.explanation;
}

// Inside a claimed attack on women, a group that is neither women nor marked as "ours" is the
// attacker ("protect our women from these immigrants"); "our Christian girls" are still victims.
TEST(ScorerPurity, AGroupInsideAnAttackPhraseThatIsNotTheVictimsIsTheTarget) {
  auto lex = CompileYaml(
      "language: en\nentries:\n" +
      E("id.women", "identity_term", "[women, girls]", "    target: women\n    target_category: gender\n") +
      E("id.immigrants", "identity_term", "[immigrants]", "    target: immigrants\n    target_category: migration\n") +
      E("id.christians", "identity_term", "[christian]", "    target: christians\n    target_category: religion\n") +
      E("cue.our", "in_group", "[our]") +
      E("women.protect", "attack_on_women", "[]",
        "    pattern: 'protect our (women|girls) from (these|the) [^ ]+'\n    near_target: 10\n    weight: 0.7\n") +
      E("women.rape", "attack_on_women", "[]", "    pattern: 'rape our ([^ ]+ )?(women|girls)'\n    near_target: 10\n    weight: 0.7\n"));
  ASSERT_NE(lex, nullptr);
  Verdict v = ScoreWith(*lex, "en", "We must protect our women from these immigrants");
  EXPECT_EQ(v.target_groups, std::vector<std::string>{"immigrants"}) << v.explanation;
  v = ScoreWith(*lex, "en", "The immigrants rape our Christian girls");
  EXPECT_EQ(v.target_groups, std::vector<std::string>{"immigrants"}) << v.explanation;
  // Only the victims named: nothing to aim at.
  EXPECT_EQ(ScoreWith(*lex, "en", "Nobody will rape our Christian girls here").severity, Severity::kNone);
}

TEST(ScorerPurity, APurityTermThatNamesItsTargetCountsWhenAsserted) {
  auto lex = CompileYaml(
      "language: en\nentries:\n" +
      E("purity.conspiracy", "threat_to_purity", "[great replacement]",
        "    target: immigrants\n    target_category: migration\n    weight: 0.75\n    names_concept: true\n") +
      E("purity.takeover", "threat_to_purity", "[love jihad]", "    target: muslims\n    weight: 0.7\n") +
      E("ingroup.we", "in_group", "[we, us, our]") + E("exhort.stop", "exhortation", "[stop, will]") +
      E("purity.outbreed", "threat_to_purity", "[outbreed]", "    near_target: 10\n") +
      MuslimsEntry());
  ASSERT_NE(lex, nullptr);
  // Asserted: for an in-group, as a call to act, or with other harm evidence in the sentence.
  for (const char* text : {"The great replacement is real and we will be a minority",
                           "Stop the great replacement", "The great replacement goes on, they outbreed everyone"}) {
    const Verdict v = ScoreWith(*lex, "en", text);
    EXPECT_NE(v.severity, Severity::kNone) << text << ": " << v.explanation;
    EXPECT_EQ(v.target_groups, std::vector<std::string>{"immigrants"}) << text;
  }
  // A bare mention (a title, a question, a debate) is not; a group named near it still is a target.
  // (Nor is an exhortation after it: "will" there is the future of a report.)
  for (const char* text : {"The shooter's manifesto was titled The great replacement",
                           "Where does the idea of a great replacement come from",
                           "The great replacement will be discussed on the panel"}) {
    EXPECT_EQ(ScoreWith(*lex, "en", text).severity, Severity::kNone) << text;
  }
  const Verdict named = ScoreWith(*lex, "en", "Muslims carry out the great replacement");
  EXPECT_EQ(named.target_groups, std::vector<std::string>{"muslims"}) << named.explanation;
  // A purity claim with its own target, not the name of a concept (no names_concept), counts for
  // that target without further assertion.
  const Verdict claim = ScoreWith(*lex, "en", "Love jihad is everywhere in this town");
  EXPECT_NE(claim.severity, Severity::kNone) << claim.explanation;
  EXPECT_EQ(claim.target_groups, std::vector<std::string>{"muslims"}) << claim.explanation;
}

TEST(ScorerTypos, AMisspeltGroupNameCountsWhenTheTypoIsPlausible) {
  auto lex = CompileYaml("language: en\nentries:\n" +
                         E("id.women", "identity_term", "[women]", "    target: women\n    target_category: gender\n") +
                         E("id.immigrants", "identity_term", "[immigrants]",
                           "    target: immigrants\n    target_category: migration\n") +
                         E("ct.hate", "contempt", "[hate]", "    weight: 0.6\n"));
  ASSERT_NE(lex, nullptr);
  // Two letters swapped after the first (inside or at the end), or a letter after the first typed
  // twice, from five code points; any one edit from seven bytes with the first and last letters kept.
  for (const char* text : {"I hate wmoen", "I hate womne", "I hate womenn", "I hate wommen", "I hate immigrnats",
                           "I hate imigrants"}) {
    const Verdict v = ScoreWith(*lex, "en", text);
    EXPECT_NE(v.severity, Severity::kNone) << text << ": " << v.explanation;
  }
  // Short words one substitution or deletion away, with the first two letters swapped or the first
  // typed twice, or with a letter added that repeats none, are mostly other words.
  for (const char* text : {"I hate wimen", "I hate owmen", "I hate wome", "I hate wwomen", "I hate womena"}) {
    EXPECT_EQ(ScoreWith(*lex, "en", text).severity, Severity::kNone) << text;
  }
  // An inner letter left out counts from six code points ("muslms"); a six-letter word one
  // substitution away ("blocks" ~ "blacks") does not, nor a five-letter deletion, nor a word that
  // lost its last letter (the singular "muslim" is a word of its own, matched as such).
  // Seven bytes are not seven letters: a five-letter Arabic word one substitution from a group name,
  // sharing the article's first letter, is another word ("البرد", the cold, is not "الكرد", the Kurds);
  // a swap in a six-letter one is still a typo. Nor do first and last letters agree through the
  // article: "الدوري" (the league) is not "السوري" (the Syrian); "السورين" (five letters after it) is.
  // A proclitic before the article is part of it: "بالبرد" (of the cold) is not "بالكرد".
  struct TypoCase {
    std::string lang, groups, hate;
    std::vector<std::string> flagged, clean;
  };
  const TypoCase cases[] = {
      {"en",
       MuslimsEntry() +
           E("id.blacks", "identity_term", "[blacks]", "    target: black_people\n    target_category: race\n"),
       "[hate]", {"I hate muslms", "I hate mslims"}, {"I hate blocks", "I hate bacs", "I hate muslim"}},
      {"ar",
       E("id.kurds", "identity_term", "[الكرد, بالكرد]", "    target: kurds\n    target_category: ethnicity\n") +
           E("id.druze", "identity_term", "[الدروز]", "    target: druze\n    target_category: religion\n") +
           E("id.syrians", "identity_term", "[السوري, السوريين]", "    target: syrians\n    target_category: nationality\n"),
       "[أكره]", {"أكره الدورز", "أكره السورين"}, {"أكره البرد", "أكره الدوري", "أكره بالبرد"}},
  };
  for (const TypoCase& c : cases) {
    auto typos = CompileYaml("language: " + c.lang + "\nentries:\n" + c.groups +
                             E("ct.hate", "contempt", c.hate, "    weight: 0.6\n"));
    ASSERT_NE(typos, nullptr);
    for (const std::string& text : c.flagged) EXPECT_NE(ScoreWith(*typos, c.lang, text).severity, Severity::kNone) << text;
    for (const std::string& text : c.clean) EXPECT_EQ(ScoreWith(*typos, c.lang, text).severity, Severity::kNone) << text;
  }
}

TEST(ScorerTypos, AMisspeltHarmWordCountsOnlyForAnEntryMarkedFuzzy) {
  const std::string group =
      E("id.women", "identity_term", "[women]", "    target: women\n    target_category: gender\n");
  auto marked = CompileYaml("language: en\nentries:\n" + group +
                            E("ct.despise", "contempt", "[despise]", "    weight: 0.6\n    fuzzy: true\n"));
  // Unmarked, even with the matcher told to fuzzy-match every harm term, the scorer does not count it.
  CompiledLexicon::Options every_harm_term;
  every_harm_term.fuzzy_harm = true;
  auto unmarked = CompileYaml(
      "language: en\nentries:\n" + group + E("ct.despise", "contempt", "[despise]", "    weight: 0.6\n"), every_harm_term);
  ASSERT_NE(marked, nullptr);
  ASSERT_NE(unmarked, nullptr);
  const Verdict v = ScoreWith(*marked, "en", "I depsise women");
  EXPECT_NE(v.severity, Severity::kNone) << v.explanation;
  EXPECT_EQ(ScoreWith(*unmarked, "en", "I depsise women").severity, Severity::kNone);
  EXPECT_EQ(ScoreWith(*marked, "en", "I despite women").severity, Severity::kNone);  // a substitution: another word
}

TEST_F(ScorerTest, ClauseFinalNegationNegatesThePredicate) {
  EXPECT_EQ(Score("I hate Muslims not").severity, Severity::kNone);  // V2-style order, as in "ich hasse sie nicht"
  EXPECT_NE(Score("Muslims are vermin, not neighbours").severity, Severity::kNone);
}

TEST_F(ScorerTest, UnresolvedPronounNeedsUsVersusThemFraming) {
  EXPECT_EQ(Score("They are vermin").severity, Severity::kNone);
  EXPECT_NE(Score("We must exterminate them").severity, Severity::kNone);
}

TEST_F(ScorerTest, DuplicateEntriesForTheSameWordsCountOnce) {
  auto dup = CompileYaml("language: en\nentries:\n" +
                         E("id.m", "identity_term", "[muslims]", "    target: muslims\n    target_category: religion\n") +
                         E("a.vermin", "dehumanisation", "[vermin]", "    weight: 0.6\n") +
                         E("b.vermin", "dehumanisation", "[vermin]", "    weight: 0.6\n"));
  Message m;
  m.text = "Muslims are vermin";
  m.lang = "en";
  Verdict single, doubled;
  analyzer_->Analyze(m, *dup, *scorer_, &doubled);
  auto one = CompileYaml("language: en\nentries:\n" +
                         E("id.m", "identity_term", "[muslims]", "    target: muslims\n    target_category: religion\n") +
                         E("a.vermin", "dehumanisation", "[vermin]", "    weight: 0.6\n"));
  analyzer_->Analyze(m, *one, *scorer_, &single);
  EXPECT_DOUBLE_EQ(single.score, doubled.score);
}

TEST_F(ScorerTest, InfluentialSpeakerAndHighRiskRegionRaiseScore) {
  ScoringConfig cfg = ScoringConfig::Defaults();
  cfg.regions.push_back({"KE", "high"});
  scorer_ = std::make_unique<Scorer>(cfg);
  Message plain;
  Verdict base = Score("Immigrants are vermin", plain);
  Message m;
  m.has_author = true;
  m.author.role = "politician";
  m.author.followers = 250000;
  m.region = "KE";
  Verdict v = Score("Immigrants are vermin", m);
  EXPECT_GT(v.score, base.score);
  ASSERT_EQ(v.context.size(), 3u);
  EXPECT_EQ(v.context[0].name, "speaker_influence");
  EXPECT_THAT(v.explanation, ::testing::HasSubstr("Context added"));
  // Context never creates an alert on its own.
  EXPECT_EQ(Score("Immigrants are welcome", m).severity, Severity::kNone);
}

TEST_F(ScorerTest, AlertOffsetsSliceOriginalTextInMultiByteScripts) {
  Message m;
  m.id = "x1";
  m.text = "Ｍｕｓｌｉｍｓ — ｖｅｒｍｉｎ";
  m.lang = "en";
  Verdict v;
  analyzer_->Analyze(m, *lex_, *scorer_, &v);
  ASSERT_NE(v.severity, Severity::kNone);
  bool found = false;
  for (const Match& mt : v.matches) {
    if (mt.source.Slice(m.text) == "ｖｅｒｍｉｎ") found = true;
  }
  EXPECT_TRUE(found);
  std::string json = RenderAlert(m, v, *lex_, {});
  EXPECT_THAT(json, ::testing::HasSubstr("\"message_id\":\"x1\""));
  EXPECT_THAT(json, ::testing::HasSubstr("\"text\":\"ｖｅｒｍｉｎ\""));
}

TEST(ScoringConfig, ParsesThresholdsAndRejectsUnknownKeys) {
  auto c = ParseScoringConfig("thresholds: {offensive: 10, moderately_dangerous: 40, extremely_dangerous: 80}\n"
                              "regions: {KE: high}\n");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->offensive, 10);
  EXPECT_EQ(c->regions.size(), 1u);
  EXPECT_FALSE(ParseScoringConfig("thresholdz: {}\n").ok());
  EXPECT_FALSE(ParseScoringConfig("thresholds: {offensive: 50, moderately_dangerous: 40, extremely_dangerous: 80}\n").ok());
  EXPECT_FALSE(ParseScoringConfig("regions: {KE: apocalyptic}\n").ok());
}

TEST(Alert, AlertIdIsDeterministicPerMessage) {
  Message a, b;
  a.id = "m1";
  b.id = "m1";
  EXPECT_EQ(AlertId(a), AlertId(b));
  b.id = "m2";
  EXPECT_NE(AlertId(a), AlertId(b));
  Message noid;
  noid.text = "same text";
  EXPECT_EQ(EffectiveMessageId(noid).rfind("sha:", 0), 0u);
  EXPECT_NE(Pseudonymise("user1", "k"), Pseudonymise("user1", "other-key"));
}


// A reclaimed slur said of "us" is self-description; with other harm in the sentence, or said of
// others, it is still a slur.
TEST(ScorerReclaimed, AReclaimedSlurSaidOfUsIsNotFlagged) {
  auto lex = CompileYaml("language: en\nentries:\n" +
                         E("sl.dyke", "slur", "[dykes]", "    target: lesbians\n    target_category: sexuality\n"
                                                         "    reclaimed: true\n") +
                         E("sl.other", "slur", "[lezzers]", "    target: lesbians\n    target_category: sexuality\n") +
                         E("in.we", "in_group", "[we, us, our]") + E("ct.hate", "contempt", "[hate]", "    weight: 0.6\n"));
  ASSERT_NE(lex, nullptr);
  const Verdict ours = ScoreWith(*lex, "en", "We dykes march at the front every year");
  EXPECT_EQ(ours.severity, Severity::kNone) << ours.explanation;
  ASSERT_EQ(ours.discounted.size(), 1u);
  EXPECT_EQ(ours.discounted[0].reason, "reclaimed");
  for (const char* text : {"We hate dykes", "Dykes ruin everything for us", "We lezzers march at the front"}) {
    EXPECT_NE(ScoreWith(*lex, "en", text).severity, Severity::kNone) << text;
  }
}

// The speaker naming themself by a reclaimed slur ("As a dyke", "I'm a dyke"; where the copula
// follows the noun, "ነፍጠኛ ነኝ") is self-description too; "I hate dykes" and the slur said of someone
// else stay slurs, as does an unreclaimed slur after "I'm".
TEST(ScorerReclaimed, AReclaimedSlurTheSpeakerCallsThemselfIsNotFlagged) {
  const std::string slurs = E("sl.dyke", "slur", "[dyke, dykes]", "    target: lesbians\n    target_category: sexuality\n"
                                                                   "    reclaimed: true\n") +
                            E("sl.other", "slur", "[lezzer]", "    target: lesbians\n    target_category: sexuality\n");
  auto lex = CompileYaml("language: en\nentries:\n" + slurs + E("self.i", "self_reference", "[i'm a, as a, am]") +
                         E("ct.hate", "contempt", "[hate]", "    weight: 0.6\n"));
  ASSERT_NE(lex, nullptr);
  for (const char* text : {"As a dyke, Pride weekend is my favourite time of the year", "Yes I'm a dyke and happy"}) {
    const Verdict v = ScoreWith(*lex, "en", text);
    EXPECT_EQ(v.severity, Severity::kNone) << text << ": " << v.explanation;
    ASSERT_EQ(v.discounted.size(), 1u) << text;
    EXPECT_EQ(v.discounted[0].reason, "reclaimed");
  }
  for (const char* text : {"As a dyke I hate dykes", "I'm a lezzer", "Look at that dyke over there", "Dykes, as a rule, lie"}) {
    EXPECT_NE(ScoreWith(*lex, "en", text).severity, Severity::kNone) << text;
  }
  auto am = CompileYaml("language: am\nentries:\n" +
                        E("sl.neftegna", "slur", "[ነፍጠኛ]", "    target: amhara\n    target_category: ethnicity\n"
                                                          "    reclaimed: true\n") +
                        E("self.am", "self_reference", "[ነኝ]"));
  ASSERT_NE(am, nullptr);
  EXPECT_EQ(ScoreWith(*am, "am", "ነፍጠኛ ነኝ! አያቶቼ ጀግኖች ናቸው").severity, Severity::kNone);
  EXPECT_NE(ScoreWith(*am, "am", "ያ ነፍጠኛ ሂድ").severity, Severity::kNone);
}

// Two negation rules, each with a lexicon of a group name, a hate verb, a vermin noun and
// negation cues, the texts it silences and the contrasts that stay flagged:
// - a negation right after a clause-opening verb negates it (German and Dutch put "nicht"/"keine"
//   after the verb); after a noun predicate it does not;
// - only the clause a question mark closes is a question: a negation in the clause before it still
//   negates ("I don't hate them, why would I?"), one inside it does not ("Aren't they vermin?").
TEST(ScorerNegation, NegationAfterAClauseOpeningVerbAndTheScopeOfAQuestion) {
  struct Case {
    const char *lang, *group, *hate, *vermin, *negations;
    std::vector<std::string> silent, flagged;
  };
  const std::vector<Case> cases = {
      {"de", "schwulen", "ich hasse", "ungeziefer", "keine, nicht", {"Ich hasse keine Schwulen"},
       {"Ich hasse Schwulen", "Ungeziefer nicht Menschen sind die Schwulen"}},
      {"en", "roma", "hate", "vermin", "don't, not, aren't", {"I don't hate the Roma, why would I?"},
       {"Aren't the Roma vermin?"}},
  };
  for (const Case& c : cases) {
    auto lex = CompileYaml(std::string("language: ") + c.lang + "\nentries:\n" +
                           E("id.group", "identity_term", std::string("[") + c.group + "]",
                             "    target: g\n    target_category: ethnicity\n") +
                           E("ct.hate", "contempt", std::string("[") + c.hate + "]", "    weight: 0.6\n") +
                           E("dh.vermin", "dehumanisation", std::string("[") + c.vermin + "]") +
                           E("neg", "negation", std::string("[") + c.negations + "]"));
    ASSERT_NE(lex, nullptr) << c.lang;
    for (const std::string& text : c.silent) ExpectSeverity(*lex, c.lang, text, Severity::kNone);
    for (const std::string& text : c.flagged) ExpectFlagged(*lex, c.lang, text);
  }
}

// A negated opinion verb with its complementiser ("Ich finde nicht, dass ...", "Nie uważam, że ...")
// takes back the clause it introduces, across the comma the language requires; the same verb
// unnegated, a plain "nicht" before the comma, and the cue in an earlier clause do not.
TEST(ScorerNegation, ANegatedOpinionVerbTakesBackTheClauseItIntroduces) {
  struct Case {
    const char *lang, *group, *plague, *negations, *opinion;
    std::vector<std::string> silent, flagged;
  };
  const std::vector<Case> cases = {
      {"de", "muslime", "eine plage", "nicht", "finde nicht dass",
       {"Ich finde nicht, dass Muslime eine Plage sind.", "Ich finde nicht dass Muslime eine Plage sind."},
       {"Ich finde, dass Muslime eine Plage sind.", "Ich rauche nicht, Muslime sind eine Plage.",
        "Ich finde nicht, dass es regnet. Muslime sind eine Plage."}},
      {"pl", "imigranci", "plaga", "nie", "nie uważam że",
       {"Nie uważam, że imigranci to plaga."},
       {"Uważam, że imigranci to plaga.", "Nie palę, imigranci to plaga."}},
      // Ukrainian writes the copula as a dash, which is no clause break between the group and the
      // harm right after it; a dash before a new subject still is one.
      {"uk", "роми", "паразити", "не", "не вважаю що",
       {"Я не вважаю, що роми — паразити.", "Я не вважаю, що роми паразити.",
        "Я не вважаю, що роми\u00a0— паразити."},  // a no-break space before the dash, as typesetters write it
       {"Я вважаю, що роми — паразити.", "Я не вважаю, що роми — вони паразити."}},
  };
  for (const Case& c : cases) {
    auto lex = CompileYaml(std::string("language: ") + c.lang + "\nentries:\n" +
                           E("id.group", "identity_term", std::string("[") + c.group + "]",
                             "    target: g\n    target_category: religion\n") +
                           E("dh.plague", "dehumanisation", std::string("[") + c.plague + "]") +
                           E("neg", "negation", std::string("[") + c.negations + "]") +
                           E("neg.opinion", "negation", std::string("[") + c.opinion + "]"));
    ASSERT_NE(lex, nullptr) << c.lang;
    for (const std::string& text : c.silent) ExpectSeverity(*lex, c.lang, text, Severity::kNone);
    for (const std::string& text : c.flagged) ExpectFlagged(*lex, c.lang, text);
  }
}

// A word that is both contempt and a counter-speech cue ("sickening") judges a statement when the
// sentence before reports or quotes it, or when a report of harm follows it in its sentence; after a
// plain statement it is contempt.
TEST(ScorerCounter, AJudgementAfterAQuotedOrReportedSentenceIsCounterSpeech) {
  auto lex = CompileYaml("language: en\nentries:\n" +
                         E("id.jews", "identity_term", "[jews]", "    target: jews\n    target_category: religion\n") +
                         E("dh.vermin", "dehumanisation", "[vermin]") + E("ct.sick", "contempt", "[sickening]") +
                         E("cs.sick", "counter_speech", "[sickening]") + E("rp.wrote", "reporting", "[wrote]"));
  ASSERT_NE(lex, nullptr);
  for (const char* text : {"Someone wrote \"Jews are vermin\" on the wall. Sickening.",
                           "Someone wrote that Jews are vermin. Sickening.",
                           "Sickening that someone wrote that Jews are vermin."}) {
    const Verdict v = ScoreWith(*lex, "en", text);
    EXPECT_EQ(v.severity, Severity::kNone) << text << ": " << v.explanation;
  }
  EXPECT_NE(ScoreWith(*lex, "en", "Jews everywhere on my street. Sickening.").severity, Severity::kNone);
  EXPECT_NE(ScoreWith(*lex, "en", "Sickening jews everywhere. Someone wrote that the shop is closed.").severity, Severity::kNone);
}

// A sentence that opens by naming what was just said ("This kind of talk", "Such words") and condemns
// it is counter-speech about the sentence before; without the naming, or with agreement, it is not.
TEST(ScorerCounter, ANextSentenceThatNamesTheWordsAndCondemnsThemCounters) {
  auto lex = CompileYaml("language: en\nentries:\n" +
                         E("id.roma", "identity_term", "[gypsies]", "    target: roma\n    target_category: ethnicity\n") +
                         E("cv.died", "call_to_violence", "[nobody would miss them if they all died]", "    weight: 0.8\n") +
                         E("cs.racist", "counter_speech", "[racist]") + E("rp.talk", "reporting", "[this kind of talk]") +
                         E("ref.them", "group_reference", "[them, they]"));
  ASSERT_NE(lex, nullptr);
  EXPECT_EQ(ScoreWith(*lex, "en", "Gypsies? Nobody would miss them if they all died. This kind of talk is racist.").severity,
            Severity::kNone);
  EXPECT_NE(ScoreWith(*lex, "en", "Gypsies? Nobody would miss them if they all died. Racist? Call me what you like.").severity,
            Severity::kNone);
  EXPECT_NE(ScoreWith(*lex, "en", "Gypsies? Nobody would miss them if they all died. Call it racist, this kind of talk.").severity,
            Severity::kNone);
}

// A judgement an "and" joins right after the harm is the harm's subject's second predicate, not a
// condemnation of the harm; one with a subject of its own after the "and" still condemns.
TEST(ScorerCounter, AJudgementJoinedByAndToTheHarmSharesItsSubject) {
  auto lex = CompileYaml("language: en\nentries:\n" + MuslimsEntry() + E("dh.vermin", "dehumanisation", "[vermin]") +
                         E("cs.ashamed", "counter_speech", "[should be ashamed]"));
  ASSERT_NE(lex, nullptr);
  EXPECT_NE(ScoreWith(*lex, "en", "Muslims are vermin and should be ashamed of themselves").severity, Severity::kNone);
  EXPECT_EQ(ScoreWith(*lex, "en", "Muslims are vermin, they say, and anyone saying so should be ashamed").severity,
            Severity::kNone);
}

// A word that is both contempt and a counter-speech cue describes what it stands next to, on either
// side ("traveco nojento", "disgusting faggot"), and when it judges no statement (no other kind of
// harm, no report before it) it is contempt itself and condemns none of the contempt before it in
// its sentence. A word or more away from a slur it names, or after a statement it judges, it is
// counter-speech.
TEST(ScorerCounter, AJudgementThatJudgesNoStatementIsContempt) {
  struct Case {
    std::string lang, group, harm, cue;
    std::vector<std::string> flagged, clean;
    std::string must_name;  // the harm word the explanation must name on the first flagged text
  };
  const Case cases[] = {
      {"pt", E("sl.traveco", "slur", "[traveco]", "    target: trans_people\n    target_category: gender\n"),
       E("ct.nojento", "contempt", "[nojento]", "    near_target: 5\n") + E("rp.chamar", "reporting", "[chamar]"),
       "[nojento]",
       {"Sai daqui, traveco nojento.", "Sai daqui, nojento traveco."},
       {"Chamar alguém de traveco é nojento."}, "\"traveco\""},
      {"en", MuslimsEntry(),
       E("ct.filthy", "contempt", "[filthy, disgusting]", "    near_target: 6\n") + E("dh.vermin", "dehumanisation", "[vermin]") +
           E("rp.saying", "reporting", "[saying that]"),
       "[disgusting]", {"Muslims are filthy and loud, disgusting."},
       {"Saying that muslims are vermin is disgusting."}, "\"filthy\""},
      // An unquoted slur is the speaker's own word, which the disgust word describes; a quoted one
      // is a statement it judges.
      {"de", E("sl.neger", "slur", "[neger]", "    target: black_people\n    target_category: ethnicity\n"),
       E("ct.widerlich", "contempt", "[widerlich]", "    near_target: 6\n"), "[widerlich]",
       {"Der ganze Park voller Neger, einfach nur widerlich."},
       {"\"Neger raus\" an der Wand, einfach nur widerlich."}, "\"Neger\""},
  };
  for (const Case& c : cases) {
    auto lex = CompileYaml("language: " + c.lang + "\nentries:\n" + c.group + c.harm + E("cs.cue", "counter_speech", c.cue));
    ASSERT_NE(lex, nullptr) << c.lang;
    for (const std::string& text : c.flagged) {
      const Verdict v = ScoreWith(*lex, c.lang, text);
      EXPECT_NE(v.severity, Severity::kNone) << text << ": " << v.explanation;
      EXPECT_NE(v.explanation.find(c.must_name), std::string::npos) << text << ": " << v.explanation;
    }
    for (const std::string& text : c.clean) EXPECT_EQ(ScoreWith(*lex, c.lang, text).severity, Severity::kNone) << text;
  }
}

// A watchlist entry alone is not evidence; another code or a call in the message corroborates it
// (two different terms of one entry too). Contempt, a dehumanising simile, the same term again, or
// two bare numbers do not.
TEST(ScorerWatchlist, AWatchlistTermCountsWhenAnotherCodeOrCallCorroboratesIt) {
  const std::string watch = "    status: watchlist\n";
  auto lex = CompileIn(
      "rw", E("cd.trees", "coded_language", "[ibiti birebire, ostkuste, hochfinanz]", watch) +
                E("cd.88", "coded_language", "['88']", "    status: watchlist\n") +
                E("cd.1350", "coded_language", "['13/50']", "    status: watchlist\n") +
                E("cd.usual", "coded_language", "[the usual suspects]", "    status: watchlist\n") +
                E("cv.machetes", "call_to_violence", "[muzane imihoro]") + E("ct.lazy", "contempt", "[lazy]") +
                E("dh.dog", "dehumanisation", "[nk'imbwa]"));
  ASSERT_NE(lex, nullptr);
  for (const std::string text : {"Igihe kirageze cyo gutema ibiti birebire. Mwese muzane imihoro.",
                                 "Die Hochfinanz an der Ostkuste, ihr wisst schon."}) {
    const Verdict v = ScoreWith(*lex, "rw", text);
    EXPECT_NE(v.severity, Severity::kNone) << text << ": " << v.explanation;
    EXPECT_EQ(v.explanation.find("watchlist"), std::string::npos) << text << ": " << v.explanation;
  }
  for (const std::string text : {"Igihe kirageze cyo gutema ibiti birebire.", "Ibiti birebire, ibiti birebire.",
                                 "Ibiti birebire are lazy.", "Ndananiwe nk'imbwa, ibiti birebire.",
                                 "I was born in 88 and got 13/50 in my first exam.",
                                 "The number 88 bus was late and the usual suspects blamed the weather."}) {
    const Verdict v = ScoreWith(*lex, "rw", text);
    EXPECT_EQ(v.severity, Severity::kNone) << text << ": " << v.explanation;
  }
}

// Two purity phrases in one clause are a purity claim that needs no group word; one alone, or one
// quoted beside an unquoted one in another clause, is not.
TEST(ScorerPurity, TwoPurityPhrasesInAClauseNeedNoGroupWord) {
  auto lex = CompileIn("es", E("pu.mix", "threat_to_purity", "[mestizaje]") +
                                 E("pu.dirty", "threat_to_purity", "[ensuciando la sangre, ensuciar la sangre]") +
                                 E("neg", "negation", "[no]"));
  ASSERT_NE(lex, nullptr);
  ExpectFlagged(*lex, "es", "El mestizaje está ensuciando la sangre española.");
  for (const std::string text : {"El mestizaje es la historia de América.", "El mestizaje no está ensuciando la sangre de nadie.",
                                 "Decir \"ensuciar la sangre\" es racismo; el mestizaje es nuestra historia."}) {
    const Verdict v = ScoreWith(*lex, "es", text);
    EXPECT_EQ(v.severity, Severity::kNone) << text << ": " << v.explanation;
  }
}

// German and Dutch put the verb of a subordinate or infinitive clause last: a reporting verb after
// the harm in its clause reports it when it is a zu/te infinitive or when another clause follows.
// A main clause's participle at the end of the sentence is the speaker's own.
TEST(ScorerReporting, AVerbFinalReportingVerbReportsTheHarmBeforeIt) {
  for (const std::string lang : {"de", "nl"}) {
    auto lex = CompileIn(lang, E("id.refugees", "identity_term", "[flüchtlinge, vluchtelingen, behinderte]",
                                 "    target: refugees\n    target_category: migration\n") +
                                   E("dh.animals", "dehumanisation", "[tiere, ratten, belastung]") +
                                   E("rp.call", "reporting", "[bezeichnet, bezeichnen, zu bezeichnen, noemt, te noemen, genoemd]"));
    ASSERT_NE(lex, nullptr);
    const std::vector<std::string> clean =
        lang == "de" ? std::vector<std::string>{"Wer Behinderte als Belastung bezeichnet, hat nichts gelernt.",
                                                "Flüchtlinge als Tiere zu bezeichnen ist genau die Sprache der Pogrome."}
                     : std::vector<std::string>{"Wie vluchtelingen ratten noemt, moet zich schamen.",
                                                "Vluchtelingen ratten te noemen is walgelijk."};
    for (const std::string& text : clean) {
      const Verdict v = ScoreWith(*lex, lang, text);
      EXPECT_EQ(v.severity, Severity::kNone) << text << ": " << v.explanation;
    }
    ExpectFlagged(*lex, lang, lang == "de" ? "Ich habe Flüchtlinge immer als Tiere bezeichnet." : "Ik heb vluchtelingen altijd ratten genoemd.");
  }
  // Not in a language that puts the verb first: "noemt" there reports nothing before it.
  auto en = CompileIn("en", E("id.refugees", "identity_term", "[refugees]", "    target: refugees\n    target_category: migration\n") +
                                E("dh.rats", "dehumanisation", "[rats]") + E("rp.call", "reporting", "[calls]"));
  ExpectFlagged(*en, "en", "Refugees are rats he calls, and he is right.");
}

// Harm the speaker asserts before a disgust word is agreed with, not judged; harm that is denied
// or quoted before it is judged.
TEST(ScorerCounter, ADisgustWordAgreesWithAssertedHarmAndJudgesDeniedHarm) {
  auto lex = CompileIn("en", E("id.muslims", "identity_term", "[muslims, muslim]", "    target: muslims\n    target_category: religion\n") +
                                 E("dh.pigs", "dehumanisation", "[pigs]") + E("cv.skull", "call_to_violence", "[break the skull]") +
                                 E("ct.disgrace", "contempt", "[a disgrace, disgusting]", "    near_target: 8\n") +
                                 E("cs.disgrace", "counter_speech", "[a disgrace, disgusting]") + E("neg", "negation", "[never]"));
  ASSERT_NE(lex, nullptr);
  ExpectFlagged(*lex, "en", "Muslims are pigs, it's a disgrace.");
  for (const std::string text : {"I will never break the skull of a Muslim, that's disgusting.",
                                 "\"Muslims are pigs\" on a wall, it's a disgrace."}) {
    const Verdict v = ScoreWith(*lex, "en", text);
    EXPECT_EQ(v.severity, Severity::kNone) << text << ": " << v.explanation;
  }
}

// A coded term that is also an ordinary word counts when the message names a group elsewhere; a
// group word on the code's own tokens is the code read twice, not a second piece of evidence.
TEST(ScorerCoded, AGroupWordOnTheCodesOwnTokensIsNoContextForIt) {
  auto lex = CompileIn("en", E("id.africans", "identity_term", "[africans, black bros]",
                               "    target: black_people\n    target_category: ethnicity\n") +
                                 E("cd.bros", "coded_language", "[black bros]",
                                   "    homonym_of: brothers\n    target: black_people\n    target_category: ethnicity\n"));
  ASSERT_NE(lex, nullptr);
  const Verdict clean = ScoreWith(*lex, "en", "The black bros play great basketball.");
  EXPECT_EQ(clean.severity, Severity::kNone) << clean.explanation;
  ExpectFlagged(*lex, "en", "The black bros again, these africans.");
}

// A harm phrase that opens with a negation (Hausa ba ... ba) is negative in itself: the closing
// particle after it is its own, not a clause-final negation of it.
TEST(ScorerNegation, TheClosingHalfOfAPhrasesOwnNegationDoesNotNegateIt) {
  auto lex = CompileIn("ha", E("id.yoruba", "identity_term", "[yarbawa]", "    target: yoruba\n    target_category: ethnicity\n") +
                                 E("lo.never", "questioning_loyalty", "[ba za su taba zama masu kishin kasa]", "    near_target: 4\n") +
                                 E("neg", "negation", "[ba, ba gaskiya ba ne]"));
  ASSERT_NE(lex, nullptr);
  ExpectFlagged(*lex, "ha", "Yarbawa ba za su taba zama masu kishin kasa ba");
}

// A purity phrase shouted as its own sentence, with at most one other word, is a slogan: it needs
// no group word. Said with more words, or without the exclamation, it does.
TEST(ScorerPurity, APuritySloganNeedsNoGroupWord) {
  auto lex = CompileIn("en", E("pu.mixing", "threat_to_purity", "[race mixing, no race mixing]") +
                                 E("pu.word", "threat_to_purity", "[replaced]", "    near_target: 8\n"));
  ASSERT_NE(lex, nullptr);
  ExpectFlagged(*lex, "en", "No race mixing!");
  ExpectFlagged(*lex, "en", "Stop race mixing!");
  // One word of an entry that needs a group near it is no slogan ("* replaced \"!= None\" ...").
  for (const std::string text : {"I love race mixing!", "No race mixing.", "The debate on race mixing laws in the 1950s.",
                                 "Replaced!", "Tabs replaced!"}) {
    const Verdict v = ScoreWith(*lex, "en", text);
    EXPECT_EQ(v.severity, Severity::kNone) << text << ": " << v.explanation;
  }
}

// A group named inside a purity phrase is the one kept pure ("the purity of Arab blood"), unless
// it is the passive's agent, after "by", "von", "da": then it is the one said to dilute it.
TEST(ScorerPurity, AGroupNamedAsThePassivesAgentInsideAPurityPhraseIsItsTarget) {
  auto lex = CompileIn("de", E("id.arabs", "identity_term", "[arabern, araber, arabischen]",
                               "    target: arabs\n    target_category: ethnicity\n") +
                                 E("pu.diluted", "threat_to_purity", "[]",
                                   "    pattern: 'unsere kultur wird von ([^ ]+ ){1,2}verwassert|die reinheit des [^ ]+ blutes'\n"
                                   "    near_target: 10\n    weight: 0.8\n"));
  ASSERT_NE(lex, nullptr);
  ExpectFlagged(*lex, "de", "Unsere Kultur wird von diesen Arabern verwässert.");
  const Verdict v = ScoreWith(*lex, "de", "Die Reinheit des arabischen Blutes.");
  EXPECT_EQ(v.severity, Severity::kNone) << v.explanation;
  // Chinese marks the agent with 被.
  auto zh = CompileIn("zh", E("id.hei", "identity_term", "[黑 人]", "    target: black_people\n    target_category: race\n") +
                                E("pu.bei", "threat_to_purity", "[]", "    pattern: '血 脉 不 能 被 [^ ]+ [^ ]+ 玷 污|[^ ]+ [^ ]+ 的 血 脉'\n"
                                                                      "    near_target: 10\n    weight: 0.8\n"));
  ASSERT_NE(zh, nullptr);
  ExpectFlagged(*zh, "zh", "血脉不能被黑人玷污");
  EXPECT_EQ(ScoreWith(*zh, "zh", "黑人的血脉").severity, Severity::kNone);
}

// In a head-final language a sentence-initial group is often inside a relative clause before its
// noun, so it is no subject for the whole sentence; once a comma has closed its clause, it is.
TEST(ScorerTarget, AHeadFinalSentenceInitialGroupWhoseClauseEndedIsTheSubject) {
  auto lex = CompileIn("tr", E("id.syrians", "identity_term", "[suriyeliler, suriyelileri]",
                               "    target: syrians\n    target_category: nationality\n") +
                                 E("dh.animals", "dehumanisation", "[pis hayvanlar]", "    near_target: 2\n"));
  ASSERT_NE(lex, nullptr);
  ExpectFlagged(*lex, "tr", "Suriyeliler her yeri işgal etti, pis hayvanlar defolsun");
  const Verdict v = ScoreWith(*lex, "tr", "Suriyelileri her gün döven o adamlar pis hayvanlar");
  EXPECT_EQ(v.severity, Severity::kNone) << v.explanation;
}

// A negated slur still counts ("I don't want <slur> here"), except where its clause denies it of
// the group it names, named there in neutral words just before it: "Croats are not Ustase".
TEST(ScorerNegation, ASlurDeniedOfItsGroupNamedJustBeforeIsNegated) {
  auto lex = CompileIn("en", E("id.croats", "identity_term", "[croats]", "    target: croats\n    target_category: ethnicity\n") +
                                 E("sl.ustase", "slur", "[ustase]", "    target: croats\n    target_category: ethnicity\n") +
                                 E("neg", "negation", "[not, don't]"));
  ASSERT_NE(lex, nullptr);
  for (const std::string text : {"Croats are not ustase.", "Not all croats ustase."}) ExpectSeverity(*lex, "en", text, Severity::kNone);
  ExpectFlagged(*lex, "en", "I don't want ustase in my town.");
  ExpectFlagged(*lex, "en", "I don't want croats, they are ustase.");
}

// Harm the speaker denied of a group, said again with no group named after that denial, is what
// the speaker says instead ("I don't hate Croats; hatred has cost us too much"); with another group
// named after it, it is aimed there ("I don't hate Croats, I hate Serbs").
TEST(ScorerNegation, HarmRepeatedAfterItsDenialOfAGroupIsNotAimedAtThatGroup) {
  auto lex = CompileIn("en", E("id.croats", "identity_term", "[croats]", "    target: croats\n    target_category: ethnicity\n") +
                                 E("id.serbs", "identity_term", "[serbs]", "    target: serbs\n    target_category: ethnicity\n") +
                                 E("ct.hate", "contempt", "[hate, hatred]", "    near_target: 8\n") +
                                 E("neg", "negation", "[don't]"));
  ASSERT_NE(lex, nullptr);
  ExpectSeverity(*lex, "en", "I don't hate croats; hatred has cost us too much.", Severity::kNone);
  ExpectFlagged(*lex, "en", "I don't hate croats, I hate serbs.");
  ExpectFlagged(*lex, "en", "I hate croats; hatred is what they deserve.");
}

// "Not A but B" asserts B of the group, though one entry lists both words: the contrastive
// conjunction ends the denial ("Çingeneler asalak değil ama tembel", not parasites but lazy).
TEST(ScorerNegation, NotOneAttributeButAnotherAssertsTheOther) {
  auto lex = CompileIn("tr", E("id.roma", "identity_term", "[çingeneler]", "    target: roma\n    target_category: ethnicity\n") +
                                 E("ct.attr", "contempt", "[asalak, tembel, pis]") + E("neg", "negation", "[değil]") +
                                 E("but", "contrast", "[ama]"));
  ASSERT_NE(lex, nullptr);
  ExpectSeverity(*lex, "tr", "Çingeneler asalak değil ama tembel ve pis oldukları kesin.", Severity::kOffensive);
  ExpectSeverity(*lex, "tr", "Çingeneler asalak değil, tembel de değil.", Severity::kNone);
}

// A slur the speaker uses in a clause of its own, before a judgement, is the speaker's word: the
// judgement is about its group. Mentioned in the judging clause, quoted, or in a denial, it is
// counter-speech.
TEST(ScorerCounter, AJudgementAfterASlurInItsOwnClauseJudgesTheGroup) {
  auto lex = CompileIn("fr", E("sl.gouine", "slur", "[gouines]", "    target: lesbians\n    target_category: sexuality\n") +
                                 E("cs.honte", "counter_speech", "[quelle honte, est une honte]") +
                                 E("rp.traiter", "reporting", "[traiter de]") + E("neg", "negation", "[ne, pas]"));
  ASSERT_NE(lex, nullptr);
  ExpectFlagged(*lex, "fr", "Que des gouines à cette fête, quelle honte.");
  for (const std::string text : {"Traiter de gouines les filles est une honte.", "Crier \"gouines\" dans la rue, quelle honte.",
                                 "Les gouines ne sont pas un danger, quelle honte ce débat."}) ExpectSeverity(*lex, "fr", text, Severity::kNone);
}

// In a question, the first group named a few words after its start, past the question frame, is its
// subject: it reaches a harm as far as a sentence-opening group does. One further in does not.
TEST(ScorerTarget, TheFirstGroupOfAQuestionAfterAShortFrameIsTheSubject) {
  auto lex = CompileIn("en", E("id.disabled", "identity_term", "[disabled people]", "    target: disabled_people\n    target_category: disability\n") +
                                 E("cv.without", "call_to_violence", "[better off without]", "    near_target: 8\n"));
  ASSERT_NE(lex, nullptr);
  ExpectFlagged(*lex, "en", "Is it just me or are disabled people just a massive drain we would honestly be better off without?");
  // Eight words in, the group is no subject: the harm eleven words on is out of its reach.
  ExpectSeverity(*lex, "en", "At the long town council meeting on the budget the disabled people in the hall heard the mayor say the town is better off without parking fees?", Severity::kNone);
}

// A group name alone in quotation marks is scare quotes: it still names the target of harm outside
// them. Inside a longer quotation it is someone else's words, and a quoted slur is a word mentioned.
TEST(ScorerTarget, AGroupNameInScareQuotesStillNamesTheTarget) {
  auto lex = CompileIn("en", E("id.refugees", "identity_term", "[refugees]", "    target: refugees\n    target_category: migration\n") +
                                 E("sl.kike", "slur", "[kike]", "    target: jews\n    target_category: religion\n") +
                                 E("aw.game", "attack_on_women", "[fair game]", "    near_target: 8\n") +
                                 E("cv.pogrom", "call_to_violence", "[pogroms]", "    near_target: 8\n"));
  ASSERT_NE(lex, nullptr);
  ExpectFlagged(*lex, "en", "The new \"refugees\" at the hotel think any girl is fair game.");
  for (const std::string text : {"\"The refugees are here\" they said, and the girl was fair game to the press.",
                                 "\"Kike\" is the word that once justified pogroms."}) ExpectSeverity(*lex, "en", text, Severity::kNone);
}

// "We" saying or calling something is the speaker's own voice: a reporting verb right after an
// in-group word reports nothing, and it takes over from a report earlier in the sentence.
TEST(ScorerReporting, AReportingVerbWhoseSubjectIsWeIsTheSpeakersOwnVoice) {
  auto lex = CompileIn("nl", E("id.migrants", "identity_term", "[migranten]", "    target: immigrants\n    target_category: migration\n") +
                                 E("pu.omvolking", "threat_to_purity", "[omvolking]", "    target: immigrants\n    target_category: migration\n") +
                                 E("rp.noemen", "reporting", "[noemen, zeggen]") + E("ig.wij", "in_group", "[wij]"));
  ASSERT_NE(lex, nullptr);
  ExpectFlagged(*lex, "nl", "Ze noemen het diversiteit, wij noemen het omvolking.");
  ExpectFlagged(*lex, "nl", "Wij zeggen het hardop: dit is omvolking door migranten.");
  for (const std::string text : {"Ze noemen het omvolking, maar het is gewoon migratie.", "Extreemrechts noemen het omvolking."}) {
    ExpectSeverity(*lex, "nl", text, Severity::kNone);
  }
}

// A "but" between a reporting or counter-speech cue and the harm after it opens the speaker's own
// clause: the cue reports or condemns what came before it, not what follows the "but".
TEST(ScorerCounter, AReportOrCondemnationDoesNotReachPastABut) {
  auto lex = CompileIn("en", E("id.refugees", "identity_term", "[refugees]", "    target: refugees\n    target_category: migration\n") +
                                 E("dh.vermin", "dehumanisation", "[vermin]") + E("cs.racist", "counter_speech", "[racist, a lie]") +
                                 E("rp.say", "reporting", "[people say, call it]") + E("ct.but", "contrast", "[but]"));
  ASSERT_NE(lex, nullptr);
  ExpectFlagged(*lex, "en", "Some call it racist, but refugees are vermin.");
  ExpectFlagged(*lex, "en", "People say a lot of things, but refugees are vermin.");
  for (const std::string text : {"People say refugees are vermin, but that is a lie.", "People say refugees are vermin.",
                                 "Racist nonsense: refugees are vermin."}) ExpectSeverity(*lex, "en", text, Severity::kNone);
}

// A reporting verb in a clause after the harm attributes it ("..., said the minister"); denied, it
// names nobody and attributes nothing ("..., and nobody says a word").
TEST(ScorerReporting, ADeniedTrailingAttributionAttributesNothing) {
  auto lex = CompileIn("en", E("id.roma", "identity_term", "[roma]", "    target: roma\n    target_category: ethnicity\n") +
                                 E("pu.invading", "threat_to_purity", "[invading us]", "    near_target: 6\n") +
                                 E("rp.says", "reporting", "[says, said]") + E("neg", "negation", "[nobody]"));
  ASSERT_NE(lex, nullptr);
  ExpectFlagged(*lex, "en", "The roma are invading us, and nobody says a word.");
  ExpectSeverity(*lex, "en", "The roma are invading us, the mayor said.", Severity::kNone);
}

// A trailing "they say it openly" after a claim about the group's designs cites the group's own
// words as proof: the claim stays the speaker's. Without the adverb, or after another kind of harm,
// the attribution still reports it.
TEST(ScorerReporting, AClaimTheGroupIsSaidToVoiceOpenlyIsNoReport) {
  auto it = CompileIn("it", E("id.stranieri", "identity_term", "[stranieri]", "    target: immigrants\n    target_category: migration\n") +
                                E("am.morti", "accusation_in_mirror", "[ci vogliono morti]", "    near_target: 6\n") +
                                E("dh.parassiti", "dehumanisation", "[parassiti]") + E("rp.dicono", "reporting", "[dicono, dice]"));
  ASSERT_NE(it, nullptr);
  ExpectFlagged(*it, "it", "Gli stranieri ci vogliono morti, lo dicono apertamente nelle loro moschee.");
  for (const std::string text : {"Gli stranieri ci vogliono morti, lo dicono nelle loro moschee.",
                                 "Gli stranieri ci vogliono morti, dice il senatore.",
                                 "Gli stranieri sono parassiti, lo dicono apertamente."}) {
    ExpectSeverity(*it, "it", text, Severity::kNone);
  }
  auto ru = CompileIn("ru", E("id.priezzhie", "identity_term", "[приезжие]", "    target: immigrants\n    target_category: migration\n") +
                                E("am.smert", "accusation_in_mirror", "[хотят нашей смерти]", "    near_target: 6\n") +
                                E("rp.govoryat", "reporting", "[говорят]"));
  ASSERT_NE(ru, nullptr);
  ExpectFlagged(*ru, "ru", "Приезжие хотят нашей смерти, они открыто говорят об этом.");
  ExpectSeverity(*ru, "ru", "Приезжие хотят нашей смерти, говорят националисты.", Severity::kNone);
}

// A "because" after a reporting verb whose words held no harm opens the speaker's own reason; after a
// reported harm, or right after the verb ("said that because"), it is still part of the report.
TEST(ScorerReporting, ABecauseAfterAHarmlessReportGivesTheSpeakersReason) {
  auto en = CompileYaml("language: en\nentries:\n" + MuslimsEntry() +
                        E("ql.loyalty", "questioning_loyalty", "[their loyalty is to]", "    near_target: 8\n") +
                        E("ql.traitors", "questioning_loyalty", "[traitors]", "    near_target: 4\n") +
                        E("rp.say", "reporting", "[say, said]"));
  ASSERT_TRUE(en);
  ExpectSeverities(*en, "en", {
      {"Muslims never say a word against terror because their loyalty is to the ummah.", Severity::kModeratelyDangerous},
      {"They say Muslims are traitors because their loyalty is to Arabia.", Severity::kNone},
      {"The imam said that because their loyalty is to God, Muslims pray.", Severity::kNone},
  });
  auto hi = CompileIn("hi", E("id.musalman", "identity_term", "[मुसलमान]", "    target: muslims\n    target_category: religion\n") +
                                E("ql.nishtha", "questioning_loyalty", "[निष्ठा अरब]", "    near_target: 8\n") +
                                E("rp.bolte", "reporting", "[बोलते, कहते]"));
  ASSERT_NE(hi, nullptr);
  ExpectFlagged(*hi, "hi", "मुसलमान वंदे मातरम नहीं बोलते क्योंकि इनकी निष्ठा अरब से है।");
  ExpectSeverity(*hi, "hi", "वो कहते हैं कि मुसलमान की निष्ठा अरब से है।", Severity::kNone);
}

// A reporting verb that a relative pronoun opens is inside its subject's noun phrase: it reports
// its own clause (and the next when that is its complement, opened by "that" or, verb-final, by
// anything); a later clause is the speaker's predicate.
TEST(ScorerReporting, AReportInsideARelativeClauseEndsWithIt) {
  auto en = CompileYaml("language: en\nentries:\n" + MuslimsEntry() +
                        E("ql.traitors", "questioning_loyalty", "[traitors]", "    near_target: 12\n") +
                        E("rp.say", "reporting", "[says, say]") + E("gr.they", "group_reference", "[they]"));
  ASSERT_TRUE(en);
  ExpectSeverities(*en, "en", {
      {"Muslims who say they love this country are lying, they are all traitors.", Severity::kModeratelyDangerous},
      {"The man who says Muslims are traitors is a liar.", Severity::kNone},
      {"They say he is lying, Muslims are all traitors.", Severity::kNone},
  });
  auto uk = CompileIn("uk", E("id.mig", "identity_term", "[мігрантів, мігранти]", "    target: immigrants\n    target_category: migration\n") +
                                E("cv.shoot", "call_to_violence", "[треба розстрілювати]", "    near_target: 6\n") +
                                E("rp.write", "reporting", "[пише]"));
  ASSERT_NE(uk, nullptr);
  ExpectSeverity(*uk, "uk", "Той, хто пише, що мігрантів треба розстрілювати, хворий.", Severity::kNone);
  auto de = CompileIn("de", E("id.mus", "identity_term", "[moslem, muslime]", "    target: muslims\n    target_category: religion\n") +
                                E("ql.verr", "questioning_loyalty", "[verräter]", "    near_target: 12\n") +
                                E("gr.sie", "group_reference", "[sie]") + E("rp.sagt", "reporting", "[sagt, behauptung]"));
  ASSERT_NE(de, nullptr);
  ExpectFlagged(*de, "de", "Jeder Moslem, der sagt, er sei Deutscher, lügt, sie sind alle Verräter.");
  ExpectSeverity(*de, "de", "Jeder, der sagt, Muslime seien Verräter, lügt.", Severity::kNone);
  ExpectSeverity(*de, "de", "Die Behauptung, Muslime seien Verräter, ist eine Lüge, sagt er.", Severity::kNone);
}

// A negation inside a longer harm phrase that starts before a harm and runs into it is that
// phrase's own ("n'ont rien à faire" over "rien à faire ici"), and so is one inside an earlier harm
// phrase ("can't stand" before "🐀"); a negation after the harm, or one that belongs to nothing,
// still negates.
TEST(ScorerNegation, ANegationInsideAnOverlappingOrEarlierPhraseBelongsToIt) {
  struct Case {
    const char* lang;
    std::string entries;
    const char *harmful, *negated;
    Severity at_least;
  };
  const Case cases[] = {
      {"fr",
       E("id.roms", "identity_term", "[roms]", "    target: roma\n    target_category: ethnicity\n") +
           E("ct.rien", "contempt", "[n ont rien a faire]", "    near_target: 4\n") +
           E("ct.ici", "contempt", "[rien a faire ici]", "    near_target: 4\n") +
           E("cv.back", "call_to_violence", "[retournez dans votre pays]", "    near_target: 6\n") +
           E("neg", "negation", "[n, ne, pas]"),
       "Les Roms n'ont rien à faire ici, retournez dans votre pays.", "Les Roms ne sont pas rien à faire ici.",
       Severity::kExtremelyDangerous},
      {"en",
       E("id.imm", "identity_term", "[immigrants]", "    target: immigrants\n    target_category: migration\n") +
           E("ct.stand", "contempt", "[can't stand]", "    weight: 0.6\n") +
           E("dh.rats", "dehumanisation", "[rats, \"\\U0001F400\"]", "    weight: 0.8\n") + E("neg", "negation", "[can't, not]"),
       "I can't stand these immigrants \U0001F400", "These immigrants are not rats", Severity::kModeratelyDangerous},
  };
  for (const Case& c : cases) {
    auto lex = CompileIn(c.lang, c.entries);
    ASSERT_NE(lex, nullptr) << c.lang;
    const Verdict v = ScoreWith(*lex, c.lang, c.harmful);
    EXPECT_GE(v.severity, c.at_least) << c.harmful << ": " << v.explanation;
    ExpectSeverity(*lex, c.lang, c.negated, Severity::kNone);
  }
}

}  // namespace
}  // namespace vigil

namespace vigil {
namespace {

// An allusion ("you know who I mean": coded_language, stands_for identity_term) stands for a group
// the speaker leaves unnamed: it is the target of harm that names none, in its sentence or the one
// before it, but not of contempt (gossip about a person uses the same words), and it counts only
// with such harm.
TEST(ScorerAllusion, AnAllusionIsTheTargetOfHarmThatNamesNoGroup) {
  auto lex = testing::CompileYaml(
      "language: en\nentries:\n" +
      testing::E("al.wink", "coded_language", "[you know who i mean]",
                 "    status: watchlist\n    weight: 0.3\n    stands_for: identity_term\n") +
      testing::E("cv.wipe", "call_to_violence", "[wipe out]", "    weight: 0.9\n") +
      testing::E("dh.infest", "dehumanisation", "[infestation]", "    weight: 0.8\n") +
      testing::E("ct.idiot", "contempt", "[idiot]", "    weight: 0.6\n") +
      testing::E("cue.never", "negation", "[never]") + testing::E("cue.must", "exhortation", "[must, have to]"));
  ASSERT_TRUE(lex);
  const Verdict hinted = ScoreWith(*lex, "en", "We have to wipe out the infestation before the vote, you know who I mean.");
  EXPECT_GE(hinted.severity, Severity::kModeratelyDangerous) << hinted.explanation;
  EXPECT_THAT(hinted.target_groups, ::testing::ElementsAre("unnamed_group"));
  // The next sentence alludes to the group the harm before it was about.
  EXPECT_GE(ScoreWith(*lex, "en", "Time to wipe out the infestation. You know who I mean.").severity,
            Severity::kModeratelyDangerous);
  // Contrasts: the same harm without the allusion, the allusion alone, contempt for a person, a
  // negated call, and an allusion two sentences away.
  ExpectSeverity(*lex, "en", "We have to wipe out the infestation before the vote.", Severity::kNone);
  ExpectSeverity(*lex, "en", "You know who I mean.", Severity::kNone);
  ExpectSeverity(*lex, "en", "He is such an idiot, you know who I mean.", Severity::kNone);
  ExpectSeverity(*lex, "en", "We will never wipe them out, you know who I mean.", Severity::kNone);
  // Two sentences away the allusion gives the call no target (the two still corroborate each other
  // as codes, as any call and a watchlist code do: offensive at most).
  const Verdict far = ScoreWith(*lex, "en", "You know who I mean. It rained all day. We have to wipe out the infestation.");
  EXPECT_LE(far.severity, Severity::kOffensive) << far.explanation;
  EXPECT_THAT(far.target_groups, ::testing::IsEmpty());
}

// A message that opens with a short clause naming a group and ending in a colon is
// addressed to that group: a threat or insult later in it, which names no group, is aimed at it.
// A clause that says something of the group (harm, a negation) is a statement, not an address.
TEST(ScorerAddress, AMessageAddressedToAGroupAimsItsThreatsAtIt) {
  auto lex = testing::CompileYaml(
      "language: en\nentries:\n" +
      testing::E("id.syrians", "identity_term", "[syrians]", "    target: syrians\n    target_category: nationality\n") +
      testing::E("cv.come-for", "call_to_violence", "[we will come for you]", "    weight: 0.8\n    near_target: 4\n") +
      testing::E("dh.rats", "dehumanisation", "[rats]", "    weight: 0.8\n") + testing::E("cue.not", "negation", "[not]"));
  ASSERT_TRUE(lex);
  const Verdict addressed = ScoreWith(
      *lex, "en", "To the Syrians in the hostel on Elm Road: stay one more week in our park and we will come for you.");
  EXPECT_GE(addressed.severity, Severity::kOffensive) << addressed.explanation;
  EXPECT_THAT(addressed.target_groups, ::testing::ElementsAre("syrians"));
  // The same threat to people who are no group, and after a clause that says something of the group.
  ExpectSeverity(*lex, "en",
                 "To my neighbours in the hostel on Elm Road: stay one more week in our park and we will come for you.",
                 Severity::kNone);
  ExpectSeverity(*lex, "en", "Syrians are not rats, and whoever says so again should know that we will come for you.",
                 Severity::kNone);
}

// "and" joining two predicates of one subject keeps a negation in one of them from reaching the
// other ("Gypsies don't work and steal everything"); a folded "è" (is) is no "e" (and).
TEST(ScorerNegation, ANegationDoesNotReachAcrossAnAnd) {
  auto en = testing::CompileYaml(
      "language: en\nentries:\n" +
      testing::E("id.roma", "identity_term", "[gypsies]", "    target: roma\n    target_category: ethnicity\n") +
      testing::E("ct.steal", "contempt", "[steal everything]", "    weight: 0.7\n") +
      testing::E("cue.not", "negation", "[don't, not]"));
  ASSERT_TRUE(en);
  EXPECT_GE(ScoreWith(*en, "en", "Gypsies don't work and steal everything.").severity, Severity::kOffensive);
  ExpectSeverity(*en, "en", "Gypsies don't steal everything.", Severity::kNone);
  auto it = testing::CompileYaml(
      "language: it\nentries:\n" +
      testing::E("id.gay", "identity_term", "[gay]", "    target: gay_people\n    target_category: sexuality\n") +
      testing::E("id.rom", "identity_term", "[zingari]", "    target: roma\n    target_category: ethnicity\n") +
      testing::E("dh.malattia", "dehumanisation", "[una malattia]", "    weight: 0.8\n") +
      testing::E("ct.rubano", "contempt", "[rubano tutto]", "    weight: 0.7\n") +
      testing::E("cue.non", "negation", "[non]"));
  ASSERT_TRUE(it);
  EXPECT_GE(ScoreWith(*it, "it", "Gli zingari non lavorano e rubano tutto.").severity, Severity::kOffensive);
  ExpectSeverity(*it, "it", "Essere gay non è una malattia.", Severity::kNone);
  // Burmese chains predicates with ပြီး; a negation of the second (မ...ဘူး) leaves the first standing.
  auto my = testing::CompileYaml(
      "language: my\nentries:\n" +
      testing::E("id.muslims", "identity_term", "[မွတ်စလင်]", "    target: muslims\n    target_category: religion\n") +
      testing::E("ct.dirty", "contempt", "[ညစ်ပတ်]", "    weight: 0.7\n") + testing::E("cue.neg", "negation", "[မ, ဘူး]"));
  ASSERT_TRUE(my);
  EXPECT_GE(ScoreWith(*my, "my", "မွတ်စလင်တွေက ညစ်ပတ်ပြီး မရိုးသားဘူး").severity, Severity::kOffensive);
  ExpectSeverity(*my, "my", "မွတ်စလင်တွေက မညစ်ပတ်ဘူး", Severity::kNone);
}

// A negation that ends its short clause before its verb resumes after an aside set off by commas
// ("I would never, not even after ..., hurt a migrant"); not past a long aside, not when its own
// clause has its own harm verb, and not in a head-final language, whose negation closes its verb.
TEST(ScorerNegation, ANegationResumesAfterAnAsideSetOffByCommas) {
  auto en = testing::CompileYaml("language: en\nentries:\n" + testing::MigrantsEntry() +
                                 testing::E("cv.hurt", "call_to_violence", "[hurt]", "    weight: 0.6\n") +
                                 testing::E("ct.hate", "contempt", "[hate]", "    weight: 0.6\n") +
                                 testing::E("ex.want", "exhortation", "[want to]") +
                                 testing::E("cue.not", "negation", "[never, not]"));
  ASSERT_TRUE(en);
  ExpectSeverities(*en, "en", {
      {"I would never, not even after what happened last year, hurt a migrant.", Severity::kNone},
      {"I would never, even if provoked, want to hurt a migrant.", Severity::kNone},
      // The clause after the aside opens with something else: the harm is asserted.
      {"I would never, not even once, say it loudly, hurt a migrant.", Severity::kExtremelyDangerous},
      // An aside of more than ten words.
      {"I would never, and I mean it when I say it to all of you here today, hurt a migrant.",
       Severity::kExtremelyDangerous},
      // The negation's clause has its own harm verb: what follows the aside is asserted.
      {"I do not hate them, honestly, hurt a migrant and see.", Severity::kExtremelyDangerous},
      // A long clause before the negation: not a subject and an auxiliary waiting for a verb.
      {"The people in this town have said it never, for years, hurt a migrant.", Severity::kExtremelyDangerous},
  });
  auto my = testing::CompileYaml(
      "language: my\nentries:\n" +
      testing::E("id.muslims", "identity_term", "[မွတ်စလင်]", "    target: muslims\n    target_category: religion\n") +
      testing::E("ct.dirty", "contempt", "[ညစ်ပတ်]", "    weight: 0.7\n") + testing::E("cue.neg", "negation", "[မ, ဘူး]"));
  ASSERT_TRUE(my);
  EXPECT_GE(ScoreWith(*my, "my", "မွတ်စလင် မရှိဘူး၊ ငါ ပြောမယ်၊ ညစ်ပတ် တယ်").severity, Severity::kOffensive);
}

// An unresolved "them" after "we" is a group only if nothing read literally came before it: an animal
// word its harmless context discounted, in its sentence or the one before, is its antecedent; so is
// one in the sentence before that found no group and is said of no reference ("They are rats").
TEST(ScorerReference, ThemAfterAnAnimalWordReadLiterallyIsNoGroup) {
  auto en = testing::CompileYaml(
      "language: en\nentries:\n" + testing::MigrantsEntry() +
      testing::E("dh.rats", "dehumanisation", "[rats]", "    weight: 0.75\n    harmless_context: [barn$]\n    near_target: 6\n") +
      testing::E("cv.kill", "call_to_violence", "[kill]", "    weight: 0.85\n") +
      testing::E("ref.them", "group_reference", "[them, they]") + testing::E("in.we", "in_group", "[we]"));
  ASSERT_TRUE(en);
  ExpectSeverities(*en, "en", {
      {"The rats are back in the barn. We have to kill them all.", Severity::kNone},
      {"The rats are back in the barn, we have to kill them all.", Severity::kNone},
      {"The rats are back in town. We have to kill them all.", Severity::kNone},
      // Without the literal reading, "we ... them" is an us-versus-them call: the animal word is said
      // of a reference, or it is further back than the sentence before.
      {"They are rats. We have to kill them all.", Severity::kExtremelyDangerous},
      {"Rats, all of them. We have to kill them all.", Severity::kExtremelyDangerous},
      {"Nobody saw the rats. Then it rained all week. We have to kill them all.", Severity::kExtremelyDangerous},
      {"The migrants are back in the barn. We have to kill them all.", Severity::kExtremelyDangerous},
  });
}

// Nor when its sentence, or the one before, names a referent that is no group (`non_group`: a club,
// the referee): sports talk threatens the other side in the words of violence. A group the message
// names is still the target.
TEST(ScorerReference, ThemBesideAClubOrTheRefereeIsNoGroup) {
  auto en = testing::CompileYaml(
      "language: en\nentries:\n" + testing::MigrantsEntry() +
      testing::E("cv.kill", "call_to_violence", "[kill]", "    weight: 0.85\n") +
      testing::E("ref.them", "group_reference", "[them, they]") + testing::E("in.we", "in_group", "[we]") +
      testing::E("ng.clubs", "non_group", "[arsenal, the referee]"));
  ASSERT_TRUE(en);
  ExpectSeverities(*en, "en", {
      {"We are going to kill them on Saturday, Arsenal have no chance.", Severity::kNone},
      {"Arsenal again. We are going to kill them on Saturday.", Severity::kNone},
      {"We are going to kill them on Saturday.", Severity::kExtremelyDangerous},
      {"We are going to kill them on Saturday. Then it rained. Arsenal lost anyway.", Severity::kExtremelyDangerous},
      {"We are going to kill the migrants on Saturday, before the Arsenal game.", Severity::kExtremelyDangerous},
  });
}

// Inside a claimed attack on women, a group right before the word for the women says whose they are:
// the victims, not the attacker, here and wherever else the message names that group.
TEST(ScorerReference, AGroupRightBeforeTheWordForTheWomenIsTheirsNotTheAttacker) {
  auto en = testing::CompileYaml(
      "language: en\nentries:\n" +
      testing::E("id.muslims", "identity_term", "[muslim, muslims, mosque]", "    target: muslims\n    target_category: religion\n") +
      testing::E("id.christians", "identity_term", "[christian, christians]", "    target: christians\n    target_category: religion\n") +
      testing::E("id.women", "identity_term", "[girl, woman]", "    target: women\n    target_category: gender\n") +
      testing::E("aw.safe", "attack_on_women", "[no christian girl is safe, no muslim woman is safe, no girl is safe]",
                 "    weight: 0.6\n    near_target: 10\n"));
  ASSERT_TRUE(en);
  ExpectSeverities(*en, "en", {
      {"No Christian girl is safe since the Muslims came.", Severity::kModeratelyDangerous},
      {"No girl is safe since the Christians came.", Severity::kModeratelyDangerous},
      {"No Christian girl is safe anymore.", Severity::kNone},
      {"No Muslim woman is safe in this town after the attacks on the mosque.", Severity::kNone},
  });
  const Verdict v = ScoreWith(*en, "en", "No Christian girl is safe since the Muslims came.");
  EXPECT_THAT(v.target_groups, ::testing::ElementsAre("muslims"));
}

// A group addressed at the close of a sentence, after a comma ("..., you filthy pakis"), is who a
// threat in that sentence, or a threat phrase in the sentence before, is said to. Not a group named
// in a longer clause, nor a one-word harm in the sentence before.
TEST(ScorerReference, AThreatIsSaidToAGroupAddressedAtTheCloseOfItsSentence) {
  auto en = testing::CompileYaml(
      "language: en\nentries:\n" +
      testing::E("sl.paki", "slur", "[pakis]", "    weight: 0.85\n    target: asians\n    target_category: ethnicity\n") +
      testing::E("id.muslims", "identity_term", "[muslims]", "    target: muslims\n    target_category: religion\n") +
      testing::E("ct.filthy", "contempt", "[filthy]", "    weight: 0.5\n    near_target: 3\n") +
      testing::E("cv.know", "call_to_violence", "[we know where you live]", "    weight: 0.7\n    near_target: 8\n") +
      testing::E("cv.stab", "call_to_violence", "[stabbing]", "    weight: 0.8\n    near_target: 4\n"));
  ASSERT_TRUE(en);
  ExpectSeverities(*en, "en", {
      {"We know where you live. Watch yourselves, you filthy pakis.", Severity::kExtremelyDangerous},
      {"We know where you live, Muslims.", Severity::kExtremelyDangerous},
      {"We know where you live. Watch yourselves.", Severity::kNone},
      {"We know where you live. The new mosque will welcome all Muslims.", Severity::kNone},
      // (The contempt in the address counts on its own; the stabbing is not said to them.)
      {"Another stabbing in the city today. Thanks for the enrichment, filthy Muslims.", Severity::kOffensive},
  });
  const Verdict v = ScoreWith(*en, "en", "We know where you live. Watch yourselves, you filthy pakis.");
  EXPECT_THAT(v.target_groups, ::testing::ElementsAre("asians"));
}

// A code that counts without a group (coded language exists to avoid naming one) is said of the
// animals right before it when they are read literally: a rats-in-the-storehouse post is no call.
TEST(ScorerReference, ACodeRightAfterAnimalsReadLiterallyIsSaidOfThem) {
  auto en = testing::CompileYaml(
      "language: en\nentries:\n" + testing::MuslimsEntry() +
      testing::E("dh.rats", "dehumanisation", "[rats, cockroaches]", "    weight: 0.75\n    near_target: 6\n") +
      testing::E("cd.uproot", "coded_language", "[uproot them]", "    weight: 0.65\n    stands_for: call_to_violence\n") +
      testing::E("ref.they", "group_reference", "[they, them]"));
  ASSERT_TRUE(en);
  ExpectSeverities(*en, "en", {
      {"Rats all over the storehouse again. We must uproot them quickly.", Severity::kNone},
      {"Muslims are cockroaches. We must uproot them quickly.", Severity::kExtremelyDangerous},
  });
  for (const char* text : {"We must uproot them quickly.", "They are rats. We must uproot them quickly."}) {
    EXPECT_NE(ScoreWith(*en, "en", text).severity, Severity::kNone) << text;
  }
}

// A left-out subject taken from the previous sentence goes on through the next predicates of its
// sentence: the call after the insult is aimed at the group too. Not a call far into the sentence,
// nor one after an insult that found no group.
TEST(ScorerReference, ALeftOutSubjectGoesOnThroughTheSentencesNextPredicates) {
  auto it = testing::CompileYaml(
      "language: it\nentries:\n" +
      testing::E("id.roma", "identity_term", "[zingari]", "    target: roma\n    target_category: ethnicity\n") +
      testing::E("dh.topi", "dehumanisation", "[topi di fogna]", "    weight: 0.75\n    near_target: 6\n") +
      testing::E("cv.bruciati", "call_to_violence", "[bruciati vivi]", "    weight: 0.85\n    near_target: 3\n"));
  ASSERT_TRUE(it);
  ExpectSeverities(*it, "it", {
      {"Guarda gli zingari al parcheggio. Sono topi di fogna, andrebbero bruciati vivi.", Severity::kExtremelyDangerous},
      {"Guarda gli zingari al parcheggio. Sono topi di fogna.", Severity::kModeratelyDangerous},
      // Past eight tokens the call is about something else.
      {"Guarda gli zingari al parcheggio. Sono topi di fogna, e ieri nel telegiornale della sera hanno detto che i "
       "ladri del quartiere andrebbero bruciati vivi.",
       Severity::kModeratelyDangerous},
      // No group before: nothing to carry.
      {"Guarda la macchina al parcheggio. Sono topi di fogna, andrebbero bruciati vivi.", Severity::kNone},
  });
  // The same in a script written without spaces, where a word is about two tokens: the reach is
  // counted in words.
  auto zh = testing::CompileYaml(
      "language: zh\nentries:\n" +
      testing::E("id.uyghurs", "identity_term", "[新疆人]", "    target: uyghurs\n    target_category: ethnicity\n") +
      testing::E("ct.terror", "contempt", "[都是恐怖分子]", "    weight: 0.4\n    near_target: 8\n") +
      testing::E("cv.expel", "call_to_violence", "[赶走]", "    weight: 0.6\n    near_target: 8\n"));
  ASSERT_TRUE(zh);
  ExpectSeverities(*zh, "zh", {
      {"小区里住进来一群新疆人。天天闹事，都是恐怖分子，早点赶走。", Severity::kExtremelyDangerous},
      {"小区里住进来一群新疆人。天天闹事，都是恐怖分子。", Severity::kOffensive},
      {"小区里来了一群野狗。天天闹事，都是恐怖分子，早点赶走。", Severity::kNone},
  });
}

// A group named in a clause about a place after a dehumanising word lives there: the animals are the
// place's. A group the animal word is said of, before it, is still its target.
TEST(ScorerReference, AGroupInAClauseAboutAPlaceIsNoTargetOfTheAnimalsThere) {
  auto en = testing::CompileYaml(
      "language: en\nentries:\n" +
      testing::E("id.somalis", "identity_term", "[somali, somalis]", "    target: somalis\n    target_category: nationality\n") +
      testing::E("dh.rats", "dehumanisation", "[rats, cockroaches]", "    weight: 0.75\n    near_target: 8\n"));
  ASSERT_TRUE(en);
  ExpectSeverities(*en, "en", {
      {"Rats and cockroaches infest the housing where many Somali families live.", Severity::kNone},
      {"Rats and cockroaches infest the housing of many Somali families.", Severity::kModeratelyDangerous},
      {"Somalis are rats and cockroaches that infest the housing where we live.", Severity::kModeratelyDangerous},
  });
}

// A reference that nothing before it resolves points forward to a group named in apposition after
// it, with only references between ("Scroungers, the lot of them, these Somalis"); not past other
// words.
TEST(ScorerReference, AGroupNamedAfterTheHarmInAppositionOrAnAfterthoughtIsItsTarget) {
  auto lex = testing::CompileYaml(
      "language: en\nentries:\n" +
      testing::E("id.somalis", "identity_term", "[somalis]", "    target: somalis\n    target_category: nationality\n") +
      testing::E("ct.scroungers", "contempt", "[scroungers]", "    weight: 0.8\n    near_target: 2\n") +
      testing::E("cue.ref", "group_reference", "[the lot of them, these, them]"));
  ASSERT_TRUE(lex);
  const Verdict v = ScoreWith(*lex, "en", "Scroungers, the lot of them, these Somalis.");
  EXPECT_GE(v.severity, Severity::kOffensive) << v.explanation;
  EXPECT_THAT(v.target_groups, ::testing::ElementsAre("somalis"));
  ExpectSeverity(*lex, "en", "Scroungers, the lot of them, wrote the paper in a story about Somalis.", Severity::kNone);
  // A short sentence after the harm that only names a group is an afterthought saying whom the harm
  // meant; a longer sentence, one with a negation, or one naming two groups is not.
  auto after = testing::CompileYaml(
      "language: en\nentries:\n" +
      testing::E("id.jews", "identity_term", "[jews]", "    target: jews\n    target_category: religion\n") +
      testing::E("id.roma", "identity_term", "[roma]", "    target: roma\n    target_category: ethnicity\n") +
      testing::E("cv.finish", "call_to_violence", "[finish the job]", "    weight: 0.9\n") +
      testing::E("cue.not", "negation", "[not]"));
  ASSERT_TRUE(after);
  for (const char* text : {"Time to finish the job. The Jews first.", "Time to finish the job. Jews, I mean."}) {
    const Verdict v = ScoreWith(*after, "en", text);
    EXPECT_GE(v.severity, Severity::kModeratelyDangerous) << text << ": " << v.explanation;
    EXPECT_THAT(v.target_groups, ::testing::ElementsAre("jews")) << text;
  }
  for (const char* text : {"Time to finish the job. Not the Jews.", "Time to finish the job. The Jews and the Roma.",
                           "Time to finish the job. My neighbours are Jews from Odesa."}) {
    ExpectSeverity(*after, "en", text, Severity::kNone);
  }
  // When the sentence's "they" is unresolved, a longer afterthought that ends on the group's name
  // says whom it meant ("I'm talking about the Jews"); not one that reports, names a group elsewhere
  // than at its end, or follows a sentence with no such "they".
  auto longer = testing::CompileYaml(
      "language: en\nentries:\n" +
      testing::E("id.jews", "identity_term", "[jews]", "    target: jews\n    target_category: religion\n") +
      testing::E("cv.finish", "call_to_violence", "[finish them off, finish the job]", "    weight: 0.9\n") +
      testing::E("cue.ref", "group_reference", "[them]") + testing::E("rp.say", "reporting", "[say about]"));
  ASSERT_TRUE(longer);
  for (const char* text : {"Time to finish them off. I'm talking about the Jews.", "Time to finish them off. I mean of course the Jews."}) {
    const Verdict v = ScoreWith(*longer, "en", text);
    EXPECT_GE(v.severity, Severity::kModeratelyDangerous) << text << ": " << v.explanation;
    EXPECT_THAT(v.target_groups, ::testing::ElementsAre("jews")) << text;
  }
  for (const char* text : {"Time to finish them off. That is what they say about the Jews.",
                           "Time to finish them off. I'm talking about the Jews of my street today.",
                           "Time to finish the job. I'm talking about the Jews.",
                           "Time to finish them off. I am really only talking about the Jews."}) {
    ExpectSeverity(*longer, "en", text, Severity::kNone);
  }
}

// An endorsement makes reported, quoted or counter-framed harm the speaker's own; denied or asked, it
// endorses nothing, and without it the same sentences stay discounted.
TEST(ScorerEndorsement, AnEndorsementMakesReportedOrFramedHarmTheSpeakersOwn) {
  auto lex = CompileIn("en", E("id.migrants", "identity_term", "[migrants]", "    target: migrants\n    target_category: migration\n") +
                                 E("cv.shoot", "call_to_violence", "[shoot]", "    weight: 0.9\n") +
                                 E("rp.say", "reporting", "[said, used to say, whoever says]") +
                                 E("cs.frame", "counter_speech", "[those who call to]") + E("ng.not", "negation", "[not]") +
                                 E("en.right", "endorsement", "[he was right, is right, are right, so true]"));
  ASSERT_NE(lex, nullptr);
  for (const std::string text : {"Shoot the migrants, my grandfather used to say, and he was right.",
                                 "Whoever says we should shoot the migrants is right.",
                                 "Those who call to shoot the migrants are right.",
                                 "\"Shoot the migrants.\" So true."}) {
    ExpectFlagged(*lex, "en", text);
  }
  for (const std::string text : {"Shoot the migrants, my grandfather used to say.",
                                 "Shoot the migrants, my grandfather used to say, and he was not right.",
                                 "Shoot the migrants, my grandfather used to say. Is that so true?",
                                 "Whoever says we should shoot the migrants is not right.",
                                 "Those who call to shoot the migrants are dangerous.",
                                 "\"Shoot the migrants.\" That is what the flyer said."}) {
    const Verdict v = ScoreWith(*lex, "en", text);
    EXPECT_EQ(v.severity, Severity::kNone) << text << ": " << v.explanation;
  }
}

// A historical cue dates harm in its clause (or standing as a clause of its own) as a past event,
// reported; not a call that opens its sentence, one beside an exhortation, "we", a question or an
// exclamation, one the speaker endorses, a slur, or harm in another clause that judges the event.
TEST(ScorerHistory, AHistoricalCueNarratesHarmUnlessItIsUsedAsAModel) {
  auto lex = CompileIn("en", E("id.jews", "identity_term", "[jews]", "    target: jews\n    target_category: religion\n") +
                                 E("cv.shoot", "call_to_violence", "[shot, shoot, gassed, gas]", "    weight: 0.9\n") +
                                 E("cv.asked", "call_to_violence", "[asked for it]", "    weight: 0.9\n") +
                                 E("sl.kikes", "slur", "[kikes]", "    target: jews\n") +
                                 E("hi.dated", "historical", "[in 1941, during the war]") +
                                 E("ex.should", "exhortation", "[should]") + E("ig.we", "in_group", "[we]") +
                                 E("en.right", "endorsement", "[and rightly so]"));
  ASSERT_NE(lex, nullptr);
  for (const std::string text : {"In 1941 the Jews of the village were shot by the SS.",
                                 "In 1941, the Jews of the village were shot.",
                                 "The Jews of the village were gassed during the war."}) {
    const Verdict v = ScoreWith(*lex, "en", text);
    EXPECT_EQ(v.severity, Severity::kNone) << text << ": " << v.explanation;
  }
  for (const std::string text : {"Shoot the Jews like in 1941.",
                                 "The Jews should be shot like in 1941.",
                                 "In 1941 we shot the Jews of the village.",
                                 "Why were not all the Jews shot in 1941?",
                                 "In 1941 the Jews of the village were shot!",
                                 "In 1941 the Jews of the village were shot, and rightly so.",
                                 "What happened to the Jews during the war, they asked for it.",
                                 "In 1941 the kikes of the village were shot."}) {
    ExpectFlagged(*lex, "en", text);
  }
  // The same sentences with no historical cue are calls.
  ExpectFlagged(*lex, "en", "The Jews of the village were shot by the SS.");
  // The alert names the date that made it a narration.
  Message m;
  m.lang = "en";
  m.text = "In 1941 the Jews of the village were shot by the SS.";
  const Verdict v = ScoreWith(*lex, "en", m.text);
  ASSERT_EQ(v.discounted.size(), 1u) << v.explanation;
  ASSERT_TRUE(v.discounted[0].cue.has_value());
  EXPECT_EQ(v.discounted[0].cue->indicator, Indicator::kHistorical);
  const std::string alert = RenderAlert(m, v, *lex, {});
  EXPECT_THAT(alert, ::testing::HasSubstr(R"("cue":{"end":7,"entry_id":"hi.dated","indicator":"historical","start":0,"text":"In 1941"})"));
  EXPECT_THAT(v.explanation, ::testing::HasSubstr(R"(was discounted as reported by "In 1941" (bytes 0-7))"));
}

// A negation word inside a group's name is part of the name ("non-binary", "no binarias", "无神论者").
TEST(ScorerNegation, ANegationWordInsideAGroupsNameNegatesNothing) {
  auto lex = CompileIn("en", E("id.nb", "identity_term", "[non-binary people, non binary people]", "    target: non_binary_people\n    target_category: gender\n") +
                                 E("dh.parasites", "dehumanisation", "[parasites]", "    weight: 0.8\n") +
                                 E("ng.not", "negation", "[not, non]"));
  ASSERT_NE(lex, nullptr);
  ExpectFlagged(*lex, "en", "Non-binary people are parasites.");
  const Verdict v = ScoreWith(*lex, "en", "Non-binary people are not parasites.");
  EXPECT_EQ(v.severity, Severity::kNone) << v.explanation;
  ExpectSeverity(*lex, "en", "They are non parasites.", Severity::kNone);  // the same word alone still negates
}

// Turkish "ne X ne de Y" (neither X nor Y): "ne" alone means "what" and negates nothing, but it opens
// the pair whose "ne de" comes after X, so both halves are denied.
TEST(ScorerNegation, ATurkishNeitherNorDeniesBothHalves) {
  auto lex = CompileIn("tr", E("id.muslims", "identity_term", "[müslümanlar]", "    target: muslims\n    target_category: religion\n") +
                                 E("ct.attr", "contempt", "[terörist, asalak]") + E("ng.basic", "negation", "[değil, ne de]"));
  ASSERT_NE(lex, nullptr);
  ExpectSeverities(*lex, "tr", {
      {"Müslümanlar ne terörist ne de asalak.", Severity::kNone},
      {"Müslümanlar terörist.", Severity::kOffensive},
      // Without the opening "ne" the "ne de" after the first word is "nor" of nothing: the first stays.
      {"Müslümanlar terörist, ne de asalak.", Severity::kOffensive},
      // An exclamative "ne" (what a ...) with no "ne de" after it denies nothing.
      {"Müslümanlar ne terörist!", Severity::kOffensive},
  });
}

// A negation right after a short harm phrase that opens its clause denies it where the negation
// follows the verb (German, Dutch, head-final languages: "Hasse Muslime nicht"); where it comes before
// the verb, a "not" after the harm sets off what the speaker refuses instead ("They deserve stoning
// not rights", Arabic "يستحقون الرجم لا الحقوق").
TEST(ScorerNegation, ANegationAfterAnOpeningVerbDeniesItOnlyWhereNegationFollowsTheVerb) {
  const std::string entries = E("id.muslims", "identity_term", "[muslims, muslime]", "    target: muslims\n    target_category: religion\n") +
                              E("ct.hate", "contempt", "[hate, hasse]") + E("cv.stone", "call_to_violence", "[deserve stoning]") +
                              E("ng.basic", "negation", "[not, nicht]");
  auto de = CompileIn("de", entries);
  auto en = CompileIn("en", entries);
  ASSERT_NE(de, nullptr);
  ASSERT_NE(en, nullptr);
  ExpectSeverity(*de, "de", "Muslime? Hasse Muslime nicht.", Severity::kNone);
  ExpectSeverity(*en, "en", "Muslims want rights? Deserve stoning not rights.", Severity::kExtremelyDangerous);
}

// Denying a group rights is moderately dangerous as a statement and offensive as a rhetorical question.
TEST(ScorerTier, ADenialOfRightsAskedAsAQuestionIsOffensive) {
  auto lex = CompileYaml("language: en\nentries:\n" + MuslimsEntry() +
                         E("ct.vote", "contempt", "[should not be allowed to vote, even get to vote]",
                           "    tier: moderately_dangerous\n    near_target: 6\n"));
  ASSERT_TRUE(lex);
  ExpectSeverities(*lex, "en", {
      {"Muslims should not be allowed to vote.", Severity::kModeratelyDangerous},
      {"Why do Muslims even get to vote?", Severity::kOffensive},
      {"Why do Muslims even get to vote? They should not be allowed to vote.", Severity::kModeratelyDangerous},
  });
}

// A hallmark or a call inside a longer contempt phrase keeps its tier; a call inside a hallmark phrase
// does not raise it (a claimed attack on women names the violence it accuses the group of).
TEST(ScorerContainment, AHallmarkInsideAContemptPhraseKeepsItsTier) {
  auto lex = CompileYaml("language: en\nentries:\n" + MuslimsEntry() +
                         E("ct.are-a", "contempt", "[are all vermin, are all lazy, only understand the stick]", "    near_target: 6\n") +
                         E("dh.vermin", "dehumanisation", "[vermin]", "    near_target: 6\n") +
                         E("aw.rape", "attack_on_women", "[rape our women]", "    near_target: 6\n") +
                         E("cv.rape", "call_to_violence", "[rape, the stick]", "    near_target: 6\n"));
  ASSERT_TRUE(lex);
  ExpectSeverities(*lex, "en", {
      {"Muslims are all vermin.", Severity::kModeratelyDangerous},
      {"Muslims are all lazy.", Severity::kOffensive},
      {"Muslims come here to rape our women.", Severity::kModeratelyDangerous},
      {"Muslims only understand the stick.", Severity::kExtremelyDangerous},
  });
}

// A word with a harmless homonym takes its sense from its whole sentence; other entries from the
// words near them.
TEST(ScorerContext, AHomonymTakesItsSenseFromItsWholeSentence) {
  auto lex = CompileYaml("language: en\nentries:\n" + MuslimsEntry() +
                         E("sl.baker", "slur", "[bakers]",
                           "    target: muslims\n    homonym_of: a baker\n    harmless_context: [bread]\n") +
                         E("ct.dirty", "contempt", "[dirty]", "    near_target: 12\n    harmless_context: [bread]\n"));
  ASSERT_TRUE(lex);
  ExpectSeverities(*lex, "en", {
      {"The bakers on the corner open at six every morning and make the best fresh bread.", Severity::kNone},
      {"The bakers on the corner are filthy.", Severity::kOffensive},
      {"Muslims are dirty and they never even wash their hands after they touch the bread.", Severity::kOffensive},
  });
}

// A negation before "when" denies the main clause, not the clause of time "when" opens ("won't be so
// cocky when we pay them a visit"); one inside the "when" clause still denies what follows it.
TEST(ScorerNegation, ANegationDoesNotReachIntoAWhenClause) {
  auto lex = CompileYaml("language: en\nentries:\n" + MuslimsEntry() +
                         E("cv.burn", "call_to_violence", "[burn their mosques, attack]", "    weight: 0.8\n    near_target: 8\n") +
                         E("ng.not", "negation", "[won't, nobody, don't]"));
  ASSERT_NE(lex, nullptr);
  ExpectSeverities(*lex, "en",
                   {{"Muslims won't laugh when we burn their mosques.", Severity::kExtremelyDangerous},
                    {"Muslims won't laugh, we burn their mosques.", Severity::kExtremelyDangerous},
                    {"Nobody should attack Muslims when they pray.", Severity::kNone},
                    {"When they pray, don't attack Muslims.", Severity::kNone},
                    {"We won't burn their mosques, Muslims.", Severity::kNone}});
}

// A negation denies a whole disjunction, however far its second alternative runs; a negated verb of
// resting or stopping does not deny the harm its "until" clause vows.
TEST(ScorerNegation, ANegatedDisjunctionAndAVowUntil) {
  auto lex = CompileIn("en", E("id.muslims", "identity_term", "[muslims, mosques, mosque]", "    target: muslims\n    target_category: religion\n") +
                                 E("cv.burn", "call_to_violence", "[burn, drive, burn every]", "    weight: 0.9\n") +
                                 E("ng.not", "negation", "[nobody, not, won't]"));
  ASSERT_NE(lex, nullptr);
  ExpectSeverities(*lex, "en", {
      {"Nobody may burn the old mosques in this town or at any time drive the muslims out.", Severity::kNone},
      {"Nobody may burn mosques, drive the families of the muslims out of their homes.", Severity::kExtremelyDangerous},
      {"Nobody may burn the old mosques in this town and at any time we drive the muslims out.", Severity::kExtremelyDangerous},
      {"We won't stop until we burn every mosque.", Severity::kExtremelyDangerous},
      {"We won't burn every mosque.", Severity::kNone},
  });
}

// A question that the next sentence answers "no" is denied; a right the question doubts is not.
TEST(ScorerNegation, AQuestionAnsweredNo) {
  auto lex = CompileYaml("language: en\nentries:\n" + MuslimsEntry() +
                         E("cv.deport", "call_to_violence", "[be deported]", "    tier: moderately_dangerous\n") +
                         E("cv.shoot", "call_to_violence", "[shoot them]") +
                         E("ct.adopt", "contempt", "[be allowed to adopt]", "    tier: moderately_dangerous\n    near_target: 6\n") +
                         E("ng.never", "negation", "[never]"));
  ASSERT_TRUE(lex);
  ExpectSeverities(*lex, "en", {
      {"Should all Muslims be deported? No, that would be a disgrace.", Severity::kNone},
      {"Should all Muslims be deported? No.", Severity::kNone},
      {"Should all Muslims be deported? Yes, every last one.", Severity::kModeratelyDangerous},
      {"Should all Muslims be deported? Nobody asked me.", Severity::kModeratelyDangerous},
      {"Should Muslims really be allowed to adopt? No.", Severity::kOffensive},
      {"Should all Muslims be deported? No, shoot them.", Severity::kExtremelyDangerous},
      // A short answer that denies with emphasis, the "no" at its end.
      {"Should all Muslims be deported? Of course not.", Severity::kNone},
      {"Should all Muslims be deported? Common sense says no.", Severity::kNone},
      // Not after a pronoun ("not me" agrees), not in a longer answer, not one naming a group.
      {"Should all Muslims be deported? Me not.", Severity::kModeratelyDangerous},
      {"Should all Muslims be deported? I really do not know, of course not.", Severity::kModeratelyDangerous},
      {"Should all Muslims be deported? Muslims, of course not.", Severity::kModeratelyDangerous},
      // The question only the last clause, after a harm it asserts, and the answer corrects that
      // clause: the harm stands; not when the answer judges or negates ("No, never."), nor when the
      // harm is in the question's own clause.
      {"Muslims should be deported, to their own country? No, to the sea.", Severity::kModeratelyDangerous},
      {"Muslims should be deported, to their own country? No, never.", Severity::kNone},
      {"Should all Muslims be deported, every last one? No.", Severity::kNone},
  });
}

// Arabic and Hindi short answers that deny with emphasis: "طبعاً لا" (of course not), "بالتأكيد لا",
// "बिल्कुल नहीं" (absolutely not); "طبعاً نعم" (of course yes) and a bare "बिल्कुल" agree.
TEST(ScorerNegation, AnArabicOrHindiEmphaticShortAnswerDenies) {
  auto ar = CompileYaml("language: ar\nentries:\n" +
                        E("id.muslims", "identity_term", "[المسلمين]", "    target: muslims\n    target_category: religion\n") +
                        E("cv.expel", "call_to_violence", "[طرد]", "    tier: moderately_dangerous\n"));
  ASSERT_TRUE(ar);
  ExpectSeverities(*ar, "ar", {
      {"هل يجب طرد كل المسلمين؟ طبعاً لا.", Severity::kNone},
      {"هل يجب طرد كل المسلمين؟ بالتأكيد لا.", Severity::kNone},
      {"هل يجب طرد كل المسلمين؟ طبعاً نعم.", Severity::kModeratelyDangerous},
  });
  auto hi = CompileYaml("language: hi\nentries:\n" +
                        E("id.muslims", "identity_term", "[मुसलमानों]", "    target: muslims\n    target_category: religion\n") +
                        E("cv.expel", "call_to_violence", "[निकाल देना चाहिए]", "    tier: moderately_dangerous\n"));
  ASSERT_TRUE(hi);
  ExpectSeverities(*hi, "hi", {
      {"क्या सभी मुसलमानों को देश से निकाल देना चाहिए? बिल्कुल नहीं।", Severity::kNone},
      {"क्या सभी मुसलमानों को देश से निकाल देना चाहिए? बिल्कुल।", Severity::kModeratelyDangerous},
  });
}

// A negative pronoun after a comparison word is a superlative ("they breed like nobody else", "como
// ninguém"), not a denial; a negation elsewhere still denies, and French "comme personne ne ..." (since
// nobody ...) is the negated verb's subject.
TEST(ScorerNegation, ANegativePronounInAComparisonDeniesNothing) {
  auto en = CompileYaml("language: en\nentries:\n" + MuslimsEntry() +
                        E("tp.breed", "threat_to_purity", "[breed]", "    near_target: 6\n") +
                        E("ng.not", "negation", "[nobody, no one, do not]"));
  ASSERT_TRUE(en);
  ExpectSeverities(*en, "en", {
      {"Muslims breed like nobody else.", Severity::kModeratelyDangerous},
      {"Muslims breed like no one else.", Severity::kModeratelyDangerous},
      {"Muslims do not breed.", Severity::kNone},
      {"Nobody thinks Muslims breed.", Severity::kNone},
  });
  auto pt = CompileYaml("language: pt\nentries:\n" +
                        E("id.ciganos", "identity_term", "[ciganos]", "    target: roma\n    target_category: ethnicity\n") +
                        E("tp.repro", "threat_to_purity", "[reproduzem-se]", "    near_target: 6\n") +
                        E("ng.nao", "negation", "[ninguém, não]"));
  ASSERT_TRUE(pt);
  ExpectSeverities(*pt, "pt", {
      {"Os ciganos reproduzem-se como ninguém.", Severity::kModeratelyDangerous},
      {"Os ciganos não se reproduzem-se.", Severity::kNone},
  });
  auto fr = CompileYaml("language: fr\nentries:\n" +
                        E("id.roms", "identity_term", "[roms]", "    target: roma\n    target_category: ethnicity\n") +
                        E("cv.expulser", "call_to_violence", "[expulser]", "    tier: moderately_dangerous\n") +
                        E("ng.ne", "negation", "[personne, ne, pas]"));
  ASSERT_TRUE(fr);
  ExpectSeverities(*fr, "fr", {
      {"Comme personne ne veut expulser les Roms, ils restent.", Severity::kNone},
      {"Il faut expulser les Roms.", Severity::kModeratelyDangerous},
  });
}

// "Without" negates its own object: a harm right after it ("without deporting them"), not one
// after its object ("без паспорта надо расстреливать", without a passport they must be shot).
TEST(ScorerNegation, WithoutNegatesOnlyWhatComesRightAfterIt) {
  auto ru = CompileIn("ru", E("id.cygane", "identity_term", "[цыган]", "    target: roma\n    target_category: ethnicity\n") +
                                E("cv.shoot", "call_to_violence", "[надо расстреливать, расстреливать]", "    near_target: 6\n") +
                                E("ng.bez", "negation", "[без, не]"));
  ASSERT_NE(ru, nullptr);
  ExpectFlagged(*ru, "ru", "Цыган без паспорта надо расстреливать.");
  ExpectSeverity(*ru, "ru", "Проблему цыган можно решить без расстреливать.", Severity::kNone);
  ExpectSeverity(*ru, "ru", "Цыган не надо расстреливать.", Severity::kNone);
  auto en = CompileYaml("language: en\nentries:\n" + MuslimsEntry() +
                        E("cv.deport", "call_to_violence", "[deporting, should be shot]", "    near_target: 8\n") +
                        E("ng.without", "negation", "[without, not]"));
  ASSERT_TRUE(en);
  ExpectSeverities(*en, "en", {
      {"We can fix immigration without deporting all the Muslims.", Severity::kNone},
      {"Muslims who come without a permit should be shot.", Severity::kExtremelyDangerous},
  });
}

// "Never" answering a question denies the act the question proposes, but agrees with a question
// that doubts the group.
TEST(ScorerNegation, NeverAnswersAProposedActButNotADoubt) {
  auto de = CompileYaml("language: de\nentries:\n" +
                        E("id.muslime", "identity_term", "[muslimen, muslime]", "    target: muslims\n    target_category: religion\n") +
                        E("cv.abschieben", "call_to_violence", "[alle muslime abschieben]", "    near_target: 6\n") +
                        E("ql.trauen", "questioning_loyalty", "[bei der polizei trauen]", "    near_target: 6\n"));
  ASSERT_TRUE(de);
  ExpectSeverities(*de, "de", {
      {"Sollen wir alle Muslime abschieben? Niemals, das wäre unmenschlich.", Severity::kNone},
      {"Sollen wir alle Muslime abschieben? Sofort.", Severity::kExtremelyDangerous},
      {"Kann man Muslimen bei der Polizei trauen? Niemals.", Severity::kModeratelyDangerous},
      {"Kann man Muslimen bei der Polizei trauen? Nein, das ist Unsinn.", Severity::kNone},
  });
}

// A negation does not reach into a "because" clause after it, which gives a reason of its own;
// "not because ..." denies the reason.
TEST(ScorerNegation, ANegationStopsAtBecause) {
  auto lex = CompileYaml("language: en\nentries:\n" + MuslimsEntry() +
                         E("ql.loyalty", "questioning_loyalty", "[their loyalty is to]", "    near_target: 8\n") +
                         E("dh.vermin", "dehumanisation", "[vermin]") +
                         E("ng.not", "negation", "[not, do not]"));
  ASSERT_TRUE(lex);
  ExpectSeverities(*lex, "en", {
      {"Muslims do not sing the anthem because their loyalty is to Arabia", Severity::kModeratelyDangerous},
      {"Muslims do not sing the anthem, their loyalty is to Arabia", Severity::kModeratelyDangerous},
      {"Muslims are not vermin", Severity::kNone},
      {"Muslims are hated not because they are vermin", Severity::kNone},
  });
}

// Chinese answers "no" by negating the question's verb: "不是。", "没有。" deny; "不是吗？" (isn't it?)
// and "是的。" (yes) do not.
TEST(ScorerNegation, AChineseQuestionAnsweredByItsNegatedVerb) {
  auto lex = CompileYaml("language: zh\nentries:\n" +
                         E("id.uyghurs", "identity_term", "[新疆人]", "    target: uyghurs\n    target_category: ethnicity\n") +
                         E("ql.collude", "questioning_loyalty", "[和美国勾结]", "    near_target: 6\n") +
                         E("ng.bu", "negation", "[不, 没]"));
  ASSERT_TRUE(lex);
  ExpectSeverities(*lex, "zh", {
      {"新疆人都和美国勾结？不是。", Severity::kNone},
      {"新疆人都和美国勾结？没有。", Severity::kNone},
      {"新疆人都和美国勾结？不。", Severity::kNone},
      {"新疆人都和美国勾结？是的。", Severity::kModeratelyDangerous},
      {"新疆人都和美国勾结，不是吗？", Severity::kModeratelyDangerous},
  });
}

// A "no" that goes on to say a hallmark of the group agrees with a question that doubts it; one that
// goes on to say something kind, or contempt (which may judge the question), still denies it.
TEST(ScorerNegation, ANoThatGoesOnToVilifyTheGroupAgrees) {
  auto lex = CompileYaml("language: en\nentries:\n" + MuslimsEntry() +
                         E("ct.trust", "contempt", "[can you trust]", "    near_target: 3\n") +
                         E("ct.terrorists", "contempt", "[terrorists]") +
                         E("ql.loyalty", "questioning_loyalty", "[loyalty is to mecca]") +
                         E("dh.snakes", "dehumanisation", "[snakes]") +
                         E("gr.they", "group_reference", "[they, their]"));
  ASSERT_TRUE(lex);
  ExpectSeverities(*lex, "en", {
      {"Can you trust Muslims? No, their loyalty is to Mecca.", Severity::kModeratelyDangerous},
      {"Can you trust Muslims? No, they are snakes.", Severity::kModeratelyDangerous},
      {"Can you trust Muslims? No.", Severity::kNone},
      {"Are Muslims terrorists? No, they are our neighbours.", Severity::kNone},
      {"Are Muslims terrorists? No, they are victims of terrorists.", Severity::kNone},
      // A hallmark about something no group word points to is no answer about the group.
      {"Are Muslims terrorists? No, snakes are.", Severity::kNone},
  });
}

// A harm phrase that opens on a "no" set off by a comma at the head of its sentence is no phrase:
// "No, son personas" answers the question, it does not say "no son personas" (they are not people).
TEST(ScorerNegation, AnAnswerNoIsNoWordOfTheHarmPhraseAfterIt) {
  auto lex = CompileIn("es", E("id.roma", "identity_term", "[gitanos]", "    target: roma\n    target_category: ethnicity\n") +
                                 E("dh.ratas", "dehumanisation", "[ratas]") +
                                 E("dh.no-personas", "dehumanisation", "[no son personas]") +
                                 E("gr.son", "group_reference", "[son]") + E("ng.no", "negation", "[no]"));
  ASSERT_NE(lex, nullptr);
  ExpectSeverities(*lex, "es", {
      {"¿Son los gitanos unas ratas? No, son personas como tú.", Severity::kNone},
      {"Los gitanos no son personas.", Severity::kModeratelyDangerous},
      {"Los gitanos? No son personas.", Severity::kModeratelyDangerous},
  });
}

// Burmese ဘူး closes the negated clause even when no "၊" follows: the animal word before it is
// denied ("Rohingya are not animals, they are people"), one in the clause after it is asserted.
TEST(ScorerNegation, TheBurmeseNegativeParticleClosesItsClause) {
  auto lex = CompileIn("my", E("id.rohingya", "identity_term", "[ရိုဟင်ဂျာ]", "    target: rohingya\n    target_category: ethnicity\n") +
                                 E("dh.animal", "dehumanisation", "[တိရစ္ဆာန်]") + E("ng.bu", "negation", "[မဟုတ်, ဘူး]"));
  ASSERT_NE(lex, nullptr);
  ExpectSeverities(*lex, "my", {
      {"ရိုဟင်ဂျာတွေဟာ တိရစ္ဆာန် မဟုတ်ဘူး လူတွေပါ။", Severity::kNone},
      {"ရိုဟင်ဂျာတွေဟာ တိရစ္ဆာန် မဟုတ်ဘူး။", Severity::kNone},
      {"ရိုဟင်ဂျာတွေဟာ လူ မဟုတ်ဘူး တိရစ္ဆာန်တွေပါ။", Severity::kModeratelyDangerous},
      {"ရိုဟင်ဂျာတွေဟာ တိရစ္ဆာန်တွေပဲ။", Severity::kModeratelyDangerous},
  });
}

// Turkish "diye" after an optative states a purpose ("so that it does not mix"); before a verb of
// saying it closes a quotation, and what it quotes is reported.
TEST(ScorerReporting, ATurkishDiyeOfPurposeReportsNothing) {
  auto lex = CompileIn("tr", E("id.ermeni", "identity_term", "[ermeniler]", "    target: armenians\n    target_category: ethnicity\n") +
                                 E("pu.mix", "threat_to_purity", "[karışmasın]", "    near_target: 6\n") +
                                 E("cv.out", "call_to_violence", "[defolsun]", "    tier: moderately_dangerous\n    near_target: 6\n") +
                                 E("rp.diye", "reporting", "[diye]"));
  ASSERT_NE(lex, nullptr);
  ExpectSeverities(*lex, "tr", {
      {"Ermeniler karışmasın diye kızlarımızı vermeyin.", Severity::kModeratelyDangerous},
      {"Ermeniler defolsun diye bağırdılar.", Severity::kNone},
      {"Ermeniler defolsun diye yazmışlar.", Severity::kNone},
  });
}

// A Chinese "难道" question asks the opposite of a negative harm phrase ("surely women are fit to
// lead?"), but not when what it asks about is who holds the opinion ("am I the only one who thinks").
TEST(ScorerNegation, AChineseRhetoricalQuestionAboutWhoThinksItAssertsIt) {
  auto lex = CompileIn("zh", E("id.women", "identity_term", "[女人]", "    target: women\n    target_category: gender\n") +
                                 E("ct.unfit", "contempt", "[不适合当领导]", "    near_target: 6\n") + E("ng.bu", "negation", "[不]"));
  ASSERT_NE(lex, nullptr);
  ExpectSeverities(*lex, "zh", {
      {"难道女人不适合当领导吗？", Severity::kNone},
      {"难道只有我觉得女人不适合当领导吗？", Severity::kOffensive},
  });
}

// A counter-speech label that others are said to give the speaker's words ("and then they call it
// racism") is the hater's complaint, not the speaker's judgement; the speaker's own or anyone's
// label ("Das nennt man Rassismus"), or a report that is the judged subject, still counters.
TEST(ScorerCounterSpeech, ALabelOthersAreSaidToGiveIsNotTheSpeakers) {
  auto lex = CompileIn("de", E("id.aus", "identity_term", "[ausländer]", "    target: immigrants\n    target_category: nationality\n") +
                                 E("dh.par", "dehumanisation", "[parasiten]", "    near_target: 6\n") +
                                 E("rp.nennen", "reporting", "[nennen, nennt, nenne]") + E("cs.rass", "counter_speech", "[rassismus]"));
  ASSERT_NE(lex, nullptr);
  ExpectSeverities(*lex, "de", {
      {"Ausländer sind Parasiten, und dann nennen sie es Rassismus.", Severity::kModeratelyDangerous},
      {"Ausländer sind Parasiten? Das nennt man Rassismus.", Severity::kNone},
      {"Ausländer sind Parasiten, und ich nenne das Rassismus.", Severity::kNone},
      {"Ausländer Parasiten nennen ist Rassismus.", Severity::kNone},
  });
}

// A call's "them" that nothing before it resolves points forward to the group the next sentence opens
// with and vilifies; not to one it only names, nor to one whose vilification it denies or reports.
TEST(ScorerTarget, ACallPointsForwardToTheGroupTheNextSentenceVilifies) {
  auto lex = CompileYaml("language: en\nentries:\n" + MuslimsEntry() +
                         E("cv.kill", "call_to_violence", "[kill them all]") + E("gr.them", "group_reference", "[them]") +
                         E("dh.plague", "dehumanisation", "[a plague]") + E("ng.not", "negation", "[not]") +
                         E("rp.say", "reporting", "[people say]"));
  ASSERT_TRUE(lex);
  ExpectSeverities(*lex, "en", {
      {"Kill them all. Muslims are a plague.", Severity::kExtremelyDangerous},
      {"Kill them all. Muslims are not a plague.", Severity::kNone},
      {"Kill them all. The fact is that our Muslims are a plague.", Severity::kModeratelyDangerous},
      {"Kill them all. Mosquitoes are a plague.", Severity::kNone},
  });
}

}  // namespace
}  // namespace vigil
