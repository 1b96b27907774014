#pragma once
/// A temporary directory for a test, removed at the end; helpers to write files into it.

#include <string>
#include <string_view>

#include "core/util/fs.hpp"

namespace sse::testing {

class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const fs::path& path() const { return path_; }
  /// Writes `content` to path()/rel, creating parent folders; returns the full path.
  fs::path Write(std::string_view rel, std::string_view content) const;
  fs::path Mkdir(std::string_view rel) const;

 private:
  fs::path path_;
};

/// The corpora folder beside the checkout (../shared/corpora).
fs::path CorporaDir();
/// The repository root.
fs::path SourceDir();

}  // namespace sse::testing
