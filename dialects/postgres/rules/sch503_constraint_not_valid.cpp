// SCH503 constraint-not-valid: a FOREIGN KEY or CHECK constraint added to a table that existed
// before the migration, without NOT VALID: PostgreSQL checks every row while it holds the lock.

#include <fmt/format.h>

#include "core/util/strings.hpp"
#include "dialects/postgres/rules/rule_context.hpp"

namespace sse::pg {

void CheckConstraintNotValid(const PgRuleContext& ctx, std::vector<Finding>& out) {
  for (size_t i = 0; i < ctx.MigrationCount(); ++i) {
    if (!ctx.Replayed(i)) continue;
    const auto& stmts = ctx.Statements(i);
    for (size_t k = 0; k < stmts.size(); ++k) {
      const model::ReplayedStatement& st = stmts[k];
      if (rules::HasProblem(st)) continue;
      for (const model::Change& c : st.changes) {
        if (c.op != model::ChangeOp::kCreate || c.object.kind != model::ObjectKind::kConstraint)
          continue;
        if (!c.on_existing || c.not_valid) continue;
        bool fk = c.constraint_kind == "FOREIGN KEY";
        if (!fk && c.constraint_kind != "CHECK") continue;
        std::string table = rules::QuotedName(c.object.name);
        out.push_back(MakeFinding(
            "SCH503",
            fmt::format(
                "{} constraint {} added to existing table {} without NOT VALID: every row is "
                "checked "
                "while {}",
                c.constraint_kind, Quote(c.object.member), table,
                fk ? fmt::format("{} and the referenced table are locked against writes", table)
                   : fmt::format("{} is locked against reads and writes", table)),
            ctx.Loc(i, k),
            "add it with NOT VALID (new rows are checked at once), then run ALTER TABLE ... "
            "VALIDATE "
            "CONSTRAINT in a later migration: validation takes a lock that lets reads and writes "
            "go on"));
      }
    }
  }
}

}  // namespace sse::pg
