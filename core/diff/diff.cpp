#include "core/diff/diff.hpp"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "core/util/glob.hpp"

namespace sse::diff {

using namespace sse::model;

namespace {

std::string_view Bool(bool b) { return b ? "true" : "false"; }
std::string_view Opt(const std::optional<std::string>& s) {
  return s ? std::string_view(*s) : std::string_view("(none)");
}
std::string Join(const std::vector<std::string>& v) {
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) out += (i ? ", " : "") + v[i];
  return out;
}

std::string_view IdentityName(Identity i) {
  switch (i) {
    case Identity::kNone:
      return "none";
    case Identity::kAlways:
      return "always";
    case Identity::kByDefault:
      return "by default";
  }
  return "none";
}

class Differ {
 public:
  Differ(const CompareOptions& options) : options_(options) {}

  void Missing(std::string_view kind, std::string path) {
    Add({DifferenceKind::kMissing, std::string(kind), std::move(path), {}, {}, {}});
  }
  void Unexpected(std::string_view kind, std::string path) {
    Add({DifferenceKind::kUnexpected, std::string(kind), std::move(path), {}, {}, {}});
  }
  /// Records a changed property when the two rendered values differ; nothing is copied when they
  /// are equal (the common case: a 2,000-table comparison checks some 300,000 properties).
  void Changed(std::string_view kind, const std::string& path, std::string_view property,
               std::string_view expected, std::string_view actual) {
    if (expected == actual) return;
    Add({DifferenceKind::kChanged, std::string(kind), path, std::string(property),
         std::string(expected), std::string(actual)});
  }
  void Comment(const std::string& kind, const std::string& path,
               const std::optional<std::string>& e, const std::optional<std::string>& a) {
    if (options_.comments) Changed(kind, path, "comment", Opt(e), Opt(a));
  }

  /// Walks two maps with the same key: missing, unexpected, and `both` for common keys.
  template <typename Map, typename PathFn, typename BothFn>
  void Walk(const std::string& kind, const Map& expected, const Map& actual, PathFn path,
            BothFn both) {
    for (const auto& [key, e] : expected) {
      auto it = actual.find(key);
      if (it == actual.end()) {
        Missing(kind, path(key, e));
      } else if (!(e == it->second)) {  // equal objects render equally: nothing to report
        both(path(key, e), e, it->second);
      }
    }
    for (const auto& [key, a] : actual) {
      if (!expected.count(key)) Unexpected(kind, path(key, a));
    }
  }

  std::vector<Difference> Take() {
    std::stable_sort(out_.begin(), out_.end(), [](const Difference& a, const Difference& b) {
      if (a.path != b.path) return a.path < b.path;
      if (a.kind != b.kind) return a.kind < b.kind;
      return a.property < b.property;
    });
    return std::move(out_);
  }

 private:
  void Add(Difference d) {
    for (const std::string& g : options_.exclude) {
      if (GlobMatch(g, d.path)) return;
    }
    out_.push_back(std::move(d));
  }

  const CompareOptions& options_;
  std::vector<Difference> out_;
};

void CompareColumns(Differ& d, const std::string& table_path, const Table& e, const Table& a) {
  std::string path;  // reused: one allocation per table, not per column
  for (const Column& ec : e.columns) {
    path.assign(table_path).append(".").append(ec.name);
    const Column* ac = a.FindColumn(ec.name);
    if (!ac) {
      d.Missing("column", path);
      continue;
    }
    d.Changed("column", path, "type", ec.type.ToString(), ac->type.ToString());
    d.Changed("column", path, "nullable", Bool(!ec.not_null), Bool(!ac->not_null));
    d.Changed("column", path, "default", Opt(ec.default_expr), Opt(ac->default_expr));
    d.Changed("column", path, "identity", IdentityName(ec.identity), IdentityName(ac->identity));
    d.Changed("column", path, "generated", Opt(ec.generated), Opt(ac->generated));
    d.Changed("column", path, "collation", Opt(ec.collation), Opt(ac->collation));
    d.Comment("column", path, ec.comment, ac->comment);
  }
  for (const Column& ac : a.columns) {
    if (!e.FindColumn(ac.name)) d.Unexpected("column", table_path + "." + ac.name);
  }
}

void CompareConstraint(Differ& d, const std::string& path, const Constraint& e,
                       const Constraint& a) {
  d.Changed("constraint", path, "kind", ConstraintKindName(e.kind), ConstraintKindName(a.kind));
  d.Changed("constraint", path, "columns", Join(e.columns), Join(a.columns));
  d.Changed("constraint", path, "expression", e.expression, a.expression);
  if (e.kind == ConstraintKind::kForeignKey || a.kind == ConstraintKind::kForeignKey) {
    d.Changed("constraint", path, "references",
              e.ref_table.ToString() + "(" + Join(e.ref_columns) + ")",
              a.ref_table.ToString() + "(" + Join(a.ref_columns) + ")");
    d.Changed("constraint", path, "on delete", RefActionSql(e.on_delete),
              RefActionSql(a.on_delete));
    d.Changed("constraint", path, "on update", RefActionSql(e.on_update),
              RefActionSql(a.on_update));
    d.Changed("constraint", path, "match", e.match, a.match);
  }
  if (e.kind == ConstraintKind::kExclusion || a.kind == ConstraintKind::kExclusion) {
    auto els = [](const Constraint& c) {
      std::vector<std::string> out;
      for (const auto& el : c.elements) out.push_back(el.expression + " WITH " + el.op);
      return Join(out);
    };
    d.Changed("constraint", path, "using", e.using_method, a.using_method);
    d.Changed("constraint", path, "elements", els(e), els(a));
    d.Changed("constraint", path, "where", e.where, a.where);
  }
  d.Changed("constraint", path, "deferrable", Bool(e.deferrable), Bool(a.deferrable));
  d.Changed("constraint", path, "initially deferred", Bool(e.initially_deferred),
            Bool(a.initially_deferred));
  d.Changed("constraint", path, "not valid", Bool(e.not_valid), Bool(a.not_valid));
  d.Changed("constraint", path, "no inherit", Bool(e.no_inherit), Bool(a.no_inherit));
  d.Changed("constraint", path, "nulls not distinct", Bool(e.nulls_not_distinct),
            Bool(a.nulls_not_distinct));
  d.Changed("constraint", path, "include", Join(e.include), Join(a.include));
  d.Comment("constraint", path, e.comment, a.comment);
}

void CompareTrigger(Differ& d, const std::string& path, const Trigger& e, const Trigger& a) {
  d.Changed("trigger", path, "timing", TriggerTimingSql(e.timing), TriggerTimingSql(a.timing));
  d.Changed("trigger", path, "events", Join(e.events), Join(a.events));
  d.Changed("trigger", path, "update of", Join(e.update_of), Join(a.update_of));
  d.Changed("trigger", path, "for each row", Bool(e.for_each_row), Bool(a.for_each_row));
  d.Changed("trigger", path, "when", e.when, a.when);
  d.Changed("trigger", path, "function", e.function.ToString(), a.function.ToString());
  d.Changed("trigger", path, "arguments", Join(e.arguments), Join(a.arguments));
  d.Changed("trigger", path, "body", e.body, a.body);
  d.Changed("trigger", path, "constraint", Bool(e.constraint), Bool(a.constraint));
  d.Changed("trigger", path, "deferrable", Bool(e.deferrable), Bool(a.deferrable));
  d.Changed("trigger", path, "initially deferred", Bool(e.initially_deferred),
            Bool(a.initially_deferred));
  d.Comment("trigger", path, e.comment, a.comment);
}

void ComparePolicy(Differ& d, const std::string& path, const Policy& e, const Policy& a) {
  d.Changed("policy", path, "permissive", Bool(e.permissive), Bool(a.permissive));
  d.Changed("policy", path, "command", e.command, a.command);
  d.Changed("policy", path, "roles", Join(e.roles), Join(a.roles));
  d.Changed("policy", path, "using", e.using_expr, a.using_expr);
  d.Changed("policy", path, "with check", e.check_expr, a.check_expr);
  d.Comment("policy", path, e.comment, a.comment);
}

std::string_view PersistenceName(Persistence p) {
  switch (p) {
    case Persistence::kPermanent:
      return "permanent";
    case Persistence::kUnlogged:
      return "unlogged";
    case Persistence::kTemporary:
      return "temporary";
  }
  return "permanent";
}

void CompareTable(Differ& d, const std::string& path, const Table& e, const Table& a) {
  CompareColumns(d, path, e, a);
  auto member = [&](const std::string& key, const auto&) { return path + "." + key; };
  d.Walk("constraint", e.constraints, a.constraints, member,
         [&](const std::string& p, const Constraint& x, const Constraint& y) {
           CompareConstraint(d, p, x, y);
         });
  d.Walk("trigger", e.triggers, a.triggers, member,
         [&](const std::string& p, const Trigger& x, const Trigger& y) {
           CompareTrigger(d, p, x, y);
         });
  d.Walk(
      "policy", e.policies, a.policies, member,
      [&](const std::string& p, const Policy& x, const Policy& y) { ComparePolicy(d, p, x, y); });
  d.Changed("table", path, "persistence", PersistenceName(e.persistence),
            PersistenceName(a.persistence));
  d.Changed("table", path, "partition by", e.partition_by, a.partition_by);
  d.Changed("table", path, "partition of", e.partition_of ? e.partition_of->ToString() : "",
            a.partition_of ? a.partition_of->ToString() : "");
  d.Changed("table", path, "partition bound", e.partition_bound, a.partition_bound);
  std::vector<std::string> ei, ai;
  for (const auto& q : e.inherits) ei.push_back(q.ToString());
  for (const auto& q : a.inherits) ai.push_back(q.ToString());
  d.Changed("table", path, "inherits", Join(ei), Join(ai));
  d.Changed("table", path, "row level security", Bool(e.rls_enabled), Bool(a.rls_enabled));
  d.Changed("table", path, "force row level security", Bool(e.rls_forced), Bool(a.rls_forced));
  d.Changed("table", path, "options", Join(e.options), Join(a.options));
  d.Changed("table", path, "module", e.module, a.module);
  d.Comment("table", path, e.comment, a.comment);
}

std::string IndexKeys(const Index& i) {
  std::vector<std::string> keys;
  for (const IndexKey& k : i.keys) {
    std::string s = k.is_expression ? "(" + k.expression + ")" : k.expression;
    if (!k.collation.empty()) s += " COLLATE " + k.collation;
    if (!k.opclass.empty()) s += " " + k.opclass;
    if (k.descending) s += " DESC";
    if (k.nulls_first) s += *k.nulls_first ? " NULLS FIRST" : " NULLS LAST";
    keys.push_back(s);
  }
  return Join(keys);
}

void CompareIndex(Differ& d, const std::string& path, const Index& e, const Index& a) {
  d.Changed("index", path, "table", e.table.ToString(), a.table.ToString());
  d.Changed("index", path, "unique", Bool(e.unique), Bool(a.unique));
  d.Changed("index", path, "method", e.method, a.method);
  d.Changed("index", path, "keys", IndexKeys(e), IndexKeys(a));
  d.Changed("index", path, "include", Join(e.include), Join(a.include));
  d.Changed("index", path, "predicate", e.predicate, a.predicate);
  d.Changed("index", path, "nulls not distinct", Bool(e.nulls_not_distinct),
            Bool(a.nulls_not_distinct));
  d.Comment("index", path, e.comment, a.comment);
}

std::string OptInt(const std::optional<int64_t>& v) { return v ? std::to_string(*v) : "default"; }

void CompareSequence(Differ& d, const std::string& path, const Sequence& e, const Sequence& a) {
  d.Changed("sequence", path, "type", e.type, a.type);
  d.Changed("sequence", path, "start", std::to_string(e.start), std::to_string(a.start));
  d.Changed("sequence", path, "increment", std::to_string(e.increment),
            std::to_string(a.increment));
  d.Changed("sequence", path, "min value", OptInt(e.min_value), OptInt(a.min_value));
  d.Changed("sequence", path, "max value", OptInt(e.max_value), OptInt(a.max_value));
  d.Changed("sequence", path, "cache", std::to_string(e.cache), std::to_string(a.cache));
  d.Changed("sequence", path, "cycle", Bool(e.cycle), Bool(a.cycle));
  d.Changed("sequence", path, "owned by",
            e.owned_by_table ? e.owned_by_table->ToString() + "." + e.owned_by_column : "",
            a.owned_by_table ? a.owned_by_table->ToString() + "." + a.owned_by_column : "");
  d.Comment("sequence", path, e.comment, a.comment);
}

void CompareEnum(Differ& d, const std::string& path, const EnumType& e, const EnumType& a) {
  for (const std::string& v : e.values) {
    if (std::find(a.values.begin(), a.values.end(), v) == a.values.end())
      d.Missing("enum value", path + "." + v);
  }
  for (const std::string& v : a.values) {
    if (std::find(e.values.begin(), e.values.end(), v) == e.values.end())
      d.Unexpected("enum value", path + "." + v);
  }
  // Same set, different order: one difference for the order.
  std::vector<std::string> ev = e.values, av = a.values;
  std::sort(ev.begin(), ev.end());
  std::sort(av.begin(), av.end());
  if (ev == av) d.Changed("enum", path, "value order", Join(e.values), Join(a.values));
  d.Comment("enum", path, e.comment, a.comment);
}

void CompareDomain(Differ& d, const std::string& path, const Domain& e, const Domain& a) {
  d.Changed("domain", path, "type", e.base.ToString(), a.base.ToString());
  d.Changed("domain", path, "nullable", Bool(!e.not_null), Bool(!a.not_null));
  d.Changed("domain", path, "default", Opt(e.default_expr), Opt(a.default_expr));
  d.Changed("domain", path, "collation", Opt(e.collation), Opt(a.collation));
  std::vector<std::string> ec, ac;
  for (const auto& c : e.checks)
    ec.push_back(c.name + ": " + c.expression + (c.not_valid ? " NOT VALID" : ""));
  for (const auto& c : a.checks)
    ac.push_back(c.name + ": " + c.expression + (c.not_valid ? " NOT VALID" : ""));
  d.Changed("domain", path, "checks", Join(ec), Join(ac));
  d.Comment("domain", path, e.comment, a.comment);
}

void CompareComposite(Differ& d, const std::string& path, const CompositeType& e,
                      const CompositeType& a) {
  auto attrs = [](const CompositeType& c) {
    std::vector<std::string> out;
    for (const auto& at : c.attributes)
      out.push_back(at.name + " " + at.type.ToString() +
                    (at.collation ? " COLLATE " + *at.collation : ""));
    return Join(out);
  };
  d.Changed("type", path, "attributes", attrs(e), attrs(a));
  d.Comment("type", path, e.comment, a.comment);
}

void CompareView(Differ& d, const std::string& path, const View& e, const View& a) {
  const char* kind = e.materialized ? "materialized view" : "view";
  d.Changed(kind, path, "materialized", Bool(e.materialized), Bool(a.materialized));
  d.Changed(kind, path, "definition", e.definition, a.definition);
  d.Changed(kind, path, "columns", Join(e.columns), Join(a.columns));
  d.Changed(kind, path, "check option", e.check_option, a.check_option);
  auto member = [&](const std::string& key, const auto&) { return path + "." + key; };
  d.Walk("trigger", e.triggers, a.triggers, member,
         [&](const std::string& p, const Trigger& x, const Trigger& y) {
           CompareTrigger(d, p, x, y);
         });
  d.Comment(kind, path, e.comment, a.comment);
}

void CompareFunction(Differ& d, const std::string& path, const Function& e, const Function& a) {
  const char* kind = e.procedure ? "procedure" : "function";
  auto args = [](const Function& f) {
    std::vector<std::string> out;
    for (const auto& arg : f.args) {
      std::string s = arg.mode == "IN" ? "" : arg.mode + " ";
      s += (arg.name.empty() ? "" : arg.name + " ") + arg.type.ToString();
      if (arg.default_expr) s += " DEFAULT " + *arg.default_expr;
      out.push_back(s);
    }
    return Join(out);
  };
  d.Changed(kind, path, "arguments", args(e), args(a));
  d.Changed(kind, path, "returns", e.returns, a.returns);
  d.Changed(kind, path, "language", e.language, a.language);
  d.Changed(kind, path, "body", e.body, a.body);
  d.Changed(kind, path, "volatility", e.volatility, a.volatility);
  d.Changed(kind, path, "strict", Bool(e.strict), Bool(a.strict));
  d.Changed(kind, path, "security definer", Bool(e.security_definer), Bool(a.security_definer));
  d.Comment(kind, path, e.comment, a.comment);
}

}  // namespace

std::string_view DifferenceKindName(DifferenceKind k) {
  switch (k) {
    case DifferenceKind::kMissing:
      return "missing";
    case DifferenceKind::kUnexpected:
      return "unexpected";
    case DifferenceKind::kChanged:
      return "changed";
  }
  return "changed";
}

std::string Difference::Describe() const {
  switch (kind) {
    case DifferenceKind::kMissing:
      return fmt::format("{} {} is missing", object_kind, path);
    case DifferenceKind::kUnexpected:
      return fmt::format("{} {} is not expected", object_kind, path);
    case DifferenceKind::kChanged:
      return fmt::format("{} {}: {} is {}, expected {}", object_kind, path, property, actual,
                         expected);
  }
  return {};
}

std::vector<Difference> Compare(const Catalog& expected, const Catalog& actual,
                                const CompareOptions& options) {
  Differ d(options);
  auto qpath = [](const QualifiedName& k, const auto&) { return k.ToString(); };
  auto spath = [](const std::string& k, const auto&) { return k; };
  d.Walk("schema", expected.schemas, actual.schemas, spath,
         [&](const std::string& p, const Schema& e, const Schema& a) {
           d.Comment("schema", p, e.comment, a.comment);
         });
  d.Walk("extension", expected.extensions, actual.extensions, spath,
         [&](const std::string& p, const Extension& e, const Extension& a) {
           d.Changed("extension", p, "schema", e.schema, a.schema);
           if (options.extension_versions && !e.version.empty() && !a.version.empty()) {
             d.Changed("extension", p, "version", e.version, a.version);
           }
         });
  d.Walk("table", expected.tables, actual.tables, qpath,
         [&](const std::string& p, const Table& e, const Table& a) { CompareTable(d, p, e, a); });
  d.Walk("view", expected.views, actual.views, qpath,
         [&](const std::string& p, const View& e, const View& a) { CompareView(d, p, e, a); });
  // An index is reported missing (unexpected) on its own only when its table is on both sides
  // and it does not back a constraint: a missing table or constraint already says it.
  auto reported_alone = [](const Index& i, const Catalog& other) {
    return !i.backs_constraint && (other.tables.count(i.table) || other.views.count(i.table));
  };
  for (const auto& [key, e] : expected.indexes) {
    auto it = actual.indexes.find(key);
    if (it != actual.indexes.end()) {
      if (!(e == it->second)) CompareIndex(d, key.ToString(), e, it->second);
    } else if (reported_alone(e, actual)) {
      d.Missing("index", key.ToString());
    }
  }
  for (const auto& [key, a] : actual.indexes) {
    if (!expected.indexes.count(key) && reported_alone(a, expected))
      d.Unexpected("index", key.ToString());
  }
  d.Walk("sequence", expected.sequences, actual.sequences, qpath,
         [&](const std::string& p, const Sequence& e, const Sequence& a) {
           CompareSequence(d, p, e, a);
         });
  d.Walk(
      "enum", expected.enums, actual.enums, qpath,
      [&](const std::string& p, const EnumType& e, const EnumType& a) { CompareEnum(d, p, e, a); });
  d.Walk(
      "domain", expected.domains, actual.domains, qpath,
      [&](const std::string& p, const Domain& e, const Domain& a) { CompareDomain(d, p, e, a); });
  d.Walk("type", expected.composites, actual.composites, qpath,
         [&](const std::string& p, const CompositeType& e, const CompositeType& a) {
           CompareComposite(d, p, e, a);
         });
  d.Walk("function", expected.functions, actual.functions, spath,
         [&](const std::string& p, const Function& e, const Function& a) {
           CompareFunction(d, p, e, a);
         });
  return d.Take();
}

nlohmann::ordered_json DifferenceJson(const Difference& d) {
  nlohmann::ordered_json j;
  j["change"] = std::string(DifferenceKindName(d.kind));
  j["object"] = d.object_kind;
  j["path"] = d.path;
  if (d.kind == DifferenceKind::kChanged) {
    j["property"] = d.property;
    j["expected"] = d.expected;
    j["actual"] = d.actual;
  }
  return j;
}

}  // namespace sse::diff
