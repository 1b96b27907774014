#pragma once
/// Helpers shared by the statement rules (SCH1xx–SCH4xx, over the static replay) and the dialect
/// rules (SCH5xx): walking replayed statements, locating them, naming objects, and the
/// transaction plan (which statements run inside a transaction block, and which commit together)
/// that SCH405, SCH502, SCH506 and SCH507 read.

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/lint/catalog.hpp"
#include "core/lint/lint_context.hpp"
#include "core/model/replay.hpp"

namespace sse::rules {

/// One replayed statement with its migration and set.
struct StatementRef {
  const SetAnalysis* analysis = nullptr;
  size_t migration = 0;  ///< index into set.migrations
  size_t index = 0;      ///< index into the replayed migration's statements
  const Migration* m = nullptr;
  const model::ReplayedStatement* st = nullptr;
};

/// Calls fn for every replayed statement of every set that has a replay, in order (sets, then
/// migrations, then statements). Migrations without a file or that failed to load are skipped.
void ForEachStatement(const LintContext& ctx, const std::function<void(const StatementRef&)>& fn);

/// Calls fn for every Change of every replayed statement that has no replay problem.
void ForEachChange(const LintContext& ctx,
                   const std::function<void(const StatementRef&, const model::Change&)>& fn);

/// Where a statement is: its span in the migration's file.
SourceLoc StatementLoc(const Migration& m, const model::ReplayedStatement& st);
/// A byte offset of the migration's file.
SourceLoc OffsetLoc(const Migration& m, uint32_t offset);

/// The statement failed in the replay (SCH401/402/403): rules about its effect stay silent, the
/// problem is the finding.
bool HasProblem(const model::ReplayedStatement& st);

/// An object name for messages: unqualified in the public schema ("users"), else qualified
/// ("billing.invoices").
std::string DisplayName(const model::QualifiedName& name);
/// The same, single-quoted ('users').
std::string QuotedName(const model::QualifiedName& name);
/// A name as PostgreSQL prints it in an error: "users".
std::string PgQuoted(std::string_view name);

/// The set's dialect is SQLite or D1 (error messages are worded differently).
bool IsSqlite(const SetAnalysis& a);
/// The database's error for a missing column / table, as the dialect words it:
/// PostgreSQL `column "x" does not exist`, SQLite `no such column: x`.
std::string NoSuchColumn(const SetAnalysis& a, std::string_view column);
std::string NoSuchTable(const SetAnalysis& a, std::string_view table);

/// The text of a statement (its span in the file).
std::string_view StatementText(const Migration& m, const model::ReplayedStatement& st);
/// The first line of a statement, shortened to `max` characters, for messages.
std::string StatementHead(const Migration& m, const model::ReplayedStatement& st, size_t max = 60);

/// Reports the replay problems of one code (SCH401, SCH402, SCH403) as findings: at the problem's
/// offset when it has one, else at the statement; SCH401 and SCH402 name, where it can be found,
/// the earlier statement of the set that created (SCH401) or dropped (SCH402) the object the
/// message names.
void ReportReplayProblems(const LintContext& ctx, std::string_view code, std::vector<Finding>& out);

// ---- Transaction plan ----------------------------------------------------------------------

/// What a transaction-control statement does.
enum class TxBoundary { kNone, kBegin, kEnd };
/// BEGIN / START TRANSACTION -> kBegin; COMMIT / END / ROLLBACK (not ROLLBACK TO) / ABORT /
/// PREPARE TRANSACTION -> kEnd; SAVEPOINT, RELEASE, anything else -> kNone.
TxBoundary TransactionBoundary(std::string_view statement);

/// How one statement runs.
struct StatementTx {
  bool in_block = false;  ///< inside a transaction block (the tool's, an implicit one, or BEGIN)
  int unit = -1;          ///< statements with the same unit commit or roll back together
  bool explicit_block = false;  ///< the block is a BEGIN written in the file (no tool transaction)
};

/// How one migration runs.
struct MigrationTx {
  std::vector<StatementTx> statements;  ///< parallel to ReplayedMigration::statements
  /// Every statement that does something (not BEGIN/COMMIT, not SET) commits together: a failure
  /// leaves nothing of the migration behind, so nothing of it is run twice. (dbmate: per section,
  /// since dbmate records the migration in each section's transaction.)
  bool atomic = true;
  /// How the tool sends this migration, for messages ("prisma migrate deploy sends
  /// migration.sql as one query: ...").
  std::string shape;
};

/// The transaction plan of a replayed set, parallel to set.migrations (empty entries for
/// migrations that were not replayed). From Migration::tx:
/// * kPerMigration: each chunk (a dbmate section) in one transaction; kAtomicBatch: the whole
///   migration; kWholeRun: every migration of the run in one transaction;
/// * kImplicitMulti: each chunk is one simple query, which PostgreSQL runs in an implicit
///   transaction block exactly when it holds more than one statement (dbmate's
///   `transaction:false` sections are sent the same way on PostgreSQL);
/// * kPerStatement, kNone: every statement on its own, in autocommit;
/// explicit BEGIN ... COMMIT in the text opens a block where there was none, and COMMIT inside a
/// wrapped migration ends the unit (the statements after it commit separately).
std::vector<MigrationTx> PlanTransactions(const MigrationSet& set, const model::SetReplay& replay);

}  // namespace sse::rules
