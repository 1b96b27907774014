#pragma once
/// One Alembic revision file read statically (FORMATS.md 1.1-1.2): the module-level
/// `revision`, `down_revision`, `branch_labels` and `depends_on`, the module docstring (name and
/// `Revises:` line) and whether `upgrade()` does nothing. Python is never executed.

#include <optional>
#include <string_view>
#include <vector>

#include "core/migrations/migration.hpp"

namespace sse {

struct AlembicRevision {
  std::optional<Migration> migration;  ///< nullopt when no revision id can be determined
  std::vector<Finding> findings;       ///< SCH011 for this file, in line order
};

/// Reads a loaded revision file; `file_name` is its base name (legacy id fallback, messages).
AlembicRevision ReadAlembicRevision(const SourceFilePtr& file, std::string_view file_name);

/// True when `text` assigns both `revision` and `down_revision` at module level (the probe's
/// test for a folder of revisions without a config).
bool LooksLikeAlembicRevision(std::string_view text);

/// Alembic's `(?!\.\#|__init__)(.*\.py)$` (with `sourceless`: `(.*\.py)(c|o)?$`).
bool IsAlembicScriptName(std::string_view name, bool sourceless);

}  // namespace sse
