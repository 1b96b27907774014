#include "core/util/fs.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <mutex>
#include <unordered_map>

#include <fmt/format.h>

namespace sse {

std::string OsReason(const std::error_code& ec) {
  std::string msg = ec.message();
  if (!msg.empty()) msg[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(msg[0])));
  return msg;
}

Result<std::string> ReadFileBytes(const fs::path& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return Error(errno == ENOENT ? ErrorCode::kNotFound : ErrorCode::kIo,
                 fmt::format("cannot read {}: {}", path.string(),
                             OsReason(std::error_code(errno, std::generic_category()))));
  }
  struct stat st {};
  std::string out;
  if (::fstat(fd, &st) == 0) {
    if (S_ISDIR(st.st_mode)) {
      ::close(fd);
      return Error(ErrorCode::kIo, fmt::format("cannot read {}: is a directory", path.string()));
    }
    if (st.st_size > 0) out.reserve(static_cast<size_t>(st.st_size));
  }
  char buf[1 << 16];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      int e = errno;
      ::close(fd);
      return Error(ErrorCode::kIo,
                   fmt::format("cannot read {}: {}", path.string(),
                               OsReason(std::error_code(e, std::generic_category()))));
    }
    out.append(buf, static_cast<size_t>(n));
  }
  ::close(fd);
  return out;
}

Result<SourceFilePtr> ReadSourceFile(const fs::path& path, std::string display) {
  auto bytes = ReadFileBytes(path);
  if (!bytes.ok()) return std::move(bytes).error();
  return std::make_shared<const SourceFile>(std::move(display), std::move(bytes).value());
}

Status WriteFileAtomic(const fs::path& path, std::string_view bytes) {
  fs::path tmp = path;
  tmp += ".tmp";
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    if (!f)
      return Error(ErrorCode::kIo,
                   fmt::format("cannot write {}: {}", tmp.string(), std::strerror(errno)));
    f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!f) return Error(ErrorCode::kIo, fmt::format("cannot write {}", tmp.string()));
  }
  std::error_code ec;
  fs::rename(tmp, path, ec);
  if (ec)
    return Error(ErrorCode::kIo, fmt::format("cannot write {}: {}", path.string(), OsReason(ec)));
  return {};
}

Result<std::vector<DirEntry>> ListDir(const fs::path& dir) {
  // readdir's d_type gives the kind without a stat per entry (100,000 revision files must
  // list quickly); only symlinks and file systems that do not fill d_type cost a stat.
  DIR* d = ::opendir(dir.c_str());
  if (!d) {
    int e = errno;
    return Error(e == ENOENT || e == ENOTDIR ? ErrorCode::kNotFound : ErrorCode::kIo,
                 fmt::format("cannot list {}: {}", dir.string(),
                             OsReason(std::error_code(e, std::generic_category()))));
  }
  std::vector<DirEntry> out;
  int dfd = ::dirfd(d);
  errno = 0;
  while (struct dirent* ent = ::readdir(d)) {
    std::string_view name = ent->d_name;
    if (name == "." || name == "..") continue;
    DirEntry e;
    e.name = std::string(name);
    unsigned char type = ent->d_type;
    if (type == DT_REG) {
      e.kind = DirEntry::Kind::kFile;
    } else if (type == DT_DIR) {
      e.kind = DirEntry::Kind::kDir;
    } else if (type == DT_LNK || type == DT_UNKNOWN) {
      struct stat st {};
      if (::fstatat(dfd, ent->d_name, &st, 0) == 0) {
        if (S_ISREG(st.st_mode))
          e.kind = DirEntry::Kind::kFile;
        else if (S_ISDIR(st.st_mode))
          e.kind = DirEntry::Kind::kDir;
      } else if (type == DT_LNK) {
        // A dangling link is listed as a file so that a reader that wants it reports it as
        // unreadable instead of silently skipping it.
        e.kind = DirEntry::Kind::kFile;
      }
    }
    out.push_back(std::move(e));
    errno = 0;
  }
  int e = errno;
  ::closedir(d);
  if (e != 0) {
    return Error(ErrorCode::kIo,
                 fmt::format("cannot list {}: {}", dir.string(),
                             OsReason(std::error_code(e, std::generic_category()))));
  }
  std::sort(out.begin(), out.end(),
            [](const DirEntry& a, const DirEntry& b) { return a.name < b.name; });
  return out;
}

namespace {
struct ListingCacheState {
  std::mutex mu;
  int depth = 0;
  std::unordered_map<std::string, DirListing> listings;
};
ListingCacheState& CacheState() {
  static ListingCacheState state;
  return state;
}
}  // namespace

DirListingCache::DirListingCache() {
  std::lock_guard<std::mutex> lock(CacheState().mu);
  ++CacheState().depth;
}

DirListingCache::~DirListingCache() {
  std::lock_guard<std::mutex> lock(CacheState().mu);
  if (--CacheState().depth == 0) CacheState().listings.clear();
}

Result<DirListing> ListDirShared(const fs::path& dir) {
  ListingCacheState& state = CacheState();
  std::string key = dir.lexically_normal().string();
  {
    std::lock_guard<std::mutex> lock(state.mu);
    if (state.depth > 0) {
      if (auto it = state.listings.find(key); it != state.listings.end()) return it->second;
    }
  }
  auto listed = ListDir(dir);
  if (!listed.ok()) return std::move(listed).error();
  DirListing listing = std::make_shared<const std::vector<DirEntry>>(std::move(listed).value());
  std::lock_guard<std::mutex> lock(state.mu);
  if (state.depth > 0) state.listings.emplace(std::move(key), listing);
  return listing;
}

std::string DisplayPath(const fs::path& cwd, const fs::path& p) {
  fs::path abs = p.is_absolute() ? p : cwd / p;
  abs = abs.lexically_normal();
  fs::path base = cwd.lexically_normal();
  fs::path rel = abs.lexically_relative(base);
  std::string s;
  if (!rel.empty() && *rel.begin() != "..") {
    s = rel.generic_string();
  } else {
    s = abs.generic_string();
  }
  while (s.size() > 1 && s.back() == '/') s.pop_back();
  if (s.empty()) return std::string(1, '.');
  return s;
}

std::string JoinDisplay(std::string_view dir, std::string_view name) {
  if (dir.empty() || dir == ".") return std::string(name);
  std::string out(dir);
  if (out.back() != '/') out += '/';
  out += name;
  return out;
}

}  // namespace sse
