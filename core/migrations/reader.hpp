#pragma once
/// The format-reader contract. One reader per tool (alembic.cpp, drizzle.cpp, prisma.cpp,
/// wrangler_d1.cpp, flyway.cpp, golang_migrate.cpp, dbmate.cpp, plain_sql.cpp). Detection walks
/// the tree once and asks every reader to Probe each directory; the candidates it keeps are then
/// Read. Readers register explicitly in readers.cpp (no static-initialiser magic).

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/migrations/migration.hpp"
#include "core/util/fs.hpp"

namespace sse {

/// One directory of the detection walk.
struct DirView {
  fs::path path;                                   ///< filesystem path
  std::string display;                             ///< display path
  const std::vector<DirEntry>* entries = nullptr;  ///< sorted by name

  const DirEntry* Find(std::string_view name) const;
  bool HasFile(std::string_view name) const;
  bool HasDir(std::string_view name) const;
};

/// How sure a probe is that a folder is a migration set; decides which candidate wins when two
/// tools claim the same folder.
enum class Evidence {
  kFallback = 0,  ///< plain ordered SQL files
  kNaming = 1,    ///< file names follow the tool's pattern (V1__x.sql, 1_x.up.sql)
  kContent = 2,   ///< file contents or tool files (revision ids, journal, migration_lock.toml)
  kConfig = 3,    ///< a tool config names the folder (alembic.ini, wrangler.toml, drizzle.config)
  kForced = 4,    ///< --tool on the command line
};

/// A migration set found by detection, to be read by its tool's reader.
struct Candidate {
  Tool tool = Tool::kSql;
  fs::path dir;         ///< migrations folder; may not exist when a config points nowhere
  std::string display;  ///< display path of dir
  std::vector<fs::path>
      extra_dirs;  ///< further folders of the same set (Alembic version_locations)
  Evidence evidence = Evidence::kFallback;
  std::string config_path;  ///< display path of the config that named the folder ("" if none)
  SourceLoc config_loc;  ///< the key that named the folder (script_location, migrations_dir, out)
  std::string dialect;   ///< hint from the config: postgres | sqlite | d1 | mysql | ""
  std::vector<D1Binding> d1_bindings;          ///< wrangler D1 bindings that use this folder
  std::map<std::string, std::string> options;  ///< tool-specific settings read from the config
};

/// A candidate for the walked folder itself (recognised by its files).
Candidate FolderCandidate(Tool tool, const DirView& dir, Evidence evidence);

/// State shared by the probes of one detection walk.
struct DetectContext {
  fs::path cwd;
  /// Problems in configuration files found while probing (malformed wrangler.toml: SCH011).
  std::vector<Finding>* findings = nullptr;
};

class FormatReader {
 public:
  virtual ~FormatReader() = default;
  virtual Tool tool() const = 0;
  /// Looks at one directory of the walk and appends the sets it declares (a config file naming a
  /// folder) or is (a folder recognisable by its files). Must be cheap: list-based, reading at
  /// most a few small files.
  virtual void Probe(const DirView& dir, DetectContext& ctx, std::vector<Candidate>& out) const = 0;
  /// Reads a candidate. Never fails: problems become findings in MigrationSet::findings
  /// (a missing folder named by a config is SCH014 at config_loc).
  virtual MigrationSet Read(const Candidate& candidate, const fs::path& cwd) const = 0;
};

const FormatReader& AlembicReader();
const FormatReader& DrizzleReader();
const FormatReader& PrismaReader();
const FormatReader& D1Reader();
const FormatReader& FlywayReader();
const FormatReader& GolangMigrateReader();
const FormatReader& DbmateReader();
const FormatReader& PlainSqlReader();

/// Every reader, in Tool order.
const std::vector<const FormatReader*>& AllReaders();
const FormatReader& ReaderFor(Tool tool);

}  // namespace sse
