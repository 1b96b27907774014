// schema lock [PATH]: writes PATH/schema.sum, the chained integrity file of every migration
// set under PATH; `schema lint` then reports locked files that were edited (SCH013).

#include <memory>
#include <set>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "core/migrations/sum_file.hpp"

namespace sse::cli {

Handler AddLockCommand(CLI::App& app, CommonOptions& options) {
  auto path = std::make_shared<std::string>(".");
  CLI::App* cmd = app.add_subcommand(
      "lock", "Write schema.sum, the chained integrity file of the migration sets under PATH");
  cmd->add_option("path", *path, "Folder to lock (default .)");
  AddCommonOptions(cmd, options);
  return [path](Context& ctx) -> int {
    fs::path dir = fs::path(*path).is_absolute() ? fs::path(*path) : ctx.env.cwd / *path;
    dir = dir.lexically_normal();
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) {
      return ReportError(ctx, Error(ErrorCode::kNotFound, fmt::format("{}: not a folder", *path)));
    }
    auto loaded = LoadForCommand(ctx, {*path});
    if (!loaded.ok()) return ReportError(ctx, loaded.error());
    const Workspace* ws = &loaded->workspace;
    std::vector<std::pair<std::string, std::string>> files;
    std::set<std::string> seen;
    for (const SetAnalysis& a : ws->sets) {
      for (const Migration& m : a.set.migrations) {
        if (!m.file) continue;
        std::string rel =
            ((ctx.env.cwd / m.path).lexically_normal()).lexically_relative(dir).generic_string();
        if (!seen.insert(rel).second) continue;
        files.emplace_back(rel, m.file->content());
      }
    }
    fs::path sum_path = dir / "schema.sum";
    auto st = WriteFileAtomic(sum_path, RenderSumFile(files));
    if (!st.ok()) return ReportError(ctx, st.error());
    Report report;
    report.command = "lock";
    report.sets = Summaries(*ws);
    std::string display = DisplayPath(ctx.env.cwd, sum_path);
    report.extra["lock"] = {{"path", display}, {"files", files.size()}};
    report.text_body =
        fmt::format("wrote {}: {} file{} in {} migration set{}\n", display, files.size(),
                    files.size() == 1 ? "" : "s", ws->sets.size(), ws->sets.size() == 1 ? "" : "s");
    return EmitReport(ctx, report, loaded->config);
  };
}

}  // namespace sse::cli
