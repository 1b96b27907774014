#pragma once
/// The two Prisma files that decide a migration folder's provider: migration_lock.toml (read the
/// way prisma-engines reads it, line by line) and the datasource block of schema.prisma.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/util/fs.hpp"

namespace sse {

/// What Prisma and a TOML parser each read from migration_lock.toml.
struct PrismaLock {
  /// The provider as prisma-engines reads it (`read_provider_from_lock_file`): the first line
  /// starting with "provider", minus the literal prefix "provider = ", minus '"' at both ends;
  /// "<PROVIDER NOT FOUND>" when no line starts with "provider".
  std::string provider;
  uint32_t provider_line = 0;  ///< 1-based line Prisma took it from (0 = none)
  /// The value a TOML parser reads for `provider` (nullopt when absent or not a string).
  std::optional<std::string> toml_provider;
  uint32_t toml_provider_line = 0;
  /// A TOML syntax error: message, line and column (1-based).
  std::optional<std::string> toml_error;
  uint32_t toml_error_line = 0;
  uint32_t toml_error_column = 0;

  /// The provider the author meant: the TOML value, else the provider line's value with spaces
  /// and quotes removed ("" when unknown).
  std::string intended;
};

inline constexpr std::string_view kPrismaProviderNotFound = "<PROVIDER NOT FOUND>";

PrismaLock ParsePrismaLock(std::string_view text, const std::string& display);

/// The `provider` of a schema's `datasource` block.
struct PrismaDatasource {
  std::string path;      ///< display path of the .prisma file
  std::string provider;  ///< as written ("postgresql", "postgres", "sqlite" ...)
  uint32_t line = 0;     ///< 1-based line of the provider assignment
  uint32_t column = 0;   ///< 1-based column of the value
};

/// Finds the datasource provider in a .prisma file's text (comments skipped); nullopt when the
/// file has no datasource block with a string provider.
std::optional<PrismaDatasource> ParseDatasourceProvider(std::string_view text,
                                                        const std::string& display);

/// Looks for the schema that belongs to a migrations folder: <parent>/schema.prisma,
/// <parent>/prisma/schema.prisma, <parent>/*.prisma and <parent>/schema/*.prisma (multi-file
/// schemas), where <parent> is the folder holding migrations/. Returns the first datasource found.
std::optional<PrismaDatasource> FindPrismaDatasource(const fs::path& migrations_dir,
                                                     const fs::path& cwd);

/// The connector type Prisma compares with the lock file: "postgres" -> "postgresql"; other
/// values unchanged.
std::string PrismaConnectorType(std::string_view provider);

/// True for the connector types Prisma writes to migration_lock.toml.
bool IsPrismaConnectorType(std::string_view provider);

/// Maps a connector type to schema's dialect names: postgresql/cockroachdb -> postgres, sqlite,
/// mysql; "" for others (sqlserver, mongodb, unknown).
std::string PrismaProviderDialect(std::string_view provider);

}  // namespace sse
