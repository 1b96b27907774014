#pragma once
/// The rule catalogue (rules.def): code, name, default severity and summary of every rule.
/// Leaf module: readers use it to stamp their findings; `schema rules` lists it.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/report/finding.hpp"

namespace sse {

struct RuleInfo {
  std::string_view code;
  std::string_view name;
  Severity severity;
  std::string_view summary;
  bool no_check;  ///< findings come from the readers or the config, not a check function
};

const std::vector<RuleInfo>& AllRules();
/// By code ("SCH001") or name ("revision-cycle").
const RuleInfo* FindRule(std::string_view code_or_name);

/// A finding stamped with the rule's name and default severity.
Finding MakeFinding(std::string_view code, std::string message, std::optional<SourceLoc> loc,
                    std::string help = {}, std::vector<Related> related = {});

/// Where a rule's documentation lives, relative to the repository root.
std::string RuleDocPath(std::string_view code);

}  // namespace sse
