// Prisma Migrate reader (FORMATS.md section 3, docs/formats/prisma.md): <dir>/migration.sql for
// every directory of the migrations folder, ordered by name; migration_lock.toml names the
// provider, which must match the schema's datasource.

#include <fmt/format.h>

#include "core/lint/catalog.hpp"
#include "core/migrations/prisma_schema.hpp"
#include "core/migrations/reader.hpp"
#include "core/migrations/reader_util.hpp"
#include "core/util/strings.hpp"
#include "core/util/utf8.hpp"

namespace sse {
namespace {

constexpr size_t kMaxNameBytes = 200;      // P3010, prisma-engines create_migration
constexpr size_t kMaxMigrationName = 255;  // _prisma_migrations.migration_name VARCHAR(255)

/// ^\d{14}_.+$
bool IsPrismaDirName(std::string_view name) {
  return name.size() > 15 && IsDigits(name.substr(0, 14)) && name[14] == '_';
}

class PrismaReaderImpl final : public FormatReader {
 public:
  Tool tool() const override { return Tool::kPrisma; }

  void Probe(const DirView& dir, DetectContext&, std::vector<Candidate>& out) const override {
    bool content = dir.HasFile("migration_lock.toml");
    if (!content) {
      // Timestamped folders with migration.sql; not Drizzle v1 folders (they hold snapshot.json).
      int checked = 0;
      for (const DirEntry& e : *dir.entries) {
        if (e.kind != DirEntry::Kind::kDir || !IsPrismaDirName(e.name)) continue;
        std::error_code ec;
        fs::path sub = dir.path / e.name;
        if (fs::is_regular_file(sub / "migration.sql", ec)) {
          content = !fs::exists(sub / "snapshot.json", ec);
          break;
        }
        if (++checked == 3) break;
      }
    }
    if (!content) return;
    out.push_back(FolderCandidate(tool(), dir, Evidence::kContent));
  }

  MigrationSet Read(const Candidate& c, const fs::path& cwd) const override {
    MigrationSet set;
    set.tool = tool();
    set.root = c.display;
    set.roots = {c.display};
    std::error_code ec;
    // Prisma treats a missing migrations folder as an empty history.
    if (!fs::is_directory(c.dir, ec)) return set;
    auto entries = ListDir(c.dir);
    if (!entries.ok()) {
      set.findings.push_back(
          MakeFinding("SCH011", entries.error().message, SourceLoc::File(c.display)));
      return set;
    }
    std::optional<PrismaDatasource> schema = FindPrismaDatasource(c.dir, cwd);
    std::string lock_dialect;
    if (fs::exists(c.dir / "migration_lock.toml", ec)) {
      std::string lock = JoinDisplay(c.display, "migration_lock.toml");
      set.config_path = lock;
      set.files.push_back(lock);
      lock_dialect = ReadLock(c.dir / "migration_lock.toml", lock, schema, set);
    }
    for (const DirEntry& e : *entries) {
      std::string display = JoinDisplay(c.display, e.name);
      if (e.kind == DirEntry::Kind::kFile) {
        if (IEndsWith(e.name, ".sql")) {
          Warn(set, "SCH017",
               fmt::format("prisma ignores '{}': only folders with a migration.sql are "
                           "migrations",
                           Printable(e.name)),
               SourceLoc::File(display),
               "move it into a folder <YYYYMMDDHHMMSS>_<name>/migration.sql");
        }
        continue;
      }
      if (e.kind != DirEntry::Kind::kDir) continue;
      if (fs::is_symlink(c.dir / e.name, ec)) {
        // Node's Dirent.isDirectory() is false for a symbolic link: Prisma skips it.
        Warn(set, "SCH017",
             fmt::format("prisma ignores '{}': it is a symbolic link, and Prisma lists only real "
                         "directories",
                         Printable(e.name)),
             SourceLoc::File(display), "replace the link with the folder itself");
        continue;
      }
      ReadMigrationDir(c, e.name, display, set);
    }
    if (!c.dialect.empty()) {
      set.dialect = c.dialect;
    } else if (!lock_dialect.empty()) {
      set.dialect = lock_dialect;
    } else if (schema && !PrismaProviderDialect(schema->provider).empty()) {
      set.dialect = PrismaProviderDialect(schema->provider);
    } else {
      std::string sample;
      for (const Migration& m : set.migrations) {
        if (m.file && sample.size() < (1 << 16)) sample += m.file->text().substr(0, 1 << 14);
      }
      set.dialect = GuessDialect(c.display, sample);
    }
    for (Migration& m : set.migrations) {
      // PostgreSQL: one simple-protocol query, an implicit transaction. MySQL commits each DDL
      // statement; SQLite's execute_batch runs the statements one by one.
      m.tx = (set.dialect == "sqlite" || set.dialect == "mysql") ? TxShape::kPerStatement
                                                                 : TxShape::kImplicitMulti;
      FillSqlStatements(m, set.dialect);
    }
    LinkInOrder(set.migrations);
    return set;
  }

 private:
  static void Warn(MigrationSet& set, std::string_view code, std::string message, SourceLoc loc,
                   std::string help) {
    Finding f = MakeFinding(code, std::move(message), std::move(loc), std::move(help));
    f.severity = Severity::kWarning;
    set.findings.push_back(std::move(f));
  }

  static void ReadMigrationDir(const Candidate& c, const std::string& dir_name,
                               const std::string& display, MigrationSet& set) {
    Migration m;
    m.id = dir_name;
    std::string_view rest;
    if (IsPrismaDirName(dir_name)) {
      m.version = dir_name.substr(0, 14);
      rest = std::string_view(dir_name).substr(15);
    } else {
      m.version = std::string(LeadingDigits(dir_name));
      size_t us = dir_name.find('_');
      rest = us == std::string::npos ? std::string_view(dir_name)
                                     : std::string_view(dir_name).substr(us + 1);
    }
    m.name = std::string(rest);
    m.path = JoinDisplay(display, "migration.sql");
    m.id_loc = SourceLoc::File(m.path);
    if (!IsPrismaDirName(dir_name)) {
      Warn(set, "SCH017",
           fmt::format("migration folder '{}' is not named <14-digit timestamp>_<name>: prisma "
                       "still runs it, but in name order, which need not be the order it was "
                       "written in",
                       Printable(dir_name)),
           SourceLoc::File(m.path), "rename it <YYYYMMDDHHMMSS>_<name> as prisma migrate dev does");
    }
    if (rest.size() > kMaxNameBytes) {
      Finding f = MakeFinding(
          "SCH011",
          fmt::format("migration name is {} bytes long; prisma migrate dev refuses names over "
                      "200 bytes (P3010){}",
                      rest.size(),
                      dir_name.size() > kMaxMigrationName
                          ? ", and _prisma_migrations.migration_name holds at most 255"
                          : ""),
          SourceLoc::File(m.path), "shorten the folder name");
      if (dir_name.size() <= kMaxMigrationName) f.severity = Severity::kWarning;
      set.findings.push_back(std::move(f));
    }
    fs::path sql = c.dir / dir_name / "migration.sql";
    std::error_code ec;
    if (!fs::exists(sql, ec)) {
      set.findings.push_back(MakeFinding(
          "SCH011",
          fmt::format("migration folder '{}' has no migration.sql: prisma migrate stops with "
                      "P3015 (could not find the migration file)",
                      Printable(dir_name)),
          SourceLoc::File(display), "restore migration.sql, or delete the folder"));
      m.tx = TxShape::kImplicitMulti;
      set.migrations.push_back(std::move(m));
      return;
    }
    size_t before = set.findings.size();
    m.file = LoadMigrationFile(sql, m.path, {true, "prisma"}, set.findings);
    if (m.file) {
      if (auto bad = FindInvalidUtf8(m.file->text())) {
        SourceLoc at = SourceLoc::At(*m.file, *bad);
        for (size_t i = before; i < set.findings.size(); ++i) {
          Finding& f = set.findings[i];
          if (f.code != "SCH011" || !f.loc || !(*f.loc == at)) continue;
          // Prisma's CLI reads the file with encoding 'utf-8': bad bytes become U+FFFD.
          f.severity = Severity::kWarning;
          f.message = fmt::format(
              "invalid UTF-8 (byte 0x{:02x}); prisma's CLI reads the file as UTF-8 and "
              "substitutes U+FFFD, so the database receives different text and the checksum "
              "is not the file's",
              static_cast<unsigned char>(m.file->text()[*bad]));
        }
      }
      set.files.push_back(m.path);
    }
    set.migrations.push_back(std::move(m));
  }

  /// Checks migration_lock.toml as prisma-engines reads it; returns the dialect it names.
  static std::string ReadLock(const fs::path& path, const std::string& display,
                              const std::optional<PrismaDatasource>& schema, MigrationSet& set) {
    auto file = ReadSourceFile(path, display);
    if (!file.ok()) {
      set.findings.push_back(MakeFinding("SCH011", file.error().message, SourceLoc::File(display),
                                         "make the file readable"));
      return "";
    }
    const SourceFile& f = **file;
    PrismaLock lock = ParsePrismaLock(f.text(), display);
    if (lock.toml_error) {
      Warn(set, "SCH011",
           fmt::format("migration_lock.toml is not valid TOML ({}); prisma reads only its first "
                       "line starting with `provider`, but other tools cannot parse it",
                       *lock.toml_error),
           SourceLoc::Line(display, lock.toml_error_line, lock.toml_error_column),
           "write the file as prisma migrate dev does: comments and provider = \"<provider>\"");
    }
    std::vector<Related> related;
    std::string schema_type;
    if (schema) {
      schema_type = PrismaConnectorType(schema->provider);
      related.push_back({SourceLoc::Line(schema->path, schema->line, schema->column),
                         fmt::format("datasource provider = \"{}\"", Printable(schema->provider))});
    }
    if (lock.provider_line == 0) {
      SourceLoc loc = lock.toml_provider_line ? SourceLoc::Line(display, lock.toml_provider_line)
                                              : SourceLoc::File(display);
      set.findings.push_back(MakeFinding(
          "SCH014",
          "no line of migration_lock.toml starts with `provider`: prisma reads the provider as "
          "<PROVIDER NOT FOUND> and migrate stops with P3019",
          loc, "write `provider = \"<provider>\"` at the start of a line", related));
      return PrismaProviderDialect(lock.intended);
    }
    SourceLoc line = SourceLoc::Line(display, lock.provider_line);
    bool misread = lock.provider != lock.intended || !IsPrismaConnectorType(lock.provider);
    if (misread) {
      std::string want = IsPrismaConnectorType(lock.intended) ? lock.intended
                         : !schema_type.empty()               ? schema_type
                                                              : std::string("<provider>");
      set.findings.push_back(MakeFinding(
          "SCH014",
          fmt::format("prisma reads this provider as {}: it strips exactly `provider = ` and the "
                      "double quotes, so migrate stops with P3019 (provider does not match)",
                      Quote(lock.provider)),
          line, fmt::format("write it exactly as provider = \"{}\"", Printable(want)), related));
      return PrismaProviderDialect(lock.intended);
    }
    if (schema && lock.provider != schema_type) {
      set.findings.push_back(MakeFinding(
          "SCH014",
          fmt::format("migration_lock.toml says provider {} but {} uses {}: prisma migrate stops "
                      "with P3019 (the datasource provider does not match the lock file)",
                      Quote(lock.provider), schema->path, Quote(schema->provider)),
          line,
          "if the project really moved to another database, start a new migration history; "
          "otherwise set the same provider in both files",
          related));
    }
    return PrismaProviderDialect(lock.provider);
  }
};

}  // namespace

const FormatReader& PrismaReader() {
  static const PrismaReaderImpl kReader;
  return kReader;
}

}  // namespace sse
