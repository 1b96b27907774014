// D1 local state: the miniflare file name (workerd's idFromName) and finding the file of a
// binding from the wrangler config, with errors that say what to do.

#include "dialects/sqlite/d1_state.hpp"

#include <gtest/gtest.h>

#include "tests/dialects/sqlite/sqlite_test_util.hpp"
#include "tests/support/temp_dir.hpp"

namespace sse {
namespace {

TEST(SqliteD1State, FileNameIsWorkerdIdFromName) {
  // FORMATS.md 4.5 test vectors, and the file `wrangler d1 migrations apply DATABASE --local`
  // (wrangler 4.86.0) wrote for wildebeest's database_id.
  EXPECT_EQ(sqlite::D1StateFileName("DB"),
            "e7352547963de7050bd7d94658afc4fe78b61811b7815da12d90be8e863abf4d.sqlite");
  EXPECT_EQ(sqlite::D1StateFileName("00000000-0000-0000-0000-000000000000"),
            "9ba2b04bf514d9facfd57ed57d849e77241a7adc99d1c1545d06688b43d84248.sqlite");
  EXPECT_EQ(sqlite::D1StateFileName("83821907-97fd-44b4-8f21-e3d6b736e7ef"),
            "77eaafa979c55d1c2f76f454fd37190e8529cfc2505aa4d1ac32e1318db0de20.sqlite");
}

WranglerConfig Load(const testing::TempDir& dir, const std::string& toml) {
  fs::path p = dir.Write("wrangler.toml", toml);
  auto cfg = LoadWranglerConfig(p, "wrangler.toml");
  EXPECT_TRUE(cfg.ok()) << (cfg.ok() ? "" : cfg.error().ToString());
  return std::move(cfg).value();
}

fs::path StateFile(const testing::TempDir& dir, const std::string& name) {
  return dir.path() / ".wrangler/state/v3/d1/miniflare-D1DatabaseObject" /
         sqlite::D1StateFileName(name);
}

TEST(SqliteD1State, PreviewIdThenDatabaseIdThenBinding) {
  testing::TempDir dir;
  WranglerConfig cfg = Load(dir,
                            "[[d1_databases]]\nbinding = \"DB\"\ndatabase_name = \"app\"\n"
                            "database_id = \"11111111-0000-4000-8000-000000000001\"\n"
                            "preview_database_id = \"22222222-0000-4000-8000-000000000002\"\n"
                            "[[d1_databases]]\nbinding = \"CACHE\"\ndatabase_id = "
                            "\"33333333-0000-4000-8000-000000000003\"\n"
                            "[[d1_databases]]\nbinding = \"NEW\"\n");
  dir.Mkdir(".wrangler/state/v3/d1/miniflare-D1DatabaseObject");
  for (const char* name :
       {"22222222-0000-4000-8000-000000000002", "33333333-0000-4000-8000-000000000003", "NEW"}) {
    testing::MakeDb(StateFile(dir, name), "CREATE TABLE t (a INT);");
  }
  auto s = sqlite::FindD1LocalState(cfg, "DB");
  ASSERT_TRUE(s.ok()) << s.error().ToString();
  EXPECT_EQ(s->object_source, "preview_database_id");
  EXPECT_EQ(s->file, StateFile(dir, "22222222-0000-4000-8000-000000000002"));
  s = sqlite::FindD1LocalState(cfg, "app");  // database_name works too
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->binding, "DB");
  s = sqlite::FindD1LocalState(cfg, "CACHE");
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->object_source, "database_id");
  s = sqlite::FindD1LocalState(cfg, "NEW");
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->object_source, "binding");
  EXPECT_EQ(s->file, StateFile(dir, "NEW"));

  auto c = sqlite::InspectD1Local(cfg, "CACHE");
  ASSERT_TRUE(c.ok()) << c.error().ToString();
  EXPECT_EQ(c->dialect, "d1");
  EXPECT_EQ(c->tables.size(), 1u);
}

TEST(SqliteD1State, UnknownBindingListsTheBindings) {
  testing::TempDir dir;
  WranglerConfig cfg = Load(dir,
                            "[[d1_databases]]\nbinding = \"DB\"\ndatabase_id = \"x\"\n"
                            "[[d1_databases]]\nbinding = \"CACHE\"\ndatabase_name = \"cache-db\"\n"
                            "[env.staging]\n[[env.staging.d1_databases]]\nbinding = \"STAGE\"\n");
  auto s = sqlite::FindD1LocalState(cfg, "NOPE");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kNotFound);
  EXPECT_NE(s.error().message.find("no D1 database 'NOPE' in the top level"), std::string::npos)
      << s.error().message;
  EXPECT_NE(s.error().message.find("DB, CACHE (database_name cache-db)"), std::string::npos)
      << s.error().message;
  // Declared in another environment: say which --env to pass.
  s = sqlite::FindD1LocalState(cfg, "STAGE");
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().message.find("env.staging (--env staging)"), std::string::npos)
      << s.error().message;
  sqlite::D1StateOptions staging;
  staging.env = "staging";
  s = sqlite::FindD1LocalState(cfg, "DB", staging);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().message.find("in env.staging; its bindings are: STAGE"), std::string::npos)
      << s.error().message;
}

TEST(SqliteD1State, NoStateYetSaysWhichCommandCreatesIt) {
  testing::TempDir dir;
  WranglerConfig cfg = Load(dir, "[[d1_databases]]\nbinding = \"DB\"\ndatabase_id = \"abc\"\n");
  auto s = sqlite::FindD1LocalState(cfg, "DB");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kNotFound);
  EXPECT_NE(s.error().message.find(sqlite::D1StateFileName("abc")), std::string::npos);
  EXPECT_NE(s.error().message.find("wrangler d1 migrations apply DB --local"), std::string::npos)
      << s.error().message;
  // --persist-to moves the root.
  sqlite::D1StateOptions o;
  o.persist_to = dir.path() / "elsewhere";
  dir.Mkdir("elsewhere/v3/d1/miniflare-D1DatabaseObject");
  testing::MakeDb(
      dir.path() / "elsewhere/v3/d1/miniflare-D1DatabaseObject" / sqlite::D1StateFileName("abc"),
      "CREATE TABLE t (a);");
  s = sqlite::FindD1LocalState(cfg, "DB", o);
  EXPECT_TRUE(s.ok());
}

}  // namespace
}  // namespace sse
