// ALTER ... RENAME of everything but tables and columns (RenameTableOrColumn, replay_table.cpp):
// indexes, views, materialized views, sequences, types (enum, domain, composite) and composite
// attributes, table and domain constraints (an index-backed constraint renames its index too),
// triggers, policies, schemas, functions and procedures. Also the bookkeeping a relation's new
// name or schema needs (MoveRelationTo) and function lookup by signature (LookupFunction).

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

QualifiedName ResolveRel(const ReplayContext& ctx, const PgQuery__RangeVar* rv) {
  std::string schema = rv->schemaname ? rv->schemaname : "";
  std::string name = TruncateIdentifier(rv->relname ? rv->relname : "");
  if (schema.empty() && ctx.catalog.HasRelation({std::string(kTempSchema), name})) {
    return {std::string(kTempSchema), name};
  }
  return ctx.ResolveRelation(rv);
}

/// An identifier as SQL text: quoted unless it is a plain lower-case name.
std::string QuoteIdent(const std::string& s) {
  bool plain = !s.empty() && !(s[0] >= '0' && s[0] <= '9');
  for (char c : s) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) plain = false;
  }
  if (plain) return s;
  std::string out = "\"";
  for (char c : s) {
    out += c;
    if (c == '"') out += '"';
  }
  return out + "\"";
}

/// Replaces the string literal `from` ('public.t_id_seq') by `to` where it names a sequence: as
/// written (nextval('s')) or with its regclass cast (nextval('s'::regclass)).
std::string ReplaceSequenceLiteral(const std::string& text, const std::string& from,
                                   const std::string& to) {
  std::string out;
  size_t last = 0;
  for (size_t pos = text.find(from); pos != std::string::npos;
       pos = text.find(from, pos + from.size())) {
    std::string_view rest = std::string_view(text).substr(pos + from.size());
    if (rest.rfind("::regclass", 0) != 0 && rest.rfind(")", 0) != 0) continue;
    out += text.substr(last, pos - last) + to;
    last = pos + from.size();
  }
  return out + text.substr(last);
}

/// Column defaults that name the sequence (nextval('public.t_id_seq'::regclass)) follow it.
void RetargetSequenceRefs(model::Catalog& catalog, const QualifiedName& from,
                          const QualifiedName& to) {
  std::string qualified_from = "'" + QuoteIdent(from.schema) + "." + QuoteIdent(from.name) + "'";
  std::string qualified_to = "'" + QuoteIdent(to.schema) + "." + QuoteIdent(to.name) + "'";
  std::string bare_from = "'" + QuoteIdent(from.name) + "'";
  std::string bare_to = from.schema == to.schema ? "'" + QuoteIdent(to.name) + "'" : qualified_to;
  for (auto& [key, table] : catalog.tables) {
    for (model::Column& c : table.columns) {
      if (!c.default_expr) continue;
      std::string d = ReplaceSequenceLiteral(*c.default_expr, qualified_from, qualified_to);
      if (key.schema == from.schema) d = ReplaceSequenceLiteral(d, bare_from, bare_to);
      c.default_expr = d;
    }
  }
}

/// Views whose definition reads `from` now read `to`: table names (and column references
/// qualified by them) are rewritten in the parse tree and the definition deparsed again.
void RetargetViewRefs(ReplayContext& ctx, const QualifiedName& from, const QualifiedName& to) {
  for (auto& [key, view] : ctx.catalog.views) {
    if (key == from || view.definition.find(from.name) == std::string::npos) continue;
    ParsedText parsed = ParseSql(view.definition);
    if (parsed.statements.size() != 1 || !parsed.statements[0].node) continue;
    const PgQuery__Node* root = parsed.statements[0].node;
    std::set<std::string> ctes;
    VisitMessages(&root->base, [&](const ProtobufCMessage* m) {
      if (m->descriptor == &pg_query__common_table_expr__descriptor) {
        const auto* cte = reinterpret_cast<const PgQuery__CommonTableExpr*>(m);
        if (cte->ctename) ctes.insert(cte->ctename);
      }
    });
    // Pointers replaced in the tree, restored before the parse result frees it.
    std::vector<std::pair<char**, char*>> restore;
    std::string new_name = to.name, new_schema = to.schema;
    auto set = [&](char** field, std::string& value) {
      restore.emplace_back(field, *field);
      *field = value.data();
    };
    bool unaliased = false, changed = false;
    VisitMessages(&root->base, [&](const ProtobufCMessage* m) {
      if (m->descriptor != &pg_query__range_var__descriptor) return;
      auto* rv = const_cast<PgQuery__RangeVar*>(reinterpret_cast<const PgQuery__RangeVar*>(m));
      if (!rv->relname || TruncateIdentifier(rv->relname) != from.name) return;
      bool qualified = rv->schemaname && *rv->schemaname;
      if (qualified ? rv->schemaname != from.schema : ctes.count(rv->relname) > 0) return;
      if (!qualified && ctx.ResolveRelation("", from.name) != from && key.schema != from.schema)
        return;
      set(&rv->relname, new_name);
      if (qualified || from.schema != to.schema) set(&rv->schemaname, new_schema);
      if (!rv->alias) unaliased = true;
      changed = true;
    });
    if (unaliased) {
      VisitMessages(&root->base, [&](const ProtobufCMessage* m) {
        if (m->descriptor != &pg_query__column_ref__descriptor) return;
        const auto* ref = reinterpret_cast<const PgQuery__ColumnRef*>(m);
        if (ref->n_fields < 2) return;
        PgQuery__Node* rel = ref->fields[ref->n_fields - 2];
        if (StringValue(rel) != from.name || !rel->string) return;
        if (ref->n_fields >= 3) {
          PgQuery__Node* sch = ref->fields[ref->n_fields - 3];
          if (StringValue(sch) != from.schema || !sch->string) return;
          set(&sch->string->sval, new_schema);
        }
        set(&rel->string->sval, new_name);
      });
    }
    if (changed) view.definition = DeparseStatement(root);
    for (auto it = restore.rbegin(); it != restore.rend(); ++it) *it->first = it->second;
  }
}

void Rekey(std::set<QualifiedName>& created, const QualifiedName& from, const QualifiedName& to) {
  if (created.erase(from)) created.insert(to);
}

template <typename Map>
bool Move(Map& map, const QualifiedName& from, const QualifiedName& to) {
  auto node = map.extract(from);
  if (node.empty()) return false;
  node.key() = to;
  node.mapped().name = to;
  map.insert(std::move(node));
  return true;
}

/// True when a type-bearing relation (table, view, composite) or any type has this name: a
/// relation renamed to it would clash with its row type.
bool TypeNameTaken(const model::Catalog& c, const QualifiedName& n) { return c.HasType(n); }

bool HasTypeFn(const model::Catalog& c, const QualifiedName& n) { return c.HasType(n); }

/// Renames a relation (ALTER INDEX / VIEW / MATERIALIZED VIEW / SEQUENCE ... RENAME TO).
void RenameRelation(ReplayContext& ctx, const PgQuery__RenameStmt* stmt) {
  ObjectKind kind = ObjectKind::kTable;
  switch (stmt->rename_type) {
    case PG_QUERY__OBJECT_TYPE__OBJECT_INDEX:
      kind = ObjectKind::kIndex;
      break;
    case PG_QUERY__OBJECT_TYPE__OBJECT_VIEW:
      kind = ObjectKind::kView;
      break;
    case PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW:
      kind = ObjectKind::kMaterializedView;
      break;
    case PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE:
      kind = ObjectKind::kSequence;
      break;
    default:
      break;
  }
  if (!stmt->relation) return;
  QualifiedName from = ResolveRel(ctx, stmt->relation);
  const model::Catalog& c = ctx.catalog;
  if (!c.HasRelation(from)) {
    if (stmt->missing_ok) return;  // NOTICE, skipped
    ctx.NotRetrySafe();
    ctx.DoesNotExist(kind, from.ToString());
    return;
  }
  ctx.NotRetrySafe();
  auto view = c.views.find(from);
  bool kind_ok = true;
  if (kind == ObjectKind::kView) kind_ok = view != c.views.end() && !view->second.materialized;
  if (kind == ObjectKind::kMaterializedView)
    kind_ok = view != c.views.end() && view->second.materialized;
  if (kind == ObjectKind::kSequence) kind_ok = c.sequences.count(from) > 0;
  if (!kind_ok) {
    ctx.DoesNotExist(kind, from.ToString());  // "\"x\" is not a view" and the like
    return;
  }
  if (c.tables.count(from)) {
    // ALTER INDEX / ALTER FOREIGN TABLE ... RENAME of a table: a table rename.
    PgQuery__RenameStmt as_table = *stmt;
    as_table.rename_type = PG_QUERY__OBJECT_TYPE__OBJECT_TABLE;
    RenameTableOrColumn(ctx, &as_table);
    return;
  }
  if (c.indexes.count(from)) kind = ObjectKind::kIndex;
  if (c.sequences.count(from)) kind = ObjectKind::kSequence;
  if (c.composites.count(from)) kind = ObjectKind::kCompositeType;
  if (view != c.views.end())
    kind = view->second.materialized ? ObjectKind::kMaterializedView : ObjectKind::kView;
  QualifiedName to{from.schema, TruncateIdentifier(stmt->newname ? stmt->newname : "")};
  bool row_type = view != c.views.end() || c.composites.count(from);
  if (c.HasRelation(to) || (row_type && TypeNameTaken(c, to))) {
    ctx.AlreadyExists(kind, to.ToString());
    return;
  }
  model::Change& ch = ctx.AddChange(ChangeOp::kRename, kind, from);
  ch.new_name = to.name;
  ch.on_existing = ctx.ExistedBefore(from);
  if (kind == ObjectKind::kIndex) ch.on_existing = ctx.ExistedBefore(c.indexes.at(from).table);
  MoveRelationTo(ctx, from, to);
}

/// ALTER TYPE / ALTER DOMAIN ... RENAME TO.
void RenameType(ReplayContext& ctx, const PgQuery__RenameStmt* stmt, bool domain) {
  ctx.NotRetrySafe();
  if (!stmt->object || stmt->object->node_case != PG_QUERY__NODE__NODE_LIST || !stmt->object->list)
    return;
  const PgQuery__List* l = stmt->object->list;
  QualifiedName from = ctx.ResolveList(l->items, l->n_items, HasTypeFn);
  model::Catalog& c = ctx.catalog;
  ObjectKind kind = c.domains.count(from)      ? ObjectKind::kDomain
                    : c.composites.count(from) ? ObjectKind::kCompositeType
                    : c.enums.count(from)      ? ObjectKind::kEnum
                                               : ObjectKind::kOther;
  // Missing, a table's row type ("use ALTER TABLE instead"), or not a domain.
  if (kind == ObjectKind::kOther || (domain && kind != ObjectKind::kDomain)) {
    ctx.DoesNotExist(domain ? ObjectKind::kDomain : ObjectKind::kEnum, from.ToString());
    return;
  }
  QualifiedName to{from.schema, TruncateIdentifier(stmt->newname ? stmt->newname : "")};
  if (c.HasType(to) || (kind == ObjectKind::kCompositeType && c.HasRelation(to))) {
    ctx.AlreadyExists(kind, to.ToString());
    return;
  }
  model::Change& ch = ctx.AddChange(ChangeOp::kRename, kind, from);
  ch.new_name = to.name;
  ch.on_existing = !ctx.created_here.count(from);
  if (kind == ObjectKind::kCompositeType) {
    MoveRelationTo(ctx, from, to);
    return;
  }
  if (kind == ObjectKind::kDomain) Move(c.domains, from, to);
  if (kind == ObjectKind::kEnum) Move(c.enums, from, to);
  RetargetTypeRefs(c, from.ToString(), to.ToString());
  Rekey(ctx.created_here, from, to);
}

/// ALTER TYPE ... RENAME ATTRIBUTE a TO b.
void RenameAttribute(ReplayContext& ctx, const PgQuery__RenameStmt* stmt) {
  ctx.NotRetrySafe();
  if (!stmt->relation) return;
  QualifiedName type = ctx.ResolveRelation(stmt->relation);
  auto it = ctx.catalog.composites.find(type);
  if (it == ctx.catalog.composites.end()) {
    if (stmt->missing_ok) return;
    ctx.DoesNotExist(ObjectKind::kCompositeType, type.ToString());
    return;
  }
  std::string from = TruncateIdentifier(stmt->subname ? stmt->subname : "");
  std::string to = TruncateIdentifier(stmt->newname ? stmt->newname : "");
  auto& attrs = it->second.attributes;
  auto find = [&](const std::string& n) {
    return std::find_if(attrs.begin(), attrs.end(),
                        [&](const model::CompositeAttribute& a) { return a.name == n; });
  };
  auto a = find(from);
  if (a == attrs.end()) {
    ctx.DoesNotExist(ObjectKind::kColumn, fmt::format("{}.{}", type.ToString(), from));
    return;
  }
  if (find(to) != attrs.end()) {
    ctx.AlreadyExists(ObjectKind::kColumn, fmt::format("{}.{}", type.ToString(), to));
    return;
  }
  a->name = to;
  model::Change& ch = ctx.AddChange(ChangeOp::kRename, ObjectKind::kCompositeType, type, from);
  ch.new_name = to;
  ch.on_existing = !ctx.created_here.count(type);
}

/// ALTER TABLE ... RENAME CONSTRAINT (a constraint backed by an index renames the index too).
void RenameTableConstraint(ReplayContext& ctx, const PgQuery__RenameStmt* stmt) {
  if (!stmt->relation) return;
  QualifiedName table = ResolveRel(ctx, stmt->relation);
  auto it = ctx.catalog.tables.find(table);
  if (it == ctx.catalog.tables.end()) {
    if (stmt->missing_ok && !ctx.catalog.HasRelation(table)) return;  // NOTICE, skipped
    ctx.NotRetrySafe();
    ctx.DoesNotExist(ObjectKind::kTable, table.ToString());
    return;
  }
  ctx.NotRetrySafe();
  std::string from = TruncateIdentifier(stmt->subname ? stmt->subname : "");
  std::string to = TruncateIdentifier(stmt->newname ? stmt->newname : "");
  auto& constraints = it->second.constraints;
  auto c = constraints.find(from);
  if (c == constraints.end()) {
    ctx.DoesNotExist(ObjectKind::kConstraint, fmt::format("{}.{}", table.ToString(), from));
    return;
  }
  if (constraints.count(to)) {
    ctx.AlreadyExists(ObjectKind::kConstraint, fmt::format("{}.{}", table.ToString(), to));
    return;
  }
  QualifiedName index{table.schema, from};
  auto idx = ctx.catalog.indexes.find(index);
  bool backed = idx != ctx.catalog.indexes.end() && idx->second.backs_constraint &&
                idx->second.table == table;
  if (backed && ctx.catalog.HasRelation({table.schema, to})) {
    ctx.AlreadyExists(ObjectKind::kIndex, QualifiedName{table.schema, to}.ToString());
    return;
  }
  model::Change& ch = ctx.AddChange(ChangeOp::kRename, ObjectKind::kConstraint, table, from);
  ch.new_name = to;
  ch.on_existing = ctx.ExistedBefore(table);
  ch.constraint_kind = model::ConstraintKindSql(c->second.kind);
  if (backed) {
    MoveRelationTo(ctx, index, {table.schema, to});  // renames the constraint with its index
    return;
  }
  auto node = constraints.extract(c);
  node.key() = to;
  node.mapped().name = to;
  constraints.insert(std::move(node));
}

/// ALTER DOMAIN ... RENAME CONSTRAINT.
void RenameDomainConstraint(ReplayContext& ctx, const PgQuery__RenameStmt* stmt) {
  ctx.NotRetrySafe();
  if (!stmt->object || stmt->object->node_case != PG_QUERY__NODE__NODE_LIST || !stmt->object->list)
    return;
  const PgQuery__List* l = stmt->object->list;
  QualifiedName name = ctx.ResolveList(l->items, l->n_items, HasTypeFn);
  auto it = ctx.catalog.domains.find(name);
  if (it == ctx.catalog.domains.end()) {
    ctx.DoesNotExist(ObjectKind::kDomain, name.ToString());
    return;
  }
  std::string from = TruncateIdentifier(stmt->subname ? stmt->subname : "");
  std::string to = TruncateIdentifier(stmt->newname ? stmt->newname : "");
  auto& checks = it->second.checks;
  auto find = [&](const std::string& n) {
    return std::find_if(checks.begin(), checks.end(),
                        [&](const model::DomainCheck& c) { return c.name == n; });
  };
  auto c = find(from);
  if (c == checks.end()) {
    ctx.DoesNotExist(ObjectKind::kConstraint,
                     fmt::format("{} of domain {}", from, name.ToString()));
    return;
  }
  if (find(to) != checks.end()) {
    ctx.AlreadyExists(ObjectKind::kConstraint, fmt::format("{} of domain {}", to, name.ToString()));
    return;
  }
  c->name = to;
  std::sort(
      checks.begin(), checks.end(),
      [](const model::DomainCheck& a, const model::DomainCheck& b) { return a.name < b.name; });
  model::Change& ch = ctx.AddChange(ChangeOp::kRename, ObjectKind::kDomain, name, from);
  ch.new_name = to;
  ch.constraint_kind = "CHECK";
  ch.on_existing = !ctx.created_here.count(name);
}

/// ALTER TRIGGER t ON tbl RENAME TO / ALTER POLICY p ON tbl RENAME TO.
template <typename Member>
void RenameMember(ReplayContext& ctx, const PgQuery__RenameStmt* stmt, ObjectKind kind,
                  std::map<std::string, Member>* (*members)(model::Catalog&,
                                                            const QualifiedName&)) {
  ctx.NotRetrySafe();
  if (!stmt->relation) return;
  QualifiedName table = ResolveRel(ctx, stmt->relation);
  std::map<std::string, Member>* map = members(ctx.catalog, table);
  if (!map) {
    ctx.DoesNotExist(ObjectKind::kTable, table.ToString());
    return;
  }
  std::string from = TruncateIdentifier(stmt->subname ? stmt->subname : "");
  std::string to = TruncateIdentifier(stmt->newname ? stmt->newname : "");
  auto it = map->find(from);
  if (it == map->end()) {
    ctx.DoesNotExist(kind, fmt::format("{}.{}", table.ToString(), from));
    return;
  }
  if (map->count(to)) {
    ctx.AlreadyExists(kind, fmt::format("{}.{}", table.ToString(), to));
    return;
  }
  auto node = map->extract(it);
  node.key() = to;
  node.mapped().name = to;
  map->insert(std::move(node));
  model::Change& ch = ctx.AddChange(ChangeOp::kRename, kind, table, from);
  ch.new_name = to;
  ch.on_existing = ctx.ExistedBefore(table);
}

std::map<std::string, model::Trigger>* TriggersOf(model::Catalog& c, const QualifiedName& n) {
  if (auto t = c.tables.find(n); t != c.tables.end()) return &t->second.triggers;
  if (auto v = c.views.find(n); v != c.views.end()) return &v->second.triggers;
  return nullptr;
}

std::map<std::string, model::Policy>* PoliciesOf(model::Catalog& c, const QualifiedName& n) {
  if (auto t = c.tables.find(n); t != c.tables.end()) return &t->second.policies;
  return nullptr;
}

/// Moves every object of schema `from` to schema `to` (ALTER SCHEMA ... RENAME TO).
void RenameSchemaObjects(ReplayContext& ctx, const std::string& from, const std::string& to) {
  model::Catalog& c = ctx.catalog;
  auto in_from = [&](const QualifiedName& n) { return n.schema == from; };
  std::vector<QualifiedName> relations;
  for (const auto& [k, v] : c.tables) {
    if (in_from(k)) relations.push_back(k);
  }
  for (const auto& [k, v] : c.views) {
    if (in_from(k)) relations.push_back(k);
  }
  for (const auto& [k, v] : c.sequences) {
    if (in_from(k) && !(v.owned_by_table && in_from(*v.owned_by_table))) relations.push_back(k);
  }
  for (const auto& [k, v] : c.composites) {
    if (in_from(k)) relations.push_back(k);
  }
  for (const auto& [k, v] : c.indexes) {
    if (in_from(k) && !in_from(v.table)) relations.push_back(k);  // cannot happen; kept for safety
  }
  for (const QualifiedName& r : relations) {
    if (c.HasRelation(r)) MoveRelationTo(ctx, r, {to, r.name});
  }
  std::vector<QualifiedName> types;
  for (const auto& [k, v] : c.enums) {
    if (in_from(k)) types.push_back(k);
  }
  for (const auto& [k, v] : c.domains) {
    if (in_from(k)) types.push_back(k);
  }
  for (const QualifiedName& t : types) {
    QualifiedName n{to, t.name};
    Move(c.enums, t, n);
    Move(c.domains, t, n);
    RetargetTypeRefs(c, t.ToString(), n.ToString());
    Rekey(ctx.created_here, t, n);
  }
  std::map<std::string, model::Function> functions;
  std::vector<std::pair<QualifiedName, QualifiedName>> moved_functions;
  for (auto& [sig, f] : c.functions) {
    if (in_from(f.name)) {
      QualifiedName n{to, f.name.name};
      moved_functions.emplace_back(f.name, n);
      f.name = n;
    }
    std::string key = f.Signature();
    functions.emplace(key, std::move(f));
  }
  c.functions = std::move(functions);
  for (auto& [k, t] : c.tables) {
    for (auto& [n, trig] : t.triggers) {
      for (const auto& [a, b] : moved_functions) {
        if (trig.function == a) trig.function = b;
      }
    }
  }
  for (auto& [k, v] : c.views) {
    for (auto& [n, trig] : v.triggers) {
      for (const auto& [a, b] : moved_functions) {
        if (trig.function == a) trig.function = b;
      }
    }
  }
  for (auto& [name, ext] : c.extensions) {
    if (ext.schema == from) ext.schema = to;
  }
}

}  // namespace

// ---- Shared bookkeeping ----------------------------------------------------------------------

std::string LookupFunction(const ReplayContext& ctx, const PgQuery__ObjectWithArgs* owa,
                           bool* ambiguous) {
  if (ambiguous) *ambiguous = false;
  if (!owa || owa->n_objname == 0) return {};
  std::string name = TruncateIdentifier(StringValue(owa->objname[owa->n_objname - 1]));
  std::vector<std::string> schemas;
  if (owa->n_objname >= 2) {
    schemas.emplace_back(StringValue(owa->objname[owa->n_objname - 2]));
  } else {
    for (const std::string& s : ctx.session.search_path) {
      if (s != "$user") schemas.push_back(s);
    }
  }
  std::vector<model::TypeRef> args;
  for (size_t i = 0; i < owa->n_objargs; ++i) {
    const PgQuery__Node* a = owa->objargs[i];
    if (a->node_case == PG_QUERY__NODE__NODE_TYPE_NAME) args.push_back(ctx.Type(a->type_name));
  }
  for (const std::string& schema : schemas) {
    std::vector<std::string> matches;
    for (const auto& [sig, f] : ctx.catalog.functions) {
      if (f.name.schema != schema || f.name.name != name) continue;
      if (!owa->args_unspecified) {
        std::vector<const model::FunctionArg*> in;
        for (const model::FunctionArg& a : f.args) {
          if (a.mode != "OUT" && a.mode != "TABLE") in.push_back(&a);
        }
        if (in.size() != args.size()) continue;
        bool same = true;
        for (size_t i = 0; i < in.size(); ++i) {
          same = same && in[i]->type.name == args[i].name &&
                 in[i]->type.array_dims == args[i].array_dims;
        }
        if (!same) continue;
      }
      matches.push_back(sig);
    }
    if (matches.size() == 1) return matches.front();
    if (matches.size() > 1) {
      if (ambiguous) *ambiguous = true;
      return {};
    }
  }
  return {};
}

void MoveRelationTo(ReplayContext& ctx, const QualifiedName& from, const QualifiedName& to) {
  if (from == to) return;
  model::Catalog& c = ctx.catalog;
  bool schema_change = from.schema != to.schema;
  bool row_type = false;
  RetargetViewRefs(ctx, from, to);
  if (Move(c.tables, from, to)) {
    row_type = true;
    std::vector<QualifiedName> indexes, owned;
    for (auto& [k, idx] : c.indexes) {
      if (idx.table == from) {
        idx.table = to;
        indexes.push_back(k);
      }
    }
    for (auto& [k, seq] : c.sequences) {
      if (seq.owned_by_table && *seq.owned_by_table == from) {
        seq.owned_by_table = to;
        owned.push_back(k);
      }
    }
    if (schema_change) {
      // Its indexes (with the constraints they back) and owned sequences go with it.
      for (const QualifiedName& i : indexes) Move(c.indexes, i, {to.schema, i.name});
      for (const QualifiedName& s : owned) MoveRelationTo(ctx, s, {to.schema, s.name});
    }
    for (auto& [k, t] : c.tables) {
      for (auto& [n, con] : t.constraints) {
        if (con.ref_table == from) con.ref_table = to;
      }
      if (t.partition_of && *t.partition_of == from) t.partition_of = to;
      for (QualifiedName& p : t.inherits) {
        if (p == from) p = to;
      }
    }
  } else if (Move(c.views, from, to)) {
    row_type = true;
    std::vector<QualifiedName> indexes;
    for (auto& [k, idx] : c.indexes) {
      if (idx.table == from) {
        idx.table = to;
        indexes.push_back(k);
      }
    }
    if (schema_change) {
      for (const QualifiedName& i : indexes) Move(c.indexes, i, {to.schema, i.name});
    }
  } else if (Move(c.sequences, from, to)) {
    RetargetSequenceRefs(c, from, to);
  } else if (Move(c.indexes, from, to)) {
    model::Index& idx = c.indexes.at(to);
    if (idx.backs_constraint) {
      auto t = c.tables.find(idx.table);
      if (t != c.tables.end()) {
        auto node = t->second.constraints.extract(from.name);
        if (!node.empty()) {
          node.key() = to.name;
          node.mapped().name = to.name;
          t->second.constraints.insert(std::move(node));
        }
      }
    }
  } else if (Move(c.composites, from, to)) {
    row_type = true;
  }
  if (row_type) RetargetTypeRefs(c, from.ToString(), to.ToString());
  Rekey(ctx.created_here, from, to);
}

// ---- ALTER ... RENAME ------------------------------------------------------------------------

void ReplayRename(ReplayContext& ctx, const PgQuery__RenameStmt* stmt) {
  if (!stmt) return;
  switch (stmt->rename_type) {
    case PG_QUERY__OBJECT_TYPE__OBJECT_INDEX:
    case PG_QUERY__OBJECT_TYPE__OBJECT_VIEW:
    case PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW:
    case PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE:
    case PG_QUERY__OBJECT_TYPE__OBJECT_FOREIGN_TABLE:
      RenameRelation(ctx, stmt);
      return;
    case PG_QUERY__OBJECT_TYPE__OBJECT_TYPE:
      RenameType(ctx, stmt, false);
      return;
    case PG_QUERY__OBJECT_TYPE__OBJECT_DOMAIN:
      RenameType(ctx, stmt, true);
      return;
    case PG_QUERY__OBJECT_TYPE__OBJECT_ATTRIBUTE:
      RenameAttribute(ctx, stmt);
      return;
    case PG_QUERY__OBJECT_TYPE__OBJECT_TABCONSTRAINT:
      RenameTableConstraint(ctx, stmt);
      return;
    case PG_QUERY__OBJECT_TYPE__OBJECT_DOMCONSTRAINT:
      RenameDomainConstraint(ctx, stmt);
      return;
    case PG_QUERY__OBJECT_TYPE__OBJECT_TRIGGER:
      RenameMember<model::Trigger>(ctx, stmt, ObjectKind::kTrigger, TriggersOf);
      return;
    case PG_QUERY__OBJECT_TYPE__OBJECT_POLICY:
      RenameMember<model::Policy>(ctx, stmt, ObjectKind::kPolicy, PoliciesOf);
      return;
    case PG_QUERY__OBJECT_TYPE__OBJECT_SCHEMA: {
      ctx.NotRetrySafe();
      std::string from = TruncateIdentifier(stmt->subname ? stmt->subname : "");
      std::string to = TruncateIdentifier(stmt->newname ? stmt->newname : "");
      if (!ctx.catalog.schemas.count(from)) {
        ctx.DoesNotExist(ObjectKind::kSchema, from);
        return;
      }
      if (ctx.catalog.schemas.count(to)) {
        ctx.AlreadyExists(ObjectKind::kSchema, to);
        return;
      }
      model::Change& ch = ctx.AddChange(ChangeOp::kRename, ObjectKind::kSchema, {"", from});
      ch.new_name = to;
      ch.on_existing = !ctx.created_here.count({"", from});
      auto node = ctx.catalog.schemas.extract(from);
      node.key() = to;
      node.mapped().name = to;
      ctx.catalog.schemas.insert(std::move(node));
      Rekey(ctx.created_here, {"", from}, {"", to});
      RenameSchemaObjects(ctx, from, to);
      return;
    }
    case PG_QUERY__OBJECT_TYPE__OBJECT_FUNCTION:
    case PG_QUERY__OBJECT_TYPE__OBJECT_PROCEDURE:
    case PG_QUERY__OBJECT_TYPE__OBJECT_ROUTINE: {
      ctx.NotRetrySafe();
      if (!stmt->object || stmt->object->node_case != PG_QUERY__NODE__NODE_OBJECT_WITH_ARGS) return;
      const PgQuery__ObjectWithArgs* owa = stmt->object->object_with_args;
      bool ambiguous = false;
      std::string sig = LookupFunction(ctx, owa, &ambiguous);
      if (sig.empty()) {
        if (ambiguous) {
          ctx.Unmodeled("the function name is not unique: PostgreSQL asks for its argument list");
          return;
        }
        std::string shown;
        for (size_t i = 0; i < owa->n_objname; ++i)
          shown += (i ? "." : "") + std::string(StringValue(owa->objname[i]));
        ctx.DoesNotExist(ObjectKind::kFunction, shown);
        return;
      }
      model::Function f = ctx.catalog.functions.at(sig);
      QualifiedName from = f.name;
      f.name.name = TruncateIdentifier(stmt->newname ? stmt->newname : "");
      std::string new_sig = f.Signature();
      if (ctx.catalog.functions.count(new_sig)) {
        ctx.AlreadyExists(ObjectKind::kFunction, new_sig);
        return;
      }
      ctx.catalog.functions.erase(sig);
      ctx.catalog.functions[new_sig] = f;
      bool still_named = false;
      for (const auto& [k, other] : ctx.catalog.functions)
        still_named = still_named || other.name == from;
      if (!still_named) {
        for (auto& [k, t] : ctx.catalog.tables) {
          for (auto& [n, trig] : t.triggers) {
            if (trig.function == from) trig.function = f.name;
          }
        }
        for (auto& [k, v] : ctx.catalog.views) {
          for (auto& [n, trig] : v.triggers) {
            if (trig.function == from) trig.function = f.name;
          }
        }
      }
      model::Change& ch = ctx.AddChange(ChangeOp::kRename, ObjectKind::kFunction, from);
      ch.new_name = f.name.name;
      return;
    }
    case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE:
    case PG_QUERY__OBJECT_TYPE__OBJECT_COLUMN:
      RenameTableOrColumn(ctx, stmt);
      return;
    case PG_QUERY__OBJECT_TYPE__OBJECT_ROLE:
    case PG_QUERY__OBJECT_TYPE__OBJECT_DATABASE:
    case PG_QUERY__OBJECT_TYPE__OBJECT_TABLESPACE:
    case PG_QUERY__OBJECT_TYPE__OBJECT_PUBLICATION:
    case PG_QUERY__OBJECT_TYPE__OBJECT_SUBSCRIPTION:
      ctx.out.kind = model::StatementKind::kNoop;  // cluster-level objects: not part of a schema
      return;
    default:
      ctx.Unmodeled("renaming this kind of object is not modelled");
      return;
  }
}

}  // namespace sse::pg
