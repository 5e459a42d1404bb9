#include "bench/locale_corpus.h"

#include <gtest/gtest.h>
#include <unicode/ustring.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>
#include <string>
#include <utility>
#include <vector>

namespace vigil::bench {
namespace {

namespace fs = std::filesystem;
using namespace std::string_literals;  // "a\0b"s keeps the NUL

// --- A minimal .mo writer, in either byte order -------------------------------------------------

constexpr uint32_t kHeaderSize = 28;

void PutWord(std::string* image, size_t at, uint32_t v, bool big_endian) {
  for (int i = 0; i < 4; ++i) {
    const int shift = big_endian ? 24 - 8 * i : 8 * i;
    (*image)[at + i] = static_cast<char>((v >> shift) & 0xFF);
  }
}

// Layout: header, original table at 28, translation table after it, then the strings (each with its
// NUL), originals first. Offsets of the layout are exposed so tests can corrupt precise fields.
struct MoImage {
  std::vector<std::pair<std::string, std::string>> entries;
  bool big_endian = false;
  uint32_t revision = 0;

  uint32_t OriginalTable() const { return kHeaderSize; }
  uint32_t TranslationTable() const { return kHeaderSize + 8 * static_cast<uint32_t>(entries.size()); }

  std::string Build() const {
    const uint32_t n = static_cast<uint32_t>(entries.size());
    std::string image(kHeaderSize + 16 * n, '\0');
    PutWord(&image, 0, 0x950412de, big_endian);
    PutWord(&image, 4, revision, big_endian);
    PutWord(&image, 8, n, big_endian);
    PutWord(&image, 12, OriginalTable(), big_endian);
    PutWord(&image, 16, TranslationTable(), big_endian);
    PutWord(&image, 20, 0, big_endian);  // no hash table
    PutWord(&image, 24, kHeaderSize + 16 * n, big_endian);
    auto append = [&](uint32_t descriptor, const std::string& s) {
      PutWord(&image, descriptor, static_cast<uint32_t>(s.size()), big_endian);
      PutWord(&image, descriptor + 4, static_cast<uint32_t>(image.size()), big_endian);
      image += s;
      image += '\0';
    };
    for (uint32_t i = 0; i < n; ++i) append(OriginalTable() + 8 * i, entries[i].first);
    for (uint32_t i = 0; i < n; ++i) append(TranslationTable() + 8 * i, entries[i].second);
    return image;
  }
};

const std::string kUtf8Header = "Project-Id-Version: t 1.0\nLanguage: fr\nMIME-Version: 1.0\n"
                                "Content-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: 8bit\n";

MoImage FrenchCatalog(bool big_endian = false) {
  MoImage mo;
  mo.big_endian = big_endian;
  mo.entries = {{"", kUtf8Header},
                {"File not found", "Fichier introuvable"},
                {"%d file\0%d files"s, "%d fichier\0%d fichiers"s},
                {"menu\x04Open", "Ouvrir"},
                {"Untranslated", ""}};
  return mo;
}

std::vector<std::string> Texts(const std::vector<CatalogText>& texts) {
  std::vector<std::string> out;
  for (const CatalogText& t : texts) out.push_back(t.text);
  return out;
}

bool IcuSaysValidUtf8(const std::string& s) {
  std::vector<UChar> buffer(s.size() + 1);
  int32_t length = 0, substitutions = 0;
  UErrorCode error = U_ZERO_ERROR;
  u_strFromUTF8WithSub(buffer.data(), static_cast<int32_t>(buffer.size()), &length, s.data(),
                       static_cast<int32_t>(s.size()), 0xFFFD, &substitutions, &error);
  return U_SUCCESS(error) && substitutions == 0;
}

// A fresh directory per test under gtest's temp dir, laid out like /usr/share/locale.
class LocaleRoot {
 public:
  LocaleRoot() {
    const auto* info = testing::UnitTest::GetInstance()->current_test_info();
    root_ = fs::path(testing::TempDir()) / ("locale_corpus_" + std::string(info->test_suite_name()) + "_" +
                                            info->name() + "_" + std::to_string(::getpid()));
    fs::remove_all(root_);
    fs::create_directories(root_);
  }
  ~LocaleRoot() {
    std::error_code ec;
    fs::remove_all(root_, ec);
  }
  void Add(const std::string& lang, const std::string& file, const std::string& bytes) const {
    const fs::path dir = root_ / lang / "LC_MESSAGES";
    fs::create_directories(dir);
    std::ofstream(dir / file, std::ios::binary) << bytes;
  }
  const fs::path& path() const { return root_; }

 private:
  fs::path root_;
};

// --- ParseMo --------------------------------------------------------------------------------------

TEST(ParseMo, ReadsEntriesInBothByteOrders) {
  for (bool big_endian : {false, true}) {
    SCOPED_TRACE(big_endian ? "big-endian" : "little-endian");
    StatusOr<MoCatalog> catalog = ParseMo(FrenchCatalog(big_endian).Build());
    ASSERT_TRUE(catalog.ok()) << catalog.status().ToString();
    ASSERT_EQ(catalog->entries.size(), 4u);
    EXPECT_EQ(catalog->entries[0].msgid, "File not found");
    EXPECT_EQ(catalog->entries[0].msgstr, "Fichier introuvable");
    EXPECT_EQ(catalog->entries[2].msgid, "menu\x04Open");
    EXPECT_EQ(catalog->entries[2].msgstr, "Ouvrir");
    EXPECT_EQ(catalog->entries[3].msgstr, "");
  }
}

TEST(ParseMo, HeaderIsKeptApartFromEntries) {
  StatusOr<MoCatalog> catalog = ParseMo(FrenchCatalog().Build());
  ASSERT_TRUE(catalog.ok()) << catalog.status().ToString();
  EXPECT_EQ(catalog->header, kUtf8Header);
  for (const MoEntry& e : catalog->entries) EXPECT_FALSE(e.msgid.empty());
}

TEST(ParseMo, PluralMsgstrKeepsItsFormsNulSeparated) {
  StatusOr<MoCatalog> catalog = ParseMo(FrenchCatalog().Build());
  ASSERT_TRUE(catalog.ok()) << catalog.status().ToString();
  EXPECT_EQ(catalog->entries[1].msgid, "%d file\0%d files"s);
  EXPECT_EQ(catalog->entries[1].msgstr, "%d fichier\0%d fichiers"s);
}

TEST(ParseMo, EmptyCatalogParses) {
  StatusOr<MoCatalog> catalog = ParseMo(MoImage{}.Build());
  ASSERT_TRUE(catalog.ok()) << catalog.status().ToString();
  EXPECT_TRUE(catalog->entries.empty());
  EXPECT_EQ(catalog->header, "");
}

TEST(ParseMo, MinorRevisionAndRevisionOneAreAccepted) {
  for (uint32_t revision : {0x00000001u, 0x00010000u, 0x00010001u}) {
    MoImage mo = FrenchCatalog();
    mo.revision = revision;
    EXPECT_TRUE(ParseMo(mo.Build()).ok()) << revision;
  }
}

TEST(ParseMo, UnknownMajorRevisionIsAnError) {
  MoImage mo = FrenchCatalog();
  mo.revision = 0x00020000;
  StatusOr<MoCatalog> catalog = ParseMo(mo.Build());
  ASSERT_FALSE(catalog.ok());
  EXPECT_EQ(catalog.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(catalog.status().message().find("revision 2"), std::string::npos) << catalog.status().message();
}

TEST(ParseMo, BadMagicIsAnError) {
  std::string image = FrenchCatalog().Build();
  image[0] ^= 1;
  StatusOr<MoCatalog> catalog = ParseMo(image);
  ASSERT_FALSE(catalog.ok());
  EXPECT_NE(catalog.status().message().find("magic"), std::string::npos) << catalog.status().message();
  EXPECT_FALSE(ParseMo("").ok());
  EXPECT_FALSE(ParseMo("\xde\x12\x04\x95").ok());  // the magic alone
}

// The strings are at the end of the file, so every proper prefix cuts at least the last NUL.
TEST(ParseMo, EveryTruncationIsAnError) {
  for (bool big_endian : {false, true}) {
    const std::string image = FrenchCatalog(big_endian).Build();
    for (size_t size = 0; size < image.size(); ++size) {
      EXPECT_FALSE(ParseMo(std::string_view(image).substr(0, size)).ok()) << size << (big_endian ? " BE" : " LE");
    }
    EXPECT_TRUE(ParseMo(image).ok());
  }
}

TEST(ParseMo, StringOffsetPastEndIsAnError) {
  for (bool big_endian : {false, true}) {
    const MoImage mo = FrenchCatalog(big_endian);
    const std::string good = mo.Build();
    for (uint32_t offset : {static_cast<uint32_t>(good.size()), static_cast<uint32_t>(good.size()) + 100,
                            0xFFFFFFFFu}) {
      std::string image = good;
      PutWord(&image, mo.TranslationTable() + 8 * 1 + 4, offset, big_endian);
      StatusOr<MoCatalog> catalog = ParseMo(image);
      ASSERT_FALSE(catalog.ok()) << offset;
      EXPECT_NE(catalog.status().message().find("translated string 1"), std::string::npos)
          << catalog.status().message();
    }
  }
}

// offset + length + 1 wraps to a small number in 32-bit arithmetic: 28 + 0xFFFFFFFF + 1 == 28 mod 2^32.
TEST(ParseMo, LengthThatWrapsAround32BitsIsAnError) {
  for (bool big_endian : {false, true}) {
    const MoImage mo = FrenchCatalog(big_endian);
    std::string image = mo.Build();
    PutWord(&image, mo.OriginalTable() + 8 * 2, 0xFFFFFFFF, big_endian);  // length
    PutWord(&image, mo.OriginalTable() + 8 * 2 + 4, kHeaderSize, big_endian);
    StatusOr<MoCatalog> catalog = ParseMo(image);
    ASSERT_FALSE(catalog.ok());
    EXPECT_NE(catalog.status().message().find("original string 2"), std::string::npos) << catalog.status().message();
  }
}

// 8 * 0x20000001 == 8 mod 2^32: a table that "fits" if the count is multiplied in 32 bits.
TEST(ParseMo, StringCountThatOverflowsTheTableIsAnError) {
  for (uint32_t n : {0x20000001u, 0xFFFFFFFFu, 5u}) {
    const MoImage mo = FrenchCatalog();
    std::string image = mo.Build();
    PutWord(&image, 8, n, false);
    if (n == 5u) PutWord(&image, 16, static_cast<uint32_t>(image.size()) - 16, false);  // T's table cut short
    StatusOr<MoCatalog> catalog = ParseMo(image);
    ASSERT_FALSE(catalog.ok()) << n;
    EXPECT_NE(catalog.status().message().find("string table"), std::string::npos) << catalog.status().message();
  }
}

TEST(ParseMo, TableOffsetPastEndIsAnError) {
  for (size_t field : {12u, 16u}) {
    std::string image = FrenchCatalog().Build();
    PutWord(&image, field, 0xFFFFFFF0u, false);
    EXPECT_FALSE(ParseMo(image).ok()) << field;
  }
}

TEST(ParseMo, MissingNulTerminatorIsAnError) {
  const MoImage mo = FrenchCatalog();
  std::string image = mo.Build();
  // The translation of entry 1 ("Fichier introuvable") is followed by its NUL; overwrite it.
  const size_t at = image.find("Fichier introuvable") + std::string("Fichier introuvable").size();
  ASSERT_EQ(image[at], '\0');
  image[at] = 'x';
  StatusOr<MoCatalog> catalog = ParseMo(image);
  ASSERT_FALSE(catalog.ok());
  EXPECT_NE(catalog.status().message().find("NUL"), std::string::npos) << catalog.status().message();
}

// --- MoCharset -------------------------------------------------------------------------------------

TEST(MoCharset, ReadsTheDeclaredCharset) {
  EXPECT_EQ(MoCharset(kUtf8Header), "UTF-8");
  EXPECT_EQ(MoCharset("Content-Type: text/plain; charset=ISO-8859-1\n"), "ISO-8859-1");
  EXPECT_EQ(MoCharset("Content-Type: text/plain; charset=CHARSET\n"), "CHARSET");
  EXPECT_EQ(MoCharset("Content-Type: text/plain; charset=utf-8"), "utf-8");  // last line, no newline
  EXPECT_EQ(MoCharset("Project-Id-Version: x\n"), "");
  EXPECT_EQ(MoCharset(""), "");
}

// --- LoadCatalogTexts ------------------------------------------------------------------------------

TEST(LoadCatalogTexts, ReturnsTranslationsWithLanguageAndDomain) {
  LocaleRoot root;
  MoImage mo = FrenchCatalog();
  mo.entries.push_back({"x", "y"});  // shorter than 2 bytes: dropped
  root.Add("fr", "coreutils.mo", mo.Build());
  std::vector<std::string> notes;
  std::vector<CatalogText> texts = LoadCatalogTexts(root.path(), {"fr"}, 1 << 20, &notes);
  // Not the header, not the empty translation, not "y"; each plural form on its own.
  EXPECT_EQ(Texts(texts),
            (std::vector<std::string>{"Fichier introuvable", "%d fichier", "%d fichiers", "Ouvrir"}));
  for (const CatalogText& t : texts) {
    EXPECT_EQ(t.lang, "fr");
    EXPECT_EQ(t.domain, "coreutils");
  }
  EXPECT_TRUE(notes.empty()) << notes[0];
}

TEST(LoadCatalogTexts, EachNonEmptyPluralFormIsOneText) {
  LocaleRoot root;
  MoImage mo;
  mo.entries = {{"", kUtf8Header},
                {"%d day\0%d days"s, "%d dzień\0%d dni\0%d dnia\0"s},  // Polish-style: three forms, then an empty one
                {"%d hour\0%d hours"s, "\0%d godzin"s}};              // an empty first form
  root.Add("pl", "x.mo", mo.Build());
  EXPECT_EQ(Texts(LoadCatalogTexts(root.path(), {"pl"}, 1 << 20, nullptr)),
            (std::vector<std::string>{"%d dzień", "%d dni", "%d dnia", "%d godzin"}));
}

TEST(LoadCatalogTexts, BigEndianCatalogLoadsLikeLittleEndian) {
  LocaleRoot root;
  root.Add("fr", "a.mo", FrenchCatalog(false).Build());
  root.Add("de", "a.mo", FrenchCatalog(true).Build());
  const auto little = Texts(LoadCatalogTexts(root.path(), {"fr"}, 1 << 20, nullptr));
  const auto big = Texts(LoadCatalogTexts(root.path(), {"de"}, 1 << 20, nullptr));
  EXPECT_EQ(little.size(), 4u);
  EXPECT_EQ(little, big);
}

TEST(LoadCatalogTexts, CatalogNotDeclaredUtf8IsSkippedWithNote) {
  LocaleRoot root;
  MoImage latin1;
  latin1.entries = {{"", "Content-Type: text/plain; charset=ISO-8859-1\n"}, {"File", "Fichier \xe9t\xe9"}};
  MoImage placeholder;
  placeholder.entries = {{"", "Content-Type: text/plain; charset=CHARSET\n"}, {"File", "Fichier"}};
  MoImage headerless;
  headerless.entries = {{"File", "Fichier"}};
  MoImage lowercase;
  lowercase.entries = {{"", "Content-Type: text/plain; charset=utf-8\n"}, {"Yes", "Oui"}};
  root.Add("fr", "a-latin1.mo", latin1.Build());
  root.Add("fr", "b-placeholder.mo", placeholder.Build());
  root.Add("fr", "c-headerless.mo", headerless.Build());
  root.Add("fr", "d-lowercase.mo", lowercase.Build());
  std::vector<std::string> notes;
  EXPECT_EQ(Texts(LoadCatalogTexts(root.path(), {"fr"}, 1 << 20, &notes)), std::vector<std::string>{"Oui"});
  ASSERT_EQ(notes.size(), 3u);
  EXPECT_EQ(notes[0], "fr/a-latin1.mo: skipped: charset is \"ISO-8859-1\", not UTF-8");
  EXPECT_EQ(notes[1], "fr/b-placeholder.mo: skipped: charset is \"CHARSET\", not UTF-8");
  EXPECT_EQ(notes[2], "fr/c-headerless.mo: skipped: charset is not declared, not UTF-8");
}

TEST(LoadCatalogTexts, InvalidUtf8TextIsSkippedAndTheRestKept) {
  LocaleRoot root;
  MoImage mo;
  mo.entries = {{"", kUtf8Header},
                {"a", "ok été"},
                {"b", "overlong \xc0\xaf"},
                {"c", "surrogate \xed\xa0\x80"},
                {"d", "cut \xe2\x82"},
                {"e", "lone \x80 continuation"},
                {"f", "too high \xf4\x90\x80\x80"},
                {"g", "Latin-1 \xe9t\xe9"},
                {"h", "plural ok\0plural bad \xff"s},
                {"i", "ኢትዮጵያ"}};
  root.Add("am", "x.mo", mo.Build());
  std::vector<std::string> notes;
  EXPECT_EQ(Texts(LoadCatalogTexts(root.path(), {"am"}, 1 << 20, &notes)),
            (std::vector<std::string>{"ok été", "plural ok", "ኢትዮጵያ"}));
  EXPECT_EQ(notes, std::vector<std::string>{"am/x.mo: 7 texts not valid UTF-8, skipped"});
}

// Random byte strings built from valid characters, stray bytes and near-miss sequences: the loader
// keeps exactly the ones ICU decodes without substitution.
TEST(LoadCatalogTexts, KeepsExactlyTheTextsIcuDecodesAsUtf8) {
  const std::vector<std::string> pieces = {
      "a", "Z", " ", "é", "ж", "ع", "ኢ", "မ", "€", "𝐤", "😀", "\xc2\x80", "\xdf\xbf", "\xef\xbf\xbf", "\xf4\x8f\xbf\xbf",
      "\xc0", "\xc1\xbf", "\xe0\x80\x80", "\xe0\x9f\xbf", "\xed\xa0\x80", "\xed\xbf\xbf", "\xf0\x80\x80\x80",
      "\xf0\x8f\xbf\xbf", "\xf4\x90\x80\x80", "\xf5\x80\x80\x80", "\xf8\x88\x80\x80\x80", "\xfe", "\xff", "\x80",
      "\xbf", "\xe2\x82", "\xf0\x9f\x98"};
  std::mt19937 rng(20240611);
  MoImage mo;
  mo.entries.push_back({"", kUtf8Header});
  std::vector<std::string> expected;
  for (int i = 0; i < 2000; ++i) {
    std::string text;
    const int count = 1 + static_cast<int>(rng() % 4);
    for (int k = 0; k < count; ++k) text += pieces[rng() % pieces.size()];
    mo.entries.push_back({"id" + std::to_string(i), text});
    if (text.size() >= 2 && IcuSaysValidUtf8(text)) expected.push_back(text);
  }
  ASSERT_GT(expected.size(), 200u);   // both outcomes are well represented
  ASSERT_LT(expected.size(), 1800u);
  LocaleRoot root;
  root.Add("xx", "random.mo", mo.Build());
  EXPECT_EQ(Texts(LoadCatalogTexts(root.path(), {"xx"}, 1 << 20, nullptr)), expected);
}

TEST(LoadCatalogTexts, CorruptCatalogIsSkippedWithNoteAndOthersKept) {
  LocaleRoot root;
  const std::string good = FrenchCatalog().Build();
  root.Add("fr", "a-truncated.mo", good.substr(0, good.size() - 5));
  root.Add("fr", "b-good.mo", good);
  root.Add("fr", "c-empty.mo", "");
  root.Add("fr", "d-not-mo.mo", "this is not a catalog at all, just text");
  std::vector<std::string> notes;
  std::vector<CatalogText> texts = LoadCatalogTexts(root.path(), {"fr"}, 1 << 20, &notes);
  ASSERT_EQ(texts.size(), 4u);
  for (const CatalogText& t : texts) EXPECT_EQ(t.domain, "b-good");
  ASSERT_EQ(notes.size(), 3u);
  EXPECT_TRUE(notes[0].starts_with("fr/a-truncated.mo: skipped: ")) << notes[0];
  EXPECT_TRUE(notes[1].starts_with("fr/c-empty.mo: skipped: file is 0 bytes")) << notes[1];
  EXPECT_TRUE(notes[2].starts_with("fr/d-not-mo.mo: skipped: bad magic")) << notes[2];
}

TEST(LoadCatalogTexts, ByteCapIsNeverExceededAndGivesAPrefix) {
  LocaleRoot root;
  MoImage mo;
  mo.entries.push_back({"", kUtf8Header});
  for (int i = 0; i < 50; ++i) mo.entries.push_back({std::to_string(i), std::string(2 + i % 7, 'a' + i % 26)});
  root.Add("fr", "a.mo", mo.Build());
  root.Add("fr", "b.mo", FrenchCatalog().Build());
  const std::vector<CatalogText> all = LoadCatalogTexts(root.path(), {"fr", "de"}, SIZE_MAX, nullptr);
  size_t total = 0;
  for (const CatalogText& t : all) total += t.text.size();
  ASSERT_EQ(all.size(), 54u);

  for (size_t cap = 0; cap <= total + 1; ++cap) {
    std::vector<std::string> notes;
    const std::vector<CatalogText> capped = LoadCatalogTexts(root.path(), {"fr"}, cap, &notes);
    size_t bytes = 0;
    for (const CatalogText& t : capped) bytes += t.text.size();
    ASSERT_LE(bytes, cap);
    ASSERT_LE(capped.size(), all.size());
    for (size_t i = 0; i < capped.size(); ++i) ASSERT_EQ(capped[i].text, all[i].text) << "cap " << cap;
    if (capped.size() < all.size()) {
      ASSERT_GT(bytes + all[capped.size()].text.size(), cap) << "stopped although the next text fits";
      ASSERT_EQ(notes.size(), 1u);
      EXPECT_TRUE(notes[0].starts_with("fr: stopped at the cap of " + std::to_string(cap) + " bytes")) << notes[0];
    } else {
      EXPECT_TRUE(notes.empty()) << "cap " << cap << ": " << notes[0];
    }
  }
}

TEST(LoadCatalogTexts, CapIsPerLanguage) {
  LocaleRoot root;
  root.Add("fr", "a.mo", FrenchCatalog().Build());
  root.Add("de", "a.mo", FrenchCatalog(true).Build());
  // "Fichier introuvable" (19) + "%d fichier" (10) fit in 30; "%d fichiers" does not.
  std::vector<CatalogText> texts = LoadCatalogTexts(root.path(), {"fr", "de"}, 30, nullptr);
  ASSERT_EQ(texts.size(), 4u);
  EXPECT_EQ(texts[0].lang, "fr");
  EXPECT_EQ(texts[1].lang, "fr");
  EXPECT_EQ(texts[2].lang, "de");
  EXPECT_EQ(texts[3].text, "%d fichier");
}

TEST(LoadCatalogTexts, LanguagesInGivenOrderAndFilesSortedByName) {
  LocaleRoot root;
  auto catalog = [](const std::string& text) {
    MoImage mo;
    mo.entries = {{"", kUtf8Header}, {"id", text}};
    return mo.Build();
  };
  root.Add("sw", "zeta.mo", catalog("sw zeta"));
  root.Add("sw", "Alpha.mo", catalog("sw Alpha"));
  root.Add("sw", "alpha.mo", catalog("sw alpha"));
  root.Add("sw", "notes.txt", "not a catalog");
  root.Add("sw", "beta.mo.bak", catalog("backup"));
  root.Add("ha", "m.mo", catalog("ha m"));
  std::vector<CatalogText> texts = LoadCatalogTexts(root.path(), {"sw", "ha"}, 1 << 20, nullptr);
  EXPECT_EQ(Texts(texts), (std::vector<std::string>{"sw Alpha", "sw alpha", "sw zeta", "ha m"}));
  EXPECT_EQ(texts[0].domain, "Alpha");
}

// Debian's iso-codes ship iso_639.mo -> iso_639-2.mo in the same directory: one file, read once,
// under its real name, whichever name sorts first.
TEST(LoadCatalogTexts, FileReachedThroughSymlinkIsReadOnce) {
  LocaleRoot root;
  root.Add("fr", "iso_639-2.mo", FrenchCatalog().Build());
  root.Add("fr", "b.mo", FrenchCatalog().Build());
  const fs::path dir = root.path() / "fr" / "LC_MESSAGES";
  fs::create_symlink("iso_639-2.mo", dir / "iso_639.mo");    // sorts after its target
  fs::create_symlink("iso_639-2.mo", dir / "aaa_alias.mo");  // sorts before it
  fs::create_symlink("missing.mo", dir / "dangling.mo");     // no file behind it: ignored
  root.Add("de", "real.mo", FrenchCatalog().Build());
  fs::create_symlink(root.path() / "de" / "LC_MESSAGES" / "real.mo", dir / "c-elsewhere.mo");  // only name here
  std::vector<std::string> notes;
  std::vector<CatalogText> texts = LoadCatalogTexts(root.path(), {"fr"}, 1 << 20, &notes);
  std::vector<std::string> domains;
  for (const CatalogText& t : texts) {
    if (domains.empty() || domains.back() != t.domain) domains.push_back(t.domain);
  }
  EXPECT_EQ(domains, (std::vector<std::string>{"b", "c-elsewhere", "iso_639-2"}));
  EXPECT_EQ(texts.size(), 12u);
  EXPECT_TRUE(notes.empty()) << notes[0];
}

TEST(LoadCatalogTexts, MissingLanguageOrRootGivesNoteNotError) {
  LocaleRoot root;
  root.Add("fr", "a.mo", FrenchCatalog().Build());
  std::vector<std::string> notes;
  std::vector<CatalogText> texts = LoadCatalogTexts(root.path(), {"en", "fr"}, 1 << 20, &notes);
  EXPECT_EQ(texts.size(), 4u);
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_TRUE(notes[0].starts_with("en: no catalogs (")) << notes[0];

  notes.clear();
  EXPECT_TRUE(LoadCatalogTexts(root.path() / "nowhere", {"fr"}, 1 << 20, &notes).empty());
  EXPECT_EQ(notes.size(), 1u);
  EXPECT_TRUE(LoadCatalogTexts(root.path() / "nowhere", {"fr"}, 1 << 20, nullptr).empty());
}

// --- The machine's own catalogs -------------------------------------------------------------------

TEST(SystemCatalogs, FrenchYieldsMuchValidUtf8Text) {
  const fs::path root = "/usr/share/locale";
  std::error_code ec;
  if (!fs::is_directory(root / "fr" / "LC_MESSAGES", ec)) GTEST_SKIP() << "no French gettext catalogs here";
  std::vector<std::string> notes;
  std::vector<CatalogText> texts = LoadCatalogTexts(root, {"fr"}, 2 << 20, &notes);
  if (texts.empty()) GTEST_SKIP() << "French catalogs present but none usable";
  size_t bytes = 0, accented = 0, fichier = 0;
  for (const CatalogText& t : texts) {
    bytes += t.text.size();
    ASSERT_TRUE(IcuSaysValidUtf8(t.text)) << t.domain << ": " << t.text;
    ASSERT_EQ(t.text.find('\0'), std::string::npos);
    accented += t.text.find("é") != std::string::npos;
    fichier += t.text.find("fichier") != std::string::npos;
  }
  EXPECT_LE(bytes, size_t{2} << 20);
  // A few dozen French catalogs hold megabytes; even one small one holds kilobytes.
  EXPECT_GT(bytes, 10000u);
  EXPECT_GT(texts.size(), 100u);
  EXPECT_GT(accented, texts.size() / 10) << "French without é?";
  EXPECT_GT(fichier, 0u);
  std::cout << "fr: " << texts.size() << " texts, " << bytes << " bytes, " << notes.size() << " notes\n";
}

}  // namespace
}  // namespace vigil::bench
