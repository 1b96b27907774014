// Static replay of CREATE / ALTER / DROP / TRUNCATE TABLE and ALTER TABLE ... RENAME: the catalog
// PostgreSQL 15 would hold (names, types, defaults, implicit constraint and index names) and
// what each statement reports (Changes, problems, retry safety). Expected values were taken
// from a PostgreSQL 15 server running the same statements.

#include <gtest/gtest.h>

#include <algorithm>

#include "tests/support/pg_replay.hpp"

namespace sse {
namespace {

using model::ChangeOp;
using model::ConstraintKind;
using model::ObjectKind;
using testing::PgReplay;
using testing::ReplayPg;

model::QualifiedName Q(const std::string& s) {
  size_t dot = s.find('.');
  return {s.substr(0, dot), s.substr(dot + 1)};
}

const model::Table& T(const PgReplay& r, const std::string& name) {
  auto it = r.catalog.tables.find(Q(name));
  if (it == r.catalog.tables.end()) {
    ADD_FAILURE() << "no table " << name;
    static model::Table empty;
    return empty;
  }
  return it->second;
}

const model::Column& Col(const PgReplay& r, const std::string& table, const std::string& column) {
  const model::Column* c = T(r, table).FindColumn(column);
  if (!c) {
    ADD_FAILURE() << "no column " << table << "." << column;
    static model::Column empty;
    return empty;
  }
  return *c;
}

const model::Constraint& Con(const PgReplay& r, const std::string& table, const std::string& name) {
  const auto& cons = T(r, table).constraints;
  auto it = cons.find(name);
  if (it == cons.end()) {
    ADD_FAILURE() << "no constraint " << name << " on " << table;
    static model::Constraint empty;
    return empty;
  }
  return it->second;
}

std::vector<std::string> ConstraintNames(const PgReplay& r, const std::string& table) {
  std::vector<std::string> out;
  for (const auto& [n, c] : T(r, table).constraints) out.push_back(n);
  return out;
}

std::vector<std::string> IndexNames(const PgReplay& r) {
  std::vector<std::string> out;
  for (const auto& [n, i] : r.catalog.indexes) out.push_back(n.ToString());
  return out;
}

std::vector<std::string> SequenceNames(const PgReplay& r) {
  std::vector<std::string> out;
  for (const auto& [n, s] : r.catalog.sequences) out.push_back(n.ToString());
  return out;
}

std::vector<std::string> ColumnNames(const PgReplay& r, const std::string& table) {
  std::vector<std::string> out;
  for (const model::Column& c : T(r, table).columns) out.push_back(c.name);
  return out;
}

/// The one change of a statement with this op / kind / member.
const model::Change* FindChange(const model::ReplayedStatement& st, ChangeOp op, ObjectKind kind,
                                const std::string& member = "") {
  for (const model::Change& c : st.changes) {
    if (c.op == op && c.object.kind == kind && c.object.member == member) return &c;
  }
  return nullptr;
}

model::TypeRef Ty(std::string name, std::vector<std::string> mods = {}, int dims = 0) {
  model::TypeRef t;
  t.name = std::move(name);
  t.modifiers = std::move(mods);
  t.array_dims = dims;
  return t;
}

using Strings = std::vector<std::string>;

// ---- CREATE TABLE --------------------------------------------------------------------------

TEST(ReplayTableCreate, ColumnsTypesDefaultsAndSerial) {
  PgReplay r = ReplayPg(
      "CREATE TABLE users (\n"
      "  id bigserial PRIMARY KEY,\n"
      "  email varchar(255) NOT NULL UNIQUE,\n"
      "  name text COLLATE \"C\" DEFAULT 'anon',\n"
      "  score numeric(10, 2),\n"
      "  tags text[],\n"
      "  created_at timestamptz NOT NULL DEFAULT now(),\n"
      "  total int GENERATED ALWAYS AS (score * 2) STORED\n"
      ");");
  ASSERT_TRUE(r.problems.empty()) << r.problems.front();
  ASSERT_EQ(ColumnNames(r, "public.users"),
            (Strings{"id", "email", "name", "score", "tags", "created_at", "total"}));
  const model::Column& id = Col(r, "public.users", "id");
  EXPECT_EQ(id.type, Ty("bigint"));
  EXPECT_TRUE(id.not_null);
  EXPECT_EQ(id.default_expr, "nextval('public.users_id_seq'::regclass)");
  EXPECT_EQ(Col(r, "public.users", "email").type, Ty("character varying", {"255"}));
  EXPECT_TRUE(Col(r, "public.users", "email").not_null);
  EXPECT_EQ(Col(r, "public.users", "name").collation, "C");
  EXPECT_EQ(Col(r, "public.users", "name").default_expr, "'anon'");
  EXPECT_EQ(Col(r, "public.users", "score").type, Ty("numeric", {"10", "2"}));
  EXPECT_EQ(Col(r, "public.users", "tags").type, Ty("text", {}, 1));
  EXPECT_EQ(Col(r, "public.users", "created_at").type, Ty("timestamp with time zone"));
  EXPECT_EQ(Col(r, "public.users", "created_at").default_expr, "now()");
  EXPECT_EQ(Col(r, "public.users", "total").generated, "score * 2");
  EXPECT_FALSE(Col(r, "public.users", "total").default_expr.has_value());

  EXPECT_EQ(ConstraintNames(r, "public.users"), (Strings{"users_email_key", "users_pkey"}));
  const model::Constraint& pk = Con(r, "public.users", "users_pkey");
  EXPECT_EQ(pk.kind, ConstraintKind::kPrimaryKey);
  EXPECT_EQ(pk.columns, Strings{"id"});
  EXPECT_EQ(Con(r, "public.users", "users_email_key").kind, ConstraintKind::kUnique);
  EXPECT_EQ(IndexNames(r), (Strings{"public.users_email_key", "public.users_pkey"}));
  const model::Index& pki = r.catalog.indexes.at(Q("public.users_pkey"));
  EXPECT_TRUE(pki.unique);
  EXPECT_TRUE(pki.backs_constraint);
  EXPECT_EQ(pki.table, Q("public.users"));
  ASSERT_EQ(pki.keys.size(), 1u);
  EXPECT_EQ(pki.keys[0].expression, "id");

  ASSERT_EQ(SequenceNames(r), Strings{"public.users_id_seq"});
  const model::Sequence& seq = r.catalog.sequences.at(Q("public.users_id_seq"));
  EXPECT_EQ(seq.type, "bigint");
  EXPECT_EQ(seq.owned_by_table, Q("public.users"));
  EXPECT_EQ(seq.owned_by_column, "id");
  EXPECT_FALSE(seq.min_value.has_value());
  EXPECT_FALSE(seq.max_value.has_value());

  ASSERT_EQ(r.statements.size(), 1u);
  const model::ReplayedStatement& st = r.statements[0];
  EXPECT_EQ(st.kind, model::StatementKind::kDdl);
  EXPECT_FALSE(st.retry_safe);
  ASSERT_NE(FindChange(st, ChangeOp::kCreate, ObjectKind::kTable), nullptr);
  EXPECT_FALSE(FindChange(st, ChangeOp::kCreate, ObjectKind::kTable)->on_existing);
  EXPECT_NE(FindChange(st, ChangeOp::kCreate, ObjectKind::kSequence), nullptr);
}

TEST(ReplayTableCreate, SerialKindsAndIdentity) {
  PgReplay r = ReplayPg(
      "CREATE TABLE t (a serial, b smallserial, c serial8, d int GENERATED BY DEFAULT AS "
      "IDENTITY,\n"
      "  e bigint GENERATED ALWAYS AS IDENTITY (START WITH 10));");
  ASSERT_TRUE(r.problems.empty());
  EXPECT_EQ(Col(r, "public.t", "a").type, Ty("integer"));
  EXPECT_EQ(Col(r, "public.t", "b").type, Ty("smallint"));
  EXPECT_EQ(Col(r, "public.t", "c").type, Ty("bigint"));
  EXPECT_EQ(r.catalog.sequences.at(Q("public.t_b_seq")).type, "smallint");
  EXPECT_EQ(r.catalog.sequences.at(Q("public.t_a_seq")).type, "integer");
  // Identity sequences are part of their column, not Catalog::sequences.
  EXPECT_EQ(SequenceNames(r), (Strings{"public.t_a_seq", "public.t_b_seq", "public.t_c_seq"}));
  EXPECT_EQ(Col(r, "public.t", "d").identity, model::Identity::kByDefault);
  EXPECT_EQ(Col(r, "public.t", "e").identity, model::Identity::kAlways);
  EXPECT_TRUE(Col(r, "public.t", "d").not_null);
  EXPECT_FALSE(Col(r, "public.t", "d").default_expr.has_value());
}

TEST(ReplayTableCreate, ImplicitConstraintNamesAsPostgresChoosesThem) {
  PgReplay r = ReplayPg(
      "CREATE TABLE t (id int PRIMARY KEY UNIQUE, a int UNIQUE, b int CHECK (b > 0), c int CHECK "
      "(c > b),\n"
      "  UNIQUE (a) INCLUDE (b), CHECK (a > 0), d serial, e int REFERENCES t,\n"
      "  f int GENERATED ALWAYS AS IDENTITY, CONSTRAINT t_a_b_key CHECK (true));");
  ASSERT_TRUE(r.problems.empty()) << r.problems.front();
  // The UNIQUE on the primary key column is the primary key's index; a check with one column
  // is named after it, with two after the table only; the named check takes t_a_b_key first.
  EXPECT_EQ(ConstraintNames(r, "public.t"),
            (Strings{"t_a_b_key", "t_a_b_key1", "t_a_check", "t_a_key", "t_b_check", "t_check",
                     "t_e_fkey", "t_pkey"}));
  EXPECT_EQ(IndexNames(r), (Strings{"public.t_a_b_key1", "public.t_a_key", "public.t_pkey"}));
  EXPECT_EQ(Con(r, "public.t", "t_a_b_key1").include, Strings{"b"});
  EXPECT_EQ(r.catalog.indexes.at(Q("public.t_a_b_key1")).include, Strings{"b"});
  EXPECT_EQ(Con(r, "public.t", "t_check").expression, "c > b");
  const model::Constraint& fk = Con(r, "public.t", "t_e_fkey");
  EXPECT_EQ(fk.ref_table, Q("public.t"));
  EXPECT_EQ(fk.ref_columns, Strings{"id"});
  EXPECT_EQ(fk.columns, Strings{"e"});
  EXPECT_EQ(SequenceNames(r), Strings{"public.t_d_seq"});
}

TEST(ReplayTableCreate, NameCollisionsAcrossTablesAndStatements) {
  PgReplay r = ReplayPg(
      "CREATE TABLE t (a int UNIQUE);\n"
      "ALTER TABLE t ADD UNIQUE (a);\n"
      "ALTER TABLE t ADD COLUMN b int CHECK (b > 0), ADD CHECK (b > 0);\n"
      "ALTER TABLE t ADD CONSTRAINT t_b_check2 CHECK (b > 1);\n"
      "CREATE TABLE t_a_key2 (x int);\n"
      "ALTER TABLE t ADD UNIQUE (a);\n");
  ASSERT_TRUE(r.problems.empty()) << r.problems.front();
  // A relation named t_a_key2 exists: the next unique index skips that name.
  EXPECT_EQ(ConstraintNames(r, "public.t"),
            (Strings{"t_a_key", "t_a_key1", "t_a_key3", "t_b_check", "t_b_check1", "t_b_check2"}));
  EXPECT_EQ(Con(r, "public.t", "t_b_check").expression, "b > 0");
}

TEST(ReplayTableCreate, LongNamesAreTruncatedTo63Bytes) {
  std::string table(72, 'a'), column(92, 'b');
  PgReplay r = ReplayPg(
      "CREATE TABLE \"User\" (\"Id\" serial PRIMARY KEY, \"Email\" text UNIQUE CHECK (\"Email\" <> "
      "''));\n"
      "CREATE TABLE " +
      table + " (id serial PRIMARY KEY, " + column + " int UNIQUE REFERENCES \"User\");");
  ASSERT_TRUE(r.problems.empty()) << r.problems.front();
  std::string t63(63, 'a');
  EXPECT_EQ(ConstraintNames(r, "public." + t63),
            (Strings{std::string(29, 'a') + "_" + std::string(28, 'b') + "_fkey",
                     std::string(29, 'a') + "_" + std::string(29, 'b') + "_key",
                     std::string(58, 'a') + "_pkey"}));
  EXPECT_EQ(ColumnNames(r, "public." + t63), (Strings{"id", std::string(63, 'b')}));
  EXPECT_TRUE(r.catalog.sequences.count(Q("public." + std::string(56, 'a') + "_id_seq")));
  EXPECT_EQ(Col(r, "public." + t63, "id").default_expr,
            "nextval('public." + std::string(56, 'a') + "_id_seq'::regclass)");
  // Quoted identifiers keep their case, in names and in the nextval() literal.
  EXPECT_EQ(ConstraintNames(r, "public.User"),
            (Strings{"User_Email_check", "User_Email_key", "User_pkey"}));
  EXPECT_EQ(Col(r, "public.User", "Id").default_expr,
            "nextval('public.\"User_Id_seq\"'::regclass)");
  EXPECT_EQ(Con(r, "public." + t63, std::string(29, 'a') + "_" + std::string(28, 'b') + "_fkey")
                .ref_columns,
            Strings{"Id"});
}

TEST(ReplayTableCreate, IfNotExistsAndAlreadyExists) {
  PgReplay r = ReplayPg(
      "CREATE TABLE t (a int);\n"
      "CREATE TABLE IF NOT EXISTS t (b int);\n"
      "CREATE TABLE t (c int);\n");
  ASSERT_EQ(r.statements.size(), 3u);
  EXPECT_EQ(ColumnNames(r, "public.t"), Strings{"a"});
  EXPECT_TRUE(r.statements[1].changes.empty());
  EXPECT_TRUE(r.statements[1].retry_safe);
  EXPECT_TRUE(r.statements[1].problems.empty());
  ASSERT_EQ(r.statements[2].problems.size(), 1u);
  EXPECT_EQ(r.statements[2].problems[0].code, "SCH401");
  EXPECT_FALSE(r.statements[2].retry_safe);
}

TEST(ReplayTableCreate, MissingTypesAndTablesAreReported) {
  PgReplay r = ReplayPg(
      "CREATE TABLE a (m mood);\n"
      "CREATE TABLE b (x int REFERENCES nowhere);\n"
      "CREATE TABLE c (x int);\n"
      "CREATE TABLE d (x int REFERENCES c);\n"
      "CREATE TABLE e (x int REFERENCES c (x));\n"
      "CREATE TABLE f (x int, FOREIGN KEY (y) REFERENCES c (x));\n");
  ASSERT_EQ(r.problems.size(), 5u);
  EXPECT_NE(r.problems[0].find("SCH402: type public.mood does not exist"), std::string::npos)
      << r.problems[0];
  EXPECT_NE(r.problems[1].find("table public.nowhere does not exist"), std::string::npos)
      << r.problems[1];
  EXPECT_NE(r.problems[2].find("primary key of table public.c"), std::string::npos)
      << r.problems[2];
  EXPECT_NE(r.problems[3].find("unique constraint"), std::string::npos) << r.problems[3];
  EXPECT_NE(r.problems[4].find("column public.f.y"), std::string::npos) << r.problems[4];
  EXPECT_FALSE(r.catalog.tables.count(Q("public.a")));
}

TEST(ReplayTableCreate, ForeignKeyActionsMatchAndDeferrability) {
  PgReplay r = ReplayPg(
      "CREATE TABLE p (a int, b int, PRIMARY KEY (a, b), UNIQUE (b));\n"
      "CREATE TABLE c (\n"
      "  x int REFERENCES p (b) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,\n"
      "  y int, z int,\n"
      "  CONSTRAINT c_pair FOREIGN KEY (y, z) REFERENCES p MATCH FULL ON UPDATE SET NULL ON DELETE "
      "RESTRICT,\n"
      "  w int, FOREIGN KEY (w) REFERENCES p (b) INITIALLY DEFERRED NOT VALID);\n");
  ASSERT_TRUE(r.problems.empty()) << r.problems.front();
  const model::Constraint& x = Con(r, "public.c", "c_x_fkey");
  EXPECT_EQ(x.on_delete, model::RefAction::kCascade);
  EXPECT_EQ(x.on_update, model::RefAction::kNoAction);
  EXPECT_TRUE(x.deferrable);
  EXPECT_TRUE(x.initially_deferred);
  const model::Constraint& pair = Con(r, "public.c", "c_pair");
  EXPECT_EQ(pair.ref_columns, (Strings{"a", "b"}));
  EXPECT_EQ(pair.match, "FULL");
  EXPECT_EQ(pair.on_update, model::RefAction::kSetNull);
  EXPECT_EQ(pair.on_delete, model::RefAction::kRestrict);
  EXPECT_FALSE(pair.deferrable);
  // INITIALLY DEFERRED implies DEFERRABLE; NOT VALID is ignored by CREATE TABLE.
  const model::Constraint& w = Con(r, "public.c", "c_w_fkey");
  EXPECT_TRUE(w.deferrable);
  EXPECT_TRUE(w.initially_deferred);
  EXPECT_FALSE(w.not_valid);
}

TEST(ReplayTableCreate, ChecksExclusionAndNullsNotDistinct) {
  PgReplay r = ReplayPg(
      "CREATE TABLE t (a int, b int,\n"
      "  CONSTRAINT positive CHECK (a > 0) NO INHERIT,\n"
      "  CHECK (b > 0) NOT VALID,\n"
      "  UNIQUE NULLS NOT DISTINCT (a, b),\n"
      "  EXCLUDE USING gist (int4range(a, b) WITH &&),\n"
      "  EXCLUDE (a WITH =, (b + 1) WITH =) WHERE (a > 10));\n");
  ASSERT_TRUE(r.problems.empty()) << r.problems.front();
  EXPECT_EQ(ConstraintNames(r, "public.t"),
            (Strings{"positive", "t_a_b_key", "t_a_expr_excl", "t_b_check", "t_int4range_excl"}));
  EXPECT_TRUE(Con(r, "public.t", "positive").no_inherit);
  EXPECT_FALSE(Con(r, "public.t", "t_b_check").not_valid);
  EXPECT_TRUE(Con(r, "public.t", "t_a_b_key").nulls_not_distinct);
  EXPECT_TRUE(r.catalog.indexes.at(Q("public.t_a_b_key")).nulls_not_distinct);
  const model::Constraint& ex = Con(r, "public.t", "t_int4range_excl");
  EXPECT_EQ(ex.kind, ConstraintKind::kExclusion);
  EXPECT_EQ(ex.using_method, "gist");
  ASSERT_EQ(ex.elements.size(), 1u);
  EXPECT_EQ(ex.elements[0].expression, "int4range(a, b)");
  EXPECT_EQ(ex.elements[0].op, "&&");
  const model::Index& exi = r.catalog.indexes.at(Q("public.t_int4range_excl"));
  EXPECT_EQ(exi.method, "gist");
  EXPECT_FALSE(exi.unique);
  EXPECT_TRUE(exi.backs_constraint);
  const model::Constraint& ex2 = Con(r, "public.t", "t_a_expr_excl");
  EXPECT_EQ(ex2.using_method, "btree");
  EXPECT_EQ(ex2.where, "a > 10");
  EXPECT_EQ(r.catalog.indexes.at(Q("public.t_a_expr_excl")).predicate, "a > 10");
}

TEST(ReplayTableCreate, PartitionedTableAndPartitions) {
  PgReplay r = ReplayPg(
      "CREATE TABLE pr (id int PRIMARY KEY);\n"
      "CREATE TABLE p (id int, ts date, v int CHECK (v > 0), PRIMARY KEY (id, ts), UNIQUE (v, "
      "ts))\n"
      "  PARTITION BY RANGE (ts);\n"
      "CREATE INDEX ON p (v);\n"
      "ALTER TABLE p ADD FOREIGN KEY (v) REFERENCES pr;\n"
      "CREATE TABLE p1 PARTITION OF p FOR VALUES FROM ('2020-01-01') TO ('2021-01-01');\n"
      "CREATE TABLE p2 PARTITION OF p (v DEFAULT 7) FOR VALUES FROM ('2021-01-01') TO (MAXVALUE);\n"
      "CREATE TABLE pd PARTITION OF p DEFAULT;\n");
  ASSERT_TRUE(r.problems.empty()) << r.problems.front();
  EXPECT_EQ(T(r, "public.p").partition_by, "RANGE (ts)");
  EXPECT_EQ(T(r, "public.p1").partition_of, Q("public.p"));
  EXPECT_EQ(T(r, "public.p1").partition_bound, "FOR VALUES FROM ('2020-01-01') TO ('2021-01-01')");
  EXPECT_EQ(T(r, "public.p2").partition_bound, "FOR VALUES FROM ('2021-01-01') TO (MAXVALUE)");
  EXPECT_EQ(T(r, "public.pd").partition_bound, "DEFAULT");
  EXPECT_EQ(ColumnNames(r, "public.p1"), (Strings{"id", "ts", "v"}));
  EXPECT_TRUE(Col(r, "public.p1", "id").not_null);
  EXPECT_EQ(Col(r, "public.p2", "v").default_expr, "7");
  // Partitions get the parent's checks and foreign keys under their names, and their own
  // copies of its indexes under names chosen for them.
  EXPECT_EQ(ConstraintNames(r, "public.p1"),
            (Strings{"p1_pkey", "p1_v_ts_key", "p_v_check", "p_v_fkey"}));
  EXPECT_EQ(ConstraintNames(r, "public.p2"),
            (Strings{"p2_pkey", "p2_v_ts_key", "p_v_check", "p_v_fkey"}));
  for (const char* idx :
       {"public.p1_pkey", "public.p1_v_ts_key", "public.p1_v_idx", "public.p2_v_idx"}) {
    EXPECT_TRUE(r.catalog.indexes.count(Q(idx))) << idx;
  }
  EXPECT_TRUE(r.catalog.indexes.at(Q("public.p1_pkey")).backs_constraint);
  EXPECT_FALSE(r.catalog.indexes.at(Q("public.p1_v_idx")).backs_constraint);
}

TEST(ReplayTableCreate, PartitionKeysOfEveryStrategy) {
  PgReplay r = ReplayPg(
      "CREATE TABLE l (region text, n int) PARTITION BY LIST (region);\n"
      "CREATE TABLE l_eu PARTITION OF l FOR VALUES IN ('de', 'fr');\n"
      "CREATE TABLE h (id int) PARTITION BY HASH (id);\n"
      "CREATE TABLE h0 PARTITION OF h FOR VALUES WITH (MODULUS 4, REMAINDER 0);\n"
      "CREATE TABLE e (name text) PARTITION BY RANGE (lower(name));\n"
      "CREATE TABLE x (a int) PARTITION OF l FOR VALUES IN ('x');\n"
      "CREATE TABLE y PARTITION OF c FOR VALUES IN (1);\n");
  EXPECT_EQ(T(r, "public.l").partition_by, "LIST (region)");
  EXPECT_EQ(T(r, "public.l_eu").partition_bound, "FOR VALUES IN ('de', 'fr')");
  EXPECT_EQ(T(r, "public.h").partition_by, "HASH (id)");
  EXPECT_EQ(T(r, "public.h0").partition_bound, "FOR VALUES WITH (modulus 4, remainder 0)");
  EXPECT_EQ(T(r, "public.e").partition_by, "RANGE (lower(name))");
  // "x (a int) PARTITION OF" is a syntax PostgreSQL does not have; a missing parent is SCH402.
  ASSERT_FALSE(r.problems.empty());
  EXPECT_NE(r.problems.back().find("table public.c does not exist"), std::string::npos)
      << r.problems.back();
}

TEST(ReplayTableCreate, InheritsCopiesColumnsAndInheritableChecks) {
  PgReplay r = ReplayPg(
      "CREATE TABLE t (a int, b int CHECK (a > b), c int, CHECK (b > c) NO INHERIT, d int DEFAULT "
      "5 NOT NULL);\n"
      "CREATE TABLE u (x int, y int DEFAULT 3, CHECK (x > 0), a int NOT NULL) INHERITS (t);\n");
  ASSERT_TRUE(r.problems.empty()) << r.problems.front();
  EXPECT_EQ(ConstraintNames(r, "public.t"), (Strings{"t_check", "t_check1"}));
  EXPECT_EQ(ColumnNames(r, "public.u"), (Strings{"a", "b", "c", "d", "x", "y"}));
  EXPECT_TRUE(Col(r, "public.u", "a").not_null);
  EXPECT_EQ(Col(r, "public.u", "d").default_expr, "5");
  EXPECT_TRUE(Col(r, "public.u", "d").not_null);
  EXPECT_EQ(ConstraintNames(r, "public.u"), (Strings{"t_check", "u_x_check"}));
  EXPECT_EQ(T(r, "public.u").inherits, std::vector<model::QualifiedName>{Q("public.t")});
}

TEST(ReplayTableCreate, LikeCopiesWhatItsOptionsSay) {
  PgReplay r = ReplayPg(
      "CREATE TABLE s (id serial PRIMARY KEY, e text, n int, UNIQUE (e, n), CHECK (n > 0),\n"
      "  g int GENERATED ALWAYS AS (n * 2) STORED);\n"
      "COMMENT ON COLUMN s.e IS 'email';\n"
      "CREATE INDEX ON s (lower(e));\n"
      "CREATE TABLE bare (LIKE s);\n"
      "CREATE TABLE l (LIKE s INCLUDING ALL, x int, UNIQUE (e));\n");
  ASSERT_TRUE(r.problems.empty()) << r.problems.front();
  EXPECT_EQ(ColumnNames(r, "public.bare"), (Strings{"id", "e", "n", "g"}));
  EXPECT_TRUE(Col(r, "public.bare", "id").not_null);
  EXPECT_FALSE(Col(r, "public.bare", "id").default_expr.has_value());
  EXPECT_FALSE(Col(r, "public.bare", "g").generated.has_value());
  EXPECT_TRUE(T(r, "public.bare").constraints.empty());

  EXPECT_EQ(ColumnNames(r, "public.l"), (Strings{"id", "e", "n", "g", "x"}));
  EXPECT_EQ(Col(r, "public.l", "id").default_expr, "nextval('public.s_id_seq'::regclass)");
  EXPECT_EQ(Col(r, "public.l", "g").generated, "n * 2");
  EXPECT_EQ(Col(r, "public.l", "e").comment, "email");
  // The table's own UNIQUE is named first; LIKE's copies come after, with fresh names; checks
  // keep their names.
  EXPECT_EQ(ConstraintNames(r, "public.l"),
            (Strings{"l_e_key", "l_e_n_key", "l_pkey", "s_n_check"}));
  EXPECT_TRUE(r.catalog.indexes.count(Q("public.l_lower_idx")));
  EXPECT_EQ(SequenceNames(r), Strings{"public.s_id_seq"});
}

TEST(ReplayTableCreate, TemporaryUnloggedAndSchemas) {
  PgReplay r = ReplayPg(
      "CREATE TEMP TABLE scratch (id serial);\n"
      "CREATE UNLOGGED TABLE cache (k text PRIMARY KEY);\n"
      "CREATE SCHEMA app;\n"
      "SET search_path = app, public;\n"
      "CREATE TABLE items (id serial PRIMARY KEY, owner text REFERENCES cache);\n"
      "CREATE UNLOGGED TABLE items (id serial PRIMARY KEY, owner text REFERENCES cache);\n"
      "CREATE TABLE public.other (id int);\n"
      "CREATE TABLE nope.t (id int);\n");
  ASSERT_EQ(r.problems.size(), 2u) << r.problems.front();
  // A permanent table cannot reference an unlogged one: the statement leaves nothing behind.
  EXPECT_NE(
      r.problems[0].find("constraints on permanent tables may reference only permanent tables"),
      std::string::npos)
      << r.problems[0];
  EXPECT_TRUE(r.statements[4].changes.empty());
  EXPECT_NE(r.problems[1].find("schema nope does not exist"), std::string::npos) << r.problems[1];
  // "cache" is found through search_path, in public.
  EXPECT_EQ(Con(r, "app.items", "items_owner_fkey").ref_table, Q("public.cache"));
  EXPECT_EQ(T(r, "pg_temp.scratch").persistence, model::Persistence::kTemporary);
  EXPECT_TRUE(r.catalog.sequences.count(Q("pg_temp.scratch_id_seq")));
  EXPECT_EQ(T(r, "public.cache").persistence, model::Persistence::kUnlogged);
  EXPECT_EQ(Col(r, "app.items", "id").default_expr, "nextval('app.items_id_seq'::regclass)");
  EXPECT_EQ(IndexNames(r), (Strings{"app.items_pkey", "public.cache_pkey"}));
  EXPECT_EQ(SequenceNames(r), (Strings{"app.items_id_seq", "pg_temp.scratch_id_seq"}));
  EXPECT_TRUE(r.catalog.tables.count(Q("public.other")));
}
TEST(ReplayTableCreate, ForeignKeyToTableInSearchPath) {
  PgReplay r = ReplayPg(
      "CREATE SCHEMA app;\n"
      "CREATE TABLE app.parent (id int PRIMARY KEY);\n"
      "SET search_path = app;\n"
      "CREATE TABLE child (pid int REFERENCES parent);\n");
  ASSERT_TRUE(r.problems.empty()) << r.problems.front();
  EXPECT_EQ(Con(r, "app.child", "child_pid_fkey").ref_table, Q("app.parent"));
}

TEST(ReplayTableCreate, DuplicateColumnAndMultiplePrimaryKeys) {
  PgReplay r = ReplayPg(
      "CREATE TABLE a (x int, x text);\n"
      "CREATE TABLE b (x int PRIMARY KEY, y int, PRIMARY KEY (y));\n");
  ASSERT_EQ(r.problems.size(), 2u);
  EXPECT_NE(r.problems[0].find("SCH401"), std::string::npos);
  EXPECT_NE(r.problems[1].find("primary key of table public.b"), std::string::npos)
      << r.problems[1];
}

TEST(ReplayTableCreate, NoInheritFollowsPgConstraint) {
  // pg_constraint.connoinherit: set on a table's own keys and (outside partitioned tables) its
  // foreign keys; clear on what partitions inherit.
  PgReplay r = ReplayPg(
      "CREATE TABLE r (id int PRIMARY KEY, c int CHECK (c > 0));\n"
      "CREATE TABLE f (rid int REFERENCES r);\n"
      "CREATE TABLE p (id int PRIMARY KEY, rid int REFERENCES r) PARTITION BY LIST (id);\n"
      "CREATE TABLE p1 PARTITION OF p FOR VALUES IN (1);\n");
  ASSERT_TRUE(r.problems.empty()) << r.problems.front();
  EXPECT_TRUE(Con(r, "public.r", "r_pkey").no_inherit);
  EXPECT_FALSE(Con(r, "public.r", "r_c_check").no_inherit);
  EXPECT_TRUE(Con(r, "public.f", "f_rid_fkey").no_inherit);
  EXPECT_TRUE(Con(r, "public.p", "p_pkey").no_inherit);
  EXPECT_FALSE(Con(r, "public.p", "p_rid_fkey").no_inherit);
  EXPECT_FALSE(Con(r, "public.p1", "p1_pkey").no_inherit);
  EXPECT_FALSE(Con(r, "public.p1", "p_rid_fkey").no_inherit);
}

TEST(ReplayTableCreate, ForeignKeyColumnTypesMustCompare) {
  PgReplay r = ReplayPg(
      "CREATE TABLE p (id int PRIMARY KEY, code text UNIQUE);\n"
      "CREATE TABLE a (pid bigint REFERENCES p, c varchar(10) REFERENCES p (code));\n"
      "CREATE TABLE b (pid text REFERENCES p);\n"
      "ALTER TABLE a ALTER COLUMN pid TYPE uuid USING NULL;\n"
      "ALTER TABLE p ALTER COLUMN id TYPE bigint;\n");
  ASSERT_EQ(r.problems.size(), 2u);
  EXPECT_NE(r.problems[0].find("foreign key constraint \"b_pid_fkey\" cannot be implemented"),
            std::string::npos)
      << r.problems[0];
  EXPECT_FALSE(r.catalog.tables.count(Q("public.b")));
  EXPECT_NE(r.problems[1].find("a_pid_fkey"), std::string::npos) << r.problems[1];
  EXPECT_EQ(Col(r, "public.a", "pid").type, Ty("bigint"));
}

// ---- ALTER TABLE: columns ------------------------------------------------------------------

TEST(ReplayTableAlter, AddColumnChangesOnAnExistingTable) {
  PgReplay r = ReplayPg(std::vector<std::string>{
      "CREATE TABLE t (id int);",
      "ALTER TABLE t ADD COLUMN a int NOT NULL;\n"
      "ALTER TABLE t ADD COLUMN b timestamptz NOT NULL DEFAULT now();\n"
      "ALTER TABLE t ADD COLUMN c uuid DEFAULT gen_random_uuid();\n"
      "ALTER TABLE t ADD COLUMN d serial;\n"
      "ALTER TABLE t ADD COLUMN e bigint GENERATED ALWAYS AS IDENTITY;\n"
      "ALTER TABLE t ADD COLUMN f int GENERATED ALWAYS AS (id + 1) STORED;\n"
      "ALTER TABLE t ADD COLUMN IF NOT EXISTS a int;\n"
      "ALTER TABLE t ADD COLUMN a int;\n"
      "ALTER TABLE t ADD COLUMN g text DEFAULT random()::text, ADD h int DEFAULT 1;\n"});
  ASSERT_EQ(r.statements.size(), 10u);
  const model::Change* a = FindChange(r.statements[1], ChangeOp::kCreate, ObjectKind::kColumn, "a");
  ASSERT_NE(a, nullptr);
  EXPECT_TRUE(a->on_existing);
  EXPECT_TRUE(a->not_null);
  EXPECT_FALSE(a->has_default);
  EXPECT_FALSE(a->volatile_default);
  EXPECT_FALSE(a->rewrites_table);
  EXPECT_EQ(a->new_type, Ty("integer"));
  EXPECT_FALSE(r.statements[1].retry_safe);

  const model::Change* b = FindChange(r.statements[2], ChangeOp::kCreate, ObjectKind::kColumn, "b");
  EXPECT_TRUE(b->has_default);
  EXPECT_FALSE(b->volatile_default);  // now() is STABLE: evaluated once
  EXPECT_FALSE(b->rewrites_table);

  const model::Change* c = FindChange(r.statements[3], ChangeOp::kCreate, ObjectKind::kColumn, "c");
  EXPECT_TRUE(c->volatile_default);
  EXPECT_TRUE(c->rewrites_table);

  const model::Change* d = FindChange(r.statements[4], ChangeOp::kCreate, ObjectKind::kColumn, "d");
  EXPECT_TRUE(d->volatile_default);
  EXPECT_TRUE(d->has_default);
  EXPECT_TRUE(d->not_null);
  EXPECT_NE(FindChange(r.statements[4], ChangeOp::kCreate, ObjectKind::kSequence), nullptr);
  EXPECT_EQ(Col(r, "public.t", "d").default_expr, "nextval('public.t_d_seq'::regclass)");

  const model::Change* e = FindChange(r.statements[5], ChangeOp::kCreate, ObjectKind::kColumn, "e");
  EXPECT_TRUE(e->volatile_default);
  EXPECT_TRUE(e->rewrites_table);
  EXPECT_EQ(Col(r, "public.t", "e").identity, model::Identity::kAlways);

  const model::Change* f = FindChange(r.statements[6], ChangeOp::kCreate, ObjectKind::kColumn, "f");
  EXPECT_TRUE(f->rewrites_table);
  EXPECT_FALSE(f->volatile_default);

  EXPECT_TRUE(r.statements[7].changes.empty());
  EXPECT_TRUE(r.statements[7].retry_safe);
  EXPECT_TRUE(r.statements[7].problems.empty());
  ASSERT_EQ(r.statements[8].problems.size(), 1u);
  EXPECT_EQ(r.statements[8].problems[0].code, "SCH401");

  EXPECT_TRUE(
      FindChange(r.statements[9], ChangeOp::kCreate, ObjectKind::kColumn, "g")->volatile_default);
  EXPECT_FALSE(
      FindChange(r.statements[9], ChangeOp::kCreate, ObjectKind::kColumn, "h")->volatile_default);
  EXPECT_EQ(ColumnNames(r, "public.t"), (Strings{"id", "a", "b", "c", "d", "e", "f", "g", "h"}));
}

TEST(ReplayTableAlter, TableCreatedInTheSameMigrationIsNotExisting) {
  PgReplay r = ReplayPg(
      std::vector<std::string>{"CREATE TABLE t (id int);\nALTER TABLE t ADD COLUMN a int NOT NULL;",
                               "ALTER TABLE t ADD COLUMN b int NOT NULL;"});
  ASSERT_EQ(r.statements.size(), 3u);
  EXPECT_FALSE(
      FindChange(r.statements[1], ChangeOp::kCreate, ObjectKind::kColumn, "a")->on_existing);
  EXPECT_TRUE(
      FindChange(r.statements[2], ChangeOp::kCreate, ObjectKind::kColumn, "b")->on_existing);
}

TEST(ReplayTableAlter, AddColumnWithInlineConstraints) {
  PgReplay r = ReplayPg(std::vector<std::string>{
      "CREATE TABLE p (id int PRIMARY KEY); CREATE TABLE t (id int);",
      "ALTER TABLE t ADD COLUMN pid int REFERENCES p, ADD COLUMN code text UNIQUE,\n"
      "  ADD COLUMN k int PRIMARY KEY;"});
  ASSERT_TRUE(r.problems.empty()) << r.problems.front();
  EXPECT_EQ(ConstraintNames(r, "public.t"), (Strings{"t_code_key", "t_pid_fkey", "t_pkey"}));
  EXPECT_TRUE(Col(r, "public.t", "k").not_null);
  const model::ReplayedStatement& st = r.statements.back();
  EXPECT_TRUE(FindChange(st, ChangeOp::kCreate, ObjectKind::kColumn, "k")->not_null);
  const model::Change* uk =
      FindChange(st, ChangeOp::kCreate, ObjectKind::kConstraint, "t_code_key");
  ASSERT_NE(uk, nullptr);
  EXPECT_TRUE(uk->unique);
  EXPECT_EQ(uk->constraint_kind, "UNIQUE");
  EXPECT_TRUE(uk->on_existing);
  const model::Change* fk =
      FindChange(st, ChangeOp::kCreate, ObjectKind::kConstraint, "t_pid_fkey");
  ASSERT_NE(fk, nullptr);
  EXPECT_FALSE(fk->not_valid);
  // The new column is NULL in every row: PostgreSQL does not validate the foreign key.
  EXPECT_FALSE(fk->on_existing);
}

TEST(ReplayTableAlter, ForeignKeyOnANewColumnWithAValueIsValidated) {
  PgReplay r = ReplayPg(std::vector<std::string>{
      "CREATE TABLE p (id int PRIMARY KEY); CREATE TABLE t (id int);",
      "ALTER TABLE t ADD COLUMN a int DEFAULT 1 REFERENCES p;\n"
      "ALTER TABLE t ADD COLUMN b int REFERENCES p, ADD COLUMN c int DEFAULT 0;\n"});
  ASSERT_TRUE(r.problems.empty()) << r.problems.front();
  EXPECT_TRUE(FindChange(r.statements[2], ChangeOp::kCreate, ObjectKind::kConstraint, "t_a_fkey")
                  ->on_existing);
  EXPECT_TRUE(FindChange(r.statements[3], ChangeOp::kCreate, ObjectKind::kConstraint, "t_b_fkey")
                  ->on_existing);
}

TEST(ReplayTableAlter, SubcommandsRunInPostgresPasses) {
  // The CHECK names a column added later in the same statement: PostgreSQL adds columns first.
  PgReplay r = ReplayPg(
      "CREATE TABLE t (id int);\n"
      "ALTER TABLE t ADD CONSTRAINT pos CHECK (x > 0), ADD COLUMN x int;\n"
      "ALTER TABLE t DROP CONSTRAINT pos, ADD CONSTRAINT pos CHECK (x > 1);\n");
  ASSERT_TRUE(r.problems.empty()) << r.problems.front();
  EXPECT_EQ(Con(r, "public.t", "pos").expression, "x > 1");
}

TEST(ReplayTableAlter, DropColumnTakesItsIndexesAndConstraints) {
  PgReplay r = ReplayPg(std::vector<std::string>{
      "CREATE TABLE t (id int PRIMARY KEY, a int, b int, CHECK (a > b), UNIQUE (a, b), s "
      "serial);\n"
      "CREATE INDEX ON t (b); CREATE INDEX ON t ((a + 1)); CREATE INDEX ON t (id) WHERE a > 0;\n"
      "CREATE TABLE r (x int REFERENCES t (id));",
      "ALTER TABLE t DROP COLUMN a;\n"
      "ALTER TABLE t DROP COLUMN IF EXISTS a;\n"
      "ALTER TABLE t DROP COLUMN a;\n"
      "ALTER TABLE t DROP COLUMN s;\n"
      "ALTER TABLE t DROP COLUMN id;\n"
      "ALTER TABLE t DROP COLUMN id CASCADE;\n"});
  ASSERT_EQ(r.statements.size(), 11u);
  const model::Change* drop_a =
      FindChange(r.statements[5], ChangeOp::kDrop, ObjectKind::kColumn, "a");
  ASSERT_NE(drop_a, nullptr);
  EXPECT_TRUE(drop_a->on_existing);
  EXPECT_FALSE(drop_a->cascade);
  EXPECT_FALSE(r.statements[5].retry_safe);
  EXPECT_TRUE(r.statements[6].changes.empty());
  EXPECT_TRUE(r.statements[6].retry_safe);
  EXPECT_EQ(r.statements[7].problems.at(0).code, "SCH402");
  // The serial's sequence goes with its column.
  EXPECT_TRUE(r.catalog.sequences.empty());
  // A foreign key of another table depends on the primary key: RESTRICT fails.
  ASSERT_EQ(r.statements[9].problems.size(), 1u);
  EXPECT_NE(r.statements[9].problems[0].message.find("constraint r_x_fkey on table r"),
            std::string::npos)
      << r.statements[9].problems[0].message;
  const model::Change* fk =
      FindChange(r.statements[10], ChangeOp::kDrop, ObjectKind::kConstraint, "r_x_fkey");
  ASSERT_NE(fk, nullptr);
  EXPECT_TRUE(fk->cascade);
  EXPECT_EQ(fk->object.name, Q("public.r"));
  EXPECT_EQ(ColumnNames(r, "public.t"), Strings{"b"});
  EXPECT_TRUE(T(r, "public.t").constraints.empty());
  EXPECT_EQ(IndexNames(r), Strings{"public.t_b_idx"});
  EXPECT_TRUE(T(r, "public.r").constraints.empty());
}

TEST(ReplayTableAlter, DropColumnUsedByGeneratedColumnTriggerOrPolicy) {
  PgReplay r = ReplayPg(
      "CREATE TABLE t (id int, a int, g int GENERATED ALWAYS AS (a * 2) STORED, c int);\n"
      "CREATE POLICY p ON t USING (c > 0);\n"
      "ALTER TABLE t DROP COLUMN a;\n"
      "ALTER TABLE t DROP COLUMN c;\n"
      "ALTER TABLE t DROP COLUMN a CASCADE;\n"
      "ALTER TABLE t DROP COLUMN c CASCADE;\n");
  ASSERT_EQ(r.statements.size(), 6u);
  EXPECT_NE(r.statements[2].problems.at(0).message.find("column g of table t"), std::string::npos);
  EXPECT_NE(r.statements[3].problems.at(0).message.find("policy p on table t"), std::string::npos);
  EXPECT_NE(FindChange(r.statements[4], ChangeOp::kDrop, ObjectKind::kColumn, "g"), nullptr);
  EXPECT_NE(FindChange(r.statements[5], ChangeOp::kDrop, ObjectKind::kPolicy, "p"), nullptr);
  EXPECT_EQ(ColumnNames(r, "public.t"), Strings{"id"});
}

struct TypeCase {
  std::string from, to;
  bool narrowing, rewrites;
};

TEST(ReplayTableAlter, AlterColumnTypeNarrowingAndRewrite) {
  // Rewrites as observed on PostgreSQL 15 (relfilenode before and after).
  std::vector<TypeCase> cases = {
      {"varchar(10)", "varchar(20)", false, false},
      {"varchar(20)", "varchar(10)", true, true},
      {"varchar(10)", "text", false, false},
      {"varchar(10)", "varchar", false, false},
      {"text", "varchar(10)", true, true},
      {"text", "varchar", false, false},
      {"text", "integer", true, true},
      {"integer", "bigint", false, true},
      {"bigint", "integer", true, true},
      {"numeric(10,2)", "numeric(12,2)", false, false},
      {"numeric(10,2)", "numeric", false, false},
      {"numeric(10,2)", "numeric(12,3)", false, true},
      {"numeric(10,2)", "numeric(8,2)", true, true},
      {"numeric", "numeric(10,2)", true, true},
      {"integer", "numeric(5,0)", true, true},
      {"integer", "numeric", false, true},
      {"cidr", "inet", false, false},
      {"inet", "cidr", true, true},
      {"timestamp", "timestamptz", false, true},
      {"timestamp(3)", "timestamp(6)", false, false},
      {"timestamp(6)", "timestamp(0)", true, true},
      {"char(5)", "char(10)", false, true},
      {"varchar(5)[]", "text[]", false, true},
      {"integer", "integer[]", true, true},
      {"json", "jsonb", true, true},
      {"bit varying(5)", "bit varying(10)", false, false},
      {"real", "double precision", false, true},
      {"double precision", "real", true, true},
  };
  for (const TypeCase& tc : cases) {
    PgReplay r = ReplayPg(std::vector<std::string>{
        "CREATE TABLE t (c " + tc.from + ");", "ALTER TABLE t ALTER COLUMN c TYPE " + tc.to + ";"});
    ASSERT_EQ(r.statements.size(), 2u);
    const model::Change* ch =
        FindChange(r.statements[1], ChangeOp::kAlter, ObjectKind::kColumn, "c");
    ASSERT_NE(ch, nullptr) << tc.from << " -> " << tc.to;
    EXPECT_EQ(ch->narrowing, tc.narrowing) << tc.from << " -> " << tc.to;
    EXPECT_EQ(ch->rewrites_table, tc.rewrites) << tc.from << " -> " << tc.to;
    EXPECT_TRUE(ch->on_existing);
    EXPECT_TRUE(ch->old_type.has_value());
    EXPECT_TRUE(r.statements[1].retry_safe);
  }
}

TEST(ReplayTableAlter, AlterColumnTypeDetails) {
  PgReplay r = ReplayPg(std::vector<std::string>{
      "CREATE TABLE t (a varchar(10) COLLATE \"C\", b text, g int GENERATED ALWAYS AS "
      "(length(b)) STORED);",
      "ALTER TABLE t ALTER COLUMN a SET DATA TYPE varchar(20);\n"
      "ALTER TABLE t ALTER a TYPE varchar(20) USING upper(a);\n"
      "ALTER TABLE t ALTER COLUMN b TYPE integer USING b::integer;\n"
      "ALTER TABLE t ALTER COLUMN a TYPE mood;\n"
      "ALTER TABLE t ALTER COLUMN zz TYPE int;\n"});
  ASSERT_EQ(r.statements.size(), 6u);
  const model::Change* a = FindChange(r.statements[1], ChangeOp::kAlter, ObjectKind::kColumn, "a");
  EXPECT_EQ(a->old_type, Ty("character varying", {"10"}));
  EXPECT_EQ(a->new_type, Ty("character varying", {"20"}));
  EXPECT_FALSE(a->rewrites_table);
  EXPECT_FALSE(Col(r, "public.t", "a").collation.has_value());  // the new type's default collation
  // A USING expression computes every value again.
  EXPECT_TRUE(
      FindChange(r.statements[2], ChangeOp::kAlter, ObjectKind::kColumn, "a")->rewrites_table);
  // A column a generated column uses cannot change type.
  EXPECT_EQ(r.statements[3].problems.at(0).code, "SCH402");
  EXPECT_EQ(Col(r, "public.t", "b").type, Ty("text"));
  EXPECT_EQ(r.statements[4].problems.at(0).code, "SCH402");
  EXPECT_EQ(r.statements[5].problems.at(0).code, "SCH402");
}

TEST(ReplayTableAlter, DefaultsAndNotNull) {
  PgReplay r = ReplayPg(std::vector<std::string>{
      "CREATE TABLE t (id int PRIMARY KEY, a int, g int GENERATED ALWAYS AS (a) STORED);",
      "ALTER TABLE t ALTER COLUMN a SET DEFAULT 42;\n"
      "ALTER TABLE t ALTER COLUMN a SET NOT NULL;\n"
      "ALTER TABLE t ALTER COLUMN a DROP NOT NULL, ALTER COLUMN a DROP DEFAULT;\n"
      "ALTER TABLE t ALTER COLUMN id DROP NOT NULL;\n"
      "ALTER TABLE t ALTER COLUMN g SET DEFAULT 1;\n"
      "ALTER TABLE t ALTER COLUMN g DROP EXPRESSION;\n"
      "ALTER TABLE t ALTER COLUMN g DROP EXPRESSION IF EXISTS;\n"});
  ASSERT_EQ(r.statements.size(), 8u);
  const model::Change* d = FindChange(r.statements[1], ChangeOp::kAlter, ObjectKind::kColumn, "a");
  EXPECT_TRUE(d->has_default);
  EXPECT_TRUE(d->on_existing);
  EXPECT_TRUE(r.statements[1].retry_safe);
  const model::Change* nn = FindChange(r.statements[2], ChangeOp::kAlter, ObjectKind::kColumn, "a");
  EXPECT_TRUE(nn->not_null);
  EXPECT_TRUE(r.statements[2].retry_safe);
  EXPECT_EQ(r.statements[3].changes.size(), 2u);
  EXPECT_FALSE(Col(r, "public.t", "a").not_null);
  EXPECT_FALSE(Col(r, "public.t", "a").default_expr.has_value());
  EXPECT_NE(r.statements[4].problems.at(0).message.find("is in a primary key"), std::string::npos);
  EXPECT_NE(r.statements[5].problems.at(0).message.find("is a generated column"),
            std::string::npos);
  EXPECT_TRUE(r.statements[6].problems.empty());
  EXPECT_FALSE(r.statements[6].retry_safe);
  EXPECT_FALSE(Col(r, "public.t", "g").generated.has_value());
  EXPECT_TRUE(r.statements[7].problems.empty());
  EXPECT_TRUE(r.statements[7].retry_safe);
}

TEST(ReplayTableAlter, Identity) {
  PgReplay r = ReplayPg(
      "CREATE TABLE t (id int NOT NULL, n int);\n"
      "ALTER TABLE t ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY;\n"
      "ALTER TABLE t ALTER COLUMN id SET GENERATED BY DEFAULT;\n"
      "ALTER TABLE t ALTER COLUMN n ADD GENERATED ALWAYS AS IDENTITY;\n"
      "ALTER TABLE t ALTER COLUMN id DROP IDENTITY;\n"
      "ALTER TABLE t ALTER COLUMN id DROP IDENTITY IF EXISTS;\n");
  ASSERT_EQ(r.statements.size(), 6u);
  EXPECT_TRUE(r.statements[1].problems.empty());
  EXPECT_FALSE(r.statements[1].retry_safe);
  EXPECT_TRUE(r.statements[2].problems.empty());
  EXPECT_NE(r.statements[3].problems.at(0).message.find("must be declared NOT NULL"),
            std::string::npos);
  EXPECT_TRUE(r.statements[4].problems.empty());
  EXPECT_TRUE(r.statements[5].problems.empty());
  EXPECT_TRUE(r.statements[5].retry_safe);
  EXPECT_EQ(Col(r, "public.t", "id").identity, model::Identity::kNone);
  EXPECT_TRUE(Col(r, "public.t", "id").not_null);
}

TEST(ReplayTableAlter, IdentityKindFollowsSetGenerated) {
  PgReplay r = ReplayPg(
      "CREATE TABLE t (id int GENERATED ALWAYS AS IDENTITY);\n"
      "ALTER TABLE t ALTER COLUMN id SET GENERATED BY DEFAULT;\n");
  EXPECT_EQ(Col(r, "public.t", "id").identity, model::Identity::kByDefault);
}

// ---- ALTER TABLE: constraints --------------------------------------------------------------

TEST(ReplayTableAlter, AddConstraintChanges) {
  PgReplay r = ReplayPg(std::vector<std::string>{
      "CREATE TABLE p (id int PRIMARY KEY); CREATE TABLE t (id int, pid int, code text);",
      "ALTER TABLE t ADD CONSTRAINT t_p FOREIGN KEY (pid) REFERENCES p NOT VALID;\n"
      "ALTER TABLE t VALIDATE CONSTRAINT t_p;\n"
      "ALTER TABLE t ADD UNIQUE (code);\n"
      "ALTER TABLE t ADD CHECK (id > 0) NOT VALID;\n"
      "ALTER TABLE t ADD PRIMARY KEY (id);\n"
      "ALTER TABLE t ADD CONSTRAINT t_p CHECK (true);\n"});
  ASSERT_EQ(r.statements.size(), 8u);
  const model::Change* fk =
      FindChange(r.statements[2], ChangeOp::kCreate, ObjectKind::kConstraint, "t_p");
  ASSERT_NE(fk, nullptr);
  EXPECT_EQ(fk->constraint_kind, "FOREIGN KEY");
  EXPECT_TRUE(fk->not_valid);
  EXPECT_TRUE(fk->on_existing);
  EXPECT_FALSE(r.statements[2].retry_safe);
  const model::Change* v =
      FindChange(r.statements[3], ChangeOp::kAlter, ObjectKind::kConstraint, "t_p");
  ASSERT_NE(v, nullptr);
  EXPECT_TRUE(r.statements[3].retry_safe);
  EXPECT_FALSE(Con(r, "public.t", "t_p").not_valid);
  const model::Change* uk =
      FindChange(r.statements[4], ChangeOp::kCreate, ObjectKind::kConstraint, "t_code_key");
  ASSERT_NE(uk, nullptr);
  EXPECT_TRUE(uk->unique);
  EXPECT_EQ(uk->constraint_kind, "UNIQUE");
  EXPECT_TRUE(r.catalog.indexes.at(Q("public.t_code_key")).backs_constraint);
  const model::Change* ck =
      FindChange(r.statements[5], ChangeOp::kCreate, ObjectKind::kConstraint, "t_id_check");
  ASSERT_NE(ck, nullptr);
  EXPECT_TRUE(ck->not_valid);
  EXPECT_TRUE(Con(r, "public.t", "t_id_check").not_valid);
  const model::Change* pk =
      FindChange(r.statements[6], ChangeOp::kCreate, ObjectKind::kConstraint, "t_pkey");
  ASSERT_NE(pk, nullptr);
  EXPECT_EQ(pk->constraint_kind, "PRIMARY KEY");
  EXPECT_TRUE(Col(r, "public.t", "id").not_null);
  EXPECT_EQ(r.statements[7].problems.at(0).code, "SCH401");
}

TEST(ReplayTableAlter, AddConstraintUsingIndex) {
  PgReplay r = ReplayPg(
      "CREATE TABLE t (id int, code text);\n"
      "CREATE UNIQUE INDEX t_id_idx ON t (id);\n"
      "CREATE UNIQUE INDEX t_code_idx ON t (code);\n"
      "ALTER TABLE t ADD CONSTRAINT t_pk PRIMARY KEY USING INDEX t_id_idx;\n"
      "ALTER TABLE t ADD UNIQUE USING INDEX t_code_idx;\n"
      "ALTER TABLE t ADD UNIQUE USING INDEX missing_idx;\n");
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_EQ(IndexNames(r), (Strings{"public.t_code_idx", "public.t_pk"}));
  EXPECT_TRUE(r.catalog.indexes.at(Q("public.t_pk")).backs_constraint);
  EXPECT_EQ(Con(r, "public.t", "t_pk").kind, ConstraintKind::kPrimaryKey);
  EXPECT_EQ(Con(r, "public.t", "t_code_idx").columns, Strings{"code"});
  EXPECT_TRUE(Col(r, "public.t", "id").not_null);
}

TEST(ReplayTableAlter, DropAndAlterConstraint) {
  PgReplay r = ReplayPg(std::vector<std::string>{
      "CREATE TABLE p (id int PRIMARY KEY); CREATE TABLE t (id int UNIQUE, pid int REFERENCES p);",
      "ALTER TABLE t DROP CONSTRAINT t_id_key;\n"
      "ALTER TABLE t DROP CONSTRAINT IF EXISTS t_id_key;\n"
      "ALTER TABLE t DROP CONSTRAINT t_id_key;\n"
      "ALTER TABLE t ALTER CONSTRAINT t_pid_fkey DEFERRABLE INITIALLY DEFERRED;\n"
      "ALTER TABLE p DROP CONSTRAINT p_pkey;\n"
      "ALTER TABLE p DROP CONSTRAINT p_pkey CASCADE;\n"});
  ASSERT_EQ(r.statements.size(), 8u);
  const model::Change* d =
      FindChange(r.statements[2], ChangeOp::kDrop, ObjectKind::kConstraint, "t_id_key");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->constraint_kind, "UNIQUE");
  EXPECT_FALSE(r.statements[2].retry_safe);
  EXPECT_FALSE(r.catalog.indexes.count(Q("public.t_id_key")));
  EXPECT_TRUE(r.statements[3].changes.empty());
  EXPECT_TRUE(r.statements[3].retry_safe);
  EXPECT_EQ(r.statements[4].problems.at(0).code, "SCH402");
  EXPECT_TRUE(r.statements[5].retry_safe);
  EXPECT_TRUE(r.statements[5].problems.empty());
  // The foreign key depends on p's primary key.
  EXPECT_NE(r.statements[6].problems.at(0).message.find("constraint t_pid_fkey on table t"),
            std::string::npos);
  const model::Change* fk =
      FindChange(r.statements[7], ChangeOp::kDrop, ObjectKind::kConstraint, "t_pid_fkey");
  ASSERT_NE(fk, nullptr);
  EXPECT_TRUE(fk->cascade);
  EXPECT_TRUE(T(r, "public.t").constraints.empty());
  EXPECT_TRUE(T(r, "public.p").constraints.empty());
  EXPECT_TRUE(r.catalog.indexes.empty());
}

TEST(ReplayTableAlter, ConstraintsReachPartitionsAndChildren) {
  PgReplay r = ReplayPg(
      "CREATE TABLE r (id int PRIMARY KEY);\n"
      "CREATE TABLE p (id int, v int) PARTITION BY LIST (id);\n"
      "CREATE TABLE p1 PARTITION OF p FOR VALUES IN (1);\n"
      "ALTER TABLE p ADD PRIMARY KEY (id);\n"
      "ALTER TABLE p ADD CHECK (v > 0);\n"
      "ALTER TABLE p ADD FOREIGN KEY (v) REFERENCES r;\n"
      "ALTER TABLE p ADD COLUMN w int;\n"
      "ALTER TABLE p1 DROP CONSTRAINT p_v_check;\n"
      "ALTER TABLE p DROP CONSTRAINT p_v_check;\n"
      "ALTER TABLE p DROP CONSTRAINT p_pkey;\n");
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_NE(r.problems[0].find("cannot drop inherited constraint"), std::string::npos)
      << r.problems[0];
  EXPECT_EQ(ColumnNames(r, "public.p1"), (Strings{"id", "v", "w"}));
  EXPECT_EQ(ConstraintNames(r, "public.p1"), Strings{"p_v_fkey"});
  EXPECT_EQ(IndexNames(r), Strings{"public.r_pkey"});
}

// ---- ALTER TABLE: table-level subcommands --------------------------------------------------

TEST(ReplayTableAlter, RowLevelSecurityPersistenceAndNoops) {
  PgReplay r = ReplayPg(std::vector<std::string>{
      "CREATE TABLE t (id int, s text);",
      "ALTER TABLE t ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;\n"
      "ALTER TABLE t SET UNLOGGED;\n"
      "ALTER TABLE t OWNER TO app, ALTER COLUMN s SET STATISTICS 500, ALTER s SET STORAGE "
      "EXTERNAL,\n"
      "  SET (fillfactor = 70), REPLICA IDENTITY FULL, CLUSTER ON t_idx, DISABLE TRIGGER ALL;\n"
      "ALTER TABLE t ALTER COLUMN nope SET STATISTICS 10;\n"
      "ALTER TABLE t DISABLE TRIGGER nope;\n"});
  ASSERT_EQ(r.statements.size(), 6u);
  EXPECT_TRUE(T(r, "public.t").rls_enabled);
  EXPECT_TRUE(T(r, "public.t").rls_forced);
  EXPECT_TRUE(r.statements[1].retry_safe);
  EXPECT_EQ(T(r, "public.t").persistence, model::Persistence::kUnlogged);
  EXPECT_TRUE(FindChange(r.statements[2], ChangeOp::kAlter, ObjectKind::kTable)->rewrites_table);
  EXPECT_TRUE(r.statements[3].problems.empty());
  EXPECT_TRUE(r.statements[3].changes.empty());
  EXPECT_EQ(r.statements[4].problems.at(0).code, "SCH402");
  EXPECT_EQ(r.statements[5].problems.at(0).code, "SCH402");
}

TEST(ReplayTableAlter, AttachAndDetachPartition) {
  PgReplay r = ReplayPg(std::vector<std::string>{
      "CREATE TABLE p (id int PRIMARY KEY) PARTITION BY RANGE (id);\n"
      "CREATE TABLE p1 (id int NOT NULL);\nCREATE TABLE bad (id int, x int);",
      "ALTER TABLE p ATTACH PARTITION p1 FOR VALUES FROM (0) TO (100);\n"
      "ALTER TABLE p ATTACH PARTITION bad FOR VALUES FROM (100) TO (200);\n"
      "ALTER TABLE p DETACH PARTITION p1;\n"
      "ALTER TABLE p1 ATTACH PARTITION p FOR VALUES IN (1);\n"});
  ASSERT_EQ(r.statements.size(), 7u);
  EXPECT_TRUE(r.statements[3].problems.empty());
  EXPECT_FALSE(r.statements[3].retry_safe);
  EXPECT_TRUE(FindChange(r.statements[3], ChangeOp::kAlter, ObjectKind::kTable)->on_existing);
  EXPECT_EQ(r.statements[4].problems.at(0).code, "SCH402");
  EXPECT_TRUE(r.statements[5].problems.empty());
  EXPECT_FALSE(T(r, "public.p1").partition_of.has_value());
  EXPECT_TRUE(T(r, "public.p1").partition_bound.empty());
  // The index the partition got when attached stays after DETACH.
  EXPECT_TRUE(r.catalog.indexes.count(Q("public.p1_pkey")));
  EXPECT_NE(r.statements[6].problems.at(0).message.find("is not partitioned"), std::string::npos);
}

TEST(ReplayTableAlter, AttachNeedsTheParentsChecksAndNotNull) {
  PgReplay r = ReplayPg(
      "CREATE TABLE p (id int NOT NULL, v int CHECK (v > 0)) PARTITION BY LIST (id);\n"
      "CREATE TABLE a (id int, v int CONSTRAINT p_v_check CHECK (v > 0));\n"
      "CREATE TABLE b (id int NOT NULL, v int);\n"
      "CREATE TABLE c (id int NOT NULL, v int CONSTRAINT p_v_check CHECK (v > 0));\n"
      "ALTER TABLE p ATTACH PARTITION a FOR VALUES IN (1);\n"
      "ALTER TABLE p ATTACH PARTITION b FOR VALUES IN (2);\n"
      "ALTER TABLE p ATTACH PARTITION c FOR VALUES IN (3);\n");
  ASSERT_EQ(r.problems.size(), 2u);
  EXPECT_NE(r.problems[0].find("column \"id\" in child table must be marked NOT NULL"),
            std::string::npos)
      << r.problems[0];
  EXPECT_NE(r.problems[1].find("child table is missing constraint \"p_v_check\""),
            std::string::npos)
      << r.problems[1];
  EXPECT_EQ(T(r, "public.c").partition_bound, "FOR VALUES IN (3)");
}

TEST(ReplayTableAlter, DetachConcurrentlyCannotRunInATransaction) {
  PgReplay r = ReplayPg(
      "CREATE TABLE p (id int) PARTITION BY LIST (id);\n"
      "CREATE TABLE p1 PARTITION OF p FOR VALUES IN (1);\n"
      "ALTER TABLE p DETACH PARTITION p1 CONCURRENTLY;\n");
  EXPECT_TRUE(r.statements[2].no_transaction);
}

TEST(ReplayTableAlter, InheritAndNoInherit) {
  PgReplay r = ReplayPg(
      "CREATE TABLE parent (a int);\n"
      "CREATE TABLE child (a int, b int);\n"
      "CREATE TABLE other (b int);\n"
      "ALTER TABLE child INHERIT parent;\n"
      "ALTER TABLE other INHERIT parent;\n"
      "ALTER TABLE child NO INHERIT parent;\n"
      "ALTER TABLE child NO INHERIT parent;\n");
  ASSERT_EQ(r.problems.size(), 2u);
  EXPECT_NE(r.problems[0].find("missing column \"a\""), std::string::npos) << r.problems[0];
  EXPECT_NE(r.problems[1].find("is not a parent"), std::string::npos) << r.problems[1];
  EXPECT_TRUE(T(r, "public.child").inherits.empty());
}

TEST(ReplayTableAlter, OnlyAndChildTables) {
  PgReplay r = ReplayPg(
      "CREATE TABLE par (a int, b int); CREATE TABLE ch (c int) INHERITS (par);\n"
      "ALTER TABLE ONLY par ADD COLUMN d int;\n"
      "ALTER TABLE ONLY par DROP COLUMN b;\n"
      "ALTER TABLE par ADD COLUMN e int DEFAULT 1;\n"
      "ALTER TABLE ch DROP COLUMN e;\n"
      "CREATE TABLE pp (a int, b int) PARTITION BY LIST (a);\n"
      "CREATE TABLE pp1 PARTITION OF pp FOR VALUES IN (1);\n"
      "ALTER TABLE ONLY pp DROP COLUMN b;\n"
      "ALTER TABLE pp1 ADD COLUMN x int;\n");
  ASSERT_EQ(r.problems.size(), 4u);
  EXPECT_NE(r.problems[0].find("column must be added to child tables too"), std::string::npos)
      << r.problems[0];
  EXPECT_NE(r.problems[1].find("cannot drop inherited column \"e\""), std::string::npos)
      << r.problems[1];
  EXPECT_NE(r.problems[2].find("only the partitioned table"), std::string::npos) << r.problems[2];
  EXPECT_NE(r.problems[3].find("cannot add column to a partition"), std::string::npos)
      << r.problems[3];
  // ONLY: the child keeps the column as its own.
  EXPECT_EQ(ColumnNames(r, "public.par"), (Strings{"a", "e"}));
  EXPECT_EQ(ColumnNames(r, "public.ch"), (Strings{"a", "b", "c", "e"}));
  EXPECT_EQ(Col(r, "public.ch", "e").default_expr, "1");
}

TEST(ReplayTableAlter, MissingTableAndIfExists) {
  PgReplay r = ReplayPg(
      "ALTER TABLE nope ADD COLUMN a int;\n"
      "ALTER TABLE IF EXISTS nope ADD COLUMN a int;\n");
  ASSERT_EQ(r.statements.size(), 2u);
  EXPECT_EQ(r.statements[0].problems.at(0).code, "SCH402");
  EXPECT_TRUE(r.statements[1].problems.empty());
  EXPECT_TRUE(r.statements[1].changes.empty());
}

TEST(ReplayTableAlter, AlterTableOnAViewIsAlterView) {
  PgReplay r = ReplayPg(
      "CREATE TABLE t (id int);\n"
      "CREATE VIEW v AS SELECT id FROM t;\n"
      "ALTER TABLE v ALTER COLUMN id SET DEFAULT 1;\n"
      "ALTER VIEW v OWNER TO app;\n");
  EXPECT_TRUE(r.problems.empty());
  EXPECT_NE(FindChange(r.statements[2], ChangeOp::kAlter, ObjectKind::kColumn, "id"), nullptr);
}

// ---- RENAME --------------------------------------------------------------------------------

TEST(ReplayTableRename, RenameTableKeepsDependentNames) {
  PgReplay r = ReplayPg(
      std::vector<std::string>{"CREATE TABLE t (id serial PRIMARY KEY, v int CHECK (v > 0));\n"
                               "CREATE INDEX ON t (v);\n"
                               "CREATE TABLE r (tid int REFERENCES t);",
                               "ALTER TABLE t RENAME TO accounts;\n"
                               "ALTER TABLE IF EXISTS t RENAME TO x;\n"
                               "ALTER TABLE accounts RENAME TO r;\n"});
  ASSERT_EQ(r.statements.size(), 6u);
  const model::Change* ch = FindChange(r.statements[3], ChangeOp::kRename, ObjectKind::kTable);
  ASSERT_NE(ch, nullptr);
  EXPECT_EQ(ch->new_name, "accounts");
  EXPECT_EQ(ch->object.name, Q("public.t"));
  EXPECT_TRUE(ch->on_existing);
  EXPECT_FALSE(r.statements[3].retry_safe);
  EXPECT_FALSE(r.catalog.tables.count(Q("public.t")));
  // PostgreSQL renames none of the table's indexes, constraints or sequences.
  EXPECT_EQ(ConstraintNames(r, "public.accounts"), (Strings{"t_pkey", "t_v_check"}));
  EXPECT_EQ(IndexNames(r), (Strings{"public.t_pkey", "public.t_v_idx"}));
  EXPECT_EQ(r.catalog.indexes.at(Q("public.t_pkey")).table, Q("public.accounts"));
  EXPECT_EQ(r.catalog.sequences.at(Q("public.t_id_seq")).owned_by_table, Q("public.accounts"));
  EXPECT_EQ(Col(r, "public.accounts", "id").default_expr, "nextval('public.t_id_seq'::regclass)");
  EXPECT_EQ(Con(r, "public.r", "r_tid_fkey").ref_table, Q("public.accounts"));
  EXPECT_TRUE(r.statements[4].problems.empty());
  EXPECT_EQ(r.statements[5].problems.at(0).code, "SCH401");
}

TEST(ReplayTableRename, RenameColumnRewritesViewsThatReadIt) {
  PgReplay r = ReplayPg(
      "CREATE TABLE t (id int, e text);\n"
      "CREATE TABLE o (e text);\n"
      "CREATE VIEW v AS SELECT e, id AS ident FROM t WHERE e <> '';\n"
      "CREATE VIEW j AS SELECT t.e, o.e AS oe FROM t JOIN o ON o.e = t.e;\n"
      "ALTER TABLE t RENAME COLUMN e TO email;\n");
  ASSERT_TRUE(r.problems.empty()) << r.problems.front();
  // The view's own column keeps its name.
  EXPECT_EQ(r.catalog.views.at(Q("public.v")).definition,
            "SELECT email AS e, id AS ident FROM t WHERE email <> ''");
  EXPECT_EQ(r.catalog.views.at(Q("public.j")).definition,
            "SELECT t.email AS e, o.e AS oe FROM t JOIN o ON o.e = t.email");
}

TEST(ReplayTableRename, RenameColumnFollowsEveryReference) {
  PgReplay r = ReplayPg(std::vector<std::string>{
      "CREATE TABLE t (id int PRIMARY KEY, email text UNIQUE CHECK (email <> ''), s serial);\n"
      "CREATE INDEX ON t (lower(email)) WHERE email IS NOT NULL;\n"
      "CREATE TABLE r (e text REFERENCES t (email));",
      "ALTER TABLE t RENAME COLUMN email TO mail;\n"
      "ALTER TABLE t RENAME s TO seq;\n"
      "ALTER TABLE t RENAME COLUMN nope TO x;\n"
      "ALTER TABLE t RENAME COLUMN mail TO id;\n"});
  ASSERT_EQ(r.statements.size(), 7u);
  const model::Change* ch =
      FindChange(r.statements[3], ChangeOp::kRename, ObjectKind::kColumn, "email");
  ASSERT_NE(ch, nullptr);
  EXPECT_EQ(ch->new_name, "mail");
  EXPECT_TRUE(ch->on_existing);
  EXPECT_FALSE(r.statements[3].retry_safe);
  EXPECT_EQ(ColumnNames(r, "public.t"), (Strings{"id", "mail", "seq"}));
  EXPECT_EQ(Con(r, "public.t", "t_email_key").columns, Strings{"mail"});
  EXPECT_EQ(Con(r, "public.t", "t_email_check").expression, "mail <> ''");
  EXPECT_EQ(Con(r, "public.r", "r_e_fkey").ref_columns, Strings{"mail"});
  const model::Index& expr = r.catalog.indexes.at(Q("public.t_lower_idx"));
  EXPECT_EQ(expr.keys.at(0).expression, "lower(mail)");
  EXPECT_EQ(expr.predicate, "mail IS NOT NULL");
  EXPECT_EQ(r.catalog.indexes.at(Q("public.t_email_key")).keys.at(0).expression, "mail");
  EXPECT_EQ(r.catalog.sequences.at(Q("public.t_s_seq")).owned_by_column, "seq");
  EXPECT_EQ(r.statements[5].problems.at(0).code, "SCH402");
  EXPECT_EQ(r.statements[6].problems.at(0).code, "SCH401");
}

// ---- TRUNCATE ------------------------------------------------------------------------------

TEST(ReplayTableTruncate, TruncateRecordsEachTable) {
  PgReplay r = ReplayPg(std::vector<std::string>{
      "CREATE TABLE p (id int PRIMARY KEY); CREATE TABLE c (pid int REFERENCES p);\n"
      "CREATE TABLE x (id int);",
      "TRUNCATE x;\n"
      "TRUNCATE p;\n"
      "TRUNCATE p, c;\n"
      "TRUNCATE TABLE p CASCADE;\n"
      "TRUNCATE nope;\n"});
  ASSERT_EQ(r.statements.size(), 8u);
  const model::Change* t = FindChange(r.statements[3], ChangeOp::kTruncate, ObjectKind::kTable);
  ASSERT_NE(t, nullptr);
  EXPECT_TRUE(t->on_existing);
  EXPECT_TRUE(r.statements[3].retry_safe);
  EXPECT_NE(r.statements[4].problems.at(0).message.find("cannot truncate a table referenced"),
            std::string::npos);
  EXPECT_EQ(r.statements[5].changes.size(), 2u);
  EXPECT_TRUE(r.statements[5].problems.empty());
  ASSERT_EQ(r.statements[6].changes.size(), 2u);
  EXPECT_TRUE(r.statements[6].changes[0].cascade);
  EXPECT_EQ(r.statements[6].changes[1].object.name, Q("public.c"));
  EXPECT_EQ(r.statements[7].problems.at(0).code, "SCH402");
}

// ---- DROP TABLE ----------------------------------------------------------------------------

TEST(ReplayTableDrop, DropTableTakesWhatBelongsToIt) {
  PgReplay r = ReplayPg(std::vector<std::string>{
      "CREATE TABLE t (id serial PRIMARY KEY, v int UNIQUE);\nCREATE INDEX ON t (v);\n"
      "CREATE TABLE r (tid int REFERENCES t);\nCREATE TABLE keep (id int);",
      "DROP TABLE t;\n"
      "DROP TABLE t CASCADE;\n"
      "DROP TABLE IF EXISTS t;\n"
      "DROP TABLE t;\n"});
  ASSERT_EQ(r.statements.size(), 8u);
  EXPECT_NE(r.statements[4].problems.at(0).message.find(
                "constraint r_tid_fkey on table r depends on table t"),
            std::string::npos)
      << r.statements[4].problems.at(0).message;
  const model::Change* d = FindChange(r.statements[5], ChangeOp::kDrop, ObjectKind::kTable);
  ASSERT_NE(d, nullptr);
  EXPECT_TRUE(d->cascade);
  EXPECT_TRUE(d->on_existing);
  EXPECT_FALSE(r.statements[5].retry_safe);
  const model::Change* fk =
      FindChange(r.statements[5], ChangeOp::kDrop, ObjectKind::kConstraint, "r_tid_fkey");
  ASSERT_NE(fk, nullptr);
  EXPECT_TRUE(fk->cascade);
  EXPECT_TRUE(r.catalog.indexes.empty());
  EXPECT_TRUE(r.catalog.sequences.empty());
  EXPECT_TRUE(T(r, "public.r").constraints.empty());
  EXPECT_TRUE(r.statements[6].changes.empty());
  EXPECT_TRUE(r.statements[6].retry_safe);
  EXPECT_EQ(r.statements[7].problems.at(0).code, "SCH402");
}

TEST(ReplayTableDrop, DroppingReferencingTablesTogetherAndPartitions) {
  PgReplay r = ReplayPg(
      "CREATE TABLE a (id int PRIMARY KEY); CREATE TABLE b (aid int REFERENCES a);\n"
      "DROP TABLE a, b;\n"
      "CREATE TABLE p (id int PRIMARY KEY) PARTITION BY LIST (id);\n"
      "CREATE TABLE p1 PARTITION OF p FOR VALUES IN (1);\n"
      "DROP TABLE p;\n"
      "CREATE VIEW v AS SELECT 1 AS one;\n"
      "DROP TABLE v;\n"
      "DROP TABLE IF EXISTS v;\n");
  ASSERT_EQ(r.problems.size(), 2u) << r.problems.front();
  EXPECT_NE(r.problems[0].find("table public.v does not exist"), std::string::npos);
  EXPECT_TRUE(r.catalog.tables.empty());
  EXPECT_TRUE(r.catalog.indexes.empty());
  EXPECT_NE(FindChange(r.statements[5], ChangeOp::kDrop, ObjectKind::kTable), nullptr);
  EXPECT_EQ(r.statements[5].changes.size(), 2u);  // the partition goes too
}

TEST(ReplayTableDrop, InheritanceChildrenNeedCascadeAndViewsGoWithIt) {
  PgReplay r = ReplayPg(
      "CREATE TABLE parent (a int); CREATE TABLE child () INHERITS (parent);\n"
      "CREATE VIEW pv AS SELECT a FROM parent;\n"
      "DROP TABLE parent;\n"
      "DROP TABLE parent CASCADE;\n");
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_NE(r.problems[0].find("table child depends on table parent"), std::string::npos)
      << r.problems[0];
  EXPECT_TRUE(r.catalog.tables.empty());
  EXPECT_TRUE(r.catalog.views.empty());
  EXPECT_NE(FindChange(r.statements[4], ChangeOp::kDrop, ObjectKind::kView), nullptr);
}

TEST(ReplayTableDrop, ViewsThatReadATableOrColumnBlockRestrict) {
  PgReplay r = ReplayPg(
      "CREATE TABLE t (id int, a int, b text);\n"
      "CREATE TABLE o (a int);\n"
      "CREATE VIEW v AS SELECT a FROM t;\n"
      "CREATE VIEW s AS SELECT * FROM t;\n"
      "CREATE VIEW j AS SELECT t.id FROM t JOIN o ON o.a = t.id;\n"
      "ALTER TABLE t DROP COLUMN a;\n"
      "ALTER TABLE t ALTER COLUMN b TYPE varchar(10);\n"
      "DROP TABLE o;\n"
      "DROP VIEW s;\n"
      "ALTER TABLE t ALTER COLUMN b TYPE varchar(10);\n"
      "ALTER TABLE t DROP COLUMN a CASCADE;\n"
      "DROP TABLE t CASCADE;\n");
  ASSERT_EQ(r.problems.size(), 3u);
  EXPECT_NE(r.problems[0].find("view s depends on column a of table t"), std::string::npos)
      << r.problems[0];
  EXPECT_NE(r.problems[1].find("cannot alter type of a column used in a view or rule"),
            std::string::npos)
      << r.problems[1];
  EXPECT_NE(r.problems[2].find("view j depends on table o"), std::string::npos) << r.problems[2];
  EXPECT_NE(FindChange(r.statements[10], ChangeOp::kDrop, ObjectKind::kView), nullptr);
  EXPECT_TRUE(r.catalog.views.empty());
  EXPECT_EQ(r.catalog.tables.size(), 1u);
}

TEST(ReplayTableDrop, TemporaryTablesComeFirst) {
  PgReplay r = ReplayPg(
      "CREATE TABLE t (id int);\n"
      "CREATE TEMP TABLE t (x int);\n"
      "DROP TABLE t;\n");
  EXPECT_TRUE(r.problems.empty());
  EXPECT_TRUE(r.catalog.tables.count(Q("public.t")));
  EXPECT_FALSE(r.catalog.tables.count(Q("pg_temp.t")));
}

// ---- Odd input -----------------------------------------------------------------------------

TEST(ReplayTableOdd, OddStatementsDoNotCrash) {
  PgReplay r = ReplayPg(
      "CREATE TABLE t ();\n"
      "CREATE TABLE \"we\"\"ird\" (\"a b\" int, \"ünï\" text);\n"
      "ALTER TABLE t ADD COLUMN x int, DROP COLUMN x;\n"
      "CREATE TABLE c OF nope;\n"
      "CREATE TABLE l (LIKE nope);\n"
      "ALTER TABLE ONLY t ADD COLUMN y int;\n"
      "CREATE TABLE s1 (id int) WITH (fillfactor = 70);\n"
      "ALTER FOREIGN TABLE f ADD COLUMN x int;\n");
  EXPECT_TRUE(r.catalog.tables.count(Q("public.we\"ird")));
  EXPECT_EQ(ColumnNames(r, "public.we\"ird"), (Strings{"a b", "ünï"}));
  EXPECT_EQ(ColumnNames(r, "public.t"), Strings{"y"});
  // ADD and DROP of the same column: PostgreSQL runs the DROP first, and fails.
  EXPECT_EQ(r.statements[2].problems.at(0).code, "SCH402");
  EXPECT_EQ(r.problems.size(), 3u);
  EXPECT_EQ(r.statements.back().kind, model::StatementKind::kUnmodeled);
}

}  // namespace
}  // namespace sse
