#include "classifiers/message.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>

namespace vigil {

std::string_view RejectReasonName(RejectReason r) {
  switch (r) {
    case RejectReason::kNone: return "none";
    case RejectReason::kInvalidJson: return "invalid_json";
    case RejectReason::kMissingText: return "missing_text";
    case RejectReason::kInvalidUtf8: return "invalid_utf8";
    case RejectReason::kOversize: return "oversize";
    case RejectReason::kEmpty: return "empty";
  }
  return "none";
}

size_t FirstInvalidUtf8(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const size_t n = s.size();
  size_t i = 0;
  while (i < n) {
    // Fast path over ASCII, 8 bytes at a time.
    while (i + 8 <= n) {
      uint64_t w;
      __builtin_memcpy(&w, p + i, 8);
      if (w & 0x8080808080808080ull) break;
      i += 8;
    }
    if (i >= n) break;
    unsigned char c = p[i];
    if (c < 0x80) { ++i; continue; }
    size_t len;
    uint32_t cp;
    if (c >= 0xC2 && c <= 0xDF) { len = 2; cp = c & 0x1F; }
    else if (c >= 0xE0 && c <= 0xEF) { len = 3; cp = c & 0x0F; }
    else if (c >= 0xF0 && c <= 0xF4) { len = 4; cp = c & 0x07; }
    else return i;
    if (i + len > n) return i;
    for (size_t k = 1; k < len; ++k) {
      if ((p[i + k] & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (p[i + k] & 0x3F);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF)) {
      return i;
    }
    i += len;
  }
  return std::string_view::npos;
}

bool IsValidUtf8(std::string_view s) { return FirstInvalidUtf8(s) == std::string_view::npos; }

namespace {

bool Blank(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isspace(c); });
}

ParsedMessage Reject(RejectReason r, std::string detail) {
  ParsedMessage p;
  p.reason = r;
  p.detail = std::move(detail);
  return p;
}

std::optional<ParsedMessage> CheckRaw(std::string_view raw, const ParseOptions& options) {
  if (raw.size() > options.max_bytes) {
    return Reject(RejectReason::kOversize, "message is " + std::to_string(raw.size()) + " bytes; the limit is " +
                                               std::to_string(options.max_bytes));
  }
  if (Blank(raw)) return Reject(RejectReason::kEmpty, "empty message");
  size_t bad = FirstInvalidUtf8(raw);
  if (bad != std::string_view::npos) {
    return Reject(RejectReason::kInvalidUtf8, "invalid UTF-8 at byte " + std::to_string(bad));
  }
  return std::nullopt;
}

std::string GetString(const nlohmann::json& obj, const char* key) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return "";
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number_integer()) return std::to_string(it->get<int64_t>());
  return "";
}

int64_t GetInt(const nlohmann::json& obj, const char* key) {
  auto it = obj.find(key);
  if (it == obj.end()) return -1;
  if (it->is_number_integer() || it->is_number_unsigned()) return it->get<int64_t>();
  if (it->is_number_float()) return static_cast<int64_t>(it->get<double>());
  return -1;
}

}  // namespace

ParsedMessage ParseMessage(std::string_view json, const ParseOptions& options) {
  if (auto rejected = CheckRaw(json, options)) return *rejected;
  nlohmann::json doc = nlohmann::json::parse(json.begin(), json.end(), nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return Reject(RejectReason::kInvalidJson, "not valid JSON");
  if (!doc.is_object()) return Reject(RejectReason::kInvalidJson, "JSON value is not an object");
  auto text = doc.find("text");
  if (text == doc.end() || text->is_null()) return Reject(RejectReason::kMissingText, "no 'text' field");
  if (!text->is_string()) return Reject(RejectReason::kMissingText, "'text' is not a string");
  ParsedMessage p;
  Message& m = p.message;
  m.text = text->get<std::string>();
  if (Blank(m.text)) return Reject(RejectReason::kEmpty, "'text' is empty");
  if (doc.contains("schema_version") && doc["schema_version"].is_number_integer()) {
    m.schema_version = doc["schema_version"].get<int>();
  }
  m.id = GetString(doc, "id");
  m.lang = GetString(doc, "lang");
  std::transform(m.lang.begin(), m.lang.end(), m.lang.begin(), [](unsigned char c) { return std::tolower(c); });
  if (auto dash = m.lang.find_first_of("-_"); dash != std::string::npos) m.lang.resize(dash);  // "en-GB" -> "en"
  m.timestamp = GetString(doc, "timestamp");
  m.region = GetString(doc, "region");
  std::transform(m.region.begin(), m.region.end(), m.region.begin(), [](unsigned char c) { return std::toupper(c); });
  m.reply_to = GetString(doc, "reply_to");
  m.quote_of = GetString(doc, "quote_of");
  if (auto it = doc.find("source"); it != doc.end() && it->is_object()) {
    m.has_source = true;
    m.source.platform = GetString(*it, "platform");
    m.source.channel = GetString(*it, "channel");
    m.source.url = GetString(*it, "url");
  }
  if (auto it = doc.find("author"); it != doc.end() && it->is_object()) {
    m.has_author = true;
    m.author.id = GetString(*it, "id");
    m.author.handle = GetString(*it, "handle");
    m.author.role = GetString(*it, "role");
    m.author.followers = GetInt(*it, "followers");
    if (auto v = it->find("verified"); v != it->end() && v->is_boolean()) m.author.verified = v->get<bool>();
  }
  if (auto it = doc.find("reach"); it != doc.end() && it->is_object()) {
    m.views = GetInt(*it, "views");
    m.shares = GetInt(*it, "shares");
  }
  return p;
}

ParsedMessage ParsePlainText(std::string_view line, const ParseOptions& options) {
  if (auto rejected = CheckRaw(line, options)) return *rejected;
  ParsedMessage p;
  p.message.text.assign(line);
  return p;
}

}  // namespace vigil
