// The static replay held to a real PostgreSQL 15: each migration set is applied for real to a
// fresh database of the test server, the way its tool sends it, then introspected; the static
// replay of the same set must give the same catalog. Both go through the normalizer and
// core/diff; every remaining difference is listed here by name and explained in
// docs/dialects/postgres.md, "Known limitations". An unexpected difference fails, and so does an
// expected one that no longer occurs (the list stays true).
//
// PgNormalize (no server) pins the normalizer's rewrites.

#include <cstdlib>
#include <iostream>
#include <set>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "core/diff/diff.hpp"
#include "core/migrations/detect.hpp"
#include "dialects/postgres/execute.hpp"
#include "dialects/postgres/inspect.hpp"
#include "dialects/postgres/normalize.hpp"
#include "dialects/postgres/postgres.hpp"
#include "tests/support/pg_server.hpp"
#include "tests/support/temp_dir.hpp"

namespace sse::pg {
namespace {

// ---- Loading and applying migration sets ---------------------------------------------------

/// The migration set under `dir` whose root ends with `suffix` (the only one when empty).
Result<MigrationSet> LoadSet(const fs::path& dir, std::optional<Tool> tool,
                             std::string_view suffix = {}) {
  DetectOptions options;
  options.cwd = dir;
  options.tool = tool;
  SSE_TRY(Detection det, DetectSets(dir, options));
  std::vector<MigrationSet> sets = ReadSets(det.candidates, options.cwd);
  std::string roots;
  for (MigrationSet& s : sets) {
    roots += (roots.empty() ? "" : ", ") + s.root;
    if (suffix.empty() ? sets.size() == 1 : s.root.ends_with(suffix)) return std::move(s);
  }
  return Error(ErrorCode::kNotFound, fmt::format("no migration set {} under {} (found: {})", suffix,
                                                 dir.string(), roots));
}

std::string SpanText(const Migration& m, Span s) {
  return std::string(m.file->text().substr(s.begin, s.end - s.begin));
}

/// Applies one migration as its tool does: Prisma and golang-migrate send the file as one
/// multi-statement query (one implicit transaction); Flyway runs its statements one by one in
/// a transaction (or without one when the file holds a statement that cannot run in one);
/// psql -f sends statements one by one in autocommit.
Status Apply(const std::string& url, const Migration& m) {
  SSE_TRY(std::unique_ptr<testing::PgConnection> conn, testing::PgConnection::Open(url));
  auto each_statement = [&]() -> Status {
    for (const Span& s : m.statements) SSE_TRY_STATUS(conn->Exec(SpanText(m, s)));
    return {};
  };
  switch (m.tx) {
    case TxShape::kImplicitMulti: {
      std::vector<Span> chunks = m.chunks.empty() ? std::vector<Span>{m.body} : m.chunks;
      for (const Span& c : chunks) SSE_TRY_STATUS(conn->Exec(SpanText(m, c)));
      return {};
    }
    case TxShape::kPerMigration:
    case TxShape::kWholeRun: {
      SSE_TRY_STATUS(conn->Exec("BEGIN"));
      Status st = each_statement();
      if (!st.ok()) {
        (void)conn->Exec("ROLLBACK");
        return st;
      }
      return conn->Exec("COMMIT");
    }
    default:
      return each_statement();
  }
}

struct Compared {
  model::Catalog live;      ///< introspected after applying, normalised
  model::Catalog replayed;  ///< static replay, normalised
  std::vector<diff::Difference> differences;
  std::vector<diff::Difference> executed_differences;  ///< live vs the executed replay
  int unmodeled = 0;                                   ///< statements the replay reported as SCH404
};

/// "changed column public.t.c default": what a difference is about, without the values.
std::string Key(const diff::Difference& d) {
  std::string key =
      fmt::format("{} {} {}", diff::DifferenceKindName(d.kind), d.object_kind, d.path);
  if (!d.property.empty()) key += " " + d.property;
  return key;
}

/// golang-migrate's ledger, as its postgres driver keeps it: created before the first migration,
/// set dirty before each one and clean after it (harbor's migrations alter it).
constexpr const char* kGolangMigrateLedger =
    "CREATE TABLE IF NOT EXISTS schema_migrations (version bigint NOT NULL PRIMARY KEY, dirty "
    "boolean NOT NULL)";

Status SetGolangMigrateVersion(const std::string& url, const Migration& m, bool dirty) {
  return testing::ExecPg(
      url, fmt::format("BEGIN; TRUNCATE schema_migrations; INSERT INTO schema_migrations "
                       "(version, dirty) VALUES ({}, {}); COMMIT",
                       m.version.empty() ? m.id : m.version, dirty));
}

/// Applies `set` to a fresh database `db`, inspects it, replays the set statically and compares.
/// The tool's own ledger table is left out of the comparison (the replay does not model it).
Result<Compared> ApplyAndCompare(const MigrationSet& set, const std::string& db) {
  SSE_TRY(std::string url, testing::CreatePgDatabase(db));
  diff::CompareOptions options;
  bool golang_migrate = set.tool == Tool::kGolangMigrate;
  if (golang_migrate) {
    SSE_TRY_STATUS(testing::ExecPg(url, kGolangMigrateLedger));
    options.exclude.push_back("public.schema_migrations*");
  }
  for (const Migration& m : set.migrations) {
    if (!m.file) return Error(ErrorCode::kIo, fmt::format("{} could not be read", m.path));
    if (golang_migrate) SSE_TRY_STATUS(SetGolangMigrateVersion(url, m, true));
    Status st = Apply(url, m);
    if (!st.ok())
      return Error(st.error().code, fmt::format("applying {}: {}", m.path, st.error().message));
    if (golang_migrate) SSE_TRY_STATUS(SetGolangMigrateVersion(url, m, false));
  }
  SSE_TRY(model::Catalog live, InspectPostgres(url));
  PostgresReplayer replayer;
  model::SetReplay replay = replayer.Replay(set);
  Compared out;
  for (const auto& mr : replay.migrations) {
    for (const auto& st : mr.statements)
      out.unmodeled += st.kind == model::StatementKind::kUnmodeled;
  }
  out.live = NormalizeForCompare(std::move(live));
  out.replayed = NormalizeForCompare(std::move(replay.catalog));
  out.differences = diff::Compare(out.live, out.replayed, options);
  // The executed replay (--dev-url): the same files run by the tool's code path on a scratch
  // database of the same server must give exactly the live schema.
  SSE_TRY(testing::PgServer * server, testing::PgServer::Get());
  SSE_TRY(model::Catalog executed, ExecuteOnDevServer(set, -1, server->Url("postgres")));
  out.executed_differences =
      diff::Compare(out.live, NormalizeForCompare(std::move(executed)), options);
  return out;
}

/// What was compared, for the test log ("62 tables, 480 columns, ...").
std::string Summary(const model::Catalog& c) {
  size_t columns = 0, constraints = 0, triggers = 0, policies = 0;
  for (const auto& [n, t] : c.tables) {
    columns += t.columns.size();
    constraints += t.constraints.size();
    triggers += t.triggers.size();
    policies += t.policies.size();
  }
  size_t enum_values = 0;
  for (const auto& [n, e] : c.enums) enum_values += e.values.size();
  return fmt::format(
      "{} schemas, {} extensions, {} tables, {} columns, {} constraints, {} indexes, {} sequences, "
      "{} enums "
      "({} values), {} domains, {} composite types, {} views, {} functions, {} triggers, {} "
      "policies",
      c.schemas.size(), c.extensions.size(), c.tables.size(), columns, constraints,
      c.indexes.size(), c.sequences.size(), c.enums.size(), enum_values, c.domains.size(),
      c.composites.size(), c.views.size(), c.functions.size(), triggers, policies);
}

/// Holds the differences to exactly the expected ones (keys, see Key()).
void ExpectOnly(const Compared& c, const std::string& name, const std::set<std::string>& expected) {
  std::cout << "[ " << name << " ] compared " << Summary(c.live) << "; " << c.differences.size()
            << " difference(s), " << expected.size() << " expected; " << c.unmodeled
            << " statement(s) reported unmodelled by the replay\n";
  std::set<std::string> seen;
  for (const diff::Difference& d : c.differences) {
    std::string key = Key(d);
    seen.insert(key);
    if (expected.count(key)) {
      std::cout << "  expected: " << d.Describe() << "\n";
      continue;
    }
    ADD_FAILURE() << name << ": " << d.Describe() << "\n  (key: " << key << ")";
  }
  for (const diff::Difference& d : c.executed_differences) {
    ADD_FAILURE() << name << " (executed replay): " << d.Describe();
  }
  for (const std::string& key : expected) {
    EXPECT_TRUE(seen.count(key))
        << name << ": the expected difference `" << key
        << "` no longer occurs; remove it from the test and from docs/dialects/postgres.md";
  }
}

fs::path Corpus(const std::string& rel) { return testing::CorporaDir() / rel; }

// ---- The corpora -----------------------------------------------------------------------------

TEST(PgEquivalence, DocumensoPrisma) {
  auto set = LoadSet(Corpus("prisma/documenso"), Tool::kPrisma);
  ASSERT_TRUE(set.ok()) << set.error().ToString();
  ASSERT_EQ(set->migrations.size(), 163u);
  auto c = ApplyAndCompare(*set, "equivalence_documenso");
  ASSERT_TRUE(c.ok()) << c.error().ToString();
  ExpectOnly(*c, "prisma/documenso", {});
}

TEST(PgEquivalence, HarborGolangMigrate) {
  auto set = LoadSet(Corpus("golang-migrate/harbor"), Tool::kGolangMigrate);
  ASSERT_TRUE(set.ok()) << set.error().ToString();
  ASSERT_EQ(set->migrations.size(), 39u);
  auto c = ApplyAndCompare(*set, "equivalence_harbor");
  ASSERT_TRUE(c.ok()) << c.error().ToString();
  ExpectOnly(*c, "golang-migrate/harbor",
             {
                 // Known limitation "DO blocks": 0110_2.8.0 adds the constraint inside
                 // DO $$ ... IF NOT EXISTS (...) THEN ALTER TABLE ... ADD CONSTRAINT ... $$.
                 // (Its index backs the constraint, so the differ does not report it apart.)
                 "missing constraint public.artifact_accessory.unique_artifact_accessory",
             });
}

TEST(PgEquivalence, ConductorFlywayPostgres) {
  auto set = LoadSet(Corpus("flyway/conductor"), Tool::kFlyway, "migration_postgres");
  ASSERT_TRUE(set.ok()) << set.error().ToString();
  ASSERT_EQ(set->migrations.size(), 18u);
  auto c = ApplyAndCompare(*set, "equivalence_conductor");
  ASSERT_TRUE(c.ok()) << c.error().ToString();
  ExpectOnly(*c, "flyway/conductor (postgres)", {});
}

TEST(PgEquivalence, GeneratedHistory) {
  testing::TempDir dir;
  fs::path script = testing::SourceDir() / "tests" / "bench" / "gen_pg_history.py";
  ASSERT_TRUE(fs::exists(script)) << script;
  fs::path out = dir.path() / "migrations";
  std::string cmd = fmt::format(
      "/usr/bin/python3 '{}' --migrations 60 --tables 30 --seed 7 --out '{}' >/dev/null",
      script.string(), out.string());
  ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
  auto set = LoadSet(out, Tool::kSql);
  ASSERT_TRUE(set.ok()) << set.error().ToString();
  ASSERT_EQ(set->migrations.size(), 60u);
  auto c = ApplyAndCompare(*set, "equivalence_generated");
  ASSERT_TRUE(c.ok()) << c.error().ToString();
  ExpectOnly(*c, "generated history (60 migrations, 30 tables, seed 7)", {});
}

/// A hand-written history over the forms the corpora use rarely: every object kind the
/// inspector reads.
TEST(PgEquivalence, HandWritten) {
  testing::TempDir dir;
  dir.Write("m/0001_base.sql", R"SQL(
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE SCHEMA app;
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
ALTER TYPE mood ADD VALUE 'meh' BEFORE 'ok';
CREATE DOMAIN app.positive AS numeric(10,2) NOT NULL DEFAULT 1 CONSTRAINT positive_check CHECK (VALUE > 0);
CREATE TYPE app.pair AS (a integer, b varchar(20));
CREATE TABLE users (
  id serial PRIMARY KEY,
  email varchar(255) NOT NULL UNIQUE,
  name text,
  price numeric(10, 2) DEFAULT 0 CHECK (price >= 0),
  created timestamptz(3) NOT NULL DEFAULT now(),
  tags text[] DEFAULT '{}',
  feeling mood DEFAULT 'ok',
  big bigint GENERATED BY DEFAULT AS IDENTITY,
  kind varchar(10) DEFAULT 'a' CHECK (kind IN ('a', 'b') AND kind NOT LIKE 'z%'),
  score int CHECK (score BETWEEN -1 AND 10)
);
COMMENT ON TABLE users IS 'people';
COMMENT ON COLUMN users.email IS 'login';
CREATE TABLE app.orders (
  id bigserial PRIMARY KEY,
  user_id integer NOT NULL REFERENCES users ON DELETE CASCADE,
  total numeric(12, 2) NOT NULL DEFAULT 0.00,
  status varchar(20) NOT NULL DEFAULT 'new',
  UNIQUE (user_id, status)
);
CREATE INDEX users_lower_email ON users (lower(email) text_pattern_ops) WHERE name IS NOT NULL;
CREATE INDEX ON users USING gin (name gin_trgm_ops);
CREATE INDEX orders_recent ON app.orders (user_id DESC NULLS LAST, total) WHERE status IN ('new', 'paid');
CREATE VIEW active_users AS SELECT * FROM users WHERE name IS NOT NULL;
CREATE VIEW app.totals (user_id, sum_total) AS
  SELECT o.user_id, sum(o.total) FROM app.orders o JOIN users u ON u.id = o.user_id
  WHERE o.status <> 'void' GROUP BY o.user_id;
CREATE MATERIALIZED VIEW app.order_counts AS SELECT user_id, count(*) FROM app.orders GROUP BY user_id;
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN NEW.name := coalesce(NEW.name, 'x'); RETURN NEW; END $$;
CREATE TRIGGER users_touch BEFORE INSERT OR UPDATE OF name ON users FOR EACH ROW
  WHEN (NEW.name IS NULL) EXECUTE FUNCTION touch();
ALTER TABLE users ENABLE ROW LEVEL SECURITY;
CREATE POLICY own ON users FOR SELECT USING (email = current_user);
)SQL");
  dir.Write("m/0002_alter.sql", R"SQL(
ALTER TABLE users ADD COLUMN nickname varchar(50) DEFAULT 'anon' NOT NULL;
ALTER TABLE users ALTER COLUMN name SET DEFAULT '';
ALTER TABLE app.orders ADD CONSTRAINT orders_total_positive CHECK (total >= 0) NOT VALID;
CREATE TABLE notes (id int, body varchar(10) DEFAULT 'x');
ALTER TABLE notes ALTER COLUMN body TYPE text;
CREATE SEQUENCE app.counter AS integer INCREMENT BY 2 START 10;
ALTER TABLE users RENAME COLUMN nickname TO handle;
CREATE INDEX CONCURRENTLY users_created ON users (created DESC);
)SQL");
  auto set = LoadSet(dir.path() / "m", Tool::kSql);
  ASSERT_TRUE(set.ok()) << set.error().ToString();
  auto c = ApplyAndCompare(*set, "equivalence_handwritten");
  ASSERT_TRUE(c.ok()) << c.error().ToString();
  ExpectOnly(*c, "hand-written",
             {
                 // Known limitation "SELECT * in views": users gains `handle` after the view.
                 "changed view public.active_users definition",
             });
}

// ---- The normalizer ----------------------------------------------------------------------

TEST(PgNormalize, FoldsTheCastsAndRewritesPostgresAddsWhenStoring) {
  auto same = [](std::string_view written, std::string_view stored) {
    EXPECT_EQ(NormalizeExpression(written), NormalizeExpression(stored))
        << written << "  vs  " << stored;
  };
  same("'x'", "'x'::character varying");
  same("-1", "'-1'::integer");
  same("1.5", "'1.5'::numeric");
  same("false", "false");
  same("'{}'", "'{}'::text[]");
  same("ARRAY['USER']::\"Role\"[]", "ARRAY['USER'::\"Role\"]");
  same("price > 0", "(price > (0)::numeric)");
  same("status IN ('a', 'b')",
       "((status)::text = ANY ((ARRAY['a'::character varying, 'b'::character varying])::text[]))");
  same("status NOT IN ('a', 'b')", "((status)::text <> ALL (ARRAY['a'::text, 'b'::text]))");
  same("name LIKE 'a%'", "((name)::text ~~ 'a%'::text)");
  same("n BETWEEN 1 AND 5", "((n >= 1) AND (n <= 5))");
  same("a AND (b AND c)", "((a AND b) AND c)");
  same("lower(email)", "lower((email)::text)");
  same("nextval('users_id_seq')", "nextval('public.users_id_seq'::regclass)");
  same("nextval('public.\"Users_id_seq\"'::regclass)", "nextval('\"Users_id_seq\"'::regclass)");
  same("pg_catalog.now()", "now()");
  same("now()::date", "(now())::date");
  same("CASE WHEN a THEN 1 END", "CASE WHEN a THEN 1 ELSE NULL::integer END");
  same("t.a = 1", "a = 1");
  EXPECT_NE(NormalizeExpression("now()"), NormalizeExpression("CURRENT_TIMESTAMP"));
  EXPECT_NE(NormalizeExpression("now()::date"), NormalizeExpression("now()"));
  EXPECT_NE(NormalizeExpression("old.a <> new.a"), NormalizeExpression("new.a <> new.a"));
  EXPECT_NE(NormalizeExpression("a > 1"), NormalizeExpression("a > 2"));
  EXPECT_TRUE(EquivalentExpressions("'a'::text", "'a'"));
  EXPECT_EQ(NormalizeExpression("not valid sql ((("), "not valid sql (((");
}

TEST(PgNormalize, ViewQueriesCompareWithPgGetViewdef) {
  model::Catalog cat = NewCatalog();
  model::Table t;
  t.name = {"public", "users"};
  for (const char* c : {"id", "email", "name"}) {
    model::Column col;
    col.name = c;
    t.columns.push_back(col);
  }
  cat.tables[t.name] = t;
  auto same = [&](std::string_view written, std::string_view stored,
                  std::vector<std::string> columns = {}) {
    EXPECT_EQ(NormalizeQuery(written, cat, columns), NormalizeQuery(stored, cat))
        << written << "  vs  " << stored;
  };
  same("SELECT * FROM users",
       " SELECT users.id,\n    users.email,\n    users.name\n   FROM public.users;");
  same("SELECT count(*) FROM users WHERE name <> ''",
       " SELECT count(*) AS count\n   FROM public.users\n  WHERE (users.name <> ''::text);");
  same("SELECT id, email FROM users",
       "SELECT users.id AS user_id, users.email AS mail FROM public.users", {"user_id", "mail"});
  same("SELECT u.id FROM users u UNION SELECT 1", "SELECT u.id FROM public.users u UNION SELECT 1");
  EXPECT_NE(NormalizeQuery("SELECT id FROM users", cat),
            NormalizeQuery("SELECT email FROM users", cat));
}

TEST(PgNormalize, CatalogDefaultsOfANewDatabase) {
  model::Catalog live = NewCatalog();
  live.schemas["public"].comment = "standard public schema";
  live.extensions["plpgsql"] =
      model::Extension{"plpgsql", "pg_catalog", "1.0", "PL/pgSQL procedural language"};
  model::Index idx;
  idx.name = {"public", "i"};
  model::IndexKey key;
  key.expression = "a";
  key.descending = true;
  key.nulls_first = true;
  idx.keys.push_back(key);
  live.indexes[idx.name] = idx;
  model::Catalog replayed = NewCatalog();
  idx.keys[0].nulls_first.reset();
  replayed.indexes[idx.name] = idx;
  EXPECT_TRUE(diff::Compare(NormalizeForCompare(live), NormalizeForCompare(replayed)).empty());
}

}  // namespace
}  // namespace sse::pg
