// Static replay of PostgreSQL indexes: CREATE INDEX (keys, implicit names as PostgreSQL 15
// chooses them, partitions), DROP INDEX, ALTER INDEX and REINDEX. Expected names and errors were
// checked against PostgreSQL 15.

#include <gtest/gtest.h>

#include "tests/support/pg_replay.hpp"

namespace sse {
namespace {

using model::ChangeOp;
using model::ObjectKind;
using model::QualifiedName;
using testing::PgReplay;
using testing::ReplayPg;

[[maybe_unused]] const model::ReplayedStatement& Last(const PgReplay& r) {
  return r.statements.back();
}

std::vector<std::string> CodesOf(const model::ReplayedStatement& st) {
  std::vector<std::string> out;
  for (const auto& p : st.problems) out.push_back(p.code);
  return out;
}

/// Names of the indexes of a table, in name order.
std::vector<std::string> IndexNames(const PgReplay& r, const QualifiedName& table) {
  std::vector<std::string> out;
  for (const model::Index* i : r.catalog.IndexesOf(table)) out.push_back(i->name.name);
  return out;
}

const model::Index& IndexAt(const PgReplay& r, const std::string& name) {
  static const model::Index kMissing;
  auto it = r.catalog.indexes.find({"public", name});
  return it == r.catalog.indexes.end() ? kMissing : it->second;
}

const QualifiedName kT{"public", "t"};

TEST(ReplayIndex, ImplicitNames) {
  // The names PostgreSQL 15 gave these, in this order.
  auto r = ReplayPg(
      "CREATE TABLE t (a int, b text, c int, \"Quoted Col\" int);\n"
      "CREATE INDEX ON t (a);\n"
      "CREATE INDEX ON t (a);\n"
      "CREATE UNIQUE INDEX ON t (a, b);\n"
      "CREATE INDEX ON t ((a + 1));\n"
      "CREATE INDEX ON t (lower(b));\n"
      "CREATE INDEX ON t ((a + 1), lower(b), c);\n"
      "CREATE INDEX ON t (\"Quoted Col\");\n"
      "CREATE INDEX ON t (a) INCLUDE (c);\n"
      "CREATE INDEX ON t (b COLLATE \"C\" text_pattern_ops DESC NULLS LAST);\n"
      "CREATE INDEX ON t USING gin (to_tsvector('english', b));\n"
      "CREATE INDEX ON t ((b::int));\n"
      "CREATE INDEX ON t ((coalesce(a, 0)));\n"
      "CREATE INDEX ON t ((t.a));\n"
      "CREATE INDEX ON t (b, b);\n"
      "CREATE INDEX ON t (('x'::text));\n"
      "CREATE INDEX ON t ((CASE WHEN a > 0 THEN 1 END));\n");
  EXPECT_TRUE(r.problems.empty());
  std::vector<std::string> created;
  for (const auto& st : r.statements) {
    for (const model::Change& c : st.changes) {
      if (c.op == ChangeOp::kCreate && c.object.kind == ObjectKind::kIndex)
        created.push_back(c.object.name.name);
    }
  }
  EXPECT_EQ(created, (std::vector<std::string>{
                         "t_a_idx", "t_a_idx1", "t_a_b_idx", "t_expr_idx", "t_lower_idx",
                         "t_expr_lower_c_idx", "t_Quoted Col_idx", "t_a_c_idx", "t_b_idx",
                         "t_to_tsvector_idx", "t_b_idx1", "t_coalesce_idx", "t_a_idx2",
                         "t_b_b1_idx", "t_text_idx", "t_case_idx"}));
}

TEST(ReplayIndex, LongImplicitNamesAreTruncatedAndNumbered) {
  std::string table(73, 'a'), column(49, 'b');
  auto r = ReplayPg("CREATE TABLE " + table + " (" + column + " int, c int);\n" +
                    "CREATE INDEX ON " + table + " (" + column + ", c);\n" + "CREATE INDEX ON " +
                    table + " (" + column + ", c);");
  EXPECT_TRUE(r.problems.empty());
  EXPECT_EQ(IndexNames(r, {"public", std::string(63, 'a')}),
            (std::vector<std::string>{std::string(29, 'a') + "_" + std::string(28, 'b') + "_idx1",
                                      std::string(29, 'a') + "_" + std::string(29, 'b') + "_idx"}));
}

TEST(ReplayIndex, ImplicitNameSkipsOtherRelations) {
  auto r = ReplayPg("CREATE TABLE t (a int);\nCREATE SEQUENCE t_a_idx;\nCREATE INDEX ON t (a);");
  EXPECT_TRUE(r.problems.empty());
  EXPECT_EQ(IndexNames(r, kT), std::vector<std::string>{"t_a_idx1"});
}

TEST(ReplayIndex, KeysAndOptions) {
  auto r = ReplayPg(
      "CREATE TABLE t (a int, b text, c int);\n"
      "CREATE UNIQUE INDEX idx ON t USING btree (a DESC, b COLLATE \"C\" text_pattern_ops NULLS "
      "FIRST, (lower(b)) "
      "DESC NULLS LAST, c DESC NULLS FIRST) INCLUDE (c) WITH (fillfactor = 70) TABLESPACE "
      "pg_default WHERE a > 0;\n"
      "CREATE UNIQUE INDEX nnd ON t (a) NULLS NOT DISTINCT;\n"
      "CREATE INDEX gist_idx ON t USING GIST (to_tsvector('english', b) tsvector_ops (siglen = "
      "100));");
  EXPECT_TRUE(r.problems.empty());
  const model::Index& idx = IndexAt(r, "idx");
  EXPECT_EQ(idx.table, kT);
  EXPECT_TRUE(idx.unique);
  EXPECT_FALSE(idx.nulls_not_distinct);
  EXPECT_EQ(idx.method, "btree");
  ASSERT_EQ(idx.keys.size(), 4u);
  EXPECT_EQ(idx.keys[0].expression, "a");
  EXPECT_FALSE(idx.keys[0].is_expression);
  EXPECT_TRUE(idx.keys[0].descending);
  EXPECT_FALSE(idx.keys[0].nulls_first.has_value());  // DESC implies NULLS FIRST
  EXPECT_EQ(idx.keys[1].expression, "b");
  EXPECT_EQ(idx.keys[1].collation, "C");
  EXPECT_EQ(idx.keys[1].opclass, "text_pattern_ops");
  EXPECT_EQ(idx.keys[1].nulls_first, true);
  EXPECT_EQ(idx.keys[2].expression, "lower(b)");
  EXPECT_TRUE(idx.keys[2].is_expression);
  EXPECT_EQ(idx.keys[2].nulls_first, false);
  EXPECT_FALSE(idx.keys[3].nulls_first.has_value());
  EXPECT_EQ(idx.include, std::vector<std::string>{"c"});
  EXPECT_EQ(idx.predicate, "a > 0");
  EXPECT_FALSE(idx.backs_constraint);
  EXPECT_TRUE(IndexAt(r, "nnd").nulls_not_distinct);
  const model::Index& gist = IndexAt(r, "gist_idx");
  EXPECT_EQ(gist.method, "gist");
  ASSERT_EQ(gist.keys.size(), 1u);
  EXPECT_EQ(gist.keys[0].opclass, "tsvector_ops (siglen='100')");
}

TEST(ReplayIndex, ParenthesizedColumnIsAPlainColumn) {
  auto r = ReplayPg(
      "CREATE TABLE t (a int, b text);\nCREATE INDEX i ON t ((a));\nCREATE INDEX j ON t ((b "
      "COLLATE \"C\"));");
  EXPECT_TRUE(r.problems.empty());
  EXPECT_FALSE(IndexAt(r, "i").keys.at(0).is_expression);
  EXPECT_EQ(IndexAt(r, "i").keys.at(0).expression, "a");
  EXPECT_FALSE(IndexAt(r, "j").keys.at(0).is_expression);
  EXPECT_EQ(IndexAt(r, "j").keys.at(0).collation, "C");
}

TEST(ReplayIndex, ChangesAndFlags) {
  auto r = ReplayPg(
      std::vector<std::string>{"CREATE TABLE t (a int);\nCREATE UNIQUE INDEX fresh ON t (a);",
                               "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS live ON t (a);\n"
                               "CREATE INDEX plain ON t (a);"});
  EXPECT_TRUE(r.problems.empty());
  ASSERT_EQ(r.statements.size(), 4u);
  const model::Change& fresh = r.statements[1].changes.at(0);
  EXPECT_EQ(fresh.op, ChangeOp::kCreate);
  EXPECT_EQ(fresh.object.kind, ObjectKind::kIndex);
  EXPECT_EQ(fresh.object.name, (QualifiedName{"public", "fresh"}));
  EXPECT_TRUE(fresh.unique);
  EXPECT_FALSE(fresh.on_existing);  // the table is new in this migration
  EXPECT_FALSE(r.statements[1].retry_safe);
  EXPECT_FALSE(r.statements[1].no_transaction);

  const auto& live = r.statements[2];
  EXPECT_TRUE(live.no_transaction);
  EXPECT_TRUE(live.retry_safe);
  EXPECT_TRUE(live.changes.at(0).guarded);
  EXPECT_TRUE(live.changes.at(0).on_existing);
  EXPECT_TRUE(live.changes.at(0).unique);
  EXPECT_FALSE(r.statements[3].changes.at(0).unique);
}

TEST(ReplayIndex, ExistingNamesAndMissingTargets) {
  auto r = ReplayPg(
      "CREATE TABLE t (a int);\n"
      "CREATE INDEX i ON t (a);\n"
      "CREATE INDEX i ON t (a);\n"
      "CREATE INDEX IF NOT EXISTS i ON t (a);\n"
      "CREATE INDEX t ON t (a);\n"
      "CREATE INDEX j ON nosuch (a);\n"
      "CREATE INDEX IF NOT EXISTS j ON nosuch (a);\n"
      "CREATE INDEX k ON t (nosuch);\n"
      "CREATE INDEX l ON t (a) INCLUDE (nosuch);\n"
      "CREATE VIEW v AS SELECT 1 AS x;\n"
      "CREATE INDEX m ON v (x);");
  ASSERT_EQ(r.statements.size(), 11u);
  EXPECT_EQ(CodesOf(r.statements[2]), std::vector<std::string>{"SCH401"});
  EXPECT_TRUE(r.statements[3].problems.empty());
  EXPECT_TRUE(r.statements[3].changes.empty());
  EXPECT_EQ(CodesOf(r.statements[4]), std::vector<std::string>{"SCH401"});
  EXPECT_EQ(CodesOf(r.statements[5]), std::vector<std::string>{"SCH402"});
  EXPECT_EQ(CodesOf(r.statements[6]), std::vector<std::string>{"SCH402"});  // the table must exist
  EXPECT_EQ(CodesOf(r.statements[7]), std::vector<std::string>{"SCH402"});
  EXPECT_EQ(CodesOf(r.statements[8]), std::vector<std::string>{"SCH402"});
  EXPECT_EQ(CodesOf(r.statements[10]), std::vector<std::string>{"SCH402"});
  EXPECT_EQ(IndexNames(r, kT), std::vector<std::string>{"i"});
}

TEST(ReplayIndex, SchemaQualifiedTableAndSearchPath) {
  auto r = ReplayPg(
      "CREATE SCHEMA app;\n"
      "CREATE TABLE app.\"Users\" (id int);\n"
      "CREATE INDEX ON app.\"Users\" (id);\n"
      "SET search_path = app;\n"
      "CREATE INDEX named ON \"Users\" (id);");
  EXPECT_TRUE(r.problems.empty());
  ASSERT_TRUE(r.catalog.indexes.count({"app", "Users_id_idx"}));
  ASSERT_TRUE(r.catalog.indexes.count({"app", "named"}));
  EXPECT_EQ(r.catalog.indexes.at({"app", "named"}).table, (QualifiedName{"app", "Users"}));
}

TEST(ReplayIndex, IndexOnMaterializedView) {
  auto r =
      ReplayPg("CREATE MATERIALIZED VIEW mv AS SELECT 1 AS x;\nCREATE UNIQUE INDEX ON mv (x);");
  EXPECT_TRUE(r.problems.empty());
  EXPECT_EQ(IndexNames(r, {"public", "mv"}), std::vector<std::string>{"mv_x_idx"});
}

TEST(ReplayIndex, PartitionedTables) {
  // PostgreSQL 15: each partition gets (or adopts) an index named after it.
  auto r = ReplayPg(
      "CREATE TABLE p (a int, b int) PARTITION BY RANGE (a);\n"
      "CREATE TABLE p1 PARTITION OF p FOR VALUES FROM (0) TO (10);\n"
      "CREATE TABLE p2 PARTITION OF p FOR VALUES FROM (10) TO (20) PARTITION BY RANGE (a);\n"
      "CREATE TABLE p21 PARTITION OF p2 FOR VALUES FROM (10) TO (15);\n"
      "CREATE INDEX p1_own ON p1 (b);\n"
      "CREATE INDEX ON p (b);\n"
      "CREATE INDEX p_b_only ON ONLY p (b);\n"
      "CREATE UNIQUE INDEX ON p (a, b) NULLS NOT DISTINCT;");
  EXPECT_TRUE(r.problems.empty());
  EXPECT_EQ(IndexNames(r, {"public", "p"}),
            (std::vector<std::string>{"p_a_b_idx", "p_b_idx", "p_b_only"}));
  EXPECT_EQ(IndexNames(r, {"public", "p1"}), (std::vector<std::string>{"p1_a_b_idx", "p1_own"}));
  EXPECT_EQ(IndexNames(r, {"public", "p2"}), (std::vector<std::string>{"p2_a_b_idx", "p2_b_idx"}));
  EXPECT_EQ(IndexNames(r, {"public", "p21"}),
            (std::vector<std::string>{"p21_a_b_idx", "p21_b_idx"}));

  auto dropped = ReplayPg(
      "CREATE TABLE p (a int, b int) PARTITION BY RANGE (a);\n"
      "CREATE TABLE p1 PARTITION OF p FOR VALUES FROM (0) TO (10);\n"
      "CREATE INDEX p1_own ON p1 (b);\n"
      "CREATE INDEX ON p (b);\n"
      "DROP INDEX p_b_idx;");
  EXPECT_TRUE(dropped.problems.empty());
  EXPECT_TRUE(IndexNames(dropped, {"public", "p1"}).empty());

  auto concurrently = ReplayPg(
      "CREATE TABLE p (a int) PARTITION BY RANGE (a);\n"
      "CREATE INDEX CONCURRENTLY ON p (a);");
  EXPECT_EQ(CodesOf(Last(concurrently)), std::vector<std::string>{"SCH402"});
  EXPECT_TRUE(concurrently.catalog.indexes.empty());
}

// ---- DROP INDEX ------------------------------------------------------------------------------

TEST(ReplayIndex, DropIndex) {
  auto r = ReplayPg(std::vector<std::string>{
      "CREATE TABLE t (a int);\nCREATE INDEX i ON t (a);\nCREATE INDEX j ON t (a);",
      "DROP INDEX i;\nDROP INDEX CONCURRENTLY IF EXISTS j;\nDROP INDEX IF EXISTS nosuch;\n"
      "DROP INDEX nosuch;\nDROP INDEX IF EXISTS t;"});
  ASSERT_EQ(r.statements.size(), 8u);
  EXPECT_TRUE(r.catalog.indexes.empty());
  const auto& drop = r.statements[3];
  EXPECT_FALSE(drop.retry_safe);
  EXPECT_FALSE(drop.no_transaction);
  ASSERT_EQ(drop.changes.size(), 1u);
  EXPECT_EQ(drop.changes[0].op, ChangeOp::kDrop);
  EXPECT_EQ(drop.changes[0].object.kind, ObjectKind::kIndex);
  EXPECT_TRUE(drop.changes[0].on_existing);
  const auto& concurrently = r.statements[4];
  EXPECT_TRUE(concurrently.no_transaction);
  EXPECT_TRUE(concurrently.retry_safe);
  EXPECT_TRUE(concurrently.changes.at(0).guarded);
  EXPECT_TRUE(r.statements[5].problems.empty());
  EXPECT_TRUE(r.statements[5].changes.empty());
  EXPECT_EQ(CodesOf(r.statements[6]), std::vector<std::string>{"SCH402"});
  EXPECT_EQ(CodesOf(r.statements[7]), std::vector<std::string>{"SCH402"});  // "t" is not an index
}

TEST(ReplayIndex, ConstraintIndexCannotBeDropped) {
  auto r = ReplayPg(
      "CREATE TABLE p (a int PRIMARY KEY, b int);\n"
      "DROP INDEX p_pkey;\n"
      "DROP INDEX p_pkey CASCADE;");
  ASSERT_EQ(r.statements.size(), 3u);
  ASSERT_EQ(CodesOf(r.statements[1]), std::vector<std::string>{"SCH402"});
  EXPECT_NE(r.statements[1].problems[0].message.find(
                "cannot drop index p_pkey because constraint p_pkey on table p requires it"),
            std::string::npos);
  EXPECT_EQ(CodesOf(r.statements[2]), std::vector<std::string>{"SCH402"});
  EXPECT_TRUE(r.catalog.indexes.count({"public", "p_pkey"}));
}

TEST(ReplayIndex, ForeignKeyOnAUniqueIndex) {
  auto r = ReplayPg(
      "CREATE TABLE p (a int PRIMARY KEY, b int);\n"
      "CREATE UNIQUE INDEX p_b ON p (b);\n"
      "CREATE TABLE ch (b int REFERENCES p (b));\n"
      "DROP INDEX p_b;\n"
      "DROP INDEX p_b CASCADE;");
  ASSERT_EQ(r.statements.size(), 5u);
  EXPECT_EQ(CodesOf(r.statements[3]), std::vector<std::string>{"SCH402"});
  EXPECT_TRUE(r.statements[4].problems.empty());
  EXPECT_FALSE(r.catalog.indexes.count({"public", "p_b"}));
  EXPECT_TRUE(r.catalog.tables.at({"public", "ch"}).constraints.empty());
  ASSERT_EQ(r.statements[4].changes.size(), 2u);
  EXPECT_EQ(r.statements[4].changes[1].object.kind, ObjectKind::kConstraint);
  EXPECT_EQ(r.statements[4].changes[1].object.member, "ch_b_fkey");
  EXPECT_TRUE(r.statements[4].changes[1].cascade);
}

// ---- ALTER INDEX / REINDEX -------------------------------------------------------------------

TEST(ReplayIndex, AlterIndex) {
  auto r = ReplayPg(
      "CREATE TABLE p (a int) PARTITION BY RANGE (a);\n"
      "CREATE TABLE p1 PARTITION OF p FOR VALUES FROM (0) TO (10);\n"
      "CREATE INDEX pi ON ONLY p (a);\n"
      "CREATE INDEX p1i ON p1 (a);\n"
      "ALTER INDEX pi ATTACH PARTITION p1i;\n"
      "ALTER INDEX p1i SET (fillfactor = 80);\n"
      "ALTER INDEX p1i RESET (fillfactor);\n"
      "ALTER INDEX IF EXISTS nosuch SET (fillfactor = 80);\n"
      "ALTER INDEX nosuch SET (fillfactor = 80);\n"
      "ALTER INDEX pi ATTACH PARTITION nosuch;\n"
      "ALTER INDEX p SET (fillfactor = 80);");
  ASSERT_EQ(r.statements.size(), 11u);
  EXPECT_EQ(r.statements[4].tag, "ALTER INDEX");
  EXPECT_TRUE(r.statements[4].problems.empty());
  EXPECT_TRUE(r.statements[5].problems.empty());
  EXPECT_TRUE(r.statements[5].retry_safe);
  EXPECT_TRUE(r.statements[7].problems.empty());
  EXPECT_EQ(CodesOf(r.statements[8]), std::vector<std::string>{"SCH402"});
  EXPECT_EQ(CodesOf(r.statements[9]), std::vector<std::string>{"SCH402"});
  EXPECT_EQ(CodesOf(r.statements[10]), std::vector<std::string>{"SCH402"});
  EXPECT_EQ(r.catalog.indexes.size(), 2u);
}

TEST(ReplayIndex, Reindex) {
  auto r = ReplayPg(
      "CREATE TABLE t (a int);\n"
      "CREATE INDEX i ON t (a);\n"
      "REINDEX INDEX i;\n"
      "REINDEX INDEX CONCURRENTLY i;\n"
      "REINDEX (CONCURRENTLY) TABLE t;\n"
      "REINDEX SCHEMA public;\n"
      "REINDEX TABLE nosuch;");
  ASSERT_EQ(r.statements.size(), 7u);
  EXPECT_EQ(r.statements[2].tag, "REINDEX");
  EXPECT_EQ(r.statements[2].kind, model::StatementKind::kNoop);
  EXPECT_FALSE(r.statements[2].no_transaction);
  EXPECT_TRUE(r.statements[3].no_transaction);
  EXPECT_TRUE(r.statements[4].no_transaction);
  EXPECT_TRUE(r.statements[5].no_transaction);
  EXPECT_TRUE(r.statements[3].retry_safe);
  EXPECT_EQ(CodesOf(r.statements[6]), std::vector<std::string>{"SCH402"});
}

}  // namespace
}  // namespace sse
