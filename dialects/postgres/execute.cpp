#include "dialects/postgres/execute.hpp"

#include <unistd.h>

#include <libpq-fe.h>
#include <atomic>
#include <cstdlib>
#include <memory>

#include <optional>
#include <pqxx/pqxx>

#include <fmt/format.h>

#include "core/history/ledger.hpp"
#include "dialects/postgres/postgres.hpp"

namespace sse::pg {

namespace {

std::string QuoteIdent(const std::string& name) { return "\"" + name + "\""; }

/// Drops the scratch database when the run ends, whatever happened.
class ScratchDatabase {
 public:
  ScratchDatabase(std::string admin, std::string name)
      : admin_(std::move(admin)), name_(std::move(name)) {}
  ~ScratchDatabase() {
    if (!created_) return;
    try {
      pqxx::connection c(admin_);
      pqxx::nontransaction w(c);
      w.exec(fmt::format("DROP DATABASE IF EXISTS {} WITH (FORCE)", QuoteIdent(name_)));
    } catch (const std::exception&) {
      // Best effort: a database left behind is named schema_dev_* and can be dropped by hand.
    }
  }
  ScratchDatabase(const ScratchDatabase&) = delete;
  ScratchDatabase& operator=(const ScratchDatabase&) = delete;
  void Create() {
    pqxx::connection c(admin_);
    pqxx::nontransaction w(c);
    w.exec(fmt::format("CREATE DATABASE {}", QuoteIdent(name_)));
    created_ = true;
  }

 private:
  std::string admin_;
  std::string name_;
  bool created_ = false;
};

std::string_view SpanText(const Migration& m, Span s) {
  return m.file->text().substr(s.begin, s.end - s.begin);
}

/// A libpq connection (the executed replay needs the error's position in the text sent, which
/// libpqxx does not expose).
struct Conn {
  PGconn* c = nullptr;
  ~Conn() {
    if (c) PQfinish(c);
  }
};

/// Why a query failed: the server's primary message and the byte offset in the file.
struct Failure {
  std::string message;
  size_t offset = 0;
  bool positioned = false;  ///< the server said where (PG_DIAG_STATEMENT_POSITION)
};

/// Sends text[span) as one simple query; on failure, where and why.
std::optional<Failure> Send(PGconn* conn, const Migration& m, Span span) {
  std::string sql(SpanText(m, span));
  PGresult* r = PQexec(conn, sql.c_str());
  ExecStatusType st = PQresultStatus(r);
  if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK || st == PGRES_EMPTY_QUERY) {
    PQclear(r);
    return std::nullopt;
  }
  Failure f;
  const char* primary = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
  f.message = primary ? primary : PQerrorMessage(conn);
  while (!f.message.empty() && f.message.back() == '\n') f.message.pop_back();
  f.offset = span.begin;
  // PG_DIAG_STATEMENT_POSITION: 1-based, in characters of the text sent (UTF-8 aware).
  if (const char* pos = r ? PQresultErrorField(r, PG_DIAG_STATEMENT_POSITION) : nullptr) {
    long chars = std::atol(pos);
    size_t b = 0;
    for (long seen = 1; b < sql.size() && seen < chars; ++b) {
      if ((static_cast<unsigned char>(sql[b + 1 < sql.size() ? b + 1 : b]) & 0xC0) != 0x80) ++seen;
    }
    f.offset = span.begin + std::min(b, sql.size());
    f.positioned = true;
  }
  PQclear(r);
  return f;
}

/// Runs one migration as its tool sends it (see execute.hpp).
std::optional<Failure> Apply(PGconn* conn, const Migration& m) {
  std::vector<Span> statements = m.statements.empty() ? std::vector<Span>{m.body} : m.statements;
  auto plain = [&](const char* sql) { PQclear(PQexec(conn, sql)); };
  switch (m.tx) {
    case TxShape::kImplicitMulti:
      for (const Span& c : m.chunks.empty() ? std::vector<Span>{m.body} : m.chunks) {
        auto f = Send(conn, m, c);
        if (!f) continue;
        if (!f->positioned) {
          // The query rolled back as a whole; to name the statement that failed, run the
          // chunk's statements again one by one in a transaction that is rolled back.
          plain("BEGIN");
          for (const Span& st : statements) {
            if (st.begin < c.begin || st.end > c.end) continue;
            if (auto g = Send(conn, m, st)) {
              if (g->message == f->message) f->offset = g->offset;
              break;
            }
          }
          plain("ROLLBACK");
        }
        return f;
      }
      return std::nullopt;
    case TxShape::kPerMigration:
    case TxShape::kWholeRun:
    case TxShape::kAtomicBatch:
      plain("BEGIN");
      for (const Span& s : statements) {
        if (auto f = Send(conn, m, s)) {
          plain("ROLLBACK");
          return f;
        }
      }
      plain("COMMIT");
      return std::nullopt;
    default:
      for (const Span& s : statements) {
        if (auto f = Send(conn, m, s)) return f;
      }
      return std::nullopt;
  }
}

}  // namespace

Result<model::Catalog> ExecuteOnDevServer(const MigrationSet& set, int up_to,
                                          const std::string& dev_url,
                                          const InspectOptions& options) {
  static std::atomic<int> counter{0};
  std::string name = fmt::format("schema_dev_{}_{}", ::getpid(), counter++);
  SSE_TRY(std::string admin, ConnectionString(dev_url, "", options.connect_timeout_s));
  SSE_TRY(std::string target, ConnectionString(dev_url, name, options.connect_timeout_s));
  std::string where = DescribeConnectionTarget(dev_url);
  ScratchDatabase scratch(admin, name);
  try {
    scratch.Create();
  } catch (const pqxx::broken_connection& e) {
    return Error(ErrorCode::kConnection,
                 fmt::format("cannot connect to the development server at {}: {}", where,
                             ScrubPassword(e.what(), dev_url)));
  } catch (const std::exception& e) {
    return Error(ErrorCode::kQuery, fmt::format("cannot create the scratch database {} on {}: {}",
                                                name, where, ScrubPassword(e.what(), dev_url)));
  }
  size_t n = set.migrations.size();
  if (up_to >= 0) n = std::min(n, static_cast<size_t>(up_to) + 1);
  auto connect = [&]() -> Result<std::unique_ptr<Conn>> {
    auto c = std::make_unique<Conn>();
    c->c = PQconnectdb(target.c_str());
    if (PQstatus(c->c) != CONNECTION_OK) {
      return Error(ErrorCode::kConnection,
                   fmt::format("cannot connect to the scratch database on {}: {}", where,
                               ScrubPassword(PQerrorMessage(c->c), dev_url)));
    }
    PQsetNoticeProcessor(
        c->c, [](void*, const char*) {}, nullptr);  // WARNINGs are not errors
    return c;
  };
  if (std::string_view ddl = LedgerDdl(set.tool); !ddl.empty()) {
    SSE_TRY(std::unique_ptr<Conn> conn, connect());
    PGresult* r = PQexec(conn->c, std::string(ddl).c_str());
    bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
    PQclear(r);
    if (!ok) {
      return Error(ErrorCode::kQuery,
                   fmt::format("creating the {} ledger on {} failed: {}", ToolName(set.tool), where,
                               PQerrorMessage(conn->c)));
    }
  }
  for (size_t i = 0; i < n; ++i) {
    const Migration& m = set.migrations[i];
    if (!m.file || m.load_failed) {
      return Error(ErrorCode::kIo, fmt::format("{} could not be read", m.path));
    }
    // A session per migration, as the static replay assumes (search_path starts afresh).
    SSE_TRY(std::unique_ptr<Conn> conn, connect());
    if (auto f = Apply(conn->c, m)) {
      return Error(ErrorCode::kQuery,
                   fmt::format("PostgreSQL rejects the migration on the development server: {}",
                               ScrubPassword(f->message, dev_url)),
                   SourceLoc::At(*m.file, f->offset));
    }
  }
  SSE_TRY(model::Catalog catalog, InspectPostgres(target, options));
  // The tool's own ledger, as the static replay leaves it out (a user table that happens to
  // carry another tool's ledger name, like harbor's alembic_version, stays).
  for (const LedgerTable& l : DefaultLedgerTables()) {
    if (l.tool == set.tool) catalog.EraseTable({"public", l.table});
  }
  return catalog;
}

}  // namespace sse::pg
