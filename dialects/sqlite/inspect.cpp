#include "dialects/sqlite/inspect.hpp"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <map>
#include <set>

#include <fmt/format.h>

#include "dialects/sqlite/normalize.hpp"

namespace sse::sqlite {

namespace {

using model::Catalog;
using model::Column;
using model::Constraint;
using model::ConstraintKind;
using model::Index;
using model::IndexKey;
using model::QualifiedName;
using model::Table;

constexpr const char* kSchema = "main";

std::string LowerAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool EqualNoCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i])))
      return false;
  }
  return true;
}

bool StartsNoCase(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && EqualNoCase(s.substr(0, prefix.size()), prefix);
}

std::string Str(const std::optional<std::string>& v) { return v ? *v : std::string(); }
long long Int(const std::optional<std::string>& v) { return v ? std::atoll(v->c_str()) : 0; }

model::RefAction Action(std::string_view s) {
  std::string a = LowerAscii(s);
  if (a == "cascade") return model::RefAction::kCascade;
  if (a == "restrict") return model::RefAction::kRestrict;
  if (a == "set null") return model::RefAction::kSetNull;
  if (a == "set default") return model::RefAction::kSetDefault;
  return model::RefAction::kNoAction;
}

std::string JoinNames(const std::vector<std::string>& v, std::string_view sep) {
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) out += (i ? std::string(sep) : std::string()) + v[i];
  return out;
}

bool SameColumns(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (!EqualNoCase(a[i], b[i])) return false;
  }
  return true;
}

/// A constraint name free in `t`: `base`, else base1, base2, ... (PostgreSQL's numbering).
std::string FreeName(const Table& t, const std::string& base) {
  if (!t.constraints.contains(base)) return base;
  for (int n = 1;; ++n) {
    std::string name = base + std::to_string(n);
    if (!t.constraints.contains(name)) return name;
  }
}

struct ObjectRow {
  std::string type, name, table, sql;
};

struct IndexInfo {
  std::string table;
  std::string name;
  bool unique = false;
  std::string origin;  // c, u, pk
  bool partial = false;
  struct Key {
    long long cid = 0;
    std::string column;
    bool desc = false;
    std::string coll;
  };
  std::vector<Key> keys;
};

struct Reader {
  sqlite3* db;
  const InspectOptions& options;
  Catalog catalog;
  std::map<std::string, ParsedTable> parsed;  // lower(table) -> parsed CREATE TABLE
  std::set<std::string> shadow;               // lower(name) of shadow tables

  bool Hidden(std::string_view name) const {
    return IsHiddenTable(name, options) || shadow.contains(LowerAscii(name));
  }

  Table* FindTable(std::string_view name) {
    auto it = catalog.tables.find(QualifiedName{kSchema, std::string(name)});
    if (it != catalog.tables.end()) return &it->second;
    for (auto& [k, t] : catalog.tables) {
      if (EqualNoCase(k.name, name)) return &t;
    }
    return nullptr;
  }

  Status Run() {
    catalog.dialect = options.dialect;
    catalog.schemas[kSchema] = model::Schema{kSchema, std::nullopt};
    SSE_TRY(auto objects_rows,
            Query(db, "SELECT type, name, tbl_name, sql FROM main.sqlite_schema ORDER BY rowid"));
    std::vector<ObjectRow> objects;
    for (const Row& r : objects_rows)
      objects.push_back({Str(r[0]), Str(r[1]), Str(r[2]), Str(r[3])});

    // Shadow tables of virtual tables (pragma table_list, SQLite >= 3.37); older libraries fall
    // back to the names FTS3/4/5, R*Tree and friends give them.
    auto list = Query(db, "SELECT name, type FROM pragma_table_list WHERE schema = 'main'");
    if (list.ok()) {
      for (const Row& r : *list) {
        if (Str(r[1]) == "shadow") shadow.insert(LowerAscii(Str(r[0])));
      }
    } else {
      static constexpr std::string_view kSuffixes[] = {
          "_data",   "_idx",  "_content", "_docsize", "_config", "_segments",
          "_segdir", "_stat", "_node",    "_rowid",   "_parent"};
      for (const ObjectRow& v : objects) {
        if (!StartsNoCase(v.sql, "CREATE VIRTUAL TABLE")) continue;
        for (const ObjectRow& o : objects) {
          for (std::string_view suffix : kSuffixes) {
            if (o.type == "table" && EqualNoCase(o.name, v.name + std::string(suffix)))
              shadow.insert(LowerAscii(o.name));
          }
        }
      }
    }

    for (const ObjectRow& o : objects) {
      if (o.type != "table" || Hidden(o.name)) continue;
      Table t;
      t.name = {kSchema, o.name};
      ParsedTable p = ParseCreateTable(o.sql);
      if (p.is_virtual) t.module = p.module;
      if (p.strict) t.options.push_back("STRICT");
      if (p.without_rowid) t.options.push_back("WITHOUT ROWID");
      parsed[LowerAscii(o.name)] = std::move(p);
      catalog.tables[t.name] = std::move(t);
    }
    SSE_TRY_STATUS(ReadColumns(objects));
    SSE_TRY_STATUS(ReadIndexes());
    ReadChecks();
    SSE_TRY_STATUS(ReadForeignKeys());

    for (const ObjectRow& o : objects) {
      if (o.type == "view") {
        model::View v;
        v.name = {kSchema, o.name};
        ParsedView pv = ParseCreateView(o.sql);
        v.definition = pv.ok ? pv.definition : NormalizeSql(o.sql);
        v.columns = pv.columns;
        catalog.views[v.name] = std::move(v);
      }
    }
    for (const ObjectRow& o : objects) {
      if (o.type == "trigger") AddTrigger(o);
    }
    return {};
  }

  Status ReadColumns(const std::vector<ObjectRow>& objects) {
    // Ordinary tables in one query; virtual tables one by one, as their module may be missing.
    SSE_TRY(
        auto rows,
        Query(db,
              "SELECT m.name, p.cid, p.name, p.type, p.\"notnull\", p.dflt_value, p.pk, p.hidden "
              "FROM main.sqlite_schema AS m JOIN pragma_table_xinfo(m.name, 'main') AS p "
              "WHERE m.type = 'table' AND m.sql NOT LIKE 'CREATE VIRTUAL TABLE%' "
              "ORDER BY m.name, p.cid"));
    for (const ObjectRow& o : objects) {
      if (o.type != "table" || Hidden(o.name) || !StartsNoCase(o.sql, "CREATE VIRTUAL TABLE"))
        continue;
      auto vrows =
          Query(db,
                "SELECT ?1, p.cid, p.name, p.type, p.\"notnull\", p.dflt_value, p.pk, p.hidden "
                "FROM pragma_table_xinfo(?1, 'main') AS p ORDER BY p.cid",
                {o.name});
      if (vrows.ok()) rows.insert(rows.end(), vrows->begin(), vrows->end());
    }
    std::map<std::string, std::vector<std::pair<long long, std::string>>>
        pk;  // table -> (pos, col)
    for (const Row& r : rows) {
      std::string tname = Str(r[0]);
      if (Hidden(tname)) continue;
      Table* t = FindTable(tname);
      if (!t) continue;
      long long hidden = Int(r[7]);
      if (hidden == 1) continue;  // a hidden column of a virtual table
      Column c;
      c.name = Str(r[2]);
      DeclaredType type = NormalizeType(Str(r[3]));
      c.type.name = type.name;
      c.type.modifiers = type.args;
      c.not_null = Int(r[4]) != 0;
      if (r[5]) c.default_expr = NormalizeDefault(*r[5]);
      const ParsedTable& p = parsed[LowerAscii(tname)];
      for (const ParsedColumn& pc : p.columns) {
        if (!EqualNoCase(pc.name, c.name)) continue;
        if (!pc.collation.empty() && pc.collation != "BINARY") c.collation = pc.collation;
        if (pc.autoincrement) c.identity = model::Identity::kByDefault;
        if (pc.generated) c.generated = *pc.generated + (hidden == 3 ? " STORED" : " VIRTUAL");
        break;
      }
      if (long long pos = Int(r[6]); pos > 0) pk[t->name.name].emplace_back(pos, c.name);
      t->columns.push_back(std::move(c));
    }
    for (auto& [tname, cols] : pk) {
      Table* t = FindTable(tname);
      std::sort(cols.begin(), cols.end());
      Constraint c;
      c.kind = ConstraintKind::kPrimaryKey;
      for (const auto& [pos, col] : cols) c.columns.push_back(col);
      const ParsedTable& p = parsed[LowerAscii(tname)];
      std::string name =
          p.primary_key && !p.primary_key->name.empty() ? p.primary_key->name : tname + "_pkey";
      c.name = FreeName(*t, name);
      t->constraints[c.name] = std::move(c);
    }
    return {};
  }

  Status ReadIndexes() {
    SSE_TRY(auto list,
            Query(db,
                  "SELECT m.name, il.name, il.\"unique\", il.origin, il.partial "
                  "FROM main.sqlite_schema AS m JOIN pragma_index_list(m.name, 'main') AS il "
                  "WHERE m.type = 'table' AND m.sql NOT LIKE 'CREATE VIRTUAL TABLE%'"));
    SSE_TRY(
        auto keys,
        Query(db,
              "SELECT il.name, ix.seqno, ix.cid, ix.name, ix.\"desc\", ix.coll "
              "FROM main.sqlite_schema AS m JOIN pragma_index_list(m.name, 'main') AS il "
              "JOIN pragma_index_xinfo(il.name, 'main') AS ix "
              "WHERE m.type = 'table' AND m.sql NOT LIKE 'CREATE VIRTUAL TABLE%' AND ix.key = 1 "
              "ORDER BY il.name, ix.seqno"));
    SSE_TRY(auto sqls, Query(db, "SELECT name, sql FROM main.sqlite_schema WHERE type = 'index'"));
    std::map<std::string, std::string> sql_of;
    for (const Row& r : sqls) sql_of[Str(r[0])] = Str(r[1]);
    std::map<std::string, IndexInfo> infos;
    for (const Row& r : list) {
      IndexInfo& i = infos[Str(r[1])];
      i.table = Str(r[0]);
      i.name = Str(r[1]);
      i.unique = Int(r[2]) != 0;
      i.origin = Str(r[3]);
      i.partial = Int(r[4]) != 0;
    }
    for (const Row& r : keys) {
      auto it = infos.find(Str(r[0]));
      if (it == infos.end()) continue;
      it->second.keys.push_back({Int(r[2]), Str(r[3]), Int(r[4]) != 0, Str(r[5])});
    }
    // Unique constraints first (sorted by index name: sqlite_autoindex_<t>_N in creation order),
    // so the names they take are stable.
    for (auto& [name, info] : infos) {
      if (Hidden(info.table)) continue;
      Table* t = FindTable(info.table);
      if (!t) continue;
      Index idx;
      idx.table = t->name;
      idx.unique = info.unique;
      std::vector<std::string> columns;
      ParsedIndex pi;
      if (info.origin == "c") pi = ParseCreateIndex(sql_of[name]);
      for (size_t k = 0; k < info.keys.size(); ++k) {
        const IndexInfo::Key& key = info.keys[k];
        IndexKey ik;
        if (key.cid >= 0) {
          ik.expression = key.column;
        } else if (key.cid == -1) {
          ik.expression = "rowid";
        } else {
          ik.is_expression = true;
          ik.expression = k < pi.keys.size() ? pi.keys[k].expression : "";
        }
        ik.descending = key.desc;
        std::string coll = LowerAscii(key.coll) == "binary" ? "" : key.coll;
        for (char& ch : coll) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
        ik.collation = coll;
        columns.push_back(ik.expression);
        idx.keys.push_back(std::move(ik));
      }
      if (info.origin == "c") {
        idx.name = {kSchema, name};
        idx.predicate = pi.predicate;
        catalog.indexes[idx.name] = std::move(idx);
        continue;
      }
      // sqlite_autoindex_*: the index of a UNIQUE or PRIMARY KEY constraint, named after it.
      std::string cname;
      if (info.origin == "pk") {
        for (const auto& [n, c] : t->constraints) {
          if (c.kind == ConstraintKind::kPrimaryKey) cname = n;
        }
      }
      if (cname.empty()) {
        const ParsedTable& p = parsed[LowerAscii(t->name.name)];
        std::string given;
        for (const ParsedKey& u : p.uniques) {
          if (SameColumns(u.columns, columns) && !u.name.empty()) {
            given = u.name;
            break;
          }
        }
        if (given.empty() && info.origin == "pk" && p.primary_key) given = p.primary_key->name;
        Constraint c;
        c.kind = info.origin == "pk" ? ConstraintKind::kPrimaryKey : ConstraintKind::kUnique;
        c.columns = columns;
        c.name = FreeName(
            *t, given.empty() ? t->name.name + "_" + JoinNames(columns, "_") + "_key" : given);
        cname = c.name;
        t->constraints[c.name] = std::move(c);
      }
      idx.name = {kSchema, cname};
      idx.backs_constraint = true;
      catalog.indexes[idx.name] = std::move(idx);
    }
    return {};
  }

  void ReadChecks() {
    for (auto& [key, t] : catalog.tables) {
      const ParsedTable& p = parsed[LowerAscii(key.name)];
      for (const ParsedCheck& pc : p.checks) {
        Constraint c;
        c.kind = ConstraintKind::kCheck;
        c.expression = pc.expression;
        std::string base = pc.name;
        if (base.empty()) {
          std::string col = pc.column;
          if (col.empty()) {
            for (const std::string& id : pc.identifiers) {
              if (const Column* tc = t.FindColumn(id)) {
                col = tc->name;
                break;
              }
              for (const Column& tc : t.columns) {
                if (EqualNoCase(tc.name, id)) col = tc.name;
              }
              if (!col.empty()) break;
            }
          }
          base = key.name + (col.empty() ? "" : "_" + col) + "_check";
        }
        if (!pc.column.empty()) c.columns = {pc.column};
        c.name = FreeName(t, base);
        t.constraints[c.name] = std::move(c);
      }
    }
  }

  Status ReadForeignKeys() {
    SSE_TRY(auto rows,
            Query(db,
                  "SELECT m.name, f.id, f.seq, f.\"table\", f.\"from\", f.\"to\", f.on_update, "
                  "f.on_delete, f.\"match\" "
                  "FROM main.sqlite_schema AS m JOIN pragma_foreign_key_list(m.name, 'main') AS f "
                  "WHERE m.type = 'table' AND m.sql NOT LIKE 'CREATE VIRTUAL TABLE%' "
                  "ORDER BY m.name, f.id, f.seq"));
    struct Fk {
      std::string table;
      Constraint c;
      bool implicit_ref = false;
    };
    std::map<std::pair<std::string, long long>, Fk> fks;
    for (const Row& r : rows) {
      std::string tname = Str(r[0]);
      if (Hidden(tname)) continue;
      Fk& fk = fks[{tname, Int(r[1])}];
      fk.table = tname;
      fk.c.kind = ConstraintKind::kForeignKey;
      fk.c.ref_table = {kSchema, Str(r[3])};
      fk.c.columns.push_back(Str(r[4]));
      if (r[5]) {
        fk.c.ref_columns.push_back(*r[5]);
      } else {
        fk.implicit_ref = true;
      }
      fk.c.on_update = Action(Str(r[6]));
      fk.c.on_delete = Action(Str(r[7]));
      std::string match = Str(r[8]);
      fk.c.match = EqualNoCase(match, "NONE") || match.empty() ? "" : match;
    }
    // In declaration order: pragma foreign_key_list numbers the last declared key 0.
    std::vector<Fk*> ordered;
    for (auto& [k, fk] : fks) ordered.push_back(&fk);
    std::stable_sort(ordered.begin(), ordered.end(),
                     [](const Fk* a, const Fk* b) { return a->table < b->table; });
    std::map<std::string, std::vector<Fk*>> by_table;
    for (Fk* fk : ordered) by_table[fk->table].insert(by_table[fk->table].begin(), fk);
    for (auto& [tname, list] : by_table) {
      Table* t = FindTable(tname);
      if (!t) continue;
      const ParsedTable& p = parsed[LowerAscii(tname)];
      std::vector<bool> used(p.foreign_keys.size(), false);
      for (Fk* fk : list) {
        Constraint& c = fk->c;
        if (fk->implicit_ref) {
          c.ref_columns.clear();
          if (Table* parent = FindTable(c.ref_table.name)) {
            for (const auto& [n, pc] : parent->constraints) {
              if (pc.kind == ConstraintKind::kPrimaryKey) c.ref_columns = pc.columns;
            }
          }
        }
        std::string given;
        for (size_t k = 0; k < p.foreign_keys.size(); ++k) {
          const ParsedForeignKey& pf = p.foreign_keys[k];
          if (used[k] || !SameColumns(pf.columns, c.columns) ||
              !EqualNoCase(pf.ref_table, c.ref_table.name))
            continue;
          used[k] = true;
          given = pf.name;
          c.deferrable = pf.deferrable;
          c.initially_deferred = pf.initially_deferred;
          break;
        }
        c.name =
            FreeName(*t, given.empty() ? tname + "_" + JoinNames(c.columns, "_") + "_fkey" : given);
        t->constraints[c.name] = std::move(c);
      }
    }
    return {};
  }

  void AddTrigger(const ObjectRow& o) {
    if (Hidden(o.table)) return;
    ParsedTrigger p = ParseCreateTrigger(o.sql);
    model::Trigger tr;
    tr.name = o.name;
    tr.timing = p.timing == "AFTER"        ? model::TriggerTiming::kAfter
                : p.timing == "INSTEAD OF" ? model::TriggerTiming::kInsteadOf
                                           : model::TriggerTiming::kBefore;
    if (!p.event.empty()) tr.events = {p.event};
    tr.update_of = p.update_of;
    tr.for_each_row = true;  // SQLite triggers are row triggers
    tr.when = p.when;
    tr.body = p.ok ? p.body : NormalizeSql(o.sql);
    if (Table* t = FindTable(o.table)) {
      t->triggers[tr.name] = std::move(tr);
      return;
    }
    for (auto& [k, v] : catalog.views) {
      if (EqualNoCase(k.name, o.table)) {
        v.triggers[tr.name] = std::move(tr);
        return;
      }
    }
  }
};

/// "file:" URI of a path: '%', '?' and '#' escaped (RFC 3986 as SQLite reads it).
std::string FileUri(const fs::path& file) {
  std::string p = fs::absolute(file).lexically_normal().generic_string();
  std::string out = "file:";
  for (char c : p) {
    if (c == '%' || c == '?' || c == '#') {
      out += fmt::format("%{:02X}", static_cast<unsigned char>(c));
    } else {
      out += c;
    }
  }
  return out + "?mode=ro";
}

}  // namespace

const std::vector<std::string>& LedgerTables() {
  static const std::vector<std::string> kLedgers = {
      "d1_migrations",     "__drizzle_migrations", "flyway_schema_history",
      "schema_migrations", "_prisma_migrations",   "goose_db_version",
      "alembic_version",   "ar_internal_metadata"};
  return kLedgers;
}

bool IsHiddenTable(std::string_view name, const InspectOptions& options) {
  for (std::string_view prefix : {"sqlite_", "_cf_", "_litestream_", "libsql_"}) {
    if (StartsNoCase(name, prefix)) return true;
  }
  for (const std::string& l : LedgerTables()) {
    if (EqualNoCase(name, l)) return true;
  }
  for (const std::string& l : options.ledger_tables) {
    if (EqualNoCase(name, l)) return true;
  }
  return false;
}

Result<Db> OpenReadOnly(const fs::path& file) {
  std::string shown = file.string();
  std::error_code ec;
  fs::file_status st = fs::status(file, ec);
  if (ec || !fs::exists(st)) {
    if (ec && ec != std::errc::no_such_file_or_directory) {
      return Error(ErrorCode::kIo, fmt::format("{}: {}", shown, OsReason(ec)));
    }
    return Error(ErrorCode::kNotFound,
                 fmt::format("{}: no such file (an SQLite database is never created)", shown));
  }
  if (fs::is_directory(st)) {
    return Error(ErrorCode::kInvalidArgument,
                 fmt::format("{}: is a directory, not an SQLite database file", shown));
  }
  {
    std::ifstream probe(file, std::ios::binary);
    if (!probe) return Error(ErrorCode::kIo, fmt::format("{}: cannot be read", shown));
  }
  sqlite3* raw = nullptr;
  int rc =
      sqlite3_open_v2(FileUri(file).c_str(), &raw, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, nullptr);
  Db db(raw);
  if (rc != SQLITE_OK) {
    return Error(ErrorCode::kIo, fmt::format("{}: cannot open: {}", shown, LastError(raw)));
  }
  sqlite3_extended_result_codes(raw, 1);
  // Reading the header page tells a database from anything else.
  auto probe = Query(raw, "SELECT count(*) FROM main.sqlite_schema");
  if (!probe.ok()) {
    int code = sqlite3_errcode(raw) & 0xff;
    if (code == SQLITE_NOTADB || code == SQLITE_CORRUPT) {
      return Error(ErrorCode::kParse,
                   fmt::format("{}: not an SQLite database, or a corrupt one ({})", shown,
                               probe.error().message));
    }
    return Error(ErrorCode::kIo, fmt::format("{}: cannot read: {}", shown, probe.error().message));
  }
  return db;
}

Result<model::Catalog> InspectConnection(sqlite3* db, const InspectOptions& options) {
  Reader r{db, options, {}, {}, {}};
  SSE_TRY_STATUS(r.Run());
  return std::move(r.catalog);
}

Result<model::Catalog> InspectSqlite(const fs::path& file, const InspectOptions& options) {
  SSE_TRY(Db db, OpenReadOnly(file));
  sqlite3_busy_timeout(db.get(), options.busy_timeout_ms);
  std::string shown = file.string();
  if (auto st = Exec(db.get(), "BEGIN"); !st.ok()) {
    return Error(ErrorCode::kQuery, fmt::format("{}: {}", shown, st.error().message));
  }
  auto catalog = InspectConnection(db.get(), options);
  if (catalog.ok() && options.in_transaction) {
    if (Status st = options.in_transaction(db.get()); !st.ok()) catalog = std::move(st).error();
  }
  (void)Exec(db.get(), "COMMIT");
  if (!catalog.ok()) {
    int code = sqlite3_errcode(db.get()) & 0xff;
    ErrorCode ec = code == SQLITE_BUSY || code == SQLITE_LOCKED      ? ErrorCode::kTimeout
                   : code == SQLITE_CORRUPT || code == SQLITE_NOTADB ? ErrorCode::kParse
                                                                     : ErrorCode::kQuery;
    return Error(ec, fmt::format("{}: reading the schema: {}", shown, catalog.error().message));
  }
  return catalog;
}

}  // namespace sse::sqlite
