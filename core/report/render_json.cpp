// The JSON report of CONTRACT.md: schema_version, command, sets, command-specific members,
// findings, summary. Key order is fixed (ordered_json) so output is byte-stable.

#include <ostream>

#include "core/report/report.hpp"

namespace sse {

namespace {
nlohmann::ordered_json LineOrNull(uint32_t v) {
  return v ? nlohmann::ordered_json(v) : nlohmann::ordered_json(nullptr);
}
}  // namespace

nlohmann::ordered_json FindingJson(const Finding& f) {
  nlohmann::ordered_json j;
  j["code"] = f.code;
  j["rule"] = f.rule;
  j["severity"] = std::string(SeverityName(f.severity));
  j["message"] = f.message;
  j["path"] = f.loc && !f.loc->path.empty() ? nlohmann::ordered_json(f.loc->path)
                                            : nlohmann::ordered_json(nullptr);
  j["line"] = LineOrNull(f.loc ? f.loc->line : 0);
  j["column"] = LineOrNull(f.loc ? f.loc->column : 0);
  nlohmann::ordered_json related = nlohmann::ordered_json::array();
  for (const Related& r : f.related) {
    nlohmann::ordered_json rj;
    rj["path"] =
        r.loc.path.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(r.loc.path);
    rj["line"] = LineOrNull(r.loc.line);
    rj["message"] = r.message;
    related.push_back(std::move(rj));
  }
  j["related"] = std::move(related);
  j["help"] = f.help;
  return j;
}

void RenderJson(const Report& report, std::ostream& out) {
  nlohmann::ordered_json j;
  j["schema_version"] = 1;
  j["command"] = report.command;
  nlohmann::ordered_json sets = nlohmann::ordered_json::array();
  for (const SetSummary& s : report.sets) {
    nlohmann::ordered_json sj;
    sj["tool"] = s.tool;
    sj["dialect"] =
        s.dialect.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(s.dialect);
    sj["path"] = s.path;
    sj["migrations"] = s.migrations;
    sj["heads"] = s.heads;
    sj["bases"] = s.bases;
    sets.push_back(std::move(sj));
  }
  j["sets"] = std::move(sets);
  for (const auto& [key, value] : report.extra.items()) j[key] = value;
  nlohmann::ordered_json findings = nlohmann::ordered_json::array();
  for (const Finding& f : report.findings) findings.push_back(FindingJson(f));
  j["findings"] = std::move(findings);
  Summary s = report.Totals();
  j["summary"] = {{"error", s.error}, {"warning", s.warning}, {"info", s.info}};
  out << j.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << '\n';
}

}  // namespace sse
