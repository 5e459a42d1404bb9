#include "pipeline/lexicon_loader.h"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <thread>

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
  // Parsing the YAML is most of loading (3,500 files, about 40% of a start-up's CPU), and each file
  // parses on its own: a few threads take files in turn, and the results are joined in file order,
  // so entries and errors come out exactly as a single thread would give them.
  struct Parsed {
    bool read = false;
    std::vector<Entry> entries;
    std::vector<LexiconError> errors;
  };
  std::vector<Parsed> parsed(files.size());
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i; (i = next.fetch_add(1)) < files.size();) {
      auto text = ReadFile(files[i]);
      if (!text.ok()) {
        parsed[i].errors.push_back(LexiconError{files[i], 0, "", text.status().message()});
        continue;
      }
      parsed[i].read = true;
      ParseLexiconYaml(files[i], *text, &parsed[i].entries, &parsed[i].errors);
    }
  };
  const size_t threads = std::min<size_t>({std::max(1u, std::thread::hardware_concurrency()), 4, files.size() / 64 + 1});
  std::vector<std::thread> pool;
  for (size_t t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (std::thread& t : pool) t.join();
  for (size_t i = 0; i < files.size(); ++i) {
    if (parsed[i].read) r.files.push_back(files[i]);
    std::move(parsed[i].entries.begin(), parsed[i].entries.end(), std::back_inserter(r.entries));
    std::move(parsed[i].errors.begin(), parsed[i].errors.end(), std::back_inserter(r.errors));
  }
  ValidateEntries(r.entries, &r.errors);
  return r;
}

LexiconBuild BuildLexicon(const std::vector<std::string>& paths, Normaliser* normaliser,
                          const CompiledLexicon::Options& options) {
  const auto t0 = std::chrono::steady_clock::now();
  LexiconLoadResult r = LoadLexiconFiles(paths);
  const auto t1 = std::chrono::steady_clock::now();
  LexiconBuild b;
  b.load_seconds = std::chrono::duration<double>(t1 - t0).count();
  b.errors = std::move(r.errors);
  b.files = std::move(r.files);
  b.entries = r.entries.size();
  if (r.entries.empty() && b.errors.empty()) {
    b.errors.push_back(LexiconError{paths.empty() ? "" : paths.front(), 0, "", "no lexicon entries found"});
  }
  // Compile what parsed even when something else did not, so compile errors show in the same run.
  auto compiled = CompiledLexicon::Create(std::move(r.entries), normaliser, options, &b.errors);
  b.compile_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t1).count();
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
