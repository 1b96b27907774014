#include "dialects/sqlite/normalize.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <array>
#include <cctype>

#include "core/util/strings.hpp"

namespace sse::sqlite {

namespace {

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsWordStart(char c) {
  return IsAsciiAlpha(c) || c == '_' || static_cast<unsigned char>(c) >= 0x80;
}
bool IsWordChar(char c) { return IsWordStart(c) || IsDigit(c) || c == '$'; }

/// A name that needs no quotes when it is not a keyword: ASCII letters, digits, '_' and '$',
/// not starting with a digit or '$'.
bool IsPlainName(std::string_view s) {
  if (s.empty() || !(IsAsciiAlpha(s[0]) || s[0] == '_')) return false;
  for (char c : s) {
    if (!(IsAsciiAlnum(c) || c == '_' || c == '$')) return false;
  }
  return true;
}

/// SQLite's built-in scalar, aggregate, window, date, JSON and math functions: their names are
/// written in lower case in canonical text (SQL function names ignore case).
constexpr std::string_view kBuiltinFunctions[] = {"abs",
                                                  "acos",
                                                  "acosh",
                                                  "asin",
                                                  "asinh",
                                                  "atan",
                                                  "atan2",
                                                  "atanh",
                                                  "avg",
                                                  "ceil",
                                                  "ceiling",
                                                  "changes",
                                                  "char",
                                                  "coalesce",
                                                  "concat",
                                                  "concat_ws",
                                                  "cos",
                                                  "cosh",
                                                  "count",
                                                  "cume_dist",
                                                  "date",
                                                  "datetime",
                                                  "degrees",
                                                  "dense_rank",
                                                  "exp",
                                                  "first_value",
                                                  "floor",
                                                  "format",
                                                  "glob",
                                                  "group_concat",
                                                  "hex",
                                                  "ifnull",
                                                  "iif",
                                                  "instr",
                                                  "json",
                                                  "json_array",
                                                  "json_array_length",
                                                  "json_each",
                                                  "json_error_position",
                                                  "json_extract",
                                                  "json_group_array",
                                                  "json_group_object",
                                                  "json_insert",
                                                  "json_object",
                                                  "json_patch",
                                                  "json_quote",
                                                  "json_remove",
                                                  "json_replace",
                                                  "json_set",
                                                  "json_tree",
                                                  "json_type",
                                                  "json_valid",
                                                  "jsonb",
                                                  "julianday",
                                                  "lag",
                                                  "last_value",
                                                  "last_insert_rowid",
                                                  "lead",
                                                  "length",
                                                  "like",
                                                  "likelihood",
                                                  "likely",
                                                  "ln",
                                                  "log",
                                                  "log10",
                                                  "log2",
                                                  "lower",
                                                  "ltrim",
                                                  "max",
                                                  "min",
                                                  "mod",
                                                  "nth_value",
                                                  "ntile",
                                                  "nullif",
                                                  "octet_length",
                                                  "percent_rank",
                                                  "pi",
                                                  "pow",
                                                  "power",
                                                  "printf",
                                                  "quote",
                                                  "radians",
                                                  "random",
                                                  "randomblob",
                                                  "rank",
                                                  "replace",
                                                  "round",
                                                  "row_number",
                                                  "rtrim",
                                                  "sign",
                                                  "sin",
                                                  "sinh",
                                                  "soundex",
                                                  "sqrt",
                                                  "strftime",
                                                  "string_agg",
                                                  "substr",
                                                  "substring",
                                                  "sum",
                                                  "tan",
                                                  "tanh",
                                                  "time",
                                                  "timediff",
                                                  "total",
                                                  "total_changes",
                                                  "trim",
                                                  "trunc",
                                                  "typeof",
                                                  "unhex",
                                                  "unicode",
                                                  "unixepoch",
                                                  "unlikely",
                                                  "upper",
                                                  "zeroblob",
                                                  "sqlite_version",
                                                  "sqlite_source_id",
                                                  "sqlite_compileoption_used",
                                                  "sqlite_compileoption_get",
                                                  "sqlite_offset"};

bool IsBuiltinFunction(std::string_view lower) {
  return std::find(std::begin(kBuiltinFunctions), std::end(kBuiltinFunctions), lower) !=
         std::end(kBuiltinFunctions);
}

/// Keywords that read as a function when a '(' follows them directly.
bool IsFunctionKeyword(std::string_view upper) {
  return upper == "CAST" || upper == "RAISE" || upper == "REPLACE";
}

/// Keywords that end an operand: a '+' or '-' after them is binary.
bool EndsOperand(std::string_view upper) {
  return upper == "NULL" || upper == "CURRENT_TIMESTAMP" || upper == "CURRENT_DATE" ||
         upper == "CURRENT_TIME" || upper == "END" || upper == "TRUE" || upper == "FALSE";
}

size_t MatchParen(const std::vector<Token>& t, size_t open, size_t limit) {
  int depth = 0;
  for (size_t i = open; i < limit; ++i) {
    if (t[i].IsOp("(")) ++depth;
    if (t[i].IsOp(")") && --depth == 0) return i;
  }
  return limit;
}

/// Top-level items of [begin, end) separated by ','.
std::vector<std::pair<size_t, size_t>> SplitCommas(const std::vector<Token>& t, size_t begin,
                                                   size_t end) {
  std::vector<std::pair<size_t, size_t>> out;
  int depth = 0;
  size_t start = begin;
  for (size_t i = begin; i < end; ++i) {
    if (t[i].IsOp("(")) ++depth;
    if (t[i].IsOp(")")) --depth;
    if (depth == 0 && t[i].IsOp(",")) {
      out.emplace_back(start, i);
      start = i + 1;
    }
  }
  if (start < end || !out.empty()) out.emplace_back(start, end);
  return out;
}

std::vector<std::string> NameList(const std::vector<Token>& t, size_t begin, size_t end) {
  std::vector<std::string> out;
  for (auto [a, b] : SplitCommas(t, begin, end)) {
    if (a < b) out.push_back(NameOf(t[a]));
  }
  return out;
}

}  // namespace

bool Token::Is(std::string_view word) const {
  if (kind != TokKind::kWord || text.size() != word.size()) return false;
  for (size_t i = 0; i < word.size(); ++i) {
    if (AsciiUpper(text[i]) != AsciiUpper(word[i])) return false;
  }
  return true;
}

bool IsKeyword(std::string_view word) {
  return sqlite3_keyword_check(word.data(), static_cast<int>(word.size())) != 0;
}

std::string NameOf(const Token& t) {
  if (t.kind == TokKind::kString && t.text.size() >= 2) {
    // 'name': SQLite accepts a string where a name is expected (CREATE TABLE 'f_data').
    std::string out;
    for (size_t i = 1; i + 1 < t.text.size(); ++i) {
      out += t.text[i];
      if (t.text[i] == '\'' && t.text[i + 1] == '\'') ++i;
    }
    return out;
  }
  return t.text;
}

std::vector<Token> Tokenize(std::string_view s) {
  std::vector<Token> out;
  size_t i = 0, n = s.size();
  auto push = [&](TokKind k, size_t b, size_t e, std::string text) {
    out.push_back(Token{k, std::move(text), b, e});
  };
  while (i < n) {
    char c = s[i];
    if (IsSpace(c)) {
      ++i;
      continue;
    }
    if (c == '-' && i + 1 < n && s[i + 1] == '-') {
      size_t nl = s.find('\n', i);
      i = nl == std::string_view::npos ? n : nl + 1;
      continue;
    }
    if (c == '/' && i + 1 < n && s[i + 1] == '*') {
      size_t close = s.find("*/", i + 2);
      i = close == std::string_view::npos ? n : close + 2;
      continue;
    }
    size_t b = i;
    if (c == '\'' || ((c == 'x' || c == 'X') && i + 1 < n && s[i + 1] == '\'')) {
      bool blob = c != '\'';
      size_t j = blob ? i + 2 : i + 1;
      while (j < n) {
        if (s[j] == '\'') {
          if (j + 1 < n && s[j + 1] == '\'') {
            j += 2;
            continue;
          }
          ++j;
          break;
        }
        ++j;
      }
      if (blob) {
        push(TokKind::kBlob, b, j, ToUpper(s.substr(b, j - b)));
      } else {
        push(TokKind::kString, b, j, std::string(s.substr(b, j - b)));
      }
      i = j;
      continue;
    }
    if (c == '"' || c == '`' || c == '[') {
      char close = c == '[' ? ']' : c;
      std::string name;
      size_t j = i + 1;
      while (j < n) {
        if (s[j] == close) {
          if (close != ']' && j + 1 < n && s[j + 1] == close) {
            name += close;
            j += 2;
            continue;
          }
          ++j;
          break;
        }
        name += s[j++];
      }
      push(TokKind::kQuoted, b, j, std::move(name));
      i = j;
      continue;
    }
    if (IsDigit(c) || (c == '.' && i + 1 < n && IsDigit(s[i + 1]))) {
      size_t j = i;
      if (c == '0' && j + 1 < n && (s[j + 1] == 'x' || s[j + 1] == 'X')) {
        j += 2;
        while (j < n && std::isxdigit(static_cast<unsigned char>(s[j]))) ++j;
      } else {
        while (j < n && (IsDigit(s[j]) || s[j] == '_')) ++j;
        if (j < n && s[j] == '.') {
          ++j;
          while (j < n && (IsDigit(s[j]) || s[j] == '_')) ++j;
        }
        if (j < n && (s[j] == 'e' || s[j] == 'E')) {
          size_t k = j + 1;
          if (k < n && (s[k] == '+' || s[k] == '-')) ++k;
          if (k < n && IsDigit(s[k])) {
            j = k;
            while (j < n && IsDigit(s[j])) ++j;
          }
        }
      }
      push(TokKind::kNumber, b, j, std::string(s.substr(b, j - b)));
      i = j;
      continue;
    }
    if (c == '?' || ((c == ':' || c == '@' || c == '$') && i + 1 < n && IsWordChar(s[i + 1]))) {
      size_t j = i + 1;
      while (j < n && IsWordChar(s[j])) ++j;
      push(TokKind::kVariable, b, j, std::string(s.substr(b, j - b)));
      i = j;
      continue;
    }
    if (IsWordStart(c)) {
      size_t j = i + 1;
      while (j < n && IsWordChar(s[j])) ++j;
      push(TokKind::kWord, b, j, std::string(s.substr(b, j - b)));
      i = j;
      continue;
    }
    static constexpr std::array<std::string_view, 11> kOps = {
        "->>", "||", "<=", ">=", "==", "!=", "<>", "<<", ">>", "->", "::"};
    size_t len = 1;
    for (std::string_view op : kOps) {
      if (s.substr(i, op.size()) == op) {
        len = op.size();
        break;
      }
    }
    push(TokKind::kOp, b, b + len, std::string(s.substr(b, len)));
    i += len;
  }
  return out;
}

std::string Canonical(const std::vector<Token>& t, size_t begin, size_t end) {
  end = std::min(end, t.size());
  std::string out;
  // Rendering state of the previous piece.
  bool have_prev = false;
  bool prev_open = false;        // "(" or "."
  bool prev_attaches = false;    // a function or identifier: "(" follows without a space
  bool prev_unary = false;       // a unary sign: the operand follows without a space
  bool prev_operand = false;     // ends an operand (a name, literal, ")" or NULL-like keyword)
  std::vector<bool> cast_stack;  // per open parenthesis: it belongs to CAST
  bool after_cast_as = false;    // inside CAST(... AS <type>)
  for (size_t i = begin; i < end; ++i) {
    const Token& tok = t[i];
    bool next_open = i + 1 < end && t[i + 1].IsOp("(");
    std::string text;
    bool attaches = false, operand = false, unary = false, open = false;
    bool closes = false;  // no space before
    switch (tok.kind) {
      case TokKind::kWord:
      case TokKind::kQuoted: {
        bool plain = tok.kind == TokKind::kWord || IsPlainName(tok.text);
        if (plain && IsKeyword(tok.text)) {
          text = ToUpper(tok.text);
          attaches = IsFunctionKeyword(text);
          operand = EndsOperand(text);
          if (text == "AS" && !cast_stack.empty() && cast_stack.back()) after_cast_as = true;
          // replace(...), like(...), glob(...) called as functions (not after an operand, where
          // LIKE and GLOB are operators).
          if (next_open && !(have_prev && prev_operand) && IsBuiltinFunction(ToLower(text))) {
            text = ToLower(text);
            attaches = true;
          }
        } else if (plain && (ToLower(tok.text) == "true" || ToLower(tok.text) == "false")) {
          text = ToUpper(tok.text);
          operand = true;
        } else if (plain) {
          text = tok.text;
          if (after_cast_as) {
            text = ToUpper(text);
          } else if (next_open && IsBuiltinFunction(ToLower(text))) {
            text = ToLower(text);
          }
          attaches = true;
          operand = true;
        } else {
          text = "\"";
          for (char c : tok.text) {
            text += c;
            if (c == '"') text += '"';
          }
          text += '"';
          attaches = true;
          operand = true;
        }
        break;
      }
      case TokKind::kString:
      case TokKind::kBlob:
      case TokKind::kNumber:
      case TokKind::kVariable:
        text = tok.text;
        operand = true;
        break;
      case TokKind::kOp:
        text = tok.text == "==" ? "=" : tok.text == "!=" ? "<>" : tok.text;
        if (text == "(") {
          bool is_cast = i > begin && t[i - 1].Is("CAST");
          cast_stack.push_back(is_cast);
          open = true;
        } else if (text == ")") {
          if (!cast_stack.empty()) {
            if (cast_stack.back()) after_cast_as = false;
            cast_stack.pop_back();
          }
          closes = true;
          operand = true;
        } else if (text == "," || text == ";") {
          closes = true;
        } else if (text == ".") {
          closes = true;
          open = true;
        } else if (text == "~") {
          unary = true;
        } else if (text == "-" || text == "+") {
          unary = !have_prev || !prev_operand;
        }
        break;
    }
    if (have_prev) {
      bool space = true;
      if (closes || prev_open || prev_unary) space = false;
      if (text == "(" && prev_attaches) space = false;
      if (space) out += ' ';
    }
    out += text;
    have_prev = true;
    prev_open = open;
    prev_attaches = attaches;
    prev_unary = unary;
    prev_operand = operand;
  }
  return out;
}

std::string CanonicalExpr(const std::vector<Token>& t, size_t begin, size_t end) {
  end = std::min(end, t.size());
  while (begin + 1 < end && t[begin].IsOp("(") && MatchParen(t, begin, end) == end - 1) {
    ++begin;
    --end;
  }
  return Canonical(t, begin, end);
}

std::string NormalizeExpr(std::string_view sql) {
  std::vector<Token> t = Tokenize(sql);
  return CanonicalExpr(t, 0, t.size());
}

std::string NormalizeDefault(std::string_view sql) {
  std::vector<Token> t = Tokenize(sql);
  // DEFAULT "text" and DEFAULT text (a name where a value is expected) store the string 'text'.
  if (t.size() == 1 && (t[0].kind == TokKind::kQuoted || t[0].kind == TokKind::kWord)) {
    std::string lower = ToLower(t[0].text);
    bool special = t[0].kind == TokKind::kWord &&
                   (IsKeyword(t[0].text) || lower == "true" || lower == "false");
    if (!special) {
      std::string out = "'";
      for (char c : t[0].text) {
        out += c;
        if (c == '\'') out += '\'';
      }
      return out + "'";
    }
  }
  return CanonicalExpr(t, 0, t.size());
}

std::string NormalizeSql(std::string_view sql) {
  std::vector<Token> t = Tokenize(sql);
  size_t end = t.size();
  while (end > 0 && t[end - 1].IsOp(";")) --end;
  return Canonical(t, 0, end);
}

DeclaredType NormalizeType(std::string_view declared) {
  DeclaredType out;
  std::vector<Token> t = Tokenize(declared);
  size_t i = 0;
  for (; i < t.size() && !t[i].IsOp("("); ++i) {
    if (!out.name.empty()) out.name += ' ';
    out.name += t[i].kind == TokKind::kQuoted ? t[i].text : ToUpper(t[i].text);
  }
  if (i < t.size()) {
    size_t close = MatchParen(t, i, t.size());
    for (auto [a, b] : SplitCommas(t, i + 1, close)) out.args.push_back(Canonical(t, a, b));
    // Anything after the closing parenthesis ("VARCHAR(10) BINARY") is kept in the name.
    for (size_t k = close + 1; k < t.size(); ++k) out.name += " " + ToUpper(t[k].text);
  }
  return out;
}

// ---- CREATE statement parsers ---------------------------------------------------------------

namespace {

/// Skips CREATE [TEMP|TEMPORARY] [UNIQUE|VIRTUAL] <kind> [IF NOT EXISTS] [schema.]name; returns
/// the index after the name, or npos when the text is not that statement.
size_t SkipCreateHead(const std::vector<Token>& t, std::string_view kind, bool* unique,
                      bool* is_virtual) {
  size_t i = 0;
  if (i >= t.size() || !t[i].Is("CREATE")) return std::string::npos;
  ++i;
  if (i < t.size() && (t[i].Is("TEMP") || t[i].Is("TEMPORARY"))) ++i;
  if (i < t.size() && t[i].Is("UNIQUE")) {
    if (unique) *unique = true;
    ++i;
  }
  if (i < t.size() && t[i].Is("VIRTUAL")) {
    if (is_virtual) *is_virtual = true;
    ++i;
  }
  if (i >= t.size() || !t[i].Is(kind)) return std::string::npos;
  ++i;
  if (i + 2 < t.size() && t[i].Is("IF") && t[i + 1].Is("NOT") && t[i + 2].Is("EXISTS")) i += 3;
  if (i >= t.size()) return std::string::npos;
  ++i;  // the name
  if (i + 1 < t.size() && t[i].IsOp(".")) i += 2;
  return i;
}

struct TableParser {
  std::string_view sql;
  const std::vector<Token>& t;
  ParsedTable& out;
  int key_seq = 0;
  bool exact = true;  // every clause followed in full (ParsedTable::fully_read)

  /// The source text from token `a` to token `b - 1`.
  std::string_view Text(size_t a, size_t b) const {
    return sql.substr(t[a].begin, t[b - 1].end - t[a].begin);
  }

  /// True when only white space separates tokens `a` and `a + 1`.
  bool OnlySpaceBetween(size_t a) const {
    for (size_t k = t[a].end; k < t[a + 1].begin; ++k) {
      if (!IsSpace(sql[k])) return false;
    }
    return true;
  }

  bool IsWord(size_t i, std::string_view w) const { return i < t.size() && t[i].Is(w); }

  size_t SkipOnConflict(size_t i, size_t end) const {
    if (i + 2 < end + 1 && IsWord(i, "ON") && IsWord(i + 1, "CONFLICT"))
      return std::min(i + 3, end);
    return i;
  }

  size_t ParseReferences(size_t i, size_t end, ParsedForeignKey& fk) {
    // REFERENCES table [(cols)] [ON DELETE|UPDATE action | MATCH name]* [[NOT] DEFERRABLE ...]
    ++i;
    if (i < end) fk.ref_table = NameOf(t[i++]);
    if (i < end && t[i].IsOp("(")) {
      size_t close = MatchParen(t, i, end);
      fk.ref_columns = NameList(t, i + 1, close);
      if (!SimpleNames(i + 1, close)) exact = false;
      i = close + 1;
    }
    while (i < end) {
      if (IsWord(i, "ON") && (IsWord(i + 1, "DELETE") || IsWord(i + 1, "UPDATE"))) {
        std::string& action = IsWord(i + 1, "DELETE") ? fk.on_delete : fk.on_update;
        i += 2;
        size_t words = IsWord(i, "SET") || IsWord(i, "NO") ? 2 : 1;
        action.clear();
        for (size_t k = i; k < i + words && k < end; ++k) {
          if (!action.empty()) action += ' ';
          action += ToUpper(t[k].text);
        }
        if (action != "SET NULL" && action != "SET DEFAULT" && action != "CASCADE" &&
            action != "RESTRICT" && action != "NO ACTION")
          exact = false;
        i += words;
      } else if (IsWord(i, "MATCH")) {
        i += 2;
      } else if (IsWord(i, "NOT") && IsWord(i + 1, "DEFERRABLE")) {
        fk.deferrable = false;
        i += 2;
        if (IsWord(i, "INITIALLY")) i += 2;
      } else if (IsWord(i, "DEFERRABLE")) {
        fk.deferrable = true;
        ++i;
        if (IsWord(i, "INITIALLY")) {
          fk.initially_deferred = IsWord(i + 1, "DEFERRED");
          i += 2;
        }
      } else {
        break;
      }
    }
    return std::min(i, end);
  }

  std::vector<std::string> Identifiers(size_t begin, size_t end) const {
    std::vector<std::string> ids;
    for (size_t i = begin; i < end; ++i) {
      if (t[i].kind == TokKind::kQuoted || (t[i].kind == TokKind::kWord && !IsKeyword(t[i].text))) {
        ids.push_back(NameOf(t[i]));
      }
    }
    return ids;
  }

  /// True when every comma-separated item of [begin, end) is one name.
  bool SimpleNames(size_t begin, size_t end) const {
    for (auto [a, b] : SplitCommas(t, begin, end)) {
      if (b != a + 1 || !(t[a].IsName() || t[a].kind == TokKind::kString)) return false;
    }
    return true;
  }

  /// Key columns of PRIMARY KEY (...) / UNIQUE (...): names without COLLATE / ASC / DESC (and
  /// those, per column, in `key`).
  ParsedKey KeyColumns(std::string name, size_t open, size_t close, bool* autoinc) {
    ParsedKey key;
    key.name = std::move(name);
    key.seq = key_seq++;
    auto items = SplitCommas(t, open + 1, close);
    for (size_t n = 0; n < items.size(); ++n) {
      auto [a, b] = items[n];
      if (a >= b) continue;
      key.columns.push_back(NameOf(t[a]));
      for (size_t k = a; k < b; ++k) {
        if (t[k].Is("AUTOINCREMENT") && autoinc) *autoinc = true;
      }
      // The form the inspector follows: name [COLLATE name] [ASC|DESC] [AUTOINCREMENT (last)].
      size_t k = a + 1;
      std::string collation;
      if (IsWord(k, "COLLATE") && k + 1 < b) {
        collation = NameOf(t[k + 1]);
        k += 2;
      }
      bool desc = false;
      if (k < b && (t[k].Is("ASC") || t[k].Is("DESC"))) desc = t[k++].Is("DESC");
      if (k < b && autoinc && n + 1 == items.size() && t[k].Is("AUTOINCREMENT")) ++k;
      if (k != b || !(t[a].IsName() || t[a].kind == TokKind::kString)) exact = false;
      key.collations.push_back(std::move(collation));
      key.descending.push_back(desc);
    }
    return key;
  }

  size_t ParseTableConstraint(size_t i, size_t end) {
    std::string name;
    if (IsWord(i, "CONSTRAINT") && i + 1 < end) {
      name = NameOf(t[i + 1]);
      i += 2;
    }
    if (IsWord(i, "PRIMARY") && IsWord(i + 1, "KEY") && i + 2 < end && t[i + 2].IsOp("(")) {
      size_t close = MatchParen(t, i + 2, end);
      bool autoinc = false;
      ParsedKey pk = KeyColumns(name, i + 2, close, &autoinc);
      if (autoinc) {
        for (ParsedColumn& c : out.columns) {
          if (!pk.columns.empty() && IEquals(c.name, pk.columns[0])) c.autoincrement = true;
        }
      }
      out.primary_key = std::move(pk);
      return SkipOnConflict(close + 1, end);
    }
    if (IsWord(i, "UNIQUE") && i + 1 < end && t[i + 1].IsOp("(")) {
      size_t close = MatchParen(t, i + 1, end);
      out.uniques.push_back(KeyColumns(name, i + 1, close, nullptr));
      return SkipOnConflict(close + 1, end);
    }
    if (IsWord(i, "CHECK") && i + 1 < end && t[i + 1].IsOp("(")) {
      size_t close = MatchParen(t, i + 1, end);
      out.checks.push_back({name, CanonicalExpr(t, i + 2, close), "", Identifiers(i + 2, close)});
      return SkipOnConflict(std::min(close + 1, end), end);
    }
    if (IsWord(i, "FOREIGN") && IsWord(i + 1, "KEY") && i + 2 < end && t[i + 2].IsOp("(")) {
      size_t close = MatchParen(t, i + 2, end);
      ParsedForeignKey fk;
      fk.name = name;
      fk.columns = NameList(t, i + 3, close);
      if (!SimpleNames(i + 3, close)) exact = false;
      size_t j = close + 1;
      if (IsWord(j, "REFERENCES")) {
        j = ParseReferences(j, end, fk);
      } else {
        exact = false;
      }
      out.foreign_keys.push_back(std::move(fk));
      return j;
    }
    exact = false;
    return i + 1;  // not understood: move on
  }

  static bool StartsColumnConstraint(const Token& tok) {
    static constexpr std::array<std::string_view, 11> kStarts = {
        "CONSTRAINT", "PRIMARY", "NOT",        "NULL",      "UNIQUE", "CHECK",
        "DEFAULT",    "COLLATE", "REFERENCES", "GENERATED", "AS"};
    for (std::string_view w : kStarts) {
      if (tok.Is(w)) return true;
    }
    return false;
  }

  void ParseColumn(size_t i, size_t end) {
    ParsedColumn col;
    col.name = NameOf(t[i++]);
    // The type: up to the first constraint keyword. The form the inspector follows: words, then
    // at most one parenthesis.
    size_t type_begin = i;
    while (i < end && !StartsColumnConstraint(t[i])) {
      if (t[i].IsOp("(")) {
        i = std::min(MatchParen(t, i, end) + 1, end);
        if (i < end && !StartsColumnConstraint(t[i])) exact = false;
      } else {
        if (t[i].kind != TokKind::kWord) exact = false;
        ++i;
      }
    }
    if (i > type_begin) {
      col.declared_type = std::string(Text(type_begin, i));
      // SQLite cuts a trailing "always" (GENERATED ALWAYS read as part of the type name).
      std::string_view d = col.declared_type;
      if (d.size() >= 16 && IEquals(d.substr(d.size() - 6), "always")) exact = false;
    }
    // GENERATED ALWAYS right after the type: SQLite may read it as part of the type and cut it;
    // the result is the type without it only when white space alone separates the words.
    if (IsWord(i, "GENERATED") && !(IsWord(i + 1, "ALWAYS") && OnlySpaceBetween(i) &&
                                    (i == type_begin || OnlySpaceBetween(i - 1))))
      exact = false;
    std::string pending;
    while (i < end) {
      if (IsWord(i, "CONSTRAINT") && i + 1 < end) {
        pending = NameOf(t[i + 1]);
        i += 2;
        continue;
      }
      if (IsWord(i, "PRIMARY") && IsWord(i + 1, "KEY")) {
        ParsedKey pk{pending, {col.name}, {""}, {false}, true, key_seq++};
        i += 2;
        if (IsWord(i, "ASC") || IsWord(i, "DESC")) pk.descending[0] = t[i++].Is("DESC");
        out.primary_key = std::move(pk);
        i = SkipOnConflict(i, end);
        if (IsWord(i, "AUTOINCREMENT")) {
          col.autoincrement = true;
          ++i;
        }
      } else if (IsWord(i, "NOT") && IsWord(i + 1, "NULL")) {
        col.not_null = true;
        i = SkipOnConflict(i + 2, end);
      } else if (IsWord(i, "NULL")) {
        i = SkipOnConflict(i + 1, end);
      } else if (IsWord(i, "UNIQUE")) {
        out.uniques.push_back({pending, {col.name}, {""}, {false}, true, key_seq++});
        i = SkipOnConflict(i + 1, end);
      } else if (IsWord(i, "CHECK") && i + 1 < end && t[i + 1].IsOp("(")) {
        size_t close = MatchParen(t, i + 1, end);
        out.checks.push_back(
            {pending, CanonicalExpr(t, i + 2, close), col.name, Identifiers(i + 2, close)});
        i = close + 1;
      } else if (IsWord(i, "DEFAULT")) {
        ++i;
        if (i < end && t[i].IsOp("(")) {
          // SQLite keeps what is inside the parentheses.
          size_t close = MatchParen(t, i, end);
          if (close < end) {
            std::string_view inner = sql.substr(t[i].end, t[close].begin - t[i].end);
            while (!inner.empty() && IsSpace(inner.front())) inner.remove_prefix(1);
            while (!inner.empty() && IsSpace(inner.back())) inner.remove_suffix(1);
            col.default_text = std::string(inner);
          } else {
            exact = false;
          }
          i = close + 1;
        } else {
          size_t first = i;
          i += i < end && (t[i].IsOp("-") || t[i].IsOp("+")) ? 2 : 1;
          if (i <= end) {
            col.default_text = std::string(Text(first, i));
          } else {
            exact = false;
          }
        }
      } else if (IsWord(i, "COLLATE") && i + 1 < end) {
        col.collation = ToUpper(NameOf(t[i + 1]));
        i += 2;
      } else if (IsWord(i, "REFERENCES")) {
        ParsedForeignKey fk;
        fk.name = pending;
        fk.columns = {col.name};
        i = ParseReferences(i, end, fk);
        out.foreign_keys.push_back(std::move(fk));
      } else if (IsWord(i, "GENERATED")) {
        if (!IsWord(i + 1, "ALWAYS")) exact = false;
        i += IsWord(i + 1, "ALWAYS") ? 2 : 1;
        continue;  // AS follows
      } else if (IsWord(i, "AS") && i + 1 < end && t[i + 1].IsOp("(")) {
        size_t close = MatchParen(t, i + 1, end);
        col.generated = CanonicalExpr(t, i + 2, close);
        i = close + 1;
        if (IsWord(i, "STORED")) {
          col.generated_stored = true;
          ++i;
        } else if (IsWord(i, "VIRTUAL")) {
          ++i;
        }
      } else {
        exact = false;
        ++i;
      }
      pending.clear();
    }
    out.columns.push_back(std::move(col));
  }

  static bool StartsTableConstraint(const Token& tok) {
    return tok.Is("CONSTRAINT") || tok.Is("PRIMARY") || tok.Is("UNIQUE") || tok.Is("CHECK") ||
           tok.Is("FOREIGN");
  }

  void ParseBody(size_t begin, size_t end) {
    size_t i = begin;
    bool constraints = false;
    while (i < end) {
      if (t[i].IsOp(",")) {
        ++i;
        continue;
      }
      if (constraints || StartsTableConstraint(t[i])) {
        constraints = true;
        i = ParseTableConstraint(i, end);
        continue;
      }
      size_t item_end = i;
      int depth = 0;
      for (; item_end < end; ++item_end) {
        if (t[item_end].IsOp("(")) ++depth;
        if (t[item_end].IsOp(")")) --depth;
        if (depth == 0 && t[item_end].IsOp(",")) break;
      }
      ParseColumn(i, item_end);
      i = item_end;
    }
  }
};

}  // namespace

ParsedTable ParseCreateTable(std::string_view sql) {
  ParsedTable out;
  std::vector<Token> t = Tokenize(sql);
  size_t i = SkipCreateHead(t, "TABLE", nullptr, &out.is_virtual);
  if (i == std::string::npos) return out;
  if (out.is_virtual) {
    if (i + 1 >= t.size() || !t[i].Is("USING")) return out;
    out.module = ToLower(NameOf(t[i + 1]));
    size_t j = i + 2;
    if (j < t.size() && t[j].IsOp("(")) {
      size_t close = MatchParen(t, j, t.size());
      std::string args;
      for (auto [a, b] : SplitCommas(t, j + 1, close)) {
        if (!args.empty()) args += ", ";
        args += Canonical(t, a, b);
      }
      out.module += "(" + args + ")";
    }
    out.ok = true;
    return out;
  }
  if (i >= t.size() || !t[i].IsOp("(")) return out;
  size_t close = MatchParen(t, i, t.size());
  TableParser p{sql, t, out};
  p.ParseBody(i + 1, close);
  // Table options: STRICT and WITHOUT ROWID, separated by commas.
  bool options_read = close < t.size();
  for (size_t k = close + 1; k < t.size(); ++k) {
    if (t[k].Is("STRICT")) {
      out.strict = true;
    } else if (t[k].Is("WITHOUT") && k + 1 < t.size() && t[k + 1].Is("ROWID")) {
      out.without_rowid = true;
      ++k;
    } else if (!t[k].IsOp(",")) {
      options_read = false;
    }
  }
  out.ok = true;
  out.fully_read = p.exact && options_read;
  return out;
}

ParsedIndex ParseCreateIndex(std::string_view sql) {
  ParsedIndex out;
  std::vector<Token> t = Tokenize(sql);
  size_t i = SkipCreateHead(t, "INDEX", &out.unique, nullptr);
  if (i == std::string::npos || i + 2 >= t.size() || !t[i].Is("ON")) return out;
  out.table = NameOf(t[i + 1]);
  size_t open = i + 2;
  if (!t[open].IsOp("(")) return out;
  size_t close = MatchParen(t, open, t.size());
  for (auto [a, b] : SplitCommas(t, open + 1, close)) {
    ParsedIndexKey key;
    if (b > a && (t[b - 1].Is("ASC") || t[b - 1].Is("DESC"))) {
      key.descending = t[b - 1].Is("DESC");
      --b;
    }
    // A trailing COLLATE at the top level of the item.
    int depth = 0;
    for (size_t k = a; k < b; ++k) {
      if (t[k].IsOp("(")) ++depth;
      if (t[k].IsOp(")")) --depth;
      if (depth == 0 && t[k].Is("COLLATE") && k + 2 == b) {
        key.collation = ToUpper(NameOf(t[k + 1]));
        b = k;
        break;
      }
    }
    key.is_column = b == a + 1 && (t[a].IsName() || t[a].kind == TokKind::kString);
    key.expression = key.is_column ? NameOf(t[a]) : CanonicalExpr(t, a, b);
    out.keys.push_back(std::move(key));
  }
  size_t k = close + 1;
  if (k < t.size() && t[k].Is("WHERE")) {
    size_t end = t.size();
    while (end > k + 1 && t[end - 1].IsOp(";")) --end;
    out.predicate = CanonicalExpr(t, k + 1, end);
  }
  out.ok = true;
  out.fully_read = close < t.size() && (k == t.size() || (t[k].Is("WHERE") && k + 1 < t.size()));
  return out;
}

ParsedView ParseCreateView(std::string_view sql) {
  ParsedView out;
  std::vector<Token> t = Tokenize(sql);
  size_t i = SkipCreateHead(t, "VIEW", nullptr, nullptr);
  if (i == std::string::npos || i >= t.size()) return out;
  if (t[i].IsOp("(")) {
    size_t close = MatchParen(t, i, t.size());
    out.columns = NameList(t, i + 1, close);
    i = close + 1;
  }
  if (i >= t.size() || !t[i].Is("AS")) return out;
  size_t end = t.size();
  while (end > i + 1 && t[end - 1].IsOp(";")) --end;
  out.definition = Canonical(t, i + 1, end);
  out.ok = true;
  return out;
}

ParsedTrigger ParseCreateTrigger(std::string_view sql) {
  ParsedTrigger out;
  std::vector<Token> t = Tokenize(sql);
  size_t i = SkipCreateHead(t, "TRIGGER", nullptr, nullptr);
  if (i == std::string::npos) return out;
  auto is = [&](size_t k, std::string_view w) { return k < t.size() && t[k].Is(w); };
  if (is(i, "BEFORE") || is(i, "AFTER")) {
    out.timing = ToUpper(t[i].text);
    ++i;
  } else if (is(i, "INSTEAD") && is(i + 1, "OF")) {
    out.timing = "INSTEAD OF";
    i += 2;
  }
  if (!(is(i, "INSERT") || is(i, "UPDATE") || is(i, "DELETE"))) return out;
  out.event = ToUpper(t[i].text);
  ++i;
  if (out.event == "UPDATE" && is(i, "OF")) {
    ++i;
    while (i < t.size() && !is(i, "ON")) {
      if (!t[i].IsOp(",")) out.update_of.push_back(NameOf(t[i]));
      ++i;
    }
  }
  if (!is(i, "ON") || i + 1 >= t.size()) return out;
  out.table = NameOf(t[i + 1]);
  i += 2;
  if (i + 1 < t.size() && t[i].IsOp(".")) {  // ON schema.table is not allowed, but read it
    out.table = NameOf(t[i + 1]);
    i += 2;
  }
  if (is(i, "FOR") && is(i + 1, "EACH") && is(i + 2, "ROW")) i += 3;
  size_t begin_kw = i;
  while (begin_kw < t.size() && !t[begin_kw].Is("BEGIN")) ++begin_kw;
  if (is(i, "WHEN")) out.when = CanonicalExpr(t, i + 1, begin_kw);
  if (begin_kw >= t.size()) return out;
  size_t end_kw = t.size();
  while (end_kw > begin_kw && !t[end_kw - 1].Is("END")) --end_kw;
  if (end_kw <= begin_kw + 1) return out;
  --end_kw;  // index of the final END
  size_t start = begin_kw + 1;
  for (size_t k = start; k <= end_kw; ++k) {
    if (k == end_kw || t[k].IsOp(";")) {
      if (k > start) {
        if (!out.body.empty()) out.body += ' ';
        out.body += Canonical(t, start, k) + ";";
      }
      start = k + 1;
    }
  }
  out.ok = true;
  return out;
}

}  // namespace sse::sqlite
