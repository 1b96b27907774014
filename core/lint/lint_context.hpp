#pragma once
/// What every check sees: all migration sets of the run with their revision graphs, the scanned
/// roots and the auxiliary files the detection walk collected (Dockerfiles, .dockerignore,
/// schema.sum).

#include <string>
#include <vector>

#include <optional>

#include "core/graph/revision_graph.hpp"
#include "core/migrations/migration.hpp"
#include "core/model/replay.hpp"
#include "core/util/fs.hpp"

namespace sse {

/// A migration set, its graph and, when its dialect has a replayer, its static replay.
struct SetAnalysis {
  MigrationSet set;
  RevisionGraph graph;
  std::optional<model::SetReplay> replay;
};

struct LintContext {
  const std::vector<SetAnalysis>* sets = nullptr;
  fs::path cwd;
  std::vector<fs::path> roots;        ///< scanned folders (absolute)
  std::vector<fs::path> dockerfiles;  ///< Dockerfile, *.Dockerfile, Dockerfile.* under the roots
  std::vector<fs::path> dockerignores;
  std::vector<fs::path> sum_files;  ///< schema.sum files under the roots
};

/// A check: reads the context, appends findings (made with MakeFinding).
using CheckFn = void (*)(const LintContext&, std::vector<Finding>&);

#define SSE_RULE(code, name, severity, check, summary) \
  void check(const LintContext& ctx, std::vector<Finding>& out);
void NoCheck(const LintContext& ctx, std::vector<Finding>& out);
#include "core/lint/rules.def"
#undef SSE_RULE

}  // namespace sse
