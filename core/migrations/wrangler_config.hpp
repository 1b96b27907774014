#pragma once
/// Wrangler configuration (FORMATS.md section 4.1-4.3): finding wrangler.json / wrangler.jsonc /
/// wrangler.toml the way wrangler does, and reading the `d1_databases` of the top level and of
/// every `[env.X]` with the location of each key. Used by the D1 migration reader and by the
/// `d1:BINDING` database sources. Only the D1 part of the config is modelled.

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/report/finding.hpp"
#include "core/util/fs.hpp"
#include "core/util/result.hpp"
#include "core/util/source.hpp"

namespace sse {

/// Wrangler's defaults (packages/wrangler/src/d1/constants.ts).
inline constexpr std::string_view kD1DefaultMigrationsDir = "migrations";
inline constexpr std::string_view kD1DefaultMigrationsTable = "d1_migrations";

/// The config file names in wrangler's order of preference: in one folder, wrangler.json wins
/// over wrangler.jsonc, which wins over wrangler.toml.
inline constexpr std::array<std::string_view, 3> kWranglerConfigNames = {
    "wrangler.json", "wrangler.jsonc", "wrangler.toml"};

enum class WranglerConfigFormat { kToml, kJson, kJsonc };

/// One string setting of a d1_databases entry, as written.
struct WranglerKey {
  bool present = false;  ///< the key is written (whatever its type)
  bool is_string = false;
  std::string value;  ///< the string value ("" when absent or not a string)
  SourceLoc loc;      ///< the key; the entry's location when the key is absent

  /// True when the key is written with a string value.
  bool has() const { return present && is_string; }
};

/// One entry of a `d1_databases` list.
struct WranglerD1Database {
  std::string env;   ///< "" = top level, else the X of env.X
  size_t index = 0;  ///< position in its d1_databases list
  SourceLoc loc;     ///< the entry: its [[d1_databases]] header or its '{'

  WranglerKey binding;  ///< required
  WranglerKey database_name;
  WranglerKey database_id;
  WranglerKey preview_database_id;
  WranglerKey migrations_table;    ///< default d1_migrations
  WranglerKey migrations_dir;      ///< default migrations, relative to the config's folder
  WranglerKey migrations_pattern;  ///< wrangler >= 4.98; must start with `${migrations_dir}/`

  /// The migrations folder wrangler resolves: path.resolve(config folder, normalised
  /// migrations_dir), lexically normalised, without a trailing separator.
  fs::path migrations_path;

  /// Problems of this entry that wrangler's config validation reports (SCH014): a missing
  /// binding, a key that is not a string, an unknown key.
  std::vector<Finding> problems;

  /// `migrations_table || "d1_migrations"` (an empty string falls back too, as in wrangler).
  std::string MigrationsTable() const;
  /// normalizeRelativePath(migrations_dir ?? "./migrations"): "migrations", "db/migrations", ".".
  std::string MigrationsDir() const;
  /// True when migrations_pattern is set and wrangler refuses it: no migrations_dir, or it does
  /// not start with `${migrations_dir}/`.
  bool PatternRejected() const;
  /// The glob wrangler matches, relative to the config folder: the normalised
  /// migrations_pattern, else `${migrations_dir}/*.sql` (also when the pattern is rejected).
  std::string MigrationsPattern() const;
  /// MigrationsPattern() relative to the migrations folder ("*.sql", "*/migration.sql").
  std::string DirRelativePattern() const;
  /// Where the migrations folder is named: the migrations_dir key, else the binding key, else
  /// the entry.
  SourceLoc FolderLoc() const;
  /// How messages name the entry: `binding 'DB'` or `d1_databases[2]`, plus ` in env.X`.
  std::string Describe() const;
};

/// The top level or one `[env.X]` section.
struct WranglerEnv {
  std::string name;               ///< "" = top level
  SourceLoc loc;                  ///< the [env.X] header or "X" key; the file for the top level
  bool has_d1_databases = false;  ///< the d1_databases key is written (even as [])
  SourceLoc d1_loc;               ///< the d1_databases key
  std::vector<WranglerD1Database> d1_databases;
};

/// The D1 part of one wrangler config file.
struct WranglerConfig {
  fs::path path;        ///< filesystem path of the file
  std::string display;  ///< display path
  WranglerConfigFormat format = WranglerConfigFormat::kToml;
  std::string name;               ///< the Worker's `name` ("" when unset)
  WranglerEnv top;                ///< the top level
  std::vector<WranglerEnv> envs;  ///< every env.X, in file order
  /// Problems not tied to one entry that wrangler's validation reports (SCH014):
  /// d1_databases or env that is not the right type.
  std::vector<Finding> problems;

  /// The folder holding the config: migrations_dir is relative to it.
  fs::path Dir() const { return path.parent_path(); }
  /// env.X, or nullptr when the config has no such section.
  const WranglerEnv* FindEnv(std::string_view env) const;
  /// The list wrangler uses with `--env env` ("" = no --env): the top level without --env;
  /// env.X's own list, or an empty list when env.X exists without one (d1_databases is not
  /// inherited); the top level when env.X is not defined at all.
  const std::vector<WranglerD1Database>& D1Databases(std::string_view env) const;
  /// getDatabaseInfoFromConfig: the first entry of D1Databases(env) whose database_name or
  /// binding equals the argument exactly (wrangler >= 4.61.1; older versions skipped entries
  /// without database_id). nullptr when nothing matches.
  const WranglerD1Database* ResolveD1(std::string_view env, std::string_view name_or_binding) const;
  /// Every entry: the top level first, then each env in file order.
  std::vector<const WranglerD1Database*> AllD1Databases() const;
};

/// The config wrangler uses when run in `dir` that lives in `dir` itself (wrangler.json, else
/// wrangler.jsonc, else wrangler.toml), or nullopt.
std::optional<fs::path> WranglerConfigIn(const fs::path& dir);

/// findWranglerConfig: searches upward from `start` for wrangler.json, then upward for
/// wrangler.jsonc, then upward for wrangler.toml, so a wrangler.json in a parent folder beats a
/// wrangler.toml in `start`. nullopt when none exists.
std::optional<fs::path> FindWranglerConfig(const fs::path& start);

/// Parses a loaded config; the format comes from the file name (.toml, else JSONC). A syntax
/// error, or a UTF-16/UTF-32 byte-order mark wrangler refuses, is an ErrorCode::kParse error
/// whose loc names the line and column. Shape problems (a non-string binding, ...) do not fail
/// the parse: they are recorded as findings in the config and its entries.
Result<WranglerConfig> ParseWranglerConfig(const SourceFile& file, const fs::path& path);

/// Reads and parses `path`; `display` is used in locations.
Result<WranglerConfig> LoadWranglerConfig(const fs::path& path, std::string display);

/// wrangler's normalizeRelativePath: backslashes to '/', path.posix.normalize, no trailing '/'
/// ("./migrations/" -> "migrations", "" -> ".").
std::string NormalizeWranglerPath(std::string_view p);

}  // namespace sse
