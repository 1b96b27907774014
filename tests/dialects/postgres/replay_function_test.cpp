// Static replay of CREATE / ALTER / DROP FUNCTION and PROCEDURE, of the statements that run
// code (SELECT f(), CALL p(), DO) and of what is reported when their effect is not modelled.

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

const model::Function* Fn(const testing::PgReplay& r, const std::string& signature) {
  auto it = r.catalog.functions.find(signature);
  return it == r.catalog.functions.end() ? nullptr : &it->second;
}

bool HasProblem(const testing::PgReplay& r, std::string_view code, std::string_view text) {
  for (const std::string& p : r.problems) {
    if (p.rfind(code, 0) == 0 && p.find(text) != std::string::npos) return true;
  }
  return false;
}

// ---- CREATE FUNCTION -------------------------------------------------------------------------

TEST(ReplayFunction, CreatePlpgsqlFunctionKeepsSignatureAndBody) {
  auto r = ReplayPg(R"SQL(
CREATE FUNCTION touch(a int DEFAULT 1, b varchar(20) DEFAULT 'x', OUT c int)
  RETURNS int
  LANGUAGE plpgsql STABLE STRICT SECURITY DEFINER SET search_path = public
  AS $$ begin c := a; end $$;
)SQL");
  ASSERT_TRUE(r.problems.empty()) << r.problems[0];
  ASSERT_EQ(r.catalog.functions.size(), 1u);
  const model::Function* f = Fn(r, "public.touch(integer, character varying)");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->name, (QualifiedName{"public", "touch"}));
  EXPECT_FALSE(f->procedure);
  ASSERT_EQ(f->args.size(), 3u);
  EXPECT_EQ(f->args[0].name, "a");
  EXPECT_EQ(f->args[0].mode, "IN");
  EXPECT_EQ(f->args[0].type.ToString(), "integer");
  EXPECT_EQ(f->args[0].default_expr, std::optional<std::string>("1"));
  EXPECT_EQ(f->args[1].type.ToString(), "character varying");  // type modifiers are dropped
  EXPECT_EQ(f->args[1].default_expr, std::optional<std::string>("'x'"));
  EXPECT_EQ(f->args[2].mode, "OUT");
  EXPECT_FALSE(f->args[2].default_expr);
  EXPECT_EQ(f->returns, "integer");
  EXPECT_EQ(f->language, "plpgsql");
  EXPECT_EQ(f->body, " begin c := a; end ");  // prosrc: the dollar-quoted text as written
  EXPECT_EQ(f->volatility, "STABLE");
  EXPECT_TRUE(f->strict);
  EXPECT_TRUE(f->security_definer);

  const auto& st = r.statements[0];
  EXPECT_EQ(st.kind, StatementKind::kDdl);
  EXPECT_EQ(st.tag, "CREATE FUNCTION");
  EXPECT_FALSE(st.retry_safe);
  ASSERT_EQ(st.changes.size(), 1u);
  EXPECT_EQ(st.changes[0].op, ChangeOp::kCreate);
  EXPECT_EQ(st.changes[0].object.kind, ObjectKind::kFunction);
  EXPECT_EQ(st.changes[0].object.name, (QualifiedName{"public", "touch"}));
  EXPECT_FALSE(st.changes[0].on_existing);
}

TEST(ReplayFunction, ResultForms) {
  auto r = ReplayPg(R"SQL(
CREATE TABLE users (id int, name text);
CREATE TYPE mood AS ENUM ('sad', 'happy');
CREATE FUNCTION all_users() RETURNS SETOF users LANGUAGE sql AS 'SELECT * FROM users';
CREATE FUNCTION pairs() RETURNS TABLE (id int, label text, m mood) LANGUAGE sql AS $$ SELECT 1, 'a', 'sad'::mood $$;
CREATE FUNCTION two(OUT x int, INOUT y text) LANGUAGE sql AS 'SELECT 1, ''b''';
CREATE FUNCTION trg() RETURNS trigger LANGUAGE plpgsql AS 'begin return new; end';
CREATE FUNCTION nothing(VARIADIC xs int[]) RETURNS void LANGUAGE sql AS '';
CREATE FUNCTION arr(m mood[]) RETURNS SETOF int[] LANGUAGE sql AS 'SELECT ARRAY[1]';
)SQL");
  ASSERT_TRUE(r.problems.empty()) << r.problems[0];
  EXPECT_EQ(Fn(r, "public.all_users()")->returns, "SETOF public.users");
  const model::Function* pairs = Fn(r, "public.pairs()");
  ASSERT_NE(pairs, nullptr);
  EXPECT_EQ(pairs->returns, "TABLE(id integer, label text, m public.mood)");
  ASSERT_EQ(pairs->args.size(), 3u);
  EXPECT_EQ(pairs->args[2].mode, "TABLE");
  EXPECT_EQ(pairs->args[2].type.ToString(), "public.mood");
  const model::Function* two =
      Fn(r, "public.two(text)");  // OUT arguments are not part of the identity
  ASSERT_NE(two, nullptr);
  EXPECT_EQ(two->returns, "record");
  EXPECT_EQ(two->body, "SELECT 1, 'b'");  // the literal's value, quotes unescaped
  EXPECT_EQ(Fn(r, "public.trg()")->returns, "trigger");
  const model::Function* nothing = Fn(r, "public.nothing(integer[])");
  ASSERT_NE(nothing, nullptr);
  EXPECT_EQ(nothing->returns, "void");
  EXPECT_EQ(nothing->args[0].mode, "VARIADIC");
  EXPECT_EQ(Fn(r, "public.arr(public.mood[])")->returns, "SETOF integer[]");
}

TEST(ReplayFunction, SqlStandardBodiesAreDeparsed) {
  auto r = ReplayPg(R"SQL(
CREATE TABLE t (a int);
CREATE FUNCTION inc(a int) RETURNS int LANGUAGE sql IMMUTABLE RETURN a+1;
CREATE FUNCTION ins(x int) RETURNS void BEGIN ATOMIC INSERT INTO t VALUES (x); SELECT 1; END;
)SQL");
  ASSERT_TRUE(r.problems.empty()) << r.problems[0];
  const model::Function* inc = Fn(r, "public.inc(integer)");
  ASSERT_NE(inc, nullptr);
  EXPECT_EQ(inc->body, "RETURN a + 1");
  EXPECT_EQ(inc->language, "sql");
  EXPECT_EQ(inc->volatility, "IMMUTABLE");
  const model::Function* ins = Fn(r, "public.ins(integer)");
  ASSERT_NE(ins, nullptr);
  EXPECT_EQ(ins->language, "sql");  // a SQL-standard body implies LANGUAGE sql
  EXPECT_EQ(ins->body, "BEGIN ATOMIC INSERT INTO t VALUES (x); SELECT 1; END");
}

TEST(ReplayFunction, CFunctionBodyIsTheLinkSymbol) {
  auto r = ReplayPg(R"SQL(
CREATE FUNCTION c1(int) RETURNS int AS 'mylib', 'c1_impl' LANGUAGE c;
CREATE FUNCTION c2(int) RETURNS int AS 'mylib' LANGUAGE c;
)SQL");
  ASSERT_TRUE(r.problems.empty()) << r.problems[0];
  EXPECT_EQ(Fn(r, "public.c1(integer)")->body, "c1_impl");
  EXPECT_EQ(Fn(r, "public.c2(integer)")->body, "c2");
  EXPECT_EQ(Fn(r, "public.c1(integer)")->args[0].name, "");
}

TEST(ReplayFunction, PseudoTypes) {
  auto r = ReplayPg(R"SQL(
CREATE FUNCTION va(VARIADIC "any") RETURNS int AS 'mylib', 'va' LANGUAGE c;
CREATE FUNCTION el(anyelement, anycompatiblenonarray) RETURNS anyelement LANGUAGE sql AS 'SELECT $1';
DROP FUNCTION va("any");
)SQL");
  ASSERT_TRUE(r.problems.empty()) << r.problems[0];
  EXPECT_NE(Fn(r, "public.el(anyelement, anycompatiblenonarray)"), nullptr);
  EXPECT_EQ(r.statements[2].changes.size(), 1u);
  EXPECT_EQ(r.catalog.functions.size(), 1u);
}

TEST(ReplayFunction, OverloadsAreDistinct) {
  auto r = ReplayPg(R"SQL(
CREATE FUNCTION f(int) RETURNS int LANGUAGE sql AS 'SELECT 1';
CREATE FUNCTION f(text) RETURNS int LANGUAGE sql AS 'SELECT 2';
CREATE FUNCTION f(int, int) RETURNS int LANGUAGE sql AS 'SELECT 3';
)SQL");
  EXPECT_TRUE(r.problems.empty());
  EXPECT_EQ(r.catalog.functions.size(), 3u);
  EXPECT_NE(Fn(r, "public.f(integer)"), nullptr);
  EXPECT_NE(Fn(r, "public.f(text)"), nullptr);
  EXPECT_NE(Fn(r, "public.f(integer, integer)"), nullptr);
}

TEST(ReplayFunction, CreateExistingIdentityFails) {
  auto r = ReplayPg(Set{"CREATE FUNCTION f(a int) RETURNS int LANGUAGE sql AS 'SELECT 1';",
                        "CREATE FUNCTION f(b integer) RETURNS int LANGUAGE sql AS 'SELECT 2';"});
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_TRUE(HasProblem(r, "SCH401", "function public.f(integer) already exists"))
      << r.problems[0];
  EXPECT_EQ(Fn(r, "public.f(integer)")->body, "SELECT 1");
  EXPECT_FALSE(r.statements[1].retry_safe);
  EXPECT_TRUE(r.statements[1].changes.empty());
}

TEST(ReplayFunction, OrReplaceReplacesTheSameIdentity) {
  auto r = ReplayPg(
      Set{"CREATE FUNCTION f(a int) RETURNS int LANGUAGE sql AS 'SELECT 1';\n"
          "COMMENT ON FUNCTION f(int) IS 'one';",
          "CREATE OR REPLACE FUNCTION f(a int) RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT 2';\n"
          "CREATE OR REPLACE FUNCTION public.f(a int, b int) RETURNS int LANGUAGE sql AS 'SELECT "
          "3';"});
  EXPECT_TRUE(r.problems.empty()) << r.problems[0];
  ASSERT_EQ(r.catalog.functions.size(), 2u);
  const model::Function* f = Fn(r, "public.f(integer)");
  EXPECT_EQ(f->body, "SELECT 2");
  EXPECT_EQ(f->volatility, "IMMUTABLE");
  EXPECT_EQ(f->comment, std::optional<std::string>("one"));  // the same function: its comment stays
  const auto& st = r.statements[2];
  EXPECT_TRUE(st.retry_safe);
  ASSERT_EQ(st.changes.size(), 1u);
  EXPECT_EQ(st.changes[0].op, ChangeOp::kCreate);
  EXPECT_TRUE(st.changes[0].on_existing);                // created by an earlier migration
  EXPECT_FALSE(r.statements[3].changes[0].on_existing);  // a new overload
}

TEST(ReplayFunction, OrReplaceCannotChangeTheResult) {
  auto r = ReplayPg(R"SQL(
CREATE FUNCTION f(a int) RETURNS int LANGUAGE sql AS 'SELECT 1';
CREATE OR REPLACE FUNCTION f(a int) RETURNS bigint LANGUAGE sql AS 'SELECT 1';
CREATE FUNCTION g(a int, OUT x int, OUT y text) LANGUAGE sql AS 'SELECT 1, ''a''';
CREATE OR REPLACE FUNCTION g(a int, OUT x int, OUT z text) LANGUAGE sql AS 'SELECT 1, ''a''';
CREATE OR REPLACE FUNCTION f(b int) RETURNS int LANGUAGE sql AS 'SELECT 1';
CREATE FUNCTION h(a int DEFAULT 1) RETURNS int LANGUAGE sql AS 'SELECT 1';
CREATE OR REPLACE FUNCTION h(a int) RETURNS int LANGUAGE sql AS 'SELECT 1';
CREATE OR REPLACE PROCEDURE f(a int) LANGUAGE sql AS '';
)SQL");
  ASSERT_EQ(r.problems.size(), 5u);
  EXPECT_NE(r.problems[0].find("cannot change return type of existing function"),
            std::string::npos);
  EXPECT_NE(r.problems[0].find("public.f(integer)"), std::string::npos);
  EXPECT_NE(r.problems[1].find("cannot change return type of existing function"),
            std::string::npos);
  EXPECT_NE(r.problems[2].find("cannot change name of input parameter a"), std::string::npos);
  EXPECT_NE(r.problems[3].find("cannot remove parameter defaults from existing function"),
            std::string::npos);
  EXPECT_NE(r.problems[4].find("cannot change routine kind"), std::string::npos);
  for (const std::string& p : r.problems) EXPECT_EQ(p.substr(0, 6), "SCH401");
  EXPECT_EQ(Fn(r, "public.f(integer)")->returns, "integer");  // unchanged: the statements fail
  EXPECT_EQ(Fn(r, "public.f(integer)")->args[0].name, "a");
}

TEST(ReplayFunction, OrReplaceMayKeepTheSameResultWrittenAnotherWay) {
  auto r = ReplayPg(R"SQL(
CREATE FUNCTION tt() RETURNS TABLE (a int) LANGUAGE sql AS 'SELECT 1';
CREATE OR REPLACE FUNCTION tt() RETURNS SETOF int LANGUAGE sql AS 'SELECT 1';
CREATE FUNCTION k(a int, OUT x int) LANGUAGE sql AS 'SELECT 1';
CREATE OR REPLACE FUNCTION k(a int, OUT z int) LANGUAGE sql AS 'SELECT 1';
CREATE OR REPLACE FUNCTION k(a int) RETURNS int LANGUAGE sql AS 'SELECT 1';
CREATE FUNCTION u(int) RETURNS int LANGUAGE sql AS 'SELECT 1';
CREATE OR REPLACE FUNCTION u(named int DEFAULT 2) RETURNS int LANGUAGE sql AS 'SELECT 1';
CREATE FUNCTION pr() RETURNS SETOF int LANGUAGE sql AS 'SELECT 1';
CREATE OR REPLACE FUNCTION pr() RETURNS int LANGUAGE sql AS 'SELECT 1';
CREATE OR REPLACE FUNCTION u(int) RETURNS int LANGUAGE sql AS 'SELECT 1';
)SQL");
  ASSERT_EQ(r.problems.size(), 2u);
  EXPECT_NE(r.problems[0].find("public.pr() already exists with another signature"),
            std::string::npos);
  EXPECT_NE(r.problems[0].find("cannot change return type of existing function"),
            std::string::npos);
  EXPECT_NE(r.problems[1].find("cannot change name of input parameter named"), std::string::npos);
  EXPECT_EQ(Fn(r, "public.tt()")->returns, "SETOF integer");
  EXPECT_EQ(Fn(r, "public.k(integer)")->returns, "integer");
  EXPECT_EQ(Fn(r, "public.u(integer)")->args[0].name, "named");
}

TEST(ReplayFunction, ProceduresHaveNoResult) {
  auto r = ReplayPg(R"SQL(
CREATE PROCEDURE p(INOUT a int, OUT b int) LANGUAGE plpgsql AS $$ begin b := a; end $$;
)SQL");
  ASSERT_TRUE(r.problems.empty()) << r.problems[0];
  const model::Function* p = Fn(r, "public.p(integer)");
  ASSERT_NE(p, nullptr);
  EXPECT_TRUE(p->procedure);
  EXPECT_EQ(p->returns, "");
  EXPECT_EQ(r.statements[0].tag, "CREATE PROCEDURE");
}

TEST(ReplayFunction, NamesAreFoldedQualifiedAndTruncated) {
  std::string long_name(70, 'f');
  auto r = ReplayPg(
      "CREATE SCHEMA app;\n"
      "CREATE FUNCTION app.\"MixedCase\"() RETURNS int LANGUAGE sql AS 'SELECT 1';\n"
      "CREATE FUNCTION UPPER_CASE() RETURNS int LANGUAGE sql AS 'SELECT 1';\n"
      "CREATE FUNCTION " +
      long_name +
      "() RETURNS int LANGUAGE sql AS 'SELECT 1';\n"
      "SET search_path = app;\n"
      "CREATE FUNCTION in_app() RETURNS int LANGUAGE sql AS 'SELECT 1';\n");
  EXPECT_TRUE(r.problems.empty()) << r.problems[0];
  EXPECT_NE(Fn(r, "app.MixedCase()"), nullptr);
  EXPECT_NE(Fn(r, "public.upper_case()"), nullptr);
  EXPECT_NE(Fn(r, "public." + std::string(63, 'f') + "()"), nullptr);
  EXPECT_NE(Fn(r, "app.in_app()"), nullptr);
}

TEST(ReplayFunction, MissingTypesSchemasAndLanguagesAreReported) {
  auto r = ReplayPg(R"SQL(
CREATE FUNCTION f(m mood) RETURNS int LANGUAGE sql AS 'SELECT 1';
CREATE FUNCTION g() RETURNS nope LANGUAGE sql AS 'SELECT 1';
CREATE FUNCTION nowhere.h() RETURNS int LANGUAGE sql AS 'SELECT 1';
CREATE FUNCTION py() RETURNS int LANGUAGE plpython3u AS 'return 1';
CREATE FUNCTION col(x users.id%TYPE) RETURNS int LANGUAGE sql AS 'SELECT 1';
)SQL");
  ASSERT_EQ(r.problems.size(), 5u);
  EXPECT_TRUE(HasProblem(r, "SCH402", "type public.mood does not exist"));
  EXPECT_TRUE(HasProblem(r, "SCH402", "type public.nope does not exist"));
  EXPECT_TRUE(HasProblem(r, "SCH402", "schema nowhere does not exist"));
  EXPECT_TRUE(HasProblem(r, "SCH402", "language plpython3u does not exist"));
  EXPECT_TRUE(HasProblem(r, "SCH402", "column public.users.id does not exist"));
  EXPECT_TRUE(r.catalog.functions.empty());
}

TEST(ReplayFunction, ExtensionsGiveUnknownTypesAndLanguagesTheBenefitOfTheDoubt) {
  auto r = ReplayPg(R"SQL(
CREATE EXTENSION plpython3u;
CREATE FUNCTION py(v citext) RETURNS int LANGUAGE plpython3u AS 'return 1';
)SQL");
  EXPECT_TRUE(r.problems.empty()) << r.problems[0];
  EXPECT_NE(Fn(r, "public.py(public.citext)"), nullptr);
}

TEST(ReplayFunction, PercentTypeArgumentsTakeTheColumnType) {
  auto r = ReplayPg(R"SQL(
CREATE TABLE users (id bigint, email varchar(100));
CREATE FUNCTION by_email(e users.email%TYPE) RETURNS users.id%TYPE LANGUAGE sql AS 'SELECT 1::bigint';
)SQL");
  ASSERT_TRUE(r.problems.empty()) << r.problems[0];
  const model::Function* f = Fn(r, "public.by_email(character varying)");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->returns, "bigint");
}

// ---- ALTER FUNCTION ----------------------------------------------------------------------------

TEST(ReplayFunction, AlterFunctionChangesAttributes) {
  auto r = ReplayPg(Set{
      "CREATE FUNCTION f(int) RETURNS int LANGUAGE sql AS 'SELECT 1';",
      "ALTER FUNCTION f(int) IMMUTABLE STRICT SECURITY DEFINER SET search_path = public COST 5;\n"
      "ALTER FUNCTION f SECURITY INVOKER CALLED ON NULL INPUT;\n"
      "ALTER ROUTINE public.f(integer) STABLE;"});
  ASSERT_TRUE(r.problems.empty()) << r.problems[0];
  const model::Function* f = Fn(r, "public.f(integer)");
  EXPECT_EQ(f->volatility, "STABLE");
  EXPECT_FALSE(f->strict);
  EXPECT_FALSE(f->security_definer);
  for (size_t i = 1; i < 4; ++i) {
    const auto& st = r.statements[i];
    EXPECT_EQ(st.kind, StatementKind::kDdl);
    EXPECT_TRUE(st.retry_safe);
    ASSERT_EQ(st.changes.size(), 1u);
    EXPECT_EQ(st.changes[0].op, ChangeOp::kAlter);
    EXPECT_EQ(st.changes[0].object.kind, ObjectKind::kFunction);
    EXPECT_TRUE(st.changes[0].on_existing);
  }
}

TEST(ReplayFunction, AlterMissingOrAmbiguousFunctionFails) {
  auto r = ReplayPg(R"SQL(
ALTER FUNCTION nope(int) IMMUTABLE;
CREATE FUNCTION f(int) RETURNS int LANGUAGE sql AS 'SELECT 1';
CREATE FUNCTION f(text) RETURNS int LANGUAGE sql AS 'SELECT 1';
ALTER FUNCTION f IMMUTABLE;
ALTER FUNCTION f(bigint) IMMUTABLE;
ALTER PROCEDURE f(int) SECURITY DEFINER;
)SQL");
  ASSERT_EQ(r.problems.size(), 4u);
  EXPECT_TRUE(HasProblem(r, "SCH402", "function public.nope(integer) does not exist"));
  EXPECT_TRUE(HasProblem(r, "SCH401", "function name public.f is not unique"));
  EXPECT_TRUE(HasProblem(r, "SCH402", "function public.f(bigint) does not exist"));
  EXPECT_TRUE(HasProblem(r, "SCH402", "procedure public.f(integer) does not exist"));
}

// ---- DROP FUNCTION -----------------------------------------------------------------------------

TEST(ReplayFunction, DropFunctionByNameOrSignature) {
  auto r =
      ReplayPg(Set{"CREATE FUNCTION f(int) RETURNS int LANGUAGE sql AS 'SELECT 1';\n"
                   "CREATE FUNCTION g(a int, OUT b text) LANGUAGE sql AS 'SELECT ''x''';\n"
                   "CREATE PROCEDURE p(INOUT a int, OUT b int) LANGUAGE sql AS 'SELECT 1, 2';",
                   "DROP FUNCTION f;\n"
                   "DROP FUNCTION IF EXISTS g(int, OUT text);\n"
                   "DROP PROCEDURE p(int, int);"});
  EXPECT_TRUE(r.problems.empty()) << r.problems[0];
  EXPECT_TRUE(r.catalog.functions.empty());
  const auto& drop_f = r.statements[3];
  EXPECT_EQ(drop_f.kind, StatementKind::kDdl);
  EXPECT_FALSE(drop_f.retry_safe);
  ASSERT_EQ(drop_f.changes.size(), 1u);
  EXPECT_EQ(drop_f.changes[0].op, ChangeOp::kDrop);
  EXPECT_EQ(drop_f.changes[0].object.kind, ObjectKind::kFunction);
  EXPECT_EQ(drop_f.changes[0].object.name, (QualifiedName{"public", "f"}));
  EXPECT_TRUE(drop_f.changes[0].on_existing);
  EXPECT_TRUE(r.statements[4].retry_safe);
  EXPECT_TRUE(r.statements[4].changes[0].guarded);
  EXPECT_FALSE(r.statements[5].retry_safe);  // a procedure named by all its arguments
  EXPECT_EQ(r.statements[5].changes.size(), 1u);
}

TEST(ReplayFunction, DropOneOverload) {
  auto r = ReplayPg(R"SQL(
CREATE FUNCTION f(int) RETURNS int LANGUAGE sql AS 'SELECT 1';
CREATE FUNCTION f(text) RETURNS int LANGUAGE sql AS 'SELECT 1';
DROP FUNCTION f;
DROP FUNCTION f(text);
DROP FUNCTION f(varchar);
)SQL");
  ASSERT_EQ(r.problems.size(), 2u);
  EXPECT_TRUE(HasProblem(r, "SCH401", "function name public.f is not unique"));
  EXPECT_TRUE(HasProblem(r, "SCH402", "function public.f(character varying) does not exist"));
  ASSERT_EQ(r.catalog.functions.size(), 1u);
  EXPECT_NE(Fn(r, "public.f(integer)"), nullptr);
}

TEST(ReplayFunction, DropMissingFunction) {
  auto r = ReplayPg(R"SQL(
DROP FUNCTION nope;
DROP FUNCTION IF EXISTS nope;
DROP FUNCTION IF EXISTS nope(int, text);
CREATE PROCEDURE p() LANGUAGE sql AS '';
DROP FUNCTION IF EXISTS p;
DROP FUNCTION p();
)SQL");
  ASSERT_EQ(r.problems.size(), 2u);
  EXPECT_TRUE(HasProblem(r, "SCH402", "function public.nope does not exist"));
  // With an argument list the procedure is found, and DROP FUNCTION fails even with IF EXISTS.
  EXPECT_TRUE(HasProblem(r, "SCH402", "public.p() is a procedure"));
  EXPECT_TRUE(r.statements[1].changes.empty());
  EXPECT_TRUE(r.statements[1].problems.empty());
  EXPECT_TRUE(r.statements[1].retry_safe);
  EXPECT_TRUE(r.statements[4].problems.empty());  // name alone: only functions are looked at
  EXPECT_NE(Fn(r, "public.p()"), nullptr);
}

TEST(ReplayFunction, DropFunctionUsedByTriggers) {
  auto r = ReplayPg(Set{R"SQL(
CREATE TABLE t (a int);
CREATE FUNCTION trg() RETURNS trigger LANGUAGE plpgsql AS 'begin return new; end';
CREATE TRIGGER t_a BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION trg();
CREATE TRIGGER t_b AFTER UPDATE ON t FOR EACH ROW EXECUTE PROCEDURE trg();
)SQL",
                        "DROP FUNCTION trg();\nDROP FUNCTION trg() CASCADE;"});
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_TRUE(HasProblem(
      r, "SCH401", "trigger t_a on public.t, trigger t_b on public.t still exists and depends"))
      << r.problems[0];
  const auto& cascade = r.statements[5];
  ASSERT_EQ(cascade.changes.size(), 3u);
  EXPECT_EQ(cascade.changes[0].object.kind, ObjectKind::kFunction);
  EXPECT_TRUE(cascade.changes[0].cascade);
  EXPECT_EQ(cascade.changes[1].op, ChangeOp::kDrop);
  EXPECT_EQ(cascade.changes[1].object.kind, ObjectKind::kTrigger);
  EXPECT_EQ(cascade.changes[1].object.name, (QualifiedName{"public", "t"}));
  EXPECT_EQ(cascade.changes[1].object.member, "t_a");
  EXPECT_TRUE(cascade.changes[1].cascade);
  EXPECT_TRUE(cascade.changes[1].on_existing);
  EXPECT_EQ(cascade.changes[2].object.member, "t_b");
  EXPECT_TRUE(r.catalog.functions.empty());
  EXPECT_TRUE(r.catalog.tables.at({"public", "t"}).triggers.empty());
}

TEST(ReplayFunction, DropFunctionUsedByExpressions) {
  auto r = ReplayPg(Set{
      R"SQL(
CREATE FUNCTION two(x int) RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT x * 2';
CREATE TABLE t (a int DEFAULT two(1), b int GENERATED ALWAYS AS (two(a)) STORED,
                c int CHECK (two(c) > 0), d int);
CREATE INDEX t_two_idx ON t (two(d));
CREATE INDEX t_d_idx ON t (d) WHERE two(d) > 1;
CREATE INDEX t_b_idx ON t (b);
CREATE POLICY p ON t USING (two(a) > 0);
CREATE VIEW v AS SELECT two(a) FROM t;
CREATE VIEW v2 AS SELECT * FROM v;
CREATE VIEW plain AS SELECT a FROM t;
)SQL",
      "DROP FUNCTION two(int);\nDROP FUNCTION public.two CASCADE;"});
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_TRUE(
      HasProblem(r, "SCH401",
                 "default value for column a of table public.t, column b of table public.t, "
                 "constraint t_c_check on table public.t, policy p on table public.t"))
      << r.problems[0];
  EXPECT_NE(r.problems[0].find("view public.v,"), std::string::npos) << r.problems[0];
  EXPECT_NE(r.problems[0].find("index public.t_d_idx, index public.t_two_idx still exists"),
            std::string::npos)
      << r.problems[0];
  const model::Table& t = r.catalog.tables.at({"public", "t"});
  ASSERT_EQ(t.columns.size(), 3u);  // b is dropped
  EXPECT_EQ(t.columns[0].name, "a");
  EXPECT_FALSE(t.columns[0].default_expr);
  EXPECT_TRUE(t.constraints.empty());
  EXPECT_TRUE(t.policies.empty());
  EXPECT_TRUE(r.catalog.indexes.empty());
  ASSERT_EQ(r.catalog.views.size(), 1u);
  EXPECT_TRUE(r.catalog.views.count({"public", "plain"}));
  EXPECT_TRUE(r.catalog.functions.empty());
  const auto& cascade = r.statements.back();
  std::vector<std::string> dropped;
  for (const model::Change& c : cascade.changes) {
    dropped.push_back(std::string(model::ObjectKindName(c.object.kind)) + " " +
                      c.object.ToString());
    EXPECT_TRUE(c.cascade);
  }
  EXPECT_EQ(dropped, (std::vector<std::string>{
                         "function public.two", "view public.v", "view public.v2",
                         "column public.t.a", "column public.t.b", "constraint public.t.t_c_check",
                         "policy public.t.p", "index public.t_d_idx", "index public.t_two_idx"}));
}

// ---- Running code ------------------------------------------------------------------------------

TEST(ReplayFunction, SelectOfAFunctionRunningDdlIsUnmodelled) {
  auto r = ReplayPg(R"SQL(
CREATE FUNCTION make_part(d date) RETURNS void LANGUAGE plpgsql AS $$
begin
  -- drop nothing here
  raise notice 'creating partition';
  execute format('CREATE TABLE %I PARTITION OF events FOR VALUES FROM (%L) TO (%L)', 'e', d, d + 1);
end $$;
CREATE FUNCTION setup() RETURNS void LANGUAGE sql AS 'CREATE TABLE x (a int); ALTER TABLE x ADD COLUMN b int';
CREATE FUNCTION calls_setup() RETURNS void LANGUAGE plpgsql AS 'begin perform setup(); end';
SELECT make_part('2024-01-01');
SELECT setup(), 1;
SELECT public.calls_setup();
SELECT * FROM make_part('2024-01-01'::date);
)SQL");
  ASSERT_TRUE(r.problems.empty()) << r.problems[0];
  const auto& s1 = r.statements[3];
  EXPECT_EQ(s1.kind, StatementKind::kUnmodeled);
  EXPECT_EQ(s1.unmodeled_reason,
            "calls function public.make_part(date) whose body runs EXECUTE (dynamic SQL); "
            "its effect on "
            "the schema is not modelled");
  EXPECT_EQ(r.statements[4].kind, StatementKind::kUnmodeled);
  EXPECT_EQ(r.statements[4].unmodeled_reason,
            "calls function public.setup() whose body runs CREATE TABLE, ALTER TABLE; its "
            "effect on the "
            "schema is not modelled");
  EXPECT_EQ(r.statements[5].kind, StatementKind::kUnmodeled);
  EXPECT_NE(
      r.statements[5].unmodeled_reason.find("calls function public.calls_setup() whose body runs "
                                            "calls public.setup(), which runs CREATE TABLE"),
      std::string::npos)
      << r.statements[5].unmodeled_reason;
  EXPECT_EQ(r.statements[6].kind, StatementKind::kUnmodeled);
}

TEST(ReplayFunction, SelectOfFunctionsWithoutDdlIsData) {
  auto r = ReplayPg(R"SQL(
CREATE TABLE log (msg text);
CREATE FUNCTION note(m text) RETURNS void LANGUAGE sql AS $$ INSERT INTO log VALUES ('create table? no: ' || m) $$;
CREATE FUNCTION quoted() RETURNS int LANGUAGE plpgsql AS 'begin return (select count(*) from "drop"); end';
SELECT note('x');
SELECT quoted();
SELECT now(), pg_advisory_lock(1);
SELECT setval('s', 10);
SELECT count(*) FROM log;
CALL unknown_ext_proc();
)SQL");
  for (size_t i = 3; i < 8; ++i) {
    EXPECT_EQ(r.statements[i].kind, StatementKind::kData)
        << i << " " << r.statements[i].unmodeled_reason;
    EXPECT_TRUE(r.statements[i].changes.empty());
  }
  // CALL of a procedure that does not exist (no extension could provide it).
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_TRUE(HasProblem(r, "SCH402", "procedure public.unknown_ext_proc does not exist"));
}

TEST(ReplayFunction, CallOfAProcedure) {
  auto r = ReplayPg(R"SQL(
CREATE TABLE t (a int);
CREATE PROCEDURE fill(n int) LANGUAGE sql AS 'INSERT INTO t VALUES (1)';
CREATE PROCEDURE migrate() LANGUAGE plpgsql AS $$ begin ALTER TABLE t ADD COLUMN b int; commit; end $$;
CALL fill(3);
CALL migrate();
)SQL");
  ASSERT_TRUE(r.problems.empty()) << r.problems[0];
  EXPECT_EQ(r.statements[3].kind, StatementKind::kData);
  EXPECT_EQ(r.statements[4].kind, StatementKind::kUnmodeled);
  EXPECT_EQ(r.statements[4].tag, "CALL");
  EXPECT_EQ(r.statements[4].unmodeled_reason,
            "calls procedure public.migrate() whose body runs ALTER TABLE; its effect on the "
            "schema is not "
            "modelled");
}

TEST(ReplayFunction, SetConfigSearchPathIsASessionChange) {
  auto r = ReplayPg(R"SQL(
CREATE SCHEMA app;
SELECT pg_catalog.set_config('search_path', 'app, public', false);
CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1';
)SQL");
  ASSERT_TRUE(r.problems.empty()) << r.problems[0];
  EXPECT_EQ(r.statements[1].kind, StatementKind::kSession);
  EXPECT_NE(Fn(r, "app.f()"), nullptr);
}

TEST(ReplayFunction, DoBlockWithDdlIsUnmodelled) {
  auto r = ReplayPg(R"SQL(
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_type WHERE typname = 'mood') THEN
    CREATE TYPE mood AS ENUM ('sad', 'happy');
  END IF;
  EXECUTE 'ALTER TABLE t ADD COLUMN x int';
END $$;
DO LANGUAGE plpgsql 'begin drop index if exists i; create unique index i on t (a); end';
)SQL");
  ASSERT_TRUE(r.problems.empty());
  EXPECT_EQ(r.statements[0].kind, StatementKind::kUnmodeled);
  EXPECT_EQ(r.statements[0].tag, "DO");
  EXPECT_EQ(r.statements[0].unmodeled_reason,
            "DO block: its effect on the schema is not modelled (its plpgsql body runs CREATE "
            "TYPE, EXECUTE "
            "(dynamic SQL))");
  EXPECT_EQ(r.statements[1].unmodeled_reason,
            "DO block: its effect on the schema is not modelled (its plpgsql body runs DROP INDEX, "
            "CREATE INDEX)");
  EXPECT_TRUE(r.statements[0].changes.empty());
}

TEST(ReplayFunction, DoBlockCallingADdlFunctionIsUnmodelled) {
  auto r = ReplayPg(R"SQL(
CREATE FUNCTION setup() RETURNS void LANGUAGE plpgsql AS 'begin create table x (a int); end';
DO $$ begin perform setup(); end $$;
)SQL");
  EXPECT_EQ(r.statements[1].kind, StatementKind::kUnmodeled);
  EXPECT_EQ(r.statements[1].unmodeled_reason,
            "DO block: its effect on the schema is not modelled (its plpgsql body runs calls "
            "public.setup(), which "
            "runs CREATE TABLE)");
}

TEST(ReplayFunction, DoBlockWithoutDdlIsData) {
  auto r = ReplayPg(R"SQL(
CREATE TABLE t (a int, created_at timestamptz);
DO $$
DECLARE
  drop_count int := 0;  -- an identifier, not a keyword
BEGIN
  RAISE NOTICE 'will not create or drop anything: %', drop_count;
  INSERT INTO t (a) VALUES (1);
  UPDATE t SET created_at = now() WHERE "create" IS NULL;
  /* ALTER nothing */
END $$;
)SQL");
  const auto& st = r.statements[1];
  EXPECT_EQ(st.kind, StatementKind::kData);
  EXPECT_EQ(st.unmodeled_reason,
            "DO block without CREATE, ALTER, DROP, COMMENT ON or EXECUTE in its body and without "
            "calls of "
            "functions that run DDL: treated as data");
  EXPECT_TRUE(st.changes.empty());
  EXPECT_TRUE(st.problems.empty());
}

}  // namespace
}  // namespace sse
