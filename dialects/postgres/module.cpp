/// The entry of the PostgreSQL connection code (live.hpp): registers inspect.cpp and execute.cpp
/// with the program when it starts (linked in) or when libschema-postgres.so is loaded.

#include <exception>

#include <fmt/format.h>

#include "dialects/postgres/execute.hpp"
#include "dialects/postgres/inspect.hpp"
#include "dialects/postgres/live.hpp"

namespace sse::pg {

namespace {

/// No exception leaves the module (the executable may use another copy of the C++ runtime).
template <typename F>
Result<model::Catalog> Guarded(const char* what, F&& f) {
  try {
    return f();
  } catch (const std::exception& e) {
    return Error(ErrorCode::kInternal, fmt::format("{}: unexpected error: {}", what, e.what()));
  } catch (...) {
    return Error(ErrorCode::kInternal, fmt::format("{}: unexpected error", what));
  }
}

Result<model::Catalog> Inspect(const std::string& url, const InspectOptions& options) {
  return Guarded("inspecting PostgreSQL", [&] { return InspectPostgres(url, options); });
}

Result<model::Catalog> Execute(const MigrationSet& set, int up_to, const std::string& dev_url,
                               const InspectOptions& options) {
  return Guarded("executed replay",
                 [&] { return ExecuteOnDevServer(set, up_to, dev_url, options); });
}

std::string Describe(const std::string& url) {
  try {
    return DescribeConnectionTarget(url);
  } catch (...) {
    return "PostgreSQL server";
  }
}

const LiveApi kApi{kLiveAbi, &Inspect, &Execute, &Describe};

[[maybe_unused]] const bool kRegistered = (RegisterLive(&kApi), true);

}  // namespace

}  // namespace sse::pg
