#include "core/util/json_text.hpp"

#include <cstdlib>

#include <fmt/format.h>

#include "core/util/utf8.hpp"

namespace sse {
namespace {

constexpr int kMaxNesting = 512;

class Parser {
 public:
  Parser(const SourceFile& file, const JsonOptions& opt, JsonDocument& doc)
      : file_(file), s_(file.text()), opt_(opt), doc_(doc) {}

  Status Parse() {
    if (HasUtf8Bom(s_)) pos_ = 3;
    SSE_TRY_STATUS(SkipSpace());
    if (pos_ >= s_.size()) return Fail("empty document: expected a JSON value");
    std::string ptr;
    SSE_TRY_STATUS(Value(doc_.value, ptr, 0));
    SSE_TRY_STATUS(SkipSpace());
    if (pos_ < s_.size()) return Fail(fmt::format("unexpected '{}' after the JSON value", Char()));
    return {};
  }

 private:
  Error Fail(std::string msg) const {
    return Error(ErrorCode::kParse, std::move(msg),
                 SourceLoc::At(file_, std::min(pos_, s_.size())));
  }
  std::string Char() const {
    if (pos_ >= s_.size()) return "end of file";
    unsigned char c = static_cast<unsigned char>(s_[pos_]);
    if (c < 0x20 || c >= 0x7F) return fmt::format("\\x{:02x}", c);
    return std::string(1, static_cast<char>(c));
  }

  Status SkipSpace() {
    while (pos_ < s_.size()) {
      char c = s_[pos_];
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        ++pos_;
      } else if (c == '/' && opt_.allow_comments && pos_ + 1 < s_.size() && s_[pos_ + 1] == '/') {
        while (pos_ < s_.size() && s_[pos_] != '\n') ++pos_;
      } else if (c == '/' && opt_.allow_comments && pos_ + 1 < s_.size() && s_[pos_ + 1] == '*') {
        size_t end = s_.find("*/", pos_ + 2);
        if (end == std::string_view::npos) return Fail("unterminated /* comment");
        pos_ = end + 2;
      } else {
        break;
      }
    }
    return {};
  }

  Status Value(nlohmann::json& out, const std::string& ptr, int depth) {
    if (depth > kMaxNesting) return Fail("JSON nested too deeply");
    if (depth <= opt_.record_depth) doc_.offsets.emplace(ptr, pos_);
    if (pos_ >= s_.size()) return Fail("unexpected end of file: expected a value");
    char c = s_[pos_];
    if (c == '{') return Object(out, ptr, depth);
    if (c == '[') return Array(out, ptr, depth);
    if (c == '"') {
      std::string str;
      SSE_TRY_STATUS(String(str));
      out = std::move(str);
      return {};
    }
    if (c == '-' || (c >= '0' && c <= '9')) return Number(out);
    if (s_.compare(pos_, 4, "true") == 0) {
      pos_ += 4;
      out = true;
      return {};
    }
    if (s_.compare(pos_, 5, "false") == 0) {
      pos_ += 5;
      out = false;
      return {};
    }
    if (s_.compare(pos_, 4, "null") == 0) {
      pos_ += 4;
      out = nullptr;
      return {};
    }
    return Fail(fmt::format("unexpected '{}': expected a JSON value", Char()));
  }

  Status Object(nlohmann::json& out, const std::string& ptr, int depth) {
    out = nlohmann::json::object();
    ++pos_;
    SSE_TRY_STATUS(SkipSpace());
    if (pos_ < s_.size() && s_[pos_] == '}') {
      ++pos_;
      return {};
    }
    for (;;) {
      SSE_TRY_STATUS(SkipSpace());
      if (pos_ >= s_.size() || s_[pos_] != '"') {
        if (pos_ < s_.size() && s_[pos_] == '}' && opt_.allow_trailing_commas) {
          ++pos_;
          return {};
        }
        return Fail(
            fmt::format("unexpected '{}': expected a member name in double quotes", Char()));
      }
      size_t key_pos = pos_;
      std::string key;
      SSE_TRY_STATUS(String(key));
      std::string child = ptr + "/" + JsonPointerToken(key);
      if (depth + 1 <= opt_.record_depth) doc_.key_offsets.emplace(child, key_pos);
      SSE_TRY_STATUS(SkipSpace());
      if (pos_ >= s_.size() || s_[pos_] != ':') {
        return Fail(fmt::format("unexpected '{}': expected ':' after member name", Char()));
      }
      ++pos_;
      SSE_TRY_STATUS(SkipSpace());
      nlohmann::json v;
      SSE_TRY_STATUS(Value(v, child, depth + 1));
      out[key] = std::move(v);  // a repeated key keeps the last value, like JSON.parse
      SSE_TRY_STATUS(SkipSpace());
      if (pos_ < s_.size() && s_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (pos_ < s_.size() && s_[pos_] == '}') {
        ++pos_;
        return {};
      }
      return Fail(fmt::format("unexpected '{}': expected ',' or '}}'", Char()));
    }
  }

  Status Array(nlohmann::json& out, const std::string& ptr, int depth) {
    out = nlohmann::json::array();
    ++pos_;
    SSE_TRY_STATUS(SkipSpace());
    if (pos_ < s_.size() && s_[pos_] == ']') {
      ++pos_;
      return {};
    }
    for (size_t i = 0;; ++i) {
      SSE_TRY_STATUS(SkipSpace());
      if (pos_ < s_.size() && s_[pos_] == ']' && opt_.allow_trailing_commas && i > 0) {
        ++pos_;
        return {};
      }
      nlohmann::json v;
      SSE_TRY_STATUS(Value(v, ptr + "/" + std::to_string(i), depth + 1));
      out.push_back(std::move(v));
      SSE_TRY_STATUS(SkipSpace());
      if (pos_ < s_.size() && s_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (pos_ < s_.size() && s_[pos_] == ']') {
        ++pos_;
        return {};
      }
      return Fail(fmt::format("unexpected '{}': expected ',' or ']'", Char()));
    }
  }

  Status String(std::string& out) {
    ++pos_;                       // opening quote
    bool lone_surrogate = false;  // an escape that is not UTF-8: the string fails when it ends
    for (;;) {
      size_t run = pos_;
      while (pos_ < s_.size() && s_[pos_] != '"' && s_[pos_] != '\\' &&
             static_cast<unsigned char>(s_[pos_]) >= 0x20) {
        ++pos_;
      }
      out.append(s_.substr(run, pos_ - run));
      if (pos_ >= s_.size()) return Fail("unterminated string");
      char c = s_[pos_];
      if (c == '"') {
        ++pos_;
        if (lone_surrogate || FindInvalidUtf8(out)) return Fail("string is not valid UTF-8");
        return {};
      }
      if (c != '\\') return Fail("control character in string (escape it)");
      ++pos_;
      if (pos_ >= s_.size()) return Fail("unterminated string");
      switch (DecodeJsonEscape(s_, pos_, out)) {
        case JsonEscape::kOk:
          break;
        case JsonEscape::kBadEscape:
          return Fail(fmt::format("bad escape '\\{}'", Char()));
        case JsonEscape::kBadUnicode:
          return Fail("bad \\u escape");
        case JsonEscape::kBadSurrogatePair:
          return Fail("bad surrogate pair");
        case JsonEscape::kLoneSurrogate:
          lone_surrogate = true;
          break;
      }
    }
  }

  Status Number(nlohmann::json& out) {
    size_t start = pos_;
    if (s_[pos_] == '-') ++pos_;
    if (pos_ >= s_.size() || !(s_[pos_] >= '0' && s_[pos_] <= '9')) return Fail("bad number");
    bool is_float = false;
    while (pos_ < s_.size()) {
      char c = s_[pos_];
      if (c >= '0' && c <= '9') {
        ++pos_;
      } else if (c == '.' || c == 'e' || c == 'E' || ((c == '+' || c == '-') && is_float)) {
        is_float = true;
        ++pos_;
      } else {
        break;
      }
    }
    std::string text(s_.substr(start, pos_ - start));
    if (!is_float) {
      errno = 0;
      if (text[0] == '-') {
        long long v = std::strtoll(text.c_str(), nullptr, 10);
        if (errno == 0) {
          out = static_cast<int64_t>(v);
          return {};
        }
      } else {
        unsigned long long v = std::strtoull(text.c_str(), nullptr, 10);
        if (errno == 0) {
          out = static_cast<uint64_t>(v);
          return {};
        }
      }
    }
    char* end = nullptr;
    double d = std::strtod(text.c_str(), &end);
    if (end != text.c_str() + text.size()) return Fail("bad number");
    out = d;
    return {};
  }

  const SourceFile& file_;
  std::string_view s_;
  const JsonOptions& opt_;
  JsonDocument& doc_;
  size_t pos_ = 0;
};

/// The four hex digits at `pos` into `v`, `pos` moved past them; false (`pos` kept) otherwise.
bool Hex4(std::string_view s, size_t& pos, uint32_t& v) {
  if (pos + 4 > s.size()) return false;
  v = 0;
  for (size_t k = pos; k < pos + 4; ++k) {
    char c = s[k];
    int digit = c >= '0' && c <= '9'   ? c - '0'
                : c >= 'a' && c <= 'f' ? c - 'a' + 10
                : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                       : -1;
    if (digit < 0) return false;
    v = (v << 4) | static_cast<uint32_t>(digit);
  }
  pos += 4;
  return true;
}

}  // namespace

JsonEscape DecodeJsonEscape(std::string_view s, size_t& pos, std::string& out) {
  char e = s[pos++];
  switch (e) {
    case '"':
    case '\\':
    case '/':
      out += e;
      return JsonEscape::kOk;
    case 'b':
      out += '\b';
      return JsonEscape::kOk;
    case 'f':
      out += '\f';
      return JsonEscape::kOk;
    case 'n':
      out += '\n';
      return JsonEscape::kOk;
    case 'r':
      out += '\r';
      return JsonEscape::kOk;
    case 't':
      out += '\t';
      return JsonEscape::kOk;
    case 'u':
      break;
    default:
      --pos;
      return JsonEscape::kBadEscape;
  }
  uint32_t cp = 0;
  if (!Hex4(s, pos, cp)) return JsonEscape::kBadUnicode;
  if (cp >= 0xD800 && cp <= 0xDBFF && s.compare(pos, 2, "\\u") == 0) {
    pos += 2;
    uint32_t low = 0;
    if (!Hex4(s, pos, low) || low < 0xDC00 || low > 0xDFFF) return JsonEscape::kBadSurrogatePair;
    cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
  } else if (cp >= 0xD800 && cp <= 0xDFFF) {
    return JsonEscape::kLoneSurrogate;
  }
  AppendUtf8(out, cp);
  return JsonEscape::kOk;
}

std::string JsonPointerToken(std::string_view token) {
  std::string out;
  for (char c : token) {
    if (c == '~')
      out += "~0";
    else if (c == '/')
      out += "~1";
    else
      out += c;
  }
  return out;
}

size_t JsonDocument::OffsetOf(const std::string& pointer) const {
  std::string p = pointer;
  for (;;) {
    auto it = offsets.find(p);
    if (it != offsets.end()) return it->second;
    size_t slash = p.rfind('/');
    if (slash == std::string::npos) return 0;
    p.resize(slash);
  }
}

size_t JsonDocument::KeyOffsetOf(const std::string& pointer) const {
  auto it = key_offsets.find(pointer);
  return it != key_offsets.end() ? it->second : OffsetOf(pointer);
}

Result<JsonDocument> ParseJson(const SourceFile& file, const JsonOptions& options) {
  JsonDocument doc;
  Parser parser(file, options, doc);
  auto st = parser.Parse();
  if (!st.ok()) return std::move(st).error();
  return doc;
}

}  // namespace sse
