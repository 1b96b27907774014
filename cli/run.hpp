#pragma once
/// The whole command line as a function, so tests call the CLI in process:
/// main() is one line around cli::Run.

#include <functional>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "core/util/fs.hpp"

namespace sse::cli {

/// The process environment the CLI sees; tests replace it.
struct RunEnv {
  fs::path cwd;                ///< working directory (display paths are relative to it)
  bool stdout_is_tty = false;  ///< colour only on a terminal
  /// The process ends right after Run: big read-only structures (every migration file of the
  /// workspace) are kept instead of freed one by one, as compilers do at exit. Tests leave it
  /// off so that sanitizers see every allocation freed.
  bool exiting_after_run = false;
  /// Environment variable lookup (NO_COLOR, PG* ...).
  std::function<std::optional<std::string>(const std::string&)> getenv;

  /// The real process environment.
  static RunEnv FromProcess();
};

/// Runs `schema <args...>` (args exclude the program name) and returns the exit code:
/// 0 clean, 1 findings at or above --fail-on, 2 usage or input error, 3 operational error.
int Run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err,
        const RunEnv& env);

}  // namespace sse::cli
