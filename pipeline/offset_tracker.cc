#include "pipeline/offset_tracker.h"

#include <algorithm>

namespace vigil {

OffsetTracker::TrackResult OffsetTracker::Track(Offset offset) {
  if (last_tracked_ && offset.value() <= *last_tracked_) return TrackResult::kNotIncreasing;
  last_tracked_ = offset.value();
  entries_.push_back({offset.value(), false});
  ++open_;
  return TrackResult::kTracked;
}

OffsetTracker::CompleteResult OffsetTracker::Complete(Offset offset) {
  // Entries are sorted by offset: binary search, O(log n) even with many in flight.
  auto it = std::lower_bound(entries_.begin(), entries_.end(), offset.value(),
                             [](const Entry& e, int64_t o) { return e.offset < o; });
  if (it == entries_.end() || it->offset != offset.value() || it->done) return CompleteResult::kUnknown;
  it->done = true;
  --open_;
  if (it != entries_.begin()) return CompleteResult::kPending;
  // The oldest one finished: release the completed prefix.
  while (!entries_.empty() && entries_.front().done) {
    committable_ = Offset(entries_.front().offset + 1);
    entries_.pop_front();
  }
  return CompleteResult::kAdvanced;
}

std::optional<Offset> OffsetTracker::OldestOpen() const {
  if (entries_.empty()) return std::nullopt;
  return Offset(entries_.front().offset);  // the front is always open (completed prefixes are popped)
}

void OffsetTracker::Reset() {
  entries_.clear();
  open_ = 0;
  committable_.reset();
  last_tracked_.reset();
}

}  // namespace vigil
