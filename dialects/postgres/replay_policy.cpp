// STUB: replay handlers for policy (to be written).
#include "dialects/postgres/replay.hpp"
namespace sse::pg {

void ReplayCreatePolicy(ReplayContext& ctx, const PgQuery__CreatePolicyStmt* stmt) {
  ctx.Unmodeled("not modelled yet");
  (void)stmt;
}

void ReplayAlterPolicy(ReplayContext& ctx, const PgQuery__AlterPolicyStmt* stmt) {
  ctx.Unmodeled("not modelled yet");
  (void)stmt;
}

void DropPolicy(ReplayContext& ctx, const PgQuery__DropStmt* stmt, const PgQuery__Node* object) {
  ctx.Unmodeled("not modelled yet");
  (void)stmt;
  (void)object;
}

}  // namespace sse::pg
