#include "classifiers/lexicon.h"

#include <re2/re2.h>
#include <unicode/uscript.h>

#include <algorithm>
#include <array>
#include <memory>
#include <type_traits>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "classifiers/internal/utf8.h"
#include "classifiers/internal/yaml_tree.h"
#include "classifiers/pattern_prefix.h"
#include "classifiers/term_template.h"

namespace vigil {
namespace {

// German writes ä, ö, ü as ae, oe, ue where the keyboard or the writer lacks them ("Auslaender",
// "Fluechtlinge raus"). The normaliser folds ä to a, so a term written with umlauts matches "Auslander"
// but not "Auslaender": the transliterated spelling is added as a variant. "" when the term has none.
std::string UmlautTransliteration(const std::string& term) {
  static constexpr std::pair<std::string_view, std::string_view> kUmlauts[] = {
      {"\xc3\xa4", "ae"}, {"\xc3\xb6", "oe"}, {"\xc3\xbc", "ue"}, {"\xc3\x84", "Ae"}, {"\xc3\x96", "Oe"}, {"\xc3\x9c", "Ue"}};
  std::string out;
  bool any = false;
  for (size_t i = 0; i < term.size();) {
    bool replaced = false;
    for (const auto& [from, to] : kUmlauts) {
      if (term.compare(i, from.size(), from) == 0) {
        out += to;
        i += from.size();
        replaced = any = true;
        break;
      }
    }
    if (!replaced) out += term[i++];
  }
  return any ? out : std::string();
}

struct IndicatorInfo {
  Indicator indicator;
  std::string_view name;
};
constexpr std::array<IndicatorInfo, kIndicatorCount> kIndicators = {{
    {Indicator::kDehumanisation, "dehumanisation"},
    {Indicator::kAccusationInMirror, "accusation_in_mirror"},
    {Indicator::kThreatToPurity, "threat_to_purity"},
    {Indicator::kAttackOnWomen, "attack_on_women"},
    {Indicator::kQuestioningLoyalty, "questioning_loyalty"},
    {Indicator::kCodedLanguage, "coded_language"},
    {Indicator::kCallToViolence, "call_to_violence"},
    {Indicator::kSlur, "slur"},
    {Indicator::kContempt, "contempt"},
    {Indicator::kIdentityTerm, "identity_term"},
    {Indicator::kNegation, "negation"},
    {Indicator::kCounterSpeech, "counter_speech"},
    {Indicator::kReporting, "reporting"},
    {Indicator::kGroupReference, "group_reference"},
    {Indicator::kInGroup, "in_group"},
    {Indicator::kExhortation, "exhortation"},
    {Indicator::kContrast, "contrast"},
    {Indicator::kCondition, "condition"},
    {Indicator::kSelfReference, "self_reference"},
    {Indicator::kIntention, "intention"},
    {Indicator::kEndorsement, "endorsement"},
    {Indicator::kNonGroup, "non_group"},
    {Indicator::kHistorical, "historical"},
}};

// ISO 639-1 codes plus a few 639-3 codes for languages without one.
const std::set<std::string_view>& Languages() {
  static const auto* langs = new std::set<std::string_view>{
      "af", "am", "ar", "az", "be", "bg", "bn", "bs", "ca", "cs", "cy", "da", "de", "el", "en", "eo", "es",
      "et", "eu", "fa", "ff", "fi", "fr", "ga", "gl", "gu", "ha", "he", "hi", "hr", "hu", "hy", "id", "ig",
      "is", "it", "ja", "ka", "kk", "ki", "km", "kn", "ko", "ku", "ky", "lg", "lo", "lt", "luo", "lv", "mk",
      "ml", "mn", "mr", "ms", "mt", "my", "ne", "nl", "no", "om", "pa", "pl", "ps", "pt", "ro", "ru", "rw",
      "si", "sk", "sl", "sn", "so", "sq", "sr", "sv", "sw", "ta", "te", "tg", "th", "ti", "tl", "tr", "uk",
      "ur", "uz", "vi", "wo", "xh", "yo", "zh", "zu", "kln", "kam", "luy", "mul"};
  return *langs;
}

const std::set<std::string_view>& TargetCategories() {
  static const auto* cats = new std::set<std::string_view>{
      "ethnicity", "nationality", "religion", "race", "gender", "sexuality", "disability", "migration",
      "caste", "political", "age", "other"};
  return *cats;
}

bool ValidId(std::string_view id) {
  if (id.empty() || id.size() > 128) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
  });
}

class EntryReader {
 public:
  EntryReader(std::string_view file, std::vector<LexiconError>* errors) : file_(file), errors_(errors) {}

  void Error(const YamlNode& node, std::string_view id, std::string message) {
    int line = node.IsDefined() ? node.Line() + 1 : 0;
    errors_->push_back(LexiconError{file_, line, std::string(id), std::move(message)});
    ok_ = false;
  }

  std::optional<std::string> Scalar(const YamlNode& node, std::string_view id, std::string_view field) {
    if (!node.IsDefined() || node.IsNull()) return std::nullopt;
    if (!node.IsScalar()) {
      Error(node, id, std::string(field) + " must be a string");
      return std::nullopt;
    }
    return node.Scalar();
  }

  // A plain (unquoted) scalar that YAML reads as a number or a boolean ("1922", "1.5e3", "1e5",
  // "true") is not a string to other YAML tools (the schema's validators among them): it must be
  // quoted.
  bool PlainNonString(const YamlNode& item, std::string_view id, std::string_view field) {
    static const RE2 kNumber("[-+]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][-+]?[0-9]+)?");
    if (item.Quoted()) return false;
    const std::string s = item.Scalar();
    if (!RE2::FullMatch(s, kNumber) && s != "true" && s != "false") return false;
    Error(item, id, std::string(field) + " item " + s + " is a number or boolean in YAML: quote it (\"" + s + "\")");
    return true;
  }

  // Whether a list given as `[]` is an error (the schema's minItems), or allowed (`terms: []` beside a
  // pattern).
  enum class EmptyList { kError, kAllowed };

  std::vector<std::string> StringList(const YamlNode& node, std::string_view id, std::string_view field,
                                      EmptyList empty = EmptyList::kError) {
    std::vector<std::string> out;
    if (!node.IsDefined() || node.IsNull()) return out;
    if (node.IsScalar()) {
      if (!PlainNonString(node, id, field)) out.push_back(node.Scalar());
      return out;
    }
    if (!node.IsSequence()) {
      Error(node, id, std::string(field) + " must be a list of strings");
      return out;
    }
    // An empty list is a leftover of an edit, which the schema rejects (minItems).
    if (node.size() == 0 && empty == EmptyList::kError) {
      Error(node, id, std::string(field) + " is an empty list: remove the field or list at least one item");
      return out;
    }
    for (const auto& item : node) {
      if (!item.IsScalar()) {
        Error(item, id, std::string(field) + " items must be strings");
        continue;
      }
      if (PlainNonString(item, id, field)) continue;
      out.push_back(item.Scalar());
    }
    return out;
  }

  // A list of terms, each expanded if it is a template (term_template.h), over the given slots.
  std::vector<std::string> Terms(const YamlNode& node, std::string_view id, std::string_view field,
                                 const TermSlots& slots, EmptyList empty = EmptyList::kError) {
    std::vector<std::string> out;
    for (const std::string& t : StringList(node, id, field, empty)) {
      std::string why;
      if (!ExpandTermTemplate(t, slots, kMaxExpandedTerms, &out, &why)) {
        Error(node, id, std::string(field) + " '" + t + "': " + why);
      }
    }
    return out;
  }

  // Reads `slots: {name: [word, ...]}` into *slots (replacing a name given before).
  void Slots(const YamlNode& node, std::string_view id, TermSlots* slots) {
    if (!node.IsDefined() || node.IsNull()) return;
    if (!node.IsMap()) {
      Error(node, id, "slots must be a mapping from a slot name to a list of words or phrases");
      return;
    }
    for (size_t i = 0; i < node.size(); ++i) {
      const auto [key, value] = node.Pair(i);
      const std::string name = key.IsScalar() ? key.Scalar() : "";
      if (!ValidSlotName(name)) {
        Error(key, id, "slot name '" + name + "' must match [a-z0-9_]+");
        continue;
      }
      std::vector<std::string> words = StringList(value, id, "slot '" + name + "'");
      if (words.empty()) Error(value, id, "slot '" + name + "' is empty");
      for (const std::string& w : words) {
        if (IsTermTemplate(w)) {
          Error(value, id, "slot '" + name + "' item '" + w + "' holds '{', '}' or '|': slots do not nest");
          break;
        }
      }
      (*slots)[name] = std::move(words);
    }
  }

  // Sets *out from a boolean field; leaves it as it is when the field is absent.
  void Bool(const YamlNode& node, std::string_view id, std::string_view field, bool* out) {
    if (!node.IsDefined()) return;
    if (const std::optional<bool> b = node.AsBool()) {
      *out = *b;
    } else {
      Error(node, id, std::string(field) + " must be true or false");
    }
  }

  // Sets *out from a number field (an integer when T is), which must lie within [lo, hi]; leaves it
  // as it is when the field is absent.
  template <typename T>
  void Number(const YamlNode& node, std::string_view id, const char* out_of_range, const char* not_a_number, T lo, T hi,
              T* out) {
    if (!node.IsDefined()) return;
    std::optional<T> v;
    if constexpr (std::is_integral_v<T>) {
      v = node.AsInt();
    } else {
      v = node.AsDouble();
    }
    if (!v) {
      Error(node, id, not_a_number);
      return;
    }
    *out = *v;
    if (*v < lo || *v > hi) Error(node, id, out_of_range);
  }

  bool ok() const { return ok_; }
  void Reset() { ok_ = true; }

 private:
  std::string file_;
  std::vector<LexiconError>* errors_;
  bool ok_ = true;
};

bool IsBlank(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; });
}

// Han and kana characters are one token each: the normaliser writes "强奸" as "强 奸", so two of them
// side by side in a pattern's literal text never match. Returns the first such pair, or "". Classes
// ("[强奸]": one character) and escapes are skipped.
std::string AdjacentCharacterTokens(std::string_view p) {
  auto character_token = [](UChar32 c) {
    UErrorCode status = U_ZERO_ERROR;
    const UScriptCode script = uscript_getScript(c, &status);
    return U_SUCCESS(status) && (script == USCRIPT_HAN || script == USCRIPT_HIRAGANA || script == USCRIPT_KATAKANA);
  };
  const int32_t length = static_cast<int32_t>(p.size());
  int32_t previous = -1;  // offset of the previous code point when it is such a character
  for (int32_t i = 0; i < length;) {
    if (p[i] == '\\') {
      i += 2;
      previous = -1;
      continue;
    }
    if (p[i] == '[') {  // a class is one character
      const size_t end = ClassEnd(p, static_cast<size_t>(i));
      if (end == std::string_view::npos) break;  // not closed: RE2 has rejected the pattern already
      i = static_cast<int32_t>(end);
      previous = -1;
      continue;
    }
    const int32_t start = i;
    UChar32 c;
    U8_NEXT(p.data(), i, length, c);
    if (!character_token(c)) {
      previous = -1;
      continue;
    }
    if (previous >= 0) return std::string(p.substr(previous, i - previous));
    previous = start;
  }
  return "";
}

// RE2's \b is an ASCII word boundary: next to a letter outside ASCII ("\bубить", "(ölüm)\b") it
// never matches, so the alternative it guards is dead. Returns the offending letter, or "" when
// every \b sits beside ASCII (or beside something this simple scan cannot see through).
std::string NonAsciiBesideWordBoundary(std::string_view p) {
  const auto* bytes = reinterpret_cast<const uint8_t*>(p.data());
  const int32_t length = static_cast<int32_t>(p.size());
  auto letter_at = [&](int32_t k) {  // the code point whose encoding holds byte k
    U8_SET_CP_START(bytes, 0, k);
    int32_t end = k;
    U8_FWD_1(bytes, end, length);
    return std::string(p.substr(k, end - k));
  };
  for (size_t i = 0; i + 1 < p.size(); ++i) {
    if (p[i] != '\\') continue;
    if (p[i + 1] != 'b') {
      ++i;  // an escape: skip the escaped character
      continue;
    }
    size_t j = i + 2;  // after: skip group openings "(" and "(?:"
    while (j < p.size() && p[j] == '(') j += p.compare(j, 3, "(?:") == 0 ? 3 : 1;
    if (j < p.size() && static_cast<unsigned char>(p[j]) >= 0x80) return letter_at(static_cast<int32_t>(j));
    size_t k = i;  // before: skip group closings
    while (k > 0 && p[k - 1] == ')') --k;
    if (k > 0 && static_cast<unsigned char>(p[k - 1]) >= 0x80) return letter_at(static_cast<int32_t>(k - 1));
    ++i;
  }
  return "";
}

}  // namespace

std::string_view IndicatorName(Indicator i) { return kIndicators[static_cast<int>(i)].name; }

std::optional<Indicator> ParseIndicator(std::string_view name) {
  for (const auto& info : kIndicators) {
    if (info.name == name) return info.indicator;
  }
  return std::nullopt;
}

std::string_view EntryTierName(EntryTier t) {
  switch (t) {
    case EntryTier::kDefault: return "";
    case EntryTier::kOffensive: return "offensive";
    case EntryTier::kModeratelyDangerous: return "moderately_dangerous";
    case EntryTier::kExtremelyDangerous: return "extremely_dangerous";
  }
  return "";
}

std::optional<EntryTier> ParseEntryTier(std::string_view name) {
  for (EntryTier t : {EntryTier::kOffensive, EntryTier::kModeratelyDangerous, EntryTier::kExtremelyDangerous}) {
    if (EntryTierName(t) == name) return t;
  }
  return std::nullopt;
}

bool IsHarmIndicator(Indicator i) { return static_cast<int>(i) <= static_cast<int>(Indicator::kContempt); }
bool IsCueIndicator(Indicator i) { return static_cast<int>(i) > static_cast<int>(Indicator::kIdentityTerm); }

std::string_view EntryStatusName(EntryStatus s) {
  switch (s) {
    case EntryStatus::kActive: return "active";
    case EntryStatus::kWatchlist: return "watchlist";
    case EntryStatus::kDeprecated: return "deprecated";
  }
  return "active";
}

const std::vector<std::string_view>& KnownEntryFields() {
  static const auto* fields = new std::vector<std::string_view>{
      "id", "language", "indicator", "terms", "pattern", "match", "weight", "target", "target_category", "note",
      "sources", "status", "exclusions", "near_target", "homonym_of", "harmless_context", "reclaimed", "variants", "fuzzy", "stands_for", "tier", "slots", "names_in_group", "names_concept"};
  return *fields;
}

bool IsKnownLanguage(std::string_view code) { return Languages().count(code) > 0; }
bool IsKnownTargetCategory(std::string_view category) { return TargetCategories().count(category) > 0; }

std::string LexiconError::ToString() const {
  std::string out = file;
  if (line > 0) out += ":" + std::to_string(line);
  out += ": ";
  if (!entry_id.empty()) out += "entry '" + entry_id + "': ";
  out += message;
  return out;
}

void ParseLexiconYaml(std::string_view file_name, std::string_view yaml_text, std::vector<Entry>* entries,
                      std::vector<LexiconError>* errors) {
  const std::string file(file_name);
  std::string syntax_error;
  int syntax_error_line = 0;
  const std::unique_ptr<YamlTree> tree = YamlTree::Parse(yaml_text, &syntax_error, &syntax_error_line);
  if (tree == nullptr) {
    errors->push_back(LexiconError{file, syntax_error_line, "", "YAML syntax error: " + syntax_error});
    return;
  }
  const YamlNode root = tree->root();
  if (!root.IsMap()) {
    errors->push_back(LexiconError{file, 1, "", "top level must be a mapping with 'language' and 'entries'"});
    return;
  }
  EntryReader reader(file, errors);
  std::string file_lang;
  if (auto l = reader.Scalar(root["language"], "", "language")) file_lang = *l;
  if (!file_lang.empty() && !IsKnownLanguage(file_lang)) {
    reader.Error(root["language"], "", "unknown language code '" + file_lang + "'");
  }
  bool file_fuzzy = false;
  reader.Bool(root["fuzzy"], "", "fuzzy", &file_fuzzy);
  TermSlots file_slots;  // shared by the file's entries; an entry's own `slots` add to them and win
  reader.Slots(root["slots"], "", &file_slots);
  const YamlNode list = root["entries"];
  if (!list.IsDefined() || !list.IsSequence()) {
    errors->push_back(LexiconError{file, 1, "", "'entries' must be a list"});
    return;
  }
  static const std::set<std::string, std::less<>> kKnownKeys(KnownEntryFields().begin(), KnownEntryFields().end());
  for (const YamlNode& node : list) {
    reader.Reset();
    if (!node.IsMap()) {
      reader.Error(node, "", "entry must be a mapping");
      continue;
    }
    Entry e;
    e.fuzzy = file_fuzzy;
    e.file = file;
    e.line = node.Line() + 1;
    e.id = reader.Scalar(node["id"], "", "id").value_or("");
    const std::string id_for_errors = e.id.empty() ? "<no id>" : e.id;
    if (e.id.empty()) {
      reader.Error(node, id_for_errors, "missing 'id'");
    } else if (!ValidId(e.id)) {
      reader.Error(node["id"], e.id, "id must match [a-z0-9._-]+ (at most 128 characters)");
    }
    // (YAML keeps one of two equal keys and drops the other without a word: say so.)
    std::set<std::string> seen_keys;
    for (size_t i = 0; i < node.size(); ++i) {
      const YamlNode k = node.Pair(i).first;
      std::string key = k.IsScalar() ? k.Scalar() : "";
      if (!kKnownKeys.count(key)) reader.Error(k, id_for_errors, "unknown field '" + key + "'");
      else if (!seen_keys.insert(key).second) reader.Error(k, id_for_errors, "field '" + key + "' given twice");
    }
    e.lang = reader.Scalar(node["language"], id_for_errors, "language").value_or(file_lang);
    if (e.lang.empty()) {
      reader.Error(node, id_for_errors, "no language (set 'language' on the file or the entry)");
    } else if (!IsKnownLanguage(e.lang)) {
      reader.Error(node["language"].IsDefined() ? node["language"] : node, id_for_errors,
                   "unknown language code '" + e.lang + "'");
    }
    if (auto ind = reader.Scalar(node["indicator"], id_for_errors, "indicator")) {
      if (auto parsed = ParseIndicator(*ind)) {
        e.indicator = *parsed;
      } else {
        reader.Error(node["indicator"], id_for_errors, "unknown indicator '" + *ind + "'");
      }
    } else {
      reader.Error(node, id_for_errors, "missing 'indicator'");
    }
    const size_t errors_before_terms = errors->size();
    TermSlots slots = file_slots;
    reader.Slots(node["slots"], id_for_errors, &slots);
    e.terms = reader.Terms(node["terms"], id_for_errors, "terms", slots, EntryReader::EmptyList::kAllowed);
    for (auto& v : reader.Terms(node["variants"], id_for_errors, "variants", slots)) e.terms.push_back(std::move(v));
    if (e.terms.size() > kMaxExpandedTerms) {
      reader.Error(node["terms"], id_for_errors,
                   std::to_string(e.terms.size()) + " terms with the variants, more than " +
                       std::to_string(kMaxExpandedTerms) + ": write a pattern or split the entry");
    }
    for (const auto& t : e.terms) {
      if (IsBlank(t)) reader.Error(node["terms"], id_for_errors, "empty term");
    }
    if (e.lang == "de") {
      // (A set, not a search of the list: templates expand to thousands of terms.)
      std::unordered_set<std::string> have(e.terms.begin(), e.terms.end());
      const size_t written = e.terms.size();
      for (size_t i = 0; i < written; ++i) {
        std::string variant = UmlautTransliteration(e.terms[i]);
        if (!variant.empty() && have.insert(variant).second) e.terms.push_back(std::move(variant));
      }
    }
    e.pattern = reader.Scalar(node["pattern"], id_for_errors, "pattern").value_or("");
    if (e.terms.empty() && e.pattern.empty() && errors->size() == errors_before_terms) {  // not after a broken template
      reader.Error(node, id_for_errors, "needs 'terms' or 'pattern'");
    }
    if (!e.pattern.empty()) {
      RE2::Options opts;
      opts.set_log_errors(false);
      RE2 re(e.pattern, opts);
      if (!re.ok()) reader.Error(node["pattern"], id_for_errors, "invalid RE2 pattern: " + re.error());
      if (const std::string pair = AdjacentCharacterTokens(e.pattern); !pair.empty()) {
        int32_t first_end = 0;
        U8_FWD_1(pair.data(), first_end, static_cast<int32_t>(pair.size()));
        const std::string spaced = pair.substr(0, first_end) + " " + pair.substr(first_end);
        reader.Error(node["pattern"], id_for_errors,
                     "'" + pair + "' never matches: Han and kana characters are one token each, so write '" + spaced +
                         "' (canonical text puts a space between them)");
      }
      if (const std::string letter = NonAsciiBesideWordBoundary(e.pattern); !letter.empty()) {
        reader.Error(node["pattern"], id_for_errors,
                     "\\b next to '" + letter +
                         "' never matches (RE2's \\b is ASCII-only); drop it: matches are kept on token boundaries anyway");
      }
    }
    if (auto m = reader.Scalar(node["match"], id_for_errors, "match")) {
      if (*m == "exact") {
        e.match = MatchMode::kExact;
      } else if (*m == "prefix") {
        e.match = MatchMode::kPrefix;
        for (const auto& t : e.terms) {
          // The last word is the prefix; count code points, not bytes.
          std::string_view last = t;
          if (auto sp = last.find_last_of(' '); sp != std::string_view::npos) last = last.substr(sp + 1);
          const size_t cps = utf8::CountCodePoints(last);
          if (cps < 4) reader.Error(node["terms"], id_for_errors, "prefix '" + std::string(last) + "' is shorter than 4 characters");
        }
      } else {
        reader.Error(node["match"], id_for_errors, "match must be 'exact' or 'prefix'");
      }
    }
    reader.Number(node["weight"], id_for_errors, "weight must be within 0.0-1.0", "weight must be a number", 0.0, 1.0, &e.weight);
    e.target = reader.Scalar(node["target"], id_for_errors, "target").value_or("");
    e.target_category = reader.Scalar(node["target_category"], id_for_errors, "target_category").value_or("");
    if (e.indicator == Indicator::kIdentityTerm && e.target.empty()) {
      reader.Error(node, id_for_errors, "identity_term entries need a 'target'");
    }
    if (!e.target_category.empty() && !IsKnownTargetCategory(e.target_category)) {
      reader.Error(node["target_category"], id_for_errors, "unknown target_category '" + e.target_category + "'");
    }
    e.note = reader.Scalar(node["note"], id_for_errors, "note").value_or("");
    if (IsBlank(e.note)) reader.Error(node, id_for_errors, "missing 'note'");
    e.sources = reader.StringList(node["sources"], id_for_errors, "sources");
    if (e.sources.empty()) reader.Error(node, id_for_errors, "needs at least one source");
    if (auto st = reader.Scalar(node["status"], id_for_errors, "status")) {
      if (*st == "active") e.status = EntryStatus::kActive;
      else if (*st == "watchlist") e.status = EntryStatus::kWatchlist;
      else if (*st == "deprecated") e.status = EntryStatus::kDeprecated;
      else reader.Error(node["status"], id_for_errors, "status must be active, watchlist or deprecated");
    }
    e.exclusions = reader.Terms(node["exclusions"], id_for_errors, "exclusions", slots);
    reader.Number(node["near_target"], id_for_errors, "near_target must be 0-50", "near_target must be an integer", 0, 50,
                  &e.near_target);
    e.homonym_of = reader.Scalar(node["homonym_of"], id_for_errors, "homonym_of").value_or("");
    e.harmless_context = reader.StringList(node["harmless_context"], id_for_errors, "harmless_context");
    for (const std::string& w : e.harmless_context) {
      const ContextWord c = SplitContextWord(w);
      if (c.word.size() < 3 || w.find(' ') != std::string::npos || c.word.find('$') != std::string_view::npos) {
        reader.Error(node["harmless_context"], id_for_errors,
                     "harmless_context items are single word stems of at least 3 bytes, or whole words ending in $: '" +
                         w + "'");
        break;
      }
    }
    reader.Bool(node["reclaimed"], id_for_errors, "reclaimed", &e.reclaimed);
    reader.Bool(node["fuzzy"], id_for_errors, "fuzzy", &e.fuzzy);
    if (auto sf = reader.Scalar(node["stands_for"], id_for_errors, "stands_for")) {
      const std::optional<Indicator> ind = ParseIndicator(*sf);
      if (e.indicator != Indicator::kCodedLanguage) {
        reader.Error(node["stands_for"], id_for_errors, "stands_for is only for coded_language entries");
      } else if (!ind || !(IsHarmIndicator(*ind) || *ind == Indicator::kIdentityTerm) ||
                 *ind == Indicator::kCodedLanguage) {
        reader.Error(node["stands_for"], id_for_errors,
                     "stands_for must name another harm indicator (e.g. call_to_violence), or identity_term for an "
                     "allusion to a group left unnamed, not '" + *sf + "'");
      } else {
        e.stands_for = ind;
      }
    }
    reader.Bool(node["names_in_group"], id_for_errors, "names_in_group", &e.names_in_group);
    if (e.names_in_group && e.indicator != Indicator::kQuestioningLoyalty) {
      reader.Error(node["names_in_group"], id_for_errors, "names_in_group is only for questioning_loyalty entries");
    }
    reader.Bool(node["names_concept"], id_for_errors, "names_concept", &e.names_concept);
    if (e.names_concept && (e.indicator != Indicator::kThreatToPurity || e.target.empty())) {
      reader.Error(node["names_concept"], id_for_errors, "names_concept is only for threat_to_purity entries with a target");
    }
    if (auto t = reader.Scalar(node["tier"], id_for_errors, "tier")) {
      const std::optional<EntryTier> tier = ParseEntryTier(*t);
      if (!IsHarmIndicator(e.indicator)) {
        reader.Error(node["tier"], id_for_errors, "tier is only for harm entries");
      } else if (!tier) {
        reader.Error(node["tier"], id_for_errors,
                     "tier must be offensive, moderately_dangerous or extremely_dangerous, not '" + *t + "'");
      } else {
        e.tier = *tier;
      }
    }
    if (reader.ok()) entries->push_back(std::move(e));
  }
}

void ValidateEntries(const std::vector<Entry>& entries, std::vector<LexiconError>* errors) {
  std::unordered_map<std::string_view, const Entry*> seen;
  for (const Entry& e : entries) {
    auto [it, inserted] = seen.emplace(e.id, &e);
    if (!inserted) {
      errors->push_back(LexiconError{e.file, e.line, e.id,
                                     "duplicate id (first defined at " + it->second->file + ":" +
                                         std::to_string(it->second->line) + ")"});
    }
  }
}

}  // namespace vigil
