// Tables: CREATE TABLE (columns, serial and identity columns, generated columns, column and
// table constraints with PostgreSQL's implicit names and the indexes that back them, PARTITION
// BY / PARTITION OF, INHERITS, LIKE, OF type), ALTER TABLE (every subcommand that changes the
// model, and the Changes the rules read: rewrites, narrowing type changes, NOT NULL, defaults,
// constraints), ALTER TABLE ... RENAME [COLUMN], TRUNCATE and DROP TABLE with what depends on
// the table.

#include <fmt/format.h>

#include <algorithm>
#include <deque>
#include <map>
#include <optional>
#include <set>

#include "dialects/postgres/replay.hpp"

namespace sse::pg {

using model::ChangeOp;
using model::ConstraintKind;
using model::ObjectKind;
using model::QualifiedName;

namespace {

constexpr std::string_view kTempSchema = "pg_temp";

std::string Str(const char* s) { return s ? s : ""; }

bool IsCascade(PgQuery__DropBehavior b) { return b == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE; }

/// A relation named by a RangeVar, temporary relations first (PostgreSQL's search_path starts
/// with pg_temp for relations).
QualifiedName ResolveRel(const ReplayContext& ctx, const PgQuery__RangeVar* rv) {
  std::string schema = Str(rv->schemaname);
  std::string name = TruncateIdentifier(Str(rv->relname));
  if (schema.empty() && ctx.catalog.HasRelation({std::string(kTempSchema), name})) {
    return {std::string(kTempSchema), name};
  }
  if (schema.rfind("pg_temp", 0) == 0) return {std::string(kTempSchema), name};
  return ctx.ResolveRelation(rv);
}

/// The name a CREATE [TEMP] TABLE gives its table.
QualifiedName NameForNewRelation(const ReplayContext& ctx, const PgQuery__RangeVar* rv) {
  bool temp = rv->relpersistence && rv->relpersistence[0] == 't';
  std::string schema = Str(rv->schemaname);
  if (temp && schema.empty()) schema = std::string(kTempSchema);
  if (schema.rfind("pg_temp", 0) == 0) schema = std::string(kTempSchema);
  return ctx.NameForCreate(schema, Str(rv->relname));
}

bool SchemaExists(const ReplayContext& ctx, const std::string& schema) {
  return ctx.catalog.schemas.count(schema) || schema == "pg_catalog" || schema == kTempSchema ||
         schema == "information_schema" || !ctx.catalog.extensions.empty();
}

/// The identifiers of a list of String nodes, truncated as PostgreSQL stores them.
std::vector<std::string> Names(PgQuery__Node* const* items, size_t n) {
  std::vector<std::string> out;
  for (size_t i = 0; i < n; ++i) out.push_back(TruncateIdentifier(StringValue(items[i])));
  return out;
}

/// An identifier as quote_identifier() writes it: quoted unless it is a plain lower-case name.
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

/// A collation named by a list of String nodes: "C", "en_US", or "schema.name" outside
/// pg_catalog.
std::optional<std::string> CollationOf(const PgQuery__CollateClause* c) {
  if (!c || c->n_collname == 0) return std::nullopt;
  std::string last(StringValue(c->collname[c->n_collname - 1]));
  if (c->n_collname >= 2) {
    std::string schema(StringValue(c->collname[c->n_collname - 2]));
    if (schema != "pg_catalog") return schema + "." + last;
  }
  return last;
}

std::string Join(const std::vector<std::string>& v, std::string_view sep) {
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) {
    if (i) out += sep;
    out += v[i];
  }
  return out;
}

bool Contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

// ---- Expressions ----------------------------------------------------------------------------

/// A canonical expression parsed back into a tree ("SELECT <expr>"); the tree lives as long as
/// this object.
struct ParsedExpr {
  ParsedText parsed;
  PgQuery__Node* expr = nullptr;
};

ParsedExpr ParseExpr(const std::string& text) {
  ParsedExpr p;
  if (text.empty()) return p;
  p.parsed = ParseSql("SELECT " + text);
  if (p.parsed.statements.size() != 1 || !p.parsed.statements[0].node) return p;
  const PgQuery__Node* n = p.parsed.statements[0].node;
  if (n->node_case != PG_QUERY__NODE__NODE_SELECT_STMT || !n->select_stmt ||
      n->select_stmt->n_target_list != 1) {
    return p;
  }
  const PgQuery__Node* t = n->select_stmt->target_list[0];
  if (t->node_case != PG_QUERY__NODE__NODE_RES_TARGET || !t->res_target) return p;
  p.expr = t->res_target->val;
  return p;
}

/// Calls `visit` on every ColumnRef of a tree.
void VisitColumnRefs(const PgQuery__Node* root,
                     const std::function<void(const PgQuery__ColumnRef*)>& visit) {
  if (!root) return;
  VisitMessages(&root->base, [&](const ProtobufCMessage* m) {
    if (m->descriptor == &pg_query__column_ref__descriptor)
      visit(reinterpret_cast<const PgQuery__ColumnRef*>(m));
  });
}

/// The column a ColumnRef names (its last field: "a", "t.a", "new.a"), or "" for "*".
std::string RefColumn(const PgQuery__ColumnRef* ref) {
  if (ref->n_fields == 0) return {};
  return TruncateIdentifier(StringValue(ref->fields[ref->n_fields - 1]));
}

/// Columns an expression tree references, in order of first appearance.
std::vector<std::string> ColumnsOf(const PgQuery__Node* expr) {
  std::vector<std::string> out;
  VisitColumnRefs(expr, [&](const PgQuery__ColumnRef* ref) {
    std::string c = RefColumn(ref);
    if (!c.empty() && !Contains(out, c)) out.push_back(c);
  });
  return out;
}

/// Columns a canonical expression references.
std::vector<std::string> ColumnsOf(const std::string& text) {
  ParsedExpr p = ParseExpr(text);
  return ColumnsOf(p.expr);
}

bool Uses(const std::string& expr_text, const std::string& column) {
  return !expr_text.empty() && Contains(ColumnsOf(expr_text), column);
}

/// The expression with column `from` renamed `to` (plain and qualified references).
std::string RenameColumnIn(const std::string& text, const std::string& from,
                           const std::string& to) {
  if (text.empty() || text.find(from) == std::string::npos) return text;
  ParsedExpr p = ParseExpr(text);
  if (!p.expr) return text;
  std::string value = to;
  std::vector<std::pair<char**, char*>> restore;
  VisitColumnRefs(p.expr, [&](const PgQuery__ColumnRef* ref) {
    if (ref->n_fields == 0) return;
    PgQuery__Node* last = ref->fields[ref->n_fields - 1];
    if (last->node_case != PG_QUERY__NODE__NODE_STRING || !last->string) return;
    if (TruncateIdentifier(StringValue(last)) != from) return;
    restore.emplace_back(&last->string->sval, last->string->sval);
    last->string->sval = value.data();
  });
  if (restore.empty()) return text;
  std::string out = DeparseExpr(p.expr);
  for (auto& [field, old] : restore) *field = old;
  return out.empty() ? text : out;
}

/// Built-in functions PostgreSQL marks VOLATILE that a column default may call, and the usual
/// volatile extension functions (uuid-ossp, pgcrypto).
const std::set<std::string_view>& VolatileFunctions() {
  static const std::set<std::string_view> kNames = {"random",
                                                    "random_normal",
                                                    "clock_timestamp",
                                                    "timeofday",
                                                    "gen_random_uuid",
                                                    "nextval",
                                                    "currval",
                                                    "lastval",
                                                    "setval",
                                                    "uuid_generate_v1",
                                                    "uuid_generate_v1mc",
                                                    "uuid_generate_v4",
                                                    "gen_random_bytes",
                                                    "gen_salt",
                                                    "txid_status",
                                                    "set_config",
                                                    "uuid_generate_v7",
                                                    "uuidv4",
                                                    "uuidv7"};
  return kNames;
}

/// True when an expression calls a volatile function: a default that PostgreSQL evaluates for
/// every existing row (a table rewrite), not once.
bool IsVolatile(const ReplayContext& ctx, const PgQuery__Node* expr) {
  bool v = false;
  if (!expr) return false;
  VisitMessages(&expr->base, [&](const ProtobufCMessage* m) {
    if (m->descriptor != &pg_query__func_call__descriptor) return;
    const auto* f = reinterpret_cast<const PgQuery__FuncCall*>(m);
    if (f->n_funcname == 0) return;
    std::string name(StringValue(f->funcname[f->n_funcname - 1]));
    std::string schema =
        f->n_funcname >= 2 ? std::string(StringValue(f->funcname[f->n_funcname - 2])) : "";
    bool user = false;
    for (const auto& [sig, fn] : ctx.catalog.functions) {
      if (fn.name.name != name || (!schema.empty() && fn.name.schema != schema)) continue;
      user = true;
      if (fn.volatility == "VOLATILE") v = true;
    }
    if (!user && (schema.empty() || schema == "pg_catalog" || schema == "public") &&
        VolatileFunctions().count(name)) {
      v = true;
    }
  });
  return v;
}

// ---- Types ----------------------------------------------------------------------------------

int IntBytes(const std::string& t) {
  if (t == "smallint") return 2;
  if (t == "integer") return 4;
  if (t == "bigint") return 8;
  return 0;
}

/// Decimal digits an integer type can hold.
int IntDigits(int bytes) { return bytes == 2 ? 5 : bytes == 4 ? 10 : 19; }

bool IsText(const std::string& t) {
  return t == "text" || t == "character varying" || t == "character";
}

std::optional<long> Mod(const model::TypeRef& t, size_t i) {
  if (i >= t.modifiers.size()) return std::nullopt;
  try {
    return std::stol(t.modifiers[i]);
  } catch (...) {
    return std::nullopt;
  }
}

/// The length limit of a character type (character without a length is character(1)); nullopt
/// when unlimited.
std::optional<long> TextLength(const model::TypeRef& t) {
  if (t.name == "text") return std::nullopt;
  if (t.name == "character") return Mod(t, 0).value_or(1);
  return Mod(t, 0);
}

/// Fractional-seconds precision of a time type (nullopt = 6, the maximum).
long TimePrecision(const model::TypeRef& t) { return Mod(t, 0).value_or(6); }

bool IsTimestamp(const std::string& t) {
  return t == "timestamp without time zone" || t == "timestamp with time zone";
}

/// True when a column type change can lose data or fail on existing values.
bool Narrowing(const model::TypeRef& from, const model::TypeRef& to) {
  if (from == to) return false;
  if (from.array_dims != to.array_dims) return true;
  const std::string& a = from.name;
  const std::string& b = to.name;
  // Everything has a text form.
  if (b == "text" && to.array_dims == from.array_dims) return false;
  if (b == "character varying" && to.modifiers.empty()) return false;
  int ia = IntBytes(a), ib = IntBytes(b);
  if (ia && ib) return ib < ia;
  if (ia && b == "numeric") {
    auto p = Mod(to, 0);
    if (!p) return false;
    return *p - Mod(to, 1).value_or(0) < IntDigits(ia);
  }
  if (ia && b == "double precision") return ia == 8;
  if (ia && b == "real") return ia >= 4;
  if (a == "numeric" && b == "numeric") {
    auto pb = Mod(to, 0);
    if (!pb) return false;
    auto pa = Mod(from, 0);
    if (!pa) return true;
    long sa = Mod(from, 1).value_or(0), sb = Mod(to, 1).value_or(0);
    return sb < sa || *pb - sb < *pa - sa;
  }
  if (a == "real" && b == "double precision") return false;
  if (IsText(a) && IsText(b)) {
    auto lb = TextLength(to);
    if (!lb) return false;
    auto la = TextLength(from);
    return !la || *la > *lb;
  }
  if ((a == "bit varying" || a == "bit") && b == "bit varying") {
    auto lb = Mod(to, 0);
    if (!lb) return false;
    auto la = a == "bit" ? std::optional<long>(Mod(from, 0).value_or(1)) : Mod(from, 0);
    return !la || *la > *lb;
  }
  if (IsTimestamp(a) && IsTimestamp(b)) return TimePrecision(to) < TimePrecision(from);
  if (a == "date" && IsTimestamp(b)) return false;
  if ((a == "time without time zone" && b == "time without time zone") ||
      (a == "time with time zone" && b == "time with time zone") ||
      (a == "interval" && b == "interval")) {
    return TimePrecision(to) < TimePrecision(from);
  }
  if (a == "cidr" && b == "inet") return false;
  if (a == "jsonb" && b == "json") return false;
  return true;  // another family: the cast can fail or lose information
}

/// True when the type change needs a table rewrite in PostgreSQL 15: only binary-coercible
/// changes whose new length / precision limit cannot reject a value skip it.
bool RewritesForType(const ReplayContext& ctx, const model::TypeRef& from,
                     const model::TypeRef& to) {
  if (from == to) return false;
  // A domain over the old type: no rewrite unless the domain has constraints to check.
  size_t dot = to.name.find('.');
  if (dot != std::string::npos) {
    auto d = ctx.catalog.domains.find({to.name.substr(0, dot), to.name.substr(dot + 1)});
    if (d != ctx.catalog.domains.end() && to.array_dims == 0) {
      if (!d->second.checks.empty() || d->second.not_null) return true;
      return RewritesForType(ctx, from, d->second.base);
    }
    return true;
  }
  // Arrays are converted element by element (an ArrayCoerceExpr): always a rewrite.
  if (from.array_dims != to.array_dims || from.array_dims > 0) return true;
  const std::string& a = from.name;
  const std::string& b = to.name;
  auto no_limit_or_wider = [&](std::optional<long> old_limit, std::optional<long> new_limit) {
    return !new_limit || (old_limit && *new_limit >= *old_limit);
  };
  if ((a == "character varying" || a == "text") && (b == "character varying" || b == "text")) {
    return !no_limit_or_wider(a == "text" ? std::nullopt : Mod(from, 0),
                              b == "text" ? std::nullopt : Mod(to, 0));
  }
  if (a == "numeric" && b == "numeric") {
    auto pb = Mod(to, 0);
    if (!pb) return false;
    auto pa = Mod(from, 0);
    return !pa || *pb < *pa || Mod(to, 1).value_or(0) != Mod(from, 1).value_or(0);
  }
  if (a == "bit varying" && b == "bit varying") return !no_limit_or_wider(Mod(from, 0), Mod(to, 0));
  if ((IsTimestamp(a) && a == b) || (a == "interval" && b == "interval") ||
      (a == "time without time zone" && b == a) || (a == "time with time zone" && b == a)) {
    return TimePrecision(to) < TimePrecision(from);
  }
  if (a == "cidr" && b == "inet") return false;
  return true;
}

/// The family of a built-in type whose values compare with each other ("" for other types):
/// a foreign key between two families cannot be implemented.
std::string_view TypeFamily(const model::TypeRef& t) {
  if (t.array_dims > 0) return {};
  const std::string& n = t.name;
  if (IntBytes(n) || n == "numeric" || n == "real" || n == "double precision") return "number";
  if (IsText(n) || n == "name") return "string";
  if (n == "date" || IsTimestamp(n)) return "datetime";
  if (n == "boolean" || n == "uuid" || n == "bytea" || n == "jsonb" || n == "interval") return n;
  if (n == "inet" || n == "cidr") return "network";
  return {};
}

/// True when the type is a domain with a CHECK or NOT NULL constraint (adding a column of it
/// makes PostgreSQL check every row through a rewrite).
bool DomainWithConstraints(const ReplayContext& ctx, const model::TypeRef& t) {
  size_t dot = t.name.find('.');
  if (dot == std::string::npos) return false;
  auto d = ctx.catalog.domains.find({t.name.substr(0, dot), t.name.substr(dot + 1)});
  return d != ctx.catalog.domains.end() && (!d->second.checks.empty() || d->second.not_null);
}

// ---- Names ----------------------------------------------------------------------------------

/// ChooseConstraintName: "<name1>_<name2>_<label>", numbered while a constraint of the schema
/// (or one chosen earlier by the same statement) has it.
std::string ChooseConstraintName(const model::Catalog& catalog, const std::string& schema,
                                 std::string_view name1, std::string_view name2,
                                 std::string_view label, const std::set<std::string>& others) {
  for (int pass = 0;; ++pass) {
    std::string mod = pass == 0 ? std::string(label) : fmt::format("{}{}", label, pass);
    std::string candidate = MakeObjectName(name1, name2, mod);
    if (!others.count(candidate) && !ConstraintNameExists(catalog, schema, candidate))
      return candidate;
  }
}

/// The name of an index column: the column, or the name FigureColname derives from the
/// expression, or "expr".
std::string IndexColumnName(const model::IndexKey& k) {
  if (!k.is_expression) return k.expression;
  ParsedExpr p = ParseExpr(k.expression);
  int strength = 0;
  std::string name = FigureColname(p.expr, strength);
  return name.empty() ? "expr" : TruncateIdentifier(name);
}

/// The name PostgreSQL gives an index (or an index-backed constraint) it creates for a table:
/// "<table>_pkey", "<table>_<cols>_key", "<table>_<cols>_excl", "<table>_<cols>_idx".
std::string ChooseIndexName(const model::Catalog& catalog, const QualifiedName& table,
                            const model::Index& idx, std::optional<ConstraintKind> kind) {
  if (kind == ConstraintKind::kPrimaryKey)
    return ChooseRelationName(catalog, table.schema, table.name, "", "pkey", true);
  std::vector<std::string> raw;
  for (const model::IndexKey& k : idx.keys) raw.push_back(IndexColumnName(k));
  for (const std::string& c : idx.include) raw.push_back(c);
  std::string addition = NameAddition(NumberIndexColumnNames(raw));
  std::string_view label = kind == ConstraintKind::kUnique      ? "key"
                           : kind == ConstraintKind::kExclusion ? "excl"
                                                                : "idx";
  // A plain index: only relation names collide; a constraint's index: constraint names too.
  return ChooseRelationName(catalog, table.schema, table.name, addition, label, kind.has_value());
}

// ---- Parse-tree pieces ----------------------------------------------------------------------

model::RefAction RefActionOf(const char* a) {
  switch (a && *a ? a[0] : 'a') {
    case 'r':
      return model::RefAction::kRestrict;
    case 'c':
      return model::RefAction::kCascade;
    case 'n':
      return model::RefAction::kSetNull;
    case 'd':
      return model::RefAction::kSetDefault;
    default:
      return model::RefAction::kNoAction;
  }
}

std::string MatchOf(const char* m) {
  if (m && *m == 'f') return "FULL";
  if (m && *m == 'p') return "PARTIAL";
  return "";
}

/// The operator class of an index element as pg_get_indexdef shows it.
std::string OpClassOf(const PgQuery__IndexElem* e) {
  if (e->n_opclass == 0) return {};
  std::string out(StringValue(e->opclass[e->n_opclass - 1]));
  if (e->n_opclass >= 2) {
    std::string schema(StringValue(e->opclass[e->n_opclass - 2]));
    if (schema != "pg_catalog") out = schema + "." + out;
  }
  return out;
}

/// The model's key for an index element ("(col)" counts as the plain column).
model::IndexKey KeyOf(const PgQuery__IndexElem* e) {
  model::IndexKey k;
  const PgQuery__Node* x = e->expr;
  std::string collation;
  while (x && x->node_case == PG_QUERY__NODE__NODE_COLLATE_CLAUSE && x->collate_clause) {
    if (collation.empty()) collation = CollationOf(x->collate_clause).value_or("");
    x = x->collate_clause->arg;
  }
  if (e->name && *e->name) {
    k.expression = TruncateIdentifier(e->name);
  } else if (x && x->node_case == PG_QUERY__NODE__NODE_COLUMN_REF && x->column_ref->n_fields == 1 &&
             !RefColumn(x->column_ref).empty()) {
    k.expression = RefColumn(x->column_ref);
    k.collation = collation;
  } else {
    k.expression = DeparseExpr(e->expr);
    k.is_expression = true;
  }
  if (e->n_collation > 0) {
    std::string last(StringValue(e->collation[e->n_collation - 1]));
    std::string schema =
        e->n_collation >= 2 ? std::string(StringValue(e->collation[e->n_collation - 2])) : "";
    k.collation = schema.empty() || schema == "pg_catalog" ? last : schema + "." + last;
  }
  k.opclass = OpClassOf(e);
  k.descending = e->ordering == PG_QUERY__SORT_BY_DIR__SORTBY_DESC;
  if (e->nulls_ordering == PG_QUERY__SORT_BY_NULLS__SORTBY_NULLS_FIRST && !k.descending)
    k.nulls_first = true;
  if (e->nulls_ordering == PG_QUERY__SORT_BY_NULLS__SORTBY_NULLS_LAST && k.descending)
    k.nulls_first = false;
  return k;
}

/// Partition bound as pg_get_expr(relpartbound) prints it.
std::string BoundText(const PgQuery__PartitionBoundSpec* b) {
  if (!b) return {};
  if (b->is_default) return "DEFAULT";
  auto datums = [](PgQuery__Node* const* items, size_t n) {
    std::vector<std::string> out;
    for (size_t i = 0; i < n; ++i) {
      const PgQuery__Node* d = items[i];
      if (d->node_case == PG_QUERY__NODE__NODE_COLUMN_REF && d->column_ref->n_fields == 1) {
        std::string s(StringValue(d->column_ref->fields[0]));
        if (s == "minvalue" || s == "maxvalue") {
          out.push_back(s == "minvalue" ? "MINVALUE" : "MAXVALUE");
          continue;
        }
      }
      out.push_back(DeparseExpr(d));
    }
    return Join(out, ", ");
  };
  std::string strategy = Str(b->strategy);
  if (strategy == "h")
    return fmt::format("FOR VALUES WITH (modulus {}, remainder {})", b->modulus, b->remainder);
  if (strategy == "l")
    return fmt::format("FOR VALUES IN ({})", datums(b->listdatums, b->n_listdatums));
  return fmt::format("FOR VALUES FROM ({}) TO ({})", datums(b->lowerdatums, b->n_lowerdatums),
                     datums(b->upperdatums, b->n_upperdatums));
}

/// Partition key as pg_get_partkeydef prints it: "RANGE (created_at)", "LIST (lower(name))".
std::string PartitionKeyText(const PgQuery__PartitionSpec* spec) {
  std::string strategy = Str(spec->strategy);
  for (char& c : strategy) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
  std::vector<std::string> parts;
  for (size_t i = 0; i < spec->n_part_params; ++i) {
    const PgQuery__Node* n = spec->part_params[i];
    if (n->node_case != PG_QUERY__NODE__NODE_PARTITION_ELEM || !n->partition_elem) continue;
    const PgQuery__PartitionElem* e = n->partition_elem;
    std::string s;
    if (e->name && *e->name) {
      s = QuoteIdent(TruncateIdentifier(e->name));
    } else if (e->expr && e->expr->node_case == PG_QUERY__NODE__NODE_FUNC_CALL) {
      s = DeparseExpr(e->expr);
    } else if (e->expr && e->expr->node_case == PG_QUERY__NODE__NODE_A_EXPR) {
      s = "((" + DeparseExpr(e->expr) + "))";  // pg_get_expr parenthesises operator expressions
    } else {
      s = "(" + DeparseExpr(e->expr) + ")";
    }
    if (e->n_collation > 0)
      s += " COLLATE " + QuoteIdent(std::string(StringValue(e->collation[e->n_collation - 1])));
    if (e->n_opclass > 0) s += " " + std::string(StringValue(e->opclass[e->n_opclass - 1]));
    parts.push_back(s);
  }
  return strategy + " (" + Join(parts, ", ") + ")";
}

// ---- Catalog queries ------------------------------------------------------------------------

/// The columns of a partition key ("RANGE (a, lower(b))" -> a, b).
std::vector<std::string> PartitionKeyColumns(const std::string& key) {
  size_t open = key.find('(');
  if (open == std::string::npos) return {};
  ParsedExpr p = ParseExpr("ROW" + key.substr(open));
  return ColumnsOf(p.expr);
}

/// Direct children of a table: partitions and inheritance children.
std::vector<QualifiedName> ChildrenOf(const model::Catalog& catalog, const QualifiedName& table) {
  std::vector<QualifiedName> out;
  for (const auto& [key, t] : catalog.tables) {
    if ((t.partition_of && *t.partition_of == table) ||
        std::find(t.inherits.begin(), t.inherits.end(), table) != t.inherits.end()) {
      out.push_back(key);
    }
  }
  return out;
}

/// Partitions and inheritance children, recursively.
std::vector<QualifiedName> DescendantsOf(const model::Catalog& catalog,
                                         const QualifiedName& table) {
  std::vector<QualifiedName> out;
  std::vector<QualifiedName> pending = {table};
  std::set<QualifiedName> seen = {table};
  while (!pending.empty()) {
    QualifiedName t = pending.back();
    pending.pop_back();
    for (const QualifiedName& c : ChildrenOf(catalog, t)) {
      if (seen.insert(c).second) {
        out.push_back(c);
        pending.push_back(c);
      }
    }
  }
  return out;
}

/// Partitions only, recursively.
std::vector<QualifiedName> PartitionsOf(const model::Catalog& catalog, const QualifiedName& table) {
  std::vector<QualifiedName> out;
  for (const QualifiedName& d : DescendantsOf(catalog, table)) {
    auto it = catalog.tables.find(d);
    if (it != catalog.tables.end() && it->second.partition_of) out.push_back(d);
  }
  return out;
}

/// The parents of a table (its partitioned table, or the tables it inherits from).
std::vector<QualifiedName> ParentsOf(const model::Table& t) {
  std::vector<QualifiedName> out = t.inherits;
  if (t.partition_of) out.push_back(*t.partition_of);
  return out;
}

/// The identity sequence PostgreSQL created for an identity column that a name may denote
/// (the model keeps identity sequences inside their column): "(table, column)" or nullopt.
std::optional<std::pair<QualifiedName, std::string>> IdentitySequence(const model::Catalog& catalog,
                                                                      const QualifiedName& name) {
  for (const auto& [key, t] : catalog.tables) {
    if (key.schema != name.schema) continue;
    for (const model::Column& c : t.columns) {
      if (c.identity != model::Identity::kNone &&
          MakeObjectName(key.name, c.name, "seq") == name.name) {
        return std::make_pair(key, c.name);
      }
    }
  }
  return std::nullopt;
}

/// The regclass literal a serial default names its sequence with.
std::string NextvalDefault(const QualifiedName& seq) {
  std::string lit = QuoteIdent(seq.schema) + "." + QuoteIdent(seq.name);
  std::string quoted;
  for (char c : lit) {
    quoted += c;
    if (c == '\'') quoted += '\'';
  }
  std::string text = "nextval('" + quoted + "'::regclass)";
  ParsedExpr p = ParseExpr(text);
  std::string canonical = p.expr ? DeparseExpr(p.expr) : "";
  return canonical.empty() ? text : canonical;
}

/// Sets of plain key columns of the unique, non-partial indexes and PK/UNIQUE constraints of a
/// table: what a foreign key may reference.
std::vector<std::vector<std::string>> UniqueKeys(const model::Catalog& catalog,
                                                 const QualifiedName& table) {
  std::vector<std::vector<std::string>> out;
  for (const model::Index* idx : catalog.IndexesOf(table)) {
    if (!idx->unique || !idx->predicate.empty()) continue;
    std::vector<std::string> cols;
    bool plain = true;
    for (const model::IndexKey& k : idx->keys) {
      plain = plain && !k.is_expression;
      cols.push_back(k.expression);
    }
    if (plain) out.push_back(cols);
  }
  auto t = catalog.tables.find(table);
  if (t != catalog.tables.end()) {
    for (const auto& [n, c] : t->second.constraints) {
      if (c.kind == ConstraintKind::kPrimaryKey || c.kind == ConstraintKind::kUnique)
        out.push_back(c.columns);
    }
  }
  return out;
}

/// A unique key of the table (PRIMARY KEY, UNIQUE constraint, or plain unique index without a
/// predicate) has exactly these columns, in any order: what a foreign key must reference. The
/// table's constraints are looked at first (the usual case), the schema's indexes only then.
bool HasUniqueKey(const model::Catalog& catalog, const QualifiedName& table,
                  const std::set<std::string>& columns) {
  auto same = [&](const std::vector<std::string>& key) {
    return key.size() >= columns.size() && std::set<std::string>(key.begin(), key.end()) == columns;
  };
  auto t = catalog.tables.find(table);
  if (t != catalog.tables.end()) {
    for (const auto& [n, c] : t->second.constraints) {
      if ((c.kind == ConstraintKind::kPrimaryKey || c.kind == ConstraintKind::kUnique) &&
          same(c.columns)) {
        return true;
      }
    }
  }
  for (const std::vector<std::string>& key : UniqueKeys(catalog, table)) {
    if (same(key)) return true;
  }
  return false;
}

const model::Constraint* PrimaryKeyOf(const model::Table& t) {
  for (const auto& [n, c] : t.constraints) {
    if (c.kind == ConstraintKind::kPrimaryKey) return &c;
  }
  return nullptr;
}

}  // namespace

// ---- Columns and constraints (CREATE TABLE and ALTER TABLE share them) ----------------------

namespace {

/// A constraint to add: the parse node, the column it was written on (column constraints),
/// and its deferrability (column constraints take it from the attribute nodes that follow).
struct Spec {
  const PgQuery__Constraint* c = nullptr;
  std::string column;
  bool deferrable = false;
  bool initdeferred = false;
};

Spec MakeSpec(const PgQuery__Constraint* c, std::string column = {}) {
  Spec s;
  s.c = c;
  s.column = std::move(column);
  s.deferrable = c->deferrable;
  s.initdeferred = c->initdeferred;
  return s;
}

/// A column definition read from a ColumnDef.
struct BuiltColumn {
  model::Column col;
  bool has_type =
      false;           ///< false for "WITH OPTIONS" column definitions (partitions, typed tables)
  std::string serial;  ///< "serial", "bigserial", "smallserial" or ""
  const PgQuery__Node* raw_default = nullptr;
  bool explicit_null = false;
  std::vector<Spec> constraints;
};

/// Reads a ColumnDef. Returns false (after reporting) when its type does not exist.
bool BuildColumn(ReplayContext& ctx, const PgQuery__ColumnDef* def, BuiltColumn& out) {
  out.col.name = TruncateIdentifier(Str(def->colname));
  if (def->type_name) {
    out.has_type = true;
    out.serial = std::string(ReplayContext::SerialKind(def->type_name));
    out.col.type = ctx.Type(def->type_name);
    if (!out.col.type.name.empty() && !ctx.TypeExists(out.col.type)) {
      ctx.DoesNotExist(ObjectKind::kEnum, out.col.type.name);
      return false;
    }
    if (!out.serial.empty()) out.col.not_null = true;
  }
  if (def->is_not_null) out.col.not_null = true;
  out.col.collation = CollationOf(def->coll_clause);
  Spec* last = nullptr;
  bool saw_deferrability = false;
  for (size_t i = 0; i < def->n_constraints; ++i) {
    const PgQuery__Node* n = def->constraints[i];
    if (n->node_case != PG_QUERY__NODE__NODE_CONSTRAINT || !n->constraint) continue;
    const PgQuery__Constraint* c = n->constraint;
    switch (c->contype) {
      case PG_QUERY__CONSTR_TYPE__CONSTR_NOTNULL:
        out.col.not_null = true;
        break;
      case PG_QUERY__CONSTR_TYPE__CONSTR_NULL:
        out.explicit_null = true;
        break;
      case PG_QUERY__CONSTR_TYPE__CONSTR_DEFAULT:
        out.raw_default = c->raw_expr;
        out.col.default_expr = ctx.Expr(c->raw_expr);
        break;
      case PG_QUERY__CONSTR_TYPE__CONSTR_IDENTITY:
        out.col.identity = c->generated_when && *c->generated_when == 'a'
                               ? model::Identity::kAlways
                               : model::Identity::kByDefault;
        out.col.not_null = true;
        break;
      case PG_QUERY__CONSTR_TYPE__CONSTR_GENERATED:
        out.col.generated = ctx.Expr(c->raw_expr);
        break;
      case PG_QUERY__CONSTR_TYPE__CONSTR_CHECK:
      case PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY:
      case PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE:
      case PG_QUERY__CONSTR_TYPE__CONSTR_EXCLUSION:
      case PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN:
        out.constraints.push_back(MakeSpec(c, out.col.name));
        last = &out.constraints.back();
        saw_deferrability = false;
        break;
      case PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_DEFERRABLE:
        if (last) last->deferrable = true;
        saw_deferrability = true;
        break;
      case PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_NOT_DEFERRABLE:
        if (last) last->deferrable = false;
        saw_deferrability = true;
        break;
      case PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_DEFERRED:
        if (last) {
          last->initdeferred = true;
          if (!saw_deferrability) last->deferrable = true;  // INITIALLY DEFERRED implies DEFERRABLE
        }
        break;
      case PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_IMMEDIATE:
        if (last) last->initdeferred = false;
        break;
      default:
        break;
    }
  }
  return true;
}

/// Creates the owned sequence of a serial column and gives the column its nextval default.
QualifiedName AddSerialSequence(ReplayContext& ctx, const QualifiedName& table, model::Column& col,
                                const std::string& serial) {
  QualifiedName seq{table.schema, ChooseRelationName(ctx.catalog, table.schema, table.name,
                                                     col.name, "seq", false)};
  model::Sequence s;
  s.name = seq;
  s.type = serial == "bigserial" ? "bigint" : serial == "smallserial" ? "smallint" : "integer";
  s.owned_by_table = table;
  s.owned_by_column = col.name;
  ctx.catalog.sequences[seq] = s;
  ctx.MarkCreated(seq);
  col.default_expr = NextvalDefault(seq);
  col.not_null = true;
  return seq;
}

/// A PRIMARY KEY / UNIQUE / EXCLUDE constraint before it is named: the constraint and the
/// index that will back it.
struct IndexConstraint {
  model::Constraint con;
  model::Index idx;
  std::string explicit_name;
};

/// Adds constraints to one table as PostgreSQL does, with its implicit names.
class ConstraintAdder {
 public:
  ConstraintAdder(ReplayContext& ctx, QualifiedName table, bool creating)
      : ctx_(ctx), table_(std::move(table)), creating_(creating) {}

  model::Table* Table() {
    auto it = ctx_.catalog.tables.find(table_);
    return it == ctx_.catalog.tables.end() ? nullptr : &it->second;
  }

  /// CHECK. Returns the constraint's name, "" when the statement fails.
  std::string Check(const Spec& s) {
    model::Table* t = Table();
    if (!t) return {};
    std::vector<std::string> cols = ColumnsOf(s.c->raw_expr);
    // A reference named like the table is the whole row, not a column.
    cols.erase(std::remove(cols.begin(), cols.end(), table_.name), cols.end());
    for (const std::string& c : cols) {
      if (!t->FindColumn(c)) {
        ctx_.DoesNotExist(ObjectKind::kColumn, fmt::format("{}.{}", table_.ToString(), c));
        return {};
      }
    }
    std::string name;
    if (s.c->conname && *s.c->conname) {
      name = TruncateIdentifier(s.c->conname);
      if (t->constraints.count(name) || others_.count(name)) {
        ctx_.AlreadyExists(ObjectKind::kConstraint,
                           fmt::format("{} on table {}", name, table_.ToString()));
        return {};
      }
    } else {
      name = ChooseConstraintName(ctx_.catalog, table_.schema, table_.name,
                                  cols.size() == 1 ? cols[0] : "", "check", others_);
    }
    others_.insert(name);
    model::Constraint con;
    con.name = name;
    con.kind = ConstraintKind::kCheck;
    con.expression = ctx_.Expr(s.c->raw_expr);
    con.no_inherit = s.c->is_no_inherit;
    con.not_valid = !creating_ && s.c->skip_validation;
    t->constraints[name] = con;
    return name;
  }

  /// Builds a PRIMARY KEY / UNIQUE / EXCLUDE constraint (not yet named or added). False when
  /// the statement fails.
  bool BuildIndexConstraint(const Spec& s, IndexConstraint& out) {
    model::Table* t = Table();
    if (!t) return false;
    const PgQuery__Constraint* c = s.c;
    ConstraintKind kind =
        c->contype == PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY  ? ConstraintKind::kPrimaryKey
        : c->contype == PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE ? ConstraintKind::kUnique
                                                             : ConstraintKind::kExclusion;
    out.con.kind = kind;
    out.con.deferrable = s.deferrable;
    out.con.initially_deferred = s.initdeferred;
    out.con.nulls_not_distinct = c->nulls_not_distinct;
    out.con.no_inherit = true;  // pg_constraint.connoinherit of a table's own index constraint
    out.explicit_name = c->conname && *c->conname ? TruncateIdentifier(c->conname) : "";
    out.idx.table = table_;
    out.idx.unique = kind != ConstraintKind::kExclusion;
    out.idx.nulls_not_distinct = c->nulls_not_distinct;
    out.idx.backs_constraint = true;
    if (kind == ConstraintKind::kExclusion) {
      std::string method = c->access_method && *c->access_method ? c->access_method : "btree";
      std::transform(method.begin(), method.end(), method.begin(), [](char ch) {
        return ch >= 'A' && ch <= 'Z' ? static_cast<char>(ch - 'A' + 'a') : ch;
      });
      out.idx.method = method;
      out.con.using_method = method;
      for (size_t i = 0; i < c->n_exclusions; ++i) {
        const PgQuery__Node* pair = c->exclusions[i];
        if (pair->node_case != PG_QUERY__NODE__NODE_LIST || !pair->list || pair->list->n_items < 2)
          continue;
        const PgQuery__Node* elem = pair->list->items[0];
        const PgQuery__Node* ops = pair->list->items[1];
        if (elem->node_case != PG_QUERY__NODE__NODE_INDEX_ELEM || !elem->index_elem) continue;
        model::IndexKey key = KeyOf(elem->index_elem);
        if (!key.is_expression && !t->FindColumn(key.expression)) {
          ctx_.DoesNotExist(ObjectKind::kColumn,
                            fmt::format("{}.{}", table_.ToString(), key.expression));
          return false;
        }
        model::ExclusionElement ee;
        ee.expression = key.expression;
        if (ops->node_case == PG_QUERY__NODE__NODE_LIST && ops->list && ops->list->n_items > 0) {
          ee.op = std::string(StringValue(ops->list->items[ops->list->n_items - 1]));
        }
        out.con.elements.push_back(ee);
        out.idx.keys.push_back(key);
      }
      if (c->where_clause) {
        out.con.where = ctx_.Expr(c->where_clause);
        out.idx.predicate = out.con.where;
      }
    } else {
      std::vector<std::string> keys = s.column.empty() || c->n_keys > 0
                                          ? Names(c->keys, c->n_keys)
                                          : std::vector<std::string>{s.column};
      for (const std::string& k : keys) {
        if (!t->FindColumn(k)) {
          ctx_.DoesNotExist(ObjectKind::kColumn, fmt::format("{}.{}", table_.ToString(), k));
          return false;
        }
        model::IndexKey key;
        key.expression = k;
        out.idx.keys.push_back(key);
        out.con.columns.push_back(k);
      }
    }
    for (const std::string& inc : Names(c->including, c->n_including)) {
      if (!t->FindColumn(inc)) {
        ctx_.DoesNotExist(ObjectKind::kColumn, fmt::format("{}.{}", table_.ToString(), inc));
        return false;
      }
      out.con.include.push_back(inc);
      out.idx.include.push_back(inc);
    }
    return true;
  }

  /// Names and adds a built index constraint (with its index). Returns its name, "" on failure.
  std::string CommitIndexConstraint(IndexConstraint ic) {
    model::Table* t = Table();
    if (!t) return {};
    if (ic.con.kind == ConstraintKind::kPrimaryKey && PrimaryKeyOf(*t)) {
      ctx_.AlreadyExists(ObjectKind::kConstraint,
                         fmt::format("primary key of table {}", table_.ToString()));
      return {};
    }
    if (!t->partition_by.empty()) {
      if (ic.con.kind == ConstraintKind::kExclusion) {
        ctx_.DependencyError("exclusion constraints are not supported on partitioned tables",
                             "add the constraint to each partition");
        return {};
      }
      // A key of a partitioned table must contain the partition key's columns.
      for (const std::string& col : PartitionKeyColumns(t->partition_by)) {
        if (!Contains(ic.con.columns, col)) {
          ctx_.DependencyError(
              fmt::format("unique constraint on partitioned table must include all partitioning "
                          "columns (the constraint lacks column \"{}\")",
                          col),
              "add the partition key's columns to the key");
          return {};
        }
      }
    }
    std::string name = ic.explicit_name;
    if (name.empty()) {
      name = ChooseIndexName(ctx_.catalog, table_, ic.idx, ic.con.kind);
    } else if (t->constraints.count(name)) {
      ctx_.AlreadyExists(ObjectKind::kConstraint,
                         fmt::format("{} on table {}", name, table_.ToString()));
      return {};
    } else if (ctx_.catalog.HasRelation({table_.schema, name})) {
      ctx_.AlreadyExists(ObjectKind::kIndex, QualifiedName{table_.schema, name}.ToString());
      return {};
    }
    ic.con.name = name;
    ic.idx.name = {table_.schema, name};
    if (ic.con.kind == ConstraintKind::kPrimaryKey) {
      for (const std::string& col : ic.con.columns) {
        if (model::Column* c = t->FindColumn(col)) c->not_null = true;
      }
    }
    t->constraints[name] = ic.con;
    ctx_.catalog.indexes[ic.idx.name] = ic.idx;
    ctx_.MarkCreated(ic.idx.name);
    others_.insert(name);
    return name;
  }

  /// ADD CONSTRAINT ... { PRIMARY KEY | UNIQUE } USING INDEX: an existing unique index becomes
  /// the constraint (renamed to the constraint's name).
  std::string UsingIndex(const Spec& s) {
    model::Table* t = Table();
    if (!t) return {};
    const PgQuery__Constraint* c = s.c;
    QualifiedName iname{table_.schema, TruncateIdentifier(c->indexname)};
    auto it = ctx_.catalog.indexes.find(iname);
    if (it == ctx_.catalog.indexes.end() || it->second.table != table_) {
      ctx_.DoesNotExist(ObjectKind::kIndex, iname.ToString());
      return {};
    }
    if (it->second.backs_constraint) {
      ctx_.DependencyError(
          fmt::format("index \"{}\" is already associated with a constraint", iname.name),
          "use another index, or keep the existing constraint");
      return {};
    }
    std::string unusable;
    if (!it->second.unique) unusable = "is not a unique index";
    if (!it->second.predicate.empty()) unusable = "is a partial index";
    for (const model::IndexKey& k : it->second.keys) {
      if (k.is_expression) unusable = "contains expressions";
    }
    if (!unusable.empty()) {
      ctx_.DependencyError(
          fmt::format("index \"{}\" {}: it cannot back a constraint", iname.name, unusable),
          "create a plain unique index on the columns first");
      return {};
    }
    bool pk = c->contype == PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY;
    if (pk && PrimaryKeyOf(*t)) {
      ctx_.AlreadyExists(ObjectKind::kConstraint,
                         fmt::format("primary key of table {}", table_.ToString()));
      return {};
    }
    std::string name = c->conname && *c->conname ? TruncateIdentifier(c->conname) : iname.name;
    if (t->constraints.count(name)) {
      ctx_.AlreadyExists(ObjectKind::kConstraint,
                         fmt::format("{} on table {}", name, table_.ToString()));
      return {};
    }
    if (name != iname.name && ctx_.catalog.HasRelation({table_.schema, name})) {
      ctx_.AlreadyExists(ObjectKind::kIndex, QualifiedName{table_.schema, name}.ToString());
      return {};
    }
    model::Index idx = it->second;
    ctx_.catalog.indexes.erase(it);
    bool created = ctx_.created_here.erase(iname) > 0;
    idx.name = {table_.schema, name};
    idx.backs_constraint = true;
    model::Constraint con;
    con.name = name;
    con.kind = pk ? ConstraintKind::kPrimaryKey : ConstraintKind::kUnique;
    for (const model::IndexKey& k : idx.keys) con.columns.push_back(k.expression);
    con.include = idx.include;
    con.nulls_not_distinct = idx.nulls_not_distinct;
    con.no_inherit = true;
    con.deferrable = s.deferrable;
    con.initially_deferred = s.initdeferred;
    if (pk) {
      for (const std::string& col : con.columns) {
        if (model::Column* cc = t->FindColumn(col)) cc->not_null = true;
      }
    }
    t->constraints[name] = con;
    ctx_.catalog.indexes[idx.name] = idx;
    if (created) ctx_.MarkCreated(idx.name);
    others_.insert(name);
    return name;
  }

  /// FOREIGN KEY / REFERENCES. Returns the constraint's name, "" when the statement fails.
  std::string ForeignKey(const Spec& s) {
    model::Table* t = Table();
    if (!t) return {};
    const PgQuery__Constraint* c = s.c;
    std::vector<std::string> cols = s.column.empty() || c->n_fk_attrs > 0
                                        ? Names(c->fk_attrs, c->n_fk_attrs)
                                        : std::vector<std::string>{s.column};
    for (const std::string& col : cols) {
      if (!t->FindColumn(col)) {
        ctx_.DoesNotExist(ObjectKind::kColumn, fmt::format("{}.{}", table_.ToString(), col));
        return {};
      }
    }
    if (!c->pktable) return {};
    QualifiedName ref = ResolveRel(ctx_, c->pktable);
    if ((!c->pktable->schemaname || !*c->pktable->schemaname) &&
        TruncateIdentifier(Str(c->pktable->relname)) == table_.name &&
        !ctx_.catalog.tables.count(ref)) {
      ref = table_;
    }
    auto rit = ctx_.catalog.tables.find(ref);
    if (rit == ctx_.catalog.tables.end()) {
      ctx_.DoesNotExist(ObjectKind::kTable, ref.ToString());
      return {};
    }
    const model::Table& rt = rit->second;
    std::string_view persistence_error;
    if (t->persistence == model::Persistence::kPermanent &&
        rt.persistence != model::Persistence::kPermanent) {
      persistence_error = "constraints on permanent tables may reference only permanent tables";
    } else if (t->persistence == model::Persistence::kUnlogged &&
               rt.persistence == model::Persistence::kTemporary) {
      persistence_error =
          "constraints on unlogged tables may reference only permanent or unlogged tables";
    } else if (t->persistence == model::Persistence::kTemporary &&
               rt.persistence != model::Persistence::kTemporary) {
      persistence_error = "constraints on temporary tables may reference only temporary tables";
    }
    if (!persistence_error.empty()) {
      ctx_.DependencyError(std::string(persistence_error),
                           fmt::format("make {} and {} of compatible persistence",
                                       table_.ToString(), ref.ToString()));
      return {};
    }
    std::vector<std::string> ref_cols = Names(c->pk_attrs, c->n_pk_attrs);
    if (ref_cols.empty()) {
      const model::Constraint* pk = PrimaryKeyOf(rt);
      if (!pk) {
        ctx_.DoesNotExist(ObjectKind::kConstraint,
                          fmt::format("primary key of table {}", ref.ToString()));
        return {};
      }
      ref_cols = pk->columns;
    } else {
      for (const std::string& col : ref_cols) {
        if (!rt.FindColumn(col)) {
          ctx_.DoesNotExist(ObjectKind::kColumn, fmt::format("{}.{}", ref.ToString(), col));
          return {};
        }
      }
      if (!HasUniqueKey(ctx_.catalog, ref, {ref_cols.begin(), ref_cols.end()})) {
        ctx_.DoesNotExist(ObjectKind::kConstraint,
                          fmt::format("unique constraint matching the keys ({}) of table {}",
                                      Join(ref_cols, ", "), ref.ToString()));
        return {};
      }
    }
    std::string name;
    if (c->conname && *c->conname) {
      name = TruncateIdentifier(c->conname);
      if (t->constraints.count(name) || others_.count(name)) {
        ctx_.AlreadyExists(ObjectKind::kConstraint,
                           fmt::format("{} on table {}", name, table_.ToString()));
        return {};
      }
    } else {
      name = ChooseConstraintName(ctx_.catalog, table_.schema, table_.name, NameAddition(cols),
                                  "fkey", others_);
    }
    for (size_t i = 0; i < cols.size() && i < ref_cols.size(); ++i) {
      const model::Column* a = t->FindColumn(cols[i]);
      const model::Column* b = rt.FindColumn(ref_cols[i]);
      if (!a || !b) continue;
      std::string_view fa = TypeFamily(a->type), fb = TypeFamily(b->type);
      if (!fa.empty() && !fb.empty() && fa != fb) {
        ctx_.DependencyError(
            fmt::format(
                "foreign key constraint \"{}\" cannot be implemented (key columns \"{}\" and "
                "\"{}\" are of incompatible types: {} and {})",
                name, cols[i], ref_cols[i], a->type.ToString(), b->type.ToString()),
            "give the referencing column the type of the referenced one");
        return {};
      }
    }
    others_.insert(name);
    model::Constraint con;
    con.name = name;
    con.kind = ConstraintKind::kForeignKey;
    con.columns = cols;
    con.ref_table = ref;
    con.ref_columns = ref_cols;
    con.on_delete = RefActionOf(c->fk_del_action);
    con.on_update = RefActionOf(c->fk_upd_action);
    con.match = MatchOf(c->fk_matchtype);
    con.deferrable = s.deferrable;
    con.initially_deferred = s.initdeferred;
    con.not_valid = !creating_ && c->skip_validation;
    // pg_constraint.connoinherit: set on a plain table's foreign keys, not on a partitioned
    // table's (its partitions get clones).
    con.no_inherit = t->partition_by.empty();
    t->constraints[name] = con;
    return name;
  }

  /// Adds any constraint; the name, or "" when the statement fails.
  std::string Add(const Spec& s) {
    switch (s.c->contype) {
      case PG_QUERY__CONSTR_TYPE__CONSTR_CHECK:
        return Check(s);
      case PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN:
        return ForeignKey(s);
      case PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY:
      case PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE:
      case PG_QUERY__CONSTR_TYPE__CONSTR_EXCLUSION: {
        if (s.c->indexname && *s.c->indexname) return UsingIndex(s);
        IndexConstraint ic;
        if (!BuildIndexConstraint(s, ic)) return {};
        return CommitIndexConstraint(std::move(ic));
      }
      default:
        return {};
    }
  }

 private:
  ReplayContext& ctx_;
  QualifiedName table_;
  bool creating_;
  std::set<std::string> others_;
};

/// True when two index constraints of one CREATE TABLE are the same index (PostgreSQL keeps
/// the first, e.g. "id int PRIMARY KEY UNIQUE" has only the primary key).
bool SameIndexConstraint(const IndexConstraint& a, const IndexConstraint& b) {
  return a.idx.keys == b.idx.keys && a.idx.include == b.idx.include &&
         a.idx.predicate == b.idx.predicate && a.idx.method == b.idx.method &&
         a.idx.nulls_not_distinct == b.idx.nulls_not_distinct &&
         a.con.deferrable == b.con.deferrable &&
         a.con.initially_deferred == b.con.initially_deferred && a.con.elements == b.con.elements;
}

// ---- Inheritance and partitions -------------------------------------------------------------

/// Copies a partitioned table's index-backed constraint, plain index or foreign key onto one
/// partition (and its own partitions), as PostgreSQL does when a partition is created or
/// attached or the parent gains a constraint. Indexes get names chosen for the partition;
/// foreign keys and checks keep theirs.
void CloneConstraintTo(ReplayContext& ctx, const QualifiedName& child, const model::Constraint& con,
                       const model::Index* backing) {
  auto it = ctx.catalog.tables.find(child);
  if (it == ctx.catalog.tables.end()) return;
  model::Table& t = it->second;
  if (con.kind == ConstraintKind::kCheck || con.kind == ConstraintKind::kForeignKey) {
    model::Constraint copy = con;
    if (con.kind == ConstraintKind::kForeignKey) copy.no_inherit = false;  // an inherited clone
    if (!t.constraints.count(con.name)) t.constraints[con.name] = copy;
  } else if (backing) {
    // A partition's matching constraint is adopted.
    for (const auto& [n, existing] : t.constraints) {
      if (existing.kind == con.kind && existing.columns == con.columns &&
          existing.elements == con.elements)
        return;
    }
    model::Index idx = *backing;
    idx.table = child;
    std::string name = ChooseIndexName(ctx.catalog, child, idx, con.kind);
    idx.name = {child.schema, name};
    model::Constraint copy = con;
    copy.name = name;
    copy.no_inherit = false;  // an inherited clone
    t.constraints[name] = copy;
    for (const std::string& col : copy.columns) {
      if (con.kind == ConstraintKind::kPrimaryKey) {
        if (model::Column* c = t.FindColumn(col)) c->not_null = true;
      }
    }
    ctx.catalog.indexes[idx.name] = idx;
    if (ctx.created_here.count(child)) ctx.MarkCreated(idx.name);
  }
  for (const QualifiedName& sub : PartitionsOf(ctx.catalog, child)) {
    if (ctx.catalog.tables.at(sub).partition_of == child) CloneConstraintTo(ctx, sub, con, backing);
  }
}

void CloneIndexTo(ReplayContext& ctx, const QualifiedName& child, const model::Index& idx) {
  for (const model::Index* existing : ctx.catalog.IndexesOf(child)) {
    model::Index probe = idx;
    probe.table = child;
    probe.name = existing->name;
    if (*existing == probe) return;  // adopted
  }
  model::Index copy = idx;
  copy.table = child;
  copy.name = {child.schema, ChooseIndexName(ctx.catalog, child, copy, std::nullopt)};
  ctx.catalog.indexes[copy.name] = copy;
  if (ctx.created_here.count(child)) ctx.MarkCreated(copy.name);
  for (const QualifiedName& sub : PartitionsOf(ctx.catalog, child)) {
    if (ctx.catalog.tables.at(sub).partition_of == child) CloneIndexTo(ctx, sub, idx);
  }
}

/// What a new (or attached) partition takes from its partitioned table: indexes, index-backed
/// constraints and foreign keys (CHECK constraints are inherited when it is created).
void CloneParentIntoPartition(ReplayContext& ctx, const QualifiedName& parent,
                              const QualifiedName& child) {
  std::vector<const model::Index*> indexes = ctx.catalog.IndexesOf(parent);
  std::vector<model::Index> copies;
  for (const model::Index* i : indexes) copies.push_back(*i);
  model::Table parent_copy = ctx.catalog.tables.at(parent);
  for (const model::Index& idx : copies) {
    if (idx.backs_constraint) {
      auto c = parent_copy.constraints.find(idx.name.name);
      if (c != parent_copy.constraints.end()) CloneConstraintTo(ctx, child, c->second, &idx);
    } else {
      CloneIndexTo(ctx, child, idx);
    }
  }
  for (const auto& [n, con] : parent_copy.constraints) {
    if (con.kind == ConstraintKind::kForeignKey) CloneConstraintTo(ctx, child, con, nullptr);
  }
}

/// Merges an inherited column into a column list (CREATE TABLE ... INHERITS / PARTITION OF).
void MergeInheritedColumn(std::vector<model::Column>& cols, const model::Column& parent_col) {
  for (model::Column& c : cols) {
    if (c.name == parent_col.name) {
      c.not_null = c.not_null || parent_col.not_null;
      if (!c.default_expr) c.default_expr = parent_col.default_expr;
      return;
    }
  }
  model::Column c = parent_col;
  c.identity = model::Identity::kNone;  // identity is not inherited (its NOT NULL is)
  c.comment.reset();
  cols.push_back(c);
}

/// Applies a "WITH OPTIONS" column definition (partition, typed table) or a local redefinition
/// of an inherited column.
void MergeLocalColumn(model::Column& into, const BuiltColumn& b) {
  if (b.col.not_null) into.not_null = true;
  if (b.col.default_expr) into.default_expr = b.col.default_expr;
  if (b.col.generated) into.generated = b.col.generated;
  if (b.col.identity != model::Identity::kNone) into.identity = b.col.identity;
  if (b.col.collation) into.collation = b.col.collation;
}

}  // namespace

// ---- CREATE TABLE ---------------------------------------------------------------------------

namespace {

void RemoveTable(ReplayContext& ctx, const QualifiedName& name);

constexpr uint32_t kLikeComments = 1u << 0;
constexpr uint32_t kLikeConstraints = 1u << 2;
constexpr uint32_t kLikeDefaults = 1u << 3;
constexpr uint32_t kLikeGenerated = 1u << 4;
constexpr uint32_t kLikeIdentity = 1u << 5;
constexpr uint32_t kLikeIndexes = 1u << 6;

/// A LIKE clause, for the part that runs after the table exists (constraints, indexes).
struct Like {
  QualifiedName source;
  uint32_t options = 0;
};

/// The columns LIKE copies. False (after reporting) when the source is missing or its columns
/// are unknown.
bool LikeColumns(ReplayContext& ctx, const PgQuery__TableLikeClause* like,
                 std::vector<model::Column>& out, Like& info) {
  if (!like->relation) return false;
  QualifiedName src = ResolveRel(ctx, like->relation);
  info.source = src;
  info.options = like->options;
  if (auto t = ctx.catalog.tables.find(src); t != ctx.catalog.tables.end()) {
    for (const model::Column& c : t->second.columns) {
      model::Column col;
      col.name = c.name;
      col.type = c.type;
      col.collation = c.collation;
      col.not_null = c.not_null;
      if ((like->options & kLikeDefaults) && !c.generated) col.default_expr = c.default_expr;
      if (like->options & kLikeGenerated) col.generated = c.generated;
      if (like->options & kLikeIdentity) col.identity = c.identity;
      if (like->options & kLikeComments) col.comment = c.comment;
      out.push_back(col);
    }
    return true;
  }
  if (auto ct = ctx.catalog.composites.find(src); ct != ctx.catalog.composites.end()) {
    for (const model::CompositeAttribute& a : ct->second.attributes) {
      model::Column col;
      col.name = a.name;
      col.type = a.type;
      col.collation = a.collation;
      out.push_back(col);
    }
    info.options = 0;
    return true;
  }
  if (ctx.catalog.views.count(src)) {
    ctx.Unmodeled(fmt::format("CREATE TABLE ... (LIKE {}): the columns of a view are not modelled",
                              src.ToString()));
    return false;
  }
  ctx.DoesNotExist(ObjectKind::kTable, src.ToString());
  return false;
}

/// LIKE ... INCLUDING CONSTRAINTS / INDEXES, after the table's own constraints.
void ApplyLikeConstraints(ReplayContext& ctx, const QualifiedName& table, const Like& like) {
  auto src = ctx.catalog.tables.find(like.source);
  if (src == ctx.catalog.tables.end()) return;
  model::Table source = src->second;
  std::vector<model::Index> indexes;
  for (const model::Index* i : ctx.catalog.IndexesOf(like.source)) indexes.push_back(*i);
  model::Table& t = ctx.catalog.tables.at(table);
  if (like.options & kLikeConstraints) {
    for (const auto& [n, c] : source.constraints) {
      if (c.kind != ConstraintKind::kCheck || t.constraints.count(n)) continue;
      model::Constraint copy = c;
      if (!(like.options & kLikeComments)) copy.comment.reset();
      t.constraints[n] = copy;
    }
  }
  if (!(like.options & kLikeIndexes)) return;
  for (const model::Index& idx : indexes) {
    model::Index copy = idx;
    copy.table = table;
    if (!(like.options & kLikeComments)) copy.comment.reset();
    std::optional<ConstraintKind> kind;
    const model::Constraint* con = nullptr;
    if (idx.backs_constraint) {
      auto c = source.constraints.find(idx.name.name);
      if (c != source.constraints.end()) {
        kind = c->second.kind;
        con = &c->second;
      }
    }
    if (kind == ConstraintKind::kPrimaryKey && PrimaryKeyOf(t))
      continue;  // "multiple primary keys"
    std::string name = ChooseIndexName(ctx.catalog, table, copy, kind);
    copy.name = {table.schema, name};
    copy.backs_constraint = con != nullptr;
    if (con) {
      model::Constraint cc = *con;
      cc.name = name;
      cc.no_inherit = true;
      if (!(like.options & kLikeComments)) cc.comment.reset();
      t.constraints[name] = cc;
    }
    ctx.catalog.indexes[copy.name] = copy;
    ctx.MarkCreated(copy.name);
  }
}

/// The columns and checks a table inherits (INHERITS, PARTITION OF). False after reporting
/// when a parent is missing or cannot be inherited from.
bool InheritFrom(ReplayContext& ctx, const PgQuery__CreateStmt* stmt, bool partition,
                 model::Table& table, std::vector<model::Constraint>& checks) {
  for (size_t i = 0; i < stmt->n_inh_relations; ++i) {
    const PgQuery__Node* n = stmt->inh_relations[i];
    if (n->node_case != PG_QUERY__NODE__NODE_RANGE_VAR || !n->range_var) continue;
    QualifiedName parent = ResolveRel(ctx, n->range_var);
    auto it = ctx.catalog.tables.find(parent);
    if (it == ctx.catalog.tables.end()) {
      ctx.DoesNotExist(ObjectKind::kTable, parent.ToString());
      return false;
    }
    const model::Table& p = it->second;
    if (partition && p.partition_by.empty()) {
      ctx.DependencyError(fmt::format("table \"{}\" is not partitioned", parent.name),
                          "create the parent with PARTITION BY, or use INHERITS");
      return false;
    }
    if (!partition && !p.partition_by.empty()) {
      ctx.DependencyError(fmt::format("cannot inherit from partitioned table \"{}\"", parent.name),
                          "use PARTITION OF to create a partition");
      return false;
    }
    if (partition) {
      table.partition_of = parent;
    } else {
      table.inherits.push_back(parent);
    }
    for (const model::Column& c : p.columns) MergeInheritedColumn(table.columns, c);
    for (const auto& [name, c] : p.constraints) {
      if (c.kind != ConstraintKind::kCheck || c.no_inherit) continue;
      bool dup = false;
      for (const model::Constraint& have : checks) dup = dup || have.name == c.name;
      if (dup) continue;
      model::Constraint copy = c;
      copy.comment.reset();
      copy.not_valid = false;
      checks.push_back(copy);
    }
  }
  return true;
}

}  // namespace

void ReplayCreateTable(ReplayContext& ctx, const PgQuery__CreateStmt* stmt) {
  if (!stmt || !stmt->relation) return;
  QualifiedName name = NameForNewRelation(ctx, stmt->relation);
  if (!stmt->if_not_exists) ctx.NotRetrySafe();
  if (ctx.catalog.HasRelation(name) || ctx.catalog.HasType(name)) {
    if (stmt->if_not_exists && ctx.catalog.HasRelation(name))
      return;  // NOTICE: already exists, skipping
    ctx.AlreadyExists(ObjectKind::kTable, name.ToString());
    return;
  }
  if (!SchemaExists(ctx, name.schema)) {
    ctx.DoesNotExist(ObjectKind::kSchema, name.schema);
    return;
  }
  model::Table table;
  table.name = name;
  char persistence = stmt->relation->relpersistence ? stmt->relation->relpersistence[0] : 'p';
  table.persistence = persistence == 't'   ? model::Persistence::kTemporary
                      : persistence == 'u' ? model::Persistence::kUnlogged
                                           : model::Persistence::kPermanent;
  if (stmt->partspec) table.partition_by = PartitionKeyText(stmt->partspec);
  bool partition = stmt->partbound != nullptr;
  if (partition) table.partition_bound = BoundText(stmt->partbound);

  // Typed table: the columns of a composite type.
  if (stmt->of_typename) {
    model::TypeRef t = ctx.Type(stmt->of_typename);
    size_t dot = t.name.find('.');
    auto ct = dot == std::string::npos
                  ? ctx.catalog.composites.end()
                  : ctx.catalog.composites.find({t.name.substr(0, dot), t.name.substr(dot + 1)});
    if (ct == ctx.catalog.composites.end()) {
      ctx.DoesNotExist(ObjectKind::kCompositeType, t.name);
      return;
    }
    for (const model::CompositeAttribute& a : ct->second.attributes) {
      model::Column c;
      c.name = a.name;
      c.type = a.type;
      c.collation = a.collation;
      table.columns.push_back(c);
    }
  }

  std::vector<model::Constraint> inherited_checks;
  if (!InheritFrom(ctx, stmt, partition, table, inherited_checks)) return;
  std::set<std::string> inherited_names;
  for (const model::Column& c : table.columns) inherited_names.insert(c.name);

  // Columns and constraints, in the order written.
  std::vector<Spec> specs;
  std::vector<std::pair<std::string, std::string>> serials;  // column, kind
  std::vector<Like> likes;
  std::set<std::string> local;
  for (size_t i = 0; i < stmt->n_table_elts; ++i) {
    const PgQuery__Node* n = stmt->table_elts[i];
    switch (n->node_case) {
      case PG_QUERY__NODE__NODE_COLUMN_DEF: {
        if (!n->column_def) break;
        BuiltColumn b;
        if (!BuildColumn(ctx, n->column_def, b)) return;
        if (local.count(b.col.name)) {
          ctx.AlreadyExists(ObjectKind::kColumn, fmt::format("{}.{}", name.ToString(), b.col.name));
          return;
        }
        local.insert(b.col.name);
        model::Column* existing = table.FindColumn(b.col.name);
        if (existing && inherited_names.count(b.col.name)) {
          if (b.has_type && !(b.col.type == existing->type)) {
            ctx.DependencyError(
                fmt::format("column \"{}\" has a type conflict ({} versus {})", b.col.name,
                            existing->type.ToString(), b.col.type.ToString()),
                "declare the column with the type of the inherited one");
            return;
          }
          MergeLocalColumn(*existing, b);
        } else if (!b.has_type) {
          ctx.DoesNotExist(ObjectKind::kColumn, fmt::format("{}.{}", name.ToString(), b.col.name));
          return;
        } else if (existing) {
          ctx.AlreadyExists(ObjectKind::kColumn, fmt::format("{}.{}", name.ToString(), b.col.name));
          return;
        } else {
          table.columns.push_back(b.col);
        }
        if (!b.serial.empty()) serials.emplace_back(b.col.name, b.serial);
        for (const Spec& s : b.constraints) specs.push_back(s);
        break;
      }
      case PG_QUERY__NODE__NODE_CONSTRAINT:
        if (n->constraint) specs.push_back(MakeSpec(n->constraint));
        break;
      case PG_QUERY__NODE__NODE_TABLE_LIKE_CLAUSE: {
        if (!n->table_like_clause) break;
        std::vector<model::Column> cols;
        Like like;
        if (!LikeColumns(ctx, n->table_like_clause, cols, like)) return;
        for (const model::Column& c : cols) {
          if (table.FindColumn(c.name)) {
            ctx.AlreadyExists(ObjectKind::kColumn, fmt::format("{}.{}", name.ToString(), c.name));
            return;
          }
          table.columns.push_back(c);
          local.insert(c.name);
        }
        likes.push_back(like);
        break;
      }
      default:
        break;
    }
  }
  for (size_t i = 0; i < stmt->n_constraints; ++i) {
    const PgQuery__Node* n = stmt->constraints[i];
    if (n->node_case == PG_QUERY__NODE__NODE_CONSTRAINT && n->constraint)
      specs.push_back(MakeSpec(n->constraint));
  }

  for (const model::Constraint& c : inherited_checks) table.constraints[c.name] = c;
  ctx.catalog.tables[name] = std::move(table);
  ctx.MarkCreated(name);
  // A constraint that fails makes the whole statement fail: nothing of it remains.
  size_t first_change = ctx.out.changes.size();
  auto rollback = [&] {
    RemoveTable(ctx, name);
    ctx.out.changes.erase(ctx.out.changes.begin() + static_cast<std::ptrdiff_t>(first_change),
                          ctx.out.changes.end());
    ctx.created_here.erase(name);
  };
  model::Change& ch = ctx.AddChange(ChangeOp::kCreate, ObjectKind::kTable, name);
  ch.guarded = stmt->if_not_exists;

  // Serial columns: an owned sequence each, named as transformColumnDefinition does.
  for (const auto& [col, kind] : serials) {
    model::Column* c = ctx.catalog.tables.at(name).FindColumn(col);
    if (!c) continue;
    QualifiedName seq = AddSerialSequence(ctx, name, *c, kind);
    ctx.AddChange(ChangeOp::kCreate, ObjectKind::kSequence, seq);
  }

  // Constraints in PostgreSQL's order: checks, then the primary key, the other index-backed
  // constraints (an exact duplicate of an earlier one is dropped), then foreign keys.
  ConstraintAdder adder(ctx, name, /*creating=*/true);
  for (const Spec& s : specs) {
    if (s.c->contype == PG_QUERY__CONSTR_TYPE__CONSTR_CHECK && adder.Check(s).empty())
      return rollback();
  }
  std::vector<IndexConstraint> built;
  auto build = [&](bool primary) {
    for (const Spec& s : specs) {
      bool is_pk = s.c->contype == PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY;
      bool indexed = is_pk || s.c->contype == PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE ||
                     s.c->contype == PG_QUERY__CONSTR_TYPE__CONSTR_EXCLUSION;
      if (!indexed || is_pk != primary) continue;
      if (is_pk && !built.empty()) {
        ctx.AlreadyExists(ObjectKind::kConstraint,
                          fmt::format("primary key of table {}", name.ToString()));
        return false;
      }
      IndexConstraint ic;
      if (!adder.BuildIndexConstraint(s, ic)) return false;
      bool dup = false;
      for (IndexConstraint& prior : built) {
        if (!SameIndexConstraint(prior, ic)) continue;
        if (prior.explicit_name.empty()) prior.explicit_name = ic.explicit_name;
        dup = true;
        break;
      }
      if (!dup) built.push_back(std::move(ic));
    }
    return true;
  };
  if (!build(true) || !build(false)) return rollback();
  for (IndexConstraint& ic : built) {
    if (adder.CommitIndexConstraint(std::move(ic)).empty()) return rollback();
  }
  for (const Spec& s : specs) {
    if (s.c->contype == PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN && adder.ForeignKey(s).empty()) {
      return rollback();
    }
  }
  for (const Like& like : likes) ApplyLikeConstraints(ctx, name, like);

  if (partition && ctx.catalog.tables.at(name).partition_of) {
    CloneParentIntoPartition(ctx, *ctx.catalog.tables.at(name).partition_of, name);
  }
}

// ---- ALTER TABLE ----------------------------------------------------------------------------

namespace {

/// What depends on a column from outside its own indexes and constraints: what makes DROP
/// COLUMN fail without CASCADE.
struct ColumnDependents {
  std::vector<std::pair<QualifiedName, std::string>> foreign_keys;  ///< (table, constraint)
  std::vector<std::string> generated;  ///< generated columns of the table
  std::vector<std::string> triggers;
  std::vector<std::string> policies;

  bool empty() const {
    return foreign_keys.empty() && generated.empty() && triggers.empty() && policies.empty();
  }
  std::string Describe(const QualifiedName& table) const {
    if (!foreign_keys.empty()) {
      return fmt::format("constraint {} on table {}", foreign_keys.front().second,
                         foreign_keys.front().first.name);
    }
    if (!generated.empty())
      return fmt::format("column {} of table {}", generated.front(), table.name);
    if (!triggers.empty())
      return fmt::format("trigger {} on table {}", triggers.front(), table.name);
    return fmt::format("policy {} on table {}", policies.front(), table.name);
  }
};

bool TriggerUses(const model::Trigger& t, const std::string& column) {
  return Contains(t.update_of, column) || Uses(t.when, column);
}

ColumnDependents DependentsOfColumn(const model::Catalog& catalog, const QualifiedName& name,
                                    const std::string& column) {
  ColumnDependents d;
  const model::Table& t = catalog.tables.at(name);
  for (const auto& [key, other] : catalog.tables) {
    for (const auto& [cname, c] : other.constraints) {
      if (c.kind != ConstraintKind::kForeignKey || c.ref_table != name ||
          !Contains(c.ref_columns, column))
        continue;
      if (key == name && Contains(c.columns, column)) continue;  // goes with the column itself
      d.foreign_keys.emplace_back(key, cname);
    }
  }
  for (const model::Column& c : t.columns) {
    if (c.name != column && c.generated && Uses(*c.generated, column))
      d.generated.push_back(c.name);
  }
  for (const auto& [tname, trig] : t.triggers) {
    if (TriggerUses(trig, column)) d.triggers.push_back(tname);
  }
  for (const auto& [pname, p] : t.policies) {
    if (Uses(p.using_expr, column) || Uses(p.check_expr, column)) d.policies.push_back(pname);
  }
  return d;
}

bool ConstraintUses(const model::Constraint& c, const std::string& column) {
  if (Contains(c.columns, column) || Contains(c.include, column) || Uses(c.expression, column) ||
      Uses(c.where, column)) {
    return true;
  }
  for (const model::ExclusionElement& e : c.elements) {
    if (e.expression == column || (e.expression != column && Uses(e.expression, column)))
      return true;
  }
  return false;
}

bool IndexUses(const model::Index& idx, const std::string& column) {
  for (const model::IndexKey& k : idx.keys) {
    if (k.is_expression ? Uses(k.expression, column) : k.expression == column) return true;
  }
  return Contains(idx.include, column) || Uses(idx.predicate, column);
}

/// A view whose definition reads a table.
struct ViewUse {
  QualifiedName view;
  bool only_this_table = true;  ///< it reads no other relation
  bool uses_column = false;     ///< it names the column, or selects "*" (expanded at creation)
};

/// Views whose definition reads `table` (an unqualified name counts when it resolves to the
/// table now, or when the view is in the table's schema).
std::vector<ViewUse> ViewsReadingTable(const ReplayContext& ctx, const QualifiedName& table,
                                       const std::string& column) {
  std::vector<ViewUse> out;
  for (const auto& [key, view] : ctx.catalog.views) {
    if (view.definition.find(table.name) == std::string::npos) continue;
    ParsedText parsed = ParseSql(view.definition);
    ViewUse use;
    use.view = key;
    bool reads = false;
    for (const Statement& st : parsed.statements) {
      if (!st.node) continue;
      std::set<std::string> ctes;
      VisitMessages(&st.node->base, [&](const ProtobufCMessage* m) {
        if (m->descriptor == &pg_query__common_table_expr__descriptor) {
          const auto* cte = reinterpret_cast<const PgQuery__CommonTableExpr*>(m);
          if (cte->ctename) ctes.insert(cte->ctename);
        }
      });
      VisitMessages(&st.node->base, [&](const ProtobufCMessage* m) {
        if (m->descriptor == &pg_query__range_var__descriptor) {
          const auto* rv = reinterpret_cast<const PgQuery__RangeVar*>(m);
          std::string rel = TruncateIdentifier(Str(rv->relname));
          std::string schema = Str(rv->schemaname);
          if (schema.empty() && ctes.count(rel)) return;
          bool is_table =
              rel == table.name && (schema.empty() ? (ctx.ResolveRelation("", rel) == table ||
                                                      key.schema == table.schema)
                                                   : schema == table.schema);
          if (is_table) {
            reads = true;
          } else {
            use.only_this_table = false;
          }
        } else if (m->descriptor == &pg_query__column_ref__descriptor && !column.empty()) {
          const auto* ref = reinterpret_cast<const PgQuery__ColumnRef*>(m);
          if (ref->n_fields == 0) return;
          const PgQuery__Node* last = ref->fields[ref->n_fields - 1];
          if (last->node_case == PG_QUERY__NODE__NODE_A_STAR || RefColumn(ref) == column)
            use.uses_column = true;
        }
      });
    }
    if (reads) out.push_back(use);
  }
  return out;
}

/// Views that may use the column (what DROP COLUMN ... CASCADE drops with it).
std::vector<QualifiedName> ViewsUsingColumn(const ReplayContext& ctx, const QualifiedName& table,
                                            const std::string& column) {
  std::vector<QualifiedName> out;
  for (const ViewUse& u : ViewsReadingTable(ctx, table, column)) {
    if (u.uses_column) out.push_back(u.view);
  }
  return out;
}

/// Views that certainly use the column: they read only its table and name the column (or "*").
std::vector<QualifiedName> ViewsSurelyUsingColumn(const ReplayContext& ctx,
                                                  const QualifiedName& table,
                                                  const std::string& column) {
  std::vector<QualifiedName> out;
  for (const ViewUse& u : ViewsReadingTable(ctx, table, column)) {
    if (u.uses_column && u.only_this_table) out.push_back(u.view);
  }
  return out;
}

/// Removes a column with the indexes and constraints built on it, and the sequence it owns
/// (what PostgreSQL drops automatically). Dependents outside (foreign keys of other tables,
/// generated columns, triggers, policies, views) are the caller's.
void RemoveColumn(ReplayContext& ctx, const QualifiedName& name, const std::string& column) {
  auto tit = ctx.catalog.tables.find(name);
  if (tit == ctx.catalog.tables.end()) return;
  model::Table& t = tit->second;
  t.columns.erase(std::remove_if(t.columns.begin(), t.columns.end(),
                                 [&](const model::Column& c) { return c.name == column; }),
                  t.columns.end());
  for (auto it = t.constraints.begin(); it != t.constraints.end();) {
    if (ConstraintUses(it->second, column) ||
        (it->second.kind == ConstraintKind::kForeignKey && it->second.ref_table == name &&
         Contains(it->second.ref_columns, column))) {
      ctx.catalog.indexes.erase({name.schema, it->first});
      it = t.constraints.erase(it);
    } else {
      ++it;
    }
  }
  for (auto it = ctx.catalog.indexes.begin(); it != ctx.catalog.indexes.end();) {
    if (it->second.table == name && IndexUses(it->second, column)) {
      if (it->second.backs_constraint) t.constraints.erase(it->first.name);
      it = ctx.catalog.indexes.erase(it);
    } else {
      ++it;
    }
  }
  for (auto it = ctx.catalog.sequences.begin(); it != ctx.catalog.sequences.end();) {
    if (it->second.owned_by_table == name && it->second.owned_by_column == column) {
      it = ctx.catalog.sequences.erase(it);
    } else {
      ++it;
    }
  }
}

/// DROP COLUMN ... CASCADE: the column and everything that depends on it, each dependent drop
/// recorded with cascade = true.
void DropColumnCascade(ReplayContext& ctx, const QualifiedName& name, const std::string& column,
                       std::set<std::string>& done) {
  if (!done.insert(column).second || !ctx.catalog.tables.count(name)) return;
  ColumnDependents d = DependentsOfColumn(ctx.catalog, name, column);
  bool on_existing = ctx.ExistedBefore(name);
  for (const auto& [table, con] : d.foreign_keys) {
    auto& cons = ctx.catalog.tables[table].constraints;
    if (!cons.erase(con)) continue;
    model::Change& ch = ctx.AddChange(ChangeOp::kDrop, ObjectKind::kConstraint, table, con);
    ch.cascade = true;
    ch.constraint_kind = "FOREIGN KEY";
    ch.on_existing = ctx.ExistedBefore(table);
  }
  model::Table& t = ctx.catalog.tables.at(name);
  for (const std::string& trig : d.triggers) {
    t.triggers.erase(trig);
    model::Change& ch = ctx.AddChange(ChangeOp::kDrop, ObjectKind::kTrigger, name, trig);
    ch.cascade = true;
    ch.on_existing = on_existing;
  }
  for (const std::string& pol : d.policies) {
    t.policies.erase(pol);
    model::Change& ch = ctx.AddChange(ChangeOp::kDrop, ObjectKind::kPolicy, name, pol);
    ch.cascade = true;
    ch.on_existing = on_existing;
  }
  for (const QualifiedName& v : ViewsUsingColumn(ctx, name, column)) {
    if (!ctx.catalog.views.count(v)) continue;
    bool mat = ctx.catalog.views[v].materialized;
    DropDependentViews(ctx, v);
    model::Change& ch =
        ctx.AddChange(ChangeOp::kDrop, mat ? ObjectKind::kMaterializedView : ObjectKind::kView, v);
    ch.cascade = true;
    ch.on_existing = ctx.ExistedBefore(v);
    ctx.catalog.views.erase(v);
    for (auto it = ctx.catalog.indexes.begin(); it != ctx.catalog.indexes.end();) {
      it = it->second.table == v ? ctx.catalog.indexes.erase(it) : std::next(it);
    }
  }
  RemoveColumn(ctx, name, column);
  for (const std::string& g : d.generated) {
    model::Change& ch = ctx.AddChange(ChangeOp::kDrop, ObjectKind::kColumn, name, g);
    ch.cascade = true;
    ch.on_existing = on_existing;
    DropColumnCascade(ctx, name, g, done);
  }
}

/// Foreign keys (table, constraint) that rely on the index of a PRIMARY KEY / UNIQUE
/// constraint: they reference its columns and no other unique key of the table has them.
std::vector<std::pair<QualifiedName, std::string>> ForeignKeysOn(const model::Catalog& catalog,
                                                                 const QualifiedName& table,
                                                                 const model::Constraint& key) {
  std::vector<std::pair<QualifiedName, std::string>> out;
  std::set<std::string> cols(key.columns.begin(), key.columns.end());
  int candidates = 0;
  for (const std::vector<std::string>& k : UniqueKeys(catalog, table)) {
    if (std::set<std::string>(k.begin(), k.end()) == cols) ++candidates;
  }
  // The constraint itself counts twice (its index and the constraint).
  if (candidates > 2) return out;
  for (const auto& [tname, t] : catalog.tables) {
    for (const auto& [cname, c] : t.constraints) {
      if (c.kind == ConstraintKind::kForeignKey && c.ref_table == table &&
          std::set<std::string>(c.ref_columns.begin(), c.ref_columns.end()) == cols) {
        out.emplace_back(tname, cname);
      }
    }
  }
  return out;
}

/// PostgreSQL's ALTER TABLE passes: subcommands run grouped by kind, not in the order written.
int PassOf(const PgQuery__AlterTableCmd* cmd) {
  switch (cmd->subtype) {
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DropColumn:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DropConstraint:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DropNotNull:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DropExpression:
      return 0;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_AlterColumnType:
      return 1;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_AddColumn:
      return 4;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_SetNotNull:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_AddIdentity:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_SetIdentity:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DropIdentity:
      return 6;
    // Constraints are queued for their own passes when this pass reaches them: those of new
    // columns (queued by ADD COLUMN) come first.
    case PG_QUERY__ALTER_TABLE_TYPE__AT_AddConstraint:
      return 5;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_ColumnDefault:
      return 9;
    default:
      return 10;
  }
}

int PassOf(const Spec& s) {
  PgQuery__ConstrType t = s.c->contype;
  return t == PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY || t == PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE ||
                 t == PG_QUERY__CONSTR_TYPE__CONSTR_EXCLUSION
             ? 7
             : 9;
}

/// One ALTER TABLE statement on a table.
class TableAlter {
 public:
  TableAlter(ReplayContext& ctx, const PgQuery__AlterTableStmt* stmt, QualifiedName name)
      : ctx_(ctx), stmt_(stmt), name_(std::move(name)), adder_(ctx, name_, false) {
    on_existing_ = ctx.ExistedBefore(name_);
    recurse_ = stmt->relation->inh;
  }

  void Run() {
    struct Item {
      int pass;
      const PgQuery__AlterTableCmd* cmd;
      /// When cmd is null: a constraint to add (ADD CONSTRAINT, or inline in ADD COLUMN).
      Spec spec;
    };
    std::vector<Item> items;
    for (size_t i = 0; i < stmt_->n_cmds; ++i) {
      const PgQuery__Node* n = stmt_->cmds[i];
      if (n->node_case != PG_QUERY__NODE__NODE_ALTER_TABLE_CMD || !n->alter_table_cmd) continue;
      items.push_back({PassOf(n->alter_table_cmd), n->alter_table_cmd, {}});
    }
    for (int pass = 0; pass <= 10 && !failed_; ++pass) {
      for (size_t i = 0; i < items.size() && !failed_; ++i) {
        if (items[i].pass != pass) continue;
        if (!items[i].cmd) {
          AddConstraint(items[i].spec);
          continue;
        }
        std::vector<Spec> inline_specs;
        Command(items[i].cmd, inline_specs);
        for (const Spec& s : inline_specs) items.push_back({PassOf(s), nullptr, s});
      }
    }
  }

 private:
  model::Table& T() { return ctx_.catalog.tables.at(name_); }
  bool Exists() const { return ctx_.catalog.tables.count(name_) > 0; }
  std::string Member(const std::string& column) const {
    return fmt::format("{}.{}", name_.ToString(), column);
  }

  void Fail() { failed_ = true; }

  model::Change& Change(ChangeOp op, ObjectKind kind, std::string member = {}) {
    model::Change& ch = ctx_.AddChange(op, kind, name_, std::move(member));
    ch.on_existing = on_existing_;
    return ch;
  }

  /// The column a subcommand names; reports (and fails) when it is missing.
  model::Column* NeedColumn(const std::string& column) {
    model::Column* c = Exists() ? T().FindColumn(column) : nullptr;
    if (!c) {
      ctx_.DoesNotExist(ObjectKind::kColumn, Member(column));
      Fail();
    }
    return c;
  }

  /// Descendants a column-level change reaches (all of them unless ONLY).
  std::vector<QualifiedName> Reach() const {
    if (!recurse_) return {};
    return DescendantsOf(ctx_.catalog, name_);
  }

  /// True when the column comes from a parent (a partition's or an inheritance child's column).
  bool Inherited(const std::string& column) const {
    for (const QualifiedName& p : ParentsOf(ctx_.catalog.tables.at(name_))) {
      auto it = ctx_.catalog.tables.find(p);
      if (it != ctx_.catalog.tables.end() && it->second.FindColumn(column)) return true;
    }
    return false;
  }

  bool InPartitionKey(const std::string& column) const {
    return Contains(PartitionKeyColumns(ctx_.catalog.tables.at(name_).partition_by), column);
  }

  void Command(const PgQuery__AlterTableCmd* cmd, std::vector<Spec>& inline_specs) {
    std::string column = TruncateIdentifier(Str(cmd->name));
    switch (cmd->subtype) {
      case PG_QUERY__ALTER_TABLE_TYPE__AT_AddColumn:
      case PG_QUERY__ALTER_TABLE_TYPE__AT_AddColumnRecurse:
        AddColumn(cmd, inline_specs);
        return;
      case PG_QUERY__ALTER_TABLE_TYPE__AT_DropColumn:
      case PG_QUERY__ALTER_TABLE_TYPE__AT_DropColumnRecurse:
        DropColumn(cmd, column);
        return;
      case PG_QUERY__ALTER_TABLE_TYPE__AT_AlterColumnType:
        AlterType(cmd, column);
        return;
      case PG_QUERY__ALTER_TABLE_TYPE__AT_ColumnDefault:
        SetDefault(cmd, column);
        return;
      case PG_QUERY__ALTER_TABLE_TYPE__AT_SetNotNull:
        SetNotNull(column, true);
        return;
      case PG_QUERY__ALTER_TABLE_TYPE__AT_DropNotNull:
        SetNotNull(column, false);
        return;
      case PG_QUERY__ALTER_TABLE_TYPE__AT_DropExpression:
        DropExpression(cmd, column);
        return;
      case PG_QUERY__ALTER_TABLE_TYPE__AT_AddIdentity:
        AddIdentity(cmd, column);
        return;
      case PG_QUERY__ALTER_TABLE_TYPE__AT_SetIdentity:
        SetIdentity(cmd, column);
        return;
      case PG_QUERY__ALTER_TABLE_TYPE__AT_DropIdentity:
        DropIdentity(cmd, column);
        return;
      case PG_QUERY__ALTER_TABLE_TYPE__AT_AddConstraint:
      case PG_QUERY__ALTER_TABLE_TYPE__AT_AddConstraintRecurse:
        ctx_.NotRetrySafe();
        if (cmd->def && cmd->def->node_case == PG_QUERY__NODE__NODE_CONSTRAINT &&
            cmd->def->constraint) {
          inline_specs.push_back(MakeSpec(cmd->def->constraint));
        }
        return;
      case PG_QUERY__ALTER_TABLE_TYPE__AT_DropConstraint:
      case PG_QUERY__ALTER_TABLE_TYPE__AT_DropConstraintRecurse:
        DropConstraint(cmd, column);
        return;
      case PG_QUERY__ALTER_TABLE_TYPE__AT_ValidateConstraint:
      case PG_QUERY__ALTER_TABLE_TYPE__AT_ValidateConstraintRecurse:
        ValidateConstraint(column);
        return;
      case PG_QUERY__ALTER_TABLE_TYPE__AT_AlterConstraint:
        AlterConstraint(cmd);
        return;
      case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableRowSecurity:
        SetRls(&model::Table::rls_enabled, true);
        return;
      case PG_QUERY__ALTER_TABLE_TYPE__AT_DisableRowSecurity:
        SetRls(&model::Table::rls_enabled, false);
        return;
      case PG_QUERY__ALTER_TABLE_TYPE__AT_ForceRowSecurity:
        SetRls(&model::Table::rls_forced, true);
        return;
      case PG_QUERY__ALTER_TABLE_TYPE__AT_NoForceRowSecurity:
        SetRls(&model::Table::rls_forced, false);
        return;
      case PG_QUERY__ALTER_TABLE_TYPE__AT_SetLogged:
        SetPersistence(model::Persistence::kPermanent);
        return;
      case PG_QUERY__ALTER_TABLE_TYPE__AT_SetUnLogged:
        SetPersistence(model::Persistence::kUnlogged);
        return;
      case PG_QUERY__ALTER_TABLE_TYPE__AT_AttachPartition:
        AttachPartition(cmd);
        return;
      case PG_QUERY__ALTER_TABLE_TYPE__AT_DetachPartition:
        DetachPartition(cmd);
        return;
      case PG_QUERY__ALTER_TABLE_TYPE__AT_AddInherit:
        Inherit(cmd, true);
        return;
      case PG_QUERY__ALTER_TABLE_TYPE__AT_DropInherit:
        Inherit(cmd, false);
        return;
      case PG_QUERY__ALTER_TABLE_TYPE__AT_SetAccessMethod:
        Change(ChangeOp::kAlter, ObjectKind::kTable).rewrites_table = true;
        return;
      case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableTrig:
      case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableAlwaysTrig:
      case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableReplicaTrig:
      case PG_QUERY__ALTER_TABLE_TYPE__AT_DisableTrig:
        // Whether a trigger fires is not part of the model; it must exist.
        if (!column.empty() && !T().triggers.count(column)) {
          ctx_.DoesNotExist(ObjectKind::kTrigger, Member(column));
          Fail();
        }
        return;
      case PG_QUERY__ALTER_TABLE_TYPE__AT_SetStatistics:
      case PG_QUERY__ALTER_TABLE_TYPE__AT_SetStorage:
      case PG_QUERY__ALTER_TABLE_TYPE__AT_SetCompression:
      case PG_QUERY__ALTER_TABLE_TYPE__AT_SetOptions:
      case PG_QUERY__ALTER_TABLE_TYPE__AT_ResetOptions:
      case PG_QUERY__ALTER_TABLE_TYPE__AT_AlterColumnGenericOptions:
        // Per-column storage and planner settings: not part of the model; the column must exist.
        if (!column.empty()) NeedColumn(column);
        return;
      case PG_QUERY__ALTER_TABLE_TYPE__AT_AddOf:
      case PG_QUERY__ALTER_TABLE_TYPE__AT_DropOf:
        Change(ChangeOp::kAlter, ObjectKind::kTable);
        return;
      case PG_QUERY__ALTER_TABLE_TYPE__AT_ChangeOwner:
      case PG_QUERY__ALTER_TABLE_TYPE__AT_ClusterOn:
      case PG_QUERY__ALTER_TABLE_TYPE__AT_DropCluster:
      case PG_QUERY__ALTER_TABLE_TYPE__AT_ReplicaIdentity:
      case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableTrigAll:
      case PG_QUERY__ALTER_TABLE_TYPE__AT_DisableTrigAll:
      case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableTrigUser:
      case PG_QUERY__ALTER_TABLE_TYPE__AT_DisableTrigUser:
      case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableRule:
      case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableAlwaysRule:
      case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableReplicaRule:
      case PG_QUERY__ALTER_TABLE_TYPE__AT_DisableRule:
      case PG_QUERY__ALTER_TABLE_TYPE__AT_SetRelOptions:
      case PG_QUERY__ALTER_TABLE_TYPE__AT_ResetRelOptions:
      case PG_QUERY__ALTER_TABLE_TYPE__AT_ReplaceRelOptions:
      case PG_QUERY__ALTER_TABLE_TYPE__AT_SetTableSpace:
      case PG_QUERY__ALTER_TABLE_TYPE__AT_DropOids:
      case PG_QUERY__ALTER_TABLE_TYPE__AT_GenericOptions:
      case PG_QUERY__ALTER_TABLE_TYPE__AT_DetachPartitionFinalize:
        return;  // ownership, storage, replication and planner settings: no schema effect
      default:
        ctx_.Unmodeled("this ALTER TABLE subcommand is not modelled");
        Fail();
        return;
    }
  }

  // ---- Columns ----

  void AddColumn(const PgQuery__AlterTableCmd* cmd, std::vector<Spec>& inline_specs) {
    if (!cmd->def || cmd->def->node_case != PG_QUERY__NODE__NODE_COLUMN_DEF ||
        !cmd->def->column_def)
      return;
    if (!cmd->missing_ok) ctx_.NotRetrySafe();
    BuiltColumn b;
    if (!BuildColumn(ctx_, cmd->def->column_def, b)) return Fail();
    if (T().FindColumn(b.col.name)) {
      if (cmd->missing_ok) return;  // NOTICE: column already exists, skipping
      ctx_.AlreadyExists(ObjectKind::kColumn, Member(b.col.name));
      return Fail();
    }
    if (T().partition_of) {
      ctx_.DependencyError("cannot add column to a partition",
                           "add the column to the partitioned table");
      return Fail();
    }
    if (!recurse_ && !ChildrenOf(ctx_.catalog, name_).empty()) {
      ctx_.DependencyError("column must be added to child tables too",
                           "do not specify the ONLY keyword");
      return Fail();
    }
    T().columns.push_back(b.col);
    model::Column& col = T().columns.back();
    if (!b.serial.empty()) {
      QualifiedName seq = AddSerialSequence(ctx_, name_, col, b.serial);
      ctx_.AddChange(ChangeOp::kCreate, ObjectKind::kSequence, seq);
    }
    model::Column added = T().columns.back();
    bool pk = false;
    for (const Spec& s : b.constraints)
      pk = pk || s.c->contype == PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY;
    model::Change& ch = Change(ChangeOp::kCreate, ObjectKind::kColumn, added.name);
    ch.guarded = cmd->missing_ok;
    ch.new_type = added.type;
    ch.not_null = added.not_null || pk;
    bool generated_values = !b.serial.empty() || added.identity != model::Identity::kNone;
    ch.has_default =
        added.default_expr.has_value() || generated_values || added.generated.has_value();
    ch.volatile_default = generated_values || IsVolatile(ctx_, b.raw_default);
    ch.rewrites_table = ch.volatile_default || added.generated.has_value() ||
                        DomainWithConstraints(ctx_, added.type);
    for (const QualifiedName& d : DescendantsOf(ctx_.catalog, name_)) {
      model::Table& child = ctx_.catalog.tables.at(d);
      if (model::Column* existing = child.FindColumn(added.name)) {
        existing->not_null = existing->not_null || added.not_null;
        continue;
      }
      model::Column copy = added;
      copy.identity = model::Identity::kNone;
      copy.comment.reset();
      child.columns.push_back(copy);
    }
    inline_specs = b.constraints;
  }

  void DropColumn(const PgQuery__AlterTableCmd* cmd, const std::string& column) {
    if (!cmd->missing_ok) ctx_.NotRetrySafe();
    if (!T().FindColumn(column)) {
      if (cmd->missing_ok) return;  // NOTICE: column does not exist, skipping
      ctx_.DoesNotExist(ObjectKind::kColumn, Member(column));
      return Fail();
    }
    if (Inherited(column)) {
      ctx_.DependencyError(fmt::format("cannot drop inherited column \"{}\"", column),
                           "drop the column from the parent table");
      return Fail();
    }
    if (InPartitionKey(column)) {
      ctx_.DependencyError(
          fmt::format("cannot drop column \"{}\" because it is part of the partition key of "
                      "relation \"{}\"",
                      column, name_.name),
          "a partition key column cannot be dropped");
      return Fail();
    }
    bool cascade = IsCascade(cmd->behavior);
    ColumnDependents deps = DependentsOfColumn(ctx_.catalog, name_, column);
    if (!cascade && !deps.empty()) {
      ctx_.DependencyError(
          fmt::format("cannot drop column {} of table {} because other objects depend on it ({} "
                      "depends on column {} of table {})",
                      column, name_.name, deps.Describe(name_), column, name_.name),
          "drop the dependent objects first, or use DROP COLUMN ... CASCADE");
      return Fail();
    }
    if (!cascade) {
      std::vector<QualifiedName> views = ViewsSurelyUsingColumn(ctx_, name_, column);
      if (!views.empty()) {
        ctx_.DependencyError(
            fmt::format(
                "cannot drop column {} of table {} because other objects depend on it (view {} "
                "depends on column {} of table {})",
                column, name_.name, views.front().name, column, name_.name),
            "drop the view first, or use DROP COLUMN ... CASCADE");
        return Fail();
      }
    }
    std::vector<QualifiedName> children = DescendantsOf(ctx_.catalog, name_);
    if (!recurse_ && !children.empty()) {
      if (!T().partition_by.empty()) {
        ctx_.DependencyError(
            "cannot drop column from only the partitioned table when partitions exist",
            "do not specify the ONLY keyword");
        return Fail();
      }
      children.clear();  // ONLY: the children keep the column as their own
    }
    model::Change& ch = Change(ChangeOp::kDrop, ObjectKind::kColumn, column);
    ch.guarded = cmd->missing_ok;
    ch.cascade = cascade;
    if (cascade) {
      std::set<std::string> done;
      DropColumnCascade(ctx_, name_, column, done);
    } else {
      RemoveColumn(ctx_, name_, column);
    }
    for (const QualifiedName& c : children) RemoveColumn(ctx_, c, column);
  }

  /// True when the USING expression is the column itself (possibly cast): no rewrite beyond
  /// what the type change needs.
  static bool TrivialUsing(const PgQuery__Node* expr, const std::string& column) {
    if (!expr) return true;
    while (expr && expr->node_case == PG_QUERY__NODE__NODE_TYPE_CAST && expr->type_cast)
      expr = expr->type_cast->arg;
    return expr && expr->node_case == PG_QUERY__NODE__NODE_COLUMN_REF &&
           RefColumn(expr->column_ref) == column;
  }

  void AlterType(const PgQuery__AlterTableCmd* cmd, const std::string& column) {
    if (!cmd->def || cmd->def->node_case != PG_QUERY__NODE__NODE_COLUMN_DEF ||
        !cmd->def->column_def)
      return;
    const PgQuery__ColumnDef* def = cmd->def->column_def;
    model::Column* col = NeedColumn(column);
    if (!col || !def->type_name) return;
    model::TypeRef to = ctx_.Type(def->type_name);
    if (!ReplayContext::SerialKind(def->type_name).empty())
      to.name = std::string(StringValue(def->type_name->names[def->type_name->n_names - 1]));
    if (!ctx_.TypeExists(to)) {
      ctx_.DoesNotExist(ObjectKind::kEnum, to.name);
      return Fail();
    }
    if (Inherited(column)) {
      ctx_.DependencyError(fmt::format("cannot alter inherited column \"{}\"", column),
                           "alter the column of the parent table");
      return Fail();
    }
    if (InPartitionKey(column)) {
      ctx_.DependencyError(
          fmt::format("cannot alter column \"{}\" because it is part of the partition key of "
                      "relation \"{}\"",
                      column, name_.name),
          "a partition key column cannot change type");
      return Fail();
    }
    ColumnDependents deps = DependentsOfColumn(ctx_.catalog, name_, column);
    std::string used_by;
    if (!ViewsSurelyUsingColumn(ctx_, name_, column).empty()) used_by = "a view or rule";
    if (!deps.generated.empty()) used_by = "a generated column";
    if (!deps.policies.empty()) used_by = "a policy definition";
    if (!deps.triggers.empty()) used_by = "a trigger definition";
    if (!used_by.empty()) {
      ctx_.DependencyError(
          fmt::format("cannot alter type of a column used in {} (column \"{}\" of table \"{}\")",
                      used_by, column, name_.name),
          "drop the dependent object, change the type, and create it again");
      return Fail();
    }
    // Foreign keys on the column, either side, must still compare their columns.
    for (const auto& [tname, other] : ctx_.catalog.tables) {
      for (const auto& [cname, c] : other.constraints) {
        if (c.kind != ConstraintKind::kForeignKey) continue;
        for (size_t i = 0; i < c.columns.size() && i < c.ref_columns.size(); ++i) {
          const model::Column* peer = nullptr;
          if (tname == name_ && c.columns[i] == column) {
            auto rt = ctx_.catalog.tables.find(c.ref_table);
            if (rt != ctx_.catalog.tables.end()) peer = rt->second.FindColumn(c.ref_columns[i]);
          } else if (c.ref_table == name_ && c.ref_columns[i] == column) {
            peer = other.FindColumn(c.columns[i]);
          }
          if (!peer || (tname == name_ && c.ref_table == name_ && peer->name == column)) continue;
          std::string_view fa = TypeFamily(to), fb = TypeFamily(peer->type);
          if (!fa.empty() && !fb.empty() && fa != fb) {
            ctx_.DependencyError(
                fmt::format(
                    "foreign key constraint \"{}\" cannot be implemented (key columns are of "
                    "incompatible types: {} and {})",
                    cname, to.ToString(), peer->type.ToString()),
                "change the type of the columns on both sides of the foreign key");
            return Fail();
          }
        }
      }
    }
    model::TypeRef from = col->type;
    model::Change& ch = Change(ChangeOp::kAlter, ObjectKind::kColumn, column);
    ch.old_type = from;
    ch.new_type = to;
    ch.narrowing = Narrowing(from, to);
    ch.rewrites_table = RewritesForType(ctx_, from, to) || !TrivialUsing(def->raw_default, column);
    auto apply = [&](model::Column& c) {
      c.type = to;
      c.collation = CollationOf(def->coll_clause);
    };
    apply(*col);
    for (const QualifiedName& d : Reach()) {
      if (model::Column* c = ctx_.catalog.tables.at(d).FindColumn(column)) apply(*c);
    }
  }

  void SetDefault(const PgQuery__AlterTableCmd* cmd, const std::string& column) {
    model::Column* col = NeedColumn(column);
    if (!col) return;
    if (col->generated) {
      ctx_.DependencyError(
          fmt::format("column \"{}\" of relation \"{}\" is a generated column", column, name_.name),
          "use ALTER TABLE ... ALTER COLUMN ... DROP EXPRESSION first");
      return Fail();
    }
    if (cmd->def && col->identity != model::Identity::kNone) {
      ctx_.DependencyError(
          fmt::format("column \"{}\" of relation \"{}\" is an identity column", column, name_.name),
          "use ALTER TABLE ... ALTER COLUMN ... DROP IDENTITY first");
      return Fail();
    }
    std::optional<std::string> value;
    if (cmd->def) value = ctx_.Expr(cmd->def);
    col->default_expr = value;
    model::Change& ch = Change(ChangeOp::kAlter, ObjectKind::kColumn, column);
    ch.has_default = value.has_value();
    for (const QualifiedName& d : Reach()) {
      if (model::Column* c = ctx_.catalog.tables.at(d).FindColumn(column)) c->default_expr = value;
    }
  }

  void SetNotNull(const std::string& column, bool not_null) {
    model::Column* col = NeedColumn(column);
    if (!col) return;
    if (!not_null) {
      for (const auto& [n, c] : T().constraints) {
        if (c.kind == ConstraintKind::kPrimaryKey && Contains(c.columns, column)) {
          ctx_.DependencyError(fmt::format("column \"{}\" is in a primary key", column),
                               "drop the primary key first");
          return Fail();
        }
      }
      if (col->identity != model::Identity::kNone) {
        ctx_.DependencyError(fmt::format("column \"{}\" of relation \"{}\" is an identity column",
                                         column, name_.name),
                             "drop the identity first");
        return Fail();
      }
    }
    col->not_null = not_null;
    model::Change& ch = Change(ChangeOp::kAlter, ObjectKind::kColumn, column);
    ch.not_null = not_null;
    for (const QualifiedName& d : Reach()) {
      if (model::Column* c = ctx_.catalog.tables.at(d).FindColumn(column)) c->not_null = not_null;
    }
  }

  void DropExpression(const PgQuery__AlterTableCmd* cmd, const std::string& column) {
    if (!cmd->missing_ok) ctx_.NotRetrySafe();
    model::Column* col = NeedColumn(column);
    if (!col) return;
    if (!col->generated) {
      if (cmd->missing_ok) return;  // NOTICE
      ctx_.DependencyError(
          fmt::format("column \"{}\" of relation \"{}\" is not a stored generated column", column,
                      name_.name),
          "guard the statement with DROP EXPRESSION IF EXISTS");
      return Fail();
    }
    col->generated.reset();
    model::Change& ch = Change(ChangeOp::kAlter, ObjectKind::kColumn, column);
    ch.guarded = cmd->missing_ok;
    for (const QualifiedName& d : DescendantsOf(ctx_.catalog, name_)) {
      if (model::Column* c = ctx_.catalog.tables.at(d).FindColumn(column)) c->generated.reset();
    }
  }

  void AddIdentity(const PgQuery__AlterTableCmd* cmd, const std::string& column) {
    ctx_.NotRetrySafe();
    model::Column* col = NeedColumn(column);
    if (!col) return;
    std::string problem;
    if (col->identity != model::Identity::kNone)
      problem = "is already an identity column";
    else if (!col->not_null)
      problem = "must be declared NOT NULL before identity can be added";
    else if (col->default_expr)
      problem = "already has a default value";
    if (!problem.empty()) {
      ctx_.DependencyError(
          fmt::format("column \"{}\" of relation \"{}\" {}", column, name_.name, problem),
          "check the column's definition at this point of the migration history");
      return Fail();
    }
    bool always = cmd->def && cmd->def->node_case == PG_QUERY__NODE__NODE_CONSTRAINT &&
                  cmd->def->constraint && cmd->def->constraint->generated_when &&
                  *cmd->def->constraint->generated_when == 'a';
    col->identity = always ? model::Identity::kAlways : model::Identity::kByDefault;
    model::Change& ch = Change(ChangeOp::kAlter, ObjectKind::kColumn, column);
    ch.has_default = true;
  }

  void SetIdentity(const PgQuery__AlterTableCmd* cmd, const std::string& column) {
    model::Column* col = NeedColumn(column);
    if (!col) return;
    if (col->identity == model::Identity::kNone) {
      ctx_.DependencyError(fmt::format("column \"{}\" of relation \"{}\" is not an identity column",
                                       column, name_.name),
                           "add the identity first (ADD GENERATED ... AS IDENTITY)");
      return Fail();
    }
    if (cmd->def && cmd->def->node_case == PG_QUERY__NODE__NODE_LIST && cmd->def->list) {
      for (size_t i = 0; i < cmd->def->list->n_items; ++i) {
        const PgQuery__Node* o = cmd->def->list->items[i];
        if (o->node_case != PG_QUERY__NODE__NODE_DEF_ELEM || !o->def_elem) continue;
        if (Str(o->def_elem->defname) != "generated" || !o->def_elem->arg) continue;
        const PgQuery__Node* a = o->def_elem->arg;
        if (a->node_case == PG_QUERY__NODE__NODE_INTEGER && a->integer) {
          col->identity =
              a->integer->ival == 'a' ? model::Identity::kAlways : model::Identity::kByDefault;
        }
      }
    }
    Change(ChangeOp::kAlter, ObjectKind::kColumn, column);
  }

  void DropIdentity(const PgQuery__AlterTableCmd* cmd, const std::string& column) {
    if (!cmd->missing_ok) ctx_.NotRetrySafe();
    model::Column* col = NeedColumn(column);
    if (!col) return;
    if (col->identity == model::Identity::kNone) {
      if (cmd->missing_ok) return;  // NOTICE
      ctx_.DependencyError(fmt::format("column \"{}\" of relation \"{}\" is not an identity column",
                                       column, name_.name),
                           "guard the statement with DROP IDENTITY IF EXISTS");
      return Fail();
    }
    col->identity = model::Identity::kNone;
    Change(ChangeOp::kAlter, ObjectKind::kColumn, column).guarded = cmd->missing_ok;
  }

  // ---- Constraints ----

  void AddConstraint(const Spec& s) {
    if (s.c->contype == PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY && !recurse_) {
      // ONLY: the children's columns must already be NOT NULL.
      std::vector<std::string> keys = s.column.empty() || s.c->n_keys > 0
                                          ? Names(s.c->keys, s.c->n_keys)
                                          : std::vector<std::string>{s.column};
      for (const QualifiedName& child : ChildrenOf(ctx_.catalog, name_)) {
        for (const std::string& k : keys) {
          const model::Column* c = ctx_.catalog.tables.at(child).FindColumn(k);
          if (c && !c->not_null) {
            ctx_.DependencyError(
                fmt::format(
                    "constraint must be added to child tables too (column \"{}\" of relation "
                    "\"{}\" is not already NOT NULL)",
                    k, child.name),
                "do not specify the ONLY keyword");
            return Fail();
          }
        }
      }
    }
    std::string cname = adder_.Add(s);
    if (cname.empty()) return Fail();
    model::Constraint con = T().constraints.at(cname);
    model::Change& ch = Change(ChangeOp::kCreate, ObjectKind::kConstraint, cname);
    ch.constraint_kind = model::ConstraintKindSql(con.kind);
    ch.not_valid = con.not_valid;
    ch.unique = con.kind == ConstraintKind::kPrimaryKey || con.kind == ConstraintKind::kUnique;
    if (con.kind == ConstraintKind::kPrimaryKey) ch.not_null = true;
    // A REFERENCES on a column this statement adds is not validated when no new column gets a
    // value and no table-level foreign key is added (the new column is NULL everywhere): no
    // existing row is read.
    if (con.kind == ConstraintKind::kForeignKey && !s.column.empty() && FkSkipsValidation()) {
      ch.on_existing = false;
    }
    // Inherited by children: checks (unless NO INHERIT) reach every descendant; on a
    // partitioned table, keys and foreign keys are cloned onto each partition.
    if (con.kind == ConstraintKind::kCheck) {
      if (!con.no_inherit) {
        for (const QualifiedName& d : Reach()) {
          model::Table& child = ctx_.catalog.tables.at(d);
          if (!child.constraints.count(cname)) child.constraints[cname] = con;
        }
      }
      return;
    }
    if (T().partition_by.empty() || !recurse_) return;  // ONLY: the parent's alone
    std::optional<model::Index> backing;
    if (auto it = ctx_.catalog.indexes.find({name_.schema, cname});
        it != ctx_.catalog.indexes.end()) {
      backing = it->second;
    }
    for (const QualifiedName& p : PartitionsOf(ctx_.catalog, name_)) {
      if (ctx_.catalog.tables.at(p).partition_of == name_)
        CloneConstraintTo(ctx_, p, con, backing ? &*backing : nullptr);
    }
  }

  /// The constraint a subcommand names; reports (and fails) when it is missing.
  model::Constraint* NeedConstraint(const std::string& cname) {
    auto it = T().constraints.find(cname);
    if (it == T().constraints.end()) {
      ctx_.DoesNotExist(ObjectKind::kConstraint,
                        fmt::format("{} on table {}", cname, name_.ToString()));
      Fail();
      return nullptr;
    }
    return &it->second;
  }

  /// The constraint in a descendant that derives from `con` of this table.
  static std::optional<std::string> DerivedIn(const model::Table& child,
                                              const model::Constraint& con) {
    if (con.kind == ConstraintKind::kCheck || con.kind == ConstraintKind::kForeignKey) {
      auto it = child.constraints.find(con.name);
      if (it != child.constraints.end() && it->second.kind == con.kind) return it->first;
      return std::nullopt;
    }
    for (const auto& [n, c] : child.constraints) {
      if (c.kind == con.kind && c.columns == con.columns && c.elements == con.elements) return n;
    }
    return std::nullopt;
  }

  void DropConstraint(const PgQuery__AlterTableCmd* cmd, const std::string& cname) {
    if (!cmd->missing_ok) ctx_.NotRetrySafe();
    if (!T().constraints.count(cname)) {
      if (cmd->missing_ok) return;  // NOTICE: constraint does not exist, skipping
      NeedConstraint(cname);
      return;
    }
    model::Constraint con = T().constraints.at(cname);
    for (const QualifiedName& p : ParentsOf(T())) {
      auto pit = ctx_.catalog.tables.find(p);
      if (pit == ctx_.catalog.tables.end()) continue;
      bool from_parent = false;
      for (const auto& [n, pc] : pit->second.constraints) {
        if (pc.kind == ConstraintKind::kCheck && pc.no_inherit) continue;
        if (DerivedIn(T(), pc) == cname) from_parent = true;
      }
      if (from_parent) {
        ctx_.DependencyError(
            fmt::format("cannot drop inherited constraint \"{}\" of relation \"{}\"", cname,
                        name_.name),
            "drop the constraint from the parent table");
        return Fail();
      }
    }
    bool cascade = IsCascade(cmd->behavior);
    std::vector<std::pair<QualifiedName, std::string>> fks;
    if (con.kind == ConstraintKind::kPrimaryKey || con.kind == ConstraintKind::kUnique) {
      for (const auto& fk : ForeignKeysOn(ctx_.catalog, name_, con)) {
        if (fk.first != name_ || fk.second != cname) fks.push_back(fk);
      }
    }
    if (!fks.empty() && !cascade) {
      ctx_.DependencyError(
          fmt::format("cannot drop constraint {} on table {} because other objects depend on it "
                      "(constraint {} on table {} depends on index {})",
                      cname, name_.name, fks.front().second, fks.front().first.name, cname),
          "drop the foreign keys first, or use DROP CONSTRAINT ... CASCADE");
      return Fail();
    }
    model::Change& ch = Change(ChangeOp::kDrop, ObjectKind::kConstraint, cname);
    ch.guarded = cmd->missing_ok;
    ch.cascade = cascade;
    ch.constraint_kind = model::ConstraintKindSql(con.kind);
    for (const auto& [table, fk] : fks) {
      if (!ctx_.catalog.tables[table].constraints.erase(fk)) continue;
      model::Change& fc = ctx_.AddChange(ChangeOp::kDrop, ObjectKind::kConstraint, table, fk);
      fc.cascade = true;
      fc.constraint_kind = "FOREIGN KEY";
      fc.on_existing = ctx_.ExistedBefore(table);
    }
    for (const QualifiedName& d : DescendantsOf(ctx_.catalog, name_)) {
      model::Table& child = ctx_.catalog.tables.at(d);
      bool partition = child.partition_of.has_value();
      if (!recurse_ && !partition) continue;
      if (con.kind != ConstraintKind::kCheck && !partition) continue;
      if (auto n = DerivedIn(child, con)) {
        child.constraints.erase(*n);
        ctx_.catalog.indexes.erase({d.schema, *n});
      }
    }
    T().constraints.erase(cname);
    auto idx = ctx_.catalog.indexes.find({name_.schema, cname});
    if (idx != ctx_.catalog.indexes.end() && idx->second.table == name_)
      ctx_.catalog.indexes.erase(idx);
  }

  void ValidateConstraint(const std::string& cname) {
    model::Constraint* con = NeedConstraint(cname);
    if (!con) return;
    con->not_valid = false;
    model::Change& ch = Change(ChangeOp::kAlter, ObjectKind::kConstraint, cname);
    ch.constraint_kind = model::ConstraintKindSql(con->kind);
    for (const QualifiedName& d : Reach()) {
      auto& cons = ctx_.catalog.tables.at(d).constraints;
      if (auto it = cons.find(cname); it != cons.end()) it->second.not_valid = false;
    }
  }

  void AlterConstraint(const PgQuery__AlterTableCmd* cmd) {
    if (!cmd->def || cmd->def->node_case != PG_QUERY__NODE__NODE_CONSTRAINT ||
        !cmd->def->constraint)
      return;
    const PgQuery__Constraint* c = cmd->def->constraint;
    std::string cname = TruncateIdentifier(Str(c->conname));
    model::Constraint* con = NeedConstraint(cname);
    if (!con) return;
    if (con->kind != ConstraintKind::kForeignKey) {
      ctx_.DependencyError(
          fmt::format("constraint \"{}\" of relation \"{}\" is not a foreign key constraint", cname,
                      name_.name),
          "only foreign keys can change their deferrability; drop and re-add the constraint");
      return Fail();
    }
    auto apply = [&](model::Constraint& k) {
      k.deferrable = c->deferrable;
      k.initially_deferred = c->initdeferred;
    };
    apply(*con);
    model::Change& ch = Change(ChangeOp::kAlter, ObjectKind::kConstraint, cname);
    ch.constraint_kind = "FOREIGN KEY";
    for (const QualifiedName& p : PartitionsOf(ctx_.catalog, name_)) {
      auto& cons = ctx_.catalog.tables.at(p).constraints;
      if (auto it = cons.find(cname);
          it != cons.end() && it->second.kind == ConstraintKind::kForeignKey) {
        apply(it->second);
      }
    }
  }

  // ---- Table-level ----

  void SetRls(bool model::Table::*flag, bool value) {
    T().*flag = value;
    Change(ChangeOp::kAlter, ObjectKind::kTable);
  }

  void SetPersistence(model::Persistence p) {
    bool changes = T().persistence != p;
    T().persistence = p;
    Change(ChangeOp::kAlter, ObjectKind::kTable).rewrites_table = changes;
  }

  const PgQuery__PartitionCmd* PartitionCmd(const PgQuery__AlterTableCmd* cmd) {
    if (!cmd->def || cmd->def->node_case != PG_QUERY__NODE__NODE_PARTITION_CMD ||
        !cmd->def->partition_cmd || !cmd->def->partition_cmd->name) {
      return nullptr;
    }
    return cmd->def->partition_cmd;
  }

  void AttachPartition(const PgQuery__AlterTableCmd* cmd) {
    ctx_.NotRetrySafe();
    const PgQuery__PartitionCmd* pc = PartitionCmd(cmd);
    if (!pc) return;
    QualifiedName child = ResolveRel(ctx_, pc->name);
    if (!ctx_.catalog.tables.count(child)) {
      ctx_.DoesNotExist(ObjectKind::kTable, child.ToString());
      return Fail();
    }
    if (T().partition_by.empty()) {
      ctx_.DependencyError(fmt::format("table \"{}\" is not partitioned", name_.name),
                           "only a partitioned table (PARTITION BY) can have partitions attached");
      return Fail();
    }
    model::Table& c = ctx_.catalog.tables.at(child);
    if (c.partition_of || !c.inherits.empty()) {
      ctx_.DependencyError(fmt::format("\"{}\" is already a child of another relation", child.name),
                           "detach it (or drop its inheritance) first");
      return Fail();
    }
    for (const model::Column& pcol : T().columns) {
      const model::Column* ccol = c.FindColumn(pcol.name);
      if (!ccol || !(ccol->type == pcol.type)) {
        ctx_.DependencyError(
            fmt::format("child table \"{}\" is missing column \"{}\" of the partitioned table, or "
                        "its type differs",
                        child.name, pcol.name),
            "a partition must have exactly the columns of the partitioned table");
        return Fail();
      }
    }
    if (c.columns.size() != T().columns.size()) {
      ctx_.DependencyError(fmt::format("table \"{}\" contains a column not found in parent \"{}\"",
                                       child.name, name_.name),
                           "a partition must have exactly the columns of the partitioned table");
      return Fail();
    }
    // It must already have the parent's NOT NULL and CHECK constraints.
    for (const model::Column& pcol : T().columns) {
      if (pcol.not_null && !c.FindColumn(pcol.name)->not_null) {
        ctx_.DependencyError(
            fmt::format("column \"{}\" in child table must be marked NOT NULL", pcol.name),
            "add the NOT NULL constraint to the table before attaching it");
        return Fail();
      }
    }
    for (const auto& [n, pc] : T().constraints) {
      if (pc.kind != ConstraintKind::kCheck || pc.no_inherit) continue;
      auto cc = c.constraints.find(n);
      if (cc == c.constraints.end() || cc->second.kind != ConstraintKind::kCheck) {
        ctx_.DependencyError(fmt::format("child table is missing constraint \"{}\"", n),
                             "add the partitioned table's CHECK constraints to the table before "
                             "attaching it");
        return Fail();
      }
    }
    c.partition_of = name_;
    c.partition_bound = BoundText(pc->bound);
    model::Change& ch = Change(ChangeOp::kAlter, ObjectKind::kTable);
    ch.on_existing = on_existing_ || ctx_.ExistedBefore(child);
    CloneParentIntoPartition(ctx_, name_, child);
  }

  void DetachPartition(const PgQuery__AlterTableCmd* cmd) {
    ctx_.NotRetrySafe();
    const PgQuery__PartitionCmd* pc = PartitionCmd(cmd);
    if (!pc) return;
    if (pc->concurrent) ctx_.out.no_transaction = true;
    QualifiedName child = ResolveRel(ctx_, pc->name);
    auto it = ctx_.catalog.tables.find(child);
    if (it == ctx_.catalog.tables.end()) {
      ctx_.DoesNotExist(ObjectKind::kTable, child.ToString());
      return Fail();
    }
    if (it->second.partition_of != name_) {
      ctx_.DependencyError(fmt::format("relation \"{}\" is not a partition of relation \"{}\"",
                                       child.name, name_.name),
                           "check which table the partition belongs to");
      return Fail();
    }
    it->second.partition_of.reset();
    it->second.partition_bound.clear();
    Change(ChangeOp::kAlter, ObjectKind::kTable);
  }

  void Inherit(const PgQuery__AlterTableCmd* cmd, bool add) {
    ctx_.NotRetrySafe();
    if (!cmd->def || cmd->def->node_case != PG_QUERY__NODE__NODE_RANGE_VAR || !cmd->def->range_var)
      return;
    QualifiedName parent = ResolveRel(ctx_, cmd->def->range_var);
    auto pit = ctx_.catalog.tables.find(parent);
    if (pit == ctx_.catalog.tables.end()) {
      ctx_.DoesNotExist(ObjectKind::kTable, parent.ToString());
      return Fail();
    }
    std::vector<QualifiedName>& inh = T().inherits;
    bool has = std::find(inh.begin(), inh.end(), parent) != inh.end();
    if (add) {
      if (has || T().partition_of || !pit->second.partition_by.empty()) {
        ctx_.DependencyError(
            fmt::format("relation \"{}\" cannot inherit from \"{}\" (already inherited, or a "
                        "partition / partitioned table is involved)",
                        name_.name, parent.name),
            "check the table's inheritance at this point of the migration history");
        return Fail();
      }
      for (const model::Column& pcol : pit->second.columns) {
        const model::Column* c = T().FindColumn(pcol.name);
        if (!c) {
          ctx_.DependencyError(fmt::format("child table is missing column \"{}\"", pcol.name),
                               "add the parent's columns to the child first");
          return Fail();
        }
      }
      inh.push_back(parent);
    } else {
      if (!has) {
        ctx_.DependencyError(
            fmt::format("relation \"{}\" is not a parent of relation \"{}\"", parent.name,
                        name_.name),
            "check the table's inheritance at this point of the migration history");
        return Fail();
      }
      inh.erase(std::remove(inh.begin(), inh.end(), parent), inh.end());
    }
    Change(ChangeOp::kAlter, ObjectKind::kTable);
  }

  ReplayContext& ctx_;
  const PgQuery__AlterTableStmt* stmt_;
  QualifiedName name_;
  ConstraintAdder adder_;
  bool on_existing_ = false;
  bool recurse_ = true;
  bool failed_ = false;

  /// transformAlterTableStmt's skipValidation: no ADD COLUMN of the statement has a default
  /// (serial and generated columns have one) and no ADD CONSTRAINT adds a foreign key.
  bool FkSkipsValidation() const {
    for (size_t i = 0; i < stmt_->n_cmds; ++i) {
      const PgQuery__Node* n = stmt_->cmds[i];
      if (n->node_case != PG_QUERY__NODE__NODE_ALTER_TABLE_CMD || !n->alter_table_cmd) continue;
      const PgQuery__AlterTableCmd* cmd = n->alter_table_cmd;
      const PgQuery__Node* d = cmd->def;
      if (!d) continue;
      if (cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_AddConstraint &&
          d->node_case == PG_QUERY__NODE__NODE_CONSTRAINT && d->constraint &&
          d->constraint->contype == PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN) {
        return false;
      }
      if (cmd->subtype != PG_QUERY__ALTER_TABLE_TYPE__AT_AddColumn ||
          d->node_case != PG_QUERY__NODE__NODE_COLUMN_DEF || !d->column_def) {
        continue;
      }
      const PgQuery__ColumnDef* def = d->column_def;
      if (def->raw_default || !ReplayContext::SerialKind(def->type_name).empty()) return false;
      for (size_t k = 0; k < def->n_constraints; ++k) {
        const PgQuery__Node* c = def->constraints[k];
        if (c->node_case == PG_QUERY__NODE__NODE_CONSTRAINT && c->constraint &&
            (c->constraint->contype == PG_QUERY__CONSTR_TYPE__CONSTR_DEFAULT ||
             c->constraint->contype == PG_QUERY__CONSTR_TYPE__CONSTR_GENERATED)) {
          return false;
        }
      }
    }
    return true;
  }
};

/// ALTER TABLE / ALTER SEQUENCE naming a sequence: ownership and persistence only.
void AlterSequenceRelation(ReplayContext& ctx, const PgQuery__AlterTableStmt* stmt,
                           const QualifiedName& name) {
  ctx.out.tag = "ALTER SEQUENCE";
  if (!ctx.catalog.sequences.count(name) && !IdentitySequence(ctx.catalog, name)) {
    if (stmt->missing_ok && !ctx.catalog.HasRelation(name)) return;  // NOTICE, skipped
    ctx.DoesNotExist(ObjectKind::kSequence, name.ToString());
    return;
  }
  for (size_t i = 0; i < stmt->n_cmds; ++i) {
    const PgQuery__Node* n = stmt->cmds[i];
    if (n->node_case != PG_QUERY__NODE__NODE_ALTER_TABLE_CMD || !n->alter_table_cmd) continue;
    switch (n->alter_table_cmd->subtype) {
      case PG_QUERY__ALTER_TABLE_TYPE__AT_ChangeOwner:
      case PG_QUERY__ALTER_TABLE_TYPE__AT_SetLogged:
      case PG_QUERY__ALTER_TABLE_TYPE__AT_SetUnLogged:
      case PG_QUERY__ALTER_TABLE_TYPE__AT_SetRelOptions:
      case PG_QUERY__ALTER_TABLE_TYPE__AT_ResetRelOptions:
      case PG_QUERY__ALTER_TABLE_TYPE__AT_SetTableSpace:
        break;  // no schema effect the model keeps
      default:
        ctx.Unmodeled("this ALTER SEQUENCE subcommand is not modelled");
        return;
    }
  }
}

}  // namespace

void ReplayAlterTable(ReplayContext& ctx, const PgQuery__AlterTableStmt* stmt) {
  if (!stmt || !stmt->relation) return;
  switch (stmt->objtype) {
    case PG_QUERY__OBJECT_TYPE__OBJECT_VIEW:
    case PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW:
      ReplayAlterView(ctx, stmt);
      return;
    case PG_QUERY__OBJECT_TYPE__OBJECT_INDEX:
      ReplayAlterIndex(ctx, stmt);
      return;
    case PG_QUERY__OBJECT_TYPE__OBJECT_FOREIGN_TABLE:
      ctx.Unmodeled("foreign tables are not modelled");
      return;
    default:
      break;
  }
  QualifiedName name = ResolveRel(ctx, stmt->relation);
  if (stmt->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE ||
      ctx.catalog.sequences.count(name)) {
    AlterSequenceRelation(ctx, stmt, name);
    return;
  }
  if (ctx.catalog.views.count(name)) {
    ReplayAlterView(ctx, stmt);  // ALTER TABLE works on views for the subcommands views have
    return;
  }
  if (ctx.catalog.indexes.count(name)) {
    ReplayAlterIndex(ctx, stmt);
    return;
  }
  if (!ctx.catalog.tables.count(name)) {
    if (stmt->missing_ok && !ctx.catalog.HasRelation(name))
      return;  // NOTICE: does not exist, skipping
    ctx.DoesNotExist(ObjectKind::kTable, name.ToString());
    return;
  }
  TableAlter(ctx, stmt, name).Run();
}

// ---- ALTER TABLE ... RENAME [COLUMN] --------------------------------------------------------

namespace {

/// Renames column `from` of one table and every reference the model keeps to it by name.
void RenameColumnIn(ReplayContext& ctx, const QualifiedName& name, const std::string& from,
                    const std::string& to) {
  auto tit = ctx.catalog.tables.find(name);
  if (tit == ctx.catalog.tables.end()) return;
  model::Table& t = tit->second;
  if (model::Column* c = t.FindColumn(from)) c->name = to;
  auto rename_list = [&](std::vector<std::string>& v) {
    for (std::string& s : v) {
      if (s == from) s = to;
    }
  };
  auto rename_expr = [&](std::string& e) { e = RenameColumnIn(e, from, to); };
  for (model::Column& c : t.columns) {
    if (c.generated) rename_expr(*c.generated);
  }
  for (auto& [n, c] : t.constraints) {
    rename_list(c.columns);
    rename_list(c.include);
    rename_expr(c.expression);
    rename_expr(c.where);
    for (model::ExclusionElement& e : c.elements) {
      if (e.expression == from) {
        e.expression = to;
      } else {
        rename_expr(e.expression);
      }
    }
  }
  for (auto& [key, other] : ctx.catalog.tables) {
    for (auto& [n, c] : other.constraints) {
      if (c.kind == ConstraintKind::kForeignKey && c.ref_table == name) rename_list(c.ref_columns);
    }
  }
  for (auto& [key, idx] : ctx.catalog.indexes) {
    if (idx.table != name) continue;
    for (model::IndexKey& k : idx.keys) {
      if (!k.is_expression && k.expression == from) {
        k.expression = to;
      } else if (k.is_expression) {
        rename_expr(k.expression);
      }
    }
    rename_list(idx.include);
    rename_expr(idx.predicate);
  }
  for (auto& [n, trig] : t.triggers) {
    rename_list(trig.update_of);
    rename_expr(trig.when);
  }
  for (auto& [n, p] : t.policies) {
    rename_expr(p.using_expr);
    rename_expr(p.check_expr);
  }
  for (auto& [key, seq] : ctx.catalog.sequences) {
    if (seq.owned_by_table == name && seq.owned_by_column == from) seq.owned_by_column = to;
  }
  if (!t.partition_by.empty()) {
    size_t open = t.partition_by.find('(');
    if (open != std::string::npos) {
      std::string inner = t.partition_by.substr(open + 1, t.partition_by.size() - open - 2);
      // The key's column references, renamed in the parse tree.
      ParsedExpr p = ParseExpr("ROW(" + inner + ")");
      if (p.expr && Contains(ColumnsOf(p.expr), from)) {
        std::string renamed = RenameColumnIn("ROW(" + inner + ")", from, to);
        if (renamed.rfind("ROW(", 0) == 0) {
          t.partition_by = t.partition_by.substr(0, open) + renamed.substr(3);
        }
      }
    }
  }
}

/// Views that read `table` name its column `from` as `to` (PostgreSQL keeps views by column
/// number: the definition shows the new name, and the view's own column keeps the old one).
void RenameColumnInViews(ReplayContext& ctx, const QualifiedName& table, const std::string& from,
                         const std::string& to) {
  for (auto& [key, view] : ctx.catalog.views) {
    if (view.definition.find(from) == std::string::npos) continue;
    ParsedText parsed = ParseSql(view.definition);
    if (parsed.statements.size() != 1 || !parsed.statements[0].node) continue;
    const PgQuery__Node* root = parsed.statements[0].node;
    // The names this table goes by in the query, and whether another table read there has a
    // column of that name too (an unqualified reference would then be someone else's).
    std::set<std::string> qualifiers;
    bool other_has_column = false;
    VisitMessages(&root->base, [&](const ProtobufCMessage* m) {
      if (m->descriptor != &pg_query__range_var__descriptor) return;
      const auto* rv = reinterpret_cast<const PgQuery__RangeVar*>(m);
      std::string rel = TruncateIdentifier(Str(rv->relname));
      std::string schema = Str(rv->schemaname);
      bool is_table =
          rel == table.name &&
          (schema.empty() ? (ctx.ResolveRelation("", rel) == table || key.schema == table.schema)
                          : schema == table.schema);
      if (is_table) {
        qualifiers.insert(rv->alias && rv->alias->aliasname && *rv->alias->aliasname
                              ? rv->alias->aliasname
                              : rel);
        return;
      }
      auto other = ctx.catalog.tables.find(schema.empty() ? ctx.ResolveRelation("", rel)
                                                          : QualifiedName{schema, rel});
      if (other != ctx.catalog.tables.end() && other->second.FindColumn(from))
        other_has_column = true;
    });
    if (qualifiers.empty()) continue;
    std::string new_value = to, old_value = from;
    std::vector<std::pair<char**, char*>> restore;
    // A select-list entry that is the bare column keeps its output name.
    VisitMessages(&root->base, [&](const ProtobufCMessage* m) {
      if (m->descriptor != &pg_query__res_target__descriptor) return;
      auto* rt = const_cast<PgQuery__ResTarget*>(reinterpret_cast<const PgQuery__ResTarget*>(m));
      if ((rt->name && *rt->name) || !rt->val ||
          rt->val->node_case != PG_QUERY__NODE__NODE_COLUMN_REF)
        return;
      const PgQuery__ColumnRef* ref = rt->val->column_ref;
      if (RefColumn(ref) != from) return;
      restore.emplace_back(&rt->name, rt->name);
      rt->name = old_value.data();
    });
    bool changed = false;
    VisitColumnRefs(root, [&](const PgQuery__ColumnRef* ref) {
      if (ref->n_fields == 0 || ref->n_fields > 3) return;
      PgQuery__Node* last = ref->fields[ref->n_fields - 1];
      if (last->node_case != PG_QUERY__NODE__NODE_STRING || !last->string || RefColumn(ref) != from)
        return;
      bool ours =
          ref->n_fields == 1
              ? !other_has_column
              : qualifiers.count(std::string(StringValue(ref->fields[ref->n_fields - 2]))) > 0;
      if (!ours) return;
      restore.emplace_back(&last->string->sval, last->string->sval);
      last->string->sval = new_value.data();
      changed = true;
    });
    if (changed) view.definition = DeparseStatement(root);
    for (auto it = restore.rbegin(); it != restore.rend(); ++it) *it->first = it->second;
  }
}

void RenameColumn(ReplayContext& ctx, const PgQuery__RenameStmt* stmt) {
  if (!stmt->relation) return;
  QualifiedName name = ResolveRel(ctx, stmt->relation);
  std::string from = TruncateIdentifier(Str(stmt->subname));
  std::string to = TruncateIdentifier(Str(stmt->newname));
  ctx.NotRetrySafe();
  if (auto v = ctx.catalog.views.find(name); v != ctx.catalog.views.end()) {
    // A view's columns are its query's output: only explicit column names are kept.
    std::vector<std::string>& cols = v->second.columns;
    auto it = std::find(cols.begin(), cols.end(), from);
    if (it == cols.end()) {
      ctx.Unmodeled(
          fmt::format("renaming a column of view {}: the view's output columns are not modelled",
                      name.ToString()));
      return;
    }
    if (Contains(cols, to)) {
      ctx.AlreadyExists(ObjectKind::kColumn, fmt::format("{}.{}", name.ToString(), to));
      return;
    }
    *it = to;
    model::Change& ch = ctx.AddChange(ChangeOp::kRename, ObjectKind::kColumn, name, from);
    ch.new_name = to;
    ch.on_existing = ctx.ExistedBefore(name);
    return;
  }
  auto tit = ctx.catalog.tables.find(name);
  if (tit == ctx.catalog.tables.end()) {
    if (stmt->missing_ok && !ctx.catalog.HasRelation(name)) return;  // NOTICE, skipped
    ctx.DoesNotExist(ObjectKind::kTable, name.ToString());
    return;
  }
  if (!tit->second.FindColumn(from)) {
    ctx.DoesNotExist(ObjectKind::kColumn, fmt::format("{}.{}", name.ToString(), from));
    return;
  }
  if (tit->second.FindColumn(to)) {
    ctx.AlreadyExists(ObjectKind::kColumn, fmt::format("{}.{}", name.ToString(), to));
    return;
  }
  for (const QualifiedName& p : ParentsOf(tit->second)) {
    auto pit = ctx.catalog.tables.find(p);
    if (pit != ctx.catalog.tables.end() && pit->second.FindColumn(from)) {
      ctx.DependencyError(fmt::format("cannot rename inherited column \"{}\"", from),
                          "rename the column of the parent table");
      return;
    }
  }
  bool only = !stmt->relation->inh;
  std::vector<QualifiedName> children = DescendantsOf(ctx.catalog, name);
  if (only && !children.empty()) {
    ctx.DependencyError(
        fmt::format("inherited column \"{}\" must be renamed in child tables too", from),
        "drop ONLY from the statement");
    return;
  }
  model::Change& ch = ctx.AddChange(ChangeOp::kRename, ObjectKind::kColumn, name, from);
  ch.new_name = to;
  ch.on_existing = ctx.ExistedBefore(name);
  RenameColumnIn(ctx, name, from, to);
  RenameColumnInViews(ctx, name, from, to);
  for (const QualifiedName& c : children) RenameColumnInViews(ctx, c, from, to);
  for (const QualifiedName& c : children) RenameColumnIn(ctx, c, from, to);
}

}  // namespace

void RenameTableOrColumn(ReplayContext& ctx, const PgQuery__RenameStmt* stmt) {
  if (!stmt || !stmt->relation) return;
  if (stmt->rename_type == PG_QUERY__OBJECT_TYPE__OBJECT_COLUMN) {
    RenameColumn(ctx, stmt);
    return;
  }
  QualifiedName from = ResolveRel(ctx, stmt->relation);
  const model::Catalog& c = ctx.catalog;
  if (!c.tables.count(from) && c.HasRelation(from)) {
    // ALTER TABLE ... RENAME TO works on any relation: hand views, indexes and sequences over.
    PgQuery__RenameStmt as_kind = *stmt;
    as_kind.rename_type = c.indexes.count(from)     ? PG_QUERY__OBJECT_TYPE__OBJECT_INDEX
                          : c.sequences.count(from) ? PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE
                          : c.views.count(from) && c.views.at(from).materialized
                              ? PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW
                              : PG_QUERY__OBJECT_TYPE__OBJECT_VIEW;
    if (c.composites.count(from)) {
      ctx.DoesNotExist(ObjectKind::kTable, from.ToString());  // "x is a composite type"
      return;
    }
    ReplayRename(ctx, &as_kind);
    return;
  }
  if (!c.tables.count(from)) {
    if (stmt->missing_ok) return;  // NOTICE, skipped
    ctx.NotRetrySafe();
    ctx.DoesNotExist(ObjectKind::kTable, from.ToString());
    return;
  }
  ctx.NotRetrySafe();
  QualifiedName to{from.schema, TruncateIdentifier(Str(stmt->newname))};
  if (c.HasRelation(to) || c.HasType(to)) {
    ctx.AlreadyExists(ObjectKind::kTable, to.ToString());
    return;
  }
  model::Change& ch = ctx.AddChange(ChangeOp::kRename, ObjectKind::kTable, from);
  ch.new_name = to.name;
  ch.on_existing = ctx.ExistedBefore(from);
  // Indexes, constraints and owned sequences keep their names (PostgreSQL renames none of
  // them); everything that refers to the table follows it.
  MoveRelationTo(ctx, from, to);
}

// ---- TRUNCATE -------------------------------------------------------------------------------

void ReplayTruncate(ReplayContext& ctx, const PgQuery__TruncateStmt* stmt) {
  if (!stmt) return;
  bool cascade = IsCascade(stmt->behavior);
  std::vector<QualifiedName> named;
  for (size_t i = 0; i < stmt->n_relations; ++i) {
    const PgQuery__Node* n = stmt->relations[i];
    if (n->node_case != PG_QUERY__NODE__NODE_RANGE_VAR || !n->range_var) continue;
    QualifiedName name = ResolveRel(ctx, n->range_var);
    if (!ctx.catalog.tables.count(name)) {
      ctx.DoesNotExist(ObjectKind::kTable, name.ToString());  // missing, or "x is not a table"
      return;
    }
    named.push_back(name);
    // Partitions (and, without ONLY, inheritance children) are truncated with their table.
    for (const QualifiedName& d : DescendantsOf(ctx.catalog, name)) {
      if (n->range_var->inh || ctx.catalog.tables.at(d).partition_of) named.push_back(d);
    }
  }
  std::set<QualifiedName> all(named.begin(), named.end());
  // Tables whose foreign keys reference a truncated table: an error without CASCADE,
  // truncated too with it.
  std::vector<QualifiedName> extra;
  for (bool grew = true; grew;) {
    grew = false;
    for (const auto& [key, t] : ctx.catalog.tables) {
      if (all.count(key)) continue;
      for (const auto& [cname, c] : t.constraints) {
        if (c.kind != ConstraintKind::kForeignKey || !all.count(c.ref_table)) continue;
        if (!cascade) {
          ctx.DependencyError(
              fmt::format("cannot truncate a table referenced in a foreign key constraint (table "
                          "\"{}\" references \"{}\")",
                          key.name, c.ref_table.name),
              "truncate the referencing table in the same statement, or use TRUNCATE ... CASCADE");
          return;
        }
        all.insert(key);
        extra.push_back(key);
        grew = true;
        break;
      }
    }
  }
  std::set<QualifiedName> recorded;
  for (const QualifiedName& n : named) {
    if (!recorded.insert(n).second) continue;
    model::Change& ch = ctx.AddChange(ChangeOp::kTruncate, ObjectKind::kTable, n);
    ch.cascade = cascade;
    ch.on_existing = ctx.ExistedBefore(n);
  }
  for (const QualifiedName& n : extra) {
    if (!recorded.insert(n).second) continue;
    model::Change& ch = ctx.AddChange(ChangeOp::kTruncate, ObjectKind::kTable, n);
    ch.cascade = true;
    ch.on_existing = ctx.ExistedBefore(n);
  }
}

// ---- DROP TABLE -----------------------------------------------------------------------------

namespace {

/// Removes a table with what belongs to it: its indexes (constraints, triggers and policies
/// live inside it), the sequences it owns and its partitions.
void RemoveTable(ReplayContext& ctx, const QualifiedName& name) {
  for (const QualifiedName& p : ChildrenOf(ctx.catalog, name)) {
    auto it = ctx.catalog.tables.find(p);
    if (it == ctx.catalog.tables.end() || it->second.partition_of != name) continue;
    model::Change& ch = ctx.AddChange(ChangeOp::kDrop, ObjectKind::kTable, p);
    ch.cascade = true;
    ch.on_existing = ctx.ExistedBefore(p);
    RemoveTable(ctx, p);
  }
  for (auto it = ctx.catalog.indexes.begin(); it != ctx.catalog.indexes.end();) {
    it = it->second.table == name ? ctx.catalog.indexes.erase(it) : std::next(it);
  }
  for (auto it = ctx.catalog.sequences.begin(); it != ctx.catalog.sequences.end();) {
    it = it->second.owned_by_table == name ? ctx.catalog.sequences.erase(it) : std::next(it);
  }
  ctx.catalog.tables.erase(name);
}

/// What outside the table depends on it: foreign keys of other tables, inheritance children,
/// columns of its row type. `dropping` holds the tables the same statement drops.
struct TableDependents {
  std::vector<std::pair<QualifiedName, std::string>> foreign_keys;
  std::vector<QualifiedName> children;
  std::vector<std::pair<QualifiedName, std::string>> row_type_columns;
  bool empty() const {
    return foreign_keys.empty() && children.empty() && row_type_columns.empty();
  }
};

TableDependents DependentsOfTable(const model::Catalog& catalog, const QualifiedName& name,
                                  const std::set<QualifiedName>& dropping) {
  TableDependents d;
  std::set<QualifiedName> family = {name};
  for (const QualifiedName& p : PartitionsOf(catalog, name)) family.insert(p);
  std::string row_type = name.ToString();
  for (const auto& [key, t] : catalog.tables) {
    if (family.count(key) || dropping.count(key)) continue;
    for (const auto& [cname, c] : t.constraints) {
      if (c.kind == ConstraintKind::kForeignKey && family.count(c.ref_table))
        d.foreign_keys.emplace_back(key, cname);
    }
    if (std::find(t.inherits.begin(), t.inherits.end(), name) != t.inherits.end())
      d.children.push_back(key);
    for (const model::Column& c : t.columns) {
      if (c.type.name == row_type) d.row_type_columns.emplace_back(key, c.name);
    }
  }
  return d;
}

/// DROP TABLE of one table (CASCADE: with its dependents).
void DropOneTable(ReplayContext& ctx, const QualifiedName& name, bool cascade, bool guarded,
                  const std::set<QualifiedName>& dropping, bool record) {
  TableDependents deps = DependentsOfTable(ctx.catalog, name, dropping);
  std::vector<ViewUse> views = ViewsReadingTable(ctx, name, "");
  if (!deps.empty() && !cascade) {
    std::string what =
        !deps.foreign_keys.empty() ? fmt::format("constraint {} on table {} depends on table {}",
                                                 deps.foreign_keys.front().second,
                                                 deps.foreign_keys.front().first.name, name.name)
        : !deps.children.empty()
            ? fmt::format("table {} depends on table {}", deps.children.front().name, name.name)
            : fmt::format("column {} of table {} depends on type {}",
                          deps.row_type_columns.front().second,
                          deps.row_type_columns.front().first.name, name.name);
    ctx.DependencyError(fmt::format("cannot drop table {} because other objects depend on it ({})",
                                    name.name, what),
                        "drop the dependent objects first, or use DROP TABLE ... CASCADE");
    return;
  }
  if (!views.empty() && !cascade) {
    ctx.DependencyError(
        fmt::format("cannot drop table {} because other objects depend on it (view {} "
                    "depends on table {})",
                    name.name, views.front().view.name, name.name),
        "drop the view first, or use DROP TABLE ... CASCADE");
    return;
  }
  if (record) {
    model::Change& ch = ctx.AddChange(ChangeOp::kDrop, ObjectKind::kTable, name);
    ch.guarded = guarded;
    ch.cascade = cascade;
    ch.on_existing = ctx.ExistedBefore(name);
  }
  if (cascade) {
    for (const auto& [table, con] : deps.foreign_keys) {
      auto it = ctx.catalog.tables.find(table);
      if (it == ctx.catalog.tables.end() || !it->second.constraints.erase(con)) continue;
      model::Change& fc = ctx.AddChange(ChangeOp::kDrop, ObjectKind::kConstraint, table, con);
      fc.cascade = true;
      fc.constraint_kind = "FOREIGN KEY";
      fc.on_existing = ctx.ExistedBefore(table);
    }
    for (const auto& [table, col] : deps.row_type_columns) CascadeDropColumn(ctx, table, col);
    for (const QualifiedName& child : deps.children) {
      if (!ctx.catalog.tables.count(child)) continue;
      model::Change& cc = ctx.AddChange(ChangeOp::kDrop, ObjectKind::kTable, child);
      cc.cascade = true;
      cc.on_existing = ctx.ExistedBefore(child);
      DropOneTable(ctx, child, true, false, dropping, false);
    }
    DropDependentViews(ctx, name);
  }
  RemoveTable(ctx, name);
}

}  // namespace

void DropTable(ReplayContext& ctx, const PgQuery__DropStmt* stmt, const QualifiedName& resolved) {
  if (!stmt) return;
  if (!stmt->missing_ok) ctx.NotRetrySafe();
  auto temp_first = [&](QualifiedName n) {
    if (!ctx.catalog.HasRelation(n) && n.schema == ctx.CreationSchema() &&
        ctx.catalog.HasRelation({std::string(kTempSchema), n.name})) {
      n.schema = std::string(kTempSchema);
    }
    return n;
  };
  QualifiedName name = temp_first(resolved);
  // An unqualified name finds a temporary table first.
  for (size_t i = 0; i < stmt->n_objects; ++i) {
    const PgQuery__Node* obj = stmt->objects[i];
    if (obj->node_case == PG_QUERY__NODE__NODE_LIST && obj->list && obj->list->n_items == 1 &&
        TruncateIdentifier(StringValue(obj->list->items[0])) == name.name &&
        ctx.catalog.tables.count({std::string(kTempSchema), name.name})) {
      name.schema = std::string(kTempSchema);
    }
  }
  if (!ctx.catalog.tables.count(name)) {
    // Another kind of relation is an error even with IF EXISTS ("\"x\" is not a table").
    if (stmt->missing_ok && !ctx.catalog.HasRelation(name)) return;  // NOTICE, skipped
    ctx.DoesNotExist(ObjectKind::kTable, name.ToString());
    return;
  }
  // The other tables the statement drops do not count as dependents.
  std::set<QualifiedName> dropping;
  for (size_t i = 0; i < stmt->n_objects; ++i) {
    const PgQuery__Node* obj = stmt->objects[i];
    if (obj->node_case != PG_QUERY__NODE__NODE_LIST || !obj->list) continue;
    std::vector<std::string> parts = Names(obj->list->items, obj->list->n_items);
    if (parts.empty()) continue;
    QualifiedName n = parts.size() >= 2 ? QualifiedName{parts[parts.size() - 2], parts.back()}
                                        : temp_first(ctx.ResolveRelation("", parts.back()));
    dropping.insert(n);
    for (const QualifiedName& p : PartitionsOf(ctx.catalog, n)) dropping.insert(p);
  }
  DropOneTable(ctx, name, IsCascade(stmt->behavior), stmt->missing_ok, dropping, true);
}

}  // namespace sse::pg
