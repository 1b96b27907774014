// Static replay of views and materialized views: CREATE [OR REPLACE] [TEMP] [RECURSIVE] VIEW,
// CREATE MATERIALIZED VIEW, CREATE TABLE AS / SELECT INTO, ALTER VIEW, DROP VIEW, REFRESH.

#include <gtest/gtest.h>

#include "tests/support/pg_replay.hpp"

namespace sse {
namespace {

using model::ChangeOp;
using model::ObjectKind;
using model::QualifiedName;
using model::StatementKind;
using testing::ReplayPg;
using Set = std::vector<std::string>;

constexpr const char* kTables = "CREATE TABLE t (a int, b text);\n";

bool HasProblem(const testing::PgReplay& r, std::string_view code, std::string_view text) {
  for (const std::string& p : r.problems) {
    if (p.rfind(code, 0) == 0 && p.find(text) != std::string::npos) return true;
  }
  return false;
}

const model::View* View(const testing::PgReplay& r, const std::string& schema,
                        const std::string& name) {
  auto it = r.catalog.views.find({schema, name});
  return it == r.catalog.views.end() ? nullptr : &it->second;
}

// ---- CREATE VIEW -------------------------------------------------------------------------------

TEST(ReplayView, CreateView) {
  auto r = ReplayPg(Set{kTables, "CREATE VIEW v AS SELECT a, b FROM t WHERE a > 0;"});
  ASSERT_TRUE(r.problems.empty()) << r.problems[0];
  const model::View* v = View(r, "public", "v");
  ASSERT_NE(v, nullptr);
  EXPECT_EQ(v->name, (QualifiedName{"public", "v"}));
  EXPECT_FALSE(v->materialized);
  EXPECT_EQ(v->definition, "SELECT a, b FROM t WHERE a > 0");
  EXPECT_TRUE(v->columns.empty());
  EXPECT_EQ(v->check_option, "");
  const auto& st = r.statements[1];
  EXPECT_EQ(st.kind, StatementKind::kDdl);
  EXPECT_EQ(st.tag, "CREATE VIEW");
  EXPECT_FALSE(st.retry_safe);
  ASSERT_EQ(st.changes.size(), 1u);
  EXPECT_EQ(st.changes[0].op, ChangeOp::kCreate);
  EXPECT_EQ(st.changes[0].object.kind, ObjectKind::kView);
  EXPECT_EQ(st.changes[0].object.name, (QualifiedName{"public", "v"}));
  EXPECT_FALSE(st.changes[0].on_existing);
}

TEST(ReplayView, ColumnsCheckOptionAndQualifiedNames) {
  auto r = ReplayPg(
      std::string(kTables) +
      "CREATE SCHEMA app;\n"
      "CREATE VIEW app.\"Named\" (x, \"Y\") AS SELECT a, b FROM public.t WITH LOCAL CHECK OPTION;\n"
      "CREATE VIEW c AS SELECT a FROM t WITH CHECK OPTION;\n"
      "CREATE VIEW o WITH (check_option = local, security_barrier) AS SELECT a FROM t;");
  ASSERT_TRUE(r.problems.empty()) << r.problems[0];
  const model::View* named = View(r, "app", "Named");
  ASSERT_NE(named, nullptr);
  EXPECT_EQ(named->columns, (std::vector<std::string>{"x", "Y"}));
  EXPECT_EQ(named->check_option, "LOCAL");
  EXPECT_EQ(named->definition, "SELECT a, b FROM public.t");
  EXPECT_EQ(View(r, "public", "c")->check_option, "CASCADED");
  EXPECT_EQ(View(r, "public", "o")->check_option, "LOCAL");
}

TEST(ReplayView, RecursiveView) {
  auto r = ReplayPg(
      "CREATE RECURSIVE VIEW nums (n) AS VALUES (1) UNION ALL SELECT n + 1 FROM nums WHERE n < 5;");
  ASSERT_TRUE(r.problems.empty())
      << r.problems[0];  // the self-reference is a CTE, not a missing table
  const model::View* v = View(r, "public", "nums");
  ASSERT_NE(v, nullptr);
  EXPECT_EQ(v->columns, (std::vector<std::string>{"n"}));
  EXPECT_NE(v->definition.find("WITH RECURSIVE nums"), std::string::npos) << v->definition;
}

TEST(ReplayView, NamesResolvedOutsidePublicAreBound) {
  // PostgreSQL binds a view's names when it stores it; the model writes the schema of those
  // found outside public, so the definition does not depend on the migration's search_path.
  auto r = ReplayPg(R"SQL(
CREATE SCHEMA app;
SET search_path = app, public;
CREATE TABLE items (id int);
CREATE TYPE kind AS ENUM ('a');
CREATE FUNCTION f(int) RETURNS int LANGUAGE sql AS 'SELECT 1';
CREATE TABLE public.p (x int);
CREATE VIEW v AS WITH c AS (SELECT 1 AS one) SELECT id, f(id), 'a'::kind, x, one, now() FROM items, p, c;
)SQL");
  ASSERT_TRUE(r.problems.empty()) << r.problems[0];
  const model::View* v = View(r, "app", "v");
  ASSERT_NE(v, nullptr);
  EXPECT_EQ(v->definition,
            "WITH c AS (SELECT 1 AS one) SELECT id, app.f(id), 'a'::app.kind, x, one, now() FROM "
            "app.items, p, c");
}

TEST(ReplayView, TemporaryViews) {
  auto r = ReplayPg(std::string(kTables) +
                    "CREATE TEMP VIEW tv AS SELECT 1 AS one;\n"
                    "CREATE TEMP TABLE tt (a int);\n"
                    "CREATE VIEW reads_temp AS SELECT a FROM tt;");
  EXPECT_NE(View(r, "pg_temp", "tv"), nullptr);
  // A view that reads a temporary relation becomes temporary (NOTICE).
  ASSERT_TRUE(r.catalog.tables.count({"pg_temp", "tt"}));
  EXPECT_NE(View(r, "pg_temp", "reads_temp"), nullptr);
  EXPECT_EQ(View(r, "public", "reads_temp"), nullptr);
}

TEST(ReplayView, MissingRelationsAreReported) {
  auto r = ReplayPg(
      "CREATE VIEW v AS SELECT a FROM nope JOIN nope2 ON true, pg_class, "
      "information_schema.tables;\n"
      "CREATE VIEW w AS WITH x AS (SELECT 1 AS a) SELECT a FROM x;");
  ASSERT_EQ(r.problems.size(), 2u);
  EXPECT_TRUE(HasProblem(r, "SCH402", "table public.nope does not exist"));
  EXPECT_TRUE(HasProblem(r, "SCH402", "table public.nope2 does not exist"));
  // The statement fails: no view v; w reads only its CTE.
  EXPECT_EQ(View(r, "public", "v"), nullptr);
  EXPECT_NE(View(r, "public", "w"), nullptr);
}

TEST(ReplayView, MissingSchemaOrTypeOfTheSameName) {
  auto r = ReplayPg(R"SQL(
CREATE TYPE mood AS ENUM ('a');
CREATE VIEW nowhere.v AS SELECT 1;
CREATE MATERIALIZED VIEW nowhere.m AS SELECT 1;
CREATE TABLE nowhere.t AS SELECT 1 AS one;
CREATE VIEW mood AS SELECT 1;
CREATE MATERIALIZED VIEW IF NOT EXISTS mood AS SELECT 1;
)SQL");
  ASSERT_EQ(r.problems.size(), 5u);
  EXPECT_EQ(r.problems[0],
            "SCH402: schema nowhere does not exist at this point of the migration history; "
            "the statement fails");
  EXPECT_TRUE(HasProblem(r, "SCH401", "view public.mood already exists"));
  EXPECT_TRUE(HasProblem(r, "SCH401", "materialized view public.mood already exists"));
  EXPECT_TRUE(r.catalog.views.empty());
  EXPECT_EQ(r.catalog.tables.size(), 0u);
}

TEST(ReplayView, CreateExistingRelationFails) {
  auto r = ReplayPg(Set{std::string(kTables) + "CREATE VIEW v AS SELECT a FROM t;",
                        "CREATE VIEW v AS SELECT a FROM t;\n"
                        "CREATE VIEW t AS SELECT 1;\n"
                        "CREATE OR REPLACE VIEW t AS SELECT 1;"});
  ASSERT_EQ(r.problems.size(), 3u);
  EXPECT_TRUE(HasProblem(r, "SCH401", "view public.v already exists"));
  EXPECT_TRUE(HasProblem(r, "SCH401", "view public.t already exists"));
  EXPECT_TRUE(r.statements[2].changes.empty());
}

TEST(ReplayView, OrReplaceReplacesTheDefinition) {
  auto r = ReplayPg(
      Set{std::string(kTables) + "CREATE VIEW v AS SELECT a FROM t;\nCOMMENT ON VIEW v IS 'keep';",
          "CREATE OR REPLACE VIEW v AS SELECT a, b, 1 AS x FROM t;"});
  ASSERT_TRUE(r.problems.empty()) << r.problems[0];
  const model::View* v = View(r, "public", "v");
  EXPECT_EQ(v->definition, "SELECT a, b, 1 AS x FROM t");
  EXPECT_EQ(v->comment, std::optional<std::string>("keep"));
  const auto& st = r.statements[3];
  EXPECT_TRUE(st.retry_safe);
  ASSERT_EQ(st.changes.size(), 1u);
  EXPECT_EQ(st.changes[0].op, ChangeOp::kCreate);
  EXPECT_TRUE(st.changes[0].on_existing);
}

TEST(ReplayView, OrReplaceCannotDropOrRenameColumns) {
  auto r = ReplayPg(
      std::string(kTables) +
      "CREATE VIEW v AS SELECT a, b FROM t;\n"
      "CREATE OR REPLACE VIEW v AS SELECT a FROM t;\n"
      "CREATE OR REPLACE VIEW v AS SELECT a, b AS c FROM t;\n"
      "CREATE VIEW w (x, y) AS SELECT a, b FROM t;\n"
      "CREATE OR REPLACE VIEW w (x) AS SELECT a, b FROM t;\n"
      "CREATE OR REPLACE VIEW w AS SELECT a AS x, b AS y, now() FROM t;\n"
      "CREATE VIEW s AS SELECT * FROM t;\n"
      "CREATE OR REPLACE VIEW s AS SELECT a, b, count(*) FROM t GROUP BY 1, 2;\n"
      "CREATE VIEW e AS SELECT 1, 'x'::text, CASE WHEN true THEN 1 END;\n"
      "CREATE OR REPLACE VIEW e AS SELECT 2 AS \"?column?\", 'y'::text AS text, 3 AS \"case\";\n"
      "CREATE OR REPLACE VIEW e AS SELECT 2, 'y'::varchar;");
  ASSERT_EQ(r.problems.size(), 4u);
  EXPECT_TRUE(HasProblem(r, "SCH401", "view public.v already exists with columns (a, b)"));
  EXPECT_NE(r.problems[0].find("cannot drop columns from view"), std::string::npos);
  EXPECT_NE(r.problems[1].find("cannot change name of view column \"b\" to \"c\""),
            std::string::npos);
  EXPECT_NE(r.problems[2].find("cannot change name of view column \"y\" to \"b\""),
            std::string::npos);
  EXPECT_NE(r.problems[3].find("public.e already exists with columns (?column?, text, case)"),
            std::string::npos)
      << r.problems[3];
  EXPECT_EQ(View(r, "public", "v")->definition,
            "SELECT a, b FROM t");  // the failed statements change nothing
  EXPECT_EQ(View(r, "public", "w")->definition, "SELECT a AS x, b AS y, now() FROM t");
  EXPECT_TRUE(View(r, "public", "w")->columns.empty());
  EXPECT_EQ(View(r, "public", "s")->definition, "SELECT a, b, count(*) FROM t GROUP BY 1, 2");
}

TEST(ReplayView, OrReplaceOfAStarViewIsNotJudged) {
  // The old view's `*` was expanded when it was created: the model does not know with which
  // columns, so it does not guess.
  auto r = ReplayPg(std::string(kTables) +
                    "CREATE VIEW s AS SELECT * FROM t;\n"
                    "ALTER TABLE t ADD COLUMN c int;\n"
                    "CREATE OR REPLACE VIEW s AS SELECT a FROM t;");
  EXPECT_TRUE(r.problems.empty()) << r.problems[0];
}

// ---- CREATE MATERIALIZED VIEW ------------------------------------------------------------------

TEST(ReplayView, CreateMaterializedView) {
  auto r = ReplayPg(Set{kTables,
                        "CREATE MATERIALIZED VIEW mv (x) AS SELECT a FROM t WITH NO DATA;\n"
                        "CREATE MATERIALIZED VIEW IF NOT EXISTS mv AS SELECT 1;\n"
                        "CREATE MATERIALIZED VIEW IF NOT EXISTS mv2 AS SELECT b FROM t;\n"
                        "CREATE MATERIALIZED VIEW mv AS SELECT 1;"});
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_TRUE(HasProblem(r, "SCH401", "materialized view public.mv already exists"));
  const model::View* mv = View(r, "public", "mv");
  ASSERT_NE(mv, nullptr);
  EXPECT_TRUE(mv->materialized);
  EXPECT_EQ(mv->definition, "SELECT a FROM t");
  EXPECT_EQ(mv->columns, (std::vector<std::string>{"x"}));
  const auto& st = r.statements[1];
  EXPECT_EQ(st.tag, "CREATE MATERIALIZED VIEW");
  EXPECT_FALSE(st.retry_safe);
  ASSERT_EQ(st.changes.size(), 1u);
  EXPECT_EQ(st.changes[0].object.kind, ObjectKind::kMaterializedView);
  EXPECT_FALSE(st.changes[0].guarded);
  // IF NOT EXISTS on an existing one: NOTICE, nothing changes.
  EXPECT_TRUE(r.statements[2].changes.empty());
  EXPECT_TRUE(r.statements[2].problems.empty());
  EXPECT_TRUE(r.statements[2].retry_safe);
  EXPECT_TRUE(r.statements[3].changes[0].guarded);
  EXPECT_TRUE(r.statements[3].retry_safe);
}

// ---- CREATE TABLE AS / SELECT INTO -------------------------------------------------------------

TEST(ReplayView, CreateTableAsTypesItsColumns) {
  auto r = ReplayPg(
      Set{"CREATE TABLE t (a int NOT NULL DEFAULT 1, b varchar(20) COLLATE \"C\");",
          "CREATE TABLE copy AS SELECT a, t.b AS bee, 'x' AS s, 2 AS two, 5000000000 AS big, "
          "1.5 AS num, true AS flag, now()::date AS d, '1'::numeric(10, 2) FROM t;"});
  ASSERT_TRUE(r.problems.empty()) << r.problems[0];
  ASSERT_EQ(r.statements[1].kind, StatementKind::kDdl) << r.statements[1].unmodeled_reason;
  const model::Table& c = r.catalog.tables.at({"public", "copy"});
  ASSERT_EQ(c.columns.size(), 9u);
  EXPECT_EQ(c.columns[0].name, "a");
  EXPECT_EQ(c.columns[0].type.ToString(), "integer");
  EXPECT_FALSE(c.columns[0].not_null);  // constraints and defaults are not copied
  EXPECT_FALSE(c.columns[0].default_expr);
  EXPECT_EQ(c.columns[1].name, "bee");
  EXPECT_EQ(c.columns[1].type.ToString(), "character varying(20)");
  EXPECT_EQ(c.columns[1].collation, std::optional<std::string>("C"));
  EXPECT_EQ(c.columns[2].type.ToString(), "text");
  EXPECT_EQ(c.columns[3].type.ToString(), "integer");
  EXPECT_EQ(c.columns[4].type.ToString(), "bigint");
  EXPECT_EQ(c.columns[5].type.ToString(), "numeric");
  EXPECT_EQ(c.columns[6].type.ToString(), "boolean");
  EXPECT_EQ(c.columns[7].type.ToString(), "date");
  EXPECT_EQ(c.columns[8].name, "numeric");
  EXPECT_EQ(c.columns[8].type.ToString(), "numeric(10,2)");
  const auto& st = r.statements[1];
  EXPECT_FALSE(st.retry_safe);
  ASSERT_EQ(st.changes.size(), 1u);
  EXPECT_EQ(st.changes[0].op, ChangeOp::kCreate);
  EXPECT_EQ(st.changes[0].object.kind, ObjectKind::kTable);
}

TEST(ReplayView, CreateTableAsWithUnknownColumnsIsUnmodelled) {
  auto r = ReplayPg(std::string(kTables) +
                    "CREATE TABLE agg AS SELECT b, count(*) FROM t GROUP BY b;\n"
                    "CREATE TABLE IF NOT EXISTS t AS SELECT 1;\n"
                    "CREATE TABLE t AS SELECT 1;");
  EXPECT_EQ(r.statements[1].kind, StatementKind::kUnmodeled);
  EXPECT_NE(r.statements[1].unmodeled_reason.find("CREATE TABLE public.agg AS"), std::string::npos);
  EXPECT_TRUE(r.statements[2].problems.empty());
  EXPECT_TRUE(r.statements[2].retry_safe);
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_TRUE(HasProblem(r, "SCH401", "table public.t already exists"));
}

TEST(ReplayView, SelectIntoCreatesATable) {
  auto r = ReplayPg(std::string(kTables) +
                    "SELECT a, b INTO TEMP copy FROM t;\nSELECT a INTO copy2 FROM t;");
  ASSERT_TRUE(r.problems.empty()) << r.problems[0];
  EXPECT_EQ(r.statements[1].tag, "SELECT INTO");
  EXPECT_EQ(r.statements[1].kind, StatementKind::kDdl);
  const model::Table& copy = r.catalog.tables.at({"pg_temp", "copy"});
  EXPECT_EQ(copy.persistence, model::Persistence::kTemporary);
  EXPECT_EQ(copy.columns.size(), 2u);
  EXPECT_TRUE(r.catalog.tables.count({"public", "copy2"}));
  EXPECT_FALSE(r.statements[2].retry_safe);
}

// ---- DROP VIEW ---------------------------------------------------------------------------------

TEST(ReplayView, DropView) {
  auto r = ReplayPg(Set{std::string(kTables) + "CREATE VIEW v AS SELECT a FROM t;\n"
                                               "CREATE MATERIALIZED VIEW mv AS SELECT a FROM t;",
                        "DROP VIEW v;\n"
                        "DROP VIEW IF EXISTS v;\n"
                        "DROP VIEW v;\n"
                        "DROP VIEW mv;\n"
                        "DROP MATERIALIZED VIEW IF EXISTS mv;"});
  ASSERT_EQ(r.problems.size(), 2u);
  EXPECT_TRUE(HasProblem(r, "SCH402", "view public.v does not exist"));
  EXPECT_TRUE(HasProblem(r, "SCH402", "view public.mv does not exist"));  // "mv" is not a view
  EXPECT_TRUE(r.catalog.views.empty());
  const auto& drop = r.statements[3];
  EXPECT_FALSE(drop.retry_safe);
  ASSERT_EQ(drop.changes.size(), 1u);
  EXPECT_EQ(drop.changes[0].op, ChangeOp::kDrop);
  EXPECT_EQ(drop.changes[0].object.kind, ObjectKind::kView);
  EXPECT_TRUE(drop.changes[0].on_existing);
  EXPECT_TRUE(r.statements[4].changes.empty());
  EXPECT_TRUE(r.statements[4].retry_safe);
  EXPECT_EQ(r.statements[7].changes[0].object.kind, ObjectKind::kMaterializedView);
  EXPECT_TRUE(r.statements[7].changes[0].guarded);
}

TEST(ReplayView, DropViewWithDependents) {
  auto r =
      ReplayPg(Set{std::string(kTables) + "CREATE VIEW v AS SELECT a FROM t;\n"
                                          "CREATE VIEW w AS SELECT a FROM v;\n"
                                          "CREATE MATERIALIZED VIEW m AS SELECT a FROM public.w;\n"
                                          "CREATE VIEW other AS SELECT b FROM t;",
                   "DROP VIEW v;\n"
                   "DROP VIEW v CASCADE;"});
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_TRUE(HasProblem(r, "SCH401", "view public.w still exists and depends on view public.v"))
      << r.problems[0];
  const auto& cascade = r.statements[6];
  ASSERT_EQ(cascade.changes.size(), 3u);
  EXPECT_EQ(cascade.changes[0].object.name, (QualifiedName{"public", "v"}));
  EXPECT_TRUE(cascade.changes[0].cascade);
  EXPECT_EQ(cascade.changes[1].object.name, (QualifiedName{"public", "w"}));
  EXPECT_EQ(cascade.changes[2].object.name, (QualifiedName{"public", "m"}));
  EXPECT_EQ(cascade.changes[2].object.kind, ObjectKind::kMaterializedView);
  for (const model::Change& c : cascade.changes) EXPECT_TRUE(c.cascade);
  ASSERT_EQ(r.catalog.views.size(), 1u);
  EXPECT_TRUE(r.catalog.views.count({"public", "other"}));
}

TEST(ReplayView, DropMaterializedViewDropsItsIndexes) {
  auto r = ReplayPg(std::string(kTables) +
                    "CREATE MATERIALIZED VIEW mv AS SELECT a FROM t;\n"
                    "CREATE UNIQUE INDEX mv_a ON mv (a);\n"
                    "DROP MATERIALIZED VIEW mv;");
  ASSERT_TRUE(r.problems.empty()) << r.problems[0];
  EXPECT_TRUE(r.catalog.views.empty());
  EXPECT_TRUE(r.catalog.indexes.empty());
}

// ---- REFRESH MATERIALIZED VIEW -----------------------------------------------------------------

TEST(ReplayView, RefreshIsData) {
  auto r = ReplayPg(std::string(kTables) +
                    "CREATE MATERIALIZED VIEW mv AS SELECT a FROM t;\n"
                    "CREATE VIEW v AS SELECT a FROM t;\n"
                    "REFRESH MATERIALIZED VIEW mv;\n"
                    "REFRESH MATERIALIZED VIEW CONCURRENTLY mv;\n"
                    "CREATE UNIQUE INDEX mv_a ON mv (a);\n"
                    "REFRESH MATERIALIZED VIEW CONCURRENTLY mv;\n"
                    "REFRESH MATERIALIZED VIEW mv WITH NO DATA;\n"
                    "REFRESH MATERIALIZED VIEW nope;\n"
                    "REFRESH MATERIALIZED VIEW v;");
  ASSERT_EQ(r.problems.size(), 3u);
  EXPECT_TRUE(HasProblem(r, "SCH402", "materialized view public.mv has no unique index"));
  EXPECT_TRUE(HasProblem(r, "SCH402", "materialized view public.nope does not exist"));
  EXPECT_TRUE(HasProblem(r, "SCH402", "materialized view public.v does not exist"));
  for (size_t i = 3; i < 10; ++i) {
    if (i == 5) continue;
    const auto& st = r.statements[i];
    EXPECT_EQ(st.kind, StatementKind::kData) << i;
    EXPECT_EQ(st.tag, "REFRESH MATERIALIZED VIEW");
    EXPECT_TRUE(st.changes.empty());
    EXPECT_TRUE(st.retry_safe);
    EXPECT_FALSE(st.no_transaction);  // CONCURRENTLY is allowed inside a transaction block
  }
  EXPECT_TRUE(r.statements[6].problems.empty());
}

// ---- ALTER VIEW --------------------------------------------------------------------------------

TEST(ReplayView, AlterView) {
  auto r = ReplayPg(Set{std::string(kTables) + "CREATE VIEW v AS SELECT a FROM t;\n"
                                               "CREATE MATERIALIZED VIEW mv AS SELECT a FROM t;",
                        "ALTER VIEW v SET (check_option = cascaded);\n"
                        "ALTER VIEW v ALTER COLUMN a SET DEFAULT 0;\n"
                        "ALTER VIEW v OWNER TO bob;\n"
                        "ALTER VIEW v RESET (check_option);\n"
                        "ALTER VIEW IF EXISTS nope SET (check_option = local);\n"
                        "ALTER VIEW nope SET (check_option = local);\n"
                        "ALTER MATERIALIZED VIEW mv SET (fillfactor = 50);\n"
                        "ALTER VIEW mv SET (check_option = local);"});
  ASSERT_EQ(r.problems.size(), 2u);
  EXPECT_TRUE(HasProblem(r, "SCH402", "view public.nope does not exist"));
  EXPECT_TRUE(HasProblem(r, "SCH402", "view public.mv does not exist"));
  const auto& set = r.statements[3];
  EXPECT_EQ(set.kind, StatementKind::kDdl);
  EXPECT_TRUE(set.retry_safe);
  ASSERT_EQ(set.changes.size(), 1u);
  EXPECT_EQ(set.changes[0].op, ChangeOp::kAlter);
  EXPECT_EQ(set.changes[0].object.kind, ObjectKind::kView);
  EXPECT_TRUE(set.changes[0].on_existing);
  const auto& def = r.statements[4];
  ASSERT_EQ(def.changes.size(), 1u);
  EXPECT_EQ(def.changes[0].object.kind, ObjectKind::kColumn);
  EXPECT_EQ(def.changes[0].object.member, "a");
  EXPECT_TRUE(def.changes[0].has_default);
  EXPECT_TRUE(r.statements[5].changes.empty());  // OWNER TO: no schema change
  EXPECT_EQ(View(r, "public", "v")->check_option, "");
  EXPECT_TRUE(r.statements[7].problems.empty());
}

TEST(ReplayView, LongNamesAreTruncated) {
  std::string long_name(70, 'v');
  auto r = ReplayPg(std::string(kTables) + "CREATE VIEW " + long_name +
                    " AS SELECT a FROM t;\nDROP VIEW " + long_name + ";");
  ASSERT_TRUE(r.problems.empty()) << r.problems[0];
  EXPECT_EQ(r.statements[1].changes[0].object.name,
            (QualifiedName{"public", std::string(63, 'v')}));
  EXPECT_EQ(r.statements[2].changes.size(), 1u);
  EXPECT_TRUE(r.catalog.views.empty());
}

}  // namespace
}  // namespace sse
