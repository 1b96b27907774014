// SCH014 checks of wrangler configs (FORMATS.md sections 4.1, 4.2 and 4.5).

#include "core/migrations/wrangler_checks.hpp"

#include <fmt/format.h>

#include "core/lint/catalog.hpp"
#include "core/util/strings.hpp"

namespace sse {
namespace {

std::string EnvFlag(std::string_view env) {
  return env.empty() ? std::string() : fmt::format(" --env {}", env);
}

std::string ScopeName(std::string_view env) {
  return env.empty() ? std::string("the top-level d1_databases")
                     : fmt::format("env.{}.d1_databases", env);
}

const std::vector<WranglerD1Database>& OwnList(const WranglerConfig& cfg,
                                               const WranglerD1Database& db) {
  if (db.env.empty()) return cfg.top.d1_databases;
  for (const WranglerEnv& env : cfg.envs) {
    if (env.name == db.env) return env.d1_databases;
  }
  return cfg.top.d1_databases;  // not reached: every entry comes from a list of cfg
}

void CheckPattern(const WranglerD1Database& db, std::vector<Finding>& out) {
  if (!db.migrations_pattern.has() || !db.PatternRejected()) return;
  if (!db.migrations_dir.has()) {
    out.push_back(MakeFinding(
        "SCH014",
        fmt::format("migrations_pattern {} is set without migrations_dir for {}: wrangler d1 "
                    "migrations refuses to run (when migrations_pattern is set, migrations_dir "
                    "must be set too)",
                    Quote(db.migrations_pattern.value), db.Describe()),
        db.migrations_pattern.loc,
        fmt::format("add migrations_dir = \"{}\" next to migrations_pattern",
                    kD1DefaultMigrationsDir),
        {{db.binding.loc, "the binding"}}));
    return;
  }
  std::string dir = db.MigrationsDir();
  out.push_back(MakeFinding(
      "SCH014",
      fmt::format("migrations_pattern {} does not start with '{}/' for {}: wrangler d1 "
                  "migrations refuses to run (the pattern must start with migrations_dir)",
                  Quote(db.migrations_pattern.value), dir, db.Describe()),
      db.migrations_pattern.loc,
      fmt::format("start the pattern with '{0}/' (for example '{0}/*.sql'), or change "
                  "migrations_dir to match the pattern",
                  dir),
      {{db.migrations_dir.loc,
        fmt::format("migrations_dir = {}", Quote(db.migrations_dir.value))}}));
}

void CheckPreview(const WranglerD1Database& db, std::vector<Finding>& out) {
  if (!db.preview_database_id.has()) return;
  Finding f = MakeFinding(
      "SCH014",
      fmt::format("preview_database_id is set for {}: wrangler d1 migrations apply --local and "
                  "wrangler dev keep the local database under the preview id, while --remote "
                  "migrates database_id, so local and remote migration state diverge",
                  db.Describe()),
      db.preview_database_id.loc,
      "apply migrations with --local, --remote and --remote --preview alike, or remove "
      "preview_database_id when no preview database is used");
  f.severity = Severity::kWarning;
  out.push_back(std::move(f));
}

void CheckNamesInList(const WranglerConfig& cfg, const WranglerD1Database& db,
                      std::vector<Finding>& out) {
  const std::vector<WranglerD1Database>& list = OwnList(cfg, db);
  // Only earlier entries: the later entry of a pair is the one wrangler never resolves to.
  for (const WranglerD1Database& first : list) {
    if (&first == &db) break;
    if (db.binding.has() && first.binding.has() && first.binding.value == db.binding.value) {
      out.push_back(MakeFinding(
          "SCH014",
          fmt::format("binding {} is defined twice in {}: wrangler rejects the config ({} "
                      "assigned to multiple D1 Database bindings)",
                      Quote(db.binding.value), ScopeName(db.env), db.binding.value),
          db.binding.loc, "give each d1_databases entry its own binding name",
          {{first.binding.loc, "first definition"}}));
      return;
    }
  }
  for (const WranglerD1Database& first : list) {
    if (&first == &db) break;
    if (db.binding.has() && first.database_name.has() &&
        first.database_name.value == db.binding.value) {
      const std::string& n = db.binding.value;
      out.push_back(MakeFinding(
          "SCH014",
          fmt::format("binding {0} is also the database_name of {1}: `wrangler d1 migrations "
                      "apply {2}{3}` resolves to the first entry whose database_name or binding "
                      "is {0}, so it migrates {1} (database {0}), never {4}",
                      Quote(n), first.Describe(), n, EnvFlag(db.env), db.Describe()),
          db.binding.loc,
          "rename the binding or the database so that no binding equals another entry's "
          "database_name, and pass the binding to wrangler d1 migrations apply",
          {{first.database_name.loc,
            fmt::format("database_name {} of {}, which wins", Quote(n), first.Describe())}}));
      return;
    }
    if (db.database_name.has() && first.binding.has() &&
        first.binding.value == db.database_name.value && db.binding.value != first.binding.value) {
      const std::string& n = db.database_name.value;
      std::string other = first.database_name.has()
                              ? fmt::format(" (database {})", Quote(first.database_name.value))
                              : std::string();
      out.push_back(MakeFinding(
          "SCH014",
          fmt::format("database_name {0} of {1} is also the binding of an earlier entry: "
                      "`wrangler d1 migrations apply {2}{3}` resolves to the first entry whose "
                      "database_name or binding is {0}, so it migrates binding {0}{4}, not this "
                      "database",
                      Quote(n), db.Describe(), n, EnvFlag(db.env), other),
          db.database_name.loc,
          fmt::format("pass the binding ({}) to wrangler d1 migrations apply, and rename the "
                      "database or the other binding so that they differ",
                      db.binding.has() ? db.binding.value : std::string("BINDING")),
          {{first.binding.loc, fmt::format("binding {}, which wins", Quote(n))}}));
      return;
    }
  }
}

}  // namespace

void CheckWranglerConfig(const WranglerConfig& cfg, std::vector<Finding>& out) {
  for (const Finding& f : cfg.problems) out.push_back(f);
  // notInheritable (validation-helpers.ts): warned for every `--env X` run.
  if (!cfg.top.d1_databases.empty()) {
    std::vector<std::string> names;
    std::vector<Related> related;
    for (const WranglerD1Database& db : cfg.top.d1_databases) {
      if (!db.binding.has()) continue;
      names.push_back(db.binding.value);
      related.push_back(
          {db.binding.loc, fmt::format("top-level binding {}", Quote(db.binding.value))});
    }
    for (const WranglerEnv& env : cfg.envs) {
      if (env.has_d1_databases) continue;
      bool toml = cfg.format == WranglerConfigFormat::kToml;
      Finding f = MakeFinding(
          "SCH014",
          fmt::format("d1_databases exists at the top level but not in env.{0}: d1_databases is "
                      "not inherited by environments, so with --env {0} the Worker has no D1 "
                      "binding ({1}) and `wrangler d1 migrations apply {2} --env {0}` finds no "
                      "database",
                      env.name, Join(names, ", "), names.empty() ? "DB" : names.front()),
          env.loc,
          toml ? fmt::format("add [[env.{}.d1_databases]] entries with that environment's "
                             "database ids",
                             env.name)
               : fmt::format("add \"d1_databases\" to env.{} with that environment's database ids",
                             env.name),
          related);
      f.severity = Severity::kWarning;
      out.push_back(std::move(f));
    }
  }
  // findWranglerConfig takes wrangler.json, then wrangler.jsonc, then wrangler.toml.
  std::string winner = cfg.path.filename().string();
  bool after = false;
  for (std::string_view name : kWranglerConfigNames) {
    if (name == winner) {
      after = true;
      continue;
    }
    std::error_code ec;
    if (!after || !fs::is_regular_file(cfg.Dir() / name, ec)) continue;
    std::string shadowed = cfg.display;
    shadowed.replace(shadowed.size() - winner.size(), winner.size(), name);
    Finding f = MakeFinding(
        "SCH014",
        fmt::format("wrangler ignores {}: {} in the same folder takes precedence", name, winner),
        SourceLoc::File(shadowed),
        fmt::format("merge the settings into {} and delete {}", winner, name),
        {{SourceLoc::File(cfg.display), "the config wrangler reads"}});
    f.severity = Severity::kWarning;
    out.push_back(std::move(f));
  }
}

void CheckWranglerD1Entry(const WranglerConfig& cfg, const WranglerD1Database& db,
                          std::vector<Finding>& out) {
  for (const Finding& f : db.problems) out.push_back(f);
  CheckPattern(db, out);
  CheckNamesInList(cfg, db, out);
  CheckPreview(db, out);
}

}  // namespace sse
