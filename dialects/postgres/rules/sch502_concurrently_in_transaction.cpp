// SCH502 concurrently-in-transaction: a statement that cannot run inside a transaction block
// (CREATE/DROP INDEX CONCURRENTLY, REINDEX CONCURRENTLY, DETACH PARTITION CONCURRENTLY, and what
// the replay marks no_transaction) where the tool runs it inside one. PostgreSQL rejects it:
// "CREATE INDEX CONCURRENTLY cannot run inside a transaction block". Whether a statement is
// inside a block comes from the transaction plan (rules::PlanTransactions).

#include <optional>

#include <fmt/format.h>

#include "dialects/postgres/rules/rule_context.hpp"

namespace sse::pg {

void CheckConcurrentlyInTransaction(const PgRuleContext& ctx, std::vector<Finding>& out) {
  for (size_t i = 0; i < ctx.MigrationCount(); ++i) {
    if (!ctx.Replayed(i)) continue;
    const auto& stmts = ctx.Statements(i);
    const rules::MigrationTx& tx = ctx.tx[i];
    for (size_t k = 0; k < stmts.size(); ++k) {
      const model::ReplayedStatement& st = stmts[k];
      if (st.kind == model::StatementKind::kError || !tx.statements[k].in_block) continue;
      std::string what;
      bool concurrent =
          ctx.MightMention(i, k, "concurrently") && IsConcurrent(ctx.Tree(i, k), &what);
      if (!concurrent) {
        if (!st.no_transaction) continue;
        what = st.tag.empty() ? "this statement" : st.tag;
      }
      std::vector<Related> related;
      bool explicit_block = tx.statements[k].explicit_block;
      std::optional<size_t> session;
      for (size_t j = 0; j < stmts.size(); ++j) {
        if (j == k || tx.statements[j].unit != tx.statements[k].unit) continue;
        if (explicit_block) {
          // The BEGIN written in the file.
          if (stmts[j].kind != model::StatementKind::kTransaction) continue;
          related.push_back({ctx.Loc(i, j), "the transaction block starts here"});
          break;
        }
        // A statement sharing the transaction (for a query that is a transaction only because it
        // holds several statements: the one to move out), preferably not a SET.
        if (stmts[j].kind == model::StatementKind::kTransaction) continue;
        if (stmts[j].kind == model::StatementKind::kSession) {
          if (!session) session = j;
          continue;
        }
        related.push_back({ctx.Loc(i, j), "runs in the same transaction"});
        break;
      }
      if (related.empty() && session)
        related.push_back({ctx.Loc(i, *session), "runs in the same transaction"});
      std::string why =
          explicit_block ? "it runs between the BEGIN and COMMIT written in the file" : tx.shape;
      out.push_back(MakeFinding(
          "SCH502", fmt::format("{} cannot run inside a transaction block: {}", what, why),
          ctx.Loc(i, k),
          ConcurrentlyHelp(ctx.set, ctx.M(i), concurrent ? what : std::string_view("it")),
          std::move(related)));
    }
  }
}

}  // namespace sse::pg
