#include "pipeline/lexicon_loader.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace vigil {
namespace fs = std::filesystem;

StatusOr<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    int err = errno;
    return (err == ENOENT ? NotFound : Unavailable)("cannot read " + path + ": " + std::strerror(err));
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

LexiconLoadResult LoadLexiconFiles(const std::vector<std::string>& paths) {
  LexiconLoadResult r;
  std::vector<std::string> files;
  for (const std::string& p : paths) {
    std::error_code ec;
    if (fs::is_directory(p, ec)) {
      for (auto it = fs::recursive_directory_iterator(p, ec); !ec && it != fs::recursive_directory_iterator();
           it.increment(ec)) {
        if (!it->is_regular_file()) continue;
        const std::string ext = it->path().extension().string();
        const std::string stem = it->path().stem().string();
        if ((ext == ".yaml" || ext == ".yml") && stem != "schema") files.push_back(it->path().string());
      }
      if (ec) r.errors.push_back(LexiconError{p, 0, "", "cannot list directory: " + ec.message()});
    } else if (fs::exists(p, ec)) {
      files.push_back(p);
    } else {
      r.errors.push_back(LexiconError{p, 0, "", "no such file or directory"});
    }
  }
  std::sort(files.begin(), files.end());
  for (const std::string& f : files) {
    auto text = ReadFile(f);
    if (!text.ok()) {
      r.errors.push_back(LexiconError{f, 0, "", text.status().message()});
      continue;
    }
    ParseLexiconYaml(f, *text, &r.entries, &r.errors);
    r.files.push_back(f);
  }
  ValidateEntries(r.entries, &r.errors);
  return r;
}

LexiconBuild BuildLexicon(const std::vector<std::string>& paths, Normaliser* normaliser,
                          const CompiledLexicon::Options& options) {
  LexiconLoadResult r = LoadLexiconFiles(paths);
  LexiconBuild b;
  b.errors = std::move(r.errors);
  b.files = std::move(r.files);
  b.entries = r.entries.size();
  if (r.entries.empty() && b.errors.empty()) {
    b.errors.push_back(LexiconError{paths.empty() ? "" : paths.front(), 0, "", "no lexicon entries found"});
  }
  // Compile what parsed even when something else did not, so compile errors show in the same run.
  auto compiled = CompiledLexicon::Create(std::move(r.entries), normaliser, options, &b.errors);
  if (!compiled.ok() && b.errors.empty()) b.errors.push_back(LexiconError{"", 0, "", compiled.status().message()});
  std::stable_sort(b.errors.begin(), b.errors.end(), [](const LexiconError& x, const LexiconError& y) {
    return x.file != y.file ? x.file < y.file : x.line < y.line;
  });
  if (compiled.ok() && b.errors.empty()) b.lexicon = std::move(*compiled);
  return b;
}

StatusOr<std::shared_ptr<const CompiledLexicon>> CompileLexicon(const std::vector<std::string>& paths,
                                                                Normaliser* normaliser,
                                                                const CompiledLexicon::Options& options) {
  LexiconBuild b = BuildLexicon(paths, normaliser, options);
  if (b.lexicon) return b.lexicon;
  std::string msg = std::to_string(b.errors.size()) + " lexicon error(s):";
  for (size_t i = 0; i < b.errors.size() && i < 20; ++i) msg += "\n  " + b.errors[i].ToString();
  if (b.errors.size() > 20) msg += "\n  ...";
  return InvalidArgument(msg);
}

std::vector<std::string> DefaultLexiconPaths() {
  if (const char* env = std::getenv("VIGIL_LEXICONS"); env && *env) {
    std::vector<std::string> out;
    std::stringstream ss(env);
    std::string item;
    while (std::getline(ss, item, ':')) {
      if (!item.empty()) out.push_back(item);
    }
    return out;
  }
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    // build/<preset>/vigil -> <source>/lexicons
    for (fs::path dir = exe.parent_path(); !dir.empty() && dir != dir.root_path(); dir = dir.parent_path()) {
      if (fs::is_directory(dir / "lexicons", ec) && fs::exists(dir / "CMakeLists.txt", ec)) {
        return {(dir / "lexicons").string()};
      }
    }
  }
  return {"/usr/share/vigil/lexicons"};
}

}  // namespace vigil
