// STUB: replay handlers for index (to be written).
#include "dialects/postgres/replay.hpp"
namespace sse::pg {

void ReplayCreateIndex(ReplayContext& ctx, const PgQuery__IndexStmt* stmt) {
  ctx.Unmodeled("not modelled yet");
  (void)stmt;
}

void DropIndex(ReplayContext& ctx, const PgQuery__DropStmt* stmt, const model::QualifiedName& name) {
  ctx.Unmodeled("not modelled yet");
  (void)stmt;
  (void)name;
}

}  // namespace sse::pg
