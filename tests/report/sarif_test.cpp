// `schema lint --format sarif` validates against SARIF 2.1.0 with Microsoft's official validator
// (npm @microsoft/sarif-multitool, installed by `.ci/setup --peers`). A missing validator is a
// failure, not a skip.

#include <cstdlib>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli/run.hpp"
#include "tests/support/temp_dir.hpp"

namespace sse {
namespace {

TEST(Sarif, LintOutputValidatesWithTheOfficialValidator) {
  fs::path validator = testing::SourceDir() / "tests/peers/node_modules/.bin/sarif-multitool";
  ASSERT_TRUE(fs::exists(validator)) << validator << " is missing: run .ci/setup --peers";
  testing::TempDir t;
  // Findings of several kinds: with and without lines, with related locations.
  t.Write("migrations/001_init.up.sql", "CREATE TABLE a (id int);\n");
  t.Write("migrations/1_other.up.sql", "CREATE TABLE b (id int);\n");
  t.Write("migrations/2_todo.up.sql", "-- nothing\n");
  t.Write("migrations/3_bad.sql", "SELECT 1;\n");
  t.Write("schema.toml", "[[ignore]]\npath = \"nowhere/**\"\n");
  cli::RunEnv env;
  env.cwd = t.path();
  env.getenv = [](const std::string&) -> std::optional<std::string> { return std::nullopt; };
  std::ostringstream out, err;
  int rc = cli::Run({"lint", ".", "--format", "sarif", "-o", "report.sarif"}, out, err, env);
  EXPECT_EQ(rc, 1) << err.str();
  std::ifstream in(t.path() / "report.sarif");
  std::stringstream buf;
  buf << in.rdbuf();
  auto sarif = nlohmann::json::parse(buf.str());
  ASSERT_EQ(sarif["version"], "2.1.0");
  ASSERT_GE(sarif["runs"][0]["results"].size(), 4u);
  std::string cmd = validator.string() + " validate --output " +
                    (t.path() / "validation.sarif").string() + " " +
                    (t.path() / "report.sarif").string() + " > " +
                    (t.path() / "validator.log").string() + " 2>&1";
  int status = std::system(cmd.c_str());
  std::ifstream log(t.path() / "validator.log");
  std::stringstream logbuf;
  logbuf << log.rdbuf();
  ASSERT_EQ(status, 0) << logbuf.str();
  // The validator writes its own SARIF log: no result may be an error.
  std::ifstream vin(t.path() / "validation.sarif");
  auto v = nlohmann::json::parse(vin);
  for (const auto& r : v["runs"][0]["results"]) {
    EXPECT_NE(r.value("level", "warning"), "error") << r.dump();
  }
}

}  // namespace
}  // namespace sse
