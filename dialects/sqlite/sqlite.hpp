#pragma once
/// The SQLite and Cloudflare D1 dialects: replay by execution. Each migration is executed in an
/// in-memory SQLite database the way its tool sends it (the reader's chunks: Drizzle's
/// `--> statement-breakpoint` pieces, wrangler's one statement per batch entry; Migration::tx for
/// the transaction), statement by statement, and the database is then introspected into the
/// neutral model (inspect.hpp), so the replay is exact by construction.
/// Conventions and limits: docs/dialects/sqlite.md.

#include <string>
#include <string_view>

#include "core/model/replay.hpp"

namespace sse::sqlite {

class SqliteReplayer final : public Replayer {
 public:
  /// `dialect` is "sqlite" or "d1" (D1 runs with foreign keys enforced, as Cloudflare does).
  explicit SqliteReplayer(std::string dialect = "sqlite") : dialect_(std::move(dialect)) {}
  model::SetReplay Replay(const MigrationSet& set, int up_to = -1) const override;
  /// Executes a plain .sql file statement by statement in autocommit (as `sqlite3 db < file`
  /// does). A syntax error is an ErrorCode::kParse Error at its line; other failures (an object
  /// that already exists or is missing) are problems of their statement.
  Result<model::SetReplay> LoadDdl(const SourceFile& file) const override;

 private:
  std::string dialect_;
};

/// An empty catalog of the dialect: the schema "main" exists.
model::Catalog NewCatalog(std::string_view dialect = "sqlite");

}  // namespace sse::sqlite
