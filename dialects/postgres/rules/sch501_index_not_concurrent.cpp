// SCH501 index-not-concurrent: CREATE INDEX / DROP INDEX on a table that existed before the
// migration, without CONCURRENTLY: writes to the table (for DROP, reads too) wait until it is
// done. Indexes of tables created earlier in the same migration are not reported.

#include <fmt/format.h>

#include "core/util/strings.hpp"
#include "dialects/postgres/rules/rule_context.hpp"

namespace sse::pg {

void CheckIndexNotConcurrent(const PgRuleContext& ctx, std::vector<Finding>& out) {
  for (size_t i = 0; i < ctx.MigrationCount(); ++i) {
    if (!ctx.Replayed(i)) continue;
    const auto& stmts = ctx.Statements(i);
    for (size_t k = 0; k < stmts.size(); ++k) {
      const model::ReplayedStatement& st = stmts[k];
      if (rules::HasProblem(st)) continue;
      for (const model::Change& c : st.changes) {
        if (c.object.kind != model::ObjectKind::kIndex || !c.on_existing) continue;
        bool create = c.op == model::ChangeOp::kCreate;
        if (!create && c.op != model::ChangeOp::kDrop) continue;
        const PgQuery__Node* node = ctx.Tree(i, k);
        if (!node || IsConcurrent(node)) break;
        std::string message;
        if (create && node->node_case == PG_QUERY__NODE__NODE_INDEX_STMT) {
          std::string table = RangeVarName(node->index_stmt->relation);
          message = fmt::format(
              "CREATE INDEX {} on existing table {} without CONCURRENTLY: writes to {} wait "
              "until the whole index is built",
              rules::QuotedName(c.object.name), Quote(table), Quote(table));
        } else if (!create && node->node_case == PG_QUERY__NODE__NODE_DROP_STMT) {
          message = fmt::format(
              "DROP INDEX {} without CONCURRENTLY: it takes an ACCESS EXCLUSIVE lock on the "
              "index's table, so reads and writes of the table queue behind it",
              rules::QuotedName(c.object.name));
        } else {
          break;  // an index made or dropped by another statement (a constraint): not this rule
        }
        out.push_back(MakeFinding(
            "SCH501", std::move(message), ctx.Loc(i, k),
            ConcurrentlyHelp(ctx.set, ctx.M(i),
                             create ? "CREATE INDEX CONCURRENTLY" : "DROP INDEX CONCURRENTLY")));
        break;  // one finding per statement
      }
    }
  }
}

}  // namespace sse::pg
