#include "dialects/sqlite/d1_state.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "core/util/hash.hpp"
#include "dialects/sqlite/inspect.hpp"

namespace sse::sqlite {

namespace {

constexpr std::string_view kUniqueKey = "miniflare-D1DatabaseObject";

std::string Where(std::string_view env) {
  return env.empty() ? std::string("the top level") : fmt::format("env.{}", env);
}

std::string Bindings(const std::vector<WranglerD1Database>& list) {
  std::string out;
  for (const WranglerD1Database& e : list) {
    if (!e.binding.has()) continue;
    if (!out.empty()) out += ", ";
    out += e.binding.value;
    if (e.database_name.has() && e.database_name.value != e.binding.value) {
      out += fmt::format(" (database_name {})", e.database_name.value);
    }
  }
  return out;
}

}  // namespace

std::string D1StateFileName(std::string_view object_name) {
  Sha256Digest key = Sha256(kUniqueKey);
  std::string_view key_bytes(reinterpret_cast<const char*>(key.data()), key.size());
  Sha256Digest a = HmacSha256(key_bytes, object_name);
  Sha256Digest b =
      HmacSha256(key_bytes, std::string_view(reinterpret_cast<const char*>(a.data()), 16));
  return HexLower(a.data(), 16) + HexLower(b.data(), 16) + ".sqlite";
}

Result<D1LocalState> FindD1LocalState(const WranglerConfig& config, std::string_view name,
                                      const D1StateOptions& options) {
  const WranglerD1Database* db = config.ResolveD1(options.env, name);
  if (!db) {
    const std::vector<WranglerD1Database>& list = config.D1Databases(options.env);
    std::string have = Bindings(list);
    std::string message = have.empty()
                              ? fmt::format("{}: no D1 database '{}': {} declares no d1_databases",
                                            config.display, name, Where(options.env))
                              : fmt::format("{}: no D1 database '{}' in {}; its bindings are: {}",
                                            config.display, name, Where(options.env), have);
    std::vector<std::string> elsewhere;
    for (const WranglerD1Database* e : config.AllD1Databases()) {
      if (e->env == options.env) continue;
      if ((e->binding.has() && e->binding.value == name) ||
          (e->database_name.has() && e->database_name.value == name)) {
        std::string where = e->env.empty() ? "the top level (no --env)"
                                           : fmt::format("env.{} (--env {})", e->env, e->env);
        if (std::find(elsewhere.begin(), elsewhere.end(), where) == elsewhere.end())
          elsewhere.push_back(where);
      }
    }
    if (!elsewhere.empty()) {
      message += fmt::format(" (it is declared in {}", elsewhere.front());
      for (size_t i = 1; i < elsewhere.size(); ++i) message += fmt::format(" and {}", elsewhere[i]);
      message += ")";
    }
    return Error(ErrorCode::kNotFound, std::move(message));
  }
  D1LocalState out;
  out.binding = db->binding.value;
  out.migrations_table = db->MigrationsTable();
  if (db->preview_database_id.has()) {
    out.object_name = db->preview_database_id.value;
    out.object_source = "preview_database_id";
  } else if (db->database_id.has()) {
    out.object_name = db->database_id.value;
    out.object_source = "database_id";
  } else {
    out.object_name = db->binding.value;
    out.object_source = "binding";
  }
  fs::path root = options.persist_to ? *options.persist_to : config.Dir() / ".wrangler" / "state";
  fs::path folder = root / "v3" / "d1" / std::string(kUniqueKey);
  out.file = folder / D1StateFileName(out.object_name);
  std::error_code ec;
  if (fs::is_regular_file(out.file, ec)) return out;

  std::string message = fmt::format(
      "no local D1 state for '{}' yet: {} does not exist (the file of {} {}); run `wrangler d1 "
      "migrations apply "
      "{} --local{}` (or `wrangler dev`) in {} to create it",
      name, out.file.string(), out.object_source, out.object_name, name,
      options.env.empty() ? "" : fmt::format(" --env {}", options.env),
      config.Dir().empty() ? std::string(".") : config.Dir().string());
  // Say what is there instead: an older wrangler's layout, or other databases' files.
  fs::path legacy = root / "v3" / "d1" / out.object_name / "db.sqlite";
  if (fs::is_regular_file(legacy, ec)) {
    message +=
        fmt::format("; {} is the state of an older wrangler (before the durable-object layout)",
                    legacy.string());
  }
  int others = 0;
  if (fs::is_directory(folder, ec)) {
    for (const auto& entry : fs::directory_iterator(folder, ec)) {
      std::string file = entry.path().filename().string();
      if (file.size() == 64 + 7 && file.ends_with(".sqlite")) ++others;
    }
  }
  if (others > 0) {
    message +=
        fmt::format("; {} holds {} other database file{} (was the database id or binding changed?)",
                    folder.string(), others, others == 1 ? "" : "s");
  }
  return Error(ErrorCode::kNotFound, std::move(message));
}

Result<model::Catalog> InspectD1Local(const WranglerConfig& config, std::string_view name,
                                      const D1StateOptions& options) {
  SSE_TRY(D1LocalState state, FindD1LocalState(config, name, options));
  InspectOptions io;
  io.dialect = "d1";
  io.ledger_tables.push_back(state.migrations_table);
  return InspectSqlite(state.file, io);
}

}  // namespace sse::sqlite
