#include <gtest/gtest.h>

#include "core/migrations/detect.hpp"
#include "core/migrations/reader.hpp"
#include "tests/support/temp_dir.hpp"

namespace sse {
namespace {

MigrationSet ReadDir(const fs::path& dir, const fs::path& cwd) {
  Candidate c;
  c.tool = Tool::kGolangMigrate;
  c.dir = dir;
  c.display = DisplayPath(cwd, dir);
  return GolangMigrateReader().Read(c, cwd);
}

TEST(GolangMigrateReader, OrdersVersionsNumericallyAndPairsDownFiles) {
  testing::TempDir t;
  t.Write("m/10_c.up.sql", "CREATE TABLE c (id int);\n");
  t.Write("m/9_b.up.sql", "CREATE TABLE b (id int);\n");
  t.Write("m/9_b.down.sql", "DROP TABLE b;\n");
  t.Write("m/0001_a.up.sql", "CREATE TABLE a (id int);\n");
  MigrationSet set = ReadDir(t.path() / "m", t.path());
  ASSERT_EQ(set.migrations.size(), 3u);
  EXPECT_EQ(set.migrations[0].id, "1");
  EXPECT_EQ(set.migrations[1].id, "9");
  EXPECT_EQ(set.migrations[1].down_path, "m/9_b.down.sql");
  EXPECT_EQ(set.migrations[2].id, "10");
  EXPECT_EQ(set.migrations[2].parents.at(0).index, 1);
  EXPECT_TRUE(set.findings.empty());
}

TEST(GolangMigrateReader, DuplicateVersionAndDirectionIsSch004) {
  testing::TempDir t;
  t.Write("m/001_a.up.sql", "SELECT 1;");
  t.Write("m/1_b.up.sql", "SELECT 2;");
  MigrationSet set = ReadDir(t.path() / "m", t.path());
  ASSERT_EQ(set.findings.size(), 1u);
  EXPECT_EQ(set.findings[0].code, "SCH004");
  EXPECT_EQ(set.findings[0].loc->path, "m/1_b.up.sql");
}

TEST(GolangMigrateReader, HarborCorpusReadsInNumericOrderWithGaps) {
  fs::path dir = testing::CorporaDir() / "golang-migrate/harbor/make/migrations/postgresql";
  ASSERT_TRUE(fs::is_directory(dir)) << dir;
  MigrationSet set = ReadDir(dir, testing::CorporaDir());
  ASSERT_EQ(set.migrations.size(), 39u);
  EXPECT_EQ(set.migrations.front().id, "1");
  EXPECT_EQ(set.migrations.back().id, "190");
  EXPECT_EQ(set.dialect, "postgres");
  for (const Finding& f : set.findings) ADD_FAILURE() << f.code << " " << f.message;
}

}  // namespace
}  // namespace sse
