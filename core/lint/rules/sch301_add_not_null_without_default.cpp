// SCH301 add-not-null-without-default: a NOT NULL column added to an existing table without a
// default.

#include <fmt/format.h>

#include "core/lint/rules/sch40x_statements.hpp"
#include "core/util/strings.hpp"

namespace sse {

void CheckAddNotNullWithoutDefault(const LintContext& ctx, std::vector<Finding>& out) {
  rules::ForEachChange(ctx, [&](const rules::StatementRef& r, const model::Change& c) {
    if (c.op != model::ChangeOp::kCreate || c.object.kind != model::ObjectKind::kColumn) return;
    if (!c.not_null || c.has_default || !c.on_existing) return;
    // The error each engine gives (SQLite checks only when the table has rows, since 3.37).
    std::string error =
        r.analysis->set.dialect == "postgres"
            ? fmt::format("column {} of relation {} contains null values",
                          rules::PgQuoted(c.object.member), rules::PgQuoted(c.object.name.name))
            : std::string("Cannot add a NOT NULL column with default value NULL");
    out.push_back(MakeFinding(
        "SCH301",
        fmt::format("adds NOT NULL column {} without a default to existing table {}: if the table "
                    "has rows the statement fails: {}",
                    Quote(c.object.member), rules::QuotedName(c.object.name), error),
        rules::StatementLoc(*r.m, *r.st),
        "give the column a DEFAULT, or add it nullable, backfill it, and set NOT NULL in a later "
        "migration"));
  });
}

}  // namespace sse
