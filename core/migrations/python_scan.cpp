// Static Python scanner (see python_scan.hpp). One pass over the bytes; statements are
// analysed as they end, from at most kMaxToks recorded tokens each.

#include "core/migrations/python_scan.hpp"

#include <algorithm>
#include <cstring>

#include <fmt/format.h>

#include "core/util/strings.hpp"
#include "core/util/utf8.hpp"

namespace sse::py {
namespace {

/// Character classes: 1 = identifier start, 2 = identifier character.
struct CharTable {
  uint8_t cls[256] = {};
  constexpr CharTable() {
    for (int c = 0; c < 256; ++c) {
      bool start = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
      bool digit = c >= '0' && c <= '9';
      cls[c] = static_cast<uint8_t>((start ? 1 : 0) | (start || digit ? 2 : 0));
    }
  }
};
constexpr CharTable kChars;

bool IsIdentStart(unsigned char c) { return kChars.cls[c] & 1; }
bool IsIdentChar(unsigned char c) { return kChars.cls[c] & 2; }
bool IsDigit(unsigned char c) { return c >= '0' && c <= '9'; }

bool IsStringPrefix(std::string_view p) {
  if (p.empty() || p.size() > 2) return false;
  bool r = false, other = false;
  for (char ch : p) {
    switch (ch) {
      case 'r':
      case 'R':
        if (r) return false;
        r = true;
        break;
      case 'u':
      case 'U':
        if (p.size() != 1) return false;  // "ur" is not valid in Python 3
        other = true;
        break;
      case 'b':
      case 'B':
      case 'f':
      case 'F':
      case 't':
      case 'T':
        if (other) return false;
        other = true;
        break;
      default:
        return false;
    }
  }
  return true;
}

/// Length of the operator at the start of `r` (1 to 3 bytes): ** // >> << <= >= == != -> :=
/// ..., their augmented forms, and single characters.
size_t OpLength(std::string_view r) {
  char a = r[0];
  char b = r.size() > 1 ? r[1] : '\0';
  char c = r.size() > 2 ? r[2] : '\0';
  switch (a) {
    case '*':
    case '/':
    case '>':
    case '<':
      if (b == a) return c == '=' ? 3 : 2;  // ** // >> << (and **= //= >>= <<=)
      if (b == '=') return 2;
      return 1;
    case '.':
      return b == '.' && c == '.' ? 3 : 1;
    case '-':
      return b == '>' || b == '=' ? 2 : 1;
    case ':':
    case '=':
    case '!':
    case '+':
    case '%':
    case '&':
    case '|':
    case '^':
    case '@':
      return b == '=' ? 2 : 1;
    default:
      return 1;
  }
}

bool IsKeyword(std::string_view w) {
  if (w.size() < 2 || w.size() > 8) return false;
  static constexpr std::string_view kKeywords[] = {
      "False", "None",     "True",  "and",    "as",   "assert", "async",  "await",    "break",
      "class", "continue", "def",   "del",    "elif", "else",   "except", "finally",  "for",
      "from",  "global",   "if",    "import", "in",   "is",     "lambda", "nonlocal", "not",
      "or",    "pass",     "raise", "return", "try",  "while",  "with",   "yield"};
  return std::find(std::begin(kKeywords), std::end(kKeywords), w) != std::end(kKeywords);
}

bool IsCompoundKeyword(std::string_view w) {
  if (w.size() < 2 || w.size() > 7 || w[0] < 'a') return false;
  static constexpr std::string_view kCompound[] = {
      "class", "if", "elif", "else", "for", "while", "with", "try", "except", "finally", "async"};
  return std::find(std::begin(kCompound), std::end(kCompound), w) != std::end(kCompound);
}

int HexVal(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

Lexer::Lexer(std::string_view text, size_t begin, size_t end)
    : s_(text), pos_(begin), end_(std::min(end, text.size())), line_start_(begin) {}

Token Lexer::Next() {
  while (pos_ < end_) {
    unsigned char c = static_cast<unsigned char>(s_[pos_]);
    if (c == ' ' || c == '\t' || c == '\f') {
      ++pos_;
      continue;
    }
    if (c == '#') {
      SkipComment();
      continue;
    }
    Token t;
    t.begin = static_cast<uint32_t>(pos_);
    t.line = line_;
    if (pos_ == line_start_) t.flags |= Token::kCol0;
    if (c == '\n' || c == '\r') {
      ++pos_;
      if (c == '\r' && pos_ < end_ && s_[pos_] == '\n') ++pos_;
      t.kind = TokKind::kNewline;
      t.end = static_cast<uint32_t>(pos_);
      NewLine(pos_);
      return t;
    }
    if (c == '\\' && pos_ + 1 < end_ && (s_[pos_ + 1] == '\n' || s_[pos_ + 1] == '\r')) {
      pos_ += 2;
      if (s_[pos_ - 1] == '\r' && pos_ < end_ && s_[pos_] == '\n') ++pos_;
      NewLine(pos_);
      continue;
    }
    size_t start = pos_;
    if (c == '\'' || c == '"') return LexString(start, 0);
    if (IsIdentStart(c)) {
      while (pos_ < end_ && IsIdentChar(static_cast<unsigned char>(s_[pos_]))) ++pos_;
      size_t len = pos_ - start;
      if (len <= 2 && pos_ < end_ && (s_[pos_] == '\'' || s_[pos_] == '"') &&
          IsStringPrefix(s_.substr(start, len))) {
        return LexString(start, len);
      }
      t.kind = TokKind::kName;
      t.end = static_cast<uint32_t>(pos_);
      return t;
    }
    if (IsDigit(c) ||
        (c == '.' && pos_ + 1 < end_ && IsDigit(static_cast<unsigned char>(s_[pos_ + 1])))) {
      ++pos_;
      while (pos_ < end_) {
        unsigned char d = static_cast<unsigned char>(s_[pos_]);
        if (IsIdentChar(d) || d == '.') {
          ++pos_;
        } else if ((d == '+' || d == '-') && (s_[pos_ - 1] == 'e' || s_[pos_ - 1] == 'E')) {
          ++pos_;
        } else {
          break;
        }
      }
      t.kind = TokKind::kNumber;
      t.end = static_cast<uint32_t>(pos_);
      return t;
    }
    pos_ += OpLength(s_.substr(pos_, std::min<size_t>(3, end_ - pos_)));
    t.kind = TokKind::kOp;
    t.end = static_cast<uint32_t>(pos_);
    return t;
  }
  Token t;
  t.kind = TokKind::kEnd;
  t.begin = t.end = static_cast<uint32_t>(end_);
  t.line = line_;
  return t;
}

void Lexer::SkipComment() {
  const char* b = s_.data() + pos_;
  const void* nl = std::memchr(b, '\n', end_ - pos_);
  size_t stop = nl ? static_cast<size_t>(static_cast<const char*>(nl) - s_.data()) : end_;
  const void* cr = std::memchr(b, '\r', stop - pos_);
  pos_ = cr ? static_cast<size_t>(static_cast<const char*>(cr) - s_.data()) : stop;
}

bool Lexer::TrackBracket(char c, uint32_t offset, uint32_t line, Brackets& br) {
  if (c == '(' || c == '[' || c == '{') {
    if (br.depth == 0) {
      br.open_offset = offset;
      br.open_line = line;
      br.open_char = c;
    }
    ++br.depth;
  } else if (c == ')' || c == ']' || c == '}') {
    if (br.depth == 0) return false;
    --br.depth;
  }
  return true;
}

void Lexer::SkipLogicalLine(Brackets& br, std::optional<SyntaxIssue>& issue) {
  while (pos_ < end_) {
    char c = s_[pos_];
    switch (c) {
      case '\n':
      case '\r':
        ++pos_;
        if (c == '\r' && pos_ < end_ && s_[pos_] == '\n') ++pos_;
        NewLine(pos_);
        if (br.depth == 0) return;
        break;
      case '#':
        SkipComment();
        break;
      case '\\':
        ++pos_;
        if (pos_ < end_ && (s_[pos_] == '\n' || s_[pos_] == '\r')) {
          ++pos_;
          if (s_[pos_ - 1] == '\r' && pos_ < end_ && s_[pos_] == '\n') ++pos_;
          NewLine(pos_);
        }
        break;
      case '\'':
      case '"': {
        Token t = LexString(pos_, 0);
        if (!t.terminated() && !issue) {
          issue = SyntaxIssue{t.begin, t.line,
                              t.quote_len == 3 ? "unterminated triple-quoted string literal"
                                               : "unterminated string literal"};
        }
        break;
      }
      case '(':
      case '[':
      case '{':
      case ')':
      case ']':
      case '}':
        if (!TrackBracket(c, static_cast<uint32_t>(pos_), line_, br) && !issue) {
          issue = SyntaxIssue{static_cast<uint32_t>(pos_), line_, fmt::format("unmatched '{}'", c)};
        }
        ++pos_;
        break;
      default:
        ++pos_;
    }
  }
}

Token Lexer::LexString(size_t start, size_t prefix_len) {
  Token t;
  t.kind = TokKind::kString;
  t.begin = static_cast<uint32_t>(start);
  t.line = line_;
  if (start == line_start_) t.flags |= Token::kCol0;
  t.prefix_len = static_cast<uint8_t>(prefix_len);
  for (size_t k = start; k < start + prefix_len; ++k) {
    char ch = s_[k];
    if (ch == 'r' || ch == 'R') t.flags |= Token::kRaw;
    if (ch == 'b' || ch == 'B') t.flags |= Token::kBytes;
    if (ch == 'f' || ch == 'F' || ch == 't' || ch == 'T') t.flags |= Token::kFString;
  }
  size_t q = start + prefix_len;
  char quote = s_[q];
  bool triple = q + 2 < end_ && s_[q + 1] == quote && s_[q + 2] == quote;
  t.quote_len = triple ? 3 : 1;
  pos_ = q + t.quote_len;
  for (;;) {
    // Skip ordinary characters quickly: only quotes, backslashes and line ends matter.
    while (pos_ < end_) {
      char k = s_[pos_];
      if (k == quote || k == '\\' || k == '\n' || k == '\r') break;
      ++pos_;
    }
    if (pos_ >= end_) {
      t.flags |= Token::kUnterminated;
      break;
    }
    char ch = s_[pos_];
    if (ch == '\\') {
      ++pos_;
      if (pos_ >= end_) continue;
      if (s_[pos_] == '\r') {
        ++pos_;
        if (pos_ < end_ && s_[pos_] == '\n') ++pos_;
        NewLine(pos_);
      } else if (s_[pos_] == '\n') {
        ++pos_;
        NewLine(pos_);
      } else {
        ++pos_;
      }
      continue;
    }
    if (ch == '\n' || ch == '\r') {
      if (!triple) {
        t.flags |= Token::kUnterminated;  // the newline is not part of the string
        break;
      }
      ++pos_;
      if (ch == '\r' && pos_ < end_ && s_[pos_] == '\n') ++pos_;
      NewLine(pos_);
      continue;
    }
    if (ch == quote) {
      if (!triple) {
        ++pos_;
        break;
      }
      if (pos_ + 2 < end_ && s_[pos_ + 1] == quote && s_[pos_ + 2] == quote) {
        pos_ += 3;
        break;
      }
    }
    ++pos_;
  }
  t.end = static_cast<uint32_t>(pos_);
  return t;
}

std::string_view StringBody(std::string_view text, const Token& tok) {
  size_t b = tok.begin + tok.prefix_len + tok.quote_len;
  size_t e = tok.terminated() ? tok.end - tok.quote_len : tok.end;
  if (e < b || e > text.size()) return {};
  return text.substr(b, e - b);
}

std::string DecodeString(std::string_view text, const Token& tok) {
  std::string_view body = StringBody(text, tok);
  if (tok.raw() || body.find('\\') == std::string_view::npos) return std::string(body);
  std::string out;
  out.reserve(body.size());
  for (size_t i = 0; i < body.size(); ++i) {
    char c = body[i];
    if (c != '\\' || i + 1 >= body.size()) {
      out += c;
      continue;
    }
    char e = body[++i];
    switch (e) {
      case '\n':
        break;
      case '\r':
        if (i + 1 < body.size() && body[i + 1] == '\n') ++i;
        break;
      case '\\':
        out += '\\';
        break;
      case '\'':
        out += '\'';
        break;
      case '"':
        out += '"';
        break;
      case 'a':
        out += '\a';
        break;
      case 'b':
        out += '\b';
        break;
      case 'f':
        out += '\f';
        break;
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 't':
        out += '\t';
        break;
      case 'v':
        out += '\v';
        break;
      case 'x':
      case 'u':
      case 'U': {
        size_t want = e == 'x' ? 2 : e == 'u' ? 4 : 8;
        if (tok.bytes() && e != 'x') {
          out += '\\';
          out += e;
          break;
        }
        uint32_t cp = 0;
        size_t k = 0;
        for (; k < want && i + 1 + k < body.size() && HexVal(body[i + 1 + k]) >= 0; ++k) {
          cp = cp * 16 + static_cast<uint32_t>(HexVal(body[i + 1 + k]));
        }
        if (k != want) {
          out += '\\';
          out += e;
          break;
        }
        i += want;
        if (tok.bytes()) {
          out += static_cast<char>(cp);
        } else {
          AppendUtf8(out, cp);
        }
        break;
      }
      default:
        if (e >= '0' && e <= '7') {
          uint32_t cp = static_cast<uint32_t>(e - '0');
          for (int k = 0; k < 2 && i + 1 < body.size() && body[i + 1] >= '0' && body[i + 1] <= '7';
               ++k) {
            cp = cp * 8 + static_cast<uint32_t>(body[++i] - '0');
          }
          if (tok.bytes()) {
            out += static_cast<char>(cp & 0xFF);
          } else {
            AppendUtf8(out, cp);
          }
        } else {
          out += '\\';  // unknown escapes (and \N{...}) stay as written
          out += e;
        }
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Module scanner

namespace {

constexpr size_t kMaxToks = 96;

class Scanner {
 public:
  explicit Scanner(std::string_view text) : text_(text) {}

  Module Run() {
    m_.bindings.reserve(16);
    m_.functions.reserve(4);
    size_t start = HasUtf8Bom(text_) ? 3 : 0;
    if (const void* nul = std::memchr(text_.data(), '\0', text_.size())) {
      size_t off = static_cast<const char*>(nul) - text_.data();
      uint32_t line =
          1 + static_cast<uint32_t>(std::count(text_.begin(), text_.begin() + off, '\n'));
      Syntax(static_cast<uint32_t>(off), line, "source code cannot contain null bytes");
    }
    Lexer lx(text_, start);
    Brackets br;
    bool new_line = true;
    for (;;) {
      Token t = lx.Next();
      if (t.kind == TokKind::kEnd) break;
      if (t.kind == TokKind::kNewline) {
        if (br.depth == 0) {
          FinishStmt();
          new_line = true;
        }
        continue;
      }
      if (t.kind == TokKind::kString && !t.terminated()) {
        Syntax(t.begin, t.line,
               t.quote_len == 3 ? "unterminated triple-quoted string literal"
                                : "unterminated string literal");
      }
      uint32_t d = br.depth;
      bool bracket = false;
      if (t.kind == TokKind::kOp && t.end - t.begin == 1) {
        char c = text_[t.begin];
        bracket = c == '(' || c == '[' || c == '{' || c == ')' || c == ']' || c == '}';
        if (bracket) {
          if (!Lexer::TrackBracket(c, t.begin, t.line, br)) {
            Syntax(t.begin, t.line, fmt::format("unmatched '{}'", c));
          }
          if (c == ')' || c == ']' || c == '}') d = br.depth;
        } else if (c == ';' && br.depth == 0) {
          FinishStmt();
          continue;
        }
      }
      if (!in_stmt_) {
        StartStmt(t, new_line);
        if (new_line && Skippable()) {
          // An indented line no analysis needs (outside any def, or in a body already known to
          // do something): skip its raw text.
          in_stmt_ = false;
          ++stmt_count_;
          lx.SkipLogicalLine(br, m_.syntax_error);
          continue;  // new_line stays true: the skip consumed the newline
        }
        new_line = false;
      }
      AddTok(t, d);
    }
    FinishStmt();
    if (br.depth > 0) {
      Syntax(br.open_offset, br.open_line, fmt::format("'{}' was never closed", br.open_char));
    }
    return std::move(m_);
  }

 private:
  struct Tok {
    Token t;
    uint32_t depth;
  };
  enum class Ctx { kModule, kDefBody, kIgnore };
  /// The recorded tokens of the current statement: a fixed buffer, no allocation per file.
  struct TokBuf {
    Tok data[kMaxToks];
    size_t n = 0;
    size_t size() const { return n; }
    bool empty() const { return n == 0; }
    void clear() { n = 0; }
    void Add(const Token& t, uint32_t depth) {
      Tok& slot = data[n++];
      slot.t = t;
      slot.depth = depth;
    }
    const Tok& operator[](size_t i) const { return data[i]; }
    const Tok* begin() const { return data; }
    const Tok* end() const { return data + n; }
  };

  std::string_view Text(const Token& t) const { return text_.substr(t.begin, t.end - t.begin); }
  bool IsName(size_t i, std::string_view w) const {
    return i < toks_.size() && toks_[i].t.kind == TokKind::kName && Text(toks_[i].t) == w;
  }
  bool IsOp(size_t i, std::string_view w) const {
    return i < toks_.size() && toks_[i].t.kind == TokKind::kOp && Text(toks_[i].t) == w;
  }

  void Syntax(uint32_t off, uint32_t line, std::string msg) {
    if (!m_.syntax_error) m_.syntax_error = SyntaxIssue{off, line, std::move(msg)};
  }

  void StartStmt(const Token& t, bool first_in_line) {
    in_stmt_ = true;
    toks_.clear();
    ntoks_ = 0;
    all_strings_ = true;
    stmt_begin_ = t.begin;
    stmt_end_ = t.end;
    stmt_line_ = t.line;
    if (first_in_line) {
      line_col0_ = t.col0();
      if (line_col0_) {
        cur_def_ = -1;
        ctx_ = Ctx::kModule;
      } else {
        ctx_ = cur_def_ >= 0 ? Ctx::kDefBody : Ctx::kIgnore;
      }
    }
  }

  void AddTok(const Token& t, uint32_t depth) {
    stmt_end_ = t.end;
    ++ntoks_;
    if (t.kind != TokKind::kString || t.fstring() || t.bytes()) all_strings_ = false;
    if (toks_.size() < kMaxToks) toks_.Add(t, depth);
  }

  bool Truncated() const { return ntoks_ > toks_.size(); }

  /// The statement just started opens an indented line whose tokens nobody needs.
  bool Skippable() const {
    if (line_col0_) return false;
    if (ctx_ == Ctx::kIgnore) return true;
    return ctx_ == Ctx::kDefBody && cur_def_ >= 0 &&
           !m_.functions[static_cast<size_t>(cur_def_)].trivial;
  }

  void FinishStmt() {
    if (!in_stmt_) return;
    in_stmt_ = false;
    if (stmt_count_++ == 0 && all_strings_ && !Truncated()) {
      Docstring doc;
      doc.line = stmt_line_;
      for (const Tok& k : toks_) doc.tokens.push_back(k.t);
      m_.docstring = std::move(doc);
    }
    switch (ctx_) {
      case Ctx::kModule:
        AnalyzeModuleLevel();
        break;
      case Ctx::kDefBody:
        AnalyzeBody();
        break;
      case Ctx::kIgnore:
        break;
    }
  }

  bool IsTrivial(size_t b, size_t e) const {
    if (b >= e) return true;
    if (e - b == 1 && (IsName(b, "pass") || IsOp(b, "..."))) return true;
    for (size_t i = b; i < e; ++i) {
      if (toks_[i].t.kind != TokKind::kString) return false;
    }
    return true;
  }

  void AnalyzeBody() {
    if (cur_def_ < 0) return;
    Function& f = m_.functions[static_cast<size_t>(cur_def_)];
    if (!f.trivial) return;
    f.trivial = !Truncated() && IsTrivial(0, toks_.size());
  }

  void AddBinding(Binding::Kind kind, const Token& name) {
    Binding b;
    b.kind = kind;
    b.name = Text(name);
    b.stmt_begin = stmt_begin_;
    b.line = stmt_line_;
    m_.bindings.push_back(b);
  }

  void AnalyzeDef(size_t name_idx) {
    ctx_ = Ctx::kIgnore;
    if (name_idx >= toks_.size() || toks_[name_idx].t.kind != TokKind::kName) return;
    Function f;
    f.name = Text(toks_[name_idx].t);
    f.line = stmt_line_;
    size_t colon = toks_.size();
    for (size_t i = name_idx + 1; i < toks_.size(); ++i) {
      if (toks_[i].depth == 0 && IsOp(i, ":")) {
        colon = i;
        break;
      }
    }
    if (Truncated()) {
      f.trivial = false;  // a header or inline body too long to be a stub
    } else if (colon < toks_.size()) {
      f.trivial = IsTrivial(colon + 1, toks_.size());
    }
    m_.functions.push_back(f);
    cur_def_ = static_cast<int>(m_.functions.size() - 1);
    ctx_ = Ctx::kDefBody;
  }

  void AnalyzeFromImport() {
    size_t i = 1;
    while (i < toks_.size() && !IsName(i, "import")) ++i;
    if (i >= toks_.size()) return;
    ++i;
    if (IsOp(i, "*")) {
      Binding b;
      b.kind = Binding::Kind::kStarImport;
      b.name = "*";
      b.stmt_begin = stmt_begin_;
      b.line = stmt_line_;
      m_.bindings.push_back(b);
      return;
    }
    while (i < toks_.size()) {
      if (toks_[i].t.kind != TokKind::kName) {
        ++i;  // '(' ')' ','
        continue;
      }
      size_t name = i;
      if (IsName(i + 1, "as") && i + 2 < toks_.size() && toks_[i + 2].t.kind == TokKind::kName) {
        name = i + 2;
        i += 3;
      } else {
        ++i;
      }
      AddBinding(Binding::Kind::kImport, toks_[name].t);
    }
  }

  void AnalyzeImport() {
    size_t i = 1;
    while (i < toks_.size()) {
      if (toks_[i].t.kind != TokKind::kName) {
        ++i;
        continue;
      }
      size_t first = i++;
      while (IsOp(i, ".") && i + 1 < toks_.size()) i += 2;
      if (IsName(i, "as") && i + 1 < toks_.size() && toks_[i + 1].t.kind == TokKind::kName) {
        AddBinding(Binding::Kind::kImport, toks_[i + 1].t);
        i += 2;
      } else {
        AddBinding(Binding::Kind::kImport, toks_[first].t);
      }
    }
  }

  void AddTargets(size_t b, size_t e, bool first, uint32_t value_begin) {
    if (b >= e) return;
    const Token& t0 = toks_[b].t;
    bool simple = t0.kind == TokKind::kName && !IsKeyword(Text(t0)) &&
                  (e - b == 1 || (first && b == 0 && IsOp(b + 1, ":") && toks_[b + 1].depth == 0));
    if (simple) {
      AddBinding(Binding::Kind::kAssign, t0);
      m_.bindings.back().value_begin = value_begin;
      m_.bindings.back().value_end = stmt_end_;
      return;
    }
    bool tuple = IsOp(b, "(") || IsOp(b, "[") || IsOp(b, "*");
    for (size_t i = b; i < e && !tuple; ++i) tuple = toks_[i].depth == 0 && IsOp(i, ",");
    if (!tuple) return;  // attribute or subscript target: binds no module name
    for (size_t i = b; i < e; ++i) {
      const Token& t = toks_[i].t;
      if (t.kind == TokKind::kName && !IsKeyword(Text(t)) && !(i > b && IsOp(i - 1, "."))) {
        AddBinding(Binding::Kind::kComplex, t);
      }
    }
  }

  void AnalyzeModuleLevel() {
    if (toks_.empty()) return;
    const Token& t0 = toks_[0].t;
    if (t0.kind == TokKind::kName) {
      std::string_view w = Text(t0);
      if (w == "def") return AnalyzeDef(1);
      if (w == "async" && IsName(1, "def")) return AnalyzeDef(2);
      if (w == "from") return AnalyzeFromImport();
      if (w == "import") return AnalyzeImport();
      if (IsCompoundKeyword(w)) {
        ctx_ = Ctx::kIgnore;  // the rest of this line is the compound statement's body
        return;
      }
    }
    size_t eqs[16];
    size_t neq = 0;
    for (size_t i = 0; i < toks_.size() && neq < 16; ++i) {
      if (toks_[i].depth != 0) continue;
      if (IsName(i, "lambda")) break;
      if (IsOp(i, "=")) eqs[neq++] = i;
    }
    if (neq == 0) {
      if (t0.kind == TokKind::kName && toks_.size() > 1 && toks_[1].t.kind == TokKind::kOp) {
        std::string_view op = Text(toks_[1].t);
        if (op.size() >= 2 && op.back() == '=' && op != "==" && op != "<=" && op != ">=" &&
            op != "!=" && op != ":=") {
          AddBinding(Binding::Kind::kComplex, t0);  // augmented assignment
        }
      }
      return;
    }
    uint32_t value_begin = toks_[eqs[neq - 1]].t.end;
    size_t seg = 0;
    for (size_t k = 0; k < neq; ++k) {
      AddTargets(seg, eqs[k], k == 0, value_begin);
      seg = eqs[k] + 1;
    }
  }

  std::string_view text_;
  Module m_;
  bool in_stmt_ = false;
  TokBuf toks_;
  size_t ntoks_ = 0;
  bool all_strings_ = true;
  uint32_t stmt_begin_ = 0;
  uint32_t stmt_end_ = 0;
  uint32_t stmt_line_ = 1;
  bool line_col0_ = false;
  Ctx ctx_ = Ctx::kModule;
  int cur_def_ = -1;
  size_t stmt_count_ = 0;
};

}  // namespace

const Binding* Module::Find(std::string_view name, size_t before) const {
  for (auto it = bindings.rbegin(); it != bindings.rend(); ++it) {
    if (it->name == name && it->stmt_begin < before) return &*it;
  }
  return nullptr;
}

const Function* Module::FindFunction(std::string_view name) const {
  for (auto it = functions.rbegin(); it != functions.rend(); ++it) {
    if (it->name == name) return &*it;
  }
  return nullptr;
}

Module ScanModule(std::string_view text) { return Scanner(text).Run(); }

}  // namespace sse::py
