#pragma once
/// JSON written directly, in the exact layout of nlohmann's dump(2) (what the JSON report and the
/// snapshot have always printed): large documents (a lint's thousands of findings, the snapshot
/// of a 10,000-table database) are written without building a document first, which took longer
/// and held several times the memory of the text.

#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace sse {

/// Appends `s` as a JSON string, escaped as nlohmann's serializer escapes it (ensure_ascii off,
/// invalid UTF-8 replaced by U+FFFD, as error_handler_t::replace does).
void AppendJsonString(std::string& out, std::string_view s);

/// Writes objects and arrays with nlohmann's dump(2) layout: one member per line, two spaces
/// per level, "[]" and "{}" when empty. The text goes to a string, or through a string buffer
/// to a stream (Flush() at the end).
class JsonOut {
 public:
  /// Appends to `out`.
  explicit JsonOut(std::string& out) : out_(out) {}
  /// Writes to `sink`, a buffer's worth at a time; call Flush() once done.
  explicit JsonOut(std::ostream& sink) : out_(buffer_), sink_(&sink) {}

  void BeginObject() { Open('{'); }
  void EndObject() { Close('}'); }
  void BeginArray() { Open('['); }
  void EndArray() { Close(']'); }
  /// Starts an object member; its value follows.
  void Key(std::string_view key);
  void String(std::string_view s) {
    Item();
    AppendJsonString(out_, s);
  }
  /// A string, or null when it is empty.
  void StringOrNull(std::string_view s);
  void Bool(bool v) { Raw(v ? "true" : "false"); }
  void Number(uint64_t v) { Raw(std::to_string(v)); }
  /// A signed number.
  void Int(int64_t v) { Raw(std::to_string(v)); }
  /// A number, or null when it is 0.
  void NumberOrNull(uint64_t v) { v ? Number(v) : Raw("null"); }
  /// Text written as it is (a literal the caller knows to be JSON).
  void Raw(std::string_view text) {
    Item();
    out_ += text;
  }
  /// Any JSON value, through nlohmann, indented to the current depth.
  void Value(const nlohmann::ordered_json& v);

  /// Passes what is buffered on to the stream (a no-op when writing to a string).
  void Flush();

 private:
  void Open(char bracket);
  void Close(char bracket);
  /// Separates this item from the previous one and indents it (not after a key).
  void Item();

  std::string buffer_;
  std::string& out_;
  std::ostream* sink_ = nullptr;
  int depth_ = 0;
  bool first_ = true;
  bool after_key_ = false;
};

}  // namespace sse
