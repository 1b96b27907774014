// Scenario tests: every testdata/scenarios/**/*.txtar is a small project tree plus commands and
// their golden output, run in process through cli::Run in a temporary directory.
//
// Comment lines of the archive:
//   # text                      purpose (ignored)
//   schema ARGS...              run the CLI; must exit 0
//   ! schema ARGS...            must exit 1;  !2 / !3 for exit 2 or 3
//   cp SRC DST | rm PATH | mkdir PATH | symlink TARGET LINK | chmod MODE PATH
// Files: every "-- path --" section is written to the tree, except want/* and stash/* (stash/
// files are only sources for cp, so they never show up as migrations):
//   want/stdout (or want/stdout.N for the N-th schema command, 1-based) is compared exactly;
//   want/stderr likewise when present.
// SSE_UPDATE_GOLDEN=1 rewrites the want/ sections (review the diff).

#include <sys/stat.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "cli/run.hpp"
#include "tests/support/temp_dir.hpp"
#include "tests/support/txtar.hpp"

namespace sse {
namespace {

std::vector<fs::path> FindScenarios() {
  std::vector<fs::path> out;
  fs::path root = testing::SourceDir() / "testdata/scenarios";
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(root, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (it->path().extension() == ".txtar") out.push_back(it->path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::string> SplitArgs(const std::string& line) {
  std::vector<std::string> out;
  std::string cur;
  bool in_single = false, in_double = false, has = false;
  for (char c : line) {
    if (in_single) {
      if (c == '\'')
        in_single = false;
      else
        cur += c;
    } else if (in_double) {
      if (c == '"')
        in_double = false;
      else
        cur += c;
    } else if (c == '\'') {
      in_single = has = true;
    } else if (c == '"') {
      in_double = has = true;
    } else if (c == ' ' || c == '\t') {
      if (has || !cur.empty()) out.push_back(cur);
      cur.clear();
      has = false;
    } else {
      cur += c;
    }
  }
  if (has || !cur.empty()) out.push_back(cur);
  return out;
}

class ScenarioTest : public ::testing::TestWithParam<fs::path> {};

TEST_P(ScenarioTest, Run) {
  const fs::path& file = GetParam();
  std::ifstream in(file, std::ios::binary);
  std::stringstream buf;
  buf << in.rdbuf();
  testing::Txtar archive = testing::Txtar::Parse(buf.str());
  testing::TempDir tmp;
  for (const auto& f : archive.files) {
    if (f.name.rfind("want/", 0) == 0 || f.name.rfind("stash/", 0) == 0) continue;
    tmp.Write(f.name, f.data);
  }
  bool update = std::getenv("SSE_UPDATE_GOLDEN") != nullptr;
  bool changed = false;
  int schema_runs = 0;
  std::vector<std::string> commands;
  std::istringstream comment(archive.comment);
  for (std::string line; std::getline(comment, line);) {
    if (line.empty() || line[0] == '#') continue;
    commands.push_back(line);
  }
  int total_runs = 0;
  for (const std::string& c : commands) {
    auto a = SplitArgs(c);
    if (!a.empty() && (a[0] == "schema" || (a.size() > 1 && a[1] == "schema"))) ++total_runs;
  }
  ASSERT_GT(total_runs, 0) << file << ": no schema command";
  for (const std::string& line : commands) {
    std::vector<std::string> args = SplitArgs(line);
    int want_exit = 0;
    if (!args.empty() && args[0][0] == '!') {
      want_exit = args[0].size() > 1 ? std::atoi(args[0].c_str() + 1) : 1;
      args.erase(args.begin());
    }
    ASSERT_FALSE(args.empty());
    const fs::path& root = tmp.path();
    if (args[0] == "cp") {
      ASSERT_EQ(args.size(), 3u) << line;
      const testing::TxtarFile* src = archive.Find(args[1]);
      if (src) {
        tmp.Write(args[2], src->data);
      } else {
        fs::copy_file(root / args[1], root / args[2], fs::copy_options::overwrite_existing);
      }
      continue;
    }
    if (args[0] == "rm") {
      fs::remove_all(root / args[1]);
      continue;
    }
    if (args[0] == "mkdir") {
      fs::create_directories(root / args[1]);
      continue;
    }
    if (args[0] == "symlink") {
      fs::create_symlink(args[1], root / args[2]);
      continue;
    }
    if (args[0] == "chmod") {
      ::chmod((root / args[2]).c_str(), static_cast<mode_t>(std::stoi(args[1], nullptr, 8)));
      continue;
    }
    ASSERT_EQ(args[0], "schema") << file << ": unknown command: " << line;
    ++schema_runs;
    args.erase(args.begin());
    cli::RunEnv env;
    env.cwd = root;
    env.stdout_is_tty = false;
    env.getenv = [](const std::string&) -> std::optional<std::string> { return std::nullopt; };
    std::ostringstream out, err;
    int rc = cli::Run(args, out, err, env);
    std::string stdout_name =
        total_runs == 1 ? "want/stdout" : "want/stdout." + std::to_string(schema_runs);
    std::string stderr_name =
        total_runs == 1 ? "want/stderr" : "want/stderr." + std::to_string(schema_runs);
    if (update) {
      archive.Set(stdout_name, out.str());
      if (!err.str().empty() || archive.Find(stderr_name)) archive.Set(stderr_name, err.str());
      changed = true;
    } else {
      const testing::TxtarFile* want = archive.Find(stdout_name);
      ASSERT_NE(want, nullptr) << file << ": no " << stdout_name
                               << " section (run with SSE_UPDATE_GOLDEN=1)";
      EXPECT_EQ(out.str(), want->data) << file << ": `" << line << "` stdout differs";
      if (const testing::TxtarFile* want_err = archive.Find(stderr_name)) {
        EXPECT_EQ(err.str(), want_err->data) << file << ": `" << line << "` stderr differs";
      }
    }
    EXPECT_EQ(rc, want_exit) << file << ": `" << line << "` exit code; stderr:\n" << err.str();
  }
  if (update && changed) {
    std::ofstream o(file, std::ios::binary | std::ios::trunc);
    o << archive.Format();
  }
}

std::string ScenarioName(const ::testing::TestParamInfo<fs::path>& info) {
  std::string rel = info.param.lexically_relative(testing::SourceDir() / "testdata/scenarios")
                        .replace_extension()
                        .generic_string();
  for (char& c : rel) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return rel;
}

INSTANTIATE_TEST_SUITE_P(Scenarios, ScenarioTest, ::testing::ValuesIn(FindScenarios()),
                         ScenarioName);
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(ScenarioTest);

}  // namespace
}  // namespace sse
