#pragma once
/// Runs the `schema` command line in-process for tests, and reads the structured drift of a JSON
/// report.

#include <string>
#include <vector>

#include "core/util/fs.hpp"

namespace sse::testing {

struct CliOutput {
  int rc = 0;
  std::string out;
  std::string err;
};

/// `schema ARGS...` with `cwd` as the working directory and an empty environment.
CliOutput RunSchema(const fs::path& cwd, const std::vector<std::string>& args);

/// The differences of a `--format json` diff/drift report as "SCH801 index main.x [property]",
/// in report order. Fails the test when the findings do not match the differences one to one.
std::vector<std::string> DriftFindings(const CliOutput& o);

}  // namespace sse::testing
