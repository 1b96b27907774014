#pragma once
/// The executed replay: a migration set run for real on a scratch database of a development
/// server, then inspected. The reference the static replay is held to, and what `--dev-url`
/// gives `drift`, `diff` and `snapshot` for statements the static replay cannot follow (DO blocks,
/// dynamic SQL).
///
/// The scratch database is created by the tool (`schema_dev_<pid>_<n>`) on the server of the URL
/// given, and dropped when the run ends, failed or not. That server is written to: never point
/// it at production (drift only ever reads the database given with --db).

#include <string>

#include "core/migrations/migration.hpp"
#include "core/model/catalog.hpp"
#include "dialects/postgres/inspect.hpp"

namespace sse::pg {

/// Runs set.migrations[0..up_to] (-1: all) on a new database of the server at `dev_url`, each
/// migration as its tool sends it (one multi-statement query for Prisma and golang-migrate; each
/// statement in one transaction for Flyway, dbmate, Alembic and Drizzle; statement by statement
/// for plain SQL), starting from the tool's ledger table, and returns the database's catalog
/// with that ledger left out. A migration PostgreSQL rejects is an Error naming the file, the line
/// and the server's message (kQuery); a server that cannot be reached is kConnection.
Result<model::Catalog> ExecuteOnDevServer(const MigrationSet& set, int up_to,
                                          const std::string& dev_url,
                                          const InspectOptions& options = {});

}  // namespace sse::pg
