#include "dialects/sqlite/inspect_text.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>

#include <fmt/format.h>

#include "core/util/strings.hpp"
#include "dialects/sqlite/db.hpp"

namespace sse::sqlite {

namespace {

std::string Str(const std::optional<std::string>& v) { return v ? *v : std::string(); }
long long Int(const std::optional<std::string>& v) { return v ? std::atoll(v->c_str()) : 0; }

/// An automatic index being built (sqlite3CreateIndex for a PRIMARY KEY or UNIQUE constraint).
struct AutoIndex {
  std::vector<int> cids;
  std::vector<std::string> colls;
  std::vector<bool> desc;
  bool primary = false;
};

struct TextReader {
  std::string_view table;
  const ParsedTable& p;
  int ipk = -1;  // the INTEGER PRIMARY KEY column (the rowid alias while parsing), -1 when none

  int FindColumn(std::string_view name) const {
    for (size_t i = 0; i < p.columns.size(); ++i) {
      if (IEquals(p.columns[i].name, name)) return static_cast<int>(i);
    }
    return -1;
  }

  std::string ColumnColl(int c) const {
    const std::string& coll = p.columns[static_cast<size_t>(c)].collation;
    return coll.empty() ? "BINARY" : coll;
  }

  /// The automatic index of a key constraint; nullopt when a column is unknown or repeated.
  std::optional<AutoIndex> KeyIndex(const ParsedKey& k, bool primary) const {
    AutoIndex a;
    a.primary = primary;
    for (size_t j = 0; j < k.columns.size(); ++j) {
      int c = FindColumn(k.columns[j]);
      if (c < 0 || std::find(a.cids.begin(), a.cids.end(), c) != a.cids.end()) return std::nullopt;
      a.cids.push_back(c);
      a.colls.push_back(j < k.collations.size() && !k.collations[j].empty() ? k.collations[j]
                                                                            : ColumnColl(c));
      a.desc.push_back(j < k.descending.size() && k.descending[j]);
    }
    if (a.cids.empty()) return std::nullopt;
    return a;
  }

  /// Adds `a` unless an equal index (same columns in the same order, same collations) exists:
  /// SQLite then keeps the first, which becomes the PRIMARY KEY's if `a` is.
  static void AddAuto(std::vector<AutoIndex>& autos, AutoIndex a) {
    for (AutoIndex& e : autos) {
      if (e.cids != a.cids) continue;
      bool same = true;
      for (size_t k = 0; k < e.colls.size(); ++k) same = same && IEquals(e.colls[k], a.colls[k]);
      if (!same) continue;
      if (a.primary) e.primary = true;
      return;
    }
    autos.push_back(std::move(a));
  }

  std::optional<IndexRow> ExplicitIndex(std::string_view name, const ParsedIndex& pi) const {
    if (!pi.ok || !pi.fully_read || pi.keys.empty()) return std::nullopt;
    IndexRow r;
    r.name = std::string(name);
    r.unique = pi.unique;
    r.origin = "c";
    r.partial = !pi.predicate.empty();
    for (const ParsedIndexKey& k : pi.keys) {
      IndexRow::Key key;
      key.desc = k.descending;
      if (k.is_column) {
        int c = FindColumn(k.expression);
        if (c < 0) return std::nullopt;  // SQLite refuses the rowid; a string in double quotes
        key.cid = c;
        key.column = p.columns[static_cast<size_t>(c)].name;
        key.coll = !k.collation.empty() ? k.collation : ColumnColl(c);
      } else {
        // (a) and a COLLATE x COLLATE y name the column a in SQLite: left to the pragmas.
        if (k.expression.find("COLLATE") != std::string::npos || Tokenize(k.expression).size() < 2)
          return std::nullopt;
        key.cid = -2;
        key.coll = k.collation.empty() ? "BINARY" : k.collation;
      }
      r.keys.push_back(std::move(key));
    }
    return r;
  }

  std::optional<TableRows> Read(const std::vector<IndexText>& indexes) {
    if (!p.ok || !p.fully_read || p.is_virtual || p.columns.empty()) return std::nullopt;
    const size_t n = p.columns.size();
    for (size_t i = 0; i < n; ++i) {
      const ParsedColumn& c = p.columns[i];
      if (c.name.empty() || FindColumn(c.name) != static_cast<int>(i)) return std::nullopt;
      // A quoted type reads differently across SQLite versions.
      if (c.declared_type.find_first_of("'\"`[") != std::string::npos) return std::nullopt;
    }

    // PRIMARY KEY: its columns, and whether it is the rowid alias (sqlite3AddPrimaryKey).
    std::vector<int> pk;
    if (p.primary_key) {
      for (const std::string& name : p.primary_key->columns) {
        int c = FindColumn(name);
        if (c < 0 || std::find(pk.begin(), pk.end(), c) != pk.end()) return std::nullopt;
        pk.push_back(c);
      }
      const ParsedKey& k = *p.primary_key;
      bool desc = k.column_level && !k.descending.empty() && k.descending[0];
      if (pk.size() == 1 &&
          IEquals(p.columns[static_cast<size_t>(pk[0])].declared_type, "INTEGER") && !desc)
        ipk = pk[0];
    } else if (p.without_rowid) {
      return std::nullopt;
    }

    TableRows out;
    for (size_t i = 0; i < n; ++i) {
      const ParsedColumn& c = p.columns[i];
      ColumnRow r;
      r.cid = static_cast<long long>(i);
      r.name = c.name;
      r.type = c.declared_type;
      auto at = std::find(pk.begin(), pk.end(), static_cast<int>(i));
      bool in_pk = at != pk.end();
      r.not_null =
          c.not_null || (in_pk && (p.without_rowid || (p.strict && static_cast<int>(i) != ipk)));
      if (c.generated) {
        r.hidden = c.generated_stored ? 3 : 2;
      } else {
        r.default_value = c.default_text;
      }
      if (in_pk) r.pk = ipk >= 0 ? 1 : (at - pk.begin()) + 1;
      out.columns.push_back(std::move(r));
    }

    // Automatic indexes, in the order SQLite creates them: the constraints in text order, the
    // INTEGER PRIMARY KEY of a WITHOUT ROWID table last, none for a rowid alias.
    std::vector<const ParsedKey*> keys;
    if (p.primary_key) keys.push_back(&*p.primary_key);
    for (const ParsedKey& u : p.uniques) keys.push_back(&u);
    std::stable_sort(keys.begin(), keys.end(),
                     [](const ParsedKey* a, const ParsedKey* b) { return a->seq < b->seq; });
    std::vector<AutoIndex> autos;
    for (const ParsedKey* k : keys) {
      bool primary = p.primary_key && k == &*p.primary_key;
      if (primary && ipk >= 0) continue;
      auto a = KeyIndex(*k, primary);
      if (!a) return std::nullopt;
      AddAuto(autos, std::move(*a));
    }
    if (ipk >= 0 && p.without_rowid) {
      AutoIndex a;
      a.primary = true;
      a.cids = {ipk};
      a.colls = {ColumnColl(ipk)};
      a.desc = {!p.primary_key->descending.empty() && p.primary_key->descending[0]};
      AddAuto(autos, std::move(a));
      ipk = -1;  // not a rowid alias in a WITHOUT ROWID table
    }

    // The automatic indexes sqlite_schema lists must be these (but the PRIMARY KEY of a WITHOUT
    // ROWID table, which is the table's own b-tree).
    std::vector<std::string> listed;
    for (const IndexText& ix : indexes) {
      if (!ix.parsed) listed.emplace_back(ix.name);
    }
    std::vector<std::string> expected;
    std::vector<std::string> stored;
    for (size_t k = 0; k < autos.size(); ++k) {
      expected.push_back("sqlite_autoindex_" + std::string(table) + "_" + std::to_string(k + 1));
      if (!(autos[k].primary && p.without_rowid)) stored.push_back(expected.back());
    }
    std::sort(listed.begin(), listed.end());
    std::sort(stored.begin(), stored.end());
    if (listed != stored) return std::nullopt;

    for (size_t k = 0; k < autos.size(); ++k) {
      const AutoIndex& a = autos[k];
      IndexRow r;
      r.name = expected[k];
      r.unique = true;
      r.origin = a.primary ? "pk" : "u";
      for (size_t j = 0; j < a.cids.size(); ++j) {
        r.keys.push_back(
            {a.cids[j], p.columns[static_cast<size_t>(a.cids[j])].name, a.desc[j], a.colls[j]});
      }
      out.indexes.push_back(std::move(r));
    }
    for (const IndexText& ix : indexes) {
      if (!ix.parsed) continue;
      auto r = ExplicitIndex(ix.name, *ix.parsed);
      if (!r) return std::nullopt;
      out.indexes.push_back(std::move(*r));
    }
    std::sort(out.indexes.begin(), out.indexes.end(),
              [](const IndexRow& a, const IndexRow& b) { return a.name < b.name; });

    // Foreign keys: pragma foreign_key_list numbers the last declared 0.
    const size_t m = p.foreign_keys.size();
    for (size_t d = m; d-- > 0;) {
      const ParsedForeignKey& fk = p.foreign_keys[d];
      if (fk.ref_table.empty() || fk.columns.empty() ||
          (!fk.ref_columns.empty() && fk.ref_columns.size() != fk.columns.size()))
        return std::nullopt;
      for (size_t j = 0; j < fk.columns.size(); ++j) {
        int c = FindColumn(fk.columns[j]);
        if (c < 0) return std::nullopt;
        ForeignKeyRow r;
        r.id = static_cast<long long>(m - 1 - d);
        r.seq = static_cast<long long>(j);
        r.table = fk.ref_table;
        r.from = p.columns[static_cast<size_t>(c)].name;
        if (!fk.ref_columns.empty()) r.to = fk.ref_columns[j];
        r.on_update = fk.on_update.empty() ? "NO ACTION" : fk.on_update;
        r.on_delete = fk.on_delete.empty() ? "NO ACTION" : fk.on_delete;
        r.match = "NONE";
        out.foreign_keys.push_back(std::move(r));
      }
    }
    return out;
  }
};

ColumnRow ColumnOf(const Row& r, size_t at) {
  ColumnRow c;
  c.cid = Int(r[at]);
  c.name = Str(r[at + 1]);
  c.type = Str(r[at + 2]);
  c.not_null = Int(r[at + 3]) != 0;
  c.default_value = r[at + 4];
  c.pk = Int(r[at + 5]);
  c.hidden = Int(r[at + 6]);
  return c;
}

/// Index rows from rows of (index name, unique, origin, partial, seqno, cid, name, desc, coll)
/// starting at `at`, ordered by index name and seqno.
void AddIndexRow(std::vector<IndexRow>& out, const Row& r, size_t at) {
  std::string name = Str(r[at]);
  if (out.empty() || out.back().name != name) {
    IndexRow i;
    i.name = std::move(name);
    i.unique = Int(r[at + 1]) != 0;
    i.origin = Str(r[at + 2]);
    i.partial = Int(r[at + 3]) != 0;
    out.push_back(std::move(i));
  }
  out.back().keys.push_back({Int(r[at + 5]), Str(r[at + 6]), Int(r[at + 7]) != 0, Str(r[at + 8])});
}

ForeignKeyRow ForeignKeyOf(const Row& r, size_t at) {
  ForeignKeyRow f;
  f.id = Int(r[at]);
  f.seq = Int(r[at + 1]);
  f.table = Str(r[at + 2]);
  f.from = Str(r[at + 3]);
  f.to = r[at + 4];
  f.on_update = Str(r[at + 5]);
  f.on_delete = Str(r[at + 6]);
  f.match = Str(r[at + 7]);
  return f;
}

constexpr const char* kColumnCols =
    "p.cid, p.name, p.type, p.\"notnull\", p.dflt_value, p.pk, p.hidden";
constexpr const char* kIndexCols =
    "il.name, il.\"unique\", il.origin, il.partial, ix.seqno, ix.cid, ix.name, ix.\"desc\", "
    "ix.coll";
constexpr const char* kForeignKeyCols =
    "f.id, f.seq, f.\"table\", f.\"from\", f.\"to\", f.on_update, f.on_delete, f.\"match\"";

}  // namespace

std::optional<TableRows> TableRowsFromText(std::string_view table, const ParsedTable& parsed,
                                           const std::vector<IndexText>& indexes) {
  TextReader reader{table, parsed};
  return reader.Read(indexes);
}

Result<TableRows> TableRowsFromPragmas(sqlite3* db, const std::string& table) {
  TableRows out;
  SSE_TRY(auto columns, Query(db,
                              std::string("SELECT ") + kColumnCols +
                                  " FROM pragma_table_xinfo(?1, 'main') AS p ORDER BY p.cid",
                              {table}));
  for (const Row& r : columns) out.columns.push_back(ColumnOf(r, 0));
  SSE_TRY(auto indexes, Query(db,
                              std::string("SELECT ") + kIndexCols +
                                  " FROM pragma_index_list(?1, 'main') AS il "
                                  "JOIN pragma_index_xinfo(il.name, 'main') AS ix "
                                  "WHERE ix.key = 1 ORDER BY il.name, ix.seqno",
                              {table}));
  for (const Row& r : indexes) AddIndexRow(out.indexes, r, 0);
  SSE_TRY(auto fks, Query(db,
                          std::string("SELECT ") + kForeignKeyCols +
                              " FROM pragma_foreign_key_list(?1, 'main') AS f "
                              "ORDER BY f.id, f.seq",
                          {table}));
  for (const Row& r : fks) out.foreign_keys.push_back(ForeignKeyOf(r, 0));
  return out;
}

Result<std::map<std::string, TableRows>> AllTableRowsFromPragmas(sqlite3* db) {
  // "SELECT m.name, <cols> FROM <ordinary tables> JOIN <pragmas> [AND <where>] ORDER BY ..."
  auto over_tables = [&](std::string_view cols, std::string_view pragmas, std::string_view where,
                         std::string_view order) {
    return Query(db, fmt::format("SELECT m.name{}{} FROM main.sqlite_schema AS m {} WHERE m.type "
                                 "= 'table' AND m.sql NOT LIKE 'CREATE VIRTUAL TABLE%' {} {}",
                                 cols.empty() ? "" : ", ", cols, pragmas, where, order));
  };
  std::map<std::string, TableRows> out;
  SSE_TRY(auto tables, over_tables("", "", "", ""));
  for (const Row& r : tables) out[Str(r[0])];
  SSE_TRY(auto columns, over_tables(kColumnCols, "JOIN pragma_table_xinfo(m.name, 'main') AS p", "",
                                    "ORDER BY m.name, p.cid"));
  for (const Row& r : columns) out[Str(r[0])].columns.push_back(ColumnOf(r, 1));
  SSE_TRY(auto indexes, over_tables(kIndexCols,
                                    "JOIN pragma_index_list(m.name, 'main') AS il "
                                    "JOIN pragma_index_xinfo(il.name, 'main') AS ix",
                                    "AND ix.key = 1", "ORDER BY m.name, il.name, ix.seqno"));
  for (const Row& r : indexes) AddIndexRow(out[Str(r[0])].indexes, r, 1);
  SSE_TRY(auto fks,
          over_tables(kForeignKeyCols, "JOIN pragma_foreign_key_list(m.name, 'main') AS f", "",
                      "ORDER BY m.name, f.id, f.seq"));
  for (const Row& r : fks) out[Str(r[0])].foreign_keys.push_back(ForeignKeyOf(r, 1));
  return out;
}

}  // namespace sse::sqlite
