// Wrangler D1 reader (FORMATS.md section 4). A folder holding a wrangler config declares one set
// per distinct migrations folder of its d1_databases (top level and every env.X); the set is the
// files wrangler >= 4.98 applies, in its order, each sent as one atomic batch together with the
// ledger INSERT. Configuration problems are SCH014, files wrangler skips or misreads SCH017.

#include <algorithm>
#include <memory>
#include <set>

#include <fmt/format.h>

#include "core/lint/catalog.hpp"
#include "core/migrations/reader.hpp"
#include "core/migrations/reader_util.hpp"
#include "core/migrations/wrangler_checks.hpp"
#include "core/migrations/wrangler_config.hpp"
#include "core/migrations/wrangler_migrations.hpp"
#include "core/util/strings.hpp"
#include "core/util/utf8.hpp"

namespace sse {
namespace {

/// A d1_databases entry that uses the folder being read.
struct Use {
  const WranglerConfig* cfg = nullptr;
  const WranglerD1Database* db = nullptr;
};

fs::path FromDisplay(const fs::path& cwd, const std::string& display) {
  fs::path p(display);
  return p.is_absolute() ? p : cwd / p;
}

std::string PathKey(const fs::path& p) {
  std::string s = p.lexically_normal().generic_string();
  while (s.size() > 1 && s.back() == '/') s.pop_back();
  return s;
}

D1Binding MakeBinding(const WranglerConfig& cfg, const WranglerD1Database& db) {
  D1Binding b;
  b.binding = db.binding.value;
  b.database_name = db.database_name.value;
  b.database_id = db.database_id.value;
  b.preview_database_id = db.preview_database_id.value;
  b.env = db.env;
  b.config_path = cfg.display;
  b.loc = db.binding.loc;  // the entry itself when binding is missing
  return b;
}

/// Files that obviously are no migration and that nobody expects wrangler to apply.
bool IsObviousNonMigration(std::string_view name) {
  std::string lower = ToLower(name);
  if (lower.front() == '.' && !IEndsWith(lower, ".sql")) return true;  // .gitkeep, .DS_Store
  std::string_view stem = std::string_view(lower).substr(0, lower.find('.'));
  for (std::string_view s : {"readme", "license", "licence", "changelog", "notes", "todo"}) {
    if (stem == s) return true;
  }
  if (lower == "thumbs.db" || lower == "desktop.ini") return true;
  size_t dot = lower.rfind('.');
  if (dot == std::string::npos) return false;
  std::string_view ext = std::string_view(lower).substr(dot + 1);
  for (std::string_view e : {"md", "markdown", "txt", "rst", "adoc"}) {
    if (ext == e) return true;
  }
  return false;
}

/// The description wrangler's name carries: "0001_add_users.sql" -> "add_users",
/// "0003_x/migration.sql" -> "x".
std::string DescriptionOf(std::string_view rel) {
  std::string_view seg = rel.substr(0, std::min(rel.find('/'), rel.size()));
  if (seg.size() == rel.size() && seg.size() >= 4 && seg.substr(seg.size() - 4) == ".sql") {
    seg.remove_suffix(4);
  }
  size_t us = seg.find('_');
  if (us != std::string_view::npos) return std::string(seg.substr(us + 1));
  if (ParseD1LeadingNumber(seg).is_number) {
    size_t i = seg.find_first_of("0123456789");
    while (i < seg.size() && seg[i] >= '0' && seg[i] <= '9') ++i;
    return std::string(seg.substr(i));
  }
  return std::string(seg);
}

class D1ReaderImpl final : public FormatReader {
 public:
  Tool tool() const override { return Tool::kD1; }

  void Probe(const DirView& dir, DetectContext& ctx, std::vector<Candidate>& out) const override {
    std::string_view name;
    for (std::string_view n : kWranglerConfigNames) {
      if (dir.HasFile(n)) {
        name = n;
        break;
      }
    }
    if (name.empty()) return;
    std::string display = JoinDisplay(dir.display, name);
    auto cfg = LoadWranglerConfig(dir.path / name, display);
    if (!cfg.ok()) {
      if (ctx.findings) {
        const Error& e = cfg.error();
        ctx.findings->push_back(
            MakeFinding("SCH011",
                        fmt::format("malformed {}: {}; every wrangler command fails to load it",
                                    name, e.message),
                        e.loc ? *e.loc : SourceLoc::File(display),
                        fmt::format("fix the {} syntax at this line",
                                    IEndsWith(name, ".toml") ? "TOML" : "JSON")));
      }
      return;
    }
    std::vector<const WranglerD1Database*> all = cfg->AllD1Databases();
    if (all.empty()) {
      if (ctx.findings) {
        for (const Finding& f : cfg->problems) ctx.findings->push_back(f);
      }
      return;
    }
    std::error_code ec;
    fs::path cwd = ctx.cwd.empty() ? fs::current_path(ec) : ctx.cwd;
    std::vector<Candidate> mine;
    for (const WranglerD1Database* db : all) {
      auto it = std::find_if(mine.begin(), mine.end(), [&](const Candidate& c) {
        return PathKey(c.dir) == PathKey(db->migrations_path);
      });
      if (it == mine.end()) {
        Candidate c;
        c.tool = tool();
        c.dir = db->migrations_path;
        c.display = DisplayPath(cwd, db->migrations_path);
        c.evidence = Evidence::kConfig;
        c.config_path = display;
        c.config_loc = db->FolderLoc();
        c.dialect = "d1";
        c.options["migrations_table"] = db->MigrationsTable();
        c.options["migrations_pattern"] = db->MigrationsPattern();
        mine.push_back(std::move(c));
        it = mine.end() - 1;
      }
      it->d1_bindings.push_back(MakeBinding(*cfg, *db));
    }
    for (Candidate& c : mine) out.push_back(std::move(c));
  }

  MigrationSet Read(const Candidate& in, const fs::path& cwd) const override {
    Candidate c = in;
    if (c.dir.is_relative()) c.dir = cwd / c.dir;
    MigrationSet set;
    set.tool = tool();
    set.dialect = "d1";
    set.root = c.display;
    set.roots = {c.display};
    set.config_path = c.config_path;
    set.d1_bindings = c.d1_bindings;

    // Re-read every config that names this folder (several may, in a monorepo).
    std::vector<std::string> displays;
    if (!c.config_path.empty()) displays.push_back(c.config_path);
    for (const D1Binding& b : c.d1_bindings) {
      if (std::find(displays.begin(), displays.end(), b.config_path) == displays.end()) {
        displays.push_back(b.config_path);
      }
    }
    std::vector<std::unique_ptr<WranglerConfig>> configs;
    for (const std::string& d : displays) {
      auto cfg = LoadWranglerConfig(FromDisplay(cwd, d), d);
      if (cfg.ok()) configs.push_back(std::make_unique<WranglerConfig>(std::move(*cfg)));
    }
    std::string key = PathKey(c.dir);
    if (displays.empty()) AdoptConfigAbove(c.dir, key, cwd, configs, set);
    std::vector<Use> uses;
    for (const auto& cfg : configs) {
      set.files.push_back(cfg->display);
      std::vector<const WranglerD1Database*> all = cfg->AllD1Databases();
      // Config-wide findings go with the config's first folder, so they are reported once.
      if (!all.empty() && PathKey(all.front()->migrations_path) == key) {
        CheckWranglerConfig(*cfg, set.findings);
      }
      for (const WranglerD1Database* db : all) {
        if (PathKey(db->migrations_path) != key) continue;
        uses.push_back({cfg.get(), db});
        CheckWranglerD1Entry(*cfg, *db, set.findings);
      }
    }

    std::error_code ec;
    if (!fs::is_directory(c.dir, ec)) {
      ReportMissingFolder(c, uses, set);
      return set;
    }
    std::string pattern =
        uses.empty() ? std::string("*.sql") : uses.front().db->DirRelativePattern();
    CheckSharedPattern(uses, pattern, set);
    D1FileListing listing = ListD1MigrationFiles(c.dir, pattern);
    CheckFolderFiles(c, uses, pattern, listing, set);

    std::string table =
        uses.empty() ? std::string(kD1DefaultMigrationsTable) : uses.front().db->MigrationsTable();
    for (const std::string& rel : listing.names) {
      Migration m;
      m.id = rel;
      D1LeadingNumber num =
          ParseD1LeadingNumber(rel.substr(0, std::min(rel.find('/'), rel.size())));
      m.version = num.text;
      m.name = DescriptionOf(rel);
      m.path = JoinDisplay(c.display, rel);
      m.id_loc = SourceLoc::File(m.path);
      m.tx = TxShape::kAtomicBatch;
      set.files.push_back(m.path);
      if (auto bad = FindInvalidUtf8(rel)) {
        Finding f = MakeFinding(
            "SCH017",
            fmt::format("file name {} is not valid UTF-8: wrangler (Node.js) decodes it with "
                        "U+FFFD and cannot open the file",
                        Quote(rel)),
            SourceLoc::File(m.path), "rename the file using UTF-8 characters only");
        f.severity = Severity::kError;
        set.findings.push_back(std::move(f));
      }
      m.file = LoadMigrationFile(c.dir / fs::path(rel), m.path, {true, "wrangler"}, set.findings);
      if (m.file) {
        Span all{0, static_cast<uint32_t>(m.file->text().size())};
        m.body = all;
        // Local: db.batch(splitSqlQuery(sql)), one prepared statement per chunk.
        m.chunks = SplitSqlStatements(m.file->text(), all, SqlLexMode::kSqlite);
        CheckLastStatement(m, table, set);
      }
      FillSqlStatements(m, set.dialect);
      set.migrations.push_back(std::move(m));
    }
    LinkInOrder(set.migrations);
    return set;
  }

 private:
  /// A folder read with --tool d1 and no config from detection (the walk started below the
  /// config): wrangler searches upward for its config, so look there for one naming the folder.
  static void AdoptConfigAbove(const fs::path& dir, const std::string& key, const fs::path& cwd,
                               std::vector<std::unique_ptr<WranglerConfig>>& configs,
                               MigrationSet& set) {
    auto found = FindWranglerConfig(dir);
    if (!found) return;
    auto cfg = LoadWranglerConfig(*found, DisplayPath(cwd, *found));
    if (!cfg.ok()) return;
    bool names_dir = false;
    for (const WranglerD1Database* db : cfg->AllD1Databases()) {
      if (PathKey(db->migrations_path) != key) continue;
      names_dir = true;
      set.d1_bindings.push_back(MakeBinding(*cfg, *db));
    }
    if (!names_dir) return;
    set.config_path = cfg->display;
    configs.push_back(std::make_unique<WranglerConfig>(std::move(*cfg)));
  }

  static void ReportMissingFolder(const Candidate& c, const std::vector<Use>& uses,
                                  MigrationSet& set) {
    const Use* named = nullptr;
    for (const Use& u : uses) {
      if (u.db->migrations_dir.has()) {
        named = &u;
        break;
      }
    }
    std::error_code ec;
    bool exists = fs::exists(c.dir, ec);
    std::string what =
        named ? fmt::format("migrations_dir {}", Quote(named->db->migrations_dir.value))
              : std::string("the default migrations_dir './migrations'");
    std::string message =
        exists ? fmt::format("wrangler: No migrations present at {}: {} names a file, not a folder",
                             c.display, what)
               : fmt::format("wrangler: No migrations present at {}: {} does not exist", c.display,
                             what);
    std::vector<Related> related;
    for (const Use& u : uses) {
      related.push_back({u.db->binding.loc, fmt::format("{} uses this folder", u.db->Describe())});
    }
    SourceLoc loc = named           ? named->db->FolderLoc()
                    : !uses.empty() ? uses.front().db->FolderLoc()
                                    : SourceLoc::File(c.display);
    Finding f = MakeFinding(
        "SCH014", message, loc,
        named ? "create the folder, or point migrations_dir at the folder holding the migrations"
              : "create ./migrations next to the config, or set migrations_dir",
        related);
    // A defaulted folder only matters once someone runs `wrangler d1 migrations`.
    if (!named && !uses.empty()) f.severity = Severity::kWarning;
    set.findings.push_back(std::move(f));
  }

  /// Several bindings may share a folder; they disagree when their patterns differ.
  static void CheckSharedPattern(const std::vector<Use>& uses, const std::string& pattern,
                                 MigrationSet& set) {
    for (size_t i = 1; i < uses.size(); ++i) {
      const WranglerD1Database& db = *uses[i].db;
      if (db.DirRelativePattern() == pattern) continue;
      Finding f = MakeFinding(
          "SCH014",
          fmt::format("{} and {} share the migrations folder {} but select different files "
                      "({} vs {}); schema reads it with the first pattern",
                      uses.front().db->Describe(), db.Describe(), set.root,
                      Quote(uses.front().db->MigrationsPattern()), Quote(db.MigrationsPattern())),
          db.migrations_pattern.present ? db.migrations_pattern.loc : db.FolderLoc(),
          "give both bindings the same migrations_pattern, or separate migration folders",
          {{uses.front().db->FolderLoc(), uses.front().db->Describe()}});
      f.severity = Severity::kWarning;
      set.findings.push_back(std::move(f));
    }
  }

  static void CheckFolderFiles(const Candidate& c, const std::vector<Use>& uses,
                               const std::string& pattern, const D1FileListing& listing,
                               MigrationSet& set) {
    const WranglerD1Database* db = uses.empty() ? nullptr : uses.front().db;
    bool custom = db && db->migrations_pattern.has() && !db->PatternRejected();
    // A migrations_dir of "." (or above the config) makes a project folder the migrations
    // folder: only SQL files there can be meant as migrations.
    bool project_dir = false;
    std::string key = PathKey(c.dir);
    for (const Use& u : uses) {
      std::error_code ec;
      std::string cfg_dir = PathKey(fs::absolute(u.cfg->Dir(), ec));
      if (cfg_dir == key || cfg_dir.compare(0, key.size() + 1, key + "/") == 0 || key == "/") {
        project_dir = true;
      }
    }
    std::string shown = db ? db->MigrationsPattern() : JoinDisplay(c.display, pattern);
    std::string dir = db ? db->MigrationsDir() : c.display;
    std::set<std::string> selected(listing.names.begin(), listing.names.end());
    std::set<std::string> links(listing.skipped_links.begin(), listing.skipped_links.end());
    D1PatternMatcher matcher(pattern);
    auto warn = [&](std::string message, const std::string& file, std::string help) {
      set.findings.push_back(
          MakeFinding("SCH017", std::move(message), SourceLoc::File(file), std::move(help)));
    };
    for (const std::string& rel : listing.skipped_links) {
      warn(fmt::format("wrangler >= 4.98 skips {}: it is a symbolic link, and the migration walk "
                       "only takes regular files (older versions applied it)",
                       Quote(rel)),
           JoinDisplay(c.display, rel), "replace the link with a copy of the file");
    }
    for (const std::string& rel : listing.names) {
      std::string base = ToLower(rel.substr(rel.rfind('/') + 1));
      if (!IEndsWith(base, ".down.sql")) continue;
      warn(fmt::format("wrangler applies {} as a forward migration: it runs every file matching "
                       "{}, rollback scripts included",
                       Quote(rel), Quote(shown)),
           JoinDisplay(c.display, rel),
           "move rollback scripts out of the migrations folder, or narrow migrations_pattern");
    }
    auto entries = ListDir(c.dir);
    if (!entries.ok()) return;
    std::vector<std::string> drizzle;
    for (const DirEntry& e : *entries) {
      std::string file = JoinDisplay(c.display, e.name);
      if (e.kind == DirEntry::Kind::kDir) {
        std::error_code ec;
        if (e.name.front() != '.' && fs::is_regular_file(c.dir / e.name / "migration.sql", ec) &&
            !matcher.Match(e.name + "/migration.sql")) {
          drizzle.push_back(e.name + "/migration.sql");
        }
        continue;
      }
      if (e.kind != DirEntry::Kind::kFile || selected.count(e.name) || links.count(e.name) ||
          IsObviousNonMigration(e.name)) {
        continue;
      }
      if (e.name.front() == '.' && IEndsWith(e.name, ".sql")) {
        warn(fmt::format("wrangler >= 4.98 skips {}: names starting with '.' never match "
                         "migrations_pattern (older versions applied it)",
                         Quote(e.name)),
             file, "remove the leading '.' to apply it, or move it out of the migrations folder");
      } else if (custom && IEndsWith(e.name, ".sql")) {
        if (ToLower(e.name).find(".down.") != std::string::npos) continue;
        warn(fmt::format("wrangler ignores {}: it does not match migrations_pattern {}",
                         Quote(e.name), Quote(shown)),
             file, "rename or move it so that it matches the pattern, or widen migrations_pattern");
      } else if (IEndsWith(e.name, ".sql")) {
        warn(fmt::format("wrangler ignores {}: the match with {} is case-sensitive", Quote(e.name),
                         Quote(shown)),
             file, fmt::format("rename it to {}", e.name.substr(0, e.name.size() - 4) + ".sql"));
      } else if (!project_dir) {
        warn(fmt::format("wrangler ignores {}: only files matching {} are migrations",
                         Quote(e.name), Quote(shown)),
             file, "rename it to end in .sql if it is a migration, or move it out of the folder");
      }
    }
    if (drizzle.empty()) return;
    std::string example = JoinDisplay(c.display, drizzle.front());
    std::string more = drizzle.size() > 1 ? fmt::format(" and {} more", drizzle.size() - 1) : "";
    Finding f = MakeFinding(
        "SCH017",
        fmt::format("wrangler ignores Drizzle-style migrations such as {}{}: {}, so only files "
                    "matching {} are applied (wrangler >= 4.98 only prints a hint)",
                    Quote(drizzle.front()), more,
                    custom ? "migrations_pattern does not match */migration.sql"
                           : "migrations_pattern is not set",
                    Quote(shown)),
        db ? (custom ? db->migrations_pattern.loc : db->FolderLoc()) : SourceLoc::File(example),
        fmt::format("set migrations_pattern = \"{}/*/migration.sql\" (wrangler >= 4.98){}", dir,
                    db && !db->migrations_dir.has()
                        ? fmt::format(" together with migrations_dir = \"{}\"", dir)
                        : std::string()),
        {{SourceLoc::File(example), "a migration wrangler does not apply"}});
    set.findings.push_back(std::move(f));
  }

  /// buildMigrationQuery appends "\nINSERT INTO <table> ..." to the file: a last statement
  /// without ';' swallows it and the whole batch fails.
  static void CheckLastStatement(const Migration& m, const std::string& table, MigrationSet& set) {
    if (m.chunks.empty()) return;
    const Span& last = m.chunks.back();
    std::string_view text = m.file->text();
    if (last.end > last.begin && text[last.end - 1] == ';') return;
    set.findings.push_back(MakeFinding(
        "SCH011",
        fmt::format("the last statement does not end with ';': wrangler appends INSERT INTO \"{}\" "
                    "on the next line, so the batch fails (near \"INSERT\": syntax error) and the "
                    "migration never applies",
                    table),
        SourceLoc::Span(*m.file, last.begin, last.end), "end the statement with ';'"));
  }
};

}  // namespace

const FormatReader& D1Reader() {
  static const D1ReaderImpl kReader;
  return kReader;
}

}  // namespace sse
