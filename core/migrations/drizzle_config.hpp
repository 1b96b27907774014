#pragma once
/// Static reading of a drizzle.config.{ts,js,mjs,cjs,mts,json}: the `out` folder, `dialect`,
/// `driver` and the `migrations` block, taken from string literals only. The file is never run;
/// a value computed at run time (process.env, a ternary) is reported as dynamic.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace sse {

/// One `key: "literal"` property found in the config.
struct DrizzleConfigValue {
  std::string value;      ///< the literal's value ("" when dynamic)
  size_t key_offset = 0;  ///< byte offset of the key
  bool dynamic = false;   ///< the value is not a plain string literal
};

/// What a drizzle config says, as far as it can be read without running it.
struct DrizzleConfig {
  std::optional<DrizzleConfigValue> out;
  std::optional<DrizzleConfigValue> dialect;
  std::optional<DrizzleConfigValue> driver;
  std::optional<DrizzleConfigValue> migrations_table;   ///< migrations.table
  std::optional<DrizzleConfigValue> migrations_schema;  ///< migrations.schema
  std::optional<DrizzleConfigValue> migrations_prefix;  ///< migrations.prefix
};

/// Scans JS/TS/JSON config text for top-level `out`, `dialect`, `driver` and `migrations.*`
/// properties (the first occurrence of each). Comments and strings are skipped correctly; the
/// nesting of object literals decides the key path.
DrizzleConfig ScanDrizzleConfig(std::string_view text);

/// True for the config file names drizzle-kit looks for (drizzle.config.ts ...), and for the
/// common per-dialect variants passed with --config (drizzle.pg.config.ts,
/// drizzle-sqlite.config.ts, drizzle.config.pg.ts).
bool IsDrizzleConfigName(std::string_view name);

/// Maps a config `dialect` / `driver` to schema's dialect names: postgresql -> postgres,
/// sqlite/turso -> sqlite, mysql/singlestore -> mysql; driver d1-http (or the old d1) -> d1.
/// Returns "" when nothing tells.
std::string DrizzleConfigDialect(std::string_view dialect, std::string_view driver);

/// Maps a journal or snapshot `dialect` ("postgresql", "pg", "sqlite", "turso", "mysql",
/// "singlestore") to schema's dialect names; "" for others (gel).
std::string DrizzleJournalDialect(std::string_view dialect);

}  // namespace sse
