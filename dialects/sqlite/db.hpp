#pragma once
/// Small RAII helpers over the sqlite3 C API shared by the SQLite replayer and inspector.

#include <sqlite3.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/util/result.hpp"

namespace sse::sqlite {

struct DbCloser {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
/// An open connection, closed when it goes out of scope.
using Db = std::unique_ptr<sqlite3, DbCloser>;

struct StmtFinalizer {
  void operator()(sqlite3_stmt* st) const { sqlite3_finalize(st); }
};
using Stmt = std::unique_ptr<sqlite3_stmt, StmtFinalizer>;

/// One result row, every column as text (NULL = nullopt).
using Row = std::vector<std::optional<std::string>>;

/// Runs one statement with text parameters bound in order; returns its rows. Errors carry
/// SQLite's message (ErrorCode::kQuery).
Result<std::vector<Row>> Query(sqlite3* db, std::string_view sql,
                               const std::vector<std::string>& params = {});

/// Runs SQL that returns nothing worth reading (BEGIN, COMMIT, PRAGMA x = y).
Status Exec(sqlite3* db, std::string_view sql);

/// The connection's last error message.
std::string LastError(sqlite3* db);

}  // namespace sse::sqlite
