#include "cli/run.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <ostream>

#include <CLI/CLI.hpp>

#include "cli/commands.hpp"

namespace sse::cli {

RunEnv RunEnv::FromProcess() {
  RunEnv env;
  std::error_code ec;
  env.cwd = fs::current_path(ec);
  env.stdout_is_tty = ::isatty(STDOUT_FILENO) == 1;
  env.exiting_after_run = true;
  env.getenv = [](const std::string& name) -> std::optional<std::string> {
    const char* v = std::getenv(name.c_str());
    if (!v) return std::nullopt;
    return std::string(v);
  };
  return env;
}

int Run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err,
        const RunEnv& env) {
  CLI::App app{"schema: check database migration sets before they reach production", "schema"};
  app.set_version_flag("--version", std::string("schema ") + SSE_VERSION);
  app.require_subcommand(1);
  CommonOptions options;
  std::vector<std::pair<CLI::App*, Handler>> commands;
  auto add = [&](Handler h) {
    commands.emplace_back(app.get_subcommands({}).back(), std::move(h));
  };
  add(AddLintCommand(app, options));
  add(AddGraphCommand(app, options));
  add(AddLockCommand(app, options));
  add(AddSnapshotCommand(app, options));
  add(AddDiffCommand(app, options));
  add(AddDriftCommand(app, options));
  add(AddRulesCommand(app, options));
  try {
    std::vector<std::string> reversed(args.rbegin(), args.rend());
    app.parse(reversed);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e, out, err);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e, out, err);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e, out, err);
  } catch (const CLI::ParseError& e) {
    err << "schema: " << e.what() << "\nRun 'schema --help' for usage.\n";
    return 2;
  }
  Context ctx{env, out, err, options};
  for (auto& [cmd, handler] : commands) {
    if (cmd->parsed()) {
      try {
        return handler(ctx);
      } catch (const std::exception& e) {
        err << "schema: internal error: " << e.what() << "\n";
        return 3;
      }
    }
  }
  err << "schema: no command given\nRun 'schema --help' for usage.\n";
  return 2;
}

}  // namespace sse::cli
