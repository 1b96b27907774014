// schema drift --db URL [--expected SOURCE]: how a live database differs from what the
// migrations say it should be. The database is only read (cli/databases.hpp). The expected
// schema is --expected, else the migration set under `.` (for D1: the binding's migrations
// folder) replayed to the last migration the database's ledger records, else to its head.

#include <memory>
#include <optional>
#include <ostream>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/sources.hpp"
#include "core/diff/diff.hpp"
#include "core/lint/catalog.hpp"
#include "core/util/strings.hpp"
#include "core/util/timing.hpp"

namespace sse::cli {

namespace {

bool Compatible(std::string_view set_dialect, std::string_view db_dialect) {
  auto lite = [](std::string_view d) { return d == "sqlite" || d == "d1"; };
  return set_dialect == db_dialect || (lite(set_dialect) && lite(db_dialect));
}

/// The expected side when --expected is not given.
Result<ResolvedSource> ExpectedFromMigrations(Context& ctx, const LiveDatabase& live,
                                              const DatabaseOptions& db_options) {
  std::string folder = ".";
  if (live.migrations_dir) folder = DisplayPath(ctx.env.cwd, *live.migrations_dir);
  SSE_TRY(Loaded loaded, LoadForCommand(ctx, {folder}, /*replay=*/false));
  std::vector<const SetAnalysis*> candidates;
  for (const SetAnalysis& a : loaded.workspace.sets) {
    if (Compatible(a.set.dialect, live.dialect)) candidates.push_back(&a);
  }
  if (candidates.empty()) {
    return Error(
        ErrorCode::kNotFound,
        fmt::format("no {} migration set under {} to compare {} with; pass --expected SOURCE",
                    live.dialect, folder, live.description));
  }
  if (candidates.size() > 1) {
    std::vector<std::string> roots;
    for (const SetAnalysis* a : candidates) roots.push_back(a->set.root);
    return Error(ErrorCode::kInvalidArgument,
                 fmt::format("{} holds {} {} migration sets ({}); pass --expected DIR", folder,
                             candidates.size(), live.dialect, Join(roots, ", ")));
  }
  const SetAnalysis& a = *candidates.front();
  // Replay to what the ledger records as applied; the set's own tool decides how to read it.
  for (const Ledger& ledger : live.ledgers) {
    std::optional<int> last = LastApplied(a.set, ledger);
    if (!last) continue;
    // Rows the ledger holds as failed (golang-migrate's dirty flag, Prisma's unfinished or rolled
    // back rows, Flyway's success = false): the expected schema stops before them.
    std::vector<std::string> failed;
    for (const LedgerRow& row : ledger.rows) {
      if (!row.success) failed.push_back(row.id);
    }
    std::string failures = failed.empty()
                               ? std::string()
                               : fmt::format("; it records {} as failed", Join(failed, ", "));
    std::string label =
        *last >= 0 ? fmt::format(" up to {} (as recorded in {}{})", a.set.migrations[*last].id,
                                 ledger.table, failures)
        : ledger.rows.empty()
            ? fmt::format(" with nothing applied ({} is empty)", ledger.table)
            : fmt::format(" with nothing applied (as recorded in {}{})", ledger.table, failures);
    SSE_TRY(ResolvedSource out, ReplaySet(a, last, label, db_options));
    KeepUntilExit(ctx, std::move(loaded.workspace));
    return out;
  }
  SSE_TRY(ResolvedSource out,
          ReplaySet(a, std::nullopt, " at its head (no history table found)", db_options));
  KeepUntilExit(ctx, std::move(loaded.workspace));
  return out;
}

}  // namespace

void AddDatabaseOptions(CLI::App* cmd, DatabaseOptions& options) {
  cmd->add_option("--env", options.env, "wrangler environment for d1:BINDING sources");
  cmd->add_option("--connect-timeout", options.connect_timeout_s,
                  "seconds to wait for a database connection")
      ->check(CLI::Range(1, 3600));
  cmd->add_option("--dev-url", options.dev_url,
                  "PostgreSQL development server: run migration folders there for real, on a "
                  "scratch database the tool creates and drops (never production)");
}

Handler AddDriftCommand(CLI::App& app, CommonOptions& options) {
  auto db = std::make_shared<std::string>();
  auto expected = std::make_shared<std::string>();
  auto db_options = std::make_shared<DatabaseOptions>();
  CLI::App* cmd =
      app.add_subcommand("drift", "Compare a live database (read-only) with the expected schema");
  cmd->add_option(
         "--db", *db,
         "Database: sqlite:PATH, FILE.db, d1:BINDING[?remote], postgres://... (only ever read)")
      ->required();
  cmd->add_option("--expected", *expected,
                  "Expected schema: migration folder (DIR or DIR@REV), .json snapshot or .sql file "
                  "(default: the "
                  "migrations under . replayed to what the database records as applied)");
  AddDatabaseOptions(cmd, *db_options);
  AddCommonOptions(cmd, options, {"text", "json", "sarif", "github", "markdown"});
  return [db, expected, db_options](Context& ctx) -> int {
    if (!IsDatabaseSpec(*db)) {
      return ReportError(
          ctx, Error(ErrorCode::kInvalidArgument,
                     fmt::format("--db {}: not a database (sqlite:PATH, FILE.db, d1:BINDING, "
                                 "postgres://...)",
                                 *db)));
    }
    // --expected does not depend on the database: it is read on a second thread meanwhile.
    std::optional<BackgroundSource> given;
    if (!expected->empty()) given.emplace(ctx, *expected, *db_options);
    std::optional<PhaseTimer> timer(std::in_place, "inspect");
    auto live = OpenDatabase(ctx, *db, *db_options);
    if (!live.ok()) return ReportError(ctx, live.error());
    timer.emplace("expected");
    auto want = given ? given->Get() : ExpectedFromMigrations(ctx, *live, *db_options);
    if (!want.ok()) return ReportError(ctx, want.error());
    WarnSourceFindings(ctx, *want);
    timer.emplace("compare");
    std::vector<diff::Difference> diffs =
        CompareCatalogs(ctx, std::move(want->catalog), std::move(live->catalog));
    timer.reset();
    Report report = DifferenceReport("drift", *want, live->description, diffs);
    report.text_body =
        diffs.empty()
            ? fmt::format("no drift: {} matches {}\n", live->description, want->description)
            : fmt::format("drift: {} differs from {} ({} difference{})\n", live->description,
                          want->description, diffs.size(), diffs.size() == 1 ? "" : "s");
    return EmitDifferenceReport(ctx, report);
  };
}

}  // namespace sse::cli
