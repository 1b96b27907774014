#include "core/util/json_out.hpp"

#include "core/util/utf8.hpp"

namespace sse {

namespace {

/// What JsonOut buffers before passing it on to its stream.
constexpr size_t kFlushBytes = 1 << 16;

}  // namespace

void AppendJsonString(std::string& out, std::string_view s) {
  if (FindInvalidUtf8(s)) {
    out += nlohmann::ordered_json(std::string(s))
               .dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
    return;
  }
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  size_t run = 0;  // start of the bytes copied as they are
  for (size_t i = 0; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(s.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        out += "\\u00";
        out += kHex[c >> 4];
        out += kHex[c & 0xF];
    }
  }
  out.append(s.data() + run, s.size() - run);
  out += '"';
}

void JsonOut::Key(std::string_view key) {
  Item();
  AppendJsonString(out_, key);
  out_ += ": ";
  after_key_ = true;
}

void JsonOut::StringOrNull(std::string_view s) {
  if (s.empty()) {
    Raw("null");
  } else {
    String(s);
  }
}

void JsonOut::Value(const nlohmann::ordered_json& v) {
  Item();
  std::string text = v.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
  std::string pad(2 * depth_, ' ');
  for (char ch : text) {
    out_ += ch;
    if (ch == '\n') out_ += pad;  // a dumped string never holds a raw newline
  }
}

void JsonOut::Flush() {
  if (!sink_) return;
  sink_->write(out_.data(), static_cast<std::streamsize>(out_.size()));
  out_.clear();
}

void JsonOut::Open(char bracket) {
  Item();
  out_ += bracket;
  ++depth_;
  first_ = true;
}

void JsonOut::Close(char bracket) {
  --depth_;
  if (!first_) {  // else empty: "{}" / "[]"
    out_ += '\n';
    out_.append(2 * depth_, ' ');
  }
  out_ += bracket;
  first_ = false;
}

void JsonOut::Item() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (sink_ && out_.size() >= kFlushBytes) Flush();
  if (depth_ == 0) return;
  if (!first_) out_ += ',';
  out_ += '\n';
  out_.append(2 * depth_, ' ');
  first_ = false;
}

}  // namespace sse
