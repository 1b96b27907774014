// SCH507 enum-value-in-transaction: ALTER TYPE ... ADD VALUE 'v' inside a transaction block, then
// a later statement of the same transaction that uses 'v'. Since PostgreSQL 12, ADD VALUE may run
// in a transaction block, but the new value cannot be used until that transaction commits:
// "unsafe use of new value \"v\" of enum type mood" (PostgreSQL 12-16 even when the type was
// created in the same transaction). Which statements share a transaction comes from the
// transaction plan: the migration's transaction, an implicit multi-statement query, a BEGIN in
// the file, or, for tools that run every pending migration in one transaction (Drizzle), later
// migrations too. A use is a string literal 'v' in a later statement of that transaction
// (INSERT, UPDATE, a DEFAULT, a CHECK, a function body...); ADD VALUE statements themselves are
// not uses ('v' as the neighbour of BEFORE/AFTER is looked up, not cast).

#include <fmt/format.h>

#include "core/util/strings.hpp"
#include "dialects/postgres/rules/rule_context.hpp"

namespace sse::pg {
namespace {

struct Added {
  std::string value;
  std::string type;
  int unit = -1;
  size_t migration = 0;
  size_t statement = 0;
};

std::string TypeName(const PgQuery__AlterEnumStmt* s) {
  std::vector<std::string> parts;
  for (size_t i = 0; i < s->n_type_name; ++i) parts.emplace_back(StringValue(s->type_name[i]));
  if (parts.size() >= 2 && parts[parts.size() - 2] != "public") {
    return parts[parts.size() - 2] + "." + parts.back();
  }
  return parts.empty() ? std::string("?") : parts.back();
}

/// 'v' as a SQL string literal.
std::string Literal(std::string_view v) {
  std::string out = "'";
  for (char c : v) {
    out += c;
    if (c == '\'') out += '\'';
  }
  return out + "'";
}

}  // namespace

void CheckEnumValueInTransaction(const PgRuleContext& ctx, std::vector<Finding>& out) {
  std::vector<Added> pending;
  for (size_t i = 0; i < ctx.MigrationCount(); ++i) {
    if (!ctx.Replayed(i)) continue;
    const auto& stmts = ctx.Statements(i);
    const rules::MigrationTx& tx = ctx.tx[i];
    for (size_t k = 0; k < stmts.size(); ++k) {
      const model::ReplayedStatement& st = stmts[k];
      const rules::StatementTx& stx = tx.statements[k];
      if (st.kind == model::StatementKind::kError ||
          st.kind == model::StatementKind::kTransaction ||
          st.kind == model::StatementKind::kSession) {
        continue;
      }
      if (ctx.MightMention(i, k, "add value")) {
        const PgQuery__Node* node = ctx.Tree(i, k);
        if (node && node->node_case == PG_QUERY__NODE__NODE_ALTER_ENUM_STMT &&
            node->alter_enum_stmt) {
          const PgQuery__AlterEnumStmt* s = node->alter_enum_stmt;
          bool rename = s->old_val && *s->old_val;  // RENAME VALUE (protobuf strings default to "")
          if (s->new_val && *s->new_val && !rename && stx.in_block && !rules::HasProblem(st)) {
            pending.push_back({s->new_val, TypeName(s), stx.unit, i, k});
          }
          continue;
        }
      }
      if (!stx.in_block) continue;
      std::string_view text = ctx.Text(i, k);
      for (size_t p = 0; p < pending.size(); ++p) {
        const Added& a = pending[p];
        if (a.unit != stx.unit || text.find(Literal(a.value)) == std::string_view::npos) continue;
        bool later_migration = a.migration != i;
        std::string where =
            later_migration
                ? fmt::format("a later migration that runs in the same transaction ({})", tx.shape)
                : fmt::format("the same transaction ({})", tx.statements[a.statement].explicit_block
                                                               ? "a BEGIN written in the file"
                                                               : tx.shape);
        out.push_back(MakeFinding(
            "SCH507",
            fmt::format("uses the value {} that ALTER TYPE {} ADD VALUE adds in {}: PostgreSQL "
                        "refuses a new "
                        "enum value before its transaction commits (unsafe use of new value {} of "
                        "enum type {})",
                        Quote(a.value), a.type, where, rules::PgQuoted(a.value), a.type),
            ctx.Loc(i, k),
            later_migration ? "let the ADD VALUE commit before the value is used: apply the "
                              "migration that adds it in a "
                              "run of its own, or add the value and use it in one migration that "
                              "runs outside a transaction"
                            : "let the ADD VALUE commit first: move the statements that use the "
                              "value to a later migration",
            {{ctx.Loc(a.migration, a.statement),
              fmt::format("the value {} is added here", Quote(a.value))}}));
        pending.erase(pending.begin() + static_cast<std::ptrdiff_t>(p));
        --p;
      }
    }
  }
}

}  // namespace sse::pg
