// `schema drift` on real SQLite files: each case applies the migrations with SQLite itself, then
// plants one change with SQL, and expects exactly the difference it makes (code and object
// path), and nothing else. The database is never written.

#include <sqlite3.h>
#include <sys/stat.h>

#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli/run.hpp"
#include "core/util/fs.hpp"
#include "tests/support/cli_run.hpp"
#include "tests/support/temp_dir.hpp"

namespace sse {
namespace {

constexpr const char* kMigration1 = R"sql(CREATE TABLE users (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  email TEXT NOT NULL UNIQUE,
  name TEXT DEFAULT 'anon',
  age INTEGER
);
CREATE TABLE posts (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  title TEXT NOT NULL,
  published INTEGER NOT NULL DEFAULT 0
);
)sql";

constexpr const char* kMigration2 =
    R"sql(CREATE INDEX posts_user_idx ON posts (user_id) WHERE published = 1;
CREATE VIEW published_posts AS SELECT id, title FROM posts WHERE published = 1;
CREATE TRIGGER users_touch AFTER UPDATE ON users BEGIN
  UPDATE users SET name = name WHERE id = NEW.id;
END;
)sql";

using Output = testing::CliOutput;

Output RunIn(const fs::path& cwd, std::vector<std::string> args) {
  return testing::RunSchema(cwd, args);
}

void Exec(const fs::path& db, const std::string& sql) {
  sqlite3* h = nullptr;
  ASSERT_EQ(sqlite3_open(db.c_str(), &h), SQLITE_OK);
  char* msg = nullptr;
  int rc = sqlite3_exec(h, sql.c_str(), nullptr, nullptr, &msg);
  std::string m = msg ? msg : "";
  sqlite3_free(msg);
  sqlite3_close(h);
  ASSERT_EQ(rc, SQLITE_OK) << m << "\n" << sql;
}

/// A project with two plain SQL migrations and app.db holding them applied.
struct Project {
  testing::TempDir dir;
  fs::path db;
  Project() {
    dir.Write("migrations/0001_init.sql", kMigration1);
    dir.Write("migrations/0002_more.sql", kMigration2);
    db = dir.path() / "app.db";
    Exec(db, kMigration1);
    Exec(db, kMigration2);
  }
  Output Drift(std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"drift",     "--db",   "app.db",   "--expected", "migrations",
                                     "--dialect", "sqlite", "--format", "json"};
    args.insert(args.end(), extra.begin(), extra.end());
    return RunIn(dir.path(), args);
  }
};

std::vector<std::string> Findings(const Output& o) { return testing::DriftFindings(o); }

TEST(DriftSqlite, NoDriftWhenTheDatabaseMatches) {
  Project p;
  Output o = p.Drift();
  EXPECT_EQ(o.rc, 0) << o.out << o.err;
  EXPECT_TRUE(Findings(o).empty()) << o.out;
}

struct Plant {
  const char* name;
  const char* sql;
  std::vector<std::string> want;
};

class DriftSqlitePlanted : public ::testing::TestWithParam<Plant> {};

TEST_P(DriftSqlitePlanted, ReportsExactlyThePlantedChange) {
  Project p;
  Exec(p.db, GetParam().sql);
  Output o = p.Drift();
  EXPECT_EQ(o.rc, 1) << o.out << o.err;
  EXPECT_EQ(Findings(o), GetParam().want) << o.out;
}

// Rebuilding a table the SQLite way (new table, copy, drop, rename) plants changes that ALTER
// TABLE cannot make.
#define REBUILD_POSTS(def)                                                                        \
  "PRAGMA foreign_keys=OFF; DROP VIEW published_posts; CREATE TABLE posts_new (" def              \
  ");"                                                                                            \
  "INSERT INTO posts_new SELECT * FROM posts; DROP TABLE posts; ALTER TABLE posts_new RENAME TO " \
  "posts;"                                                                                        \
  "CREATE INDEX posts_user_idx ON posts (user_id) WHERE published = 1;"                           \
  "CREATE VIEW published_posts AS SELECT id, title FROM posts WHERE published = 1;"

INSTANTIATE_TEST_SUITE_P(
    Planted, DriftSqlitePlanted,
    ::testing::Values(
        Plant{"extra_table",
              "CREATE TABLE audit (id INTEGER PRIMARY KEY, what TEXT);",
              {"SCH802 table main.audit"}},
        Plant{"missing_table",
              "DROP VIEW published_posts; DROP TABLE posts;",
              {"SCH801 table main.posts", "SCH801 view main.published_posts"}},
        Plant{"extra_column",
              "ALTER TABLE users ADD COLUMN nickname TEXT;",
              {"SCH802 column main.users.nickname"}},
        Plant{"missing_column",
              "ALTER TABLE users DROP COLUMN age;",
              {"SCH801 column main.users.age"}},
        Plant{"extra_index",
              "CREATE INDEX users_name_idx ON users (name);",
              {"SCH802 index main.users_name_idx"}},
        Plant{"missing_index", "DROP INDEX posts_user_idx;", {"SCH801 index main.posts_user_idx"}},
        Plant{"extra_view",
              "CREATE VIEW adults AS SELECT id FROM users WHERE age >= 18;",
              {"SCH802 view main.adults"}},
        Plant{"missing_view", "DROP VIEW published_posts;", {"SCH801 view main.published_posts"}},
        Plant{"extra_trigger",
              "CREATE TRIGGER posts_touch AFTER INSERT ON posts BEGIN SELECT 1; END;",
              {"SCH802 trigger main.posts.posts_touch"}},
        Plant{"missing_trigger",
              "DROP TRIGGER users_touch;",
              {"SCH801 trigger main.users.users_touch"}},
        Plant{"changed_index_predicate",
              "DROP INDEX posts_user_idx; CREATE INDEX posts_user_idx ON posts (user_id) WHERE "
              "published = 0;",
              {"SCH803 index main.posts_user_idx predicate"}},
        Plant{"changed_view_definition",
              "DROP VIEW published_posts; CREATE VIEW published_posts AS SELECT id, title FROM "
              "posts;",
              {"SCH803 view main.published_posts definition"}},
        Plant{"changed_type",
              REBUILD_POSTS(
                  "id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE "
                  "CASCADE, title VARCHAR(200) NOT NULL, published INTEGER NOT NULL DEFAULT 0"),
              {"SCH803 column main.posts.title type"}},
        Plant{"changed_default",
              REBUILD_POSTS(
                  "id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE "
                  "CASCADE, title TEXT NOT NULL, published INTEGER NOT NULL DEFAULT 1"),
              {"SCH803 column main.posts.published default"}},
        Plant{"changed_not_null",
              REBUILD_POSTS(
                  "id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE "
                  "CASCADE, title TEXT, published INTEGER NOT NULL DEFAULT 0"),
              {"SCH803 column main.posts.title nullable"}},
        Plant{"changed_fk_action",
              REBUILD_POSTS(
                  "id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE "
                  "SET NULL, title TEXT NOT NULL, published INTEGER NOT NULL DEFAULT 0"),
              {"SCH803 constraint main.posts.posts_user_id_fkey on delete"}},
        Plant{"added_unique",
              REBUILD_POSTS(
                  "id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE "
                  "CASCADE, title TEXT NOT NULL UNIQUE, published INTEGER NOT NULL DEFAULT 0"),
              {"SCH802 constraint main.posts.posts_title_key"}}),
    [](const ::testing::TestParamInfo<Plant>& info) { return std::string(info.param.name); });

TEST(DriftSqlite, NeverWritesTheDatabase) {
  Project p;
  Exec(p.db, "CREATE TABLE audit (id INTEGER PRIMARY KEY);");
  std::string before = ReadFileBytes(p.db).value();
  struct stat st_before {};
  ASSERT_EQ(::stat(p.db.c_str(), &st_before), 0);
  Output o = p.Drift();
  EXPECT_EQ(o.rc, 1) << o.out << o.err;
  Output s = RunIn(p.dir.path(), {"snapshot", "app.db"});
  EXPECT_EQ(s.rc, 0) << s.err;
  struct stat st_after {};
  ASSERT_EQ(::stat(p.db.c_str(), &st_after), 0);
  EXPECT_EQ(ReadFileBytes(p.db).value(), before);
  EXPECT_EQ(st_after.st_mtim.tv_sec, st_before.st_mtim.tv_sec);
  EXPECT_EQ(st_after.st_mtim.tv_nsec, st_before.st_mtim.tv_nsec);
  // No journal or WAL file was left behind either.
  EXPECT_FALSE(fs::exists(p.dir.path() / "app.db-journal"));
  EXPECT_FALSE(fs::exists(p.dir.path() / "app.db-wal"));
}

TEST(DriftSqlite, MissingDatabaseIsExit3AndNotCreated) {
  Project p;
  Output o =
      RunIn(p.dir.path(), {"drift", "--db", "sqlite:nothere.db", "--expected", "migrations"});
  EXPECT_EQ(o.rc, 3) << o.err;
  EXPECT_NE(o.err.find("nothere.db"), std::string::npos) << o.err;
  EXPECT_FALSE(fs::exists(p.dir.path() / "nothere.db"));
}

TEST(DriftSqlite, NotADatabaseIsExit3) {
  Project p;
  p.dir.Write("junk.db", "this is not an SQLite file, just text\n");
  Output o = RunIn(p.dir.path(), {"drift", "--db", "junk.db", "--expected", "migrations"});
  EXPECT_EQ(o.rc, 3) << o.err;
  EXPECT_NE(o.err.find("junk.db"), std::string::npos) << o.err;
}

TEST(DriftSqlite, DatabaseErrorComesFirstWhenBothSidesFail) {
  // --expected is read on a second thread while the database is opened; when both fail, the
  // database's error is the one reported (exit 3), as when the two were read one after the other.
  Project p;
  Output o =
      RunIn(p.dir.path(), {"drift", "--db", "sqlite:nothere.db", "--expected", "nothere.json"});
  EXPECT_EQ(o.rc, 3) << o.err;
  EXPECT_NE(o.err.find("nothere.db"), std::string::npos) << o.err;
  EXPECT_EQ(o.err.find("nothere.json"), std::string::npos) << o.err;
  // Only the expected side failing: its error, exit 2.
  o = RunIn(p.dir.path(), {"drift", "--db", "app.db", "--expected", "nothere.json"});
  EXPECT_EQ(o.rc, 2) << o.err;
  EXPECT_NE(o.err.find("nothere.json"), std::string::npos) << o.err;
}

TEST(DiffSqlite, WarningsOfBothSidesComeOnceInArgumentOrder) {
  // diff resolves TO on a second thread; what it prints is held back and printed after FROM's.
  testing::TempDir d;
  d.Write("a/migrations/0001_a.sql",
          "CREATE TABLE t (id INTEGER);\nCREATE INDEX i ON nosuch (x);\n");
  d.Write("b/migrations/0001_b.sql", "CREATE TABLE u (id INTEGER);\nDROP TABLE gone;\n");
  for (int i = 0; i < 5; ++i) {
    Output o = RunIn(d.path(), {"diff", "a/migrations", "b/migrations", "--dialect", "sqlite"});
    EXPECT_EQ(o.rc, 1) << o.out << o.err;
    const std::string wa = "a/migrations/0001_a.sql:2: SCH402 no such table: main.nosuch";
    const std::string wb = "b/migrations/0001_b.sql:2: SCH402 no such table: gone";
    size_t a = o.err.find(wa), b = o.err.find(wb);
    ASSERT_NE(a, std::string::npos) << o.err;
    ASSERT_NE(b, std::string::npos) << o.err;
    EXPECT_LT(a, b) << o.err;
    EXPECT_EQ(o.err.find(wa, a + 1), std::string::npos) << o.err;  // once each
    EXPECT_EQ(o.err.find(wb, b + 1), std::string::npos) << o.err;
  }
}

TEST(DriftSqlite, ExcludeLeavesObjectsOut) {
  Project p;
  Exec(p.db, "CREATE TABLE audit (id INTEGER PRIMARY KEY);");
  Output o = p.Drift({"--exclude", "main.audit*"});
  EXPECT_EQ(o.rc, 0) << o.out << o.err;
}

TEST(DriftSqlite, DefaultExpectedIsReplayedToTheLedger) {
  // A D1-style ledger recording only the first migration: the expected schema is migration 1,
  // and the database (which has only migration 1 applied) shows no drift.
  testing::TempDir d;
  d.Write("wrangler.toml",
          "name = \"w\"\n[[d1_databases]]\nbinding = \"DB\"\ndatabase_name = \"app\"\n"
          "database_id = \"00000000-0000-0000-0000-000000000000\"\n");
  d.Write("migrations/0001_init.sql", kMigration1);
  d.Write("migrations/0002_more.sql", kMigration2);
  fs::path db = d.path() / "local.sqlite";
  Exec(db, kMigration1);
  Exec(db,
       "CREATE TABLE d1_migrations (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT UNIQUE, "
       "applied_at "
       "TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL); INSERT INTO d1_migrations (name) VALUES "
       "('0001_init.sql');");
  Output o = RunIn(d.path(), {"drift", "--db", "local.sqlite", "--format", "json"});
  EXPECT_EQ(o.rc, 0) << o.out << o.err;
  auto j = nlohmann::json::parse(o.out);
  EXPECT_NE(j["drift"]["expected"].get<std::string>().find("up to 0001_init"), std::string::npos)
      << o.out;
}

// ---- d1:BINDING?remote, through a stand-in for wrangler --------------------------------------

/// A stand-in for `wrangler d1 execute NAME --remote --json --command SQL`: runs SQL on the
/// SQLite file REMOTE_DB (the "remote" database) and prints what wrangler prints, or fails like
/// wrangler without a login. It also records its argv, one per line, to check that the tool
/// passes the SQL as one argument (no shell in between).
constexpr const char* kFakeWrangler = R"py(#!/usr/bin/python3
import json, os, sqlite3, sys
here = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(here, "argv.log"), "a") as log:
    log.write(json.dumps(sys.argv[1:]) + "\n")
mode = open(os.path.join(here, "mode")).read().strip()
if mode == "fail":
    sys.stderr.write("X [ERROR] In a non-interactive environment, it's necessary to set a "
                     "CLOUDFLARE_API_TOKEN environment variable for wrangler to work.\n")
    sys.exit(1)
args = sys.argv[1:]
assert args[:2] == ["d1", "execute"] and "--remote" in args and "--json" in args, args
sql = args[args.index("--command") + 1]
con = sqlite3.connect(os.path.join(here, "remote.db"))
con.row_factory = sqlite3.Row
rows = [dict(r) for r in con.execute(sql).fetchall()]
print(json.dumps([{"results": rows, "success": True, "meta": {"served_by": "fake"}}], indent=2))
)py";

struct RemoteProject {
  testing::TempDir dir;
  fs::path bin;
  RemoteProject(const std::string& mode) {
    dir.Write("wrangler.toml",
              "name = \"w\"\n[[d1_databases]]\nbinding = \"DB\"\ndatabase_name = \"app\"\n"
              "database_id = \"00000000-0000-0000-0000-000000000000\"\n");
    dir.Write("migrations/0001_init.sql", kMigration1);
    dir.Write("migrations/0002_more.sql", kMigration2);
    bin = dir.path() / "node_modules" / ".bin";
    fs::path w = dir.Write("node_modules/.bin/wrangler", kFakeWrangler);
    fs::permissions(w, fs::perms::owner_all);
    dir.Write("node_modules/.bin/mode", mode);
    fs::path db = bin / "remote.db";
    Exec(db, kMigration1);
    Exec(db, kMigration2);
    Exec(db,
         "CREATE TABLE d1_migrations (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT UNIQUE, "
         "applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL); INSERT INTO d1_migrations "
         "(name) VALUES ('0001_init.sql'), ('0002_more.sql');"
         "CREATE TABLE _cf_KV (key TEXT PRIMARY KEY, value BLOB) WITHOUT ROWID;");
  }
};

TEST(DriftD1Remote, ReadsTheRemoteSchemaThroughWrangler) {
  RemoteProject p("ok");
  Output o = RunIn(p.dir.path(), {"drift", "--db", "d1:DB?remote"});
  EXPECT_EQ(o.rc, 0) << o.out << o.err;
  EXPECT_NE(o.out.find("no drift: D1 database DB (remote, through wrangler)"), std::string::npos)
      << o.out;
  // One call for the schema, one for the ledger; the SQL is one argument.
  auto read = ReadFileBytes(p.bin / "argv.log");
  ASSERT_TRUE(read.ok()) << "the stand-in wrangler was not run";
  const std::string& log = *read;
  std::vector<nlohmann::json> calls;
  std::istringstream lines(log);
  for (std::string line; std::getline(lines, line);) calls.push_back(nlohmann::json::parse(line));
  ASSERT_EQ(calls.size(), 2u) << log;
  EXPECT_EQ(calls[0][2], "DB");
  EXPECT_EQ(calls[0][6], "SELECT type, name, tbl_name, sql FROM sqlite_schema");
  // Planted drift on the remote side is reported like a local file's.
  Exec(p.bin / "remote.db", "CREATE INDEX users_age_idx ON users (age);");
  o = RunIn(p.dir.path(), {"drift", "--db", "d1:DB?remote", "--format", "json"});
  EXPECT_EQ(o.rc, 1) << o.out << o.err;
  EXPECT_EQ(Findings(o), std::vector<std::string>{"SCH802 index main.users_age_idx"});
}

TEST(DriftD1Remote, WranglerFailureIsExit3WithItsMessage) {
  RemoteProject p("fail");
  Output o = RunIn(p.dir.path(), {"drift", "--db", "d1:DB?remote"});
  EXPECT_EQ(o.rc, 3) << o.out << o.err;
  EXPECT_NE(o.err.find("wrangler d1 execute DB --remote failed (exit code 1)"), std::string::npos)
      << o.err;
  EXPECT_NE(o.err.find("CLOUDFLARE_API_TOKEN"), std::string::npos) << o.err;
}

TEST(DriftD1Remote, UnknownBindingIsAnInputError) {
  RemoteProject p("ok");
  Output o = RunIn(p.dir.path(), {"drift", "--db", "d1:NOPE?remote"});
  EXPECT_NE(o.rc, 0);
  EXPECT_NE(o.err.find("NOPE"), std::string::npos) << o.err;
}

}  // namespace
}  // namespace sse
