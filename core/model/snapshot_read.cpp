// Reading the canonical snapshot (snapshot.hpp) straight into the model: a pull parser walks the
// file's bytes once and each object kind's reader takes its members as they come. No JSON
// document is built (for a 2,000-table snapshot its allocations were most of the reading time,
// and a 40 MB snapshot's document held 321 MB).
//
// What is read is what reading the parsed document gave: members in any order, unknown members
// ignored (their values still checked as JSON), a repeated member's last value kept, absent
// members at the model's defaults. Errors keep that reader's precedence: a syntax error anywhere
// in the file (with ParseJson's message), then a file that is not a snapshot or is of another
// version, then the first member of a wrong shape (now with its line).

#include "core/model/snapshot.hpp"

#include <array>
#include <cstring>
#include <optional>
#include <type_traits>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "core/util/json_text.hpp"
#include "core/util/utf8.hpp"

namespace sse::model {
namespace {

constexpr int kMaxNesting = 512;

/// Stops the reading: a syntax error (the text is not JSON) or a wrong shape (JSON, but not what
/// a snapshot holds there), at a byte offset.
struct ReadError {
  bool syntax = false;
  size_t offset = 0;
  std::string message;
};

/// The bytes a string holds as they are and that need no check: printable ASCII but '"' and '\'.
constexpr std::array<bool, 256> kPlain = [] {
  std::array<bool, 256> t{};
  for (int c = 0x20; c < 0x80; ++c) t[c] = c != '"' && c != '\\';
  return t;
}();

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

class JsonReader;

/// The member of an object being read, its value next. `m.Str("name", t.name)` reads the value
/// into the field when the member is "name" and says whether it did; a reader chains them with
/// || and the value of a member nobody takes is skipped.
class Member {
 public:
  Member(JsonReader& r, std::string_view key) : r_(r), key_(key) {}
  std::string_view key() const { return key_; }

  bool Str(std::string_view name, std::string& out);
  bool Str(std::string_view name, std::optional<std::string>& out);
  /// A string given to `from_text` (an enumeration's spelling).
  template <typename T, typename FromText>
  bool Str(std::string_view name, T& out, FromText from_text);
  bool Bool(std::string_view name, bool& out);
  bool Bool(std::string_view name, std::optional<bool>& out);
  template <typename T>
  bool Int(std::string_view name, T& out);
  bool Int(std::string_view name, std::optional<int64_t>& out);
  /// A list of strings.
  bool Strings(std::string_view name, std::vector<std::string>& out);
  /// "schema" and "name" members of the object being read.
  bool Name(QualifiedName& out) { return Str("schema", out.schema) || Str("name", out.name); }
  /// `name`: {"schema": ..., "name": ...}.
  bool NameObject(std::string_view name, QualifiedName& out);
  bool NameObject(std::string_view name, std::optional<QualifiedName>& out);
  /// `name`: {"name": ..., "modifiers": [...], "array_dims": n}; `seen` is set.
  bool Type(std::string_view name, TypeRef& out, bool& seen);
  /// `name`: an object that `read()` reads with the reader's Members().
  template <typename Read>
  bool Object(std::string_view name, Read read);
  /// `name`: a list of objects, each read by `read(reader)`, into a vector or into a map by name
  /// (functions by signature).
  template <typename Container, typename Read>
  bool Items(std::string_view name, Container& out, Read read);

 private:
  bool Is(std::string_view name) const { return key_ == name; }

  JsonReader& r_;
  std::string_view key_;
};

/// A pull parser over JSON text (RFC 8259: no comments, no trailing commas, strict numbers; a
/// UTF-8 byte-order mark is skipped), with ParseJson's messages for syntax errors. Reads rely on
/// the NUL that ends a std::string's bytes: it stops every scan at the end of the text.
class JsonReader {
 public:
  explicit JsonReader(const SourceFile& file)
      : begin_(file.content().c_str()), p_(begin_), end_(begin_ + file.content().size()) {
    if (HasUtf8Bom(file.text())) p_ += 3;
  }

  size_t Offset() const { return static_cast<size_t>(p_ - begin_); }

  [[noreturn]] void SyntaxError(std::string message) const {
    throw ReadError{true, Offset(), std::move(message)};
  }
  [[noreturn]] void ShapeError(std::string message, size_t at) const {
    throw ReadError{false, at, std::move(message)};
  }
  [[noreturn]] void ShapeError(std::string message) const {
    ShapeError(std::move(message), Offset());
  }

  /// The first byte of the next token, NUL at the end of the text.
  char Peek() {
    const char* p = p_;  // a local: the bytes read might alias p_ for the compiler
    while (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r') ++p;
    p_ = p;
    return *p;
  }

  /// The whole text: one value, read by `value()`, and nothing after it. A wrong shape is
  /// thrown once the text has been read to its end (see Members).
  template <typename Value>
  void Document(Value value) {
    if (Peek() == '\0' && p_ == end_) SyntaxError("empty document: expected a JSON value");
    std::optional<ReadError> wrong_shape;
    try {
      value();
    } catch (ReadError& e) {
      if (e.syntax) throw;
      wrong_shape = std::move(e);
    }
    if (Peek() != '\0' || p_ != end_) {
      SyntaxError(fmt::format("unexpected '{}' after the JSON value", Here()));
    }
    if (wrong_shape) throw *wrong_shape;
  }

  /// The object at the next token: `member(Member)` reads a member's value and returns true, or
  /// returns false to have it skipped.
  ///
  /// A member's value of a wrong shape is an error only if no later member of the same name
  /// replaces it (the last one counts), so it is skipped and its error thrown when the object
  /// has been read. Thus the top-level object is always read to its end: a syntax error anywhere
  /// comes before a wrong shape, and so does the header.
  template <typename Read>
  void Members(Read member) {
    Open();
    if (Peek() == '}') return Close();
    std::string key_buffer;                                // a key with escapes, unescaped
    std::vector<std::pair<std::string, ReadError>> wrong;  // by member name, in text order
    for (;;) {
      if (Peek() != '"') {
        SyntaxError(
            fmt::format("unexpected '{}': expected a member name in double quotes", Here()));
      }
      std::string_view key = StringView(key_buffer);
      if (Peek() != ':') {
        SyntaxError(fmt::format("unexpected '{}': expected ':' after member name", Here()));
      }
      ++p_;
      Peek();
      CheckDepth();
      ReadMember(member, key, wrong);
      if (Peek() == ',') {
        ++p_;
      } else if (*p_ == '}') {
        Close();
        if (!wrong.empty()) throw std::move(wrong.front().second);
        return;
      } else {
        SyntaxError(fmt::format("unexpected '{}': expected ',' or '}}'", Here()));
      }
    }
  }

  /// The array at the next token: `element()` reads each element.
  template <typename Read>
  void Elements(Read element) {
    Open();
    if (Peek() == ']') return Close();
    for (;;) {
      Peek();
      CheckDepth();
      element();
      if (Peek() == ',') {
        ++p_;
      } else if (*p_ == ']') {
        return Close();
      } else {
        SyntaxError(fmt::format("unexpected '{}': expected ',' or ']'", Here()));
      }
    }
  }

  /// The string at the next token, unescaped: a view of the text when it holds no escape, else
  /// of `buffer`. As in ParseJson, a string that is not valid UTF-8 is an error once it has ended.
  std::string_view StringView(std::string& buffer) {
    const char* start = ++p_;  // past the opening quote
    const char* run = start;
    const char* lone_surrogate = nullptr;
    bool ascii = true;
    bool escaped = false;
    for (;;) {
      ascii &= PlainRun();
      if (*p_ == '"') break;
      if (*p_ != '\\') {
        SyntaxError(p_ == end_ ? "unterminated string" : "control character in string (escape it)");
      }
      if (!escaped) buffer.clear();
      escaped = true;
      buffer.append(run, p_);
      const char* escape = p_;
      if (!Escape(buffer) && !lone_surrogate) lone_surrogate = escape;
      run = p_;
    }
    std::string_view raw(start, static_cast<size_t>(p_ - start));
    if (auto bad = ascii ? std::nullopt : FindInvalidUtf8(raw)) {
      p_ = start + *bad;
      SyntaxError("string is not valid UTF-8");
    }
    if (lone_surrogate) {
      p_ = lone_surrogate;
      SyntaxError("string is not valid UTF-8 (a lone surrogate escape)");
    }
    ++p_;
    if (!escaped) return raw;
    buffer.append(run, p_ - 1);
    return buffer;
  }

  /// A string member's value; `key` names it in the error.
  std::string_view String(std::string_view key) {
    if (Peek() != '"') ShapeError(fmt::format("'{}' must be a string", key));
    return StringView(scratch_);
  }
  bool Bool(std::string_view key) {
    Peek();
    if (Literal("true")) return true;
    if (Literal("false")) return false;
    ShapeError(fmt::format("'{}' must be true or false", key));
  }
  int64_t Int(std::string_view key) {
    char c = Peek();
    size_t at = Offset();
    if (c != '-' && !IsDigit(c)) ShapeError(fmt::format("'{}' must be an integer", key));
    Number n = ScanNumber();
    if (!n.integer) ShapeError(fmt::format("'{}' must be an integer", key), at);
    if (!n.in_range) {
      ShapeError(fmt::format("'{}' is out of range (a 64-bit integer)", key), at);
    }
    return n.value;
  }
  /// The value when it is a string, else "" (the value is skipped).
  std::string_view StringOrEmpty() {
    if (Peek() == '"') return StringView(scratch_);
    Skip();
    return {};
  }
  /// The value when it is an integer of 64 bits, else 0 (the value is skipped).
  int64_t IntOrZero() {
    char c = Peek();
    if (c != '-' && !IsDigit(c)) {
      Skip();
      return 0;
    }
    Number n = ScanNumber();
    return n.integer && n.in_range ? n.value : 0;
  }

  /// Any value.
  void Skip() {
    switch (Peek()) {
      case '{':
        return Members([](Member) { return false; });
      case '[':
        return Elements([this] { Skip(); });
      case '"':
        StringView(scratch_);
        return;
      case 't':
        if (Literal("true")) return;
        break;
      case 'f':
        if (Literal("false")) return;
        break;
      case 'n':
        if (Literal("null")) return;
        break;
      default:
        if (*p_ == '-' || IsDigit(*p_)) {
          ScanNumber();
          return;
        }
    }
    if (p_ == end_) SyntaxError("unexpected end of file: expected a value");
    SyntaxError(fmt::format("unexpected '{}': expected a JSON value", Here()));
  }

 private:
  struct Number {
    bool integer = true;   ///< no fraction, no exponent
    bool in_range = true;  ///< an integer that fits int64_t
    int64_t value = 0;
  };

  template <typename Read>
  void ReadMember(Read& member, std::string_view key,
                  std::vector<std::pair<std::string, ReadError>>& wrong) {
    const char* value = p_;
    int depth = depth_;
    std::optional<ReadError> wrong_shape;
    try {
      if (!member(Member(*this, key))) Skip();
    } catch (ReadError& e) {
      if (e.syntax) throw;
      wrong_shape = std::move(e);
    }
    if (wrong_shape) {
      p_ = value;  // the value again, as JSON only
      depth_ = depth;
      Skip();
      wrong.emplace_back(std::string(key), std::move(*wrong_shape));
    } else if (!wrong.empty()) {
      std::erase_if(wrong, [&](const auto& w) { return w.first == key; });
    }
  }

  /// The byte at p_ as an error message shows it.
  std::string Here() const {
    if (p_ >= end_) return "end of file";
    auto c = static_cast<unsigned char>(*p_);
    if (c < 0x20 || c >= 0x7F) return fmt::format("\\x{:02x}", c);
    return std::string(1, static_cast<char>(c));
  }

  void Open() {
    ++depth_;
    ++p_;
  }
  /// Before a value inside a container (ParseJson's limit: values nested 512 deep).
  void CheckDepth() const {
    if (depth_ > kMaxNesting) SyntaxError("JSON nested too deeply");
  }
  void Close() {
    --depth_;
    ++p_;
  }

  bool Literal(std::string_view word) {
    if (static_cast<size_t>(end_ - p_) < word.size() ||
        std::memcmp(p_, word.data(), word.size()) != 0) {
      return false;
    }
    p_ += word.size();
    return true;
  }

  /// Steps over the bytes of a string up to a quote, a backslash or a control byte; false when
  /// some were past ASCII.
  bool PlainRun() {
    const char* p = p_;
    bool ascii = true;
    for (;;) {
      while (kPlain[static_cast<unsigned char>(*p)]) ++p;
      if (static_cast<unsigned char>(*p) < 0x80) break;
      ascii = false;
      ++p;
    }
    p_ = p;
    return ascii;
  }

  /// The escape at p_ (its backslash), appended to `out` unescaped; false for a lone surrogate
  /// (not appended).
  bool Escape(std::string& out) {
    ++p_;
    if (p_ == end_) SyntaxError("unterminated string");
    size_t pos = static_cast<size_t>(p_ - begin_);
    JsonEscape e = DecodeJsonEscape(std::string_view(begin_, end_ - begin_), pos, out);
    p_ = begin_ + pos;
    switch (e) {
      case JsonEscape::kOk:
        return true;
      case JsonEscape::kLoneSurrogate:
        return false;
      case JsonEscape::kBadEscape:
        SyntaxError(fmt::format("bad escape '\\{}'", Here()));
      case JsonEscape::kBadUnicode:
        SyntaxError("bad \\u escape");
      case JsonEscape::kBadSurrogatePair:
        SyntaxError("bad surrogate pair");
    }
    return true;
  }

  /// The number at p_: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
  Number ScanNumber() {
    Number n;
    bool negative = *p_ == '-';
    if (negative) ++p_;
    if (!IsDigit(*p_)) SyntaxError("bad number");
    uint64_t magnitude = 0;
    if (*p_ == '0') {
      ++p_;
      if (IsDigit(*p_)) SyntaxError("bad number (a leading zero)");
    }
    for (; IsDigit(*p_); ++p_) {
      auto digit = static_cast<uint64_t>(*p_ - '0');
      if (magnitude > (UINT64_MAX - digit) / 10) n.in_range = false;
      magnitude = magnitude * 10 + digit;
    }
    if (*p_ == '.') {
      n.integer = false;
      ++p_;
      if (!IsDigit(*p_)) SyntaxError("bad number");
      while (IsDigit(*p_)) ++p_;
    }
    if (*p_ == 'e' || *p_ == 'E') {
      n.integer = false;
      ++p_;
      if (*p_ == '+' || *p_ == '-') ++p_;
      if (!IsDigit(*p_)) SyntaxError("bad number");
      while (IsDigit(*p_)) ++p_;
    }
    constexpr auto kMax = static_cast<uint64_t>(INT64_MAX);
    if (magnitude > kMax + (negative ? 1 : 0)) n.in_range = false;
    if (n.in_range) {
      n.value = negative ? static_cast<int64_t>(0 - magnitude) : static_cast<int64_t>(magnitude);
    }
    return n;
  }

  const char* begin_;
  const char* p_;
  const char* end_;
  int depth_ = 0;
  std::string scratch_;  // a string value with escapes, unescaped
};

bool Member::Str(std::string_view name, std::string& out) {
  if (!Is(name)) return false;
  out.assign(r_.String(key_));
  return true;
}
bool Member::Str(std::string_view name, std::optional<std::string>& out) {
  if (!Is(name)) return false;
  out.emplace(r_.String(key_));
  return true;
}
template <typename T, typename FromText>
bool Member::Str(std::string_view name, T& out, FromText from_text) {
  if (!Is(name)) return false;
  out = from_text(r_.String(key_));
  return true;
}
bool Member::Bool(std::string_view name, bool& out) {
  if (!Is(name)) return false;
  out = r_.Bool(key_);
  return true;
}
bool Member::Bool(std::string_view name, std::optional<bool>& out) {
  if (!Is(name)) return false;
  out = r_.Bool(key_);
  return true;
}
template <typename T>
bool Member::Int(std::string_view name, T& out) {
  if (!Is(name)) return false;
  out = static_cast<T>(r_.Int(key_));
  return true;
}
bool Member::Int(std::string_view name, std::optional<int64_t>& out) {
  if (!Is(name)) return false;
  out = r_.Int(key_);
  return true;
}
bool Member::Strings(std::string_view name, std::vector<std::string>& out) {
  if (!Is(name)) return false;
  if (r_.Peek() != '[') r_.ShapeError(fmt::format("'{}' must be a list", key_));
  out.clear();
  r_.Elements([&] {
    if (r_.Peek() != '"') r_.ShapeError(fmt::format("'{}' must hold strings", key_));
    out.emplace_back(r_.String(key_));
  });
  return true;
}
template <typename Read>
bool Member::Object(std::string_view name, Read read) {
  if (!Is(name)) return false;
  if (r_.Peek() != '{') r_.ShapeError(fmt::format("'{}' must be an object", key_));
  read();
  return true;
}
bool Member::NameObject(std::string_view name, QualifiedName& out) {
  return Object(name, [&] {
    out = {};
    r_.Members([&](Member m) { return m.Name(out); });
  });
}
bool Member::NameObject(std::string_view name, std::optional<QualifiedName>& out) {
  return Is(name) && NameObject(name, out.emplace());
}
bool Member::Type(std::string_view name, TypeRef& out, bool& seen) {
  if (!Is(name)) return false;
  if (r_.Peek() != '{') r_.ShapeError("a type must be an object with a name");
  out = {};
  r_.Members([&](Member m) {
    return m.Str("name", out.name) || m.Strings("modifiers", out.modifiers) ||
           m.Int("array_dims", out.array_dims);
  });
  seen = true;
  return true;
}

/// The key an item is kept by in its catalog map: its name, a function's signature.
template <typename T>
auto KeyOf(const T& item) {
  if constexpr (std::is_same_v<T, Function>) {
    return item.Signature();
  } else {
    return item.name;
  }
}

template <typename Container, typename Read>
bool Member::Items(std::string_view name, Container& out, Read read) {
  if (!Is(name)) return false;
  if (r_.Peek() != '[') r_.ShapeError(fmt::format("'{}' must be a list", key_));
  out.clear();
  r_.Elements([&] {
    if (r_.Peek() != '{') r_.ShapeError(fmt::format("'{}' must hold objects", key_));
    auto item = read(r_);
    if constexpr (requires { out.push_back(std::move(item)); }) {
      out.push_back(std::move(item));
    } else {
      out.insert_or_assign(out.end(), KeyOf(item), std::move(item));  // sorted: appended
    }
  });
  return true;
}

/// A column, a domain, an attribute or an argument without a "type" member.
void RequireType(const JsonReader& r, bool seen, size_t object_at) {
  if (!seen) r.ShapeError("'type' is missing (a type must be an object with a name)", object_at);
}

// ---- the object kinds ------------------------------------------------------------------------

Identity IdentityFromText(std::string_view s) {
  return s == "always"       ? Identity::kAlways
         : s == "by default" ? Identity::kByDefault
                             : Identity::kNone;
}
ConstraintKind KindFromText(std::string_view s) {
  return s == "primary_key"   ? ConstraintKind::kPrimaryKey
         : s == "unique"      ? ConstraintKind::kUnique
         : s == "foreign_key" ? ConstraintKind::kForeignKey
         : s == "exclusion"   ? ConstraintKind::kExclusion
                              : ConstraintKind::kCheck;
}
RefAction ActionFromText(std::string_view s) {
  if (s == "RESTRICT") return RefAction::kRestrict;
  if (s == "CASCADE") return RefAction::kCascade;
  if (s == "SET NULL") return RefAction::kSetNull;
  if (s == "SET DEFAULT") return RefAction::kSetDefault;
  return RefAction::kNoAction;
}
TriggerTiming TimingFromText(std::string_view s) {
  return s == "BEFORE"       ? TriggerTiming::kBefore
         : s == "INSTEAD OF" ? TriggerTiming::kInsteadOf
                             : TriggerTiming::kAfter;
}
Persistence PersistenceFromText(std::string_view s) {
  return s == "unlogged"    ? Persistence::kUnlogged
         : s == "temporary" ? Persistence::kTemporary
                            : Persistence::kPermanent;
}

Column ReadColumn(JsonReader& r) {
  Column c;
  bool typed = false;
  size_t at = r.Offset();
  r.Members([&](Member m) {
    return m.Str("name", c.name) || m.Type("type", c.type, typed) ||
           m.Bool("not_null", c.not_null) || m.Str("default", c.default_expr) ||
           m.Str("identity", c.identity, IdentityFromText) || m.Str("generated", c.generated) ||
           m.Str("collation", c.collation) || m.Str("comment", c.comment);
  });
  RequireType(r, typed, at);
  return c;
}

Constraint ReadConstraint(JsonReader& r) {
  Constraint c;
  r.Members([&](Member m) {
    return m.Str("name", c.name) || m.Str("kind", c.kind, KindFromText) ||
           m.Strings("columns", c.columns) || m.Str("expression", c.expression) ||
           m.Object("references",
                    [&] {
                      c.ref_table = {};
                      c.ref_columns.clear();
                      r.Members([&](Member ref) {
                        return ref.Name(c.ref_table) || ref.Strings("columns", c.ref_columns);
                      });
                    }) ||
           m.Str("on_delete", c.on_delete, ActionFromText) ||
           m.Str("on_update", c.on_update, ActionFromText) || m.Str("match", c.match) ||
           m.Str("using", c.using_method) ||
           m.Items("elements", c.elements,
                   [](JsonReader& er) {
                     ExclusionElement e;
                     er.Members([&](Member em) {
                       return em.Str("expression", e.expression) || em.Str("operator", e.op);
                     });
                     return e;
                   }) ||
           m.Str("where", c.where) || m.Bool("deferrable", c.deferrable) ||
           m.Bool("initially_deferred", c.initially_deferred) || m.Bool("not_valid", c.not_valid) ||
           m.Bool("no_inherit", c.no_inherit) ||
           m.Bool("nulls_not_distinct", c.nulls_not_distinct) || m.Strings("include", c.include) ||
           m.Str("comment", c.comment);
  });
  return c;
}

Trigger ReadTrigger(JsonReader& r) {
  Trigger t;
  r.Members([&](Member m) {
    return m.Str("name", t.name) || m.Str("timing", t.timing, TimingFromText) ||
           m.Strings("events", t.events) || m.Strings("update_of", t.update_of) ||
           m.Bool("for_each_row", t.for_each_row) || m.Str("when", t.when) ||
           m.NameObject("function", t.function) || m.Strings("arguments", t.arguments) ||
           m.Str("body", t.body) || m.Bool("constraint", t.constraint) ||
           m.Bool("deferrable", t.deferrable) ||
           m.Bool("initially_deferred", t.initially_deferred) || m.Str("comment", t.comment);
  });
  return t;
}

Policy ReadPolicy(JsonReader& r) {
  Policy p;
  r.Members([&](Member m) {
    return m.Str("name", p.name) || m.Bool("permissive", p.permissive) ||
           m.Str("command", p.command) || m.Strings("roles", p.roles) ||
           m.Str("using", p.using_expr) || m.Str("with_check", p.check_expr) ||
           m.Str("comment", p.comment);
  });
  return p;
}

QualifiedName ReadName(JsonReader& r) {
  QualifiedName n;
  r.Members([&](Member m) { return m.Name(n); });
  return n;
}

Table ReadTable(JsonReader& r) {
  Table t;
  r.Members([&](Member m) {
    return m.Name(t.name) || m.Items("columns", t.columns, ReadColumn) ||
           m.Items("constraints", t.constraints, ReadConstraint) ||
           m.Items("triggers", t.triggers, ReadTrigger) ||
           m.Items("policies", t.policies, ReadPolicy) ||
           m.Str("persistence", t.persistence, PersistenceFromText) ||
           m.Str("partition_by", t.partition_by) || m.NameObject("partition_of", t.partition_of) ||
           m.Str("partition_bound", t.partition_bound) ||
           m.Items("inherits", t.inherits, ReadName) || m.Bool("rls_enabled", t.rls_enabled) ||
           m.Bool("rls_forced", t.rls_forced) || m.Strings("options", t.options) ||
           m.Str("module", t.module) || m.Str("comment", t.comment);
  });
  return t;
}

View ReadView(JsonReader& r) {
  View v;
  r.Members([&](Member m) {
    return m.Name(v.name) || m.Bool("materialized", v.materialized) ||
           m.Str("definition", v.definition) || m.Strings("columns", v.columns) ||
           m.Str("check_option", v.check_option) || m.Str("comment", v.comment) ||
           m.Items("triggers", v.triggers, ReadTrigger);
  });
  return v;
}

IndexKey ReadIndexKey(JsonReader& r) {
  IndexKey k;
  // A key is an "expression" when that member is there, else a "column"; the other one is not
  // read (as before: a "column" of the wrong shape beside an "expression" is no error).
  std::string column;
  std::optional<size_t> bad_column;
  r.Members([&](Member m) {
    if (m.key() == "column") {
      if (r.Peek() == '"') {
        column.assign(r.String(m.key()));
        bad_column.reset();
      } else {
        bad_column = r.Offset();
        r.Skip();
      }
      return true;
    }
    if (m.Str("expression", k.expression)) {
      k.is_expression = true;
      return true;
    }
    return m.Str("opclass", k.opclass) || m.Str("collation", k.collation) ||
           m.Bool("descending", k.descending) || m.Bool("nulls_first", k.nulls_first);
  });
  if (!k.is_expression) {
    if (bad_column) r.ShapeError("'column' must be a string", *bad_column);
    k.expression = std::move(column);
  }
  return k;
}

Index ReadIndex(JsonReader& r) {
  Index i;
  r.Members([&](Member m) {
    return m.Name(i.name) || m.NameObject("table", i.table) || m.Bool("unique", i.unique) ||
           m.Bool("nulls_not_distinct", i.nulls_not_distinct) || m.Str("method", i.method) ||
           m.Items("keys", i.keys, ReadIndexKey) || m.Strings("include", i.include) ||
           m.Str("predicate", i.predicate) || m.Bool("backs_constraint", i.backs_constraint) ||
           m.Str("comment", i.comment);
  });
  return i;
}

Sequence ReadSequence(JsonReader& r) {
  Sequence s;
  r.Members([&](Member m) {
    return m.Name(s.name) || m.Str("type", s.type) || m.Int("start", s.start) ||
           m.Int("increment", s.increment) || m.Int("min_value", s.min_value) ||
           m.Int("max_value", s.max_value) || m.Int("cache", s.cache) || m.Bool("cycle", s.cycle) ||
           m.Object("owned_by",
                    [&] {
                      QualifiedName& table = s.owned_by_table.emplace();
                      s.owned_by_column.clear();
                      r.Members([&](Member o) {
                        return o.Name(table) || o.Str("column", s.owned_by_column);
                      });
                    }) ||
           m.Str("comment", s.comment);
  });
  return s;
}

EnumType ReadEnum(JsonReader& r) {
  EnumType e;
  r.Members([&](Member m) {
    return m.Name(e.name) || m.Strings("values", e.values) || m.Str("comment", e.comment);
  });
  return e;
}

Domain ReadDomain(JsonReader& r) {
  Domain d;
  bool typed = false;
  size_t at = r.Offset();
  r.Members([&](Member m) {
    return m.Name(d.name) || m.Type("type", d.base, typed) || m.Bool("not_null", d.not_null) ||
           m.Str("default", d.default_expr) || m.Str("collation", d.collation) ||
           m.Items("checks", d.checks,
                   [](JsonReader& cr) {
                     DomainCheck ch;
                     cr.Members([&](Member cm) {
                       return cm.Str("name", ch.name) || cm.Str("expression", ch.expression) ||
                              cm.Bool("not_valid", ch.not_valid);
                     });
                     return ch;
                   }) ||
           m.Str("comment", d.comment);
  });
  RequireType(r, typed, at);
  return d;
}

CompositeAttribute ReadAttribute(JsonReader& r) {
  CompositeAttribute a;
  bool typed = false;
  size_t at = r.Offset();
  r.Members([&](Member m) {
    return m.Str("name", a.name) || m.Type("type", a.type, typed) ||
           m.Str("collation", a.collation);
  });
  RequireType(r, typed, at);
  return a;
}

CompositeType ReadComposite(JsonReader& r) {
  CompositeType t;
  r.Members([&](Member m) {
    return m.Name(t.name) || m.Items("attributes", t.attributes, ReadAttribute) ||
           m.Str("comment", t.comment);
  });
  return t;
}

FunctionArg ReadArgument(JsonReader& r) {
  FunctionArg a;
  bool typed = false;
  size_t at = r.Offset();
  r.Members([&](Member m) {
    return m.Str("name", a.name) || m.Type("type", a.type, typed) || m.Str("mode", a.mode) ||
           m.Str("default", a.default_expr);
  });
  RequireType(r, typed, at);
  return a;
}

Function ReadFunction(JsonReader& r) {
  Function f;
  r.Members([&](Member m) {
    return m.Name(f.name) || m.Bool("procedure", f.procedure) ||
           m.Items("arguments", f.args, ReadArgument) || m.Str("returns", f.returns) ||
           m.Str("language", f.language) || m.Str("body", f.body) ||
           m.Str("volatility", f.volatility) || m.Bool("strict", f.strict) ||
           m.Bool("security_definer", f.security_definer) || m.Str("comment", f.comment);
  });
  return f;
}

Schema ReadSchema(JsonReader& r) {
  Schema s;
  r.Members([&](Member m) { return m.Str("name", s.name) || m.Str("comment", s.comment); });
  return s;
}

Extension ReadExtension(JsonReader& r) {
  Extension e;
  r.Members([&](Member m) {
    return m.Str("name", e.name) || m.Str("schema", e.schema) || m.Str("version", e.version) ||
           m.Str("comment", e.comment);
  });
  return e;
}

/// A catalog's member of the top-level object.
bool ReadCatalogMember(Member m, Catalog& c) {
  return m.Str("dialect", c.dialect) || m.Items("schemas", c.schemas, ReadSchema) ||
         m.Items("extensions", c.extensions, ReadExtension) ||
         m.Items("tables", c.tables, ReadTable) || m.Items("views", c.views, ReadView) ||
         m.Items("indexes", c.indexes, ReadIndex) ||
         m.Items("sequences", c.sequences, ReadSequence) || m.Items("enums", c.enums, ReadEnum) ||
         m.Items("domains", c.domains, ReadDomain) ||
         m.Items("composite_types", c.composites, ReadComposite) ||
         m.Items("functions", c.functions, ReadFunction);
}

/// What makes a file a snapshot: an object with "format": "schema-snapshot", and its version.
struct Header {
  bool is_snapshot = false;
  int64_t version = 0;  ///< 0 when missing or not an integer
};

/// Reads the document: the header and the catalog.
void ReadDocument(JsonReader& r, Header& header, Catalog& catalog) {
  r.Document([&] {
    if (r.Peek() != '{') return r.Skip();
    r.Members([&](Member m) {
      if (m.key() == "format") {
        header.is_snapshot = r.StringOrEmpty() == "schema-snapshot";
      } else if (m.key() == "version") {
        header.version = r.IntOrZero();
      } else {
        return ReadCatalogMember(m, catalog);
      }
      return true;
    });
  });
}

Error ReadErrorAt(const SourceFile& file, const ReadError& e) {
  return Error(ErrorCode::kParse, e.syntax ? e.message : "malformed snapshot: " + e.message,
               SourceLoc::At(file, e.offset));
}

}  // namespace

Result<Catalog> ReadSnapshot(const SourceFile& file) {
  Header header;
  Catalog catalog;
  std::optional<ReadError> wrong_shape;
  try {
    JsonReader r(file);
    ReadDocument(r, header, catalog);
  } catch (ReadError& e) {
    if (e.syntax) return ReadErrorAt(file, e);
    wrong_shape = std::move(e);  // thrown at the end of the text: the header is known
  }
  if (!header.is_snapshot) {
    return Error(ErrorCode::kParse, "not a schema snapshot (no \"format\": \"schema-snapshot\")",
                 SourceLoc::File(file.path()));
  }
  if (header.version < 1 || header.version > kSnapshotVersion) {
    return Error(ErrorCode::kParse,
                 fmt::format("snapshot version {} is not supported (this schema reads version {})",
                             header.version, kSnapshotVersion),
                 SourceLoc::File(file.path()));
  }
  if (wrong_shape) return ReadErrorAt(file, *wrong_shape);
  return catalog;
}

}  // namespace sse::model
