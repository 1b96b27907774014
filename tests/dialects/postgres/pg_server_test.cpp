// The PostgreSQL test server fixture itself: it starts on first use, is PostgreSQL 15 on a
// Unix socket only, hands out fresh databases, and reports SQL errors with their line.

#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "tests/support/pg_server.hpp"

namespace sse::testing {
namespace {

TEST(PgServer, StartsPostgres15OnAUnixSocketOnly) {
  SSE_PG_DATABASE(url);
  auto server = PgServer::Get();
  ASSERT_TRUE(server.ok());
  EXPECT_EQ(server.value()->version(), "15");
  EXPECT_TRUE(fs::is_directory(server.value()->socket_dir()));
  EXPECT_TRUE(fs::exists(server.value()->socket_dir() /
                         fmt::format(".s.PGSQL.{}", server.value()->port())));

  auto conn = PgConnection::Open(url);
  ASSERT_TRUE(conn.ok()) << conn.error().ToString();
  auto rows = conn.value()->Query(
      "SELECT current_setting('server_version_num')::int / 10000, "
      "current_setting('listen_addresses'), "
      "current_database(), current_user");
  ASSERT_TRUE(rows.ok()) << rows.error().ToString();
  ASSERT_EQ(rows.value().size(), 1u);
  EXPECT_EQ(rows.value()[0][0], "15");
  EXPECT_EQ(rows.value()[0][1], "");  // no TCP listener
  EXPECT_EQ(rows.value()[0][2], "pgserver_startspostgres15onaunixsocketonly");
  EXPECT_EQ(rows.value()[0][3], "postgres");
}

TEST(PgServer, SameServerForTheWholeBinary) {
  auto a = PgServer::Get();
  auto b = PgServer::Get();
  ASSERT_TRUE(a.ok()) << a.error().ToString();
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(a.value(), b.value());
}

TEST(PgServer, CreateDatabaseStartsEmpty) {
  auto db = CreatePgDatabase("PgServer fresh/db");
  ASSERT_TRUE(db.ok()) << db.error().ToString();
  EXPECT_NE(db.value().find("/pgserver_fresh_db?"), std::string::npos) << db.value();
  ASSERT_TRUE(ExecPg(db.value(), "CREATE TABLE t (id int); INSERT INTO t VALUES (1)").ok());

  auto again = CreatePgDatabase("PgServer fresh/db");
  ASSERT_TRUE(again.ok()) << again.error().ToString();
  auto conn = PgConnection::Open(again.value());
  ASSERT_TRUE(conn.ok());
  auto rows = conn.value()->Query("SELECT count(*) FROM pg_class WHERE relname = 't'");
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(rows.value()[0][0], "0");
}

TEST(PgServer, ErrorsNameTheStatementLine) {
  SSE_PG_DATABASE(url);
  Status st = ExecPg(url, "CREATE TABLE a (id int);\nCREATE VIEW v AS SELECT * FROM missing;\n");
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.error().message.find("relation \"missing\" does not exist"), std::string::npos)
      << st.error().message;
  EXPECT_NE(st.error().message.find("line 2: CREATE VIEW v AS SELECT * FROM missing;"),
            std::string::npos)
      << st.error().message;
  // A multi-statement query is one implicit transaction: the first table is gone too.
  auto conn = PgConnection::Open(url);
  ASSERT_TRUE(conn.ok());
  auto rows = conn.value()->Query("SELECT to_regclass('public.a') IS NULL");
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(rows.value()[0][0], "t");
}

TEST(PgServer, ClusterDoesNotRunAsRoot) {
  SSE_PG_DATABASE(url);
  auto conn = PgConnection::Open(url);
  ASSERT_TRUE(conn.ok());
  auto rows = conn.value()->Query("SELECT pg_postmaster_start_time() IS NOT NULL");
  ASSERT_TRUE(rows.ok());
  auto server = PgServer::Get();
  ASSERT_TRUE(server.ok());
  struct stat st {};
  ASSERT_EQ(::stat((server.value()->socket_dir() / "data").c_str(), &st), 0);
  if (::geteuid() == 0) {
    EXPECT_NE(st.st_uid, 0u) << "the data directory belongs to root";
  }
}

}  // namespace
}  // namespace sse::testing
