#pragma once
/// Flyway's file-name grammar (ResourceNameParser) and version numbers (MigrationVersion), as a
/// static reader needs them: which files are migrations, their version, description and order,
/// and why a file is skipped.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sse::flyway {

/// The naming settings of a Flyway configuration (defaults from FlywayModel.defaults()).
struct NameRules {
  std::string versioned_prefix = "V";
  std::string undo_prefix = "U";
  std::string repeatable_prefix = "R";
  std::string separator = "__";
  std::vector<std::string> suffixes = {".sql"};
};

/// A migration version: `_` read as `.`, split on `\.(?=\d)`, each part a BigInteger, trailing
/// zero parts dropped (so 1.0 == 1). Parts are kept as digit strings: no overflow.
struct Version {
  struct Part {
    bool negative = false;  ///< BigInteger accepts a sign ("-1"); "-0" is stored as 0
    std::string digits;     ///< without leading zeros ("0" for zero)
  };
  std::vector<Part> parts;

  /// "13.1": the parts joined by '.', without leading zeros or trailing zero parts.
  std::string Canonical() const;
};

/// Parses a version the way MigrationVersion.fromVersion does; nullopt when Flyway rejects it
/// ("Version may only contain 0..9 and . (dot)").
std::optional<Version> ParseVersion(std::string_view text);

/// Compares part by part, a missing part counting as 0; returns <0, 0 or >0.
int CompareVersions(const Version& a, const Version& b);

enum class NameKind {
  kVersioned,   ///< V<version>__<description>.sql
  kUndo,        ///< U<version>__<description>.sql (Teams), paired with its version
  kRepeatable,  ///< R__<description>.sql
  kCallback,    ///< beforeMigrate.sql, afterEachMigrate__x.sql: not a migration
  kNotSql,      ///< no configured suffix: Flyway does not look at the file
  kInvalid,     ///< a .sql file Flyway skips (or rejects with validateMigrationNaming)
};

/// One file name read with the grammar.
struct ParsedName {
  NameKind kind = NameKind::kInvalid;
  std::string prefix;       ///< the matched prefix ("V")
  std::string raw_version;  ///< as written ("2_1")
  std::optional<Version> version;
  std::string description;  ///< after the separator, '_' read as ' ' ("add index")
  std::string problem;      ///< kInvalid: why Flyway skips it ("no '__' separator ...")
  std::string help;         ///< kInvalid: how to fix the name
};

/// Reads a file name: strips a suffix (case-insensitive), takes the longest matching prefix
/// (case-sensitive), splits the rest at the first separator.
ParsedName ParseName(std::string_view file_name, const NameRules& rules);

/// True when the name is a valid versioned or repeatable migration under the default rules
/// (used by probes: plain SQL must not claim Flyway folders).
bool LooksLikeFlywayMigration(std::string_view file_name);

}  // namespace sse::flyway
