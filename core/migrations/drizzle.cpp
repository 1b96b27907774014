// Drizzle reader (FORMATS.md section 2, docs/formats/drizzle.md). The v0 layout: <out>/<tag>.sql
// listed, in array order, by <out>/meta/_journal.json, with meta/<prefix>_snapshot.json beside
// each entry; the v1 layout (<timestamp>_<name>/migration.sql) is read by drizzle_v1.cpp.

#include <climits>
#include <cmath>
#include <fstream>
#include <map>
#include <set>

#include <fmt/format.h>

#include "core/lint/catalog.hpp"
#include "core/migrations/drizzle_common.hpp"
#include "core/migrations/drizzle_config.hpp"
#include "core/migrations/reader.hpp"
#include "core/util/strings.hpp"

namespace sse {
namespace {

constexpr std::string_view kJournalStops = "drizzle's migrator stops before running any migration";

/// The first `limit` bytes of a file ("" when unreadable).
std::string ReadHead(const fs::path& path, size_t limit) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return {};
  std::string buf(limit, '\0');
  in.read(buf.data(), static_cast<std::streamsize>(limit));
  buf.resize(static_cast<size_t>(in.gcount()));
  return buf;
}

/// "0003_add_users.sql": leading digits, '_', ends in .sql (drizzle-kit's index prefix).
bool IsNumberedSql(std::string_view name) {
  std::string_view digits = LeadingDigits(name);
  return !digits.empty() && digits.size() < name.size() && name[digits.size()] == '_' &&
         name.size() > 4 && name.ends_with(".sql");
}

/// A folder without a journal that drizzle-kit generated: numbered SQL files holding the
/// breakpoint marker, or meta/ with snapshots.
bool LooksLikeJournallessDrizzle(const DirView& dir) {
  if (dir.HasDir("meta")) {
    auto meta = ListDir(dir.path / "meta");
    if (meta.ok()) {
      for (const DirEntry& e : *meta) {
        if (e.kind == DirEntry::Kind::kFile && e.name.ends_with("_snapshot.json")) return true;
      }
    }
  }
  int checked = 0;
  for (const DirEntry& e : *dir.entries) {
    if (e.kind != DirEntry::Kind::kFile || !IsNumberedSql(e.name)) continue;
    if (ReadHead(dir.path / e.name, 1 << 16).find(kDrizzleBreakpoint) != std::string::npos) {
      return true;
    }
    if (++checked == 4) break;
  }
  return false;
}

class DrizzleReaderImpl final : public FormatReader {
 public:
  Tool tool() const override { return Tool::kDrizzle; }

  void Probe(const DirView& dir, DetectContext& ctx, std::vector<Candidate>& out) const override {
    for (const DirEntry& e : *dir.entries) {
      if (e.kind == DirEntry::Kind::kFile && IsDrizzleConfigName(e.name)) {
        ProbeConfig(dir, e.name, ctx, out);
      }
    }
    std::error_code ec;
    bool content = (dir.HasDir("meta") && fs::exists(dir.path / "meta" / "_journal.json", ec)) ||
                   LooksLikeDrizzleV1(dir.path, *dir.entries, true, 3) ||
                   LooksLikeJournallessDrizzle(dir);
    if (content) {
      out.push_back(FolderCandidate(tool(), dir, Evidence::kContent));
    }
  }

  MigrationSet Read(const Candidate& c, const fs::path&) const override {
    MigrationSet set;
    set.tool = tool();
    set.root = c.display;
    set.roots = {c.display};
    set.config_path = c.config_path;
    std::error_code ec;
    if (!fs::is_directory(c.dir, ec)) {
      ReportMissingOut(c, set);
      return set;
    }
    auto entries = ListDir(c.dir);
    if (!entries.ok()) {
      set.findings.push_back(
          MakeFinding("SCH011", entries.error().message, SourceLoc::File(c.display)));
      return set;
    }
    fs::path journal = c.dir / "meta" / "_journal.json";
    std::string journal_display = JoinDisplay(c.display, "meta/_journal.json");
    bool has_journal = fs::exists(journal, ec);
    // A folder of <timestamp>_<name>/migration.sql is the v1 layout; with a journal beside it,
    // only folders that also hold snapshot.json count (a stray folder must not hide the journal).
    if (LooksLikeDrizzleV1(c.dir, *entries, has_journal, INT_MAX)) {
      ReadDrizzleV1(c, *entries, has_journal ? journal_display : "", set);
      return set;
    }
    if (!has_journal) {
      set.findings.push_back(MakeFinding(
          "SCH009",
          "no meta/_journal.json in this Drizzle migrations folder: drizzle's migrator stops "
          "with \"Can't find meta/_journal.json file\"",
          SourceLoc::File(c.display),
          "run `drizzle-kit generate` to create the journal; if the folder is copied into a "
          "Docker image or build output, make sure the Dockerfile and .dockerignore keep meta/"));
      return set;
    }
    ReadJournalFolder(c, *entries, journal, journal_display, set);
    return set;
  }

 private:
  static void ProbeConfig(const DirView& dir, const std::string& name, DetectContext& ctx,
                          std::vector<Candidate>& out) {
    std::string display = JoinDisplay(dir.display, name);
    auto file = ReadSourceFile(dir.path / name, display);
    if (!file.ok() || (*file)->text().size() > (1 << 20)) return;
    const SourceFile& f = **file;
    DrizzleConfig cfg = ScanDrizzleConfig(f.text());
    if (cfg.out && cfg.out->dynamic) return;  // computed at run time: the folder is unknown
    Candidate c;
    c.tool = Tool::kDrizzle;
    std::string out_dir = cfg.out ? cfg.out->value : "drizzle";
    fs::path target = fs::path(out_dir).is_absolute() ? fs::path(out_dir) : dir.path / out_dir;
    c.dir = target.lexically_normal();
    c.display = DisplayPath(ctx.cwd, c.dir);
    c.evidence = Evidence::kConfig;
    c.config_path = display;
    c.config_loc = cfg.out ? SourceLoc::At(f, cfg.out->key_offset) : SourceLoc::File(display);
    c.dialect = DrizzleConfigDialect(cfg.dialect && !cfg.dialect->dynamic ? cfg.dialect->value : "",
                                     cfg.driver && !cfg.driver->dynamic ? cfg.driver->value : "");
    c.options["out"] = out_dir;
    if (!cfg.out) c.options["out.implicit"] = "true";
    auto opt = [&](const char* key, const std::optional<DrizzleConfigValue>& v) {
      if (v && !v->dynamic) c.options[key] = v->value;
    };
    opt("migrations.table", cfg.migrations_table);
    opt("migrations.schema", cfg.migrations_schema);
    opt("migrations.prefix", cfg.migrations_prefix);
    out.push_back(std::move(c));
  }

  static void ReportMissingOut(const Candidate& c, MigrationSet& set) {
    if (c.config_path.empty()) {
      set.findings.push_back(MakeFinding("SCH011", fmt::format("{}: no such folder", c.display),
                                         SourceLoc::File(c.display)));
      return;
    }
    bool implicit = c.options.count("out.implicit") > 0;
    Finding f = MakeFinding(
        "SCH014",
        implicit ? fmt::format("{} has no `out`, and the default folder '{}' does not exist: "
                               "drizzle-kit migrate finds no journal there",
                               c.config_path, c.display)
                 : fmt::format("`out` names '{}', which does not exist: drizzle-kit migrate "
                               "finds no journal there",
                               c.display),
        c.config_loc,
        "point `out` at the migrations folder, or run `drizzle-kit generate` to create it "
        "(projects that only use `drizzle-kit push` can ignore this)");
    // Without `out` the config may serve `drizzle-kit push` only: say it, do not fail on it.
    if (implicit) f.severity = Severity::kWarning;
    set.findings.push_back(std::move(f));
  }

  static void ReadJournalFolder(const Candidate& c, const std::vector<DirEntry>& entries,
                                const fs::path& journal, const std::string& journal_display,
                                MigrationSet& set) {
    set.files.push_back(journal_display);
    std::set<std::string> sql_used;
    std::set<std::string> snapshots_used;
    std::string journal_dialect;
    size_t findings_before = set.findings.size();
    ReadEntries(c, journal, journal_display, set, sql_used, snapshots_used, journal_dialect);
    // A journal that cannot be read is one SCH011; listing every file as "not in the journal"
    // on top of it would only bury it.
    for (size_t i = findings_before; i < set.findings.size(); ++i) {
      const Finding& f = set.findings[i];
      if (f.code == "SCH011" && f.severity == Severity::kError && f.loc &&
          f.loc->path == journal_display) {
        ReadSnapshots(c, snapshots_used, set, /*report_orphans=*/false);
        FinishDrizzleSet(set, c, journal_dialect);
        return;
      }
    }
    for (const DirEntry& e : entries) {
      if (e.kind != DirEntry::Kind::kFile || !IEndsWith(e.name, ".sql") || sql_used.count(e.name)) {
        continue;
      }
      Finding f = MakeFinding(
          "SCH008",
          fmt::format("'{}' is not in meta/_journal.json: drizzle's migrator never runs it",
                      Printable(e.name)),
          SourceLoc::File(JoinDisplay(c.display, e.name)),
          "add a journal entry for it (drizzle-kit generate --custom), or delete the file");
      f.severity = Severity::kWarning;
      set.findings.push_back(std::move(f));
    }
    ReadSnapshots(c, snapshots_used, set);
    FinishDrizzleSet(set, c, journal_dialect);
  }

  /// Reads the journal's entries in array order into set.migrations.
  static void ReadEntries(const Candidate& c, const fs::path& journal,
                          const std::string& journal_display, MigrationSet& set,
                          std::set<std::string>& sql_used, std::set<std::string>& snapshots_used,
                          std::string& journal_dialect) {
    auto json = LoadDrizzleJson(journal, journal_display, 3, kJournalStops, set.findings);
    if (!json) return;
    const SourceFile& f = *json->file;
    const JsonDocument& doc = json->doc;
    const nlohmann::json& root = doc.value;
    if (!root.is_object()) {
      set.findings.push_back(MakeFinding(
          "SCH011", fmt::format("journal is not a JSON object; {}", kJournalStops),
          SourceLoc::At(f, doc.OffsetOf("")), "regenerate it with drizzle-kit generate"));
      return;
    }
    if (auto d = root.find("dialect"); d != root.end() && d->is_string()) {
      journal_dialect = d->get<std::string>();
    }
    auto list = root.find("entries");
    if (list == root.end() || !list->is_array()) {
      set.findings.push_back(MakeFinding(
          "SCH011",
          fmt::format("journal has no `entries` array: drizzle's migrator fails iterating "
                      "journal.entries; {}",
                      kJournalStops),
          SourceLoc::At(f, list == root.end() ? doc.OffsetOf("") : doc.OffsetOf("/entries")),
          "restore the journal from version control, or regenerate it with drizzle-kit generate"));
      return;
    }
    std::map<std::string, SourceLoc> seen;
    for (size_t i = 0; i < list->size(); ++i) {
      const nlohmann::json& e = (*list)[i];
      std::string ptr = fmt::format("/entries/{}", i);
      SourceLoc entry_loc = SourceLoc::At(f, doc.OffsetOf(ptr));
      if (!e.is_object()) {
        set.findings.push_back(MakeFinding(
            "SCH011",
            fmt::format("journal entry {} is not an object: drizzle's migrator cannot read its "
                        "tag and stops",
                        i),
            entry_loc, "restore the entry from version control"));
        continue;
      }
      auto tag_it = e.find("tag");
      if (tag_it == e.end() || !tag_it->is_string()) {
        set.findings.push_back(MakeFinding(
            "SCH011",
            fmt::format("journal entry {} has no string `tag`: drizzle's migrator looks for "
                        "'{}/undefined.sql' and stops",
                        i, c.display),
            tag_it == e.end() ? entry_loc : SourceLoc::At(f, doc.OffsetOf(ptr + "/tag")),
            "set `tag` to the SQL file's name without .sql"));
        continue;
      }
      std::string tag = tag_it->get<std::string>();
      std::optional<int64_t> when = ReadWhen(e, tag, f, doc, ptr, entry_loc, set);
      CheckIdx(e, tag, i, f, doc, ptr, entry_loc, set);
      auto [first, inserted] = seen.emplace(tag, entry_loc);
      if (!inserted) {
        set.findings.push_back(MakeFinding(
            "SCH004",
            fmt::format("duplicate journal tag {}: drizzle's migrator runs {}.sql a second time",
                        Quote(tag), Printable(tag)),
            entry_loc, "remove the repeated entry from meta/_journal.json",
            {{first->second, "first entry with this tag"}}));
        continue;
      }
      std::string prefix = tag.substr(0, tag.find('_'));
      Migration m;
      m.id = tag;
      m.version = prefix;
      m.name = tag.find('_') == std::string::npos ? "" : tag.substr(tag.find('_') + 1);
      m.path = JoinDisplay(c.display, tag + ".sql");
      m.id_loc = entry_loc;
      m.when = when;
      m.tx = TxShape::kWholeRun;
      sql_used.insert(tag + ".sql");
      fs::path sql = c.dir / (tag + ".sql");
      std::error_code ec;
      if (!fs::exists(sql, ec)) {
        set.findings.push_back(MakeFinding(
            "SCH008",
            fmt::format("journal entry {} has no SQL file: drizzle's migrator stops with \"No "
                        "file {}/{}.sql found in {} folder\"",
                        Quote(tag), c.display, Printable(tag), c.display),
            entry_loc,
            "restore the file from version control, or remove the entry with drizzle-kit drop"));
      } else {
        LoadDrizzleSql(m, sql, set.findings);
        set.files.push_back(m.path);
      }
      std::string snap = prefix + "_snapshot.json";
      snapshots_used.insert(snap);
      if (!fs::exists(c.dir / "meta" / snap, ec)) {
        Finding w = MakeFinding(
            "SCH008",
            fmt::format("journal entry {} has no snapshot meta/{}: drizzle-kit generate diffs "
                        "against the newest snapshot it finds, so it can generate changes again",
                        Quote(tag), Printable(snap)),
            entry_loc, "restore the snapshot from version control");
        w.severity = Severity::kWarning;
        set.findings.push_back(std::move(w));
      }
      set.migrations.push_back(std::move(m));
    }
  }

  /// The entry's `when` (epoch milliseconds): the migrator's only test of "applied".
  static std::optional<int64_t> ReadWhen(const nlohmann::json& e, const std::string& tag,
                                         const SourceFile& f, const JsonDocument& doc,
                                         const std::string& ptr, const SourceLoc& entry_loc,
                                         MigrationSet& set) {
    auto w = e.find("when");
    if (w != e.end() && (w->is_number_integer() || w->is_number_unsigned())) {
      if (w->is_number_unsigned() && w->get<uint64_t>() > INT64_MAX) return INT64_MAX;
      return w->get<int64_t>();
    }
    if (w != e.end() && w->is_number_float()) {
      double d = w->get<double>();
      if (std::isfinite(d) && std::abs(d) < 9e18) return static_cast<int64_t>(d);
    }
    SourceLoc loc = w == e.end() ? entry_loc : SourceLoc::At(f, doc.OffsetOf(ptr + "/when"));
    if (w != e.end() && w->is_string()) {
      if (auto v = ParseU64(w->get<std::string>()); v && *v <= INT64_MAX) {
        Finding s = MakeFinding(
            "SCH011",
            fmt::format("journal entry {} has `when` as a string; drizzle's migrator compares it "
                        "with created_at through JavaScript coercion",
                        Quote(tag)),
            loc, "write `when` as a number (epoch milliseconds)");
        s.severity = Severity::kWarning;
        set.findings.push_back(std::move(s));
        return static_cast<int64_t>(*v);
      }
    }
    set.findings.push_back(MakeFinding(
        "SCH011",
        fmt::format("journal entry {} has no numeric `when`: drizzle's migrator applies a "
                    "migration only when `when` is greater than the last created_at, so this "
                    "entry is skipped once anything is applied",
                    Quote(tag)),
        loc, "set `when` to the epoch milliseconds the migration was generated at"));
    return std::nullopt;
  }

  static void CheckIdx(const nlohmann::json& e, const std::string& tag, size_t i,
                       const SourceFile& f, const JsonDocument& doc, const std::string& ptr,
                       const SourceLoc& entry_loc, MigrationSet& set) {
    auto idx = e.find("idx");
    if (idx == e.end() || !(idx->is_number_integer() || idx->is_number_unsigned())) {
      Finding w = MakeFinding(
          "SCH011",
          fmt::format("journal entry {} has no integer `idx`; drizzle-kit numbers new entries "
                      "from it and the bundled migrators (expo, durable-sqlite) find the SQL by it",
                      Quote(tag)),
          idx == e.end() ? entry_loc : SourceLoc::At(f, doc.OffsetOf(ptr + "/idx")),
          fmt::format("set `idx` to {}", i));
      w.severity = Severity::kWarning;
      set.findings.push_back(std::move(w));
      return;
    }
    bool negative = idx->is_number_integer() && idx->get<int64_t>() < 0;
    if (negative || idx->get<uint64_t>() != i) {
      Finding w = MakeFinding(
          "SCH008",
          fmt::format("journal entry {} has idx {} at position {}; drizzle-kit numbers new "
                      "entries from the last idx and the bundled migrators (expo, "
                      "durable-sqlite) find the SQL by idx",
                      Quote(tag), idx->dump(), i),
          SourceLoc::At(f, doc.OffsetOf(ptr + "/idx")), fmt::format("set `idx` to {}", i));
      w.severity = Severity::kWarning;
      set.findings.push_back(std::move(w));
    }
  }

  /// Reads meta/*_snapshot.json in file-name order (drizzle-kit's readdirSync().sort()).
  static void ReadSnapshots(const Candidate& c, const std::set<std::string>& used,
                            MigrationSet& set, bool report_orphans = true) {
    auto meta = ListDir(c.dir / "meta");
    if (!meta.ok()) return;
    for (const DirEntry& e : *meta) {
      // drizzle-kit skips names starting with '_' (_journal.json, and `prefix: none` snapshots).
      if (e.kind != DirEntry::Kind::kFile || !e.name.ends_with("_snapshot.json") ||
          e.name.starts_with("_")) {
        continue;
      }
      std::string display = JoinDisplay(c.display, "meta/" + e.name);
      std::string prefix =
          e.name.substr(0, e.name.size() - std::string_view("_snapshot.json").size());
      if (report_orphans && !used.count(e.name)) {
        Finding w = MakeFinding(
            "SCH008",
            fmt::format("snapshot {} belongs to no journal entry (no tag starts with '{}_'); "
                        "drizzle-kit generate still takes the newest snapshot as the base of "
                        "the next migration",
                        display, Printable(prefix)),
            SourceLoc::File(display),
            "delete it, or restore the journal entry and SQL file generated with it");
        w.severity = Severity::kWarning;
        set.findings.push_back(std::move(w));
      }
      set.files.push_back(display);
      if (auto s =
              ReadDrizzleSnapshot(c.dir / "meta" / e.name, display, prefix, false, set.findings)) {
        set.snapshots.push_back(std::move(*s));
      }
    }
  }
};

}  // namespace

const FormatReader& DrizzleReader() {
  static const DrizzleReaderImpl kReader;
  return kReader;
}

}  // namespace sse
