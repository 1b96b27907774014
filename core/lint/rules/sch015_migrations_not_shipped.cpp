// SCH015 migrations-not-shipped: a Dockerfile or .dockerignore that leaves the migrations folder
// (or Drizzle's meta/) out of the image.

#include <fmt/format.h>

#include "core/lint/docker.hpp"
#include "core/lint/rules/rule_util.hpp"
#include "core/util/glob.hpp"
#include "core/util/strings.hpp"

namespace sse {

namespace {

/// The files of a set that must reach the image, relative to a build context, or empty when
/// the set is not inside that context.
std::vector<std::string> ShippedFiles(const LintContext& ctx, const MigrationSet& set,
                                      const fs::path& context) {
  std::vector<std::string> out;
  auto rel = [&](const std::string& display) -> std::optional<std::string> {
    fs::path abs = (ctx.cwd / display).lexically_normal();
    fs::path r = abs.lexically_relative(context.lexically_normal());
    if (r.empty() || *r.begin() == "..") return std::nullopt;
    return r.generic_string();
  };
  if (set.tool == Tool::kDrizzle) {
    if (auto j = rel(JoinDisplay(set.root, "meta/_journal.json"))) out.push_back(*j);
  }
  for (const Migration& m : set.migrations) {
    if (auto r = rel(m.path)) out.push_back(*r);
  }
  if (out.empty()) {
    if (auto r = rel(set.root)) out.push_back(*r);
  }
  return out;
}

/// The set's folder relative to a build context.
std::string RootInContext(const LintContext& ctx, const MigrationSet& set,
                          const fs::path& context) {
  fs::path abs = (ctx.cwd / set.root).lexically_normal();
  return abs.lexically_relative(context.lexically_normal()).generic_string();
}

/// What goes wrong at runtime when `file` of the set is missing from the image.
std::string Consequence(const MigrationSet& set, const std::string& file) {
  if (set.tool == Tool::kDrizzle && file.size() >= 18 &&
      file.compare(file.size() - 18, 18, "meta/_journal.json") == 0) {
    return "drizzle's migrator fails with \"Can't find meta/_journal.json file\"";
  }
  return fmt::format("the image has no {} migrations to run", ToolName(set.tool));
}

void CheckIgnoreFiles(const LintContext& ctx, std::vector<Finding>& out) {
  for (const fs::path& path : ctx.dockerignores) {
    auto file = ReadSourceFile(path, DisplayPath(ctx.cwd, path));
    if (!file.ok()) continue;
    auto patterns = ParseDockerIgnore(**file);
    fs::path context = path.parent_path();
    for (const SetAnalysis& a : *ctx.sets) {
      for (const std::string& f : ShippedFiles(ctx, a.set, context)) {
        const DockerIgnorePattern* p = DockerIgnoreExcludes(patterns, f);
        if (!p) continue;
        out.push_back(MakeFinding("SCH015",
                                  fmt::format("'{}' leaves {} out of the Docker build context: {}",
                                              p->pattern, f, Consequence(a.set, f)),
                                  SourceLoc::Line((*file)->path(), p->line),
                                  fmt::format("remove the pattern or add '!{}' after it", f)));
        break;  // one finding per set and ignore file
      }
    }
  }
}

/// The build context of a Dockerfile: its folder, or the nearest scanned ancestor in which the
/// COPY sources exist (monorepos build apps/web/Dockerfile from the repository root).
fs::path GuessContext(const LintContext& ctx, const fs::path& dockerfile, const Dockerfile& df) {
  fs::path dir = dockerfile.parent_path();
  auto sources_exist = [&](const fs::path& c) {
    int checked = 0, found = 0;
    for (const DockerCopy& copy : df.copies) {
      for (const std::string& s : copy.sources) {
        if (s == "." || s.find_first_of("*?[") != std::string::npos) continue;
        ++checked;
        std::error_code ec;
        if (fs::exists(c / s, ec)) ++found;
      }
    }
    return checked == 0 || found * 2 > checked;
  };
  if (sources_exist(dir)) return dir;
  for (fs::path c = dir.parent_path(); !c.empty(); c = c.parent_path()) {
    bool within_roots = false;
    for (const fs::path& r : ctx.roots) {
      fs::path rel = c.lexically_relative(r);
      if (!rel.empty() && *rel.begin() != "..") within_roots = true;
    }
    if (!within_roots) break;
    if (sources_exist(c)) return c;
    if (c == c.parent_path()) break;
  }
  return dir;
}

void CheckDockerfiles(const LintContext& ctx, std::vector<Finding>& out) {
  for (const fs::path& path : ctx.dockerfiles) {
    auto file = ReadSourceFile(path, DisplayPath(ctx.cwd, path));
    if (!file.ok()) continue;
    Dockerfile df = ParseDockerfile(**file);
    if (df.copies.empty() || df.copies_whole_context()) continue;
    fs::path context = GuessContext(ctx, path, df);
    for (const SetAnalysis& a : *ctx.sets) {
      std::vector<std::string> files = ShippedFiles(ctx, a.set, context);
      if (files.empty()) continue;
      std::vector<std::string> missing;
      size_t covered = 0;
      std::string root_rel = files.back();
      bool related_to_copies = false;
      for (const std::string& f : files) {
        bool hit = false;
        for (const DockerCopy& c : df.copies) {
          for (const std::string& s : c.sources) {
            if (GlobMatchSelfOrParent(s, f)) hit = true;
            // A source in the same top-level folder means this image is the app that owns the set.
            if (Split(s, '/')[0] == Split(f, '/')[0]) related_to_copies = true;
          }
        }
        if (hit)
          ++covered;
        else
          missing.push_back(f);
      }
      if (missing.empty()) continue;
      size_t depth = Split(files.front(), '/').size();
      if (covered == 0 && !related_to_copies && depth > 4) continue;  // another service's image
      std::vector<std::string> sources;
      for (const DockerCopy& c : df.copies)
        sources.insert(sources.end(), c.sources.begin(), c.sources.end());
      const DockerCopy& last = df.copies.back();
      out.push_back(MakeFinding(
          "SCH015",
          fmt::format("the image gets only {} from the build context, not {}: {}",
                      Join(sources, ", "), missing.front(), Consequence(a.set, missing.front())),
          SourceLoc::Line((*file)->path(), last.line),
          fmt::format("copy the migrations folder into the image: COPY {} <destination>",
                      RootInContext(ctx, a.set, context))));
    }
  }
}

}  // namespace

void CheckMigrationsNotShipped(const LintContext& ctx, std::vector<Finding>& out) {
  CheckIgnoreFiles(ctx, out);
  CheckDockerfiles(ctx, out);
}

}  // namespace sse
