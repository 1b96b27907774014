// STUB: replay handlers for sequence (to be written).
#include "dialects/postgres/replay.hpp"
namespace sse::pg {

void ReplayCreateSequence(ReplayContext& ctx, const PgQuery__CreateSeqStmt* stmt) {
  ctx.Unmodeled("not modelled yet");
  (void)stmt;
}

void ReplayAlterSequence(ReplayContext& ctx, const PgQuery__AlterSeqStmt* stmt) {
  ctx.Unmodeled("not modelled yet");
  (void)stmt;
}

void DropSequence(ReplayContext& ctx, const PgQuery__DropStmt* stmt, const model::QualifiedName& name) {
  ctx.Unmodeled("not modelled yet");
  (void)stmt;
  (void)name;
}

}  // namespace sse::pg
