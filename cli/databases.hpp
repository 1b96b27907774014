#pragma once
/// Live-database SOURCES (CONTRACT.md "Sources"): `sqlite:PATH` or a path ending .db / .sqlite /
/// .sqlite3, `d1:BINDING` (the local wrangler state of that binding; --env picks the wrangler
/// environment), `d1:BINDING?remote` (through `wrangler d1 execute --remote --json`, the user's
/// own wrangler login), `postgres://` / `postgresql://` URLs and libpq keyword strings. Every one
/// is only read: the dialect inspectors open read-only, in one read transaction.

#include <optional>
#include <string>
#include <vector>

#include "cli/options.hpp"
#include "core/history/ledger.hpp"
#include "core/model/catalog.hpp"

namespace sse::cli {

/// True when `spec` names a database rather than a file or folder.
bool IsDatabaseSpec(std::string_view spec);

/// What drift and diff need to know to open a database beyond its spec.
struct DatabaseOptions {
  std::string env;  ///< wrangler --env for d1:BINDING
  int connect_timeout_s = 10;
  /// PostgreSQL migration folders are run for real on a scratch database of this server
  /// (executed replay) instead of replayed statically.
  std::string dev_url;
};

struct LiveDatabase {
  model::Catalog catalog;
  std::string dialect;  ///< postgres | sqlite | d1
  std::string
      description;  ///< "sqlite file app.db", "d1 binding DB (local state ...)": never a password
  /// The migration tools' history tables found in the database (wrangler's, Drizzle's, ...).
  std::vector<Ledger> ledgers;
  /// D1: the binding's migrations folder, from the wrangler config (the default expected set).
  std::optional<fs::path> migrations_dir;
};

/// Opens and inspects a live database. Errors that mean "cannot read the database" (missing
/// file, not a database, unreachable server, wrangler missing or failing) carry an operational
/// code (exit 3); a malformed spec is kInvalidArgument (exit 2).
Result<LiveDatabase> OpenDatabase(Context& ctx, const std::string& spec,
                                  const DatabaseOptions& options);

}  // namespace sse::cli
