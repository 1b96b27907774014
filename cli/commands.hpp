#pragma once
/// One function per command; each registers its subcommand and returns the handler to run after
/// parsing (ninja's subtool table, in CLI11's shape).

#include <functional>

#include <CLI/CLI.hpp>

#include "cli/options.hpp"

namespace sse::cli {

using Handler = std::function<int(Context&)>;

Handler AddLintCommand(CLI::App& app, CommonOptions& options);
Handler AddGraphCommand(CLI::App& app, CommonOptions& options);
Handler AddLockCommand(CLI::App& app, CommonOptions& options);
Handler AddRulesCommand(CLI::App& app, CommonOptions& options);

}  // namespace sse::cli
