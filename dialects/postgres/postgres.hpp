#pragma once
/// The PostgreSQL dialect: static replay through libpg_query, and its rules (SCH5xx).

#include <string_view>

#include "core/model/replay.hpp"

namespace sse::pg {

class PostgresReplayer final : public Replayer {
 public:
  model::SetReplay Replay(const MigrationSet& set, int up_to = -1) const override;
  Result<model::SetReplay> LoadDdl(const SourceFile& file) const override;
};

/// A fresh PostgreSQL catalog: the "public" schema exists, as in a new database.
model::Catalog NewCatalog();

/// The tool's history table as the tool creates it on PostgreSQL before the first migration
/// (FORMATS.md); empty for tools without one there (plain SQL) or whose table lives in a schema of
/// its own that migrations never touch (Drizzle).
std::string_view LedgerDdl(Tool tool);

}  // namespace sse::pg
