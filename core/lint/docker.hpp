#pragma once
/// Just enough of Dockerfile and .dockerignore syntax to tell whether the migrations reach the
/// image: COPY/ADD sources from the build context, stages, and dockerignore patterns with moby's
/// matching (last match wins, '!' re-includes, a matching parent folder excludes its files).

#include <optional>
#include <string>
#include <vector>

#include "core/util/source.hpp"

namespace sse {

struct DockerCopy {
  std::vector<std::string> sources;  ///< context-relative, cleaned ("." for the whole context)
  uint32_t line = 0;
  int stage = 0;
};

struct Dockerfile {
  std::vector<DockerCopy> copies;     ///< COPY/ADD from the build context (not --from)
  std::vector<uint32_t> stage_lines;  ///< line of each FROM
  bool copies_whole_context() const;
};

Dockerfile ParseDockerfile(const SourceFile& file);

struct DockerIgnorePattern {
  std::string pattern;
  bool exclude = true;  ///< false for "!pattern"
  uint32_t line = 0;
};

std::vector<DockerIgnorePattern> ParseDockerIgnore(const SourceFile& file);

/// The pattern that decides whether a context-relative path is left out, or nullptr when the
/// path is sent to the builder.
const DockerIgnorePattern* DockerIgnoreExcludes(const std::vector<DockerIgnorePattern>& patterns,
                                                const std::string& path);

/// Cleans a path the way Go's filepath.Clean does for these purposes ("./a//b/" -> "a/b", "" ->
/// ".").
std::string CleanContextPath(std::string_view p);

}  // namespace sse
