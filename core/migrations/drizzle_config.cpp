// Static reading of drizzle.config.* files (see drizzle_config.hpp and docs/formats/drizzle.md).

#include "core/migrations/drizzle_config.hpp"

#include <vector>

#include "core/util/strings.hpp"

namespace sse {
namespace {

/// A JS token: only what the key/value scan needs.
struct Token {
  enum class Kind { kIdent, kString, kPunct, kOther };
  Kind kind = Kind::kOther;
  size_t begin = 0;
  std::string text;      ///< identifier, string value (unescaped) or punctuation character
  bool dynamic = false;  ///< template literal with ${...}
};

bool IsIdentStart(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$' ||
         static_cast<unsigned char>(c) >= 0x80;
}
bool IsIdentChar(char c) { return IsIdentStart(c) || (c >= '0' && c <= '9'); }

/// Reads a quoted string starting at s[i] (the quote); returns the index past it.
size_t ReadString(std::string_view s, size_t i, Token& tok) {
  char q = s[i++];
  tok.kind = Token::Kind::kString;
  while (i < s.size() && s[i] != q) {
    char c = s[i];
    if (c == '\\' && i + 1 < s.size()) {
      char e = s[i + 1];
      switch (e) {
        case 'n':
          tok.text += '\n';
          break;
        case 't':
          tok.text += '\t';
          break;
        case 'r':
          tok.text += '\r';
          break;
        default:
          tok.text += e;
          break;
      }
      i += 2;
      continue;
    }
    if (q == '`' && c == '$' && i + 1 < s.size() && s[i + 1] == '{') {
      // A template substitution: skip to the matching brace (nested braces counted).
      tok.dynamic = true;
      int depth = 0;
      for (; i < s.size(); ++i) {
        if (s[i] == '{') ++depth;
        if (s[i] == '}' && --depth == 0) break;
      }
      if (i < s.size()) ++i;
      continue;
    }
    if (q != '`' && (c == '\n' || c == '\r')) break;  // unterminated: stop at the line end
    tok.text += c;
    ++i;
  }
  return i < s.size() ? i + 1 : i;
}

std::vector<Token> Tokenize(std::string_view s) {
  std::vector<Token> out;
  size_t i = 0;
  while (i < s.size()) {
    char c = s[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      ++i;
    } else if (c == '/' && i + 1 < s.size() && s[i + 1] == '/') {
      while (i < s.size() && s[i] != '\n') ++i;
    } else if (c == '/' && i + 1 < s.size() && s[i + 1] == '*') {
      size_t end = s.find("*/", i + 2);
      i = end == std::string_view::npos ? s.size() : end + 2;
    } else if (c == '"' || c == '\'' || c == '`') {
      Token t;
      t.begin = i;
      i = ReadString(s, i, t);
      out.push_back(std::move(t));
    } else if (IsIdentStart(c)) {
      Token t;
      t.kind = Token::Kind::kIdent;
      t.begin = i;
      while (i < s.size() && IsIdentChar(s[i])) t.text += s[i++];
      out.push_back(std::move(t));
    } else if (c == '{' || c == '}' || c == '[' || c == ']' || c == '(' || c == ')' || c == ':' ||
               c == ',' || c == '?') {
      Token t;
      t.kind = Token::Kind::kPunct;
      t.begin = i;
      t.text = std::string(1, c);
      out.push_back(std::move(t));
      ++i;
    } else {
      Token t;
      t.begin = i;
      t.text = std::string(1, c);
      out.push_back(std::move(t));
      ++i;
    }
  }
  return out;
}

bool IsPunct(const Token& t, char c) {
  return t.kind == Token::Kind::kPunct && t.text.size() == 1 && t.text[0] == c;
}

/// The value token after `key :` is a literal only when the next token ends the property.
DrizzleConfigValue ValueAt(const std::vector<Token>& toks, size_t key, size_t value) {
  DrizzleConfigValue v;
  v.key_offset = toks[key].begin;
  const Token& t = toks[value];
  bool ends =
      value + 1 >= toks.size() || IsPunct(toks[value + 1], ',') || IsPunct(toks[value + 1], '}');
  if (t.kind == Token::Kind::kString && !t.dynamic && ends) {
    v.value = t.text;
  } else {
    v.dynamic = true;
  }
  return v;
}

}  // namespace

DrizzleConfig ScanDrizzleConfig(std::string_view text) {
  DrizzleConfig cfg;
  std::vector<Token> toks = Tokenize(text);
  // Stack of open brackets; for '{' the key that names the object ("" if none).
  struct Frame {
    char open;
    std::string key;
  };
  std::vector<Frame> stack;
  std::string pending_key;  // key whose value is about to open
  for (size_t i = 0; i < toks.size(); ++i) {
    const Token& t = toks[i];
    if (IsPunct(t, '{') || IsPunct(t, '[') || IsPunct(t, '(')) {
      stack.push_back({t.text[0], t.text[0] == '{' ? pending_key : std::string()});
      pending_key.clear();
      continue;
    }
    pending_key.clear();
    if (IsPunct(t, '}') || IsPunct(t, ']') || IsPunct(t, ')')) {
      if (!stack.empty()) stack.pop_back();
      continue;
    }
    // A property key: identifier or string right after '{' or ',' inside an object, then ':'.
    if ((t.kind != Token::Kind::kIdent && t.kind != Token::Kind::kString) || stack.empty() ||
        stack.back().open != '{' || i == 0 ||
        !(IsPunct(toks[i - 1], '{') || IsPunct(toks[i - 1], ',')) || i + 2 >= toks.size() ||
        !IsPunct(toks[i + 1], ':')) {
      continue;
    }
    std::string path;
    for (const Frame& f : stack) {
      if (f.open == '{' && !f.key.empty()) path += f.key + ".";
    }
    path += t.text;
    if (IsPunct(toks[i + 2], '{')) {
      pending_key = t.text;
      ++i;  // the ':'; the '{' is pushed on the next round
      continue;
    }
    std::optional<DrizzleConfigValue>* slot = nullptr;
    if (path == "out") slot = &cfg.out;
    if (path == "dialect") slot = &cfg.dialect;
    if (path == "driver") slot = &cfg.driver;
    if (path == "migrations.table") slot = &cfg.migrations_table;
    if (path == "migrations.schema") slot = &cfg.migrations_schema;
    if (path == "migrations.prefix") slot = &cfg.migrations_prefix;
    if (slot && !*slot) *slot = ValueAt(toks, i, i + 2);
  }
  return cfg;
}

bool IsDrizzleConfigName(std::string_view name) {
  static const char* const kExts[] = {".ts", ".js", ".mjs", ".cjs", ".mts", ".cts", ".json"};
  // Cheap rejection first: this runs on every file name of every folder the walk visits.
  if (name.size() < 10 || !IEquals(name.substr(0, 7), "drizzle")) return false;
  std::string lower = ToLower(name);
  if (lower.rfind("drizzle", 0) != 0) return false;
  bool ext = false;
  for (const char* e : kExts) {
    if (lower.size() > std::string_view(e).size() && lower.ends_with(e)) ext = true;
  }
  if (!ext) return false;
  // drizzle.config.ts, drizzle.pg.config.ts, drizzle-sqlite.config.ts, drizzle.config.pg.ts
  return lower.find(".config.") != std::string::npos &&
         (lower.size() == 7 || lower[7] == '.' || lower[7] == '-' || lower[7] == '_');
}

std::string DrizzleConfigDialect(std::string_view dialect, std::string_view driver) {
  std::string drv = ToLower(driver);
  if (drv == "d1-http" || drv == "d1") return "d1";
  std::string d = DrizzleJournalDialect(ToLower(dialect));
  if (!d.empty()) return d;
  // drizzle-kit < 0.21 had no `dialect`: the driver named the database.
  if (drv == "pg" || drv == "pglite" || drv == "aws-data-api") return "postgres";
  if (drv == "mysql2") return "mysql";
  if (drv == "better-sqlite" || drv == "libsql" || drv == "turso" || drv == "expo" ||
      drv == "durable-sqlite") {
    return "sqlite";
  }
  return "";
}

std::string DrizzleJournalDialect(std::string_view dialect) {
  if (dialect == "postgresql" || dialect == "pg" || dialect == "postgres") return "postgres";
  if (dialect == "sqlite" || dialect == "turso") return "sqlite";
  if (dialect == "mysql" || dialect == "singlestore") return "mysql";
  return "";
}

}  // namespace sse
