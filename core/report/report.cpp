#include "core/report/report.hpp"

#include <ostream>

namespace sse {

Summary Report::Totals() const {
  Summary s;
  for (const Finding& f : findings) s.Add(f.severity);
  return s;
}

std::optional<ReportFormat> ParseReportFormat(std::string_view s) {
  if (s == "text") return ReportFormat::kText;
  if (s == "json") return ReportFormat::kJson;
  if (s == "sarif") return ReportFormat::kSarif;
  if (s == "github") return ReportFormat::kGithub;
  if (s == "markdown" || s == "md") return ReportFormat::kMarkdown;
  return std::nullopt;
}

void Render(const Report& report, ReportFormat format, const RenderOptions& options,
            std::ostream& out) {
  switch (format) {
    case ReportFormat::kText:
      RenderText(report, options, out);
      break;
    case ReportFormat::kJson:
      RenderJson(report, out);
      break;
    case ReportFormat::kSarif:
      RenderSarif(report, options, out);
      break;
    case ReportFormat::kGithub:
      RenderGithub(report, out);
      break;
    case ReportFormat::kMarkdown:
      RenderMarkdown(report, out);
      break;
  }
}

}  // namespace sse
