#pragma once
/// The lint pipeline: detect the migration sets under the given paths, read them, build their
/// revision graphs, run every check, then apply schema.toml. `schema graph` and `schema lock`
/// use the first half (LoadWorkspace).

#include <optional>
#include <string>
#include <vector>

#include "core/lint/config.hpp"
#include "core/lint/lint_context.hpp"
#include "core/migrations/detect.hpp"

namespace sse {

struct LintOptions {
  fs::path cwd;
  std::optional<Tool> tool;          ///< --tool
  std::string dialect;               ///< --dialect override ("" = detected)
  std::vector<std::string> exclude;  ///< --exclude globs (display paths)
  /// The dialects built into the binary (replay and dialect rules); nullptr: graph checks only.
  const DialectSet* dialects = nullptr;
};

/// Every set found under the paths, read and linked, plus what the walk collected.
struct Workspace {
  std::vector<SetAnalysis> sets;
  std::vector<Finding> reader_findings;  ///< from detection and readers
  std::vector<std::string> warnings;     ///< walk problems, for stderr
  std::vector<fs::path> roots;
  std::vector<fs::path> dockerfiles, dockerignores, sum_files;
};

/// Detects and reads every migration set under `paths` (a missing path is a kNotFound error).
Result<Workspace> LoadWorkspace(const std::vector<std::string>& paths, const LintOptions& options);

/// Runs every check over a workspace; returns reader findings plus check findings, with the
/// config applied, sorted and deduplicated.
std::vector<Finding> RunChecks(const Workspace& ws, const LintOptions& options,
                               const LintConfig* config);

}  // namespace sse
