#include "tests/support/full_catalog.hpp"

#include <cstdint>

namespace sse::model {
namespace {

Catalog Build() {
  Catalog c;
  c.dialect = "postgres";
  c.schemas["public"] = Schema{"public", "standard public schema"};
  c.schemas["billing"] = Schema{"billing", std::nullopt};
  c.extensions["pgcrypto"] = Extension{"pgcrypto", "public", "1.3", "cryptographic functions"};

  Table t;
  t.name = {"billing", "invoices"};
  Column id{"id",         {"bigint", {}, 0}, true,        std::nullopt, Identity::kAlways,
            std::nullopt, std::nullopt,      std::nullopt};
  Column code{"code",
              {"character varying", {"32"}, 0},
              true,
              "'x'::text",
              Identity::kNone,
              std::nullopt,
              "C",
              "customer code"};
  Column tags{"tags",       {"text", {}, 1}, false,       std::nullopt, Identity::kByDefault,
              std::nullopt, std::nullopt,    std::nullopt};
  Column total{"total",         {"numeric", {"10", "2"}, 0},
               false,           std::nullopt,
               Identity::kNone, "(amount * 2)",
               std::nullopt,    std::nullopt};
  t.columns = {id, code, tags, total};
  Constraint pk;
  pk.name = "invoices_pkey";
  pk.kind = ConstraintKind::kPrimaryKey;
  pk.columns = {"id"};
  pk.include = {"code"};
  Constraint fk;
  fk.name = "invoices_code_fkey";
  fk.kind = ConstraintKind::kForeignKey;
  fk.columns = {"code"};
  fk.ref_table = {"public", "customers"};
  fk.ref_columns = {"code"};
  fk.on_delete = RefAction::kCascade;
  fk.on_update = RefAction::kSetNull;
  fk.match = "FULL";
  fk.deferrable = true;
  fk.initially_deferred = true;
  fk.not_valid = true;
  fk.comment = "owner";
  Constraint ck;
  ck.name = "invoices_total_check";
  ck.kind = ConstraintKind::kCheck;
  ck.expression = "total > 0";
  ck.no_inherit = true;
  Constraint ex;
  ex.name = "invoices_excl";
  ex.kind = ConstraintKind::kExclusion;
  ex.using_method = "gist";
  ex.elements = {{"code", "="}, {"tsrange(a, b)", "&&"}};
  ex.where = "code <> ''";
  Constraint uq;
  uq.name = "invoices_code_key";
  uq.kind = ConstraintKind::kUnique;
  uq.columns = {"code"};
  uq.nulls_not_distinct = true;
  for (Constraint* k : {&pk, &fk, &ck, &ex, &uq}) t.constraints[k->name] = *k;
  Trigger tr;
  tr.name = "touch";
  tr.timing = TriggerTiming::kBefore;
  tr.events = {"INSERT", "UPDATE"};
  tr.update_of = {"code"};
  tr.for_each_row = true;
  tr.when = "new.code IS NOT NULL";
  tr.function = {"public", "touch"};
  tr.arguments = {"a", "b"};
  tr.constraint = true;
  tr.deferrable = true;
  tr.initially_deferred = true;
  tr.comment = "keeps updated_at";
  t.triggers[tr.name] = tr;
  Policy po;
  po.name = "own_rows";
  po.permissive = false;
  po.command = "SELECT";
  po.roles = {"app", "reader"};
  po.using_expr = "owner = current_user";
  po.check_expr = "true";
  po.comment = "rls";
  t.policies[po.name] = po;
  t.persistence = Persistence::kUnlogged;
  t.partition_by = "RANGE (id)";
  t.inherits = {{"public", "base"}};
  t.rls_enabled = true;
  t.rls_forced = true;
  t.comment = "all invoices";
  c.tables[t.name] = t;

  Table part;
  part.name = {"billing", "invoices_2024"};
  part.partition_of = QualifiedName{"billing", "invoices"};
  part.partition_bound = "FOR VALUES FROM (1) TO (100)";
  part.persistence = Persistence::kTemporary;
  c.tables[part.name] = part;

  Index ix;
  ix.name = {"billing", "invoices_lower_idx"};
  ix.table = t.name;
  ix.unique = true;
  ix.nulls_not_distinct = true;
  ix.method = "hash";
  ix.keys = {{"lower(code)", true, "text_pattern_ops", "C", true, false},
             {"id", false, "", "", false, std::nullopt}};
  ix.include = {"total"};
  ix.predicate = "total > 0";
  ix.comment = "lookup";
  c.indexes[ix.name] = ix;
  Index pki;
  pki.name = {"billing", "invoices_pkey"};
  pki.table = t.name;
  pki.unique = true;
  pki.keys = {{"id", false, "", "", false, std::nullopt}};
  pki.backs_constraint = true;
  c.indexes[pki.name] = pki;

  Sequence s;
  s.name = {"billing", "numbers"};
  s.type = "integer";
  s.start = 100;
  s.increment = -2;
  s.min_value = -1000;
  s.max_value = 1000;
  s.cache = 20;
  s.cycle = true;
  s.owned_by_table = t.name;
  s.owned_by_column = "id";
  s.comment = "invoice numbers";
  c.sequences[s.name] = s;

  c.enums[{"public", "mood"}] = EnumType{{"public", "mood"}, {"sad", "ok", "happy"}, "feelings"};
  Domain d;
  d.name = {"public", "email"};
  d.base = {"text", {}, 0};
  d.not_null = true;
  d.default_expr = "''";
  d.collation = "C";
  d.checks = {{"email_check", "VALUE ~ '@'", true}};
  d.comment = "an address";
  c.domains[d.name] = d;
  CompositeType ct;
  ct.name = {"public", "pair"};
  ct.attributes = {{"a", {"integer", {}, 0}, std::nullopt}, {"b", {"text", {}, 0}, "C"}};
  ct.comment = "two things";
  c.composites[ct.name] = ct;

  View v;
  v.name = {"public", "open_invoices"};
  v.definition = "SELECT id FROM billing.invoices WHERE total > 0";
  v.columns = {"invoice_id"};
  v.check_option = "CASCADED";
  Trigger redirect = tr;
  redirect.name = "redirect";
  redirect.timing = TriggerTiming::kInsteadOf;
  v.triggers[redirect.name] = redirect;
  v.comment = "open";
  c.views[v.name] = v;
  View mv = v;
  mv.name = {"public", "totals"};
  mv.materialized = true;
  mv.triggers.clear();
  mv.check_option.clear();
  c.views[mv.name] = mv;

  Function f;
  f.name = {"public", "touch"};
  f.args = {{"n", {"integer", {}, 0}, "IN", "1"}, {"out_v", {"text", {}, 1}, "OUT", std::nullopt}};
  f.returns = "trigger";
  f.language = "plpgsql";
  f.body = "\nBEGIN\n  RETURN NEW;\nEND;\n";
  f.volatility = "STABLE";
  f.strict = true;
  f.security_definer = true;
  f.comment = "sets updated_at";
  c.functions[f.Signature()] = f;
  Function p;
  p.name = {"public", "archive"};
  p.procedure = true;
  p.language = "sql";
  p.body = "DELETE FROM t";
  c.functions[p.Signature()] = p;
  return c;
}

/// Quotes, backslashes, every escaped control character, other control characters, DEL,
/// multi-byte UTF-8, and bytes that are not UTF-8 (replaced by U+FFFD).
const std::vector<std::string>& OddStrings() {
  static const std::vector<std::string> kOdd = {
      "q\"uote",
      "back\\slash",
      std::string("\b\f\n\r\t"),
      std::string("nul\0byte", 8),
      "\x01\x1f\x7f",
      "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x90\x98 \xe6\x97\xa5\xe6\x9c\xac",
      "\xff\xfe bad",
      "truncated \xc3",
      "overlong \xc0\xaf and surrogate \xed\xa0\x80",
      "",
      "   ",
      "{\"json\": [1, 2]}",
  };
  return kOdd;
}

/// Every object kind with every optional field left unset (and the lists empty).
Catalog SparseCatalog() {
  Catalog c;
  c.dialect = "";
  c.schemas["s"] = Schema{"s", std::nullopt};
  c.extensions["e"] = Extension{"e", "", "", std::nullopt};
  Table t;
  t.name = {"s", "t"};
  c.tables[t.name] = t;
  Table t2;
  t2.name = {"s", "t2"};
  t2.columns.push_back(Column{"a",
                              {"integer", {}, 0},
                              false,
                              std::nullopt,
                              Identity::kNone,
                              std::nullopt,
                              std::nullopt,
                              std::nullopt});
  Constraint ck;
  ck.name = "c";
  ck.kind = ConstraintKind::kCheck;
  t2.constraints[ck.name] = ck;
  Constraint fk;
  fk.name = "f";
  fk.kind = ConstraintKind::kForeignKey;
  t2.constraints[fk.name] = fk;
  Trigger tr;
  tr.name = "tr";
  t2.triggers[tr.name] = tr;
  Policy p;
  p.name = "p";
  t2.policies[p.name] = p;
  c.tables[t2.name] = t2;
  View v;
  v.name = {"s", "v"};
  c.views[v.name] = v;
  Index i;
  i.name = {"s", "i"};
  c.indexes[i.name] = i;
  Index i2;
  i2.name = {"s", "i2"};
  i2.keys.push_back(IndexKey{});
  i2.keys.push_back(IndexKey{"k", false, "", "", false, false});
  c.indexes[i2.name] = i2;
  Sequence s;
  s.name = {"s", "seq"};
  c.sequences[s.name] = s;
  Sequence extreme;
  extreme.name = {"s", "extreme"};
  extreme.start = INT64_MIN;
  extreme.increment = -1;
  extreme.min_value = INT64_MIN;
  extreme.max_value = INT64_MAX;
  extreme.cache = 0;
  c.sequences[extreme.name] = extreme;
  c.enums[{"s", "en"}] = EnumType{{"s", "en"}, {}, std::nullopt};
  Domain d;
  d.name = {"s", "d"};
  c.domains[d.name] = d;
  CompositeType ct;
  ct.name = {"s", "ct"};
  c.composites[ct.name] = ct;
  Function f;
  f.name = {"s", "f"};
  c.functions[f.Signature()] = f;
  Function g;
  g.name = {"s", "g"};
  g.args.push_back(FunctionArg{});
  c.functions[g.Signature()] = g;
  return c;
}

/// FullCatalog with odd strings in every string field, one after the other.
Catalog OddCatalog() {
  Catalog c = testing::FullCatalog();
  const std::vector<std::string>& odd = OddStrings();
  size_t next = 0;
  auto o = [&]() { return odd[next++ % odd.size()]; };
  auto name = [&](QualifiedName& n) {
    n.schema = o();
    n.name = o();
  };
  auto list = [&](std::vector<std::string>& l) {
    for (std::string& s : l) s = o();
    l.push_back(o());
  };
  auto type = [&](TypeRef& t) {
    t.name = o();
    list(t.modifiers);
  };
  c.dialect = o();
  c.schemas["odd"] = Schema{o(), o()};
  c.extensions["odd"] = Extension{o(), o(), o(), o()};
  for (auto& [k, t] : c.tables) {
    t.comment = o();
    t.partition_by = o();
    t.partition_bound = o();
    t.module = o();
    list(t.options);
    for (QualifiedName& q : t.inherits) name(q);
    if (t.partition_of) name(*t.partition_of);
    for (Column& col : t.columns) {
      col.name = o();
      type(col.type);
      if (col.default_expr) col.default_expr = o();
      if (col.generated) col.generated = o();
      col.collation = o();
      col.comment = o();
    }
    for (auto& [ck, con] : t.constraints) {
      con.columns.push_back(o());
      con.expression = o();
      name(con.ref_table);
      list(con.ref_columns);
      con.match = o();
      con.using_method = o();
      for (ExclusionElement& e : con.elements) e = {o(), o()};
      con.where = o();
      list(con.include);
      con.comment = o();
    }
    for (auto& [tk, tr] : t.triggers) {
      list(tr.events);
      list(tr.update_of);
      tr.when = o();
      name(tr.function);
      list(tr.arguments);
      tr.body = o();
      tr.comment = o();
    }
    for (auto& [pk, p] : t.policies) {
      p.command = o();
      list(p.roles);
      p.using_expr = o();
      p.check_expr = o();
      p.comment = o();
    }
  }
  for (auto& [k, v] : c.views) {
    v.definition = o();
    list(v.columns);
    v.check_option = o();
    v.comment = o();
  }
  for (auto& [k, i] : c.indexes) {
    name(i.table);
    i.method = o();
    for (IndexKey& key : i.keys) {
      key.expression = o();
      key.opclass = o();
      key.collation = o();
    }
    list(i.include);
    i.predicate = o();
    i.comment = o();
  }
  for (auto& [k, s] : c.sequences) {
    s.type = o();
    s.owned_by_column = o();
    s.comment = o();
  }
  for (auto& [k, e] : c.enums) {
    list(e.values);
    e.comment = o();
  }
  for (auto& [k, d] : c.domains) {
    type(d.base);
    d.default_expr = o();
    d.collation = o();
    for (DomainCheck& ch : d.checks) ch = {o(), o(), ch.not_valid};
    d.comment = o();
  }
  for (auto& [k, ct] : c.composites) {
    for (CompositeAttribute& a : ct.attributes) {
      a.name = o();
      type(a.type);
      a.collation = o();
    }
    ct.comment = o();
  }
  for (auto& [k, f] : c.functions) {
    for (FunctionArg& a : f.args) {
      a.name = o();
      type(a.type);
      a.mode = o();
      a.default_expr = o();
    }
    f.returns = o();
    f.language = o();
    f.body = o();
    f.volatility = o();
    f.comment = o();
  }
  // Names last (the maps' keys stay as they were: the writer follows the maps' order).
  for (auto& [k, t] : c.tables) name(t.name);
  for (auto& [k, v] : c.views) name(v.name);
  for (auto& [k, i] : c.indexes) name(i.name);
  for (auto& [k, s] : c.sequences) name(s.name);
  for (auto& [k, f] : c.functions) name(f.name);
  return c;
}

}  // namespace
}  // namespace sse::model

namespace sse::testing {

model::Catalog FullCatalog() { return model::Build(); }
const std::vector<std::string>& OddStrings() { return model::OddStrings(); }
model::Catalog SparseCatalog() { return model::SparseCatalog(); }
model::Catalog OddCatalog() { return model::OddCatalog(); }

}  // namespace sse::testing
