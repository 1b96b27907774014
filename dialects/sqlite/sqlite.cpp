#include "dialects/sqlite/sqlite.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <cctype>
#include <map>

#include <fmt/format.h>

#include "core/history/ledger.hpp"
#include "core/util/strings.hpp"
#include "dialects/sqlite/db.hpp"
#include "dialects/sqlite/inspect.hpp"
#include "dialects/sqlite/normalize.hpp"

namespace sse::sqlite {

model::Catalog NewCatalog(std::string_view dialect) {
  model::Catalog c;
  c.dialect = std::string(dialect);
  c.schemas["main"] = model::Schema{"main", std::nullopt};
  return c;
}

namespace {

using model::ChangeOp;
using model::ObjectKind;
using model::StatementKind;

/// One row of sqlite_schema.
struct SchemaObject {
  std::string type, name, table, sql;
};
using SchemaState =
    std::map<std::pair<std::string, std::string>, SchemaObject>;  // (type, lower name)

/// Each statement may run for at most this many progress callbacks (1000 VM steps each): a data
/// migration that loops forever must not hang the linter.
constexpr int kProgressBudget = 2'000'000;

int OnProgress(void* arg) {
  int* n = static_cast<int*>(arg);
  return ++*n > kProgressBudget ? 1 : 0;
}

/// The replay never opens other files: ATTACH / DETACH are refused (VACUUM INTO is never run).
int Authorize(void*, int action, const char*, const char*, const char*, const char*) {
  return action == SQLITE_ATTACH || action == SQLITE_DETACH ? SQLITE_DENY : SQLITE_OK;
}

enum class ProblemClass { kExists, kMissing, kSyntax, kRejected };

ProblemClass Classify(std::string_view message) {
  std::string m = ToLower(message);
  if (m.find("already exists") != std::string::npos || m.rfind("duplicate column name", 0) == 0 ||
      m.find("there is already another table or index with this name") != std::string::npos) {
    return ProblemClass::kExists;
  }
  if (m.find("no such ") != std::string::npos) return ProblemClass::kMissing;
  if (m.find("syntax error") != std::string::npos ||
      m.find("incomplete input") != std::string::npos ||
      m.find("unrecognized token") != std::string::npos) {
    return ProblemClass::kSyntax;
  }
  return ProblemClass::kRejected;
}

/// What the first words of a statement say about it.
struct Head {
  StatementKind kind = StatementKind::kNoop;
  std::string tag;
  std::string verb;    ///< CREATE, DROP, ALTER, ...
  std::string object;  ///< TABLE, INDEX, VIEW, TRIGGER (CREATE / DROP)
  bool temp = false;
  bool is_virtual = false;
  bool unique = false;
  bool guarded = false;   ///< IF [NOT] EXISTS
  std::string name;       ///< the object (CREATE / DROP / ALTER TABLE)
  size_t after_name = 0;  ///< token index after the name
};

Head ReadHead(const std::vector<Token>& t) {
  Head h;
  if (t.empty()) return h;
  auto is = [&](size_t i, std::string_view w) { return i < t.size() && t[i].Is(w); };
  std::string w0 = t[0].kind == TokKind::kWord ? ToUpper(t[0].text) : "";
  h.verb = w0;
  if (w0 == "CREATE" || w0 == "DROP") {
    h.kind = StatementKind::kDdl;
    size_t i = 1;
    if (w0 == "CREATE") {
      if (is(i, "TEMP") || is(i, "TEMPORARY")) {
        h.temp = true;
        ++i;
      }
      if (is(i, "UNIQUE")) {
        h.unique = true;
        ++i;
      }
      if (is(i, "VIRTUAL")) {
        h.is_virtual = true;
        ++i;
      }
    }
    if (i < t.size() && t[i].kind == TokKind::kWord) h.object = ToUpper(t[i].text);
    ++i;
    h.tag = w0 + " " + (h.is_virtual ? "VIRTUAL " : "") + h.object;
    if (w0 == "CREATE" && is(i, "IF") && is(i + 1, "NOT") && is(i + 2, "EXISTS")) {
      h.guarded = true;
      i += 3;
    } else if (w0 == "DROP" && is(i, "IF") && is(i + 1, "EXISTS")) {
      h.guarded = true;
      i += 2;
    }
    if (i < t.size()) {
      h.name = NameOf(t[i]);
      ++i;
      if (i + 1 < t.size() && t[i].IsOp(".")) {
        if (ToLower(h.name) == "temp") h.temp = true;
        h.name = NameOf(t[i + 1]);
        i += 2;
      }
    }
    h.after_name = i;
    return h;
  }
  if (w0 == "ALTER") {
    h.kind = StatementKind::kDdl;
    h.tag = "ALTER TABLE";
    h.object = "TABLE";
    size_t i = 2;
    if (i < t.size()) {
      h.name = NameOf(t[i]);
      ++i;
      if (i + 1 < t.size() && t[i].IsOp(".")) {
        h.name = NameOf(t[i + 1]);
        i += 2;
      }
    }
    h.after_name = i;
    return h;
  }
  h.tag = w0;
  if (w0 == "INSERT" || w0 == "REPLACE" || w0 == "UPDATE" || w0 == "DELETE" || w0 == "SELECT" ||
      w0 == "WITH" || w0 == "VALUES") {
    h.kind = StatementKind::kData;
  } else if (w0 == "BEGIN" || w0 == "COMMIT" || w0 == "END" || w0 == "ROLLBACK" ||
             w0 == "SAVEPOINT" || w0 == "RELEASE") {
    h.kind = StatementKind::kTransaction;
  } else if (w0 == "PRAGMA") {
    h.kind = StatementKind::kSession;
  } else if (w0 == "ATTACH" || w0 == "DETACH") {
    h.kind = StatementKind::kUnmodeled;
  } else {
    h.kind =
        StatementKind::kNoop;  // VACUUM, ANALYZE, REINDEX, EXPLAIN, or something SQLite refuses
  }
  return h;
}

ObjectKind KindOf(std::string_view object) {
  if (object == "TABLE") return ObjectKind::kTable;
  if (object == "INDEX") return ObjectKind::kIndex;
  if (object == "VIEW") return ObjectKind::kView;
  if (object == "TRIGGER") return ObjectKind::kTrigger;
  return ObjectKind::kOther;
}

std::string TypeOf(std::string_view object) { return ToLower(object); }

/// Executes migrations in an in-memory database.
class Executor {
 public:
  explicit Executor(std::string dialect) : dialect_(std::move(dialect)) {
    sqlite3* raw = nullptr;
    sqlite3_open_v2(":memory:", &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
    db_.reset(raw);
    sqlite3_extended_result_codes(raw, 1);
    sqlite3_set_authorizer(raw, Authorize, nullptr);
    sqlite3_progress_handler(raw, 1000, OnProgress, &progress_);
    // D1 enforces foreign keys on every connection (PRAGMA foreign_keys cannot turn it off);
    // plain SQLite starts with them off.
    if (dialect_ == "d1") (void)Exec(raw, "PRAGMA foreign_keys = ON");
  }

  sqlite3* db() const { return db_.get(); }

  /// Runs text[range) chunk by chunk with the transaction shape `tx`.
  void RunMigration(std::string_view text, const std::vector<Span>& chunks, TxShape tx,
                    std::vector<model::ReplayedStatement>& out) {
    bool wrapped = tx == TxShape::kPerMigration || tx == TxShape::kAtomicBatch ||
                   tx == TxShape::kWholeRun || tx == TxShape::kImplicitMulti;
    if (!wrapped || tx != TxShape::kWholeRun) EndRun();
    if (wrapped && !in_tool_tx_) {
      (void)Exec(db(), "BEGIN");
      in_tool_tx_ = true;
    }
    existing_.clear();
    if (auto names = Query(db(), "SELECT name FROM main.sqlite_schema"); names.ok()) {
      for (const Row& r : *names) existing_[ToLower(r[0].value_or(""))] = true;
    }
    for (const Span& chunk : chunks) RunChunk(text, chunk, wrapped, out);
    if (in_tool_tx_ && !sqlite3_get_autocommit(db()) && tx != TxShape::kWholeRun) {
      (void)Exec(db(), "COMMIT");
      in_tool_tx_ = false;
    }
    if (!wrapped && !sqlite3_get_autocommit(db())) {
      // A BEGIN written in the file and never committed: the tool's session would end with it
      // rolled back; the replay keeps the statements (and the findings about what follows).
      (void)Exec(db(), "COMMIT");
    }
    if (sqlite3_get_autocommit(db())) in_tool_tx_ = false;
  }

  /// Commits the transaction of a run of kWholeRun migrations.
  void EndRun() {
    if (in_tool_tx_ && !sqlite3_get_autocommit(db())) (void)Exec(db(), "COMMIT");
    in_tool_tx_ = false;
  }

 private:
  /// The rows of sqlite_schema: all of them (`name` empty), or those of one name (what a
  /// statement creates, drops or alters: reading only them keeps the replay linear in the size of
  /// the schema).
  SchemaState State(const std::string& name = {}) const {
    SchemaState s;
    auto rows =
        name.empty()
            ? Query(db(), "SELECT type, name, tbl_name, sql FROM main.sqlite_schema")
            : Query(db(),
                    "SELECT type, name, tbl_name, sql FROM main.sqlite_schema WHERE name = ?1 "
                    "COLLATE NOCASE",
                    {name});
    if (!rows.ok()) return s;
    for (const Row& r : *rows) {
      SchemaObject o{r[0].value_or(""), r[1].value_or(""), r[2].value_or(""), r[3].value_or("")};
      s[{o.type, ToLower(o.name)}] = std::move(o);
    }
    return s;
  }

  /// The sqlite_schema rows a statement's changes are read from (the object it creates, drops or
  /// alters), found through SQLite's own name lookups where a pragma offers one (tables, views,
  /// the indexes of a known table): scanning sqlite_schema for every statement made the replay
  /// quadratic in the size of the schema. Triggers and DROP INDEX (rare) still scan.
  SchemaState StateOf(const Head& h, const std::vector<Token>& toks) const {
    SchemaState s;
    auto add = [&](const std::string& type, const std::string& name, const std::string& table) {
      s[{type, ToLower(name)}] = SchemaObject{type, name, table, ""};
    };
    if (h.object == "TABLE" || h.object == "VIEW") {
      auto rows = Query(db(),
                        "SELECT type, name FROM pragma_table_list(?1) WHERE schema = 'main' AND "
                        "type IN ('table', 'view', 'virtual')",
                        {h.name});
      if (rows.ok()) {
        for (const Row& r : *rows) {
          std::string type = r[0].value_or("");
          std::string name = r[1].value_or("");
          add(type == "view" ? "view" : "table", name, name);
        }
      }
      return s;
    }
    if (h.object == "INDEX" && h.verb == "CREATE") {
      // CREATE [UNIQUE] INDEX [IF NOT EXISTS] [schema.]name ON table (...)
      size_t i = h.after_name;
      if (i + 1 < toks.size() && toks[i].Is("ON")) {
        std::string table = NameOf(toks[i + 1]);
        auto rows = Query(db(),
                          "SELECT l.name, t.name FROM pragma_index_list(?1) l, "
                          "pragma_table_list(?1) t WHERE t.schema = 'main' AND l.name = ?2 "
                          "COLLATE NOCASE",
                          {table, h.name});
        if (rows.ok()) {
          for (const Row& r : *rows) add("index", r[0].value_or(""), r[1].value_or(""));
        }
        if (!s.empty()) return s;
        // No index of that name anywhere (SQLite's own lookup): nothing to scan for.
        auto any = Query(db(), "SELECT 1 FROM pragma_index_info(?1) LIMIT 1", {h.name});
        if (any.ok() && any->empty()) return s;
      }
    }
    return State(h.name);
  }

  struct ColumnInfo {
    std::string name, type;
    bool not_null = false;
    bool has_default = false;
  };
  std::vector<ColumnInfo> Columns(const std::string& table) const {
    std::vector<ColumnInfo> out;
    auto rows =
        Query(db(), "SELECT name, type, \"notnull\", dflt_value FROM pragma_table_info(?1, 'main')",
              {table});
    if (!rows.ok()) return out;
    for (const Row& r : *rows) {
      out.push_back(
          {r[0].value_or(""), r[1].value_or(""), r[2].value_or("0") != "0", r[3].has_value()});
    }
    return out;
  }

  bool Existing(const std::string& name) const {
    auto it = existing_.find(ToLower(name));
    return it != existing_.end() && it->second;
  }

  /// Statement boundaries in a chunk as the sqlite3 shell finds them: a statement ends at the
  /// first ';' where sqlite3_complete() says the text so far is complete (so trigger bodies stay
  /// whole); the last one may end without ';'.
  static std::vector<Span> SplitStatements(std::string_view text, Span chunk) {
    std::vector<Span> out;
    std::string_view body = text.substr(chunk.begin, chunk.end - chunk.begin);
    std::vector<Token> toks = Tokenize(body);
    size_t start = 0;
    while (start < toks.size()) {
      if (toks[start].IsOp(";")) {
        ++start;
        continue;
      }
      size_t end_tok = toks.size() - 1;
      for (size_t k = start; k < toks.size(); ++k) {
        if (!toks[k].IsOp(";")) continue;
        std::string piece(body.substr(toks[start].begin, toks[k].end - toks[start].begin));
        if (sqlite3_complete(piece.c_str())) {
          end_tok = k;
          break;
        }
      }
      out.push_back({static_cast<uint32_t>(chunk.begin + toks[start].begin),
                     static_cast<uint32_t>(chunk.begin + toks[end_tok].end)});
      start = end_tok + 1;
    }
    return out;
  }

  void RunChunk(std::string_view text, Span chunk, bool wrapped,
                std::vector<model::ReplayedStatement>& out) {
    for (const Span& span : SplitStatements(text, chunk)) {
      out.push_back(RunStatement(text, span, wrapped));
    }
  }

  static void AddProblem(model::ReplayedStatement& rs, const std::string& message, int offset,
                         bool* syntax, bool alter = false) {
    model::ReplayProblem p;
    p.message = message;
    if (offset >= 0) p.offset = rs.span.begin + static_cast<uint32_t>(offset);
    ProblemClass cls = Classify(message);
    if (ToLower(message).find("reserved for internal use") != std::string::npos) {
      p.code = "SCH605";
      p.message = fmt::format("{}: SQLite keeps names starting with sqlite_ for itself", message);
      p.help = "give the table another name";
      rs.problems.push_back(std::move(p));
      return;
    }
    if (alter && (cls == ProblemClass::kSyntax || cls == ProblemClass::kRejected)) {
      // SQLite's ALTER TABLE knows RENAME TO, RENAME COLUMN, ADD COLUMN and DROP COLUMN only,
      // each with restrictions (lang_altertable.html).
      p.code = "SCH604";
      p.message = fmt::format("SQLite's ALTER TABLE does not support this: {}", message);
      p.help =
          "rebuild the table instead (CREATE TABLE new_t ...; INSERT INTO new_t SELECT ...; DROP "
          "TABLE t; ALTER TABLE new_t RENAME TO t), see "
          "https://www.sqlite.org/lang_altertable.html";
      rs.kind = StatementKind::kError;
      rs.problems.push_back(std::move(p));
      return;
    }
    switch (cls) {
      case ProblemClass::kExists:
        p.code = "SCH401";
        p.help =
            "the object already exists at this point of the history: the tool stops here; guard "
            "the "
            "statement with IF NOT EXISTS or remove the earlier definition";
        break;
      case ProblemClass::kMissing:
        p.code = "SCH402";
        p.help =
            "the statement names an object that does not exist at this point of the history: the "
            "tool "
            "stops here";
        break;
      case ProblemClass::kSyntax:
        p.code = "SCH403";
        p.help = "fix the statement: SQLite cannot parse it, so the tool stops here";
        rs.kind = StatementKind::kError;
        if (syntax) *syntax = true;
        break;
      case ProblemClass::kRejected:
        p.code = "SCH403";
        p.help = "SQLite rejects the statement (the message is SQLite's own): the tool stops here";
        break;
    }
    rs.problems.push_back(std::move(p));
  }

  /// The rules that need the replay's state or the statement's head (SCH601-SCH603, SCH605 for
  /// names SQLite itself accepts), recorded as problems of the statement; SqliteRules reports
  /// them (rules.cpp). SCH604 and SCH605 for sqlite_ names come from SQLite's own errors.
  void DialectChecks(const Head& h, const std::vector<Token>& toks, model::ReplayedStatement& rs) {
    bool d1 = dialect_ == "d1";
    auto problem = [&](const char* code, std::string message, std::string help) {
      model::ReplayProblem p;
      p.code = code;
      p.message = std::move(message);
      p.help = std::move(help);
      p.advisory = true;
      rs.problems.push_back(std::move(p));
    };
    if (d1 && h.kind == StatementKind::kTransaction) {
      problem("SCH601",
              fmt::format("{} in a D1 migration: D1 rejects transaction statements (wrangler "
                          "already runs each migration as one atomic batch)",
                          h.verb),
              "remove BEGIN / COMMIT / SAVEPOINT / RELEASE / ROLLBACK: the migration is atomic "
              "without them");
      return;
    }
    if (d1 && h.verb == "PRAGMA") {
      size_t i = 1;
      if (i + 2 < toks.size() && toks[i + 1].IsOp(".")) i += 2;  // PRAGMA main.foreign_keys
      // Only turning them off matters (ON is what D1 does anyway); `PRAGMA foreign_keys` reads.
      bool off = i + 2 < toks.size() && toks[i + 1].IsOp("=") &&
                 (toks[i + 2].Is("OFF") || toks[i + 2].Is("FALSE") || toks[i + 2].Is("NO") ||
                  toks[i + 2].text == "0");
      if (i < toks.size() && toks[i].Is("foreign_keys") && off) {
        problem("SCH602",
                "PRAGMA foreign_keys = OFF in a D1 migration has no effect: D1 always enforces "
                "foreign keys, so the statements after it still check (and cascade) them",
                "write PRAGMA defer_foreign_keys = true instead: it defers the checks to the end "
                "of the migration (ON DELETE actions still run)");
      }
      return;
    }
    if (h.verb == "CREATE" && h.object == "TABLE" && !h.temp) CheckReservedName(h.name, rs);
    if (h.verb == "ALTER") {
      size_t i = h.after_name;
      if (i + 2 < toks.size() && toks[i].Is("RENAME") && toks[i + 1].Is("TO"))
        CheckReservedName(NameOf(toks[i + 2]), rs);
    }
    if (d1 && h.verb == "DROP" && h.object == "TABLE") CheckDropCascade(h, rs);
  }

  /// SCH605: `_cf_*` (Cloudflare's own tables in every D1 database) and the migration tools'
  /// ledger tables (sqlite_* is refused by SQLite itself, see AddProblem).
  static void CheckReservedName(const std::string& name, model::ReplayedStatement& rs) {
    std::string lower = ToLower(name);
    model::ReplayProblem p;
    p.code = "SCH605";
    p.help = "give the table another name";
    p.advisory = true;
    if (lower.rfind("_cf_", 0) == 0) {
      p.message = fmt::format(
          "table {} uses the _cf_ prefix Cloudflare reserves for D1's own tables: D1 refuses it, "
          "and schema drift leaves _cf_ tables out",
          name);
    } else {
      for (const LedgerTable& l : DefaultLedgerTables()) {
        if (lower != ToLower(l.table)) continue;
        p.message = fmt::format(
            "table {} is the name of {}'s ledger table: the tool creates and writes it, and "
            "schema drift leaves it out",
            name, l.tool == Tool::kD1 ? std::string_view("wrangler") : ToolName(l.tool));
        break;
      }
    }
    if (!p.message.empty()) rs.problems.push_back(std::move(p));
  }

  /// SCH603: DROP TABLE on D1 deletes the table's rows first, and D1 always enforces foreign
  /// keys, so ON DELETE CASCADE / SET NULL / SET DEFAULT of the tables that reference it change
  /// their rows: the classic table rebuild (create new, copy, drop, rename) loses child rows.
  void CheckDropCascade(const Head& h, model::ReplayedStatement& rs) const {
    auto rows = Query(db(),
                      "SELECT m.name, f.\"from\", f.on_delete FROM main.sqlite_schema m, "
                      "pragma_foreign_key_list(m.name) f WHERE m.type = 'table' AND "
                      "lower(f.\"table\") = lower(?1) AND lower(m.name) <> lower(?1) AND "
                      "f.on_delete IN ('CASCADE', 'SET NULL', 'SET DEFAULT') ORDER BY m.name, f.id",
                      {h.name});
    if (!rows.ok() || rows->empty()) return;
    std::vector<std::string> refs;
    for (const Row& r : *rows) {
      refs.push_back(fmt::format("{}.{} (ON DELETE {})", r[0].value_or(""), r[1].value_or(""),
                                 r[2].value_or("")));
    }
    std::string list;
    for (size_t i = 0; i < refs.size(); ++i) list += (i ? ", " : "") + refs[i];
    model::ReplayProblem p;
    p.code = "SCH603";
    p.advisory = true;
    p.message = fmt::format(
        "DROP TABLE {} on D1 deletes its rows, and D1 enforces foreign keys: {} change the rows "
        "that reference them (a rebuild that drops and renames loses or nulls them; "
        "PRAGMA foreign_keys = OFF is ignored and defer_foreign_keys does not stop ON DELETE "
        "actions)",
        h.name, list);
    p.help =
        "copy the referencing rows aside and restore them after the rename in the same migration, "
        "or change the table with ALTER TABLE where SQLite allows it instead of rebuilding it";
    rs.problems.push_back(std::move(p));
  }

  model::ReplayedStatement RunStatement(std::string_view text, Span span, bool wrapped) {
    model::ReplayedStatement rs;
    rs.span = span;
    std::string sql(text.substr(span.begin, span.end - span.begin));
    std::vector<Token> toks = Tokenize(sql);
    Head h = ReadHead(toks);
    rs.kind = h.kind;
    rs.tag = h.tag;
    if (h.kind == StatementKind::kDdl) {
      rs.retry_safe = h.guarded && h.verb != "ALTER";
    }
    if (h.kind == StatementKind::kTransaction && wrapped) {
      DialectChecks(h, toks, rs);
      return rs;  // the tool holds the transaction
    }
    if (h.kind == StatementKind::kUnmodeled) {
      rs.unmodeled_reason = fmt::format(
          "{} opens or closes another database file; the replay does not follow it", h.tag);
      return rs;
    }
    if (h.verb == "VACUUM") {
      rs.no_transaction = true;
      return rs;  // no schema effect, and VACUUM INTO would write a file
    }
    SchemaState before;
    std::vector<ColumnInfo> cols_before;
    if (h.kind == StatementKind::kDdl) {
      before = StateOf(h, toks);
      if (h.verb == "ALTER") cols_before = Columns(h.name);
    }
    bool in_tx_before = !sqlite3_get_autocommit(db());
    sqlite3_stmt* raw = nullptr;
    const char* tail = nullptr;
    progress_ = 0;
    DialectChecks(h, toks, rs);
    size_t advisories = rs.problems.size();
    bool alter = h.verb == "ALTER";
    int rc = sqlite3_prepare_v2(db(), sql.c_str(), static_cast<int>(sql.size()), &raw, &tail);
    if (rc != SQLITE_OK) {
      AddProblem(rs, LastError(db()), sqlite3_error_offset(db()), &syntax_error_, alter);
      return rs;
    }
    Stmt st(raw);
    if (!raw) return rs;  // only comments
    for (;;) {
      rc = sqlite3_step(raw);
      if (rc == SQLITE_ROW) continue;
      if (rc != SQLITE_DONE) {
        AddProblem(rs, LastError(db()), sqlite3_error_offset(db()), &syntax_error_, alter);
        break;
      }
      break;
    }
    st.reset();
    if (in_tx_before && sqlite3_get_autocommit(db()) && in_tool_tx_ &&
        h.kind != StatementKind::kTransaction) {
      // An error rolled the whole transaction back (SQLite does for a few kinds): reopen it so the
      // rest of the migration runs as the tool's transaction again.
      (void)Exec(db(), "BEGIN");
    }
    if (rs.problems.size() == advisories && h.kind == StatementKind::kDdl)
      Changes(h, toks, before, cols_before, rs);
    return rs;
  }

  void Changes(const Head& h, const std::vector<Token>& toks, const SchemaState& before,
               const std::vector<ColumnInfo>& cols_before, model::ReplayedStatement& rs) {
    std::string schema = h.temp ? "temp" : "main";
    SchemaState after = h.temp ? SchemaState{} : StateOf(h, toks);
    auto find = [](const SchemaState& s, const std::string& type,
                   const std::string& name) -> const SchemaObject* {
      auto it = s.find({type, ToLower(name)});
      return it == s.end() ? nullptr : &it->second;
    };
    ObjectKind kind = KindOf(h.object);
    auto ref = [&](const SchemaObject& o) {
      model::ObjectRef r;
      r.kind = kind;
      if (kind == ObjectKind::kTrigger) {
        r.name = {schema, o.table};
        r.member = o.name;
      } else {
        r.name = {schema, o.name};
      }
      return r;
    };
    if (h.verb == "CREATE") {
      if (h.temp) {
        model::Change c;
        c.op = ChangeOp::kCreate;
        c.object.kind = kind;
        c.object.name = {schema, h.name};
        c.guarded = h.guarded;
        rs.changes.push_back(std::move(c));
        return;
      }
      std::string type = TypeOf(h.object);
      const SchemaObject* now = find(after, type, h.name);
      if (!now || find(before, type, h.name)) return;  // IF NOT EXISTS on an existing object
      model::Change c;
      c.op = ChangeOp::kCreate;
      c.object = ref(*now);
      c.guarded = h.guarded;
      if (kind == ObjectKind::kIndex) {
        c.unique = h.unique;
        c.on_existing = Existing(now->table);
      } else if (kind == ObjectKind::kTrigger) {
        c.on_existing = Existing(now->table);
      }
      existing_[ToLower(now->name)] = false;
      rs.changes.push_back(std::move(c));
      return;
    }
    if (h.verb == "DROP") {
      std::string type = TypeOf(h.object);
      const SchemaObject* was = find(before, type, h.name);
      if (!was || find(after, type, h.name)) return;
      model::Change c;
      c.op = ChangeOp::kDrop;
      c.object = ref(*was);
      c.guarded = h.guarded;
      c.on_existing = Existing(
          kind == ObjectKind::kIndex || kind == ObjectKind::kTrigger ? was->table : was->name);
      existing_.erase(ToLower(was->name));
      rs.changes.push_back(std::move(c));
      return;
    }
    // ALTER TABLE name RENAME TO x | RENAME [COLUMN] a TO b | ADD [COLUMN] def | DROP [COLUMN] c
    size_t i = h.after_name;
    auto is = [&](size_t k, std::string_view w) { return k < toks.size() && toks[k].Is(w); };
    const SchemaObject* table = find(before, "table", h.name);
    std::string tname = table ? table->name : h.name;
    bool on_existing = Existing(tname);
    model::Change c;
    c.object.name = {schema, tname};
    c.on_existing = on_existing;
    if (is(i, "RENAME") && is(i + 1, "TO") && i + 2 < toks.size()) {
      c.op = ChangeOp::kRename;
      c.object.kind = ObjectKind::kTable;
      c.new_name = NameOf(toks[i + 2]);
      existing_[ToLower(c.new_name)] = on_existing;
      existing_.erase(ToLower(tname));
    } else if (is(i, "RENAME")) {
      size_t k = is(i + 1, "COLUMN") ? i + 2 : i + 1;
      if (k + 2 >= toks.size()) return;
      c.op = ChangeOp::kRename;
      c.object.kind = ObjectKind::kColumn;
      c.object.member = NameOf(toks[k]);
      c.new_name = NameOf(toks[k + 2]);
      for (const ColumnInfo& ci : cols_before) {
        if (ToLower(ci.name) == ToLower(c.object.member)) c.object.member = ci.name;
      }
    } else if (is(i, "ADD")) {
      size_t k = is(i + 1, "COLUMN") ? i + 2 : i + 1;
      if (k >= toks.size()) return;
      std::string col = NameOf(toks[k]);
      c.op = ChangeOp::kCreate;
      c.object.kind = ObjectKind::kColumn;
      c.object.member = col;
      for (const ColumnInfo& ci : Columns(tname)) {
        if (ToLower(ci.name) != ToLower(col)) continue;
        c.object.member = ci.name;
        DeclaredType dt = NormalizeType(ci.type);
        c.new_type = model::TypeRef{dt.name, dt.args, 0};
        c.not_null = ci.not_null;
        c.has_default = ci.has_default;
      }
    } else if (is(i, "DROP")) {
      size_t k = is(i + 1, "COLUMN") ? i + 2 : i + 1;
      if (k >= toks.size()) return;
      std::string col = NameOf(toks[k]);
      c.op = ChangeOp::kDrop;
      c.object.kind = ObjectKind::kColumn;
      c.object.member = col;
      for (const ColumnInfo& ci : cols_before) {
        if (ToLower(ci.name) == ToLower(col)) {
          c.object.member = ci.name;
          DeclaredType dt = NormalizeType(ci.type);
          c.old_type = model::TypeRef{dt.name, dt.args, 0};
        }
      }
    } else {
      return;
    }
    rs.changes.push_back(std::move(c));
  }

 public:
  bool syntax_error() const { return syntax_error_; }

 private:
  std::string dialect_;
  Db db_;
  int progress_ = 0;
  bool in_tool_tx_ = false;
  bool syntax_error_ = false;
  std::map<std::string, bool> existing_;  ///< lower(name) -> existed when the migration started
};

model::Catalog Introspect(Executor& ex, const std::string& dialect) {
  ex.EndRun();
  InspectOptions options;
  options.dialect = dialect;
  options.use_pragmas = true;
  auto catalog = InspectConnection(ex.db(), options);
  return catalog.ok() ? std::move(catalog).value() : NewCatalog(dialect);
}

}  // namespace

model::SetReplay SqliteReplayer::Replay(const MigrationSet& set, int up_to) const {
  model::SetReplay replay;
  Executor ex(dialect_);
  size_t n = set.migrations.size();
  if (up_to >= 0) n = std::min(n, static_cast<size_t>(up_to) + 1);
  replay.migrations.resize(set.migrations.size());
  for (size_t i = 0; i < n; ++i) {
    const Migration& m = set.migrations[i];
    if (!m.file || m.load_failed) continue;
    std::vector<Span> chunks = m.chunks.empty() ? std::vector<Span>{m.body} : m.chunks;
    if (chunks.size() == 1 && chunks[0].begin == 0 && chunks[0].end == 0) {
      chunks[0].end = static_cast<uint32_t>(m.file->text().size());
    }
    ex.RunMigration(m.file->text(), chunks, m.tx, replay.migrations[i].statements);
  }
  replay.catalog = Introspect(ex, dialect_);
  return replay;
}

Result<model::SetReplay> SqliteReplayer::LoadDdl(const SourceFile& file) const {
  model::SetReplay replay;
  Executor ex(dialect_);
  std::vector<model::ReplayedStatement>& statements = replay.migrations.emplace_back().statements;
  ex.RunMigration(file.text(), {Span{0, static_cast<uint32_t>(file.text().size())}},
                  TxShape::kPerStatement, statements);
  for (const model::ReplayedStatement& st : statements) {
    if (st.kind != StatementKind::kError) continue;
    for (const model::ReplayProblem& p : st.problems) {
      if (!p.Fails()) continue;
      return Error(ErrorCode::kParse, p.message,
                   SourceLoc::At(file, p.offset.value_or(st.span.begin)));
    }
  }
  replay.catalog = Introspect(ex, dialect_);
  return replay;
}

}  // namespace sse::sqlite
