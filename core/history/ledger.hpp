#pragma once
/// A migration tool's history table ("ledger") as read from a database, in tool-neutral form, and
/// how far along a migration set it says the database is. FORMATS.md gives each tool's table and
/// its meaning of "applied": by name (wrangler D1, Prisma), by version (Flyway, dbmate), a single
/// high-water version (golang-migrate), a timestamp high-water mark (Drizzle).
///
/// Reading the rows is the dialect's business (one query in the inspector's read-only
/// transaction); deciding what they mean for a set is here.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/migrations/migration.hpp"
#include "core/model/catalog.hpp"

namespace sse {

/// One row of a ledger.
struct LedgerRow {
  std::string id;  ///< D1 file name, Prisma folder, Flyway/dbmate/golang-migrate version
  /// Drizzle: created_at (the journal `when` of the migration recorded).
  std::optional<int64_t> created_at;
  /// false: Flyway success = false, Prisma finished_at IS NULL or rolled back,
  /// golang-migrate dirty = true.
  bool success = true;
};

struct Ledger {
  Tool tool = Tool::kSql;
  std::string table;            ///< as found: "d1_migrations", "drizzle.__drizzle_migrations"
  std::vector<LedgerRow> rows;  ///< in the table's order (id / installed_rank / started_at)
};

/// The ledger table names each tool uses by default, for dialects that look for them.
struct LedgerTable {
  Tool tool;
  std::string table;
};
const std::vector<LedgerTable>& DefaultLedgerTables();

/// Removes the tools' history tables (in any schema, with their indexes and sequences) from a
/// catalog read from a database: they are not schema. Drizzle's own `drizzle` schema goes too
/// when nothing else is in it. Returns the tables removed.
std::vector<model::QualifiedName> EraseLedgerTables(model::Catalog& catalog);

/// What a ledger says about a set: the index (into set.migrations) of the last migration it
/// records as successfully applied, -1 when it records none of them, nullopt when the ledger
/// belongs to another tool.
std::optional<int> LastApplied(const MigrationSet& set, const Ledger& ledger);

}  // namespace sse
