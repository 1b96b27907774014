#pragma once
/// Detection: finds every migration set under a path. A repository may hold several (one
/// Alembic tree per dialect, Drizzle folders per dialect, a D1 folder per worker).

#include <optional>
#include <string>
#include <vector>

#include "core/migrations/reader.hpp"

namespace sse {

struct DetectOptions {
  fs::path cwd;              ///< working directory (display paths are relative to it)
  std::optional<Tool> tool;  ///< --tool: keep only this tool; read PATH as one if none found
  std::vector<std::string> exclude;  ///< glob patterns of display paths not to walk
  int max_depth = 48;
};

struct Detection {
  std::vector<Candidate> candidates;  ///< in display-path order
  std::vector<Finding> findings;      ///< configuration problems found while probing
  std::vector<std::string> warnings;  ///< walk problems (symlink loop, unreadable folder)
  /// Files the lint checks need beside the migration sets, found by the same walk.
  std::vector<fs::path> dockerfiles;    ///< Dockerfile, Dockerfile.*, *.Dockerfile
  std::vector<fs::path> dockerignores;  ///< .dockerignore
  std::vector<fs::path> sum_files;      ///< schema.sum
};

/// Walks `root` (a directory, or a file whose folder is taken) once, probing every directory.
Result<Detection> DetectSets(const fs::path& root, const DetectOptions& options);

/// Reads every candidate (in parallel), in candidate order.
std::vector<MigrationSet> ReadSets(const std::vector<Candidate>& candidates, const fs::path& cwd);

/// Folders the walk never enters: VCS metadata, dependency caches, build output of other tools.
bool IsSkippedDirName(std::string_view name);

}  // namespace sse
