// GitHub Actions workflow commands: ::error file=…,line=…,col=…,title=…::message
// (https://docs.github.com/actions/reference/workflow-commands-for-github-actions).

#include <fmt/format.h>

#include <ostream>

#include "core/report/report.hpp"

namespace sse {

namespace {

std::string EscapeData(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '%')
      out += "%25";
    else if (c == '\r')
      out += "%0D";
    else if (c == '\n')
      out += "%0A";
    else
      out += c;
  }
  return out;
}

std::string EscapeProperty(std::string_view s) {
  std::string out;
  for (char c : EscapeData(s)) {
    if (c == ':')
      out += "%3A";
    else if (c == ',')
      out += "%2C";
    else
      out += c;
  }
  return out;
}

}  // namespace

void RenderGithub(const Report& report, std::ostream& out) {
  for (const Finding& f : report.findings) {
    const char* level = f.severity == Severity::kError     ? "error"
                        : f.severity == Severity::kWarning ? "warning"
                                                           : "notice";
    std::vector<std::string> props;
    if (f.loc && !f.loc->path.empty()) {
      props.push_back("file=" + EscapeProperty(f.loc->path));
      if (f.loc->line) props.push_back(fmt::format("line={}", f.loc->line));
      if (f.loc->column) props.push_back(fmt::format("col={}", f.loc->column));
    }
    props.push_back("title=" + EscapeProperty(f.code + " " + f.rule));
    std::string message = f.message;
    for (const Related& r : f.related) {
      message += fmt::format("\n{}{}: {}", r.loc.path,
                             r.loc.line ? fmt::format(":{}", r.loc.line) : "", r.message);
    }
    if (!f.help.empty()) message += "\nhelp: " + f.help;
    out << "::" << level << " " << fmt::format("{}", fmt::join(props, ","))
        << "::" << EscapeData(message) << "\n";
  }
}

}  // namespace sse
