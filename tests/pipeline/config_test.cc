#include "pipeline/config.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace vigil {
namespace {

std::string ReadExample() {
  std::ifstream in(std::string(VIGIL_SOURCE_DIR) + "/deploy/config/vigil.example.yaml");
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(Config, TheExampleFileParsesToTheDefaults) {
  const std::string text = ReadExample();
  ASSERT_FALSE(text.empty());
  auto c = ParseConfig(text, {});
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  const Config defaults = *ParseConfig("", {});
  EXPECT_EQ(c->pipeline.workers, defaults.pipeline.workers);
  EXPECT_EQ(c->pipeline.guess_language, defaults.pipeline.guess_language);
  EXPECT_TRUE(c->pipeline.guess_language);
}

TEST(Config, GuessLanguageCanBeTurnedOffInTheFileOrTheEnvironment) {
  auto file = ParseConfig("pipeline:\n  guess_language: false\n", {});
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  EXPECT_FALSE(file->pipeline.guess_language);
  auto env = ParseConfig("", {{"VIGIL_PIPELINE_GUESS_LANGUAGE", "false"}});
  ASSERT_TRUE(env.ok()) << env.status().ToString();
  EXPECT_FALSE(env->pipeline.guess_language);
  // The environment overrides the file.
  auto both = ParseConfig("pipeline:\n  guess_language: false\n", {{"VIGIL_PIPELINE_GUESS_LANGUAGE", "1"}});
  ASSERT_TRUE(both.ok());
  EXPECT_TRUE(both->pipeline.guess_language);
}

TEST(Config, SpellingDictionariesDefaultToDebiansAndCanBeTurnedOff) {
  auto defaults = ParseConfig("", {});
  ASSERT_TRUE(defaults.ok());
  EXPECT_EQ(defaults->pipeline.spelling_dictionaries, "/usr/share/hunspell");
  auto file = ParseConfig("pipeline:\n  spelling_dictionaries: /opt/dicts\n", {});
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  EXPECT_EQ(file->pipeline.spelling_dictionaries, "/opt/dicts");
  auto off = ParseConfig("pipeline:\n  spelling_dictionaries: \"\"\n", {});
  ASSERT_TRUE(off.ok());
  EXPECT_EQ(off->pipeline.spelling_dictionaries, "");
  auto env = ParseConfig("pipeline:\n  spelling_dictionaries: /opt/dicts\n", {{"VIGIL_PIPELINE_SPELLING_DICTIONARIES", ""}});
  ASSERT_TRUE(env.ok());
  EXPECT_EQ(env->pipeline.spelling_dictionaries, "");
}

TEST(Config, ABadGuessLanguageValueIsAnErrorNamingTheSetting) {
  auto env = ParseConfig("", {{"VIGIL_PIPELINE_GUESS_LANGUAGE", "maybe"}});
  ASSERT_FALSE(env.ok());
  EXPECT_NE(env.status().message().find("VIGIL_PIPELINE_GUESS_LANGUAGE"), std::string::npos) << env.status().message();
  auto file = ParseConfig("pipeline:\n  guess_language: maybe\n", {});
  ASSERT_FALSE(file.ok());
  EXPECT_NE(file.status().message().find("line 2"), std::string::npos) << file.status().message();
}

}  // namespace
}  // namespace vigil
