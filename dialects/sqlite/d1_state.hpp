#pragma once
/// The local state of a Cloudflare D1 database: the SQLite file `wrangler d1 ... --local` and
/// `wrangler dev` keep under `.wrangler/state/v3/d1/` (FORMATS.md 4.5), found from the wrangler
/// config the migration reader already parses (core/migrations/wrangler_config.hpp).
///
///   <root>/v3/d1/miniflare-D1DatabaseObject/<hex>.sqlite
///   root = --persist-to, else <folder of the wrangler config>/.wrangler/state
///   hex  = workerd's ActorIdFactoryImpl::idFromName of the object name:
///          key = SHA-256("miniflare-D1DatabaseObject"),
///          a = HMAC-SHA256(key, name)[0..16), b = HMAC-SHA256(key, a)[0..16), hex(a || b)
///   name = preview_database_id ?? database_id ?? binding   (wrangler d1 execute/migrations)

#include <optional>
#include <string>
#include <string_view>

#include "core/migrations/wrangler_config.hpp"
#include "core/model/catalog.hpp"
#include "core/util/fs.hpp"
#include "core/util/result.hpp"

namespace sse::sqlite {

/// "<64 hex>.sqlite": the file miniflare gives the D1 database object named `object_name`.
std::string D1StateFileName(std::string_view object_name);

struct D1LocalState {
  fs::path file;                 ///< the database file (it exists)
  std::string binding;           ///< the entry's binding
  std::string object_name;       ///< the string hashed into the file name
  std::string object_source;     ///< "preview_database_id", "database_id" or "binding"
  std::string migrations_table;  ///< the entry's ledger table (left out of the schema)
};

struct D1StateOptions {
  std::string env;  ///< wrangler --env ("" = the top level)
  /// wrangler --persist-to: the state root instead of <config folder>/.wrangler/state.
  std::optional<fs::path> persist_to;
};

/// Finds the local state file of `name` (a binding or a database_name, as wrangler's d1 commands
/// accept) in `config`. Errors (kNotFound): no entry of that name in the active environment (the
/// message lists the bindings there, and names the environments that do have it), or no state
/// file yet (the message names the expected path and the command that creates it).
Result<D1LocalState> FindD1LocalState(const WranglerConfig& config, std::string_view name,
                                      const D1StateOptions& options = {});

/// FindD1LocalState, then InspectSqlite on the file (dialect "d1", the entry's migrations_table
/// left out with the other ledgers).
Result<model::Catalog> InspectD1Local(const WranglerConfig& config, std::string_view name,
                                      const D1StateOptions& options = {});

}  // namespace sse::sqlite
