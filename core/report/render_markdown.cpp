// Markdown summary for a pull-request comment.

#include <fmt/format.h>

#include <ostream>

#include "core/report/report.hpp"

namespace sse {

namespace {

std::string Cell(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '|')
      out += "\\|";
    else if (c == '\n')
      out += "<br>";
    else
      out += c;
  }
  return out;
}

const char* Icon(Severity s) {
  switch (s) {
    case Severity::kError:
      return "🔴";
    case Severity::kWarning:
      return "🟡";
    case Severity::kInfo:
      return "🔵";
  }
  return "";
}

}  // namespace

void RenderMarkdown(const Report& report, std::ostream& out) {
  Summary s = report.Totals();
  out << fmt::format("### schema {}: {} error{}, {} warning{}, {} info\n\n", report.command,
                     s.error, s.error == 1 ? "" : "s", s.warning, s.warning == 1 ? "" : "s",
                     s.info);
  if (!report.sets.empty()) {
    out << "| Set | Tool | Dialect | Migrations | Heads |\n|---|---|---|---:|---|\n";
    for (const SetSummary& set : report.sets) {
      out << fmt::format("| `{}` | {} | {} | {} | {} |\n", Cell(set.path), set.tool,
                         set.dialect.empty() ? "?" : set.dialect, set.migrations,
                         Cell(fmt::format("{}", fmt::join(set.heads, ", "))));
    }
    out << "\n";
  }
  if (!report.text_body.empty()) out << "```\n" << report.text_body << "```\n\n";
  if (report.findings.empty()) {
    out << "No findings.\n";
    return;
  }
  out << "| | Rule | Location | Message |\n|---|---|---|---|\n";
  for (const Finding& f : report.findings) {
    std::string where;
    if (f.loc && !f.loc->path.empty()) {
      where = f.loc->line ? fmt::format("`{}:{}`", f.loc->path, f.loc->line)
                          : fmt::format("`{}`", f.loc->path);
    }
    std::string message = f.message;
    if (!f.help.empty()) message += "\n*" + f.help + "*";
    out << fmt::format("| {} | [{}](docs/rules/{}.md) {} | {} | {} |\n", Icon(f.severity), f.code,
                       f.code, f.rule, Cell(where), Cell(message));
  }
}

}  // namespace sse
