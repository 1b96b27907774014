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

bool ConstraintNameExists(const model::Catalog& catalog, const std::string& schema,
                          const std::string& name) {
  for (const auto& [key, table] : catalog.tables) {
    if (key.schema == schema && table.constraints.count(name)) return true;
  }
  return false;
}

}  // namespace

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
                               std::string_view label) {
  std::string mod(label);
  for (int pass = 0;; ++pass) {
    if (pass > 0) mod = fmt::format("{}{}", label, pass);
    std::string candidate = MakeObjectName(name1, name2, mod);
    if (!catalog.HasRelation({schema, candidate}) &&
        !ConstraintNameExists(catalog, schema, candidate)) {
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

}  // namespace sse::pg
