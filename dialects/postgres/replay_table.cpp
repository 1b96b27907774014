// STUB: replay handlers for table (to be written).
#include "dialects/postgres/replay.hpp"
namespace sse::pg {

void ReplayCreateTable(ReplayContext& ctx, const PgQuery__CreateStmt* stmt) {
  ctx.Unmodeled("not modelled yet");
  (void)stmt;
}

void ReplayAlterTable(ReplayContext& ctx, const PgQuery__AlterTableStmt* stmt) {
  ctx.Unmodeled("not modelled yet");
  (void)stmt;
}

void ReplayTruncate(ReplayContext& ctx, const PgQuery__TruncateStmt* stmt) {
  ctx.Unmodeled("not modelled yet");
  (void)stmt;
}

void DropTable(ReplayContext& ctx, const PgQuery__DropStmt* stmt, const model::QualifiedName& name) {
  ctx.Unmodeled("not modelled yet");
  (void)stmt;
  (void)name;
}

void RenameTableOrColumn(ReplayContext& ctx, const PgQuery__RenameStmt* stmt) {
  ctx.Unmodeled("not modelled yet");
  (void)stmt;
}

}  // namespace sse::pg
