#include "core/migrations/detect.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "core/util/glob.hpp"
#include "core/util/parallel.hpp"

namespace sse {

bool IsSkippedDirName(std::string_view name) {
  static const std::set<std::string_view> kSkip = {
      ".git",          ".hg",   ".svn",        "node_modules",  "__pycache__", ".venv", "venv",
      "site-packages", ".tox",  ".mypy_cache", ".pytest_cache", ".wrangler",   ".next", ".turbo",
      ".cache",        ".idea", ".vscode",     "target",        ".gradle"};
  return kSkip.count(name) > 0;
}

namespace {

struct Walker {
  const DetectOptions& opt;
  Detection& out;
  DetectContext ctx;
  std::set<std::pair<dev_t, ino_t>> visited;

  void CollectAuxFile(const fs::path& dir, const std::string& name) {
    if (name == ".dockerignore") {
      out.dockerignores.push_back(dir / name);
    } else if (name == "schema.sum") {
      out.sum_files.push_back(dir / name);
    } else if (name == "Dockerfile" || name.rfind("Dockerfile.", 0) == 0 ||
               (name.size() > 11 && name.compare(name.size() - 11, 11, ".Dockerfile") == 0) ||
               (name.size() > 11 && name.compare(name.size() - 11, 11, ".dockerfile") == 0)) {
      out.dockerfiles.push_back(dir / name);
    }
  }

  void Walk(const fs::path& dir, const std::string& display, int depth) {
    struct stat st {};
    if (::stat(dir.c_str(), &st) != 0) {
      out.warnings.push_back(fmt::format("{}: cannot open folder", display));
      return;
    }
    if (!visited.insert({st.st_dev, st.st_ino}).second) {
      out.warnings.push_back(
          fmt::format("{}: skipped, already visited (symbolic link loop or second link)", display));
      return;
    }
    if (depth > opt.max_depth) {
      out.warnings.push_back(
          fmt::format("{}: skipped, deeper than {} folders", display, opt.max_depth));
      return;
    }
    auto listing = ListDirShared(dir);
    if (!listing.ok()) {
      out.warnings.push_back(listing.error().message);
      return;
    }
    const std::vector<DirEntry>& entries = **listing;
    DirView view{dir, display, &entries};
    for (const FormatReader* reader : AllReaders()) {
      if (opt.tool && reader->tool() != *opt.tool) continue;
      reader->Probe(view, ctx, out.candidates);
    }
    for (const DirEntry& e : entries) {
      if (e.kind == DirEntry::Kind::kFile) CollectAuxFile(dir, e.name);
      if (e.kind != DirEntry::Kind::kDir || IsSkippedDirName(e.name)) continue;
      std::string child = JoinDisplay(display, e.name);
      bool excluded = false;
      for (const std::string& pattern : opt.exclude) {
        if (GlobMatch(pattern, child)) excluded = true;
      }
      if (!excluded) Walk(dir / e.name, child, depth + 1);
    }
  }
};

bool IsUnder(const std::string& child, const std::string& parent) {
  if (parent == ".") return child != ".";
  return child.size() > parent.size() && child.compare(0, parent.size(), parent) == 0 &&
         child[parent.size()] == '/';
}

/// Keeps, for every folder, the candidates with the strongest evidence; two tools may share a
/// folder only when both are sure (a wrangler config naming a Drizzle folder: two ledgers).
std::vector<Candidate> Resolve(std::vector<Candidate> all) {
  // Merge duplicates of the same (tool, folder): keep the strongest, merge D1 bindings.
  std::vector<Candidate> merged;
  for (Candidate& c : all) {
    auto it = std::find_if(merged.begin(), merged.end(), [&](const Candidate& m) {
      return m.tool == c.tool && m.display == c.display;
    });
    if (it == merged.end()) {
      merged.push_back(std::move(c));
      continue;
    }
    if (c.evidence > it->evidence) std::swap(*it, c);
    for (D1Binding& b : c.d1_bindings) it->d1_bindings.push_back(std::move(b));
  }
  std::vector<Candidate> kept;
  for (const Candidate& c : merged) {
    bool drop = false;
    for (const Candidate& o : merged) {
      if (&o == &c) continue;
      if (o.display == c.display) {
        // Same folder, another tool: the weaker one goes, unless both are sure.
        if (o.evidence > c.evidence && c.evidence < Evidence::kContent) drop = true;
        if (o.evidence == c.evidence && c.evidence < Evidence::kContent && o.tool < c.tool)
          drop = true;
      } else if (IsUnder(c.display, o.display) && c.evidence < Evidence::kConfig &&
                 o.evidence >= Evidence::kContent) {
        // A folder inside another set (Prisma's per-migration folders) is part of it.
        drop = true;
      }
    }
    if (!drop) kept.push_back(c);
  }
  std::stable_sort(kept.begin(), kept.end(), [](const Candidate& a, const Candidate& b) {
    if (a.display != b.display) return a.display < b.display;
    return a.tool < b.tool;
  });
  return kept;
}

}  // namespace

Result<Detection> DetectSets(const fs::path& root, const DetectOptions& options) {
  Detection out;
  std::error_code ec;
  fs::path abs = root.is_absolute() ? root : options.cwd / root;
  auto status = fs::status(abs, ec);
  if (ec || !fs::exists(status)) {
    return Error(ErrorCode::kNotFound, fmt::format("{}: no such file or directory", root.string()));
  }
  fs::path dir = fs::is_directory(status) ? abs : abs.parent_path();
  Walker walker{options, out, DetectContext{options.cwd, &out.findings}, {}};
  walker.Walk(dir, DisplayPath(options.cwd, dir), 0);
  out.candidates = Resolve(std::move(out.candidates));
  if (options.tool && out.candidates.empty()) {
    Candidate c;
    c.tool = *options.tool;
    c.dir = dir;
    c.display = DisplayPath(options.cwd, dir);
    c.evidence = Evidence::kForced;
    out.candidates.push_back(std::move(c));
  }
  return out;
}

std::vector<MigrationSet> ReadSets(const std::vector<Candidate>& candidates, const fs::path& cwd) {
  std::vector<MigrationSet> sets(candidates.size());
  for (size_t i = 0; i < candidates.size(); ++i) {
    sets[i] = ReaderFor(candidates[i].tool).Read(candidates[i], cwd);
  }
  return sets;
}

}  // namespace sse
