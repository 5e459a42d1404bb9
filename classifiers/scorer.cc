#include "classifiers/scorer.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <initializer_list>
#include <optional>
#include <cstdio>
#include <map>
#include <set>
#include <string>

#include "classifiers/internal/edits.h"
#include "classifiers/internal/languages.h"
#include "classifiers/internal/utf8.h"

namespace vigil {

using languages::IsDashCopulaLanguage;
using languages::IsHeadFinal;
using languages::IsVerbFinalInSubordinates;

std::string_view SeverityName(Severity s) {
  switch (s) {
    case Severity::kNone: return "none";
    case Severity::kOffensive: return "offensive";
    case Severity::kModeratelyDangerous: return "moderately_dangerous";
    case Severity::kExtremelyDangerous: return "extremely_dangerous";
  }
  return "none";
}

void Verdict::Clear() {
  severity = Severity::kNone;
  score = 0;
  matches.clear();
  indicators.clear();
  target_groups.clear();
  discounted.clear();
  context.clear();
  explanation.clear();
  corrections.clear();
  detected_lang.clear();
  language_source = LanguageSource::kDeclared;
}

const char* LanguageSourceName(LanguageSource source) {
  switch (source) {
    case LanguageSource::kDeclared: return "declared";
    case LanguageSource::kScript: return "script";
    case LanguageSource::kGuessed: return "guessed";
    case LanguageSource::kUnknown: return "unknown";
  }
  return "unknown";
}

ScoringConfig ScoringConfig::Defaults() {
  ScoringConfig c;
  auto set = [&](Indicator i, double v) { c.indicator_strength[static_cast<int>(i)] = v; };
  set(Indicator::kDehumanisation, 0.80);
  set(Indicator::kAccusationInMirror, 0.85);
  set(Indicator::kThreatToPurity, 0.70);
  set(Indicator::kAttackOnWomen, 0.75);
  set(Indicator::kQuestioningLoyalty, 0.60);
  set(Indicator::kCodedLanguage, 0.80);
  set(Indicator::kCallToViolence, 0.95);
  set(Indicator::kSlur, 0.60);
  set(Indicator::kContempt, 0.55);
  return c;
}

StatusOr<ScoringConfig> ParseScoringConfig(std::string_view yaml_text) {
  ScoringConfig c = ScoringConfig::Defaults();
  YAML::Node root;
  try {
    root = YAML::Load(std::string(yaml_text));
  } catch (const YAML::Exception& e) {
    return InvalidArgument("scoring: YAML syntax error at line " + std::to_string(e.mark.line + 1) + ": " + e.msg);
  }
  if (root.IsNull()) return c;
  if (!root.IsMap()) return InvalidArgument("scoring: must be a mapping");
  try {
    for (const auto& kv : root) {
      const std::string key = kv.first.as<std::string>();
      const YAML::Node& v = kv.second;
      if (key == "thresholds") {
        for (const auto& t : v) {
          const std::string k = t.first.as<std::string>();
          const double x = t.second.as<double>();
          if (k == "offensive") c.offensive = x;
          else if (k == "moderately_dangerous") c.moderately_dangerous = x;
          else if (k == "extremely_dangerous") c.extremely_dangerous = x;
          else return InvalidArgument("scoring.thresholds: unknown key '" + k + "'");
        }
      } else if (key == "indicator_strength") {
        for (const auto& t : v) {
          const std::string k = t.first.as<std::string>();
          auto ind = ParseIndicator(k);
          if (!ind || !IsHarmIndicator(*ind)) return InvalidArgument("scoring.indicator_strength: unknown harm indicator '" + k + "'");
          c.indicator_strength[static_cast<int>(*ind)] = t.second.as<double>();
        }
      } else if (key == "regions") {
        for (const auto& t : v) {
          const std::string level = t.second.as<std::string>();
          if (level != "low" && level != "elevated" && level != "high") {
            return InvalidArgument("scoring.regions." + t.first.as<std::string>() + ": level must be low, elevated or high");
          }
          c.regions.push_back({t.first.as<std::string>(), level});
        }
      } else if (key == "sensitive_periods") {
        for (const auto& p : v) {
          ScoringConfig::Period period;
          period.name = p["name"].as<std::string>("");
          period.from = p["from"].as<std::string>("");
          period.to = p["to"].as<std::string>("");
          if (p["regions"]) period.regions = p["regions"].as<std::vector<std::string>>();
          if (period.from.size() != 10 || period.to.size() != 10) {
            return InvalidArgument("scoring.sensitive_periods '" + period.name + "': from/to must be YYYY-MM-DD");
          }
          c.sensitive_periods.push_back(std::move(period));
        }
      } else if (key == "context") {
        for (const auto& t : v) {
          const std::string k = t.first.as<std::string>();
          const double x = t.second.as<double>();
          if (k == "influence_followers_threshold") c.influence_followers_threshold = x;
          else if (k == "influence_followers_factor") c.influence_followers_factor = x;
          else if (k == "verified_factor") c.verified_factor = x;
          else if (k == "influential_role_factor") c.influential_role_factor = x;
          else if (k == "reach_shares_threshold") c.reach_shares_threshold = x;
          else if (k == "reach_factor") c.reach_factor = x;
          else if (k == "region_elevated_factor") c.region_elevated_factor = x;
          else if (k == "region_high_factor") c.region_high_factor = x;
          else if (k == "sensitive_period_factor") c.sensitive_period_factor = x;
          else return InvalidArgument("scoring.context: unknown key '" + k + "'");
        }
      } else {
        return InvalidArgument("scoring: unknown key '" + key + "'");
      }
    }
  } catch (const YAML::Exception& e) {
    return InvalidArgument("scoring: bad value near line " + std::to_string(e.mark.line + 1) + ": " + e.msg);
  }
  if (!(c.offensive < c.moderately_dangerous && c.moderately_dangerous < c.extremely_dangerous)) {
    return InvalidArgument("scoring.thresholds: need offensive < moderately_dangerous < extremely_dangerous");
  }
  return c;
}

namespace {

// How far a sentence-opening group (its subject) reaches a `near_target` harm later in the sentence, in
// tokens, at least: twice the entry's own near_target.
constexpr int kSubjectReach = 12;
// The longest opening clause that can address a group before a call ("Gitanos de la calle Almendro: ...").
constexpr uint32_t kAddressTokens = 8;
// The longest opening clause that addresses the whole message to a group ("Aan de Syriërs uit het AZC
// hier in de wijk: ...").
constexpr size_t kSalutationTokens = 10;
// The most words of a sentence that is only an afterthought naming whom the sentence before meant
// ("Die Juden zuerst.", "Jews, I mean.", "Hablo de los marroquíes.").
constexpr uint32_t kFragmentWords = 4;

// How far into a question the first group it names may stand and still be its subject.
constexpr uint32_t kFrameTokens = 6;
// The target group of harm aimed at a group only alluded to ("you know who I mean").
constexpr std::string_view kUnnamedGroup = "unnamed_group";
// A coded allusion that stands for a group the speaker leaves unnamed (stands_for: identity_term).
bool IsAllusion(const Entry& e) {
  return e.indicator == Indicator::kCodedLanguage && e.stands_for == Indicator::kIdentityTerm;
}
// ä ö ü, lower and upper case (UTF-8).
constexpr std::pair<std::string_view, std::string_view> kUmlauts[] = {
    {"\xc3\xa4", "\xc3\x84"}, {"\xc3\xb6", "\xc3\x96"}, {"\xc3\xbc", "\xc3\x9c"}};

// Whether a word of `span` ends in ó or Ó (UTF-8 c3 b3 / c3 93) followed by a space, punctuation or
// the end.
bool EndsAWordWithAcuteO(std::string_view span) {
  for (size_t i = span.find('\xc3'); i != std::string_view::npos && i + 1 < span.size(); i = span.find('\xc3', i + 1)) {
    if (span[i + 1] != '\xb3' && span[i + 1] != '\x93') continue;
    const size_t after = i + 2;  // the word ends here, or before an ASCII non-letter
    if (after == span.size()) return true;
    const auto next = static_cast<unsigned char>(span[after]);
    if (next < 0x80 && std::isalpha(next) == 0) return true;
  }
  return false;
}

// Function words listed per language (IsCoordinatingAnd, IsRelativePronoun): whether `w` is one of
// `lang`'s.
struct LangWords {
  std::string_view lang, words[6];
};

// std::any_of over cue matches that also says which one: the first satisfying `pred`, or null.
template <typename Pred>
const Match* FirstWhere(const std::vector<const Match*>& cues, Pred pred) {
  for (const Match* c : cues) {
    if (pred(c)) return c;
  }
  return nullptr;
}
template <size_t N>
bool IsLangWord(const LangWords (&table)[N], std::string_view lang, std::string_view w) {
  for (const LangWords& t : table) {
    if (t.lang != lang) continue;
    for (std::string_view x : t.words) {
      if (!x.empty() && x == w) return true;
    }
  }
  return false;
}

// "When" opening a clause of time inside the sentence ("The Roma won't be so cocky when we pay them a
// visit"): a negation before it denies the main clause, not the one "when" opens.
bool IsTemporalWhen(std::string_view lang, std::string_view w) {
  static constexpr LangWords kWhen[] = {
      {"en", {"when", "once", "whenever", "", "", ""}}, {"de", {"wenn", "sobald", "", "", "", ""}},
      {"nl", {"wanneer", "zodra", "", "", "", ""}},     {"fr", {"quand", "lorsque", "lorsqu", "", "", ""}},
      {"es", {"cuando", "", "", "", "", ""}},           {"it", {"quando", "appena", "", "", "", ""}},
      {"pt", {"quando", "", "", "", "", ""}}      ,  {"pl", {"kiedy", "gdy", "", "", "", ""}},
      {"ru", {"когда", "", "", "", "", ""}},            {"uk", {"коли", "", "", "", "", ""}},
      {"sr", {"kad", "kada", "кад", "када", "", ""}},
  };
  return IsLangWord(kWhen, lang, w);
}

// The word for "and" that joins two predicates of one subject ("Gypsies don't work and steal
// everything"), in the languages where it is one unambiguous token; a negation does not reach across
// it. (Not Dutch "en" in French, nor the Arabic prefix و.) Burmese ပြီး chains predicates ("ညစ်ပတ်ပြီး
// မရိုးသားဘူး", dirty and dishonest); Hindi और joins them too.
bool IsCoordinatingAnd(std::string_view lang, std::string_view w) {
  static constexpr LangWords kAnd[] = {
      {"en", {"and"}},          {"de", {"und"}},         {"nl", {"en"}},          {"fr", {"et"}},
      {"es", {"y", "e"}},       {"it", {"e", "ed"}},     {"pt", {"e"}},           {"pl", {"i", "oraz"}},
      {"ru", {"и"}},            {"uk", {"і", "й", "та"}}, {"sr", {"i", "и"}},      {"bs", {"i"}},
      {"hr", {"i"}},            {"tr", {"ve"}},          {"sw", {"na"}},          {"rw", {"kandi"}},
      {"hi", {"और", "aur"}},    {"my", {"\u1015\u103c\u102e\u1038"}},  // ပြီး, the clause-chaining "and"
  };
  return IsLangWord(kAnd, lang, w);
}

// The word for "or" / "nor" that joins two alternatives under one negation ("Nobody may burn
// mosques or drive families out of their homes", "Niemand darf Moscheen anzünden oder Familien ...
// jagen"): what the negation denies is the whole disjunction, so it reaches the second alternative
// however many words it spans.
bool IsCoordinatingOr(std::string_view lang, std::string_view w) {
  static constexpr LangWords kOr[] = {
      {"en", {"or", "nor"}},         {"de", {"oder", "noch"}},     {"nl", {"of", "noch"}},
      {"fr", {"ou", "ni"}},          {"es", {"o", "u", "ni"}},     {"it", {"o", "od", "né"}},
      {"pt", {"ou", "nem"}},         {"pl", {"ani", "lub", "albo"}}, {"ru", {"или", "ни"}},
      {"uk", {"або", "чи", "ні"}},   {"sr", {"ili", "ni", "или", "ни"}}, {"bs", {"ili", "ni"}},
      {"hr", {"ili", "ni"}},         {"tr", {"veya", "ya"}},       {"sw", {"au", "wala"}},
      {"ar", {"أو", "او"}},          {"hi", {"या", "ya"}},
  };
  return IsLangWord(kOr, lang, w);
}

// The word for "until" (or "as long as") that opens the clause a negated verb of resting or stopping
// waits on ("We will not rest until every one of them is dead", "Wir geben nicht auf, bis ...", "No
// descansaremos mientras quede un solo gitano"): the negation is
// the waiting verb's, and the harm after "until" is what the speaker vows. (Russian "пока",
// Ukrainian "поки", Serbian "dok" and Polish "dopóki" repeat the negation on the verb of their own
// clause; that one is expletive: IsUntilWithExpletiveNegation.)
bool IsUntil(std::string_view lang, std::string_view w) {
  static constexpr LangWords kUntil[] = {
      {"en", {"until", "till", "til", "while", "whilst"}}, {"de", {"bis", "solange"}}, {"nl", {"totdat", "tot", "zolang"}},
      {"es", {"hasta", "mientras"}}, {"it", {"finché", "finche", "fino"}}, {"pt", {"até", "ate", "enquanto"}},
      {"pl", {"aż", "dopóki"}},  {"fr", {"jusqu", "tant"}},
      {"ru", {"пока", "покуда"}},               {"uk", {"поки", "доки"}},  {"sr", {"dok", "док"}},
  };
  return IsLangWord(kUntil, lang, w);
}

// A causal subordinator: the clause it opens gives a reason of its own, which a negation before it
// does not reach ("Muslims do not sing the anthem because their loyalty is to Arabia"), nor a
// reporting verb before it whose words held no harm. Original spelling, lowered.
bool IsBecause(std::string_view lang, std::string_view w) {
  static constexpr LangWords kBecause[] = {
      {"en", {"because", "cause", "coz", "cuz"}}, {"de", {"weil", "denn"}}, {"nl", {"omdat", "want"}},
      {"fr", {"parce", "car"}}, {"es", {"porque"}}, {"pt", {"porque"}}, {"it", {"perché", "poiché", "perche", "poiche"}},
      {"pl", {"bo", "ponieważ"}}, {"ru", {"потому", "поскольку"}}, {"uk", {"бо", "оскільки"}}, {"sr", {"jer", "јер"}},
      {"hr", {"jer"}}, {"bs", {"jer"}}, {"tr", {"çünkü", "cunku"}}, {"hi", {"क्योंकि", "kyunki", "kyonki"}},
      {"ar", {"لأن", "لان", "لأنهم", "لانهم"}}, {"sw", {"sababu"}}, {"ha", {"saboda"}}, {"rw", {"kuko"}},
      {"am", {"ምክንያቱም"}},
  };
  return IsLangWord(kBecause, lang, w);
}

// The word for "until" in the languages whose "until" clause repeats the negation ("пока не
// перебьём", "dopóki nie wybijemy", "dok ne pobijemo": until we kill): the negation there is
// expletive, and denies nothing. Original spelling, ASCII lowered.
bool IsUntilWithExpletiveNegation(std::string_view lang, std::string_view w) {
  static constexpr LangWords kUntilNot[] = {
      {"ru", {"пока", "покуда", "", "", "", ""}}, {"uk", {"поки", "доки", "", "", "", ""}},
      {"pl", {"dopóki", "dopoki", "póki", "poki", "", ""}},  {"sr", {"dok", "док", "", "", "", ""}},
      {"bs", {"dok", "", "", "", "", ""}},  {"hr", {"dok", "", "", "", "", ""}},
  };
  return IsLangWord(kUntilNot, lang, w);
}

// A verb of letting or allowing ("We will never let these migrants pollute our blood", "Nous ne
// laisserons jamais ces Africains souiller notre race", "Мы не позволим мигрантам ..."): a negation
// before it denies the permission, while what the group would be let do (the purity threat, the
// attack on women, the accusation) is the speaker's claim. Original spelling, ASCII lowered.
bool IsPermissionVerb(std::string_view lang, std::string_view w) {
  static constexpr LangWords kLet[] = {
      {"en", {"let", "lets", "letting", "allow", "allows", "allowing"}},
      {"en", {"permit", "permits", "tolerate", "tolerating"}},
      {"fr", {"laisser", "laisserons", "laisserai", "laissera", "laisseront", "laissez"}},
      {"fr", {"laissons", "laisse", "laissent", "permettre", "permettrons", "permettra"}},
      {"fr", {"permettrai", "permettez", "permettons", "tolérer", "tolérerons", "tolérera"}},
      {"es", {"dejar", "dejaremos", "dejaré", "dejará", "dejemos", "dejes"}},
      {"es", {"dejen", "permitir", "permitiremos", "permitiré", "permitirá", "permitamos"}},
      {"es", {"permitas", "permitan", "tolerar", "toleraremos", "toleraré", "consentir"}},
      {"pt", {"deixar", "deixaremos", "deixarei", "deixará", "deixemos", "deixe"}},
      {"pt", {"deixem", "deixes", "permitir", "permitiremos", "permitirei", "permitirá"}},
      {"pt", {"permitamos", "permita", "permitam", "tolerar", "toleraremos", "aceitar"}},
      {"it", {"lasciare", "lasceremo", "lascerò", "lascerà", "lasciamo", "lasciate"}},
      {"it", {"permettere", "permetteremo", "permetterò", "permetterà", "permettiamo", "tollerare"}},
      {"de", {"lassen", "lasst", "lässt", "lasse", "zulassen", "zulässt"}},
      {"de", {"erlauben", "erlaubt", "dulden", "duldet", "gestatten", ""}},
      {"nl", {"laten", "laat", "toestaan", "toelaten", "dulden", "gedogen"}},
      {"pl", {"pozwolić", "pozwolimy", "pozwolę", "pozwólmy", "pozwólcie", "dopuścić"}},
      {"pl", {"dopuścimy", "dopuszczać", "pozwalać", "pozwalajmy", "", ""}},
      {"ru", {"позволим", "позволить", "позволю", "позволяйте", "допустим", "допустить"}},
      {"ru", {"дадим", "дам", "давайте", "позволят", "допустят", ""}},
      {"uk", {"дозволимо", "дозволити", "дозволю", "дозволяйте", "допустимо", "допустити"}},
      {"uk", {"дамо", "дам", "", "", "", ""}},
      {"sr", {"dozvoliti", "dozvolićemo", "dozvolicemo", "dopustiti", "dopustićemo", "dopusticemo"}},
      {"sr", {"дозволити", "дозволићемо", "допустити", "допустићемо", "", ""}},
      {"ar", {"نسمح", "يسمح", "تسمح", "تسمحوا", "نترك", "ندع"}},
      {"zh", {"让", "允许", "容许", "容忍", "放任", ""}},
  };
  return IsLangWord(kLet, lang, w);
}

// Anyone as the one let do it ("We will not let anyone hurt the Roma", "Ne laisserons personne"):
// then the negation denies the harm itself.
bool IsAnyone(std::string_view lang, std::string_view w) {
  static constexpr LangWords kAnyone[] = {
      {"en", {"anyone", "anybody", "someone", "somebody", "nobody", "noone"}},
      {"fr", {"personne", "quiconque", "", "", "", ""}},
      {"es", {"nadie", "alguien", "", "", "", ""}},
      {"pt", {"ninguém", "ninguem", "alguém", "alguem", "", ""}},
      {"it", {"nessuno", "chiunque", "", "", "", ""}},
      {"de", {"niemand", "niemanden", "jemand", "jemanden", "", ""}},
      {"nl", {"niemand", "iemand", "", "", "", ""}},
      {"pl", {"nikomu", "nikogo", "nikt", "", "", ""}},
      {"ru", {"никому", "никого", "кому-либо", "", "", ""}},
      {"uk", {"нікому", "нікого", "", "", "", ""}},
      {"sr", {"nikome", "nikoga", "никоме", "никога", "", ""}},
      {"ar", {"لأحد", "أحدا", "أحد", "", "", ""}},
      {"zh", {"任何人", "谁", "", "", "", ""}},
  };
  return IsLangWord(kAnyone, lang, w);
}

// A plural demonstrative ("these", "diese", "esas", "questi", "ces"): a label right after it is the
// name the speaker gives the group, not something a clause's negation denies. Original spelling,
// lowered. ("that", "die", Serbian "te" and Turkish "bu" are left out: they are also a
// complementiser, a relative pronoun, "and" or "you", or singular.)
bool IsPluralDemonstrative(std::string_view lang, std::string_view w) {
  static constexpr LangWords kThese[] = {
      {"en", {"these", "those", "", "", "", ""}},
      {"de", {"diese", "dieser", "diesen", "jene", "jenen", ""}},
      {"fr", {"ces", "", "", "", "", ""}},
      {"es", {"esas", "esos", "estas", "estos", "aquellos", "aquellas"}},
      {"pt", {"esses", "essas", "estes", "estas", "aqueles", "aquelas"}},
      {"it", {"questi", "queste", "quei", "quelle", "quegli", ""}},
      {"nl", {"deze", "", "", "", "", ""}},
      {"pl", {"tych", "tymi", "tym", "ci", "tamci", "tamtych"}},
      {"ru", {"эти", "этих", "этим", "этими", "те", "тех"}},
      {"uk", {"ці", "цих", "цим", "цими", "ті", "тих"}},
      {"sr", {"ovi", "ove", "ovih", "ovim", "ови", "ове"}},
      {"sr", {"ових", "овим", "", "", "", ""}},
  };
  return IsLangWord(kThese, lang, w);
}

// A word that opens a rhetorical question whose answer is the opposite of what it asks: Chinese 难道
// ("难道女人不配有投票权吗？", surely women deserve the vote?). A negative harm phrase inside such a
// question is denied; a positive one is asserted ("难道女人也配有投票权吗？", do women deserve the vote?).
// Han characters are one token each, so the word is given as the token it starts with and the one
// after ("" when it is one character); and the negative words, one character each.
bool IsRhetoricalOpposite(std::string_view lang, std::string_view w, std::string_view next) {
  if (lang != "zh") return false;
  return ((w == "难" || w == "難") && next == "道") || w == "岂" || w == "豈" || (w == "莫" && next == "非");
}
bool IsNegativeCharacter(std::string_view lang, std::string_view w) {
  static constexpr LangWords kNegative[] = {
      {"zh", {"不", "没", "沒", "非", "无", "無"}},
      {"zh", {"未", "别", "別", "", "", ""}},
  };
  return IsLangWord(kNegative, lang, w);
}

// A pronoun for a thing as a verb's object ("get rid of it"; before the verb in German and Dutch,
// "es loswerden", "het opruimen"): the act is aimed at that thing, not at a "they" later in the
// sentence. Original spelling, lowered.
bool IsThingPronoun(std::string_view lang, std::string_view w) {
  static constexpr LangWords kThing[] = {
      {"en", {"it", "this", "that", "", "", ""}},
      {"de", {"es", "das", "dies", "", "", ""}},
      {"nl", {"het", "dit", "dat", "", "", ""}},
  };
  return IsLangWord(kThing, lang, w);
}

// The word that turns a negation into "only" when it comes between the negation and what follows:
// French "ne ... que" ("Les immigrés ne méritent qu'une balle", they deserve only a bullet), Arabic
// "ما ... إلا" / "لا ... إلا" ("ما اليهود إلا حثالة", the Jews are nothing but scum), and the "nothing
// but" forms "no son más que", "non sono altro che", "não são mais que", "não passam de". Then the
// negation asserts what follows. `prev` is the token before `w` (original spelling, lowered).
bool IsRestrictiveOnly(std::string_view lang, std::string_view prev, std::string_view w) {
  if (lang == "fr") {
    return w == "que" || w == "qu" || w.rfind("qu'", 0) == 0 || w.rfind("qu\u2019", 0) == 0;
  }
  if (lang == "ar") return w == "إلا" || w == "الا" || w == "إلّا" || w == "غير" || w == "سوى";
  if (lang == "es") return w == "que" && (prev == "más" || prev == "mas");
  if (lang == "it") return w == "che" && prev == "altro";
  if (lang == "pt") return (w == "que" && (prev == "mais" || prev == "do")) || (w == "de" && (prev == "passam" || prev == "passa"));
  return false;
}

// French "ne" in any of its spellings ("ne", elided "n'" / "n’", or "n" where the apostrophe was cut
// off): the first half of a negation.
bool IsFrenchNe(std::string_view w) {
  return w == "ne" || w == "n" || w.starts_with("n'") || w.starts_with("n\u2019");
}

// A second negator that keeps a negation a negation, "only" or not ("Je ne pense pas que ...", "On
// ne dit plus que ..."). Original spelling, lowered.
bool IsFrenchNegatorWord(std::string_view w) {
  for (std::string_view x : {"pas", "jamais", "plus", "rien", "personne", "guère", "point", "aucun", "aucune", "nullement"}) {
    if (w == x) return true;
  }
  return false;
}

// A negative quantifier in a language with negative concord ("Żaden Żyd nie zasługuje na życie",
// "Hiçbir Suriyeli yaşamayı hak etmiyor", no Jew deserves to live): it agrees with the verb's own
// negation instead of cancelling it, so a harm phrase that holds that negation is said of all of the
// group. Original spelling in lower case: the first word of the negation cue.
bool IsConcordNegativeQuantifier(std::string_view lang, std::string_view w) {
  static constexpr LangWords kNone[] = {
      {"pl", {"żaden", "żadna", "żadne", "żadnego", "nikt", "nikogo"}},
      {"ru", {"никто", "ни", "никого", "никому", "", ""}},
      {"uk", {"жоден", "жодна", "жодне", "жодного", "ніхто", "ні"}},
      {"sr", {"nijedan", "nijedna", "nijedno", "niko", "nitko", "ниједан"}},
      {"sr", {"ниједна", "нико", "", "", "", ""}},
      {"hr", {"nijedan", "nijedna", "nijedno", "nitko", "", ""}},
      {"bs", {"nijedan", "nijedna", "nijedno", "niko", "", ""}},
      {"tr", {"hiçbir", "hiçbiri", "kimse", "", "", ""}},
  };
  return IsLangWord(kNone, lang, w);
}

// The speaker, or anyone, as the subject of a verb of calling or saying ("I call it racism", "Das
// nennt man Rassismus", "On appelle ça du racisme"): the label is then the speaker's judgement.
// Original spelling.
bool IsSpeakerOrGenericSubject(std::string_view lang, std::string_view w) {
  static constexpr LangWords kSpeaker[] = {
      {"en", {"i", "we", "one", "", "", ""}},       {"de", {"ich", "wir", "man", "", "", ""}},
      {"nl", {"ik", "wij", "we", "men", "", ""}},   {"fr", {"je", "j", "nous", "on", "", ""}},
      {"es", {"yo", "nosotros", "se", "", "", ""}}, {"pt", {"eu", "nós", "se", "", "", ""}},
      {"it", {"io", "noi", "si", "", "", ""}},
  };
  return IsLangWord(kSpeaker, lang, w);
}

// What a verb of calling names when it labels the speaker's words: "they call it racism", "nennen
// sie es Rassismus", "appellent ça du racisme", "lo llaman racismo" (the object pronoun), original spelling.
bool IsLabelledThing(std::string_view lang, std::string_view w) {
  static constexpr LangWords kThing[] = {
      {"en", {"it", "that", "this", "", "", ""}}, {"de", {"es", "das", "", "", "", ""}},
      {"nl", {"het", "dat", "", "", "", ""}},     {"fr", {"ça", "cela", "", "", "", ""}},
      {"es", {"lo", "eso", "", "", "", ""}},      {"pt", {"isso", "", "", "", "", ""}},
      {"it", {"lo", "questo", "", "", "", ""}},
  };
  return IsLangWord(kThing, lang, w);
}

// The speaker as the one let, or as the one the harm is said of ("Wir lassen uns nicht ... nennen",
// "We won't let them call us terrorists"): the negation refuses the label. Object and reflexive
// pronouns of the first person, original spelling.
bool IsFirstPersonObject(std::string_view lang, std::string_view w) {
  static constexpr LangWords kUs[] = {
      {"en", {"me", "us", "myself", "ourselves", "", ""}},
      {"de", {"mich", "uns", "mir", "", "", ""}},
      {"nl", {"me", "mij", "ons", "", "", ""}},
      {"fr", {"me", "nous", "m", "", "", ""}},
      {"es", {"me", "nos", "", "", "", ""}},
      {"pt", {"me", "nos", "", "", "", ""}},
      {"it", {"mi", "ci", "ce", "", "", ""}},
      {"pl", {"mnie", "nas", "nam", "się", "", ""}},
      {"ru", {"меня", "нас", "нам", "мне", "себя", ""}},
      {"uk", {"мене", "нас", "нам", "мені", "себе", ""}},
      {"sr", {"me", "nas", "nam", "se", "нас", "нам"}},
      {"ar", {"لنا", "علينا", "", "", "", ""}},
      {"zh", {"我们", "我", "", "", "", ""}},
  };
  return IsLangWord(kUs, lang, w);
}

// "Not all of them are X, but most are": a quantifier of most or many right after "but" takes the
// negated predicate back up. The first list is the quantifiers; the second the words a bare
// reassertion ends on ("but most of them are", "aber die meisten schon", "pero la mayoría sí").
// Original spelling, ASCII lowered.
bool IsMajorityQuantifier(std::string_view lang, std::string_view w) {
  static constexpr LangWords kMost[] = {
      {"en", {"most", "many", "", "", "", ""}},
      {"de", {"meisten", "viele", "", "", "", ""}},
      {"nl", {"meesten", "velen", "veel", "", "", ""}},
      {"fr", {"plupart", "beaucoup", "", "", "", ""}},
      {"es", {"mayoría", "mayoria", "muchos", "muchas", "", ""}},
      {"pt", {"maioria", "muitos", "muitas", "", "", ""}},
      {"it", {"maggior", "maggioranza", "molti", "molte", "", ""}},
      {"pl", {"większość", "wielu", "", "", "", ""}},
      {"ru", {"большинство", "многие", "", "", "", ""}},
      {"uk", {"більшість", "багато", "", "", "", ""}},
      {"sr", {"većina", "mnogi", "већина", "многи", "", ""}},
  };
  return IsLangWord(kMost, lang, w);
}
// Words that make a trailing "they say it" an admission the speaker cites rather than a report
// the speaker passes on: the group says it openly, publicly, itself ("Gli stranieri ci vogliono
// morti, lo dicono apertamente", "Приезжие хотят нашей смерти, они открыто говорят об этом").
bool IsOpenAdmission(std::string_view lang, std::string_view w) {
  static constexpr LangWords kOpenly[] = {
      {"en", {"openly", "publicly", "themselves", "proudly", "", ""}},
      {"de", {"offen", "öffentlich", "selbst", "stolz", "", ""}},
      {"nl", {"openlijk", "publiekelijk", "zelf", "trots", "", ""}},
      {"fr", {"ouvertement", "publiquement", "fièrement", "eux-mêmes", "mêmes", ""}},
      {"es", {"abiertamente", "públicamente", "mismos", "orgullosos", "", ""}},
      {"pt", {"abertamente", "publicamente", "mesmos", "orgulhosos", "", ""}},
      {"it", {"apertamente", "pubblicamente", "stessi", "fieramente", "", ""}},
      {"pl", {"otwarcie", "publicznie", "sami", "", "", ""}},
      {"ru", {"открыто", "публично", "сами", "гордо", "", ""}},
      {"uk", {"відкрито", "публічно", "самі", "", "", ""}},
      {"sr", {"otvoreno", "javno", "sami", "отворено", "јавно", "сами"}},
      {"ar", {"علنا", "علناً", "علانية", "صراحة", "بأنفسهم", ""}},
      {"tr", {"açıkça", "alenen", "kendileri", "", "", ""}},
      {"hi", {"खुलेआम", "सरेआम", "खुलकर", "खुद", "ख़ुद", ""}},
      {"sw", {"waziwazi", "hadharani", "wenyewe", "", "", ""}},
  };
  return IsLangWord(kOpenly, lang, w);
}
// "Without": a preposition whose negation is its own object's ("without a permit", "بدون حجاب",
// "без паспорта"), which reaches a harm only right after it ("without killing them", "sans massacrer").
// Original spelling, lowered.
bool IsWithout(std::string_view lang, std::string_view w) {
  static constexpr LangWords kWithout[] = {
      {"en", {"without", "", "", "", "", ""}}, {"de", {"ohne", "", "", "", "", ""}},
      {"nl", {"zonder", "", "", "", "", ""}},  {"fr", {"sans", "", "", "", "", ""}},
      {"es", {"sin", "", "", "", "", ""}},     {"pt", {"sem", "", "", "", "", ""}},
      {"it", {"senza", "", "", "", "", ""}},   {"pl", {"bez", "", "", "", "", ""}},
      {"ru", {"без", "", "", "", "", ""}},     {"uk", {"без", "", "", "", "", ""}},
      {"sr", {"bez", "без", "", "", "", ""}},  {"ar", {"بدون", "بلا", "", "", "", ""}},
      {"hi", {"बिना", "", "", "", "", ""}},     {"sw", {"bila", "", "", "", "", ""}},
  };
  return IsLangWord(kWithout, lang, w);
}
bool IsBareReassertionEnd(std::string_view lang, std::string_view w) {
  static constexpr LangWords kEnd[] = {
      {"en", {"are", "is", "do", "them", "", ""}},
      {"de", {"schon", "sind", "ja", "", "", ""}},
      {"nl", {"wel", "zijn", "", "", "", ""}},
      {"fr", {"sont", "oui", "", "", "", ""}},
      {"es", {"sí", "son", "", "", "", ""}},
      {"pt", {"sim", "é", "são", "", "", ""}},
      {"it", {"sì", "sono", "", "", "", ""}},
      {"pl", {"tak", "są", "", "", "", ""}},
      {"ru", {"да", "так", "", "", "", ""}},
      {"uk", {"так", "є", "", "", "", ""}},
      {"sr", {"jesu", "da", "јесу", "да", "", ""}},
  };
  return IsLangWord(kEnd, lang, w);
}

// The auxiliary of a passive ("be", "werden", "être", "ser", "essere", "worden"): in a negated
// permission it makes the group the one harmed ("We will not let women be raped"). Original
// spelling, ASCII lowered.
bool IsPassiveAuxiliary(std::string_view lang, std::string_view w) {
  static constexpr LangWords kBe[] = {
      {"en", {"be", "being", "been", "get", "getting", ""}},
      {"de", {"werden", "wird", "worden", "", "", ""}},
      {"nl", {"worden", "wordt", "", "", "", ""}},
      {"fr", {"être", "soient", "soit", "", "", ""}},
      {"es", {"ser", "sean", "sea", "", "", ""}},
      {"pt", {"ser", "sejam", "seja", "", "", ""}},
      {"it", {"essere", "siano", "sia", "vengano", "venga", ""}},
      {"pl", {"być", "były", "był", "została", "zostały", "zostali"}},
      {"ru", {"быть", "были", "", "", "", ""}},
      {"uk", {"бути", "були", "", "", "", ""}},
      {"sr", {"budu", "biti", "", "", "", ""}},
  };
  return IsLangWord(kBe, lang, w);
}

// The word that opens a demand to end something ("Stop à ...", "Basta de ...", "Schluss mit ..."):
// as a counter-speech cue it condemns what follows, unless what follows is an act the group is
// said to commit. Original spelling, ASCII lowered.
bool IsDemandToEnd(std::string_view lang, std::string_view w) {
  static constexpr LangWords kStop[] = {
      {"en", {"stop", "end", "enough", "", "", ""}},
      {"fr", {"stop", "halte", "assez", "non", "", ""}},
      {"es", {"basta", "stop", "alto", "", "", ""}},
      {"pt", {"chega", "basta", "stop", "", "", ""}},
      {"it", {"basta", "stop", "", "", "", ""}},
      {"de", {"stoppt", "stopp", "stop", "schluss", "", ""}},
      {"nl", {"stop", "stopt", "genoeg", "", "", ""}},
  };
  return IsLangWord(kStop, lang, w);
}

// A sentence that opens with a pronoun for a thing or a fact and a singular verb ("That is
// disgusting.", "Das ist widerlich.", "C'est honteux.") has its own subject: a group named in the
// sentence before is not the left-out subject of its judgement. "thats" is both in one token;
// "that's", "it's" and French "c'est" are two. Original spelling, ASCII lowered.
bool IsThingSubject(std::string_view lang, std::string_view w) {
  static constexpr LangWords kThing[] = {
      {"en", {"that", "this", "it", "thats", "", ""}},
      {"de", {"das", "dies", "es", "", "", ""}},
      {"fr", {"c", "ça", "ca", "cela", "ceci", ""}},
      {"es", {"eso", "esto", "ello", "aquello", "", ""}},
      {"it", {"questo", "quello", "ciò", "cio", "", ""}},
      {"pt", {"isso", "isto", "aquilo", "", "", ""}},
      {"nl", {"dat", "dit", "het", "", "", ""}},
  };
  return IsLangWord(kThing, lang, w);
}
// A word that opens a sentence about what was just said, copula or not ("That is racism", "Это
// расизм", "这是地域歧视"): the thing subjects above and their kin in languages without them listed.
bool IsDemonstrativeOpener(std::string_view lang, std::string_view w) {
  static constexpr LangWords kThat[] = {
      {"ru", {"это", "такое", "", "", "", ""}}, {"uk", {"це", "таке", "", "", "", ""}},
      {"pl", {"to", "takie", "", "", "", ""}},   {"sr", {"to", "ovo", "то", "ово", "", ""}},
      {"hr", {"to", "ovo", "", "", "", ""}},     {"bs", {"to", "ovo", "", "", "", ""}},
      {"tr", {"bu", "böyle", "", "", "", ""}},   {"zh", {"这", "那", "這", "", "", ""}},
      {"ar", {"هذا", "هذه", "ذلك", "", "", ""}}, {"hi", {"यह", "ये", "ऐसी", "ऐसा", "", ""}},
      {"sw", {"huo", "hii", "hiyo", "huu", "", ""}},
  };
  return IsThingSubject(lang, w) || IsLangWord(kThat, lang, w);
}
// "Just", "only" after a negation: "not just the criminals" adds to what it follows, it sets nothing apart.
bool IsJustOnly(std::string_view lang, std::string_view w) {
  static constexpr LangWords kJust[] = {
      {"en", {"just", "only", "merely", "", "", ""}},    {"de", {"nur", "bloß", "bloss", "allein", "", ""}},
      {"nl", {"alleen", "enkel", "slechts", "", "", ""}}, {"fr", {"seulement", "que", "juste", "uniquement", "", ""}},
      {"es", {"solo", "sólo", "solamente", "únicamente", "", ""}}, {"it", {"solo", "soltanto", "solamente", "", "", ""}},
      {"pt", {"só", "apenas", "somente", "", "", ""}},    {"pl", {"tylko", "jedynie", "", "", "", ""}},
      {"ru", {"только", "лишь", "", "", "", ""}},         {"uk", {"тільки", "лише", "", "", "", ""}},
      {"sr", {"samo", "само", "", "", "", ""}},           {"tr", {"sadece", "yalnızca", "", "", "", ""}},
  };
  return IsLangWord(kJust, lang, w);
}
// Articles, demonstratives and "all" before a group's name in a noun phrase: "not all the
// migrants", "а не всех мигрантов", "no a todos los inmigrantes".
bool IsDeterminerOrAll(std::string_view lang, std::string_view w) {
  static constexpr LangWords kDet[] = {
      {"en", {"all", "the", "these", "those", "of", ""}},   {"de", {"alle", "die", "diese", "den", "allen", ""}},
      {"nl", {"alle", "de", "die", "deze", "", ""}},        {"fr", {"tous", "toutes", "les", "des", "ces", "aux"}},
      {"es", {"a", "todos", "todas", "los", "las", "estos"}}, {"es", {"estas", "esos", "esas", "", "", ""}},
      {"it", {"tutti", "tutte", "gli", "i", "le", "questi"}}, {"pt", {"todos", "todas", "os", "as", "a", "esses"}},
      {"pt", {"aos", "estes", "", "", "", ""}},             {"pl", {"wszystkich", "wszyscy", "tych", "ci", "", ""}},
      {"ru", {"всех", "все", "этих", "эти", "", ""}},       {"uk", {"всіх", "усіх", "всі", "усі", "цих", "ці"}},
      {"sr", {"sve", "svi", "ove", "ovi", "све", "сви"}},   {"tr", {"tüm", "bütün", "bu", "", "", ""}},
  };
  return IsLangWord(kDet, lang, w);
}
// The adverb "not" (not the determiner "no", which demands: "no refugees, no mixing").
bool IsAdverbNot(std::string_view lang, std::string_view w) {
  static constexpr LangWords kNot[] = {
      {"en", {"not", "", "", "", "", ""}},  {"de", {"nicht", "", "", "", "", ""}}, {"nl", {"niet", "", "", "", "", ""}},
      {"fr", {"pas", "non", "", "", "", ""}}, {"it", {"non", "", "", "", "", ""}}, {"pt", {"não", "nao", "", "", "", ""}},
      {"es", {"no", "", "", "", "", ""}},   {"ru", {"не", "", "", "", "", ""}},    {"uk", {"не", "", "", "", "", ""}},
      {"pl", {"nie", "", "", "", "", ""}},  {"sr", {"ne", "не", "", "", "", ""}},  {"hr", {"ne", "", "", "", "", ""}},
  };
  return IsLangWord(kNot, lang, w);
}
// Articles and demonstratives that open a noun phrase as a sentence's subject ("The landlords ...",
// "Those bureaucrats ...", "Die Vermieter ..."), not "all", which opens a group's ("All of them").
bool IsSubjectDeterminer(std::string_view lang, std::string_view w) {
  static constexpr LangWords kDet[] = {
      {"en", {"the", "those", "these", "this", "that", ""}},   {"de", {"die", "der", "das", "diese", "dieser", "jene"}},
      {"nl", {"de", "het", "die", "deze", "dat", "dit"}},      {"fr", {"les", "le", "la", "ces", "ce", "cet"}},
      {"es", {"los", "las", "el", "la", "esos", "esas"}},      {"es", {"estos", "estas", "aquellos", "", "", ""}},
      {"it", {"i", "gli", "le", "il", "lo", "la"}},             {"it", {"quei", "quegli", "questi", "quelle", "queste", ""}},
      {"pt", {"os", "as", "o", "a", "esses", "essas"}},         {"pt", {"estes", "estas", "aqueles", "aquelas", "", ""}},
  };
  return IsLangWord(kDet, lang, w);
}
// The singular ones among them ("this", "der", "la"): before a relative pronoun they make "what"
// ("that which", "ce que", "o que"), no subject of its own.
bool IsSingularDeterminer(std::string_view lang, std::string_view w) {
  static constexpr LangWords kSingular[] = {
      {"en", {"this", "that", "", "", "", ""}}, {"de", {"der", "das", "dieser", "", "", ""}},
      {"nl", {"het", "dat", "dit", "", "", ""}}, {"fr", {"le", "la", "ce", "cet", "", ""}},
      {"es", {"el", "la", "", "", "", ""}},      {"it", {"il", "lo", "la", "", "", ""}},
      {"pt", {"o", "a", "", "", "", ""}},
  };
  return IsLangWord(kSingular, lang, w);
}
// The copula in the plural ("Those bureaucrats are parasites"); IsSingularCopula has the singular.
bool IsPluralCopula(std::string_view lang, std::string_view w) {
  static constexpr LangWords kAre[] = {
      {"en", {"are", "were", "re", "", "", ""}},       {"de", {"sind", "waren", "wären", "", "", ""}},
      {"nl", {"zijn", "waren", "", "", "", ""}},        {"fr", {"sont", "étaient", "etaient", "seraient", "", ""}},
      {"es", {"son", "eran", "fueron", "serían", "", ""}}, {"it", {"sono", "erano", "sarebbero", "", "", ""}},
      {"pt", {"são", "sao", "eram", "foram", "seriam", ""}},
  };
  return IsLangWord(kAre, lang, w);
}
bool IsSingularCopula(std::string_view lang, std::string_view w) {
  static constexpr LangWords kIs[] = {
      {"en", {"is", "was", "s", "would", "will", "just"}},
      {"de", {"ist", "war", "wäre", "bleibt", "", ""}},
      {"fr", {"est", "était", "etait", "serait", "reste", ""}},
      {"es", {"es", "era", "fue", "sería", "seria", ""}},
      {"it", {"è", "era", "sarebbe", "resta", "", ""}},
      {"pt", {"é", "era", "foi", "seria", "", ""}},
      {"nl", {"is", "was", "zou", "blijft", "", ""}},
  };
  return IsLangWord(kIs, lang, w);
}

// A "no" that answers the question before it as a sentence of its own or the head of one ("Should
// they all be deported? No, that would be a disgrace."): it denies what the question asked. Words in
// their canonical form (case and diacritics folded: "nao", "hayir").
bool IsAnswerNo(std::string_view lang, std::string_view w) {
  static constexpr LangWords kNo[] = {
      {"en", {"no", "nope"}}, {"de", {"nein"}},         {"nl", {"nee", "neen"}}, {"fr", {"non"}},  {"es", {"no"}},
      {"it", {"no"}},         {"pt", {"nao"}},   {"pl", {"nie"}},         {"ru", {"нет"}},  {"uk", {"ні"}},
      {"sr", {"ne", "не"}},   {"bs", {"ne"}},           {"hr", {"ne"}},          {"tr", {"hayir"}},
      {"sw", {"hapana"}},     {"ar", {"لا"}},           {"hi", {"नहीं"}},        {"rw", {"oya"}},  {"zh", {"不"}},
  };
  return IsLangWord(kNo, lang, w);
}
// "Never" as an answer. It refuses an act the question proposes ("Quando vamos deportar esses
// bolivianos? Nunca, ...", "Should we deport them all? Never."), but agrees with a question that
// doubts a group ("Kann man Muslimen bei der Polizei trauen? Niemals."): the scorer reads it as a
// denial of a call to violence only.
bool IsAnswerNever(std::string_view lang, std::string_view w) {
  static constexpr LangWords kNever[] = {
      {"en", {"never", "", "", "", "", ""}},      {"de", {"nie", "niemals", "", "", "", ""}},
      {"nl", {"nooit", "", "", "", "", ""}},      {"fr", {"jamais", "", "", "", "", ""}},
      {"es", {"nunca", "jamas", "", "", "", ""}}, {"it", {"mai", "", "", "", "", ""}},
      {"pt", {"nunca", "jamais", "", "", "", ""}}, {"pl", {"nigdy", "", "", "", "", ""}},
      {"ru", {"никогда", "", "", "", "", ""}},    {"uk", {"ніколи", "", "", "", "", ""}},
      {"sr", {"nikad", "никад", "nikada", "никада", "", ""}}, {"tr", {"asla", "", "", "", "", ""}},
      {"ar", {"ابدا", "", "", "", "", ""}},
  };
  return IsLangWord(kNever, lang, w);
}

// A short answer that denies with emphasis ends on "not" or "no" (IsPlainNot) right after a word of
// certainty or of saying (IsEmphaticBeforeNo): "Of course not.", "Certainly not.", "The data says
// no.", "Natürlich nicht.", "Claro que no.", "Bien sûr que non.", "طبعاً لا", "बिल्कुल नहीं". Not after a pronoun: "Me neither",
// "Ich nicht", "A mí no" (is anyone surprised? not me) agree with what the question insinuates.
// Canonical forms (diacritics folded).
bool IsPlainNot(std::string_view lang, std::string_view w) {
  static constexpr LangWords kNot[] = {
      {"en", {"not", "no"}},      {"de", {"nicht", "nein"}}, {"nl", {"niet", "nee"}},      {"fr", {"pas", "non"}},
      {"es", {"no"}},             {"it", {"no", "non"}},     {"pt", {"nao"}},              {"pl", {"nie"}},
      {"ru", {"нет", "не"}},      {"uk", {"ні", "не"}},     {"tr", {"degil", "hayir"}},
      {"ar", {"لا", "كلا"}},      {"hi", {"नहीं", "ना"}},
  };
  return IsLangWord(kNot, lang, w);
}
bool IsEmphaticBeforeNo(std::string_view lang, std::string_view w) {
  static constexpr LangWords kEmphatic[] = {
      {"en", {"course", "certainly", "absolutely", "definitely", "says", "say"}},
      {"de", {"naturlich", "sicher", "bestimmt", "absolut", "sagt", "sagen"}},
      {"nl", {"natuurlijk", "zeker", "absoluut", "zegt", "zeggen"}},
      {"fr", {"que", "absolument", "certainement", "evidemment", "dit", "disent"}},
      {"es", {"que", "absolutamente", "dice", "dicen"}},
      {"it", {"che", "assolutamente", "certamente", "ovviamente", "dice", "dicono"}},
      {"pt", {"que", "absolutamente", "certamente", "diz", "dizem"}},
      {"pl", {"oczywiscie", "absolutnie", "zdecydowanie", "mowi", "mowia"}},
      {"ru", {"конечно", "разумеется", "абсолютно", "говорит", "говорят"}},
      {"uk", {"звісно", "звичайно", "абсолютно", "каже", "кажуть"}},
      {"tr", {"tabii", "kesinlikle", "diyor"}},
      {"ar", {"طبعا", "بالتاكيد", "قطعا", "اكيد", "يقول", "يقولون"}},  // (طبعاً, بالتأكيد, قطعاً, أكيد)
      {"hi", {"बिल्कुल", "बिलकुल", "हरगिज", "कहता", "कहते", "कहती"}},  // (हरगिज़)
  };
  return IsLangWord(kEmphatic, lang, w);
}

// The relative pronoun that opens a clause about the noun before it ("Women who don't obey ...",
// "Las mujeres que no obedecen ..."), in the languages that put it there; the scorer only reads it
// right after a group name, where the complementiser sense of "that" or "que" cannot be. (Not French
// "qui": its "ne ... pas" puts "pas" after the clause's verb, right before the main verb.)
bool IsRelativePronoun(std::string_view lang, std::string_view w) {
  static constexpr LangWords kRel[] = {
      {"en", {"who", "that", "which"}},
      {"de", {"die", "welche"}},
      {"nl", {"die", "dat"}},
      {"es", {"que", "quienes"}},
      {"it", {"che"}},
      {"pt", {"que"}},
      {"pl", {"którzy", "które", "który", "która"}},
      {"ru", {"которые", "который", "которая", "кто"}},
      {"uk", {"які", "котрі", "який", "яка", "хто"}},
      {"sr", {"koji", "koje", "koja", "који", "које", "која"}},
      {"bs", {"koji", "koje", "koja"}},
      {"hr", {"koji", "koje", "koja"}},
      {"ar", {"الذين", "اللي", "التي", "اللواتي", "الذي", "اللاتي"}},
      {"ha", {"da", "masu", "wanda", "wadda", "wadanda"}},  // canonical: "waɗanda" folds to "wadanda"
  };
  return IsLangWord(kRel, lang, w);
}
// A relative pronoun after a subject noun: IsRelativePronoun's, and French "qui" (which that list
// leaves out: there it is as often the interrogative).
bool IsSubjectRelative(std::string_view lang, std::string_view w) {
  return IsRelativePronoun(lang, w) || (lang == "fr" && w == "qui");
}


// "That" opening what a verb of saying reports ("..., що мігрантів треба ...", "..., że ...").
// Original spelling, lowered.
bool IsComplementizer(std::string_view lang, std::string_view w) {
  static constexpr LangWords kThat[] = {
      {"en", {"that"}}, {"de", {"dass", "daß"}}, {"nl", {"dat"}}, {"fr", {"que", "qu"}}, {"es", {"que"}},
      {"pt", {"que"}},  {"it", {"che"}},         {"pl", {"że", "iż"}}, {"ru", {"что", "чтобы"}},
      {"uk", {"що", "щоб"}}, {"sr", {"da", "да"}}, {"bs", {"da"}}, {"hr", {"da"}},
  };
  return IsLangWord(kThat, lang, w);
}

// Hindi and Urdu put a relative clause first, opened by a relative pronoun, and pick it up with a
// correlative one that starts the main clause: "जो औरत बात न माने, उसे पीटना चाहिए" (the woman who
// does not obey, her one must beat). The first words are the relative pronouns, the second the
// correlatives (as written: the checks compare the original spelling).
bool IsCorrelativeOpener(std::string_view lang, std::string_view w) {
  static constexpr LangWords kRel[] = {
      {"hi", {"जो", "जिस", "जिन", "जिसे", "जिन्हें", "जिसने"}},
      {"hi", {"जिन्होंने", "जिसको", "जिनको", "जिसकी", "जिनकी", "जिसका"}},
      {"hi", {"जिनका"}},
      {"ur", {"جو", "جس", "جن", "جسے", "جنہیں", "جنہوں"}},
  };
  return IsLangWord(kRel, lang, w);
}
bool IsCorrelative(std::string_view lang, std::string_view w) {
  static constexpr LangWords kCor[] = {
      {"hi", {"उसे", "उन्हें", "वह", "वो", "वे", "उस"}},
      {"hi", {"उन", "उसको", "उनको", "उसकी", "उनकी", "उसका"}},
      {"hi", {"उनका", "उसने", "उन्होंने"}},
      {"ur", {"اسے", "انہیں", "وہ", "اس", "ان", "اسکو"}},
      {"ur", {"انکو"}},
  };
  return IsLangWord(kCor, lang, w);
}

// The word for "where" that opens a relative clause about a place ("the flats where many Somali
// families live"), canonical (case and accents folded; not French "où", which folds to "ou", or).
bool IsLocativeRelative(std::string_view lang, std::string_view w) {
  static constexpr LangWords kWhere[] = {
      {"en", {"where"}}, {"de", {"wo"}},    {"nl", {"waar"}},          {"es", {"donde"}},
      {"pt", {"onde"}},  {"it", {"dove"}},  {"pl", {"gdzie"}},         {"ru", {"где"}},
      {"uk", {"де"}},    {"sr", {"gde", "gdje", "где"}},
  };
  return IsLangWord(kWhere, lang, w);
}

// A word that says what a group will or wants to do, between it and the verb ("they will", "are
// going to", "veulent", "van a", "werden"): the future and intention of a subject in the third
// person, not the speaker's exhortation ("must", "should"). Original spelling, lowered.
bool IsFutureMarker(std::string_view lang, std::string_view w) {
  static constexpr LangWords kWill[] = {
      {"en", {"will", "'ll", "gonna", "going", "to", "are"}},
      {"en", {"want", "wanna", "plan", "intend", "soon", "also"}},
      {"en", {"planning", "plans", "intending", "preparing", "wants", ""}},
      {"de", {"werden", "wollen", "bald", "", "", ""}},
      {"nl", {"zullen", "gaan", "willen", "straks", "", ""}},
      {"fr", {"vont", "veulent", "voudraient", "bientôt", "", ""}},
      {"es", {"van", "a", "quieren", "pronto", "", ""}},
      {"pt", {"vão", "querem", "irão", "vao", "", ""}},
      {"it", {"vogliono", "vorrebbero", "stanno", "per", "", ""}},
      {"pl", {"będą", "chcą", "zamierzają", "wkrótce", "", ""}},
      {"ru", {"будут", "хотят", "собираются", "скоро", "", ""}},
      {"uk", {"будуть", "хочуть", "збираються", "скоро", "", ""}},
      {"sr", {"će", "hoće", "žele", "ће", "хоће", "желе"}},
  };
  return IsLangWord(kWill, lang, w);
}

// Turkish "diye" after a third-person optative ("karışmasın diye", so that it does not mix; "gelsinler
// diye") says what for, not who said it: the clause before it is the speaker's purpose. Unless a verb
// of saying follows, which makes it the quotation mark ("defolsun diye bağırdığı", that they shouted
// "get out").
bool IsTurkishPurposeDiye(std::string_view lang, const NormalisedText& text, const Match& m) {
  // Third-person optative endings and stems of verbs of saying, canonical (ı, ş, ğ, ö, ü, ç folded).
  static constexpr std::string_view kOptative[] = {"sin", "sun", "sinlar", "sinler", "sunlar", "sunler"};
  static constexpr std::string_view kSaying[] = {"bagir", "haykir", "soyle", "yaz",     "ded",    "diyor", "demis", "der",
                                                 "iddia", "slogan",  "tweet", "paylas", "acikla", "cagir", "sesle", "inle"};
  if (lang != "tr" || m.first != m.last || m.first == 0 || text.TokenText(text.tokens[m.first]) != "diye") return false;
  const std::string_view w = text.TokenText(text.tokens[m.first - 1]);  // canonical: ı, ü folded to i, u
  const bool optative = std::any_of(std::begin(kOptative), std::end(kOptative), [&](std::string_view suffix) {
    return w.size() > suffix.size() + 1 && w.substr(w.size() - suffix.size()) == suffix;
  });
  if (!optative) return false;
  if (m.last + 1 >= text.tokens.size()) return true;
  const std::string_view next = text.TokenText(text.tokens[m.last + 1]);
  return std::none_of(std::begin(kSaying), std::end(kSaying), [&](std::string_view stem) { return next.starts_with(stem); });
}

// Burmese ဘူး, the particle that closes a negated clause (မ ... ဘူး).
constexpr std::string_view kBurmeseNegativeParticle = "\u1018\u1030\u1038";

// A preposition that introduces the agent of a passive ("wird von diesen Arabern verwässert", "is
// diluted by them"). Canonical forms (diacritics folded).
bool IsAgentPreposition(std::string_view lang, std::string_view w) {
  static constexpr LangWords kAgent[] = {
      {"en", {"by"}},   {"de", {"von", "vom", "durch"}}, {"nl", {"door"}},
      {"fr", {"par"}},  {"es", {"por"}},                 {"pt", {"por", "pelo", "pelos", "pela", "pelas"}},
      {"it", {"da", "dal", "dai", "dagli", "dalla", "dalle"}},
      {"pl", {"przez"}}, {"sr", {"od"}},  {"zh", {"被"}},
  };
  return IsLangWord(kAgent, lang, w);
}

// A comparison word before its noun: "like", "comme", "kao" ("shoot them like rabbits").
// With `how_too`, also those that mean "how" as well ("wie", "come", "como", "zoals"), which count
// only before an article ("wie die Hasen"; not "come vengono trattati", "cómo maltratan").
bool IsSimileBefore(std::string_view lang, std::string_view w, bool how_too) {
  static constexpr LangWords kLike[] = {
      {"en", {"like"}}, {"fr", {"comme"}}, {"pl", {"niczym"}}, {"ru", {"словно"}}, {"uk", {"немов", "мов"}},
      {"sr", {"kao", "као"}}, {"hr", {"kao"}}, {"bs", {"kao"}}, {"ha", {"kamar", "kaman"}}, {"ar", {"مثل"}},
  };
  static constexpr LangWords kLikeOrHow[] = {
      {"es", {"como"}}, {"pt", {"como"}}, {"it", {"come"}}, {"de", {"wie"}}, {"nl", {"zoals"}},
  };
  return IsLangWord(kLike, lang, w) || (how_too && IsLangWord(kLikeOrHow, lang, w));
}

// A negative pronoun that a comparison word governs makes a superlative, not a denial: "they breed
// like nobody else", "se reproduzem como ninguém", "comme personne", "come nessuno", "wie kein
// anderer". Canonical forms. (French "personne" followed by "ne" is the subject of a negated verb:
// "comme personne ne veut ..." (since nobody wants ...) is checked by the caller.)
bool IsComparedNegativePronoun(std::string_view lang, std::string_view w) {
  static constexpr LangWords kNobody[] = {
      {"en", {"nobody", "noone", "none"}},  {"es", {"nadie", "ninguno", "ninguna"}},
      {"pt", {"ninguem", "nenhum", "nenhuma"}}, {"fr", {"personne", "aucun", "aucune"}},
      {"it", {"nessuno", "nessuna"}},       {"de", {"niemand", "keiner", "keine", "kein"}},
      {"nl", {"niemand", "geen"}},
  };
  return IsLangWord(kNobody, lang, w);
}

// An article between a comparison word and its noun ("like the rats", "comme des lapins").
bool IsIndefiniteOrArticle(std::string_view lang, std::string_view w) {
  static constexpr LangWords kArt[] = {
      {"en", {"a", "an", "the"}}, {"fr", {"des", "un", "une", "les", "le", "la"}}, {"es", {"un", "una", "unos", "unas", "los", "las"}},
      {"pt", {"um", "uma", "uns", "umas", "os", "as"}}, {"it", {"dei", "degli", "delle", "un", "una", "i"}},
      {"de", {"die", "ein", "eine", "einen", "den", "der"}}, {"nl", {"de", "het", "een"}},
  };
  return IsLangWord(kArt, lang, w);
}

// The same after its noun, in languages that put it there ("tavşan gibi", "खरगोशों की तरह").
bool IsSimileAfter(std::string_view lang, std::string_view w) {
  static constexpr LangWords kLike[] = {{"tr", {"gibi"}}, {"hi", {"जैसे", "जैसा", "तरह"}}, {"ur", {"جیسے", "طرح"}}};
  return IsLangWord(kLike, lang, w);
}

// Hindi and Urdu mark a definite object with a postposition of its own after the noun ("मुसलमानों को
// ... जला दो"); Burmese "ကို" and Japanese "を" also mark direction or are glued, so they are not listed.
bool IsObjectMarker(std::string_view lang, std::string_view w) {
  static constexpr LangWords kObject[] = {{"hi", {"को", "ko"}}, {"ur", {"کو"}}};
  return IsLangWord(kObject, lang, w);
}

// The agentive participle that heads a Hindi or Urdu relative clause ("मारने वाले", those who kill).
bool IsAgentiveParticiple(std::string_view lang, std::string_view w) {
  static constexpr LangWords kWale[] = {
      {"hi", {"वाले", "वालों", "वाली", "वाला", "wale", "walon"}}, {"ur", {"والے", "والوں", "والی", "والا"}},
  };
  return IsLangWord(kWale, lang, w);
}

// A Hindi or Urdu oblique infinitive, the verb of such a relative clause ("मारने", "करने", "marne").
bool IsObliqueInfinitive(std::string_view lang, std::string_view w) {
  if (lang == "hi") return w.ends_with("ने") || (w.size() > 3 && w.ends_with("ne"));
  if (lang == "ur") return w.ends_with("نے");
  return false;
}

// "With": the group one mixes or marries with, inside a purity phrase, is the one said to contaminate
// ("a mistura com esses ciganos", "Vermischung mit Ausländern", "смешение с мигрантами").
bool IsComitativePreposition(std::string_view lang, std::string_view w) {
  static constexpr LangWords kWith[] = {
      {"en", {"with"}}, {"de", {"mit"}},        {"nl", {"met"}},       {"fr", {"avec"}},          {"es", {"con"}},
      {"pt", {"com"}},  {"it", {"con", "coi"}}, {"pl", {"z", "ze"}},   {"ru", {"с", "со"}},       {"uk", {"з", "із", "зі"}},
      {"sr", {"sa", "с", "са"}}, {"hr", {"sa", "s"}}, {"bs", {"sa", "s"}},
  };
  return IsLangWord(kWith, lang, w);
}

// `s` without the spaces around it: ASCII, no-break (U+00A0) and narrow no-break (U+202F) spaces.
std::string_view TrimSpaces(std::string_view s) {
  constexpr std::string_view kSpaces[] = {" ", "\xc2\xa0", "\xe2\x80\xaf"};
  for (bool trimmed = true; trimmed;) {
    trimmed = false;
    for (std::string_view sp : kSpaces) {
      if (s.starts_with(sp)) s.remove_prefix(sp.size()), trimmed = true;
      if (s.ends_with(sp)) s.remove_suffix(sp.size()), trimmed = true;
    }
  }
  return s;
}

struct TargetMention {
  TokenIndex first, last;
  std::string_view group;  // "" for an unresolved group reference (points into the lexicon)
  uint32_t sentence;
  bool identity;       // named group (not a pronoun)
  int match = -1;      // index into the matcher output
  bool fuzzy = false;  // found by approximate matching
};

// First and last code points, case-folded (tokens are already folded; lexicon terms are as written).
UChar32 FirstCodePoint(std::string_view s) {
  int32_t i = 0;
  UChar32 c = 0;
  U8_NEXT(reinterpret_cast<const uint8_t*>(s.data()), i, static_cast<int32_t>(s.size()), c);
  return u_foldCase(c, U_FOLD_CASE_DEFAULT);
}
UChar32 LastCodePoint(std::string_view s) {
  int32_t i = static_cast<int32_t>(s.size());
  UChar32 c = 0;
  U8_PREV(reinterpret_cast<const uint8_t*>(s.data()), 0, i, c);
  return u_foldCase(c, U_FOLD_CASE_DEFAULT);
}

// Case-folded code points of s.
std::vector<uint32_t> FoldedCodePoints(std::string_view s) {
  std::vector<uint32_t> out;
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  for (int32_t i = 0, n = static_cast<int32_t>(s.size()); i < n;) {
    UChar32 c = 0;
    U8_NEXT(p, i, n, c);
    out.push_back(static_cast<uint32_t>(u_foldCase(c, U_FOLD_CASE_DEFAULT)));
  }
  return out;
}

// Per-thread working memory of Score(): reused across messages so scoring allocates (almost)
// nothing per message. Scorer itself stays immutable and shareable.
struct Scratch {
  std::vector<uint32_t> sentence, clause, first_token_of_sentence, last_clause_of_sentence;
  std::vector<bool> question, exclaimed, dropped, contained, harmless, is_harm, exhorted_call, plain_harm_in_sentence, judges;
  std::vector<const Match*> negations, counters, reports, exhorts, ingroups, selves, intents, contrasts, conditions, allusions,
      endorsements, non_groups, histories;
  std::vector<TargetMention> targets;
  std::vector<std::string_view> in_group_names;  // per harm match: groups a loyalty phrase names
  std::vector<double> weight;
  std::vector<const char*> reason;
  std::vector<std::optional<DiscountCue>> cue;  // per match: the words that discounted it
  std::vector<std::string_view> match_group;
  std::vector<int> out_index;
  std::vector<int> inside_stricter;
  std::vector<std::optional<std::optional<TokenIndex>>> subject_end;  // per sentence, on first use
};
Scratch& ThreadScratch() {
  thread_local Scratch scratch;
  return scratch;
}

// What a harm match counts as in the structural floors and the ceiling of the severity: its
// indicator, or for a code, the plain harm it stands for ("cut down the tall trees" is a call to
// violence; a code without `stands_for` is only coded language). Its weight stays the code's.
Indicator Role(const Entry& e) {
  return e.indicator == Indicator::kCodedLanguage && e.stands_for ? *e.stands_for : e.indicator;
}

// The severity tier a counted piece of evidence sets, by its kind rather than its weight (Umati's
// tiers): a call to violence against a group (or a code whose entry `stands_for` one) is extremely
// dangerous; a hallmark of dangerous speech (dehumanisation, accusation in a mirror, threat to purity,
// claimed attacks on women, questioning loyalty, a coded reference, whatever plain harm short of a
// call a code stands for: "une « chance pour la France »" is contempt in code) moderately dangerous,
// and no more: an accusation in a mirror ("they are arming to kill us") prepares violence but does not yet
// call for it; a slur or contempt ("X are lazy", "I can't stand X") offensive, however many. An
// entry's own `tier` overrides this: a call whose act is removal ("deport them") and a demand to deny
// a group rights ("X should not be allowed to vote") are moderately dangerous.
EntryTier EvidenceTier(const Entry& e) {
  if (e.tier != EntryTier::kDefault) return e.tier;
  switch (Role(e)) {
    case Indicator::kCallToViolence: return EntryTier::kExtremelyDangerous;
    case Indicator::kDehumanisation:
    case Indicator::kAccusationInMirror:
    case Indicator::kThreatToPurity:
    case Indicator::kAttackOnWomen:
    case Indicator::kQuestioningLoyalty:
    case Indicator::kCodedLanguage: return EntryTier::kModeratelyDangerous;
    // A code for contempt or a slur is still a code; an allusion ("you know who I mean") only names.
    default: return e.indicator == Indicator::kCodedLanguage && !IsAllusion(e) ? EntryTier::kModeratelyDangerous : EntryTier::kOffensive;
  }
}

// Tokens per word at a match: the normaliser cuts scripts written without spaces into characters,
// clusters or syllables (kTokenSegmented, about two per word), so windows counted in words are twice
// as many tokens there.
uint32_t WordTokens(const NormalisedText& text, const Match& m) {
  return (text.tokens[m.first].flags & kTokenSegmented) ? 2 : 1;
}

// Whether `cue` shares a token with a harm match not marked in `dropped` (nullptr: none dropped yet).
bool SharesTokenWithHarm(const Match& cue, const std::vector<Match>& matches, const CompiledLexicon& lexicon,
                         const std::vector<bool>* dropped) {
  for (size_t k = 0; k < matches.size(); ++k) {
    if ((dropped && (*dropped)[k]) || !IsHarmIndicator(lexicon.entry(matches[k].entry).indicator)) continue;
    if (matches[k].first <= cue.last && cue.first <= matches[k].last) return true;
  }
  return false;
}

}  // namespace

Scorer::Scorer(ScoringConfig config) : config_(std::move(config)) {}

void Scorer::Score(const Message& message, const NormalisedText& text, const std::vector<Match>& matches,
                   const CompiledLexicon& lexicon, Verdict* out) const {
  out->Clear();
  const size_t n = text.tokens.size();
  if (n == 0) {
    out->explanation = "No words to analyse.";
    return;
  }
  // Most messages carry no harm evidence at all: nothing to weigh, nothing to explain.
  if (std::none_of(matches.begin(), matches.end(),
                   [&](const Match& m) { return IsHarmIndicator(lexicon.entry(m.entry).indicator); })) {
    out->explanation = "No dangerous-speech indicators found.";
    return;
  }
  // Sentence and clause index of every token.
  Scratch& sc = ThreadScratch();
  auto& sentence = sc.sentence;
  auto& clause = sc.clause;
  sentence.assign(n, 0);
  clause.assign(n, 0);
  uint32_t s = 0, c = 0;
  for (size_t i = 0; i < n; ++i) {
    if (i > 0 && text.tokens[i].before == Boundary::kSentence) ++s, ++c;
    else if (i > 0 && text.tokens[i].before == Boundary::kClause) ++c;
    sentence[i] = s;
    clause[i] = c;
  }
  // A contrastive conjunction ("but", "aber", "sondern", "pero") opens a new clause, so a negation
  // before it does not reach past it ("I'm not racist but ...", "never anything but a burden").
  // (Not a word that is also a harm term: folded Portuguese "más", bad, is spelt like "mas", but.)
  for (const Match& m : matches) {
    if (lexicon.entry(m.entry).indicator != Indicator::kContrast || m.first == 0 || m.first >= n) continue;
    if (sentence[m.first - 1] != sentence[m.first] || clause[m.first - 1] != clause[m.first]) continue;
    if (SharesTokenWithHarm(m, matches, lexicon, nullptr)) continue;
    for (size_t i = m.first; i < n; ++i) ++clause[i];
  }

  // Which sentences are questions: the text after the sentence's last token holds a question mark.
  auto& question = sc.question;
  question.assign(s + 1, false);
  auto& exclaimed = sc.exclaimed;  // and which end with an exclamation mark
  exclaimed.assign(s + 1, false);
  // The original text between token i and the next token (the end of the message after the last).
  const auto gap_after = [&](size_t i) {
    const size_t size = message.text.size();
    const size_t from = std::min<size_t>(text.tokens[i].source.end, size);
    const size_t to = i + 1 == n ? size : std::min<size_t>(text.tokens[i + 1].source.begin, size);
    return std::string_view(message.text).substr(from, to > from ? to - from : 0);
  };
  const auto holds_any = [](std::string_view gap, std::initializer_list<std::string_view> marks) {
    return std::any_of(marks.begin(), marks.end(), [&](std::string_view m) { return gap.find(m) != std::string_view::npos; });
  };
  for (size_t i = 0; i < n; ++i) {
    const bool last_of_sentence = i + 1 == n || sentence[i + 1] != sentence[i];
    if (!last_of_sentence) continue;
    const std::string_view gap = gap_after(i);
    question[sentence[i]] = holds_any(gap, {"?", "\xef\xbc\x9f", "\xd8\x9f"});  // ASCII, fullwidth, Arabic
    exclaimed[sentence[i]] = holds_any(gap, {"!", "\xef\xbc\x81"});
  }
  auto& first_token_of_sentence = sc.first_token_of_sentence;
  first_token_of_sentence.assign(s + 1, 0);
  for (size_t i = n; i-- > 0;) first_token_of_sentence[sentence[i]] = static_cast<uint32_t>(i);
  // The token after sentence `sent`'s last (n after the last sentence).
  auto sentence_end = [&](uint32_t sent) -> uint32_t {
    return sent + 1 < first_token_of_sentence.size() ? first_token_of_sentence[sent + 1] : static_cast<uint32_t>(n);
  };
  // The first token of the clause that token t is in.
  auto clause_start = [&](TokenIndex t) {
    while (t > 0 && clause[t - 1] == clause[t]) --t;
    return t;
  };
  // Whether token t is a "no" at the head of its sentence standing as a clause of its own ("No, they
  // are people."): an answer to what came before (IsAnswerNo), in language `lang`.
  // Chinese answers "no" by negating the question's verb, one character written as a token of its
  // own: "不是。", "不对。", "没有。" (not so, not right, did not).
  auto echo_verb_ends_clause = [&](std::string_view lang, TokenIndex t) {
    if (lang != "zh" || t + 1 >= n || clause[t + 1] != clause[t] || (t + 2 < n && clause[t + 2] == clause[t])) return false;
    const std::string_view no = text.TokenText(text.tokens[t]), verb = text.TokenText(text.tokens[t + 1]);
    return (no == "不" && (verb == "是" || verb == "对" || verb == "會" || verb == "会")) || (no == "没" && verb == "有");
  };
  auto answer_no_at = [&](std::string_view lang, TokenIndex t, bool never_too = false) {
    auto answer_word = [&](std::string_view w) { return IsAnswerNo(lang, w) || (never_too && IsAnswerNever(lang, w)); };
    return t < n && t == first_token_of_sentence[sentence[t]] &&
           (((t + 1 == n || clause[t + 1] != clause[t]) && answer_word(text.TokenText(text.tokens[t]))) ||
            echo_verb_ends_clause(lang, t));
  };
  auto& last_clause_of_sentence = sc.last_clause_of_sentence;  // the clause a question mark closes
  last_clause_of_sentence.assign(s + 1, 0);
  for (size_t i = 0; i < n; ++i) last_clause_of_sentence[sentence[i]] = clause[i];

  // Harm matches contained in a longer harm match are redundant: the phrase is the evidence.
  auto& dropped = sc.dropped;
  dropped.assign(matches.size(), false);
  auto& contained = sc.contained;  // dropped only because a longer harm phrase covers it
  contained.assign(matches.size(), false);
  auto& inside_stricter = sc.inside_stricter;
  inside_stricter.assign(matches.size(), -1);
  // A message without a language is matched against every lexicon; let the lexicons vote on its
  // language (the language whose entries cover the most tokens) so that a cue from one language
  // ("no", "die") does not act on a message in another.
  std::string_view voted_lang;
  if (message.lang.empty() && text.lang.empty() && !matches.empty()) {
    std::map<std::string_view, std::set<TokenIndex>> covered;
    for (const Match& m : matches) {
      const Entry& e = lexicon.entry(m.entry);
      if (e.lang == "mul") continue;
      for (TokenIndex t = m.first; t <= m.last; ++t) covered[e.lang].insert(t);
    }
    std::string_view best;
    size_t best_n = 0;
    for (const auto& [lang, toks] : covered) {
      if (toks.size() > best_n) best_n = toks.size(), best = lang;
    }
    voted_lang = best;
    if (covered.size() > 1) {
      for (size_t k = 0; k < matches.size(); ++k) {
        const std::string& l = lexicon.entry(matches[k].entry).lang;
        if (l != "mul" && l != best) dropped[k] = true;
      }
    }
  }
  // A harm phrase that opens on a "no" standing as a clause of its own at the head of its sentence
  // ("¿Son los gitanos unas ratas? No, son personas como tú", where "no son personas" would read
  // "they are not people"): the "no" answers what came before, and the rest is not the phrase.
  for (size_t k = 0; k < matches.size(); ++k) {
    const Match& m = matches[k];
    const Entry& e = lexicon.entry(m.entry);
    if (m.first == m.last || m.last >= n || !IsHarmIndicator(e.indicator)) continue;
    if (answer_no_at(e.lang, m.first)) dropped[k] = true;
  }
  // Whether two matches share no token.
  auto apart = [](const Match& a, const Match& b) { return a.last < b.first || a.first > b.last; };
  // Whether `inner` lies within `outer`, which spans more tokens.
  auto strictly_inside = [](const Match& inner, const Match& outer) {
    return outer.first <= inner.first && inner.last <= outer.last &&
           (outer.last - outer.first) > (inner.last - inner.first);
  };
  // Whether harm match `b` is a longer phrase that holds harm match `a` as its evidence. A hallmark
  // or a call inside a longer contempt or slur phrase keeps its own tier: "de la vermine" (contempt,
  // a generic attribute pattern) does not hide "vermine" (dehumanisation), nor "solo entienden a
  // palos" (contempt) the beating "a palos" (a call). A call inside a hallmark phrase still belongs
  // to it ("rape" in "they come to rape our women", a claimed attack).
  auto holds = [&](size_t b, size_t a) {
    const Entry& ea = lexicon.entry(matches[a].entry);
    const Entry& eb = lexicon.entry(matches[b].entry);
    if (a == b || !IsHarmIndicator(ea.indicator) || !IsHarmIndicator(eb.indicator)) return false;
    if (!strictly_inside(matches[a], matches[b])) return false;
    const bool stronger = ea.indicator != Indicator::kContempt && ea.indicator != Indicator::kSlur &&
                          EvidenceTier(ea) > EntryTier::kOffensive;
    return !(stronger && EvidenceTier(eb) == EntryTier::kOffensive);
  };
  for (size_t a = 0; a < matches.size(); ++a) {
    const Entry& ea = lexicon.entry(matches[a].entry);
    if (!IsHarmIndicator(ea.indicator)) continue;
    for (size_t b = 0; b < matches.size(); ++b) {
      if (dropped[b] || !holds(b, a)) continue;
      const Entry& eb = lexicon.entry(matches[b].entry);
      // A longer phrase that needs its group nearer than the shorter one does may find none where the
      // shorter would ("全部遣返" within 8 characters of a group, "遣返" anywhere in the sentence):
      // the shorter is kept, and dropped below only if a longer one counts.
      if (eb.near_target > 0 && (ea.near_target == 0 || ea.near_target > eb.near_target)) {
        inside_stricter[a] = static_cast<int>(b);
        continue;
      }
      dropped[a] = contained[a] = true;
      inside_stricter[a] = -1;
      break;
    }
  }
  // A harm word inside a longer counter-speech phrase belongs to that phrase ("hate-mongers", "nafrat
  // failane wale": those who spread hatred): it names the people condemned, not the speaker's attitude.
  for (size_t a = 0; a < matches.size(); ++a) {
    if (dropped[a] || !IsHarmIndicator(lexicon.entry(matches[a].entry).indicator)) continue;
    for (size_t b = 0; b < matches.size(); ++b) {
      if (dropped[b] || lexicon.entry(matches[b].entry).indicator != Indicator::kCounterSpeech) continue;
      if (strictly_inside(matches[a], matches[b])) {
        dropped[a] = true;
        break;
      }
    }
  }

  auto fuzzy = [&](const Match& m) { return m.kind == MatchKind::kFuzzy; };
  // Approximate matches of short or differently-ended words are mostly other words ("gills" ~ girls,
  // "Bangladesh" ~ Bangladeshi): only tokens of 7+ bytes whose first and last letters agree with a term
  // count as a misspelt group name. Approximate harm words count only for entries marked `fuzzy`
  // (too many real words sit one edit away from "roaches" or "matar"; see TypoSeldomAWord).
  // Two adjacent letters swapped after the first ("wmoen", "Fruaen", "womne") rarely makes another
  // word, so that typo counts from 5 code points, as does a letter typed twice ("womenn"), and an
  // inner letter left out ("gtanos", "muslms") from 6 (a substitution at 6, "blocks" ~ "blacks", often
  // does make one).
  // The Arabic article is no part of the word for this: "الدوري" (the league) ~ "السوري" (the
  // Syrian) agree in first and last letter only through it. Nor is a one-letter proclitic written
  // before it (bi-, wa-, fa-, ka-; li- + al- is "لل"): "بالبرد" (of the cold) ~ "بالكرد" (with the
  // Kurds) agree only through "بال".
  auto article_size = [](std::string_view word) -> size_t {
    for (std::string_view a : {"\u0628\u0627\u0644", "\u0648\u0627\u0644", "\u0641\u0627\u0644",
                               "\u0643\u0627\u0644", "\u0644\u0644", "\u0627\u0644"}) {
      if (word.starts_with(a)) return a.size();
    }
    return 0;
  };
  auto plausible_typo = [&](const Match& m) {
    if (m.first != m.last) return false;
    const std::string_view tok = text.TokenText(text.tokens[m.first]);
    if (tok.size() < 5) return false;
    // A stem entry's approximate match is a stem with an inner swap or deletion (the matcher's
    // fuzzy stems), the token's ending being its inflection.
    if (lexicon.entry(m.entry).match == MatchMode::kPrefix) return tok.size() >= 6;
    // Long enough that agreeing first and last letters say something: 7 bytes and 6 code points (in
    // bytes alone, a five-letter Arabic "البرد" passed as "الكرد", its first letter the article's);
    // after an Arabic article, 5 code points of what follows it.
    const size_t article_bytes = article_size(tok);
    const bool article = article_bytes > 0;
    const std::string_view stem = tok.substr(article_bytes);
    const UChar32 stem_first = FirstCodePoint(stem), stem_last = LastCodePoint(stem);
    const bool long_token =
        article ? utf8::CountCodePoints(stem) >= 5 : tok.size() >= 7 && utf8::CountCodePoints(tok) >= 6;
    const bool edits = !long_token || article;  // the swap and drop rules below, on the whole token
    const std::vector<uint32_t> tok_cps = edits ? FoldedCodePoints(tok) : std::vector<uint32_t>();
    for (const std::string& term : lexicon.entry(m.entry).terms) {
      if (term.size() < 2 || term.find(' ') != std::string::npos) continue;
      std::string_view term_stem = term;
      if (article) term_stem.remove_prefix(article_size(term_stem));
      if (long_token && FirstCodePoint(term_stem) == stem_first && LastCodePoint(term_stem) == stem_last) return true;
      if (!edits || tok_cps.size() < 5) continue;
      const std::vector<uint32_t> term_cps = FoldedCodePoints(term);
      if (SwapAfterFirst(tok_cps.data(), tok_cps.size(), term_cps.data(), term_cps.size())) return true;
      if (LetterDoubled(tok_cps.data(), tok_cps.size(), term_cps.data(), term_cps.size())) return true;
      if (tok_cps.size() >= 6 && InnerLetterDropped(tok_cps.data(), tok_cps.size(), term_cps.data(), term_cps.size())) {
        return true;
      }
    }
    return false;
  };
  for (size_t k = 0; k < matches.size(); ++k) {
    if (!fuzzy(matches[k]) || dropped[k]) continue;
    const Entry& e = lexicon.entry(matches[k].entry);
    // A harm term's typo counts when its entry asks for it (`fuzzy`); the matcher only makes such
    // matches for typos that seldom make another word.
    const bool keep = e.indicator == Indicator::kIdentityTerm ? plausible_typo(matches[k])
                                                              : e.fuzzy && IsHarmIndicator(e.indicator);
    if (!keep) dropped[k] = true;
  }
  // Umlauts are letters of their own: "schwül" (humid) folds to "schwul" (gay). A match of a German
  // entry whose original text holds ä, ö or ü is dropped when none of its entry's terms, as the
  // curator wrote them, has that letter. (The other way round it stands: "Turken" for "Türken" is a
  // left-out dot.) Not in Turkish, whose curators and writers alike often leave the dots off:
  // "donusu olmayan bir tatile gonderelim" is the entry for "dönüşü olmayan bir tatile gönderelim".
  const std::string_view message_lang = text.lang.empty() ? std::string_view(message.lang) : std::string_view(text.lang);
  const bool spanish = message_lang == "es";
  for (size_t k = 0; k < matches.size(); ++k) {
    const Match& m = matches[k];
    const Entry& e = lexicon.entry(m.entry);
    if (dropped[k] || e.terms.empty() || m.source.end > message.text.size()) continue;
    const std::string_view span = std::string_view(message.text).substr(m.source.begin, m.source.end - m.source.begin);
    if (e.lang == "de") {
      for (const auto& umlaut : kUmlauts) {
        auto holds = [&](std::string_view t) {
          return t.find(umlaut.first) != std::string_view::npos || t.find(umlaut.second) != std::string_view::npos;
        };
        if (holds(span) && std::none_of(e.terms.begin(), e.terms.end(), holds)) {
          dropped[k] = true;
          break;
        }
      }
    }
    // Spanish marks the preterite's stress: "expulsó", "mató", "quemó" (he expelled, killed, burned:
    // news of the past) fold to the present "expulso", "mato", "quemo" (I expel, kill, burn). A word
    // of the match ending in ó is another verb form when no term of the entry has a word ending in ó.
    if (!dropped[k] && spanish && EndsAWordWithAcuteO(span) &&
        std::none_of(e.terms.begin(), e.terms.end(), [](std::string_view t) { return EndsAWordWithAcuteO(t); })) {
      dropped[k] = true;
    }
  }

  // The same words matched by several entries of one indicator (sr/hr/bs share terms; a term may sit
  // in two files) are one piece of evidence: keep the strongest, among the matches that survived the
  // typo and umlaut checks above (an approximate match kept here and dropped there took the other
  // entries' matches of the word with it: "imigrés" fits "immigrés" but not "zmigrés"). An exact
  // match is stronger than an approximate one, whatever their weights ("ኦርቶዶክሶች"). Between equal
  // weights, the entry that says more about these words wins: one whose curator set its tier (a
  // removal entry over a general call pattern: "Impunzi zose basubizwe iwabo"), then one that names
  // its target (a blood-mixing phrase of the replacement story over the same words as a general
  // purity phrase).
  auto stronger = [](const Entry& x, const Entry& y) {
    if (x.weight != y.weight) return x.weight > y.weight;
    const bool x_tier = x.tier != EntryTier::kDefault, y_tier = y.tier != EntryTier::kDefault;
    if (x_tier != y_tier) return x_tier;
    return !x.target.empty() && y.target.empty();
  };
  for (size_t a = 0; a < matches.size(); ++a) {
    if (dropped[a]) continue;
    const Entry& ea = lexicon.entry(matches[a].entry);
    for (size_t b = a + 1; b < matches.size(); ++b) {
      if (dropped[b] || matches[b].first != matches[a].first || matches[b].last != matches[a].last) continue;
      const Entry& eb = lexicon.entry(matches[b].entry);
      if (eb.indicator != ea.indicator) continue;
      if (fuzzy(matches[a]) != fuzzy(matches[b])) {
        if (fuzzy(matches[a])) { dropped[a] = true; break; }
        dropped[b] = true;
        continue;
      }
      if (stronger(eb, ea)) { dropped[a] = true; break; }
      dropped[b] = true;
    }
  }
  // Cues by kind, and target mentions.
  auto& negations = sc.negations;
  auto& counters = sc.counters;
  auto& reports = sc.reports;
  auto& exhorts = sc.exhorts;
  auto& ingroups = sc.ingroups;
  auto& selves = sc.selves;  // the speaker naming themself ("I'm", "as a", "я")
  auto& intents = sc.intents;  // a third party's plan ("they are planning to", "мечтают", "chcą")
  auto& contrasts = sc.contrasts;
  auto& conditions = sc.conditions;
  auto& allusions = sc.allusions;  // coded allusions to a group left unnamed (stands_for: identity_term)
  auto& endorsements = sc.endorsements;  // the speaker agreeing with what is reported ("and he was right")
  auto& non_groups = sc.non_groups;  // named referents that are no protected group ("Arsenal", "the referee")
  auto& histories = sc.histories;  // a past event's date or period ("in 1941", "during the Holocaust")
  auto& targets = sc.targets;
  auto& in_group_names = sc.in_group_names;
  negations.clear(), counters.clear(), reports.clear(), exhorts.clear(), ingroups.clear(), selves.clear(), intents.clear(), contrasts.clear(), conditions.clear(),
      allusions.clear(), endorsements.clear(), non_groups.clear(), histories.clear(), targets.clear();
  auto& harmless = sc.harmless;  // per match, computed once in the loop below (every harm match passes there)
  harmless.assign(matches.size(), false);
  // An entry's context words (harmless_context) near the match, in its sentence, mark the harmless
  // sense of an ambiguous word ("finocchio" near "insalata", "kurt" near "sürü"): such a match is
  // neither evidence nor a mention of a group.
  // The words inside a pattern's own match count too, but its first and last: a pattern with a gap
  // ("give (the|a) [^ ]+ a good beating") spans words its author could not list ("the rug").
  auto in_harmless_context = [&](const Match& m, const Entry& e) {
    if (e.harmless_context.empty()) return false;
    // A word with a harmless homonym, or a reclaimed slur, takes its sense from its whole sentence
    // ("La tortillera de la esquina ... las mejores tortillas de maíz"); other entries from the
    // words near it.
    const bool sentence_sense = !e.homonym_of.empty() || e.reclaimed;
    const uint32_t window = sentence_sense ? static_cast<uint32_t>(n) : 8 * WordTokens(text, m);
    const uint32_t lo = m.first > window ? m.first - window : 0;
    const uint32_t hi = std::min<uint32_t>(static_cast<uint32_t>(n) - 1, m.last + window);
    const bool inner_counts = m.kind == MatchKind::kPattern;
    // A context word after the match that a comparison introduces is the harm's image, not its
    // object ("il faut leur tirer dessus comme des lapins", shoot them like rabbits): the simile
    // word stands right before it or before its article, or right after it in Turkish and Hindi.
    // (Most of these words also mean "how", "come vengono trattati": then a verb follows them.)
    auto in_simile = [&](uint32_t j) {
      if (sentence_sense || j <= m.last) return false;
      if (j >= m.last + 2 && IsSimileBefore(e.lang, text.TokenText(text.tokens[j - 1]), false)) return true;
      if (j >= m.last + 3 && IsSimileBefore(e.lang, text.TokenText(text.tokens[j - 2]), true) &&
          IsIndefiniteOrArticle(e.lang, text.TokenText(text.tokens[j - 1]))) {
        return true;
      }
      for (uint32_t a = j + 1; a < n && a <= j + 2 && sentence[a] == sentence[j]; ++a) {
        if (IsSimileAfter(e.lang, text.TokenText(text.tokens[a]))) return true;
      }
      return false;
    };
    // Whether one of the entry's context words begins at token j.
    auto context_word_at = [&](uint32_t j) {
      const std::string_view tok = text.TokenText(text.tokens[j]);
      const bool segmented = (text.tokens[j].flags & kTokenSegmented) != 0;
      for (const std::string& item : e.harmless_context) {
        const ContextWord c = SplitContextWord(item);
        if (c.whole ? tok == c.word : tok.starts_with(c.word)) return true;
        // In a script without spaces a token is one character or syllable, and a context word of
        // several ("比赛", a match; stored canonical, "比 赛") is the span of as many segmented
        // tokens of the sentence, from this one.
        if (segmented && c.word.size() > tok.size() && c.word.starts_with(tok)) {
          const uint32_t last = j + static_cast<uint32_t>(std::count(c.word.begin(), c.word.end(), ' '));
          bool in_sentence = last < n;
          for (uint32_t q = j + 1; in_sentence && q <= last; ++q) {
            in_sentence = sentence[q] == sentence[m.first] && (text.tokens[q].flags & kTokenSegmented);
          }
          if (in_sentence) {
            const std::string_view span = text.Span(j, last);
            if (c.whole ? span == c.word : span.starts_with(c.word)) return true;
          }
        }
      }
      return false;
    };
    for (uint32_t j = lo; j <= hi; ++j) {
      const bool own_word = j >= m.first && j <= m.last && !(inner_counts && j > m.first && j < m.last);
      if (own_word || sentence[j] != sentence[m.first]) continue;
      if (context_word_at(j) && !in_simile(j)) return true;
    }
    return false;
  };
  // Which sentences hold plain (not coded) harm evidence: there a coded term that stands for a
  // group ("madoadoa", the outsiders to be removed) is meant in its coded sense.
  auto& plain_harm_in_sentence = sc.plain_harm_in_sentence;
  plain_harm_in_sentence.assign(n == 0 ? 0 : sentence[n - 1] + 1, false);
  for (size_t k = 0; k < matches.size(); ++k) {
    const Match& m = matches[k];
    const Entry& e = lexicon.entry(m.entry);
    if (dropped[k] && !contained[k]) continue;
    harmless[k] = in_harmless_context(m, e);
    if (!dropped[k] && !harmless[k] && IsHarmIndicator(e.indicator) && e.indicator != Indicator::kCodedLanguage &&
        e.status == EntryStatus::kActive && !fuzzy(m)) {
      plain_harm_in_sentence[sentence[m.first]] = true;
    }
  }
  // A coded term that carries its group counts in its coded sense when it is no ordinary word too
  // (homonym_of empty) or when its sentence holds plain harm evidence.
  auto coded_in_coded_sense = [&](const Match& m, const Entry& e) {
    return e.indicator == Indicator::kCodedLanguage && !e.target.empty() &&
           (e.homonym_of.empty() || plain_harm_in_sentence[sentence[m.first]]);
  };
  // A negation inside a hashtag is the slogan's own ("#GeenAZC", no asylum centre; "#NoMoreMosques"):
  // it negates harm in that hashtag ("#NotAllMuslimsAreTerrorists") and nothing after it.
  auto negation_outside_its_hashtag = [&](const Match& ng) {
    if (!(text.tokens[ng.first].flags & kTokenHashtag)) return false;
    auto joined = [&](size_t i) {  // token i+1 continues the hashtag of token i
      return (text.tokens[i + 1].flags & kTokenHashtag) && text.tokens[i + 1].source.begin == text.tokens[i].source.end;
    };
    size_t lo = ng.first, hi = ng.last;
    while (lo > 0 && joined(lo - 1)) --lo;
    while (hi + 1 < n && joined(hi)) ++hi;
    return std::none_of(matches.begin(), matches.end(), [&](const Match& h) {
      return IsHarmIndicator(lexicon.entry(h.entry).indicator) && h.first >= lo && h.last <= hi;
    });
  };
  // A negation word inside a group's name is part of the name, not a negation: "non-binaires",
  // "no binarios", "无神论者" (atheists), "non vedenti" (blind people).
  auto negation_inside_group_name = [&](const Match& ng) {
    return std::any_of(matches.begin(), matches.end(), [&](const Match& g) {
      return lexicon.entry(g.entry).indicator == Indicator::kIdentityTerm && g.first <= ng.first && ng.last <= g.last &&
             g.last > g.first;
    });
  };
  // "como ninguém" (like nobody else), "like no one": a negative pronoun right after a comparison
  // word (IsSimileBefore, "como"/"wie" included) says "more than anyone", and denies nothing.
  auto negation_in_comparison = [&](const Match& ng) {
    const Entry& e = lexicon.entry(ng.entry);
    if (ng.first == 0 || clause[ng.first - 1] != clause[ng.first]) return false;
    if (!IsSimileBefore(e.lang, text.TokenText(text.tokens[ng.first - 1]), /*how_too=*/true)) return false;
    const std::string_view w = text.TokenText(text.tokens[ng.first]);
    const bool no_one = e.lang == "en" && w == "no" && ng.first + 1 < n && text.TokenText(text.tokens[ng.first + 1]) == "one";
    if (!no_one && !IsComparedNegativePronoun(e.lang, w)) return false;
    const TokenIndex after = ng.first + (no_one ? 2 : 1);
    // (The subject of a negated verb: "comme personne ne veut les accueillir".)
    return !(e.lang == "fr" && after < n && clause[after] == clause[ng.first] &&
             IsFrenchNe(text.TokenText(text.tokens[after])));
  };
  std::string_view last_group;
  for (size_t k = 0; k < matches.size(); ++k) {
    const Match& m = matches[k];
    const Entry& e = lexicon.entry(m.entry);
    if (dropped[k] && !contained[k]) continue;
    if (e.status == EntryStatus::kWatchlist && e.indicator != Indicator::kIdentityTerm && IsCueIndicator(e.indicator)) continue;
    if (e.indicator == Indicator::kNegation &&
        (negation_outside_its_hashtag(m) || negation_inside_group_name(m) || negation_in_comparison(m))) {
      continue;
    }
    // A slur or other harm term that names its group is also a mention of that group, so a violent
    // verb near it has a target ("the balije should be killed"), even when a longer harm phrase
    // covers it ("alle Schwuchteln umbringen"). So is a coded term for a group, in its coded sense
    // ("tuwafukuze madoadoa wote": chase the outsiders away). A fuzzy match never names a group by itself.
    if (harmless[k]) continue;
    if (IsAllusion(e) && !dropped[k] && !fuzzy(m)) allusions.push_back(&m);
    if (IsHarmIndicator(e.indicator) && !e.target.empty() && !fuzzy(m) && e.status == EntryStatus::kActive &&
        (e.indicator != Indicator::kCodedLanguage || coded_in_coded_sense(m, e))) {
      targets.push_back({m.first, m.last, e.target, sentence[m.first], true, -1});
      last_group = e.target;
    }
    if (dropped[k]) continue;
    switch (e.indicator) {
      case Indicator::kNegation: negations.push_back(&m); break;
      case Indicator::kCounterSpeech: counters.push_back(&m); break;
      case Indicator::kReporting:
        if (!IsTurkishPurposeDiye(e.lang, text, m)) reports.push_back(&m);
        break;
      case Indicator::kExhortation: exhorts.push_back(&m); break;
      case Indicator::kContrast: contrasts.push_back(&m); break;
      case Indicator::kCondition: conditions.push_back(&m); break;
      case Indicator::kInGroup: ingroups.push_back(&m); break;
      case Indicator::kSelfReference: selves.push_back(&m); break;
      case Indicator::kIntention: intents.push_back(&m); break;
      case Indicator::kEndorsement: endorsements.push_back(&m); break;
      case Indicator::kNonGroup: non_groups.push_back(&m); break;
      case Indicator::kHistorical: histories.push_back(&m); break;
      case Indicator::kIdentityTerm:
        targets.push_back({m.first, m.last, e.target, sentence[m.first], true, static_cast<int>(k), fuzzy(m)});
        last_group = e.target;
        break;
      case Indicator::kGroupReference:
        targets.push_back({m.first, m.last, last_group, sentence[m.first], false, static_cast<int>(k)});
        break;
      default: break;
    }
  }
  // A reference that no group before it resolves, followed in its sentence by a group named in
  // apposition, with only other references between ("Filthy scroungers, the lot of them, these
  // Somalis"), points forward to that group.
  for (auto& tm : targets) {
    if (tm.identity || !tm.group.empty()) continue;
    for (const auto& named : targets) {
      if (!named.identity || named.fuzzy || named.sentence != tm.sentence || named.first <= tm.last) continue;
      bool only_references = true;
      for (TokenIndex i = tm.last + 1; i < named.first && only_references; ++i) {
        only_references = std::any_of(targets.begin(), targets.end(), [&](const TargetMention& r) {
          return !r.identity && r.first <= i && i <= r.last;
        });
      }
      if (only_references) tm.group = named.group;
      break;  // only the first group named after it
    }
  }

  auto same_token_as_harm = [&](const Match* cue) {
    for (size_t k = 0; k < matches.size(); ++k) {
      const Entry& e = lexicon.entry(matches[k].entry);
      if (IsHarmIndicator(e.indicator) && matches[k].first == cue->first && !dropped[k]) return true;
    }
    return false;
  };
  // A cue word that is part of a longer harm phrase belongs to that phrase.
  auto inside_longer_harm = [&](const Match* cue) {
    for (size_t j = 0; j < matches.size(); ++j) {
      if (dropped[j]) continue;
      const Match& h = matches[j];
      if (!IsHarmIndicator(lexicon.entry(h.entry).indicator)) continue;
      if (strictly_inside(*cue, h)) return true;
    }
    return false;
  };
  auto quoted = [&](const Match& m) { return (text.tokens[m.first].flags & kTokenQuoted) != 0; };
  // Quotation marks around nothing but a neutral group name (not a slur: «Жид» in quotes is the
  // word mentioned, "the word «Жид» justified pogroms").
  auto scare_quoted = [&](const TargetMention& tm) {
    return tm.identity && tm.match >= 0 && (tm.first == 0 || !(text.tokens[tm.first - 1].flags & kTokenQuoted)) &&
           (tm.last + 1 >= n || !(text.tokens[tm.last + 1].flags & kTokenQuoted));
  };
  // Does the message say anything outside its quotation marks? Quoting hateful words and then
  // commenting on them is how people report and condemn them.
  const bool has_unquoted = std::any_of(text.tokens.begin(), text.tokens.end(),
                                        [](const Token& t) { return (t.flags & kTokenQuoted) == 0; });
  const bool has_quoted = std::any_of(text.tokens.begin(), text.tokens.end(),
                                      [](const Token& t) { return (t.flags & kTokenQuoted) != 0; });
  // Whether a negation ends at most `reach` tokens before the cue, in its clause ("nobody says",
  // "he was not right").
  auto negated_just_before = [&](const Match* cue, uint32_t reach) {
    return std::any_of(negations.begin(), negations.end(), [&](const Match* ng) {
      return ng->last < cue->first && cue->first - ng->last <= reach && clause[ng->last] == clause[cue->first];
    });
  };
  // An endorsement cue agrees with what is reported or quoted ("e ele estava certo", "so true"), unless
  // a negation just before it in its clause denies it ("he was not right") or its sentence asks.
  auto endorses = [&](const Match* en) { return !question[sentence[en->first]] && !negated_just_before(en, 2); };
  // The words reported or quoted in sentence `sent` are the speaker's own when an endorsement stands in
  // that sentence or within the first words of the next: "Judeu bom é judeu morto, já dizia meu avô e
  // ele estava certo", "'...' So true."
  constexpr uint32_t kEndorsementOpening = 4;
  constexpr uint32_t kSpeechOpening = 3;  // a sentence that opens by naming what was said: "this talk", "such words"
  auto endorsed_report = [&](uint32_t sent) {
    return std::any_of(endorsements.begin(), endorsements.end(), [&](const Match* en) {
      const uint32_t s = sentence[en->first];
      return (s == sent || (s == sent + 1 && en->first < first_token_of_sentence[s] + kEndorsementOpening)) &&
             endorses(en);
    });
  };
  // A frame before a harm that its clause's own predicate endorses after it is agreement, not
  // counter-speech: "Chi chiede di sparare ai migranti ha ragione", "Whoever says X should be shot is right".
  auto endorsed_in_clause = [&](const Match& m) {
    return std::any_of(endorsements.begin(), endorsements.end(), [&](const Match* en) {
      return en->first > m.last && clause[en->first] == clause[m.last] && endorses(en);
    });
  };

  // The group a sentence names right after opening with a group reference ("They are just women
  // after all", "Those are Muslims"): what a "they" in the sentence before it may point forward to.
  auto named_by_next_sentence = [&](uint32_t sent) -> std::string_view {
    if (sent + 1 > sentence[n - 1]) return {};
    const uint32_t opening = first_token_of_sentence[sent + 1];
    const bool opens_with_reference = std::any_of(targets.begin(), targets.end(), [&](const TargetMention& tm) {
      return !tm.identity && tm.sentence == sent + 1 && tm.first == opening;
    });
    if (!opens_with_reference) return {};
    for (const auto& tm : targets) {
      if (tm.identity && !tm.fuzzy && tm.sentence == sent + 1 && tm.first > opening && tm.first - opening <= 3) {
        return tm.group;
      }
    }
    return {};
  };

  // Whether a historical cue dates harm match `m` of sentence `sent` as a past event ("In 1941 the
  // Jews of the village were lined up and shot by the SS", "Im Nationalsozialismus wurden Sinti und
  // Roma als Volksschädlinge verfolgt", "1492年西班牙把犹太人驱逐出境"): the cue stands in the harm's
  // clause, or in a clause of its own ("In 1941, ..."), not as the date of another clause the harm
  // judges ("Ce qui est arrivé aux Juifs pendant la guerre, ils l'ont bien cherché"); or the harm is
  // a word of the cue, the period's name ("Durante la conquista ..."). Not when the sentence is a
  // question or an exclamation, when someone there exhorts, intends, sets a condition or speaks as
  // "we" or "I" ("In 1994 we should have finished them"), or when the harm opens the sentence but for
  // the cue (an imperative: "Kill them all like in 1941"). The cue that dates it, or null.
  auto narrates_history = [&](const Match& m, uint32_t sent) -> const Match* {
    if (histories.empty() || question[sent] || exclaimed[sent]) return nullptr;
    for (const auto* cues : {&exhorts, &intents, &conditions, &ingroups, &selves}) {
      if (std::any_of(cues->begin(), cues->end(), [&](const Match* c) { return sentence[c->first] == sent; })) return nullptr;
    }
    const auto in_cue = [&](TokenIndex i) {
      return std::any_of(histories.begin(), histories.end(), [&](const Match* h) { return h->first <= i && i <= h->last; });
    };
    if (const Match* period = FirstWhere(histories, [&](const Match* h) { return h->first <= m.first && m.last <= h->last; })) {
      return period;
    }
    const Match* dated = FirstWhere(histories, [&](const Match* h) {
      const bool own_clause = clause_start(h->first) == h->first && (h->last + 1 >= n || clause[h->last + 1] != clause[h->last]);
      return sentence[h->first] == sent && (h->last < m.first || h->first > m.last) &&
             (clause[h->first] == clause[m.first] || own_clause);
    });
    if (!dated) return nullptr;
    for (TokenIndex i = first_token_of_sentence[sent]; i < m.first; ++i) {
      if (!in_cue(i)) return dated;  // a word before the harm: it does not open the sentence
    }
    return nullptr;
  };

  // The group the next sentence opens with as its subject (first or second token) and goes on to
  // vilify there, with harm of its own and no negation, counter-speech or report: what a "them" left
  // unresolved in a call before it points forward to ("Kill them all. Muslims are a plague.", "يجب
  // القضاء عليهم. اليهود كالكلاب"). Not a sentence that only names the group ("Kill them all. Muslims
  // are our neighbours."), nor one that names two groups.
  auto vilified_by_next_sentence = [&](uint32_t sent) -> std::string_view {
    if (sent + 1 > sentence[n - 1]) return {};
    const uint32_t opening = first_token_of_sentence[sent + 1];
    std::string_view group;
    bool harm = false;
    for (size_t j = 0; j < matches.size(); ++j) {
      const Match& mj = matches[j];
      if (dropped[j] || harmless[j] || sentence[mj.first] != sent + 1) continue;
      const Entry& ej = lexicon.entry(mj.entry);
      if (ej.indicator == Indicator::kNegation || ej.indicator == Indicator::kCounterSpeech ||
          ej.indicator == Indicator::kReporting) {
        return {};
      }
      if (ej.indicator == Indicator::kIdentityTerm) {
        if (fuzzy(mj) || (!group.empty() && group != ej.target)) return {};
        if (mj.first > opening + 1) return {};  // the group is not the sentence's subject
        group = ej.target;
        continue;
      }
      harm |= IsHarmIndicator(ej.indicator) && !fuzzy(mj) && mj.first > opening;
    }
    return harm ? group : std::string_view();
  };

  // The group named by a short fragment right after a sentence, an afterthought that says whom the
  // sentence meant ("Zeit, das Werk unserer Großväter zu vollenden. Die Juden zuerst.", "Can't stand
  // them. Jews, I mean.", "Nos van a echar. Hablo de los marroquíes."): a sentence of at most
  // kFragmentWords words that names one group and holds no harm, negation or counter-speech of its own
  // ("... Not the Muslims." is no afterthought naming the target).
  // When the sentence's "they" is unresolved, the afterthought may be a longer sentence that ends on
  // the group's name, the shape of "I'm talking about the Muslims", "Ich meine natürlich die Juden",
  // "Je parle des Roms": at most kLongFragmentWords words, and no report in it ("That is what they
  // say about the Roma" is no afterthought).
  auto named_by_fragment_after = [&](uint32_t sent) -> std::string_view {
    constexpr uint32_t kLongFragmentWords = 7;
    if (sent + 1 > sentence[n - 1]) return {};
    const uint32_t opening = first_token_of_sentence[sent + 1];
    const uint32_t end = sentence_end(sent + 1);
    const uint32_t per_word = (text.tokens[opening].flags & kTokenSegmented) ? 2 : 1;
    const bool long_form = end - opening > kFragmentWords * per_word;
    if (long_form && end - opening > kLongFragmentWords * per_word) return {};
    if (long_form && std::none_of(targets.begin(), targets.end(), [&](const TargetMention& tm) {
          return tm.sentence == sent && tm.group.empty() && !tm.identity;  // a "they" nothing resolved
        })) {
      return {};
    }
    std::string_view group;
    TokenIndex group_last = 0;
    for (size_t j = 0; j < matches.size(); ++j) {
      const Match& mj = matches[j];
      if (dropped[j] || sentence[mj.first] != sent + 1) continue;
      const Entry& ej = lexicon.entry(mj.entry);
      if (IsHarmIndicator(ej.indicator) || ej.indicator == Indicator::kNegation ||
          ej.indicator == Indicator::kCounterSpeech || (long_form && ej.indicator == Indicator::kReporting)) {
        return {};
      }
      if (ej.indicator != Indicator::kIdentityTerm || fuzzy(mj)) continue;
      if (!group.empty() && group != ej.target) return {};  // two groups: no single referent
      group = ej.target;
      group_last = std::max(group_last, mj.last);
    }
    if (long_form && group_last + 1 != end) return {};
    return group;
  };

  // A group addressed at the close of a sentence: its last clause, after a comma, is the group's name
  // with at most two words before it ("Watch yourselves, you filthy pakis.", "Uważajcie na siebie,
  // brudasy."), and nothing in it but the name and contempt for it. A threat in that sentence or the
  // one before is said to that group.
  auto closing_vocative = [&](uint32_t sent) -> std::string_view {
    if (sent > sentence[n - 1]) return {};
    const uint32_t end = sentence_end(sent);
    if (end == 0 || clause[end - 1] == clause[first_token_of_sentence[sent]]) return {};
    const uint32_t start = clause_start(end - 1);
    std::string_view group;
    for (const auto& tm : targets) {
      if (tm.identity && !tm.fuzzy && tm.last + 1 == end && tm.first >= start && tm.first - start <= 2 &&
          !(text.tokens[tm.first].flags & kTokenQuoted)) {
        group = tm.group;
      }
    }
    if (group.empty()) return {};
    for (size_t j = 0; j < matches.size(); ++j) {
      const Match& mj = matches[j];
      if (dropped[j] || mj.last < start || mj.first >= end) continue;
      const Indicator ind = lexicon.entry(mj.entry).indicator;
      if (ind != Indicator::kIdentityTerm && ind != Indicator::kSlur && ind != Indicator::kContempt &&
          ind != Indicator::kGroupReference) {
        return {};
      }
    }
    return group;
  };

  // The group the message is addressed to: it opens with a short clause that names a group and ends
  // in a colon ("Message aux Comoriens de la résidence : ...", "Aan de Syriërs uit het
  // AZC hier in de wijk: ..."). What follows, to the end of the message, is said to that group. A
  // clause that says something of the group (harm, a negation, a report or a judgement in it) is a
  // statement, not an address ("Gli africani non sono scimmie, e chi ...").
  std::string_view addressee;
  size_t salutation_end = 0;  // the first token after the opening clause
  while (salutation_end < n && sentence[salutation_end] == 0 && clause[salutation_end] == clause[0]) ++salutation_end;
  if (salutation_end < n && salutation_end <= kSalutationTokens && sentence[salutation_end] == 0) {
    const bool says_something = std::any_of(matches.begin(), matches.end(), [&](const Match& o) {
      const Indicator ind = lexicon.entry(o.entry).indicator;
      return o.first < salutation_end && ind != Indicator::kIdentityTerm && ind != Indicator::kGroupReference &&
             ind != Indicator::kInGroup && ind != Indicator::kSelfReference;
    });
    // A colon only: after a comma the clause is as often a statement ("The problem here is
    // immigrants, and ..."); a vocative before a comma is the address rule's, below.
    const bool salutation = !says_something && holds_any(gap_after(salutation_end - 1), {":", "\xef\xbc\x9a"});  // and fullwidth
    for (const auto& tm : targets) {
      if (salutation && tm.identity && !tm.fuzzy && tm.last < salutation_end && !(text.tokens[tm.first].flags & kTokenQuoted)) {
        addressee = tm.group;
      }
    }
  }

  // Evidence.
  auto& weight = sc.weight;
  auto& reason = sc.reason;
  auto& cue = sc.cue;
  auto& match_group = sc.match_group;
  auto& is_harm = sc.is_harm;
  auto& exhorted_call = sc.exhorted_call;
  weight.assign(matches.size(), 0.0);
  reason.assign(matches.size(), nullptr);
  cue.assign(matches.size(), std::nullopt);
  auto cue_of = [&](const Match* c) {
    return DiscountCue{c->source, lexicon.entry(c->entry).indicator, c->entry};
  };
  // A sentence that denies a harm ("I don't hate migrants.", "Roma are not thieves.") is not the
  // antecedent of the next one: "I hate the system ...", "Thieves are in every people" are about
  // something else. (Matches come in text order, so an earlier sentence's reasons are final here.)
  auto denied_before = [&](uint32_t sent) {
    for (size_t j = 0; j < matches.size() && sentence[matches[j].first] < sent; ++j) {
      if (sentence[matches[j].first] + 1 == sent && reason[j] != nullptr && std::string_view(reason[j]) == "negated") return true;
    }
    return false;
  };
  match_group.assign(matches.size(), {});
  is_harm.assign(matches.size(), false);
  exhorted_call.assign(matches.size(), false);

  // A purity term that names a concept with its own target (Entry::names_concept: the replacement
  // conspiracy by name, "Umvolkung") is asserted when its sentence speaks for an in-group ("we will be
  // a minority"), calls to act ("stop the Great Replacement") or holds other harm evidence; a bare
  // mention (a book title, a debate) needs a group named near it, like any purity term without a
  // target. A purity claim with its own target ("love jihad", "Islamisierung unserer Schulen") counts
  // for that target like any harm entry's.
  // A phrase shouted as its own sentence, with at most one other word, is a slogan, which asserts
  // ("Żadnego mieszania ras!", "No race mixing!", "Stop race mixing!"; not "I love race mixing!").
  auto slogan = [&](const Match& m) {
    const uint32_t sent = sentence[m.first];
    const uint32_t end = sentence_end(sent);
    return exclaimed[sent] && (end - first_token_of_sentence[sent]) - (m.last - m.first + 1) <= 1;
  };
  auto asserted_in = [&](size_t k) {
    const uint32_t sent = sentence[matches[k].first];
    auto in_sentence = [&](const Match* c) { return sentence[c->first] == sent; };
    // A call to act comes before what it calls against ("We must stop the Great Replacement"); a
    // future after it reports ("The Great Replacement will be discussed on the panel tomorrow").
    auto calls_before = [&](const Match* c) { return in_sentence(c) && c->last < matches[k].first; };
    if (std::any_of(ingroups.begin(), ingroups.end(), in_sentence) ||
        std::any_of(exhorts.begin(), exhorts.end(), calls_before)) {
      return true;
    }
    if (slogan(matches[k])) return true;
    for (size_t j = 0; j < matches.size(); ++j) {
      const Entry& ej = lexicon.entry(matches[j].entry);
      if (j == k || dropped[j] || harmless[j] || sentence[matches[j].first] != sent || fuzzy(matches[j])) continue;
      if (ej.status != EntryStatus::kActive || !IsHarmIndicator(ej.indicator)) continue;
      if (matches[j].entry != matches[k].entry && !strictly_inside(matches[j], matches[k])) return true;
    }
    return false;
  };
  // Whether a harm match after token `from` and before match `k` was negated or countered (matches come
  // in text order, so their reasons are final).
  auto denied_between = [&](TokenIndex from, size_t k) {
    for (size_t j = 0; j < k; ++j) {
      if (matches[j].first <= from || reason[j] == nullptr) continue;
      const std::string_view r = reason[j];
      if (r == "negated" || r == "counter_speech") return true;
    }
    return false;
  };
  const std::string_view scoring_lang = !text.lang.empty() ? text.lang : !message.lang.empty() ? message.lang : voted_lang;
  const bool head_final = IsHeadFinal(scoring_lang);
  // German and Dutch: the finite verb comes second in a main clause, the others at the end.
  const bool verb_second = scoring_lang == "de" || scoring_lang == "nl";
  const bool verb_final_subordinates = IsVerbFinalInSubordinates(scoring_lang);
  // Another code, or harm stronger than contempt, in the message on other tokens than match k
  // ("Kopvoddentaks invoeren ... #remigratie", "Stop 447! Polska dla Polaków"); not the same code
  // again ("--resource=RISORSA  nome della risorsa").
  auto same_words = [&](const Match& a, const Match& b) {
    return a.entry == b.entry && text.Span(a.first, a.last) == text.Span(b.first, b.last);
  };
  auto other_code = [&](size_t k) {
    for (size_t j = 0; j < matches.size(); ++j) {
      if (j == k || dropped[j] || harmless[j] || fuzzy(matches[j]) || same_words(matches[j], matches[k])) continue;
      const Indicator ind = lexicon.entry(matches[j].entry).indicator;
      if (!IsHarmIndicator(ind) || ind == Indicator::kContempt) continue;
      if (apart(matches[j], matches[k])) return true;
    }
    return false;
  };
  // Whether a watchlist match k is corroborated: another harm match of a kind that names an act or a
  // code (not contempt or a dehumanising simile, which describe individuals as often: "tired like a
  // dog after work", "nk'imbwa nyuma y'akazi"), on other tokens and with other words (another entry, or another term of it: "Hochfinanz ... Ostküste"),
  // active or itself on the watchlist. Two codes, or a code and a call, read together in their
  // coded sense ("Igihe kirageze cyo gutema ibiti birebire. Mwese muzane imihoro": time to cut the
  // tall trees, all bring machetes; "969 ... 786 ဆိုင်တွေကို သပိတ်မှောက်ကြ").
  // Whether allusion a stands for the group that harm match h is about: it is in h's sentence or the
  // next one ("Otro apuñalamiento en el metro. Ya sabéis de quién hablo.").
  auto allusion_reaches = [&](const Match& a, const Match& h) {
    return apart(a, h) && (sentence[a.first] == sentence[h.first] || sentence[a.first] == sentence[h.first] + 1);
  };
  const auto numeral = [](std::string_view w) {
    return std::all_of(w.begin(), w.end(), [](char c) { return (c >= '0' && c <= '9') || c == '/' || c == ' '; });
  };
  auto corroborated = [&](size_t k) {
    const Match& mk = matches[k];
    const std::string_view words_k = text.Span(mk.first, mk.last);
    const bool allusion = IsAllusion(lexicon.entry(mk.entry));
    for (size_t j = 0; j < matches.size(); ++j) {
      if (j == k || dropped[j] || harmless[j] || fuzzy(matches[j])) continue;
      const Match& mj = matches[j];
      const Indicator ind = lexicon.entry(mj.entry).indicator;
      // An allusion to an unnamed group gives a dehumanising metaphor its target (allusion_target,
      // below), and the two read together: "Hay que limpiar el barrio, ya sabéis de quién hablo".
      if (!IsHarmIndicator(ind) || ind == Indicator::kContempt) continue;
      if (ind == Indicator::kDehumanisation && !(allusion && allusion_reaches(mk, mj))) continue;
      if (!apart(mj, mk)) continue;
      const std::string_view words_j = text.Span(mj.first, mj.last);
      // A bare number takes active evidence; another watchlist term does not corroborate it, nor it
      // one: "born in 88 ... got 13/50", "the number 88 bus ... the usual suspects at the council".
      if (lexicon.entry(mj.entry).status == EntryStatus::kWatchlist && (numeral(words_k) || numeral(words_j))) continue;
      if (numeral(words_k) && numeral(words_j)) continue;
      if (mj.entry != mk.entry || words_j != words_k) return true;
    }
    return false;
  };
  // Whether the contempt match m, on a word that is also a counter-speech cue ("disgusting",
  // "widerlich", "nojento"), judges a statement rather than the group: the sentence already holds
  // harm evidence of another kind before it (not the word it follows at once: "traveco nojento"
  // describes the slur), or a reporting cue before it, or one after it that reports harm, or the
  // sentence before reports or quotes someone ("Someone wrote '...' on the wall. Absolutely
  // sickening.").
  auto judged_statement = [&](const Match& m) {
    const bool is_counter_cue =
        std::any_of(counters.begin(), counters.end(), [&](const Match* c) { return c->first == m.first; });
    if (!is_counter_cue) return false;
    const uint32_t sent = sentence[m.first];
    bool framed = std::any_of(reports.begin(), reports.end(), [&](const Match* r) {
      return (sentence[r->first] == sent && r->first < m.first) || sentence[r->first] + 1 == sent;
    });
    for (size_t j = first_token_of_sentence[sent]; j-- > 0 && !framed && sentence[j] + 1 == sent;) {
      framed = (text.tokens[j].flags & kTokenQuoted) != 0;
    }
    // Or harm of another kind before it in its sentence that is quoted or denied ("I will never break
    // the skull of a Muslim, that's disgusting"). Not harm the speaker asserts, which the word then
    // agrees with ("Muslims are pigs, it's a disgrace"; "Der ganze Park voller N e g e r, einfach
    // nur widerlich").
    for (size_t j = 0; j < matches.size() && !framed; ++j) {
      const Match& mj = matches[j];
      const Entry& ej = lexicon.entry(mj.entry);
      if (!IsHarmIndicator(ej.indicator) || ej.indicator == Indicator::kContempt || dropped[j] ||
          sentence[mj.first] != sent || mj.last + 1 >= m.first) {
        continue;
      }
      framed = quoted(mj) || std::any_of(negations.begin(), negations.end(), [&](const Match* ng) {
                 return ng->last < mj.first && clause[ng->last] == clause[mj.first];
               });
    }
    // Or a reporting cue after it in its sentence with harm after that cue: the word judges what is
    // reported ("Disgusting that a councillor wrote that Muslims should die", "It is vile how people
    // say Jews are rats").
    for (const Match* r : reports) {
      if (framed) break;
      if (sentence[r->first] != sent || r->first <= m.last) continue;
      framed = std::any_of(matches.begin(), matches.end(), [&](const Match& mj) {
        return &mj != &m && mj.first > r->last && sentence[mj.first] == sent &&
               IsHarmIndicator(lexicon.entry(mj.entry).indicator);
      });
    }
    return framed;
  };
  // Per contempt match, whether it judges a statement (computed once: both uses below ask).
  auto& judges = sc.judges;
  judges.assign(matches.size(), false);
  for (size_t j = 0; j < matches.size(); ++j) {
    judges[j] = lexicon.entry(matches[j].entry).indicator == Indicator::kContempt && judged_statement(matches[j]);
  }
  // A counter-speech cue on a word that is contempt and not judging a statement is the contempt
  // itself ("Die Syrer sind dreckig und laut, widerlich"): it condemns nothing.
  auto cue_is_contempt = [&](const Match* cue) {
    for (size_t j = 0; j < matches.size(); ++j) {
      if (dropped[j] || matches[j].first != cue->first) continue;
      if (lexicon.entry(matches[j].entry).indicator == Indicator::kContempt && !judges[j]) return true;
    }
    return false;
  };
  // Whether the message names a group or carries harm that names one, elsewhere than on match k's
  // own tokens: a group word on the code itself ("黑哥们" read both as a code and as a group name)
  // does not put the code in its coded sense.
  auto coded_context = [&](size_t k) {
    const Match& mk = matches[k];
    if (std::any_of(targets.begin(), targets.end(), [&](const TargetMention& t) {
          return t.identity && (t.last < mk.first || t.first > mk.last);
        })) {
      return true;
    }
    for (size_t j = 0; j < matches.size(); ++j) {
      const Entry& e = lexicon.entry(matches[j].entry);
      if (IsHarmIndicator(e.indicator) && e.indicator != Indicator::kCodedLanguage && !e.target.empty() &&
          apart(matches[j], mk)) {
        return true;
      }
    }
    // Or an allusion says that a group is meant ("... bulldozer, समझने वाले समझ गए").
    return !IsAllusion(lexicon.entry(mk.entry)) &&
           std::any_of(allusions.begin(), allusions.end(), [&](const Match* a) { return allusion_reaches(*a, mk); });
  };
  // Whether animals read in their literal sense come before token `first` of sentence `sent`, in it
  // or in the one before (k: the match being weighed; earlier matches' reasons are final): an animal
  // word its harmless context discounted ("The rats are back in the barn. We have to kill them
  // all."), or, in the sentence before, one that found no group and whose sentence holds no
  // reference either, so that it names the animals themselves ("We found cockroaches in the kitchen.
  // We must exterminate them."), unlike "They are rats" or "Our new neighbours 🐒🐒 ..., such
  // people ...", where the reference is what the word is said of. A "them" or a coded verb with no
  // object of its own ("Imbeba zuzuye mu bubiko. Tugomba kuzirandura": uproot them) then means them.
  auto literal_animal_before = [&](TokenIndex first, uint32_t sent, size_t k) {
    for (size_t j = 0; j < matches.size(); ++j) {
      const Match& mj = matches[j];
      if (mj.last >= first || sentence[mj.first] + 1 < sent) continue;
      if (lexicon.entry(mj.entry).indicator != Indicator::kDehumanisation) continue;
      if (harmless[j]) return true;
      const bool unaimed = j < k && sentence[mj.first] + 1 == sent && reason[j] != nullptr &&
                           std::string_view(reason[j]) == "no_target";
      if (unaimed && std::none_of(targets.begin(), targets.end(), [&](const TargetMention& r) {
            return !r.identity && r.sentence == sentence[mj.first];
          })) {
        return true;
      }
    }
    return false;
  };
  // A short token as written, in lower case ("" for a longer one; the longest word the checks
  // below look for is 27 bytes, Hindi "जिन्होंने"). Every script's capitals are lowered, so a
  // sentence's first word is found as well as any other ("Эти", "Ці", "Żaden", "Ces"); simple
  // lowercase mappings, not case folding (Greek "ς" stays itself, "ß" stays one letter).
  auto source_lower = [&](TokenIndex i) {
    const std::string_view w = text.tokens[i].source.Slice(message.text);
    std::string lower(w.size() > 32 ? std::string_view() : w);
    bool ascii = true;
    for (char& c : lower) {
      ascii &= static_cast<unsigned char>(c) < 0x80;
      c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
    }
    if (ascii) return lower;
    std::string out;
    const auto* p = reinterpret_cast<const uint8_t*>(lower.data());
    for (int32_t k = 0, n = static_cast<int32_t>(lower.size()); k < n;) {
      UChar32 c = 0;
      U8_NEXT(p, k, n, c);
      if (c < 0) return lower;  // not UTF-8 (the normaliser's source spans always are)
      char buf[U8_MAX_LENGTH];
      int32_t len = 0;
      U8_APPEND_UNSAFE(buf, len, u_tolower(c));
      out.append(buf, static_cast<size_t>(len));
    }
    return out;
  };
  // Whether a group mention is a bare noun phrase set apart by a negation: the negation opens its
  // clause (among its first two words: "not", "а не", "pas", "no a"), only articles, demonstratives
  // and "all" come between ("not all the migrants", "a todos los"), and the name ends the clause. A
  // clause with a verb of its own is a statement ("не віддавайте доньок за циган", do not give your
  // daughters to Gypsies; "not one of them deserves to stay"), and "not just" adds.
  auto set_apart = [&](const TargetMention& tm) {
    // (The rest of the clause is the noun phrase: determiners and group mentions only, "всех" +
    // "мигрантов".)
    auto in_phrase = [&](TokenIndex t) {
      return IsDeterminerOrAll(scoring_lang, source_lower(t)) ||
             std::any_of(targets.begin(), targets.end(), [&](const TargetMention& o) { return o.first <= t && t <= o.last; });
    };
    return std::any_of(negations.begin(), negations.end(), [&](const Match* ng) {
      if (ng->first != ng->last || ng->last >= tm.first || tm.first - ng->last > 4 ||
          clause[ng->first] != clause[tm.first] || !IsAdverbNot(scoring_lang, source_lower(ng->first))) {
        return false;
      }
      if (ng->first - clause_start(ng->first) > 1 || IsJustOnly(scoring_lang, source_lower(ng->last + 1))) return false;
      // Spanish "no" is also the determiner: only before one ("no a todos los inmigrantes").
      if (scoring_lang == "es" && !IsDeterminerOrAll(scoring_lang, source_lower(ng->last + 1))) return false;
      for (TokenIndex t = ng->last + 1; t < n && clause[t] == clause[tm.first]; ++t) {
        if (!in_phrase(t)) return false;
      }
      return true;
    });
  };
  // Whether sentence st opens with its own subject, a thing or a fact ("Whoever threatens Muslims
  // belongs in jail. That is disgusting."): then nothing is left out for the sentence before to fill,
  // when what it says is a judgement that the lexicon also lists as a condemnation (contempt and a
  // counter-speech cue on the same words). A noun it calls the thing still labels the group
  // ("Schon wieder Muslime im Viertel. Das ist Ungeziefer.", "Het is tuig"), and so does a plural
  // after the verb ("C'est des voleurs", "That's all of them"). "that's" is two tokens; "thats" one.
  auto thing_subject = [&](uint32_t st) {
    const uint32_t a = first_token_of_sentence[st];
    if (a >= n || sentence[a] != st) return false;
    const std::string first = source_lower(a);
    if (!IsThingSubject(scoring_lang, first)) return false;
    const bool contracted = first == "thats";
    const uint32_t after = contracted ? a + 1 : a + 2;
    if (!contracted && (a + 1 >= n || sentence[a + 1] != st || !IsSingularCopula(scoring_lang, source_lower(a + 1)))) return false;
    if (after < n && sentence[after] == st) {
      const std::string next = source_lower(after);
      if (next == "des" || next == "all" || next == "alle" || next == "todos" || next == "tutti" || next == "allemaal" ||
          next == "them" || next == "they") {
        return false;
      }
    }
    return true;
  };
  // Whether sentence st opens with a subject of its own that names no group: an article or a
  // demonstrative, a word that no group mention or harm match covers, then a relative pronoun or a
  // copula ("Those bureaucrats are parasites", "Die Vermieter, die sie ausbeuten, sind Parasiten"),
  // or the determiner and a relative pronoun at once ("Those who did it are scum"). ("Those animals
  // should go" names the group by its harm word; "Die sind alle Parasiten" has no noun.) Then the
  // group of the sentence before is not what it speaks of, and a reference inside that relative
  // clause (up to its copula: "The landlords who exploit them are parasites") names the subject's
  // victims, not its target. The token that ends that subject (its relative clause's copula, or the
  // copula right after the noun), or nothing.
  auto own_subject_end_of = [&](uint32_t st) -> std::optional<TokenIndex> {
    const TokenIndex a = first_token_of_sentence[st];
    const TokenIndex end = sentence_end(st);
    if (a + 2 >= end || !IsSubjectDeterminer(scoring_lang, source_lower(a))) return std::nullopt;
    auto copula = [&](TokenIndex t) {
      const std::string w = source_lower(t);
      return IsPluralCopula(scoring_lang, w) || IsSingularCopula(scoring_lang, w);
    };
    auto plain = [&](TokenIndex t) {
      return std::none_of(targets.begin(), targets.end(), [&](const TargetMention& o) { return o.first <= t && t <= o.last; }) &&
             std::none_of(matches.begin(), matches.end(), [&](const Match& o) {
               return o.first <= t && t <= o.last && IsHarmIndicator(lexicon.entry(o.entry).indicator);
             });
    };
    // (Right before the relative pronoun, only a plural: "o que eles merecem", "ce que", "that which"
    // is what, no subject of its own.)
    const bool singular = IsSingularDeterminer(scoring_lang, source_lower(a));
    TokenIndex rel = a + 1;
    if (singular || !IsSubjectRelative(scoring_lang, source_lower(rel))) {
      if (!plain(a + 1)) return std::nullopt;
      rel = a + 2;
      if (copula(rel)) return rel;
      if (!IsSubjectRelative(scoring_lang, source_lower(rel))) return std::nullopt;
    }
    TokenIndex t = rel + 1;
    while (t < end && !copula(t)) ++t;
    return t;
  };
  // The group that a killing verb says will do it: a group named (or a "they" resolved to one)
  // opening the verb's clause, then only words of its future or intention, "The Fulani will butcher
  // every farmer", "Soon they will slaughter every Christian", "Ils vont égorger nos enfants", and
  // after the verb (in German and Dutch, after the future word and before the verb at the end:
  // "Bald werden sie unsere Kinder abschlachten") the victims: "us" or another group. Then the verb
  // is what the group is accused of planning, not the speaker's call. Not where the speaker's own
  // side is the subject ("our Hutu brothers will ..."). Returns the victims' group ("" for "us"),
  // or nothing, and whether "we" act too elsewhere in the sentence, which keeps the call a call.
  struct CallAgent {
    std::string_view victims;
    bool we_act;
    std::string_view agent;  // "" for a subject left out
  };
  auto call_agent = [&](const Match& m) -> std::optional<CallAgent> {
    if (head_final || m.first == 0) return std::nullopt;
    const uint32_t cl = clause[m.first];
    const TokenIndex open = clause_start(m.first);
    // The victims after the verb (from `from` on; verb-final, before it too), not of the agent's
    // group: up to four words after it, not past a condition ("... if we don't move first").
    TokenIndex to = m.last + 4;
    for (const Match* c : conditions) {
      if (c->first > m.first && c->first <= to) to = c->first - 1;
    }
    auto victims = [&](TokenIndex from, std::string_view agent) -> std::optional<std::string_view> {
      for (const Match* g : ingroups) {
        if (clause[g->first] == cl && g->first >= from && g->first <= to) return std::string_view{};
      }
      for (const TargetMention& v : targets) {
        if (v.identity && !v.group.empty() && v.group != agent && clause[v.first] == cl && v.first >= from && v.first <= to) {
          return v.group;
        }
      }
      return std::nullopt;
    };
    auto future_words = [&](TokenIndex from, TokenIndex end) {  // [from, end): all of them, at least one
      if (from >= end || end - from > 3) return false;
      for (TokenIndex t = from; t < end; ++t) {
        if (!IsFutureMarker(scoring_lang, source_lower(t))) return false;
      }
      return true;
    };
    // Any exhortation before the verb that is no word of the future ("must", "should").
    auto exhorted_after = [&](TokenIndex from) {
      return std::any_of(exhorts.begin(), exhorts.end(), [&](const Match* x) {
        return x->first >= from && x->first < m.first && !IsFutureMarker(scoring_lang, source_lower(x->first));
      });
    };
    // "We" elsewhere in the sentence act too, before or against them: "The Rohingya will slaughter
    // every Buddhist if we don't move first", "Als we de moslims niet stoppen, gaan ze ons afslachten".
    auto we_act = [&](TokenIndex from) {
      return std::any_of(ingroups.begin(), ingroups.end(), [&](const Match* g) {
        return sentence[g->first] == sentence[m.first] && (g->first < from || g->first > to);
      });
    };
    for (const TargetMention& s : targets) {
      if (s.group.empty() || s.last >= m.first || clause[s.first] != cl || s.first > open + 3) continue;
      // Only future words right after the subject (at least one), then, verb-final, the object; or
      // there, the future word right before the subject ("Bald werden sie ...").
      TokenIndex t = s.last + 1;
      while (t < m.first && t - s.last <= 3 && IsFutureMarker(scoring_lang, source_lower(t))) ++t;
      const bool inverted = verb_second && t == s.last + 1 && s.first > open &&
                            IsFutureMarker(scoring_lang, source_lower(s.first - 1));
      if ((t == s.last + 1 && !inverted) || (t < m.first && (!verb_second || m.first - t > 4))) continue;
      if (std::any_of(ingroups.begin(), ingroups.end(), [&](const Match* g) {
            return clause[g->first] == cl && g->last < s.first + 1 && s.first - g->first <= 2;
          })) {
        continue;  // "we Serbs will", "our boys will"
      }
      if (exhorted_after(s.last + 1)) continue;
      // Nor a verb in a condition after the subject's clause ("..., als wij ze niet eerst uitroeien").
      if (std::any_of(conditions.begin(), conditions.end(), [&](const Match* c) { return c->first > s.last && c->first <= m.first; })) {
        continue;
      }
      // Verb-second with the object first, "we" right after the future word is the subject: "Die
      // vieze Surinamers gaan we allemaal neersteken".
      if (verb_second && !inverted && t < m.first) {
        const std::string w = source_lower(t);
        if (w == "wir" || w == "we" || w == "wij") continue;
      }
      const TokenIndex from = verb_second ? t : m.first;
      if (auto v = victims(from, s.group)) return CallAgent{*v, we_act(from), s.group};
    }
    // A subject left out in or after a sentence that accuses a group of a plan (a mirror phrase),
    // the clause opening on the future words: "Los musulmanes se están armando. Van a degollar a nuestros hijos."
    const uint32_t sent = sentence[m.first];
    if (open == first_token_of_sentence[sent] && future_words(open, m.first) &&
        std::any_of(matches.begin(), matches.end(), [&](const Match& o) {
          return (sentence[o.first] == sent || sentence[o.first] + 1 == sent) && !fuzzy(o) &&
                 lexicon.entry(o.entry).indicator == Indicator::kAccusationInMirror;
        })) {
      if (auto v = victims(m.first, "")) return CallAgent{*v, we_act(m.first), {}};
    }
    return std::nullopt;
  };
  // A reference in a later sentence that resolved to the victims of a group said to be about to kill
  // them points to that group, the accused, until another group is named: "The Tutsi want to
  // exterminate the Hutu. Exterminate them first.", "Die Muslime wollen alle Christen abschlachten.
  // Wir müssen sie zuerst töten." (the speaker's side is never the victims here: "us" is no group).
  for (size_t k = 0; k < matches.size(); ++k) {
    const Match& m = matches[k];
    if ((dropped[k] && !contained[k]) || Role(lexicon.entry(m.entry)) != Indicator::kCallToViolence) continue;
    const auto agent = call_agent(m);
    if (!agent || agent->we_act || agent->agent.empty() || agent->victims.empty()) continue;
    TokenIndex named_after = m.last;  // the last victims' mention in the verb's sentence
    for (const TargetMention& v : targets) {
      if (v.identity && v.group == agent->victims && sentence[v.first] == sentence[m.first]) named_after = std::max(named_after, v.last);
    }
    for (TargetMention& tm : targets) {
      if (tm.first <= named_after) continue;
      if (tm.identity) break;  // another group named: references after it are its own
      if (tm.sentence > sentence[m.first] && tm.group == agent->victims) tm.group = agent->agent;
    }
  }
  // (Worked out once per sentence, on first use.)
  auto& subject_end_memo = sc.subject_end;
  subject_end_memo.assign(n == 0 ? 0 : sentence[n - 1] + 1, std::nullopt);
  auto own_subject_end = [&](uint32_t st) -> std::optional<TokenIndex> {
    if (!subject_end_memo[st]) subject_end_memo[st] = own_subject_end_of(st);
    return *subject_end_memo[st];
  };
  for (size_t k = 0; k < matches.size(); ++k) {
    const Match& m = matches[k];
    const Entry& e = lexicon.entry(m.entry);
    if (!IsHarmIndicator(e.indicator) || dropped[k]) continue;
    const uint32_t sent = sentence[m.first];
    const uint32_t words = WordTokens(text, m);

    // 0. The harmless sense, told by a context word near the match ("finocchio" near "insalata").
    if (harmless[k]) {
      is_harm[k] = true;
      reason[k] = "harmless_context";
      continue;
    }

    // A word that is both contempt and a counter-speech cue ("disgusting") judges a statement when it
    // is framed as one (judged_statement, above); otherwise it is contempt.
    if (judges[k]) continue;  // counter-speech, not evidence
    is_harm[k] = true;

    // A watchlist entry is too ambiguous to alert on alone ("tall trees", "969", "Ostküste"); it
    // counts when other harm evidence in the message corroborates it (corroborated, above).
    if (e.status == EntryStatus::kWatchlist && !corroborated(k)) { reason[k] = "watchlist"; continue; }

    // 1. Target.
    double target_factor = 0;
    std::string_view group;
    const bool coded_ctx = e.indicator == Indicator::kCodedLanguage && coded_context(k);
    if (e.indicator == Indicator::kCodedLanguage && !coded_ctx && !e.homonym_of.empty() &&
        !coded_in_coded_sense(m, e)) {
      // Most coded terms are also ordinary words ("weeds", "tall trees", "go to work"): alone they
      // are not evidence. They count when the message names a group or carries other harm evidence
      // (for a term that stands for a group, plain harm evidence in its sentence).
      reason[k] = "no_target";
      continue;
    }
    // A slur names its own group. One spelled like an ordinary word (homonym_of) counts a little
    // less: its harmless uses are meant to be listed as exclusions.
    if (!e.target.empty() && !fuzzy(m) && !(e.indicator == Indicator::kThreatToPurity && e.names_concept && !asserted_in(k))) {
      target_factor = e.homonym_of.empty() ? 1.0 : 0.85;
      group = e.target;
    } else if (e.indicator == Indicator::kCodedLanguage &&
               (coded_ctx || (((e.homonym_of.empty() && e.near_target == 0) || other_code(k)) &&
                              !literal_animal_before(m.first, sent, k)))) {
      // Coded language exists to avoid naming the target: it counts without one when the message
      // names a group elsewhere or carries other harm evidence (alone, most coded terms are homonyms),
      // or holds another code or harm stronger than contempt ("on va au travail : n'oubliez pas vos
      // outils", "Kopvoddentaks invoeren ... #remigratie"). Alone, an entry with
      // near_target asks for a group that close, like any other ("au travail", go to work, is
      // Rwanda's code for killing only beside a group). Without a group, a code right after animals
      // read literally is said of them ("Imbeba zuzuye mu bubiko. Tugomba kuzirandura").
      target_factor = 0.85;
    }
    if (target_factor == 0) {
      // (A denial in the previous sentence: its group is carried into this one by neither path below.)
      const bool after_denial = sent > 0 && denied_before(sent);
      const std::optional<TokenIndex> subject_end = own_subject_end(sent);
      // A judgement word that is also a condemnation cue ("disgusting", "widerlich", "une honte").
      auto judged_thing = [&]() {
        return e.indicator == Indicator::kContempt && std::any_of(counters.begin(), counters.end(), [&](const Match* cu) {
                 return cu->first <= m.first && cu->last >= m.last;
               });
      };
      int best = -1;
      uint32_t best_dist = UINT32_MAX;
      // In a question, the first group the sentence names, a few words after its start, is its
      // subject too: the question frame stands before it ("Is it just me or are disabled people just
      // a massive drain we'd be better off without?", "Am I the only one who thinks X ...?"). Named
      // groups only, not references. (In a statement, a group a few words in is as often an object
      // or a modifier: "We went to see the Roma band and my cousin is so lazy".)
      auto opens_after_frame = [&](size_t t) {
        const auto& tm = targets[t];
        if (!question[sent] || !tm.identity || tm.first > first_token_of_sentence[sent] + kFrameTokens) return false;
        for (size_t u = 0; u < t; ++u) if (targets[u].sentence == sent) return false;
        return true;
      };
      // Inside a claimed attack on women, a group just before the word for the women, or right after
      // it, says whose they are ("no Christian girl is safe", "هیچ دختر افغانی"): the victims, wherever
      // else the message names them ("No Muslim woman is safe since the attacks on the mosque").
      auto names_the_women = [&](const TargetMention& g) {
        return std::any_of(targets.begin(), targets.end(), [&](const TargetMention& w) {
          return w.identity && w.match >= 0 && lexicon.entry(matches[w.match].entry).target_category == "gender" &&
                 ((w.first > g.last && w.first - g.last <= 2) || (g.first > w.last && g.first - w.last == 1));
        });
      };
      std::string_view victims;
      if (e.indicator == Indicator::kAttackOnWomen) {
        for (const auto& g : targets) {
          if (g.identity && !g.group.empty() && g.first >= m.first && g.last <= m.last && names_the_women(g)) victims = g.group;
        }
      }
      // A group named inside an accusation in a mirror after its first word is the one they are said
      // to attack ("Они отрубят головы всем русским, эти чеченцы": the Russians are "us"), when the
      // sentence names another group outside the phrase, the one accused: it is no target in the
      // sentence, nor is a "they" that refers to it.
      std::string_view attacked;
      if (e.indicator == Indicator::kAccusationInMirror) {
        for (const auto& g : targets) {
          if (g.sentence == sent && g.identity && !g.group.empty() && g.first > m.first && g.last <= m.last &&
              std::any_of(targets.begin(), targets.end(), [&](const TargetMention& o) {
                return o.sentence == sent && o.identity && !o.group.empty() && o.group != g.group &&
                       (o.last < m.first || o.first > m.last);
              })) {
            attacked = g.group;
          }
        }
      }
      // So is the group a killing verb's agent is said to attack ("The Fulani will butcher every
      // Christian farmer": the Christians; call_agent, above).
      if (Role(e) == Indicator::kCallToViolence) {
        if (const auto agent = call_agent(m); agent && !agent->victims.empty()) attacked = agent->victims;
      }
      // A group named inside a phrase that questions loyalty is the in-group whose membership is at
      // stake ("वो हिंदू कहलाने लायक नहीं", he is not worthy of being called a Hindu; "算什么中国人",
      // what kind of Chinese is that): when the sentence names another group, that one is the target,
      // the group said to be defended, rented to or sided with, and the in-group is no target wherever
      // the sentence names it again ("जो हिंदू मुस्लिम किरायेदार रखता है, वो हिंदू कहलाने लायक नहीं").
      // (Named by its plain name: a slur inside the phrase is the target's, "слуге Турака", servants
      // of the Turks, is said of Bosniaks. An entry that says its phrase names the in-group,
      // names_in_group, sets it aside even when the sentence names no other group.)
      in_group_names.clear();
      if (e.indicator == Indicator::kQuestioningLoyalty) {
        for (const auto& g : targets) {
          if (g.sentence == sent && g.identity && g.match >= 0 && g.first >= m.first && g.last <= m.last &&
              lexicon.entry(matches[g.match].entry).indicator == Indicator::kIdentityTerm) {
            in_group_names.push_back(g.group);
          }
        }
      }
      auto names_in_phrase = [&](std::string_view group) {
        return std::find(in_group_names.begin(), in_group_names.end(), group) != in_group_names.end();
      };
      const bool membership_at_stake =
          !in_group_names.empty() && (e.names_in_group || std::any_of(targets.begin(), targets.end(), [&](const TargetMention& o) {
                                        return o.sentence == sent && !o.group.empty() && !names_in_phrase(o.group);
                                      }));
      for (size_t t = 0; t < targets.size(); ++t) {
        const auto& tm = targets[t];
        if (tm.sentence != sent || tm.group.empty()) continue;
        if (membership_at_stake && names_in_phrase(tm.group)) continue;
        // A "them" whose group was named in a sentence that denied the harm refers to it no more.
        if (!tm.identity && after_denial &&
            std::none_of(targets.begin(), targets.end(),
                         [&](const TargetMention& o) { return o.identity && o.sentence == sent && o.group == tm.group; })) {
          continue;
        }
        // A group word inside someone else's quoted words is theirs, not the target of harm outside
        // the quote; a group word alone in quotation marks is scare quotes, irony about the group
        // ('the new "refugees" at the Holiday Inn', 'Un'altra "risorsa"'), and still names it.
        if (has_quoted && !quoted(m) && (text.tokens[tm.first].flags & kTokenQuoted) && !scare_quoted(tm)) continue;
        // A group named inside a purity phrase is the one kept "pure" ("the purity of Russian blood"),
        // and one named inside a claimed attack on women is the victims ("no girl is safe", "our
        // Christian girls"): neither is the target, which is the group said to contaminate or attack
        // them. Inside an attack phrase, a group that is neither women nor marked as "ours" is the
        // attacker ("protect our women from these migrants", "Kadınlarımızı bu göçmenlerden korumalıyız"),
        // unless it says whose the women are (names_the_women, above), and that group is no target
        // anywhere in the message.
        if (!victims.empty() && tm.group == victims) continue;
        if (!attacked.empty() && tm.group == attacked) continue;
        // In either, a group named as the agent of a passive ("Unsere Kultur wird von diesen Arabern
        // verwässert") is the one said to do it; in a purity phrase, so is the group one mixes with
        // ("a mistura com esses ciganos vai destruir tudo").
        if ((e.indicator == Indicator::kThreatToPurity || e.indicator == Indicator::kAttackOnWomen) &&
            tm.first >= m.first && tm.last <= m.last) {
          bool agent = false;
          for (TokenIndex w = tm.first > m.first + 2 ? tm.first - 2 : m.first; w < tm.first && !agent; ++w) {
            agent = IsAgentPreposition(scoring_lang, text.TokenText(text.tokens[w])) ||
                    (e.indicator == Indicator::kThreatToPurity && IsComitativePreposition(scoring_lang, text.TokenText(text.tokens[w])));
          }
          const bool attacker = agent || (e.indicator == Indicator::kAttackOnWomen && tm.identity && tm.match >= 0 &&
                                          lexicon.entry(matches[tm.match].entry).target_category != "gender" &&
                                          std::none_of(ingroups.begin(), ingroups.end(), [&](const Match* g) {
                                            return g->first >= m.first && g->last < tm.first && tm.first - g->last <= 2;
                                          }) &&
                                          !names_the_women(tm));
          if (!attacker) continue;
        }
        if (fuzzy(m) && tm.fuzzy) continue;  // two approximate matches are not evidence
        if (!tm.identity && tm.last < m.first && subject_end && tm.last <= *subject_end) continue;
        // A group named after the harm in a later clause that a negation opens is the one the speaker
        // sets apart: "Deport the criminals, not all migrants", "Депортувати треба злочинців, а не
        // всіх мігрантів", "..., pas tous les migrants" (not "..., not just the criminals").
        if (tm.first > m.last && clause[tm.first] != clause[m.last] && set_apart(tm)) continue;
        // A group named in a clause about a place after a dehumanising word ("Rats and cockroaches
        // infest the housing where many Somali families live") lives there; the animals are the
        // place's, not a name for the group.
        if (e.indicator == Indicator::kDehumanisation && tm.first > m.last) {
          bool place = false;
          for (TokenIndex w = m.last + 1; w < tm.first && !place; ++w) {
            place = IsLocativeRelative(scoring_lang, text.TokenText(text.tokens[w]));
          }
          if (place) continue;
        }
        uint32_t dist = tm.last < m.first ? m.first - tm.last : (tm.first > m.last ? tm.first - m.last : 0);
        // The group that opens the sentence is its subject: what the sentence goes on to say is said
        // of it ("Araber sind halt alle faul und ...", "Esos no vienen a trabajar, vienen a robar ..."),
        // within a wider reach than a word that merely stands near the harm.
        // Not in head-final languages, whose relative clauses come before their noun: there a group
        // opening the sentence is often inside one ("[ኦሮሞዎችን የሚደበድቡ] ሰዎችን ማየት ያስጠላኛል", seeing
        // people who beat Oromos disgusts me). A back-reference that opens the sentence ("Bu insanlar",
        // "ये लोग", "እነዚህ ሰዎች": these people) is its subject there too: it points back to a group
        // named before and heads no relative clause of its own. Nor past a harm the sentence has just
        // denied ("Gli africani non sono scimmie, e chi fa il verso della scimmia ...").
        // (In a head-final language, a group whose clause a comma has closed before the harm heads no
        // relative clause around it: "Suriyeliler her yeri işgal etti, pis hayvanlar defolsun".)
        const bool subject = (!head_final || !tm.identity || clause[tm.last] != clause[m.first]) &&
                             (tm.first <= first_token_of_sentence[sent] + 1 || opens_after_frame(t)) && tm.last < m.first &&
                             dist <= static_cast<uint32_t>(std::max(2 * e.near_target, kSubjectReach)) &&
                             !denied_between(tm.last, k);
        // In Hindi and Urdu, the group an object marker follows is the object of the call whose verb
        // ends its clause, however many words come between ("मुसलमानों को इस गाँव से हमेशा के लिए
        // बाहर निकालकर जला दो"), unless another marked object stands between them. When the group
        // stands in a relative clause before that object ("मुसलमानों को मारने वालों को फाँसी दो",
        // "दलितों पर हमला करने वालों को जेल में डालो": hang those who kill Muslims, jail those who
        // attack Dalits), no harm after it aims at it. (The marker may be the group phrase's own last word:
        // "मुसलमानों को" is listed whole.)
        enum class Marked { kNo, kObject, kInRelative } marked = Marked::kNo;
        if (head_final && tm.identity && tm.last + 1 < m.first && clause[tm.last] == clause[m.first]) {
          const bool own_marker = tm.last > tm.first && IsObjectMarker(scoring_lang, source_lower(tm.last));
          const TokenIndex after = own_marker ? tm.last : tm.last + 1;
          bool other_object = false, relative = false;
          for (TokenIndex w = after + 1; w < m.first; ++w) {
            const std::string word = source_lower(w);
            const bool object = IsObjectMarker(scoring_lang, word);
            // "<verb>ने वालों को": an oblique infinitive before the participle makes it a relative
            // clause ("मारने वालों", those who kill); after a noun it only means "the X people"
            // ("प्राइड परेड वालों को पीटो", beat the Pride parade people).
            relative = relative || (object && w >= after + 3 && IsAgentiveParticiple(scoring_lang, source_lower(w - 1)) &&
                                    IsObliqueInfinitive(scoring_lang, source_lower(w - 2)));
            other_object = other_object || object;
          }
          if (relative) {
            marked = Marked::kInRelative;
          } else if (e.indicator == Indicator::kCallToViolence && !other_object && IsObjectMarker(scoring_lang, source_lower(after))) {
            marked = Marked::kObject;
          }
        }
        if (marked == Marked::kInRelative) continue;
        const bool marked_object = marked == Marked::kObject && dist <= static_cast<uint32_t>(kSubjectReach);
        if (e.near_target > 0 && dist > static_cast<uint32_t>(e.near_target) && !subject && !marked_object) continue;
        if (dist < best_dist) best_dist = dist, best = static_cast<int>(t);
      }
      if (best >= 0) {
        target_factor = 1.0;
        group = targets[best].group;
      } else {
        // An unresolved "them" in the same sentence counts only in us-versus-them framing ("we must
        // ... them"); a group named in the previous sentence counts at a discount.
        const bool us = std::any_of(ingroups.begin(), ingroups.end(), [&](const Match* g) { return sentence[g->first] == sent; });
        // Nor when its sentence, or the one before, names a referent that is no group: a club, a
        // company, the referee ("We're gonna kill them on Saturday, Arsenal won't know what hit them").
        // Nor when a call's own object is a thing ("We need to get rid of it before they sting the kids";
        // German and Dutch put it before the verb, "es loswerden").
        // (A thing pronoun at token t, in the clause of the call's token next to it.)
        auto thing_at = [&](TokenIndex t, TokenIndex next_to) {
          return clause[t] == clause[next_to] && IsThingPronoun(scoring_lang, source_lower(t));
        };
        const bool thing_object = e.indicator == Indicator::kCallToViolence &&
                                  ((m.last + 1 < n && thing_at(m.last + 1, m.last)) ||
                                   (verb_second && m.first > 0 && thing_at(m.first - 1, m.first)));
        const bool other_referent = thing_object || std::any_of(non_groups.begin(), non_groups.end(), [&](const Match* o) {
          return sentence[o->first] == sent || sentence[o->first] + 1 == sent;
        });
        for (const auto& tm : targets) {
          const uint32_t dist = tm.last < m.first ? m.first - tm.last : (tm.first > m.last ? tm.first - m.last : 0);
          const bool near = e.near_target == 0 || dist <= static_cast<uint32_t>(e.near_target);
          if (tm.sentence == sent && tm.group.empty() && us && near && !other_referent &&
              !literal_animal_before(tm.first, tm.sentence, k)) {
            target_factor = std::max(target_factor, 0.6);
          }
          // Pro-drop languages leave the subject out ("Sono bestie."): a group named in the previous
          // sentence is the target of a harm word near the start of the next one.
          const uint32_t opening = first_token_of_sentence[sent];
          // The left-out subject goes on through the sentence's next predicates ("Guarda gli zingari al
          // parcheggio. Sono topi di fogna, andrebbero bruciati vivi."): a harm at most eight words
          // after an early one that took the group this way (words: WordTokens; "天天闹事，都是恐怖分子，早点赶走").
          auto continues_subject = [&]() {
            for (size_t j = 0; j < k; ++j) {
              const Match& mj = matches[j];
              if (weight[j] > 0 && match_group[j] == tm.group && sentence[mj.first] == sent &&
                  mj.first - opening <= 3 * words && mj.last < m.first && m.first - mj.last <= 8 * words) {
                return true;
              }
            }
            return false;
          };
          if (sent > 0 && tm.sentence + 1 == sent && !tm.group.empty() && target_factor < 0.7 && !after_denial && !subject_end &&
              !(judged_thing() && thing_subject(sent)) &&
              (m.first - opening <= static_cast<uint32_t>(std::max(e.near_target, 3)) || continues_subject())) {
            target_factor = 0.7;
            group = tm.group;
          }
          // Or it names it in the next sentence, which opens with the same reference and says who
          // they are ("Of course they are stupid. They are just women after all."): a "they" near the
          // harm, still unresolved, points forward to that group.
          if (tm.sentence == sent && tm.group.empty() && !tm.identity && near && target_factor < 0.7) {
            if (const std::string_view ahead = named_by_next_sentence(sent); !ahead.empty()) {
              target_factor = 0.7;
              group = ahead;
            }
          }
          // Or a call's "them" points forward to the group the next sentence opens with and vilifies.
          if (tm.sentence == sent && tm.group.empty() && !tm.identity && near && target_factor < 0.7 &&
              e.indicator == Indicator::kCallToViolence && !other_referent) {
            if (const std::string_view ahead = vilified_by_next_sentence(sent); !ahead.empty()) {
              target_factor = 0.7;
              group = ahead;
            }
          }
        }
        // Or an afterthought right after its sentence names the group ("... Die Juden zuerst.").
        if (target_factor < 0.7 && !fuzzy(m)) {
          if (const std::string_view ahead = named_by_fragment_after(sent); !ahead.empty()) {
            target_factor = 0.7;
            group = ahead;
          }
        }
        // Or the threat is said to a group addressed at the close of its sentence or the next ("We
        // know where you live. Watch yourselves, you filthy pakis."). Across sentences only a threat
        // phrase: a single word there is as often a report ("Otro apuñalamiento en Barcelona. Gracias
        // por el enriquecimiento cultural, moros.").
        if (target_factor < 0.7 && !fuzzy(m) && e.indicator == Indicator::kCallToViolence) {
          for (uint32_t s2 = sent; s2 <= sent + (m.last > m.first ? 1u : 0u) && target_factor < 0.7; ++s2) {
            if (const std::string_view addressed = closing_vocative(s2); !addressed.empty()) {
              target_factor = 0.7;
              group = addressed;
            }
          }
        }
      }

    }
    // A purity claim names its target by what it fears, the mixing itself: two purity phrases with
    // other words in one clause, both quoted or neither ("El mestizaje está ensuciando la sangre española", "trahit sa race
    // et salit la lignée") are such a claim without a group word.
    // So is a purity phrase shouted as a slogan ("No race mixing!"); not one word of an entry that
    // needs a group near it ("replaced", "demographics": '* replaced "!= None" ...').
    if (target_factor == 0 && e.indicator == Indicator::kThreatToPurity && !fuzzy(m)) {
      if (slogan(m) && (e.near_target == 0 || m.last > m.first)) target_factor = 0.7;
      for (size_t j = 0; j < matches.size() && target_factor == 0; ++j) {
        const Match& mj = matches[j];
        if (j == k || dropped[j] || harmless[j] || fuzzy(mj) || !apart(mj, m)) continue;
        if (lexicon.entry(mj.entry).indicator != Indicator::kThreatToPurity) continue;
        if (clause[mj.first] != clause[m.first] || quoted(mj) != quoted(m)) continue;
        // (Nor one negated after this one: "El mestizaje no está ensuciando la sangre de nadie".)
        if (std::none_of(negations.begin(), negations.end(),
                         [&](const Match* ng) { return ng->first > m.last && ng->last < mj.first; })) {
          target_factor = 0.7;
        }
      }
    }
    // An allusion to a group the speaker leaves unnamed ("ya sabéis de quién hablo", "you know who I
    // mean") is the target of harm that names none, in its sentence or the one before it ("Hay que
    // limpiar el barrio antes de las elecciones, ya sabéis de quién hablo"). Not of contempt or a
    // slur: gossip about a person says "you know who I mean" too.
    if (target_factor == 0 && e.indicator != Indicator::kContempt && e.indicator != Indicator::kSlur && !IsAllusion(e) &&
        !fuzzy(m)) {
      for (const Match* a : allusions) {
        if (!allusion_reaches(*a, m)) continue;
        target_factor = 0.7;
        group = kUnnamedGroup;
        break;
      }
    }
    // A threat, a call or an insult later in a message addressed to a group is aimed at it
    // ("Message aux Comoriens de la résidence : vous dégagez avant la fin du mois, sinon on vient vous
    // chercher un par un").
    if (target_factor == 0 && !addressee.empty() && m.first >= salutation_end && !fuzzy(m) &&
        (e.indicator == Indicator::kCallToViolence || e.indicator == Indicator::kContempt ||
         e.indicator == Indicator::kDehumanisation)) {
      target_factor = 0.85;
      group = addressee;
    }
    if (target_factor == 0) { reason[k] = "no_target"; continue; }

    // Whether a contrast cue ("but", "ama", "لكن") lies strictly between tokens `from` and `to`.
    auto contrast_between = [&](TokenIndex from, TokenIndex to) {
      return std::any_of(contrasts.begin(), contrasts.end(), [&](const Match* b) { return b->first > from && b->last < to; });
    };
    // 2. Negation: a negation cue shortly before, in the same clause. A negative question that opens
    // its sentence ("Aren't they all parasites?") presupposes the positive: it is not a negation.
    // A slur is contempt in itself: negating the clause it sits in ("I don't want <slur> in my
    // street", "a <slur> does not belong here") does not take it back.
    const uint32_t negation_window = 6 * words;
    // A verb (one or two tokens: "hasse", "Ik walg") that opens its clause is negated by a negation
    // right after it (German/Dutch word order: "Ich hasse keine Schwulen", "Ik walg helemaal niet van
    // moslims"; and in head-final languages, "नफरत के बिना"): contempt and violence only, so a noun
    // predicate followed by "not" ("Vermin, not people") is not taken back, nor a whole statement
    // followed by another ("... e nem pensar"). Not where the negation comes before the verb: there a
    // "not" after the harm sets off what the speaker refuses instead ("يستحقون الرجم لا الحقوق", they
    // deserve stoning, not rights).
    const bool clause_opening_verb =
        (verb_second || head_final) &&
        (e.indicator == Indicator::kContempt || e.indicator == Indicator::kCallToViolence) && m.last - m.first <= 1 &&
        (m.first == 0 || clause[m.first - 1] != clause[m.first]);
    // A negation inside the harm phrase itself (Hausa "ba za su taba zama masu kishin kasa ba": the
    // phrase is negative) owns the clause-final particle after it (below).
    const bool own_negation = std::any_of(negations.begin(), negations.end(),
                                          [&](const Match* o) { return o->first >= m.first && o->last <= m.last; });
    // Whether the phrase is negative: its own negation cue, or, in Turkish, a verb negated inside the
    // word ("hak etmiyor", "yaşamamalı") or with "değil"/"yok".
    auto negative_phrase = [&] {
      if (own_negation) return true;
      if (scoring_lang != "tr") return false;
      for (TokenIndex i = m.first; i <= m.last; ++i) {
        const std::string w = source_lower(i);
        if (w == "değil" || w == "yok") return true;
        for (std::string_view neg : {"mıyor", "miyor", "muyor", "müyor", "mamalı", "memeli", "maz", "mez"}) {
          if (w.find(neg) != std::string::npos) return true;
        }
      }
      return false;
    };
    // Except where the clause denies the slur of its group, named there in neutral words just before
    // it ("Nisu svi Hrvati ustaše", "Croats are not Ustaše"): that is the denial of a stereotype.
    const bool slur_denied_of_group =
        e.indicator == Indicator::kSlur && !e.target.empty() &&
        std::any_of(targets.begin(), targets.end(), [&](const TargetMention& tm) {
          return tm.identity && tm.match >= 0 && !tm.fuzzy && tm.group == e.target && tm.last < m.first &&
                 m.first - tm.last <= 3 && clause[tm.first] == clause[m.first];
        });
    // A negation before this harm that is a word of another harm phrase belongs to that phrase, whether
    // the phrase runs into this one ("n'ont rien à faire" over "rien à faire ici" in "Les Roms n'ont rien
    // à faire ici") or ends before it ("I can't stand these immigrants 🐀🐀", "They are not human, ...").
    auto in_other_harm_phrase = [&](const Match* ng) {
      for (size_t j = 0; j < matches.size(); ++j) {
        const Match& mj = matches[j];
        if (j == k || dropped[j] || !IsHarmIndicator(lexicon.entry(mj.entry).indicator)) continue;
        if (mj.first <= ng->first && ng->last <= mj.last && ng->last < m.first) return true;
      }
      return false;
    };
    // Whether an "and" joins two predicates between tokens a and b ("Gypsies don't work and steal
    // everything", "Die Zigeuner klauen alles und arbeiten nicht"): the negation is the other one's.
    // Whether a token strictly between a and b is one of the scoring language's words that `is_word`
    // lists (IsCoordinatingAnd, IsCoordinatingOr, IsUntil). The original spelling, not the canonical
    // one: diacritics are folded there, and Portuguese and Italian "é"/"è" (is) would read as "e" (and).
    auto word_between = [&](TokenIndex a, TokenIndex b, bool (*is_word)(std::string_view, std::string_view)) {
      for (TokenIndex i = a + 1; i < b; ++i) {
        if (is_word(scoring_lang, source_lower(i))) return true;
      }
      return false;
    };
    auto and_between = [&](TokenIndex a, TokenIndex b) { return word_between(a, b, IsCoordinatingAnd); };
    // Russian, Ukrainian and Bulgarian write the copula as a dash: "Я не думаю, що переселенці —
    // нахлібники". A dash right between a group name and the harm joins them in one clause, the
    // clause a negation before the group reaches. (Not a dash before a new subject, "Я не ненавижу
    // мигрантов — они паразиты": the harm must follow the dash at once.)
    const bool dash_copula = IsDashCopulaLanguage(scoring_lang) && m.first > 0 && clause[m.first - 1] + 1 == clause[m.first] &&
                             sentence[m.first - 1] == sent && [&] {
                               const std::string_view gap = TrimSpaces(gap_after(m.first - 1));
                               return gap == "\u2014" || gap == "\u2013" || gap == "-";
                             }() &&
                             std::any_of(targets.begin(), targets.end(), [&](const TargetMention& tm) {
                               return tm.identity && tm.last + 1 == m.first;
                             });
    // A negation that ends its clause before its verb came ("I would never, not even after what they
    // did, hurt a migrant", "Je ne voudrais jamais, même après tout ça, frapper un migrant") resumes
    // after an aside of at most kAsideWords words set off by commas: it negates the harm that opens
    // the clause after the aside, or follows an exhortation opening it ("want to hurt"). Not when
    // the negation's own clause holds harm, its own verb ("Ich hasse sie nicht, ehrlich, ..."), or
    // more than a subject and an auxiliary before it; nor in a head-final language, whose negation
    // ends its clause after the verb ("ရိုဟင်ဂျာဆိုတာ မရှိဘူး၊ ...", there is no Rohingya).
    auto negation_resumed_after_aside = [&](const Match* ng, const Match& h) {
      constexpr uint32_t kAsideWords = 10, kOpeningWords = 4;
      const uint32_t c = clause[ng->last];
      if (head_final || ng->last + 1 >= n || clause[ng->last + 1] == c || clause[h.first] != c + 2) return false;
      if (ng->last >= kOpeningWords && clause[ng->last - kOpeningWords] == c) return false;
      TokenIndex aside_end = ng->last + 1;
      while (aside_end < n && clause[aside_end] == c + 1) ++aside_end;  // the first token of clause c + 2
      if (aside_end - (ng->last + 1) > kAsideWords) return false;
      const bool opens = h.first == aside_end || std::any_of(exhorts.begin(), exhorts.end(), [&](const Match* x) {
        return x->first == aside_end && x->last < h.first && h.first - x->last <= 2;
      });
      if (!opens) return false;
      return std::none_of(matches.begin(), matches.end(), [&](const Match& o) {
        return clause[o.first] == c && IsHarmIndicator(lexicon.entry(o.entry).indicator);
      });
    };
    // A label the speaker names the group by ("We won't accept these Muslim parasites", "Nunca más
    // dejaremos entrar a esas ratas musulmanas", "Nous ne supporterons plus ces cafards de migrants"):
    // a dehumanising word, a slur or a contemptuous adjective right after a plural demonstrative, with
    // at most two other labels or group names between (or a phrase that ends so), and a group name
    // in that noun phrase (between, or at most two words after the label). What the clause negates is
    // the verb; the label is presupposed. ("I don't want those noisy dogs living next to the
    // refugees' shelter" is about dogs: no group in the phrase. Not "They are not these monsters": a
    // negation right before the demonstrative is its own.)
    const bool label_presupposed = !negations.empty() && [&] {
      if (e.indicator != Indicator::kDehumanisation && e.indicator != Indicator::kSlur && e.indicator != Indicator::kContempt) {
        return false;
      }
      auto group_at = [&](TokenIndex t) {
        return std::any_of(targets.begin(), targets.end(),
                           [&](const TargetMention& tm) { return tm.identity && tm.first <= t && t <= tm.last; });
      };
      auto is_label_token = [&](TokenIndex t) {
        for (size_t j = 0; j < matches.size(); ++j) {
          if (j == k || dropped[j] || matches[j].first > t || matches[j].last < t) continue;
          const Indicator ij = lexicon.entry(matches[j].entry).indicator;
          if (ij == Indicator::kDehumanisation || ij == Indicator::kSlur || ij == Indicator::kContempt) return true;
        }
        return false;
      };
      auto demonstrative = [&](TokenIndex t) {
        return IsPluralDemonstrative(scoring_lang, source_lower(t)) &&
               !(t > 0 && sentence[t - 1] == sent && std::any_of(negations.begin(), negations.end(), [&](const Match* ng) {
                   return ng->last + 1 == t;
                 }));
      };
      bool group_in_phrase = false;
      for (TokenIndex t = m.last + 1; t < n && t <= m.last + 2 && sentence[t] == sent && !group_in_phrase; ++t) {
        group_in_phrase = group_at(t);
      }
      if (m.last > m.first && sentence[m.last - 1] == sent && demonstrative(m.last - 1)) return group_in_phrase;
      for (TokenIndex t = m.first, steps = 0; t > 0 && steps < 3 && sentence[t - 1] == sent; --t, ++steps) {
        if (demonstrative(t - 1)) return group_in_phrase;
        if (group_at(t - 1)) {
          group_in_phrase = true;
        } else if (!is_label_token(t - 1)) {
          return false;
        }
      }
      return false;
    }();
    // Harm whose agent is the group: what it is said to do to "us" (a purity threat, an attack on
    // women, an accusation in a mirror), not what is done or said to it.
    const bool group_acts = e.indicator == Indicator::kThreatToPurity || e.indicator == Indicator::kAttackOnWomen ||
                            e.indicator == Indicator::kAccusationInMirror;
    // A negated permission ("We will never let these migrants pollute our blood", "Wir lassen nicht
    // zu, dass ..."): a verb of letting between the negation and the harm, or one of the two words
    // before the negation, in its sentence. What the group would be let do is claimed, not denied:
    // harm whose agent is the group (a purity threat, an attack on women, an accusation in a mirror;
    // not a call to violence or a label, which the speaker may refuse to let anyone inflict: "We will
    // never allow the Roma to be treated as second-class citizens"), and not in the passive, where
    // the group suffers it ("to be raped", "... dass Frauen vergewaltigt werden": IsPassiveAuxiliary
    // between or right after the harm). Unless anyone is the one let ("We will not let anyone hurt
    // the Roma"), the speaker is named between (IsFirstPersonObject: "Wir lassen uns nicht ...
    // nennen") or counter-speech comes between.
    const bool passive_after = group_acts && m.last + 1 < n && sentence[m.last + 1] == sent &&
                               IsPassiveAuxiliary(scoring_lang, source_lower(m.last + 1));
    // The first verb of letting from two words before negation ng up to `limit` (exclusive), in its
    // sentence and outside the negation; -1 if none.
    auto permission_verb = [&](const Match* ng, TokenIndex limit) -> long {
      for (TokenIndex i = ng->first >= 2 ? ng->first - 2 : 0; i < limit; ++i) {
        if ((i < ng->first || i > ng->last) && sentence[i] == sent && IsPermissionVerb(scoring_lang, source_lower(i))) return i;
      }
      return -1;
    };
    auto permission_denied = [&](const Match* ng) {
      if (!group_acts || passive_after || ng->last >= m.first || sentence[ng->last] != sent) return false;
      if (const long v = permission_verb(ng, m.first); v >= 0) {
        const auto i = static_cast<TokenIndex>(v);
        const TokenIndex after = std::max<TokenIndex>(i, ng->last) + 1;
        for (TokenIndex j = i + 1; j < m.first; ++j) {
          if ((j >= after && j < after + 2 && IsAnyone(scoring_lang, source_lower(j))) ||
              IsFirstPersonObject(scoring_lang, source_lower(j)) || IsPassiveAuxiliary(scoring_lang, source_lower(j))) {
            return false;
          }
        }
        return std::none_of(counters.begin(), counters.end(), [&](const Match* c) { return c->first > i && c->last < m.first; });
      }
      return false;
    };
    // The same negated verb of letting reaches the whole of what it does not let happen to the group,
    // which may run past the negation's usual reach or, in German and Dutch, stand in a clause of its
    // own right after the verb ("We will never allow the Roma to be treated as second-class
    // citizens", "Wir werden nie zulassen, dass Juden als Ungeziefer bezeichnet werden"). Not past a
    // "but" or a clause that opens anywhere but right after the verb ("We won't let them take over;
    // kill them all").
    auto permission_reaches = [&](const Match* ng) {
      if (group_acts || ng->last >= m.first || sentence[ng->last] != sent) return false;
      const long v = permission_verb(ng, std::min<TokenIndex>(ng->last + 3, m.first));
      if (v < 0) return false;
      const auto i = static_cast<TokenIndex>(v);
      if (m.first - i > 2 * negation_window || contrast_between(i, m.first)) return false;
      const uint32_t c = clause[std::max<TokenIndex>(i, ng->last)];
      return clause[m.first] == c || (clause[m.first] == c + 1 && i + 1 < n && clause[i + 1] == c + 1);
    };
    // Turkish "ne X ne de Y" (neither X nor Y): "ne" alone is "what", no negation cue, so the pair's
    // second half "ne de" after the harm negates it when a "ne" opens the pair at most two words
    // before it, in its clause ("Müslümanlar ne terörist ne de asalak").
    auto neither_nor_opened = [&](const Match* ng, const Match& h) {
      if (scoring_lang != "tr" || ng->first <= h.last || ng->first - h.last > 3 * words || clause[ng->first] != clause[h.last] ||
          source_lower(ng->first) != "ne") {
        return false;
      }
      for (TokenIndex i = h.first; i > 0 && h.first - i < 2 && clause[i - 1] == clause[h.first]; --i) {
        if (source_lower(i - 1) == "ne") return true;
      }
      return false;
    };
    const Match* negation_cue = e.indicator == Indicator::kSlur && !slur_denied_of_group ? nullptr : FirstWhere(negations, [&](const Match* ng) {
      if (in_other_harm_phrase(ng)) return false;
      // A "without" reaches only a harm right after it, not one after its object (IsWithout).
      if (ng->first == ng->last && ng->last + 1 < m.first && IsWithout(scoring_lang, source_lower(ng->first))) return false;
      // An expletive negation after "until" (IsUntilWithExpletiveNegation), at most two words
      // after it in its clause: "Nie spoczniemy, dopóki nie wybijemy wszystkich".
      for (TokenIndex i = ng->first >= 3 ? ng->first - 3 : 0; i < ng->first; ++i) {
        if (sentence[i] == sent && clause[i] == clause[ng->first] &&
            IsUntilWithExpletiveNegation(scoring_lang, source_lower(i))) {
          return false;
        }
      }
      if (label_presupposed && ng->last < m.first) return false;
      if (ng->last < m.first && IsConcordNegativeQuantifier(scoring_lang, source_lower(ng->first)) && negative_phrase()) {
        return false;
      }
      // "Only": a restrictive word between the negation and the harm, in its clause, with no second
      // negator word between ("Les immigrés ne méritent qu'une balle"; not "Je ne pense pas que ...";
      // in French only after "ne", so that spoken "Je pense pas que ..." keeps its negation).
      if (ng->last < m.first && (scoring_lang != "fr" || IsFrenchNe(source_lower(ng->last)))) {
        for (TokenIndex i = ng->last + 1; i <= m.first && i < n && clause[i] == clause[ng->last]; ++i) {
          const std::string w = source_lower(i);
          if (scoring_lang == "fr" && IsFrenchNegatorWord(w)) break;
          if (IsRestrictiveOnly(scoring_lang, i > 0 ? source_lower(i - 1) : std::string(), w)) return false;
        }
      }
      // ... and that word is no negation of its own when it is also a negation cue (Arabic غير, other
      // than): "ما لهم عندنا غير الذبح" (they have nothing from us but slaughter).
      if (ng->first == ng->last && ng->first > 0 &&
          IsRestrictiveOnly(scoring_lang, source_lower(ng->first - 1), source_lower(ng->first)) &&
          std::any_of(negations.begin(), negations.end(), [&](const Match* o) {
            return o->last < ng->first && clause[o->last] == clause[ng->first];
          })) {
        return false;
      }
      // Burmese ဘူး closes a negated clause (below): a negation before it reaches no harm after it.
      if (scoring_lang == "my" && ng->last < m.first) {
        for (TokenIndex i = ng->first; i < m.first; ++i) {
          if (source_lower(i) == kBurmeseNegativeParticle) return false;
        }
      }
      if (permission_denied(ng)) return false;
      if (permission_reaches(ng)) return true;
      if (ng->last < m.first ? and_between(ng->last, m.first) : and_between(m.last, ng->first)) return false;
      if (ng->last < m.first && word_between(ng->last, m.first + 1, IsTemporalWhen)) return false;
      // Nor into a "because" clause after it, unless the "because" follows the negation at once: "not
      // because they are ..." denies that reason.
      if (ng->last < m.first && word_between(ng->last + 1, m.first + 1, IsBecause)) return false;
      // A negative yes/no question presupposes the positive ("Aren't they all parasites?", "Sind
      // Ausländer nicht alle Schmarotzer?"): negation inside a question does not negate. Only the
      // clause the question mark closes is the question ("No odio a los gitanos, ¿por qué iba a
      // hacerlo?", "I don't hate them, why would I?").
      if (question[sent] && clause[ng->first] == last_clause_of_sentence[sent]) return false;
      // (The clause where the cue ends: a negated opinion verb with its complementiser, "Ich finde
      // nicht, dass ...", "Nie uważam, że ...", takes back the clause it introduces.)
      // A negation in a condition ("If you do not leave we will kill you", "Wenn ihr nicht
      // verschwindet bringen wir euch um") negates the condition's own verb, not the main clause
      // that follows it, even when no comma marks where the condition ends.
      const bool in_condition = std::any_of(conditions.begin(), conditions.end(), [&](const Match* c) {
        return c->last < ng->first && ng->first - c->last <= 4 * words && clause[c->last] == clause[ng->first];
      });
      // So does a negation in a relative clause about a group ("Women who don't obey deserve a
      // beating", "Las mujeres que no obedecen merecen una paliza"): a relative pronoun right after
      // a group name, or ending a group phrase that holds it (Hausa "matar da", the woman who), then
      // the negation at most one word later ("who do not", "who are not").
      auto relative_negation = [&](const Match* g) {
        return std::any_of(targets.begin(), targets.end(), [&](const TargetMention& tm) {
          if (!tm.identity || g->first <= tm.last || sentence[tm.last] != sentence[g->first]) return false;
          if (g->first > tm.last + 1 && g->first - tm.last <= 3 && IsRelativePronoun(scoring_lang, source_lower(tm.last + 1))) {
            return true;
          }
          return tm.last > tm.first && g->first - tm.last <= 2 && IsRelativePronoun(scoring_lang, source_lower(tm.last));
        });
      };
      const bool in_relative = relative_negation(ng);
      // Hausa closes a negation with a second "ba" ("masu fita ba tare da izini ba", who go out
      // without permission): the one that closes a relative clause's negation is that clause's too.
      if (scoring_lang == "ha" && ng->last < m.first &&
          std::any_of(negations.begin(), negations.end(), [&](const Match* o) {
            return o->last < ng->first && ng->first - o->last <= negation_window && clause[o->last] == clause[ng->first] &&
                   relative_negation(o);
          })) {
        return false;
      }
      // A negation in a Hindi or Urdu relative clause stays there: the correlative pronoun between it
      // and the harm opens the main clause ("जो औरत पति की बात न माने उसे जूतों से पीटना चाहिए").
      if (ng->last < m.first && word_between(ng->last, m.first, IsCorrelative)) {
        for (TokenIndex i = first_token_of_sentence[sent]; i < ng->first; ++i) {
          if (IsCorrelativeOpener(scoring_lang, source_lower(i))) return false;
        }
      }
      if (ng->last < m.first && m.first - ng->last <= (in_condition || in_relative ? words : negation_window) && sentence[ng->last] == sent &&
          (clause[ng->last] == clause[m.first] || (dash_copula && clause[ng->last] + 1 == clause[m.first]))) {
        // (Not past an "until" word, which may open the harm phrase itself: "hasta que todos ...".)
        if (!word_between(ng->last, m.first + 1, IsUntil)) return true;
      }
      if (ng->last < m.first && sentence[ng->last] == sent && negation_resumed_after_aside(ng, m)) return true;
      if (clause_opening_verb && ng->first > m.last && ng->first - m.last <= 2 && clause[ng->first] == clause[m.last]) {
        return true;
      }
      if (neither_nor_opened(ng, m)) return true;
      // Clause-final negation after the predicate (German/Dutch word order: "ich hasse sie nicht"),
      // unless it closes a negation the harm phrase itself opens (own_negation, above).
      // (Burmese ဘူး is the particle that closes a negated clause, with or without "၊" after it:
      // "ရိုဟင်ဂျာတွေဟာ တိရစ္ဆာန် မဟုတ်ဘူး လူတွေပါ", Rohingya are not animals, they are people.)
      const bool clause_final = ng->last + 1 == n || clause[ng->last + 1] != clause[ng->last] ||
                                (scoring_lang == "my" && source_lower(ng->last) == kBurmeseNegativeParticle);
      return ng->first > m.last && ng->first - m.last <= 3 * words && clause[ng->first] == clause[m.last] && clause_final &&
             !own_negation;
    });
    bool negated = negation_cue != nullptr;
    std::optional<DiscountCue> denial;  // the words that deny it
    if (negated) denial = cue_of(negation_cue);
    auto words_cue = [&](TokenIndex from, TokenIndex to) {  // tokens [from, to]
      return DiscountCue{SourceSpan{text.tokens[from].source.begin, text.tokens[to].source.end}, Indicator::kNegation, std::nullopt};
    };
    // A negative harm phrase in a question that asks the opposite of what it means ("难道女人不配有投票权吗？":
    // surely women deserve the vote?): the phrase's own negation is the question's, and the harm is denied.
    if (!negated && question[sent] && scoring_lang == "zh") {
      bool negative = false;
      for (TokenIndex i = m.first; i <= m.last && !negative; ++i) negative = IsNegativeCharacter(scoring_lang, source_lower(i));
      for (TokenIndex i = first_token_of_sentence[sent]; negative && i < m.first; ++i) {
        if (IsRhetoricalOpposite(scoring_lang, source_lower(i), i + 1 < n ? source_lower(i + 1) : std::string_view())) {
          // Unless what it asks the opposite of is who says so: "难道只有我觉得女人根本不适合当领导吗？"
          // (am I the only one who thinks women are unfit to lead?) asserts the opinion.
          bool only_who = false;
          for (TokenIndex j = i + 1; j + 1 < m.first && !only_who; ++j) {
            only_who = source_lower(j) == "\u53ea" && source_lower(j + 1) == "\u6709";  // 只有
          }
          if (only_who) break;
          negated = true;
          denial = words_cue(i, i);
          break;
        }
      }
    }
    // The same contempt said again after the speaker denied it of a group, with no group named after
    // that denial, is what the speaker says instead: "Не мрзим Хрвате; мржња нас је коштала
    // превише" (I don't hate Croats; hatred has cost us too much), "我不讨厌日本人，我讨厌的是有人否认历史".
    // (Contempt only, the feeling the denial names; a call in a condition, "If you do not leave we
    // will kill you", is no denial.) Not after a contrastive conjunction between the two: "not A but
    // B" asserts B ("Çingeneler asalak değil ama tembel", not parasites but lazy), whichever entry
    // lists both words.
    if (!negated && e.indicator == Indicator::kContempt) {
      for (size_t j = 0; j < k && !negated; ++j) {
        if (matches[j].entry != m.entry || reason[j] == nullptr || std::string_view(reason[j]) != "negated") continue;
        const uint32_t denial_clause = clause[matches[j].last];
        if (clause[m.first] == denial_clause) continue;
        if (contrast_between(matches[j].last, m.first)) continue;
        const bool denied_of_group = std::any_of(targets.begin(), targets.end(), [&](const TargetMention& tm) {
          return tm.identity && !tm.fuzzy && clause[tm.first] == denial_clause;
        });
        negated = denied_of_group && std::none_of(targets.begin(), targets.end(), [&](const TargetMention& tm) {
          return tm.identity && !tm.fuzzy && clause[tm.first] > denial_clause;
        });
        if (negated) denial = cue[j];
      }
    }
    // The second alternative of a negated disjunction in the same clause ("Niemand darf Moscheen
    // anzünden oder Familien aus ihren Häusern jagen"): negated with the first, past the window.
    if (!negated && e.indicator != Indicator::kSlur) {
      for (size_t j = 0; j < k && !negated; ++j) {
        const Match& mj = matches[j];
        if (reason[j] == nullptr || std::string_view(reason[j]) != "negated" || mj.last >= m.first ||
            clause[mj.first] != clause[m.first] || !IsHarmIndicator(lexicon.entry(mj.entry).indicator)) {
          continue;
        }
        negated = word_between(mj.last, m.first, IsCoordinatingOr);
        if (negated) denial = cue[j];
      }
    }
    // A question the next sentence answers "no" ("Czy wszyscy Romowie muszą zostać wydaleni? Nie, to
    // hańba."): the answer denies it. (A slur is contempt in itself, as above. A tiered contempt phrase
    // names a right the question doubts, "Should gays really be allowed to adopt? No.": the "no"
    // denies the right, not the contempt.)
    // Or a short answer of its own that denies with emphasis ("Of course not.", "The data says no.",
    // "Natürlich nicht.", IsEmphaticBeforeNo): at most kShortAnswerWords words, no group, harm or
    // "but" in it.
    auto short_answer_no = [&](uint32_t answer) {
      constexpr uint32_t kShortAnswerWords = 4;
      const TokenIndex f = first_token_of_sentence[answer], g = sentence_end(answer);
      if (g - f > kShortAnswerWords || g - f < 2) return false;
      const bool no = IsPlainNot(scoring_lang, text.TokenText(text.tokens[g - 1])) &&
                      IsEmphaticBeforeNo(scoring_lang, text.TokenText(text.tokens[g - 2]));
      return no && std::none_of(matches.begin(), matches.end(), [&](const Match& o) {
               const Indicator ind = lexicon.entry(o.entry).indicator;
               return sentence[o.first] == answer &&
                      (IsHarmIndicator(ind) || ind == Indicator::kIdentityTerm || ind == Indicator::kContrast);
             });
    };
    if (!negated && question[sent] && sent < sentence[n - 1] && e.indicator != Indicator::kSlur &&
        !(e.indicator == Indicator::kContempt && e.tier != EntryTier::kDefault)) {
      const TokenIndex f = first_token_of_sentence[sent + 1];
      // (Not when the answer goes on to call for violence of its own, "不，应该全部烧死" (no, burn them
      // all): it rejects the question's harm for a worse one. Contempt words there are the answer's
      // judgement of the question, "不，这是仇恨言论".)
      // (Nor when the question is only the sentence's last clause, after a harm it asserts, and the
      // answer goes on to correct that clause: "The Muslims are stockpiling weapons in their mosques,
      // for hunting? No, for us." A correction is no judgement: it holds no counter-speech or negation
      // of its own ("No, never.") and does not open on "that".)
      auto corrects_last_clause = [&] {
        if (clause[m.last] == last_clause_of_sentence[sent]) return false;
        const TokenIndex next = f + 1;
        if (next >= n || sentence[next] != sent + 1) return false;
        if (IsDemonstrativeOpener(scoring_lang, source_lower(next))) return false;
        auto in_answer = [&](const Match* c) { return sentence[c->first] == sent + 1 && c->first > f; };
        return std::none_of(counters.begin(), counters.end(), in_answer) && std::none_of(negations.begin(), negations.end(), in_answer);
      };
      // (Nor when the answer goes on to say a hallmark of a group it names or points back to, "Kun je
      // een moslim vertrouwen? Nee, hun geloof gaat voor het land" (can you trust a Muslim? No, their
      // faith comes first): the "no" agrees with a question that doubts the group. Contempt there may
      // be the answer's judgement of the question, as above.)
      auto answer_goes_on_to_harm = [&] {
        for (size_t j = 0; j < matches.size(); ++j) {
          const Match& o = matches[j];
          const Indicator ind = lexicon.entry(o.entry).indicator;
          if (sentence[o.first] != sent + 1) continue;
          if (ind == Indicator::kCallToViolence) return true;
          if (!dropped[j] && IsHarmIndicator(ind) && ind != Indicator::kContempt && ind != Indicator::kSlur &&
              ind != Indicator::kCodedLanguage && std::any_of(targets.begin(), targets.end(), [&](const TargetMention& tm) {
                return tm.sentence == sent + 1 && tm.first <= o.last;
              })) {
            return true;
          }
        }
        return false;
      };
      const bool never_too = e.indicator == Indicator::kCallToViolence;  // (IsAnswerNever)
      const bool one_word = answer_no_at(scoring_lang, f, never_too);
      negated = (one_word || short_answer_no(sent + 1)) && !answer_goes_on_to_harm() && !corrects_last_clause();
      if (negated) denial = words_cue(f, one_word ? f : sentence_end(sent + 1) - 1);
    }
    // German and Dutch put "nicht" / "niet" after the finite verb of a main clause: a harm phrase of
    // two words or more that a group opens its clause with, followed at once by it, is denied,
    // "Muslime vermehren sich nicht wie Karnickel" (not "nicht nur", not only); so is a one-word
    // harm there, the verb itself, "Migranten verseuchen nicht unsere Kultur" (in German written in
    // lower case: a capitalised noun there is no verb).
    auto verb_slot = [&] {
      return m.last > m.first || scoring_lang == "nl" || source_lower(m.first) == text.tokens[m.first].source.Slice(message.text);
    };
    if (!negated && verb_second && m.last + 2 < n &&
        clause[m.last + 1] == clause[m.last] && IsAdverbNot(scoring_lang, source_lower(m.last + 1)) &&
        !IsJustOnly(scoring_lang, source_lower(m.last + 2)) && verb_slot()) {
      negated = std::any_of(targets.begin(), targets.end(), [&](const TargetMention& tm) {
        return tm.last + 1 == m.first && clause[tm.first] == clause[m.first];
      });
      if (negated) denial = words_cue(m.last + 1, m.last + 1);
    }
    // "Not all immigrants are criminals, but most are": after a contrast cue in the same sentence, a
    // quantifier of most or many within two words, then at most three words that end on a bare
    // reassertion ("of them are", "schon", "sí") and hold no lexicon evidence of their own. (A new
    // predicate, "but most are hard-working", keeps the negation.)
    if (negated && e.indicator != Indicator::kSlur) {
      const TokenIndex end = sentence_end(sent);
      for (const Match* c : contrasts) {
        if (c->first <= m.last || sentence[c->first] != sent || end - c->last > 6) continue;
        TokenIndex q = c->last + 1;
        while (q < end && q <= c->last + 2 && !IsMajorityQuantifier(scoring_lang, source_lower(q))) ++q;
        if (q >= end || q > c->last + 2 || end - q > 4) continue;
        const bool bare = (end - 1 == q || IsBareReassertionEnd(scoring_lang, source_lower(end - 1))) &&
                          std::none_of(matches.begin(), matches.end(), [&](const Match& o) {
                            const Indicator ind = lexicon.entry(o.entry).indicator;
                            return o.first > c->last && o.first < end &&
                                   (IsHarmIndicator(ind) || ind == Indicator::kNegation || ind == Indicator::kCounterSpeech);
                          });
        if (bare) negated = false;
      }
    }
    if (negated) {
      reason[k] = "negated";
      cue[k] = denial;
      continue;
    }

    // 3. Counter-speech and reporting.
    // Reported: a reporting cue before the harm, or after it behind a clause boundary ("..., said
    // the minister"), or anywhere in the sentence when the harm is quoted.
    // A "but" between a reporting or counter-speech cue and the harm after it opens the speaker's
    // own clause: "Šta god oni govore, ali Rome treba sve pobiti", "هذا كلام عنصري لكن اللاجئين حشرات".
    // "We" saying or calling something is the speaker's own voice, and it takes over from a report
    // before it: "Ze noemen het diversiteit, wij noemen het omvolking". An in-group word right before
    // the reporting verb is its subject.
    auto own_voice = [&](const Match* r) {
      return std::any_of(ingroups.begin(), ingroups.end(), [&](const Match* g) {
        return g->last + 1 == r->first && clause[g->last] == clause[r->first];
      });
    };
    const bool endorsed = endorsed_report(sent);
    // The counter-speech label that a report in another's voice gives what was said: the report,
    // then its object pronoun ("they call it racism", "nennen sie es Rassismus") or "that" and at most
    // a copula ("dicen que es racismo"), then the label, in its clause. Not the speaker or anyone
    // calling it so ("Ich nenne das ...", "Das nennt man ..."), nor a report that is itself the subject
    // judged ("Moslims verraders noemen is racisme": a copula, no pronoun).
    auto labels_after = [&](const Match* r) -> const Match* {
      if (own_voice(r)) return nullptr;
      const TokenIndex lo = r->first >= 2 ? r->first - 2 : 0;
      for (TokenIndex t = lo; t <= r->last + 2 && t < n; ++t) {
        if ((t < r->first || t > r->last) && clause[t] == clause[r->first] && IsSpeakerOrGenericSubject(scoring_lang, source_lower(t))) {
          return nullptr;
        }
      }
      bool object = IsComplementizer(scoring_lang, source_lower(r->last));  // "dicen que"
      for (TokenIndex t = r->last + 1; t < n && t <= r->last + 3 && clause[t] == clause[r->last]; ++t) {
        const std::string w = source_lower(t);
        if (IsLabelledThing(scoring_lang, w) || (t == r->last + 1 && IsComplementizer(scoring_lang, w))) object = true;
        if (!object) continue;
        for (const Match* cu : counters) {
          if (cu->first == t) return cu;
        }
      }
      return nullptr;
    };
    auto reason_after_report = [&](const Match* r) {
      TokenIndex b = r->last + (head_final ? 1 : 3);  // (a head-final verb ends its clause)
      while (b < m.first && !IsBecause(scoring_lang, source_lower(b))) ++b;
      if (b >= m.first) return false;
      return std::none_of(matches.begin(), matches.end(), [&](const Match& o) {
        return o.first > r->last && o.first < b && IsHarmIndicator(lexicon.entry(o.entry).indicator);
      });
    };
    // A reporting verb right after a relative pronoun ("who says", "der sagt", "хто пише"): not one
    // opening the sentence; in German and Dutch, where the relative pronouns are also articles
    // ("Die Behauptung, ..."), only one right after a comma.
    auto relative_report = [&](const Match* r) {
      const TokenIndex p = r->first - 1;
      if (r->first == 0 || clause[p] != clause[r->first] || p == first_token_of_sentence[sent]) return false;
      if (verb_second && clause[p - 1] == clause[p]) return false;
      const std::string w = source_lower(p);
      return IsSubjectRelative(scoring_lang, w) || (scoring_lang == "de" && (w == "der" || w == "das"));
    };
    // The next clause is the reporting verb's complement: it opens on "that" ("Хто пише, що ...",
    // "..., który mówi, że ..."), or, verb-final, on anything ("der sagt, er sei Deutscher").
    auto complement_follows = [&](const Match* r) {
      TokenIndex t = r->last + 1;
      while (t < n && clause[t] == clause[r->last]) ++t;
      if (t >= n || sentence[t] != sent) return false;
      return verb_final_subordinates || IsComplementizer(scoring_lang, source_lower(t));
    };
    auto admitted_openly = [&](const Match* r) {
      if (e.indicator != Indicator::kAccusationInMirror && e.indicator != Indicator::kQuestioningLoyalty &&
          e.indicator != Indicator::kThreatToPurity) {
        return false;
      }
      for (TokenIndex t = m.last + 1; t < n && sentence[t] == sent; ++t) {
        if (clause[t] == clause[r->first] && IsOpenAdmission(scoring_lang, source_lower(t))) return true;
      }
      return false;
    };
    // History narrated (narrates_history, above), unless the speaker endorses it. Not a slur or a
    // code: the narrator says those in their own voice.
    const Match* narrated = endorsed || e.indicator == Indicator::kSlur || e.indicator == Indicator::kCodedLanguage
                                ? nullptr
                                : narrates_history(m, sent);
    const Match* report_cue = endorsed ? nullptr : narrated ? narrated : FirstWhere(reports, [&](const Match* r) {
      if (sentence[r->first] != sent) return false;
      if (own_voice(r)) return false;
      if (r->last < m.first && std::any_of(reports.begin(), reports.end(), [&](const Match* r2) {
            return r2->first > r->last && r2->last < m.first && own_voice(r2);
          })) {
        return false;
      }
      if (quoted(m)) return true;
      // A "because" after what was said, when that held no harm, gives the speaker's own reason:
      // "मुसलमान वंदे मातरम नहीं बोलते क्योंकि इनकी निष्ठा अरब से है" (they don't say Vande Mataram
      // because their loyalty is to Arabia). Not right after the verb ("said that because ..."; but
      // right after a head-final one), nor after a reported harm ("They say Muslims are traitors
      // because ...": the reason is theirs).
      // A reporting verb that a relative pronoun opens is inside the subject's noun phrase ("Any Jew
      // who says he is American first is lying, his heart belongs to Zion"): it reaches to the end of
      // its clause (in a verb-final language, and the next, its complement: "Jeder Moslem, der sagt,
      // er sei Deutscher, lügt, ..."); a later clause is the speaker's.
      if (r->last < m.first && relative_report(r) && clause[m.first] > clause[r->last] + (complement_follows(r) ? 1 : 0)) {
        return false;
      }
      if (r->last < m.first) return !contrast_between(r->last, m.first) && !reason_after_report(r);
      // Head-final languages put the reporting verb after what it reports, in the same clause
      // ("... sağ çıkamazsınız diye bağıran şüpheliyi gözaltına aldı").
      if (head_final && r->first > m.last) return true;
      // A reporting verb that ends the clause of the harm, when another clause of the sentence
      // follows, is the verb of a subordinate or infinitive clause there: what it reports is the
      // subject of a judgement ("Wer Behinderte als Belastung bezeichnet, hat nichts gelernt").
      if (verb_final_subordinates && r->first > m.last && clause[r->first] == clause[m.last]) {
        const std::string_view head = text.TokenText(text.tokens[r->first]);
        const bool infinitive = head == "zu" || head == "te";  // "als Tiere zu bezeichnen ist ..."
        const bool clause_then_more = r->last + 1 < n && clause[r->last + 1] != clause[r->last] && sentence[r->last + 1] == sent;
        if (infinitive || clause_then_more) return true;
      }
      // A trailing attribution names who said it; a denied one names nobody ("..., y nadie dice nada",
      // "..., and nobody says a word"). Nor does a claim about the group's designs or allegiance that
      // the group is said to voice openly: "..., lo dicono apertamente", "..., они открыто говорят об
      // этом" cites the group's own words as proof (IsOpenAdmission in the attribution's clause).
      return r->first > m.last && clause[r->first] != clause[m.last] && !negated_just_before(r, 1) &&
             !admitted_openly(r) && labels_after(r) == nullptr;
    });
    const bool reported = report_cue != nullptr;
    // Whether the harm is put as a question and the next sentence, its answer, opens on "that" (an
    // echo of what others say, when the answer condemns it; below).
    const bool answer_opens_on_that = question[sent] && sent < sentence[n - 1] &&
                                      IsDemonstrativeOpener(scoring_lang, source_lower(first_token_of_sentence[sent + 1]));
    const Match* counter_cue = FirstWhere(counters, [&](const Match* cu) {
      // A cue word that is itself harm describes what it stands next to: before the harm ("disgusting
      // faggot"), or right after it, where Romance languages put the adjective ("traveco nojento").
      if (same_token_as_harm(cu) && (cu->first <= m.first || cu->first == m.last + 1)) return false;
      if (cue_is_contempt(cu)) return false;
      if (inside_longer_harm(cu)) return false;  // "el holocausto es mentira" is the harm itself
      // A label after the harm that others are said to give the speaker's words is theirs, not the
      // speaker's judgement: "Ausländer sind Parasiten, und dann nennen sie es Rassismus", "... y luego
      // dicen que es racismo" (the hater's complaint; labels_after).
      if (cu->first > m.last && std::any_of(reports.begin(), reports.end(), [&](const Match* r) {
            return r->first > m.last && labels_after(r) == cu;
          })) {
        return false;
      }
      // A demand to end (IsDemandToEnd) right before harm the group is said to do demands an end to
      // that act, not to speech against the group: "Stop à l'islamisation de nos écoles", "Basta de
      // islamización de nuestras escuelas" (but "Stop à la haine", "Basta de llamarlos ratas" condemn,
      // and so does a judgement, "Mit da Jevreji planiraju da nas pobiju je ...").
      if (group_acts && cu->last < m.first && m.first - cu->last <= 2 && clause[cu->last] == clause[m.first] &&
          IsDemandToEnd(scoring_lang, source_lower(cu->first))) {
        return false;
      }
      if (cu->last < m.first && endorsed_in_clause(m)) return false;
      // A slur the speaker uses, neither quoted nor reported, in a clause of its own before the
      // judgement, is the speaker's own word: an exclamation after it judges its group, not the word
      // ("Y'a que des gouines à cette manif, quelle honte"). Counter-speech mentions a slur in the
      // clause that judges it ("Jemanden Kanake zu nennen ist ekelhaft", "İnsanlara ipne demek nefret
      // söylemidir"), or quotes or reports it.
      // (Not a slur in a clause that denies something, "Wakuja hawachafui damu; huo ni uongo".)
      // (Not a slur echoed in a question that the next sentence names with "that" and condemns: "Jews
      // are kikes? That is hate speech." A bare judgement after it, "Dykes at the parade? Disgusting.",
      // is the speaker's own.)
      const bool echoed_then_named = answer_opens_on_that && sentence[cu->first] == sent + 1;
      if (e.indicator == Indicator::kSlur && !reported && !quoted(m) && clause[cu->first] > clause[m.last] && !echoed_then_named &&
          std::none_of(negations.begin(), negations.end(), [&](const Match* ng) { return clause[ng->first] == clause[m.first]; })) {
        return false;
      }
      // A denied label condemns nothing: "Das ist nicht rassistisch", and with a word between when a
      // "but" follows, "I'm not a racist, but ...", "No soy racista, pero ..." ("não espalhem mentiras",
      // don't spread lies, still condemns). Not a negation that belongs to a harm phrase ("ليسوا طبيعيين
      // هو كراهية", "受不了", "አይታመኑም": a negated verb that is the harm).
      const bool but_after = std::any_of(contrasts.begin(), contrasts.end(), [&](const Match* b) {
        return b->first > cu->last && sentence[b->first] == sentence[cu->first];
      });
      if (std::any_of(negations.begin(), negations.end(), [&](const Match* ng) {
            return ng->last < cu->first && (cu->first - ng->last == 1 || (cu->first - ng->last == 2 && but_after)) &&
                   clause[ng->last] == clause[cu->first] && !SharesTokenWithHarm(*ng, matches, lexicon, &dropped);
          })) {
        return false;
      }
      if (cu->last < m.first && sentence[cu->first] == sent && contrast_between(cu->last, m.first)) return false;
      // A judgement that an "and" joins right after the harm is a second predicate of the harm's own
      // subject: "Immigrants are a shame for this country and should be ashamed of themselves".
      if (cu->first > m.last + 1 && sentence[cu->first] == sent && and_between(cu->first - 2, cu->first)) return false;
      // Or the next sentence opens by naming what was just said (a speech noun: "this kind of talk",
      // "such words") and condemns it: "Nobody would miss the gypsies if they all died. This kind of
      // talk is racist."
      const bool named_as_speech = sentence[cu->first] == sent + 1 &&
                                   std::any_of(reports.begin(), reports.end(), [&](const Match* r) {
                                     return sentence[r->first] == sent + 1 &&
                                            r->first < first_token_of_sentence[sent + 1] + kSpeechOpening && r->last < cu->first;
                                   });
      // Or the harm is put as a question and the next sentence, the answer, opens on "that" and
      // condemns it, or opens on the condemnation itself: an echo of what others say, "Muslims are
      // all terrorists? That is racism.", "河南人都是骗子？这是地域歧视，请停止。", "Karya ce tsagwaronta."
      // (not "Are Muslims all terrorists? Yes, every single one").
      // Further on in the answer when it also says whose words they are ("Refugees are vermin? That's
      // what the far right keeps saying, and it's disgusting.").
      const bool echo_condemned = question[sent] && sentence[cu->first] == sent + 1 && [&] {
        const TokenIndex answer = first_token_of_sentence[sent + 1];
        if (cu->first == answer) return true;
        if (!answer_opens_on_that) return false;
        return cu->first < answer + 6 ||  // ("这是地域歧视": 4 tokens before the cue)
               std::any_of(reports.begin(), reports.end(), [&](const Match* r) { return sentence[r->first] == sent + 1; });
      }();
      return sentence[cu->first] == sent || (reported && sentence[cu->first] == sent + 1) || named_as_speech ||
             echo_condemned;
    });
    if (counter_cue) {
      reason[k] = "counter_speech";
      cue[k] = cue_of(counter_cue);
      continue;
    }
    if (reported) {
      reason[k] = "reported";
      cue[k] = cue_of(report_cue);
      continue;
    }
    if (quoted(m) && has_unquoted && !endorsed) { reason[k] = "quoted"; continue; }

    // 4. Modifiers.
    double w = e.weight * config_.indicator_strength[static_cast<int>(e.indicator)] * target_factor;
    if (Role(e) == Indicator::kCallToViolence) {
      bool exhorted = std::any_of(exhorts.begin(), exhorts.end(), [&](const Match* x) {
        // Before the call, or opening the call phrase itself ("надо сжечь", "hay que matarlos"), or
        // starting before it and ending inside it ("I want" + "want them all dead"), or the call's
        // own single word in a hortative form ("zabijmy", "tuons", "убьём": let us kill; not a phrase
        // that is both, such as "by force").
        const bool hortative = x->first == m.first && x->last == m.first;
        return sentence[x->first] == sent &&
               ((x->last < m.first && m.first - x->last <= 6) ||
                (x->first <= m.first && x->last >= m.first && (x->last < m.last || hortative)));
      });
      // "We will break your legs", "Завтра мы сожжём": the speaker's own side, just before the call in
      // its clause, commits to the violence. Not where the sentence accuses a group of planning it
      // ("they are getting ready to slaughter us all"): there "us" are the victims.
      exhorted = exhorted || (std::any_of(ingroups.begin(), ingroups.end(), [&](const Match* g) {
                                return clause[g->first] == clause[m.first] && g->last < m.first && m.first - g->last <= 2;
                              }) &&
                              std::none_of(matches.begin(), matches.end(), [&](const Match& o) {
                                return sentence[o.first] == sent &&
                                       lexicon.entry(o.entry).indicator == Indicator::kAccusationInMirror;
                              }));
      bool imperative = m.first == 0 || sentence[m.first - 1] != sent;
      // Head-final languages put the main verb last: a call that ends its sentence is its main
      // predicate ("Bütün Ermeniler ölsün", "सबको मार डालो"), not a clause inside it.
      if (head_final && (m.last + 1 == n || sentence[m.last + 1] != sent)) imperative = true;
      // Addressed to the group: the call opens the clause after a short opening clause that names
      // it ("Jevreji, znamo gde vam je sinagoga", "Gitanos de la calle Almendro: o os largáis ...",
      // "Jews, you will regret it"), the shape of an ultimatum or a vocative and an imperative.
      const uint32_t opening = first_token_of_sentence[sent];
      if (!imperative && clause[m.first - 1] != clause[m.first] && clause[opening] == clause[m.first - 1] &&
          m.first - opening <= kAddressTokens) {
        imperative = std::any_of(targets.begin(), targets.end(), [&](const TargetMention& tm) {
          return tm.identity && tm.sentence == sent && tm.last < m.first && tm.group == group;
        });
      }
      if (!exhorted && !imperative) w *= 0.8;
      // A call or threat (exhortation, imperative) at a named group is the core of incitement.
      if ((exhorted || imperative) && target_factor >= 0.7) exhorted_call[k] = true;
    }
    if (e.indicator == Indicator::kAccusationInMirror &&
        std::any_of(ingroups.begin(), ingroups.end(), [&](const Match* g) { return sentence[g->first] == sent; })) {
      w = std::min(1.0, w * 1.1);
    }
    weight[k] = w;
    match_group[k] = group;
  }

  // A slur its group has reclaimed (`reclaimed`), said of "us" ("we're queer", "Wir Krüppel",
  // "Nous, les pédés") or by the speaker of themself ("As a dyke, ...", "Да, я пидор", "ነፍጠኛ ነኝ",
  // "İbneyiz"): an in-group or self-reference word at most two tokens before it in its sentence (a
  // self-reference also on the slur's own word, and right after it in head-final languages, where
  // the copula follows), and no other kind of harm that counted in the sentence ("we hate dykes",
  // "I hate dykes" stay hateful).
  for (size_t k = 0; k < matches.size(); ++k) {
    const Match& m = matches[k];
    const Entry& e = lexicon.entry(m.entry);
    if (weight[k] <= 0 || e.indicator != Indicator::kSlur || !e.reclaimed) continue;
    const uint32_t sent = sentence[m.first];
    auto before = [&](const Match* g) { return sentence[g->first] == sent && g->last < m.first && m.first - g->last <= 2; };
    const bool ours = std::any_of(ingroups.begin(), ingroups.end(), before) ||
                      std::any_of(selves.begin(), selves.end(), [&](const Match* self) {
                        return before(self) || (self->first >= m.first && self->first <= m.last) ||
                               (head_final && self->first == m.last + 1 && sentence[self->first] == sent);
                      });
    bool other_harm = false;
    for (size_t j = 0; j < matches.size() && ours && !other_harm; ++j) {
      other_harm = weight[j] > 0 && lexicon.entry(matches[j].entry).indicator != Indicator::kSlur &&
                   sentence[matches[j].first] == sent;
    }
    if (ours && !other_harm) weight[k] = 0, reason[k] = "reclaimed";
  }

  // A shorter match kept inside a stricter longer one (above) is redundant when the longer one
  // counts, or when a hallmark phrase that holds it counts: nested hallmark phrases ("杀" in "杀光我们"
  // in "就会杀光我们的孩子", a claimed plot) count only as the outermost, and the call inside belongs
  // to it, however many shorter phrases lie between.
  for (size_t k = 0; k < matches.size(); ++k) {
    if (inside_stricter[k] < 0) continue;
    bool held = weight[inside_stricter[k]] > 0;
    for (size_t j = 0; j < matches.size() && !held; ++j) {
      held = weight[j] > 0 && Role(lexicon.entry(matches[j].entry)) != Indicator::kCallToViolence && holds(j, k);
    }
    if (held) is_harm[k] = false, weight[k] = 0;
  }

  // Assemble the verdict: evidence, targets used, discounted matches.
  auto& out_index = sc.out_index;
  out_index.assign(matches.size(), -1);
  auto add_match = [&](size_t k) {
    if (out_index[k] < 0) {
      out_index[k] = static_cast<int>(out->matches.size());
      out->matches.push_back(matches[k]);
    }
    return static_cast<uint32_t>(out_index[k]);
  };
  // A killing verb that the message says a group plans, not one the speaker calls for, is an
  // accusation in a mirror, and takes its tier (moderately dangerous):
  // - in a sentence with a counted accusation in a mirror ("they are arming to exterminate us"), or
  //   right after one ("Os muçulmanos estão se armando. Quando forem maioria vão degolar ..."),
  //   unless exhorted or imperative;
  // - after a third party's intention in its sentence ("Украинцы мечтают вырезать всех русских",
  //   "Ukraińcy planują ... wymordować Polaków"), or in head-final languages right after the verb
  //   ("... काट देना चाहते हैं"), when no exhortation stands between them and no "we" is the one who
  //   intends ("we want to", "wir wollen"); or in the sentence right before one with no cue of its own.
  auto counted_mirror = [&](size_t j) {
    return weight[j] > 0 && Role(lexicon.entry(matches[j].entry)) == Indicator::kAccusationInMirror;
  };
  auto counted_mirror_in = [&](uint32_t s) {
    for (size_t j = 0; j < matches.size(); ++j) {
      if (sentence[matches[j].first] == s && counted_mirror(j)) return true;
    }
    return false;
  };
  // "We" intend it: an in-group word just before the intention, or right after it where the verb
  // comes second ("Wollen wir ...", "Willen we ..."; elsewhere that is its object: "veulent notre
  // disparition"); in head-final languages, one opening its clause (the subject: "हम ... चाहते हैं",
  // not "Ermeniler bizi ... istiyorlar").
  auto ours = [&](const Match* c) {
    return std::any_of(ingroups.begin(), ingroups.end(), [&](const Match* g) {
      if (clause[g->first] != clause[c->first]) return false;
      if (head_final) return g->last < c->first && (g->first == 0 || clause[g->first - 1] != clause[g->first]);
      return (g->last < c->first && c->first - g->last <= 2) || (verb_second && g->first == c->last + 1);
    });
  };
  // A call whose words hold a removal call's and no other act ("يجب طردهم": an exhortation pattern
  // around "طردهم", expel them) names removal, not bodily harm: it takes the removal entry's tier.
  // A call of the default tier inside it ("... قتلهم وطردهم", kill and expel them) keeps the default.
  auto names_only_removal = [&](size_t k) {
    const Match& m = matches[k];
    bool removal = false;
    for (size_t j = 0; j < matches.size(); ++j) {
      if (j == k || (dropped[j] && !contained[j])) continue;  // one inside another call is dropped as contained
      const Match& o = matches[j];
      if (o.first < m.first || o.last > m.last) continue;
      const Entry& oe = lexicon.entry(o.entry);
      if (Role(oe) != Indicator::kCallToViolence) continue;
      if (EvidenceTier(oe) == EntryTier::kModeratelyDangerous) {
        removal = true;
      } else if (o.first != m.first || o.last != m.last) {
        return false;
      }
    }
    return removal;
  };
  auto planned_by_them = [&](size_t k) {
    const Match& m = matches[k];
    const uint32_t sent = sentence[m.first];
    // The nearest exhortation before the call that is not part of an intention ("want to" in "they
    // want to") is the speaker's.
    const Match* exhort = nullptr;
    for (const Match* x : exhorts) {
      if (sentence[x->first] != sent || x->first > m.first) continue;
      const bool in_intent = std::any_of(intents.begin(), intents.end(), [&](const Match* c) {
        return c->first <= x->first && x->last <= c->last;
      });
      if (!in_intent && (!exhort || x->last > exhort->last)) exhort = x;
    }
    for (const Match* c : intents) {
      if (sentence[c->first] != sent || ours(c)) continue;
      const bool before = c->first < m.first && (!exhort || c->last >= exhort->last);
      const bool after = head_final && c->first > m.last && c->first - m.last <= 3 && clause[c->first] == clause[m.last];
      if (before || after) return true;
    }
    // The mirror's own verb: a call that starts inside a counted accusation in a mirror ("nos van a
    // degollar" over "degollar a todos") is what they will do, whatever future marker the mirror
    // holds ("van a" also exhorts: "les van a matar").
    for (size_t j = 0; j < matches.size(); ++j) {
      const Match& o = matches[j];
      if (o.first <= m.first && m.first <= o.last && o.last <= m.last && counted_mirror(j)) return true;
    }
    // The group named as the verb's subject will do it to us or to another group (call_agent).
    if (const auto agent = call_agent(m); agent && !agent->we_act) return true;
    if (exhorted_call[k]) return false;
    if (counted_mirror_in(sent)) return true;
    if (exhort || sent == 0 || m.first == first_token_of_sentence[sent]) return false;
    return counted_mirror_in(sent - 1) || std::any_of(intents.begin(), intents.end(), [&](const Match* c) {
             return sentence[c->first] == sent - 1 && !ours(c);
           });
  };
  std::set<std::string_view> groups;
  double keep = 1.0;
  EntryTier tier = EntryTier::kOffensive;  // the highest any counted evidence sets (below)
  for (size_t k = 0; k < matches.size(); ++k) {
    if (!is_harm[k]) continue;
    const Entry& e = lexicon.entry(matches[k].entry);
    uint32_t idx = add_match(k);
    if (weight[k] <= 0) {
      out->discounted.push_back({idx, reason[k] ? reason[k] : "no_target", cue[k]});
      continue;
    }
    auto it = std::find_if(out->indicators.begin(), out->indicators.end(),
                           [&](const IndicatorResult& r) { return r.indicator == e.indicator; });
    if (it == out->indicators.end()) {
      out->indicators.push_back({e.indicator, 0, {}});
      it = out->indicators.end() - 1;
    }
    it->evidence.push_back({idx, weight[k]});
    it->weight = 1.0 - (1.0 - it->weight) * (1.0 - weight[k]);
    keep *= (1.0 - weight[k]);
    if (!match_group[k].empty()) groups.insert(match_group[k]);
    EntryTier t = EvidenceTier(e);
    if (t == EntryTier::kExtremelyDangerous && e.tier == EntryTier::kDefault &&
        (planned_by_them(k) || names_only_removal(k))) {
      t = EntryTier::kModeratelyDangerous;
    }
    // Denying a group rights as a rhetorical question ("Why do women even get to vote?") insinuates
    // rather than demands: offensive, as contempt is, while the statement ("Women should not be
    // allowed to vote") stays moderately dangerous.
    if (t == EntryTier::kModeratelyDangerous && e.indicator == Indicator::kContempt &&
        question[sentence[matches[k].first]]) {
      t = EntryTier::kOffensive;
    }
    tier = std::max(tier, t);
  }
  // Identity terms of the groups that evidence is aimed at.
  for (const auto& tm : targets) {
    if (tm.identity && groups.count(tm.group) && tm.match >= 0) add_match(tm.match);
  }
  for (std::string_view g : groups) out->target_groups.emplace_back(g);

  double score = 100.0 * (1.0 - keep);
  if (score > 0) {
    // The tier (EvidenceTier, the highest of the evidence) bounds the score; only context (below)
    // raises a message past it.
    double floor = config_.offensive, ceiling = config_.moderately_dangerous - 1;
    if (tier == EntryTier::kModeratelyDangerous) floor = config_.moderately_dangerous, ceiling = config_.extremely_dangerous - 1;
    if (tier == EntryTier::kExtremelyDangerous) floor = config_.extremely_dangerous, ceiling = 100;
    score = std::min(std::max(score, floor), ceiling);

    // Context (Rabat: speaker, extent, context).
    auto apply = [&](const char* name, std::string detail, double factor) {
      if (factor == 1.0) return;
      double before = score;
      score = std::min(100.0, score * factor);
      out->context.push_back({name, std::move(detail), factor, score - before});
    };
    const MessageAuthor& a = message.author;
    if (a.followers >= config_.influence_followers_threshold) {
      apply("speaker_influence", std::to_string(a.followers) + " followers", config_.influence_followers_factor);
    }
    if (a.verified.value_or(false)) apply("verified", "verified account", config_.verified_factor);
    static const std::set<std::string> kInfluential = {"politician", "religious_leader", "military", "government",
                                                      "media", "journalist", "official", "celebrity"};
    if (kInfluential.count(a.role)) apply("speaker_role", a.role, config_.influential_role_factor);
    if (message.shares >= config_.reach_shares_threshold) {
      apply("reach", std::to_string(message.shares) + " shares", config_.reach_factor);
    }
    if (!message.region.empty()) {
      for (const auto& r : config_.regions) {
        if (message.region != r.code && message.region.rfind(r.code + "-", 0) != 0) continue;
        if (r.level == "high") apply("region_risk", r.code + ": high", config_.region_high_factor);
        if (r.level == "elevated") apply("region_risk", r.code + ": elevated", config_.region_elevated_factor);
        break;
      }
    }
    if (message.timestamp.size() >= 10) {
      const std::string day = message.timestamp.substr(0, 10);
      for (const auto& p : config_.sensitive_periods) {
        bool region_ok = p.regions.empty() ||
                         std::find(p.regions.begin(), p.regions.end(), message.region) != p.regions.end();
        if (region_ok && day >= p.from && day <= p.to) {
          apply("sensitive_period", p.name, config_.sensitive_period_factor);
          break;
        }
      }
    }
  }
  out->score = std::round(score * 10) / 10;
  if (out->score >= config_.extremely_dangerous) out->severity = Severity::kExtremelyDangerous;
  else if (out->score >= config_.moderately_dangerous) out->severity = Severity::kModeratelyDangerous;
  else if (out->score >= config_.offensive) out->severity = Severity::kOffensive;
  else out->severity = Severity::kNone;

  // Explanation: one or two sentences an analyst can check in seconds. Appended in place into the
  // verdict's (reused) string.
  std::string& ex = out->explanation;
  auto append_number = [&](double v, const char* fmt) {
    char buf[32];
    std::snprintf(buf, sizeof buf, fmt, v);
    ex += buf;
  };
  auto append_words = [&](std::string_view name) {  // "call_to_violence" -> "call to violence"
    for (char c : name) ex.push_back(c == '_' ? ' ' : c);
  };
  auto append_span = [&](SourceSpan source) {
    ex += '"';
    ex += source.Slice(message.text);
    ex += "\" (bytes ";
    append_number(source.begin, "%.0f");
    ex += '-';
    append_number(source.end, "%.0f");
    ex += ')';
  };
  auto append_quote = [&](uint32_t idx) { append_span(out->matches[idx].source); };
  if (out->severity != Severity::kNone) {
    const size_t head = ex.size();
    append_words(SeverityName(out->severity));
    ex[head] = static_cast<char>(std::toupper(static_cast<unsigned char>(ex[head])));
    ex += ": ";
    std::sort(out->indicators.begin(), out->indicators.end(),
              [](const IndicatorResult& a, const IndicatorResult& b) { return a.weight > b.weight; });
    for (size_t i = 0; i < out->indicators.size(); ++i) {
      if (i) ex += i + 1 == out->indicators.size() ? " and " : ", ";
      append_words(IndicatorName(out->indicators[i].indicator));
      ex += ' ';
      append_quote(out->indicators[i].evidence[0].match);
    }
    if (!out->target_groups.empty()) {
      ex += " aimed at ";
      for (size_t i = 0; i < out->target_groups.size(); ++i) {
        if (i) ex += ", ";
        ex += out->target_groups[i];
      }
    }
    ex += '.';
    if (!out->context.empty()) {
      double ctx = 0;
      for (const auto& f : out->context) ctx += f.contribution;
      ex += " Context added ";
      append_number(ctx, "%.1f");
      ex += " points (";
      for (size_t i = 0; i < out->context.size(); ++i) {
        if (i) ex += ", ";
        ex += out->context[i].name;
        ex += ' ';
        ex += out->context[i].detail;
      }
      ex += ").";
    }
  } else if (!out->discounted.empty()) {
    ex += "Not flagged: ";
    for (size_t i = 0; i < out->discounted.size() && i < 3; ++i) {
      if (i) ex += "; ";
      const auto& d = out->discounted[i];
      append_quote(d.match);
      if (d.reason == "no_target") {
        ex += " is not aimed at a protected group";
      } else {
        ex += " was discounted as ";
        append_words(d.reason);
        if (d.cue) {
          ex += " by ";
          append_span(d.cue->source);
        }
      }
    }
    ex += '.';
  } else {
    ex += "No dangerous-speech indicators found.";
  }
}

}  // namespace vigil
