// WriteSnapshot writes the snapshot directly; its bytes must be those of the JSON document the
// snapshot format describes, dumped by nlohmann with indent 2 and invalid UTF-8 replaced (what
// `schema snapshot` printed when it built that document, and what golden files hold), for every
// object kind, optional fields set and unset, and whatever the strings hold.

#include <gtest/gtest.h>

#include <sstream>

#include <nlohmann/json.hpp>

#include "core/model/snapshot.hpp"
#include "tests/support/full_catalog.hpp"

namespace sse::model {
namespace {

// ---- The reference: the snapshot as an nlohmann document (the writer before it was direct) ----

using Json = nlohmann::ordered_json;

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

std::string IdentityText(Identity i) {
  return i == Identity::kAlways ? "always" : i == Identity::kByDefault ? "by default" : "";
}

Json ColumnJson(const Column& c) {
  Json j;
  j["name"] = c.name;
  j["type"] = TypeJson(c.type);
  PutBool(j, "not_null", c.not_null);
  PutOpt(j, "default", c.default_expr);
  PutStr(j, "identity", IdentityText(c.identity));
  PutOpt(j, "generated", c.generated);
  PutOpt(j, "collation", c.collation);
  PutOpt(j, "comment", c.comment);
  return j;
}

std::string KindText(ConstraintKind k) {
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
  j["kind"] = KindText(c.kind);
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

std::string PersistenceText(Persistence p) {
  return p == Persistence::kUnlogged ? "unlogged" : p == Persistence::kTemporary ? "temporary" : "";
}

template <typename Map, typename Fn>
Json Each(const Map& map, Fn fn) {
  Json a = Json::array();
  for (const auto& [k, v] : map) a.push_back(fn(v));
  return a;
}

Json TableJson(const Table& t) {
  Json j;
  PutName(j, t.name);
  Json cols = Json::array();
  for (const Column& c : t.columns) cols.push_back(ColumnJson(c));
  j["columns"] = std::move(cols);
  if (!t.constraints.empty()) j["constraints"] = Each(t.constraints, ConstraintJson);
  if (!t.triggers.empty()) j["triggers"] = Each(t.triggers, TriggerJson);
  if (!t.policies.empty()) j["policies"] = Each(t.policies, PolicyJson);
  PutStr(j, "persistence", PersistenceText(t.persistence));
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

Json ViewJson(const View& v) {
  Json vj;
  PutName(vj, v.name);
  PutBool(vj, "materialized", v.materialized);
  vj["definition"] = v.definition;
  PutList(vj, "columns", v.columns);
  PutStr(vj, "check_option", v.check_option);
  PutOpt(vj, "comment", v.comment);
  if (!v.triggers.empty()) vj["triggers"] = Each(v.triggers, TriggerJson);
  return vj;
}

Json DomainJson(const Domain& d) {
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
}

Json CompositeJson(const CompositeType& t) {
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
}

/// The snapshot as a document, dumped by nlohmann: the reference bytes.
std::string ReferenceSnapshot(const Catalog& c) {
  Json j;
  j["format"] = "schema-snapshot";
  j["version"] = kSnapshotVersion;
  j["dialect"] = c.dialect;
  j["schemas"] = Each(c.schemas, [](const Schema& s) {
    Json sj;
    sj["name"] = s.name;
    PutOpt(sj, "comment", s.comment);
    return sj;
  });
  j["extensions"] = Each(c.extensions, [](const Extension& e) {
    Json ej;
    ej["name"] = e.name;
    PutStr(ej, "schema", e.schema);
    PutStr(ej, "version", e.version);
    PutOpt(ej, "comment", e.comment);
    return ej;
  });
  j["tables"] = Each(c.tables, TableJson);
  j["views"] = Each(c.views, ViewJson);
  j["indexes"] = Each(c.indexes, IndexJson);
  j["sequences"] = Each(c.sequences, SequenceJson);
  j["enums"] = Each(c.enums, [](const EnumType& e) {
    Json ej;
    PutName(ej, e.name);
    ej["values"] = e.values;
    PutOpt(ej, "comment", e.comment);
    return ej;
  });
  j["domains"] = Each(c.domains, DomainJson);
  j["composite_types"] = Each(c.composites, CompositeJson);
  j["functions"] = Each(c.functions, FunctionJson);
  return j.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

std::string Streamed(const Catalog& c) {
  std::ostringstream out;
  WriteSnapshot(c, out);
  return out.str();
}

TEST(SnapshotJson, FullCatalogAsTheDocumentWasDumped) {
  Catalog c = testing::FullCatalog();
  EXPECT_EQ(WriteSnapshot(c), ReferenceSnapshot(c));
  EXPECT_EQ(Streamed(c), ReferenceSnapshot(c));
}

TEST(SnapshotJson, EveryOptionalFieldUnset) {
  Catalog c = testing::SparseCatalog();
  EXPECT_EQ(WriteSnapshot(c), ReferenceSnapshot(c));
  EXPECT_EQ(Streamed(c), ReferenceSnapshot(c));
}

TEST(SnapshotJson, EmptyCatalog) {
  Catalog c;
  c.dialect = "sqlite";
  EXPECT_EQ(WriteSnapshot(c), ReferenceSnapshot(c));
  EXPECT_EQ(Streamed(c), ReferenceSnapshot(c));
}

TEST(SnapshotJson, OddStringsEverywhere) {
  Catalog c = testing::OddCatalog();
  std::string text = WriteSnapshot(c);
  EXPECT_EQ(text, ReferenceSnapshot(c));
  EXPECT_EQ(Streamed(c), text);
  // Invalid UTF-8 came out as U+FFFD, so the text is JSON that reads back.
  EXPECT_EQ(nlohmann::json::parse(text)["tables"].size(), c.tables.size());
}

TEST(SnapshotJson, LargerThanTheStreamBuffer) {
  // Many tables, so that the streamed writer passes its buffer on several times mid-document.
  Catalog c = testing::FullCatalog();
  Table base = c.tables.begin()->second;
  for (int n = 0; n < 2000; ++n) {
    Table t = base;
    t.name = {"bulk", "t" + std::to_string(n)};
    c.tables[t.name] = t;
  }
  std::string text = WriteSnapshot(c);
  EXPECT_GT(text.size(), 1u << 20);
  EXPECT_EQ(text, ReferenceSnapshot(c));
  EXPECT_EQ(Streamed(c), text);
}

}  // namespace
}  // namespace sse::model
