// Static replay of ALTER ... RENAME for indexes, views, sequences, types, constraints, triggers,
// policies, schemas and functions. Expected results were checked against PostgreSQL 15.

#include <gtest/gtest.h>

#include "tests/support/pg_replay.hpp"

namespace sse {
namespace {

using model::ChangeOp;
using model::ObjectKind;
using model::QualifiedName;
using testing::PgReplay;
using testing::ReplayPg;

const model::ReplayedStatement& Last(const PgReplay& r) { return r.statements.back(); }

std::vector<std::string> CodesOf(const model::ReplayedStatement& st) {
  std::vector<std::string> out;
  for (const auto& p : st.problems) out.push_back(p.code);
  return out;
}

/// The single change of a statement, checked to be a rename.
const model::Change& RenameOf(const model::ReplayedStatement& st) {
  static const model::Change kNone;
  EXPECT_EQ(st.changes.size(), 1u);
  if (st.changes.size() != 1) return kNone;
  EXPECT_EQ(st.changes[0].op, ChangeOp::kRename);
  EXPECT_FALSE(st.retry_safe);
  return st.changes[0];
}

// ---- Relations -------------------------------------------------------------------------------

TEST(ReplayRename, Index) {
  auto r = ReplayPg(std::vector<std::string>{"CREATE TABLE t (a int);\nCREATE INDEX i ON t (a);",
                                             "ALTER INDEX i RENAME TO \"J\";"});
  EXPECT_TRUE(r.problems.empty());
  EXPECT_FALSE(r.catalog.indexes.count({"public", "i"}));
  ASSERT_TRUE(r.catalog.indexes.count({"public", "J"}));
  EXPECT_EQ(r.catalog.indexes.at({"public", "J"}).name, (QualifiedName{"public", "J"}));
  const model::Change& c = RenameOf(Last(r));
  EXPECT_EQ(c.object.kind, ObjectKind::kIndex);
  EXPECT_EQ(c.object.ToString(), "public.i");
  EXPECT_EQ(c.new_name, "J");
  EXPECT_TRUE(c.on_existing);
}

TEST(ReplayRename, ConstraintIndexRenamesItsConstraint) {
  auto r = ReplayPg(
      "CREATE TABLE p (a int PRIMARY KEY, c int UNIQUE);\nALTER INDEX p_c_key RENAME TO p_c_uq;");
  EXPECT_TRUE(r.problems.empty());
  const model::Table& p = r.catalog.tables.at({"public", "p"});
  EXPECT_FALSE(p.constraints.count("p_c_key"));
  ASSERT_TRUE(p.constraints.count("p_c_uq"));
  EXPECT_EQ(p.constraints.at("p_c_uq").name, "p_c_uq");
  EXPECT_TRUE(r.catalog.indexes.at({"public", "p_c_uq"}).backs_constraint);
}

TEST(ReplayRename, RelationErrors) {
  auto r = ReplayPg(
      "CREATE TABLE t (a int);\n"
      "CREATE INDEX i ON t (a);\n"
      "CREATE INDEX j ON t (a);\n"
      "ALTER INDEX i RENAME TO j;\n"
      "ALTER INDEX i RENAME TO t;\n"
      "ALTER INDEX nosuch RENAME TO k;\n"
      "ALTER INDEX IF EXISTS nosuch RENAME TO k;\n"
      "ALTER VIEW t RENAME TO t2;\n"
      "ALTER SEQUENCE t RENAME TO t2;\n"
      "CREATE TYPE mood AS ENUM ('a');\n"
      "ALTER INDEX i RENAME TO mood;");
  ASSERT_EQ(r.statements.size(), 11u);
  EXPECT_EQ(CodesOf(r.statements[3]), std::vector<std::string>{"SCH401"});
  EXPECT_EQ(CodesOf(r.statements[4]), std::vector<std::string>{"SCH401"});
  EXPECT_EQ(CodesOf(r.statements[5]), std::vector<std::string>{"SCH402"});
  EXPECT_FALSE(r.statements[5].retry_safe);
  EXPECT_TRUE(r.statements[6].problems.empty());
  EXPECT_TRUE(r.statements[6].changes.empty());
  EXPECT_TRUE(r.statements[6].retry_safe);
  EXPECT_EQ(CodesOf(r.statements[7]), std::vector<std::string>{"SCH402"});  // not a view
  EXPECT_EQ(CodesOf(r.statements[8]), std::vector<std::string>{"SCH402"});  // not a sequence
  // An index has no row type: the name of a type is free for it.
  EXPECT_TRUE(r.statements[10].problems.empty());
  EXPECT_TRUE(r.catalog.indexes.count({"public", "mood"}));
}

TEST(ReplayRename, AlterIndexRenamesATable) {
  // ALTER INDEX ... RENAME accepts any relation.
  auto r = ReplayPg("CREATE TABLE t (a int);\nALTER INDEX t RENAME TO t2;");
  EXPECT_TRUE(r.problems.empty());
  EXPECT_TRUE(r.catalog.tables.count({"public", "t2"}));
  EXPECT_FALSE(r.catalog.tables.count({"public", "t"}));
}

TEST(ReplayRename, ViewsFollowTheRenamedView) {
  auto r = ReplayPg(
      "CREATE VIEW v1 AS SELECT 1 AS x;\n"
      "CREATE VIEW v2 AS SELECT v1.x FROM v1;\n"
      "ALTER VIEW v1 RENAME TO v3;\n"
      "CREATE TYPE mood AS ENUM ('a');\n"
      "ALTER VIEW v3 RENAME TO mood;\n"
      "ALTER MATERIALIZED VIEW v3 RENAME TO v4;");
  ASSERT_EQ(r.statements.size(), 6u);
  EXPECT_TRUE(r.statements[2].problems.empty());
  EXPECT_EQ(RenameOf(r.statements[2]).object.kind, ObjectKind::kView);
  EXPECT_TRUE(r.catalog.views.count({"public", "v3"}));
  EXPECT_EQ(r.catalog.views.at({"public", "v2"}).definition, "SELECT v3.x FROM v3");
  EXPECT_EQ(CodesOf(r.statements[4]),
            std::vector<std::string>{"SCH401"});  // its row type would clash
  EXPECT_EQ(CodesOf(r.statements[5]),
            std::vector<std::string>{"SCH402"});  // not a materialized view
}

TEST(ReplayRename, MaterializedView) {
  auto r = ReplayPg(
      "CREATE MATERIALIZED VIEW mv AS SELECT 1 AS x;\nCREATE INDEX ON mv (x);\nALTER MATERIALIZED "
      "VIEW mv RENAME TO mv2;");
  EXPECT_TRUE(r.problems.empty());
  EXPECT_TRUE(r.catalog.views.at({"public", "mv2"}).materialized);
  EXPECT_EQ(r.catalog.indexes.at({"public", "mv_x_idx"}).table, (QualifiedName{"public", "mv2"}));
  EXPECT_EQ(RenameOf(Last(r)).object.kind, ObjectKind::kMaterializedView);
}

TEST(ReplayRename, SequenceFollowedByColumnDefaults) {
  auto r = ReplayPg("CREATE TABLE t (id serial);\nALTER SEQUENCE t_id_seq RENAME TO ids;");
  EXPECT_TRUE(r.problems.empty());
  ASSERT_TRUE(r.catalog.sequences.count({"public", "ids"}));
  EXPECT_EQ(r.catalog.sequences.at({"public", "ids"}).owned_by_table,
            (QualifiedName{"public", "t"}));
  EXPECT_EQ(r.catalog.tables.at({"public", "t"}).FindColumn("id")->default_expr,
            "nextval('public.ids'::regclass)");
  EXPECT_EQ(RenameOf(Last(r)).object.kind, ObjectKind::kSequence);
}

// ---- Types -----------------------------------------------------------------------------------

TEST(ReplayRename, Types) {
  auto r = ReplayPg(
      "CREATE TYPE mood AS ENUM ('a');\n"
      "CREATE DOMAIN d AS mood[];\n"
      "CREATE TYPE pair AS (m mood);\n"
      "CREATE TABLE t (m mood, p pair, d d);\n"
      "ALTER TYPE mood RENAME TO feeling;\n"
      "ALTER TYPE d RENAME TO d2;\n"
      "ALTER TYPE pair RENAME TO couple;");
  EXPECT_TRUE(r.problems.empty());
  const model::Catalog& c = r.catalog;
  EXPECT_TRUE(c.enums.count({"public", "feeling"}));
  EXPECT_EQ(c.enums.at({"public", "feeling"}).name, (QualifiedName{"public", "feeling"}));
  EXPECT_EQ(c.domains.at({"public", "d2"}).base.name, "public.feeling");
  EXPECT_EQ(c.composites.at({"public", "couple"}).attributes[0].type.name, "public.feeling");
  EXPECT_TRUE(c.HasRelation({"public", "couple"}));
  const model::Table& t = c.tables.at({"public", "t"});
  EXPECT_EQ(t.columns[0].type.name, "public.feeling");
  EXPECT_EQ(t.columns[1].type.name, "public.couple");
  EXPECT_EQ(t.columns[2].type.name, "public.d2");
  const model::Change& enum_rename = RenameOf(r.statements[4]);
  EXPECT_EQ(enum_rename.object.kind, ObjectKind::kEnum);
  EXPECT_EQ(enum_rename.new_name, "feeling");
  EXPECT_EQ(RenameOf(r.statements[5]).object.kind, ObjectKind::kDomain);
  EXPECT_EQ(RenameOf(r.statements[6]).object.kind, ObjectKind::kCompositeType);
}

TEST(ReplayRename, TypeErrors) {
  auto r = ReplayPg(
      "CREATE TYPE mood AS ENUM ('a');\n"
      "CREATE TABLE t (a int);\n"
      "CREATE INDEX i ON t (a);\n"
      "CREATE TYPE pair AS (a int);\n"
      "ALTER TYPE mood RENAME TO t;\n"
      "ALTER TYPE nosuch RENAME TO x;\n"
      "ALTER DOMAIN mood RENAME TO m2;\n"
      "ALTER TYPE pair RENAME TO i;\n"
      "ALTER TYPE mood RENAME TO i;");
  ASSERT_EQ(r.statements.size(), 9u);
  EXPECT_EQ(CodesOf(r.statements[4]), std::vector<std::string>{"SCH401"});  // table t's row type
  EXPECT_EQ(CodesOf(r.statements[5]), std::vector<std::string>{"SCH402"});
  EXPECT_EQ(CodesOf(r.statements[6]), std::vector<std::string>{"SCH402"});  // not a domain
  EXPECT_EQ(CodesOf(r.statements[7]), std::vector<std::string>{"SCH401"});  // relation i exists
  EXPECT_TRUE(r.statements[8].problems.empty());  // an enum is no relation
}

// ---- Constraints -----------------------------------------------------------------------------

TEST(ReplayRename, TableConstraints) {
  auto r =
      ReplayPg(std::vector<std::string>{"CREATE TABLE p (a int PRIMARY KEY, c int UNIQUE);\nALTER "
                                        "TABLE p ADD CONSTRAINT chk CHECK (a > 0);",
                                        "ALTER TABLE p RENAME CONSTRAINT p_pkey TO p_pk;\n"
                                        "ALTER TABLE p RENAME CONSTRAINT chk TO positive;"});
  EXPECT_TRUE(r.problems.empty());
  const model::Table& p = r.catalog.tables.at({"public", "p"});
  EXPECT_TRUE(p.constraints.count("p_pk"));
  EXPECT_EQ(p.constraints.at("p_pk").name, "p_pk");
  EXPECT_TRUE(p.constraints.count("positive"));
  // The primary key's index is renamed with it.
  EXPECT_TRUE(r.catalog.indexes.count({"public", "p_pk"}));
  EXPECT_FALSE(r.catalog.indexes.count({"public", "p_pkey"}));
  ASSERT_EQ(r.statements.size(), 4u);
  const model::Change& c = RenameOf(r.statements[2]);
  EXPECT_EQ(c.object.kind, ObjectKind::kConstraint);
  EXPECT_EQ(c.object.ToString(), "public.p.p_pkey");
  EXPECT_EQ(c.new_name, "p_pk");
  EXPECT_EQ(c.constraint_kind, "PRIMARY KEY");
  EXPECT_TRUE(c.on_existing);
  EXPECT_EQ(RenameOf(r.statements[3]).constraint_kind, "CHECK");
}

TEST(ReplayRename, TableConstraintErrors) {
  // PostgreSQL 15: a check constraint may take a relation's name, an index-backed one may not.
  auto r = ReplayPg(
      "CREATE TABLE p (a int PRIMARY KEY, c int UNIQUE);\n"
      "ALTER TABLE p ADD CONSTRAINT chk CHECK (a > 0);\n"
      "CREATE SEQUENCE p_zz;\n"
      "ALTER TABLE p RENAME CONSTRAINT chk TO p_c_key;\n"
      "ALTER TABLE p RENAME CONSTRAINT p_pkey TO p_zz;\n"
      "ALTER TABLE p RENAME CONSTRAINT chk TO p_zz;\n"
      "ALTER TABLE p RENAME CONSTRAINT nosuch TO x;\n"
      "ALTER TABLE nosuch RENAME CONSTRAINT a TO b;\n"
      "ALTER TABLE IF EXISTS nosuch RENAME CONSTRAINT a TO b;");
  ASSERT_EQ(r.statements.size(), 9u);
  EXPECT_EQ(CodesOf(r.statements[3]), std::vector<std::string>{"SCH401"});
  EXPECT_EQ(CodesOf(r.statements[4]), std::vector<std::string>{"SCH401"});
  EXPECT_TRUE(r.statements[5].problems.empty());
  EXPECT_EQ(CodesOf(r.statements[6]), std::vector<std::string>{"SCH402"});
  EXPECT_EQ(CodesOf(r.statements[7]), std::vector<std::string>{"SCH402"});
  EXPECT_TRUE(r.statements[8].problems.empty());
  EXPECT_TRUE(r.statements[8].changes.empty());
}

TEST(ReplayRename, DomainConstraint) {
  auto r = ReplayPg(
      "CREATE DOMAIN d AS int CHECK (VALUE > 0) CONSTRAINT b CHECK (VALUE < 9);\n"
      "ALTER DOMAIN d RENAME CONSTRAINT d_check TO a;\n"
      "ALTER DOMAIN d RENAME CONSTRAINT zz TO c;\n"
      "ALTER DOMAIN d RENAME CONSTRAINT a TO b;");
  ASSERT_EQ(r.statements.size(), 4u);
  EXPECT_TRUE(r.statements[1].problems.empty());
  const model::Domain& d = r.catalog.domains.at({"public", "d"});
  ASSERT_EQ(d.checks.size(), 2u);
  EXPECT_EQ(d.checks[0].name, "a");
  EXPECT_EQ(d.checks[0].expression, "value > 0");
  EXPECT_EQ(d.checks[1].name, "b");
  const model::Change& c = RenameOf(r.statements[1]);
  EXPECT_EQ(c.object.kind, ObjectKind::kDomain);
  EXPECT_EQ(c.object.member, "d_check");
  EXPECT_EQ(c.new_name, "a");
  EXPECT_EQ(CodesOf(r.statements[2]), std::vector<std::string>{"SCH402"});
  EXPECT_EQ(CodesOf(r.statements[3]), std::vector<std::string>{"SCH401"});
}

// ---- Triggers and policies -------------------------------------------------------------------

TEST(ReplayRename, TriggersAndPolicies) {
  auto r = ReplayPg(
      "CREATE TABLE t (a int);\n"
      "CREATE FUNCTION tf() RETURNS trigger LANGUAGE plpgsql AS $$begin return new; end$$;\n"
      "CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION tf();\n"
      "CREATE TRIGGER other BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION tf();\n"
      "CREATE POLICY pol ON t USING (a > 0);\n"
      "ALTER TRIGGER tr ON t RENAME TO tr2;\n"
      "ALTER POLICY pol ON t RENAME TO pol2;\n"
      "ALTER TRIGGER nosuch ON t RENAME TO x;\n"
      "ALTER TRIGGER tr2 ON t RENAME TO other;\n"
      "ALTER POLICY nosuch ON t RENAME TO x;\n"
      "ALTER TRIGGER tr2 ON nosuch RENAME TO x;");
  ASSERT_EQ(r.statements.size(), 11u);
  const model::Table& t = r.catalog.tables.at({"public", "t"});
  EXPECT_TRUE(t.triggers.count("tr2"));
  EXPECT_EQ(t.triggers.at("tr2").name, "tr2");
  EXPECT_TRUE(t.policies.count("pol2"));
  EXPECT_EQ(t.policies.at("pol2").name, "pol2");
  const model::Change& trig = RenameOf(r.statements[5]);
  EXPECT_EQ(trig.object.kind, ObjectKind::kTrigger);
  EXPECT_EQ(trig.object.ToString(), "public.t.tr");
  EXPECT_EQ(trig.new_name, "tr2");
  EXPECT_EQ(RenameOf(r.statements[6]).object.kind, ObjectKind::kPolicy);
  EXPECT_EQ(CodesOf(r.statements[7]), std::vector<std::string>{"SCH402"});
  EXPECT_EQ(CodesOf(r.statements[8]), std::vector<std::string>{"SCH401"});
  EXPECT_EQ(CodesOf(r.statements[9]), std::vector<std::string>{"SCH402"});
  EXPECT_EQ(CodesOf(r.statements[10]), std::vector<std::string>{"SCH402"});
}

// ---- Schemas ---------------------------------------------------------------------------------

TEST(ReplayRename, Schema) {
  auto r = ReplayPg(
      std::vector<std::string>{"CREATE SCHEMA s;\n"
                               "CREATE TABLE s.st (id serial PRIMARY KEY);\n"
                               "CREATE TYPE s.mood AS ENUM ('a');\n"
                               "CREATE TABLE public.u (m s.mood, st_id int REFERENCES s.st (id));\n"
                               "CREATE FUNCTION s.f(s.st) RETURNS int LANGUAGE sql AS 'select 1';",
                               "ALTER SCHEMA s RENAME TO s2;\n"
                               "ALTER SCHEMA nosuch RENAME TO x;\n"
                               "ALTER SCHEMA s2 RENAME TO public;"});
  ASSERT_EQ(r.statements.size(), 8u);
  EXPECT_TRUE(r.statements[5].problems.empty());
  const model::Catalog& c = r.catalog;
  EXPECT_FALSE(c.schemas.count("s"));
  EXPECT_EQ(c.schemas.at("s2").name, "s2");
  EXPECT_TRUE(c.tables.count({"s2", "st"}));
  EXPECT_TRUE(c.indexes.count({"s2", "st_pkey"}));
  EXPECT_EQ(c.sequences.at({"s2", "st_id_seq"}).owned_by_table, (QualifiedName{"s2", "st"}));
  EXPECT_EQ(c.tables.at({"s2", "st"}).FindColumn("id")->default_expr,
            "nextval('s2.st_id_seq'::regclass)");
  EXPECT_TRUE(c.enums.count({"s2", "mood"}));
  const model::Table& u = c.tables.at({"public", "u"});
  EXPECT_EQ(u.columns[0].type.name, "s2.mood");
  EXPECT_EQ(u.constraints.begin()->second.ref_table, (QualifiedName{"s2", "st"}));
  EXPECT_TRUE(c.functions.count("s2.f(s2.st)"));
  const model::Change& ch = RenameOf(r.statements[5]);
  EXPECT_EQ(ch.object.kind, ObjectKind::kSchema);
  EXPECT_EQ(ch.object.ToString(), "s");
  EXPECT_EQ(ch.new_name, "s2");
  EXPECT_TRUE(ch.on_existing);
  EXPECT_EQ(CodesOf(r.statements[6]), std::vector<std::string>{"SCH402"});
  EXPECT_EQ(CodesOf(r.statements[7]), std::vector<std::string>{"SCH401"});
}

// ---- Functions -------------------------------------------------------------------------------

TEST(ReplayRename, Functions) {
  auto r = ReplayPg(
      "CREATE FUNCTION g(int) RETURNS int LANGUAGE sql AS 'select 1';\n"
      "CREATE FUNCTION g(text) RETURNS int LANGUAGE sql AS 'select 1';\n"
      "CREATE FUNCTION h(text) RETURNS int LANGUAGE sql AS 'select 2';\n"
      "ALTER FUNCTION g RENAME TO k;\n"
      "ALTER FUNCTION g(integer) RENAME TO g;\n"
      "ALTER FUNCTION g(int) RENAME TO h;\n"
      "ALTER FUNCTION g(text) RENAME TO h;\n"
      "ALTER FUNCTION nosuch(int) RENAME TO x;\n"
      "ALTER FUNCTION h RENAME TO x;\n"
      "CREATE PROCEDURE p() LANGUAGE sql AS 'select 1';\n"
      "ALTER PROCEDURE p RENAME TO p2;");
  ASSERT_EQ(r.statements.size(), 11u);
  EXPECT_EQ(r.statements[3].kind,
            model::StatementKind::kUnmodeled);  // "function name g is not unique"
  EXPECT_EQ(CodesOf(r.statements[4]), std::vector<std::string>{"SCH401"});
  EXPECT_TRUE(r.statements[5].problems.empty());
  const model::Change& c = RenameOf(r.statements[5]);
  EXPECT_EQ(c.object.kind, ObjectKind::kFunction);
  EXPECT_EQ(c.object.ToString(), "public.g");
  EXPECT_EQ(c.new_name, "h");
  EXPECT_EQ(CodesOf(r.statements[6]), std::vector<std::string>{"SCH401"});  // h(text) exists
  EXPECT_EQ(CodesOf(r.statements[7]), std::vector<std::string>{"SCH402"});
  EXPECT_EQ(r.statements[8].kind, model::StatementKind::kUnmodeled);  // h is overloaded now
  EXPECT_TRUE(r.statements[10].problems.empty());
  EXPECT_TRUE(r.catalog.functions.count("public.h(integer)"));
  EXPECT_TRUE(r.catalog.functions.count("public.g(text)"));
  EXPECT_TRUE(r.catalog.functions.count("public.p2()"));
}

TEST(ReplayRename, UnmodelledKinds) {
  auto r = ReplayPg("ALTER ROLE joe RENAME TO jim;\nALTER COLLATION c RENAME TO d;");
  ASSERT_EQ(r.statements.size(), 2u);
  EXPECT_EQ(r.statements[0].kind, model::StatementKind::kNoop);
  EXPECT_EQ(r.statements[1].kind, model::StatementKind::kUnmodeled);
}

}  // namespace
}  // namespace sse
