#pragma once
/// A throwaway PostgreSQL 15 server for the test binary. It is started on first use (tests that
/// do not need it cost nothing), runs from a temporary directory on a Unix socket only
/// (`listen_addresses = ''`) with test-speed settings (fsync off, no autovacuum), and is stopped
/// and removed by a GoogleTest global Environment when the binary ends. When the binary runs as
/// root, the cluster runs as the `postgres` OS user (initdb and postgres refuse root).
///
/// A missing server binary or a failed start is an Error with the reason: tests that need the
/// server fail with it (SSE_PG_DATABASE), they are never skipped. Tests that use the server have
/// a `Pg` prefix in their suite name so `--gtest_filter='Pg*'` selects them.
///
/// initdb's output is cached per PostgreSQL binary under the temporary directory
/// (`sse-pg-initdb-<uid>/`): ctest runs every test in its own process, and copying a prepared
/// cluster takes a tenth of the time initdb does.

#include <sys/types.h>

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/util/fs.hpp"
#include "core/util/result.hpp"

namespace sse::testing {

class PgServer {
 public:
  /// The running server, started on the first call. The same Error on every call after a
  /// failed start (missing binaries, initdb or start failure, with the server log's tail).
  static Result<PgServer*> Get();
  /// Stops the server if it was started and removes its directory (the Environment calls it).
  static void Shutdown();

  /// A fresh, empty database `name` (dropped first if it exists; names are lowered and reduced
  /// to [a-z0-9_]); returns its libpq URL.
  Result<std::string> CreateDatabase(const std::string& name);
  /// The libpq URL of database `db` ("postgresql://postgres@/db?host=/tmp/...&port=5xxxx").
  std::string Url(const std::string& db) const;

  const fs::path& socket_dir() const { return dir_; }
  int port() const { return port_; }
  /// The folder of the server binaries used (initdb, postgres).
  const fs::path& bin_dir() const { return bin_dir_; }
  /// The server's major version ("15").
  const std::string& version() const { return version_; }

  PgServer(const PgServer&) = delete;
  PgServer& operator=(const PgServer&) = delete;
  ~PgServer();

 private:
  PgServer() = default;
  Status Start();
  void Stop();

  fs::path bin_dir_;
  fs::path dir_;  ///< temporary directory: data/, the socket, server.log
  std::string version_;
  int port_ = 0;
  pid_t pid_ = -1;
  std::mutex mu_;
};

/// One libpq connection for a test: runs SQL as the tools do (a simple query, which may hold
/// several statements and then runs as one implicit transaction).
class PgConnection {
 public:
  static Result<std::unique_ptr<PgConnection>> Open(const std::string& url);
  ~PgConnection();
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  /// Runs `sql` as one simple query; the error names the server's message and, when the server
  /// gives one, the line of `sql` it points at.
  Status Exec(const std::string& sql);
  /// Rows of a query, every value as text ("" for NULL).
  Result<std::vector<std::vector<std::string>>> Query(const std::string& sql);

 private:
  explicit PgConnection(void* conn) : conn_(conn) {}
  void* conn_;  ///< PGconn*
};

/// PgConnection::Open(url) then Exec(sql).
Status ExecPg(const std::string& url, const std::string& sql);

/// PgServer::Get()->CreateDatabase(name), as one Result.
Result<std::string> CreatePgDatabase(const std::string& name);

/// A database name for the running test: "<suite>_<test>" lowered (unique per test).
std::string PgTestDatabaseName();

}  // namespace sse::testing

/// Declares `const std::string var` holding the URL of a fresh database for the current test,
/// or fails the test (fatal) with the reason the server could not be started.
#define SSE_PG_DATABASE(var)                                                                       \
  auto var##_result = ::sse::testing::CreatePgDatabase(::sse::testing::PgTestDatabaseName());      \
  ASSERT_TRUE(var##_result.ok()) << "PostgreSQL test server: " << var##_result.error().ToString(); \
  const std::string var = var##_result.value()
