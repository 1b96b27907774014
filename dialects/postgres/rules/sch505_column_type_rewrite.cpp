// SCH505 column-type-rewrite: ALTER COLUMN ... TYPE on a table that existed before the migration,
// where the change rewrites the table (and rebuilds its indexes) under an ACCESS EXCLUSIVE lock.
// Changes PostgreSQL makes without a rewrite (varchar(n) to a larger n or to text, numeric
// precision increases) are not reported: the replay decides (Change::rewrites_table).

#include <fmt/format.h>

#include "core/util/strings.hpp"
#include "dialects/postgres/rules/rule_context.hpp"

namespace sse::pg {

void CheckColumnTypeRewrite(const PgRuleContext& ctx, std::vector<Finding>& out) {
  for (size_t i = 0; i < ctx.MigrationCount(); ++i) {
    if (!ctx.Replayed(i)) continue;
    const auto& stmts = ctx.Statements(i);
    for (size_t k = 0; k < stmts.size(); ++k) {
      const model::ReplayedStatement& st = stmts[k];
      if (rules::HasProblem(st)) continue;
      for (const model::Change& c : st.changes) {
        if (c.op != model::ChangeOp::kAlter || c.object.kind != model::ObjectKind::kColumn)
          continue;
        if (!c.on_existing || !c.rewrites_table) continue;
        std::string table = rules::QuotedName(c.object.name);
        std::string types;
        if (c.old_type && c.new_type) {
          types = fmt::format(" from {} to {}", c.old_type->ToString(), c.new_type->ToString());
        } else if (c.new_type) {
          types = fmt::format(" to {}", c.new_type->ToString());
        }
        out.push_back(MakeFinding("SCH505",
                                  fmt::format("changing the type of column {}{} rewrites existing "
                                              "table {} and rebuilds its indexes "
                                              "while reads and writes wait",
                                              Quote(c.object.member), types, table),
                                  ctx.Loc(i, k),
                                  "add a new column of the new type, backfill it in batches and "
                                  "switch the code over, then drop "
                                  "the old column"));
      }
    }
  }
}

}  // namespace sse::pg
