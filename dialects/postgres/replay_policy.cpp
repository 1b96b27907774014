// Row-level security policies: CREATE POLICY, ALTER POLICY (roles, USING, WITH CHECK), DROP
// POLICY [IF EXISTS]. Policies live on their table in the model. ALTER POLICY ... RENAME is in
// replay_rename.cpp; ALTER TABLE ENABLE/FORCE ROW LEVEL SECURITY in replay_table.cpp.

#include <fmt/format.h>

#include <algorithm>

#include "dialects/postgres/replay.hpp"

namespace sse::pg {

using model::ChangeOp;
using model::ObjectKind;
using model::QualifiedName;
using model::StatementKind;

namespace {

constexpr std::string_view kTempSchema = "pg_temp";

void Fails(ReplayContext& ctx, std::string code, std::string message, std::string help) {
  ctx.out.problems.push_back({std::move(code), std::move(message), std::move(help), std::nullopt});
  if (ctx.out.kind == StatementKind::kNoop) ctx.out.kind = StatementKind::kDdl;
}

QualifiedName ResolveRel(const ReplayContext& ctx, std::string_view schema,
                         std::string_view relname) {
  std::string name = TruncateIdentifier(relname);
  if (schema.empty() && ctx.catalog.HasRelation({std::string(kTempSchema), name})) {
    return {std::string(kTempSchema), name};
  }
  return ctx.ResolveRelation(schema, relname);
}

/// The table a policy statement names: nullptr (reported unless `missing_ok`) when it is not a
/// table.
model::Table* PolicyTable(ReplayContext& ctx, const PgQuery__RangeVar* rv, bool missing_ok,
                          QualifiedName& name) {
  name = ResolveRel(ctx, rv->schemaname ? rv->schemaname : "", rv->relname ? rv->relname : "");
  auto it = ctx.catalog.tables.find(name);
  if (it != ctx.catalog.tables.end()) return &it->second;
  if (ctx.catalog.HasRelation(name)) {
    // Even with IF EXISTS: "\"v\" is not a table".
    Fails(
        ctx, "SCH402",
        fmt::format(
            "table {} does not exist at this point of the migration history ({} is another kind of "
            "relation); the statement fails (\"{} is not a table\")",
            name.ToString(), name.ToString(), name.name),
        "policies go on tables");
    return nullptr;
  }
  if (!missing_ok) ctx.DoesNotExist(ObjectKind::kTable, name.ToString());
  return nullptr;
}

/// pg_policy.polroles as role names, sorted; PUBLIC alone when PUBLIC is among them (PostgreSQL
/// ignores the other roles, with a WARNING).
std::vector<std::string> Roles(PgQuery__Node* const* roles, size_t n) {
  std::vector<std::string> out;
  for (size_t i = 0; i < n; ++i) {
    const PgQuery__Node* r = roles[i];
    if (r->node_case != PG_QUERY__NODE__NODE_ROLE_SPEC || !r->role_spec) continue;
    switch (r->role_spec->roletype) {
      case PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_PUBLIC:
        return {"public"};
      case PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_CURRENT_ROLE:
        out.push_back("current_role");
        break;
      case PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_CURRENT_USER:
        out.push_back("current_user");
        break;
      case PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_SESSION_USER:
        out.push_back("session_user");
        break;
      default:
        out.push_back(TruncateIdentifier(r->role_spec->rolename ? r->role_spec->rolename : ""));
        break;
    }
  }
  if (out.empty()) return {"public"};
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::string Upper(std::string s) {
  for (char& c : s) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return s;
}

}  // namespace

void ReplayCreatePolicy(ReplayContext& ctx, const PgQuery__CreatePolicyStmt* stmt) {
  if (!stmt || !stmt->table) return;
  ctx.NotRetrySafe();  // no IF NOT EXISTS form
  QualifiedName table;
  model::Table* t = PolicyTable(ctx, stmt->table, false, table);
  if (!t) return;
  std::string name = TruncateIdentifier(stmt->policy_name ? stmt->policy_name : "");
  if (t->policies.count(name)) {
    Fails(ctx, "SCH401",
          fmt::format("policy {} on {} already exists at this point of the migration history; the "
                      "statement fails "
                      "(\"policy {} for table {} already exists\")",
                      name, table.ToString(), name, table.name),
          "drop it first (DROP POLICY IF EXISTS), alter it with ALTER POLICY, or remove the "
          "statement");
    return;
  }
  model::Policy p;
  p.name = name;
  p.permissive = stmt->permissive;
  std::string cmd = Upper(stmt->cmd_name ? stmt->cmd_name : "");
  p.command = cmd.empty() ? "ALL" : cmd;
  p.roles = Roles(stmt->roles, stmt->n_roles);
  if (stmt->qual) p.using_expr = ctx.Expr(stmt->qual);
  if (stmt->with_check) p.check_expr = ctx.Expr(stmt->with_check);
  bool on_existing = ctx.ExistedBefore(table);
  t->policies[name] = std::move(p);
  model::Change& ch = ctx.AddChange(ChangeOp::kCreate, ObjectKind::kPolicy, table, name);
  ch.on_existing = on_existing;
}

void ReplayAlterPolicy(ReplayContext& ctx, const PgQuery__AlterPolicyStmt* stmt) {
  if (!stmt || !stmt->table) return;
  QualifiedName table;
  model::Table* t = PolicyTable(ctx, stmt->table, false, table);
  if (!t) return;
  std::string name = TruncateIdentifier(stmt->policy_name ? stmt->policy_name : "");
  auto it = t->policies.find(name);
  if (it == t->policies.end()) {
    Fails(ctx, "SCH402",
          fmt::format("policy {} on {} does not exist at this point of the migration history; the "
                      "statement fails",
                      name, table.ToString()),
          "create it in an earlier migration, or fix the name");
    return;
  }
  model::Policy& p = it->second;
  if (stmt->n_roles > 0) p.roles = Roles(stmt->roles, stmt->n_roles);
  if (stmt->qual) p.using_expr = ctx.Expr(stmt->qual);
  if (stmt->with_check) p.check_expr = ctx.Expr(stmt->with_check);
  model::Change& ch = ctx.AddChange(ChangeOp::kAlter, ObjectKind::kPolicy, table, name);
  ch.on_existing = ctx.ExistedBefore(table);
}

void DropPolicy(ReplayContext& ctx, const PgQuery__DropStmt* stmt, const PgQuery__Node* object) {
  if (!stmt || !object) return;
  if (!stmt->missing_ok) ctx.NotRetrySafe();
  if (object->node_case != PG_QUERY__NODE__NODE_LIST || !object->list ||
      object->list->n_items < 2) {
    ctx.Unmodeled("DROP POLICY named in a form the model does not read");
    return;
  }
  const PgQuery__List* l = object->list;
  std::string name = TruncateIdentifier(StringValue(l->items[l->n_items - 1]));
  std::string relname(StringValue(l->items[l->n_items - 2]));
  std::string schema = l->n_items >= 3 ? std::string(StringValue(l->items[l->n_items - 3])) : "";
  QualifiedName table = ResolveRel(ctx, schema, relname);
  model::Table* t = nullptr;
  if (auto it = ctx.catalog.tables.find(table); it != ctx.catalog.tables.end()) t = &it->second;
  if (!t && !ctx.catalog.HasRelation(table)) {
    if (stmt->missing_ok) return;  // NOTICE: relation does not exist, skipping
    ctx.DoesNotExist(ObjectKind::kTable, table.ToString());
    return;
  }
  if (!t || !t->policies.count(name)) {
    if (stmt->missing_ok) return;  // NOTICE, skipped
    Fails(ctx, "SCH402",
          fmt::format("policy {} on {} does not exist at this point of the migration history; the "
                      "statement fails",
                      name, table.ToString()),
          "create it in an earlier migration, fix the name, or guard the statement with IF EXISTS");
    return;
  }
  t->policies.erase(name);
  model::Change& ch = ctx.AddChange(ChangeOp::kDrop, ObjectKind::kPolicy, table, name);
  ch.guarded = stmt->missing_ok;
  ch.cascade = stmt->behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE;
  ch.on_existing = ctx.ExistedBefore(table);
}

}  // namespace sse::pg
