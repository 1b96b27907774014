#include <gtest/gtest.h>

#include "core/migrations/detect.hpp"
#include "core/migrations/flyway_config.hpp"
#include "core/migrations/flyway_names.hpp"
#include "core/migrations/flyway_tx.hpp"
#include "core/migrations/reader.hpp"
#include "tests/support/temp_dir.hpp"

namespace sse {
namespace {

MigrationSet ReadDir(const fs::path& dir, const fs::path& cwd,
                     std::map<std::string, std::string> options = {}) {
  Candidate c;
  c.tool = Tool::kFlyway;
  c.dir = dir;
  c.display = DisplayPath(cwd, dir);
  c.options = std::move(options);
  return FlywayReader().Read(c, cwd);
}

std::vector<std::string> Ids(const MigrationSet& set) {
  std::vector<std::string> ids;
  for (const Migration& m : set.migrations) ids.push_back(m.id);
  return ids;
}

std::vector<Candidate> Probe(const fs::path& dir, const fs::path& cwd,
                             std::vector<Finding>* findings = nullptr) {
  auto entries = ListDir(dir);
  EXPECT_TRUE(entries.ok());
  DirView view{dir, DisplayPath(cwd, dir), &*entries};
  DetectContext ctx{cwd, findings};
  std::vector<Candidate> out;
  FlywayReader().Probe(view, ctx, out);
  return out;
}

// ---- versions and names ----

TEST(FlywayVersion, NormalisesUnderscoresLeadingAndTrailingZeros) {
  EXPECT_EQ(flyway::ParseVersion("2_1")->Canonical(), "2.1");
  EXPECT_EQ(flyway::ParseVersion("1.0")->Canonical(), "1");
  EXPECT_EQ(flyway::ParseVersion("1.0.0")->Canonical(), "1");
  EXPECT_EQ(flyway::ParseVersion("001.010")->Canonical(), "1.10");
  EXPECT_EQ(flyway::ParseVersion("0")->Canonical(), "0");
  EXPECT_EQ(flyway::ParseVersion("13.1")->Canonical(), "13.1");
}

TEST(FlywayVersion, RejectsWhatBigIntegerRejects) {
  EXPECT_FALSE(flyway::ParseVersion("1.a"));
  EXPECT_FALSE(flyway::ParseVersion(""));
  EXPECT_FALSE(flyway::ParseVersion("1..2"));
  EXPECT_FALSE(flyway::ParseVersion(".1"));
  EXPECT_FALSE(flyway::ParseVersion("1."));
  EXPECT_FALSE(flyway::ParseVersion("1_init"));
}

TEST(FlywayVersion, ComparesNumericallyWithoutOverflow) {
  auto v = [](const char* s) { return *flyway::ParseVersion(s); };
  EXPECT_LT(flyway::CompareVersions(v("9"), v("10")), 0);
  EXPECT_LT(flyway::CompareVersions(v("13.1"), v("14")), 0);
  EXPECT_GT(flyway::CompareVersions(v("13.1"), v("13")), 0);
  EXPECT_EQ(flyway::CompareVersions(v("1.0"), v("1")), 0);
  EXPECT_EQ(flyway::CompareVersions(v("001"), v("1")), 0);
  EXPECT_GT(flyway::CompareVersions(v("1.0.1"), v("1")), 0);
  EXPECT_GT(flyway::CompareVersions(v("123456789012345678901234567890"), v("99999999999999999999")),
            0);
  EXPECT_LT(flyway::CompareVersions(v("-1"), v("0")), 0);
}

TEST(FlywayNames, ParsesVersionedRepeatableUndoAndCallbacks) {
  flyway::NameRules rules;
  auto v = flyway::ParseName("V2_1__add_index.sql", rules);
  EXPECT_EQ(v.kind, flyway::NameKind::kVersioned);
  EXPECT_EQ(v.version->Canonical(), "2.1");
  EXPECT_EQ(v.description, "add index");

  auto split = flyway::ParseName("V1__a__b.sql", rules);  // first separator splits
  EXPECT_EQ(split.version->Canonical(), "1");
  EXPECT_EQ(split.description, "a  b");

  EXPECT_EQ(flyway::ParseName("V3__upper.SQL", rules).kind, flyway::NameKind::kVersioned);
  EXPECT_EQ(flyway::ParseName("V4.sql", rules).kind, flyway::NameKind::kVersioned);

  auto r = flyway::ParseName("R__refresh_views.sql", rules);
  EXPECT_EQ(r.kind, flyway::NameKind::kRepeatable);
  EXPECT_EQ(r.description, "refresh views");

  auto u = flyway::ParseName("U2_1__add_index.sql", rules);
  EXPECT_EQ(u.kind, flyway::NameKind::kUndo);
  EXPECT_EQ(u.version->Canonical(), "2.1");

  EXPECT_EQ(flyway::ParseName("beforeMigrate.sql", rules).kind, flyway::NameKind::kCallback);
  EXPECT_EQ(flyway::ParseName("afterEachMigrate__log.sql", rules).kind,
            flyway::NameKind::kCallback);
  EXPECT_EQ(flyway::ParseName("README.md", rules).kind, flyway::NameKind::kNotSql);
  EXPECT_EQ(flyway::ParseName("V1__x.sql.conf", rules).kind, flyway::NameKind::kNotSql);
}

TEST(FlywayNames, ExplainsEveryNameFlywaySkips) {
  flyway::NameRules rules;
  auto single = flyway::ParseName("V1_init.sql", rules);
  EXPECT_EQ(single.kind, flyway::NameKind::kInvalid);
  EXPECT_EQ(single.problem, "no '__' separator after the version");
  EXPECT_EQ(single.help, "rename it to V1__init.sql");

  auto empty = flyway::ParseName("V__x.sql", rules);
  EXPECT_EQ(empty.kind, flyway::NameKind::kInvalid);
  EXPECT_NE(empty.problem.find("empty"), std::string::npos);

  auto lower = flyway::ParseName("v1__x.sql", rules);
  EXPECT_EQ(lower.kind, flyway::NameKind::kInvalid);
  EXPECT_NE(lower.problem.find("case-sensitive"), std::string::npos);
  EXPECT_EQ(lower.help, "rename it to V1__x.sql");

  auto letters = flyway::ParseName("V1.a__x.sql", rules);
  EXPECT_EQ(letters.kind, flyway::NameKind::kInvalid);
  EXPECT_NE(letters.problem.find("Version may only contain 0..9 and . (dot)"), std::string::npos);

  auto plain = flyway::ParseName("init.sql", rules);
  EXPECT_EQ(plain.kind, flyway::NameKind::kInvalid);
  EXPECT_NE(plain.problem.find("does not start with"), std::string::npos);

  auto repeatable = flyway::ParseName("R1__x.sql", rules);
  EXPECT_EQ(repeatable.kind, flyway::NameKind::kInvalid);
  EXPECT_NE(repeatable.problem.find("cannot have a version"), std::string::npos);
}

TEST(FlywayNames, HonoursConfiguredPrefixesAndSeparator) {
  flyway::NameRules rules = flyway::RulesFromOptions({{"sqlMigrationPrefix", "M"},
                                                      {"sqlMigrationSeparator", "-"},
                                                      {"sqlMigrationSuffixes", ".sql,.ddl"}});
  auto m = flyway::ParseName("M3-add.ddl", rules);
  EXPECT_EQ(m.kind, flyway::NameKind::kVersioned);
  EXPECT_EQ(m.version->Canonical(), "3");
  EXPECT_EQ(m.description, "add");
  EXPECT_EQ(flyway::ParseName("V3__add.sql", rules).kind, flyway::NameKind::kInvalid);
}

// ---- transactions ----

TEST(FlywayTx, DetectsPostgresAndSqliteNonTransactionalStatements) {
  EXPECT_TRUE(flyway::IsNonTransactional("CREATE INDEX CONCURRENTLY i ON t (a);", "postgres"));
  EXPECT_TRUE(flyway::IsNonTransactional("create unique index concurrently if not exists i on t(a)",
                                         "postgres"));
  EXPECT_TRUE(flyway::IsNonTransactional("DROP INDEX CONCURRENTLY IF EXISTS i;", "postgres"));
  EXPECT_TRUE(flyway::IsNonTransactional("VACUUM ANALYZE t;", "postgres"));
  EXPECT_TRUE(flyway::IsNonTransactional("CREATE DATABASE x;", "postgres"));
  EXPECT_TRUE(flyway::IsNonTransactional("REINDEX VERBOSE SCHEMA s;", "postgres"));
  EXPECT_TRUE(flyway::IsNonTransactional("PRAGMA foreign_keys = OFF;", "sqlite"));
  EXPECT_FALSE(flyway::IsNonTransactional("CREATE INDEX i ON t (a);", "postgres"));
  EXPECT_FALSE(flyway::IsNonTransactional("SELECT 'CREATE INDEX CONCURRENTLY';", "postgres"));
  EXPECT_FALSE(flyway::IsNonTransactional("PRAGMA foreign_keys = OFF;", "postgres"));
  EXPECT_EQ(flyway::SimplifiedStatement("CREATE TABLE t (a int, b text) /* c */ WITH x;"),
            "CREATE TABLE T WITH X");
}

TEST(FlywayReader, ConcurrentlyMigrationRunsWithoutTransaction) {
  testing::TempDir t;
  t.Write("postgres/V1__t.sql", "CREATE TABLE t (a int);\n");
  t.Write("postgres/V2__idx.sql", "CREATE INDEX CONCURRENTLY i ON t (a);\n");
  MigrationSet set = ReadDir(t.path() / "postgres", t.path());
  ASSERT_EQ(set.migrations.size(), 2u);
  EXPECT_EQ(set.dialect, "postgres");
  EXPECT_EQ(set.migrations[0].tx, TxShape::kPerMigration);
  EXPECT_EQ(set.migrations[1].tx, TxShape::kNone);
  EXPECT_TRUE(set.findings.empty());
}

TEST(FlywayReader, MixedTransactionalStatementsAreRefused) {
  testing::TempDir t;
  t.Write("postgres/V1__mixed.sql",
          "CREATE TABLE t (a int);\n\nCREATE INDEX CONCURRENTLY i ON t (a);\n");
  MigrationSet set = ReadDir(t.path() / "postgres", t.path());
  ASSERT_EQ(set.findings.size(), 1u);
  EXPECT_EQ(set.findings[0].code, "SCH011");
  EXPECT_EQ(set.findings[0].loc->line, 3u);
  ASSERT_EQ(set.findings[0].related.size(), 1u);
  EXPECT_EQ(set.findings[0].related[0].loc.line, 1u);
  EXPECT_NE(set.findings[0].message.find("CREATE INDEX CONCURRENTLY"), std::string::npos);

  MigrationSet mixed = ReadDir(t.path() / "postgres", t.path(), {{"mixed", "true"}});
  EXPECT_TRUE(mixed.findings.empty());
  EXPECT_EQ(mixed.migrations[0].tx, TxShape::kNone);
}

TEST(FlywayReader, ScriptConfigurationOverridesDetection) {
  testing::TempDir t;
  t.Write("pg/V1__a.sql", "CREATE TABLE t (a int);\nCREATE INDEX CONCURRENTLY i ON t (a);\n");
  t.Write("pg/V1__a.sql.conf", "executeInTransaction=false\n");
  t.Write("pg/V2__b.sql", "-- flyway:executeInTransaction=false\nCREATE TABLE u (a int);\n");
  t.Write("pg/V3__c.sql", "CREATE TABLE v (a int);\n");
  Candidate c;
  c.tool = Tool::kFlyway;
  c.dir = t.path() / "pg";
  c.display = "pg";
  c.dialect = "postgres";
  MigrationSet set = FlywayReader().Read(c, t.path());
  ASSERT_EQ(set.migrations.size(), 3u);
  EXPECT_TRUE(set.findings.empty());
  EXPECT_EQ(set.migrations[0].tx, TxShape::kNone);
  EXPECT_EQ(set.migrations[1].tx, TxShape::kNone);
  EXPECT_EQ(set.migrations[2].tx, TxShape::kPerMigration);
  EXPECT_NE(std::find(set.files.begin(), set.files.end(), "pg/V1__a.sql.conf"), set.files.end());

  MigrationSet grouped = FlywayReader().Read(
      [&] {
        Candidate g = c;
        g.options = {{"group", "true"}};
        return g;
      }(),
      t.path());
  EXPECT_EQ(grouped.migrations[2].tx, TxShape::kWholeRun);
}

// ---- reading a folder ----

TEST(FlywayReader, OrdersVersionsNumericallyRepeatablesLast) {
  testing::TempDir t;
  t.Write("m/V10__ten.sql", "CREATE TABLE ten (id int);");
  t.Write("m/V9__nine.sql", "CREATE TABLE nine (id int);");
  t.Write("m/V1_1__one_one.sql", "CREATE TABLE oneone (id int);");
  t.Write("m/V2__two.sql", "CREATE TABLE two (id int);");
  t.Write("m/R__views_b.sql", "CREATE VIEW b AS SELECT 1;");
  t.Write("m/R__views_a.sql", "CREATE VIEW a AS SELECT 1;");
  t.Write("m/U2__two.sql", "DROP TABLE two;");
  t.Write("m/sub/V3__nested.sql", "CREATE TABLE three (id int);");
  t.Write("m/beforeMigrate.sql", "SELECT 1;");
  t.Write("m/README.md", "docs");
  MigrationSet set = ReadDir(t.path() / "m", t.path());
  EXPECT_EQ(Ids(set),
            (std::vector<std::string>{"1.1", "2", "3", "9", "10", "R__views a", "R__views b"}));
  EXPECT_TRUE(set.findings.empty());
  const Migration& two = set.migrations[1];
  EXPECT_EQ(two.version, "2");
  EXPECT_EQ(two.name, "two");
  EXPECT_EQ(two.down_path, "m/U2__two.sql");
  EXPECT_EQ(set.migrations[2].path, "m/sub/V3__nested.sql");
  EXPECT_EQ(set.migrations[4].parents.at(0).index, 3);
  EXPECT_EQ(set.migrations[4].parents.at(0).id, "9");
  EXPECT_TRUE(set.migrations[0].parents.empty());
  for (size_t i = 5; i < 7; ++i) {
    EXPECT_TRUE(set.migrations[i].repeatable);
    EXPECT_TRUE(set.migrations[i].parents.empty());
    EXPECT_EQ(set.migrations[i].version, "");
  }
  EXPECT_EQ(set.migrations[5].name, "views a");
  // Every file Flyway loads: migrations in order, then undo and callback files.
  EXPECT_EQ(set.files, (std::vector<std::string>{
                           "m/V1_1__one_one.sql", "m/V2__two.sql", "m/sub/V3__nested.sql",
                           "m/V9__nine.sql", "m/V10__ten.sql", "m/R__views_a.sql",
                           "m/R__views_b.sql", "m/U2__two.sql", "m/beforeMigrate.sql"}));
}

TEST(FlywayReader, SkippedNamesAreSch017Warnings) {
  testing::TempDir t;
  t.Write("m/V1__ok.sql", "SELECT 1;");
  t.Write("m/V1_init.sql", "SELECT 1;");
  t.Write("m/V__x.sql", "SELECT 1;");
  t.Write("m/v2__x.sql", "SELECT 1;");
  t.Write("m/V1.a__x.sql", "SELECT 1;");
  t.Write("m/seed.sql", "SELECT 1;");
  MigrationSet set = ReadDir(t.path() / "m", t.path());
  EXPECT_EQ(Ids(set), (std::vector<std::string>{"1"}));
  ASSERT_EQ(set.findings.size(), 5u);
  for (const Finding& f : set.findings) {
    EXPECT_EQ(f.code, "SCH017");
    EXPECT_EQ(f.severity, Severity::kWarning);
    EXPECT_EQ(f.message.rfind("flyway skips '", 0), 0u) << f.message;
  }
  // Findings follow the listing (byte order): V1.a__x, V1_init, V__x, seed, v2__x.
  EXPECT_EQ(set.findings[1].message,
            "flyway skips 'V1_init.sql': no '__' separator after the version");
  EXPECT_EQ(set.findings[1].loc->path, "m/V1_init.sql");

  MigrationSet strict = ReadDir(t.path() / "m", t.path(), {{"validateMigrationNaming", "true"}});
  for (const Finding& f : strict.findings) EXPECT_EQ(f.severity, Severity::kError);
}

TEST(FlywayReader, DuplicateVersionsKeepBothFilesWithOneId) {
  testing::TempDir t;
  t.Write("m/V1.0__a.sql", "SELECT 1;");
  t.Write("m/V1__b.sql", "SELECT 2;");
  t.Write("m/V2__c.sql", "SELECT 3;");
  MigrationSet set = ReadDir(t.path() / "m", t.path());
  EXPECT_EQ(Ids(set), (std::vector<std::string>{"1", "1", "2"}));
  EXPECT_EQ(set.migrations[0].path, "m/V1.0__a.sql");
  EXPECT_EQ(set.migrations[1].path, "m/V1__b.sql");
  EXPECT_TRUE(set.findings.empty());  // SCH004 comes from the rule, not the reader
}

TEST(FlywayReader, BadBytesNeverStopTheRun) {
  testing::TempDir t;
  t.Write("m/V1__bom.sql",
          "\xEF\xBB\xBF"
          "CREATE TABLE a (id int);\r\n");
  t.Write("m/V2__empty.sql", "");
  t.Write("m/V3__bad.sql", "SELECT '\xff';\n");
  MigrationSet set = ReadDir(t.path() / "m", t.path());
  ASSERT_EQ(set.migrations.size(), 3u);
  // Flyway strips a BOM, so only the invalid UTF-8 is reported.
  ASSERT_EQ(set.findings.size(), 1u);
  EXPECT_EQ(set.findings[0].code, "SCH011");
  EXPECT_EQ(set.findings[0].loc->path, "m/V3__bad.sql");
  EXPECT_EQ(set.migrations[0].statements.size(), 1u);
  EXPECT_TRUE(set.migrations[1].statements.empty());
}

TEST(FlywayReader, EmptyOrMissingFolder) {
  testing::TempDir t;
  t.Mkdir("empty");
  MigrationSet set = ReadDir(t.path() / "empty", t.path());
  EXPECT_TRUE(set.migrations.empty());
  EXPECT_TRUE(set.findings.empty());

  Candidate c;
  c.tool = Tool::kFlyway;
  c.dir = t.path() / "nowhere";
  c.display = "nowhere";
  c.config_path = "flyway.conf";
  c.config_loc = SourceLoc::Line("flyway.conf", 2, 18);
  MigrationSet missing = FlywayReader().Read(c, t.path());
  ASSERT_EQ(missing.findings.size(), 1u);
  EXPECT_EQ(missing.findings[0].code, "SCH014");
  EXPECT_EQ(missing.findings[0].loc->line, 2u);
}

// ---- detection ----

TEST(FlywayProbe, NamedFilesMakeANamingCandidate) {
  testing::TempDir t;
  t.Write("db/V1__a.sql", "SELECT 1;");
  t.Write("plain/001_a.sql", "SELECT 1;");
  auto c = Probe(t.path() / "db", t.path());
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0].evidence, Evidence::kNaming);
  EXPECT_EQ(c[0].display, "db");
  EXPECT_TRUE(Probe(t.path() / "plain", t.path()).empty());
}

TEST(FlywayProbe, NestedFolderIsPartOfTheOuterLocation) {
  testing::TempDir t;
  t.Write("db/migration/V1__a.sql", "SELECT 1;");
  t.Write("db/migration/2024/V2__b.sql", "SELECT 1;");
  DetectOptions opt;
  opt.cwd = t.path();
  opt.tool = Tool::kFlyway;
  auto det = DetectSets(t.path(), opt);
  ASSERT_TRUE(det.ok());
  ASSERT_EQ(det->candidates.size(), 1u);
  EXPECT_EQ(det->candidates[0].display, "db/migration");
  MigrationSet set = ReadSets(det->candidates, t.path()).at(0);
  EXPECT_EQ(Ids(set), (std::vector<std::string>{"1", "2"}));
}

TEST(FlywayProbe, ConfLocationsMakeConfigCandidatesAndMissingOnesSch014) {
  testing::TempDir t;
  t.Write("flyway.conf",
          "# Flyway configuration\n"
          "flyway.url=jdbc:postgresql://localhost/app\n"
          "flyway.locations=filesystem:sql, filesystem:missing,\\\n"
          "    classpath:db/migration\n"
          "flyway.mixed=true\n");
  t.Write("sql/V1__a.sql", "SELECT 1;");
  t.Write("src/main/resources/db/migration/V2__b.sql", "SELECT 1;");
  std::vector<Finding> findings;
  auto c = Probe(t.path(), t.path(), &findings);
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0].evidence, Evidence::kConfig);
  EXPECT_EQ(c[0].display, "sql");
  EXPECT_EQ(c[0].dialect, "postgres");
  EXPECT_EQ(c[0].config_path, "flyway.conf");
  EXPECT_EQ(c[0].config_loc.line, 3u);
  EXPECT_EQ(c[0].options.at("mixed"), "true");
  ASSERT_EQ(c[0].extra_dirs.size(), 1u);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].code, "SCH014");
  EXPECT_EQ(findings[0].loc->line, 3u);
  EXPECT_EQ(findings[0].loc->column, 34u);
  EXPECT_NE(findings[0].message.find("filesystem:missing"), std::string::npos);

  MigrationSet set = FlywayReader().Read(c[0], t.path());
  EXPECT_EQ(Ids(set), (std::vector<std::string>{"1", "2"}));
  EXPECT_EQ(set.roots, (std::vector<std::string>{"sql", "src/main/resources/db/migration"}));
}

TEST(FlywayProbe, ConfigClaimsAFolderTheWalkSawFirst) {
  testing::TempDir t;
  // The command-line layout: conf/flyway.conf, locations resolved from its parent. The walk
  // probes a/ and b/ before conf/.
  t.Write("conf/flyway.conf", "flyway.locations=filesystem:a,filesystem:b\n");
  t.Write("a/V1__a.sql", "SELECT 1;");
  t.Write("b/V2__b.sql", "SELECT 1;");
  DetectOptions opt;
  opt.cwd = t.path();
  opt.tool = Tool::kFlyway;
  auto det = DetectSets(t.path(), opt);
  ASSERT_TRUE(det.ok());
  ASSERT_EQ(det->candidates.size(), 1u);
  EXPECT_EQ(det->candidates[0].display, "a");
  EXPECT_EQ(det->candidates[0].config_path, "conf/flyway.conf");
  MigrationSet set = ReadSets(det->candidates, t.path()).at(0);
  EXPECT_EQ(Ids(set), (std::vector<std::string>{"1", "2"}));
}

TEST(FlywayProbe, TomlLocationsAndEnvironmentUrl) {
  testing::TempDir t;
  t.Write("flyway.toml",
          "[environments.default]\nurl = \"jdbc:sqlite:app.db\"\n\n"
          "[flyway]\nlocations = [\"filesystem:a\", \"filesystem:b\", \"filesystem:nope\"]\n");
  t.Write("a/V1__a.sql", "SELECT 1;");
  t.Write("b/V2__b.sql", "SELECT 1;");
  DetectOptions opt;
  opt.cwd = t.path();
  opt.tool = Tool::kFlyway;
  auto det = DetectSets(t.path(), opt);
  ASSERT_TRUE(det.ok());
  ASSERT_EQ(det->candidates.size(), 1u);
  EXPECT_EQ(det->candidates[0].display, "a");
  EXPECT_EQ(det->candidates[0].evidence, Evidence::kConfig);
  EXPECT_EQ(det->candidates[0].dialect, "sqlite");
  ASSERT_EQ(det->findings.size(), 1u);
  EXPECT_EQ(det->findings[0].code, "SCH014");
  EXPECT_EQ(det->findings[0].loc->line, 5u);
  MigrationSet set = ReadSets(det->candidates, t.path()).at(0);
  EXPECT_EQ(Ids(set), (std::vector<std::string>{"1", "2"}));
  EXPECT_EQ(set.dialect, "sqlite");
}

TEST(FlywayProbe, MalformedTomlIsSch011) {
  testing::TempDir t;
  t.Write("flyway.toml", "[flyway\nlocations = 1\n");
  std::vector<Finding> findings;
  EXPECT_TRUE(Probe(t.path(), t.path(), &findings).empty());
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].code, "SCH011");
  EXPECT_EQ(findings[0].loc->path, "flyway.toml");
}

TEST(FlywayConfig, PropertiesEscapesAndContinuations) {
  auto props = flyway::ParseProperties(
      "! comment\nflyway.a = one\\\n   two\nflyway.b:x\\:y\nflyway.c  value\n  # indented "
      "comment\n");
  ASSERT_EQ(props.size(), 3u);
  EXPECT_EQ(props[0].key, "flyway.a");
  EXPECT_EQ(props[0].value, "onetwo");
  EXPECT_EQ(props[1].value, "x:y");
  EXPECT_EQ(props[2].key, "flyway.c");
  EXPECT_EQ(props[2].value, "value");
}

// ---- the conductor corpus ----

TEST(FlywayReader, ConductorCorpusReadsEachFolderAsItsOwnSet) {
  fs::path root = testing::CorporaDir() / "flyway/conductor";
  ASSERT_TRUE(fs::is_directory(root)) << root;
  DetectOptions opt;
  opt.cwd = testing::CorporaDir();
  opt.tool = Tool::kFlyway;
  auto det = DetectSets(root, opt);
  ASSERT_TRUE(det.ok());
  std::vector<std::string> displays;
  for (const Candidate& c : det->candidates) displays.push_back(c.display);
  const std::string pg = "flyway/conductor/postgres-persistence/src/main/resources/db/";
  EXPECT_EQ(displays,
            (std::vector<std::string>{pg + "migration_postgres", pg + "migration_postgres_data",
                                      pg + "migration_postgres_notify",
                                      "flyway/conductor/sqlite-persistence/src/main/resources/db/"
                                      "migration_sqlite"}));
  std::vector<MigrationSet> sets = ReadSets(det->candidates, testing::CorporaDir());
  ASSERT_EQ(sets.size(), 4u);

  const MigrationSet& postgres = sets[0];
  EXPECT_EQ(Ids(postgres),
            (std::vector<std::string>{"1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12",
                                      "13.1", "14", "15", "16", "17", "18"}));
  EXPECT_EQ(postgres.dialect, "postgres");
  EXPECT_EQ(postgres.migrations[8].path, pg + "migration_postgres/V9__indexing_index_fix.sql");
  EXPECT_EQ(postgres.migrations[8].tx, TxShape::kNone);  // six CONCURRENTLY statements
  EXPECT_EQ(postgres.migrations[9].tx, TxShape::kPerMigration);
  EXPECT_EQ(Ids(sets[1]), (std::vector<std::string>{"13.2", "18.1"}));
  EXPECT_EQ(Ids(sets[2]), (std::vector<std::string>{"10.1"}));
  EXPECT_EQ(sets[1].dialect, "postgres");

  const MigrationSet& sqlite = sets[3];
  EXPECT_EQ(Ids(sqlite), (std::vector<std::string>{"1", "2", "3", "4", "5", "6", "7"}));
  EXPECT_EQ(sqlite.dialect, "sqlite");
  for (const MigrationSet& s : sets) {
    for (const Finding& f : s.findings) ADD_FAILURE() << f.code << " " << f.message;
    for (const Migration& m : s.migrations) EXPECT_FALSE(m.statements.empty()) << m.path;
  }
}

}  // namespace
}  // namespace sse
