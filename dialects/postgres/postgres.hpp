#pragma once
/// The PostgreSQL dialect: static replay through libpg_query, and its rules (SCH5xx).

#include "core/model/replay.hpp"

namespace sse::pg {

class PostgresReplayer final : public Replayer {
 public:
  model::SetReplay Replay(const MigrationSet& set, int up_to = -1) const override;
  Result<model::SetReplay> LoadDdl(const SourceFile& file) const override;
};

/// A fresh PostgreSQL catalog: the "public" schema exists, as in a new database.
model::Catalog NewCatalog();

}  // namespace sse::pg
