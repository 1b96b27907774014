#include "dialects/postgres/live.hpp"

#include <dlfcn.h>
#include <unistd.h>

#include <filesystem>
#include <mutex>
#include <vector>

#include <fmt/format.h>

namespace sse::pg {

namespace {

constexpr const char* kModuleName = "libschema-postgres.so";

std::mutex& LiveMutex() {
  static std::mutex m;
  return m;
}

const LiveApi* g_registered = nullptr;
uint64_t g_rejected_abi = 0;  // the abi of a module that registered with another layout

/// The directory of the running executable ("" when /proc is not mounted).
std::filesystem::path ExecutableDir() {
  std::error_code ec;
  std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? std::filesystem::path() : exe.parent_path();
}

std::vector<std::string> Candidates() {
  if (const char* env = std::getenv("SSE_POSTGRES_MODULE"); env && *env) return {env};
  std::filesystem::path dir = ExecutableDir();
  if (dir.empty()) return {};
  return {(dir / kModuleName).string(),
          (dir.parent_path() / "lib" / "schema" / kModuleName).string()};
}

}  // namespace

void RegisterLive(const LiveApi* api) {
  // Called from a static initializer: at program start (linked in) or inside dlopen (module),
  // where LivePostgres already holds the mutex. Both are single-threaded for this variable.
  if (api->abi != kLiveAbi) {
    g_rejected_abi = api->abi;
    return;
  }
  g_registered = api;
}

Result<const LiveApi*> LivePostgres() {
  std::lock_guard lock(LiveMutex());
  if (g_registered) return g_registered;
  std::vector<std::string> tried = Candidates();
  for (const std::string& path : tried) {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) continue;
    // RTLD_NOW: a symbol the executable does not provide fails here, with its name, rather than
    // in the middle of an inspection.
    if (!dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL)) {
      const char* why = dlerror();
      return Error(ErrorCode::kUnsupported, fmt::format("{}: cannot load the PostgreSQL module: {}",
                                                        path, why ? why : "unknown reason"));
    }
    if (g_registered) return g_registered;
    if (g_rejected_abi) {
      return Error(ErrorCode::kUnsupported,
                   fmt::format("{}: the PostgreSQL module was built from another version of "
                               "schema (layout {:x}, this executable {:x}); rebuild both",
                               path, g_rejected_abi, kLiveAbi));
    }
    return Error(ErrorCode::kUnsupported,
                 fmt::format("{}: not a schema PostgreSQL module (it registered nothing)", path));
  }
  std::string where;
  for (const std::string& p : tried) where += (where.empty() ? "" : ", ") + p;
  return Error(ErrorCode::kUnsupported,
               fmt::format("PostgreSQL sources need {} (the libpq part of schema, built with it), "
                           "and it is not installed: looked for {}",
                           kModuleName, where.empty() ? "nothing (no /proc/self/exe)" : where));
}

}  // namespace sse::pg
