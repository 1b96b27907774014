#include "dialects/postgres/rules/rule_context.hpp"

#include <cctype>

#include <fmt/format.h>

namespace sse::pg {

PgRuleContext::PgRuleContext(const MigrationSet& set, const model::SetReplay& replay)
    : set(set), replay(replay), tx(rules::PlanTransactions(set, replay)) {}

bool PgRuleContext::Replayed(size_t migration) const {
  const Migration& m = set.migrations[migration];
  return m.file && !m.load_failed;
}

std::string_view PgRuleContext::Text(size_t migration, size_t statement) const {
  return rules::StatementText(M(migration), Statements(migration)[statement]);
}

bool PgRuleContext::MightMention(size_t migration, size_t statement, std::string_view word) const {
  if (Statements(migration)[statement].tree) return true;  // the tree is at hand: look at it
  std::string_view text = Text(migration, statement);
  if (word.empty() || text.size() < word.size()) return false;
  for (size_t i = 0; i + word.size() <= text.size(); ++i) {
    size_t k = 0;
    while (k < word.size() && std::tolower(static_cast<unsigned char>(text[i + k])) ==
                                  std::tolower(static_cast<unsigned char>(word[k]))) {
      ++k;
    }
    if (k == word.size()) return true;
  }
  return false;
}

const PgQuery__Node* PgRuleContext::Tree(size_t migration, size_t statement) const {
  const model::ReplayedStatement& replayed = Statements(migration)[statement];
  if (replayed.tree) return static_cast<const PgQuery__Node*>(replayed.tree);  // kept by the replay
  auto key = std::make_pair(migration, statement);
  auto it = trees_.find(key);
  if (it == trees_.end()) {
    const model::ReplayedStatement& st = Statements(migration)[statement];
    auto parsed = std::make_shared<ParsedText>();
    if (st.kind != model::StatementKind::kError && M(migration).file) {
      *parsed = ParseStatements(M(migration).file->text(), st.span);
    }
    it = trees_.emplace(key, std::move(parsed)).first;
  }
  const ParsedText& p = *it->second;
  if (p.statements.size() != 1) return nullptr;
  return p.statements[0].node;
}

SourceLoc PgRuleContext::Loc(size_t migration, size_t statement) const {
  return rules::StatementLoc(M(migration), Statements(migration)[statement]);
}

bool IsConcurrent(const PgQuery__Node* node, std::string* what) {
  if (!node) return false;
  auto set = [&](const char* w) {
    if (what) *what = w;
    return true;
  };
  switch (node->node_case) {
    case PG_QUERY__NODE__NODE_INDEX_STMT:
      if (node->index_stmt && node->index_stmt->concurrent) return set("CREATE INDEX CONCURRENTLY");
      return false;
    case PG_QUERY__NODE__NODE_DROP_STMT:
      if (node->drop_stmt && node->drop_stmt->concurrent) return set("DROP INDEX CONCURRENTLY");
      return false;
    case PG_QUERY__NODE__NODE_REINDEX_STMT:
      if (!node->reindex_stmt) return false;
      for (size_t i = 0; i < node->reindex_stmt->n_params; ++i) {
        const PgQuery__Node* p = node->reindex_stmt->params[i];
        if (p->node_case != PG_QUERY__NODE__NODE_DEF_ELEM || !p->def_elem ||
            !p->def_elem->defname || std::string_view(p->def_elem->defname) != "concurrently") {
          continue;
        }
        // REINDEX (CONCURRENTLY false) turns it off.
        const PgQuery__Node* arg = p->def_elem->arg;
        std::string_view v = arg ? StringValue(arg) : "";
        bool off = v == "false" || v == "off" || v == "0" ||
                   (arg && arg->node_case == PG_QUERY__NODE__NODE_BOOLEAN && arg->boolean &&
                    !arg->boolean->boolval) ||
                   (arg && arg->node_case == PG_QUERY__NODE__NODE_INTEGER && arg->integer &&
                    arg->integer->ival == 0);
        if (!off) return set("REINDEX CONCURRENTLY");
      }
      return false;
    case PG_QUERY__NODE__NODE_ALTER_TABLE_STMT:
      if (!node->alter_table_stmt) return false;
      for (size_t i = 0; i < node->alter_table_stmt->n_cmds; ++i) {
        const PgQuery__Node* c = node->alter_table_stmt->cmds[i];
        if (c->node_case != PG_QUERY__NODE__NODE_ALTER_TABLE_CMD || !c->alter_table_cmd) continue;
        const PgQuery__AlterTableCmd* cmd = c->alter_table_cmd;
        if (cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_DetachPartition && cmd->def &&
            cmd->def->node_case == PG_QUERY__NODE__NODE_PARTITION_CMD && cmd->def->partition_cmd &&
            cmd->def->partition_cmd->concurrent) {
          return set("ALTER TABLE ... DETACH PARTITION CONCURRENTLY");
        }
      }
      return false;
    default:
      return false;
  }
}

std::string ConcurrentlyHelp(const MigrationSet& set, const Migration& m,
                             std::string_view command) {
  switch (set.tool) {
    case Tool::kPrisma:
      return fmt::format(
          "write {}, alone in a migration of its own: migration.sql is sent as one query, and "
          "a query of several statements runs in a transaction",
          command);
    case Tool::kGolangMigrate:
      return fmt::format(
          "write {}, alone in a migration file of its own: the file is sent as one query, and a "
          "query of several statements runs in a transaction",
          command);
    case Tool::kFlyway:
      return fmt::format(
          "write {}, alone in its migration: flyway then runs that migration without a "
          "transaction",
          command);
    case Tool::kDbmate:
      return fmt::format(
          "write {}, alone in a file whose up marker reads `-- migrate:up transaction:false`",
          command);
    case Tool::kDrizzle:
      return fmt::format(
          "drizzle's migrator runs every migration in one transaction, where {} fails: run it "
          "outside the migrator (and keep an IF NOT EXISTS form in the migration)",
          command);
    default:
      if (m.tx == TxShape::kPerStatement || m.tx == TxShape::kNone) {
        return fmt::format("write {}, outside any BEGIN ... COMMIT", command);
      }
      return fmt::format("write {} and run it outside a transaction", command);
  }
}

std::string RangeVarName(const PgQuery__RangeVar* rv) {
  if (!rv || !rv->relname) return "?";
  std::string schema = rv->schemaname ? rv->schemaname : "";
  if (schema.empty() || schema == "public") return rv->relname;
  return schema + "." + rv->relname;
}

}  // namespace sse::pg
