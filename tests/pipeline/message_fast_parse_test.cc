// ParseMessage reads the common case straight from the bytes and hands the rest to a JSON document
// parser. These tests hold the two paths to the same result, field by field and error by error, on
// the corpora, on hand-written edge cases and on many mutated messages.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "classifiers/message.h"

namespace vigil {
namespace {

std::string Describe(const ParsedMessage& p) {
  const Message& m = p.message;
  std::string s = "reason=" + std::string(RejectReasonName(p.reason)) + " detail=" + p.detail;
  if (!p.ok()) return s;
  s += " v=" + std::to_string(m.schema_version) + " id=" + m.id + " text=" + m.text + " lang=" + m.lang +
       " ts=" + m.timestamp + " region=" + m.region + " src=" + std::to_string(m.has_source) + "/" + m.source.platform +
       "/" + m.source.channel + "/" + m.source.url + " author=" + std::to_string(m.has_author) + "/" + m.author.id +
       "/" + m.author.handle + "/" + m.author.role + "/" + std::to_string(m.author.followers) + "/" +
       (m.author.verified ? (*m.author.verified ? "true" : "false") : "unset") + " views=" + std::to_string(m.views) +
       " shares=" + std::to_string(m.shares) + " reply_to=" + m.reply_to + " quote_of=" + m.quote_of;
  return s;
}

void ExpectSameAsDocumentModel(const std::string& json) {
  EXPECT_EQ(Describe(ParseMessage(json, {})), Describe(ParseMessageWithDocumentModel(json, {}))) << "input: " << json;
}

std::vector<std::string> CorpusLines() {
  std::vector<std::string> lines;
  for (const char* dir : {"/deploy/sample", "/tests/data"}) {
    const std::filesystem::path root = std::string(VIGIL_SOURCE_DIR) + dir;
    if (!std::filesystem::exists(root)) continue;
    for (const auto& e : std::filesystem::recursive_directory_iterator(root)) {
      if (!e.is_regular_file() || e.path().extension() != ".jsonl") continue;
      std::ifstream in(e.path());
      for (std::string line; std::getline(in, line);) {
        if (!line.empty()) lines.push_back(line);
      }
    }
  }
  return lines;
}

TEST(MessageFastParse, CorpusMessagesParseAsWithTheDocumentModel) {
  const auto lines = CorpusLines();
  ASSERT_GT(lines.size(), 100u);
  for (const auto& line : lines) ExpectSameAsDocumentModel(line);
}

TEST(MessageFastParse, EdgeCasesParseAsWithTheDocumentModel) {
  const std::vector<std::string> cases = {
      R"({"text":"a"})",
      R"(  {"text" : "a" }  )",
      "\t{\"text\":\"a\"}\r\n",
      R"({"text":"esc \" \\ \/ \b \f \n \r \t \u00e9 \u20AC \ud83d\ude00 \u0000 end"})",
      R"({"text":"lone \ud83d surrogate"})",
      R"({"text":"lone \ude00 low"})",
      R"({"text":"bad \x escape"})",
      R"({"text":"bad \u12g4 hex"})",
      "{\"text\":\"raw\ttab\"}",
      R"({"t\u0065xt":"escaped key"})",
      R"({"text":"a","text":"b"})",
      R"({"text":"a","id":"1","id":"2"})",
      R"({"text":"a","id":12345})",
      R"({"text":"a","id":-7})",
      R"({"text":"a","id":-0})",
      R"({"text":"a","id":1.5})",
      R"({"text":"a","id":1e3})",
      R"({"text":"a","id":123456789012345678901234567890})",
      R"({"text":"a","id":null,"lang":true,"region":{"x":1},"timestamp":[1,2]})",
      R"({"text":"a","schema_version":2})",
      R"({"text":"a","schema_version":2.0})",
      R"({"text":"a","schema_version":"2"})",
      R"({"text":"a","schema_version":99999999999})",
      R"({"text":"a","source":"x"})",
      R"({"text":"a","source":{}})",
      R"({"text":"a","source":{"platform":"p","platform":"q"}})",
      R"({"text":"a","source":{"platform":7,"channel":null,"extra":[{"deep":[1,2,{"x":"y"}]}]}})",
      R"({"text":"a","author":{"followers":-3,"verified":false}})",
      R"({"text":"a","author":{"followers":1.9,"verified":"yes"}})",
      R"({"text":"a","author":{"followers":"12","verified":null}})",
      R"({"text":"a","author":[]})",
      R"({"text":"a","reach":{"views":10,"shares":2.5}})",
      R"({"text":"a","reach":{"views":10,"views":11}})",
      R"({"text":"a","reach":null})",
      R"({"text":"a","lang":"PT_br","region":"ke-01"})",
      R"({"text":"a","unknown":[true,false,null,-1.5e-3,0,"s",{}]})",
      R"({"text":"a","n":01})",
      R"({"text":"a","n":1.})",
      R"({"text":"a","n":-})",
      R"({"text":"a","n":.5})",
      R"({"text":"a","n":1e})",
      R"({"text":"a","n":tru})",
      R"({"text":"a",})",
      R"({"text":"a"} x)",
      R"({"text":"a"}{})",
      R"({"text":"a" "id":"b"})",
      R"({text:"a"})",
      R"({"text":"   "})",
      R"({"text":"\n\t"})",
      R"({"text":""})",
      R"({"text":null})",
      R"({"text":42})",
      R"({"text":["a"]})",
      R"({"id":"x"})",
      R"({})",
      R"([])",
      R"("text")",
      R"(null)",
      "\xEF\xBB\xBF{\"text\":\"bom\"}",
      R"({"text":"a","deep":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]})",
      R"({"text":"a","deep":[[[[)",
      R"({"text":"ünïcödé 漢字 🙂"})",
  };
  for (const auto& c : cases) ExpectSameAsDocumentModel(c);
}

TEST(MessageFastParse, MutatedMessagesParseAsWithTheDocumentModel) {
  auto lines = CorpusLines();
  ASSERT_FALSE(lines.empty());
  lines.resize(std::min<size_t>(lines.size(), 400));
  const std::string alphabet = "{}[]\",:\\/u0123456789.eE-+ntrfalse \t\n\x01\xC3\xA9";
  std::mt19937 rng(6);
  for (int i = 0; i < 20000; ++i) {
    std::string s = lines[rng() % lines.size()];
    const int edits = 1 + static_cast<int>(rng() % 3);
    for (int e = 0; e < edits && !s.empty(); ++e) {
      const size_t at = rng() % s.size();
      switch (rng() % 4) {
        case 0: s.erase(at, 1); break;
        case 1: s.insert(at, 1, alphabet[rng() % alphabet.size()]); break;
        case 2: s[at] = alphabet[rng() % alphabet.size()]; break;
        default: s.insert(at, s.substr(rng() % s.size(), 1 + rng() % 24)); break;
      }
    }
    ExpectSameAsDocumentModel(s);
    if (HasFailure()) return;
  }
}

}  // namespace
}  // namespace vigil
