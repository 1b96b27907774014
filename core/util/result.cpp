#include "core/util/result.hpp"

#include <fmt/format.h>

namespace sse {

std::string Error::ToString() const {
  std::string out;
  for (auto it = context.rbegin(); it != context.rend(); ++it) {
    out += *it;
    out += ": ";
  }
  if (loc && !loc->path.empty()) {
    out += loc->path;
    if (loc->line) {
      out += fmt::format(":{}", loc->line);
      if (loc->column) out += fmt::format(":{}", loc->column);
    }
    out += ": ";
  }
  out += message;
  return out;
}

int Error::ExitCode() const {
  switch (code) {
    case ErrorCode::kConnection:
    case ErrorCode::kQuery:
    case ErrorCode::kTimeout:
    case ErrorCode::kInternal:
      return 3;
    default:
      return 2;
  }
}

}  // namespace sse
