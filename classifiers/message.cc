#include "classifiers/message.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <climits>
#include <cstdint>
#include <iterator>

#include "classifiers/internal/utf8.h"

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

namespace {

// Case and subtag rules shared by both parse paths.
void FinishFields(Message* m) {
  std::transform(m->lang.begin(), m->lang.end(), m->lang.begin(), [](unsigned char c) { return std::tolower(c); });
  if (auto dash = m->lang.find_first_of("-_"); dash != std::string::npos) m->lang.resize(dash);  // "en-GB" -> "en"
  std::transform(m->region.begin(), m->region.end(), m->region.begin(), [](unsigned char c) { return std::toupper(c); });
}

// A single-pass reader of the message schema's fields straight from the bytes, for the common case
// (a well-formed object of strings and plain integers). It validates the JSON it skips, and gives
// up (returns false, the caller then uses ParseJsonDocument) on anything it does not handle exactly
// like the document parser: a syntax error, a known field given twice, a number in a known field
// that is not a plain integer, a missing or non-string text, a lone surrogate escape, nesting
// deeper than kMaxDepth. The raw bytes are already known to be valid UTF-8 (CheckRaw).
class FastReader {
 public:
  explicit FastReader(std::string_view s) : p_(s.data()), end_(s.data() + s.size()) {}

  bool Parse(Message* m) {
    SkipWs();
    uint32_t seen = 0;
    bool has_text = false;
    const bool ok = ReadObject([&](std::string_view key) {
      const int field = TopField(key);
      if (field >= 0) {
        if (seen & (1u << field)) return false;  // duplicate: let the document parser decide
        seen |= 1u << field;
      }
      switch (field) {
        case kText:
          if (Peek() != '"') return false;  // null / not a string: the rejection path
          has_text = true;
          return ReadString(&m->text);
        case kSchemaVersion: {
          // Only a plain int is read here; anything else (rare) goes to the document parser.
          int64_t v;
          bool is_int;
          if (!ReadNumber(&v, &is_int) || !is_int || v < INT32_MIN || v > INT32_MAX) return false;
          m->schema_version = static_cast<int>(v);
          return true;
        }
        case kId: return ReadLooseString(&m->id);
        case kLang: return ReadLooseString(&m->lang);
        case kTimestamp: return ReadLooseString(&m->timestamp);
        case kRegion: return ReadLooseString(&m->region);
        case kReplyTo: return ReadLooseString(&m->reply_to);
        case kQuoteOf: return ReadLooseString(&m->quote_of);
        // Objects are read when they are objects; any other value is skipped (ignored).
        case kSource: return Peek() == '{' ? (m->has_source = true, ReadSource(&m->source)) : SkipValue(0);
        case kAuthor: return Peek() == '{' ? (m->has_author = true, ReadAuthor(&m->author)) : SkipValue(0);
        case kReach: return Peek() == '{' ? ReadReach(m) : SkipValue(0);
        default: return SkipValue(0);
      }
    });
    if (!ok) return false;
    SkipWs();
    return p_ == end_ && has_text;
  }

 private:
  static constexpr int kMaxDepth = 64;
  enum TopFields { kText, kSchemaVersion, kId, kLang, kTimestamp, kRegion, kReplyTo, kQuoteOf, kSource, kAuthor, kReach };

  static int TopField(std::string_view k) {
    static constexpr std::string_view kNames[] = {"text",     "schema_version", "id",       "lang",
                                                  "timestamp", "region",         "reply_to", "quote_of",
                                                  "source",   "author",         "reach"};
    for (int i = 0; i < static_cast<int>(std::size(kNames)); ++i) {
      if (kNames[i] == k) return i;
    }
    return -1;
  }

  char Peek() const { return p_ < end_ ? *p_ : '\0'; }
  bool Consume(char c) {
    if (p_ < end_ && *p_ == c) {
      ++p_;
      return true;
    }
    return false;
  }
  void SkipWs() {
    while (p_ < end_ && (*p_ == ' ' || *p_ == '\n' || *p_ == '\r' || *p_ == '\t')) ++p_;
  }

  static int Hex(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  }
  bool ReadHex4(uint32_t* out) {
    if (end_ - p_ < 4) return false;
    uint32_t v = 0;
    for (int i = 0; i < 4; ++i) {
      const int h = Hex(p_[i]);
      if (h < 0) return false;
      v = (v << 4) | static_cast<uint32_t>(h);
    }
    p_ += 4;
    *out = v;
    return true;
  }

  // A JSON string at p_ (which must be '"'), decoded into `out` (null: validated and skipped).
  bool ReadString(std::string* out) {
    if (!Consume('"')) return false;
    if (out) out->clear();
    for (;;) {
      const char* run = p_;
      while (p_ < end_ && *p_ != '"' && *p_ != '\\' && static_cast<unsigned char>(*p_) >= 0x20) ++p_;
      if (out) out->append(run, static_cast<size_t>(p_ - run));
      if (p_ >= end_) return false;
      const char c = *p_++;
      if (c == '"') return true;
      if (c != '\\') return false;  // an unescaped control character
      if (p_ >= end_) return false;
      const char e = *p_++;
      char lit = 0;
      switch (e) {
        case '"': lit = '"'; break;
        case '\\': lit = '\\'; break;
        case '/': lit = '/'; break;
        case 'b': lit = '\b'; break;
        case 'f': lit = '\f'; break;
        case 'n': lit = '\n'; break;
        case 'r': lit = '\r'; break;
        case 't': lit = '\t'; break;
        case 'u': {
          uint32_t cp;
          if (!ReadHex4(&cp)) return false;
          if (cp >= 0xDC00 && cp <= 0xDFFF) return false;  // lone low surrogate
          if (cp >= 0xD800 && cp <= 0xDBFF) {
            uint32_t lo;
            if (end_ - p_ < 2 || p_[0] != '\\' || p_[1] != 'u') return false;
            p_ += 2;
            if (!ReadHex4(&lo) || lo < 0xDC00 || lo > 0xDFFF) return false;
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
          }
          if (out) utf8::Append(out, static_cast<UChar32>(cp));
          continue;
        }
        default: return false;
      }
      if (out) out->push_back(lit);
    }
  }

  // A JSON number at p_. `is_int`: a plain integer (no fraction, no exponent) that fits int64;
  // then `*v` holds it. Other valid numbers: is_int false. Invalid syntax: false.
  bool ReadNumber(int64_t* v, bool* is_int) {
    const char* start = p_;
    const bool neg = Consume('-');
    if (p_ >= end_ || *p_ < '0' || *p_ > '9') return false;
    if (*p_ == '0') {
      ++p_;
    } else {
      while (p_ < end_ && *p_ >= '0' && *p_ <= '9') ++p_;
    }
    const size_t int_digits = static_cast<size_t>(p_ - start) - (neg ? 1 : 0);
    bool plain = true;
    if (p_ < end_ && *p_ == '.') {
      plain = false;
      ++p_;
      if (p_ >= end_ || *p_ < '0' || *p_ > '9') return false;
      while (p_ < end_ && *p_ >= '0' && *p_ <= '9') ++p_;
    }
    if (p_ < end_ && (*p_ == 'e' || *p_ == 'E')) {
      plain = false;
      ++p_;
      if (p_ < end_ && (*p_ == '+' || *p_ == '-')) ++p_;
      if (p_ >= end_ || *p_ < '0' || *p_ > '9') return false;
      while (p_ < end_ && *p_ >= '0' && *p_ <= '9') ++p_;
    }
    *is_int = plain && int_digits <= 18;  // 18 digits always fit; longer ones: the document parser
    if (*is_int) {
      int64_t x = 0;
      for (const char* q = start + (neg ? 1 : 0); q < p_; ++q) x = x * 10 + (*q - '0');
      *v = neg ? -x : x;
    }
    return true;
  }

  bool ReadLiteral(std::string_view lit) {
    if (static_cast<size_t>(end_ - p_) < lit.size() || std::string_view(p_, lit.size()) != lit) return false;
    p_ += lit.size();
    return true;
  }

  // A known string field read the document parser's way (GetString): a string as is, a plain
  // integer as its decimal text, null / true / false / object / array as "". Other numbers: give up.
  bool ReadLooseString(std::string* out) {
    const char c = Peek();
    if (c == '"') return ReadString(out);
    out->clear();
    if (c == '-' || (c >= '0' && c <= '9')) {
      int64_t v;
      bool is_int;
      if (!ReadNumber(&v, &is_int) || !is_int) return false;
      *out = std::to_string(v);
      return true;
    }
    return SkipValue(0);
  }

  // A known integer field (GetInt): a plain integer, else -1 (non-numbers); fractions: give up.
  bool ReadLooseInt(int64_t* out) {
    const char c = Peek();
    if (c == '-' || (c >= '0' && c <= '9')) {
      bool is_int;
      return ReadNumber(out, &is_int) && is_int;
    }
    *out = -1;
    return SkipValue(0);
  }

  // Walks the members of an object at p_ ('{'), calling `member(key)` with p_ at each value; the
  // callback reads or skips it, and returns false to give up.
  template <typename F>
  bool ReadObject(F&& member) {
    if (!Consume('{')) return false;
    SkipWs();
    if (Consume('}')) return true;
    for (;;) {
      SkipWs();
      if (!ReadString(&key_)) return false;
      SkipWs();
      if (!Consume(':')) return false;
      SkipWs();
      if (!member(std::string_view(key_))) return false;
      SkipWs();
      if (Consume(',')) continue;
      return Consume('}');
    }
  }

  bool ReadSource(MessageSource* s) {
    uint32_t seen = 0;
    return ReadObject([&](std::string_view k) {
      int f = k == "platform" ? 0 : k == "channel" ? 1 : k == "url" ? 2 : -1;
      if (f < 0) return SkipValue(1);
      if (seen & (1u << f)) return false;
      seen |= 1u << f;
      return ReadLooseString(f == 0 ? &s->platform : f == 1 ? &s->channel : &s->url);
    });
  }

  bool ReadAuthor(MessageAuthor* a) {
    uint32_t seen = 0;
    return ReadObject([&](std::string_view k) {
      int f = k == "id" ? 0 : k == "handle" ? 1 : k == "role" ? 2 : k == "followers" ? 3 : k == "verified" ? 4 : -1;
      if (f < 0) return SkipValue(1);
      if (seen & (1u << f)) return false;
      seen |= 1u << f;
      switch (f) {
        case 0: return ReadLooseString(&a->id);
        case 1: return ReadLooseString(&a->handle);
        case 2: return ReadLooseString(&a->role);
        case 3: return ReadLooseInt(&a->followers);
        default:
          if (Peek() == 't' && ReadLiteral("true")) {
            a->verified = true;
            return true;
          }
          if (Peek() == 'f' && ReadLiteral("false")) {
            a->verified = false;
            return true;
          }
          return SkipValue(1);
      }
    });
  }

  bool ReadReach(Message* m) {
    uint32_t seen = 0;
    return ReadObject([&](std::string_view k) {
      int f = k == "views" ? 0 : k == "shares" ? 1 : -1;
      if (f < 0) return SkipValue(1);
      if (seen & (1u << f)) return false;
      seen |= 1u << f;
      return ReadLooseInt(f == 0 ? &m->views : &m->shares);
    });
  }

  // Validates and skips any JSON value at p_.
  bool SkipValue(int depth) {
    if (depth > kMaxDepth) return false;
    switch (Peek()) {
      case '"': return ReadString(nullptr);
      case 't': return ReadLiteral("true");
      case 'f': return ReadLiteral("false");
      case 'n': return ReadLiteral("null");
      case '{': return ReadObject([&](std::string_view) { return SkipValue(depth + 1); });
      case '[': {
        ++p_;
        SkipWs();
        if (Consume(']')) return true;
        for (;;) {
          SkipWs();
          if (!SkipValue(depth + 1)) return false;
          SkipWs();
          if (Consume(',')) continue;
          return Consume(']');
        }
      }
      default: {
        int64_t v;
        bool is_int;
        return ReadNumber(&v, &is_int);
      }
    }
  }

  const char* p_;
  const char* const end_;
  std::string key_;
};

}  // namespace

namespace {

// The document-model parse (nlohmann). Authoritative: the fast path below hands it every input
// it does not fully understand, so error details and odd inputs behave exactly as here.
ParsedMessage ParseJsonDocument(std::string_view json) {
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
  m.timestamp = GetString(doc, "timestamp");
  m.region = GetString(doc, "region");
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
  FinishFields(&m);
  return p;
}

}  // namespace


ParsedMessage ParseMessage(std::string_view json, const ParseOptions& options) {
  if (auto rejected = CheckRaw(json, options)) return *rejected;
  ParsedMessage p;
  if (FastReader(json).Parse(&p.message) && !Blank(p.message.text)) {
    FinishFields(&p.message);
    return p;
  }
  return ParseJsonDocument(json);
}

ParsedMessage ParseMessageWithDocumentModel(std::string_view json, const ParseOptions& options) {
  if (auto rejected = CheckRaw(json, options)) return *rejected;
  return ParseJsonDocument(json);
}

ParsedMessage ParsePlainText(std::string_view line, const ParseOptions& options) {
  if (auto rejected = CheckRaw(line, options)) return *rejected;
  ParsedMessage p;
  p.message.text.assign(line);
  return p;
}

}  // namespace vigil
