#include "cli/databases.hpp"

#include <algorithm>
#include <functional>
#include <map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/migrations/wrangler_config.hpp"
#include "core/util/process.hpp"
#include "core/util/strings.hpp"
#include "dialects/postgres/live.hpp"
#include "dialects/sqlite/d1_state.hpp"
#include "dialects/sqlite/db.hpp"
#include "dialects/sqlite/inspect.hpp"

namespace sse::cli {

namespace {

using Rows = std::vector<sqlite::Row>;
/// Runs one read-only query on the database being inspected.
using QueryFn = std::function<Result<Rows>(const std::string& sql)>;

bool StartsWith(std::string_view s, std::string_view p) { return s.rfind(p, 0) == 0; }

/// "Cannot read the database" is an operational failure (exit 3), whatever the layer below
/// called it: a missing file, a file that is not a database, a wrangler that fails.
Error Operational(Error e) {
  if (e.code != ErrorCode::kConnection && e.code != ErrorCode::kQuery &&
      e.code != ErrorCode::kTimeout) {
    e.code = ErrorCode::kConnection;
  }
  return e;
}

std::string Text(const std::optional<std::string>& v) { return v.value_or(""); }

std::optional<int64_t> Int(const std::optional<std::string>& v) {
  if (!v || v->empty()) return std::nullopt;
  try {
    size_t used = 0;
    double d = std::stod(*v, &used);  // Drizzle stores created_at as numeric on SQLite
    return static_cast<int64_t>(d);
  } catch (...) {
    return std::nullopt;
  }
}

bool Truthy(const std::optional<std::string>& v) {
  return v && (*v == "1" || *v == "t" || *v == "true" || *v == "TRUE");
}

/// Reads the ledgers among `tables` (names present in the database, compared without case;
/// PostgreSQL's are schema-qualified: "drizzle.__drizzle_migrations").
Result<std::vector<Ledger>> ReadLedgers(const QueryFn& query,
                                        const std::vector<std::string>& tables,
                                        const std::string& d1_table, bool postgres = false) {
  auto has = [&](std::string_view name) -> std::optional<std::string> {
    for (const std::string& t : tables) {
      size_t dot = t.rfind('.');
      if (IEquals(dot == std::string::npos ? t : t.substr(dot + 1), name)) return t;
    }
    return std::nullopt;
  };
  std::vector<Ledger> out;
  auto read = [&](Tool tool, const std::string& table, const std::string& sql,
                  const std::function<LedgerRow(const sqlite::Row&)>& row) -> Status {
    auto rows = query(sql);
    if (!rows.ok()) return std::move(rows).error();
    Ledger l;
    l.tool = tool;
    l.table = table;
    for (const sqlite::Row& r : *rows) l.rows.push_back(row(r));
    out.push_back(std::move(l));
    return {};
  };
  auto quoted = [](const std::string& t) {
    std::string out;
    for (size_t begin = 0;;) {
      size_t dot = t.find('.', begin);
      std::string part =
          t.substr(begin, dot == std::string::npos ? std::string::npos : dot - begin);
      out += (out.empty() ? "\"" : ".\"") + ReplaceAll(part, "\"", "\"\"") + "\"";
      if (dot == std::string::npos) return out;
      begin = dot + 1;
    }
  };
  if (auto t = has(d1_table.empty() ? "d1_migrations" : d1_table)) {
    SSE_TRY_STATUS(read(Tool::kD1, *t, fmt::format("SELECT name FROM {} ORDER BY id", quoted(*t)),
                        [](const sqlite::Row& r) {
                          return LedgerRow{Text(r.at(0)), std::nullopt, true};
                        }));
  }
  if (auto t = has("__drizzle_migrations")) {
    SSE_TRY_STATUS(read(Tool::kDrizzle, *t,
                        fmt::format("SELECT hash, created_at FROM {}", quoted(*t)),
                        [](const sqlite::Row& r) {
                          return LedgerRow{Text(r.at(0)), Int(r.at(1)), true};
                        }));
  }
  if (auto t = has("_prisma_migrations")) {
    SSE_TRY_STATUS(read(
        Tool::kPrisma, *t,
        fmt::format("SELECT migration_name, finished_at IS NOT NULL AND rolled_back_at IS NULL "
                    "FROM {} ORDER BY started_at",
                    quoted(*t)),
        [](const sqlite::Row& r) {
          return LedgerRow{Text(r.at(0)), std::nullopt, Truthy(r.at(1))};
        }));
  }
  if (auto t = has("flyway_schema_history")) {
    SSE_TRY_STATUS(
        read(Tool::kFlyway, *t,
             fmt::format("SELECT version, success FROM {} WHERE version IS NOT NULL ORDER BY "
                         "installed_rank",
                         quoted(*t)),
             [](const sqlite::Row& r) {
               return LedgerRow{Text(r.at(0)), std::nullopt, Truthy(r.at(1))};
             }));
  }
  if (auto t = has("schema_migrations")) {
    // golang-migrate keeps (version, dirty); dbmate and Rails keep (version).
    auto probe = query(fmt::format("SELECT * FROM {} LIMIT 0", quoted(*t)));
    std::string literal = ReplaceAll(postgres ? quoted(*t) : *t, "'", "''");
    auto cols = query(postgres ? fmt::format("SELECT attname FROM pg_catalog.pg_attribute WHERE "
                                             "attrelid = '{}'::pg_catalog.regclass AND attnum > 0 "
                                             "AND NOT attisdropped",
                                             literal)
                               : fmt::format("SELECT name FROM pragma_table_info('{}')", literal));
    bool dirty = false;
    if (cols.ok()) {
      for (const sqlite::Row& r : *cols) dirty = dirty || IEquals(Text(r.at(0)), "dirty");
    }
    if (probe.ok()) {
      if (dirty) {
        SSE_TRY_STATUS(read(Tool::kGolangMigrate, *t,
                            fmt::format("SELECT version, dirty FROM {} LIMIT 1", quoted(*t)),
                            [](const sqlite::Row& r) {
                              return LedgerRow{Text(r.at(0)), std::nullopt, !Truthy(r.at(1))};
                            }));
      } else {
        SSE_TRY_STATUS(read(Tool::kDbmate, *t,
                            fmt::format("SELECT version FROM {} ORDER BY version", quoted(*t)),
                            [](const sqlite::Row& r) {
                              return LedgerRow{Text(r.at(0)), std::nullopt, true};
                            }));
      }
    }
  }
  if (auto t = has("alembic_version")) {
    SSE_TRY_STATUS(read(Tool::kAlembic, *t, fmt::format("SELECT version_num FROM {}", quoted(*t)),
                        [](const sqlite::Row& r) {
                          return LedgerRow{Text(r.at(0)), std::nullopt, true};
                        }));
  }
  return out;
}

Result<LiveDatabase> OpenSqliteFile(Context& ctx, const std::string& spec,
                                    const std::string& path_text, const std::string& dialect,
                                    const std::string& d1_table) {
  fs::path path = fs::path(path_text).is_absolute() ? fs::path(path_text) : ctx.env.cwd / path_text;
  sqlite::InspectOptions io;
  io.dialect = dialect;
  if (!d1_table.empty()) io.ledger_tables.push_back(d1_table);
  LiveDatabase live;
  // The ledgers are read on the same connection, in the inspection's read transaction.
  io.in_transaction = [&](sqlite3* db) -> Status {
    QueryFn query = [&](const std::string& sql) { return sqlite::Query(db, sql); };
    SSE_TRY(Rows names, query("SELECT name FROM sqlite_schema WHERE type = 'table'"));
    std::vector<std::string> tables;
    for (const sqlite::Row& r : names) tables.push_back(Text(r.at(0)));
    SSE_TRY(live.ledgers, ReadLedgers(query, tables, d1_table));
    return {};
  };
  auto catalog = sqlite::InspectSqlite(path, io);
  if (!catalog.ok()) return Operational(std::move(catalog).error());
  live.catalog = std::move(*catalog);
  live.dialect = dialect;
  live.description = fmt::format("{} database {}", dialect == "d1" ? "D1 local" : "SQLite",
                                 DisplayPath(ctx.env.cwd, path));
  (void)spec;
  return live;
}

Result<WranglerConfig> FindWrangler(Context& ctx) {
  std::optional<fs::path> config = FindWranglerConfig(ctx.env.cwd);
  if (!config) {
    return Error(ErrorCode::kNotFound,
                 fmt::format("no wrangler.json, wrangler.jsonc or wrangler.toml in {} or above: "
                             "d1:BINDING needs the "
                             "wrangler config that declares the binding",
                             ctx.env.cwd.string()));
  }
  return LoadWranglerConfig(*config, DisplayPath(ctx.env.cwd, *config));
}

/// The d1_databases entry `name` names (binding or database_name) in the active environment.
const WranglerD1Database* FindD1Entry(const WranglerConfig& config, std::string_view name,
                                      const std::string& env) {
  for (const WranglerD1Database& d : config.D1Databases(env)) {
    if (d.binding.value == name || d.database_name.value == name) return &d;
  }
  return nullptr;
}

/// `wrangler d1 execute NAME --remote --json --command SQL`, parsed: the rows of the result.
Result<Rows> WranglerQuery(const fs::path& wrangler, const fs::path& dir, const std::string& name,
                           const std::string& env, const std::string& sql,
                           std::vector<std::string>& columns) {
  std::vector<std::string> argv = {wrangler.string(), "d1",     "execute",   name,
                                   "--remote",        "--json", "--command", sql};
  if (!env.empty()) {
    argv.push_back("--env");
    argv.push_back(env);
  }
  auto run = RunProcess(argv, dir, 120);
  if (!run.ok()) return Operational(std::move(run).error());
  auto fail = [&](std::string why) {
    std::string tail(Trim(run->err.empty() ? run->out : run->err));
    if (tail.size() > 2000) tail = "..." + tail.substr(tail.size() - 2000);
    return Error(ErrorCode::kConnection,
                 fmt::format("wrangler d1 execute {} --remote failed ({}){}{}", name, why,
                             tail.empty() ? "" : ":\n", tail));
  };
  if (run->exit_code != 0) return fail(fmt::format("exit code {}", run->exit_code));
  nlohmann::json doc;
  try {
    doc = nlohmann::json::parse(run->out);
  } catch (const nlohmann::json::exception&) {
    return fail("its output is not JSON");
  }
  if (doc.is_object() && doc.contains("error")) return fail(doc["error"].dump());
  if (!doc.is_array() || doc.empty() || !doc[0].is_object() || !doc[0].contains("results")) {
    return fail("unexpected JSON shape");
  }
  Rows rows;
  columns.clear();
  for (const auto& r : doc[0]["results"]) {
    if (!r.is_object()) continue;
    if (columns.empty()) {
      for (auto it = r.begin(); it != r.end(); ++it) columns.push_back(it.key());
    }
    sqlite::Row row;
    for (const std::string& c : columns) {
      const auto& v = r.contains(c) ? r[c] : nlohmann::json();
      if (v.is_null()) {
        row.push_back(std::nullopt);
      } else if (v.is_string()) {
        row.push_back(v.get<std::string>());
      } else if (v.is_boolean()) {
        row.push_back(v.get<bool>() ? "1" : "0");
      } else {
        row.push_back(v.dump());
      }
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

/// d1:BINDING?remote: the remote schema through the user's wrangler. sqlite_schema's CREATE
/// statements are executed in an in-memory SQLite and inspected there: the same introspection
/// as a local file, with one wrangler call for the schema and one per ledger.
Result<LiveDatabase> OpenD1Remote(const WranglerConfig& config, const WranglerD1Database& entry,
                                  const std::string& env) {
  std::vector<fs::path> dirs;
  for (fs::path d = config.Dir(); !d.empty(); d = d.parent_path()) {
    dirs.push_back(d / "node_modules" / ".bin");
    if (d == d.parent_path()) break;
  }
  std::optional<fs::path> wrangler = FindExecutable("wrangler", dirs);
  if (!wrangler) {
    return Error(
        ErrorCode::kConnection,
        "d1:...?remote runs `wrangler d1 execute --remote`, but wrangler was found neither in "
        "node_modules/.bin nor in PATH (install it: npm install --save-dev wrangler)");
  }
  std::string name = entry.binding.value;
  std::vector<std::string> columns;
  SSE_TRY(Rows schema,
          WranglerQuery(*wrangler, config.Dir(), name, env,
                        "SELECT type, name, tbl_name, sql FROM sqlite_schema", columns));
  auto col = [&](const sqlite::Row& r, std::string_view c) -> std::optional<std::string> {
    for (size_t i = 0; i < columns.size() && i < r.size(); ++i) {
      if (columns[i] == c) return r[i];
    }
    return std::nullopt;
  };
  sqlite3* raw = nullptr;
  if (sqlite3_open_v2(":memory:", &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) !=
      SQLITE_OK) {
    sqlite3_close_v2(raw);
    return Error(ErrorCode::kInternal, "cannot open an in-memory SQLite database");
  }
  sqlite::Db mem(raw);
  // Tables (virtual ones first: they create their shadow tables), then indexes, views, triggers.
  std::vector<std::string> tables;
  for (std::string_view kind : {"vtable", "table", "index", "view", "trigger"}) {
    for (const sqlite::Row& r : schema) {
      std::string type = Text(col(r, "type"));
      std::string sql = Text(col(r, "sql"));
      std::string tname = Text(col(r, "name"));
      if (sql.empty() || StartsWith(tname, "sqlite_")) continue;
      bool is_virtual = type == "table" && IStartsWith(sql, "CREATE VIRTUAL");
      std::string k = is_virtual ? std::string("vtable") : type;
      if (k != kind) continue;
      if (type == "table") tables.push_back(tname);
      Status st = sqlite::Exec(mem.get(), sql);
      // A shadow table of a virtual table already exists: the module created it.
      if (!st.ok() && st.error().message.find("already exists") == std::string::npos) {
        return Error(ErrorCode::kQuery,
                     fmt::format("the remote schema of {} does not load into SQLite {}: {}", name,
                                 sqlite3_libversion(), st.error().message));
      }
    }
  }
  sqlite::InspectOptions io;
  io.dialect = "d1";
  io.ledger_tables.push_back(entry.MigrationsTable());
  auto catalog = sqlite::InspectConnection(mem.get(), io);
  if (!catalog.ok()) return Operational(std::move(catalog).error());
  LiveDatabase live;
  live.catalog = std::move(*catalog);
  live.dialect = "d1";
  live.description = fmt::format("D1 database {} (remote, through wrangler)", name);
  live.migrations_dir = entry.migrations_path;
  QueryFn query = [&](const std::string& sql) -> Result<Rows> {
    std::vector<std::string> cols;
    return WranglerQuery(*wrangler, config.Dir(), name, env, sql, cols);
  };
  // Only the D1 ledger is read remotely (each query is a wrangler run).
  std::vector<std::string> d1_only;
  for (const std::string& t : tables) {
    if (IEquals(t, entry.MigrationsTable())) d1_only.push_back(t);
  }
  auto ledgers = ReadLedgers(query, d1_only, entry.MigrationsTable());
  if (!ledgers.ok()) return Operational(std::move(ledgers).error());
  live.ledgers = std::move(*ledgers);
  return live;
}

Result<LiveDatabase> OpenD1(Context& ctx, std::string name, const DatabaseOptions& options) {
  bool remote = false;
  if (size_t q = name.find('?'); q != std::string::npos) {
    std::string query = name.substr(q + 1);
    name.resize(q);
    if (query == "remote") {
      remote = true;
    } else if (query != "local") {
      return Error(
          ErrorCode::kInvalidArgument,
          fmt::format(
              "d1:{}?{}: unknown option '{}' (d1:BINDING, d1:BINDING?local or d1:BINDING?remote)",
              name, query, query));
    }
  }
  if (name.empty())
    return Error(ErrorCode::kInvalidArgument, "d1: needs a binding or database name (d1:DB)");
  SSE_TRY(WranglerConfig config, FindWrangler(ctx));
  const WranglerD1Database* entry = FindD1Entry(config, name, options.env);
  if (!entry) {
    std::vector<std::string> names;
    for (const WranglerD1Database& d : config.D1Databases(options.env))
      names.push_back(d.binding.value);
    return Error(
        ErrorCode::kInvalidArgument,
        fmt::format("{}: no d1_databases entry with binding or database_name '{}'{} (bindings: {})",
                    config.display, name, options.env.empty() ? "" : " in env." + options.env,
                    names.empty() ? "none" : Join(names, ", ")));
  }
  if (remote) return OpenD1Remote(config, *entry, options.env);
  sqlite::D1StateOptions so;
  so.env = options.env;
  auto state = sqlite::FindD1LocalState(config, name, so);
  if (!state.ok()) return Operational(std::move(state).error());
  SSE_TRY(LiveDatabase live,
          OpenSqliteFile(ctx, "d1:" + name, state->file.string(), "d1", entry->MigrationsTable()));
  live.description = fmt::format("D1 database {} (local state {})", entry->binding.value,
                                 DisplayPath(ctx.env.cwd, state->file));
  live.migrations_dir = entry->migrations_path;
  return live;
}

bool IsPostgresSpec(std::string_view s) {
  return StartsWith(s, "postgres://") || StartsWith(s, "postgresql://") ||
         (s.find('=') != std::string_view::npos && (s.find("host=") != std::string_view::npos ||
                                                    s.find("dbname=") != std::string_view::npos ||
                                                    s.find("service=") != std::string_view::npos));
}

}  // namespace

bool IsDatabaseSpec(std::string_view spec) {
  return IsPostgresSpec(spec) || StartsWith(spec, "sqlite:") || StartsWith(spec, "d1:") ||
         IEndsWith(spec, ".db") || IEndsWith(spec, ".sqlite") || IEndsWith(spec, ".sqlite3");
}

Result<LiveDatabase> OpenDatabase(Context& ctx, const std::string& spec,
                                  const DatabaseOptions& options) {
  if (StartsWith(spec, "d1:")) return OpenD1(ctx, spec.substr(3), options);
  if (StartsWith(spec, "sqlite:")) {
    std::string path = spec.substr(7);
    if (StartsWith(path, "//")) path = path.substr(2);  // sqlite:///abs/path and sqlite://rel
    if (path.empty())
      return Error(ErrorCode::kInvalidArgument, "sqlite: needs a file path (sqlite:app.db)");
    return OpenSqliteFile(ctx, spec, path, "sqlite", "");
  }
  if (IsPostgresSpec(spec)) {
    auto pg_live = pg::LivePostgres();
    if (!pg_live.ok()) return std::move(pg_live).error();
    pg::InspectOptions po;
    po.connect_timeout_s = options.connect_timeout_s;
    LiveDatabase live;
    // The ledgers are read in the inspection's transaction: the same snapshot as the schema.
    po.in_transaction = [&live](const pg::TxQuery& query) -> Status {
      std::string names;
      for (const LedgerTable& l : DefaultLedgerTables()) {
        if (l.tool != Tool::kD1) names += fmt::format("{}'{}'", names.empty() ? "" : ", ", l.table);
      }
      SSE_TRY(pg::QueryRows found,
              query(fmt::format("SELECT n.nspname || '.' || c.relname FROM pg_catalog.pg_class c "
                                "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE "
                                "c.relkind IN ('r', 'p') AND c.relname IN ({}) ORDER BY "
                                "n.nspname <> 'public', 1",
                                names)));
      std::vector<std::string> tables;
      for (const auto& r : found) tables.push_back(Text(r.at(0)));
      SSE_TRY(live.ledgers, ReadLedgers(query, tables, "", /*postgres=*/true));
      return {};
    };
    auto catalog = (*pg_live)->inspect(spec, po);
    if (!catalog.ok()) return Operational(std::move(catalog).error());
    live.catalog = std::move(*catalog);
    EraseLedgerTables(live.catalog);  // the tools' history tables are not schema
    live.dialect = "postgres";
    live.description = "PostgreSQL " + (*pg_live)->describe_target(spec);
    return live;
  }
  if (IsDatabaseSpec(spec)) return OpenSqliteFile(ctx, spec, spec, "sqlite", "");
  return Error(ErrorCode::kInvalidArgument, fmt::format("{}: not a database URL", spec));
}

}  // namespace sse::cli
