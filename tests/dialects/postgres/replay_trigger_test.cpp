// Static replay of CREATE [OR REPLACE] [CONSTRAINT] TRIGGER and DROP TRIGGER.

#include <gtest/gtest.h>

#include "tests/support/pg_replay.hpp"

namespace sse {
namespace {

using model::ChangeOp;
using model::ObjectKind;
using model::QualifiedName;
using model::StatementKind;
using model::TriggerTiming;
using testing::ReplayPg;
using Set = std::vector<std::string>;

constexpr const char* kSetup = R"SQL(
CREATE TABLE t (a int, b text);
CREATE FUNCTION trg() RETURNS trigger LANGUAGE plpgsql AS 'begin return new; end';
)SQL";

bool HasProblem(const testing::PgReplay& r, std::string_view code, std::string_view text) {
  for (const std::string& p : r.problems) {
    if (p.rfind(code, 0) == 0 && p.find(text) != std::string::npos) return true;
  }
  return false;
}

TEST(ReplayTrigger, CreateRowTrigger) {
  auto r = ReplayPg(Set{kSetup,
                        "CREATE TRIGGER t_audit AFTER UPDATE OF b, a OR INSERT ON t FOR EACH ROW "
                        "WHEN (new.a > 0) EXECUTE FUNCTION trg('x', 1, 2.5, ident);"});
  ASSERT_TRUE(r.problems.empty()) << r.problems[0];
  const model::Table& t = r.catalog.tables.at({"public", "t"});
  ASSERT_EQ(t.triggers.size(), 1u);
  const model::Trigger& trg = t.triggers.at("t_audit");
  EXPECT_EQ(trg.name, "t_audit");
  EXPECT_EQ(trg.timing, TriggerTiming::kAfter);
  EXPECT_EQ(trg.events, (std::vector<std::string>{"INSERT", "UPDATE"}));
  EXPECT_EQ(trg.update_of, (std::vector<std::string>{"b", "a"}));  // as written (tgattr order)
  EXPECT_TRUE(trg.for_each_row);
  EXPECT_EQ(trg.when, "new.a > 0");
  EXPECT_EQ(trg.function, (QualifiedName{"public", "trg"}));
  EXPECT_EQ(trg.arguments, (std::vector<std::string>{"x", "1", "2.5", "ident"}));
  EXPECT_FALSE(trg.constraint);

  const auto& st = r.statements[2];
  EXPECT_EQ(st.kind, StatementKind::kDdl);
  EXPECT_EQ(st.tag, "CREATE TRIGGER");
  EXPECT_FALSE(st.retry_safe);
  ASSERT_EQ(st.changes.size(), 1u);
  EXPECT_EQ(st.changes[0].op, ChangeOp::kCreate);
  EXPECT_EQ(st.changes[0].object.kind, ObjectKind::kTrigger);
  EXPECT_EQ(st.changes[0].object.name, (QualifiedName{"public", "t"}));
  EXPECT_EQ(st.changes[0].object.member, "t_audit");
  EXPECT_TRUE(st.changes[0].on_existing);
}

TEST(ReplayTrigger, StatementTriggerEventsAreSorted) {
  auto r = ReplayPg(std::string(kSetup) +
                    "CREATE TRIGGER s BEFORE TRUNCATE OR DELETE OR UPDATE OR INSERT ON public.t "
                    "EXECUTE PROCEDURE public.trg();");
  ASSERT_TRUE(r.problems.empty()) << r.problems[0];
  const model::Trigger& trg = r.catalog.tables.at({"public", "t"}).triggers.at("s");
  EXPECT_EQ(trg.timing, TriggerTiming::kBefore);
  EXPECT_EQ(trg.events, (std::vector<std::string>{"DELETE", "INSERT", "TRUNCATE", "UPDATE"}));
  EXPECT_FALSE(trg.for_each_row);
  EXPECT_FALSE(r.statements[2].changes[0].on_existing);  // the table is new in this migration
}

TEST(ReplayTrigger, ConstraintTrigger) {
  auto r = ReplayPg(
      std::string(kSetup) +
      "CREATE TABLE ref (id int);\n"
      "CREATE CONSTRAINT TRIGGER c AFTER INSERT ON t FROM ref DEFERRABLE INITIALLY DEFERRED "
      "FOR EACH ROW EXECUTE FUNCTION trg();");
  ASSERT_TRUE(r.problems.empty()) << r.problems[0];
  const model::Trigger& trg = r.catalog.tables.at({"public", "t"}).triggers.at("c");
  EXPECT_TRUE(trg.constraint);
  EXPECT_TRUE(trg.deferrable);
  EXPECT_TRUE(trg.initially_deferred);
  EXPECT_EQ(r.statements[3].tag, "CREATE CONSTRAINT TRIGGER");
}

TEST(ReplayTrigger, InsteadOfTriggerOnAView) {
  auto r =
      ReplayPg(std::string(kSetup) +
               "CREATE VIEW v AS SELECT a, b FROM t;\n"
               "CREATE TRIGGER v_ins INSTEAD OF INSERT ON v FOR EACH ROW EXECUTE FUNCTION trg();");
  ASSERT_TRUE(r.problems.empty()) << r.problems[0];
  const model::View& v = r.catalog.views.at({"public", "v"});
  ASSERT_EQ(v.triggers.size(), 1u);
  EXPECT_EQ(v.triggers.at("v_ins").timing, TriggerTiming::kInsteadOf);
  EXPECT_EQ(r.statements[3].changes[0].object.name, (QualifiedName{"public", "v"}));
}

TEST(ReplayTrigger, BuiltinTriggerFunctions) {
  auto r = ReplayPg(
      "CREATE TABLE t (a int, body text, tsv tsvector);\n"
      "CREATE TRIGGER r BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION "
      "suppress_redundant_updates_trigger();\n"
      "CREATE TRIGGER s BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION "
      "tsvector_update_trigger(tsv, 'pg_catalog.english', body);");
  ASSERT_TRUE(r.problems.empty()) << r.problems[0];
  const model::Table& t = r.catalog.tables.at({"public", "t"});
  EXPECT_EQ(t.triggers.at("r").function,
            (QualifiedName{"pg_catalog", "suppress_redundant_updates_trigger"}));
  EXPECT_EQ(t.triggers.at("s").arguments,
            (std::vector<std::string>{"tsv", "pg_catalog.english", "body"}));
}

TEST(ReplayTrigger, MissingTableFunctionOrColumn) {
  auto r = ReplayPg(std::string(kSetup) +
                    "CREATE FUNCTION not_trg() RETURNS int LANGUAGE sql AS 'SELECT 1';\n"
                    "CREATE TRIGGER x AFTER INSERT ON nope EXECUTE FUNCTION trg();\n"
                    "CREATE TRIGGER x AFTER INSERT ON t EXECUTE FUNCTION missing();\n"
                    "CREATE TRIGGER x AFTER INSERT ON t EXECUTE FUNCTION not_trg();\n"
                    "CREATE TRIGGER x AFTER UPDATE OF zz ON t EXECUTE FUNCTION trg();\n");
  ASSERT_EQ(r.problems.size(), 4u);
  EXPECT_TRUE(HasProblem(r, "SCH402", "table public.nope does not exist"));
  EXPECT_TRUE(HasProblem(r, "SCH402", "function public.missing() does not exist"));
  EXPECT_TRUE(HasProblem(r, "SCH402", "public.not_trg() returns integer"));
  EXPECT_TRUE(HasProblem(r, "SCH402", "column public.t.zz does not exist"));
  EXPECT_TRUE(r.catalog.tables.at({"public", "t"}).triggers.empty());
}

TEST(ReplayTrigger, ExtensionSchemasAreGivenTheBenefitOfTheDoubt) {
  auto r = ReplayPg(
      "CREATE TABLE t (a int);\n"
      "CREATE TRIGGER x AFTER INSERT ON t EXECUTE FUNCTION audit.if_modified_func();\n"
      "CREATE EXTENSION moddatetime;\n"
      "CREATE TRIGGER y BEFORE UPDATE ON t FOR EACH ROW EXECUTE PROCEDURE "
      "moddatetime(updated_at);");
  EXPECT_TRUE(r.problems.empty()) << r.problems[0];
  const model::Table& t = r.catalog.tables.at({"public", "t"});
  EXPECT_EQ(t.triggers.at("x").function, (QualifiedName{"audit", "if_modified_func"}));
  EXPECT_EQ(t.triggers.at("y").function, (QualifiedName{"public", "moddatetime"}));
}

TEST(ReplayTrigger, ExistingTriggerAndOrReplace) {
  auto r = ReplayPg(
      Set{std::string(kSetup) + "CREATE TRIGGER x AFTER INSERT ON t EXECUTE FUNCTION trg();\n"
                                "COMMENT ON TRIGGER x ON t IS 'keep';",
          "CREATE TRIGGER x AFTER INSERT ON t EXECUTE FUNCTION trg();\n"
          "CREATE OR REPLACE TRIGGER x AFTER DELETE ON t EXECUTE FUNCTION trg();\n"
          "CREATE CONSTRAINT TRIGGER c AFTER INSERT ON t FOR EACH ROW EXECUTE FUNCTION trg();\n"
          "CREATE OR REPLACE TRIGGER c AFTER DELETE ON t EXECUTE FUNCTION trg();"});
  ASSERT_EQ(r.problems.size(), 2u);
  EXPECT_TRUE(HasProblem(r, "SCH401", "trigger x on public.t already exists"));
  EXPECT_TRUE(HasProblem(r, "SCH401", "trigger c for relation t is a constraint trigger"));
  const model::Trigger& x = r.catalog.tables.at({"public", "t"}).triggers.at("x");
  EXPECT_EQ(x.events, (std::vector<std::string>{"DELETE"}));
  EXPECT_EQ(x.comment, std::optional<std::string>("keep"));
  const auto& replace = r.statements[5];
  EXPECT_TRUE(replace.retry_safe);
  ASSERT_EQ(replace.changes.size(), 1u);
  EXPECT_EQ(replace.changes[0].op, ChangeOp::kCreate);
}

TEST(ReplayTrigger, DropTrigger) {
  auto r = ReplayPg(Set{std::string(kSetup) +
                            "CREATE TRIGGER x AFTER INSERT ON t EXECUTE FUNCTION trg();\n"
                            "CREATE TRIGGER y AFTER INSERT ON t EXECUTE FUNCTION trg();",
                        "DROP TRIGGER x ON t;\n"
                        "DROP TRIGGER IF EXISTS y ON public.t CASCADE;\n"
                        "DROP TRIGGER IF EXISTS y ON t;\n"
                        "DROP TRIGGER IF EXISTS y ON nope;\n"
                        "DROP TRIGGER y ON t;\n"
                        "DROP TRIGGER y ON nope;"});
  ASSERT_EQ(r.problems.size(), 2u);
  EXPECT_TRUE(HasProblem(r, "SCH402", "trigger y on public.t does not exist"));
  EXPECT_TRUE(HasProblem(r, "SCH402", "table public.nope does not exist"));
  EXPECT_TRUE(r.catalog.tables.at({"public", "t"}).triggers.empty());
  const auto& drop_x = r.statements[4];
  EXPECT_FALSE(drop_x.retry_safe);
  ASSERT_EQ(drop_x.changes.size(), 1u);
  EXPECT_EQ(drop_x.changes[0].op, ChangeOp::kDrop);
  EXPECT_EQ(drop_x.changes[0].object.kind, ObjectKind::kTrigger);
  EXPECT_EQ(drop_x.changes[0].object.member, "x");
  EXPECT_TRUE(drop_x.changes[0].on_existing);
  const auto& drop_y = r.statements[5];
  EXPECT_TRUE(drop_y.retry_safe);
  EXPECT_TRUE(drop_y.changes[0].guarded);
  EXPECT_TRUE(drop_y.changes[0].cascade);
  EXPECT_TRUE(r.statements[6].changes.empty());
  EXPECT_TRUE(r.statements[6].problems.empty());
  EXPECT_TRUE(r.statements[7].problems.empty());
}

TEST(ReplayTrigger, QuotedAndLongNames) {
  std::string long_name(70, 't');
  auto r = ReplayPg(std::string(kSetup) +
                    "CREATE TRIGGER \"Audit\" AFTER INSERT ON t EXECUTE FUNCTION trg();\n"
                    "CREATE TRIGGER " +
                    long_name +
                    " AFTER INSERT ON t EXECUTE FUNCTION trg();\n"
                    "DROP TRIGGER " +
                    long_name + " ON t;");
  ASSERT_TRUE(r.problems.empty()) << r.problems[0];
  const model::Table& t = r.catalog.tables.at({"public", "t"});
  EXPECT_EQ(t.triggers.size(), 1u);
  EXPECT_TRUE(t.triggers.count("Audit"));
  EXPECT_EQ(r.statements[3].changes[0].object.member, std::string(63, 't'));
}

}  // namespace
}  // namespace sse
