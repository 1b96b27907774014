#include "dialects/postgres/postgres.hpp"

#include <fmt/format.h>

#include "dialects/postgres/replay.hpp"

namespace sse::pg {

model::Catalog NewCatalog() {
  model::Catalog c;
  c.dialect = "postgres";
  c.schemas["public"] = model::Schema{"public", std::nullopt};
  return c;
}

namespace {

/// Replays the statements of text[range) into `catalog`, appending to `out`.
void ReplayText(std::string_view text, Span range, model::Catalog& catalog, Session& session,
                std::set<model::QualifiedName>& created_here, std::vector<model::ReplayedStatement>& out) {
  ParsedText parsed = ParseStatements(text, range);
  for (const Statement& st : parsed.statements) {
    model::ReplayedStatement rs;
    rs.span = st.span;
    if (!st.node) {
      rs.kind = model::StatementKind::kError;
      rs.tag = "statement";
      rs.problems.push_back({"SCH403", fmt::format("syntax error: {}", st.error),
                             "fix the statement; PostgreSQL rejects the whole migration", st.error_offset});
    } else {
      ReplayContext ctx(catalog, session, created_here, rs);
      ReplayStatement(ctx, st.node);
    }
    out.push_back(std::move(rs));
  }
}

}  // namespace

model::SetReplay PostgresReplayer::Replay(const MigrationSet& set, int up_to) const {
  model::SetReplay replay;
  replay.catalog = NewCatalog();
  Session session;
  size_t n = set.migrations.size();
  if (up_to >= 0) n = std::min(n, static_cast<size_t>(up_to) + 1);
  replay.migrations.resize(set.migrations.size());
  for (size_t i = 0; i < n; ++i) {
    const Migration& m = set.migrations[i];
    if (!m.file || m.load_failed) continue;
    std::set<model::QualifiedName> created_here;
    // Each migration starts a new session (tools open a connection or reset it per file).
    session = Session{};
    std::vector<Span> chunks = m.chunks.empty() ? std::vector<Span>{m.body} : m.chunks;
    for (const Span& chunk : chunks) {
      ReplayText(m.file->text(), chunk, replay.catalog, session, created_here, replay.migrations[i].statements);
    }
  }
  return replay;
}

Result<model::SetReplay> PostgresReplayer::LoadDdl(const SourceFile& file) const {
  model::SetReplay replay;
  replay.catalog = NewCatalog();
  Session session;
  std::set<model::QualifiedName> created_here;
  std::vector<model::ReplayedStatement>& statements = replay.migrations.emplace_back().statements;
  ReplayText(file.text(), {0, static_cast<uint32_t>(file.text().size())}, replay.catalog, session, created_here,
             statements);
  for (const model::ReplayedStatement& st : statements) {
    for (const model::ReplayProblem& p : st.problems) {
      if (p.code == "SCH403") {
        return Error(ErrorCode::kParse, p.message, SourceLoc::At(file, p.offset.value_or(st.span.begin)));
      }
    }
  }
  return replay;
}

}  // namespace sse::pg
