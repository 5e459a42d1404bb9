// HunspellWords: dictionaries found by language, words in their own encoding.
#include "pipeline/hunspell_words.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace vigil {
namespace {

class HunspellWordsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("vigil-hunspell-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
    Write("en_US", "SET UTF-8\n", "2\ntherapist\nsigns\n");
    // Polish in ISO8859-2, as Debian's pl_PL is: "źle" is 0xBC 'l' 'e'.
    Write("pl_PL", "SET ISO8859-2\n", std::string("2\n\xBC" "le\ndom\n"));
    Write("sr_RS", "SET UTF-8\n", "1\nзло\n");
    Write("sr_Latn_RS", "SET UTF-8\n", "1\nzlo\n");
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  void Write(const std::string& name, const std::string& aff, const std::string& dic) {
    std::ofstream(dir_ / (name + ".aff")) << aff;
    std::ofstream(dir_ / (name + ".dic")) << dic;
  }
  std::filesystem::path dir_;
};

TEST_F(HunspellWordsTest, KnowsTheWordsOfTheLanguagesItHasDictionariesFor) {
  auto words = HunspellWords::Open(dir_.string());
  ASSERT_NE(words, nullptr);
  EXPECT_TRUE(words->Covers("en"));
  EXPECT_FALSE(words->Covers("fr"));
  EXPECT_TRUE(words->Knows("en", "therapist"));
  EXPECT_TRUE(words->Knows("en", "Therapist"));  // capitalised at a sentence start
  EXPECT_FALSE(words->Knows("en", "haet"));
  EXPECT_FALSE(words->Knows("fr", "therapist"));
  EXPECT_EQ(words->Files("en"), std::vector<std::string>{"en_US"});
}

TEST_F(HunspellWordsTest, WordsAreConvertedToTheDictionarysEncoding) {
  auto words = HunspellWords::Open(dir_.string());
  ASSERT_NE(words, nullptr);
  EXPECT_TRUE(words->Knows("pl", "źle"));    // UTF-8 in, ISO8859-2 in the dictionary
  EXPECT_FALSE(words->Knows("pl", "źlx"));
  EXPECT_TRUE(words->Knows("pl", "日本"));    // a letter ISO8859-2 cannot hold: never corrected
}

TEST_F(HunspellWordsTest, ALatinScriptVariantIsReadBesideTheCyrillicOne) {
  auto words = HunspellWords::Open(dir_.string());
  ASSERT_NE(words, nullptr);
  EXPECT_EQ(words->Files("sr"), (std::vector<std::string>{"sr_RS", "sr_Latn_RS"}));
  EXPECT_TRUE(words->Knows("sr", "зло"));
  EXPECT_TRUE(words->Knows("sr", "zlo"));
}

TEST_F(HunspellWordsTest, NoDirectoryOrNoDictionaryIsNoWordList) {
  EXPECT_EQ(HunspellWords::Open(""), nullptr);
  EXPECT_EQ(HunspellWords::Open((dir_ / "missing").string()), nullptr);
  const auto empty = dir_ / "empty";
  std::filesystem::create_directories(empty);
  EXPECT_EQ(HunspellWords::Open(empty.string()), nullptr);
}

}  // namespace
}  // namespace vigil
