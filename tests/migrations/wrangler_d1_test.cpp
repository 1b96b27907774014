#include <gtest/gtest.h>

#include <algorithm>

#include "core/migrations/detect.hpp"
#include "core/migrations/reader.hpp"
#include "core/migrations/wrangler_config.hpp"
#include "core/migrations/wrangler_migrations.hpp"
#include "tests/support/temp_dir.hpp"

namespace sse {
namespace {

// ---- helpers ----------------------------------------------------------------------------------

WranglerConfig Parse(const testing::TempDir& t, std::string_view name, std::string_view text) {
  fs::path p = t.Write(name, text);
  auto cfg = LoadWranglerConfig(p, std::string(name));
  EXPECT_TRUE(cfg.ok()) << (cfg.ok() ? "" : cfg.error().ToString());
  return cfg.ok() ? std::move(*cfg) : WranglerConfig{};
}

struct Probed {
  std::vector<Candidate> candidates;
  std::vector<Finding> findings;
};

Probed ProbeDir(const testing::TempDir& t, std::string_view rel = ".") {
  Probed out;
  fs::path dir = rel == "." ? t.path() : t.path() / rel;
  auto entries = ListDir(dir);
  EXPECT_TRUE(entries.ok());
  DirView view{dir, DisplayPath(t.path(), dir), &*entries};
  DetectContext ctx{t.path(), &out.findings};
  D1Reader().Probe(view, ctx, out.candidates);
  return out;
}

/// Detection (D1 only) and reading of every set under the temp dir.
struct Scan {
  std::vector<Finding> detect_findings;
  std::vector<Candidate> candidates;
  std::vector<MigrationSet> sets;
};

Scan ScanDir(const fs::path& root, const fs::path& cwd) {
  Scan s;
  DetectOptions opt;
  opt.cwd = cwd;
  opt.tool = Tool::kD1;
  auto det = DetectSets(root, opt);
  EXPECT_TRUE(det.ok());
  if (!det.ok()) return s;
  s.detect_findings = det->findings;
  s.candidates = det->candidates;
  s.sets = ReadSets(det->candidates, cwd);
  return s;
}

MigrationSet ReadOne(const testing::TempDir& t) {
  Scan s = ScanDir(t.path(), t.path());
  EXPECT_EQ(s.sets.size(), 1u);
  return s.sets.empty() ? MigrationSet{} : std::move(s.sets.front());
}

std::vector<std::string> Ids(const MigrationSet& set) {
  std::vector<std::string> out;
  for (const Migration& m : set.migrations) out.push_back(m.id);
  return out;
}

std::vector<const Finding*> WithCode(const std::vector<Finding>& fs, std::string_view code) {
  std::vector<const Finding*> out;
  for (const Finding& f : fs) {
    if (f.code == code) out.push_back(&f);
  }
  return out;
}

std::string Dump(const std::vector<Finding>& fs) {
  std::string out;
  for (const Finding& f : fs) {
    out += f.code + " " + (f.loc ? f.loc->path + ":" + std::to_string(f.loc->line) : "-") + " " +
           f.message + "\n";
  }
  return out;
}

constexpr std::string_view kSimpleToml =
    "name = \"app\"\n"
    "[[d1_databases]]\n"
    "binding = \"DB\"\n"
    "database_name = \"app-db\"\n"
    "database_id = \"1b2c3d4e-0000-4000-8000-00000000abcd\"\n";

// ---- WranglerConfig ---------------------------------------------------------------------------

TEST(WranglerConfig, TomlTopLevelAndEnvEntriesWithKeyLocations) {
  testing::TempDir t;
  WranglerConfig cfg = Parse(t, "wrangler.toml",
                             "name = \"app\"\n"                        // 1
                             "\n"                                      // 2
                             "[[d1_databases]]\n"                      // 3
                             "binding = \"DB\"\n"                      // 4
                             "database_name = \"app-db\"\n"            // 5
                             "database_id = \"id-1\"\n"                // 6
                             "preview_database_id = \"id-p\"\n"        // 7
                             "migrations_dir = \"db/migrations\"\n"    // 8
                             "migrations_table = \"ledger\"\n"         // 9
                             "\n"                                      // 10
                             "[env.staging]\n"                         // 11
                             "name = \"app-staging\"\n"                // 12
                             "[[env.staging.d1_databases]]\n"          // 13
                             "binding = \"DB\"\n"                      // 14
                             "database_name = \"app-db-staging\"\n");  // 15
  EXPECT_EQ(cfg.format, WranglerConfigFormat::kToml);
  EXPECT_EQ(cfg.name, "app");
  ASSERT_EQ(cfg.top.d1_databases.size(), 1u);
  const WranglerD1Database& db = cfg.top.d1_databases[0];
  EXPECT_EQ(db.loc.line, 3u);
  EXPECT_EQ(db.binding.value, "DB");
  EXPECT_EQ(db.binding.loc.line, 4u);
  EXPECT_EQ(db.binding.loc.column, 1u);
  EXPECT_EQ(db.database_name.value, "app-db");
  EXPECT_EQ(db.database_id.value, "id-1");
  EXPECT_EQ(db.preview_database_id.value, "id-p");
  EXPECT_EQ(db.preview_database_id.loc.line, 7u);
  EXPECT_EQ(db.migrations_dir.loc.line, 8u);
  EXPECT_EQ(db.MigrationsTable(), "ledger");
  EXPECT_EQ(db.MigrationsDir(), "db/migrations");
  EXPECT_EQ(db.MigrationsPattern(), "db/migrations/*.sql");
  EXPECT_EQ(db.DirRelativePattern(), "*.sql");
  EXPECT_EQ(db.FolderLoc().line, 8u);
  EXPECT_EQ(db.migrations_path, t.path() / "db/migrations");
  EXPECT_TRUE(db.problems.empty()) << Dump(db.problems);

  ASSERT_EQ(cfg.envs.size(), 1u);
  const WranglerEnv& env = cfg.envs[0];
  EXPECT_EQ(env.name, "staging");
  EXPECT_EQ(env.loc.line, 11u);
  ASSERT_EQ(env.d1_databases.size(), 1u);
  EXPECT_EQ(env.d1_databases[0].env, "staging");
  EXPECT_EQ(env.d1_databases[0].binding.loc.line, 14u);
  EXPECT_EQ(env.d1_databases[0].FolderLoc().line, 14u);  // migrations_dir defaulted
  EXPECT_EQ(env.d1_databases[0].migrations_path, t.path() / "migrations");

  EXPECT_EQ(cfg.ResolveD1("", "app-db"), &db);
  EXPECT_EQ(cfg.ResolveD1("", "DB"), &db);
  EXPECT_EQ(cfg.ResolveD1("", "id-1"), nullptr);  // ids never match
  EXPECT_EQ(cfg.ResolveD1("staging", "app-db"), nullptr);
  EXPECT_EQ(cfg.ResolveD1("staging", "DB"), &env.d1_databases[0]);
  EXPECT_EQ(&cfg.D1Databases("undefined-env"), &cfg.top.d1_databases);
  EXPECT_EQ(cfg.AllD1Databases().size(), 2u);
}

TEST(WranglerConfig, EnvWithoutD1DatabasesHasNoneAndEmptyListIsKept) {
  testing::TempDir t;
  WranglerConfig cfg = Parse(t, "wrangler.toml",
                             std::string(kSimpleToml) +
                                 "[env.production]\nname = \"p\"\n"
                                 "[env.dev]\nd1_databases = []\n");
  EXPECT_TRUE(cfg.D1Databases("production").empty());
  EXPECT_TRUE(cfg.D1Databases("dev").empty());
  EXPECT_FALSE(cfg.FindEnv("production")->has_d1_databases);
  EXPECT_TRUE(cfg.FindEnv("dev")->has_d1_databases);
}

TEST(WranglerConfig, JsoncWithCommentsAndTrailingCommas) {
  testing::TempDir t;
  WranglerConfig cfg = Parse(t, "wrangler.jsonc",
                             "// app config\n"                                               // 1
                             "{\n"                                                           // 2
                             "  \"name\": \"app\", /* inline */\n"                           // 3
                             "  \"d1_databases\": [\n"                                       // 4
                             "    {\n"                                                       // 5
                             "      \"binding\": \"DB\",\n"                                  // 6
                             "      \"database_name\": \"app-db\",\n"                        // 7
                             "      \"migrations_dir\": \"drizzle\",\n"                      // 8
                             "      \"migrations_pattern\": \"drizzle/*/migration.sql\",\n"  // 9
                             "    },\n"                                                      // 10
                             "  ],\n"                                                        // 11
                             "  \"env\": {\n"                                                // 12
                             "    \"staging\": {\n"                                          // 13
                             "      \"d1_databases\": [{ \"binding\": \"DB\" },],\n"         // 14
                             "    },\n"                                                      // 15
                             "  },\n"                                                        // 16
                             "}\n");
  EXPECT_EQ(cfg.format, WranglerConfigFormat::kJsonc);
  ASSERT_EQ(cfg.top.d1_databases.size(), 1u);
  const WranglerD1Database& db = cfg.top.d1_databases[0];
  EXPECT_EQ(db.loc.line, 5u);
  EXPECT_EQ(db.binding.loc.line, 6u);
  EXPECT_EQ(db.binding.loc.column, 7u);
  EXPECT_EQ(db.migrations_dir.loc.line, 8u);
  EXPECT_EQ(db.migrations_pattern.loc.line, 9u);
  EXPECT_EQ(db.DirRelativePattern(), "*/migration.sql");
  EXPECT_FALSE(db.PatternRejected());
  ASSERT_EQ(cfg.envs.size(), 1u);
  EXPECT_EQ(cfg.envs[0].loc.line, 13u);
  ASSERT_EQ(cfg.envs[0].d1_databases.size(), 1u);
  EXPECT_EQ(cfg.envs[0].d1_databases[0].binding.loc.line, 14u);
}

TEST(WranglerConfig, PlainJsonIsParsedAsJsoncToo) {
  testing::TempDir t;
  WranglerConfig cfg = Parse(t, "wrangler.json",
                             "{ // wrangler parses .json with jsonc-parser\n"
                             "  \"d1_databases\": [{\"binding\": \"DB\",},],\n}\n");
  EXPECT_EQ(cfg.format, WranglerConfigFormat::kJson);
  ASSERT_EQ(cfg.top.d1_databases.size(), 1u);
  EXPECT_EQ(cfg.top.d1_databases[0].binding.loc.line, 2u);
}

TEST(WranglerConfig, CrlfAndUtf8BomKeepLineNumbers) {
  testing::TempDir t;
  WranglerConfig toml = Parse(t, "a/wrangler.toml",
                              "\xEF\xBB\xBFname = \"x\"\r\n\r\n[[d1_databases]]\r\nbinding = "
                              "\"DB\"\r\nmigrations_dir = \"m\"\r\n");
  ASSERT_EQ(toml.top.d1_databases.size(), 1u);
  EXPECT_EQ(toml.top.d1_databases[0].binding.loc.line, 4u);
  EXPECT_EQ(toml.top.d1_databases[0].migrations_dir.loc.line, 5u);
  EXPECT_EQ(toml.top.d1_databases[0].migrations_dir.value, "m");
  WranglerConfig json =
      Parse(t, "b/wrangler.jsonc",
            "\xEF\xBB\xBF{\r\n  \"d1_databases\": [\r\n    {\"binding\": \"DB\"}\r\n  ]\r\n}\r\n");
  ASSERT_EQ(json.top.d1_databases.size(), 1u);
  EXPECT_EQ(json.top.d1_databases[0].binding.loc.line, 3u);
}

TEST(WranglerConfig, MalformedTomlAndJsoncReportLineAndColumn) {
  testing::TempDir t;
  fs::path toml = t.Write("wrangler.toml", "name = \"x\"\n[[d1_databases]]\nbinding = DB\n");
  auto a = LoadWranglerConfig(toml, "wrangler.toml");
  ASSERT_FALSE(a.ok());
  ASSERT_TRUE(a.error().loc.has_value());
  EXPECT_EQ(a.error().loc->path, "wrangler.toml");
  EXPECT_EQ(a.error().loc->line, 3u);
  EXPECT_GT(a.error().loc->column, 1u);

  fs::path jsonc =
      t.Write("wrangler.jsonc", "{\n  \"d1_databases\": [\n    {\"binding\": \"DB\"\n  ]\n}\n");
  auto b = LoadWranglerConfig(jsonc, "wrangler.jsonc");
  ASSERT_FALSE(b.ok());
  ASSERT_TRUE(b.error().loc.has_value());
  EXPECT_EQ(b.error().loc->line, 4u);
}

TEST(WranglerConfig, Utf16ByteOrderMarkIsRefused) {
  testing::TempDir t;
  fs::path p = t.Write("wrangler.toml", std::string("\xFF\xFEn\0a\0", 6));
  auto cfg = LoadWranglerConfig(p, "wrangler.toml");
  ASSERT_FALSE(cfg.ok());
  EXPECT_NE(cfg.error().message.find("UTF-16 LE"), std::string::npos);
}

TEST(WranglerConfig, EmptyTomlHasNoDatabasesEmptyJsonIsAnError) {
  testing::TempDir t;
  WranglerConfig cfg = Parse(t, "wrangler.toml", "");
  EXPECT_TRUE(cfg.AllD1Databases().empty());
  fs::path p = t.Write("x/wrangler.json", "");
  EXPECT_FALSE(LoadWranglerConfig(p, "x/wrangler.json").ok());
}

TEST(WranglerConfig, ShapeProblemsAreFindingsWithTheirLines) {
  testing::TempDir t;
  WranglerConfig cfg = Parse(t, "wrangler.toml",
                             "[[d1_databases]]\n"          // 1
                             "database_name = \"a\"\n"     // 2
                             "migrations_dir = 5\n"        // 3
                             "migration_dir = \"db\"\n");  // 4
  ASSERT_EQ(cfg.top.d1_databases.size(), 1u);
  const auto& problems = cfg.top.d1_databases[0].problems;
  ASSERT_EQ(problems.size(), 3u) << Dump(problems);
  EXPECT_NE(problems[0].message.find("has no `binding`"), std::string::npos);
  EXPECT_EQ(problems[0].loc->line, 1u);
  EXPECT_EQ(problems[0].severity, Severity::kError);
  EXPECT_NE(problems[1].message.find("must be a string, got an integer (5)"), std::string::npos);
  EXPECT_EQ(problems[1].loc->line, 3u);
  EXPECT_NE(problems[2].message.find("did you mean `migrations_dir`?"), std::string::npos);
  EXPECT_EQ(problems[2].loc->line, 4u);
  EXPECT_EQ(problems[2].severity, Severity::kWarning);
  // A non-string migrations_dir is ignored: the default folder applies.
  EXPECT_EQ(cfg.top.d1_databases[0].MigrationsDir(), "migrations");

  WranglerConfig bad = Parse(t, "b/wrangler.toml", "d1_databases = \"DB\"\n");
  ASSERT_EQ(bad.problems.size(), 1u);
  EXPECT_EQ(bad.problems[0].loc->line, 1u);
}

TEST(WranglerConfig, NormalizesPathsLikeWrangler) {
  EXPECT_EQ(NormalizeWranglerPath("./migrations"), "migrations");
  EXPECT_EQ(NormalizeWranglerPath("migrations/"), "migrations");
  EXPECT_EQ(NormalizeWranglerPath("db\\migrations"), "db/migrations");
  EXPECT_EQ(NormalizeWranglerPath("a/./b//c/../d"), "a/b/d");
  EXPECT_EQ(NormalizeWranglerPath("../shared/migrations"), "../shared/migrations");
  EXPECT_EQ(NormalizeWranglerPath(""), ".");
  EXPECT_EQ(NormalizeWranglerPath("./"), ".");
  EXPECT_EQ(NormalizeWranglerPath("/abs/dir/"), "/abs/dir");
}

TEST(WranglerConfig, PatternMustStartWithMigrationsDir) {
  WranglerD1Database db;
  db.migrations_pattern = {true, true, "drizzle/*/migration.sql", {}};
  EXPECT_TRUE(db.PatternRejected());  // no migrations_dir
  EXPECT_EQ(db.MigrationsPattern(), "migrations/*.sql");
  db.migrations_dir = {true, true, "./drizzle/", {}};
  EXPECT_FALSE(db.PatternRejected());
  EXPECT_EQ(db.DirRelativePattern(), "*/migration.sql");
  db.migrations_dir = {true, true, "db", {}};
  EXPECT_TRUE(db.PatternRejected());
  EXPECT_EQ(db.DirRelativePattern(), "*.sql");
  db.migrations_dir = {true, true, ".", {}};
  EXPECT_FALSE(db.PatternRejected());
  EXPECT_EQ(db.DirRelativePattern(), "drizzle/*/migration.sql");
}

TEST(WranglerConfig, FindsConfigLikeWranglerJsonFirstUpward) {
  testing::TempDir t;
  t.Write("wrangler.json", "{}");
  t.Write("app/wrangler.toml", "");
  t.Write("app/wrangler.jsonc", "{}");
  // wrangler.json in the parent beats both files of app/.
  EXPECT_EQ(FindWranglerConfig(t.path() / "app"), t.path() / "wrangler.json");
  EXPECT_EQ(WranglerConfigIn(t.path() / "app"), t.path() / "app/wrangler.jsonc");
  EXPECT_FALSE(WranglerConfigIn(t.path() / "nowhere").has_value());
}

// ---- ordering and selection -------------------------------------------------------------------

TEST(D1Order, ComparesLikeCompareMigrationPaths) {
  auto less = [](std::string_view a, std::string_view b) {
    return CompareD1MigrationPaths(a, b) < 0;
  };
  EXPECT_TRUE(less("9_b.sql", "10_c.sql"));
  EXPECT_TRUE(less("0001_a.sql", "9_b.sql"));
  EXPECT_TRUE(less("10_c.sql", "init.sql"));  // numbered before unnumbered
  EXPECT_TRUE(less("0015_a.sql", "0015_b.sql"));
  EXPECT_TRUE(less("01_b.sql", "1_a.sql"));  // equal numbers: plain string order
  EXPECT_TRUE(less("0003_x/migration.sql", "0004_a.sql"));
  EXPECT_TRUE(less("0003_x/a.sql", "0003_x/b/c.sql"));
  EXPECT_TRUE(less("A.sql", "a.sql"));
  // JS compares UTF-16 code units: U+FF5E sorts after U+1F600 (a surrogate pair).
  EXPECT_TRUE(less("\xF0\x9F\x98\x80.sql", "\xEF\xBD\x9E.sql"));
  EXPECT_EQ(CompareD1MigrationPaths("0001_a.sql", "0001_a.sql"), 0);
}

TEST(D1Order, LeadingNumberIsParseInt) {
  EXPECT_EQ(ParseD1LeadingNumber("0001_init.sql").text, "1");
  EXPECT_EQ(ParseD1LeadingNumber("0000_x.sql").text, "0");
  EXPECT_EQ(ParseD1LeadingNumber("12.sql").text, "12");
  EXPECT_EQ(ParseD1LeadingNumber("7-init.sql").text, "7");
  EXPECT_EQ(ParseD1LeadingNumber(" 3_x.sql").text, "3");
  EXPECT_EQ(ParseD1LeadingNumber("-2_x.sql").text, "-2");
  EXPECT_EQ(ParseD1LeadingNumber("+5_x.sql").text, "5");
  EXPECT_FALSE(ParseD1LeadingNumber("init.sql").is_number);
  EXPECT_FALSE(ParseD1LeadingNumber("v1_x.sql").is_number);
  D1LeadingNumber huge = ParseD1LeadingNumber(std::string(400, '9') + "_x.sql");
  EXPECT_TRUE(huge.is_number);
  EXPECT_FALSE(huge.finite);
}

TEST(D1Order, PatternMatcherFollowsMinimatchWithoutDotfiles) {
  D1PatternMatcher sql("*.sql");
  EXPECT_TRUE(sql.Match("0001_a.sql"));
  EXPECT_FALSE(sql.Match(".0001_a.sql"));
  EXPECT_FALSE(sql.Match("0001_a.SQL"));
  EXPECT_FALSE(sql.Match("sub/0001_a.sql"));
  EXPECT_FALSE(sql.Match("sub", true));
  D1PatternMatcher nested("*/migration.sql");
  EXPECT_TRUE(nested.Match("0003_x", true));
  EXPECT_TRUE(nested.Match("0003_x/migration.sql"));
  EXPECT_FALSE(nested.Match(".hidden/migration.sql"));
  D1PatternMatcher deep("**/*.sql");
  EXPECT_TRUE(deep.Match("a.sql"));
  EXPECT_TRUE(deep.Match("a/b/c.sql"));
  EXPECT_TRUE(deep.Match("a/b", true));
  EXPECT_FALSE(deep.Match(".git/x.sql"));
  D1PatternMatcher braces("{up,down}/*.{sql,SQL}");
  EXPECT_TRUE(braces.Match("down/x.SQL"));
  EXPECT_FALSE(braces.Match("side/x.sql"));
}

// ---- the reader -------------------------------------------------------------------------------

TEST(D1Reader, WildebeestCorpusReadsElevenMigrationsInOrder) {
  fs::path root = testing::CorporaDir() / "d1/wildebeest";
  ASSERT_TRUE(fs::is_regular_file(root / "wrangler.toml")) << root;
  Scan s = ScanDir(root, root);
  for (const Finding& f : s.detect_findings) ADD_FAILURE() << f.code << " " << f.message;
  ASSERT_EQ(s.sets.size(), 1u);
  const MigrationSet& set = s.sets[0];
  EXPECT_EQ(set.tool, Tool::kD1);
  EXPECT_EQ(set.dialect, "d1");
  EXPECT_EQ(set.root, "migrations");
  EXPECT_EQ(set.config_path, "wrangler.toml");
  ASSERT_EQ(set.migrations.size(), 11u);
  EXPECT_EQ(set.migrations.front().id, "0000_initial.sql");
  EXPECT_EQ(set.migrations.front().version, "0");
  EXPECT_EQ(set.migrations.front().name, "initial");
  EXPECT_EQ(set.migrations.back().id, "0010_add_ui_client.sql");
  EXPECT_EQ(set.migrations.back().version, "10");
  EXPECT_EQ(set.migrations.back().path, "migrations/0010_add_ui_client.sql");
  for (size_t i = 1; i < set.migrations.size(); ++i) {
    EXPECT_LT(std::stoi(set.migrations[i - 1].version), std::stoi(set.migrations[i].version));
    EXPECT_EQ(set.migrations[i].parents.at(0).index, static_cast<int>(i - 1));
  }
  ASSERT_EQ(set.d1_bindings.size(), 1u);
  EXPECT_EQ(set.d1_bindings[0].binding, "DATABASE");
  EXPECT_EQ(set.d1_bindings[0].database_name, "wildebeest");
  EXPECT_EQ(set.files.front(), "wrangler.toml");
  EXPECT_EQ(set.files.size(), 12u);
  for (const Finding& f : set.findings) ADD_FAILURE() << f.code << " " << f.message;
}

TEST(D1Reader, ProbeEmitsOneCandidatePerFolderWithEveryBinding) {
  testing::TempDir t;
  t.Write("wrangler.toml",
          "[[d1_databases]]\n"                      // 1
          "binding = \"DB\"\n"                      // 2
          "database_name = \"app\"\n"               // 3
          "[[d1_databases]]\n"                      // 4
          "binding = \"LOGS\"\n"                    // 5
          "migrations_dir = \"logs-migrations\"\n"  // 6
          "[env.staging]\n"                         // 7
          "[[env.staging.d1_databases]]\n"          // 8
          "binding = \"DB\"\n"                      // 9
          "migrations_dir = \"./migrations/\"\n");  // 10
  t.Write("migrations/0001_a.sql", "CREATE TABLE a (id INTEGER);\n");
  t.Write("logs-migrations/0001_l.sql", "CREATE TABLE l (id INTEGER);\n");
  Probed p = ProbeDir(t);
  EXPECT_TRUE(p.findings.empty());
  ASSERT_EQ(p.candidates.size(), 2u);
  const Candidate& main = p.candidates[0];
  EXPECT_EQ(main.tool, Tool::kD1);
  EXPECT_EQ(main.evidence, Evidence::kConfig);
  EXPECT_EQ(main.display, "migrations");
  EXPECT_EQ(main.dialect, "d1");
  EXPECT_EQ(main.config_path, "wrangler.toml");
  EXPECT_EQ(main.config_loc.line, 2u);  // migrations_dir defaulted: the binding line
  ASSERT_EQ(main.d1_bindings.size(), 2u);
  EXPECT_EQ(main.d1_bindings[0].env, "");
  EXPECT_EQ(main.d1_bindings[0].loc.line, 2u);
  EXPECT_EQ(main.d1_bindings[1].env, "staging");
  EXPECT_EQ(main.d1_bindings[1].loc.line, 9u);
  EXPECT_EQ(main.options.at("migrations_table"), "d1_migrations");
  const Candidate& logs = p.candidates[1];
  EXPECT_EQ(logs.display, "logs-migrations");
  EXPECT_EQ(logs.config_loc.line, 6u);  // the migrations_dir line
  ASSERT_EQ(logs.d1_bindings.size(), 1u);
  EXPECT_EQ(logs.d1_bindings[0].binding, "LOGS");
}

TEST(D1Reader, ConfigWithoutD1DatabasesDeclaresNothing) {
  testing::TempDir t;
  t.Write("wrangler.toml", "name = \"app\"\n[[kv_namespaces]]\nbinding = \"KV\"\n");
  t.Write("migrations/0001_a.sql", "SELECT 1;\n");
  Probed p = ProbeDir(t);
  EXPECT_TRUE(p.candidates.empty());
  EXPECT_TRUE(p.findings.empty());
}

TEST(D1Reader, MalformedConfigsAreSch011WithLineAndColumn) {
  testing::TempDir t;
  t.Write("a/wrangler.toml", "[[d1_databases]]\nbinding = \"DB\"\ndatabase_name = \"x\n");
  t.Write("b/wrangler.jsonc",
          "{\n  // c\n  \"d1_databases\": [\n    {\"binding\": \"DB\",,}\n  ]\n}\n");
  Scan s = ScanDir(t.path(), t.path());
  ASSERT_EQ(s.detect_findings.size(), 2u) << Dump(s.detect_findings);
  const Finding& toml = s.detect_findings[0];
  EXPECT_EQ(toml.code, "SCH011");
  EXPECT_EQ(toml.loc->path, "a/wrangler.toml");
  EXPECT_EQ(toml.loc->line, 3u);
  EXPECT_GT(toml.loc->column, 0u);
  EXPECT_NE(toml.message.find("malformed wrangler.toml"), std::string::npos);
  const Finding& jsonc = s.detect_findings[1];
  EXPECT_EQ(jsonc.code, "SCH011");
  EXPECT_EQ(jsonc.loc->path, "b/wrangler.jsonc");
  EXPECT_EQ(jsonc.loc->line, 4u);
  EXPECT_EQ(jsonc.loc->column, 22u);  // the second ','
}

TEST(D1Reader, OrdersFilesLikeWrangler498AndSplitsStatements) {
  testing::TempDir t;
  t.Write("wrangler.toml", kSimpleToml);
  t.Write("migrations/10_c.sql", "CREATE TABLE c (id INTEGER);\n");
  t.Write("migrations/9_b.sql", "CREATE TABLE b (id INTEGER);\nINSERT INTO b VALUES (1);\n");
  t.Write("migrations/0001_a.sql", "CREATE TABLE a (id INTEGER); -- first\nSELECT ';';\n");
  t.Write("migrations/init.sql", "CREATE TABLE i (id INTEGER);\n");
  t.Write("migrations/README.md", "# migrations\n");
  t.Write("migrations/.gitkeep", "");
  MigrationSet set = ReadOne(t);
  EXPECT_EQ(Ids(set), (std::vector<std::string>{"0001_a.sql", "9_b.sql", "10_c.sql", "init.sql"}));
  EXPECT_EQ(set.migrations[0].version, "1");
  EXPECT_EQ(set.migrations[0].name, "a");
  EXPECT_EQ(set.migrations[1].version, "9");
  EXPECT_EQ(set.migrations[2].version, "10");
  EXPECT_EQ(set.migrations[3].version, "");
  EXPECT_EQ(set.migrations[3].name, "init");
  EXPECT_EQ(set.migrations[0].chunks.size(), 2u);
  EXPECT_EQ(set.migrations[0].statements.size(), 2u);
  EXPECT_EQ(set.migrations[1].chunks.size(), 2u);
  for (const Migration& m : set.migrations) EXPECT_EQ(m.tx, TxShape::kAtomicBatch);
  EXPECT_EQ(set.files, (std::vector<std::string>{"wrangler.toml", "migrations/0001_a.sql",
                                                 "migrations/9_b.sql", "migrations/10_c.sql",
                                                 "migrations/init.sql"}));
  EXPECT_TRUE(set.findings.empty()) << Dump(set.findings);
}

TEST(D1Reader, TriggerBodyIsOneChunk) {
  testing::TempDir t;
  t.Write("wrangler.toml", kSimpleToml);
  t.Write("migrations/0001_t.sql",
          "CREATE TABLE a (id INTEGER, n INTEGER);\r\n"
          "CREATE TRIGGER t AFTER INSERT ON a BEGIN\r\n"
          "  UPDATE a SET n = 1 WHERE id = NEW.id;\r\n"
          "  UPDATE a SET n = 2 WHERE id = NEW.id;\r\n"
          "END;\r\n");
  MigrationSet set = ReadOne(t);
  ASSERT_EQ(set.migrations.size(), 1u);
  EXPECT_EQ(set.migrations[0].chunks.size(), 2u);
  EXPECT_TRUE(set.findings.empty()) << Dump(set.findings);
}

TEST(D1Reader, NestedDrizzleLayoutWithPattern) {
  testing::TempDir t;
  t.Write("wrangler.jsonc",
          "{\"d1_databases\": [{\"binding\": \"DB\", \"migrations_dir\": \"drizzle\",\n"
          "  \"migrations_pattern\": \"drizzle/*/migration.sql\"}]}\n");
  t.Write("drizzle/0003_x/migration.sql", "CREATE TABLE x (id INTEGER);\n");
  t.Write("drizzle/0003_x/snapshot.json", "{}");
  t.Write("drizzle/10_late/migration.sql", "CREATE TABLE l (id INTEGER);\n");
  t.Write("drizzle/9_nine/migration.sql", "CREATE TABLE n (id INTEGER);\n");
  t.Write("drizzle/0001_a/migration.sql", "CREATE TABLE a (id INTEGER);\n");
  MigrationSet set = ReadOne(t);
  EXPECT_EQ(Ids(set), (std::vector<std::string>{"0001_a/migration.sql", "0003_x/migration.sql",
                                                "9_nine/migration.sql", "10_late/migration.sql"}));
  EXPECT_EQ(set.migrations[1].version, "3");
  EXPECT_EQ(set.migrations[1].name, "x");
  EXPECT_EQ(set.migrations[1].path, "drizzle/0003_x/migration.sql");
  EXPECT_TRUE(set.findings.empty()) << Dump(set.findings);
}

TEST(D1Reader, DrizzleLayoutWithoutPatternIsSch017) {
  testing::TempDir t;
  t.Write("wrangler.toml",
          "[[d1_databases]]\nbinding = \"DB\"\nmigrations_dir = \"drizzle\"\n");  // dir on 3
  t.Write("drizzle/0000_a/migration.sql", "CREATE TABLE a (id INTEGER);\n");
  t.Write("drizzle/0001_b/migration.sql", "CREATE TABLE b (id INTEGER);\n");
  MigrationSet set = ReadOne(t);
  EXPECT_TRUE(set.migrations.empty());
  auto f = WithCode(set.findings, "SCH017");
  ASSERT_EQ(f.size(), 1u) << Dump(set.findings);
  EXPECT_EQ(f[0]->loc->path, "wrangler.toml");
  EXPECT_EQ(f[0]->loc->line, 3u);
  EXPECT_NE(f[0]->message.find("'0000_a/migration.sql' and 1 more"), std::string::npos);
  EXPECT_NE(f[0]->help.find("drizzle/*/migration.sql"), std::string::npos);
  EXPECT_EQ(f[0]->related.at(0).loc.path, "drizzle/0000_a/migration.sql");
}

TEST(D1Reader, DuplicatePrefixesAreBothReadInWranglerOrder) {
  testing::TempDir t;
  t.Write("wrangler.toml", kSimpleToml);
  t.Write("migrations/0003_b.sql", "CREATE TABLE b (id INTEGER);\n");
  t.Write("migrations/0003_a.sql", "CREATE TABLE a (id INTEGER);\n");
  t.Write("migrations/3_c.sql", "CREATE TABLE c (id INTEGER);\n");
  MigrationSet set = ReadOne(t);
  // Equal numbers fall back to string order; SCH004/SCH006 are the linter's.
  EXPECT_EQ(Ids(set), (std::vector<std::string>{"0003_a.sql", "0003_b.sql", "3_c.sql"}));
  for (const Migration& m : set.migrations) EXPECT_EQ(m.version, "3");
  EXPECT_TRUE(set.findings.empty()) << Dump(set.findings);
}

TEST(D1Reader, MissingMigrationsDirIsSch014AtItsLine) {
  testing::TempDir t;
  t.Write("wrangler.toml",
          "[[d1_databases]]\n"                    // 1
          "binding = \"DB\"\n"                    // 2
          "migrations_dir = \"db/migrations\"\n"  // 3
          "[[d1_databases]]\n"                    // 4
          "binding = \"OTHER\"\n");               // 5: default ./migrations, missing too
  Scan s = ScanDir(t.path(), t.path());
  ASSERT_EQ(s.sets.size(), 2u);
  const MigrationSet* named = nullptr;
  const MigrationSet* defaulted = nullptr;
  for (const MigrationSet& set : s.sets) (set.root == "db/migrations" ? named : defaulted) = &set;
  ASSERT_TRUE(named && defaulted);
  auto f = WithCode(named->findings, "SCH014");
  ASSERT_EQ(f.size(), 1u) << Dump(named->findings);
  EXPECT_EQ(f[0]->severity, Severity::kError);
  EXPECT_EQ(f[0]->message,
            "wrangler: No migrations present at db/migrations: migrations_dir 'db/migrations' "
            "does not exist");
  EXPECT_EQ(f[0]->loc->line, 3u);
  ASSERT_EQ(f[0]->related.size(), 1u);
  EXPECT_EQ(f[0]->related[0].loc.line, 2u);
  auto g = WithCode(defaulted->findings, "SCH014");
  ASSERT_EQ(g.size(), 1u) << Dump(defaulted->findings);
  EXPECT_EQ(g[0]->severity, Severity::kWarning);
  EXPECT_EQ(g[0]->loc->line, 5u);
  EXPECT_TRUE(named->migrations.empty());
}

TEST(D1Reader, MigrationsPatternProblemsAreSch014) {
  testing::TempDir t;
  t.Write("wrangler.toml",
          "[[d1_databases]]\n"                                     // 1
          "binding = \"A\"\n"                                      // 2
          "migrations_pattern = \"migrations/*/migration.sql\"\n"  // 3
          "[[d1_databases]]\n"                                     // 4
          "binding = \"B\"\n"                                      // 5
          "migrations_dir = \"db\"\n"                              // 6
          "migrations_pattern = \"drizzle/*.sql\"\n");             // 7
  t.Write("migrations/0001_a.sql", "SELECT 1;\n");
  t.Write("db/0001_b.sql", "SELECT 1;\n");
  Scan s = ScanDir(t.path(), t.path());
  ASSERT_EQ(s.sets.size(), 2u);
  std::vector<Finding> all;
  for (const MigrationSet& set : s.sets) {
    all.insert(all.end(), set.findings.begin(), set.findings.end());
    EXPECT_EQ(set.migrations.size(), 1u);  // read with the default pattern
  }
  auto f = WithCode(all, "SCH014");
  ASSERT_EQ(f.size(), 2u) << Dump(all);
  std::sort(f.begin(), f.end(), [](auto* a, auto* b) { return a->loc->line < b->loc->line; });
  EXPECT_EQ(f[0]->loc->line, 3u);
  EXPECT_NE(f[0]->message.find("without migrations_dir"), std::string::npos);
  EXPECT_EQ(f[0]->related.at(0).loc.line, 2u);
  EXPECT_EQ(f[1]->loc->line, 7u);
  EXPECT_NE(f[1]->message.find("does not start with 'db/'"), std::string::npos);
  EXPECT_EQ(f[1]->related.at(0).loc.line, 6u);
}

TEST(D1Reader, TopLevelBindingNotInheritedByEnvIsAWarning) {
  testing::TempDir t;
  t.Write("wrangler.toml",
          "[[d1_databases]]\n"  // 1
          "binding = \"DB\"\n"  // 2
          "[env.production]\n"  // 3
          "[[env.production.kv_namespaces]]\n"
          "binding = \"KV\"\n"
          "[env.staging]\n"  // 6
          "[[env.staging.d1_databases]]\n"
          "binding = \"DB\"\n");
  t.Write("migrations/0001_a.sql", "SELECT 1;\n");
  MigrationSet set = ReadOne(t);
  auto f = WithCode(set.findings, "SCH014");
  ASSERT_EQ(f.size(), 1u) << Dump(set.findings);
  EXPECT_EQ(f[0]->severity, Severity::kWarning);
  EXPECT_EQ(f[0]->loc->line, 3u);
  EXPECT_NE(f[0]->message.find("not in env.production"), std::string::npos);
  EXPECT_NE(f[0]->message.find("not inherited"), std::string::npos);
  EXPECT_EQ(f[0]->related.at(0).loc.line, 2u);
}

TEST(D1Reader, DuplicateBindingInOneListIsAnError) {
  testing::TempDir t;
  t.Write("wrangler.toml",
          "[[d1_databases]]\nbinding = \"DB\"\ndatabase_name = \"a\"\n"  // 1-3
          "[[d1_databases]]\nbinding = \"DB\"\ndatabase_name = \"b\"\n"  // 4-6
          "[env.x]\n[[env.x.d1_databases]]\nbinding = \"DB\"\n");        // same name, other list
  t.Write("migrations/0001_a.sql", "SELECT 1;\n");
  MigrationSet set = ReadOne(t);
  auto f = WithCode(set.findings, "SCH014");
  ASSERT_EQ(f.size(), 1u) << Dump(set.findings);
  EXPECT_EQ(f[0]->severity, Severity::kError);
  EXPECT_EQ(f[0]->loc->line, 5u);
  EXPECT_EQ(f[0]->related.at(0).loc.line, 2u);
  EXPECT_NE(f[0]->message.find("defined twice"), std::string::npos);
}

TEST(D1Reader, ANonTableEntryDoesNotShiftTheComparisons) {
  testing::TempDir t;
  t.Write("wrangler.jsonc",
          "{\"d1_databases\": [1,\n {\"binding\": \"A\"},\n {\"binding\": \"B\"}]}\n");
  t.Write("migrations/0001_a.sql", "SELECT 1;\n");
  MigrationSet set = ReadOne(t);
  auto f = WithCode(set.findings, "SCH014");
  ASSERT_EQ(f.size(), 1u) << Dump(set.findings);  // only the non-table entry
  EXPECT_NE(f[0]->message.find("`d1_databases[0]` must be a table"), std::string::npos);
}

// Seed incident 004: `wrangler d1 migrations apply <database name>` where the binding was
// expected. With a database_name equal to another entry's binding, the argument silently
// resolves to the first entry that matches either.
TEST(D1Reader, Seed004DatabaseNameEqualToAnotherBindingIsAnError) {
  testing::TempDir t;
  t.Write("wrangler.toml",
          "name = \"wetechfounders-com\"\n"                             // 1
          "[[d1_databases]]\n"                                          // 2
          "binding = \"wetechfounders-com-development-db\"\n"           // 3
          "database_name = \"legacy-db\"\n"                             // 4
          "[[d1_databases]]\n"                                          // 5
          "binding = \"DB\"\n"                                          // 6
          "database_name = \"wetechfounders-com-development-db\"\n"     // 7
          "database_id = \"6ee5ccd4-930b-483d-9ae4-d9dbf0e0eff6\"\n");  // 8
  t.Write("migrations/0001_init.sql", "CREATE TABLE t (id INTEGER);\n");
  MigrationSet set = ReadOne(t);
  auto f = WithCode(set.findings, "SCH014");
  ASSERT_EQ(f.size(), 1u) << Dump(set.findings);
  EXPECT_EQ(f[0]->severity, Severity::kError);
  EXPECT_EQ(f[0]->loc->line, 7u);
  EXPECT_NE(f[0]->message.find("`wrangler d1 migrations apply wetechfounders-com-development-db`"),
            std::string::npos);
  EXPECT_NE(f[0]->message.find("migrates binding 'wetechfounders-com-development-db' (database "
                               "'legacy-db')"),
            std::string::npos);
  EXPECT_EQ(f[0]->related.at(0).loc.line, 3u);
  EXPECT_NE(f[0]->help.find("pass the binding (DB)"), std::string::npos);

  // The other way round: a binding equal to an earlier entry's database_name.
  testing::TempDir u;
  u.Write("wrangler.jsonc",
          "{\n"
          "  \"d1_databases\": [\n"
          "    {\"binding\": \"DB\", \"database_name\": \"ANALYTICS\"},\n"    // 3
          "    {\"binding\": \"ANALYTICS\", \"database_name\": \"stats\"}\n"  // 4
          "  ]\n"
          "}\n");
  u.Write("migrations/0001_init.sql", "SELECT 1;\n");
  MigrationSet set2 = ReadOne(u);
  auto g = WithCode(set2.findings, "SCH014");
  ASSERT_EQ(g.size(), 1u) << Dump(set2.findings);
  EXPECT_EQ(g[0]->loc->line, 4u);
  EXPECT_NE(g[0]->message.find("so it migrates binding 'DB' (database 'ANALYTICS'), never binding "
                               "'ANALYTICS'"),
            std::string::npos);
}

TEST(D1Reader, PreviewDatabaseIdIsAWarning) {
  testing::TempDir t;
  t.Write("wrangler.toml",
          "[[d1_databases]]\nbinding = \"DB\"\ndatabase_id = \"a\"\npreview_database_id = \"b\"\n");
  t.Write("migrations/0001_a.sql", "SELECT 1;\n");
  MigrationSet set = ReadOne(t);
  auto f = WithCode(set.findings, "SCH014");
  ASSERT_EQ(f.size(), 1u) << Dump(set.findings);
  EXPECT_EQ(f[0]->severity, Severity::kWarning);
  EXPECT_EQ(f[0]->loc->line, 4u);
  EXPECT_NE(f[0]->message.find("diverge"), std::string::npos);
}

TEST(D1Reader, MissingBindingIsAnError) {
  testing::TempDir t;
  t.Write("wrangler.toml", "name = \"x\"\n[[d1_databases]]\ndatabase_name = \"db\"\n");
  t.Write("migrations/0001_a.sql", "SELECT 1;\n");
  MigrationSet set = ReadOne(t);
  auto f = WithCode(set.findings, "SCH014");
  ASSERT_EQ(f.size(), 1u) << Dump(set.findings);
  EXPECT_EQ(f[0]->severity, Severity::kError);
  EXPECT_EQ(f[0]->loc->line, 2u);
  EXPECT_EQ(set.migrations.size(), 1u);
}

TEST(D1Reader, FilesWranglerSkipsAreSch017) {
  testing::TempDir t;
  t.Write("wrangler.toml", kSimpleToml);
  t.Write("migrations/0001_a.sql", "SELECT 1;\n");
  t.Write("migrations/0002_b.SQL", "SELECT 2;\n");
  t.Write("migrations/0003_c.sq", "SELECT 3;\n");
  t.Write("migrations/.0004_d.sql", "SELECT 4;\n");
  t.Write("migrations/README.md", "x");
  t.Write("migrations/.gitkeep", "");
  t.Write("migrations/.DS_Store", "");
  t.Write("migrations/archive/0000_old.sql", "SELECT 0;\n");
  MigrationSet set = ReadOne(t);
  EXPECT_EQ(Ids(set), (std::vector<std::string>{"0001_a.sql"}));
  auto f = WithCode(set.findings, "SCH017");
  ASSERT_EQ(f.size(), 3u) << Dump(set.findings);
  EXPECT_EQ(f[0]->loc->path, "migrations/.0004_d.sql");
  EXPECT_EQ(f[1]->loc->path, "migrations/0002_b.SQL");
  EXPECT_NE(f[1]->message.find("case-sensitive"), std::string::npos);
  EXPECT_EQ(f[2]->loc->path, "migrations/0003_c.sq");
  for (const Finding* x : f) EXPECT_EQ(x->severity, Severity::kWarning);
}

TEST(D1Reader, ProjectFolderAsMigrationsDirOnlyTakesSqlFiles) {
  testing::TempDir t;
  t.Write("wrangler.toml", "[[d1_databases]]\nbinding = \"DB\"\nmigrations_dir = \".\"\n");
  t.Write("package.json", "{}");
  t.Write("src/index.ts", "export default {};\n");
  t.Write("0001_a.sql", "SELECT 1;\n");
  MigrationSet set = ReadOne(t);
  EXPECT_EQ(set.root, ".");
  EXPECT_EQ(Ids(set), (std::vector<std::string>{"0001_a.sql"}));
  EXPECT_EQ(set.migrations[0].path, "0001_a.sql");
  EXPECT_TRUE(set.findings.empty()) << Dump(set.findings);
}

TEST(D1Reader, DownScriptsAndSymlinksAreSch017) {
  testing::TempDir t;
  t.Write("wrangler.toml", kSimpleToml);
  t.Write("migrations/0001_a.up.sql", "CREATE TABLE a (id INTEGER);\n");
  t.Write("migrations/0001_a.down.sql", "DROP TABLE a;\n");
  t.Write("shared/0002_b.sql", "SELECT 2;\n");
  fs::create_symlink(t.path() / "shared/0002_b.sql", t.path() / "migrations/0002_b.sql");
  MigrationSet set = ReadOne(t);
  EXPECT_EQ(Ids(set), (std::vector<std::string>{"0001_a.down.sql", "0001_a.up.sql"}));
  auto f = WithCode(set.findings, "SCH017");
  ASSERT_EQ(f.size(), 2u) << Dump(set.findings);
  EXPECT_NE(f[0]->message.find("symbolic link"), std::string::npos);
  EXPECT_EQ(f[0]->loc->path, "migrations/0002_b.sql");
  EXPECT_NE(f[1]->message.find("as a forward migration"), std::string::npos);
}

TEST(D1Reader, LastStatementWithoutSemicolonIsSch011) {
  testing::TempDir t;
  t.Write("wrangler.toml", kSimpleToml);
  t.Write("migrations/0001_a.sql", "CREATE TABLE a (id INTEGER);\nCREATE TABLE b (id INTEGER)\n");
  t.Write("migrations/0002_b.sql", "-- only a comment\n");
  t.Write("migrations/0003_c.sql", "");
  MigrationSet set = ReadOne(t);
  ASSERT_EQ(set.migrations.size(), 3u);
  auto f = WithCode(set.findings, "SCH011");
  ASSERT_EQ(f.size(), 1u) << Dump(set.findings);
  EXPECT_EQ(f[0]->loc->path, "migrations/0001_a.sql");
  EXPECT_EQ(f[0]->loc->line, 2u);
  EXPECT_NE(f[0]->message.find("INSERT INTO \"d1_migrations\""), std::string::npos);
  EXPECT_TRUE(set.migrations[1].statements.empty());
  EXPECT_TRUE(set.migrations[2].statements.empty());
}

TEST(D1Reader, ByteOrderMarkInAMigrationIsSch011) {
  testing::TempDir t;
  t.Write("wrangler.toml", kSimpleToml);
  t.Write("migrations/0001_a.sql",
          "\xEF\xBB\xBF"
          "CREATE TABLE a (id INTEGER);\r\n");
  MigrationSet set = ReadOne(t);
  ASSERT_EQ(set.migrations.size(), 1u);
  auto f = WithCode(set.findings, "SCH011");
  ASSERT_EQ(f.size(), 1u) << Dump(set.findings);
  EXPECT_EQ(f[0]->loc->line, 1u);
  EXPECT_EQ(set.migrations[0].statements.size(), 1u);
}

TEST(D1Reader, ShadowedConfigInTheSameFolderIsAWarning) {
  testing::TempDir t;
  t.Write("wrangler.json", "{\"d1_databases\": [{\"binding\": \"DB\"}]}");
  t.Write("wrangler.toml", "[[d1_databases]]\nbinding = \"OLD\"\nmigrations_dir = \"old\"\n");
  t.Write("migrations/0001_a.sql", "SELECT 1;\n");
  Scan s = ScanDir(t.path(), t.path());
  ASSERT_EQ(s.sets.size(), 1u);
  EXPECT_EQ(s.sets[0].d1_bindings.at(0).binding, "DB");
  auto f = WithCode(s.sets[0].findings, "SCH014");
  ASSERT_EQ(f.size(), 1u) << Dump(s.sets[0].findings);
  EXPECT_EQ(f[0]->loc->path, "wrangler.toml");
  EXPECT_EQ(f[0]->severity, Severity::kWarning);
}

TEST(D1Reader, ForcedReadOfAFolderFindsTheConfigAbove) {
  testing::TempDir t;
  t.Write("app/wrangler.toml",
          "[[d1_databases]]\nbinding = \"DB\"\nmigrations_dir = \"db\"\nmigrations_pattern = "
          "\"db/*.up.sql\"\n");
  t.Write("app/db/0001_a.up.sql", "SELECT 1;\n");
  t.Write("app/db/0001_a.down.sql", "SELECT 2;\n");
  Scan s = ScanDir(t.path() / "app/db", t.path());
  ASSERT_EQ(s.sets.size(), 1u);
  const MigrationSet& set = s.sets[0];
  EXPECT_EQ(set.config_path, "app/wrangler.toml");
  ASSERT_EQ(set.d1_bindings.size(), 1u);
  EXPECT_EQ(Ids(set), (std::vector<std::string>{"0001_a.up.sql"}));
  EXPECT_TRUE(set.findings.empty()) << Dump(set.findings);
}

TEST(D1Reader, FileNameThatIsNotUtf8IsAnError) {
  testing::TempDir t;
  t.Write("wrangler.toml", kSimpleToml);
  t.Write("migrations/0001_caf\xE9.sql", "SELECT 1;\n");
  MigrationSet set = ReadOne(t);
  ASSERT_EQ(set.migrations.size(), 1u);
  auto f = WithCode(set.findings, "SCH017");
  ASSERT_EQ(f.size(), 1u) << Dump(set.findings);
  EXPECT_EQ(f[0]->severity, Severity::kError);
  EXPECT_NE(f[0]->message.find("not valid UTF-8"), std::string::npos);
}

TEST(D1Reader, MonorepoConfigsSharingOneFolderMakeOneSet) {
  testing::TempDir t;
  t.Write("apps/api/wrangler.toml",
          "[[d1_databases]]\nbinding = \"DB\"\nmigrations_dir = \"../../db/migrations\"\n");
  t.Write("apps/jobs/wrangler.jsonc",
          "{\"d1_databases\": [{\"binding\": \"JOBS_DB\",\n"
          " \"migrations_dir\": \"../../db/migrations\"}]}\n");
  t.Write("db/migrations/0001_a.sql", "SELECT 1;\n");
  Scan s = ScanDir(t.path(), t.path());
  ASSERT_EQ(s.sets.size(), 1u);
  const MigrationSet& set = s.sets[0];
  EXPECT_EQ(set.root, "db/migrations");
  ASSERT_EQ(set.d1_bindings.size(), 2u);
  EXPECT_EQ(set.files,
            (std::vector<std::string>{"apps/api/wrangler.toml", "apps/jobs/wrangler.jsonc",
                                      "db/migrations/0001_a.sql"}));
  EXPECT_TRUE(set.findings.empty()) << Dump(set.findings);
}

}  // namespace
}  // namespace sse
