#include <gtest/gtest.h>

#include "core/migrations/detect.hpp"
#include "core/migrations/reader.hpp"
#include "tests/support/temp_dir.hpp"

namespace sse {
namespace {

MigrationSet ReadDir(const fs::path& dir, const fs::path& cwd) {
  Candidate c;
  c.tool = Tool::kSql;
  c.dir = dir;
  c.display = DisplayPath(cwd, dir);
  return PlainSqlReader().Read(c, cwd);
}

bool Claims(const fs::path& dir, const fs::path& cwd) {
  auto entries = ListDir(dir);
  EXPECT_TRUE(entries.ok());
  DirView view{dir, DisplayPath(cwd, dir), &*entries};
  DetectContext ctx{cwd, nullptr};
  std::vector<Candidate> out;
  PlainSqlReader().Probe(view, ctx, out);
  if (!out.empty()) {
    EXPECT_EQ(out[0].evidence, Evidence::kFallback);
  }
  return !out.empty();
}

TEST(PlainSqlProbe, ClaimsNumberedSqlFoldersOnly) {
  testing::TempDir t;
  t.Write("two/001_a.sql", "SELECT 1;");
  t.Write("two/002_b.sql", "SELECT 1;");
  t.Write("one/001_a.sql", "SELECT 1;");
  t.Write("migrations/1_init.sql", "SELECT 1;");
  t.Write("Schema/01.sql", "SELECT 1;");
  t.Write("dump/schema.sql", "SELECT 1;");
  t.Write("schema/schema.sql", "SELECT 1;");
  t.Write("gm/001_a.up.sql", "SELECT 1;");
  t.Write("gm/002_b.up.sql", "SELECT 1;");
  t.Write("fw/V1__a.sql", "SELECT 1;");
  t.Write("fw/002_b.sql", "SELECT 1;");
  t.Write("fw/003_b.sql", "SELECT 1;");
  t.Write("txt/001_a.txt", "x");
  t.Write("txt/002_a.txt", "x");
  EXPECT_TRUE(Claims(t.path() / "two", t.path()));
  EXPECT_FALSE(Claims(t.path() / "one", t.path()));
  EXPECT_TRUE(Claims(t.path() / "migrations", t.path()));
  EXPECT_TRUE(Claims(t.path() / "Schema", t.path()));
  EXPECT_FALSE(Claims(t.path() / "dump", t.path()));
  EXPECT_FALSE(Claims(t.path() / "schema", t.path()));
  EXPECT_FALSE(Claims(t.path() / "gm", t.path()));
  EXPECT_FALSE(Claims(t.path() / "fw", t.path()));
  EXPECT_FALSE(Claims(t.path() / "txt", t.path()));
}

TEST(PlainSqlReader, ReadsEverySqlFileInByteOrder) {
  testing::TempDir t;
  t.Write("sql/10_ten.sql", "CREATE TABLE ten (id int);");
  t.Write("sql/2_two.sql", "CREATE TABLE two (id int); CREATE TABLE two_b (id int);");
  t.Write("sql/001-init.sql", "CREATE TABLE one (id int);");
  t.Write("sql/notes.md", "x");
  MigrationSet set = ReadDir(t.path() / "sql", t.path());
  ASSERT_EQ(set.migrations.size(), 3u);
  // `ls | sort`: 10 before 2 (SCH006 is the rule's business, not the reader's).
  EXPECT_EQ(set.migrations[0].id, "001-init.sql");
  EXPECT_EQ(set.migrations[0].version, "001");
  EXPECT_EQ(set.migrations[0].name, "init");
  EXPECT_EQ(set.migrations[1].id, "10_ten.sql");
  EXPECT_EQ(set.migrations[2].id, "2_two.sql");
  EXPECT_EQ(set.migrations[2].path, "sql/2_two.sql");
  EXPECT_EQ(set.migrations[2].statements.size(), 2u);
  EXPECT_EQ(set.migrations[2].parents.at(0).index, 1);
  for (const Migration& m : set.migrations) EXPECT_EQ(m.tx, TxShape::kPerStatement);
  EXPECT_TRUE(set.findings.empty());
  EXPECT_EQ(set.files,
            (std::vector<std::string>{"sql/001-init.sql", "sql/10_ten.sql", "sql/2_two.sql"}));
}

TEST(PlainSqlReader, UnnumberedFileAmongNumberedOnesIsSch017) {
  testing::TempDir t;
  t.Write("m/001_a.sql", "SELECT 1;");
  t.Write("m/002_b.sql", "SELECT 1;");
  t.Write("m/seed.sql", "INSERT INTO a VALUES (1);");
  MigrationSet set = ReadDir(t.path() / "m", t.path());
  ASSERT_EQ(set.migrations.size(), 3u);
  EXPECT_EQ(set.migrations[2].id, "seed.sql");
  EXPECT_EQ(set.migrations[2].version, "");
  ASSERT_EQ(set.findings.size(), 1u);
  EXPECT_EQ(set.findings[0].code, "SCH017");
  EXPECT_EQ(set.findings[0].severity, Severity::kWarning);
  EXPECT_EQ(set.findings[0].loc->path, "m/seed.sql");
  EXPECT_EQ(set.findings[0].message,
            "'seed.sql' has no numeric prefix while the other files have one: sorted by name it "
            "runs after '002_b.sql'");
}

TEST(PlainSqlReader, NoNumbersAtAllIsNotAFinding) {
  testing::TempDir t;
  t.Write("m/a.sql", "SELECT 1;");
  t.Write("m/b.sql", "SELECT 1;");
  MigrationSet set = ReadDir(t.path() / "m", t.path());
  EXPECT_EQ(set.migrations.size(), 2u);
  EXPECT_TRUE(set.findings.empty());
}

TEST(PlainSqlReader, BadInputNeverStopsTheRun) {
  testing::TempDir t;
  t.Write("m/001_bom.sql",
          "\xEF\xBB\xBF"
          "CREATE TABLE a (id int);\r\n");
  t.Write("m/002_empty.sql", "");
  t.Write("m/003_bad.sql", "SELECT '\xfe';");
  MigrationSet set = ReadDir(t.path() / "m", t.path());
  ASSERT_EQ(set.migrations.size(), 3u);
  ASSERT_EQ(set.findings.size(), 2u);
  EXPECT_EQ(set.findings[0].code, "SCH011");
  EXPECT_EQ(set.findings[0].severity, Severity::kWarning);  // BOM reaches the database
  EXPECT_EQ(set.findings[1].loc->path, "m/003_bad.sql");
  EXPECT_TRUE(set.migrations[1].statements.empty());

  MigrationSet missing = ReadDir(t.path() / "nowhere", t.path());
  ASSERT_EQ(missing.findings.size(), 1u);
  EXPECT_EQ(missing.findings[0].code, "SCH011");
}

TEST(PlainSqlProbe, LosesToDbmateInDetection) {
  testing::TempDir t;
  t.Write("db/migrations/001_a.sql", "-- migrate:up\nSELECT 1;\n-- migrate:down\n");
  t.Write("db/migrations/002_b.sql", "-- migrate:up\nSELECT 1;\n-- migrate:down\n");
  t.Write("scripts/001_a.sql", "SELECT 1;");
  t.Write("scripts/002_b.sql", "SELECT 1;");
  DetectOptions opt;
  opt.cwd = t.path();
  auto det = DetectSets(t.path(), opt);
  ASSERT_TRUE(det.ok());
  std::vector<std::pair<std::string, Tool>> got;
  for (const Candidate& c : det->candidates) got.emplace_back(c.display, c.tool);
  EXPECT_EQ(got, (std::vector<std::pair<std::string, Tool>>{{"db/migrations", Tool::kDbmate},
                                                            {"scripts", Tool::kSql}}));
}

}  // namespace
}  // namespace sse
