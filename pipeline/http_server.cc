#include "pipeline/http_server.h"

#include <civetweb.h>

#include <charconv>
#include <cstring>
#include <exception>
#include <mutex>

#include "pipeline/metrics.h"

namespace vigil {
namespace {

void Send(mg_connection* conn, int status, std::string_view content_type, std::string_view body) {
  const mg_request_info* info = mg_get_request_info(conn);
  const bool head = info && info->request_method && std::strcmp(info->request_method, "HEAD") == 0;
  mg_printf(conn,
            "HTTP/1.1 %d %s\r\n"
            "Content-Type: %.*s\r\n"
            "Content-Length: %zu\r\n"
            "Cache-Control: no-store\r\n"
            "Connection: close\r\n\r\n",
            status, mg_get_response_code_text(conn, status), static_cast<int>(content_type.size()),
            content_type.data(), body.size());
  if (!head && !body.empty()) mg_write(conn, body.data(), body.size());
}

constexpr std::string_view kTextPlain = "text/plain; charset=utf-8";
constexpr std::string_view kJson = "application/json";

// GET and HEAD only. Sends 405 and returns false otherwise.
bool MethodAllowed(mg_connection* conn) {
  const mg_request_info* info = mg_get_request_info(conn);
  const char* m = info ? info->request_method : nullptr;
  if (m && (std::strcmp(m, "GET") == 0 || std::strcmp(m, "HEAD") == 0)) return true;
  mg_printf(conn,
            "HTTP/1.1 405 Method Not Allowed\r\nAllow: GET, HEAD\r\nContent-Type: text/plain; charset=utf-8\r\n"
            "Content-Length: 19\r\nConnection: close\r\n\r\nmethod not allowed\n");
  return false;
}

// civetweb is C: nothing may unwind through it. A throwing handler answers 500.
template <typename F>
int Guarded(mg_connection* conn, F&& f) {
  try {
    return f();
  } catch (const std::exception& e) {
    Send(conn, 500, kTextPlain, std::string("internal error: ") + e.what() + "\n");
  } catch (...) {
    Send(conn, 500, kTextPlain, "internal error\n");
  }
  return 500;
}

std::once_flag g_civetweb_init;

}  // namespace

std::vector<std::string_view> Readiness::Missing() const {
  std::vector<std::string_view> out;
  if (!lexicons_loaded) out.push_back("lexicons_loaded");
  if (!group_joined) out.push_back("group_joined");
  if (!producer_connected) out.push_back("producer_connected");
  return out;
}

std::string Readiness::ToJson() const {
  std::string j = ready() ? "{\"ready\":true,\"missing\":[" : "{\"ready\":false,\"missing\":[";
  bool first = true;
  for (std::string_view m : Missing()) {
    if (!first) j += ',';
    j += '"';
    j += m;
    j += '"';
    first = false;
  }
  auto flag = [&](const char* name, bool v) { j += std::string(",\"") + name + "\":" + (v ? "true" : "false"); };
  j += ']';
  flag("lexicons_loaded", lexicons_loaded);
  flag("group_joined", group_joined);
  flag("producer_connected", producer_connected);
  j += "}\n";
  return j;
}

StatusOr<ListenAddress> ParseListenAddress(std::string_view listen) {
  auto bad = [&](const std::string& why) {
    return InvalidArgument("metrics.listen '" + std::string(listen) + "': " + why);
  };
  if (!listen.empty() && listen.front() == '[') return bad("IPv6 addresses are not supported; use an IPv4 address");
  size_t colon = listen.rfind(':');
  if (colon == std::string_view::npos) return bad("expected host:port, e.g. 127.0.0.1:9464");
  std::string_view host = listen.substr(0, colon), port = listen.substr(colon + 1);
  if (host.empty()) return bad("no host; use 0.0.0.0:PORT to listen on every interface");
  for (char c : host) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-';
    if (!ok) return bad(c == ':' ? "IPv6 addresses are not supported; use an IPv4 address" : "invalid host");
  }
  int p = -1;
  auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), p);
  if (port.empty() || ec != std::errc() || end != port.data() + port.size() || p < 0 || p > 65535) {
    return bad("port must be a number from 0 to 65535");
  }
  return ListenAddress{std::string(host), p};
}

StatusOr<std::unique_ptr<HttpServer>> HttpServer::Start(const Options& options, Handlers handlers) {
  auto addr = ParseListenAddress(options.listen);
  if (!addr.ok()) return addr.status();
  if (options.threads < 1 || options.threads > 64) return InvalidArgument("http threads must be 1-64");
  if (options.request_timeout_ms < 1) return InvalidArgument("http request_timeout_ms must be positive");
  std::call_once(g_civetweb_init, [] { mg_init_library(0); });

  std::unique_ptr<HttpServer> server(new HttpServer(std::move(handlers)));
  const std::string ports = addr->host + ":" + std::to_string(addr->port);
  const std::string threads = std::to_string(options.threads);
  const std::string timeout = std::to_string(options.request_timeout_ms);
  // No document_root: civetweb serves no files, only the handlers below.
  const char* civet_options[] = {"listening_ports",    ports.c_str(),   "num_threads", threads.c_str(),
                                 "request_timeout_ms", timeout.c_str(), "enable_keep_alive", "no",
                                 nullptr};
  mg_callbacks callbacks;
  std::memset(&callbacks, 0, sizeof(callbacks));
  callbacks.log_message = &HttpServer::LogMessage;
  mg_init_data init{&callbacks, server.get(), civet_options};
  char error_text[256] = {0};
  unsigned error_code = 0;
  mg_error_data error{&error_code, error_text, sizeof(error_text)};
  mg_context* ctx = mg_start2(&init, &error);
  if (!ctx) {
    // civetweb's own reason ("cannot bind to 127.0.0.1:9464: 98 (Address already in use)") came
    // through LogMessage; error_text only says that setting up the ports failed.
    std::string why = server->start_error_.empty() ? std::string(error_text) : server->start_error_;
    return Unavailable("cannot serve HTTP on " + options.listen + ": " + why);
  }
  server->ctx_ = ctx;
  server->host_ = addr->host;
  mg_server_port bound[4];
  int n = mg_get_server_ports(ctx, 4, bound);
  server->port_ = n > 0 ? bound[0].port : addr->port;
  server->started_.store(true);

  // The first matching handler wins, so the catch-all comes last. "$" anchors an exact path.
  mg_set_request_handler(ctx, "/metrics$", &HttpServer::HandleMetrics, server.get());
  mg_set_request_handler(ctx, "/healthz$", &HttpServer::HandleHealthz, server.get());
  mg_set_request_handler(ctx, "/readyz$", &HttpServer::HandleReadyz, server.get());
  mg_set_request_handler(ctx, "/", &HttpServer::HandleNotFound, server.get());
  return server;
}

HttpServer::~HttpServer() { Stop(); }

void HttpServer::Stop() {
  if (!ctx_) return;
  mg_stop(ctx_);  // joins the server threads: no handler runs after this returns
  ctx_ = nullptr;
}

int HttpServer::HandleMetrics(mg_connection* conn, void* self) {
  if (!MethodAllowed(conn)) return 405;
  auto* s = static_cast<HttpServer*>(self);
  if (!s->handlers_.metrics) return HandleNotFound(conn, self);
  return Guarded(conn, [&] {
    Send(conn, 200, Metrics::kContentType, s->handlers_.metrics());
    return 200;
  });
}

int HttpServer::HandleHealthz(mg_connection* conn, void* self) {
  if (!MethodAllowed(conn)) return 405;
  Send(conn, 200, kTextPlain, "ok\n");
  return 200;
}

int HttpServer::HandleReadyz(mg_connection* conn, void* self) {
  if (!MethodAllowed(conn)) return 405;
  auto* s = static_cast<HttpServer*>(self);
  return Guarded(conn, [&] {
    Readiness r = s->handlers_.readiness ? s->handlers_.readiness() : Readiness{};
    int status = r.ready() ? 200 : 503;
    Send(conn, status, kJson, r.ToJson());
    return status;
  });
}

int HttpServer::HandleNotFound(mg_connection* conn, void* self) {
  Send(conn, 404, kTextPlain, "not found: try /metrics, /healthz or /readyz\n");
  return 404;
}

int HttpServer::LogMessage(const mg_connection* conn, const char* message) {
  const mg_context* ctx = conn ? mg_get_context(conn) : nullptr;
  auto* s = ctx ? static_cast<HttpServer*>(mg_get_user_data(ctx)) : nullptr;
  if (!s || !message) return 1;
  if (!s->started_.load()) {
    if (!s->start_error_.empty()) s->start_error_ += "; ";
    s->start_error_ += message;
  } else if (s->handlers_.on_error) {
    try {
      s->handlers_.on_error(message);
    } catch (...) {
      // A logging failure must not unwind into civetweb.
    }
  }
  return 1;  // handled: civetweb writes nothing to stderr itself
}

}  // namespace vigil
