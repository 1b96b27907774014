// STUB: replay handlers for rename (to be written).
#include "dialects/postgres/replay.hpp"
namespace sse::pg {

void ReplayRename(ReplayContext& ctx, const PgQuery__RenameStmt* stmt) {
  ctx.Unmodeled("not modelled yet");
  (void)stmt;
}

}  // namespace sse::pg
