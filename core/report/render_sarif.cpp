// SARIF 2.1.0 (https://docs.oasis-open.org/sarif/sarif/v2.1.0/): one run, the tool's rules in
// driver.rules, one result per finding with its physical location and related locations.

#include <map>
#include <ostream>

#include "core/lint/catalog.hpp"
#include "core/report/report.hpp"

namespace sse {

namespace {

using Json = nlohmann::ordered_json;

const char* Level(Severity s) {
  switch (s) {
    case Severity::kError:
      return "error";
    case Severity::kWarning:
      return "warning";
    case Severity::kInfo:
      return "note";
  }
  return "error";
}

Json PhysicalLocation(const SourceLoc& loc) {
  Json pl;
  pl["artifactLocation"] = {{"uri", loc.path}, {"uriBaseId", "%SRCROOT%"}};
  if (loc.line) {
    Json region;
    region["startLine"] = loc.line;
    if (loc.column) region["startColumn"] = loc.column;
    if (loc.end_line >= loc.line && loc.end_line) {
      region["endLine"] = loc.end_line;
      if (loc.end_column && (loc.end_line > loc.line || loc.end_column > loc.column)) {
        region["endColumn"] = loc.end_column;
      }
    }
    pl["region"] = std::move(region);
  }
  return pl;
}

}  // namespace

void RenderSarif(const Report& report, const RenderOptions& options, std::ostream& out) {
  Json rules = Json::array();
  std::map<std::string, int> index;
  for (const RuleInfo& r : AllRules()) {
    Json rule;
    rule["id"] = std::string(r.code);
    rule["name"] = std::string(r.name);
    rule["shortDescription"] = {{"text", std::string(r.summary)}};
    rule["help"] = {{"text", "See " + RuleDocPath(r.code) + " in the schema repository"}};
    rule["defaultConfiguration"] = {{"level", Level(r.severity)}};
    index[std::string(r.code)] = static_cast<int>(rules.size());
    rules.push_back(std::move(rule));
  }
  Json results = Json::array();
  for (const Finding& f : report.findings) {
    Json res;
    res["ruleId"] = f.code;
    if (auto it = index.find(f.code); it != index.end()) res["ruleIndex"] = it->second;
    res["level"] = Level(f.severity);
    std::string text = f.message;
    if (!f.help.empty()) text += " (help: " + f.help + ")";
    res["message"] = {{"text", text}};
    Json locations = Json::array();
    if (f.loc && !f.loc->path.empty())
      locations.push_back({{"physicalLocation", PhysicalLocation(*f.loc)}});
    res["locations"] = std::move(locations);
    if (!f.related.empty()) {
      Json related = Json::array();
      int id = 1;
      for (const Related& r : f.related) {
        Json rl;
        rl["id"] = id++;
        if (!r.loc.path.empty()) rl["physicalLocation"] = PhysicalLocation(r.loc);
        rl["message"] = {{"text", r.message}};
        related.push_back(std::move(rl));
      }
      res["relatedLocations"] = std::move(related);
    }
    results.push_back(std::move(res));
  }
  Json driver;
  driver["name"] = "schema";
  driver["version"] = options.tool_version;
  driver["semanticVersion"] = options.tool_version;
  driver["rules"] = std::move(rules);
  Json run;
  run["tool"] = {{"driver", std::move(driver)}};
  run["columnKind"] = "unicodeCodePoints";
  run["results"] = std::move(results);
  Json doc;
  doc["$schema"] = "https://json.schemastore.org/sarif-2.1.0.json";
  doc["version"] = "2.1.0";
  doc["runs"] = Json::array({std::move(run)});
  out << doc.dump(2, ' ', false, Json::error_handler_t::replace) << '\n';
}

}  // namespace sse
