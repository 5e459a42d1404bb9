// locale_corpus.h: real natural-language text in many languages, read from the machine's compiled
// GNU gettext catalogs (/usr/share/locale/<lang>/LC_MESSAGES/*.mo), for benchmarks that want a
// feed-like corpus: one language's software messages repeat their words the way a feed does.
//
//   std::vector<std::string> notes;
//   std::vector<CatalogText> texts =
//       LoadCatalogTexts("/usr/share/locale", {"fr", "ar", "sw"}, 2 << 20, &notes);
//   if (texts.empty()) { /* no catalogs on this machine: skip, print `notes` */ }
//   for (const CatalogText& t : texts) Use(t.lang, t.text);
//
// Nothing is downloaded or copied: the catalogs are read where the system installed them, and a
// machine without them simply yields no text (with a note per language saying so).
//
// What the text is: software messages as translated (error messages, --help lines, menu labels),
// printf directives such as %s and accelerator marks such as _Open left in, plus the iso-codes
// catalogs (iso_3166*, iso_639*: names of countries and languages). On Debian 12 fr, es, de, ru, uk
// each have megabytes of it; ar and my a few hundred KB; rw, am, sw, ha under 20 KB, mostly the
// iso-codes name lists, so those are lists of names rather than prose.
//
// The .mo format (GNU gettext manual, "The Format of GNU MO Files"): seven 32-bit words in the
// file's byte order (magic 0x950412de, revision, N strings, offset O of the original-string table,
// offset T of the translation table, hash table size and offset), then at O and T N pairs of
// (length, offset); each string is `length` bytes at `offset`, followed by a NUL. A plural msgid
// is "singular\0plural" and its msgstr holds the forms separated by NULs within `length`; a msgid
// with context is "context\x04msgid". The header is the msgstr of the empty msgid.
//
// Thread-safety: no shared state; every function may be called from any thread. Only
// LoadCatalogTexts touches the filesystem (it only reads).
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "classifiers/status.h"

namespace vigil::bench {

// One msgid/msgstr pair of a catalog, bytes as stored (NULs between plural forms kept).
struct MoEntry {
  std::string msgid;
  std::string msgstr;
};

struct MoCatalog {
  std::string header;            // msgstr of the empty msgid ("" when the catalog has none)
  std::vector<MoEntry> entries;  // every other entry, in file order; the header is not among them
};

// Parses the bytes of one .mo file, in either byte order. Every table offset, string offset and
// length is checked against the size of `bytes` (in 64-bit arithmetic, so a huge length cannot wrap)
// and every string must end with its NUL; anything out of bounds, a bad magic number or an unknown
// major revision gives kInvalidArgument naming the first problem, and nothing is ever read outside
// `bytes`. No check of the strings' encoding here (see MoCharset).
StatusOr<MoCatalog> ParseMo(std::string_view bytes);

// The charset a catalog header declares ("Content-Type: text/plain; charset=X\n"), as written
// (e.g. "UTF-8", "ISO-8859-1", or gettext's unfilled placeholder "CHARSET"); "" when there is none.
// Like gettext's loader, takes the first "charset=" in the header.
std::string MoCharset(std::string_view header);

// One translated text: a msgstr, or one form of a plural msgstr.
struct CatalogText {
  std::string lang;    // the directory name under root, as passed in `langs`
  std::string domain;  // the catalog's file name without ".mo" (e.g. "coreutils")
  std::string text;    // valid UTF-8, at least 2 bytes, no NUL
};

// Reads every *.mo under root/<lang>/LC_MESSAGES/ for each lang in `langs`, languages in the given
// order and each language's files sorted by file name (byte order), entries in file order. A file
// reached by several names (Debian's compatibility symlinks, iso_639.mo -> iso_639-2.mo) is read
// once, under the name that is not a symlink. Returns the translations: each non-empty msgstr,
// and each non-empty form of a plural msgstr, as one text.
// Skipped: the header; texts shorter than 2 bytes; texts that are not valid UTF-8; whole catalogs
// whose header does not declare charset UTF-8 (or has no header); files that cannot be read or do
// not parse (ParseMo). At most `max_bytes_per_lang` bytes of text (sum of text.size()) per
// language: a language's texts stop at the first one that would go over the cap, so the result
// for a smaller cap is a prefix of that for a larger one.
//
// `notes` (may be null) gets one line appended per language with no LC_MESSAGES directory, per
// catalog skipped (file and reason), per catalog with texts dropped as invalid UTF-8 (how many) and
// per language cut by the cap. Never throws for filesystem errors; they become notes.
std::vector<CatalogText> LoadCatalogTexts(const std::filesystem::path& root, const std::vector<std::string>& langs,
                                          size_t max_bytes_per_lang, std::vector<std::string>* notes);

}  // namespace vigil::bench
