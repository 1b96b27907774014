#include "core/report/finding.hpp"

#include <tuple>

namespace sse {

std::string_view SeverityName(Severity s) {
  switch (s) {
    case Severity::kInfo:
      return "info";
    case Severity::kWarning:
      return "warning";
    case Severity::kError:
      return "error";
  }
  return "error";
}

std::optional<Severity> ParseSeverity(std::string_view s) {
  if (s == "info") return Severity::kInfo;
  if (s == "warning" || s == "warn") return Severity::kWarning;
  if (s == "error") return Severity::kError;
  return std::nullopt;
}

bool Finding::Less(const Finding& a, const Finding& b) {
  static const SourceLoc kNone;
  const SourceLoc& la = a.loc ? *a.loc : kNone;
  const SourceLoc& lb = b.loc ? *b.loc : kNone;
  return std::tie(la.path, la.line, la.column, a.code, a.message) <
         std::tie(lb.path, lb.line, lb.column, b.code, b.message);
}

void Summary::Add(Severity s) {
  switch (s) {
    case Severity::kInfo:
      ++info;
      break;
    case Severity::kWarning:
      ++warning;
      break;
    case Severity::kError:
      ++error;
      break;
  }
}

}  // namespace sse
