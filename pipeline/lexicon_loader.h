// lexicon_loader.h: reads lexicon files from disk (the effectful half of the lexicon system).
//
//   LexiconLoadResult r = LoadLexiconFiles({"lexicons/"});
//   for (auto& e : r.errors) log(e.ToString());          // every error in every file
//   auto compiled = CompileLexicon({"lexicons/"}, &normaliser, {});   // fails on any error
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
