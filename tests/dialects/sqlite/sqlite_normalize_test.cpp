// The SQLite normaliser: the same schema written with different quoting, keyword case, white
// space and redundant parentheses compares equal; different schemas differ at the right path.

#include "dialects/sqlite/normalize.hpp"

#include <gtest/gtest.h>

#include "core/diff/diff.hpp"
#include "dialects/sqlite/inspect.hpp"
#include "dialects/sqlite/sqlite.hpp"
#include "tests/dialects/sqlite/sqlite_test_util.hpp"
#include "tests/support/temp_dir.hpp"

namespace sse {
namespace {

using sqlite::NormalizeExpr;
using sqlite::NormalizeSql;

TEST(SqliteNormalize, Expressions) {
  EXPECT_EQ(NormalizeExpr("(0)"), "0");
  EXPECT_EQ(NormalizeExpr("((0))"), "0");
  EXPECT_EQ(NormalizeExpr("(1) + (2)"), "(1) + (2)");  // not wrapped whole
  EXPECT_EQ(NormalizeExpr("-1"), "-1");
  EXPECT_EQ(NormalizeExpr("a - 1"), "a - 1");
  EXPECT_EQ(NormalizeExpr("a-1"), "a - 1");
  EXPECT_EQ(NormalizeExpr("(STRFTIME('%Y-%m-%d %H:%M:%f', 'NOW'))"),
            "strftime('%Y-%m-%d %H:%M:%f', 'NOW')");
  EXPECT_EQ(NormalizeExpr("json_object ( )"), "json_object()");
  EXPECT_EQ(NormalizeExpr("current_timestamp"), "CURRENT_TIMESTAMP");
  EXPECT_EQ(NormalizeExpr("\"price\">0 and `qty` != 0"), "price > 0 AND qty <> 0");
  EXPECT_EQ(NormalizeExpr("[a b] == 1"), "\"a b\" = 1");
  EXPECT_EQ(NormalizeExpr("\"key\" is not null"), NormalizeExpr("KEY IS NOT NULL"));
  EXPECT_EQ(NormalizeExpr("x in (1,2 , 3)"), "x IN (1, 2, 3)");
  EXPECT_EQ(NormalizeExpr("cast( x as integer )"), "CAST(x AS INTEGER)");
  EXPECT_EQ(NormalizeExpr("x'0aff'"), "X'0AFF'");
  EXPECT_EQ(NormalizeExpr("a /* comment */ -- more\n + 1"), "a + 1");
  EXPECT_EQ(NormalizeExpr("t.\"col\""), "t.col");
  EXPECT_EQ(NormalizeExpr("'it''s'"), "'it''s'");
  EXPECT_EQ(NormalizeSql("select  a,b from t;"), "SELECT a, b FROM t");
  EXPECT_EQ(NormalizeExpr("lower(REPLACE(name, ' ', ''))"), "lower(replace(name, ' ', ''))");
  EXPECT_EQ(NormalizeExpr("a LIKE ('x%')"), "a LIKE ('x%')");
  EXPECT_EQ(NormalizeExpr("false"), "FALSE");
  EXPECT_EQ(sqlite::NormalizeDefault("\"text\""), "'text'");
  EXPECT_EQ(sqlite::NormalizeDefault("text"), "'text'");
  EXPECT_EQ(sqlite::NormalizeDefault("'text'"), "'text'");
  EXPECT_EQ(sqlite::NormalizeDefault("current_timestamp"), "CURRENT_TIMESTAMP");
  EXPECT_EQ(sqlite::NormalizeDefault("true"), "TRUE");
  EXPECT_EQ(sqlite::NormalizeDefault("(0)"), "0");
}

TEST(SqliteNormalize, Types) {
  sqlite::DeclaredType t = sqlite::NormalizeType("varchar ( 255 )");
  EXPECT_EQ(t.name, "VARCHAR");
  EXPECT_EQ(t.args, (std::vector<std::string>{"255"}));
  t = sqlite::NormalizeType("unsigned   big int");
  EXPECT_EQ(t.name, "UNSIGNED BIG INT");
  t = sqlite::NormalizeType("decimal(10,2)");
  EXPECT_EQ(t.args, (std::vector<std::string>{"10", "2"}));
  EXPECT_EQ(sqlite::NormalizeType("").name, "");
}

TEST(SqliteNormalize, ParsesTableConstraintsWithoutCommas) {
  // SQLite accepts table constraints with no comma between them (wildebeest 0007 does this).
  sqlite::ParsedTable p = sqlite::ParseCreateTable(
      "CREATE TABLE s (a TEXT, b TEXT, UNIQUE(a, b)\n FOREIGN KEY(a) REFERENCES x(id), FOREIGN "
      "KEY(b) "
      "REFERENCES y(id) NOT DEFERRABLE)");
  ASSERT_TRUE(p.ok);
  EXPECT_EQ(p.columns.size(), 2u);
  ASSERT_EQ(p.uniques.size(), 1u);
  EXPECT_EQ(p.uniques[0].columns, (std::vector<std::string>{"a", "b"}));
  ASSERT_EQ(p.foreign_keys.size(), 2u);
  EXPECT_EQ(p.foreign_keys[1].ref_table, "y");
}

/// The catalog of a database built from `sql`.
model::Catalog Build(const std::string& sql) {
  SourceFile file("schema.sql", sql);
  auto r = sqlite::SqliteReplayer().LoadDdl(file);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().ToString());
  return r.ok() ? r->catalog : model::Catalog{};
}

std::vector<std::string> Diff(const std::string& a, const std::string& b) {
  std::vector<std::string> out;
  for (const diff::Difference& d : diff::Compare(Build(a), Build(b))) out.push_back(d.Describe());
  return out;
}

TEST(SqliteNormalize, SameSchemaWrittenDifferentlyComparesEqual) {
  std::string a =
      "CREATE TABLE users (\n"
      "  id INTEGER PRIMARY KEY AUTOINCREMENT,\n"
      "  email TEXT NOT NULL UNIQUE,\n"
      "  score REAL DEFAULT (0) CHECK (score >= 0),\n"
      "  created DATETIME DEFAULT (STRFTIME('%Y-%m-%d', 'NOW')),\n"
      "  kind TEXT DEFAULT 'a' CHECK(kind IN ('a','b'))\n"
      ") STRICT;\n"
      "CREATE INDEX users_kind ON users (kind) WHERE kind <> 'a';\n"
      "CREATE VIEW named AS SELECT id, email FROM users WHERE score > 1;\n"
      "CREATE TRIGGER users_touch AFTER UPDATE ON users BEGIN UPDATE users SET score = score + 1 "
      "WHERE id = "
      "new.id; END;\n";
  std::string b =
      "create table \"users\"(\"id\" integer primary key autoincrement, `email` text not null "
      "unique,\n"
      "\t[score] real default 0 check ((score>=0)),\n"
      "  \"created\" datetime default (strftime('%Y-%m-%d','NOW')), kind text default ('a') "
      "check (kind in ('a', 'b'))) strict;\n"
      "create index \"users_kind\" on \"users\"(\"kind\") where (kind != 'a');\n"
      "create view \"named\" as select id,email from users where (score>1);\n"
      "create trigger users_touch after update on users begin\n  update users set score=score+1 "
      "where id==new.id;\nend;\n";
  // The parenthesised WHERE of the view is not a redundant outer pair of an expression the
  // normaliser strips: views compare token by token.
  std::vector<std::string> d = Diff(a, b);
  ASSERT_EQ(d.size(), 1u) << ::testing::PrintToString(d);
  EXPECT_NE(d[0].find("view main.named"), std::string::npos);
  b = b.replace(b.find("(score>1)"), 9, "score>1");
  EXPECT_TRUE(Diff(a, b).empty()) << ::testing::PrintToString(Diff(a, b));
}

TEST(SqliteNormalize, DifferentSchemasDifferAtTheRightPath) {
  std::string base =
      "CREATE TABLE t (a INTEGER DEFAULT 1 CHECK (a > 0), b TEXT);\n"
      "CREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT 1; END;\n";
  auto one = [&](const std::string& other) {
    std::vector<diff::Difference> d = diff::Compare(Build(base), Build(other));
    EXPECT_EQ(d.size(), 1u);
    return d.empty() ? diff::Difference{} : d[0];
  };
  diff::Difference d =
      one("CREATE TABLE t (a INTEGER DEFAULT 2 CHECK (a > 0), b TEXT);\n"
          "CREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT 1; END;\n");
  EXPECT_EQ(d.path, "main.t.a");
  EXPECT_EQ(d.property, "default");
  EXPECT_EQ(d.expected, "1");
  EXPECT_EQ(d.actual, "2");
  d =
      one("CREATE TABLE t (a INTEGER DEFAULT 1 CHECK (a >= 0), b TEXT);\n"
          "CREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT 1; END;\n");
  EXPECT_EQ(d.path, "main.t.t_a_check");
  EXPECT_EQ(d.property, "expression");
  d =
      one("CREATE TABLE t (a INTEGER DEFAULT 1 CHECK (a > 0), b TEXT) STRICT;\n"
          "CREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT 1; END;\n");
  EXPECT_EQ(d.path, "main.t");
  EXPECT_EQ(d.property, "options");
  d =
      one("CREATE TABLE t (a INTEGER DEFAULT 1 CHECK (a > 0), b TEXT);\n"
          "CREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT 2; END;\n");
  EXPECT_EQ(d.path, "main.t.tr");
  EXPECT_EQ(d.property, "body");
  d =
      one("CREATE TABLE t (a INTEGER DEFAULT 1 CHECK (a > 0), b VARCHAR(10));\n"
          "CREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT 1; END;\n");
  EXPECT_EQ(d.path, "main.t.b");
  EXPECT_EQ(d.property, "type");
  d =
      one("CREATE TABLE t (a INTEGER DEFAULT 1 CHECK (a > 0), b TEXT, c INT);\n"
          "CREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT 1; END;\n");
  EXPECT_EQ(d.kind, diff::DifferenceKind::kUnexpected);
  EXPECT_EQ(d.path, "main.t.c");
}

TEST(SqliteNormalize, RenamedTableTextComparesEqualToFreshlyCreated) {
  // ALTER TABLE RENAME rewrites the stored CREATE text as CREATE TABLE "t2" (...); ADD COLUMN
  // appends the definition as written: the normalised catalog does not see the difference.
  std::string direct = "CREATE TABLE t2 (a INTEGER, b TEXT DEFAULT 'x');";
  std::string altered =
      "CREATE TABLE t (a INTEGER);\nALTER TABLE t RENAME TO t2;\nALTER TABLE t2 ADD b text default "
      "'x';";
  EXPECT_TRUE(Diff(direct, altered).empty()) << ::testing::PrintToString(Diff(direct, altered));
}

}  // namespace
}  // namespace sse
