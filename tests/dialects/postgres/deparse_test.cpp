// DeparseExpr writes the simplest expressions itself (constants, column references, calls
// without arguments); each must come out exactly as libpg_query's deparser writes it, because
// the model compares expressions as text and both paths feed it.

#include <gtest/gtest.h>

#include "dialects/postgres/parse.hpp"

namespace sse::pg {
namespace {

class DeparseBothWays : public ::testing::TestWithParam<const char*> {};

TEST_P(DeparseBothWays, DirectAndLibraryAgree) {
  std::string sql = std::string("SELECT ") + GetParam();
  ParsedText parsed = ParseSql(sql);
  ASSERT_EQ(parsed.statements.size(), 1u) << sql;
  const PgQuery__Node* stmt = parsed.statements[0].node;
  ASSERT_NE(stmt, nullptr) << parsed.statements[0].error;
  ASSERT_EQ(stmt->node_case, PG_QUERY__NODE__NODE_SELECT_STMT);
  ASSERT_EQ(stmt->select_stmt->n_target_list, 1u);
  const PgQuery__Node* expr = stmt->select_stmt->target_list[0]->res_target->val;
  std::string library = DeparseExprWithLibrary(expr);
  EXPECT_FALSE(library.empty()) << sql;
  // Twice: the second call answers identifiers from the cache.
  EXPECT_EQ(DeparseExpr(expr), library) << sql;
  EXPECT_EQ(DeparseExpr(expr), library) << sql;
}

INSTANTIATE_TEST_SUITE_P(
    Expressions, DeparseBothWays,
    ::testing::Values(
        // constants
        "0", "42", "-1", "2147483647", "-2147483648", "2147483648", "9223372036854775807", "1.5",
        "-2.5", "1e10", ".5", "true", "false", "NULL", "''", "'abc'", "'it''s'", "'a\\b'",
        "E'a\\\\b'", "E'tab\\there'", "'ünïcödé'", "'with \"double\" quotes'", "'50%'", "x'1F'",
        "b'101'",
        // column references: plain, keywords, upper case, qualified
        "col", "created_at", "\"User\"", "\"user\"", "\"order\"", "\"select\"", "\"name\"",
        "\"type\"", "\"value\"", "t.col", "public.t.col", "\"Mixed\".\"Col\"", "\"a b\"",
        "\"with\"\"quote\"", "_x1", "\"1abc\"", "\"ünï\"", "t.*",
        // calls without arguments
        "now()", "pg_catalog.now()", "gen_random_uuid()", "uuid_generate_v4()", "\"MyFunc\"()",
        "public.\"Next\"()", "\"left\"()", "random()", "clock_timestamp()",
        // what stays with the library
        "CURRENT_TIMESTAMP", "CURRENT_TIMESTAMP(3)", "count(*)", "nextval('s'::regclass)",
        "'a'::text", "now() AT TIME ZONE 'utc'", "(1 + 2)", "-x", "ARRAY[1, 2]", "'{}'::jsonb",
        "coalesce(a, b)", "a = ANY (b)"));

}  // namespace
}  // namespace sse::pg
