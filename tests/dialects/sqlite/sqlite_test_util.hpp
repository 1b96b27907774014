#pragma once
// Helpers for the SQLite dialect tests: migration sets built in memory, database files written
// with the sqlite3 library.

#include <sqlite3.h>

#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/migrations/migration.hpp"
#include "core/migrations/sql_split.hpp"
#include "core/util/fs.hpp"

namespace sse::testing {

/// One migration of `text` with the tool's chunks: Drizzle splits on the breakpoint, D1 sends one
/// statement per batch entry, the others send the file.
inline Migration SqliteMigration(const std::string& id, const std::string& text,
                                 Tool tool = Tool::kSql) {
  Migration m;
  m.id = id;
  m.path = id + ".sql";
  m.file = std::make_shared<SourceFile>(m.path, text);
  Span all{0, static_cast<uint32_t>(text.size())};
  m.body = all;
  switch (tool) {
    case Tool::kDrizzle:
      m.chunks = SplitOnMarker(text, all, "--> statement-breakpoint");
      m.tx = TxShape::kWholeRun;
      break;
    case Tool::kD1:
      m.chunks = SplitSqlStatements(text, all, SqlLexMode::kSqlite);
      m.tx = TxShape::kAtomicBatch;
      break;
    case Tool::kFlyway:
      m.tx = TxShape::kPerMigration;
      break;
    default:
      m.tx = TxShape::kPerStatement;
      break;
  }
  return m;
}

inline MigrationSet SqliteSet(const std::vector<std::string>& texts, Tool tool = Tool::kSql,
                              const std::string& dialect = "sqlite") {
  MigrationSet set;
  set.tool = tool;
  set.dialect = dialect;
  for (size_t i = 0; i < texts.size(); ++i) {
    set.migrations.push_back(SqliteMigration("m" + std::to_string(i), texts[i], tool));
  }
  return set;
}

/// Creates (or opens) a database file and runs `sql` on it.
inline void MakeDb(const fs::path& file, const std::string& sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(file.c_str(), &db), SQLITE_OK);
  char* err = nullptr;
  int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err);
  std::string message = err ? err : "";
  sqlite3_free(err);
  sqlite3_close(db);
  ASSERT_EQ(rc, SQLITE_OK) << message;
}

}  // namespace sse::testing
