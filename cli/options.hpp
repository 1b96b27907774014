#pragma once
/// Options shared by every command (CONTRACT.md "Common options") and the plumbing every command
/// needs: resolving the config, building LintOptions, writing the report, choosing the exit code.

#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "cli/run.hpp"
#include "core/lint/config.hpp"
#include "core/lint/linter.hpp"
#include "core/report/report.hpp"

namespace sse::cli {

struct CommonOptions {
  std::string tool;
  std::string dialect;
  std::string format = "text";
  std::string out;
  std::string fail_on;
  std::string config;
  std::vector<std::string> exclude;
  bool quiet = false;
  bool verbose = false;
};

/// Registers the common options on a subcommand; `formats` are the accepted --format values.
void AddCommonOptions(CLI::App* cmd, CommonOptions& options,
                      std::vector<std::string> formats = {"text", "json", "sarif", "github",
                                                          "markdown"});

/// Everything a command needs from the outside world.
struct Context {
  const RunEnv& env;
  std::ostream& out;
  std::ostream& err;
  CommonOptions options;
};

/// Prints "schema: <error>" and returns the error's exit code (2 input, 3 operational).
int ReportError(Context& ctx, const Error& error);

/// Loads --config, or schema.toml found upward from `start`; nullopt config when none exists.
Result<std::optional<LintConfig>> ResolveConfig(Context& ctx, const std::string& start);

/// LintOptions from the common options and the config (config excludes are relative to it).
Result<LintOptions> MakeLintOptions(Context& ctx, const std::optional<LintConfig>& config);

/// Renders the report to stdout or --out; returns 0, or 1 when a finding is at or above
/// --fail-on (default from the config, else error), or 2 when the output cannot be written.
int EmitReport(Context& ctx, const Report& report, const std::optional<LintConfig>& config);

/// The "sets" entries of a workspace.
std::vector<SetSummary> Summaries(const Workspace& ws);

/// What lint, graph and lock start from: the config, the lint options and the workspace.
struct Loaded {
  std::optional<LintConfig> config;
  LintOptions options;
  Workspace workspace;
  const LintConfig* config_ptr() const { return config ? &*config : nullptr; }
};

/// Resolves the config (from the first path), builds the lint options, loads every migration
/// set under `paths` and prints the walk's warnings. With `replay` false the sets are read and
/// linked but not replayed (snapshot, diff and drift replay one set to the point they need).
Result<Loaded> LoadForCommand(Context& ctx, const std::vector<std::string>& paths,
                              bool replay = true);

/// Keeps a workspace alive until the process ends when the CLI runs as the real process
/// (RunEnv::exiting_after_run): freeing 100,000 parsed migrations one by one costs more than the
/// lint itself. The workspace stays reachable, so leak checkers do not report it.
void KeepUntilExit(const Context& ctx, Workspace&& ws);

/// The same for any big value (a catalog, a snapshot's JSON tree): freeing it piece by piece
/// would only delay the exit.
void KeepAnyUntilExit(const Context& ctx, std::shared_ptr<void> value);
template <typename T>
void KeepUntilExit(const Context& ctx, T&& value) {
  KeepAnyUntilExit(ctx, std::make_shared<std::decay_t<T>>(std::forward<T>(value)));
}

/// Prints walk warnings to stderr unless --quiet.
void PrintWarnings(Context& ctx, const std::vector<std::string>& warnings);

}  // namespace sse::cli
