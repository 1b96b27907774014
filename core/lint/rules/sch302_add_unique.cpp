// SCH302 add-unique: a unique index or UNIQUE / PRIMARY KEY constraint added to an existing
// table (it fails when the rows already hold duplicates).

#include <fmt/format.h>

#include "core/lint/rules/sch40x_statements.hpp"
#include "core/util/strings.hpp"

namespace sse {

void CheckAddUnique(const LintContext& ctx, std::vector<Finding>& out) {
  rules::ForEachStatement(ctx, [&](const rules::StatementRef& r) {
    if (rules::HasProblem(*r.st)) return;
    for (const model::Change& c : r.st->changes) {
      if (c.op != model::ChangeOp::kCreate || !c.on_existing) continue;
      std::string what;
      if (c.object.kind == model::ObjectKind::kIndex && c.unique) {
        what = fmt::format("unique index {}", rules::QuotedName(c.object.name));
      } else if (c.object.kind == model::ObjectKind::kConstraint &&
                 (c.constraint_kind == "UNIQUE" || c.constraint_kind == "PRIMARY KEY")) {
        what = fmt::format("{} constraint {} on table {}", c.constraint_kind,
                           Quote(c.object.member), rules::QuotedName(c.object.name));
      } else {
        continue;
      }
      out.push_back(MakeFinding(
          "SCH302",
          fmt::format("adds {} to an existing table: if the rows already hold duplicates{} the "
                      "statement fails: {}",
                      what, c.constraint_kind == "PRIMARY KEY" ? " or NULLs" : "",
                      rules::IsSqlite(*r.analysis) ? "UNIQUE constraint failed"
                                                   : "could not create unique index"),
          rules::StatementLoc(*r.m, *r.st),
          "look for duplicates first (SELECT cols, count(*) ... GROUP BY cols HAVING count(*) > 1) "
          "and clean them up in an earlier migration"));
      return;  // one finding per statement (a constraint and the index behind it are one change)
    }
  });
}

}  // namespace sse
