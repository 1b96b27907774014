#pragma once
/// What the PostgreSQL rules (SCH5xx) share: the set, its replay, its transaction plan and the
/// parse tree of a statement (kept by the replay; parsed again on demand when it kept none). One
/// file per rule in this folder; PostgresRules::Check (rules.cpp) runs them all.

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/lint/rules/sch40x_statements.hpp"
#include "core/model/replay.hpp"
#include "dialects/postgres/parse.hpp"

namespace sse::pg {

class PgRuleContext {
 public:
  PgRuleContext(const MigrationSet& set, const model::SetReplay& replay);

  const MigrationSet& set;
  const model::SetReplay& replay;
  std::vector<rules::MigrationTx> tx;  ///< parallel to set.migrations

  /// Migrations that were replayed (a file, loaded).
  bool Replayed(size_t migration) const;
  const Migration& M(size_t migration) const { return set.migrations[migration]; }
  const std::vector<model::ReplayedStatement>& Statements(size_t migration) const {
    return replay.migrations[migration].statements;
  }
  size_t MigrationCount() const {
    return std::min(set.migrations.size(), replay.migrations.size());
  }

  /// The statement's parse tree (nullptr when it does not parse): the replay's, else parsed once
  /// and cached.
  const PgQuery__Node* Tree(size_t migration, size_t statement) const;
  std::string_view Text(size_t migration, size_t statement) const;
  /// A cheap filter before Tree() when the statement would have to be parsed again: false when
  /// its text does not contain `word` (ASCII case ignored); true when the replay kept its tree.
  bool MightMention(size_t migration, size_t statement, std::string_view word) const;
  SourceLoc Loc(size_t migration, size_t statement) const;

 private:
  mutable std::map<std::pair<size_t, size_t>, std::shared_ptr<ParsedText>> trees_;
};

/// The statement runs CONCURRENTLY (CREATE/DROP INDEX, REINDEX, DETACH PARTITION); `what` gets
/// the command as PostgreSQL names it in "... cannot run inside a transaction block".
bool IsConcurrent(const PgQuery__Node* node, std::string* what = nullptr);

/// How to run `command` (CREATE INDEX CONCURRENTLY ...) outside a transaction with this tool.
std::string ConcurrentlyHelp(const MigrationSet& set, const Migration& m, std::string_view command);

/// "apps", "billing.invoices": a RangeVar as a display name.
std::string RangeVarName(const PgQuery__RangeVar* rv);

// The rules, one per file.
void CheckIndexNotConcurrent(const PgRuleContext& ctx, std::vector<Finding>& out);         // SCH501
void CheckConcurrentlyInTransaction(const PgRuleContext& ctx, std::vector<Finding>& out);  // SCH502
void CheckConstraintNotValid(const PgRuleContext& ctx, std::vector<Finding>& out);         // SCH503
void CheckVolatileDefaultRewrite(const PgRuleContext& ctx, std::vector<Finding>& out);     // SCH504
void CheckColumnTypeRewrite(const PgRuleContext& ctx, std::vector<Finding>& out);          // SCH505
void CheckMissingLockTimeout(const PgRuleContext& ctx, std::vector<Finding>& out);         // SCH506
void CheckEnumValueInTransaction(const PgRuleContext& ctx, std::vector<Finding>& out);     // SCH507

}  // namespace sse::pg
