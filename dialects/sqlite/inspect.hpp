#pragma once
/// SQLite introspection: a database file (or an open connection) -> the neutral model, read-only,
/// following the conventions of docs/dialects/sqlite.md.
///
/// A file is opened with sqlite3_open_v2(SQLITE_OPEN_READONLY | SQLITE_OPEN_URI) as
/// `file:PATH?mode=ro` (never created; not `immutable`, so the -wal of a WAL database is read and
/// the locks of a live writer are honoured) and read in one read transaction. Tables, columns,
/// keys, foreign keys and indexes come from the pragmas (table_list, table_xinfo,
/// foreign_key_list, index_list, index_xinfo) as table-valued functions joined with
/// sqlite_schema: a fixed number of queries whatever the schema size. Unless
/// InspectOptions::use_pragmas, what the pragmas would say about ordinary tables is read from the
/// CREATE texts instead (inspect_text.hpp: the pragmas prepare a statement per table and per
/// index), the pragmas serving only the tables whose texts that reading does not follow. What the
/// pragmas do not say (constraint names, CHECK and generated expressions, collations,
/// AUTOINCREMENT, DEFERRABLE, index expressions and predicates, view and trigger bodies,
/// virtual-table modules) is read from the CREATE text SQLite keeps, through the normaliser
/// (normalize.hpp).
///
/// Left out, as not schema: `sqlite_*` (SQLite's own), `_cf_*` (Cloudflare D1 / workerd),
/// `_litestream_*` and `libsql_*` (replication), the shadow tables of virtual tables, and the
/// migration tools' ledgers (LedgerTables(), plus InspectOptions::ledger_tables), with their
/// indexes and triggers.

#include <sqlite3.h>

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/model/catalog.hpp"
#include "core/util/fs.hpp"
#include "core/util/result.hpp"
#include "dialects/sqlite/db.hpp"

namespace sse::sqlite {

struct InspectOptions {
  /// Catalog::dialect of the result: "sqlite" or "d1".
  std::string dialect = "sqlite";
  /// More ledger tables to leave out (a configured D1 migrations_table, a Drizzle
  /// migrationsTable), compared without regard to ASCII case.
  std::vector<std::string> ledger_tables;
  /// Read every table through the pragmas, not from the CREATE texts (inspect_text.hpp): the
  /// replayer, whose in-memory schema was built by executing statements, not from the texts.
  bool use_pragmas = false;
  /// How long to wait for a writer's lock before failing (kTimeout).
  int busy_timeout_ms = 5000;
  /// InspectSqlite: called with the open connection inside the inspection's read transaction,
  /// once the catalog is read (the ledgers are read there: same snapshot, one open).
  std::function<Status(sqlite3*)> in_transaction;
};

/// The tables the migration tools keep their history in: d1_migrations, __drizzle_migrations,
/// flyway_schema_history, schema_migrations, _prisma_migrations, goose_db_version,
/// alembic_version, ar_internal_metadata.
const std::vector<std::string>& LedgerTables();

/// True when a table of this name is not schema (see the header comment).
bool IsHiddenTable(std::string_view name, const InspectOptions& options = {});

/// Opens a database file read-only (never creating it). Errors name the file: kNotFound when it
/// does not exist, kInvalidArgument when it is a directory, kParse when it is not an SQLite
/// database (or is corrupt), kIo otherwise.
Result<Db> OpenReadOnly(const fs::path& file);

/// Reads the schema of the database file `file` (its "main" schema) in one read transaction.
Result<model::Catalog> InspectSqlite(const fs::path& file, const InspectOptions& options = {});

/// Reads the "main" schema of an open connection (no transaction of its own). Used by the
/// replayer on its in-memory database and by InspectSqlite.
Result<model::Catalog> InspectConnection(sqlite3* db, const InspectOptions& options = {});

}  // namespace sse::sqlite
