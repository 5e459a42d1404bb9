// hurtlex_import.h: converts HurtLex TSV files into Vigil lexicon entries and YAML files.
//
//   HurtLexImport imp;
//   ParseHurtLex("hurtlex_EN.tsv", "en", tsv_text, {}, normaliser.get(), &imp);   // pure, in memory
//   for (auto& e : imp.errors) log(e.ToString());          // bad rows: file:line, skipped
//   WriteHurtLexYaml(imp, "/tmp/out", &written);            // /tmp/out/en/hurtlex.yaml
//
// HurtLex 1.2 (Bassignana, Basile, Patti, CLiC-it 2018) is licensed CC BY-NC-SA 4.0, unlike Vigil:
// never commit its files or anything generated from them. Use it for import, scale and benchmark
// runs from a folder outside the repository.
//
// Input: a header line `id pos category stereotype lemma level` (tab-separated), then one row per
// (lemma, category, level). The language comes from the file name (hurtlex_EN.tsv -> en);
// hurtlex_SIMPLE.tsv (Simple English Wiktionary) is imported as `en`, with the " simple" marker
// that ends its lemmas removed.
//
// Each kept row becomes one entry:
//   id         <lang>.hurtlex.<hurtlex id>.<category>   e.g. en.hurtlex.en7077.cds
//   indicator  from the category table below (HurtLexCategories())
//   terms      [lemma]; weight from the category; note names the category, POS, stereotype flag, level
//   sources    ["HurtLex 1.2 (Bassignana et al. 2018), CC BY-NC-SA 4.0"]; status active
//
//   category  meaning                               indicator        weight  target
//   ps        negative stereotypes, ethnic slurs    slur             0.7
//   om        homosexuality                         slur             0.6     gay_people (sexuality)
//   pr        prostitution                          slur             0.5
//   an        animals                               dehumanisation   0.5
//   ddp       cognitive disabilities, diversity     contempt         0.4
//   ddf       physical disabilities, diversity      contempt         0.4
//   dmc       moral and behavioural defects         contempt         0.4
//   cds       derogatory words                      contempt         0.4
//   asf       female genitalia                      contempt         0.3
//   asm       male genitalia                        contempt         0.3
//   is        social-economic disadvantage          contempt         0.3
//   re        crime and immoral behaviour           contempt         0.3
//   or        plants                                contempt         0.2
//   svp       the seven deadly sins                 contempt         0.2
//   qas       potential negative connotations       contempt         0.2
//   pa        professions and occupations           contempt         0.2
//   rci       locations and demonyms                contempt         0.2
//
// Why: ps, om and pr name people by group or trade and are used as slurs; an is the animal
// metaphor of dehumanisation (target-less here, so the scorer still wants a target near it); the
// rest are insults and negative attributes, i.e. contempt, weighted by how often the category is
// offensive in the HurtLex paper's own evaluation (qas, svp, pa, rci, or are mostly harmless words).
// HurtLex entries carry no target group: they are not target-aware like Vigil's curated lexicons.
//
// Rows are skipped (counted, not errors) when their level is not wanted, or when they repeat an
// earlier (lemma, category) of the same file. Bad rows (wrong column count, empty lemma, unknown
// category or level, a lemma that normalises to nothing or has more than 32 words) are errors
// with file and line, and are skipped; they never stop the rest of the file.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "classifiers/lexicon.h"
#include "classifiers/normaliser.h"
#include "classifiers/status.h"

namespace vigil {

struct HurtLexOptions {
  bool inclusive = false;  // false: `conservative` rows only (the default); true: both levels
};

struct HurtLexCategory {
  std::string_view code;
  std::string_view meaning;
  Indicator indicator;
  double weight;
  std::string_view target;           // "" when the category names no group
  std::string_view target_category;
};
const std::vector<HurtLexCategory>& HurtLexCategories();
const HurtLexCategory* FindHurtLexCategory(std::string_view code);

struct HurtLexFileReport {
  std::string file;
  std::string lang;
  size_t rows = 0;           // data rows read (header excluded)
  size_t imported = 0;
  size_t skipped_level = 0;  // inclusive-only rows in conservative mode
  size_t duplicates = 0;     // same lemma and category as an earlier row
  size_t bad = 0;            // reported in HurtLexImport::errors
};

struct HurtLexImport {
  std::vector<Entry> entries;
  std::vector<LexiconError> errors;
  std::vector<HurtLexFileReport> files;
  std::map<std::string, size_t> by_indicator;
};

// "hurtlex_EN.tsv" -> "en"; "hurtlex_SIMPLE.tsv" -> "en". InvalidArgument when the name does not
// follow the pattern or the code is not a known language.
StatusOr<std::string> HurtLexLanguage(std::string_view file_name);

// Parses one file's text. `normaliser` (may be null) rejects lemmas that normalise to nothing, so
// the output always compiles. Appends to `out`.
void ParseHurtLex(std::string_view file_name, std::string_view lang, std::string_view tsv,
                  const HurtLexOptions& options, Normaliser* normaliser, HurtLexImport* out);

// Reads and parses each file (language from its name). A file that cannot be read or named is an
// error in `errors` (line 0); the others are still imported.
HurtLexImport ImportHurtLexFiles(const std::vector<std::string>& files, const HurtLexOptions& options,
                                 Normaliser* normaliser);

// Writes the entries as Vigil YAML: one file per source file, in `<dir>/<lang>/hurtlex.yaml`
// (hurtlex_simple.yaml for the Simple English file). Creates folders; replaces existing files.
// Appends the paths written to `written`.
Status WriteHurtLexYaml(const HurtLexImport& import, const std::string& dir, std::vector<std::string>* written);

}  // namespace vigil
