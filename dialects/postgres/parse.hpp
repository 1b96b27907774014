#pragma once
/// PostgreSQL parsing through libpg_query (the PostgreSQL 15 parser itself). Text becomes
/// statements with absolute byte spans and typed parse trees (libpg_query's protobuf-c
/// structures, owned by RAII handles); a syntax error is confined to its statement, the others
/// still parse. Expressions are deparsed back to canonical SQL so that the model compares
/// "DEFAULT now()" and "default NOW( )" as equal.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <pg_query.h>
#include <pg_query/pg_query.pb-c.h>

#include "core/migrations/migration.hpp"

namespace sse::pg {

/// Owns one libpg_query parse result.
class ParseResult {
 public:
  explicit ParseResult(PgQuery__ParseResult* result) : result_(result) {}
  ~ParseResult();
  ParseResult(const ParseResult&) = delete;
  ParseResult& operator=(const ParseResult&) = delete;
  const PgQuery__ParseResult* get() const { return result_; }

 private:
  PgQuery__ParseResult* result_;
};

/// One statement of a text.
struct Statement {
  Span span;  ///< absolute bytes, from the first token to the end of the statement (';' excluded)
  const PgQuery__Node* node = nullptr;  ///< nullptr when the statement does not parse
  std::string error;          ///< the parser's message ("syntax error at or near \"TABL\"")
  uint32_t error_offset = 0;  ///< absolute byte offset of the error
};

/// Statements of a text, with the parse results that own their trees.
struct ParsedText {
  std::vector<Statement> statements;
  std::vector<std::shared_ptr<ParseResult>> owners;
};

/// Parses text[range): all statements in one parse when the text is valid, else statement by
/// statement so that only the broken ones carry an error. psql meta-commands (lines starting
/// with a backslash, as `pg_dump` writes `\restrict` and `\connect`) are skipped.
ParsedText ParseStatements(std::string_view text, Span range);

/// Parses one expression-bearing SQL snippet (used by tests and introspection): the statements
/// of `sql` with offsets relative to it.
ParsedText ParseSql(std::string_view sql);

/// Canonical SQL of an expression node ("now()", "(price > (0)::numeric)"): libpg_query's
/// deparser, with the simplest expressions written directly the way it writes them.
std::string DeparseExpr(const PgQuery__Node* expr);
/// DeparseExpr always through the library (tests hold the two to the same output).
std::string DeparseExprWithLibrary(const PgQuery__Node* expr);
/// Canonical SQL of a whole statement node (a view's SELECT).
std::string DeparseStatement(const PgQuery__Node* stmt);

/// The value of a String node, or "" for other nodes.
std::string_view StringValue(const PgQuery__Node* node);

}  // namespace sse::pg
