// The PostgreSQL histories in ../shared/corpora applied in production, in order, on real
// databases: replayed statically they must give no SCH401 already-exists, SCH402 does-not-exist
// or SCH403 syntax-error. The statements the replay does not model (SCH404) are listed here, one
// "path:line" per statement, so that a change in what the replay models is visible in review.
// On a mismatch the test prints the new list in the form to paste below.

#include <algorithm>

#include <gtest/gtest.h>

#include "core/lint/linter.hpp"
#include "dialects/dialect.hpp"
#include "tests/support/temp_dir.hpp"

namespace sse {
namespace {

struct Replayed {
  std::vector<std::string> failures;   ///< SCH401/402/403: "CODE path:line: message"
  std::vector<std::string> unmodeled;  ///< SCH404: "path:line"
  size_t sets = 0;
  size_t statements = 0;  ///< replayed statements (the replay did run)
};

/// Lints the corpus folder `rel` with the built-in dialects, keeping its PostgreSQL sets (except
/// those whose root ends with `skip`).
Replayed ReplayCorpus(const std::string& rel, const std::string& skip = "") {
  Replayed out;
  fs::path root = testing::CorporaDir();
  EXPECT_TRUE(fs::is_directory(root)) << "corpora missing: " << root;
  LintOptions options;
  options.cwd = root;
  options.dialects = &Dialects();
  auto ws = LoadWorkspace({rel}, options);
  EXPECT_TRUE(ws.ok()) << (ws.ok() ? "" : ws.error().ToString());
  if (!ws.ok()) return out;
  std::vector<std::string> roots;
  for (const SetAnalysis& a : ws->sets) {
    if (a.set.dialect != "postgres") continue;
    if (!skip.empty() && a.set.root.ends_with(skip)) continue;
    for (const auto& m : a.replay->migrations) out.statements += m.statements.size();
    EXPECT_TRUE(a.replay.has_value()) << a.set.root;
    roots.push_back(a.set.root + "/");
    ++out.sets;
  }
  for (const Finding& f : RunChecks(*ws, options, nullptr)) {
    if (!f.loc) continue;
    bool mine = std::any_of(roots.begin(), roots.end(),
                            [&](const std::string& r) { return f.loc->path.starts_with(r); });
    if (!mine) continue;
    std::string where = f.loc->path + ":" + std::to_string(f.loc->line);
    if (f.code == "SCH401" || f.code == "SCH402" || f.code == "SCH403") {
      out.failures.push_back(f.code + " " + where + ": " + f.message);
    } else if (f.code == "SCH404") {
      out.unmodeled.push_back(where);
    }
  }
  return out;
}

std::string AsCode(const std::vector<std::string>& list) {
  std::string s = "{\n";
  for (const std::string& e : list) s += "      \"" + e + "\",\n";
  return s + "  }";
}

void Expect(const Replayed& r, const std::vector<std::string>& unmodeled) {
  for (const std::string& f : r.failures) ADD_FAILURE() << f;
  EXPECT_EQ(r.unmodeled.size(), unmodeled.size());
  EXPECT_EQ(r.unmodeled, unmodeled) << "SCH404 statements now:\n" << AsCode(r.unmodeled);
}

TEST(CorporaReplay, DocumensoPrisma) {
  Replayed r = ReplayCorpus("prisma/documenso");
  EXPECT_EQ(r.sets, 1u);
  EXPECT_GT(r.statements, 700u);
  Expect(r, {});
}

TEST(CorporaReplay, HarborGolangMigrate) {
  Replayed r = ReplayCorpus("golang-migrate/harbor");
  EXPECT_EQ(r.sets, 1u);
  EXPECT_GT(r.statements, 400u);
  Expect(r, {
                "golang-migrate/harbor/make/migrations/postgresql/0110_2.8.0_schema.up.sql:23",
            });
}

TEST(CorporaReplay, ConductorFlywayPostgres) {
  // migration_postgres and migration_postgres_data. migration_postgres_notify is a second Flyway
  // location that conductor adds to migration_postgres (its triggers are on migration_postgres's
  // queue_message): it is replayed with it below, not alone.
  Replayed r = ReplayCorpus("flyway/conductor", "migration_postgres_notify");
  EXPECT_EQ(r.sets, 2u);
  EXPECT_GT(r.statements, 50u);
  Expect(r, {});
}

/// Flyway's order of two versions ("10" < "10.1" < "11").
bool VersionLess(const std::string& a, const std::string& b) {
  auto parts = [](const std::string& v) {
    std::vector<uint64_t> out;
    size_t start = 0;
    while (start <= v.size()) {
      size_t dot = v.find('.', start);
      std::string p = v.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
      out.push_back(p.empty() ? 0 : std::stoull(p));
      if (dot == std::string::npos) break;
      start = dot + 1;
    }
    while (!out.empty() && out.back() == 0) out.pop_back();
    return out;
  };
  return parts(a) < parts(b);
}

TEST(CorporaReplay, ConductorFlywayPostgresWithNotifyLocation) {
  fs::path root = testing::CorporaDir();
  LintOptions options;
  options.cwd = root;
  auto ws = LoadWorkspace({"flyway/conductor"}, options);
  ASSERT_TRUE(ws.ok());
  MigrationSet merged;
  for (const SetAnalysis& a : ws->sets) {
    bool base = a.set.root.ends_with("migration_postgres");
    bool notify = a.set.root.ends_with("migration_postgres_notify");
    if (!base && !notify) continue;
    if (base) {
      merged.tool = a.set.tool;
      merged.dialect = a.set.dialect;
      merged.root = a.set.root;
    }
    merged.migrations.insert(merged.migrations.end(), a.set.migrations.begin(),
                             a.set.migrations.end());
  }
  ASSERT_EQ(merged.dialect, "postgres");
  std::stable_sort(
      merged.migrations.begin(), merged.migrations.end(),
      [](const Migration& a, const Migration& b) { return VersionLess(a.version, b.version); });
  ASSERT_EQ(merged.migrations.size(), 19u);
  const Replayer* replayer = Dialects().ReplayerFor("postgres");
  ASSERT_NE(replayer, nullptr);
  model::SetReplay replay = replayer->Replay(merged);
  std::vector<std::string> failures, unmodeled;
  for (size_t i = 0; i < merged.migrations.size(); ++i) {
    const Migration& m = merged.migrations[i];
    for (const model::ReplayedStatement& st : replay.migrations[i].statements) {
      std::string where = m.path + ":" + std::to_string(SourceLoc::At(*m.file, st.span.begin).line);
      for (const model::ReplayProblem& p : st.problems)
        failures.push_back(p.code + " " + where + ": " + p.message);
      if (st.kind == model::StatementKind::kUnmodeled) unmodeled.push_back(where);
    }
  }
  for (const std::string& f : failures) ADD_FAILURE() << f;
  EXPECT_EQ(unmodeled, std::vector<std::string>{}) << AsCode(unmodeled);
}

}  // namespace
}  // namespace sse
