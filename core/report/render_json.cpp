// The JSON report of CONTRACT.md: schema_version, command, sets, command-specific members,
// findings, summary. Key order is fixed so output is byte-stable. The report is written
// directly, in the exact layout of nlohmann's dump(2) (which the command-specific members still
// use): a lint of a big history has thousands of findings, and building a JSON document for them
// first took longer than the checks.

#include <ostream>

#include "core/report/report.hpp"
#include "core/util/utf8.hpp"

namespace sse {

namespace {

/// Appends `s` as a JSON string, escaped as nlohmann's serializer escapes it (ensure_ascii off,
/// invalid UTF-8 replaced by U+FFFD).
void AppendString(std::string& out, std::string_view s) {
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

/// Writes objects and arrays with nlohmann's dump(2) layout: one member per line, two spaces
/// per level, "[]" and "{}" when empty.
class JsonOut {
 public:
  explicit JsonOut(std::string& out) : out_(out) {}

  void BeginObject() { Open('{'); }
  void EndObject() { Close('}'); }
  void BeginArray() { Open('['); }
  void EndArray() { Close(']'); }
  /// Starts an object member; its value follows.
  void Key(std::string_view key) {
    Item();
    AppendString(out_, key);
    out_ += ": ";
    after_key_ = true;
  }
  void String(std::string_view s) {
    Item();
    AppendString(out_, s);
  }
  void StringOrNull(std::string_view s) {
    if (s.empty()) {
      Raw("null");
    } else {
      String(s);
    }
  }
  void Number(uint64_t v) { Raw(std::to_string(v)); }
  void NumberOrNull(uint64_t v) { v ? Number(v) : Raw("null"); }
  void Raw(std::string_view text) {
    Item();
    out_ += text;
  }
  /// Any JSON value, through nlohmann, indented to the current depth.
  void Value(const nlohmann::ordered_json& v) {
    Item();
    std::string text = v.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
    std::string pad(2 * depth_, ' ');
    for (char ch : text) {
      out_ += ch;
      if (ch == '\n') out_ += pad;  // a dumped string never holds a raw newline
    }
  }

 private:
  void Open(char bracket) {
    Item();
    out_ += bracket;
    ++depth_;
    first_ = true;
  }
  void Close(char bracket) {
    --depth_;
    if (!first_) {  // else empty: "{}" / "[]"
      out_ += '\n';
      out_.append(2 * depth_, ' ');
    }
    out_ += bracket;
    first_ = false;
  }
  /// Separates this item from the previous one and indents it (not after a key).
  void Item() {
    if (after_key_) {
      after_key_ = false;
      return;
    }
    if (depth_ == 0) return;
    if (!first_) out_ += ',';
    out_ += '\n';
    out_.append(2 * depth_, ' ');
    first_ = false;
  }

  std::string& out_;
  int depth_ = 0;
  bool first_ = true;
  bool after_key_ = false;
};

void WriteFinding(JsonOut& j, const Finding& f) {
  j.BeginObject();
  j.Key("code");
  j.String(f.code);
  j.Key("rule");
  j.String(f.rule);
  j.Key("severity");
  j.String(SeverityName(f.severity));
  j.Key("message");
  j.String(f.message);
  j.Key("path");
  j.StringOrNull(f.loc ? std::string_view(f.loc->path) : std::string_view());
  j.Key("line");
  j.NumberOrNull(f.loc ? f.loc->line : 0);
  j.Key("column");
  j.NumberOrNull(f.loc ? f.loc->column : 0);
  j.Key("related");
  j.BeginArray();
  for (const Related& r : f.related) {
    j.BeginObject();
    j.Key("path");
    j.StringOrNull(r.loc.path);
    j.Key("line");
    j.NumberOrNull(r.loc.line);
    j.Key("message");
    j.String(r.message);
    j.EndObject();
  }
  j.EndArray();
  j.Key("help");
  j.String(f.help);
  j.EndObject();
}

}  // namespace

void RenderJson(const Report& report, std::ostream& out) {
  std::string text;
  text.reserve(4096 + report.findings.size() * 512);
  JsonOut j(text);
  j.BeginObject();
  j.Key("schema_version");
  j.Number(1);
  j.Key("command");
  j.String(report.command);
  j.Key("sets");
  j.BeginArray();
  for (const SetSummary& s : report.sets) {
    j.BeginObject();
    j.Key("tool");
    j.String(s.tool);
    j.Key("dialect");
    j.StringOrNull(s.dialect);
    j.Key("path");
    j.String(s.path);
    j.Key("migrations");
    j.Number(s.migrations);
    for (const auto& [key, names] : {std::pair{"heads", &s.heads}, std::pair{"bases", &s.bases}}) {
      j.Key(key);
      j.BeginArray();
      for (const std::string& n : *names) j.String(n);
      j.EndArray();
    }
    j.EndObject();
  }
  j.EndArray();
  // Command-specific members ("graph", "lock", "drift"); the common names are reserved.
  for (const auto& [key, value] : report.extra.items()) {
    if (key == "schema_version" || key == "command" || key == "sets" || key == "findings" ||
        key == "summary") {
      continue;
    }
    j.Key(key);
    j.Value(value);
  }
  j.Key("findings");
  j.BeginArray();
  for (const Finding& f : report.findings) WriteFinding(j, f);
  j.EndArray();
  Summary s = report.Totals();
  j.Key("summary");
  j.BeginObject();
  j.Key("error");
  j.Number(s.error);
  j.Key("warning");
  j.Number(s.warning);
  j.Key("info");
  j.Number(s.info);
  j.EndObject();
  j.EndObject();
  text += '\n';
  out << text;
}

}  // namespace sse
