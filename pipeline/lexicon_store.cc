#include "pipeline/lexicon_store.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include "classifiers/normaliser.h"
#include "pipeline/lexicon_loader.h"

namespace vigil {
namespace fs = std::filesystem;

std::string_view ReloadTriggerName(ReloadTrigger t) {
  switch (t) {
    case ReloadTrigger::kInitial: return "initial";
    case ReloadTrigger::kCall: return "call";
    case ReloadTrigger::kRequest: return "request";
    case ReloadTrigger::kFileChange: return "file_change";
  }
  return "call";
}

LexiconStore::LexiconStore(Options options, Callback callback)
    : options_(std::move(options)), callback_(std::move(callback)) {
  if (pipe2(wake_pipe_, O_NONBLOCK | O_CLOEXEC) != 0) wake_pipe_[0] = wake_pipe_[1] = -1;
}

LexiconStore::~LexiconStore() {
  Stop();
  for (int fd : wake_pipe_) {
    if (fd >= 0) close(fd);
  }
}

StatusOr<std::unique_ptr<LexiconStore>> LexiconStore::Create(Options options, Callback callback) {
  if (options.paths.empty()) return InvalidArgument("lexicon store: no lexicon paths");
  if (options.poll_interval.count() < 0) return InvalidArgument("lexicon store: poll_interval must be >= 0");
  std::unique_ptr<LexiconStore> store(new LexiconStore(std::move(options), std::move(callback)));
  if (store->wake_pipe_[0] < 0) return Internal(std::string("lexicon store: pipe2 failed: ") + std::strerror(errno));
  std::lock_guard<std::mutex> lock(store->reload_mu_);
  Status st = store->ReloadLocked(ReloadTrigger::kInitial);
  if (!st.ok()) return st;
  return store;
}

std::shared_ptr<const CompiledLexicon> LexiconStore::Snapshot() const { return current_.load(std::memory_order_acquire); }

Status LexiconStore::Reload() {
  std::lock_guard<std::mutex> lock(reload_mu_);
  return ReloadLocked(ReloadTrigger::kCall);
}

// The same files LoadLexiconFiles reads; a missing path is stamped too, so its reappearance counts.
std::vector<LexiconStore::FileStamp> LexiconStore::Stamp() const {
  std::vector<FileStamp> out;
  auto add = [&](const std::string& path) {
    FileStamp s;
    s.path = path;
    struct stat st {};
    if (stat(path.c_str(), &st) == 0) {
      s.size = static_cast<uintmax_t>(st.st_size);
      s.mtime_ns = static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
    } else {
      s.mtime_ns = -1;
    }
    out.push_back(std::move(s));
  };
  for (const std::string& p : options_.paths) {
    std::error_code ec;
    if (fs::is_directory(p, ec)) {
      for (auto it = fs::recursive_directory_iterator(p, ec); !ec && it != fs::recursive_directory_iterator();
           it.increment(ec)) {
        if (!it->is_regular_file(ec)) continue;
        const std::string ext = it->path().extension().string();
        if ((ext == ".yaml" || ext == ".yml") && it->path().stem() != "schema") add(it->path().string());
      }
    } else {
      add(p);
    }
  }
  std::sort(out.begin(), out.end(), [](const FileStamp& a, const FileStamp& b) { return a.path < b.path; });
  return out;
}

Status LexiconStore::ReloadLocked(ReloadTrigger trigger) {
  const auto t0 = std::chrono::steady_clock::now();
  // Stamp before reading: a file written during the load is seen as changed at the next poll.
  stamps_ = Stamp();
  LexiconReloadEvent ev;
  ev.trigger = trigger;
  auto normaliser = Normaliser::Create({});
  if (normaliser.ok()) {
    LexiconBuild b = BuildLexicon(options_.paths, normaliser->get(), options_.compile);
    ev.read_seconds = b.load_seconds;
    ev.compile_seconds = b.compile_seconds;
    if (b.lexicon) {
      current_.store(b.lexicon, std::memory_order_release);
      ev.success = true;
    }
    ev.errors = std::move(b.errors);
  } else {
    ev.errors.push_back(LexiconError{"", 0, "", normaliser.status().ToString()});
  }
  ev.lexicon = current_.load(std::memory_order_acquire);
  ev.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  ev.unix_seconds =
      std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
  (ev.success ? reloads_ok_ : reloads_failed_).fetch_add(1);
  Status status = Status::Ok();
  if (!ev.success) {
    std::string msg = "lexicon reload failed (" + std::string(ReloadTriggerName(trigger)) + "), " +
                      std::to_string(ev.errors.size()) + " error(s); " +
                      (ev.lexicon ? "keeping version " + ev.lexicon->version() : std::string("no lexicon loaded"));
    for (size_t i = 0; i < ev.errors.size() && i < 20; ++i) msg += "\n  " + ev.errors[i].ToString();
    status = InvalidArgument(std::move(msg));
  }
  if (callback_) callback_(ev);
  return status;
}

void LexiconStore::RequestReload() {
  const int saved_errno = errno;  // a signal handler must not clobber errno
  reload_requested_.store(true, std::memory_order_release);
  if (wake_pipe_[1] >= 0) {
    const char b = 'r';
    ssize_t ignored = write(wake_pipe_[1], &b, 1);  // full pipe: a wake-up is pending anyway
    (void)ignored;
  }
  errno = saved_errno;
}

bool LexiconStore::PollOnce() {
  char buf[64];
  while (wake_pipe_[0] >= 0 && read(wake_pipe_[0], buf, sizeof buf) > 0) {
  }
  const bool requested = reload_requested_.exchange(false, std::memory_order_acq_rel);
  std::lock_guard<std::mutex> lock(reload_mu_);
  if (requested) {
    (void)ReloadLocked(ReloadTrigger::kRequest);  // the callback reports the outcome
    return true;
  }
  if (Stamp() == stamps_) return false;
  (void)ReloadLocked(ReloadTrigger::kFileChange);
  return true;
}

void LexiconStore::WatchLoop() {
  const bool watch_files = options_.poll_interval.count() > 0;
  // Without a file watch the loop still wakes every second, so Stop() never depends on the pipe.
  const int timeout_ms =
      watch_files ? static_cast<int>(std::min<int64_t>(options_.poll_interval.count(), INT32_MAX)) : 1000;
  while (!stopping_.load(std::memory_order_acquire)) {
    pollfd pfd{wake_pipe_[0], POLLIN, 0};
    const int r = poll(&pfd, 1, timeout_ms);
    if (stopping_.load(std::memory_order_acquire)) break;
    if (r < 0 && errno != EINTR) break;
    if (watch_files) {
      PollOnce();
      continue;
    }
    char buf[64];
    while (read(wake_pipe_[0], buf, sizeof buf) > 0) {
    }
    if (reload_requested_.exchange(false, std::memory_order_acq_rel)) {
      std::lock_guard<std::mutex> lock(reload_mu_);
      (void)ReloadLocked(ReloadTrigger::kRequest);
    }
  }
}

void LexiconStore::StartWatching() {
  std::lock_guard<std::mutex> lock(thread_mu_);
  if (watcher_.joinable()) return;
  stopping_.store(false, std::memory_order_release);
  watcher_ = std::thread([this] { WatchLoop(); });
}

void LexiconStore::Stop() {
  std::lock_guard<std::mutex> lock(thread_mu_);
  if (!watcher_.joinable()) return;
  stopping_.store(true, std::memory_order_release);
  if (wake_pipe_[1] >= 0) {
    const char b = 's';
    ssize_t ignored = write(wake_pipe_[1], &b, 1);
    (void)ignored;
  }
  watcher_.join();
}

}  // namespace vigil
