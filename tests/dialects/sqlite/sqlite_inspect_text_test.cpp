// Reading tables from their CREATE texts (inspect_text.hpp) against SQLite's own pragmas: the same
// rows table by table over a varied schema, the same catalog either way, and the texts it leaves
// to the pragmas.

#include "dialects/sqlite/inspect_text.hpp"

#include <sqlite3.h>

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/util/fs.hpp"
#include "dialects/sqlite/db.hpp"
#include "dialects/sqlite/inspect.hpp"
#include "dialects/sqlite/normalize.hpp"
#include "tests/dialects/sqlite/sqlite_test_util.hpp"
#include "tests/support/temp_dir.hpp"

namespace sse {
namespace {

using sqlite::ParseCreateIndex;
using sqlite::ParseCreateTable;

std::string Upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

/// The rows as text, collation names in upper case (SQLite reports them as written).
std::string Describe(const sqlite::TableRows& r) {
  std::string out;
  for (const auto& c : r.columns) {
    out += fmt::format("column {} {} type=[{}] notnull={} default={} pk={} hidden={}\n", c.cid,
                       c.name, c.type, c.not_null,
                       c.default_value ? "[" + *c.default_value + "]" : "NULL", c.pk, c.hidden);
  }
  for (const auto& i : r.indexes) {
    out += fmt::format("index {} unique={} origin={} partial={}\n", i.name, i.unique, i.origin,
                       i.partial);
    for (const auto& k : i.keys) {
      out += fmt::format("  key cid={} name={} desc={} coll={}\n", k.cid, k.column, k.desc,
                         Upper(k.coll));
    }
  }
  for (const auto& f : r.foreign_keys) {
    out += fmt::format("fk {}.{} {} {} -> {} upd={} del={} match={}\n", f.id, f.seq, f.table,
                       f.from, f.to ? *f.to : "NULL", f.on_update, f.on_delete, f.match);
  }
  return out;
}

/// A schema with the forms the text reading must follow (and two it leaves to the pragmas).
const char* kVariedSchema =
    "CREATE TABLE \"Quoted Table\" (\"id\" INTEGER PRIMARY KEY AUTOINCREMENT,\n"
    "  [name] TEXT NOT NULL COLLATE NOCASE, `v` varchar( 255 ) DEFAULT 'x', 'w' INT DEFAULT -1);\n"
    "CREATE TABLE t_comments ( -- a comment\n"
    "  a INTEGER /* inline */ NOT NULL, b TEXT DEFAULT (  lower('A')  ) /* c */,\n"
    "  c REAL DEFAULT +1.5, d BLOB DEFAULT x'00ff', e DEFAULT CURRENT_TIMESTAMP,\n"
    "  f NUMERIC(12, 2) DEFAULT 0x1F, g DEFAULT \"dq\", i DEFAULT - 2,\n"
    "  PRIMARY KEY (a DESC, b COLLATE NOCASE), UNIQUE (c, d) ON CONFLICT REPLACE,\n"
    "  CHECK (a > 0) ON CONFLICT ABORT);\n"
    "CREATE TABLE kv (k TEXT, v ANY, PRIMARY KEY (v, k)) STRICT, WITHOUT ROWID;\n"
    "CREATE TABLE wr (id INTEGER PRIMARY KEY, x TEXT UNIQUE, y INT) WITHOUT ROWID;\n"
    "CREATE TABLE wr2 (a INT, id INTEGER, b TEXT UNIQUE COLLATE NOCASE, PRIMARY KEY (id DESC),\n"
    "  UNIQUE (a)) WITHOUT ROWID;\n"
    "CREATE TABLE strict_t (a INTEGER PRIMARY KEY, b TEXT, c INT NOT NULL, UNIQUE (b, c)) STRICT;\n"
    "CREATE TABLE strict_pk (a TEXT PRIMARY KEY, b INT) STRICT;\n"
    "CREATE TABLE desc_pk (id INTEGER PRIMARY KEY DESC, n TEXT);\n"
    "CREATE TABLE tpk (id INTEGER, n TEXT, PRIMARY KEY (id DESC));\n"
    "CREATE TABLE gen (a INT, b INT GENERATED ALWAYS AS (a * 2) STORED,\n"
    "  c TEXT AS (upper(a)) VIRTUAL, d GENERATED ALWAYS AS (a + 1),\n"
    "  e INTEGER   GENERATED   ALWAYS AS (a) NOT NULL);\n"
    "CREATE TABLE dup (a TEXT UNIQUE, b TEXT, UNIQUE (a), PRIMARY KEY (a),\n"
    "  UNIQUE (b COLLATE NOCASE), UNIQUE (b));\n"
    "CREATE TABLE colpk (a TEXT PRIMARY KEY DESC COLLATE NOCASE UNIQUE, b TEXT UNIQUE UNIQUE);\n"
    "CREATE TABLE parent (id INTEGER PRIMARY KEY, code TEXT UNIQUE, k1 INT, k2 INT,\n"
    "  UNIQUE (k1, k2));\n"
    "CREATE TABLE child (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  p INT REFERENCES parent ON DELETE CASCADE ON UPDATE SET NULL,\n"
    "  c TEXT CONSTRAINT fk_code REFERENCES \"parent\" (\"code\") MATCH SIMPLE\n"
    "    ON DELETE SET DEFAULT DEFERRABLE INITIALLY DEFERRED,\n"
    "  K1 INT, k2 INT,\n"
    "  CONSTRAINT fk_pair FOREIGN KEY (k1, K2) REFERENCES parent (k1, k2)\n"
    "    ON DELETE RESTRICT ON UPDATE NO ACTION,\n"
    "  FOREIGN KEY (p) REFERENCES parent (id) ON UPDATE CASCADE ON UPDATE RESTRICT\n"
    ");\n"
    "CREATE TABLE crlf (\r\n  a INTEGER PRIMARY KEY,\r\n\tb TEXT\r\n  NOT NULL\f\r\n);\n"
    "CREATE TABLE types (a UNSIGNED BIG INT, b DOUBLE PRECISION, c VARCHAR(10), d \"quoted "
    "type\",\n"
    "  e DECIMAL(10,-2), f);\n"
    "CREATE TABLE nulls (a TEXT NULL, b TEXT CONSTRAINT nn NOT NULL ON CONFLICT IGNORE,\n"
    "  c TEXT CHECK (c <> '') DEFAULT 'z');\n"
    "CREATE TABLE ipk_unique (id INTEGER PRIMARY KEY UNIQUE, n TEXT);\n"
    "CREATE TABLE IF NOT EXISTS main.qualified (a INT);\n"
    "CREATE TABLE ctas AS SELECT id, code FROM parent;\n"
    "CREATE INDEX ix_expr ON child (lower(c), k1 DESC);\n"
    "CREATE UNIQUE INDEX ix_part ON child (c) WHERE c IS NOT NULL;\n"
    "CREATE INDEX ix_coll ON parent (code COLLATE NOCASE DESC, \"k1\");\n"
    "CREATE INDEX ix_ipk ON ipk_unique (n, ID);\n"
    "CREATE INDEX ix_str ON strict_t ('b');\n"
    "CREATE INDEX ix_colexpr ON child ((c || 'x') COLLATE NOCASE);\n"
    "CREATE INDEX ix_inherit ON \"Quoted Table\" (name, v COLLATE rtrim);\n"
    "CREATE INDEX ix_wr ON wr (y, x);\n"
    "CREATE INDEX ix_paren ON nulls ((a), b);\n"
    "ALTER TABLE parent ADD COLUMN extra TEXT DEFAULT 'e' REFERENCES child (id);\n";

struct SchemaRow {
  std::string type, name, table, sql;
};

std::vector<SchemaRow> SchemaRows(sqlite3* db) {
  auto rows = sqlite::Query(db, "SELECT type, name, tbl_name, sql FROM sqlite_schema");
  EXPECT_TRUE(rows.ok());
  std::vector<SchemaRow> out;
  if (!rows.ok()) return out;
  for (const sqlite::Row& r : *rows) {
    out.push_back({r[0].value_or(""), r[1].value_or(""), r[2].value_or(""), r[3].value_or("")});
  }
  return out;
}

TEST(SqliteInspectText, SameRowsAsThePragmas) {
  testing::TempDir dir;
  fs::path file = dir.path() / "varied.db";
  testing::MakeDb(file, kVariedSchema);
  auto db = sqlite::OpenReadOnly(file);
  ASSERT_TRUE(db.ok());
  std::vector<SchemaRow> schema = SchemaRows(db->get());
  std::map<std::string, sqlite::ParsedIndex> parsed_indexes;
  for (const SchemaRow& o : schema) {
    if (o.type == "index" && !o.sql.empty()) parsed_indexes[o.name] = ParseCreateIndex(o.sql);
  }
  std::set<std::string> left_to_pragmas;
  size_t followed = 0;
  for (const SchemaRow& o : schema) {
    if (o.type != "table" || o.name.starts_with("sqlite_")) continue;
    std::vector<sqlite::IndexText> indexes;
    for (const SchemaRow& i : schema) {
      if (i.type != "index" || i.table != o.name) continue;
      indexes.push_back({i.name, i.sql.empty() ? nullptr : &parsed_indexes[i.name]});
    }
    sqlite::ParsedTable parsed = ParseCreateTable(o.sql);
    auto text = sqlite::TableRowsFromText(o.name, parsed, indexes);
    auto pragma = sqlite::TableRowsFromPragmas(db->get(), o.name);
    ASSERT_TRUE(pragma.ok()) << o.name;
    if (!text) {
      left_to_pragmas.insert(o.name);
      continue;
    }
    ++followed;
    EXPECT_EQ(Describe(*text), Describe(*pragma)) << o.sql;
  }
  EXPECT_EQ(left_to_pragmas, (std::set<std::string>{"types", "nulls"}));
  EXPECT_EQ(followed, 18u);
}

/// Inspects `sql` written to a database file from the texts and through the pragmas.
std::pair<model::Catalog, model::Catalog> BothWays(const std::string& sql) {
  testing::TempDir dir;
  fs::path file = dir.path() / "app.db";
  testing::MakeDb(file, sql);
  auto from_text = sqlite::InspectSqlite(file);
  sqlite::InspectOptions o;
  o.use_pragmas = true;
  auto from_pragmas = sqlite::InspectSqlite(file, o);
  EXPECT_TRUE(from_text.ok());
  EXPECT_TRUE(from_pragmas.ok());
  if (!from_text.ok() || !from_pragmas.ok()) return {};
  return {std::move(*from_text), std::move(*from_pragmas)};
}

TEST(SqliteInspectText, SameCatalogAsThePragmas) {
  auto [text, pragmas] = BothWays(kVariedSchema);
  const model::Catalog* from_text = &text;
  const model::Catalog* from_pragmas = &pragmas;
  ASSERT_FALSE(from_text->tables.empty());
  ASSERT_EQ(from_text->tables.size(), from_pragmas->tables.size());
  for (const auto& [name, t] : from_pragmas->tables) {
    auto it = from_text->tables.find(name);
    ASSERT_NE(it, from_text->tables.end()) << name.name;
    EXPECT_TRUE(it->second == t) << name.name;
  }
  EXPECT_TRUE(from_text->indexes == from_pragmas->indexes);
  EXPECT_TRUE(*from_text == *from_pragmas);
}

TEST(SqliteInspectText, LegacyDescIsAskedOnce) {
  // A schema format below 4 ignores DESC: the rows then say ascending, as the pragmas do.
  auto [text, pragmas] = BothWays(
      "PRAGMA legacy_file_format = ON;\n"
      "CREATE TABLE t (a INT, b TEXT, PRIMARY KEY (a DESC));\n"
      "CREATE INDEX t_b ON t (b DESC);\n");
  ASSERT_EQ(text.tables.size(), 1u);
  EXPECT_TRUE(text == pragmas);
}

// ---- the parser's additions ------------------------------------------------------------------

TEST(SqliteInspectText, ParsesTypesDefaultsAndNotNull) {
  sqlite::ParsedTable p = ParseCreateTable(
      "CREATE TABLE t (a varchar( 255 ) NOT NULL DEFAULT 'x', b DEFAULT ( 1 + 2 ),\n"
      "  c INT DEFAULT -1 CONSTRAINT nn NOT NULL ON CONFLICT FAIL, d, e DOUBLE  PRECISION\n"
      "  DEFAULT CURRENT_TIMESTAMP, f INTEGER GENERATED ALWAYS AS (a) STORED)");
  ASSERT_TRUE(p.fully_read);
  ASSERT_EQ(p.columns.size(), 6u);
  EXPECT_EQ(p.columns[0].declared_type, "varchar( 255 )");
  EXPECT_TRUE(p.columns[0].not_null);
  EXPECT_EQ(p.columns[0].default_text, "'x'");
  EXPECT_EQ(p.columns[1].declared_type, "");
  EXPECT_EQ(p.columns[1].default_text, "1 + 2");
  EXPECT_EQ(p.columns[2].default_text, "-1");
  EXPECT_TRUE(p.columns[2].not_null);
  EXPECT_FALSE(p.columns[3].default_text.has_value());
  EXPECT_FALSE(p.columns[3].not_null);
  EXPECT_EQ(p.columns[4].declared_type, "DOUBLE  PRECISION");
  EXPECT_EQ(p.columns[4].default_text, "CURRENT_TIMESTAMP");
  EXPECT_EQ(p.columns[5].declared_type, "INTEGER");
  EXPECT_TRUE(p.columns[5].generated_stored);
}

TEST(SqliteInspectText, ParsesKeysInOrderWithCollationsAndDesc) {
  sqlite::ParsedTable p = ParseCreateTable(
      "CREATE TABLE t (a TEXT UNIQUE, b INT PRIMARY KEY DESC, c TEXT,\n"
      "  UNIQUE (c COLLATE nocase DESC, \"a\"))");
  ASSERT_TRUE(p.fully_read);
  ASSERT_TRUE(p.primary_key);
  EXPECT_TRUE(p.primary_key->column_level);
  EXPECT_EQ(p.primary_key->seq, 1);
  EXPECT_EQ(p.primary_key->descending, std::vector<bool>{true});
  ASSERT_EQ(p.uniques.size(), 2u);
  EXPECT_EQ(p.uniques[0].seq, 0);
  EXPECT_TRUE(p.uniques[0].column_level);
  EXPECT_EQ(p.uniques[1].seq, 2);
  EXPECT_FALSE(p.uniques[1].column_level);
  EXPECT_EQ(p.uniques[1].columns, (std::vector<std::string>{"c", "a"}));
  EXPECT_EQ(p.uniques[1].collations, (std::vector<std::string>{"nocase", ""}));
  EXPECT_EQ(p.uniques[1].descending, (std::vector<bool>{true, false}));
}

TEST(SqliteInspectText, ParsesForeignKeyActions) {
  sqlite::ParsedTable p = ParseCreateTable(
      "CREATE TABLE t (a INT REFERENCES p ON DELETE SET NULL ON update cascade,\n"
      "  b INT, FOREIGN KEY (b) REFERENCES p (x) ON DELETE NO ACTION ON DELETE RESTRICT)");
  ASSERT_TRUE(p.fully_read);
  ASSERT_EQ(p.foreign_keys.size(), 2u);
  EXPECT_EQ(p.foreign_keys[0].on_delete, "SET NULL");
  EXPECT_EQ(p.foreign_keys[0].on_update, "CASCADE");
  EXPECT_EQ(p.foreign_keys[1].on_delete, "RESTRICT");
  EXPECT_EQ(p.foreign_keys[1].on_update, "");
}

TEST(SqliteInspectText, LeavesUnusualTextsToThePragmas) {
  // Forms the text reading does not follow: not fully read.
  for (const char* sql : {
           "CREATE TABLE t (a INT GENERATED AS (1))",               // GENERATED without ALWAYS
           "CREATE TABLE t (a INT /*x*/ GENERATED ALWAYS AS (1))",  // a comment SQLite would keep
           "CREATE TABLE t (a INT, PRIMARY KEY (a + 1))",           // an expression as key
           "CREATE TABLE t (a INT, FOREIGN KEY (a) REFERENCES p (x COLLATE nocase))",
           "CREATE TABLE t (a INT REFERENCES p ON DELETE EXPLODE)",
           "CREATE TABLE t (a INT) BOGUS",
           "CREATE TABLE t (a VARCHAR(10) EXTRA)",
       }) {
    sqlite::ParsedTable p = ParseCreateTable(sql);
    EXPECT_TRUE(p.ok) << sql;
    EXPECT_FALSE(p.fully_read) << sql;
  }
  for (const char* sql : {
           "CREATE TABLE t (a INT, b TEXT) WITHOUT ROWID, STRICT",
           "CREATE TEMP TABLE IF NOT EXISTS \"s\".\"t\" ([a] INT CHECK (a > 0) COLLATE \"nocase\")",
           "CREATE TABLE t (a INT PRIMARY KEY ON CONFLICT REPLACE AUTOINCREMENT, b)",
           "CREATE TABLE t (a INT, b INT, PRIMARY KEY (a AUTOINCREMENT)) -- trailing comment",
       }) {
    EXPECT_TRUE(ParseCreateTable(sql).fully_read) << sql;
  }
  EXPECT_TRUE(ParseCreateIndex("CREATE INDEX i ON t ((a), b COLLATE x DESC)").fully_read);
  EXPECT_TRUE(ParseCreateIndex("CREATE INDEX i ON t (a) WHERE a > 0").fully_read);
  EXPECT_FALSE(ParseCreateIndex("CREATE INDEX i ON t (a) BOGUS").fully_read);
}

}  // namespace
}  // namespace sse
