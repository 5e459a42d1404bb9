#include "pipeline/offset_tracker.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>
#include <random>
#include <vector>

namespace vigil {
namespace {

using CR = OffsetTracker::CompleteResult;

TEST(OffsetTracker, NothingCommittableBeforeAnyCompletion) {
  OffsetTracker t;
  EXPECT_FALSE(t.Committable().has_value());
  t.Track(Offset(5));
  EXPECT_FALSE(t.Committable().has_value());
  EXPECT_EQ(t.open(), 1u);
  EXPECT_EQ(t.OldestOpen(), Offset(5));
}

TEST(OffsetTracker, InOrderCompletionCommitsOnePastEach) {
  OffsetTracker t;
  for (int64_t o = 0; o < 3; ++o) t.Track(Offset(o));
  EXPECT_EQ(t.Complete(Offset(0)), CR::kAdvanced);
  EXPECT_EQ(t.Committable(), Offset(1));
  EXPECT_EQ(t.Complete(Offset(1)), CR::kAdvanced);
  EXPECT_EQ(t.Committable(), Offset(2));
  EXPECT_EQ(t.Complete(Offset(2)), CR::kAdvanced);
  EXPECT_EQ(t.Committable(), Offset(3));
  EXPECT_EQ(t.open(), 0u);
  EXPECT_EQ(t.held(), 0u);
  EXPECT_FALSE(t.OldestOpen().has_value());
}

TEST(OffsetTracker, LaterCompletionNeverCommitsPastAnOpenEarlierOffset) {
  OffsetTracker t;
  for (int64_t o = 10; o < 15; ++o) t.Track(Offset(o));
  EXPECT_EQ(t.Complete(Offset(14)), CR::kPending);
  EXPECT_EQ(t.Complete(Offset(12)), CR::kPending);
  EXPECT_EQ(t.Complete(Offset(11)), CR::kPending);
  EXPECT_FALSE(t.Committable().has_value());
  EXPECT_EQ(t.OldestOpen(), Offset(10));
  EXPECT_EQ(t.Complete(Offset(10)), CR::kAdvanced);
  EXPECT_EQ(t.Committable(), Offset(13));  // 10, 11, 12 done; 13 open
  EXPECT_EQ(t.OldestOpen(), Offset(13));
  EXPECT_EQ(t.Complete(Offset(13)), CR::kAdvanced);
  EXPECT_EQ(t.Committable(), Offset(15));  // 14 was already done
  EXPECT_EQ(t.held(), 0u);
}

TEST(OffsetTracker, CommittableStaysAtLastValueWhenNewOffsetsAreOpen) {
  OffsetTracker t;
  t.Track(Offset(0));
  t.Complete(Offset(0));
  t.Track(Offset(1));
  t.Track(Offset(2));
  EXPECT_EQ(t.Complete(Offset(2)), CR::kPending);
  EXPECT_EQ(t.Committable(), Offset(1));
}

TEST(OffsetTracker, GapsInOffsetsAreSkipped) {
  // Compacted topics and transaction markers leave holes: only tracked offsets matter.
  OffsetTracker t;
  t.Track(Offset(3));
  t.Track(Offset(7));
  t.Track(Offset(20));
  t.Complete(Offset(7));
  EXPECT_FALSE(t.Committable().has_value());
  t.Complete(Offset(3));
  EXPECT_EQ(t.Committable(), Offset(8));
  t.Complete(Offset(20));
  EXPECT_EQ(t.Committable(), Offset(21));
}

TEST(OffsetTracker, DuplicateCompletionIsIgnored) {
  OffsetTracker t;
  t.Track(Offset(0));
  t.Track(Offset(1));
  EXPECT_EQ(t.Complete(Offset(1)), CR::kPending);
  EXPECT_EQ(t.Complete(Offset(1)), CR::kUnknown);
  EXPECT_EQ(t.open(), 1u);
  EXPECT_EQ(t.Complete(Offset(0)), CR::kAdvanced);
  EXPECT_EQ(t.Complete(Offset(0)), CR::kUnknown);  // already released
  EXPECT_EQ(t.Committable(), Offset(2));
}

TEST(OffsetTracker, UntrackedOffsetIsIgnored) {
  OffsetTracker t;
  t.Track(Offset(5));
  t.Track(Offset(9));
  EXPECT_EQ(t.Complete(Offset(7)), CR::kUnknown);
  EXPECT_EQ(t.Complete(Offset(4)), CR::kUnknown);
  EXPECT_EQ(t.Complete(Offset(100)), CR::kUnknown);
  EXPECT_EQ(t.open(), 2u);
  EXPECT_FALSE(t.Committable().has_value());
}

TEST(OffsetTracker, NonIncreasingTrackIsRefused) {
  OffsetTracker t;
  EXPECT_EQ(t.Track(Offset(5)), OffsetTracker::TrackResult::kTracked);
  EXPECT_EQ(t.Track(Offset(5)), OffsetTracker::TrackResult::kNotIncreasing);
  EXPECT_EQ(t.Track(Offset(4)), OffsetTracker::TrackResult::kNotIncreasing);
  EXPECT_EQ(t.open(), 1u);
  t.Complete(Offset(5));
  // Still refused after completion: the consumer must Reset() before rewinding.
  EXPECT_EQ(t.Track(Offset(5)), OffsetTracker::TrackResult::kNotIncreasing);
}

TEST(OffsetTracker, ResetForgetsEverythingAndAllowsRewind) {
  OffsetTracker t;
  t.Track(Offset(10));
  t.Track(Offset(11));
  t.Complete(Offset(10));
  EXPECT_EQ(t.Committable(), Offset(11));
  t.Reset();
  EXPECT_FALSE(t.Committable().has_value());
  EXPECT_EQ(t.open(), 0u);
  EXPECT_EQ(t.held(), 0u);
  // A late report for an offset of the old assignment does nothing.
  EXPECT_EQ(t.Complete(Offset(11)), CR::kUnknown);
  EXPECT_EQ(t.Track(Offset(3)), OffsetTracker::TrackResult::kTracked);
  EXPECT_EQ(t.Complete(Offset(3)), CR::kAdvanced);
  EXPECT_EQ(t.Committable(), Offset(4));
}

TEST(OffsetTracker, HeldEntriesShrinkAsThePrefixCompletes) {
  OffsetTracker t;
  for (int64_t o = 0; o < 1000; ++o) t.Track(Offset(o));
  for (int64_t o = 999; o >= 1; --o) t.Complete(Offset(o));
  EXPECT_EQ(t.held(), 1000u);  // all waiting behind offset 0
  EXPECT_EQ(t.open(), 1u);
  t.Complete(Offset(0));
  EXPECT_EQ(t.held(), 0u);
  EXPECT_EQ(t.Committable(), Offset(1000));
}

// Property test: any completion order; at every step the committable offset equals one past the
// longest completed prefix, and never moves backwards.
TEST(OffsetTracker, RandomCompletionOrderMatchesReferenceModel) {
  std::mt19937 rng(42);
  for (int round = 0; round < 200; ++round) {
    const int n = 1 + static_cast<int>(rng() % 300);
    std::vector<int64_t> offsets;
    int64_t o = static_cast<int64_t>(rng() % 1000);
    for (int i = 0; i < n; ++i) {
      offsets.push_back(o);
      o += 1 + static_cast<int64_t>(rng() % 3);  // occasional gaps
    }
    OffsetTracker t;
    // Interleave tracking and completion, like a live consumer.
    std::vector<int64_t> open;
    std::vector<bool> done(n, false);
    size_t next_track = 0;
    int64_t last_committable = -1;
    while (next_track < offsets.size() || !open.empty()) {
      const bool track = next_track < offsets.size() && (open.empty() || rng() % 2 == 0);
      if (track) {
        ASSERT_EQ(t.Track(Offset(offsets[next_track])), OffsetTracker::TrackResult::kTracked);
        open.push_back(offsets[next_track]);
        ++next_track;
      } else {
        const size_t pick = rng() % open.size();
        const int64_t off = open[pick];
        open.erase(open.begin() + static_cast<long>(pick));
        const auto idx = std::lower_bound(offsets.begin(), offsets.end(), off) - offsets.begin();
        done[static_cast<size_t>(idx)] = true;
        ASSERT_NE(t.Complete(Offset(off)), CR::kUnknown);
      }
      // Reference: the first not-done among tracked offsets.
      size_t prefix = 0;
      while (prefix < next_track && done[prefix]) ++prefix;
      if (prefix == 0) {
        ASSERT_EQ(t.Committable().has_value(), last_committable >= 0);
      } else {
        ASSERT_TRUE(t.Committable().has_value());
        ASSERT_EQ(t.Committable()->value(), offsets[prefix - 1] + 1);
        ASSERT_GE(t.Committable()->value(), last_committable);
        last_committable = t.Committable()->value();
      }
      ASSERT_EQ(t.open(), open.size());
    }
    EXPECT_EQ(t.Committable()->value(), offsets.back() + 1);
    EXPECT_EQ(t.held(), 0u);
  }
}

TEST(StrongTypes, OffsetAndPartitionCompareByValue) {
  EXPECT_LT(Offset(1), Offset(2));
  EXPECT_EQ(Offset(7), Offset(7));
  EXPECT_EQ(Partition(3).value(), 3);
  EXPECT_NE(Partition(1), Partition(2));
}

}  // namespace
}  // namespace vigil
