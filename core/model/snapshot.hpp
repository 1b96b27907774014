#pragma once
/// The canonical JSON snapshot of a catalog (`schema snapshot`): versioned, sorted and
/// byte-stable (the same catalog always gives the same bytes), sparse (fields at their default
/// are left out), and read back into an equal catalog.
///
///   {"format": "schema-snapshot", "version": 1, "dialect": "postgres",
///    "schemas": [...], "extensions": [...], "tables": [...], "views": [...], "indexes": [...],
///    "sequences": [...], "enums": [...], "domains": [...], "composite_types": [...],
///    "functions": [...]}

#include <ostream>
#include <string>

#include <nlohmann/json.hpp>

#include "core/model/catalog.hpp"
#include "core/util/result.hpp"
#include "core/util/source.hpp"

namespace sse::model {

inline constexpr int kSnapshotVersion = 1;

/// The snapshot as text: 2-space indented JSON and a final newline.
std::string WriteSnapshot(const Catalog& catalog);
/// The same text written to `out` as it is produced (a 10,000-table snapshot is 40 MB).
void WriteSnapshot(const Catalog& catalog, std::ostream& out);
/// Reads a snapshot; errors name the file and, for syntax errors, the line.
Result<Catalog> ReadSnapshot(const SourceFile& file);
/// True when a parsed JSON document is a schema snapshot (has "format": "schema-snapshot").
bool IsSnapshot(const nlohmann::json& doc);

}  // namespace sse::model
