// The real histories in ../shared/corpora applied in production: they lint with zero errors,
// one head each, in the order their tools use. Warnings would be listed here by name; there are
// none today.

#include <gtest/gtest.h>

#include "core/lint/linter.hpp"
#include "tests/support/temp_dir.hpp"

namespace sse {
namespace {

struct Linted {
  Workspace ws;
  std::vector<Finding> findings;
};

Linted LintCorpus(const std::string& rel) {
  fs::path root = testing::CorporaDir();
  LintOptions options;
  options.cwd = root;
  auto ws = LoadWorkspace({rel}, options);
  EXPECT_TRUE(ws.ok()) << (ws.ok() ? "" : ws.error().ToString());
  Linted out{std::move(ws).value(), {}};
  out.findings = RunChecks(out.ws, options, nullptr);
  return out;
}

std::vector<std::string> Ids(const MigrationSet& set) {
  std::vector<std::string> ids;
  for (const Migration& m : set.migrations) ids.push_back(m.id);
  return ids;
}

void ExpectCleanSingleHead(const Linted& l) {
  ASSERT_TRUE(fs::is_directory(testing::CorporaDir()))
      << "corpora missing: " << testing::CorporaDir();
  for (const Finding& f : l.findings) {
    ADD_FAILURE() << f.code << " " << (f.loc ? f.loc->path : "") << ": " << f.message;
  }
  for (const SetAnalysis& a : l.ws.sets) {
    EXPECT_EQ(a.graph.Heads().size(), 1u) << a.set.root;
    EXPECT_EQ(a.graph.Bases().size(), 1u) << a.set.root;
    EXPECT_TRUE(a.graph.Cycles().empty()) << a.set.root;
    EXPECT_TRUE(a.graph.missing().empty()) << a.set.root;
  }
}

TEST(Corpora, DocumensoPrisma) {
  Linted l = LintCorpus("prisma/documenso");
  ExpectCleanSingleHead(l);
  ASSERT_EQ(l.ws.sets.size(), 1u);
  const MigrationSet& s = l.ws.sets[0].set;
  EXPECT_EQ(s.tool, Tool::kPrisma);
  EXPECT_EQ(s.dialect, "postgres");
  EXPECT_EQ(s.migrations.size(), 163u);
  EXPECT_EQ(s.migrations.front().id, "20230404095503_initial_migration");
  EXPECT_EQ(s.migrations.back().id, "20260622120000_add_recipient_reminder_count");
  for (size_t i = 1; i < s.migrations.size(); ++i)
    EXPECT_LT(s.migrations[i - 1].id, s.migrations[i].id);
}

TEST(Corpora, KarakeepDrizzle) {
  Linted l = LintCorpus("drizzle/karakeep");
  ExpectCleanSingleHead(l);
  ASSERT_EQ(l.ws.sets.size(), 1u);
  const MigrationSet& s = l.ws.sets[0].set;
  EXPECT_EQ(s.tool, Tool::kDrizzle);
  EXPECT_EQ(s.dialect, "sqlite");
  ASSERT_EQ(s.migrations.size(), 94u);
  EXPECT_EQ(s.migrations.front().id, "0000_luxuriant_johnny_blaze");
  EXPECT_EQ(s.migrations.back().id, "0093_reader_view_assessment");
  EXPECT_EQ(s.snapshots.size(), 94u);
  // Journal order, and `when` never goes back.
  for (size_t i = 1; i < s.migrations.size(); ++i)
    EXPECT_LT(*s.migrations[i - 1].when, *s.migrations[i].when);
}

TEST(Corpora, WildebeestD1) {
  Linted l = LintCorpus("d1/wildebeest");
  ExpectCleanSingleHead(l);
  ASSERT_EQ(l.ws.sets.size(), 1u);
  const MigrationSet& s = l.ws.sets[0].set;
  EXPECT_EQ(s.tool, Tool::kD1);
  ASSERT_EQ(s.migrations.size(), 11u);
  EXPECT_EQ(s.migrations.front().id, "0000_initial.sql");
  EXPECT_EQ(s.migrations.back().id, "0010_add_ui_client.sql");
  ASSERT_EQ(s.d1_bindings.size(), 1u);
  EXPECT_EQ(s.d1_bindings[0].binding, "DATABASE");
}

TEST(Corpora, HarborGolangMigrateGapsAreNotFindings) {
  Linted l = LintCorpus("golang-migrate/harbor");
  ExpectCleanSingleHead(l);
  ASSERT_EQ(l.ws.sets.size(), 1u);
  const MigrationSet& s = l.ws.sets[0].set;
  EXPECT_EQ(s.tool, Tool::kGolangMigrate);
  EXPECT_EQ(s.dialect, "postgres");
  std::vector<std::string> ids = Ids(s);
  ASSERT_EQ(ids.size(), 39u);
  EXPECT_EQ(std::vector<std::string>(ids.begin(), ids.begin() + 7),
            (std::vector<std::string>{"1", "2", "3", "4", "5", "10", "11"}));
  EXPECT_EQ(ids.back(), "190");
}

TEST(Corpora, ConductorFlywayOrdersVersionsNumerically) {
  Linted l = LintCorpus("flyway/conductor");
  ExpectCleanSingleHead(l);
  ASSERT_EQ(l.ws.sets.size(), 4u);
  const MigrationSet* pg = nullptr;
  const MigrationSet* lite = nullptr;
  for (const SetAnalysis& a : l.ws.sets) {
    EXPECT_EQ(a.set.tool, Tool::kFlyway);
    if (a.set.root.ends_with("migration_postgres")) pg = &a.set;
    if (a.set.root.ends_with("migration_sqlite")) lite = &a.set;
  }
  ASSERT_TRUE(pg && lite);
  EXPECT_EQ(pg->dialect, "postgres");
  EXPECT_EQ(lite->dialect, "sqlite");
  // V10 sorts before V2 as text; Flyway runs it after V9.
  EXPECT_EQ(Ids(*pg), (std::vector<std::string>{"1", "2", "3", "4", "5", "6", "7", "8", "9", "10",
                                                "11", "12", "13.1", "14", "15", "16", "17", "18"}));
  EXPECT_EQ(Ids(*lite), (std::vector<std::string>{"1", "2", "3", "4", "5", "6", "7"}));
}

TEST(Corpora, AllTogetherFromTheRoot) {
  Linted l = LintCorpus(".");
  ExpectCleanSingleHead(l);
  EXPECT_EQ(l.ws.sets.size(), 8u);
}

}  // namespace
}  // namespace sse
