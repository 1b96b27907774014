// STUB: replay handlers for view (to be written).
#include "dialects/postgres/replay.hpp"
namespace sse::pg {

void ReplayCreateView(ReplayContext& ctx, const PgQuery__ViewStmt* stmt) {
  ctx.Unmodeled("not modelled yet");
  (void)stmt;
}

void ReplayCreateTableAs(ReplayContext& ctx, const PgQuery__CreateTableAsStmt* stmt) {
  ctx.Unmodeled("not modelled yet");
  (void)stmt;
}

void DropView(ReplayContext& ctx, const PgQuery__DropStmt* stmt, const model::QualifiedName& name, bool materialized) {
  ctx.Unmodeled("not modelled yet");
  (void)stmt;
  (void)name;
  (void)materialized;
}

}  // namespace sse::pg
