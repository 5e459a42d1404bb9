// `vigil lexicon import --format hurtlex`: parsing, mapping, bad rows, YAML output that `check`
// accepts. Fixtures are invented rows in HurtLex's format; the real HurtLex (CC BY-NC-SA) is read
// from ../shared/data/hurtlex only, and its output goes to a temporary folder.
#include "pipeline/hurtlex_import.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "lexicon_test_util.h"
#include "pipeline/lexicon_loader.h"

namespace vigil {
namespace {

using testing::TempDir;

constexpr char kHeader[] = "id\tpos\tcategory\tstereotype\tlemma\tlevel\n";

class HurtLexTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto n = Normaliser::Create({});
    ASSERT_TRUE(n.ok());
    normaliser_ = std::move(*n);
  }
  HurtLexImport Parse(const std::string& rows, bool inclusive = false, const std::string& file = "hurtlex_EN.tsv",
                      const std::string& lang = "en") {
    HurtLexImport imp;
    HurtLexOptions o;
    o.inclusive = inclusive;
    ParseHurtLex(file, lang, kHeader + rows, o, normaliser_.get(), &imp);
    return imp;
  }
  std::unique_ptr<Normaliser> normaliser_;
};

TEST_F(HurtLexTest, RowBecomesEntryWithMappedIndicatorWeightNoteAndSource) {
  HurtLexImport imp = Parse("EN1\tn\tps\tyes\tgrobblers\tconservative\n");
  ASSERT_EQ(imp.entries.size(), 1u);
  const Entry& e = imp.entries[0];
  EXPECT_EQ(e.id, "en.hurtlex.en1.ps");
  EXPECT_EQ(e.lang, "en");
  EXPECT_EQ(e.indicator, Indicator::kSlur);
  EXPECT_EQ(e.terms, std::vector<std::string>{"grobblers"});
  EXPECT_DOUBLE_EQ(e.weight, 0.7);
  EXPECT_NE(e.note.find("HurtLex category ps"), std::string::npos);
  EXPECT_EQ(e.sources, std::vector<std::string>{"HurtLex 1.2 (Bassignana et al. 2018), CC BY-NC-SA 4.0"});
  EXPECT_EQ(e.status, EntryStatus::kActive);
  EXPECT_EQ(e.line, 2);
  ASSERT_EQ(imp.files.size(), 1u);
  EXPECT_EQ(imp.files[0].imported, 1u);
}

TEST_F(HurtLexTest, CategoriesMapToDocumentedIndicators) {
  EXPECT_EQ(FindHurtLexCategory("an")->indicator, Indicator::kDehumanisation);
  EXPECT_EQ(FindHurtLexCategory("ps")->indicator, Indicator::kSlur);
  EXPECT_EQ(FindHurtLexCategory("om")->indicator, Indicator::kSlur);
  EXPECT_EQ(FindHurtLexCategory("om")->target, "gay_people");
  for (const char* c : {"ddf", "ddp", "dmc", "cds", "is", "re", "svp", "qas", "or", "pa", "rci", "asf", "asm"}) {
    ASSERT_NE(FindHurtLexCategory(c), nullptr) << c;
    EXPECT_EQ(FindHurtLexCategory(c)->indicator, Indicator::kContempt) << c;
  }
  EXPECT_EQ(HurtLexCategories().size(), 17u);
  EXPECT_EQ(FindHurtLexCategory("zz"), nullptr);
}

TEST_F(HurtLexTest, ConservativeIsTheDefaultLevel) {
  const std::string rows = "EN1\tn\tan\tno\tweasel\tinclusive\nEN2\tn\tan\tno\tvulture\tconservative\n";
  HurtLexImport conservative = Parse(rows);
  ASSERT_EQ(conservative.entries.size(), 1u);
  EXPECT_EQ(conservative.entries[0].terms[0], "vulture");
  EXPECT_EQ(conservative.files[0].skipped_level, 1u);
  EXPECT_EQ(Parse(rows, /*inclusive=*/true).entries.size(), 2u);
}

TEST_F(HurtLexTest, BadRowsAreReportedWithLineAndSkipped) {
  HurtLexImport imp = Parse(
      "EN1\tn\tps\tyes\tgood one\tconservative\n"  // line 2
      "EN2\tn\tps\tyes\tconservative\n"            // line 3: 5 columns
      "EN3\tn\txx\tno\tword\tconservative\n"       // line 4: unknown category
      "EN4\tn\tan\tno\tword\tsometimes\n"          // line 5: unknown level
      "EN5\tn\tan\tno\t  \tconservative\n"         // line 6: empty lemma
      "EN6\tn\tan\tno\t!!!\tconservative\n"        // line 7: normalises to nothing
      "EN7\tn\tan\tno\tlast good\tconservative\n"  // line 8
  );
  EXPECT_EQ(imp.entries.size(), 2u);
  ASSERT_EQ(imp.errors.size(), 5u);
  EXPECT_EQ(imp.errors[0].line, 3);
  EXPECT_NE(imp.errors[0].message.find("6 tab-separated columns"), std::string::npos);
  EXPECT_EQ(imp.errors[1].line, 4);
  EXPECT_NE(imp.errors[1].message.find("unknown category 'xx'"), std::string::npos);
  EXPECT_EQ(imp.errors[2].line, 5);
  EXPECT_EQ(imp.errors[3].line, 6);
  EXPECT_NE(imp.errors[3].message.find("empty lemma"), std::string::npos);
  EXPECT_EQ(imp.errors[4].line, 7);
  EXPECT_NE(imp.errors[4].message.find("normalises to nothing"), std::string::npos);
  EXPECT_EQ(imp.errors[4].file, "hurtlex_EN.tsv");
  EXPECT_EQ(imp.files[0].bad, 5u);
}

TEST_F(HurtLexTest, WrongHeaderSkipsTheFile) {
  HurtLexImport imp;
  ParseHurtLex("hurtlex_EN.tsv", "en", "lemma\tcategory\nword\tps\n", {}, normaliser_.get(), &imp);
  EXPECT_TRUE(imp.entries.empty());
  ASSERT_EQ(imp.errors.size(), 1u);
  EXPECT_EQ(imp.errors[0].line, 1);
}

TEST_F(HurtLexTest, RepeatedLemmaAndCategoryIsCountedOnce) {
  HurtLexImport imp = Parse("EN1\tn\tan\tno\tweasel\tconservative\nEN9\tn\tan\tno\tweasel\tconservative\n"
                            "EN9\tn\tdmc\tno\tweasel\tconservative\n");
  EXPECT_EQ(imp.entries.size(), 2u);
  EXPECT_EQ(imp.files[0].duplicates, 1u);
}

TEST_F(HurtLexTest, SameIdAndCategoryAtBothLevelsGetsDistinctIds) {
  HurtLexImport imp = Parse("EN1\tn\tan\tno\tweasel\tconservative\nEN1\tn\tan\tno\tweasels\tinclusive\n", true);
  ASSERT_EQ(imp.entries.size(), 2u);
  EXPECT_NE(imp.entries[0].id, imp.entries[1].id);
}

TEST_F(HurtLexTest, LanguageComesFromTheFileName) {
  EXPECT_EQ(*HurtLexLanguage("/data/hurtlex_EN.tsv"), "en");
  EXPECT_EQ(*HurtLexLanguage("hurtlex_PT.tsv"), "pt");
  EXPECT_EQ(*HurtLexLanguage("hurtlex_SIMPLE.tsv"), "en");
  EXPECT_FALSE(HurtLexLanguage("hurtlex_QQ.tsv").ok());
  EXPECT_FALSE(HurtLexLanguage("lexicon.tsv").ok());
}

TEST_F(HurtLexTest, SimpleEnglishMarkerIsStripped) {
  HurtLexImport imp = Parse("SIMPLE1\tn\tcds\tno\tbuffoon simple\tconservative\n", false, "hurtlex_SIMPLE.tsv", "en");
  ASSERT_EQ(imp.entries.size(), 1u);
  EXPECT_EQ(imp.entries[0].terms[0], "buffoon");
  EXPECT_EQ(imp.entries[0].id, "en.hurtlex.simple1.cds");
}

// HurtLex marks optional parts with '|' ("|se| zbârci"); in Vigil's format '{', '}' and '|' are
// term-template syntax, so they are written as spaces, and a lemma of nothing else is a bad row.
TEST_F(HurtLexTest, TemplateCharactersInALemmaBecomeSpaces) {
  HurtLexImport imp = Parse("RO1\tv\tcds\tno\t|se| zbârci\tconservative\nRO2\tn\tcds\tno\t{|}\tconservative\n", false,
                            "hurtlex_RO.tsv", "ro");
  ASSERT_EQ(imp.entries.size(), 1u);
  EXPECT_EQ(imp.entries[0].terms[0], "se zbârci");
  ASSERT_EQ(imp.errors.size(), 1u);
  EXPECT_EQ(imp.errors[0].line, 3);
  EXPECT_NE(imp.errors[0].message.find("template characters"), std::string::npos);
}

TEST_F(HurtLexTest, UnreadableOrMisnamedFilesAreErrorsAndOthersStillImport) {
  TempDir dir;
  const std::string good = dir.Write("hurtlex_FR.tsv", std::string(kHeader) + "FR1\tn\tan\tno\tvermine\tconservative\n");
  const std::string misnamed = dir.Write("french.tsv", std::string(kHeader));
  HurtLexImport imp = ImportHurtLexFiles({misnamed, dir / "hurtlex_DE.tsv", good}, {}, normaliser_.get());
  EXPECT_EQ(imp.entries.size(), 1u);
  EXPECT_EQ(imp.errors.size(), 2u);
  EXPECT_EQ(imp.files.size(), 1u);
}

TEST_F(HurtLexTest, WrittenYamlPassesCheckAndKeepsEveryEntry) {
  TempDir dir;
  const std::string tsv = std::string(kHeader) +
                          "EN1\tn\tps\tyes\tgrobblers\tconservative\n"
                          "EN2\tn\tom\tyes\tthe \"q\" word\tconservative\n"   // quotes survive YAML
                          "EN3\tn\tan\tno\tback\\slash: yes # no\tconservative\n";
  const std::string en = dir.Write("in/hurtlex_EN.tsv", tsv);
  const std::string fr = dir.Write("in/hurtlex_FR.tsv", std::string(kHeader) + "FR1\tn\tan\tno\tvermine\tconservative\n");
  HurtLexImport imp = ImportHurtLexFiles({en, fr}, {}, normaliser_.get());
  ASSERT_TRUE(imp.errors.empty());
  std::vector<std::string> written;
  ASSERT_TRUE(WriteHurtLexYaml(imp, dir / "out", &written).ok());
  ASSERT_EQ(written.size(), 2u);
  EXPECT_TRUE(std::filesystem::exists(dir / "out/en/hurtlex.yaml"));
  EXPECT_TRUE(std::filesystem::exists(dir / "out/fr/hurtlex.yaml"));
  LexiconBuild b = BuildLexicon({dir / "out"}, normaliser_.get(), {});
  for (const auto& e : b.errors) ADD_FAILURE() << e.ToString();
  ASSERT_NE(b.lexicon, nullptr);
  ASSERT_EQ(b.entries, 4u);
  std::vector<std::string> terms;
  for (const Entry& e : b.lexicon->entries()) terms.push_back(e.terms[0]);
  EXPECT_NE(std::find(terms.begin(), terms.end(), "the \"q\" word"), terms.end());
  EXPECT_NE(std::find(terms.begin(), terms.end(), "back\\slash: yes # no"), terms.end());
  for (const Entry& e : b.lexicon->entries()) {
    if (e.id == "en.hurtlex.en2.om") {
      EXPECT_EQ(e.target, "gay_people");
    }
  }
}

TEST_F(HurtLexTest, WriteFailsWhenOutputIsAFile) {
  TempDir dir;
  const std::string blocker = dir.Write("out", "a file, not a folder");
  HurtLexImport imp = Parse("EN1\tn\tps\tyes\tgrobblers\tconservative\n");
  std::vector<std::string> written;
  Status st = WriteHurtLexYaml(imp, blocker, &written);
  EXPECT_FALSE(st.ok());
  EXPECT_TRUE(written.empty());
}

// The real data set, when it is next to the repository: one language end to end.
TEST_F(HurtLexTest, RealHurtLexEnglishImportsAndChecks) {
  const std::string file = std::string(VIGIL_SOURCE_DIR) + "/../shared/data/hurtlex/hurtlex_EN.tsv";
  if (!std::filesystem::exists(file)) GTEST_SKIP() << "HurtLex not found at " << file;
  TempDir dir;
  HurtLexImport imp = ImportHurtLexFiles({file}, {}, normaliser_.get());
  EXPECT_GT(imp.entries.size(), 2000u);
  EXPECT_LT(imp.errors.size(), 10u);
  ASSERT_TRUE(WriteHurtLexYaml(imp, dir.path(), nullptr).ok());
  LexiconBuild b = BuildLexicon({dir.path()}, normaliser_.get(), {});
  for (const auto& e : b.errors) ADD_FAILURE() << e.ToString();
  EXPECT_EQ(b.entries, imp.entries.size());
}

}  // namespace
}  // namespace vigil
