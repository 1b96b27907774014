#include "dialects/sqlite/db.hpp"

namespace sse::sqlite {

std::string LastError(sqlite3* db) {
  const char* msg = db ? sqlite3_errmsg(db) : nullptr;
  return msg ? msg : "out of memory";
}

Result<std::vector<Row>> Query(sqlite3* db, std::string_view sql,
                               const std::vector<std::string>& params) {
  sqlite3_stmt* raw = nullptr;
  if (sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &raw, nullptr) !=
      SQLITE_OK) {
    return Error(ErrorCode::kQuery, LastError(db));
  }
  Stmt st(raw);
  for (size_t i = 0; i < params.size(); ++i) {
    sqlite3_bind_text(raw, static_cast<int>(i + 1), params[i].data(),
                      static_cast<int>(params[i].size()), SQLITE_TRANSIENT);
  }
  std::vector<Row> rows;
  int cols = sqlite3_column_count(raw);
  for (;;) {
    int rc = sqlite3_step(raw);
    if (rc == SQLITE_DONE) break;
    if (rc != SQLITE_ROW) return Error(ErrorCode::kQuery, LastError(db));
    Row row(static_cast<size_t>(cols));
    for (int c = 0; c < cols; ++c) {
      if (sqlite3_column_type(raw, c) == SQLITE_NULL) continue;
      const unsigned char* text = sqlite3_column_text(raw, c);
      int n = sqlite3_column_bytes(raw, c);
      row[static_cast<size_t>(c)] =
          std::string(reinterpret_cast<const char*>(text), static_cast<size_t>(n));
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

Status Exec(sqlite3* db, std::string_view sql) {
  auto rows = Query(db, sql);
  if (!rows.ok()) return std::move(rows).error();
  return {};
}

}  // namespace sse::sqlite
