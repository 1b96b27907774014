// SCH203 narrowing-type-change: a column type change that can lose data or fail.

#include <fmt/format.h>

#include "core/lint/rules/sch40x_statements.hpp"
#include "core/util/strings.hpp"

namespace sse {

void CheckNarrowingTypeChange(const LintContext& ctx, std::vector<Finding>& out) {
  rules::ForEachChange(ctx, [&](const rules::StatementRef& r, const model::Change& c) {
    if (c.op != model::ChangeOp::kAlter || c.object.kind != model::ObjectKind::kColumn) return;
    if (!c.narrowing || !c.on_existing) return;
    std::string types;
    if (c.old_type && c.new_type) {
      types = fmt::format(" from {} to {}", c.old_type->ToString(), c.new_type->ToString());
    } else if (c.new_type) {
      types = fmt::format(" to {}", c.new_type->ToString());
    }
    out.push_back(MakeFinding(
        "SCH203",
        fmt::format("changes the type of column {} of table {}{}: values that do not fit make the "
                    "statement fail, or are cut or rounded",
                    Quote(c.object.member), rules::QuotedName(c.object.name), types),
        rules::StatementLoc(*r.m, *r.st),
        "check the existing values first (for example the longest value, or the largest number), "
        "or keep the wider type"));
  });
}

}  // namespace sse
