#pragma once
/// Lexical SQL statement splitting: finds statement boundaries (';' outside strings, quoted
/// identifiers, comments, dollar quotes and trigger bodies) without knowing SQL semantics. Used
/// by the readers to record statements and spot empty migrations; the dialects re-split with
/// their real parsers.

#include <string_view>
#include <vector>

#include "core/migrations/migration.hpp"

namespace sse {

enum class SqlLexMode {
  kPostgres,  ///< '' strings, E'' escapes, "" identifiers, $tag$ quotes, nested /* */
  kSqlite,    ///< '' strings, "" `` [] identifiers, CREATE TRIGGER ... BEGIN ... END
  kGeneric,   ///< the union of both (dialect unknown)
};

/// Statements in text[range): each span starts at the first token and ends after its ';' (or at
/// the end of the range). Comment-only and empty statements are not returned.
std::vector<Span> SplitSqlStatements(std::string_view text, Span range,
                                     SqlLexMode mode = SqlLexMode::kGeneric);

/// True when text[range) holds no SQL token (only whitespace and comments).
bool IsBlankSql(std::string_view text, Span range);

/// Chunks split on a literal marker, as Drizzle splits on "--> statement-breakpoint".
std::vector<Span> SplitOnMarker(std::string_view text, Span range, std::string_view marker);

}  // namespace sse
