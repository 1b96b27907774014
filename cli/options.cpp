#include "cli/options.hpp"

#include <fstream>
#include <memory>
#include <mutex>
#include <ostream>
#include <sstream>

#include <fmt/format.h>

#include "core/migrations/tool.hpp"
#include "core/util/timing.hpp"
#include "dialects/dialect.hpp"

namespace sse::cli {

void AddCommonOptions(CLI::App* cmd, CommonOptions& o, std::vector<std::string> formats) {
  std::vector<std::string> tools;
  for (Tool t : AllTools()) tools.emplace_back(ToolName(t));
  cmd->add_option("--tool", o.tool, "Migration tool, overriding detection")
      ->check(CLI::IsMember(tools))
      ->group("Common");
  cmd->add_option("--dialect", o.dialect, "SQL dialect, overriding detection")
      ->check(CLI::IsMember({"postgres", "sqlite", "d1"}))
      ->group("Common");
  cmd->add_option("--format", o.format, "Report format")
      ->check(CLI::IsMember(formats))
      ->group("Common");
  cmd->add_option("-o,--out", o.out, "Write the report to FILE instead of stdout")->group("Common");
  cmd->add_option("--fail-on", o.fail_on,
                  "Lowest severity that makes the exit code 1 (default: error)")
      ->check(CLI::IsMember({"error", "warning", "info"}))
      ->group("Common");
  cmd->add_option("--config", o.config, "Config file (default: schema.toml found upward from PATH)")
      ->group("Common");
  cmd->add_option("--exclude", o.exclude, "Glob of paths or objects to ignore (repeatable)")
      ->allow_extra_args(false)
      ->group("Common");
  cmd->add_flag("-q,--quiet", o.quiet, "Print findings only")->group("Common");
  cmd->add_flag("-v,--verbose", o.verbose, "Print more detail")->group("Common");
}

int ReportError(Context& ctx, const Error& error) {
  ctx.err << "schema: " << error.ToString() << "\n";
  return error.ExitCode();
}

Result<std::optional<LintConfig>> ResolveConfig(Context& ctx, const std::string& start) {
  std::optional<fs::path> file;
  if (!ctx.options.config.empty()) {
    fs::path p = ctx.options.config;
    if (p.is_relative()) p = ctx.env.cwd / p;
    std::error_code ec;
    if (!fs::is_regular_file(p, ec)) {
      return Error(ErrorCode::kConfig,
                   fmt::format("config file {} does not exist", ctx.options.config));
    }
    file = p;
  } else {
    fs::path s = start.empty() ? ctx.env.cwd : fs::path(start);
    if (s.is_relative()) s = ctx.env.cwd / s;
    file = FindConfig(s);
  }
  if (!file) return std::optional<LintConfig>();
  auto cfg = LoadConfig(*file, ctx.env.cwd);
  if (!cfg.ok()) return std::move(cfg).error();
  return std::optional<LintConfig>(std::move(cfg).value());
}

Result<LintOptions> MakeLintOptions(Context& ctx, const std::optional<LintConfig>& config) {
  LintOptions lo;
  lo.cwd = ctx.env.cwd;
  if (!ctx.options.tool.empty()) lo.tool = ParseTool(ctx.options.tool);
  lo.dialect = ctx.options.dialect;
  lo.dialects = &Dialects();
  lo.exclude = ctx.options.exclude;
  if (config) {
    std::string dir = DisplayPath(ctx.env.cwd, config->dir);
    for (const std::string& g : config->exclude) lo.exclude.push_back(JoinDisplay(dir, g));
  }
  return lo;
}

std::vector<SetSummary> Summaries(const Workspace& ws) {
  std::vector<SetSummary> out;
  for (const SetAnalysis& a : ws.sets) {
    SetSummary s;
    s.tool = std::string(ToolName(a.set.tool));
    s.dialect = a.set.dialect;
    s.path = a.set.root;
    s.migrations = a.set.migrations.size();
    for (int h : a.graph.Heads()) s.heads.push_back(a.graph.Id(h));
    for (int b : a.graph.Bases()) s.bases.push_back(a.graph.Id(b));
    out.push_back(std::move(s));
  }
  return out;
}

Result<Loaded> LoadForCommand(Context& ctx, const std::vector<std::string>& paths, bool replay) {
  Loaded loaded;
  SSE_TRY(loaded.config, ResolveConfig(ctx, paths.empty() ? "" : paths.front()));
  SSE_TRY(loaded.options, MakeLintOptions(ctx, loaded.config));
  LintOptions load_options = loaded.options;
  if (!replay) load_options.dialects = nullptr;
  SSE_TRY(loaded.workspace, LoadWorkspace(paths, load_options));
  PrintWarnings(ctx, loaded.workspace.warnings);
  return loaded;
}

void KeepUntilExit(const Context& ctx, Workspace&& ws) {
  if (!ctx.env.exiting_after_run) return;
  KeepAnyUntilExit(ctx, std::make_shared<Workspace>(std::move(ws)));
}

void KeepAnyUntilExit(const Context& ctx, std::shared_ptr<void> value) {
  if (!ctx.env.exiting_after_run) return;
  // Never destroyed, not even by static destructors at exit; reachable, so not a leak. A source
  // resolved on another thread (BackgroundSource) keeps its values too, hence the lock.
  static auto* mu = new std::mutex();
  static auto* kept = new std::vector<std::shared_ptr<void>>();
  std::lock_guard<std::mutex> lock(*mu);
  kept->push_back(std::move(value));
}

void PrintWarnings(Context& ctx, const std::vector<std::string>& warnings) {
  if (ctx.options.quiet) return;
  for (const std::string& w : warnings) ctx.err << "schema: warning: " << w << "\n";
}

int EmitReport(Context& ctx, const Report& report, const std::optional<LintConfig>& config) {
  PhaseTimer timer("render");
  auto format = ParseReportFormat(ctx.options.format).value_or(ReportFormat::kText);
  RenderOptions ro;
  ro.quiet = ctx.options.quiet;
  ro.verbose = ctx.options.verbose;
  bool no_color = ctx.env.getenv && ctx.env.getenv("NO_COLOR").has_value();
  ro.color = format == ReportFormat::kText && ctx.options.out.empty() && ctx.env.stdout_is_tty &&
             !no_color;
  if (ctx.options.out.empty()) {
    Render(report, format, ro, ctx.out);
  } else {
    std::ostringstream buf;
    Render(report, format, ro, buf);
    fs::path p = ctx.options.out;
    if (p.is_relative()) p = ctx.env.cwd / p;
    auto st = WriteFileAtomic(p, buf.str());
    if (!st.ok()) return ReportError(ctx, st.error());
  }
  Severity fail_on = Severity::kError;
  if (config && config->fail_on) fail_on = *config->fail_on;
  if (!ctx.options.fail_on.empty())
    fail_on = ParseSeverity(ctx.options.fail_on).value_or(Severity::kError);
  for (const Finding& f : report.findings) {
    if (f.severity >= fail_on) return 1;
  }
  return 0;
}

}  // namespace sse::cli
