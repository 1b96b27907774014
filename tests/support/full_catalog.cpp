#include "tests/support/full_catalog.hpp"

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

}  // namespace
}  // namespace sse::model

namespace sse::testing {

model::Catalog FullCatalog() { return model::Build(); }

}  // namespace sse::testing
