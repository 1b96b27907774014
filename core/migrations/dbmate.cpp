// dbmate reader (FORMATS.md section 7): files ^(\d+).*\.sql$ in one or more folders, ordered by
// file name (byte order), version = the leading digits as a string; each file holds one or more
// `-- migrate:up` / `-- migrate:down` sections. docs/formats/dbmate.md is the spec.

#include <algorithm>
#include <fstream>
#include <optional>

#include <fmt/format.h>

#include "core/lint/catalog.hpp"
#include "core/migrations/dbmate_parse.hpp"
#include "core/migrations/reader.hpp"
#include "core/migrations/reader_util.hpp"
#include "core/util/strings.hpp"

namespace sse {
namespace {

constexpr size_t kProbeBytes = 8192;
constexpr int kProbeFiles = 2;

/// dbmate's migrationFileRegexp `^(\d+).*\.sql$` (case-sensitive suffix). Returns the version.
std::optional<std::string_view> DbmateVersion(std::string_view name) {
  std::string_view digits = LeadingDigits(name);
  if (digits.empty() || name.size() < digits.size() + 4 || name.substr(name.size() - 4) != ".sql") {
    return std::nullopt;
  }
  if (name.find('\n') != std::string_view::npos) return std::nullopt;  // '.' stops at newlines
  return digits;
}

std::string ReadHead(const fs::path& path, size_t limit) {
  std::ifstream in(path, std::ios::binary);
  std::string out(limit, '\0');
  in.read(out.data(), static_cast<std::streamsize>(limit));
  out.resize(static_cast<size_t>(std::max<std::streamsize>(in.gcount(), 0)));
  return out;
}

class DbmateReaderImpl final : public FormatReader {
 public:
  Tool tool() const override { return Tool::kDbmate; }

  void Probe(const DirView& dir, DetectContext&, std::vector<Candidate>& out) const override {
    int read = 0;
    for (const DirEntry& e : *dir.entries) {
      if (e.kind != DirEntry::Kind::kFile || !DbmateVersion(e.name)) continue;
      if (dbmate::HasUpMarker(ReadHead(dir.path / e.name, kProbeBytes))) {
        out.push_back(FolderCandidate(tool(), dir, Evidence::kContent));
        return;
      }
      if (++read >= kProbeFiles) return;
    }
  }

  MigrationSet Read(const Candidate& c, const fs::path& cwd) const override {
    MigrationSet set;
    set.tool = tool();
    set.root = c.display;
    set.config_path = c.config_path;
    struct File {
      fs::path path;
      std::string display;
      std::string name;
      std::string version;
    };
    std::vector<File> files;
    std::vector<std::pair<fs::path, std::string>> dirs = {{c.dir, c.display}};
    for (const fs::path& extra : c.extra_dirs) dirs.emplace_back(extra, DisplayPath(cwd, extra));
    for (const auto& [dir, display] : dirs) {
      set.roots.push_back(display);
      auto entries = ListDir(dir);
      if (!entries.ok()) {
        // dbmate: "could not find migrations directory `dir`".
        set.findings.push_back(MakeFinding(
            c.config_path.empty() ? "SCH011" : "SCH014",
            fmt::format("dbmate cannot read migrations directory '{}': {}", display,
                        entries.error().message),
            c.config_path.empty() || c.config_loc.path.empty() ? SourceLoc::File(display)
                                                               : c.config_loc,
            "create the folder or fix --migrations-dir"));
        continue;
      }
      for (const DirEntry& e : *entries) {
        if (e.kind != DirEntry::Kind::kFile) continue;
        std::string file_display = JoinDisplay(display, e.name);
        auto version = DbmateVersion(e.name);
        if (!version) {
          if (IEndsWith(e.name, ".sql")) {
            bool wrong_case = !LeadingDigits(e.name).empty();
            Finding w = MakeFinding(
                "SCH017",
                wrong_case ? fmt::format("dbmate ignores '{}': the extension must be lowercase "
                                         "'.sql'",
                                         e.name)
                           : fmt::format("dbmate ignores '{}': migration file names must start "
                                         "with a version number (^(\\d+).*\\.sql$)",
                                         e.name),
                SourceLoc::File(file_display),
                wrong_case ? "rename the extension to .sql"
                           : "rename it to <version>_<name>.sql (dbmate new uses a UTC "
                             "timestamp: 20060102150405_name.sql), or move it out of the folder");
            w.severity = Severity::kWarning;
            set.findings.push_back(std::move(w));
          }
          continue;
        }
        files.push_back({dir / e.name, file_display, e.name, std::string(*version)});
      }
    }
    // sort.Slice by FileName: byte order of the names, whatever folder they are in.
    std::stable_sort(files.begin(), files.end(),
                     [](const File& a, const File& b) { return a.name < b.name; });

    std::string sample;
    for (const File& f : files) {
      Migration m;
      m.id = f.version;
      m.version = f.version;
      std::string_view rest = std::string_view(f.name).substr(f.version.size());
      rest.remove_suffix(4);  // ".sql"
      while (!rest.empty() && (rest.front() == '_' || rest.front() == '-')) rest.remove_prefix(1);
      m.name = std::string(rest);
      m.path = f.display;
      m.id_loc = SourceLoc::File(f.display);
      m.file = LoadMigrationFile(f.path, f.display, {true, "dbmate"}, set.findings);
      if (m.file) {
        ApplyGrammar(m, set.findings);
        if (sample.size() < (1 << 16)) sample += m.file->text().substr(0, 1 << 14);
      }
      set.files.push_back(f.display);
      set.migrations.push_back(std::move(m));
    }
    set.dialect = !c.dialect.empty() ? c.dialect : GuessDialect(c.display, sample);
    for (Migration& m : set.migrations) FillSqlStatements(m, set.dialect);
    LinkInOrder(set.migrations);
    return set;
  }

 private:
  /// Splits the file into its up sections (one chunk each) and reports grammar errors at the
  /// marker lines.
  static void ApplyGrammar(Migration& m, std::vector<Finding>& findings) {
    const SourceFile& file = *m.file;
    dbmate::Parsed parsed = dbmate::Parse(file.text());
    for (const dbmate::ParseProblem& p : parsed.problems) {
      SourceLoc loc = p.offset ? LineOf(file, *p.offset) : SourceLoc::File(m.path);
      std::vector<Related> related;
      if (p.related) related.push_back({LineOf(file, *p.related), p.related_message});
      Finding f = MakeFinding("SCH011", p.message, loc, p.help, std::move(related));
      if (p.warning) f.severity = Severity::kWarning;
      if (!p.warning) m.load_failed = true;
      findings.push_back(std::move(f));
    }
    uint32_t size = static_cast<uint32_t>(file.text().size());
    if (parsed.sections.empty()) {
      // dbmate refuses the file: nothing of it runs.
      m.body = {size, size};
      m.chunks = {m.body};
      return;
    }
    bool has_down = false;
    bool transactional = true;
    for (const dbmate::Section& s : parsed.sections) {
      m.chunks.push_back({static_cast<uint32_t>(s.up), static_cast<uint32_t>(s.up_end)});
      has_down = has_down || s.down.has_value();
      transactional = transactional && s.transaction;
    }
    m.body = m.chunks.front();
    // Each section runs in its own transaction unless its up marker says transaction:false.
    m.tx = transactional ? TxShape::kPerMigration : TxShape::kNone;
    if (has_down) m.down_path = m.path;
  }

  /// The whole line holding `offset` (a marker line), for a finding.
  static SourceLoc LineOf(const SourceFile& file, size_t offset) {
    std::string_view text = file.text();
    size_t end = text.find('\n', offset);
    if (end == std::string_view::npos) end = text.size();
    if (end > offset && text[end - 1] == '\r') --end;
    return SourceLoc::Span(file, offset, end);
  }
};

}  // namespace

const FormatReader& DbmateReader() {
  static const DbmateReaderImpl kReader;
  return kReader;
}

}  // namespace sse
