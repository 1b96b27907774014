// Name resolution, type canonicalisation and PostgreSQL's implicit object names.

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

#include "dialects/postgres/replay.hpp"

namespace sse::pg {

namespace {

constexpr size_t kMaxIdentifierBytes = 63;  // NAMEDATALEN - 1

/// Internal type names as format_type() prints them.
const std::map<std::string_view, std::string_view>& CanonicalTypeNames() {
  static const std::map<std::string_view, std::string_view> kNames = {
      {"int2", "smallint"},
      {"int4", "integer"},
      {"int", "integer"},
      {"int8", "bigint"},
      {"float4", "real"},
      {"float8", "double precision"},
      {"decimal", "numeric"},
      {"bool", "boolean"},
      {"varchar", "character varying"},
      {"bpchar", "character"},
      {"char", "character"},
      {"timestamp", "timestamp without time zone"},
      {"timestamptz", "timestamp with time zone"},
      {"time", "time without time zone"},
      {"timetz", "time with time zone"},
      {"varbit", "bit varying"},
  };
  return kNames;
}

/// Built-in type names (canonical form) that need no CREATE TYPE.
const std::set<std::string_view>& BuiltinTypes() {
  static const std::set<std::string_view> kTypes = {"smallint",
                                                    "integer",
                                                    "bigint",
                                                    "real",
                                                    "double precision",
                                                    "numeric",
                                                    "boolean",
                                                    "character varying",
                                                    "character",
                                                    "text",
                                                    "name",
                                                    "bytea",
                                                    "date",
                                                    "timestamp without time zone",
                                                    "timestamp with time zone",
                                                    "time without time zone",
                                                    "time with time zone",
                                                    "interval",
                                                    "uuid",
                                                    "json",
                                                    "jsonb",
                                                    "xml",
                                                    "inet",
                                                    "cidr",
                                                    "macaddr",
                                                    "macaddr8",
                                                    "money",
                                                    "bit",
                                                    "bit varying",
                                                    "point",
                                                    "line",
                                                    "lseg",
                                                    "box",
                                                    "path",
                                                    "polygon",
                                                    "circle",
                                                    "tsvector",
                                                    "tsquery",
                                                    "oid",
                                                    "regclass",
                                                    "regproc",
                                                    "regprocedure",
                                                    "regtype",
                                                    "regconfig",
                                                    "regnamespace",
                                                    "regrole",
                                                    "int4range",
                                                    "int8range",
                                                    "numrange",
                                                    "tsrange",
                                                    "tstzrange",
                                                    "daterange",
                                                    "int4multirange",
                                                    "int8multirange",
                                                    "nummultirange",
                                                    "tsmultirange",
                                                    "tstzmultirange",
                                                    "datemultirange",
                                                    "pg_lsn",
                                                    "txid_snapshot",
                                                    "pg_snapshot",
                                                    "record",
                                                    "void",
                                                    "trigger",
                                                    "event_trigger",
                                                    "anyelement",
                                                    "anyarray",
                                                    "anyenum",
                                                    "anynonarray",
                                                    "anyrange",
                                                    "anymultirange",
                                                    "anycompatible",
                                                    "anycompatiblearray",
                                                    "cstring",
                                                    "internal",
                                                    "char",
                                                    "xid",
                                                    "xid8",
                                                    "cid",
                                                    "tid",
                                                    "aclitem",
                                                    "refcursor",
                                                    "language_handler",
                                                    "fdw_handler",
                                                    "index_am_handler",
                                                    "table_am_handler",
                                                    "tsm_handler",
                                                    "int2vector",
                                                    "oidvector",
                                                    "jsonpath",
                                                    "unknown"};
  return kTypes;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

/// Byte length of `s` clipped to at most `max` bytes on a UTF-8 character boundary
/// (pg_mbcliplen).
size_t ClipLen(std::string_view s, size_t max) {
  if (s.size() <= max) return s.size();
  size_t n = max;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return n;
}

}  // namespace

bool ConstraintNameExists(const model::Catalog& catalog, const std::string& schema,
                          const std::string& name) {
  // The tables (and domains) of one schema are adjacent in the catalog's ordered maps.
  for (auto it = catalog.tables.lower_bound({schema, ""});
       it != catalog.tables.end() && it->first.schema == schema; ++it) {
    if (it->second.constraints.count(name)) return true;
  }
  for (auto it = catalog.domains.lower_bound({schema, ""});
       it != catalog.domains.end() && it->first.schema == schema; ++it) {
    for (const model::DomainCheck& c : it->second.checks) {
      if (c.name == name) return true;
    }
  }
  return false;
}

std::string TruncateIdentifier(std::string_view name) {
  return std::string(name.substr(0, ClipLen(name, kMaxIdentifierBytes)));
}

std::string MakeObjectName(std::string_view name1, std::string_view name2, std::string_view label) {
  size_t overhead = 0;
  if (!name2.empty()) overhead += 1;  // the separating underscore (name2 is shortened below)
  if (!label.empty()) overhead += label.size() + 1;
  size_t avail = kMaxIdentifierBytes > overhead ? kMaxIdentifierBytes - overhead : 0;
  size_t n1 = name1.size(), n2 = name2.size();
  while (n1 + n2 > avail) {
    if (n1 > n2)
      --n1;
    else
      --n2;
  }
  n1 = ClipLen(name1, n1);
  if (!name2.empty()) n2 = ClipLen(name2, n2);
  std::string out(name1.substr(0, n1));
  if (!name2.empty()) out += "_" + std::string(name2.substr(0, n2));
  if (!label.empty()) out += "_" + std::string(label);
  return out;
}

std::string ChooseRelationName(const model::Catalog& catalog, const std::string& schema,
                               std::string_view name1, std::string_view name2,
                               std::string_view label, bool is_constraint) {
  std::string mod(label);
  for (int pass = 0;; ++pass) {
    if (pass > 0) mod = fmt::format("{}{}", label, pass);
    std::string candidate = MakeObjectName(name1, name2, mod);
    if (!catalog.HasRelation({schema, candidate}) &&
        !(is_constraint && ConstraintNameExists(catalog, schema, candidate))) {
      return candidate;
    }
  }
}

std::string ReplayContext::CreationSchema() const {
  for (const std::string& s : session.search_path) {
    if (s == "$user" || s == "pg_catalog" || s == "pg_temp") continue;
    return s;
  }
  return "public";
}

model::QualifiedName ReplayContext::NameForCreate(std::string_view schema,
                                                  std::string_view name) const {
  return {schema.empty() ? CreationSchema() : std::string(schema), TruncateIdentifier(name)};
}

model::QualifiedName ReplayContext::NameForCreate(const PgQuery__RangeVar* rv) const {
  if (!rv) return {};
  return NameForCreate(rv->schemaname ? rv->schemaname : "", rv->relname ? rv->relname : "");
}

model::QualifiedName ReplayContext::ResolveRelation(std::string_view schema,
                                                    std::string_view name) const {
  std::string n = TruncateIdentifier(name);
  if (!schema.empty()) return {std::string(schema), n};
  for (const std::string& s : session.search_path) {
    if (s == "$user") continue;
    if (catalog.HasRelation({s, n})) return {s, n};
  }
  return {CreationSchema(), n};
}

model::QualifiedName ReplayContext::ResolveRelation(const PgQuery__RangeVar* rv) const {
  if (!rv) return {};
  return ResolveRelation(rv->schemaname ? rv->schemaname : "", rv->relname ? rv->relname : "");
}

model::QualifiedName ReplayContext::ResolveList(PgQuery__Node* const* names, size_t n,
                                                bool (*exists)(const model::Catalog&,
                                                               const model::QualifiedName&)) const {
  std::vector<std::string> parts;
  for (size_t i = 0; i < n; ++i) parts.emplace_back(StringValue(names[i]));
  if (parts.empty()) return {};
  std::string name = TruncateIdentifier(parts.back());
  if (parts.size() >= 2) return {parts[parts.size() - 2], name};
  for (const std::string& s : session.search_path) {
    if (s == "$user") continue;
    if (exists && exists(catalog, {s, name})) return {s, name};
  }
  return {CreationSchema(), name};
}

bool ReplayContext::TypeExists(const model::TypeRef& type) const {
  if (BuiltinTypes().count(type.name) || type.name == "\"char\"") return true;
  size_t dot = type.name.find('.');
  if (dot != std::string::npos &&
      catalog.HasType({type.name.substr(0, dot), type.name.substr(dot + 1)})) {
    return true;
  }
  // Extension types (citext, hstore, vector, geometry...) are unknown to the model; with an
  // extension installed, give unknown names the benefit of the doubt.
  return !catalog.extensions.empty();
}

std::string_view ReplayContext::SerialKind(const PgQuery__TypeName* tn) {
  if (!tn || tn->n_names == 0 || tn->n_array_bounds > 0) return {};
  std::string_view last = StringValue(tn->names[tn->n_names - 1]);
  if (tn->n_names == 2 && StringValue(tn->names[0]) != "pg_catalog") return {};
  if (last == "serial" || last == "serial4") return "serial";
  if (last == "bigserial" || last == "serial8") return "bigserial";
  if (last == "smallserial" || last == "serial2") return "smallserial";
  return {};
}

model::TypeRef ReplayContext::Type(const PgQuery__TypeName* tn) const {
  model::TypeRef t;
  if (!tn || tn->n_names == 0) return t;
  std::vector<std::string> parts;
  for (size_t i = 0; i < tn->n_names; ++i) parts.emplace_back(StringValue(tn->names[i]));
  bool system = parts.size() == 2 && parts[0] == "pg_catalog";
  std::string base = Lower(parts.back());
  if (std::string_view serial = SerialKind(tn); !serial.empty()) {
    base = serial == "bigserial" ? "bigint" : serial == "smallserial" ? "smallint" : "integer";
  } else if (auto it = CanonicalTypeNames().find(base);
             it != CanonicalTypeNames().end() && (system || parts.size() == 1)) {
    // "char" written with quotes is the internal one-byte type, not character(1).
    base = parts.back() == "char" && !system ? "\"char\"" : std::string(it->second);
  }
  if (system || parts.size() == 1) {
    if (BuiltinTypes().count(base) || base == "\"char\"") {
      t.name = base;
    } else if (parts.size() == 1) {
      // A user type, resolved through search_path.
      model::QualifiedName q = ResolveList(
          tn->names, tn->n_names,
          [](const model::Catalog& c, const model::QualifiedName& n) { return c.HasType(n); });
      t.name = q.ToString();
    } else {
      t.name = base;
    }
  } else {
    t.name = parts[parts.size() - 2] + "." + parts.back();
  }
  for (size_t i = 0; i < tn->n_typmods; ++i) {
    const PgQuery__Node* m = tn->typmods[i];
    if (m->node_case == PG_QUERY__NODE__NODE_A_CONST && m->a_const) {
      const PgQuery__AConst* c = m->a_const;
      if (c->val_case == PG_QUERY__A__CONST__VAL_IVAL && c->ival) {
        t.modifiers.push_back(std::to_string(c->ival->ival));
        continue;
      }
    }
    t.modifiers.push_back(DeparseExpr(m));
  }
  t.array_dims = static_cast<int>(tn->n_array_bounds);
  return t;
}

// ---- Implicit index names (index.c, indexcmds.c, parse_target.c) ---------------------------

std::string FigureColname(const PgQuery__Node* n, int& strength) {
  strength = 0;
  if (!n) return {};
  auto named = [&](std::string name) {
    strength = 2;
    return name;
  };
  // The last String of a ColumnRef's fields or an A_Indirection's subscripts ("*" and
  // subscripts are other node kinds).
  auto last_string = [](PgQuery__Node* const* items, size_t n_items) {
    std::string_view name;
    for (size_t i = 0; i < n_items; ++i) {
      if (items[i]->node_case == PG_QUERY__NODE__NODE_STRING) name = StringValue(items[i]);
    }
    return std::string(name);
  };
  switch (n->node_case) {
    case PG_QUERY__NODE__NODE_COLUMN_REF: {
      std::string name = last_string(n->column_ref->fields, n->column_ref->n_fields);
      return name.empty() ? name : named(std::move(name));
    }
    case PG_QUERY__NODE__NODE_A_INDIRECTION: {
      const PgQuery__AIndirection* ind = n->a_indirection;
      std::string name = last_string(ind->indirection, ind->n_indirection);
      return name.empty() ? FigureColname(ind->arg, strength) : named(std::move(name));
    }
    case PG_QUERY__NODE__NODE_FUNC_CALL:
      if (n->func_call->n_funcname == 0) return {};
      return named(std::string(StringValue(n->func_call->funcname[n->func_call->n_funcname - 1])));
    case PG_QUERY__NODE__NODE_A_EXPR:
      if (n->a_expr->kind == PG_QUERY__A__EXPR__KIND__AEXPR_NULLIF) return named("nullif");
      return {};
    case PG_QUERY__NODE__NODE_TYPE_CAST: {
      std::string name = FigureColname(n->type_cast->arg, strength);
      const PgQuery__TypeName* tn = n->type_cast->type_name;
      if (strength <= 1 && tn && tn->n_names > 0) {
        strength = 1;
        return std::string(StringValue(tn->names[tn->n_names - 1]));
      }
      return name;
    }
    case PG_QUERY__NODE__NODE_COLLATE_CLAUSE:
      return FigureColname(n->collate_clause->arg, strength);
    case PG_QUERY__NODE__NODE_GROUPING_FUNC:
      return named("grouping");
    case PG_QUERY__NODE__NODE_SUB_LINK: {
      const PgQuery__SubLink* link = n->sub_link;
      if (link->sub_link_type == PG_QUERY__SUB_LINK_TYPE__EXISTS_SUBLINK) return named("exists");
      if (link->sub_link_type == PG_QUERY__SUB_LINK_TYPE__ARRAY_SUBLINK) return named("array");
      // A scalar subquery is named after its single output column (PostgreSQL looks at the
      // transformed subquery, whose first target always has a name, "?column?" at worst; a set
      // operation takes its names from the leftmost SELECT).
      if (link->sub_link_type == PG_QUERY__SUB_LINK_TYPE__EXPR_SUBLINK && link->subselect &&
          link->subselect->node_case == PG_QUERY__NODE__NODE_SELECT_STMT) {
        const PgQuery__SelectStmt* sel = link->subselect->select_stmt;
        while (sel->op != PG_QUERY__SET_OPERATION__SETOP_NONE && sel->larg) sel = sel->larg;
        if (sel->n_target_list > 0 &&
            sel->target_list[0]->node_case == PG_QUERY__NODE__NODE_RES_TARGET) {
          const PgQuery__ResTarget* t = sel->target_list[0]->res_target;
          if (t->name && *t->name) return named(t->name);
          int inner = 0;
          std::string name = FigureColname(t->val, inner);
          return named(name.empty() ? "?column?" : std::move(name));
        }
      }
      return {};
    }
    case PG_QUERY__NODE__NODE_CASE_EXPR: {
      std::string name = FigureColname(n->case_expr->defresult, strength);
      if (strength <= 1) {
        strength = 1;
        return "case";
      }
      return name;
    }
    case PG_QUERY__NODE__NODE_A_ARRAY_EXPR:
      return named("array");
    case PG_QUERY__NODE__NODE_ROW_EXPR:
      return named("row");
    case PG_QUERY__NODE__NODE_COALESCE_EXPR:
      return named("coalesce");
    case PG_QUERY__NODE__NODE_MIN_MAX_EXPR:
      return named(n->min_max_expr->op == PG_QUERY__MIN_MAX_OP__IS_LEAST ? "least" : "greatest");
    case PG_QUERY__NODE__NODE_SQLVALUE_FUNCTION:
      switch (n->sqlvalue_function->op) {
        case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_DATE:
          return named("current_date");
        case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_TIME:
        case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_TIME_N:
          return named("current_time");
        case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_TIMESTAMP:
        case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_TIMESTAMP_N:
          return named("current_timestamp");
        case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_LOCALTIME:
        case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_LOCALTIME_N:
          return named("localtime");
        case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_LOCALTIMESTAMP:
        case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_LOCALTIMESTAMP_N:
          return named("localtimestamp");
        case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_ROLE:
          return named("current_role");
        case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_USER:
          return named("current_user");
        case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_USER:
          return named("user");
        case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_SESSION_USER:
          return named("session_user");
        case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_CATALOG:
          return named("current_catalog");
        case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_SCHEMA:
          return named("current_schema");
        default:
          return {};
      }
    case PG_QUERY__NODE__NODE_XML_EXPR:
      switch (n->xml_expr->op) {
        case PG_QUERY__XML_EXPR_OP__IS_XMLCONCAT:
          return named("xmlconcat");
        case PG_QUERY__XML_EXPR_OP__IS_XMLELEMENT:
          return named("xmlelement");
        case PG_QUERY__XML_EXPR_OP__IS_XMLFOREST:
          return named("xmlforest");
        case PG_QUERY__XML_EXPR_OP__IS_XMLPARSE:
          return named("xmlparse");
        case PG_QUERY__XML_EXPR_OP__IS_XMLPI:
          return named("xmlpi");
        case PG_QUERY__XML_EXPR_OP__IS_XMLROOT:
          return named("xmlroot");
        case PG_QUERY__XML_EXPR_OP__IS_XMLSERIALIZE:
          return named("xmlserialize");
        default:
          return {};  // IS DOCUMENT has no name
      }
    case PG_QUERY__NODE__NODE_XML_SERIALIZE:
      return named("xmlserialize");
    default:
      return {};
  }
}

std::vector<std::string> NumberIndexColumnNames(const std::vector<std::string>& names) {
  std::vector<std::string> out;
  out.reserve(names.size());
  for (const std::string& name : names) {
    std::string orig = TruncateIdentifier(name);
    std::string cur = orig;
    for (int i = 1; std::find(out.begin(), out.end(), cur) != out.end(); ++i) {
      // The original name clipped (pg_mbcliplen) to leave room for the number.
      std::string suffix = std::to_string(i);
      cur = orig.substr(0, ClipLen(orig, kMaxIdentifierBytes - suffix.size())) + suffix;
    }
    out.push_back(std::move(cur));
  }
  return out;
}

std::string NameAddition(const std::vector<std::string>& names) {
  std::string buf;
  for (const std::string& n : names) {
    if (!buf.empty()) buf += '_';
    buf += n.substr(0, kMaxIdentifierBytes);
    if (buf.size() > kMaxIdentifierBytes) break;
  }
  return buf;
}

}  // namespace sse::pg
