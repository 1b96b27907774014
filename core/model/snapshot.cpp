#include "core/model/snapshot.hpp"

#include <fmt/format.h>

#include "core/util/json_text.hpp"

namespace sse::model {

using Json = nlohmann::ordered_json;

namespace {

// ---- writing -----------------------------------------------------------------------------

void PutName(Json& j, const QualifiedName& n) {
  j["schema"] = n.schema;
  j["name"] = n.name;
}
void PutOpt(Json& j, const char* key, const std::optional<std::string>& v) {
  if (v) j[key] = *v;
}
void PutStr(Json& j, const char* key, const std::string& v) {
  if (!v.empty()) j[key] = v;
}
void PutBool(Json& j, const char* key, bool v) {
  if (v) j[key] = true;
}
void PutList(Json& j, const char* key, const std::vector<std::string>& v) {
  if (!v.empty()) j[key] = v;
}
Json TypeJson(const TypeRef& t) {
  Json j;
  j["name"] = t.name;
  if (!t.modifiers.empty()) j["modifiers"] = t.modifiers;
  if (t.array_dims) j["array_dims"] = t.array_dims;
  return j;
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

Json ColumnJson(const Column& c) {
  Json j;
  j["name"] = c.name;
  j["type"] = TypeJson(c.type);
  PutBool(j, "not_null", c.not_null);
  PutOpt(j, "default", c.default_expr);
  PutStr(j, "identity", std::string(IdentityText(c.identity)));
  PutOpt(j, "generated", c.generated);
  PutOpt(j, "collation", c.collation);
  PutOpt(j, "comment", c.comment);
  return j;
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

Json ConstraintJson(const Constraint& c) {
  Json j;
  j["name"] = c.name;
  j["kind"] = std::string(KindText(c.kind));
  PutList(j, "columns", c.columns);
  PutStr(j, "expression", c.expression);
  if (c.kind == ConstraintKind::kForeignKey) {
    Json ref;
    PutName(ref, c.ref_table);
    ref["columns"] = c.ref_columns;
    j["references"] = std::move(ref);
    if (c.on_delete != RefAction::kNoAction)
      j["on_delete"] = std::string(RefActionSql(c.on_delete));
    if (c.on_update != RefAction::kNoAction)
      j["on_update"] = std::string(RefActionSql(c.on_update));
    PutStr(j, "match", c.match);
  }
  PutStr(j, "using", c.using_method);
  if (!c.elements.empty()) {
    Json els = Json::array();
    for (const auto& e : c.elements)
      els.push_back({{"expression", e.expression}, {"operator", e.op}});
    j["elements"] = std::move(els);
  }
  PutStr(j, "where", c.where);
  PutBool(j, "deferrable", c.deferrable);
  PutBool(j, "initially_deferred", c.initially_deferred);
  PutBool(j, "not_valid", c.not_valid);
  PutBool(j, "no_inherit", c.no_inherit);
  PutBool(j, "nulls_not_distinct", c.nulls_not_distinct);
  PutList(j, "include", c.include);
  PutOpt(j, "comment", c.comment);
  return j;
}

Json TriggerJson(const Trigger& t) {
  Json j;
  j["name"] = t.name;
  j["timing"] = std::string(TriggerTimingSql(t.timing));
  j["events"] = t.events;
  PutList(j, "update_of", t.update_of);
  PutBool(j, "for_each_row", t.for_each_row);
  PutStr(j, "when", t.when);
  Json f;
  PutName(f, t.function);
  j["function"] = std::move(f);
  PutList(j, "arguments", t.arguments);
  PutStr(j, "body", t.body);
  PutBool(j, "constraint", t.constraint);
  PutBool(j, "deferrable", t.deferrable);
  PutBool(j, "initially_deferred", t.initially_deferred);
  PutOpt(j, "comment", t.comment);
  return j;
}

Json PolicyJson(const Policy& p) {
  Json j;
  j["name"] = p.name;
  if (!p.permissive) j["permissive"] = false;
  j["command"] = p.command;
  PutList(j, "roles", p.roles);
  PutStr(j, "using", p.using_expr);
  PutStr(j, "with_check", p.check_expr);
  PutOpt(j, "comment", p.comment);
  return j;
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

Json TableJson(const Table& t) {
  Json j;
  PutName(j, t.name);
  Json cols = Json::array();
  for (const Column& c : t.columns) cols.push_back(ColumnJson(c));
  j["columns"] = std::move(cols);
  if (!t.constraints.empty()) {
    Json a = Json::array();
    for (const auto& [k, c] : t.constraints) a.push_back(ConstraintJson(c));
    j["constraints"] = std::move(a);
  }
  if (!t.triggers.empty()) {
    Json a = Json::array();
    for (const auto& [k, tr] : t.triggers) a.push_back(TriggerJson(tr));
    j["triggers"] = std::move(a);
  }
  if (!t.policies.empty()) {
    Json a = Json::array();
    for (const auto& [k, p] : t.policies) a.push_back(PolicyJson(p));
    j["policies"] = std::move(a);
  }
  PutStr(j, "persistence", std::string(PersistenceText(t.persistence)));
  PutStr(j, "partition_by", t.partition_by);
  if (t.partition_of) {
    Json p;
    PutName(p, *t.partition_of);
    j["partition_of"] = std::move(p);
  }
  PutStr(j, "partition_bound", t.partition_bound);
  if (!t.inherits.empty()) {
    Json a = Json::array();
    for (const auto& q : t.inherits) {
      Json p;
      PutName(p, q);
      a.push_back(std::move(p));
    }
    j["inherits"] = std::move(a);
  }
  PutBool(j, "rls_enabled", t.rls_enabled);
  PutBool(j, "rls_forced", t.rls_forced);
  PutList(j, "options", t.options);
  PutStr(j, "module", t.module);
  PutOpt(j, "comment", t.comment);
  return j;
}

Json IndexJson(const Index& i) {
  Json j;
  PutName(j, i.name);
  Json table;
  PutName(table, i.table);
  j["table"] = std::move(table);
  PutBool(j, "unique", i.unique);
  PutBool(j, "nulls_not_distinct", i.nulls_not_distinct);
  if (i.method != "btree") j["method"] = i.method;
  Json keys = Json::array();
  for (const IndexKey& k : i.keys) {
    Json kj;
    kj[k.is_expression ? "expression" : "column"] = k.expression;
    PutStr(kj, "opclass", k.opclass);
    PutStr(kj, "collation", k.collation);
    PutBool(kj, "descending", k.descending);
    if (k.nulls_first) kj["nulls_first"] = *k.nulls_first;
    keys.push_back(std::move(kj));
  }
  j["keys"] = std::move(keys);
  PutList(j, "include", i.include);
  PutStr(j, "predicate", i.predicate);
  PutBool(j, "backs_constraint", i.backs_constraint);
  PutOpt(j, "comment", i.comment);
  return j;
}

Json SequenceJson(const Sequence& s) {
  Json j;
  PutName(j, s.name);
  j["type"] = s.type;
  j["start"] = s.start;
  j["increment"] = s.increment;
  if (s.min_value) j["min_value"] = *s.min_value;
  if (s.max_value) j["max_value"] = *s.max_value;
  j["cache"] = s.cache;
  PutBool(j, "cycle", s.cycle);
  if (s.owned_by_table) {
    Json o;
    PutName(o, *s.owned_by_table);
    o["column"] = s.owned_by_column;
    j["owned_by"] = std::move(o);
  }
  PutOpt(j, "comment", s.comment);
  return j;
}

Json FunctionJson(const Function& f) {
  Json j;
  PutName(j, f.name);
  PutBool(j, "procedure", f.procedure);
  Json args = Json::array();
  for (const FunctionArg& a : f.args) {
    Json aj;
    PutStr(aj, "name", a.name);
    aj["type"] = TypeJson(a.type);
    if (a.mode != "IN") aj["mode"] = a.mode;
    PutOpt(aj, "default", a.default_expr);
    args.push_back(std::move(aj));
  }
  j["arguments"] = std::move(args);
  PutStr(j, "returns", f.returns);
  j["language"] = f.language;
  j["body"] = f.body;
  if (f.volatility != "VOLATILE") j["volatility"] = f.volatility;
  PutBool(j, "strict", f.strict);
  PutBool(j, "security_definer", f.security_definer);
  PutOpt(j, "comment", f.comment);
  return j;
}

}  // namespace

nlohmann::ordered_json SnapshotJson(const Catalog& c) {
  Json j;
  j["format"] = "schema-snapshot";
  j["version"] = kSnapshotVersion;
  j["dialect"] = c.dialect;
  Json schemas = Json::array();
  for (const auto& [k, s] : c.schemas) {
    Json sj;
    sj["name"] = s.name;
    PutOpt(sj, "comment", s.comment);
    schemas.push_back(std::move(sj));
  }
  j["schemas"] = std::move(schemas);
  Json exts = Json::array();
  for (const auto& [k, e] : c.extensions) {
    Json ej;
    ej["name"] = e.name;
    PutStr(ej, "schema", e.schema);
    PutStr(ej, "version", e.version);
    PutOpt(ej, "comment", e.comment);
    exts.push_back(std::move(ej));
  }
  j["extensions"] = std::move(exts);
  auto each = [](const auto& map, auto fn) {
    Json a = Json::array();
    for (const auto& [k, v] : map) a.push_back(fn(v));
    return a;
  };
  j["tables"] = each(c.tables, TableJson);
  j["views"] = each(c.views, [](const View& v) {
    Json vj;
    PutName(vj, v.name);
    PutBool(vj, "materialized", v.materialized);
    vj["definition"] = v.definition;
    PutList(vj, "columns", v.columns);
    PutStr(vj, "check_option", v.check_option);
    PutOpt(vj, "comment", v.comment);
    if (!v.triggers.empty()) {
      Json a = Json::array();
      for (const auto& [k, tr] : v.triggers) a.push_back(TriggerJson(tr));
      vj["triggers"] = std::move(a);
    }
    return vj;
  });
  j["indexes"] = each(c.indexes, IndexJson);
  j["sequences"] = each(c.sequences, SequenceJson);
  j["enums"] = each(c.enums, [](const EnumType& e) {
    Json ej;
    PutName(ej, e.name);
    ej["values"] = e.values;
    PutOpt(ej, "comment", e.comment);
    return ej;
  });
  j["domains"] = each(c.domains, [](const Domain& d) {
    Json dj;
    PutName(dj, d.name);
    dj["type"] = TypeJson(d.base);
    PutBool(dj, "not_null", d.not_null);
    PutOpt(dj, "default", d.default_expr);
    PutOpt(dj, "collation", d.collation);
    if (!d.checks.empty()) {
      Json a = Json::array();
      for (const auto& ch : d.checks) {
        Json cj;
        cj["name"] = ch.name;
        cj["expression"] = ch.expression;
        PutBool(cj, "not_valid", ch.not_valid);
        a.push_back(std::move(cj));
      }
      dj["checks"] = std::move(a);
    }
    PutOpt(dj, "comment", d.comment);
    return dj;
  });
  j["composite_types"] = each(c.composites, [](const CompositeType& t) {
    Json tj;
    PutName(tj, t.name);
    Json attrs = Json::array();
    for (const auto& a : t.attributes) {
      Json aj;
      aj["name"] = a.name;
      aj["type"] = TypeJson(a.type);
      PutOpt(aj, "collation", a.collation);
      attrs.push_back(std::move(aj));
    }
    tj["attributes"] = std::move(attrs);
    PutOpt(tj, "comment", t.comment);
    return tj;
  });
  j["functions"] = each(c.functions, FunctionJson);
  return j;
}

std::string WriteSnapshot(const Catalog& catalog) {
  return SnapshotJson(catalog).dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
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
