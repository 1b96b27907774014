// schema diff FROM TO: compares two sources. FROM is what is expected, TO what is found:
// objects only in FROM are SCH801 (missing), only in TO SCH802 (unexpected), different SCH803.

#include <memory>
#include <ostream>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/sources.hpp"
#include "core/diff/diff.hpp"
#include "core/history/ledger.hpp"
#include "core/lint/catalog.hpp"
#include "dialects/postgres/normalize.hpp"

namespace sse::cli {

namespace {

/// Both sides leave the tools' history tables out: a live database's ledger is not schema, and
/// which tool wrote it is not known before the comparison (a migration set that creates a table
/// named like another tool's ledger, as harbor's alembic_version, is then not compared on it).
model::Catalog ComparisonForm(model::Catalog c) {
  EraseLedgerTables(c);
  if (c.dialect == "postgres") return pg::NormalizeForCompare(std::move(c));
  return c;  // SQLite / D1 catalogs are read back from SQLite itself: already one form
}

}  // namespace

std::vector<diff::Difference> CompareCatalogs(const Context& ctx, model::Catalog expected,
                                              model::Catalog actual) {
  diff::CompareOptions co;
  co.exclude = ctx.options.exclude;
  expected = ComparisonForm(std::move(expected));
  actual = ComparisonForm(std::move(actual));
  std::vector<diff::Difference> out = diff::Compare(expected, actual, co);
  KeepUntilExit(ctx, std::move(expected));
  KeepUntilExit(ctx, std::move(actual));
  return out;
}

int EmitDifferenceReport(Context& ctx, const Report& report) {
  CommonOptions saved = ctx.options;
  ctx.options.fail_on = "error";
  int rc = EmitReport(ctx, report, std::nullopt);
  ctx.options = saved;
  return rc;
}

Report DifferenceReport(std::string command, const ResolvedSource& expected,
                        const std::string& actual, const std::vector<diff::Difference>& diffs,
                        const ResolvedSource* actual_source) {
  Report report;
  report.command = command;
  nlohmann::ordered_json d;
  d[command == "drift" ? "database" : "to"] = actual;
  d[command == "drift" ? "expected" : "from"] = expected.description;
  nlohmann::ordered_json changes = nlohmann::ordered_json::array();
  for (const diff::Difference& x : diffs) changes.push_back(diff::DifferenceJson(x));
  d["changes"] = std::move(changes);
  report.extra["drift"] = std::move(d);  // CONTRACT.md: the structured differences
  for (const diff::Difference& x : diffs) {
    const char* code = x.kind == diff::DifferenceKind::kMissing      ? "SCH801"
                       : x.kind == diff::DifferenceKind::kUnexpected ? "SCH802"
                                                                     : "SCH803";
    const char* help =
        x.kind == diff::DifferenceKind::kMissing
            ? "apply or write the migration that creates it, or --exclude it"
        : x.kind == diff::DifferenceKind::kUnexpected
            ? "drop it, or write the migration that creates it, or --exclude it"
            : "write the migration that brings the two definitions together, or --exclude it";
    report.findings.push_back(MakeFinding(code, x.Describe(), std::nullopt, help));
  }
  for (const ResolvedSource* s : {&expected, actual_source}) {
    if (!s) continue;
    if (auto f = UnmodeledFinding(*s)) report.findings.push_back(std::move(*f));
  }
  return report;
}

Handler AddDiffCommand(CLI::App& app, CommonOptions& options) {
  auto from = std::make_shared<std::string>();
  auto to = std::make_shared<std::string>();
  auto db_options = std::make_shared<DatabaseOptions>();
  CLI::App* cmd =
      app.add_subcommand("diff", "Compare two sources (FROM is expected, TO is compared with it)");
  cmd->add_option(
         "from", *from,
         "Expected: migration folder (DIR or DIR@REV), .json snapshot, .sql file or database")
      ->required();
  cmd->add_option("to", *to, "Compared: migration folder, .json snapshot, .sql file or database")
      ->required();
  AddDatabaseOptions(cmd, *db_options);
  AddCommonOptions(cmd, options, {"text", "json", "sarif", "github", "markdown"});
  return [from, to, db_options](Context& ctx) -> int {
    BackgroundSource to_source(ctx, *to, *db_options);  // TO on a second thread
    auto a = ResolveSource(ctx, *from, *db_options);
    if (!a.ok()) return ReportError(ctx, a.error());
    auto b = to_source.Get();
    if (!b.ok()) return ReportError(ctx, b.error());
    WarnSourceFindings(ctx, *a);
    WarnSourceFindings(ctx, *b);
    std::vector<diff::Difference> diffs =
        CompareCatalogs(ctx, std::move(a->catalog), std::move(b->catalog));
    Report report = DifferenceReport("diff", *a, b->description, diffs, &*b);
    report.text_body =
        diffs.empty()
            ? fmt::format("{} and {} are the same schema\n", a->description, b->description)
            : fmt::format("{} differs from {} ({} difference{})\n", b->description, a->description,
                          diffs.size(), diffs.size() == 1 ? "" : "s");
    return EmitDifferenceReport(ctx, report);
  };
}

}  // namespace sse::cli
