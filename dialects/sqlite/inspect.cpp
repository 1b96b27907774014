#include "dialects/sqlite/inspect.hpp"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <map>
#include <set>

#include <fmt/format.h>

#include "core/util/parallel.hpp"
#include "core/util/strings.hpp"
#include "dialects/sqlite/inspect_text.hpp"
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

bool StartsNoCase(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && IEquals(s.substr(0, prefix.size()), prefix);
}

std::string Str(const std::optional<std::string>& v) { return v ? *v : std::string(); }
long long Int(const std::optional<std::string>& v) { return v ? std::atoll(v->c_str()) : 0; }

model::RefAction Action(std::string_view s) {
  std::string a = ToLower(s);
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
    if (!IEquals(a[i], b[i])) return false;
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

struct Reader {
  sqlite3* db;
  const InspectOptions& options;
  Catalog catalog;
  std::map<std::string, ParsedTable> parsed;   // lower(table) -> parsed CREATE TABLE
  std::set<std::string> shadow;                // lower(name) of shadow tables
  std::map<std::string, TableRows> rows;       // table name -> its pragma rows
  std::map<std::string, ParsedIndex> indexes;  // index name -> parsed CREATE INDEX
  std::vector<ObjectRow> objects;              // sqlite_schema in rowid order

  bool Hidden(std::string_view name) const {
    return IsHiddenTable(name, options) || shadow.contains(ToLower(name));
  }

  Table* FindTable(std::string_view name) {
    auto it = catalog.tables.find(QualifiedName{kSchema, std::string(name)});
    if (it != catalog.tables.end()) return &it->second;
    for (auto& [k, t] : catalog.tables) {
      if (IEquals(k.name, name)) return &t;
    }
    return nullptr;
  }

  Status Run() {
    catalog.dialect = options.dialect;
    catalog.schemas[kSchema] = model::Schema{kSchema, std::nullopt};
    SSE_TRY(auto objects_rows,
            Query(db, "SELECT type, name, tbl_name, sql FROM main.sqlite_schema ORDER BY rowid"));
    for (const Row& r : objects_rows)
      objects.push_back({Str(r[0]), Str(r[1]), Str(r[2]), Str(r[3])});

    // Shadow tables of virtual tables (pragma table_list, SQLite >= 3.37); older libraries fall
    // back to the names FTS3/4/5, R*Tree and friends give them.
    auto list = Query(db, "SELECT name, type FROM pragma_table_list WHERE schema = 'main'");
    if (list.ok()) {
      for (const Row& r : *list) {
        if (Str(r[1]) == "shadow") shadow.insert(ToLower(Str(r[0])));
      }
    } else {
      static constexpr std::string_view kSuffixes[] = {
          "_data",   "_idx",  "_content", "_docsize", "_config", "_segments",
          "_segdir", "_stat", "_node",    "_rowid",   "_parent"};
      for (const ObjectRow& v : objects) {
        if (!StartsNoCase(v.sql, "CREATE VIRTUAL TABLE")) continue;
        for (const ObjectRow& o : objects) {
          for (std::string_view suffix : kSuffixes) {
            if (o.type == "table" && IEquals(o.name, v.name + std::string(suffix)))
              shadow.insert(ToLower(o.name));
          }
        }
      }
    }

    // The CREATE TABLE texts are parsed on all cores (each parse stands alone), then filed here.
    std::vector<const ObjectRow*> tables;
    for (const ObjectRow& o : objects) {
      if (o.type == "table" && !Hidden(o.name)) tables.push_back(&o);
    }
    std::vector<ParsedTable> parsed_tables(tables.size());
    ParallelFor(tables.size(),
                [&](size_t i) { parsed_tables[i] = ParseCreateTable(tables[i]->sql); });
    for (size_t i = 0; i < tables.size(); ++i) {
      const ObjectRow& o = *tables[i];
      Table t;
      t.name = {kSchema, o.name};
      ParsedTable& p = parsed_tables[i];
      if (p.is_virtual) t.module = p.module;
      if (p.strict) t.options.push_back("STRICT");
      if (p.without_rowid) t.options.push_back("WITHOUT ROWID");
      parsed[ToLower(o.name)] = std::move(p);
      catalog.tables[t.name] = std::move(t);
    }
    SSE_TRY_STATUS(ReadRows());
    ReadVirtualColumns();
    ReadColumns();
    ReadIndexes();
    ReadChecks();
    ReadForeignKeys();

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

  /// The pragma rows of the ordinary tables: from the CREATE texts (TableRowsFromText) unless
  /// options.use_pragmas, with the pragmas for the tables whose texts it does not follow.
  Status ReadRows() {
    std::map<std::string, std::vector<IndexText>> by_table;  // lower(table) -> its indexes
    std::vector<const ObjectRow*> index_rows;                // with a text: parsed on all cores
    for (const ObjectRow& o : objects) {
      if (o.type == "index" && !o.sql.empty()) index_rows.push_back(&o);
    }
    std::vector<ParsedIndex> parsed_indexes(index_rows.size());
    ParallelFor(index_rows.size(),
                [&](size_t i) { parsed_indexes[i] = ParseCreateIndex(index_rows[i]->sql); });
    for (size_t i = 0; i < index_rows.size(); ++i)
      indexes[index_rows[i]->name] = std::move(parsed_indexes[i]);
    for (const ObjectRow& o : objects) {
      if (o.type != "index") continue;
      IndexText ix{o.name, nullptr};
      if (!o.sql.empty()) ix.parsed = &indexes[o.name];
      by_table[ToLower(o.table)].push_back(ix);
    }
    if (options.use_pragmas || sqlite3_compileoption_used("ENABLE_HIDDEN_COLUMNS")) {
      SSE_TRY(rows, AllTableRowsFromPragmas(db));
      return {};
    }
    static const std::vector<IndexText> kNone;
    struct TextJob {
      const ObjectRow* table;
      const ParsedTable* parsed;
      const std::vector<IndexText>* indexes;
      std::optional<TableRows> rows;
    };
    std::vector<TextJob> jobs;
    for (const ObjectRow& o : objects) {
      if (o.type != "table" || Hidden(o.name) || StartsNoCase(o.sql, "CREATE VIRTUAL TABLE"))
        continue;
      auto it = by_table.find(ToLower(o.name));
      jobs.push_back({&o, &parsed[ToLower(o.name)], it == by_table.end() ? &kNone : &it->second,
                      std::nullopt});
    }
    ParallelFor(jobs.size(), [&](size_t i) {
      TextJob& j = jobs[i];
      j.rows = TableRowsFromText(j.table->name, *j.parsed, *j.indexes);
    });
    std::pair<std::string, size_t> first_desc;  // an index key written DESC
    for (TextJob& j : jobs) {
      const ObjectRow& o = *j.table;
      std::optional<TableRows>& text = j.rows;
      if (!text) {
        SSE_TRY(rows[o.name], TableRowsFromPragmas(db, o.name));
        continue;
      }
      for (const IndexRow& ix : text->indexes) {
        for (size_t k = 0; k < ix.keys.size() && first_desc.first.empty(); ++k) {
          if (ix.keys[k].desc) first_desc = {ix.name, k};
        }
      }
      rows[o.name] = std::move(*text);
    }
    // SQLite ignores DESC in the legacy schema formats (1-3): ask it once.
    if (!first_desc.first.empty()) {
      SSE_TRY(auto r,
              Query(db, "SELECT \"desc\" FROM pragma_index_xinfo(?1, 'main') WHERE seqno = ?2",
                    {first_desc.first, std::to_string(first_desc.second)}));
      if (r.size() == 1 && Int(r[0][0]) == 0) {
        for (auto& [name, tr] : rows) {
          for (IndexRow& ix : tr.indexes) {
            for (IndexRow::Key& k : ix.keys) k.desc = false;
          }
        }
      }
    }
    return {};
  }

  /// Virtual tables one by one, as their module may be missing.
  void ReadVirtualColumns() {
    for (const ObjectRow& o : objects) {
      if (o.type != "table" || Hidden(o.name) || !StartsNoCase(o.sql, "CREATE VIRTUAL TABLE"))
        continue;
      auto vrows =
          Query(db,
                "SELECT p.cid, p.name, p.type, p.\"notnull\", p.dflt_value, p.pk, p.hidden "
                "FROM pragma_table_xinfo(?1, 'main') AS p ORDER BY p.cid",
                {o.name});
      if (!vrows.ok()) continue;
      std::vector<ColumnRow>& columns = rows[o.name].columns;
      for (const Row& r : *vrows) {
        columns.push_back(
            {Int(r[0]), Str(r[1]), Str(r[2]), Int(r[3]) != 0, r[4], Int(r[5]), Int(r[6])});
      }
    }
  }

  void ReadColumns() {
    for (const auto& [tname, tr] : rows) {
      if (Hidden(tname)) continue;
      Table* t = FindTable(tname);
      if (!t) continue;
      const ParsedTable& p = parsed[ToLower(tname)];
      std::vector<std::pair<long long, std::string>> pk;  // (pos, col)
      for (const ColumnRow& r : tr.columns) {
        if (r.hidden == 1) continue;  // a hidden column of a virtual table
        Column c;
        c.name = r.name;
        DeclaredType type = NormalizeType(r.type);
        c.type.name = type.name;
        c.type.modifiers = type.args;
        c.not_null = r.not_null;
        if (r.default_value) c.default_expr = NormalizeDefault(*r.default_value);
        for (const ParsedColumn& pc : p.columns) {
          if (!IEquals(pc.name, c.name)) continue;
          if (!pc.collation.empty() && pc.collation != "BINARY") c.collation = pc.collation;
          if (pc.autoincrement) c.identity = model::Identity::kByDefault;
          if (pc.generated) c.generated = *pc.generated + (r.hidden == 3 ? " STORED" : " VIRTUAL");
          break;
        }
        if (r.pk > 0) pk.emplace_back(r.pk, c.name);
        t->columns.push_back(std::move(c));
      }
      if (pk.empty()) continue;
      std::sort(pk.begin(), pk.end());
      Constraint c;
      c.kind = ConstraintKind::kPrimaryKey;
      for (const auto& [pos, col] : pk) c.columns.push_back(col);
      std::string name =
          p.primary_key && !p.primary_key->name.empty() ? p.primary_key->name : tname + "_pkey";
      c.name = FreeName(*t, name);
      t->constraints[c.name] = std::move(c);
    }
  }

  void ReadIndexes() {
    std::map<std::string_view, std::pair<std::string_view, const IndexRow*>> infos;  // by name
    for (const auto& [tname, tr] : rows) {
      for (const IndexRow& ix : tr.indexes) infos[ix.name] = {tname, &ix};
    }
    // Unique constraints first (sorted by index name: sqlite_autoindex_<t>_N in creation order),
    // so the names they take are stable.
    for (const auto& [name_view, entry] : infos) {
      const auto& [table, ip] = entry;
      const IndexRow& info = *ip;
      const std::string& name = info.name;
      if (Hidden(table)) continue;
      Table* t = FindTable(table);
      if (!t) continue;
      Index idx;
      idx.table = t->name;
      idx.unique = info.unique;
      std::vector<std::string> columns;
      static const ParsedIndex kNoIndex;
      const ParsedIndex& pi = info.origin == "c" ? ParsedIndexOf(name) : kNoIndex;
      for (size_t k = 0; k < info.keys.size(); ++k) {
        const IndexRow::Key& key = info.keys[k];
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
        std::string coll = ToLower(key.coll) == "binary" ? "" : key.coll;
        for (char& ch : coll) ch = AsciiUpper(ch);
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
        const ParsedTable& p = parsed[ToLower(t->name.name)];
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
  }

  /// The parsed CREATE INDEX of an index (not ok for an automatic one).
  const ParsedIndex& ParsedIndexOf(const std::string& name) const {
    static const ParsedIndex kNone;
    auto it = indexes.find(name);
    return it == indexes.end() ? kNone : it->second;
  }

  void ReadChecks() {
    for (auto& [key, t] : catalog.tables) {
      const ParsedTable& p = parsed[ToLower(key.name)];
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
                if (IEquals(tc.name, id)) col = tc.name;
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

  void ReadForeignKeys() {
    struct Fk {
      std::string table;
      Constraint c;
      bool implicit_ref = false;
    };
    std::map<std::pair<std::string, long long>, Fk> fks;
    for (const auto& [tname, tr] : rows) {
      if (Hidden(tname)) continue;
      for (const ForeignKeyRow& r : tr.foreign_keys) {
        Fk& fk = fks[{tname, r.id}];
        fk.table = tname;
        fk.c.kind = ConstraintKind::kForeignKey;
        fk.c.ref_table = {kSchema, r.table};
        fk.c.columns.push_back(r.from);
        if (r.to) {
          fk.c.ref_columns.push_back(*r.to);
        } else {
          fk.implicit_ref = true;
        }
        fk.c.on_update = Action(r.on_update);
        fk.c.on_delete = Action(r.on_delete);
        fk.c.match = IEquals(r.match, "NONE") || r.match.empty() ? "" : r.match;
      }
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
      const ParsedTable& p = parsed[ToLower(tname)];
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
              !IEquals(pf.ref_table, c.ref_table.name))
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
      if (IEquals(k.name, o.table)) {
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
    if (IEquals(name, l)) return true;
  }
  for (const std::string& l : options.ledger_tables) {
    if (IEquals(name, l)) return true;
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
  Reader r{db, options, {}, {}, {}, {}, {}, {}};
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
