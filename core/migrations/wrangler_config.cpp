// Wrangler config discovery and the D1 part of its parsing (FORMATS.md section 4.1). The file is
// first turned into a WranglerTree (wrangler_config_tree.cpp), so the model is built by one walk
// whatever the format.

#include "core/migrations/wrangler_config.hpp"

#include <algorithm>
#include <string_view>

#include <fmt/format.h>

#include "core/lint/catalog.hpp"
#include "core/migrations/wrangler_config_tree.hpp"
#include "core/util/strings.hpp"

namespace sse {
namespace {

// ---- the D1 walk ------------------------------------------------------------------------------

/// The keys wrangler's validateD1Binding accepts (validation.ts).
constexpr std::array<std::string_view, 10> kD1Keys = {"binding",
                                                      "database_id",
                                                      "database_internal_env",
                                                      "database_name",
                                                      "jurisdiction",
                                                      "migrations_dir",
                                                      "migrations_pattern",
                                                      "migrations_table",
                                                      "preview_database_id",
                                                      "remote"};

size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diag = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}

std::string ListLabel(std::string_view env) {
  return env.empty() ? std::string("d1_databases") : fmt::format("env.{}.d1_databases", env);
}

struct Walker {
  WranglerConfig& cfg;

  void ReadEntry(const WranglerTree& item, std::string_view env, size_t index,
                 std::vector<WranglerD1Database>& out) {
    WranglerD1Database e;
    e.env = std::string(env);
    e.index = index;
    e.loc = item.loc;
    struct Slot {
      std::string_view key;
      WranglerKey WranglerD1Database::*field;
    };
    static constexpr Slot kSlots[] = {
        {"binding", &WranglerD1Database::binding},
        {"database_name", &WranglerD1Database::database_name},
        {"database_id", &WranglerD1Database::database_id},
        {"preview_database_id", &WranglerD1Database::preview_database_id},
        {"migrations_table", &WranglerD1Database::migrations_table},
        {"migrations_dir", &WranglerD1Database::migrations_dir},
        {"migrations_pattern", &WranglerD1Database::migrations_pattern},
    };
    for (const Slot& s : kSlots) (e.*s.field).loc = e.loc;
    std::vector<const WranglerTree::Member*> bad_types;
    std::vector<const WranglerTree::Member*> unknown;
    for (const WranglerTree::Member& m : item.members) {
      const Slot* slot = nullptr;
      for (const Slot& s : kSlots) {
        if (s.key == m.key) slot = &s;
      }
      if (slot) {
        WranglerKey& k = e.*slot->field;
        k.present = true;
        k.loc = m.key_loc;
        k.is_string = m.value.kind == WranglerTree::Kind::kString;
        if (k.is_string) k.value = m.value.str;
        if (!k.is_string) bad_types.push_back(&m);
      } else if (std::find(kD1Keys.begin(), kD1Keys.end(), m.key) == kD1Keys.end()) {
        unknown.push_back(&m);
      } else if (m.key == "database_internal_env" || m.key == "jurisdiction") {
        if (m.value.kind != WranglerTree::Kind::kString) bad_types.push_back(&m);
      }
    }
    std::string label = fmt::format("{}[{}]", ListLabel(env), index);
    if (!e.binding.present) {
      e.problems.push_back(MakeFinding(
          "SCH014",
          fmt::format("{} has no `binding`: wrangler rejects the whole config (\"d1_databases\" "
                      "bindings should have a string \"binding\" field), so every wrangler "
                      "command fails",
                      label),
          e.loc, "add binding = \"DB\": the name the Worker reads the database from (env.DB)"));
    }
    for (const WranglerTree::Member* m : bad_types) {
      std::string got = m->value.str.empty() || m->value.str == m->value.type_name
                            ? m->value.type_name
                            : fmt::format("{} ({})", m->value.type_name, Printable(m->value.str));
      e.problems.push_back(MakeFinding(
          "SCH014",
          fmt::format("`{}` of {} must be a string, got {}: wrangler rejects the whole config",
                      m->key, label, got),
          m->key_loc, fmt::format("write {} as a quoted string", m->key)));
    }
    for (const WranglerTree::Member* m : unknown) {
      std::string_view best;
      size_t best_d = 3;
      for (std::string_view k : kD1Keys) {
        size_t d = EditDistance(ToLower(m->key), k);
        if (d < best_d) {
          best_d = d;
          best = k;
        }
      }
      std::string what = best.empty() ? std::string() : fmt::format(" (did you mean `{}`?)", best);
      Finding f = MakeFinding(
          "SCH014",
          fmt::format("unknown key `{}` in {}{}: wrangler ignores it and only warns", m->key, label,
                      what),
          m->key_loc,
          best.empty() ? std::string("remove the key") : fmt::format("rename it to `{}`", best));
      f.severity = Severity::kWarning;
      e.problems.push_back(std::move(f));
    }
    out.push_back(std::move(e));
  }

  void ReadEnv(const WranglerTree& table, WranglerEnv& env) {
    SourceLoc key_loc;
    const WranglerTree* d1 = table.Get("d1_databases", &key_loc);
    if (!d1) return;
    env.has_d1_databases = true;
    env.d1_loc = key_loc;
    if (d1->kind != WranglerTree::Kind::kArray) {
      cfg.problems.push_back(MakeFinding(
          "SCH014",
          fmt::format("`{}` must be an array of tables, got {}: wrangler rejects the whole config",
                      ListLabel(env.name), d1->type_name),
          key_loc, "write each database as a [[d1_databases]] table"));
      return;
    }
    for (size_t i = 0; i < d1->items.size(); ++i) {
      const WranglerTree& item = d1->items[i];
      if (item.kind != WranglerTree::Kind::kTable) {
        cfg.problems.push_back(MakeFinding(
            "SCH014",
            fmt::format("`{}[{}]` must be a table, got {}: wrangler rejects the whole config",
                        ListLabel(env.name), i, item.type_name),
            item.loc, "write each database as a table with binding, database_name, database_id"));
        continue;
      }
      ReadEntry(item, env.name, i, env.d1_databases);
    }
  }

  void Walk(const WranglerTree& root) {
    cfg.top.loc = SourceLoc::File(cfg.display);
    if (root.kind != WranglerTree::Kind::kTable) {
      cfg.problems.push_back(MakeFinding(
          "SCH014",
          fmt::format("the config is {}, not an object: wrangler finds no settings in it",
                      root.type_name),
          root.loc, "make the top level a JSON object"));
      return;
    }
    if (const WranglerTree* name = root.Get("name");
        name && name->kind == WranglerTree::Kind::kString) {
      cfg.name = name->str;
    }
    ReadEnv(root, cfg.top);
    SourceLoc env_key;
    const WranglerTree* envs = root.Get("env", &env_key);
    if (!envs) return;
    if (envs->kind != WranglerTree::Kind::kTable) {
      cfg.problems.push_back(MakeFinding(
          "SCH014",
          fmt::format("`env` must be a table of environments, got {}: wrangler rejects the config",
                      envs->type_name),
          env_key, "write environments as [env.<name>] tables"));
      return;
    }
    for (const WranglerTree::Member& m : envs->members) {
      WranglerEnv env;
      env.name = m.key;
      env.loc = m.key_loc;
      if (m.value.kind == WranglerTree::Kind::kTable) {
        ReadEnv(m.value, env);
      } else {
        cfg.problems.push_back(MakeFinding(
            "SCH014",
            fmt::format("`env.{}` must be a table, got {}: wrangler rejects the config", m.key,
                        m.value.type_name),
            m.key_loc, fmt::format("write the environment as an [env.{}] table", m.key)));
      }
      cfg.envs.push_back(std::move(env));
    }
  }
};

void ResolvePaths(WranglerConfig& cfg) {
  std::error_code ec;
  fs::path base = fs::absolute(cfg.Dir(), ec);
  auto resolve = [&](WranglerEnv& env) {
    for (WranglerD1Database& e : env.d1_databases) {
      fs::path p = (base / fs::path(e.MigrationsDir())).lexically_normal();
      std::string s = p.generic_string();
      while (s.size() > 1 && s.back() == '/') s.pop_back();
      e.migrations_path = fs::path(s);
    }
  };
  resolve(cfg.top);
  for (WranglerEnv& env : cfg.envs) resolve(env);
}

}  // namespace

// ---- WranglerD1Database -----------------------------------------------------------------------

std::string WranglerD1Database::MigrationsTable() const {
  return migrations_table.has() && !migrations_table.value.empty()
             ? migrations_table.value
             : std::string(kD1DefaultMigrationsTable);
}

std::string WranglerD1Database::MigrationsDir() const {
  return NormalizeWranglerPath(migrations_dir.has() ? std::string_view(migrations_dir.value)
                                                    : std::string_view("./migrations"));
}

bool WranglerD1Database::PatternRejected() const {
  if (!migrations_pattern.has()) return false;
  if (!migrations_dir.has()) return true;
  std::string dir = MigrationsDir();
  if (dir == ".") return false;
  std::string pattern = NormalizeWranglerPath(migrations_pattern.value);
  return pattern.compare(0, dir.size() + 1, dir + "/") != 0;
}

std::string WranglerD1Database::MigrationsPattern() const {
  if (migrations_pattern.has() && !PatternRejected()) {
    return NormalizeWranglerPath(migrations_pattern.value);
  }
  return NormalizeWranglerPath(MigrationsDir() + "/*.sql");
}

std::string WranglerD1Database::DirRelativePattern() const {
  std::string dir = MigrationsDir();
  std::string pattern = MigrationsPattern();
  if (dir == ".") return pattern;
  return pattern.substr(std::min(pattern.size(), dir.size() + 1));
}

SourceLoc WranglerD1Database::FolderLoc() const {
  if (migrations_dir.present) return migrations_dir.loc;
  return binding.loc;  // the entry's location when binding is missing too
}

std::string WranglerD1Database::Describe() const {
  std::string who = binding.has() ? fmt::format("binding {}", Quote(binding.value))
                                  : fmt::format("{}[{}]", ListLabel(env), index);
  if (!env.empty() && binding.has()) who += fmt::format(" in env.{}", env);
  return who;
}

// ---- WranglerConfig ---------------------------------------------------------------------------

const WranglerEnv* WranglerConfig::FindEnv(std::string_view env) const {
  for (const WranglerEnv& e : envs) {
    if (e.name == env) return &e;
  }
  return nullptr;
}

const std::vector<WranglerD1Database>& WranglerConfig::D1Databases(std::string_view env) const {
  static const std::vector<WranglerD1Database> kNone;
  if (env.empty()) return top.d1_databases;
  const WranglerEnv* e = FindEnv(env);
  if (!e) return top.d1_databases;  // wrangler reuses the top level for an undefined env
  return e->has_d1_databases ? e->d1_databases : kNone;
}

const WranglerD1Database* WranglerConfig::ResolveD1(std::string_view env,
                                                    std::string_view name_or_binding) const {
  for (const WranglerD1Database& e : D1Databases(env)) {
    if ((e.database_name.has() && e.database_name.value == name_or_binding) ||
        (e.binding.has() && e.binding.value == name_or_binding)) {
      return &e;
    }
  }
  return nullptr;
}

std::vector<const WranglerD1Database*> WranglerConfig::AllD1Databases() const {
  std::vector<const WranglerD1Database*> out;
  for (const WranglerD1Database& e : top.d1_databases) out.push_back(&e);
  for (const WranglerEnv& env : envs) {
    for (const WranglerD1Database& e : env.d1_databases) out.push_back(&e);
  }
  return out;
}

// ---- discovery and parsing --------------------------------------------------------------------

std::optional<fs::path> WranglerConfigIn(const fs::path& dir) {
  for (std::string_view name : kWranglerConfigNames) {
    std::error_code ec;
    fs::path p = dir / name;
    if (fs::is_regular_file(p, ec)) return p;
  }
  return std::nullopt;
}

std::optional<fs::path> FindWranglerConfig(const fs::path& start) {
  std::error_code ec;
  fs::path from = fs::absolute(start, ec).lexically_normal();
  for (std::string_view name : kWranglerConfigNames) {
    fs::path dir = from;
    for (;;) {
      fs::path p = dir / name;
      if (fs::is_regular_file(p, ec)) return p;
      fs::path parent = dir.parent_path();
      if (parent.empty() || parent == dir) break;
      dir = parent;
    }
  }
  return std::nullopt;
}

std::string NormalizeWranglerPath(std::string_view in) {
  std::string s(in);
  std::replace(s.begin(), s.end(), '\\', '/');
  if (s.empty()) return ".";
  bool absolute = s.front() == '/';
  std::vector<std::string_view> segs;
  for (std::string_view seg : Split(s, '/')) {
    if (seg.empty() || seg == ".") continue;
    if (seg == "..") {
      if (!segs.empty() && segs.back() != "..") {
        segs.pop_back();
      } else if (!absolute) {
        segs.push_back(seg);
      }
      continue;
    }
    segs.push_back(seg);
  }
  std::string body;
  for (size_t i = 0; i < segs.size(); ++i) {
    if (i) body.push_back('/');
    body.append(segs[i]);
  }
  // posix.normalize gives "." for an empty relative path and "/" for the root; a trailing '/'
  // it keeps is dropped again by wrangler, so "/" ends up "".
  if (body.empty()) return absolute ? std::string() : std::string(1, '.');
  std::string out;
  out.reserve(body.size() + 1);
  if (absolute) out.push_back('/');
  out.append(body);
  return out;
}

Result<WranglerConfig> ParseWranglerConfig(const SourceFile& file, const fs::path& path) {
  WranglerConfig cfg;
  cfg.path = path;
  cfg.display = file.path();
  std::string fname = path.filename().string();
  cfg.format = IEndsWith(fname, ".toml")    ? WranglerConfigFormat::kToml
               : IEndsWith(fname, ".jsonc") ? WranglerConfigFormat::kJsonc
                                            : WranglerConfigFormat::kJson;
  auto root = ParseWranglerTree(file, cfg.format == WranglerConfigFormat::kToml);
  if (!root.ok()) return std::move(root).error();
  Walker{cfg}.Walk(*root);
  ResolvePaths(cfg);
  return cfg;
}

Result<WranglerConfig> LoadWranglerConfig(const fs::path& path, std::string display) {
  auto file = ReadSourceFile(path, std::move(display));
  if (!file.ok()) return std::move(file).error();
  return ParseWranglerConfig(**file, path);
}

}  // namespace sse
