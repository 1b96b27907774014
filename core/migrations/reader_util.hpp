#pragma once
/// Helpers shared by the format readers: loading a SQL migration file with its encoding checks,
/// splitting its body into statements, guessing a dialect, ordering by numeric prefixes.

#include <string>
#include <string_view>
#include <vector>

#include "core/migrations/migration.hpp"
#include "core/migrations/sql_split.hpp"
#include "core/util/fs.hpp"

namespace sse {

/// How a tool decodes a migration file, which decides whether a BOM or bad UTF-8 is a problem.
struct EncodingRules {
  bool bom_reaches_database = true;  ///< false for Flyway (strips U+FEFF)
  std::string_view tool_name;        ///< for messages: "prisma sends it to the database ..."
};

/// Reads `path` into a SourceFile. An unreadable file is an SCH011 finding (returns nullptr);
/// a byte-order mark and invalid UTF-8 are SCH011 findings that name the line and column.
SourceFilePtr LoadMigrationFile(const fs::path& path, const std::string& display,
                                const EncodingRules& rules, std::vector<Finding>& findings);

SqlLexMode LexModeFor(std::string_view dialect);

/// Fills m.body (whole file unless already set), m.chunks (one chunk = the body, unless already
/// set) and m.statements from m.file.
void FillSqlStatements(Migration& m, std::string_view dialect);

/// Guesses the SQL dialect of a set from its path ("migration_postgres", "sqlite") and from
/// tell-tale syntax in a sample of its SQL (SERIAL, $$, AUTOINCREMENT, backticks). Returns
/// "postgres", "sqlite", "mysql" or "" when nothing tells.
std::string GuessDialect(std::string_view path, std::string_view sample);

/// Sets implicit linear parents: each migration's parent is the previous one in the vector.
void LinkInOrder(std::vector<Migration>& migrations);

}  // namespace sse
