// Drizzle v1 layout (FORMATS.md 2.7): <out>/<YYYYMMDDHHMMSS>_<name>/migration.sql with a
// snapshot.json beside it, no journal; folders ordered by name.

#include <fmt/format.h>

#include "core/lint/catalog.hpp"
#include "core/migrations/drizzle_common.hpp"
#include "core/util/strings.hpp"

namespace sse {

void ReadDrizzleV1(const Candidate& c, const std::vector<DirEntry>& entries,
                   const std::string& journal, MigrationSet& set) {
  if (!journal.empty()) {
    set.findings.push_back(MakeFinding(
        "SCH011",
        "meta/_journal.json beside v1 migration folders: drizzle's migrator stops with \"We "
        "detected that you have old drizzle-kit migration folders. You must upgrade drizzle-kit "
        "and run \"drizzle-kit up\"\"",
        SourceLoc::File(journal),
        "run `drizzle-kit up` to convert the old entries, then delete meta/"));
  }
  std::string dialect;
  for (const DirEntry& e : entries) {
    std::string display = JoinDisplay(c.display, e.name);
    if (e.kind == DirEntry::Kind::kFile) {
      if (IEndsWith(e.name, ".sql")) {
        Finding w = MakeFinding("SCH017",
                                fmt::format("drizzle's migrator ignores '{}': it reads only "
                                            "<timestamp>_<name>/migration.sql folders",
                                            Printable(e.name)),
                                SourceLoc::File(display),
                                "move it into a folder of its own as migration.sql");
        w.severity = Severity::kWarning;
        set.findings.push_back(std::move(w));
      }
      continue;
    }
    if (e.kind != DirEntry::Kind::kDir) continue;
    fs::path dir = c.dir / e.name;
    std::string sql_display = JoinDisplay(display, "migration.sql");
    std::string snap_display = JoinDisplay(display, "snapshot.json");
    std::error_code ec;
    bool has_snapshot = fs::exists(dir / "snapshot.json", ec);
    if (!fs::exists(dir / "migration.sql", ec)) {
      if (has_snapshot) {
        Finding w = MakeFinding(
            "SCH008",
            fmt::format("folder '{}' has snapshot.json but no migration.sql: drizzle's "
                        "migrator skips it",
                        Printable(e.name)),
            SourceLoc::File(snap_display), "restore migration.sql, or delete the folder");
        w.severity = Severity::kWarning;
        set.findings.push_back(std::move(w));
      }
      continue;
    }
    std::string version;
    if (HasTimestampPrefix(e.name)) {
      version = e.name.substr(0, 14);
    } else {
      version = std::string(LeadingDigits(e.name));
      Finding w = MakeFinding(
          "SCH017",
          fmt::format("folder '{}' does not start with a 14-digit timestamp and '_': drizzle "
                      "orders folders by name and reads the first 14 characters as the time",
                      Printable(e.name)),
          SourceLoc::File(sql_display),
          "rename it <YYYYMMDDHHMMSS>_<name> as drizzle-kit generate does");
      w.severity = Severity::kWarning;
      set.findings.push_back(std::move(w));
    }
    Migration m;
    m.id = e.name;
    m.version = version;
    size_t us = e.name.find('_');
    m.name = us == std::string::npos ? "" : e.name.substr(us + 1);
    m.path = sql_display;
    m.id_loc = SourceLoc::File(sql_display);
    LoadDrizzleSql(m, dir / "migration.sql", set.findings);
    set.files.push_back(sql_display);
    if (has_snapshot) {
      set.files.push_back(snap_display);
      std::string snap_dialect;
      if (auto s = ReadDrizzleSnapshot(dir / "snapshot.json", snap_display, version, true,
                                       set.findings, &snap_dialect)) {
        set.snapshots.push_back(std::move(*s));
      }
      if (dialect.empty()) dialect = snap_dialect;
    } else {
      Finding w = MakeFinding(
          "SCH008",
          fmt::format("migration '{}' has no snapshot.json: drizzle-kit generate diffs against "
                      "the newest snapshot it finds, so it can generate changes again",
                      Printable(e.name)),
          SourceLoc::File(sql_display), "restore snapshot.json from version control");
      w.severity = Severity::kWarning;
      set.findings.push_back(std::move(w));
    }
    set.migrations.push_back(std::move(m));
  }
  FinishDrizzleSet(set, c, dialect);
}

}  // namespace sse
