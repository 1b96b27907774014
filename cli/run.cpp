#include "cli/run.hpp"

#include <unistd.h>

#include <cstdlib>
#include <ostream>

namespace sse::cli {

RunEnv RunEnv::FromProcess() {
  RunEnv env;
  std::error_code ec;
  env.cwd = fs::current_path(ec);
  env.stdout_is_tty = ::isatty(STDOUT_FILENO) == 1;
  env.getenv = [](const std::string& name) -> std::optional<std::string> {
    const char* v = std::getenv(name.c_str());
    if (!v) return std::nullopt;
    return std::string(v);
  };
  return env;
}

int Run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err,
        const RunEnv& env) {
  (void)args;
  (void)out;
  (void)env;
  err << "schema: not implemented yet\n";
  return 2;
}

}  // namespace sse::cli
