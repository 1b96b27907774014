// Static replay of PostgreSQL schemas, extensions, comments and ALTER ... SET SCHEMA. Expected
// results were checked against PostgreSQL 15.

#include <gtest/gtest.h>

#include "tests/support/pg_replay.hpp"

namespace sse {
namespace {

using model::ChangeOp;
using model::ObjectKind;
using model::QualifiedName;
using model::StatementKind;
using testing::PgReplay;
using testing::ReplayPg;

const model::ReplayedStatement& Last(const PgReplay& r) { return r.statements.back(); }

std::vector<std::string> CodesOf(const model::ReplayedStatement& st) {
  std::vector<std::string> out;
  for (const auto& p : st.problems) out.push_back(p.code);
  return out;
}

bool HasChange(const model::ReplayedStatement& st, ChangeOp op, ObjectKind kind,
               const std::string& object) {
  for (const model::Change& c : st.changes) {
    if (c.op == op && c.object.kind == kind && c.object.ToString() == object) return true;
  }
  return false;
}

// ---- CREATE / DROP SCHEMA --------------------------------------------------------------------

TEST(ReplaySchema, CreateSchema) {
  auto r = ReplayPg(
      "CREATE SCHEMA app;\n"
      "CREATE SCHEMA app;\n"
      "CREATE SCHEMA IF NOT EXISTS app;\n"
      "CREATE SCHEMA IF NOT EXISTS \"Other\";\n"
      "CREATE SCHEMA AUTHORIZATION joe;\n"
      "CREATE SCHEMA " +
      std::string(70, 's') + ";");
  ASSERT_EQ(r.statements.size(), 6u);
  EXPECT_TRUE(r.catalog.schemas.count("app"));
  EXPECT_TRUE(r.catalog.schemas.count("Other"));
  EXPECT_TRUE(r.catalog.schemas.count("joe"));  // named after the role
  EXPECT_TRUE(r.catalog.schemas.count(std::string(63, 's')));
  const auto& first = r.statements[0];
  EXPECT_FALSE(first.retry_safe);
  ASSERT_EQ(first.changes.size(), 1u);
  EXPECT_EQ(first.changes[0].op, ChangeOp::kCreate);
  EXPECT_EQ(first.changes[0].object.kind, ObjectKind::kSchema);
  EXPECT_EQ(first.changes[0].object.ToString(), "app");
  EXPECT_EQ(CodesOf(r.statements[1]), std::vector<std::string>{"SCH401"});
  EXPECT_TRUE(r.statements[2].retry_safe);
  EXPECT_TRUE(r.statements[2].changes.empty());
  EXPECT_TRUE(r.statements[3].changes.at(0).guarded);
}

TEST(ReplaySchema, AuthorizationCurrentUserIsUnmodeled) {
  auto r = ReplayPg("CREATE SCHEMA AUTHORIZATION CURRENT_USER;");
  EXPECT_EQ(Last(r).kind, StatementKind::kUnmodeled);
  EXPECT_EQ(r.catalog.schemas.size(), 1u);
}

TEST(ReplaySchema, EmbeddedElements) {
  auto r = ReplayPg(
      "CREATE SCHEMA s2\n"
      "  CREATE TABLE t (a int)\n"
      "  CREATE INDEX ON t (a)\n"
      "  CREATE VIEW v AS SELECT * FROM t\n"
      "  CREATE SEQUENCE sq;\n"
      "CREATE TABLE after (x int);");
  EXPECT_TRUE(r.problems.empty());
  ASSERT_EQ(r.statements.size(), 2u);
  EXPECT_EQ(r.statements[0].tag, "CREATE SCHEMA");
  EXPECT_EQ(r.statements[0].kind, StatementKind::kDdl);
  EXPECT_TRUE(r.catalog.tables.count({"s2", "t"}));
  EXPECT_TRUE(r.catalog.indexes.count({"s2", "t_a_idx"}));
  EXPECT_TRUE(r.catalog.views.count({"s2", "v"}));
  EXPECT_TRUE(r.catalog.sequences.count({"s2", "sq"}));
  EXPECT_TRUE(HasChange(r.statements[0], ChangeOp::kCreate, ObjectKind::kSchema, "s2"));
  EXPECT_TRUE(HasChange(r.statements[0], ChangeOp::kCreate, ObjectKind::kTable, "s2.t"));
  // search_path is back to what it was.
  EXPECT_TRUE(r.catalog.tables.count({"public", "after"}));
}

TEST(ReplaySchema, EmbeddedElementInAnotherSchema) {
  auto r = ReplayPg("CREATE SCHEMA s3 CREATE TABLE s4.t (a int);");
  EXPECT_EQ(Last(r).kind, StatementKind::kUnmodeled);
  EXPECT_TRUE(r.catalog.tables.empty());
}

TEST(ReplaySchema, DropSchema) {
  auto r = ReplayPg(std::vector<std::string>{
      "CREATE SCHEMA a;\nCREATE SCHEMA b;\nCREATE TABLE b.t (x int);",
      "DROP SCHEMA a;\nDROP SCHEMA IF EXISTS a;\nDROP SCHEMA nosuch;\nDROP SCHEMA b;"});
  ASSERT_EQ(r.statements.size(), 7u);
  const auto& drop = r.statements[3];
  EXPECT_TRUE(drop.problems.empty());
  EXPECT_FALSE(drop.retry_safe);
  ASSERT_EQ(drop.changes.size(), 1u);
  EXPECT_EQ(drop.changes[0].op, ChangeOp::kDrop);
  EXPECT_EQ(drop.changes[0].object.kind, ObjectKind::kSchema);
  EXPECT_TRUE(drop.changes[0].on_existing);
  EXPECT_TRUE(r.statements[4].retry_safe);
  EXPECT_TRUE(r.statements[4].changes.empty());
  EXPECT_EQ(CodesOf(r.statements[5]), std::vector<std::string>{"SCH402"});
  // Not empty: "cannot drop schema b because other objects depend on it".
  EXPECT_EQ(CodesOf(r.statements[6]), std::vector<std::string>{"SCH402"});
  EXPECT_TRUE(r.catalog.schemas.count("b"));
  EXPECT_FALSE(r.catalog.schemas.count("a"));
}

TEST(ReplaySchema, DropSchemaCascade) {
  // PostgreSQL 15: drops the type (and u.m), s.t (and u's foreign key, view v), s.sq (and u.n's
  // default), s.f() (and trigger tr on u); keeps u and w.
  auto r = ReplayPg(
      "CREATE SCHEMA s;\n"
      "CREATE TYPE s.mood AS ENUM ('a');\n"
      "CREATE TABLE s.t (id int PRIMARY KEY, m s.mood);\n"
      "CREATE SEQUENCE s.sq;\n"
      "CREATE TABLE public.u (id int, t_id int REFERENCES s.t (id), m s.mood, n int DEFAULT "
      "nextval('s.sq'));\n"
      "CREATE VIEW public.v AS SELECT * FROM s.t;\n"
      "CREATE VIEW public.w AS SELECT id FROM public.u;\n"
      "CREATE FUNCTION s.f() RETURNS trigger LANGUAGE plpgsql AS $$begin return new; end$$;\n"
      "CREATE TRIGGER tr BEFORE INSERT ON public.u FOR EACH ROW EXECUTE FUNCTION s.f();\n"
      "DROP SCHEMA s CASCADE;");
  EXPECT_TRUE(r.problems.empty());
  const auto& drop = Last(r);
  EXPECT_TRUE(drop.changes.at(0).cascade);
  EXPECT_FALSE(r.catalog.schemas.count("s"));
  EXPECT_TRUE(r.catalog.enums.empty());
  EXPECT_FALSE(r.catalog.tables.count({"s", "t"}));
  EXPECT_TRUE(r.catalog.sequences.empty());
  EXPECT_FALSE(r.catalog.views.count({"public", "v"}));
  EXPECT_TRUE(r.catalog.views.count({"public", "w"}));
  EXPECT_TRUE(r.catalog.functions.empty());
  EXPECT_TRUE(r.catalog.indexes.empty());
  const model::Table& u = r.catalog.tables.at({"public", "u"});
  ASSERT_EQ(u.columns.size(), 3u);
  EXPECT_EQ(u.columns[0].name, "id");
  EXPECT_EQ(u.columns[1].name, "t_id");
  EXPECT_EQ(u.columns[2].name, "n");
  EXPECT_FALSE(u.columns[2].default_expr.has_value());
  EXPECT_TRUE(u.constraints.empty());
  EXPECT_TRUE(u.triggers.empty());
  EXPECT_TRUE(HasChange(drop, ChangeOp::kDrop, ObjectKind::kTable, "s.t"));
  EXPECT_TRUE(HasChange(drop, ChangeOp::kDrop, ObjectKind::kColumn, "public.u.m"));
  EXPECT_TRUE(HasChange(drop, ChangeOp::kDrop, ObjectKind::kConstraint, "public.u.u_t_id_fkey"));
  EXPECT_TRUE(HasChange(drop, ChangeOp::kDrop, ObjectKind::kView, "public.v"));
  EXPECT_TRUE(HasChange(drop, ChangeOp::kDrop, ObjectKind::kTrigger, "public.u.tr"));
  for (const model::Change& c : drop.changes) EXPECT_TRUE(c.cascade) << c.object.ToString();
}

// ---- Extensions ------------------------------------------------------------------------------

TEST(ReplaySchema, Extensions) {
  auto r =
      ReplayPg(std::vector<std::string>{"CREATE EXTENSION IF NOT EXISTS pgcrypto;\n"
                                        "CREATE EXTENSION pgcrypto;\n"
                                        "CREATE SCHEMA ext;\n"
                                        "CREATE EXTENSION \"uuid-ossp\" SCHEMA ext VERSION '1.1';\n"
                                        "CREATE EXTENSION hstore SCHEMA nosuch;\n"
                                        "CREATE EXTENSION plpgsql;\n"
                                        "CREATE EXTENSION IF NOT EXISTS plpgsql;",
                                        "ALTER EXTENSION pgcrypto UPDATE TO '1.3';\n"
                                        "ALTER EXTENSION \"uuid-ossp\" SET SCHEMA public;\n"
                                        "ALTER EXTENSION nosuch UPDATE;\n"
                                        "DROP EXTENSION pgcrypto;\n"
                                        "DROP EXTENSION IF EXISTS pgcrypto;\n"
                                        "DROP EXTENSION nosuch CASCADE;"});
  ASSERT_EQ(r.statements.size(), 13u);
  EXPECT_TRUE(r.statements[0].retry_safe);
  EXPECT_TRUE(r.statements[0].changes.at(0).guarded);
  EXPECT_EQ(r.statements[0].changes.at(0).object.kind, ObjectKind::kExtension);
  EXPECT_EQ(CodesOf(r.statements[1]), std::vector<std::string>{"SCH401"});
  EXPECT_FALSE(r.statements[1].retry_safe);
  EXPECT_EQ(CodesOf(r.statements[4]), std::vector<std::string>{"SCH402"});
  EXPECT_EQ(CodesOf(r.statements[5]), std::vector<std::string>{"SCH401"});  // always installed
  EXPECT_TRUE(r.statements[6].problems.empty());
  EXPECT_TRUE(r.statements[7].problems.empty());
  EXPECT_TRUE(r.statements[8].problems.empty());
  EXPECT_TRUE(r.statements[8].retry_safe);
  EXPECT_EQ(CodesOf(r.statements[9]), std::vector<std::string>{"SCH402"});
  EXPECT_FALSE(r.statements[10].retry_safe);
  EXPECT_TRUE(r.statements[11].changes.empty());
  EXPECT_EQ(CodesOf(r.statements[12]), std::vector<std::string>{"SCH402"});
  ASSERT_EQ(r.catalog.extensions.size(), 1u);
  const model::Extension& uuid = r.catalog.extensions.at("uuid-ossp");
  EXPECT_EQ(uuid.schema, "public");
  EXPECT_EQ(uuid.version, "1.1");

  auto defaults =
      ReplayPg("CREATE SCHEMA app;\nSET search_path = app, public;\nCREATE EXTENSION citext;");
  EXPECT_EQ(defaults.catalog.extensions.at("citext").schema, "app");
  EXPECT_EQ(defaults.catalog.extensions.at("citext").version, "");
}

// ---- COMMENT ON ------------------------------------------------------------------------------

TEST(ReplaySchema, CommentOnEveryModelledKind) {
  auto r = ReplayPg(
      "CREATE SCHEMA app;\n"
      "CREATE TABLE app.t (id int PRIMARY KEY, a int);\n"
      "CREATE INDEX t_a ON app.t (a);\n"
      "CREATE VIEW app.v AS SELECT 1 AS x;\n"
      "CREATE MATERIALIZED VIEW app.mv AS SELECT 1 AS x;\n"
      "CREATE SEQUENCE app.sq;\n"
      "CREATE TYPE app.mood AS ENUM ('a');\n"
      "CREATE TYPE app.pair AS (a int);\n"
      "CREATE DOMAIN app.d AS int CHECK (VALUE > 0);\n"
      "CREATE EXTENSION pgcrypto;\n"
      "CREATE FUNCTION app.f(int) RETURNS int LANGUAGE sql AS 'select 1';\n"
      "COMMENT ON SCHEMA app IS 'schema';\n"
      "COMMENT ON TABLE app.t IS 'table';\n"
      "COMMENT ON COLUMN app.t.a IS 'column';\n"
      "COMMENT ON INDEX app.t_a IS 'index';\n"
      "COMMENT ON VIEW app.v IS 'view';\n"
      "COMMENT ON MATERIALIZED VIEW app.mv IS 'matview';\n"
      "COMMENT ON SEQUENCE app.sq IS 'sequence';\n"
      "COMMENT ON TYPE app.mood IS 'enum';\n"
      "COMMENT ON TYPE app.pair IS 'composite';\n"
      "COMMENT ON DOMAIN app.d IS 'domain';\n"
      "COMMENT ON CONSTRAINT t_pkey ON app.t IS 'constraint';\n"
      "COMMENT ON CONSTRAINT d_check ON DOMAIN app.d IS 'domain constraint';\n"
      "COMMENT ON EXTENSION pgcrypto IS 'extension';\n"
      "COMMENT ON FUNCTION app.f(integer) IS 'function';\n"
      "COMMENT ON COLUMN app.v.x IS 'view column';\n"
      "COMMENT ON ROLE postgres IS 'role';");
  EXPECT_TRUE(r.problems.empty());
  const model::Catalog& c = r.catalog;
  EXPECT_EQ(c.schemas.at("app").comment, "schema");
  const model::Table& t = c.tables.at({"app", "t"});
  EXPECT_EQ(t.comment, "table");
  EXPECT_EQ(t.FindColumn("a")->comment, "column");
  EXPECT_EQ(t.constraints.at("t_pkey").comment, "constraint");
  EXPECT_EQ(c.indexes.at({"app", "t_a"}).comment, "index");
  EXPECT_EQ(c.views.at({"app", "v"}).comment, "view");
  EXPECT_EQ(c.views.at({"app", "mv"}).comment, "matview");
  EXPECT_EQ(c.sequences.at({"app", "sq"}).comment, "sequence");
  EXPECT_EQ(c.enums.at({"app", "mood"}).comment, "enum");
  EXPECT_EQ(c.composites.at({"app", "pair"}).comment, "composite");
  EXPECT_EQ(c.domains.at({"app", "d"}).comment, "domain");
  EXPECT_EQ(c.extensions.at("pgcrypto").comment, "extension");
  ASSERT_EQ(c.functions.size(), 1u);
  EXPECT_EQ(c.functions.begin()->second.comment, "function");
  for (size_t i = 11; i + 1 < r.statements.size(); ++i) {
    const auto& st = r.statements[i];
    EXPECT_TRUE(st.retry_safe) << st.tag;
    ASSERT_EQ(st.changes.size(), 1u) << i;
    EXPECT_EQ(st.changes[0].op, ChangeOp::kComment);
  }
  EXPECT_EQ(r.statements[13].changes[0].object.kind, ObjectKind::kColumn);
  EXPECT_EQ(r.statements[13].changes[0].object.ToString(), "app.t.a");
  EXPECT_EQ(Last(r).kind, StatementKind::kNoop);
}

TEST(ReplaySchema, CommentIsNullRemoves) {
  auto r = ReplayPg(
      "CREATE TABLE t (a int);\n"
      "COMMENT ON TABLE t IS 'x';\n"
      "COMMENT ON COLUMN t.a IS 'y';\n"
      "COMMENT ON TABLE t IS NULL;\n"
      "COMMENT ON COLUMN t.a IS '';");
  EXPECT_TRUE(r.problems.empty());
  const model::Table& t = r.catalog.tables.at({"public", "t"});
  EXPECT_FALSE(t.comment.has_value());
  EXPECT_FALSE(t.FindColumn("a")->comment.has_value());
}

TEST(ReplaySchema, CommentOnMissingObjects) {
  auto r = ReplayPg(
      "CREATE TABLE t (a int);\n"
      "CREATE VIEW v AS SELECT 1 AS x;\n"
      "COMMENT ON TABLE nosuch IS 'x';\n"
      "COMMENT ON COLUMN t.nosuch IS 'x';\n"
      "COMMENT ON TABLE v IS 'x';\n"
      "COMMENT ON INDEX nosuch IS 'x';\n"
      "COMMENT ON TYPE nosuch IS 'x';\n"
      "COMMENT ON SCHEMA nosuch IS 'x';\n"
      "COMMENT ON FUNCTION nosuch(int) IS 'x';\n"
      "COMMENT ON CONSTRAINT nosuch ON t IS 'x';\n"
      "COMMENT ON TRIGGER nosuch ON t IS 'x';\n"
      "COMMENT ON POLICY nosuch ON t IS 'x';\n"
      "COMMENT ON EXTENSION nosuch IS 'x';\n"
      "COMMENT ON TYPE integer IS 'x';");
  ASSERT_EQ(r.statements.size(), 14u);
  for (size_t i = 2; i < 13; ++i) {
    EXPECT_EQ(CodesOf(r.statements[i]), std::vector<std::string>{"SCH402"}) << i;
  }
  EXPECT_TRUE(Last(r).problems.empty());
}

// ---- ALTER ... SET SCHEMA --------------------------------------------------------------------

TEST(ReplaySchema, MoveTableTakesIndexesConstraintsAndSequences) {
  auto r = ReplayPg(std::vector<std::string>{
      "CREATE SCHEMA s;\n"
      "CREATE TABLE t (id serial PRIMARY KEY, a int UNIQUE, r int REFERENCES t (id));\n"
      "CREATE INDEX t_a ON t (a);\n"
      "CREATE VIEW v AS SELECT t.id FROM t;",
      "ALTER TABLE t SET SCHEMA s;"});
  EXPECT_TRUE(r.problems.empty());
  const model::Catalog& c = r.catalog;
  EXPECT_FALSE(c.tables.count({"public", "t"}));
  const model::Table& t = c.tables.at({"s", "t"});
  EXPECT_EQ(t.FindColumn("id")->default_expr, "nextval('s.t_id_seq'::regclass)");
  EXPECT_EQ(t.constraints.at("t_r_fkey").ref_table, (QualifiedName{"s", "t"}));
  EXPECT_TRUE(c.indexes.count({"s", "t_pkey"}));
  EXPECT_TRUE(c.indexes.count({"s", "t_a_key"}));
  EXPECT_TRUE(c.indexes.count({"s", "t_a"}));
  EXPECT_EQ(c.indexes.at({"s", "t_a"}).table, (QualifiedName{"s", "t"}));
  EXPECT_EQ(c.sequences.at({"s", "t_id_seq"}).owned_by_table, (QualifiedName{"s", "t"}));
  EXPECT_EQ(c.views.at({"public", "v"}).definition, "SELECT t.id FROM s.t");
  const auto& st = Last(r);
  EXPECT_FALSE(st.retry_safe);
  ASSERT_EQ(st.changes.size(), 1u);
  EXPECT_EQ(st.changes[0].op, ChangeOp::kRename);
  EXPECT_EQ(st.changes[0].object.ToString(), "public.t");
  EXPECT_EQ(st.changes[0].new_name, "s.t");
  EXPECT_TRUE(st.changes[0].on_existing);
}

TEST(ReplaySchema, MoveRelationErrors) {
  auto r = ReplayPg(
      "CREATE SCHEMA s;\n"
      "CREATE TABLE t (id serial);\n"
      "ALTER SEQUENCE t_id_seq SET SCHEMA s;\n"
      "ALTER TABLE IF EXISTS nosuch SET SCHEMA s;\n"
      "ALTER TABLE nosuch SET SCHEMA s;\n"
      "ALTER TABLE t SET SCHEMA nosuch;\n"
      "CREATE TABLE s.u (x int);\n"
      "CREATE TABLE u (x int);\n"
      "ALTER TABLE u SET SCHEMA s;\n"
      "ALTER TABLE u SET SCHEMA public;\n"
      "ALTER VIEW u SET SCHEMA s;");
  ASSERT_EQ(r.statements.size(), 11u);
  EXPECT_EQ(CodesOf(r.statements[2]), std::vector<std::string>{"SCH402"});  // owned sequence
  EXPECT_TRUE(r.statements[3].problems.empty());
  EXPECT_TRUE(r.statements[3].changes.empty());
  EXPECT_EQ(CodesOf(r.statements[4]), std::vector<std::string>{"SCH402"});
  EXPECT_EQ(CodesOf(r.statements[5]), std::vector<std::string>{"SCH402"});
  EXPECT_EQ(CodesOf(r.statements[8]), std::vector<std::string>{"SCH401"});
  EXPECT_TRUE(r.statements[9].problems.empty());  // already there
  EXPECT_TRUE(r.statements[9].changes.empty());
  EXPECT_EQ(CodesOf(r.statements[10]), std::vector<std::string>{"SCH402"});  // not a view
}

TEST(ReplaySchema, MoveTypesAndFunctions) {
  auto r = ReplayPg(
      "CREATE SCHEMA s;\n"
      "CREATE TYPE mood AS ENUM ('a');\n"
      "CREATE DOMAIN d AS mood;\n"
      "CREATE TABLE t (m mood, ms mood[]);\n"
      "CREATE FUNCTION f(mood) RETURNS mood LANGUAGE sql AS 'select $1';\n"
      "ALTER TYPE mood SET SCHEMA s;\n"
      "ALTER DOMAIN d SET SCHEMA s;\n"
      "ALTER FUNCTION f(s.mood) SET SCHEMA s;\n"
      "ALTER TYPE mood SET SCHEMA s;\n"
      "CREATE TYPE s.e2 AS ENUM ('a');\n"
      "CREATE TYPE e2 AS ENUM ('b');\n"
      "ALTER TYPE e2 SET SCHEMA s;");
  ASSERT_EQ(r.statements.size(), 12u);
  const model::Catalog& c = r.catalog;
  EXPECT_TRUE(c.enums.count({"s", "mood"}));
  EXPECT_EQ(c.domains.at({"s", "d"}).base.name, "s.mood");
  const model::Table& t = c.tables.at({"public", "t"});
  EXPECT_EQ(t.columns[0].type.name, "s.mood");
  EXPECT_EQ(t.columns[1].type.name, "s.mood");
  EXPECT_EQ(t.columns[1].type.array_dims, 1);
  ASSERT_TRUE(c.functions.count("s.f(s.mood)"));
  EXPECT_EQ(c.functions.at("s.f(s.mood)").returns, "s.mood");
  for (size_t i = 5; i < 8; ++i) {
    EXPECT_TRUE(r.statements[i].problems.empty()) << i;
    ASSERT_EQ(r.statements[i].changes.size(), 1u);
    EXPECT_EQ(r.statements[i].changes[0].op, ChangeOp::kRename);
  }
  EXPECT_EQ(r.statements[5].changes[0].new_name, "s.mood");
  EXPECT_EQ(CodesOf(r.statements[8]),
            std::vector<std::string>{"SCH402"});  // mood is no longer on the path
  EXPECT_EQ(CodesOf(r.statements[11]), std::vector<std::string>{"SCH401"});
}

}  // namespace
}  // namespace sse
