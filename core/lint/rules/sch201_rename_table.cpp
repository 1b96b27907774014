// SCH201 rename-table: a migration renames a table that existed before it.

#include <fmt/format.h>

#include "core/lint/rules/sch40x_statements.hpp"
#include "core/util/strings.hpp"

namespace sse {

void CheckRenameTable(const LintContext& ctx, std::vector<Finding>& out) {
  rules::ForEachChange(ctx, [&](const rules::StatementRef& r, const model::Change& c) {
    if (c.op != model::ChangeOp::kRename || c.object.kind != model::ObjectKind::kTable) return;
    if (!c.on_existing) return;
    out.push_back(MakeFinding(
        "SCH201",
        fmt::format(
            "renames table {} to {}: code deployed before this migration still uses the old "
            "name and fails until it is replaced: {}",
            rules::QuotedName(c.object.name), Quote(c.new_name),
            rules::NoSuchTable(*r.analysis, c.object.name.name)),
        rules::StatementLoc(*r.m, *r.st),
        "expand and contract: create the new table (or rename and leave a view with the old name), "
        "move the code over, and remove the old name in a later migration"));
  });
}

}  // namespace sse
