// Sequences: CREATE [TEMP] SEQUENCE [IF NOT EXISTS] with its options (AS, INCREMENT, MINVALUE /
// MAXVALUE, START, CACHE, CYCLE, OWNED BY), ALTER SEQUENCE (options, OWNED BY, RESTART) and
// DROP SEQUENCE (a sequence a column default uses needs CASCADE, which drops the default).
// Sequences owned by a column go with the column or its table (replay_table.cpp); identity
// sequences are part of their column and are not in Catalog::sequences.

#include <fmt/format.h>

#include <cerrno>
#include <cstdlib>
#include <limits>
#include <optional>

#include "dialects/postgres/replay.hpp"

namespace sse::pg {

using model::ChangeOp;
using model::ObjectKind;
using model::QualifiedName;

namespace {

constexpr std::string_view kTempSchema = "pg_temp";

std::string Str(const char* s) { return s ? s : ""; }

QualifiedName ResolveRel(const ReplayContext& ctx, const PgQuery__RangeVar* rv) {
  std::string schema = Str(rv->schemaname);
  std::string name = TruncateIdentifier(Str(rv->relname));
  if (schema.empty() && ctx.catalog.HasRelation({std::string(kTempSchema), name})) {
    return {std::string(kTempSchema), name};
  }
  if (schema.rfind("pg_temp", 0) == 0) return {std::string(kTempSchema), name};
  return ctx.ResolveRelation(rv);
}

/// An identifier as quote_identifier() writes it.
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

/// The identity column whose implicit sequence a name may denote ("<table>_<column>_seq"), as
/// (table, column).
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

/// True when a column default names the sequence: nextval('public.s'::regclass), or 's'
/// unqualified in the table's schema.
bool DefaultUsesSequence(const std::string& def, const QualifiedName& table,
                         const QualifiedName& seq) {
  std::string qualified = "'" + QuoteIdent(seq.schema) + "." + QuoteIdent(seq.name) + "'";
  std::string bare = "'" + QuoteIdent(seq.name) + "'";
  return def.find(qualified) != std::string::npos ||
         (table.schema == seq.schema && def.find(bare) != std::string::npos);
}

int64_t TypeMin(const std::string& type) {
  if (type == "smallint") return std::numeric_limits<int16_t>::min();
  if (type == "integer") return std::numeric_limits<int32_t>::min();
  return std::numeric_limits<int64_t>::min();
}

int64_t TypeMax(const std::string& type) {
  if (type == "smallint") return std::numeric_limits<int16_t>::max();
  if (type == "integer") return std::numeric_limits<int32_t>::max();
  return std::numeric_limits<int64_t>::max();
}

/// The value of a numeric DefElem argument (Integer, or Float for values beyond 32 bits).
std::optional<int64_t> IntArg(const PgQuery__DefElem* d) {
  if (!d->arg) return std::nullopt;
  const PgQuery__Node* a = d->arg;
  if (a->node_case == PG_QUERY__NODE__NODE_INTEGER && a->integer) return a->integer->ival;
  if (a->node_case == PG_QUERY__NODE__NODE_FLOAT && a->float_ && a->float_->fval) {
    errno = 0;
    char* end = nullptr;
    long long v = std::strtoll(a->float_->fval, &end, 10);
    if (errno == 0 && end && *end == '\0') return static_cast<int64_t>(v);
  }
  return std::nullopt;
}

bool BoolArg(const PgQuery__DefElem* d) {
  if (!d->arg) return true;
  const PgQuery__Node* a = d->arg;
  if (a->node_case == PG_QUERY__NODE__NODE_BOOLEAN && a->boolean) return a->boolean->boolval;
  if (a->node_case == PG_QUERY__NODE__NODE_INTEGER && a->integer) return a->integer->ival != 0;
  return true;
}

/// A sequence's settings with every default made explicit.
struct Settings {
  std::string type = "bigint";
  int64_t increment = 1;
  int64_t min = 1;
  int64_t max = std::numeric_limits<int64_t>::max();
  int64_t start = 1;
  int64_t cache = 1;
  bool cycle = false;
};

Settings Effective(const model::Sequence& s) {
  Settings e;
  e.type = s.type;
  e.increment = s.increment;
  bool asc = s.increment > 0;
  e.min = s.min_value.value_or(asc ? 1 : TypeMin(s.type));
  e.max = s.max_value.value_or(asc ? TypeMax(s.type) : -1);
  e.start = s.start;
  e.cache = s.cache;
  e.cycle = s.cycle;
  return e;
}

/// Stores settings in the model's form: limits equal to the defaults of the type and direction
/// are left unset.
void Store(model::Sequence& s, const Settings& e) {
  s.type = e.type;
  s.increment = e.increment;
  bool asc = e.increment > 0;
  int64_t dmin = asc ? 1 : TypeMin(e.type);
  int64_t dmax = asc ? TypeMax(e.type) : -1;
  s.min_value = e.min == dmin ? std::nullopt : std::optional<int64_t>(e.min);
  s.max_value = e.max == dmax ? std::nullopt : std::optional<int64_t>(e.max);
  s.start = e.start;
  s.cache = e.cache;
  s.cycle = e.cycle;
}

/// The OWNED BY clause of a statement: absent, NONE, or a table and column.
struct OwnedBy {
  bool given = false;
  bool none = false;
  QualifiedName table;
  std::string column;
};

/// Applies CREATE / ALTER SEQUENCE options to a sequence. Returns false after reporting a
/// failure.
bool ApplyOptions(ReplayContext& ctx, model::Sequence& seq, PgQuery__Node* const* options, size_t n,
                  bool create, OwnedBy& owned) {
  Settings e = Effective(seq);
  std::string old_type = e.type;
  bool min_set = false, max_set = false, start_set = false, type_set = false;
  std::optional<int64_t> min_value, max_value;
  for (size_t i = 0; i < n; ++i) {
    const PgQuery__Node* o = options[i];
    if (o->node_case != PG_QUERY__NODE__NODE_DEF_ELEM || !o->def_elem) continue;
    const PgQuery__DefElem* d = o->def_elem;
    std::string name = Str(d->defname);
    if (name == "as") {
      if (d->arg && d->arg->node_case == PG_QUERY__NODE__NODE_TYPE_NAME) {
        model::TypeRef t = ctx.Type(d->arg->type_name);
        if (t.name != "smallint" && t.name != "integer" && t.name != "bigint") {
          ctx.DependencyError(
              fmt::format("sequence type must be smallint, integer, or bigint (not {})", t.name),
              "use AS smallint, AS integer or AS bigint");
          return false;
        }
        e.type = t.name;
        type_set = true;
      }
    } else if (name == "increment") {
      if (auto v = IntArg(d)) e.increment = *v;
    } else if (name == "minvalue") {
      min_set = true;
      min_value = IntArg(d);
    } else if (name == "maxvalue") {
      max_set = true;
      max_value = IntArg(d);
    } else if (name == "start") {
      if (auto v = IntArg(d)) {
        e.start = *v;
        start_set = true;
      }
    } else if (name == "cache") {
      if (auto v = IntArg(d)) e.cache = *v;
    } else if (name == "cycle") {
      e.cycle = BoolArg(d);
    } else if (name == "owned_by") {
      owned.given = true;
      std::vector<std::string> parts;
      if (d->arg && d->arg->node_case == PG_QUERY__NODE__NODE_LIST && d->arg->list) {
        for (size_t k = 0; k < d->arg->list->n_items; ++k) {
          parts.push_back(TruncateIdentifier(StringValue(d->arg->list->items[k])));
        }
      }
      if (parts.size() == 1 && parts[0] == "none") {
        owned.none = true;
      } else if (parts.size() >= 2) {
        owned.column = parts.back();
        owned.table = parts.size() >= 3
                          ? QualifiedName{parts[parts.size() - 3], parts[parts.size() - 2]}
                          : ctx.ResolveRelation("", parts[0]);
        if (parts.size() == 2 && ctx.catalog.HasRelation({std::string(kTempSchema), parts[0]})) {
          owned.table = {std::string(kTempSchema), parts[0]};
        }
      }
    }
    // "restart" changes the sequence's current value only; "sequence_name" / "logged" concern
    // identity columns and persistence.
  }
  bool asc = e.increment > 0;
  // A new type moves limits that were the old type's defaults to the new type's.
  if (min_set) {
    e.min = min_value.value_or(asc ? 1 : TypeMin(e.type));
  } else if (create || (type_set && e.min == TypeMin(old_type))) {
    e.min = asc ? 1 : TypeMin(e.type);
  }
  if (max_set) {
    e.max = max_value.value_or(asc ? TypeMax(e.type) : -1);
  } else if (create || (type_set && e.max == TypeMax(old_type))) {
    e.max = asc ? TypeMax(e.type) : -1;
  }
  if (create && !start_set) e.start = asc ? e.min : e.max;
  Store(seq, e);
  if (owned.given && !owned.none) {
    auto t = ctx.catalog.tables.find(owned.table);
    if (t == ctx.catalog.tables.end()) {
      ctx.DoesNotExist(ObjectKind::kTable, owned.table.ToString());
      return false;
    }
    if (owned.table.schema != seq.name.schema) {
      ctx.DependencyError("sequence must be in same schema as table it is linked to",
                          "create the sequence in the table's schema");
      return false;
    }
    if (!t->second.FindColumn(owned.column)) {
      ctx.DoesNotExist(ObjectKind::kColumn,
                       fmt::format("{}.{}", owned.table.ToString(), owned.column));
      return false;
    }
  }
  if (owned.given) {
    if (owned.none) {
      seq.owned_by_table.reset();
      seq.owned_by_column.clear();
    } else {
      seq.owned_by_table = owned.table;
      seq.owned_by_column = owned.column;
    }
  }
  return true;
}

}  // namespace

void ReplayCreateSequence(ReplayContext& ctx, const PgQuery__CreateSeqStmt* stmt) {
  if (!stmt || !stmt->sequence) return;
  const PgQuery__RangeVar* rv = stmt->sequence;
  bool temp = rv->relpersistence && rv->relpersistence[0] == 't';
  std::string schema = Str(rv->schemaname);
  if ((temp && schema.empty()) || schema.rfind("pg_temp", 0) == 0)
    schema = std::string(kTempSchema);
  QualifiedName name = ctx.NameForCreate(schema, Str(rv->relname));
  if (!stmt->if_not_exists) ctx.NotRetrySafe();
  if (ctx.catalog.HasRelation(name) || IdentitySequence(ctx.catalog, name)) {
    if (stmt->if_not_exists) return;  // NOTICE: relation already exists, skipping
    ctx.AlreadyExists(ObjectKind::kSequence, name.ToString());
    return;
  }
  if (ctx.catalog.HasType(name)) {
    ctx.AlreadyExists(ObjectKind::kSequence, name.ToString());  // its row type would clash
    return;
  }
  if (!ctx.catalog.schemas.count(name.schema) && name.schema != kTempSchema &&
      ctx.catalog.extensions.empty()) {
    ctx.DoesNotExist(ObjectKind::kSchema, name.schema);
    return;
  }
  model::Sequence seq;
  seq.name = name;
  OwnedBy owned;
  if (!ApplyOptions(ctx, seq, stmt->options, stmt->n_options, true, owned)) return;
  ctx.catalog.sequences[name] = seq;
  ctx.MarkCreated(name);
  model::Change& ch = ctx.AddChange(ChangeOp::kCreate, ObjectKind::kSequence, name);
  ch.guarded = stmt->if_not_exists;
}

void ReplayAlterSequence(ReplayContext& ctx, const PgQuery__AlterSeqStmt* stmt) {
  if (!stmt || !stmt->sequence) return;
  QualifiedName name = ResolveRel(ctx, stmt->sequence);
  auto it = ctx.catalog.sequences.find(name);
  if (it == ctx.catalog.sequences.end()) {
    if (IdentitySequence(ctx.catalog, name)) {
      // The sequence of an identity column: its settings are not modelled.
      ctx.AddChange(ChangeOp::kAlter, ObjectKind::kSequence, name).on_existing =
          ctx.ExistedBefore(IdentitySequence(ctx.catalog, name)->first);
      return;
    }
    if (stmt->missing_ok && !ctx.catalog.HasRelation(name)) return;  // NOTICE, skipped
    ctx.DoesNotExist(ObjectKind::kSequence, name.ToString());
    return;
  }
  model::Sequence seq = it->second;
  OwnedBy owned;
  if (!ApplyOptions(ctx, seq, stmt->options, stmt->n_options, false, owned)) return;
  model::Change& ch = ctx.AddChange(ChangeOp::kAlter, ObjectKind::kSequence, name);
  ch.guarded = stmt->missing_ok;
  ch.on_existing = ctx.ExistedBefore(name);
  ctx.catalog.sequences[name] = seq;
}

void DropSequence(ReplayContext& ctx, const PgQuery__DropStmt* stmt,
                  const QualifiedName& resolved) {
  if (!stmt) return;
  if (!stmt->missing_ok) ctx.NotRetrySafe();
  QualifiedName name = resolved;
  if (!ctx.catalog.HasRelation(name) && name.schema == ctx.CreationSchema() &&
      ctx.catalog.HasRelation({std::string(kTempSchema), name.name})) {
    name.schema = std::string(kTempSchema);
  }
  bool cascade = stmt->behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE;
  if (!ctx.catalog.sequences.count(name)) {
    if (auto identity = IdentitySequence(ctx.catalog, name)) {
      ctx.DependencyError(
          fmt::format("cannot drop sequence {} because column {} of table {} requires it",
                      name.name, identity->second, identity->first.name),
          "drop the identity instead: ALTER TABLE ... ALTER COLUMN ... DROP IDENTITY");
      return;
    }
    // Another kind of relation is an error even with IF EXISTS ("\"x\" is not a sequence").
    if (stmt->missing_ok && !ctx.catalog.HasRelation(name)) return;  // NOTICE, skipped
    ctx.DoesNotExist(ObjectKind::kSequence, name.ToString());
    return;
  }
  // Column defaults that call nextval() on it depend on it.
  std::vector<std::pair<QualifiedName, std::string>> defaults;
  for (const auto& [key, t] : ctx.catalog.tables) {
    for (const model::Column& c : t.columns) {
      if (c.default_expr && DefaultUsesSequence(*c.default_expr, key, name))
        defaults.emplace_back(key, c.name);
    }
  }
  if (!defaults.empty() && !cascade) {
    ctx.DependencyError(
        fmt::format("cannot drop sequence {} because other objects depend on it (default value for "
                    "column {} of table {} depends on sequence {})",
                    name.name, defaults.front().second, defaults.front().first.name, name.name),
        "drop the column default first, or use DROP SEQUENCE ... CASCADE");
    return;
  }
  model::Change& ch = ctx.AddChange(ChangeOp::kDrop, ObjectKind::kSequence, name);
  ch.guarded = stmt->missing_ok;
  ch.cascade = cascade;
  ch.on_existing = ctx.ExistedBefore(name);
  for (const auto& [table, column] : defaults) {
    if (model::Column* c = ctx.catalog.tables.at(table).FindColumn(column)) c->default_expr.reset();
    model::Change& dc = ctx.AddChange(ChangeOp::kAlter, ObjectKind::kColumn, table, column);
    dc.cascade = true;
    dc.on_existing = ctx.ExistedBefore(table);
  }
  ctx.catalog.sequences.erase(name);
}

}  // namespace sse::pg
