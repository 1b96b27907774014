#pragma once
/// Alembic configuration (FORMATS.md 1.1): alembic.ini and other .ini files with an Alembic
/// section, and pyproject.toml [tool.alembic]. Resolves script_location (paths relative to the
/// config's folder, `%(here)s`, package resources `pkg:sub/path`) and version_locations (split
/// the way Alembic splits them) into the folders revisions are read from.

#include <string>
#include <string_view>
#include <vector>

#include "core/migrations/reader.hpp"

namespace sse {

/// A folder Alembic reads revisions from, and the config line that names it.
struct AlembicVersionDir {
  fs::path dir;
  SourceLoc loc;
  std::string raw;  ///< the location as written (after %(here)s expansion)
};

/// One Alembic configuration: an ini section (or [tool.alembic]) that holds script_location.
struct AlembicConfig {
  std::string config_display;      ///< the file holding script_location
  std::vector<std::string> files;  ///< every config file involved (ini, pyproject.toml)
  std::string section;             ///< "alembic", "core", "tool.alembic"
  std::string script_location;     ///< after %(here)s expansion
  fs::path script_dir;
  SourceLoc script_loc;
  bool version_locations_set = false;
  SourceLoc version_locations_loc;
  std::vector<AlembicVersionDir> version_dirs;  ///< never empty
  bool recursive = false;
  bool sourceless = false;
  std::string dialect;
};

struct AlembicConfigScan {
  std::vector<AlembicConfig> configs;
  std::vector<Finding> findings;  ///< SCH011 malformed files, SCH014 unusable sections
};

/// Reads the Alembic configuration files of one folder. `entries` is its sorted listing.
AlembicConfigScan ScanAlembicConfigs(const fs::path& dir, const std::vector<DirEntry>& entries,
                                     const fs::path& cwd);

/// postgres | sqlite | mysql | "" from a SQLAlchemy URL ("postgresql+psycopg://...").
std::string DialectFromUrl(std::string_view url);

/// Turns a configuration into a detection candidate (Evidence::kConfig), the settings Read
/// needs kept in Candidate::options.
Candidate AlembicCandidate(const AlembicConfig& config, const fs::path& cwd);

/// What Read needs from a candidate: the folders with the config lines that name them.
struct AlembicPlan {
  std::vector<AlembicVersionDir> dirs;  ///< candidate.dir then extra_dirs
  fs::path script_dir;                  ///< empty when no config
  SourceLoc script_loc;
  std::string script_location;
  bool version_locations_set = false;
  bool recursive = false;
  bool sourceless = false;
  std::vector<std::string> config_files;
};
AlembicPlan AlembicPlanFor(const Candidate& candidate);

}  // namespace sse
