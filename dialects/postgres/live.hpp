#pragma once
/// Live PostgreSQL access (inspect.cpp, execute.cpp) behind a module loaded on first use.
///
/// libpq and libpqxx bring about 25 shared libraries with them (TLS, Kerberos, LDAP, SASL, IDN):
/// mapping and relocating them took 6 ms of every `schema` start, four times the rest of the start
/// and a third of `schema lint` on a 2,000-revision Alembic history. So the `schema` executable
/// does not link them: the code that connects is `libschema-postgres.so`, opened with dlopen the
/// first time a `postgres://` source needs it. The module is built with the executable and found
/// beside it (or in `../lib/schema/`, or at `$SSE_POSTGRES_MODULE`); it takes the rest of `schema`
/// (model, parser, ledgers) from the executable, which exports its `sse::` symbols for it.
///
/// Programs that link the connection code themselves (the test suite) register it at start-up and
/// never load the module. Callers only see `LivePostgres()`.

#include <cstdint>
#include <initializer_list>
#include <string>

#include "core/migrations/migration.hpp"
#include "core/model/catalog.hpp"
#include "core/util/result.hpp"
#include "dialects/postgres/inspect.hpp"

namespace sse::pg {

/// What the module provides: the functions of inspect.hpp and execute.hpp that callers outside
/// it use. No exception crosses it: failures are Errors.
struct LiveApi {
  /// kLiveAbi of the build that compiled the module; the loader refuses any other.
  uint64_t abi = 0;
  Result<model::Catalog> (*inspect)(const std::string& url,
                                    const InspectOptions& options) = nullptr;
  Result<model::Catalog> (*execute)(const MigrationSet& set, int up_to, const std::string& dev_url,
                                    const InspectOptions& options) = nullptr;
  std::string (*describe_target)(const std::string& url) = nullptr;
};

/// The layout the executable and the module must agree on: a module from another build (other
/// struct layouts) is refused with a message instead of crashing.
constexpr uint64_t LiveAbiOf(std::initializer_list<uint64_t> sizes) {
  uint64_t h = 1;  // the version of LiveApi's meaning: bump it when a function's contract changes
  for (uint64_t size : sizes) h = h * 1000003 + size;
  return h;
}
inline constexpr uint64_t kLiveAbi =
    LiveAbiOf({sizeof(LiveApi), sizeof(InspectOptions), sizeof(InspectReport), sizeof(Error),
               sizeof(model::Catalog), sizeof(model::Table), sizeof(model::Column),
               sizeof(model::Index), sizeof(MigrationSet), sizeof(Migration)});

/// Called by the connection code when it is loaded (a static initializer of module.cpp).
void RegisterLive(const LiveApi* api);

/// The connection code: the registered one, else the module, loaded once (thread-safe).
/// kUnsupported naming the paths tried when the module is missing or cannot be loaded.
Result<const LiveApi*> LivePostgres();

}  // namespace sse::pg
