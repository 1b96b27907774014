// Static replay of PostgreSQL types: enums (ADD VALUE ordering, RENAME VALUE), domains (checks
// and their implicit names, ALTER DOMAIN), composite types (ALTER TYPE ... ATTRIBUTE), and
// DROP TYPE / DROP DOMAIN with their dependents. Expected results were checked against
// PostgreSQL 15.

#include <gtest/gtest.h>

#include <cstdlib>

#include "core/model/snapshot.hpp"
#include "tests/support/pg_replay.hpp"

namespace sse {
namespace {

using model::ChangeOp;
using model::ObjectKind;
using model::QualifiedName;
using testing::PgReplay;
using testing::ReplayPg;

/// The last statement of a replay.
const model::ReplayedStatement& Last(const PgReplay& r) { return r.statements.back(); }

std::vector<std::string> Values(const PgReplay& r, const QualifiedName& name) {
  auto it = r.catalog.enums.find(name);
  if (it == r.catalog.enums.end()) return {"<missing>"};
  return it->second.values;
}

std::vector<std::string> CodesOf(const model::ReplayedStatement& st) {
  std::vector<std::string> out;
  for (const auto& p : st.problems) out.push_back(p.code);
  return out;
}

const QualifiedName kMood{"public", "mood"};

// ---- Enums -----------------------------------------------------------------------------------

TEST(ReplayType, CreateEnumKeepsValueOrder) {
  auto r = ReplayPg("CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');");
  EXPECT_TRUE(r.problems.empty());
  EXPECT_EQ(Values(r, kMood), (std::vector<std::string>{"sad", "ok", "happy"}));
  const auto& st = Last(r);
  EXPECT_EQ(st.kind, model::StatementKind::kDdl);
  EXPECT_FALSE(st.retry_safe);
  ASSERT_EQ(st.changes.size(), 1u);
  EXPECT_EQ(st.changes[0].op, ChangeOp::kCreate);
  EXPECT_EQ(st.changes[0].object.kind, ObjectKind::kEnum);
  EXPECT_EQ(st.changes[0].object.name, kMood);
}

TEST(ReplayType, CreateEnumTwiceAlreadyExists) {
  auto r = ReplayPg("CREATE TYPE mood AS ENUM ('a');\nCREATE TYPE mood AS ENUM ('b');");
  EXPECT_EQ(CodesOf(Last(r)), std::vector<std::string>{"SCH401"});
  EXPECT_EQ(Values(r, kMood), std::vector<std::string>{"a"});
}

TEST(ReplayType, EnumNameClashesWithTableRowTypeButNotSequence) {
  // A table has a row type; a sequence (PostgreSQL 15) has none.
  auto r = ReplayPg(
      "CREATE SEQUENCE s1;\nCREATE TYPE s1 AS ENUM ('a');\n"
      "CREATE TYPE c AS (x int);\nCREATE TYPE c AS ENUM ('a');");
  ASSERT_EQ(r.statements.size(), 4u);
  EXPECT_TRUE(r.statements[1].problems.empty());
  EXPECT_EQ(CodesOf(r.statements[3]), std::vector<std::string>{"SCH401"});
}

TEST(ReplayType, EmptyEnumAndQuotedSchemaQualifiedName) {
  auto r = ReplayPg("CREATE SCHEMA app;\nCREATE TYPE app.\"Mood\" AS ENUM ();");
  EXPECT_TRUE(r.problems.empty());
  EXPECT_EQ(Values(r, {"app", "Mood"}), std::vector<std::string>{});
}

TEST(ReplayType, CreateEnumInMissingSchema) {
  auto r = ReplayPg("CREATE TYPE nowhere.mood AS ENUM ('a');");
  EXPECT_EQ(CodesOf(Last(r)), std::vector<std::string>{"SCH402"});
  EXPECT_TRUE(r.catalog.enums.empty());
}

TEST(ReplayType, CreateEnumFollowsSearchPath) {
  auto r = ReplayPg(
      "CREATE SCHEMA app;\nSET search_path = app, public;\nCREATE TYPE mood AS ENUM ('a');");
  EXPECT_TRUE(r.problems.empty());
  EXPECT_EQ(r.catalog.enums.count({"app", "mood"}), 1u);
}

TEST(ReplayType, LongTypeNameIsTruncated) {
  std::string name(70, 'e');
  auto r =
      ReplayPg("CREATE TYPE " + name + " AS ENUM ('a');\nALTER TYPE " + name + " ADD VALUE 'b';");
  EXPECT_TRUE(r.problems.empty());
  EXPECT_EQ(Values(r, {"public", std::string(63, 'e')}), (std::vector<std::string>{"a", "b"}));
}

TEST(ReplayType, AddValueBeforeAndAfter) {
  // PostgreSQL 15: first,sad,meh,mid,ok,happy,ecstatic,angry
  auto r = ReplayPg(
      "CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');\n"
      "ALTER TYPE mood ADD VALUE 'meh' BEFORE 'ok';\n"
      "ALTER TYPE mood ADD VALUE 'ecstatic' AFTER 'happy';\n"
      "ALTER TYPE mood ADD VALUE 'angry';\n"
      "ALTER TYPE mood ADD VALUE 'first' BEFORE 'sad';\n"
      "ALTER TYPE mood ADD VALUE 'mid' AFTER 'meh';");
  EXPECT_TRUE(r.problems.empty());
  EXPECT_EQ(Values(r, kMood), (std::vector<std::string>{"first", "sad", "meh", "mid", "ok", "happy",
                                                        "ecstatic", "angry"}));
}

TEST(ReplayType, AddValueChangeForSch507) {
  auto r = ReplayPg(std::vector<std::string>{"CREATE TYPE mood AS ENUM ('a');",
                                             "ALTER TYPE mood ADD VALUE 'b';"});
  const auto& st = Last(r);
  EXPECT_FALSE(st.retry_safe);
  EXPECT_FALSE(st.no_transaction);
  ASSERT_EQ(st.changes.size(), 1u);
  const model::Change& c = st.changes[0];
  EXPECT_EQ(c.op, ChangeOp::kAlter);
  EXPECT_EQ(c.object.kind, ObjectKind::kEnum);
  EXPECT_EQ(c.object.name, kMood);
  EXPECT_EQ(c.object.member, "b");
  EXPECT_FALSE(c.guarded);
  EXPECT_TRUE(c.on_existing);

  auto same = ReplayPg("CREATE TYPE mood AS ENUM ('a');\nALTER TYPE mood ADD VALUE 'b';");
  ASSERT_EQ(Last(same).changes.size(), 1u);
  EXPECT_FALSE(Last(same).changes[0].on_existing);
}

TEST(ReplayType, AddExistingValue) {
  auto r = ReplayPg("CREATE TYPE mood AS ENUM ('a');\nALTER TYPE mood ADD VALUE 'a';");
  EXPECT_EQ(CodesOf(Last(r)), std::vector<std::string>{"SCH401"});
  EXPECT_FALSE(Last(r).retry_safe);
  EXPECT_EQ(Values(r, kMood), std::vector<std::string>{"a"});
}

TEST(ReplayType, AddValueIfNotExists) {
  auto r = ReplayPg(
      "CREATE TYPE mood AS ENUM ('a');\n"
      "ALTER TYPE mood ADD VALUE IF NOT EXISTS 'a';\n"
      "ALTER TYPE mood ADD VALUE IF NOT EXISTS 'b' BEFORE 'a';");
  EXPECT_TRUE(r.problems.empty());
  ASSERT_EQ(r.statements.size(), 3u);
  // Already there: PostgreSQL's NOTICE, nothing changes.
  EXPECT_TRUE(r.statements[1].changes.empty());
  EXPECT_TRUE(r.statements[1].retry_safe);
  ASSERT_EQ(r.statements[2].changes.size(), 1u);
  EXPECT_TRUE(r.statements[2].changes[0].guarded);
  EXPECT_TRUE(r.statements[2].retry_safe);
  EXPECT_EQ(Values(r, kMood), (std::vector<std::string>{"b", "a"}));
}

TEST(ReplayType, AddValueNextToMissingValue) {
  auto r = ReplayPg("CREATE TYPE mood AS ENUM ('a');\nALTER TYPE mood ADD VALUE 'b' AFTER 'zz';");
  EXPECT_EQ(CodesOf(Last(r)), std::vector<std::string>{"SCH402"});
  EXPECT_EQ(Values(r, kMood), std::vector<std::string>{"a"});
}

TEST(ReplayType, AlterMissingOrNonEnumType) {
  auto r = ReplayPg(
      "ALTER TYPE nosuch ADD VALUE 'x';\n"
      "CREATE DOMAIN d AS integer;\n"
      "ALTER TYPE d ADD VALUE 'x';");
  ASSERT_EQ(r.statements.size(), 3u);
  EXPECT_EQ(CodesOf(r.statements[0]), std::vector<std::string>{"SCH402"});
  EXPECT_EQ(CodesOf(r.statements[2]), std::vector<std::string>{"SCH402"});
}

TEST(ReplayType, RenameValue) {
  auto r = ReplayPg(std::vector<std::string>{"CREATE TYPE mood AS ENUM ('a', 'b');",
                                             "ALTER TYPE mood RENAME VALUE 'a' TO 'z';"});
  EXPECT_TRUE(r.problems.empty());
  EXPECT_EQ(Values(r, kMood), (std::vector<std::string>{"z", "b"}));
  const auto& st = Last(r);
  EXPECT_FALSE(st.retry_safe);
  ASSERT_EQ(st.changes.size(), 1u);
  EXPECT_EQ(st.changes[0].op, ChangeOp::kRename);
  EXPECT_EQ(st.changes[0].object.member, "a");
  EXPECT_EQ(st.changes[0].new_name, "z");
  EXPECT_TRUE(st.changes[0].on_existing);
}

TEST(ReplayType, RenameValueErrors) {
  auto r = ReplayPg(
      "CREATE TYPE mood AS ENUM ('a', 'b');\n"
      "ALTER TYPE mood RENAME VALUE 'zz' TO 'c';\n"
      "ALTER TYPE mood RENAME VALUE 'a' TO 'b';");
  ASSERT_EQ(r.statements.size(), 3u);
  EXPECT_EQ(CodesOf(r.statements[1]), std::vector<std::string>{"SCH402"});
  EXPECT_EQ(CodesOf(r.statements[2]), std::vector<std::string>{"SCH401"});
  EXPECT_EQ(Values(r, kMood), (std::vector<std::string>{"a", "b"}));
}

// ---- Domains ---------------------------------------------------------------------------------

TEST(ReplayType, CreateDomain) {
  auto r = ReplayPg(
      "CREATE DOMAIN posint AS int NOT NULL DEFAULT 1 CHECK (VALUE > 0) CHECK (VALUE < 100)\n"
      "  CONSTRAINT named CHECK (VALUE <> 5);");
  EXPECT_TRUE(r.problems.empty());
  auto it = r.catalog.domains.find({"public", "posint"});
  ASSERT_NE(it, r.catalog.domains.end());
  const model::Domain& d = it->second;
  EXPECT_EQ(d.base.name, "integer");
  EXPECT_TRUE(d.not_null);
  EXPECT_EQ(d.default_expr, "1");
  ASSERT_EQ(d.checks.size(), 3u);  // sorted by name
  EXPECT_EQ(d.checks[0].name, "named");
  EXPECT_EQ(d.checks[1].name, "posint_check");
  EXPECT_EQ(d.checks[1].expression, "value > 0");
  EXPECT_EQ(d.checks[2].name, "posint_check1");
  EXPECT_EQ(d.checks[2].expression, "value < 100");
  EXPECT_FALSE(Last(r).retry_safe);
  ASSERT_EQ(Last(r).changes.size(), 1u);
  EXPECT_EQ(Last(r).changes[0].object.kind, ObjectKind::kDomain);
}

TEST(ReplayType, DomainCheckNamesAvoidEveryConstraintOfTheSchema) {
  // ChooseConstraintName looks at all constraints of the schema, tables' and domains'.
  auto r = ReplayPg(
      "CREATE DOMAIN other AS int CONSTRAINT d_check CHECK (VALUE > 0);\n"
      "CREATE DOMAIN d AS int CHECK (VALUE > 1) CHECK (VALUE > 2);\n"
      "CREATE TABLE t (x int CONSTRAINT e_check CHECK (x > 0));\n"
      "CREATE DOMAIN e AS int CHECK (VALUE > 3);");
  const model::Domain& d = r.catalog.domains.at({"public", "d"});
  ASSERT_EQ(d.checks.size(), 2u);
  EXPECT_EQ(d.checks[0].name, "d_check1");
  EXPECT_EQ(d.checks[1].name, "d_check2");
  // Needs CREATE TABLE (replay_table.cpp).
  if (r.catalog.tables.count({"public", "t"})) {
    const model::Domain& e = r.catalog.domains.at({"public", "e"});
    ASSERT_EQ(e.checks.size(), 1u);
    EXPECT_EQ(e.checks[0].name, "e_check1");
  }
}

TEST(ReplayType, DomainOverUserTypeAndCollation) {
  auto r = ReplayPg(
      "CREATE TYPE mood AS ENUM ('a');\n"
      "CREATE DOMAIN m AS mood[];\n"
      "CREATE DOMAIN code AS varchar(10) COLLATE \"C\";\n"
      "CREATE DOMAIN bad AS nosuchtype;");
  ASSERT_EQ(r.statements.size(), 4u);
  EXPECT_EQ(r.catalog.domains.at({"public", "m"}).base.name, "public.mood");
  EXPECT_EQ(r.catalog.domains.at({"public", "m"}).base.array_dims, 1);
  const model::Domain& code = r.catalog.domains.at({"public", "code"});
  EXPECT_EQ(code.base.ToString(), "character varying(10)");
  EXPECT_EQ(code.collation, "C");
  EXPECT_EQ(CodesOf(r.statements[3]), std::vector<std::string>{"SCH402"});
  EXPECT_FALSE(r.catalog.domains.count({"public", "bad"}));
}

TEST(ReplayType, AlterDomain) {
  auto r = ReplayPg(
      std::vector<std::string>{"CREATE DOMAIN d AS int;",
                               "ALTER DOMAIN d SET DEFAULT 7;\n"
                               "ALTER DOMAIN d SET NOT NULL;\n"
                               "ALTER DOMAIN d ADD CHECK (VALUE > 0);\n"
                               "ALTER DOMAIN d ADD CONSTRAINT small CHECK (VALUE < 10) NOT VALID;\n"
                               "ALTER DOMAIN d VALIDATE CONSTRAINT small;\n"
                               "ALTER DOMAIN d ADD CONSTRAINT odd CHECK (VALUE % 2 = 1);\n"
                               "ALTER DOMAIN d DROP CONSTRAINT odd;\n"
                               "ALTER DOMAIN d DROP CONSTRAINT IF EXISTS odd;"});
  EXPECT_TRUE(r.problems.empty());
  const model::Domain& d = r.catalog.domains.at({"public", "d"});
  EXPECT_EQ(d.default_expr, "7");
  EXPECT_TRUE(d.not_null);
  ASSERT_EQ(d.checks.size(), 2u);
  EXPECT_EQ(d.checks[0].name, "d_check");
  EXPECT_EQ(d.checks[1].name, "small");
  EXPECT_FALSE(d.checks[1].not_valid);
  ASSERT_EQ(r.statements.size(), 9u);
  EXPECT_TRUE(r.statements[1].retry_safe);  // SET DEFAULT
  EXPECT_TRUE(r.statements[2].retry_safe);  // SET NOT NULL
  EXPECT_TRUE(r.statements[2].changes[0].not_null);
  EXPECT_FALSE(r.statements[3].retry_safe);  // ADD CONSTRAINT
  EXPECT_EQ(r.statements[3].changes[0].object.member, "d_check");
  EXPECT_EQ(r.statements[3].changes[0].constraint_kind, "CHECK");
  EXPECT_TRUE(r.statements[3].changes[0].on_existing);
  EXPECT_TRUE(r.statements[4].changes[0].not_valid);
  EXPECT_TRUE(r.statements[5].retry_safe);   // VALIDATE
  EXPECT_FALSE(r.statements[7].retry_safe);  // DROP CONSTRAINT
  EXPECT_TRUE(r.statements[8].retry_safe);   // DROP CONSTRAINT IF EXISTS
  EXPECT_TRUE(r.statements[8].changes.empty());

  auto undo = ReplayPg(
      "CREATE DOMAIN d AS int NOT NULL DEFAULT 1;\nALTER DOMAIN d DROP DEFAULT;\nALTER DOMAIN d "
      "DROP NOT NULL;");
  const model::Domain& u = undo.catalog.domains.at({"public", "d"});
  EXPECT_FALSE(u.default_expr);
  EXPECT_FALSE(u.not_null);
}

TEST(ReplayType, AlterDomainErrors) {
  auto r = ReplayPg(
      "CREATE DOMAIN d AS int CONSTRAINT named CHECK (VALUE > 0);\n"
      "ALTER DOMAIN d ADD CONSTRAINT named CHECK (VALUE > 1);\n"
      "ALTER DOMAIN d DROP CONSTRAINT missing;\n"
      "ALTER DOMAIN d VALIDATE CONSTRAINT missing;\n"
      "ALTER DOMAIN nosuch SET NOT NULL;");
  ASSERT_EQ(r.statements.size(), 5u);
  EXPECT_EQ(CodesOf(r.statements[1]), std::vector<std::string>{"SCH401"});
  EXPECT_EQ(CodesOf(r.statements[2]), std::vector<std::string>{"SCH402"});
  EXPECT_EQ(CodesOf(r.statements[3]), std::vector<std::string>{"SCH402"});
  EXPECT_EQ(CodesOf(r.statements[4]), std::vector<std::string>{"SCH402"});
}

// ---- Composite types -------------------------------------------------------------------------

TEST(ReplayType, CreateCompositeType) {
  auto r = ReplayPg(
      "CREATE TYPE pair AS (a int, b text COLLATE \"C\", c numeric(10,2)[]);\nCREATE TYPE empty AS "
      "();");
  EXPECT_TRUE(r.problems.empty());
  const model::CompositeType& p = r.catalog.composites.at({"public", "pair"});
  ASSERT_EQ(p.attributes.size(), 3u);
  EXPECT_EQ(p.attributes[0].name, "a");
  EXPECT_EQ(p.attributes[0].type.name, "integer");
  EXPECT_EQ(p.attributes[1].collation, "C");
  EXPECT_EQ(p.attributes[2].type.ToString(), "numeric(10,2)[]");
  EXPECT_TRUE(r.catalog.composites.at({"public", "empty"}).attributes.empty());
  EXPECT_TRUE(r.catalog.HasRelation({"public", "pair"}));
  EXPECT_EQ(r.statements[0].changes[0].object.kind, ObjectKind::kCompositeType);
}

TEST(ReplayType, CompositeTypeIsARelation) {
  // CREATE INDEX i ...; CREATE TYPE i AS (...) fails: "relation i already exists".
  auto r = ReplayPg(
      "CREATE TYPE mood AS ENUM ('a');\nCREATE TYPE mood AS (x int);\n"
      "CREATE SEQUENCE s;\nCREATE TYPE s AS (x int);\nCREATE TYPE bad AS (x nosuch);");
  ASSERT_EQ(r.statements.size(), 5u);
  EXPECT_EQ(CodesOf(r.statements[1]), std::vector<std::string>{"SCH401"});
  if (r.catalog.sequences.count({"public", "s"})) {
    EXPECT_EQ(CodesOf(r.statements[3]), std::vector<std::string>{"SCH401"});
  }
  EXPECT_EQ(CodesOf(r.statements[4]), std::vector<std::string>{"SCH402"});
}

TEST(ReplayType, AlterCompositeAttributes) {
  auto r = ReplayPg(std::vector<std::string>{
      "CREATE TYPE pair AS (a int, b text);",
      "ALTER TYPE pair ADD ATTRIBUTE c int, DROP ATTRIBUTE b, ALTER ATTRIBUTE a SET "
      "DATA TYPE bigint;\n"
      "ALTER TYPE pair DROP ATTRIBUTE IF EXISTS zz;\n"
      "ALTER TYPE pair RENAME ATTRIBUTE c TO d;"});
  EXPECT_TRUE(r.problems.empty());
  const model::CompositeType& p = r.catalog.composites.at({"public", "pair"});
  ASSERT_EQ(p.attributes.size(), 2u);
  EXPECT_EQ(p.attributes[0].name, "a");
  EXPECT_EQ(p.attributes[0].type.name, "bigint");
  EXPECT_EQ(p.attributes[1].name, "d");
  ASSERT_EQ(r.statements.size(), 4u);
  const auto& alter = r.statements[1];
  EXPECT_EQ(alter.tag, "ALTER TYPE");
  EXPECT_FALSE(alter.retry_safe);
  ASSERT_EQ(alter.changes.size(), 3u);
  EXPECT_EQ(alter.changes[0].op, ChangeOp::kCreate);
  EXPECT_EQ(alter.changes[0].object.member, "c");
  EXPECT_EQ(alter.changes[1].op, ChangeOp::kDrop);
  EXPECT_EQ(alter.changes[2].op, ChangeOp::kAlter);
  EXPECT_EQ(alter.changes[2].old_type->name, "integer");
  EXPECT_EQ(alter.changes[2].new_type->name, "bigint");
  EXPECT_TRUE(alter.changes[2].on_existing);
  EXPECT_TRUE(r.statements[2].retry_safe);
  EXPECT_TRUE(r.statements[2].changes.empty());
  EXPECT_EQ(r.statements[3].changes[0].op, ChangeOp::kRename);
  EXPECT_EQ(r.statements[3].changes[0].new_name, "d");
}

TEST(ReplayType, AlterCompositeErrors) {
  auto r = ReplayPg(
      "CREATE TYPE pair AS (a int);\n"
      "ALTER TYPE pair ADD ATTRIBUTE a int;\n"
      "ALTER TYPE pair DROP ATTRIBUTE zz;\n"
      "ALTER TYPE pair ALTER ATTRIBUTE zz TYPE text;\n"
      "ALTER TYPE pair RENAME ATTRIBUTE zz TO y;\n"
      "ALTER TYPE nosuch ADD ATTRIBUTE x int;\n"
      "CREATE TYPE mood AS ENUM ('a');\n"
      "ALTER TYPE mood ADD ATTRIBUTE x int;");
  ASSERT_EQ(r.statements.size(), 8u);
  EXPECT_EQ(CodesOf(r.statements[1]), std::vector<std::string>{"SCH401"});
  EXPECT_EQ(CodesOf(r.statements[2]), std::vector<std::string>{"SCH402"});
  EXPECT_EQ(CodesOf(r.statements[3]), std::vector<std::string>{"SCH402"});
  EXPECT_EQ(CodesOf(r.statements[4]), std::vector<std::string>{"SCH402"});
  EXPECT_EQ(CodesOf(r.statements[5]), std::vector<std::string>{"SCH402"});
  EXPECT_EQ(CodesOf(r.statements[7]), std::vector<std::string>{"SCH402"});
}

TEST(ReplayType, AlterAttributeTypeOfACompositeInUseFails) {
  auto r = ReplayPg(
      "CREATE TYPE pair AS (a int, b text);\n"
      "CREATE TABLE t (p pair);\n"
      "ALTER TYPE pair ADD ATTRIBUTE c int;\n"
      "ALTER TYPE pair ALTER ATTRIBUTE a TYPE bigint;");
  ASSERT_TRUE(r.catalog.tables.count({"public", "t"}));
  ASSERT_EQ(r.statements.size(), 4u);
  EXPECT_TRUE(r.statements[2].problems.empty());  // adding is allowed
  EXPECT_EQ(CodesOf(r.statements[3]), std::vector<std::string>{"SCH402"});
  EXPECT_EQ(r.catalog.composites.at({"public", "pair"}).attributes[0].type.name, "integer");
}

// ---- DROP TYPE / DROP DOMAIN -----------------------------------------------------------------

TEST(ReplayType, DropTypes) {
  auto r = ReplayPg(std::vector<std::string>{
      "CREATE TYPE mood AS ENUM ('a');\nCREATE DOMAIN d AS int;\nCREATE TYPE pair AS (a int);",
      "DROP TYPE mood;\nDROP TYPE d;\nDROP TYPE IF EXISTS pair, nosuch;\nDROP TYPE IF EXISTS "
      "mood;"});
  EXPECT_TRUE(r.problems.empty());
  EXPECT_TRUE(r.catalog.enums.empty());
  EXPECT_TRUE(r.catalog.domains.empty());  // DROP TYPE drops a domain too
  EXPECT_TRUE(r.catalog.composites.empty());
  ASSERT_EQ(r.statements.size(), 7u);
  const auto& drop = r.statements[3];
  EXPECT_FALSE(drop.retry_safe);
  ASSERT_EQ(drop.changes.size(), 1u);
  EXPECT_EQ(drop.changes[0].op, ChangeOp::kDrop);
  EXPECT_EQ(drop.changes[0].object.kind, ObjectKind::kEnum);
  EXPECT_TRUE(drop.changes[0].on_existing);
  EXPECT_EQ(r.statements[4].changes[0].object.kind, ObjectKind::kDomain);
  EXPECT_TRUE(r.statements[5].retry_safe);
  ASSERT_EQ(r.statements[5].changes.size(), 1u);
  EXPECT_TRUE(r.statements[5].changes[0].guarded);
  EXPECT_EQ(r.statements[5].changes[0].object.kind, ObjectKind::kCompositeType);
  EXPECT_TRUE(r.statements[6].changes.empty());
}

TEST(ReplayType, DropTypeErrors) {
  auto r = ReplayPg(
      "DROP TYPE nosuch;\n"
      "CREATE TYPE mood AS ENUM ('a');\n"
      "DROP DOMAIN mood;\n"
      "DROP DOMAIN IF EXISTS mood;");
  ASSERT_EQ(r.statements.size(), 4u);
  EXPECT_EQ(CodesOf(r.statements[0]), std::vector<std::string>{"SCH402"});
  EXPECT_FALSE(r.statements[0].retry_safe);
  // "mood" is not a domain, even with IF EXISTS.
  EXPECT_EQ(CodesOf(r.statements[2]), std::vector<std::string>{"SCH402"});
  EXPECT_EQ(CodesOf(r.statements[3]), std::vector<std::string>{"SCH402"});
  EXPECT_EQ(r.catalog.enums.size(), 1u);
}

TEST(ReplayType, DropTypeWithDependentsNeedsCascade) {
  auto r = ReplayPg(
      "CREATE TYPE mood AS ENUM ('a');\n"
      "CREATE DOMAIN dm AS mood;\n"
      "CREATE TYPE comp AS (m mood, x int);\n"
      "DROP TYPE mood;\n"
      "DROP TYPE mood CASCADE;");
  ASSERT_EQ(r.statements.size(), 5u);
  EXPECT_EQ(CodesOf(r.statements[3]), std::vector<std::string>{"SCH402"});
  EXPECT_TRUE(r.statements[3].changes.empty());
  const auto& cascade = r.statements[4];
  EXPECT_TRUE(cascade.problems.empty());
  EXPECT_TRUE(r.catalog.enums.empty());
  EXPECT_TRUE(r.catalog.domains.empty());
  const model::CompositeType& comp = r.catalog.composites.at({"public", "comp"});
  ASSERT_EQ(comp.attributes.size(), 1u);
  EXPECT_EQ(comp.attributes[0].name, "x");
  ASSERT_GE(cascade.changes.size(), 3u);
  EXPECT_TRUE(cascade.changes[0].cascade);
  bool domain_dropped = false, attribute_dropped = false;
  for (const model::Change& c : cascade.changes) {
    if (c.op == ChangeOp::kDrop && c.object.kind == ObjectKind::kDomain) domain_dropped = c.cascade;
    if (c.op == ChangeOp::kDrop && c.object.kind == ObjectKind::kCompositeType &&
        c.object.member == "m") {
      attribute_dropped = c.cascade;
    }
  }
  EXPECT_TRUE(domain_dropped);
  EXPECT_TRUE(attribute_dropped);
}

TEST(ReplayType, DropTypeCascadeDropsColumns) {
  auto r = ReplayPg(
      "CREATE TYPE mood AS ENUM ('a', 'b');\n"
      "CREATE DOMAIN dm AS mood;\n"
      "CREATE TABLE t (id int, m mood, arr mood[], d dm);\n"
      "CREATE INDEX t_m ON t (m);\n"
      "CREATE INDEX t_id ON t (id);\n"
      "DROP TYPE mood;\n"
      "DROP TYPE mood CASCADE;");
  ASSERT_TRUE(r.catalog.tables.count({"public", "t"}));
  ASSERT_EQ(r.statements.size(), 7u);
  EXPECT_EQ(CodesOf(r.statements[5]), std::vector<std::string>{"SCH402"});
  EXPECT_TRUE(r.statements[6].problems.empty());
  const model::Table& t = r.catalog.tables.at({"public", "t"});
  ASSERT_EQ(t.columns.size(), 1u);
  EXPECT_EQ(t.columns[0].name, "id");
  EXPECT_FALSE(r.catalog.indexes.count({"public", "t_m"}));
  EXPECT_TRUE(r.catalog.indexes.count({"public", "t_id"}));
  int dropped_columns = 0;
  for (const model::Change& c : r.statements[6].changes) {
    if (c.op == ChangeOp::kDrop && c.object.kind == ObjectKind::kColumn) {
      ++dropped_columns;
      EXPECT_TRUE(c.cascade);
    }
  }
  EXPECT_EQ(dropped_columns, 3);
}

TEST(ReplayType, DropTableRowTypeFails) {
  auto r = ReplayPg("CREATE TABLE t (x int);\nDROP TYPE t;");
  ASSERT_TRUE(r.catalog.tables.count({"public", "t"}));
  EXPECT_EQ(CodesOf(Last(r)), std::vector<std::string>{"SCH402"});
}

}  // namespace
}  // namespace sse
