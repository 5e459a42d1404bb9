// offset_tracker.h: which input offset of one partition may be committed, given that messages
// finish (their outputs are acknowledged) in any order.
//
//   OffsetTracker t;
//   t.Track(Offset(10)); t.Track(Offset(11)); t.Track(Offset(12));   // in consumption order
//   t.Complete(Offset(11));          // -> false: 10 is still open, nothing to commit yet
//   t.Complete(Offset(10));          // -> true:  Committable() == Offset(12) (10 and 11 done)
//
// Kafka commits "the next offset to read", so Committable() is one past the highest offset whose
// every tracked predecessor has completed. A later offset is never committable while an earlier one
// is open, which is what makes at-least-once hold when delivery reports arrive out of order.
// Offsets need not be contiguous (compacted topics, transaction markers): only tracked offsets count.
//
// Not thread-safe: the owner serialises calls (the runner keeps one tracker per assigned partition
// under that partition's mutex). Memory: one small entry per open offset, released as the
// committable point advances.
#pragma once

#include <compare>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>

namespace vigil {

// A Kafka offset within one partition (strong type: not a count, not a partition number).
class Offset {
 public:
  constexpr explicit Offset(int64_t value) : value_(value) {}
  constexpr int64_t value() const { return value_; }
  constexpr auto operator<=>(const Offset&) const = default;

 private:
  int64_t value_;
};

// A partition number (strong type).
class Partition {
 public:
  constexpr explicit Partition(int32_t value) : value_(value) {}
  constexpr int32_t value() const { return value_; }
  constexpr auto operator<=>(const Partition&) const = default;

 private:
  int32_t value_;
};

class OffsetTracker {
 public:
  enum class TrackResult { kTracked, kNotIncreasing };
  enum class CompleteResult {
    kAdvanced,   // the committable offset moved forward
    kPending,    // recorded, but an earlier offset is still open
    kUnknown,    // never tracked, or already completed (a duplicate report): ignored
  };

  // Registers a consumed offset. Offsets must strictly increase; a smaller or equal one is refused
  // (kNotIncreasing) and not tracked: a consumer that rewinds must Reset() first.
  TrackResult Track(Offset offset);

  // Marks `offset` finished.
  CompleteResult Complete(Offset offset);

  // The offset to commit (one past the completed prefix), or nullopt when nothing completed yet.
  std::optional<Offset> Committable() const { return committable_; }

  // Offsets tracked and not completed.
  size_t open() const { return open_; }
  // Entries held (open ones, plus completed ones waiting behind an open one).
  size_t held() const { return entries_.size(); }
  // The lowest open offset, if any.
  std::optional<Offset> OldestOpen() const;

  // Forgets everything (partition revoked or rewound). Committable() becomes nullopt.
  void Reset();

 private:
  struct Entry {
    int64_t offset;
    bool done;
  };
  std::deque<Entry> entries_;  // tracked offsets in increasing order, from the oldest unfinished
  size_t open_ = 0;
  std::optional<Offset> committable_;
  std::optional<int64_t> last_tracked_;
};

}  // namespace vigil
