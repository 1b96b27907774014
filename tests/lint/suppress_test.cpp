// `-- schema:ignore` comments: which statement a comment applies to, which findings it drops,
// and the SCH018 findings for the ones that suppress nothing or name no rule.

#include <gtest/gtest.h>

#include "core/lint/catalog.hpp"
#include "core/lint/suppress.hpp"
#include "core/migrations/sql_split.hpp"

namespace sse {
namespace {

std::vector<SetAnalysis> OneFile(const std::string& path, const std::string& text,
                                 Tool tool = Tool::kSql) {
  SetAnalysis a;
  a.set.tool = tool;
  Migration m;
  m.path = path;
  m.file = std::make_shared<const SourceFile>(path, text);
  m.body = {0, static_cast<uint32_t>(text.size())};
  m.statements = SplitSqlStatements(text, m.body, SqlLexMode::kPostgres);
  a.set.migrations.push_back(std::move(m));
  std::vector<SetAnalysis> sets;
  sets.push_back(std::move(a));
  return sets;
}

Finding At(std::string code, const std::string& path, uint32_t line) {
  return MakeFinding(code, code + " here", SourceLoc::Line(path, line));
}

std::vector<std::string> Summary(const std::vector<Finding>& fs) {
  std::vector<std::string> out;
  for (const Finding& f : fs) {
    out.push_back(f.code + "@" + std::to_string(f.loc ? f.loc->line : 0) + ":" +
                  std::to_string(f.loc ? f.loc->column : 0));
  }
  return out;
}

TEST(Suppress, LineBeforeTheStatementOrAtTheEndOfItsFirstLine) {
  const std::string text =
      "-- schema:ignore SCH405\n"                      // 1
      "-- CreateIndex\n"                               // 2  (other comments in between are fine)
      "CREATE INDEX a ON t (x);\n"                     // 3
      "DROP TABLE old; -- schema:ignore drop-table\n"  // 4
      "ALTER TABLE t\n"                                // 5
      "  ADD COLUMN c int NOT NULL;\n"                 // 6
      "CREATE INDEX b ON t (y);\n";                    // 7
  auto sets = OneFile("db/001.sql", text);
  std::vector<Finding> fs = {At("SCH405", "db/001.sql", 3), At("SCH501", "db/001.sql", 3),
                             At("SCH101", "db/001.sql", 4), At("SCH301", "db/001.sql", 5),
                             At("SCH405", "db/001.sql", 7)};
  ApplySuppressions(sets, fs);
  EXPECT_EQ(Summary(fs), (std::vector<std::string>{"SCH501@3:1", "SCH301@5:1", "SCH405@7:1"}));
}

TEST(Suppress, FileWideAndSeveralRules) {
  const std::string text =
      "CREATE INDEX a ON t (x);\n"
      "-- schema:ignore-file SCH501, index-not-concurrent SCH506 -- reviewed with the DBA\n"
      "CREATE INDEX b ON t (y);\n";
  auto sets = OneFile("db/002.sql", text);
  std::vector<Finding> fs = {At("SCH501", "db/002.sql", 1), At("SCH501", "db/002.sql", 3),
                             At("SCH506", "db/002.sql", 1), At("SCH506", "db/other.sql", 1)};
  ApplySuppressions(sets, fs);
  // SCH501 is named twice (code and name): both count as used.
  EXPECT_EQ(Summary(fs), (std::vector<std::string>{"SCH506@1:1"}));
  EXPECT_EQ(fs[0].loc->path, "db/other.sql");
}

TEST(Suppress, UnusedAndUnknownAreReported) {
  const std::string text =
      "-- schema:ignore SCH101,SCH999\n"
      "CREATE TABLE t (id int);\n"
      "SELECT 'not -- schema:ignore SCH101 a comment';\n"
      "-- schema:ignore\n"
      "CREATE TABLE u (id int);\n"
      "-- schema:ignore SCH102\n";
  auto sets = OneFile("db/003.sql", text);
  std::vector<Finding> fs;
  ApplySuppressions(sets, fs);
  ASSERT_EQ(Summary(fs),
            (std::vector<std::string>{"SCH018@1:18", "SCH018@1:25", "SCH018@4:1", "SCH018@6:18"}));
  EXPECT_EQ(fs[0].message,
            "schema:ignore SCH101 suppresses nothing: SCH101 reports nothing for this statement");
  EXPECT_EQ(fs[1].message, "schema:ignore names 'SCH999', which is no rule: it suppresses nothing");
  EXPECT_EQ(fs[2].message, "'schema:ignore' names no rule, so it suppresses nothing");
  EXPECT_EQ(fs[3].message,
            "schema:ignore SCH102 is followed by no statement, so it suppresses nothing");
  EXPECT_EQ(fs[0].severity, Severity::kWarning);
}

TEST(Suppress, CommentsInsideBodiesAndStringsAreNotSuppressions) {
  const std::string text =
      "CREATE FUNCTION f() RETURNS void AS $$\n"
      "  -- schema:ignore SCH404\n"
      "BEGIN END $$ LANGUAGE plpgsql;\n"
      "/* -- schema:ignore SCH101 */ SELECT 1;\n";
  auto sets = OneFile("db/004.sql", text);
  std::vector<Finding> fs;
  ApplySuppressions(sets, fs);
  EXPECT_TRUE(fs.empty());
}

TEST(Suppress, ParseGivesTheStatementLines) {
  const std::string text = "-- schema:ignore SCH303\nALTER TABLE t\n  ALTER c SET NOT NULL;\n";
  SourceFile file("x.sql", text);
  auto stmts =
      SplitSqlStatements(text, {0, static_cast<uint32_t>(text.size())}, SqlLexMode::kPostgres);
  std::vector<Suppression> s = ParseSuppressions(file, stmts);
  ASSERT_EQ(s.size(), 1u);
  EXPECT_EQ(s[0].code, "SCH303");
  EXPECT_EQ(s[0].first_line, 2u);
  EXPECT_EQ(s[0].last_line, 3u);
  EXPECT_FALSE(s[0].file_wide);
}

}  // namespace
}  // namespace sse
