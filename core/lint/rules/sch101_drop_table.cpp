// SCH101 drop-table: a migration drops a table that existed before it (tables that a DROP SCHEMA
// ... CASCADE takes with it are SCH103's).

#include <fmt/format.h>

#include "core/lint/rules/sch40x_statements.hpp"

namespace sse {

void CheckDropTable(const LintContext& ctx, std::vector<Finding>& out) {
  rules::ForEachChange(ctx, [&](const rules::StatementRef& r, const model::Change& c) {
    if (c.op != model::ChangeOp::kDrop || c.object.kind != model::ObjectKind::kTable) return;
    if (!c.on_existing) return;  // created earlier in the same migration: no data to lose
    for (const model::Change& other : r.st->changes) {
      // DROP SCHEMA ... CASCADE: SCH103 reports the schema and everything in it.
      if (other.op == model::ChangeOp::kDrop && other.object.kind == model::ObjectKind::kSchema)
        return;
    }
    out.push_back(MakeFinding(
        "SCH101",
        fmt::format(
            "drops table {} and every row in it{}", rules::QuotedName(c.object.name),
            c.cascade ? " (CASCADE: also the views and foreign keys that depend on it)" : ""),
        rules::StatementLoc(*r.m, *r.st),
        "deploy code that no longer reads or writes the table first, and keep a backup; once the "
        "drop is intended, mark it with `-- schema:ignore drop-table`"));
  });
}

}  // namespace sse
