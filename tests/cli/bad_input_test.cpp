// Bad input never crashes and never stops the run: each problem is a finding or a clear error
// naming the file, with the right exit code.

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/support/cli_run.hpp"
#include "tests/support/temp_dir.hpp"

namespace sse {
namespace {

using Output = testing::CliOutput;

Output RunIn(const fs::path& cwd, std::vector<std::string> args) {
  return testing::RunSchema(cwd, args);
}

TEST(BadInput, SymlinkLoopIsSkippedWithAWarning) {
  testing::TempDir t;
  t.Write("migrations/1_a.up.sql", "CREATE TABLE a (id int);\n");
  fs::create_directory_symlink("..", t.path() / "migrations/loop");
  Output o = RunIn(t.path(), {"lint", "."});
  EXPECT_EQ(o.rc, 0) << o.err;
  EXPECT_NE(o.err.find("migrations/loop: skipped, already visited"), std::string::npos) << o.err;
}

TEST(BadInput, DanglingSymlinkMigrationIsAFindingNotACrash) {
  testing::TempDir t;
  t.Write("migrations/1_a.up.sql", "CREATE TABLE a (id int);\n");
  fs::create_symlink("does-not-exist.sql", t.path() / "migrations/2_b.up.sql");
  Output o = RunIn(t.path(), {"lint", ".", "--format", "json"});
  EXPECT_EQ(o.rc, 1);
  auto j = nlohmann::json::parse(o.out);
  ASSERT_EQ(j["findings"].size(), 1u) << o.out;
  EXPECT_EQ(j["findings"][0]["code"], "SCH011");
  EXPECT_EQ(j["findings"][0]["path"], "migrations/2_b.up.sql");
}

TEST(BadInput, InvalidUtf8AndBomAreNamedWithLineAndColumn) {
  testing::TempDir t;
  t.Write("migrations/1_a.up.sql",
          "\xEF\xBB\xBF"
          "CREATE TABLE a (id int);\n");
  t.Write("migrations/2_b.up.sql", "CREATE TABLE b (id int);\r\n-- caf\xE9\r\n");
  Output o = RunIn(t.path(), {"lint", ".", "--format", "json"});
  auto j = nlohmann::json::parse(o.out);
  ASSERT_EQ(j["findings"].size(), 2u) << o.out;
  EXPECT_EQ(j["findings"][0]["path"], "migrations/1_a.up.sql");
  EXPECT_EQ(j["findings"][0]["severity"], "warning");
  EXPECT_EQ(j["findings"][1]["path"], "migrations/2_b.up.sql");
  EXPECT_EQ(j["findings"][1]["line"], 2);
  EXPECT_EQ(j["findings"][1]["column"], 7);
  EXPECT_EQ(o.rc, 1);
}

TEST(BadInput, FiftyMegabyteFileIsRead) {
  testing::TempDir t;
  std::string big;
  big.reserve(50u << 20);
  while (big.size() < (50u << 20))
    big += "INSERT INTO a VALUES (1, 'some text; with a semicolon');\n";
  t.Write("migrations/1_a.up.sql", "CREATE TABLE a (id int, t text);\n");
  t.Write("migrations/2_big.up.sql", big);
  Output o = RunIn(t.path(), {"lint", "."});
  EXPECT_EQ(o.rc, 0) << o.out << o.err;
}

TEST(BadInput, EmptyFolderAndEmptyTreeLintClean) {
  testing::TempDir t;
  t.Mkdir("migrations");
  Output o = RunIn(t.path(), {"lint", "."});
  EXPECT_EQ(o.rc, 0);
  EXPECT_EQ(o.out, "0 migration sets, 0 migrations: 0 errors, 0 warnings, 0 info\n");
}

TEST(BadInput, UnwritableOutputIsExit2) {
  testing::TempDir t;
  t.Write("migrations/1_a.up.sql", "CREATE TABLE a (id int);\n");
  Output o = RunIn(t.path(), {"lint", ".", "-o", "no/such/dir/report.json"});
  EXPECT_EQ(o.rc, 2);
  EXPECT_NE(o.err.find("cannot write"), std::string::npos) << o.err;
}

}  // namespace
}  // namespace sse
