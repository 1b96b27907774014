// SQLite introspection of real database files: every object kind, what is not schema, read-only
// opening, and clear errors for files that are missing or not databases.

#include "dialects/sqlite/inspect.hpp"

#include <sqlite3.h>

#include <fstream>

#include <gtest/gtest.h>

#include "core/util/fs.hpp"
#include "tests/dialects/sqlite/sqlite_test_util.hpp"
#include "tests/support/temp_dir.hpp"

namespace sse {
namespace {

using model::ConstraintKind;
using model::RefAction;
using testing::MakeDb;

model::Catalog Inspect(const fs::path& file, const sqlite::InspectOptions& o = {}) {
  auto c = sqlite::InspectSqlite(file, o);
  EXPECT_TRUE(c.ok()) << (c.ok() ? "" : c.error().ToString());
  return c.ok() ? std::move(c).value() : model::Catalog{};
}

const model::Table& T(const model::Catalog& c, const std::string& name) {
  static const model::Table kNone;
  auto it = c.tables.find({"main", name});
  EXPECT_NE(it, c.tables.end()) << name;
  return it == c.tables.end() ? kNone : it->second;
}

const model::Constraint* Con(const model::Table& t, const std::string& name) {
  auto it = t.constraints.find(name);
  return it == t.constraints.end() ? nullptr : &it->second;
}

TEST(SqliteInspect, TablesAndColumns) {
  testing::TempDir dir;
  fs::path db = dir.path() / "app.db";
  MakeDb(db,
         "CREATE TABLE \"Users\" (\n"
         "  id INTEGER PRIMARY KEY AUTOINCREMENT,\n"
         "  email varchar( 255 ) NOT NULL COLLATE nocase,\n"
         "  score DECIMAL(10, 2) DEFAULT (0),\n"
         "  created DATETIME DEFAULT (STRFTIME('%Y-%m-%d', 'NOW')),\n"
         "  note,\n"
         "  upper_email TEXT GENERATED ALWAYS AS (upper(email)) STORED,\n"
         "  len INT AS (length(email))\n"
         ");\n"
         "CREATE TABLE kv (k TEXT, v ANY, PRIMARY KEY (v, k)) STRICT, WITHOUT ROWID;\n");
  model::Catalog c = Inspect(db);
  EXPECT_EQ(c.dialect, "sqlite");
  EXPECT_EQ(c.schemas.count("main"), 1u);
  const model::Table& u = T(c, "Users");
  ASSERT_EQ(u.columns.size(), 7u);
  EXPECT_EQ(u.columns[0].type.ToString(), "INTEGER");
  EXPECT_EQ(u.columns[0].identity, model::Identity::kByDefault);  // AUTOINCREMENT
  EXPECT_EQ(u.columns[1].type.name, "VARCHAR");
  EXPECT_EQ(u.columns[1].type.modifiers, (std::vector<std::string>{"255"}));
  EXPECT_TRUE(u.columns[1].not_null);
  EXPECT_EQ(u.columns[1].collation, "NOCASE");
  EXPECT_EQ(u.columns[2].type.ToString(), "DECIMAL(10,2)");
  EXPECT_EQ(u.columns[2].default_expr, "0");
  EXPECT_EQ(u.columns[3].default_expr, "strftime('%Y-%m-%d', 'NOW')");
  EXPECT_EQ(u.columns[4].type.name, "");  // no declared type
  EXPECT_FALSE(u.columns[4].default_expr.has_value());
  EXPECT_EQ(u.columns[5].generated, "upper(email) STORED");
  EXPECT_EQ(u.columns[6].generated, "length(email) VIRTUAL");
  const model::Constraint* pk = Con(u, "Users_pkey");
  ASSERT_NE(pk, nullptr);
  EXPECT_EQ(pk->kind, ConstraintKind::kPrimaryKey);
  EXPECT_TRUE(u.options.empty());
  EXPECT_EQ(c.indexes.count({"main", "Users_pkey"}), 0u);  // a rowid alias has no index

  const model::Table& kv = T(c, "kv");
  EXPECT_EQ(kv.options, (std::vector<std::string>{"STRICT", "WITHOUT ROWID"}));
  const model::Constraint* kpk = Con(kv, "kv_pkey");
  ASSERT_NE(kpk, nullptr);
  EXPECT_EQ(kpk->columns, (std::vector<std::string>{"v", "k"}));  // composite order
  // The primary key's sqlite_autoindex_kv_1 is the constraint's index.
  auto idx = c.indexes.find({"main", "kv_pkey"});
  ASSERT_NE(idx, c.indexes.end());
  EXPECT_TRUE(idx->second.backs_constraint);
  EXPECT_TRUE(idx->second.unique);
  for (const auto& [name, i] : c.indexes)
    EXPECT_FALSE(name.name.starts_with("sqlite_autoindex")) << name.name;
}

TEST(SqliteInspect, KeysChecksAndForeignKeys) {
  testing::TempDir dir;
  fs::path db = dir.path() / "app.db";
  MakeDb(db,
         "CREATE TABLE parent (id TEXT PRIMARY KEY, code TEXT UNIQUE, a INT, b INT,\n"
         "  CONSTRAINT parent_ab UNIQUE (a, b), CHECK (a > 0) CHECK (b > a), CONSTRAINT named "
         "CHECK(length(code) = 3));\n"
         "CREATE TABLE child (\n"
         "  id INTEGER PRIMARY KEY,\n"
         "  parent_id TEXT REFERENCES parent ON DELETE CASCADE,\n"
         "  a INT, b INT,\n"
         "  age INT CHECK (age >= 0),\n"
         "  CONSTRAINT child_ab FOREIGN KEY (a, b) REFERENCES parent (a, b) ON UPDATE SET NULL "
         "DEFERRABLE INITIALLY DEFERRED\n"
         ");\n");
  model::Catalog c = Inspect(db);
  const model::Table& p = T(c, "parent");
  ASSERT_NE(Con(p, "parent_code_key"), nullptr);
  EXPECT_EQ(Con(p, "parent_code_key")->kind, ConstraintKind::kUnique);
  ASSERT_NE(Con(p, "parent_ab"), nullptr);
  EXPECT_EQ(Con(p, "parent_ab")->columns, (std::vector<std::string>{"a", "b"}));
  ASSERT_NE(Con(p, "parent_a_check"), nullptr);
  EXPECT_EQ(Con(p, "parent_a_check")->expression, "a > 0");
  ASSERT_NE(Con(p, "parent_b_check"), nullptr);
  EXPECT_EQ(Con(p, "parent_b_check")->expression, "b > a");
  ASSERT_NE(Con(p, "named"), nullptr);
  EXPECT_EQ(Con(p, "named")->expression, "length(code) = 3");
  // Unique constraints own their sqlite_autoindex_* indexes, under the constraint's name.
  EXPECT_TRUE(c.indexes.at({"main", "parent_ab"}).backs_constraint);
  EXPECT_TRUE(c.indexes.at({"main", "parent_code_key"}).backs_constraint);
  EXPECT_TRUE(c.indexes.at({"main", "parent_pkey"}).backs_constraint);

  const model::Table& ch = T(c, "child");
  const model::Constraint* fk = Con(ch, "child_parent_id_fkey");
  ASSERT_NE(fk, nullptr);
  EXPECT_EQ(fk->kind, ConstraintKind::kForeignKey);
  EXPECT_EQ(fk->ref_table, (model::QualifiedName{"main", "parent"}));
  EXPECT_EQ(fk->ref_columns, (std::vector<std::string>{"id"}));  // the parent's primary key
  EXPECT_EQ(fk->on_delete, RefAction::kCascade);
  EXPECT_EQ(fk->on_update, RefAction::kNoAction);
  EXPECT_FALSE(fk->deferrable);
  const model::Constraint* ab = Con(ch, "child_ab");
  ASSERT_NE(ab, nullptr);
  EXPECT_EQ(ab->columns, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(ab->ref_columns, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(ab->on_update, RefAction::kSetNull);
  EXPECT_TRUE(ab->deferrable);
  EXPECT_TRUE(ab->initially_deferred);
  ASSERT_NE(Con(ch, "child_age_check"), nullptr);
  EXPECT_EQ(Con(ch, "child_age_check")->expression, "age >= 0");
}

TEST(SqliteInspect, Indexes) {
  testing::TempDir dir;
  fs::path db = dir.path() / "app.db";
  MakeDb(db,
         "CREATE TABLE t (a INT, b TEXT, c TEXT COLLATE NOCASE);\n"
         "CREATE UNIQUE INDEX t_ab ON t (a, b DESC) WHERE (a IS NOT NULL);\n"
         "CREATE INDEX t_expr ON t (lower( b ) COLLATE rtrim, c);\n");
  model::Catalog c = Inspect(db);
  const model::Index& ab = c.indexes.at({"main", "t_ab"});
  EXPECT_TRUE(ab.unique);
  EXPECT_FALSE(ab.backs_constraint);
  EXPECT_EQ(ab.table, (model::QualifiedName{"main", "t"}));
  ASSERT_EQ(ab.keys.size(), 2u);
  EXPECT_EQ(ab.keys[0].expression, "a");
  EXPECT_FALSE(ab.keys[1].is_expression);
  EXPECT_TRUE(ab.keys[1].descending);
  EXPECT_EQ(ab.predicate, "a IS NOT NULL");
  const model::Index& ex = c.indexes.at({"main", "t_expr"});
  EXPECT_FALSE(ex.unique);
  ASSERT_EQ(ex.keys.size(), 2u);
  EXPECT_TRUE(ex.keys[0].is_expression);
  EXPECT_EQ(ex.keys[0].expression, "lower(b)");
  EXPECT_EQ(ex.keys[0].collation, "RTRIM");
  EXPECT_EQ(ex.keys[1].expression, "c");
  EXPECT_EQ(ex.keys[1].collation, "NOCASE");  // the column's collation
}

TEST(SqliteInspect, ViewsAndTriggers) {
  testing::TempDir dir;
  fs::path db = dir.path() / "app.db";
  MakeDb(db,
         "CREATE TABLE t (a INT, b TEXT);\nCREATE TABLE log (x);\n"
         "CREATE VIEW v (x, y) AS SELECT a, b FROM t WHERE a > 1;\n"
         "CREATE TRIGGER t_upd AFTER UPDATE OF a, b ON t FOR EACH ROW WHEN new.a <> old.a BEGIN\n"
         "  INSERT INTO log VALUES (new.a);\n  DELETE FROM log WHERE x IS NULL;\nEND;\n"
         "CREATE TRIGGER t_ins INSERT ON t BEGIN SELECT 1; END;\n"
         "CREATE TRIGGER v_ins INSTEAD OF INSERT ON v BEGIN INSERT INTO t (a, b) VALUES (new.x, "
         "new.y); END;\n");
  model::Catalog c = Inspect(db);
  const model::View& v = c.views.at({"main", "v"});
  EXPECT_EQ(v.columns, (std::vector<std::string>{"x", "y"}));
  EXPECT_EQ(v.definition, "SELECT a, b FROM t WHERE a > 1");
  const model::Table& t = T(c, "t");
  const model::Trigger& upd = t.triggers.at("t_upd");
  EXPECT_EQ(upd.timing, model::TriggerTiming::kAfter);
  EXPECT_EQ(upd.events, (std::vector<std::string>{"UPDATE"}));
  EXPECT_EQ(upd.update_of, (std::vector<std::string>{"a", "b"}));
  EXPECT_TRUE(upd.for_each_row);
  EXPECT_EQ(upd.when, "new.a <> old.a");
  EXPECT_EQ(upd.body, "INSERT INTO log VALUES (new.a); DELETE FROM log WHERE x IS NULL;");
  const model::Trigger& ins = t.triggers.at("t_ins");
  EXPECT_EQ(ins.timing, model::TriggerTiming::kBefore);  // SQLite's default
  EXPECT_EQ(ins.body, "SELECT 1;");
  const model::Trigger& vi = v.triggers.at("v_ins");
  EXPECT_EQ(vi.timing, model::TriggerTiming::kInsteadOf);
  EXPECT_EQ(vi.body, "INSERT INTO t(a, b) VALUES (new.x, new.y);");
}

TEST(SqliteInspect, VirtualTablesWithoutTheirShadowTables) {
  testing::TempDir dir;
  fs::path db = dir.path() / "app.db";
  MakeDb(db, "CREATE VIRTUAL TABLE search USING fts5(title, body, tokenize = 'porter');\n");
  model::Catalog c = Inspect(db);
  ASSERT_EQ(c.tables.size(), 1u) << "shadow tables leak";
  const model::Table& s = T(c, "search");
  EXPECT_EQ(s.module, "fts5(title, body, tokenize = 'porter')");
  ASSERT_EQ(s.columns.size(), 2u);  // the hidden columns of the module are left out
  EXPECT_EQ(s.columns[0].name, "title");
}

TEST(SqliteInspect, InternalAndLedgerTablesAreNotSchema) {
  testing::TempDir dir;
  fs::path db = dir.path() / "app.db";
  MakeDb(db,
         "CREATE TABLE d1_migrations (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT UNIQUE);\n"
         "INSERT INTO d1_migrations (name) VALUES ('0001.sql');\n"
         "CREATE TABLE _cf_KV (key TEXT PRIMARY KEY, value BLOB) WITHOUT ROWID;\n"
         "CREATE TABLE \"__drizzle_migrations\" (id SERIAL PRIMARY KEY, hash text NOT NULL, "
         "created_at numeric);\n"
         "CREATE TABLE flyway_schema_history (installed_rank INT NOT NULL PRIMARY KEY, success "
         "BOOLEAN);\n"
         "CREATE INDEX flyway_schema_history_s_idx ON flyway_schema_history (success);\n"
         "CREATE TABLE schema_migrations (version uint64, dirty bool);\n"
         "CREATE TABLE _prisma_migrations (id TEXT PRIMARY KEY);\n"
         "CREATE TABLE goose_db_version (id INTEGER PRIMARY KEY);\n"
         "CREATE TABLE my_ledger (id INTEGER);\n"
         "CREATE TABLE app (id INTEGER PRIMARY KEY);\n"
         "ANALYZE;\n");
  sqlite::InspectOptions o;
  o.ledger_tables = {"MY_LEDGER"};
  model::Catalog c = Inspect(db, o);
  ASSERT_EQ(c.tables.size(), 1u);
  EXPECT_EQ(c.tables.begin()->first.name, "app");
  EXPECT_TRUE(c.indexes.empty());
}

TEST(SqliteInspect, OpensReadOnlyAndChangesNothing) {
  testing::TempDir dir;
  fs::path db = dir.path() / "app.db";
  MakeDb(db, "CREATE TABLE t (a INT); INSERT INTO t VALUES (1);");
  auto read_bytes = [&] {
    std::ifstream in(db, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  };
  std::string before = read_bytes();
  auto mtime = fs::last_write_time(db);
  model::Catalog c = Inspect(db);
  EXPECT_EQ(c.tables.size(), 1u);
  EXPECT_EQ(read_bytes(), before);
  EXPECT_EQ(fs::last_write_time(db), mtime);
  // A write on the inspector's connection fails.
  auto conn = sqlite::OpenReadOnly(db);
  ASSERT_TRUE(conn.ok()) << conn.error().ToString();
  char* err = nullptr;
  int rc = sqlite3_exec(conn->get(), "CREATE TABLE u (b INT)", nullptr, nullptr, &err);
  EXPECT_EQ(rc & 0xff, SQLITE_READONLY) << (err ? err : "");
  sqlite3_free(err);
  EXPECT_EQ(read_bytes(), before);
}

TEST(SqliteInspect, ReadsAWalDatabaseWithALiveWriter) {
  testing::TempDir dir;
  fs::path db = dir.path() / "wal.db";
  sqlite3* writer = nullptr;
  ASSERT_EQ(sqlite3_open(db.c_str(), &writer), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(writer,
                         "PRAGMA journal_mode = WAL; PRAGMA wal_autocheckpoint = 0;"
                         "CREATE TABLE t (a INT); CREATE TABLE only_in_wal (b INT);",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  ASSERT_TRUE(fs::exists(dir.path() / "wal.db-wal"));
  model::Catalog c = Inspect(db);
  EXPECT_EQ(c.tables.size(), 2u);
  EXPECT_EQ(c.tables.count({"main", "only_in_wal"}), 1u);
  sqlite3_close(writer);
}

TEST(SqliteInspect, MissingDirectoryAndNonDatabaseFilesAreClearErrors) {
  testing::TempDir dir;
  fs::path missing = dir.path() / "nope.db";
  auto r = sqlite::InspectSqlite(missing);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kNotFound);
  EXPECT_NE(r.error().message.find(missing.string()), std::string::npos);
  EXPECT_FALSE(fs::exists(missing));  // never created

  r = sqlite::InspectSqlite(dir.path());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);

  fs::path text = dir.Write("notes.db", std::string(4096, 'x'));
  r = sqlite::InspectSqlite(text);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kParse);
  EXPECT_NE(r.error().message.find(text.string()), std::string::npos);
  EXPECT_NE(r.error().message.find("not an SQLite database"), std::string::npos);

  // A real header over a mangled schema page.
  fs::path db = dir.path() / "corrupt.db";
  MakeDb(db, "CREATE TABLE t (a INT);");
  {
    std::fstream f(db, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(100);
    std::string junk(200, '\xff');
    f.write(junk.data(), static_cast<std::streamsize>(junk.size()));
  }
  r = sqlite::InspectSqlite(db);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kParse);
  EXPECT_NE(r.error().message.find(db.string()), std::string::npos);
}

}  // namespace
}  // namespace sse
