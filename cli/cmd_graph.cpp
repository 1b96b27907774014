// schema graph [PATH] [--format text|dot|mermaid|json]: draws the revision graph(s).

#include <memory>
#include <ostream>

#include "cli/commands.hpp"
#include "core/graph/graph_render.hpp"

namespace sse::cli {

Handler AddGraphCommand(CLI::App& app, CommonOptions& options) {
  auto paths = std::make_shared<std::vector<std::string>>();
  CLI::App* cmd =
      app.add_subcommand("graph", "Draw the revision graph(s) of the migration sets under PATH");
  cmd->add_option("paths", *paths, "Folders to scan (default .)");
  AddCommonOptions(cmd, options, {"text", "dot", "mermaid", "json"});
  return [paths](Context& ctx) -> int {
    auto loaded = LoadForCommand(ctx, *paths);
    if (!loaded.ok()) return ReportError(ctx, loaded.error());
    const Workspace* ws = &loaded->workspace;
    const std::string& format = ctx.options.format;
    std::string drawing;
    if (format == "dot") {
      drawing = GraphDot(ws->sets);
    } else if (format == "mermaid") {
      drawing = GraphMermaid(ws->sets);
    } else if (format == "json") {
      Report report;
      report.command = "graph";
      report.sets = Summaries(*ws);
      nlohmann::ordered_json graphs = nlohmann::ordered_json::array();
      for (const SetAnalysis& a : ws->sets) graphs.push_back(GraphJson(a));
      report.extra["graph"] = std::move(graphs);
      CommonOptions saved = ctx.options;
      ctx.options.fail_on = "error";
      int rc = EmitReport(ctx, report, std::nullopt);
      ctx.options = saved;
      return rc;
    } else {
      for (size_t i = 0; i < ws->sets.size(); ++i)
        drawing += (i ? "\n" : "") + GraphText(ws->sets[i]);
      if (ws->sets.empty()) drawing = "no migration sets found\n";
    }
    if (ctx.options.out.empty()) {
      ctx.out << drawing;
    } else {
      fs::path p = ctx.options.out;
      if (p.is_relative()) p = ctx.env.cwd / p;
      auto st = WriteFileAtomic(p, drawing);
      if (!st.ok()) return ReportError(ctx, st.error());
    }
    return 0;
  };
}

}  // namespace sse::cli
