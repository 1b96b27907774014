#include "tests/support/pg_replay.hpp"

#include "core/migrations/reader_util.hpp"
#include "dialects/postgres/postgres.hpp"

namespace sse::testing {

PgReplay ReplayPg(const std::vector<std::string>& migrations) {
  MigrationSet set;
  set.tool = Tool::kGolangMigrate;
  set.dialect = "postgres";
  for (size_t i = 0; i < migrations.size(); ++i) {
    Migration m;
    m.id = std::to_string(i + 1);
    m.path = "m/" + m.id + "_test.up.sql";
    m.file = std::make_shared<const SourceFile>(m.path, migrations[i]);
    m.tx = TxShape::kImplicitMulti;
    FillSqlStatements(m, "postgres");
    set.migrations.push_back(std::move(m));
  }
  LinkInOrder(set.migrations);
  pg::PostgresReplayer replayer;
  model::SetReplay r = replayer.Replay(set);
  PgReplay out;
  out.catalog = std::move(r.catalog);
  for (auto& m : r.migrations) {
    for (auto& s : m.statements) {
      for (const auto& p : s.problems) out.problems.push_back(p.code + ": " + p.message);
      out.statements.push_back(std::move(s));
    }
  }
  return out;
}

}  // namespace sse::testing
