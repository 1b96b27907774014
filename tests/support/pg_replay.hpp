#pragma once
/// Test helper: replays PostgreSQL SQL text (one migration, or several) statically and returns
/// the catalog and what each statement did.

#include <string>
#include <vector>

#include "core/model/replay.hpp"

namespace sse::testing {

struct PgReplay {
  model::Catalog catalog;
  /// Statements of every migration, in order.
  std::vector<model::ReplayedStatement> statements;
  /// All problems (SCH401/402/403) of all statements, "CODE: message".
  std::vector<std::string> problems;
};

/// Replays each string as one migration (a golang-migrate-like set, postgres dialect).
PgReplay ReplayPg(const std::vector<std::string>& migrations);
inline PgReplay ReplayPg(const std::string& sql) { return ReplayPg(std::vector<std::string>{sql}); }

}  // namespace sse::testing
