// golang-migrate reader (FORMATS.md section 6): files NNN_name.(up|down).ext in one folder,
// versions parsed as uint64 and ordered numerically; no checksums, no history of its own.

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "core/lint/catalog.hpp"
#include "core/migrations/reader.hpp"
#include "core/migrations/reader_util.hpp"
#include "core/util/strings.hpp"

namespace sse {
namespace {

/// A file name parsed with golang-migrate's regex ^([0-9]+)_(.*)\.(down|up)\.(.*)$.
struct GmName {
  std::string digits;
  uint64_t version = 0;
  bool version_ok = false;
  std::string description;
  bool up = false;
};

std::optional<GmName> ParseGmName(std::string_view name) {
  std::string_view digits = LeadingDigits(name);
  if (digits.empty() || digits.size() >= name.size() || name[digits.size()] != '_')
    return std::nullopt;
  std::string_view rest = name.substr(digits.size() + 1);
  // (.*) is greedy: the last ".up." / ".down." wins.
  size_t up = rest.rfind(".up.");
  size_t down = rest.rfind(".down.");
  if (up == std::string_view::npos && down == std::string_view::npos) return std::nullopt;
  GmName out;
  out.digits = std::string(digits);
  if (auto v = ParseU64(digits)) {
    out.version = *v;
    out.version_ok = true;
  }
  bool is_up = down == std::string_view::npos || (up != std::string_view::npos && up > down);
  out.up = is_up;
  out.description = std::string(rest.substr(0, is_up ? up : down));
  return out;
}

class GolangMigrateReaderImpl final : public FormatReader {
 public:
  Tool tool() const override { return Tool::kGolangMigrate; }

  void Probe(const DirView& dir, DetectContext&, std::vector<Candidate>& out) const override {
    for (const DirEntry& e : *dir.entries) {
      if (e.kind != DirEntry::Kind::kFile) continue;
      auto n = ParseGmName(e.name);
      if (n && n->up) {
        out.push_back(FolderCandidate(tool(), dir, Evidence::kNaming));
        return;
      }
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
      set.findings.push_back(
          MakeFinding("SCH011", entries.error().message, SourceLoc::File(c.display)));
      return set;
    }
    struct Up {
      GmName name;
      std::string file;
    };
    std::vector<Up> ups;
    std::map<std::pair<uint64_t, bool>, std::string> seen;  // (version, up) -> first file
    std::map<uint64_t, std::string> downs;
    for (const DirEntry& e : *entries) {
      if (e.kind != DirEntry::Kind::kFile) continue;
      auto n = ParseGmName(e.name);
      std::string display = JoinDisplay(c.display, e.name);
      if (!n) {
        if (IEndsWith(e.name, ".sql")) {
          set.findings.push_back(
              MakeFinding("SCH017",
                          fmt::format("golang-migrate ignores '{}': the name does not match "
                                      "NNN_name.up.sql / NNN_name.down.sql",
                                      e.name),
                          SourceLoc::File(display), "rename it to <version>_<name>.up.sql"));
        }
        continue;
      }
      if (!n->version_ok) {
        set.findings.push_back(MakeFinding(
            "SCH017",
            fmt::format("golang-migrate ignores '{}': version {} does not fit an unsigned 64-bit "
                        "integer",
                        e.name, n->digits),
            SourceLoc::File(display), "use a shorter version number"));
        continue;
      }
      auto [it, inserted] = seen.emplace(std::make_pair(n->version, n->up), display);
      if (!inserted) {
        set.findings.push_back(MakeFinding(
            "SCH004",
            fmt::format("duplicate migration file: version {} has two {} files; golang-migrate "
                        "refuses to start",
                        n->version, n->up ? "up" : "down"),
            SourceLoc::File(display), "give one of them a new version number",
            {{SourceLoc::File(it->second), "first file with this version"}}));
        continue;
      }
      if (n->up) {
        ups.push_back({*n, display});
      } else {
        downs.emplace(n->version, display);
      }
      set.files.push_back(display);
    }
    std::stable_sort(ups.begin(), ups.end(),
                     [](const Up& a, const Up& b) { return a.name.version < b.name.version; });
    std::string sample;
    for (const Up& u : ups) {
      Migration m;
      m.id = std::to_string(u.name.version);
      m.version = m.id;
      m.name = u.name.description;
      m.path = u.file;
      m.id_loc = SourceLoc::File(u.file);
      if (auto d = downs.find(u.name.version); d != downs.end()) m.down_path = d->second;
      m.file = LoadMigrationFile(c.dir / fs::path(u.file).filename(), u.file,
                                 {true, "golang-migrate"}, set.findings);
      if (m.file && sample.size() < (1 << 16)) sample += m.file->text().substr(0, 1 << 14);
      set.migrations.push_back(std::move(m));
    }
    set.dialect = !c.dialect.empty() ? c.dialect : GuessDialect(c.display, sample);
    for (Migration& m : set.migrations) {
      // The postgres driver sends the whole file as one multi-statement Exec (an implicit
      // transaction); the sqlite3 driver wraps it in BEGIN/COMMIT.
      m.tx = set.dialect == "sqlite" ? TxShape::kPerMigration : TxShape::kImplicitMulti;
      FillSqlStatements(m, set.dialect);
    }
    LinkInOrder(set.migrations);
    return set;
  }
};

}  // namespace

const FormatReader& GolangMigrateReader() {
  static const GolangMigrateReaderImpl kReader;
  return kReader;
}

}  // namespace sse
