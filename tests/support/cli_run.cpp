#include "tests/support/cli_run.hpp"

#include <optional>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli/run.hpp"

namespace sse::testing {

CliOutput RunSchema(const fs::path& cwd, const std::vector<std::string>& args) {
  cli::RunEnv env;
  env.cwd = cwd;
  env.getenv = [](const std::string&) -> std::optional<std::string> { return std::nullopt; };
  std::ostringstream out, err;
  int rc = cli::Run(args, out, err, env);
  return {rc, out.str(), err.str()};
}

std::vector<std::string> DriftFindings(const CliOutput& o) {
  std::vector<std::string> out;
  nlohmann::json j = nlohmann::json::parse(o.out, nullptr, false);
  if (j.is_discarded()) {
    ADD_FAILURE() << "not JSON:\n" << o.out << o.err;
    return out;
  }
  for (const auto& c : j["drift"]["changes"]) {
    std::string code = c["change"] == "missing"      ? "SCH801"
                       : c["change"] == "unexpected" ? "SCH802"
                                                     : "SCH803";
    std::string s =
        code + " " + c["object"].get<std::string>() + " " + c["path"].get<std::string>();
    if (c.contains("property")) s += " " + c["property"].get<std::string>();
    out.push_back(s);
  }
  std::vector<std::string> codes;
  for (const auto& f : j["findings"]) {
    if (f["code"] != "SCH804") codes.push_back(f["code"]);
  }
  EXPECT_EQ(codes.size(), out.size()) << o.out;
  return out;
}

}  // namespace sse::testing
