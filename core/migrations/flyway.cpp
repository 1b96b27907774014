// Flyway reader (FORMATS.md section 5): V<version>__<desc>.sql / R__<desc>.sql / U<version>__...
// files under the configured locations (recursively), versioned ones ordered by their numeric
// version, repeatables after them by description. docs/formats/flyway.md is the spec.

#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include <fmt/format.h>

#include "core/lint/catalog.hpp"
#include "core/migrations/detect.hpp"
#include "core/migrations/flyway_config.hpp"
#include "core/migrations/flyway_names.hpp"
#include "core/migrations/flyway_tx.hpp"
#include "core/migrations/reader.hpp"
#include "core/migrations/reader_util.hpp"
#include "core/util/strings.hpp"

namespace sse {
namespace {

constexpr int kMaxReadDepth = 16;   // Flyway scans locations recursively
constexpr int kMaxProbeDepth = 3;   // subfolders a probe looks into
constexpr int kMaxProbeLists = 32;  // folders a probe lists below one candidate

bool IsTrue(const std::map<std::string, std::string>& options, const char* key) {
  auto it = options.find(key);
  return it != options.end() && IEquals(Trim(it->second), "true");
}
bool IsFalse(const std::map<std::string, std::string>& options, const char* key) {
  auto it = options.find(key);
  return it != options.end() && IEquals(Trim(it->second), "false");
}

/// True when a folder below `dir` (a few levels deep) holds Flyway-named files: Flyway reads them
/// as part of the same location.
bool HasFlywayFilesBelow(const fs::path& dir, int depth, int& budget) {
  if (depth > kMaxProbeDepth || budget <= 0) return false;
  --budget;
  auto entries = ListDir(dir);
  if (!entries.ok()) return false;
  for (const DirEntry& e : *entries) {
    if (e.kind == DirEntry::Kind::kFile && depth > 0 && flyway::LooksLikeFlywayMigration(e.name)) {
      return true;
    }
  }
  for (const DirEntry& e : *entries) {
    if (e.kind == DirEntry::Kind::kDir && !IsSkippedDirName(e.name) &&
        HasFlywayFilesBelow(dir / e.name, depth + 1, budget)) {
      return true;
    }
  }
  return false;
}

/// A .sql file found under a location.
struct FoundFile {
  fs::path path;
  std::string display;
  std::string name;
};

void CollectFiles(const fs::path& dir, const std::string& display, int depth,
                  std::set<fs::path>& visited, std::vector<FoundFile>& out,
                  std::vector<Finding>& findings) {
  std::error_code ec;
  fs::path canonical = fs::weakly_canonical(dir, ec);
  if (!visited.insert(ec ? dir : canonical).second || depth > kMaxReadDepth) return;
  auto entries = ListDir(dir);
  if (!entries.ok()) {
    findings.push_back(MakeFinding("SCH011", entries.error().message, SourceLoc::File(display),
                                   "make the folder readable"));
    return;
  }
  for (const DirEntry& e : *entries) {
    if (e.kind == DirEntry::Kind::kFile)
      out.push_back({dir / e.name, JoinDisplay(display, e.name), e.name});
  }
  for (const DirEntry& e : *entries) {
    if (e.kind == DirEntry::Kind::kDir && !IsSkippedDirName(e.name)) {
      CollectFiles(dir / e.name, JoinDisplay(display, e.name), depth + 1, visited, out, findings);
    }
  }
}

/// executeInTransaction from a script configuration: `V1__x.sql.conf` beside the script, or a
/// `-- flyway:executeInTransaction=false` comment line in it.
std::optional<bool> ScriptExecuteInTransaction(const FoundFile& f,
                                               const std::set<std::string>& all_files,
                                               const SourceFile* file) {
  std::optional<bool> out;
  std::string conf = f.display + ".conf";
  if (all_files.count(conf)) {
    if (auto bytes = ReadFileBytes(fs::path(f.path.string() + ".conf")); bytes.ok()) {
      for (const flyway::Property& p : flyway::ParseProperties(*bytes)) {
        if (p.key == "executeInTransaction") {
          if (IEquals(Trim(p.value), "true")) out = true;
          if (IEquals(Trim(p.value), "false")) out = false;
        }
      }
    }
  }
  if (file && file->text().find("flyway:") != std::string_view::npos) {
    for (std::string_view line : Split(file->text(), '\n')) {
      std::string_view t = TrimLeft(line);
      if (t.substr(0, 2) != "--") continue;
      t = TrimLeft(t.substr(2));
      if (t.substr(0, 7) != "flyway:") continue;
      t = t.substr(7);
      size_t eq = t.find('=');
      if (eq == std::string_view::npos || Trim(t.substr(0, eq)) != "executeInTransaction") continue;
      std::string_view v = Trim(t.substr(eq + 1));
      if (IEquals(v, "true")) out = true;
      if (IEquals(v, "false")) out = false;
    }
  }
  return out;
}

/// Decides how Flyway wraps one migration; reports (and marks `refused`) a migration Flyway
/// refuses because it mixes transactional and non-transactional statements.
TxShape ComputeTx(Migration& m, const std::string& dialect, std::optional<bool> script_tx,
                  const std::map<std::string, std::string>& options,
                  std::vector<Finding>& findings) {
  if (IsFalse(options, "executeInTransaction")) return TxShape::kNone;
  TxShape tx = TxShape::kPerMigration;
  if (script_tx) {
    tx = *script_tx ? TxShape::kPerMigration : TxShape::kNone;
  } else if (m.file) {
    std::string_view text = m.file->text();
    std::optional<size_t> first_tx, first_non_tx;
    bool reported = false;
    for (size_t i = 0; i < m.statements.size(); ++i) {
      const Span& s = m.statements[i];
      bool non_tx = flyway::IsNonTransactional(text.substr(s.begin, s.end - s.begin), dialect);
      std::optional<size_t>& slot = non_tx ? first_non_tx : first_tx;
      if (!slot) slot = i;
      if (first_tx && first_non_tx && !reported && !IsTrue(options, "mixed")) {
        reported = true;
        m.refused = true;
        const Span& other = m.statements[non_tx ? *first_tx : *first_non_tx];
        const Span& nt = m.statements[*first_non_tx];
        std::string_view first_line = text.substr(nt.begin, nt.end - nt.begin);
        first_line = Trim(first_line.substr(0, first_line.find('\n')));
        std::string what = first_line.size() > 60 ? std::string(first_line.substr(0, 57)) + "..."
                                                  : std::string(first_line);
        findings.push_back(MakeFinding(
            "SCH011",
            fmt::format("flyway refuses this migration: it mixes a non-transactional statement {} "
                        "with transactional ones and mixed is false (\"Detected both transactional "
                        "and non-transactional statements within the same migration\")",
                        Quote(what)),
            SourceLoc::Span(*m.file, s.begin, s.end),
            "move the non-transactional statement into its own migration, or set mixed=true "
            "(the whole migration then runs without a transaction)",
            {{SourceLoc::Span(*m.file, other.begin, other.end),
              non_tx ? "first transactional statement" : "first non-transactional statement"}}));
      }
    }
    if (first_non_tx) tx = TxShape::kNone;
  }
  if (tx == TxShape::kPerMigration && IsTrue(options, "group")) tx = TxShape::kWholeRun;
  return tx;
}

class FlywayReaderImpl final : public FormatReader {
 public:
  Tool tool() const override { return Tool::kFlyway; }

  void Probe(const DirView& dir, DetectContext& ctx, std::vector<Candidate>& out) const override {
    for (std::string_view name : {"flyway.conf", "flyway.toml"}) {
      if (dir.HasFile(name)) ProbeConfig(dir, name, ctx, out);
    }
    bool named = false;
    for (const DirEntry& e : *dir.entries) {
      if (e.kind == DirEntry::Kind::kFile && flyway::LooksLikeFlywayMigration(e.name)) {
        named = true;
        break;
      }
    }
    if (!named) return;
    // A folder already read as a further location of a configured set is part of that set.
    for (const Candidate& c : out) {
      if (c.tool != Tool::kFlyway) continue;
      for (const fs::path& extra : c.extra_dirs) {
        if (DisplayPath(ctx.cwd, extra) == dir.display) return;
      }
    }
    Candidate c;
    c.tool = tool();
    c.dir = dir.path;
    c.display = dir.display;
    int budget = kMaxProbeLists;
    // Flyway reads a location recursively: when subfolders hold migrations too, this folder is
    // the set and outranks the subfolders' own candidates.
    bool nested = false;
    for (const DirEntry& e : *dir.entries) {
      if (e.kind == DirEntry::Kind::kDir && !IsSkippedDirName(e.name) &&
          HasFlywayFilesBelow(dir.path / e.name, 1, budget)) {
        nested = true;
        break;
      }
    }
    c.evidence = nested ? Evidence::kContent : Evidence::kNaming;
    out.push_back(std::move(c));
  }

  MigrationSet Read(const Candidate& c, const fs::path& cwd) const override {
    MigrationSet set;
    set.tool = tool();
    set.root = c.display;
    set.config_path = c.config_path;
    flyway::NameRules rules = flyway::RulesFromOptions(c.options);
    bool strict_names = IsTrue(c.options, "validateMigrationNaming");

    std::vector<std::pair<fs::path, std::string>> dirs = {{c.dir, c.display}};
    for (const fs::path& extra : c.extra_dirs) dirs.emplace_back(extra, DisplayPath(cwd, extra));
    std::vector<FoundFile> files;
    std::set<fs::path> visited;
    for (const auto& [dir, display] : dirs) {
      set.roots.push_back(display);
      std::error_code ec;
      if (!fs::is_directory(dir, ec)) {
        if (!c.config_path.empty()) {
          set.findings.push_back(MakeFinding(
              "SCH014",
              fmt::format("flyway location '{}' points nowhere: the folder does not exist",
                          display),
              c.config_loc.path.empty() ? SourceLoc::File(c.config_path) : c.config_loc,
              "create the folder or fix the location"));
        } else {
          set.findings.push_back(MakeFinding(
              "SCH011", fmt::format("cannot read folder '{}'", display), SourceLoc::File(display)));
        }
        continue;
      }
      CollectFiles(dir, display, 0, visited, files, set.findings);
    }
    std::set<std::string> all_displays;
    for (const FoundFile& f : files) all_displays.insert(f.display);

    struct Entry {
      FoundFile file;
      flyway::ParsedName name;
    };
    std::vector<Entry> versioned, repeatable;
    std::map<std::string, std::string> undo_by_version;
    std::vector<std::string> undo_files, callback_files, conf_files;
    for (FoundFile& f : files) {
      flyway::ParsedName pn = flyway::ParseName(f.name, rules);
      switch (pn.kind) {
        case flyway::NameKind::kVersioned:
          versioned.push_back({std::move(f), std::move(pn)});
          break;
        case flyway::NameKind::kRepeatable:
          repeatable.push_back({std::move(f), std::move(pn)});
          break;
        case flyway::NameKind::kUndo:
          undo_by_version.emplace(pn.version->Canonical(), f.display);
          undo_files.push_back(f.display);
          break;
        case flyway::NameKind::kCallback:
          callback_files.push_back(f.display);
          break;
        case flyway::NameKind::kNotSql:
          if (IEndsWith(f.name, ".conf") &&
              all_displays.count(f.display.substr(0, f.display.size() - 5))) {
            conf_files.push_back(f.display);
          }
          break;
        case flyway::NameKind::kInvalid: {
          Finding w = MakeFinding(
              "SCH017",
              strict_names
                  ? fmt::format("flyway rejects '{}' (validateMigrationNaming is true): {}", f.name,
                                pn.problem)
                  : fmt::format("flyway skips '{}': {}", f.name, pn.problem),
              SourceLoc::File(f.display), pn.help);
          w.severity = strict_names ? Severity::kError : Severity::kWarning;
          set.findings.push_back(std::move(w));
          break;
        }
      }
    }
    std::stable_sort(versioned.begin(), versioned.end(), [](const Entry& a, const Entry& b) {
      int cmp = flyway::CompareVersions(*a.name.version, *b.name.version);
      return cmp != 0 ? cmp < 0 : a.file.display < b.file.display;
    });
    std::stable_sort(repeatable.begin(), repeatable.end(), [](const Entry& a, const Entry& b) {
      return a.name.description != b.name.description ? a.name.description < b.name.description
                                                      : a.file.display < b.file.display;
    });

    std::string sample;
    std::vector<std::optional<bool>> script_tx;
    auto add = [&](const Entry& e, bool is_repeatable) {
      Migration m;
      if (is_repeatable) {
        m.id = "R__" + e.name.description;
        m.repeatable = true;
      } else {
        m.id = e.name.version->Canonical();
        m.version = m.id;
        if (auto u = undo_by_version.find(m.id); u != undo_by_version.end())
          m.down_path = u->second;
      }
      m.name = e.name.description;
      m.path = e.file.display;
      m.id_loc = SourceLoc::File(e.file.display);
      m.file = LoadMigrationFile(e.file.path, e.file.display, {false, "flyway"}, set.findings);
      if (m.file && sample.size() < (1 << 16)) sample += m.file->text().substr(0, 1 << 14);
      script_tx.push_back(ScriptExecuteInTransaction(e.file, all_displays, m.file.get()));
      set.files.push_back(m.path);
      set.migrations.push_back(std::move(m));
    };
    for (const Entry& e : versioned) add(e, false);
    for (const Entry& e : repeatable) add(e, true);
    for (auto* list : {&undo_files, &callback_files, &conf_files}) {
      std::sort(list->begin(), list->end());
      set.files.insert(set.files.end(), list->begin(), list->end());
    }

    set.dialect = !c.dialect.empty() ? c.dialect : GuessDialect(c.display, sample);
    for (size_t i = 0; i < set.migrations.size(); ++i) {
      Migration& m = set.migrations[i];
      FillSqlStatements(m, set.dialect);
      m.tx = ComputeTx(m, set.dialect, script_tx[i], c.options, set.findings);
    }
    // Versioned migrations form the chain; repeatables have no parents (they run after every
    // pending versioned migration, whenever their checksum changes).
    for (size_t i = 1; i < versioned.size(); ++i) {
      ParentRef p;
      p.kind = ParentRef::Kind::kImplicit;
      p.id = set.migrations[i - 1].id;
      p.index = static_cast<int>(i - 1);
      p.loc = SourceLoc::File(set.migrations[i].path);
      set.migrations[i].parents.push_back(std::move(p));
    }
    return set;
  }

 private:
  void ProbeConfig(const DirView& dir, std::string_view name, DetectContext& ctx,
                   std::vector<Candidate>& out) const {
    std::string display = JoinDisplay(dir.display, name);
    std::vector<Finding> local;
    std::vector<Finding>& findings = ctx.findings ? *ctx.findings : local;
    auto file = ReadSourceFile(dir.path / std::string(name), display);
    if (!file.ok()) {
      findings.push_back(MakeFinding("SCH011", file.error().message, SourceLoc::File(display),
                                     "make the file readable"));
      return;
    }
    flyway::Config cfg =
        name == "flyway.toml" ? flyway::ParseToml(**file, findings) : flyway::ParseConf(**file);
    // The command-line layout keeps the file in conf/ and resolves locations from its parent.
    fs::path base = dir.path.filename() == "conf" ? dir.path.parent_path() : dir.path;
    std::vector<std::pair<fs::path, SourceLoc>> found;
    bool defaults = !cfg.has_locations;
    if (defaults) {
      // Flyway's default location, classpath:db/migration (and the command line's sql/).
      cfg.locations = {{"classpath:db/migration", SourceLoc::File(display)},
                       {"filesystem:sql", SourceLoc::File(display)}};
    }
    for (const flyway::Location& loc : cfg.locations) {
      std::string_view text = loc.text;
      bool classpath = true;
      if (text.substr(0, 11) == "filesystem:") {
        text.remove_prefix(11);
        classpath = false;
      } else if (text.substr(0, 10) == "classpath:") {
        text.remove_prefix(10);
      } else if (size_t colon = text.find(':'); colon != std::string_view::npos && colon > 1) {
        continue;  // s3:, gcs:, other schemes are not read
      }
      if (text.find_first_of("*?") != std::string_view::npos) continue;  // wildcards: not read
      fs::path p;
      if (classpath) {
        while (!text.empty() && text.front() == '/') text.remove_prefix(1);
        p = base / "src" / "main" / "resources" / std::string(text);
      } else {
        fs::path t{std::string(text)};
        p = t.is_absolute() ? t : base / t;
      }
      p = p.lexically_normal();
      std::error_code ec;
      if (!fs::is_directory(p, ec)) {
        if (defaults) continue;
        Finding f = MakeFinding(
            "SCH014",
            fmt::format("flyway location '{}' points nowhere: '{}' is not a folder", loc.text,
                        DisplayPath(ctx.cwd, p)),
            loc.loc,
            classpath ? "create the folder, or ignore this if the location comes from another "
                        "module or a jar on the classpath"
                      : "create the folder or fix the location");
        if (classpath) f.severity = Severity::kWarning;
        findings.push_back(std::move(f));
        continue;
      }
      bool dup = false;
      for (const auto& [q, l] : found) dup = dup || q == p;
      if (!dup) found.emplace_back(p, loc.loc);
    }
    if (found.empty()) return;
    Candidate c;
    c.tool = tool();
    c.dir = found.front().first;
    c.display = DisplayPath(ctx.cwd, c.dir);
    for (size_t i = 1; i < found.size(); ++i) c.extra_dirs.push_back(found[i].first);
    c.evidence = Evidence::kConfig;
    c.config_path = display;
    c.config_loc = found.front().second;
    c.dialect = cfg.dialect;
    c.options = cfg.options;
    // Folders probed earlier as sets of their own are further locations of this one.
    std::set<std::string> extras;
    for (const fs::path& e : c.extra_dirs) extras.insert(DisplayPath(ctx.cwd, e));
    out.erase(std::remove_if(out.begin(), out.end(),
                             [&](const Candidate& o) {
                               return o.tool == Tool::kFlyway && o.evidence < Evidence::kConfig &&
                                      extras.count(o.display) > 0;
                             }),
              out.end());
    out.push_back(std::move(c));
  }
};

}  // namespace

const FormatReader& FlywayReader() {
  static const FlywayReaderImpl kReader;
  return kReader;
}

}  // namespace sse
