// SCH405 not-retry-safe: DDL that fails when it is run again, in a migration that can stop half
// way. Only migrations that are not atomic are checked (see docs/rules/SCH405.md): the tool runs
// their statements in more than one transaction (autocommit, plain SQL, Flyway without a
// transaction, an explicit COMMIT in the file), so a failure leaves the statements before it
// applied, and the retry - a re-deploy, a job restart - fails on the first of them.

#include <fmt/format.h>

#include "core/lint/rules/sch40x_statements.hpp"

namespace sse {
namespace {

using model::ChangeOp;
using model::ObjectKind;

bool IsRelation(ObjectKind k) {
  return k == ObjectKind::kTable || k == ObjectKind::kIndex || k == ObjectKind::kView ||
         k == ObjectKind::kMaterializedView || k == ObjectKind::kSequence;
}

/// What SQLite says when the change is made a second time.
std::string SqliteRerunError(const model::Change& c) {
  const std::string& n = c.object.name.name;
  const std::string& mem = c.object.member;
  std::string kind(model::ObjectKindName(c.object.kind));
  switch (c.op) {
    case ChangeOp::kCreate:
      if (c.object.kind == ObjectKind::kColumn)
        return fmt::format("duplicate column name: {}", mem);
      return fmt::format("{} {} already exists", kind,
                         mem.empty() || c.object.kind == ObjectKind::kIndex ? n : mem);
    case ChangeOp::kDrop:
      if (c.object.kind == ObjectKind::kColumn) return fmt::format("no such column: \"{}\"", mem);
      return fmt::format("no such {}: {}", kind,
                         mem.empty() || c.object.kind == ObjectKind::kIndex ? n : mem);
    case ChangeOp::kRename:
      if (c.object.kind == ObjectKind::kColumn) return fmt::format("no such column: \"{}\"", mem);
      return fmt::format("no such table: {}", n);
    default:
      return {};
  }
}

/// What PostgreSQL says when the change is made a second time.
std::string RerunError(const model::Change& c) {
  const std::string& n = c.object.name.name;
  const std::string& mem = c.object.member;
  auto q = rules::PgQuoted;
  switch (c.op) {
    case ChangeOp::kCreate:
      switch (c.object.kind) {
        case ObjectKind::kColumn:
          return fmt::format("column {} of relation {} already exists", q(mem), q(n));
        case ObjectKind::kConstraint:
          return fmt::format("constraint {} for relation {} already exists", q(mem), q(n));
        case ObjectKind::kTrigger:
          return fmt::format("trigger {} for relation {} already exists", q(mem), q(n));
        case ObjectKind::kPolicy:
          return fmt::format("policy {} for table {} already exists", q(mem), q(n));
        case ObjectKind::kSchema:
          return fmt::format("schema {} already exists", q(n.empty() ? c.object.name.schema : n));
        case ObjectKind::kExtension:
          return fmt::format("extension {} already exists", q(n));
        case ObjectKind::kFunction:
          return fmt::format("function {} already exists with same argument types", n);
        case ObjectKind::kEnum:
        case ObjectKind::kDomain:
        case ObjectKind::kCompositeType:
          return fmt::format("type {} already exists", q(n));
        default:
          if (IsRelation(c.object.kind)) return fmt::format("relation {} already exists", q(n));
          return fmt::format("{} {} already exists", model::ObjectKindName(c.object.kind), q(n));
      }
    case ChangeOp::kDrop:
      switch (c.object.kind) {
        case ObjectKind::kColumn:
          return fmt::format("column {} of relation {} does not exist", q(mem), q(n));
        case ObjectKind::kConstraint:
          return fmt::format("constraint {} of relation {} does not exist", q(mem), q(n));
        case ObjectKind::kTrigger:
          return fmt::format("trigger {} for table {} does not exist", q(mem), q(n));
        case ObjectKind::kPolicy:
          return fmt::format("policy {} for table {} does not exist", q(mem), q(n));
        case ObjectKind::kSchema:
          return fmt::format("schema {} does not exist", q(n.empty() ? c.object.name.schema : n));
        case ObjectKind::kFunction:
          return fmt::format("function {} does not exist", n);
        case ObjectKind::kEnum:
        case ObjectKind::kDomain:
        case ObjectKind::kCompositeType:
          return fmt::format("type {} does not exist", q(n));
        default:
          return fmt::format("{} {} does not exist", model::ObjectKindName(c.object.kind), q(n));
      }
    case ChangeOp::kRename:
      if (c.object.kind == ObjectKind::kColumn)
        return fmt::format("column {} does not exist", q(mem));
      if (IsRelation(c.object.kind)) return fmt::format("relation {} does not exist", q(n));
      return fmt::format("{} {} does not exist", model::ObjectKindName(c.object.kind),
                         q(mem.empty() ? n : mem));
    case ChangeOp::kAlter:
      if (c.object.kind == ObjectKind::kEnum && !mem.empty()) {
        return fmt::format("enum label {} already exists", q(mem));
      }
      return {};
    default:
      return {};
  }
}

std::string Help(const model::Change& c) {
  switch (c.op) {
    case ChangeOp::kCreate:
      switch (c.object.kind) {
        case ObjectKind::kConstraint:
          return "PostgreSQL has no ADD CONSTRAINT IF NOT EXISTS: drop it first with DROP "
                 "CONSTRAINT IF "
                 "EXISTS, or check pg_constraint in a DO block";
        case ObjectKind::kTrigger:
          return "write CREATE OR REPLACE TRIGGER (PostgreSQL 14+), or DROP TRIGGER IF EXISTS "
                 "first";
        case ObjectKind::kPolicy:
          return "precede it with DROP POLICY IF EXISTS";
        case ObjectKind::kFunction:
          return "write CREATE OR REPLACE FUNCTION";
        case ObjectKind::kView:
          return "write CREATE OR REPLACE VIEW, or CREATE VIEW IF NOT EXISTS";
        case ObjectKind::kEnum:
        case ObjectKind::kDomain:
        case ObjectKind::kCompositeType:
          return "CREATE TYPE has no IF NOT EXISTS: create it in a DO block that checks pg_type "
                 "first";
        case ObjectKind::kColumn:
          return "write ADD COLUMN IF NOT EXISTS so a re-run skips it (SQLite has none: give the "
                 "column a "
                 "migration of its own)";
        default:
          return "write IF NOT EXISTS (CREATE INDEX IF NOT EXISTS, CREATE TABLE IF NOT EXISTS) so "
                 "a re-run skips it";
      }
    case ChangeOp::kDrop:
      return "write IF EXISTS so a re-run skips what is already gone";
    case ChangeOp::kRename:
      return "a rename cannot be guarded in SQL: give it a migration of its own, or run it in a DO "
             "block "
             "that checks the catalog first";
    case ChangeOp::kAlter:
      if (c.object.kind == ObjectKind::kEnum) return "write ADD VALUE IF NOT EXISTS";
      return "guard the statement so that running it twice is harmless";
    default:
      return "guard the statement so that running it twice is harmless";
  }
}

}  // namespace

void CheckNotRetrySafe(const LintContext& ctx, std::vector<Finding>& out) {
  for (const SetAnalysis& a : *ctx.sets) {
    if (!a.replay) continue;
    std::vector<rules::MigrationTx> plan = rules::PlanTransactions(a.set, *a.replay);
    size_t n = std::min(a.set.migrations.size(), a.replay->migrations.size());
    for (size_t i = 0; i < n; ++i) {
      const Migration& m = a.set.migrations[i];
      if (!m.file || m.load_failed || m.refused || plan[i].atomic) continue;
      for (const model::ReplayedStatement& st : a.replay->migrations[i].statements) {
        if (st.kind != model::StatementKind::kDdl || st.retry_safe || rules::HasProblem(st))
          continue;
        const model::Change* change = nullptr;
        for (const model::Change& c : st.changes) {
          if (!c.guarded && c.op != ChangeOp::kComment && c.op != ChangeOp::kTruncate) {
            change = &c;
            break;
          }
        }
        std::string error = !change              ? ""
                            : rules::IsSqlite(a) ? SqliteRerunError(*change)
                                                 : RerunError(*change);
        std::string tag = st.tag.empty() ? "the statement" : st.tag;
        std::string message = fmt::format(
            "{} is not safe to re-run: {}, so a failure after it leaves it applied and the retry "
            "fails{}",
            tag, plan[i].shape, error.empty() ? "" : ": " + error);
        out.push_back(MakeFinding(
            "SCH405", std::move(message), rules::StatementLoc(m, st),
            change ? Help(*change) : "guard the statement so that running it twice is harmless"));
      }
    }
  }
}

}  // namespace sse
