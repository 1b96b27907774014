// Text report: `path:line:col: severity[CODE] rule: message (docs/rules/CODE.md)`, then related
// locations and help, indented; a summary line at the end. Colour only when asked (a TTY
// without NO_COLOR).

#include <fmt/format.h>

#include <ostream>

#include "core/report/report.hpp"

namespace sse {

namespace {

std::string Where(const SourceLoc& loc) {
  if (loc.path.empty()) return {};
  if (!loc.line) return loc.path;
  if (!loc.column) return fmt::format("{}:{}", loc.path, loc.line);
  return fmt::format("{}:{}:{}", loc.path, loc.line, loc.column);
}

const char* SeverityColor(Severity s) {
  switch (s) {
    case Severity::kError:
      return "\033[1;31m";
    case Severity::kWarning:
      return "\033[1;33m";
    case Severity::kInfo:
      return "\033[1;36m";
  }
  return "";
}

std::string Plural(int n, const char* word) {
  return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s");
}

}  // namespace

void RenderText(const Report& report, const RenderOptions& options, std::ostream& out) {
  const char* bold = options.color ? "\033[1m" : "";
  const char* dim = options.color ? "\033[2m" : "";
  const char* reset = options.color ? "\033[0m" : "";
  if (options.verbose) {
    for (const SetSummary& s : report.sets) {
      out << fmt::format("{}{}{} {}{}: {} migrations, heads: {}\n", bold, s.tool, reset, s.path,
                         s.dialect.empty() ? "" : " (" + s.dialect + ")", s.migrations,
                         s.heads.empty() ? "none" : fmt::format("{}", fmt::join(s.heads, ", ")));
    }
  }
  out << report.text_body;
  for (const Finding& f : report.findings) {
    std::string where = f.loc ? Where(*f.loc) : std::string();
    out << bold << (where.empty() ? "" : where + ": ") << reset;
    out << (options.color ? SeverityColor(f.severity) : "") << SeverityName(f.severity) << "["
        << f.code << "]" << reset << " " << bold << f.rule << reset << ": " << f.message << " "
        << dim << "(docs/rules/" << f.code << ".md)" << reset << "\n";
    for (const Related& r : f.related) {
      std::string rw = Where(r.loc);
      out << "  " << (rw.empty() ? "" : rw + ": ") << "note: " << r.message << "\n";
    }
    if (!f.help.empty()) out << "  help: " << f.help << "\n";
  }
  if (options.quiet) return;
  Summary s = report.Totals();
  size_t migrations = 0;
  for (const SetSummary& set : report.sets) migrations += set.migrations;
  if (report.command == "lint") {
    out << fmt::format(
        "{}, {}: {}, {}, {}\n", Plural(static_cast<int>(report.sets.size()), "migration set"),
        Plural(static_cast<int>(migrations), "migration"), Plural(s.error, "error"),
        Plural(s.warning, "warning"), s.info == 0 ? "0 info" : fmt::format("{} info", s.info));
  } else if (!report.findings.empty()) {
    out << fmt::format("{}, {}, {} info\n", Plural(s.error, "error"), Plural(s.warning, "warning"),
                       s.info);
  }
}

}  // namespace sse
