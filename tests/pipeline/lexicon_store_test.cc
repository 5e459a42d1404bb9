// Hot reload: LexiconStore swaps compiled lexicons atomically, keeps the old one when a reload
// fails, and reloads on request or when a lexicon file changes.
#include "pipeline/lexicon_store.h"

#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <set>
#include <thread>

#include "classifiers/normaliser.h"
#include "lexicon_test_util.h"

namespace vigil {
namespace {

using namespace std::chrono_literals;
using testing::Entry;
using testing::TempDir;

// Version `v` of a small lexicon: two entries whose ids carry the version.
std::string Lexicon(int v, const std::string& extra_term = "") {
  return "language: en\nentries:\n" + Entry("en.v" + std::to_string(v) + ".a", "dehumanisation", "[alpha]") +
         Entry("en.v" + std::to_string(v) + ".b", "contempt", "[beta" + (extra_term.empty() ? "" : ", " + extra_term) + "]");
}
const std::string kBroken = "language: en\nentries:\n" + Entry("en.broken", "not_an_indicator", "[alpha]");

// Records callback events; lets a test wait for the n-th one.
class Events {
 public:
  LexiconStore::Callback Callback() {
    return [this](const LexiconReloadEvent& ev) {
      std::lock_guard<std::mutex> l(mu_);
      events_.push_back(ev);
      cv_.notify_all();
    };
  }
  bool WaitFor(size_t n, std::chrono::milliseconds timeout = 10s) {
    std::unique_lock<std::mutex> l(mu_);
    return cv_.wait_for(l, timeout, [&] { return events_.size() >= n; });
  }
  LexiconReloadEvent At(size_t i) {
    std::lock_guard<std::mutex> l(mu_);
    return events_.at(i);
  }
  size_t size() {
    std::lock_guard<std::mutex> l(mu_);
    return events_.size();
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<LexiconReloadEvent> events_;
};

class LexiconStoreTest : public ::testing::Test {
 protected:
  std::unique_ptr<LexiconStore> Make(std::chrono::milliseconds poll = 0ms) {
    LexiconStore::Options o;
    o.paths = {dir_.path()};
    o.poll_interval = poll;
    auto s = LexiconStore::Create(o, events_.Callback());
    EXPECT_TRUE(s.ok()) << s.status().ToString();
    return s.ok() ? std::move(*s) : nullptr;
  }
  static std::string FirstId(const LexiconStore& s) { return s.Snapshot()->entries().front().id; }

  TempDir dir_;
  Events events_;
};

TEST_F(LexiconStoreTest, InitialLoadIsServedAndReported) {
  dir_.Write("en/a.yaml", Lexicon(1));
  auto store = Make();
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(FirstId(*store), "en.v1.a");
  ASSERT_EQ(events_.size(), 1u);
  EXPECT_TRUE(events_.At(0).success);
  EXPECT_EQ(events_.At(0).trigger, ReloadTrigger::kInitial);
  EXPECT_EQ(events_.At(0).lexicon, store->Snapshot());
  EXPECT_GT(events_.At(0).unix_seconds, 1.6e9);
}

TEST_F(LexiconStoreTest, CreateFailsWhenTheInitialLoadFails) {
  dir_.Write("en/a.yaml", kBroken);
  LexiconStore::Options o;
  o.paths = {dir_.path()};
  auto store = LexiconStore::Create(o, events_.Callback());
  ASSERT_FALSE(store.ok());
  EXPECT_NE(store.status().message().find("unknown indicator"), std::string::npos) << store.status().message();
  EXPECT_NE(store.status().message().find("no lexicon loaded"), std::string::npos);
  ASSERT_EQ(events_.size(), 1u);
  EXPECT_FALSE(events_.At(0).success);
  EXPECT_EQ(events_.At(0).lexicon, nullptr);
}

TEST_F(LexiconStoreTest, CreateRejectsNoPaths) {
  auto store = LexiconStore::Create({}, nullptr);
  EXPECT_FALSE(store.ok());
}

TEST_F(LexiconStoreTest, ReloadSwapsToTheNewVersion) {
  dir_.Write("en/a.yaml", Lexicon(1));
  auto store = Make();
  auto old = store->Snapshot();
  dir_.Write("en/a.yaml", Lexicon(2));
  ASSERT_TRUE(store->Reload().ok());
  EXPECT_EQ(FirstId(*store), "en.v2.a");
  EXPECT_NE(store->Snapshot()->version(), old->version());
  EXPECT_EQ(old->entries().front().id, "en.v1.a");  // a held snapshot stays valid and unchanged
  EXPECT_EQ(store->reloads_ok(), 2u);
}

TEST_F(LexiconStoreTest, FailingReloadKeepsTheOldVersionAndReportsWhy) {
  dir_.Write("en/a.yaml", Lexicon(1));
  auto store = Make();
  const std::string version = store->Snapshot()->version();
  dir_.Write("en/a.yaml", kBroken);
  Status st = store->Reload();
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.message().find("keeping version " + version), std::string::npos) << st.message();
  EXPECT_EQ(store->Snapshot()->version(), version);
  EXPECT_EQ(FirstId(*store), "en.v1.a");
  ASSERT_EQ(events_.size(), 2u);
  const LexiconReloadEvent ev = events_.At(1);
  EXPECT_FALSE(ev.success);
  ASSERT_FALSE(ev.errors.empty());
  EXPECT_NE(ev.errors[0].file.find("a.yaml"), std::string::npos);
  EXPECT_EQ(ev.errors[0].entry_id, "en.broken");
  EXPECT_EQ(ev.lexicon->version(), version);  // the lexicon still in use
  EXPECT_EQ(store->reloads_failed(), 1u);
}

TEST_F(LexiconStoreTest, CompileErrorAlsoKeepsTheOldVersion) {
  dir_.Write("en/a.yaml", Lexicon(1));
  auto store = Make();
  dir_.Write("en/a.yaml", Lexicon(2, "'?\?\?'"));  // parses, but normalises to nothing
  EXPECT_FALSE(store->Reload().ok());
  EXPECT_EQ(FirstId(*store), "en.v1.a");
}

TEST_F(LexiconStoreTest, PollOnceDoesNothingWhenNothingChanged) {
  dir_.Write("en/a.yaml", Lexicon(1));
  auto store = Make();
  EXPECT_FALSE(store->PollOnce());
  EXPECT_EQ(events_.size(), 1u);
}

TEST_F(LexiconStoreTest, PollOnceReloadsWhenAFileChanges) {
  dir_.Write("en/a.yaml", Lexicon(1));
  auto store = Make();
  dir_.Write("en/a.yaml", Lexicon(2, "gamma"));  // a different size, whatever the mtime resolution
  EXPECT_TRUE(store->PollOnce());
  EXPECT_EQ(FirstId(*store), "en.v2.a");
  EXPECT_EQ(events_.At(1).trigger, ReloadTrigger::kFileChange);
  EXPECT_FALSE(store->PollOnce());
}

TEST_F(LexiconStoreTest, PollOnceReloadsWhenAFileIsAddedOrRemoved) {
  dir_.Write("en/a.yaml", Lexicon(1));
  auto store = Make();
  dir_.Write("fr/b.yaml", "language: fr\nentries:\n" + Entry("fr.x", "contempt", "[ordure]"));
  EXPECT_TRUE(store->PollOnce());
  EXPECT_EQ(store->Snapshot()->entries().size(), 3u);
  std::filesystem::remove(dir_ / "fr/b.yaml");
  EXPECT_TRUE(store->PollOnce());
  EXPECT_EQ(store->Snapshot()->entries().size(), 2u);
}

TEST_F(LexiconStoreTest, BrokenFileIsReportedOnceNotOnEveryPoll) {
  dir_.Write("en/a.yaml", Lexicon(1));
  auto store = Make();
  dir_.Write("en/a.yaml", kBroken);
  EXPECT_TRUE(store->PollOnce());
  EXPECT_FALSE(store->PollOnce());
  EXPECT_EQ(store->reloads_failed(), 1u);
  dir_.Write("en/a.yaml", Lexicon(3));  // fixed: picked up
  EXPECT_TRUE(store->PollOnce());
  EXPECT_EQ(FirstId(*store), "en.v3.a");
}

TEST_F(LexiconStoreTest, RequestReloadIsServedByTheNextPoll) {
  dir_.Write("en/a.yaml", Lexicon(1));
  auto store = Make();
  store->RequestReload();
  EXPECT_TRUE(store->PollOnce());
  EXPECT_EQ(events_.At(1).trigger, ReloadTrigger::kRequest);
  EXPECT_FALSE(store->PollOnce());
}

TEST_F(LexiconStoreTest, WatcherPicksUpAFileChange) {
  dir_.Write("en/a.yaml", Lexicon(1));
  auto store = Make(20ms);
  store->StartWatching();
  dir_.Write("en/a.yaml", Lexicon(2, "gamma"));
  ASSERT_TRUE(events_.WaitFor(2)) << "no reload within 10 s";
  EXPECT_TRUE(events_.At(1).success);
  EXPECT_EQ(events_.At(1).trigger, ReloadTrigger::kFileChange);
  EXPECT_EQ(FirstId(*store), "en.v2.a");
  store->Stop();
  store->Stop();  // idempotent
}

TEST_F(LexiconStoreTest, WatcherServesRequestsWithoutAFileWatch) {
  dir_.Write("en/a.yaml", Lexicon(1));
  auto store = Make(0ms);
  store->StartWatching();
  dir_.Write("en/a.yaml", Lexicon(2));
  store->RequestReload();  // what the SIGHUP handler calls
  ASSERT_TRUE(events_.WaitFor(2)) << "request not served within 10 s";
  EXPECT_EQ(events_.At(1).trigger, ReloadTrigger::kRequest);
  EXPECT_EQ(FirstId(*store), "en.v2.a");
}

TEST_F(LexiconStoreTest, DestructorStopsTheWatcher) {
  dir_.Write("en/a.yaml", Lexicon(1));
  auto store = Make(10ms);
  store->StartWatching();
  std::this_thread::sleep_for(30ms);
  store.reset();  // joins; must not hang or crash
  SUCCEED();
}

// Matching threads take one snapshot per message while another thread reloads over and over:
// every message's matches come from one version, and the matchers see the versions advance.
TEST_F(LexiconStoreTest, SwapUnderConcurrentMatchingNeverHalfMatchesAMessage) {
  dir_.Write("en/a.yaml", Lexicon(0));
  auto store = Make();
  std::atomic<bool> done{false};
  std::atomic<int> inconsistent{0};
  std::atomic<long> messages{0};
  std::mutex seen_mu;
  std::set<std::string> versions_seen;
  auto worker = [&] {
    auto n = Normaliser::Create({});
    ASSERT_TRUE(n.ok());
    NormalisedText nt;
    (*n)->Normalise("alpha and beta", "en", &nt);
    std::vector<Match> matches;
    std::set<std::string> local;
    while (!done.load()) {
      std::shared_ptr<const CompiledLexicon> lex = store->Snapshot();
      lex->Match(nt, &matches);
      if (matches.size() != 2) {
        ++inconsistent;
        continue;
      }
      // Both ids carry the version: "en.v<k>.a" and "en.v<k>.b".
      const std::string a = lex->entry(matches[0].entry).id, b = lex->entry(matches[1].entry).id;
      if (a.substr(0, a.size() - 2) != b.substr(0, b.size() - 2)) ++inconsistent;
      local.insert(a.substr(0, a.size() - 2));
      ++messages;
    }
    std::lock_guard<std::mutex> l(seen_mu);
    versions_seen.insert(local.begin(), local.end());
  };
  std::vector<std::thread> threads;
  for (int t = 0; t < 3; ++t) threads.emplace_back(worker);
  for (int v = 1; v <= 15; ++v) {
    dir_.Write("en/a.yaml", Lexicon(v));
    ASSERT_TRUE(store->Reload().ok());
    std::this_thread::sleep_for(2ms);
  }
  done = true;
  for (auto& t : threads) t.join();
  EXPECT_EQ(inconsistent.load(), 0);
  EXPECT_GT(messages.load(), 100);
  EXPECT_GT(versions_seen.size(), 3u) << "matching threads should observe several versions";
  EXPECT_EQ(FirstId(*store), "en.v15.a");
}

}  // namespace
}  // namespace vigil
