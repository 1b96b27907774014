// Schemas and extensions: CREATE SCHEMA (with its embedded elements), DROP SCHEMA (CASCADE
// drops what it holds and what depends on that), CREATE / ALTER / DROP EXTENSION; COMMENT ON;
// ALTER ... SET SCHEMA of tables, views, sequences, types, functions and extensions.

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

bool IsCascade(const PgQuery__DropStmt* stmt) {
  return stmt && stmt->behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE;
}

bool HasTypeFn(const model::Catalog& c, const QualifiedName& n) { return c.HasType(n); }

QualifiedName SchemaRef(const std::string& name) { return {"", name}; }

QualifiedName ResolveRel(const ReplayContext& ctx, const PgQuery__RangeVar* rv) {
  std::string schema = rv->schemaname ? rv->schemaname : "";
  std::string name = TruncateIdentifier(rv->relname ? rv->relname : "");
  if (schema.empty() && ctx.catalog.HasRelation({std::string(kTempSchema), name})) {
    return {std::string(kTempSchema), name};
  }
  return ctx.ResolveRelation(rv);
}

/// The RangeVar a CREATE SCHEMA element creates its object under (nullptr for GRANT).
const PgQuery__RangeVar* ElementTarget(const PgQuery__Node* n) {
  switch (n->node_case) {
    case PG_QUERY__NODE__NODE_CREATE_STMT:
      return n->create_stmt->relation;
    case PG_QUERY__NODE__NODE_VIEW_STMT:
      return n->view_stmt->view;
    case PG_QUERY__NODE__NODE_INDEX_STMT:
      return n->index_stmt->relation;
    case PG_QUERY__NODE__NODE_CREATE_SEQ_STMT:
      return n->create_seq_stmt->sequence;
    case PG_QUERY__NODE__NODE_CREATE_TRIG_STMT:
      return n->create_trig_stmt->relation;
    default:
      return nullptr;
  }
}

std::string DefElemString(const PgQuery__DefElem* d) {
  if (!d || !d->arg) return {};
  const PgQuery__Node* a = d->arg;
  if (a->node_case == PG_QUERY__NODE__NODE_STRING) return std::string(StringValue(a));
  if (a->node_case == PG_QUERY__NODE__NODE_A_CONST && a->a_const &&
      a->a_const->val_case == PG_QUERY__A__CONST__VAL_SVAL && a->a_const->sval) {
    return a->a_const->sval->sval;
  }
  if (a->node_case == PG_QUERY__NODE__NODE_INTEGER && a->integer)
    return std::to_string(a->integer->ival);
  if (a->node_case == PG_QUERY__NODE__NODE_FLOAT && a->float_ && a->float_->fval)
    return a->float_->fval;
  return {};
}

/// Removes a table because its schema goes: its indexes, owned sequences, the foreign keys that
/// reference it, the views that read it and the columns typed with its row type.
void CascadeDropTable(ReplayContext& ctx, const QualifiedName& name) {
  if (!ctx.catalog.tables.count(name)) return;
  model::Change& ch = ctx.AddChange(ChangeOp::kDrop, ObjectKind::kTable, name);
  ch.cascade = true;
  ch.on_existing = ctx.ExistedBefore(name);
  DropDependentViews(ctx, name);
  for (auto& [key, t] : ctx.catalog.tables) {
    if (key == name) continue;
    for (auto it = t.constraints.begin(); it != t.constraints.end();) {
      if (it->second.kind == model::ConstraintKind::kForeignKey && it->second.ref_table == name) {
        model::Change& fc = ctx.AddChange(ChangeOp::kDrop, ObjectKind::kConstraint, key, it->first);
        fc.cascade = true;
        fc.constraint_kind = "FOREIGN KEY";
        fc.on_existing = ctx.ExistedBefore(key);
        it = t.constraints.erase(it);
      } else {
        ++it;
      }
    }
  }
  for (auto it = ctx.catalog.indexes.begin(); it != ctx.catalog.indexes.end();) {
    it = it->second.table == name ? ctx.catalog.indexes.erase(it) : std::next(it);
  }
  for (auto it = ctx.catalog.sequences.begin(); it != ctx.catalog.sequences.end();) {
    it = it->second.owned_by_table == name ? ctx.catalog.sequences.erase(it) : std::next(it);
  }
  std::string row_type = name.ToString();
  std::vector<std::pair<QualifiedName, std::string>> typed;
  for (const auto& [key, t] : ctx.catalog.tables) {
    if (key == name) continue;
    for (const model::Column& c : t.columns) {
      if (c.type.name == row_type) typed.emplace_back(key, c.name);
    }
  }
  ctx.catalog.tables.erase(name);
  for (const auto& [t, c] : typed) CascadeDropColumn(ctx, t, c);
}

/// A column default that reads a sequence goes with the sequence.
void DropSequenceDefaults(ReplayContext& ctx, const QualifiedName& seq) {
  // nextval('s.sq') as written, or nextval('s.sq'::regclass).
  auto names = [](const std::string& text, const std::string& literal) {
    for (size_t pos = text.find(literal); pos != std::string::npos;
         pos = text.find(literal, pos + 1)) {
      std::string_view rest = std::string_view(text).substr(pos + literal.size());
      if (rest.rfind("::regclass", 0) == 0 || rest.rfind(")", 0) == 0) return true;
    }
    return false;
  };
  std::string qualified = "'" + seq.ToString() + "'";
  std::string bare = "'" + seq.name + "'";
  for (auto& [key, t] : ctx.catalog.tables) {
    for (model::Column& c : t.columns) {
      if (!c.default_expr) continue;
      bool uses = names(*c.default_expr, qualified) ||
                  (key.schema == seq.schema && names(*c.default_expr, bare));
      if (!uses) continue;
      c.default_expr.reset();
      model::Change& ch = ctx.AddChange(ChangeOp::kAlter, ObjectKind::kColumn, key, c.name);
      ch.cascade = true;
      ch.on_existing = ctx.ExistedBefore(key);
    }
  }
}

/// The objects of a schema, for DROP SCHEMA's message.
std::vector<std::string> SchemaContents(const model::Catalog& c, const std::string& schema) {
  std::vector<std::string> out;
  for (const auto& [k, v] : c.tables) {
    if (k.schema == schema) out.push_back("table " + k.ToString());
  }
  for (const auto& [k, v] : c.views) {
    if (k.schema == schema)
      out.push_back((v.materialized ? "materialized view " : "view ") + k.ToString());
  }
  for (const auto& [k, v] : c.sequences) {
    if (k.schema == schema) out.push_back("sequence " + k.ToString());
  }
  for (const auto& [k, v] : c.enums) {
    if (k.schema == schema) out.push_back("type " + k.ToString());
  }
  for (const auto& [k, v] : c.domains) {
    if (k.schema == schema) out.push_back("type " + k.ToString());
  }
  for (const auto& [k, v] : c.composites) {
    if (k.schema == schema) out.push_back("type " + k.ToString());
  }
  for (const auto& [k, v] : c.functions) {
    if (v.name.schema == schema) out.push_back((v.procedure ? "procedure " : "function ") + k);
  }
  for (const auto& [k, v] : c.extensions) {
    if (v.schema == schema) out.push_back("extension " + k);
  }
  return out;
}

// ---- COMMENT ON targets ----------------------------------------------------------------------

std::vector<std::string> Strings(const PgQuery__Node* list) {
  std::vector<std::string> out;
  if (!list || list->node_case != PG_QUERY__NODE__NODE_LIST || !list->list) return out;
  for (size_t i = 0; i < list->list->n_items; ++i)
    out.emplace_back(StringValue(list->list->items[i]));
  return out;
}

/// The relation part of a [schema.]table.member name list.
QualifiedName RelationOf(const ReplayContext& ctx, const std::vector<std::string>& parts,
                         size_t drop_last) {
  if (parts.size() < 1 + drop_last) return {};
  std::string name = parts[parts.size() - 1 - drop_last];
  std::string schema = parts.size() >= 2 + drop_last ? parts[parts.size() - 2 - drop_last] : "";
  if (schema.empty() &&
      ctx.catalog.HasRelation({std::string(kTempSchema), TruncateIdentifier(name)})) {
    return {std::string(kTempSchema), TruncateIdentifier(name)};
  }
  return ctx.ResolveRelation(schema, name);
}

}  // namespace

// ---- CREATE SCHEMA ---------------------------------------------------------------------------

void ReplayCreateSchema(ReplayContext& ctx, const PgQuery__CreateSchemaStmt* stmt) {
  if (!stmt) return;
  std::string name = stmt->schemaname ? stmt->schemaname : "";
  if (name.empty() && stmt->authrole) {
    if (stmt->authrole->roletype != PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_CSTRING) {
      ctx.Unmodeled(
          "CREATE SCHEMA AUTHORIZATION CURRENT_USER / SESSION_USER names the schema after the role "
          "that "
          "runs the migration, which the model does not know");
      return;
    }
    name = stmt->authrole->rolename ? stmt->authrole->rolename : "";
  }
  name = TruncateIdentifier(name);
  if (name.empty()) return;
  if (!stmt->if_not_exists) ctx.NotRetrySafe();
  if (ctx.catalog.schemas.count(name) || name == "pg_catalog" || name == "information_schema") {
    if (stmt->if_not_exists) return;  // NOTICE, skipped
    ctx.AlreadyExists(ObjectKind::kSchema, name);
    return;
  }
  ctx.catalog.schemas[name] = model::Schema{name, std::nullopt};
  model::Change& ch = ctx.AddChange(ChangeOp::kCreate, ObjectKind::kSchema, SchemaRef(name));
  ch.guarded = stmt->if_not_exists;
  ctx.MarkCreated(SchemaRef(name));
  if (stmt->n_schema_elts == 0) return;

  // The elements run with the new schema first in search_path (and as creation target).
  std::string tag = ctx.out.tag;
  std::vector<std::string> saved_path = ctx.session.search_path;
  ctx.session.search_path.insert(ctx.session.search_path.begin(), name);
  std::string unmodeled;
  for (size_t i = 0; i < stmt->n_schema_elts; ++i) {
    const PgQuery__Node* elt = stmt->schema_elts[i];
    if (!elt) continue;
    const PgQuery__RangeVar* target = ElementTarget(elt);
    if (target && target->schemaname && *target->schemaname && name != target->schemaname) {
      // "CREATE specifies a schema (x) different from the one being created (y)".
      unmodeled = fmt::format(
          "CREATE SCHEMA {}: an element names another schema ({}); PostgreSQL rejects the "
          "statement",
          name, target->schemaname);
      continue;
    }
    ReplayStatement(ctx, elt);
    if (ctx.out.kind == StatementKind::kUnmodeled && unmodeled.empty())
      unmodeled = ctx.out.unmodeled_reason;
  }
  ctx.session.search_path = saved_path;
  ctx.out.tag = tag;
  ctx.out.kind = StatementKind::kDdl;
  if (!unmodeled.empty()) ctx.Unmodeled(unmodeled);
}

// ---- DROP SCHEMA -----------------------------------------------------------------------------

void DropSchema(ReplayContext& ctx, const PgQuery__DropStmt* stmt, const std::string& raw_name) {
  if (!stmt) return;
  std::string name = TruncateIdentifier(raw_name);
  if (!stmt->missing_ok) ctx.NotRetrySafe();
  if (!ctx.catalog.schemas.count(name)) {
    if (stmt->missing_ok) return;  // NOTICE, skipped
    ctx.DoesNotExist(ObjectKind::kSchema, name);
    return;
  }
  bool cascade = IsCascade(stmt);
  std::vector<std::string> contents = SchemaContents(ctx.catalog, name);
  if (!cascade && !contents.empty()) {
    std::string list;
    for (size_t i = 0; i < contents.size() && i < 5; ++i) list += (i ? ", " : "") + contents[i];
    if (contents.size() > 5) list += fmt::format(" and {} more", contents.size() - 5);
    ctx.DependencyError(
        fmt::format("cannot drop schema {} because other objects depend on it ({})", name, list),
        "drop the objects first, or use DROP SCHEMA ... CASCADE");
    return;
  }
  model::Change& ch = ctx.AddChange(ChangeOp::kDrop, ObjectKind::kSchema, SchemaRef(name));
  ch.guarded = stmt->missing_ok;
  ch.cascade = cascade;
  ch.on_existing = !ctx.created_here.count(SchemaRef(name));
  if (cascade) {
    model::Catalog& c = ctx.catalog;
    for (auto it = c.extensions.begin(); it != c.extensions.end();) {
      if (it->second.schema != name) {
        ++it;
        continue;
      }
      model::Change& ec =
          ctx.AddChange(ChangeOp::kDrop, ObjectKind::kExtension, SchemaRef(it->first));
      ec.cascade = true;
      it = c.extensions.erase(it);
    }
    std::vector<QualifiedName> views, tables, sequences, types;
    for (const auto& [k, v] : c.views) {
      if (k.schema == name) views.push_back(k);
    }
    for (const QualifiedName& v : views) {
      auto it = c.views.find(v);
      if (it == c.views.end()) continue;
      DropDependentViews(ctx, v);
      it = c.views.find(v);
      if (it == c.views.end()) continue;
      model::Change& vc = ctx.AddChange(
          ChangeOp::kDrop,
          it->second.materialized ? ObjectKind::kMaterializedView : ObjectKind::kView, v);
      vc.cascade = true;
      vc.on_existing = ctx.ExistedBefore(v);
      c.views.erase(it);
      for (auto i = c.indexes.begin(); i != c.indexes.end();) {
        i = i->second.table == v ? c.indexes.erase(i) : std::next(i);
      }
    }
    for (const auto& [k, v] : c.tables) {
      if (k.schema == name) tables.push_back(k);
    }
    for (const QualifiedName& t : tables) CascadeDropTable(ctx, t);
    for (const auto& [k, v] : c.sequences) {
      if (k.schema == name) sequences.push_back(k);
    }
    for (const QualifiedName& s : sequences) {
      if (!c.sequences.count(s)) continue;
      model::Change& sc = ctx.AddChange(ChangeOp::kDrop, ObjectKind::kSequence, s);
      sc.cascade = true;
      sc.on_existing = ctx.ExistedBefore(s);
      c.sequences.erase(s);
      DropSequenceDefaults(ctx, s);
    }
    for (const auto& [k, v] : c.enums) {
      if (k.schema == name) types.push_back(k);
    }
    for (const auto& [k, v] : c.domains) {
      if (k.schema == name) types.push_back(k);
    }
    for (const auto& [k, v] : c.composites) {
      if (k.schema == name) types.push_back(k);
    }
    for (const QualifiedName& t : types) CascadeDropType(ctx, t);
    std::vector<std::string> functions;
    for (const auto& [k, f] : c.functions) {
      if (f.name.schema == name) functions.push_back(k);
    }
    for (const std::string& f : functions) CascadeDropFunction(ctx, f);
  }
  ctx.catalog.schemas.erase(name);
}

// ---- Extensions ------------------------------------------------------------------------------

void ReplayCreateExtension(ReplayContext& ctx, const PgQuery__CreateExtensionStmt* stmt) {
  if (!stmt) return;
  std::string name = TruncateIdentifier(stmt->extname ? stmt->extname : "");
  if (!stmt->if_not_exists) ctx.NotRetrySafe();
  // plpgsql is installed in every database.
  if (ctx.catalog.extensions.count(name) || name == "plpgsql") {
    if (stmt->if_not_exists) return;  // NOTICE, skipped
    ctx.AlreadyExists(ObjectKind::kExtension, name);
    return;
  }
  model::Extension ext;
  ext.name = name;
  for (size_t i = 0; i < stmt->n_options; ++i) {
    const PgQuery__Node* o = stmt->options[i];
    if (o->node_case != PG_QUERY__NODE__NODE_DEF_ELEM || !o->def_elem || !o->def_elem->defname)
      continue;
    std::string_view opt = o->def_elem->defname;
    if (opt == "schema") ext.schema = TruncateIdentifier(DefElemString(o->def_elem));
    if (opt == "new_version") ext.version = DefElemString(o->def_elem);
  }
  if (ext.schema.empty()) {
    ext.schema = ctx.CreationSchema();
  } else if (!ctx.catalog.schemas.count(ext.schema) && ext.schema != "pg_catalog") {
    ctx.DoesNotExist(ObjectKind::kSchema, ext.schema);
    return;
  }
  ctx.catalog.extensions[name] = ext;
  model::Change& ch = ctx.AddChange(ChangeOp::kCreate, ObjectKind::kExtension, SchemaRef(name));
  ch.guarded = stmt->if_not_exists;
}

void ReplayAlterExtension(ReplayContext& ctx, const PgQuery__AlterExtensionStmt* stmt) {
  if (!stmt) return;
  ctx.out.tag = "ALTER EXTENSION";
  std::string name = TruncateIdentifier(stmt->extname ? stmt->extname : "");
  auto it = ctx.catalog.extensions.find(name);
  if (it == ctx.catalog.extensions.end()) {
    if (name == "plpgsql") {
      ctx.AddChange(ChangeOp::kAlter, ObjectKind::kExtension, SchemaRef(name)).on_existing = true;
      return;
    }
    ctx.DoesNotExist(ObjectKind::kExtension, name);
    return;
  }
  std::string version;
  for (size_t i = 0; i < stmt->n_options; ++i) {
    const PgQuery__Node* o = stmt->options[i];
    if (o->node_case != PG_QUERY__NODE__NODE_DEF_ELEM || !o->def_elem || !o->def_elem->defname)
      continue;
    if (std::string_view(o->def_elem->defname) == "new_version")
      version = DefElemString(o->def_elem);
  }
  // UPDATE without TO goes to the default version, which the model cannot know.
  it->second.version = version;
  model::Change& ch = ctx.AddChange(ChangeOp::kAlter, ObjectKind::kExtension, SchemaRef(name));
  ch.on_existing = true;
}

void DropExtension(ReplayContext& ctx, const PgQuery__DropStmt* stmt, const std::string& raw_name) {
  if (!stmt) return;
  std::string name = TruncateIdentifier(raw_name);
  if (!stmt->missing_ok) ctx.NotRetrySafe();
  if (!ctx.catalog.extensions.count(name) && name != "plpgsql") {
    if (stmt->missing_ok) return;  // NOTICE, skipped
    ctx.DoesNotExist(ObjectKind::kExtension, name);
    return;
  }
  ctx.catalog.extensions.erase(name);
  model::Change& ch = ctx.AddChange(ChangeOp::kDrop, ObjectKind::kExtension, SchemaRef(name));
  ch.guarded = stmt->missing_ok;
  ch.cascade = IsCascade(stmt);
  ch.on_existing = true;
}

// ---- COMMENT ON ------------------------------------------------------------------------------

void ReplayComment(ReplayContext& ctx, const PgQuery__CommentStmt* stmt) {
  if (!stmt || !stmt->object) return;
  std::optional<std::string> text;
  if (stmt->comment && *stmt->comment) text = stmt->comment;  // IS NULL and IS '' remove it
  model::Catalog& c = ctx.catalog;
  const PgQuery__Node* obj = stmt->object;
  std::vector<std::string> parts = Strings(obj);
  ObjectKind kind = ObjectKind::kOther;
  QualifiedName name;
  std::string member;
  std::optional<std::string>* target = nullptr;  // nullptr: the model keeps no comment there
  bool found = false;

  auto relation_list = [&]() { return RelationOf(ctx, parts, 0); };
  switch (stmt->objtype) {
    case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE:
    case PG_QUERY__OBJECT_TYPE__OBJECT_FOREIGN_TABLE: {
      kind = ObjectKind::kTable;
      name = relation_list();
      if (auto it = c.tables.find(name); it != c.tables.end()) {
        found = true;
        target = &it->second.comment;
      }
      break;
    }
    case PG_QUERY__OBJECT_TYPE__OBJECT_VIEW:
    case PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW: {
      bool mat = stmt->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW;
      kind = mat ? ObjectKind::kMaterializedView : ObjectKind::kView;
      name = relation_list();
      if (auto it = c.views.find(name); it != c.views.end() && it->second.materialized == mat) {
        found = true;
        target = &it->second.comment;
      }
      break;
    }
    case PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE: {
      kind = ObjectKind::kSequence;
      name = relation_list();
      if (auto it = c.sequences.find(name); it != c.sequences.end()) {
        found = true;
        target = &it->second.comment;
      }
      break;
    }
    case PG_QUERY__OBJECT_TYPE__OBJECT_INDEX: {
      kind = ObjectKind::kIndex;
      name = relation_list();
      if (auto it = c.indexes.find(name); it != c.indexes.end()) {
        found = true;
        target = &it->second.comment;
      }
      break;
    }
    case PG_QUERY__OBJECT_TYPE__OBJECT_COLUMN: {
      kind = ObjectKind::kColumn;
      if (parts.size() < 2) return;
      name = RelationOf(ctx, parts, 1);
      member = TruncateIdentifier(parts.back());
      if (auto it = c.tables.find(name); it != c.tables.end()) {
        if (model::Column* col = it->second.FindColumn(member)) {
          found = true;
          target = &col->comment;
        }
      } else if (auto comp = c.composites.find(name); comp != c.composites.end()) {
        for (const model::CompositeAttribute& a : comp->second.attributes)
          found = found || a.name == member;
      } else if (c.views.count(name)) {
        found = true;  // a view's columns are not modelled
      }
      break;
    }
    case PG_QUERY__OBJECT_TYPE__OBJECT_TYPE:
    case PG_QUERY__OBJECT_TYPE__OBJECT_DOMAIN: {
      bool domain = stmt->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_DOMAIN;
      kind = domain ? ObjectKind::kDomain : ObjectKind::kEnum;
      if (obj->node_case != PG_QUERY__NODE__NODE_TYPE_NAME || !obj->type_name) return;
      model::TypeRef t = ctx.Type(obj->type_name);
      size_t dot = t.name.find('.');
      if (dot == std::string::npos) {
        // A built-in type: allowed (with the rights), but nothing the model keeps.
        found = !domain && ctx.TypeExists(t);
        name = {"pg_catalog", t.name};
        break;
      }
      name = {t.name.substr(0, dot), t.name.substr(dot + 1)};
      if (auto it = c.domains.find(name); it != c.domains.end()) {
        found = true;
        target = &it->second.comment;
        kind = ObjectKind::kDomain;
      } else if (domain) {
        break;  // "x is not a domain"
      } else if (auto e = c.enums.find(name); e != c.enums.end()) {
        found = true;
        target = &e->second.comment;
      } else if (auto comp = c.composites.find(name); comp != c.composites.end()) {
        found = true;
        target = &comp->second.comment;
        kind = ObjectKind::kCompositeType;
      } else if (c.HasType(name) || ctx.TypeExists(t)) {
        found = true;  // a table's row type, or a type an extension provides
      }
      break;
    }
    case PG_QUERY__OBJECT_TYPE__OBJECT_SCHEMA: {
      kind = ObjectKind::kSchema;
      std::string s = TruncateIdentifier(StringValue(obj));
      name = SchemaRef(s);
      if (auto it = c.schemas.find(s); it != c.schemas.end()) {
        found = true;
        target = &it->second.comment;
      }
      break;
    }
    case PG_QUERY__OBJECT_TYPE__OBJECT_EXTENSION: {
      kind = ObjectKind::kExtension;
      std::string e = TruncateIdentifier(StringValue(obj));
      name = SchemaRef(e);
      if (auto it = c.extensions.find(e); it != c.extensions.end()) {
        found = true;
        target = &it->second.comment;
      } else if (e == "plpgsql") {
        found = true;
      }
      break;
    }
    case PG_QUERY__OBJECT_TYPE__OBJECT_FUNCTION:
    case PG_QUERY__OBJECT_TYPE__OBJECT_PROCEDURE:
    case PG_QUERY__OBJECT_TYPE__OBJECT_ROUTINE: {
      kind = ObjectKind::kFunction;
      if (obj->node_case != PG_QUERY__NODE__NODE_OBJECT_WITH_ARGS || !obj->object_with_args) return;
      const PgQuery__ObjectWithArgs* owa = obj->object_with_args;
      std::string sig = LookupFunction(ctx, owa);
      if (!sig.empty()) {
        model::Function& f = c.functions.at(sig);
        found = true;
        target = &f.comment;
        name = f.name;
      } else {
        for (size_t i = 0; i < owa->n_objname; ++i) {
          name.name += (i ? "." : "") + std::string(StringValue(owa->objname[i]));
        }
      }
      break;
    }
    case PG_QUERY__OBJECT_TYPE__OBJECT_TABCONSTRAINT:
    case PG_QUERY__OBJECT_TYPE__OBJECT_TRIGGER:
    case PG_QUERY__OBJECT_TYPE__OBJECT_POLICY: {
      kind = stmt->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_TRIGGER  ? ObjectKind::kTrigger
             : stmt->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_POLICY ? ObjectKind::kPolicy
                                                                     : ObjectKind::kConstraint;
      if (parts.size() < 2) return;
      name = RelationOf(ctx, parts, 1);
      member = TruncateIdentifier(parts.back());
      auto t = c.tables.find(name);
      if (kind == ObjectKind::kTrigger) {
        auto v = c.views.find(name);
        std::map<std::string, model::Trigger>* triggers = t != c.tables.end()  ? &t->second.triggers
                                                          : v != c.views.end() ? &v->second.triggers
                                                                               : nullptr;
        if (triggers) {
          if (auto it = triggers->find(member); it != triggers->end()) {
            found = true;
            target = &it->second.comment;
          }
        }
      } else if (t != c.tables.end() && kind == ObjectKind::kPolicy) {
        if (auto it = t->second.policies.find(member); it != t->second.policies.end()) {
          found = true;
          target = &it->second.comment;
        }
      } else if (t != c.tables.end()) {
        if (auto it = t->second.constraints.find(member); it != t->second.constraints.end()) {
          found = true;
          target = &it->second.comment;
        }
      }
      break;
    }
    case PG_QUERY__OBJECT_TYPE__OBJECT_DOMCONSTRAINT: {
      kind = ObjectKind::kDomain;
      if (obj->node_case != PG_QUERY__NODE__NODE_LIST || !obj->list || obj->list->n_items < 2)
        return;
      const PgQuery__Node* tn = obj->list->items[0];
      if (tn->node_case != PG_QUERY__NODE__NODE_TYPE_NAME || !tn->type_name) return;
      name = ctx.ResolveList(tn->type_name->names, tn->type_name->n_names, HasTypeFn);
      member = TruncateIdentifier(StringValue(obj->list->items[1]));
      if (auto it = c.domains.find(name); it != c.domains.end()) {
        for (const model::DomainCheck& chk : it->second.checks) found = found || chk.name == member;
      }
      break;  // the model keeps no comment on a domain constraint
    }
    default:
      // Roles, databases, tablespaces, and object kinds the model does not keep.
      ctx.out.kind = StatementKind::kNoop;
      return;
  }
  if (!found) {
    ctx.DoesNotExist(
        kind, member.empty() ? name.ToString() : fmt::format("{}.{}", name.ToString(), member));
    return;
  }
  if (target) *target = text;
  ctx.AddChange(ChangeOp::kComment, kind, name, member);
}

// ---- ALTER ... SET SCHEMA --------------------------------------------------------------------

void ReplayAlterObjectSchema(ReplayContext& ctx, const PgQuery__AlterObjectSchemaStmt* stmt) {
  if (!stmt) return;
  std::string schema = TruncateIdentifier(stmt->newschema ? stmt->newschema : "");
  model::Catalog& c = ctx.catalog;
  // Run again, the old name no longer resolves (extensions excepted: their names are global).
  if (stmt->object_type != PG_QUERY__OBJECT_TYPE__OBJECT_EXTENSION) ctx.NotRetrySafe();
  auto check_schema = [&]() {
    if (c.schemas.count(schema)) return true;
    ctx.DoesNotExist(ObjectKind::kSchema, schema);
    return false;
  };
  switch (stmt->object_type) {
    case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE:
    case PG_QUERY__OBJECT_TYPE__OBJECT_FOREIGN_TABLE:
    case PG_QUERY__OBJECT_TYPE__OBJECT_VIEW:
    case PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW:
    case PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE: {
      if (!stmt->relation) return;
      ObjectKind kind = stmt->object_type == PG_QUERY__OBJECT_TYPE__OBJECT_VIEW ? ObjectKind::kView
                        : stmt->object_type == PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW
                            ? ObjectKind::kMaterializedView
                        : stmt->object_type == PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE
                            ? ObjectKind::kSequence
                            : ObjectKind::kTable;
      QualifiedName from = ResolveRel(ctx, stmt->relation);
      auto view = c.views.find(from);
      bool ok = false;
      switch (kind) {
        case ObjectKind::kView:
          ok = view != c.views.end() && !view->second.materialized;
          break;
        case ObjectKind::kMaterializedView:
          ok = view != c.views.end() && view->second.materialized;
          break;
        case ObjectKind::kSequence:
          ok = c.sequences.count(from) > 0;
          break;
        default:
          ok = c.tables.count(from) || c.views.count(from) || c.sequences.count(from);
          break;
      }
      if (!ok) {
        if (stmt->missing_ok && !c.HasRelation(from)) return;  // NOTICE, skipped
        ctx.DoesNotExist(kind, from.ToString());
        return;
      }
      if (c.tables.count(from)) kind = ObjectKind::kTable;
      if (c.sequences.count(from)) kind = ObjectKind::kSequence;
      if (view != c.views.end())
        kind = view->second.materialized ? ObjectKind::kMaterializedView : ObjectKind::kView;
      if (!check_schema()) return;
      if (from.schema == schema) return;  // already there: nothing happens
      if (auto seq = c.sequences.find(from);
          seq != c.sequences.end() && seq->second.owned_by_table) {
        ctx.DependencyError(
            fmt::format("cannot move an owned sequence into another schema (sequence \"{}\" is "
                        "linked to table \"{}\")",
                        from.name, seq->second.owned_by_table->name),
            "move the table that owns it instead");
        return;
      }
      QualifiedName to{schema, from.name};
      // What moves with it: the relation, its indexes and (for a table) its owned sequences.
      std::vector<QualifiedName> moving = {from};
      for (const model::Index* idx : c.IndexesOf(from)) moving.push_back(idx->name);
      for (const auto& [k, s] : c.sequences) {
        if (s.owned_by_table == from) moving.push_back(k);
      }
      for (const QualifiedName& m : moving) {
        if (c.HasRelation({schema, m.name})) {
          ctx.AlreadyExists(kind, QualifiedName{schema, m.name}.ToString());
          return;
        }
      }
      if (kind != ObjectKind::kSequence && c.HasType(to)) {
        ctx.AlreadyExists(ObjectKind::kEnum, to.ToString());
        return;
      }
      model::Change& ch = ctx.AddChange(ChangeOp::kRename, kind, from);
      ch.new_name = to.ToString();
      ch.on_existing = ctx.ExistedBefore(from);
      MoveRelationTo(ctx, from, to);
      return;
    }
    case PG_QUERY__OBJECT_TYPE__OBJECT_TYPE:
    case PG_QUERY__OBJECT_TYPE__OBJECT_DOMAIN: {
      bool domain = stmt->object_type == PG_QUERY__OBJECT_TYPE__OBJECT_DOMAIN;
      std::vector<std::string> parts = Strings(stmt->object);
      if (parts.empty()) return;
      QualifiedName from =
          ctx.ResolveList(stmt->object->list->items, stmt->object->list->n_items, HasTypeFn);
      ObjectKind kind = c.domains.count(from)      ? ObjectKind::kDomain
                        : c.composites.count(from) ? ObjectKind::kCompositeType
                        : c.enums.count(from)      ? ObjectKind::kEnum
                                                   : ObjectKind::kOther;
      if (kind == ObjectKind::kOther || (domain && kind != ObjectKind::kDomain)) {
        ctx.DoesNotExist(domain ? ObjectKind::kDomain : ObjectKind::kEnum, from.ToString());
        return;
      }
      if (!check_schema()) return;
      if (from.schema == schema) return;
      QualifiedName to{schema, from.name};
      if (c.HasType(to) || (kind == ObjectKind::kCompositeType && c.HasRelation(to))) {
        ctx.AlreadyExists(kind, to.ToString());
        return;
      }
      model::Change& ch = ctx.AddChange(ChangeOp::kRename, kind, from);
      ch.new_name = to.ToString();
      ch.on_existing = !ctx.created_here.count(from);
      if (kind == ObjectKind::kCompositeType) {
        MoveRelationTo(ctx, from, to);
        return;
      }
      if (kind == ObjectKind::kDomain) {
        auto node = c.domains.extract(from);
        node.key() = to;
        node.mapped().name = to;
        c.domains.insert(std::move(node));
      } else {
        auto node = c.enums.extract(from);
        node.key() = to;
        node.mapped().name = to;
        c.enums.insert(std::move(node));
      }
      RetargetTypeRefs(c, from.ToString(), to.ToString());
      if (ctx.created_here.erase(from)) ctx.created_here.insert(to);
      return;
    }
    case PG_QUERY__OBJECT_TYPE__OBJECT_FUNCTION:
    case PG_QUERY__OBJECT_TYPE__OBJECT_PROCEDURE:
    case PG_QUERY__OBJECT_TYPE__OBJECT_ROUTINE: {
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
      if (!check_schema()) return;
      model::Function f = c.functions.at(sig);
      QualifiedName from = f.name;
      if (from.schema == schema) return;
      f.name.schema = schema;
      std::string new_sig = f.Signature();
      if (c.functions.count(new_sig)) {
        ctx.AlreadyExists(ObjectKind::kFunction, new_sig);
        return;
      }
      c.functions.erase(sig);
      c.functions[new_sig] = f;
      bool still_named = false;
      for (const auto& [k, other] : c.functions) still_named = still_named || other.name == from;
      if (!still_named) {
        for (auto& [k, t] : c.tables) {
          for (auto& [n, trig] : t.triggers) {
            if (trig.function == from) trig.function = f.name;
          }
        }
        for (auto& [k, v] : c.views) {
          for (auto& [n, trig] : v.triggers) {
            if (trig.function == from) trig.function = f.name;
          }
        }
      }
      model::Change& ch = ctx.AddChange(ChangeOp::kRename, ObjectKind::kFunction, from);
      ch.new_name = f.name.ToString();
      return;
    }
    case PG_QUERY__OBJECT_TYPE__OBJECT_EXTENSION: {
      std::string name = TruncateIdentifier(StringValue(stmt->object));
      auto it = c.extensions.find(name);
      if (it == c.extensions.end()) {
        ctx.DoesNotExist(ObjectKind::kExtension, name);
        return;
      }
      if (!check_schema()) return;
      it->second.schema = schema;
      model::Change& ch = ctx.AddChange(ChangeOp::kAlter, ObjectKind::kExtension, SchemaRef(name));
      ch.new_name = schema;
      ch.on_existing = true;
      return;
    }
    default:
      ctx.Unmodeled("ALTER ... SET SCHEMA of this kind of object is not modelled");
      return;
  }
}

}  // namespace sse::pg
