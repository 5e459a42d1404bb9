#include "classifiers/message.h"

#include <gtest/gtest.h>

namespace vigil {
namespace {

TEST(Message, FullMessageParses) {
  ParsedMessage p = ParseMessage(
      R"({"schema_version":1,"id":"m1","text":"hello","lang":"EN-gb","region":"ke","timestamp":"2026-01-01T00:00:00Z",)"
      R"("source":{"platform":"x","channel":"@c","url":"u"},"author":{"id":"a1","handle":"@h","followers":12,"verified":true,"role":"politician"},)"
      R"("reach":{"views":5,"shares":7},"reply_to":"m0"})",
      {});
  ASSERT_TRUE(p.ok()) << p.detail;
  EXPECT_EQ(p.message.id, "m1");
  EXPECT_EQ(p.message.lang, "en");
  EXPECT_EQ(p.message.region, "KE");
  EXPECT_EQ(p.message.author.followers, 12);
  EXPECT_TRUE(p.message.author.verified.value());
  EXPECT_EQ(p.message.author.role, "politician");
  EXPECT_EQ(p.message.shares, 7);
  EXPECT_EQ(p.message.reply_to, "m0");
}

TEST(Message, MalformedJsonIsInvalidJson) {
  EXPECT_EQ(ParseMessage(R"({"text": "unterminated)", {}).reason, RejectReason::kInvalidJson);
  EXPECT_EQ(ParseMessage(R"([1,2,3])", {}).reason, RejectReason::kInvalidJson);
}

TEST(Message, MissingOrNonStringTextIsMissingText) {
  EXPECT_EQ(ParseMessage(R"({"id":"x"})", {}).reason, RejectReason::kMissingText);
  EXPECT_EQ(ParseMessage(R"({"text":42})", {}).reason, RejectReason::kMissingText);
  EXPECT_EQ(ParseMessage(R"({"text":null})", {}).reason, RejectReason::kMissingText);
}

TEST(Message, BlankTextIsEmpty) {
  EXPECT_EQ(ParseMessage(R"({"text":"   "})", {}).reason, RejectReason::kEmpty);
  EXPECT_EQ(ParseMessage("", {}).reason, RejectReason::kEmpty);
  EXPECT_EQ(ParsePlainText("  ", {}).reason, RejectReason::kEmpty);
}

TEST(Message, InvalidUtf8IsReportedWithOffset) {
  std::string bad = "{\"text\":\"ab\xC3\x28\"}";
  ParsedMessage p = ParseMessage(bad, {});
  EXPECT_EQ(p.reason, RejectReason::kInvalidUtf8);
  EXPECT_NE(p.detail.find("byte 11"), std::string::npos) << p.detail;
}

TEST(Message, OversizeIsRejectedBeforeParsing) {
  std::string huge = "{\"text\":\"" + std::string(10 << 20, 'a') + "\"}";
  EXPECT_EQ(ParseMessage(huge, {}).reason, RejectReason::kOversize);
  ParseOptions big;
  big.max_bytes = 16 << 20;
  EXPECT_TRUE(ParseMessage(huge, big).ok());
}

TEST(Utf8, RejectsOverlongsSurrogatesAndTruncation) {
  EXPECT_TRUE(IsValidUtf8("plain ascii and ünïcödé and 漢字 and 🙂"));
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));              // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));          // lone surrogate U+D800
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));      // above U+10FFFF
  EXPECT_FALSE(IsValidUtf8("abc\xE2\x82"));           // truncated
  EXPECT_EQ(FirstInvalidUtf8("abcdefghij\xFF"), 10u);
}

}  // namespace
}  // namespace vigil
