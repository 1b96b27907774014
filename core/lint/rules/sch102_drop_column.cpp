// SCH102 drop-column: a migration drops a column of a table that existed before it.

#include <fmt/format.h>

#include "core/lint/rules/sch40x_statements.hpp"
#include "core/util/strings.hpp"

namespace sse {

void CheckDropColumn(const LintContext& ctx, std::vector<Finding>& out) {
  rules::ForEachChange(ctx, [&](const rules::StatementRef& r, const model::Change& c) {
    if (c.op != model::ChangeOp::kDrop || c.object.kind != model::ObjectKind::kColumn) return;
    if (!c.on_existing) return;
    out.push_back(MakeFinding(
        "SCH102",
        fmt::format("drops column {} of table {} and its data; running code that still selects or "
                    "inserts it fails: {}",
                    Quote(c.object.member), rules::QuotedName(c.object.name),
                    rules::NoSuchColumn(*r.analysis, c.object.member)),
        rules::StatementLoc(*r.m, *r.st),
        "stop using the column in the code and deploy that first (ORMs: mark it ignored), then "
        "drop it in a later migration"));
  });
}

}  // namespace sse
