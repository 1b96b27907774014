// SCH504 volatile-default-rewrite: ADD COLUMN with a volatile default (random(), clock_timestamp(),
// gen_random_uuid(), nextval()) on a table that existed before the migration: PostgreSQL
// computes the default for every row, rewriting the table under an ACCESS EXCLUSIVE lock (a
// constant or stable default is stored once since PostgreSQL 11 and costs nothing).

#include <fmt/format.h>

#include "core/util/strings.hpp"
#include "dialects/postgres/rules/rule_context.hpp"

namespace sse::pg {

void CheckVolatileDefaultRewrite(const PgRuleContext& ctx, std::vector<Finding>& out) {
  for (size_t i = 0; i < ctx.MigrationCount(); ++i) {
    if (!ctx.Replayed(i)) continue;
    const auto& stmts = ctx.Statements(i);
    for (size_t k = 0; k < stmts.size(); ++k) {
      const model::ReplayedStatement& st = stmts[k];
      if (rules::HasProblem(st)) continue;
      for (const model::Change& c : st.changes) {
        if (c.op != model::ChangeOp::kCreate || c.object.kind != model::ObjectKind::kColumn)
          continue;
        if (!c.on_existing || !c.volatile_default) continue;
        std::string table = rules::QuotedName(c.object.name);
        out.push_back(MakeFinding(
            "SCH504",
            fmt::format("column {} is added to existing table {} with a volatile default: "
                        "PostgreSQL computes it "
                        "for every row and rewrites {} while reads and writes wait",
                        Quote(c.object.member), table, table),
            ctx.Loc(i, k),
            "add the column without a default (or with a constant one), set the volatile default "
            "for new rows "
            "with ALTER COLUMN ... SET DEFAULT, and backfill existing rows in batches"));
      }
    }
  }
}

}  // namespace sse::pg
