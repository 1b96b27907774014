// schema snapshot SOURCE [-o FILE]: the canonical JSON snapshot of any source.

#include <memory>
#include <ostream>

#include "cli/commands.hpp"
#include "cli/sources.hpp"
#include "core/model/snapshot.hpp"

namespace sse::cli {

Handler AddSnapshotCommand(CLI::App& app, CommonOptions& options) {
  auto source = std::make_shared<std::string>();
  auto db_options = std::make_shared<DatabaseOptions>();
  CLI::App* cmd = app.add_subcommand("snapshot", "Write the canonical JSON snapshot of a source");
  cmd->add_option("source", *source,
                  "Migration folder (DIR or DIR@REV), .json snapshot, .sql file or database")
      ->required();
  AddDatabaseOptions(cmd, *db_options);
  AddCommonOptions(cmd, options, {"json"});
  return [source, db_options](Context& ctx) -> int {
    auto resolved = ResolveSource(ctx, *source, *db_options);
    if (!resolved.ok()) return ReportError(ctx, resolved.error());
    WarnSourceFindings(ctx, *resolved);
    if (auto f = UnmodeledFinding(*resolved)) WarnFinding(ctx, *f);
    // Written as it is produced, not built as a document first (at 10,000 tables that took
    // three times the memory of the 40 MB text); the catalog is kept until the process ends.
    if (ctx.options.out.empty()) {
      model::WriteSnapshot(resolved->catalog, ctx.out);
      KeepUntilExit(ctx, std::move(*resolved));
      return 0;
    }
    std::string text = model::WriteSnapshot(resolved->catalog);
    KeepUntilExit(ctx, std::move(*resolved));
    fs::path p = ctx.options.out;
    if (p.is_relative()) p = ctx.env.cwd / p;
    auto st = WriteFileAtomic(p, text);
    if (!st.ok()) return ReportError(ctx, st.error());
    return 0;
  };
}

}  // namespace sse::cli
