#pragma once
/// Drawings of a revision graph for `schema graph`: a text listing in topological order, Graphviz
/// dot, Mermaid, and the JSON member of the report.

#include <string>

#include <nlohmann/json.hpp>

#include "core/lint/lint_context.hpp"

namespace sse {

std::string GraphText(const SetAnalysis& a);
std::string GraphDot(const std::vector<SetAnalysis>& sets);
std::string GraphMermaid(const std::vector<SetAnalysis>& sets);
nlohmann::ordered_json GraphJson(const SetAnalysis& a);

}  // namespace sse
