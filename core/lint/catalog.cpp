#include "core/lint/catalog.hpp"

#include "core/util/result.hpp"

namespace sse {

const std::vector<RuleInfo>& AllRules() {
  static const std::vector<RuleInfo> kRules = {
#define SSE_RULE(code, name, severity, check, summary) \
  {#code, name, Severity::severity, summary, std::string_view(#check) == "NoCheck"},
#include "core/lint/rules.def"
#undef SSE_RULE
  };
  return kRules;
}

const RuleInfo* FindRule(std::string_view code_or_name) {
  for (const RuleInfo& r : AllRules()) {
    if (r.code == code_or_name || r.name == code_or_name) return &r;
  }
  return nullptr;
}

Finding MakeFinding(std::string_view code, std::string message, std::optional<SourceLoc> loc,
                    std::string help, std::vector<Related> related) {
  const RuleInfo* rule = FindRule(code);
  SSE_ASSERT(rule != nullptr);
  Finding f;
  f.code = std::string(rule->code);
  f.rule = std::string(rule->name);
  f.severity = rule->severity;
  f.message = std::move(message);
  f.loc = std::move(loc);
  f.help = std::move(help);
  f.related = std::move(related);
  return f;
}

std::string RuleDocPath(std::string_view code) { return "docs/rules/" + std::string(code) + ".md"; }

}  // namespace sse
