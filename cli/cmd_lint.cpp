// schema lint [PATH...]: every migration set under PATH, its revision graph and its files.

#include <memory>

#include "cli/commands.hpp"
#include "core/util/strings.hpp"

namespace sse::cli {

Handler AddLintCommand(CLI::App& app, CommonOptions& options) {
  auto paths = std::make_shared<std::vector<std::string>>();
  CLI::App* cmd = app.add_subcommand(
      "lint", "Lint every migration set under PATH (default .); needs no database");
  cmd->add_option("paths", *paths, "Folders (or files) to scan");
  AddCommonOptions(cmd, options);
  return [paths](Context& ctx) -> int {
    auto loaded = LoadForCommand(ctx, *paths);
    if (!loaded.ok()) return ReportError(ctx, loaded.error());
    const Workspace& ws = loaded->workspace;
    if (ws.sets.empty() && !ctx.options.quiet) {
      ctx.err << "schema: warning: no migration sets found under "
              << (paths->empty() ? std::string(".") : Join(*paths, ", ")) << "\n";
    }
    Report report;
    report.command = "lint";
    report.sets = Summaries(ws);
    report.findings = RunChecks(ws, loaded->options, loaded->config_ptr());
    int rc = EmitReport(ctx, report, loaded->config);
    KeepUntilExit(ctx, std::move(loaded->workspace));
    return rc;
  };
}

}  // namespace sse::cli
