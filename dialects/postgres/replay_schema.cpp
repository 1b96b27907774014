// STUB: replay handlers for schema (to be written).
#include "dialects/postgres/replay.hpp"
namespace sse::pg {

void ReplayCreateSchema(ReplayContext& ctx, const PgQuery__CreateSchemaStmt* stmt) {
  ctx.Unmodeled("not modelled yet");
  (void)stmt;
}

void ReplayCreateExtension(ReplayContext& ctx, const PgQuery__CreateExtensionStmt* stmt) {
  ctx.Unmodeled("not modelled yet");
  (void)stmt;
}

void ReplayAlterExtension(ReplayContext& ctx, const PgQuery__AlterExtensionStmt* stmt) {
  ctx.Unmodeled("not modelled yet");
  (void)stmt;
}

void DropSchema(ReplayContext& ctx, const PgQuery__DropStmt* stmt, const std::string& name) {
  ctx.Unmodeled("not modelled yet");
  (void)stmt;
  (void)name;
}

void DropExtension(ReplayContext& ctx, const PgQuery__DropStmt* stmt, const std::string& name) {
  ctx.Unmodeled("not modelled yet");
  (void)stmt;
  (void)name;
}

void ReplayComment(ReplayContext& ctx, const PgQuery__CommentStmt* stmt) {
  ctx.Unmodeled("not modelled yet");
  (void)stmt;
}

void ReplayAlterObjectSchema(ReplayContext& ctx, const PgQuery__AlterObjectSchemaStmt* stmt) {
  ctx.Unmodeled("not modelled yet");
  (void)stmt;
}

}  // namespace sse::pg
