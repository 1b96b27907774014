#pragma once
/// A static scanner for the few Python constructs schema reads from Alembic revision files:
/// module-level assignments and imports, the module docstring and the bodies of top-level
/// functions. It tokenises the whole file once (strings with every prefix and quote form,
/// comments, brackets, backslash continuations, CR/LF/CRLF) in linear time and never executes
/// anything. Literal values are read by alembic_literal.hpp.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sse::py {

enum class TokKind : uint8_t { kName, kNumber, kString, kOp, kNewline, kEnd };

/// One token. Offsets are bytes into the scanned text. Kept to 16 plain bytes so it travels in
/// registers (the scanner handles one per token of every file).
struct Token {
  enum Flag : uint8_t {
    kCol0 = 1,          ///< starts at the first byte of its physical line
    kRaw = 2,           ///< string with an r prefix
    kBytes = 4,         ///< string with a b prefix
    kFString = 8,       ///< f-string or t-string: not a constant
    kUnterminated = 16  ///< string whose closing quote is missing
  };
  uint32_t begin = 0;
  uint32_t end = 0;
  uint32_t line = 1;  ///< 1-based line of `begin`
  TokKind kind = TokKind::kEnd;
  uint8_t flags = 0;
  uint8_t prefix_len = 0;  ///< strings: length of the r/u/b/f prefix
  uint8_t quote_len = 0;   ///< strings: 1 or 3

  bool col0() const { return flags & kCol0; }
  bool raw() const { return flags & kRaw; }
  bool bytes() const { return flags & kBytes; }
  bool fstring() const { return flags & kFString; }
  bool terminated() const { return !(flags & kUnterminated); }
};
static_assert(sizeof(Token) <= 16);

/// A problem that makes Python refuse to compile the module (a SyntaxError).
struct SyntaxIssue {
  uint32_t offset = 0;
  uint32_t line = 1;
  std::string message;  ///< Python's wording where it has one ("unterminated string literal")
};

/// Bracket nesting outside strings, and the outermost open bracket (for "was never closed").
struct Brackets {
  uint32_t depth = 0;
  uint32_t open_offset = 0;
  uint32_t open_line = 1;
  char open_char = '(';
};

/// Python tokenizer over text[begin, end). Comments and whitespace are skipped; a physical
/// newline outside strings is a kNewline token (the caller ignores those inside brackets).
class Lexer {
 public:
  explicit Lexer(std::string_view text, size_t begin = 0, size_t end = std::string_view::npos);
  Token Next();
  /// Offset of the start of the current physical line.
  size_t line_start() const { return line_start_; }
  /// Skips the rest of a logical line nobody needs tokens of, up to and including its newline
  /// outside brackets, still following strings, comments, continuations and brackets. The first
  /// problem found is stored in `issue` unless it already holds one.
  void SkipLogicalLine(Brackets& brackets, std::optional<SyntaxIssue>& issue);
  /// Applies a bracket token to `brackets`; false for a closing bracket with nothing open.
  static bool TrackBracket(char c, uint32_t offset, uint32_t line, Brackets& brackets);

 private:
  void SkipComment();
  Token LexString(size_t start, size_t prefix_len);
  void NewLine(size_t next) {
    ++line_;
    line_start_ = next;
  }

  std::string_view s_;
  size_t pos_;
  size_t end_;
  uint32_t line_ = 1;
  size_t line_start_;
};

/// The text of a string token between its quotes, with escapes decoded unless the string is raw.
std::string DecodeString(std::string_view text, const Token& tok);
/// The raw text between the quotes of a string token (no decoding).
std::string_view StringBody(std::string_view text, const Token& tok);

/// How a module-level name is bound.
struct Binding {
  enum class Kind {
    kAssign,     ///< `name [: annotation] = value`: value_begin/value_end hold the expression
    kComplex,    ///< tuple unpacking or augmented assignment: not followed
    kImport,     ///< `from x import name` / `import name`
    kStarImport  ///< `from x import *` (name is "*")
  };
  Kind kind = Kind::kAssign;
  std::string_view name;
  uint32_t stmt_begin = 0;  ///< start of the statement
  uint32_t line = 1;        ///< line of the statement
  uint32_t value_begin = 0;
  uint32_t value_end = 0;
};

/// A top-level `def`.
struct Function {
  std::string_view name;
  uint32_t line = 1;
  /// The body holds only `pass`, `...`, docstrings (and comments).
  bool trivial = true;
};

/// The module docstring: the first statement when it is only string literals.
struct Docstring {
  std::vector<Token> tokens;
  uint32_t line = 1;
};

struct Module {
  std::optional<Docstring> docstring;
  std::vector<Binding> bindings;  ///< module-level (column 0) bindings in statement order
  std::vector<Function> functions;
  std::optional<SyntaxIssue> syntax_error;  ///< the first one found

  /// The last binding of `name` that starts before `before` (npos: anywhere), or nullptr.
  const Binding* Find(std::string_view name, size_t before = std::string_view::npos) const;
  /// The last top-level `def name`, or nullptr.
  const Function* FindFunction(std::string_view name) const;
};

/// Scans a whole module. A UTF-8 byte-order mark at the start is skipped. Offsets are 32-bit:
/// callers keep `text` under 4 GiB.
Module ScanModule(std::string_view text);

}  // namespace sse::py
