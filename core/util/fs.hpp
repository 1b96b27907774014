#pragma once
/// File-system access: reading whole files, listing directories, display paths. Every failure is
/// a Result naming the path and the OS reason.

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/util/result.hpp"
#include "core/util/source.hpp"

namespace sse {

namespace fs = std::filesystem;

/// Reads a whole file as bytes. `display` is the path used in messages and SourceLocs.
Result<SourceFilePtr> ReadSourceFile(const fs::path& path, std::string display);
/// Reads a whole file as bytes into a string.
Result<std::string> ReadFileBytes(const fs::path& path);
/// Writes a file atomically (temporary file + rename).
Status WriteFileAtomic(const fs::path& path, std::string_view bytes);

/// One directory entry: name and kind (symlinks are resolved; a dangling link counts as a file,
/// so readers report it as unreadable).
struct DirEntry {
  enum class Kind { kFile, kDir, kOther };
  std::string name;
  Kind kind = Kind::kOther;
};

/// Non-recursive listing sorted by name (byte order). Symlinks are followed for the kind.
Result<std::vector<DirEntry>> ListDir(const fs::path& dir);

using DirListing = std::shared_ptr<const std::vector<DirEntry>>;

/// ListDir, shared: while a DirListingCache is alive, a folder listed twice (by detection, then
/// by its reader) is read from disk once. Thread-safe.
Result<DirListing> ListDirShared(const fs::path& dir);

/// Scope of the listing cache (one run: detection and reading). Listings are not refreshed
/// while it lives, so create it only around work that does not write the folders it lists.
class DirListingCache {
 public:
  DirListingCache();
  ~DirListingCache();
  DirListingCache(const DirListingCache&) = delete;
  DirListingCache& operator=(const DirListingCache&) = delete;
};

/// Turns a filesystem path into the path shown to users: relative to `cwd` when it is under it,
/// with '/' separators, no "./" prefix; otherwise the normalised absolute path.
std::string DisplayPath(const fs::path& cwd, const fs::path& p);

/// Joins a display path and a child name ("." + "x" = "x").
std::string JoinDisplay(std::string_view dir, std::string_view name);

/// A readable OS error for a std::error_code ("No such file or directory").
std::string OsReason(const std::error_code& ec);

}  // namespace sse
