#include "bench/locale_corpus.h"

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <iterator>
#include <map>
#include <system_error>

#include "classifiers/message.h"

namespace vigil::bench {
namespace {

constexpr uint32_t kMoMagic = 0x950412de;
constexpr uint64_t kHeaderBytes = 20;  // magic, revision, N, O, T; the hash table words are not needed

class WordReader {
 public:
  WordReader(std::string_view bytes, bool big_endian) : bytes_(bytes), big_endian_(big_endian) {}
  // Callers check `at + 4 <= size` first.
  uint32_t At(uint64_t at) const {
    const auto* p = reinterpret_cast<const unsigned char*>(bytes_.data()) + at;
    if (big_endian_) return uint32_t{p[0]} << 24 | uint32_t{p[1]} << 16 | uint32_t{p[2]} << 8 | uint32_t{p[3]};
    return uint32_t{p[3]} << 24 | uint32_t{p[2]} << 16 | uint32_t{p[1]} << 8 | uint32_t{p[0]};
  }

 private:
  std::string_view bytes_;
  bool big_endian_;
};

// String `index` of the table at `table`: its (length, offset) descriptor and bytes, NUL included,
// must lie inside the file. The table's own extent was checked by the caller.
StatusOr<std::string> ReadString(std::string_view bytes, const WordReader& words, uint64_t table, uint64_t index,
                                 const char* which) {
  const uint64_t length = words.At(table + 8 * index);
  const uint64_t offset = words.At(table + 8 * index + 4);
  auto where = [&] { return std::string(which) + " string " + std::to_string(index) + " "; };
  if (offset > bytes.size() || length + 1 > bytes.size() - offset) {
    return InvalidArgument(where() + "(offset " + std::to_string(offset) + ", length " + std::to_string(length) +
                           ") runs past the end of the file (" + std::to_string(bytes.size()) + " bytes)");
  }
  if (bytes[offset + length] != '\0') return InvalidArgument(where() + "is not NUL-terminated");
  return std::string(bytes.substr(offset, length));
}

bool IsUtf8Name(std::string_view charset) {
  std::string lower;
  for (char c : charset) lower += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return lower == "utf-8" || lower == "utf8";
}

void Note(std::vector<std::string>* notes, std::string line) {
  if (notes != nullptr) notes->push_back(std::move(line));
}

// The whole file, or an error message. Catalogs are small (the largest on Debian is a few MB).
bool ReadFile(const std::filesystem::path& path, std::string* out, std::string* error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    *error = "cannot open";
    return false;
  }
  out->assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  if (in.bad()) {
    *error = "read error";
    return false;
  }
  return true;
}

// The *.mo files of `dir` sorted by name (directory order is unspecified; the corpus must not be),
// each file once: Debian ships compatibility symlinks (iso_3166.mo -> iso_3166-1.mo) that would
// otherwise put the same text in the corpus twice. Of several names for one file, the one that is
// not a symlink is kept (it names the domain), else the first by name.
std::vector<std::filesystem::path> CatalogFiles(const std::filesystem::path& dir, std::error_code& ec) {
  namespace fs = std::filesystem;
  struct Name {
    fs::path path;
    bool symlink;
  };
  std::map<fs::path, Name> by_file;  // canonical path -> the name kept
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    std::error_code entry_ec;
    if (it->path().extension() != ".mo" || !it->is_regular_file(entry_ec)) continue;  // follows symlinks
    const bool symlink = it->is_symlink(entry_ec);
    fs::path file = fs::canonical(it->path(), entry_ec);
    if (entry_ec) file = it->path();
    auto [kept, inserted] = by_file.try_emplace(file, Name{it->path(), symlink});
    if (!inserted && std::make_pair(symlink, it->path()) < std::make_pair(kept->second.symlink, kept->second.path)) {
      kept->second = {it->path(), symlink};
    }
  }
  std::vector<fs::path> files;
  if (ec) return files;
  for (const auto& [file, name] : by_file) files.push_back(name.path);
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

StatusOr<MoCatalog> ParseMo(std::string_view bytes) {
  if (bytes.size() < kHeaderBytes) {
    return InvalidArgument("file is " + std::to_string(bytes.size()) + " bytes, shorter than a .mo header");
  }
  bool big_endian;
  if (WordReader(bytes, false).At(0) == kMoMagic) {
    big_endian = false;
  } else if (WordReader(bytes, true).At(0) == kMoMagic) {
    big_endian = true;
  } else {
    return InvalidArgument("bad magic number (not a GNU .mo file)");
  }
  const WordReader words(bytes, big_endian);
  const uint32_t revision = words.At(4);
  if ((revision >> 16) > 1) return InvalidArgument("unknown major revision " + std::to_string(revision >> 16));
  const uint64_t n = words.At(8);
  const uint64_t originals = words.At(12);
  const uint64_t translations = words.At(16);
  for (uint64_t table : {originals, translations}) {
    if (table > bytes.size() || 8 * n > bytes.size() - table) {
      return InvalidArgument("string table at " + std::to_string(table) + " with " + std::to_string(n) +
                             " entries runs past the end of the file (" + std::to_string(bytes.size()) + " bytes)");
    }
  }

  MoCatalog catalog;
  catalog.entries.reserve(n);
  for (uint64_t i = 0; i < n; ++i) {
    StatusOr<std::string> msgid = ReadString(bytes, words, originals, i, "original");
    if (!msgid.ok()) return msgid.status();
    StatusOr<std::string> msgstr = ReadString(bytes, words, translations, i, "translated");
    if (!msgstr.ok()) return msgstr.status();
    if (msgid->empty()) {
      catalog.header = std::move(*msgstr);
    } else {
      catalog.entries.push_back({std::move(*msgid), std::move(*msgstr)});
    }
  }
  return catalog;
}

std::string MoCharset(std::string_view header) {
  // Where gettext's own loader looks (loadmsgcat.c): the first "charset=" anywhere in the header.
  const size_t at = header.find("charset=");
  if (at == std::string_view::npos) return "";
  const std::string_view value = header.substr(at + 8);
  return std::string(value.substr(0, value.find_first_of("; \t\r\n")));
}

std::vector<CatalogText> LoadCatalogTexts(const std::filesystem::path& root, const std::vector<std::string>& langs,
                                          size_t max_bytes_per_lang, std::vector<std::string>* notes) {
  namespace fs = std::filesystem;
  std::vector<CatalogText> out;
  for (const std::string& lang : langs) {
    const fs::path dir = root / lang / "LC_MESSAGES";
    std::error_code ec;
    const std::vector<fs::path> files = CatalogFiles(dir, ec);
    if (ec) {
      Note(notes, lang + ": no catalogs (" + dir.string() + ": " + ec.message() + ")");
      continue;
    }

    size_t bytes = 0;
    bool full = false;
    for (const fs::path& file : files) {
      if (full) break;
      const std::string name = lang + "/" + file.filename().string();
      std::string data, error;
      if (!ReadFile(file, &data, &error)) {
        Note(notes, name + ": skipped: " + error);
        continue;
      }
      StatusOr<MoCatalog> catalog = ParseMo(data);
      if (!catalog.ok()) {
        Note(notes, name + ": skipped: " + catalog.status().message());
        continue;
      }
      const std::string charset = MoCharset(catalog->header);
      if (!IsUtf8Name(charset)) {
        Note(notes, name + ": skipped: charset is " + (charset.empty() ? "not declared" : "\"" + charset + "\"") +
                        ", not UTF-8");
        continue;
      }
      const std::string domain = file.stem().string();
      size_t invalid = 0;
      for (const MoEntry& entry : catalog->entries) {
        if (full) break;
        // Plural forms are NUL-separated inside the msgstr; a plain msgstr is the one-form case.
        std::string_view forms = entry.msgstr;
        while (!full) {
          const size_t nul = forms.find('\0');
          const std::string_view text = forms.substr(0, nul);
          if (text.size() >= 2) {
            if (!IsValidUtf8(text)) {
              ++invalid;
            } else if (text.size() > max_bytes_per_lang - bytes) {
              full = true;
              Note(notes, lang + ": stopped at the cap of " + std::to_string(max_bytes_per_lang) + " bytes, in " +
                              name);
            } else {
              bytes += text.size();
              out.push_back({lang, domain, std::string(text)});
            }
          }
          if (nul == std::string_view::npos) break;
          forms.remove_prefix(nul + 1);
        }
      }
      if (invalid > 0) Note(notes, name + ": " + std::to_string(invalid) + " texts not valid UTF-8, skipped");
    }
  }
  return out;
}

}  // namespace vigil::bench
