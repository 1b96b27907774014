#include "core/migrations/sql_split.hpp"

#include <cctype>

namespace sse {
namespace {

bool IsIdentStart(char c) {
  return std::isalpha(static_cast<unsigned char>(c)) || c == '_' ||
         static_cast<unsigned char>(c) >= 0x80;
}
bool IsIdentChar(char c) {
  return IsIdentStart(c) || std::isdigit(static_cast<unsigned char>(c)) || c == '$';
}

bool KeywordIs(std::string_view word, std::string_view kw) {
  if (word.size() != kw.size()) return false;
  for (size_t i = 0; i < word.size(); ++i) {
    if (std::toupper(static_cast<unsigned char>(word[i])) != kw[i]) return false;
  }
  return true;
}

/// Scans SQL tokens, calling on_token(begin, end, is_word) for each token that is not a comment
/// or whitespace.
class Lexer {
 public:
  Lexer(std::string_view s, size_t pos, size_t end, SqlLexMode mode)
      : s_(s), pos_(pos), end_(end), mode_(mode) {}

  /// Skips whitespace and comments; returns false at the end.
  bool SkipTrivia() {
    while (pos_ < end_) {
      char c = s_[pos_];
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
        ++pos_;
      } else if (c == '-' && pos_ + 1 < end_ && s_[pos_ + 1] == '-') {
        while (pos_ < end_ && s_[pos_] != '\n') ++pos_;
      } else if (c == '/' && pos_ + 1 < end_ && s_[pos_ + 1] == '*') {
        int depth = 0;
        do {
          if (s_.compare(pos_, 2, "/*") == 0 && mode_ != SqlLexMode::kSqlite) {
            ++depth;
            pos_ += 2;
          } else if (s_.compare(pos_, 2, "/*") == 0 && depth == 0) {
            depth = 1;
            pos_ += 2;
          } else if (s_.compare(pos_, 2, "*/") == 0) {
            --depth;
            pos_ += 2;
          } else {
            ++pos_;
          }
        } while (depth > 0 && pos_ < end_);
        if (pos_ > end_) pos_ = end_;
      } else if (static_cast<unsigned char>(c) == 0xEF && pos_ + 2 < end_ &&
                 static_cast<unsigned char>(s_[pos_ + 1]) == 0xBB &&
                 static_cast<unsigned char>(s_[pos_ + 2]) == 0xBF) {
        pos_ += 3;  // byte-order mark
      } else {
        return true;
      }
    }
    return false;
  }

  /// Reads one token starting at pos_ (after SkipTrivia). Returns its kind.
  enum class Kind { kWord, kSemicolon, kOther };
  Kind Next(size_t& begin, size_t& end) {
    begin = pos_;
    char c = s_[pos_];
    if (c == ';') {
      ++pos_;
      end = pos_;
      return Kind::kSemicolon;
    }
    if (c == '\'') {
      QuotedString('\'', false);
    } else if ((c == 'E' || c == 'e') && pos_ + 1 < end_ && s_[pos_ + 1] == '\'' &&
               mode_ != SqlLexMode::kSqlite) {
      ++pos_;
      QuotedString('\'', true);
    } else if (c == '"') {
      QuotedString('"', false);
    } else if (c == '`' && mode_ != SqlLexMode::kPostgres) {
      QuotedString('`', false);
    } else if (c == '[' && mode_ == SqlLexMode::kSqlite) {
      while (pos_ < end_ && s_[pos_] != ']') ++pos_;
      if (pos_ < end_) ++pos_;
    } else if (c == '$' && mode_ != SqlLexMode::kSqlite && DollarQuote()) {
      // consumed
    } else if (IsIdentStart(c)) {
      while (pos_ < end_ && IsIdentChar(s_[pos_])) ++pos_;
      end = pos_;
      return Kind::kWord;
    } else {
      ++pos_;
    }
    end = pos_;
    return Kind::kOther;
  }

  size_t pos() const { return pos_; }

 private:
  void QuotedString(char q, bool backslash_escapes) {
    ++pos_;
    while (pos_ < end_) {
      char c = s_[pos_];
      if (backslash_escapes && c == '\\') {
        pos_ += 2;
        continue;
      }
      if (c == q) {
        if (pos_ + 1 < end_ && s_[pos_ + 1] == q) {
          pos_ += 2;
          continue;
        }
        ++pos_;
        return;
      }
      ++pos_;
    }
    pos_ = end_;
  }

  bool DollarQuote() {
    // $tag$ ... $tag$ where tag is empty or an identifier without '$'.
    size_t i = pos_ + 1;
    while (i < end_ && (std::isalnum(static_cast<unsigned char>(s_[i])) || s_[i] == '_' ||
                        static_cast<unsigned char>(s_[i]) >= 0x80)) {
      ++i;
    }
    if (i >= end_ || s_[i] != '$') return false;
    if (i > pos_ + 1 && std::isdigit(static_cast<unsigned char>(s_[pos_ + 1]))) return false;  // $1
    std::string_view tag = s_.substr(pos_, i - pos_ + 1);
    size_t close = s_.find(tag, i + 1);
    if (close == std::string_view::npos || close + tag.size() > end_) {
      pos_ = end_;
    } else {
      pos_ = close + tag.size();
    }
    return true;
  }

  std::string_view s_;
  size_t pos_;
  size_t end_;
  SqlLexMode mode_;
};

}  // namespace

std::vector<Span> SplitSqlStatements(std::string_view text, Span range, SqlLexMode mode) {
  std::vector<Span> out;
  Lexer lex(text, range.begin, std::min<size_t>(range.end, text.size()), mode);
  size_t stmt_begin = 0;
  bool in_stmt = false;
  // Trigger bodies (CREATE TRIGGER ... BEGIN ... END) hold ';' that do not end the statement.
  int words = 0;
  bool is_trigger = false;
  int block_depth = 0;
  size_t last_end = 0;
  while (lex.SkipTrivia()) {
    size_t b, e;
    auto kind = lex.Next(b, e);
    if (!in_stmt) {
      if (kind == Lexer::Kind::kSemicolon) continue;  // empty statement
      in_stmt = true;
      stmt_begin = b;
      words = 0;
      is_trigger = false;
      block_depth = 0;
    }
    last_end = e;
    if (kind == Lexer::Kind::kWord) {
      std::string_view w = text.substr(b, e - b);
      ++words;
      if (words <= 4 && KeywordIs(w, "TRIGGER")) is_trigger = true;
      if (is_trigger && mode != SqlLexMode::kPostgres) {
        if (KeywordIs(w, "BEGIN") || KeywordIs(w, "CASE"))
          ++block_depth;
        else if (KeywordIs(w, "END") && block_depth > 0)
          --block_depth;
      }
    } else if (kind == Lexer::Kind::kSemicolon && block_depth == 0) {
      out.push_back({static_cast<uint32_t>(stmt_begin), static_cast<uint32_t>(e)});
      in_stmt = false;
    }
  }
  if (in_stmt) out.push_back({static_cast<uint32_t>(stmt_begin), static_cast<uint32_t>(last_end)});
  return out;
}

bool IsBlankSql(std::string_view text, Span range) {
  Lexer lex(text, range.begin, std::min<size_t>(range.end, text.size()), SqlLexMode::kGeneric);
  while (lex.SkipTrivia()) {
    size_t b, e;
    if (lex.Next(b, e) != Lexer::Kind::kSemicolon) return false;
  }
  return true;
}

std::vector<Span> SplitOnMarker(std::string_view text, Span range, std::string_view marker) {
  std::vector<Span> out;
  size_t start = range.begin;
  size_t end = std::min<size_t>(range.end, text.size());
  for (;;) {
    size_t hit = text.find(marker, start);
    if (hit == std::string_view::npos || hit + marker.size() > end) {
      out.push_back({static_cast<uint32_t>(start), static_cast<uint32_t>(end)});
      return out;
    }
    out.push_back({static_cast<uint32_t>(start), static_cast<uint32_t>(hit)});
    start = hit + marker.size();
  }
}

}  // namespace sse
