#include "cli/sources.hpp"

#include <fmt/format.h>

#include "core/lint/catalog.hpp"
#include "core/model/snapshot.hpp"
#include "core/util/json_text.hpp"
#include "core/util/strings.hpp"
#include "dialects/dialect.hpp"
#include "dialects/postgres/live.hpp"

namespace sse::cli {

namespace {

/// Replay problems of one migration's statements as findings, and its unmodelled statements
/// counted (a source that does not replay cleanly is worth knowing about; reporting every rule
/// is the lint command's business).
void NoteReplay(const SourceFile* file, const std::vector<model::ReplayedStatement>& statements,
                ResolvedSource& out) {
  for (const model::ReplayedStatement& st : statements) {
    if (st.kind == model::StatementKind::kUnmodeled) {
      if (out.unmodeled++ == 0 && file) {
        out.first_unmodeled = SourceLoc::At(*file, st.span.begin);
        out.first_unmodeled_reason = st.unmodeled_reason;
      }
    }
    for (const model::ReplayProblem& p : st.problems) {
      if (!p.Fails()) continue;  // a rule's finding: `schema lint` reports those
      Finding f = MakeFinding(p.code, p.message, std::nullopt, p.help);
      if (file) f.loc = SourceLoc::At(*file, p.offset.value_or(st.span.begin));
      out.findings.push_back(std::move(f));
    }
  }
}

Result<ResolvedSource> FromFolder(Context& ctx, const std::string& folder, const std::string& rev,
                                  const DatabaseOptions& db_options) {
  SSE_TRY(Loaded loaded, LoadForCommand(ctx, {folder}, /*replay=*/false));
  if (loaded.workspace.sets.empty()) {
    return Error(ErrorCode::kNotFound, fmt::format("{}: no migration set found", folder));
  }
  if (loaded.workspace.sets.size() > 1) {
    std::vector<std::string> roots;
    for (const SetAnalysis& a : loaded.workspace.sets) roots.push_back(a.set.root);
    return Error(ErrorCode::kInvalidArgument,
                 fmt::format("{} holds {} migration sets ({}); name one of them", folder,
                             loaded.workspace.sets.size(), Join(roots, ", ")));
  }
  const SetAnalysis& a = loaded.workspace.sets.front();
  int up_to = -1;
  if (!rev.empty()) {
    for (size_t i = 0; i < a.set.migrations.size(); ++i) {
      const Migration& m = a.set.migrations[i];
      if (m.id == rev || m.version == rev || m.path.ends_with("/" + rev))
        up_to = static_cast<int>(i);
    }
    if (up_to < 0) {
      return Error(ErrorCode::kNotFound,
                   fmt::format("{}: no migration '{}' in {}", folder, rev, a.set.root));
    }
  }
  return ReplaySet(a, rev.empty() ? std::nullopt : std::optional<int>(up_to),
                   rev.empty() ? "" : " at " + rev, db_options);
}

}  // namespace

Result<ResolvedSource> ReplaySet(const SetAnalysis& a, std::optional<int> last,
                                 const std::string& label, const DatabaseOptions& db_options) {
  if (!db_options.dev_url.empty() && a.set.dialect == "postgres") {
    // The executed replay: the migrations run for real on a scratch database.
    ResolvedSource out;
    MigrationSet none;
    none.tool = a.set.tool;
    none.dialect = a.set.dialect;
    SSE_TRY(const pg::LiveApi* pg_live, pg::LivePostgres());
    pg::InspectOptions io;
    io.connect_timeout_s = db_options.connect_timeout_s;
    SSE_TRY(out.catalog, pg_live->execute(last && *last < 0 ? none : a.set, last ? *last : -1,
                                          db_options.dev_url, io));
    out.description = fmt::format("{} ({}){}, executed on {}", a.set.root, ToolName(a.set.tool),
                                  label, pg_live->describe_target(db_options.dev_url));
    return out;
  }
  const Replayer* replayer = Dialects().ReplayerFor(a.set.dialect);
  if (!replayer) {
    return Error(
        ErrorCode::kUnsupported,
        fmt::format("{}: no static replay for dialect '{}' ({} migrations); pass --dialect",
                    a.set.root, a.set.dialect.empty() ? "unknown" : a.set.dialect,
                    ToolName(a.set.tool)));
  }
  ResolvedSource out;
  model::SetReplay replay;
  if (!last) {
    replay = a.replay ? *a.replay : replayer->Replay(a.set);
  } else if (*last < 0) {
    // Nothing applied yet: the expected schema is the dialect's empty one.
    MigrationSet none;
    none.tool = a.set.tool;
    none.dialect = a.set.dialect;
    replay = replayer->Replay(none);
  } else {
    replay = replayer->Replay(a.set, *last);
  }
  for (size_t i = 0; i < replay.migrations.size() && i < a.set.migrations.size(); ++i) {
    NoteReplay(a.set.migrations[i].file.get(), replay.migrations[i].statements, out);
  }
  out.catalog = std::move(replay.catalog);
  out.description = fmt::format("{} ({}){}", a.set.root, ToolName(a.set.tool), label);
  return out;
}

Result<ResolvedSource> ResolveSource(Context& ctx, const std::string& spec,
                                     const DatabaseOptions& db_options) {
  if (IsDatabaseSpec(spec)) {
    SSE_TRY(LiveDatabase live, OpenDatabase(ctx, spec, db_options));
    ResolvedSource out;
    out.catalog = std::move(live.catalog);
    out.description = live.description;
    return out;
  }
  std::string path = spec;
  std::string rev;
  fs::path abs = fs::path(path).is_absolute() ? fs::path(path) : ctx.env.cwd / path;
  std::error_code ec;
  if (!fs::exists(abs, ec)) {
    // DIR@REV: a folder replayed to a revision.
    size_t at = spec.rfind('@');
    if (at != std::string::npos && at > 0) {
      path = spec.substr(0, at);
      rev = spec.substr(at + 1);
      abs = fs::path(path).is_absolute() ? fs::path(path) : ctx.env.cwd / path;
    }
    if (!fs::exists(abs, ec))
      return Error(ErrorCode::kNotFound, fmt::format("{}: no such file or directory", spec));
  }
  if (fs::is_directory(abs, ec)) return FromFolder(ctx, path, rev, db_options);
  auto file = ReadSourceFile(abs, DisplayPath(ctx.env.cwd, abs));
  if (!file.ok()) return std::move(file).error();
  ResolvedSource out;
  out.description = (*file)->path();
  if (IEndsWith(path, ".json")) {
    SSE_TRY(out.catalog, model::ReadSnapshot(**file));
    return out;
  }
  if (IEndsWith(path, ".sql")) {
    std::string dialect = ctx.options.dialect.empty() ? "postgres" : ctx.options.dialect;
    const Replayer* replayer = Dialects().ReplayerFor(dialect);
    if (!replayer)
      return Error(ErrorCode::kUnsupported, fmt::format("no DDL reader for dialect '{}'", dialect));
    SSE_TRY(model::SetReplay replay, replayer->LoadDdl(**file));
    NoteReplay(file->get(), replay.migrations.front().statements, out);
    out.catalog = std::move(replay.catalog);
    return out;
  }
  return Error(ErrorCode::kInvalidArgument,
               fmt::format("{}: not a migration folder, a .json snapshot or a .sql file", spec));
}

void WarnFinding(Context& ctx, const Finding& f) {
  if (ctx.options.quiet) return;
  std::string where;
  if (f.loc && !f.loc->path.empty()) {
    where = f.loc->line ? fmt::format("{}:{}: ", f.loc->path, f.loc->line) : f.loc->path + ": ";
  }
  ctx.err << "schema: warning: " << where << f.code << " " << f.message << "\n";
}

void WarnSourceFindings(Context& ctx, const ResolvedSource& source) {
  for (const Finding& f : source.findings) WarnFinding(ctx, f);
}

BackgroundSource::BackgroundSource(Context& ctx, std::string spec, DatabaseOptions db_options)
    : ctx_(ctx), own_{ctx.env, out_, err_, ctx.options} {
  result_ = std::async(std::launch::async,
                       [this, spec = std::move(spec), db_options = std::move(db_options)] {
                         return ResolveSource(own_, spec, db_options);
                       });
}

BackgroundSource::~BackgroundSource() {
  if (result_.valid()) result_.wait();
}

Result<ResolvedSource> BackgroundSource::Get() {
  result_.wait();
  ctx_.out << out_.str();
  ctx_.err << err_.str();
  return result_.get();
}

std::optional<Finding> UnmodeledFinding(const ResolvedSource& source) {
  if (source.unmodeled == 0) return std::nullopt;
  std::string message = fmt::format(
      "{}: {} statement{} whose effect is not modelled ({}{}): the comparison does not cover what "
      "{} did",
      source.description, source.unmodeled, source.unmodeled == 1 ? "" : "s",
      source.first_unmodeled_reason, source.unmodeled == 1 ? "" : ", and others",
      source.unmodeled == 1 ? "it" : "they");
  return MakeFinding("SCH804", std::move(message), source.first_unmodeled,
                     "check these statements by hand, or run `schema lint` to list each (SCH404)");
}

}  // namespace sse::cli
