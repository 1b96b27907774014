// docs/cli.md shows each command's --help; this test keeps the page in step with the binary.
// Each block starts with a line "$ schema ARGS" inside a ```text fence and holds the exact
// output. SSE_UPDATE_GOLDEN=1 rewrites the blocks.

#include <cstdlib>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "cli/run.hpp"
#include "core/util/strings.hpp"
#include "tests/support/temp_dir.hpp"

namespace sse {
namespace {

std::string HelpOf(const std::string& command_line) {
  std::vector<std::string> args;
  for (std::string_view part : Split(command_line, ' ')) {
    if (!part.empty() && part != "schema") args.emplace_back(part);
  }
  cli::RunEnv env;
  env.cwd = fs::temp_directory_path();
  env.getenv = [](const std::string&) -> std::optional<std::string> { return std::nullopt; };
  std::ostringstream out, err;
  cli::Run(args, out, err, env);
  return out.str();
}

TEST(CliDocs, HelpBlocksMatchTheBinary) {
  fs::path page = testing::SourceDir() / "docs/cli.md";
  std::ifstream in(page);
  ASSERT_TRUE(in) << page;
  std::vector<std::string> lines;
  for (std::string l; std::getline(in, l);) lines.push_back(l);
  std::string rewritten;
  int blocks = 0;
  for (size_t i = 0; i < lines.size(); ++i) {
    rewritten += lines[i] + "\n";
    if (lines[i] != "```text" || i + 1 >= lines.size() || lines[i + 1].rfind("$ schema", 0) != 0)
      continue;
    std::string command = lines[i + 1].substr(2);
    size_t end = i + 2;
    std::string shown;
    while (end < lines.size() && lines[end] != "```") shown += lines[end++] + "\n";
    std::string actual = HelpOf(command);
    EXPECT_EQ(shown, actual) << "docs/cli.md block for `" << command
                             << "` is stale (SSE_UPDATE_GOLDEN=1)";
    rewritten += lines[i + 1] + "\n" + actual;
    i = end - 1;
    ++blocks;
  }
  EXPECT_GE(blocks, 5);
  if (std::getenv("SSE_UPDATE_GOLDEN")) {
    std::ofstream out(page, std::ios::trunc);
    out << rewritten;
  }
}

}  // namespace
}  // namespace sse
