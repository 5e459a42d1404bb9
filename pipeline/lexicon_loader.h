// lexicon_loader.h: reads lexicon files from disk (the effectful half of the lexicon system).
//
//   LexiconLoadResult r = LoadLexiconFiles({"lexicons/"});
//   for (auto& e : r.errors) log(e.ToString());          // every error in every file
//   auto compiled = CompileLexicon({"lexicons/"}, &normaliser, {});   // fails on any error
//
//   LexiconBuild b = BuildLexicon({"lexicons/"}, &normaliser, {});     // what `vigil lexicon check` runs
//   if (!b.lexicon) for (auto& e : b.errors) log(e.ToString());        // parse, validation and compile errors
//
// A path may be a file or a directory (searched recursively for *.yaml / *.yml, in sorted order;
// files named schema.* and README are skipped).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "classifiers/lexicon.h"
#include "classifiers/matcher.h"

namespace vigil {

struct LexiconLoadResult {
  std::vector<Entry> entries;
  std::vector<LexiconError> errors;
  std::vector<std::string> files;
};

LexiconLoadResult LoadLexiconFiles(const std::vector<std::string>& paths);

// Loads, validates and compiles, collecting every error: parse and validation errors of every file
// (a broken file never hides errors in another), duplicate ids across files, and compile errors
// (terms that normalise to nothing, patterns RE2 refuses) of every entry that parsed. `lexicon` is
// set only when there is no error at all.
struct LexiconBuild {
  std::shared_ptr<const CompiledLexicon> lexicon;
  std::vector<LexiconError> errors;  // sorted by file, then line
  std::vector<std::string> files;    // files read
  size_t entries = 0;                // entries that parsed
  double load_seconds = 0;           // reading and parsing the files (wall clock)
  double compile_seconds = 0;        // CompiledLexicon::Create (wall clock)
};
LexiconBuild BuildLexicon(const std::vector<std::string>& paths, Normaliser* normaliser,
                          const CompiledLexicon::Options& options);

// Loads, validates and compiles. Any error makes it fail (the message lists up to 20 errors), so a
// broken lexicon can never replace a working one.
StatusOr<std::shared_ptr<const CompiledLexicon>> CompileLexicon(const std::vector<std::string>& paths,
                                                                Normaliser* normaliser,
                                                                const CompiledLexicon::Options& options);

// Where lexicons are when no path is given: $VIGIL_LEXICONS (colon-separated), else the source
// tree's lexicons/ next to the binary's build folder, else /usr/share/vigil/lexicons.
std::vector<std::string> DefaultLexiconPaths();

// Reads a whole file. NotFound / Unavailable with the path and errno text on failure.
StatusOr<std::string> ReadFile(const std::string& path);

}  // namespace vigil
