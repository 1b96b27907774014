#pragma once
/// What the SQLite inspector reads about an ordinary table, in the shape of SQLite's pragmas
/// (table_xinfo, index_list with index_xinfo, foreign_key_list), from either of two sources: the
/// pragmas, or the CREATE texts of the table and of its indexes (TableRowsFromText).
///
/// SQLite builds its in-memory schema, which the pragmas report, by parsing those texts when it
/// opens a database, so reading them gives the same rows without the pragmas' cost (each
/// pragma_* table-valued function prepares a PRAGMA statement for every table or index it
/// visits). TableRowsFromText follows SQLite 3.40's rules (types and defaults as written, NOT
/// NULL of the PRIMARY KEY columns of WITHOUT ROWID and STRICT tables, INTEGER PRIMARY KEY
/// aliases, the automatic indexes of PRIMARY KEY and UNIQUE constraints with SQLite's merging of
/// equal ones, collations inherited from the column, declaration order of foreign keys) and gives
/// up (nullopt) on any text it does not follow in full, for the caller to read the pragmas.

#include <sqlite3.h>

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/util/result.hpp"
#include "dialects/sqlite/normalize.hpp"

namespace sse::sqlite {

/// A row of pragma table_xinfo.
struct ColumnRow {
  long long cid = 0;
  std::string name;
  std::string type;
  bool not_null = false;
  std::optional<std::string> default_value;
  long long pk = 0;      ///< position in the PRIMARY KEY, from 1; 0 when not in it
  long long hidden = 0;  ///< 1 hidden (virtual tables), 2 generated VIRTUAL, 3 generated STORED
  bool operator==(const ColumnRow&) const = default;
};

/// A row of pragma index_list with the index's key columns (pragma index_xinfo, key = 1).
struct IndexRow {
  struct Key {
    long long cid = 0;   ///< -1 the rowid, -2 an expression
    std::string column;  ///< "" for the rowid or an expression
    bool desc = false;
    std::string coll;  ///< collation name, "BINARY" when none
    bool operator==(const Key&) const = default;
  };
  std::string name;
  bool unique = false;
  std::string origin;  ///< c (CREATE INDEX), u (UNIQUE), pk (PRIMARY KEY)
  bool partial = false;
  std::vector<Key> keys;
  bool operator==(const IndexRow&) const = default;
};

/// A row of pragma foreign_key_list.
struct ForeignKeyRow {
  long long id = 0;  ///< 0 for the last foreign key declared
  long long seq = 0;
  std::string table;
  std::string from;
  std::optional<std::string> to;  ///< nullopt: REFERENCES without a column list
  std::string on_update;          ///< NO ACTION, CASCADE, SET NULL, SET DEFAULT, RESTRICT
  std::string on_delete;
  std::string match;
  bool operator==(const ForeignKeyRow&) const = default;
};

/// The rows of one table: columns by cid, indexes by name, foreign keys by (id, seq).
struct TableRows {
  std::vector<ColumnRow> columns;
  std::vector<IndexRow> indexes;
  std::vector<ForeignKeyRow> foreign_keys;
  bool operator==(const TableRows&) const = default;
};

/// An index of the table as sqlite_schema lists it.
struct IndexText {
  std::string_view name;
  const ParsedIndex* parsed = nullptr;  ///< the parsed CREATE INDEX; nullptr for sqlite_autoindex_*
};

/// The rows the pragmas give for the ordinary table `table` (its name as sqlite_schema has it),
/// from its parsed CREATE TABLE text and its indexes; nullopt when a text holds something this
/// does not follow. DESC is taken as written: SQLite ignores it in the legacy schema format 1-3.
std::optional<TableRows> TableRowsFromText(std::string_view table, const ParsedTable& parsed,
                                           const std::vector<IndexText>& indexes);

/// The rows of one table from the pragmas (three queries).
Result<TableRows> TableRowsFromPragmas(sqlite3* db, const std::string& table);

/// The rows of every ordinary (not virtual) table from the pragmas, in a fixed number of
/// queries, by table name.
Result<std::map<std::string, TableRows>> AllTableRowsFromPragmas(sqlite3* db);

}  // namespace sse::sqlite
