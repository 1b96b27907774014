// Views and materialized views: CREATE [OR REPLACE] [TEMP] [RECURSIVE] VIEW, CREATE
// MATERIALIZED VIEW, CREATE TABLE AS / SELECT INTO (a table typed from its query), ALTER VIEW /
// ALTER MATERIALIZED VIEW, DROP VIEW / DROP MATERIALIZED VIEW (with CASCADE through the views
// that read the dropped one; without it, dependent views make it fail), REFRESH MATERIALIZED
// VIEW (data).
//
// A view's definition is its query deparsed, with the names PostgreSQL would bind outside
// public written with their schema (BoundDefinition). Its columns are not stored beyond the
// explicit column list: the names PostgreSQL gives them are derived from the query when needed
// (OutputNames: CREATE OR REPLACE VIEW may not drop or rename a column).

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <memory>
#include <optional>
#include <set>

#include "dialects/postgres/replay.hpp"

namespace sse::pg {

using model::ChangeOp;
using model::ObjectKind;
using model::QualifiedName;

void VisitMessages(const ProtobufCMessage* root,
                   const std::function<void(const ProtobufCMessage*)>& visit) {
  if (!root || !root->descriptor) return;
  visit(root);
  const ProtobufCMessageDescriptor* d = root->descriptor;
  const char* base = reinterpret_cast<const char*>(root);
  for (unsigned i = 0; i < d->n_fields; ++i) {
    const ProtobufCFieldDescriptor* f = &d->fields[i];
    if (f->type != PROTOBUF_C_TYPE_MESSAGE) continue;
    if (f->label == PROTOBUF_C_LABEL_REPEATED) {
      size_t n = *reinterpret_cast<const size_t*>(base + f->quantifier_offset);
      auto* items = *reinterpret_cast<ProtobufCMessage* const* const*>(base + f->offset);
      for (size_t k = 0; items && k < n; ++k) VisitMessages(items[k], visit);
      continue;
    }
    if (f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) {
      uint32_t which = *reinterpret_cast<const uint32_t*>(base + f->quantifier_offset);
      if (which != f->id) continue;
    }
    VisitMessages(*reinterpret_cast<ProtobufCMessage* const*>(base + f->offset), visit);
  }
}

namespace {

constexpr std::string_view kTempSchema = "pg_temp";

bool IsCascade(const PgQuery__DropStmt* stmt) {
  return stmt && stmt->behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE;
}

/// The text value of a DefElem argument (String, a TypeName's last name, a string constant).
std::string DefElemText(const PgQuery__DefElem* d) {
  if (!d || !d->arg) return {};
  const PgQuery__Node* a = d->arg;
  if (a->node_case == PG_QUERY__NODE__NODE_STRING) return std::string(StringValue(a));
  if (a->node_case == PG_QUERY__NODE__NODE_TYPE_NAME && a->type_name && a->type_name->n_names > 0) {
    return std::string(StringValue(a->type_name->names[a->type_name->n_names - 1]));
  }
  if (a->node_case == PG_QUERY__NODE__NODE_A_CONST && a->a_const &&
      a->a_const->val_case == PG_QUERY__A__CONST__VAL_SVAL && a->a_const->sval) {
    return a->a_const->sval->sval;
  }
  return {};
}

std::string Upper(std::string s) {
  for (char& c : s) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return s;
}

/// A relation named in a query: resolved like PostgreSQL does, temporary relations first.
QualifiedName ResolveQueryRelation(const ReplayContext& ctx, const PgQuery__RangeVar* rv) {
  std::string schema = rv->schemaname ? rv->schemaname : "";
  std::string name = TruncateIdentifier(rv->relname ? rv->relname : "");
  if (schema.empty() && ctx.catalog.HasRelation({std::string(kTempSchema), name})) {
    return {std::string(kTempSchema), name};
  }
  return ctx.ResolveRelation(rv);
}

/// True when a relation a query reads can be assumed to exist although the model lacks it:
/// system catalogs and views, and (with an extension installed) whatever an extension may have
/// created.
bool AssumedToExist(const ReplayContext& ctx, const PgQuery__RangeVar* rv) {
  std::string_view schema = rv->schemaname ? rv->schemaname : "";
  std::string_view name = rv->relname ? rv->relname : "";
  if (schema == "pg_catalog" || schema == "information_schema") return true;
  if (schema.empty() && name.substr(0, 3) == "pg_") return true;
  if (rv->catalogname && *rv->catalogname) return true;  // db.schema.table: not ours to judge
  return !ctx.catalog.extensions.empty();
}

/// Relations a query reads (RangeVars that are not CTE references), resolved.
struct QueryRelations {
  std::vector<std::pair<const PgQuery__RangeVar*, QualifiedName>> relations;
};

QueryRelations RelationsOf(const ReplayContext& ctx, const PgQuery__Node* query) {
  QueryRelations out;
  if (!query) return out;
  std::set<std::string> ctes;
  VisitMessages(&query->base, [&](const ProtobufCMessage* m) {
    if (m->descriptor == &pg_query__common_table_expr__descriptor) {
      const auto* cte = reinterpret_cast<const PgQuery__CommonTableExpr*>(m);
      if (cte->ctename) ctes.insert(cte->ctename);
    }
  });
  VisitMessages(&query->base, [&](const ProtobufCMessage* m) {
    if (m->descriptor != &pg_query__range_var__descriptor) return;
    const auto* rv = reinterpret_cast<const PgQuery__RangeVar*>(m);
    if (!rv->relname || !*rv->relname) return;
    if ((!rv->schemaname || !*rv->schemaname) && ctes.count(rv->relname)) return;
    out.relations.emplace_back(rv, ResolveQueryRelation(ctx, rv));
  });
  return out;
}

/// What a query reads: whether one of its relations is temporary (the view then becomes
/// temporary too), and whether one is missing (reported, SCH402: the statement fails).
struct QueryCheck {
  bool temp = false;
  bool missing = false;
};

QueryCheck CheckQueryRelations(ReplayContext& ctx, const PgQuery__Node* query) {
  QueryCheck out;
  std::set<QualifiedName> reported;
  for (const auto& [rv, name] : RelationsOf(ctx, query).relations) {
    if (ctx.catalog.HasRelation(name)) {
      if (name.schema == kTempSchema) out.temp = true;
      continue;
    }
    if (AssumedToExist(ctx, rv) || !reported.insert(name).second) continue;
    ctx.DoesNotExist(ObjectKind::kTable, name.ToString());
    out.missing = true;
  }
  return out;
}

/// A new relation's schema must exist (pg_temp and, with extensions installed, schemas the model
/// cannot see are assumed).
bool SchemaMissing(ReplayContext& ctx, const QualifiedName& name) {
  if (ctx.catalog.schemas.count(name.schema) || name.schema == kTempSchema ||
      name.schema == "pg_catalog" || name.schema == "information_schema" ||
      !ctx.catalog.extensions.empty()) {
    return false;
  }
  ctx.DoesNotExist(ObjectKind::kSchema, name.schema);
  return true;
}

/// The name a CREATE [TEMP] VIEW / TABLE puts its relation under.
QualifiedName NameForNewRelation(const ReplayContext& ctx, const PgQuery__RangeVar* rv) {
  bool temp = rv->relpersistence && rv->relpersistence[0] == 't';
  std::string schema = rv->schemaname ? rv->schemaname : "";
  if (temp && schema.empty()) schema = std::string(kTempSchema);
  if (schema.rfind("pg_temp", 0) == 0) schema = std::string(kTempSchema);
  return ctx.NameForCreate(schema, rv->relname ? rv->relname : "");
}

std::string JoinNames(const std::vector<std::string>& names) {
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) out += (i ? ", " : "") + names[i];
  return out;
}

std::vector<std::string> StringList(PgQuery__Node* const* items, size_t n) {
  std::vector<std::string> out;
  for (size_t i = 0; i < n; ++i) out.emplace_back(StringValue(items[i]));
  return out;
}

/// Views whose definition reads `relation`, directly. `strict`: only names that resolve to it
/// now (no guess about a search_path that differed when the view was created).
std::vector<QualifiedName> ViewsReading(const ReplayContext& ctx, const QualifiedName& relation,
                                        bool strict = false) {
  std::vector<QualifiedName> out;
  for (const auto& [key, view] : ctx.catalog.views) {
    if (key == relation) continue;
    ParsedText parsed = ParseSql(view.definition);
    bool reads = false;
    for (const Statement& st : parsed.statements) {
      if (!st.node) continue;
      // The definition keeps names as written: an unqualified name is taken to mean the
      // relation it resolves to now, or one of that name in the view's own schema (the
      // resolution at creation time may have used another search_path).
      for (const auto& [rv, name] : RelationsOf(ctx, st.node).relations) {
        bool unqualified = !rv->schemaname || !*rv->schemaname;
        if (name == relation ||
            (!strict && unqualified && TruncateIdentifier(rv->relname) == relation.name &&
             key.schema == relation.schema)) {
          reads = true;
        }
      }
    }
    if (reads) out.push_back(key);
  }
  return out;
}

void RemoveView(ReplayContext& ctx, const QualifiedName& name) {
  ctx.catalog.views.erase(name);
  for (auto it = ctx.catalog.indexes.begin(); it != ctx.catalog.indexes.end();) {
    if (it->second.table == name) {
      it = ctx.catalog.indexes.erase(it);
    } else {
      ++it;
    }
  }
}

// ---- CREATE TABLE AS: the columns of the new table -----------------------------------------

struct FromItem {
  std::string alias;  ///< the alias, or the table's name
  const model::Table* table = nullptr;
};

bool CollectFrom(const ReplayContext& ctx, const PgQuery__Node* n, std::vector<FromItem>& out) {
  if (!n) return false;
  if (n->node_case == PG_QUERY__NODE__NODE_RANGE_VAR && n->range_var) {
    const PgQuery__RangeVar* rv = n->range_var;
    if (rv->alias && rv->alias->n_colnames > 0) return false;
    auto it = ctx.catalog.tables.find(ResolveQueryRelation(ctx, rv));
    if (it == ctx.catalog.tables.end()) return false;
    out.push_back({rv->alias && rv->alias->aliasname && *rv->alias->aliasname
                       ? rv->alias->aliasname
                       : it->second.name.name,
                   &it->second});
    return true;
  }
  if (n->node_case == PG_QUERY__NODE__NODE_JOIN_EXPR && n->join_expr) {
    const PgQuery__JoinExpr* j = n->join_expr;
    if (j->is_natural || j->n_using_clause > 0 || j->alias) return false;
    return CollectFrom(ctx, j->larg, out) && CollectFrom(ctx, j->rarg, out);
  }
  return false;
}

struct OutColumn {
  std::string name;
  model::TypeRef type;
  std::optional<std::string> collation;
};

/// FigureColname: the name PostgreSQL gives an unnamed output column, and its strength (2: a
/// column or function name, 1: a cast's type name, CASE, ARRAY, ROW; 0: "?column?"); -1 when
/// the model cannot tell (a scalar subquery, XML expressions...).
int FigureColname(const PgQuery__Node* n, std::string& name) {
  if (!n) return 0;
  switch (n->node_case) {
    case PG_QUERY__NODE__NODE_COLUMN_REF:
      for (size_t i = n->column_ref->n_fields; i > 0; --i) {
        std::string_view s = StringValue(n->column_ref->fields[i - 1]);
        if (!s.empty()) {
          name = std::string(s);
          return 2;
        }
      }
      return 0;
    case PG_QUERY__NODE__NODE_FUNC_CALL:
      if (n->func_call->n_funcname > 0) {
        name = std::string(StringValue(n->func_call->funcname[n->func_call->n_funcname - 1]));
        return 2;
      }
      return 0;
    case PG_QUERY__NODE__NODE_TYPE_CAST: {
      int strength = FigureColname(n->type_cast->arg, name);
      if (strength < 0) return strength;
      if (strength <= 1 && n->type_cast->type_name && n->type_cast->type_name->n_names > 0) {
        const PgQuery__TypeName* tn = n->type_cast->type_name;
        name = std::string(StringValue(tn->names[tn->n_names - 1]));
        return 1;
      }
      return strength;
    }
    case PG_QUERY__NODE__NODE_COLLATE_CLAUSE:
      return FigureColname(n->collate_clause->arg, name);
    case PG_QUERY__NODE__NODE_A_EXPR:
      if (n->a_expr->kind == PG_QUERY__A__EXPR__KIND__AEXPR_NULLIF) {
        name = "nullif";
        return 2;
      }
      return 0;
    case PG_QUERY__NODE__NODE_GROUPING_FUNC:
      name = "grouping";
      return 2;
    case PG_QUERY__NODE__NODE_CASE_EXPR:
      name = "case";
      return 1;
    case PG_QUERY__NODE__NODE_A_ARRAY_EXPR:
      name = "array";
      return 1;
    case PG_QUERY__NODE__NODE_ROW_EXPR:
      name = "row";
      return 1;
    case PG_QUERY__NODE__NODE_COALESCE_EXPR:
      name = "coalesce";
      return 2;
    case PG_QUERY__NODE__NODE_MIN_MAX_EXPR:
      name = n->min_max_expr->op == PG_QUERY__MIN_MAX_OP__IS_LEAST ? "least" : "greatest";
      return 2;
    case PG_QUERY__NODE__NODE_SUB_LINK:
      if (n->sub_link->sub_link_type == PG_QUERY__SUB_LINK_TYPE__EXISTS_SUBLINK) {
        name = "exists";
        return 2;
      }
      if (n->sub_link->sub_link_type == PG_QUERY__SUB_LINK_TYPE__ARRAY_SUBLINK) {
        name = "array";
        return 2;
      }
      if (n->sub_link->sub_link_type == PG_QUERY__SUB_LINK_TYPE__EXPR_SUBLINK) return -1;
      return 0;
    case PG_QUERY__NODE__NODE_SQLVALUE_FUNCTION:
      switch (n->sqlvalue_function->op) {
        case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_DATE:
          name = "current_date";
          break;
        case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_TIME:
        case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_TIME_N:
          name = "current_time";
          break;
        case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_TIMESTAMP:
        case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_TIMESTAMP_N:
          name = "current_timestamp";
          break;
        case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_LOCALTIME:
        case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_LOCALTIME_N:
          name = "localtime";
          break;
        case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_LOCALTIMESTAMP:
        case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_LOCALTIMESTAMP_N:
          name = "localtimestamp";
          break;
        case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_ROLE:
          name = "current_role";
          break;
        case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_USER:
          name = "current_user";
          break;
        case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_USER:
          name = "user";
          break;
        case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_SESSION_USER:
          name = "session_user";
          break;
        case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_CATALOG:
          name = "current_catalog";
          break;
        case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_SCHEMA:
          name = "current_schema";
          break;
        default:
          return -1;
      }
      return 2;
    case PG_QUERY__NODE__NODE_A_INDIRECTION:
    case PG_QUERY__NODE__NODE_XML_EXPR:
    case PG_QUERY__NODE__NODE_XML_SERIALIZE:
      return -1;
    default:
      return 0;
  }
}

const model::Column* FindRefColumn(const std::vector<FromItem>& from,
                                   const PgQuery__ColumnRef* ref) {
  std::vector<std::string_view> fields;
  for (size_t i = 0; i < ref->n_fields; ++i) fields.push_back(StringValue(ref->fields[i]));
  const model::Column* found = nullptr;
  if (fields.size() == 1) {
    for (const FromItem& f : from) {
      if (const model::Column* c = f.table->FindColumn(std::string(fields[0]))) {
        if (found) return nullptr;  // ambiguous
        found = c;
      }
    }
    return found;
  }
  if (fields.size() == 2) {
    for (const FromItem& f : from) {
      if (f.alias != fields[0]) continue;
      if (found) return nullptr;
      found = f.table->FindColumn(std::string(fields[1]));
      if (!found) return nullptr;
    }
    return found;
  }
  return nullptr;
}

/// The columns a query produces, when the model can tell their names and types for certain;
/// nullopt otherwise.
std::optional<std::vector<OutColumn>> QueryColumns(const ReplayContext& ctx,
                                                   const PgQuery__SelectStmt* s) {
  if (!s || s->op != PG_QUERY__SET_OPERATION__SETOP_NONE || s->with_clause ||
      s->n_values_lists > 0 || s->n_target_list == 0) {
    return std::nullopt;
  }
  std::vector<FromItem> from;
  for (size_t i = 0; i < s->n_from_clause; ++i) {
    if (!CollectFrom(ctx, s->from_clause[i], from)) return std::nullopt;
  }
  std::vector<OutColumn> out;
  for (size_t i = 0; i < s->n_target_list; ++i) {
    const PgQuery__Node* t = s->target_list[i];
    if (t->node_case != PG_QUERY__NODE__NODE_RES_TARGET || !t->res_target || !t->res_target->val ||
        t->res_target->n_indirection > 0) {
      return std::nullopt;
    }
    const PgQuery__ResTarget* rt = t->res_target;
    const PgQuery__Node* v = rt->val;
    std::string alias = rt->name ? rt->name : "";
    if (v->node_case == PG_QUERY__NODE__NODE_COLUMN_REF) {
      const PgQuery__ColumnRef* ref = v->column_ref;
      if (ref->n_fields == 0) return std::nullopt;
      const PgQuery__Node* last = ref->fields[ref->n_fields - 1];
      if (last->node_case == PG_QUERY__NODE__NODE_A_STAR) {
        if (ref->n_fields > 2) return std::nullopt;
        std::string_view qual =
            ref->n_fields == 2 ? StringValue(ref->fields[0]) : std::string_view();
        bool any = false;
        for (const FromItem& f : from) {
          if (!qual.empty() && f.alias != qual) continue;
          any = true;
          for (const model::Column& c : f.table->columns)
            out.push_back({c.name, c.type, c.collation});
        }
        if (!any) return std::nullopt;
        continue;
      }
      const model::Column* c = FindRefColumn(from, ref);
      if (!c) return std::nullopt;
      out.push_back({alias.empty() ? c->name : alias, c->type, c->collation});
      continue;
    }
    OutColumn col;
    if (v->node_case == PG_QUERY__NODE__NODE_TYPE_CAST && v->type_cast && v->type_cast->type_name) {
      const PgQuery__TypeName* tn = v->type_cast->type_name;
      if (tn->pct_type || tn->setof) return std::nullopt;
      col.type = ctx.Type(tn);
      if (col.type.name.empty() || !ctx.TypeExists(col.type)) return std::nullopt;
      // A cast to a type whose name the model does not know as built-in might be a domain or a
      // type with a collation: the collation of a cast is its type's.
      if (col.type.name.find('.') != std::string::npos) return std::nullopt;
    } else if (v->node_case == PG_QUERY__NODE__NODE_A_CONST && v->a_const) {
      const PgQuery__AConst* c = v->a_const;
      switch (c->val_case) {
        case PG_QUERY__A__CONST__VAL_IVAL:
          col.type.name = "integer";
          break;
        case PG_QUERY__A__CONST__VAL_SVAL:
          col.type.name = "text";
          break;
        case PG_QUERY__A__CONST__VAL_BOOLVAL:
          col.type.name = "boolean";
          break;
        case PG_QUERY__A__CONST__VAL_FVAL: {
          std::string f = c->fval && c->fval->fval ? c->fval->fval : "";
          bool integral = !f.empty() && f.find_first_not_of("-0123456789") == std::string::npos;
          errno = 0;
          char* end = nullptr;
          (void)std::strtoll(f.c_str(), &end, 10);
          col.type.name = integral && errno == 0 && end && *end == '\0' ? "bigint" : "numeric";
          break;
        }
        default:
          return std::nullopt;
      }
    } else {
      return std::nullopt;
    }
    std::string figured;
    int strength = FigureColname(v, figured);
    if (strength < 0) return std::nullopt;
    if (strength == 0) figured = "?column?";
    col.name = alias.empty() ? figured : alias;
    out.push_back(std::move(col));
  }
  return out;
}

/// CREATE TABLE ... AS / SELECT ... INTO: a table whose columns come from the query.
void CreateTableFromQuery(ReplayContext& ctx, const PgQuery__Node* query,
                          const PgQuery__IntoClause* into, bool if_not_exists) {
  if (!into || !into->rel) {
    ctx.Unmodeled("CREATE TABLE AS without a target table name");
    return;
  }
  QualifiedName name = NameForNewRelation(ctx, into->rel);
  if (ctx.catalog.HasRelation(name) || ctx.catalog.HasType(name)) {
    if (if_not_exists && ctx.catalog.HasRelation(name)) return;  // NOTICE, skipped
    ctx.NotRetrySafe();
    ctx.AlreadyExists(ObjectKind::kTable, name.ToString());
    return;
  }
  if (!if_not_exists) ctx.NotRetrySafe();
  if (SchemaMissing(ctx, name)) return;
  if (!query || query->node_case != PG_QUERY__NODE__NODE_SELECT_STMT) {
    ctx.Unmodeled(
        fmt::format("CREATE TABLE {} AS EXECUTE: the columns of the new table come from a prepared "
                    "statement the model does not know",
                    name.ToString()));
    return;
  }
  if (CheckQueryRelations(ctx, query).missing) return;
  std::optional<std::vector<OutColumn>> cols = QueryColumns(ctx, query->select_stmt);
  std::vector<std::string> names = StringList(into->col_names, into->n_col_names);
  if (cols && names.size() > cols->size()) cols.reset();
  if (cols) {
    for (size_t i = 0; i < names.size(); ++i) (*cols)[i].name = names[i];
    std::set<std::string> seen;
    for (OutColumn& c : *cols) {
      c.name = TruncateIdentifier(c.name);
      if (!seen.insert(c.name).second) cols.reset();
      if (!cols) break;
    }
  }
  if (!cols) {
    ctx.Unmodeled(
        fmt::format("CREATE TABLE {} AS: the new table's columns come from a query whose column "
                    "names and types the model cannot determine with certainty (only column "
                    "references to known tables, casts and literals are typed)",
                    name.ToString()));
    return;
  }
  model::Table table;
  table.name = name;
  char persistence = into->rel->relpersistence ? into->rel->relpersistence[0] : 'p';
  table.persistence = persistence == 't'   ? model::Persistence::kTemporary
                      : persistence == 'u' ? model::Persistence::kUnlogged
                                           : model::Persistence::kPermanent;
  for (OutColumn& c : *cols) {
    model::Column col;
    col.name = c.name;
    col.type = c.type;
    col.collation = c.collation;
    table.columns.push_back(std::move(col));
  }
  ctx.catalog.tables[name] = std::move(table);
  model::Change& ch = ctx.AddChange(ChangeOp::kCreate, ObjectKind::kTable, name);
  ch.guarded = if_not_exists;
  ctx.MarkCreated(name);
}

// ---- The stored definition -----------------------------------------------------------------

/// The view's query as PostgreSQL binds it when it stores the view: relations, functions and
/// types named without a schema that resolve (through the current search_path) to a schema other
/// than public are written with it, so the definition does not depend on the search_path of the
/// migration (pg_get_viewdef prints them so). Names in public, CTE names, built-ins and names the
/// model does not know stay as written.
std::string BoundDefinition(const ReplayContext& ctx, const PgQuery__Node* query) {
  if (!query) return {};
  std::set<std::string> ctes;
  VisitMessages(&query->base, [&](const ProtobufCMessage* m) {
    if (m->descriptor == &pg_query__common_table_expr__descriptor) {
      const auto* cte = reinterpret_cast<const PgQuery__CommonTableExpr*>(m);
      if (cte->ctename) ctes.insert(cte->ctename);
    }
  });
  auto bound = [](const std::string& schema) {
    return schema != "public" && schema != kTempSchema;
  };
  // The parse tree is patched for the deparse, then restored: it belongs to the parse result.
  std::vector<std::function<void()>> restore;
  std::vector<std::unique_ptr<std::string>> strings;
  std::vector<std::unique_ptr<PgQuery__String>> string_nodes;
  std::vector<std::unique_ptr<PgQuery__Node>> nodes;
  std::vector<std::unique_ptr<PgQuery__Node*[]>> arrays;
  auto qualified = [&](PgQuery__Node** names, const std::string& schema) -> PgQuery__Node** {
    strings.push_back(std::make_unique<std::string>(schema));
    auto str = std::make_unique<PgQuery__String>();
    *str = PG_QUERY__STRING__INIT;
    str->sval = strings.back()->data();
    auto node = std::make_unique<PgQuery__Node>();
    *node = PG_QUERY__NODE__INIT;
    node->node_case = PG_QUERY__NODE__NODE_STRING;
    node->string = str.get();
    auto array = std::make_unique<PgQuery__Node*[]>(2);
    array[0] = node.get();
    array[1] = names[0];
    string_nodes.push_back(std::move(str));
    nodes.push_back(std::move(node));
    arrays.push_back(std::move(array));
    return arrays.back().get();
  };
  auto* root = const_cast<PgQuery__Node*>(query);
  VisitMessages(&root->base, [&](const ProtobufCMessage* cm) {
    auto* m = const_cast<ProtobufCMessage*>(cm);
    if (m->descriptor == &pg_query__range_var__descriptor) {
      auto* rv = reinterpret_cast<PgQuery__RangeVar*>(m);
      if (!rv->relname || !*rv->relname || (rv->schemaname && *rv->schemaname) ||
          ctes.count(rv->relname))
        return;
      QualifiedName name = ResolveQueryRelation(ctx, rv);
      if (!ctx.catalog.HasRelation(name) || !bound(name.schema)) return;
      strings.push_back(std::make_unique<std::string>(name.schema));
      char* old = rv->schemaname;
      rv->schemaname = strings.back()->data();
      restore.push_back([rv, old] { rv->schemaname = old; });
    } else if (m->descriptor == &pg_query__func_call__descriptor) {
      auto* fc = reinterpret_cast<PgQuery__FuncCall*>(m);
      if (fc->n_funcname != 1) return;
      std::string fname = TruncateIdentifier(StringValue(fc->funcname[0]));
      for (const std::string& schema : ctx.session.search_path) {
        bool found = std::any_of(
            ctx.catalog.functions.begin(), ctx.catalog.functions.end(), [&](const auto& e) {
              return !e.second.procedure && e.second.name == QualifiedName{schema, fname};
            });
        if (!found) continue;
        if (!bound(schema)) return;
        PgQuery__Node** old = fc->funcname;
        fc->funcname = qualified(fc->funcname, schema);
        fc->n_funcname = 2;
        restore.push_back([fc, old] {
          fc->funcname = old;
          fc->n_funcname = 1;
        });
        return;
      }
    } else if (m->descriptor == &pg_query__type_name__descriptor) {
      auto* tn = reinterpret_cast<PgQuery__TypeName*>(m);
      if (tn->n_names != 1 || tn->pct_type) return;
      std::string tname = TruncateIdentifier(StringValue(tn->names[0]));
      for (const std::string& schema : ctx.session.search_path) {
        if (!ctx.catalog.HasType({schema, tname})) continue;
        if (!bound(schema)) return;
        PgQuery__Node** old = tn->names;
        tn->names = qualified(tn->names, schema);
        tn->n_names = 2;
        restore.push_back([tn, old] {
          tn->names = old;
          tn->n_names = 1;
        });
        return;
      }
    }
  });
  std::string sql = DeparseStatement(query);
  for (auto it = restore.rbegin(); it != restore.rend(); ++it) (*it)();
  return sql;
}

// ---- Output column names of a view ----------------------------------------------------------

std::optional<std::vector<std::string>> OutputNames(const ReplayContext& ctx,
                                                    const PgQuery__Node* query, bool expand_star,
                                                    int depth);

/// The names of a view's columns as PostgreSQL fixed them: the query's output names, the
/// explicit column list over the first ones. `expand_star`: `*` may be expanded with the
/// current columns of the tables it reads (true only for a query being created now: an older
/// view's `*` was expanded when it was created, with the columns of that time).
std::optional<std::vector<std::string>> ViewColumnNames(const ReplayContext& ctx,
                                                        const model::View& view, bool expand_star,
                                                        int depth) {
  if (depth > 8) return std::nullopt;
  ParsedText parsed = ParseSql(view.definition);
  if (parsed.statements.size() != 1 || !parsed.statements[0].node) return std::nullopt;
  std::optional<std::vector<std::string>> names =
      OutputNames(ctx, parsed.statements[0].node, expand_star, depth + 1);
  if (!names || view.columns.size() > names->size()) return std::nullopt;
  for (size_t i = 0; i < view.columns.size(); ++i) (*names)[i] = view.columns[i];
  return names;
}

/// Output names of a FROM item (for `*`), or nullopt.
std::optional<std::vector<std::pair<std::string, std::vector<std::string>>>> FromNames(
    const ReplayContext& ctx, const PgQuery__Node* n, int depth) {
  using Items = std::vector<std::pair<std::string, std::vector<std::string>>>;
  if (!n) return std::nullopt;
  auto with_alias = [](const PgQuery__Alias* alias, std::string def,
                       std::vector<std::string> cols) -> std::optional<Items> {
    if (alias) {
      if (alias->aliasname && *alias->aliasname) def = alias->aliasname;
      if (alias->n_colnames > cols.size()) return std::nullopt;
      for (size_t i = 0; i < alias->n_colnames; ++i)
        cols[i] = TruncateIdentifier(StringValue(alias->colnames[i]));
    }
    return Items{{def, std::move(cols)}};
  };
  if (n->node_case == PG_QUERY__NODE__NODE_RANGE_VAR && n->range_var) {
    const PgQuery__RangeVar* rv = n->range_var;
    QualifiedName name = ResolveQueryRelation(ctx, rv);
    std::vector<std::string> cols;
    if (auto t = ctx.catalog.tables.find(name); t != ctx.catalog.tables.end()) {
      for (const model::Column& c : t->second.columns) cols.push_back(c.name);
    } else if (auto v = ctx.catalog.views.find(name); v != ctx.catalog.views.end()) {
      std::optional<std::vector<std::string>> vn =
          ViewColumnNames(ctx, v->second, false, depth + 1);
      if (!vn) return std::nullopt;
      cols = *vn;
    } else {
      return std::nullopt;
    }
    return with_alias(rv->alias, name.name, std::move(cols));
  }
  if (n->node_case == PG_QUERY__NODE__NODE_RANGE_SUBSELECT && n->range_subselect) {
    std::optional<std::vector<std::string>> sub =
        OutputNames(ctx, n->range_subselect->subquery, true, depth + 1);
    if (!sub || !n->range_subselect->alias) return std::nullopt;
    return with_alias(n->range_subselect->alias, "", std::move(*sub));
  }
  if (n->node_case == PG_QUERY__NODE__NODE_JOIN_EXPR && n->join_expr) {
    const PgQuery__JoinExpr* j = n->join_expr;
    // USING / NATURAL merge columns; an aliased join renames them: not followed.
    if (j->is_natural || j->n_using_clause > 0 || j->alias) return std::nullopt;
    auto l = FromNames(ctx, j->larg, depth);
    auto r = FromNames(ctx, j->rarg, depth);
    if (!l || !r) return std::nullopt;
    l->insert(l->end(), r->begin(), r->end());
    return l;
  }
  return std::nullopt;
}

std::optional<std::vector<std::string>> OutputNames(const ReplayContext& ctx,
                                                    const PgQuery__Node* query, bool expand_star,
                                                    int depth) {
  if (!query || depth > 16 || query->node_case != PG_QUERY__NODE__NODE_SELECT_STMT ||
      !query->select_stmt) {
    return std::nullopt;
  }
  const PgQuery__SelectStmt* s = query->select_stmt;
  if (s->op != PG_QUERY__SET_OPERATION__SETOP_NONE) {
    // UNION / INTERSECT / EXCEPT: the names of the leftmost query.
    PgQuery__Node larg = PG_QUERY__NODE__INIT;
    larg.node_case = PG_QUERY__NODE__NODE_SELECT_STMT;
    larg.select_stmt = s->larg;
    return s->larg ? OutputNames(ctx, &larg, expand_star, depth + 1) : std::nullopt;
  }
  std::vector<std::string> out;
  if (s->n_values_lists > 0) {
    const PgQuery__Node* first = s->values_lists[0];
    if (first->node_case != PG_QUERY__NODE__NODE_LIST || !first->list) return std::nullopt;
    for (size_t i = 0; i < first->list->n_items; ++i) out.push_back(fmt::format("column{}", i + 1));
    return out;
  }
  std::optional<std::vector<std::pair<std::string, std::vector<std::string>>>> from;
  for (size_t i = 0; i < s->n_target_list; ++i) {
    const PgQuery__Node* t = s->target_list[i];
    if (t->node_case != PG_QUERY__NODE__NODE_RES_TARGET || !t->res_target) return std::nullopt;
    const PgQuery__ResTarget* rt = t->res_target;
    if (rt->name && *rt->name) {
      out.push_back(TruncateIdentifier(rt->name));
      continue;
    }
    const PgQuery__Node* v = rt->val;
    if (v && v->node_case == PG_QUERY__NODE__NODE_COLUMN_REF && v->column_ref->n_fields > 0 &&
        v->column_ref->fields[v->column_ref->n_fields - 1]->node_case ==
            PG_QUERY__NODE__NODE_A_STAR) {
      if (!expand_star || s->with_clause) return std::nullopt;
      if (!from) {
        from.emplace();
        for (size_t k = 0; k < s->n_from_clause; ++k) {
          auto items = FromNames(ctx, s->from_clause[k], depth);
          if (!items) return std::nullopt;
          from->insert(from->end(), items->begin(), items->end());
        }
      }
      const PgQuery__ColumnRef* ref = v->column_ref;
      if (ref->n_fields > 2) return std::nullopt;
      std::string_view qual = ref->n_fields == 2 ? StringValue(ref->fields[0]) : std::string_view();
      bool any = false;
      for (const auto& [alias, cols] : *from) {
        if (!qual.empty() && alias != qual) continue;
        any = true;
        out.insert(out.end(), cols.begin(), cols.end());
      }
      if (!any) return std::nullopt;
      continue;
    }
    std::string name;
    int strength = FigureColname(v, name);
    if (strength < 0) return std::nullopt;
    out.push_back(strength == 0 ? "?column?" : TruncateIdentifier(name));
  }
  return out;
}

/// CREATE OR REPLACE VIEW may add columns at the end, never drop or rename one: reports the
/// failure (SCH401, the existing view is in the way) when the names on both sides are known.
bool ReplacementFails(ReplayContext& ctx, const model::View& old, const PgQuery__ViewStmt* stmt,
                      const std::vector<std::string>& aliases) {
  std::optional<std::vector<std::string>> before = ViewColumnNames(ctx, old, false, 0);
  std::optional<std::vector<std::string>> after = OutputNames(ctx, stmt->query, true, 0);
  if (!before || !after || aliases.size() > after->size()) return false;
  for (size_t i = 0; i < aliases.size(); ++i) (*after)[i] = aliases[i];
  std::string failure;
  if (after->size() < before->size()) {
    failure = "cannot drop columns from view";
  } else {
    for (size_t i = 0; i < before->size(); ++i) {
      if ((*before)[i] != (*after)[i]) {
        failure = fmt::format("cannot change name of view column \"{}\" to \"{}\"", (*before)[i],
                              (*after)[i]);
        break;
      }
    }
  }
  if (failure.empty()) return false;
  ctx.out.problems.push_back({"SCH401",
                              fmt::format("view {} already exists with columns ({}) at this point "
                                          "of the migration history; CREATE OR "
                                          "REPLACE VIEW fails ({})",
                                          old.name.ToString(), JoinNames(*before), failure),
                              "keep the existing columns, in order and with their names, and add "
                              "new ones at the end; or DROP VIEW "
                              "first (ALTER VIEW ... RENAME COLUMN renames one)",
                              std::nullopt});
  if (ctx.out.kind == model::StatementKind::kNoop) ctx.out.kind = model::StatementKind::kDdl;
  return true;
}

}  // namespace

// ---- CREATE VIEW ---------------------------------------------------------------------------

void ReplayCreateView(ReplayContext& ctx, const PgQuery__ViewStmt* stmt) {
  if (!stmt || !stmt->view) return;
  QualifiedName name = NameForNewRelation(ctx, stmt->view);
  if (!stmt->replace) ctx.NotRetrySafe();
  QueryCheck reads = CheckQueryRelations(ctx, stmt->query);
  if (reads.missing) return;
  bool explicit_schema = stmt->view->schemaname && *stmt->view->schemaname;
  if (reads.temp && !explicit_schema)
    name.schema = std::string(kTempSchema);  // NOTICE: will be temporary

  auto existing = ctx.catalog.views.find(name);
  bool replacing = false;
  if (ctx.catalog.HasRelation(name) || ctx.catalog.HasType(name)) {
    if (!stmt->replace || existing == ctx.catalog.views.end() || existing->second.materialized) {
      // Without OR REPLACE: "relation already exists"; with it, on a table or a materialized
      // view: "\"x\" is not a view".
      ctx.AlreadyExists(ObjectKind::kView, name.ToString());
      return;
    }
    replacing = true;
  }
  if (!replacing && SchemaMissing(ctx, name)) return;
  std::vector<std::string> aliases = StringList(stmt->aliases, stmt->n_aliases);
  for (std::string& c : aliases) c = TruncateIdentifier(c);
  if (replacing && ReplacementFails(ctx, existing->second, stmt, aliases)) return;
  model::View view;
  view.name = name;
  view.definition = BoundDefinition(ctx, stmt->query);
  view.columns = aliases;
  switch (stmt->with_check_option) {
    case PG_QUERY__VIEW_CHECK_OPTION__LOCAL_CHECK_OPTION:
      view.check_option = "LOCAL";
      break;
    case PG_QUERY__VIEW_CHECK_OPTION__CASCADED_CHECK_OPTION:
      view.check_option = "CASCADED";
      break;
    default:
      break;
  }
  for (size_t i = 0; i < stmt->n_options; ++i) {
    const PgQuery__Node* o = stmt->options[i];
    if (o->node_case != PG_QUERY__NODE__NODE_DEF_ELEM || !o->def_elem) continue;
    if (std::string_view(o->def_elem->defname ? o->def_elem->defname : "") == "check_option" &&
        view.check_option.empty()) {
      view.check_option = Upper(DefElemText(o->def_elem));
    }
  }
  if (replacing) {
    view.comment = existing->second.comment;
    view.triggers = existing->second.triggers;
  }
  model::Change& ch = ctx.AddChange(ChangeOp::kCreate, ObjectKind::kView, name);
  ch.on_existing = replacing && ctx.ExistedBefore(name);
  ctx.catalog.views[name] = std::move(view);
  if (!replacing) ctx.MarkCreated(name);
}

// ---- CREATE MATERIALIZED VIEW / CREATE TABLE AS ----------------------------------------------

void ReplayCreateTableAs(ReplayContext& ctx, const PgQuery__CreateTableAsStmt* stmt) {
  if (!stmt) return;
  if (stmt->objtype != PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW) {
    CreateTableFromQuery(ctx, stmt->query, stmt->into, stmt->if_not_exists);
    return;
  }
  ctx.out.tag = "CREATE MATERIALIZED VIEW";
  if (!stmt->into || !stmt->into->rel) return;
  QualifiedName name = NameForNewRelation(ctx, stmt->into->rel);
  if (ctx.catalog.HasRelation(name) || ctx.catalog.HasType(name)) {
    if (stmt->if_not_exists && ctx.catalog.HasRelation(name)) return;  // NOTICE, skipped
    ctx.NotRetrySafe();
    ctx.AlreadyExists(ObjectKind::kMaterializedView, name.ToString());
    return;
  }
  if (!stmt->if_not_exists) ctx.NotRetrySafe();
  if (SchemaMissing(ctx, name) || CheckQueryRelations(ctx, stmt->query).missing) return;
  model::View view;
  view.name = name;
  view.materialized = true;
  view.definition = BoundDefinition(ctx, stmt->query);
  view.columns = StringList(stmt->into->col_names, stmt->into->n_col_names);
  for (std::string& c : view.columns) c = TruncateIdentifier(c);
  ctx.catalog.views[name] = std::move(view);
  model::Change& ch = ctx.AddChange(ChangeOp::kCreate, ObjectKind::kMaterializedView, name);
  ch.guarded = stmt->if_not_exists;
  ctx.MarkCreated(name);
}

void ReplaySelectInto(ReplayContext& ctx, const PgQuery__SelectStmt* stmt) {
  if (!stmt || !stmt->into_clause) return;
  ctx.out.tag = "SELECT INTO";
  // The query without its INTO clause (a shallow copy: the tree stays owned by the parse).
  PgQuery__SelectStmt query = *stmt;
  query.into_clause = nullptr;
  PgQuery__Node node = PG_QUERY__NODE__INIT;
  node.node_case = PG_QUERY__NODE__NODE_SELECT_STMT;
  node.select_stmt = &query;
  CreateTableFromQuery(ctx, &node, stmt->into_clause, false);
}

// ---- DROP VIEW -----------------------------------------------------------------------------

void DropDependentViews(ReplayContext& ctx, const QualifiedName& relation) {
  std::vector<QualifiedName> pending = ViewsReading(ctx, relation);
  std::set<QualifiedName> done;
  while (!pending.empty()) {
    QualifiedName v = pending.back();
    pending.pop_back();
    if (!done.insert(v).second || !ctx.catalog.views.count(v)) continue;
    for (const QualifiedName& next : ViewsReading(ctx, v)) pending.push_back(next);
    bool materialized = ctx.catalog.views[v].materialized;
    model::Change& ch = ctx.AddChange(
        ChangeOp::kDrop, materialized ? ObjectKind::kMaterializedView : ObjectKind::kView, v);
    ch.cascade = true;
    ch.on_existing = ctx.ExistedBefore(v);
    RemoveView(ctx, v);
  }
}

void DropView(ReplayContext& ctx, const PgQuery__DropStmt* stmt, const QualifiedName& resolved,
              bool materialized) {
  if (!stmt) return;
  ObjectKind kind = materialized ? ObjectKind::kMaterializedView : ObjectKind::kView;
  QualifiedName name = resolved;
  if (!ctx.catalog.views.count(name) && name.schema == ctx.CreationSchema() &&
      ctx.catalog.views.count({std::string(kTempSchema), name.name})) {
    name.schema = std::string(kTempSchema);  // an unqualified name finds the temporary view first
  }
  if (!stmt->missing_ok) ctx.NotRetrySafe();
  auto it = ctx.catalog.views.find(name);
  if (it == ctx.catalog.views.end() || it->second.materialized != materialized) {
    // A relation of another kind is an error even with IF EXISTS ("\"x\" is not a view").
    if (stmt->missing_ok && !ctx.catalog.HasRelation(name)) return;  // NOTICE, skipped
    ctx.DoesNotExist(kind, name.ToString());
    return;
  }
  if (!IsCascade(stmt)) {
    std::vector<QualifiedName> dependents = ViewsReading(ctx, name, true);
    if (!dependents.empty()) {
      std::vector<std::string> list;
      for (const QualifiedName& d : dependents) {
        list.push_back(fmt::format("{} {}",
                                   ctx.catalog.views[d].materialized ? "materialized view" : "view",
                                   d.ToString()));
      }
      ctx.out.problems.push_back(
          {"SCH401",
           fmt::format("{} still exists and depends on {} {}; DROP {} fails without CASCADE "
                       "(\"cannot drop {} {} "
                       "because other objects depend on it\")",
                       JoinNames(list), materialized ? "materialized view" : "view",
                       name.ToString(), materialized ? "MATERIALIZED VIEW" : "VIEW",
                       materialized ? "materialized view" : "view", name.name),
           "drop the dependent views first, or use CASCADE", std::nullopt});
      if (ctx.out.kind == model::StatementKind::kNoop) ctx.out.kind = model::StatementKind::kDdl;
      return;
    }
  }
  bool on_existing = ctx.ExistedBefore(name);
  model::Change& ch = ctx.AddChange(ChangeOp::kDrop, kind, name);
  ch.guarded = stmt->missing_ok;
  ch.cascade = IsCascade(stmt);
  ch.on_existing = on_existing;
  if (IsCascade(stmt)) DropDependentViews(ctx, name);
  RemoveView(ctx, name);
}

std::vector<QualifiedName> DependentViews(const ReplayContext& ctx, const QualifiedName& relation) {
  return ViewsReading(ctx, relation, true);
}

// ---- REFRESH MATERIALIZED VIEW -------------------------------------------------------------

void ReplayRefreshMatView(ReplayContext& ctx, const PgQuery__RefreshMatViewStmt* stmt) {
  // Data: it recomputes the rows, the schema stays. CONCURRENTLY is allowed in a transaction.
  ctx.out.kind = model::StatementKind::kData;
  if (!stmt || !stmt->relation) return;
  QualifiedName name = ResolveQueryRelation(ctx, stmt->relation);
  auto it = ctx.catalog.views.find(name);
  if (it == ctx.catalog.views.end() || !it->second.materialized) {
    if (!ctx.catalog.HasRelation(name) && AssumedToExist(ctx, stmt->relation)) return;
    ctx.DoesNotExist(ObjectKind::kMaterializedView, name.ToString());
    return;
  }
  if (!stmt->concurrent || stmt->skip_data) return;
  // CONCURRENTLY needs a unique index on plain columns, without WHERE.
  for (const model::Index* index : ctx.catalog.IndexesOf(name)) {
    if (!index->unique || !index->predicate.empty()) continue;
    bool plain = std::none_of(index->keys.begin(), index->keys.end(),
                              [](const model::IndexKey& k) { return k.is_expression; });
    if (plain) return;
  }
  ctx.out.problems.push_back(
      {"SCH402",
       fmt::format(
           "materialized view {} has no unique index on plain columns without WHERE at this point "
           "of the "
           "migration history; REFRESH MATERIALIZED VIEW CONCURRENTLY fails (\"cannot refresh "
           "materialized view \"{}\" concurrently\")",
           name.ToString(), name.ToString()),
       "create a unique index on one or more columns of the materialized view first, or refresh "
       "without "
       "CONCURRENTLY",
       std::nullopt});
}

// ---- ALTER VIEW / ALTER MATERIALIZED VIEW --------------------------------------------------

void ReplayAlterView(ReplayContext& ctx, const PgQuery__AlterTableStmt* stmt) {
  if (!stmt || !stmt->relation) return;
  bool materialized = stmt->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW;
  ObjectKind kind = materialized ? ObjectKind::kMaterializedView : ObjectKind::kView;
  QualifiedName name = ResolveQueryRelation(ctx, stmt->relation);
  auto it = ctx.catalog.views.find(name);
  bool kind_ok =
      it != ctx.catalog.views.end() && (stmt->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_TABLE ||
                                        it->second.materialized == materialized);
  if (!kind_ok) {
    if (stmt->missing_ok && !ctx.catalog.HasRelation(name)) return;  // NOTICE, skipped
    ctx.DoesNotExist(kind, name.ToString());
    return;
  }
  model::View& view = it->second;
  kind = view.materialized ? ObjectKind::kMaterializedView : ObjectKind::kView;
  bool on_existing = ctx.ExistedBefore(name);
  for (size_t i = 0; i < stmt->n_cmds; ++i) {
    const PgQuery__Node* n = stmt->cmds[i];
    if (n->node_case != PG_QUERY__NODE__NODE_ALTER_TABLE_CMD || !n->alter_table_cmd) continue;
    const PgQuery__AlterTableCmd* cmd = n->alter_table_cmd;
    switch (cmd->subtype) {
      case PG_QUERY__ALTER_TABLE_TYPE__AT_ChangeOwner:
        break;  // ownership: no schema effect
      case PG_QUERY__ALTER_TABLE_TYPE__AT_ColumnDefault: {
        // A default for INSERTs through the view; the model keeps no per-column state of a
        // view, so only the change is recorded.
        model::Change& ch = ctx.AddChange(ChangeOp::kAlter, ObjectKind::kColumn, name,
                                          TruncateIdentifier(cmd->name ? cmd->name : ""));
        ch.has_default = cmd->def != nullptr;
        ch.on_existing = on_existing;
        break;
      }
      case PG_QUERY__ALTER_TABLE_TYPE__AT_SetRelOptions:
      case PG_QUERY__ALTER_TABLE_TYPE__AT_ResetRelOptions:
      case PG_QUERY__ALTER_TABLE_TYPE__AT_ReplaceRelOptions: {
        bool set = cmd->subtype != PG_QUERY__ALTER_TABLE_TYPE__AT_ResetRelOptions;
        if (cmd->def && cmd->def->node_case == PG_QUERY__NODE__NODE_LIST && cmd->def->list) {
          for (size_t k = 0; k < cmd->def->list->n_items; ++k) {
            const PgQuery__Node* o = cmd->def->list->items[k];
            if (o->node_case != PG_QUERY__NODE__NODE_DEF_ELEM || !o->def_elem) continue;
            if (std::string_view(o->def_elem->defname ? o->def_elem->defname : "") !=
                "check_option")
              continue;
            view.check_option = set ? Upper(DefElemText(o->def_elem)) : "";
          }
        }
        ctx.AddChange(ChangeOp::kAlter, kind, name).on_existing = on_existing;
        break;
      }
      case PG_QUERY__ALTER_TABLE_TYPE__AT_SetTableSpace:
      case PG_QUERY__ALTER_TABLE_TYPE__AT_SetAccessMethod:
      case PG_QUERY__ALTER_TABLE_TYPE__AT_ClusterOn:
      case PG_QUERY__ALTER_TABLE_TYPE__AT_DropCluster:
      case PG_QUERY__ALTER_TABLE_TYPE__AT_SetStatistics:
      case PG_QUERY__ALTER_TABLE_TYPE__AT_SetStorage:
      case PG_QUERY__ALTER_TABLE_TYPE__AT_SetCompression:
      case PG_QUERY__ALTER_TABLE_TYPE__AT_SetOptions:
      case PG_QUERY__ALTER_TABLE_TYPE__AT_ResetOptions:
        break;  // physical storage: not part of the model
      default:
        ctx.Unmodeled(fmt::format("this ALTER {} subcommand is not modelled",
                                  view.materialized ? "MATERIALIZED VIEW" : "VIEW"));
        return;
    }
  }
}

}  // namespace sse::pg
