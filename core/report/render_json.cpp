// The JSON report of CONTRACT.md: schema_version, command, sets, command-specific members,
// findings, summary. Key order is fixed so output is byte-stable. The report is written
// directly (JsonOut), in the exact layout of nlohmann's dump(2) (which the command-specific
// members still use): a lint of a big history has thousands of findings, and building a JSON
// document for them first took longer than the checks.

#include <ostream>

#include "core/report/report.hpp"
#include "core/util/json_out.hpp"

namespace sse {

namespace {

void WriteFinding(JsonOut& j, const Finding& f) {
  j.BeginObject();
  j.Key("code");
  j.String(f.code);
  j.Key("rule");
  j.String(f.rule);
  j.Key("severity");
  j.String(SeverityName(f.severity));
  j.Key("message");
  j.String(f.message);
  j.Key("path");
  j.StringOrNull(f.loc ? std::string_view(f.loc->path) : std::string_view());
  j.Key("line");
  j.NumberOrNull(f.loc ? f.loc->line : 0);
  j.Key("column");
  j.NumberOrNull(f.loc ? f.loc->column : 0);
  j.Key("related");
  j.BeginArray();
  for (const Related& r : f.related) {
    j.BeginObject();
    j.Key("path");
    j.StringOrNull(r.loc.path);
    j.Key("line");
    j.NumberOrNull(r.loc.line);
    j.Key("message");
    j.String(r.message);
    j.EndObject();
  }
  j.EndArray();
  j.Key("help");
  j.String(f.help);
  j.EndObject();
}

}  // namespace

void RenderJson(const Report& report, std::ostream& out) {
  std::string text;
  text.reserve(4096 + report.findings.size() * 512);
  JsonOut j(text);
  j.BeginObject();
  j.Key("schema_version");
  j.Number(1);
  j.Key("command");
  j.String(report.command);
  j.Key("sets");
  j.BeginArray();
  for (const SetSummary& s : report.sets) {
    j.BeginObject();
    j.Key("tool");
    j.String(s.tool);
    j.Key("dialect");
    j.StringOrNull(s.dialect);
    j.Key("path");
    j.String(s.path);
    j.Key("migrations");
    j.Number(s.migrations);
    for (const auto& [key, names] : {std::pair{"heads", &s.heads}, std::pair{"bases", &s.bases}}) {
      j.Key(key);
      j.BeginArray();
      for (const std::string& n : *names) j.String(n);
      j.EndArray();
    }
    j.EndObject();
  }
  j.EndArray();
  // Command-specific members ("graph", "lock", "drift"); the common names are reserved.
  for (const auto& [key, value] : report.extra.items()) {
    if (key == "schema_version" || key == "command" || key == "sets" || key == "findings" ||
        key == "summary") {
      continue;
    }
    j.Key(key);
    j.Value(value);
  }
  j.Key("findings");
  j.BeginArray();
  for (const Finding& f : report.findings) WriteFinding(j, f);
  j.EndArray();
  Summary s = report.Totals();
  j.Key("summary");
  j.BeginObject();
  j.Key("error");
  j.Number(s.error);
  j.Key("warning");
  j.Number(s.warning);
  j.Key("info");
  j.Number(s.info);
  j.EndObject();
  j.EndObject();
  text += '\n';
  out << text;
}

}  // namespace sse
