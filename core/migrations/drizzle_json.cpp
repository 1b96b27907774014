// Fast strict-JSON validation keeping top-level members (see drizzle_json.hpp).

#include "core/migrations/drizzle_json.hpp"
#include "core/util/utf8.hpp"

namespace sse {
namespace {

constexpr int kMaxNesting = 512;

class Scanner {
 public:
  explicit Scanner(std::string_view s) : s_(s) {}

  std::optional<JsonTopLevel> Run(size_t& error_at) {
    JsonTopLevel out;
    Space();
    out.is_object = pos_ < s_.size() && s_[pos_] == '{';
    bool ok = out.is_object ? TopObject(out) : Value(0, nullptr);
    if (ok) {
      Space();
      ok = pos_ == s_.size();
    }
    if (!ok) {
      error_at = pos_ < s_.size() ? pos_ : s_.size();
      return std::nullopt;
    }
    return out;
  }

 private:
  void Space() {
    while (pos_ < s_.size() &&
           (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == '\n' || s_[pos_] == '\r')) {
      ++pos_;
    }
  }

  bool Eat(char c) {
    Space();
    if (pos_ < s_.size() && s_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }

  static int Hex(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  }

  /// A string at pos_ (the opening quote); unescaped into `out` when given.
  bool String(std::string* out) {
    ++pos_;
    for (;;) {
      size_t run = pos_;
      while (pos_ < s_.size() && s_[pos_] != '"' && s_[pos_] != '\\' &&
             static_cast<unsigned char>(s_[pos_]) >= 0x20) {
        ++pos_;
      }
      if (out) out->append(s_.substr(run, pos_ - run));
      if (pos_ >= s_.size() || static_cast<unsigned char>(s_[pos_]) < 0x20) return false;
      if (s_[pos_] == '"') {
        ++pos_;
        return true;
      }
      ++pos_;  // backslash
      if (pos_ >= s_.size()) return false;
      char e = s_[pos_++];
      if (e == 'u') {
        if (pos_ + 4 > s_.size()) return false;
        uint32_t cp = 0;
        for (int k = 0; k < 4; ++k) {
          int h = Hex(s_[pos_ + k]);
          if (h < 0) return false;
          cp = (cp << 4) | static_cast<uint32_t>(h);
        }
        pos_ += 4;
        // Lone surrogates are legal in JSON.parse; they are rendered as U+FFFD here.
        if (out) AppendUtf8(*out, (cp >= 0xD800 && cp <= 0xDFFF) ? 0xFFFD : cp);
        continue;
      }
      static constexpr std::string_view kEsc = "\"\\/bfnrt";
      static constexpr std::string_view kVal = "\"\\/\b\f\n\r\t";
      size_t k = kEsc.find(e);
      if (k == std::string_view::npos) return false;
      if (out) *out += kVal[k];
    }
  }

  bool Digits() {
    size_t start = pos_;
    while (pos_ < s_.size() && s_[pos_] >= '0' && s_[pos_] <= '9') ++pos_;
    return pos_ > start;
  }

  bool Number() {
    if (s_[pos_] == '-') ++pos_;
    if (pos_ >= s_.size()) return false;
    if (s_[pos_] == '0') {
      ++pos_;
    } else if (!Digits()) {
      return false;
    }
    if (pos_ < s_.size() && s_[pos_] == '.') {
      ++pos_;
      if (!Digits()) return false;
    }
    if (pos_ < s_.size() && (s_[pos_] == 'e' || s_[pos_] == 'E')) {
      ++pos_;
      if (pos_ < s_.size() && (s_[pos_] == '+' || s_[pos_] == '-')) ++pos_;
      if (!Digits()) return false;
    }
    return true;
  }

  bool Literal(std::string_view word) {
    if (s_.compare(pos_, word.size(), word) != 0) return false;
    pos_ += word.size();
    return true;
  }

  /// Any value at depth `depth`; `top` receives what a top-level member needs.
  bool Value(int depth, JsonTopMember* top) {
    if (depth > kMaxNesting) return false;
    Space();
    if (pos_ >= s_.size()) return false;
    if (top) top->offset = pos_;
    char c = s_[pos_];
    if (c == '"') {
      if (top) top->kind = JsonTopMember::Kind::kString;
      return String(top ? &top->str : nullptr);
    }
    if (c == '{') {
      if (top) top->kind = JsonTopMember::Kind::kObject;
      ++pos_;
      if (Eat('}')) return true;
      do {
        Space();
        if (pos_ >= s_.size() || s_[pos_] != '"' || !String(nullptr) || !Eat(':')) return false;
        if (!Value(depth + 1, nullptr)) return false;
      } while (Eat(','));
      return Eat('}');
    }
    if (c == '[') {
      if (top) top->kind = JsonTopMember::Kind::kArray;
      ++pos_;
      if (Eat(']')) return true;
      bool first = true;
      do {
        Space();
        if (first && top && pos_ < s_.size() && s_[pos_] == '"') {
          top->first_offset = pos_;
          std::string v;
          if (!String(&v)) return false;
          top->first = std::move(v);
        } else if (!Value(depth + 1, nullptr)) {
          return false;
        }
        first = false;
      } while (Eat(','));
      return Eat(']');
    }
    if (c == '-' || (c >= '0' && c <= '9')) return Number();
    return Literal("true") || Literal("false") || Literal("null");
  }

  bool TopObject(JsonTopLevel& out) {
    ++pos_;
    if (Eat('}')) return true;
    do {
      Space();
      if (pos_ >= s_.size() || s_[pos_] != '"') return false;
      std::string key;
      if (!String(&key) || !Eat(':')) return false;
      JsonTopMember m;
      if (!Value(1, &m)) return false;
      out.members[std::move(key)] = std::move(m);
    } while (Eat(','));
    return Eat('}');
  }

  std::string_view s_;
  size_t pos_ = 0;
};

}  // namespace

std::optional<JsonTopLevel> ScanJsonTopLevel(std::string_view text, size_t& error_at) {
  return Scanner(text).Run(error_at);
}

}  // namespace sse
