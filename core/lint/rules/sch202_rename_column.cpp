// SCH202 rename-column: a migration renames a column of a table that existed before it.

#include <fmt/format.h>

#include "core/lint/rules/sch40x_statements.hpp"
#include "core/util/strings.hpp"

namespace sse {

void CheckRenameColumn(const LintContext& ctx, std::vector<Finding>& out) {
  rules::ForEachChange(ctx, [&](const rules::StatementRef& r, const model::Change& c) {
    if (c.op != model::ChangeOp::kRename || c.object.kind != model::ObjectKind::kColumn) return;
    if (!c.on_existing) return;
    out.push_back(MakeFinding(
        "SCH202",
        fmt::format(
            "renames column {} of table {} to {}: code deployed before this migration still "
            "uses the old name and fails until it is replaced: {}",
            Quote(c.object.member), rules::QuotedName(c.object.name), Quote(c.new_name),
            rules::NoSuchColumn(*r.analysis, c.object.member)),
        rules::StatementLoc(*r.m, *r.st),
        "expand and contract: add the new column, write both and backfill, move the reads over, "
        "then drop the old column in a later migration"));
  });
}

}  // namespace sse
