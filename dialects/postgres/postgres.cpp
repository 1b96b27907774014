#include "dialects/postgres/postgres.hpp"

#include <fmt/format.h>

#include <atomic>
#include <set>
#include <string_view>
#include <thread>

#include "dialects/postgres/replay.hpp"

namespace sse::pg {

model::Catalog NewCatalog() {
  model::Catalog c;
  c.dialect = "postgres";
  c.schemas["public"] = model::Schema{"public", std::nullopt};
  return c;
}

namespace {

/// Replays parsed statements into `catalog`, appending to `out`, which keeps their trees.
void ReplayParsed(ParsedText&& parsed, model::Catalog& catalog, Session& session,
                  std::set<model::QualifiedName>& created_here, model::ReplayedMigration& out) {
  for (const Statement& st : parsed.statements) {
    model::ReplayedStatement rs;
    rs.span = st.span;
    rs.tree = st.node;
    if (!st.node) {
      rs.kind = model::StatementKind::kError;
      rs.tag = "statement";
      rs.problems.push_back({"SCH403", fmt::format("syntax error: {}", st.error),
                             "fix the statement; PostgreSQL rejects the whole migration",
                             st.error_offset});
    } else {
      ReplayContext ctx(catalog, session, created_here, rs);
      ReplayStatement(ctx, st.node);
    }
    out.statements.push_back(std::move(rs));
  }
  for (std::shared_ptr<ParseResult>& owner : parsed.owners) out.trees.push_back(std::move(owner));
}

/// Replays the statements of text[range) into `catalog`, appending to `out`.
void ReplayText(std::string_view text, Span range, model::Catalog& catalog, Session& session,
                std::set<model::QualifiedName>& created_here, model::ReplayedMigration& out) {
  ReplayParsed(ParseStatements(text, range), catalog, session, created_here, out);
}

/// Parses the migrations of a set ahead of the replay, on a thread of its own: parsing (in
/// libpg_query, with its protobuf round trip) is more than half of the work and needs no state,
/// so the replay of migration i overlaps the parsing of the ones after it. The parser thread
/// claims migrations from the front; when the replay waits for one, it claims and parses the
/// last unclaimed one instead of idling (work stealing from the back), so both cores parse and
/// the parser never waits for the replay.
class ParseAhead {
 public:
  ParseAhead(const MigrationSet& set, size_t n)
      : set_(set), parsed_(n), claimed_(n), ready_(n), back_(n) {
    if (n >= kMinMigrations) worker_ = std::thread([this] { Run(); });
  }
  ~ParseAhead() {
    stop_.store(true);
    if (worker_.joinable()) worker_.join();
  }
  ParseAhead(const ParseAhead&) = delete;
  ParseAhead& operator=(const ParseAhead&) = delete;

  /// The parsed chunks of migration i (called for i = 0, 1, ... in order).
  std::vector<ParsedText>& Get(size_t i) {
    if (!worker_.joinable()) {
      Claim(i);
      return parsed_[i];
    }
    while (!ready_[i].load(std::memory_order_acquire)) {
      while (back_ > i && claimed_[back_ - 1].load(std::memory_order_relaxed)) --back_;
      if (back_ > i && Claim(back_ - 1)) continue;
      ready_[i].wait(false, std::memory_order_acquire);
    }
    return parsed_[i];
  }

 private:
  static constexpr size_t kMinMigrations = 32;

  /// Parses migration i unless someone claimed it first.
  bool Claim(size_t i) {
    if (claimed_[i].exchange(true, std::memory_order_acq_rel)) return false;
    parsed_[i] = Parse(i);
    ready_[i].store(true, std::memory_order_release);
    ready_[i].notify_one();
    return true;
  }
  std::vector<ParsedText> Parse(size_t i) const {
    std::vector<ParsedText> out;
    const Migration& m = set_.migrations[i];
    if (!m.file || m.load_failed) return out;
    for (const Span& chunk : m.chunks.empty() ? std::vector<Span>{m.body} : m.chunks)
      out.push_back(ParseStatements(m.file->text(), chunk));
    return out;
  }
  /// From the front until it meets what the replay claimed from the back.
  void Run() {
    for (size_t i = 0; i < parsed_.size() && !stop_.load(std::memory_order_relaxed); ++i) {
      if (!Claim(i)) return;
    }
  }

  const MigrationSet& set_;
  std::vector<std::vector<ParsedText>> parsed_;
  std::vector<std::atomic<bool>> claimed_;
  std::vector<std::atomic<bool>> ready_;
  size_t back_;  ///< the replay's steal cursor: everything at or after it is claimed
  std::atomic<bool> stop_{false};
  std::thread worker_;
};

}  // namespace

// Migrations may use the ledger table (harbor's 0030 adds `schema_migrations.data_version`), so
// the replay starts with it; it is taken out of the final catalog: the migrations do not own it,
// and comparisons leave it out.
std::string_view LedgerDdl(Tool tool) {
  switch (tool) {
    case Tool::kGolangMigrate:
      return "CREATE TABLE schema_migrations (version bigint NOT NULL PRIMARY KEY, dirty boolean "
             "NOT NULL)";
    case Tool::kDbmate:
      return "CREATE TABLE schema_migrations (version varchar(128) PRIMARY KEY)";
    case Tool::kFlyway:
      return R"(CREATE TABLE "flyway_schema_history" ("installed_rank" INT NOT NULL PRIMARY KEY,
 "version" VARCHAR(50), "description" VARCHAR(200) NOT NULL, "type" VARCHAR(20) NOT NULL,
 "script" VARCHAR(1000) NOT NULL, "checksum" INTEGER, "installed_by" VARCHAR(100) NOT NULL,
 "installed_on" TIMESTAMP NOT NULL DEFAULT now(), "execution_time" INTEGER NOT NULL,
 "success" BOOLEAN NOT NULL);
CREATE INDEX "flyway_schema_history_s_idx" ON "flyway_schema_history" ("success"))";
    case Tool::kPrisma:
      return "CREATE TABLE _prisma_migrations (id VARCHAR(36) PRIMARY KEY NOT NULL, checksum "
             "VARCHAR(64) NOT NULL, finished_at TIMESTAMPTZ, migration_name VARCHAR(255) NOT NULL, "
             "logs TEXT, rolled_back_at TIMESTAMPTZ, started_at TIMESTAMPTZ NOT NULL DEFAULT "
             "now(), applied_steps_count INTEGER NOT NULL DEFAULT 0)";
    case Tool::kAlembic:
      return "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, CONSTRAINT "
             "alembic_version_pkc PRIMARY KEY (version_num))";
    default:
      return {};
  }
}

model::SetReplay PostgresReplayer::Replay(const MigrationSet& set, int up_to) const {
  model::SetReplay replay;
  replay.catalog = NewCatalog();
  Session session;
  size_t n = set.migrations.size();
  if (up_to >= 0) n = std::min(n, static_cast<size_t>(up_to) + 1);
  replay.migrations.resize(set.migrations.size());
  std::set<model::QualifiedName> ledger;
  if (std::string_view ddl = LedgerDdl(set.tool); !ddl.empty()) {
    std::set<model::QualifiedName> created;
    model::ReplayedMigration ignored;
    ReplayText(ddl, {0, static_cast<uint32_t>(ddl.size())}, replay.catalog, session, created,
               ignored);
    for (const auto& [name, table] : replay.catalog.tables) ledger.insert(name);
  }
  ParseAhead ahead(set, n);
  for (size_t i = 0; i < n; ++i) {
    const Migration& m = set.migrations[i];
    std::vector<ParsedText>& chunks = ahead.Get(i);
    if (!m.file || m.load_failed) continue;
    std::set<model::QualifiedName> created_here;
    // Each migration starts a new session (tools open a connection or reset it per file).
    session = Session{};
    for (ParsedText& parsed : chunks) {
      ReplayParsed(std::move(parsed), replay.catalog, session, created_here, replay.migrations[i]);
    }
    chunks.clear();
  }
  for (const model::QualifiedName& name : ledger) replay.catalog.EraseTable(name);
  return replay;
}

Result<model::SetReplay> PostgresReplayer::LoadDdl(const SourceFile& file) const {
  model::SetReplay replay;
  replay.catalog = NewCatalog();
  Session session;
  std::set<model::QualifiedName> created_here;
  model::ReplayedMigration& migration = replay.migrations.emplace_back();
  ReplayText(file.text(), {0, static_cast<uint32_t>(file.text().size())}, replay.catalog, session,
             created_here, migration);
  const std::vector<model::ReplayedStatement>& statements = migration.statements;
  for (const model::ReplayedStatement& st : statements) {
    for (const model::ReplayProblem& p : st.problems) {
      if (p.code == "SCH403") {
        return Error(ErrorCode::kParse, p.message,
                     SourceLoc::At(file, p.offset.value_or(st.span.begin)));
      }
    }
  }
  return replay;
}

}  // namespace sse::pg
