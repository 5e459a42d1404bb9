// message.h: Vigil's input message (docs/schemas/message.schema.json) and its parser.
//
//   ParsedMessage p = ParseMessage(line, {});
//   if (!p.ok()) dead_letter(p.reason, p.detail);   // invalid_json, missing_text, invalid_utf8, ...
//   else Process(p.message);
//
// Every input either parses into a Message or yields a RejectReason with a human detail; nothing
// throws. Plain-text input (one message a line) is wrapped with ParsePlainText().
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace vigil {

inline constexpr int kMessageSchemaVersion = 1;

struct MessageSource {
  std::string platform, channel, url;
};

struct MessageAuthor {
  std::string id, handle, role;  // role: politician, religious_leader, journalist, media, military, public ...
  int64_t followers = -1;        // -1: unknown
  std::optional<bool> verified;
};

struct Message {
  int schema_version = kMessageSchemaVersion;
  std::string id;         // may be empty: a content id is derived for alerts
  std::string text;
  std::string lang;       // ISO 639-1 (may be empty)
  std::string timestamp;  // RFC 3339 as given
  std::string region;     // ISO 3166 alpha-2 (or 3166-2), upper case
  MessageSource source;
  MessageAuthor author;
  bool has_source = false, has_author = false;
  int64_t views = -1, shares = -1;
  std::string reply_to, quote_of;
};

// Why a message cannot be processed. Names are stable: they are dead-letter reasons and metric labels.
enum class RejectReason : uint8_t { kNone, kInvalidJson, kMissingText, kInvalidUtf8, kOversize, kEmpty };
std::string_view RejectReasonName(RejectReason r);

struct ParsedMessage {
  Message message;
  RejectReason reason = RejectReason::kNone;
  std::string detail;
  bool ok() const { return reason == RejectReason::kNone; }
};

struct ParseOptions {
  size_t max_bytes = 1 << 20;  // larger input is rejected as oversize (default 1 MiB)
};

// Parses one JSON message. Checks, in order: size, UTF-8 validity of the raw bytes, JSON syntax,
// object shape, `text` present and a string, `text` not blank.
ParsedMessage ParseMessage(std::string_view json, const ParseOptions& options);

// The same contract through a general JSON document parser only (ParseMessage reads the common
// case directly from the bytes and hands everything else to this one). For differential tests.
ParsedMessage ParseMessageWithDocumentModel(std::string_view json, const ParseOptions& options);

// Wraps one line of plain text as a message (same size/UTF-8/empty checks).
ParsedMessage ParsePlainText(std::string_view line, const ParseOptions& options);

// True when `s` is well-formed UTF-8 (no overlongs, no surrogates, nothing above U+10FFFF).
bool IsValidUtf8(std::string_view s);
// Byte offset of the first invalid sequence, or npos.
size_t FirstInvalidUtf8(std::string_view s);

}  // namespace vigil
