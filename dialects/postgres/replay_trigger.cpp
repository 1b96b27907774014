// Triggers: CREATE [OR REPLACE] [CONSTRAINT] TRIGGER ... ON table EXECUTE {FUNCTION|PROCEDURE}
// f(args), DROP TRIGGER [IF EXISTS] name ON table. Triggers live on their table (or view:
// INSTEAD OF and statement-level triggers) in the model. ALTER TRIGGER ... RENAME is in
// replay_rename.cpp; ALTER TABLE ENABLE/DISABLE TRIGGER in replay_table.cpp.

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "dialects/postgres/replay.hpp"

namespace sse::pg {

using model::ChangeOp;
using model::ObjectKind;
using model::QualifiedName;
using model::StatementKind;

namespace {

constexpr std::string_view kTempSchema = "pg_temp";

// pg_trigger.tgtype bits (as CreateTrigStmt carries them).
constexpr int kTriggerRow = 1 << 0;
constexpr int kTriggerBefore = 1 << 1;
constexpr int kTriggerInsert = 1 << 2;
constexpr int kTriggerDelete = 1 << 3;
constexpr int kTriggerUpdate = 1 << 4;
constexpr int kTriggerTruncate = 1 << 5;
constexpr int kTriggerInstead = 1 << 6;

void Fails(ReplayContext& ctx, std::string code, std::string message, std::string help) {
  ctx.out.problems.push_back({std::move(code), std::move(message), std::move(help), std::nullopt});
  if (ctx.out.kind == StatementKind::kNoop) ctx.out.kind = StatementKind::kDdl;
}

/// A relation named by a RangeVar, temporary relations first (as PostgreSQL looks them up).
QualifiedName ResolveRel(const ReplayContext& ctx, std::string_view schema,
                         std::string_view relname) {
  std::string name = TruncateIdentifier(relname);
  if (schema.empty() && ctx.catalog.HasRelation({std::string(kTempSchema), name})) {
    return {std::string(kTempSchema), name};
  }
  return ctx.ResolveRelation(schema, relname);
}

/// Trigger functions PostgreSQL itself provides (pg_catalog).
const std::set<std::string>& BuiltinTriggerFunctions() {
  static const std::set<std::string> kNames = {"suppress_redundant_updates_trigger",
                                               "tsvector_update_trigger",
                                               "tsvector_update_trigger_column"};
  return kNames;
}

/// The function a trigger executes: found (returning trigger), missing (reported), or assumed
/// (an extension may provide it).
struct TriggerFunction {
  QualifiedName name;
  bool ok = false;
};

TriggerFunction FindTriggerFunction(ReplayContext& ctx, const PgQuery__CreateTrigStmt* stmt) {
  std::vector<std::string> parts;
  for (size_t i = 0; i < stmt->n_funcname; ++i) parts.emplace_back(StringValue(stmt->funcname[i]));
  TriggerFunction out;
  if (parts.empty()) return out;
  std::string name = TruncateIdentifier(parts.back());
  std::vector<std::string> schemas;
  if (parts.size() >= 2) {
    schemas.push_back(parts[parts.size() - 2]);
  } else {
    // pg_catalog is searched first.
    if (BuiltinTriggerFunctions().count(name)) return {{"pg_catalog", name}, true};
    for (const std::string& s : ctx.session.search_path) {
      if (s != "$user" && !s.empty()) schemas.push_back(s);
    }
  }
  if (parts.size() >= 2 && schemas[0] == "pg_catalog" && BuiltinTriggerFunctions().count(name)) {
    return {{"pg_catalog", name}, true};
  }
  for (const std::string& schema : schemas) {
    QualifiedName q{schema, name};
    auto it = ctx.catalog.functions.find(q.ToString() + "()");
    if (it == ctx.catalog.functions.end()) continue;
    if (it->second.procedure || it->second.returns != "trigger") {
      Fails(ctx, "SCH402",
            fmt::format("trigger function {}() does not exist at this point of the migration "
                        "history ({}() {}); "
                        "the statement fails (\"function {} must return type trigger\")",
                        q.ToString(), q.ToString(),
                        it->second.procedure ? "is a procedure"
                                             : fmt::format("returns {}", it->second.returns.empty()
                                                                             ? "nothing"
                                                                             : it->second.returns),
                        name),
            "create the function with RETURNS trigger first");
      return out;
    }
    return {q, true};
  }
  QualifiedName guess{schemas.empty() ? ctx.CreationSchema() : schemas[0], name};
  // A function an extension installed is invisible to the model: give it the benefit of the
  // doubt when any extension is installed (or the schema is one the model does not know).
  bool unknown_schema = parts.size() >= 2 && !ctx.catalog.schemas.count(guess.schema);
  if (!ctx.catalog.extensions.empty() || unknown_schema || guess.schema == "pg_catalog")
    return {guess, true};
  ctx.DoesNotExist(ObjectKind::kFunction, guess.ToString() + "()");
  return out;
}

}  // namespace

// ---- CREATE TRIGGER ------------------------------------------------------------------------

void ReplayCreateTrigger(ReplayContext& ctx, const PgQuery__CreateTrigStmt* stmt) {
  if (!stmt || !stmt->relation) return;
  if (stmt->isconstraint) ctx.out.tag = "CREATE CONSTRAINT TRIGGER";
  if (!stmt->replace) ctx.NotRetrySafe();
  std::string trigname = TruncateIdentifier(stmt->trigname ? stmt->trigname : "");
  QualifiedName table =
      ResolveRel(ctx, stmt->relation->schemaname ? stmt->relation->schemaname : "",
                 stmt->relation->relname ? stmt->relation->relname : "");
  auto t = ctx.catalog.tables.find(table);
  auto v = ctx.catalog.views.find(table);
  bool is_view = v != ctx.catalog.views.end() && !v->second.materialized;
  if (t == ctx.catalog.tables.end() && !is_view) {
    if (ctx.catalog.HasRelation(table)) {
      Fails(ctx, "SCH402",
            fmt::format("table or view {} does not exist at this point of the migration history "
                        "({} is another kind "
                        "of relation); the statement fails (\"relation {} cannot have triggers\")",
                        table.ToString(), table.ToString(), table.name),
            "triggers go on tables and views");
    } else {
      ctx.DoesNotExist(ObjectKind::kTable, table.ToString());
    }
    return;
  }

  model::Trigger trig;
  trig.name = trigname;
  trig.timing = (stmt->timing & kTriggerInstead)  ? model::TriggerTiming::kInsteadOf
                : (stmt->timing & kTriggerBefore) ? model::TriggerTiming::kBefore
                                                  : model::TriggerTiming::kAfter;
  if (stmt->events & kTriggerDelete) trig.events.push_back("DELETE");
  if (stmt->events & kTriggerInsert) trig.events.push_back("INSERT");
  if (stmt->events & kTriggerTruncate) trig.events.push_back("TRUNCATE");
  if (stmt->events & kTriggerUpdate) trig.events.push_back("UPDATE");
  for (size_t i = 0; i < stmt->n_columns; ++i)
    trig.update_of.push_back(TruncateIdentifier(StringValue(stmt->columns[i])));
  trig.for_each_row = stmt->row || (stmt->timing & kTriggerRow);
  if (stmt->when_clause) trig.when = ctx.Expr(stmt->when_clause);
  for (size_t i = 0; i < stmt->n_args; ++i) trig.arguments.emplace_back(StringValue(stmt->args[i]));
  trig.constraint = stmt->isconstraint;
  trig.deferrable = stmt->deferrable;
  trig.initially_deferred = stmt->initdeferred;

  // UPDATE OF columns must exist (a table's columns are known).
  if (t != ctx.catalog.tables.end()) {
    for (const std::string& col : trig.update_of) {
      if (!t->second.FindColumn(col)) {
        ctx.DoesNotExist(ObjectKind::kColumn, fmt::format("{}.{}", table.ToString(), col));
        return;
      }
    }
  }
  // FROM referenced_table (constraint triggers).
  if (stmt->constrrel) {
    QualifiedName ref =
        ResolveRel(ctx, stmt->constrrel->schemaname ? stmt->constrrel->schemaname : "",
                   stmt->constrrel->relname ? stmt->constrrel->relname : "");
    if (!ctx.catalog.HasRelation(ref)) {
      ctx.DoesNotExist(ObjectKind::kTable, ref.ToString());
      return;
    }
  }
  TriggerFunction fn = FindTriggerFunction(ctx, stmt);
  if (!fn.ok) return;
  trig.function = fn.name;

  std::map<std::string, model::Trigger>& triggers =
      is_view ? v->second.triggers : t->second.triggers;
  auto existing = triggers.find(trigname);
  bool replacing = existing != triggers.end();
  if (replacing) {
    if (!stmt->replace) {
      Fails(ctx, "SCH401",
            fmt::format("trigger {} on {} already exists at this point of the migration history; "
                        "the statement "
                        "fails (\"trigger {} for relation {} already exists\")",
                        trigname, table.ToString(), trigname, table.name),
            "use CREATE OR REPLACE TRIGGER, drop it first (DROP TRIGGER IF EXISTS), or remove the "
            "statement");
      return;
    }
    if (stmt->isconstraint || existing->second.constraint) {
      Fails(ctx, "SCH401",
            fmt::format("trigger {} on {} already exists at this point of the migration history; "
                        "the statement "
                        "fails (\"{}\")",
                        trigname, table.ToString(),
                        stmt->isconstraint
                            ? "CREATE OR REPLACE CONSTRAINT TRIGGER is not supported"
                            : fmt::format("trigger {} for relation {} is a constraint trigger",
                                          trigname, table.name)),
            "drop the trigger first (DROP TRIGGER IF EXISTS), then create it");
      return;
    }
    trig.comment = existing->second.comment;
  }
  bool on_existing = ctx.ExistedBefore(table);
  triggers[trigname] = std::move(trig);
  model::Change& ch = ctx.AddChange(ChangeOp::kCreate, ObjectKind::kTrigger, table, trigname);
  ch.on_existing = on_existing;
}

// ---- DROP TRIGGER --------------------------------------------------------------------------

void DropTrigger(ReplayContext& ctx, const PgQuery__DropStmt* stmt, const PgQuery__Node* object) {
  if (!stmt || !object) return;
  if (!stmt->missing_ok) ctx.NotRetrySafe();
  if (object->node_case != PG_QUERY__NODE__NODE_LIST || !object->list ||
      object->list->n_items < 2) {
    ctx.Unmodeled("DROP TRIGGER named in a form the model does not read");
    return;
  }
  const PgQuery__List* l = object->list;
  std::string trigname = TruncateIdentifier(StringValue(l->items[l->n_items - 1]));
  std::string relname(StringValue(l->items[l->n_items - 2]));
  std::string schema = l->n_items >= 3 ? std::string(StringValue(l->items[l->n_items - 3])) : "";
  QualifiedName table = ResolveRel(ctx, schema, relname);
  auto t = ctx.catalog.tables.find(table);
  auto v = ctx.catalog.views.find(table);
  std::map<std::string, model::Trigger>* triggers = nullptr;
  if (t != ctx.catalog.tables.end()) triggers = &t->second.triggers;
  if (!triggers && v != ctx.catalog.views.end()) triggers = &v->second.triggers;
  if (!triggers && !ctx.catalog.HasRelation(table)) {
    if (stmt->missing_ok) return;  // NOTICE: relation does not exist, skipping
    ctx.DoesNotExist(ObjectKind::kTable, table.ToString());
    return;
  }
  if (!triggers || !triggers->count(trigname)) {
    if (stmt->missing_ok) return;  // NOTICE, skipped
    Fails(ctx, "SCH402",
          fmt::format("trigger {} on {} does not exist at this point of the migration history; the "
                      "statement fails",
                      trigname, table.ToString()),
          "create it in an earlier migration, fix the name, or guard the statement with IF EXISTS");
    return;
  }
  triggers->erase(trigname);
  model::Change& ch = ctx.AddChange(ChangeOp::kDrop, ObjectKind::kTrigger, table, trigname);
  ch.guarded = stmt->missing_ok;
  ch.cascade = stmt->behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE;
  ch.on_existing = ctx.ExistedBefore(table);
}

}  // namespace sse::pg
