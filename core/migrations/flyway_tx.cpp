// Flyway's non-transactional statement detection (flyway-database-postgresql
// PostgreSQLParser.detectCanExecuteInTransaction, flyway-core SQLiteParser).

#include "core/migrations/flyway_tx.hpp"

#include <cctype>
#include <vector>

namespace sse::flyway {
namespace {

bool IsWordStart(char c) {
  return std::isalpha(static_cast<unsigned char>(c)) || c == '_' ||
         static_cast<unsigned char>(c) >= 0x80;
}
bool IsWordChar(char c) {
  return IsWordStart(c) || std::isdigit(static_cast<unsigned char>(c)) || c == '$';
}

/// Upper-cased keywords at parenthesis depth 0, skipping comments, strings, quoted identifiers
/// and dollar quotes.
std::vector<std::string> Keywords(std::string_view s, size_t max_keywords) {
  std::vector<std::string> out;
  size_t i = 0;
  int depth = 0;
  while (i < s.size() && out.size() < max_keywords) {
    char c = s[i];
    if (c == '-' && i + 1 < s.size() && s[i + 1] == '-') {
      while (i < s.size() && s[i] != '\n') ++i;
    } else if (c == '/' && i + 1 < s.size() && s[i + 1] == '*') {
      int nest = 1;
      i += 2;
      while (i < s.size() && nest > 0) {
        if (s.compare(i, 2, "/*") == 0) {
          ++nest;
          i += 2;
        } else if (s.compare(i, 2, "*/") == 0) {
          --nest;
          i += 2;
        } else {
          ++i;
        }
      }
    } else if (c == '\'' || c == '"' || c == '`') {
      bool backslash = c == '\'' && i > 0 && (s[i - 1] == 'E' || s[i - 1] == 'e');
      ++i;
      while (i < s.size()) {
        if (backslash && s[i] == '\\') {
          i += 2;
          continue;
        }
        if (s[i] == c) {
          if (i + 1 < s.size() && s[i + 1] == c) {
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        ++i;
      }
    } else if (c == '$') {
      size_t j = i + 1;
      while (j < s.size() && IsWordChar(s[j]) && s[j] != '$') ++j;
      if (j < s.size() && s[j] == '$' &&
          !(j > i + 1 && std::isdigit(static_cast<unsigned char>(s[i + 1])))) {
        std::string_view tag = s.substr(i, j - i + 1);
        size_t close = s.find(tag, j + 1);
        i = close == std::string_view::npos ? s.size() : close + tag.size();
      } else {
        i = j;
      }
    } else if (c == '(') {
      ++depth;
      ++i;
    } else if (c == ')') {
      if (depth > 0) --depth;
      ++i;
    } else if (std::isdigit(static_cast<unsigned char>(c))) {
      while (i < s.size() && (IsWordChar(s[i]) || s[i] == '.')) ++i;
    } else if (IsWordStart(c)) {
      size_t b = i;
      while (i < s.size() && IsWordChar(s[i])) ++i;
      if (depth == 0) {
        std::string w(s.substr(b, i - b));
        for (char& ch : w) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
        out.push_back(std::move(w));
      }
    } else {
      ++i;
    }
  }
  return out;
}

bool PostgresNonTransactional(const std::vector<std::string>& k) {
  auto is = [&](size_t i, std::string_view w) { return i < k.size() && k[i] == w; };
  size_t n = k.size();
  // ^(CREATE|DROP) (DATABASE|TABLESPACE|SUBSCRIPTION)
  if (n >= 2 && (is(0, "CREATE") || is(0, "DROP")) &&
      (is(1, "DATABASE") || is(1, "TABLESPACE") || is(1, "SUBSCRIPTION"))) {
    return true;
  }
  if (is(0, "ALTER") && is(1, "SYSTEM")) return true;
  // ^(CREATE|DROP)( UNIQUE)? INDEX CONCURRENTLY
  if (is(0, "CREATE") || is(0, "DROP")) {
    size_t i = is(1, "UNIQUE") ? 2 : 1;
    if (is(i, "INDEX") && is(i + 1, "CONCURRENTLY")) return true;
  }
  // ^REINDEX( VERBOSE)? (SCHEMA|DATABASE|SYSTEM)
  if (is(0, "REINDEX")) {
    size_t i = is(1, "VERBOSE") ? 2 : 1;
    if (is(i, "SCHEMA") || is(i, "DATABASE") || is(i, "SYSTEM")) return true;
  }
  if (is(0, "VACUUM")) return true;
  if (is(0, "DISCARD") && is(1, "ALL")) return true;
  return false;
}

}  // namespace

std::string SimplifiedStatement(std::string_view statement, size_t max_keywords) {
  std::string out;
  for (const std::string& w : Keywords(statement, max_keywords)) {
    if (!out.empty()) out += ' ';
    out += w;
  }
  return out;
}

bool IsNonTransactional(std::string_view statement, std::string_view dialect) {
  // Flyway stops looking after 10 keywords (getTransactionalDetectionCutoff).
  std::vector<std::string> k = Keywords(statement, 10);
  if (dialect == "postgres") return PostgresNonTransactional(k);
  if (dialect == "sqlite") return k.size() >= 2 && k[0] == "PRAGMA" && k[1] == "FOREIGN_KEYS";
  return false;
}

}  // namespace sse::flyway
