#pragma once
/// Flyway configuration files as schema reads them: flyway.conf (Java properties, `flyway.` keys),
/// flyway.toml (`[flyway]` table) and per-script `V1__x.sql.conf` files. Only what decides which
/// folders are read, how names are parsed and how migrations are wrapped.

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/migrations/flyway_names.hpp"
#include "core/report/finding.hpp"
#include "core/util/source.hpp"

namespace sse::flyway {

/// One entry of `locations`, as written ("filesystem:sql"), and where.
struct Location {
  std::string text;
  SourceLoc loc;
};

/// The settings schema uses from a Flyway configuration file.
struct Config {
  bool has_locations = false;
  std::vector<Location> locations;
  /// Naming and transaction settings by their Flyway names: sqlMigrationPrefix,
  /// undoSqlMigrationPrefix, repeatableSqlMigrationPrefix, sqlMigrationSeparator,
  /// sqlMigrationSuffixes (comma-separated), mixed, group, executeInTransaction,
  /// validateMigrationNaming. Booleans are "true" / "false".
  std::map<std::string, std::string> options;
  std::string url;      ///< JDBC URL of the (default) environment
  std::string dialect;  ///< from the URL: postgres | sqlite | mysql | ""
};

/// One `key=value` of a properties file, unescaped, with the file offset of every value byte.
struct Property {
  std::string key;
  std::string value;
  size_t key_offset = 0;
  std::vector<size_t> value_offsets;  ///< value_offsets[i] = file offset of value[i]
};

/// Reads Java properties text (comments '#'/'!', `=`/`:`/space separators, backslash line
/// continuations and escapes).
std::vector<Property> ParseProperties(std::string_view text);

/// Reads flyway.conf.
Config ParseConf(const SourceFile& file);

/// Reads flyway.toml; a syntax error is an SCH011 finding and yields an empty config.
Config ParseToml(const SourceFile& file, std::vector<Finding>& findings);

/// postgres | sqlite | mysql | "" for a JDBC URL (jdbc:postgresql://..., jdbc:sqlite:...).
std::string DialectFromJdbcUrl(std::string_view url);

/// The naming rules set by Config::options (defaults for unset keys).
NameRules RulesFromOptions(const std::map<std::string, std::string>& options);

}  // namespace sse::flyway
