#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli/run.hpp"
#include "core/lint/catalog.hpp"

namespace sse {
namespace {

int RunSchema(std::vector<std::string> args, std::string& out) {
  cli::RunEnv env;
  env.cwd = fs::temp_directory_path();
  env.getenv = [](const std::string&) -> std::optional<std::string> { return std::nullopt; };
  std::ostringstream o, e;
  int rc = cli::Run(args, o, e, env);
  out = o.str();
  return rc;
}

TEST(RulesCommand, ListsEveryRuleOnceInCatalogueOrder) {
  std::string out;
  ASSERT_EQ(RunSchema({"rules", "--format", "json"}, out), 0);
  auto j = nlohmann::json::parse(out);
  ASSERT_EQ(j["rules"].size(), AllRules().size());
  for (size_t i = 0; i < AllRules().size(); ++i)
    EXPECT_EQ(j["rules"][i]["code"], AllRules()[i].code);
}

TEST(RulesCommand, PrintsTheEmbeddedPageByCodeOrName) {
  std::string by_code, by_name;
  ASSERT_EQ(RunSchema({"rules", "SCH001"}, by_code), 0);
  ASSERT_EQ(RunSchema({"rules", "revision-cycle"}, by_name), 0);
  EXPECT_EQ(by_code, by_name);
  EXPECT_EQ(by_code.rfind("---\ncode: SCH001\n", 0), 0u) << by_code.substr(0, 200);
  EXPECT_NE(by_code.find("## Problem"), std::string::npos);
}

}  // namespace
}  // namespace sse
