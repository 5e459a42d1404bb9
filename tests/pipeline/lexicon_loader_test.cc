// `vigil lexicon check` semantics: BuildLexicon reports every error of every file, with file, line
// and entry id, and only yields a lexicon when there is none.
#include "pipeline/lexicon_loader.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "lexicon_test_util.h"

namespace vigil {
namespace {

using testing::Entry;
using testing::TempDir;

class LexiconCheckTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto n = Normaliser::Create({});
    ASSERT_TRUE(n.ok());
    normaliser_ = std::move(*n);
  }
  LexiconBuild Build(const std::vector<std::string>& paths) { return BuildLexicon(paths, normaliser_.get(), {}); }
  // The error that mentions `needle`, or fails the test.
  static const LexiconError* Find(const LexiconBuild& b, const std::string& needle) {
    for (const auto& e : b.errors) {
      if (e.ToString().find(needle) != std::string::npos) return &e;
    }
    ADD_FAILURE() << "no error mentions '" << needle << "'; errors:\n" << [&] {
      std::string all;
      for (const auto& e : b.errors) all += "  " + e.ToString() + "\n";
      return all;
    }();
    return nullptr;
  }

  TempDir dir_;
  std::unique_ptr<Normaliser> normaliser_;
};

TEST_F(LexiconCheckTest, GoodLexiconCompiles) {
  dir_.Write("en/a.yaml", "language: en\nentries:\n" + Entry("en.a", "dehumanisation", "[vermin]"));
  LexiconBuild b = Build({dir_.path()});
  EXPECT_TRUE(b.errors.empty());
  ASSERT_NE(b.lexicon, nullptr);
  EXPECT_EQ(b.entries, 1u);
  EXPECT_EQ(b.files.size(), 1u);
}

TEST_F(LexiconCheckTest, DuplicateIdAcrossFilesNamesBothPlaces) {
  dir_.Write("en/a.yaml", "language: en\nentries:\n" + Entry("en.same", "dehumanisation", "[vermin]"));
  dir_.Write("fr/b.yaml", "language: fr\nentries:\n" + Entry("fr.ok", "contempt", "[ordure]") +
                              Entry("en.same", "contempt", "[racaille]"));
  LexiconBuild b = Build({dir_.path()});
  EXPECT_EQ(b.lexicon, nullptr);
  const LexiconError* e = Find(b, "duplicate id");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->entry_id, "en.same");
  EXPECT_NE(e->file.find("b.yaml"), std::string::npos);
  EXPECT_EQ(e->line, 8);
  EXPECT_NE(e->message.find("a.yaml:3"), std::string::npos) << e->message;
}

TEST_F(LexiconCheckTest, InvalidRe2PatternIsReportedWithLine) {
  dir_.Write("en/p.yaml", "language: en\nentries:\n" + Entry("en.ok", "contempt", "[scum]") +
                              "  - id: en.bad\n    indicator: contempt\n    pattern: 'kill (all'\n"
                              "    note: n\n    sources: [s]\n");
  LexiconBuild b = Build({dir_.path()});
  const LexiconError* e = Find(b, "invalid RE2 pattern");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->entry_id, "en.bad");
  EXPECT_EQ(e->line, 10);
  EXPECT_EQ(b.lexicon, nullptr);
}

TEST_F(LexiconCheckTest, UnknownIndicatorIsReported) {
  dir_.Write("en/i.yaml", "language: en\nentries:\n" + Entry("en.x", "hatefulness", "[scum]"));
  LexiconBuild b = Build({dir_.path()});
  const LexiconError* e = Find(b, "unknown indicator 'hatefulness'");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->entry_id, "en.x");
  EXPECT_EQ(e->line, 4);
}

TEST_F(LexiconCheckTest, UnknownLanguageOnFileAndEntryAreReported) {
  dir_.Write("xx/l.yaml", "language: xx\nentries:\n" + Entry("xx.a", "contempt", "[scum]"));
  dir_.Write("en/l.yaml", "language: en\nentries:\n" + Entry("en.b", "contempt", "[scum]", "    language: klingon\n"));
  LexiconBuild b = Build({dir_.path()});
  EXPECT_NE(Find(b, "unknown language code 'xx'"), nullptr);
  const LexiconError* e = Find(b, "unknown language code 'klingon'");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->entry_id, "en.b");
}

TEST_F(LexiconCheckTest, EmptyTermsAreReported) {
  dir_.Write("en/t.yaml", "language: en\nentries:\n" + Entry("en.blank", "contempt", "['  ']") +
                              Entry("en.none", "contempt", "[]") + Entry("en.punct", "contempt", "['!!!']"));
  LexiconBuild b = Build({dir_.path()});
  EXPECT_EQ(Find(b, "empty term")->entry_id, "en.blank");
  EXPECT_EQ(Find(b, "needs 'terms' or 'pattern'")->entry_id, "en.none");
  // Parses, but normalises to nothing: a compile error reported in the same run.
  EXPECT_EQ(Find(b, "normalises to nothing")->entry_id, "en.punct");
}

TEST_F(LexiconCheckTest, BrokenFileDoesNotHideErrorsInAnotherFile) {
  dir_.Write("a/broken.yaml", "language: en\nentries:\n  - id: [unclosed\n");
  dir_.Write("b/bad.yaml", "language: en\nentries:\n" + Entry("en.b", "nonsense", "[x]"));
  dir_.Write("c/good.yaml", "language: en\nentries:\n" + Entry("en.c", "contempt", "[scum]"));
  LexiconBuild b = Build({dir_.path()});
  EXPECT_NE(Find(b, "YAML syntax error"), nullptr);
  EXPECT_NE(Find(b, "unknown indicator 'nonsense'"), nullptr);
  EXPECT_EQ(b.files.size(), 3u);
  EXPECT_EQ(b.lexicon, nullptr);
}

TEST_F(LexiconCheckTest, ErrorsAreSortedByFileThenLine) {
  dir_.Write("b.yaml", "language: en\nentries:\n" + Entry("en.b1", "nope", "[x]") + Entry("en.b2", "nope", "[y]"));
  dir_.Write("a.yaml", "language: en\nentries:\n" + Entry("en.a1", "nope", "[x]"));
  LexiconBuild b = Build({dir_.path()});
  ASSERT_EQ(b.errors.size(), 3u);
  EXPECT_EQ(b.errors[0].entry_id, "en.a1");
  EXPECT_EQ(b.errors[1].entry_id, "en.b1");
  EXPECT_EQ(b.errors[2].entry_id, "en.b2");
  EXPECT_LT(b.errors[1].line, b.errors[2].line);
}

TEST_F(LexiconCheckTest, MissingPathIsAnError) {
  LexiconBuild b = Build({dir_ / "nowhere"});
  EXPECT_NE(Find(b, "no such file or directory"), nullptr);
  EXPECT_EQ(b.lexicon, nullptr);
}

TEST_F(LexiconCheckTest, FolderWithoutEntriesIsAnError) {
  LexiconBuild b = Build({dir_.path()});
  EXPECT_NE(Find(b, "no lexicon entries found"), nullptr);
  EXPECT_EQ(b.lexicon, nullptr);
}

TEST_F(LexiconCheckTest, CompileLexiconFailsWithEveryErrorInTheMessage) {
  dir_.Write("a.yaml", "language: en\nentries:\n" + Entry("en.a", "nope", "[x]") + Entry("en.b", "contempt", "['...']"));
  auto lex = CompileLexicon({dir_.path()}, normaliser_.get(), {});
  ASSERT_FALSE(lex.ok());
  EXPECT_NE(lex.status().message().find("2 lexicon error(s)"), std::string::npos) << lex.status().message();
  EXPECT_NE(lex.status().message().find("en.b"), std::string::npos);
}

TEST_F(LexiconCheckTest, BundledLexiconsPassCheck) {
  LexiconBuild b = Build({std::string(VIGIL_SOURCE_DIR) + "/lexicons"});
  for (const auto& e : b.errors) ADD_FAILURE() << e.ToString();
  EXPECT_NE(b.lexicon, nullptr);
  EXPECT_GT(b.entries, 100u);
}

}  // namespace
}  // namespace vigil
