// hunspell_words.h: the spelling dictionaries of the analyser's second reading (classifiers/spelling.h),
// read from a directory of Hunspell dictionaries (Debian's hunspell-* packages: /usr/share/hunspell).
//
//   auto words = HunspellWords::Open("/usr/share/hunspell");   // null when the directory is missing
//   Analyzer::Options o; o.words = words;
//
// A language's dictionary is loaded on first use: `<lang>.dic`, else `<lang>_<LANG>.dic` (fr_FR),
// else the first `<lang>_*.dic` by name (en_US, pt_BR, sw_KE), and a Latin-script variant beside it
// where there is one (sr_Latn_RS beside sr_RS). A language without one is not covered. Words are
// converted to the dictionary's own encoding (pl_PL is ISO8859-2); a word it cannot encode counts as
// known, so it is never "corrected". Thread-safe: Hunspell is not, so lookups take a mutex (the
// second reading is rare: unflagged messages that name a group or a harm, and only their unknown words).
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "classifiers/spelling.h"

namespace vigil {

class HunspellWords : public WordList {
 public:
  // Null when `dir` is empty or holds no .dic file.
  static std::shared_ptr<const HunspellWords> Open(const std::string& dir);
  ~HunspellWords() override;

  bool Covers(std::string_view lang) const override;
  bool Knows(std::string_view lang, std::string_view word) const override;
  // The dictionary files found for `lang` ("" when none), for logs and tests.
  std::vector<std::string> Files(std::string_view lang) const;

 private:
  HunspellWords(std::string dir, std::vector<std::string> dics);
  struct Dictionary;
  const std::vector<std::unique_ptr<Dictionary>>& Load(std::string_view lang) const;  // under mu_
  std::string dir_;
  std::vector<std::string> dics_;  // base names of the directory's .dic files, sorted
  mutable std::mutex mu_;
  mutable std::map<std::string, std::vector<std::unique_ptr<Dictionary>>, std::less<>> loaded_;
};

}  // namespace vigil
