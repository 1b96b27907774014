#pragma once
/// Running a helper program (wrangler for `d1:BINDING?remote`) without a shell: argv is passed
/// as is, so nothing in a binding name or a query is ever interpreted by /bin/sh.

#include <optional>
#include <string>
#include <vector>

#include "core/util/fs.hpp"
#include "core/util/result.hpp"

namespace sse {

struct ProcessResult {
  int exit_code = -1;  ///< the exit status, or 128 + signal
  std::string out;     ///< stdout
  std::string err;     ///< stderr
};

/// Runs argv[0] (searched in PATH when it has no '/') in `cwd` and waits for it, reading its
/// stdout and stderr whole. Errors: kNotFound when the program does not exist, kIo when it
/// cannot be started, kTimeout when it runs longer than `timeout_s` (it is killed).
Result<ProcessResult> RunProcess(const std::vector<std::string>& argv, const fs::path& cwd,
                                 int timeout_s = 120);

/// The first executable named `name` in `dirs`, then in PATH; nullopt when there is none.
std::optional<fs::path> FindExecutable(const std::string& name,
                                       const std::vector<fs::path>& dirs = {});

}  // namespace sse
