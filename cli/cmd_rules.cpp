// schema rules [CODE]: lists the rules, or prints one rule's page.

#include <memory>
#include <ostream>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/rule_docs.hpp"
#include "core/lint/catalog.hpp"

namespace sse::cli {

Handler AddRulesCommand(CLI::App& app, CommonOptions& options) {
  auto code = std::make_shared<std::string>();
  CLI::App* cmd = app.add_subcommand("rules", "List the rules, or explain one (by code or name)");
  cmd->add_option("rule", *code, "Rule code (SCH001) or name (revision-cycle)");
  AddCommonOptions(cmd, options, {"text", "json", "markdown"});
  return [code](Context& ctx) -> int {
    if (!code->empty()) {
      const RuleInfo* rule = FindRule(*code);
      if (!rule)
        return ReportError(
            ctx, Error(ErrorCode::kInvalidArgument, fmt::format("unknown rule '{}'", *code)));
      std::string_view page;
      for (const auto& [c, text] : RuleDocs()) {
        if (c == rule->code) page = text;
      }
      if (ctx.options.format == "json") {
        nlohmann::ordered_json j;
        j["schema_version"] = 1;
        j["command"] = "rules";
        j["rules"] = {{{"code", rule->code},
                       {"name", rule->name},
                       {"severity", SeverityName(rule->severity)},
                       {"summary", rule->summary},
                       {"doc", page}}};
        ctx.out << j.dump(2) << "\n";
        return 0;
      }
      if (page.empty()) {
        ctx.out << fmt::format("{} {} ({})\n\n{}\n", rule->code, rule->name,
                               SeverityName(rule->severity), rule->summary);
      } else {
        ctx.out << page;
      }
      return 0;
    }
    if (ctx.options.format == "json") {
      nlohmann::ordered_json j;
      j["schema_version"] = 1;
      j["command"] = "rules";
      nlohmann::ordered_json rules = nlohmann::ordered_json::array();
      for (const RuleInfo& r : AllRules()) {
        rules.push_back({{"code", r.code},
                         {"name", r.name},
                         {"severity", SeverityName(r.severity)},
                         {"summary", r.summary}});
      }
      j["rules"] = std::move(rules);
      ctx.out << j.dump(2) << "\n";
      return 0;
    }
    if (ctx.options.format == "markdown") {
      ctx.out << "| Code | Name | Severity | Summary |\n|---|---|---|---|\n";
      for (const RuleInfo& r : AllRules()) {
        ctx.out << fmt::format("| [{}](rules/{}.md) | {} | {} | {} |\n", r.code, r.code, r.name,
                               SeverityName(r.severity), r.summary);
      }
      return 0;
    }
    for (const RuleInfo& r : AllRules()) {
      ctx.out << fmt::format("{}  {:<28} {:<8} {}\n", r.code, r.name, SeverityName(r.severity),
                             r.summary);
    }
    return 0;
  };
}

}  // namespace sse::cli
