#pragma once
/// SQLite SQL text -> canonical text, and the small parsers that read what the pragmas do not
/// say out of the CREATE statements SQLite keeps in sqlite_schema (constraint names, CHECK
/// expressions, generated-column expressions, collations, AUTOINCREMENT, DEFERRABLE, index
/// expressions and predicates, view and trigger bodies, virtual-table modules).
///
/// Canonical text (docs/dialects/sqlite.md, "Expressions"): comments dropped, tokens separated by
/// one space with no space inside parentheses, before ',' / ')' / ';' or around '.'; keywords in
/// upper case; identifiers unquoted when they are plain names (a quoted keyword reads as the
/// keyword: "key" and key are the same column), double-quoted otherwise; built-in function names
/// in lower case; `==` written `=`, `!=` written `<>`; string, number and blob literals as
/// written (blob prefix and hex digits upper case). An expression that is wrapped whole in
/// parentheses loses them ("(0)" and "((0))" read "0").

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sse::sqlite {

enum class TokKind {
  kWord,    ///< unquoted word: a keyword or an identifier
  kQuoted,  ///< "x", `x` or [x]: an identifier; `text` holds the unescaped name
  kString,  ///< 'x' (text: as written, quotes included)
  kBlob,    ///< x'00'
  kNumber,
  kVariable,  ///< ?, ?1, :name, @name, $name
  kOp,        ///< operators and punctuation: ( ) , ; . + - * / etc.
};

struct Token {
  TokKind kind = TokKind::kOp;
  std::string text;  ///< kQuoted: the name; others: as written
  size_t begin = 0;  ///< byte offsets in the tokenised text
  size_t end = 0;

  bool Is(std::string_view word) const;  ///< an unquoted word equal to `word`, ignoring case
  bool IsOp(std::string_view op) const { return kind == TokKind::kOp && text == op; }
  bool IsName() const { return kind == TokKind::kWord || kind == TokKind::kQuoted; }
};

/// Tokenises SQLite SQL. Comments and white space are skipped; an unterminated string, quoted
/// name or comment runs to the end of the text.
std::vector<Token> Tokenize(std::string_view sql);

/// True when `word` is an SQLite keyword (sqlite3_keyword_check).
bool IsKeyword(std::string_view word);

/// A name as a plain string: the unescaped identifier of a quoted token, the word otherwise.
std::string NameOf(const Token& t);

/// Canonical text of tokens [begin, end) (see the header comment).
std::string Canonical(const std::vector<Token>& toks, size_t begin, size_t end);
/// Canonical text of an expression: Canonical() without parentheses wrapping the whole.
std::string CanonicalExpr(const std::vector<Token>& toks, size_t begin, size_t end);
/// Canonical text of an expression given as SQL text.
std::string NormalizeExpr(std::string_view sql);
/// Canonical text of a column default: NormalizeExpr, except that a lone name (DEFAULT "text",
/// DEFAULT text), which SQLite stores as a string, reads as that string ('text').
std::string NormalizeDefault(std::string_view sql);
/// Canonical text of any SQL text (a statement, a module argument list).
std::string NormalizeSql(std::string_view sql);

/// A declared column type: upper-case words joined by one space, and the arguments of a
/// trailing parenthesis ("varchar( 255 )" -> name "VARCHAR", args {"255"}).
struct DeclaredType {
  std::string name;
  std::vector<std::string> args;
};
DeclaredType NormalizeType(std::string_view declared);

// ---- CREATE statement parsers ---------------------------------------------------------------

/// A REFERENCES clause.
struct ParsedForeignKey {
  std::string name;                  ///< CONSTRAINT name, "" when unnamed
  std::vector<std::string> columns;  ///< local columns
  std::string ref_table;
  std::vector<std::string> ref_columns;
  bool deferrable = false;
  bool initially_deferred = false;
  std::string on_delete;  ///< the action as written, upper case ("SET NULL"); "" when not given
  std::string on_update;
};

struct ParsedCheck {
  std::string name;        ///< "" when unnamed
  std::string expression;  ///< canonical
  std::string column;      ///< the column of a column constraint, "" for a table constraint
  std::vector<std::string> identifiers;  ///< names the expression mentions, in order
};

/// A PRIMARY KEY or UNIQUE constraint (columns as written, without COLLATE/ASC/DESC).
struct ParsedKey {
  std::string name;
  std::vector<std::string> columns;
  std::vector<std::string> collations;  ///< per column: the COLLATE written there, "" when none
  std::vector<bool> descending;         ///< per column: DESC written
  bool column_level = false;            ///< a column constraint (`id INTEGER PRIMARY KEY`)
  int seq = 0;  ///< position among the table's PRIMARY KEY and UNIQUE constraints, from 0
};

struct ParsedColumn {
  std::string name;
  std::string declared_type;  ///< the type as written (after GENERATED ALWAYS is cut), "" when none
  bool not_null = false;      ///< NOT NULL written
  /// DEFAULT's value as SQLite keeps it (pragma table_info's dflt_value): the text of the term,
  /// a sign included, or of what is inside the parentheses, without surrounding white space.
  std::optional<std::string> default_text;
  std::string collation;  ///< COLLATE name, upper case; "" when none
  bool autoincrement = false;
  std::optional<std::string> generated;  ///< canonical expression
  bool generated_stored = false;
};

struct ParsedTable {
  bool ok = false;  ///< the text was a CREATE TABLE with a column list
  /// ok, and every clause of the column list had a form the parser follows in full (the inspector
  /// reads columns, keys and foreign keys from the text only then, see inspect_text.hpp).
  bool fully_read = false;
  std::vector<ParsedColumn> columns;
  std::optional<ParsedKey> primary_key;
  std::vector<ParsedKey> uniques;
  std::vector<ParsedCheck> checks;
  std::vector<ParsedForeignKey> foreign_keys;
  bool strict = false;
  bool without_rowid = false;
  // CREATE VIRTUAL TABLE
  bool is_virtual = false;
  std::string module;  ///< "fts5(title, body, content='')": module in lower case, canonical args
};
ParsedTable ParseCreateTable(std::string_view sql);

struct ParsedIndexKey {
  std::string expression;  ///< canonical
  bool is_column = false;  ///< a plain column name
  std::string collation;   ///< written COLLATE, upper case
  bool descending = false;
};

struct ParsedIndex {
  bool ok = false;
  bool fully_read = false;  ///< ok, and nothing but a WHERE clause after the key list
  bool unique = false;
  std::string table;
  std::vector<ParsedIndexKey> keys;
  std::string predicate;  ///< canonical WHERE expression, "" when none
};
ParsedIndex ParseCreateIndex(std::string_view sql);

struct ParsedView {
  bool ok = false;
  std::vector<std::string> columns;
  std::string definition;  ///< canonical SELECT
};
ParsedView ParseCreateView(std::string_view sql);

struct ParsedTrigger {
  bool ok = false;
  std::string timing = "BEFORE";  ///< BEFORE, AFTER, INSTEAD OF (BEFORE when not written)
  std::string event;              ///< INSERT, UPDATE, DELETE
  std::vector<std::string> update_of;
  std::string table;
  std::string when;  ///< canonical
  std::string body;  ///< canonical statements, each ending with ';', separated by one space
};
ParsedTrigger ParseCreateTrigger(std::string_view sql);

}  // namespace sse::sqlite
