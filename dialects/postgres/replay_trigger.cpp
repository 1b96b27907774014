// STUB: replay handlers for trigger (to be written).
#include "dialects/postgres/replay.hpp"
namespace sse::pg {

void ReplayCreateTrigger(ReplayContext& ctx, const PgQuery__CreateTrigStmt* stmt) {
  ctx.Unmodeled("not modelled yet");
  (void)stmt;
}

void DropTrigger(ReplayContext& ctx, const PgQuery__DropStmt* stmt, const PgQuery__Node* object) {
  ctx.Unmodeled("not modelled yet");
  (void)stmt;
  (void)object;
}

}  // namespace sse::pg
