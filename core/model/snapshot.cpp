#include "core/model/snapshot.hpp"

#include <fmt/format.h>

#include "core/util/json_out.hpp"
#include "core/util/json_text.hpp"

namespace sse::model {

namespace {

// ---- writing -----------------------------------------------------------------------------
//
// The snapshot is written directly with JsonOut, member by member in a fixed order (the bytes
// are those nlohmann's dump(2) gave for the document this once built: at 10,000 tables that
// document held three times the memory of the 40 MB text and took 0.5 s to build).

void PutStrAlways(JsonOut& j, const char* key, std::string_view v) {
  j.Key(key);
  j.String(v);
}
void PutName(JsonOut& j, const QualifiedName& n) {
  PutStrAlways(j, "schema", n.schema);
  PutStrAlways(j, "name", n.name);
}
/// `key`: {"schema": ..., "name": ...}.
void PutNameObject(JsonOut& j, const char* key, const QualifiedName& n) {
  j.Key(key);
  j.BeginObject();
  PutName(j, n);
  j.EndObject();
}
void PutOpt(JsonOut& j, const char* key, const std::optional<std::string>& v) {
  if (v) PutStrAlways(j, key, *v);
}
void PutStr(JsonOut& j, const char* key, std::string_view v) {
  if (!v.empty()) PutStrAlways(j, key, v);
}
void PutBool(JsonOut& j, const char* key, bool v) {
  if (!v) return;
  j.Key(key);
  j.Bool(true);
}
void PutInt(JsonOut& j, const char* key, int64_t v) {
  j.Key(key);
  j.Int(v);
}
void PutListAlways(JsonOut& j, const char* key, const std::vector<std::string>& v) {
  j.Key(key);
  j.BeginArray();
  for (const std::string& s : v) j.String(s);
  j.EndArray();
}
void PutList(JsonOut& j, const char* key, const std::vector<std::string>& v) {
  if (!v.empty()) PutListAlways(j, key, v);
}
void PutType(JsonOut& j, const char* key, const TypeRef& t) {
  j.Key(key);
  j.BeginObject();
  PutStrAlways(j, "name", t.name);
  PutList(j, "modifiers", t.modifiers);
  if (t.array_dims) PutInt(j, "array_dims", t.array_dims);
  j.EndObject();
}
/// `key`: [...] with `write(j, item)` for each item of a list or each value of a map.
template <typename Items, typename Write>
void PutArray(JsonOut& j, const char* key, const Items& items, Write write) {
  j.Key(key);
  j.BeginArray();
  for (const auto& item : items) {
    if constexpr (requires { item.second; }) {
      write(j, item.second);
    } else {
      write(j, item);
    }
  }
  j.EndArray();
}
/// PutArray when the list or map is not empty.
template <typename Items, typename Write>
void PutNonEmptyArray(JsonOut& j, const char* key, const Items& items, Write write) {
  if (!items.empty()) PutArray(j, key, items, write);
}

std::string_view IdentityText(Identity i) {
  switch (i) {
    case Identity::kNone:
      return "";
    case Identity::kAlways:
      return "always";
    case Identity::kByDefault:
      return "by default";
  }
  return "";
}

void WriteColumn(JsonOut& j, const Column& c) {
  j.BeginObject();
  PutStrAlways(j, "name", c.name);
  PutType(j, "type", c.type);
  PutBool(j, "not_null", c.not_null);
  PutOpt(j, "default", c.default_expr);
  PutStr(j, "identity", IdentityText(c.identity));
  PutOpt(j, "generated", c.generated);
  PutOpt(j, "collation", c.collation);
  PutOpt(j, "comment", c.comment);
  j.EndObject();
}

std::string_view KindText(ConstraintKind k) {
  switch (k) {
    case ConstraintKind::kPrimaryKey:
      return "primary_key";
    case ConstraintKind::kUnique:
      return "unique";
    case ConstraintKind::kCheck:
      return "check";
    case ConstraintKind::kForeignKey:
      return "foreign_key";
    case ConstraintKind::kExclusion:
      return "exclusion";
  }
  return "check";
}

void WriteConstraint(JsonOut& j, const Constraint& c) {
  j.BeginObject();
  PutStrAlways(j, "name", c.name);
  PutStrAlways(j, "kind", KindText(c.kind));
  PutList(j, "columns", c.columns);
  PutStr(j, "expression", c.expression);
  if (c.kind == ConstraintKind::kForeignKey) {
    j.Key("references");
    j.BeginObject();
    PutName(j, c.ref_table);
    PutListAlways(j, "columns", c.ref_columns);
    j.EndObject();
    if (c.on_delete != RefAction::kNoAction)
      PutStrAlways(j, "on_delete", RefActionSql(c.on_delete));
    if (c.on_update != RefAction::kNoAction)
      PutStrAlways(j, "on_update", RefActionSql(c.on_update));
    PutStr(j, "match", c.match);
  }
  PutStr(j, "using", c.using_method);
  PutNonEmptyArray(j, "elements", c.elements, [](JsonOut& o, const ExclusionElement& e) {
    o.BeginObject();
    PutStrAlways(o, "expression", e.expression);
    PutStrAlways(o, "operator", e.op);
    o.EndObject();
  });
  PutStr(j, "where", c.where);
  PutBool(j, "deferrable", c.deferrable);
  PutBool(j, "initially_deferred", c.initially_deferred);
  PutBool(j, "not_valid", c.not_valid);
  PutBool(j, "no_inherit", c.no_inherit);
  PutBool(j, "nulls_not_distinct", c.nulls_not_distinct);
  PutList(j, "include", c.include);
  PutOpt(j, "comment", c.comment);
  j.EndObject();
}

void WriteTrigger(JsonOut& j, const Trigger& t) {
  j.BeginObject();
  PutStrAlways(j, "name", t.name);
  PutStrAlways(j, "timing", TriggerTimingSql(t.timing));
  PutListAlways(j, "events", t.events);
  PutList(j, "update_of", t.update_of);
  PutBool(j, "for_each_row", t.for_each_row);
  PutStr(j, "when", t.when);
  PutNameObject(j, "function", t.function);
  PutList(j, "arguments", t.arguments);
  PutStr(j, "body", t.body);
  PutBool(j, "constraint", t.constraint);
  PutBool(j, "deferrable", t.deferrable);
  PutBool(j, "initially_deferred", t.initially_deferred);
  PutOpt(j, "comment", t.comment);
  j.EndObject();
}

void WritePolicy(JsonOut& j, const Policy& p) {
  j.BeginObject();
  PutStrAlways(j, "name", p.name);
  if (!p.permissive) {
    j.Key("permissive");
    j.Bool(false);
  }
  PutStrAlways(j, "command", p.command);
  PutList(j, "roles", p.roles);
  PutStr(j, "using", p.using_expr);
  PutStr(j, "with_check", p.check_expr);
  PutOpt(j, "comment", p.comment);
  j.EndObject();
}

std::string_view PersistenceText(Persistence p) {
  switch (p) {
    case Persistence::kPermanent:
      return "";
    case Persistence::kUnlogged:
      return "unlogged";
    case Persistence::kTemporary:
      return "temporary";
  }
  return "";
}

void WriteTable(JsonOut& j, const Table& t) {
  j.BeginObject();
  PutName(j, t.name);
  PutArray(j, "columns", t.columns, WriteColumn);
  PutNonEmptyArray(j, "constraints", t.constraints, WriteConstraint);
  PutNonEmptyArray(j, "triggers", t.triggers, WriteTrigger);
  PutNonEmptyArray(j, "policies", t.policies, WritePolicy);
  PutStr(j, "persistence", PersistenceText(t.persistence));
  PutStr(j, "partition_by", t.partition_by);
  if (t.partition_of) PutNameObject(j, "partition_of", *t.partition_of);
  PutStr(j, "partition_bound", t.partition_bound);
  PutNonEmptyArray(j, "inherits", t.inherits, [](JsonOut& o, const QualifiedName& q) {
    o.BeginObject();
    PutName(o, q);
    o.EndObject();
  });
  PutBool(j, "rls_enabled", t.rls_enabled);
  PutBool(j, "rls_forced", t.rls_forced);
  PutList(j, "options", t.options);
  PutStr(j, "module", t.module);
  PutOpt(j, "comment", t.comment);
  j.EndObject();
}

void WriteView(JsonOut& j, const View& v) {
  j.BeginObject();
  PutName(j, v.name);
  PutBool(j, "materialized", v.materialized);
  PutStrAlways(j, "definition", v.definition);
  PutList(j, "columns", v.columns);
  PutStr(j, "check_option", v.check_option);
  PutOpt(j, "comment", v.comment);
  PutNonEmptyArray(j, "triggers", v.triggers, WriteTrigger);
  j.EndObject();
}

void WriteIndex(JsonOut& j, const Index& i) {
  j.BeginObject();
  PutName(j, i.name);
  PutNameObject(j, "table", i.table);
  PutBool(j, "unique", i.unique);
  PutBool(j, "nulls_not_distinct", i.nulls_not_distinct);
  if (i.method != "btree") PutStrAlways(j, "method", i.method);
  PutArray(j, "keys", i.keys, [](JsonOut& o, const IndexKey& k) {
    o.BeginObject();
    PutStrAlways(o, k.is_expression ? "expression" : "column", k.expression);
    PutStr(o, "opclass", k.opclass);
    PutStr(o, "collation", k.collation);
    PutBool(o, "descending", k.descending);
    if (k.nulls_first) {
      o.Key("nulls_first");
      o.Bool(*k.nulls_first);
    }
    o.EndObject();
  });
  PutList(j, "include", i.include);
  PutStr(j, "predicate", i.predicate);
  PutBool(j, "backs_constraint", i.backs_constraint);
  PutOpt(j, "comment", i.comment);
  j.EndObject();
}

void WriteSequence(JsonOut& j, const Sequence& s) {
  j.BeginObject();
  PutName(j, s.name);
  PutStrAlways(j, "type", s.type);
  PutInt(j, "start", s.start);
  PutInt(j, "increment", s.increment);
  if (s.min_value) PutInt(j, "min_value", *s.min_value);
  if (s.max_value) PutInt(j, "max_value", *s.max_value);
  PutInt(j, "cache", s.cache);
  PutBool(j, "cycle", s.cycle);
  if (s.owned_by_table) {
    j.Key("owned_by");
    j.BeginObject();
    PutName(j, *s.owned_by_table);
    PutStrAlways(j, "column", s.owned_by_column);
    j.EndObject();
  }
  PutOpt(j, "comment", s.comment);
  j.EndObject();
}

void WriteEnum(JsonOut& j, const EnumType& e) {
  j.BeginObject();
  PutName(j, e.name);
  PutListAlways(j, "values", e.values);
  PutOpt(j, "comment", e.comment);
  j.EndObject();
}

void WriteDomain(JsonOut& j, const Domain& d) {
  j.BeginObject();
  PutName(j, d.name);
  PutType(j, "type", d.base);
  PutBool(j, "not_null", d.not_null);
  PutOpt(j, "default", d.default_expr);
  PutOpt(j, "collation", d.collation);
  PutNonEmptyArray(j, "checks", d.checks, [](JsonOut& o, const DomainCheck& ch) {
    o.BeginObject();
    PutStrAlways(o, "name", ch.name);
    PutStrAlways(o, "expression", ch.expression);
    PutBool(o, "not_valid", ch.not_valid);
    o.EndObject();
  });
  PutOpt(j, "comment", d.comment);
  j.EndObject();
}

void WriteComposite(JsonOut& j, const CompositeType& t) {
  j.BeginObject();
  PutName(j, t.name);
  PutArray(j, "attributes", t.attributes, [](JsonOut& o, const CompositeAttribute& a) {
    o.BeginObject();
    PutStrAlways(o, "name", a.name);
    PutType(o, "type", a.type);
    PutOpt(o, "collation", a.collation);
    o.EndObject();
  });
  PutOpt(j, "comment", t.comment);
  j.EndObject();
}

void WriteFunction(JsonOut& j, const Function& f) {
  j.BeginObject();
  PutName(j, f.name);
  PutBool(j, "procedure", f.procedure);
  PutArray(j, "arguments", f.args, [](JsonOut& o, const FunctionArg& a) {
    o.BeginObject();
    PutStr(o, "name", a.name);
    PutType(o, "type", a.type);
    if (a.mode != "IN") PutStrAlways(o, "mode", a.mode);
    PutOpt(o, "default", a.default_expr);
    o.EndObject();
  });
  PutStr(j, "returns", f.returns);
  PutStrAlways(j, "language", f.language);
  PutStrAlways(j, "body", f.body);
  if (f.volatility != "VOLATILE") PutStrAlways(j, "volatility", f.volatility);
  PutBool(j, "strict", f.strict);
  PutBool(j, "security_definer", f.security_definer);
  PutOpt(j, "comment", f.comment);
  j.EndObject();
}

void WriteCatalog(JsonOut& j, const Catalog& c) {
  j.BeginObject();
  PutStrAlways(j, "format", "schema-snapshot");
  PutInt(j, "version", kSnapshotVersion);
  PutStrAlways(j, "dialect", c.dialect);
  PutArray(j, "schemas", c.schemas, [](JsonOut& o, const Schema& s) {
    o.BeginObject();
    PutStrAlways(o, "name", s.name);
    PutOpt(o, "comment", s.comment);
    o.EndObject();
  });
  PutArray(j, "extensions", c.extensions, [](JsonOut& o, const Extension& e) {
    o.BeginObject();
    PutStrAlways(o, "name", e.name);
    PutStr(o, "schema", e.schema);
    PutStr(o, "version", e.version);
    PutOpt(o, "comment", e.comment);
    o.EndObject();
  });
  PutArray(j, "tables", c.tables, WriteTable);
  PutArray(j, "views", c.views, WriteView);
  PutArray(j, "indexes", c.indexes, WriteIndex);
  PutArray(j, "sequences", c.sequences, WriteSequence);
  PutArray(j, "enums", c.enums, WriteEnum);
  PutArray(j, "domains", c.domains, WriteDomain);
  PutArray(j, "composite_types", c.composites, WriteComposite);
  PutArray(j, "functions", c.functions, WriteFunction);
  j.EndObject();
}

}  // namespace

std::string WriteSnapshot(const Catalog& catalog) {
  std::string text;
  JsonOut j(text);
  WriteCatalog(j, catalog);
  text += '\n';
  return text;
}

void WriteSnapshot(const Catalog& catalog, std::ostream& out) {
  JsonOut j(out);
  WriteCatalog(j, catalog);
  j.Raw("\n");
  j.Flush();
}

bool IsSnapshot(const nlohmann::json& doc) {
  return doc.is_object() && doc.contains("format") && doc["format"] == "schema-snapshot";
}

// ---- reading -------------------------------------------------------------------------------

namespace {

using J = nlohmann::json;

/// Reads a snapshot value; throws SnapshotError with a JSON-pointer-ish path on a wrong shape.
struct SnapshotError {
  std::string message;
};

std::string Str(const J& j, const char* key, std::string def = {}) {
  if (!j.contains(key)) return def;
  if (!j[key].is_string()) throw SnapshotError{fmt::format("'{}' must be a string", key)};
  return j[key].get<std::string>();
}
std::optional<std::string> OptStr(const J& j, const char* key) {
  if (!j.contains(key)) return std::nullopt;
  return Str(j, key);
}
bool Bool(const J& j, const char* key, bool def = false) {
  if (!j.contains(key)) return def;
  if (!j[key].is_boolean()) throw SnapshotError{fmt::format("'{}' must be true or false", key)};
  return j[key].get<bool>();
}
int64_t Int(const J& j, const char* key, int64_t def = 0) {
  if (!j.contains(key)) return def;
  if (!j[key].is_number_integer()) throw SnapshotError{fmt::format("'{}' must be an integer", key)};
  return j[key].get<int64_t>();
}
std::vector<std::string> List(const J& j, const char* key) {
  std::vector<std::string> out;
  if (!j.contains(key)) return out;
  if (!j[key].is_array()) throw SnapshotError{fmt::format("'{}' must be a list", key)};
  for (const J& v : j[key]) {
    if (!v.is_string()) throw SnapshotError{fmt::format("'{}' must hold strings", key)};
    out.push_back(v.get<std::string>());
  }
  return out;
}
const J& Array(const J& j, const char* key) {
  static const J kEmpty = J::array();
  if (!j.contains(key)) return kEmpty;
  if (!j[key].is_array()) throw SnapshotError{fmt::format("'{}' must be a list", key)};
  return j[key];
}
QualifiedName Name(const J& j) { return {Str(j, "schema"), Str(j, "name")}; }
TypeRef Type(const J& j) {
  if (!j.is_object()) throw SnapshotError{"a type must be an object with a name"};
  TypeRef t;
  t.name = Str(j, "name");
  t.modifiers = List(j, "modifiers");
  t.array_dims = static_cast<int>(Int(j, "array_dims"));
  return t;
}
RefAction Action(const std::string& s) {
  if (s == "RESTRICT") return RefAction::kRestrict;
  if (s == "CASCADE") return RefAction::kCascade;
  if (s == "SET NULL") return RefAction::kSetNull;
  if (s == "SET DEFAULT") return RefAction::kSetDefault;
  return RefAction::kNoAction;
}

void ReadTriggers(const J& j, std::map<std::string, Trigger>& out) {
  for (const J& tj : Array(j, "triggers")) {
    Trigger tr;
    tr.name = Str(tj, "name");
    std::string timing = Str(tj, "timing");
    tr.timing = timing == "BEFORE"       ? TriggerTiming::kBefore
                : timing == "INSTEAD OF" ? TriggerTiming::kInsteadOf
                                         : TriggerTiming::kAfter;
    tr.events = List(tj, "events");
    tr.update_of = List(tj, "update_of");
    tr.for_each_row = Bool(tj, "for_each_row");
    tr.when = Str(tj, "when");
    if (tj.contains("function")) tr.function = Name(tj["function"]);
    tr.arguments = List(tj, "arguments");
    tr.body = Str(tj, "body");
    tr.constraint = Bool(tj, "constraint");
    tr.deferrable = Bool(tj, "deferrable");
    tr.initially_deferred = Bool(tj, "initially_deferred");
    tr.comment = OptStr(tj, "comment");
    out[tr.name] = std::move(tr);
  }
}

Table ReadTable(const J& j) {
  Table t;
  t.name = Name(j);
  for (const J& cj : Array(j, "columns")) {
    Column c;
    c.name = Str(cj, "name");
    c.type = Type(cj.at("type"));
    c.not_null = Bool(cj, "not_null");
    c.default_expr = OptStr(cj, "default");
    std::string id = Str(cj, "identity");
    c.identity = id == "always"       ? Identity::kAlways
                 : id == "by default" ? Identity::kByDefault
                                      : Identity::kNone;
    c.generated = OptStr(cj, "generated");
    c.collation = OptStr(cj, "collation");
    c.comment = OptStr(cj, "comment");
    t.columns.push_back(std::move(c));
  }
  for (const J& cj : Array(j, "constraints")) {
    Constraint c;
    c.name = Str(cj, "name");
    std::string kind = Str(cj, "kind");
    c.kind = kind == "primary_key"   ? ConstraintKind::kPrimaryKey
             : kind == "unique"      ? ConstraintKind::kUnique
             : kind == "foreign_key" ? ConstraintKind::kForeignKey
             : kind == "exclusion"   ? ConstraintKind::kExclusion
                                     : ConstraintKind::kCheck;
    c.columns = List(cj, "columns");
    c.expression = Str(cj, "expression");
    if (cj.contains("references")) {
      c.ref_table = Name(cj["references"]);
      c.ref_columns = List(cj["references"], "columns");
    }
    c.on_delete = Action(Str(cj, "on_delete"));
    c.on_update = Action(Str(cj, "on_update"));
    c.match = Str(cj, "match");
    c.using_method = Str(cj, "using");
    for (const J& e : Array(cj, "elements"))
      c.elements.push_back({Str(e, "expression"), Str(e, "operator")});
    c.where = Str(cj, "where");
    c.deferrable = Bool(cj, "deferrable");
    c.initially_deferred = Bool(cj, "initially_deferred");
    c.not_valid = Bool(cj, "not_valid");
    c.no_inherit = Bool(cj, "no_inherit");
    c.nulls_not_distinct = Bool(cj, "nulls_not_distinct");
    c.include = List(cj, "include");
    c.comment = OptStr(cj, "comment");
    t.constraints[c.name] = std::move(c);
  }
  ReadTriggers(j, t.triggers);
  for (const J& pj : Array(j, "policies")) {
    Policy p;
    p.name = Str(pj, "name");
    p.permissive = Bool(pj, "permissive", true);
    p.command = Str(pj, "command", "ALL");
    p.roles = List(pj, "roles");
    p.using_expr = Str(pj, "using");
    p.check_expr = Str(pj, "with_check");
    p.comment = OptStr(pj, "comment");
    t.policies[p.name] = std::move(p);
  }
  std::string persistence = Str(j, "persistence");
  t.persistence = persistence == "unlogged"    ? Persistence::kUnlogged
                  : persistence == "temporary" ? Persistence::kTemporary
                                               : Persistence::kPermanent;
  t.partition_by = Str(j, "partition_by");
  if (j.contains("partition_of")) t.partition_of = Name(j["partition_of"]);
  t.partition_bound = Str(j, "partition_bound");
  for (const J& ij : Array(j, "inherits")) t.inherits.push_back(Name(ij));
  t.rls_enabled = Bool(j, "rls_enabled");
  t.rls_forced = Bool(j, "rls_forced");
  t.options = List(j, "options");
  t.module = Str(j, "module");
  t.comment = OptStr(j, "comment");
  return t;
}

Catalog ReadCatalog(const J& j) {
  Catalog c;
  c.dialect = Str(j, "dialect");
  for (const J& sj : Array(j, "schemas")) {
    Schema s{Str(sj, "name"), OptStr(sj, "comment")};
    c.schemas[s.name] = s;
  }
  for (const J& ej : Array(j, "extensions")) {
    Extension e{Str(ej, "name"), Str(ej, "schema"), Str(ej, "version"), OptStr(ej, "comment")};
    c.extensions[e.name] = e;
  }
  for (const J& tj : Array(j, "tables")) {
    Table t = ReadTable(tj);
    QualifiedName key = t.name;
    c.tables[key] = std::move(t);
  }
  for (const J& vj : Array(j, "views")) {
    View v;
    v.name = Name(vj);
    v.materialized = Bool(vj, "materialized");
    v.definition = Str(vj, "definition");
    v.columns = List(vj, "columns");
    v.check_option = Str(vj, "check_option");
    v.comment = OptStr(vj, "comment");
    ReadTriggers(vj, v.triggers);
    c.views[v.name] = std::move(v);
  }
  for (const J& ij : Array(j, "indexes")) {
    Index i;
    i.name = Name(ij);
    if (ij.contains("table")) i.table = Name(ij["table"]);
    i.unique = Bool(ij, "unique");
    i.nulls_not_distinct = Bool(ij, "nulls_not_distinct");
    i.method = Str(ij, "method", "btree");
    for (const J& kj : Array(ij, "keys")) {
      IndexKey k;
      k.is_expression = kj.contains("expression");
      k.expression = Str(kj, k.is_expression ? "expression" : "column");
      k.opclass = Str(kj, "opclass");
      k.collation = Str(kj, "collation");
      k.descending = Bool(kj, "descending");
      if (kj.contains("nulls_first")) k.nulls_first = Bool(kj, "nulls_first");
      i.keys.push_back(std::move(k));
    }
    i.include = List(ij, "include");
    i.predicate = Str(ij, "predicate");
    i.backs_constraint = Bool(ij, "backs_constraint");
    i.comment = OptStr(ij, "comment");
    c.indexes[i.name] = std::move(i);
  }
  for (const J& sj : Array(j, "sequences")) {
    Sequence s;
    s.name = Name(sj);
    s.type = Str(sj, "type", "bigint");
    s.start = Int(sj, "start", 1);
    s.increment = Int(sj, "increment", 1);
    if (sj.contains("min_value")) s.min_value = Int(sj, "min_value");
    if (sj.contains("max_value")) s.max_value = Int(sj, "max_value");
    s.cache = Int(sj, "cache", 1);
    s.cycle = Bool(sj, "cycle");
    if (sj.contains("owned_by")) {
      s.owned_by_table = Name(sj["owned_by"]);
      s.owned_by_column = Str(sj["owned_by"], "column");
    }
    s.comment = OptStr(sj, "comment");
    c.sequences[s.name] = std::move(s);
  }
  for (const J& ej : Array(j, "enums")) {
    EnumType e{Name(ej), List(ej, "values"), OptStr(ej, "comment")};
    c.enums[e.name] = std::move(e);
  }
  for (const J& dj : Array(j, "domains")) {
    Domain d;
    d.name = Name(dj);
    d.base = Type(dj.at("type"));
    d.not_null = Bool(dj, "not_null");
    d.default_expr = OptStr(dj, "default");
    d.collation = OptStr(dj, "collation");
    for (const J& ch : Array(dj, "checks"))
      d.checks.push_back({Str(ch, "name"), Str(ch, "expression"), Bool(ch, "not_valid")});
    d.comment = OptStr(dj, "comment");
    c.domains[d.name] = std::move(d);
  }
  for (const J& tj : Array(j, "composite_types")) {
    CompositeType t;
    t.name = Name(tj);
    for (const J& aj : Array(tj, "attributes"))
      t.attributes.push_back({Str(aj, "name"), Type(aj.at("type")), OptStr(aj, "collation")});
    t.comment = OptStr(tj, "comment");
    c.composites[t.name] = std::move(t);
  }
  for (const J& fj : Array(j, "functions")) {
    Function f;
    f.name = Name(fj);
    f.procedure = Bool(fj, "procedure");
    for (const J& aj : Array(fj, "arguments")) {
      FunctionArg a;
      a.name = Str(aj, "name");
      a.type = Type(aj.at("type"));
      a.mode = Str(aj, "mode", "IN");
      a.default_expr = OptStr(aj, "default");
      f.args.push_back(std::move(a));
    }
    f.returns = Str(fj, "returns");
    f.language = Str(fj, "language");
    f.body = Str(fj, "body");
    f.volatility = Str(fj, "volatility", "VOLATILE");
    f.strict = Bool(fj, "strict");
    f.security_definer = Bool(fj, "security_definer");
    f.comment = OptStr(fj, "comment");
    c.functions[f.Signature()] = std::move(f);
  }
  return c;
}

}  // namespace

Result<Catalog> ReadSnapshot(const SourceFile& file) {
  auto doc = ParseJson(file, JsonOptions{false, false, 0});
  if (!doc.ok()) return std::move(doc).error();
  const J& j = doc->value;
  if (!IsSnapshot(j)) {
    return Error(ErrorCode::kParse, "not a schema snapshot (no \"format\": \"schema-snapshot\")",
                 SourceLoc::File(file.path()));
  }
  int64_t version =
      j.contains("version") && j["version"].is_number_integer() ? j["version"].get<int64_t>() : 0;
  if (version < 1 || version > kSnapshotVersion) {
    return Error(ErrorCode::kParse,
                 fmt::format("snapshot version {} is not supported (this schema reads version {})",
                             version, kSnapshotVersion),
                 SourceLoc::File(file.path()));
  }
  try {
    return ReadCatalog(j);
  } catch (const SnapshotError& e) {
    return Error(ErrorCode::kParse, "malformed snapshot: " + e.message,
                 SourceLoc::File(file.path()));
  } catch (const nlohmann::json::exception& e) {
    return Error(ErrorCode::kParse, std::string("malformed snapshot: ") + e.what(),
                 SourceLoc::File(file.path()));
  }
}

}  // namespace sse::model
