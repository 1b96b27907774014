#pragma once
/// Finding: one problem found in the input (lint hit, graph defect, drift). Findings are data:
/// they are collected, filtered by configuration and suppressions, and rendered; they never
/// stop a run.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/util/source.hpp"

namespace sse {

enum class Severity { kInfo = 0, kWarning = 1, kError = 2 };

std::string_view SeverityName(Severity s);
std::optional<Severity> ParseSeverity(std::string_view s);

/// A second place that explains the finding (the other side of a cycle, the first definition).
struct Related {
  SourceLoc loc;
  std::string message;
};

struct Finding {
  std::string code;  ///< "SCH001"
  std::string rule;  ///< "revision-cycle"
  Severity severity = Severity::kError;
  std::string message;
  std::optional<SourceLoc> loc;  ///< nullopt: not tied to a file
  std::vector<Related> related;
  std::string help;

  /// Sort key: path, line, column, code, message (output is deterministic).
  static bool Less(const Finding& a, const Finding& b);
};

/// Counts per severity.
struct Summary {
  int error = 0;
  int warning = 0;
  int info = 0;
  void Add(Severity s);
};

}  // namespace sse
