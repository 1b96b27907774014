#pragma once
/// Small helpers shared by the checks.

#include <string>
#include <vector>

#include "core/lint/catalog.hpp"
#include "core/lint/lint_context.hpp"

namespace sse::rules {

/// "down_revision = 'x'" / "depends_on = 'x'" for a parent reference.
std::string DescribeRef(const ParentRef& ref);
/// The migration behind a graph node.
const Migration& NodeMigration(const SetAnalysis& a, int node);
/// The ids of a list of nodes, joined with ", ".
std::string NodeIds(const SetAnalysis& a, const std::vector<int>& nodes);
/// The file-name stem of a display path ("a/b/0001_x.py" -> "0001_x").
std::string FileStem(const std::string& path);
std::string FileName(const std::string& path);
/// A short name for a snapshot file: "0003_snapshot.json", or "<folder>/snapshot.json" for
/// Drizzle's folder-per-migration layout where every snapshot has the same file name.
std::string SnapshotName(const std::string& path);
/// "alembic upgrade head" etc.: how the tool's users apply migrations, for messages.
std::string ApplyCommand(Tool tool);

}  // namespace sse::rules
