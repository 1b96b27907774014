// Alembic reader (FORMATS.md section 1; docs/formats/alembic.md). Detection: alembic.ini,
// other .ini files with an Alembic section, pyproject.toml [tool.alembic] (alembic_config.cpp),
// or a folder of revision files without any config. Reading: the files Alembic loads, in its
// order (sorted names per folder, subfolders only with recursive_version_locations), each read
// statically in parallel (alembic_revision.cpp). Parents are explicit (down_revision,
// depends_on); the revision graph is built elsewhere from them.

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <memory>
#include <set>

#include <fmt/format.h>

#include "core/lint/catalog.hpp"
#include "core/migrations/alembic_config.hpp"
#include "core/migrations/alembic_revision.hpp"
#include "core/migrations/reader.hpp"
#include "core/migrations/reader_util.hpp"
#include "core/util/parallel.hpp"
#include "core/util/strings.hpp"

namespace sse {
namespace {

constexpr size_t kProbeFiles = 3;          // revision files read per folder while probing
constexpr size_t kProbeBytes = 64 * 1024;  // ... and bytes read from each

/// The first `max` bytes of a file ("" when unreadable).
std::string ReadPrefix(const fs::path& p, size_t max) {
  int fd = ::open(p.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return {};
  std::string out(max, '\0');
  size_t got = 0;
  while (got < max) {
    ssize_t n = ::read(fd, out.data() + got, max - got);
    if (n <= 0) break;
    got += static_cast<size_t>(n);
  }
  ::close(fd);
  out.resize(got);
  return out;
}

bool EndsWithCompiled(std::string_view name) {
  return name.ends_with(".pyc") || name.ends_with(".pyo");
}

std::string Errno(int e) { return OsReason(std::error_code(e, std::generic_category())); }

/// An open folder: listed with readdir (d_type, no stat per entry) and kept open so its files
/// are opened with openat (no path walk per file).
class OpenDir {
 public:
  OpenDir() = default;
  OpenDir(const OpenDir&) = delete;
  OpenDir& operator=(const OpenDir&) = delete;
  ~OpenDir() {
    if (dir_) ::closedir(dir_);
  }
  /// Opens `path` (parent == nullptr) or the subfolder `name` of `parent` (links not followed,
  /// as os.walk does not follow them). Returns an errno value, 0 on success.
  int Open(const fs::path& path, const OpenDir* parent = nullptr, const std::string& name = {}) {
    int fd = parent ? ::openat(parent->fd(), name.c_str(),
                               O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
                    : ::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return errno;
    dir_ = ::fdopendir(fd);
    if (!dir_) {
      int e = errno;
      ::close(fd);
      return e;
    }
    return 0;
  }
  int fd() const { return ::dirfd(dir_); }

  /// The entries sorted by name (byte order = Python's sorted() on str for UTF-8 names),
  /// shared with the detection walk that listed the same folder.
  DirListing List(const fs::path& path) const {
    auto listing = ListDirShared(path);
    if (listing.ok()) return *listing;
    return std::make_shared<const std::vector<DirEntry>>();
  }

 private:
  DIR* dir_ = nullptr;
};

/// Reads `name` in an open folder into a SourceFile named `display`: openat, read, close (a
/// short read of a regular file is its end, so small files take one read).
Result<SourceFilePtr> ReadAt(const OpenDir& dir, const std::string& name, std::string display) {
  int fd = ::openat(dir.fd(), name.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return Error(ErrorCode::kIo, fmt::format("cannot read {}: {}", display, Errno(errno)));
  }
  constexpr size_t kChunk = 64 * 1024;
  thread_local std::unique_ptr<char[]> buf(new char[kChunk]);
  std::string bytes;
  for (;;) {
    ssize_t n = ::read(fd, buf.get(), kChunk);
    if (n < 0) {
      if (errno == EINTR) continue;
      int e = errno;
      ::close(fd);
      return Error(ErrorCode::kIo, fmt::format("cannot read {}: {}", display, Errno(e)));
    }
    bytes.append(buf.get(), static_cast<size_t>(n));
    if (static_cast<size_t>(n) < kChunk) break;
  }
  ::close(fd);
  return std::make_shared<const SourceFile>(std::move(display), std::move(bytes));
}

/// One file Alembic will load, in load order.
struct ScriptFile {
  const OpenDir* dir = nullptr;
  std::string name;
  std::string display;
  bool compiled = false;  ///< .pyc/.pyo taken because sourceless = true
};

class Collector {
 public:
  Collector(const AlembicPlan& plan, std::vector<Finding>& findings)
      : plan_(plan), findings_(findings) {}

  /// Lists one version folder as Script._list_py_dir + _from_filename do. `canon` is the
  /// folder's real path (files reached twice through two version locations are skipped).
  void Walk(const fs::path& path, const OpenDir* parent, const std::string& name,
            const std::string& canon, const std::string& display, int depth = 0) {
    if (depth > 64) return;  // deeper than any real project; bounds the recursion
    auto dir = std::make_unique<OpenDir>();
    if (int e = dir->Open(path, parent, name)) {
      if (parent && e == ELOOP) return;  // a symbolic link: os.walk does not follow it
      findings_.push_back(MakeFinding("SCH011",
                                      fmt::format("cannot list {}: {}", display, Errno(e)),
                                      SourceLoc::File(display), "make the folder readable"));
      return;
    }
    const OpenDir* d = dir.get();
    dirs_.push_back(std::move(dir));
    DirListing listing = d->List(path);
    const std::vector<DirEntry>& entries = *listing;
    auto has = [&](std::string_view n) {
      auto it = std::lower_bound(entries.begin(), entries.end(), n,
                                 [](const DirEntry& e, std::string_view v) { return e.name < v; });
      return it != entries.end() && it->name == n && it->kind == DirEntry::Kind::kFile;
    };
    for (const DirEntry& e : entries) {
      if (e.kind != DirEntry::Kind::kFile) continue;
      const std::string& n = e.name;
      if (IsAlembicScriptName(n, plan_.sourceless)) {
        bool compiled = EndsWithCompiled(n);
        if (compiled) {
          std::string py = n.substr(0, n.size() - 1);
          if (has(py) || (n.back() == 'o' && has(py + "c"))) continue;  // .py preferred
        }
        Add(d, n, canon, JoinDisplay(display, n), compiled);
      } else if (EndsWithCompiled(n) && !n.starts_with("__init__") &&
                 !has(n.substr(0, n.size() - 1))) {
        Finding f = MakeFinding(
            "SCH017",
            fmt::format("alembic ignores '{}': a compiled revision without its .py source is "
                        "loaded only with sourceless = true",
                        n),
            SourceLoc::File(JoinDisplay(display, n)),
            "restore the .py source, delete the compiled file, or set sourceless = true");
        f.severity = Severity::kWarning;
        findings_.push_back(std::move(f));
      }
    }
    if (plan_.sourceless) AddPycache(d, canon, display, entries);
    if (!plan_.recursive) return;
    for (const DirEntry& e : entries) {
      if (e.kind != DirEntry::Kind::kDir || e.name.ends_with("__pycache__")) continue;
      Walk(path / e.name, d, e.name, canon + "/" + e.name, JoinDisplay(display, e.name), depth + 1);
    }
  }

  std::vector<ScriptFile> files;

 private:
  /// sourceless: compiled files in __pycache__ whose module has no file in the folder itself.
  void AddPycache(const OpenDir* parent, const std::string& canon, const std::string& display,
                  const std::vector<DirEntry>& entries) {
    auto cache = std::make_unique<OpenDir>();
    if (cache->Open({}, parent, "__pycache__") != 0) return;
    std::set<std::string> stems;
    for (const DirEntry& e : entries) stems.insert(e.name.substr(0, e.name.find('.')));
    std::string cache_display = JoinDisplay(display, "__pycache__");
    const OpenDir* d = cache.get();
    dirs_.push_back(std::move(cache));
    DirListing listing = d->List(fs::path(canon) / "__pycache__");  // keep it alive for the loop
    for (const DirEntry& e : *listing) {
      if (e.kind != DirEntry::Kind::kFile || !IsAlembicScriptName(e.name, true)) continue;
      if (stems.count(e.name.substr(0, e.name.find('.')))) continue;
      Add(d, e.name, canon + "/__pycache__", JoinDisplay(cache_display, e.name),
          EndsWithCompiled(e.name));
    }
  }

  void Add(const OpenDir* dir, const std::string& name, const std::string& canon,
           std::string display, bool compiled) {
    if (plan_.dirs.size() > 1 && !seen_.insert(canon + "/" + name).second) return;  // loaded twice
    files.push_back({dir, name, std::move(display), compiled});
  }

  const AlembicPlan& plan_;
  std::vector<Finding>& findings_;
  std::vector<std::unique_ptr<OpenDir>> dirs_;
  std::set<std::string> seen_;
};

class AlembicReaderImpl final : public FormatReader {
 public:
  Tool tool() const override { return Tool::kAlembic; }

  void Probe(const DirView& dir, DetectContext& ctx, std::vector<Candidate>& out) const override {
    bool configs = std::any_of(dir.entries->begin(), dir.entries->end(), [](const DirEntry& e) {
      return e.kind == DirEntry::Kind::kFile &&
             (e.name == "pyproject.toml" || e.name.ends_with(".ini"));
    });
    if (configs) {
      AlembicConfigScan scan = ScanAlembicConfigs(dir.path, *dir.entries, ctx.cwd);
      if (ctx.findings) {
        for (Finding& f : scan.findings) ctx.findings->push_back(std::move(f));
      }
      for (const AlembicConfig& config : scan.configs) {
        Candidate c = AlembicCandidate(config, ctx.cwd);
        // Folders recognised by content earlier in the walk belong to this configured set.
        for (const fs::path& extra : c.extra_dirs) {
          std::string d = DisplayPath(ctx.cwd, extra);
          std::erase_if(out, [&](const Candidate& o) {
            return o.tool == Tool::kAlembic && o.evidence < Evidence::kConfig && o.display == d;
          });
        }
        out.push_back(std::move(c));
      }
    }
    size_t checked = 0;
    for (const DirEntry& e : *dir.entries) {
      if (checked >= kProbeFiles) break;
      if (e.kind != DirEntry::Kind::kFile || !IsAlembicScriptName(e.name, false)) continue;
      ++checked;
      if (!LooksLikeAlembicRevision(ReadPrefix(dir.path / e.name, kProbeBytes))) continue;
      for (const Candidate& o : out) {
        if (o.tool != Tool::kAlembic) continue;
        for (const fs::path& extra : o.extra_dirs) {
          if (DisplayPath(ctx.cwd, extra) == dir.display) return;  // part of a configured set
        }
      }
      out.push_back(FolderCandidate(tool(), dir, Evidence::kContent));
      return;
    }
  }

  MigrationSet Read(const Candidate& c, const fs::path& cwd) const override {
    MigrationSet set;
    set.tool = tool();
    set.root = c.display;
    set.config_path = c.config_path;
    AlembicPlan plan = AlembicPlanFor(c);
    std::error_code ec;
    if (c.config_path.empty() && plan.dirs.size() == 1 &&
        fs::is_regular_file(c.dir / "env.py", ec) && fs::is_directory(c.dir / "versions", ec)) {
      // Pointed at a script folder (env.py, versions/) with no config: read its versions/.
      plan.dirs[0].dir = c.dir / "versions";
      set.root = DisplayPath(cwd, plan.dirs[0].dir);
    }
    set.dialect = !c.dialect.empty() ? c.dialect : GuessDialect(set.root, "");
    set.files = plan.config_files;
    if (!plan.script_dir.empty() && fs::is_regular_file(plan.script_dir / "env.py", ec)) {
      set.files.push_back(DisplayPath(cwd, plan.script_dir / "env.py"));
    }

    bool script_missing = !plan.script_dir.empty() && !fs::is_directory(plan.script_dir, ec);
    if (script_missing) {
      set.findings.push_back(MakeFinding(
          "SCH014",
          fmt::format("script_location names folder '{}', which does not exist; alembic stops "
                      "with \"Path doesn't exist\"",
                      DisplayPath(cwd, plan.script_dir)),
          plan.script_loc,
          "point script_location at the folder that holds env.py (relative paths are resolved "
          "from the working directory; %(here)s/<dir> makes them relative to the config file)"));
    }

    Collector collector(plan, set.findings);
    std::set<std::string> canon_dirs;
    for (const AlembicVersionDir& d : plan.dirs) {
      std::string display = DisplayPath(cwd, d.dir);
      set.roots.push_back(display);
      if (!fs::is_directory(d.dir, ec)) {
        if (script_missing && !plan.version_locations_set) continue;  // reported above
        std::string msg =
            plan.version_locations_set
                ? fmt::format(
                      "version_locations names folder '{}' ({}), which does not exist; "
                      "alembic reads no revisions from it",
                      display, Quote(d.raw))
                : fmt::format("script_location '{}' has no versions folder: '{}' does not exist",
                              DisplayPath(cwd, plan.script_dir), display);
        set.findings.push_back(MakeFinding("SCH014", std::move(msg), d.loc,
                                           "create the folder or fix the path in the config"));
        continue;
      }
      fs::path canon = fs::weakly_canonical(d.dir, ec);
      if (ec) canon = d.dir;
      if (!canon_dirs.insert(canon.string()).second) {
        Finding f = MakeFinding(
            "SCH014",
            fmt::format("version_locations lists '{}' twice; alembic warns \"File ... loaded "
                        "twice! ignoring.\" for each of its revisions",
                        display),
            d.loc, "list each folder once");
        f.severity = Severity::kWarning;
        set.findings.push_back(std::move(f));
        continue;
      }
      collector.Walk(d.dir, nullptr, {}, canon.string(), display);
    }

    const std::vector<ScriptFile>& files = collector.files;
    std::vector<AlembicRevision> results(files.size());
    ParallelFor(
        files.size(),
        [&](size_t i) {
          const ScriptFile& f = files[i];
          if (f.compiled) {
            Finding w = MakeFinding(
                "SCH011",
                fmt::format(
                    "schema cannot read compiled revision '{}' (sourceless = true and no .py "
                    "source); it is left out of the revision graph",
                    f.name),
                SourceLoc::File(f.display),
                "keep the .py source of every revision in the repository");
            w.severity = Severity::kWarning;
            results[i].findings.push_back(std::move(w));
            return;
          }
          auto file = ReadAt(*f.dir, f.name, f.display);
          if (!file.ok()) {
            results[i].findings.push_back(MakeFinding("SCH011", file.error().message,
                                                      SourceLoc::File(f.display),
                                                      "make the file readable, or remove it"));
            return;
          }
          results[i] = ReadAlembicRevision(*file, f.name);
        },
        Work::kFiles);
    set.migrations.reserve(files.size());
    for (size_t i = 0; i < files.size(); ++i) {
      set.files.push_back(files[i].display);
      if (results[i].migration) set.migrations.push_back(std::move(*results[i].migration));
      for (Finding& f : results[i].findings) set.findings.push_back(std::move(f));
    }
    return set;
  }
};

}  // namespace

const FormatReader& AlembicReader() {
  static const AlembicReaderImpl kReader;
  return kReader;
}

}  // namespace sse
