#include "core/lint/rules/sch40x_statements.hpp"

#include <algorithm>
#include <cctype>
#include <optional>

#include <fmt/format.h>

#include "core/util/strings.hpp"

namespace sse::rules {

using model::StatementKind;

void ForEachStatement(const LintContext& ctx, const std::function<void(const StatementRef&)>& fn) {
  for (const SetAnalysis& a : *ctx.sets) {
    if (!a.replay) continue;
    size_t n = std::min(a.set.migrations.size(), a.replay->migrations.size());
    for (size_t i = 0; i < n; ++i) {
      const Migration& m = a.set.migrations[i];
      if (!m.file || m.load_failed) continue;
      const auto& stmts = a.replay->migrations[i].statements;
      for (size_t k = 0; k < stmts.size(); ++k) fn({&a, i, k, &m, &stmts[k]});
    }
  }
}

void ForEachChange(const LintContext& ctx,
                   const std::function<void(const StatementRef&, const model::Change&)>& fn) {
  ForEachStatement(ctx, [&](const StatementRef& r) {
    if (HasProblem(*r.st)) return;
    for (const model::Change& c : r.st->changes) fn(r, c);
  });
}

SourceLoc StatementLoc(const Migration& m, const model::ReplayedStatement& st) {
  if (!m.file) return SourceLoc::File(m.path);
  size_t size = m.file->text().size();
  size_t begin = std::min<size_t>(st.span.begin, size);
  size_t end = std::min<size_t>(std::max(st.span.end, st.span.begin), size);
  return SourceLoc::Span(*m.file, begin, end);
}

SourceLoc OffsetLoc(const Migration& m, uint32_t offset) {
  if (!m.file) return SourceLoc::File(m.path);
  return SourceLoc::At(*m.file, std::min<size_t>(offset, m.file->text().size()));
}

bool HasProblem(const model::ReplayedStatement& st) {
  return std::ranges::any_of(st.problems, [](const model::ReplayProblem& p) { return p.Fails(); });
}

std::string DisplayName(const model::QualifiedName& name) {
  if (name.schema.empty() || name.schema == "public") return name.name;
  return name.schema + "." + name.name;
}

std::string QuotedName(const model::QualifiedName& name) { return Quote(DisplayName(name)); }

std::string PgQuoted(std::string_view name) { return fmt::format("\"{}\"", name); }

bool IsSqlite(const SetAnalysis& a) { return a.set.dialect == "sqlite" || a.set.dialect == "d1"; }

std::string NoSuchColumn(const SetAnalysis& a, std::string_view column) {
  return IsSqlite(a) ? fmt::format("no such column: {}", column)
                     : fmt::format("column {} does not exist", PgQuoted(column));
}

std::string NoSuchTable(const SetAnalysis& a, std::string_view table) {
  return IsSqlite(a) ? fmt::format("no such table: {}", table)
                     : fmt::format("relation {} does not exist", PgQuoted(table));
}

std::string_view StatementText(const Migration& m, const model::ReplayedStatement& st) {
  if (!m.file) return {};
  std::string_view text = m.file->text();
  if (st.span.begin >= text.size() || st.span.end <= st.span.begin) return {};
  return text.substr(st.span.begin, std::min<size_t>(st.span.end, text.size()) - st.span.begin);
}

std::string StatementHead(const Migration& m, const model::ReplayedStatement& st, size_t max) {
  std::string_view text = StatementText(m, st);
  text = Trim(text.substr(0, text.find('\n')));
  if (text.size() > max) return std::string(text.substr(0, max - 3)) + "...";
  return std::string(text);
}

namespace {

/// The upper-cased words at the start of a statement (comments skipped), at most `n`.
std::vector<std::string> LeadingWords(std::string_view s, size_t n) {
  std::vector<std::string> words;
  size_t i = 0;
  while (i < s.size() && words.size() < n) {
    char c = s[i];
    if (std::isspace(static_cast<unsigned char>(c))) {
      ++i;
    } else if (c == '-' && i + 1 < s.size() && s[i + 1] == '-') {
      size_t nl = s.find('\n', i);
      i = nl == std::string_view::npos ? s.size() : nl + 1;
    } else if (c == '/' && i + 1 < s.size() && s[i + 1] == '*') {
      size_t close = s.find("*/", i + 2);
      i = close == std::string_view::npos ? s.size() : close + 2;
    } else if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
      std::string w;
      while (i < s.size() && (std::isalnum(static_cast<unsigned char>(s[i])) || s[i] == '_')) {
        w += static_cast<char>(std::toupper(static_cast<unsigned char>(s[i])));
        ++i;
      }
      words.push_back(std::move(w));
    } else {
      break;
    }
  }
  return words;
}

size_t ChunkOf(const std::vector<Span>& chunks, const Span& span) {
  for (size_t c = 0; c < chunks.size(); ++c) {
    if (span.begin >= chunks[c].begin && span.begin < chunks[c].end) return c;
  }
  return chunks.empty() ? 0 : chunks.size() - 1;
}

enum class Mode {
  kWrappedChunk,      ///< each chunk in one transaction
  kWrappedMigration,  ///< the whole migration in one transaction
  kWrappedRun,        ///< every migration of the run in one transaction
  kSimpleQuery,       ///< each chunk is one simple query (implicit block when > 1 statement)
  kAutocommit,        ///< statements one by one, no transaction
};

Mode ModeOf(const MigrationSet& set, const Migration& m) {
  switch (m.tx) {
    case TxShape::kPerMigration:
      return Mode::kWrappedChunk;
    case TxShape::kAtomicBatch:
      return Mode::kWrappedMigration;
    case TxShape::kWholeRun:
      return Mode::kWrappedRun;
    case TxShape::kImplicitMulti:
      return Mode::kSimpleQuery;
    case TxShape::kPerStatement:
      return Mode::kAutocommit;
    case TxShape::kNone:
      // dbmate runs a transaction:false section with one Exec of the whole section text: on
      // PostgreSQL (lib/pq, no arguments) that is one simple query.
      if (set.tool == Tool::kDbmate && set.dialect == "postgres") return Mode::kSimpleQuery;
      return Mode::kAutocommit;
  }
  return Mode::kAutocommit;
}

std::string ShapeText(const MigrationSet& set, const Migration& m, Mode mode, bool multi) {
  std::string tool(ToolName(set.tool));
  switch (mode) {
    case Mode::kWrappedChunk:
      if (set.tool == Tool::kDbmate)
        return "dbmate runs each '-- migrate:up' section in a transaction";
      return fmt::format("{} runs the migration in a transaction", tool);
    case Mode::kWrappedMigration:
      if (set.tool == Tool::kD1) return "wrangler runs the migration as one atomic batch";
      return fmt::format("{} runs the migration in a transaction", tool);
    case Mode::kWrappedRun:
      if (set.tool == Tool::kDrizzle)
        return "drizzle's migrator runs every pending migration in one transaction";
      if (set.tool == Tool::kFlyway)
        return "flyway (group=true) runs every pending migration in one transaction";
      return fmt::format("{} runs every pending migration in one transaction", tool);
    case Mode::kSimpleQuery: {
      std::string sends;
      if (set.tool == Tool::kPrisma) {
        sends = "prisma migrate deploy sends migration.sql as one query";
      } else if (set.tool == Tool::kGolangMigrate) {
        sends = "golang-migrate sends the file as one query";
      } else if (set.tool == Tool::kDbmate) {
        sends = "dbmate sends the transaction:false section as one query";
      } else {
        sends = fmt::format("{} sends the file as one query", tool);
      }
      return multi
                 ? sends +
                       "; PostgreSQL runs a query of several statements in one implicit transaction"
                 : sends + " of a single statement, which runs outside any transaction";
    }
    case Mode::kAutocommit:
      if (set.tool == Tool::kFlyway) {
        return "flyway runs this migration without a transaction (it holds a statement that cannot "
               "run "
               "in one, or executeInTransaction is false)";
      }
      if (m.tx == TxShape::kPerStatement) {
        return "the statements are sent one at a time in autocommit (as psql -f does)";
      }
      return fmt::format("{} runs this migration without a transaction", tool);
  }
  return {};
}

bool DoesSomething(const model::ReplayedStatement& st) {
  return st.kind != StatementKind::kTransaction && st.kind != StatementKind::kSession;
}

}  // namespace

TxBoundary TransactionBoundary(std::string_view statement) {
  std::vector<std::string> w = LeadingWords(statement, 2);
  if (w.empty()) return TxBoundary::kNone;
  const std::string& a = w[0];
  std::string b = w.size() > 1 ? w[1] : "";
  if (a == "BEGIN" || a == "START") return TxBoundary::kBegin;
  if (a == "COMMIT" || a == "END" || a == "ABORT")
    return b == "PREPARED" ? TxBoundary::kNone : TxBoundary::kEnd;
  if (a == "ROLLBACK") return b == "TO" || b == "PREPARED" ? TxBoundary::kNone : TxBoundary::kEnd;
  if (a == "PREPARE" && b == "TRANSACTION") return TxBoundary::kEnd;
  return TxBoundary::kNone;
}

std::vector<MigrationTx> PlanTransactions(const MigrationSet& set, const model::SetReplay& replay) {
  std::vector<MigrationTx> plan(set.migrations.size());
  int next_unit = 0;
  int run_unit = -1;  // the transaction of a whole run (kWholeRun), shared across migrations
  size_t n = std::min(set.migrations.size(), replay.migrations.size());
  for (size_t i = 0; i < n; ++i) {
    const Migration& m = set.migrations[i];
    const auto& stmts = replay.migrations[i].statements;
    MigrationTx& out = plan[i];
    out.statements.resize(stmts.size());
    if (!m.file) continue;
    std::vector<Span> chunks = m.chunks.empty() ? std::vector<Span>{m.body} : m.chunks;
    std::vector<size_t> chunk_of(stmts.size());
    std::vector<int> per_chunk(chunks.size(), 0);
    for (size_t k = 0; k < stmts.size(); ++k) {
      chunk_of[k] = ChunkOf(chunks, stmts[k].span);
      ++per_chunk[chunk_of[k]];
    }
    Mode mode = ModeOf(set, m);
    bool multi = false;
    for (int c : per_chunk) multi = multi || c > 1;
    out.shape = ShapeText(set, m, mode, multi);
    if (mode != Mode::kWrappedRun) run_unit = -1;

    int unit = -1;             // current unit in a wrapped stretch
    bool explicit_tx = false;  // inside BEGIN ... COMMIT written in the text
    size_t chunk = static_cast<size_t>(-1);
    bool wrapped = false;  // the current chunk runs in a block
    bool split = false;    // a COMMIT in the text ends the tool's transaction early
    if (mode == Mode::kWrappedMigration) unit = next_unit++;
    if (mode == Mode::kWrappedRun) {
      if (run_unit < 0) run_unit = next_unit++;
      unit = run_unit;
    }
    for (size_t k = 0; k < stmts.size(); ++k) {
      const model::ReplayedStatement& st = stmts[k];
      TxBoundary boundary = st.kind == StatementKind::kTransaction
                                ? TransactionBoundary(StatementText(m, st))
                                : TxBoundary::kNone;
      if (chunk_of[k] != chunk) {
        chunk = chunk_of[k];
        explicit_tx = false;
        switch (mode) {
          case Mode::kWrappedChunk:
            wrapped = true;
            unit = next_unit++;
            break;
          case Mode::kWrappedMigration:
          case Mode::kWrappedRun:
            wrapped = true;
            break;
          case Mode::kSimpleQuery:
            wrapped = per_chunk[chunk] > 1;
            if (wrapped) unit = next_unit++;
            break;
          case Mode::kAutocommit:
            wrapped = false;
            break;
        }
      }
      StatementTx& tx = out.statements[k];
      if (wrapped) {
        // Inside the tool's (or PostgreSQL's implicit) transaction. BEGIN changes nothing here;
        // COMMIT ends this unit and the statements after it commit on their own.
        tx.in_block = true;
        tx.unit = unit;
        if (boundary == TxBoundary::kEnd) {
          unit = next_unit++;
          if (mode == Mode::kWrappedRun) run_unit = unit;
          if (k + 1 < stmts.size()) split = true;
        }
        continue;
      }
      if (explicit_tx) {
        tx.in_block = true;
        tx.explicit_block = true;
        tx.unit = unit;
        if (boundary == TxBoundary::kEnd) explicit_tx = false;
        continue;
      }
      if (boundary == TxBoundary::kBegin) {
        explicit_tx = true;
        unit = next_unit++;
        tx.in_block = true;
        tx.explicit_block = true;
        tx.unit = unit;
        continue;
      }
      tx.in_block = false;
      tx.unit = next_unit++;
    }
    if (split) out.shape += ", and the COMMIT written in the file ends that transaction early";
    // dbmate records the migration as applied in each section's own transaction, so a failed
    // later section is never retried with the earlier ones: each section is judged alone.
    bool by_section = set.tool == Tool::kDbmate;
    std::vector<int> first(chunks.size(), -1);
    for (size_t k = 0; k < stmts.size(); ++k) {
      if (!DoesSomething(stmts[k])) continue;
      int& f = first[by_section ? chunk_of[k] : 0];
      if (f < 0) f = out.statements[k].unit;
      if (out.statements[k].unit != f) out.atomic = false;
    }
  }
  return plan;
}

// ---- Replay problems (SCH401, SCH402, SCH403) ------------------------------------------------

namespace {

bool IsNameChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$';
}

/// `word` occurs in `text` not glued to other identifier characters (a '.' before or after is
/// allowed only when `word` itself is qualified, so "users" does not match "public.users_old").
bool HasWord(std::string_view text, std::string_view word) {
  if (word.empty()) return false;
  for (size_t pos = text.find(word); pos != std::string_view::npos;
       pos = text.find(word, pos + 1)) {
    bool left = pos == 0 || !IsNameChar(text[pos - 1]);
    size_t end = pos + word.size();
    bool right = end >= text.size() || !IsNameChar(text[end]);
    if (left && right) return true;
  }
  return false;
}

/// The message names this object (its qualified name, or its table and member).
bool Names(std::string_view message, const model::QualifiedName& name, const std::string& member) {
  bool table = HasWord(message, name.ToString()) || HasWord(message, name.name);
  if (member.empty()) return table;
  return table && HasWord(message, member);
}

/// The last statement before `here` in the same set that created (or dropped) an object the
/// problem's message names.
std::optional<Related> FindEarlier(const StatementRef& here, std::string_view message,
                                   bool created) {
  const SetAnalysis& a = *here.analysis;
  for (size_t i = here.migration + 1; i-- > 0;) {
    const Migration& m = a.set.migrations[i];
    if (!m.file || m.load_failed) continue;
    const auto& stmts = a.replay->migrations[i].statements;
    size_t end = i == here.migration ? here.index : stmts.size();
    for (size_t k = end; k-- > 0;) {
      const model::ReplayedStatement& st = stmts[k];
      for (size_t c = st.changes.size(); c-- > 0;) {
        const model::Change& ch = st.changes[c];
        bool named = false;
        if (ch.op == model::ChangeOp::kRename) {
          named = ch.object.member.empty()
                      ? Names(message, {ch.object.name.schema, ch.new_name}, "")
                      : Names(message, ch.object.name, ch.new_name);
        } else {
          named = Names(message, ch.object.name, ch.object.member);
        }
        if (!named) continue;
        bool creates = ch.op == model::ChangeOp::kCreate || ch.op == model::ChangeOp::kRename;
        bool drops = ch.op == model::ChangeOp::kDrop;
        if (created && creates) return Related{StatementLoc(m, st), "created here"};
        if (!created && drops) return Related{StatementLoc(m, st), "dropped here"};
        if (created ? drops : creates) return std::nullopt;  // the trail ends the other way
      }
    }
  }
  return std::nullopt;
}

}  // namespace

void ReportReplayProblems(const LintContext& ctx, std::string_view code,
                          std::vector<Finding>& out) {
  ForEachStatement(ctx, [&](const StatementRef& r) {
    for (const model::ReplayProblem& p : r.st->problems) {
      if (p.code != code) continue;
      SourceLoc loc = p.offset ? OffsetLoc(*r.m, *p.offset) : StatementLoc(*r.m, *r.st);
      std::vector<Related> related;
      if (code != "SCH403") {
        if (auto rel = FindEarlier(r, p.message, code == "SCH401"))
          related.push_back(std::move(*rel));
      }
      out.push_back(MakeFinding(code, p.message, std::move(loc), p.help, std::move(related)));
    }
  });
}

}  // namespace sse::rules
