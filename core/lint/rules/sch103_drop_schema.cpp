// SCH103 drop-schema: a migration drops a schema that existed before it.

#include <fmt/format.h>

#include "core/lint/rules/sch40x_statements.hpp"
#include "core/util/strings.hpp"

namespace sse {

void CheckDropSchema(const LintContext& ctx, std::vector<Finding>& out) {
  rules::ForEachChange(ctx, [&](const rules::StatementRef& r, const model::Change& c) {
    if (c.op != model::ChangeOp::kDrop || c.object.kind != model::ObjectKind::kSchema) return;
    if (!c.on_existing) return;
    std::string name = c.object.name.name.empty() ? c.object.name.schema : c.object.name.name;
    out.push_back(MakeFinding(
        "SCH103",
        fmt::format("drops schema {}{}", Quote(name),
                    c.cascade ? " and every table, view, type and function in it (CASCADE)" : ""),
        rules::StatementLoc(*r.m, *r.st),
        "make sure nothing uses the schema any more and keep a backup; once the drop is intended, "
        "mark it with `-- schema:ignore drop-schema`"));
  });
}

}  // namespace sse
