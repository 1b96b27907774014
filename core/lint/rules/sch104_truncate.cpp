// SCH104 truncate: a migration truncates a table that existed before it.

#include <fmt/format.h>

#include "core/lint/rules/sch40x_statements.hpp"

namespace sse {

void CheckTruncate(const LintContext& ctx, std::vector<Finding>& out) {
  rules::ForEachChange(ctx, [&](const rules::StatementRef& r, const model::Change& c) {
    if (c.op != model::ChangeOp::kTruncate || c.object.kind != model::ObjectKind::kTable) return;
    if (!c.on_existing) return;
    out.push_back(MakeFinding(
        "SCH104",
        fmt::format("truncates table {}: every row is deleted on every database the migration "
                    "reaches, production included{}",
                    rules::QuotedName(c.object.name),
                    c.cascade ? " (CASCADE: also every table with a foreign key to it)" : ""),
        rules::StatementLoc(*r.m, *r.st),
        "delete only the rows you mean to (DELETE ... WHERE), or run the cleanup as a one-off "
        "outside the migration history"));
  });
}

}  // namespace sse
