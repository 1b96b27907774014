// The statement rules (SCH1xx-SCH4xx, core/lint/rules) and the PostgreSQL rules (SCH5xx) on
// hand-built replays: each statement's Changes are written here, so the rules are tested apart
// from the replay handlers. The statement text is real SQL (the SCH5xx rules parse it again).

#include <gtest/gtest.h>

#include "core/lint/catalog.hpp"
#include "core/lint/lint_context.hpp"
#include "core/lint/rules/sch40x_statements.hpp"
#include "dialects/postgres/rules/rules.hpp"

namespace sse {
namespace {

using model::Change;
using model::ChangeOp;
using model::ObjectKind;
using model::StatementKind;

/// One statement of a hand-built migration.
struct Stmt {
  std::string sql;  ///< without the ';'
  StatementKind kind = StatementKind::kDdl;
  std::vector<Change> changes = {};
  bool retry_safe = true;
  std::string tag = "";
  std::vector<model::ReplayProblem> problems = {};
};

/// A set of migrations built from statements; `chunks` (optional, per migration) splits a
/// migration into calls after the given statement indexes.
struct Builder {
  Tool tool = Tool::kGolangMigrate;
  SetAnalysis analysis;

  Builder& Add(TxShape tx, const std::vector<Stmt>& stmts,
               const std::vector<size_t>& chunk_starts = {}) {
    Migration m;
    size_t n = analysis.set.migrations.size() + 1;
    m.id = std::to_string(n);
    m.path = "db/" + m.id + "_m.up.sql";
    m.tx = tx;
    std::string text;
    model::ReplayedMigration rm;
    std::vector<uint32_t> starts;
    for (const Stmt& s : stmts) {
      starts.push_back(static_cast<uint32_t>(text.size()));
      model::ReplayedStatement st;
      st.span = {static_cast<uint32_t>(text.size()),
                 static_cast<uint32_t>(text.size() + s.sql.size())};
      st.kind = s.kind;
      st.changes = s.changes;
      st.retry_safe = s.retry_safe;
      st.tag = s.tag;
      st.problems = s.problems;
      m.statements.push_back({st.span.begin, st.span.end + 1});
      text += s.sql + ";\n";
      rm.statements.push_back(std::move(st));
    }
    m.file = std::make_shared<const SourceFile>(m.path, text);
    m.body = {0, static_cast<uint32_t>(text.size())};
    if (chunk_starts.empty()) {
      m.chunks = {m.body};
    } else {
      uint32_t begin = 0;
      for (size_t c : chunk_starts) {
        m.chunks.push_back({begin, starts[c]});
        begin = starts[c];
      }
      m.chunks.push_back({begin, m.body.end});
    }
    analysis.set.migrations.push_back(std::move(m));
    if (!analysis.replay) analysis.replay.emplace();
    analysis.replay->migrations.push_back(std::move(rm));
    return *this;
  }

  std::vector<Finding> Run() {
    analysis.set.tool = tool;
    analysis.set.dialect = "postgres";
    std::vector<SetAnalysis> sets;
    sets.push_back(std::move(analysis));
    LintContext ctx;
    ctx.sets = &sets;
    std::vector<Finding> out;
#define SSE_RULE(code, name, severity, check, summary) check(ctx, out);
#include "core/lint/rules.def"
#undef SSE_RULE
    pg::PostgresRules().Check(sets[0].set, *sets[0].replay, out);
    return out;
  }
};

std::vector<std::string> Codes(const std::vector<Finding>& fs) {
  std::vector<std::string> out;
  for (const Finding& f : fs) out.push_back(f.code);
  std::sort(out.begin(), out.end());
  return out;
}

const Finding* Find(const std::vector<Finding>& fs, std::string_view code) {
  for (const Finding& f : fs) {
    if (f.code == code) return &f;
  }
  return nullptr;
}

Change Make(ChangeOp op, ObjectKind kind, std::string table, std::string member = {},
            bool existing = true) {
  Change c;
  c.op = op;
  c.object.kind = kind;
  c.object.name = {"public", std::move(table)};
  c.object.member = std::move(member);
  c.on_existing = existing;
  return c;
}

Stmt SetLockTimeout() { return {"SET lock_timeout = '5s'", StatementKind::kSession}; }

TEST(StatementRules, DestructiveChangesOnlyOnExistingObjects) {
  Builder b;
  b.Add(TxShape::kImplicitMulti,
        {SetLockTimeout(),
         {"DROP TABLE legacy",
          StatementKind::kDdl,
          {Make(ChangeOp::kDrop, ObjectKind::kTable, "legacy")}},
         {"DROP TABLE scratch",
          StatementKind::kDdl,
          {Make(ChangeOp::kDrop, ObjectKind::kTable, "scratch", "", false)}},
         {"ALTER TABLE users DROP COLUMN nick",
          StatementKind::kDdl,
          {Make(ChangeOp::kDrop, ObjectKind::kColumn, "users", "nick")}},
         {"TRUNCATE audit",
          StatementKind::kDdl,
          {Make(ChangeOp::kTruncate, ObjectKind::kTable, "audit")}}});
  std::vector<Finding> fs = b.Run();
  EXPECT_EQ(Codes(fs), (std::vector<std::string>{"SCH101", "SCH102", "SCH104"}));
  const Finding* drop = Find(fs, "SCH101");
  ASSERT_NE(drop, nullptr);
  EXPECT_EQ(drop->message, "drops table 'legacy' and every row in it");
  EXPECT_EQ(drop->loc->line, 2u);
  EXPECT_EQ(drop->severity, Severity::kWarning);
}

TEST(StatementRules, RenamesAndTypeChanges) {
  Builder b;
  Change rename_table = Make(ChangeOp::kRename, ObjectKind::kTable, "users");
  rename_table.new_name = "accounts";
  Change rename_col = Make(ChangeOp::kRename, ObjectKind::kColumn, "orders", "total");
  rename_col.new_name = "amount";
  Change narrow = Make(ChangeOp::kAlter, ObjectKind::kColumn, "orders", "code");
  narrow.narrowing = true;
  narrow.old_type = model::TypeRef{"character varying", {"255"}, 0};
  narrow.new_type = model::TypeRef{"character varying", {"50"}, 0};
  b.Add(TxShape::kImplicitMulti,
        {SetLockTimeout(),
         {"ALTER TABLE users RENAME TO accounts", StatementKind::kDdl, {rename_table}},
         {"ALTER TABLE orders RENAME total TO amount", StatementKind::kDdl, {rename_col}},
         {"ALTER TABLE orders ALTER code TYPE varchar(50)", StatementKind::kDdl, {narrow}}});
  std::vector<Finding> fs = b.Run();
  EXPECT_EQ(Codes(fs), (std::vector<std::string>{"SCH201", "SCH202", "SCH203"}));
  EXPECT_NE(
      Find(fs, "SCH203")->message.find("from character varying(255) to character varying(50)"),
      std::string::npos);
}

TEST(StatementRules, NotNullWithoutDefaultOnlyOnExistingTables) {
  Builder b;
  Change added = Make(ChangeOp::kCreate, ObjectKind::kColumn, "users", "tenant_id");
  added.not_null = true;
  Change on_new = added;
  on_new.on_existing = false;
  Change with_default = added;
  with_default.has_default = true;
  Change set_nn = Make(ChangeOp::kAlter, ObjectKind::kColumn, "users", "email");
  set_nn.not_null = true;
  b.Add(TxShape::kImplicitMulti,
        {SetLockTimeout(),
         {"ALTER TABLE users ADD tenant_id int NOT NULL", StatementKind::kDdl, {added}},
         {"ALTER TABLE fresh ADD tenant_id int NOT NULL", StatementKind::kDdl, {on_new}},
         {"ALTER TABLE users ADD x int NOT NULL DEFAULT 0", StatementKind::kDdl, {with_default}},
         {"ALTER TABLE users ALTER email SET NOT NULL", StatementKind::kDdl, {set_nn}}});
  std::vector<Finding> fs = b.Run();
  EXPECT_EQ(Codes(fs), (std::vector<std::string>{"SCH301", "SCH303"}));
}

TEST(StatementRules, UniqueOnExistingTableOncePerStatement) {
  Builder b;
  Change cons = Make(ChangeOp::kCreate, ObjectKind::kConstraint, "users", "users_email_key");
  cons.constraint_kind = "UNIQUE";
  Change idx = Make(ChangeOp::kCreate, ObjectKind::kIndex, "users_email_key");
  idx.unique = true;
  b.Add(TxShape::kImplicitMulti,
        {SetLockTimeout(),
         {"ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email)",
          StatementKind::kDdl,
          {cons, idx}}});
  std::vector<Finding> fs = b.Run();
  EXPECT_EQ(Codes(fs), (std::vector<std::string>{"SCH302"}));
}

TEST(StatementRules, ReplayProblemsWithRelatedCreation) {
  Builder b;
  b.tool = Tool::kDrizzle;
  b.Add(TxShape::kWholeRun,
        {{"CREATE TABLE account (id int)",
          StatementKind::kDdl,
          {Make(ChangeOp::kCreate, ObjectKind::kTable, "account", "", false)}}});
  b.Add(TxShape::kWholeRun,
        {{"CREATE TABLE account (id int)",
          StatementKind::kDdl,
          {},
          false,
          "CREATE TABLE",
          {{"SCH401", "table public.account already exists at this point of the migration history",
            "remove it", std::nullopt}}},
         {"CREATE TABLE x (",
          StatementKind::kError,
          {},
          true,
          "",
          {{"SCH403", "syntax error", "fix it", 16u}}}});
  std::vector<Finding> fs = b.Run();
  EXPECT_EQ(Codes(fs), (std::vector<std::string>{"SCH401", "SCH403"}));
  const Finding* dup = Find(fs, "SCH401");
  EXPECT_EQ(dup->severity, Severity::kError);
  ASSERT_EQ(dup->related.size(), 1u);
  EXPECT_EQ(dup->related[0].loc.path, "db/1_m.up.sql");
  EXPECT_EQ(dup->related[0].message, "created here");
  EXPECT_EQ(Find(fs, "SCH403")->loc->column, 17u);  // the problem's offset
}

TEST(StatementRules, UnmodeledStatementSaysWhy) {
  Builder b;
  Stmt s{"DO $$ BEGIN END $$", StatementKind::kUnmodeled};
  s.tag = "DO";
  b.Add(TxShape::kImplicitMulti, {s});
  b.analysis.replay->migrations[0].statements[0].unmodeled_reason =
      "a DO block runs procedural code";
  std::vector<Finding> fs = b.Run();
  ASSERT_EQ(Codes(fs), (std::vector<std::string>{"SCH404"}));
  EXPECT_EQ(fs[0].message, "DO: a DO block runs procedural code");
}

Stmt CreateIndex(std::string sql, bool existing = true) {
  Change c = Make(ChangeOp::kCreate, ObjectKind::kIndex, "ix_apps_visibility", "", existing);
  return {std::move(sql), StatementKind::kDdl, {c}, false, "CREATE INDEX"};
}

TEST(NotRetrySafe, OnlyWhereTheMigrationCanStopHalfWay) {
  // Atomic shapes: silent.
  for (TxShape tx : {TxShape::kPerMigration, TxShape::kImplicitMulti, TxShape::kWholeRun}) {
    Builder b;
    b.tool = tx == TxShape::kImplicitMulti ? Tool::kPrisma : Tool::kFlyway;
    b.Add(tx, {SetLockTimeout(),
               CreateIndex("CREATE INDEX ix_apps_visibility ON apps (visibility)", false),
               CreateIndex("CREATE INDEX ix_apps_owner ON apps (owner)", false)});
    EXPECT_EQ(Find(b.Run(), "SCH405"), nullptr) << TxShapeName(tx);
  }
  // Plain SQL in autocommit: every statement commits alone.
  Builder b;
  b.tool = Tool::kSql;
  b.Add(TxShape::kPerStatement,
        {CreateIndex("CREATE INDEX ix_apps_visibility ON apps (visibility)", false),
         CreateIndex("CREATE INDEX ix_apps_owner ON apps (owner)", false)});
  std::vector<Finding> fs = b.Run();
  ASSERT_EQ(Codes(fs), (std::vector<std::string>{"SCH405", "SCH405"}));
  EXPECT_NE(fs[0].message.find("relation \"ix_apps_visibility\" already exists"), std::string::npos)
      << fs[0].message;
  EXPECT_NE(fs[0].help.find("IF NOT EXISTS"), std::string::npos);
  // One statement alone (and a SET before it) cannot stop half way.
  Builder one;
  one.tool = Tool::kSql;
  one.Add(TxShape::kPerStatement,
          {SetLockTimeout(),
           CreateIndex("CREATE INDEX ix_apps_visibility ON apps (visibility)", false)});
  EXPECT_EQ(Find(one.Run(), "SCH405"), nullptr);
  // BEGIN ... COMMIT around everything makes plain SQL atomic.
  Builder wrapped;
  wrapped.tool = Tool::kSql;
  wrapped.Add(TxShape::kPerStatement, {{"BEGIN", StatementKind::kTransaction},
                                       CreateIndex("CREATE INDEX ix_a ON apps (a)", false),
                                       CreateIndex("CREATE INDEX ix_b ON apps (b)", false),
                                       {"COMMIT", StatementKind::kTransaction}});
  EXPECT_EQ(Find(wrapped.Run(), "SCH405"), nullptr);
  // A COMMIT written inside a Prisma migration splits it.
  Builder split;
  split.tool = Tool::kPrisma;
  split.Add(TxShape::kImplicitMulti, {CreateIndex("CREATE INDEX ix_a ON apps (a)", false),
                                      {"COMMIT", StatementKind::kTransaction},
                                      CreateIndex("CREATE INDEX ix_b ON apps (b)", false)});
  EXPECT_EQ(Codes(split.Run()), (std::vector<std::string>{"SCH405", "SCH405"}));
}

TEST(TransactionPlan, ImplicitMultiIsABlockOnlyWithSeveralStatements) {
  Builder b;
  b.tool = Tool::kPrisma;
  b.Add(TxShape::kImplicitMulti, {{"CREATE INDEX CONCURRENTLY a ON t (x)", StatementKind::kDdl}});
  b.Add(TxShape::kImplicitMulti, {{"CREATE INDEX CONCURRENTLY b ON t (x)", StatementKind::kDdl},
                                  {"CREATE TABLE u (id int)", StatementKind::kDdl}});
  b.analysis.set.tool = Tool::kPrisma;
  auto plan = rules::PlanTransactions(b.analysis.set, *b.analysis.replay);
  ASSERT_EQ(plan.size(), 2u);
  EXPECT_FALSE(plan[0].statements[0].in_block);
  EXPECT_TRUE(plan[1].statements[0].in_block);
  EXPECT_TRUE(plan[1].atomic);
  EXPECT_EQ(plan[1].statements[0].unit, plan[1].statements[1].unit);
}

TEST(TransactionPlan, BoundaryKeywords) {
  EXPECT_EQ(rules::TransactionBoundary("BEGIN"), rules::TxBoundary::kBegin);
  EXPECT_EQ(rules::TransactionBoundary("start transaction isolation level serializable"),
            rules::TxBoundary::kBegin);
  EXPECT_EQ(rules::TransactionBoundary("-- done\ncommit"), rules::TxBoundary::kEnd);
  EXPECT_EQ(rules::TransactionBoundary("END"), rules::TxBoundary::kEnd);
  EXPECT_EQ(rules::TransactionBoundary("ROLLBACK"), rules::TxBoundary::kEnd);
  EXPECT_EQ(rules::TransactionBoundary("ROLLBACK TO SAVEPOINT a"), rules::TxBoundary::kNone);
  EXPECT_EQ(rules::TransactionBoundary("SAVEPOINT a"), rules::TxBoundary::kNone);
  EXPECT_EQ(rules::TransactionBoundary("COMMIT PREPARED 'x'"), rules::TxBoundary::kNone);
}

// ---- SCH5xx ----------------------------------------------------------------------------------

TEST(PostgresRules, ConcurrentlyInPrismaFailsBesideAnotherStatement) {
  Builder alone;
  alone.tool = Tool::kPrisma;
  alone.Add(TxShape::kImplicitMulti,
            {CreateIndex("CREATE INDEX CONCURRENTLY ix_apps_visibility ON apps (visibility)")});
  EXPECT_EQ(Codes(alone.Run()), (std::vector<std::string>{}));

  Builder beside;
  beside.tool = Tool::kPrisma;
  beside.Add(TxShape::kImplicitMulti,
             {SetLockTimeout(),
              CreateIndex("CREATE INDEX CONCURRENTLY ix_apps_visibility ON apps (visibility)")});
  std::vector<Finding> fs = beside.Run();
  ASSERT_EQ(Codes(fs), (std::vector<std::string>{"SCH502"}));
  EXPECT_EQ(fs[0].severity, Severity::kError);
  EXPECT_NE(fs[0].message.find("CREATE INDEX CONCURRENTLY cannot run inside a transaction block"),
            std::string::npos);
  ASSERT_EQ(fs[0].related.size(), 1u);
  EXPECT_EQ(fs[0].related[0].loc.line, 1u);
}

TEST(PostgresRules, ConcurrentlyPerTool) {
  for (auto [tool, tx, fails] : std::vector<std::tuple<Tool, TxShape, bool>>{
           {Tool::kFlyway, TxShape::kPerMigration, true},
           {Tool::kFlyway, TxShape::kNone, false},
           {Tool::kDrizzle, TxShape::kWholeRun, true},
           {Tool::kSql, TxShape::kPerStatement, false},
           {Tool::kDbmate, TxShape::kPerMigration, true},
           {Tool::kGolangMigrate, TxShape::kImplicitMulti, false}}) {
    Builder b;
    b.tool = tool;
    b.Add(tx, {CreateIndex("DROP INDEX CONCURRENTLY IF EXISTS ix_old")});
    b.analysis.replay->migrations[0].statements[0].changes.clear();
    std::vector<Finding> fs = b.Run();
    const Finding* f = Find(fs, "SCH502");
    EXPECT_EQ(f != nullptr, fails) << ToolName(tool) << " " << TxShapeName(tx);
    if (f) {
      EXPECT_NE(f->message.find("DROP INDEX CONCURRENTLY cannot run"), std::string::npos);
    }
  }
  // A BEGIN written in a plain SQL file.
  Builder b;
  b.tool = Tool::kSql;
  b.Add(TxShape::kPerStatement, {{"BEGIN", StatementKind::kTransaction},
                                 CreateIndex("CREATE INDEX CONCURRENTLY ix ON apps (a)"),
                                 {"COMMIT", StatementKind::kTransaction}});
  std::vector<Finding> fs = b.Run();
  const Finding* f = Find(fs, "SCH502");
  ASSERT_NE(f, nullptr);
  EXPECT_NE(f->message.find("between the BEGIN and COMMIT"), std::string::npos);
}

TEST(PostgresRules, IndexNotConcurrentOnlyOnExistingTables) {
  Builder b;
  b.tool = Tool::kGolangMigrate;
  b.Add(TxShape::kImplicitMulti,
        {SetLockTimeout(), CreateIndex("CREATE INDEX ix ON apps (visibility)"),
         CreateIndex("CREATE INDEX ix2 ON fresh (visibility)", false)});
  std::vector<Finding> fs = b.Run();
  ASSERT_EQ(Codes(fs), (std::vector<std::string>{"SCH501"}));
  EXPECT_NE(fs[0].message.find("existing table 'apps'"), std::string::npos) << fs[0].message;
  EXPECT_NE(fs[0].help.find("alone in a migration file"), std::string::npos) << fs[0].help;
}

TEST(PostgresRules, ConstraintsDefaultsAndRewrites) {
  Builder b;
  Change fk = Make(ChangeOp::kCreate, ObjectKind::kConstraint, "orders", "orders_user_fkey");
  fk.constraint_kind = "FOREIGN KEY";
  Change fk_nv = fk;
  fk_nv.not_valid = true;
  Change vol = Make(ChangeOp::kCreate, ObjectKind::kColumn, "orders", "token");
  vol.volatile_default = true;
  vol.has_default = true;
  Change rw = Make(ChangeOp::kAlter, ObjectKind::kColumn, "orders", "total");
  rw.rewrites_table = true;
  rw.new_type = model::TypeRef{"bigint", {}, 0};
  b.Add(
      TxShape::kImplicitMulti,
      {SetLockTimeout(),
       {"ALTER TABLE orders ADD CONSTRAINT orders_user_fkey FOREIGN KEY (user_id) REFERENCES users",
        StatementKind::kDdl,
        {fk}},
       {"ALTER TABLE orders ADD CONSTRAINT orders_user_fkey2 FOREIGN KEY (user_id) REFERENCES "
        "users NOT VALID",
        StatementKind::kDdl,
        {fk_nv}},
       {"ALTER TABLE orders ADD token uuid DEFAULT gen_random_uuid()", StatementKind::kDdl, {vol}},
       {"ALTER TABLE orders ALTER total TYPE bigint", StatementKind::kDdl, {rw}}});
  EXPECT_EQ(Codes(b.Run()), (std::vector<std::string>{"SCH503", "SCH504", "SCH505"}));
}

TEST(PostgresRules, LockTimeoutOncePerFileAndSetLocalOnlyInATransaction) {
  Change alter = Make(ChangeOp::kCreate, ObjectKind::kColumn, "users", "bio");
  Stmt add{"ALTER TABLE users ADD bio text", StatementKind::kDdl, {alter}};
  {
    Builder b;
    b.Add(TxShape::kImplicitMulti, {add, add});
    std::vector<Finding> fs = b.Run();
    ASSERT_EQ(Codes(fs), (std::vector<std::string>{"SCH506"}));
    EXPECT_EQ(fs[0].loc->line, 1u);
  }
  {
    Builder b;  // SET LOCAL in the implicit transaction of a multi-statement query counts
    b.Add(TxShape::kImplicitMulti,
          {{"SET LOCAL lock_timeout = '3s'", StatementKind::kSession}, add});
    EXPECT_EQ(Codes(b.Run()), (std::vector<std::string>{}));
  }
  {
    Builder b;  // set_config(..., false) counts
    b.Add(TxShape::kImplicitMulti,
          {{"SELECT set_config('lock_timeout', '3s', false)", StatementKind::kData}, add});
    EXPECT_EQ(Codes(b.Run()), (std::vector<std::string>{}));
  }
  {
    Builder b;  // SET LOCAL in autocommit does nothing
    b.tool = Tool::kSql;
    b.Add(TxShape::kPerStatement,
          {{"SET LOCAL lock_timeout = '3s'", StatementKind::kSession}, add});
    EXPECT_EQ(Codes(b.Run()), (std::vector<std::string>{"SCH506"}));
  }
  {
    Builder b;  // a zero value clears it
    b.Add(TxShape::kImplicitMulti, {{"SET lock_timeout = 0", StatementKind::kSession}, add});
    EXPECT_EQ(Codes(b.Run()), (std::vector<std::string>{"SCH506"}));
  }
  {
    Builder b;  // new tables lock nothing that serves traffic
    Change fresh = alter;
    fresh.on_existing = false;
    b.Add(TxShape::kImplicitMulti,
          {{"ALTER TABLE fresh ADD bio text", StatementKind::kDdl, {fresh}}});
    EXPECT_EQ(Codes(b.Run()), (std::vector<std::string>{}));
  }
}

TEST(PostgresRules, EnumValueUsedInTheSameTransaction) {
  Stmt add{"ALTER TYPE mood ADD VALUE 'ecstatic'",
           StatementKind::kDdl,
           {Make(ChangeOp::kAlter, ObjectKind::kEnum, "mood", "ecstatic")}};
  Stmt use{"UPDATE people SET mood = 'ecstatic' WHERE name = 'ann'", StatementKind::kData};
  {
    Builder b;
    b.tool = Tool::kPrisma;
    b.Add(TxShape::kImplicitMulti, {add, use});
    std::vector<Finding> fs = b.Run();
    ASSERT_EQ(Codes(fs), (std::vector<std::string>{"SCH507"}));
    EXPECT_EQ(fs[0].severity, Severity::kError);
    EXPECT_EQ(fs[0].loc->line, 2u);
    EXPECT_NE(fs[0].message.find("unsafe use of new value \"ecstatic\" of enum type mood"),
              std::string::npos);
    ASSERT_EQ(fs[0].related.size(), 1u);
    EXPECT_EQ(fs[0].related[0].loc.line, 1u);
  }
  {
    Builder b;  // used in the next migration: committed in between
    b.tool = Tool::kPrisma;
    b.Add(TxShape::kImplicitMulti, {add});
    b.Add(TxShape::kImplicitMulti, {use});
    EXPECT_EQ(Codes(b.Run()), (std::vector<std::string>{}));
  }
  {
    Builder b;  // Drizzle runs every pending migration in one transaction
    b.tool = Tool::kDrizzle;
    b.Add(TxShape::kWholeRun, {add});
    b.Add(TxShape::kWholeRun, {use});
    std::vector<Finding> fs = b.Run();
    ASSERT_EQ(Codes(fs), (std::vector<std::string>{"SCH507"}));
    EXPECT_NE(fs[0].message.find("a later migration"), std::string::npos);
  }
  {
    Builder b;  // plain SQL: ADD VALUE commits at once
    b.tool = Tool::kSql;
    b.Add(TxShape::kPerStatement, {add, use});
    EXPECT_EQ(Find(b.Run(), "SCH507"), nullptr);
  }
}

}  // namespace
}  // namespace sse
