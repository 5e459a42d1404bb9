// lexicon_store.h: the running lexicon, and its hot reload.
//
//   LexiconStore::Options o;
//   o.paths = {"lexicons/"};
//   o.poll_interval = std::chrono::seconds(5);             // file watch; zero disables the thread
//   auto store = LexiconStore::Create(o, [&](const LexiconReloadEvent& ev) {
//     metrics.LexiconReload(ev.success);                   // vigil_lexicon_reloads_total{result}
//     if (ev.success) metrics.LexiconLoaded(*ev.lexicon, ev.unix_seconds);
//     else for (auto& e : ev.errors) log(e.ToString());
//   });
//   if (!store.ok()) ...                                   // the first load must succeed
//   (*store)->StartWatching();                             // optional: poll files, act on RequestReload()
//
//   // Worker threads, once per message:
//   std::shared_ptr<const CompiledLexicon> lex = store->Snapshot();   // never blocks on a reload
//   lex->Match(normalised, &matches);                                 // one version for the whole message
//
//   // SIGHUP handler (async-signal-safe): only sets a flag and writes one byte to a pipe.
//   store->RequestReload();
//
// Reload() loads, validates and compiles the lexicon files aside, with its own Normaliser, and swaps
// the shared pointer only when there is no error at all: a lexicon that fails `vigil lexicon check`
// never replaces a working one. Messages being matched keep the snapshot they took, so no message
// is half-matched across a swap; the old lexicon is freed when the last snapshot of it is released.
//
// The watcher thread wakes every `poll_interval` and compares the list of lexicon files and each
// file's size and modification time with what the last reload saw (a failing reload also records
// what it saw, so a broken file is reported once, not on every poll). It also wakes immediately on
// RequestReload(). Reloads are serialised; the callback runs on the thread that reloaded (the
// watcher, or the caller of Reload()) and must not call Reload() itself.
//
// Thread-safety: every method may be called from any thread; RequestReload() also from a signal
// handler. Destruction stops the watcher (joins it) first.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "classifiers/lexicon.h"
#include "classifiers/matcher.h"
#include "classifiers/status.h"

namespace vigil {

enum class ReloadTrigger : uint8_t { kInitial, kCall, kRequest, kFileChange };
std::string_view ReloadTriggerName(ReloadTrigger t);

struct LexiconReloadEvent {
  bool success = false;
  ReloadTrigger trigger = ReloadTrigger::kCall;
  std::shared_ptr<const CompiledLexicon> lexicon;  // the lexicon in use after this event
  std::vector<LexiconError> errors;                // why it failed (empty on success)
  double seconds = 0;                              // time spent loading and compiling
  double read_seconds = 0;                         // of which reading and parsing the files
  double compile_seconds = 0;                      // and compiling them
  double unix_seconds = 0;                         // when the event happened
};

class LexiconStore {
 public:
  using Callback = std::function<void(const LexiconReloadEvent&)>;

  struct Options {
    std::vector<std::string> paths;                          // files or folders, as for `vigil lexicon check`
    CompiledLexicon::Options compile;                        // matcher options
    std::chrono::milliseconds poll_interval{5000};           // file watch period; 0: no file watch
  };

  // Loads and compiles `options.paths`; fails (InvalidArgument, listing the errors) if that fails.
  // `callback` (may be empty) is called for this initial load and every reload after it.
  static StatusOr<std::unique_ptr<LexiconStore>> Create(Options options, Callback callback);
  ~LexiconStore();
  LexiconStore(const LexiconStore&) = delete;
  LexiconStore& operator=(const LexiconStore&) = delete;

  // The current lexicon. Wait-free in practice (an atomic shared_ptr load); never null.
  std::shared_ptr<const CompiledLexicon> Snapshot() const;

  // Reloads now, on this thread. On error the current lexicon stays and the errors are returned
  // (InvalidArgument) and passed to the callback. Returns after any reload already running.
  Status Reload();

  // Asks the watcher thread to reload as soon as it can. Async-signal-safe: sets a lock-free atomic
  // flag and write()s one byte to a self-pipe. Without a watcher thread, the next PollOnce() acts.
  void RequestReload();

  // One watcher step, for tests and for callers that drive their own loop: reloads if a reload was
  // requested or a lexicon file changed since the last (attempted) load. Returns true if it reloaded.
  bool PollOnce();

  // Starts / stops the watcher thread (poll_interval > 0 for the file watch; RequestReload() is
  // served either way). Stop() is idempotent and is called by the destructor.
  void StartWatching();
  void Stop();

  // Counters, for tests and status pages.
  uint64_t reloads_ok() const { return reloads_ok_.load(); }
  uint64_t reloads_failed() const { return reloads_failed_.load(); }

 private:
  struct FileStamp {
    std::string path;
    uintmax_t size = 0;
    int64_t mtime_ns = 0;
    friend bool operator==(const FileStamp&, const FileStamp&) = default;
  };

  explicit LexiconStore(Options options, Callback callback);
  Status ReloadLocked(ReloadTrigger trigger);
  std::vector<FileStamp> Stamp() const;
  void WatchLoop();

  const Options options_;
  const Callback callback_;
  std::atomic<std::shared_ptr<const CompiledLexicon>> current_;
  std::mutex reload_mu_;                 // serialises reloads; guards stamps_
  std::vector<FileStamp> stamps_;        // what the last (attempted) load saw
  std::atomic<bool> reload_requested_{false};
  std::atomic<bool> stopping_{false};
  std::atomic<uint64_t> reloads_ok_{0};
  std::atomic<uint64_t> reloads_failed_{0};
  int wake_pipe_[2] = {-1, -1};          // self-pipe: RequestReload() and Stop() wake the watcher
  std::thread watcher_;
  std::mutex thread_mu_;                 // guards watcher_ start/stop
};

}  // namespace vigil
