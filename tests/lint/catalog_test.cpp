// The rule catalogue stays in step with its docs and tests: codes are unique and well formed,
// every rule has docs/rules/<CODE>.md with matching front matter, and at least one scenario's
// golden output shows the rule firing.

#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include <gtest/gtest.h>

#include "core/lint/catalog.hpp"
#include "tests/support/temp_dir.hpp"

namespace sse {
namespace {

std::string ReadAll(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

TEST(RuleCatalog, CodesAndNamesAreUniqueAndWellFormed) {
  std::set<std::string_view> codes, names;
  std::regex code_re("SCH[0-9]{3}"), name_re("[a-z0-9]+(-[a-z0-9]+)*");
  for (const RuleInfo& r : AllRules()) {
    EXPECT_TRUE(codes.insert(r.code).second) << "duplicate code " << r.code;
    EXPECT_TRUE(names.insert(r.name).second) << "duplicate name " << r.name;
    EXPECT_TRUE(std::regex_match(std::string(r.code), code_re)) << r.code;
    EXPECT_TRUE(std::regex_match(std::string(r.name), name_re)) << r.name;
    EXPECT_FALSE(r.summary.empty()) << r.code;
  }
}

TEST(RuleCatalog, EveryRuleHasItsDocsPage) {
  for (const RuleInfo& r : AllRules()) {
    fs::path page = testing::SourceDir() / "docs/rules" / (std::string(r.code) + ".md");
    ASSERT_TRUE(fs::exists(page)) << page << " is missing";
    std::string text = ReadAll(page);
    EXPECT_NE(text.find("code: " + std::string(r.code)), std::string::npos) << page;
    EXPECT_NE(text.find("name: " + std::string(r.name)), std::string::npos) << page;
    EXPECT_NE(text.find("severity: " + std::string(SeverityName(r.severity))), std::string::npos)
        << page;
  }
}

TEST(RuleCatalog, EveryRuleFiresInAScenario) {
  std::string all;
  fs::path root = testing::SourceDir() / "testdata/scenarios";
  for (auto& e : fs::recursive_directory_iterator(root)) {
    if (e.path().extension() == ".txtar") all += ReadAll(e.path());
  }
  for (const RuleInfo& r : AllRules()) {
    std::string json = "\"code\": \"" + std::string(r.code) + "\"";
    std::string text = "[" + std::string(r.code) + "]";
    EXPECT_TRUE(all.find(json) != std::string::npos || all.find(text) != std::string::npos)
        << r.code << " " << r.name << " fires in no scenario under testdata/scenarios";
  }
}

}  // namespace
}  // namespace sse
