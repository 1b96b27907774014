// Plain SQL folders (tool "sql"): numbered .sql files that no migration tool claims, run in
// file-name order the way `for f in $(ls *.sql | sort); do psql -f $f; done` does.
// docs/formats/sql.md is the spec.

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "core/lint/catalog.hpp"
#include "core/migrations/flyway_names.hpp"
#include "core/migrations/reader.hpp"
#include "core/migrations/reader_util.hpp"
#include "core/util/parallel.hpp"
#include "core/util/strings.hpp"

namespace sse {
namespace {

bool IsSqlName(std::string_view name) { return name.size() > 4 && IEndsWith(name, ".sql"); }

/// golang-migrate's ^([0-9]+)_(.*)\.(down|up)\.(.*)$: such folders belong to golang-migrate.
bool IsGolangMigrateName(std::string_view name) {
  std::string_view digits = LeadingDigits(name);
  if (digits.empty() || digits.size() >= name.size() || name[digits.size()] != '_') return false;
  std::string_view rest = name.substr(digits.size() + 1);
  return rest.find(".up.") != std::string_view::npos ||
         rest.find(".down.") != std::string_view::npos;
}

/// Folder names that say "ordered SQL files" on their own.
bool IsMigrationFolderName(std::string_view name) {
  static const std::set<std::string> kNames = {"migrations", "migration", "migrate", "sql",
                                               "schema"};
  return kNames.count(ToLower(name)) > 0;
}

class PlainSqlReaderImpl final : public FormatReader {
 public:
  Tool tool() const override { return Tool::kSql; }

  void Probe(const DirView& dir, DetectContext&, std::vector<Candidate>& out) const override {
    int numbered = 0;
    for (const DirEntry& e : *dir.entries) {
      if (e.kind != DirEntry::Kind::kFile || !IsSqlName(e.name)) continue;
      // Folders of golang-migrate or Flyway files are theirs, even when those readers are not
      // asked (--tool sql on a parent).
      if (IsGolangMigrateName(e.name) || flyway::LooksLikeFlywayMigration(e.name)) return;
      if (!LeadingDigits(e.name).empty()) ++numbered;
    }
    fs::path name = dir.path.filename();
    if (name.empty()) name = dir.path.parent_path().filename();
    if (numbered >= 2 || (numbered >= 1 && IsMigrationFolderName(name.string()))) {
      out.push_back(FolderCandidate(tool(), dir, Evidence::kFallback));
    }
  }

  MigrationSet Read(const Candidate& c, const fs::path&) const override {
    MigrationSet set;
    set.tool = tool();
    set.root = c.display;
    set.roots = {c.display};
    set.config_path = c.config_path;
    auto entries = ListDir(c.dir);
    if (!entries.ok()) {
      set.findings.push_back(MakeFinding("SCH011", entries.error().message,
                                         SourceLoc::File(c.display), "make the folder readable"));
      return set;
    }
    // ListDir sorts by name in byte order: the order of `ls | sort` with LC_ALL=C.
    std::vector<std::string> names;
    for (const DirEntry& e : *entries) {
      if (e.kind == DirEntry::Kind::kFile && IsSqlName(e.name)) names.push_back(e.name);
    }
    size_t numbered = std::count_if(names.begin(), names.end(),
                                    [](const std::string& n) { return !LeadingDigits(n).empty(); });
    std::string sample;
    for (size_t i = 0; i < names.size(); ++i) {
      const std::string& n = names[i];
      std::string display = JoinDisplay(c.display, n);
      Migration m;
      m.id = n;
      m.version = std::string(LeadingDigits(n));
      std::string_view rest = std::string_view(n).substr(m.version.size());
      rest.remove_suffix(4);
      while (!rest.empty() && (rest.front() == '_' || rest.front() == '-' || rest.front() == '.' ||
                               rest.front() == ' ')) {
        rest.remove_prefix(1);
      }
      m.name = std::string(rest);
      m.path = display;
      m.id_loc = SourceLoc::File(display);
      if (m.version.empty() && numbered > 0) {
        std::string where =
            i > 0 ? fmt::format("after '{}'", names[i - 1])
                  : fmt::format("first, before '{}'", names.size() > 1 ? names[1] : n);
        Finding w = MakeFinding(
            "SCH017",
            fmt::format("'{}' has no numeric prefix while the other files have one: sorted by "
                        "name it runs {}",
                        n, where),
            SourceLoc::File(display),
            "give it a number that places it where it belongs, or move it out of the folder");
        w.severity = Severity::kWarning;
        set.findings.push_back(std::move(w));
      }
      // psql -f (and most ad-hoc runners) send statements one by one in autocommit.
      m.tx = TxShape::kPerStatement;
      set.files.push_back(display);
      set.migrations.push_back(std::move(m));
    }
    // The files are read (and later split) on all cores; findings keep the files' order.
    std::vector<std::vector<Finding>> load_findings(names.size());
    ParallelFor(
        names.size(),
        [&](size_t i) {
          Migration& m = set.migrations[i];
          m.file = LoadMigrationFile(c.dir / names[i], m.path, {true, "a plain SQL runner"},
                                     load_findings[i]);
        },
        Work::kFiles);
    for (size_t i = 0; i < names.size(); ++i) {
      for (Finding& f : load_findings[i]) set.findings.push_back(std::move(f));
      const Migration& m = set.migrations[i];
      if (m.file && sample.size() < (1 << 16)) sample += m.file->text().substr(0, 1 << 14);
    }
    set.dialect = !c.dialect.empty() ? c.dialect : GuessDialect(c.display, sample);
    ParallelFor(set.migrations.size(),
                [&](size_t i) { FillSqlStatements(set.migrations[i], set.dialect); });
    LinkInOrder(set.migrations);
    return set;
  }
};

}  // namespace

const FormatReader& PlainSqlReader() {
  static const PlainSqlReaderImpl kReader;
  return kReader;
}

}  // namespace sse
