// Text reports are coloured only on a terminal, and never when NO_COLOR is set.

#include <sstream>

#include <gtest/gtest.h>

#include "cli/run.hpp"
#include "tests/support/temp_dir.hpp"

namespace sse {
namespace {

std::string LintText(const fs::path& cwd, bool tty, bool no_color) {
  cli::RunEnv env;
  env.cwd = cwd;
  env.stdout_is_tty = tty;
  env.getenv = [no_color](const std::string& name) -> std::optional<std::string> {
    if (name == "NO_COLOR" && no_color) return std::string("1");
    return std::nullopt;
  };
  std::ostringstream out, err;
  cli::Run({"lint", "."}, out, err, env);
  return out.str();
}

TEST(TextColor, OnlyOnATerminalWithoutNoColor) {
  testing::TempDir t;
  t.Write("migrations/001_a.up.sql", "SELECT 1;\n");
  t.Write("migrations/1_b.up.sql", "SELECT 2;\n");
  EXPECT_NE(LintText(t.path(), true, false).find("\033["), std::string::npos);
  EXPECT_EQ(LintText(t.path(), false, false).find("\033["), std::string::npos);
  EXPECT_EQ(LintText(t.path(), true, true).find("\033["), std::string::npos);
}

}  // namespace
}  // namespace sse
