#pragma once
/// One function per command; each registers its subcommand and returns the handler to run after
/// parsing (ninja's subtool table, in CLI11's shape).

#include <functional>

#include <CLI/CLI.hpp>

#include "cli/options.hpp"
#include "cli/sources.hpp"
#include "core/diff/diff.hpp"

namespace sse::cli {

using Handler = std::function<int(Context&)>;

Handler AddLintCommand(CLI::App& app, CommonOptions& options);
Handler AddGraphCommand(CLI::App& app, CommonOptions& options);
Handler AddLockCommand(CLI::App& app, CommonOptions& options);
Handler AddRulesCommand(CLI::App& app, CommonOptions& options);
Handler AddSnapshotCommand(CLI::App& app, CommonOptions& options);
Handler AddDiffCommand(CLI::App& app, CommonOptions& options);
Handler AddDriftCommand(CLI::App& app, CommonOptions& options);

/// --env and --connect-timeout, for commands that take database sources.
void AddDatabaseOptions(CLI::App* cmd, DatabaseOptions& options);

/// The differences between two catalogs, each first brought to its dialect's comparison
/// form (PostgreSQL: expressions and view queries normalised, see dialects/postgres/normalize.hpp),
/// with the user's --exclude globs. The catalogs are taken over (brought to that form in place)
/// and kept until the process exits (freeing them piece by piece would only delay it).
std::vector<diff::Difference> CompareCatalogs(const Context& ctx, model::Catalog expected,
                                              model::Catalog actual);

/// Prints a diff / drift report; the exit code is 1 for any difference, whatever --fail-on says.
int EmitDifferenceReport(Context& ctx, const Report& report);

/// The report of diff / drift: SCH801-SCH803 per difference, SCH804 per source with unmodelled
/// statements, and the structured `drift` member (CONTRACT.md).
Report DifferenceReport(std::string command, const ResolvedSource& expected,
                        const std::string& actual, const std::vector<diff::Difference>& diffs,
                        const ResolvedSource* actual_source = nullptr);

}  // namespace sse::cli
