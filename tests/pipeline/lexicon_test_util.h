// Helpers for the lexicon pipeline tests: a temporary folder removed at scope exit, file writing.
#pragma once

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace vigil::testing {

class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "vigil-lexicon-XXXXXX").string();
    char* p = mkdtemp(tmpl.data());
    EXPECT_NE(p, nullptr);
    path_ = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }
  std::string operator/(const std::string& rel) const { return (std::filesystem::path(path_) / rel).string(); }

  // Writes `text` to `rel` (folders created); returns the full path.
  std::string Write(const std::string& rel, const std::string& text) const {
    const std::filesystem::path p = std::filesystem::path(path_) / rel;
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary | std::ios::trunc) << text;
    return p.string();
  }

 private:
  std::string path_;
};

// One valid lexicon entry in YAML with the boilerplate filled in.
inline std::string Entry(const std::string& id, const std::string& indicator, const std::string& terms,
                         const std::string& extra = "") {
  return "  - id: " + id + "\n    indicator: " + indicator + "\n    terms: " + terms +
         "\n    note: test entry\n    sources: [test]\n" + extra;
}

}  // namespace vigil::testing
