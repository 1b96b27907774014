#pragma once
/// schema.toml: per-rule severity or `off`, path ignores, excluded paths and a default --fail-on.
///
///   fail-on = "warning"
///   exclude = ["legacy/**"]
///   [rules]
///   SCH016 = "off"             # by code
///   multiple-heads = "warning" # or by name
///   [[ignore]]
///   path = "db/old/**"         # relative to schema.toml
///   rules = ["SCH405"]         # omitted: every rule
///
/// An ignore that suppresses nothing is reported (SCH018).

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/report/finding.hpp"
#include "core/util/fs.hpp"
#include "core/util/result.hpp"

namespace sse {

struct RuleSetting {
  bool off = false;
  std::optional<Severity> severity;
  SourceLoc loc;
};

struct PathIgnore {
  std::string pattern;             ///< glob relative to the config's folder
  std::vector<std::string> codes;  ///< empty: every rule
  SourceLoc loc;
};

struct LintConfig {
  std::string path;  ///< display path ("" when no config file)
  fs::path dir;      ///< folder holding the config (ignore patterns are relative to it)
  std::optional<Severity> fail_on;
  std::vector<std::string> exclude;
  std::map<std::string, RuleSetting> rules;  ///< by code
  std::vector<PathIgnore> ignores;
};

/// schema.toml in `start` or the nearest folder above it.
std::optional<fs::path> FindConfig(const fs::path& start);

/// Loads a config; a malformed file, an unknown key or rule is a kConfig error naming the line.
Result<LintConfig> LoadConfig(const fs::path& file, const fs::path& cwd);

/// Applies rule settings and path ignores to findings (dropping, re-grading) and reports ignores
/// that suppressed nothing as SCH018.
void ApplyConfig(const LintConfig& config, const fs::path& cwd, std::vector<Finding>& findings);

}  // namespace sse
