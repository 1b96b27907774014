// The SQLite / D1 replayer: migrations executed in an in-memory SQLite, statement by statement,
// with what each statement did and SQLite's own errors as SCH401/402/403.

#include "dialects/sqlite/sqlite.hpp"

#include <gtest/gtest.h>

#include "core/diff/diff.hpp"
#include "dialects/dialect.hpp"
#include "tests/dialects/sqlite/sqlite_test_util.hpp"

namespace sse {
namespace {

using model::ChangeOp;
using model::ObjectKind;
using model::StatementKind;
using testing::SqliteSet;

model::SetReplay ReplaySql(const std::vector<std::string>& texts, Tool tool = Tool::kSql,
                           const std::string& dialect = "sqlite") {
  MigrationSet set = SqliteSet(texts, tool, dialect);
  return sqlite::SqliteReplayer(dialect).Replay(set);
}

const model::Table* Table(const model::SetReplay& r, const std::string& name) {
  auto it = r.catalog.tables.find({"main", name});
  return it == r.catalog.tables.end() ? nullptr : &it->second;
}

std::vector<std::string> Codes(const model::SetReplay& r) {
  std::vector<std::string> out;
  for (const auto& m : r.migrations) {
    for (const auto& st : m.statements) {
      for (const auto& p : st.problems) out.push_back(p.code);
    }
  }
  return out;
}

TEST(SqliteReplay, RegisteredForSqliteAndD1) {
  EXPECT_NE(Dialects().ReplayerFor("sqlite"), nullptr);
  EXPECT_NE(Dialects().ReplayerFor("d1"), nullptr);
  EXPECT_NE(Dialects().RulesFor("sqlite"), nullptr);  // SCH6xx
  EXPECT_NE(Dialects().RulesFor("d1"), nullptr);
}

TEST(SqliteReplay, CreateTableIndexViewTrigger) {
  std::string sql =
      "CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL);\n"
      "CREATE UNIQUE INDEX IF NOT EXISTS users_email ON users(email);\n"
      "CREATE VIEW v AS SELECT id FROM users;\n"
      "CREATE TRIGGER t AFTER INSERT ON users BEGIN UPDATE users SET email = lower(new.email); "
      "SELECT 1; END;\n";
  model::SetReplay r = ReplaySql({sql});
  ASSERT_EQ(r.migrations.size(), 1u);
  const auto& st = r.migrations[0].statements;
  ASSERT_EQ(st.size(), 4u);  // the trigger body's ';' does not split it
  EXPECT_EQ(st[0].kind, StatementKind::kDdl);
  EXPECT_EQ(st[0].tag, "CREATE TABLE");
  ASSERT_EQ(st[0].changes.size(), 1u);
  EXPECT_EQ(st[0].changes[0].op, ChangeOp::kCreate);
  EXPECT_EQ(st[0].changes[0].object.kind, ObjectKind::kTable);
  EXPECT_EQ(st[0].changes[0].object.name, (model::QualifiedName{"main", "users"}));
  EXPECT_FALSE(st[0].retry_safe);
  EXPECT_EQ(st[1].tag, "CREATE INDEX");
  ASSERT_EQ(st[1].changes.size(), 1u);
  EXPECT_TRUE(st[1].changes[0].unique);
  EXPECT_TRUE(st[1].changes[0].guarded);
  EXPECT_FALSE(st[1].changes[0].on_existing);  // the table was created by this migration
  EXPECT_TRUE(st[1].retry_safe);
  EXPECT_EQ(st[2].changes[0].object.kind, ObjectKind::kView);
  EXPECT_EQ(st[3].changes[0].object.kind, ObjectKind::kTrigger);
  EXPECT_EQ(st[3].changes[0].object.member, "t");
  // Spans: from the first token to the ';'.
  EXPECT_EQ(sql.substr(st[0].span.begin, st[0].span.end - st[0].span.begin),
            "CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL);");
  EXPECT_TRUE(sql.substr(st[3].span.begin, st[3].span.end - st[3].span.begin).ends_with("END;"));
  ASSERT_NE(Table(r, "users"), nullptr);
  EXPECT_EQ(Table(r, "users")->triggers.count("t"), 1u);
  EXPECT_EQ(r.catalog.views.count({"main", "v"}), 1u);
  EXPECT_EQ(r.catalog.indexes.count({"main", "users_email"}), 1u);
  EXPECT_EQ(r.catalog.dialect, "sqlite");
}

TEST(SqliteReplay, AlreadyExistsIsSch401WithSqlitesMessage) {
  model::SetReplay r =
      ReplaySql({"CREATE TABLE a (x);", "CREATE TABLE b (y);\nCREATE TABLE a (x);"});
  const auto& st = r.migrations[1].statements;
  ASSERT_EQ(st.size(), 2u);
  ASSERT_EQ(st[1].problems.size(), 1u);
  EXPECT_EQ(st[1].problems[0].code, "SCH401");
  EXPECT_EQ(st[1].problems[0].message, "table a already exists");
  EXPECT_TRUE(st[1].changes.empty());
  // Guarded: no problem, no change.
  r = ReplaySql({"CREATE TABLE a (x);", "CREATE TABLE IF NOT EXISTS a (x);"});
  EXPECT_TRUE(r.migrations[1].statements[0].problems.empty());
  EXPECT_TRUE(r.migrations[1].statements[0].changes.empty());
  // Indexes, duplicate columns.
  r =
      ReplaySql({"CREATE TABLE a (x); CREATE INDEX i ON a(x); CREATE INDEX i ON a(x); ALTER TABLE "
                 "a ADD COLUMN x;"});
  EXPECT_EQ(Codes(r), (std::vector<std::string>{"SCH401", "SCH401"}));
  EXPECT_EQ(r.migrations[0].statements[2].problems[0].message, "index i already exists");
  EXPECT_EQ(r.migrations[0].statements[3].problems[0].message, "duplicate column name: x");
}

TEST(SqliteReplay, MissingObjectIsSch402) {
  model::SetReplay r =
      ReplaySql({"CREATE INDEX i ON nope(x);\nDROP TABLE gone;\nCREATE TABLE a (x);\n"
                 "ALTER TABLE a RENAME COLUMN y TO z;\nDROP INDEX IF EXISTS no_index;"});
  const auto& st = r.migrations[0].statements;
  ASSERT_EQ(st.size(), 5u);
  EXPECT_EQ(st[0].problems.at(0).code, "SCH402");
  EXPECT_EQ(st[0].problems[0].message, "no such table: main.nope");
  EXPECT_EQ(st[1].problems.at(0).code, "SCH402");
  EXPECT_EQ(st[1].problems[0].message, "no such table: gone");
  EXPECT_EQ(st[3].problems.at(0).code, "SCH402");
  EXPECT_TRUE(st[4].problems.empty());
}

TEST(SqliteReplay, SyntaxErrorIsSch403AtTheToken) {
  std::string sql = "CREATE TABLE a (x);\nCREATE TABLE c (x int,);\nCREATE TABLE b (y);";
  model::SetReplay r = ReplaySql({sql});
  const auto& st = r.migrations[0].statements;
  ASSERT_EQ(st.size(), 3u);
  ASSERT_EQ(st[1].problems.size(), 1u);
  EXPECT_EQ(st[1].problems[0].code, "SCH403");
  EXPECT_EQ(st[1].kind, StatementKind::kError);
  EXPECT_EQ(st[1].problems[0].message, "near \")\": syntax error");
  ASSERT_TRUE(st[1].problems[0].offset.has_value());
  EXPECT_EQ(*st[1].problems[0].offset, sql.find(");\nCREATE TABLE b"));
  // The replay goes on after it.
  EXPECT_NE(Table(r, "b"), nullptr);
}

TEST(SqliteReplay, UnsupportedAlterTableIsSch604AtTheToken) {
  std::string sql =
      "CREATE TABLE a (x);\nALTER TABLE a ALTER COLUMN x TYPE int;\nCREATE TABLE b (y);";
  model::SetReplay r = ReplaySql({sql});
  const auto& st = r.migrations[0].statements;
  ASSERT_EQ(st.size(), 3u);
  ASSERT_EQ(st[1].problems.size(), 1u);
  EXPECT_EQ(st[1].problems[0].code, "SCH604");
  EXPECT_TRUE(st[1].problems[0].Fails());
  EXPECT_EQ(st[1].kind, StatementKind::kError);
  EXPECT_EQ(st[1].problems[0].message,
            "SQLite's ALTER TABLE does not support this: near \"ALTER\": syntax error");
  ASSERT_TRUE(st[1].problems[0].offset.has_value());
  EXPECT_EQ(*st[1].problems[0].offset, sql.find("ALTER COLUMN"));
  EXPECT_NE(Table(r, "b"), nullptr);
}

TEST(SqliteReplay, D1RulesAreAdvisoriesOnStatementsThatRan) {
  model::SetReplay r =
      ReplaySql({"CREATE TABLE p (id INTEGER PRIMARY KEY);\n"
                 "CREATE TABLE c (id INTEGER PRIMARY KEY, p_id INTEGER REFERENCES p(id) ON DELETE "
                 "SET NULL);\n"
                 "PRAGMA foreign_keys = ON;\nPRAGMA foreign_keys = off;\nDROP TABLE p;"},
                Tool::kD1, "d1");
  const auto& st = r.migrations[0].statements;
  ASSERT_EQ(st.size(), 5u);
  EXPECT_TRUE(st[2].problems.empty());  // ON is what D1 does anyway
  ASSERT_EQ(st[3].problems.size(), 1u);
  EXPECT_EQ(st[3].problems[0].code, "SCH602");
  ASSERT_EQ(st[4].problems.size(), 1u);
  EXPECT_EQ(st[4].problems[0].code, "SCH603");
  EXPECT_FALSE(st[4].problems[0].Fails());
  EXPECT_NE(st[4].problems[0].message.find("c.p_id (ON DELETE SET NULL)"), std::string::npos);
  // The drop ran: its change is recorded and the table is gone.
  ASSERT_EQ(st[4].changes.size(), 1u);
  EXPECT_EQ(r.catalog.tables.count({"main", "p"}), 0u);
}

TEST(SqliteReplay, OtherRejectionsAreReportedWithSqlitesMessage) {
  // SQLite refuses a NOT NULL column without a default only when the table has rows: the replay
  // sees what the migrations themselves inserted (an ALTER TABLE refusal: SCH604).
  model::SetReplay r =
      ReplaySql({"CREATE TABLE a (x);\nINSERT INTO a VALUES (1);\nALTER TABLE a ADD COLUMN y TEXT "
                 "NOT NULL;\nCREATE TABLE s (x) STRICT;"});
  const auto& p = r.migrations[0].statements[2].problems;
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].code, "SCH604");
  EXPECT_EQ(p[0].message,
            "SQLite's ALTER TABLE does not support this: Cannot add a NOT NULL column with default "
            "value NULL");
  const auto& strict = r.migrations[0].statements[3].problems;
  ASSERT_EQ(strict.size(), 1u);
  EXPECT_EQ(strict[0].code, "SCH403");
  EXPECT_EQ(strict[0].message, "missing datatype for s.x");
  EXPECT_EQ(r.migrations[0].statements[3].kind, StatementKind::kDdl);
}

TEST(SqliteReplay, AlterTableForms) {
  model::SetReplay r = ReplaySql({"CREATE TABLE t (a INTEGER, b TEXT);",
                                  "ALTER TABLE t ADD COLUMN c varchar(20) NOT NULL DEFAULT 'x';\n"
                                  "ALTER TABLE t RENAME COLUMN a TO aa;\n"
                                  "ALTER TABLE t DROP COLUMN b;\n"
                                  "ALTER TABLE t RENAME TO t2;"});
  const auto& st = r.migrations[1].statements;
  ASSERT_EQ(st.size(), 4u);
  for (const auto& s : st) {
    EXPECT_TRUE(s.problems.empty());
    EXPECT_FALSE(s.retry_safe);
    ASSERT_EQ(s.changes.size(), 1u);
    EXPECT_TRUE(s.changes[0].on_existing);
  }
  const model::Change& add = st[0].changes[0];
  EXPECT_EQ(add.op, ChangeOp::kCreate);
  EXPECT_EQ(add.object.kind, ObjectKind::kColumn);
  EXPECT_EQ(add.object.member, "c");
  ASSERT_TRUE(add.new_type.has_value());
  EXPECT_EQ(add.new_type->ToString(), "VARCHAR(20)");
  EXPECT_TRUE(add.not_null);
  EXPECT_TRUE(add.has_default);
  EXPECT_EQ(st[1].changes[0].op, ChangeOp::kRename);
  EXPECT_EQ(st[1].changes[0].object.member, "a");
  EXPECT_EQ(st[1].changes[0].new_name, "aa");
  EXPECT_EQ(st[2].changes[0].op, ChangeOp::kDrop);
  EXPECT_EQ(st[2].changes[0].object.member, "b");
  EXPECT_EQ(st[3].changes[0].op, ChangeOp::kRename);
  EXPECT_EQ(st[3].changes[0].object.kind, ObjectKind::kTable);
  EXPECT_EQ(st[3].changes[0].new_name, "t2");
  const model::Table* t = Table(r, "t2");
  ASSERT_NE(t, nullptr);
  ASSERT_EQ(t->columns.size(), 2u);
  EXPECT_EQ(t->columns[0].name, "aa");
  EXPECT_EQ(t->columns[1].name, "c");
  EXPECT_EQ(t->columns[1].default_expr, "'x'");
}

TEST(SqliteReplay, DropsAndTheRebuildPattern) {
  model::SetReplay r = ReplaySql({"CREATE TABLE t (a INTEGER); CREATE INDEX ta ON t(a);",
                                  "CREATE TABLE __new_t (a INTEGER NOT NULL);\n"
                                  "INSERT INTO __new_t SELECT a FROM t;\n"
                                  "DROP TABLE t;\n"
                                  "ALTER TABLE __new_t RENAME TO t;\n"
                                  "CREATE INDEX ta ON t(a);"});
  const auto& st = r.migrations[1].statements;
  ASSERT_EQ(st.size(), 5u);
  EXPECT_TRUE(Codes(r).empty());
  EXPECT_EQ(st[1].kind, StatementKind::kData);
  EXPECT_EQ(st[2].changes.at(0).op, ChangeOp::kDrop);
  EXPECT_TRUE(st[2].changes[0].on_existing);
  EXPECT_EQ(st[3].changes.at(0).op, ChangeOp::kRename);
  EXPECT_FALSE(st[3].changes[0].on_existing);  // __new_t was created by this migration
  EXPECT_FALSE(st[4].changes.at(0).on_existing);
  EXPECT_TRUE(Table(r, "t")->columns[0].not_null);
}

TEST(SqliteReplay, DrizzleChunksAndD1Batches) {
  std::string drizzle =
      "CREATE TABLE `users` (\n\t`id` integer PRIMARY KEY NOT NULL,\n\t`email` text NOT NULL\n);\n"
      "--> statement-breakpoint\nCREATE UNIQUE INDEX `users_email_unique` ON `users` (`email`);";
  model::SetReplay r = ReplaySql({drizzle}, Tool::kDrizzle);
  ASSERT_EQ(r.migrations[0].statements.size(), 2u);
  EXPECT_TRUE(Codes(r).empty());
  EXPECT_EQ(drizzle.substr(r.migrations[0].statements[1].span.begin, 6), "CREATE");
  r = ReplaySql({"CREATE TABLE a (x);\nCREATE TRIGGER tr AFTER INSERT ON a BEGIN\n  DELETE FROM a "
                 "WHERE x = 1;\nEND;\n"},
                Tool::kD1, "d1");
  EXPECT_EQ(r.migrations[0].statements.size(), 2u);
  EXPECT_TRUE(Codes(r).empty());
  EXPECT_EQ(r.catalog.dialect, "d1");
}

TEST(SqliteReplay, StatementKinds) {
  model::SetReplay r = ReplaySql(
      {"PRAGMA foreign_keys = OFF;\nBEGIN;\nCREATE TABLE a (x);\nINSERT INTO a VALUES (1);\n"
       "COMMIT;\nANALYZE;\nATTACH 'x.db' AS x;\nVACUUM;\n-- only a comment\n"});
  const auto& st = r.migrations[0].statements;
  ASSERT_EQ(st.size(), 8u);
  EXPECT_EQ(st[0].kind, StatementKind::kSession);
  EXPECT_EQ(st[1].kind, StatementKind::kTransaction);
  EXPECT_EQ(st[2].kind, StatementKind::kDdl);
  EXPECT_EQ(st[3].kind, StatementKind::kData);
  EXPECT_EQ(st[4].kind, StatementKind::kTransaction);
  EXPECT_EQ(st[5].kind, StatementKind::kNoop);
  EXPECT_EQ(st[6].kind, StatementKind::kUnmodeled);
  EXPECT_FALSE(st[6].unmodeled_reason.empty());
  EXPECT_EQ(st[7].tag, "VACUUM");
  EXPECT_TRUE(st[7].no_transaction);
  EXPECT_TRUE(Codes(r).empty());
  EXPECT_FALSE(fs::exists("x.db"));  // ATTACH is never run
}

TEST(SqliteReplay, TransactionStatementsInsideTheToolsTransactionAreNotRun) {
  // Flyway wraps the migration: BEGIN/COMMIT in the file are recorded, not executed (the
  // transaction rules read them); everything else runs in the tool's transaction.
  model::SetReplay r =
      ReplaySql({"BEGIN;\nCREATE TABLE a (x);\nCOMMIT;\n", "CREATE TABLE b (y REFERENCES a(x));"},
                Tool::kFlyway);
  EXPECT_TRUE(Codes(r).empty());
  EXPECT_EQ(r.migrations[0].statements[0].kind, StatementKind::kTransaction);
  EXPECT_NE(Table(r, "a"), nullptr);
  EXPECT_NE(Table(r, "b"), nullptr);
}

TEST(SqliteReplay, UpToStopsEarly) {
  MigrationSet set = SqliteSet({"CREATE TABLE a (x);", "CREATE TABLE b (x);"});
  model::SetReplay r = sqlite::SqliteReplayer().Replay(set, 0);
  EXPECT_EQ(r.migrations.size(), 2u);
  EXPECT_TRUE(r.migrations[1].statements.empty());
  EXPECT_EQ(r.catalog.tables.size(), 1u);
}

TEST(SqliteReplay, LoadDdlEqualsReplay) {
  std::string ddl =
      "CREATE TABLE a (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT COLLATE NOCASE UNIQUE);\n"
      "CREATE TABLE b (id INTEGER PRIMARY KEY, a_id INTEGER REFERENCES a(id) ON DELETE CASCADE,\n"
      "  CHECK (a_id > 0));\n"
      "CREATE INDEX b_a ON b(a_id) WHERE a_id IS NOT NULL;\n";
  SourceFile file("schema.sql", ddl);
  auto loaded = sqlite::SqliteReplayer().LoadDdl(file);
  ASSERT_TRUE(loaded.ok()) << loaded.error().ToString();
  model::SetReplay replayed = ReplaySql({ddl});
  EXPECT_TRUE(diff::Compare(loaded->catalog, replayed.catalog).empty());
  EXPECT_EQ(loaded->migrations.size(), 1u);
  EXPECT_EQ(loaded->migrations[0].statements.size(), 3u);
}

TEST(SqliteReplay, LoadDdlSyntaxErrorIsAnErrorAtItsLine) {
  SourceFile file("schema.sql", "CREATE TABLE a (x);\n\nCREATE TABLE b (y,);\n");
  auto loaded = sqlite::SqliteReplayer().LoadDdl(file);
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.error().code, ErrorCode::kParse);
  ASSERT_TRUE(loaded.error().loc.has_value());
  EXPECT_EQ(loaded.error().loc->path, "schema.sql");
  EXPECT_EQ(loaded.error().loc->line, 3u);
  EXPECT_NE(loaded.error().message.find("syntax error"), std::string::npos);
}

TEST(SqliteReplay, D1EnforcesForeignKeys) {
  // With foreign keys on (D1), dropping a parent whose rows are referenced fails; plain SQLite
  // (foreign keys off by default) lets it through.
  std::string sql =
      "CREATE TABLE p (id INTEGER PRIMARY KEY);\nCREATE TABLE c (p INTEGER REFERENCES p(id));\n"
      "INSERT INTO p VALUES (1);\nINSERT INTO c VALUES (1);\nDROP TABLE p;";
  EXPECT_TRUE(Codes(ReplaySql({sql}, Tool::kSql, "sqlite")).empty());
  EXPECT_EQ(Codes(ReplaySql({sql}, Tool::kSql, "d1")), (std::vector<std::string>{"SCH403"}));
}

}  // namespace
}  // namespace sse
