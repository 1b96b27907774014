// Static replay of CREATE / ALTER / DROP POLICY.

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

bool HasProblem(const testing::PgReplay& r, std::string_view code, std::string_view text) {
  for (const std::string& p : r.problems) {
    if (p.rfind(code, 0) == 0 && p.find(text) != std::string::npos) return true;
  }
  return false;
}

TEST(ReplayPolicy, CreatePolicy) {
  auto r =
      ReplayPg(Set{"CREATE TABLE docs (id int, owner text);",
                   "CREATE POLICY own ON docs AS RESTRICTIVE FOR UPDATE TO bob, alice "
                   "USING (owner = current_user) WITH CHECK (owner = current_user AND id > 0);\n"
                   "CREATE POLICY everyone ON public.docs USING (true);"});
  ASSERT_TRUE(r.problems.empty()) << r.problems[0];
  const model::Table& t = r.catalog.tables.at({"public", "docs"});
  ASSERT_EQ(t.policies.size(), 2u);
  const model::Policy& own = t.policies.at("own");
  EXPECT_EQ(own.name, "own");
  EXPECT_FALSE(own.permissive);
  EXPECT_EQ(own.command, "UPDATE");
  EXPECT_EQ(own.roles, (std::vector<std::string>{"alice", "bob"}));  // sorted
  EXPECT_EQ(own.using_expr, "owner = current_user");
  EXPECT_EQ(own.check_expr, "owner = current_user AND id > 0");
  const model::Policy& everyone = t.policies.at("everyone");
  EXPECT_TRUE(everyone.permissive);
  EXPECT_EQ(everyone.command, "ALL");
  EXPECT_EQ(everyone.roles, (std::vector<std::string>{"public"}));
  EXPECT_EQ(everyone.using_expr, "true");
  EXPECT_EQ(everyone.check_expr, "");

  const auto& st = r.statements[1];
  EXPECT_EQ(st.kind, StatementKind::kDdl);
  EXPECT_EQ(st.tag, "CREATE POLICY");
  EXPECT_FALSE(st.retry_safe);
  ASSERT_EQ(st.changes.size(), 1u);
  EXPECT_EQ(st.changes[0].op, ChangeOp::kCreate);
  EXPECT_EQ(st.changes[0].object.kind, ObjectKind::kPolicy);
  EXPECT_EQ(st.changes[0].object.name, (QualifiedName{"public", "docs"}));
  EXPECT_EQ(st.changes[0].object.member, "own");
  EXPECT_TRUE(st.changes[0].on_existing);
}

TEST(ReplayPolicy, PublicAmongRolesIsPublicAlone) {
  auto r = ReplayPg(
      "CREATE TABLE docs (id int);\n"
      "CREATE POLICY p ON docs FOR SELECT TO alice, PUBLIC USING (true);\n"
      "CREATE POLICY \"Quoted Name\" ON docs FOR INSERT TO \"Bob\" WITH CHECK (id > 0);");
  ASSERT_TRUE(r.problems.empty()) << r.problems[0];
  const model::Table& t = r.catalog.tables.at({"public", "docs"});
  EXPECT_EQ(t.policies.at("p").roles, (std::vector<std::string>{"public"}));
  EXPECT_EQ(t.policies.at("p").command, "SELECT");
  EXPECT_EQ(t.policies.at("Quoted Name").roles, (std::vector<std::string>{"Bob"}));
  EXPECT_EQ(t.policies.at("Quoted Name").check_expr, "id > 0");
}

TEST(ReplayPolicy, CreateOnMissingTableViewOrExistingPolicy) {
  auto r =
      ReplayPg(Set{"CREATE TABLE docs (id int);\nCREATE VIEW v AS SELECT id FROM docs;\n"
                   "CREATE POLICY p ON docs USING (true);",
                   "CREATE POLICY p ON docs USING (false);\n"
                   "CREATE POLICY q ON nope USING (true);\n"
                   "CREATE POLICY q ON v USING (true);"});
  ASSERT_EQ(r.problems.size(), 3u);
  EXPECT_TRUE(HasProblem(r, "SCH401", "policy p on public.docs already exists"));
  EXPECT_TRUE(HasProblem(r, "SCH402", "table public.nope does not exist"));
  EXPECT_TRUE(HasProblem(r, "SCH402", "v is not a table"));
  EXPECT_EQ(r.catalog.tables.at({"public", "docs"}).policies.at("p").using_expr, "true");
}

TEST(ReplayPolicy, AlterPolicy) {
  auto r = ReplayPg(
      Set{"CREATE TABLE docs (id int);\n"
          "CREATE POLICY p ON docs FOR UPDATE TO alice USING (id > 0) WITH CHECK (id > 1);",
          "ALTER POLICY p ON docs TO bob, carol USING (id > 10);\n"
          "ALTER POLICY p ON docs WITH CHECK (id > 11);\n"
          "ALTER POLICY nope ON docs USING (true);"});
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_TRUE(HasProblem(r, "SCH402", "policy nope on public.docs does not exist"));
  const model::Policy& p = r.catalog.tables.at({"public", "docs"}).policies.at("p");
  EXPECT_EQ(p.roles, (std::vector<std::string>{"bob", "carol"}));
  EXPECT_EQ(p.using_expr, "id > 10");
  EXPECT_EQ(p.check_expr, "id > 11");
  EXPECT_EQ(p.command, "UPDATE");
  const auto& st = r.statements[2];
  EXPECT_TRUE(st.retry_safe);
  ASSERT_EQ(st.changes.size(), 1u);
  EXPECT_EQ(st.changes[0].op, ChangeOp::kAlter);
  EXPECT_EQ(st.changes[0].object.kind, ObjectKind::kPolicy);
  EXPECT_EQ(st.changes[0].object.member, "p");
  EXPECT_TRUE(st.changes[0].on_existing);
}

TEST(ReplayPolicy, DropPolicy) {
  auto r =
      ReplayPg(Set{"CREATE TABLE docs (id int);\nCREATE VIEW v AS SELECT id FROM docs;\n"
                   "CREATE POLICY p ON docs USING (true);\nCREATE POLICY q ON docs USING (true);",
                   "DROP POLICY p ON docs;\n"
                   "DROP POLICY IF EXISTS q ON public.docs;\n"
                   "DROP POLICY IF EXISTS q ON docs;\n"
                   "DROP POLICY IF EXISTS q ON nope;\n"
                   "DROP POLICY IF EXISTS q ON v;\n"
                   "DROP POLICY q ON docs;\n"
                   "DROP POLICY q ON nope;"});
  ASSERT_EQ(r.problems.size(), 2u);
  EXPECT_TRUE(HasProblem(r, "SCH402", "policy q on public.docs does not exist"));
  EXPECT_TRUE(HasProblem(r, "SCH402", "table public.nope does not exist"));
  EXPECT_TRUE(r.catalog.tables.at({"public", "docs"}).policies.empty());
  const auto& drop_p = r.statements[4];
  EXPECT_FALSE(drop_p.retry_safe);
  ASSERT_EQ(drop_p.changes.size(), 1u);
  EXPECT_EQ(drop_p.changes[0].op, ChangeOp::kDrop);
  EXPECT_EQ(drop_p.changes[0].object.kind, ObjectKind::kPolicy);
  EXPECT_EQ(drop_p.changes[0].object.member, "p");
  EXPECT_TRUE(drop_p.changes[0].on_existing);
  EXPECT_TRUE(r.statements[5].retry_safe);
  EXPECT_TRUE(r.statements[5].changes[0].guarded);
  for (size_t i = 6; i < 9; ++i) {
    EXPECT_TRUE(r.statements[i].changes.empty()) << i;
    EXPECT_TRUE(r.statements[i].problems.empty()) << i;
  }
}

TEST(ReplayPolicy, LongNamesAreTruncated) {
  std::string long_name(70, 'p');
  auto r = ReplayPg("CREATE TABLE docs (id int);\nCREATE POLICY " + long_name +
                    " ON docs USING (true);\n" + "DROP POLICY " + long_name + " ON docs;");
  ASSERT_TRUE(r.problems.empty()) << r.problems[0];
  EXPECT_EQ(r.statements[1].changes[0].object.member, std::string(63, 'p'));
  EXPECT_EQ(r.statements[2].changes.size(), 1u);
}

}  // namespace
}  // namespace sse
