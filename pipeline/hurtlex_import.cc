#include "pipeline/hurtlex_import.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <unordered_set>

#include "pipeline/lexicon_loader.h"

namespace vigil {
namespace fs = std::filesystem;
namespace {

constexpr std::string_view kSource = "HurtLex 1.2 (Bassignana et al. 2018), CC BY-NC-SA 4.0";
constexpr std::string_view kHeader = "id\tpos\tcategory\tstereotype\tlemma\tlevel";
constexpr std::string_view kSimpleSuffix = " simple";

std::vector<std::string_view> SplitTabs(std::string_view line) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (true) {
    size_t tab = line.find('\t', start);
    out.push_back(line.substr(start, tab == std::string_view::npos ? std::string_view::npos : tab - start));
    if (tab == std::string_view::npos) break;
    start = tab + 1;
  }
  return out;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// Ids allow [a-z0-9._-]; anything else in a HurtLex id becomes '-'.
std::string IdPart(std::string_view s) {
  std::string out = Lower(s);
  for (char& c : out) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
    if (!ok) c = '-';
  }
  return out;
}

bool HasControlChars(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20; });
}

// A YAML double-quoted scalar (JSON-style escapes are valid YAML).
std::string Quote(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\x%02x", static_cast<unsigned char>(c));
          out += buf;
        } else {
          out.push_back(c);
        }
    }
  }
  out += "\"";
  return out;
}

std::string FileCode(std::string_view file_name) {
  std::string stem = fs::path(std::string(file_name)).stem().string();
  constexpr std::string_view kPrefix = "hurtlex_";
  if (stem.size() <= kPrefix.size() || Lower(stem.substr(0, kPrefix.size())) != kPrefix) return "";
  return Lower(stem.substr(kPrefix.size()));
}

}  // namespace

const std::vector<HurtLexCategory>& HurtLexCategories() {
  static const auto* table = new std::vector<HurtLexCategory>{
      {"ps", "negative stereotypes, ethnic slurs", Indicator::kSlur, 0.7, "", ""},
      {"om", "homosexuality", Indicator::kSlur, 0.6, "gay_people", "sexuality"},
      {"pr", "prostitution", Indicator::kSlur, 0.5, "", ""},
      {"an", "animals", Indicator::kDehumanisation, 0.5, "", ""},
      {"ddp", "cognitive disabilities and diversity", Indicator::kContempt, 0.4, "", ""},
      {"ddf", "physical disabilities and diversity", Indicator::kContempt, 0.4, "", ""},
      {"dmc", "moral and behavioural defects", Indicator::kContempt, 0.4, "", ""},
      {"cds", "derogatory words", Indicator::kContempt, 0.4, "", ""},
      {"asf", "female genitalia", Indicator::kContempt, 0.3, "", ""},
      {"asm", "male genitalia", Indicator::kContempt, 0.3, "", ""},
      {"is", "social and economic disadvantage", Indicator::kContempt, 0.3, "", ""},
      {"re", "crime and immoral behaviour", Indicator::kContempt, 0.3, "", ""},
      {"or", "plants", Indicator::kContempt, 0.2, "", ""},
      {"svp", "the seven deadly sins", Indicator::kContempt, 0.2, "", ""},
      {"qas", "potential negative connotations", Indicator::kContempt, 0.2, "", ""},
      {"pa", "professions and occupations", Indicator::kContempt, 0.2, "", ""},
      {"rci", "locations and demonyms", Indicator::kContempt, 0.2, "", ""},
  };
  return *table;
}

const HurtLexCategory* FindHurtLexCategory(std::string_view code) {
  for (const auto& c : HurtLexCategories()) {
    if (c.code == code) return &c;
  }
  return nullptr;
}

StatusOr<std::string> HurtLexLanguage(std::string_view file_name) {
  const std::string code = FileCode(file_name);
  if (code.empty()) {
    return InvalidArgument(std::string(file_name) + ": not a HurtLex file name (expected hurtlex_XX.tsv)");
  }
  if (code == "simple") return std::string("en");
  if (!IsKnownLanguage(code)) {
    return InvalidArgument(std::string(file_name) + ": '" + code + "' is not a known language code");
  }
  return code;
}

void ParseHurtLex(std::string_view file_name, std::string_view lang, std::string_view tsv,
                  const HurtLexOptions& options, Normaliser* normaliser, HurtLexImport* out) {
  HurtLexFileReport report;
  report.file = std::string(file_name);
  report.lang = std::string(lang);
  const bool simple = FileCode(file_name) == "simple";
  auto bad = [&](int line, std::string_view id, std::string message) {
    out->errors.push_back(LexiconError{report.file, line, std::string(id), std::move(message)});
    ++report.bad;
  };
  std::set<std::pair<std::string, std::string>> seen;  // (lemma, category)
  std::unordered_set<std::string> ids;
  size_t pos = 0;
  int line_no = 0;
  bool header_ok = false;
  while (pos < tsv.size()) {
    size_t nl = tsv.find('\n', pos);
    std::string_view line = tsv.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    pos = nl == std::string_view::npos ? tsv.size() : nl + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line_no == 1) {
      header_ok = line == kHeader;
      if (!header_ok) {
        bad(1, "", "expected the header 'id pos category stereotype lemma level' (tab-separated); file skipped");
        break;
      }
      continue;
    }
    if (Trim(line).empty()) continue;
    ++report.rows;
    const auto cols = SplitTabs(line);
    if (cols.size() != 6) {
      bad(line_no, "", "expected 6 tab-separated columns, found " + std::to_string(cols.size()));
      continue;
    }
    const std::string_view hid = Trim(cols[0]), pos_tag = Trim(cols[1]), category = Trim(cols[2]),
                           stereotype = Trim(cols[3]), level = Trim(cols[5]);
    std::string_view lemma = Trim(cols[4]);
    if (simple && lemma.size() > kSimpleSuffix.size() && lemma.substr(lemma.size() - kSimpleSuffix.size()) == kSimpleSuffix) {
      lemma.remove_suffix(kSimpleSuffix.size());
    }
    if (hid.empty()) {
      bad(line_no, "", "empty id");
      continue;
    }
    const HurtLexCategory* cat = FindHurtLexCategory(category);
    if (cat == nullptr) {
      bad(line_no, hid, "unknown category '" + std::string(category) + "'");
      continue;
    }
    if (level != "conservative" && level != "inclusive") {
      bad(line_no, hid, "level must be 'conservative' or 'inclusive', not '" + std::string(level) + "'");
      continue;
    }
    if (lemma.empty()) {
      bad(line_no, hid, "empty lemma");
      continue;
    }
    if (HasControlChars(lemma)) {
      bad(line_no, hid, "lemma contains control characters");
      continue;
    }
    // '{', '}' and '|' are term-template syntax in Vigil's format (classifiers/term_template.h);
    // HurtLex marks optional parts with them ("|se| zbârci", Romanian reflexive): written as spaces.
    std::string plain;
    if (lemma.find_first_of("{}|") != std::string_view::npos) {
      for (char c : lemma) {
        if (c == '{' || c == '}' || c == '|') c = ' ';
        if (c != ' ' || (!plain.empty() && plain.back() != ' ')) plain.push_back(c);
      }
      while (!plain.empty() && plain.back() == ' ') plain.pop_back();
      lemma = plain;
      if (lemma.empty()) {
        bad(line_no, hid, "lemma holds only template characters { } |");
        continue;
      }
    }
    if (std::count(lemma.begin(), lemma.end(), ' ') >= 32) {
      bad(line_no, hid, "lemma has more than 32 words");
      continue;
    }
    if (level == "inclusive" && !options.inclusive) {
      ++report.skipped_level;
      continue;
    }
    if (!seen.emplace(std::string(lemma), std::string(category)).second) {
      ++report.duplicates;
      continue;
    }
    if (normaliser != nullptr && normaliser->CanonicalTerm(lemma, lang).empty()) {
      bad(line_no, hid, "lemma '" + std::string(lemma) + "' normalises to nothing");
      continue;
    }
    Entry e;
    e.id = std::string(lang) + ".hurtlex." + IdPart(hid) + "." + std::string(category);
    for (int n = 2; !ids.insert(e.id).second; ++n) {
      e.id = std::string(lang) + ".hurtlex." + IdPart(hid) + "." + std::string(category) + "-" + std::to_string(n);
    }
    e.lang = std::string(lang);
    e.indicator = cat->indicator;
    e.terms = {std::string(lemma)};
    e.weight = cat->weight;
    e.target = std::string(cat->target);
    e.target_category = std::string(cat->target_category);
    e.note = "HurtLex category " + std::string(category) + " (" + std::string(cat->meaning) + "); POS " +
             std::string(pos_tag) + "; stereotype " + std::string(stereotype) + "; level " + std::string(level) +
             ". Imported automatically: not target-aware, not reviewed.";
    e.sources = {std::string(kSource)};
    e.status = EntryStatus::kActive;
    e.file = report.file;
    e.line = line_no;
    ++out->by_indicator[std::string(IndicatorName(e.indicator))];
    out->entries.push_back(std::move(e));
    ++report.imported;
  }
  out->files.push_back(std::move(report));
}

HurtLexImport ImportHurtLexFiles(const std::vector<std::string>& files, const HurtLexOptions& options,
                                 Normaliser* normaliser) {
  HurtLexImport out;
  for (const std::string& f : files) {
    auto lang = HurtLexLanguage(f);
    if (!lang.ok()) {
      out.errors.push_back(LexiconError{f, 0, "", lang.status().message()});
      continue;
    }
    auto text = ReadFile(f);
    if (!text.ok()) {
      out.errors.push_back(LexiconError{f, 0, "", text.status().message()});
      continue;
    }
    ParseHurtLex(f, *lang, *text, options, normaliser, &out);
  }
  return out;
}

Status WriteHurtLexYaml(const HurtLexImport& import, const std::string& dir, std::vector<std::string>* written) {
  // Output file per source file, in source order.
  std::vector<std::pair<std::string, std::vector<const Entry*>>> outputs;
  std::map<std::string, size_t> index_by_source;
  for (const HurtLexFileReport& r : import.files) {
    const std::string code = FileCode(r.file);
    const std::string name = code == r.lang || code.empty() ? "hurtlex.yaml" : "hurtlex_" + code + ".yaml";
    const std::string path = (fs::path(dir) / r.lang / name).string();
    auto it = std::find_if(outputs.begin(), outputs.end(), [&](const auto& o) { return o.first == path; });
    if (it == outputs.end()) {
      outputs.emplace_back(path, std::vector<const Entry*>{});
      it = outputs.end() - 1;
    }
    index_by_source[r.file] = static_cast<size_t>(it - outputs.begin());
  }
  for (const Entry& e : import.entries) {
    auto it = index_by_source.find(e.file);
    if (it == index_by_source.end()) return Internal("entry " + e.id + " has no source file report");
    outputs[it->second].second.push_back(&e);
  }
  for (const auto& [path, entries] : outputs) {
    std::error_code ec;
    fs::create_directories(fs::path(path).parent_path(), ec);
    if (ec) return Unavailable("cannot create " + fs::path(path).parent_path().string() + ": " + ec.message());
    std::ofstream f(path, std::ios::binary | std::ios::trunc);
    if (!f) return Unavailable("cannot write " + path);
    const std::string lang = fs::path(path).parent_path().filename().string();
    f << "# Generated by `vigil lexicon import --format hurtlex` from " << kSource << ".\n"
      << "# Licence CC BY-NC-SA 4.0: do not commit this file to Vigil's repository.\n"
      << "language: " << lang << "\nentries:\n";
    for (const Entry* e : entries) {
      f << "  - id: " << e->id << "\n"
        << "    indicator: " << IndicatorName(e->indicator) << "\n"
        << "    terms: [" << Quote(e->terms.front()) << "]\n";
      char weight[16];
      std::snprintf(weight, sizeof weight, "%.2f", e->weight);
      f << "    weight: " << weight << "\n";
      if (!e->target.empty()) f << "    target: " << e->target << "\n    target_category: " << e->target_category << "\n";
      f << "    note: " << Quote(e->note) << "\n"
        << "    sources: [" << Quote(e->sources.front()) << "]\n"
        << "    status: " << EntryStatusName(e->status) << "\n";
    }
    f.close();
    if (!f) return Unavailable("error writing " + path);
    if (written) written->push_back(path);
  }
  return Status::Ok();
}

}  // namespace vigil
