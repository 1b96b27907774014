// STUB: replay handlers for type (to be written).
#include "dialects/postgres/replay.hpp"
namespace sse::pg {

void ReplayCreateEnum(ReplayContext& ctx, const PgQuery__CreateEnumStmt* stmt) {
  ctx.Unmodeled("not modelled yet");
  (void)stmt;
}

void ReplayAlterEnum(ReplayContext& ctx, const PgQuery__AlterEnumStmt* stmt) {
  ctx.Unmodeled("not modelled yet");
  (void)stmt;
}

void ReplayCreateDomain(ReplayContext& ctx, const PgQuery__CreateDomainStmt* stmt) {
  ctx.Unmodeled("not modelled yet");
  (void)stmt;
}

void ReplayAlterDomain(ReplayContext& ctx, const PgQuery__AlterDomainStmt* stmt) {
  ctx.Unmodeled("not modelled yet");
  (void)stmt;
}

void ReplayCompositeType(ReplayContext& ctx, const PgQuery__CompositeTypeStmt* stmt) {
  ctx.Unmodeled("not modelled yet");
  (void)stmt;
}

void DropType(ReplayContext& ctx, const PgQuery__DropStmt* stmt, const model::QualifiedName& name, bool domain) {
  ctx.Unmodeled("not modelled yet");
  (void)stmt;
  (void)name;
  (void)domain;
}

}  // namespace sse::pg
