#pragma once
/// Report: what every command prints. Findings plus per-set summaries plus command-specific
/// members (graph, drift, plan), rendered as text, json, sarif, github or markdown. Output is
/// deterministic: the same input gives byte-identical output.

#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/report/finding.hpp"

namespace sse {

/// One migration set as the JSON report's "sets" entry shows it.
struct SetSummary {
  std::string tool;
  std::string dialect;
  std::string path;
  size_t migrations = 0;
  std::vector<std::string> heads;
  std::vector<std::string> bases;
};

struct Report {
  std::string command;  ///< lint, graph, lock, rules, ...
  std::vector<SetSummary> sets;
  std::vector<Finding> findings;  ///< sorted
  /// Command-specific members placed beside the common ones (e.g. {"graph": [...]}).
  nlohmann::ordered_json extra = nlohmann::ordered_json::object();
  /// Text shown by the text renderer before the findings (graph drawings, lock results).
  std::string text_body;

  Summary Totals() const;
};

enum class ReportFormat { kText, kJson, kSarif, kGithub, kMarkdown };
std::optional<ReportFormat> ParseReportFormat(std::string_view s);

struct RenderOptions {
  bool color = false;
  bool verbose = false;
  bool quiet = false;
  std::string tool_version = SSE_VERSION;
};

void RenderText(const Report& report, const RenderOptions& options, std::ostream& out);
void RenderJson(const Report& report, std::ostream& out);
void RenderSarif(const Report& report, const RenderOptions& options, std::ostream& out);
void RenderGithub(const Report& report, std::ostream& out);
void RenderMarkdown(const Report& report, std::ostream& out);
void Render(const Report& report, ReportFormat format, const RenderOptions& options,
            std::ostream& out);

}  // namespace sse
