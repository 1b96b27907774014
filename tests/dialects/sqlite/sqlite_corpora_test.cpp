// The real SQLite / D1 histories of ../shared/corpora replay by execution with no SCH401/402/403,
// and the replay of wildebeest equals the database the migrations give when applied for real:
// by the sqlite3 shell, and by `wrangler d1 migrations apply DATABASE --local` with the wrangler of
// tests/peers (SSE_WRANGLER overrides; a missing wrangler fails the test).

#include <cstdlib>
#include <fstream>

#include <gtest/gtest.h>

#include "core/diff/diff.hpp"
#include "core/lint/linter.hpp"
#include "core/migrations/wrangler_config.hpp"
#include "core/model/snapshot.hpp"
#include "dialects/sqlite/d1_state.hpp"
#include "dialects/sqlite/inspect.hpp"
#include "dialects/sqlite/sqlite.hpp"
#include "tests/support/cli_run.hpp"
#include "tests/support/temp_dir.hpp"

namespace sse {
namespace {

std::vector<MigrationSet> Sets(const std::string& rel) {
  LintOptions options;
  options.cwd = testing::CorporaDir();
  auto ws = LoadWorkspace({rel}, options);
  EXPECT_TRUE(ws.ok()) << (ws.ok() ? "" : ws.error().ToString());
  std::vector<MigrationSet> out;
  if (ws.ok()) {
    for (SetAnalysis& a : ws->sets) out.push_back(std::move(a.set));
  }
  return out;
}

model::SetReplay ReplayClean(const MigrationSet& set) {
  model::SetReplay r = sqlite::SqliteReplayer(set.dialect).Replay(set);
  size_t statements = 0;
  for (size_t i = 0; i < r.migrations.size(); ++i) {
    for (const model::ReplayedStatement& st : r.migrations[i].statements) {
      ++statements;
      for (const model::ReplayProblem& p : st.problems) {
        if (p.Fails())
          ADD_FAILURE() << set.migrations[i].path << ": " << p.code << " " << p.message;
      }
    }
  }
  EXPECT_GT(statements, 0u);
  return r;
}

std::string Describe(const std::vector<diff::Difference>& d) {
  std::string out;
  for (const diff::Difference& x : d) out += x.Describe() + "\n";
  return out;
}

std::string ShellQuote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

/// Applies the set's files in its order with the sqlite3 shell, as a user would by hand.
void ApplyWithShell(const MigrationSet& set, const fs::path& db) {
  for (const Migration& m : set.migrations) {
    fs::path file = testing::CorporaDir() / m.path;
    std::string cmd = "sqlite3 " + ShellQuote(db.string()) + " < " + ShellQuote(file.string());
    ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
  }
}

/// `schema ARGS` run in `cwd` reports no drift.
void ExpectNoDrift(const fs::path& cwd, const std::vector<std::string>& args) {
  testing::CliOutput o = testing::RunSchema(cwd, args);
  EXPECT_EQ(o.rc, 0) << o.out << o.err;
  EXPECT_TRUE(o.out.starts_with("no drift: ")) << o.out;
  EXPECT_EQ(o.err, "");
}

TEST(SqliteCorpora, WildebeestD1) {
  std::vector<MigrationSet> sets = Sets("d1/wildebeest");
  ASSERT_EQ(sets.size(), 1u);
  const MigrationSet& set = sets[0];
  EXPECT_EQ(set.dialect, "d1");
  model::SetReplay r = ReplayClean(set);
  EXPECT_EQ(r.catalog.dialect, "d1");
  EXPECT_GE(r.catalog.tables.size(), 15u);
  // The FTS5 table is there, its shadow tables are not; the three triggers on actors are.
  ASSERT_EQ(r.catalog.tables.count({"main", "search_fts"}), 1u);
  EXPECT_FALSE(r.catalog.tables.at({"main", "search_fts"}).module.empty());
  EXPECT_EQ(r.catalog.tables.count({"main", "search_fts_data"}), 0u);
  EXPECT_EQ(r.catalog.tables.at({"main", "actors"}).triggers.size(), 3u);
  // The SQLite-specific fields (table options, module, trigger bodies) survive a snapshot.
  SourceFile snap("wildebeest.json", model::WriteSnapshot(r.catalog));
  auto back = model::ReadSnapshot(snap);
  ASSERT_TRUE(back.ok()) << back.error().ToString();
  EXPECT_TRUE(*back == r.catalog);

  // The same files applied by the sqlite3 shell, one after the other.
  testing::TempDir dir;
  fs::path db = dir.path() / "shell.db";
  ApplyWithShell(set, db);
  sqlite::InspectOptions o;
  o.dialect = "d1";
  auto shell = sqlite::InspectSqlite(db, o);
  ASSERT_TRUE(shell.ok()) << shell.error().ToString();
  std::vector<diff::Difference> d = diff::Compare(r.catalog, *shell);
  EXPECT_TRUE(d.empty()) << Describe(d);
}

TEST(SqliteCorpora, WildebeestMatchesWranglerLocalApply) {
  const char* env = std::getenv("SSE_WRANGLER");
  fs::path wrangler =
      env && *env ? fs::path(env) : testing::SourceDir() / "tests/peers/node_modules/.bin/wrangler";
  // wrangler is a test peer (.ci/setup --peers installs it): missing is a failure, not a skip.
  ASSERT_TRUE(fs::exists(wrangler))
      << "wrangler not installed (" << wrangler << "): run .ci/setup --peers, or set SSE_WRANGLER";
  testing::TempDir dir;
  fs::path src = testing::CorporaDir() / "d1/wildebeest";
  fs::copy(src / "migrations", dir.path() / "migrations", fs::copy_options::recursive);
  // wrangler 4 refuses the project's `node_compat = true` (a wrangler 2 setting): drop that line.
  std::ifstream in(src / "wrangler.toml");
  std::string toml, line;
  while (std::getline(in, line)) {
    if (line.rfind("node_compat", 0) != 0) toml += line + "\n";
  }
  dir.Write("wrangler.toml", toml);
  std::string cmd = "cd " + ShellQuote(dir.path().string()) +
                    " && CI=true WRANGLER_SEND_METRICS=false " + ShellQuote(wrangler.string()) +
                    " d1 migrations apply DATABASE --local > wrangler.log 2>&1";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
  auto cfg = LoadWranglerConfig(dir.path() / "wrangler.toml", "wrangler.toml");
  ASSERT_TRUE(cfg.ok());
  auto live = sqlite::InspectD1Local(*cfg, "DATABASE");
  ASSERT_TRUE(live.ok()) << live.error().ToString();
  std::vector<MigrationSet> sets = Sets("d1/wildebeest");
  ASSERT_EQ(sets.size(), 1u);
  model::SetReplay r = ReplayClean(sets[0]);
  std::vector<diff::Difference> d = diff::Compare(r.catalog, *live);
  EXPECT_TRUE(d.empty()) << Describe(d);
}

TEST(SqliteCorpora, KarakeepAppliedByTheShellHasNoDrift) {
  std::vector<MigrationSet> sets = Sets("drizzle/karakeep");
  ASSERT_EQ(sets.size(), 1u);
  testing::TempDir dir;
  ApplyWithShell(sets[0], dir.path() / "karakeep.db");
  ExpectNoDrift(testing::CorporaDir(),
                {"drift", "--db", "sqlite:" + (dir.path() / "karakeep.db").string(), "--expected",
                 sets[0].root});
}

TEST(SqliteCorpora, ConductorSqliteAppliedByTheShellHasNoDrift) {
  for (const MigrationSet& set : Sets("flyway/conductor")) {
    if (!set.root.ends_with("migration_sqlite")) continue;
    testing::TempDir dir;
    ApplyWithShell(set, dir.path() / "conductor.db");
    ExpectNoDrift(testing::CorporaDir(),
                  {"drift", "--db", "sqlite:" + (dir.path() / "conductor.db").string(),
                   "--expected", set.root});
    return;
  }
  FAIL() << "flyway/conductor has no migration_sqlite set";
}

TEST(SqliteCorpora, KarakeepDrizzle) {
  std::vector<MigrationSet> sets = Sets("drizzle/karakeep");
  ASSERT_EQ(sets.size(), 1u);
  EXPECT_EQ(sets[0].dialect, "sqlite");
  model::SetReplay r = ReplayClean(sets[0]);
  EXPECT_GE(r.catalog.tables.size(), 20u);
  // A generated column survives the history.
  bool generated = false;
  for (const auto& [name, t] : r.catalog.tables) {
    for (const model::Column& c : t.columns) generated = generated || c.generated.has_value();
  }
  EXPECT_TRUE(generated);
}

TEST(SqliteCorpora, ConductorFlywaySqlite) {
  std::vector<MigrationSet> sets = Sets("flyway/conductor");
  const MigrationSet* lite = nullptr;
  for (const MigrationSet& s : sets) {
    if (s.root.ends_with("migration_sqlite")) lite = &s;
  }
  ASSERT_NE(lite, nullptr);
  EXPECT_EQ(lite->dialect, "sqlite");
  model::SetReplay r = ReplayClean(*lite);
  EXPECT_GE(r.catalog.tables.size(), 5u);
}

}  // namespace
}  // namespace sse
