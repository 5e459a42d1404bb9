#include "classifiers/term_template.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace vigil {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

std::vector<std::string> Expand(std::string_view term, const TermSlots& slots = {}, size_t limit = 1000) {
  std::vector<std::string> out;
  std::string error;
  EXPECT_TRUE(ExpandTermTemplate(term, slots, limit, &out, &error)) << error;
  return out;
}

std::string ErrorOf(std::string_view term, const TermSlots& slots = {}, size_t limit = 1000) {
  std::vector<std::string> out = {"kept"};
  std::string error;
  EXPECT_FALSE(ExpandTermTemplate(term, slots, limit, &out, &error)) << term;
  EXPECT_THAT(out, ElementsAre("kept")) << "a failed expansion appends nothing";
  return error;
}

TEST(TermTemplate, APlainTermIsItself) {
  EXPECT_THAT(Expand("cut down the tall trees"), ElementsAre("cut down the tall trees"));
  EXPECT_FALSE(IsTermTemplate("cut down the tall trees"));
  EXPECT_TRUE(IsTermTemplate("{a|b}"));
}

TEST(TermTemplate, GroupsMultiplyInReadingOrder) {
  EXPECT_THAT(Expand("{we|they} will {burn|torch} it"),
              ElementsAre("we will burn it", "we will torch it", "they will burn it", "they will torch it"));
}

TEST(TermTemplate, AnEmptyAlternativeMakesAPartOptionalAndSpacesCollapse) {
  EXPECT_THAT(Expand("{all |}your shops"), ElementsAre("all your shops", "your shops"));
  EXPECT_THAT(Expand("burn {them |} down"), ElementsAre("burn them down", "burn down"));
  EXPECT_THAT(Expand("{|the }rats"), ElementsAre("rats", "the rats"));
}

TEST(TermTemplate, SlotsAreNamedLists) {
  const TermSlots slots = {{"place", {"shop", "mosque", "house"}}};
  EXPECT_THAT(Expand("your {$place} will burn", slots),
              ElementsAre("your shop will burn", "your mosque will burn", "your house will burn"));
  EXPECT_THAT(ErrorOf("your {$street} will burn", slots), HasSubstr("unknown slot '$street'"));
  EXPECT_THAT(ErrorOf("your {$place} will burn", {{"place", {}}}), HasSubstr("empty"));
}

TEST(TermTemplate, MalformedTemplatesAreErrorsThatSayWhere) {
  EXPECT_THAT(ErrorOf("{we|they will burn it"), HasSubstr("unbalanced '{'"));
  EXPECT_THAT(ErrorOf("we} will"), HasSubstr("'}' outside"));
  EXPECT_THAT(ErrorOf("we | they"), HasSubstr("'|' outside"));
  EXPECT_THAT(ErrorOf("{a|{b|c}}"), HasSubstr("nested"));
  EXPECT_THAT(ErrorOf("{only}"), HasSubstr("no choice"));
}

TEST(TermTemplate, TheLimitCountsTermsAlreadyThere) {
  EXPECT_THAT(ErrorOf("{a|b|c} {d|e|f} {g|h|i}", {}, 26), HasSubstr("more than 26"));
  std::vector<std::string> out(20, "x");
  std::string error;
  EXPECT_FALSE(ExpandTermTemplate("{a|b} {c|d}", {}, 23, &out, &error));
  EXPECT_EQ(out.size(), 20u);
  EXPECT_TRUE(ExpandTermTemplate("{a|b} {c|d}", {}, 24, &out, &error)) << error;
  EXPECT_EQ(out.size(), 24u);
  // A product too big for size_t is refused, not wrapped round.
  std::string huge;
  for (int i = 0; i < 40; ++i) huge += "{a|b|c|d|e|f|g|h} ";
  EXPECT_THAT(ErrorOf(huge), HasSubstr("more than 1000"));
}

TEST(TermTemplate, SlotNames) {
  EXPECT_TRUE(ValidSlotName("place_2"));
  EXPECT_FALSE(ValidSlotName("Place"));
  EXPECT_FALSE(ValidSlotName(""));
  EXPECT_FALSE(ValidSlotName("a b"));
}

}  // namespace
}  // namespace vigil
