// Static replay of CREATE / ALTER / DROP SEQUENCE: the sequence PostgreSQL 15 would hold and
// what each statement reports. Limits equal to the defaults of the sequence's type and
// direction are left unset in the model.

#include <gtest/gtest.h>

#include "tests/support/pg_replay.hpp"

namespace sse {
namespace {

using model::ChangeOp;
using model::ObjectKind;
using testing::PgReplay;
using testing::ReplayPg;

model::QualifiedName Q(const std::string& s) {
  size_t dot = s.find('.');
  return {s.substr(0, dot), s.substr(dot + 1)};
}

const model::Sequence& S(const PgReplay& r, const std::string& name) {
  auto it = r.catalog.sequences.find(Q(name));
  if (it == r.catalog.sequences.end()) {
    ADD_FAILURE() << "no sequence " << name;
    static model::Sequence empty;
    return empty;
  }
  return it->second;
}

TEST(ReplaySequence, CreateWithDefaults) {
  PgReplay r = ReplayPg("CREATE SEQUENCE s;");
  ASSERT_TRUE(r.problems.empty());
  const model::Sequence& s = S(r, "public.s");
  EXPECT_EQ(s.type, "bigint");
  EXPECT_EQ(s.start, 1);
  EXPECT_EQ(s.increment, 1);
  EXPECT_FALSE(s.min_value.has_value());
  EXPECT_FALSE(s.max_value.has_value());
  EXPECT_EQ(s.cache, 1);
  EXPECT_FALSE(s.cycle);
  EXPECT_FALSE(s.owned_by_table.has_value());
  ASSERT_EQ(r.statements[0].changes.size(), 1u);
  EXPECT_EQ(r.statements[0].changes[0].op, ChangeOp::kCreate);
  EXPECT_EQ(r.statements[0].changes[0].object.kind, ObjectKind::kSequence);
  EXPECT_FALSE(r.statements[0].retry_safe);
}

TEST(ReplaySequence, CreateWithOptions) {
  PgReplay r = ReplayPg(
      "CREATE SEQUENCE a AS integer INCREMENT BY 5 MINVALUE 10 MAXVALUE 1000 START WITH 20 CACHE "
      "10 CYCLE;\n"
      "CREATE SEQUENCE d INCREMENT -1;\n"
      "CREATE SEQUENCE m AS smallint MAXVALUE 32767 MINVALUE 1 NO CYCLE;\n"
      "CREATE SEQUENCE big START 9223372036854775000;\n"
      "CREATE SEQUENCE bad AS text;\n");
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_NE(r.problems[0].find("sequence type must be smallint, integer, or bigint"),
            std::string::npos);
  EXPECT_FALSE(r.catalog.sequences.count(Q("public.bad")));
  const model::Sequence& a = S(r, "public.a");
  EXPECT_EQ(a.type, "integer");
  EXPECT_EQ(a.increment, 5);
  EXPECT_EQ(a.min_value, 10);
  EXPECT_EQ(a.max_value, 1000);
  EXPECT_EQ(a.start, 20);
  EXPECT_EQ(a.cache, 10);
  EXPECT_TRUE(a.cycle);
  // A descending sequence starts at its maximum, -1.
  const model::Sequence& d = S(r, "public.d");
  EXPECT_EQ(d.increment, -1);
  EXPECT_EQ(d.start, -1);
  EXPECT_FALSE(d.min_value.has_value());
  EXPECT_FALSE(d.max_value.has_value());
  // Limits written out but equal to the defaults are the defaults.
  const model::Sequence& m = S(r, "public.m");
  EXPECT_EQ(m.type, "smallint");
  EXPECT_FALSE(m.min_value.has_value());
  EXPECT_FALSE(m.max_value.has_value());
  EXPECT_EQ(S(r, "public.big").start, 9223372036854775000LL);
}

TEST(ReplaySequence, IfNotExistsAndAlreadyExists) {
  PgReplay r = ReplayPg(
      "CREATE SEQUENCE s;\n"
      "CREATE SEQUENCE IF NOT EXISTS s START 5;\n"
      "CREATE SEQUENCE s;\n"
      "CREATE TABLE t (id int);\n"
      "CREATE SEQUENCE t;\n"
      "CREATE TABLE u (id int GENERATED ALWAYS AS IDENTITY);\n"
      "CREATE SEQUENCE u_id_seq;\n");
  ASSERT_EQ(r.statements.size(), 7u);
  EXPECT_TRUE(r.statements[1].changes.empty());
  EXPECT_TRUE(r.statements[1].retry_safe);
  EXPECT_EQ(S(r, "public.s").start, 1);
  EXPECT_EQ(r.statements[2].problems.at(0).code, "SCH401");
  EXPECT_EQ(r.statements[4].problems.at(0).code, "SCH401");
  // The identity column's sequence holds the name.
  EXPECT_EQ(r.statements[6].problems.at(0).code, "SCH401");
}

TEST(ReplaySequence, SchemasTemporaryAndSearchPath) {
  PgReplay r = ReplayPg(
      "CREATE SCHEMA app;\n"
      "CREATE SEQUENCE app.s;\n"
      "CREATE TEMP SEQUENCE tmp;\n"
      "SET search_path = app;\n"
      "CREATE SEQUENCE s2;\n"
      "ALTER SEQUENCE s INCREMENT 2;\n"
      "CREATE SEQUENCE nope.s;\n");
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_NE(r.problems[0].find("schema nope"), std::string::npos);
  EXPECT_TRUE(r.catalog.sequences.count(Q("pg_temp.tmp")));
  EXPECT_TRUE(r.catalog.sequences.count(Q("app.s2")));
  EXPECT_EQ(S(r, "app.s").increment, 2);
}

TEST(ReplaySequence, OwnedBy) {
  PgReplay r = ReplayPg(
      "CREATE TABLE t (id int);\n"
      "CREATE SEQUENCE s OWNED BY t.id;\n"
      "CREATE SEQUENCE bad OWNED BY t.nope;\n"
      "CREATE SEQUENCE bad2 OWNED BY missing.id;\n"
      "ALTER TABLE t ALTER COLUMN id SET DEFAULT nextval('s');\n"
      "ALTER SEQUENCE s OWNED BY NONE;\n");
  ASSERT_EQ(r.problems.size(), 2u);
  EXPECT_NE(r.problems[0].find("column public.t.nope"), std::string::npos) << r.problems[0];
  EXPECT_NE(r.problems[1].find("table public.missing"), std::string::npos) << r.problems[1];
  EXPECT_FALSE(S(r, "public.s").owned_by_table.has_value());
  EXPECT_FALSE(r.catalog.sequences.count(Q("public.bad")));
}

TEST(ReplaySequence, OwnedSequenceGoesWithItsColumnOrTable) {
  PgReplay r = ReplayPg(
      "CREATE TABLE t (id int, other int);\n"
      "CREATE SEQUENCE s OWNED BY t.id;\n"
      "CREATE SEQUENCE s2 OWNED BY t.other;\n"
      "ALTER TABLE t DROP COLUMN other;\n");
  EXPECT_TRUE(r.catalog.sequences.count(Q("public.s")));
  EXPECT_FALSE(r.catalog.sequences.count(Q("public.s2")));
  PgReplay r2 = ReplayPg("CREATE TABLE t (id int); CREATE SEQUENCE s OWNED BY t.id; DROP TABLE t;");
  EXPECT_TRUE(r2.catalog.sequences.empty());
}

TEST(ReplaySequence, AlterSequence) {
  PgReplay r = ReplayPg(
      std::vector<std::string>{"CREATE SEQUENCE s AS integer MAXVALUE 100;",
                               "ALTER SEQUENCE s INCREMENT BY 10 RESTART WITH 50 CACHE 5;\n"
                               "ALTER SEQUENCE s AS smallint NO MAXVALUE;\n"
                               "ALTER SEQUENCE IF EXISTS nope RESTART;\n"
                               "ALTER SEQUENCE nope RESTART;\n"});
  ASSERT_EQ(r.statements.size(), 5u);
  const model::Change* ch = &r.statements[1].changes.at(0);
  EXPECT_EQ(ch->op, ChangeOp::kAlter);
  EXPECT_TRUE(ch->on_existing);
  EXPECT_TRUE(r.statements[1].retry_safe);
  const model::Sequence& s = S(r, "public.s");
  EXPECT_EQ(s.increment, 10);
  EXPECT_EQ(s.cache, 5);
  EXPECT_EQ(s.start, 1);  // RESTART changes the current value, not the start
  EXPECT_EQ(s.type, "smallint");
  EXPECT_FALSE(s.max_value.has_value());
  EXPECT_TRUE(r.statements[3].problems.empty());
  EXPECT_EQ(r.statements[4].problems.at(0).code, "SCH402");
}

TEST(ReplaySequence, AlterSequenceOfSerialAndIdentityColumns) {
  PgReplay r = ReplayPg(
      "CREATE TABLE t (id serial, n int GENERATED ALWAYS AS IDENTITY);\n"
      "ALTER SEQUENCE t_id_seq RESTART WITH 100;\n"
      "ALTER SEQUENCE t_n_seq RESTART WITH 100;\n"
      "ALTER SEQUENCE t_id_seq OWNER TO app;\n"
      "ALTER TABLE t_id_seq OWNER TO app;\n");
  EXPECT_TRUE(r.problems.empty()) << r.problems.front();
}

TEST(ReplaySequence, DropSequence) {
  PgReplay r = ReplayPg(std::vector<std::string>{
      "CREATE TABLE t (id serial, n int GENERATED ALWAYS AS IDENTITY);\nCREATE SEQUENCE free;",
      "DROP SEQUENCE free;\n"
      "DROP SEQUENCE IF EXISTS free;\n"
      "DROP SEQUENCE free;\n"
      "DROP SEQUENCE t_id_seq;\n"
      "DROP SEQUENCE t_n_seq;\n"
      "DROP SEQUENCE t_id_seq CASCADE;\n"
      "DROP SEQUENCE t;\n"});
  ASSERT_EQ(r.statements.size(), 9u);
  const model::Change& d = r.statements[2].changes.at(0);
  EXPECT_EQ(d.op, ChangeOp::kDrop);
  EXPECT_EQ(d.object.kind, ObjectKind::kSequence);
  EXPECT_TRUE(d.on_existing);
  EXPECT_FALSE(r.statements[2].retry_safe);
  EXPECT_TRUE(r.statements[3].changes.empty());
  EXPECT_TRUE(r.statements[3].retry_safe);
  EXPECT_EQ(r.statements[4].problems.at(0).code, "SCH402");
  // The serial column's default uses the sequence; the identity column owns its own.
  EXPECT_NE(r.statements[5].problems.at(0).message.find("default value for column id of table t"),
            std::string::npos);
  EXPECT_NE(r.statements[6].problems.at(0).message.find("column n of table t requires it"),
            std::string::npos);
  EXPECT_TRUE(r.statements[7].problems.empty());
  EXPECT_FALSE(r.catalog.tables.at(Q("public.t")).FindColumn("id")->default_expr.has_value());
  EXPECT_TRUE(r.catalog.sequences.empty());
  // A table is not a sequence, even with IF EXISTS.
  EXPECT_EQ(r.statements[8].problems.at(0).code, "SCH402");
}

}  // namespace
}  // namespace sse
