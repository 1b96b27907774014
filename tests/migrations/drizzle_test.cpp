#include <gtest/gtest.h>

#include <fmt/format.h>

#include "core/migrations/detect.hpp"
#include "core/migrations/drizzle_config.hpp"
#include "core/migrations/reader.hpp"
#include "tests/support/temp_dir.hpp"

namespace sse {
namespace {

MigrationSet ReadDir(const fs::path& dir, const fs::path& cwd, std::string dialect = "") {
  Candidate c;
  c.tool = Tool::kDrizzle;
  c.dir = dir;
  c.display = DisplayPath(cwd, dir);
  c.dialect = std::move(dialect);
  return DrizzleReader().Read(c, cwd);
}

std::vector<Candidate> Detect(const fs::path& root) {
  DetectOptions opt;
  opt.cwd = root;
  auto d = DetectSets(root, opt);
  EXPECT_TRUE(d.ok());
  std::vector<Candidate> out;
  if (!d.ok()) return out;
  for (const Candidate& c : d->candidates) {
    if (c.tool == Tool::kDrizzle) out.push_back(c);
  }
  return out;
}

struct Entry {
  int idx;
  int64_t when;
  std::string tag;
};

/// A journal as drizzle-kit writes it (JSON.stringify(journal, null, 2)).
std::string Journal(const std::vector<Entry>& entries, std::string_view dialect = "sqlite") {
  std::string s =
      fmt::format("{{\n  \"version\": \"7\",\n  \"dialect\": \"{}\",\n  \"entries\": [", dialect);
  for (size_t i = 0; i < entries.size(); ++i) {
    s += fmt::format(
        "{}\n    {{\n      \"idx\": {},\n      \"version\": \"6\",\n      \"when\": {},\n"
        "      \"tag\": \"{}\",\n      \"breakpoints\": true\n    }}",
        i ? "," : "", entries[i].idx, entries[i].when, entries[i].tag);
  }
  s += "\n  ]\n}";
  return s;
}

std::string Snapshot(std::string_view id, std::string_view prev) {
  return fmt::format(
      "{{\n  \"version\": \"6\",\n  \"dialect\": \"sqlite\",\n  \"tables\": {{}},\n"
      "  \"id\": \"{}\",\n  \"prevId\": \"{}\"\n}}",
      id, prev);
}

constexpr std::string_view kOrigin = "00000000-0000-0000-0000-000000000000";

/// drizzle/ with three consistent migrations.
void WriteThree(const testing::TempDir& t) {
  t.Write("drizzle/meta/_journal.json",
          Journal({{0, 1000, "0000_init"}, {1, 2000, "0001_users"}, {2, 3000, "0002_posts"}}));
  t.Write("drizzle/0000_init.sql", "CREATE TABLE `a` (`id` integer);\n");
  t.Write("drizzle/0001_users.sql",
          "CREATE TABLE `users` (`id` integer);\n--> statement-breakpoint\n"
          "CREATE INDEX `u` ON `users` (`id`);");
  t.Write("drizzle/0002_posts.sql",
          "CREATE TABLE `p` (`id` integer);--> statement-breakpoint\nDROP TABLE `a`;"
          "--> statement-breakpoint\nSELECT 1;");
  t.Write("drizzle/meta/0000_snapshot.json", Snapshot("id-0", kOrigin));
  t.Write("drizzle/meta/0001_snapshot.json", Snapshot("id-1", "id-0"));
  t.Write("drizzle/meta/0002_snapshot.json", Snapshot("id-2", "id-1"));
}

std::string Codes(const MigrationSet& set) {
  std::string out;
  for (const Finding& f : set.findings) {
    out += fmt::format("{}:{}:{}:{} ", f.code, f.severity == Severity::kError ? "E" : "W",
                       f.loc ? f.loc->path : "-", f.loc ? f.loc->line : 0);
  }
  return out;
}

TEST(DrizzleReader, ReadsJournalEntriesWithChunksSnapshotsAndFiles) {
  testing::TempDir t;
  WriteThree(t);
  MigrationSet set = ReadDir(t.path() / "drizzle", t.path());
  EXPECT_EQ(Codes(set), "");
  EXPECT_EQ(set.dialect, "sqlite");
  ASSERT_EQ(set.migrations.size(), 3u);
  const Migration& m1 = set.migrations[1];
  EXPECT_EQ(m1.id, "0001_users");
  EXPECT_EQ(m1.version, "0001");
  EXPECT_EQ(m1.name, "users");
  EXPECT_EQ(m1.path, "drizzle/0001_users.sql");
  EXPECT_EQ(m1.when, 2000);
  EXPECT_EQ(m1.tx, TxShape::kWholeRun);
  EXPECT_EQ(m1.id_loc.path, "drizzle/meta/_journal.json");
  EXPECT_EQ(m1.id_loc.line, 12u);  // the entry's '{'
  ASSERT_EQ(m1.chunks.size(), 2u);
  EXPECT_EQ(m1.file->text().substr(m1.chunks[1].begin, m1.chunks[1].end - m1.chunks[1].begin),
            "\nCREATE INDEX `u` ON `users` (`id`);");
  EXPECT_EQ(m1.statements.size(), 2u);
  EXPECT_EQ(set.migrations[2].chunks.size(), 3u);
  EXPECT_EQ(set.migrations[2].statements.size(), 3u);
  EXPECT_EQ(set.migrations[2].parents.at(0).index, 1);
  ASSERT_EQ(set.snapshots.size(), 3u);
  EXPECT_EQ(set.snapshots[1].id, "id-1");
  EXPECT_EQ(set.snapshots[1].prev_id, "id-0");
  EXPECT_EQ(set.snapshots[1].prefix, "0001");
  EXPECT_EQ(set.snapshots[1].path, "drizzle/meta/0001_snapshot.json");
  EXPECT_EQ(set.snapshots[1].id_loc.line, 5u);
  EXPECT_EQ(set.snapshots[1].prev_loc.line, 6u);
  EXPECT_EQ(set.files,
            (std::vector<std::string>{
                "drizzle/meta/_journal.json", "drizzle/0000_init.sql", "drizzle/0001_users.sql",
                "drizzle/0002_posts.sql", "drizzle/meta/0000_snapshot.json",
                "drizzle/meta/0001_snapshot.json", "drizzle/meta/0002_snapshot.json"}));
}

TEST(DrizzleReader, KeepsJournalArrayOrderAndRecordsWhenWithoutJudgingIt) {
  testing::TempDir t;
  // Array order is the run order even when tags and `when` disagree; SCH007 is the lead's rule.
  t.Write("d/meta/_journal.json",
          Journal({{0, 5000, "0001_b"}, {1, 4000, "0000_a"}, {2, 4000, "0002_c"}}));
  for (const char* n : {"0000_a", "0001_b", "0002_c"}) {
    t.Write(fmt::format("d/{}.sql", n), "SELECT 1;");
    t.Write(fmt::format("d/meta/{}_snapshot.json", std::string(n).substr(0, 4)),
            Snapshot(n, kOrigin));
  }
  MigrationSet set = ReadDir(t.path() / "d", t.path());
  EXPECT_EQ(Codes(set), "");
  ASSERT_EQ(set.migrations.size(), 3u);
  EXPECT_EQ(set.migrations[0].id, "0001_b");
  EXPECT_EQ(set.migrations[1].id, "0000_a");
  EXPECT_EQ(set.migrations[1].when, 4000);
  EXPECT_EQ(set.migrations[2].when, 4000);
  // Snapshots keep file order and duplicate prevIds (the collision is SCH010, not ours).
  ASSERT_EQ(set.snapshots.size(), 3u);
  EXPECT_EQ(set.snapshots[0].id, "0000_a");
  EXPECT_EQ(set.snapshots[2].prev_id, kOrigin);
}

TEST(DrizzleReader, MissingJournalIsSch009AtTheFolder) {
  testing::TempDir t;
  t.Write("app/drizzle/0000_x.sql",
          "CREATE TABLE a (id int);\n--> statement-breakpoint\nSELECT 1;");
  std::vector<Candidate> cands = Detect(t.path());
  ASSERT_EQ(cands.size(), 1u);
  EXPECT_EQ(cands[0].display, "app/drizzle");
  EXPECT_EQ(cands[0].evidence, Evidence::kContent);
  MigrationSet set = DrizzleReader().Read(cands[0], t.path());
  ASSERT_EQ(set.findings.size(), 1u);
  const Finding& f = set.findings[0];
  EXPECT_EQ(f.code, "SCH009");
  EXPECT_EQ(f.severity, Severity::kError);
  EXPECT_EQ(f.loc->path, "app/drizzle");
  EXPECT_EQ(f.loc->line, 0u);
  EXPECT_NE(f.message.find("Can't find meta/_journal.json file"), std::string::npos);
  EXPECT_NE(f.help.find("drizzle-kit generate"), std::string::npos);
  EXPECT_NE(f.help.find(".dockerignore"), std::string::npos);
  EXPECT_TRUE(set.migrations.empty());
}

TEST(DrizzleReader, MetaWithSnapshotsButNoJournalIsDetected) {
  testing::TempDir t;
  t.Write("db/meta/0000_snapshot.json", Snapshot("a", kOrigin));
  t.Write("db/0000_x.sql", "SELECT 1;");
  std::vector<Candidate> cands = Detect(t.path());
  ASSERT_EQ(cands.size(), 1u);
  EXPECT_EQ(cands[0].display, "db");
  EXPECT_EQ(Codes(DrizzleReader().Read(cands[0], t.path())), "SCH009:E:db:0 ");
}

TEST(DrizzleReader, PlainNumberedSqlWithoutBreakpointIsNotDrizzle) {
  testing::TempDir t;
  t.Write("sql/0001_a.sql", "CREATE TABLE a (id int);");
  t.Write("sql/0002_b.sql", "CREATE TABLE b (id int);");
  EXPECT_TRUE(Detect(t.path()).empty());
}

TEST(DrizzleReader, EmptyFolderIsSch009) {
  testing::TempDir t;
  t.Mkdir("drizzle");
  EXPECT_EQ(Codes(ReadDir(t.path() / "drizzle", t.path())), "SCH009:E:drizzle:0 ");
}

TEST(DrizzleReader, MalformedJournalIsSch011WithLineAndColumn) {
  testing::TempDir t;
  t.Write("d/meta/_journal.json",
          "{\n  \"version\": \"7\",\n  \"entries\": [\n    {\"idx\": 0,,}\n");
  t.Write("d/0000_a.sql", "SELECT 1;");
  MigrationSet set = ReadDir(t.path() / "d", t.path());
  // One finding: the SQL files are not also listed as "not in the journal" (SCH008) on top of it.
  ASSERT_EQ(set.findings.size(), 1u) << Codes(set);
  EXPECT_EQ(set.findings[0].code, "SCH011");
  EXPECT_EQ(set.findings[0].severity, Severity::kError);
  EXPECT_EQ(set.findings[0].loc->path, "d/meta/_journal.json");
  EXPECT_EQ(set.findings[0].loc->line, 4u);
  EXPECT_EQ(set.findings[0].loc->column, 15u);
  EXPECT_NE(set.findings[0].message.find("malformed JSON"), std::string::npos);
  EXPECT_TRUE(set.migrations.empty());
}

TEST(DrizzleReader, JournalWithBomIsSch011BecauseJsonParseRejectsIt) {
  testing::TempDir t;
  WriteThree(t);
  t.Write("drizzle/meta/_journal.json", "\xEF\xBB\xBF" + Journal({{0, 1000, "0000_init"}}));
  MigrationSet set = ReadDir(t.path() / "drizzle", t.path());
  ASSERT_GE(set.findings.size(), 1u);
  EXPECT_EQ(set.findings[0].code, "SCH011");
  EXPECT_EQ(set.findings[0].severity, Severity::kError);
  EXPECT_EQ(set.findings[0].loc->line, 1u);
  EXPECT_NE(set.findings[0].message.find("byte-order mark"), std::string::npos);
  EXPECT_TRUE(set.migrations.empty());
}

TEST(DrizzleReader, JournalWithoutEntriesIsSch011) {
  testing::TempDir t;
  t.Write("d/meta/_journal.json", "{\n  \"version\": \"7\",\n  \"dialect\": \"sqlite\"\n}");
  EXPECT_EQ(Codes(ReadDir(t.path() / "d", t.path())), "SCH011:E:d/meta/_journal.json:1 ");
  t.Write("d/meta/_journal.json", "{\n  \"entries\": {}\n}");
  EXPECT_EQ(Codes(ReadDir(t.path() / "d", t.path())), "SCH011:E:d/meta/_journal.json:2 ");
  t.Write("d/meta/_journal.json", "[]");
  EXPECT_EQ(Codes(ReadDir(t.path() / "d", t.path())), "SCH011:E:d/meta/_journal.json:1 ");
}

TEST(DrizzleReader, EntriesWithMissingOrWrongTypedFieldsAreSch011) {
  testing::TempDir t;
  t.Write("d/meta/_journal.json",
          "{\n"
          "  \"entries\": [\n"
          "    {\"idx\": 0, \"when\": 1},\n"                           // 3: no tag
          "    {\"idx\": 1, \"tag\": \"0001_a\"},\n"                   // 4: no when
          "    {\"when\": 3, \"tag\": \"0002_b\"},\n"                  // 5: no idx
          "    {\"idx\": 3, \"when\": \"4\", \"tag\": \"0003_c\"},\n"  // 6: when as string
          "    {\"idx\": 4, \"when\": true, \"tag\": \"0004_d\"},\n"   // 7: when not a number
          "    7\n"                                                    // 8: not an object
          "  ]\n}");
  for (const char* n : {"0001_a", "0002_b", "0003_c", "0004_d"}) {
    t.Write(fmt::format("d/{}.sql", n), "SELECT 1;");
    t.Write(fmt::format("d/meta/{}_snapshot.json", std::string(n).substr(0, 4)),
            Snapshot(n, kOrigin));
  }
  MigrationSet set = ReadDir(t.path() / "d", t.path());
  EXPECT_EQ(Codes(set),
            "SCH011:E:d/meta/_journal.json:3 SCH011:E:d/meta/_journal.json:4 "
            "SCH011:W:d/meta/_journal.json:5 SCH011:W:d/meta/_journal.json:6 "
            "SCH011:E:d/meta/_journal.json:7 SCH011:E:d/meta/_journal.json:8 ");
  ASSERT_EQ(set.migrations.size(), 4u);
  EXPECT_EQ(set.migrations[0].id, "0001_a");
  EXPECT_FALSE(set.migrations[0].when.has_value());
  EXPECT_EQ(set.migrations[1].when, 3);
  EXPECT_EQ(set.migrations[2].when, 4);
  EXPECT_FALSE(set.migrations[3].when.has_value());
}

TEST(DrizzleReader, JournalMismatchesAreSch008) {
  testing::TempDir t;
  WriteThree(t);
  fs::remove(t.path() / "drizzle/0001_users.sql");
  fs::remove(t.path() / "drizzle/meta/0002_snapshot.json");
  t.Write("drizzle/0003_orphan.sql", "SELECT 1;");
  t.Write("drizzle/meta/0007_snapshot.json", Snapshot("id-7", "id-2"));
  t.Write("drizzle/meta/_journal.json",
          Journal({{0, 1000, "0000_init"}, {1, 2000, "0001_users"}, {5, 3000, "0002_posts"}}));
  MigrationSet set = ReadDir(t.path() / "drizzle", t.path());
  EXPECT_EQ(Codes(set),
            "SCH008:E:drizzle/meta/_journal.json:12 SCH008:W:drizzle/meta/_journal.json:20 "
            "SCH008:W:drizzle/meta/_journal.json:19 SCH008:W:drizzle/0003_orphan.sql:0 "
            "SCH008:W:drizzle/meta/0007_snapshot.json:0 ");
  EXPECT_NE(set.findings[0].message.find("No file drizzle/0001_users.sql found in drizzle folder"),
            std::string::npos);
  EXPECT_NE(set.findings[1].message.find("idx 5 at position 2"), std::string::npos);
  ASSERT_EQ(set.migrations.size(), 3u);
  EXPECT_EQ(set.migrations[1].file, nullptr);
  EXPECT_EQ(set.migrations[1].tx, TxShape::kWholeRun);
  EXPECT_EQ(set.snapshots.size(), 3u);  // 0000, 0001 and the orphan 0007
  EXPECT_EQ(set.snapshots[2].prefix, "0007");
}

TEST(DrizzleReader, DuplicateTagIsSch004WithTheFirstEntryRelated) {
  testing::TempDir t;
  WriteThree(t);
  t.Write("drizzle/meta/_journal.json",
          Journal({{0, 1000, "0000_init"}, {1, 2000, "0001_users"}, {2, 3000, "0001_users"}}));
  MigrationSet set = ReadDir(t.path() / "drizzle", t.path());
  ASSERT_GE(set.findings.size(), 1u);
  EXPECT_EQ(set.findings[0].code, "SCH004");
  EXPECT_EQ(set.findings[0].loc->line, 19u);
  ASSERT_EQ(set.findings[0].related.size(), 1u);
  EXPECT_EQ(set.findings[0].related[0].loc.line, 12u);
  // 0002_posts.sql and its snapshot are now orphans.
  EXPECT_EQ(Codes(set),
            "SCH004:E:drizzle/meta/_journal.json:19 SCH008:W:drizzle/0002_posts.sql:0 "
            "SCH008:W:drizzle/meta/0002_snapshot.json:0 ");
  EXPECT_EQ(set.migrations.size(), 2u);
}

TEST(DrizzleReader, SqlEncodingProblemsNameTheLine) {
  testing::TempDir t;
  WriteThree(t);
  t.Write("drizzle/0000_init.sql",
          "\xEF\xBB\xBF"
          "CREATE TABLE a (id int);\r\n");
  t.Write("drizzle/0001_users.sql",
          "CREATE TABLE u (id int);\r\n--> statement-breakpoint\r\nSELECT 'caf\xE9';\r\n");
  MigrationSet set = ReadDir(t.path() / "drizzle", t.path());
  EXPECT_EQ(Codes(set), "SCH011:W:drizzle/0000_init.sql:1 SCH011:E:drizzle/0001_users.sql:3 ");
  // CRLF: the chunk after the marker starts with "\r\n".
  const Migration& m = set.migrations[1];
  ASSERT_EQ(m.chunks.size(), 2u);
  EXPECT_EQ(m.file->text().substr(m.chunks[1].begin, 2), "\r\n");
  EXPECT_EQ(m.statements.size(), 2u);
}

TEST(DrizzleReader, CrlfJournalAndUnreadableSqlFile) {
  testing::TempDir t;
  WriteThree(t);
  std::string journal = Journal({{0, 1000, "0000_init"}, {1, 2000, "0001_users"}});
  std::string crlf;
  for (char ch : journal) crlf += ch == '\n' ? std::string("\r\n") : std::string(1, ch);
  t.Write("drizzle/meta/_journal.json", crlf);
  fs::remove(t.path() / "drizzle/0001_users.sql");
  t.Mkdir("drizzle/0001_users.sql");  // a folder where the file should be: unreadable
  fs::remove(t.path() / "drizzle/0002_posts.sql");
  fs::remove(t.path() / "drizzle/meta/0002_snapshot.json");
  MigrationSet set = ReadDir(t.path() / "drizzle", t.path());
  EXPECT_EQ(Codes(set), "SCH011:E:drizzle/0001_users.sql:0 ");
  ASSERT_EQ(set.migrations.size(), 2u);
  EXPECT_EQ(set.migrations[1].id_loc.line, 12u);
  EXPECT_EQ(set.migrations[1].file, nullptr);
}

TEST(DrizzleReader, MalformedSnapshotIsSch011AndLeftOut) {
  testing::TempDir t;
  WriteThree(t);
  t.Write("drizzle/meta/0001_snapshot.json", "{\n  \"id\": \"x\",\n  \"prevId\": 1\n}");
  t.Write("drizzle/meta/0002_snapshot.json", "{\n  \"id\": \"y\"\n  \"prevId\": \"x\"\n}");
  MigrationSet set = ReadDir(t.path() / "drizzle", t.path());
  EXPECT_EQ(Codes(set),
            "SCH011:E:drizzle/meta/0001_snapshot.json:3 "
            "SCH011:E:drizzle/meta/0002_snapshot.json:3 ");
  ASSERT_EQ(set.snapshots.size(), 2u);  // 0001 keeps its id; 0002 cannot be parsed
  EXPECT_EQ(set.snapshots[1].id, "x");
  EXPECT_EQ(set.snapshots[1].prev_id, "");
  EXPECT_EQ(set.migrations.size(), 3u);
}

TEST(DrizzleReader, SnapshotJsonIsCheckedAsStrictlyAsJsonParse) {
  testing::TempDir t;
  WriteThree(t);
  // A leading zero, a trailing comma, and nesting deeper than any parser should recurse.
  t.Write("drizzle/meta/0000_snapshot.json",
          "{\n  \"id\": \"a\",\n  \"prevId\": \"o\",\n  \"version\": 06\n}");
  t.Write("drizzle/meta/0001_snapshot.json", "{\n  \"id\": \"b\",\n  \"prevId\": \"a\",\n}");
  t.Write("drizzle/meta/0002_snapshot.json",
          "{\"id\": \"c\", \"prevId\": \"b\", \"t\": " + std::string(100000, '[') + "}");
  MigrationSet set = ReadDir(t.path() / "drizzle", t.path());
  EXPECT_EQ(Codes(set),
            "SCH011:E:drizzle/meta/0000_snapshot.json:4 "
            "SCH011:E:drizzle/meta/0001_snapshot.json:4 "
            "SCH011:E:drizzle/meta/0002_snapshot.json:1 ");
  EXPECT_TRUE(set.snapshots.empty());
  EXPECT_EQ(set.migrations.size(), 3u);
}

TEST(DrizzleReader, SnapshotEscapesAndLargeFilesAreRead) {
  testing::TempDir t;
  WriteThree(t);
  std::string big = "{\n  \"tables\": {\"t\": [";
  for (int i = 0; i < 200000; ++i) big += "{\"name\": \"c\\u00e9\", \"n\": -1.5e3},";
  big += "null]},\n  \"id\": \"\\u0041-\\n\",\n  \"prevId\": \"id-1\"\n}";
  t.Write("drizzle/meta/0002_snapshot.json", big);
  MigrationSet set = ReadDir(t.path() / "drizzle", t.path());
  EXPECT_EQ(Codes(set), "");
  ASSERT_EQ(set.snapshots.size(), 3u);
  EXPECT_EQ(set.snapshots[2].id, "A-\n");
  EXPECT_EQ(set.snapshots[2].id_loc.line, 3u);
  EXPECT_EQ(set.snapshots[2].prev_loc.line, 4u);
}

TEST(DrizzleReader, JournalDialectNamesTheSetUnlessTheConfigSaysD1) {
  testing::TempDir t;
  t.Write("d/meta/_journal.json", Journal({}, "pg"));
  EXPECT_EQ(ReadDir(t.path() / "d", t.path()).dialect, "postgres");
  t.Write("d/meta/_journal.json", Journal({}, "singlestore"));
  EXPECT_EQ(ReadDir(t.path() / "d", t.path()).dialect, "mysql");
  t.Write("d/meta/_journal.json", Journal({}, "turso"));
  EXPECT_EQ(ReadDir(t.path() / "d", t.path()).dialect, "sqlite");
  EXPECT_EQ(ReadDir(t.path() / "d", t.path(), "d1").dialect, "d1");
}

TEST(DrizzleReader, ConfigOutNamesTheFolderWithDialect) {
  testing::TempDir t;
  t.Write("app/drizzle.config.ts",
          "import { defineConfig } from 'drizzle-kit';\n"
          "// out: './not-this',\n"
          "export default defineConfig({\n"
          "  schema: './src/schema.ts',\n"
          "  out: './migrations/pg',\n"
          "  dialect: 'postgresql',\n"
          "  dbCredentials: { url: process.env.DATABASE_URL!, timeout: 'x' },\n"
          "  migrations: { table: 'my_migrations', schema: \"public\" },\n"
          "});\n");
  t.Write("app/migrations/pg/meta/_journal.json", Journal({}, "postgresql"));
  std::vector<Candidate> cands = Detect(t.path());
  ASSERT_EQ(cands.size(), 1u);
  const Candidate& c = cands[0];
  EXPECT_EQ(c.display, "app/migrations/pg");
  EXPECT_EQ(c.evidence, Evidence::kConfig);
  EXPECT_EQ(c.config_path, "app/drizzle.config.ts");
  EXPECT_EQ(c.config_loc.line, 5u);
  EXPECT_EQ(c.config_loc.column, 3u);
  EXPECT_EQ(c.dialect, "postgres");
  EXPECT_EQ(c.options.at("migrations.table"), "my_migrations");
  EXPECT_EQ(c.options.at("migrations.schema"), "public");
  MigrationSet set = DrizzleReader().Read(c, t.path());
  EXPECT_EQ(Codes(set), "");
  EXPECT_EQ(set.config_path, "app/drizzle.config.ts");
  EXPECT_EQ(set.dialect, "postgres");
}

TEST(DrizzleReader, ConfigOutThatDoesNotExistIsSch014AtTheOutLine) {
  testing::TempDir t;
  t.Write("drizzle.config.json", "{\n  \"dialect\": \"sqlite\",\n  \"out\": \"./gone\"\n}\n");
  std::vector<Candidate> cands = Detect(t.path());
  ASSERT_EQ(cands.size(), 1u);
  EXPECT_EQ(cands[0].display, "gone");
  MigrationSet set = DrizzleReader().Read(cands[0], t.path());
  EXPECT_EQ(Codes(set), "SCH014:E:drizzle.config.json:3 ");
  EXPECT_NE(set.findings[0].message.find("'gone'"), std::string::npos);
}

TEST(DrizzleReader, ConfigWithoutOutDefaultsToDrizzleFolder) {
  testing::TempDir t;
  t.Write("drizzle.config.ts", "export default { dialect: 'sqlite', driver: 'd1-http' };\n");
  std::vector<Candidate> cands = Detect(t.path());
  ASSERT_EQ(cands.size(), 1u);
  EXPECT_EQ(cands[0].display, "drizzle");
  EXPECT_EQ(cands[0].dialect, "d1");
  // No folder and no `out`: maybe a push-only project, so a warning.
  EXPECT_EQ(Codes(DrizzleReader().Read(cands[0], t.path())), "SCH014:W:drizzle.config.ts:0 ");
  t.Write("drizzle/meta/_journal.json", Journal({}, "sqlite"));
  cands = Detect(t.path());
  ASSERT_EQ(cands.size(), 1u);
  EXPECT_EQ(cands[0].evidence, Evidence::kConfig);
  MigrationSet set = DrizzleReader().Read(cands[0], t.path());
  EXPECT_EQ(Codes(set), "");
  EXPECT_EQ(set.dialect, "d1");
}

TEST(DrizzleReader, ConfigWithComputedOutMakesNoCandidate) {
  testing::TempDir t;
  t.Write("drizzle.config.ts",
          "export default { out: process.env.OUT ?? './x', dialect: 'postgresql' };\n");
  EXPECT_TRUE(Detect(t.path()).empty());
}

TEST(DrizzleConfig, ScansLiteralsOnly) {
  DrizzleConfig a = ScanDrizzleConfig(
      "const x = { out: 'inner' };\n"  // the first `out` literal wins, even outside the config
      "export default defineConfig({ out: `./tpl`, dialect: \"turso\" })");
  ASSERT_TRUE(a.out.has_value());
  EXPECT_EQ(a.out->value, "inner");
  DrizzleConfig b = ScanDrizzleConfig(
      "/* out: 'c' */ export default { \"out\": \"./a\" + suffix, layout: 'x', driver: 'pg' }");
  ASSERT_TRUE(b.out.has_value());
  EXPECT_TRUE(b.out->dynamic);
  EXPECT_EQ(b.driver->value, "pg");
  DrizzleConfig c = ScanDrizzleConfig(
      "export default { out: `./m/${env}`, migrations: { prefix: 'timestamp' } }");
  EXPECT_TRUE(c.out->dynamic);
  EXPECT_EQ(c.migrations_prefix->value, "timestamp");
  EXPECT_FALSE(c.dialect.has_value());
  EXPECT_EQ(DrizzleConfigDialect("postgresql", ""), "postgres");
  EXPECT_EQ(DrizzleConfigDialect("sqlite", "d1-http"), "d1");
  EXPECT_EQ(DrizzleConfigDialect("", "better-sqlite"), "sqlite");
  EXPECT_EQ(DrizzleConfigDialect("gel", ""), "");
  EXPECT_TRUE(IsDrizzleConfigName("drizzle.config.ts"));
  EXPECT_TRUE(IsDrizzleConfigName("drizzle.config.mjs"));
  EXPECT_TRUE(IsDrizzleConfigName("drizzle-pg.config.ts"));
  EXPECT_FALSE(IsDrizzleConfigName("drizzle.config.ts.bak"));
  EXPECT_FALSE(IsDrizzleConfigName("drizzlex.config.ts"));
}

TEST(DrizzleReader, V1FoldersAreReadInNameOrderWithPrevIds) {
  testing::TempDir t;
  t.Write("m/20250102000000_b/migration.sql",
          "CREATE TABLE b (id int);--> statement-breakpoint\nSELECT 1;");
  t.Write("m/20250102000000_b/snapshot.json",
          "{\n  \"id\": \"b\",\n  \"prevIds\": [\"a\", \"z\"],\n  \"dialect\": \"postgresql\"\n}");
  t.Write("m/20250101000000_a/migration.sql", "CREATE TABLE a (id int);");
  t.Write("m/20250101000000_a/snapshot.json",
          "{\n  \"id\": \"a\",\n  \"prevIds\": [\"00000000-0000-0000-0000-000000000000\"],\n"
          "  \"dialect\": \"postgresql\"\n}");
  t.Write("m/notes.sql", "SELECT 1;");
  std::vector<Candidate> cands = Detect(t.path());
  ASSERT_EQ(cands.size(), 1u);
  MigrationSet set = DrizzleReader().Read(cands[0], t.path());
  EXPECT_EQ(Codes(set), "SCH017:W:m/notes.sql:0 ");
  ASSERT_EQ(set.migrations.size(), 2u);
  EXPECT_EQ(set.migrations[0].id, "20250101000000_a");
  EXPECT_EQ(set.migrations[0].version, "20250101000000");
  EXPECT_EQ(set.migrations[0].path, "m/20250101000000_a/migration.sql");
  EXPECT_EQ(set.migrations[1].chunks.size(), 2u);
  EXPECT_EQ(set.migrations[1].tx, TxShape::kWholeRun);
  EXPECT_EQ(set.dialect, "postgres");
  ASSERT_EQ(set.snapshots.size(), 2u);
  EXPECT_EQ(set.snapshots[1].prev_id, "a");
  EXPECT_EQ(set.snapshots[1].prev_loc.line, 3u);
  EXPECT_EQ(set.files.size(), 4u);
}

TEST(DrizzleReader, V1FolderWithOldJournalIsSch011) {
  testing::TempDir t;
  t.Write("m/20250101000000_a/migration.sql", "SELECT 1;");
  t.Write("m/20250101000000_a/snapshot.json", "{\"id\": \"a\", \"prevIds\": [\"o\"]}");
  t.Write("m/meta/_journal.json", Journal({}));
  MigrationSet set = ReadDir(t.path() / "m", t.path());
  EXPECT_EQ(Codes(set), "SCH011:E:m/meta/_journal.json:0 ");
  EXPECT_NE(set.findings[0].message.find("We detected that you have old drizzle-kit migration "
                                         "folders"),
            std::string::npos);
  EXPECT_EQ(set.migrations.size(), 1u);
}

TEST(DrizzleReader, KarakeepCorpusReadsAllEntriesInJournalOrder) {
  fs::path dir = testing::CorporaDir() / "drizzle/karakeep/packages/db/drizzle";
  ASSERT_TRUE(fs::is_directory(dir)) << dir;
  MigrationSet set = ReadDir(dir, testing::CorporaDir());
  ASSERT_EQ(set.migrations.size(), 94u);
  EXPECT_EQ(set.migrations.front().id, "0000_luxuriant_johnny_blaze");
  EXPECT_EQ(set.migrations.front().when, 1708710681721);
  for (size_t i = 0; i < set.migrations.size(); ++i) {
    EXPECT_EQ(set.migrations[i].version, fmt::format("{:04}", i));
    EXPECT_NE(set.migrations[i].file, nullptr);
  }
  EXPECT_EQ(set.dialect, "sqlite");
  EXPECT_EQ(set.snapshots.size(), 94u);
  EXPECT_EQ(set.files.size(), 1u + 94u + 94u);
  for (const Finding& f : set.findings) ADD_FAILURE() << f.code << " " << f.message;
}

}  // namespace
}  // namespace sse
