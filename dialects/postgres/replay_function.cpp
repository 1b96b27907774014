// STUB: replay handlers for function (to be written).
#include "dialects/postgres/replay.hpp"
namespace sse::pg {

void ReplayCreateFunction(ReplayContext& ctx, const PgQuery__CreateFunctionStmt* stmt) {
  ctx.Unmodeled("not modelled yet");
  (void)stmt;
}

void ReplayAlterFunction(ReplayContext& ctx, const PgQuery__AlterFunctionStmt* stmt) {
  ctx.Unmodeled("not modelled yet");
  (void)stmt;
}

void DropFunction(ReplayContext& ctx, const PgQuery__DropStmt* stmt, const PgQuery__Node* object, bool procedure) {
  ctx.Unmodeled("not modelled yet");
  (void)stmt;
  (void)object;
  (void)procedure;
}

void ReplayCall(ReplayContext& ctx, const PgQuery__Node* stmt) {
  ctx.Unmodeled("not modelled yet");
  (void)stmt;
}

}  // namespace sse::pg
