// The `schema` executable does not link libpq: the PostgreSQL connection code is the module
// libschema-postgres.so beside it, loaded on first use (dialects/postgres/live.hpp). The rest of
// the suite links that code in; these tests run the real executable, so the module path itself
// is what they check: it loads (every symbol it takes from the executable is exported), it reads
// a live database exactly as the linked code does, commands without a PostgreSQL source never
// load it, and a missing or broken module is a clear exit 2.

#include <dlfcn.h>
#include <sqlite3.h>

#include <cstdlib>

#include <gtest/gtest.h>

#include "core/util/process.hpp"
#include "tests/support/cli_run.hpp"
#include "tests/support/pg_server.hpp"
#include "tests/support/temp_dir.hpp"

namespace sse {
namespace {

const fs::path kSchema = fs::path(SSE_BINARY_DIR) / "cli" / "schema";

constexpr const char* kMigration = R"sql(CREATE TYPE mood AS ENUM ('ok', 'meh');
CREATE TABLE people (
  id bigserial PRIMARY KEY,
  email varchar(255) NOT NULL UNIQUE,
  mood mood NOT NULL DEFAULT 'ok',
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX people_created_idx ON people (created_at DESC) WHERE mood = 'meh';
CREATE VIEW happy AS SELECT id, email FROM people WHERE mood = 'ok';
DO $$ BEGIN EXECUTE 'CREATE TABLE made_in_do (id int REFERENCES people)'; END $$;
)sql";

/// Runs the built executable with `env` added to the environment (restored afterwards).
ProcessResult RunExecutable(const fs::path& cwd, const std::vector<std::string>& args,
                            const std::vector<std::pair<std::string, std::string>>& env = {}) {
  std::vector<std::string> argv{kSchema.string()};
  argv.insert(argv.end(), args.begin(), args.end());
  for (const auto& [k, v] : env) ::setenv(k.c_str(), v.c_str(), 1);
  auto r = RunProcess(argv, cwd, 120);
  for (const auto& [k, v] : env) ::unsetenv(k.c_str());
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().ToString());
  return r.ok() ? *r : ProcessResult{};
}

TEST(PgModule, TheExecutableReadsALiveDatabaseThroughTheModuleAsTheLinkedCodeDoes) {
  ASSERT_TRUE(fs::exists(kSchema)) << kSchema;
  ASSERT_TRUE(fs::exists(kSchema.parent_path() / "libschema-postgres.so"));
  testing::TempDir dir;
  dir.Write("migrations/000001_init.up.sql", kMigration);
  dir.Write("migrations/000001_init.down.sql", "DROP VIEW happy; DROP TABLE people;");
  SSE_PG_DATABASE(url);
  ASSERT_TRUE(testing::ExecPg(url, kMigration).ok());

  // Inspection: byte for byte what the in-process code writes.
  ProcessResult exe = RunExecutable(dir.path(), {"snapshot", url});
  ASSERT_EQ(exe.exit_code, 0) << exe.err;
  testing::CliOutput linked = testing::RunSchema(dir.path(), {"snapshot", url});
  ASSERT_EQ(linked.rc, 0) << linked.err;
  EXPECT_EQ(exe.out, linked.out);
  EXPECT_NE(exe.out.find("\"made_in_do\""), std::string::npos) << exe.out;

  // The executed replay (a scratch database on the server) through the module too: the DO
  // block's table is there, so drift is clean.
  auto server = testing::PgServer::Get();
  ASSERT_TRUE(server.ok()) << server.error().ToString();
  exe = RunExecutable(dir.path(), {"drift", "--db", url, "--dev-url", (*server)->Url("postgres")});
  EXPECT_EQ(exe.exit_code, 0) << exe.out << exe.err;
  EXPECT_NE(exe.out.find(", executed on "), std::string::npos) << exe.out;

  // Errors cross the module as errors: an unreachable server is exit 3 naming host and port,
  // and the password stays out of it.
  exe = RunExecutable(dir.path(), {"snapshot", "postgresql://u:s3cr3t-pw@127.0.0.1:1/db",
                                   "--connect-timeout", "2"});
  EXPECT_EQ(exe.exit_code, 3) << exe.err;
  EXPECT_NE(exe.err.find("127.0.0.1:1"), std::string::npos) << exe.err;
  EXPECT_EQ((exe.out + exe.err).find("s3cr3t-pw"), std::string::npos) << exe.err;
}

TEST(PgModule, TheExecutableDoesNotLinkLibpq) {
  // What the dynamic loader maps at start (ldd's own mechanism): no libpq and none of the TLS,
  // Kerberos and LDAP libraries it brings.
  testing::TempDir dir;
  ProcessResult r = RunExecutable(dir.path(), {"--version"}, {{"LD_TRACE_LOADED_OBJECTS", "1"}});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("libc.so"), std::string::npos) << r.out;
  for (const char* lib : {"libpq.so", "libpqxx", "libgssapi", "libldap", "libgnutls"}) {
    EXPECT_EQ(r.out.find(lib), std::string::npos) << lib << " is loaded at start:\n" << r.out;
  }
}

TEST(PgModule, AMissingModuleIsExit2NamingWhereItWasLookedFor) {
  testing::TempDir dir;
  fs::path missing = dir.path() / "nowhere" / "libschema-postgres.so";
  ProcessResult r = RunExecutable(dir.path(), {"snapshot", "postgresql://u:pw@127.0.0.1:1/db"},
                                  {{"SSE_POSTGRES_MODULE", missing.string()}});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("PostgreSQL sources need libschema-postgres.so"), std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find(missing.string()), std::string::npos) << r.err;

  // Commands without a PostgreSQL source never need it.
  dir.Write("migrations/0001_init.sql", "CREATE TABLE t (id integer PRIMARY KEY);\n");
  r = RunExecutable(dir.path(), {"lint", "migrations"},
                    {{"SSE_POSTGRES_MODULE", missing.string()}});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  r = RunExecutable(dir.path(), {"snapshot", "migrations", "--dialect", "sqlite"},
                    {{"SSE_POSTGRES_MODULE", missing.string()}});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
}

TEST(PgModule, AFileThatIsNotTheModuleIsExit2WithTheLoadersReason) {
  testing::TempDir dir;
  dir.Write("fake.so", "not an ELF file\n");
  ProcessResult r = RunExecutable(dir.path(), {"snapshot", "postgresql://u:pw@127.0.0.1:1/db"},
                                  {{"SSE_POSTGRES_MODULE", (dir.path() / "fake.so").string()}});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("fake.so: cannot load the PostgreSQL module"), std::string::npos) << r.err;
  // A shared library that is not ours (SQLite, which this binary links): loads, registers
  // nothing.
  Dl_info info{};
  ASSERT_NE(dladdr(reinterpret_cast<void*>(&sqlite3_libversion), &info), 0);
  ASSERT_NE(info.dli_fname, nullptr);
  r = RunExecutable(dir.path(), {"snapshot", "postgresql://u:pw@127.0.0.1:1/db"},
                    {{"SSE_POSTGRES_MODULE", info.dli_fname}});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("not a schema PostgreSQL module"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace sse
