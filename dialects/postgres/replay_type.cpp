// User-defined types: CREATE TYPE ... AS ENUM and ALTER TYPE ... ADD / RENAME VALUE, CREATE /
// ALTER DOMAIN, composite types (CREATE TYPE ... AS (...), ALTER TYPE ... ADD / DROP / ALTER
// ATTRIBUTE), DROP TYPE / DROP DOMAIN with what depends on the type (columns, attributes,
// domains, functions), and the type-reference bookkeeping renames and moves share.

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "dialects/postgres/replay.hpp"

namespace sse::pg {

using model::ChangeOp;
using model::ObjectKind;
using model::QualifiedName;

namespace {

bool IsCascade(const PgQuery__DropStmt* stmt) {
  return stmt && stmt->behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE;
}

bool HasTypeFn(const model::Catalog& c, const QualifiedName& n) { return c.HasType(n); }

/// A type named by a list of String nodes (["public", "mood"] or ["mood"]), resolved.
QualifiedName ResolveType(const ReplayContext& ctx, PgQuery__Node* const* names, size_t n) {
  return ctx.ResolveList(names, n, HasTypeFn);
}

/// The name a CREATE TYPE / DOMAIN gives its type.
QualifiedName NameForNewType(const ReplayContext& ctx, PgQuery__Node* const* names, size_t n) {
  if (n == 0) return {};
  std::string_view name = StringValue(names[n - 1]);
  std::string_view schema = n >= 2 ? StringValue(names[n - 2]) : std::string_view();
  return ctx.NameForCreate(schema, name);
}

bool SchemaExists(const ReplayContext& ctx, const std::string& schema) {
  return ctx.catalog.schemas.count(schema) || schema == "pg_catalog" ||
         schema.rfind("pg_temp", 0) == 0 || schema == "information_schema";
}

/// True when the type existed before the current migration.
bool TypeExistedBefore(const ReplayContext& ctx, const QualifiedName& name) {
  return ctx.catalog.HasType(name) && !ctx.created_here.count(name);
}

/// A collation named by a list of String nodes: "C", "en_US", or "schema.name" outside
/// pg_catalog.
std::string CollationName(PgQuery__Node* const* names, size_t n) {
  if (n == 0) return {};
  std::string last(StringValue(names[n - 1]));
  if (n >= 2) {
    std::string schema(StringValue(names[n - 2]));
    if (schema != "pg_catalog") return schema + "." + last;
  }
  return last;
}

std::optional<std::string> Collation(const PgQuery__CollateClause* c) {
  if (!c || c->n_collname == 0) return std::nullopt;
  return CollationName(c->collname, c->n_collname);
}

bool IsIdentChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '$' || static_cast<unsigned char>(c) >= 0x80;
}

/// True when canonical SQL text mentions an identifier (as a whole word, or quoted).
bool Mentions(const std::string& text, const std::string& ident) {
  if (ident.empty()) return false;
  if (text.find("\"" + ident + "\"") != std::string::npos) return true;
  for (size_t pos = text.find(ident); pos != std::string::npos; pos = text.find(ident, pos + 1)) {
    bool before = pos == 0 || !IsIdentChar(text[pos - 1]);
    size_t end = pos + ident.size();
    bool after = end >= text.size() || !IsIdentChar(text[end]);
    if (before && after) return true;
  }
  return false;
}

/// Replaces whole-word occurrences of type name `from` in a function result ("SETOF public.mood",
/// "TABLE(m public.mood)").
std::string ReplaceTypeWord(const std::string& text, const std::string& from,
                            const std::string& to) {
  std::string out;
  size_t last = 0;
  for (size_t pos = text.find(from); pos != std::string::npos;
       pos = text.find(from, pos + from.size())) {
    bool before = pos == 0 || (!IsIdentChar(text[pos - 1]) && text[pos - 1] != '.');
    size_t end = pos + from.size();
    bool after = end >= text.size() || (!IsIdentChar(text[end]) && text[end] != '.');
    if (!before || !after) continue;
    out += text.substr(last, pos - last) + to;
    last = end;
  }
  return out + text.substr(last);
}

/// A domain CHECK constraint name: "<domain>_check", numbered while any constraint of the
/// schema (table or domain) has it (ChooseConstraintName).
std::string ChooseDomainCheckName(const model::Catalog& catalog, const std::string& schema,
                                  const std::string& domain,
                                  const std::vector<model::DomainCheck>& pending) {
  auto used = [&](const std::string& name) {
    for (const model::DomainCheck& c : pending) {
      if (c.name == name) return true;
    }
    for (const auto& [key, table] : catalog.tables) {
      if (key.schema == schema && table.constraints.count(name)) return true;
    }
    for (const auto& [key, d] : catalog.domains) {
      if (key.schema != schema) continue;
      for (const model::DomainCheck& c : d.checks) {
        if (c.name == name) return true;
      }
    }
    return false;
  };
  for (int pass = 0;; ++pass) {
    std::string label = pass == 0 ? "check" : fmt::format("check{}", pass);
    std::string candidate = MakeObjectName(domain, "", label);
    if (!used(candidate)) return candidate;
  }
}

void SortChecks(model::Domain& d) {
  std::sort(
      d.checks.begin(), d.checks.end(),
      [](const model::DomainCheck& a, const model::DomainCheck& b) { return a.name < b.name; });
}

std::string TypeKey(const model::TypeRef& t) { return t.name; }

/// What depends on a type: columns (table, column), composite attributes (type, attribute),
/// domains over it, functions taking or returning it.
struct TypeDependents {
  std::vector<std::pair<QualifiedName, std::string>> columns;
  std::vector<std::pair<QualifiedName, std::string>> attributes;
  std::vector<QualifiedName> domains;
  std::vector<std::string> functions;  ///< signatures
  bool empty() const {
    return columns.empty() && attributes.empty() && domains.empty() && functions.empty();
  }
};

TypeDependents DependentsOf(const model::Catalog& catalog, const std::string& type) {
  TypeDependents out;
  for (const auto& [key, table] : catalog.tables) {
    for (const model::Column& c : table.columns) {
      if (TypeKey(c.type) == type) out.columns.emplace_back(key, c.name);
    }
  }
  for (const auto& [key, comp] : catalog.composites) {
    for (const model::CompositeAttribute& a : comp.attributes) {
      if (TypeKey(a.type) == type) out.attributes.emplace_back(key, a.name);
    }
  }
  for (const auto& [key, d] : catalog.domains) {
    if (TypeKey(d.base) == type) out.domains.push_back(key);
  }
  for (const auto& [sig, f] : catalog.functions) {
    bool uses = ReplaceTypeWord(f.returns, type, "\x01") != f.returns;
    for (const model::FunctionArg& a : f.args) {
      if (TypeKey(a.type) == type) uses = true;
    }
    if (uses) out.functions.push_back(sig);
  }
  return out;
}

std::string DescribeDependents(const TypeDependents& d) {
  std::vector<std::string> parts;
  for (const auto& [t, c] : d.columns)
    parts.push_back(fmt::format("column {} of table {}", c, t.ToString()));
  for (const auto& [t, a] : d.attributes) {
    parts.push_back(fmt::format("column {} of composite type {}", a, t.ToString()));
  }
  for (const QualifiedName& n : d.domains) parts.push_back(fmt::format("type {}", n.ToString()));
  for (const std::string& f : d.functions) parts.push_back(fmt::format("function {}", f));
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) out += (i ? ", " : "") + parts[i];
  return out;
}

void DropFunctionCascadeImpl(ReplayContext& ctx, const std::string& signature) {
  auto it = ctx.catalog.functions.find(signature);
  if (it == ctx.catalog.functions.end()) return;
  QualifiedName fname = it->second.name;
  bool trigger_fn = it->second.args.empty();
  std::vector<model::FunctionArg> args = it->second.args;
  ctx.catalog.functions.erase(it);
  model::Change& ch = ctx.AddChange(ChangeOp::kDrop, ObjectKind::kFunction, fname, "");
  ch.cascade = true;
  // Functions created by this migration are marked under "<name>(<argument types>)".
  model::Function bare;
  bare.name = {"", fname.name};
  bare.args = args;
  ch.on_existing = !ctx.created_here.count({fname.schema, bare.Signature()});
  if (!trigger_fn) return;
  // Triggers that execute it go with it.
  for (auto& [key, table] : ctx.catalog.tables) {
    for (auto t = table.triggers.begin(); t != table.triggers.end();) {
      if (t->second.function == fname) {
        model::Change& tc = ctx.AddChange(ChangeOp::kDrop, ObjectKind::kTrigger, key, t->first);
        tc.cascade = true;
        tc.on_existing = ctx.ExistedBefore(key);
        t = table.triggers.erase(t);
      } else {
        ++t;
      }
    }
  }
  for (auto& [key, view] : ctx.catalog.views) {
    for (auto t = view.triggers.begin(); t != view.triggers.end();) {
      if (t->second.function == fname) {
        model::Change& tc = ctx.AddChange(ChangeOp::kDrop, ObjectKind::kTrigger, key, t->first);
        tc.cascade = true;
        t = view.triggers.erase(t);
      } else {
        ++t;
      }
    }
  }
}

/// Drops a type and, recursively, what depends on it (CASCADE).
void DropTypeCascade(ReplayContext& ctx, const QualifiedName& name, std::set<QualifiedName>& done) {
  if (!done.insert(name).second) return;
  TypeDependents deps = DependentsOf(ctx.catalog, name.ToString());
  for (const QualifiedName& d : deps.domains) {
    if (!ctx.catalog.domains.count(d)) continue;
    model::Change& ch = ctx.AddChange(ChangeOp::kDrop, ObjectKind::kDomain, d);
    ch.cascade = true;
    ch.on_existing = TypeExistedBefore(ctx, d);
    DropTypeCascade(ctx, d, done);
    ctx.catalog.domains.erase(d);
  }
  for (const auto& [table, column] : deps.columns) CascadeDropColumn(ctx, table, column);
  for (const auto& [comp, attr] : deps.attributes) {
    auto it = ctx.catalog.composites.find(comp);
    if (it == ctx.catalog.composites.end()) continue;
    auto& attrs = it->second.attributes;
    attrs.erase(std::remove_if(attrs.begin(), attrs.end(),
                               [&](const model::CompositeAttribute& a) { return a.name == attr; }),
                attrs.end());
    model::Change& ch = ctx.AddChange(ChangeOp::kDrop, ObjectKind::kCompositeType, comp, attr);
    ch.cascade = true;
    ch.on_existing = TypeExistedBefore(ctx, comp);
  }
  for (const std::string& f : deps.functions) DropFunctionCascadeImpl(ctx, f);
}

/// The composite type an ALTER TYPE names, or nullptr after reporting why there is none.
model::CompositeType* FindComposite(ReplayContext& ctx, const PgQuery__RangeVar* rv,
                                    QualifiedName& name) {
  name = ctx.ResolveRelation(rv);
  auto it = ctx.catalog.composites.find(name);
  if (it == ctx.catalog.composites.end()) {
    // A missing type, or one that is not composite ("\"x\" is not a composite type").
    ctx.DoesNotExist(ObjectKind::kCompositeType, name.ToString());
    return nullptr;
  }
  return &it->second;
}

}  // namespace

// ---- Shared bookkeeping ----------------------------------------------------------------------

void RetargetTypeRefs(model::Catalog& catalog, const std::string& from, const std::string& to) {
  if (from == to) return;
  for (auto& [key, table] : catalog.tables) {
    for (model::Column& c : table.columns) {
      if (c.type.name == from) c.type.name = to;
    }
  }
  for (auto& [key, comp] : catalog.composites) {
    for (model::CompositeAttribute& a : comp.attributes) {
      if (a.type.name == from) a.type.name = to;
    }
  }
  for (auto& [key, d] : catalog.domains) {
    if (d.base.name == from) d.base.name = to;
  }
  std::map<std::string, model::Function> functions;
  for (auto& [sig, f] : catalog.functions) {
    for (model::FunctionArg& a : f.args) {
      if (a.type.name == from) a.type.name = to;
    }
    f.returns = ReplaceTypeWord(f.returns, from, to);
    std::string key = f.Signature();
    functions.emplace(key, std::move(f));
  }
  catalog.functions = std::move(functions);
}

void CascadeDropColumn(ReplayContext& ctx, const QualifiedName& tname, const std::string& column) {
  auto tit = ctx.catalog.tables.find(tname);
  if (tit == ctx.catalog.tables.end()) return;
  model::Table& table = tit->second;
  auto cit = std::find_if(table.columns.begin(), table.columns.end(),
                          [&](const model::Column& c) { return c.name == column; });
  if (cit == table.columns.end()) return;
  bool on_existing = ctx.ExistedBefore(tname);
  table.columns.erase(cit);
  model::Change& ch = ctx.AddChange(ChangeOp::kDrop, ObjectKind::kColumn, tname, column);
  ch.cascade = true;
  ch.on_existing = on_existing;

  auto contains = [&](const std::vector<std::string>& v) {
    return std::find(v.begin(), v.end(), column) != v.end();
  };
  // Constraints on the column (and the indexes that back them).
  std::vector<std::string> dropped_constraints;
  for (auto it = table.constraints.begin(); it != table.constraints.end();) {
    const model::Constraint& c = it->second;
    bool uses = contains(c.columns) || contains(c.include) || Mentions(c.expression, column) ||
                Mentions(c.where, column);
    for (const model::ExclusionElement& e : c.elements)
      uses = uses || Mentions(e.expression, column);
    if (!uses) {
      ++it;
      continue;
    }
    dropped_constraints.push_back(it->first);
    model::Change& cc = ctx.AddChange(ChangeOp::kDrop, ObjectKind::kConstraint, tname, it->first);
    cc.cascade = true;
    cc.on_existing = on_existing;
    cc.constraint_kind = model::ConstraintKindSql(c.kind);
    ctx.catalog.indexes.erase({tname.schema, it->first});
    it = table.constraints.erase(it);
  }
  // Indexes on the column.
  for (auto it = ctx.catalog.indexes.begin(); it != ctx.catalog.indexes.end();) {
    const model::Index& idx = it->second;
    bool uses = false;
    if (idx.table == tname) {
      for (const model::IndexKey& k : idx.keys) {
        uses = uses || (k.is_expression ? Mentions(k.expression, column) : k.expression == column);
      }
      uses = uses || contains(idx.include) || Mentions(idx.predicate, column);
    }
    if (!uses) {
      ++it;
      continue;
    }
    if (idx.backs_constraint) table.constraints.erase(idx.name.name);
    model::Change& ic = ctx.AddChange(ChangeOp::kDrop, ObjectKind::kIndex, it->first);
    ic.cascade = true;
    ic.on_existing = on_existing;
    it = ctx.catalog.indexes.erase(it);
  }
  // Foreign keys of other tables that reference the column.
  for (auto& [key, other] : ctx.catalog.tables) {
    for (auto it = other.constraints.begin(); it != other.constraints.end();) {
      const model::Constraint& c = it->second;
      if (c.kind == model::ConstraintKind::kForeignKey && c.ref_table == tname &&
          (contains(c.ref_columns) || (key == tname && contains(c.columns)))) {
        model::Change& fc = ctx.AddChange(ChangeOp::kDrop, ObjectKind::kConstraint, key, it->first);
        fc.cascade = true;
        fc.on_existing = ctx.ExistedBefore(key);
        fc.constraint_kind = "FOREIGN KEY";
        it = other.constraints.erase(it);
      } else {
        ++it;
      }
    }
  }
  // Sequences owned by the column.
  for (auto it = ctx.catalog.sequences.begin(); it != ctx.catalog.sequences.end();) {
    if (it->second.owned_by_table == tname && it->second.owned_by_column == column) {
      model::Change& sc = ctx.AddChange(ChangeOp::kDrop, ObjectKind::kSequence, it->first);
      sc.cascade = true;
      sc.on_existing = ctx.ExistedBefore(it->first);
      it = ctx.catalog.sequences.erase(it);
    } else {
      ++it;
    }
  }
  // Triggers and policies that name the column.
  model::Table& t = table;
  for (auto it = t.triggers.begin(); it != t.triggers.end();) {
    if (contains(it->second.update_of) || Mentions(it->second.when, column)) {
      model::Change& tc = ctx.AddChange(ChangeOp::kDrop, ObjectKind::kTrigger, tname, it->first);
      tc.cascade = true;
      tc.on_existing = on_existing;
      it = t.triggers.erase(it);
    } else {
      ++it;
    }
  }
  for (auto it = t.policies.begin(); it != t.policies.end();) {
    if (Mentions(it->second.using_expr, column) || Mentions(it->second.check_expr, column)) {
      model::Change& pc = ctx.AddChange(ChangeOp::kDrop, ObjectKind::kPolicy, tname, it->first);
      pc.cascade = true;
      pc.on_existing = on_existing;
      it = t.policies.erase(it);
    } else {
      ++it;
    }
  }
  // Views that read the column (views are kept as text: a view that names the table and the
  // column, or selects *, is taken to read it).
  std::vector<QualifiedName> views;
  for (const auto& [key, view] : ctx.catalog.views) {
    if (Mentions(view.definition, tname.name) &&
        (Mentions(view.definition, column) || view.definition.find('*') != std::string::npos)) {
      views.push_back(key);
    }
  }
  for (const QualifiedName& v : views) {
    auto it = ctx.catalog.views.find(v);
    if (it == ctx.catalog.views.end()) continue;
    DropDependentViews(ctx, v);
    it = ctx.catalog.views.find(v);
    if (it == ctx.catalog.views.end()) continue;
    model::Change& vc = ctx.AddChange(
        ChangeOp::kDrop,
        it->second.materialized ? ObjectKind::kMaterializedView : ObjectKind::kView, v);
    vc.cascade = true;
    vc.on_existing = ctx.ExistedBefore(v);
    ctx.catalog.views.erase(it);
    for (auto i = ctx.catalog.indexes.begin(); i != ctx.catalog.indexes.end();) {
      i = i->second.table == v ? ctx.catalog.indexes.erase(i) : std::next(i);
    }
  }
}

void CascadeDropFunction(ReplayContext& ctx, const std::string& signature) {
  DropFunctionCascadeImpl(ctx, signature);
}

void CascadeDropType(ReplayContext& ctx, const QualifiedName& name) {
  ObjectKind kind = ctx.catalog.domains.count(name)      ? ObjectKind::kDomain
                    : ctx.catalog.composites.count(name) ? ObjectKind::kCompositeType
                    : ctx.catalog.enums.count(name)      ? ObjectKind::kEnum
                                                         : ObjectKind::kOther;
  if (kind == ObjectKind::kOther) return;
  model::Change& ch = ctx.AddChange(ChangeOp::kDrop, kind, name);
  ch.cascade = true;
  ch.on_existing = TypeExistedBefore(ctx, name);
  std::set<QualifiedName> done;
  DropTypeCascade(ctx, name, done);
  ctx.catalog.enums.erase(name);
  ctx.catalog.domains.erase(name);
  ctx.catalog.composites.erase(name);
}

// ---- Enums -----------------------------------------------------------------------------------

void ReplayCreateEnum(ReplayContext& ctx, const PgQuery__CreateEnumStmt* stmt) {
  if (!stmt || stmt->n_type_name == 0) return;
  QualifiedName name = NameForNewType(ctx, stmt->type_name, stmt->n_type_name);
  ctx.NotRetrySafe();
  if (!SchemaExists(ctx, name.schema)) {
    ctx.DoesNotExist(ObjectKind::kSchema, name.schema);
    return;
  }
  if (ctx.catalog.HasType(name)) {
    ctx.AlreadyExists(ObjectKind::kEnum, name.ToString());
    return;
  }
  model::EnumType e;
  e.name = name;
  for (size_t i = 0; i < stmt->n_vals; ++i) {
    std::string v(StringValue(stmt->vals[i]));
    if (std::find(e.values.begin(), e.values.end(), v) == e.values.end()) e.values.push_back(v);
  }
  ctx.catalog.enums[name] = std::move(e);
  ctx.AddChange(ChangeOp::kCreate, ObjectKind::kEnum, name);
  ctx.MarkCreated(name);
}

void ReplayAlterEnum(ReplayContext& ctx, const PgQuery__AlterEnumStmt* stmt) {
  if (!stmt || stmt->n_type_name == 0) return;
  QualifiedName name = ResolveType(ctx, stmt->type_name, stmt->n_type_name);
  std::string old_val = stmt->old_val ? stmt->old_val : "";
  std::string new_val = stmt->new_val ? stmt->new_val : "";
  bool rename = !old_val.empty();
  if (rename || !stmt->skip_if_new_val_exists) ctx.NotRetrySafe();
  auto it = ctx.catalog.enums.find(name);
  if (it == ctx.catalog.enums.end()) {
    // Missing, or another kind of type ("x is not an enum").
    ctx.DoesNotExist(ObjectKind::kEnum, name.ToString());
    return;
  }
  std::vector<std::string>& values = it->second.values;
  bool on_existing = TypeExistedBefore(ctx, name);
  auto find = [&](const std::string& v) { return std::find(values.begin(), values.end(), v); };
  if (rename) {
    auto old_it = find(old_val);
    if (old_it == values.end()) {
      ctx.DoesNotExist(ObjectKind::kEnum, fmt::format("{} value \"{}\"", name.ToString(), old_val));
      return;
    }
    if (find(new_val) != values.end()) {
      ctx.AlreadyExists(ObjectKind::kEnum,
                        fmt::format("{} value \"{}\"", name.ToString(), new_val));
      return;
    }
    *old_it = new_val;
    model::Change& ch = ctx.AddChange(ChangeOp::kRename, ObjectKind::kEnum, name, old_val);
    ch.new_name = new_val;
    ch.on_existing = on_existing;
    return;
  }
  if (find(new_val) != values.end()) {
    if (stmt->skip_if_new_val_exists) return;  // NOTICE, skipped
    ctx.AlreadyExists(ObjectKind::kEnum, fmt::format("{} value \"{}\"", name.ToString(), new_val));
    return;
  }
  std::string neighbor = stmt->new_val_neighbor ? stmt->new_val_neighbor : "";
  auto pos = values.end();
  if (!neighbor.empty()) {
    pos = find(neighbor);
    if (pos == values.end()) {
      ctx.DoesNotExist(ObjectKind::kEnum,
                       fmt::format("{} value \"{}\"", name.ToString(), neighbor));
      return;
    }
    if (stmt->new_val_is_after) ++pos;
  }
  values.insert(pos, new_val);
  model::Change& ch = ctx.AddChange(ChangeOp::kAlter, ObjectKind::kEnum, name, new_val);
  ch.guarded = stmt->skip_if_new_val_exists;
  ch.on_existing = on_existing;
}

// ---- Domains ---------------------------------------------------------------------------------

void ReplayCreateDomain(ReplayContext& ctx, const PgQuery__CreateDomainStmt* stmt) {
  if (!stmt || stmt->n_domainname == 0) return;
  QualifiedName name = NameForNewType(ctx, stmt->domainname, stmt->n_domainname);
  ctx.NotRetrySafe();
  if (!SchemaExists(ctx, name.schema)) {
    ctx.DoesNotExist(ObjectKind::kSchema, name.schema);
    return;
  }
  if (ctx.catalog.HasType(name)) {
    ctx.AlreadyExists(ObjectKind::kDomain, name.ToString());
    return;
  }
  model::Domain d;
  d.name = name;
  d.base = ctx.Type(stmt->type_name);
  if (!ctx.TypeExists(d.base)) {
    ctx.DoesNotExist(ObjectKind::kEnum, d.base.name);
    return;
  }
  d.collation = Collation(stmt->coll_clause);
  for (size_t i = 0; i < stmt->n_constraints; ++i) {
    const PgQuery__Node* n = stmt->constraints[i];
    if (n->node_case != PG_QUERY__NODE__NODE_CONSTRAINT || !n->constraint) continue;
    const PgQuery__Constraint* c = n->constraint;
    switch (c->contype) {
      case PG_QUERY__CONSTR_TYPE__CONSTR_NOTNULL:
        d.not_null = true;
        break;
      case PG_QUERY__CONSTR_TYPE__CONSTR_NULL:
        d.not_null = false;
        break;
      case PG_QUERY__CONSTR_TYPE__CONSTR_DEFAULT:
        d.default_expr = ctx.Expr(c->raw_expr);
        break;
      case PG_QUERY__CONSTR_TYPE__CONSTR_CHECK: {
        model::DomainCheck check;
        check.name = c->conname && *c->conname
                         ? TruncateIdentifier(c->conname)
                         : ChooseDomainCheckName(ctx.catalog, name.schema, name.name, d.checks);
        check.expression = ctx.Expr(c->raw_expr);
        check.not_valid = c->skip_validation;
        d.checks.push_back(std::move(check));
        break;
      }
      default:
        ctx.Unmodeled(
            "CREATE DOMAIN with a constraint kind other than NOT NULL, NULL, DEFAULT or CHECK");
        return;
    }
  }
  SortChecks(d);
  ctx.catalog.domains[name] = std::move(d);
  ctx.AddChange(ChangeOp::kCreate, ObjectKind::kDomain, name);
  ctx.MarkCreated(name);
}

void ReplayAlterDomain(ReplayContext& ctx, const PgQuery__AlterDomainStmt* stmt) {
  if (!stmt || stmt->n_type_name == 0) return;
  QualifiedName name = ResolveType(ctx, stmt->type_name, stmt->n_type_name);
  char subtype = stmt->subtype && *stmt->subtype ? stmt->subtype[0] : '\0';
  if (subtype == 'C' || (subtype == 'X' && !stmt->missing_ok)) ctx.NotRetrySafe();
  auto it = ctx.catalog.domains.find(name);
  if (it == ctx.catalog.domains.end()) {
    ctx.DoesNotExist(ObjectKind::kDomain, name.ToString());
    return;
  }
  model::Domain& d = it->second;
  bool on_existing = TypeExistedBefore(ctx, name);
  auto find_check = [&](const std::string& cname) {
    return std::find_if(d.checks.begin(), d.checks.end(),
                        [&](const model::DomainCheck& c) { return c.name == cname; });
  };
  switch (subtype) {
    case 'T': {  // SET DEFAULT / DROP DEFAULT
      if (stmt->def) {
        d.default_expr = ctx.Expr(stmt->def);
      } else {
        d.default_expr.reset();
      }
      model::Change& ch = ctx.AddChange(ChangeOp::kAlter, ObjectKind::kDomain, name);
      ch.has_default = stmt->def != nullptr;
      ch.on_existing = on_existing;
      return;
    }
    case 'N':    // DROP NOT NULL
    case 'O': {  // SET NOT NULL
      d.not_null = subtype == 'O';
      model::Change& ch = ctx.AddChange(ChangeOp::kAlter, ObjectKind::kDomain, name);
      ch.not_null = d.not_null;
      ch.on_existing = on_existing;
      return;
    }
    case 'C': {  // ADD CONSTRAINT
      if (!stmt->def || stmt->def->node_case != PG_QUERY__NODE__NODE_CONSTRAINT ||
          !stmt->def->constraint)
        return;
      const PgQuery__Constraint* c = stmt->def->constraint;
      if (c->contype != PG_QUERY__CONSTR_TYPE__CONSTR_CHECK) {
        ctx.Unmodeled("ALTER DOMAIN ADD CONSTRAINT of a kind other than CHECK");
        return;
      }
      model::DomainCheck check;
      if (c->conname && *c->conname) {
        check.name = TruncateIdentifier(c->conname);
        if (find_check(check.name) != d.checks.end()) {
          ctx.AlreadyExists(ObjectKind::kConstraint,
                            fmt::format("{} of domain {}", check.name, name.ToString()));
          return;
        }
      } else {
        check.name = ChooseDomainCheckName(ctx.catalog, name.schema, name.name, {});
      }
      check.expression = ctx.Expr(c->raw_expr);
      check.not_valid = c->skip_validation;
      model::Change& ch = ctx.AddChange(ChangeOp::kAlter, ObjectKind::kDomain, name, check.name);
      ch.constraint_kind = "CHECK";
      ch.not_valid = check.not_valid;
      ch.on_existing = on_existing;
      d.checks.push_back(std::move(check));
      SortChecks(d);
      return;
    }
    case 'X': {  // DROP CONSTRAINT
      std::string cname = TruncateIdentifier(stmt->name ? stmt->name : "");
      auto c = find_check(cname);
      if (c == d.checks.end()) {
        if (stmt->missing_ok) return;  // NOTICE, skipped
        ctx.DoesNotExist(ObjectKind::kConstraint,
                         fmt::format("{} of domain {}", cname, name.ToString()));
        return;
      }
      d.checks.erase(c);
      model::Change& ch = ctx.AddChange(ChangeOp::kAlter, ObjectKind::kDomain, name, cname);
      ch.constraint_kind = "CHECK";
      ch.guarded = stmt->missing_ok;
      ch.cascade = stmt->behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE;
      ch.on_existing = on_existing;
      return;
    }
    case 'V': {  // VALIDATE CONSTRAINT
      std::string cname = TruncateIdentifier(stmt->name ? stmt->name : "");
      auto c = find_check(cname);
      if (c == d.checks.end()) {
        ctx.DoesNotExist(ObjectKind::kConstraint,
                         fmt::format("{} of domain {}", cname, name.ToString()));
        return;
      }
      c->not_valid = false;
      model::Change& ch = ctx.AddChange(ChangeOp::kAlter, ObjectKind::kDomain, name, cname);
      ch.constraint_kind = "CHECK";
      ch.on_existing = on_existing;
      return;
    }
    default:
      ctx.Unmodeled("this ALTER DOMAIN form is not modelled");
      return;
  }
}

// ---- Composite types -------------------------------------------------------------------------

void ReplayCompositeType(ReplayContext& ctx, const PgQuery__CompositeTypeStmt* stmt) {
  if (!stmt || !stmt->typevar) return;
  QualifiedName name = ctx.NameForCreate(stmt->typevar);
  ctx.NotRetrySafe();
  if (!SchemaExists(ctx, name.schema)) {
    ctx.DoesNotExist(ObjectKind::kSchema, name.schema);
    return;
  }
  if (ctx.catalog.HasRelation(name) || ctx.catalog.HasType(name)) {
    ctx.AlreadyExists(ObjectKind::kCompositeType, name.ToString());
    return;
  }
  model::CompositeType comp;
  comp.name = name;
  for (size_t i = 0; i < stmt->n_coldeflist; ++i) {
    const PgQuery__Node* n = stmt->coldeflist[i];
    if (n->node_case != PG_QUERY__NODE__NODE_COLUMN_DEF || !n->column_def) continue;
    const PgQuery__ColumnDef* cd = n->column_def;
    model::CompositeAttribute a;
    a.name = TruncateIdentifier(cd->colname ? cd->colname : "");
    a.type = ctx.Type(cd->type_name);
    if (!ctx.TypeExists(a.type)) {
      ctx.DoesNotExist(ObjectKind::kEnum, a.type.name);
      return;
    }
    a.collation = Collation(cd->coll_clause);
    comp.attributes.push_back(std::move(a));
  }
  ctx.catalog.composites[name] = std::move(comp);
  ctx.AddChange(ChangeOp::kCreate, ObjectKind::kCompositeType, name);
  ctx.MarkCreated(name);
}

void ReplayAlterCompositeType(ReplayContext& ctx, const PgQuery__AlterTableStmt* stmt) {
  if (!stmt || !stmt->relation) return;
  ctx.out.tag = "ALTER TYPE";
  QualifiedName name;
  model::CompositeType* comp = FindComposite(ctx, stmt->relation, name);
  if (!comp) {
    ctx.NotRetrySafe();
    return;
  }
  bool on_existing = TypeExistedBefore(ctx, name);
  auto find = [&](const std::string& attr) {
    return std::find_if(comp->attributes.begin(), comp->attributes.end(),
                        [&](const model::CompositeAttribute& a) { return a.name == attr; });
  };
  for (size_t i = 0; i < stmt->n_cmds; ++i) {
    const PgQuery__Node* n = stmt->cmds[i];
    if (n->node_case != PG_QUERY__NODE__NODE_ALTER_TABLE_CMD || !n->alter_table_cmd) continue;
    const PgQuery__AlterTableCmd* cmd = n->alter_table_cmd;
    switch (cmd->subtype) {
      case PG_QUERY__ALTER_TABLE_TYPE__AT_AddColumn: {
        if (!cmd->def || cmd->def->node_case != PG_QUERY__NODE__NODE_COLUMN_DEF ||
            !cmd->def->column_def)
          break;
        const PgQuery__ColumnDef* cd = cmd->def->column_def;
        model::CompositeAttribute a;
        a.name = TruncateIdentifier(cd->colname ? cd->colname : "");
        if (!cmd->missing_ok) ctx.NotRetrySafe();
        if (find(a.name) != comp->attributes.end()) {
          if (cmd->missing_ok) break;
          ctx.AlreadyExists(ObjectKind::kColumn, fmt::format("{}.{}", name.ToString(), a.name));
          return;
        }
        a.type = ctx.Type(cd->type_name);
        if (!ctx.TypeExists(a.type)) {
          ctx.DoesNotExist(ObjectKind::kEnum, a.type.name);
          return;
        }
        a.collation = Collation(cd->coll_clause);
        model::Change& ch =
            ctx.AddChange(ChangeOp::kCreate, ObjectKind::kCompositeType, name, a.name);
        ch.new_type = a.type;
        ch.guarded = cmd->missing_ok;
        ch.on_existing = on_existing;
        comp->attributes.push_back(std::move(a));
        break;
      }
      case PG_QUERY__ALTER_TABLE_TYPE__AT_DropColumn: {
        std::string attr = TruncateIdentifier(cmd->name ? cmd->name : "");
        if (!cmd->missing_ok) ctx.NotRetrySafe();
        auto it = find(attr);
        if (it == comp->attributes.end()) {
          if (cmd->missing_ok) break;  // NOTICE, skipped
          ctx.DoesNotExist(ObjectKind::kColumn, fmt::format("{}.{}", name.ToString(), attr));
          return;
        }
        comp->attributes.erase(it);
        model::Change& ch = ctx.AddChange(ChangeOp::kDrop, ObjectKind::kCompositeType, name, attr);
        ch.guarded = cmd->missing_ok;
        ch.cascade = cmd->behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE;
        ch.on_existing = on_existing;
        break;
      }
      case PG_QUERY__ALTER_TABLE_TYPE__AT_AlterColumnType: {
        std::string attr = TruncateIdentifier(cmd->name ? cmd->name : "");
        auto it = find(attr);
        if (it == comp->attributes.end()) {
          ctx.DoesNotExist(ObjectKind::kColumn, fmt::format("{}.{}", name.ToString(), attr));
          return;
        }
        if (!cmd->def || cmd->def->node_case != PG_QUERY__NODE__NODE_COLUMN_DEF ||
            !cmd->def->column_def)
          break;
        const PgQuery__ColumnDef* cd = cmd->def->column_def;
        model::TypeRef type = ctx.Type(cd->type_name);
        if (!ctx.TypeExists(type)) {
          ctx.DoesNotExist(ObjectKind::kEnum, type.name);
          return;
        }
        // The stored values would have to change: refused while a table column uses the type.
        TypeDependents deps = DependentsOf(ctx.catalog, name.ToString());
        if (!deps.columns.empty()) {
          ctx.DependencyError(
              fmt::format("cannot alter type \"{}\" because column \"{}.{}\" uses it", name.name,
                          deps.columns.front().first.name, deps.columns.front().second),
              "change the column's type first, or create a new type");
          return;
        }
        model::Change& ch = ctx.AddChange(ChangeOp::kAlter, ObjectKind::kCompositeType, name, attr);
        ch.old_type = it->type;
        ch.new_type = type;
        ch.on_existing = on_existing;
        it->type = type;
        it->collation = Collation(cd->coll_clause);
        break;
      }
      case PG_QUERY__ALTER_TABLE_TYPE__AT_ChangeOwner:
        break;  // ownership: no schema effect
      default:
        ctx.Unmodeled("this ALTER TYPE subcommand is not modelled");
        return;
    }
  }
}

// ---- DROP TYPE / DROP DOMAIN -----------------------------------------------------------------

void DropType(ReplayContext& ctx, const PgQuery__DropStmt* stmt, const QualifiedName& name,
              bool domain) {
  if (!stmt) return;
  if (!stmt->missing_ok) ctx.NotRetrySafe();
  bool cascade = IsCascade(stmt);
  ObjectKind kind = ObjectKind::kEnum;
  if (ctx.catalog.domains.count(name)) {
    kind = ObjectKind::kDomain;
  } else if (ctx.catalog.composites.count(name)) {
    kind = ObjectKind::kCompositeType;
  } else if (!ctx.catalog.enums.count(name)) {
    if (ctx.catalog.tables.count(name) || ctx.catalog.views.count(name)) {
      // The row type of a table or view.
      bool is_view = !ctx.catalog.tables.count(name);
      if (domain) {
        ctx.DoesNotExist(ObjectKind::kDomain, name.ToString());  // "x is not a domain"
        return;
      }
      ctx.DependencyError(fmt::format("cannot drop type {} because {} {} requires it", name.name,
                                      is_view ? "view" : "table", name.name),
                          fmt::format("drop the {} instead", is_view ? "view" : "table"));
      return;
    }
    if (stmt->missing_ok) return;  // NOTICE, skipped
    ctx.DoesNotExist(domain ? ObjectKind::kDomain : ObjectKind::kEnum, name.ToString());
    return;
  }
  if (domain && kind != ObjectKind::kDomain) {
    ctx.DoesNotExist(ObjectKind::kDomain,
                     name.ToString());  // "x is not a domain", even with IF EXISTS
    return;
  }
  TypeDependents deps = DependentsOf(ctx.catalog, name.ToString());
  if (!cascade && !deps.empty()) {
    ctx.DependencyError(fmt::format("cannot drop type {} because other objects depend on it ({})",
                                    name.name, DescribeDependents(deps)),
                        "drop or change the dependent objects first, or use DROP ... CASCADE");
    return;
  }
  model::Change& ch = ctx.AddChange(ChangeOp::kDrop, kind, name);
  ch.guarded = stmt->missing_ok;
  ch.cascade = cascade;
  ch.on_existing = TypeExistedBefore(ctx, name);
  std::set<QualifiedName> done;
  if (cascade) DropTypeCascade(ctx, name, done);
  ctx.catalog.enums.erase(name);
  ctx.catalog.domains.erase(name);
  ctx.catalog.composites.erase(name);
}

}  // namespace sse::pg
