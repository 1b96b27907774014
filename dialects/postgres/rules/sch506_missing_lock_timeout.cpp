// SCH506 missing-lock-timeout: the first locking DDL of a migration file (ALTER TABLE, CREATE
// INDEX without CONCURRENTLY, DROP, CREATE TRIGGER ... on a table that existed before the
// migration) runs with no lock_timeout set before it in the file: while it waits for its lock
// behind a long query, every other query on the table queues behind it. One finding per file.
//
// A timeout counts when an earlier statement of the file sets it to a non-zero value: SET
// [SESSION] lock_timeout, SELECT set_config('lock_timeout', v, false), or SET LOCAL /
// set_config(..., true) inside the same transaction as the locking statement (SET LOCAL outside
// a transaction block does nothing). RESET, SET ... TO DEFAULT and a zero value clear it.

#include <cctype>

#include <fmt/format.h>

#include "core/util/strings.hpp"
#include "dialects/postgres/rules/rule_context.hpp"

namespace sse::pg {
namespace {

enum class Timeout { kNone, kSet, kCleared };

struct TimeoutSetting {
  Timeout what = Timeout::kNone;
  bool local = false;
};

bool IsZero(std::string_view v) {
  v = Trim(v);
  size_t digits = 0;
  bool nonzero = false;
  while (digits < v.size() &&
         (std::isdigit(static_cast<unsigned char>(v[digits])) || v[digits] == '.')) {
    if (v[digits] != '0' && v[digits] != '.') nonzero = true;
    ++digits;
  }
  return digits > 0 && !nonzero;
}

/// The value of a constant node as text ("5s", "5000", "0").
std::optional<std::string> ConstText(const PgQuery__Node* n) {
  if (!n || n->node_case != PG_QUERY__NODE__NODE_A_CONST || !n->a_const) return std::nullopt;
  const PgQuery__AConst* c = n->a_const;
  switch (c->val_case) {
    case PG_QUERY__A__CONST__VAL_SVAL:
      return std::string(c->sval && c->sval->sval ? c->sval->sval : "");
    case PG_QUERY__A__CONST__VAL_IVAL:
      return std::to_string(c->ival ? c->ival->ival : 0);
    case PG_QUERY__A__CONST__VAL_FVAL:
      return std::string(c->fval && c->fval->fval ? c->fval->fval : "");
    case PG_QUERY__A__CONST__VAL_BOOLVAL:
      return std::string(c->boolval && c->boolval->boolval ? "true" : "false");
    default:
      return std::nullopt;
  }
}

/// What a statement does to lock_timeout.
TimeoutSetting LockTimeoutSetting(const PgQuery__Node* node) {
  TimeoutSetting out;
  if (!node) return out;
  if (node->node_case == PG_QUERY__NODE__NODE_VARIABLE_SET_STMT && node->variable_set_stmt) {
    const PgQuery__VariableSetStmt* s = node->variable_set_stmt;
    if (s->kind == PG_QUERY__VARIABLE_SET_KIND__VAR_RESET_ALL)
      return {Timeout::kCleared, s->is_local != 0};
    if (!s->name || std::string_view(s->name) != "lock_timeout") return out;
    out.local = s->is_local;
    if (s->kind == PG_QUERY__VARIABLE_SET_KIND__VAR_SET_VALUE && s->n_args > 0) {
      std::optional<std::string> v = ConstText(s->args[0]);
      out.what = v && IsZero(*v) ? Timeout::kCleared : Timeout::kSet;
      return out;
    }
    if (s->kind == PG_QUERY__VARIABLE_SET_KIND__VAR_SET_DEFAULT ||
        s->kind == PG_QUERY__VARIABLE_SET_KIND__VAR_RESET) {
      out.what = Timeout::kCleared;
    }
    return out;
  }
  if (node->node_case != PG_QUERY__NODE__NODE_SELECT_STMT || !node->select_stmt) return out;
  const PgQuery__SelectStmt* sel = node->select_stmt;
  for (size_t i = 0; i < sel->n_target_list; ++i) {
    const PgQuery__Node* t = sel->target_list[i];
    if (t->node_case != PG_QUERY__NODE__NODE_RES_TARGET || !t->res_target || !t->res_target->val)
      continue;
    const PgQuery__Node* v = t->res_target->val;
    if (v->node_case != PG_QUERY__NODE__NODE_FUNC_CALL || !v->func_call) continue;
    const PgQuery__FuncCall* f = v->func_call;
    if (f->n_funcname == 0 || StringValue(f->funcname[f->n_funcname - 1]) != "set_config") continue;
    if (f->n_args < 2) continue;
    std::optional<std::string> name = ConstText(f->args[0]);
    if (!name || *name != "lock_timeout") continue;
    std::optional<std::string> value = ConstText(f->args[1]);
    std::optional<std::string> local = f->n_args > 2 ? ConstText(f->args[2]) : std::nullopt;
    out.what = value && IsZero(*value) ? Timeout::kCleared : Timeout::kSet;
    out.local = local && (*local == "true" || *local == "t" || *local == "on");
  }
  return out;
}

bool LocksTable(model::ObjectKind k) {
  using model::ObjectKind;
  return k == ObjectKind::kTable || k == ObjectKind::kColumn || k == ObjectKind::kConstraint ||
         k == ObjectKind::kIndex || k == ObjectKind::kTrigger || k == ObjectKind::kPolicy;
}

/// The existing table a locking statement locks (its name for messages), or nullopt when the
/// statement takes no lock on a table that existed before the migration.
std::optional<std::string> LockedTable(const PgRuleContext& ctx, size_t i, size_t k) {
  const model::ReplayedStatement& st = ctx.Statements(i)[k];
  if (st.kind != model::StatementKind::kDdl || rules::HasProblem(st)) return std::nullopt;
  for (const model::Change& c : st.changes) {
    if (!c.on_existing || !LocksTable(c.object.kind) || c.op == model::ChangeOp::kComment) continue;
    if (ctx.MightMention(i, k, "concurrently") && IsConcurrent(ctx.Tree(i, k))) return std::nullopt;
    if (c.object.kind != model::ObjectKind::kIndex) return rules::DisplayName(c.object.name);
    const PgQuery__Node* node = ctx.Tree(i, k);
    if (node && node->node_case == PG_QUERY__NODE__NODE_INDEX_STMT)
      return RangeVarName(node->index_stmt->relation);
    return std::string();
  }
  return std::nullopt;
}

}  // namespace

void CheckMissingLockTimeout(const PgRuleContext& ctx, std::vector<Finding>& out) {
  for (size_t i = 0; i < ctx.MigrationCount(); ++i) {
    if (!ctx.Replayed(i)) continue;
    const auto& stmts = ctx.Statements(i);
    const rules::MigrationTx& tx = ctx.tx[i];
    bool session = false;        // SET lock_timeout for the connection
    int local_unit = -1;         // SET LOCAL lock_timeout: the transaction it holds for
    bool local_outside = false;  // a SET LOCAL lock_timeout that did nothing (no transaction)
    for (size_t k = 0; k < stmts.size(); ++k) {
      const rules::StatementTx& stx = tx.statements[k];
      if (ctx.MightMention(i, k, "lock_timeout") || ctx.MightMention(i, k, "reset")) {
        TimeoutSetting s = LockTimeoutSetting(ctx.Tree(i, k));
        if (s.what == Timeout::kSet) {
          if (!s.local) {
            session = true;
          } else if (stx.in_block) {
            local_unit = stx.unit;
          } else {
            local_outside = true;
          }
        } else if (s.what == Timeout::kCleared) {
          session = false;
          local_unit = -1;
        }
        if (s.what != Timeout::kNone) continue;
      }
      std::optional<std::string> table = LockedTable(ctx, i, k);
      if (!table) continue;
      bool covered = session || (stx.in_block && stx.unit == local_unit);
      if (!covered) {
        std::string tag = stmts[k].tag.empty() ? "the statement" : stmts[k].tag;
        std::string on =
            table->empty() ? "an existing table" : fmt::format("existing table {}", Quote(*table));
        std::string why = local_outside
                              ? "the SET LOCAL lock_timeout before it does nothing outside a "
                                "transaction block"
                              : "the file sets no lock_timeout before it";
        std::string help =
            local_outside ? "write SET lock_timeout = '5s' (without LOCAL), so a blocked migration "
                            "fails fast instead of stalling traffic, then retry it"
            : stx.in_block
                ? "start the file with SET lock_timeout = '5s' (or SET LOCAL inside the "
                  "transaction), so a blocked migration fails fast instead of stalling traffic, "
                  "then retry it"
                : "start the file with SET lock_timeout = '5s', so a blocked migration fails fast "
                  "instead of stalling traffic, then retry it";
        out.push_back(MakeFinding("SCH506",
                                  fmt::format("{} locks {} and {}: while it waits behind a long "
                                              "query, every other query on the table queues "
                                              "behind it",
                                              tag, on, why),
                                  ctx.Loc(i, k), std::move(help)));
      }
      break;  // only the first locking statement of a file
    }
  }
}

}  // namespace sse::pg
