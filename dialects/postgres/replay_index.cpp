// Indexes: CREATE [UNIQUE] INDEX [CONCURRENTLY] [IF NOT EXISTS] [name] ON [ONLY] t ... with
// PostgreSQL's implicit names (ChooseIndexName / ChooseIndexColumnNames / FigureColname), DROP
// INDEX (an index backing a constraint cannot be dropped; foreign keys that rely on a unique
// index go with it under CASCADE), ALTER INDEX (storage settings, ATTACH PARTITION) and REINDEX.

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "dialects/postgres/replay.hpp"

namespace sse::pg {

using model::ChangeOp;
using model::ObjectKind;
using model::QualifiedName;

namespace {

constexpr std::string_view kTempSchema = "pg_temp";

bool IsCascade(const PgQuery__DropStmt* stmt) {
  return stmt && stmt->behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE;
}

/// A relation named by a RangeVar, temporary relations first (as PostgreSQL's search_path
/// starts with pg_temp).
QualifiedName ResolveRel(const ReplayContext& ctx, const PgQuery__RangeVar* rv) {
  std::string schema = rv->schemaname ? rv->schemaname : "";
  std::string name = TruncateIdentifier(rv->relname ? rv->relname : "");
  if (schema.empty() && ctx.catalog.HasRelation({std::string(kTempSchema), name})) {
    return {std::string(kTempSchema), name};
  }
  return ctx.ResolveRelation(rv);
}

/// The expression of an index element, or nullptr for a plain column.
const PgQuery__Node* ElemExpr(const PgQuery__IndexElem* e) { return e->expr; }

/// The column an index element names: a plain column, or "(column)" / "(column COLLATE x)",
/// which PostgreSQL treats as the plain column. "" for a real expression.
std::string PlainColumn(const PgQuery__IndexElem* e, std::string* collation) {
  if (e->name && *e->name) return TruncateIdentifier(e->name);
  const PgQuery__Node* x = e->expr;
  while (x && x->node_case == PG_QUERY__NODE__NODE_COLLATE_CLAUSE && x->collate_clause) {
    if (collation && collation->empty() && x->collate_clause->n_collname > 0) {
      const PgQuery__CollateClause* c = x->collate_clause;
      std::string last(StringValue(c->collname[c->n_collname - 1]));
      std::string schema =
          c->n_collname >= 2 ? std::string(StringValue(c->collname[c->n_collname - 2])) : "";
      *collation = schema.empty() || schema == "pg_catalog" ? last : schema + "." + last;
    }
    x = x->collate_clause->arg;
  }
  if (!x || x->node_case != PG_QUERY__NODE__NODE_COLUMN_REF || !x->column_ref) return {};
  const PgQuery__ColumnRef* ref = x->column_ref;
  if (ref->n_fields == 0 || ref->n_fields > 3) return {};
  std::string_view last = StringValue(ref->fields[ref->n_fields - 1]);
  return last.empty() ? std::string() : TruncateIdentifier(last);
}

/// The names of an index's columns (ChooseIndexColumnNames): the INCLUDE-list name, the column,
/// or the name FigureColname gives the expression ("expr" without one), numbered when repeated.
std::vector<std::string> IndexColumnNames(const PgQuery__IndexStmt* stmt) {
  std::vector<std::string> names;
  auto add = [&](const PgQuery__Node* n) {
    if (!n || n->node_case != PG_QUERY__NODE__NODE_INDEX_ELEM || !n->index_elem) return;
    const PgQuery__IndexElem* e = n->index_elem;
    if (e->indexcolname && *e->indexcolname) {
      names.emplace_back(e->indexcolname);
    } else if (e->name && *e->name) {
      names.emplace_back(e->name);
    } else {
      int strength = 0;
      std::string name = FigureColname(e->expr, strength);
      names.push_back(name.empty() ? "expr" : std::move(name));
    }
  };
  for (size_t i = 0; i < stmt->n_index_params; ++i) add(stmt->index_params[i]);
  for (size_t i = 0; i < stmt->n_index_including_params; ++i) add(stmt->index_including_params[i]);
  return NumberIndexColumnNames(names);
}

std::string DefElemValue(const PgQuery__DefElem* d) {
  if (!d->arg) return {};
  const PgQuery__Node* a = d->arg;
  switch (a->node_case) {
    case PG_QUERY__NODE__NODE_STRING:
      return std::string(StringValue(a));
    case PG_QUERY__NODE__NODE_INTEGER:
      return std::to_string(a->integer ? a->integer->ival : 0);
    case PG_QUERY__NODE__NODE_FLOAT:
      return a->float_ && a->float_->fval ? a->float_->fval : "";
    case PG_QUERY__NODE__NODE_BOOLEAN:
      return a->boolean && a->boolean->boolval ? "true" : "false";
    case PG_QUERY__NODE__NODE_TYPE_NAME:
      if (a->type_name && a->type_name->n_names > 0) {
        return std::string(StringValue(a->type_name->names[a->type_name->n_names - 1]));
      }
      return {};
    default:
      return DeparseExpr(a);
  }
}

/// The operator class of an element as pg_get_indexdef shows it: "text_pattern_ops",
/// "tsvector_ops (siglen='100')".
std::string OpClass(const PgQuery__IndexElem* e) {
  if (e->n_opclass == 0) return {};
  std::string out(StringValue(e->opclass[e->n_opclass - 1]));
  if (e->n_opclass >= 2) {
    std::string schema(StringValue(e->opclass[e->n_opclass - 2]));
    if (schema != "pg_catalog") out = schema + "." + out;
  }
  if (e->n_opclassopts > 0) {
    std::string opts;
    for (size_t i = 0; i < e->n_opclassopts; ++i) {
      const PgQuery__Node* o = e->opclassopts[i];
      if (o->node_case != PG_QUERY__NODE__NODE_DEF_ELEM || !o->def_elem) continue;
      if (!opts.empty()) opts += ", ";
      opts += fmt::format("{}='{}'", o->def_elem->defname ? o->def_elem->defname : "",
                          DefElemValue(o->def_elem));
    }
    out += " (" + opts + ")";
  }
  return out;
}

std::string CollationOf(const PgQuery__IndexElem* e) {
  if (e->n_collation == 0) return {};
  std::string last(StringValue(e->collation[e->n_collation - 1]));
  if (e->n_collation >= 2) {
    std::string schema(StringValue(e->collation[e->n_collation - 2]));
    if (schema != "pg_catalog") return schema + "." + last;
  }
  return last;
}

/// The model's key for one index element.
model::IndexKey KeyOf(const PgQuery__IndexElem* e) {
  model::IndexKey k;
  std::string expr_collation;
  std::string column = PlainColumn(e, &expr_collation);
  if (!column.empty()) {
    k.expression = column;
    k.collation = expr_collation;
  } else {
    k.expression = DeparseExpr(ElemExpr(e));
    k.is_expression = true;
  }
  if (e->n_collation > 0) k.collation = CollationOf(e);
  k.opclass = OpClass(e);
  k.descending = e->ordering == PG_QUERY__SORT_BY_DIR__SORTBY_DESC;
  // Only a NULLS order that differs from the direction's default is kept (pg_index cannot tell
  // "DESC NULLS FIRST" from "DESC").
  if (e->nulls_ordering == PG_QUERY__SORT_BY_NULLS__SORTBY_NULLS_FIRST && !k.descending)
    k.nulls_first = true;
  if (e->nulls_ordering == PG_QUERY__SORT_BY_NULLS__SORTBY_NULLS_LAST && k.descending)
    k.nulls_first = false;
  return k;
}

/// Two indexes with the same definition (a partition's index that the parent's index adopts).
bool SameDefinition(const model::Index& a, const model::Index& b) {
  return a.unique == b.unique && a.nulls_not_distinct == b.nulls_not_distinct &&
         a.method == b.method && a.keys == b.keys && a.include == b.include &&
         a.predicate == b.predicate;
}

/// Partitions of a table, direct and nested.
std::vector<QualifiedName> PartitionsOf(const model::Catalog& catalog, const QualifiedName& table) {
  std::vector<QualifiedName> out;
  std::vector<QualifiedName> pending = {table};
  std::set<QualifiedName> seen = {table};
  while (!pending.empty()) {
    QualifiedName parent = pending.back();
    pending.pop_back();
    for (const auto& [key, t] : catalog.tables) {
      if (t.partition_of && *t.partition_of == parent && seen.insert(key).second) {
        out.push_back(key);
        pending.push_back(key);
      }
    }
  }
  return out;
}

/// The set of plain key columns of a unique, non-partial index (empty when it has expressions).
std::set<std::string> UniqueColumns(const model::Index& idx) {
  std::set<std::string> cols;
  if (!idx.unique || !idx.predicate.empty()) return {};
  for (const model::IndexKey& k : idx.keys) {
    if (k.is_expression) return {};
    cols.insert(k.expression);
  }
  return cols;
}

/// Foreign keys that can only rely on this unique index: their referenced columns are the
/// index's columns and no other unique index of the table has them.
std::vector<std::pair<QualifiedName, std::string>> ForeignKeysRelyingOn(
    const model::Catalog& catalog, const model::Index& idx) {
  std::vector<std::pair<QualifiedName, std::string>> out;
  std::set<std::string> cols = UniqueColumns(idx);
  if (cols.empty()) return out;
  for (const model::Index* other : catalog.IndexesOf(idx.table)) {
    if (other->name != idx.name && UniqueColumns(*other) == cols) return out;  // another candidate
  }
  for (const auto& [key, t] : catalog.tables) {
    for (const auto& [cname, c] : t.constraints) {
      if (c.kind != model::ConstraintKind::kForeignKey || c.ref_table != idx.table) continue;
      std::set<std::string> ref(c.ref_columns.begin(), c.ref_columns.end());
      if (ref == cols) out.emplace_back(key, cname);
    }
  }
  return out;
}

void RemoveIndex(ReplayContext& ctx, const QualifiedName& name) {
  auto it = ctx.catalog.indexes.find(name);
  if (it == ctx.catalog.indexes.end()) return;
  model::Index idx = it->second;
  ctx.catalog.indexes.erase(it);
  // An index on a partitioned table takes the partitions' indexes it adopted with it.
  for (const QualifiedName& part : PartitionsOf(ctx.catalog, idx.table)) {
    for (const model::Index* child : ctx.catalog.IndexesOf(part)) {
      if (!child->backs_constraint && SameDefinition(*child, idx)) {
        ctx.catalog.indexes.erase(child->name);
        break;
      }
    }
  }
}

}  // namespace

// ---- CREATE INDEX ----------------------------------------------------------------------------

void ReplayCreateIndex(ReplayContext& ctx, const PgQuery__IndexStmt* stmt) {
  if (!stmt || !stmt->relation) return;
  if (stmt->concurrent) ctx.out.no_transaction = true;
  QualifiedName table_name = ResolveRel(ctx, stmt->relation);
  std::string explicit_name =
      stmt->idxname && *stmt->idxname ? TruncateIdentifier(stmt->idxname) : "";
  if (!stmt->if_not_exists) ctx.NotRetrySafe();
  auto tit = ctx.catalog.tables.find(table_name);
  auto vit = ctx.catalog.views.find(table_name);
  const model::Table* table = tit != ctx.catalog.tables.end() ? &tit->second : nullptr;
  bool matview = vit != ctx.catalog.views.end() && vit->second.materialized;
  if (!table && !matview) {
    // Missing, or a relation that cannot be indexed (a view, a sequence, an index).
    ctx.DoesNotExist(ObjectKind::kTable, table_name.ToString());
    return;
  }
  if (stmt->if_not_exists && !explicit_name.empty() &&
      ctx.catalog.HasRelation({table_name.schema, explicit_name})) {
    return;  // NOTICE: relation already exists, skipping
  }
  if (stmt->concurrent && table && !table->partition_by.empty()) {
    ctx.DependencyError(fmt::format("cannot create index on partitioned table \"{}\" concurrently",
                                    table_name.name),
                        "create the index on each partition CONCURRENTLY, then on the parent with "
                        "ON ONLY and ALTER INDEX ... "
                        "ATTACH PARTITION");
    return;
  }
  model::Index idx;
  idx.table = table_name;
  idx.unique = stmt->unique;
  idx.nulls_not_distinct = stmt->nulls_not_distinct;
  std::string method = stmt->access_method && *stmt->access_method ? stmt->access_method : "btree";
  std::transform(method.begin(), method.end(), method.begin(), [](char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
  });
  idx.method = method;
  for (size_t i = 0; i < stmt->n_index_params; ++i) {
    const PgQuery__Node* n = stmt->index_params[i];
    if (n->node_case != PG_QUERY__NODE__NODE_INDEX_ELEM || !n->index_elem) continue;
    model::IndexKey key = KeyOf(n->index_elem);
    if (table && !key.is_expression && !table->FindColumn(key.expression)) {
      ctx.DoesNotExist(ObjectKind::kColumn,
                       fmt::format("{}.{}", table_name.ToString(), key.expression));
      return;
    }
    idx.keys.push_back(std::move(key));
  }
  for (size_t i = 0; i < stmt->n_index_including_params; ++i) {
    const PgQuery__Node* n = stmt->index_including_params[i];
    if (n->node_case != PG_QUERY__NODE__NODE_INDEX_ELEM || !n->index_elem) continue;
    std::string column = PlainColumn(n->index_elem, nullptr);
    if (table && !column.empty() && !table->FindColumn(column)) {
      ctx.DoesNotExist(ObjectKind::kColumn, fmt::format("{}.{}", table_name.ToString(), column));
      return;
    }
    idx.include.push_back(column);
  }
  if (stmt->where_clause) idx.predicate = ctx.Expr(stmt->where_clause);

  std::vector<std::string> colnames = IndexColumnNames(stmt);
  if (explicit_name.empty()) {
    idx.name = {table_name.schema,
                ChooseRelationName(ctx.catalog, table_name.schema, table_name.name,
                                   NameAddition(colnames), "idx", false)};
  } else {
    idx.name = {table_name.schema, explicit_name};
    if (ctx.catalog.HasRelation(idx.name)) {
      ctx.AlreadyExists(ObjectKind::kIndex, idx.name.ToString());
      return;
    }
  }
  bool on_existing = ctx.ExistedBefore(table_name);
  model::Change& ch = ctx.AddChange(ChangeOp::kCreate, ObjectKind::kIndex, idx.name);
  ch.unique = idx.unique;
  ch.guarded = stmt->if_not_exists;
  ch.on_existing = on_existing;
  ctx.MarkCreated(idx.name);

  // Without ONLY, an index on a partitioned table is created on (or adopts a matching index of)
  // every partition, named after the partition.
  if (stmt->relation->inh && table && !table->partition_by.empty()) {
    for (const QualifiedName& part : PartitionsOf(ctx.catalog, table_name)) {
      bool adopted = false;
      for (const model::Index* existing : ctx.catalog.IndexesOf(part)) {
        model::Index probe = idx;
        probe.table = part;
        if (SameDefinition(*existing, probe)) adopted = true;
      }
      if (adopted) continue;
      model::Index child = idx;
      child.table = part;
      child.name = {part.schema, ChooseRelationName(ctx.catalog, part.schema, part.name,
                                                    NameAddition(colnames), "idx", false)};
      ctx.catalog.indexes[child.name] = child;
    }
  }
  ctx.catalog.indexes[idx.name] = std::move(idx);
}

// ---- DROP INDEX ------------------------------------------------------------------------------

void DropIndex(ReplayContext& ctx, const PgQuery__DropStmt* stmt, const QualifiedName& resolved) {
  if (!stmt) return;
  if (stmt->concurrent) ctx.out.no_transaction = true;
  if (!stmt->missing_ok) ctx.NotRetrySafe();
  QualifiedName name = resolved;
  if (!ctx.catalog.HasRelation(name) && name.schema == ctx.CreationSchema() &&
      ctx.catalog.HasRelation({std::string(kTempSchema), name.name})) {
    name.schema = std::string(kTempSchema);
  }
  auto it = ctx.catalog.indexes.find(name);
  if (it == ctx.catalog.indexes.end()) {
    // Another kind of relation is an error even with IF EXISTS ("\"x\" is not an index").
    if (stmt->missing_ok && !ctx.catalog.HasRelation(name)) return;  // NOTICE, skipped
    ctx.DoesNotExist(ObjectKind::kIndex, name.ToString());
    return;
  }
  const model::Index& idx = it->second;
  if (idx.backs_constraint) {
    ctx.DependencyError(
        fmt::format("cannot drop index {} because constraint {} on table {} requires it", name.name,
                    name.name, idx.table.name),
        fmt::format("drop the constraint instead: ALTER TABLE {} DROP CONSTRAINT {}",
                    idx.table.ToString(), name.name));
    return;
  }
  auto fks = ForeignKeysRelyingOn(ctx.catalog, idx);
  if (!fks.empty() && !IsCascade(stmt)) {
    ctx.DependencyError(
        fmt::format("cannot drop index {} because other objects depend on it (constraint {} on "
                    "table {} depends on index {})",
                    name.name, fks.front().second, fks.front().first.name, name.name),
        "drop the foreign key first, or use DROP INDEX ... CASCADE");
    return;
  }
  QualifiedName table = idx.table;
  model::Change& ch = ctx.AddChange(ChangeOp::kDrop, ObjectKind::kIndex, name);
  ch.guarded = stmt->missing_ok;
  ch.cascade = IsCascade(stmt);
  ch.on_existing = ctx.ExistedBefore(table);
  for (const auto& [fk_table, fk] : fks) {
    ctx.catalog.tables[fk_table].constraints.erase(fk);
    model::Change& fc = ctx.AddChange(ChangeOp::kDrop, ObjectKind::kConstraint, fk_table, fk);
    fc.cascade = true;
    fc.constraint_kind = "FOREIGN KEY";
    fc.on_existing = ctx.ExistedBefore(fk_table);
  }
  RemoveIndex(ctx, name);
}

// ---- ALTER INDEX -----------------------------------------------------------------------------

void ReplayAlterIndex(ReplayContext& ctx, const PgQuery__AlterTableStmt* stmt) {
  if (!stmt || !stmt->relation) return;
  ctx.out.tag = "ALTER INDEX";
  QualifiedName name = ResolveRel(ctx, stmt->relation);
  auto it = ctx.catalog.indexes.find(name);
  if (it == ctx.catalog.indexes.end()) {
    // Missing, or not an index ("\"x\" is not an index"): IF EXISTS only skips a missing one.
    if (stmt->missing_ok && !ctx.catalog.HasRelation(name)) return;  // NOTICE, skipped
    ctx.DoesNotExist(ObjectKind::kIndex, name.ToString());
    return;
  }
  bool on_existing = ctx.ExistedBefore(it->second.table);
  for (size_t i = 0; i < stmt->n_cmds; ++i) {
    const PgQuery__Node* n = stmt->cmds[i];
    if (n->node_case != PG_QUERY__NODE__NODE_ALTER_TABLE_CMD || !n->alter_table_cmd) continue;
    const PgQuery__AlterTableCmd* cmd = n->alter_table_cmd;
    switch (cmd->subtype) {
      case PG_QUERY__ALTER_TABLE_TYPE__AT_SetRelOptions:
      case PG_QUERY__ALTER_TABLE_TYPE__AT_ResetRelOptions:
      case PG_QUERY__ALTER_TABLE_TYPE__AT_ReplaceRelOptions:
      case PG_QUERY__ALTER_TABLE_TYPE__AT_SetTableSpace:
      case PG_QUERY__ALTER_TABLE_TYPE__AT_SetStatistics:
        // Storage parameters and statistics targets: not part of the model.
        ctx.AddChange(ChangeOp::kAlter, ObjectKind::kIndex, name).on_existing = on_existing;
        break;
      case PG_QUERY__ALTER_TABLE_TYPE__AT_AttachPartition: {
        const PgQuery__RangeVar* child = nullptr;
        if (cmd->def && cmd->def->node_case == PG_QUERY__NODE__NODE_PARTITION_CMD &&
            cmd->def->partition_cmd) {
          child = cmd->def->partition_cmd->name;
        }
        if (!child) break;
        QualifiedName child_name = ResolveRel(ctx, child);
        if (!ctx.catalog.indexes.count(child_name)) {
          ctx.DoesNotExist(ObjectKind::kIndex, child_name.ToString());
          return;
        }
        // The model does not keep index inheritance: attaching changes nothing it holds.
        model::Change& ch =
            ctx.AddChange(ChangeOp::kAlter, ObjectKind::kIndex, name, child_name.name);
        ch.on_existing = on_existing;
        break;
      }
      case PG_QUERY__ALTER_TABLE_TYPE__AT_ChangeOwner:
        break;
      default:
        ctx.Unmodeled("this ALTER INDEX subcommand is not modelled");
        return;
    }
  }
}

// ---- REINDEX ---------------------------------------------------------------------------------

void ReplayReindex(ReplayContext& ctx, const PgQuery__ReindexStmt* stmt) {
  ctx.out.tag = "REINDEX";
  ctx.out.kind = model::StatementKind::kNoop;
  if (!stmt) return;
  bool concurrently = false;
  for (size_t i = 0; i < stmt->n_params; ++i) {
    const PgQuery__Node* p = stmt->params[i];
    if (p->node_case != PG_QUERY__NODE__NODE_DEF_ELEM || !p->def_elem || !p->def_elem->defname)
      continue;
    if (std::string_view(p->def_elem->defname) != "concurrently") continue;
    // CONCURRENTLY alone means true; (CONCURRENTLY false) turns it off.
    std::string v = DefElemValue(p->def_elem);
    concurrently = v.empty() || v == "true" || v == "on" || v == "1";
  }
  switch (stmt->kind) {
    case PG_QUERY__REINDEX_OBJECT_TYPE__REINDEX_OBJECT_SCHEMA:
    case PG_QUERY__REINDEX_OBJECT_TYPE__REINDEX_OBJECT_SYSTEM:
    case PG_QUERY__REINDEX_OBJECT_TYPE__REINDEX_OBJECT_DATABASE:
      ctx.out.no_transaction = true;
      break;
    case PG_QUERY__REINDEX_OBJECT_TYPE__REINDEX_OBJECT_INDEX:
    case PG_QUERY__REINDEX_OBJECT_TYPE__REINDEX_OBJECT_TABLE: {
      if (concurrently) ctx.out.no_transaction = true;
      if (!stmt->relation) break;
      QualifiedName name = ResolveRel(ctx, stmt->relation);
      bool index = stmt->kind == PG_QUERY__REINDEX_OBJECT_TYPE__REINDEX_OBJECT_INDEX;
      bool exists =
          index ? ctx.catalog.indexes.count(name) > 0
                : ctx.catalog.tables.count(name) > 0 ||
                      (ctx.catalog.views.count(name) && ctx.catalog.views[name].materialized);
      std::string_view schema = stmt->relation->schemaname ? stmt->relation->schemaname : "";
      bool system =
          schema == "pg_catalog" || schema == "information_schema" ||
          (schema.empty() &&
           std::string_view(stmt->relation->relname ? stmt->relation->relname : "").substr(0, 3) ==
               "pg_");
      if (!exists && !system) {
        ctx.DoesNotExist(index ? ObjectKind::kIndex : ObjectKind::kTable, name.ToString());
      }
      break;
    }
    default:
      break;
  }
}

}  // namespace sse::pg
