#include <gtest/gtest.h>

#include "core/migrations/dbmate_parse.hpp"
#include "core/migrations/detect.hpp"
#include "core/migrations/reader.hpp"
#include "tests/support/temp_dir.hpp"

namespace sse {
namespace {

MigrationSet ReadDir(const fs::path& dir, const fs::path& cwd) {
  Candidate c;
  c.tool = Tool::kDbmate;
  c.dir = dir;
  c.display = DisplayPath(cwd, dir);
  return DbmateReader().Read(c, cwd);
}

std::string Text(const Migration& m, Span s) {
  return std::string(m.file->text().substr(s.begin, s.end - s.begin));
}

std::vector<std::string> Codes(const MigrationSet& set) {
  std::vector<std::string> out;
  for (const Finding& f : set.findings) out.push_back(f.code);
  return out;
}

// ---- grammar ----

TEST(DbmateGrammar, MarkersFollowDbmateRegexes) {
  EXPECT_TRUE(dbmate::MarkerAt("-- migrate:up", 0, "up"));
  EXPECT_TRUE(dbmate::MarkerAt("--migrate:up\n", 0, "up"));
  EXPECT_TRUE(dbmate::MarkerAt("-- migrate:up   \r\n", 0, "up"));
  EXPECT_TRUE(dbmate::MarkerAt("-- migrate:up transaction:false\n", 0, "up"));
  EXPECT_TRUE(dbmate::MarkerAt("--\tmigrate:down", 0, "down"));
  EXPECT_FALSE(dbmate::MarkerAt("-- migrate:upgrade\n", 0, "up"));
  EXPECT_FALSE(dbmate::MarkerAt("  -- migrate:up\n", 0, "up"));
  EXPECT_FALSE(dbmate::MarkerAt("-- Migrate:up\n", 0, "up"));
  EXPECT_EQ(dbmate::FindMarkers("x -- migrate:up\n-- migrate:up\n", "up"),
            (std::vector<size_t>{16}));
}

TEST(DbmateGrammar, TypicalFileHasOneSection) {
  std::string text =
      "-- migrate:up\ncreate table users (id serial);\n-- migrate:down\ndrop table users;\n";
  dbmate::Parsed p = dbmate::Parse(text);
  ASSERT_TRUE(p.ok());
  ASSERT_EQ(p.sections.size(), 1u);
  EXPECT_EQ(p.sections[0].up, 0u);
  EXPECT_EQ(text.substr(p.sections[0].up, p.sections[0].up_end),
            "-- migrate:up\ncreate table users (id serial);\n");
  EXPECT_TRUE(p.sections[0].transaction);
}

TEST(DbmateGrammar, SeveralSectionsWithOptions) {
  std::string text =
      "-- migrate:up transaction:false\nALTER TYPE colors ADD VALUE 'orange';\n"
      "-- migrate:down transaction:false\nSELECT 1;\n"
      "-- migrate:up transaction:true\nALTER TYPE colors ADD VALUE 'green';\n"
      "-- migrate:down\nSELECT 2;\n"
      "-- migrate:up foo:bar:baz transaction:false\nSELECT 3;\n"
      "-- migrate:down\n";
  dbmate::Parsed p = dbmate::Parse(text);
  ASSERT_TRUE(p.ok());
  ASSERT_EQ(p.sections.size(), 3u);
  EXPECT_FALSE(p.sections[0].transaction);
  EXPECT_FALSE(p.sections[0].down_transaction);
  EXPECT_TRUE(p.sections[1].transaction);
  EXPECT_TRUE(p.sections[1].down_transaction);
  EXPECT_FALSE(p.sections[2].transaction);
  EXPECT_EQ(dbmate::MarkerOptions(text, 0),
            (std::vector<std::pair<std::string, std::string>>{{"transaction", "false"}}));
}

TEST(DbmateGrammar, LeadingCommentsAndBlankLinesAreAllowed) {
  dbmate::Parsed p =
      dbmate::Parse("\n-- creates users\n   \n-- migrate:up\nSELECT 1;\n-- migrate:down\n");
  EXPECT_TRUE(p.ok());
  EXPECT_TRUE(p.problems.empty());
}

// ---- reader ----

TEST(DbmateReader, OrdersByFileNameAndKeepsVersionStrings) {
  testing::TempDir t;
  const char* body = "-- migrate:up\nSELECT 1;\n-- migrate:down\nSELECT 2;\n";
  t.Write("db/migrations/20230102000000_b.sql", body);
  t.Write("db/migrations/1_one.sql", body);
  t.Write("db/migrations/001_zero_one.sql", body);
  t.Write("db/migrations/10_ten.sql", body);
  t.Write("db/migrations/9_nine.sql", body);
  t.Write("db/migrations/notes.txt", "x");
  t.Mkdir("db/migrations/99_dir.sql");
  MigrationSet set = ReadDir(t.path() / "db/migrations", t.path());
  std::vector<std::string> ids;
  for (const Migration& m : set.migrations) ids.push_back(m.id);
  // Byte order of the names, not numeric order ('0' < '_'); 001 and 1 are different versions.
  EXPECT_EQ(ids, (std::vector<std::string>{"001", "10", "1", "20230102000000", "9"}));
  EXPECT_EQ(set.migrations[0].name, "zero_one");
  EXPECT_EQ(set.migrations[0].version, "001");
  EXPECT_EQ(set.migrations[2].down_path, "db/migrations/1_one.sql");
  EXPECT_EQ(set.migrations[2].parents.at(0).index, 1);
  EXPECT_TRUE(set.findings.empty());
  EXPECT_EQ(set.files.size(), 5u);
}

TEST(DbmateReader, UpSectionsAreChunksAndTransactionFalseDropsTheTransaction) {
  testing::TempDir t;
  t.Write("m/001_enum.sql",
          "-- migrate:up transaction:false\nALTER TYPE c ADD VALUE 'a';\n"
          "-- migrate:down\nSELECT 1;\n"
          "-- migrate:up\nCREATE TABLE t (id int);\nCREATE TABLE u (id int);\n"
          "-- migrate:down\nDROP TABLE t;\n");
  t.Write("m/002_plain.sql", "-- migrate:up\nCREATE TABLE v (id int);\n-- migrate:down\n");
  MigrationSet set = ReadDir(t.path() / "m", t.path());
  ASSERT_EQ(set.migrations.size(), 2u);
  EXPECT_TRUE(set.findings.empty());
  const Migration& m = set.migrations[0];
  EXPECT_EQ(m.tx, TxShape::kNone);
  ASSERT_EQ(m.chunks.size(), 2u);
  EXPECT_EQ(Text(m, m.chunks[0]), "-- migrate:up transaction:false\nALTER TYPE c ADD VALUE 'a';\n");
  EXPECT_EQ(Text(m, m.chunks[1]),
            "-- migrate:up\nCREATE TABLE t (id int);\nCREATE TABLE u (id int);\n");
  EXPECT_EQ(m.body, m.chunks[0]);
  ASSERT_EQ(m.statements.size(), 3u);  // down blocks are not part of the up history
  EXPECT_EQ(Text(m, m.statements[2]), "CREATE TABLE u (id int);");
  EXPECT_EQ(set.migrations[1].tx, TxShape::kPerMigration);
}

TEST(DbmateReader, GrammarErrorsPointAtTheirLines) {
  testing::TempDir t;
  t.Write("m/001_stmt.sql",
          "-- header\nCREATE TYPE s AS ENUM ('a');\n-- migrate:up\nSELECT 1;\n-- migrate:down\n");
  t.Write("m/002_nodown.sql", "-- migrate:up\nSELECT 1;\n");
  t.Write("m/003_twodowns.sql",
          "-- migrate:up\nSELECT 1;\n-- migrate:down\nSELECT 2;\n-- migrate:down\nSELECT 3;\n");
  t.Write("m/004_noup.sql", "CREATE TABLE x (id int);\n");
  t.Write("m/005_downfirst.sql", "-- migrate:down\n-- migrate:up\nSELECT 1;\n-- migrate:down\n");
  t.Write("m/006_second_section_nodown.sql",
          "-- migrate:up\nSELECT 1;\n-- migrate:down\nSELECT 2;\n\n-- migrate:up\nSELECT 3;\n");
  MigrationSet set = ReadDir(t.path() / "m", t.path());
  ASSERT_EQ(set.findings.size(), 6u);
  auto at = [&](size_t i) { return *set.findings[i].loc; };

  EXPECT_EQ(set.findings[0].message,
            "dbmate does not support statements preceding the '-- migrate:up' block");
  EXPECT_EQ(at(0).path, "m/001_stmt.sql");
  EXPECT_EQ(at(0).line, 2u);
  EXPECT_EQ(set.findings[0].related.at(0).loc.line, 3u);

  EXPECT_EQ(set.findings[1].message,
            "dbmate requires each migration to define a down block with '-- migrate:down'");
  EXPECT_EQ(at(1).line, 1u);

  EXPECT_EQ(set.findings[2].message,
            "dbmate requires each migration to define an up block with '-- migrate:up'");
  EXPECT_EQ(at(2).line, 5u);
  EXPECT_EQ(set.findings[2].related.at(0).loc.line, 3u);

  EXPECT_EQ(set.findings[3].message,
            "dbmate requires each migration to define an up block with '-- migrate:up'");
  EXPECT_EQ(at(3).path, "m/004_noup.sql");
  EXPECT_EQ(at(3).line, 0u);                          // no marker anywhere: the file as a whole
  EXPECT_TRUE(set.migrations[3].statements.empty());  // dbmate runs nothing of it

  EXPECT_EQ(set.findings[4].severity, Severity::kWarning);
  EXPECT_EQ(at(4).line, 1u);
  EXPECT_NE(set.findings[4].message.find("dbmate requires '-- migrate:up' to appear before"),
            std::string::npos);

  EXPECT_EQ(at(5).path, "m/006_second_section_nodown.sql");
  EXPECT_EQ(at(5).line, 6u);
  for (size_t i = 0; i < 6; ++i) EXPECT_EQ(set.findings[i].code, "SCH011");
}

TEST(DbmateReader, CrlfFilesParse) {
  testing::TempDir t;
  t.Write("m/001_crlf.sql",
          "-- migrate:up transaction:false\r\ncreate table users (id int);\r\n"
          "-- migrate:down\r\ndrop table users;\r\n");
  MigrationSet set = ReadDir(t.path() / "m", t.path());
  ASSERT_EQ(set.migrations.size(), 1u);
  EXPECT_TRUE(set.findings.empty());
  const Migration& m = set.migrations[0];
  EXPECT_EQ(m.tx, TxShape::kNone);
  EXPECT_EQ(Text(m, m.body), "-- migrate:up transaction:false\r\ncreate table users (id int);\r\n");
  ASSERT_EQ(m.statements.size(), 1u);
}

TEST(DbmateReader, ByteOrderMarkHidesTheFirstMarker) {
  testing::TempDir t;
  t.Write("m/001_bom.sql", "\xEF\xBB\xBF-- migrate:up\nSELECT 1;\n-- migrate:down\n");
  MigrationSet set = ReadDir(t.path() / "m", t.path());
  // The BOM warning from loading, then dbmate's own failure: it does not see the marker.
  EXPECT_EQ(Codes(set), (std::vector<std::string>{"SCH011", "SCH011"}));
  EXPECT_EQ(set.findings[0].severity, Severity::kWarning);
  EXPECT_EQ(set.findings[1].severity, Severity::kError);
  EXPECT_EQ(set.findings[1].loc->line, 1u);
  EXPECT_NE(set.findings[1].help.find("byte-order mark"), std::string::npos);
}

TEST(DbmateReader, IgnoredNamesAreSch017Warnings) {
  testing::TempDir t;
  t.Write("m/001_ok.sql", "-- migrate:up\n-- migrate:down\n");
  t.Write("m/schema.sql", "CREATE TABLE x (id int);");
  t.Write("m/002_upper.SQL", "-- migrate:up\n-- migrate:down\n");
  MigrationSet set = ReadDir(t.path() / "m", t.path());
  ASSERT_EQ(set.migrations.size(), 1u);
  ASSERT_EQ(set.findings.size(), 2u);
  EXPECT_EQ(set.findings[0].code, "SCH017");
  EXPECT_EQ(set.findings[0].message,
            "dbmate ignores '002_upper.SQL': the extension must be lowercase '.sql'");
  EXPECT_EQ(set.findings[1].loc->path, "m/schema.sql");
  EXPECT_EQ(set.findings[1].severity, Severity::kWarning);
}

TEST(DbmateReader, EmptyAndBadFilesNeverStopTheRun) {
  testing::TempDir t;
  t.Write("m/001_empty.sql", "");
  t.Write("m/002_bad.sql", "-- migrate:up\nSELECT '\xff';\n-- migrate:down\n");
  t.Write("m/003_ok.sql", "-- migrate:up\nSELECT 1;\n-- migrate:down\n");
  MigrationSet set = ReadDir(t.path() / "m", t.path());
  ASSERT_EQ(set.migrations.size(), 3u);
  EXPECT_EQ(Codes(set), (std::vector<std::string>{"SCH011", "SCH011"}));
  EXPECT_EQ(set.migrations[2].statements.size(), 1u);
}

TEST(DbmateProbe, ContentMarkerMakesAContentCandidate) {
  testing::TempDir t;
  t.Write("db/migrations/20230101000000_init.sql", "-- migrate:up\nSELECT 1;\n-- migrate:down\n");
  t.Write("db/migrations/20230102000000_more.sql", "-- migrate:up\nSELECT 1;\n-- migrate:down\n");
  t.Write("plain/001_a.sql", "SELECT 1;");
  t.Write("plain/002_b.sql", "SELECT 1;");
  DetectOptions opt;
  opt.cwd = t.path();
  opt.tool = Tool::kDbmate;
  auto det = DetectSets(t.path(), opt);
  ASSERT_TRUE(det.ok());
  ASSERT_EQ(det->candidates.size(), 1u);
  EXPECT_EQ(det->candidates[0].display, "db/migrations");
  EXPECT_EQ(det->candidates[0].evidence, Evidence::kContent);
}

}  // namespace
}  // namespace sse
