// http_server.h: Vigil's operational HTTP endpoints (civetweb, wrapped here and nowhere else).
//
//   HttpServer::Handlers h;
//   h.metrics = [&] { return metrics.Serialize(); };
//   h.readiness = [&] { return Readiness{store.loaded(), consumer.joined(), producer.connected()}; };
//   auto server = HttpServer::Start({.listen = cfg.metrics.listen}, std::move(h));
//   if (!server.ok()) { log.Error("http_listen_failed", {{"error", server.status().message()}}); ... }
//   int port = (*server)->port();   // the bound port (useful with "127.0.0.1:0")
//   ...
//   server->reset();                // or (*server)->Stop(): waits for running handlers
//
//   GET /metrics  200, Content-Type text/plain; version=0.0.4 (the metrics handler's text)
//   GET /healthz  200 "ok\n" while the process is alive
//   GET /readyz   200 {"ready":true,...} when every readiness condition holds, else
//                 503 {"ready":false,"missing":["group_joined"],"lexicons_loaded":true,...}
//   anything else 404; methods other than GET and HEAD 405.
//
// The handlers run on the server's own threads, possibly concurrently: they must be thread-safe
// and quick (they hold a server thread while they run). No authentication: keep the address on
// loopback or a monitoring network (docs/operations.md#security).
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "classifiers/status.h"

struct mg_context;
struct mg_connection;

namespace vigil {

// What /readyz checks. Ready only when all hold.
struct Readiness {
  bool lexicons_loaded = false;     // a compiled lexicon is in service
  bool group_joined = false;        // the consumer has joined its group (has an assignment, maybe empty)
  bool producer_connected = false;  // the producer reaches at least one broker

  bool ready() const { return lexicons_loaded && group_joined && producer_connected; }
  // Names of the conditions that do not hold, in the order above.
  std::vector<std::string_view> Missing() const;
  // {"ready":false,"missing":["group_joined"],"lexicons_loaded":true,"group_joined":false,...}
  std::string ToJson() const;
};

// Splits "host:port" (IPv4 address or host name; port 0-65535, 0 = any free port). The civetweb
// build Vigil links has no IPv6, so "[::1]:9464" is rejected here with a clear message.
struct ListenAddress {
  std::string host;
  int port = 0;
};
StatusOr<ListenAddress> ParseListenAddress(std::string_view listen);

class HttpServer {
 public:
  // Defaults:
  //   listen              127.0.0.1:9464   "host:port"; port 0 binds any free port (see port())
  //   threads             4                request threads: a scrape and two probes at once, plus one
  //   request_timeout_ms  10000            a client that stalls longer is dropped
  struct Options {
    std::string listen = "127.0.0.1:9464";
    int threads = 4;
    int request_timeout_ms = 10000;
  };
  struct Handlers {
    std::function<std::string()> metrics;  // body of /metrics; empty function: 404
    std::function<Readiness()> readiness;  // empty function: /readyz always 503 (nothing known)
    // Server-side errors civetweb reports after start-up (a broken client connection, ...).
    // Empty: dropped.
    std::function<void(std::string_view)> on_error;
  };

  // Binds and starts serving. InvalidArgument for a malformed address; Unavailable when the address
  // cannot be bound (in use, not local, permission), with civetweb's reason.
  static StatusOr<std::unique_ptr<HttpServer>> Start(const Options& options, Handlers handlers);

  ~HttpServer();  // Stop()
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Closes the listening socket and waits for handlers in progress to return; afterwards no handler
  // is running or will run. A response still being written when Stop() begins may be cut off
  // (civetweb stops writing once stopping). Takes up to 2 s: civetweb's accept loop notices the
  // stop at its next 2-second poll. Idempotent. Not to be called from a handler.
  void Stop();

  int port() const { return port_; }           // the bound port
  const std::string& host() const { return host_; }

 private:
  explicit HttpServer(Handlers handlers) : handlers_(std::move(handlers)) {}
  static int HandleMetrics(mg_connection* conn, void* self);
  static int HandleHealthz(mg_connection* conn, void* self);
  static int HandleReadyz(mg_connection* conn, void* self);
  static int HandleNotFound(mg_connection* conn, void* self);
  static int LogMessage(const mg_connection* conn, const char* message);

  Handlers handlers_;
  mg_context* ctx_ = nullptr;
  std::string host_;
  int port_ = 0;
  // civetweb's messages while starting go to start_error_ (only the starting thread writes it);
  // once started_ is set they go to handlers_.on_error.
  std::atomic<bool> started_{false};
  std::string start_error_;
};

}  // namespace vigil
