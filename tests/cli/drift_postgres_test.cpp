// `schema drift --db postgres://...` end to end on the test run's PostgreSQL 15: a golang-migrate
// history applied for real, then one change planted with SQL per case; drift reports exactly
// that change (code, object path, property) and nothing else. A password in the URL never
// appears in any output; an unreachable server is exit 3 naming the host and port.

#include <chrono>
#include <thread>

#include <gtest/gtest.h>

#include "tests/support/cli_run.hpp"
#include "tests/support/pg_server.hpp"
#include "tests/support/temp_dir.hpp"

namespace sse {
namespace {

constexpr const char* kInit = R"sql(CREATE EXTENSION IF NOT EXISTS pgcrypto;
CREATE TYPE order_status AS ENUM ('new', 'paid', 'shipped', 'cancelled');
CREATE TABLE customers (
  id bigserial PRIMARY KEY,
  email varchar(255) NOT NULL UNIQUE,
  name text,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE orders (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  customer_id bigint NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
  status order_status NOT NULL DEFAULT 'new',
  total numeric(12,2) NOT NULL CHECK (total >= 0),
  note text
);
CREATE INDEX orders_customer_idx ON orders (customer_id) WHERE status <> 'shipped';
CREATE VIEW open_orders AS
  SELECT o.id, c.email FROM orders o JOIN customers c ON c.id = o.customer_id
  WHERE o.status IN ('new', 'paid');
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN NEW.note := coalesce(NEW.note, ''); RETURN NEW; END $$;
CREATE TRIGGER orders_touch BEFORE INSERT ON orders FOR EACH ROW EXECUTE FUNCTION touch();
ALTER TABLE orders ENABLE ROW LEVEL SECURITY;
CREATE POLICY orders_owner ON orders USING (customer_id > 0);
CREATE SEQUENCE invoice_no START 1000;
)sql";

/// golang-migrate's ledger as its postgres driver creates it, recording version 1.
constexpr const char* kLedger =
    "CREATE TABLE schema_migrations (version bigint NOT NULL PRIMARY KEY, dirty boolean NOT "
    "NULL); INSERT INTO schema_migrations VALUES (1, false);";

/// A project folder with the migration, and a database with it applied.
struct PgProject {
  testing::TempDir dir;
  std::string url;
  Status Apply(const std::string& db) {
    dir.Write("migrations/000001_init.up.sql", kInit);
    dir.Write("migrations/000001_init.down.sql", "DROP TABLE orders; DROP TABLE customers;");
    SSE_TRY(url, testing::CreatePgDatabase(db));
    SSE_TRY_STATUS(testing::ExecPg(url, kLedger));
    return testing::ExecPg(url, kInit);
  }
  testing::CliOutput Drift(const std::string& db_url, const std::string& format = "json") {
    return testing::RunSchema(dir.path(), {"drift", "--db", db_url, "--format", format});
  }
};

TEST(PgDrift, NoDriftRightAfterTheMigrations) {
  PgProject p;
  ASSERT_TRUE(p.Apply(testing::PgTestDatabaseName()).ok());
  testing::CliOutput o = p.Drift(p.url, "text");
  EXPECT_EQ(o.rc, 0) << o.out << o.err;
  EXPECT_TRUE(o.out.starts_with("no drift: PostgreSQL ")) << o.out;
  EXPECT_EQ(o.err, "");
}

struct Planted {
  std::string name;
  std::string sql;
  std::vector<std::string> want;
};

class PgDriftPlanted : public ::testing::TestWithParam<Planted> {};

TEST_P(PgDriftPlanted, ReportsExactlyThePlantedChange) {
  PgProject p;
  Status st = p.Apply("pgdrift_" + GetParam().name);
  ASSERT_TRUE(st.ok()) << st.error().ToString();
  Status planted = testing::ExecPg(p.url, GetParam().sql);
  ASSERT_TRUE(planted.ok()) << planted.error().ToString();
  testing::CliOutput o = p.Drift(p.url);
  EXPECT_EQ(o.rc, 1) << o.out << o.err;
  EXPECT_EQ(testing::DriftFindings(o), GetParam().want) << o.out;
}

INSTANTIATE_TEST_SUITE_P(
    Cases, PgDriftPlanted,
    ::testing::Values(
        Planted{"extra_table", "CREATE TABLE audit (id int)", {"SCH802 table public.audit"}},
        Planted{"missing_table",
                "DROP VIEW open_orders; DROP TABLE orders",
                {"SCH801 view public.open_orders", "SCH801 table public.orders"}},
        Planted{"extra_column",
                "ALTER TABLE customers ADD COLUMN phone text",
                {"SCH802 column public.customers.phone"}},
        Planted{"missing_column",
                "ALTER TABLE orders DROP COLUMN note",
                {"SCH801 column public.orders.note"}},
        Planted{"extra_index",
                "CREATE INDEX customers_created_idx ON customers (created_at)",
                {"SCH802 index public.customers_created_idx"}},
        Planted{"missing_index",
                "DROP INDEX orders_customer_idx",
                {"SCH801 index public.orders_customer_idx"}},
        Planted{"extra_constraint",
                "ALTER TABLE customers ADD CONSTRAINT customers_name_check CHECK (name <> '')",
                {"SCH802 constraint public.customers.customers_name_check"}},
        Planted{"missing_constraint",
                "ALTER TABLE orders DROP CONSTRAINT orders_total_check",
                {"SCH801 constraint public.orders.orders_total_check"}},
        Planted{"extra_enum_value",
                "ALTER TYPE order_status ADD VALUE 'refunded'",
                {"SCH802 enum value public.order_status.refunded"}},
        // PostgreSQL has no DROP VALUE: a value the live type lacks (an ADD VALUE never applied,
        // a type recreated by hand) is planted by removing its pg_enum row (no row or
        // expression uses it).
        Planted{"missing_enum_value",
                "DELETE FROM pg_enum WHERE enumtypid = 'order_status'::regtype AND enumlabel = "
                "'cancelled'",
                {"SCH801 enum value public.order_status.cancelled"}},
        Planted{
            "missing_sequence", "DROP SEQUENCE invoice_no", {"SCH801 sequence public.invoice_no"}},
        Planted{"extra_view",
                "CREATE VIEW paid_orders AS SELECT id FROM orders WHERE status = 'paid'",
                {"SCH802 view public.paid_orders"}},
        Planted{"missing_trigger",
                "DROP TRIGGER orders_touch ON orders",
                {"SCH801 trigger public.orders.orders_touch"}},
        Planted{"missing_policy",
                "DROP POLICY orders_owner ON orders",
                {"SCH801 policy public.orders.orders_owner"}},
        Planted{"extra_function",
                "CREATE FUNCTION answer() RETURNS int LANGUAGE sql AS 'SELECT 42'",
                {"SCH802 function public.answer()"}},
        Planted{"extra_extension", "CREATE EXTENSION citext", {"SCH802 extension citext"}},
        Planted{
            "extra_sequence", "CREATE SEQUENCE receipt_no", {"SCH802 sequence public.receipt_no"}},
        Planted{"missing_view", "DROP VIEW open_orders", {"SCH801 view public.open_orders"}},
        Planted{"missing_function",
                "DROP TRIGGER orders_touch ON orders; DROP FUNCTION touch()",
                {"SCH801 trigger public.orders.orders_touch", "SCH801 function public.touch()"}},
        Planted{"extra_trigger",
                "CREATE TRIGGER orders_retouch BEFORE UPDATE ON orders FOR EACH ROW EXECUTE "
                "FUNCTION touch()",
                {"SCH802 trigger public.orders.orders_retouch"}},
        Planted{"extra_policy",
                "CREATE POLICY orders_read ON orders FOR SELECT USING (true)",
                {"SCH802 policy public.orders.orders_read"}},
        // gen_random_uuid() is in core since PostgreSQL 13: the default does not depend on it.
        Planted{
            "missing_extension", "DROP EXTENSION pgcrypto CASCADE", {"SCH801 extension pgcrypto"}},
        Planted{"changed_type",
                "ALTER TABLE orders ALTER COLUMN total TYPE numeric(14,2)",
                {"SCH803 column public.orders.total type"}},
        Planted{"changed_nullability",
                "ALTER TABLE customers ALTER COLUMN name SET NOT NULL",
                {"SCH803 column public.customers.name nullable"}},
        Planted{"changed_default",
                "ALTER TABLE customers ALTER COLUMN created_at SET DEFAULT clock_timestamp()",
                {"SCH803 column public.customers.created_at default"}},
        Planted{"changed_index_predicate",
                "DROP INDEX orders_customer_idx; CREATE INDEX orders_customer_idx ON orders "
                "(customer_id) WHERE status = 'new'",
                {"SCH803 index public.orders_customer_idx predicate"}},
        Planted{"changed_fk_action",
                "ALTER TABLE orders DROP CONSTRAINT orders_customer_id_fkey, ADD CONSTRAINT "
                "orders_customer_id_fkey FOREIGN KEY (customer_id) REFERENCES customers (id) ON "
                "DELETE RESTRICT",
                {"SCH803 constraint public.orders.orders_customer_id_fkey on delete"}},
        Planted{"changed_view_definition",
                "CREATE OR REPLACE VIEW open_orders AS SELECT o.id, c.email FROM orders o JOIN "
                "customers c ON c.id = o.customer_id WHERE o.status = 'new'",
                {"SCH803 view public.open_orders definition"}},
        Planted{"changed_function_body",
                "CREATE OR REPLACE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ "
                "BEGIN RETURN NEW; END $$",
                {"SCH803 function public.touch() body"}}),
    [](const ::testing::TestParamInfo<Planted>& info) { return info.param.name; });

TEST(PgDrift, DefaultExpectedFollowsTheLedger) {
  // A second migration not applied yet: the ledger (version 1) decides what is expected, so the
  // database shows no drift; once version 2 is recorded as dirty (failed), it is not expected.
  PgProject p;
  ASSERT_TRUE(p.Apply(testing::PgTestDatabaseName()).ok());
  p.dir.Write("migrations/000002_phone.up.sql", "ALTER TABLE customers ADD COLUMN phone text;");
  p.dir.Write("migrations/000002_phone.down.sql", "ALTER TABLE customers DROP COLUMN phone;");
  testing::CliOutput o = p.Drift(p.url, "text");
  EXPECT_EQ(o.rc, 0) << o.out << o.err;
  EXPECT_NE(o.out.find("up to 1 (as recorded in public.schema_migrations)"), std::string::npos)
      << o.out;
  ASSERT_TRUE(
      testing::ExecPg(p.url, "UPDATE schema_migrations SET version = 2, dirty = true").ok());
  o = p.Drift(p.url, "text");
  EXPECT_EQ(o.rc, 0) << o.out << o.err;
  EXPECT_NE(o.out.find("it records 2 as failed"), std::string::npos) << o.out;
  // Applied and recorded: now the column is expected, and its absence would be drift.
  ASSERT_TRUE(testing::ExecPg(p.url, "UPDATE schema_migrations SET dirty = false").ok());
  o = p.Drift(p.url);
  EXPECT_EQ(o.rc, 1) << o.out << o.err;
  EXPECT_EQ(testing::DriftFindings(o),
            std::vector<std::string>{"SCH801 column public.customers.phone"});
}

/// The database's counters: transactions committed and rolled back, rows written.
std::vector<std::string> Counters(const std::string& url, const std::string& db) {
  auto conn = testing::PgConnection::Open(url);
  EXPECT_TRUE(conn.ok());
  if (!conn.ok()) return {};
  auto rows = (*conn)->Query(
      "SELECT xact_commit, xact_rollback, tup_inserted, tup_updated, tup_deleted FROM "
      "pg_catalog.pg_stat_database WHERE datname = '" +
      db + "'");
  EXPECT_TRUE(rows.ok());
  return rows.ok() && !rows->empty() ? rows->at(0) : std::vector<std::string>{};
}

TEST(PgDrift, ServerCountersShowNoWriteByTheTool) {
  PgProject p;
  ASSERT_TRUE(p.Apply(testing::PgTestDatabaseName()).ok());
  size_t slash = p.url.find("@/") + 2;
  std::string db = p.url.substr(slash, p.url.find('?') - slash);
  // Let the writes of the setup reach the statistics (backends flush them when they end).
  auto rows_written = [](const std::vector<std::string>& c) {
    return c.size() == 5 ? std::vector<std::string>(c.begin() + 2, c.end()) : c;
  };
  std::vector<std::string> before = Counters(p.url, db);
  for (int i = 0; i < 50; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    std::vector<std::string> again = Counters(p.url, db);
    bool settled = rows_written(again) == rows_written(before) && rows_written(before)[0] != "0";
    before = again;
    if (settled) break;
  }
  ASSERT_EQ(before.size(), 5u);
  testing::CliOutput o = p.Drift(p.url);
  EXPECT_EQ(o.rc, 0) << o.out << o.err;
  // Wait until the tool's session shows up (its commit is counted), then compare. Each Counters()
  // call is one read-only transaction of its own: commits grow, rows written must not.
  std::vector<std::string> after = Counters(p.url, db);
  for (int i = 0; i < 50 && std::stoll(after.at(0)) < std::stoll(before.at(0)) + 3; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    after = Counters(p.url, db);
  }
  ASSERT_EQ(after.size(), 5u);
  EXPECT_GE(std::stoll(after[0]), std::stoll(before[0]) + 3) << "the tool's transaction is counted";
  EXPECT_EQ(after[1], before[1]) << "no transaction rolled back";
  EXPECT_EQ(after[2], before[2]) << "no row inserted";
  EXPECT_EQ(after[3], before[3]) << "no row updated";
  EXPECT_EQ(after[4], before[4]) << "no row deleted";
}

TEST(PgDrift, DevUrlRunsTheMigrationsForRealOnAScratchDatabase) {
  // A DO block creates a table: the static replay cannot follow it (SCH804, and the table shows
  // as unexpected); with --dev-url the migrations run on a scratch database and match.
  auto server = testing::PgServer::Get();
  ASSERT_TRUE(server.ok()) << server.error().ToString();
  testing::TempDir dir;
  std::string migration =
      "CREATE TABLE a (id int PRIMARY KEY);\n"
      "DO $$ BEGIN EXECUTE 'CREATE TABLE b (id int REFERENCES a)'; END $$;\n";
  dir.Write("migrations/000001_init.up.sql", migration);
  dir.Write("migrations/000001_init.down.sql", "DROP TABLE b; DROP TABLE a;");
  SSE_PG_DATABASE(url);
  ASSERT_TRUE(testing::ExecPg(url, migration).ok());
  testing::CliOutput o = testing::RunSchema(dir.path(), {"drift", "--db", url, "--format", "json"});
  EXPECT_EQ(o.rc, 1) << o.out << o.err;
  EXPECT_EQ(testing::DriftFindings(o), std::vector<std::string>{"SCH802 table public.b"});
  EXPECT_NE(o.out.find("SCH804"), std::string::npos) << o.out;
  std::string dev = (*server)->Url("postgres");
  o = testing::RunSchema(dir.path(), {"drift", "--db", url, "--dev-url", dev});
  EXPECT_EQ(o.rc, 0) << o.out << o.err;
  EXPECT_NE(o.out.find(", executed on "), std::string::npos) << o.out;
  // A migration the server rejects: the file and line, the server's message; the scratch
  // database is gone either way.
  dir.Write("migrations/000002_bad.up.sql",
            "ALTER TABLE a ADD COLUMN x int;\nALTER TABLE nope ADD y int;\n");
  dir.Write("migrations/000002_bad.down.sql", "");
  o = testing::RunSchema(dir.path(), {"drift", "--db", url, "--dev-url", dev});
  EXPECT_EQ(o.rc, 3) << o.out << o.err;
  EXPECT_NE(o.err.find("migrations/000002_bad.up.sql:2:"), std::string::npos) << o.err;
  EXPECT_NE(o.err.find("relation \"nope\" does not exist"), std::string::npos) << o.err;
  auto conn = testing::PgConnection::Open(dev);
  ASSERT_TRUE(conn.ok());
  auto left = (*conn)->Query("SELECT count(*) FROM pg_database WHERE datname LIKE 'schema_dev_%'");
  ASSERT_TRUE(left.ok());
  EXPECT_EQ(left->at(0).at(0), "0");
}

TEST(PgDrift, DiffBetweenTwoDatabasesAndSnapshotOfOne) {
  PgProject a, b;
  ASSERT_TRUE(a.Apply("pgdrift_diff_a").ok());
  ASSERT_TRUE(b.Apply("pgdrift_diff_b").ok());
  ASSERT_TRUE(testing::ExecPg(b.url, "ALTER TABLE orders ADD COLUMN coupon text").ok());
  testing::CliOutput o =
      testing::RunSchema(a.dir.path(), {"diff", a.url, b.url, "--format", "json"});
  EXPECT_EQ(o.rc, 1) << o.out << o.err;
  EXPECT_EQ(testing::DriftFindings(o),
            std::vector<std::string>{"SCH802 column public.orders.coupon"});
  // The snapshot of the live database equals the snapshot of the migrations (ledger left out).
  o = testing::RunSchema(a.dir.path(), {"snapshot", a.url, "-o", "live.json"});
  ASSERT_EQ(o.rc, 0) << o.err;
  o = testing::RunSchema(a.dir.path(), {"diff", "migrations", "live.json"});
  EXPECT_EQ(o.rc, 0) << o.out << o.err;
}

TEST(PgDrift, PasswordNeverPrinted) {
  PgProject p;
  ASSERT_TRUE(p.Apply(testing::PgTestDatabaseName()).ok());
  // libpq ignores a password the server does not ask for (trust): the URL still carries it.
  std::string with_pw = p.url;
  with_pw.insert(with_pw.find("postgres@") + 8, ":s3cr3t-pw");
  for (const char* format : {"text", "json", "sarif", "markdown", "github"}) {
    testing::CliOutput o = p.Drift(with_pw, format);
    EXPECT_EQ(o.rc, 0) << o.out << o.err;
    EXPECT_EQ(o.out.find("s3cr3t-pw"), std::string::npos) << format << ": " << o.out;
    EXPECT_EQ(o.err.find("s3cr3t-pw"), std::string::npos) << format << ": " << o.err;
  }
}

TEST(PgDrift, UnreachableServerIsExit3NamingHostAndPort) {
  testing::TempDir dir;
  dir.Write("migrations/000001_init.up.sql", "CREATE TABLE t (id int);");
  testing::CliOutput o = testing::RunSchema(
      dir.path(), {"drift", "--db", "postgresql://app:s3cr3t-pw@/app?host=/nonexistent-dir&port=1",
                   "--connect-timeout", "2"});
  EXPECT_EQ(o.rc, 3) << o.out << o.err;
  EXPECT_NE(o.err.find("/nonexistent-dir:1 (3 attempts)"), std::string::npos) << o.err;
  EXPECT_EQ(o.err.find("s3cr3t-pw"), std::string::npos) << o.err;
  EXPECT_EQ(o.out.find("s3cr3t-pw"), std::string::npos) << o.out;
}

}  // namespace
}  // namespace sse
